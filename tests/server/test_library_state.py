"""What a user's library holds after their feedback: one derivation (paperlens.library_state),
checked on the shared cases of shared_schema/library_transitions.json (the extension's tests read
the same file) through the store on a real SQLite file and through the learner's labels, on
random sequences against a replay of the rules written here, and across the migration of a
database made by the old rules."""

import itertools
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils
from hypothesis import given, settings
from hypothesis import strategies as st

from paperlens.learning.labels import labels_from_events
from paperlens.library_state import replay
from paperlens.records import Action, FeedbackEvent
from paperlens.storage import SqliteStore
from paperlens.storage.sqlite.schema import MIGRATIONS

VECTORS = Path(__file__).resolve().parents[2] / "shared_schema" / "library_transitions.json"
ACTIONS: tuple[Action, ...] = ("save", "unsave", "dismiss", "undismiss")
CASES: list[dict[str, Any]] = json.loads(VECTORS.read_text(encoding="utf-8"))


def reference(actions: list[str]) -> tuple[bool, bool]:
    """(saved, dismissed) after the actions, by the rules as the issue states them: none, saved
    or dismissed, a dismissal remembering what the paper was before."""
    state, before = "none", "none"
    for action in actions:
        if action == "save":
            state = "saved"
        elif action == "unsave":
            if state == "saved":
                state = "none"
            elif state == "dismissed":
                before = "none"
        elif action == "dismiss" and state != "dismissed":
            state, before = "dismissed", state
        elif action == "undismiss" and state == "dismissed":
            state = before
    return state == "saved", state == "dismissed"


def test_the_cases_hold_every_sequence_of_up_to_three_actions() -> None:
    listed = [tuple(case["events"]) for case in CASES]
    every = [seq for n in range(4) for seq in itertools.product(ACTIONS, repeat=n)]
    assert set(every) <= set(listed)
    assert len(listed) == len(set(listed)), "each case once"
    for case in CASES:
        assert reference(case["events"]) == (case["saved"], case["dismissed"]), case


def test_undo_of_not_interested_puts_a_saved_paper_back() -> None:
    assert replay(["save", "dismiss", "undismiss"]).saved


def test_every_sequence_of_up_to_six_actions_follows_the_rules() -> None:
    for n in range(7):
        for actions in itertools.product((*ACTIONS, "open"), repeat=n):
            standing = replay(actions)
            expected = reference([a for a in actions if a != "open"])
            assert (standing.saved, standing.dismissed) == expected, actions


@pytest.mark.parametrize("case", CASES, ids=lambda c: ",".join(c["events"]) or "nothing")
def test_each_case_by_the_rules(case: dict[str, Any]) -> None:
    standing = replay(case["events"])
    assert (standing.saved, standing.dismissed) == (case["saved"], case["dismissed"])


def _events(paper_id: str, actions: list[str], prefix: str) -> list[FeedbackEvent]:
    return [
        FeedbackEvent(f"{prefix}-{n:04d}", paper_id, action)  # type: ignore[arg-type]
        for n, action in enumerate(actions)
    ]


def test_every_case_in_the_store_and_in_the_learners_labels(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "paperlens.db")
    user, _ = store.add_user("ada")
    for i, case in enumerate(CASES):
        for event in _events(f"2401.{i:05d}", case["events"], f"case-{i}"):
            assert store.add_feedback(user, event)
    saved, dismissed = set(store.saved_ids(user)), set(store.dismissed_ids(user))
    labels = labels_from_events(store.feedback_events(user))
    for i, case in enumerate(CASES):
        paper_id = f"2401.{i:05d}"
        expected = (case["saved"], case["dismissed"])
        assert (paper_id in saved, paper_id in dismissed) == expected, case
        assert (paper_id in labels.saved, paper_id in labels.dismissed) == expected, case
    # The library lists what is saved, and nothing else.
    total, listed = store.library(user, None, 500, 0)
    assert total == len(saved) and {paper["id"] for paper, _ in listed} == saved


def test_an_undone_dismissal_keeps_the_time_of_the_save(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "paperlens.db")
    user, _ = store.add_user("ada")
    store.add_feedback(user, FeedbackEvent("e-1", "2401.00001", "save", "2026-05-01T10:00:00Z"))
    store.add_feedback(user, FeedbackEvent("e-2", "2401.00002", "save", "2026-05-02T10:00:00Z"))
    store.add_feedback(user, FeedbackEvent("e-3", "2401.00001", "dismiss"))
    assert store.saved_ids(user) == ["2401.00002"]
    assert store.dismissed_ids(user) == ["2401.00001"]
    store.add_feedback(user, FeedbackEvent("e-4", "2401.00001", "undismiss"))
    assert store.saved_ids(user) == ["2401.00001", "2401.00002"]
    assert store.dismissed_ids(user) == []
    _, listed = store.library(user, None, 10, 0)
    assert [(p["id"], at) for p, at in listed] == [
        ("2401.00002", "2026-05-02T10:00:00Z"),
        ("2401.00001", "2026-05-01T10:00:00Z"),
    ]


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SqliteStore]:
    # On tmpfs where there is one: every event is committed with an fsync.
    shm = Path("/dev/shm")
    folder = tmp_path_factory.mktemp("library")
    path = (shm if shm.is_dir() else folder) / f"paperlens-{folder.name}.db"
    store = SqliteStore(path)
    yield store
    store.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


