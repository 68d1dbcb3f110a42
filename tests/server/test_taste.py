"""The learner: a few saves move similar papers up, deterministically."""

from typing import Any

import numpy as np
from sklearn.base import clone

from paperlens.learning.classifier import RelevanceClassifier
from paperlens.learning.features import FeatureCache
from paperlens.learning.labels import labels_from_events
from paperlens.learning.taste import taste_problem
from paperlens.records import FeedbackEvent
from tests.learning.learner import vectorize


def test_labels_follow_the_last_action_per_paper() -> None:
    events = [
        FeedbackEvent("e-00000001", "a", "save"),
        FeedbackEvent("e-00000002", "b", "save"),
        FeedbackEvent("e-00000003", "a", "unsave"),
        FeedbackEvent("e-00000004", "c", "dismiss"),
        FeedbackEvent("e-00000005", "b", "open"),
    ]
    labels = labels_from_events(events)
    assert labels.saved == ["b"]
    assert labels.dismissed == ["c"]
    assert labels.version == 4


def test_estimator_follows_sklearn_conventions(daily_papers: list[Any]) -> None:
    model = RelevanceClassifier(C=0.5)
    assert clone(model).get_params() == {
        "C": 0.5,
        "class_weight": "balanced",
        "tol": 1e-3,
        "max_weights": None,
    }
    X = vectorize(daily_papers)
    y = np.array([1, 1] + [0] * (len(daily_papers) - 2))
    assert model.fit(X, y) is model
    assert model.coef_.shape == (1, X.shape[1])
    assert model.decision_function(X)[:2].min() > np.median(model.decision_function(X))


def test_cached_features_equal_fresh_ones(daily_papers: list[Any]) -> None:
    cache = FeatureCache()
    cache.matrix(daily_papers[:10])
    assert abs(cache.matrix(daily_papers) - vectorize(daily_papers)).max() < 1e-6


def _fit(daily_papers: list[Any], saved: list[str]) -> Any:
    by_id = {p["id"]: p for p in daily_papers}
    events = [FeedbackEvent(f"e-{i:08d}", pid, "save") for i, pid in enumerate(saved)]
    features = FeatureCache()
    features.add(daily_papers)
    return taste_problem(labels_from_events(events), by_id, [], seed=1, features=features).fit()


def test_saving_papers_on_a_topic_ranks_that_topic_up(daily_papers: list[Any]) -> None:
    agents = [p for p in daily_papers if "agent" in (p["title"] + p["abstract"]).lower()]
    others = [p for p in daily_papers if p not in agents]
    assert len(agents) >= 6 and len(others) >= 6
    taste = _fit(daily_papers, [p["id"] for p in agents[:3]])
    assert taste.personal
    held_out = agents[3:]
    scores = taste.score(held_out + others).scores
    assert scores[: len(held_out)].mean() > scores[len(held_out) :].mean()


def test_same_feedback_gives_same_scores(daily_papers: list[Any]) -> None:
    saved = [daily_papers[0]["id"], daily_papers[7]["id"]]
    first, second = _fit(daily_papers, saved), _fit(daily_papers, saved)
    assert np.array_equal(first.score(daily_papers).scores, second.score(daily_papers).scores)
    assert first.reasons(daily_papers) == second.reasons(daily_papers)
    assert first.reasons(daily_papers)[0] == "In your library."


def test_no_saves_means_not_personal(daily_papers: list[Any]) -> None:
    taste = _fit(daily_papers, [])
    assert not taste.personal
    assert taste.score(daily_papers).personal is False


def test_a_reason_names_saved_title_terms_the_paper_holds(daily_papers: list[Any]) -> None:
    # Saved: "Model Merging Scaling Laws in Large Language Models" and "SEIF: ...".
    taste = _fit(daily_papers, [daily_papers[0]["id"], daily_papers[7]["id"]])
    # The terms are in its abstract, not its title; the unrelated paper shares none.
    shared = {
        "id": "2601.00001",
        "title": "Zebrafish growth",
        "abstract": "Scaling laws of zebrafish fin regeneration across tanks, diets and heat.",
    }
    unrelated = {"id": "2601.00002", "title": "Zebrafish", "abstract": "Fin regeneration."}
    sharing, alien = taste.reasons([shared, unrelated])
    assert sharing.startswith("Matches your interest in “")
    named = [part.split("”")[0] for part in sharing.split("“")[1:]]
    assert named and set(named) <= {"scaling", "laws", "scaling laws"}
    assert alien == "Little in common with the papers you saved."
