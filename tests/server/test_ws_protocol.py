"""The WebSocket protocol against a real server process, real SQLite file, real client."""

import sqlite3
from typing import Any

import numpy as np
import pytest
from websockets.exceptions import ConnectionClosed

from paperlens.storage import SqliteStore
from tests.live_server import Client, ClientFactory, LiveServer, wait_for_log

# A server whose pushes follow each save at once: a refit for the user's feedback is on its way
# only until its push has come (with a window, for a second more, and refits asked for meanwhile
# by the corpus statistics are left to that one).
NO_WINDOW = pytest.mark.server_env(PAPERLENS_PUSH_WINDOW_S="0")


def stored_feedback(server: LiveServer) -> list[tuple[str, str, str]]:
    with sqlite3.connect(server.db_path) as db:
        return db.execute(
            "SELECT u.name, f.paper_id, f.action FROM feedback f JOIN users u ON u.id = f.user_id"
            " ORDER BY f.rowid"
        ).fetchall()


def saved_ids(server: LiveServer, user: str) -> list[str]:
    with sqlite3.connect(server.db_path) as db:
        rows = db.execute(
            "SELECT s.paper_id FROM saves s JOIN users u ON u.id = s.user_id WHERE u.name = ?",
            [user],
        )
        return sorted(r[0] for r in rows)


def save(client: Client, paper: dict[str, Any], event_id: str) -> dict[str, Any]:
    client.send(
        {"type": "feedback", "event_id": event_id, "paper_id": paper["id"], "action": "save"}
    )
    return client.recv_type("ack")


def save_each(client: Client, page_id: str, papers: list[dict[str, Any]]) -> None:
    """Save the papers one by one, each once the push of the one before has reached the page:
    every save then gets a push of its own (a burst would be folded, and a push of the final
    state could come twice). On a server with no push window (NO_WINDOW), nothing of the saves
    is on its way once the last push has come."""
    for n, paper in enumerate(papers):
        save(client, paper, f"event-{n:04d}")
        client.scores_of(page_id, model_version=n + 1)


def test_hello_with_good_token_gets_welcome(
    server: LiveServer, connect_client: ClientFactory
) -> None:
    token = server.add_user("alice")
    client = connect_client()
    welcome = client.hello(token)
    assert welcome == {
        "type": "welcome",
        "protocol": 1,
        "server": "paperlens/0.1.0",
        "user": "alice",
        "saved_ids": [],
        "dismissed_ids": [],
    }


def test_hello_with_bad_token_gets_error_and_close(
    server: LiveServer, connect_client: ClientFactory
) -> None:
    server.add_user("alice")
    client = connect_client()
    error = client.hello("not-a-token")
    assert error["type"] == "error"
    assert error["code"] == "bad_token"
    with pytest.raises(ConnectionClosed) as closed:
        client.recv()
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4401


def test_messages_before_hello_are_refused(
    server: LiveServer, connect_client: ClientFactory, daily_papers: list[Any]
) -> None:
    client = connect_client()
    client.send({"type": "page", "page_id": "tab-1", "papers": daily_papers[:2]})
    error = client.recv()
    assert error["code"] == "not_authenticated"
    assert "expected a hello" in error["message"]


def test_page_gets_scores_for_every_paper(
    server: LiveServer, connect_client: ClientFactory, daily_papers: list[Any]
) -> None:
    client = connect_client()
    client.hello(server.add_user("alice"))
    client.send({"type": "page", "page_id": "tab-1", "papers": daily_papers})
    scores = client.recv()
    assert scores["type"] == "scores"
    assert scores["page_id"] == "tab-1"
    assert scores["personal"] is False and scores["model_version"] == 0
    assert [s["id"] for s in scores["papers"]] == [p["id"] for p in daily_papers]
    assert sorted(s["rank"] for s in scores["papers"]) == list(range(1, len(daily_papers) + 1))
    assert all(0 <= s["score"] <= 1 and s["label"] == "popular" for s in scores["papers"])
    # With no feedback the prior ranks by upvotes.
    top = min(scores["papers"], key=lambda s: s["rank"])
    assert top["id"] == max(daily_papers, key=lambda p: p["upvotes"])["id"]


