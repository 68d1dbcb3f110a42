"""Changes to a user's library, whichever door they come through (WebSocket, REST, CLI): store
the feedback event durably, then have the user's model refitted and every open connection of
theirs refreshed (paperlens.refits, reached from here only); and the library's BibTeX import and
export.

The server calls the store through its worker thread (`AppState.run`) with the async functions;
the CLI, which has no event loop (nor connections), calls the synchronous ones directly."""

import secrets
from dataclasses import dataclass

from paperlens import bibtex
from paperlens.records import Action, FeedbackEvent, Paper, User
from paperlens.state import AppState
from paperlens.storage import Store


def new_event_id() -> str:
    return "srv-" + secrets.token_hex(12)


def store_feedback(store: Store, user: User, event: FeedbackEvent, paper: Paper | None) -> bool:
    """Store the event, and its paper first when given; True when the event was new."""
    if paper is not None:
        store.upsert_papers([paper])
    return store.add_feedback(user, event)


async def record_feedback(
    state: AppState, user: User, event: FeedbackEvent, paper: Paper | None = None
) -> bool:
    """Store the event on the worker thread (idempotent by event id), then have the user's
    model refitted; True when it was new. Returns once the event is durably stored."""
    stored = await state.run(store_feedback, state.store, user, event, paper)
    if stored and event.action != "open":
        _changed(state, user)
    return stored


async def apply_action(state: AppState, user: User, paper_id: str, action: Action) -> bool:
    """A library change made by the server on the user's behalf (REST unsave)."""
    return await record_feedback(state, user, FeedbackEvent(new_event_id(), paper_id, action))


@dataclass(frozen=True)
class ImportResult:
    paper_ids: list[str]
    skipped: list[bibtex.Skipped]
    newly_saved: int


def import_bibtex(store: Store, user: User, text: str) -> ImportResult:
    """Each entry becomes a paper and a save; papers already saved are left as they are."""
    papers, skipped = bibtex.from_bibtex(text)
    store.upsert_papers(papers)
    already = set(store.saved_ids(user))
    newly_saved = 0
    for paper in papers:
        if paper["id"] not in already:
            store.add_feedback(user, FeedbackEvent(new_event_id(), paper["id"], "save"))
            already.add(paper["id"])
            newly_saved += 1
    return ImportResult([p["id"] for p in papers], skipped, newly_saved)


async def import_library(state: AppState, user: User, text: str) -> ImportResult:
    """`import_bibtex` on the worker thread, then the user's model refitted if it saved any."""
    result = await state.run(import_bibtex, state.store, user, text)
    if result.newly_saved:
        _changed(state, user)
    return result


def _changed(state: AppState, user: User) -> None:
    """The one way from a library change to the refit of the user's model and its pushes."""
    state.refits.model_changed(user)


def export_bibtex(store: Store, user: User) -> str:
    ids = store.saved_ids(user)
    known = {p["id"]: p for p in store.papers(ids)}
    return bibtex.to_bibtex([known[i] for i in ids if i in known])
