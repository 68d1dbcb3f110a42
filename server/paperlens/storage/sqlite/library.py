"""Feedback events and the library they make: `feedback` (every event, idempotent by its id)
and `saves` (the papers in each user's library), kept in step in the transaction that stores
each event."""

from typing import cast

from paperlens.records import Action, FeedbackEvent, Paper, User
from paperlens.storage.sqlite.core import Tables, now
from paperlens.storage.sqlite.papers import COLUMNS, paper_of


class LibraryTables(Tables):
    def add_feedback(self, user: User, event: FeedbackEvent) -> bool:
        with self._core.transaction():
            cursor = self._core.execute(
                "INSERT OR IGNORE INTO feedback (user_id, event_id, paper_id, action, at, received)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [user.id, event.event_id, event.paper_id, event.action, event.at, now()],
            )
            if cursor.rowcount == 0:
                return False
            if event.action == "save":
                self._core.execute(
                    "INSERT OR IGNORE INTO saves (user_id, paper_id, saved_at) VALUES (?, ?, ?)",
                    [user.id, event.paper_id, event.at or now()],
                )
            elif event.action in ("unsave", "dismiss"):
                self._core.execute(
                    "DELETE FROM saves WHERE user_id = ? AND paper_id = ?",
                    [user.id, event.paper_id],
                )
        return True

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
