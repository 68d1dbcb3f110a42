"""The browsing simulation: a user is shown pages of PAGE_SIZE candidates, LIBRARY_PER_PAGE of
them from their own library and the rest from the other papers of the set; they save the
library ones and skip the others (shown and not saved: the learner's weak negatives). After
pages 1, 3 and 10, nDCG@10 of the papers never shown, with the rest of the library held out.
"""

import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from paperlens.evaluation.baselines import ArxivSanityRanker
from paperlens.evaluation.data import Dataset, Split
from paperlens.evaluation.metrics import Estimate, estimate, ranking_metrics
from paperlens.evaluation.paperlens_ranker import PaperLensRanker
from paperlens.learning.labels import DEFAULT_WEIGHTS, LabelWeights

PAGE_SIZE = 20
LIBRARY_PER_PAGE = 2
CHECKPOINTS = (1, 3, 10)
HELD_OUT_MIN = 5


@dataclass(frozen=True)
class SimulationRow:
    method: str
    regime: str
    pages: int
    users: int
    ndcg10: Estimate


def _pages(data: Dataset, library: np.ndarray[Any, Any], rng: np.random.Generator) -> list[Any]:
    n_pages = max(CHECKPOINTS)
    others = np.setdiff1d(np.arange(len(data.papers)), library, assume_unique=True)
    strangers = rng.choice(others, size=n_pages * (PAGE_SIZE - LIBRARY_PER_PAGE), replace=False)
    pages = []
    for p in range(n_pages):
        mine = library[p * LIBRARY_PER_PAGE : (p + 1) * LIBRARY_PER_PAGE]
        rest = strangers[
            p * (PAGE_SIZE - LIBRARY_PER_PAGE) : (p + 1) * (PAGE_SIZE - LIBRARY_PER_PAGE)
        ]
        pages.append((mine, rest))
    return pages


def simulate(
    data: Dataset,
    max_users: int | None,
    seed: int,
    progress: Callable[[str], None] = lambda _: None,
    weights: LabelWeights = DEFAULT_WEIGHTS,
) -> list[SimulationRow]:
    """Rows for paperlens (saves + skipped pages), paperlens with saves only, and
    arxiv-sanity-lite (saves only: its recipe has no negatives of its own)."""
    need = max(CHECKPOINTS) * LIBRARY_PER_PAGE + HELD_OUT_MIN
    users = sorted(u for u, rows in data.libraries.items() if rows.size >= need)
    if max_users is not None and len(users) > max_users:
        pick = np.random.default_rng(seed).choice(len(users), size=max_users, replace=False)
        users = [users[i] for i in sorted(pick)]
    paperlens, asl = PaperLensRanker(data, seed, weights), ArxivSanityRanker(data, seed)
    methods: Sequence[tuple[str, Callable[[Split, Any, Any], Any]]] = (
        ("paperlens", lambda s, up, shown: paperlens.rank(s, up, shown)),
        ("paperlens (saves only)", lambda s, up, shown: paperlens.rank(s, up)),
        ("arxiv-sanity-lite", lambda s, up, shown: asl.rank(s, up)),
    )
    values: dict[tuple[str, int], list[float]] = {}
    for user in users:
        rng = np.random.default_rng([seed, zlib.crc32(user.encode())])
        library = data.libraries[user].copy()
        rng.shuffle(library)
        pages = _pages(data, library, rng)
        held_out = np.sort(library[max(CHECKPOINTS) * LIBRARY_PER_PAGE :])
        upvotes = data.upvotes_without(user)
        for checkpoint in CHECKPOINTS:
            saved = np.sort(np.concatenate([mine for mine, _ in pages[:checkpoint]]))
            shown = np.sort(np.concatenate([np.r_[m, r] for m, r in pages[:checkpoint]]))
            candidates = np.setdiff1d(np.arange(len(data.papers)), shown, assume_unique=True)
            split = Split(user, saved, held_out, candidates)
            relevant = np.isin(candidates, held_out, assume_unique=True)
            for name, rank in methods:
                scores = rank(split, upvotes, shown)
                values.setdefault((name, checkpoint), []).append(
                    ranking_metrics(scores, relevant)[0]
                )
    rows = [
        SimulationRow(name, data.regime, pages_seen, len(users), estimate(v))
        for (name, pages_seen), v in sorted(values.items(), key=lambda kv: (kv[0][1], kv[0][0]))
    ]
    for row in rows:
        progress(format_row(row))
    return rows


HEADER = f"{'method':<24} {'regime':<6} {'pages':>5} {'users':>6}  {'nDCG@10':<17}"


def format_row(row: SimulationRow) -> str:
    return f"{row.method:<24} {row.regime:<6} {row.pages:>5} {row.users:>6}  {row.ndcg10!s:<17}"
