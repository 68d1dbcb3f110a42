"""One user's taste: the training set built from their feedback (and keyword seeds), the fitted
classifier, and the scores and reasons it gives a list of papers.

Labels: a save is a positive; "not interested" a strong negative; a paper shown on a page and not
saved a weak negative; a random sample of the rest of the corpus a background negative; keyword
seeds one more positive (a pseudo-paper made of the keywords). The ranking blends the
classifier's margin with the popularity prior, whose weight shrinks as saves accumulate and is
gated by the margin (popularity ranks the papers on the user's topics, not the others). The
margin of a recent paper is first smoothed with its neighbours' (see neighbourhood.py).
The weights were measured with `paperlens eval` (citeulike-a): see LabelWeights.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy.special import expit

from paperlens import library_state
from paperlens.learning.classifier import RelevanceClassifier
from paperlens.learning.features import FeatureCache, Neighbours
from paperlens.learning.interest_terms import InterestTerms
from paperlens.learning.neighbourhood import Neighbourhood, positions, smoothed
from paperlens.learning.prior import spread
from paperlens.records import FeedbackEvent, Paper

# The standardized prior (prior.PopularityPrior.standardize) of the papers at these rows of the
# FeatureCache; shape (n,).
PriorFn = Callable[[np.ndarray[Any, Any]], np.ndarray[Any, Any]]

# Below this cosine similarity the nearest saved paper is not a meaningful reason.
REASON_MIN_SIMILARITY = 0.15
# The margin is standardized like the prior: 0 at the median background paper, 1 at the mean of
# the top TOP_SHARE of them, so the two terms of the blend share a scale.
TOP_SHARE = 0.05
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
KEYWORDS_ID = "keywords:"


@dataclass(frozen=True)
class LabelWeights:
    """Sample weights per kind of label, and the prior's weight in the blend.

    What `paperlens eval` showed on citeulike-a (150 sampled users, title + abstract):
    - prior / (1 + saves / prior_half_life) is the weight of the prior: about 1 was best with
      1 save, 0.6 to 1 with 5 (+14% nDCG@10 over none), 0.6 with 20. With titles only, twice
      that (title_only_boost 1): 1 save, +9% over the same weight as with abstracts.
    - background 0.03 to 0.3, and a sample of 1,000 or 5,000 papers: no difference beyond
      ±0.003 nDCG@10. 500 papers at 0.2 (the same total weight) against 1,000 at 0.1 (200
      users): -0.004 to +0.003 at k=1/5/20 in both regimes, and the fit of a user with 200
      events took 17.5 against 29.7 ms p50 (HF corpus); 300 lost 0.006 at k=20 with title +
      abstract.
    - shown (browsing simulation, 60 users): 0, 0.1, 0.3 and 1 within ±0.004 nDCG@10 of each
      other after 10 pages; 0.3 kept.
    - dismissed: not measurable there (the data set has no explicit negatives); an explicit
      "not interested" weighs as much as a save.
    - max_weights: keeping the 8,000 or 20,000 largest weights of ~87,000 changed nDCG@10 by
      less than ±0.003 (150 users, k=5 and 20); 5,000 against 10,000 by -0.0007 / -0.0005 /
      +0.0013 at k=1/5/20 with title + abstract and at most 0.0004 with titles (200 users). A
      model is then ~40 KB instead of ~700 KB (1,000 users' models were ~40 MB of the server's
      1,048 MB at 200,000 papers with 10,000).
    """

    dismissed: float = 1.0
    shown: float = 0.3
    background: float = 0.2
    background_sample: int = 500
    shown_sample: int = 1000
    prior: float = 1.2
    prior_half_life: float = 20.0
    title_only_boost: float = 1.0
    max_weights: int | None = 5_000

    def prior_weight(self, n_positive: int, title_only_share: float = 0.0) -> float:
        """The prior's weight after n_positive saves, of which title_only_share had no
        abstract (a title alone says less, so the crowd's opinion counts for more)."""
        boost = 1.0 + self.title_only_boost * title_only_share
        return self.prior * boost / (1.0 + n_positive / self.prior_half_life)


DEFAULT_WEIGHTS = LabelWeights()


@dataclass(frozen=True)
class Labels:
    saved: list[str]
    dismissed: list[str]
    version: int
    keywords: list[str] = field(default_factory=list)


def labels_from_events(events: Iterable[FeedbackEvent]) -> Labels:
    """Saved and dismissed papers after the events (paperlens.library_state), in the order the
    papers were first acted on; the version counts the events that act on a paper."""
    events = list(events)
    standings = library_state.standings(events)
    return Labels(
        saved=[pid for pid, standing in standings.items() if standing.saved],
        dismissed=[pid for pid, standing in standings.items() if standing.dismissed],
        version=sum(1 for event in events if event.action != "open"),
    )


def keywords_paper(keywords: Sequence[str]) -> Paper:
    """Keyword seeds as one pseudo-paper: each keyword once in the title."""
    return Paper(id=KEYWORDS_ID, title=" ; ".join(keywords))


@dataclass
class PageScores:
    relevance: np.ndarray[Any, Any]  # the ranking value, unbounded; shape (n,)
    scores: np.ndarray[Any, Any]  # the badge: share of background papers ranked lower, in [0, 1]
    reasons: list[str]  # empty unless asked for
    personal: bool


def _zero_prior(rows: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    return np.zeros(len(rows))


class Taste:
    """A fitted taste; `personal` is False while there is nothing saved (nor seeded) to learn
    from. Papers are scored through the FeatureCache's rows, so every paper scored must be one
    it holds (or can add)."""

    def __init__(
        self,
        version: int,
        saved: list[Paper],
        classifier: RelevanceClassifier | None,
        features: FeatureCache,
        prior: PriorFn = _zero_prior,
        prior_weight: float = 0.0,
        positive_matrix: Any = None,
        background: tuple[np.ndarray[Any, Any], Any] | None = None,
        neighbourhood: Neighbourhood | None = None,
    ) -> None:
        """`positive_matrix`: the TF-IDF rows of `saved`; `background`: the rows of the
        background sample and their TF-IDF matrix (the badge's reference); `neighbourhood`: the
        recent papers whose margins are smoothed."""
        self.version = version
        # The keywords pseudo-paper, when there is one, comes last in `saved`.
        real = [p for p in saved if p["id"] != KEYWORDS_ID]
        self.saved_ids = {p["id"] for p in real}
        self._saved_titles = [p["title"] for p in real]
        self._features = features
        self._positive_matrix = positive_matrix
        self._saved = Neighbours(positive_matrix[: len(real)]) if real else None
        self._classifier = classifier
        self._positive_titles = [p["title"] for p in saved]
        self._prior = prior
        self._prior_weight = prior_weight
        self._center, self._spread = 0.0, 1.0
        # Sorted relevance of the background papers: a badge is the share of them below.
        self._reference = np.empty(0)
        background_margin = None
        if background is not None and background[0].size and positive_matrix is not None:
            background_margin = self._margin(background[1])
            top = np.sort(background_margin)[-max(1, int(TOP_SHARE * background_margin.size)) :]
            self._center = float(np.median(background_margin))
            self._spread = spread(background_margin, float(top.mean()) - self._center)
        # The rows of the papers whose margins are smoothed, and the neighbours' share of each
        # one's smoothed margin. Not the Neighbourhood itself: a taste fitted before it was
        # rebuilt would keep an old one's matrix alive.
        self._smoothed_rows: np.ndarray[Any, Any] | None = None
        self._neighbour_term = np.empty(0, dtype=np.float16)
        if neighbourhood is not None and len(neighbourhood) and positive_matrix is not None:
            own = self._standardize(self._margin(neighbourhood.matrix))
            self._smoothed_rows = neighbourhood.rows
            self._neighbour_term = neighbourhood.neighbour_term(own)
        if background is not None and background_margin is not None:
            self._reference = np.sort(self._blend(background_margin, background[0]))

    @cached_property
    def _interest(self) -> InterestTerms | None:
        # Made when a reason first asks for it: a refit and the evaluation need none (~2 ms for
        # 150 saved titles).
        return InterestTerms(self._positive_titles, self._classifier) if self._classifier else None

    @property
    def personal(self) -> bool:
        return self._positive_matrix is not None

    def _margin(self, X: Any) -> np.ndarray[Any, Any]:
        if self._classifier is not None:
            return self._classifier.decision_function(X)
        # No negatives to learn from: the cosine similarity to the nearest positive.
        assert self._positive_matrix is not None
        result: np.ndarray[Any, Any] = (X @ self._positive_matrix.T).toarray().max(axis=1)
        return result

    def _standardize(self, margin: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        result: np.ndarray[Any, Any] = (margin - self._center) / self._spread
        return result

    def _blend(
        self, margin: np.ndarray[Any, Any], rows: np.ndarray[Any, Any], all_rows: bool = False
    ) -> np.ndarray[Any, Any]:
        """The ranking value of papers at `rows` (`all_rows`: every row of the FeatureCache, in
        order) from their margins."""
        standardized = self._standardize(margin)
        if self._smoothed_rows is not None:
            if all_rows:
                inside, at = self._smoothed_rows, np.arange(self._smoothed_rows.size)
            else:
                found = positions(self._smoothed_rows, rows)
                inside = np.flatnonzero(found >= 0)
                at = found[inside]
            standardized[inside] = smoothed(standardized[inside], self._neighbour_term[at])
        gate = 2.0 * expit(PRIOR_GATE_SLOPE * (standardized - PRIOR_GATE_CENTER))
        result: np.ndarray[Any, Any] = standardized + self._prior_weight * gate * self._prior(rows)
        return result

    def badge(self, relevance: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        """The badge score of each relevance: the share of background papers below; in [0, 1]."""
        if self._reference.size:
            scores = np.searchsorted(self._reference, relevance, side="left") / self._reference.size
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
        if self._positive_matrix is None or not papers:
            zeros = np.zeros(len(papers))
            return PageScores(zeros, zeros, [""] * len(papers) if with_reasons else [], False)
        if rows is None:
            rows = self._features.add(papers)
        X = self._features.matrix_rows(rows)
        relevance = self._blend(self._margin(X), rows)
        reasons = self._reasons(papers, X) if with_reasons else []
        return PageScores(relevance, self.badge(relevance), reasons, personal=True)

    def relevance_of_all(self) -> np.ndarray[Any, Any]:
        """The ranking value of every row of the FeatureCache (superseded rows included: the
        caller masks them); shape (n_rows,)."""
        rows = np.arange(self._features.n_rows)
        if self._classifier is None:
            return self._blend(self._margin(self._features.matrix_rows(rows)), rows, True)
        margin = self._features.relevance_of_all(self._classifier.dense_coef())
        return self._blend(margin + self._classifier.intercept_, rows, True)

    def reasons(self, papers: list[Paper]) -> list[str]:
        """One short reason per paper: the saved paper it is most like, or the terms of the saved
        papers' titles (and keyword seeds) it holds that drove its score."""
        if self._positive_matrix is None:
            return [""] * len(papers)
        return self._reasons(papers, self._features.matrix(papers))

    def _reasons(self, papers: list[Paper], X: Any) -> list[str]:
        if self._saved is not None and papers:
            similarity = self._saved.similarity(X)
            nearest, best = similarity.argmax(axis=1), similarity.max(axis=1)
        else:
            nearest, best = np.zeros(len(papers), dtype=int), np.zeros(len(papers))
        terms = self._interest.driving(X) if self._interest is not None else [[]] * len(papers)
        reasons = []
        for i, paper in enumerate(papers):
            if paper["id"] in self.saved_ids:
                reasons.append("In your library.")
            elif best[i] >= REASON_MIN_SIMILARITY:
                reasons.append(f"Like your saved paper “{self._saved_titles[nearest[i]]}”.")
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


@dataclass
class TasteProblem:
    """A taste ready to fit: the classifier's training set (`fit_classifier` of it may run in
    another process: only arrays) and what turns the fitted classifier into the Taste."""

    X: sp.csr_matrix
    y: np.ndarray[Any, Any]
    sample_weight: np.ndarray[Any, Any]
    max_weights: int | None
    finish: Callable[[RelevanceClassifier], "Taste"]

    def classifier(self) -> RelevanceClassifier:
        """Fitted here."""
        return fit_classifier(self.X, self.y, self.sample_weight, self.max_weights)

    def fit(self) -> "Taste":
        return self.finish(self.classifier())


def fit_classifier(
    X: sp.csr_matrix,
    y: np.ndarray[Any, Any],
    sample_weight: np.ndarray[Any, Any],
    max_weights: int | None,
) -> RelevanceClassifier:
    return RelevanceClassifier(max_weights=max_weights).fit(X, y, sample_weight=sample_weight)


def fitted(problem: "Taste | TasteProblem") -> "Taste":
    """The Taste of `taste_problem`'s answer, its classifier fitted here when it needs one."""
    return problem if isinstance(problem, Taste) else problem.fit()


def taste_problem(
    labels: Labels,
    papers_by_id: Mapping[str, Paper],
    shown_ids: list[str],
    seed: int,
    features: FeatureCache,
    prior: PriorFn = _zero_prior,
    weights: LabelWeights = DEFAULT_WEIGHTS,
    neighbourhood: Neighbourhood | None = None,
) -> "Taste | TasteProblem":
    """The Taste for these labels, or the problem to fit for it when it needs a classifier.
    `papers_by_id` must hold the saved papers; the dismissed and shown ones count where
    `features` holds them, and the background sample is drawn from the other papers `features`
    holds (by row, so the same corpus and seed give the same sample). `neighbourhood`: built
    from `features` under its current IDF."""
    saved = [papers_by_id[pid] for pid in labels.saved if pid in papers_by_id]
    if labels.keywords:
        saved.append(keywords_paper(labels.keywords))
    if not saved:
        return Taste(labels.version, [], None, features)
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
        return Taste(
            labels.version,
            saved,
            None,
            features,
            prior,
            prior_weight,
            positives,
            neighbourhood=neighbourhood,
        )
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

    def finish(classifier: RelevanceClassifier) -> Taste:
        return Taste(
            labels.version,
            saved,
            classifier,
            features,
            prior,
            prior_weight,
            positive_matrix=positives,
            background=reference,
            neighbourhood=neighbourhood,
        )

    return TasteProblem(X, y, sample_weight, weights.max_weights, finish)
