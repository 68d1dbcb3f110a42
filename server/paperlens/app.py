"""Builds the FastAPI application: routes, the local-only guard, start-up and shut-down."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from paperlens import __version__
from paperlens.api import errors, feedback, health, library, me, papers, recommendations
from paperlens.limits import Guard, LimitsMiddleware
from paperlens.security import LocalOnlyMiddleware
from paperlens.settings import Settings
from paperlens.state import AppState
from paperlens.wire.api_error import ApiError
from paperlens.ws import endpoint

# Every refusal, on every route, has the one shape of api_error.json: documented once for all.
ERROR_RESPONSES: dict[int | str, dict[str, object]] = {
    "4XX": {"model": ApiError, "description": "Refused: what was expected and what arrived."}
}


def create_app(settings: Settings) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state = AppState.open(settings)
        state.start_learning()
        app.state.paperlens = state
        try:
            yield
        finally:
            await state.close()

    app = FastAPI(
        title="PaperLens", version=__version__, lifespan=lifespan, responses=ERROR_RESPONSES
    )
    for module in (health, me, papers, feedback, library, recommendations):
        app.include_router(module.router)
    errors.install(app)
    app.include_router(endpoint.router)
    # Per-token limits, shared by REST (this middleware) and the WebSocket route.
    app.state.guard = Guard(settings)
    app.add_middleware(LimitsMiddleware, guard=app.state.guard)
    # Added last, so it runs first: a foreign page or host is refused before anything else.
    app.add_middleware(
        LocalOnlyMiddleware, port=settings.port, chrome_ids=settings.chrome_extension_ids
    )
    return app
