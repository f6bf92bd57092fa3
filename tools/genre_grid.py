"""Which inputs could lift the genre head (issue 18)? A grid of article-level heads on the cached extraction.

    python tools/train_genre.py --model accurate --weak-polnear 150 --extract-only   # the cache, ~10 min
    python tools/genre_grid.py --model accurate

Reads ``runs/genre/<model>/`` (per article: the named features, the body sentences' probabilities and their pooled
vectors) and scores, for each head, the opinion-vs-reporting ROC-AUC by 5-fold stratified CV on the SemEval-2023
train articles (3 repeats; the choice would be made on this column) and on SemEval-2023 dev (fitted on all train
articles; the figure the issue's target is about). Heads (binary: news report vs the rest, news and opinion weighted
equally, as the shipped head):

- **blocks** F (named features), Q (distribution of the sentence probabilities: quantiles, maxima, shares above 0.5
  and 0.8, the first and last five sentences), V (mean body-sentence vector), in combinations and weights;
- **MIL**: a sentence-level logistic regression on the pooled vectors with the article's label, the article scored
  by the mean, upper quantiles, top-3 mean or maximum of its sentences' scores.

Each with and without the PolNeAR train articles as weak news reports. Nothing is written but the printed table.
"""
from __future__ import annotations

import argparse
import json
import sys
import warnings
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bias.genre import GENRES  # noqa: E402

NEWS = GENRES.index("news_report")
OPINION = GENRES.index("opinion")


