"""One row per sentence (offsets, label, probabilities, loaded spans, sources), for spreadsheets and pandas.

Page furniture (kind ``furniture``) has an empty label; its probabilities are the model's reading, which decides
nothing. ``embedded_source`` names the account of an embedded post (label ``attributed_claim``)."""
from __future__ import annotations

import csv
import io

from ..labels import LABELS

COLUMNS = ["index", "kind", "section", "section_heading", "opinion_section", "paragraph", "start", "end", "label",
           *[f"p_{lab}" for lab in LABELS], "loaded_writer", "loaded_quoted", "sources", "source_types",
           "cue_stances", "hedges", "article_genre", "article_p_opinion", "genre_evidence", "embedded_source",
           "text"]


def sentence_rows(report) -> list[dict]:
    """Plain dicts, one per sentence, in the CSV's columns (``pandas.DataFrame(sentence_rows(r))`` works)."""
    by_sentence: dict[int, dict[str, list]] = {}

    def bucket(i):
        return by_sentence.setdefault(i, {"writer": [], "quoted": [], "attr": [], "hedges": []})

    for sp in report.loaded_spans:
        bucket(sp.sentence)[sp.voice].append(sp.text)
    ledger = {e.id: e for e in report.ledger}
    for a in report.citations:
        bucket(a.sentence)["attr"].append(a)
    for m in report.markers:
        if m.kind == "hedge":
            bucket(m.sentence)["hedges"].append(m.text)
    sections = {sec.index: sec for sec in report.sections}
    genre = getattr(report, "genre", None)  # the article's verdict, repeated on every row ("" without a genre head)
    genre_sentences = set(genre["evidence"]["sentences"]) if genre else set()
    rows = []
    for s in report.sentences:
        b = by_sentence.get(s.index, {"writer": [], "quoted": [], "attr": [], "hedges": []})
        sec = sections.get(s.section)
        names = [ledger[a.ledger_id].name if a.ledger_id in ledger else (a.source.text if a.source else "")
                 for a in b["attr"]]
        rows.append({
            "index": s.index, "kind": s.kind, "section": s.section,
            "section_heading": (sec.heading or "") if sec else "", "opinion_section": bool(sec and sec.opinion_heading),
            "paragraph": s.paragraph, "start": s.start, "end": s.end, "label": s.label or "",  # "" for furniture
            **{f"p_{lab}": s.probs[lab] for lab in LABELS},
            "loaded_writer": "; ".join(b["writer"]), "loaded_quoted": "; ".join(b["quoted"]),
            "sources": "; ".join(names), "source_types": "; ".join(a.source_type for a in b["attr"]),
            "cue_stances": "; ".join(a.cue_stance for a in b["attr"]), "hedges": "; ".join(b["hedges"]),
            "article_genre": genre["label"] if genre else "",
            "article_p_opinion": genre["probs"]["opinion"] if genre else "",
            "genre_evidence": s.index in genre_sentences,
            "embedded_source": getattr(s, "embedded_source", None) or "",
            "text": s.text,
        })
    return rows


def render_csv(report) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(sentence_rows(report))
    return buf.getvalue()
