"""Segmentation: article text (or an HTML page) → headline, byline, sections, paragraphs and sentences.

Every unit carries character offsets into ``Article.text`` (for HTML: the extracted main text, which the JSON output
includes). Sentence boundaries come from pysbd, which handles news abbreviations (U.S., Sen., Jr., p.m.); what is
added here is the structure of a news page: the headline, bylines ("Written by …"), section headings without a full
stop ("Our Take", "Moscow's Response") and quotations that run over several sentences.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

import pysbd

# A heading that marks the section below it as the outlet's opinion (used by the report's opinion separation).
OPINION_HEADINGS = re.compile(
    r"^(our take|our view|analysis|news analysis|opinion|editorial|commentary|comment|editor'?s note|"
    r"the bottom line|why it matters|perspective|viewpoint|column)\b",
    re.IGNORECASE,
)
_BYLINE = re.compile(
    r"^(written by|by|story by|reporting by|reported by|words by|posted by|authored by)\s+\S.{0,120}$", re.IGNORECASE
)
_TERMINAL = ".!?:;,\"'”’)…"
_QUOTES_OPEN = "“‘«"
_QUOTES_CLOSE = "”’»"


@dataclass
class Span:
    start: int
    end: int
    text: str


@dataclass
class Sentence:
    index: int
    start: int
    end: int
    text: str
    kind: str  # "headline" or "body"
    paragraph: int  # -1 for the headline
    section: int
    starts_in_quote: bool = False  # a quotation opened in an earlier sentence is still open here


@dataclass
class Section:
    index: int
    heading: Span | None
    start: int
    end: int
    opinion_heading: bool = False


@dataclass
class Paragraph:
    index: int
    start: int
    end: int
    section: int


@dataclass
class Article:
    text: str
    headline: Span | None = None
    bylines: list[Span] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    metadata: dict = field(default_factory=dict)


_segmenter = None
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def replace_lone_surrogates(text: str) -> str:
    """Each lone surrogate (a str that came from broken UTF-16 or ``surrogateescape``; no UTF-8 encoder or tokenizer
    takes it) becomes U+FFFD, one code point for one, so offsets into the result index the caller's text too."""
    return _LONE_SURROGATE.sub("\ufffd", text)


def _pysbd() -> pysbd.Segmenter:
    global _segmenter
    if _segmenter is None:
        _segmenter = pysbd.Segmenter(language="en", clean=False)
    return _segmenter


