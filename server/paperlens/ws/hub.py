"""Registry of open WebSocket connections per user, and the pages each one is showing."""

import json
import logging
from collections import OrderedDict
from typing import Any

from starlette.websockets import WebSocket, WebSocketState

from paperlens.records import User

log = logging.getLogger(__name__)


class Connection:
    def __init__(self, websocket: WebSocket, max_pages: int) -> None:
        self.websocket = websocket
        self.user: User | None = None
        # page_id -> paper ids shown there; pushes after feedback re-score each of these.
        self.pages: OrderedDict[str, list[str]] = OrderedDict()
        # request_id -> the recommend message; answered again whenever the model changes.
        self.recommend_requests: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._max_pages = max_pages

    def remember_page(self, page_id: str, paper_ids: list[str]) -> None:
        self.pages[page_id] = paper_ids
        self.pages.move_to_end(page_id)
        while len(self.pages) > self._max_pages:
            self.pages.popitem(last=False)

    def remember_recommend(self, message: dict[str, Any]) -> None:
        self.recommend_requests[message["request_id"]] = message
        self.recommend_requests.move_to_end(message["request_id"])
        while len(self.recommend_requests) > self._max_pages:
            self.recommend_requests.popitem(last=False)

    async def send(self, message: dict[str, Any]) -> None:
        if self.websocket.client_state is WebSocketState.CONNECTED:
            await self.websocket.send_text(json.dumps(message, ensure_ascii=False))


class Hub:
    def __init__(self) -> None:
        self._by_user: dict[int, set[Connection]] = {}

    def add(self, connection: Connection) -> None:
        assert connection.user is not None
        self._by_user.setdefault(connection.user.id, set()).add(connection)

    def remove(self, connection: Connection) -> None:
        if connection.user is None:
            return
        connections = self._by_user.get(connection.user.id)
        if connections is not None:
            connections.discard(connection)
            if not connections:
                del self._by_user[connection.user.id]

    def connections(self, user: User) -> list[Connection]:
        return list(self._by_user.get(user.id, ()))

    def count(self) -> int:
        return sum(len(c) for c in self._by_user.values())
