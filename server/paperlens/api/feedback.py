"""POST /api/feedback: one click, idempotent by its client event id (same as the WebSocket)."""

from typing import Any

from fastapi import APIRouter

from paperlens.api.deps import CurrentUser, State
from paperlens.library import record_feedback
from paperlens.records import FeedbackEvent, paper_record
from paperlens.wire.api_feedback_result import ApiFeedbackResult
from paperlens.wire.feedback import Feedback

router = APIRouter(tags=["feedback"])


@router.post("/api/feedback", response_model=ApiFeedbackResult)
async def post_feedback(state: State, user: CurrentUser, body: Feedback) -> dict[str, Any]:
    event = FeedbackEvent(
        event_id=body.event_id, paper_id=body.paper_id, action=body.action, at=body.at
    )
    paper = paper_record(body.paper) if body.paper else None
    stored = await record_feedback(state, user, event, paper)
    return {"event_ids": [event.event_id], "stored": stored}
