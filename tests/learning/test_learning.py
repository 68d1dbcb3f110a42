"""The learner's parts: IDF features, the prior, the blend, keyword seeds, reasons."""

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner

from paperlens.cli import main
from paperlens.learning.features import FeatureCache, bucket
from paperlens.learning.labels import Labels, LabelWeights
from paperlens.learning.prior import PopularityPrior, popularity
from paperlens.learning.similarity import SimilarityIndex
from paperlens.learning.taste import taste_problem
from paperlens.records import FeedbackEvent, Paper
from paperlens.storage import SqliteStore
from tests.learning.learner import learner, vectorize


def test_idf_weighs_rare_terms_above_common_ones(daily_papers: list[Any]) -> None:
    cache = FeatureCache()
    cache.fit_idf(daily_papers)
    assert cache.idf_[bucket("model")] < cache.idf_[bucket("zebrafish")]
    X = cache.matrix(daily_papers)
    assert np.allclose(np.asarray(X.multiply(X).sum(axis=1)).ravel(), 1.0, atol=1e-5)


def test_terms_in_most_of_a_large_corpus_are_dropped() -> None:
    corpus = [Paper(id=str(i), title=f"language model number{i}") for i in range(300)]
    cache = FeatureCache()
    cache.fit_idf(corpus)
    assert cache.idf_[bucket("language")] == 0 and cache.idf_[bucket("number7")] > 0


def test_an_unfitted_cache_gives_plain_tf(daily_papers: list[Any]) -> None:
    assert abs(FeatureCache().matrix(daily_papers) - vectorize(daily_papers)).max() < 1e-6


def test_prior_prefers_votes_and_recency() -> None:
    papers = [
        Paper(id="a", title="a", upvotes=50, published="2026-05-01"),
        Paper(id="b", title="b", upvotes=5, published="2026-05-01"),
        Paper(id="c", title="c", upvotes=50, published="2023-05-01"),
    ]
    prior = PopularityPrior().fit([p["upvotes"] for p in papers], [p["published"] for p in papers])
    upvotes, published = [p["upvotes"] for p in papers], [p["published"] for p in papers]
    a, b, c = prior.standardize(popularity(upvotes, published, prior.newest_))
    assert a > b and a > c
    # Three years of age outweigh ten times the votes.
    assert prior.percentile(papers).tolist() == [5 / 6, 3 / 6, 1 / 6]


def test_prior_weight_shrinks_as_saves_grow() -> None:
    weights = LabelWeights()
    assert weights.prior_weight(1) > weights.prior_weight(5) > weights.prior_weight(20) > 0


def test_popular_papers_rise_among_equally_relevant_ones(daily_papers: list[Any]) -> None:
    by_id = {p["id"]: p for p in daily_papers}
    labels = Labels(saved=[daily_papers[0]["id"]], dismissed=[], version=1)
    boost = {daily_papers[5]["id"]: 10.0}
    features = FeatureCache()
    features.add(daily_papers)

    def prior(rows: Any) -> Any:
        return np.array([boost.get(pid, 0.0) for pid in features.ids(rows)])

    plain = taste_problem(labels, by_id, [], 1, features).fit()
    blended = taste_problem(labels, by_id, [], 1, features, prior=prior).fit()
    rank = [
        np.argsort(-t.score(daily_papers).relevance).tolist().index(5) for t in (plain, blended)
    ]
    assert rank[1] < rank[0]


def test_the_prior_lifts_papers_on_the_users_topics_more(daily_papers: list[Any]) -> None:
    by_id = {p["id"]: p for p in daily_papers}
    labels = Labels(saved=[daily_papers[0]["id"]], dismissed=[], version=1)
    features = FeatureCache()
    features.add(daily_papers)

    def prior(rows: Any) -> Any:
        return np.ones(len(rows))

    plain = taste_problem(labels, by_id, [], 1, features).fit().score(daily_papers)
    blended = taste_problem(labels, by_id, [], 1, features, prior=prior).fit().score(daily_papers)
    # The same popularity for every paper: its lift grows with the paper's personal relevance.
    lift = (blended.relevance - plain.relevance)[np.argsort(plain.relevance)]
    assert np.all(np.diff(lift) >= -1e-9) and lift[-1] > 2 * lift[0] > 0


