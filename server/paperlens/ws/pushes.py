"""Coalesced refits and pushes: after feedback, each of the user's tabs gets fresh state.

The first change refits (behind the pages clients wait for) and pushes at once (a single save
shows its effect without delay); changes arriving within the following window are folded into
one more refit and push with the final state, so a burst of saves costs two refits and two
pushes per tab, not one per save.

Also in the background, once the worker is idle: the refit of the corpus statistics once the
corpus has outgrown them, and the quiet refit (no push) of a taste fitted under the old ones;
but a tab showing papers that joined the neighbourhood (a page of new papers, scored before they
had neighbours) gets its fresh scores pushed.

What each tab shows is read on the event loop (which alone changes it) once the refit is done;
every frame's content is computed on the worker thread in one go, and sent from the loop.
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from paperlens.records import User
from paperlens.storage import Store
from paperlens.worker import Worker
from paperlens.ws.hub import Connection, Hub

if TYPE_CHECKING:
    from paperlens.learning.scoring import Scorer
    from paperlens.state import Learning

log = logging.getLogger(__name__)

# Refits past their training set at once (see Pusher._fitting): one being fitted, one ready.
REFITS_IN_FLIGHT = 2

# One recommend request of a tab with the paper ids it excludes.
Request = tuple[dict[str, Any], set[str]]
# What one tab shows: its pages (page_id, paper ids) and its recommend requests.
Tab = tuple[list[tuple[str, list[str]]], list[Request]]


def excluded_ids(connection: Connection, message: dict[str, Any]) -> set[str]:
    """The papers of the page a recommend request asks to leave out (read on the loop)."""
    exclude_page = message.get("exclude_page_id")
    return set(connection.pages.get(exclude_page, [])) if exclude_page else set()


def recommendations_for(
    scorer: "Scorer", user: User, message: dict[str, Any], exclude: set[str]
) -> dict[str, Any]:
    """Answer a recommend request (on the worker thread)."""
    return scorer.recommendations_message(
        user,
        message["request_id"],
        exclude=exclude,
        limit=message.get("limit", 20),
        like=message.get("like"),
    )


class Pusher:
    def __init__(
        self,
        worker: Worker,
        store: Store,
        learning: Callable[[], Awaitable["Learning"]],
        hub: Hub,
        window_s: float,
    ) -> None:
        self._worker = worker
        self._store = store
        self._learning = learning
        self._hub = hub
        self._window_s = window_s
        self._running: dict[int, asyncio.Task[None]] = {}
        self._dirty: set[int] = set()
        # Refits between their training set and their fitted taste. A training set is ~1 MB
        # and the fitting process takes one at a time: after a burst (the pages of 1,000 users
        # had kept their refits waiting), unbounded, they took the server from 0.7 to 1.5 GB.
        self._fitting = asyncio.Semaphore(REFITS_IN_FLIGHT)
        # Quiet refits wait for an idle worker: apart, so that they never hold up feedback's.
        self._fitting_quietly = asyncio.Semaphore(1)
        self._statistics: asyncio.Task[None] | None = None
        self._refreshing: dict[int, asyncio.Task[None]] = {}

    def model_changed(self, user: User) -> None:
        """The user's feedback changed: refit and push now, or once more after the window."""
        if user.id in self._running:
            self._dirty.add(user.id)
            return
        self._running[user.id] = asyncio.create_task(self._run(user))

    async def _run(self, user: User) -> None:
        try:
            while True:
                self._dirty.discard(user.id)
                await self._refit_and_push(user)
                await asyncio.sleep(self._window_s)
                if user.id not in self._dirty:
                    return
        except Exception:
            log.exception("refit or push for user %s failed", user.name)
        finally:
            del self._running[user.id]

    def pending(self, user: User) -> bool:
        """Whether a refit and push for this user is on its way (pages may use the model it
        replaces: the push brings their fresh scores)."""
        return user.id in self._running

    def refit_statistics(self) -> None:
        """The corpus has outgrown its statistics (or its neighbourhood): refit them once the
        worker is idle."""
        if self._statistics is None or self._statistics.done():
            self._statistics = asyncio.create_task(self._background(self._refit_statistics()))

    async def _refit_statistics(self) -> None:
        scorer = (await self._learning()).scorer
        await self._worker.run_when_idle(scorer.refit_statistics)
        # The neighbourhood is rebuilt a step at a time (~20 ms), each when the worker is idle.
        joined = None
        while joined is None:
            joined = await self._worker.run_when_idle(scorer.build_neighbourhood)
        for user in self._hub.showing(joined):
            self._refresh(user, push=True)

    def refresh(self, user: User) -> None:
        """The user's taste is outdated (see Scorer.outdated): refit it, without a push (its
        scores move little; the next page and push use the new taste)."""
        self._refresh(user, push=False)

    def _refresh(self, user: User, push: bool) -> None:
        if user.id in self._running or user.id in self._refreshing:
            return
        job = self._rescore(user) if push else self._refit(user, quiet=True)
        task = asyncio.create_task(self._background(job))
        self._refreshing[user.id] = task
        task.add_done_callback(lambda _: self._refreshing.pop(user.id, None))

    async def _rescore(self, user: User) -> None:
        """A quiet refit, then fresh scores to the user's tabs, if the taste is outdated (one
        fitted with no saves has no neighbourhood and nothing to re-score)."""
        scorer = (await self._learning()).scorer
        if await self._worker.run(scorer.outdated, user):
            await self._refit_and_push(user, quiet=True)

    @staticmethod
    async def _background(job: Awaitable[object]) -> None:
        try:
            await job
        except Exception:
            log.exception("a background refit failed")

    async def _refit(self, user: User, quiet: bool = False) -> "Scorer":
        learning = await self._learning()
        scorer = learning.scorer
        async with self._fitting_quietly if quiet else self._fitting:
            # Behind the pages that clients wait for (a quiet refit: once the worker is idle);
            # the fit itself runs in another process.
            begin = self._worker.run_when_idle if quiet else self._worker.run_later
            refit = await begin(scorer.begin_refit, user)
            problem = refit.to_fit
            classifier = None if problem is None else await learning.fits.fit(problem)
            await self._worker.run(scorer.end_refit, refit, classifier)
        if quiet:
            log.info("%s's taste refitted quietly under the new corpus statistics", user.name)
        return scorer

    async def _refit_and_push(self, user: User, quiet: bool = False) -> None:
        scorer = await self._refit(user, quiet)
        # What each tab shows, read after the refit: a page answered with the old model before
        # it was remembered here, so it is rendered below with the new one.
        connections = self._hub.connections(user)
        tabs: list[Tab] = [
            (
                list(c.pages.items()),
                [(r, excluded_ids(c, r)) for r in c.recommend_requests.values()],
            )
            for c in connections
        ]
        frames = await self._worker.run(self._render, scorer, user, tabs)
        for connection, messages in zip(connections, frames, strict=True):
            for message in messages:
                connection.send(message)

    def _render(self, scorer: "Scorer", user: User, tabs: list[Tab]) -> list[list[dict[str, Any]]]:
        """On the worker thread: the frames each tab gets, in the order sent. (Feedback newer
        than the refit is folded into the next round: see model_changed.)"""
        saved = {"type": "saved", "saved_ids": self._store.saved_ids(user)}
        # Every tab's pages scored in one go, then handed out tab by tab.
        scores = iter(
            scorer.scores_messages(user, [p for pages, _ in tabs for p in pages], stale_ok=True)
        )
        return [
            [
                saved,
                *(next(scores) for _ in pages),
                *(recommendations_for(scorer, user, r, ex) for r, ex in requests),
            ]
            for pages, requests in tabs
        ]

    async def close(self) -> None:
        for task in [*self._running.values(), *self._refreshing.values(), self._statistics]:
            if task is not None:
                task.cancel()
