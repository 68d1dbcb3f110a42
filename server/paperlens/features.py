"""Paper text -> sparse feature vectors (title + abstract + authors), computed once per text.

Hashing rather than a fitted vocabulary: a paper never seen before (the usual case on a new day's
page) is vectorised at once, with no refit of a shared vocabulary and no per-user state.
"""

import zlib
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.preprocessing import normalize

from paperlens.records import Paper

# 2**18 buckets: collisions cost little at this corpus size, and liblinear's time grows with width.
N_FEATURES = 2**18


def paper_text(paper: Paper) -> str:
    # The title is repeated so that it weighs more than any one sentence of the abstract.
    parts = [paper["title"], paper["title"], paper.get("abstract") or ""]
    parts.extend(f"author_{name.replace(' ', '_')}" for name in paper.get("authors") or [])
    return "\n".join(parts)


_VECTORIZER = HashingVectorizer(
    n_features=N_FEATURES,
    ngram_range=(1, 2),
    stop_words="english",
    alternate_sign=False,
    norm=None,
    token_pattern=r"(?u)\b\w[\w-]*\w\b",
)


def vectorize(papers: list[Paper]) -> sp.csr_matrix:
    """Rows of sublinear term frequency, L2-normalised; shape (len(papers), N_FEATURES)."""
    counts = _VECTORIZER.transform([paper_text(p) for p in papers]).tocsr()
    counts.data = 1.0 + np.log(counts.data)
    result: sp.csr_matrix = normalize(counts, norm="l2", copy=False)
    return result


class FeatureCache:
    """Feature rows by paper, so each text is tokenised once per process (measured: 1,000 papers
    take ~150 ms to vectorise, far above a refit's budget)."""

    def __init__(self) -> None:
        self._rows: dict[tuple[str, int], tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]] = {}

    @staticmethod
    def _key(paper: Paper) -> tuple[str, int]:
        # The text is part of the key: a paper first seen without its abstract is redone later.
        return paper["id"], zlib.crc32(paper_text(paper).encode("utf-8"))

    def matrix(self, papers: list[Paper]) -> sp.csr_matrix:
        """Same rows as vectorize(papers)."""
        keys = [self._key(p) for p in papers]
        missing = {k: p for k, p in zip(keys, papers, strict=True) if k not in self._rows}
        if missing:
            fresh = vectorize(list(missing.values()))
            for i, key in enumerate(missing):
                start, end = fresh.indptr[i], fresh.indptr[i + 1]
                self._rows[key] = (fresh.indices[start:end].copy(), fresh.data[start:end].copy())
        rows = [self._rows[k] for k in keys]
        indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        indptr[1:] = np.cumsum([len(r[0]) for r in rows])
        indices = np.concatenate([r[0] for r in rows]) if rows else np.empty(0, dtype=np.int32)
        data = np.concatenate([r[1] for r in rows]) if rows else np.empty(0)
        return sp.csr_matrix((data, indices, indptr), shape=(len(rows), N_FEATURES))

    def similarity(self, paper: Paper, others: list[Paper]) -> np.ndarray[Any, Any]:
        """Cosine similarity of `paper` to each of `others` (rows are L2-normalised)."""
        if not others:
            return np.zeros(0)
        anchor = self.matrix([paper])
        result: np.ndarray[Any, Any] = (self.matrix(others) @ anchor.T).toarray().ravel()
        return result
