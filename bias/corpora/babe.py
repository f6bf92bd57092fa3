"""BABE (SG2, expert labels) and MBIC (crowd labels with full article texts)."""
from __future__ import annotations

import ast
import csv

import datasets

from . import datasets_root

WRITER_OPINION = "Expresses writer’s opinion"
ENTIRELY_FACTUAL = "Entirely factual"


def _words(cell: str) -> list[str]:
    try:
        value = ast.literal_eval(cell) if cell and cell.strip().startswith("[") else []
    except (ValueError, SyntaxError):
        value = []
    return [str(w) for w in value]


def load_babe(root=None) -> datasets.Dataset:
    """BABE SG2: ``{text, news_link, outlet, topic, type, label_bias, label_opinion, biased_words}``."""
    path = datasets_root(root) / "babe" / "final_labels_SG2.csv"
    cols = ["text", "news_link", "outlet", "topic", "type", "label_bias", "label_opinion", "biased_words"]
    rows = {c: [] for c in cols}
    with open(path, encoding="utf-8-sig", newline="") as f:
        for r in csv.DictReader(f, delimiter=";"):
            for c in cols:
                rows[c].append(_words(r[c]) if c == "biased_words" else (r.get(c) or "").strip())
    return datasets.Dataset.from_dict(rows)


def load_mbic_articles(root=None) -> datasets.Dataset:
    """One row per MBIC article: ``{article_id (= news link), outlet, text}``."""
    csv.field_size_limit(1 << 30)
    path = datasets_root(root) / "mbic" / "final_labels_MBIC.from_xlsx.csv"
    seen: dict[str, dict] = {}
    with open(path, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            if r["news_link"] not in seen:
                seen[r["news_link"]] = {"article_id": r["news_link"], "outlet": r["outlet"], "text": r["article"]}
    return datasets.Dataset.from_list(list(seen.values()))
