"""The corpus: one feature row per paper, kept in step with the store, the statistics fitted
over it, and the snapshot that spares a restart from tokenising every paper again."""

from pathlib import Path
from typing import Any

import numpy as np

from paperlens.learning import snapshot
from paperlens.learning.classifier import RelevanceClassifier
from paperlens.learning.features import FeatureCache
from paperlens.records import FeedbackEvent
from paperlens.storage import SqliteStore
from tests.learning.learner import Learner, learner


def _library(store: SqliteStore, papers: list[Any]) -> Any:
    user, _ = store.add_user("ada")
    for n, paper in enumerate(papers[:3]):
        store.add_feedback(user, FeedbackEvent(f"e-{n:08d}", paper["id"], "save"))
    return user


def _ranking(learned: Learner, user: Any) -> list[tuple[str, float, str]]:
    message = learned.recommendations(user, 10)
    return [(p["paper"]["id"], p["score"], p["reason"]) for p in message["papers"]]


def test_a_restart_from_the_snapshot_ranks_as_a_fresh_start(
    tmp_path: Path, daily_papers: list[Any]
) -> None:
    store = SqliteStore(tmp_path / "p.db")
    store.upsert_papers(daily_papers[:30])
    user = _library(store, daily_papers)
    learner(store, with_snapshot=True).corpus.warm()
    assert (tmp_path / "p.db.features" / "ids.npy").exists()
    # Papers stored while no server ran are read from the store on top of the snapshot.
    store.upsert_papers(daily_papers[30:])
    restarted, fresh = learner(store, with_snapshot=True), learner(store)
    restarted.corpus.warm()
    fresh.corpus.warm()
    assert _ranking(restarted, user) == _ranking(fresh, user)
    assert len(_ranking(fresh, user)) == 10


def test_a_snapshot_of_another_database_is_ignored(tmp_path: Path, daily_papers: list[Any]) -> None:
    other = SqliteStore(tmp_path / "other.db")
    other.upsert_papers(daily_papers[18:])
    learner(other, with_snapshot=True).corpus.warm()
    store = SqliteStore(tmp_path / "p.db")
    store.upsert_papers(daily_papers[:18])
    user = _library(store, daily_papers)
    (tmp_path / "other.db.features").rename(tmp_path / "p.db.features")
    restarted = learner(store, with_snapshot=True)
    restarted.corpus.warm()
    shown = {pid for pid, _, _ in _ranking(restarted, user)}
    assert shown <= {p["id"] for p in daily_papers[3:18]}


def test_an_unreadable_snapshot_is_rebuilt(tmp_path: Path, daily_papers: list[Any]) -> None:
    store = SqliteStore(tmp_path / "p.db")
    store.upsert_papers(daily_papers)
    user = _library(store, daily_papers)
    learner(store, with_snapshot=True).corpus.warm()
    (tmp_path / "p.db.features" / "tf_indptr.npy").write_bytes(b"not numpy")
    restarted = learner(store, with_snapshot=True)
    restarted.corpus.warm()
    assert len(_ranking(restarted, user)) == 10
    assert snapshot.load(tmp_path / "p.db.features") is not None


def test_a_paper_whose_abstract_arrives_later_is_vectorised_again(daily_papers: list[Any]) -> None:
    paper = daily_papers[0]
    features = FeatureCache()
    first = features.add([{"id": paper["id"], "title": paper["title"]}])
    again = features.add([paper])
    assert first[0] != again[0] and len(features) == 1
    assert features.live().tolist() == [False, True]
    assert features.matrix([paper]).nnz > features.matrix_rows(first).nnz


def test_recommendations_leave_out_superseded_texts(
    tmp_path: Path, daily_papers: list[Any]
) -> None:
    store = SqliteStore(tmp_path / "p.db")
    store.upsert_papers([{"id": p["id"], "title": p["title"]} for p in daily_papers])
    user = _library(store, daily_papers)
    learned = learner(store, with_snapshot=True)
    learned.corpus.warm()
    store.upsert_papers(daily_papers)
    learned.scores(user, "page", [p["id"] for p in daily_papers])
    ids = [pid for pid, _, _ in _ranking(learned, user)]
    assert len(ids) == len(set(ids)) == 10


def test_a_model_keeps_at_most_max_weights(daily_papers: list[Any]) -> None:
    features = FeatureCache()
    X = features.matrix(daily_papers)
    y = np.array([1, 1, 1] + [0] * (len(daily_papers) - 3))
    full = RelevanceClassifier().fit(X, y)
    pruned = RelevanceClassifier(max_weights=50).fit(X, y)
    assert full.coef_.nnz > 50 and pruned.coef_.nnz == 50
    kept = pruned.coef_.indices
    assert np.allclose(pruned.coef_.data, full.dense_coef()[kept])
    assert np.abs(full.dense_coef()[kept]).min() >= np.sort(np.abs(full.coef_.data))[-50]


def _fitted(tmp_path: Path, papers: list[Any]) -> tuple[SqliteStore, Any, Learner]:
    """A store of `papers`, a user with 3 of them saved, and a warm learner with their taste."""
    store = SqliteStore(tmp_path / "p.db")
    store.upsert_papers(papers)
    user = _library(store, papers)
    learned = learner(store, with_snapshot=True)
    learned.corpus.warm()
    learned.tastes.taste(user)
    return store, user, learned


def test_statistics_outgrown_by_a_page_are_refitted_after_it(
    tmp_path: Path, daily_papers: list[Any]
) -> None:
    store, user, learned = _fitted(tmp_path, daily_papers[:24])
    page = daily_papers[24:30]  # 25% more papers
    store.upsert_papers(page)
    learned.scores(user, "page", [p["id"] for p in page])
    # The page was scored with the statistics and taste it found: both are refitted later.
    assert learned.corpus.statistics_due and not learned.tastes.outdated(user)
    learned.corpus.refit_statistics()
    assert not learned.corpus.statistics_due and learned.tastes.outdated(user)
    learned.tastes.refit(user)
    assert not learned.tastes.outdated(user)
    fresh = learner(store)
    fresh.corpus.warm()
    assert _ranking(learned, user) == _ranking(fresh, user)


def test_a_corpus_that_doubled_refits_its_statistics_before_scoring(
    tmp_path: Path, daily_papers: list[Any]
) -> None:
    store, user, learned = _fitted(tmp_path, daily_papers[:12])
    store.upsert_papers(daily_papers[12:])
    learned.scores(user, "page", [p["id"] for p in daily_papers[12:]])
    assert not learned.corpus.statistics_due and not learned.tastes.outdated(user)


def test_the_idf_counts_each_paper_once_by_its_current_text(daily_papers: list[Any]) -> None:
    features = FeatureCache()
    features.add([{"id": p["id"], "title": p["title"]} for p in daily_papers[:10]])
    features.fit_idf(daily_papers)
    fresh = FeatureCache()
    fresh.fit_idf(daily_papers)
    assert np.array_equal(features.idf_, fresh.idf_)
    assert np.allclose(
        features.matrix(daily_papers).toarray(), fresh.matrix(daily_papers).toarray()
    )
