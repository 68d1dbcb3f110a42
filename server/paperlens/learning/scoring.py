"""Ranking for one user: the papers of their pages (score, rank, reason, saved or dismissed) and
the corpus's top papers ("for you", or "more like this" paper). Personal once the user has saved
something or set keyword seeds, by the popularity prior until then.

The results are records; the transport makes frames of them (paperlens.frames).
"""

from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from paperlens.errors import UnknownPaper
from paperlens.learning import prior
from paperlens.learning.corpus import Corpus
from paperlens.learning.taste import PageScores, Taste
from paperlens.learning.tastes import Tastes
from paperlens.records import Paper, User
from paperlens.storage import Store


class PaperScore(NamedTuple):
    id: str
    score: float  # the badge, in [0, 1]
    rank: int  # on its page, from 1
    reason: str
    saved: bool
    dismissed: bool


@dataclass(frozen=True)
class RankedPage:
    page_id: str
    model_version: int
    personal: bool
    papers: list[PaperScore]


@dataclass(frozen=True)
class Picks:
    """The top papers of the corpus for a user, with a score in [0, 1] and a reason each."""

    model_version: int
    personal: bool
    label: str  # "personal", "popular", or "similar" (more like one paper)
    papers: list[Paper]
    scores: list[float]
    reasons: list[str]


class Scorer:
    def __init__(self, store: Store, corpus: Corpus, tastes: Tastes) -> None:
        self._store = store
        self._corpus = corpus
        self._tastes = tastes

    def _rank(self, taste: Taste, papers: list[Paper], rows: np.ndarray[Any, Any]) -> PageScores:
        """Ranking value, badge score and reason of each paper (at `rows` of the FeatureCache),
        personal or from the prior."""
        page = taste.score(papers, with_reasons=True, rows=rows)
        if page.personal:
            return page
        popular = self._corpus.prior.percentile(papers)
        reasons = [prior.reason(p.get("upvotes")) for p in papers]
        return PageScores(popular, popular, reasons, personal=False)

    def rank_page(
        self,
        user: User,
        page_id: str,
        paper_ids: list[str],
        sent: list[Paper] | None = None,
        stale_ok: bool = False,
    ) -> RankedPage:
        """The stored papers `paper_ids` ranked; `sent`, the page's papers as the extension sent
        them (just stored), saves reading back those whose text the FeatureCache holds;
        `stale_ok`: a refit of the user's taste is on its way, which the page need not wait
        for (see Tastes.taste)."""
        return self.rank_pages(user, [(page_id, paper_ids)], sent, stale_ok)[0]

    def rank_pages(
        self,
        user: User,
        pages: list[tuple[str, list[str]]],
        sent: list[Paper] | None = None,
        stale_ok: bool = False,
    ) -> list[RankedPage]:
        """Each page (page id, stored paper ids) of one user ranked, their papers read and
        scored together (a push to three tabs took 11 ms page by page); `sent` and `stale_ok`
        as in `rank_page`."""
        features = self._corpus.features
        wanted = list(dict.fromkeys(pid for _, ids in pages for pid in ids))
        given = {p["id"]: p for p in sent or [] if features.holds(p)}
        # The stored versions of the others: a card without an abstract is stored with the
        # abstract known before.
        stored = {p["id"]: p for p in self._store.papers(set(wanted) - given.keys())}
        known = given | stored
        papers: list[Paper] = [known[pid] for pid in wanted if pid in known]
        rows = self._corpus.add(papers)
        taste = self._tastes.taste(user, stale_ok)
        scored = self._rank(taste, papers, rows)
        at = {paper["id"]: i for i, paper in enumerate(papers)}
        saved = set(self._store.saved_ids(user))
        dismissed = set(self._store.dismissed_ids(user))
        ranked = []
        for page_id, ids in pages:
            shown = [at[pid] for pid in ids if pid in at]
            # Stable: equal scores keep the page's own order.
            order = np.argsort(-scored.relevance[shown], kind="stable")
            ranks = np.empty(len(shown), dtype=int)
            ranks[order] = np.arange(1, len(shown) + 1)
            ranked.append(
                RankedPage(
                    page_id,
                    taste.version_,
                    taste.personal,
                    [
                        PaperScore(
                            papers[i]["id"],
                            float(scored.scores[i]),
                            int(rank),
                            scored.reasons[i],
                            papers[i]["id"] in saved,
                            papers[i]["id"] in dismissed,
                        )
                        for i, rank in zip(shown, ranks, strict=True)
                    ],
                )
            )
        return ranked

    def recommend(
        self, user: User, exclude: set[str], limit: int, like: str | None = None
    ) -> Picks:
        """Top papers of the corpus for this user (or like one paper), leaving out `exclude`
        and everything saved or dismissed."""
        features = self._corpus.features
        taste = self._tastes.taste(user)
        skip = exclude | set(self._store.saved_ids(user)) | set(self._store.dismissed_ids(user))
        candidates = features.live()
        candidates[features.rows([pid for pid in skip if pid in features])] = False
        anchor: Paper | None = None
        if like is not None:
            anchor = next(iter(self._store.papers([like])), None)
            if anchor is None:
                raise UnknownPaper(f"expected the id of a paper the server knows, got {like!r}")
            anchor_rows = self._corpus.add([anchor])
            candidates[anchor_rows] = False
            direction = features.matrix_rows(anchor_rows).toarray().ravel()
            relevance = features.relevance_of_all(direction)
            label = "similar"
        elif taste.personal:
            relevance = taste.relevance_of_all()
            label = "personal"
        else:
            relevance = self._corpus.popularity
            label = "popular"
        top = _top(relevance, candidates, limit)
        stored = {p["id"]: p for p in self._store.papers(features.ids(top))}
        chosen = [stored[pid] for pid in features.ids(top)]
        if anchor is not None:
            scores = relevance[top]
            reasons = [f"Like “{anchor['title']}”."] * len(chosen)
        elif taste.personal:
            scores = taste.badge(relevance[top])
            reasons = taste.reasons(chosen)
        else:
            scores = self._corpus.prior.percentile_of(relevance[top])
            reasons = [prior.reason(p.get("upvotes")) for p in chosen]
        return Picks(
            taste.version_,
            taste.personal,
            label,
            chosen,
            [float(s) for s in np.clip(scores, 0.0, 1.0)],
            reasons,
        )


def _top(
    relevance: np.ndarray[Any, Any], candidates: np.ndarray[Any, Any], limit: int
) -> np.ndarray[Any, Any]:
    """Rows of the `limit` highest relevance among the candidate rows, highest first (ties: the
    earlier row first). Partitioned, not sorted: a full sort of 200,000 values costs ~15 ms."""
    rows = np.flatnonzero(candidates)
    if rows.size > limit:
        rows = rows[np.argpartition(-relevance[rows], limit - 1)[:limit]]
    return rows[np.lexsort((rows, -relevance[rows]))]
