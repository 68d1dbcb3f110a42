"""The server's one worker thread: every call into the Store and the Scorer runs here.

SQLite writes, refits and scoring are CPU and disk work; on the event loop they would hold up
every other connection's frames. One thread, fed in submission order, keeps the store and the
scorer single-threaded (no locks anywhere) while the event loop is left with I/O, JSON and frame
checks. Callers await `run`, so what one connection asks is done in the order it asked.
"""

import asyncio
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


class Worker:
    def __init__(self) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="paperlens-worker")

    async def run(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Call fn on the worker thread after everything submitted before it; its result."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, functools.partial(fn, *args, **kwargs))

    def close(self) -> None:
        """Finish what was submitted, then stop the thread."""
        self._executor.shutdown(wait=True)
