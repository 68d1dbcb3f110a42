"""Shared fixtures: a real server process on a free port, fixture papers from a real HF day."""

import json
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from websockets.sync.client import connect

from tests.live_server import Client, ClientFactory, LiveServer

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def daily_papers() -> list[dict[str, Any]]:
    """36 papers of 2026-05-12 as the extension sends them (shared_schema/paper.json)."""
    data = json.loads((FIXTURES / "hf_daily_2026-05-12.json").read_text(encoding="utf-8"))
    keys = ("id", "title", "abstract", "authors", "upvotes", "published")
    return [{k: p[k] for k in keys} for p in data["papers"]]


@pytest.fixture
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[LiveServer]:
    """A server of its own for the test, with the PAPERLENS_* settings of the test's
    `server_env` mark if it has one."""
    mark = request.node.get_closest_marker("server_env")
    live = LiveServer(db_path=tmp_path / "paperlens.db", env=mark.kwargs if mark else {})
    live.start()
    yield live
    live.stop()


@pytest.fixture
def connect_client(server: LiveServer) -> Iterator[ClientFactory]:
    """Opens WebSocket clients to the server (closed at the end of the test)."""
    with ExitStack() as stack:

        def open_client(**headers: str) -> Client:
            ws = connect(server.ws_url, additional_headers=headers or None)
            return Client(stack.enter_context(ws))

        yield open_client
