"""The server's one worker thread: every call into the store and the learner runs here.

SQLite writes, refits and scoring are CPU and disk work; on the event loop they would hold up
every other connection's frames. One thread keeps the store and the scorer single-threaded (no
locks anywhere) while the event loop is left with I/O, JSON and frame checks.

Three queues: what a client waits for (`run`: pages, feedback, recommendations) goes before the
refits that follow feedback (`run_later`), so that a page never waits behind another user's
refit; upkeep that nobody waits for (`run_when_idle`: corpus statistics, the quiet refits after
them) waits until nothing else was asked for IDLE_AFTER_S, so that it does not hold up the next
page of someone paging quickly either (a refit begun between two pages had added 5-80 ms to the
second). Each queue keeps submission order, so what one connection asks is done in the order it
asked.
"""

import asyncio
import itertools
import queue
import threading
import time
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")

URGENT, LATER, IDLE, STOP = 0, 1, 2, 3
# How long the worker must have had nothing to do before it starts an idle job: longer than the
# ~3 ms between a page's scores and the next page of a client that sends them back to back.
IDLE_AFTER_S = 0.02


class Worker:
    def __init__(self) -> None:
        self._queue: queue.PriorityQueue[tuple[int, int, Callable[[], None] | None]] = (
            queue.PriorityQueue()
        )
        self._order = itertools.count()
        self._thread = threading.Thread(target=self._serve, name="paperlens-worker", daemon=True)
        self._thread.start()

    async def run(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Call fn on the worker thread after the urgent calls submitted before it."""
        return await self._submit(URGENT, fn, *args, **kwargs)

    async def run_later(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Call fn on the worker thread once no urgent call is waiting."""
        return await self._submit(LATER, fn, *args, **kwargs)

    async def run_when_idle(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Call fn on the worker thread once nothing else was asked for IDLE_AFTER_S."""
        return await self._submit(IDLE, fn, *args, **kwargs)

    def _submit(
        self, priority: int, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs
    ) -> "asyncio.Future[T]":
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()

        def job() -> None:
            try:
                result = fn(*args, **kwargs)
            except BaseException as error:
                loop.call_soon_threadsafe(_settle, future, None, error)
            else:
                loop.call_soon_threadsafe(_settle, future, result, None)

        self._queue.put((priority, next(self._order), job))
        return future

    def _serve(self) -> None:
        while True:
            item = self._queue.get()
            priority, _, job = item
            if priority == IDLE and not self._quiet_for(IDLE_AFTER_S):
                self._queue.put(item)
                continue
            if job is None:
                return
            job()

    def _quiet_for(self, seconds: float) -> bool:
        """Whether no urgent or later job comes within `seconds` (what else comes is put back)."""
        deadline = time.monotonic() + seconds
        taken = []
        try:
            while (left := deadline - time.monotonic()) > 0:
                try:
                    item = self._queue.get(timeout=left)
                except queue.Empty:
                    return True
                taken.append(item)
                if item[0] < IDLE:
                    return False
            return True
        finally:
            for item in taken:
                self._queue.put(item)

    def close(self) -> None:
        """Finish what was submitted, then stop the thread."""
        self._queue.put((STOP, next(self._order), None))
        self._thread.join()


def _settle(future: "asyncio.Future[Any]", result: Any, error: BaseException | None) -> None:
    # A caller that stopped waiting (its connection closed) cancelled the future.
    if future.cancelled():
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)
