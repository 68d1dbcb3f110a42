"""Real Chromium with the built extension loaded, huggingface.co served from fixtures."""

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, Route, sync_playwright

from bench import chromium
from tests.e2e.extension import HF, wait_for_badges
from tests.e2e.hf_page import daily_page, list_page, paper_page, unknown_page
from tests.live_server import LiveServer

ARTIFACTS = chromium.ROOT / "test-results"

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
    if (problem := chromium.missing()) is not None:
        pytest.fail(problem)

    def serve_site(route: Route) -> None:
        full = route.request.url.removeprefix("https://huggingface.co").split("#")[0]
        path = full.split("?")[0].rstrip("/") or "/"
        body = site_pages.get(full, site_pages.get(path))
        if body is None:
            route.fulfill(status=404, body="not in the fixture")
        else:
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=body)

    with sync_playwright() as playwright:
        context = chromium.launch(playwright, tmp_path / "profile")
        context.route("https://huggingface.co/**", serve_site)
        yield context
        context.close()


@pytest.fixture
def pair(browser: BrowserContext) -> Callable[[LiveServer, str], None]:
    """Pairs the extension with a server: the options page, as a person would fill it in."""

    def pair_with(server: LiveServer, token: str) -> None:
        chromium.pair(browser, server.http_url, token)

    return pair_with


@pytest.fixture
def papers_tab(
    server: LiveServer,
    browser: BrowserContext,
    pair: Callable[[LiveServer, str], None],
    daily_papers: list[dict[str, Any]],
) -> Page:
    """The extension paired with the server as a new user, "researcher", and a tab on the day's
    papers page once every card has its badge (popular: nothing saved yet)."""
    pair(server, server.add_user("researcher"))
    tab = browser.new_page()
    tab.goto(HF + "/papers")
    wait_for_badges(tab, len(daily_papers), ("popular",))
    return tab
