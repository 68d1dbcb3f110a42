"""The corpus in memory, shared by every user's taste: each stored paper's features (one
FeatureCache), its upvotes, date and popularity as arrays by row, and the statistics fitted
over them (the IDF, the popularity prior, the neighbourhood of the recent papers, rebuilt a step
at a time); and its snapshot beside the database, which spares a start tokenising every paper.

Paper texts are not kept: the store has them, and a page or a recommendation reads the few it
shows. Papers stored since the last look (by this server or another process, such as `paperlens
sync`) are loaded before each use (`sync`).
"""

import logging
from pathlib import Path
from typing import Any

import numpy as np

from paperlens.learning import prior, snapshot
from paperlens.learning.features import FeatureCache
from paperlens.learning.neighbourhood import Neighbourhood, NeighbourhoodBuild
from paperlens.records import Paper
from paperlens.storage import Store

log = logging.getLogger(__name__)

# The statistics are refitted when the corpus has grown by this share since the last fit:
# refitting on every new paper would cost a page of new papers ~20 ms (budget: 15 ms). The
# refit is a job of its own that the server runs when idle (`refit_statistics`: 20-40 ms at
# 12,000 papers, then a refit of each user's taste: see paperlens.refits), unless the corpus
# has grown by CORPUS_GROWTH_INLINE: statistics that far off would make the page's scores
# meaningless, and loading that many papers already cost the page more than the refit does.
CORPUS_GROWTH_REFIT = 0.1
CORPUS_GROWTH_INLINE = 1.0
# The neighbourhood of the recent papers is rebuilt, with the statistics, once this many papers
# have come since it was built: a page of new papers (the rebuild costs ~170 ms, in steps of
# ~20 ms: see neighbourhood.py). Until then the newest are scored on their own text.
NEW_PAPERS_REBUILD = 50
# Papers read from the store and vectorised at a time while loading the corpus.
LOAD_BATCH = 5000


