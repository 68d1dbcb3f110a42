"""The evaluation's protocol on a tiny data set written by the test (no shared data needed)."""

import json
from pathlib import Path
from typing import Any

import numpy as np

from paperlens.evaluation import data as datasets
from paperlens.evaluation import run
from paperlens.evaluation.metrics import estimate, ranking_metrics

# 12 topics of 10 papers: each topic's words are in 10 of 120 papers, inside arxiv-sanity-lite's
# min_df=5 and max_df=0.1.
TOPICS = [f"topic{t}word alpha{t}term beta{t}term gamma{t}term" for t in range(12)]


def _write(tmp_path: Path) -> tuple[Path, Path]:
    papers, users = [], []
    for t, words in enumerate(TOPICS):
        for i in range(10):
            papers.append({"id": f"cu{t * 10 + i}", "title": f"study {i}", "abstract": words})
        # Two readers per topic: the second makes the first's papers "popular" from outside.
        for reader in range(2):
            saved = [f"cu{t * 10 + i}" for i in range(9 - reader)]
            users.append({"user": f"u{t * 2 + reader}", "saved": saved})
    papers.append({"id": "cu999", "title": "an untitled note"})  # no abstract: regime "t" only
    paths = tmp_path / "papers.jsonl", tmp_path / "users.jsonl"
    for path, rows in zip(paths, (papers, users), strict=True):
        path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    return paths


def test_metrics_of_a_perfect_and_a_hopeless_ranking() -> None:
    relevant = np.array([True, True, False, False])
    assert ranking_metrics(np.array([4.0, 3, 2, 1]), relevant) == (1.0, 1.0, 1.0)
    ndcg, recall, mrr = ranking_metrics(np.array([1.0, 2, 3, 4]), relevant)
    assert 0 < ndcg < 1 and recall == 1.0 and mrr == 1 / 3
    assert estimate([0.5, 0.5]).half_width == 0.0


def test_regimes_and_leave_one_user_out_popularity(tmp_path: Path) -> None:
    papers, users = _write(tmp_path)
    ta, t = (datasets.load(papers, users, r) for r in ("ta", "t"))
    assert len(ta.papers) == 120 and len(t.papers) == 121
    votes = ta.upvotes_without("u0")
    assert votes[ta.index["cu0"]] == 1  # u1 saved it; u0's own save is not counted


def test_splits_are_seeded_and_keep_k_saved(tmp_path: Path) -> None:
    data = datasets.load(*_write(tmp_path), "ta")
    first, again = datasets.splits(data, 3, 0, None), datasets.splits(data, 3, 0, None)
    assert [s.saved.tolist() for s in first] == [s.saved.tolist() for s in again]
    assert all(s.saved.size == 3 and s.held_out.size >= 5 for s in first)
    assert all(np.intersect1d(s.saved, s.candidates).size == 0 for s in first)
    assert len(datasets.splits(data, 3, 0, 2)) == 2
    assert {s.user for s in datasets.splits(data, 4, 0, None)} == {f"u{2 * t}" for t in range(12)}


def test_every_method_runs_and_content_beats_random(tmp_path: Path) -> None:
    data = datasets.load(*_write(tmp_path), "ta")
    rows = {r.method: r for r in run.evaluate_regime(data, [3], None, seed=0)}
    assert set(rows) == {"random", "popularity", "arxiv-sanity-lite", "paperlens"}
    assert rows["paperlens"].ndcg10.mean > rows["random"].ndcg10.mean
    assert rows["paperlens"].ndcg10.mean > 0.8
    as_json: dict[str, Any] = rows["paperlens"].as_json()
    assert {"method", "regime", "k", "users", "ndcg10", "recall50", "mrr"} <= set(as_json)
