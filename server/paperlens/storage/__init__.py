"""Everything PaperLens keeps: users and tokens, the corpus of papers, each user's feedback and
library, the papers they were shown, keyword seeds, and the days `paperlens sync` fetched.

This package alone talks to a database. `Store` (store.py) is what the rest of the server sees,
in the records of paperlens.records and nothing of SQL; `open_store` gives the one backend
there is today, SQLite (sqlite/). A second backend (PostgreSQL) implements the same `Store`.
"""

from pathlib import Path

from paperlens.storage.sqlite import SqliteStore, inspect_backup
from paperlens.storage.store import DEFAULT_USER, Store

__all__ = ["DEFAULT_USER", "SqliteStore", "Store", "inspect_backup", "open_store"]


def open_store(path: Path | str, checkpoint_every_s: float | None = None) -> Store:
    """The database at `path`, created or migrated as needed (see SqliteStore)."""
    return SqliteStore(path, checkpoint_every_s)
