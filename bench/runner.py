"""Runs the measures the options ask for, in three sessions of real server processes, and
returns the table's rows (plus informational rows) in order.

- the real corpus (12,189 papers), one quiet server: pages known and new, feedback to 3 tabs,
  then Chromium with the extension; the reference is timed in this process beforehand;
- the real corpus, a fresh server, many clients at once;
- the corpus at scale: start-up to hello (several starts), then one server for `recommend` and
  the memory after many users' models are fitted.
"""

import asyncio
import random
import statistics
import sys
import tempfile
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from bench import browser, latency, load, profiling, reference, scale
from bench.corpus import Recombiner, build_db, load_real
from bench.options import MEASURES, Options
from bench.server import ServerProcess
from bench.stats import Row, percentiles, timing_row
from paperlens.records import Paper

PUSH_WINDOW_S = 1.0
SAVES_PER_USER = 10
SAVES_PER_LOAD_USER = 3
RSS_LIMIT_MB = 1024.0


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


@dataclass
class Run:
    options: Options
    folder: Path
    real: list[Paper]
    rows: list[Row] = field(default_factory=list)
    # measure name -> raw py-spy profile of the server during it
    profiles: dict[str, Path] = field(default_factory=dict)

    @contextmanager
    def profiled(self, server: ServerProcess, key: str) -> Iterator[None]:
        with profiling.recording(server.pid, self.options.profile, key) as raw:
            yield
        if raw is not None:
            self.profiles[key] = raw


def _info_row(measure: str, ms: float, note: str = "") -> Row:
    return Row(measure, round(ms, 1), None, None, None, None, "(for information)", None, 1, note)


def _reference_ms(run: Run, corpus: list[Paper]) -> reference.ReferenceTiming:
    rng = random.Random(run.options.seed)
    saved = rng.sample(range(len(corpus)), SAVES_PER_USER)
    pages = [rng.sample(range(len(corpus)), 50) for _ in range(run.options.reference_repeats)]
    log(f"reference: TF-IDF + LinearSVC over {len(corpus):,} papers, {len(pages)} requests")
    return reference.median_timing(corpus, saved, pages)


def real_corpus_session(run: Run) -> None:
    o = run.options
    wanted = [m for m in ("page_known", "page_new", "feedback", "e2e") if o.wants(m)]
    if not wanted:
        return
    corpus = run.real
    ref = _reference_ms(run, corpus) if set(wanted) - {"e2e"} else None
    ref_note = ""
    if ref is not None:
        ref_note = f"reference over {len(corpus):,} papers: TF-IDF {ref.tfidf_ms:,.0f} ms"
        ref_note += f" + SVM {ref.svm_ms:,.0f} ms"
    db = run.folder / "real.db"
    log(f"database: {len(corpus):,} real papers")
    tokens = build_db(
        db,
        corpus,
        len(corpus),
        o.seed,
        {
            "page": (1, SAVES_PER_USER),
            "tabs": (o.feedback_users, SAVES_PER_USER),
            "e2e": (1, SAVES_PER_USER),
        },
    )
    env = {"PAPERLENS_PUSH_WINDOW_S": str(PUSH_WINDOW_S)}
    with ServerProcess(db, env) as server:
        if o.wants("page_known") or o.wants("page_new"):
            log("pages of 50 known, then 50 new papers")
            with run.profiled(server, "pages"):
                timings = asyncio.run(
                    latency.pages(
                        server.ws_url,
                        tokens["page"][0],
                        corpus,
                        Recombiner(corpus, o.seed + 1),
                        o.page_samples if o.wants("page_known") else 0,
                        o.new_page_samples if o.wants("page_new") else 0,
                        o.seed,
                    )
                )
            if "pages" in run.profiles:
                run.profiles["page_known"] = run.profiles["page_new"] = run.profiles["pages"]
            ref_ms = ref.total_ms if ref else None
            if o.wants("page_known"):
                run.rows.append(
                    timing_row(
                        "page of 50 known papers → scores (WS)",
                        timings.known,
                        "p95 ≤ 5 ms",
                        5.0,
                        ref_ms,
                        note=ref_note,
                        key="page_known",
                    )
                )
            if o.wants("page_new"):
                slow = sum(1 for t in timings.new if t > 100)
                run.rows.append(
                    timing_row(
                        "page of 50 new papers → scores (WS)",
                        timings.new,
                        "p95 ≤ 15 ms, ≥ 10x ref",
                        15.0,
                        ref_ms,
                        10.0,
                        note=f"{len(timings.new) * 50:,} new papers in all "
                        f"(+{len(timings.new) * 50 / len(corpus):.0%} corpus); "
                        f"{slow} pages over 100 ms",
                        key="page_new",
                    )
                )
            run.rows.append(
                _info_row(
                    f"first page after start, {len(corpus):,} papers (cold)", timings.first_ms
                )
            )
        if o.wants("feedback"):
            log(f"feedback: {o.feedback_samples} saves, {o.feedback_users} users x 3 tabs")
            with run.profiled(server, "feedback"):
                saves = asyncio.run(
                    latency.feedback(
                        server.ws_url,
                        tokens["tabs"],
                        corpus,
                        o.feedback_samples,
                        PUSH_WINDOW_S,
                        o.seed,
                    )
                )
            run.rows.append(
                timing_row(
                    "save → fresh scores in all 3 tabs (WS)",
                    saves,
                    "p95 ≤ 50 ms",
                    50.0,
                    ref.total_ms if ref else None,
                    note=f"push window {PUSH_WINDOW_S} s (default); "
                    "each user's saves spaced by window + 0.2 s",
                    key="feedback",
                )
            )
        if o.wants("e2e"):
            log(f"Chromium: {o.browser_loads} page loads (+1 warm-up)")
            rng = random.Random(o.seed + 8)
            pages = [rng.sample(corpus, 50) for _ in range(o.browser_loads + 1)]
            with run.profiled(server, "e2e"):
                first, loads, mounted, received = browser.page_loads(
                    f"http://127.0.0.1:{server.port}", tokens["e2e"][0], pages
                )
            run.rows.append(
                timing_row(
                    "Chromium: page load → 50 badges painted",
                    loads,
                    "p95 ≤ 300 ms",
                    300.0,
                    note="from navigation start, per frame (rAF); "
                    f"first load {first:.0f} ms excluded (warm-up); p50/p95 document "
                    f"received {'/'.join(map(str, percentiles(received)[:2]))} ms, first "
                    f"overlay mounted {'/'.join(map(str, percentiles(mounted)[:2]))} ms",
                    key="e2e",
                )
            )


