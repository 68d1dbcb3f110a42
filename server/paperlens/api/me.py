"""GET /api/me: who the token belongs to, and their counts."""

from typing import TYPE_CHECKING, Any

from fastapi import APIRouter

from paperlens.api.deps import CurrentUser, State
from paperlens.records import User
from paperlens.state import AppState
from paperlens.wire.api_me import ApiMe

if TYPE_CHECKING:
    from paperlens.learning.scoring import Scorer

router = APIRouter(tags=["me"])


def _me(state: AppState, scorer: "Scorer", user: User) -> dict[str, Any]:
    """On the worker thread: the user's counts and model."""
    taste = scorer.taste(user)
    return {
        "user": user.name,
        "saved_count": len(state.store.saved_ids(user)),
        "dismissed_count": len(state.store.dismissed_ids(user)),
        "model_version": taste.version,
        "personal": taste.personal,
    }


@router.get("/api/me", response_model=ApiMe)
async def me(state: State, user: CurrentUser) -> dict[str, Any]:
    return await state.run(_me, state, await state.learner(), user)
