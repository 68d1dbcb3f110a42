"""Every kind of huggingface.co/papers page, in Chromium with the built extension: badges,
Save, Not interested + Undo, and on list pages the "For me" order and back."""

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.extension import (
    HF,
    TIMEOUT_MS,
    actions_in_db,
    card_ids,
    control,
    press_save,
    saved_in_db,
    spa_navigate,
    toolbar,
    wait_for_badges,
    wait_until,
)
from tests.live_server import LiveServer

LIST_PAGES = [
    "/papers/date/2026-05-12",
    "/papers/week/2026-W20",
    "/papers/month/2026-05",
    "/papers/trending",
    "/papers?q=agent",
]

ONE_HOST_PER_CARD = """() => [...document.querySelectorAll('article')]
    .every(a => a.querySelectorAll('paperlens-card').length === 1)"""

IN_RANK_ORDER = """(siteOrder) => {
    const hosts = [...document.querySelectorAll('article paperlens-card')]
    const shown = hosts.map(h => h.dataset.paperId)
    const rank = Object.fromEntries(hosts.map(h => [h.dataset.paperId, Number(h.dataset.rank)]))
    const wanted = [...siteOrder].sort((a, b) =>
        rank[a] - rank[b] || siteOrder.indexOf(a) - siteOrder.indexOf(b))
    return JSON.stringify(shown) === JSON.stringify(wanted)
}"""


def navigate_without_reload(tab: Page, path: str) -> None:
    """The site's own navigation (pushState + new content): the next page gets its badges."""
    spa_navigate(tab, path)
    count = tab.locator("article").count()
    wait_for_badges(tab, count or 1, ("personal", "popular"))
    assert tab.evaluate(ONE_HOST_PER_CARD)


def dismiss_and_undo(tab: Page, server: LiveServer, paper_id: str, card: str) -> None:
    """Not interested collapses the card to a one-line stub, its title and an Undo that takes the
    focus; Undo, by keyboard, restores the card and puts the focus back on Not interested."""
    title = tab.locator(f"{card} h3").inner_text().strip()
    control(tab, paper_id, "button.pl-dismiss").click()
    tab.wait_for_selector(f"{card}[data-paperlens-dismissed]", state="attached")
    stub = tab.locator(f'paperlens-stub[data-paper-id="{paper_id}"]')
    stub.wait_for(state="visible")
    assert tab.locator(f"{card} h3").is_hidden(), "the card's own content is collapsed"
    assert stub.locator(".title").inner_text() == title
    box = tab.locator(card).bounding_box()
    assert box is not None and box["height"] < 60, f"collapsed to one line, not {box}"
    tab.keyboard.press("Enter")  # the focus is on the stub's Undo
    tab.wait_for_selector(f"{card}:not([data-paperlens-dismissed])", state="attached")
    assert stub.count() == 0
    assert tab.locator(f"{card} h3").is_visible()
    assert control(tab, paper_id, "button.pl-dismiss").get_attribute("aria-pressed") == "false"
    assert tab.evaluate(
        f"""() => document.activeElement?.dataset.paperId === "{paper_id}" &&
            document.activeElement.shadowRoot.activeElement?.classList.contains("pl-dismiss")"""
    ), "the focus is back on Not interested"
    wait_until(lambda: actions_in_db(server, paper_id) == ["dismiss", "undismiss"], what="dismiss")


