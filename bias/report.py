"""The Report: plain data describing one analysed article. Renderers only read it."""
from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path
from dataclasses import asdict, dataclass, field, fields

from .labels import LABELS
from .segment import Article

SCHEMA_VERSION = "0.6"
SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "report.schema.json"  # JSON Schema of to_json()


@dataclass
class SentenceResult:
    index: int
    start: int
    end: int
    text: str
    kind: str  # "headline" | "body" | "furniture" (page furniture: shown, not labelled, not counted)
    paragraph: int
    section: int
    label: str | None  # None for furniture
    probs: dict[str, float]  # the model's reading (for furniture too, where it decides nothing)
    embedded_source: str | None = None  # an embedded post's account: the label is attributed_claim whatever probs say


@dataclass
class SectionResult:
    index: int
    heading: str | None
    heading_start: int | None
    heading_end: int | None
    opinion_heading: bool
    sentences: list[int]


@dataclass
class LabelSummary:
    """One label over the article's labelled sentences (the headline too: it is labelled like any sentence), and
    over its body alone, the figures that ``indices.label_shares`` and the findings give."""

    count: int
    share: float
    sentences: list[int]  # indices of the sentences behind the figure
    body_count: int  # the same without the headline: indices.label_shares[label].sentences
    body_share: float  # indices.label_shares[label].by_sentences


_ATOMIC = (str, int, float, bool, type(None))
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def plain(obj):
    """``dataclasses.asdict`` for a report: the same dicts, lists and values, several times faster (no deep copy
    of strings and numbers, field names looked up once per class); a batch run converts every report."""
    kind = type(obj)
    if kind in _ATOMIC:
        return obj
    if kind is list:
        return [plain(v) for v in obj]
    if hasattr(kind, "__dataclass_fields__"):
        names = _FIELD_NAMES.get(kind)
        if names is None:
            names = _FIELD_NAMES[kind] = tuple(f.name for f in fields(obj))
        return {name: plain(getattr(obj, name)) for name in names}
    if kind is dict:
        return {plain(k): plain(v) for k, v in obj.items()}
    if kind is tuple:
        return tuple(plain(v) for v in obj)
    return copy.deepcopy(obj)  # anything else as asdict treats it


