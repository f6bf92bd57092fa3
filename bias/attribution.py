"""Who says so: attribution spans from the token head, source types, cue stance, and the article's source ledger.

The attribution head tags each token SOURCE, CUE, CONTENT or O. Spans of one type are runs of words with that tag.
They are assembled per sentence around each cue: the nearest source in the sentence (or, for a pronoun or a bare
"The official", the matching source of an earlier sentence), and the content spans of the sentence, continued into
the following sentences while a quotation stays open. Source types and cue stance come from short word lists;
sources are merged into ledger entries by their head noun or surname.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from .lexicons import CUE_STANCE_OF, cue_words, is_hearsay_cue, is_reporting_cue

_WORD = re.compile(r"[\w'’.-]+")
TAGS = ["O", "SOURCE", "CUE", "CONTENT"]

OUTLETS = [
    "new york times", "washington post", "wall street journal", "politico", "cnn", "fox news", "msnbc", "nbc",
    "nbc news", "abc news", "cbs news", "cbs", "abc", "npr", "reuters", "associated press", "ap", "afp", "bloomberg",
    "the guardian", "guardian", "bbc", "axios", "the hill", "usa today", "los angeles times", "la times",
    "breitbart", "huffpost", "huffington post", "the atlantic", "newsweek", "time magazine", "the economist",
    "financial times", "daily mail", "the telegraph", "the independent", "sky news", "al jazeera", "tass", "ria novosti",
    "sputnik", "rt", "interfax", "the new yorker", "vox", "the daily beast", "daily beast", "the federalist",
    "national review", "the intercept", "buzzfeed", "buzzfeed news", "vice", "propublica", "the enquirer",
    "new york post", "the post", "the times", "the journal", "yahoo news", "cnbc", "the washington times",
]
_OUTLET_RE = re.compile(r"\b(" + "|".join(sorted((re.escape(o) for o in OUTLETS), key=len, reverse=True)) + r")\b",
                        re.IGNORECASE)
_ROLE_NOUNS = (
    "official|officials|source|sources|aide|aides|adviser|advisers|advisor|advisors|person|people|diplomat|diplomats|"
    "spokesperson|spokesman|spokeswoman|spokespeople|insider|insiders|critic|critics|expert|experts|analyst|analysts|"
    "observer|observers|lawmaker|lawmakers|member|members|staffer|staffers|officer|officers|investigator|"
    "investigators|witness|witnesses|resident|residents|someone|others|some|many|several|one|"
    "officials familiar|those|supporters|opponents|activists|economists|scientists|researchers|minister|ministers|"
    "republicans|democrats|conservatives|liberals|leaders|authorities|police|prosecutors"
)
_ANON = re.compile(r"\b(" + _ROLE_NOUNS + r")\b", re.IGNORECASE)
# the phrases of anonymity, read in the whole source span before its clauses are cut off
_ANONYMITY = re.compile(r"familiar with|(condition of|requested|asked for|granted) anonymity|not to be (named|identified)"
                        r"|declined to be (named|identified)|not authorized", re.IGNORECASE)
# An institution named by what it is ("the city", "the transportation department", "the government") is on the
# record, like a named one: one body answers for it, unlike "an official" or "sources".
_INSTITUTION_NOUNS = (
    "city|town|county|state|government|administration|department|ministry|agency|council|commission|committee|"
    "board|office|bureau|court|parliament|congress|senate|legislature|embassy|company|firm|corporation|bank|fund|"
    "university|school|district|hospital|institute|foundation|association|union|party|campaign|league|team|club|"
    "military|army|navy|pentagon|white house|kremlin|police department|fire department"
)
# up to three modifiers before the noun, none of them a determiner of number, a preposition or a role noun
# ("the city council", not "an agency", "Republicans in Congress", "Officials within the administration")
_NOT_A_MODIFIER = (r"a|an|one|some|several|two|three|four|five|many|few|other|another|senior|unnamed|anonymous|\d+|"
                   r"in|of|for|at|from|with|within|inside|outside|on|to|across|around|near|by|among|behind|under|over|"
                   r"and|or|" + _ROLE_NOUNS)
_INSTITUTION = re.compile(r"^(the\s+)?((?!(?:" + _NOT_A_MODIFIER + r")\b)[\w.’'-]+\s+){0,3}?(" + _INSTITUTION_NOUNS
                          + r")$", re.IGNORECASE)
_PRONOUN = re.compile(r"^(he|she|they|it|his|her|their|we|i|you)$", re.IGNORECASE)
_DEFINITE_ROLE = re.compile(r"^the\s+(\w+\s+)?(" + _ROLE_NOUNS + r")$", re.IGNORECASE)


@dataclass
class Span:
    start: int  # article offsets
    end: int
    text: str


@dataclass
class Attribution:
    sentence: int
    cue: Span | None
    source: Span | None
    content: list[Span]
    source_type: str  # "named" | "anonymous" | "media_outlet" | "pronoun" | "unknown"
    cue_stance: str  # "neutral" | "distancing" | "endorsing" | "evaluative"
    venue: str | None = None  # outlet where an unnamed source spoke ("told the Washington Post")
    ledger_id: int | None = None
    reporting: bool = True  # the cue reports speech, writing or belief; only these make the source a cited source


@dataclass
class LedgerEntry:
    id: int
    name: str  # the fullest mention
    type: str
    mentions: list[dict] = field(default_factory=list)  # {"sentence", "start", "end", "text"}
    venues: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.mentions)


_ABBREVIATION = re.compile(r"(?:[A-Za-z]\.){2,}$")


def word_cores(text: str) -> list[tuple[int, int]]:
    """Whitespace-separated words without their surrounding punctuation ("official," → "official", "Politico." →
    "Politico"), keeping the full stops of abbreviations ("U.S.")."""
    cores = []
    for m in re.finditer(r"\S+", text):
        s, e = m.start(), m.end()
        while s < e and not text[s].isalnum():
            s += 1
        while e > s and not text[e - 1].isalnum() and not (text[e - 1] == "." and _ABBREVIATION.search(text[s:e])):
            e -= 1
        if s < e:
            cores.append((s, e))
    return cores


def decode_tagged(sentence_text: str, offsets, probs: np.ndarray) -> list[tuple[int, int, str]]:
    """(start, end, tag) runs of words, each word taking the tag with the highest mean probability over the tokens
    of its core (punctuation around a word does not vote). Neighbouring words with the same tag join across spaces
    and list punctuation ("Britain, France and Germany")."""
    tagged = []
    for ws, we in word_cores(sentence_text):
        rows = [probs[i] for i, (a, b) in enumerate(offsets) if a < we and b > ws]
        tagged.append((ws, we, TAGS[int(np.mean(rows, axis=0).argmax())] if rows else "O"))
    spans: list[list] = []
    for ws, we, tag in tagged:
        if tag == "O":
            continue
        if spans and spans[-1][2] == tag and re.fullmatch(r"[\s,;:\-–—'\"“”‘’]*", sentence_text[spans[-1][1]:ws]):
            spans[-1][1] = we
        else:
            spans.append([ws, we, tag])
    return [(s, e, t) for s, e, t in spans]


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in " ,;:\"“”'‘’(":
        s += 1
    while e > s and text[e - 1] in " ,;:\"“”'‘’)":
        e -= 1
    return s, e


def source_type(text: str) -> str:
    """``named``, ``anonymous``, ``media_outlet`` or ``pronoun``, decided on the source without its venue or
    relative clause (docs/attribution.md)."""
    t = text.strip().strip(",. ")
    if _PRONOUN.match(t):
        return "pronoun"
    if _ANONYMITY.search(t):
        return "anonymous"
    t = display_name(t)
    low = t.lower()
    if _OUTLET_RE.fullmatch(low) or _OUTLET_RE.fullmatch(re.sub(r"^the\s+", "", low)):
        return "media_outlet"
    if _INSTITUTION.match(t):
        return "named"
    if _ANON.search(t) and not re.search(r"\b[A-Z][a-z]+\s+[A-Z][a-z]+\b", t.split(",")[0].replace("U.S.", "")):
        return "anonymous"
    if re.search(r"[A-Z]", t):
        return "named"
    return "anonymous"


def cue_stance(text: str) -> str:
    low = text.lower().strip()
    if low in CUE_STANCE_OF:
        return CUE_STANCE_OF[low]
    for w in reversed(re.findall(r"[a-z]+(?:\s+(?:to|out|that))?", low)):
        if w in CUE_STANCE_OF:
            return CUE_STANCE_OF[w]
        head = w.split()[0]
        if head in CUE_STANCE_OF:
            return CUE_STANCE_OF[head]
    return "neutral"


def venue_of(sentence_text: str, cue_end: int) -> str | None:
    """The outlet an unnamed source spoke to: "told the Washington Post", "speaking to Politico"."""
    m = re.match(r"\s*(?:to\s+)?((?:the\s+)?[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,3})", sentence_text[cue_end:])
    if m and _OUTLET_RE.fullmatch(re.sub(r"^the\s+", "", m.group(1).lower())):
        return m.group(1)
    m = re.search(r"\b(?:told|speaking to|speaking with|in an interview with|to)\s+((?:the\s+)?[A-Z][\w.]*"
                  r"(?:\s+[A-Z][\w.]*){0,3})", sentence_text)
    if m and _OUTLET_RE.fullmatch(re.sub(r"^the\s+", "", m.group(1).lower())):
        return m.group(1)
    return None


def _head_key(text: str, stype: str) -> str:
    words = re.findall(r"[A-Za-z][\w'’.-]*", text)
    if not words:
        return text.lower()
    if stype == "named":
        caps = [w for w in words if w[0].isupper() and w.lower() not in {"the", "a", "an", "u.s.", "mr.", "ms.", "mrs.",
                                                                          "dr.", "president", "minister", "secretary",
                                                                          "senator", "sen.", "rep.", "foreign"}]
        if not caps:  # an institution named by what it is: "the transportation department" ≠ "the health department"
            return re.sub(r"^the\s+", "", display_name(text).lower())
        return re.sub(r"(?:['’]s|\.)$", "", caps[-1].lower())
    if stype == "media_outlet":
        return re.sub(r"^the\s+", "", text.lower().strip())
    m = re.search(r"\b(" + _ROLE_NOUNS + r")\b", text, re.IGNORECASE)
    noun = m.group(1).lower() if m else words[-1].lower()
    return noun[:-1] if noun.endswith("s") and noun not in {"others", "analysis"} else noun


def split_sources(span: Span) -> list[Span]:
    """"the New York Times and Politico" → two outlets; other coordinated sources stay one mention."""
    parts = [(m.start(), m.end()) for m in re.finditer(r"[^,]+?(?=\s*(?:,|\band\b|$))", span.text)]
    pieces = []
    for a, b in parts:
        piece = span.text[a:b].strip()
        piece = re.sub(r"^and\s+", "", piece)
        if piece:
            off = span.text.find(piece, a)
            pieces.append(Span(span.start + off, span.start + off + len(piece), piece))
    if len(pieces) > 1 and all(source_type(p.text) == "media_outlet" for p in pieces):
        return pieces
    return [span]


def build_ledger(attributions: list[Attribution]) -> list[LedgerEntry]:
    """The article's cited sources: the sources of reporting attributions (an act such as "Biden authorized …" does
    not cite Biden), with mentions of the same source merged: the same surname, outlet, or role noun ("a U.S.
    official" … "The official"); pronouns join the most recent source; coordinated outlets are separate sources."""
    entries: list[LedgerEntry] = []
    by_key: dict[tuple[str, str], LedgerEntry] = {}
    last: LedgerEntry | None = None
    for att in attributions:
        if att.source is None or not att.reporting:
            continue
        for part in split_sources(att.source):
            last = _add_mention(entries, by_key, last, att, part)
    return entries


_VENUE_CLAUSE = re.compile(r"\s*,?\s+(?:who\s+)?(?:speaking|spoke|talking|talked|writing|wrote)\s+(?:to|with|in|on)\s+.+$",
                           re.IGNORECASE)


_RELATIVE_CLAUSE = re.compile(r"\s*,\s+(?:who|whose|which)\b.*$")  # lower case: "…, WHO director-general" stays


def display_name(text: str) -> str:
    """The source without a venue or relative clause: "A U.S. official speaking to Politico" → "A U.S. official";
    "Councillor Dana Whitlow, who voted against it" → "Councillor Dana Whitlow"."""
    return _RELATIVE_CLAUSE.sub("", _VENUE_CLAUSE.sub("", text)).strip(" ,") or text


def _add_mention(entries, by_key, last, att: Attribution, source: Span) -> LedgerEntry:
    stype = source_type(source.text) if source is not att.source else att.source_type
    mention = {"sentence": att.sentence, "start": source.start, "end": source.end, "text": source.text}
    if stype == "pronoun" and last is not None:
        entry = last
    else:
        key = (stype if stype != "pronoun" else "unknown", _head_key(source.text, stype))
        entry, name = by_key.get(key), display_name(source.text)
        if entry is None:
            entry = LedgerEntry(len(entries), name, key[0])
            entries.append(entry)
            by_key[key] = entry
        elif len(name) > len(entry.name) and not _DEFINITE_ROLE.match(source.text):
            entry.name = name
    if not any((m["sentence"], m["start"], m["end"]) == (att.sentence, source.start, source.end)
               for m in entry.mentions):
        entry.mentions.append(mention)  # one source span can serve two cues; it is one mention
    if att.venue and att.venue not in entry.venues:
        entry.venues.append(att.venue)
    att.ledger_id = entry.id
    return entry


def extract_attributions(sentences, token_outputs) -> list[Attribution]:
    """Assemble attributions from the attribution head's tags, sentence by sentence (see the module docstring)."""
    out: list[Attribution] = []
    cue_at: list[tuple] = []  # per attribution: its sentence, and where its cue and source start in the sentence
    for s, tok in zip(sentences, token_outputs):
        if tok is None or "attribution" not in tok.probs:
            continue
        spans = decode_tagged(s.text, tok.offsets, tok.probs["attribution"])
        cues = [x for x in spans if x[2] == "CUE"]
        sources = [x for x in spans if x[2] == "SOURCE"]
        contents = [x for x in spans if x[2] == "CONTENT"]

        def mk(a, b):
            a, b = _trim(s.text, a, b)
            return Span(s.start + a, s.start + b, s.text[a:b]) if b > a else None

        if not cues:
            # content without a cue of its own: a quotation or report continuing from the previous sentence
            if contents and out and out[-1].sentence == s.index - 1:
                for c in (mk(a, b) for a, b, _ in contents):
                    prev = out[-1].content[-1] if out[-1].content else None
                    if c and prev and 0 <= c.start - prev.end <= 3:  # one span running on across the boundary
                        out[-1].content[-1] = Span(prev.start, c.end, prev.text + " " + c.text)
                    elif c:
                        out[-1].content.append(c)
            continue
        for ca, cb, _ in cues:
            near_src = min(sources, key=lambda x: min(abs(x[0] - cb), abs(ca - x[1])), default=None)
            own = [c for c in contents if len(cues) == 1 or
                   min(cues, key=lambda q: min(abs(q[0] - c[1]), abs(c[0] - q[1]))) == (ca, cb, "CUE")]
            cue = mk(ca, cb)
            # "X has reportedly angered Y": the report's source is unexpressed; X and Y are what it is about
            src = mk(near_src[0], near_src[1]) if near_src and not (cue and is_hearsay_cue(cue.text)) else None
            stype = source_type(src.text) if src else "unknown"
            if src and stype != "media_outlet" and len(split_sources(src)) > 1:  # "the Times and Politico"
                stype = "media_outlet"
            att = Attribution(
                sentence=s.index, cue=cue, source=src, content=[c for c in (mk(a, b) for a, b, _ in own) if c],
                source_type=stype, cue_stance=cue_stance(cue.text) if cue else "neutral",
                reporting=bool(cue) and is_reporting_cue(cue.text),
            )
            if stype in ("anonymous", "pronoun", "unknown"):
                att.venue = venue_of(s.text, cb)
            out.append(att)
            cue_at.append((s, ca, cb, min(ca, near_src[0]) if src else ca))
    for att, (s, ca, cb, first) in zip(out, cue_at):  # content may run on into later sentences: decided last
        if att.reporting and not att.content and not reports_something(s, ca, cb, att.cue.text, first):
            att.reporting = False
    return out


# After a cue with no content tagged: "that" or a colon (not a clock time) within a few words ("said last week that")
_REPORT_FOLLOWS_RE = re.compile(r"(?:\W+[\w’'.-]+){0,5}?\W*(?:\bthat\b|:(?!\d))")
_FRAMES_CONTENT_RE = re.compile(r"\baccording to\b|\bin the words of\b", re.I)
_SPEECH_CUE_WORDS = {"say", "says", "said", "saying", "tell", "tells", "told", "telling", "state", "states", "stated"}
# "The plan is dead, officials argued (on Tuesday).": a clause, then the source and cue close the sentence
_CLAUSE_BEFORE_RE = re.compile(r"\w+\W+\w+\W+\w+.*[,—–”\"]\s*$", re.S)
_NOTHING_AFTER_RE = re.compile(r"\W*(?:(?:on|in|at|during|after|before|last|earlier|later|yesterday|today|tonight|when|"
                               r"while|this (?:week|month|year|morning|afternoon|evening|weekend))\b.*)?$", re.S | re.I)


def reports_something(sentence, cue_start: int, cue_end: int, cue: str, first: int | None = None) -> bool:
    """Whether a reporting cue whose content the head did not tag still introduces a report: a verb of speech
    ("said", "told") or hearsay ("reportedly"), "according to …", a clause or quotation after the cue, a clause
    before it that the source and cue close ("…, officials argued."), or a quotation in its sentence (or one still
    open from an earlier sentence). "Biden publicly maintains this restriction" does not: the cue is a reporting verb
    used for an act, and nothing is reported. ``first`` is where the source or cue starts, whichever comes first."""
    text = sentence.text
    first = cue_start if first is None else first
    return bool(cue_words(cue) & _SPEECH_CUE_WORDS or is_hearsay_cue(cue) or _FRAMES_CONTENT_RE.search(cue)
                or _REPORT_FOLLOWS_RE.match(text, cue_end)
                or (_CLAUSE_BEFORE_RE.match(text[:first]) and _NOTHING_AFTER_RE.match(text, cue_end))
                or re.search(r"[“”\"]", text) or getattr(sentence, "starts_in_quote", False))


def _content_by_sentence(attributions: list[Attribution], sentences):
    """(sentence, attribution, content span) for every piece of content and every sentence it overlaps."""
    from .segment import SentenceIndex

    index = SentenceIndex(sentences)
    for att in attributions:
        for c in att.content:
            for s in index.overlapping(c.start, c.end):
                yield s, att, c


def content_ranges(attributions: list[Attribution], sentences,
                   names: dict[int, str] | None = None) -> dict[int, list[tuple[int, int, str | None]]]:
    """Sentence index → content ranges (sentence offsets) with the source's name (its ledger name when known),
    for the voice of loaded spans."""
    out: dict[int, list] = {}
    for s, att, c in _content_by_sentence(attributions, sentences):
        out.setdefault(s.index, []).append(
            (max(c.start, s.start) - s.start, min(c.end, s.end) - s.start,
             (names or {}).get(att.ledger_id) or (att.source.text if att.source else None)))
    return out


def content_coverage(sentences, attributions: list[Attribution]) -> np.ndarray:
    """Share of each sentence's characters that lie inside attributed content."""
    position = {id(s): i for i, s in enumerate(sentences)}
    inside = np.zeros(len(sentences))
    for s, _, c in _content_by_sentence(attributions, sentences):
        inside[position[id(s)]] += min(c.end, s.end) - max(c.start, s.start)
    lengths = np.array([max(1, s.end - s.start) for s in sentences], dtype=float)
    return np.minimum(1.0, inside / lengths) if len(sentences) else inside


def apply_attribution_evidence(probs: np.ndarray, coverage: np.ndarray, strength: float) -> np.ndarray:
    """Shift probability towards ``attributed_claim`` in proportion to how much of the sentence is attributed
    content: p′ ∝ p · exp(strength · coverage) on the claim label (strength is tuned on gold dev)."""
    if strength == 0 or len(probs) == 0:
        return probs
    from .labels import LABEL_TO_ID

    logits = np.log(np.clip(probs, 1e-9, 1.0))
    logits[:, LABEL_TO_ID["attributed_claim"]] += strength * coverage
    logits -= logits.max(axis=1, keepdims=True)
    e = np.exp(logits)
    return e / e.sum(axis=1, keepdims=True)
