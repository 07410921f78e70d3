"""Load on loopback: the real server (uvicorn, one process) under a bounded Python client.

Starts `dyadwatch serve` on a free port over a database (the demo database by default, built if
missing), then CONCURRENCY client threads, each with its own HTTP connection, request the main read
endpoints in turn for DURATION seconds. Prints requests/s, p50/p95/p99 latency and every error.

    python benchmarks/load_test.py --concurrency 8 --duration 20
    python benchmarks/load_test.py --db /tmp/load1m.duckdb     # a database from api_latency.py
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
PATHS = ["/api/events?limit=50", "/api/events?dyad=IRQ:SYR&level=merged&limit=50", "/api/overview",
         "/api/dyads/IRQ/SYR/series?freq=month", "/api/dyads/IRQ/SYR/phases?freq=month", "/api/network",
         "/api/alerts", "/api/events?q=border&limit=20", "/api/places/marked"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, help="database to serve (default: the demo database, built if missing)")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of load")
    args = parser.parse_args()

    workdir = tempfile.TemporaryDirectory(prefix="dyadwatch-load-")
    db = args.db or Path(workdir.name) / "demo.duckdb"
    if not db.exists():
        subprocess.run([sys.executable, "-m", "dyadwatch", "ingest", str(ROOT / "examples" / "demo_corpus.jsonl"),
                        "--db", str(db), "--watch"], check=True, capture_output=True)
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "dyadwatch", "serve", "--db", str(db), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env={k: v for k, v in os.environ.items() if not k.startswith("DYADWATCH_")})
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(base + "/api/config", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            raise SystemExit("the server did not start")
        for path in PATHS:  # warm up every endpoint once
            httpx.get(base + path, timeout=60)
        latencies: list[float] = []
        errors: Counter[str] = Counter()
        lock = threading.Lock()
        stop = time.monotonic() + args.duration

        def worker(offset: int) -> None:
            mine: list[float] = []
            with httpx.Client(base_url=base, timeout=30) as client:
                i = offset
                while time.monotonic() < stop:
                    path = PATHS[i % len(PATHS)]
                    i += 1
                    started = time.perf_counter()
                    try:
                        response = client.get(path)
                        if response.status_code != 200:
                            with lock:
                                errors[f"{response.status_code} {path}"] += 1
                    except httpx.HTTPError as exc:
                        with lock:
                            errors[f"{type(exc).__name__} {path}"] += 1
                    mine.append((time.perf_counter() - started) * 1000)
            with lock:
                latencies.extend(mine)

        threads = [threading.Thread(target=worker, args=(n,)) for n in range(args.concurrency)]
        began = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - began
    finally:
        server.terminate()
        server.wait(timeout=30)
    latencies.sort()

    def pct(q: float) -> float:
        return latencies[min(len(latencies) - 1, max(0, round(q * len(latencies)) - 1))]

    print(f"database {db}; {args.concurrency} concurrent clients for {elapsed:.1f} s over {len(PATHS)} endpoints")
    print(f"requests {len(latencies)}, {len(latencies) / elapsed:.1f} req/s; latency ms p50 "
          f"{statistics.median(latencies):.1f}, p95 {pct(0.95):.1f}, p99 {pct(0.99):.1f}, max {latencies[-1]:.1f}")
    print(f"errors: {sum(errors.values())}" + "".join(f"\n  {k}: {v}" for k, v in errors.most_common()))


if __name__ == "__main__":
    main()
