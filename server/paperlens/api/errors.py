"""One error shape for every REST refusal: {"error": {"code", "message"}} (api_error.json),
rendered here only: by the routes' exception handlers, and by the middlewares that refuse a
request before any route runs (paperlens.limits, paperlens.security).

Statuses and codes come from the domain errors themselves (errors.py); FastAPI's own validation
and routing errors are turned into those first.
"""

import json
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.types import Receive, Scope, Send

from paperlens.errors import (
    BadMessage,
    BadRequest,
    Forbidden,
    NotAllowed,
    NotAuthenticated,
    NotFound,
    PaperLensError,
    error_body,
)

# Starlette's own refusals by status, as domain errors (any other: BadRequest, its status kept).
HTTP_ERRORS: dict[int, type[PaperLensError]] = {
    401: NotAuthenticated,
    403: Forbidden,
    404: NotFound,
    405: NotAllowed,
}


def response(
    error: PaperLensError, status: int | None = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    """The refusal as an HTTP answer, with the error's status unless `status` is given."""
    return JSONResponse(
        {"error": error_body(error)}, status_code=status or error.http_status, headers=headers
    )


async def refuse(
    scope: Scope,
    receive: Receive,
    send: Send,
    error: PaperLensError,
    headers: dict[str, str] | None = None,
) -> None:
    """Answer an ASGI request with the refusal (for a middleware: no route has run)."""
    await response(error, headers=headers)(scope, receive, send)


def _got(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


async def _domain(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, PaperLensError)
    return response(error)


async def _validation(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    problems = [
        f"at {'/'.join(str(p) for p in e['loc'])}: {e['msg']}; got {_got(e.get('input'))}"
        for e in error.errors()[:5]
    ]
    return response(BadMessage("; ".join(problems)))


async def _http(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, HTTPException)
    kind = HTTP_ERRORS.get(error.status_code, BadRequest)
    message = f"{error.detail} ({request.method} {request.url.path})"
    return response(kind(message), status=error.status_code)


async def _not_unicode(request: Request, error: Exception) -> JSONResponse:
    # JSON may carry a lone surrogate escape; SQLite refuses it when binding, before any commit.
    assert isinstance(error, UnicodeEncodeError)
    got = f"\\u{ord(error.object[error.start]):x}"
    return response(BadMessage(f"expected Unicode text, got {got}"))


def install(app: FastAPI) -> None:
    app.add_exception_handler(PaperLensError, _domain)
    app.add_exception_handler(UnicodeEncodeError, _not_unicode)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(HTTPException, _http)
