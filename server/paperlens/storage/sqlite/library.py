"""Feedback events and the library they make: `feedback` (every event, idempotent by its id),
`saves` (the papers in each user's library) and `dismissals` (those marked "not interested",
each remembering when it was saved if it was), kept in step by the rules of
paperlens.library_state in the transaction that stores each event.
"""

from dataclasses import dataclass
from typing import cast

from paperlens.library_state import Standing, step
from paperlens.records import Action, FeedbackEvent, Paper, User
from paperlens.storage.sqlite.core import Tables, now
from paperlens.storage.sqlite.papers import COLUMNS, paper_of


@dataclass(frozen=True)
class Entry:
    """A paper's rows in one user's library: its standing, when it entered the library (kept
    through a dismissal, for an undo), and when it was dismissed."""

    standing: Standing = Standing.NONE
    saved_at: str | None = None
    dismissed_at: str | None = None

    def after(self, action: Action, at: str) -> "Entry":
        """The entry once `action`, made at `at`, is applied."""
        standing = step(self.standing, action)
        if standing is self.standing:
            return self
        # A dismissal remembers that the paper was saved by keeping when.
        in_library = standing in (Standing.SAVED, Standing.DISMISSED_SAVED)
        saved_at = (self.saved_at or at) if in_library else None
        dismissed_at = (self.dismissed_at or at) if standing.dismissed else None
        return Entry(standing, saved_at, dismissed_at)


class LibraryTables(Tables):
    def add_feedback(self, user: User, event: FeedbackEvent) -> bool:
        received = now()
        with self._core.transaction():
            cursor = self._core.execute(
                "INSERT OR IGNORE INTO feedback (user_id, event_id, paper_id, action, at, received)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [user.id, event.event_id, event.paper_id, event.action, event.at, received],
            )
            if cursor.rowcount == 0:
                return False
            before = self._entry(user, event.paper_id)
            after = before.after(event.action, event.at or received)
            if after != before:
                self._write(user, event.paper_id, after)
        return True

    def _entry(self, user: User, paper_id: str) -> Entry:
        key = [user.id, paper_id]
        saved = self._core.execute(
            "SELECT saved_at FROM saves WHERE user_id = ? AND paper_id = ?", key
        ).fetchone()
        if saved is not None:
            return Entry(Standing.SAVED, saved[0])
        dismissed = self._core.execute(
            "SELECT saved_at, dismissed_at FROM dismissals WHERE user_id = ? AND paper_id = ?", key
        ).fetchone()
        if dismissed is None:
            return Entry()
        was_saved = Standing.DISMISSED_SAVED if dismissed[0] is not None else Standing.DISMISSED
        return Entry(was_saved, dismissed[0], dismissed[1])

    def _write(self, user: User, paper_id: str, entry: Entry) -> None:
        key = [user.id, paper_id]
        self._core.execute("DELETE FROM saves WHERE user_id = ? AND paper_id = ?", key)
        self._core.execute("DELETE FROM dismissals WHERE user_id = ? AND paper_id = ?", key)
        if entry.standing.saved:
            self._core.execute(
                "INSERT INTO saves (user_id, paper_id, saved_at) VALUES (?, ?, ?)",
                [*key, entry.saved_at],
            )
        elif entry.standing.dismissed:
            self._core.execute(
                "INSERT INTO dismissals (user_id, paper_id, dismissed_at, saved_at)"
                " VALUES (?, ?, ?, ?)",
                [*key, entry.dismissed_at, entry.saved_at],
            )

    def feedback_events(self, user: User) -> list[FeedbackEvent]:
        rows = self._core.execute(
            "SELECT event_id, paper_id, action, at FROM feedback WHERE user_id = ? ORDER BY rowid",
            [user.id],
        )
        return [
            FeedbackEvent(event_id=r[0], paper_id=r[1], action=cast(Action, r[2]), at=r[3])
            for r in rows
        ]

    def saved_ids(self, user: User) -> list[str]:
        def read() -> tuple[str, ...]:
            rows = self._core.execute(
                "SELECT paper_id FROM saves WHERE user_id = ? ORDER BY saved_at, paper_id",
                [user.id],
            )
            return tuple(r[0] for r in rows)

        return list(self._core.per_user("saved", user, read))

    def dismissed_ids(self, user: User) -> list[str]:
        def read() -> tuple[str, ...]:
            rows = self._core.execute(
                "SELECT paper_id FROM dismissals WHERE user_id = ? ORDER BY paper_id", [user.id]
            )
            return tuple(r[0] for r in rows)

        return list(self._core.per_user("dismissed", user, read))

    def library(
        self, user: User, query: str | None, limit: int, offset: int
    ) -> tuple[int, list[tuple[Paper, str]]]:
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
        total = int(self._core.execute(f"SELECT COUNT(*) {joined}", args).fetchone()[0])
        columns = ", ".join(f"p.{c}" for c in COLUMNS.split(", "))
        rows = self._core.execute(
            f"SELECT s.paper_id, s.saved_at, {columns} {joined} "
            "ORDER BY s.saved_at DESC, s.rowid DESC LIMIT ? OFFSET ?",
            [*args, limit, offset],
        ).fetchall()
        # A save may name a paper the server never received: show its id rather than hide it.
        return total, [
            (paper_of(r[2:]) if r[2] is not None else Paper(id=r[0], title=r[0]), r[1])
            for r in rows
        ]

    def learning_stamp(self, user: User) -> tuple[int, int]:
        def read() -> tuple[int, int]:
            row = self._core.execute(
                "SELECT (SELECT COUNT(*) FROM feedback WHERE user_id = ?),"
                " COALESCE((SELECT revision FROM keyword_seeds WHERE user_id = ?), 0)",
                [user.id, user.id],
            ).fetchone()
            return int(row[0]), int(row[1])

        return cast(tuple[int, int], self._core.per_user("stamp", user, read))
