"""No acknowledged save is lost: a client streams saves, the server is killed with SIGKILL at
random points (fixed seed) and restarted; every save it acknowledged is stored, exactly once."""

import os
import random
import signal
import sqlite3
import time
from pathlib import Path

from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from tests.live_server import START_TIMEOUT_S, Client, LiveServer
from tests.security.conftest import assert_log_clean

SEED = 20260512
KILLS = 4
# Saves sent ahead of their acks, so a kill lands while some are being written.
IN_FLIGHT = 8


def save(n: int) -> dict[str, object]:
    paper_id = f"2605.{n:05d}"
    return {
        "type": "feedback",
        "event_id": f"crash-event-{n:05d}",
        "paper_id": paper_id,
        "action": "save",
        "paper": {"id": paper_id, "title": f"Paper {n}"},
    }


def stored(db_path: Path) -> tuple[dict[str, int], set[str]]:
    """How many times each event is stored, and the saved paper ids (after a kill, opening the
    file runs SQLite's recovery of the WAL, as the restarted server would)."""
    with sqlite3.connect(db_path) as db:
        counts = dict(db.execute("SELECT event_id, COUNT(*) FROM feedback GROUP BY event_id"))
        saved = {r[0] for r in db.execute("SELECT paper_id FROM saves")}
    return counts, saved


def stream_until_killed(live: LiveServer, token: str, todo: list[int], kill_after: int) -> set[int]:
    """Send the saves in `todo`, IN_FLIGHT ahead; SIGKILL the server at the kill_after-th ack.
    Returns the saves acknowledged."""
    assert live.process is not None
    acked: set[int] = set()
    with connect(live.ws_url) as ws:
        client = Client(ws)
        assert client.hello(token)["type"] == "welcome"
        pending = iter(todo)
        in_flight = 0
        try:
            while True:
                while in_flight < IN_FLIGHT and (n := next(pending, None)) is not None:
                    client.send(save(n))
                    in_flight += 1
                if in_flight == 0:
                    return acked
                message = client.recv()
                if message["type"] == "ack":
                    acked.update(int(e.rsplit("-", 1)[1]) for e in message["event_ids"])
                    in_flight -= 1
                    if len(acked) == kill_after:
                        os.kill(live.process.pid, signal.SIGKILL)
        except ConnectionClosed:
            return acked


def test_every_acknowledged_save_survives_sigkill_exactly_once(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    live = LiveServer(db_path=tmp_path / "paperlens.db")
    live.start()
    token = live.add_user("alice")
    everything = list(range(300))
    acked: set[int] = set()
    try:
        for _ in range(KILLS):
            # Like the extension: whatever was not acknowledged is sent again after a restart.
            todo = [n for n in everything if n not in acked]
            acked |= stream_until_killed(live, token, todo, kill_after=rng.randint(10, 60))
            assert live.process is not None
            assert live.process.wait(timeout=START_TIMEOUT_S) == -signal.SIGKILL
            counts, saved = stored(live.db_path)
            assert {f"crash-event-{n:05d}" for n in acked} <= set(counts)
            assert {f"2605.{n:05d}" for n in acked} <= saved
            assert set(counts.values()) == {1}
            live.start()
        # The last run is not killed: the replay delivers the rest.
        acked |= stream_until_killed(live, token, [n for n in everything if n not in acked], 0)
    finally:
        live.stop()
    counts, saved = stored(live.db_path)
    assert acked == set(everything)
    assert counts == {f"crash-event-{n:05d}": 1 for n in everything}
    assert saved == {f"2605.{n:05d}" for n in everything}
    assert_log_clean(live)


def _children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (Linux /proc)."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            lines = status.read_text().splitlines()
        except OSError:
            continue
        if f"PPid:\t{pid}" in lines:
            found.append(int(status.parent.name))
    return found


def test_the_fitting_process_ends_with_a_killed_server(tmp_path: Path) -> None:
    live = LiveServer(tmp_path / "fit.db")
    live.start()
    assert live.process is not None
    server = live.process.pid
    deadline = time.monotonic() + 60
    while not (children := _children(server)):
        assert time.monotonic() < deadline, "the server started no fitting process"
        time.sleep(0.1)
    live.stop(kill=True)
    # It checks for its parent every second (fitting.PARENT_CHECK_S).
    deadline = time.monotonic() + 60
    while any(Path(f"/proc/{child}").exists() for child in children):
        assert time.monotonic() < deadline, f"fitting process {children} outlived its server"
        time.sleep(0.1)
