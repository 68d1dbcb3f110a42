"""What the running server holds: settings, the store, the scorer, the worker thread that alone
calls them, and the WebSocket hub."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import ParamSpec, TypeVar

from paperlens.scoring import Scorer
from paperlens.settings import Settings
from paperlens.storage import Store
from paperlens.worker import Worker
from paperlens.ws.hub import Hub
from paperlens.ws.pushes import Pusher

P = ParamSpec("P")
T = TypeVar("T")


@dataclass
class AppState:
    settings: Settings
    store: Store
    scorer: Scorer
    worker: Worker
    hub: Hub
    pusher: Pusher

    @classmethod
    def open(cls, settings: Settings) -> "AppState":
        store, worker = Store(settings.db), Worker()
        scorer, hub = Scorer(store), Hub()
        pusher = Pusher(worker, store, scorer, hub, settings.push_window_s)
        return cls(settings, store, scorer, worker, hub, pusher)

    async def run(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Call fn (anything touching the store or the scorer) on the worker thread."""
        return await self.worker.run(fn, *args, **kwargs)

    async def close(self) -> None:
        await self.pusher.close()
        # Behind whatever the worker still has to do: nothing touches the store once closed.
        await self.run(self.store.close)
        self.worker.close()
