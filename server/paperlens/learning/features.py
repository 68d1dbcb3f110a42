"""Paper text -> sparse feature vectors (title + abstract + authors), computed once per text.

Hashing rather than a fitted vocabulary: a paper never seen before (the usual case on a new day's
page) is vectorised at once, with no refit of a shared vocabulary and no per-user state. The
corpus only sets the inverse document frequency of each hash bucket (`fit_idf`), which weighs
rare, topical terms above common ones.
"""

import os
import re
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from itertools import pairwise
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, HashingVectorizer
from sklearn.utils import murmurhash3_32

from paperlens.records import Paper

# 2**18 buckets: collisions cost little at this corpus size, and liblinear's time grows with width.
N_FEATURES = 2**18

MAX_DOCUMENT_SHARE = 0.1
MIN_CORPUS_FOR_CUT = 200
# Blocks of rows kept apart before they are merged into one (merging 12,000 rows costs ~10 ms,
# so it is left to fit_idf, which the Scorer calls each time the corpus grew by a tenth).
MAX_BLOCKS = 256
# The product of the whole corpus with a weight vector is memory-bound, and scipy lets go of the
# GIL in it: over two threads it took 35 ms instead of 65 ms at 200,000 papers (2 cores, idle).
# The threads only read. Small blocks are not worth the hand-off.
PRODUCT_THREADS = min(2, os.cpu_count() or 1)
MIN_ROWS_TO_SPLIT = 20_000
# Rows whose norms are computed at a time (~200,000 terms: see _row_norms).
NORM_ROWS = 1000
# The size key of a text (see FeatureCache._key) counts each character of the abstract as this
# many of the title, so any key at least this large is one of a text with an abstract.
ABSTRACT_KEY = 100_003


_TOKEN = re.compile(r"(?u)\b\w[\w-]*\w\b")
_STOP_WORDS = frozenset(ENGLISH_STOP_WORDS)


def analyze(text: str) -> list[str]:
    """Lower-cased words (stop words dropped) and the pairs of consecutive ones: what
    HashingVectorizer(ngram_range=(1, 2), stop_words="english") makes, ~20% faster."""
    words = [w for w in _TOKEN.findall(text.lower()) if w not in _STOP_WORDS]
    words.extend([f"{a} {b}" for a, b in pairwise(words)])
    return words


def paper_terms(paper: Paper) -> list[str]:
    """The terms of a paper: its title's twice (a title weighs more than any one sentence of
    the abstract), its abstract's, and one token per author. Each part is analysed apart, so no
    word pair straddles two parts."""
    terms = analyze(paper["title"]) * 2
    terms.extend(analyze(paper.get("abstract") or ""))
    terms.extend(f"author_{name.lower().replace(' ', '_')}" for name in paper.get("authors") or [])
    return terms


_VECTORIZER = HashingVectorizer(
    n_features=N_FEATURES, analyzer=paper_terms, alternate_sign=False, norm=None
)


def term_frequencies(papers: list[Paper]) -> sp.csr_matrix:
    """Rows of sublinear term frequency (1 + log tf), not normalised; shape (n, N_FEATURES)."""
    counts: sp.csr_matrix = _VECTORIZER.transform(papers).tocsr()
    counts.data = (1.0 + np.log(counts.data)).astype(np.float32)
    return counts


def bucket(term: str) -> int:
    """The hash bucket HashingVectorizer puts `term` in."""
    return abs(int(murmurhash3_32(term, seed=0))) % N_FEATURES


def smooth_idf(document_frequency: np.ndarray[Any, Any], n_documents: int) -> np.ndarray[Any, Any]:
    idf: np.ndarray[Any, Any] = (
        np.log((1.0 + n_documents) / (1.0 + document_frequency)) + 1.0
    ).astype(np.float32)
    return idf


