"""Reading and checking WebSocket frames against the JSON Schemas in shared_schema/.

The schemas ship inside the package as `paperlens.schemas` (pyproject maps shared_schema/ there),
so the server validates against exactly the files the extension's types are generated from.
"""

import json
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource

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
def _registry() -> Registry:
    files = resources.files("paperlens.schemas")
    resources_by_id = []
    for name in (*CLIENT_TYPES, *SERVER_TYPES, *RECORDS):
        schema = json.loads(files.joinpath(f"{name}.json").read_text(encoding="utf-8"))
        resources_by_id.append((schema["$id"], Resource.from_contents(schema)))
    registry: Registry = Registry().with_resources(resources_by_id)
    return registry


@cache
def validator(message_type: str) -> Draft202012Validator:
    registry = _registry()
    schema = registry.contents(f"{message_type}.json")
    return Draft202012Validator(schema, registry=registry)


def _describe(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def check(message_type: str, message: dict[str, Any]) -> None:
    """Raise BadMessage naming the first field that does not match the schema."""
    error = next(iter(validator(message_type).iter_errors(message)), None)
    if error is None:
        return
    where = "/".join(str(p) for p in error.absolute_path) or "(the message)"
    raise BadMessage(
        f"{message_type}: at {where}: {error.message}; got {_describe(error.instance)}"
    )


def decode_client_frame(text: str, max_bytes: int) -> dict[str, Any]:
    """Decode one text frame into an object with a known client `type` (not yet schema-checked)."""
    size = len(text.encode("utf-8"))
    if size > max_bytes:
        raise MessageTooLarge(f"expected a frame of at most {max_bytes} bytes, got {size}")
    try:
        message = json.loads(text)
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


def parse_client_frame(text: str, max_bytes: int) -> dict[str, Any]:
    """Decode one text frame into a schema-valid client message, or raise a domain error."""
    message = decode_client_frame(text, max_bytes)
    check(message["type"], message)
    return message
