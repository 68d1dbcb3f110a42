"""`paperlens sync` against a local stand-in for the Hugging Face daily papers endpoint that
serves the real records of ../shared/data/hf-daily-papers in the endpoint's JSON shape."""

import json
import sqlite3
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from paperlens.storage import SqliteStore
from paperlens.sync import DailyPapersClient, SyncFailed, days_to_sync, paper_from_entry, sync

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "hf-daily-papers" / "papers.jsonl"
DAYS = ["2026-05-11", "2026-05-12", "2026-05-13"]


def entry(record: dict[str, Any]) -> dict[str, Any]:
    """One record in the shape of /api/daily_papers."""
    return {
        "paper": {
            "id": record["id"],
            "title": record["title"],
            "summary": record["abstract"],
            "authors": [{"name": n} for n in record["authors"]],
            "publishedAt": record["published"],
            "upvotes": record["upvotes"],
        },
        "title": record["title"],
        "numComments": 0,
    }


@pytest.fixture(scope="module")
def by_day() -> dict[str, list[dict[str, Any]]]:
    days: dict[str, list[dict[str, Any]]] = {d: [] for d in DAYS}
    with DATA.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if record["daily_date"] in days:
                days[record["daily_date"]].append(entry(record))
    return days


class FakeHub:
    """Serves by_day; `failures[day]` answers that many 503s (or forever with -1) first."""

    def __init__(self, by_day: dict[str, list[dict[str, Any]]]) -> None:
        self.by_day = by_day
        self.failures: Counter[str] = Counter()
        self.requests: list[str] = []
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                url = urlparse(self.path)
                day = parse_qs(url.query).get("date", [""])[0]
                hub.requests.append(day)
                if url.path != "/api/daily_papers":
                    self.send_response(404)
                    self.end_headers()
                    return
                if hub.failures[day] != 0:
                    hub.failures[day] -= 1
                    self.send_response(503)
                    self.send_header("Retry-After", "0")
                    self.end_headers()
                    return
                body = json.dumps(hub.by_day.get(day, [])).encode()
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def hub(by_day: dict[str, list[dict[str, Any]]]) -> Iterator[FakeHub]:
    fake = FakeHub(by_day)
    yield fake
    fake.server.shutdown()


def client(hub: FakeHub) -> DailyPapersClient:
    return DailyPapersClient(hub.url, min_interval_s=0.0, backoff_s=0.0)


def test_entries_become_schema_shaped_papers(by_day: dict[str, list[dict[str, Any]]]) -> None:
    first = by_day["2026-05-12"][0]
    paper = paper_from_entry(first)
    assert paper is not None
    assert paper["id"] == first["paper"]["id"] and paper["authors"]
    assert paper_from_entry({"paper": {"id": "x"}}) is None
    assert paper_from_entry("nonsense") is None


def test_sync_stores_every_paper_of_every_day(
    tmp_path: Path, hub: FakeHub, by_day: dict[str, list[dict[str, Any]]]
) -> None:
    db = tmp_path / "p.db"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "paperlens",
            "sync",
            "--days",
            "3",
            "--until",
            DAYS[-1],
            "--db",
            str(db),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={
            "PATH": "/usr/bin:/bin",
            "PAPERLENS_HF_BASE_URL": hub.url,
            "PAPERLENS_SYNC_MIN_INTERVAL_S": "0.05",
        },
    )
    assert result.returncode == 0, result.stderr
    expected = {e["paper"]["id"] for day in DAYS for e in by_day[day]}
    with sqlite3.connect(db) as conn:
        stored = {r[0] for r in conn.execute("SELECT id FROM papers")}
    assert stored == expected
    assert sorted(hub.requests) == DAYS
    assert f"stored {sum(len(by_day[d]) for d in DAYS)} papers" in result.stdout


def test_sync_retries_then_resumes_where_it_stopped(tmp_path: Path, hub: FakeHub) -> None:
    store = SqliteStore(tmp_path / "p.db")
    until = date.fromisoformat(DAYS[-1])
    hub.failures["2026-05-11"] = 2  # transient: retried
    hub.failures["2026-05-12"] = -1  # down for good: the sync stops there
    done = []
    with pytest.raises(SyncFailed, match="gave up on 2026-05-12 after 6 attempts"):
        for day, _ in sync(store, client(hub), days_to_sync(store, until, 3)):
            done.append(day.isoformat())
    assert done == ["2026-05-11"]
    assert hub.requests.count("2026-05-11") == 3

    hub.failures.clear()
    hub.requests.clear()
    resumed = [d.isoformat() for d, _ in sync(store, client(hub), days_to_sync(store, until, 3))]
    assert resumed == ["2026-05-12", "2026-05-13"], "the finished day is not fetched again"
    assert hub.requests == resumed


def test_requests_are_spaced_by_the_minimum_interval(hub: FakeHub) -> None:
    slept: list[float] = []
    polite = DailyPapersClient(hub.url, min_interval_s=5.0, sleep=slept.append)
    polite.day(date(2026, 5, 11))
    polite.day(date(2026, 5, 12))
    assert len(slept) == 1 and 4.0 < slept[0] <= 5.0
