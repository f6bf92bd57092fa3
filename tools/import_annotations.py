"""One-time import of annotators' label files into the stand-off gold set (data/gold/annotations.tsv).

The annotation work files (numbered sentences with their text) live outside the repository, because the news text may
not be redistributed; this script keeps only offsets, labels, a short hash of each sentence and the notes.

    python tools/import_annotations.py --work /work/annot

``index.json`` (article keys → corpus, article id, sentence spans), ``labels/<annotator>/<key>.tsv`` and, for the
double-annotated articles, ``adjudicated/<key>.tsv`` are read. The label used for scoring is stored under annotator
``final``: the adjudicated label where two annotators disagreed, else the single annotator's label.
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bias.corpora.gold import GOLD_DIR, HANDLABELLED_DIR, _article_texts, text_hash  # noqa: E402


def read_labels(path: Path) -> dict[int, tuple[str, str]]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        parts = line.split("\t")
        out[int(parts[0])] = (parts[1].strip(), parts[2].strip() if len(parts) > 2 else "")
    return out


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("--work", type=Path, required=True)
    p.add_argument("--datasets", default=None)
    p.add_argument("--train", action="store_true",
                   help="import the hand-labelled training set (data/handlabelled/, split 'train') instead of gold")
    args = p.parse_args(argv)
    index = {a["key"]: a for a in json.loads((args.work / "index.json").read_text())}
    texts = _article_texts(args.datasets)
    per_key: dict[str, dict[str, dict]] = {}
    for folder in sorted((args.work / "labels").iterdir()):
        for f in sorted(folder.glob("*.tsv")):
            per_key.setdefault(f.stem, {})[folder.name] = read_labels(f)
    rows = []
    for key, anns in sorted(per_key.items()):
        a = index[key]
        text = texts[f"{a['corpus']}:{a['article_id']}"]
        adjudicated = {}
        adj_path = args.work / "adjudicated" / f"{key}.tsv"
        if len(anns) > 1:
            if not adj_path.exists():
                raise SystemExit(f"{key} has {len(anns)} annotators but no adjudication file")
            adjudicated = read_labels(adj_path)
        for i, (s, e) in enumerate(a["spans"]):
            base = {"corpus": a["corpus"], "article_id": a["article_id"], "start": s, "end": e,
                    "sha1": text_hash(text[s:e])}
            for name, labels in sorted(anns.items()):
                lab, note = labels[i]
                rows.append({**base, "label": lab, "annotator": name, "note": note})
            if adjudicated:
                lab, note = adjudicated[i]
            else:
                lab, note = next(iter(anns.values()))[i]
            rows.append({**base, "label": lab, "annotator": "final", "note": note})
    out_dir = HANDLABELLED_DIR if args.train else GOLD_DIR
    out_dir.mkdir(parents=True, exist_ok=True)
    if args.train:
        with open(out_dir / "articles.tsv", "w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, ["corpus", "article_id", "outlet", "genre", "split"], delimiter="\t",
                               lineterminator="\n")
            w.writeheader()
            for key in sorted(per_key):
                a = index[key]
                w.writerow({"corpus": a["corpus"], "article_id": a["article_id"], "outlet": a["outlet"],
                            "genre": a["genre"], "split": "train"})
    with open(out_dir / "annotations.tsv", "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, ["corpus", "article_id", "start", "end", "label", "sha1", "annotator", "note"],
                           delimiter="\t", lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"wrote {len(rows)} rows for {len(per_key)} articles")


if __name__ == "__main__":
    main()
