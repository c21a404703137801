"""API latency and throughput on loopback: p50/p99 and requests/s at 1, 10 and 50 concurrent clients.

    .venv/bin/python -m bench.api                      # starts `ykg serve` on a free port, bundled graph
    .venv/bin/python -m bench.api --requests 2000      # more requests per (endpoint, concurrency)
    .venv/bin/python -m bench.api --url http://127.0.0.1:8000   # an already running server

The server is a real `ykg serve` subprocess on 127.0.0.1 with a store in a temporary folder; the clients
are httpx async clients in this process, one connection each. Client and server share the machine's
cores, so on a small machine the figures include the client's own cost. Latency is per request, measured
from send to last byte; each run starts with a short warm-up that is not counted.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

CONCURRENCY = (1, 10, 50)
SPARQL = """SELECT ?project ?label WHERE { ?project ykg:IN_CLUSTER ?cluster ; rdfs:label ?label .
  ?cluster rdfs:label "智能网联新能源汽车产业"@zh }"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(store: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    ykg = Path(sys.executable).with_name("ykg")
    process = subprocess.Popen(
        [str(ykg), "serve", "--host", "127.0.0.1", "--port", str(port), "--store", str(store), "--log-level", "warning"],
        env={**os.environ, "YKG_STORE": str(store)}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"ykg serve exited: {process.stderr.read()}")
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                return process, base
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    sys.exit("ykg serve did not start within 120 s")


def endpoints(base: str) -> dict[str, tuple[str, dict]]:
    """One representative request per endpoint family, with real ids from the served graph."""
    tree = httpx.get(f"{base}/clusters").json()
    clusters = [c for s in tree for t in s.get("tiers", []) for c in t.get("clusters", []) if c["project_count"]]
    cluster = max(clusters, key=lambda c: c["project_count"])
    orgs = httpx.get(f"{base}/organizations").json()
    org = max(orgs, key=lambda o: sum(o["counts"].values()))
    return {
        "GET /clusters": ("/clusters", {}),
        "GET /clusters/{id}/projects": (f"/clusters/{cluster['id']}/projects", {}),
        "GET /organizations/{id}": (f"/organizations/{org['id']}", {}),
        "GET /search?q=智能网联": ("/search", {"q": "智能网联"}),
        "GET /search?q=jjxxw": ("/search", {"q": "jjxxw"}),
        "GET /sparql (SELECT)": ("/sparql", {"query": SPARQL}),
    }


async def run(base: str, path: str, params: dict, concurrency: int, requests: int) -> dict:
    latencies: list[float] = []
    errors = 0
    queue: asyncio.Queue = asyncio.Queue()
    for _ in range(requests):
        queue.put_nowait(None)

    async def client() -> None:
        nonlocal errors
        async with httpx.AsyncClient(base_url=base, timeout=30) as session:
            for _ in range(3):  # warm-up: connection set-up and first-request costs are not counted
                await session.get(path, params=params)
            while not queue.empty():
                queue.get_nowait()
                started = time.perf_counter()
                response = await session.get(path, params=params)
                await response.aread()
                latencies.append(time.perf_counter() - started)
                errors += response.status_code != 200

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "p50": statistics.median(latencies) * 1000,
        "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
        "rps": len(latencies) / elapsed,
        "errors": errors,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="benchmark this running server instead of starting one")
    parser.add_argument("--requests", type=int, default=500, help="requests per endpoint and concurrency")
    parser.add_argument("--concurrency", type=int, nargs="+", default=list(CONCURRENCY))
    args = parser.parse_args()

    process = None
    with tempfile.TemporaryDirectory(prefix="ykg-bench-") as folder:
        if args.url:
            base = args.url.rstrip("/")
        else:
            process, base = start_server(Path(folder) / "store")
        try:
            health = httpx.get(f"{base}/health").json()
            print(f"server {base}: {len(health['documents'])} documents, {health['nodes']} nodes; "
                  f"{os.cpu_count()} cores shared by server and clients; {args.requests} requests per row\n")
            header = f"{'endpoint':<30} {'clients':>7} {'requests':>8} {'p50 ms':>8} {'p99 ms':>8} {'req/s':>8} {'errors':>6}"
            print(header)
            print("-" * len(header))
            for name, (path, params) in endpoints(base).items():
                for concurrency in args.concurrency:
                    result = asyncio.run(run(base, path, params, concurrency, args.requests))
                    print(f"{name:<30} {concurrency:>7} {result['requests']:>8} {result['p50']:>8.2f} "
                          f"{result['p99']:>8.2f} {result['rps']:>8.0f} {result['errors']:>6}", flush=True)
        finally:
            if process is not None:
                process.send_signal(signal.SIGINT)
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()


if __name__ == "__main__":
    main()
