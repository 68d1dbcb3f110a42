"""Changes to a user's library, whichever door they come through (WebSocket, REST, CLI):
store the feedback event durably, then have every open tab of that user refreshed; and the
library's BibTeX import and export."""

import secrets
from dataclasses import dataclass

from paperlens import bibtex
from paperlens.records import Action, FeedbackEvent, Paper, User
from paperlens.state import AppState
from paperlens.storage import Store


def new_event_id() -> str:
    return "srv-" + secrets.token_hex(12)


def record_feedback(
    state: AppState, user: User, event: FeedbackEvent, paper: Paper | None = None
) -> bool:
    """Store the event (idempotent by event id); True when it was new."""
    if paper is not None:
        state.store.upsert_papers([paper])
    stored = state.store.add_feedback(user, event)
    if stored and event.action != "open":
        state.pusher.model_changed(user)
    return stored


def apply_action(state: AppState, user: User, paper_id: str, action: Action) -> bool:
    """A library change made by the server on the user's behalf (REST unsave, import)."""
    return record_feedback(state, user, FeedbackEvent(new_event_id(), paper_id, action))


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


def export_bibtex(store: Store, user: User) -> str:
    ids = store.saved_ids(user)
    known = {p["id"]: p for p in store.papers(ids)}
    return bibtex.to_bibtex([known[i] for i in ids if i in known])
