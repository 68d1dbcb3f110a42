"""`paperlens sync`: fill the corpus from the Hugging Face daily papers endpoint.

One request per day (`/api/daily_papers?date=YYYY-MM-DD`, the JSON the papers page embeds),
at most one request per `min_interval_s`, retries with exponential backoff on 429, 5xx and
network errors (honouring Retry-After). Finished days are recorded, so an interrupted sync picks
up where it stopped; the most recent days are always fetched again, as their lists still grow.
"""

import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import httpx

from paperlens.errors import PaperLensError
from paperlens.records import Paper
from paperlens.storage import Store

# Days this recent are fetched again even when already synced: their lists still change.
FRESH_DAYS = 2


class SyncFailed(PaperLensError):
    code = "sync_failed"
    http_status = 502


def paper_from_entry(entry: Any) -> Paper | None:
    """A Paper from one entry of the daily list ({"paper": {...}, ...}); None if unusable."""
    paper = entry.get("paper") if isinstance(entry, dict) else None
    if not isinstance(paper, dict) or not paper.get("id") or not paper.get("title"):
        return None
    authors = [a.get("name") for a in paper.get("authors") or [] if isinstance(a, dict)]
    upvotes = paper.get("upvotes")
    published = paper.get("publishedAt")
    return Paper(
        id=str(paper["id"])[:64],
        title=" ".join(str(paper["title"]).split())[:1000],
        abstract=str(paper["summary"])[:20000] if paper.get("summary") else None,
        authors=[str(a)[:300] for a in authors if a][:1000],
        upvotes=upvotes if isinstance(upvotes, int) and upvotes >= 0 else None,
        published=str(published)[:40] if published else None,
    )


@dataclass
class DailyPapersClient:
    base_url: str
    min_interval_s: float = 1.0
    retries: int = 5
    backoff_s: float = 1.0
    timeout_s: float = 30.0
    sleep: Callable[[float], None] = time.sleep

    def __post_init__(self) -> None:
        self._http = httpx.Client(base_url=self.base_url, timeout=self.timeout_s)
        self._last_request = 0.0

    def _wait_turn(self) -> None:
        wait = self._last_request + self.min_interval_s - time.monotonic()
        if wait > 0:
            self.sleep(wait)
        self._last_request = time.monotonic()

    def day(self, day: date) -> list[Any]:
        """The raw entries listed on `day`."""
        problem = ""
        for attempt in range(self.retries + 1):
            if attempt:
                # Exponential backoff with jitter, or what the server asked for.
                self.sleep(
                    max(self._retry_after, self.backoff_s * 2 ** (attempt - 1))
                    * random.uniform(1.0, 1.25)
                )
            self._wait_turn()
            self._retry_after = 0.0
            try:
                response = self._http.get("/api/daily_papers", params={"date": day.isoformat()})
            except httpx.TransportError as exc:
                problem = f"network error: {exc}"
                continue
            if response.status_code == 429 or response.status_code >= 500:
                problem = f"HTTP {response.status_code}"
                retry_after = response.headers.get("retry-after", "")
                self._retry_after = float(retry_after) if retry_after.isdigit() else 0.0
                continue
            if response.status_code != 200:
                raise SyncFailed(f"expected HTTP 200 for {day}, got {response.status_code}")
            try:
                entries = response.json()
            except ValueError:
                raise SyncFailed(f"expected JSON for {day}, got {response.text[:60]!r}") from None
            if not isinstance(entries, list):
                raise SyncFailed(f"expected a JSON list for {day}, got {type(entries).__name__}")
            return entries
        raise SyncFailed(f"gave up on {day} after {self.retries + 1} attempts ({problem})")

    _retry_after = 0.0


def days_to_sync(store: Store, until: date, days: int) -> list[date]:
    done = store.synced_days()
    wanted = [until - timedelta(days=n) for n in range(days)][::-1]
    return [d for d in wanted if d.isoformat() not in done or (until - d).days < FRESH_DAYS]


def sync(store: Store, client: DailyPapersClient, days: list[date]) -> Iterator[tuple[date, int]]:
    """Fetch and store each day; yields (day, papers stored) as each one finishes."""
    for day in days:
        papers = [p for p in map(paper_from_entry, client.day(day)) if p is not None]
        store.upsert_papers(papers)
        store.mark_synced(day.isoformat(), len(papers))
        yield day, len(papers)
