"""Turns the papers of a page into a `scores` message for one user, and the corpus into
`recommendations`.

Owns the per-user fitted tastes (fitted on first use, refitted after each feedback event), the
corpus statistics they share (IDF of the features, the popularity prior) and the prior-only
ranking used until a user has saved something or set keyword seeds.
"""

import dataclasses
import zlib
from typing import Any

import numpy as np

from paperlens import prior
from paperlens.errors import UnknownPaper
from paperlens.features import FeatureCache
from paperlens.records import Paper, User
from paperlens.storage import Store
from paperlens.taste import PageScores, Taste, fit_taste, labels_from_events

# The corpus statistics are refitted when the corpus has grown by this share since the last fit:
# refitting on every new paper would cost a page of new papers ~20 ms (budget: 15 ms).
CORPUS_GROWTH_REFIT = 0.1


class Scorer:
    def __init__(self, store: Store) -> None:
        self._store = store
        self._tastes: dict[int, Taste] = {}
        # What each taste was fitted from: (feedback events, keyword revision).
        self._stamps: dict[int, tuple[int, int]] = {}
        self._features = FeatureCache()
        self._prior = prior.PopularityPrior().fit([], [])
        self._corpus_size = -1
        self._corpus: dict[str, Paper] = {}
        self._corpus_ids: list[str] = []

    def warm(self) -> None:
        """Vectorise the corpus and fit its statistics now rather than on the first page."""
        self._refresh_corpus()

    def taste(self, user: User) -> Taste:
        """The user's fitted taste, refitted first if their feedback or keywords changed since
        (also when another process, such as the CLI, wrote them)."""
        self._refresh_corpus()
        taste = self._tastes.get(user.id)
        if taste is None or self._stamps.get(user.id) != self._store.learning_stamp(user):
            taste = self.refit(user)
        return taste

    def refit(self, user: User) -> Taste:
        self._refresh_corpus()
        self._stamps[user.id] = self._store.learning_stamp(user)
        labels = labels_from_events(self._store.feedback_events(user))
        keywords, revision = self._store.keywords(user)
        labels = dataclasses.replace(labels, keywords=keywords, version=labels.version + revision)
        shown = self._store.impression_ids(user)
        needed = set(labels.saved) | set(labels.dismissed) | set(shown)
        # Not `needed - self._corpus.keys()`: that builds a set of the whole corpus (measured:
        # a fifth of a refit at 200,000 papers).
        missing = {pid for pid in needed if pid not in self._corpus}
        if missing:
            self._corpus.update((p["id"], p) for p in self._store.papers(missing))
        papers_by_id = self._corpus
        corpus_ids = self._corpus_ids
        # A fixed seed per user: the same events always give the same model and scores.
        taste = fit_taste(
            labels,
            papers_by_id,
            shown,
            corpus_ids,
            seed=zlib.crc32(user.name.encode()),
            features=self._features,
            prior=self._prior.standardized,
        )
        self._tastes[user.id] = taste
        return taste

    def _refresh_corpus(self) -> None:
        size = self._store.paper_count()
        if self._corpus_size >= 0 and size < self._corpus_size * (1 + CORPUS_GROWTH_REFIT):
            return
        corpus = list(self._store.papers())
        # Papers by id (those labelled since are added on a refit) and the sorted ids to sample
        # background negatives from: reading 12,000 papers from SQLite takes ~0.5 s.
        self._corpus = {p["id"]: p for p in corpus}
        self._corpus_ids = sorted(self._corpus)
        self._features.fit_idf(corpus)
        self._prior = prior.PopularityPrior().fit(
            [p.get("upvotes") for p in corpus], [p.get("published") for p in corpus]
        )
        self._corpus_size = size
        # Fitted tastes weigh features with the old IDF: refit each on its next use.
        self._tastes.clear()

    def _known_papers(self) -> list[Paper]:
        """Every paper of the store, from memory where loaded (reading them all from SQLite
        took 0.5 s of a 1 s recommendation)."""
        ids = self._store.paper_ids()
        missing = [pid for pid in ids if pid not in self._corpus]
        if missing:
            self._corpus.update((p["id"], p) for p in self._store.papers(missing))
        return [self._corpus[pid] for pid in ids]

    def _rank(self, taste: Taste, papers: list[Paper], with_reasons: bool = False) -> PageScores:
        """Ranking value, badge score (and reasons) per paper, personal or from the prior."""
        page = taste.score(papers, with_reasons)
        if page.personal:
            return page
        popular = self._prior.percentile(papers)
        reasons = [prior.reason(p.get("upvotes")) for p in papers] if with_reasons else []
        return PageScores(popular, popular, reasons, personal=False)

    def _reasons(self, taste: Taste, papers: list[Paper]) -> list[str]:
        if taste.personal:
            return taste.reasons(papers)
        return [prior.reason(p.get("upvotes")) for p in papers]

    def scores_message(self, user: User, page_id: str, paper_ids: list[str]) -> dict[str, Any]:
        known = {p["id"]: p for p in self._store.papers(paper_ids)}
        papers: list[Paper] = [known[pid] for pid in paper_ids if pid in known]
        taste = self.taste(user)
        page = self._rank(taste, papers, with_reasons=True)
        relevance, scores, reasons = page.relevance, page.scores, page.reasons
        label = "personal" if taste.personal else "popular"
        saved = set(self._store.saved_ids(user))
        dismissed = set(self._store.dismissed_ids(user))
        # Stable: equal scores keep the page's own order.
        order = np.argsort(-relevance, kind="stable")
        ranks = np.empty(len(papers), dtype=int)
        ranks[order] = np.arange(1, len(papers) + 1)
        return {
            "type": "scores",
            "page_id": page_id,
            "model_version": taste.version,
            "personal": taste.personal,
            "papers": [
                {
                    "id": paper["id"],
                    "score": round(float(scores[i]), 4),
                    "rank": int(ranks[i]),
                    "label": label,
                    "reason": reasons[i],
                    "saved": paper["id"] in saved,
                    "dismissed": paper["id"] in dismissed,
                }
                for i, paper in enumerate(papers)
            ],
        }

    def recommendations_message(
        self,
        user: User,
        request_id: str,
        exclude: set[str],
        limit: int,
        like: str | None = None,
    ) -> dict[str, Any]:
        """Top papers of the corpus for this user (or like one paper), leaving out `exclude`
        and everything saved or dismissed."""
        taste = self.taste(user)
        skip = exclude | set(self._store.saved_ids(user)) | set(self._store.dismissed_ids(user))
        candidates = [p for p in self._known_papers() if p["id"] not in skip]
        if like is not None:
            anchor = list(self._store.papers([like]))
            if not anchor:
                raise UnknownPaper(f"expected the id of a paper the server knows, got {like!r}")
            candidates = [p for p in candidates if p["id"] != like]
            scores = self._features.similarity(anchor[0], candidates)
            relevance = scores
            label, personal = "similar", taste.personal
        else:
            page = self._rank(taste, candidates)
            relevance, scores = page.relevance, page.scores
            label = "personal" if taste.personal else "popular"
            personal = taste.personal
        top = [int(i) for i in np.argsort(-relevance, kind="stable")[:limit]]
        chosen = [candidates[i] for i in top]
        if like is not None:
            reasons = [f"Like “{anchor[0]['title']}”."] * len(chosen)
        else:
            reasons = self._reasons(taste, chosen)
        return {
            "type": "recommendations",
            "request_id": request_id,
            "model_version": taste.version,
            "personal": personal,
            "papers": [
                {
                    "paper": paper,
                    "score": round(float(np.clip(scores[i], 0.0, 1.0)), 4),
                    "reason": reason,
                    "label": label,
                }
                for i, paper, reason in zip(top, chosen, reasons, strict=True)
            ],
        }
