"""The `paperlens` command line."""

import subprocess
import sys
from pathlib import Path

from paperlens.records import FeedbackEvent
from paperlens.storage import SqliteStore
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
    store = SqliteStore(db)
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
    assert [u.name for u in SqliteStore(db).users()] == ["bob"]


def test_serve_prints_the_pairing_token_and_extension_folder(server: LiveServer) -> None:
    assert server.log_path is not None
    printed = server.log_path.read_text()
    token = next(line.split()[-1] for line in printed.splitlines() if "token:" in line)
    user = SqliteStore(server.db_path).authenticate(token)
    assert user is not None and user.name == "default"
    assert "load unpacked from" in printed
    assert f"http://127.0.0.1:{server.port}" in printed


def test_rotate_token_replaces_the_old_one(tmp_path: Path) -> None:
    db = str(tmp_path / "p.db")
    old = paperlens("user", "add", "alice", "--db", db).stdout.strip()
    new = paperlens("user", "rotate-token", "alice", "--db", db).stdout.strip()
    store = SqliteStore(db)
    assert store.authenticate(old) is None
    user = store.authenticate(new)
    assert user is not None and user.name == "alice"


def test_user_remove_deletes_the_user_and_their_library(tmp_path: Path) -> None:
    db = str(tmp_path / "p.db")
    token = paperlens("user", "add", "alice", "--db", db).stdout.strip()
    paperlens("user", "add", "bob", "--db", db)
    store = SqliteStore(db)
    alice = store.authenticate(token)
    assert alice is not None
    store.add_feedback(alice, FeedbackEvent("event-0001", "2401.00001", "save"))
    result = paperlens("user", "remove", "alice", "--yes", "--db", db)
    assert result.returncode == 0, result.stderr
    assert [u.name for u in store.users()] == ["bob"]
    assert store.db.execute("SELECT COUNT(*) FROM saves").fetchone()[0] == 0
    missing = paperlens("user", "remove", "carol", "--yes", "--db", db)
    assert missing.returncode == 1 and "no user named 'carol'" in missing.stderr


def test_bibtex_import_and_export_on_the_command_line(tmp_path: Path) -> None:
    db = str(tmp_path / "p.db")
    paperlens("user", "add", "alice", "--db", db)
    bib = tmp_path / "mine.bib"
    bib.write_text(
        "@article{v, title={Attention Is All You Need}, author={Vaswani, Ashish},"
        " year={2017}, eprint={1706.03762}, archivePrefix={arXiv}}\n"
    )
    imported = paperlens("import-bibtex", str(bib), "--db", db)
    assert imported.returncode == 0, imported.stderr
    assert "imported 1 papers (1 newly saved)" in imported.stdout
    exported = paperlens("export-bibtex", "--db", db)
    assert "eprint = {1706.03762}" in exported.stdout
    assert "title = {Attention Is All You Need}" in exported.stdout
    assert "author = {Ashish Vaswani}" in exported.stdout


def test_bibtex_import_asks_whose_library_when_there_are_several_users(tmp_path: Path) -> None:
    db = str(tmp_path / "p.db")
    paperlens("user", "add", "alice", "--db", db)
    paperlens("user", "add", "bob", "--db", db)
    bib = tmp_path / "mine.bib"
    bib.write_text("@misc{x, title={X}}\n")
    result = paperlens("import-bibtex", str(bib), "--db", db)
    assert result.returncode == 2 and "expected --user NAME: there are 2 users" in result.stderr
