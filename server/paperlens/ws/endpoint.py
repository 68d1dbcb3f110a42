"""The /ws route: reads frames, checks them against the schemas, dispatches to handlers.

A bad frame gets an `error` and the connection goes on; only authentication failures (and the
per-token limits of paperlens.limits: origin pin, connection cap) close it.
"""

import asyncio
import logging
from typing import Any

from fastapi import APIRouter, WebSocket, WebSocketDisconnect

from paperlens import frames
from paperlens.errors import BadMessage, NotAuthenticated, PaperLensError
from paperlens.limits import Guard
from paperlens.protocol import check, decode_client_frame
from paperlens.state import AppState
from paperlens.ws.handlers import HANDLERS
from paperlens.ws.hub import Connection

log = logging.getLogger(__name__)

router = APIRouter()

HELLO_TIMEOUT_S = 10.0


def _refuse(
    connection: Connection, error: PaperLensError, in_reply_to: Any, event_id: Any = None
) -> bool:
    """Send the error frame; returns True when the connection must close."""
    connection.send(frames.error(error, in_reply_to, event_id))
    if error.ws_close_code is not None:
        connection.close(error.ws_close_code, error.code)
        return True
    return False


async def _next_frame(connection: Connection) -> str | bytes | None:
    """The next frame; None when the client left or was dropped. TimeoutError while no hello
    has arrived within HELLO_TIMEOUT_S."""
    receive = asyncio.ensure_future(connection.websocket.receive())
    gone = asyncio.ensure_future(connection.gone.wait())
    timeout = None if connection.user is not None else HELLO_TIMEOUT_S
    try:
        done, _ = await asyncio.wait(
            {receive, gone}, timeout=timeout, return_when="FIRST_COMPLETED"
        )
    finally:
        gone.cancel()
    if receive not in done:
        receive.cancel()
        if connection.dropped:
            return None
        raise TimeoutError
    frame = receive.result()
    if frame["type"] == "websocket.disconnect":
        return None
    text: str | None = frame.get("text")
    return text if text is not None else frame.get("bytes") or b""


@router.websocket("/ws")
async def websocket_endpoint(websocket: WebSocket) -> None:
    state: AppState = websocket.app.state.paperlens
    guard: Guard = websocket.app.state.guard
    origin = websocket.headers.get("origin")
    await websocket.accept()
    connection = Connection(
        websocket, state.settings.pages_per_connection, state.settings.max_queued_frames
    )
    try:
        while True:
            try:
                frame = await _next_frame(connection)
            except TimeoutError:
                _refuse(
                    connection,
                    NotAuthenticated(f"expected a hello within {HELLO_TIMEOUT_S:.0f} s"),
                    None,
                )
                return
            if frame is None:
                return
            message_type = event_id = None
            try:
                if connection.user is not None:
                    # Every frame counts, bad ones too: the rate limit must bound the work.
                    guard.admit_request(connection.user)
                if isinstance(frame, bytes):
                    raise BadMessage(
                        "expected a text frame holding JSON, "
                        f"got a binary frame of {len(frame)} bytes"
                    )
                message = decode_client_frame(frame, state.settings.max_message_bytes)
                message_type, event_id = message["type"], message.get("event_id")
                check(message_type, message)
                if connection.user is None and message_type != "hello":
                    raise NotAuthenticated(
                        f"expected a hello with your token first, got {message_type}"
                    )
                if connection.user is None and (
                    user := await state.run(state.store.authenticate, message["token"])
                ):
                    # The hello handler authenticates again; the limits must refuse first.
                    open_now = len(state.hub.connections(user))
                    await state.run(guard.admit_connection, state.store, user, origin, open_now)
                # Awaited before the next frame is read: a connection's frames keep their order.
                await HANDLERS[message_type](state, connection, message)
            except PaperLensError as error:
                if _refuse(connection, error, message_type, event_id):
                    return
            except Exception:
                # A bug must cost one answer, not the connection (and never the stored data).
                log.exception("handling %s failed", message_type)
                internal = PaperLensError("internal error; see the server log")
                _refuse(connection, internal, message_type, event_id)
    except WebSocketDisconnect:
        return
    finally:
        state.hub.remove(connection)
        await connection.finish()
