"""Each user's fitted taste, kept until their feedback or keyword seeds change (whoever changed
them: this server, the CLI, a BibTeX import), and the refit split in two around the fit of its
classifier, so that the fit can run in another process (paperlens.learning.fitting): `begin_refit`
and `end_refit` run on the thread that alone uses the store, the fit anywhere.
"""

import dataclasses
import zlib
from dataclasses import dataclass

from paperlens.learning.classifier import RelevanceClassifier
from paperlens.learning.corpus import Corpus
from paperlens.learning.labels import labels_from_events
from paperlens.learning.taste import Taste, TasteProblem, taste_problem
from paperlens.records import User
from paperlens.storage import Store


@dataclass(frozen=True)
class Refit:
    """A refit begun (see Tastes.begin_refit)."""

    user_id: int
    stamp: tuple[int, int]  # the user's learning stamp it was begun from
    generation: int  # of the corpus statistics its features were weighed with
    problem: TasteProblem


class Tastes:
    def __init__(self, store: Store, corpus: Corpus) -> None:
        self._store = store
        self._corpus = corpus
        self._tastes: dict[int, Taste] = {}
        # What each taste was fitted from: the user's learning stamp.
        self._stamps: dict[int, tuple[int, int]] = {}
        # The generation of corpus statistics each taste was fitted under.
        self._fitted_under: dict[int, int] = {}
        self._resets = 0  # the corpus's resets when the tastes above were fitted

    def _sync(self) -> None:
        """Bring the corpus up to date, and the tastes with it."""
        self._corpus.sync()
        self._forget_if_reset()

    def _forget_if_reset(self) -> None:
        """Forget every taste if the corpus statistics were reset since they were fitted (too
        far off to rank with: each is refitted on its next use)."""
        if self._corpus.resets != self._resets:
            self._tastes.clear()
            self._resets = self._corpus.resets

    def taste(self, user: User, stale_ok: bool = False) -> Taste:
        """The user's fitted taste, refitted first if their feedback or keywords changed since,
        unless `stale_ok` (a refit is on its way). A taste fitted under corpus statistics
        refitted since is used as it is: see `outdated`."""
        self._sync()
        taste = self._tastes.get(user.id)
        if taste is not None and stale_ok:
            return taste
        if taste is None or self._stamps.get(user.id) != self._store.learning_stamp(user):
            taste = self.refit(user)
        return taste

    def refit(self, user: User) -> Taste:
        """Refit the user's taste now, on this thread."""
        refit = self.begin_refit(user)
        training = refit.problem.training
        return self.end_refit(refit, None if training is None else training.fit())

    def begin_refit(self, user: User) -> Refit:
        """The training set of the user's taste from their stored feedback and keyword seeds;
        `end_refit` with its classifier installs the taste."""
        self._sync()
        stamp = self._store.learning_stamp(user)
        labels = labels_from_events(self._store.feedback_events(user))
        keywords, revision = self._store.keywords(user)
        labels = dataclasses.replace(labels, keywords=keywords, version=labels.version + revision)
        shown = self._store.impression_ids(user)
        saved = list(self._store.papers(labels.saved))
        # Every stored paper is held once the corpus is synced: the dismissed and shown ones too.
        self._corpus.add(saved)
        problem = taste_problem(
            labels,
            {p["id"]: p for p in saved},
            shown,
            # A fixed seed per user: the same events always give the same model and scores.
            seed=zlib.crc32(user.name.encode()),
            features=self._corpus.features,
            prior=self._corpus.standardized_prior,
            neighbourhood=self._corpus.neighbourhood,
        )
        return Refit(user.id, stamp, self._corpus.generation, problem)

    def end_refit(self, refit: Refit, classifier: RelevanceClassifier | None) -> Taste:
        """Install the taste of a begun refit; `classifier`: its training set's, fitted
        anywhere (None when it has none)."""
        taste = refit.problem.taste(classifier)
        self._tastes[refit.user_id] = taste
        self._stamps[refit.user_id] = refit.stamp
        self._fitted_under[refit.user_id] = refit.generation
        return taste

    def outdated(self, user: User) -> bool:
        """Whether the user's taste is personal and was fitted under corpus statistics refitted
        since: it still ranks (10% more papers move the IDF little), and a refit in the
        background brings it up to date (see paperlens.refits)."""
        self._forget_if_reset()
        taste = self._tastes.get(user.id)
        return (
            taste is not None
            and taste.personal
            and self._fitted_under.get(user.id) != self._corpus.generation
        )
