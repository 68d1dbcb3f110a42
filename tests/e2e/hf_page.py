"""Renders a huggingface.co/papers daily list page from fixture records, in the site's shape.

The JSON island carries the same fields as the Hub's /api/daily_papers (see MARKUP.md in the
shared data), and each paper also gets a server-rendered-style card: the extension reads the
island first and paints on the cards.
"""

import html
import json
from typing import Any


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


def _card(paper: dict[str, Any]) -> str:
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


def daily_page(papers: list[dict[str, Any]], date: str) -> str:
    props = {
        "periodType": "day",
        "dateString": date,
        "dailyPapers": [_entry(p, date) for p in papers],
    }
    island = html.escape(json.dumps(props), quote=True)
    cards = "".join(_card(p) for p in papers)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Daily Papers - Hugging Face</title>
<style>
  body {{ font-family: sans-serif; margin: 0; background: #fff; color: #111; }}
  header {{ padding: 12px 24px; border-bottom: 1px solid #eee; font-weight: bold; }}
  main {{ display: grid; grid-template-columns: repeat(3, 1fr); gap: 16px; padding: 24px; }}
  article {{ border: 1px solid #e5e7eb; border-radius: 12px; }}
  article > div {{ display: flex; gap: 12px; padding: 16px; }}
  h3 {{ margin: 0 0 6px; font-size: 15px; }} h3 a {{ color: #111; text-decoration: none; }}
  .shadow-alternate {{ border: 1px solid #ddd; border-radius: 8px; padding: 6px; height: 20px; }}
  p {{ margin: 0; color: #666; font-size: 12px; }}
</style></head>
<body>
<header>Hugging Face · Daily Papers · {html.escape(date)}</header>
<div class="SVELTE_HYDRATER contents" data-target="DailyPapers" data-props="{island}">
<main>{cards}
</main>
</div>
</body></html>"""
