"""What the end-to-end tests read and click on a page PaperLens annotated, through its open
shadow roots (the DOM contract in extension/README.md), and what they read back from SQLite."""

import sqlite3
import time
from collections.abc import Callable
from typing import Any

from playwright.sync_api import BrowserContext, Locator, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.live_server import LiveServer

HF = "https://huggingface.co"
# What a test waits for the extension or the server to show: generous, so that a loaded machine
# slows the tests down without failing them.
TIMEOUT_MS = 60_000


def badges(page: Page) -> dict[str, tuple[str, str]]:
    """paper id -> (badge state, badge text)."""
    result: dict[str, tuple[str, str]] = page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('paperlens-card')].map(h => {
            const b = h.shadowRoot.querySelector('.pl-badge')
            return [h.dataset.paperId, [b.dataset.state, b.textContent]]
        }))"""
    )
    return result


def wait_for_badges(page: Page, count: int, states: tuple[str, ...]) -> dict[str, Any]:
    """Exactly `count` badges, one per card, each in one of `states`."""
    page.wait_for_function(
        """([count, states]) => {
            const hosts = [...document.querySelectorAll('paperlens-card')]
            const cards = document.querySelectorAll('article').length
            return hosts.length === count && (cards === 0 || cards === count) && hosts.every(h =>
                states.includes(h.shadowRoot.querySelector('.pl-badge').dataset.state))
        }""",
        arg=[count, list(states)],
        timeout=TIMEOUT_MS,
    )
    return badges(page)


def card_ids(page: Page) -> list[str]:
    """Paper ids of the cards, in the order the page shows them."""
    ids: list[str] = page.evaluate(
        "() => [...document.querySelectorAll('article paperlens-card')].map(h => h.dataset.paperId)"
    )
    return ids


def ranks(page: Page) -> dict[str, int]:
    result: dict[str, int] = page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('paperlens-card')]
            .map(h => [h.dataset.paperId, Number(h.dataset.rank)]))"""
    )
    return result


def control(page: Page, paper_id: str, selector: str) -> Locator:
    """A control in one paper's overlay (Playwright's CSS pierces open shadow roots)."""
    return page.locator(f'paperlens-card[data-paper-id="{paper_id}"] {selector}')


def press_save(page: Page, paper_id: str) -> None:
    """Click Save and see it take (the button turns pressed at once). The overlays can still
    move when the toolbar above the list fills in, so a click that landed elsewhere is tried
    again; the tests then check what reached the database."""
    button = control(page, paper_id, "button.pl-save")
    for _ in range(3):
        button.click()
        try:
            page.wait_for_function(
                """(id) => document.querySelector(`paperlens-card[data-paper-id="${id}"]`)
                    .shadowRoot.querySelector('.pl-save')
                    .getAttribute('aria-pressed') === 'true'""",
                arg=paper_id,
                timeout=5000,
            )
            return
        except PlaywrightTimeout:
            continue
    raise AssertionError(f"Save on {paper_id} never turned pressed")


def toolbar(page: Page, selector: str) -> Locator:
    return page.locator(f"paperlens-toolbar {selector}")


def wait_until(
    condition: Callable[[], bool], timeout: float = TIMEOUT_MS / 1000, what: str = "condition"
) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"{what} not met in {timeout} s"
        time.sleep(0.1)


def db_rows(server: LiveServer, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    with sqlite3.connect(server.db_path) as db:
        return list(db.execute(sql, args))


def saved_in_db(server: LiveServer) -> set[str]:
    return {row[0] for row in db_rows(server, "SELECT paper_id FROM saves")}


def actions_in_db(server: LiveServer, paper_id: str) -> list[str]:
    rows = db_rows(
        server,
        "SELECT action FROM feedback WHERE paper_id = ? AND action != 'open' ORDER BY received",
        paper_id,
    )
    return [row[0] for row in rows]


def tab_id(context: BrowserContext, url: str) -> int:
    """The browser's id of the tab showing `url`, from the background's own page registry."""
    worker = context.service_workers[0]
    found: int | None = None

    def look() -> bool:
        nonlocal found
        pages = worker.evaluate("async () => (await chrome.storage.session.get('pages')).pages")
        found = next((int(t) for t, p in (pages or {}).items() if p["url"] == url), None)
        return found is not None

    wait_until(look, what=f"a tab showing {url}")
    assert found is not None
    return found


def spa_navigate(page: Page, path: str) -> None:
    """Client-side navigation as the site does it: pushState, then swap the app's content."""
    page.evaluate(
        """async (path) => {
            const html = await (await fetch(path)).text()
            const next = new DOMParser().parseFromString(html, 'text/html')
            history.pushState({}, '', path)
            document.querySelector('#app').replaceWith(document.adoptNode(next.querySelector('#app')))
        }""",
        path,
    )