@pytest.mark.parametrize("path", LIST_PAGES)
def test_list_page(
    path: str, server: LiveServer, browser: BrowserContext, pair: Callable[[LiveServer, str], None]
) -> None:
    pair(server, server.add_user("researcher"))
    tab = browser.new_page()
    tab.goto(HF + path)
    count = tab.locator("article").count()
    assert count >= 2
    wait_for_badges(tab, count, ("popular",))
    site_order = card_ids(tab)
    assert len(site_order) == count

    first, second = site_order[0], site_order[1]
    # Keyboard: from the card's title link, Tab reaches the badge, whose focus shows the reason.
    tab.locator(f'article h3 a[href="/papers/{first}"]').focus()
    tab.keyboard.press("Tab")
    control(tab, first, ".pl-tip").wait_for(state="visible")
    assert control(tab, first, ".pl-tip").inner_text().strip()
    tab.keyboard.press("Tab")
    tab.keyboard.press("Enter")  # Save, by keyboard
    wait_until(lambda: saved_in_db(server) == {first}, what="save stored")
    assert control(tab, first, "button.pl-save").get_attribute("aria-pressed") == "true"
    wait_for_badges(tab, count, ("personal",))

    card = f'article:has(paperlens-card[data-paper-id="{second}"])'
    dismiss_and_undo(tab, server, second, card)

    toolbar(tab, 'button[data-mode="forme"]').click()
    tab.wait_for_function(IN_RANK_ORDER, arg=site_order, timeout=TIMEOUT_MS)
    ARTIFACTS.mkdir(exist_ok=True)
    if path == LIST_PAGES[0]:
        tab.screenshot(path=str(ARTIFACTS / "reranked.png"))
        # The choice is remembered: a fresh load of the page comes up "For me" again.
        tab.reload()
        wait_for_badges(tab, count, ("personal",))
        tab.wait_for_function(IN_RANK_ORDER, arg=site_order, timeout=TIMEOUT_MS)
        assert toolbar(tab, 'button[data-mode="forme"]').get_attribute("aria-pressed") == "true"
    if path == "/papers/trending":
        # The site's dark theme (class "dark" on <html>) reaches every overlay and the toolbar.
        tab.evaluate("() => document.documentElement.classList.add('dark')")
        tab.wait_for_function(
            """() => [...document.querySelectorAll('paperlens-card, paperlens-toolbar')]
                .every(h => h.dataset.theme === 'dark')""",
            timeout=TIMEOUT_MS,
        )
        tab.screenshot(path=str(ARTIFACTS / "dark-theme.png"))
    assert tab.locator("article").count() == count, "cards moved, none added or lost"
    toolbar(tab, 'button[data-mode="site"]').click()
    tab.wait_for_function(
        "(order) => JSON.stringify([...document.querySelectorAll('article paperlens-card')]"
        ".map(h => h.dataset.paperId)) === JSON.stringify(order)",
        arg=site_order,
        timeout=TIMEOUT_MS,
    )
    navigate_without_reload(tab, LIST_PAGES[(LIST_PAGES.index(path) + 1) % len(LIST_PAGES)])


def test_paper_page(
    server: LiveServer, browser: BrowserContext, pair: Callable[[LiveServer, str], None]
) -> None:
    pair(server, server.add_user("researcher"))
    # The server knows the day's papers once a list page was scored: "more like this" draws on them.
    day = browser.new_page()
    day.goto(HF + "/papers")
    wait_for_badges(day, day.locator("article").count(), ("popular",))
    paper_id = card_ids(day)[3]
    day.close()

    tab = browser.new_page()
    tab.goto(f"{HF}/papers/{paper_id}")
    wait_for_badges(tab, 1, ("popular", "personal"))
    host = tab.locator(f'h1 + paperlens-card[data-paper-id="{paper_id}"]')
    assert host.count() == 1, "the overlay sits right beside the title"
    similar = tab.locator("paperlens-similar li a")
    similar.first.wait_for(timeout=TIMEOUT_MS)
    links = similar.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert links and all(h.startswith("/papers/") and h != f"/papers/{paper_id}" for h in links)

    press_save(tab, paper_id)
    wait_until(lambda: saved_in_db(server) == {paper_id}, what="save stored")
    control(tab, paper_id, "button.pl-dismiss").click()
    control(tab, paper_id, "button.pl-undo-button").click()
    wait_until(lambda: actions_in_db(server, paper_id) == ["save", "dismiss", "undismiss"])
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "paper-page.png"))
    tab.wait_for_function(
        "() => document.querySelector('paperlens-card').shadowRoot"
        ".querySelector('.pl-badge').dataset.state === 'personal'",
        timeout=TIMEOUT_MS,
    )
    navigate_without_reload(tab, "/papers/trending")
