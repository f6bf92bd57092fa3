"""Evaluators: objects that take labelled data, run a classifier and return a metrics dict.

Metrics come from scikit-learn; confidence intervals from a seeded bootstrap over the evaluation units.
"""
from __future__ import annotations

import numpy as np
from sklearn.metrics import confusion_matrix, f1_score, precision_recall_fscore_support

from .labels import LABEL_TO_ID, LABELS


def expected_calibration_error(probs: np.ndarray, y: np.ndarray, bins: int = 10) -> float:
    """ECE of the top-label confidence (equal-width bins)."""
    conf = probs.max(axis=1)
    correct = (probs.argmax(axis=1) == y).astype(float)
    edges = np.linspace(0, 1, bins + 1)
    ece = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        sel = (conf > lo) & (conf <= hi)
        if sel.any():
            ece += sel.mean() * abs(correct[sel].mean() - conf[sel].mean())
    return float(ece)


def bootstrap_ci(y: np.ndarray, pred: np.ndarray, metric, n: int = 1000, seed: int = 0,
                 groups: np.ndarray | None = None) -> tuple[float, float]:
    """95 % bootstrap interval of ``metric(y, pred)``; resamples ``groups`` (e.g. articles) when given."""
    rng = np.random.default_rng(seed)
    if groups is None:
        groups = np.arange(len(y))
    uniq = np.unique(groups)
    index = {g: np.flatnonzero(groups == g) for g in uniq}
    scores = []
    for _ in range(n):
        pick = np.concatenate([index[g] for g in rng.choice(uniq, size=len(uniq), replace=True)])
        scores.append(metric(y[pick], pred[pick]))
    lo, hi = np.percentile(scores, [2.5, 97.5])
    return float(lo), float(hi)


def _macro(labels):
    return lambda a, b: f1_score(a, b, labels=labels, average="macro", zero_division=0)


def threeway_metrics(y: np.ndarray, probs: np.ndarray, groups: np.ndarray | None = None, seed: int = 0) -> dict:
    """Per-class P/R/F1, macro-F1 with its bootstrap interval, accuracy, confusion matrix and ECE."""
    pred = probs.argmax(axis=1)
    labels = list(range(len(LABELS)))
    p, r, f, s = precision_recall_fscore_support(y, pred, labels=labels, zero_division=0)
    macro = f1_score(y, pred, labels=labels, average="macro", zero_division=0)
    return {
        "n": int(len(y)),
        "macro_f1": float(macro),
        "macro_f1_ci95": bootstrap_ci(y, pred, _macro(labels), seed=seed, groups=groups),
        "accuracy": float((pred == y).mean()),
        "per_class": {LABELS[i]: {"precision": float(p[i]), "recall": float(r[i]), "f1": float(f[i]),
                                  "support": int(s[i])} for i in labels},
        "confusion_matrix": {"labels": list(LABELS), "rows_true_cols_pred": confusion_matrix(y, pred, labels=labels).tolist()},
        "ece": expected_calibration_error(probs, y),
    }


def opinion_vs_rest_metrics(y_subj: np.ndarray, probs: np.ndarray, seed: int = 0) -> dict:
    """Binary SUBJ (opinion) vs OBJ (the rest) macro-F1, as CheckThat scores it."""
    p_op = probs[:, LABEL_TO_ID["opinion"]]
    pred = (probs.argmax(axis=1) == LABEL_TO_ID["opinion"]).astype(int)
    macro = f1_score(y_subj, pred, average="macro")
    p, r, f, _ = precision_recall_fscore_support(y_subj, pred, labels=[0, 1], zero_division=0)
    binary_probs = np.stack([1 - p_op, p_op], axis=1)
    return {
        "n": int(len(y_subj)),
        "macro_f1": float(macro),
        "macro_f1_ci95": bootstrap_ci(y_subj, pred, _macro([0, 1]), seed=seed),
        "subj": {"precision": float(p[1]), "recall": float(r[1]), "f1": float(f[1])},
        "obj": {"precision": float(p[0]), "recall": float(r[0]), "f1": float(f[0])},
        "ece_binary": expected_calibration_error(binary_probs, y_subj),
    }


class CheckThatEvaluator:
    """Opinion vs rest on a CheckThat split (SUBJ = opinion)."""

    def __init__(self, dataset):
        self.texts = list(dataset["text"])
        self.y = np.array([1 if lab == "SUBJ" else 0 for lab in dataset["label"]])

    def __call__(self, classifier) -> dict:
        from .classify import ContextItem

        probs = classifier.predict_items([ContextItem(t) for t in self.texts])
        return opinion_vs_rest_metrics(self.y, probs)


class GoldEvaluator:
    """3-way labels on gold articles: every article is read whole, as ``bias analyze`` reads it."""

    def __init__(self, dataset):
        from .corpora.gold import SCORED

        self.articles = []
        for a in dataset:
            spans = [s for s in a["spans"]]
            self.articles.append((a["article_id"], [a["text"][s["start"]:s["end"]] for s in spans],
                                  [s["label"] for s in spans]))
        self.scored = SCORED

    def predict(self, classifier):
        probs = classifier.predict_articles([sents for _, sents, _ in self.articles])
        ys, ps, gs = [], [], []
        for g, ((aid, _, labels), pr) in enumerate(zip(self.articles, probs)):
            for lab, row in zip(labels, pr):
                if lab in self.scored:
                    ys.append(LABEL_TO_ID[lab])
                    ps.append(row)
                    gs.append(g)
        return np.array(ys), np.array(ps), np.array(gs)

    def __call__(self, classifier) -> dict:
        y, probs, groups = self.predict(classifier)
        return threeway_metrics(y, probs, groups=groups)
