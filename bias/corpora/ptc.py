"""Propaganda-technique spans: PTC (SemEval-2020 task 11) train/dev and SemEval-2023 task 3 (English).

Identity: SemEval-2023 train = PTC train + PTC dev; SemEval-2023 dev = the PTC test articles (gold only there).
Offsets index the raw article files (title on line 1).
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import datasets

from . import datasets_root

LOADED = "Loaded_Language"
# Technique names differ between the two releases.
_RENAME = {"Name_Calling-Labeling": "Name_Calling,Labeling", "Exaggeration-Minimisation": "Exaggeration,Minimisation"}
_EDGE = " \n.,:;"
# PTC's technique names; four of them contain commas, so a comma-separated list of names is parsed against these
TECHNIQUES = ("Loaded_Language", "Name_Calling,Labeling", "Repetition", "Doubt", "Exaggeration,Minimisation",
              "Appeal_to_fear-prejudice", "Flag-Waving", "Causal_Oversimplification", "Appeal_to_Authority", "Slogans",
              "Whataboutism,Straw_Men,Red_Herring", "Black-and-White_Fallacy", "Thought-terminating_Cliches",
              "Bandwagon,Reductio_ad_hitlerum")


def parse_techniques(text: str) -> tuple[str, ...]:
    """``"Loaded_Language,Name_Calling,Labeling"`` → ``("Loaded_Language", "Name_Calling,Labeling")``: the longest
    known technique name at each position; an unknown name is an error."""
    parts, out, i = text.split(","), [], 0
    while i < len(parts):
        for n in range(len(parts) - i, 0, -1):
            name = ",".join(parts[i:i + n]).strip()
            if name in TECHNIQUES:
                out.append(name)
                i += n
                break
        else:
            raise ValueError(f"unknown PTC technique {parts[i].strip()!r}; known: {', '.join(TECHNIQUES)}")
    return tuple(out)


def _clean(text: str, s: int, e: int) -> tuple[int, int]:
    """Trim white space and edge punctuation (the v1 boundary style) from a span."""
    while s < e and text[s] in _EDGE:
        s += 1
    while e > s and text[e - 1] in _EDGE:
        e -= 1
    return s, e


def _read_labels(path: Path) -> dict[str, list[tuple[str, int, int]]]:
    out: dict[str, list] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.strip().split("\t")
        if len(parts) >= 4 and parts[2].isdigit():
            out[parts[0]].append((_RENAME.get(parts[1], parts[1]), int(parts[2]), int(parts[3])))
    return out


def load_ptc(split: str, root=None) -> datasets.Dataset:
    """PTC articles ``{article_id, text, spans: [{technique, start, end}]}`` for ``train`` or ``dev``."""
    base = datasets_root(root) / "ptc_semeval2020t11"
    if split == "train":
        labels = _read_labels(base / "train-task2-TC.labels")
        folder = base / "train-articles"
    elif split == "dev":
        labels = _read_labels(base / "dev-task-TC.labels")
        folder = base / "dev-articles"
    else:
        raise ValueError("PTC gold exists for 'train' and 'dev'; the test articles' gold is semeval2023 'dev'")
    return _articles(folder, labels, f"ptc_{split}")


def load_semeval_spans(split: str, root=None) -> datasets.Dataset:
    """SemEval-2023 task 3 articles with technique spans (``dev`` = PTC test articles)."""
    base = datasets_root(root) / "semeval2023t3_en"
    labels: dict[str, list] = defaultdict(list)
    for f in sorted((base / f"{split}-labels-subtask-3-spans").glob("*.txt")):
        for aid, spans in _read_labels(f).items():
            labels[aid] += spans
    return _articles(base / f"{split}-articles-subtask-3", labels, f"semeval2023_{split}")


def _articles(folder: Path, labels: dict, prefix: str) -> datasets.Dataset:
    rows = []
    for path in sorted(folder.glob("article*.txt")):
        aid = path.stem.replace("article", "")
        text = path.read_text(encoding="utf-8")
        spans = []
        for tech, s, e in labels.get(aid, []):
            s, e = _clean(text, s, e)
            if e > s:
                spans.append({"technique": tech, "start": s, "end": e})
        rows.append({"article_id": aid, "source": prefix, "text": text, "spans": spans})
    return datasets.Dataset.from_list(rows)
