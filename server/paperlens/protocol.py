"""Reading and checking WebSocket frames against the JSON Schemas in shared_schema/.

The schemas ship inside the package as `paperlens.schemas` (pyproject maps shared_schema/ there),
so the server validates against exactly the files the extension's types are generated from.

Two validators are built from the same files. Every frame is first checked by jsonschema-rs
(compiled, in Rust: ~50 µs for a page of 50 papers, where jsonschema takes ~8 ms); only a frame
it refuses goes through jsonschema, whose first error makes the message the client reads. Both
follow ECMA-262 for patterns (`$` is the very end of the text).
"""

import json
import re
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any

import jsonschema_rs
import orjson
from jsonschema import Draft202012Validator, ValidationError, validators
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from paperlens.errors import BadJson, BadMessage, MessageTooLarge, UnknownMessageType

CLIENT_TYPES = ("hello", "page", "feedback", "recommend", "ping")
SERVER_TYPES = ("welcome", "scores", "ack", "saved", "recommendations", "pong", "error")
RECORDS = (
    "paper",
    "api_error",
    "api_health",
    "api_me",
    "api_library",
    "api_papers",
    "api_upsert_result",
    "api_feedback_result",
    "api_import_result",
)


@cache
def _schemas() -> dict[str, dict[str, Any]]:
    """Each schema of shared_schema/ by its $id (its file name)."""
    files = resources.files("paperlens.schemas")
    schemas = {}
    for name in (*CLIENT_TYPES, *SERVER_TYPES, *RECORDS):
        schema = json.loads(files.joinpath(f"{name}.json").read_text(encoding="utf-8"))
        schemas[schema["$id"]] = schema
    return schemas


@cache
def _registry() -> Registry:
    resources_by_id = []
    for schema_id, schema in _schemas().items():
        # Without its "$schema", a $ref'd schema is checked by our validator class (with the
        # ECMA-262 pattern below) rather than by the stock one its dialect names.
        bare = {k: v for k, v in schema.items() if k != "$schema"}
        resources_by_id.append((schema_id, DRAFT202012.create_resource(bare)))
    registry: Registry = Registry().with_resources(resources_by_id)
    return registry


@cache
def _fast_validator(message_type: str) -> jsonschema_rs.Validator:
    schemas = _schemas()
    registry = jsonschema_rs.Registry(list(schemas.items()))
    # offline: a $ref naming no file of shared_schema/ is an error, never a download.
    return jsonschema_rs.Draft202012Validator(
        schemas[f"{message_type}.json"], registry=registry, offline=True
    )


@cache
def _ecma_pattern(pattern: str) -> re.Pattern[str]:
    # In JSON Schema (ECMA-262) `$` is the very end of the text; in Python it also matches before
    # a final newline, which would let "2401.00001\n" pass as a paper id.
    return re.compile(re.sub(r"(?<!\\)\$", r"\\Z", pattern))


def _pattern(
    checker: Any, pattern: str, instance: Any, schema: dict[str, Any]
) -> Iterator[ValidationError]:
    if isinstance(instance, str) and not _ecma_pattern(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


_Validator = validators.extend(Draft202012Validator, {"pattern": _pattern})


@cache
def validator(message_type: str) -> Draft202012Validator:
    registry = _registry()
    schema = registry.contents(f"{message_type}.json")
    checker: Draft202012Validator = _Validator(schema, registry=registry)
    return checker


def _describe(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def check(message_type: str, message: dict[str, Any]) -> None:
    """Raise BadMessage naming the first field that does not match the schema."""
    try:
        if _fast_validator(message_type).is_valid(message):
            return
    except UnicodeEncodeError:
        # A lone surrogate is no UTF-8, which the Rust validator cannot take: jsonschema judges.
        pass
    error = next(iter(validator(message_type).iter_errors(message)), None)
    if error is None:
        # jsonschema is the reference: what it accepts passes (a tuple is no JSON array to Rust).
        return
    where = "/".join(str(p) for p in error.absolute_path) or "(the message)"
    raise BadMessage(
        f"{message_type}: at {where}: {error.message}; got {_describe(error.instance)}"
    )


# What a surrogate escape looks like in JSON text: only a frame with one can decode to a lone
# surrogate (text frames arrive as valid UTF-8). Such frames are rare: the others are parsed by
# orjson (a page of 50 abstracts in ~0.1 ms, where json took ~0.35 ms).
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _require_unicode(value: Any) -> None:
    """BadMessage for a lone surrogate escape (\\ud800-\\udfff): valid JSON, but no text that
    SQLite could store or a WebSocket could send back, even inside an error message."""
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as exc:
        got = f"\\u{ord(exc.object[exc.start]):x}"
        raise BadMessage(f"expected Unicode text, got a lone surrogate escape ({got})") from None


def decode_client_frame(text: str, max_bytes: int) -> dict[str, Any]:
    """Decode one text frame into an object with a known client `type` (not yet schema-checked)."""
    size = len(text.encode("utf-8"))
    if size > max_bytes:
        raise MessageTooLarge(f"expected a frame of at most {max_bytes} bytes, got {size}")
    try:
        if _SURROGATE_ESCAPE.search(text):
            # orjson refuses a lone surrogate as bad JSON: the stdlib parses it, to be named.
            message = json.loads(text)
            _require_unicode(message)
        else:
            message = orjson.loads(text)
    except ValueError as exc:
        raise BadJson(f"expected a JSON object, got invalid JSON ({exc})") from None
    if not isinstance(message, dict):
        raise BadMessage(f"expected a JSON object, got {type(message).__name__}")
    message_type = message.get("type")
    if message_type not in CLIENT_TYPES:
        raise UnknownMessageType(
            f"expected type to be one of {', '.join(CLIENT_TYPES)}; got {_describe(message_type)}"
        )
    return message
