"""One handler per client message type (see shared_schema/README.md for the vocabulary)."""

import logging
from collections.abc import Callable
from typing import Any

from paperlens import PROTOCOL_VERSION, __version__
from paperlens.errors import BadToken, NotAuthenticated, ProtocolMismatch
from paperlens.library import record_feedback
from paperlens.records import FeedbackEvent, Paper, User
from paperlens.state import AppState
from paperlens.ws.hub import Connection
from paperlens.ws.pushes import recommendations_for

log = logging.getLogger(__name__)

Handler = Callable[[AppState, Connection, dict[str, Any]], None]


def _user(connection: Connection) -> User:
    if connection.user is None:
        raise NotAuthenticated("expected a hello with your token as the first message")
    return connection.user


def on_hello(state: AppState, connection: Connection, message: dict[str, Any]) -> None:
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
    connection.send(
        {
            "type": "welcome",
            "protocol": PROTOCOL_VERSION,
            "server": f"paperlens/{__version__}",
            "user": user.name,
            "saved_ids": state.store.saved_ids(user),
            "dismissed_ids": state.store.dismissed_ids(user),
        }
    )


def on_page(state: AppState, connection: Connection, message: dict[str, Any]) -> None:
    user = _user(connection)
    papers: list[Paper] = message["papers"]
    if not papers:
        # The tab closed or left the papers pages: stop pushing scores for it.
        connection.forget_page(message["page_id"])
        return
    state.store.upsert_papers(papers)
    paper_ids = list(dict.fromkeys(p["id"] for p in papers))
    state.store.record_impressions(user, paper_ids)
    connection.remember_page(message["page_id"], paper_ids)
    connection.send(state.scorer.scores_message(user, message["page_id"], paper_ids))


def on_feedback(state: AppState, connection: Connection, message: dict[str, Any]) -> None:
    event = FeedbackEvent(
        event_id=message["event_id"],
        paper_id=message["paper_id"],
        action=message["action"],
        at=message.get("at"),
    )
    record_feedback(state, _user(connection), event, message.get("paper"))
    connection.send({"type": "ack", "event_ids": [event.event_id]})


def on_recommend(state: AppState, connection: Connection, message: dict[str, Any]) -> None:
    _user(connection)
    answer = recommendations_for(state.scorer, connection, message)
    connection.remember_recommend(message)
    connection.send(answer)


def on_ping(state: AppState, connection: Connection, message: dict[str, Any]) -> None:
    pong: dict[str, Any] = {"type": "pong"}
    if "nonce" in message:
        pong["nonce"] = message["nonce"]
    connection.send(pong)


HANDLERS: dict[str, Handler] = {
    "hello": on_hello,
    "page": on_page,
    "feedback": on_feedback,
    "recommend": on_recommend,
    "ping": on_ping,
}
