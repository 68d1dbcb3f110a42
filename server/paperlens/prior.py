"""The popularity prior: how a paper ranks before the user has given any feedback.

Score = the share of known papers with fewer site upvotes (a percentile in [0, 1]).
"""

from collections.abc import Iterable
from typing import Any, Self

import numpy as np


class PopularityPrior:
    def fit(self, upvotes: Iterable[int | None]) -> Self:
        self.sorted_votes_: np.ndarray[Any, Any] = np.sort(
            np.array([v or 0 for v in upvotes], dtype=np.float64)
        )
        return self

    def score(self, upvotes: list[int | None]) -> np.ndarray[Any, Any]:
        votes = np.array([v or 0 for v in upvotes], dtype=np.float64)
        if self.sorted_votes_.size == 0:
            return np.full(votes.shape, 0.5)
        below = np.searchsorted(self.sorted_votes_, votes, side="left")
        ties = np.searchsorted(self.sorted_votes_, votes, side="right") - below
        result: np.ndarray[Any, Any] = (below + 0.5 * ties) / self.sorted_votes_.size
        return result


def reason(upvotes: int | None) -> str:
    if not upvotes:
        return "Popular on Hugging Face: no upvotes yet. Save papers to get personal scores."
    return f"Popular on Hugging Face: {upvotes} upvotes. Save papers to get personal scores."
