"""Build the furniture check set (data/furniture_check/): which sentences of fresh articles are not sentences.

    python tools/furniture_check.py show polnear:dev/<article> …     # numbered sentences, for the annotator only
    python tools/furniture_check.py build DRAFT.txt [DRAFT.txt …]     # write data/furniture_check/*.tsv

``show`` prints each article as the gold set was annotated: pysbd sentences of each non-empty line
(``bias.segment.split_sentences``, no furniture rule applied), numbered, with their offsets. Never paste its output
into the repository. A draft (kept outside the repository) has one block per article::

    @ polnear:dev/<article> dev
    skip 3 7 12-14
    # free notes

Every sentence not listed under ``skip`` is written as ``sentence``. Rows go to ``annotations.tsv`` in the gold
format (corpus, article_id, start, end, label, sha1, annotator, note) with annotator ``final``, so
``bias.corpora.gold.load_furniture_check`` and ``tools/furniture_eval.py --set check`` read it.
"""
from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bias.corpora.gold import FURNITURE_CHECK_DIR, _article_texts, text_hash  # noqa: E402
from bias.segment import split_sentences  # noqa: E402


def sentences(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in re.finditer(r"[^\n]+", text):
        if m.group(0).strip():
            spans.extend(split_sentences(m.group(0), m.start()))
    return spans


def show(keys: list[str]) -> None:
    texts = _article_texts()
    for key in keys:
        text = texts[key]
        print(f"===== {key} ({len(text)} chars)")
        line_of = {m.start(): m.end() for m in re.finditer(r"[^\n]+", text)}
        line_end = -1
        for i, (s, e) in enumerate(sentences(text)):
            new_line = s > line_end
            if new_line:
                line_end = next(b for a, b in line_of.items() if a <= s < b)
            print(f"{'¶' if new_line else ' '} [{i}] {text[s:e]}")


def _indices(spec: str) -> set[int]:
    out: set[int] = set()
    for tok in spec.split():
        a, _, b = tok.partition("-")
        out.update(range(int(a), int(b or a) + 1))
    return out


def build(paths: list[str]) -> None:
    blocks: list[dict] = []
    for path in paths:
        for line in open(path, encoding="utf-8"):
            line = line.strip()
            if line.startswith("@ "):
                key, split = line[2:].split()
                blocks.append({"key": key, "split": split, "skip": set()})
            elif line.startswith("skip"):
                blocks[-1]["skip"] |= _indices(line[4:])
    texts = _article_texts()
    FURNITURE_CHECK_DIR.mkdir(parents=True, exist_ok=True)
    with open(FURNITURE_CHECK_DIR / "articles.tsv", "w", encoding="utf-8", newline="") as fa, \
            open(FURNITURE_CHECK_DIR / "annotations.tsv", "w", encoding="utf-8", newline="") as fs:
        wa = csv.writer(fa, delimiter="\t", lineterminator="\n")
        ws = csv.writer(fs, delimiter="\t", lineterminator="\n")
        wa.writerow(["corpus", "article_id", "outlet", "genre", "split"])
        ws.writerow(["corpus", "article_id", "start", "end", "label", "sha1", "annotator", "note"])
        for b in blocks:
            corpus, aid = b["key"].split(":", 1)
            text = texts[b["key"]]
            spans = sentences(text)
            if b["skip"] and max(b["skip"]) >= len(spans):
                raise SystemExit(f"{b['key']}: sentence {max(b['skip'])} does not exist ({len(spans)} sentences)")
            wa.writerow([corpus, aid, "", "", b["split"]])
            for i, (s, e) in enumerate(spans):
                ws.writerow([corpus, aid, s, e, "skip" if i in b["skip"] else "sentence", text_hash(text[s:e]),
                             "final", ""])


if __name__ == "__main__":
    cmd, *rest = sys.argv[1:]
    {"show": show, "build": build}[cmd](rest)
