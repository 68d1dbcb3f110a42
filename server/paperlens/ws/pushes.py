"""Coalesced refits and pushes: after feedback, each of the user's tabs gets fresh state.

The first change refits and pushes at once (a single save shows its effect without delay);
changes arriving within the following window are folded into one more refit and push with the
final state, so a burst of saves costs two refits and two pushes per tab, not one per save.
"""

import asyncio
import logging
from typing import Any

from paperlens.records import User
from paperlens.scoring import Scorer
from paperlens.storage import Store
from paperlens.ws.hub import Connection, Hub

log = logging.getLogger(__name__)


def recommendations_for(
    scorer: Scorer, connection: Connection, message: dict[str, Any]
) -> dict[str, Any]:
    """Answer a recommend request for this connection (its page excluded when asked)."""
    assert connection.user is not None
    exclude_page = message.get("exclude_page_id")
    exclude = set(connection.pages.get(exclude_page, [])) if exclude_page else set()
    return scorer.recommendations_message(
        connection.user,
        message["request_id"],
        exclude=exclude,
        limit=message.get("limit", 20),
        like=message.get("like"),
    )


class Pusher:
    def __init__(self, store: Store, scorer: Scorer, hub: Hub, window_s: float) -> None:
        self._store = store
        self._scorer = scorer
        self._hub = hub
        self._window_s = window_s
        self._running: dict[int, asyncio.Task[None]] = {}
        self._dirty: set[int] = set()
        self.refits = 0

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
                self._refit_and_push(user)
                await asyncio.sleep(self._window_s)
                if user.id not in self._dirty:
                    return
        except Exception:
            log.exception("refit or push for user %s failed", user.name)
        finally:
            del self._running[user.id]

    def _refit_and_push(self, user: User) -> None:
        self._scorer.refit(user)
        self.refits += 1
        saved = {"type": "saved", "saved_ids": self._store.saved_ids(user)}
        for connection in self._hub.connections(user):
            connection.send(saved)
            for page_id, paper_ids in list(connection.pages.items()):
                connection.send(self._scorer.scores_message(user, page_id, paper_ids))
            for request in list(connection.recommend_requests.values()):
                connection.send(recommendations_for(self._scorer, connection, request))

    async def close(self) -> None:
        for task in list(self._running.values()):
            task.cancel()
