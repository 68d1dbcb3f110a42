"""Turns the papers of a page into a `scores` message for one user.

Owns the per-user fitted tastes (fitted on first use, refitted after each feedback event) and
the popularity prior used until a user has saved something.
"""

import zlib
from typing import Any

import numpy as np

from paperlens import prior
from paperlens.errors import UnknownPaper
from paperlens.features import FeatureCache
from paperlens.records import Paper, User
from paperlens.storage import Store
from paperlens.taste import Taste, fit_taste, labels_from_events


class Scorer:
    def __init__(self, store: Store) -> None:
        self._store = store
        self._tastes: dict[int, Taste] = {}
        self._features = FeatureCache()
        self._prior = prior.PopularityPrior().fit([])
        self._prior_size = -1

    def taste(self, user: User) -> Taste:
        taste = self._tastes.get(user.id)
        if taste is None:
            taste = self.refit(user)
        return taste

    def refit(self, user: User) -> Taste:
        labels = labels_from_events(self._store.feedback_events(user))
        shown = self._store.impression_ids(user)
        corpus_ids = [row[0] for row in self._store.db.execute("SELECT id FROM papers")]
        needed = set(labels.saved) | set(labels.dismissed) | set(shown) | set(corpus_ids)
        papers_by_id = {p["id"]: p for p in self._store.papers(needed)}
        # A fixed seed per user: the same events always give the same model and scores.
        taste = fit_taste(
            labels,
            papers_by_id,
            shown,
            corpus_ids,
            seed=zlib.crc32(user.name.encode()),
            features=self._features,
        )
        self._tastes[user.id] = taste
        return taste

    def _refresh_prior(self) -> None:
        size = self._store.paper_count()
        if size != self._prior_size:
            votes = [row[0] for row in self._store.db.execute("SELECT upvotes FROM papers")]
            self._prior = prior.PopularityPrior().fit(votes)
            self._prior_size = size

    def scores_message(self, user: User, page_id: str, paper_ids: list[str]) -> dict[str, Any]:
        known = {p["id"]: p for p in self._store.papers(paper_ids)}
        papers: list[Paper] = [known[pid] for pid in paper_ids if pid in known]
        taste = self.taste(user)
        page = taste.score(papers)
        if page.personal:
            scores, reasons, label = page.scores, page.reasons, "personal"
        else:
            self._refresh_prior()
            upvotes = [p.get("upvotes") for p in papers]
            scores = self._prior.score(upvotes)
            reasons = [prior.reason(v) for v in upvotes]
            label = "popular"
        saved = set(self._store.saved_ids(user))
        dismissed = set(self._store.dismissed_ids(user))
        # Stable: equal scores keep the page's own order.
        order = np.argsort(-scores, kind="stable")
        ranks = np.empty(len(papers), dtype=int)
        ranks[order] = np.arange(1, len(papers) + 1)
        return {
            "type": "scores",
            "page_id": page_id,
            "model_version": taste.version,
            "personal": page.personal,
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
        candidates = [p for p in self._store.papers() if p["id"] not in skip]
        if like is not None:
            anchor = list(self._store.papers([like]))
            if not anchor:
                raise UnknownPaper(f"expected the id of a paper the server knows, got {like!r}")
            candidates = [p for p in candidates if p["id"] != like]
            scores = self._features.similarity(anchor[0], candidates)
            reasons = [f"Like “{anchor[0]['title']}”."] * len(candidates)
            label, personal = "similar", taste.personal
        elif taste.personal:
            page = taste.score(candidates)
            scores, reasons, label, personal = page.scores, page.reasons, "personal", True
        else:
            self._refresh_prior()
            upvotes = [p.get("upvotes") for p in candidates]
            scores = self._prior.score(upvotes)
            reasons = [prior.reason(v) for v in upvotes]
            label, personal = "popular", False
        top = np.argsort(-np.asarray(scores), kind="stable")[:limit]
        return {
            "type": "recommendations",
            "request_id": request_id,
            "model_version": taste.version,
            "personal": personal,
            "papers": [
                {
                    "paper": candidates[i],
                    "score": round(float(scores[i]), 4),
                    "reason": reasons[i],
                    "label": label,
                }
                for i in top
            ],
        }
