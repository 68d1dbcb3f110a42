"""Pushes to a user's open connections once their model changed (paperlens.refits decides when):
the `saved` library, fresh `scores` of every page each connection shows, and its `recommend`
requests answered again.

What each connection shows is read on the event loop (which alone changes it) once the refit is
done; every frame's content is computed on the worker thread in one go, and sent from the loop.
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from paperlens import frames
from paperlens.learning import Learning
from paperlens.records import User
from paperlens.storage import Store
from paperlens.worker import Worker
from paperlens.ws.hub import Connection, Hub

if TYPE_CHECKING:
    from paperlens.learning.scoring import Scorer

# One recommend request of a connection with the paper ids it excludes.
Request = tuple[dict[str, Any], set[str]]


@dataclass(frozen=True)
class Showing:
    """What one connection shows: its pages (page id, paper ids) and its recommend requests."""

    pages: list[tuple[str, list[str]]]
    requests: list[Request]


def excluded_ids(connection: Connection, message: dict[str, Any]) -> set[str]:
    """The papers of the page a recommend request asks to leave out (read on the loop)."""
    exclude_page = message.get("exclude_page_id")
    return set(connection.pages.get(exclude_page, [])) if exclude_page else set()


def recommendations_for(
    scorer: "Scorer", user: User, message: dict[str, Any], exclude: set[str]
) -> dict[str, Any]:
    """Answer a recommend request (on the worker thread)."""
    picks = scorer.recommend(
        user, exclude=exclude, limit=message.get("limit", 20), like=message.get("like")
    )
    return frames.recommendations(message["request_id"], picks)


class Pusher:
    def __init__(
        self,
        worker: Worker,
        store: Store,
        hub: Hub,
        learning: Callable[[], Awaitable[Learning]],
    ) -> None:
        self._worker = worker
        self._store = store
        self._hub = hub
        self._learning = learning

    def users_showing(self, paper_ids: set[str]) -> list[User]:
        return self._hub.showing(paper_ids)

    async def push(self, user: User) -> None:
        """Send each connection of the user its fresh state."""
        scorer = (await self._learning()).scorer
        # What each connection shows, read after the refit: a page answered with the old model
        # before it was remembered here is rendered below with the new one.
        connections = self._hub.connections(user)
        showing = [
            Showing(
                list(c.pages.items()),
                [(r, excluded_ids(c, r)) for r in c.recommend_requests.values()],
            )
            for c in connections
        ]
        rendered = await self._worker.run(self._render, scorer, user, showing)
        for connection, messages in zip(connections, rendered, strict=True):
            for message in messages:
                connection.send(message)

    def _render(
        self, scorer: "Scorer", user: User, showing: list[Showing]
    ) -> list[list[dict[str, Any]]]:
        """On the worker thread: the frames each connection gets, in the order sent. (Feedback
        newer than the refit is folded into the next round: see paperlens.refits.)"""
        saved = frames.saved(self._store.saved_ids(user))
        # Every connection's pages scored in one go, then handed out connection by connection.
        pages = [page for shown in showing for page in shown.pages]
        scores = iter(
            [frames.scores(page) for page in scorer.rank_pages(user, pages, stale_ok=True)]
        )
        return [
            [
                saved,
                *(next(scores) for _ in shown.pages),
                *(recommendations_for(scorer, user, r, ex) for r, ex in shown.requests),
            ]
            for shown in showing
        ]
