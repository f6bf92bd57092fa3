"""Experiment: does a learned "not a sentence" head on the encoder's pooled vectors catch furniture the rules miss?

    python tools/furniture_head.py --model accurate       # or fast
    python tools/furniture_head.py --model fast --extract-only

Nothing in ``bias/`` or ``models/`` is touched; gold *test* is never read.

1. **Vectors.** One ``Analyzer.analyze_many(..., with_vectors=True)`` pass (the pass ``bias analyze`` makes) gives a
   pooled vector per sentence. Cached in ``runs/furniture/<model>/<set>/`` (gitignored; numbers only, no text):
   the hand-labelled training articles, gold *dev*, and data/furniture_check when its annotations exist.
2. **Labels.** Each gold row is placed as ``tools/furniture_eval.classify_rows`` places it; an analyzer sentence is
   ``skip`` when most of the non-space characters of the gold rows inside it belong to ``skip`` rows (sentences no
   row covers are left out). The head only decides among the sentences the rules leave as ``body`` sentences
   (``candidates``); rows the rules already exclude (furniture, heading, byline, merged) are not its concern.
   It may *learn* from every labelled sentence (``--train-on all``: the rules' furniture too, ~300 positives) or only
   from the candidates (``candidates``: the ~20 skip rows the rules miss).
3. **Head.** Class-weighted logistic regression (scikit-learn) on the standardised pooled vector and/or a few shape
   features of the line (``shape_features``). C, feature block and training pool are chosen by 5-fold CV grouped by
   article on the hand-labelled set; the threshold is the lowest at which the head's own out-of-fold additions
   (candidates flagged) keep precision >= ``--precision`` (ties: more additions, then smaller C).
4. **Report.** Whole-pipeline precision / recall, counted per gold row as ``tools/furniture_eval.py`` counts them,
   for rules alone and rules + head (a candidate row is also excluded when the head flags the analyzer sentence
   holding most of it), on handlabelled (out-of-fold; the threshold was picked there, so optimistic), gold dev and
   furniture_check; then every dev sentence the head adds, and its false alarms.
"""
from __future__ import annotations

import argparse
import re
import sys
import warnings
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from bias.corpora.gold import FURNITURE_CHECK_DIR, load_furniture_check, load_gold, load_handlabelled  # noqa: E402
from bias.segment import segment_text  # noqa: E402
from furniture_eval import _chars, classify_rows  # noqa: E402

CACHE = ROOT / "runs" / "furniture"
_VERBISH = re.compile(r"\b(is|are|was|were|be|been|being|has|have|had|will|would|can|could|should|may|might|must|"
                      r"do|does|did|said|says|say|told|\w+ed|\w+ing)\b", re.I)
SHAPE = ["log_words", "ends_punct", "verbish", "cap_share", "at_or_url", "alone_on_line", "position"]


def shape_features(text: str, s, n: int) -> list[float]:
    """Cheap shape of sentence ``s`` of article ``text`` (``n`` sentences), in the order of ``SHAPE``."""
    words = s.text.split()
    caps = sum(w[:1].isupper() for w in words) / max(1, len(words))
    line_end = text.find("\n", s.end)
    before, after = text[text.rfind("\n", 0, s.start) + 1:s.start], text[s.end:line_end if line_end >= 0 else None]
    return [np.log1p(len(words)), float(bool(re.search(r"[.!?…][\"'”’)]*\s*$", s.text))),
            float(bool(_VERBISH.search(s.text))), caps, float(bool(re.search(r"@\w|https?:|www\.", s.text))),
            float(not before.strip() and not after.strip()), s.index / max(1, n - 1)]


def article_rows(a: dict) -> dict:
    """Per analyzer sentence: kind, label (1 skip / 0 scored / None unlabelled), shape, and per gold row how the rules
    treat it and which sentence holds most of it (``rows``: (label, rule kind, sentence index or None, text))."""
    text, spans = a["text"], a["spans"]
    art = segment_text(text)
    owner = {i: s.index for s in art.sentences for i in range(s.start, s.end)}
    votes: dict[int, Counter] = {}
    rows = []
    for r, kind in classify_rows(text, spans):
        held = Counter(owner[i] for i in _chars(text, r["start"], r["end"]) if i in owner)
        for si, c in held.items():
            votes.setdefault(si, Counter())["skip" if r["label"] == "skip" else "scored"] += c
        si = held.most_common(1)[0][0] if held else None
        rows.append((r["label"] == "skip", kind, si, text[r["start"]:r["end"]]))
    n = len(art.sentences)
    label = {i: int(c["skip"] > c["scored"]) for i, c in votes.items()}
    sents = [{"kind": s.kind, "label": label.get(s.index),
              "shape": shape_features(text, s, n), "text": s.text} for s in art.sentences]
    return {"key": f"{a['corpus']}:{a['article_id']}", "sents": sents, "rows": rows,
            "spans": np.array([(s.start, s.end) for s in art.sentences], dtype=np.int64).reshape(-1, 2)}


