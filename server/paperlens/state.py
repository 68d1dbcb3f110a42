"""What the running server holds: settings, the store, the scorer and the WebSocket hub."""

from dataclasses import dataclass

from paperlens.scoring import Scorer
from paperlens.settings import Settings
from paperlens.storage import Store
from paperlens.ws.hub import Hub
from paperlens.ws.pushes import Pusher


@dataclass
class AppState:
    settings: Settings
    store: Store
    scorer: Scorer
    hub: Hub
    pusher: Pusher

    @classmethod
    def open(cls, settings: Settings) -> "AppState":
        store = Store(settings.db)
        scorer, hub = Scorer(store), Hub()
        pusher = Pusher(store, scorer, hub, settings.push_window_s)
        return cls(settings=settings, store=store, scorer=scorer, hub=hub, pusher=pusher)

    async def close(self) -> None:
        await self.pusher.close()
        self.store.close()
