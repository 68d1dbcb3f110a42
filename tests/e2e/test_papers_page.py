"""End to end: HF papers page -> badges -> Save -> stored -> live re-score in another tab."""

import sqlite3
import time
from collections.abc import Callable
from typing import Any

from playwright.sync_api import BrowserContext, Page

from tests.e2e.conftest import ARTIFACTS
from tests.live_server import LiveServer

SCORED = "personal, popular"


def badges(page: Page) -> dict[str, tuple[str, str]]:
    """paper id -> (badge state, badge text), read through the open shadow roots."""
    return page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('paperlens-card')].map(h => {
            const b = h.shadowRoot.querySelector('.pl-badge')
            return [h.dataset.paperId, [b.dataset.state, b.textContent]]
        }))"""
    )


def wait_for_badges(page: Page, count: int, states: tuple[str, ...]) -> dict[str, Any]:
    page.wait_for_function(
        """([count, states]) => {
            const hosts = [...document.querySelectorAll('paperlens-card')]
            return hosts.length === count && hosts.every(h =>
                states.includes(h.shadowRoot.querySelector('.pl-badge').dataset.state))
        }""",
        arg=[count, list(states)],
        timeout=15000,
    )
    return badges(page)


def saved_in_db(server: LiveServer) -> set[str]:
    with sqlite3.connect(server.db_path) as db:
        return {row[0] for row in db.execute("SELECT paper_id FROM saves")}


def wait_until(condition: Callable[[], bool], timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.1)


def click_save(page: Page, paper_id: str) -> None:
    page.locator(f'paperlens-card[data-paper-id="{paper_id}"] button.pl-save').click()


def test_badges_save_and_live_rescore_across_tabs(
    server: LiveServer,
    browser: BrowserContext,
    pair: Callable[[LiveServer, str], None],
    daily_papers: list[dict[str, Any]],
) -> None:
    pair(server, server.add_user("researcher"))
    tab1 = browser.new_page()
    tab1.goto("https://huggingface.co/papers")
    first = wait_for_badges(tab1, len(daily_papers), ("popular",))
    assert set(first) == {p["id"] for p in daily_papers}, "every card gets exactly one badge"
    assert tab1.locator("article").count() == len(daily_papers)

    tab2 = browser.new_page()
    tab2.goto("https://huggingface.co/papers")
    before = wait_for_badges(tab2, len(daily_papers), ("popular",))

    agents = [p["id"] for p in daily_papers if "agent" in p["title"].lower()][:3]
    click_save(tab1, agents[0])
    wait_until(lambda: saved_in_db(server) == {agents[0]})
    button = tab1.locator(f'paperlens-card[data-paper-id="{agents[0]}"] button.pl-save')
    assert button.get_attribute("aria-pressed") == "true"

    for paper_id in agents[1:]:
        click_save(tab1, paper_id)
    wait_until(lambda: saved_in_db(server) == set(agents))

    # The second tab was not reloaded: the server's pushes reach it through the background.
    # The push for the last save has arrived once all three show as saved, scored personally.
    tab2.wait_for_function(
        """(ids) => ids.every(id => {
            const root = document.querySelector(`paperlens-card[data-paper-id="${id}"]`).shadowRoot
            return root.querySelector('.pl-badge').dataset.state === 'personal'
                && root.querySelector('.pl-save').getAttribute('aria-pressed') === 'true'
        })""",
        arg=agents,
        timeout=15000,
    )
    after = wait_for_badges(tab2, len(daily_papers), ("personal",))
    assert after != before
    others = [state for pid, state in after.items() if pid not in agents]
    assert len({text for _, text in others}) > 1, "personal scores differ over the page"
    ARTIFACTS.mkdir(exist_ok=True)
    tab2.screenshot(path=str(ARTIFACTS / "papers-page.png"))
