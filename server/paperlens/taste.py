"""One user's taste: the training set built from their feedback (and keyword seeds), the fitted
classifier, and the scores and reasons it gives a list of papers.

Labels: a save is a positive; "not interested" a strong negative; a paper shown on a page and not
saved a weak negative; a random sample of the rest of the corpus a background negative; keyword
seeds one more positive (a pseudo-paper made of the keywords). The ranking blends the
classifier's margin with the popularity prior, whose weight shrinks as saves accumulate.
The weights were measured with `paperlens eval` (citeulike-a): see LabelWeights.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from paperlens.features import FeatureCache
from paperlens.learner import RelevanceClassifier
from paperlens.prior import spread
from paperlens.records import FeedbackEvent, Paper

# The standardized prior of each paper (prior.PopularityPrior.standardized); shape (n,).
PriorFn = Callable[[list[Paper]], np.ndarray[Any, Any]]

# Below this cosine similarity the nearest saved paper is not a meaningful reason.
REASON_MIN_SIMILARITY = 0.15
# The margin is standardized like the prior: 0 at the median background paper, 1 at the mean of
# the top TOP_SHARE of them, so the two terms of the blend share a scale.
TOP_SHARE = 0.05
KEYWORDS_ID = "keywords:"


@dataclass(frozen=True)
class LabelWeights:
    """Sample weights per kind of label, and the prior's weight in the blend.

    What `paperlens eval` showed on citeulike-a (150 sampled users, title + abstract):
    - prior / (1 + saves / prior_half_life) is the weight of the prior: about 1 was best with
      1 save, 0.6 to 1 with 5 (+14% nDCG@10 over none), 0.6 with 20. With titles only, twice
      that (title_only_boost 1): 1 save, +9% over the same weight as with abstracts.
    - background 0.03 to 0.3, and a sample of 1,000 or 5,000 papers: no difference beyond
      ±0.003 nDCG@10; 1,000 keeps a refit within its budget.
    - shown (browsing simulation, 60 users): 0, 0.1, 0.3 and 1 within ±0.004 nDCG@10 of each
      other after 10 pages; 0.3 kept.
    - dismissed: not measurable there (the data set has no explicit negatives); an explicit
      "not interested" weighs as much as a save.
    """

    dismissed: float = 1.0
    shown: float = 0.3
    background: float = 0.1
    background_sample: int = 1000
    shown_sample: int = 1000
    prior: float = 1.2
    prior_half_life: float = 20.0
    title_only_boost: float = 1.0

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


def labels_from_events(events: list[FeedbackEvent]) -> Labels:
    """Replay events in order: a paper's last save/unsave/dismiss/undismiss is its label."""
    last: dict[str, str] = {}
    version = 0
    for event in events:
        if event.action == "open":
            continue
        version += 1
        last[event.paper_id] = event.action
    saved = [pid for pid, action in last.items() if action == "save"]
    dismissed = [pid for pid, action in last.items() if action == "dismiss"]
    return Labels(saved=saved, dismissed=dismissed, version=version)


def keywords_paper(keywords: Sequence[str]) -> Paper:
    """Keyword seeds as one pseudo-paper: each keyword once in the title."""
    return Paper(id=KEYWORDS_ID, title=" ; ".join(keywords))


@dataclass
class PageScores:
    relevance: np.ndarray[Any, Any]  # the ranking value, unbounded; shape (n,)
    scores: np.ndarray[Any, Any]  # the badge: share of background papers ranked lower, in [0, 1]
    reasons: list[str]  # empty unless asked for
    personal: bool


def _zero_prior(papers: list[Paper]) -> np.ndarray[Any, Any]:
    return np.zeros(len(papers))


