"""The `paperlens` command: serve, users, corpus sync, BibTeX import and export."""

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

import click
import uvicorn

from paperlens import __version__
from paperlens.app import create_app
from paperlens.errors import DatabaseCorrupt, PaperLensError
from paperlens.evaluation.commands import bench_command, eval_command
from paperlens.library import export_bibtex, import_bibtex
from paperlens.records import User
from paperlens.security import is_loopback
from paperlens.settings import DEFAULT_PORT, Settings
from paperlens.storage import Store, inspect_backup, open_store
from paperlens.sync import DailyPapersClient, days_to_sync, sync

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


@contextmanager
def _store(db: Path | None) -> Iterator[Store]:
    """The database named by --db / PAPERLENS_DB; domain errors become clean CLI errors."""
    try:
        store = open_store(_settings(db=db).db)
    except PaperLensError as error:
        raise click.ClickException(str(error)) from None
    try:
        yield store
    except PaperLensError as error:
        raise click.ClickException(str(error)) from None
    finally:
        store.close()


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
    store = _open_checked(settings.db)
    user, token, created = store.ensure_default_user()
    store.close()
    if not is_loopback(settings.host):
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
        ws="websockets-sansio",
        # A frame over the cap gets a `too_large` error; one over twice the cap is never
        # buffered whole: the connection closes with 1009.
        ws_max_size=2 * settings.max_message_bytes,
        log_level="info",
    )


def _open_checked(path: Path) -> Store:
    """The database, opened and migrated only if SQLite's integrity check finds it sound."""
    restore_hint = "stop here; `paperlens restore BACKUP` puts a backup in its place"
    try:
        store = open_store(path)
    except DatabaseCorrupt as error:
        raise click.ClickException(f"{error}; {restore_hint}") from None
    try:
        store.check_integrity()
    except PaperLensError as error:
        store.close()
        raise click.ClickException(f"{error}; {restore_hint}") from None
    return store


@main.group()
def user() -> None:
    """Manage users (each has a token and a model of their own)."""


@user.command("add")
@click.argument("name")
@db_option
def user_add(name: str, db: Path | None) -> None:
    """Create user NAME and print its token."""
    with _store(db) as store:
        _, token = store.add_user(name)
    click.echo(token)


@user.command("list")
@db_option
def user_list(db: Path | None) -> None:
    """List users."""
    with _store(db) as store:
        for u in store.users():
            click.echo(u.name)


@user.command("remove")
@click.argument("name")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@db_option
def user_remove(name: str, yes: bool, db: Path | None) -> None:
    """Delete user NAME with their library and feedback."""
    if not yes:
        click.confirm(f"Delete {name!r} with their library and feedback?", abort=True)
    with _store(db) as store:
        store.remove_user(name)
    click.echo(f"removed {name}")


@user.command("rotate-token")
@click.argument("name")
@db_option
def user_rotate_token(name: str, db: Path | None) -> None:
    """Give NAME a new token (the old one stops working) and print it."""
    with _store(db) as store:
        click.echo(store.rotate_token(name))


def _pick_user(store: Store, name: str | None) -> User:
    if name is not None:
        return store.user_by_name(name)
    users = store.users()
    if len(users) != 1:
        raise click.UsageError(f"expected --user NAME: there are {len(users)} users")
    return users[0]


user_option = click.option(
    "--user",
    "user_name",
    default=None,
    help="Whose library (needed when there is more than one user).",
)


@main.command("import-bibtex")
@click.argument("file", type=click.File("r", encoding="utf-8"))
@user_option
@db_option
def import_bibtex_command(file: TextIO, user_name: str | None, db: Path | None) -> None:
    """Add every entry of a BibTeX FILE to the library (a paper and a save each)."""
    with _store(db) as store:
        result = import_bibtex(store, _pick_user(store, user_name), file.read())
    click.echo(f"imported {len(result.paper_ids)} papers ({result.newly_saved} newly saved)")
    for skipped in result.skipped:
        click.echo(f"  skipped {skipped.entry}: {skipped.reason}", err=True)


