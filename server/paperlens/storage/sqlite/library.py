"""All SQLite storage for PaperLens: users and tokens, papers, feedback events, the saved library.

Nothing else touches the database. Writes go through this one `Store` (one writer), which the
server calls from its one worker thread only (paperlens.worker). The database runs in WAL mode
with synchronous=FULL, so an acknowledged Save survives a crash or power loss.

What a page shows (its papers and the user's impressions) is committed at synchronous=NORMAL:
no fsync of its own. A process crash loses nothing committed (the WAL is in the OS's cache);
a power loss or OS crash may lose those commits made since the last synced one, and only
those: each FULL commit fsyncs the whole WAL, earlier frames included, so an acknowledged Save
and all before it are on disk. What such a loss takes is recent weak negatives and corpus
rows that the extension sends again with the next page.
The server copies the WAL back into the database file on a thread of its own (Checkpointer),
so that no commit pays for that copy.
Schema changes are numbered migrations applied at start (PRAGMA user_version).
"""

import hashlib
import hmac
import json
import logging
import os
import secrets
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import sqlite_utils

from paperlens.errors import DatabaseCorrupt, UnknownUser, UserExists
from paperlens.records import Action, FeedbackEvent, Paper, User

log = logging.getLogger(__name__)

DEFAULT_USER = "default"
# With a Checkpointer, a commit checkpoints the WAL itself only past this many pages (~40 MB:
# the Checkpointer is not keeping up); SQLite's default is 1,000.
WAL_PAGES_BEFORE_INLINE_CHECKPOINT = 10_000
# Papers whose last upsert is remembered (see Store._upserted): ~120 bytes each.
MAX_UPSERTS_KEPT = 50_000


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


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


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    _migration_1,
    _migration_2,
    _migration_3,
    _migration_4,
]


def _check_integrity(conn: sqlite3.Connection, path: Path) -> None:
    try:
        problems = [r[0] for r in conn.execute("PRAGMA quick_check").fetchall()]
    except sqlite3.DatabaseError as error:
        problems = [str(error)]
    if problems != ["ok"]:
        raise DatabaseCorrupt(
            f"expected a sound SQLite database at {path}, but its integrity check found: "
            + "; ".join(problems[:5])
        )