def load_session(run: Run) -> None:
    o = run.options
    if not o.wants("load"):
        return
    load.raise_fd_limit(2 * o.load_clients + 256)
    db = run.folder / "load.db"
    log(f"database: {len(run.real):,} papers, {o.load_clients} users")
    tokens = build_db(
        db, run.real, len(run.real), o.seed, {"load": (o.load_clients, SAVES_PER_LOAD_USER)}
    )
    with ServerProcess(db) as server:
        log(f"load: {o.load_clients} clients for {o.load_seconds:.0f} s")
        with run.profiled(server, "load"):
            result = asyncio.run(
                load.run(
                    server.ws_url, server.pid, tokens["load"], run.real, o.load_seconds, o.seed
                )
            )
        rss, _ = server.rss_mb()
    row = timing_row(
        f"{o.load_clients:,} clients: page p95, errors",
        result.pages,
        "p95 ≤ 100 ms, 0 errors",
        100.0,
        key="load",
    )
    first = percentiles(result.first_pages)
    lag = percentiles(result.client_lag)
    row.met = bool(row.met) and not result.errors
    row.note = (
        f"{o.load_seconds:.0f} s; {result.connected} connected; {len(result.errors)} errors"
        + (f" (first: {result.errors[0]})" if result.errors else "")
        + f"; {result.saves_acked} saves acked; first page per client (model fit) p50/p95 "
        f"{first[0]}/{first[1]} ms; {result.behind} pages took longer than 5 s; "
        f"server CPU (with its fitting process) {result.server_cpu:.0%} of a core while browsing; "
        f"client wake-up lag p95 {lag[1]} ms; server RSS {rss:,.0f} MB"
    )
    run.rows.append(row)


