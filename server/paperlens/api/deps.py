"""Annotated dependency aliases shared by the REST routes: the app state and the caller.

Routes and dependencies are `async def` on purpose: they run on the event loop, the one thread
that touches the WebSocket hub, and hand every store and scorer call to the server's worker
thread (`state.run`), the one thread that touches SQLite and the models. Sync ones would run in
FastAPI's thread pool, beside the worker.
"""

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from paperlens.errors import BadToken, NotAuthenticated
from paperlens.records import User
from paperlens.state import AppState

_bearer = HTTPBearer(auto_error=False, description="The user's token from `paperlens user add`.")


async def _state(request: Request) -> AppState:
    state: AppState = request.app.state.paperlens
    return state


State = Annotated[AppState, Depends(_state)]


async def _user(
    state: State, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> User:
    if credentials is None:
        raise NotAuthenticated("expected an Authorization: Bearer <token> header, got none")
    user = await state.run(state.store.authenticate, credentials.credentials)
    if user is None:
        raise BadToken("expected a valid PaperLens token; the token sent is not known")
    return user


CurrentUser = Annotated[User, Depends(_user)]
