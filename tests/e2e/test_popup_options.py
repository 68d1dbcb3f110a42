"""The options page's "Test connection" names each failure; the popup shows the connection,
counts, "for you", and the saved library with search, unsave and BibTeX export."""

from typing import Any

from playwright.sync_api import BrowserContext, Page

from bench.chromium import extension_id
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.extension import (
    HF,
    TIMEOUT_MS,
    card_ids,
    control,
    press_save,
    saved_in_db,
    tab_id,
    wait_until,
)
from tests.live_server import LiveServer, free_port


def try_connection(options: Page, url: str, token: str) -> tuple[str, str]:
    options.fill("#server-url", url)
    options.fill("#token", token)
    options.click("#test")
    result = options.locator("#test-result:not([data-code='']):not([data-code='testing'])")
    result.wait_for(timeout=TIMEOUT_MS)
    return result.get_attribute("data-code") or "", result.inner_text()


def test_options_test_connection_names_each_failure(
    server: LiveServer, browser: BrowserContext
) -> None:
    token = server.add_user("researcher")
    options = browser.new_page()
    options.goto(f"chrome-extension://{extension_id(browser)}/options.html")

    code, words = try_connection(options, f"http://127.0.0.1:{free_port()}", token)
    assert code == "not_running" and "server running" in words
    code, words = try_connection(options, f"{server.http_url}/not-here", token)
    assert code == "not_paperlens" and "check the URL" in words
    code, words = try_connection(options, "htp:/nonsense", token)
    assert code == "invalid_url"
    code, words = try_connection(options, server.http_url, "not-the-token")
    assert code == "bad_token" and "refused this token" in words
    code, words = try_connection(options, server.http_url, token)
    assert (code, words) == ("ok", "Connected as researcher.")


def test_popup(
    server: LiveServer,
    browser: BrowserContext,
    papers_tab: Page,
    daily_papers: list[dict[str, Any]],
) -> None:
    tab = papers_tab
    ids = card_ids(tab)
    agents = [p["id"] for p in daily_papers if "agent" in p["title"].lower()][:3]
    for paper_id in agents:
        press_save(tab, paper_id)
    control(tab, ids[-1], "button.pl-dismiss").click()
    wait_until(lambda: saved_in_db(server) == set(agents), what="saves stored")

    popup = browser.new_page()
    tab_of_papers = tab_id(browser, HF + "/papers")
    popup.goto(f"chrome-extension://{extension_id(browser)}/popup.html?tab={tab_of_papers}")
    popup.locator("#connection", has_text="Connected as researcher").wait_for()
    popup.locator("#saved-count", has_text="3 saved papers").wait_for()
    popup.locator("#dismissed-count", has_text="1 not interested").wait_for()
    assert "36 papers" in popup.locator("#page-status").inner_text()
    picks = popup.locator("#for-you li")
    picks.first.wait_for()
    hrefs = picks.locator("a").evaluate_all("links => links.map(a => a.href)")
    assert all(h.startswith(f"{HF}/papers/") for h in hrefs)

    library = popup.locator("#library li")
    library.nth(2).wait_for()
    assert {li.get_attribute("data-paper-id") for li in library.all()} == set(agents)
    title = next(p["title"] for p in daily_papers if p["id"] == agents[0])
    popup.fill("#library-search", title.split(":")[0])
    popup.wait_for_function(
        "(id) => [...document.querySelectorAll('#library li')].map(li => li.dataset.paperId)"
        ".join() === id",
        arg=agents[0],
        timeout=TIMEOUT_MS,
    )
    popup.fill("#library-search", "")
    library.nth(2).wait_for()
    ARTIFACTS.mkdir(exist_ok=True)
    popup.locator("main").screenshot(path=str(ARTIFACTS / "popup.png"))
    popup.fill("#library-search", title.split(":")[0])
    with popup.expect_download() as download:
        popup.click("#export-bib")
    bib = download.value.path().read_text()
    assert bib.count("@") == 3 and agents[0] in bib

    popup.locator(f'#library li[data-paper-id="{agents[0]}"] button.unsave').click()
    wait_until(lambda: saved_in_db(server) == set(agents[1:]), what="unsave from the popup")
    popup.locator("#saved-count", has_text="2 saved papers").wait_for()
    # The page's Save button follows, without a reload.
    tab.wait_for_function(
        """(id) => document.querySelector(`paperlens-card[data-paper-id="${id}"]`)
            .shadowRoot.querySelector('.pl-save').getAttribute('aria-pressed') === 'false'""",
        arg=agents[0],
        timeout=TIMEOUT_MS,
    )
