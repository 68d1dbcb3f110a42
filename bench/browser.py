"""Row 8: end to end in Chromium with the built extension, paired with a real server through
its options page: from navigation start to the frame in which the last of the page's 50 badges
left its loading state for a score, over distinct daily pages served as huggingface.co."""

import tempfile

from playwright.sync_api import Route, sync_playwright

from bench import chromium
from bench.site import daily_page
from bench.stats import Samples
from paperlens.records import Paper

TIMEOUT_MS = 30_000

# Runs in every page from its first moment: checks once per frame whether every badge has left
# `loading`, keeps the time (ms since navigation start) of the first frame where they have, and
# says so on the console. The harness listens for that message rather than polling from outside:
# Playwright's wait_for_function first injects its own script (~330 KB, 20-30 ms of main thread)
# into each new page, right while the page is being measured.
PAINTED = "paperlens:painted"
WATCH_BADGES = """
(() => {
  const check = () => {
    const hosts = [...document.querySelectorAll('paperlens-card')]
    const cards = document.querySelectorAll('article').length
    // Only a whole document counts (its last cards may not be parsed yet), and only scores from
    // the server (an `offline` badge has left loading too, without one).
    const painted = document.readyState !== 'loading' && cards > 0 && hosts.length === cards &&
      hosts.every(h => {
        const badge = h.shadowRoot && h.shadowRoot.querySelector('.pl-badge')
        return badge && ['personal', 'popular'].includes(badge.dataset.state)
      })
    if (hosts.length > 0 && window.__paperlensMounted === undefined) {
      window.__paperlensMounted = performance.now()
    }
    if (painted) {
      window.__paperlensPainted = performance.now()
      console.debug('PAINTED')
      return
    }
    requestAnimationFrame(check)
  }
  requestAnimationFrame(check)
})()
""".replace("PAINTED", PAINTED)


# When the document had arrived: the time before it is Playwright's routing of the fixture
# page (through its driver), not PaperLens.
RESPONSE_END = "performance.getEntriesByType('navigation')[0].responseEnd"


def page_loads(
    server_url: str, token: str, pages: list[list[Paper]]
) -> tuple[float, Samples, Samples, Samples]:
    """(the first load, excluded as warm-up; the loads after it; when the first overlay was
    mounted; when the document had arrived) in ms from navigation start; one page per load."""
    if (problem := chromium.missing()) is not None:
        raise RuntimeError(problem)
    site = {
        f"/papers/date/2026-01-{n + 1:02d}": daily_page(p, f"2026-01-{n + 1:02d}")
        for n, p in enumerate(pages)
    }

    def serve(route: Route) -> None:
        path = route.request.url.removeprefix("https://huggingface.co").split("?")[0]
        body = site.get(path)
        if body is None:
            route.fulfill(status=404, body="not in the benchmark's site")
        else:
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=body)

    timings: Samples = []
    mounted: Samples = []
    received: Samples = []
    with tempfile.TemporaryDirectory() as profile, sync_playwright() as playwright:
        context = chromium.launch(playwright, profile)
        try:
            context.route("https://huggingface.co/**", serve)
            context.add_init_script(WATCH_BADGES)
            chromium.pair(context, server_url, token)
            tab = context.new_page()
            for path in site:
                with tab.expect_console_message(lambda m: m.text == PAINTED, timeout=TIMEOUT_MS):
                    tab.goto(f"https://huggingface.co{path}", wait_until="commit")
                timings.append(float(tab.evaluate("window.__paperlensPainted")))
                mounted.append(float(tab.evaluate("window.__paperlensMounted")))
                received.append(float(tab.evaluate(RESPONSE_END)))
        finally:
            context.close()
    return timings[0], timings[1:], mounted[1:], received[1:]
