"""GET /api/me: who the token belongs to, and their counts."""

from typing import Any

from fastapi import APIRouter

from paperlens.api.deps import CurrentUser, State
from paperlens.wire.api_me import ApiMe

router = APIRouter(tags=["me"])


@router.get("/api/me", response_model=ApiMe)
async def me(state: State, user: CurrentUser) -> dict[str, Any]:
    taste = state.scorer.taste(user)
    return {
        "user": user.name,
        "saved_count": len(state.store.saved_ids(user)),
        "dismissed_count": len(state.store.dismissed_ids(user)),
        "model_version": taste.version,
        "personal": taste.personal,
    }
