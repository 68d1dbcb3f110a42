"""When each user's model and the corpus statistics are refitted, whichever door the change came
through (WebSocket, REST, BibTeX import); the transport then pushes what changed (`Pushes`,
paperlens.ws.pushes).

After feedback, the first change refits (behind the pages clients wait for) and pushes at once,
so a single save shows its effect without delay; changes arriving within the following window
are folded into one more refit and push with the final state, so a burst of saves costs two
refits and two pushes per tab, not one per save.

After a page, in the background once the worker is idle: the refit of the corpus statistics
once the corpus has outgrown them (and the rebuild of the neighbourhood, a step at a time), and
the quiet refit (no push) of a taste fitted under the old ones; but a tab showing papers that
joined the neighbourhood (a page of new papers, scored before they had neighbours) gets its
fresh scores pushed.
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Protocol

from paperlens.learning import Learning
from paperlens.records import User
from paperlens.worker import Worker

log = logging.getLogger(__name__)

# Refits past their training set at once (see Refits._fitting): one being fitted, one ready.
REFITS_IN_FLIGHT = 2


class Pushes(Protocol):
    """What the transport does once a user's model changed."""

    async def push(self, user: User) -> None:
        """Send each connection of the user its fresh state (library, scores, picks)."""

    def users_showing(self, paper_ids: set[str]) -> list[User]:
        """The users with a connection showing any of these papers."""


class Refits:
    def __init__(
        self,
        worker: Worker,
        learning: Callable[[], Awaitable[Learning]],
        window_s: float,
        pushes: Pushes,
    ) -> None:
        self._worker = worker
        self._learning = learning
        self._window_s = window_s
        self._pushes = pushes
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
        # The look after a user's page, one at a time per user: pages come faster than it.
        self._checking: dict[int, asyncio.Task[None]] = {}

    def model_changed(self, user: User) -> None:
        """The user's feedback or library changed: refit and push now, or once more after the
        window."""
        if user.id in self._running:
            self._dirty.add(user.id)
            return
        self._running[user.id] = asyncio.create_task(self._run(user))

    async def _run(self, user: User) -> None:
        try:
            while True:
                self._dirty.discard(user.id)
                await self._refit(user)
                await self._pushes.push(user)
                await asyncio.sleep(self._window_s)
                if user.id not in self._dirty:
                    return
        except Exception:
            log.exception("refit or push for user %s failed", user.name)
        finally:
            del self._running[user.id]

    def pending(self, user: User) -> bool:
        """Whether a refit and push for this user's feedback is on its way: a page may use the
        model it replaces (the push brings its fresh scores)."""
        return user.id in self._running

    def page_shown(self, user: User) -> None:
        """A page was scored for the user: after it, see whether the corpus has outgrown its
        statistics and whether the user's taste is outdated (see Tastes.outdated)."""
        if user.id in self._checking:
            return
        task = asyncio.create_task(self._background(self._after_page(user)))
        self._checking[user.id] = task
        task.add_done_callback(lambda _: self._checking.pop(user.id, None))

    async def _after_page(self, user: User) -> None:
        learning = await self._learning()
        # Behind the pages clients wait for: two comparisons, no work of its own.
        statistics_due, outdated = await self._worker.run_later(_due, learning, user)
        if statistics_due:
            self._refit_statistics_when_idle()
        if outdated:
            self._refresh(user, push=False)

    def _refit_statistics_when_idle(self) -> None:
        if self._statistics is None or self._statistics.done():
            self._statistics = asyncio.create_task(self._background(self._refit_statistics()))

    async def _refit_statistics(self) -> None:
        corpus = (await self._learning()).corpus
        await self._worker.run_when_idle(corpus.refit_statistics)
        # The neighbourhood is rebuilt a step at a time (~20 ms), each when the worker is idle.
        joined = None
        while joined is None:
            joined = await self._worker.run_when_idle(corpus.build_neighbourhood)
        for user in self._pushes.users_showing(joined):
            self._refresh(user, push=True)

    def _refresh(self, user: User, push: bool) -> None:
        """Refit an outdated taste quietly: without a push (its scores move little; the next
        page and push use the new taste), or with one for the papers that joined the
        neighbourhood. Not while a refit for the user's feedback is on its way."""
        if user.id in self._running or user.id in self._refreshing:
            return
        job = self._rescore(user) if push else self._refit(user, quiet=True)
        task = asyncio.create_task(self._background(job))
        self._refreshing[user.id] = task
        task.add_done_callback(lambda _: self._refreshing.pop(user.id, None))

    async def _rescore(self, user: User) -> None:
        """A quiet refit, then fresh scores to the user's connections, if the taste is outdated
        (one fitted with no saves has no neighbourhood and nothing to re-score)."""
        tastes = (await self._learning()).tastes
        if await self._worker.run(tastes.outdated, user):
            await self._refit(user, quiet=True)
            await self._pushes.push(user)

    @staticmethod
    async def _background(job: Awaitable[object]) -> None:
        try:
            await job
        except Exception:
            log.exception("a background refit failed")

    async def _refit(self, user: User, quiet: bool = False) -> None:
        learning = await self._learning()
        tastes = learning.tastes
        async with self._fitting_quietly if quiet else self._fitting:
            # Behind the pages that clients wait for (a quiet refit: once the worker is idle);
            # the fit itself runs in another process.
            begin = self._worker.run_when_idle if quiet else self._worker.run_later
            refit = await begin(tastes.begin_refit, user)
            training = refit.problem.training
            classifier = None if training is None else await learning.fits.fit(training)
            await self._worker.run(tastes.end_refit, refit, classifier)
        if quiet:
            log.info("%s's taste refitted quietly under the new corpus statistics", user.name)

    async def close(self) -> None:
        tasks = [*self._running.values(), *self._refreshing.values(), *self._checking.values()]
        for task in [*tasks, self._statistics]:
            if task is not None:
                task.cancel()


def _due(learning: Learning, user: User) -> tuple[bool, bool]:
    """On the worker: whether the corpus statistics are due a refit, and whether the user's
    taste is outdated."""
    return learning.corpus.statistics_due, learning.tastes.outdated(user)
