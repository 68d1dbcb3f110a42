"""The learner: how each user's taste is learnt from their clicks, and how papers are ranked.

`corpus` holds every stored paper's features and the statistics fitted over them; `tastes` each
user's fitted taste (`taste`, from the labels of `labels`); `scoring` ranks a user's pages and
the corpus with them. Importing this package imports none of those: they bring scikit-learn
(~1.1 s), which the server loads after it starts answering (paperlens.state).
"""

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from paperlens.storage import Store

if TYPE_CHECKING:
    from paperlens.learning.corpus import Corpus
    from paperlens.learning.fitting import FitPool
    from paperlens.learning.scoring import Scorer
    from paperlens.learning.tastes import Tastes


@dataclass(frozen=True)
class Learning:
    """A running server's learner, and the process its refits' classifiers are fitted in."""

    corpus: "Corpus"
    tastes: "Tastes"
    scorer: "Scorer"
    fits: "FitPool"


def open_learning(store: Store, snapshot_path: Path | None) -> Learning:
    """The learner over `store`, its corpus not loaded yet (`corpus.warm`, on the thread that
    alone uses the store). Imports the learning stack first: call it off the event loop."""
    from paperlens.learning.corpus import Corpus
    from paperlens.learning.fitting import FitPool
    from paperlens.learning.scoring import Scorer
    from paperlens.learning.tastes import Tastes

    corpus = Corpus(store, snapshot_path)
    tastes = Tastes(store, corpus)
    return Learning(corpus, tastes, Scorer(store, corpus, tastes), FitPool())