def test_keywords_give_a_personal_ranking_before_any_save(daily_papers: list[Any]) -> None:
    store = SqliteStore(":memory:")
    user, _ = store.add_user("ada")
    store.upsert_papers(daily_papers)
    learned = learner(store)
    ids = [p["id"] for p in daily_papers]
    assert learned.scores(user, "p", ids)["personal"] is False
    store.set_keywords(user, ["agent", "agents", " "])
    assert store.keywords(user) == (["agent", "agents"], 1)
    # No refit asked for: the scorer notices the change (as when the CLI sets keywords).
    message = learned.scores(user, "p", ids)
    assert message["personal"] is True and message["model_version"] == 1
    top = min(message["papers"], key=lambda p: p["rank"])
    paper = next(p for p in daily_papers if p["id"] == top["id"])
    assert "agent" in (paper["title"] + paper["abstract"]).lower()
    assert "agent" in top["reason"]


def test_scores_carry_a_deterministic_version(daily_papers: list[Any]) -> None:
    messages = []
    for _ in range(2):
        store = SqliteStore(":memory:")
        user, _ = store.add_user("ada")
        store.upsert_papers(daily_papers)
        for i, paper in enumerate(daily_papers[:3]):
            store.add_feedback(user, FeedbackEvent(f"e-{i:08d}", paper["id"], "save"))
        store.record_impressions(user, [p["id"] for p in daily_papers[3:10]])
        messages.append(learner(store).scores(user, "p", [p["id"] for p in daily_papers]))
    assert messages[0] == messages[1]
    assert messages[0]["model_version"] == 3


def test_pages_scored_together_get_what_each_gets_alone(daily_papers: list[Any]) -> None:
    store = SqliteStore(":memory:")
    user, _ = store.add_user("ada")
    store.upsert_papers(daily_papers)
    store.add_feedback(user, FeedbackEvent("e-00000001", daily_papers[0]["id"], "save"))
    scorer = learner(store).scorer
    ids = [p["id"] for p in daily_papers]
    # Overlapping pages, as two tabs on the same day's list would show.
    pages = [("tab-1", ids[:12]), ("tab-2", ids[8:20]), ("tab-3", [])]
    together = scorer.rank_pages(user, pages)
    assert together == [scorer.rank_page(user, page, shown) for page, shown in pages]
    assert [len(m.papers) for m in together] == [12, 12, 0]


def test_keywords_command_sets_shows_and_clears(tmp_path: Path) -> None:
    db = str(tmp_path / "paperlens.db")
    runner = CliRunner()
    assert runner.invoke(main, ["user", "add", "ada", "--db", db]).exit_code == 0
    set_ = runner.invoke(main, ["keywords", "diffusion models", "RLHF", "--db", db])
    assert set_.exit_code == 0, set_.output
    assert set_.output.strip() == "diffusion models; RLHF"
    assert runner.invoke(main, ["keywords", "--db", db]).output.strip() == "diffusion models; RLHF"
    cleared = runner.invoke(main, ["keywords", "--clear", "--db", db])
    assert cleared.output.strip() == "(no keywords)"


def test_removing_a_user_removes_their_keywords() -> None:
    store = SqliteStore(":memory:")
    user, _ = store.add_user("ada")
    store.set_keywords(user, ["graphs"])
    store.remove_user("ada")
    assert store.db.execute("SELECT COUNT(*) FROM keyword_seeds").fetchone()[0] == 0


def test_badges_spread_out_when_every_paper_was_shown(daily_papers: list[Any]) -> None:
    # A corpus of one day's page, all of it shown: no background sample is left to compare with.
    by_id = {p["id"]: p for p in daily_papers}
    labels = Labels(saved=[p["id"] for p in daily_papers[:3]], dismissed=[], version=3)
    features = FeatureCache()
    features.add(daily_papers)
    taste = taste_problem(labels, by_id, list(by_id), 1, features).fit()
    badges = taste.score(daily_papers[3:]).scores
    assert len(set(badges.round(2))) > 5 and badges.max() > 0.5


def test_similarity_to_the_saved_papers_is_their_cosine(daily_papers: list[Any]) -> None:
    features = FeatureCache()
    features.fit_idf(daily_papers)
    saved = features.matrix(daily_papers[:7])
    page = features.matrix(daily_papers[5:40])
    similarity = SimilarityIndex.of(saved).similarity(page)
    assert np.allclose(similarity, (page @ saved.T).toarray(), atol=1e-6)
    # The page's first two papers are the last two saved ones.
    assert similarity[0, 5] == pytest.approx(1.0, abs=1e-5)
    assert similarity[1, 6] == pytest.approx(1.0, abs=1e-5)
