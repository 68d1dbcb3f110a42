"""Rows 5-7 of the table, on the corpus at scale: server start to the first answered hello,
`recommend` over the whole corpus, and the server's memory once many users' models are fitted.
"""

import asyncio
import random
import time
from pathlib import Path

from bench import profiling
from bench.client import REPLY_TIMEOUT_S, BenchClient
from bench.server import ServerProcess
from bench.stats import Samples
from paperlens.records import Paper

RETRY_S = 0.01
# A first start tokenises the whole corpus before it can recommend: ~1 min at 200,000 papers.
READY_TIMEOUT_S = 600.0
MODEL_PAGE = 10
FIT_CONCURRENCY = 8
COLD_TIMEOUT_S = 600.0


async def start_to_hello(
    db: Path, token: str, env: dict[str, str], profile: Path | None = None
) -> tuple[float, float]:
    """Start a server; ms from spawning it to its `welcome`, and to its first recommendation
    (the corpus is loaded by then: a first start writes its snapshot). The server is stopped
    again. With `profile`, py-spy records the start-up (attached just after the spawn)."""
    server = ServerProcess(db, env)
    try:
        server.spawn()
        with profiling.recording(server.pid, profile, "start"):
            while True:
                assert server.process is not None
                if server.process.poll() is not None:
                    raise RuntimeError(f"server exited: {server.log_tail()}")
                try:
                    client = await BenchClient.open(server.ws_url, token)
                except OSError:
                    await asyncio.sleep(RETRY_S)
                    continue
                hello = (time.perf_counter() - server.started_at) * 1000
                client.timeout = READY_TIMEOUT_S
                await client.recommend("ready")
                ready = (time.perf_counter() - server.started_at) * 1000
                await client.close()
                return hello, ready
    finally:
        server.stop()


async def first_page(url: str, token: str, corpus: list[Paper], seed: int) -> float:
    """The first page after start: what loading the corpus into the scorer costs."""
    client = await BenchClient.open(url, token)
    client.timeout = COLD_TIMEOUT_S
    try:
        return await client.page("tab-1", random.Random(seed).sample(corpus, 50))
    finally:
        await client.close()


async def recommend(url: str, token: str, samples: int) -> Samples:
    client = await BenchClient.open(url, token)
    try:
        client.timeout = COLD_TIMEOUT_S
        await client.recommend("warm-up")
        client.timeout = REPLY_TIMEOUT_S
        # One request id: a new request replaces the old one, as the extension's popup does.
        return [await client.recommend("for-you") for _ in range(samples)]
    finally:
        await client.close()


async def fit_models(
    url: str, tokens: list[str], corpus: list[Paper], seed: int, budget_s: float
) -> Samples:
    """Each user shows one small page, which fits their model; the ms of each such page.
    No new user starts after `budget_s`: fewer models than users means the budget ran out."""
    rng = random.Random(seed)
    pages = [rng.sample(corpus, MODEL_PAGE) for _ in tokens]
    gate = asyncio.Semaphore(FIT_CONCURRENCY)
    deadline = time.monotonic() + budget_s
    timings: Samples = []

    async def one(token: str, page: list[Paper]) -> None:
        async with gate:
            if time.monotonic() > deadline:
                return
            client = await BenchClient.open(url, token)
            try:
                timings.append(await client.page("tab-1", page))
            finally:
                await client.close()

    await asyncio.gather(*(one(t, p) for t, p in zip(tokens, pages, strict=True)))
    return timings
