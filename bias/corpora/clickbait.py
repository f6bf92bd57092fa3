"""Stop Clickbait headlines (Chakraborty et al. 2016; MIT): clickbait vs news headlines, lower-cased.

The labels follow the sources' casing habits (clickbait sites in Title Case), so the text is lower-cased: a head
trained on it must learn the wording, not the capitals.
"""
from __future__ import annotations

import gzip

import datasets

from . import datasets_root


def load_clickbait(root=None) -> datasets.Dataset:
    """Rows ``{text, label}`` with label 1 for clickbait, 0 for a news headline."""
    base = datasets_root(root) / "clickbait_chakraborty2016"
    rows = {"text": [], "label": []}
    for name, label in (("clickbait_data.gz", 1), ("non_clickbait_data.gz", 0)):
        with gzip.open(base / name, "rt", encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.strip():
                    rows["text"].append(line.strip().lower())
                    rows["label"].append(label)
    return datasets.Dataset.from_dict(rows)


def clickbait_split(per_class: int, seed: int = 0, root=None) -> tuple[list[str], list[int], list[str], list[int]]:
    """``per_class`` headlines of each class, shuffled with ``seed``, split 80/20 (stratified): the fitting step and
    the model card's score use the same split."""
    from sklearn.model_selection import train_test_split

    ds = load_clickbait(root).shuffle(seed=seed)
    rows = [r for lab in (0, 1) for r in [r for r in ds if r["label"] == lab][:per_class]]
    x_tr, x_te, y_tr, y_te = train_test_split([r["text"] for r in rows], [r["label"] for r in rows], test_size=0.2,
                                              random_state=seed, stratify=[r["label"] for r in rows])
    return x_tr, y_tr, x_te, y_te
