"""How closely a runtime reproduces the torch reference on the gold test articles (read whole, as `bias analyze`
reads them): label agreement, the largest probability difference and the macro-F1 of each.

    python tools/runtime_equivalence.py --model accurate --backends openvino,onnx [--split test]
    python tools/runtime_equivalence.py --model accurate --backends openvino --window 384 --context 32

``--window/--context`` read the articles in windows of another shape than the model was trained with (an
experiment on window packing; labels are compared with the torch reference in the trained shape).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main(argv=None):
    from bias import Analyzer
    from bias.corpora.gold import load_gold
    from bias.evaluators import GoldEvaluator

    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--model", default="accurate")
    p.add_argument("--backends", default="openvino,onnx")
    p.add_argument("--split", default="test")
    p.add_argument("--window", type=int, default=None)
    p.add_argument("--context", type=int, default=None)
    p.add_argument("--datasets", default=None)
    args = p.parse_args(argv)
    ev = GoldEvaluator(load_gold(args.split, args.datasets))
    sents = [s for _, s, _ in ev.articles]

    def run(backend, window=None, context=None):
        a = Analyzer.load(args.model, backend=backend)
        clf = a.classifier
        saved = (clf.config.max_window_tokens, clf.config.context_tokens)
        clf.config.max_window_tokens, clf.config.context_tokens = window or saved[0], context or saved[1]
        t = time.perf_counter()
        per_article = a.label_articles(sents)  # as analyze() computes them (attribution evidence included)
        seconds = time.perf_counter() - t
        windows = clf.windows.articles_windows(sents)
        encoded = sum(len(w.input_ids) for w in windows)
        metrics = ev(a, per_article)
        clf.config.max_window_tokens, clf.config.context_tokens = saved
        return np.concatenate(per_article), metrics, seconds, encoded

    ref, ref_m, ref_s, ref_tokens = run("torch")
    n = len(ref)
    print(f"gold {args.split}: {len(sents)} articles, {n} sentences; torch reference macro-F1 {ref_m['macro_f1']:.4f}, "
          f"{ref_s:.0f} s, {ref_tokens / n:.1f} encoded tokens a sentence")
    for backend in args.backends.split(","):
        logits, m, secs, tokens = run(backend, args.window, args.context)
        agree = float((logits.argmax(1) == ref.argmax(1)).mean())
        print(f"{backend}{f' windows {args.window}/{args.context}' if args.window or args.context else ''}: "
              f"label agreement {agree:.4f} ({int(round(agree * n))}/{n}), max |probability diff| "
              f"{np.abs(logits - ref).max():.2e}, macro-F1 {m['macro_f1']:.4f} (torch {ref_m['macro_f1']:.4f}), "
              f"{secs:.0f} s, {tokens / n:.1f} encoded tokens a sentence")


if __name__ == "__main__":
    main()