def split_sentences(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """Sentence spans (start, end) of one paragraph, trimmed of surrounding white space."""
    spans = []
    cursor = 0
    for piece in _pysbd().segment(text):
        stripped = piece.strip()
        if not stripped:
            continue
        # pysbd returns the pieces in order; locating each one from a cursor gives exact offsets.
        at = text.find(stripped, cursor)
        if at < 0:
            at = cursor
        spans.append((offset + at, offset + at + len(stripped)))
        cursor = at + len(stripped)
    return _merge_dangling_quotes(text, offset, spans)


def _merge_dangling_quotes(text: str, offset: int, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Glue a piece that is only closing punctuation or a bare attribution tail back onto the sentence before it."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        piece = text[s - offset: e - offset]
        if out and (len(piece) <= 2 and all(c in _TERMINAL for c in piece)):
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def _is_heading(line: str) -> bool:
    words = line.split()
    if not 1 <= len(words) <= 12 or len(line) > 90:
        return False
    if line.startswith("#"):
        return True
    if line[-1] in _TERMINAL:
        return False
    if line[0] in "\"'“‘-–—•*(":
        return False
    # Headings are mostly capitalised words ("Strategic Military Moves", "Moscow's Response", "Our Take").
    capitalised = sum(1 for w in words if w[0].isupper() or not w[0].isalpha())
    return capitalised >= max(1, (len(words) + 1) // 2)


def _quote_state(text: str, inside: bool) -> bool:
    """Track whether a double quotation is open after ``text`` (curly marks pair, straight marks toggle)."""
    for ch in text:
        if ch == "“":
            inside = True
        elif ch == "”":
            inside = False
        elif ch == '"':
            inside = not inside
    return inside


def segment_text(text: str, metadata: dict | None = None, first_line_is_headline: bool | None = None) -> Article:
    """Segment plain article text.

    The first line is the headline when it is followed by more text and is not itself a long paragraph.

    >>> art = segment_text("Council Approves Budget\\n\\nBy Ann Lee\\n\\nThe council voted 7-2 on Tuesday. It meets again in May.")
    >>> art.headline.text, art.bylines[0].text, [s.text for s in art.sentences if s.kind == "body"]
    ('Council Approves Budget', 'By Ann Lee', ['The council voted 7-2 on Tuesday.', 'It meets again in May.'])
    """
    text = replace_lone_surrogates(text)
    article = Article(text=text, metadata=dict(metadata or {}))
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if m.group(0).strip()]
    lines = [(s + len(text[s:e]) - len(text[s:e].lstrip()), e - (len(text[s:e]) - len(text[s:e].rstrip())))
             for s, e in lines]
    if not lines:
        return article
    section = Section(0, None, lines[0][0], len(text))
    article.sections.append(section)
    sentences: list[Sentence] = []
    first = 0
    head_line = text[lines[0][0]:lines[0][1]]
    if first_line_is_headline is None:
        first_line_is_headline = len(lines) > 1 and len(head_line) <= 200 and len(split_sentences(head_line)) <= 2
    if first_line_is_headline:
        s, e = lines[0]
        article.headline = Span(s, e, text[s:e])
        sentences.append(Sentence(0, s, e, text[s:e], "headline", -1, 0))
        first = 1
    in_quote = False
    for s, e in lines[first:]:
        line = text[s:e]
        if _BYLINE.match(line) and len(line.split()) <= 14 and not article.paragraphs:
            article.bylines.append(Span(s, e, line))
            continue
        if _is_heading(line) and (s, e) != lines[-1]:
            section.end = s
            heading = Span(s, e, line)
            section = Section(len(article.sections), heading, s, len(text), bool(OPINION_HEADINGS.match(line.lstrip("# "))))
            article.sections.append(section)
            in_quote = False
            continue
        para = Paragraph(len(article.paragraphs), s, e, section.index)
        article.paragraphs.append(para)
        # A new paragraph that opens with a quotation mark re-opens (or continues) a quotation.
        if not line.startswith(("“", '"')):
            in_quote = False
        for ss, se in split_sentences(line, s):
            sent_text = text[ss:se]
            starts_in = in_quote and not sent_text.startswith(("“", '"'))
            sentences.append(Sentence(len(sentences), ss, se, sent_text, "body", para.index, section.index, starts_in))
            in_quote = _quote_state(sent_text, in_quote)
    article.sentences = sentences
    return article


def segment_html(html: str, url: str | None = None) -> Article:
    """Extract the main text and metadata of an HTML page (trafilatura) and segment it."""
    import json

    import trafilatura

    from .errors import BiasInputError

    html = replace_lone_surrogates(html)
    extracted = trafilatura.extract(html, output_format="json", with_metadata=True, include_comments=False,
                                    include_tables=False, url=url)
    if not extracted:
        raise BiasInputError("no article text could be extracted from the HTML page")
    doc = json.loads(extracted)
    body = (doc.get("text") or "").strip()  # "text" keeps paragraph breaks; "raw_text" does not
    title = (doc.get("title") or "").strip()
    if not body:
        raise BiasInputError("no article text could be extracted from the HTML page")
    text = f"{title}\n\n{body}" if title and not body.startswith(title) else body
    meta = {k: doc.get(k) for k in ("title", "author", "date", "url") if doc.get(k)}
    outlet = doc.get("sitename") or doc.get("source-hostname") or doc.get("hostname")
    if outlet:
        meta["outlet"] = outlet
    return segment_text(text, metadata=meta, first_line_is_headline=bool(title))


class SentenceIndex:
    """Finds the sentences that share a character with a span, by bisection over their start offsets, so that
    placing many spans in a long article stays linear. Works for any objects with ``start`` and ``end``."""

    def __init__(self, sentences):
        self.ordered = sorted(sentences, key=lambda s: s.start)
        self.starts = [s.start for s in self.ordered]

    def overlapping(self, start: int, end: int):
        i = max(0, bisect_right(self.starts, start) - 1)
        while i < len(self.ordered) and self.ordered[i].start < end:
            if self.ordered[i].end > start:
                yield self.ordered[i]
            i += 1
