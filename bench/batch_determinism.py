"""Is an article's result independent of the articles batched with it, and what does batching across articles gain?

    python bench/batch_determinism.py --model fast --n 40
    python bench/batch_determinism.py --model accurate --n 40

Encodes the first N PTC train articles (../shared/datasets) three ways, in one process, interleaved over
``--rounds`` rounds, and prints the sentence logits' largest difference from each article encoded alone, the
number of articles whose logits differ at all, and the sentences per second of the encoder pass
(``SentenceClassifier.article_logits``):

- ``alone``: each article on its own (its windows batched together, as one ``analyze`` call does): the reference;
- ``together``: all N articles in one call, windows of any article sharing batches, each batch padded to a
  multiple of ``SentenceClassifier.pad_multiple`` tokens (16; 64 on AMX CPUs): what ``analyze_many`` and
  ``bias batch`` do;
- ``together, multiple of 64``: the same, padded to a multiple of 64 (the AMX setting);
- ``together, full window width``: every window padded to the window size (256);
- ``together, free width``: each batch padded to its longest window, as before session 9 (not exact).

``--alone-too`` also times ``alone`` under the two other paddings (the padding changes ``analyze``'s speed too).
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
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--alone-too", action="store_true", help="also time articles alone under the other paddings")
    args = ap.parse_args(argv)

    from bias.analyzer import Analyzer
    from bias.corpora.ptc import load_ptc

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from benchmark import cpu_flags

    analyzer = Analyzer.load(args.model, backend=args.backend)
    clf = analyzer.classifier
    rows = list(load_ptc("train"))[: args.n]
    articles = [[s.text for s in analyzer.segment(r["text"], "text").sentences] for r in rows]
    n_sent = sum(len(a) for a in articles)
    shipped = clf.pad_multiple
    window = clf.config.max_window_tokens

    def padded(multiple, fn):
        def run():
            clf.pad_multiple = multiple
            try:
                return fn()
            finally:
                clf.pad_multiple = shipped
        return run

    def alone():
        return [clf.article_logits([a])[0] for a in articles]

    def together():
        return clf.article_logits(articles)

    modes = {"alone": alone, f"together, multiple of {shipped}": together,
             "together, multiple of 64": padded(64, together),
             f"together, full window width ({window})": padded(window, together),
             "together, free width": padded(1, together)}
    if args.alone_too:
        modes.update({"alone, multiple of 64": padded(64, alone), f"alone, full window width": padded(window, alone),
                      "alone, free width": padded(1, alone)})
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
          f"{analyzer.tool_info['runtime']}; best of {args.rounds} interleaved rounds; alone is the reference\n")
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
