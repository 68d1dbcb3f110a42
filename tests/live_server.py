"""A real `paperlens serve` process on a free port with its own SQLite file, for tests."""

import itertools
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from websockets.sync.client import ClientConnection

from paperlens.protocol import SERVER_TYPES, check
from paperlens.storage import SqliteStore

# How long a test waits for what it expects: generous, so that a loaded machine (two cores shared
# with other jobs) slows a test down without failing it. No test waits a fixed time to see that
# something does not happen: see Client.settle.
REPLY_TIMEOUT_S = 60.0
START_TIMEOUT_S = 60.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class LiveServer:
    db_path: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    log_path: Path | None = None
    # Extra PAPERLENS_* settings for this server, e.g. {"PAPERLENS_PUSH_WINDOW_S": "0.05"}.
    env: dict[str, str] = field(default_factory=dict)

    @property
    def http_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/ws"

    def add_user(self, name: str) -> str:
        store = SqliteStore(self.db_path)
        try:
            return store.add_user(name)[1]
        finally:
            store.close()

    def start(self) -> None:
        self.log_path = self.db_path.with_suffix(".log")
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "paperlens",
                "serve",
                "--port",
                str(self.port),
                "--db",
                str(self.db_path),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, **self.env},
        )
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log_path.read_text()}")
            try:
                if httpx.get(f"{self.http_url}/api/health", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.1)
        raise RuntimeError(
            f"server did not answer in {START_TIMEOUT_S:.0f} s: {self.log_path.read_text()}"
        )

    def stop(self, kill: bool = False) -> None:
        """Stop the server: SIGTERM (a clean shut-down), or SIGKILL (a crash) with kill=True."""
        if self.process is not None and self.process.poll() is None:
            if kill:
                self.process.kill()
            else:
                self.process.terminate()
            # A clean shut-down first lets the corpus finish loading: seconds on a busy machine.
            self.process.wait(timeout=START_TIMEOUT_S)
        self.process = None


class Client:
    """A WebSocket client that speaks the PaperLens protocol (JSON text frames)."""

    _nonces = itertools.count()

    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws

    def send(self, message: dict[str, Any] | str | bytes) -> None:
        self.ws.send(message if isinstance(message, str | bytes) else json.dumps(message))

    def recv(self, timeout: float = REPLY_TIMEOUT_S) -> dict[str, Any]:
        """The next message, checked against its schema: the server must speak the protocol too."""
        message: dict[str, Any] = json.loads(self.ws.recv(timeout=timeout))
        assert message.get("type") in SERVER_TYPES, message
        check(message["type"], message)
        return message

    def until(
        self, condition: Callable[[dict[str, Any]], bool], timeout: float = REPLY_TIMEOUT_S
    ) -> list[dict[str, Any]]:
        """Every message up to and including the first that meets `condition`."""
        deadline = time.monotonic() + timeout
        received = []
        while not received or not condition(received[-1]):
            received.append(self.recv(timeout=max(0.01, deadline - time.monotonic())))
        return received

    def recv_type(self, message_type: str, timeout: float = REPLY_TIMEOUT_S) -> dict[str, Any]:
        """The next message of that type (others in between are skipped)."""
        return self.until(lambda m: m["type"] == message_type, timeout)[-1]

    def scores_of(self, page_id: str, **expected: Any) -> dict[str, Any]:
        """The next `scores` of that page (with these values, say model_version=2), skipping
        what comes before it."""
        return self.until(
            lambda m: (
                m["type"] == "scores"
                and m["page_id"] == page_id
                and all(m[k] == v for k, v in expected.items())
            )
        )[-1]

    def settle(self) -> list[dict[str, Any]]:
        """Every message the server sent before it read a ping sent now: a connection's frames
        go out in the order they were queued, so they all come before the pong. A test that
        expects nothing more checks that this is empty, once the event that would have sent
        something (a push to every tab of a user, say) is known to be over."""
        nonce = f"settle-{next(self._nonces)}"
        self.send({"type": "ping", "nonce": nonce})
        return self.until(lambda m: m == {"type": "pong", "nonce": nonce})[:-1]

    def hello(self, token: str) -> dict[str, Any]:
        self.send({"type": "hello", "token": token, "protocol": 1, "client": "tests"})
        return self.recv()

    def open_page(self, token: str, page_id: str, papers: list[Any]) -> dict[str, Any]:
        """Say hello, show a page of papers, and return its scores."""
        self.hello(token)
        self.send({"type": "page", "page_id": page_id, "papers": papers})
        return self.recv_type("scores")


ClientFactory = Callable[..., Client]


def wait_for_log(server: LiveServer, words: str, timeout: float = REPLY_TIMEOUT_S) -> None:
    """Until the server's log holds `words`."""
    assert server.log_path is not None
    deadline = time.monotonic() + timeout
    while words not in server.log_path.read_text():
        assert time.monotonic() < deadline, f"{words!r} not logged in {timeout:.0f} s"
        time.sleep(0.05)
