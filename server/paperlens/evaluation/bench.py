"""The speed benchmark: the server's own learner (corpus, tastes, scorer) on a corpus (the
12,189-paper HF set), in a temporary SQLite file, timing what a user's clicks and pages cost.

Measures: refit after 200 feedback events; a `scores` message for a page of 50 papers already
known; the same for 50 papers new to the server (vectorised on the spot); resident memory.
"""

import json
import resource
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from paperlens import frames
from paperlens.learning import snapshot
from paperlens.learning.corpus import Corpus
from paperlens.learning.scoring import Scorer
from paperlens.learning.tastes import Tastes
from paperlens.records import FeedbackEvent, Paper
from paperlens.storage import open_store

PAGE = 50
FEEDBACK_EVENTS = 200


@dataclass(frozen=True)
class Measure:
    measure: str
    p50_ms: float
    p95_ms: float
    # CPU time of this thread, p95: what the wall clock would be on an idle machine.
    cpu_p95_ms: float

    def as_json(self) -> dict[str, Any]:
        return {"measure": self.measure, "p50_ms": self.p50_ms, "p95_ms": self.p95_ms}


def load_papers(path: Path) -> list[Paper]:
    papers = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            r = json.loads(line)
            papers.append(
                Paper(
                    id=r["id"],
                    title=r["title"],
                    abstract=r.get("abstract"),
                    authors=r.get("authors") or [],
                    upvotes=r.get("upvotes"),
                    published=r.get("published") or r.get("daily_date"),
                )
            )
    return papers


def _time_once(run: Callable[[], object]) -> tuple[float, float]:
    """(wall clock, CPU time of this thread) of one call, in ms."""
    started, started_cpu = time.perf_counter(), time.thread_time()
    run()
    return (time.perf_counter() - started) * 1000, (time.thread_time() - started_cpu) * 1000


def _measure(name: str, times: list[tuple[float, float]]) -> Measure:
    wall, cpu = np.array(times).T
    return Measure(
        name,
        float(np.percentile(wall, 50)),
        float(np.percentile(wall, 95)),
        float(np.percentile(cpu, 95)),
    )


def _timed(run: Callable[[], object], repeats: int, name: str) -> Measure:
    return _measure(name, [_time_once(run) for _ in range(repeats)])


def _rss_mb() -> float:
    # ru_maxrss is in KiB on Linux: the peak resident set of this process.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(papers_path: Path, repeats: int = 50, seed: int = 0) -> tuple[list[Measure], str]:
    """The measures, and a line stating the memory with the corpus loaded."""
    papers = load_papers(papers_path)
    rng = np.random.default_rng(seed)
    corpus = papers
    # The "new papers" pages: copies of corpus papers under ids the server has never seen, so
    # the whole corpus stays loaded and the new texts are as long as real ones.
    fresh = [
        Paper(**{**papers[i], "id": f"new-{n}"})  # type: ignore[typeddict-item]
        for n, i in enumerate(rng.choice(len(papers), PAGE * repeats, replace=False))
    ]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        store = open_store(path)
        store.upsert_papers(corpus)
        user, _ = store.add_user("bench")
        held = Corpus(store, snapshot.path_for(path))
        tastes = Tastes(store, held)
        scorer = Scorer(store, held, tastes)
        started = time.perf_counter()
        held.warm()
        warm_ms = (time.perf_counter() - started) * 1000
        # 200 events: saves and dismissals of papers picked at random, as a busy month.
        picked = rng.choice(len(corpus), size=FEEDBACK_EVENTS, replace=False)
        for n, i in enumerate(picked):
            event = FeedbackEvent(f"e-{n:08d}", corpus[i]["id"], "save" if n % 4 else "dismiss")
            store.add_feedback(user, event)
        store.record_impressions(user, [corpus[i]["id"] for i in rng.choice(len(corpus), 300)])
        measures = [_timed(lambda: tastes.refit(user), repeats, "refit, 200 feedback events")]
        # As the page handler calls it: the ids, and the papers as the extension sent them.
        pages = [[corpus[i] for i in rng.choice(len(corpus), PAGE)] for _ in range(repeats)]
        known = iter(pages)

        def scores(ids: list[str], page: list[Paper]) -> object:
            # What the page handler sends: the ranking, as a frame.
            return frames.scores(scorer.rank_page(user, "bench", ids, page))

        def score_known() -> object:
            page = next(known)
            return scores([p["id"] for p in page], page)

        measures.append(
            _timed(
                score_known,
                repeats,
                f"scores, page of {PAGE} known papers",
            )
        )
        # As the page handler does: store what the extension sent (timed apart: a SQLite write
        # that waits for the disk), then score it (vectorising the new papers).
        storing: list[tuple[float, float]] = []
        scoring: list[tuple[float, float]] = []
        for start in range(0, len(fresh), PAGE):
            page = fresh[start : start + PAGE]
            storing.append(_time_once(partial(store.upsert_papers, page)))
            ids = [p["id"] for p in page]
            scoring.append(_time_once(partial(scores, ids, page)))
        measures.append(_measure(f"scores, page of {PAGE} new papers", scoring))
        measures.append(_measure(f"(storing {PAGE} new papers)", storing))
        measures.append(
            _timed(
                lambda: frames.recommendations("bench", scorer.recommend(user, set(), 20)),
                max(3, repeats // 10),
                "recommendations, top 20 of the corpus",
            )
        )
        store.close()
    memory = (
        f"corpus {len(corpus):,} papers; start-up fit of the corpus {warm_ms:,.0f} ms; "
        f"peak resident memory of this process {_rss_mb():,.0f} MB"
    )
    return measures, memory


HEADER = f"{'measure':<40} {'p50 ms':>8} {'p95 ms':>8} {'p95 cpu ms':>11}"


def format_measure(m: Measure) -> str:
    return f"{m.measure:<40} {m.p50_ms:>8.2f} {m.p95_ms:>8.2f} {m.cpu_p95_ms:>11.2f}"
