"""Soak test: many WebSocket clients against a real PaperLens server on loopback, for a bounded
time. Reports latency percentiles per message type, errors, and the server's memory over time.

It starts its own `paperlens serve` on a free 127.0.0.1 port with a throw-away database, makes
the users, runs the clients until the time is up and stops the server: nothing else is touched,
and nothing but 127.0.0.1 is contacted. Each client says hello, then, with a pause of about
--think seconds between messages, shows a page of papers (answered by `scores`), saves or unsaves
one (`ack`), asks for recommendations or pings. Exit status 1 when any request failed.

    .venv/bin/python scripts/soak.py --clients 300 --users 100 --duration 180 --think 20
"""

import argparse
import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from websockets.asyncio.client import ClientConnection, connect

from paperlens.storage import open_store

MAX_CLIENTS = 1000
MAX_DURATION_S = 1800
REPLY_TIMEOUT_S = 15.0
WORDS = (
    "language",
    "model",
    "agent",
    "diffusion",
    "vision",
    "reasoning",
    "retrieval",
    "benchmark",
    "transformer",
    "robot",
    "policy",
    "video",
    "audio",
    "speech",
    "graph",
    "protein",
    "molecule",
    "code",
    "math",
    "alignment",
    "reward",
    "scaling",
    "sparse",
    "attention",
    "memory",
    "token",
    "image",
    "segmentation",
    "3d",
    "generation",
    "evaluation",
    "dataset",
    "efficient",
)


@dataclass
class Results:
    latencies_ms: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter[str] = field(default_factory=Counter)
    # (seconds since start, server RSS in MiB, clients connected)
    memory: list[tuple[float, float, int]] = field(default_factory=list)
    connected: int = 0


def corpus(rng: random.Random, size: int) -> list[dict[str, Any]]:
    """Made-up papers with arXiv-like ids: titles and abstracts from a small vocabulary."""
    return [
        {
            "id": f"2605.{n:05d}",
            "title": " ".join(rng.choices(WORDS, k=8)).capitalize(),
            "abstract": " ".join(rng.choices(WORDS, k=120)),
            "authors": [f"Author {rng.randrange(500)}" for _ in range(3)],
            "upvotes": rng.randrange(200),
            "published": "2026-05-12",
        }
        for n in range(size)
    ]


