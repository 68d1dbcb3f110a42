"""Renders huggingface.co/papers pages from fixture records, in the site's shape.

List pages (daily, date, week, month, trending, search) carry the JSON island the site hydrates
from (`DailyPapers`: `dailyPapers`, or `searchResults` on search), with the same fields as the
Hub's /api/daily_papers (see MARKUP.md in the shared data), plus a server-rendered-style card per
paper. A paper page carries the `PaperContent` island and the title as h1. Everything the site
swaps on client-side navigation lives in `#app`, so a test can navigate the way the site does:
history.pushState, then replace `#app` with the next page's.
"""

import html
import json
from typing import Any

STYLE = """
  body { font-family: sans-serif; margin: 0; background: #fff; color: #111; }
  html.dark body { background: #0b0f19; color: #e5e7eb; }
  header { padding: 12px 24px; border-bottom: 1px solid #eee; font-weight: bold; }
  header a { margin-right: 12px; color: inherit; }
  .grid { display: grid; grid-template-columns: repeat(3, 1fr); gap: 16px; padding: 0 24px 24px; }
  article { border: 1px solid #e5e7eb; border-radius: 12px; overflow: hidden; }
  html.dark article { border-color: #374151; background: #111827; }
  article > div { display: flex; gap: 12px; padding: 16px; }
  h3 { margin: 0 0 6px; font-size: 15px; } h3 a { color: inherit; text-decoration: none; }
  .shadow-alternate { border: 1px solid #ddd; border-radius: 8px; padding: 6px; height: 20px; }
  p { margin: 0; color: #666; font-size: 12px; }
  .paper { max-width: 860px; padding: 24px; } .paper h1 { font-size: 26px; margin: 0 0 8px; }
  .paper p { font-size: 14px; line-height: 1.5; }
"""

NAV = """<header>Hugging Face · Papers
  <a href="/papers">Daily</a><a href="/papers/week/2026-W20">Week</a>
  <a href="/papers/month/2026-05">Month</a><a href="/papers/trending">Trending</a></header>"""


def _entry(paper: dict[str, Any], date: str) -> dict[str, Any]:
    published = f"{paper['published']}T00:00:00.000Z" if paper.get("published") else None
    return {
        "paper": {
            "id": paper["id"],
            "title": paper["title"],
            "summary": paper["abstract"],
            "authors": [{"name": name, "hidden": False} for name in paper["authors"]],
            "publishedAt": published,
            "upvotes": paper["upvotes"],
            "submittedOnDailyAt": f"{date}T00:00:00.000Z",
        },
        "title": paper["title"],
        "publishedAt": published,
        "numComments": 0,
        "isAuthorParticipating": False,
    }


def card(paper: dict[str, Any]) -> str:
    pid, title = html.escape(paper["id"]), html.escape(paper["title"])
    votes = paper["upvotes"] or "-"
    return f"""
<article class="relative flex flex-col overflow-hidden rounded-xl border">
  <div class="from-gray-50-to-white -mt-2 flex bg-gradient-to-b px-6 pb-6 pt-8">
    <div class="shadow-alternate"><div class="leading-none">{votes}</div></div>
    <div>
      <h3><a class="line-clamp-3 cursor-pointer text-balance" href="/papers/{pid}">{title}</a></h3>
      <p>{len(paper["authors"])} authors · <a href="/papers/{pid}#community">0</a></p>
    </div>
  </div>
</article>"""


def _document(title: str, app: str, dark: bool) -> str:
    theme = ' class="dark"' if dark else ""
    return f"""<!doctype html>
<html lang="en"{theme}><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>{STYLE}</style></head>
<body>
{NAV}
<div id="app">{app}</div>
</body></html>"""


def list_page(
    papers: list[dict[str, Any]],
    heading: str,
    *,
    date: str = "2026-05-12",
    period: str = "day",
    search: bool = False,
    dark: bool = False,
) -> str:
    """A list page: the island (dailyPapers, or searchResults) and one card per paper."""
    key = "searchResults" if search else "dailyPapers"
    props = {"periodType": period, "dateString": date, key: [_entry(p, date) for p in papers]}
    island = html.escape(json.dumps(props), quote=True)
    cards = "".join(card(p) for p in papers)
    app = f"""<h2 style="padding: 0 24px">{html.escape(heading)}</h2>
<div class="SVELTE_HYDRATER contents" data-target="DailyPapers" data-props="{island}">
<div class="grid">{cards}
</div>
</div>"""
    return _document(f"{heading} - Hugging Face", app, dark)


def daily_page(papers: list[dict[str, Any]], date: str) -> str:
    return list_page(papers, f"Daily Papers · {date}", date=date)


def paper_page(paper: dict[str, Any], *, dark: bool = False) -> str:
    """A paper page: the PaperContent island and the title as the page's h1."""
    props = {"paper": _entry(paper, "2026-05-12")["paper"], "comments": []}
    island = html.escape(json.dumps(props), quote=True)
    app = f"""<div class="SVELTE_HYDRATER contents" data-target="PaperContent"
data-props="{island}">
<main class="paper"><div class="title-block"><h1>{html.escape(paper["title"])}</h1></div>
<p>{html.escape(paper["abstract"] or "")}</p></main></div>"""
    return _document(f"Paper page - {paper['title']}", app, dark)


def unknown_page() -> str:
    """A papers URL whose markup PaperLens does not know (say, after a site redesign)."""
    app = """<section class="new-design"><h2>Papers</h2>
<ul><li><a href="/papers/2605.00001">Some paper</a></li></ul></section>"""
    return _document("Papers - Hugging Face", app, False)
