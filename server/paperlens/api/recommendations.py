"""GET /api/recommendations: "for you" from the whole corpus, or "more like this" paper."""

from typing import Annotated, Any

from fastapi import APIRouter, Query

from paperlens import frames
from paperlens.api.deps import CurrentUser, State
from paperlens.wire.recommendations import Recommendations

router = APIRouter(tags=["recommendations"])


@router.get("/api/recommendations", response_model=Recommendations)
async def recommendations(
    state: State,
    user: CurrentUser,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    like: Annotated[str | None, Query(max_length=64)] = None,
) -> dict[str, Any]:
    scorer = await state.scorer()
    picks = await state.run(scorer.recommend, user, exclude=set(), limit=limit, like=like)
    return frames.recommendations("rest", picks)
