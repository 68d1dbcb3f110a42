"""The soak script, short: a few dozen WebSocket clients for a few seconds, no request failed,
no traceback in the server log (scripts/soak.py runs the long version by hand)."""

import subprocess
import sys
from pathlib import Path

SOAK = Path(__file__).parents[2] / "scripts" / "soak.py"


def test_short_soak_has_no_errors() -> None:
    args = ["--clients", "30", "--users", "6", "--duration", "8", "--think", "0.5", "--ramp", "2"]
    result = subprocess.run(
        [sys.executable, str(SOAK), *args], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "errors: 0" in result.stdout
    assert "server log: 0 tracebacks" in result.stdout
    for kind in ("page", "feedback", "ping"):
        assert f"\n{kind} " in result.stdout, result.stdout
