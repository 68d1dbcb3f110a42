"""The records the server passes between storage, learner and protocol (shapes of shared_schema)."""

from dataclasses import dataclass
from typing import Literal, NotRequired, TypedDict, cast

from pydantic import BaseModel

Action = Literal["save", "unsave", "dismiss", "undismiss", "open"]


class Paper(TypedDict):
    id: str
    title: str
    abstract: NotRequired[str | None]
    authors: NotRequired[list[str]]
    upvotes: NotRequired[int | None]
    published: NotRequired[str | None]


@dataclass(frozen=True)
class User:
    id: int
    name: str


@dataclass(frozen=True)
class FeedbackEvent:
    event_id: str
    paper_id: str
    action: Action
    at: str | None = None


def paper_record(model: BaseModel) -> Paper:
    """A validated wire model of paper.json as the plain record the rest of the server uses."""
    return cast(Paper, model.model_dump(exclude_none=True))
