"""Fit the article genre head (news_report / opinion / satire) of a model folder: ``genre_head.json``.

    python tools/train_genre.py --model accurate          # or fast, or a model folder
    python tools/train_genre.py --model fast --extract-only

1. **Features**, with the shipped analyzer (one ``Analyzer.analyze_many(..., with_vectors=True)`` pass, the same
   encoder pass ``bias analyze`` makes): per article the named features of :func:`bias.genre.article_features` and
   the body sentences' pooled vectors. Cached in ``runs/genre/<model>/`` (gitignored; corpus text never enters the
   repository), one file per source, so reruns only fit.
2. **Data.** SemEval-2023 task 3 subtask-1 genre labels of the *train* articles (opinion / reporting / satire →
   opinion / news_report / satire), minus gold articles (``bias.corpora.gold.gold_article_keys``). Weak labels:
   up to ``--weak-polnear`` PolNeAR *train* articles (minus gold) as ``news_report``; whether they help is measured
   by repeated stratified cross-validation on the SemEval train articles only (the weak articles are added to each
   training fold, never scored); they are kept when the best CV configuration (ROC-AUC + macro-F1) uses them.
   The hand-labelled articles hold no genre labels beyond SemEval's own (their ``ptc_train`` genres are SemEval
   train articles), so they add nothing. SemEval-2023 *dev* is read for the score only.
3. **Model.** Multinomial logistic regression (scikit-learn at training, numpy at run time) on two standardised
   blocks: the named features and the mean body-sentence vector; news and opinion weighted equally (a satire
   article as an opinion article: there are 3 satire train articles); the regularisation C and the block weight are
   chosen by CV on train. **Calibration:** one temperature fitted on the out-of-fold logits of the CV (class-
   weighted log-loss), so the probabilities are calibrated for equal news/opinion priors.
4. **Score** on SemEval-2023 dev (the 83 dev articles with a genre label; none is trained on): per-class P/R/F1, 3-way macro-F1
   with a bootstrap 95 % interval, opinion-vs-reporting ROC-AUC of P(opinion) with its interval (satire left out).
   Written into the head file (``scores``) and ``runs/genre/<model>/scores.md``; the model card renders them.
"""
from __future__ import annotations

import argparse
import json
import warnings
import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bias.genre import GENRES, HEAD_FILE, SEMEVAL_GENRES, article_features  # noqa: E402

CACHE = ROOT / "runs" / "genre"


# ---------------------------------------------------------------- data

def sources(weak_polnear: int, max_opinion: int | None, seed: int, root=None) -> dict[str, list[dict]]:
    """``{source: [{"id", "genre", "text"}]}``: SemEval dev (score only), SemEval train, PolNeAR train (weak).

    ``max_opinion`` caps the SemEval train opinion articles (a seeded random subset; CPU time, not accuracy: the
    head is fitted class-balanced). Train articles come reporting and satire first, so a stopped extraction keeps
    the rare classes."""
    from bias.corpora.gold import gold_article_keys
    from bias.corpora.polnear import load_polnear
    from bias.corpora.semeval import load_semeval_articles

    gold = gold_article_keys()
    out: dict[str, list[dict]] = {}
    for split in ("dev", "train"):
        rows = []
        for r in load_semeval_articles(split, root):
            if r["genre"] in SEMEVAL_GENRES and (split == "dev" or f"semeval2023:{r['article_id']}" not in gold):
                rows.append({"id": r["article_id"], "genre": SEMEVAL_GENRES[r["genre"]], "text": r["text"]})
        if split == "train":
            rare = [r for r in rows if r["genre"] != "opinion"]
            opinion = [r for r in rows if r["genre"] == "opinion"]
            random.Random(seed).shuffle(opinion)
            rows = rare + opinion[:max_opinion]
        out[f"semeval_{split}"] = rows
    pol = [r for r in load_polnear("train", root) if f"polnear:{r['article_id']}" not in gold]
    random.Random(seed).shuffle(pol)
    out["polnear_train"] = [{"id": r["article_id"], "genre": "news_report", "text": r["text"]}
                            for r in pol[:weak_polnear]]
    # training sources first (model selection needs only them), the dev score last
    return {k: out[k] for k in ("semeval_train", "polnear_train", "semeval_dev")}