def load_set(name: str, analyzer, folder: Path) -> list[dict]:
    """Articles of ``name`` with labels, shapes and (cached) pooled vectors."""
    ds = {"handlabelled": load_handlabelled, "dev": lambda: load_gold("dev"), "check": load_furniture_check}[name]()
    arts = [article_rows(a) for a in ds]
    d = folder / name
    d.mkdir(parents=True, exist_ok=True)
    path = lambda a: d / (re.sub(r"[^\w.-]", "_", a["key"])[-150:] + ".npz")  # noqa: E731

    def fresh(a):  # cached, and cut as the segmenter cuts it now (bias/segment.py may have changed since)
        return path(a).exists() and np.array_equal(np.load(path(a))["spans"], a["spans"])

    todo = [(a, t) for a, t in zip(arts, ds["text"]) if not fresh(a)]
    if todo:
        print(f"  {name}: {len(arts) - len(todo)} cached, {len(todo)} to analyse", flush=True)
        outs = analyzer.analyze_many((t for _, t in todo), input_format="text", batch_articles=2, with_vectors=True)
        for (a, _), (report, vec) in zip(todo, outs):
            spans = np.array([(s.start, s.end) for s in report.sentences], dtype=np.int64).reshape(-1, 2)
            assert np.array_equal(spans, a["spans"]), f"{a['key']}: the analyzer cut it differently"
            np.savez(path(a), vec=np.asarray(vec, dtype=np.float16), spans=spans)
    for a in arts:
        a["vec"] = np.load(path(a))["vec"].astype(np.float64)
    return arts


def matrix(arts: list[dict], pool: str):
    """(vectors, shape, label, article index, is candidate) of the labelled sentences (``pool`` all or candidates)."""
    v, x, y, g, cand = [], [], [], [], []
    for k, a in enumerate(arts):
        for i, s in enumerate(a["sents"]):
            if s["label"] is None or (pool == "candidates" and s["kind"] != "body"):
                continue
            v.append(a["vec"][i]), x.append(s["shape"]), y.append(s["label"]), g.append(k)
            cand.append(s["kind"] == "body")
    return np.array(v), np.array(x), np.array(y), np.array(g), np.array(cand)


class Head:
    def __init__(self, c: float, block: str):
        self.c, self.block = c, block

    def _z(self, v, x):
        parts = ([(x - self.mx) / self.sx] if "shape" in self.block else []) + \
                ([(v - self.mv) / self.sv / np.sqrt(v.shape[1] / len(SHAPE))] if "vec" in self.block else [])
        return np.hstack(parts)

    def fit(self, v, x, y):
        from sklearn.linear_model import LogisticRegression

        self.mv, self.sv, self.mx, self.sx = v.mean(0), v.std(0) + 1e-6, x.mean(0), x.std(0) + 1e-6
        self.model = LogisticRegression(C=self.c, class_weight="balanced", max_iter=5000).fit(self._z(v, x), y)
        return self

    def prob(self, v, x):
        return self.model.predict_proba(self._z(v, x))[:, 1]


def oof(arts, c, block, pool, folds=5, seed=0):
    """Out-of-fold P(skip) of every sentence of the hand-labelled articles (seeded folds of whole articles)."""
    v, x, y, g, _ = matrix(arts, pool)
    fold = np.random.default_rng(seed).permutation(len(arts)) % folds
    out = [np.zeros(len(a["sents"])) for a in arts]
    for f in range(folds):
        tr = np.isin(g, np.flatnonzero(fold != f))
        head = Head(c, block).fit(v[tr], x[tr], y[tr])
        for k in np.flatnonzero(fold == f):
            out[k] = head.prob(arts[k]["vec"], np.array([s["shape"] for s in arts[k]["sents"]]))
    return out


def pick_threshold(arts, probs, precision):
    """Lowest threshold whose candidate additions keep precision >= ``precision``: (threshold, additions, correct)."""
    p = np.concatenate([pr[[s["kind"] == "body" and s["label"] is not None for s in a["sents"]]]
                        for a, pr in zip(arts, probs)])
    y = np.concatenate([[s["label"] for s in a["sents"] if s["kind"] == "body" and s["label"] is not None]
                        for a in arts])
    order = np.argsort(-p)
    hits = np.cumsum(y[order])
    ok = [k for k in range(len(p)) if hits[k] / (k + 1) >= precision]
    if not ok:
        return 1.01, 0, 0
    k = max(ok)
    return float(p[order[k]]), k + 1, int(hits[k])


def top_hits(arts, probs, ks=(5, 10, 20)) -> str:
    """How many of the k most confident out-of-fold candidates are skip (the precision curve's head)."""
    pairs = sorted(((pr[i], s["label"]) for a, pr in zip(arts, probs) for i, s in enumerate(a["sents"])
                    if s["kind"] == "body" and s["label"] is not None), key=lambda z: -z[0])
    return "/".join(str(sum(y for _, y in pairs[:k])) for k in ks)


