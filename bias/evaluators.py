"""Evaluators: objects that take labelled data, run a classifier and return a metrics dict.

Metrics come from scikit-learn; confidence intervals from a seeded bootstrap over the evaluation units.
"""
from __future__ import annotations

import re
from pathlib import Path

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


def resamples(n_items: int, n: int = 1000, seed: int = 0, groups: np.ndarray | None = None):
    """``n`` seeded bootstrap resamples (item indices) of ``n_items`` items, drawn by whole ``groups`` when given."""
    rng = np.random.default_rng(seed)
    groups = np.arange(n_items) if groups is None else groups
    uniq = np.unique(groups)
    index = {g: np.flatnonzero(groups == g) for g in uniq}
    for _ in range(n):
        yield np.concatenate([index[g] for g in rng.choice(uniq, size=len(uniq), replace=True)])


def bootstrap_ci(y: np.ndarray, pred: np.ndarray, metric, n: int = 1000, seed: int = 0,
                 groups: np.ndarray | None = None) -> tuple[float, float]:
    """95 % bootstrap interval of ``metric(y, pred)``; resamples ``groups`` (e.g. articles) when given."""
    scores = [metric(y[pick], pred[pick]) for pick in resamples(len(y), n, seed, groups)]
    lo, hi = np.percentile(scores, [2.5, 97.5])
    return float(lo), float(hi)


def paired_bootstrap(y: np.ndarray, pred_a: np.ndarray, pred_b: np.ndarray, metric, n: int = 1000, seed: int = 0,
                     groups: np.ndarray | None = None) -> dict:
    """``metric(y, pred_b) − metric(y, pred_a)`` with its 95 % interval, both models scored on the same resamples of
    ``groups`` (e.g. articles), and the share of resamples in which b is not better than a.

    >>> y = np.array([0, 1, 0, 1, 0, 1, 0, 1])
    >>> r = paired_bootstrap(y, np.zeros(8, int), y.copy(), lambda t, p: float((t == p).mean()), n=200)
    >>> r["difference"], r["ci95"][0] > 0, r["share_b_not_better"]
    (0.5, True, 0.0)
    """
    diffs = [metric(y[pick], pred_b[pick]) - metric(y[pick], pred_a[pick]) for pick in resamples(len(y), n, seed, groups)]
    lo, hi = np.percentile(diffs, [2.5, 97.5])
    return {"difference": float(metric(y, pred_b) - metric(y, pred_a)), "ci95": (float(lo), float(hi)),
            "share_b_not_better": float(np.mean(np.array(diffs) <= 0))}


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


