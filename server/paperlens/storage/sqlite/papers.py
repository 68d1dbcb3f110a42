"""The corpus: every paper any user was shown, numbered in the order first stored (SQLite's
rowid, which only grows: papers are never deleted)."""

import json
from collections.abc import Iterable, Iterator
from typing import Any

from paperlens.records import Paper
from paperlens.storage.sqlite.core import Tables, now

COLUMNS = "id, title, abstract, authors, upvotes, published"


def paper_of(row: Any) -> Paper:
    """A paper from the columns of COLUMNS (authors as JSON)."""
    return Paper(
        id=row[0],
        title=row[1],
        abstract=row[2],
        authors=json.loads(row[3]) if row[3] else [],
        upvotes=row[4],
        published=row[5],
    )


class PaperTables(Tables):
    def upsert_papers(self, papers: Iterable[Paper]) -> None:
        self._core.follow_others()
        stamp = now()
        rows = []
        for p in papers:
            authors = p.get("authors") or []
            fields = (p["title"], p.get("abstract"), p.get("upvotes"), p.get("published"))
            if self._core.upserted_already(p["id"], hash((fields, tuple(authors)))):
                continue
            title, abstract, upvotes, published = fields
            authors_json = json.dumps(authors, ensure_ascii=False)
            rows.append((p["id"], title, abstract, authors_json, upvotes, published, stamp))
        if not rows:
            return
        # Keep what we already know when a page omits a field (card markup has no abstract).
        with self._core.transaction():
            self._core.executemany(
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
            cursor = self._core.execute(f"SELECT {COLUMNS} FROM papers ORDER BY id")
        else:
            wanted = list(ids)
            marks = ",".join("?" * len(wanted))
            cursor = self._core.execute(
                f"SELECT {COLUMNS} FROM papers WHERE id IN ({marks})", wanted
            )
        for row in cursor:
            yield paper_of(row)

    def paper_ids(self) -> list[str]:
        return [r[0] for r in self._core.execute("SELECT id FROM papers ORDER BY id")]

    def newest_paper_number(self) -> int:
        # An index lookup, not a count.
        row = self._core.execute("SELECT max(rowid) FROM papers").fetchone()
        return int(row[0] or 0)

    def papers_since(self, number: int) -> Iterator[tuple[int, Paper]]:
        cursor = self._core.execute(
            f"SELECT rowid, {COLUMNS} FROM papers WHERE rowid > ? ORDER BY rowid", [number]
        )
        for row in cursor:
            yield row[0], paper_of(row[1:])

    def corpus_at(self, number: int) -> tuple[int, int, str | None]:
        # Counting the papers up to it would read the whole table: ~0.5 s at 200,000 papers.
        total = self._core.execute("SELECT count(*) FROM papers").fetchone()[0]
        after = self._core.execute("SELECT count(*) FROM papers WHERE rowid > ?", [number])
        at = self._core.execute("SELECT id FROM papers WHERE rowid = ?", [number]).fetchone()
        return int(total), int(after.fetchone()[0]), at[0] if at else None
