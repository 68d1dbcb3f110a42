"""The `paperlens` command: serve, and user management."""

import logging
from pathlib import Path
from typing import Any

import click
import uvicorn

from paperlens import __version__
from paperlens.app import create_app
from paperlens.errors import PaperLensError
from paperlens.settings import DEFAULT_PORT, Settings
from paperlens.storage import Store

# Where `npm run build` puts the Chrome build, when running from a checkout.
CHROME_BUILD = Path(__file__).resolve().parents[2] / "extension" / "build" / "chrome-mv3-prod"

db_option = click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="PAPERLENS_DB",
    default=None,
    help="SQLite file (env PAPERLENS_DB; default: paperlens.db in the user's data folder).",
)


def _settings(**overrides: Any) -> Settings:
    return Settings(**{k: v for k, v in overrides.items() if v is not None})


@click.group()
@click.version_option(__version__, prog_name="paperlens")
def main() -> None:
    """PaperLens companion server."""


@main.command()
@click.option(
    "--host",
    envvar="PAPERLENS_HOST",
    default=None,
    help="Address to bind (env PAPERLENS_HOST; default 127.0.0.1).",
)
@click.option(
    "--port",
    envvar="PAPERLENS_PORT",
    type=int,
    default=None,
    help=f"Port (env PAPERLENS_PORT; default {DEFAULT_PORT}).",
)
@db_option
def serve(host: str | None, port: int | None, db: Path | None) -> None:
    """Run the server (WebSocket at /ws, health at /api/health)."""
    settings = _settings(host=host, port=port, db=db)
    store = Store(settings.db)
    user, token, created = store.ensure_default_user()
    store.close()
    if settings.host not in ("127.0.0.1", "localhost", "::1"):
        click.secho(
            f"WARNING: binding {settings.host}: other machines can reach this server. "
            "Every call still needs a token.",
            fg="yellow",
            err=True,
        )
    click.echo(f"PaperLens {__version__}")
    click.echo(f"  database:  {settings.db}")
    click.echo(f"  server:    http://{settings.host}:{settings.port}")
    click.echo(f"  user:      {user.name}{' (created)' if created else ''}")
    click.echo(f"  token:     {token}")
    extension = CHROME_BUILD if CHROME_BUILD.is_dir() else "extension/build/chrome-mv3-prod"
    click.echo(f"  extension: load unpacked from {extension}")
    click.echo("  then paste the server URL and token into the extension's options page.")
    logging.basicConfig(level=logging.INFO)
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        ws="websockets",
        log_level="info",
    )


@main.group()
def user() -> None:
    """Manage users (each has a token and a model of their own)."""


@user.command("add")
@click.argument("name")
@db_option
def user_add(name: str, db: Path | None) -> None:
    """Create user NAME and print its token."""
    store = Store(_settings(db=db).db)
    try:
        _, token = store.add_user(name)
    except PaperLensError as error:
        raise click.ClickException(str(error)) from None
    finally:
        store.close()
    click.echo(token)


@user.command("list")
@db_option
def user_list(db: Path | None) -> None:
    """List users."""
    store = Store(_settings(db=db).db)
    for u in store.users():
        click.echo(u.name)
    store.close()