def genre_scores(gold: list[str], probs: list[dict], seed: int = 0, n: int = 1000) -> dict:
    """Article genres (bias.genre.GENRES): per-class P/R/F1, macro-F1 over the genres present in ``gold`` with its
    bootstrap interval (articles resampled), accuracy, confusion matrix, ECE, and the opinion-vs-reporting ROC-AUC of
    P(opinion) over the ``opinion`` and ``news_report`` articles, with its bootstrap interval.

    >>> m = genre_scores(["opinion", "news_report", "opinion", "news_report"],
    ...                  [{"news_report": .2, "opinion": .8, "satire": 0}, {"news_report": .7, "opinion": .3, "satire": 0},
    ...                   {"news_report": .4, "opinion": .6, "satire": 0}, {"news_report": .9, "opinion": .1, "satire": 0}])
    >>> m["macro_f1"], m["opinion_vs_reporting_roc_auc"]["value"], sorted(m["per_class"])
    (1.0, 1.0, ['news_report', 'opinion'])
    """
    from sklearn.metrics import roc_auc_score

    from .genre import GENRES

    y = np.array([GENRES.index(g) for g in gold])
    p = np.array([[float(d.get(g, 0.0)) for g in GENRES] for d in probs])
    pred = p.argmax(axis=1)
    labels = sorted(set(y.tolist()))
    pr, rc, f, sup = precision_recall_fscore_support(y, pred, labels=labels, zero_division=0)
    out = {
        "n": int(len(y)),
        "macro_f1": float(f1_score(y, pred, labels=labels, average="macro", zero_division=0)),
        "macro_f1_ci95": bootstrap_ci(y, pred, _macro(labels), n=n, seed=seed),
        "accuracy": float((pred == y).mean()),
        "per_class": {GENRES[k]: {"precision": float(pr[i]), "recall": float(rc[i]), "f1": float(f[i]),
                                  "support": int(sup[i])} for i, k in enumerate(labels)},
        "confusion_matrix": {"labels": list(GENRES),
                             "rows_true_cols_pred": confusion_matrix(y, pred, labels=list(range(len(GENRES)))).tolist()},
        "ece": expected_calibration_error(p, y),
    }
    op, news = GENRES.index("opinion"), GENRES.index("news_report")
    sel = np.isin(y, [op, news])
    yb, sb = (y[sel] == op).astype(int), p[sel, op]
    roc = {"value": None, "ci95": None, "opinion_articles": int(yb.sum()), "reporting_articles": int(len(yb) - yb.sum())}
    if 0 < yb.sum() < len(yb):
        boots = [roc_auc_score(yb[i], sb[i]) for i in resamples(len(yb), n, seed) if 0 < yb[i].sum() < len(i)]
        roc["value"] = float(roc_auc_score(yb, sb))
        roc["ci95"] = [float(np.percentile(boots, 2.5)), float(np.percentile(boots, 97.5))]
    out["opinion_vs_reporting_roc_auc"] = roc
    return out


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

    def predict(self, classifier) -> np.ndarray:
        """3-way probabilities of each sentence, read alone."""
        from .classify import ContextItem

        return classifier.predict_items([ContextItem(t) for t in self.texts])

    def __call__(self, classifier) -> dict:
        return opinion_vs_rest_metrics(self.y, self.predict(classifier))


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

    def predict(self, classifier, probs=None):
        """``classifier``: a SentenceClassifier, or an Analyzer (then its attribution evidence is applied too);
        ``probs`` (per article) skips the model when already computed."""
        sents = [sents for _, sents, _ in self.articles]
        if probs is None:
            probs = classifier.label_articles(sents) if hasattr(classifier, "label_articles") else \
                classifier.predict_articles(sents)
        ys, ps, gs = [], [], []
        for g, ((aid, _, labels), pr) in enumerate(zip(self.articles, probs)):
            for lab, row in zip(labels, pr):
                if lab in self.scored:
                    ys.append(LABEL_TO_ID[lab])
                    ps.append(row)
                    gs.append(g)
        return np.array(ys), np.array(ps), np.array(gs)

    def __call__(self, classifier, probs=None) -> dict:
        y, probs, groups = self.predict(classifier, probs)
        return threeway_metrics(y, probs, groups=groups)


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def span_metrics(gold: list[list[tuple[int, int]]], pred: list[list[tuple[int, int]]]) -> dict:
    """Span precision / recall / F1 over articles: exact match, and the SemEval-2020 task 11 span-identification
    rule (each predicted span earns |s∩t|/|s| of credit for precision, each gold span |s∩t|/|t| for recall;
    overlapping spans of one article are merged first)."""
    n_pred = n_gold = exact = 0
    p_credit = r_credit = 0.0
    for g, p in zip(gold, pred):
        g, p = merge_spans(g), merge_spans(p)
        n_pred += len(p)
        n_gold += len(g)
        gs = set(g)
        exact += sum(1 for x in p if x in gs)
        for s, e in p:
            p_credit += sum(max(0, min(e, b) - max(s, a)) for a, b in g) / max(1, e - s)
        for a, b in g:
            r_credit += sum(max(0, min(e, b) - max(s, a)) for s, e in p) / max(1, b - a)

    def prf(tp_p, tp_r):
        prec = tp_p / n_pred if n_pred else 0.0
        rec = tp_r / n_gold if n_gold else 0.0
        return {"precision": prec, "recall": rec, "f1": 2 * prec * rec / (prec + rec) if prec + rec else 0.0}

    return {"n_gold": n_gold, "n_pred": n_pred, "exact": prf(exact, exact), "partial": prf(p_credit, r_credit)}


