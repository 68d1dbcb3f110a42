"""PaperLens's own learner as an evaluation row: the saves (and the papers shown and skipped, in
the browsing simulation) become feedback and go through the same functions the server's learner
calls (labels_from_events, taste_problem, Taste.score), with the same popularity prior computed from
the other users' libraries in place of site upvotes and the neighbourhood of the recent papers
built as the server's corpus builds it (citeulike-a has no dates: its papers are in file order)."""

import zlib
from typing import Any

import numpy as np

from paperlens.evaluation.data import Dataset, Split
from paperlens.learning.features import FeatureCache
from paperlens.learning.labels import DEFAULT_WEIGHTS, LabelWeights, labels_from_events
from paperlens.learning.neighbourhood import Neighbourhood
from paperlens.learning.prior import PopularityPrior, popularity
from paperlens.learning.taste import PriorFn, taste_problem
from paperlens.records import FeedbackEvent


class PaperLensRanker:
    name = "paperlens"

    def __init__(self, data: Dataset, seed: int, weights: LabelWeights = DEFAULT_WEIGHTS) -> None:
        self.data = data
        self.seed = seed
        self.weights = weights
        self.ids = [p["id"] for p in data.papers]
        self.by_id = {p["id"]: p for p in data.papers}
        # As a server with this corpus loaded: every paper vectorised once, IDF from all of them.
        self.features = FeatureCache()
        self.features.fit_idf(data.papers)
        # The FeatureCache's rows are then the data set's own order, as the prior below assumes.
        assert self.features.rows(self.ids).tolist() == list(range(len(self.ids)))
        # As the server builds it after fitting the IDF.
        self.neighbourhood = Neighbourhood.of_recent(self.features)

    def prior(self, upvotes: np.ndarray[Any, Any]) -> PriorFn:
        # The users' saves stand in for site upvotes; the data set has no dates.
        no_dates = [None] * len(upvotes)
        prior = PopularityPrior().fit(upvotes.tolist(), no_dates)
        standardized = prior.standardize(popularity(upvotes.tolist(), no_dates, prior.newest_))

        def prior_of(rows: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
            result: np.ndarray[Any, Any] = standardized[rows]
            return result

        return prior_of

    def rank(
        self,
        split: Split,
        upvotes: np.ndarray[Any, Any],
        shown: np.ndarray[Any, Any] | None = None,
    ) -> np.ndarray[Any, Any]:
        events = [
            FeedbackEvent(f"e-{i:08d}", self.ids[row], "save") for i, row in enumerate(split.saved)
        ]
        taste = taste_problem(
            labels_from_events(events),
            self.by_id,
            [self.ids[row] for row in shown] if shown is not None else [],
            seed=zlib.crc32(split.user.encode()),
            features=self.features,
            prior=self.prior(upvotes),
            weights=self.weights,
            neighbourhood=self.neighbourhood,
        ).fit()
        return taste.score([self.data.papers[row] for row in split.candidates]).relevance
