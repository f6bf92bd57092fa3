"""Loaded phrasing: spans from the token head, whose voice they are in, hedges and intensifiers, and the headline.

A loaded span is a run of words whose tokens the loaded head tags above the model's threshold, or a phrase of
insinuated concealment found by rule (``lexicons.INSINUATION_RE``; its ``origin`` says which); its score is the
highest token probability in it, for rule spans too. Its **voice** is ``quoted`` when it lies inside quotation marks (a quotation may
have opened in an earlier sentence) or inside the content of an attribution, else ``writer``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from .lexicons import CLICKBAIT_PATTERNS, HEDGE_RE, INSINUATION_RE, INTENSIFIER_RE, TEASER_RE
from .windows import token_overlap

_WORD = re.compile(r"[\w'’-]+")
_JOIN_GAP = re.compile(r"[\s,-]*")  # what may separate two words (or spans) that join into one span


ORIGIN_NAMES = {"model": "model", "rule": "insinuation rule", "model+rule": "model and insinuation rule"}


@dataclass
class LoadedSpan:
    start: int  # character offsets into the article text
    end: int
    text: str
    score: float
    sentence: int
    voice: str  # "writer" | "quoted"
    source: str | None = None  # who is quoted, when known
    origin: str = "model"  # "model" | "rule" (insinuated concealment) | "model+rule"


@dataclass
class Marker:
    start: int
    end: int
    text: str
    kind: str  # "hedge" | "intensifier"
    sentence: int


@dataclass
class HeadlineAssessment:
    sentence: int
    score: float  # sensationalism in [0, 1]
    reasons: list[dict] = field(default_factory=list)  # {"kind", "text", "weight"}


def _word_scores(sentence_text: str, offsets: list[tuple[int, int]], probs: np.ndarray):
    """The words of a sentence with the highest probability among their tokens."""
    words = [(m.start(), m.end()) for m in _WORD.finditer(sentence_text)]
    if not words or not len(offsets):
        return words, [0.0] * len(words)
    overlap = token_overlap(words, offsets)
    best = np.where(overlap, np.asarray(probs, dtype=np.float64)[None, :], -np.inf).max(axis=1)
    return words, [float(x) if np.isfinite(x) else 0.0 for x in best]


def _join_words(sentence_text: str, words: list[tuple[int, int]], scores: list[float],
                threshold: float) -> list[tuple[int, int, float]]:
    """Words scoring ≥ threshold, consecutive ones (only ``_JOIN_GAP`` between them) merged into one span."""
    spans: list[list] = []
    prev_end = None
    for (ws, we), sc in zip(words, scores):
        if sc >= threshold:
            if spans and spans[-1][1] == prev_end and _JOIN_GAP.fullmatch(sentence_text, prev_end, ws):
                spans[-1][1] = we
                spans[-1][2] = max(spans[-1][2], sc)
            else:
                spans.append([ws, we, sc])
        prev_end = we
    return [(s, e, float(sc)) for s, e, sc in spans]


def decode_spans(sentence_text: str, offsets: list[tuple[int, int]], probs: np.ndarray,
                 threshold: float) -> list[tuple[int, int, float]]:
    """Sentence-relative (start, end, score) spans: whole words whose best token probability ≥ threshold,
    consecutive such words merged."""
    return _join_words(sentence_text, *_word_scores(sentence_text, offsets, probs), threshold)


def _touch(text: str, a: int, b: int, c: int, d: int) -> bool:
    """Spans [a, b) and [c, d) overlap or are separated only by ``_JOIN_GAP``."""
    if a < d and c < b:
        return True
    lo, hi = (b, c) if b <= c else (d, a)
    return _JOIN_GAP.fullmatch(text, lo, hi) is not None


def loaded_spans_in(sentence_text: str, offsets: list[tuple[int, int]], probs: np.ndarray,
                    threshold: float) -> list[tuple[int, int, float, str]]:
    """Sentence-relative (start, end, score, origin) spans: the model's (as ``decode_spans``) joined with the
    insinuation rule's; a rule phrase that overlaps or adjoins a model span widens it and both origins are kept."""
    words, scores = _word_scores(sentence_text, offsets, probs)
    spans = [[s, e, sc, "model"] for s, e, sc in _join_words(sentence_text, words, scores, threshold)]
    for m in INSINUATION_RE.finditer(sentence_text):
        rs, re_ = m.start(), m.end()
        sc = max([x for (ws, we), x in zip(words, scores) if ws < re_ and we > rs] or [0.0])
        hit = next((sp for sp in spans if _touch(sentence_text, sp[0], sp[1], rs, re_)), None)
        if hit is None:
            spans.append([rs, re_, sc, "rule"])
        else:
            hit[0], hit[1], hit[3] = min(hit[0], rs), max(hit[1], re_), "model+rule"
    return sorted((s, e, float(sc), o) for s, e, sc, o in spans)


