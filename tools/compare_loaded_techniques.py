"""Compare loaded-phrasing models trained on different PTC technique sets, on dev data only.

    python tools/compare_loaded_techniques.py runs/abl-LL runs/abl-LLNCL runs/abl-LLEM

For each model: PTC dev partial-credit F1 (threshold tuned on PTC dev) against Loaded_Language alone and against
its union with Name_Calling,Labeling and/or Exaggeration,Minimisation; the share of gold-dev ``reported_fact``
sentences that get a loaded span at the model's own threshold; gold-dev 3-way macro-F1. SemEval-2023 dev (PTC test)
is not read: it stays for the final score.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SETS = {"LL": ("Loaded_Language",), "LL+NC": ("Loaded_Language", "Name_Calling,Labeling"),
        "LL+EM": ("Loaded_Language", "Exaggeration,Minimisation"),
        "LL+NC+EM": ("Loaded_Language", "Name_Calling,Labeling", "Exaggeration,Minimisation")}


def main() -> None:
    from bias import Analyzer
    from bias.corpora.gold import load_gold
    from bias.corpora.ptc import load_ptc
    from bias.evaluate_card import loaded_false_alarms
    from bias.evaluators import GoldEvaluator, LoadedSpanEvaluator

    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("models", nargs="+", type=Path)
    p.add_argument("--datasets", default=None)
    args = p.parse_args()
    ptc = load_ptc("dev", args.datasets)
    evaluators = {k: LoadedSpanEvaluator(ptc, v) for k, v in SETS.items()}
    gold = load_gold("dev", args.datasets)
    facts = ([[x["text"][s["start"]:s["end"]] for s in x["spans"]] for x in gold],
             [[s["label"] == "reported_fact" for s in x["spans"]] for x in gold])
    gold_ev = GoldEvaluator(gold)
    rows = {}
    for folder in args.models:
        a = Analyzer.load(folder)
        outputs = evaluators["LL"].token_outputs(a.classifier)
        row = {k: ev.tune(outputs)[1]["partial"]["f1"] for k, ev in evaluators.items()}
        row["gold_dev_fact_false_alarms"] = loaded_false_alarms(a, *facts)["flagged_share"]
        row["gold_dev_macro_f1"] = gold_ev(a.classifier)["macro_f1"]
        rows[folder.name] = row
        print(folder.name, json.dumps({k: round(v, 4) for k, v in row.items()}), flush=True)


if __name__ == "__main__":
    main()
