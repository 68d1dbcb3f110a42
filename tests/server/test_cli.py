"""The `paperlens` command line."""

import subprocess
import sys
from pathlib import Path

from paperlens.storage import Store
from tests.live_server import LiveServer


def paperlens(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "paperlens", *args], capture_output=True, text=True, timeout=60
    )


def test_user_add_prints_a_token_that_authenticates(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    result = paperlens("user", "add", "alice", "--db", str(db))
    assert result.returncode == 0, result.stderr
    token = result.stdout.strip()
    store = Store(db)
    user = store.authenticate(token)
    assert user is not None and user.name == "alice"


def test_user_add_twice_is_a_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    paperlens("user", "add", "alice", "--db", str(db))
    result = paperlens("user", "add", "alice", "--db", str(db))
    assert result.returncode == 1
    assert "a user named 'alice' already exists" in result.stderr
    assert "Traceback" not in result.stderr


def test_db_can_come_from_the_environment(tmp_path: Path) -> None:
    db = tmp_path / "env.db"
    result = subprocess.run(
        [sys.executable, "-m", "paperlens", "user", "add", "bob"],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PAPERLENS_DB": str(db), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert [u.name for u in Store(db).users()] == ["bob"]


def test_serve_prints_the_pairing_token_and_extension_folder(server: LiveServer) -> None:
    assert server.log_path is not None
    printed = server.log_path.read_text()
    token = next(line.split()[-1] for line in printed.splitlines() if "token:" in line)
    user = Store(server.db_path).authenticate(token)
    assert user is not None and user.name == "default"
    assert "load unpacked from" in printed
    assert f"http://127.0.0.1:{server.port}" in printed
