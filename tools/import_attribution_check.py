"""One-time import of the hand-labelled attribution check set into stand-off form.

    python tools/import_attribution_check.py --work /work/annot_attr --gold-work /work/annot

Annotators wrote, per attribution: sentence index, source text, cue text, source type, cue stance, venue. Texts are
located inside their sentence and stored as character offsets only (data/attribution_check/attributions.tsv).
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bias.corpora.gold import _article_texts  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "data" / "attribution_check" / "attributions.tsv"
TYPES = {"named", "anonymous", "media_outlet", "pronoun"}
STANCES = {"neutral", "distancing", "endorsing", "evaluative"}


def locate(sentence: str, piece: str, after: int = 0) -> tuple[int, int] | None:
    piece = piece.strip().strip('"')
    if not piece:
        return None
    at = sentence.find(piece, after)
    if at < 0:
        at = sentence.lower().find(piece.lower())
    return (at, at + len(piece)) if at >= 0 else None


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("--work", type=Path, required=True)
    p.add_argument("--gold-work", type=Path, required=True, help="folder with index.json of the gold articles")
    p.add_argument("--datasets", default=None)
    args = p.parse_args(argv)
    index = {a["key"]: a for a in json.loads((args.gold_work / "index.json").read_text())}
    texts = _article_texts(args.datasets)
    rows, skipped = [], 0
    for folder in sorted((args.work / "labels").iterdir()):
        for f in sorted(folder.glob("*.tsv")):
            a = index[f.stem]
            text = texts[f"{a['corpus']}:{a['article_id']}"]
            for line in f.read_text(encoding="utf-8").splitlines():
                cols = line.split("\t")
                if len(cols) < 5 or not cols[0].strip().isdigit():
                    skipped += 1
                    continue
                i = int(cols[0])
                stype, stance = cols[3].strip(), cols[4].strip()
                if stype not in TYPES or stance not in STANCES or i >= len(a["spans"]):
                    skipped += 1
                    continue
                s0, s1 = a["spans"][i]
                sent = text[s0:s1]
                cue = locate(sent, cols[2])
                src = locate(sent, cols[1])
                venue = locate(sent, cols[5]) if len(cols) > 5 and cols[5].strip() else None
                if cue is None:
                    skipped += 1
                    continue
                refers = next((c.split("=", 1)[1].strip() for c in cols[5:] if c.strip().startswith("refers=")), "")
                rows.append({"corpus": a["corpus"], "article_id": a["article_id"], "sentence_start": s0,
                             "sentence_end": s1, "cue_start": s0 + cue[0], "cue_end": s0 + cue[1],
                             "source_start": s0 + src[0] if src else "", "source_end": s0 + src[1] if src else "",
                             "venue_start": s0 + venue[0] if venue else "", "venue_end": s0 + venue[1] if venue else "",
                             "source_type": stype, "refers_to": refers, "cue_stance": stance, "annotator": folder.name})
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUT, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, list(rows[0]), delimiter="\t", lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"wrote {len(rows)} attributions ({skipped} lines skipped: malformed or cue not found)")


if __name__ == "__main__":
    main()
