"""shared_schema/ is well-formed and every message type has its handler."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from paperlens.protocol import CLIENT_TYPES, RECORDS, SERVER_TYPES
from paperlens.ws.handlers import HANDLERS

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "shared_schema"
# Test vectors share the folder (library_transitions.json); a schema names its dialect.
SCHEMAS = sorted(
    p for p in SCHEMA_DIR.glob("*.json") if "$schema" in json.loads(p.read_text(encoding="utf-8"))
)


def test_every_schema_file_is_a_known_type_and_vice_versa() -> None:
    files = {p.stem for p in SCHEMAS}
    assert files == set(CLIENT_TYPES) | set(SERVER_TYPES) | set(RECORDS)


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_schema_is_valid_draft_2020_12(path: Path) -> None:
    schema = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert schema["$id"] == path.name


def test_every_client_message_has_a_server_handler() -> None:
    assert set(HANDLERS) == set(CLIENT_TYPES)


def test_generated_python_models_match_the_schemas() -> None:
    root = SCHEMA_DIR.parent
    result = subprocess.run(
        [sys.executable, str(root / "scripts" / "gen_models.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("direction", "types"),
    [("client -> server", CLIENT_TYPES), ("server -> client", SERVER_TYPES)],
)
def test_each_schema_says_its_direction(direction: str, types: tuple[str, ...]) -> None:
    said = {
        p.stem
        for p in SCHEMAS
        if json.loads(p.read_text(encoding="utf-8"))["description"].startswith(direction)
    }
    assert said == set(types)