class LoadedSpanEvaluator:
    """Loaded-phrasing spans on articles with technique spans (PTC / SemEval-2023): span P/R/F1 (exact and
    SemEval-2020 partial credit) and sentence-level "contains loaded language" F1."""

    def __init__(self, dataset, techniques: tuple[str, ...] = ("Loaded_Language",)):
        from .segment import segment_text

        self.articles = []
        for r in dataset:
            art = segment_text(r["text"])
            gold = [(sp["start"], sp["end"]) for sp in r["spans"] if sp["technique"] in techniques]
            self.articles.append((art, gold))

    def token_outputs(self, classifier):
        return article_token_outputs(classifier, [[s.text for s in art.sentences] for art, _ in self.articles])

    def score(self, outputs, threshold: float) -> dict:
        from .loaded import find_loaded

        gold_all, pred_all, ys, ps = [], [], [], []
        for (art, gold), toks in zip(self.articles, outputs):
            pred = [(x.start, x.end) for x in find_loaded(art.sentences, toks, threshold)]
            gold_all.append(gold)
            pred_all.append(pred)
            for s in art.sentences:
                ys.append(any(a < s.end and b > s.start for a, b in gold))
                ps.append(any(a < s.end and b > s.start for a, b in pred))
        m = span_metrics(gold_all, pred_all)
        p, r, f, _ = precision_recall_fscore_support(ys, ps, average="binary", zero_division=0)
        m["sentence"] = {"precision": float(p), "recall": float(r), "f1": float(f), "n": len(ys),
                         "positives": int(sum(ys))}
        m["threshold"] = threshold
        return m

    def tune(self, outputs, grid=None) -> tuple[float, dict]:
        """The threshold with the best partial-credit F1 (use on a dev split only)."""
        grid = grid or [round(x, 2) for x in np.arange(0.1, 0.85, 0.05)]
        results = {t: self.score(outputs, t) for t in grid}
        best = max(grid, key=lambda t: results[t]["partial"]["f1"])
        return best, results[best]

    def __call__(self, classifier, threshold: float) -> dict:
        return self.score(self.token_outputs(classifier), threshold)


LOADED_CHECK_TSV = Path(__file__).resolve().parents[1] / "data" / "loaded_check" / "judgements.tsv"


def article_token_outputs(classifier, articles: list[list[str]]) -> list[list]:
    """Per article, the TokenOutput of each sentence (articles given as lists of sentence texts)."""
    return [tokens for _, tokens in classifier.predict_articles_with_tokens(articles)]


class JudgedLoadedEvaluator:
    """Loaded spans on gold articles against a reader's judgements of earlier flagged spans
    (``data/loaded_check``): how many factual sentences carry a span judged not loaded (a false alarm), and the
    share of judged spans that contain a word judged loaded. A span inside no judged span is counted as unjudged,
    never guessed."""

    def __init__(self, dataset, judgements: list[dict]):
        by_article: dict[str, list[dict]] = {}
        for r in judgements:
            if r["primary"] == "1":  # the verdict of the reader who owned the span
                by_article.setdefault(f"{r['corpus']}:{r['article_id']}", []).append(r)
        self.articles = []
        for a in dataset:
            rows = by_article.get(f"{a['corpus']}:{a['article_id']}", [])
            judged = [(int(r["span_start"]), int(r["span_end"])) for r in rows]
            loaded = [tuple(map(int, x.split("-"))) for r in rows for x in r["loaded"].split(";") if x]
            self.articles.append(([(s["start"], a["text"][s["start"]:s["end"]], s["label"]) for s in a["spans"]],
                                  judged, loaded))

    @classmethod
    def from_repo(cls, root=None):
        from .corpora.gold import load_gold, read_tsv

        return cls(load_gold("dev", root), read_tsv(LOADED_CHECK_TSV))

    def token_outputs(self, classifier):
        return article_token_outputs(classifier, [[text for _, text, _ in sents] for sents, _, _ in self.articles])

    def score(self, outputs, threshold: float) -> dict:
        from .loaded import sentence_loaded_spans

        facts = flagged = false_alarms = spans = judged_loaded = unjudged = 0
        for (sents, judged, loaded), toks in zip(self.articles, outputs):
            for (start, text, label), tk in zip(sents, toks):
                verdicts = []  # per span: True judged loaded, False judged not loaded, None unjudged
                for a, b, _, _ in sentence_loaded_spans(text, tk, threshold):
                    a, b = start + a, start + b
                    if not any(ja <= a and b <= jb for ja, jb in judged):
                        verdicts.append(None)
                    else:
                        verdicts.append(any(la < b and a < lb for la, lb in loaded))
                spans += len(verdicts)
                judged_loaded += sum(v is True for v in verdicts)
                unjudged += sum(v is None for v in verdicts)
                if label == "reported_fact":
                    facts += 1
                    flagged += bool(verdicts)
                    false_alarms += any(v is False for v in verdicts)
        return {"threshold": threshold, "facts": facts, "facts_flagged_n": flagged,
                "facts_flagged": flagged / max(1, facts), "facts_false_alarm_n": false_alarms,
                "facts_false_alarm": false_alarms / max(1, facts), "spans": spans, "unjudged": unjudged,
                "judged_loaded": judged_loaded, "judged_loaded_share": judged_loaded / max(1, spans - unjudged)}


