"""The store: migrations, users and tokens, papers, feedback and the library (SQLite file)."""

import time
from pathlib import Path
from typing import Any

import pytest

from paperlens.errors import UserExists
from paperlens.records import FeedbackEvent
from paperlens.storage import SqliteStore
from paperlens.storage.sqlite.schema import MIGRATIONS


@pytest.fixture
def store(tmp_path: Path) -> SqliteStore:
    return SqliteStore(tmp_path / "nested" / "paperlens.db")


def test_new_database_is_wal_and_migrated(store: SqliteStore) -> None:
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    tables = {"users", "papers", "feedback", "saves", "impressions", "synced_days"}
    assert tables <= set(store.db.table_names())


def test_reopening_keeps_data_and_does_not_migrate_twice(tmp_path: Path) -> None:
    first = SqliteStore(tmp_path / "p.db")
    first.add_user("alice")
    first.close()
    again = SqliteStore(tmp_path / "p.db")
    assert [u.name for u in again.users()] == ["alice"]


def test_tokens_authenticate_their_own_user_only(store: SqliteStore) -> None:
    alice, alice_token = store.add_user("alice")
    bob, bob_token = store.add_user("bob")
    assert store.authenticate(alice_token) == alice
    assert store.authenticate(bob_token) == bob
    assert store.authenticate(alice_token + "x") is None
    assert alice_token != bob_token


def test_duplicate_user_is_refused(store: SqliteStore) -> None:
    store.add_user("alice")
    with pytest.raises(UserExists, match="already exists"):
        store.add_user("alice")


def test_default_user_created_once(store: SqliteStore) -> None:
    user, token, created = store.ensure_default_user()
    assert created and user.name == "default"
    again, same_token, created_again = store.ensure_default_user()
    assert (again, same_token, created_again) == (user, token, False)


def test_upsert_keeps_known_fields_when_a_page_omits_them(
    store: SqliteStore, daily_papers: list[Any]
) -> None:
    paper = daily_papers[0]
    store.upsert_papers([paper])
    store.upsert_papers([{"id": paper["id"], "title": paper["title"], "upvotes": None}])
    (stored,) = store.papers([paper["id"]])
    assert stored["abstract"] == paper["abstract"]
    assert stored["authors"] == paper["authors"]
    assert stored["upvotes"] == paper["upvotes"]


def test_feedback_is_idempotent_and_drives_the_library(store: SqliteStore) -> None:
    user, _ = store.add_user("alice")
    assert store.add_feedback(user, FeedbackEvent("event-0001", "2401.00001", "save"))
    assert not store.add_feedback(user, FeedbackEvent("event-0001", "2401.00001", "save"))
    assert store.add_feedback(user, FeedbackEvent("event-0002", "2401.00002", "save"))
    assert store.saved_ids(user) == ["2401.00001", "2401.00002"]
    store.add_feedback(user, FeedbackEvent("event-0003", "2401.00001", "unsave"))
    assert store.saved_ids(user) == ["2401.00002"]
    assert [e.event_id for e in store.feedback_events(user)] == [
        "event-0001",
        "event-0002",
        "event-0003",
    ]


def test_same_event_id_from_two_users_is_two_events(store: SqliteStore) -> None:
    alice, _ = store.add_user("alice")
    bob, _ = store.add_user("bob")
    assert store.add_feedback(alice, FeedbackEvent("event-0001", "2401.00001", "save"))
    assert store.add_feedback(bob, FeedbackEvent("event-0001", "2401.00009", "save"))
    assert store.saved_ids(alice) == ["2401.00001"]
    assert store.saved_ids(bob) == ["2401.00009"]


def _statements(store: SqliteStore) -> list[str]:
    """Every SQL statement the store runs from now on, in order."""
    ran: list[str] = []
    store.db.conn.set_trace_callback(ran.append)
    return ran


def test_a_page_is_recorded_in_one_transaction_without_an_fsync(
    store: SqliteStore, daily_papers: list[Any]
) -> None:
    user, _ = store.add_user("alice")
    page = daily_papers[:5]
    ran = _statements(store)
    store.record_page(user, page, [p["id"] for p in page])
    assert ran[0] == "PRAGMA synchronous=NORMAL" and ran[1] == "BEGIN IMMEDIATE"
    assert ran[-2:] == ["COMMIT", "PRAGMA synchronous=FULL"]
    assert ran.count("BEGIN IMMEDIATE") == 1
    assert {p["id"] for p in store.papers()} == {p["id"] for p in page}
    assert sorted(store.impression_ids(user)) == sorted(p["id"] for p in page)


