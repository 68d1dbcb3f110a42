"""The corpus: PUT /api/papers (upsert), GET /api/papers/{id}."""

from typing import Any

from fastapi import APIRouter

from paperlens.api.deps import CurrentUser, State
from paperlens.errors import UnknownPaper
from paperlens.records import Paper, paper_record
from paperlens.wire.api_papers import ApiPapers
from paperlens.wire.api_upsert_result import ApiUpsertResult
from paperlens.wire.paper import Paper as PaperModel

router = APIRouter(tags=["papers"])


@router.put("/api/papers", response_model=ApiUpsertResult)
async def upsert_papers(state: State, user: CurrentUser, body: ApiPapers) -> dict[str, Any]:
    papers = [paper_record(p) for p in body.papers]
    await state.run(state.store.upsert_papers, papers)
    return {"upserted": len(papers)}


@router.get("/api/papers/{paper_id:path}", response_model=PaperModel)
async def get_paper(state: State, user: CurrentUser, paper_id: str) -> Paper:
    found = await state.run(lambda: list(state.store.papers([paper_id])))
    if not found:
        raise UnknownPaper(f"expected the id of a paper the server knows, got {paper_id!r}")
    return found[0]
