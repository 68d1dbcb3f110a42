"""One user's taste: the training set built from their labels (labels.py), the fitted
classifier, and the scores and reasons it gives a list of papers.

The ranking blends the classifier's margin with the popularity prior, whose weight shrinks as
saves accumulate and is gated by the margin (popularity ranks the papers on the user's topics,
not the others). The margin of a recent paper is first smoothed with its neighbours' (see
neighbourhood.py).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Self

import numpy as np
import scipy.sparse as sp
from scipy.special import expit

from paperlens.learning.classifier import RelevanceClassifier
from paperlens.learning.features import FeatureCache
from paperlens.learning.interest_terms import InterestTerms
from paperlens.learning.labels import (
    DEFAULT_WEIGHTS,
    KEYWORDS_ID,
    Labels,
    LabelWeights,
    keywords_paper,
)
from paperlens.learning.neighbourhood import Neighbourhood, positions, smoothed
from paperlens.learning.prior import standard_scale
from paperlens.learning.similarity import SimilarityIndex
from paperlens.records import Paper

# The standardized prior (prior.PopularityPrior.standardize) of the papers at these rows of the
# FeatureCache; shape (n,).
PriorFn = Callable[[np.ndarray[Any, Any]], np.ndarray[Any, Any]]

# Below this cosine similarity the nearest saved paper is not a meaningful reason.
REASON_MIN_SIMILARITY = 0.15
# The prior lifts papers on the user's topics, not popular ones off them: its weight is scaled by
# 2 * sigmoid(PRIOR_GATE_SLOPE * (standardized margin - PRIOR_GATE_CENTER)), 1 at that centre,
# towards 2 above it and 0 below. `paperlens eval` (citeulike-a, 200 users, paired with the same
# prior ungated): nDCG@10 with title + abstract +0.010 ± 0.008 at 5 saves (+5%), +0.003 ± 0.008
# at 1, -0.005 ± 0.013 at 20 (56 users); titles only +0.006 ± 0.010 at 5. The browsing
# simulation moved within its noise (-0.003 to -0.011 on 56 users). Slopes 1 to 4 with centres
# 0 to 0.5 were within 2% of each other at 5 saves; a centre of -0.5 gained nothing, and a larger
# or smaller prior weight with the gate was worse.
PRIOR_GATE_SLOPE = 2.0
PRIOR_GATE_CENTER = 0.5


@dataclass
class PageScores:
    relevance: np.ndarray[Any, Any]  # the ranking value, unbounded; shape (n,)
    scores: np.ndarray[Any, Any]  # the badge: share of background papers ranked lower, in [0, 1]
    reasons: list[str]  # empty unless asked for
    personal: bool


def _zero_prior(rows: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    return np.zeros(len(rows))


@dataclass(frozen=True)
class TrainingSet:
    """The classifier's training set: only arrays, so that it can be fitted in another process
    (paperlens.learning.fitting)."""

    X: sp.csr_matrix
    y: np.ndarray[Any, Any]
    sample_weight: np.ndarray[Any, Any]
    max_weights: int | None

    def fit(self) -> RelevanceClassifier:
        """The classifier, fitted here."""
        return RelevanceClassifier(max_weights=self.max_weights).fit(
            self.X, self.y, sample_weight=self.sample_weight
        )


@dataclass(frozen=True)
class TasteProblem:
    """What a Taste is fitted from (see `taste_problem`). `saved`: the saved papers, the
    keywords pseudo-paper last when there is one; `positives`: their TF-IDF rows (None when
    there are none: the taste is then not personal); `reference`: the rows of the background
    sample and their TF-IDF matrix (the badge's reference), None when there is none;
    `neighbourhood`: the recent papers whose margins are smoothed; `training`: the classifier's
    training set, None when there is nothing to fit (nothing saved, or no negatives: the taste
    then ranks by similarity to the saved papers)."""

    version: int
    features: FeatureCache
    prior: PriorFn
    prior_weight: float
    saved: list[Paper]
    positives: sp.csr_matrix | None
    reference: tuple[np.ndarray[Any, Any], sp.csr_matrix] | None
    neighbourhood: Neighbourhood | None
    training: TrainingSet | None

    def taste(self, classifier: RelevanceClassifier | None) -> "Taste":
        """The Taste, given its training set's classifier (fitted anywhere; None if none)."""
        return Taste(self.features, self.prior).fit(self, classifier)

    def fit(self) -> "Taste":
        """The Taste, its classifier (when it needs one) fitted here."""
        return self.taste(None if self.training is None else self.training.fit())


class Taste:
    """One user's taste, fitted (`fit`) from a TasteProblem; `personal` is False while there is
    nothing saved (nor seeded) to learn from. Papers are scored through the FeatureCache's rows,
    so every paper scored must be one it holds (or can add)."""

    def __init__(self, features: FeatureCache, prior: PriorFn = _zero_prior) -> None:
        """`features`: the corpus's FeatureCache; `prior`: the standardized prior of its rows."""
        self.features = features
        self.prior = prior

    def fit(self, problem: TasteProblem, classifier: RelevanceClassifier | None) -> Self:
        """Learn from `problem`, with its training set's `classifier` (None when it has none)."""
        # The keywords pseudo-paper, when there is one, comes last in `saved`.
        real = [p for p in problem.saved if p["id"] != KEYWORDS_ID]
        self.version_ = problem.version
        self.saved_ids_ = {p["id"] for p in real}
        self.saved_titles_ = [p["title"] for p in real]
        self.positive_titles_ = [p["title"] for p in problem.saved]
        self.positives_ = problem.positives
        self.classifier_ = classifier
        self.prior_weight_ = problem.prior_weight
        positives = problem.positives
        self.saved_index_ = (
            SimilarityIndex.of(positives[: len(real)]) if real and positives is not None else None
        )
        self.center_, self.spread_ = 0.0, 1.0
        # Sorted relevance of the background papers: a badge is the share of them below.
        self.reference_ = np.empty(0)
        background_margin = None
        reference = problem.reference
        if reference is not None and reference[0].size and positives is not None:
            background_margin = self._margin(reference[1])
            # Standardized as the prior is, so that the two terms of the blend share a scale.
            self.center_, self.spread_ = standard_scale(np.sort(background_margin))
        # The rows of the papers whose margins are smoothed, and the neighbours' share of each
        # one's smoothed margin. Not the Neighbourhood itself: a taste fitted before it was
        # rebuilt would keep an old one's matrix alive.
        self.smoothed_rows_: np.ndarray[Any, Any] | None = None
        self.neighbour_term_ = np.empty(0, dtype=np.float16)
        neighbourhood = problem.neighbourhood
        if neighbourhood is not None and len(neighbourhood) and positives is not None:
            own = self._standardize(self._margin(neighbourhood.matrix))
            self.smoothed_rows_ = neighbourhood.rows
            self.neighbour_term_ = neighbourhood.neighbour_term(own)
        if reference is not None and background_margin is not None:
            self.reference_ = np.sort(self._blend(background_margin, reference[0]))
        return self

    @cached_property
    def _interest(self) -> InterestTerms | None:
        # Made when a reason first asks for it: a refit and the evaluation need none (~2 ms for
        # 150 saved titles).
        if self.classifier_ is None:
            return None
        return InterestTerms.of(self.positive_titles_, self.classifier_)

    @property
    def personal(self) -> bool:
        return self.positives_ is not None

    def _margin(self, X: Any) -> np.ndarray[Any, Any]:
        if self.classifier_ is not None:
            return self.classifier_.decision_function(X)
        # No negatives to learn from: the cosine similarity to the nearest positive.
        assert self.positives_ is not None
        result: np.ndarray[Any, Any] = (X @ self.positives_.T).toarray().max(axis=1)
        return result

    def _standardize(self, margin: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        result: np.ndarray[Any, Any] = (margin - self.center_) / self.spread_
        return result

    def _blend(
        self, margin: np.ndarray[Any, Any], rows: np.ndarray[Any, Any], all_rows: bool = False
    ) -> np.ndarray[Any, Any]:
        """The ranking value of papers at `rows` (`all_rows`: every row of the FeatureCache, in
        order) from their margins."""
        standardized = self._standardize(margin)
        if self.smoothed_rows_ is not None:
            if all_rows:
                inside, at = self.smoothed_rows_, np.arange(self.smoothed_rows_.size)
            else:
                found = positions(self.smoothed_rows_, rows)
                inside = np.flatnonzero(found >= 0)
                at = found[inside]
            standardized[inside] = smoothed(standardized[inside], self.neighbour_term_[at])
        gate = 2.0 * expit(PRIOR_GATE_SLOPE * (standardized - PRIOR_GATE_CENTER))
        result: np.ndarray[Any, Any] = standardized + self.prior_weight_ * gate * self.prior(rows)
        return result

    def badge(self, relevance: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        """The badge score of each relevance: the share of background papers below; in [0, 1]."""
        if self.reference_.size:
            scores = np.searchsorted(self.reference_, relevance, side="left") / self.reference_.size
        else:
            scores = relevance
        result: np.ndarray[Any, Any] = np.clip(scores, 0.0, 1.0)
        return result

    def score(
        self,
        papers: list[Paper],
        with_reasons: bool = False,
        rows: np.ndarray[Any, Any] | None = None,
    ) -> PageScores:
        """Scores of `papers` (at `rows` of the FeatureCache when the caller has them), and their
        reasons when asked (only for the papers shown: a reason costs more than a score)."""
        if self.positives_ is None or not papers:
            zeros = np.zeros(len(papers))
            return PageScores(zeros, zeros, [""] * len(papers) if with_reasons else [], False)
        if rows is None:
            rows = self.features.add(papers)
        X = self.features.matrix_rows(rows)
        relevance = self._blend(self._margin(X), rows)
        reasons = self._reasons(papers, X) if with_reasons else []
        return PageScores(relevance, self.badge(relevance), reasons, personal=True)

    def relevance_of_all(self) -> np.ndarray[Any, Any]:
        """The ranking value of every row of the FeatureCache (superseded rows included: the
        caller masks them); shape (n_rows,)."""
        rows = np.arange(self.features.n_rows)
        if self.classifier_ is None:
            return self._blend(self._margin(self.features.matrix_rows(rows)), rows, True)
        margin = self.features.relevance_of_all(self.classifier_.dense_coef())
        return self._blend(margin + self.classifier_.intercept_, rows, True)

    def reasons(self, papers: list[Paper]) -> list[str]:
        """One short reason per paper: the saved paper it is most like, or the terms of the saved
        papers' titles (and keyword seeds) it holds that drove its score."""
        if self.positives_ is None:
            return [""] * len(papers)
        return self._reasons(papers, self.features.matrix(papers))

    def _reasons(self, papers: list[Paper], X: Any) -> list[str]:
        if self.saved_index_ is not None and papers:
            similarity = self.saved_index_.similarity(X)
            nearest, best = similarity.argmax(axis=1), similarity.max(axis=1)
        else:
            nearest, best = np.zeros(len(papers), dtype=int), np.zeros(len(papers))
        terms = self._interest.driving(X) if self._interest is not None else [[]] * len(papers)
        reasons = []
        for i, paper in enumerate(papers):
            if paper["id"] in self.saved_ids_:
                reasons.append("In your library.")
            elif best[i] >= REASON_MIN_SIMILARITY:
                reasons.append(f"Like your saved paper “{self.saved_titles_[nearest[i]]}”.")
            elif terms[i]:
                reasons.append(
                    "Matches your interest in " + ", ".join(f"“{t}”" for t in terms[i]) + "."
                )
            else:
                reasons.append("Little in common with the papers you saved.")
        return reasons


def _sample(
    rows: np.ndarray[Any, Any], size: int, rng: np.random.Generator
) -> np.ndarray[Any, Any]:
    """`size` of `rows` at random, in their order."""
    if rows.size <= size:
        return rows
    return rows[np.sort(rng.choice(rows.size, size, replace=False))]


def taste_problem(
    labels: Labels,
    papers_by_id: Mapping[str, Paper],
    shown_ids: list[str],
    seed: int,
    features: FeatureCache,
    prior: PriorFn = _zero_prior,
    weights: LabelWeights = DEFAULT_WEIGHTS,
    neighbourhood: Neighbourhood | None = None,
) -> TasteProblem:
    """What the taste for these labels is fitted from. `papers_by_id` must hold the saved
    papers; the dismissed and shown ones count where `features` holds them, and the background
    sample is drawn from the other papers `features` holds (by row, so the same corpus and seed
    give the same sample). `neighbourhood`: built from `features` under its current IDF."""
    saved = [papers_by_id[pid] for pid in labels.saved if pid in papers_by_id]
    if labels.keywords:
        saved.append(keywords_paper(labels.keywords))

    def problem(
        positives: sp.csr_matrix | None = None,
        prior_weight: float = 0.0,
        reference: tuple[np.ndarray[Any, Any], sp.csr_matrix] | None = None,
        training: TrainingSet | None = None,
    ) -> TasteProblem:
        return TasteProblem(
            labels.version,
            features,
            prior,
            prior_weight,
            saved,
            positives,
            reference,
            neighbourhood,
            training,
        )

    if not saved:
        return problem()
    papers = [p for p in saved if p["id"] != KEYWORDS_ID]
    saved_rows = features.add(papers)
    positives = features.matrix_rows(saved_rows)
    if labels.keywords:
        positives = sp.vstack([positives, features.transform([saved[-1]])], format="csr")
    dismissed = features.known_rows(labels.dismissed)
    # Sorted and unique; a year of pages is ~18,000 of them, hence arrays rather than sets.
    all_shown = np.setdiff1d(
        features.known_rows(shown_ids),
        np.concatenate([saved_rows, dismissed, features.known_rows(labels.saved)]),
    )
    others = features.live()
    others[np.concatenate([saved_rows, dismissed, all_shown])] = False
    rng = np.random.default_rng(seed)
    # A year of daily pages is ~18,000 impressions: a sample keeps a refit within its budget.
    shown = _sample(all_shown, weights.shown_sample, rng)
    background = _sample(np.flatnonzero(others), weights.background_sample, rng)
    title_only = sum(1 for p in papers if not p.get("abstract")) / max(1, len(papers))
    prior_weight = weights.prior_weight(len(saved), title_only)
    negative_rows = np.concatenate([dismissed, shown, background])
    if not negative_rows.size:
        return problem(positives, prior_weight)
    sample_weight = np.concatenate(
        [
            np.ones(len(saved)),
            np.full(dismissed.size, weights.dismissed),
            np.full(shown.size, weights.shown),
            np.full(background.size, weights.background),
        ]
    )
    negatives = features.matrix_rows(negative_rows)
    X = sp.vstack([positives, negatives], format="csr")
    y = np.array([1] * len(saved) + [0] * negative_rows.size)
    # The badge's reference: the background (the last rows of `negatives`); in a corpus so small
    # that the user was shown every paper, there is none, and the papers shown stand in for it.
    if background.size:
        reference = (background, negatives[negative_rows.size - background.size :])
    else:
        reference = (negative_rows, negatives)
    training = TrainingSet(X, y, sample_weight, weights.max_weights)
    return problem(positives, prior_weight, reference, training)