def test_save_is_stored_acknowledged_and_rescored(
    server: LiveServer, connect_client: ClientFactory, daily_papers: list[Any]
) -> None:
    client = connect_client()
    client.hello(server.add_user("alice"))
    client.send({"type": "page", "page_id": "tab-1", "papers": daily_papers})
    before = client.recv_type("scores")
    ack = save(client, daily_papers[3], "event-0001")
    assert ack == {"type": "ack", "event_ids": ["event-0001"]}
    assert stored_feedback(server) == [("alice", daily_papers[3]["id"], "save")]
    assert saved_ids(server, "alice") == [daily_papers[3]["id"]]
    assert client.recv_type("saved")["saved_ids"] == [daily_papers[3]["id"]]
    after = client.recv_type("scores")
    assert after["personal"] is True and after["model_version"] == 1
    by_id = {s["id"]: s for s in after["papers"]}
    assert by_id[daily_papers[3]["id"]]["saved"] is True
    assert [s["score"] for s in after["papers"]] != [s["score"] for s in before["papers"]]


def test_replayed_event_is_acknowledged_but_stored_once(
    server: LiveServer, connect_client: ClientFactory, daily_papers: list[Any]
) -> None:
    client = connect_client()
    client.hello(server.add_user("alice"))
    assert save(client, daily_papers[0], "event-0001")["event_ids"] == ["event-0001"]
    assert save(client, daily_papers[0], "event-0001")["event_ids"] == ["event-0001"]
    assert len(stored_feedback(server)) == 1


@pytest.mark.parametrize(
    ("frame", "code", "words"),
    [
        ("{not json", "bad_json", "expected a JSON object"),
        ("[1, 2]", "bad_message", "got list"),
        ('{"type": "teleport"}', "unknown_type", 'got "teleport"'),
        ('{"type": "page", "papers": []}', "bad_message", "'page_id' is a required property"),
        (
            '{"type": "feedback", "event_id": "event-0001", "paper_id": "<script>", '
            '"action": "save"}',
            "bad_message",
            "at paper_id",
        ),
        (b"\x00\x01binary", "bad_message", "got a binary frame"),
    ],
)
def test_malformed_frame_gets_error_and_connection_keeps_working(
    server: LiveServer,
    connect_client: ClientFactory,
    daily_papers: list[Any],
    frame: str | bytes,
    code: str,
    words: str,
) -> None:
    client = connect_client()
    client.hello(server.add_user("alice"))
    client.send(frame)
    error = client.recv()
    assert error["type"] == "error" and error["code"] == code
    assert words in error["message"]
    if code == "bad_message" and "event-0001" in str(frame):
        assert error["event_id"] == "event-0001", "the client must learn which event to drop"
    client.send({"type": "ping", "nonce": "still-there"})
    assert client.recv() == {"type": "pong", "nonce": "still-there"}
    assert stored_feedback(server) == []


def test_feedback_pushes_scores_to_every_connection_of_that_user_only(
    server: LiveServer, connect_client: ClientFactory, daily_papers: list[Any]
) -> None:
    alice_token, bob_token = server.add_user("alice"), server.add_user("bob")
    tab1, tab2, bob = connect_client(), connect_client(), connect_client()
    for client, token, page in (
        (tab1, alice_token, "a1"),
        (tab2, alice_token, "a2"),
        (bob, bob_token, "b1"),
    ):
        client.hello(token)
        client.send({"type": "page", "page_id": page, "papers": daily_papers})
        assert client.recv_type("scores")["model_version"] == 0
    save(tab1, daily_papers[5], "event-0042")
    pushed = tab2.recv_type("scores")
    assert pushed["page_id"] == "a2" and pushed["model_version"] == 1
    assert {s["id"]: s["saved"] for s in pushed["papers"]}[daily_papers[5]["id"]] is True
    bob.send({"type": "ping"})
    assert bob.recv() == {"type": "pong"}, "bob must not receive alice's push"


