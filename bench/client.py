"""An asyncio WebSocket client speaking the PaperLens protocol (shared_schema/), for timing:
hello → welcome, page → scores, feedback → ack + pushed scores, recommend → recommendations."""

import asyncio
import json
import time
from typing import Any

from websockets.asyncio.client import ClientConnection, connect

from paperlens.records import Paper

REPLY_TIMEOUT_S = 30.0


class ProtocolError(Exception):
    """The server answered with an `error` frame or closed where an answer was expected."""


class BenchClient:
    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws
        # Longer for the first request after start, which loads the whole corpus.
        self.timeout = REPLY_TIMEOUT_S

    @classmethod
    async def open(cls, url: str, token: str) -> "BenchClient":
        # No compression: it would add client CPU to every timing.
        # No protocol pings either: a browser sends none (the extension pings in JSON), and a
        # server busy for 40 s with a cold corpus would fail them.
        ws = await connect(
            url, compression=None, max_size=16 * 1024 * 1024, open_timeout=30, ping_interval=None
        )
        client = cls(ws)
        await client.hello(token)
        return client

    async def send(self, message: dict[str, Any]) -> None:
        await self.ws.send(json.dumps(message))

    async def receive(self) -> dict[str, Any]:
        frame = await asyncio.wait_for(self.ws.recv(), self.timeout)
        message: dict[str, Any] = json.loads(frame)
        return message

    async def until(
        self, message_type: str, key: str | None = None, value: str | None = None
    ) -> dict[str, Any]:
        """The next message of that type (and with message[key] == value); an `error` fails."""
        while True:
            message = await self.receive()
            if message["type"] == "error":
                raise ProtocolError(f"{message['code']}: {message['message']}")
            if message["type"] == message_type and (key is None or message.get(key) == value):
                return message

    async def hello(self, token: str) -> dict[str, Any]:
        await self.send({"type": "hello", "token": token, "protocol": 1, "client": "bench"})
        return await self.until("welcome")

    async def page(self, page_id: str, papers: list[Paper]) -> float:
        """Show a page; the ms until its `scores` arrived. Scores pushed after feedback for the
        page this tab showed before carry the same page id: told apart by their papers."""
        started = time.perf_counter()
        await self.send({"type": "page", "page_id": page_id, "papers": papers})
        first = papers[0]["id"] if papers else None
        while True:
            scores = await self.until("scores", "page_id", page_id)
            if not scores["papers"] or scores["papers"][0]["id"] == first:
                return (time.perf_counter() - started) * 1000

    async def recommend(self, request_id: str, limit: int = 20) -> float:
        started = time.perf_counter()
        await self.send({"type": "recommend", "request_id": request_id, "limit": limit})
        await self.until("recommendations", "request_id", request_id)
        return (time.perf_counter() - started) * 1000

    async def close(self) -> None:
        await self.ws.close()
