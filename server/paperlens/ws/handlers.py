"""One handler per client message type (see shared_schema/README.md for the vocabulary).

Handlers run on the event loop and hand each touch of the store or the scorer to the worker
thread (`state.run`), one hop per message; the connection's own state and its frames stay on
the loop. The /ws route awaits each handler before reading the next frame, so one connection's
messages are answered in the order they came.
"""

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from paperlens import PROTOCOL_VERSION, frames
from paperlens.errors import BadToken, NotAuthenticated, ProtocolMismatch
from paperlens.library import record_feedback
from paperlens.records import FeedbackEvent, Paper, User
from paperlens.state import AppState
from paperlens.storage import Store
from paperlens.ws.hub import Connection
from paperlens.ws.pushes import excluded_ids, recommendations_for

if TYPE_CHECKING:
    from paperlens.learning.scoring import Scorer

log = logging.getLogger(__name__)

Handler = Callable[[AppState, Connection, dict[str, Any]], Awaitable[None]]


def _user(connection: Connection) -> User:
    if connection.user is None:
        raise NotAuthenticated("expected a hello with your token as the first message")
    return connection.user


def _welcome(store: Store, token: str) -> tuple[User | None, list[str], list[str]]:
    """On the worker: the token's user with their saved and dismissed ids."""
    user = store.authenticate(token)
    if user is None:
        return None, [], []
    return user, store.saved_ids(user), store.dismissed_ids(user)


async def on_hello(state: AppState, connection: Connection, message: dict[str, Any]) -> None:
    if message["protocol"] != PROTOCOL_VERSION:
        raise ProtocolMismatch(
            f"expected protocol {PROTOCOL_VERSION}, got {message['protocol']}; "
            "update the extension or the server"
        )
    user, saved_ids, dismissed_ids = await state.run(_welcome, state.store, message["token"])
    if user is None:
        raise BadToken("expected a valid PaperLens token; the token sent is not known")
    connection.user = user
    state.hub.add(connection)
    connection.send(frames.welcome(user.name, saved_ids, dismissed_ids))


def _score_page(
    store: Store,
    scorer: "Scorer",
    user: User,
    page_id: str,
    papers: list[Paper],
    paper_ids: list[str],
    stale_ok: bool,
) -> dict[str, Any]:
    """On the worker: store the page's papers and impressions, then its scores."""
    store.record_page(user, papers, paper_ids)
    return frames.scores(scorer.rank_page(user, page_id, paper_ids, papers, stale_ok))


async def on_page(state: AppState, connection: Connection, message: dict[str, Any]) -> None:
    user = _user(connection)
    page_id: str = message["page_id"]
    papers: list[Paper] = message["papers"]
    if not papers:
        # The tab closed or left the papers pages: stop pushing scores for it.
        connection.forget_page(page_id)
        return
    paper_ids = list(dict.fromkeys(p["id"] for p in papers))
    scorer = await state.scorer()
    # While a refit for this user's latest feedback is on its way, the page is scored with the
    # model it replaces (not refitted here too): the push that follows re-scores it.
    refitting = state.refits.pending(user)
    scores = await state.run(
        _score_page, state.store, scorer, user, page_id, papers, paper_ids, refitting
    )
    # Remembered once its papers are stored, so that a push never scores a page before that.
    connection.remember_page(page_id, paper_ids)
    connection.send(scores)
    state.refits.page_shown(user)


async def on_feedback(state: AppState, connection: Connection, message: dict[str, Any]) -> None:
    event = FeedbackEvent(
        event_id=message["event_id"],
        paper_id=message["paper_id"],
        action=message["action"],
        at=message.get("at"),
    )
    # Acknowledged only once stored (and synced to disk): the client may then forget it.
    await record_feedback(state, _user(connection), event, message.get("paper"))
    connection.send(frames.ack([event.event_id]))


async def on_recommend(state: AppState, connection: Connection, message: dict[str, Any]) -> None:
    user = _user(connection)
    exclude = excluded_ids(connection, message)
    scorer = await state.scorer()
    answer = await state.run(recommendations_for, scorer, user, message, exclude)
    connection.remember_recommend(message)
    connection.send(answer)


async def on_ping(state: AppState, connection: Connection, message: dict[str, Any]) -> None:
    connection.send(frames.pong(message.get("nonce")))


HANDLERS: dict[str, Handler] = {
    "hello": on_hello,
    "page": on_page,
    "feedback": on_feedback,
    "recommend": on_recommend,
    "ping": on_ping,
}
