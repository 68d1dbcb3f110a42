"""py-spy profiles of the server process during one measure, and their top frames.

py-spy samples the running server from outside (no change to the server, no restart), in its
"raw" format: one collapsed stack per line with a sample count, which `top_frames` sums into
the frames that hold most of the time.
"""

import contextlib
import re
import shutil
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

RATE_HZ = 250


@contextlib.contextmanager
def recording(pid: int, folder: Path | None, name: str) -> Iterator[Path | None]:
    """Record the process while the block runs; yields the raw profile's path (None: off)."""
    # Installed beside this Python (a venv's bin/ need not be on PATH).
    py_spy = shutil.which("py-spy", path=str(Path(sys.executable).parent)) or shutil.which("py-spy")
    if folder is None or py_spy is None:
        yield None
        return
    folder.mkdir(parents=True, exist_ok=True)
    raw = folder / f"{name}.txt"
    command = [py_spy, "record", "--pid", str(pid), "--rate", str(RATE_HZ), "--format", "raw"]
    process = subprocess.Popen(
        [*command, "--output", str(raw), "--nonblocking"],
        stdout=subprocess.DEVNULL,
        stderr=(folder / f"{name}.py-spy.log").open("wb"),
    )
    try:
        yield raw
    finally:
        # SIGINT makes py-spy write what it has; a profiler must never outlive its measure.
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# Frames every request passes through (the server's entry, its middleware, the WebSocket
# route): in an inclusive count they are always near 100% and say nothing.
_WRAPPERS = (
    "paperlens/__main__.py",
    "paperlens/cli.py",
    "paperlens/security.py",
    "paperlens/limits.py",
    "paperlens/ws/endpoint.py",
)


def _library(frame: str) -> str:
    """`analyze (paperlens/features.py:38)` -> `paperlens`; `<frozen runpy>` -> `<frozen>`."""
    where = frame.rpartition("(")[2]
    return where.split("/")[0] if "/" in where else where.split(":")[0].split(" ")[0]


def top_frames(raw: Path, count: int = 12) -> str:
    """Shares of all samples: the frames on CPU (self), the libraries they belong to, and the
    server's own functions with everything they call (inclusive, wrappers left out)."""
    if not raw.exists():
        return f"(no profile at {raw})"
    own: Counter[str] = Counter()
    libraries: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    total = 0
    for line in raw.read_text(errors="replace").splitlines():
        stack, _, samples = line.rpartition(" ")
        if not samples.isdigit():
            continue
        n = int(samples)
        frames = stack.split(";")
        total += n
        own[frames[-1]] += n
        libraries[_library(frames[-1])] += n
        # Per function, not per line: "f (paperlens/x.py:12)" -> "f (paperlens/x.py)".
        for function in {re.sub(r":\d+\)$", ")", f) for f in frames}:
            if "paperlens/" in function and not any(w in function for w in _WRAPPERS):
                inclusive[function] += n
    if not total:
        return "(empty profile)"

    def share(counter: Counter[str]) -> list[str]:
        return [f"  {100 * n / total:5.1f}%  {what}" for what, n in counter.most_common(count)]

    return "\n".join(
        [
            f"{total} samples (py-spy, {RATE_HZ} Hz, idle excluded); self:",
            *share(own),
            "self, by library:",
            *share(libraries),
            "inclusive, the server's own functions:",
            *share(inclusive),
        ]
    )
