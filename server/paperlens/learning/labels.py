"""What a user's feedback makes of each paper for the learner, and how much each kind of label
weighs.

A save is a positive; "not interested" a strong negative; a paper shown on a page and not saved
a weak negative; a random sample of the rest of the corpus a background negative; keyword seeds
one more positive (a pseudo-paper made of the keywords). What is saved and dismissed follows the
rules of paperlens.library_state, as the library does. The weights were measured with
`paperlens eval` (citeulike-a): see LabelWeights.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from paperlens import library_state
from paperlens.records import FeedbackEvent, Paper

KEYWORDS_ID = "keywords:"


@dataclass(frozen=True)
class LabelWeights:
    """Sample weights per kind of label, and the prior's weight in the blend.

    What `paperlens eval` showed on citeulike-a (150 sampled users, title + abstract):
    - prior / (1 + saves / prior_half_life) is the weight of the prior: about 1 was best with
      1 save, 0.6 to 1 with 5 (+14% nDCG@10 over none), 0.6 with 20. With titles only, twice
      that (title_only_boost 1): 1 save, +9% over the same weight as with abstracts.
    - background 0.03 to 0.3, and a sample of 1,000 or 5,000 papers: no difference beyond
      ±0.003 nDCG@10. 500 papers at 0.2 (the same total weight) against 1,000 at 0.1 (200
      users): -0.004 to +0.003 at k=1/5/20 in both regimes, and the fit of a user with 200
      events took 17.5 against 29.7 ms p50 (HF corpus); 300 lost 0.006 at k=20 with title +
      abstract.
    - shown (browsing simulation, 60 users): 0, 0.1, 0.3 and 1 within ±0.004 nDCG@10 of each
      other after 10 pages; 0.3 kept.
    - dismissed: not measurable there (the data set has no explicit negatives); an explicit
      "not interested" weighs as much as a save.
    - max_weights: keeping the 8,000 or 20,000 largest weights of ~87,000 changed nDCG@10 by
      less than ±0.003 (150 users, k=5 and 20); 5,000 against 10,000 by -0.0007 / -0.0005 /
      +0.0013 at k=1/5/20 with title + abstract and at most 0.0004 with titles (200 users). A
      model is then ~40 KB instead of ~700 KB (1,000 users' models were ~40 MB of the server's
      1,048 MB at 200,000 papers with 10,000).
    """

    dismissed: float = 1.0
    shown: float = 0.3
    background: float = 0.2
    background_sample: int = 500
    shown_sample: int = 1000
    prior: float = 1.2
    prior_half_life: float = 20.0
    title_only_boost: float = 1.0
    max_weights: int | None = 5_000

    def prior_weight(self, n_positive: int, title_only_share: float = 0.0) -> float:
        """The prior's weight after n_positive saves, of which title_only_share had no
        abstract (a title alone says less, so the crowd's opinion counts for more)."""
        boost = 1.0 + self.title_only_boost * title_only_share
        return self.prior * boost / (1.0 + n_positive / self.prior_half_life)


DEFAULT_WEIGHTS = LabelWeights()


@dataclass(frozen=True)
class Labels:
    saved: list[str]
    dismissed: list[str]
    version: int
    keywords: list[str] = field(default_factory=list)


def labels_from_events(events: Iterable[FeedbackEvent]) -> Labels:
    """Saved and dismissed papers after the events (paperlens.library_state), in the order the
    papers were first acted on; the version counts the events that act on a paper."""
    events = list(events)
    standings = library_state.standings(events)
    return Labels(
        saved=[pid for pid, standing in standings.items() if standing.saved],
        dismissed=[pid for pid, standing in standings.items() if standing.dismissed],
        version=sum(1 for event in events if event.action != "open"),
    )


def keywords_paper(keywords: Sequence[str]) -> Paper:
    """Keyword seeds as one pseudo-paper: each keyword once in the title."""
    return Paper(id=KEYWORDS_ID, title=" ; ".join(keywords))
