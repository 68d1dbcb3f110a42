"""Users are isolated: with their own token, A can never read or change B's data."""

from typing import Any

import httpx

from tests.live_server import REPLY_TIMEOUT_S, ClientFactory, LiveServer


def test_user_a_cannot_read_or_change_user_b(
    server: LiveServer, connect_client: ClientFactory, daily_papers: list[Any]
) -> None:
    tokens = {name: server.add_user(name) for name in ("alice", "bob")}
    rest = {
        name: httpx.Client(
            base_url=server.http_url,
            headers={"Authorization": f"Bearer {t}"},
            timeout=REPLY_TIMEOUT_S,
        )
        for name, t in tokens.items()
    }
    rest["bob"].put("/api/papers", json={"papers": daily_papers})
    bob_saves = [p["id"] for p in daily_papers[:3]]
    for i, paper_id in enumerate(bob_saves):
        frame = {
            "type": "feedback",
            "event_id": f"bob-event-{i}",
            "paper_id": paper_id,
            "action": "save",
        }
        assert rest["bob"].post("/api/feedback", json=frame).json()["stored"] is True

    # Reading: alice sees her own (empty) library and counts, never bob's.
    assert rest["alice"].get("/api/library").json() == {"total": 0, "papers": []}
    assert rest["alice"].get("/api/me").json()["saved_count"] == 0
    assert "@" not in rest["alice"].get("/api/library/export.bib").text
    alice_ws = connect_client()
    assert alice_ws.hello(tokens["alice"])["saved_ids"] == []
    alice_ws.send({"type": "page", "page_id": "tab", "papers": daily_papers})
    scores = alice_ws.recv_type("scores")
    assert not any(s["saved"] for s in scores["papers"])
    assert scores["model_version"] == 0

    # Changing: alice's unsave of bob's paper is refused; her replay of bob's event id is hers.
    response = rest["alice"].delete(f"/api/library/{bob_saves[0]}")
    assert response.status_code == 404
    frame = {
        "type": "feedback",
        "event_id": "bob-event-0",
        "paper_id": bob_saves[0],
        "action": "unsave",
    }
    assert rest["alice"].post("/api/feedback", json=frame).json()["stored"] is True
    bob_library = rest["bob"].get("/api/library").json()
    assert sorted(e["paper"]["id"] for e in bob_library["papers"]) == sorted(bob_saves)
    assert rest["bob"].get("/api/me").json()["saved_count"] == 3