def test_dismiss_and_undo_show_in_scores(
    server: LiveServer, connect_client: ClientFactory, daily_papers: list[Any]
) -> None:
    client = connect_client()
    client.open_page(server.add_user("alice"), "tab-1", daily_papers)
    target = daily_papers[2]["id"]
    for event_id, action, dismissed in (
        ("event-0001", "dismiss", True),
        ("event-0002", "undismiss", False),
    ):
        client.send(
            {"type": "feedback", "event_id": event_id, "paper_id": target, "action": action}
        )
        client.recv_type("ack")
        pushed = client.recv_type("scores")
        assert {s["id"]: s["dismissed"] for s in pushed["papers"]}[target] is dismissed


def test_undoing_not_interested_puts_a_saved_paper_back_in_the_library(
    server: LiveServer, connect_client: ClientFactory, daily_papers: list[Any]
) -> None:
    token = server.add_user("alice")
    client = connect_client()
    client.open_page(token, "tab-1", daily_papers)
    target = daily_papers[2]["id"]
    for n, action in enumerate(("save", "dismiss", "undismiss")):
        client.send(
            {"type": "feedback", "event_id": f"event-{n:04d}", "paper_id": target, "action": action}
        )
        client.recv_type("ack")
    shown = client.scores_of("tab-1", model_version=3)
    assert {s["id"]: (s["saved"], s["dismissed"]) for s in shown["papers"]}[target] == (
        True,
        False,
    )
    again = connect_client()
    assert again.hello(token)["saved_ids"] == [target]


def test_recommend_leaves_out_the_page_and_the_library(
    server: LiveServer, connect_client: ClientFactory, daily_papers: list[Any]
) -> None:
    client = connect_client()
    client.hello(server.add_user("alice"))
    on_page, elsewhere = daily_papers[:10], daily_papers[10:]
    client.send({"type": "page", "page_id": "corpus", "papers": elsewhere})
    client.send({"type": "page", "page_id": "tab-1", "papers": on_page})
    client.recv_type("scores")
    client.recv_type("scores")
    save(client, elsewhere[0], "event-0001")
    client.send(
        {"type": "recommend", "request_id": "for-you", "limit": 5, "exclude_page_id": "tab-1"}
    )
    answer = client.recv_type("recommendations")
    ids = [item["paper"]["id"] for item in answer["papers"]]
    assert answer["request_id"] == "for-you" and answer["personal"] is True
    assert len(ids) == 5
    assert not set(ids) & {p["id"] for p in on_page}
    assert elsewhere[0]["id"] not in ids
    # A later save pushes the recommendations again under the same request id.
    save(client, elsewhere[1], "event-0002")
    pushed = client.recv_type("recommendations")
    assert pushed["request_id"] == "for-you" and pushed["model_version"] == 2
    assert elsewhere[1]["id"] not in [item["paper"]["id"] for item in pushed["papers"]]


def test_more_like_this_needs_a_known_paper(
    server: LiveServer, connect_client: ClientFactory, daily_papers: list[Any]
) -> None:
    client = connect_client()
    client.open_page(server.add_user("alice"), "tab-1", daily_papers)
    client.send({"type": "recommend", "request_id": "like", "like": "9999.99999"})
    error = client.recv()
    assert error["code"] == "unknown_paper" and "9999.99999" in error["message"]
    client.send(
        {"type": "recommend", "request_id": "like", "like": daily_papers[0]["id"], "limit": 3}
    )
    answer = client.recv_type("recommendations")
    assert [item["label"] for item in answer["papers"]] == ["similar"] * 3
    assert daily_papers[0]["id"] not in [item["paper"]["id"] for item in answer["papers"]]


