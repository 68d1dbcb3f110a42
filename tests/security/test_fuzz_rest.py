"""The REST API fuzzed from its own OpenAPI spec (schemathesis), valid and invalid requests alike,
against a real server: never a 500, every answer as documented, and a refused request stores
nothing. The server log is checked for tracebacks when the module's server stops."""

import os
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from paperlens.app import create_app
from paperlens.settings import Settings
from tests.live_server import LiveServer
from tests.security.conftest import snapshot

# Generous, so the fuzzer tests the routes rather than the rate limit.
SERVER_ENV = {"PAPERLENS_RATE_BURST": "1000000", "PAPERLENS_RATE_PER_S": "1000000"}
# Per operation and mode; CI's bound. PAPERLENS_FUZZ_EXAMPLES=500 for a deeper run by hand.
EXAMPLES = int(os.environ.get("PAPERLENS_FUZZ_EXAMPLES", "20"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

# The spec the server serves at /openapi.json, built here so each operation is its own test.
SCHEMA = schemathesis.openapi.from_dict(create_app(Settings()).openapi())
OPERATIONS = {op.label: op for op in (result.ok() for result in SCHEMA.get_all_operations())}
# Invalid requests only where there is something to get wrong (health takes no input at all).
CASES = [
    (label, mode)
    for label, op in sorted(OPERATIONS.items())
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    if mode == GenerationMode.POSITIVE
    or {"parameters", "requestBody", "security"} & set(op.definition.raw)
]


@pytest.fixture(scope="module")
def token(live: LiveServer) -> str:
    return live.add_user("fuzz")


@pytest.mark.parametrize(("label", "mode"), CASES)
def test_rest_operation_survives_fuzzing(
    live: LiveServer, token: str, label: str, mode: GenerationMode
) -> None:
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=OPERATIONS[label].as_strategy(generation_mode=mode))
    def call(case: Any) -> None:
        before = snapshot(live.db_path)
        response = case.call(
            base_url=live.http_url, headers={"Authorization": f"Bearer {token}"}, timeout=30
        )
        case.validate_response(response, checks=CHECKS)
        if response.status_code >= 400:
            assert snapshot(live.db_path) == before, (label, response.text)

    call()
