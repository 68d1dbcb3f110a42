"""The `Store`: what the rest of the server may ask of storage, whichever database holds it.

Its methods take and give the records of paperlens.records, plain ids and counts: no SQL, no
connection, no driver's errors (a refusal is a domain error of paperlens.errors). Every method
is called from one thread at a time (the server's worker, paperlens.worker), so a store needs no
locks of its own. A write is durable once it returns, but for the pages shown (`record_page`,
`record_impressions`: see there).
"""

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Protocol

from paperlens.records import FeedbackEvent, Paper, User

# The user `paperlens serve` creates on a database that has none.
DEFAULT_USER = "default"


class Store(Protocol):
    # The database itself

    def close(self) -> None: ...

    def check_integrity(self) -> None:
        """DatabaseCorrupt unless the database is sound."""

    def backup(self, path: Path) -> None:
        """A consistent copy of the database at `path`, written whole or not at all, while
        the server may go on writing."""

    def restore(self, path: Path) -> None:
        """Replace everything with the backup at `path` (checked first), brought up to the
        current schema."""

    def stats(self) -> dict[str, int]:
        """How many users, papers and feedback events are stored."""

    # Users, their tokens (kept as digests only) and their Firefox origin pin

    def add_user(self, name: str) -> tuple[User, str]:
        """A new user and their token (the only time anyone sees it); UserExists if taken."""

    def user_by_name(self, name: str) -> User:
        """UnknownUser if there is none."""

    def users(self) -> list[User]:
        """Every user, oldest first."""

    def remove_user(self, name: str) -> None:
        """Delete the user and everything they did (feedback, library, impressions, seeds)."""

    def rotate_token(self, name: str) -> str:
        """A new token for the user; the old one stops working at once, and the Firefox origin
        pin is cleared so that the next extension to pair (say, a reinstall) is accepted."""

    def token_of(self, name: str) -> str: ...

    def authenticate(self, token: str) -> User | None:
        """The token's user (compared in constant time), None for an unknown token."""

    def ensure_default_user(self) -> tuple[User, str, bool]:
        """The default user (created if there are no users at all), its token, and whether new."""

    def pin_origin(self, user: User, origin: str) -> str:
        """The origin pinned for the user: `origin` if none was pinned yet, else the pinned one."""

    # The corpus: every paper any user was shown. Papers are numbered in the order they were
    # first stored (1, 2, ...), so a reader can load what came since it last looked.

    def upsert_papers(self, papers: Iterable[Paper]) -> None:
        """Store the papers; a field a page leaves out (no abstract on a card) keeps its value."""

    def papers(self, ids: Iterable[str] | None = None) -> Iterator[Paper]:
        """The stored papers among `ids` (every paper, by id, when None)."""

    def paper_ids(self) -> list[str]:
        """Every paper id, sorted."""

    def newest_paper_number(self) -> int:
        """The number of the paper stored last (0 for none): cheap, so a reader can tell
        whether papers came since."""

    def papers_since(self, number: int) -> Iterator[tuple[int, Paper]]:
        """Papers stored after the one numbered `number`, oldest first, with their numbers."""

    def corpus_at(self, number: int) -> tuple[int, int, str | None]:
        """How many papers there are, how many were stored after the one numbered `number`,
        and that one's id: what a copy of the corpus taken at `number` must agree with."""

    # What each user did and was shown

    def record_page(self, user: User, papers: list[Paper], paper_ids: list[str]) -> None:
        """A page shown to the user: its papers stored and its impressions recorded, together,
        without waiting for the disk (a power loss may lose the last pages, never a save)."""

    def record_impressions(self, user: User, paper_ids: Iterable[str]) -> None:
        """Papers the user was shown (the learner's weak negatives), as `record_page`."""

    def impression_ids(self, user: User) -> list[str]: ...

    def add_feedback(self, user: User, event: FeedbackEvent) -> bool:
        """Store one event, idempotent by its id, and apply it to the user's library
        (paperlens.library_state), durably; False when the event was stored already."""

    def feedback_events(self, user: User) -> list[FeedbackEvent]:
        """The user's events in the order they were stored."""

    def saved_ids(self, user: User) -> list[str]:
        """The user's library, oldest save first."""

    def dismissed_ids(self, user: User) -> list[str]:
        """Papers the user marked "not interested" (and did not undo), sorted."""

    def library(
        self, user: User, query: str | None, limit: int, offset: int
    ) -> tuple[int, list[tuple[Paper, str]]]:
        """How many saved papers match `query` (in title, authors or abstract), and a page of
        them, newest save first, each with when it was saved."""

    def learning_stamp(self, user: User) -> tuple[int, int]:
        """(feedback events stored, keyword revision): when it changes, whoever wrote it (the
        server, the CLI, a BibTeX import), the user's model is out of date."""

    # Keyword seeds: a ranking before the first save

    def set_keywords(self, user: User, keywords: list[str]) -> None:
        """Replace the user's keyword seeds (an empty list clears them)."""

    def keywords(self, user: User) -> tuple[list[str], int]:
        """The user's keyword seeds and how many times they were set (0: never)."""

    # `paperlens sync`: the days of the daily list already fetched

    def synced_days(self) -> set[str]: ...

    def mark_synced(self, day: str, papers: int) -> None: ...
