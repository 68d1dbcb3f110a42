"""The days of the Hugging Face daily list that `paperlens sync` fetched (so it resumes)."""

from paperlens.storage.sqlite.core import Tables, now


class SyncedDayTables(Tables):
    def synced_days(self) -> set[str]:
        return {r[0] for r in self._core.execute("SELECT day FROM synced_days")}

    def mark_synced(self, day: str, papers: int) -> None:
        with self._core.transaction():
            self._core.execute(
                "INSERT OR REPLACE INTO synced_days (day, papers, fetched_at) VALUES (?, ?, ?)",
                [day, papers, now()],
            )
