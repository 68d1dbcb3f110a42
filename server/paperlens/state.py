"""What the running server holds: settings, the store, the scorer and the WebSocket hub."""

from dataclasses import dataclass

from paperlens.scoring import Scorer
from paperlens.settings import Settings
from paperlens.storage import Store
from paperlens.ws.hub import Hub


@dataclass
class AppState:
    settings: Settings
    store: Store
    scorer: Scorer
    hub: Hub

    @classmethod
    def open(cls, settings: Settings) -> "AppState":
        store = Store(settings.db)
        return cls(settings=settings, store=store, scorer=Scorer(store), hub=Hub())

    def close(self) -> None:
        self.store.close()
