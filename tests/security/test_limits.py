"""Per-token limits and origin pins against one real server with tight settings: a rate limit
refuses with `rate_limited` and the connection goes on, a cap on connections per token, Chrome
ids from the setting, Firefox's origin pinned by the first pairing. Each refusal stores nothing."""

import time
from typing import Any

import httpx
import pytest
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import connect

from paperlens.storage import SqliteStore
from tests.live_server import REPLY_TIMEOUT_S, Client, LiveServer
from tests.security.conftest import snapshot

CHROME_ID = "abcdefghijklmnopabcdefghijklmnop"
# Five requests per token, then one every 1000 s: the sixth is refused whatever the timing.
SERVER_ENV = {
    "PAPERLENS_RATE_BURST": "5",
    "PAPERLENS_RATE_PER_S": "0.001",
    "PAPERLENS_MAX_CONNECTIONS_PER_TOKEN": "2",
    "PAPERLENS_CHROME_EXTENSION_IDS": f"{CHROME_ID}, bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
}
FIREFOX_A = "moz-extension://0b0c3e4a-7b4e-4a55-9d55-3c1e0e0d2f10"
FIREFOX_B = "moz-extension://5f1d8f4e-1111-4a55-9d55-aaaaaaaaaaaa"


def save(paper_id: str, event_id: str) -> dict[str, Any]:
    return {"type": "feedback", "event_id": event_id, "paper_id": paper_id, "action": "save"}


def test_rate_limit_refuses_clearly_and_the_connection_survives(live: LiveServer) -> None:
    token = live.add_user("rate-ws")
    with connect(live.ws_url) as ws:
        client = Client(ws)
        client.hello(token)
        for n in range(5):
            client.send({"type": "ping", "nonce": str(n)})
            assert client.recv()["type"] == "pong"
        before = snapshot(live.db_path)
        client.send(save("2605.00001", "rate-event-1"))
        error = client.recv()
        assert error["code"] == "rate_limited"
        assert "expected at most 0.001 requests per second" in error["message"]
        # Not named: the extension must keep the save queued and send it again later.
        assert error["event_id"] is None
        assert snapshot(live.db_path) == before
        client.send({"type": "ping", "nonce": "after"})
        assert client.recv()["code"] == "rate_limited"  # still open, still answering


def test_rate_limit_on_rest_says_when_to_retry(live: LiveServer) -> None:
    token = live.add_user("rate-rest")
    headers = {"Authorization": f"Bearer {token}"}
    for _ in range(5):
        assert (
            httpx.get(
                f"{live.http_url}/api/me", headers=headers, timeout=REPLY_TIMEOUT_S
            ).status_code
            == 200
        )
    before = snapshot(live.db_path)
    response = httpx.put(
        f"{live.http_url}/api/papers",
        json={"papers": [{"id": "2605.00002", "title": "Too late"}]},
        headers=headers,
        timeout=REPLY_TIMEOUT_S,
    )
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "rate_limited"
    assert int(response.headers["retry-after"]) >= 1
    assert snapshot(live.db_path) == before


def test_connections_per_token_are_capped(live: LiveServer) -> None:
    token = live.add_user("many-tabs")
    with connect(live.ws_url) as first, connect(live.ws_url) as second:
        assert Client(first).hello(token)["type"] == "welcome"
        assert Client(second).hello(token)["type"] == "welcome"
        with connect(live.ws_url) as third:
            client = Client(third)
            error = client.hello(token)
            assert error["code"] == "rate_limited"
            assert "at most 2 open connections per token" in error["message"]
            with pytest.raises(ConnectionClosed) as closed:
                client.recv()
            assert closed.value.rcvd is not None and closed.value.rcvd.code == 4429
    # Once the server has seen the others close, the token connects again.
    deadline = time.monotonic() + REPLY_TIMEOUT_S
    while True:
        with connect(live.ws_url) as again:
            if Client(again).hello(token)["type"] == "welcome":
                break
        assert time.monotonic() < deadline, "the closed connections still count"
        time.sleep(0.05)


@pytest.mark.parametrize(
    ("origin", "allowed"),
    [
        (f"chrome-extension://{CHROME_ID}", True),
        ("chrome-extension://cccccccccccccccccccccccccccccccc", False),
    ],
)
def test_chrome_extension_ids_come_from_the_setting(
    live: LiveServer, origin: str, allowed: bool
) -> None:
    token = live.add_user(f"chrome-{allowed}")
    response = httpx.get(
        f"{live.http_url}/api/me",
        headers={"Origin": origin, "Authorization": f"Bearer {token}"},
        timeout=REPLY_TIMEOUT_S,
    )
    assert response.status_code == (200 if allowed else 403)
    if allowed:
        with connect(live.ws_url, origin=origin) as ws:  # type: ignore[arg-type]
            assert Client(ws).hello(token)["type"] == "welcome"
    else:
        assert CHROME_ID in response.json()["error"]["message"]
        with pytest.raises(InvalidStatus):
            connect(live.ws_url, origin=origin)  # type: ignore[arg-type]


def test_firefox_origin_is_pinned_by_the_first_pairing(live: LiveServer) -> None:
    token = live.add_user("firefox")
    with connect(live.ws_url, origin=FIREFOX_A) as ws:  # type: ignore[arg-type]
        assert Client(ws).hello(token)["type"] == "welcome"
    before = snapshot(live.db_path)
    with connect(live.ws_url, origin=FIREFOX_B) as ws:  # type: ignore[arg-type]
        client = Client(ws)
        error = client.hello(token)
        assert error["code"] == "forbidden"
        assert FIREFOX_A in error["message"] and FIREFOX_B in error["message"]
        with pytest.raises(ConnectionClosed) as closed:
            client.recv()
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 4403
    response = httpx.put(
        f"{live.http_url}/api/papers",
        json={"papers": [{"id": "2605.00003", "title": "From another extension"}]},
        headers={"Origin": FIREFOX_B, "Authorization": f"Bearer {token}"},
        timeout=REPLY_TIMEOUT_S,
    )
    assert response.status_code == 403
    assert snapshot(live.db_path) == before
    # The pinned extension still gets in, and another user may pair their own Firefox.
    with connect(live.ws_url, origin=FIREFOX_A) as ws:  # type: ignore[arg-type]
        assert Client(ws).hello(token)["type"] == "welcome"
    with connect(live.ws_url, origin=FIREFOX_B) as ws:  # type: ignore[arg-type]
        assert Client(ws).hello(live.add_user("firefox-2"))["type"] == "welcome"
    # The pin is stored: a restart does not let another extension pair in its place ...
    live.stop()
    live.start()
    with connect(live.ws_url, origin=FIREFOX_B) as ws:  # type: ignore[arg-type]
        assert Client(ws).hello(token)["code"] == "forbidden"
    # ... until the user re-pairs with a new token (a reinstalled extension has a new UUID).
    store = SqliteStore(live.db_path)
    new_token = store.rotate_token("firefox")
    store.close()
    with connect(live.ws_url, origin=FIREFOX_B) as ws:  # type: ignore[arg-type]
        assert Client(ws).hello(new_token)["type"] == "welcome"
