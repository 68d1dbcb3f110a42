"""The terms a reason can name: those of the user's saved titles (and keyword seeds) that their
classifier weighs up, and which of them drove a paper's score.

Found from the paper's TF-IDF row (its title and abstract), which scoring has already read: no
text of the paper is analysed again. (Analysing and hashing the titles of a page on the spot took
~0.8 ms of a page of 50 papers not seen for a while.)
"""

from typing import Any

import numpy as np
import scipy.sparse as sp

from paperlens.learning.classifier import RelevanceClassifier
from paperlens.learning.features import analyze, bucket


class InterestTerms:
    def __init__(
        self, buckets: np.ndarray[Any, Any], weights: np.ndarray[Any, Any], terms: list[str]
    ) -> None:
        """`buckets`: sorted, one per term; `weights`: the classifier's weight of each;
        `terms`: the term of each."""
        self.buckets = buckets
        self.weights = weights
        self.terms = terms

    @classmethod
    def of(cls, titles: list[str], classifier: RelevanceClassifier) -> "InterestTerms":
        """The terms of `titles` that `classifier` weighs up."""
        terms = list(dict.fromkeys(t for title in titles for t in analyze(title)))
        buckets = np.array([bucket(t) for t in terms], dtype=np.int64)
        weights = classifier.weights_at(buckets)
        up = np.flatnonzero(weights > 0)
        # One term per bucket, the first seen: sorted by bucket for the lookups.
        kept, first = np.unique(buckets[up], return_index=True)
        return cls(kept, weights[up][first], [terms[i] for i in up[first]])

    def driving(self, X: sp.csr_matrix, limit: int = 2) -> list[list[str]]:
        """Per row of X (TF-IDF rows of papers), up to `limit` of these terms that the row holds,
        by how much each raises its margin (highest first; ties in bucket order)."""
        found: list[list[str]] = [[] for _ in range(X.shape[0])]
        if not self.buckets.size:
            return found
        at = np.searchsorted(self.buckets, X.indices).clip(max=self.buckets.size - 1)
        held = self.buckets[at] == X.indices
        row = np.repeat(np.arange(X.shape[0]), np.diff(X.indptr))[held]
        term = at[held]
        raised = X.data[held] * self.weights[term]
        order = np.lexsort((term, -raised, row))
        row, term = row[order], term[order]
        # Each entry's rank within its row: rows are now in runs.
        rank = np.arange(row.size) - np.searchsorted(row, row, side="left")
        for r, t in zip(row[rank < limit].tolist(), term[rank < limit].tolist(), strict=True):
            found[r].append(self.terms[t])
        return found
