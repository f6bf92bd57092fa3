"""Turn a hand-written ledger annotation draft into data/ledger_check/{articles,sources}.tsv (stand-off, no text).

    python tools/ledger_check_build.py DRAFT.txt
    python tools/ledger_check_build.py --check DRAFT.txt    # resolve and print each mention, write nothing
    python tools/ledger_check_build.py --add DRAFT.txt      # append the draft's articles to the set

The draft (kept outside the repository) has one block per article::

    @ polnear:dev/<article> dev
    Source name | type | mention@offset ; mention{ right context}@offset ; …

``type`` is ``named``, ``anonymous`` or ``media_outlet`` (``a/b``: either is right; a leading ``?`` marks a
borderline citation, which the evaluator neither requires nor counts against an entry). A mention is resolved to its
first whole-word occurrence at or after ``offset`` (the paragraph offsets printed by tools/ledger_check_show.py);
``{…}`` is text that must follow the mention there, to pick the right occurrence ("he{ said}").
"""
from __future__ import annotations

import csv
import re
import sys

from bias.corpora.gold import read_tsv, text_hash
from bias.corpora.ledger_check import LEDGER_CHECK_DIR, ledger_check_texts

_MENTION = re.compile(r"^(?P<m>.+?)(?:\{(?P<ctx>[^}]*)\})?@(?P<off>\d+)$")


def parse(path: str) -> list[dict]:
    articles: list[dict] = []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("@ "):
            key, split = line[2:].split()
            articles.append({"key": key, "split": split, "sources": []})
            continue
        name, typ, mentions = (x.strip() for x in line.split("|"))
        articles[-1]["sources"].append({"name": name, "type": typ, "mentions": [
            m.strip() for m in mentions.split(" ; ") if m.strip()]})
    return articles


def resolve(text: str, spec: str) -> tuple[int, int]:
    m = _MENTION.match(spec)
    if not m:
        raise ValueError(f"bad mention {spec!r}")
    mention, ctx, off = m.group("m"), m.group("ctx") or "", int(m.group("off"))
    def rx(t):  # straight and curly apostrophes alike, any run of spaces
        return re.sub(r"['’]", "['’]", re.escape(t)).replace(r"\ ", r"\s+")

    pat = re.compile(r"(?<![\w@])" + rx(mention) + r"(?!\w)" + (r"(?=" + rx(ctx) + ")" if ctx else ""))
    hit = pat.search(text, off)
    if hit is None:
        raise ValueError(f"mention {spec!r} not found")
    return hit.start(), hit.end()


def check(path: str) -> None:
    """Resolve every mention of a draft and print it in context, writing nothing (for the annotator)."""
    articles = parse(path)
    texts = ledger_check_texts([a["key"] for a in articles])
    for a in articles:
        text = texts[a["key"]]
        print(f"@ {a['key']} {a['split']}")
        for s in a["sources"]:
            for spec in s["mentions"]:
                start, end = resolve(text, spec)
                print(f"  {s['name']} [{s['type']}] {start}-{end} …{text[max(0, start - 30):start]}[{text[start:end]}]"
                      f"{text[end:end + 30]}…".replace("\n", " "))


def main(path: str, add: bool = False) -> None:
    """Write the set from a draft; with ``add``, append the draft's articles to the set already written (a draft of
    articles already in the set is refused)."""
    articles = parse(path)
    texts = ledger_check_texts([a["key"] for a in articles])
    LEDGER_CHECK_DIR.mkdir(parents=True, exist_ok=True)
    if add:
        present = {f"{r['corpus']}:{r['article_id']}" for r in read_tsv(LEDGER_CHECK_DIR / "articles.tsv")}
        again = present & {a["key"] for a in articles}
        if again:
            raise SystemExit(f"already in the set: {sorted(again)[:3]}")
    mode = "a" if add else "w"
    with open(LEDGER_CHECK_DIR / "articles.tsv", mode, encoding="utf-8", newline="") as fa, \
            open(LEDGER_CHECK_DIR / "sources.tsv", mode, encoding="utf-8", newline="") as fs:
        wa = csv.writer(fa, delimiter="\t", lineterminator="\n")
        ws = csv.writer(fs, delimiter="\t", lineterminator="\n")
        if not add:
            wa.writerow(["corpus", "article_id", "split", "sha1"])
            ws.writerow(["corpus", "article_id", "source_id", "source", "type", "optional", "start", "end",
                         "mention"])
        for a in articles:
            corpus, aid = a["key"].split(":", 1)
            text = texts[a["key"]]
            wa.writerow([corpus, aid, a["split"], text_hash(text)])
            for i, s in enumerate(a["sources"]):
                optional = s["type"].startswith("?")
                for spec in s["mentions"]:
                    start, end = resolve(text, spec)
                    ws.writerow([corpus, aid, i, s["name"], s["type"].lstrip("?"), int(optional), start, end,
                                 text[start:end]])


if __name__ == "__main__":
    if sys.argv[1] == "--check":
        check(sys.argv[2])
    elif sys.argv[1] == "--add":
        main(sys.argv[2], add=True)
    else:
        main(sys.argv[1])
