"""Speed and memory of the shipped model on this machine (figures printed, not asserted).

    python bench/benchmark.py [--model DIR] [--article FILE] [--repeat 3]

- throughput: sentences/s when analysing whole articles (windows of neighbouring sentences), and for
  ``classify`` on isolated sentences;
- cold start: wall time of a fresh ``bias analyze ARTICLE --format json`` process (import, model load, analysis);
- peak RSS of that process and of this one;
- report scaling: a hostile article (``<script>``, event-handler attributes, HTML entities) of 500, 1,000 and
  5,000 sentences is analysed and rendered in every format; seconds per 1,000 sentences should stay flat (linear
  time), and the HTML must hold no live markup from the article.
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
    p.add_argument("--report-sizes", default="500,1000,5000", help="sentences of the hostile articles ('' skips)")
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
    if args.report_sizes:
        report_scaling(a, [int(x) for x in args.report_sizes.split(",")])
    print(f"peak RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


HOSTILE = ['<script>window.__pwned = 1</script>', '<img src=x onerror="window.__pwned=2">', '&amp; &lt;b&gt; &#x27;',
           '"onmouseover=alert(1) x="']


def hostile_article(n: int) -> str:
    """A headline, then ``n - 1`` sentences in paragraphs of five, each carrying a markup payload."""
    out, para = ["Council <script>alert(1)</script> Approves Budget!", ""], []
    for i in range(1, n):
        payload = HOSTILE[i % len(HOSTILE)]
        para.append(f"“The plan {payload} is a disgrace,” the mayor said of item {i}." if i % 3 == 0 else
                    f"The council discussed the {payload} proposal as item {i}.")
        if len(para) == 5:
            out += [" ".join(para), ""]
            para = []
    out.append(" ".join(para))
    return "\n".join(out)


def report_scaling(analyzer, sizes: list[int]) -> None:
    from rich.console import Console

    from bias.render.text import render_text

    for n in sizes:
        text = hostile_article(n)
        t = time.perf_counter()
        report = analyzer.analyze(text, input_format="text")
        t_analyze = time.perf_counter() - t
        timings = {}
        for fmt, render in (("html", report.to_html), ("json", report.to_json), ("csv", report.to_csv),
                            ("text", lambda: render_text(report, Console(file=open(os.devnull, "w"), width=110)))):
            t = time.perf_counter()
            out = render()
            timings[fmt] = time.perf_counter() - t
            if fmt == "html":
                from lxml import html as lxml_html

                live = lxml_html.document_fromstring(out).xpath("//script | //img | //*[@onerror] | //*[@onmouseover]")
                assert not live, f"live markup from the article: {live[:3]}"
        k = len(report.sentences) / 1000
        print(f"hostile article, {len(report.sentences)} sentences: analyse {t_analyze:.1f} s "
              f"({t_analyze / k:.1f} s per 1,000); render " +
              ", ".join(f"{fmt} {sec:.2f} s ({sec / k:.2f} s per 1,000)" for fmt, sec in timings.items()) +
              "; HTML holds no live markup")


if __name__ == "__main__":
    main()
