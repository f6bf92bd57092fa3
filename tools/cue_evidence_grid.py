"""Cue evidence (hearsay markers, acts of asking, stance verbs) on gold dev: macro-F1 over a grid of weights, and
the sentences the evidence touches, by gold label, before and after.

    python tools/cue_evidence_grid.py --split dev [--cache /tmp/gold-dev.pkl] [-o runs/cue-evidence-dev.json]

Gold test is never tuned on: run it once with --split test --weights CLAIM,ACT to report the chosen weights.
"""
from __future__ import annotations

import argparse
import json
import pickle
from pathlib import Path

import numpy as np

from bias import Analyzer
from bias.attribution import CLAIM_CUE_WEIGHT, ACT_CUE_WEIGHT, apply_attribution_evidence, content_coverage, \
    extract_attributions
from bias.corpora.gold import load_gold
from bias.evaluators import GoldEvaluator
from bias.labels import LABELS
from bias.segment import Sentence


def article_outputs(analyzer, ev, cache: str | None):
    if cache and Path(cache).exists():
        return pickle.load(open(cache, "rb"))["out"]
    out = list(analyzer.classifier.predict_articles_with_tokens([s for _, s, _ in ev.articles]))
    if cache:
        pickle.dump({"out": out}, open(cache, "wb"))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="dev")
    ap.add_argument("--cache", default=None, help="pickle of the model outputs (written when missing)")
    ap.add_argument("--weights", default=None, help="CLAIM,ACT: score only these (no grid)")
    ap.add_argument("-o", "--output", default=None)
    args = ap.parse_args()
    analyzer = Analyzer.load()
    ev = GoldEvaluator(load_gold(args.split))
    strength = analyzer.config.thresholds.get("attribution_strength", 0.0)
    cached = []
    for (aid, sents, labels), (probs, tokens) in zip(ev.articles, article_outputs(analyzer, ev, args.cache)):
        objs, pos = [], 0
        for i, t in enumerate(sents):
            objs.append(Sentence(i, pos, pos + len(t), t, "body", 0, 0))
            pos += len(t) + 1
        cached.append((probs, content_coverage(objs, extract_attributions(objs, tokens))))

    def run(cw, aw):
        probs = [apply_attribution_evidence(p, c, strength, cw, aw) for p, c in cached]
        return ev(analyzer, probs), probs

    grid = [tuple(map(float, args.weights.split(",")))] if args.weights else \
        [(c, a) for c in (0.0, 0.5, 1.0, 1.5, 2.0, 3.0) for a in (0.0, 0.5, 1.0, 1.5, 2.0, 3.0)]
    scores = {f"{c},{a}": run(c, a)[0]["macro_f1"] for c, a in grid}
    base, base_probs = run(0.0, 0.0)
    chosen = (CLAIM_CUE_WEIGHT, ACT_CUE_WEIGHT) if not args.weights else grid[0]
    after, after_probs = run(*chosen)
    touched = {"claim_cues": [], "act_cues": []}
    for (aid, sents, labels), (_, cov), pb, pa in zip(ev.articles, cached, base_probs, after_probs):
        for i, (t, lab) in enumerate(zip(sents, labels)):
            for name in touched:
                if getattr(cov, name)[i] and lab in ev.scored:
                    touched[name].append({"article": aid, "sentence": i, "gold": lab,
                                          "before": LABELS[int(pb[i].argmax())], "after": LABELS[int(pa[i].argmax())]})
    summary = {name: {"sentences": len(rows), "gold": {l: sum(r["gold"] == l for r in rows) for l in LABELS},
                      "right_before": sum(r["gold"] == r["before"] for r in rows),
                      "right_after": sum(r["gold"] == r["after"] for r in rows),
                      "fixed": sum(r["gold"] == r["after"] != r["before"] for r in rows),
                      "broken": sum(r["gold"] == r["before"] != r["after"] for r in rows)}
               for name, rows in touched.items()}
    print(f"split {args.split}; macro-F1 without cue evidence {base['macro_f1']:.4f} {base['macro_f1_ci95']}; "
          f"with weights {chosen}: {after['macro_f1']:.4f} {after['macro_f1_ci95']}")
    for name, s in summary.items():
        print(f"  {name}: {s}")
    if not args.weights:
        for k, v in sorted(scores.items(), key=lambda kv: -kv[1])[:12]:
            print(f"  grid claim,act={k}: {v:.4f}")
    if args.output:
        json.dump({"split": args.split, "without": base, "with": after, "weights": chosen, "grid": scores,
                   "touched": touched, "summary": summary}, open(args.output, "w"), indent=1, default=str)


if __name__ == "__main__":
    main()