class Corpus:
    def __init__(self, store: Store, snapshot_path: Path | None = None) -> None:
        """The corpus of `store`, empty until `warm` or the first use; `snapshot_path`: where
        its snapshot is kept (None: nowhere)."""
        self._store = store
        self._snapshot = snapshot_path
        self.features = FeatureCache()
        self.prior = prior.PopularityPrior().fit([], [])
        # By row of the FeatureCache: upvotes, and the date as an ordinal (NaN for none).
        self._upvotes = np.zeros(0)
        self._days = np.zeros(0)
        # By row: the popularity (prior.popularity_values), kept up to date with the two above
        # (computing it for 200,000 papers took 15 ms of each recommendation).
        self.popularity = np.zeros(0)
        self._loaded = 0  # the number of the store's newest paper in the FeatureCache
        self._fitted_size = -1  # papers held when the IDF and the prior were last fitted
        # Counts the fits of the statistics: a taste fitted under an older one is outdated.
        self.generation = 0
        # Counts the fits made because the statistics were too far off to rank with: a taste
        # fitted under an older one must be refitted before it ranks again.
        self.resets = 0
        self.neighbourhood: Neighbourhood | None = None
        self._build: NeighbourhoodBuild | None = None  # its rebuild, when one is on
        self._neighbourhood_rows = 0  # the FeatureCache's rows when it (or its rebuild) began

    def __len__(self) -> int:
        """Papers held."""
        return len(self.features)

    def warm(self) -> None:
        """Load the corpus (from the snapshot, then the papers stored since) and fit its
        statistics now rather than on the first page."""
        if self._fitted_size < 0 and self._snapshot is not None:
            self._restore(self._snapshot)
        restored = self._loaded
        self.refit_statistics()
        while self.build_neighbourhood() is None:
            pass
        if self._snapshot is not None and self._loaded != restored:
            self._save_snapshot(self._snapshot)

    def _restore(self, path: Path) -> None:
        arrays = snapshot.load(path)
        if arrays is None:
            return
        loaded, last_id = int(arrays.pop("loaded_rowid")), str(arrays.pop("last_id"))
        # Copied out of the mapped file: pages update them in place.
        upvotes, days = np.array(arrays.pop("upvotes")), np.array(arrays.pop("days"))
        features = FeatureCache.from_state(arrays)
        # Taken from this very database? (A restored backup or another file would disagree.)
        total, after, at = self._store.corpus_at(loaded)
        if (total - after, at) != (len(features), last_id or None):
            log.info("the corpus snapshot %s does not match the database; rebuilding it", path)
            return
        self.features, self._upvotes, self._days = features, upvotes, days
        self._loaded = loaded
        # The neighbourhood is built once `warm` has loaded the papers stored since.
        self._fit_statistics(refit_idf=False, neighbourhood=False)

    def _save_snapshot(self, path: Path) -> None:
        last = self._store.corpus_at(self._loaded)[2]
        arrays = self.features.state()
        arrays.update(
            loaded_rowid=np.array(self._loaded),
            last_id=np.array(last or ""),
            upvotes=self._upvotes,
            days=self._days,
        )
        try:
            snapshot.save(path, arrays)
        except OSError as error:
            # Only a cache: the next start rebuilds it from the database.
            log.warning("could not save the corpus snapshot %s: %s", path, error)

    def add(self, papers: list[Paper]) -> np.ndarray[Any, Any]:
        """Rows of `papers` in the FeatureCache (vectorised where new), with their upvotes and
        dates brought up to date where the papers carry them (as the store keeps a known value
        when a page omits one)."""
        rows = self.features.add(papers)
        grow = self.features.n_rows - self._upvotes.size
        if grow > 0:
            self._upvotes = np.concatenate([self._upvotes, np.zeros(grow)])
            self._days = np.concatenate([self._days, np.full(grow, np.nan)])
        voted = [i for i, p in enumerate(papers) if p.get("upvotes") is not None]
        self._upvotes[rows[voted]] = [papers[i]["upvotes"] for i in voted]
        dated = [i for i, p in enumerate(papers) if p.get("published")]
        self._days[rows[dated]] = prior.days_of([papers[i]["published"] for i in dated])
        if self.popularity.size != self._upvotes.size:
            self.popularity = np.resize(self.popularity, self._upvotes.size)
        self.popularity[rows] = prior.popularity_values(
            self._upvotes[rows], self._days[rows], self.prior.newest_
        )
        return rows

    def sync(self) -> None:
        """Load the papers stored since the last look; fit the IDF and the prior now if there
        are none yet or the corpus has grown by CORPUS_GROWTH_INLINE (a reset)."""
        if self._store.newest_paper_number() > self._loaded:
            batch: list[Paper] = []
            for number, paper in self._store.papers_since(self._loaded):
                batch.append(paper)
                self._loaded = number
                if len(batch) == LOAD_BATCH:
                    self.add(batch)
                    batch = []
            self.add(batch)
        if self._fitted_size < 0 or self._grown_by(CORPUS_GROWTH_INLINE):
            self._fit_statistics(refit_idf=True)
            self.resets += 1

    def _grown_by(self, share: float) -> bool:
        return len(self.features) >= max(1, self._fitted_size) * (1 + share)

    @property
    def statistics_due(self) -> bool:
        """Whether the corpus has outgrown its statistics by CORPUS_GROWTH_REFIT, or its
        neighbourhood by NEW_PAPERS_REBUILD papers (see `refit_statistics`)."""
        return self._grown_by(CORPUS_GROWTH_REFIT) or self._neighbourhood_due

    @property
    def _neighbourhood_due(self) -> bool:
        return self.features.n_rows >= self._neighbourhood_rows + NEW_PAPERS_REBUILD

    def refit_statistics(self) -> None:
        """Refit the IDF and the prior if they are due (the tastes fitted under the old ones
        are then outdated), and begin the rebuild of the neighbourhood if it is due (under the
        new IDF): `build_neighbourhood` goes on with it."""
        self.sync()
        if self._grown_by(CORPUS_GROWTH_REFIT):
            self._fit_statistics(refit_idf=True, neighbourhood=False)
            log.info("corpus statistics refitted over %s papers", f"{self._fitted_size:,}")
            self._begin_build()
        elif self._neighbourhood_due:
            self._begin_build()

    def build_neighbourhood(self) -> set[str] | None:
        """One step of the neighbourhood's rebuild. When it is done, the new neighbourhood is
        in place (the tastes are then outdated), and the ids of the papers that joined it are
        returned: their scores change the most. None while steps are left; no ids when no
        rebuild was on. (Until then the tastes smooth with the neighbourhood they were fitted
        with, after an IDF refit one weighed with the old IDF.)"""
        if self._build is None:
            return set()
        if not self._build.step():
            return None
        before, self.neighbourhood = self.neighbourhood, self._build.result()
        self._build = None
        self.generation += 1
        rows = self.neighbourhood.rows
        joined = rows if before is None else np.setdiff1d(rows, before.rows)
        return set(self.features.ids(joined))

    def _begin_build(self) -> None:
        self._build = NeighbourhoodBuild(self.features)
        self._neighbourhood_rows = self.features.n_rows

    def _fit_statistics(self, refit_idf: bool, neighbourhood: bool = True) -> None:
        """Fit the prior, and the IDF when `refit_idf`; build the neighbourhood at once
        unless not `neighbourhood` (the caller begins its rebuild)."""
        if refit_idf:
            self.features.fit_idf()
        live = self.features.live()
        self.prior = prior.PopularityPrior().fit_values(self._upvotes[live], self._days[live])
        self.popularity = prior.popularity_values(self._upvotes, self._days, self.prior.newest_)
        self._fitted_size = len(self.features)
        if neighbourhood:
            self.neighbourhood, self._build = Neighbourhood.of_recent(self.features), None
            self._neighbourhood_rows = self.features.n_rows
        self.generation += 1

    def standardized_prior(self, rows: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        """The prior term of the ranking of the papers at `rows` (see prior.py)."""
        return self.prior.standardize(self.popularity[rows])
