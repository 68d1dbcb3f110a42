"""End to end: HF papers page -> badges -> Save -> stored -> live re-score in another tab."""

from typing import Any

from playwright.sync_api import BrowserContext, Page

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.extension import (
    HF,
    TIMEOUT_MS,
    badges,
    control,
    saved_in_db,
    wait_for_badges,
    wait_until,
)
from tests.live_server import LiveServer


def test_badges_save_and_live_rescore_across_tabs(
    server: LiveServer,
    browser: BrowserContext,
    papers_tab: Page,
    daily_papers: list[dict[str, Any]],
) -> None:
    tab1 = papers_tab
    assert set(badges(tab1)) == {p["id"] for p in daily_papers}, "every card gets one badge"
    assert tab1.locator("article").count() == len(daily_papers)

    tab2 = browser.new_page()
    tab2.goto(HF + "/papers")
    before = wait_for_badges(tab2, len(daily_papers), ("popular",))

    agents = [p["id"] for p in daily_papers if "agent" in p["title"].lower()][:3]
    control(tab1, agents[0], "button.pl-save").click()
    wait_until(lambda: saved_in_db(server) == {agents[0]})
    assert control(tab1, agents[0], "button.pl-save").get_attribute("aria-pressed") == "true"

    for paper_id in agents[1:]:
        control(tab1, paper_id, "button.pl-save").click()
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
        timeout=TIMEOUT_MS,
    )
    after = wait_for_badges(tab2, len(daily_papers), ("personal",))
    assert after != before
    others = [state for pid, state in after.items() if pid not in agents]
    assert len({text for _, text in others}) > 1, "personal scores differ over the page"
    ARTIFACTS.mkdir(exist_ok=True)
    tab2.screenshot(path=str(ARTIFACTS / "papers-page.png"))