@dataclass
class Report:
    """Everything ``bias`` found in one article; every figure points back to sentence indices."""

    text: str
    sentences: list[SentenceResult]
    sections: list[SectionResult]
    bylines: list[dict]
    metadata: dict
    summary: dict[str, LabelSummary]
    tool: dict = field(default_factory=dict)
    loaded_spans: list = field(default_factory=list)  # loaded.LoadedSpan
    markers: list = field(default_factory=list)  # loaded.Marker (hedges, intensifiers)
    headline_assessment: object | None = None  # loaded.HeadlineAssessment
    attributions: list = field(default_factory=list)  # attribution.Attribution
    ledger: list = field(default_factory=list)  # attribution.LedgerEntry
    indices: dict = field(default_factory=dict)  # aggregate.compute_indices
    findings: list = field(default_factory=list)  # aggregate.summarise_findings: {"id", "text", "evidence"}
    genre: dict | None = None  # bias.genre: {"label", "probs", "evidence"}; None when the model has no genre head

    @property
    def headline(self) -> SentenceResult | None:
        return next((s for s in self.sentences if s.kind == "headline"), None)

    @property
    def citations(self) -> list:
        """The attributions whose cue reports speech, writing or belief; acts ("X authorized …") cite no one."""
        return [a for a in self.attributions if a.reporting]

    def to_dict(self) -> dict:
        return plain(self)

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def to_html(self) -> str:
        """One self-contained HTML page (bias.render.html)."""
        from .render.html import render_html

        return render_html(self)

    def to_csv(self) -> str:
        """One row per sentence: offsets, label, probabilities, loaded spans, sources, hedges, text."""
        from .render.sentence_table import render_csv

        return render_csv(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Report":
        """Rebuild a Report from ``to_dict()`` / JSON output, e.g. to render a saved analysis in another format."""
        from .attribution import Attribution, LedgerEntry, Span
        from .loaded import HeadlineAssessment, LoadedSpan, Marker

        def span(d):
            return Span(**d) if d else None

        d = dict(data)
        d["sentences"] = [SentenceResult(**s) for s in d["sentences"]]
        d["sections"] = [SectionResult(**s) for s in d["sections"]]
        shares = (d.get("indices") or {}).get("label_shares", {})
        # a report saved before the body figures were added: they are those of its label_shares
        d["summary"] = {k: LabelSummary(**{"body_count": shares.get(k, {}).get("sentences", 0),
                                           "body_share": shares.get(k, {}).get("by_sentences", 0.0), **v})
                        for k, v in d["summary"].items()}
        d["loaded_spans"] = [LoadedSpan(**x) for x in d.get("loaded_spans", [])]
        d["markers"] = [Marker(**x) for x in d.get("markers", [])]
        ha = d.get("headline_assessment")
        d["headline_assessment"] = HeadlineAssessment(**ha) if ha else None
        d["attributions"] = [Attribution(**{**a, "cue": span(a["cue"]), "source": span(a["source"]),
                                            "content": [Span(**c) for c in a["content"]]})
                             for a in d.get("attributions", [])]
        d["ledger"] = [LedgerEntry(**e) for e in d.get("ledger", [])]
        return cls(**d)

    @classmethod
    def from_json(cls, text: str) -> "Report":
        return cls.from_dict(json.loads(text))


def summarise(sentences: list[SentenceResult]) -> dict[str, LabelSummary]:
    """Count and share of each label over the article's sentences (headline included, page furniture not), and over
    the body alone (as aggregate.compute_indices counts it)."""
    sentences = [s for s in sentences if s.kind != "furniture"]
    body = [s for s in sentences if s.kind == "body"]
    total, n_body = max(1, len(sentences)), max(1, len(body))
    out = {}
    for lab in LABELS:
        idx = [s.index for s in sentences if s.label == lab]
        in_body = sum(s.label == lab for s in body)
        out[lab] = LabelSummary(len(idx), round(len(idx) / total, 4), idx, in_body, round(in_body / n_body, 4))
    return out


def build_report(article: Article, probs, tool: dict, loaded_spans=None, markers=None,
                 headline_assessment=None, attributions=None, ledger=None) -> Report:
    """Join the segmented article with per-sentence probabilities (rows in sentence order) and the spans found."""
    sentences = []
    for s, p in zip(article.sentences, probs):
        pd = {lab: round(float(x), 4) for lab, x in zip(LABELS, p)}
        # page furniture is not labelled; an embedded post is someone else's words, whatever the model read in it
        label = None if s.kind == "furniture" else "attributed_claim" if s.embedded_source else max(pd, key=pd.get)
        sentences.append(SentenceResult(s.index, s.start, s.end, s.text, s.kind, s.paragraph, s.section,
                                        label, pd, s.embedded_source))
    sections = [
        SectionResult(sec.index, sec.heading.text if sec.heading else None,
                      sec.heading.start if sec.heading else None, sec.heading.end if sec.heading else None,
                      sec.opinion_heading, [s.index for s in sentences if s.section == sec.index and s.kind == "body"])
        for sec in article.sections
    ]
    from .aggregate import compute_indices, summarise_findings

    tool = dict(tool)
    tool["input_sha256"] = hashlib.sha256(article.text.encode("utf-8")).hexdigest()
    tool["schema_version"] = SCHEMA_VERSION
    report = Report(text=article.text, sentences=sentences, sections=sections,
                    bylines=[asdict(b) for b in article.bylines], metadata=article.metadata,
                    summary=summarise(sentences), tool=tool, loaded_spans=list(loaded_spans or []),
                    markers=list(markers or []), headline_assessment=headline_assessment,
                    attributions=list(attributions or []), ledger=list(ledger or []))
    report.indices = compute_indices(report)
    report.findings = summarise_findings(report, report.indices)
    return report
