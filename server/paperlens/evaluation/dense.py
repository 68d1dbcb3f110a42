"""Evaluation rows for dense sentence embeddings (`paperlens eval --dense`, needs the
`paperlens[embeddings]` extra): MiniLM alone, and MiniLM added to PaperLens's ranking.

Embedding a data set is slow on a CPU (about 80 ms an abstract on two cores), so the vectors are
kept in the user's cache folder, keyed by a digest of the texts.
"""

import hashlib
from pathlib import Path
from typing import Any

import numpy as np
import platformdirs

from paperlens.evaluation.data import Dataset, Split
from paperlens.evaluation.paperlens_ranker import PaperLensRanker
from paperlens.learning import embeddings
from paperlens.learning.labels import LabelWeights
from paperlens.learning.prior import standard_scale


def dataset_embeddings(data: Dataset) -> np.ndarray[Any, Any]:
    """Rows of shape (len(data.papers), 384), from the cache when the texts are unchanged."""
    texts = [embeddings.paper_text(p) for p in data.papers]
    digest = hashlib.sha256("\x00".join(texts).encode("utf-8")).hexdigest()[:16]
    path = Path(platformdirs.user_cache_dir("paperlens")) / f"minilm-{data.regime}-{digest}.npy"
    if path.exists():
        cached: np.ndarray[Any, Any] = np.load(path)
        return cached
    vectors = embeddings.Embedder(threads=2).embed_texts(texts)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return vectors


def standardize(values: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """As the learner does (prior.standard_scale)."""
    center, unit = standard_scale(np.sort(values))
    result: np.ndarray[Any, Any] = (values - center) / unit
    return result


# The prior's weight for MiniLM alone, chosen on this evaluation as PaperLens's was (its
# similarities spread differently from the TF-IDF margin: PaperLens's weights cost it ~20%).
DENSE_PRIOR = LabelWeights(prior=0.9, prior_half_life=10.0)


class MiniLMRanker:
    """Cosine similarity to the centroid of the saved papers' embeddings, plus the prior."""

    name = "minilm"

    def __init__(self, data: Dataset, seed: int) -> None:
        self.vectors = dataset_embeddings(data)
        self.paperlens = PaperLensRanker(data, seed)

    def similarity(self, split: Split) -> np.ndarray[Any, Any]:
        centroid = self.vectors[split.saved].mean(axis=0)
        return standardize(self.vectors[split.candidates] @ centroid)

    def rank(self, split: Split, upvotes: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        # The FeatureCache's rows are the data set's order (see PaperLensRanker).
        prior = self.paperlens.prior(upvotes)(split.candidates)
        weight = DENSE_PRIOR.prior_weight(split.saved.size)
        result: np.ndarray[Any, Any] = self.similarity(split) + weight * prior
        return result


class CombinedRanker(MiniLMRanker):
    """PaperLens's ranking plus the standardized MiniLM similarity."""

    name = "paperlens+minilm"

    def rank(self, split: Split, upvotes: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        result: np.ndarray[Any, Any] = self.paperlens.rank(split, upvotes) + self.similarity(split)
        return result