def _trim_span(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and not text[s].isalnum():
        s += 1
    while e > s and not text[e - 1].isalnum():
        e -= 1
    return s, e


def role_span_metrics(gold: list[set], pred: list[set]) -> dict:
    """Exact and overlap P/R/F1 for one role; ``gold[i]``/``pred[i]`` are sets of (start, end) per article.
    Overlap: a predicted span counts when it shares a character with a gold span (and vice versa for recall)."""
    n_p = sum(len(p) for p in pred)
    n_g = sum(len(g) for g in gold)
    ex = sum(len(g & p) for g, p in zip(gold, pred))
    ov_p = sum(sum(any(a < d and c < b for c, d in g) for a, b in p) for g, p in zip(gold, pred))
    ov_r = sum(sum(any(a < d and c < b for a, b in p) for c, d in g) for g, p in zip(gold, pred))

    def prf(tp_p, tp_r):
        prec, rec = (tp_p / n_p if n_p else 0.0), (tp_r / n_g if n_g else 0.0)
        return {"precision": prec, "recall": rec, "f1": 2 * prec * rec / (prec + rec) if prec + rec else 0.0}

    return {"n_gold": n_g, "n_pred": n_p, "exact": prf(ex, ex), "overlap": prf(ov_p, ov_r)}


class AttributionEvaluator:
    """Source / cue / content spans on PolNeAR articles, over all attributions and over those with a reporting cue."""

    ROLES = ("source", "cue", "content")

    def __init__(self, dataset, cue_forms: set[str]):
        from .segment import segment_text

        self.articles = [(segment_text(r["text"]), r["attributions"]) for r in dataset]
        self.cue_forms = cue_forms

    def _reporting(self, text: str) -> bool:
        return bool({w.lower() for w in re.findall(r"[A-Za-z]+", text)} & self.cue_forms)

    def __call__(self, classifier) -> dict:
        from .attribution import extract_attributions

        outputs = classifier.predict_articles_with_tokens([[s.text for s in a.sentences] for a, _ in self.articles])
        predicted = [extract_attributions(art.sentences, toks) for (art, _), (_, toks) in zip(self.articles, outputs)]
        # what was found per article, for predictions.jsonl
        self.predictions = [{"article": i, "attributions": [
            {"sentence": a.sentence, "source": a.source.text if a.source else None,
             "cue": a.cue.text if a.cue else None, "content": [c.text for c in a.content],
             "source_type": a.source_type, "cue_stance": a.cue_stance} for a in atts]}
            for i, atts in enumerate(predicted)]
        result = {}
        for subset in ("all", "reporting"):
            gold = {r: [] for r in self.ROLES}
            pred = {r: [] for r in self.ROLES}
            for (art, atts), found in zip(self.articles, predicted):
                text = art.text
                g = {r: set() for r in self.ROLES}
                for att in atts:
                    cue_text = " ".join(text[a:b] for a, b in att["cue"])
                    if subset == "reporting" and not self._reporting(cue_text):
                        continue
                    for r in self.ROLES:
                        for a, b in att[r]:
                            g[r].add(_trim_span(text, a, b))
                p = {r: set() for r in self.ROLES}
                for att in found:
                    if subset == "reporting" and not (att.cue and self._reporting(att.cue.text)):
                        continue
                    if att.cue:
                        p["cue"].add(_trim_span(text, att.cue.start, att.cue.end))
                    if att.source:
                        p["source"].add(_trim_span(text, att.source.start, att.source.end))
                    for c in att.content:
                        p["content"].add(_trim_span(text, c.start, c.end))
                for r in self.ROLES:
                    gold[r].append(g[r])
                    pred[r].append(p[r])
            result[subset] = {r: role_span_metrics(gold[r], pred[r]) for r in self.ROLES}
        return result


class AttributionCheckEvaluator:
    """Source type and cue stance on the hand-labelled check set (data/attribution_check/).

    Two readings: ``rules`` applies the type and stance rules to the annotated source and cue texts (what the rules
    alone get right); ``pipeline`` runs the whole analyzer and compares, for every annotated cue it found, the type
    and stance it gave (pronoun sources resolved through the ledger count by the type they refer to)."""

    def __init__(self, rows: list[dict], texts: dict[str, str]):
        self.rows = rows
        self.texts = texts

    @classmethod
    def from_repo(cls, root=None):
        from .corpora.gold import _article_texts, read_tsv

        path = Path(__file__).resolve().parents[1] / "data" / "attribution_check" / "attributions.tsv"
        return cls(read_tsv(path), _article_texts(root))

    def _text(self, r, a, b):
        t = self.texts[f"{r['corpus']}:{r['article_id']}"]
        return t[int(r[a]):int(r[b])] if r[a] != "" else ""

    def rules(self) -> dict:
        from .attribution import cue_stance, source_type

        y_t, p_t, y_s, p_s = [], [], [], []
        for r in self.rows:
            src = self._text(r, "source_start", "source_end")
            if src:
                y_t.append(r["source_type"])
                p_t.append(source_type(src))
            y_s.append(r["cue_stance"])
            p_s.append(cue_stance(self._text(r, "cue_start", "cue_end")))
        return {"source_type": _accuracy(y_t, p_t), "cue_stance": _accuracy(y_s, p_s)}

    def pipeline(self, analyzer) -> dict:
        by_article: dict[str, list] = {}
        for r in self.rows:
            by_article.setdefault(f"{r['corpus']}:{r['article_id']}", []).append(r)
        y_t, p_t, y_s, p_s, found = [], [], [], [], 0
        for key, rows in by_article.items():
            report = analyzer.analyze(self.texts[key], input_format="text")
            types = {e.id: e.type for e in report.ledger}
            for r in rows:
                cs, ce = int(r["cue_start"]), int(r["cue_end"])
                match = next((a for a in report.attributions if a.cue and a.cue.start < ce and cs < a.cue.end), None)
                if match is None:
                    continue
                found += 1
                gold_type = r["refers_to"] if r["source_type"] == "pronoun" and r["refers_to"] else r["source_type"]
                if r["source_start"] != "":
                    y_t.append(gold_type)
                    p_t.append(types.get(match.ledger_id, match.source_type) if match.source else "none")
                y_s.append(r["cue_stance"])
                p_s.append(match.cue_stance)
        return {"cues_found": found, "cues": len(self.rows), "source_type": _accuracy(y_t, p_t),
                "cue_stance": _accuracy(y_s, p_s)}


def _accuracy(y: list[str], p: list[str]) -> dict:
    labels = sorted(set(y) | set(p))
    return {"n": len(y), "accuracy": float(np.mean([a == b for a, b in zip(y, p)])) if y else 0.0,
            "confusion_matrix": {"labels": labels, "rows_true_cols_pred": confusion_matrix(y, p, labels=labels).tolist()}
            if y else None}


def _name_key(text: str) -> str:
    """A source name compared loosely: case, apostrophes, spaces, a leading article and a possessive ending aside."""
    t = re.sub(r"\s+", " ", text.replace("’", "'")).strip(" ,.;:\"“”'‘()").lower()
    t = re.sub(r"^(?:the|a|an) ", "", t)
    return re.sub(r"'s$", "", t)


def _offset_map(a: str, b: str):
    """A function taking an offset in ``a`` to the matching offset in ``b`` (identity when the texts are equal; the
    analyzer may reflow or normalise a text before segmenting it)."""
    if a == b:
        return lambda i: i
    from difflib import SequenceMatcher

    blocks = SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()

    def f(i: int) -> int:
        for x, y, n in blocks:
            if x <= i < x + n or (n and i == x + n):
                return y + (i - x)
        best = min(blocks, key=lambda blk: abs(blk[0] - i))
        return best[1] + min(max(0, i - best[0]), best[2])
    return f


class LedgerCheckEvaluator:
    """The source ledger against hand-listed sources (data/ledger_check/): per article, the true sources with all their
    mentions (stand-off offsets) and types. Each ledger entry is matched to the true sources its mentions overlap:

    - ``split``: a true source spread over several entries counts one error per extra entry;
    - ``merge``: an entry whose mentions belong to two or more true sources;
    - ``clipped``: an entry of a true source whose name is not one of that source's noun phrases (as written, or the
      name part of an apposition: "Trump in the", "Union.Sadiq Khan", "Nancy Pelosi and Chuck Schumer");
    - ``non_source``: an entry that matches no true source ("Mueller has not charged": an act, not a citation);
    - ``type_accuracy``: over entries of exactly one true source, the entry's type is one the annotation accepts;
    - ``missed``: required true sources without an entry (borderline citations, marked optional, are not required).
    """

    def __init__(self, dataset):
        """``dataset``: rows ``{corpus, article_id, text, sources}``
        (:func:`bias.corpora.ledger_check.load_ledger_check`)."""
        self.texts: dict[str, str] = {}
        self.sources: dict[str, dict[int, dict]] = {}
        for a in dataset:
            key = f"{a['corpus']}:{a['article_id']}"
            self.texts[key] = a["text"]
            gold = self.sources.setdefault(key, {})
            for m in a["sources"]:
                src = gold.setdefault(m["source_id"], {"name": m["source"], "types": set(m["types"]),
                                                       "optional": m["optional"], "mentions": []})
                src["mentions"].append((m["start"], m["end"], m["mention"]))

    @classmethod
    def from_repo(cls, split: str | None = None, root=None):
        """The check set of data/ledger_check, one half (``dev``, ``test``) or both (None)."""
        from .corpora.ledger_check import load_ledger_check

        return cls(load_ledger_check(split, root))

    def keys(self) -> list[str]:
        return list(self.texts)

    def reports(self, analyzer) -> dict:
        return {k: analyzer.analyze(self.texts[k], input_format="text") for k in self.keys()}

    def score_article(self, key: str, report) -> dict:
        gold = self.sources.get(key, {})
        to_raw = _offset_map(report.text, self.texts[key])
        entries = []
        for e in report.ledger:
            matched: set[int] = set()
            for m in e.mentions:
                a, b = to_raw(m["start"]), to_raw(m["end"])
                matched |= {sid for sid, s in gold.items() if any(a < ge and gs < b for gs, ge, _ in s["mentions"])}
            names = {_name_key(x) for sid in matched for _, _, t in gold[sid]["mentions"]
                     for x in [t, *t.split(", ")]}
            # the name before an apposition ("Adam Schiff, the top Democrat …", "Kall -- co-editor of …") may drop a
            # title ("Rep."): it must be the tail of one of the source's noun phrases
            core = _name_key(re.split(r",\s|\s+--?\s+|\s+[—–]\s+", e.name)[0])
            whole = _name_key(e.name) in names or any(n == core or n.endswith(" " + core) for n in names if n)
            entries.append({"name": e.name, "type": e.type, "sources": sorted(gold[s]["name"] for s in matched),
                            "merge": len(matched) > 1, "non_source": not matched,
                            "clipped": bool(matched) and not whole,
                            "type_ok": (e.type in gold[next(iter(matched))]["types"]) if len(matched) == 1 else None,
                            "_ids": matched})
        per_source = {sid: sum(sid in x["_ids"] for x in entries) for sid in gold}
        for x in entries:
            del x["_ids"]
        return {"entries": entries,
                "split": sum(max(0, n - 1) for n in per_source.values()),
                "split_sources": sorted(gold[s]["name"] for s, n in per_source.items() if n > 1),
                "missed": sorted(gold[s]["name"] for s, n in per_source.items() if n == 0 and not gold[s]["optional"]),
                "required_sources": sum(not s["optional"] for s in gold.values()),
                "sources": len(gold)}

    def score(self, reports: dict) -> dict:
        arts = {k: self.score_article(k, r) for k, r in reports.items()}
        ents = [e for a in arts.values() for e in a["entries"]]
        typed = [e["type_ok"] for e in ents if e["type_ok"] is not None]
        out = {"articles": len(arts), "sources": sum(a["sources"] for a in arts.values()),
               "required_sources": sum(a["required_sources"] for a in arts.values()), "entries": len(ents),
               "split": sum(a["split"] for a in arts.values()), "merge": sum(e["merge"] for e in ents),
               "clipped": sum(e["clipped"] for e in ents), "non_source": sum(e["non_source"] for e in ents),
               "missed": sum(len(a["missed"]) for a in arts.values()),
               "type_accuracy": float(np.mean(typed)) if typed else None, "typed_entries": len(typed)}
        out["split_plus_merge"] = out["split"] + out["merge"]
        out["per_article"] = arts
        return out

    def __call__(self, analyzer) -> dict:
        return self.score(self.reports(analyzer))
