"""PolNeAR: political news articles with attribution relations (source, cue, content spans; brat stand-off)."""
from __future__ import annotations

import csv
import re
from pathlib import Path

import datasets

from . import datasets_root

SPLITS = ("train", "dev", "test")


def _parse_ann(path: Path) -> list[dict]:
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    relations = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if re.match(r"T\d+\t", line):  # span texts may contain newlines: their continuation lines are skipped
            tid, info = line.split("\t")[:2]
            role, ranges = info.split(" ", 1)
            offs = [tuple(int(x) for x in part.split()) for part in ranges.split(";")]
            spans[tid] = (role, offs)
        elif re.match(r"E\d+\t", line):
            relations.append(line.split("\t")[1].split())
    out = []
    for rel in relations:
        roles: dict[str, list[list[int]]] = {"source": [], "cue": [], "content": []}
        for arg in rel:
            role, tid = arg.split(":")
            role = role.rstrip("0123456789").lower()
            if role in roles and tid in spans:
                roles[role].extend([list(o) for o in spans[tid][1]])
        out.append(roles)
    return out


def load_polnear(split: str, root=None) -> datasets.Dataset:
    """Articles ``{article_id, publisher, text, attributions}``; each attribution has ``source``, ``cue`` and
    ``content`` lists of ``[start, end]`` character ranges. Articles with several annotators' files use the first."""
    if split not in SPLITS:
        raise ValueError(f"unknown PolNeAR split {split!r}; choose from {SPLITS}")
    base = datasets_root(root) / "polnear"
    meta = {}
    with open(base / "metadata.tsv", encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            meta[r["filename"]] = r
    rows = []
    ann_dir = base / split / "attributions"
    for txt in sorted((base / split / "text").glob("*.txt")):
        name = txt.stem
        anns = sorted(ann_dir.glob(f"{name}_*.ann"))
        rows.append({
            "article_id": f"{split}/{name}",
            "publisher": meta.get(name, {}).get("publisher", name.split("_")[0]),
            "text": txt.read_text(encoding="utf-8"),
            "attributions": _parse_ann(anns[0]) if anns else [],
        })
    return datasets.Dataset.from_list(rows)