def scale_session(run: Run) -> None:
    o = run.options
    wanted = [m for m in ("recommend", "rss", "start") if o.wants(m)]
    if not wanted:
        return
    db = run.folder / "scale.db"
    log(f"database: {o.corpus_size:,} papers, {o.model_users} users")
    started = time.perf_counter()
    users = o.model_users if o.wants("rss") else 1
    tokens = build_db(db, run.real, o.corpus_size, o.seed, {"scale": (users, 3)})["scale"]
    log(f"  written in {time.perf_counter() - started:.0f} s")
    size = f"{o.corpus_size:,} papers"
    if o.wants("start"):
        # The first start on a database tokenises every paper and saves the corpus snapshot
        # (paperlens.learning.snapshot); every later start maps it back. Reported apart, not hidden.
        log("first start on the new database (builds the corpus snapshot)")
        _, first_start = asyncio.run(scale.start_to_hello(db, tokens[0], {}, None))
        run.rows.append(
            _info_row(
                f"first start ever → first recommendation, {size} (builds the snapshot)",
                first_start,
            )
        )
        log(f"start to hello: {o.starts} starts")
        hellos, readies = zip(
            *(
                asyncio.run(
                    scale.start_to_hello(
                        db, tokens[0], {}, o.profile if n == o.starts - 1 else None
                    )
                )
                for n in range(o.starts)
            ),
            strict=True,
        )
        if o.profile is not None:
            run.profiles["start"] = o.profile / "start.txt"
        run.rows.append(
            timing_row(
                f"start → first answered hello, {size}",
                list(hellos),
                "p95 ≤ 2 s",
                2000.0,
                key="start",
            )
        )
        # The scorer loads after the server answers: when scores are first available.
        run.rows.append(
            _info_row(f"start → first recommendation, {size}", statistics.median(readies))
        )
    if not {"recommend", "rss"} & set(wanted):
        return
    corpus_sample = run.real
    with ServerProcess(db) as server:
        log("first page at scale (cold)")
        with run.profiled(server, "first_page_scale"):
            first = asyncio.run(scale.first_page(server.ws_url, tokens[0], corpus_sample, o.seed))
        rss_corpus, _ = server.rss_mb()
        run.rows.append(
            _info_row(
                f"first page after start, {size} (cold)",
                first,
                f"RSS after it {rss_corpus:,.0f} MB",
            )
        )
        if o.wants("recommend"):
            log(f"recommend: {o.recommend_samples} requests")
            with run.profiled(server, "recommend"):
                recs = asyncio.run(scale.recommend(server.ws_url, tokens[0], o.recommend_samples))
            ref_ms, note = None, "reference at this size not run (--reference-at-scale)"
            if o.reference_at_scale:
                big = run.real + list(
                    Recombiner(run.real, o.seed).papers(
                        "syn", max(0, o.corpus_size - len(run.real))
                    )
                )
                timing = _reference_ms(run, big)
                ref_ms, note = (
                    timing.total_ms,
                    f"reference TF-IDF {timing.tfidf_ms:,.0f} + SVM {timing.svm_ms:,.0f} ms",
                )
            run.rows.append(
                timing_row(
                    f"recommend (top 20) over {size}",
                    recs,
                    "p95 ≤ 100 ms",
                    100.0,
                    ref_ms,
                    note=note,
                    key="recommend",
                )
            )
        if o.wants("rss"):
            log(f"fitting {len(tokens)} users' models (a page of 10 each)")
            with run.profiled(server, "rss"):
                fits = asyncio.run(
                    scale.fit_models(server.ws_url, tokens, corpus_sample, o.seed, o.fit_budget_s)
                )
            rss, peak = server.rss_mb()
            run.rows.append(_rss_row(size, len(tokens), fits, rss, peak, rss_corpus))


def _rss_row(
    size: str, users: int, fits: list[float], rss: float, peak: float, rss_corpus: float
) -> Row:
    """Judged on the RSS with every model fitted; when the time budget stopped the fits
    early, on the RSS extrapolated linearly from the models fitted (and the note says so)."""
    p50, p95, _ = percentiles(fits)
    judged = rss
    note = (
        f"VmRSS {rss:,.0f} MB (peak VmHWM {peak:,.0f} MB); corpus alone {rss_corpus:,.0f} MB; "
        f"a page fitting a model p50/p95 {p50}/{p95} ms"
    )
    if fits and len(fits) < users:
        judged = rss_corpus + (rss - rss_corpus) * users / len(fits)
        note += (
            f"; only {len(fits)} of {users} models fitted within the time budget: "
            f"{judged:,.0f} MB extrapolated to {users:,}"
        )
    return Row(
        f"server RSS, {size} + {len(fits):,} models: {rss:,.0f} MB",
        None,
        None,
        None,
        None,
        None,
        "≤ 1,024 MB",
        judged <= RSS_LIMIT_MB,
        len(fits),
        note,
        key="rss",
    )


SESSIONS = {
    real_corpus_session: ("page_known", "page_new", "feedback", "e2e"),
    load_session: ("load",),
    scale_session: ("start", "recommend", "rss"),
}


def _failed_row(key: str, error: Exception) -> Row:
    return Row(
        key,
        None,
        None,
        None,
        None,
        None,
        "-",
        False,
        0,
        "failed: " + (str(error).splitlines() or [type(error).__name__])[0],
        key=key,
    )


def run(options: Options) -> list[Row]:
    """Every measure asked for, against real server processes; the rows in table order."""
    with tempfile.TemporaryDirectory(prefix="paperlens-bench-") as folder:
        state = Run(options, Path(folder), load_real())
        if options.quick:
            state.real = state.real[: min(len(state.real), 3000)]
        for session in (real_corpus_session, load_session, scale_session):
            try:
                session(state)
            except Exception as error:
                # One failing session must not cost the rows the others measured.
                log(f"{session.__name__} failed:\n{traceback.format_exc()}")
                done = {r.key for r in state.rows}
                state.rows += [
                    _failed_row(m, error)
                    for m in SESSIONS[session]
                    if m not in done and options.wants(m)
                ]
        for row in state.rows:
            if row.met is False and row.key in state.profiles:
                row.profile = profiling.top_frames(state.profiles[row.key])
        # The order; informational rows last.
        rank = {m: i for i, m in enumerate(MEASURES)}
        return sorted(state.rows, key=lambda r: rank.get(r.key, len(rank)))
