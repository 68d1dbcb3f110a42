"""The one SQLite connection of a store, its transactions, and what the store keeps in memory of
the database's content, dropped in one place (`Core._forget`) whenever it may have changed.

The database runs in WAL mode with synchronous=FULL: an acknowledged Save survives a crash or a
power loss. What a page shows (its papers and the user's impressions) is committed at
synchronous=NORMAL, without an fsync of its own. A process crash loses nothing committed (the
WAL is in the OS's cache); a power loss or OS crash may lose those commits made since the last
synced one, and only those: each FULL commit fsyncs the whole WAL, earlier frames included, so
an acknowledged Save and all before it are on disk. What such a loss takes is recent weak
negatives and corpus rows that the extension sends again with the next page.
"""

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from paperlens.errors import DatabaseCorrupt
from paperlens.records import User

# Papers whose last upsert is remembered (see Core.upserted): ~120 bytes each.
MAX_UPSERTS_KEPT = 50_000


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class Core:
    def __init__(self, path: Path | str) -> None:
        """Open (or create) the database at `path`; DatabaseCorrupt when the file is not one."""
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.path = Path(path)
        # The server opens the store on its event loop and then uses it on its worker thread
        # only (one thread at a time, never two), hence check_same_thread=False.
        conn = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA foreign_keys=ON")
        except sqlite3.DatabaseError as error:
            conn.close()
            raise DatabaseCorrupt(
                f"expected a PaperLens SQLite database at {path}, got: {error}"
            ) from None
        self.db = sqlite_utils.Database(conn)
        # What every page reads about its user (saved and dismissed ids, the learning stamp),
        # ~0.4 ms of queries a page: kept until this store commits anything but a page, or
        # another connection (the CLI) commits, which PRAGMA data_version tells.
        self._user_reads: dict[tuple[str, int], Any] = {}
        # Each paper as this store last upserted it (a hash of the fields sent), so that a page
        # of papers stored as they are costs no statement (50 such rows took ~0.4 ms). Only ever
        # used to skip a write that would change nothing: dropped on a rollback and when another
        # connection commits; bounded by MAX_UPSERTS_KEPT.
        self._upserted: dict[str, int] = {}
        self._data_version = -1

    @property
    def conn(self) -> sqlite3.Connection:
        return self.db.conn

    def execute(self, sql: str, args: Sequence[Any] = ()) -> sqlite3.Cursor:
        return self.db.conn.execute(sql, args)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self.db.conn.executemany(sql, rows)

    def close(self) -> None:
        self.db.conn.close()

    @contextmanager
    def transaction(self, synced: bool = True) -> Iterator[None]:
        """One write transaction (BEGIN IMMEDIATE takes the write lock up front), committed
        with an fsync unless `synced` is False (only the pages shown: see the module
        docstring). Within another, it is part of that one."""
        if self.db.conn.in_transaction:
            yield
            return
        if not synced:
            # SQLite refuses to change this inside a transaction: set for this one, then back.
            self.execute("PRAGMA synchronous=NORMAL")
        try:
            self.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self.execute("ROLLBACK")
                self._forget(upserts=True)
                raise
            self.execute("COMMIT")
        finally:
            if not synced:
                self.execute("PRAGMA synchronous=FULL")
            else:
                # Anything but a page may have changed what a page reads about its user.
                self._forget(user_reads=True)

    def per_user(self, what: str, user: User, read: Callable[[], Any]) -> Any:
        """`read()`, or what it gave last time for this user if nothing was written since."""
        self.follow_others()
        key = (what, user.id)
        if key not in self._user_reads:
            self._user_reads[key] = read()
        return self._user_reads[key]

    def follow_others(self) -> None:
        """Drop what is kept of the database's content if another connection committed."""
        version = self.execute("PRAGMA data_version").fetchone()[0]
        if version != self._data_version:
            self._forget(user_reads=True, upserts=True)
            self._data_version = version

    def replaced(self) -> None:
        """The whole database was replaced under this connection (a restore)."""
        self._forget(user_reads=True, upserts=True)

    def upserted_already(self, paper_id: str, fingerprint: int) -> bool:
        """Whether this store's last upsert of the paper sent these very fields (a write would
        change nothing); remembers them otherwise."""
        if self._upserted.get(paper_id) == fingerprint:
            return True
        if len(self._upserted) >= MAX_UPSERTS_KEPT:
            self._forget(upserts=True)
        self._upserted[paper_id] = fingerprint
        return False

    def _forget(self, user_reads: bool = False, upserts: bool = False) -> None:
        if user_reads:
            self._user_reads.clear()
        if upserts:
            self._upserted.clear()


class Tables:
    """A group of the store's tables (users, papers, ...): their SQL, run through one Core."""

    def __init__(self, core: Core) -> None:
        self._core = core
