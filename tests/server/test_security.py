"""Web pages and rebound DNS names are refused before any route runs."""

import httpx
import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from paperlens.security import host_allowed, origin_allowed
from tests.live_server import REPLY_TIMEOUT_S, LiveServer


@pytest.mark.parametrize(
    ("host", "allowed"),
    [
        ("127.0.0.1:8377", True),
        ("localhost:8377", True),
        ("[::1]:8377", True),
        ("localhost", True),
        ("127.0.0.1:9999", False),
        ("evil.example:8377", False),
        ("127.0.0.1.evil.example:8377", False),
        ("", False),
        (None, False),
    ],
)
def test_host_allow_list(host: str | None, allowed: bool) -> None:
    assert host_allowed(host, 8377) is allowed


@pytest.mark.parametrize(
    ("origin", "allowed"),
    [
        (None, True),
        ("chrome-extension://abcdefghijklmnopabcdefghijklmnop", True),
        ("moz-extension://0b0c3e4a-7b4e-4a55-9d55-3c1e0e0d2f10", True),
        ("https://huggingface.co", False),
        ("http://127.0.0.1:8377", False),
        ("null", False),
    ],
)
def test_origin_allow_list(origin: str | None, allowed: bool) -> None:
    assert origin_allowed(origin) is allowed


def test_web_origin_is_refused_on_http_and_websocket(server: LiveServer) -> None:
    response = httpx.get(
        f"{server.http_url}/api/health",
        headers={"Origin": "https://evil.example"},
        timeout=REPLY_TIMEOUT_S,
    )
    assert response.status_code == 403
    assert "expected no Origin" in response.json()["error"]["message"]
    with pytest.raises(InvalidStatus) as refused:
        connect(server.ws_url, origin="https://evil.example")  # type: ignore[arg-type]
    assert refused.value.response.status_code == 403


def test_rebound_host_is_refused(server: LiveServer) -> None:
    response = httpx.get(
        f"{server.http_url}/api/health", headers={"Host": "evil.example"}, timeout=REPLY_TIMEOUT_S
    )
    assert response.status_code == 403
    assert "expected Host" in response.json()["error"]["message"]
