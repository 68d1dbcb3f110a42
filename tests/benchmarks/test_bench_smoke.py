"""The server benchmark harness runs end to end at tiny sizes and fills every row of the
table (no timing is asserted: this checks the harness, not the server's speed)."""

import json
from pathlib import Path

import pytest

from bench import MEASURES, format_table, parse, run, write_json


@pytest.mark.timeout(600)
def test_quick_run_fills_every_row(tmp_path: Path) -> None:
    options = parse(["--quick", "--corpus-size", "5000", "--json", str(tmp_path / "t.json")])
    options.page_samples, options.new_page_samples, options.feedback_samples = 5, 3, 2
    options.load_clients, options.load_seconds, options.model_users = 5, 3.0, 5
    options.starts, options.browser_loads, options.recommend_samples = 1, 2, 2

    rows = run(options)
    assert options.json is not None
    write_json(rows, options.json)

    measured = {row.key: row for row in rows if row.key}
    assert list(measured) == list(MEASURES)
    for key, row in measured.items():
        assert row.met is not None, key
        assert row.samples > 0, key
        if key != "rss":
            assert row.p50_ms is not None and row.p95_ms is not None, key
    assert "page of 50 known papers" in format_table(rows)
    written = json.loads(options.json.read_text())
    assert [set(r) for r in written] == [
        {"measure", "p50_ms", "p95_ms", "p99_ms", "reference_p50_ms", "ratio", "target", "met"}
    ] * len(rows)
