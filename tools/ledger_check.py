"""Score the source ledger on the hand-listed ledger check set (data/ledger_check/): splits, merges, clipped names,
non-sources, type accuracy and missed sources, per half.

    python tools/ledger_check.py --split dev -o runs/ledger-check-dev.json     # iterate on dev only
    python tools/ledger_check.py --split test -o runs/ledger-check-test.json   # report test

The scoring is ``bias.evaluators.LedgerCheckEvaluator``; ``bias evaluate ledger-check --split dev|test`` gives the
same figures (per-article verdicts in its predictions.jsonl). This script adds ``--split all``, ``--show`` and one
JSON file with every entry's verdict.
"""
from __future__ import annotations

import argparse
import json

from bias import Analyzer
from bias.evaluators import LedgerCheckEvaluator

COUNTS = ("articles", "sources", "required_sources", "entries", "split", "merge", "split_plus_merge", "clipped",
          "non_source", "missed", "typed_entries", "type_accuracy")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="dev", choices=["dev", "dev2", "dev3", "dev4", "dev5", "test", "all"])
    ap.add_argument("--model", default=None)
    ap.add_argument("-o", "--output", default=None, help="JSON file for the figures and every entry's verdict")
    ap.add_argument("--show", action="store_true", help="print each article's wrong entries")
    args = ap.parse_args()
    ev = LedgerCheckEvaluator.from_repo(None if args.split == "all" else args.split)
    result = ev(Analyzer.load(args.model))
    for k in COUNTS:
        v = result[k]
        print(f"{k:18s} {v:.3f}" if isinstance(v, float) else f"{k:18s} {v}")
    if args.show:
        for key, art in result["per_article"].items():
            bad = [e for e in art["entries"] if e["merge"] or e["clipped"] or e["non_source"] or e["type_ok"] is False]
            if bad or art["split_sources"] or art["missed"]:
                print(f"\n{key}")
                for e in bad:
                    flags = [f for f in ("merge", "clipped", "non_source") if e[f]]
                    flags += ["type"] if e["type_ok"] is False else []
                    print(f"  {e['name']!r} [{e['type']}] -> {e['sources']} {flags}")
                for src in art["split_sources"]:
                    print(f"  split {src!r}: {[e['name'] for e in art['entries'] if src in e['sources']]}")
                if art["missed"]:
                    print(f"  missed: {art['missed']}")
    if args.output:
        with open(args.output, "w", encoding="utf-8") as f:
            json.dump({"subset": args.split, **result}, f, indent=1, ensure_ascii=False, default=sorted)


if __name__ == "__main__":
    main()
