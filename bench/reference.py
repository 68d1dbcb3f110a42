"""The reference the issue compares against: arxiv-sanity-lite's way of ranking, redone in
full for each request (TfidfVectorizer refitted over the whole corpus, then a LinearSVC with
the user's saves as positives and every other paper as a negative), timed in this process."""

import time
from dataclasses import dataclass

import numpy as np
from sklearn.svm import LinearSVC

from paperlens.evaluation.baselines import arxiv_sanity_features
from paperlens.records import Paper


@dataclass(frozen=True)
class ReferenceTiming:
    total_ms: float
    # serve.py reads features compute.py made; the reference refits them too, so both
    # parts are kept: a reader can compare with the SVM alone.
    tfidf_ms: float
    svm_ms: float


def _text(paper: Paper) -> str:
    # As arxiv-sanity-lite's compute.py: title, abstract and authors joined by spaces.
    return " ".join(
        [paper["title"], paper.get("abstract") or "", " ".join(paper.get("authors") or [])]
    )


def rank_once(corpus: list[Paper], saved: list[int], candidates: list[int]) -> ReferenceTiming:
    """One request: refit TF-IDF over `corpus`, fit the SVM, score the `candidates` (indices)."""
    started = time.perf_counter()
    features = arxiv_sanity_features([_text(p) for p in corpus])
    fitted = time.perf_counter()
    y = np.zeros(features.shape[0], dtype=int)
    y[saved] = 1
    svm = LinearSVC(class_weight="balanced", max_iter=10000, tol=1e-6, C=0.01)
    svm.fit(features, y)
    svm.decision_function(features[candidates])
    done = time.perf_counter()
    return ReferenceTiming(
        (done - started) * 1000, (fitted - started) * 1000, (done - fitted) * 1000
    )


def median_timing(corpus: list[Paper], saved: list[int], pages: list[list[int]]) -> ReferenceTiming:
    """The median of one request per page (each page's papers already in `corpus`)."""
    timings = [rank_once(corpus, saved, page) for page in pages]
    return ReferenceTiming(
        float(np.median([t.total_ms for t in timings])),
        float(np.median([t.tfidf_ms for t in timings])),
        float(np.median([t.svm_ms for t in timings])),
    )
