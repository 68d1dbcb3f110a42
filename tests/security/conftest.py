"""Fixtures of the security suite: one real server per module (starting one costs seconds on a
shared machine), a snapshot of everything stored, and the check that the server log is clean."""

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.live_server import LiveServer

TABLES = ("users", "papers", "feedback", "saves", "dismissals", "impressions")


def snapshot(db_path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row the server stores, table by table: equal snapshots mean nothing was written."""
    with sqlite3.connect(db_path) as db:
        return {t: db.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in TABLES}


def assert_log_clean(server: LiveServer) -> None:
    assert server.log_path is not None
    log = server.log_path.read_text(errors="replace")
    assert "Traceback" not in log, log[log.index("Traceback") :][:3000]


@pytest.fixture(scope="module")
def live(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """A server for the whole module, with the module's SERVER_ENV settings if it has any."""
    env: dict[str, str] = getattr(request.module, "SERVER_ENV", {})
    server = LiveServer(db_path=tmp_path_factory.mktemp("server") / "paperlens.db", env=env)
    server.start()
    yield server
    server.stop()
    assert_log_clean(server)
