"""The evaluation data set: papers and users' libraries (citeulike-a format), the two regimes,
and the per-user split of a library into k saves and a held-out rest.
"""

import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np

from paperlens.records import Paper

# The numbers of saves given to each method, by default.
KS = (1, 5, 20)

Regime = Literal["ta", "t"]
REGIMES: tuple[Regime, ...] = ("ta", "t")


def _jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


@dataclass
class Dataset:
    """One regime's papers and every user's library restricted to them.

    `index` maps a paper id to its row; `libraries` holds row numbers; `saves_count[i]` is how many
    libraries (of all users) hold paper i, the source of the leave-one-user-out popularity.
    """

    regime: Regime
    papers: list[Paper]
    index: dict[str, int]
    libraries: dict[str, np.ndarray[Any, Any]]
    saves_count: np.ndarray[Any, Any]

    def upvotes_without(self, user: str) -> np.ndarray[Any, Any]:
        """Saves of each paper by the other users (never the evaluated user's own library)."""
        votes = self.saves_count.copy()
        votes[self.libraries[user]] -= 1
        return votes


def load(papers_path: Path, users_path: Path, regime: Regime) -> Dataset:
    """Regime "ta": only the papers with an abstract (title + abstract); "t": all, title only."""
    papers: list[Paper] = []
    for record in _jsonl(papers_path):
        if regime == "ta":
            if not record.get("abstract"):
                continue
            papers.append(
                Paper(id=record["id"], title=record["title"], abstract=record["abstract"])
            )
        else:
            papers.append(Paper(id=record["id"], title=record["title"]))
    index = {p["id"]: i for i, p in enumerate(papers)}
    libraries: dict[str, np.ndarray[Any, Any]] = {}
    saves_count = np.zeros(len(papers), dtype=np.int64)
    for record in _jsonl(users_path):
        # Each paper once, sorted: the seeded shuffle of a split is the only order that counts.
        rows = np.array(sorted({index[pid] for pid in record["saved"] if pid in index}), dtype=int)
        libraries[record["user"]] = rows
        saves_count[rows] += 1
    return Dataset(regime, papers, index, libraries, saves_count)


@dataclass(frozen=True)
class Split:
    user: str
    saved: np.ndarray[Any, Any]  # rows the user "saved" (k of them)
    held_out: np.ndarray[Any, Any]  # the rest of the library: the relevant candidates
    candidates: np.ndarray[Any, Any]  # every paper of the set but the saved ones, sorted


def splits(data: Dataset, k: int, seed: int, max_users: int | None) -> list[Split]:
    """Users with at least k + 5 papers in the set, each library shuffled with a seed derived
    from (seed, user) so a user's split is the same whichever other users are sampled; a seeded
    sample of `max_users` of them when given."""
    eligible = sorted(u for u, rows in data.libraries.items() if rows.size >= k + 5)
    if max_users is not None and len(eligible) > max_users:
        pick = np.random.default_rng(seed).choice(len(eligible), size=max_users, replace=False)
        eligible = [eligible[i] for i in sorted(pick)]
    result = []
    everything = np.arange(len(data.papers))
    for user in eligible:
        rows = data.libraries[user].copy()
        np.random.default_rng([seed, zlib.crc32(user.encode())]).shuffle(rows)
        saved = np.sort(rows[:k])
        held_out = np.sort(rows[k:])
        candidates = np.setdiff1d(everything, saved, assume_unique=True)
        result.append(Split(user, saved, held_out, candidates))
    return result