def rss_mib(pid: int) -> float:
    """Resident memory of a process, from /proc (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


async def reply(ws: ClientConnection, wanted: str, key: str, value: Any) -> dict[str, Any]:
    """The next frame of type `wanted` whose `key` is `value` (pushes in between are skipped);
    an error frame about it raises."""
    while True:
        frame = json.loads(await ws.recv())
        if frame["type"] == "error":
            raise RuntimeError(frame["code"])
        matches = value in frame[key] if isinstance(frame.get(key), list) else frame.get(key)
        if frame["type"] == wanted and (matches == value or matches is True):
            return frame


async def client(
    url: str,
    token: str,
    papers: list[dict[str, Any]],
    seed: int,
    args: argparse.Namespace,
    deadline: float,
    results: Results,
) -> None:
    rng = random.Random(seed)
    await asyncio.sleep(rng.uniform(0, args.ramp))
    try:
        async with connect(url, max_size=2**22) as ws:
            await ws.send(json.dumps({"type": "hello", "token": token, "protocol": 1}))
            welcome = json.loads(await asyncio.wait_for(ws.recv(), REPLY_TIMEOUT_S))
            if welcome["type"] != "welcome":
                results.errors[f"hello: {welcome.get('code')}"] += 1
                return
            results.connected += 1
            shown: list[str] = []
            n = 0
            while time.monotonic() < deadline:
                n += 1
                kind = rng.choices(["page", "feedback", "recommend", "ping"], [5, 3, 1, 1])[0]
                if kind == "feedback" and not shown:
                    kind = "page"
                if kind == "page":
                    page = rng.sample(papers, args.page_size)
                    shown = [p["id"] for p in page]
                    message = {"type": "page", "page_id": f"tab-{n}", "papers": page}
                    wanted, key, value = "scores", "page_id", message["page_id"]
                elif kind == "feedback":
                    event_id = f"soak-{seed}-{n}"
                    action = rng.choice(["save", "save", "unsave", "dismiss", "open"])
                    paper_id = rng.choice(shown)
                    message = {"type": "feedback", "event_id": event_id}
                    message |= {"paper_id": paper_id, "action": action}
                    wanted, key, value = "ack", "event_ids", event_id
                elif kind == "recommend":
                    message = {"type": "recommend", "request_id": f"r-{n}", "limit": 10}
                    wanted, key, value = "recommendations", "request_id", message["request_id"]
                else:
                    message = {"type": "ping", "nonce": str(n)}
                    wanted, key, value = "pong", "nonce", str(n)
                sent = time.perf_counter()
                await ws.send(json.dumps(message))
                try:
                    await asyncio.wait_for(reply(ws, wanted, key, value), REPLY_TIMEOUT_S)
                except TimeoutError:
                    results.errors[f"{kind}: no answer in {REPLY_TIMEOUT_S:.0f} s"] += 1
                    continue
                except RuntimeError as error:
                    results.errors[f"{kind}: {error}"] += 1
                    continue
                results.latencies_ms[kind].append((time.perf_counter() - sent) * 1000)
                await asyncio.sleep(rng.uniform(0.5, 1.5) * args.think)
    except Exception as error:  # a dropped connection is a finding, not a crash of the soak
        results.errors[f"connection: {type(error).__name__}: {error}"[:100]] += 1


async def sample_memory(pid: int, start: float, deadline: float, results: Results) -> None:
    every = max(1.0, (deadline - start) / 20)
    while True:
        now = time.monotonic()
        results.memory.append((now - start, rss_mib(pid), results.connected))
        if now >= deadline:
            return
        await asyncio.sleep(min(every, deadline - now))


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    log = db.with_suffix(".log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "paperlens", "serve", "--port", str(port), "--db", str(db)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PAPERLENS_HOST": "127.0.0.1"},
    )
    for _ in range(300):
        if server.poll() is not None:
            raise SystemExit(f"server exited: {db.with_suffix('.log').read_text()}")
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1)
            return server
        except httpx.TransportError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("server did not answer in 30 s")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def report(args: argparse.Namespace, results: Results, tracebacks: int) -> str:
    lines = [
        f"PaperLens soak: {args.clients} clients ({args.users} users), {args.duration:g} s, "
        f"think {args.think:g} s, seed {args.seed}",
        "",
        f"{'type':<10} {'count':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}",
    ]
    for kind, values in sorted(results.latencies_ms.items()):
        row = [percentile(values, q) for q in (0.5, 0.95, 0.99)] + [max(values)]
        lines.append(f"{kind:<10} {len(values):>7} " + " ".join(f"{v:>8.1f}" for v in row))
    total = sum(len(v) for v in results.latencies_ms.values())
    lines += ["", f"answered: {total}   errors: {sum(results.errors.values())}"]
    lines += [f"  {count:>6}  {what}" for what, count in results.errors.most_common(10)]
    lines += ["", f"{'t s':>6} {'RSS MiB':>8} {'clients':>8}"]
    lines += [f"{t:>6.0f} {mib:>8.1f} {n:>8}" for t, mib, n in results.memory]
    half = [mib for t, mib, _ in results.memory if t >= args.duration / 2]
    if half:
        lines.append(f"RSS over the second half: {min(half):.1f} to {max(half):.1f} MiB")
    lines.append(f"server log: {tracebacks} tracebacks")
    return "\n".join(lines)


async def soak(args: argparse.Namespace) -> int:
    rng = random.Random(args.seed)
    papers = corpus(rng, args.corpus)
    with tempfile.TemporaryDirectory(prefix="paperlens-soak-") as folder:
        db = Path(folder) / "soak.db"
        store = open_store(db)
        tokens = [store.add_user(f"soak-{n}")[1] for n in range(args.users)]
        store.close()
        port = free_port()
        server = start_server(db, port)
        results = Results()
        try:
            start = time.monotonic()
            deadline = start + args.duration
            url = f"ws://127.0.0.1:{port}/ws"
            clients = [
                client(
                    url,
                    tokens[n % args.users],
                    papers,
                    args.seed * 100_000 + n,
                    args,
                    deadline,
                    results,
                )
                for n in range(args.clients)
            ]
            await asyncio.gather(sample_memory(server.pid, start, deadline, results), *clients)
        finally:
            server.terminate()
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                # Still working through a backlog: the figures are in, stop it for good.
                server.kill()
                server.wait()
                results.errors["server: no clean stop within 60 s of SIGTERM"] += 1
        tracebacks = db.with_suffix(".log").read_text(errors="replace").count("Traceback")
    print(report(args, results, tracebacks))
    return 1 if results.errors or tracebacks else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=300, help="WebSocket clients at once")
    parser.add_argument("--users", type=int, default=100, help="users (tokens) they share")
    parser.add_argument("--duration", type=float, default=180.0, help="seconds of load")
    parser.add_argument("--think", type=float, default=20.0, help="mean pause between messages")
    parser.add_argument("--ramp", type=float, default=10.0, help="seconds over which clients join")
    parser.add_argument("--page-size", type=int, default=30, help="papers per page message")
    parser.add_argument("--corpus", type=int, default=3000, help="papers the pages draw from")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if not 1 <= args.clients <= MAX_CLIENTS or not 0 < args.duration <= MAX_DURATION_S:
        parser.error(f"expected 1..{MAX_CLIENTS} clients and 0..{MAX_DURATION_S} s")
    args.ramp = min(args.ramp, args.duration / 2)
    return asyncio.run(soak(args))


if __name__ == "__main__":
    sys.exit(main())
