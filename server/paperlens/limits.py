"""Per-token limits: a request rate (token bucket), open WebSocket connections, the Firefox
origin pin, and the size of HTTP bodies.

Everything here is keyed by an authenticated user (one token each), so a flood of made-up tokens
costs no memory. The WebSocket route asks the `Guard` at hello and before each frame; REST calls
pass through `LimitsMiddleware`, which asks the same `Guard`, so both share one budget per token.
"""

import math
import time
from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from paperlens.api.errors import refuse
from paperlens.errors import (
    Forbidden,
    MessageTooLarge,
    PaperLensError,
    RateLimited,
    TooManyConnections,
)
from paperlens.records import User
from paperlens.security import FIREFOX_SCHEME
from paperlens.settings import Settings
from paperlens.storage import Store

# Routes whose bodies may be larger than a message: a BibTeX library is one upload. Checked here
# only, before the route reads anything.
MAX_BIBTEX_BYTES = 5 * 1024 * 1024
BODY_LIMITS = {"/api/library/import": MAX_BIBTEX_BYTES}


class TokenBucket:
    """`burst` requests at once, refilled at `rate` per second."""

    def __init__(self, rate: float, burst: int, now: float) -> None:
        self.rate, self.burst = rate, burst
        self.tokens, self.updated = float(burst), now

    def take(self, now: float) -> float:
        """Take one token: 0.0 when granted, else the seconds until one is there."""
        self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) / self.rate


class Guard:
    def __init__(self, settings: Settings, clock: Callable[[], float] = time.monotonic) -> None:
        self.settings = settings
        self._clock = clock
        self._buckets: dict[int, TokenBucket] = {}

    def admit_request(self, user: User) -> None:
        """One WebSocket frame or REST call; RateLimited when the token's bucket is empty."""
        bucket = self._buckets.get(user.id)
        if bucket is None:
            bucket = TokenBucket(self.settings.rate_per_s, self.settings.rate_burst, self._clock())
            self._buckets[user.id] = bucket
        wait = bucket.take(self._clock())
        if wait:
            raise RateLimited(
                f"expected at most {self.settings.rate_per_s:g} requests per second "
                f"(bursts of {self.settings.rate_burst}) per token; "
                f"retry in {math.ceil(wait)} s",
                retry_after_s=wait,
            )

    def admit_origin(self, store: Store, user: User, origin: str | None) -> None:
        """Pin the first Firefox extension origin that uses this user's token (in the database,
        so it holds across restarts; `user rotate-token` clears it); refuse others."""
        if origin is None or not origin.startswith(FIREFOX_SCHEME):
            return
        pinned = store.pin_origin(user, origin)
        if pinned != origin:
            raise Forbidden(
                f"expected the Firefox extension that paired with this token ({pinned}), "
                f"got {origin}"
            )

    def admit_connection(self, store: Store, user: User, origin: str | None, open_now: int) -> None:
        """A WebSocket hello from `origin` while the user has `open_now` connections."""
        self.admit_origin(store, user, origin)
        cap = self.settings.max_connections_per_token
        if open_now >= cap:
            raise TooManyConnections(
                f"expected at most {cap} open connections per token, got one more; "
                "close another tab or window first"
            )


def _bearer(headers: dict[str, str]) -> str | None:
    scheme, _, token = headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


class LimitsMiddleware:
    """REST side of the limits: body size first (before anything is read), then, for a known
    token, the Firefox origin pin and the rate. An unknown token passes on to the route, which
    answers bad_token."""

    def __init__(self, app: ASGIApp, guard: Guard) -> None:
        self.app = app
        self.guard = guard

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        cap = BODY_LIMITS.get(scope["path"], self.guard.settings.max_message_bytes)
        try:
            receive = await self._bounded(receive, headers, cap)
            token = _bearer(headers)
            state = scope["app"].state.paperlens
            user = None if token is None else await state.run(state.store.authenticate, token)
            if user is not None:
                # The store is only ever touched on the server's worker thread.
                await state.run(self.guard.admit_origin, state.store, user, headers.get("origin"))
                self.guard.admit_request(user)
        except RateLimited as error:
            retry = str(math.ceil(error.retry_after_s))
            await refuse(scope, receive, send, error, {"retry-after": retry})
            return
        except PaperLensError as error:
            await refuse(scope, receive, send, error)
            return
        await self.app(scope, receive, send)

    @staticmethod
    async def _bounded(receive: Receive, headers: dict[str, str], cap: int) -> Receive:
        """MessageTooLarge for a body over `cap`: by its Content-Length when it states one,
        else (chunked) by reading at most cap + 1 bytes here and replaying them to the app."""
        length = headers.get("content-length")
        if length is not None:
            if not length.isdigit() or int(length) > cap:
                raise MessageTooLarge(f"expected a body of at most {cap} bytes, got {length}")
            return receive
        if "chunked" not in headers.get("transfer-encoding", ""):
            return receive
        chunks: list[bytes] = []
        size, more = 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            more = message.get("more_body", False)
            if size > cap:
                raise MessageTooLarge(f"expected a body of at most {cap} bytes, got more")
        replay: list[Message] = [{"type": "http.request", "body": b"".join(chunks)}]

        async def replayed() -> Message:
            return replay.pop() if replay else await receive()

        return replayed