PAPERS = ("2401.00001", "2401.00002")
# An event: which paper, which action (open included), and whether it is sent twice (a replay
# after a reconnect, with the same event id).
step = st.tuples(st.sampled_from(PAPERS), st.sampled_from((*ACTIONS, "open")), st.booleans())
users = itertools.count()


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(steps=st.lists(step, min_size=4, max_size=40))
def test_random_sequences_against_a_replay_of_the_rules(
    shared_store: SqliteStore, steps: list[tuple[str, Action, bool]]
) -> None:
    user, _ = shared_store.add_user(f"user-{next(users)}")
    for n, (paper_id, action, twice) in enumerate(steps):
        event = FeedbackEvent(f"event-{n:04d}", paper_id, action)
        assert shared_store.add_feedback(user, event)
        if twice:
            assert not shared_store.add_feedback(user, event)
    saved, dismissed = set(shared_store.saved_ids(user)), set(shared_store.dismissed_ids(user))
    labels = labels_from_events(shared_store.feedback_events(user))
    for paper_id in PAPERS:
        actions = [a for p, a, _ in steps if p == paper_id and a != "open"]
        expected = reference(actions)
        assert (paper_id in saved, paper_id in dismissed) == expected
        assert (paper_id in labels.saved, paper_id in labels.dismissed) == expected


def _old_database(path: Path, events: list[tuple[str, str, str]]) -> None:
    """A database of schema 4 holding `events` (user, paper, action) as the old rules stored
    them: a save added to `saves`, an unsave or a dismissal deleted from it, an undismiss
    nothing."""
    conn = sqlite3.connect(path, isolation_level=None)
    db = sqlite_utils.Database(conn)
    for migration in MIGRATIONS[:4]:
        migration(db)
    conn.execute("PRAGMA user_version=4")
    names = sorted({user for user, _, _ in events})
    for n, name in enumerate(names, start=1):
        conn.execute(
            "INSERT INTO users (id, name, token, token_sha256, created) VALUES (?, ?, ?, ?, ?)",
            [n, name, f"token-{n}", f"sha-{n}", "2026-05-01T00:00:00Z"],
        )
    for n, (name, paper_id, action) in enumerate(events):
        user_id = names.index(name) + 1
        at = f"2026-05-01T00:{n // 60:02d}:{n % 60:02d}Z"
        conn.execute(
            "INSERT INTO feedback (user_id, event_id, paper_id, action, at, received)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [user_id, f"e-{n:04d}", paper_id, action, at, at],
        )
        if action == "save":
            conn.execute(
                "INSERT OR IGNORE INTO saves (user_id, paper_id, saved_at) VALUES (?, ?, ?)",
                [user_id, paper_id, at],
            )
        elif action in ("unsave", "dismiss"):
            conn.execute(
                "DELETE FROM saves WHERE user_id = ? AND paper_id = ?", [user_id, paper_id]
            )
    conn.close()


def test_a_database_of_the_old_rules_is_migrated_without_losing_a_save(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    sequences = {f"2401.{i:05d}": case["events"] for i, case in enumerate(CASES)}
    events = [("ada", pid, a) for pid, actions in sequences.items() for a in actions]
    events += [("bob", "2401.00003", "save"), ("bob", "2401.00001", "dismiss")]
    _old_database(path, events)
    with sqlite3.connect(path) as conn:
        saved_before = set(conn.execute("SELECT user_id, paper_id, saved_at FROM saves"))
    store = SqliteStore(path)
    ada, bob = store.user_by_name("ada"), store.user_by_name("bob")
    with sqlite3.connect(path) as conn:
        saved_after = set(conn.execute("SELECT user_id, paper_id, saved_at FROM saves"))
    assert saved_before <= saved_after, "no save is lost, nor its time changed"
    saved, dismissed = set(store.saved_ids(ada)), set(store.dismissed_ids(ada))
    for paper_id, actions in sequences.items():
        assert (paper_id in saved, paper_id in dismissed) == reference(actions), actions
    assert store.saved_ids(bob) == ["2401.00003"] and store.dismissed_ids(bob) == ["2401.00001"]
    # The events are as they were, and the store goes on from the migrated library.
    assert len(store.feedback_events(ada)) == sum(len(a) for a in sequences.values())
    store.add_feedback(bob, FeedbackEvent("late", "2401.00001", "undismiss"))
    assert store.dismissed_ids(bob) == []
