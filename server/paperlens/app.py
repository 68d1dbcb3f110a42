"""Builds the FastAPI application: routes, the local-only guard, start-up and shut-down."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from paperlens import __version__
from paperlens.api import errors, feedback, health, library, me, papers, recommendations
from paperlens.security import LocalOnlyMiddleware
from paperlens.settings import Settings
from paperlens.state import AppState
from paperlens.ws import endpoint


def create_app(settings: Settings) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state = AppState.open(settings)
        app.state.paperlens = state
        try:
            yield
        finally:
            await state.close()

    app = FastAPI(title="PaperLens", version=__version__, lifespan=lifespan)
    for module in (health, me, papers, feedback, library, recommendations):
        app.include_router(module.router)
    errors.install(app)
    app.include_router(endpoint.router)
    app.add_middleware(LocalOnlyMiddleware, port=settings.port)
    return app
