"""All server settings in one class, each also settable by a PAPERLENS_* environment variable."""

from pathlib import Path

import platformdirs
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

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
    # How many page views per connection keep receiving pushed scores (oldest dropped first).
    pages_per_connection: int = 32
    # Frames waiting for one client; a client that lets this many pile up is dropped.
    max_queued_frames: int = 256
    # After a push, further feedback within this window is folded into one more push.
    push_window_s: float = 1.0
    # Where `paperlens sync` fetches the daily lists, and how politely.
    hf_base_url: str = "https://huggingface.co"
    sync_min_interval_s: float = 1.0
