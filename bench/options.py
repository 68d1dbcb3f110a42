"""What a benchmark run measures and at which sizes: the command line (`--only`, `--quick`,
`--corpus-size`, `--json`, `--profile`) and the sizes each mode implies."""

import argparse
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

# In table order; `--only` takes these names.
MEASURES = (
    "page_known",
    "page_new",
    "feedback",
    "load",
    "recommend",
    "rss",
    "start",
    "e2e",
)
FULL_CORPUS = 200_000


@dataclass
class Options:
    only: tuple[str, ...] = MEASURES
    quick: bool = False
    corpus_size: int = FULL_CORPUS
    json: Path | None = None
    # A folder for py-spy profiles of the server, one per measure (py-spy must be installed).
    profile: Path | None = None
    seed: int = 0
    page_samples: int = 200
    new_page_samples: int = 60
    feedback_samples: int = 30
    feedback_users: int = 6
    load_clients: int = 1000
    load_seconds: float = 60.0
    recommend_samples: int = 20
    model_users: int = 1000
    # Fitting 1,000 models one after the other must stay within the run's time bound.
    fit_budget_s: float = 240.0
    # Each start at 200,000 papers now takes about a minute (the corpus is fitted first).
    starts: int = 3
    browser_loads: int = 20
    reference_repeats: int = 3
    # The reference refitted over `corpus_size` papers for the recommend row (minutes and GBs
    # at 200,000): off unless asked for; by default that row's reference is left out.
    reference_at_scale: bool = False

    def wants(self, measure: str) -> bool:
        return measure in self.only


def quick(options: Options) -> Options:
    """Small sizes for a CI smoke run: every row, in a minute or two, with numbers that say
    nothing about the targets."""
    options.quick = True
    options.corpus_size = min(options.corpus_size, 20_000)
    options.page_samples, options.new_page_samples = 20, 10
    options.feedback_samples, options.feedback_users = 4, 2
    options.load_clients, options.load_seconds = 20, 8.0
    options.recommend_samples, options.model_users, options.fit_budget_s = 5, 20, 60.0
    options.starts, options.browser_loads, options.reference_repeats = 2, 3, 1
    return options


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="bench_server",
        description="Latency, concurrency and corpus-scale benchmarks against a real "
        "`paperlens serve` process on 127.0.0.1, next to arxiv-sanity-lite's way of ranking.",
    )
    p.add_argument("--json", type=Path, help="also write the table to this file (JSON list)")
    p.add_argument("--quick", action="store_true", help="small sizes, for a CI smoke run")
    p.add_argument("--only", help=f"comma-separated subset of: {','.join(MEASURES)}")
    p.add_argument("--corpus-size", type=int, help=f"papers at scale (default {FULL_CORPUS:,})")
    p.add_argument("--load-seconds", type=float, help="how long the 1,000 clients run (60)")
    p.add_argument("--load-clients", type=int, help="connected clients in the load run (1000)")
    p.add_argument("--profile", type=Path, help="record py-spy profiles of the server here")
    p.add_argument(
        "--reference-at-scale",
        action="store_true",
        help="also refit the reference over the whole scaled corpus (slow)",
    )
    return p


def parse(argv: Sequence[str] | None = None) -> Options:
    args = parser().parse_args(argv)
    options = Options(json=args.json, profile=args.profile)
    options.reference_at_scale = args.reference_at_scale
    if args.corpus_size:
        options.corpus_size = args.corpus_size
    if args.quick:
        quick(options)
    if args.only:
        wanted = tuple(m.strip() for m in args.only.split(",") if m.strip())
        unknown = set(wanted) - set(MEASURES)
        if unknown:
            p = parser()
            p.error(f"expected --only names among {', '.join(MEASURES)}, got {sorted(unknown)}")
        options.only = tuple(m for m in MEASURES if m in wanted)
    if args.load_seconds:
        options.load_seconds = args.load_seconds
    if args.load_clients:
        options.load_clients = args.load_clients
    return options
