"""The learner as a server holds it (corpus, tastes, scorer) over a store, for the tests, with
the frames its answers make; and plain TF rows to compare the FeatureCache's with."""

from dataclasses import dataclass
from typing import Any

import scipy.sparse as sp
from sklearn.preprocessing import normalize

from paperlens import frames
from paperlens.learning import snapshot
from paperlens.learning.corpus import Corpus
from paperlens.learning.features import term_frequencies
from paperlens.learning.scoring import Scorer
from paperlens.learning.tastes import Tastes
from paperlens.records import Paper, User
from paperlens.storage import SqliteStore


@dataclass
class Learner:
    corpus: Corpus
    tastes: Tastes
    scorer: Scorer

    def scores(
        self, user: User, page_id: str, paper_ids: list[str], sent: list[Paper] | None = None
    ) -> dict[str, Any]:
        """The `scores` frame of one page."""
        return frames.scores(self.scorer.rank_page(user, page_id, paper_ids, sent))

    def recommendations(self, user: User, limit: int) -> dict[str, Any]:
        """The `recommendations` frame of "for you"."""
        return frames.recommendations("r", self.scorer.recommend(user, set(), limit))


def learner(store: SqliteStore, with_snapshot: bool = False) -> Learner:
    """A learner over `store`, keeping its corpus snapshot beside it when `with_snapshot`."""
    corpus = Corpus(store, snapshot.path_for(store.path) if with_snapshot else None)
    tastes = Tastes(store, corpus)
    return Learner(corpus, tastes, Scorer(store, corpus, tastes))


def vectorize(papers: list[Paper]) -> sp.csr_matrix:
    """Sublinear TF rows, L2-normalised, without any IDF (what a fresh FeatureCache gives)."""
    result: sp.csr_matrix = normalize(term_frequencies(papers), norm="l2", copy=False)
    return result
