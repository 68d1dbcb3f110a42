"""Refits whose classifier is fitted in the fitting process: the same taste as a fit in the
server's own thread, and a fit still made when that process dies."""

import asyncio
import os
import signal
from typing import Any

import numpy as np

from paperlens.learning.features import FeatureCache
from paperlens.learning.fitting import FitPool
from paperlens.learning.labels import Labels
from paperlens.learning.taste import TasteProblem, taste_problem


def _problem(daily_papers: list[Any]) -> tuple[FeatureCache, TasteProblem]:
    features = FeatureCache()
    features.fit_idf(daily_papers)
    labels = Labels(saved=[p["id"] for p in daily_papers[:5]], dismissed=[], version=5)
    problem = taste_problem(
        labels, {p["id"]: p for p in daily_papers}, [], seed=7, features=features
    )
    assert problem.training is not None
    return features, problem


def test_a_fit_in_the_fitting_process_gives_the_same_taste(daily_papers: list[Any]) -> None:
    _, problem = _problem(daily_papers)
    here = problem.fit()

    async def elsewhere() -> Any:
        pool = FitPool()
        try:
            assert problem.training is not None
            return problem.taste(await pool.fit(problem.training))
        finally:
            pool.close()

    there = asyncio.run(elsewhere())
    page = daily_papers[5:40]
    assert np.array_equal(here.score(page).relevance, there.score(page).relevance)


def test_a_fit_is_made_when_the_fitting_process_dies(daily_papers: list[Any]) -> None:
    _, problem = _problem(daily_papers)

    async def scenario() -> tuple[Any, Any]:
        pool = FitPool()
        training = problem.training
        assert training is not None
        try:
            first = await pool.fit(training)
            for pid in [p.pid for p in pool._executor._processes.values()]:
                os.kill(pid, signal.SIGKILL)
            second = await pool.fit(training)
            third = await pool.fit(training)
            return first, (second, third)
        finally:
            pool.close()

    first, (second, third) = asyncio.run(scenario())
    assert np.array_equal(first.dense_coef(), second.dense_coef())
    assert np.array_equal(first.dense_coef(), third.dense_coef())