def _paper(row: Any) -> Paper:
    """A paper from the columns id, title, abstract, authors (JSON), upvotes, published."""
    return Paper(
        id=row[0],
        title=row[1],
        abstract=row[2],
        authors=json.loads(row[3]) if row[3] else [],
        upvotes=row[4],
        published=row[5],
    )


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def inspect_backup(path: Path) -> dict[str, int]:
    """Check that `path` is a sound PaperLens database this version can read; its counts."""
    conn = _read_only(path)
    try:
        _check_integrity(conn, path)
        version = cast(int, conn.execute("PRAGMA user_version").fetchone()[0])
        if not 1 <= version <= len(MIGRATIONS):
            raise DatabaseCorrupt(
                f"expected a PaperLens database of schema 1 to {len(MIGRATIONS)} at {path}, "
                f"got schema {version}"
                + (" (made by a newer PaperLens)" if version > len(MIGRATIONS) else "")
            )
        return {
            table: cast(int, conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
            for table in ("users", "papers", "feedback", "saves")
        }
    except sqlite3.DatabaseError as error:
        raise DatabaseCorrupt(f"expected a PaperLens database at {path}: {error}") from None
    finally:
        conn.close()


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


class Store:
    def __init__(self, path: Path | str, checkpoint_every_s: float | None = None) -> None:
        """The database at `path`, created or migrated as needed. `checkpoint_every_s`: copy the
        WAL back in the background at that interval (see Checkpointer), for a long-running
        writer; None leaves it to SQLite's commits."""
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        # The server opens the store on its event loop and then uses it on its worker thread
        # only (one thread at a time, never two), hence check_same_thread=False.
        self.path = Path(path)
        conn = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        self.db = sqlite_utils.Database(conn)
        # What every page reads about its user (saved and dismissed ids, the learning stamp),
        # ~0.4 ms of queries a page: kept until this store writes anything but a page, or
        # another connection (the CLI) commits, which PRAGMA data_version tells.
        self._user_reads: dict[tuple[str, int], Any] = {}
        # Each paper as this store last upserted it (a hash of the fields sent), so that a page
        # of papers stored as they are costs no statement (50 such rows took ~0.4 ms). Only ever
        # used to skip a write that would change nothing: cleared on a rollback and when another
        # connection commits; bounded by MAX_UPSERTS_KEPT.
        self._upserted: dict[str, int] = {}
        self._data_version = -1
        self._migrate()
        self._checkpointer: Checkpointer | None = None
        if checkpoint_every_s is not None and str(path) != ":memory:":
            conn.execute(f"PRAGMA wal_autocheckpoint={WAL_PAGES_BEFORE_INLINE_CHECKPOINT}")
            self._checkpointer = Checkpointer(self.path, checkpoint_every_s)

    def close(self) -> None:
        if self._checkpointer is not None:
            self._checkpointer.close()
        self.db.conn.close()

    def _migrate(self) -> None:
        version = cast(int, self.db.execute("PRAGMA user_version").fetchone()[0])
        for number, migration in enumerate(MIGRATIONS[version:], start=version + 1):
            with self._transaction():
                migration(self.db)
                self.db.execute(f"PRAGMA user_version={number}")

    # integrity, backup and restore

    def check_integrity(self) -> None:
        """DatabaseCorrupt unless SQLite's quick_check finds the file sound."""
        _check_integrity(self.db.conn, self.path)

    def backup(self, path: Path) -> None:
        """Copy the database to `path` with SQLite's online backup API (consistent even while
        the server writes). The copy is one self-contained file, written whole or not at all."""
        partial = path.with_name(path.name + ".partial")
        partial.unlink(missing_ok=True)
        target = sqlite3.connect(partial)
        try:
            self.db.conn.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
        os.replace(partial, path)

    def restore(self, path: Path) -> None:
        """Replace everything in this database with the backup at `path` (checked first by
        `inspect_backup`), then bring it up to the current schema."""
        inspect_backup(path)
        source = _read_only(path)
        try:
            source.backup(self.db.conn)
        finally:
            source.close()
        self.db.execute("PRAGMA journal_mode=WAL")
        self._user_reads.clear()
        self._upserted.clear()
        self._migrate()

    @contextmanager
    def _transaction(self, synced: bool = True) -> Iterator[None]:
        """One write transaction (BEGIN IMMEDIATE takes the write lock up front), committed
        with an fsync unless `synced` is False. Within another, it is part of that one."""
        if self.db.conn.in_transaction:
            yield
            return
        if not synced:
            # SQLite refuses to change this inside a transaction: set for this one, then back.
            self.db.execute("PRAGMA synchronous=NORMAL")
        try:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self.db.execute("ROLLBACK")
                self._upserted.clear()
                raise
            self.db.execute("COMMIT")
        finally:
            if not synced:
                self.db.execute("PRAGMA synchronous=FULL")
            else:
                self._user_reads.clear()

    def _forget_if_others_wrote(self) -> None:
        """Drop what is kept of the database's content if another connection committed."""
        version = self.db.execute("PRAGMA data_version").fetchone()[0]
        if version != self._data_version:
            self._user_reads.clear()
            self._upserted.clear()
            self._data_version = version

    def _per_user(self, what: str, user: User, read: Callable[[], Any]) -> Any:
        """`read()`, or what it gave last time for this user if nothing was written since."""
        self._forget_if_others_wrote()
        key = (what, user.id)
        if key not in self._user_reads:
            self._user_reads[key] = read()
        return self._user_reads[key]

    # users

    def add_user(self, name: str) -> tuple[User, str]:
        """Create a user; returns it with its new token (the only time the caller sees it)."""
        if self.db["users"].count_where("name = ?", [name]):
            raise UserExists(f"a user named {name!r} already exists")
        token = secrets.token_urlsafe(24)
        with self._transaction():
            self.db.execute(
                "INSERT INTO users (name, token, token_sha256, created) VALUES (?, ?, ?, ?)",
                [name, token, _token_digest(token), _now()],
            )
        return self.user_by_name(name), token

    def user_by_name(self, name: str) -> User:
        row = self.db.execute("SELECT id, name FROM users WHERE name = ?", [name]).fetchone()
        if row is None:
            raise UnknownUser(f"no user named {name!r}")
        return User(id=row[0], name=row[1])

    def remove_user(self, name: str) -> None:
        """Delete the user and everything they did (feedback, library, impressions)."""
        user = self.user_by_name(name)
        with self._transaction():
            for table in ("feedback", "saves", "impressions", "keyword_seeds", "origin_pins"):
                self.db.execute(f"DELETE FROM {table} WHERE user_id = ?", [user.id])
            self.db.execute("DELETE FROM users WHERE id = ?", [user.id])

    def rotate_token(self, name: str) -> str:
        """A new token for the user; the old one stops working at once, and the Firefox origin
        pin is cleared so that the next extension to pair (say, a reinstall) is accepted."""
        user = self.user_by_name(name)
        token = secrets.token_urlsafe(24)
        with self._transaction():
            self.db.execute("DELETE FROM origin_pins WHERE user_id = ?", [user.id])
            self.db.execute(
                "UPDATE users SET token = ?, token_sha256 = ? WHERE id = ?",
                [token, _token_digest(token), user.id],
            )
        return token

    def pin_origin(self, user: User, origin: str) -> str:
        """The origin pinned for the user: `origin` if none was pinned yet, else the pinned one."""
        with self._transaction():
            self.db.execute(
                "INSERT OR IGNORE INTO origin_pins (user_id, origin, pinned) VALUES (?, ?, ?)",
                [user.id, origin, _now()],
            )
            row = self.db.execute(
                "SELECT origin FROM origin_pins WHERE user_id = ?", [user.id]
            ).fetchone()
        return cast(str, row[0])

    def token_of(self, name: str) -> str:
        row = self.db.execute("SELECT token FROM users WHERE name = ?", [name]).fetchone()
        if row is None:
            raise UnknownUser(f"no user named {name!r}")
        return cast(str, row[0])

    def users(self) -> list[User]:
        rows = self.db.execute("SELECT id, name FROM users ORDER BY id").fetchall()
        return [User(id=r[0], name=r[1]) for r in rows]

    def authenticate(self, token: str) -> User | None:
        digest = _token_digest(token)
        row = self.db.execute(
            "SELECT id, name, token_sha256 FROM users WHERE token_sha256 = ?", [digest]
        ).fetchone()
        if row is None or not hmac.compare_digest(row[2], digest):
            return None
        return User(id=row[0], name=row[1])

    def ensure_default_user(self) -> tuple[User, str, bool]:
        """The default user (created if there are no users at all), its token, and whether new."""
        if not self.db.execute("SELECT 1 FROM users LIMIT 1").fetchone():
            user, token = self.add_user(DEFAULT_USER)
            return user, token, True
        first = self.users()[0]
        return first, self.token_of(first.name), False

    # papers

    def upsert_papers(self, papers: Iterable[Paper]) -> None:
        self._forget_if_others_wrote()
        now = _now()
        rows = []
        for p in papers:
            authors = p.get("authors") or []
            fields = (p["title"], p.get("abstract"), p.get("upvotes"), p.get("published"))
            fingerprint = hash((fields, tuple(authors)))
            if self._upserted.get(p["id"]) == fingerprint:
                continue
            self._upserted[p["id"]] = fingerprint
            title, abstract, upvotes, published = fields
            authors_json = json.dumps(authors, ensure_ascii=False)
            rows.append((p["id"], title, abstract, authors_json, upvotes, published, now))
        if len(self._upserted) > MAX_UPSERTS_KEPT:
            self._upserted.clear()
        if not rows:
            return
        # Keep what we already know when a page omits a field (card markup has no abstract).
        with self._transaction():
            self.db.conn.executemany(
                """
                INSERT INTO papers (id, title, abstract, authors, upvotes, published, first_seen)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET
                    title = excluded.title,
                    abstract = COALESCE(excluded.abstract, papers.abstract),
                    authors = CASE WHEN excluded.authors = '[]' THEN papers.authors
                                   ELSE excluded.authors END,
                    upvotes = COALESCE(excluded.upvotes, papers.upvotes),
                    published = COALESCE(excluded.published, papers.published)
                -- A page mostly shows papers already stored as they are: left unwritten.
                WHERE excluded.title IS NOT papers.title
                   OR excluded.abstract IS NOT papers.abstract AND excluded.abstract IS NOT NULL
                   OR excluded.authors IS NOT papers.authors AND excluded.authors != '[]'
                   OR excluded.upvotes IS NOT papers.upvotes AND excluded.upvotes IS NOT NULL
                   OR excluded.published IS NOT papers.published
                      AND excluded.published IS NOT NULL
                """,
                rows,
            )

    def papers(self, ids: Iterable[str] | None = None) -> Iterator[Paper]:
        if ids is None:
            cursor = self.db.execute(
                "SELECT id, title, abstract, authors, upvotes, published FROM papers ORDER BY id"
            )
        else:
            wanted = list(ids)
            marks = ",".join("?" * len(wanted))
            cursor = self.db.execute(
                "SELECT id, title, abstract, authors, upvotes, published FROM papers "
                f"WHERE id IN ({marks})",
                wanted,
            )
        for row in cursor:
            yield _paper(row)

    def paper_count(self) -> int:
        return self.db["papers"].count

    def newest_paper_rowid(self) -> int:
        """The rowid of the paper stored last (0 for none): it only grows, so a reader can
        tell cheaply (an index lookup, not a count) whether papers were added since."""
        row = self.db.execute("SELECT max(rowid) FROM papers").fetchone()
        return int(row[0] or 0)

    def papers_at(self, rowid: int) -> tuple[int, int, str | None]:
        """How many papers there are, how many were stored after the one with this rowid, and
        the id of that one: what a snapshot taken at that rowid must agree with. (Counting the
        papers up to it would read the whole table: ~0.5 s at 200,000 papers.)"""
        total = self.db.execute("SELECT count(*) FROM papers").fetchone()[0]
        after = self.db.execute("SELECT count(*) FROM papers WHERE rowid > ?", [rowid])
        at = self.db.execute("SELECT id FROM papers WHERE rowid = ?", [rowid]).fetchone()
        return int(total), int(after.fetchone()[0]), at[0] if at else None

    def papers_since(self, rowid: int) -> Iterator[tuple[int, Paper]]:
        """Papers stored after the one with this rowid, oldest first, with their rowids."""
        cursor = self.db.execute(
            "SELECT rowid, id, title, abstract, authors, upvotes, published FROM papers "
            "WHERE rowid > ? ORDER BY rowid",
            [rowid],
        )
        for row in cursor:
            yield row[0], _paper(row[1:])

    # feedback and library

    def record_page(self, user: User, papers: list[Paper], paper_ids: list[str]) -> None:
        """A page shown to the user: its papers upserted and its impressions recorded, in one
        transaction without an fsync of its own (see the module docstring)."""
        with self._transaction(synced=False):
            self.upsert_papers(papers)
            self.record_impressions(user, paper_ids)

    def record_impressions(self, user: User, paper_ids: Iterable[str]) -> None:
        """Papers the user was shown (weak negatives), committed without an fsync."""
        now = _now()
        with self._transaction(synced=False):
            self.db.conn.executemany(
                "INSERT OR IGNORE INTO impressions (user_id, paper_id, first_shown) "
                "VALUES (?, ?, ?)",
                [(user.id, pid, now) for pid in paper_ids],
            )

    def add_feedback(self, user: User, event: FeedbackEvent) -> bool:
        """Store one event and apply it to the library, atomically. False if already stored."""
        with self._transaction():
            cursor = self.db.execute(
                "INSERT OR IGNORE INTO feedback (user_id, event_id, paper_id, action, at, received)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [user.id, event.event_id, event.paper_id, event.action, event.at, _now()],
            )
            if cursor.rowcount == 0:
                return False
            if event.action == "save":
                self.db.execute(
                    "INSERT OR IGNORE INTO saves (user_id, paper_id, saved_at) VALUES (?, ?, ?)",
                    [user.id, event.paper_id, event.at or _now()],
                )
            elif event.action in ("unsave", "dismiss"):
                self.db.execute(
                    "DELETE FROM saves WHERE user_id = ? AND paper_id = ?",
                    [user.id, event.paper_id],
                )
        return True

    def saved_ids(self, user: User) -> list[str]:
        def read() -> tuple[str, ...]:
            rows = self.db.execute(
                "SELECT paper_id FROM saves WHERE user_id = ? ORDER BY saved_at, paper_id",
                [user.id],
            )
            return tuple(r[0] for r in rows)

        return list(self._per_user("saved", user, read))

    def library(
        self, user: User, query: str | None, limit: int, offset: int
    ) -> tuple[int, list[tuple[Paper, str]]]:
        """Saved papers, newest first, whose title, authors or abstract contain `query`."""
        where = "s.user_id = ?"
        args: list[int | str] = [user.id]
        if query:
            pattern = (
                "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            )
            where += (
                " AND (p.title LIKE ? ESCAPE '\\' OR p.authors LIKE ? ESCAPE '\\'"
                " OR p.abstract LIKE ? ESCAPE '\\')"
            )
            args += [pattern] * 3
        joined = f"FROM saves s LEFT JOIN papers p ON p.id = s.paper_id WHERE {where}"
        total = cast(int, self.db.execute(f"SELECT COUNT(*) {joined}", args).fetchone()[0])
        rows = self.db.execute(
            f"SELECT s.paper_id, s.saved_at {joined} ORDER BY s.saved_at DESC, s.rowid DESC "
            "LIMIT ? OFFSET ?",
            [*args, limit, offset],
        ).fetchall()
        known = {p["id"]: p for p in self.papers([r[0] for r in rows])}
        # A save may name a paper the server never received: show its id rather than hide it.
        return total, [(known.get(r[0]) or Paper(id=r[0], title=r[0]), r[1]) for r in rows]

    def dismissed_ids(self, user: User) -> list[str]:
        """Papers whose last library action was "not interested" (and not undone since)."""
        return list(self._per_user("dismissed", user, lambda: self._dismissed_ids(user)))

    def _dismissed_ids(self, user: User) -> tuple[str, ...]:
        rows = self.db.execute(
            """
            SELECT paper_id FROM (
                SELECT paper_id, action,
                       ROW_NUMBER() OVER (PARTITION BY paper_id ORDER BY rowid DESC) AS latest
                FROM feedback
                WHERE user_id = ? AND action IN ('save', 'unsave', 'dismiss', 'undismiss')
            ) WHERE latest = 1 AND action = 'dismiss' ORDER BY paper_id
            """,
            [user.id],
        )
        return tuple(r[0] for r in rows)

    def feedback_events(self, user: User) -> list[FeedbackEvent]:
        rows = self.db.execute(
            "SELECT event_id, paper_id, action, at FROM feedback WHERE user_id = ? ORDER BY rowid",
            [user.id],
        )
        return [
            FeedbackEvent(event_id=r[0], paper_id=r[1], action=cast(Action, r[2]), at=r[3])
            for r in rows
        ]

    def impression_ids(self, user: User) -> list[str]:
        # One joined string rather than a row each: a year of pages is ~18,000 impressions, and
        # fetching them row by row took ~1 µs each, on every refit. Paper ids have no newline
        # (shared_schema/paper.json).
        row = self.db.execute(
            "SELECT group_concat(paper_id, char(10)) FROM impressions WHERE user_id = ?",
            [user.id],
        ).fetchone()
        return row[0].split("\n") if row[0] else []

    # sync

    def synced_days(self) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT day FROM synced_days")}

    def mark_synced(self, day: str, papers: int) -> None:
        with self._transaction():
            self.db.execute(
                "INSERT OR REPLACE INTO synced_days (day, papers, fetched_at) VALUES (?, ?, ?)",
                [day, papers, _now()],
            )

    def stats(self) -> dict[str, Any]:
        return {
            "users": self.db["users"].count,
            "papers": self.db["papers"].count,
            "feedback": self.db["feedback"].count,
        }

    # learner (owned by the learner's maintainer): corpus ids and keyword seeds

    def paper_ids(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM papers ORDER BY id")]

    def learning_stamp(self, user: User) -> tuple[int, int]:
        """(feedback events stored, keyword revision) of a user: when it changes, whoever wrote
        (the server, the CLI, a BibTeX import), the user's model is stale."""
        return cast(tuple[int, int], self._per_user("stamp", user, lambda: self._stamp(user)))

    def _stamp(self, user: User) -> tuple[int, int]:
        row = self.db.execute(
            "SELECT (SELECT COUNT(*) FROM feedback WHERE user_id = ?),"
            " COALESCE((SELECT revision FROM keyword_seeds WHERE user_id = ?), 0)",
            [user.id, user.id],
        ).fetchone()
        return cast(int, row[0]), cast(int, row[1])

    def set_keywords(self, user: User, keywords: list[str]) -> None:
        """Replace the user's keyword seeds (an empty list clears them)."""
        cleaned = list(dict.fromkeys(k.strip() for k in keywords if k.strip()))
        with self._transaction():
            self.db.execute(
                """
                INSERT INTO keyword_seeds (user_id, keywords, revision, updated)
                VALUES (?, ?, 1, ?)
                ON CONFLICT (user_id) DO UPDATE SET
                    keywords = excluded.keywords,
                    revision = keyword_seeds.revision + 1,
                    updated = excluded.updated
                """,
                [user.id, json.dumps(cleaned, ensure_ascii=False), _now()],
            )

    def keywords(self, user: User) -> tuple[list[str], int]:
        """The user's keyword seeds and how many times they were set (0: never)."""
        row = self.db.execute(
            "SELECT keywords, revision FROM keyword_seeds WHERE user_id = ?", [user.id]
        ).fetchone()
        if row is None:
            return [], 0
        return cast(list[str], json.loads(row[0])), cast(int, row[1])
