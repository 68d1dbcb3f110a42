"""GET /api/health: is the server up, and how much does it hold."""

from typing import Any

from fastapi import APIRouter

from paperlens import PROTOCOL_VERSION, __version__
from paperlens.api.deps import State

router = APIRouter()


@router.get("/api/health")
def health(state: State) -> dict[str, Any]:
    return {
        "status": "ok",
        "version": __version__,
        "protocol": PROTOCOL_VERSION,
        "connections": state.hub.count(),
        **state.store.stats(),
    }
