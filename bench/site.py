"""huggingface.co/papers list pages rendered from corpus records, in the site's shape (the
`DailyPapers` JSON island the extension reads first, and one card per paper), for the Chromium
measure. Kept apart from tests/e2e/hf_page.py, whose pages carry styles and need every field:
these stay bare, as they were when the measure was first taken, and take any corpus record."""

import html
import json
from typing import Any

from paperlens.records import Paper


def _entry(paper: Paper, date: str) -> dict[str, Any]:
    day = paper.get("published")
    published = f"{day[:10]}T00:00:00.000Z" if day else None
    return {
        "paper": {
            "id": paper["id"],
            "title": paper["title"],
            "summary": paper.get("abstract") or "",
            "authors": [{"name": name, "hidden": False} for name in paper.get("authors") or []],
            "publishedAt": published,
            "upvotes": paper.get("upvotes") or 0,
            "submittedOnDailyAt": f"{date}T00:00:00.000Z",
        },
        "title": paper["title"],
        "publishedAt": published,
        "numComments": 0,
        "isAuthorParticipating": False,
    }


def _card(paper: Paper) -> str:
    pid, title = html.escape(paper["id"]), html.escape(paper["title"])
    return f"""
<article class="relative flex flex-col overflow-hidden rounded-xl border">
  <div class="flex px-6 pb-6 pt-8">
    <div class="shadow-alternate"><div>{paper.get("upvotes") or "-"}</div></div>
    <div><h3><a class="line-clamp-3" href="/papers/{pid}">{title}</a></h3></div>
  </div>
</article>"""


def daily_page(papers: list[Paper], date: str) -> str:
    props = {
        "periodType": "day",
        "dateString": date,
        "dailyPapers": [_entry(p, date) for p in papers],
    }
    island = html.escape(json.dumps(props), quote=True)
    cards = "".join(_card(p) for p in papers)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Daily Papers - Hugging Face</title></head>
<body><header>Hugging Face · Papers</header>
<div id="app"><h2>Daily Papers · {date}</h2>
<div class="SVELTE_HYDRATER contents" data-target="DailyPapers" data-props="{island}">
<div class="grid">{cards}
</div></div></div>
</body></html>"""
