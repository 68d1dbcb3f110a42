"""Keeping a SQLite database sound and safe: the background WAL checkpoints, the integrity
check, and backup and restore (SQLite's online backup API)."""

import logging
import os
import sqlite3
import threading
from pathlib import Path

from paperlens.errors import DatabaseCorrupt
from paperlens.storage.sqlite.core import Core
from paperlens.storage.sqlite.schema import MIGRATIONS, migrate

log = logging.getLogger(__name__)

# With a Checkpointer, a commit checkpoints the WAL itself only past this many pages (~40 MB:
# the Checkpointer is not keeping up); SQLite's default is 1,000.
WAL_PAGES_BEFORE_INLINE_CHECKPOINT = 10_000
# What a backup's counts report (see inspect_backup).
COUNTED = ("users", "papers", "feedback", "saves")


class Checkpointer:
    """Copies the write-ahead log back into the database file every `interval_s`, on a thread
    and a connection of its own. Otherwise SQLite does it inside the commit that takes the log
    past 1,000 pages: that commit (a page of 50 new papers, every ~25 such pages) took 10-12 ms
    longer. A PASSIVE checkpoint waits for no lock: writers and readers go on meanwhile."""

    def __init__(self, path: Path, interval_s: float) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(path, interval_s), name="paperlens-checkpoints", daemon=True
        )
        self._thread.start()

    @classmethod
    def beside(cls, core: Core, interval_s: float) -> "Checkpointer":
        """Checkpoints of the database of `core`, whose own commits then leave them to it."""
        core.execute(f"PRAGMA wal_autocheckpoint={WAL_PAGES_BEFORE_INLINE_CHECKPOINT}")
        return cls(core.path, interval_s)

    def _run(self, path: Path, interval_s: float) -> None:
        try:
            conn = sqlite3.connect(str(path))
        except sqlite3.Error as error:
            log.warning("no background checkpoints of %s: %s", path, error)
            return
        try:
            while not self._stop.wait(interval_s):
                try:
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
                except sqlite3.Error as error:
                    # The next round tries again; past WAL_PAGES_BEFORE_INLINE_CHECKPOINT the
                    # writer's own commits checkpoint.
                    log.warning("checkpoint of %s failed: %s", path, error)
        finally:
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()


def check_integrity(conn: sqlite3.Connection, path: Path) -> None:
    """DatabaseCorrupt unless SQLite's quick_check finds the file sound."""
    try:
        problems = [r[0] for r in conn.execute("PRAGMA quick_check").fetchall()]
    except sqlite3.DatabaseError as error:
        problems = [str(error)]
    if problems != ["ok"]:
        raise DatabaseCorrupt(
            f"expected a sound SQLite database at {path}, but its integrity check found: "
            + "; ".join(problems[:5])
        )


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def inspect_backup(path: Path) -> dict[str, int]:
    """Check that `path` is a sound PaperLens database this version can read; its counts."""
    conn = _read_only(path)
    try:
        check_integrity(conn, path)
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if not 1 <= version <= len(MIGRATIONS):
            raise DatabaseCorrupt(
                f"expected a PaperLens database of schema 1 to {len(MIGRATIONS)} at {path}, "
                f"got schema {version}"
                + (" (made by a newer PaperLens)" if version > len(MIGRATIONS) else "")
            )
        return {
            table: int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
            for table in COUNTED
        }
    except sqlite3.DatabaseError as error:
        raise DatabaseCorrupt(f"expected a PaperLens database at {path}: {error}") from None
    finally:
        conn.close()


def backup(core: Core, path: Path) -> None:
    """Copy the database to `path` with SQLite's online backup API (consistent even while the
    server writes). The copy is one self-contained file, written whole or not at all."""
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    target = sqlite3.connect(partial)
    try:
        core.conn.backup(target)
        target.execute("PRAGMA journal_mode=DELETE")
    finally:
        target.close()
    os.replace(partial, path)


def restore(core: Core, path: Path) -> None:
    """Replace everything in the database with the backup at `path` (checked first by
    `inspect_backup`), then bring it up to the current schema."""
    inspect_backup(path)
    source = _read_only(path)
    try:
        source.backup(core.conn)
    finally:
        source.close()
    core.execute("PRAGMA journal_mode=WAL")
    core.replaced()
    migrate(core)
