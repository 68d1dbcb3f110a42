"""One evaluation run: every method on every regime and k, side by side, as table rows."""

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from paperlens.evaluation import data as datasets
from paperlens.evaluation.baselines import ArxivSanityRanker, PopularityRanker, RandomRanker
from paperlens.evaluation.data import KS, Dataset, Regime, Split
from paperlens.evaluation.dense import CombinedRanker, MiniLMRanker
from paperlens.evaluation.metrics import Estimate, estimate, ranking_metrics
from paperlens.evaluation.paperlens_ranker import PaperLensRanker


class Ranker(Protocol):
    name: str

    def rank(self, split: Split, upvotes: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]: ...


RankerFactory = Callable[[Dataset, int], Ranker]
METHODS: tuple[RankerFactory, ...] = (
    RandomRanker,
    PopularityRanker,
    ArxivSanityRanker,
    PaperLensRanker,
)


@dataclass(frozen=True)
class Row:
    method: str
    regime: Regime
    k: int
    users: int
    sampled: bool  # users is a seeded sample of the eligible ones
    ndcg10: Estimate
    recall50: Estimate
    mrr: Estimate
    seconds: float

    def as_json(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "regime": self.regime,
            "k": self.k,
            "users": self.users,
            "ndcg10": self.ndcg10.mean,
            "recall50": self.recall50.mean,
            "mrr": self.mrr.mean,
            "ndcg10_ci95": self.ndcg10.half_width,
            "recall50_ci95": self.recall50.half_width,
            "mrr_ci95": self.mrr.half_width,
        }


def evaluate_regime(
    data: Dataset,
    ks: Sequence[int],
    max_users: int | None,
    seed: int,
    methods: Sequence[RankerFactory] = METHODS,
    progress: Callable[[str], None] = lambda _: None,
) -> list[Row]:
    rankers = [make(data, seed) for make in methods]
    rows = []
    for k in ks:
        user_splits = datasets.splits(data, k, seed, max_users)
        eligible = sum(1 for rows_ in data.libraries.values() if rows_.size >= k + 5)
        for ranker in rankers:
            started = time.perf_counter()
            values: list[tuple[float, float, float]] = []
            for split in user_splits:
                upvotes = data.upvotes_without(split.user)
                scores = ranker.rank(split, upvotes)
                relevant = np.isin(split.candidates, split.held_out, assume_unique=True)
                values.append(ranking_metrics(scores, relevant))
            ndcg, recall, mrr = zip(*values, strict=True) if values else ((), (), ())
            row = Row(
                ranker.name,
                data.regime,
                k,
                len(user_splits),
                len(user_splits) < eligible,
                estimate(list(ndcg)),
                estimate(list(recall)),
                estimate(list(mrr)),
                time.perf_counter() - started,
            )
            progress(format_row(row))
            rows.append(row)
    return rows


def evaluate(
    papers: Path,
    users: Path,
    regimes: Sequence[Regime] = datasets.REGIMES,
    ks: Sequence[int] = KS,
    max_users: int | None = 300,
    seed: int = 0,
    progress: Callable[[str], None] = lambda _: None,
    dense: bool = False,
) -> list[Row]:
    """Every regime; with `dense`, also the MiniLM rows (the `embeddings` extra)."""
    methods = METHODS + ((MiniLMRanker, CombinedRanker) if dense else ())
    rows = []
    for regime in regimes:
        data = datasets.load(papers, users, regime)
        rows.extend(evaluate_regime(data, ks, max_users, seed, methods, progress))
    return rows


HEADER = (
    f"{'method':<20} {'regime':<6} {'k':>3} {'users':>7}  "
    f"{'nDCG@10':<17} {'Recall@50':<17} {'MRR':<17} {'time':>6}"
)


def format_row(row: Row) -> str:
    users = f"{row.users}{'*' if row.sampled else ''}"
    return (
        f"{row.method:<20} {row.regime:<6} {row.k:>3} {users:>7}  "
        f"{row.ndcg10!s:<17} {row.recall50!s:<17} {row.mrr!s:<17} {row.seconds:>5.1f}s"
    )
