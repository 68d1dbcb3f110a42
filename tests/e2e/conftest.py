"""Real Chromium with the built extension loaded, huggingface.co served from fixtures."""

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, Route, sync_playwright

from tests.e2e.hf_page import daily_page
from tests.live_server import LiveServer

ROOT = Path(__file__).resolve().parents[2]
EXTENSION = ROOT / "extension" / "build" / "chrome-mv3-prod"
CHROMIUM = os.environ.get("PAPERLENS_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = ROOT / "test-results"

PageRoutes = dict[str, str]


@pytest.fixture
def site_pages(daily_papers: list[dict[str, Any]]) -> PageRoutes:
    """Path on huggingface.co -> HTML served for it."""
    return {"/papers": daily_page(daily_papers, "2026-05-12")}


@pytest.fixture
def browser(tmp_path: Path, site_pages: PageRoutes) -> Iterator[BrowserContext]:
    if not (EXTENSION / "manifest.json").is_file():
        pytest.fail(f"expected the built extension in {EXTENSION}; run npm run build in extension/")
    if shutil.which(CHROMIUM) is None:
        pytest.fail(f"expected Chromium at {CHROMIUM} (apt-get install chromium)")

    def serve_site(route: Route) -> None:
        path = route.request.url.removeprefix("https://huggingface.co").split("?")[0]
        body = site_pages.get(path.rstrip("/") or "/")
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


def extension_id(context: BrowserContext) -> str:
    workers = context.service_workers or [context.wait_for_event("serviceworker", timeout=15000)]
    return workers[0].url.split("/")[2]


@pytest.fixture
def pair(browser: BrowserContext) -> Callable[[LiveServer, str], None]:
    """Pairs the extension with a server: the options page, as a person would fill it in."""

    def pair_with(server: LiveServer, token: str) -> None:
        options: Page = browser.new_page()
        options.goto(f"chrome-extension://{extension_id(browser)}/options.html")
        options.fill("#server-url", server.http_url)
        options.fill("#token", token)
        options.click("#save")
        options.wait_for_function(
            "document.querySelector('#status')?.textContent.includes('Connected')",
            timeout=15000,
        )
        options.close()

    return pair_with
