"""Each user's keyword seeds (a ranking before the first save), with a revision that counts
their changes (part of the model version)."""

import json
from typing import cast

from paperlens.records import User
from paperlens.storage.sqlite.core import Tables, now


class KeywordTables(Tables):
    def set_keywords(self, user: User, keywords: list[str]) -> None:
        cleaned = list(dict.fromkeys(k.strip() for k in keywords if k.strip()))
        with self._core.transaction():
            self._core.execute(
                """
                INSERT INTO keyword_seeds (user_id, keywords, revision, updated)
                VALUES (?, ?, 1, ?)
                ON CONFLICT (user_id) DO UPDATE SET
                    keywords = excluded.keywords,
                    revision = keyword_seeds.revision + 1,
                    updated = excluded.updated
                """,
                [user.id, json.dumps(cleaned, ensure_ascii=False), now()],
            )

    def keywords(self, user: User) -> tuple[list[str], int]:
        row = self._core.execute(
            "SELECT keywords, revision FROM keyword_seeds WHERE user_id = ?", [user.id]
        ).fetchone()
        if row is None:
            return [], 0
        return cast(list[str], json.loads(row[0])), int(row[1])
