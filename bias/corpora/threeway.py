"""Training data for the 3-way sentence label, derived from the shared corpora as *partial* labels.

No public corpus carries our three labels, but each says something exact about them:

- CheckThat ``SUBJ`` → opinion; ``OBJ`` → reported_fact or attributed_claim (which of the two is left open);
- BABE "Expresses writer’s opinion" → opinion; "Entirely factual" → reported_fact or attributed_claim;
- PolNeAR: a sentence whose text lies mostly inside the content of an attribution with a reporting cue (said,
  told, according to, …) and a third-party source → attributed_claim; a sentence touching no attribution at all →
  reported_fact or opinion; anything in between is left unlabelled (it still serves as context).

The model is trained to put its probability mass on the allowed set (loss = −log Σ p(allowed)), so no label is
guessed by a rule. Articles and sentences of the gold set are removed from every source.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass

from ..labels import NOT_CLAIM, NOT_OPINION, label_mask
from ..segment import segment_text
from . import datasets_root
from .babe import ENTIRELY_FACTUAL, WRITER_OPINION, load_babe
from .checkthat import load_checkthat
from .polnear import load_polnear

_FIRST_PERSON = {"i", "we", "me", "us", "you", "my", "our"}
_IRREGULAR = {"said", "says", "told", "tells", "wrote", "written", "writes", "spoke", "spoken", "thought", "thinks",
              "knew", "known", "felt", "feels", "held", "holds", "found", "finds", "sought", "argued", "told"}


@dataclass
class Document:
    """Consecutive sentences read together; ``masks[i]`` is None for a sentence used only as context."""

    source: str
    doc_id: str
    sentences: list[str]
    masks: list[list[float] | None]


def report_cue_forms(root=None) -> set[str]:
    """Inflected forms of the Recasens et al. (2013) report verbs, plus 'according to'-style cues."""
    path = datasets_root(root) / "lexicons_recasens_pryzant" / "report_verbs.txt"
    forms = set(_IRREGULAR) | {"according", "reportedly", "allegedly", "quoted", "claims", "statement"}
    for line in path.read_text(encoding="utf-8").splitlines():
        v = line.strip().lower()
        if not v or v.startswith("#"):
            continue
        stem = v[:-1] if v.endswith("e") else v
        forms |= {v, v + "s", v + "es", v + "ed", v + "d", stem + "ing", stem + "ed"}
        if re.search(r"[^aeiou][aeiou][bdgmnprt]$", v):  # admit → admitted, plan → planned
            forms |= {v + v[-1] + "ed", v + v[-1] + "ing"}
    return forms


def _covered(start: int, end: int, ranges: list[tuple[int, int]]) -> int:
    return sum(max(0, min(end, e) - max(start, s)) for s, e in ranges)


def polnear_documents(split: str, cue_forms: set[str], exclude_ids: set[str], max_articles: int | None,
                      seed: int, root=None) -> list[Document]:
    ds = load_polnear(split, root)
    rows = [r for r in ds if r["article_id"] not in exclude_ids]
    random.Random(seed).shuffle(rows)
    if max_articles is not None:
        rows = rows[:max_articles]
    docs = []
    for r in rows:
        text = r["text"]
        reporting, any_content, cues = [], [], []
        for att in r["attributions"]:
            content = [tuple(x) for x in att["content"]]
            any_content += content
            cues += [tuple(x) for x in att["cue"]]
            cue_words = {w.lower() for s, e in att["cue"] for w in re.findall(r"[A-Za-z]+", text[s:e])}
            source_words = " ".join(text[s:e] for s, e in att["source"]).strip().lower()
            if cue_words & cue_forms and source_words not in _FIRST_PERSON:
                reporting += content
        article = segment_text(text)
        sents, masks = [], []
        for s in article.sentences:
            length = max(1, s.end - s.start)
            if _covered(s.start, s.end, reporting) / length >= 0.5:
                mask = label_mask(["attributed_claim"])
            elif _covered(s.start, s.end, any_content) == 0 and _covered(s.start, s.end, cues) == 0:
                mask = label_mask(NOT_CLAIM)
            else:
                mask = None
            sents.append(s.text)
            masks.append(mask)
        docs.append(Document("polnear", r["article_id"], sents, masks))
    return docs


def _normal(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def sentence_documents(exclude_texts: set[str], exclude_links: set[str], root=None) -> list[Document]:
    """CheckThat train + dev and BABE SG2 as one-sentence documents (they carry no article context)."""
    docs = []
    for split in ("train", "dev"):
        for r in load_checkthat(split, root):
            if _normal(r["text"]) in exclude_texts:
                continue
            mask = label_mask(["opinion"]) if r["label"] == "SUBJ" else label_mask(NOT_OPINION)
            docs.append(Document("checkthat", f"{split}/{r['id']}", [r["text"]], [mask]))
    for i, r in enumerate(load_babe(root)):
        if r["news_link"] in exclude_links or _normal(r["text"]) in exclude_texts:
            continue
        if r["label_opinion"] == WRITER_OPINION:
            mask = label_mask(["opinion"])
        elif r["label_opinion"] == ENTIRELY_FACTUAL:
            mask = label_mask(NOT_OPINION)
        else:
            continue
        docs.append(Document("babe", str(i), [r["text"]], [mask]))
    return docs


def training_documents(gold_articles: set[str], gold_texts: set[str], polnear_articles: int | None, seed: int,
                       root=None) -> list[Document]:
    """Every training document, with the gold set's articles and sentences removed.

    ``gold_articles`` holds gold article ids as ``corpus:article_id``; ``gold_texts`` normalised sentence texts.
    """
    cue_forms = report_cue_forms(root)
    exclude_polnear = {a.split(":", 1)[1] for a in gold_articles if a.startswith("polnear:")}
    exclude_links = {a.split(":", 1)[1] for a in gold_articles if a.startswith("mbic:")}
    texts = {_normal(t) for t in gold_texts}
    docs = sentence_documents(texts, exclude_links, root)
    docs += polnear_documents("train", cue_forms, exclude_polnear, polnear_articles, seed, root)
    return docs
