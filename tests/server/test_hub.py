"""The WebSocket hub with many tabs: pushes reach every tab of the user and no one else's,
bursts coalesce, and a client that stops reading is dropped without holding up the others."""

import socket
import time
from typing import Any

import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from tests.live_server import Client, ClientFactory, LiveServer


def save(client: Client, paper_id: str, event_id: str) -> None:
    client.send({"type": "feedback", "event_id": event_id, "paper_id": paper_id, "action": "save"})


def test_saves_on_one_tab_reach_the_other_tabs_and_not_another_user(
    server: LiveServer, connect_client: ClientFactory, daily_papers: list[Any]
) -> None:
    alice, bob = server.add_user("alice"), server.add_user("bob")
    tabs = [connect_client() for _ in range(3)]
    for i, tab in enumerate(tabs):
        tab.open_page(alice, f"tab-{i}", daily_papers)
    other = connect_client()
    other.open_page(bob, "bob-tab", daily_papers)

    save(tabs[0], daily_papers[0]["id"], "event-0001")
    for i, tab in enumerate(tabs):
        pushed = tab.recv_type("scores")
        assert pushed["page_id"] == f"tab-{i}" and pushed["model_version"] == 1
        assert next(s for s in pushed["papers"] if s["id"] == daily_papers[0]["id"])["saved"]
    # Alice's push went to all her tabs at once: a frame of it on bob's tab would be queued by now.
    assert other.settle() == [], "bob sees nothing of alice's saves"


# A push window that outlasts a burst of saves on a loaded machine.
@pytest.mark.server_env(PAPERLENS_PUSH_WINDOW_S="5")
def test_a_burst_of_saves_is_folded_into_few_pushes_with_the_final_state(
    server: LiveServer, connect_client: ClientFactory, daily_papers: list[Any]
) -> None:
    token = server.add_user("alice")
    clicker, watcher = connect_client(), connect_client()
    clicker.open_page(token, "tab-1", daily_papers)
    watcher.open_page(token, "tab-2", daily_papers)
    burst = [p["id"] for p in daily_papers[:20]]
    for i, paper_id in enumerate(burst):
        save(clicker, paper_id, f"event-{i:04d}")

    received = watcher.until(lambda m: m["type"] == "scores" and m["model_version"] == 20)
    pushes = [m for m in received if m["type"] == "scores"]
    assert 1 <= len(pushes) <= 3, f"20 saves gave {len(pushes)} pushes"
    assert {s["id"] for s in pushes[-1]["papers"] if s["saved"]} == set(burst)
    acks: list[Any] = []
    while len(acks) < 20:
        acks.append(clicker.recv_type("ack"))
    assert [a["event_ids"] for a in acks] == [[f"event-{i:04d}"] for i in range(20)], (
        "every save is still acknowledged on its own"
    )


def test_a_page_shown_while_a_refit_is_on_its_way_gets_the_new_model_by_push(
    server: LiveServer, connect_client: ClientFactory, daily_papers: list[Any]
) -> None:
    token = server.add_user("alice")
    tab = connect_client()
    tab.open_page(token, "first", daily_papers[:25])
    save(tab, daily_papers[0]["id"], "event-0001")
    # Sent at once after the save: answered without waiting for the refit.
    tab.send({"type": "page", "page_id": "second", "papers": daily_papers[25:]})
    second = tab.scores_of("second", model_version=1)
    assert [s["id"] for s in second["papers"]] == [p["id"] for p in daily_papers[25:]]


def test_saves_of_many_users_at_once_each_get_their_push(
    server: LiveServer, connect_client: ClientFactory, daily_papers: list[Any]
) -> None:
    # More users than refits allowed in flight at once (refits.REFITS_IN_FLIGHT): the
    # others wait their turn, and none is lost.
    tabs = []
    for n in range(8):
        tab = connect_client()
        tab.open_page(server.add_user(f"user{n}"), "tab", daily_papers)
        tabs.append(tab)
    for n, tab in enumerate(tabs):
        save(tab, daily_papers[n]["id"], f"event-{n:04d}")
    for n, tab in enumerate(tabs):
        pushed = tab.recv_type("scores")
        assert pushed["model_version"] == 1
        assert [s["id"] for s in pushed["papers"] if s["saved"]] == [daily_papers[n]["id"]]


# Pushes after every save (no window), and few frames queued per client.
@pytest.mark.server_env(PAPERLENS_PUSH_WINDOW_S="0", PAPERLENS_MAX_QUEUED_FRAMES="8")
def test_a_client_that_stops_reading_is_dropped_and_the_others_carry_on(
    server: LiveServer, daily_papers: list[Any]
) -> None:
    token = server.add_user("alice")
    # A tiny receive buffer makes the stuck client's socket fill up after a few pushes.
    raw = socket.create_connection(("127.0.0.1", server.port))
    raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    with (
        connect(server.ws_url, sock=raw, max_size=None) as stuck_ws,
        connect(server.ws_url) as clicker_ws,
    ):
        stuck, clicker = Client(stuck_ws), Client(clicker_ws)
        stuck.hello(token)
        for page in range(32):
            stuck.send({"type": "page", "page_id": f"stuck-{page}", "papers": daily_papers})
        clicker.open_page(token, "tab-1", daily_papers)

        assert server.log_path is not None
        deadline = time.monotonic() + 60
        saves = 0
        while "dropping a client" not in server.log_path.read_text():
            assert time.monotonic() < deadline, "the stuck client was never dropped"
            paper = daily_papers[saves % len(daily_papers)]
            clicker.send(
                {
                    "type": "feedback",
                    "event_id": f"event-{saves:05d}",
                    "paper_id": paper["id"],
                    "action": "save" if saves % 2 == 0 else "unsave",
                }
            )
            clicker.recv_type("ack")
            clicker.recv_type("scores")
            saves += 1

        # The clicker is unaffected: its requests are still answered.
        clicker.send({"type": "ping", "nonce": "after"})
        assert clicker.recv_type("pong")["nonce"] == "after"
        # The stuck client, reading at last, finds the server closed it as a slow consumer.
        with pytest.raises(ConnectionClosed) as closed:
            while True:
                stuck_ws.recv(timeout=30)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 4008
