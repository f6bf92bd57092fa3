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
from dataclasses import dataclass, field

from ..labels import NOT_CLAIM, NOT_OPINION, label_mask
from ..segment import segment_text
from . import datasets_root
from .babe import ENTIRELY_FACTUAL, WRITER_OPINION, load_babe
from .checkthat import load_checkthat
from .polnear import load_polnear

_FIRST_PERSON = {"i", "we", "me", "us", "you", "my", "our"}
_IRREGULAR = {"said", "says", "told", "tells", "wrote", "written", "writes", "spoke", "spoken", "thought", "thinks",
              "knew", "known", "felt", "feels", "held", "holds", "found", "finds", "sought", "argued"}


@dataclass
class Document:
    """Consecutive sentences read together; ``masks[i]`` is None for a sentence used only as context.

    ``spans[head][i]`` lists the character spans ``(start, end, tag)`` within sentence ``i`` that a token head must
    tag, or is None where that head gets no supervision from sentence ``i``.
    """

    source: str
    doc_id: str
    sentences: list[str]
    masks: list[list[float] | None]
    spans: dict[str, list[list[tuple[int, int, str]] | None]] = field(default_factory=dict)


def report_cue_forms(root=None) -> set[str]:
    """Inflected forms of the Recasens et al. (2013) report verbs, plus 'according to'-style cues.

    This inflection rule is the one the shipped model was trained with, so it stays until the next deliberate
    retrain: ``lexicons.verb_forms`` (the run-time reporting check) also gives "denied", "replied", "testified", …,
    and using it here would change PolNeAR's training labels (docs/experiments.md)."""
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


def _polnear_attribution_spans(r) -> list[tuple[int, int, str]]:
    return [(a, b, tag.upper()) for att in r["attributions"] for tag in ("source", "cue", "content")
            for a, b in att[tag]]


def _polnear_masks(r, sentences, cue_forms: set[str]) -> list[list[float] | None]:
    """Partial labels of PolNeAR sentences ((start, end) pairs): see the module docstring."""
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
    masks = []
    for start, end in sentences:
        length = max(1, end - start)
        if _covered(start, end, reporting) / length >= 0.5:
            masks.append(label_mask(["attributed_claim"]))
        elif _covered(start, end, any_content) == 0 and _covered(start, end, cues) == 0:
            masks.append(label_mask(NOT_CLAIM))
        else:
            masks.append(None)
    return masks


def polnear_documents(split: str, cue_forms: set[str], exclude_ids: set[str], max_articles: int | None,
                      seed: int, root=None) -> list[Document]:
    ds = load_polnear(split, root)
    rows = [r for r in ds if r["article_id"] not in exclude_ids]
    random.Random(seed).shuffle(rows)
    if max_articles is not None:
        rows = rows[:max_articles]
    docs = []
    for r in rows:
        sentences = segment_text(r["text"]).sentences
        bounds = [(s.start, s.end) for s in sentences]
        roles = _polnear_attribution_spans(r)
        docs.append(Document("polnear", r["article_id"], [s.text for s in sentences],
                             _polnear_masks(r, bounds, cue_forms),
                             {"attribution": [_clip(roles, a, b) for a, b in bounds]}))
    return docs


def _clip(spans: list[tuple[int, int, str]], start: int, end: int) -> list[tuple[int, int, str]]:
    """Spans (article offsets) cut to one sentence, in sentence offsets."""
    return [(max(a, start) - start, min(b, end) - start, tag) for a, b, tag in spans if a < end and b > start]


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
            mask = None
        loaded = babe_word_spans(r["text"], r["biased_words"], r["label_bias"])
        if mask is None and loaded is None:
            continue
        docs.append(Document("babe", str(i), [r["text"]], [mask], {"loaded": [loaded]}))
    return docs


def babe_word_spans(text: str, words: list[str], label_bias: str) -> list[tuple[int, int, str]] | None:
    """BABE's biased words as spans (every case-insensitive whole-word occurrence); a non-biased sentence has
    none; a biased sentence without listed words gives no supervision."""
    if label_bias == "Non-biased":
        return []
    if label_bias != "Biased" or not words:
        return None
    spans = []
    for w in set(words):
        w = w.strip()
        if w:
            spans += [(m.start(), m.end(), "LOADED") for m in re.finditer(r"(?<!\w)" + re.escape(w) + r"(?!\w)",
                                                                          text, re.IGNORECASE)]
    return spans


