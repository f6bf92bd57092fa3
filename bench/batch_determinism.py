"""Is an article's result independent of the articles batched with it, and what does batching across articles gain?

    python bench/batch_determinism.py --model fast --n 40
    python bench/batch_determinism.py --model accurate --n 40

Encodes the first N PTC train articles (../shared/datasets) three ways, in one process, interleaved over
``--rounds`` rounds, and prints the sentence logits' largest difference from each article encoded alone, the
number of articles whose logits differ at all, and the sentences per second of the encoder pass
(``SentenceClassifier.article_logits``):

- ``alone``: each article on its own (its windows batched together, as one ``analyze`` call does): the reference;
- ``together``: all N articles in one call, windows of any article sharing batches, each batch of one padded width
  (a multiple of ``bias.classify.WIDTH_MULTIPLE``): what ``analyze_many`` and ``bias batch`` do;
- ``together, free width``: the same without the width blocks (each batch padded to its longest window), as before
  the width blocks; shown to measure what they fix and what they cost.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", default="fast")
    ap.add_argument("--backend", default=None)
    ap.add_argument("--n", type=int, default=40, help="PTC train articles")
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args(argv)

    import bias.classify as classify
    from bias.analyzer import Analyzer
    from bias.corpora.ptc import load_ptc

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from benchmark import cpu_flags

    analyzer = Analyzer.load(args.model, backend=args.backend)
    clf = analyzer.classifier
    rows = list(load_ptc("train"))[: args.n]
    articles = [[s.text for s in analyzer.segment(r["text"], "text").sentences] for r in rows]
    n_sent = sum(len(a) for a in articles)
    multiple = classify.WIDTH_MULTIPLE

    def alone():
        return [clf.article_logits([a])[0] for a in articles]

    def together():
        return clf.article_logits(articles)

    def free_width():
        classify.WIDTH_MULTIPLE = 1
        try:
            return clf.article_logits(articles)
        finally:
            classify.WIDTH_MULTIPLE = multiple

    modes = {"alone": alone, f"together, width blocks of {multiple}": together, "together, free width": free_width}
    times = {k: [] for k in modes}
    results = {}
    together()  # warm-up: first-shape compilation is not part of any mode's time
    for _ in range(args.rounds):
        for name, fn in modes.items():
            t = time.perf_counter()
            results[name] = fn()
            times[name].append(time.perf_counter() - t)
    print(f"CPU: {cpu_flags()}")
    print(f"{args.n} PTC train articles, {n_sent} sentences; model {analyzer.tool_info['model']} on "
          f"{analyzer.tool_info['runtime']}; best of {args.rounds} interleaved rounds\n")
    print("| encoding | sentences/s | vs alone | largest logit difference from alone | articles differing |")
    print("|---|---|---|---|---|")
    ref = min(times["alone"])
    for name in modes:
        diffs = [float(np.abs(a - b).max()) if len(a) else 0.0 for a, b in zip(results[name], results["alone"])]
        best = min(times[name])
        print(f"| {name} | {n_sent / best:.1f} | {ref / best:.2f}× | {max(diffs):.3g} | "
              f"{sum(d > 0 for d in diffs)} / {len(diffs)} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