def pipeline(arts, probs, t):
    """Whole-pipeline counts per gold row (rules alone, rules + head) and the head's additions / false alarms."""
    res = {m: Counter() for m in ("rules", "head")}
    adds, alarms = [], []
    for a, pr in zip(arts, probs):
        for skip, kind, si, text in a["rows"]:
            rules = kind != "sentence"
            head = rules or (si is not None and a["sents"][si]["kind"] == "body" and pr[si] >= t)
            for m, ex in (("rules", rules), ("head", head)):
                res[m]["tp" if skip and ex else "fn" if skip else "fp" if ex else "tn"] += 1
            if head and not rules:
                (adds if skip else alarms).append(f"  {pr[si]:.2f} {a['key'][:40]:40} {text[:80]!r}")
    return res, adds, alarms


def candidate_auc(arts, probs) -> str:
    """ROC-AUC of P(skip) among the candidates (body sentences with a label): can the head rank what the rules miss?"""
    from sklearn.metrics import roc_auc_score

    pairs = [(p[i], s["label"]) for a, p in zip(arts, probs) for i, s in enumerate(a["sents"])
             if s["kind"] == "body" and s["label"] is not None]
    y = [l for _, l in pairs]
    return f"{roc_auc_score(y, [p for p, _ in pairs]):.3f} ({sum(y)} pos)" if 0 < sum(y) < len(y) else "n/a"


def pr(c: Counter) -> str:
    p, r = c["tp"] / max(1, c["tp"] + c["fp"]), c["tp"] / max(1, c["tp"] + c["fn"])
    return f"P {p:.3f} R {r:.3f} ({c['tp']}/{c['tp'] + c['fn']}, {c['fp']} real removed)"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", default="accurate", help="accurate | fast | a model folder")
    ap.add_argument("--precision", type=float, default=0.95, help="out-of-fold precision the additions must keep")
    ap.add_argument("--C", default="0.01,0.03,0.1,0.3,1", help="regularisation values tried by CV")
    ap.add_argument("--blocks", default="vec,shape,vec+shape", help="feature blocks tried by CV")
    ap.add_argument("--train-on", default="all,candidates", help="training pools tried by CV")
    ap.add_argument("--extract-only", action="store_true")
    args = ap.parse_args(argv)
    warnings.filterwarnings("ignore", category=UserWarning)

    from bias.analyzer import Analyzer
    from bias.config import resolve_model

    folder = resolve_model(args.model)
    analyzer = Analyzer.load(args.model)
    names = ["handlabelled", "dev"] + (["check"] if (FURNITURE_CHECK_DIR / "annotations.tsv").exists() else [])
    data = {n: load_set(n, analyzer, CACHE / folder.name) for n in names}
    if args.extract_only:
        return 0
    train = data["handlabelled"]
    best = None
    for pool in args.train_on.split(","):
        for block in args.blocks.split(","):
            for c in map(float, args.C.split(",")):
                probs = oof(train, c, block, pool)
                t, n_add, n_ok = pick_threshold(train, probs, args.precision)
                print(f"  CV train-on={pool:<10} block={block:<9} C={c:<5} threshold {t:.3f}: "
                      f"{n_add} additions, {n_ok} correct; top 5/10/20 hold {top_hits(train, probs)}", flush=True)
                if best is None or (n_ok, n_add, -c) > best[:3]:
                    best = (n_ok, n_add, -c, pool, block, t, probs)
    n_ok, n_add, c, pool, block, t, probs = best
    c = -c
    print(f"chosen: train-on={pool} block={block} C={c} threshold {t:.3f} ({n_ok}/{n_add} OOF additions correct)")
    head = Head(c, block).fit(*matrix(train, pool)[:3])
    table = [("handlabelled (OOF)", *pipeline(train, probs, t), candidate_auc(train, probs))]
    for n in names[1:]:
        p = [head.prob(a["vec"], np.array([s["shape"] for s in a["sents"]])) for a in data[n]]
        table.append((n, *pipeline(data[n], p, t), candidate_auc(data[n], p)))
    print(f"\n{folder.name}  {'set':<19} {'rules alone':<46} {'rules + head':<46} head AUC on candidates")
    for n, res, _, _, auc in table:
        print(f"{'':{len(folder.name)}}  {n:<19} {pr(res['rules']):<46} {pr(res['head']):<46} {auc}")
    for n, _, adds, alarms, _ in table:
        print(f"\n{n}: head additions that are skip rows ({len(adds)})")
        print("\n".join(adds) or "  none")
        print(f"{n}: head false alarms: scored rows removed ({len(alarms)})")
        print("\n".join(alarms) or "  none")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
