"""A bounded load test of `bias serve`: starts the server itself on loopback, sends N requests at concurrency C and
prints requests/s and p50 / p95 latency, per model tier.

    .venv/bin/python bench/load_test.py                           # accurate and fast (a tier that fails to load
                                                                   # is reported and skipped), 200 requests at 8
    .venv/bin/python bench/load_test.py --model accurate --requests 40
    .venv/bin/python bench/load_test.py --model models/bias-mpnet-v3 --article ../shared/seed_article.txt

The server is a separate process (`python -m bias.cli serve`), so the client's threads do not share its
interpreter. Every request carries the same typical article (examples/harbor_bridge.txt by default) made unique by
a numbered closing sentence, so that the server's small report cache never answers for the model. The model calls
are serialised by the server, so this measures end-to-end throughput and queueing, not parallel speed-up.
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(model: str, port: int, timeout: float) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "bias.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
           "--timeout", str(timeout)]
    if model:
        cmd += ["--model", model]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def wait_ready(proc: subprocess.Popen, url: str, limit: float = 600) -> dict:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            err = proc.stderr.read() if proc.stderr else ""
            lines = [line for line in err.splitlines() if line.startswith("error:")] or err.splitlines()[-1:]
            raise RuntimeError(lines[0] if lines else f"server exited with status {proc.returncode}")
        try:
            r = httpx.get(f"{url}/health", timeout=2)
            if r.status_code == 200:
                return r.json()
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    raise RuntimeError("server did not become ready")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def run_tier(model: str, article: str, requests: int, concurrency: int, timeout: float) -> dict:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    proc = start_server(model, port, timeout)
    try:
        started = time.monotonic()
        health = wait_ready(proc, url)
        startup = time.monotonic() - started
        with httpx.Client(base_url=url, timeout=timeout + 30,
                          limits=httpx.Limits(max_connections=concurrency)) as client:
            for i in range(2):  # warm-up, not timed
                client.post("/v1/analyze", json={"text": f"{article}\n\nWarm-up sentence number {i}.\n"})

            def one(i: int) -> tuple[int, float]:
                body = {"text": f"{article.rstrip()}\n\nThis is request number {i} of the load test.\n"}
                t = time.perf_counter()
                r = client.post("/v1/analyze", json=body)
                return r.status_code, time.perf_counter() - t

            t0 = time.perf_counter()
            with ThreadPoolExecutor(concurrency) as pool:
                results = list(pool.map(one, range(requests)))
            wall = time.perf_counter() - t0
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
    latencies = [lat for code, lat in results if code == 200]
    codes: dict[int, int] = {}
    for code, _ in results:
        codes[code] = codes.get(code, 0) + 1
    return {"model": health["model"], "startup_s": round(startup, 1), "requests": requests,
            "concurrency": concurrency, "status_codes": codes, "wall_s": round(wall, 2),
            "requests_per_s": round(len(latencies) / wall, 2) if wall else None,
            "p50_ms": round(1000 * statistics.median(latencies)) if latencies else None,
            "p95_ms": round(1000 * percentile(latencies, 0.95)) if latencies else None,
            "max_ms": round(1000 * max(latencies)) if latencies else None}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", action="append", help="accurate, fast or a model folder (repeatable; default: "
                                                     "accurate and fast)")
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--article", type=Path, default=REPO / "examples" / "harbor_bridge.txt",
                    help="a typical article (plain text)")
    ap.add_argument("--timeout", type=float, default=300.0, help="the server's per-request timeout")
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    args = ap.parse_args()
    article = args.article.read_text(encoding="utf-8")
    words = len(article.split())
    print(f"article: {args.article} ({words} words); {args.requests} requests at concurrency {args.concurrency}; "
          f"{os.cpu_count()} cores")
    out = []
    for model in args.model or ["accurate", "fast"]:
        try:
            res = run_tier(model, article, args.requests, args.concurrency, args.timeout)
        except RuntimeError as e:
            print(f"{model}: skipped ({e})")
            continue
        out.append({"tier": model, **res})
        print(f"{model} ({res['model']['name']}): {res['requests_per_s']} requests/s, p50 {res['p50_ms']} ms, "
              f"p95 {res['p95_ms']} ms, max {res['max_ms']} ms; status {res['status_codes']}; "
              f"wall {res['wall_s']} s; start-up {res['startup_s']} s")
    if args.json:
        args.json.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
