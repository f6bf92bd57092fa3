"""SemEval-2023 task 3 (English): articles with genre labels and persuasion-technique spans."""
from __future__ import annotations

import datasets

from . import datasets_root


def load_semeval_articles(split: str, root=None) -> datasets.Dataset:
    """Articles ``{article_id, genre, text}`` of the ``train`` or ``dev`` split (dev = the PTC test articles)."""
    base = datasets_root(root) / "semeval2023t3_en"
    genre = {}
    for line in (base / f"{split}-labels-subtask-1.txt").read_text(encoding="utf-8").splitlines():
        if line.strip():
            aid, g = line.split("\t")[:2]
            genre[aid] = g.strip()
    rows = []
    for path in sorted((base / f"{split}-articles-subtask-3").glob("article*.txt")):
        aid = path.stem.replace("article", "")
        rows.append({"article_id": f"{split}/{aid}", "genre": genre.get(aid, ""),
                     "text": path.read_text(encoding="utf-8")})
    return datasets.Dataset.from_list(rows)
