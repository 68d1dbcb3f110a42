"""One error shape for every REST error: {"error": {"code", "message"}} (api_error.json).

Status codes come from the domain errors themselves (errors.py); this only renders them, and
turns FastAPI's own validation and routing errors into the same shape.
"""

import json
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from paperlens.errors import PaperLensError

HTTP_CODES = {401: "not_authenticated", 403: "forbidden", 404: "not_found", 405: "not_allowed"}


def error_response(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


def _got(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


async def _domain(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, PaperLensError)
    return error_response(error.http_status, error.code, str(error))


async def _validation(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    problems = [
        f"at {'/'.join(str(p) for p in e['loc'])}: {e['msg']}; got {_got(e.get('input'))}"
        for e in error.errors()[:5]
    ]
    return error_response(422, "bad_message", "; ".join(problems))


async def _http(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, HTTPException)
    code = HTTP_CODES.get(error.status_code, "bad_request")
    return error_response(
        error.status_code, code, f"{error.detail} ({request.method} {request.url.path})"
    )


async def _not_unicode(request: Request, error: Exception) -> JSONResponse:
    # JSON may carry a lone surrogate escape; SQLite refuses it when binding, before any commit.
    assert isinstance(error, UnicodeEncodeError)
    got = f"\\u{ord(error.object[error.start]):x}"
    return error_response(422, "bad_message", f"expected Unicode text, got {got}")


def install(app: FastAPI) -> None:
    app.add_exception_handler(PaperLensError, _domain)
    app.add_exception_handler(UnicodeEncodeError, _not_unicode)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(HTTPException, _http)
