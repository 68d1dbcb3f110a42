"""Rows 1-3 of the table: one user's round trips over the WebSocket to a quiet server —
a page of 50 known papers, a page of 50 new papers, and a save until all 3 of the user's tabs
hold fresh scores."""

import asyncio
import random
import time
from dataclasses import dataclass

from bench.client import BenchClient
from bench.corpus import Recombiner
from bench.stats import Samples
from paperlens.records import Paper

PAGE = 50
TABS = 3


@dataclass
class PageTimings:
    first_ms: float  # the first page after start: fits the corpus statistics and the model
    known: Samples
    new: Samples


async def pages(
    url: str,
    token: str,
    corpus: list[Paper],
    recombiner: Recombiner,
    known_samples: int,
    new_samples: int,
    seed: int,
) -> PageTimings:
    rng = random.Random(seed)
    client = await BenchClient.open(url, token)
    try:
        first = await client.page("tab-1", rng.sample(corpus, PAGE))
        known = [await client.page("tab-1", rng.sample(corpus, PAGE)) for _ in range(known_samples)]
        new = []
        for n in range(new_samples):
            fresh = list(recombiner.papers(f"new{n:04d}", PAGE))
            new.append(await client.page("tab-1", fresh))
        return PageTimings(first, known, new)
    finally:
        await client.close()


async def _fresh_scores(tab: BenchClient, page_id: str, older_than: int) -> int:
    """Wait for `scores` of this tab's page from a model newer than `older_than`."""
    while True:
        message = await tab.until("scores", "page_id", page_id)
        if message["model_version"] > older_than:
            version: int = message["model_version"]
            return version


async def feedback(
    url: str,
    tokens: list[str],
    corpus: list[Paper],
    samples: int,
    push_window_s: float,
    seed: int,
) -> Samples:
    """Saves spread over the users in turn, each user's saves spaced by more than the push
    window, so every save gets the immediate push (not one folded into the next)."""
    rng = random.Random(seed)
    users: list[list[BenchClient]] = []
    versions: list[list[int]] = []
    try:
        for token in tokens:
            tabs = [await BenchClient.open(url, token) for _ in range(TABS)]
            users.append(tabs)
            seen = []
            for i, tab in enumerate(tabs):
                await tab.send(
                    {"type": "page", "page_id": f"tab-{i}", "papers": rng.sample(corpus, PAGE)}
                )
                seen.append((await tab.until("scores", "page_id", f"tab-{i}"))["model_version"])
            versions.append(seen)
        last_save = [0.0] * len(tokens)
        timings = []
        for n in range(samples):
            u = n % len(tokens)
            wait = last_save[u] + push_window_s + 0.2 - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            tabs = users[u]
            started = time.perf_counter()
            last_save[u] = time.monotonic()
            await tabs[0].send(
                {
                    "type": "feedback",
                    "event_id": f"bench-save-{seed}-{n:06d}",
                    "paper_id": rng.choice(corpus)["id"],
                    "action": "save",
                }
            )
            versions[u] = list(
                await asyncio.gather(
                    *(_fresh_scores(tab, f"tab-{i}", versions[u][i]) for i, tab in enumerate(tabs))
                )
            )
            timings.append((time.perf_counter() - started) * 1000)
        return timings
    finally:
        for tabs in users:
            for tab in tabs:
                await tab.close()
