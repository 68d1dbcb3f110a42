"""Users, their tokens (only the SHA-256 of each is checked) and their Firefox origin pins."""

import hashlib
import hmac
import secrets
from typing import cast

from paperlens.errors import UnknownUser, UserExists
from paperlens.records import User
from paperlens.storage.sqlite.core import Tables, now
from paperlens.storage.store import DEFAULT_USER

# Every table holding rows of one user: a removed user leaves nothing behind.
USER_TABLES = (
    "feedback",
    "saves",
    "dismissals",
    "impressions",
    "keyword_seeds",
    "origin_pins",
)


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class UserTables(Tables):
    def add_user(self, name: str) -> tuple[User, str]:
        if self._core.execute("SELECT 1 FROM users WHERE name = ?", [name]).fetchone():
            raise UserExists(f"a user named {name!r} already exists")
        token = secrets.token_urlsafe(24)
        with self._core.transaction():
            self._core.execute(
                "INSERT INTO users (name, token, token_sha256, created) VALUES (?, ?, ?, ?)",
                [name, token, _token_digest(token), now()],
            )
        return self.user_by_name(name), token

    def user_by_name(self, name: str) -> User:
        row = self._core.execute("SELECT id, name FROM users WHERE name = ?", [name]).fetchone()
        if row is None:
            raise UnknownUser(f"no user named {name!r}")
        return User(id=row[0], name=row[1])

    def users(self) -> list[User]:
        rows = self._core.execute("SELECT id, name FROM users ORDER BY id").fetchall()
        return [User(id=r[0], name=r[1]) for r in rows]

    def remove_user(self, name: str) -> None:
        user = self.user_by_name(name)
        with self._core.transaction():
            for table in USER_TABLES:
                self._core.execute(f"DELETE FROM {table} WHERE user_id = ?", [user.id])
            self._core.execute("DELETE FROM users WHERE id = ?", [user.id])

    def rotate_token(self, name: str) -> str:
        user = self.user_by_name(name)
        token = secrets.token_urlsafe(24)
        with self._core.transaction():
            self._core.execute("DELETE FROM origin_pins WHERE user_id = ?", [user.id])
            self._core.execute(
                "UPDATE users SET token = ?, token_sha256 = ? WHERE id = ?",
                [token, _token_digest(token), user.id],
            )
        return token

    def token_of(self, name: str) -> str:
        row = self._core.execute("SELECT token FROM users WHERE name = ?", [name]).fetchone()
        if row is None:
            raise UnknownUser(f"no user named {name!r}")
        return cast(str, row[0])

    def authenticate(self, token: str) -> User | None:
        digest = _token_digest(token)
        row = self._core.execute(
            "SELECT id, name, token_sha256 FROM users WHERE token_sha256 = ?", [digest]
        ).fetchone()
        if row is None or not hmac.compare_digest(row[2], digest):
            return None
        return User(id=row[0], name=row[1])

    def ensure_default_user(self) -> tuple[User, str, bool]:
        if not self._core.execute("SELECT 1 FROM users LIMIT 1").fetchone():
            user, token = self.add_user(DEFAULT_USER)
            return user, token, True
        first = self.users()[0]
        return first, self.token_of(first.name), False

    def pin_origin(self, user: User, origin: str) -> str:
        with self._core.transaction():
            self._core.execute(
                "INSERT OR IGNORE INTO origin_pins (user_id, origin, pinned) VALUES (?, ?, ?)",
                [user.id, origin, now()],
            )
            row = self._core.execute(
                "SELECT origin FROM origin_pins WHERE user_id = ?", [user.id]
            ).fetchone()
        return cast(str, row[0])
