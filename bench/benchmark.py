"""Speed and memory of every tier × runtime on real whole news articles (figures printed, never asserted).

    python bench/benchmark.py [--articles 20] [--tiers accurate,fast] [--backends torch,onnx,openvino]

The corpus is fixed: the first ``--articles`` PolNeAR test articles with at least 10 sentences, read from
../shared/datasets at benchmark time (nothing of it is stored here). Every configuration runs in a fresh process, so
its peak RSS is its own. The reference is the accurate tier on the torch backend; every figure is also printed as a
ratio to the reference's, measured in the same run (absolute rates differ 2–3× between CPUs; the ratios travel).

Figures per configuration:
- whole articles, one at a time (``Analyzer.analyze``): sentences/s, segmentation and report building included;
- whole articles, batched across articles (``Analyzer.analyze_many``): sentences/s;
- model only: sentences/s of the runtime over the same windows (no segmentation, decoding or report);
- cold start: median wall time of 5 fresh ``bias analyze ARTICLE --format json`` processes (import, model load and
  the analysis of one article), and the peak RSS of those processes;
- peak RSS of the throughput process.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATASETS = REPO.parent / "shared" / "datasets"


def corpus(n: int, root: Path = DATASETS) -> list[str]:
    from bias.corpora.polnear import load_polnear
    from bias.segment import segment_text

    out = []
    for row in load_polnear("test", root):
        if len(segment_text(row["text"]).sentences) >= 10:
            out.append(row["text"])
        if len(out) == n:
            break
    return out


def cpu_flags() -> str:
    try:
        info = Path("/proc/cpuinfo").read_text()
    except OSError:
        return platform.processor()
    model = next((line.split(":", 1)[1].strip() for line in info.splitlines() if line.startswith("model name")), "?")
    flags = next((line.split(":", 1)[1].split() for line in info.splitlines() if line.startswith("flags")), [])
    wanted = [f for f in flags if f.startswith(("amx", "avx512_bf16", "avx512_vnni", "avx_vnni", "avx512f", "avx2"))]
    return f"{model}; {os.cpu_count()} cores; flags: {' '.join(sorted(set(wanted))) or 'none of amx/avx512/avx2'}"


def rate(fn, sentences: int, repeat: int) -> float:
    best = 0.0
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = max(best, sentences / (time.perf_counter() - t))
    return best


def worker(tier: str, backend: str, n_articles: int, repeat: int) -> dict:
    """Throughput figures of one configuration (run in its own process)."""
    from bias import Analyzer

    texts = corpus(n_articles)
    t = time.perf_counter()
    a = Analyzer.load(tier, backend=backend)
    load_s = time.perf_counter() - t
    articles = [a.segment(x) for x in texts]
    n_sent = sum(len(x.sentences) for x in articles)
    a.analyze(texts[0])  # warm-up (first shapes, lazy imports)
    one = rate(lambda: [a.analyze(x) for x in texts], n_sent, repeat)
    batched = rate(lambda: list(a.analyze_many(texts, batch_articles=16)), n_sent, repeat)
    clf = a.classifier
    windows = clf.windows.articles_windows([[s.text for s in art.sentences] for art in articles])
    model_only = rate(lambda: [None for _ in clf._batches(windows)], n_sent, repeat)
    encoded = sum(len(w.input_ids) for w in windows)
    targets = sum(e - s for w in windows for _, s, e in w.sentence_slices)
    return {"tier": tier, "backend": backend, "runtime": a.classifier.runtime.name, "articles": len(texts),
            "sentences": n_sent, "load_s": load_s, "one_at_a_time": one, "batched": batched, "model_only": model_only,
            "context_share": 1 - targets / encoded, "tokens_per_sentence": targets / n_sent,
            "precision": getattr(a.classifier.runtime, "precision", "fp32" if not getattr(
                a.classifier.runtime, "use_bf16", False) else "bf16"),
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def cold_start(tier: str, backend: str, article: Path, runs: int = 5) -> tuple[float, float]:
    """Median wall time of fresh `bias analyze` processes and their peak RSS (MB). Each runs under a small wrapper
    process of its own, so the RSS is that of the `bias` process alone (RUSAGE_CHILDREN of a process that has no
    other children)."""
    cmd = [sys.executable, "-m", "bias.cli", "analyze", str(article), "--format", "json", "--model", tier,
           "--backend", backend]
    wrapper = ("import resource, subprocess, sys, time\n"
               "t = time.perf_counter(); p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
               "sys.exit(p.stderr[-500:]) if p.returncode else print(time.perf_counter() - t, "
               "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)")
    times, rss = [], 0.0
    for _ in range(runs):
        proc = subprocess.run([sys.executable, "-c", wrapper, *cmd], capture_output=True, text=True)
        if proc.returncode:
            raise SystemExit(f"cold start failed: {proc.stderr.strip()}")
        seconds, mb = map(float, proc.stdout.split())
        times.append(seconds)
        rss = max(rss, mb)
    return statistics.median(times), rss


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--articles", type=int, default=20)
    p.add_argument("--repeat", type=int, default=2)
    p.add_argument("--tiers", default="accurate,fast")
    p.add_argument("--backends", default="torch,onnx,openvino")
    p.add_argument("--cold-runs", type=int, default=5)
    p.add_argument("--worker", nargs=2, metavar=("TIER", "BACKEND"), help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(*args.worker, args.articles, args.repeat)))
        return
    import openvino

    print(f"CPU: {cpu_flags()}")
    print(f"python {platform.python_version()}, openvino {openvino.__version__}, threads per runtime: "
          f"{os.environ.get('BIAS_THREADS', 'all cores')}")
    configs = [(t, b) for t in args.tiers.split(",") for b in args.backends.split(",")]
    configs.sort(key=lambda c: c != ("accurate", "torch"))  # the reference first
    with tempfile.TemporaryDirectory() as tmp:
        article = Path(tmp) / "article.txt"
        article.write_text(corpus(1)[0], encoding="utf-8")
        rows = []
        for tier, backend in configs:
            proc = subprocess.run([sys.executable, __file__, "--worker", tier, backend, "--articles",
                                   str(args.articles), "--repeat", str(args.repeat)], capture_output=True, text=True)
            if proc.returncode:
                print(f"{tier}/{backend}: failed: {proc.stderr.strip().splitlines()[-1:]}")
                continue
            row = json.loads(proc.stdout.strip().splitlines()[-1])
            row["cold_s"], row["cold_rss_mb"] = cold_start(tier, backend, article, args.cold_runs)
            rows.append(row)
            print(f"  measured {tier}/{backend}", flush=True)
    if not rows:
        return
    ref = next((r for r in rows if (r["tier"], r["backend"]) == ("accurate", "torch")), rows[0])
    print(f"\ncorpus: {ref['articles']} PolNeAR test articles, {ref['sentences']} sentences "
          f"({ref['tokens_per_sentence']:.0f} tokens a sentence; context and special tokens "
          f"{ref['context_share']:.0%} of the encoded tokens); reference: {ref['tier']}/{ref['backend']}")
    cols = [("one_at_a_time", "articles one at a time, sent/s"), ("batched", "batched across articles, sent/s"),
            ("model_only", "model only, sent/s"), ("cold_s", "cold start, s (median of 5)"),
            ("cold_rss_mb", "cold start peak RSS, MB"), ("peak_rss_mb", "throughput peak RSS, MB")]
    print("| tier / runtime (precision) | " + " | ".join(c for _, c in cols) + " |")
    print("|---|" + "---|" * len(cols))
    for r in rows:
        cells = []
        for key, _ in cols:
            v, base = r[key], ref[key]
            fmt = f"{v:.2f}" if key == "cold_s" else f"{v:.0f}"
            cells.append(f"{fmt} ({v / base:.2f}×)")
        print(f"| {r['tier']} / {r['runtime']} ({r['precision']}) | " + " | ".join(cells) + " |")
    print("\nratios: this configuration's figure over the reference's (for speed, higher is faster; for cold start "
          "and RSS, lower is better).")


if __name__ == "__main__":
    main()
