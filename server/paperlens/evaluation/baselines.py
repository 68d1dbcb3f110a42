"""The baseline rankers of the evaluation: random, popularity, and arxiv-sanity-lite's recipe.

Each ranker is built once per regime and then ranks one user's candidates:
`rank(split, upvotes) -> scores` with shape (len(split.candidates),), higher first.
"""

import zlib
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC

from paperlens.evaluation.data import Dataset, Split


class RandomRanker:
    name = "random"

    def __init__(self, data: Dataset, seed: int) -> None:
        self.seed = seed

    def rank(self, split: Split, upvotes: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        rng = np.random.default_rng([self.seed, zlib.crc32(split.user.encode())])
        scores: np.ndarray[Any, Any] = rng.random(split.candidates.size)
        return scores


class PopularityRanker:
    """Papers by how many other users saved them."""

    name = "popularity"

    def __init__(self, data: Dataset, seed: int) -> None:
        pass

    def rank(self, split: Split, upvotes: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        scores: np.ndarray[Any, Any] = upvotes[split.candidates].astype(np.float64)
        return scores


def arxiv_sanity_features(texts: list[str]) -> sp.csr_matrix:
    """arxiv-sanity-lite's compute.py TF-IDF settings (max_features 20000, min_df 5)."""
    vectorizer = TfidfVectorizer(
        input="content",
        encoding="utf-8",
        decode_error="replace",
        strip_accents="unicode",
        lowercase=True,
        analyzer="word",
        stop_words="english",
        token_pattern=r"(?u)\b[a-zA-Z_][a-zA-Z0-9_]+\b",
        ngram_range=(1, 2),
        max_features=20000,
        norm="l2",
        use_idf=True,
        smooth_idf=True,
        sublinear_tf=True,
        max_df=0.1,
        min_df=5,
    )
    features: sp.csr_matrix = vectorizer.fit_transform(texts).tocsr()
    return features


class ArxivSanityRanker:
    """arxiv-sanity-lite's serve.py svm_rank: every paper of the set is a training row, the
    saved ones positive and every other paper negative; candidates ranked by the SVM margin."""

    name = "arxiv-sanity-lite"

    def __init__(self, data: Dataset, seed: int) -> None:
        # As compute.py: title, abstract and authors joined by spaces (missing parts empty).
        texts = [
            " ".join([p["title"], p.get("abstract") or "", " ".join(p.get("authors") or [])])
            for p in data.papers
        ]
        self.features = arxiv_sanity_features(texts)

    def rank(self, split: Split, upvotes: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        y = np.zeros(self.features.shape[0], dtype=int)
        y[split.saved] = 1
        svm = LinearSVC(class_weight="balanced", max_iter=10000, tol=1e-6, C=0.01)
        svm.fit(self.features, y)
        scores: np.ndarray[Any, Any] = svm.decision_function(self.features[split.candidates])
        return scores
