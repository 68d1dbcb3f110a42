"""What the running server holds: settings, the store, the learner, the worker thread that
alone calls them, the refits, and the WebSocket hub with its pushes.

The learner (scikit-learn, SciPy's statistics, the corpus in memory) is loaded after the server
starts answering: importing that stack takes ~1.1 s, and a hello, the library and feedback need
none of it. Whatever scores awaits `learning()` (or `scorer()`), ready once the corpus is
loaded.
"""

import asyncio
import gc
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from paperlens.learning import Learning, open_learning, snapshot
from paperlens.refits import Refits
from paperlens.settings import Settings
from paperlens.storage import Store, open_store
from paperlens.worker import Worker
from paperlens.ws.hub import Hub
from paperlens.ws.pushes import Pusher

if TYPE_CHECKING:
    from paperlens.learning.scoring import Scorer

P = ParamSpec("P")
T = TypeVar("T")

log = logging.getLogger(__name__)


@dataclass
class AppState:
    settings: Settings
    store: Store
    worker: Worker
    hub: Hub
    refits: Refits = field(init=False)
    _learning: "asyncio.Future[Learning] | None" = field(default=None, init=False)

    def __post_init__(self) -> None:
        pusher = Pusher(self.worker, self.store, self.hub, self.learning)
        self.refits = Refits(self.worker, self.learning, self.settings.push_window_s, pusher)

    @classmethod
    def open(cls, settings: Settings) -> "AppState":
        store = open_store(settings.db, checkpoint_every_s=settings.checkpoint_interval_s)
        return cls(settings, store, Worker(), Hub())

    def start_learning(self) -> None:
        """Import the learning stack and load the corpus, in the background (call on the loop)."""
        self._learning = asyncio.ensure_future(self._load_learning())

    async def _load_learning(self) -> Learning:
        loop = asyncio.get_running_loop()
        # Imported and set up on a thread of its own; the store stays with the worker thread.
        learning = await loop.run_in_executor(
            None, open_learning, self.store, snapshot.path_for(self.settings.db)
        )
        # Vectorise the corpus before the first page, so that it costs what every page costs.
        await self.run(learning.corpus.warm)
        # What is loaded now lives as long as the server: left out of the collector's full
        # passes, one of which took ~130 ms over the objects of a 12,000-paper corpus (a stall
        # for every page waiting on the worker).
        gc.collect()
        gc.freeze()
        log.info("scorer ready: %s papers", f"{len(learning.corpus):,}")
        return learning

    async def learning(self) -> Learning:
        """The learner and its fitting process, once loaded (see the module docstring)."""
        if self._learning is None:
            self.start_learning()
        assert self._learning is not None
        return await asyncio.shield(self._learning)

    async def scorer(self) -> "Scorer":
        """The scorer, once loaded."""
        return (await self.learning()).scorer

    async def run(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Call fn (anything touching the store or the scorer) on the worker thread."""
        return await self.worker.run(fn, *args, **kwargs)

    async def close(self) -> None:
        await self.refits.close()
        if self._learning is not None and not self._learning.done():
            # Not cancelled: the import thread cannot be stopped, and the warm-up holds the store.
            await asyncio.wait([self._learning])
        # Behind whatever the worker still has to do: nothing touches the store once closed.
        await self.run(self.store.close)
        self.worker.close()
        if self._learning is not None and self._learning.exception() is None:
            self._learning.result().fits.close()