def test_an_empty_page_is_forgotten_and_gets_no_more_pushes(
    server: LiveServer, connect_client: ClientFactory, daily_papers: list[Any]
) -> None:
    client = connect_client()
    client.open_page(server.add_user("alice"), "tab-1", daily_papers)
    client.send({"type": "page", "page_id": "tab-2", "papers": daily_papers[:5]})
    client.recv_type("scores")
    client.send({"type": "page", "page_id": "tab-1", "papers": []})
    save(client, daily_papers[0], "event-0001")
    # A push starts with `saved`; the rest of it is queued with it, before the settling pong.
    client.recv_type("saved")
    pushed = [m for m in client.settle() if m["type"] == "scores"]
    assert pushed and {m["page_id"] for m in pushed} == {"tab-2"}


@NO_WINDOW
def test_a_corpus_outgrowing_its_statistics_is_refitted_quietly_after_the_page(
    server: LiveServer, connect_client: ClientFactory, daily_papers: list[Any]
) -> None:
    client = connect_client()
    client.hello(server.add_user("alice"))
    client.send({"type": "page", "page_id": "tab-1", "papers": daily_papers[:20]})
    client.recv_type("scores")
    save_each(client, "tab-1", daily_papers[:3])
    # 20% more papers: the page is answered first, the statistics refitted behind it.
    client.send({"type": "page", "page_id": "tab-2", "papers": daily_papers[20:24]})
    assert client.recv()["page_id"] == "tab-2"
    wait_for_log(server, "corpus statistics refitted over 24 papers")
    # The next page sets off the refit of alice's taste, which pushes nothing.
    client.send({"type": "page", "page_id": "tab-3", "papers": daily_papers[24:25]})
    third = client.recv()
    assert third["page_id"] == "tab-3" and third["personal"] is True
    wait_for_log(server, "alice's taste refitted quietly")
    assert client.settle() == []
    client.send({"type": "page", "page_id": "tab-2", "papers": daily_papers[20:24]})
    assert client.recv()["page_id"] == "tab-2"
    assert server.log_path is not None and "Traceback" not in server.log_path.read_text()


def _topic_papers(prefix: str, n: int, seed: int) -> list[dict[str, Any]]:
    """Papers with abstracts on 20 made-up topics of 12 words each."""
    rng = np.random.default_rng(seed)
    words = [f"w{t}x{i}" for t in range(20) for i in range(12)]
    papers = []
    for i in range(n):
        topic = words[12 * (i % 20) : 12 * (i % 20 + 1)]
        chosen = [*rng.choice(topic, 10), *rng.choice(words, 3)]
        papers.append(
            {
                "id": f"{prefix}-{i:04d}",
                "title": " ".join(chosen[:4]),
                "abstract": " ".join(chosen),
                "authors": [],
            }
        )
    return papers


@NO_WINDOW
def test_a_page_of_new_papers_is_rescored_once_they_have_neighbours(
    server: LiveServer, connect_client: ClientFactory
) -> None:
    # A corpus large enough for a neighbourhood (neighbourhood.MIN_PAPERS).
    SqliteStore(server.db_path).upsert_papers(_topic_papers("old", 1000, 0))
    client = connect_client()
    client.hello(server.add_user("alice"))
    library = _topic_papers("old", 3, 0)
    client.send({"type": "page", "page_id": "tab-1", "papers": library})
    client.recv_type("scores")
    save_each(client, "tab-1", library)
    # Papers new to the server: scored on their own text, then pushed again with neighbours.
    new = _topic_papers("new", 50, 1)
    client.send({"type": "page", "page_id": "tab-2", "papers": new})
    first = client.recv()
    assert first["page_id"] == "tab-2"
    received = client.until(lambda m: m["type"] == "scores" and m["page_id"] == "tab-2")
    pushed = received[-1]
    assert [p["id"] for p in pushed["papers"]] == [p["id"] for p in first["papers"]]
    assert [p["score"] for p in pushed["papers"]] != [p["score"] for p in first["papers"]]
    # What was pushed is what the page now gets, and it was pushed once.
    client.send({"type": "page", "page_id": "tab-2", "papers": new})
    again = client.until(lambda m: m["type"] == "scores" and m["page_id"] == "tab-2")
    assert [m["papers"] for m in again if m.get("page_id") == "tab-2"] == [pushed["papers"]]
    assert server.log_path is not None and "Traceback" not in server.log_path.read_text()
