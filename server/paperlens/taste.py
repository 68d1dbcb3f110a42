"""One user's taste: the training set built from their feedback, the fitted classifier, and the
scores and reasons it gives a list of papers.

Labels: a save is a positive; "not interested" a strong negative; a paper shown on a page and not
saved a weak negative; a random sample of the rest of the corpus a background negative.
"""

from dataclasses import dataclass
from typing import Any

import numpy as np

from paperlens.features import FeatureCache
from paperlens.learner import RelevanceClassifier
from paperlens.records import FeedbackEvent, Paper

DISMISSED_WEIGHT = 1.0
SHOWN_WEIGHT = 0.3
BACKGROUND_WEIGHT = 0.1
BACKGROUND_SAMPLE = 1000
# Below this cosine similarity the nearest saved paper is not a meaningful reason.
REASON_MIN_SIMILARITY = 0.08


@dataclass(frozen=True)
class Labels:
    saved: list[str]
    dismissed: list[str]
    version: int


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


@dataclass
class PageScores:
    scores: np.ndarray[Any, Any]
    reasons: list[str]
    personal: bool


class Taste:
    """A fitted taste; `personal` is False while there is nothing saved to learn from."""

    def __init__(
        self,
        version: int,
        saved: list[Paper],
        classifier: RelevanceClassifier | None,
        reference: np.ndarray[Any, Any],
        features: FeatureCache,
    ) -> None:
        self.version = version
        self.saved_ids = {p["id"] for p in saved}
        self._saved_titles = [p["title"] for p in saved]
        self._features = features
        self._saved_matrix = features.matrix(saved) if saved else None
        self._classifier = classifier
        # Sorted decision values of background papers: a score is the share of them below.
        self._reference = reference

    @property
    def personal(self) -> bool:
        return self._saved_matrix is not None

    def score(self, papers: list[Paper]) -> PageScores:
        if self._saved_matrix is None or not papers:
            return PageScores(np.zeros(len(papers)), [""] * len(papers), personal=False)
        X = self._features.matrix(papers)
        # similarity: (n_papers, n_saved) cosine, rows are L2-normalised
        similarity = (X @ self._saved_matrix.T).toarray()
        nearest = similarity.argmax(axis=1)
        best = similarity.max(axis=1)
        if self._classifier is None or self._reference.size == 0:
            scores = best
        else:
            decision = self._classifier.decision_function(X)
            below = np.searchsorted(self._reference, decision, side="left")
            scores = below / self._reference.size
        reasons = []
        for i, paper in enumerate(papers):
            if paper["id"] in self.saved_ids:
                reasons.append("In your library.")
            elif best[i] >= REASON_MIN_SIMILARITY:
                reasons.append(f"Like your saved paper “{self._saved_titles[nearest[i]]}”.")
            else:
                reasons.append("Little in common with the papers you saved.")
        return PageScores(np.clip(scores, 0.0, 1.0), reasons, personal=True)


def fit_taste(
    labels: Labels,
    papers_by_id: dict[str, Paper],
    shown_ids: list[str],
    corpus_ids: list[str],
    seed: int,
    features: FeatureCache,
) -> Taste:
    """Fit a Taste from labels; papers_by_id must hold every labelled and sampled paper."""
    saved = [papers_by_id[pid] for pid in labels.saved if pid in papers_by_id]
    if not saved:
        return Taste(labels.version, [], None, np.empty(0), features)
    labelled = set(labels.saved) | set(labels.dismissed)
    dismissed = [pid for pid in labels.dismissed if pid in papers_by_id]
    shown = [pid for pid in shown_ids if pid not in labelled and pid in papers_by_id]
    rest = sorted(set(corpus_ids) - labelled - set(shown))
    rng = np.random.default_rng(seed)
    background = (
        list(rng.choice(rest, size=BACKGROUND_SAMPLE, replace=False))
        if len(rest) > BACKGROUND_SAMPLE
        else rest
    )
    negatives = dismissed + shown + [pid for pid in background if pid in papers_by_id]
    if not negatives:
        return Taste(labels.version, saved, None, np.empty(0), features)
    weights = (
        [1.0] * len(saved)
        + [DISMISSED_WEIGHT] * len(dismissed)
        + [SHOWN_WEIGHT] * len(shown)
        + [BACKGROUND_WEIGHT] * (len(negatives) - len(dismissed) - len(shown))
    )
    X = features.matrix(saved + [papers_by_id[pid] for pid in negatives])
    y = np.array([1] * len(saved) + [0] * len(negatives))
    classifier = RelevanceClassifier().fit(X, y, sample_weight=np.array(weights))
    reference = np.sort(classifier.decision_function(X[len(saved) :]))
    return Taste(labels.version, saved, classifier, reference, features)
