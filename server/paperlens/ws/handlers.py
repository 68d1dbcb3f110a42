"""One handler per client message type (see shared_schema/README.md for the vocabulary)."""

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from paperlens import PROTOCOL_VERSION, __version__
from paperlens.errors import BadToken, NotAuthenticated, ProtocolMismatch
from paperlens.records import FeedbackEvent, Paper, User
from paperlens.state import AppState
from paperlens.ws.hub import Connection

log = logging.getLogger(__name__)

Handler = Callable[[AppState, Connection, dict[str, Any]], Awaitable[None]]


def _user(connection: Connection) -> User:
    if connection.user is None:
        raise NotAuthenticated("expected a hello with your token as the first message")
    return connection.user


async def on_hello(state: AppState, connection: Connection, message: dict[str, Any]) -> None:
    if message["protocol"] != PROTOCOL_VERSION:
        raise ProtocolMismatch(
            f"expected protocol {PROTOCOL_VERSION}, got {message['protocol']}; "
            "update the extension or the server"
        )
    user = state.store.authenticate(message["token"])
    if user is None:
        raise BadToken("expected a valid PaperLens token; the token sent is not known")
    connection.user = user
    state.hub.add(connection)
    await connection.send(
        {
            "type": "welcome",
            "protocol": PROTOCOL_VERSION,
            "server": f"paperlens/{__version__}",
            "user": user.name,
            "saved_ids": state.store.saved_ids(user),
        }
    )


async def on_page(state: AppState, connection: Connection, message: dict[str, Any]) -> None:
    user = _user(connection)
    papers: list[Paper] = message["papers"]
    state.store.upsert_papers(papers)
    paper_ids = list(dict.fromkeys(p["id"] for p in papers))
    state.store.record_impressions(user, paper_ids)
    connection.remember_page(message["page_id"], paper_ids)
    await connection.send(state.scorer.scores_message(user, message["page_id"], paper_ids))


async def on_feedback(state: AppState, connection: Connection, message: dict[str, Any]) -> None:
    user = _user(connection)
    if "paper" in message:
        state.store.upsert_papers([message["paper"]])
    event = FeedbackEvent(
        event_id=message["event_id"],
        paper_id=message["paper_id"],
        action=message["action"],
        at=message.get("at"),
    )
    stored = state.store.add_feedback(user, event)
    await connection.send({"type": "ack", "event_ids": [event.event_id]})
    if not stored or event.action == "open":
        return
    state.scorer.refit(user)
    saved = {"type": "saved", "saved_ids": state.store.saved_ids(user)}
    for other in state.hub.connections(user):
        await other.send(saved)
        for page_id, paper_ids in list(other.pages.items()):
            await other.send(state.scorer.scores_message(user, page_id, paper_ids))
        for request in list(other.recommend_requests.values()):
            await other.send(_recommendations(state, other, request))


def _recommendations(
    state: AppState, connection: Connection, message: dict[str, Any]
) -> dict[str, Any]:
    exclude_page = message.get("exclude_page_id")
    exclude = set(connection.pages.get(exclude_page, [])) if exclude_page else set()
    return state.scorer.recommendations_message(
        _user(connection),
        message["request_id"],
        exclude=exclude,
        limit=message.get("limit", 20),
        like=message.get("like"),
    )


async def on_recommend(state: AppState, connection: Connection, message: dict[str, Any]) -> None:
    answer = _recommendations(state, connection, message)
    connection.remember_recommend(message)
    await connection.send(answer)


async def on_ping(state: AppState, connection: Connection, message: dict[str, Any]) -> None:
    pong: dict[str, Any] = {"type": "pong"}
    if "nonce" in message:
        pong["nonce"] = message["nonce"]
    await connection.send(pong)


HANDLERS: dict[str, Handler] = {
    "hello": on_hello,
    "page": on_page,
    "feedback": on_feedback,
    "recommend": on_recommend,
    "ping": on_ping,
}
