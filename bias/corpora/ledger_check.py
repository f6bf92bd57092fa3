"""The ledger check set (``data/ledger_check/``, its README): hand-listed cited sources of 67 articles, stored
stand-off; the article texts are read from the shared corpora (PolNeAR dev/test, SemEval-2023 dev and train) at
evaluation time only.

``articles.tsv``: corpus, article_id, split (dev/test), sha1 (first 10 hex digits of the article text's sha1, to
detect a changed source text). ``sources.tsv``: one row per mention: corpus, article_id, source_id, source, type
(``a/b``: either accepted), optional (0/1), start, end, mention.
"""
from __future__ import annotations

from pathlib import Path

import datasets

from ..errors import BiasInputError
from .polnear import load_polnear
from .semeval import load_semeval_articles

LEDGER_CHECK_DIR = Path(__file__).resolve().parents[2] / "data" / "ledger_check"


def ledger_check_texts(keys, root=None) -> dict[str, str]:
    """Article texts of ``corpus:article_id`` keys (PolNeAR dev/test, SemEval-2023 dev/train) from ../shared/datasets."""
    keys, texts = set(keys), {}
    for split in ("dev", "test"):
        if any(k.startswith(f"polnear:{split}/") for k in keys):
            texts.update({f"polnear:{r['article_id']}": r["text"] for r in load_polnear(split, root)})
    for split in ("dev", "train"):
        if any(k.startswith(f"semeval2023:{split}/") for k in keys):
            texts.update({f"semeval2023:{r['article_id']}": r["text"] for r in load_semeval_articles(split, root)})
    missing = keys - texts.keys()
    if missing:
        raise BiasInputError(f"ledger-check articles not found in the shared datasets: {sorted(missing)[:3]}")
    return {k: texts[k] for k in keys}


def load_ledger_check(split: str | None = None, root=None, directory: Path = LEDGER_CHECK_DIR) -> datasets.Dataset:
    """The articles of one half (``dev`` … ``dev5``, ``test``; None for all) as ``{corpus, article_id, split, text, sources}``;
    ``sources`` lists every mention ``{source_id, source, types, optional, start, end, mention}``, ``types`` being
    the accepted types."""
    from .gold import read_tsv, text_hash

    articles = [a for a in read_tsv(directory / "articles.tsv") if split in (None, a["split"])]
    if not articles:
        raise BiasInputError(f"no ledger check set at {directory}")
    texts = ledger_check_texts([f"{a['corpus']}:{a['article_id']}" for a in articles], root)
    mentions: dict[str, list[dict]] = {}
    for r in read_tsv(directory / "sources.tsv"):
        mentions.setdefault(f"{r['corpus']}:{r['article_id']}", []).append(
            {"source_id": int(r["source_id"]), "source": r["source"], "types": r["type"].split("/"),
             "optional": r["optional"] == "1", "start": int(r["start"]), "end": int(r["end"]),
             "mention": r["mention"]})
    rows = []
    for a in articles:
        key = f"{a['corpus']}:{a['article_id']}"
        if text_hash(texts[key]) != a["sha1"]:
            raise BiasInputError(f"ledger-check article {key} no longer matches its source text")
        rows.append({"corpus": a["corpus"], "article_id": a["article_id"], "split": a["split"], "text": texts[key],
                     "sources": mentions.get(key, [])})
    return datasets.Dataset.from_list(rows)
