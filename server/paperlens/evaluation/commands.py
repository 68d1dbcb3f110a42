"""The `paperlens eval` and `paperlens bench` commands (scripts/eval.py and scripts/bench.py
call the same).

The modules that run them are imported when a command runs: they import scikit-learn (~1.1 s),
which every other command of the CLI, `serve` first, would otherwise pay at start.
"""

import json
import time
from pathlib import Path

import click

from paperlens.evaluation import data as datasets

# The data sets as laid out beside a checkout (../shared/data).
DATA = Path(__file__).resolve().parents[4] / "shared" / "data"


@click.command("eval")
@click.option(
    "--papers",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=DATA / "citeulike-a" / "papers.jsonl",
    show_default=True,
)
@click.option(
    "--users",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=DATA / "citeulike-a" / "users.jsonl",
    show_default=True,
)
@click.option(
    "--max-users",
    type=int,
    default=200,
    show_default=True,
    help="A seeded sample of this many users per regime and k (0: every eligible user).",
)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--k", "ks", type=int, multiple=True, default=datasets.KS, show_default=True)
@click.option("--regime", "regimes", type=click.Choice(datasets.REGIMES), multiple=True)
@click.option("--no-simulation", is_flag=True, help="Skip the browsing simulation.")
@click.option(
    "--dense",
    is_flag=True,
    help="Add MiniLM rows, alone and combined (needs `pip install paperlens[embeddings]`).",
)
@click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path))
def eval_command(
    papers: Path,
    users: Path,
    max_users: int,
    seed: int,
    ks: tuple[int, ...],
    regimes: tuple[datasets.Regime, ...],
    no_simulation: bool,
    dense: bool,
    json_path: Path | None,
) -> None:
    """Rank held-out library papers: random, popularity, arxiv-sanity-lite and PaperLens."""
    from paperlens.evaluation import run, simulation
    from paperlens.learning import embeddings

    if dense and not embeddings.available():
        raise click.ClickException(
            "--dense needs the embeddings extra: pip install -e .[embeddings]"
        )
    started = time.perf_counter()
    limit = max_users or None
    click.echo(f"users sampled with seed {seed}: at most {limit or 'all'} per row (* = sample)")
    click.echo(run.HEADER)
    rows = run.evaluate(
        papers, users, regimes or datasets.REGIMES, ks, limit, seed, click.echo, dense
    )
    if not no_simulation:
        click.echo("\nbrowsing simulation (title + abstract)")
        click.echo(simulation.HEADER)
        data = datasets.load(papers, users, "ta")
        simulation.simulate(data, limit, seed, progress=click.echo)
    click.echo(f"\n{time.perf_counter() - started:.0f} s")
    if json_path is not None:
        json_path.write_text(json.dumps([r.as_json() for r in rows], indent=1), encoding="utf-8")


@click.command("bench")
@click.option(
    "--papers",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=DATA / "hf-daily-papers" / "papers.jsonl",
    show_default=True,
)
@click.option("--repeats", type=int, default=50, show_default=True)
@click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path))
def bench_command(papers: Path, repeats: int, json_path: Path | None) -> None:
    """Time refits and pages of the server's own learner on a corpus, in this process. (The
    whole server, against real processes and Chromium: scripts/bench_server.py.)"""
    from paperlens.evaluation import bench as benchmark

    measures, memory = benchmark.run(papers, repeats)
    click.echo(benchmark.HEADER)
    for measure in measures:
        click.echo(benchmark.format_measure(measure))
    click.echo(memory)
    if json_path is not None:
        json_path.write_text(
            json.dumps([m.as_json() for m in measures], indent=1), encoding="utf-8"
        )