def quoted_ranges(text: str, starts_in_quote: bool = False) -> list[tuple[int, int]]:
    """Character ranges of ``text`` inside double quotation marks (curly pairs; straight marks toggle)."""
    ranges, open_at = [], 0 if starts_in_quote else None
    for i, ch in enumerate(text):
        if ch == "“" or (ch == '"' and open_at is None):
            if open_at is None:
                open_at = i
        elif ch == "”" or (ch == '"' and open_at is not None):
            if open_at is not None:
                ranges.append((open_at, i + 1))
                open_at = None
    if open_at is not None:
        ranges.append((open_at, len(text)))
    return ranges


def _inside(s: int, e: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= s and e <= b for a, b in ranges)


def markers(sentence_text: str, sentence_start: int, sentence_index: int) -> list[Marker]:
    """Hedges and intensifiers in one sentence (own axis; they are not loaded phrasing)."""
    out = []
    for kind, rx in (("hedge", HEDGE_RE), ("intensifier", INTENSIFIER_RE)):
        for m in rx.finditer(sentence_text):
            out.append(Marker(sentence_start + m.start(), sentence_start + m.end(), m.group(0), kind, sentence_index))
    return sorted(out, key=lambda x: x.start)


def assess_headline(text: str, sentence_index: int, loaded: list[tuple[int, int, float]],
                    clickbait_prob: float | None) -> HeadlineAssessment:
    """Sensationalism of a headline, from independent signals combined as 1 − Π(1 − weight).

    Signals: loaded phrases (weight = their score × 0.6), exclamation marks (0.35), capitalised teaser words such
    as "Secret" or "EXPOSED" (0.3 each; inside a loaded phrase, the phrase weighs at least that instead), words in
    capitals (0.25), clickbait patterns (0.25) and the clickbait
    head's probability × 0.5 when the model has one.
    """
    reasons = []
    phrases = [(s, e, {"kind": "loaded phrase", "text": text[s:e], "weight": round(0.6 * sc, 3)}) for s, e, sc in loaded]
    reasons += [r for _, _, r in phrases]
    bangs = text.count("!")
    if bangs:
        reasons.append({"kind": "exclamation mark", "text": "!" * bangs, "weight": 0.35})
    for m in TEASER_RE.finditer(text):
        # a word counts once: a teaser word inside a loaded phrase ("Secret Approval") lends the phrase its weight
        phrase = next((r for s, e, r in phrases if s < m.end() and m.start() < e), None)
        if phrase is not None:
            phrase["weight"] = max(phrase["weight"], 0.3)
        else:
            reasons.append({"kind": "teaser word", "text": m.group(0), "weight": 0.3})
    caps = [w for w in re.findall(r"\b[A-Z]{3,}\b", text) if w not in {"USA", "NATO", "FBI", "CIA", "GOP", "EU"}]
    if caps:
        reasons.append({"kind": "words in capitals", "text": " ".join(caps), "weight": 0.25})
    for rx, name in CLICKBAIT_PATTERNS:
        m = rx.search(text)
        if m:
            reasons.append({"kind": name, "text": m.group(0).strip(), "weight": 0.25})
    if clickbait_prob is not None:
        reasons.append({"kind": "clickbait style (model)", "text": f"p={clickbait_prob:.2f}",
                        "weight": round(0.5 * clickbait_prob, 3)})
    keep = 1.0
    for r in reasons:
        keep *= 1 - r["weight"]
    return HeadlineAssessment(sentence_index, round(1 - keep, 4), reasons)


def voice_of(span_start: int, span_end: int, quotes: list[tuple[int, int]],
             content: list[tuple[int, int, str | None]]) -> tuple[str, str | None]:
    """``quoted`` (with the source when an attribution names it) or ``writer``; offsets are sentence-relative."""
    for a, b, source in content:
        if a <= span_start and span_end <= b:
            return "quoted", source
    if _inside(span_start, span_end, quotes):
        return "quoted", None
    return "writer", None


def sentence_loaded_spans(sentence_text: str, tokens, threshold: float) -> list[tuple[int, int, float, str]]:
    """``loaded_spans_in`` on a sentence's TokenOutput; none when the model has no loaded head."""
    if tokens is None or "loaded" not in tokens.probs:
        return []
    return loaded_spans_in(sentence_text, tokens.offsets, tokens.probs["loaded"][:, 1], threshold)


def find_loaded(sentences, token_outputs, threshold: float, attributions=None) -> list[LoadedSpan]:
    """Loaded spans of an article. ``sentences`` are segment.Sentence objects, ``token_outputs`` the classifier's
    TokenOutput per sentence; ``attributions`` (optional) maps a sentence index to content ranges
    ``(start, end, source)`` in sentence offsets."""
    out = []
    for s, tok in zip(sentences, token_outputs):
        spans = sentence_loaded_spans(s.text, tok, threshold)
        if not spans:
            continue
        quotes = quoted_ranges(s.text, getattr(s, "starts_in_quote", False))
        content = (attributions or {}).get(s.index, [])
        for a, b, sc, origin in spans:
            voice, source = voice_of(a, b, quotes, content)
            out.append(LoadedSpan(s.start + a, s.start + b, s.text[a:b], round(sc, 4), s.index, voice, source,
                                  origin))
    return out
