"""The SQLite backend of the store: one file in WAL mode, one writer. `SqliteStore` is the
`Store` (paperlens.storage.store) made of the table groups of this package, each in its module
with its SQL; `core` holds the connection and transactions, `schema` the migrations,
`maintenance` the checkpoints, integrity check, backup and restore."""

import sqlite3
from pathlib import Path

import sqlite_utils

from paperlens.errors import DatabaseCorrupt
from paperlens.records import Paper, User
from paperlens.storage.sqlite import maintenance
from paperlens.storage.sqlite.core import Core
from paperlens.storage.sqlite.impressions import ImpressionTables
from paperlens.storage.sqlite.keywords import KeywordTables
from paperlens.storage.sqlite.library import LibraryTables
from paperlens.storage.sqlite.maintenance import Checkpointer, inspect_backup
from paperlens.storage.sqlite.papers import PaperTables
from paperlens.storage.sqlite.schema import migrate
from paperlens.storage.sqlite.synced_days import SyncedDayTables
from paperlens.storage.sqlite.users import UserTables

__all__ = ["SqliteStore", "inspect_backup"]


class SqliteStore(
    UserTables, PaperTables, LibraryTables, ImpressionTables, KeywordTables, SyncedDayTables
):
    def __init__(self, path: Path | str, checkpoint_every_s: float | None = None) -> None:
        """The database at `path`, created or migrated as needed. `checkpoint_every_s`: copy the
        WAL back in the background at that interval (see Checkpointer), for a long-running
        writer; None leaves it to SQLite's commits."""
        core = Core(path)
        super().__init__(core)
        self.path = core.path
        try:
            migrate(core)
        except sqlite3.DatabaseError as error:
            core.close()
            raise DatabaseCorrupt(f"expected a PaperLens database at {path}: {error}") from None
        self._checkpointer: Checkpointer | None = None
        if checkpoint_every_s is not None and str(path) != ":memory:":
            self._checkpointer = Checkpointer.beside(core, checkpoint_every_s)

    @property
    def db(self) -> sqlite_utils.Database:
        """The database underneath, for tests and tools that look inside (the server goes
        through the Store's methods)."""
        return self._core.db

    def close(self) -> None:
        if self._checkpointer is not None:
            self._checkpointer.close()
        self._core.close()

    def check_integrity(self) -> None:
        maintenance.check_integrity(self._core.conn, self.path)

    def backup(self, path: Path) -> None:
        maintenance.backup(self._core, path)

    def restore(self, path: Path) -> None:
        maintenance.restore(self._core, path)

    def stats(self) -> dict[str, int]:
        try:
            return {
                table: int(self._core.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
                for table in ("users", "papers", "feedback")
            }
        except sqlite3.DatabaseError as error:
            raise DatabaseCorrupt(f"expected a readable database at {self.path}: {error}") from None

    def record_page(self, user: User, papers: list[Paper], paper_ids: list[str]) -> None:
        with self._core.transaction(synced=False):
            self.upsert_papers(papers)
            self.record_impressions(user, paper_ids)
