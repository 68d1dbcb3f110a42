"""Annotated dependency aliases shared by the REST routes."""

from typing import Annotated

from fastapi import Depends, Request

from paperlens.state import AppState


def _state(request: Request) -> AppState:
    state: AppState = request.app.state.paperlens
    return state


State = Annotated[AppState, Depends(_state)]
