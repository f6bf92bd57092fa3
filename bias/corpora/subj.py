"""SUBJ (Pang & Lee 2004, MAGPIE's CSV copy): movie-review snippets (subjective) and plot sentences (objective).

The text is lower-cased and tokenised ("it's a fun movie , lots of …"); the encoders are uncased, so only the
spaces before punctuation are undone here. Out of domain for news: a weak opinion / not-opinion signal only.
"""
from __future__ import annotations

import csv
import re

import datasets

from . import datasets_root


def detokenize(text: str) -> str:
    """``"a fun movie , with ( some ) wit ."`` → ``"a fun movie, with (some) wit."``"""
    text = re.sub(r"\s+([,.!?;:)\]])", r"\1", text.strip())
    return re.sub(r"([(\[])\s+", r"\1", text)


def load_subj(root=None) -> datasets.Dataset:
    """Rows ``{text, subjective}`` (10,000 sentences, half of them subjective)."""
    path = datasets_root(root) / "subj_pang_lee2004" / "preprocessed.csv"
    rows = {"text": [], "subjective": []}
    with open(path, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            rows["text"].append(detokenize(r["text"]))
            rows["subjective"].append(r["label"].strip() == "1")
    return datasets.Dataset.from_dict(rows)
