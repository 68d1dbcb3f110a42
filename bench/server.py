"""A real `python -m paperlens serve` process on a free 127.0.0.1 port, started and always
stopped by the benchmark, and what can be read about it from outside: its RSS, its log."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType

import httpx

# The server fits the corpus before it listens: minutes at 200,000 papers.
START_TIMEOUT_S = 600.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def rss_mb(pid: int) -> tuple[float, float]:
    """(VmRSS, VmHWM) in MB of a process and its children (the server's fitting process), from
    /proc (Linux)."""
    fields = {"VmRSS": 0.0, "VmHWM": 0.0}
    for process in [pid, *_children(pid)]:
        for line in Path(f"/proc/{process}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in fields:
                fields[key] += int(value.split()[0]) / 1024  # the value is in kB
    return fields["VmRSS"], fields["VmHWM"]


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            found += [int(child), *_children(int(child))]
    return found


def cpu_seconds(pid: int) -> float:
    """User + system CPU time so far of a process and its children, from /proc (Linux)."""
    total = 0
    for process in [pid, *_children(pid)]:
        # The command name (field 2) may hold spaces: count fields after its closing parenthesis.
        fields = Path(f"/proc/{process}/stat").read_text().rpartition(")")[2].split()
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


class ServerProcess:
    """Use as a context manager: the process is stopped on the way out, errors included."""

    def __init__(self, db: Path, env: dict[str, str] | None = None) -> None:
        self.db = db
        self.port = free_port()
        self.env = env or {}
        self.log_path = db.with_suffix(f".{self.port}.log")
        self.process: subprocess.Popen[bytes] | None = None
        self.started_at = 0.0

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/ws"

    def spawn(self) -> None:
        """Start the process without waiting for it to listen."""
        command = [sys.executable, "-m", "paperlens", "serve", "--port", str(self.port)]
        with self.log_path.open("ab") as log:
            self.started_at = time.perf_counter()
            self.process = subprocess.Popen(
                [*command, "--db", str(self.db)],
                stdout=log,
                stderr=subprocess.STDOUT,
                env={**os.environ, **self.env},
            )

    def wait_ready(self, timeout: float = START_TIMEOUT_S) -> None:
        assert self.process is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log_tail()}")
            try:
                url = f"http://127.0.0.1:{self.port}/api/health"
                if httpx.get(url, timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.05)
        raise RuntimeError(f"server did not answer in {timeout:.0f} s: {self.log_tail()}")

    def rss_mb(self) -> tuple[float, float]:
        return rss_mb(self.pid)

    def log_tail(self, lines: int = 30) -> str:
        if not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None

    def __enter__(self) -> "ServerProcess":
        self.spawn()
        try:
            self.wait_ready()
        except BaseException:
            # __exit__ does not run when __enter__ fails: stop the process here.
            self.stop()
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()