@main.command("export-bibtex")
@click.option(
    "-o",
    "--output",
    type=click.File("w", encoding="utf-8"),
    default="-",
    help="File to write (default: standard output).",
)
@user_option
@db_option
def export_bibtex_command(output: TextIO, user_name: str | None, db: Path | None) -> None:
    """Write the library as BibTeX."""
    with _store(db) as store:
        output.write(export_bibtex(store, _pick_user(store, user_name)))


@main.command("sync")
@click.option(
    "--days",
    type=click.IntRange(1, 3650),
    default=7,
    show_default=True,
    help="How many days back from --until.",
)
@click.option(
    "--until",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Last day to fetch (default: today).",
)
@db_option
def sync_command(days: int, until: datetime | None, db: Path | None) -> None:
    """Fill the corpus from the Hugging Face daily papers lists (resumable)."""
    settings = _settings(db=db)
    client = DailyPapersClient(settings.hf_base_url, min_interval_s=settings.sync_min_interval_s)
    with _store(db) as store:
        todo = days_to_sync(store, (until or datetime.now()).date(), days)
        click.echo(f"{days - len(todo)} of {days} days already synced; fetching {len(todo)}")
        total = 0
        with click.progressbar(length=len(todo), label="syncing", file=sys.stderr) as bar:
            try:
                for _, stored in sync(store, client, todo):
                    total += stored
                    bar.update(1)
            except PaperLensError as error:
                raise click.ClickException(
                    f"{error} (finished days are kept; run again to resume)"
                ) from None
    click.echo(f"stored {total} papers")


@main.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@db_option
def backup_command(path: Path, db: Path | None) -> None:
    """Copy the database to PATH (SQLite online backup: safe while the server runs)."""
    source = _settings(db=db).db
    if not source.is_file():
        raise click.ClickException(f"expected a database at {source}, found none")
    with _store(db) as store:
        store.check_integrity()
        store.backup(path)
        counts = inspect_backup(path)
    click.echo(f"backed up {source} to {path}: {_counts(counts)}")


@main.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Replace the current database without asking.")
@db_option
def restore_command(path: Path, yes: bool, db: Path | None) -> None:
    """Replace the database with the backup at PATH, once the backup passes its checks.

    A running server sees the restored data at once, but restart it to refresh its models.
    """
    try:
        incoming = inspect_backup(path)
    except PaperLensError as error:
        raise click.ClickException(f"{error}; nothing was changed") from None
    target = _settings(db=db).db
    current = _replaced(target)
    if current is not None and not yes:
        click.confirm(
            f"Replace {target} ({current}) with {path} ({_counts(incoming)})?", abort=True
        )
    try:
        store = open_store(target)
    except DatabaseCorrupt:
        # Not a database at all: keep the file for inspection, restore beside it.
        aside = target.with_name(target.name + ".unreadable")
        for suffix in ("", "-wal", "-shm"):
            part = Path(f"{target}{suffix}")
            if part.exists():
                part.replace(f"{aside}{suffix}")
        click.echo(f"moved the unreadable {target} to {aside}")
        store = open_store(target)
    try:
        store.restore(path)
    finally:
        store.close()
    click.echo(f"restored {path} into {target}: {_counts(incoming)}")


def _replaced(target: Path) -> str | None:
    """What a restore would replace, in words; None when there is nothing to lose."""
    if not target.exists():
        return None
    try:
        store = open_store(target)
    except DatabaseCorrupt as error:
        return f"unreadable: {error}"
    try:
        store.check_integrity()
        counts = store.stats()
        return _counts(counts) if any(counts.values()) else None
    except PaperLensError as error:
        return f"damaged: {error}"
    finally:
        store.close()


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {table}" for table, n in counts.items())


# The learner: keyword seeds, evaluation and benchmark.
main.add_command(eval_command)
main.add_command(bench_command)


@main.command("keywords")
@click.argument("keywords", nargs=-1)
@click.option("--clear", is_flag=True, help="Remove every keyword seed.")
@user_option
@db_option
def keywords_command(
    keywords: tuple[str, ...], clear: bool, user_name: str | None, db: Path | None
) -> None:
    """Set keyword seeds (a ranking before the first save), or print them when none given."""
    with _store(db) as store:
        user = _pick_user(store, user_name)
        if keywords or clear:
            store.set_keywords(user, [] if clear else list(keywords))
        current, _ = store.keywords(user)
    click.echo("; ".join(current) if current else "(no keywords)")
