"""What a web page, a rebound DNS name or a careless client may try, each refused with nothing
stored: against one real server with the default settings."""

import json
import socket
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import connect

from paperlens.settings import Settings
from tests.live_server import REPLY_TIMEOUT_S, START_TIMEOUT_S, Client, LiveServer, free_port
from tests.security.conftest import snapshot

WEB_ORIGINS = ["https://evil.example", "https://huggingface.co", "http://127.0.0.1:8377", "null"]
PAPER = {"id": "2605.00001", "title": "A paper a web page wants stored"}


@pytest.fixture(scope="module")
def token(live: LiveServer) -> str:
    return live.add_user("alice")


def auth(token: str, **headers: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", **headers}


def writes(live: LiveServer, token: str, **headers: str) -> Iterator[httpx.Response]:
    """Each REST call that would store something, with the token and the given headers."""
    base, headers = live.http_url, auth(token, **headers)
    yield httpx.put(
        f"{base}/api/papers", json={"papers": [PAPER]}, headers=headers, timeout=REPLY_TIMEOUT_S
    )
    feedback = {"event_id": "evil-0001", "paper_id": PAPER["id"], "action": "save"}
    yield httpx.post(
        f"{base}/api/feedback", json=feedback, headers=headers, timeout=REPLY_TIMEOUT_S
    )
    bib = "@article{x, title={Evil}, eprint={2605.00002}}"
    yield httpx.post(
        f"{base}/api/library/import", content=bib, headers=headers, timeout=REPLY_TIMEOUT_S
    )


def test_binds_loopback_by_default(live: LiveServer) -> None:
    assert Settings().host == "127.0.0.1"
    assert live.log_path is not None
    log = live.log_path.read_text()
    assert f"Uvicorn running on http://127.0.0.1:{live.port}" in log
    assert "WARNING" not in log


def test_another_address_only_when_asked_and_with_a_warning(tmp_path: Any) -> None:
    # 127.0.0.2 is loopback too, so the test listens on nothing reachable from outside.
    command = [sys.executable, "-m", "paperlens", "serve", "--host", "127.0.0.2"]
    command += ["--port", str(free_port()), "--db", str(tmp_path / "p.db")]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert process.stdout is not None
        lines = []
        for line in process.stdout:
            lines.append(line)
            if "Uvicorn running on" in line:
                break
        output = "".join(lines)
        assert "WARNING: binding 127.0.0.2: other machines can reach this server" in output
        assert "Uvicorn running on http://127.0.0.2:" in output
    finally:
        process.terminate()
        process.wait(timeout=START_TIMEOUT_S)


def test_health_is_public_and_says_nothing_personal(live: LiveServer, token: str) -> None:
    health = httpx.get(f"{live.http_url}/api/health", timeout=REPLY_TIMEOUT_S).json()
    assert set(health) == {"status", "version", "protocol"}
    assert "alice" not in json.dumps(health)


def test_token_in_a_url_does_not_authenticate(live: LiveServer, token: str) -> None:
    before = snapshot(live.db_path)
    for name in ("token", "access_token", "authorization"):
        response = httpx.put(
            f"{live.http_url}/api/papers?{name}={token}",
            json={"papers": [PAPER]},
            timeout=REPLY_TIMEOUT_S,
        )
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "not_authenticated"
    with connect(f"{live.ws_url}?token={token}") as ws:
        client = Client(ws)
        client.send({"type": "page", "page_id": "tab-1", "papers": [PAPER]})
        assert client.recv()["code"] == "not_authenticated"
    assert snapshot(live.db_path) == before


@pytest.mark.parametrize("origin", WEB_ORIGINS)
def test_web_origin_is_refused_even_with_a_token(live: LiveServer, token: str, origin: str) -> None:
    before = snapshot(live.db_path)
    for response in writes(live, token, Origin=origin):
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "forbidden"
        assert "access-control-allow-origin" not in response.headers
    with pytest.raises(InvalidStatus) as refused:
        connect(live.ws_url, origin=origin)  # type: ignore[arg-type]
    assert refused.value.response.status_code == 403
    assert snapshot(live.db_path) == before


def test_rebound_host_is_refused_on_rest_and_websocket(live: LiveServer, token: str) -> None:
    before = snapshot(live.db_path)
    for host in ("evil.example", f"evil.example:{live.port}", f"127.0.0.1:{live.port + 1}"):
        for response in writes(live, token, Host=host):
            assert response.status_code == 403
            assert "expected Host" in response.json()["error"]["message"]
        # The socket goes to 127.0.0.1, the handshake names the rebound host.
        sock = socket.create_connection(("127.0.0.1", live.port))
        with pytest.raises(InvalidStatus) as refused:
            connect(f"ws://{host}/ws", sock=sock)
        assert refused.value.response.status_code == 403
    assert snapshot(live.db_path) == before


def test_no_cors_for_anyone(live: LiveServer, token: str) -> None:
    preflight = {"Access-Control-Request-Method": "PUT", "Access-Control-Request-Headers": "x"}
    for origin in ("https://evil.example", "chrome-extension://abcdefghijklmnopabcdefghijklmnop"):
        response = httpx.options(
            f"{live.http_url}/api/papers", headers={"Origin": origin, **preflight}
        )
        assert response.status_code in (403, 405)
        assert not any(h.startswith("access-control-") for h in response.headers)
    response = httpx.get(f"{live.http_url}/api/me", headers=auth(token), timeout=REPLY_TIMEOUT_S)
    assert not any(h.startswith("access-control-") for h in response.headers)


def test_no_get_has_a_side_effect(live: LiveServer, token: str) -> None:
    spec = httpx.get(f"{live.http_url}/openapi.json", timeout=REPLY_TIMEOUT_S).json()
    before = snapshot(live.db_path)
    for path, operations in spec["paths"].items():
        if "get" in operations:
            url = live.http_url + path.replace("{paper_id}", "2605.00001")
            assert httpx.get(url, headers=auth(token), timeout=REPLY_TIMEOUT_S).status_code < 500
    assert snapshot(live.db_path) == before


def test_oversized_http_bodies_are_refused_before_they_are_read(
    live: LiveServer, token: str
) -> None:
    before = snapshot(live.db_path)
    big = {"papers": [{**PAPER, "abstract": "x" * 15_000} for _ in range(80)]}
    body = json.dumps(big).encode()
    assert len(body) > 1024 * 1024
    headers = auth(token, **{"Content-Type": "application/json"})
    response = httpx.put(
        f"{live.http_url}/api/papers", content=body, headers=headers, timeout=REPLY_TIMEOUT_S
    )
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"
    # Without a Content-Length (chunked), the server counts as it reads.
    chunks = iter([body[i : i + 65536] for i in range(0, len(body), 65536)])
    response = httpx.put(
        f"{live.http_url}/api/papers", content=chunks, headers=headers, timeout=REPLY_TIMEOUT_S
    )
    assert response.status_code == 413
    assert snapshot(live.db_path) == before


def test_oversized_frames_are_refused_and_huge_ones_close(live: LiveServer, token: str) -> None:
    before = snapshot(live.db_path)
    page = {"type": "page", "page_id": "tab-1", "papers": [PAPER], "pad": "x" * 1_500_000}
    with connect(live.ws_url, max_size=None) as ws:
        client = Client(ws)
        client.hello(token)
        client.send(page)
        error = client.recv()
        assert error["code"] == "too_large"
        assert "at most 1048576 bytes" in error["message"]
        client.send({"type": "ping", "nonce": "still-there"})
        assert client.recv() == {"type": "pong", "nonce": "still-there"}
        # Over twice the cap the frame is never buffered whole: the connection closes (1009).
        client.send({**page, "pad": "x" * 3_000_000})
        with pytest.raises(ConnectionClosed) as closed:
            client.recv()
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 1009
    assert snapshot(live.db_path) == before
