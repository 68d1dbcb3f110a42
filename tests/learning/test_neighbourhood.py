"""The neighbourhood of the recent papers, and the smoothing of their margins by a taste."""

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from paperlens.learning import corpus, neighbourhood
from paperlens.learning.features import FeatureCache
from paperlens.learning.labels import Labels
from paperlens.learning.neighbourhood import Neighbourhood
from paperlens.learning.taste import taste_problem
from paperlens.records import FeedbackEvent, Paper
from paperlens.storage import SqliteStore
from tests.learning.learner import learner

TOPICS = {
    "graphs": "graph node edge spectral clustering walk vertex laplacian",
    "speech": "speech audio acoustic phoneme speaker waveform prosody vocoder",
    "proteins": "protein folding residue enzyme binding ligand amino sequence",
}


def _corpus(per_topic: int = 12) -> list[Paper]:
    """Papers of three topics, each with the words of its topic in a different order and a
    word of its own; the papers of a topic are far more like each other than the others."""
    papers = []
    for t, (topic, words) in enumerate(TOPICS.items()):
        vocabulary = words.split()
        for i in range(per_topic):
            chosen = np.random.default_rng([t, i]).permutation(vocabulary)[:5]
            papers.append(
                Paper(
                    id=f"{topic}-{i}",
                    title=f"{chosen[0]} {chosen[1]} study{t}x{i}",
                    abstract=" ".join(chosen) + f" result{t}x{i}",
                )
            )
    return papers


@pytest.fixture
def small(monkeypatch: pytest.MonkeyPatch) -> None:
    """A neighbourhood for a corpus of tens of papers, with 5 neighbours each."""
    monkeypatch.setattr(neighbourhood, "MIN_PAPERS", 10)
    monkeypatch.setattr(neighbourhood, "NEIGHBOURS", 5)


def test_each_recent_paper_with_an_abstract_is_linked_to_papers_of_its_topic(
    small: None,
) -> None:
    papers = _corpus()
    title_only = Paper(id="title-only", title="graph node edge")
    features = FeatureCache()
    features.fit_idf([*papers, title_only])
    around = Neighbourhood.of_recent(features)
    assert features.ids(around.rows) == [p["id"] for p in papers]
    assert around.neighbours.shape == (len(papers), 5)
    np.testing.assert_allclose(around.weights.sum(axis=1), 1.0, rtol=1e-5)
    for i, neighbours in enumerate(around.neighbours):
        assert i not in neighbours
        topic = papers[i]["id"].split("-")[0]
        assert {papers[j]["id"].split("-")[0] for j in neighbours} == {topic}
    newest = Neighbourhood.of_recent(features, size=20)
    assert features.ids(newest.rows) == [p["id"] for p in papers[-20:]]
    at = neighbourhood.positions(newest.rows, np.array([0, len(papers) - 1, len(papers)]))
    assert at.tolist() == [-1, 19, -1]


def test_a_paper_sharing_no_term_keeps_its_own_value(small: None) -> None:
    papers = [*_corpus(), Paper(id="alone", title="unrelated", abstract="nothing shared")]
    features = FeatureCache()
    features.fit_idf(papers)
    around = Neighbourhood.of_recent(features)
    values = np.arange(len(around), dtype=np.float64)
    term = around.neighbour_term(values)
    assert term[-1] == values[-1]
    first = around.neighbours[0]
    # Kept in float16 (see Neighbourhood.neighbour_term).
    assert term[0] == pytest.approx(float(values[first] @ around.weights[0]), rel=1e-3)


def test_a_small_corpus_has_no_neighbourhood(daily_papers: list[Any]) -> None:
    features = FeatureCache()
    features.fit_idf(daily_papers)
    assert len(Neighbourhood.of_recent(features)) == 0


def test_a_taste_smooths_each_recent_paper_with_its_neighbours(small: None) -> None:
    papers = [*_corpus(), Paper(id="title-only", title="speech audio graph")]
    features = FeatureCache()
    features.fit_idf(papers)
    around = Neighbourhood.of_recent(features)
    labels = Labels(saved=["graphs-0", "graphs-1"], dismissed=[], version=2)
    by_id = {p["id"]: p for p in papers}

    def taste(with_neighbourhood: bool) -> Any:
        problem = taste_problem(
            labels, by_id, [], 7, features, neighbourhood=around if with_neighbourhood else None
        )
        return problem.fit()

    own = taste(False).relevance_of_all()
    inside = own[around.rows]
    neighbours = (inside[around.neighbours] * around.weights).sum(axis=1)
    expected = own.copy()
    expected[around.rows] = (inside + neighbourhood.SMOOTHING * neighbours) / (
        1 + neighbourhood.SMOOTHING
    )
    assert np.abs(expected - own).max() > 0.1
    smoothed = taste(True)
    # To float16's precision of the neighbour term.
    np.testing.assert_allclose(smoothed.relevance_of_all(), expected, rtol=1e-3, atol=2e-3)
    page = [by_id["speech-3"], by_id["graphs-5"], by_id["title-only"]]
    rows = features.rows([p["id"] for p in page])
    np.testing.assert_allclose(smoothed.score(page).relevance, expected[rows], rtol=1e-3, atol=2e-3)
    # The title-only paper is outside the neighbourhood: scored on its own text.
    assert smoothed.score(page).relevance[2] == pytest.approx(own[rows[2]])


def test_a_page_of_new_papers_rebuilds_the_neighbourhood_when_idle(
    tmp_path: Path, small: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(corpus, "NEW_PAPERS_REBUILD", 6)
    monkeypatch.setattr(neighbourhood, "BLOCK", 10)  # 4 steps for 36 papers
    # The IDF is left alone: only the neighbourhood is due.
    monkeypatch.setattr(corpus, "CORPUS_GROWTH_REFIT", 0.9)
    papers = _corpus()
    store = SqliteStore(tmp_path / "p.db")
    store.upsert_papers(papers[:30])
    user, _ = store.add_user("ada")
    store.add_feedback(user, FeedbackEvent("e-00000001", "graphs-0", "save"))
    learned = learner(store)
    held, tastes = learned.corpus, learned.tastes
    held.warm()
    tastes.taste(user)
    assert not held.statistics_due
    page = papers[30:]
    store.upsert_papers(page)
    learned.scores(user, "page", [p["id"] for p in page])
    assert held.statistics_due and not tastes.outdated(user)
    held.refit_statistics()
    assert not held.statistics_due and not tastes.outdated(user)
    steps = []
    while (joined := held.build_neighbourhood()) is None:
        steps.append(joined)
    assert joined == {p["id"] for p in page}
    assert len(steps) == 3
    assert tastes.outdated(user) and held.build_neighbourhood() == set()
    assert held.neighbourhood is not None and len(held.neighbourhood) == len(papers)
