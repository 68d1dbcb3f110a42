"""`paperlens backup` / `paperlens restore`, and the integrity check that keeps a damaged
database from being served."""

import subprocess
import sys
from pathlib import Path

import httpx
from click.testing import CliRunner, Result
from websockets.sync.client import connect

from paperlens.cli import main
from tests.live_server import REPLY_TIMEOUT_S, Client, LiveServer, free_port
from tests.security.conftest import snapshot


def paperlens(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def saves(live: LiveServer, token: str, paper_ids: list[str]) -> None:
    with connect(live.ws_url) as ws:
        client = Client(ws)
        client.hello(token)
        for paper_id in paper_ids:
            event_id = "ev-" + paper_id.replace(".", "-")
            paper = {"id": paper_id, "title": f"Paper {paper_id}"}
            save = {"type": "feedback", "event_id": event_id, "paper_id": paper_id}
            client.send({**save, "action": "save", "paper": paper})
            client.recv_type("ack")


def many_papers(live: LiveServer, token: str, count: int) -> None:
    """Enough papers (one upsert) that the file has pages in the middle worth damaging."""
    papers = [
        {"id": f"2604.{n:05d}", "title": f"Paper {n}", "abstract": "words " * 300}
        for n in range(count)
    ]
    response = httpx.put(
        f"{live.http_url}/api/papers",
        json={"papers": papers},
        headers={"Authorization": f"Bearer {token}"},
        timeout=REPLY_TIMEOUT_S,
    )
    assert response.status_code == 200, response.text


def corrupt(path: Path) -> None:
    """Scribble over one page in the middle of the file, as a failing disk would."""
    data = bytearray(path.read_bytes())
    middle = (len(data) // 4096 // 2) * 4096
    data[middle : middle + 4096] = bytes([0xA5]) * 4096
    path.write_bytes(bytes(data))


def test_backup_of_a_running_server_restores_to_the_same_data(
    live: LiveServer, tmp_path: Path
) -> None:
    token = live.add_user("alice")
    saves(live, token, ["2605.00001", "2605.00002", "2605.00003"])
    at_backup = snapshot(live.db_path)
    backup = tmp_path / "backup.db"
    result = paperlens("backup", str(backup), "--db", str(live.db_path))
    assert result.exit_code == 0, result.output
    assert "3 saves" in result.output

    # Into a fresh file: the same rows, table by table.
    fresh = tmp_path / "fresh.db"
    result = paperlens("restore", str(backup), "--db", str(fresh))
    assert result.exit_code == 0, result.output
    assert snapshot(fresh) == at_backup

    # Over the live database: refused without --yes, then done with it, under the running server.
    saves(live, token, ["2605.00004"])
    after_backup = snapshot(live.db_path)
    refused = CliRunner().invoke(main, ["restore", str(backup), "--db", str(live.db_path)])
    assert refused.exit_code == 1 and "Aborted" in refused.output
    assert snapshot(live.db_path) == after_backup
    result = paperlens("restore", str(backup), "--db", str(live.db_path), "--yes")
    assert result.exit_code == 0, result.output
    assert snapshot(live.db_path) == at_backup
    with connect(live.ws_url) as ws:
        welcome = Client(ws).hello(token)
    assert welcome["saved_ids"] == ["2605.00001", "2605.00002", "2605.00003"]


def test_a_damaged_backup_is_refused_and_nothing_changes(live: LiveServer, tmp_path: Path) -> None:
    token = live.add_user("bob")
    many_papers(live, token, 300)
    saves(live, token, ["2605.00010", "2605.00011"])
    backup = tmp_path / "backup.db"
    assert paperlens("backup", str(backup), "--db", str(live.db_path)).exit_code == 0
    corrupt(backup)
    before = snapshot(live.db_path)
    result = paperlens("restore", str(backup), "--db", str(live.db_path), "--yes")
    assert result.exit_code == 1
    assert "integrity check found" in result.output and "nothing was changed" in result.output
    (tmp_path / "junk.db").write_text("not a database")
    result = paperlens("restore", str(tmp_path / "junk.db"), "--db", str(live.db_path), "--yes")
    assert result.exit_code == 1 and "nothing was changed" in result.output
    assert snapshot(live.db_path) == before


def test_server_refuses_to_start_on_a_damaged_database(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    live = LiveServer(db_path=db)
    live.start()
    many_papers(live, live.add_user("carol"), 300)
    live.stop()
    corrupt(db)
    serve = [sys.executable, "-m", "paperlens", "serve", "--port", str(free_port()), "--db"]
    result = subprocess.run([*serve, str(db)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert f"expected a sound SQLite database at {db}" in result.stderr
    assert "paperlens restore" in result.stderr
    assert "Traceback" not in result.stderr
    db.write_text("not a database at all")
    result = subprocess.run([*serve, str(db)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "expected a PaperLens SQLite database" in result.stderr
    assert "Traceback" not in result.stderr
