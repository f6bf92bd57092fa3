"""Does a learned line classifier carry page-furniture detection to fresh articles better than the rules?

    python tools/furniture_line_model.py                              # rules of this checkout
    python tools/furniture_line_model.py --rules-checkout /tmp/s9     # rules of an older checkout (git worktree)

Every labelled line of data/handlabelled, the gold dev split and each round of data/furniture_check is a row (skip or
sentence). A class-weighted logistic regression reads the line's shape and place (25 features: length, final
punctuation, capitals, digits, links, handles, whether it is a whole line, its neighbours' lengths, its place in the
article, the share of function words) and, optionally, hashed character and word n-grams of its text. For each
furniture-check round, the model is trained on every other set ("all-but") and, to imitate the rules of an earlier
session, on the hand-labelled and gold dev sets only ("early"); its threshold is the lowest at which the model alone
keeps 0.90 precision out of fold (5 folds grouped by article) on its training rows. It only adds lines the rules
leave as sentences. Gold test is never read. Experiments only (docs/experiments.md); nothing here ships.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GroupKFold

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bias.corpora.gold import load_furniture_check, load_gold, load_handlabelled  # noqa: E402

ROUNDS = ["dev", "dev2", "dev3", "dev4"]
FUNCTION_WORDS = set("the a an of to in and is was are were has have had said says will would can could that this "
                     "for on with it he she they we i not be been".split())
CHARS = HashingVectorizer(analyzer="char_wb", ngram_range=(2, 4), n_features=2**16, alternate_sign=False)
WORDS = HashingVectorizer(analyzer="word", ngram_range=(1, 2), n_features=2**16, alternate_sign=False,
                          token_pattern=r"[\w@#]+|[^\w\s]")


def articles() -> list[dict]:
    sets = [("hand", load_handlabelled()), ("gold_dev", load_gold("dev"))]
    sets += [(f"check_{r}", load_furniture_check(r)) for r in ROUNDS]
    return [{"set": name, "key": f"{a['corpus']}:{a['article_id']}", "text": a["text"],
             "rows": [{"start": r["start"], "end": r["end"], "label": r["label"]} for r in a["spans"]]}
            for name, ds in sets for a in ds]


def rule_verdicts(arts: list[dict], checkout: Path) -> dict[str, list[bool]]:
    """Per article, whether the segmenter of ``checkout`` excludes each row (tools/furniture_eval.classify_rows)."""
    code = ("import sys, json; sys.path[:0] = [sys.argv[1], sys.argv[1] + '/tools']\n"
            "from furniture_eval import classify_rows\n"
            "arts = json.load(sys.stdin)\n"
            "print(json.dumps({a['key']: [k != 'sentence' for _, k in classify_rows(a['text'], a['rows'])] "
            "for a in arts}))")
    out = subprocess.run([sys.executable, "-c", code, str(checkout)], input=json.dumps(arts), text=True,
                         capture_output=True, check=True,
                         env={"BIAS_DATASETS": str(REPO.parent / "shared" / "datasets"), **os.environ})
    return json.loads(out.stdout)


def shape_features(text: str, rows: list[dict]) -> np.ndarray:
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if m.group(0).strip()]
    line_of = [next((i for i, (a, b) in enumerate(lines) if a <= r["start"] < b), -1) for r in rows]
    per_line = {i: line_of.count(i) for i in set(line_of)}
    words_in = [len(text[a:b].split()) for a, b in lines]
    out = []
    for k, r in enumerate(rows):
        t = text[r["start"]:r["end"]].strip()
        w = t.split()
        nw = len(w) or 1
        letters = [c for c in t if c.isalpha()] or ["a"]
        li = line_of[k]
        prev = words_in[li - 1] if li > 0 else 0
        nxt = words_in[li + 1] if 0 <= li < len(lines) - 1 else 0
        out.append([
            math.log1p(nw), math.log1p(len(t)), float(bool(re.search(r"[.!?…][\"”’')\]]*$", t))), float(t.endswith(":")),
            sum(x[:1].isupper() for x in w) / nw, sum(c.isupper() for c in letters) / len(letters),
            sum(c.isdigit() for c in t) / max(len(t), 1), float("@" in t),
            float(bool(re.search(r"https?:|www\.|\.com\b", t))), float("|" in t), float("©" in t),
            float(t[:1] in "-—–•*"), float(per_line.get(li, 0) == 1), math.log1p(per_line.get(li, 0)),
            k / max(len(rows) - 1, 1), float(k == 0), math.log1p(len(rows) - 1 - k), float(len(rows) - 1 - k < 3),
            math.log1p(prev), math.log1p(nxt), float(0 < prev < 8), float(0 < nxt < 8),
            sum(x.lower().strip(".,;:!?\"'”“’") in FUNCTION_WORDS for x in w) / nw, float(nw <= 3), float(nw <= 8)])
    return np.array(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rules-checkout", type=Path, default=REPO, help="checkout whose furniture rules are scored")
    ap.add_argument("--early-rules-checkout", type=Path, default=None,
                    help="checkout of the rules the 'early' model is combined with (default: --rules-checkout)")
    args = ap.parse_args()
    arts = articles()
    rules = rule_verdicts(arts, args.rules_checkout)
    early_rules = rule_verdicts(arts, args.early_rules_checkout) if args.early_rules_checkout else rules
    dense = np.vstack([shape_features(a["text"], a["rows"]) for a in arts])
    texts = [a["text"][r["start"]:r["end"]].strip() for a in arts for r in a["rows"]]
    y = np.array([r["label"] == "skip" for a in arts for r in a["rows"]])
    group = np.array([i for i, a in enumerate(arts) for _ in a["rows"]])
    where = np.array([a["set"] for a in arts for _ in a["rows"]])
    ruled = {"now": np.array([v for a in arts for v in rules[a["key"]]]),
             "early": np.array([v for a in arts for v in early_rules[a["key"]]])}

    def matrix(idx, kinds, scale):
        parts = [sparse.csr_matrix((dense[idx] - scale[0]) / scale[1])]
        if "char" in kinds:
            parts.append(CHARS.transform([texts[i] for i in idx]))
        if "word" in kinds:
            parts.append(WORDS.transform([texts[i] for i in idx]))
        return sparse.hstack(parts).tocsr()

    def fit(idx, kinds):
        """The model and the shape features' scaling, both from the training rows only."""
        scale = (dense[idx].mean(0), dense[idx].std(0) + 1e-6)
        model = LogisticRegression(C=1.0, class_weight="balanced", max_iter=3000).fit(matrix(idx, kinds, scale), y[idx])
        return lambda rows: model.predict_proba(matrix(rows, kinds, scale))[:, 1]

    def threshold(idx, kinds, precision=0.90):
        """The lowest threshold down to which the model alone keeps ``precision`` out of fold on the training rows
        (all of them: among the lines the rules leave there are too few skip lines to set it on)."""
        oof = np.zeros(len(idx))
        for tr, te in GroupKFold(5).split(idx, groups=group[idx]):
            oof[te] = fit(idx[tr], kinds)(idx[te])
        best = 1.0
        for t in np.arange(0.99, 0.3, -0.01):
            hit = oof >= t
            if not hit.any():
                continue
            if (hit & y[idx]).sum() / hit.sum() < precision:
                break
            best = t
        return best

    def scores(pred, idx):
        tp, fp, fn = int((pred & y[idx]).sum()), int((pred & ~y[idx]).sum()), int((~pred & y[idx]).sum())
        return tp, fp, tp / max(tp + fp, 1), tp / max(tp + fn, 1)

    for kinds in (("shape",), ("shape", "char"), ("shape", "char", "word")):
        print(f"== features: {' + '.join(kinds)}")
        for rnd in ROUNDS:
            te = np.where(where == f"check_{rnd}")[0]
            for name, train_sets, rule in (("early", {"hand", "gold_dev"}, ruled["early"]),
                                           ("all-but", set(where) - {f"check_{rnd}"}, ruled["now"])):
                tr = np.where(np.isin(where, list(train_sets)))[0]
                t = threshold(tr, kinds)
                p = fit(tr, kinds)(te)
                base, both = scores(rule[te], te), scores(rule[te] | (p >= t), te)
                left = ~rule[te]
                auc = roc_auc_score(y[te][left], p[left]) if y[te][left].any() and not y[te][left].all() else math.nan
                print(f"  {rnd:5s} {name:7s} rules P {base[2]:.3f} R {base[3]:.3f} | + model (t {t:.2f}) P {both[2]:.3f} "
                      f"R {both[3]:.3f} (+{both[0] - base[0]} skip, +{both[1] - base[1]} sentences) "
                      f"AUC among the rules' leftovers {auc:.3f}", flush=True)


if __name__ == "__main__":
    main()
