"""The server's messages as the wire carries them (one JSON Schema each in shared_schema/), built
from the records the learner and the store give. The WebSocket sends them; REST answers with the
same records (`recommendations`, `saved`). Incoming frames are read by paperlens.protocol.
"""

from typing import TYPE_CHECKING, Any

from paperlens import PROTOCOL_VERSION, __version__
from paperlens.errors import PaperLensError, error_body

if TYPE_CHECKING:
    # Not at run time: the learning stack loads after the server starts (paperlens.state).
    from paperlens.learning.scoring import Picks, RankedPage

# Scores go out with four decimals: the badge shows two, the rank is sent apart.
DECIMALS = 4


def welcome(user: str, saved_ids: list[str], dismissed_ids: list[str]) -> dict[str, Any]:
    return {
        "type": "welcome",
        "protocol": PROTOCOL_VERSION,
        "server": f"paperlens/{__version__}",
        "user": user,
        "saved_ids": saved_ids,
        "dismissed_ids": dismissed_ids,
    }


def scores(page: "RankedPage") -> dict[str, Any]:
    label = "personal" if page.personal else "popular"
    return {
        "type": "scores",
        "page_id": page.page_id,
        "model_version": page.model_version,
        "personal": page.personal,
        "papers": [
            {
                "id": paper.id,
                "score": round(paper.score, DECIMALS),
                "rank": paper.rank,
                "label": label,
                "reason": paper.reason,
                "saved": paper.saved,
                "dismissed": paper.dismissed,
            }
            for paper in page.papers
        ],
    }


def recommendations(request_id: str, picks: "Picks") -> dict[str, Any]:
    return {
        "type": "recommendations",
        "request_id": request_id,
        "model_version": picks.model_version,
        "personal": picks.personal,
        "papers": [
            {
                "paper": paper,
                "score": round(score, DECIMALS),
                "reason": reason,
                "label": picks.label,
            }
            for paper, score, reason in zip(picks.papers, picks.scores, picks.reasons, strict=True)
        ],
    }


def saved(saved_ids: list[str]) -> dict[str, Any]:
    return {"type": "saved", "saved_ids": saved_ids}


def ack(event_ids: list[str]) -> dict[str, Any]:
    return {"type": "ack", "event_ids": event_ids}


def pong(nonce: str | None) -> dict[str, Any]:
    return {"type": "pong"} if nonce is None else {"type": "pong", "nonce": nonce}


def error(refusal: PaperLensError, in_reply_to: Any, event_id: Any) -> dict[str, Any]:
    """The `error` frame of a refusal of the message of type `in_reply_to` (named when it is a
    type) carrying `event_id`: named unless the refusal is for now (the client then keeps the
    event to send it again; it drops a named one)."""
    return {
        "type": "error",
        **error_body(refusal),
        "in_reply_to": in_reply_to if isinstance(in_reply_to, str) else None,
        "event_id": event_id if isinstance(event_id, str) and not refusal.retry_later else None,
    }
