"""Hand-annotated sentence labels, stored stand-off; text rebuilt from the shared corpora.

Three sets share one format: the **gold** set (``data/gold/``; dev and test splits, for calibration and
evaluation), the **hand-labelled training set** (``data/handlabelled/``; split ``train``, other articles, for training
only) and the **furniture check** (``data/furniture_check/``; rounds ``dev`` to ``dev4``, labels only
``skip`` / ``sentence``).

``data/gold/articles.tsv``: corpus, article_id, outlet, genre, split (dev/test).
``data/gold/annotations.tsv``: corpus, article_id, start, end, label, sha1 (first 10 hex digits of the sentence text,
to detect a changed source text), annotator, note. No news text is stored in the repository.
"""
from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import datasets

from ..errors import BiasInputError
from .babe import load_mbic_articles
from .ptc import load_ptc
from .polnear import load_polnear
from .semeval import load_semeval_articles

GOLD_DIR = Path(__file__).resolve().parents[2] / "data" / "gold"
HANDLABELLED_DIR = Path(__file__).resolve().parents[2] / "data" / "handlabelled"
FURNITURE_CHECK_DIR = Path(__file__).resolve().parents[2] / "data" / "furniture_check"
SCORED = ("reported_fact", "attributed_claim", "opinion")


def text_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def _article_texts(root=None) -> dict[str, str]:
    texts = {}
    for split in ("train", "dev", "test"):
        for r in load_polnear(split, root):
            texts[f"polnear:{r['article_id']}"] = r["text"]
    for split in ("train", "dev"):
        for r in load_semeval_articles(split, root):
            texts[f"semeval2023:{r['article_id']}"] = r["text"]
    for r in load_mbic_articles(root):
        texts[f"mbic:{r['article_id']}"] = r["text"]
    for r in load_ptc("train", root):
        texts[f"ptc_train:{r['article_id']}"] = r["text"]
    return texts


def read_tsv(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def gold_article_keys(gold_dir: Path = GOLD_DIR) -> set[str]:
    """``corpus:article_id`` of every gold article (to remove them from training sources)."""
    return {f"{r['corpus']}:{r['article_id']}" for r in read_tsv(gold_dir / "articles.tsv")}


def load_handlabelled(root=None) -> datasets.Dataset:
    """The hand-labelled training articles (never gold): same fields as :func:`load_gold`."""
    return load_gold(None, root, HANDLABELLED_DIR)


def load_furniture_check(split: str | None = None, root=None) -> datasets.Dataset:
    """Fresh articles whose sentences are marked only ``skip`` or ``sentence`` (data/furniture_check/README.md): a
    second dev set for page-furniture detection, in rounds ``dev``, ``dev2``, ``dev3`` and ``dev4`` (None: all); same fields as
    :func:`load_gold`."""
    return load_gold(split, root, FURNITURE_CHECK_DIR)


def load_gold(split: str | None = None, root=None, gold_dir: Path = GOLD_DIR,
              annotator: str | None = None) -> datasets.Dataset:
    """Gold articles ``{corpus, article_id, outlet, genre, split, text, spans}``; ``spans`` lists
    ``{start, end, label, annotator, note}`` (``skip`` rows included; scoring ignores them).

    ``annotator`` selects one annotator's labels (the double-annotated articles have two); by default the adjudicated
    label is used, stored under annotator ``final``.
    """
    articles = read_tsv(gold_dir / "articles.tsv")
    if not articles:
        raise BiasInputError(f"no gold set at {gold_dir}")
    texts = _article_texts(root)
    anns: dict[str, list[dict]] = {}
    for r in read_tsv(gold_dir / "annotations.tsv"):
        if r["annotator"] != (annotator or "final"):
            continue
        anns.setdefault(f"{r['corpus']}:{r['article_id']}", []).append(r)
    rows = []
    for a in articles:
        if split and a["split"] != split:
            continue
        key = f"{a['corpus']}:{a['article_id']}"
        if key not in texts:
            raise BiasInputError(f"gold article {key} not found in the shared datasets")
        text = texts[key]
        spans = []
        for r in sorted(anns.get(key, []), key=lambda r: int(r["start"])):
            s, e = int(r["start"]), int(r["end"])
            if text_hash(text[s:e]) != r["sha1"]:
                raise BiasInputError(f"gold span {key} {s}-{e} no longer matches its source text")
            spans.append({"start": s, "end": e, "label": r["label"], "annotator": r["annotator"],
                          "note": r.get("note") or ""})
        rows.append({**a, "text": text, "spans": spans})
    return datasets.Dataset.from_list(rows)
