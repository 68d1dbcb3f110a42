"""Every WebSocket message type fuzzed (hypothesis) against a real server: messages drawn from
their schemas in shared_schema/, then broken (missing, mistyped, huge, unknown and extra fields,
unicode and lone surrogates, paper ids that are not ids, unknown types), and raw frames that are
not JSON objects at all. Each gets an answer (no hang), a refusal is a clear `error` that is not
`internal` and stores nothing, and the server log stays free of tracebacks."""

import json
import os
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from paperlens.errors import BadMessage
from paperlens.protocol import CLIENT_TYPES, check, validator
from tests.live_server import Client, LiveServer
from tests.security.conftest import snapshot

SCHEMAS = Path(__file__).parents[2] / "shared_schema"
SERVER_ENV = {"PAPERLENS_RATE_BURST": "1000000", "PAPERLENS_RATE_PER_S": "1000000"}
EXAMPLES = int(os.environ.get("PAPERLENS_FUZZ_EXAMPLES", "40"))
FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
# Drawn strings and lists stay short: the huge-field mutation covers size.
MAX_DRAWN = 8


def from_schema(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values valid against `schema`, for the JSON Schema subset shared_schema/ uses."""
    if "$ref" in schema:
        return from_schema(json.loads((SCHEMAS / schema["$ref"]).read_text()))
    if "const" in schema:
        return st.just(schema["const"])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    return st.one_of([_of_type(kind, schema) for kind in kinds])


def _of_type(kind: str, schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    if kind == "null":
        return st.none()
    if kind == "integer":
        return st.integers(schema.get("minimum"), schema.get("maximum"))
    if kind == "string":
        low, high = schema.get("minLength", 0), min(schema.get("maxLength", MAX_DRAWN), MAX_DRAWN)
        if "pattern" in schema:
            return st.from_regex(schema["pattern"], fullmatch=True).filter(
                lambda s: low <= len(s) <= schema.get("maxLength", len(s))
            )
        return st.text(min_size=low, max_size=max(low, high))
    if kind == "array":
        return st.lists(from_schema(schema["items"]), max_size=MAX_DRAWN // 2)
    assert kind == "object", kind
    properties = schema["properties"]
    required = set(schema.get("required", ()))
    return st.fixed_dictionaries(
        {k: from_schema(v) for k, v in properties.items() if k in required},
        optional={k: from_schema(v) for k, v in properties.items() if k not in required},
    )


def message_of(message_type: str) -> st.SearchStrategy[dict[str, Any]]:
    return from_schema(json.loads((SCHEMAS / f"{message_type}.json").read_text()))


ANY_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=MAX_DRAWN),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)
NOT_IDS = st.sampled_from(
    ["", " ", "../../etc/passwd", "2401.00001\n", "-2401", "a" * 65, "2401 00001", "é", "%00"]
) | st.text(max_size=80)
UNICODE = st.text(
    st.characters(codec=None, categories=None, exclude_characters=None), min_size=1, max_size=40
) | st.sampled_from(["\ud800", "\udfff", "\x00", "\u202e", "\ufeff", "😀" * 30])


@st.composite
def broken(draw: st.DrawFn) -> dict[str, Any]:
    """A valid message of any client type, then one thing done wrong to it."""
    message: dict[str, Any] = dict(draw(st.sampled_from(CLIENT_TYPES).flatmap(message_of)))
    field = draw(st.sampled_from(sorted(message)))
    how = draw(st.sampled_from(["drop", "retype", "huge", "unicode", "extra", "not_id", "type"]))
    if how == "drop":
        del message[field]
    elif how == "retype":
        message[field] = draw(ANY_JSON)
    elif how == "huge":
        message[field] = "x" * draw(st.sampled_from([10_001, 200_000, 1_000_000]))
    elif how == "unicode":
        message[field] = draw(UNICODE)
    elif how == "extra":
        message[draw(st.text(min_size=1, max_size=10))] = draw(ANY_JSON)
    elif how == "not_id":
        id_field = "paper_id" if "paper_id" in message else "like"
        message[id_field] = draw(NOT_IDS)
    else:
        message["type"] = draw(st.text(max_size=12) | st.sampled_from([None, 1, [], "HELLO"]))
    return message


class Session:
    """One authenticated connection, opened again whenever the server closes it (as it must
    after a hello with a bad token)."""

    def __init__(self, live: LiveServer, token: str) -> None:
        self.live, self.token = live, token
        self.client: Client | None = None
        self.count = 0
        self.connections = ExitStack()

    def _open(self) -> Client:
        if self.client is None:
            ws = self.connections.enter_context(connect(self.live.ws_url, max_size=None))
            self.client = Client(ws)
            assert self.client.hello(self.token)["type"] == "welcome"
        return self.client

    def exchange(self, frame: str | bytes) -> list[dict[str, Any]]:
        """Send the frame and a ping after it; every frame the server sent until the pong (the
        server answers in order), or until it closed the connection."""
        client = self._open()
        self.count += 1
        nonce = f"barrier-{self.count}"
        client.send(frame)
        answers: list[dict[str, Any]] = []
        try:
            client.send({"type": "ping", "nonce": nonce})
            while (answer := client.recv(timeout=30)) != {"type": "pong", "nonce": nonce}:
                answers.append(answer)
        except ConnectionClosed:
            self.client = None
        return answers

    def close(self) -> None:
        self.connections.close()


@pytest.fixture(scope="module")
def session(live: LiveServer) -> Iterator[Session]:
    opened = Session(live, live.add_user("fuzz"))
    yield opened
    opened.close()


def encode(message: Any) -> str:
    # ensure_ascii keeps lone surrogates sendable (as \ud800 escapes); the server must cope.
    return json.dumps(message, ensure_ascii=True)


def assert_refused(live: LiveServer, session: Session, frame: str | bytes) -> None:
    before = snapshot(live.db_path)
    answers = session.exchange(frame)
    errors = [a for a in answers if a["type"] == "error"]
    assert errors, f"expected an error for {frame[:200]!r}, got {answers}"
    assert all(e["code"] != "internal" for e in errors), errors
    assert snapshot(live.db_path) == before


@FUZZ
@given(message=st.sampled_from(CLIENT_TYPES).flatmap(message_of))
def test_valid_messages_are_answered(live: LiveServer, session: Session, message: Any) -> None:
    answers = session.exchange(encode(message))
    assert all(a.get("code") != "internal" for a in answers), answers
    # A hello may close the connection (a made-up token); an empty page just ends that page.
    if message["type"] != "hello" and message.get("papers") != []:
        assert answers, f"no answer to {message}"


@FUZZ
@given(message=broken())
def test_broken_messages_are_refused_and_store_nothing(
    live: LiveServer, session: Session, message: dict[str, Any]
) -> None:
    if message.get("type") in CLIENT_TYPES and validator(message["type"]).is_valid(message):
        # The mutation happened to keep it valid (unicode in a free-text field, say).
        assert all(a.get("code") != "internal" for a in session.exchange(encode(message)))
        return
    assert_refused(live, session, encode(message))


@settings(FUZZ, max_examples=EXAMPLES * 10)
@given(message=broken() | st.sampled_from(CLIENT_TYPES).flatmap(message_of))
def test_the_compiled_check_refuses_what_jsonschema_refuses(message: dict[str, Any]) -> None:
    # The server checks with jsonschema-rs first; it must never pass what jsonschema refuses.
    message_type = message["type"] if message.get("type") in CLIENT_TYPES else "page"
    try:
        check(message_type, message)
        refused = False
    except BadMessage:
        refused = True
    assert refused == (not validator(message_type).is_valid(message))


@FUZZ
@given(
    frame=st.binary(max_size=64)
    | st.text(max_size=64).filter(lambda s: not s.lstrip().startswith("{"))
    | ANY_JSON.filter(lambda v: not isinstance(v, dict)).map(json.dumps)
)
def test_frames_that_are_not_json_objects_are_refused(
    live: LiveServer, session: Session, frame: str | bytes
) -> None:
    assert_refused(live, session, frame)


@pytest.mark.parametrize(
    "paper_id", ["", "2401.00001\n", "../../etc/passwd", "-2401", "a" * 65, "2401 00001", "é"]
)
def test_paper_ids_that_are_not_ids_are_refused(
    live: LiveServer, session: Session, paper_id: str
) -> None:
    feedback = {"type": "feedback", "event_id": "not-an-id-1", "action": "save"}
    assert_refused(live, session, encode({**feedback, "paper_id": paper_id}))
    page = {"type": "page", "page_id": "tab-1", "papers": [{"id": paper_id, "title": "T"}]}
    assert_refused(live, session, encode(page))
