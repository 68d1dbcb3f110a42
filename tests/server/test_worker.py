"""The worker thread: calls run there one at a time, urgent ones before the later ones waiting,
idle ones only once nothing else was asked for a while, each kind in the order submitted;
errors reach the caller; close finishes what was queued."""

import asyncio
import threading
import time

import pytest

from paperlens import worker as worker_module
from paperlens.worker import Worker


def test_urgent_calls_go_before_later_ones_and_each_kind_keeps_its_order() -> None:
    async def scenario() -> list[str]:
        worker = Worker()
        ran: list[str] = []
        started, gate = threading.Event(), threading.Event()

        def busy() -> None:
            started.set()
            gate.wait(60)

        # The worker is held busy while the rest is queued.
        held = asyncio.ensure_future(worker.run(busy))
        await asyncio.get_running_loop().run_in_executor(None, started.wait, 60)
        calls = [
            worker.run_later(ran.append, "refit-1"),
            worker.run(ran.append, "page-1"),
            worker.run_later(ran.append, "refit-2"),
            worker.run(ran.append, "page-2"),
        ]
        tasks = [asyncio.ensure_future(c) for c in calls]
        # Each task submits its call at its first step, which this yield lets them all take.
        await asyncio.sleep(0)
        gate.set()
        await asyncio.gather(held, *tasks)
        worker.close()
        return ran

    assert asyncio.run(scenario()) == ["page-1", "page-2", "refit-1", "refit-2"]


def test_errors_reach_the_caller_and_the_worker_goes_on() -> None:
    def fail() -> None:
        raise ValueError("expected a paper, got none")

    async def scenario() -> int:
        worker = Worker()
        with pytest.raises(ValueError, match="expected a paper"):
            await worker.run(fail)
        result = await worker.run_later(len, "abc")
        worker.close()
        return result

    assert asyncio.run(scenario()) == 3


@pytest.mark.parametrize("kind", ["run_later", "run_when_idle"])
def test_close_finishes_what_was_queued(kind: str) -> None:
    async def scenario() -> list[int]:
        worker = Worker()
        submit = getattr(worker, kind)
        done: list[int] = []
        futures = [asyncio.ensure_future(submit(done.append, n)) for n in range(5)]
        await asyncio.sleep(0)
        worker.close()
        await asyncio.gather(*futures)
        return done

    assert asyncio.run(scenario()) == [0, 1, 2, 3, 4]


def test_an_idle_job_waits_until_nothing_was_asked_for_a_while(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Long enough that no stall of the test's own loop between two pages reaches it, even on a
    # loaded machine (the stalls there are tens of ms).
    idle_after_s = 2.0
    monkeypatch.setattr(worker_module, "IDLE_AFTER_S", idle_after_s)

    async def scenario() -> list[tuple[str, float]]:
        worker = Worker()
        ran: list[tuple[str, float]] = []
        idle = asyncio.ensure_future(
            worker.run_when_idle(lambda: ran.append(("statistics", time.monotonic())))
        )
        # A client paging back to back, each page followed by a later refit.
        for n in range(20):
            await worker.run(lambda n=n: ran.append((f"page-{n}", time.monotonic())))
            await worker.run_later(lambda: None)
        await idle
        worker.close()
        return ran

    ran = asyncio.run(scenario())
    assert [name for name, _ in ran] == [*(f"page-{n}" for n in range(20)), "statistics"]
    assert ran[-1][1] - ran[-2][1] >= idle_after_s
