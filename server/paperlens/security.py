"""Refuses requests from web pages and rebound DNS names before they reach any route.

A server on 127.0.0.1 is reachable from every page the user opens: only the extension's own
origin (or no Origin, as from scripts) and a loopback Host on our port get through. Chrome's
extension ids can be pinned by setting; Firefox gives every install its own moz-extension://
UUID, which is pinned per user when it first authenticates (paperlens.limits.Guard).
"""

from starlette.types import ASGIApp, Receive, Scope, Send

from paperlens.api.errors import refuse
from paperlens.errors import Forbidden

# The names of this machine: what `serve` binds by default, and the only Host a request may name.
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
CHROME_SCHEME = "chrome-extension://"
FIREFOX_SCHEME = "moz-extension://"


def is_loopback(name: str) -> bool:
    """Whether an address or host name (an IPv6 one bare or in brackets) is this machine."""
    return name.lower().removeprefix("[").removesuffix("]") in LOOPBACK_HOSTS


def host_allowed(host: str | None, port: int) -> bool:
    """Whether a Host header names this machine on our port (or on no port)."""
    if not host:
        return False
    if host.startswith("["):
        name, _, rest = host.partition("]")
        name, host_port = name + "]", rest.removeprefix(":")
    else:
        name, _, host_port = host.partition(":")
    return is_loopback(name) and host_port in ("", str(port))


def _hosts() -> str:
    shown = [f"[{h}]" if ":" in h else h for h in LOOPBACK_HOSTS]
    return ", ".join(shown[:-1]) + " or " + shown[-1]


def origin_allowed(origin: str | None, chrome_ids: frozenset[str] = frozenset()) -> bool:
    """No Origin, a Firefox extension's, or a Chrome extension's (one of `chrome_ids` when set)."""
    if origin is None or origin.startswith(FIREFOX_SCHEME):
        return True
    if origin.startswith(CHROME_SCHEME):
        return not chrome_ids or origin.removeprefix(CHROME_SCHEME) in chrome_ids
    return False


class LocalOnlyMiddleware:
    def __init__(self, app: ASGIApp, port: int, chrome_ids: frozenset[str] = frozenset()) -> None:
        self.app = app
        self.port = port
        self.chrome_ids = chrome_ids

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        host, origin = headers.get("host"), headers.get("origin")
        if host_allowed(host, self.port) and origin_allowed(origin, self.chrome_ids):
            await self.app(scope, receive, send)
            return
        expected_origin = "no Origin or the extension's own" + (
            f" (Chrome ids {', '.join(sorted(self.chrome_ids))})" if self.chrome_ids else ""
        )
        why = (
            f"expected Host {_hosts()} on port {self.port}, got {host!r}"
            if not host_allowed(host, self.port)
            else f"expected {expected_origin}, got {origin!r}"
        )
        if scope["type"] == "websocket":
            # Closing before accept makes the server answer the handshake with 403.
            await send({"type": "websocket.close", "code": 1008, "reason": why[:120]})
            return
        await refuse(scope, receive, send, Forbidden(why))
