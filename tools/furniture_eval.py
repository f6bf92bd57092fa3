"""Precision and recall of page-furniture detection (bias.segment) against the gold set's ``skip`` lines.

    python tools/furniture_eval.py --split dev            # iterate here
    python tools/furniture_eval.py --split test           # report once
    python tools/furniture_eval.py --split dev -v         # also list every miss and false alarm
    python tools/furniture_eval.py --set handlabelled     # the hand-labelled training articles (a second dev set)
    python tools/furniture_eval.py --set check            # data/furniture_check: fresh articles, skip lines only
    python tools/furniture_eval.py --set check --split dev2   # its second round only

No model is involved. Each gold article's text goes through ``segment_text`` as ``bias analyze`` would; each gold
row (sentence) is then *excluded* when most of its non-space characters fall in page furniture, a section heading or
a byline, or when the segmenter glued it onto a neighbouring sentence that carries a scored gold row (a fragment such
as a lone closing quote or "permanently." after a wrong split: it gets no label and no count of its own). A gold
``skip`` row that is excluded is a true positive; a scored row (fact / claim / opinion) that is excluded is a false
alarm. Needs ``../shared/datasets``.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bias.corpora.gold import load_furniture_check, load_gold, load_handlabelled  # noqa: E402
from bias.segment import segment_text  # noqa: E402


def _chars(text: str, a: int, b: int) -> set[int]:
    return {i for i in range(a, b) if not text[i].isspace()}


def classify_rows(text: str, rows: list[dict]) -> list[tuple[dict, str]]:
    """(gold row, how the segmenter treated it): "furniture:<rule>", "heading", "byline", "merged" or "sentence"."""
    art = segment_text(text)
    owner: dict[int, tuple[str, object]] = {}
    for sec in art.sections:
        if sec.heading:
            for i in range(sec.heading.start, sec.heading.end):
                owner[i] = ("heading", None)
    for b in art.bylines:
        for i in range(b.start, b.end):
            owner[i] = ("byline", None)
    for s in art.sentences:
        for i in range(s.start, s.end):
            owner[i] = (f"furniture:{s.furniture_reason}" if s.kind == "furniture" else "sentence", s)
    scored_chars: dict[int, Counter] = {}  # sentence index -> chars of each gold row inside it
    for k, r in enumerate(rows):
        for i in _chars(text, r["start"], r["end"]):
            kind, s = owner.get(i, ("none", None))
            if s is not None and kind == "sentence":
                scored_chars.setdefault(s.index, Counter())[k] += 1
    out = []
    for k, r in enumerate(rows):
        votes = Counter(owner.get(i, ("none", None))[0] for i in _chars(text, r["start"], r["end"]))
        if not votes:
            out.append((r, "sentence"))
            continue
        kind = votes.most_common(1)[0][0]
        if kind == "sentence":
            # the sentence holding most of this row: is the row only a minority piece of it next to a scored row?
            sents = Counter(owner[i][1].index for i in _chars(text, r["start"], r["end"])
                            if owner.get(i, ("", None))[0] == "sentence")
            si = sents.most_common(1)[0][0]
            mine = scored_chars[si][k]
            others = [(n, j) for j, n in scored_chars[si].items() if j != k and rows[j]["label"] != "skip"]
            if others and max(others)[0] > mine:
                kind = "merged"
        out.append((r, kind))
    return out


def evaluate(split: str, verbose: bool = False, which: str = "gold") -> dict:
    if which == "gold":
        ds = load_gold(split)
    elif which == "check":
        ds = load_furniture_check(None if split == "all" else split)
    else:
        ds = load_handlabelled()
    tp = fp = fn = tn = 0
    reasons_tp: Counter = Counter()
    reasons_fp: Counter = Counter()
    misses, alarms = [], []
    for a in ds:
        text = a["text"]
        for r, kind in classify_rows(text, a["spans"]):
            excluded = kind != "sentence"
            skip = r["label"] == "skip"
            line = f"  {a['corpus']}:{a['article_id']}  [{kind}]  {text[r['start']:r['end']][:110]!r}"
            if skip and excluded:
                tp += 1
                reasons_tp[kind.split(":")[0] if not kind.startswith("furniture") else kind] += 1
            elif skip:
                fn += 1
                misses.append(line)
            elif excluded:
                fp += 1
                reasons_fp[kind] += 1
                alarms.append(line + f"  (gold {r['label']})")
            else:
                tn += 1
    p = tp / (tp + fp) if tp + fp else 0.0
    r_ = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r_ / (p + r_) if p + r_ else 0.0
    print(f"{which} {split if which != 'handlabelled' else ''}: {len(ds)} articles, {tp + fn} skip rows, "
          f"{fp + tn} scored rows")
    print(f"non-sentence detection: precision {p:.3f} ({tp}/{tp + fp}), recall {r_:.3f} ({tp}/{tp + fn}), F1 {f1:.3f}")
    print("caught by:", ", ".join(f"{k} {v}" for k, v in reasons_tp.most_common()))
    if reasons_fp:
        print("false alarms by:", ", ".join(f"{k} {v}" for k, v in reasons_fp.most_common()))
    if verbose:
        print("missed skip rows:")
        print("\n".join(misses) or "  none")
        print("scored rows excluded:")
        print("\n".join(alarms) or "  none")
    return {"precision": p, "recall": r_, "f1": f1, "tp": tp, "fp": fp, "fn": fn, "tn": tn}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", default=None, choices=["dev", "dev2", "dev3", "dev4", "test", "all"],
                    help="gold: dev (default) or test; check: dev, dev2, dev3, dev4 or all (default)")
    ap.add_argument("--set", dest="which", default="gold", choices=["gold", "handlabelled", "check"])
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    split = args.split or ("dev" if args.which == "gold" else "all")
    if args.which == "gold" and split not in ("dev", "test"):
        ap.error("the gold set has splits dev and test")
    evaluate(split, args.verbose, args.which)


if __name__ == "__main__":
    main()
