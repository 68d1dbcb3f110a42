"""Domain errors, their mapping to WebSocket error codes, close codes and HTTP statuses, and what
a refusal says on the wire.

Every refusal the server makes is one of these; `code` is the `error.code` sent on the wire
(see shared_schema/error.json and api_error.json).
"""

from typing import ClassVar, TypedDict


class PaperLensError(Exception):
    code: ClassVar[str] = "internal"
    http_status: ClassVar[int] = 500
    # None: the connection survives the error; otherwise the WebSocket close code.
    ws_close_code: ClassVar[int | None] = None
    # True: the request was refused for now, not for good, so the refusal does not name its
    # event_id (a client drops a named event from its replay queue).
    retry_later: ClassVar[bool] = False


class BadJson(PaperLensError):
    code = "bad_json"
    http_status = 400


class BadMessage(PaperLensError):
    code = "bad_message"
    http_status = 422


class UnknownMessageType(PaperLensError):
    code = "unknown_type"
    http_status = 422


class NotAuthenticated(PaperLensError):
    code = "not_authenticated"
    http_status = 401
    ws_close_code = 4401


class BadToken(PaperLensError):
    code = "bad_token"
    http_status = 401
    ws_close_code = 4401


class ProtocolMismatch(PaperLensError):
    code = "protocol_mismatch"
    http_status = 400
    ws_close_code = 4400


class MessageTooLarge(PaperLensError):
    code = "too_large"
    http_status = 413


class NotFound(PaperLensError):
    """A route that does not exist."""

    code = "not_found"
    http_status = 404


class NotAllowed(PaperLensError):
    """A route that exists, called with another method."""

    code = "not_allowed"
    http_status = 405


class BadRequest(PaperLensError):
    """Any other request refused before a route ran."""

    code = "bad_request"
    http_status = 400


class UnknownPaper(PaperLensError):
    code = "unknown_paper"
    http_status = 404


class UserExists(PaperLensError):
    code = "user_exists"
    http_status = 409


class UnknownUser(PaperLensError):
    code = "unknown_user"
    http_status = 404


class Forbidden(PaperLensError):
    code = "forbidden"
    http_status = 403
    ws_close_code = 4403


class RateLimited(PaperLensError):
    code = "rate_limited"
    http_status = 429
    # The request was fine, only early: the client keeps it and tries again later.
    retry_later = True

    def __init__(self, message: str, retry_after_s: float) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


class TooManyConnections(PaperLensError):
    code = "rate_limited"
    http_status = 429
    ws_close_code = 4429


class DatabaseCorrupt(PaperLensError):
    """The SQLite file failed its integrity check; never sent on the wire (the server refuses
    to start instead)."""


class ErrorBody(TypedDict):
    code: str
    message: str


def error_body(error: PaperLensError) -> ErrorBody:
    """What a refusal says: inside {"error": ...} on REST (api_error.json), and in the
    WebSocket's `error` frame (error.json)."""
    return {"code": error.code, "message": str(error)}
