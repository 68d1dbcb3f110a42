"""GET /api/health: is the server up. Needs no token, so it tells nothing about any user."""

from typing import Any

from fastapi import APIRouter

from paperlens import PROTOCOL_VERSION, __version__
from paperlens.wire.api_health import ApiHealth

router = APIRouter(tags=["health"])


@router.get("/api/health", response_model=ApiHealth)
async def health() -> dict[str, Any]:
    return {"status": "ok", "version": __version__, "protocol": PROTOCOL_VERSION}
