"""The worker thread: one thread for every store and scorer call, in the order submitted."""

import asyncio
import threading

from paperlens.worker import Worker


def test_calls_run_on_one_other_thread_in_submission_order() -> None:
    ran: list[tuple[int, int]] = []

    def job(n: int) -> int:
        ran.append((n, threading.get_ident()))
        return n * n

    async def submit_many() -> list[int]:
        worker = Worker()
        try:
            return await asyncio.gather(*(worker.run(job, n) for n in range(50)))
        finally:
            worker.close()

    assert asyncio.run(submit_many()) == [n * n for n in range(50)]
    assert [n for n, _ in ran] == list(range(50))
    threads = {thread for _, thread in ran}
    assert len(threads) == 1 and threading.get_ident() not in threads


def test_an_error_reaches_the_caller_and_the_worker_goes_on() -> None:
    def fail() -> None:
        raise LookupError("no such paper")

    async def fail_then_succeed() -> tuple[str, int]:
        worker = Worker()
        try:
            try:
                await worker.run(fail)
            except LookupError as error:
                message = str(error)
            return message, await worker.run(len, "abc")
        finally:
            worker.close()

    assert asyncio.run(fail_then_succeed()) == ("no such paper", 3)
