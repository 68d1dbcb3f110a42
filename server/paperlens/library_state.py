"""The one definition of what a user's library holds: each paper's standing (neither, saved, or
dismissed, a dismissal remembering whether the paper was saved before) after their feedback.

    save       any standing -> saved (a dismissal is cleared)
    unsave     saved -> none; dismissed (was saved) -> dismissed (was not); else unchanged
    dismiss    none -> dismissed; saved -> dismissed (was saved); dismissed: unchanged
    undismiss  dismissed -> what it was before; else unchanged
    open       unchanged

So "Not interested" then Undo puts a saved paper back in the library. The store applies these
rules event by event as it stores them (storage/sqlite/library.py); the learner replays them over
a user's events for its labels (learning.labels). The same cases, as data, are in
shared_schema/library_transitions.json, which the extension's tests read too.
"""

from collections.abc import Iterable
from enum import Enum

from paperlens.records import Action, FeedbackEvent


class Standing(Enum):
    NONE = "none"
    SAVED = "saved"
    DISMISSED = "dismissed"
    DISMISSED_SAVED = "dismissed, saved before"

    @property
    def saved(self) -> bool:
        return self is Standing.SAVED

    @property
    def dismissed(self) -> bool:
        return self in (Standing.DISMISSED, Standing.DISMISSED_SAVED)


_NEXT: dict[Action, dict[Standing, Standing]] = {
    "save": {s: Standing.SAVED for s in Standing},
    "unsave": {
        Standing.SAVED: Standing.NONE,
        Standing.DISMISSED_SAVED: Standing.DISMISSED,
    },
    "dismiss": {
        Standing.NONE: Standing.DISMISSED,
        Standing.SAVED: Standing.DISMISSED_SAVED,
    },
    "undismiss": {
        Standing.DISMISSED: Standing.NONE,
        Standing.DISMISSED_SAVED: Standing.SAVED,
    },
    "open": {},
}


def step(standing: Standing, action: Action) -> Standing:
    """A paper's standing after one more action on it."""
    return _NEXT[action].get(standing, standing)


def replay(actions: Iterable[Action]) -> Standing:
    """A paper's standing after these actions, from none."""
    standing = Standing.NONE
    for action in actions:
        standing = step(standing, action)
    return standing


def standings(events: Iterable[FeedbackEvent]) -> dict[str, Standing]:
    """Each paper's standing after the events, in the order the papers were first acted on
    (an "open" acts on nothing); papers back to none are kept."""
    result: dict[str, Standing] = {}
    for event in events:
        if event.action != "open":
            result[event.paper_id] = step(result.get(event.paper_id, Standing.NONE), event.action)
    return result
