"""The site is a client-side app: PaperLens follows navigation without a reload, picks up cards
added later ("load more"), never paints a card twice, and leaves a page it does not know alone."""

from collections.abc import Callable
from typing import Any

from playwright.sync_api import BrowserContext, Page

from bench.chromium import extension_id
from tests.e2e.extension import (
    HF,
    card_ids,
    press_save,
    saved_in_db,
    spa_navigate,
    tab_id,
    wait_for_badges,
    wait_until,
)
from tests.e2e.hf_page import card
from tests.live_server import LiveServer

ONE_HOST_PER_CARD = """() => [...document.querySelectorAll('article')]
    .every(a => a.querySelectorAll('paperlens-card').length === 1)"""


def test_spa_navigation_between_page_kinds_and_load_more(
    server: LiveServer, papers_tab: Page, daily_papers: list[dict[str, Any]]
) -> None:
    tab = papers_tab
    tab.evaluate("() => { window.notReloaded = true }")

    spa_navigate(tab, "/papers/trending")
    trending = tab.locator("article").count()
    wait_for_badges(tab, trending, ("popular",))
    assert tab.evaluate(ONE_HOST_PER_CARD)
    assert tab.locator("paperlens-toolbar").count() == 1
    ids = card_ids(tab)
    press_save(tab, ids[0])
    wait_until(lambda: saved_in_db(server) == {ids[0]}, what="save after navigation")

    # "Load more": the site appends cards to the list; they are annotated without polling.
    extra = [p for p in daily_papers if p["id"] not in ids][:2]
    tab.evaluate(
        "(html) => document.querySelector('article').parentElement"
        ".insertAdjacentHTML('beforeend', html)",
        "".join(card(p) for p in extra),
    )
    wait_for_badges(tab, trending + 2, ("personal", "popular"))
    assert tab.evaluate(ONE_HOST_PER_CARD)

    spa_navigate(tab, f"/papers/{extra[0]['id']}")
    wait_for_badges(tab, 1, ("personal", "popular"))
    assert tab.locator("paperlens-toolbar").count() == 0
    tab.locator("paperlens-similar").wait_for(state="attached")

    spa_navigate(tab, "/papers/week/2026-W20")
    wait_for_badges(tab, tab.locator("article").count(), ("personal", "popular"))
    assert tab.evaluate(ONE_HOST_PER_CARD)
    assert tab.evaluate("() => window.notReloaded === true")


def test_unknown_page_shape_shows_nothing_and_the_popup_says_so(
    server: LiveServer, browser: BrowserContext, pair: Callable[[LiveServer, str], None]
) -> None:
    pair(server, server.add_user("researcher"))
    tab = browser.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    url = HF + "/papers/date/2026-05-11"
    tab.goto(url)
    popup = browser.new_page()
    popup.goto(f"chrome-extension://{extension_id(browser)}/popup.html?tab={tab_id(browser, url)}")
    status = popup.locator("#page-status")
    status.wait_for()
    assert status.get_attribute("data-shape") == "unknown"
    assert "does not recognise" in status.inner_text()
    assert tab.locator("paperlens-card, paperlens-toolbar").count() == 0
    assert errors == []
