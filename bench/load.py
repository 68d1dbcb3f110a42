"""Row 4: many connected clients at once, each a user with one tab that shows a new page of
papers every 5 s and saves a paper every 30 s, for a bounded time; page latency and errors.

First every client connects and shows one page, which fits its user's model (timed apart);
then all browse at once, each at its own phase, as a lab's browsers would, for a bounded time.
"""

import asyncio
import random
import resource
import time
from dataclasses import dataclass, field

from bench.client import BenchClient
from bench.server import cpu_seconds
from bench.stats import Samples
from paperlens.records import Paper

PAGE = 50
PAGE_EVERY_S = 5.0
SAVE_EVERY_S = 30.0
WARM_CONCURRENCY = 16


@dataclass
class LoadResult:
    pages: Samples = field(default_factory=list)
    first_pages: Samples = field(default_factory=list)
    saves_acked: int = 0
    errors: list[str] = field(default_factory=list)
    connected: int = 0
    # How late the client's own loop woke up (ms), to tell client-side saturation apart.
    client_lag: Samples = field(default_factory=list)
    # Pages that took longer than the period, so the next was sent late.
    behind: int = 0
    # Share of one core the server used while all clients browsed.
    server_cpu: float = 0.0


def raise_fd_limit(needed: int) -> None:
    """Each client holds a socket here and one in the server (which inherits this limit)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < needed:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(needed, hard), hard))


async def _warm(
    n: int,
    url: str,
    token: str,
    corpus: list[Paper],
    result: LoadResult,
    rng: random.Random,
    gate: asyncio.Semaphore,
) -> BenchClient | None:
    """Connect and show a first page (which fits the user's model); None on failure."""
    async with gate:
        try:
            client = await BenchClient.open(url, token)
            result.first_pages.append(await client.page("tab-1", rng.sample(corpus, PAGE)))
        except Exception as error:
            result.errors.append(f"connect {n}: {type(error).__name__}: {error}")
            return None
    result.connected += 1
    return client


async def _browse(
    n: int,
    client: BenchClient,
    corpus: list[Paper],
    until: float,
    result: LoadResult,
    rng: random.Random,
) -> None:
    """A page every PAGE_EVERY_S and a save every SAVE_EVERY_S, each at its own phase."""
    await asyncio.sleep(rng.uniform(0, PAGE_EVERY_S))
    next_save = time.monotonic() + rng.uniform(0, SAVE_EVERY_S)
    sent = 0
    try:
        while time.monotonic() < until:
            due = time.monotonic()
            if due >= next_save:
                await client.send(
                    {
                        "type": "feedback",
                        "event_id": f"load-{n:05d}-{sent:05d}",
                        "paper_id": rng.choice(corpus)["id"],
                        "action": "save",
                    }
                )
                sent += 1
                await client.until("ack")
                result.saves_acked += 1
                next_save += SAVE_EVERY_S
            result.pages.append(await client.page("tab-1", rng.sample(corpus, PAGE)))
            wake = due + PAGE_EVERY_S
            if wake > time.monotonic():
                await asyncio.sleep(wake - time.monotonic())
                # Late wake-ups mean this process, not the server, is the bottleneck.
                result.client_lag.append(max(0.0, (time.monotonic() - wake) * 1000))
            else:
                result.behind += 1
    except Exception as error:
        result.errors.append(f"client {n}: {type(error).__name__}: {error}")


async def run(
    url: str, server_pid: int, tokens: list[str], corpus: list[Paper], seconds: float, seed: int
) -> LoadResult:
    """Connect every client and fit its model first (untimed but recorded), then let all of
    them browse at once for `seconds`."""
    result = LoadResult()
    rngs = [random.Random(seed * 100_003 + n) for n in range(len(tokens))]
    gate = asyncio.Semaphore(WARM_CONCURRENCY)
    clients = await asyncio.gather(
        *(_warm(n, url, t, corpus, result, rngs[n], gate) for n, t in enumerate(tokens))
    )
    until = time.monotonic() + seconds
    cpu_before = cpu_seconds(server_pid)
    try:
        await asyncio.gather(
            *(
                _browse(n, c, corpus, until, result, rngs[n])
                for n, c in enumerate(clients)
                if c is not None
            )
        )
    finally:
        await asyncio.gather(*(c.close() for c in clients if c is not None), return_exceptions=True)
    elapsed = time.monotonic() - (until - seconds)
    result.server_cpu = (cpu_seconds(server_pid) - cpu_before) / elapsed
    return result
