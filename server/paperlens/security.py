"""Refuses requests from web pages and rebound DNS names before they reach any route.

A server on 127.0.0.1 is reachable from every page the user opens: only the extension's own
origin (or no Origin, as from scripts) and a loopback Host on our port get through.
"""

import json

from starlette.types import ASGIApp, Receive, Scope, Send

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")
EXTENSION_SCHEMES = ("chrome-extension://", "moz-extension://")


def host_allowed(host: str | None, port: int) -> bool:
    if not host:
        return False
    if host.startswith("["):
        name, _, rest = host.partition("]")
        name, host_port = name + "]", rest.removeprefix(":")
    else:
        name, _, host_port = host.partition(":")
    return name.lower() in LOOPBACK_HOSTS and host_port in ("", str(port))


def origin_allowed(origin: str | None) -> bool:
    return origin is None or origin.startswith(EXTENSION_SCHEMES)


class LocalOnlyMiddleware:
    def __init__(self, app: ASGIApp, port: int) -> None:
        self.app = app
        self.port = port

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        host, origin = headers.get("host"), headers.get("origin")
        if host_allowed(host, self.port) and origin_allowed(origin):
            await self.app(scope, receive, send)
            return
        why = (
            f"expected Host 127.0.0.1, localhost or [::1] on port {self.port}, got {host!r}"
            if not host_allowed(host, self.port)
            else f"expected no Origin or the extension's own, got {origin!r}"
        )
        if scope["type"] == "websocket":
            # Closing before accept makes the server answer the handshake with 403.
            await send({"type": "websocket.close", "code": 1008, "reason": why[:120]})
            return
        body = json.dumps({"error": {"code": "forbidden", "message": why}}).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 403,
                "headers": [(b"content-type", b"application/json")],
            }
        )
        await send({"type": "http.response.body", "body": body})
