"""Speed and memory of the shipped model on this machine (figures printed, not asserted).

    python bench/benchmark.py [--model DIR] [--article FILE] [--repeat 3]

- throughput: sentences/s when analysing whole articles (windows of neighbouring sentences), and for
  ``classify`` on isolated sentences;
- cold start: wall time of a fresh ``bias analyze ARTICLE --format json`` process (import, model load, analysis);
- peak RSS of that process and of this one.
"""
from __future__ import annotations

import argparse
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("--model", default=None)
    p.add_argument("--article", default=str(REPO / "examples" / "harbor_bridge.txt"))
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--copies", type=int, default=40, help="article copies per throughput run")
    args = p.parse_args(argv)
    import torch

    from bias import Analyzer
    from bias.segment import segment_text

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, torch {torch.__version__}, "
          f"threads {torch.get_num_threads()}")
    cmd = [sys.executable, "-m", "bias.cli", "analyze", args.article, "--format", "json"]
    if args.model:
        cmd += ["--model", args.model]
    cold = []
    for _ in range(args.repeat):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        cold.append(time.perf_counter() - t)
    child_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"cold start of `bias analyze` (one article, fresh process): "
          f"min {min(cold):.2f} s, median {sorted(cold)[len(cold) // 2]:.2f} s over {len(cold)} runs; "
          f"peak RSS {child_rss:.0f} MB")

    t = time.perf_counter()
    a = Analyzer.load(args.model)
    print(f"model load in-process: {time.perf_counter() - t:.2f} s")
    text = Path(args.article).read_text(encoding="utf-8")
    sents = [s.text for s in segment_text(text).sentences]
    articles = [sents] * args.copies
    a.classifier.predict_articles(articles[:2])  # warm-up
    runs = []
    for _ in range(args.repeat):
        t = time.perf_counter()
        a.classifier.predict_articles(articles)
        runs.append(len(sents) * args.copies / (time.perf_counter() - t))
    print(f"throughput, whole articles: {max(runs):.0f} sentences/s (best of {args.repeat}; "
          f"{len(sents) * args.copies} sentences, bf16={a.classifier.use_bf16})")
    flat = [x for x in sents for _ in range(args.copies)]
    runs = []
    for _ in range(args.repeat):
        t = time.perf_counter()
        a.classify(flat)
        runs.append(len(flat) / (time.perf_counter() - t))
    print(f"throughput, isolated sentences (classify): {max(runs):.0f} sentences/s")
    print(f"peak RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
