"""Two models on the same held-out data, with paired bootstrap intervals of the difference.

    python tools/compare_models.py MODEL_A MODEL_B [--datasets PATH]

For gold dev and gold test (3-way macro-F1, resampled by article) and CheckThat dev-test (opinion vs rest macro-F1,
resampled by sentence): each model's score with its 95 % interval, and B − A with the 95 % interval of the paired
difference (both models scored on the same resamples). Used to check that joint training with the token heads does
not cost the sentence label (docs/experiments.md).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    from sklearn.metrics import f1_score

    from bias import Analyzer
    from bias.corpora.checkthat import load_checkthat
    from bias.corpora.gold import load_gold
    from bias.evaluators import CheckThatEvaluator, GoldEvaluator, bootstrap_ci, paired_bootstrap
    from bias.labels import LABEL_TO_ID

    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("model_a", type=Path)
    p.add_argument("model_b", type=Path)
    p.add_argument("--datasets", default=None)
    args = p.parse_args()
    models = [Analyzer.load(args.model_a), Analyzer.load(args.model_b)]

    def macro(labels):
        return lambda t, q: f1_score(t, q, labels=labels, average="macro", zero_division=0)

    rows = []
    for split in ("dev", "test"):
        ev = GoldEvaluator(load_gold(split, args.datasets))
        preds = []
        for m in models:
            y, probs, groups = ev.predict(m)
            preds.append(probs.argmax(1))
        rows.append((f"gold {split} (3-way, {len(y)} sentences)", y, preds, groups, macro([0, 1, 2])))
    ct = CheckThatEvaluator(load_checkthat("dev_test", args.datasets))
    preds = [(ct.predict(m.classifier).argmax(1) == LABEL_TO_ID["opinion"]).astype(int) for m in models]
    rows.append((f"CheckThat dev-test (opinion vs rest, {len(ct.y)} sentences)", ct.y, preds, None, macro([0, 1])))

    print(f"A = {args.model_a}\nB = {args.model_b}\n")
    print("| data | A macro-F1 (95 % CI) | B macro-F1 (95 % CI) | B − A (95 % CI of the paired difference) | "
          "resamples with B not better |")
    print("|---|---|---|---|---|")
    for name, y, (pa, pb), groups, metric in rows:
        cells = []
        for q in (pa, pb):
            lo, hi = bootstrap_ci(y, q, metric, groups=groups)
            cells.append(f"{metric(y, q):.3f} ({lo:.3f}–{hi:.3f})")
        d = paired_bootstrap(y, pa, pb, metric, groups=groups)
        print(f"| {name} | {cells[0]} | {cells[1]} | {d['difference']:+.3f} ({d['ci95'][0]:+.3f} to "
              f"{d['ci95'][1]:+.3f}) | {d['share_b_not_better']:.0%} |")


if __name__ == "__main__":
    main()
