"""Real Chromium with the built extension loaded, huggingface.co served from fixtures."""

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, Route, sync_playwright

from tests.e2e.extension import extension_id
from tests.e2e.hf_page import daily_page, list_page, paper_page, unknown_page
from tests.live_server import LiveServer

ROOT = Path(__file__).resolve().parents[2]
EXTENSION = ROOT / "extension" / "build" / "chrome-mv3-prod"
CHROMIUM = os.environ.get("PAPERLENS_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = ROOT / "test-results"

PageRoutes = dict[str, str]


@pytest.fixture
def site_pages(daily_papers: list[dict[str, Any]]) -> PageRoutes:
    """Path (with its query, if any) on huggingface.co -> HTML served for it: every page kind."""
    day = daily_page(daily_papers, "2026-05-12")
    agents = [p for p in daily_papers if "agent" in p["title"].lower()]
    return {
        "/papers": day,
        "/papers/date/2026-05-12": day,
        "/papers/week/2026-W20": list_page(daily_papers[::2], "Week 2026-W20", period="week"),
        "/papers/month/2026-05": list_page(daily_papers[1::2], "May 2026", period="month"),
        "/papers/trending": list_page(daily_papers[::-1][:20], "Trending papers"),
        "/papers?q=agent": list_page(agents, "Search: agent", search=True),
        "/papers/date/2026-05-11": unknown_page(),
        **{f"/papers/{p['id']}": paper_page(p) for p in daily_papers},
    }


@pytest.fixture
def browser(tmp_path: Path, site_pages: PageRoutes) -> Iterator[BrowserContext]:
    if not (EXTENSION / "manifest.json").is_file():
        pytest.fail(f"expected the built extension in {EXTENSION}; run npm run build in extension/")
    if shutil.which(CHROMIUM) is None:
        pytest.fail(f"expected Chromium at {CHROMIUM} (apt-get install chromium)")

    def serve_site(route: Route) -> None:
        full = route.request.url.removeprefix("https://huggingface.co").split("#")[0]
        path = full.split("?")[0].rstrip("/") or "/"
        body = site_pages.get(full, site_pages.get(path))
        if body is None:
            route.fulfill(status=404, body="not in the fixture")
        else:
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=body)

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=CHROMIUM,
            headless=True,
            args=[
                f"--disable-extensions-except={EXTENSION}",
                f"--load-extension={EXTENSION}",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
            ],
            viewport={"width": 1280, "height": 900},
        )
        context.route("https://huggingface.co/**", serve_site)
        yield context
        context.close()


@pytest.fixture
def pair(browser: BrowserContext) -> Callable[[LiveServer, str], None]:
    """Pairs the extension with a server: the options page, as a person would fill it in."""

    def pair_with(server: LiveServer, token: str) -> None:
        options: Page = browser.new_page()
        options.goto(f"chrome-extension://{extension_id(browser)}/options.html")
        options.fill("#server-url", server.http_url)
        options.fill("#token", token)
        options.click("#save")
        # A locator, not wait_for_function: extension pages forbid eval (their CSP).
        options.locator("#status", has_text="Connected").wait_for(timeout=15000)
        options.close()

    return pair_with
