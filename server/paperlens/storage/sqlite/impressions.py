"""Papers each user was shown: the learner's weak negatives."""

from collections.abc import Iterable

from paperlens.records import User
from paperlens.storage.sqlite.core import Tables, now


class ImpressionTables(Tables):
    def record_impressions(self, user: User, paper_ids: Iterable[str]) -> None:
        stamp = now()
        with self._core.transaction(synced=False):
            self._core.executemany(
                "INSERT OR IGNORE INTO impressions (user_id, paper_id, first_shown) "
                "VALUES (?, ?, ?)",
                [(user.id, pid, stamp) for pid in paper_ids],
            )

    def impression_ids(self, user: User) -> list[str]:
        # One joined string rather than a row each: a year of pages is ~18,000 impressions, and
        # fetching them row by row took ~1 µs each, on every refit. Paper ids have no newline
        # (shared_schema/paper.json).
        row = self._core.execute(
            "SELECT group_concat(paper_id, char(10)) FROM impressions WHERE user_id = ?",
            [user.id],
        ).fetchone()
        return row[0].split("\n") if row[0] else []
