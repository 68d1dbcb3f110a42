"""Classifier fits in a process of their own, so that a refit does not hold the server's GIL.

A refit's liblinear fit and scikit-learn's checks around it (~15-25 ms of Python and C that
keeps the GIL) would stall the event loop and the worker thread alike: with 1,000 clients the
refits that follow their saves took most of the one core the server's threads share. Here they
run on the other core, in a child process that receives only arrays (the training set, ~2 MB)
and returns the fitted classifier (~40 KB of weights); the caller turns it into the Taste on
the worker thread. Should that process die, the fit is done on a thread instead (it touches
only the arrays) and the process is started again. Should the server die (a crash, SIGKILL),
the process ends too: nothing else would ever end it.
"""

import asyncio
import logging
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from paperlens.learning.classifier import RelevanceClassifier
from paperlens.learning.taste import TrainingSet

log = logging.getLogger(__name__)

# How often the fitting process checks that the server is still there.
PARENT_CHECK_S = 1.0


def _ready() -> bool:
    return True


def _end_with(server_pid: int) -> None:
    """In the fitting process: exit once the server is gone (it is then re-parented)."""

    def watch() -> None:
        while os.getppid() == server_pid:
            time.sleep(PARENT_CHECK_S)
        os._exit(0)

    threading.Thread(target=watch, name="paperlens-parent-watch", daemon=True).start()


class FitPool:
    def __init__(self) -> None:
        self._executor = self._start()

    @staticmethod
    def _start() -> ProcessPoolExecutor:
        # "spawn": a fork of the server would copy its threads' state and the SQLite handle.
        executor = ProcessPoolExecutor(
            1,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_end_with,
            initargs=(os.getpid(),),
        )
        # Started now (it imports scikit-learn, ~1 s) rather than on the first save.
        executor.submit(_ready)
        return executor

    async def fit(self, training: TrainingSet) -> RelevanceClassifier:
        """The classifier of this training set, fitted in the child process."""
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._executor, training.fit)
        except BrokenProcessPool:
            log.warning("the fitting process died; fitting on a thread and starting it again")
            self._executor = self._start()
            return await loop.run_in_executor(None, training.fit)

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
