"""CLEF CheckThat! English subjectivity (2025 task 1): sentences labelled SUBJ / OBJ, no article context."""
from __future__ import annotations

import csv

import datasets

from . import datasets_root

SPLITS = {"train": "train_en.tsv", "dev": "dev_en.tsv", "dev_test": "dev_test_en.tsv"}


def load_checkthat(split: str, root=None) -> datasets.Dataset:
    """Rows ``{id, text, label}`` with label ``SUBJ`` or ``OBJ``. ``dev_test`` is the 2024 test (484 sentences)."""
    if split not in SPLITS:
        raise ValueError(f"unknown CheckThat split {split!r}; choose from {sorted(SPLITS)}")
    path = datasets_root(root) / "checkthat_subj" / "2025_task1_english" / SPLITS[split]
    rows = {"id": [], "text": [], "label": []}
    with open(path, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            rows["id"].append(str(r["sentence_id"]))
            rows["text"].append(r["sentence"].strip())
            rows["label"].append(r["label"].strip())
    return datasets.Dataset.from_dict(rows)