def truncate(analyzer, text: str, max_sentences: int | None) -> str:
    """The article cut after its first ``max_sentences`` sentences (headline included), at a sentence end."""
    if not max_sentences:
        return text
    sents = analyzer.segment(text, "text").sentences
    return text if len(sents) <= max_sentences else text[: sents[max_sentences - 1].end]


def extract(analyzer, rows: list[dict], folder: Path, name: str, cached_only: bool = False) -> dict:
    """Features and mean body vectors of ``rows``, cached in ``folder/name.jsonl`` one article per line (a stopped
    run resumes where it stopped)."""
    path = folder / f"{name}.jsonl"
    done = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                m = json.loads(line)
            except json.JSONDecodeError:  # a line cut short by a stopped run
                continue
            done[m["id"]] = m
    todo = [] if cached_only else [r for r in rows if r["id"] not in done]
    folder.mkdir(parents=True, exist_ok=True)
    t0, n_sent = time.time(), 0
    if todo:
        print(f"  {name}: {len(done)} cached, {len(todo)} to analyse", flush=True)
        outputs = analyzer.analyze_many((r["text"] for r in todo), input_format="text", batch_articles=2,
                                        errors="return", with_vectors=True)
        with open(path, "a", encoding="utf-8") as f:
            for i, (r, out) in enumerate(zip(todo, outputs)):
                if isinstance(out, Exception):
                    print(f"  {r['id']}: {out}", flush=True)
                    continue
                report, vectors = out
                body = [s.index for s in report.sentences if s.kind == "body"]
                vec = np.asarray(vectors, dtype=np.float32)
                mean = vec[body].mean(axis=0) if body else np.zeros(vec.shape[1], np.float32)
                m = {"id": r["id"], "genre": r["genre"], "features": article_features(report),
                     "sentences": len(report.sentences), "body_mean": [round(float(x), 5) for x in mean],
                     "body_probs": [[round(float(report.sentences[i].probs[k]), 4)
                                     for k in ("reported_fact", "attributed_claim", "opinion")] for i in body]}
                # the body sentences' own vectors, for heads that read more than their mean
                (folder / name).mkdir(exist_ok=True)
                np.save(folder / name / f"{str(r['id']).replace('/', '_')}.npy", vec[body].astype(np.float16))
                f.write(json.dumps(m) + "\n")
                f.flush()
                done[r["id"]] = m
                n_sent += len(report.sentences)
                if (i + 1) % 10 == 0:
                    print(f"  {name}: {i + 1}/{len(todo)} articles, {n_sent} sentences, "
                          f"{n_sent / (time.time() - t0):.1f} sentences/s", flush=True)
        print(f"  {name}: {len(todo)} articles, {n_sent} sentences in {time.time() - t0:.0f} s", flush=True)
    meta = [done[r["id"]] for r in rows if r["id"] in done]
    return {"ids": [m["id"] for m in meta], "genres": [m["genre"] for m in meta],
            "features": [m["features"] for m in meta],
            "vectors": np.array([m["body_mean"] for m in meta], dtype=np.float64), "meta": meta}


# ---------------------------------------------------------------- model

