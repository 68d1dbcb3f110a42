"""The corpora the benchmark runs on: the real HF daily papers, synthetic papers recombined
from them (fixed seed, up to 200,000), pages of papers new to the server, and the SQLite files
they are written into (through `Store.upsert_papers`, as the server itself writes papers)."""

import random
import re
from collections.abc import Iterator
from pathlib import Path

from paperlens.evaluation.bench import load_papers
from paperlens.records import FeedbackEvent, Paper
from paperlens.storage import SqliteStore, Store

# ../shared/data beside a checkout of the repository.
REAL_CORPUS = (
    Path(__file__).resolve().parents[2] / "shared" / "data" / "hf-daily-papers" / "papers.jsonl"
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
WRITE_BATCH = 5000


def load_real(path: Path = REAL_CORPUS) -> list[Paper]:
    """The 12,189 real papers as the extension would send them (date: published, else the day
    the paper was on the daily list)."""
    return load_papers(path)


class Recombiner:
    """Makes papers that read like real ones: the first half of one real title with the second
    half of another, and an abstract of sentences drawn in turn from three real abstracts (as
    long as the first), so term statistics stay those of the real corpus."""

    def __init__(self, real: list[Paper], seed: int) -> None:
        self._rng = random.Random(seed)
        self._real = real
        self._titles = [p["title"].split() for p in real]
        self._abstracts = [
            _SENTENCE_END.split(abstract) for p in real if (abstract := p.get("abstract"))
        ]

    def paper(self, paper_id: str) -> Paper:
        rng = self._rng
        a, b = rng.choice(self._titles), rng.choice(self._titles)
        title = " ".join(a[: max(1, len(a) // 2)] + b[len(b) // 2 :])
        sources = [rng.choice(self._abstracts) for _ in range(3)]
        sentences = [s[i] for i in range(len(sources[0])) for s in sources if i < len(s)]
        abstract = " ".join(sentences[: len(sources[0])])
        donor = rng.choice(self._real)
        return Paper(
            id=paper_id,
            title=title,
            abstract=abstract,
            authors=donor.get("authors") or [],
            upvotes=rng.choice(self._real).get("upvotes"),
            published=donor.get("published"),
        )

    def papers(self, prefix: str, count: int, start: int = 0) -> Iterator[Paper]:
        for n in range(start, start + count):
            yield self.paper(f"{prefix}-{n:07d}")


def fill_store(store: Store, real: list[Paper], size: int, seed: int) -> int:
    """The real papers plus synthetic ones up to `size` in all (only real ones, cut to `size`,
    when size is smaller); returns how many papers were written."""
    store.upsert_papers(real[:size])
    extra = max(0, size - len(real))
    recombiner = Recombiner(real, seed)
    for start in range(0, extra, WRITE_BATCH):
        store.upsert_papers(recombiner.papers("syn", min(WRITE_BATCH, extra - start), start))
    return min(size, len(real)) + extra


def fast_writes(store: SqliteStore) -> SqliteStore:
    """Building a benchmark's database needs no durability: without an fsync per transaction,
    1,000 users and their saves take seconds, not minutes. (This connection only: the server
    opens its own, with its own settings.)"""
    store.db.execute("PRAGMA synchronous=OFF")
    return store


def add_users(
    store: Store, prefix: str, count: int, saves: int, corpus_ids: list[str], seed: int
) -> list[str]:
    """`count` users named PREFIX-NNNN, each with `saves` saves of random corpus papers;
    returns their tokens, in order."""
    rng = random.Random(seed)
    tokens = []
    for n in range(count):
        user, token = store.add_user(f"{prefix}-{n:04d}")
        for k, paper_id in enumerate(rng.sample(corpus_ids, saves)):
            store.add_feedback(
                user, FeedbackEvent(f"seed-{prefix}-{n:04d}-{k:04d}", paper_id, "save")
            )
        tokens.append(token)
    return tokens


def build_db(
    path: Path, real: list[Paper], size: int, seed: int, users: dict[str, tuple[int, int]]
) -> dict[str, list[str]]:
    """A fresh SQLite file holding `size` papers and, per name prefix, (count, saves each)
    users; returns each prefix's tokens."""
    store = fast_writes(SqliteStore(path))
    try:
        fill_store(store, real, size, seed)
        ids = store.paper_ids()
        return {
            prefix: add_users(store, prefix, count, saves, ids, seed)
            for prefix, (count, saves) in users.items()
        }
    finally:
        store.close()