class FeatureCache:
    """The TF-IDF rows of every paper seen, one live row per paper id, so each text is
    tokenised once per process (measured: 1,000 papers take ~150 ms to vectorise, far above a
    refit's budget).

    Rows keep sublinear term frequencies; the IDF weighting and the L2 norm of each row (so a
    dot product of two rows is their cosine similarity) are applied when rows are read. That
    keeps one copy of the corpus in memory (~8 bytes per term of a paper: ~300 MB at 200,000
    papers), lets `relevance_of_all` score the whole corpus with one sparse product, and makes a
    new IDF cost one pass over the norms rather than a second matrix.
    """

    def __init__(self) -> None:
        # Rows live in CSR blocks (one per batch of new papers, merged when there are many):
        # gathering 1,500 rows is then one fancy index per block, not a Python loop.
        self._blocks: list[sp.csr_matrix] = []
        # The blocks cut into row ranges for `relevance_of_all`, made when first needed after
        # the blocks changed (views of the blocks' arrays, not copies).
        self._ranges: list[sp.csr_matrix] | None = None
        self._starts: list[int] = [0]  # first row of each block, and the row count last
        self._norms: list[np.ndarray[Any, Any]] = []  # per block: each row's TF-IDF L2 norm
        self._row: dict[str, int] = {}  # paper id -> its live row
        self._ids: list[str] = []  # row -> paper id (also for rows since superseded)
        # row -> the size key of the text it was made from (an array: as a list, its 200,000
        # int objects took ~7 MB).
        self._keys: np.ndarray[Any, Any] = np.zeros(0, dtype=np.int64)
        # Rows replaced by a newer text of the same paper (an abstract that arrived later).
        self._superseded: list[int] = []
        # idf_: shape (N_FEATURES,); all ones until fit_idf, which makes rows plain sublinear TF.
        self.idf_: np.ndarray[Any, Any] = np.ones(N_FEATURES, dtype=np.float32)

    @staticmethod
    def _key(paper: Paper) -> int:
        # The text's size stands for the text: a paper first seen without its abstract is redone
        # later. (A checksum of the text was measured at 80 ms per refit of 1,200 rows.)
        return len(paper["title"]) + ABSTRACT_KEY * len(paper.get("abstract") or "")

    @property
    def n_rows(self) -> int:
        """Rows held, superseded ones included (row numbers never change)."""
        return self._starts[-1]

    def __contains__(self, paper_id: object) -> bool:
        return paper_id in self._row

    def __len__(self) -> int:
        """Papers held (live rows)."""
        return len(self._row)

    def holds(self, paper: Paper) -> bool:
        """Whether this paper's text is the one its row was made from."""
        row = self._row.get(paper["id"])
        return row is not None and self._keys[row] == self._key(paper)

    def ids(self, rows: np.ndarray[Any, Any]) -> list[str]:
        return [self._ids[r] for r in rows]

    def live(self) -> np.ndarray[Any, Any]:
        """Mask of the rows that are some paper's current text; shape (n_rows,)."""
        mask = np.ones(self.n_rows, dtype=bool)
        mask[self._superseded] = False
        return mask

    def has_abstract(self) -> np.ndarray[Any, Any]:
        """Mask of the rows made from a text with an abstract; shape (n_rows,)."""
        result: np.ndarray[Any, Any] = self._keys >= ABSTRACT_KEY
        return result

    def add(self, papers: list[Paper]) -> np.ndarray[Any, Any]:
        """The row of each paper, vectorising those not seen (or whose text changed)."""
        fresh: dict[str, Paper] = {}
        for paper in papers:
            row = self._row.get(paper["id"])
            if row is None or self._keys[row] != self._key(paper):
                fresh[paper["id"]] = paper
        if fresh:
            self._append(list(fresh.values()))
        return self.rows([p["id"] for p in papers])

    def known_rows(self, ids: list[str]) -> np.ndarray[Any, Any]:
        """The live rows of the ids held, in their order (the others are skipped)."""
        held = self._row
        return np.fromiter((held[i] for i in ids if i in held), dtype=np.int64)

    def rows(self, ids: list[str]) -> np.ndarray[Any, Any]:
        """The live row of each paper id (all must have been added)."""
        return np.fromiter((self._row[i] for i in ids), dtype=np.int64, count=len(ids))

    def _append(self, papers: list[Paper]) -> None:
        tf = term_frequencies(papers)
        start = self.n_rows
        for i, paper in enumerate(papers):
            old = self._row.get(paper["id"])
            if old is not None:
                self._superseded.append(old)
            self._row[paper["id"]] = start + i
            self._ids.append(paper["id"])
        keys = np.fromiter((self._key(p) for p in papers), dtype=np.int64, count=len(papers))
        self._keys = np.concatenate([self._keys, keys])
        self._blocks.append(tf)
        self._ranges = None
        self._norms.append(_row_norms(tf, self.idf_))
        self._starts.append(start + tf.shape[0])
        if len(self._blocks) > MAX_BLOCKS:
            self._merge_blocks()

    def _merge_blocks(self) -> None:
        self._blocks = [sp.vstack(self._blocks, format="csr")]
        self._ranges = None
        self._norms = [np.concatenate(self._norms)]
        self._starts = [0, self.n_rows]

    def _gather(self, rows: np.ndarray[Any, Any]) -> tuple[sp.csr_matrix, np.ndarray[Any, Any]]:
        """TF rows and their norms, in the order asked for."""
        if rows.size == 0:
            return sp.csr_matrix((0, N_FEATURES), dtype=np.float32), np.ones(0, np.float32)
        if len(self._blocks) == 1:
            return self._blocks[0][rows], self._norms[0][rows]
        block_of = np.searchsorted(self._starts, rows, side="right") - 1
        parts, norms, order = [], [], []
        for block in np.unique(block_of):
            chosen = np.flatnonzero(block_of == block)
            local = rows[chosen] - self._starts[block]
            parts.append(self._blocks[block][local])
            norms.append(self._norms[block][local])
            order.append(chosen)
        # Rows come out grouped by block; `position` puts each back where it was asked for.
        position = np.empty(rows.size, dtype=np.int64)
        position[np.concatenate(order)] = np.arange(rows.size)
        stacked: sp.csr_matrix = sp.vstack(parts, format="csr")
        return stacked[position], np.concatenate(norms)[position]

    def state(self) -> dict[str, np.ndarray[Any, Any]]:
        """Everything held, as arrays (for a snapshot on disk; see `from_state`)."""
        if len(self._blocks) > 1:
            self._merge_blocks()
        tf = self._blocks[0] if self._blocks else sp.csr_matrix((0, N_FEATURES), dtype=np.float32)
        return {
            "tf_data": tf.data,
            "tf_indices": tf.indices,
            "tf_indptr": tf.indptr,
            "norms": self._norms[0] if self._norms else np.ones(0, np.float32),
            "ids": np.array(self._ids, dtype=str),
            "keys": self._keys,
            "superseded": np.array(self._superseded, dtype=np.int64),
            "idf": self.idf_,
        }

    @classmethod
    def from_state(cls, state: Mapping[str, np.ndarray[Any, Any]]) -> "FeatureCache":
        cache = cls()
        ids = state["ids"].tolist()
        if ids:
            tf = sp.csr_matrix(
                (state["tf_data"], state["tf_indices"], state["tf_indptr"]),
                shape=(len(ids), N_FEATURES),
            )
            cache._blocks, cache._norms = [tf], [state["norms"]]
            cache._starts = [0, len(ids)]
        cache._ids = ids
        # Copied out of the mapped file: new papers are appended to it.
        cache._keys = np.array(state["keys"], dtype=np.int64)
        cache._superseded = state["superseded"].tolist()
        # A superseded row's id comes again at a later row, which the dict then keeps.
        cache._row = dict(zip(ids, range(len(ids)), strict=True))
        cache.idf_ = state["idf"]
        return cache

    def fit_idf(self, corpus: list[Paper] | None = None) -> None:
        """Weigh each bucket by its inverse document frequency over the papers held (after
        adding `corpus`), and drop the terms of more than MAX_DOCUMENT_SHARE of them
        (arxiv-sanity-lite's max_df; on citeulike-a +5% nDCG@10 with 20 saves, -3% with 1) once
        there are enough papers to tell."""
        if corpus:
            self.add(corpus)
        # The moment to merge blocks: this already pays for touching every row.
        if len(self._blocks) > 1:
            self._merge_blocks()
        n_documents = len(self._row)
        if not self._blocks:
            self.idf_ = np.ones(N_FEATURES, dtype=np.float32)
            return
        tf = self._blocks[0]
        # Every row's buckets, less those of the few superseded rows (masking the terms of
        # the live rows instead took ~40 ms at 12,000 papers).
        document_frequency = np.bincount(tf.indices, minlength=N_FEATURES)
        if self._superseded:
            dead = tf[np.array(self._superseded)]
            document_frequency -= np.bincount(dead.indices, minlength=N_FEATURES)
        idf = smooth_idf(document_frequency, n_documents)
        if n_documents >= MIN_CORPUS_FOR_CUT:
            idf[document_frequency > MAX_DOCUMENT_SHARE * n_documents] = 0.0
        self.idf_ = idf
        self._norms = [_row_norms(tf, idf)]

    def matrix_rows(self, rows: np.ndarray[Any, Any]) -> sp.csr_matrix:
        """TF-IDF rows, L2-normalised; shape (len(rows), N_FEATURES)."""
        X, norms = self._gather(rows)
        X.data *= self.idf_[X.indices]
        X.data /= np.repeat(norms, np.diff(X.indptr))
        return X

    def matrix(self, papers: list[Paper]) -> sp.csr_matrix:
        """TF-IDF rows of `papers` (added first where new), L2-normalised."""
        return self.matrix_rows(self.add(papers))

    def transform(self, papers: list[Paper]) -> sp.csr_matrix:
        """TF-IDF rows, L2-normalised, of texts that are not papers of the corpus (keyword
        seeds): nothing is added."""
        X = term_frequencies(papers)
        norms = _row_norms(X, self.idf_)
        X.data *= self.idf_[X.indices]
        X.data /= np.repeat(norms, np.diff(X.indptr))
        return X

    def relevance_of_all(self, coef: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        """Each row's dot product with the weight vector `coef` (over TF-IDF, L2-normalised
        rows); shape (n_rows,). The IDF and norms are folded into the weights and the result,
        so the corpus matrix is read once and never copied."""
        if not self._blocks:
            return np.zeros(0, dtype=np.float32)
        if self._ranges is None:
            self._ranges = [part for block in self._blocks for part in _row_ranges(block)]
        weighted = (coef * self.idf_).astype(np.float32)
        products = _product_pool().map(
            lambda part: np.asarray(part @ weighted).ravel(), self._ranges
        )
        result: np.ndarray[Any, Any] = np.concatenate(list(products)) / np.concatenate(self._norms)
        return result


def _row_ranges(block: sp.csr_matrix) -> list[sp.csr_matrix]:
    """A large block as PRODUCT_THREADS row ranges, views of its arrays (slicing would copy)."""
    if PRODUCT_THREADS == 1 or block.shape[0] < MIN_ROWS_TO_SPLIT:
        return [block]
    bounds = np.linspace(0, block.shape[0], PRODUCT_THREADS + 1).astype(int).tolist()
    ranges = []
    for start, stop in pairwise(bounds):
        low, high = block.indptr[start], block.indptr[stop]
        ranges.append(
            sp.csr_matrix(
                (
                    block.data[low:high],
                    block.indices[low:high],
                    block.indptr[start : stop + 1] - low,
                ),
                shape=(stop - start, block.shape[1]),
                copy=False,
            )
        )
    return ranges


@cache
def _product_pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(PRODUCT_THREADS, thread_name_prefix="paperlens-product")


def _row_norms(tf: sp.csr_matrix, idf: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """L2 norm of each TF row once weighted by `idf`; 1 for an empty row (it stays empty)."""
    squares = np.zeros(tf.shape[0])
    # By blocks of rows: the corpus at once made ~30 MB of temporaries, whose fresh pages cost
    # more than the arithmetic (55 ms at 12,000 papers against 12 ms with the memory reused).
    for start in range(0, tf.shape[0], NORM_ROWS):
        bounds = tf.indptr[start : start + NORM_ROWS + 1]
        low, high = bounds[0], bounds[-1]
        weighted = tf.data[low:high] * idf[tf.indices[low:high]]
        # Summed over the rows with terms only: reduceat gives an empty row the next one's value.
        filled = np.flatnonzero(np.diff(bounds))
        if filled.size:
            squares[start + filled] = np.add.reduceat(
                np.square(weighted, dtype=np.float64), bounds[filled] - low
            )
    norms = np.sqrt(squares).astype(np.float32)
    norms[norms == 0] = 1.0
    return norms
