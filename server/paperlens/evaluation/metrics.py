"""Ranking metrics of one user's ranking (nDCG@10, Recall@50, MRR) and their mean with a 95%
confidence interval over users."""

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

NDCG_AT = 10
RECALL_AT = 50
# 1 / log2(rank + 1) for ranks 1..NDCG_AT: the gain of a relevant paper at each position.
_DISCOUNT = 1.0 / np.log2(np.arange(2, NDCG_AT + 2))


def ranking_metrics(
    scores: np.ndarray[Any, Any], relevant: np.ndarray[Any, Any]
) -> tuple[float, float, float]:
    """(nDCG@10, Recall@50, MRR) of candidates ranked by `scores` (shape (n,)), where `relevant`
    (bool, shape (n,)) marks the held-out papers. Ties are broken by candidate order."""
    order = np.argsort(-scores, kind="stable")
    hits = relevant[order]
    n_relevant = int(relevant.sum())
    dcg = float(_DISCOUNT[: min(NDCG_AT, hits.size)] @ hits[:NDCG_AT])
    ideal = float(_DISCOUNT[: min(NDCG_AT, n_relevant)].sum())
    recall = float(hits[:RECALL_AT].sum()) / n_relevant
    first = int(np.argmax(hits))
    mrr = 1.0 / (first + 1) if hits[first] else 0.0
    return dcg / ideal, recall, mrr


@dataclass(frozen=True)
class Estimate:
    mean: float
    half_width: float  # of the 95% confidence interval (normal approximation over users)

    def __str__(self) -> str:
        return f"{self.mean:.4f} ± {self.half_width:.4f}"


def estimate(values: list[float]) -> Estimate:
    array = np.asarray(values, dtype=np.float64)
    if array.size < 2:
        return Estimate(float(array.mean()) if array.size else math.nan, math.nan)
    return Estimate(float(array.mean()), 1.96 * float(array.std(ddof=1)) / math.sqrt(array.size))