class Taste:
    """A fitted taste; `personal` is False while there is nothing saved (nor seeded) to learn
    from."""

    def __init__(
        self,
        version: int,
        saved: list[Paper],
        classifier: RelevanceClassifier | None,
        background: list[Paper],
        features: FeatureCache,
        prior: PriorFn = _zero_prior,
        prior_weight: float = 0.0,
        positive_matrix: Any = None,
        background_matrix: Any = None,
    ) -> None:
        self.version = version
        # The keywords pseudo-paper, when there is one, comes last in `saved`.
        real = [p for p in saved if p["id"] != KEYWORDS_ID]
        self.saved_ids = {p["id"] for p in real}
        self._saved_titles = [p["title"] for p in real]
        self._features = features
        if saved and positive_matrix is None:
            positive_matrix = features.matrix(saved)
        self._positive_matrix = positive_matrix
        # Transposed once here (CSR of shape (N_FEATURES, n_saved)): each page multiplies by it.
        self._saved_matrix = positive_matrix[: len(real)].T.tocsr() if real else None
        self._classifier = classifier
        self._prior = prior
        self._prior_weight = prior_weight
        self._center, self._spread = 0.0, 1.0
        # Sorted relevance of the background papers: a badge is the share of them below.
        self._reference = np.empty(0)
        if background and self._positive_matrix is not None:
            margin = self._margin(
                background_matrix if background_matrix is not None else features.matrix(background)
            )
            top = np.sort(margin)[-max(1, int(TOP_SHARE * margin.size)) :]
            self._center = float(np.median(margin))
            self._spread = spread(margin, float(top.mean()) - self._center)
            self._reference = np.sort(self._blend(margin, background))

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

    def _blend(self, margin: np.ndarray[Any, Any], papers: list[Paper]) -> np.ndarray[Any, Any]:
        standardized = (margin - self._center) / self._spread
        result: np.ndarray[Any, Any] = standardized + self._prior_weight * self._prior(papers)
        return result

    def score(self, papers: list[Paper], with_reasons: bool = False) -> PageScores:
        """Scores of `papers`, and their reasons when asked (only for the papers shown: a reason
        costs more than a score)."""
        if self._positive_matrix is None or not papers:
            zeros = np.zeros(len(papers))
            return PageScores(zeros, zeros, [""] * len(papers) if with_reasons else [], False)
        X = self._features.matrix(papers)
        relevance = self._blend(self._margin(X), papers)
        if self._reference.size:
            scores = np.searchsorted(self._reference, relevance, side="left") / self._reference.size
        else:
            scores = np.clip(relevance, 0.0, 1.0)
        reasons = self._reasons(papers, X) if with_reasons else []
        return PageScores(relevance, np.clip(scores, 0.0, 1.0), reasons, personal=True)

    def reasons(self, papers: list[Paper]) -> list[str]:
        """One short reason per paper: the saved paper it is most like, or the terms of its title
        that drove its score."""
        if self._positive_matrix is None:
            return [""] * len(papers)
        return self._reasons(papers, self._features.matrix(papers))

    def _reasons(self, papers: list[Paper], X: Any) -> list[str]:
        if self._saved_matrix is not None and papers:
            # similarity: (n_papers, n_saved) cosine, rows are L2-normalised
            similarity = (X @ self._saved_matrix).toarray()
            nearest, best = similarity.argmax(axis=1), similarity.max(axis=1)
        else:
            nearest, best = np.zeros(len(papers), dtype=int), np.zeros(len(papers))
        reasons = []
        for i, paper in enumerate(papers):
            if paper["id"] in self.saved_ids:
                reasons.append("In your library.")
            elif best[i] >= REASON_MIN_SIMILARITY:
                reasons.append(f"Like your saved paper “{self._saved_titles[nearest[i]]}”.")
            elif terms := self.driving_terms(paper):
                reasons.append(
                    "Matches your interest in " + ", ".join(f"“{t}”" for t in terms) + "."
                )
            else:
                reasons.append("Little in common with the papers you saved.")
        return reasons

    def driving_terms(self, paper: Paper, limit: int = 2) -> list[str]:
        """The title terms that raise this paper's margin most (weight x IDF > 0)."""
        if self._classifier is None:
            return []
        terms, buckets = self._features.title_terms(paper)
        weights = self._classifier.coef_[buckets] * self._features.idf_[buckets]
        # Highest weight first; ties keep the title's order.
        top = [i for i in np.argsort(-weights, kind="stable")[:limit] if weights[i] > 0]
        return [terms[i] for i in top]


def _sample(ids: list[str], size: int, rng: np.random.Generator) -> list[str]:
    """`size` of `ids` at random, in their order (positions are drawn, not the ids: numpy would
    copy 12,000 strings into an array)."""
    if len(ids) <= size:
        return ids
    return [ids[i] for i in np.sort(rng.choice(len(ids), size, replace=False))]


def fit_taste(
    labels: Labels,
    papers_by_id: dict[str, Paper],
    shown_ids: list[str],
    corpus_ids: list[str],
    seed: int,
    features: FeatureCache,
    prior: PriorFn = _zero_prior,
    weights: LabelWeights = DEFAULT_WEIGHTS,
) -> Taste:
    """Fit a Taste from labels; papers_by_id must hold every labelled and sampled paper, and
    corpus_ids be in a fixed order (the background sample is drawn from it by position)."""
    saved = [papers_by_id[pid] for pid in labels.saved if pid in papers_by_id]
    if labels.keywords:
        saved.append(keywords_paper(labels.keywords))
    if not saved:
        return Taste(labels.version, [], None, [], features)
    labelled = set(labels.saved) | set(labels.dismissed)
    dismissed = [pid for pid in labels.dismissed if pid in papers_by_id]
    shown = [pid for pid in shown_ids if pid not in labelled and pid in papers_by_id]
    excluded = labelled | set(shown)
    rng = np.random.default_rng(seed)
    # A year of daily pages is ~18,000 impressions: a sample keeps a refit within its budget.
    shown = _sample(sorted(shown), weights.shown_sample, rng)
    rest = _sample(
        [pid for pid in corpus_ids if pid not in excluded], weights.background_sample, rng
    )
    background = [papers_by_id[pid] for pid in rest if pid in papers_by_id]
    papers = [p for p in saved if p["id"] != KEYWORDS_ID]
    title_only = sum(1 for p in papers if not p.get("abstract")) / max(1, len(papers))
    prior_weight = weights.prior_weight(len(saved), title_only)
    negatives = [papers_by_id[pid] for pid in dismissed + shown] + background
    if not negatives:
        return Taste(labels.version, saved, None, [], features, prior, prior_weight)
    sample_weight = np.array(
        [1.0] * len(saved)
        + [weights.dismissed] * len(dismissed)
        + [weights.shown] * len(shown)
        + [weights.background] * len(background)
    )
    X = features.matrix(saved + negatives)
    y = np.array([1] * len(saved) + [0] * len(negatives))
    classifier = RelevanceClassifier().fit(X, y, sample_weight=sample_weight)
    # Rows of X: the positives first, the background last.
    return Taste(
        labels.version,
        saved,
        classifier,
        background,
        features,
        prior,
        prior_weight,
        positive_matrix=X[: len(saved)],
        background_matrix=X[X.shape[0] - len(background) :],
    )
