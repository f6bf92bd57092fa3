"""The loaded threshold's operating points on dev data, for choosing it (docs/experiments.md).

    python tools/loaded_operating_points.py [--model models/bias-mpnet-v3]

Per threshold: PTC dev Loaded_Language partial-credit P/R/F1 and sentence-level F1 (shipped spans, rule included);
on gold dev, the share of `reported_fact` sentences with a span, the share with a span the reader judged not loaded
(data/loaded_check), and the share of judged spans with a word judged loaded. Thresholds start at 0.45, the one
whose spans (bias-mpnet-v3's) were judged; another model's spans outside the judged ones are counted as unjudged.
SemEval-2023 dev and the test splits are not read.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def reader_agreement(rows: list[dict]) -> tuple[int, float]:
    """Cohen's kappa of the two readers (lj1, lj2) on the spans both judged: loaded or partly vs not loaded."""
    from sklearn.metrics import cohen_kappa_score

    by_span: dict[tuple, dict] = {}
    for r in rows:
        by_span.setdefault((r["corpus"], r["article_id"], r["span_start"]), {})[r["annotator"]] = r["verdict"]
    both = [v for v in by_span.values() if {"lj1", "lj2"} <= v.keys()]
    first = [v["lj1"] != "not_loaded" for v in both]
    second = [v["lj2"] != "not_loaded" for v in both]
    return len(both), float(cohen_kappa_score(first, second))


def main() -> None:
    from bias import Analyzer
    from bias.corpora.gold import read_tsv
    from bias.corpora.ptc import load_ptc
    from bias.evaluators import LOADED_CHECK_TSV, JudgedLoadedEvaluator, LoadedSpanEvaluator

    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--model", type=Path, default=None)
    p.add_argument("--datasets", default=None)
    args = p.parse_args()
    a = Analyzer.load(args.model)
    judged = JudgedLoadedEvaluator.from_repo(args.datasets)
    n, kappa = reader_agreement(read_tsv(LOADED_CHECK_TSV))
    print(f"readers: {n} spans judged twice, Cohen's kappa {kappa:.3f}")
    ptc = LoadedSpanEvaluator(load_ptc("dev", args.datasets))
    ptc_out, gold_out = ptc.token_outputs(a.classifier), judged.token_outputs(a.classifier)
    print("| threshold | PTC dev P / R / F1 (partial) | PTC dev sentence F1 | gold-dev facts flagged | "
          "facts with a span judged not loaded | spans with a word judged loaded | unjudged spans |")
    print("|---|---|---|---|---|---|---|")
    # From the threshold whose spans were judged (0.45) up: a lower one widens spans beyond the judged ones.
    for t in [round(x, 2) for x in np.arange(0.45, 0.85, 0.05)]:
        m, g = ptc.score(ptc_out, t), judged.score(gold_out, t)
        pr = m["partial"]
        print(f"| {t:.2f} | {pr['precision']:.3f} / {pr['recall']:.3f} / {pr['f1']:.3f} | {m['sentence']['f1']:.3f} | "
              f"{g['facts_flagged']:.1%} ({g['facts_flagged_n']}) | {g['facts_false_alarm']:.1%} "
              f"({g['facts_false_alarm_n']}) | {g['judged_loaded_share']:.1%} ({g['judged_loaded']} of "
              f"{g['spans'] - g['unjudged']}) | {g['unjudged']} |", flush=True)


if __name__ == "__main__":
    main()
