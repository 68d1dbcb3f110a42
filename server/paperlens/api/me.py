"""GET /api/me: who the token belongs to, and their counts."""

from typing import Any

from fastapi import APIRouter

from paperlens.api.deps import CurrentUser, State
from paperlens.learning import Learning
from paperlens.records import User
from paperlens.storage import Store
from paperlens.wire.api_me import ApiMe

router = APIRouter(tags=["me"])


def _me(store: Store, learning: Learning, user: User) -> dict[str, Any]:
    """On the worker thread: the user's counts and model."""
    taste = learning.tastes.taste(user)
    return {
        "user": user.name,
        "saved_count": len(store.saved_ids(user)),
        "dismissed_count": len(store.dismissed_ids(user)),
        "model_version": taste.version_,
        "personal": taste.personal,
    }


@router.get("/api/me", response_model=ApiMe)
async def me(state: State, user: CurrentUser) -> dict[str, Any]:
    return await state.run(_me, state.store, await state.learning(), user)
