"""The popularity prior: how a paper ranks before the user has given any feedback, and the part
of the ranking that stays with the crowd once they have.

A paper's popularity is log(1 + upvotes), less RECENCY_PER_YEAR for each year it is older than
the newest paper known (a fixed reference, not the clock: the same corpus gives the same scores).
`percentile` is the badge's score before any feedback; `standardize` gives the prior term of the
blended ranking (0 at the median paper, 1 at the mean of the top TOP_SHARE of the corpus), and
`standard_scale` the same standardization for any values (a taste's margins).
"""

import functools
from collections.abc import Sequence
from datetime import date
from typing import Any, Self

import numpy as np

from paperlens.records import Paper

# Not tuned: citeulike-a has no dates. One year of age costs as much as a factor e of upvotes.
RECENCY_PER_YEAR = 1.0
TOP_SHARE = 0.05


@functools.lru_cache(maxsize=65536)
def _day(published: str | None) -> float:
    if not published:
        return np.nan
    try:
        return float(date.fromisoformat(published[:10]).toordinal())
    except ValueError:
        return np.nan


def days_of(published: Sequence[str | None]) -> np.ndarray[Any, Any]:
    """Date ordinals of ISO dates (NaN for none or unreadable); shape (n,)."""
    return np.array([_day(p) for p in published], dtype=np.float64)


def popularity_values(
    upvotes: np.ndarray[Any, Any], days: np.ndarray[Any, Any], newest: float
) -> np.ndarray[Any, Any]:
    """log(1 + upvotes) less the age penalty relative to day `newest` (a date ordinal, NaN for
    none); papers without a date (NaN day) get no penalty. Shape (n,)."""
    votes = np.log1p(np.asarray(upvotes, dtype=np.float64))
    if np.isnan(newest):
        return votes
    age_years = np.nan_to_num((newest - days) / 365.25, nan=0.0).clip(min=0.0)
    result: np.ndarray[Any, Any] = votes - RECENCY_PER_YEAR * age_years
    return result


def popularity(
    upvotes: Sequence[int | None], published: Sequence[str | None], newest: float
) -> np.ndarray[Any, Any]:
    """popularity_values of papers' upvotes (None for none) and ISO dates."""
    votes = np.array([v or 0 for v in upvotes], dtype=np.float64)
    return popularity_values(votes, days_of(published), newest)


def standard_scale(ordered: np.ndarray[Any, Any]) -> tuple[float, float]:
    """The centre and unit that standardize these values (sorted ascending): 0 at their median,
    1 at the mean of their top TOP_SHARE. The unit is the whole range when the top equals the
    median (more than TOP_SHARE of values tied at the top), 1 when all values are equal."""
    median = float(np.median(ordered))
    top = ordered[-max(1, int(TOP_SHARE * ordered.size)) :]
    unit = float(top.mean()) - median
    if unit <= 1e-9:
        whole = float(ordered[-1] - ordered[0]) if ordered.size else 0.0
        unit = whole if whole > 1e-9 else 1.0
    return median, unit


class PopularityPrior:
    """Fitted on every known paper's upvotes and date."""

    def fit(self, upvotes: Sequence[int | None], published: Sequence[str | None]) -> Self:
        return self.fit_values(
            np.array([v or 0 for v in upvotes], dtype=np.float64), days_of(published)
        )

    def fit_values(self, upvotes: np.ndarray[Any, Any], days: np.ndarray[Any, Any]) -> Self:
        """Fit on arrays of upvotes and date ordinals (NaN for no date); shape (n,) each."""
        self.newest_ = float(np.nanmax(days)) if (~np.isnan(days)).any() else np.nan
        self.sorted_: np.ndarray[Any, Any] = np.sort(popularity_values(upvotes, days, self.newest_))
        if self.sorted_.size:
            self.median_, self.spread_ = standard_scale(self.sorted_)
        else:
            self.median_, self.spread_ = 0.0, 1.0
        return self

    def percentile(self, papers: Sequence[Paper]) -> np.ndarray[Any, Any]:
        """Share of known papers less popular (ties count half); in [0, 1]."""
        return self.percentile_of(self._values(papers))

    def percentile_of(self, values: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        """`percentile` of popularity values (see `popularity_values`)."""
        if self.sorted_.size == 0:
            return np.full(values.shape, 0.5)
        below = np.searchsorted(self.sorted_, values, side="left")
        ties = np.searchsorted(self.sorted_, values, side="right") - below
        result: np.ndarray[Any, Any] = (below + 0.5 * ties) / self.sorted_.size
        return result

    def standardize(self, values: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        """Popularity values standardized: 0 for the median known paper, 1 for the mean of the
        most popular TOP_SHARE."""
        result: np.ndarray[Any, Any] = (values - self.median_) / self.spread_
        return result

    def _values(self, papers: Sequence[Paper]) -> np.ndarray[Any, Any]:
        return popularity(
            [p.get("upvotes") for p in papers], [p.get("published") for p in papers], self.newest_
        )


def reason(upvotes: int | None) -> str:
    if not upvotes:
        return "Popular on Hugging Face: no upvotes yet. Save papers to get personal scores."
    return f"Popular on Hugging Face: {upvotes} upvotes. Save papers to get personal scores."
