"""Latency, concurrency and corpus-scale benchmarks of the server (issue 7), each against a
real `paperlens serve` process on 127.0.0.1, next to arxiv-sanity-lite's way of ranking timed
in the same run; and headless Chromium with the built extension (`chromium`), which the
end-to-end tests and scripts/bench_extension.py share. Not part of the installed package: it
needs Playwright (the test extra) and, for --profile, py-spy. Run it with
`.venv/bin/python scripts/bench_server.py` (see --help).

Modules: `options` (what to run, sizes), `corpus` (real and synthetic papers, databases),
`server` (the process, its RSS), `client` (the WebSocket protocol, timed), `reference`
(arxiv-sanity-lite), `latency` / `load` / `scale` / `browser` (the measures), `site` (pages
for Chromium), `profiling` (py-spy), `stats` (rows, table, JSON), `runner` (the sessions).
"""

from collections.abc import Sequence

from bench.options import MEASURES, Options, parse
from bench.runner import run
from bench.stats import Row, format_table, write_json

__all__ = ["MEASURES", "Options", "Row", "format_table", "main", "parse", "run", "write_json"]


def main(argv: Sequence[str] | None = None) -> list[Row]:
    """Parse the command line, run, print the table (and write --json)."""
    options = parse(argv)
    rows = run(options)
    print(format_table(rows))
    if options.json is not None:
        write_json(rows, options.json)
    return rows
