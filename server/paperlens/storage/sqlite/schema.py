"""The SQLite schema as numbered migrations, applied at open (PRAGMA user_version counts them):
each runs once per database, in one transaction with the bump of user_version. One that fills
a table derives its rows from the feedback events, which no migration changes."""

from collections.abc import Callable
from typing import cast

import sqlite_utils

from paperlens.records import Action
from paperlens.storage.sqlite.core import Core
from paperlens.storage.sqlite.library import Entry


def _migration_1(db: sqlite_utils.Database) -> None:
    db.table("users").create(
        {"id": int, "name": str, "token": str, "token_sha256": str, "created": str},
        pk="id",
        not_null={"name", "token", "token_sha256", "created"},
    )
    db.table("users").create_index(["name"], unique=True)
    db.table("users").create_index(["token_sha256"], unique=True)
    db.table("papers").create(
        {
            "id": str,
            "title": str,
            "abstract": str,
            "authors": str,
            "upvotes": int,
            "published": str,
            "first_seen": str,
        },
        pk="id",
        not_null={"title", "first_seen"},
    )
    db.table("feedback").create(
        {
            "user_id": int,
            "event_id": str,
            "paper_id": str,
            "action": str,
            "at": str,
            "received": str,
        },
        pk=("user_id", "event_id"),
        foreign_keys=[("user_id", "users", "id")],
        not_null={"paper_id", "action", "received"},
    )
    db.table("saves").create(
        {"user_id": int, "paper_id": str, "saved_at": str},
        pk=("user_id", "paper_id"),
        foreign_keys=[("user_id", "users", "id")],
    )
    # Papers a user was shown: the weak negatives of the learner.
    db.table("impressions").create(
        {"user_id": int, "paper_id": str, "first_shown": str},
        pk=("user_id", "paper_id"),
        foreign_keys=[("user_id", "users", "id")],
    )


def _migration_2(db: sqlite_utils.Database) -> None:
    # Days of the Hugging Face daily list already fetched by `paperlens sync` (resumable).
    db.table("synced_days").create(
        {"day": str, "papers": int, "fetched_at": str}, pk="day", not_null={"papers"}
    )


def _migration_3(db: sqlite_utils.Database) -> None:
    # Learner: a user's keyword seeds (cold start); revision counts changes, for model_version.
    db.table("keyword_seeds").create(
        {"user_id": int, "keywords": str, "revision": int, "updated": str},
        pk="user_id",
        foreign_keys=[("user_id", "users", "id")],
        not_null={"keywords", "revision", "updated"},
    )


def _migration_4(db: sqlite_utils.Database) -> None:
    # The moz-extension:// origin (a per-install UUID) that first paired with a user's token.
    db.table("origin_pins").create(
        {"user_id": int, "origin": str, "pinned": str},
        pk="user_id",
        foreign_keys=[("user_id", "users", "id")],
        not_null={"origin", "pinned"},
    )


def _migration_5(db: sqlite_utils.Database) -> None:
    # Papers marked "not interested", each remembering when it was saved if it was, so that an
    # Undo puts it back in `saves`. Until now a dismissal deleted the save and its undo did not
    # restore it: the events are replayed under the rules of paperlens.library_state, which
    # puts back the saves so lost and takes none away (a paper saved by the old rules is saved
    # by these too); the rows of `saves` are kept as they are.
    db.table("dismissals").create(
        {"user_id": int, "paper_id": str, "dismissed_at": str, "saved_at": str},
        pk=("user_id", "paper_id"),
        foreign_keys=[("user_id", "users", "id")],
        not_null={"dismissed_at"},
    )
    entries: dict[tuple[int, str], Entry] = {}
    events = db.execute(
        "SELECT user_id, paper_id, action, COALESCE(at, received) FROM feedback ORDER BY rowid"
    )
    for user_id, paper_id, action, at in events:
        key = (user_id, paper_id)
        entries[key] = entries.get(key, Entry()).after(cast(Action, action), at)
    saved = {(r[0], r[1]) for r in db.execute("SELECT user_id, paper_id FROM saves")}
    for key, entry in entries.items():
        if entry.standing.saved and key not in saved:
            db.execute(
                "INSERT INTO saves (user_id, paper_id, saved_at) VALUES (?, ?, ?)",
                [*key, entry.saved_at],
            )
        elif entry.standing.dismissed:
            db.execute(
                "INSERT INTO dismissals (user_id, paper_id, dismissed_at, saved_at)"
                " VALUES (?, ?, ?, ?)",
                [*key, entry.dismissed_at, entry.saved_at],
            )


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    _migration_1,
    _migration_2,
    _migration_3,
    _migration_4,
    _migration_5,
]


def migrate(core: Core) -> None:
    """Apply the migrations this database has not had yet."""
    version = int(core.execute("PRAGMA user_version").fetchone()[0])
    for number, migration in enumerate(MIGRATIONS[version:], start=version + 1):
        with core.transaction():
            migration(core.db)
            core.execute(f"PRAGMA user_version={number}")