def test_a_save_is_committed_with_an_fsync(store: SqliteStore) -> None:
    user, _ = store.add_user("alice")
    ran = _statements(store)
    store.add_feedback(user, FeedbackEvent("event-0001", "2401.00001", "save"))
    assert not any(s.startswith("PRAGMA synchronous") for s in ran)
    assert store.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_a_failed_page_stores_nothing_and_leaves_saves_synced(store: SqliteStore) -> None:
    user, _ = store.add_user("alice")
    # SQLite refuses a lone surrogate when binding it, after the first paper was written.
    papers: list[Any] = [
        {"id": "2401.00001", "title": "T"},
        {"id": "2401.00002", "title": "\ud800"},
    ]
    with pytest.raises(UnicodeEncodeError):
        store.record_page(user, papers, ["2401.00001", "2401.00002"])
    assert list(store.papers()) == [] and store.impression_ids(user) == []
    assert store.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_what_a_page_reads_about_its_user_follows_every_writer(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "paperlens.db")
    user, _ = store.add_user("alice")
    store.add_feedback(user, FeedbackEvent("event-0001", "2401.00001", "save"))
    assert store.saved_ids(user) == ["2401.00001"]
    assert store.learning_stamp(user) == (1, 0)
    # This store's own writes.
    store.add_feedback(user, FeedbackEvent("event-0002", "2401.00002", "dismiss"))
    assert store.dismissed_ids(user) == ["2401.00002"]
    store.set_keywords(user, ["diffusion"])
    assert store.learning_stamp(user) == (2, 1)
    # Another connection's (the CLI's), seen through SQLite's data_version.
    other = SqliteStore(tmp_path / "paperlens.db")
    other.add_feedback(user, FeedbackEvent("event-0003", "2401.00003", "save"))
    other.add_feedback(user, FeedbackEvent("event-0004", "2401.00002", "undismiss"))
    other.close()
    assert store.saved_ids(user) == ["2401.00001", "2401.00003"]
    assert store.dismissed_ids(user) == []
    assert store.learning_stamp(user) == (4, 1)
    # A caller changing the list it got does not change what the next caller gets.
    store.saved_ids(user).clear()
    assert store.saved_ids(user) == ["2401.00001", "2401.00003"]


def _writes(ran: list[str]) -> list[str]:
    return [s for s in ran if s.lstrip().startswith("INSERT INTO papers")]


def test_papers_sent_again_unchanged_are_not_written_again(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "paperlens.db")
    user, _ = store.add_user("alice")
    paper: dict[str, Any] = {"id": "2401.00001", "title": "T", "upvotes": 3, "authors": ["A"]}
    store.record_page(user, [paper], [paper["id"]])
    ran = _statements(store)
    store.record_page(user, [dict(paper)], [paper["id"]])
    assert _writes(ran) == []
    # Any field that differs is written.
    store.record_page(user, [{**paper, "upvotes": 4}], [paper["id"]])
    assert len(_writes(ran)) == 1
    # Another connection's change is followed: the page's values are written over it again.
    other = SqliteStore(tmp_path / "paperlens.db")
    other.upsert_papers([{**paper, "upvotes": 9}])
    other.close()
    store.record_page(user, [{**paper, "upvotes": 4}], [paper["id"]])
    assert [p["upvotes"] for p in store.papers()] == [4]


def test_a_paper_of_a_failed_page_is_written_when_sent_again(store: SqliteStore) -> None:
    user, _ = store.add_user("alice")
    paper = {"id": "2401.00001", "title": "T"}
    with pytest.raises(UnicodeEncodeError):
        store.record_page(user, [paper, {"id": "2401.00002", "title": "\ud800"}], [])
    store.record_page(user, [paper], [paper["id"]])
    assert [p["id"] for p in store.papers()] == ["2401.00001"]


def test_impressions_come_back_whole(store: SqliteStore) -> None:
    user, _ = store.add_user("alice")
    assert store.impression_ids(user) == []
    ids = [f"2401.{n:05d}" for n in range(3000)] + ["cs/0101001"]
    store.record_page(user, [], ids)
    store.record_page(user, [], ids[:10])
    assert sorted(store.impression_ids(user)) == sorted(ids)


def _bulky_papers() -> list[Any]:
    """~6 MB of papers: more than the 1,000 WAL pages at which SQLite checkpoints by itself."""
    return [
        {"id": f"2601.{n:05d}", "title": f"Paper {n}", "abstract": f"{n:05d} " * 700}
        for n in range(1500)
    ]


def test_a_commit_leaves_the_wal_to_the_background_checkpoints(tmp_path: Path) -> None:
    inline, background = tmp_path / "inline.db", tmp_path / "background.db"
    for path, every_s in ((inline, None), (background, 3600.0)):
        store = SqliteStore(path, checkpoint_every_s=every_s)
        store.upsert_papers(_bulky_papers())
        size = path.stat().st_size
        store.close()
        assert (size > 5_000_000) is (every_s is None), (path.name, size)
    again = SqliteStore(background)
    assert again.stats()["papers"] == 1500


def test_the_background_checkpoints_copy_the_wal_into_the_database(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    store = SqliteStore(path, checkpoint_every_s=0.05)
    store.upsert_papers(_bulky_papers())
    deadline = time.monotonic() + 60
    while path.stat().st_size < 5_000_000:
        assert time.monotonic() < deadline, "no checkpoint in 60 s"
        time.sleep(0.05)
    store.close()
