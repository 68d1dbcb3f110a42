"""All server settings in one class, each also settable by a PAPERLENS_* environment variable."""

from pathlib import Path
from typing import Annotated

import platformdirs
from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_PORT = 8377


def default_db_path() -> Path:
    return Path(platformdirs.user_data_dir("paperlens")) / "paperlens.db"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PAPERLENS_")

    host: str = "127.0.0.1"
    port: int = Field(default=DEFAULT_PORT, ge=1, le=65535)
    db: Path = Field(default_factory=default_db_path)
    # A page of 500 papers with full abstracts stays well under this; larger frames are refused.
    max_message_bytes: int = 1024 * 1024
    # Chrome extension ids whose origin may call the server, comma-separated in the environment.
    # Empty: any chrome-extension:// origin (no web page can send one); set it to the id the
    # manifest `key` fixes once the extension ships with one.
    chrome_extension_ids: Annotated[frozenset[str], NoDecode] = frozenset()
    # Per token, shared by its WebSocket frames and REST calls: a bucket of `rate_burst` requests
    # refilled at `rate_per_s`. An extension replaying a long offline queue stays well inside.
    rate_per_s: float = Field(default=30.0, gt=0)
    rate_burst: int = Field(default=300, ge=1)
    # Open WebSocket connections per token (one per browser profile is the norm).
    max_connections_per_token: int = Field(default=16, ge=1)
    # How many page views per connection keep receiving pushed scores (oldest dropped first).
    pages_per_connection: int = 32
    # Frames waiting for one client; a client that lets this many pile up is dropped.
    max_queued_frames: int = 256
    # After a push, further feedback within this window is folded into one more push.
    push_window_s: float = 1.0
    # How often the server copies SQLite's write-ahead log into the database file (in the
    # background, so that no commit pays for it).
    checkpoint_interval_s: float = Field(default=1.0, gt=0)
    # Where `paperlens sync` fetches the daily lists, and how politely.
    hf_base_url: str = "https://huggingface.co"
    sync_min_interval_s: float = 1.0

    @field_validator("chrome_extension_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return frozenset(part.strip() for part in value.split(",") if part.strip())
        return value
