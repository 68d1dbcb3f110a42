"""The saved library: list and search, unsave, BibTeX export and import."""

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import PlainTextResponse, Response

from paperlens.api.deps import CurrentUser, State
from paperlens.errors import BadMessage, UnknownPaper
from paperlens.library import apply_action, export_bibtex, import_library
from paperlens.wire.api_import_result import ApiImportResult
from paperlens.wire.api_library import ApiLibrary
from paperlens.wire.saved import Saved

router = APIRouter(tags=["library"])


@router.get("/api/library", response_model=ApiLibrary)
async def list_library(
    state: State,
    user: CurrentUser,
    q: Annotated[
        str | None, Query(max_length=200, description="Search title, authors, abstract")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0,
) -> dict[str, Any]:
    total, rows = await state.run(state.store.library, user, q, limit, offset)
    return {"total": total, "papers": [{"paper": p, "saved_at": at} for p, at in rows]}


@router.get(
    "/api/library/export.bib",
    # A bare Response class: a text one would label the JSON errors as text too.
    response_class=Response,
    responses={200: {"content": {"application/x-bibtex": {"schema": {"type": "string"}}}}},
)
async def export_library(state: State, user: CurrentUser) -> PlainTextResponse:
    text = await state.run(export_bibtex, state.store, user)
    return PlainTextResponse(text, media_type="application/x-bibtex; charset=utf-8")


@router.post("/api/library/import", response_model=ApiImportResult)
async def import_bibtex(state: State, user: CurrentUser, request: Request) -> dict[str, Any]:
    # Its size was checked before the route ran (paperlens.limits).
    raw = await request.body()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadMessage(f"expected UTF-8 BibTeX text, got undecodable bytes ({exc})") from None
    result = await import_library(state, user, text)
    return {
        "imported": len(result.paper_ids),
        "paper_ids": result.paper_ids,
        "skipped": [{"entry": s.entry, "reason": s.reason} for s in result.skipped],
    }


@router.delete("/api/library/{paper_id:path}", response_model=Saved)
async def unsave_paper(state: State, user: CurrentUser, paper_id: str) -> dict[str, Any]:
    if paper_id not in await state.run(state.store.saved_ids, user):
        raise UnknownPaper(f"expected the id of a paper in your library, got {paper_id!r}")
    await apply_action(state, user, paper_id, "unsave")
    return {"type": "saved", "saved_ids": await state.run(state.store.saved_ids, user)}