def design(data: dict, names: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x = np.array([[f.get(k, 0.0) for k in names] for f in data["features"]], dtype=np.float64)
    y = np.array([GENRES.index(g) for g in data["genres"]])
    return x, data["vectors"], y


class Head:
    """Standardise both blocks, weight the vector block, fit a class-balanced multinomial logistic regression."""

    def __init__(self, c: float, vector_weight: float, use_vectors: bool = True, use_features: bool = True):
        self.c, self.vw, self.use_vectors, self.use_features = c, vector_weight, use_vectors, use_features

    def fit(self, x, v, y, sample_weight=None):
        from sklearn.linear_model import LogisticRegression

        self.mx, self.sx = x.mean(0), x.std(0) + 1e-6
        self.mv, self.sv = v.mean(0), v.std(0) + 1e-6
        z = self._z(x, v)
        w = class_weights(y)
        if sample_weight is not None:
            w = w * sample_weight
        self.model = LogisticRegression(C=self.c, max_iter=5000)
        self.model.fit(z, y, sample_weight=w)
        self.present = list(self.model.classes_)
        return self

    def _z(self, x, v):
        parts = []
        if self.use_features:
            parts.append((x - self.mx) / self.sx)
        if self.use_vectors:
            parts.append(self.vw * (v - self.mv) / self.sv / np.sqrt(v.shape[1] / max(1, x.shape[1])))
        return np.hstack(parts)

    def logits(self, x, v) -> np.ndarray:
        raw = self.model.decision_function(self._z(x, v))
        out = np.full((len(x), len(GENRES)), -30.0)
        out[:, self.present] = raw
        return out

    def export(self, names: list[str], hidden: int) -> dict:
        """Weights in the raw-standardised space that bias.genre.GenreHead reads."""
        coef = np.zeros((len(GENRES), self.model.coef_.shape[1]))
        bias = np.full(len(GENRES), -30.0)
        coef[self.present], bias[self.present] = self.model.coef_, self.model.intercept_
        nf = len(names) if self.use_features else 0
        w_feat = coef[:, :nf] if nf else np.zeros((len(GENRES), len(names)))
        scale_v = self.vw / np.sqrt(hidden / max(1, len(names)))
        w_vec = coef[:, nf:] * scale_v if self.use_vectors else np.zeros((len(GENRES), 0))
        return {"features": names, "feature_mean": self.mx.tolist(), "feature_scale": self.sx.tolist(),
                "weights_features": w_feat.tolist(), "weights_vector": w_vec.tolist(),
                "vector_mean": self.mv.tolist() if self.use_vectors else [],
                "vector_scale": self.sv.tolist() if self.use_vectors else [], "bias": bias.tolist()}


def class_weights(y: np.ndarray) -> np.ndarray:
    """Per-article weights: news reports and opinion pieces weigh equally as classes; a satire article weighs as
    much as an opinion article (not boosted: with a handful of satire articles, boosting them to a third of the
    weight lets them pull P(opinion) down on the most opinionated articles)."""
    news, op, sat = (GENRES.index(g) for g in ("news_report", "opinion", "satire"))
    counts = np.bincount(y, minlength=len(GENRES)).astype(float)
    per = np.zeros(len(GENRES))
    for k in (news, op):
        per[k] = len(y) / (2 * counts[k]) if counts[k] else 0.0
    per[sat] = per[op]
    return per[y]


def softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def oof_logits(x, v, y, make, weak=None, folds: int = 5, repeats: int = 2, seed: int = 0) -> np.ndarray:
    """Out-of-fold logits on the labelled train articles (mean over repeats); ``weak`` = (x, v, y) added to every
    training fold, never scored."""
    from sklearn.model_selection import StratifiedKFold

    out = np.zeros((repeats, len(y), len(GENRES)))
    for r in range(repeats):
        for tr, te in StratifiedKFold(folds, shuffle=True, random_state=seed + r).split(x, y):
            xt, vt, yt = x[tr], v[tr], y[tr]
            if weak is not None:
                xt, vt, yt = np.vstack([xt, weak[0]]), np.vstack([vt, weak[1]]), np.concatenate([yt, weak[2]])
            out[r, te] = make().fit(xt, vt, yt).logits(x[te], v[te])
    return out.mean(0)


def fit_temperature(logits: np.ndarray, y: np.ndarray) -> float:
    """The temperature minimising the class-balanced log-loss of ``softmax(logits / T)``."""
    w = class_weights(y)
    grid = np.exp(np.linspace(np.log(0.2), np.log(10), 200))
    losses = [-(w * np.log(softmax(logits / t)[np.arange(len(y)), y] + 1e-12)).sum() / w.sum() for t in grid]
    return float(grid[int(np.argmin(losses))])


def genre_metrics(y: np.ndarray, probs: np.ndarray, seed: int = 0) -> dict:
    """Per-class P/R/F1, 3-way macro-F1 (bootstrap CI), opinion-vs-reporting ROC-AUC of P(opinion) (bootstrap CI)."""
    from bias.evaluators import genre_scores

    return genre_scores([GENRES[k] for k in y], [dict(zip(GENRES, p)) for p in probs], seed=seed)


def cv_summary(y, logits) -> dict:
    m = genre_metrics(y, softmax(logits))
    return {"macro_f1": m["macro_f1"], "roc_auc": m["opinion_vs_reporting_roc_auc"]["value"]}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", default="accurate", help="accurate | fast | a model folder")
    ap.add_argument("--weak-polnear", type=int, default=80, help="PolNeAR train articles as weak news_report")
    ap.add_argument("--max-opinion", type=int, default=None,
                    help="cap the SemEval train opinion articles (seeded subset; to save CPU time)")
    ap.add_argument("--max-sentences", type=int, default=None,
                    help="read only the first N sentences of each training article (to save CPU time; the dev "
                         "articles are always read whole, as `bias analyze` reads them)")
    ap.add_argument("--datasets", default=None, help="the shared datasets folder (default ../shared/datasets)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--extract-only", action="store_true", help="only compute and cache the features")
    ap.add_argument("--no-write", action="store_true", help="do not write genre_head.json")
    ap.add_argument("--C", default="0.001,0.003,0.01,0.03", help="regularisation values tried by CV")
    ap.add_argument("--vector-weights", default="0,1,3",
                    help="weights of the mean-vector block tried by CV (0: named features only)")
    ap.add_argument("--cached-only", action="store_true",
                    help="fit on the articles already cached (while an extraction is still running)")
    args = ap.parse_args(argv)
    warnings.filterwarnings("ignore", message="The least populated class")

    from bias.analyzer import Analyzer
    from bias.config import resolve_model

    folder = resolve_model(args.model)
    cache = CACHE / folder.name
    analyzer = None if args.cached_only else Analyzer.load(folder)
    data = {}
    for name, rows in sources(args.weak_polnear, args.max_opinion, args.seed, args.datasets).items():
        print(f"{name}: {len(rows)} articles", flush=True)
        if name != "semeval_dev" and args.max_sentences and analyzer is not None:
            rows = [{**r, "text": truncate(analyzer, r["text"], args.max_sentences)} for r in rows]
        data[name] = extract(analyzer, rows, cache, name, args.cached_only)
        print(f"  {name}: {len(data[name]['ids'])} articles with features", flush=True)
    if args.extract_only:
        return 0

    names = sorted(data["semeval_train"]["features"][0])
    x, v, y = design(data["semeval_train"], names)
    xw, vw, yw = design(data["polnear_train"], names)
    if not len(yw):
        xw, vw = np.zeros((0, x.shape[1])), np.zeros((0, v.shape[1]))
    xd, vd, yd = design(data["semeval_dev"], names)
    hidden = v.shape[1]

    # model selection by repeated stratified CV on SemEval train only
    grid = [(float(c), float(w)) for c in args.C.split(",") for w in args.vector_weights.split(",")]
    results = []
    for c, w in grid:
        for weak in (False, True):
            make = (lambda c=c, w=w: Head(c, w if w else 1.0, use_vectors=w > 0))
            lo = oof_logits(x, v, y, make, (xw, vw, yw) if weak else None, seed=args.seed)
            s = cv_summary(y, lo)
            results.append({"C": c, "vector_weight": w, "weak_polnear": weak, **s})
            print(f"  CV C={c:<5} vector_weight={w:<4} weak={weak!s:<5} macro-F1 {s['macro_f1']:.3f} "
                  f"ROC-AUC {s['roc_auc']:.3f}", flush=True)
    best = max(results, key=lambda r: (round(r["roc_auc"], 3) + round(r["macro_f1"], 3), -r["C"]))
    no_weak = max((r for r in results if not r["weak_polnear"]), key=lambda r: r["roc_auc"] + r["macro_f1"])
    with_weak = max((r for r in results if r["weak_polnear"]), key=lambda r: r["roc_auc"] + r["macro_f1"])
    print(f"best: {best}", flush=True)
    c, w, weak = best["C"], best["vector_weight"], best["weak_polnear"]
    make = lambda: Head(c, w if w else 1.0, use_vectors=w > 0)  # noqa: E731
    lo = oof_logits(x, v, y, make, (xw, vw, yw) if weak else None, seed=args.seed)
    temperature = fit_temperature(lo, y)
    cv_cal = genre_metrics(y, softmax(lo / temperature))
    xt, vt, yt = (np.vstack([x, xw]), np.vstack([v, vw]), np.concatenate([y, yw])) if weak else (x, v, y)
    head = make().fit(xt, vt, yt)
    dev_probs = softmax(head.logits(xd, vd) / temperature)
    dev = genre_metrics(yd, dev_probs)
    # the same head without the vector block and with it only, for the record
    print(f"temperature {temperature:.3f}; dev macro-F1 {dev['macro_f1']:.3f} {dev['macro_f1_ci95']}, "
          f"ROC-AUC {dev['opinion_vs_reporting_roc_auc']}", flush=True)

    counts = {g: int((yt == k).sum()) for k, g in enumerate(GENRES)}
    spec = {"format": "bias-genre-head/1", "classes": list(GENRES), **head.export(names, hidden),
            "temperature": round(temperature, 4),
            "model": folder.name,
            "training": {"data": "SemEval-2023 task 3 subtask-1 train genres (minus gold articles)"
                                 + (f" + {len(yw)} PolNeAR train articles as weak news_report" if weak else ""),
                         "articles": counts, "semeval_train_articles": int(len(y)),
                         "weak_polnear_articles": int(len(yw)) if weak else 0,
                         "C": c, "vector_weight": w, "class_weight": "news and opinion balanced, satire as opinion",
                         "calibration": "temperature on 5-fold x2 out-of-fold train logits, log-loss with the fitting's class weights",
                         "cv": {"chosen": best, "best_without_weak": no_weak, "best_with_weak": with_weak,
                                "calibrated_oof": _brief(cv_cal)},
                         "command": f"python tools/train_genre.py --model {args.model}"
                                    + (f" --weak-polnear {args.weak_polnear}" if args.weak_polnear != 80 else "")
                                    + (f" --max-opinion {args.max_opinion}" if args.max_opinion else "")
                                    + (f" --max-sentences {args.max_sentences}" if args.max_sentences else "")
                                    + (f" --C {args.C}" if args.C != ap.get_default("C") else "")
                                    + (f" --vector-weights {args.vector_weights}"
                                       if args.vector_weights != ap.get_default("vector_weights") else "")},
            "scores": {"semeval2023_dev": _brief(dev)}}
    spec = _rounded(spec)
    (cache / "cv.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    (cache / "scores.md").write_text(scores_markdown(spec), encoding="utf-8")
    print(scores_markdown(spec))
    if not args.no_write:
        path = folder / HEAD_FILE
        path.write_text(json.dumps(spec, separators=(",", ":")) + "\n", encoding="utf-8")
        print(f"wrote {path} ({path.stat().st_size / 1024:.0f} KB)")
    return 0


def _brief(m: dict) -> dict:
    return {k: m[k] for k in ("n", "macro_f1", "macro_f1_ci95", "accuracy", "per_class", "opinion_vs_reporting_roc_auc",
                              "ece", "confusion_matrix")}


def _rounded(obj, digits: int = 5):
    if isinstance(obj, float):
        return float(f"{obj:.{digits}g}")
    if isinstance(obj, dict):
        return {k: _rounded(v, digits) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_rounded(v, digits) for v in obj]
    return obj


def scores_markdown(spec: dict) -> str:
    from bias.model_card import genre_section

    return "\n".join(genre_section(spec)) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
