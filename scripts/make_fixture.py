"""Derive the committed test fixture (one real day of HF daily papers) from ../shared/data.

Usage: python scripts/make_fixture.py [DATE [LIMIT]] > tests/fixtures/hf_daily_2026-05-12.json
Keeps the first LIMIT (default 36) papers of DATE that have an abstract, authors and an upvote
count, the fields the site shows.
"""

import json
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "hf-daily-papers"


def main() -> None:
    date = sys.argv[1] if len(sys.argv) > 1 else "2026-05-12"
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else 36
    papers = []
    with (DATA / "papers.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            complete = record["abstract"] and record["authors"] and record["upvotes"] is not None
            if record["daily_date"] == date and complete:
                keys = ("id", "title", "abstract", "authors", "published", "upvotes", "daily_date")
                papers.append({k: record[k] for k in keys})
    json.dump({"date": date, "papers": papers[:limit]}, sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
