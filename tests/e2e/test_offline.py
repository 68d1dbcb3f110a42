"""The server going away and coming back: clicks made meanwhile are kept, shown as pending and
stored exactly once after the reconnect; badges say offline, then get fresh scores."""

from typing import Any

from playwright.sync_api import Page

from tests.e2e.extension import (
    TIMEOUT_MS,
    card_ids,
    control,
    db_rows,
    press_save,
    saved_in_db,
    toolbar,
    wait_for_badges,
    wait_until,
)
from tests.live_server import LiveServer

# Reconnects back off up to a few seconds after a short outage (backoff.ts), well within this.
RECONNECT_S = 30


def test_offline_queue_delivers_each_click_once(
    server: LiveServer, papers_tab: Page, daily_papers: list[dict[str, Any]]
) -> None:
    tab = papers_tab
    three = card_ids(tab)[:3]

    server.stop(kill=True)  # a crash, not a clean shut-down
    # Scores shown stay, marked offline, so nobody mistakes them for current ones.
    offline = wait_for_badges(tab, len(daily_papers), ("offline",))
    assert all(text.endswith("· offline") for _, text in offline.values())
    for paper_id in three:
        press_save(tab, paper_id)
    for paper_id in three:
        assert control(tab, paper_id, "button.pl-save").get_attribute("aria-pressed") == "true"
        control(tab, paper_id, ".pl-pending").wait_for(state="visible")
    toolbar(tab, ".status").filter(has_text="3 clicks pending").wait_for()
    assert saved_in_db(server) == set()

    server.start()  # same port, same database
    wait_until(lambda: saved_in_db(server) == set(three), RECONNECT_S, "queued saves stored")
    for paper_id in three:
        control(tab, paper_id, ".pl-pending").wait_for(state="hidden", timeout=TIMEOUT_MS)
    wait_for_badges(tab, len(daily_papers), ("personal",))
    rows = db_rows(server, "SELECT paper_id, action FROM feedback WHERE action = 'save'")
    assert sorted(rows) == sorted((paper_id, "save") for paper_id in three), "each stored once"


def test_reconnects_after_a_server_restart(
    server: LiveServer, papers_tab: Page, daily_papers: list[dict[str, Any]]
) -> None:
    tab = papers_tab
    server.stop()
    wait_for_badges(tab, len(daily_papers), ("offline",))
    server.start()
    tab.wait_for_function(
        """() => [...document.querySelectorAll('paperlens-card')].every(h =>
            h.shadowRoot.querySelector('.pl-badge').dataset.state === 'popular')""",
        timeout=RECONNECT_S * 1000,
    )
    # The new connection carries clicks as the old one did.
    paper_id = card_ids(tab)[5]
    press_save(tab, paper_id)
    wait_until(lambda: saved_in_db(server) == {paper_id}, what="save after reconnect")
    wait_for_badges(tab, len(daily_papers), ("personal",))