def subj_documents(n: int, seed: int, root=None) -> list[Document]:
    """``n`` SUBJ sentences (Pang & Lee; half subjective, half objective) as one-sentence documents: subjective →
    opinion, objective → reported_fact or attributed_claim."""
    from .subj import load_subj

    rows = list(load_subj(root))
    rng = random.Random(seed)
    docs = []
    for subjective in (True, False):
        group = [i for i, r in enumerate(rows) if r["subjective"] == subjective]
        for i in sorted(rng.sample(group, min(len(group), n // 2))):
            mask = label_mask(["opinion"]) if subjective else label_mask(NOT_OPINION)
            docs.append(Document("subj", str(i), [rows[i]["text"]], [mask]))
    return docs


def training_documents(gold_articles: set[str], gold_texts: set[str], polnear_articles: int | None, seed: int,
                       root=None, handlabelled: bool = True,
                       techniques: tuple[str, ...] = ("Loaded_Language",), subj_sentences: int = 0,
                       long_span_words: int | None = None) -> list[Document]:
    """Every training document for the sentence head, with the gold set's articles and sentences removed.

    ``gold_articles`` holds gold article ids as ``corpus:article_id``; ``gold_texts`` normalised sentence texts.
    Hand-labelled articles replace their silver versions (a PolNeAR article is not also sampled as silver).
    """
    cue_forms = report_cue_forms(root)
    hand = handlabelled_documents(techniques, root, long_span_words) if handlabelled else []
    hand = [d for d in hand if d.doc_id not in gold_articles]
    exclude_polnear = {a.split(":", 1)[1] for a in gold_articles | {d.doc_id for d in hand} if a.startswith("polnear:")}
    exclude_links = {a.split(":", 1)[1] for a in gold_articles if a.startswith("mbic:")}
    texts = {_normal(t) for t in gold_texts}
    docs = hand + sentence_documents(texts, exclude_links, root)
    docs += polnear_documents("train", cue_forms, exclude_polnear, polnear_articles, seed, root)
    if subj_sentences:
        docs += subj_documents(subj_sentences, seed, root)
    return docs


def ptc_documents(split: str, techniques: tuple[str, ...], exclude_ids: set[str], max_articles: int | None,
                  seed: int, root=None, long_span_words: int | None = None) -> list[Document]:
    """PTC articles as documents for the loaded-phrasing head (no sentence labels).

    PTC spans are coarse (sometimes whole clauses). Spans of up to ``long_span_words`` words (default
    ``LONG_SPAN_WORDS``) are tagged as given; in a longer span only the words found in a loaded-word lexicon (Recasens bias lexicon, MPQA strong-subjective
    clues) are tagged, and the rest of the span is left unsupervised rather than called neutral.
    """
    from .ptc import load_ptc

    lexicon = loaded_lexicon(root)
    rows = [r for r in load_ptc(split, root) if r["article_id"] not in exclude_ids]
    random.Random(seed).shuffle(rows)
    if max_articles is not None:
        rows = rows[:max_articles]
    docs = []
    for r in rows:
        spans = ptc_loaded_spans(r, techniques, lexicon, long_span_words)
        article = segment_text(r["text"])
        per_sentence = [_clip(spans, s.start, s.end) for s in article.sentences]
        docs.append(Document("ptc", r["article_id"], [s.text for s in article.sentences],
                             [None] * len(article.sentences), {"loaded": per_sentence}))
    return docs


LONG_SPAN_WORDS = 6


def ptc_loaded_spans(r, techniques: tuple[str, ...], lexicon: set[str],
                     long_span_words: int | None = None) -> list[tuple[int, int, str]]:
    """Article-offset spans tagged LOADED (or UNSURE: unsupervised) from a PTC article's technique spans."""
    text = r["text"]
    spans = []
    for sp in r["spans"]:
        if sp["technique"] not in techniques:
            continue
        a, b = sp["start"], sp["end"]
        words = list(re.finditer(r"[\w'’-]+", text[a:b]))
        if len(words) <= (LONG_SPAN_WORDS if long_span_words is None else long_span_words):
            spans.append((a, b, "LOADED"))
        else:
            spans.append((a, b, "UNSURE"))
            spans += [(a + m.start(), a + m.end(), "LOADED") for m in words if m.group(0).lower() in lexicon]
    return spans


def handlabelled_documents(techniques: tuple[str, ...], root=None,
                           long_span_words: int | None = None) -> list[Document]:
    """The hand-labelled training articles: exact 3-way labels with article context, plus the token spans their
    corpus offers (PolNeAR attributions, PTC loaded spans)."""
    from .gold import load_handlabelled
    from .ptc import load_ptc

    polnear = {r["article_id"]: r for r in load_polnear("train", root)}
    ptc = {r["article_id"]: r for r in load_ptc("train", root)}
    lexicon = loaded_lexicon(root)
    docs = []
    for a in load_handlabelled(root):
        bounds = [(sp["start"], sp["end"]) for sp in a["spans"]]
        masks = [label_mask([sp["label"]]) if sp["label"] != "skip" else None for sp in a["spans"]]
        spans: dict[str, list] = {}
        if a["corpus"] == "polnear":
            roles = _polnear_attribution_spans(polnear[a["article_id"]])
            spans["attribution"] = [_clip(roles, s, e) for s, e in bounds]
        elif a["corpus"] == "ptc_train":
            loaded = ptc_loaded_spans(ptc[a["article_id"]], techniques, lexicon, long_span_words)
            spans["loaded"] = [_clip(loaded, s, e) for s, e in bounds]
        docs.append(Document("handlabelled", f"{a['corpus']}:{a['article_id']}",
                             [a["text"][s:e] for s, e in bounds], masks, spans))
    return docs


def loaded_lexicon(root=None) -> set[str]:
    """Recasens et al. (2013) bias lexicon plus MPQA strong-subjective clues (training-time only)."""
    base = datasets_root(root)
    words = set()
    for line in (base / "lexicons_recasens_pryzant" / "npov_lexicon.txt").read_text(encoding="utf-8",
                                                                                     errors="replace").splitlines():
        if line.strip() and not line.startswith("#"):
            words.add(line.strip().lower())
    for line in (base / "mpqa_subjclues" / "subjclueslen1-HLTEMNLP05.tff").read_text(encoding="utf-8",
                                                                                   errors="replace").splitlines():
        if "type=strongsubj" in line:
            m = re.search(r"word1=(\S+)", line)
            if m:
                words.add(m.group(1).lower())
    return words