def load(folder: Path, name: str) -> list[dict]:
    rows = [json.loads(line) for line in (folder / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()]
    for r in rows:
        r["vecs"] = np.load(folder / name / f"{str(r['id']).replace('/', '_')}.npy").astype(np.float32)
        r["y"] = GENRES.index(r["genre"])
    return rows


def prob_distribution(r: dict) -> list[float]:
    """Quantiles, maximum and shares above 0.5 / 0.8 of each label's sentence probability; the opinion probability
    of the first and last five sentences; the claim and fact probability of the first five; log sentence count."""
    p = np.array(r["body_probs"]) if r["body_probs"] else np.zeros((1, 3))
    fact, claim, opinion = p[:, 0], p[:, 1], p[:, 2]
    k = max(1, min(5, len(p)))
    out = []
    for a in (opinion, claim, fact):
        out += [np.quantile(a, .5), np.quantile(a, .75), np.quantile(a, .9), a.max(), (a > .5).mean(), (a > .8).mean()]
    return out + [opinion[:k].mean(), opinion[-k:].mean(), claim[:k].mean(), fact[:k].mean(), np.log(len(p))]


def blocks(rows: list[dict], names: list[str]):
    f = np.array([[r["features"].get(k, 0.0) for k in names] for r in rows])
    q = np.array([prob_distribution(r) for r in rows])
    v = np.array([r["vecs"].mean(0) if len(r["vecs"]) else np.zeros(rows[0]["vecs"].shape[1]) for r in rows])
    return [f, q, v], np.array([r["y"] for r in rows])


def balanced(y: np.ndarray) -> np.ndarray:
    """News and not-news weigh equally (satire counts as not-news, weighted like opinion)."""
    news = (y == NEWS).sum()
    w = np.where(y == NEWS, len(y) / (2 * max(1, news)), len(y) / (2 * max(1, len(y) - news)))
    return w


def auc(y: np.ndarray, score: np.ndarray) -> float:
    from sklearn.metrics import roc_auc_score

    sel = np.isin(y, [NEWS, OPINION])
    return float(roc_auc_score(y[sel] == OPINION, score[sel]))


def block_head(train: list[dict], test: list[dict], names, weights, c: float) -> np.ndarray:
    from sklearn.linear_model import LogisticRegression

    (parts_a, ya), (parts_b, _) = blocks(train, names), blocks(test, names)
    za, zb = [], []
    for a, b, w in zip(parts_a, parts_b, weights):
        if w:
            m, s = a.mean(0), a.std(0) + 1e-6
            scale = w / np.sqrt(a.shape[1] / parts_a[0].shape[1])  # a block weighs w, whatever its width
            za.append((a - m) / s * scale)
            zb.append((b - m) / s * scale)
    model = LogisticRegression(C=c, max_iter=5000).fit(np.hstack(za), ya != NEWS, sample_weight=balanced(ya))
    return model.decision_function(np.hstack(zb))


AGGREGATES = {"mean": np.mean, "q75": lambda a: np.quantile(a, .75), "q90": lambda a: np.quantile(a, .9),
              "top3": lambda a: np.sort(a)[-3:].mean(), "max": np.max}


def mil_head(train: list[dict], test: list[dict], c: float) -> dict[str, np.ndarray]:
    """Sentence-level head, each article's sentences weighing as much as the article; scores aggregated per article."""
    from sklearn.linear_model import LogisticRegression

    ya = np.array([r["y"] for r in train])
    art_w = balanced(ya)
    x = np.vstack([r["vecs"] for r in train])
    w = np.concatenate([np.full(len(r["vecs"]), art_w[i] / max(1, len(r["vecs"]))) for i, r in enumerate(train)])
    y = np.concatenate([np.full(len(r["vecs"]), r["y"] != NEWS) for r in train])
    m, s = x.mean(0), x.std(0) + 1e-6
    model = LogisticRegression(C=c, max_iter=3000).fit((x - m) / s, y, sample_weight=w * len(train))
    scores = [model.decision_function((r["vecs"] - m) / s) if len(r["vecs"]) else np.zeros(1) for r in test]
    return {k: np.array([g(sc) for sc in scores]) for k, g in AGGREGATES.items()}


def cross_validated(train: list[dict], weak: list[dict], fit, repeats: int = 3):
    from sklearn.model_selection import StratifiedKFold

    y = np.array([r["y"] for r in train])
    out = []
    for rep in range(repeats):
        pred = None
        for a, b in StratifiedKFold(5, shuffle=True, random_state=rep).split(np.zeros(len(y)), y):
            got = fit([train[i] for i in a] + weak, [train[i] for i in b])
            got = got if isinstance(got, dict) else {"": got}
            if pred is None:
                pred = {k: np.zeros(len(y)) for k in got}
            for k, v in got.items():
                pred[k][b] = v
        out.append(pred)
    return {k: auc(y, np.mean([p[k] for p in out], axis=0)) for k in out[0]}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", default="accurate", help="accurate | fast | a model folder")
    args = ap.parse_args(argv)
    warnings.filterwarnings("ignore")
    from bias.config import resolve_model

    folder = ROOT / "runs" / "genre" / resolve_model(args.model).name
    train, weak_rows, dev = (load(folder, n) for n in ("semeval_train", "polnear_train", "semeval_dev"))
    names = sorted(train[0]["features"])
    y_dev = np.array([r["y"] for r in dev])
    print(f"{len(train)} SemEval train articles ({np.bincount([r['y'] for r in train], minlength=3).tolist()} "
          f"news/opinion/satire), {len(weak_rows)} PolNeAR weak news reports, {len(dev)} SemEval dev articles")
    print("| head | C | weak news | CV ROC-AUC (train) | dev ROC-AUC |\n|---|---|---|---|---|")
    for weights in [(1, 0, 0), (0, 1, 0), (0, 0, 1), (1, 1, 0), (1, 0, 3), (0, 1, 3), (1, 1, 3), (1, 1, 1)]:
        label = "+".join(f"{b}×{w}" if w != 1 else b for b, w in zip("FQV", weights) if w)
        for c in (0.001, 0.01, 0.1):
            for weak in (False, True):
                fit = lambda a, b, w=weights, c=c: block_head(a, b, names, w, c)  # noqa: E731
                cv = cross_validated(train, weak_rows if weak else [], fit)[""]
                dv = auc(y_dev, fit(train + (weak_rows if weak else []), dev))
                print(f"| blocks {label} | {c} | {weak} | {cv:.3f} | {dv:.3f} |", flush=True)
    for c in (0.0003, 0.001, 0.01):
        for weak in (False, True):
            fit = lambda a, b, c=c: mil_head(a, b, c)  # noqa: E731
            cv = cross_validated(train, weak_rows if weak else [], fit, repeats=1)
            dv = fit(train + (weak_rows if weak else []), dev)
            for k in AGGREGATES:
                print(f"| MIL {k} | {c} | {weak} | {cv[k]:.3f} | {auc(y_dev, dv[k]):.3f} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
