"""Benchmark (not a test): content-script time to annotate 100 paper cards, in Chromium.

Loads the built extension into headless Chromium, pairs it with a real `paperlens serve` on a
free port, opens a papers page of 100 cards (huggingface.co served from the fixture day) several
times, and reads the content script's own performance measures from the page:

  paperlens:annotate  mount a badge, Save and Not interested on every card (locating the cards
                      and handing their papers to the background, in the same task, are not in it)
  paperlens:scores    paint one push of 100 scores (and re-order the cards, in "For me")

The content script starts with the document, so it may annotate the cards in several scans as
the parser adds them (and may paint a push before the last cards are in): each measure is the
sum over its entries up to the one that covered all the cards (or, for a push painted before
they were all in, over its entries: the rest of that push is painted as the cards are mounted).

Prints a table of min / median / p95 / max per measure against the 16 ms target (one frame).

    .venv/bin/python scripts/bench_extension.py [--runs 15] [--cards 100]
"""

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

from playwright.sync_api import BrowserContext, Page, Route, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import chromium  # noqa: E402
from tests.e2e.hf_page import list_page  # noqa: E402
from tests.live_server import LiveServer  # noqa: E402

FIXTURE = ROOT / "tests" / "fixtures" / "hf_daily_2026-05-12.json"
TARGET_MS = 16.0
MEASURES = ("paperlens:annotate", "paperlens:scores")


def papers(count: int) -> list[dict[str, Any]]:
    """`count` distinct papers made from the fixture day (ids suffixed past its 36)."""
    day = json.loads(FIXTURE.read_text(encoding="utf-8"))["papers"]
    keys = ("id", "title", "abstract", "authors", "upvotes", "published")
    made = []
    for i in range(count):
        paper = {k: day[i % len(day)][k] for k in keys}
        if i >= len(day):
            paper["id"] = f"{paper['id']}v{i // len(day) + 1}"
        made.append(paper)
    return made


def launch(playwright: Any, profile: Path, html: str) -> BrowserContext:
    """Chromium with the extension, serving `html` for every huggingface.co page."""
    context = chromium.launch(playwright, profile)

    def serve(route: Route) -> None:
        route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)

    context.route("https://huggingface.co/**", serve)
    return context


def measure_once(page: Page, cards: int) -> dict[str, float]:
    page.goto("https://huggingface.co/papers")
    page.wait_for_function(
        """([annotate, scores, cards]) => performance.getEntriesByName(scores).length > 0 &&
            performance.getEntriesByName(annotate).some(e => e.detail.cards === cards)""",
        arg=[*MEASURES, cards],
        timeout=20000,
    )
    entries: list[dict[str, Any]] = page.evaluate(
        """([names, cards]) => names.map(n => {
            const all = performance.getEntriesByName(n)
            const last = all.findIndex(e => e.detail.cards === cards)
            const upTo = last < 0 ? all : all.slice(0, last + 1)
            return {name: n, duration: upTo.reduce((sum, e) => sum + e.duration, 0)}
        })""",
        [list(MEASURES), cards],
    )
    return {e["name"]: e["duration"] for e in entries}


def table(samples: dict[str, list[float]], cards: int) -> str:
    head = f"{'measure (' + str(cards) + ' cards)':<30}{'runs':>5}{'min':>8}{'median':>8}"
    head += f"{'p95':>8}{'max':>8}  target {TARGET_MS:g} ms"
    lines = [head, "-" * len(head)]
    for name, values in samples.items():
        ordered = sorted(values)
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
        verdict = "ok" if statistics.median(values) <= TARGET_MS else "OVER"
        lines.append(
            f"{name:<30}{len(values):>5}{ordered[0]:>8.2f}{statistics.median(values):>8.2f}"
            f"{p95:>8.2f}{ordered[-1]:>8.2f}  {verdict} (median)"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--cards", type=int, default=100)
    args = parser.parse_args()
    if (problem := chromium.missing()) is not None:
        sys.exit(problem)

    html = list_page(papers(args.cards), f"Benchmark: {args.cards} papers")
    samples: dict[str, list[float]] = {name: [] for name in MEASURES}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        server = LiveServer(db_path=Path(tmp) / "bench.db")
        server.start()
        context = launch(playwright, Path(tmp) / "profile", html)
        try:
            chromium.pair(context, server.http_url, server.add_user("bench"))
            page = context.new_page()
            measure_once(page, args.cards)  # warm-up: caches, JIT, the server's first fit
            for _ in range(args.runs):
                for name, duration in measure_once(page, args.cards).items():
                    samples[name].append(duration)
        finally:
            context.close()
            server.stop()
    print(table(samples, args.cards))


if __name__ == "__main__":
    main()
