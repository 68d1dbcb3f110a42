"""The neighbourhood of the recent papers: each of the RECENT_PAPERS newest papers that have an
abstract, linked to its NEIGHBOURS most similar papers among them (TF-IDF cosine).

A taste smooths the margin of each of these papers with its neighbours' margins (see
taste.Taste): a paper whose own words happen to miss the user's weights, in a part of the corpus
the user likes, is lifted. On citeulike-a (`paperlens eval`, 200 users, three seeds) that took
nDCG@10 with 5 saves from 1.26-1.28x arxiv-sanity-lite's to 1.36-1.37x, and with 20 saves
from 1.00-1.12x to 1.03-1.22x. With titles alone it gained nothing and lost up to 0.01 at 20
saves: papers without an abstract are left out.

Only the recent papers: finding neighbours costs a product of the papers with each other, and a
taste keeps one neighbour term per paper of the neighbourhood, so both are bounded by its size
rather than the corpus's (at 200,000 papers every taste would otherwise hold 800 KB). The pages
of huggingface.co/papers (daily, weekly, monthly) show recent papers; older ones are scored on
their own text.
"""

from functools import cached_property
from typing import Any

import numpy as np

from paperlens.learning.features import FeatureCache

# Finding the neighbours of 2,000 papers takes ~170 ms (3,000: ~350 ms; the HF corpus, 2 cores):
# a job for when the server is idle. citeulike-a's 1,924 papers with an abstract fit in it.
RECENT_PAPERS = 2000
# 20, 30 and 50 neighbours, weighted by similarity: 50 gained 0.005-0.008 nDCG@10 over 30 at
# 5 saves (three seeds of 200 users), 20 lost as much again; at 20 saves (56 users) 30 was ahead
# of 50 by 0.00-0.02, within the noise. Weighing the neighbours alike lost up to 0.01 at 5 saves,
# weighing them by the square of their similarity 0.01.
NEIGHBOURS = 50
# A paper's smoothed margin is (own + SMOOTHING * neighbours') / (1 + SMOOTHING); 2, 3 and 4
# were within 0.003 of each other at 5 saves.
SMOOTHING = 3.0
# Below this many papers there is no neighbourhood: 50 neighbours would be a large part of the
# corpus, and smoothing with them would pull every margin towards the mean.
MIN_PAPERS = 1000
# Rows of similarities computed at a time, a step of a NeighbourhoodBuild: ~20 ms, and
# BLOCK x RECENT_PAPERS floats (2 MB).
BLOCK = 256


class Neighbourhood:
    """`rows`: the FeatureCache rows of the papers, sorted; `matrix`: their TF-IDF rows under
    the IDF of the build; `neighbours[i]`: positions in `rows` of row i's neighbours, and
    `weights[i]` their shares of the smoothing (summing to 1, or all 0 for a paper that shares
    no term with any other)."""

    def __init__(
        self,
        rows: np.ndarray[Any, Any],
        matrix: Any,
        neighbours: np.ndarray[Any, Any],
        weights: np.ndarray[Any, Any],
    ) -> None:
        self.rows = rows
        self.matrix = matrix
        self.neighbours = neighbours
        self.weights = weights

    @cached_property
    def _isolated(self) -> np.ndarray[Any, Any]:
        """Papers sharing no term with any other: their neighbour term is their own value."""
        if self.weights.size:
            result: np.ndarray[Any, Any] = self.weights.sum(axis=1) == 0
            return result
        return np.ones(len(self.rows), bool)

    @classmethod
    def of_recent(cls, features: FeatureCache, size: int = RECENT_PAPERS) -> "Neighbourhood":
        """The neighbourhood of the newest `size` live rows with an abstract (none when there
        are fewer than MIN_PAPERS), built at once."""
        build = NeighbourhoodBuild(features, size)
        while not build.step():
            pass
        return build.result()

    def __len__(self) -> int:
        return int(self.rows.size)

    def neighbour_term(self, values: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        """The similarity-weighted mean of the neighbours' `values` (one per paper of the
        neighbourhood, in its order), for each paper; shape (len(self),). In float16: every
        taste keeps one (4 KB; 1,000 tastes held 8 MB more in float32, with the server at 200,000
        papers within 10 MB of its 1 GB budget), and a mean of 50 margins is not known to three
        digits anyway."""
        if self.neighbours.shape[1] == 0:
            return np.asarray(values, dtype=np.float16)
        result: np.ndarray[Any, Any] = (values[self.neighbours] * self.weights).sum(axis=1)
        result[self._isolated] = values[self._isolated]
        return result.astype(np.float16)


class NeighbourhoodBuild:
    """A Neighbourhood built BLOCK papers at a time, so that a server can build it in idle
    moments: a page or a save then waits for one step at most, not for the whole build."""

    def __init__(self, features: FeatureCache, size: int = RECENT_PAPERS) -> None:
        rows = np.flatnonzero(features.live() & features.has_abstract())[-size:]
        if rows.size < MIN_PAPERS:
            rows = rows[:0]
        self.rows = rows
        self.matrix = features.matrix_rows(rows)
        # The IDF zeroes the commonest terms but leaves them stored: they would only slow the
        # product down.
        self.matrix.eliminate_zeros()
        self._transposed = self.matrix.T.tocsr()
        self._count = min(NEIGHBOURS, max(rows.size - 1, 0))
        self._neighbours = np.zeros((rows.size, self._count), dtype=np.int32)
        self._weights = np.zeros((rows.size, self._count), dtype=np.float32)
        self._next = 0 if self._count else rows.size

    def step(self) -> bool:
        """Find the neighbours of the next BLOCK papers; whether all have theirs."""
        start, m = self._next, self._count
        if start < self.rows.size:
            similarity = (self.matrix[start : start + BLOCK] @ self._transposed).toarray()
            block = np.arange(similarity.shape[0])
            similarity[block, start + block] = -np.inf
            nearest = np.argpartition(-similarity, m - 1, axis=1)[:, :m]
            shares = np.take_along_axis(similarity, nearest, axis=1).clip(min=0.0)
            totals = shares.sum(axis=1, keepdims=True)
            self._neighbours[start : start + block.size] = nearest
            self._weights[start : start + block.size] = np.divide(
                shares, totals, out=np.zeros_like(shares), where=totals > 0
            )
            self._next = start + block.size
        return self._next >= self.rows.size

    def result(self) -> Neighbourhood:
        assert self._next >= self.rows.size, "the build has steps left"
        return Neighbourhood(self.rows, self.matrix, self._neighbours, self._weights)


def positions(inside: np.ndarray[Any, Any], rows: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """The position of each of `rows` in the sorted rows `inside`, -1 where it is not there."""
    if inside.size == 0:
        return np.full(rows.shape, -1, dtype=np.int64)
    at = np.searchsorted(inside, rows).clip(max=inside.size - 1)
    result: np.ndarray[Any, Any] = np.where(inside[at] == rows, at, -1)
    return result


def smoothed(own: np.ndarray[Any, Any], neighbours: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """A margin smoothed with its neighbours' (see SMOOTHING)."""
    result: np.ndarray[Any, Any] = (own + SMOOTHING * neighbours) / (1.0 + SMOOTHING)
    return result
