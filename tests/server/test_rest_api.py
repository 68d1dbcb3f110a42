"""The REST API against a real server: auth, one error shape, library, BibTeX, no side effects
on GET."""

import sqlite3
from typing import Any

import httpx
import pytest

from paperlens.protocol import check
from tests.live_server import REPLY_TIMEOUT_S, LiveServer


class Api:
    def __init__(self, server: LiveServer, token: str | None) -> None:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.http = httpx.Client(base_url=server.http_url, headers=headers, timeout=REPLY_TIMEOUT_S)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.http, name)


def assert_error(response: httpx.Response, status: int, code: str, words: str) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    check("api_error", body)
    assert body["error"]["code"] == code
    assert words in body["error"]["message"]


def db_dump(server: LiveServer) -> list[str]:
    with sqlite3.connect(server.db_path) as db:
        return list(db.iterdump())


@pytest.fixture
def alice(server: LiveServer) -> Api:
    return Api(server, server.add_user("alice"))


@pytest.fixture
def with_papers(alice: Api, daily_papers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    response = alice.put("/api/papers", json={"papers": daily_papers})
    assert response.json() == {"upserted": len(daily_papers)}
    return daily_papers


def save(api: Api, paper_id: str, event_id: str, action: str = "save") -> dict[str, Any]:
    frame = {"type": "feedback", "event_id": event_id, "paper_id": paper_id, "action": action}
    response = api.post("/api/feedback", json=frame)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_health_needs_no_token_and_says_nothing_personal(server: LiveServer) -> None:
    body = Api(server, None).get("/api/health").json()
    check("api_health", body)
    assert body["status"] == "ok"


@pytest.mark.parametrize("token", [None, "wrong-token"])
def test_every_other_route_needs_a_valid_token(server: LiveServer, token: str | None) -> None:
    api = Api(server, token)
    code = "not_authenticated" if token is None else "bad_token"
    for method, path in [
        ("GET", "/api/me"),
        ("GET", "/api/library"),
        ("GET", "/api/library/export.bib"),
        ("GET", "/api/recommendations"),
        ("PUT", "/api/papers"),
        ("POST", "/api/feedback"),
        ("DELETE", "/api/library/2401.00001"),
        ("GET", "/api/papers/2401.00001"),
        ("POST", "/api/library/import"),
    ]:
        assert_error(api.request(method, path), 401, code, "expected")


def test_unknown_route_and_bad_body_use_the_same_error_shape(alice: Api) -> None:
    assert_error(alice.get("/api/nothing-here"), 404, "not_found", "/api/nothing-here")
    response = alice.post("/api/feedback", json={"type": "feedback", "event_id": "x"})
    assert_error(response, 422, "bad_message", "at body/event_id")
    response = alice.put(
        "/api/papers", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert_error(response, 422, "bad_message", "got")


def test_papers_upsert_and_get(alice: Api, with_papers: list[dict[str, Any]]) -> None:
    paper = with_papers[0]
    got = alice.get(f"/api/papers/{paper['id']}").json()
    check("paper", got)
    assert got["title"] == paper["title"] and got["authors"] == paper["authors"]
    assert_error(alice.get("/api/papers/9999.99999"), 404, "unknown_paper", "9999.99999")


def test_feedback_is_idempotent_by_event_id(alice: Api, with_papers: list[dict[str, Any]]) -> None:
    first = save(alice, with_papers[0]["id"], "event-0001")
    again = save(alice, with_papers[0]["id"], "event-0001")
    assert (first["stored"], again["stored"]) == (True, False)
    me = alice.get("/api/me").json()
    check("api_me", me)
    assert me["saved_count"] == 1 and me["model_version"] == 1 and me["personal"] is True


def test_library_list_search_and_unsave(alice: Api, with_papers: list[dict[str, Any]]) -> None:
    for i, paper in enumerate(with_papers[:4]):
        save(alice, paper["id"], f"event-000{i}")
    library = alice.get("/api/library").json()
    check("api_library", library)
    assert library["total"] == 4
    newest = library["papers"][0]["paper"]["id"]
    assert newest == with_papers[3]["id"], "newest first"
    title = with_papers[2]["title"]
    found = alice.get("/api/library", params={"q": title.upper()}).json()
    assert [e["paper"]["id"] for e in found["papers"]] == [with_papers[2]["id"]]
    assert found["total"] == 1
    assert alice.get("/api/library", params={"q": "100%_no_such"}).json()["total"] == 0
    unsaved = alice.delete(f"/api/library/{with_papers[2]['id']}").json()
    check("saved", unsaved)
    assert with_papers[2]["id"] not in unsaved["saved_ids"] and len(unsaved["saved_ids"]) == 3
    assert_error(
        alice.delete(f"/api/library/{with_papers[2]['id']}"),
        404,
        "unknown_paper",
        "in your library",
    )


def test_bibtex_round_trip_keeps_title_authors_year_arxiv_id(
    server: LiveServer, alice: Api, with_papers: list[dict[str, Any]]
) -> None:
    for i, paper in enumerate(with_papers[:5]):
        save(alice, paper["id"], f"event-000{i}")
    exported = alice.get("/api/library/export.bib")
    assert exported.headers["content-type"].startswith("application/x-bibtex")
    assert exported.text.count("@article{") == 5
    bob = Api(server, server.add_user("bob"))
    result = bob.post("/api/library/import", content=exported.text.encode()).json()
    check("api_import_result", result)
    assert result["imported"] == 5 and result["skipped"] == []
    library = {e["paper"]["id"]: e["paper"] for e in bob.get("/api/library").json()["papers"]}
    assert set(library) == {p["id"] for p in with_papers[:5]}
    for paper in with_papers[:5]:
        back = library[paper["id"]]
        assert back["title"] == paper["title"]
        assert back["authors"] == paper["authors"]
        assert back["published"][:4] == paper["published"][:4]


def test_bibtex_import_reports_what_it_skipped(alice: Api) -> None:
    text = (
        "@article{ok, title={A {BERT} Study}, author={Doe, Jane and Roe, Rich}, year={2019},"
        " journal={arXiv preprint arXiv:1810.04805}}\n"
        "@book{untitled, author={Nobody}}\n"
    )
    result = alice.post("/api/library/import", content=text.encode()).json()
    assert result["paper_ids"] == ["1810.04805"]
    assert result["skipped"] == [
        {"entry": "untitled", "reason": "expected a title field, found none"}
    ]
    paper = alice.get("/api/papers/1810.04805").json()
    assert paper["title"] == "A BERT Study" and paper["authors"] == ["Jane Doe", "Rich Roe"]
    assert_error(
        alice.post("/api/library/import", content=b"\xff\xfe"), 422, "bad_message", "UTF-8"
    )


def test_recommendations_over_rest(alice: Api, with_papers: list[dict[str, Any]]) -> None:
    popular = alice.get("/api/recommendations", params={"limit": 3}).json()
    check("recommendations", popular)
    assert popular["personal"] is False and len(popular["papers"]) == 3
    save(alice, with_papers[0]["id"], "event-0001")
    personal = alice.get("/api/recommendations", params={"limit": 3}).json()
    assert personal["personal"] is True
    assert with_papers[0]["id"] not in [e["paper"]["id"] for e in personal["papers"]]


def test_get_requests_have_no_side_effects(
    server: LiveServer, alice: Api, with_papers: list[dict[str, Any]]
) -> None:
    save(alice, with_papers[0]["id"], "event-0001")
    before = db_dump(server)
    for path in [
        "/api/health",
        "/api/me",
        "/api/library",
        "/api/library?q=model",
        "/api/library/export.bib",
        "/api/recommendations",
        f"/api/recommendations?like={with_papers[1]['id']}",
        f"/api/papers/{with_papers[1]['id']}",
        "/docs",
        "/openapi.json",
    ]:
        assert alice.get(path).status_code == 200, path
    assert db_dump(server) == before
