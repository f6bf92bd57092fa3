"""Segmentation: article text (or an HTML page) → headline, byline, sections, paragraphs and sentences.

Every unit carries character offsets into ``Article.text`` (for HTML: the extracted main text, which the JSON output
includes). Sentence boundaries come from pysbd, which handles news abbreviations (U.S., Sen., Jr., p.m.); what is
added here is the structure of a news page: the headline, bylines ("Written by …"), section headings without a full
stop ("Our Take", "Moscow's Response") and quotations that run over several sentences.

Three things real pages carry besides the article are handled here (issue 19):

- **Page furniture** (``Sentence.kind == "furniture"``): bios, photo credits and ids, share / subscribe / read-more
  lines, "contributed to this report", embed signatures ("— Name (@handle) date"), datelines on their own line,
  punctuation left over from segmentation; and, from the lines around them, reader polls, lists of related stories,
  shop widgets, and names or towns alone on their lines (letter signatures, credits). Such lines are shown but not
  labelled or counted (docs/annotation.md §5, §8), and never taken as section headings. ``furniture_reason`` names
  the rule; ``tools/furniture_eval.py`` measures the rules against the gold set's ``skip`` lines.
- **Embedded posts** (``Sentence.embedded_source``, ``Article.embeds``): the text of an embedded tweet or post,
  found from its signature line and the lines before it, is someone else's words; the report labels it
  ``attributed_claim`` and puts the account in the source ledger.
- **Hard-wrapped text** (``Article.wrap_width``): plain text folded at a fixed width is reflowed before
  segmentation by reading each folding newline as a space, one character for one, so ``Article.text`` stays the
  caller's text and every offset indexes it (a sentence's text may therefore hold a folding newline).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

import pysbd

from .lexicons import WEEKDAYS

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
    kind: str  # "headline", "body" or "furniture" (page furniture: shown, not labelled, not counted)
    paragraph: int  # -1 for the headline
    section: int
    starts_in_quote: bool = False  # a quotation opened in an earlier sentence is still open here
    embedded_source: str | None = None  # the account of the embedded post this sentence belongs to
    furniture_reason: str | None = None  # which furniture rule made it kind "furniture"


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
    embeds: list["Embed"] = field(default_factory=list)  # embedded social-media posts
    wrap_width: int | None = None  # the folding width when the text was hard-wrapped and reflowed


@dataclass
class Embed:
    """An embedded post: its sentences (indices), the signature sentence and the account (source) named in it."""

    source: str  # "Name (@handle)"
    handle: str
    account: Span  # the account's name in the signature line (its "@handle" when the signature gives no name)
    sentences: list[int]
    signature: int | None  # index of the signature sentence (kind "furniture")


_segmenter = None
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def replace_lone_surrogates(text: str) -> str:
    """Each lone surrogate (a str that came from broken UTF-16 or ``surrogateescape``; no UTF-8 encoder or tokenizer
    takes it) becomes U+FFFD, one code point for one, so offsets into the result index the caller's text too."""
    return _LONE_SURROGATE.sub("\ufffd", text)


def _pysbd() -> pysbd.Segmenter:
    global _segmenter
    if _segmenter is None:
        # pysbd builds its patterns per call from its abbreviation list (about 1,000 of them through ``re``'s
        # module-level cache, 512 entries by default): with the default the cache thrashes and segmentation spends
        # more than half its time recompiling regexes (measured: bench/profile_pipeline.py).
        re._MAXCACHE = max(getattr(re, "_MAXCACHE", 512), 4096)
        _segmenter = pysbd.Segmenter(language="en", clean=False)
    return _segmenter


def _pysbd_pieces(text: str) -> list[str]:
    r"""What ``pysbd.Segmenter.segment`` returns (non-destructive: each sentence with its trailing white space),
    located with ``str.find`` instead of pysbd's one regex per sentence (``re.escape(sentence) + r"\s*"``), which
    compiles a new pattern for every sentence of every article. Same rule: the first occurrence, scanning
    non-overlapping matches from the start, that ends after the previous sentence."""
    if not text:
        return []
    seg = _pysbd()
    pieces, prior_end = [], 0
    for sent in seg.processor(text).process():
        pos = 0
        while sent:
            at = text.find(sent, pos)
            if at < 0:
                break
            end = at + len(sent)
            while end < len(text) and text[end].isspace():  # the regex's \s*
                end += 1
            if end > prior_end:
                pieces.append(text[at:end])
                prior_end = end
                break
            pos = end
    return pieces


def split_sentences(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """Sentence spans (start, end) of one paragraph, trimmed of surrounding white space."""
    spans = []
    cursor = 0
    for piece in _pysbd_pieces(text):
        stripped = piece.strip()
        if not stripped:
            continue
        # pysbd returns the pieces in order; locating each one from a cursor gives exact offsets that never overlap
        # (pysbd's own rule may place a piece such as ". ." inside the one before it)
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


_QUOTED_CAPS = re.compile(r"[‘“\"'][A-Z][A-Z0-9 ,'’&-]{2,60}[’”\"']")


def _is_heading(line: str) -> bool:
    words = line.split()
    if not 1 <= len(words) <= 12 or len(line) > 90:
        return False
    if line.startswith("#"):
        return True
    if _QUOTED_CAPS.fullmatch(line):
        return True  # a section heading in quotation marks, as news agencies print them: ‘HARBOR DEAL’
    if line.endswith("?") and len(words) >= 2 and line.upper() == line and sum(c.isalpha() for c in line) >= 8:
        return True  # an explainer's question heading: "WHAT IS HAPPENING?"
    if line[-1] in _TERMINAL:
        return False
    if line[0] in "\"'“‘-–—•*(":
        return False
    if OPINION_HEADINGS.match(line.lstrip("# ")):
        return True
    # Headings are mostly capitalised words ("Strategic Military Moves", "Moscow's Response", "Our Take"), the first
    # word aside: a sentence starts with a capital too ("Stop lying", "In early March, the Committee requested …").
    if not (words[0][0].isupper() or not words[0][0].isalpha()):
        return False
    rest = words[1:]
    capitalised = sum(1 for w in rest if w[0].isupper() or not w[0].isalpha())
    return capitalised >= (len(rest) + 1) // 2


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


# --- hard-wrapped text --------------------------------------------------------------------------------------------

_LIST_ITEM = re.compile(r"^\s*(?:[-*•·]\s|\(?\d{1,3}[.)]\s|\(?[a-z][.)]\s)")
_MIN_WRAP_WIDTH, _MAX_WRAP_WIDTH = 45, 100


def _heading_like(line: str) -> bool:
    return bool(line) and line[-1] not in _TERMINAL and len(line.split()) <= 12 and _is_heading(line)


def wrap_width(text: str) -> int | None:
    """The width a plain text was folded at (``textwrap``, e-mail archives), or None when it is not hard-wrapped.

    A text is hard-wrapped when at least 4 lines run on into a next line, no line runs on past a width of 45–100
    columns, and at least half of the lines that run on into a next line are *full* at that width: the next line's
    first word would not have fitted after them (the folding rule of every line-filling tool). Ordinary text, whose
    paragraphs are single long lines, a poem's short lines, a list or a page of headings and bylines never passes."""
    lines = [ln.rstrip() for ln in text.split("\n")]
    runs = [(a, b) for a, b in zip(lines, lines[1:]) if a.strip() and b.strip() and not _LIST_ITEM.match(b)]
    if len(runs) < 4:
        return None
    long_lines = [len(a) for a, _ in runs if len(a.split()) > 1]
    if not long_lines:
        return None
    width = max(long_lines)
    if not _MIN_WRAP_WIDTH <= width <= _MAX_WRAP_WIDTH:
        return None
    full = sum(len(a) + 1 + len(b.split()[0]) > width for a, b in runs)
    return width if full >= 0.5 * len(runs) and full >= 4 else None


def reflow(text: str) -> tuple[str, int | None]:
    """``text`` with each folding newline of hard-wrapped text replaced by a space (same length, so every offset is
    unchanged), and the folding width (None, and ``text`` unchanged, when the text is not hard-wrapped).

    A newline folds when both lines around it have text, the line before it is full (the next word would not have
    fitted), the next line is not a list item, and it does not end a sentence just before a heading-like line."""
    width = wrap_width(text)
    out = list(text)
    pos = 0
    lines = text.split("\n")
    for i, line in enumerate(lines[:-1]):
        pos += len(line)  # pos: the newline after line i
        nxt = lines[i + 1]
        a, b = line.rstrip(), nxt.strip()
        if a.strip() and b and _broken_line(a, b):
            out[pos] = " "
        elif a.strip() and not b and i + 2 < len(lines) and _broken_line(a, lines[i + 2].strip()):
            # a paragraph break inside a sentence ("… at the same time – i.e." | "" | "against Russia, …")
            out[pos] = out[pos + 1 + len(nxt)] = " "
        elif width and a.strip() and b and not _LIST_ITEM.match(nxt) and len(a) + 1 + len(b.split()[0]) > width:
            following = lines[i + 2].strip() if i + 2 < len(lines) else ""
            ends_sentence = a[-1] in ".!?:\"”’"
            next_is_heading = _heading_like(b) and len(b) + 1 + len((following.split() or [""])[0]) <= width
            if not (ends_sentence and next_is_heading):
                out[pos] = " "
        pos += 1
    return "".join(out), width


_TITLE_END = re.compile(r"(?<![\w.])(?:Mr|Mrs|Ms|Dr|Gov|Sen|Rep|Gen|Lt|Col|Sgt|Capt|Cmdr|Adm|Prof|Rev|Hon|Supt|Det|"
                        r"Insp|Pres|Atty|Amb|Maj|Brig|Fr)\.$")
_ABBREV_END = re.compile(r"(?:\b[A-Za-z]\.){2,}$")
# "the No. 1 pusher", "its No. 2": after a determiner, "No." is "number" (an answer "No." stands alone)
_NUMBER_ABBREV = re.compile(r"\b(?:the|a|its|his|her|their|our|your|[A-Z][\w’']*['’]s)\s+No\.$", re.IGNORECASE)
# "said Del. Stacey Plaskett": a delegate's title after a verb of saying or a preposition that introduces a person
# (after a town or "rural", "Del." is the state and may end the sentence)
_DELEGATE = re.compile(r"\b(?:said|says|by|with|and|from|to|for|asked|told|including|Democratic|Republican),? Del\.$")
_TIME_ZONE = (r"(?:" + WEEKDAYS + r"|Eastern|Central|Pacific|Mountain|"
              r"ET|EST|EDT|CT|CST|CDT|MT|PT|PST|PDT|GMT|UTC|BST)\b")


def _broken_line(line: str, nxt: str) -> bool:
    """A line break inside a sentence, as extraction leaves them: after a title ("former Gov." | "Howard Dean …",
    "“Mr." | "Trump’s …"), after an abbreviation before a lower-case word ("… in the E.U." | "permanently.", "i.e." |
    "against …") or between "No." and its number ("the No." | "1 pusher of …")."""
    if _TITLE_END.search(line) and nxt[:1].isupper():
        return True
    if _NUMBER_ABBREV.search(line) and nxt[:1].isdigit():
        return True
    return bool(_ABBREV_END.search(line)) and nxt.lstrip("“‘\"'(")[:1].islower()


# --- page furniture -------------------------------------------------------------------------------------------------

_URL = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/|\b(?:bit\.ly|politi\.co|t\.co|goo\.gl|ow\.ly|youtu\.be)/)\S+",
                  re.IGNORECASE)
_HASHTAG = re.compile(r"[#@]\w+")
_MARKUP = re.compile(r"<[^<>\n]{0,200}>")  # tags left by extraction: <tweet tweet-id="…"><tweet/>
# "— Sadiq Khan (@SadiqKhan) 31 December 2018", "— (((Rep. Nadler))) (@RepJerryNadler) March 22, 2019"
_SIGNATURE = re.compile(r"(?:^|(?<=\s)|(?<=\S)(?=[—–]))[—–-]{1,2}\s*"
                        r"(?P<name>[^—–\n]{0,80}?)\s*\(@(?P<handle>\w{1,30})\)"
                        r"\s*(?P<date>[^\n]{0,40}?\d{4}[^\n]{0,6})?\s*$")
_POST_SHARED = re.compile(r"^A (?:post|photo|video) shared by (?P<name>.{0,80}?)\s*\(@(?P<handle>[\w.]{1,30})\)",
                          re.IGNORECASE)
_AGENCIES = (r"getty images?|ap photo|afp|reuters|epa(?:-efe)?|shutterstock|alamy|istock\w*|bloomberg|sipa|xinhua|"
             r"anadolu")
_LINE_RULES = [
    ("share or subscribe", re.compile(
        r"^(?:share (?:this|on|the)\b|share$|tweet this|email this|print this|subscribe\b|sign up\b|click to\b|"
        r"read more\b|read the (?:rest|full|whole|entire|complete|original)\b|continue reading|"
        r"(?:next|prev(?:ious)?)?\s*(?:image|photo|slide) \d+ of \d+$|buy (?:new|used)\b.{0,40}\$\s?\d|"
        r"[\[\"“]*related\s*(?:stories|articles|coverage|posts?)?\s*:|"
        r"more\s*:|also on\b|also read\b|see also\b|recommended\b|advertisement$|sponsored$|"
        r"download (?:the|our)\b.*\bapp\b|get (?:the|our) .*\b(?:app|newsletter)\b|get breaking news\b|"
        r"follow (?:him|her|them|us|me)\b|follow @|(?:on twitter,? )?follow\b.{0,60}\b(?:on )?(?:twitter|facebook|"
        r"instagram)\b|(?:twitter|facebook|instagram)\s*:\s*@|find out more\b|let our news meet your inbox|"
        r"the news and stories that matters?\b|this site is protected by recaptcha|sign in\b|log in\b|"
        r"already a subscriber|want more\b.*\?$|copyright\b|all rights reserved|©)|"
        r"\bclick(?:ing)? here\b|\bby subscribing\b|\bunsubscribe\b|\bopt out at any ?time\b|"
        r"\bprivacy policy\b|\bterms of (?:use|service)\b|\bsign(?:ing)? up\b.{0,60}\b(?:newsletter|e-?mail|alerts|"
        r"updates|inbox)\b|\bnewsletter\b.{0,30}\bsign up\b|\btake our poll\b|\bstory continues below\b|"
        r"\bfor validation purposes\b|\bcompleting this poll\b|\bbest price\b.*\bbuy new\b|^paid notice\b|"
        r"\bget a head start on\b|^think your friends would be interested\b|"
        r"^(?:get|sign up|subscribe)\b.{0,100}\b(?:delivered|sent) (?:daily |weekly |every day |right |straight |"
        r"directly )?to your inbox\b|\bnewsletter\b.{0,60}\bto your inbox\b|"
        r"^like (?:us on facebook|(?:the|our) (?:facebook )?page)\s*[:.!]?$|"
        r"^(?:subscribe )?to (?:the |our )?(?!the\b|our\b)[\w’'-]+(?: [\w’'-]+)? newsletter(?: to| for|\W*$)|\bon siriusxm patriot\b|"
        r"\bnewsletter\b.{0,10}\bget (?:breaking|the latest)\b|\bcommenting policy\b|"
        r"\breserve the right to remove any comment|^the best of (?-i:[A-Z])|^(?-i:Related Stories)(?=[A-Z])|"
        r"^(?-i:Sponsored Content)\b|^(?-i:Close video) (?-i:[A-Z])|"
        r"^(?:tweet|share|post|e-?mail|forward|print)(?:,?\s+(?:or\s+)?(?:tweet|share|post|e-?mail|forward|print|"
        r"subscribe|bookmark)\b){2,}",
        re.IGNORECASE)),
    ("contributed reporting", re.compile(
        r"\bcontribut(?:ed|ing|es)\s+(?:to\s+)?(?:this\s+|the\s+)?(?:report|reporting|story|article)\b|"
        r"^[(\[]?\s*(?:additional\s+)?reporting by\b|^[(\[]?\s*(?:writing|editing|edited|compiled) by\b|"
        r"^-*\s*additional reporting\b|"
        r"^contributing\s*:|\bcontributed from [A-Z]|"
        r"^[A-Z][\w'’-]+(?: and [A-Z][\w'’-]+)? reported from [A-Z][^.]{0,40}\.$",
        re.IGNORECASE)),
    ("contact line", re.compile(
        r"(?:can be (?:reached|contacted|followed)|^(?:reach|contact|email|e-mail|write to|send)\b.*"
        r"(?:@|\bat\b)).*(?:[\w.+-]+@[\w-]+\.\w|twitter|@\w)|^email (?:any )?tips\b", re.IGNORECASE)),
    ("call to action", re.compile(
        r"^(?:check out|watch|see|view|listen to|read)\b.{0,120}\b(?:below|above|here)\s*[.:!]?$|"
        r"^in lieu of flowers\b", re.IGNORECASE)),  # a death notice's request for donations
    ("photo credit", re.compile(
        r"^(?:photo credit|credit|photo|photograph|image|picture)s?\s*(?::|by\b|courtesy\b)\s*[^.!?]{0,60}$|"
        r"^photo gallery by\b[^.!?]{0,60}$|"
        r"^[^.!?]{0,60}/\s*(?:" + _AGENCIES + r")(?:\s+(?:file|via \w+))?\s*\)?\.?$|"
        r"^\(?(?:AP|AFP|REUTERS|EPA|GETTY(?: IMAGES)?)\s*/(?:[\s/]*(?:(?-i:[A-Z])[\w.'’-]*|file|photo|pool|via))+\)?\.?$",
        re.IGNORECASE)),  # "REUTERS/Ann B. Lee/File Photo", not "Reuters/Ipsos polling in May showed …"
    # a photographer and an outlet, no full stop: "Ann Lee / NBC News", "Jo Doe/The Daily Example"
    ("photo credit", re.compile(r"^[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3}\s*/\s*(?:The\s+)?[A-Z][\w&.'’-]*"
                                r"(?:\s+[A-Z][\w&.'’-]*){0,3}$")),
    # a byline away from the top of the page: "By Ann Lee." alone on its line
    ("byline", re.compile(r"^By\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3}\.?$")),
    # a date alone on its line: "March 22, 2019:", "Updated: Tuesday, June 4, 2019"
    ("dateline", re.compile(r"^(?:(?:updated|published|posted)\s*:?\s*)?(?:" + WEEKDAYS
                            + r",?\s+)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},?"
                            r"\s+\d{4}\s*[:.]?$", re.IGNORECASE)),
    # a wire's editors' initials: "burs-ab/cd"
    ("credit", re.compile(r"^(?!(?:and/or|his/her|he/she|him/her)$)[a-z]{2,5}(?:-[a-z]{2,5})*/[a-z]{2,5}(?:/[a-z]{2,5})*$")),
    ("image id", re.compile(r"^\[?(?=[A-Z_-]*\d)[A-Z0-9][A-Z0-9_-]{6,}\]?$|^\S+\.(?i:jpe?g|png|gif|webp)$")),
    ("label line", re.compile(r"^[-–—]?\s*(?:abstract|obituary|letters|"
                              r"advertisement|summary|updated?|breaking|exclusive|watch|video|photos?|"
                              r"more|related|listen|gallery|editor'?s picks?|trending|top stories|"
                              r"slideshow(?:\s*\(\d+ (?:images|photos)\))?|\((?:cnn|ap|reuters|afp)\)|"
                              r"dpa|ap|afp|reuters|upi)\s*[.:]?$", re.IGNORECASE)),
    ("inline heading", re.compile(r"^[–—-]\s.{1,60}\s[–—-]\.?$")),
    ("call for tips", re.compile(r"^[A-Z]{2,}(?:\s+[A-Z]{2,})*\s+READERS\s*:|\bwants to (?:know|hear) (?:about|from)\b"
                                 r"|\b(?:send|email|e-mail) (?:us )?(?:your |any )?(?:tips|stories|story ideas)\b")),
    ("disclaimer", re.compile(r"\bviews?(?: and opinions)? expressed\b.{0,120}\breflect|"
                              r"^(?:this )?(?:article )?(?:re)?(?:posted|published|printed) with permission\b|"
                              r"^reprinted (?:with permission )?from\b|\boriginally (?:published|appeared)\b.{0,40}"
                              r"\b(?:by|in|on|at)\b|^distributed by\b|^this (?:post|story|article|report) (?:was|has "
                              r"been) updated\b|\bappeared in print\b|\bis available (?:from|at|on)\b.{0,40}\bamazon\b",
                              re.IGNORECASE)),
    ("editor's note", re.compile(
        # "[Editors' note: …]"; notes on a quotation: "[emphasis added]", "(Italics added.)", "[paragraph breaks added]"
        r"^[\[(]\s*editors?['’]?s?['’]?\s+note\b|"
        r"^[”\"’']?\s*[\[(]\s*(?:emphasis|italics|bold(?:ing)?|underlin\w*|paragraph breaks?|links?|formatting)\b"
        r"[^\])]{0,30}\b(?:added|mine|ours|in (?:the )?original)\b\W{0,3}$", re.IGNORECASE)),
    ("contact line", re.compile(  # a line that is only an address: "jmagder@postmedia.com", "Email: x@y.com | Twitter: z"
        r"^[•*·-]?\s*(?:(?:e-?mail|twitter|facebook|instagram|phone|tel)\s*:\s*\S+\s*\|?\s*)+$|"
        r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$|^(?:www\.)?(?:facebook|twitter|instagram|linkedin)\.com/\S+$",
        re.IGNORECASE)),
    ("photo credit", re.compile(r"^\((?:[A-Z][\w.]*\s+)?(?:photo|image|picture|video)s?\s*:\s*[^()]{1,60}\)\.?$",
                                re.IGNORECASE)),  # "(Reuters photo: Giorgio Perottino)"
    # the tail of a signature whose name part stands on the line before: furniture, but no post to attribute
    ("signature tail", re.compile(r"^\(@\w{1,30}\)\s+[A-Z][a-z]{2,8}\.? \d{1,2},? \d{4}$")),
    ("print edition", re.compile(r"^[A-Z] Section on \d{1,2}/\d{1,2}/\d{4}$|^A version of this (?:article|story) "
                                 r"appears in print\b", re.IGNORECASE)),
    ("source citation", re.compile(  # the line that introduces a quoted article: "“Title,” by Name, Outlet, June 8, 2018:"
        r"^[“\"][^”\"]{5,200}[,.]?[”\"],? by [A-Z][^,]{2,60}, [^,]{2,80}, [A-Z][a-z]+\.? \d{1,2},? \d{4}"
        r"(?:\s*\([^()]{1,60}\))?\s*:?$")),  # "… June 8, 2018 (h/t Ann):"
    # each link read one way (atomic token, possessive spaces): a line of n links followed by a word was tried 2ⁿ ways
    ("link line", re.compile(r"^[^.!?]{0,80}:\s*(?:(?>\S*(?:https?://|www\.|bit\.ly/|politi\.co/)\S+)\s*+"
                             r"(?:and\b|,|\|)?\s*+)+\.?$|^source\s*:\s*\S*(?:https?://|www\.|bit\.ly/)", re.IGNORECASE)),
    ("sign-off", re.compile(r"^[—–]\s*[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}$")),
    # the labelled fields of a news-archive export (LexisNexis): "BYLINE: Ann Lee.", "LENGTH: 523 words"
    ("archive field", re.compile(r"^(?:BYLINE:\s*(?:By\s+)?[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|and|of|de|van))*\.?|"
                                 r"LENGTH:\s*\d[\d,]*\s+words|LANGUAGE:\s*[A-Z]+;?|"
                                 r"LOAD-DATE:\s*[A-Z][a-z]+\.? \d{1,2},? \d{4}|"
                                 r"(?:SECTION|PUBLICATION-TYPE|DOCUMENT-TYPE|JOURNAL-CODE):\s*[^.!?]{1,60})$")),
    # a social video embed's footer: "Link to entire video: https://… Posted by Page Name on Tuesday, May 1, 2018"
    ("embed residue", re.compile(r"^(?:[^.!?]{0,60}:\s*\S+\s+)?Posted by [^.!?]{1,60} on (?:" + WEEKDAYS
                                 + r"),? [A-Z][a-z]{2,8}\.? \d{1,2},? \d{4}\.?$")),
    # a line of a ranking table: "3. Ted Cruz (4.)", "1. Donald Trump (Last week: 2.)" (cut by pysbd at the colon)
    ("ranking line", re.compile(r"^\d{1,2}\.\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}\s*\((?:(?i:last|previous) "
                                r"(?i:week|month|time)\s*:?\s*(?:\d{1,2}\.?\)?)?|\d{1,2}\.?\))\.?$")),
]
_BIO = re.compile(r"^[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4},?\s+(?:is|was|has been)\s+(?:a\s+|an\s+|the\s+)?"
                  r"[^.]{0,100}?\b"
                  r"(?i:columnist|correspondent|reporter|editor|writer|contributor|journalist|author|fellow|"
                  r"host|producer|blogger|commentator|professor|student|director)\b", re.UNICODE)
_DATELINE = re.compile(r"^[A-Z][A-Z .'’-]{2,40}(?:,\s*[A-Z][\w.]*\.?){0,2}\s*+(?:\((?:AP|Reuters|AFP|CNN|UPI)\)\s*+)?"
                       r"[-—–:]?$")  # possessive spaces: one way to read a run of them
_CATEGORY = re.compile(r"^[A-Z][A-Z0-9&'’ -]{1,40}[.:]$")  # "BANKING.", "FULL TEXT.", "WEEK 13."
_VERBS = {"IS", "ARE", "WAS", "WERE", "HAS", "HAVE", "HAD", "WILL", "CAN", "DID", "DOES", "DO", "BE", "BEEN"}
_SMALL_WORDS = {"a", "an", "the", "of", "to", "in", "on", "for", "and", "or", "as", "at", "by", "from", "with", "over",
                "into", "vs", "v", "is", "are", "after", "but"}


# a shop widget's price, where the widget ends: "Best Price: $2.00 Buy New $9.99 (as of 03:35 EDT - Details)"
_AD_PRICE = (r"(?:\bBest Price: \$[\d.,]+(?: Buy New \$[\d.,]+)? \(as of [^()]{0,30}Details\)|"
             r"\bCheck Amazon for Pricing\.)")


# Rules read on the whole line: every sentence of a line that matches is furniture ("More: Who is running? An
# interactive guide" is one related link; "© Provided by X Inc. Ann Lee" one credit; "– Why now? –." one heading).
_WHOLE_LINE_RULES = [
    ("share or subscribe", re.compile(  # a related-story link: the prefix names the whole line
        r"^[\[\"“]*(?:related\s*(?:stories|articles|coverage|posts?)?|more|read more|see also|also read|"
        r"also on\b[^:]{0,40})\s*:", re.IGNORECASE)),
    ("photo credit", re.compile(r"^©")),
    ("share or subscribe", re.compile(  # a page's Facebook widget: "Do you support Ann Lee? Like the page:"
        r"^(?:Do|Are|Would|Will|Should|Did) you\b[^?\n]{0,100}\?\s+Like (?:the|our) (?:Facebook )?page\s*:?$")),
    ("inline heading", re.compile(r"^[–—-]\s.{1,60}\s[–—-]\.?$")),
    ("share or subscribe", re.compile(  # a shop widget: "Title… Author Best Price: $2.00 Buy New $9.99 (as of …)"
        r"^[^.!?]{0,80}(?:\.\.\.|…)?[^.!?]{0,60}" + _AD_PRICE + "$")),
]
_AD_END = re.compile(_AD_PRICE)
# a line that is one lower-case word or one letter: "of.", "X." (pieces left by a slideshow or an embed)
_FRAGMENT_LINE = re.compile(r"[a-z][\w'’-]*\.?|[B-HJ-Zb-z]\.?")


# a town and a U.S. state alone on a line: "Harbortown, Ore.", "Springfield, Ill.", "Example City, Ohio"
_PLACE_LINE = re.compile(r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}(?P<comma>,?)\s+(?:(?:Ala|Ariz|Ark|Calif|Colo|Conn|Del|Fla|Ga|Ill|"
                         r"Ind|Kan|Ky|La|Md|Mass|Mich|Minn|Miss|Mo|Mont|Neb|Nev|N\.H|N\.J|N\.M|N\.Y|N\.C|N\.D|Okla|"
                         r"Ore|Pa|R\.I|S\.C|S\.D|Tenn|Vt|Va|Wash|W\.Va|Wis|Wyo|D\.C)\.|(?:Alaska|Hawaii|Idaho|Iowa|"
                         r"Maine|Ohio|Texas|Utah)\.?)")
# a line that is only a name ("Ann Example.", "Jo T. Doe."): a signature, a credit or a list heading
_NAME_LINE = re.compile(r"[A-Z][a-z][\w'’-]*(?:\s+(?:[A-Z]\.|[A-Z][\w'’-]+)){1,3}\.?")


def _content_words(text: str) -> list[str]:
    """The words of ``text`` without links, hashtags, handles and an embed signature."""
    text = _SIGNATURE.sub("", _MARKUP.sub(" ", text))
    text = _HASHTAG.sub(" ", _URL.sub(" ", text))
    return re.findall(r"[^\W\d_][\w'’-]*", text)


def _headline_case(text: str) -> bool:
    words = [w for w in _content_words(text) if w.lower() not in _SMALL_WORDS]
    return len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def _all_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(text.split()) >= 6 and len(letters) >= 15 and sum(c.isupper() for c in letters) >= 0.9 * len(letters)


def furniture_reason(sentence: str, line: str, tail: bool = False) -> str | None:
    """Why a sentence is page furniture rather than a sentence of the article (None when it is a sentence).

    ``line`` is the whole line (paragraph) the sentence stands in; ``tail`` says the line is among the last lines of
    the article, where author bios stand. Rules follow docs/annotation.md §5 and §8."""
    text = sentence.strip()
    whole = line.strip()
    if not re.search(r"\w", text):
        return "punctuation"
    if _SIGNATURE.fullmatch(text) or _SIGNATURE.match(text) and not _content_words(text):
        return "post signature"
    if _POST_SHARED.match(text):
        return "post signature"
    if (_URL.search(text) or _HASHTAG.search(text) or _MARKUP.search(text)) and not _content_words(text):
        return "embed residue"
    if (re.search(r"</\w+>", text) and not text.startswith("<") and len(_content_words(text)) <= 3
            and not re.search(r"\w[.!?]", _URL.sub(" ", _MARKUP.sub(" ", text)))):
        return "embed residue"  # the tail of an embed before its closing tag: "$WFC(via @x) PfASk</tweet>."
    if not re.search(r"[^\W\d_]", text) and len(text) <= 8:
        return "fragment"  # "1.", "1/3."
    if (_CATEGORY.match(text) and whole == text and len(text.split()) <= 4
            and not set(text.strip(".:").split()) & _VERBS):
        return "category line"
    if _SIGNATURE.search(whole) and _URL.search(whole) and _headline_case(whole):
        return "link to a post"  # an outlet's own tweet of a headline and a link, embedded as a related story
    for name, rx in _LINE_RULES:
        if rx.search(text):
            return name
    if len(whole) <= 300:
        for name, rx in _WHOLE_LINE_RULES:
            if rx.search(whole):
                return name
    if whole == text and _FRAGMENT_LINE.fullmatch(text):
        return "fragment"
    place = _PLACE_LINE.fullmatch(text) if whole == text else None
    if place and place.group("comma"):
        return "place line"  # a letter writer's town under the name, a dateline without its story
    if _all_caps(text) and not (text.endswith(".") and len(text.split()) >= 12):
        return "related link"  # (a long all-caps line ending in a full stop is a shouted lead sentence)
    if whole.startswith(text) and _DATELINE.fullmatch(text) and (
            "," in text or "(" in text or re.match(r"\s*[—–-]", whole[len(text):])):
        return "dateline"
    if tail and _BIO.match(whole) and len(whole.split()) <= 60:
        return "author bio"
    return None


# Furniture recognised from the lines around it (issue 19): a reader poll between its prompt and its form field, a
# list of related-story links, the truncated product title before a shop widget.
_POLL_START = re.compile(r"\btake our poll\b|\bstory continues below\b", re.IGNORECASE)
_FORM_FIELD = re.compile(r"(?:e-?mail|name|first name|last name|comments?|zip(?: code)?)\s*\*", re.IGNORECASE)
_RELATED_LEAD = re.compile(r"^[\[\"“]*(?:related\s*(?:stories|articles|coverage|posts?|links?)?|more|read more|"
                           r"see also|also read|also on\b[^:]{0,40}|recommended|you may also like)\s*:", re.IGNORECASE)
# "Kickoff: Council race opens in Harbortown" — a short label, a colon and a headline without a full stop
_LABELLED_LINK = re.compile(r"^(?!(?i:photo|image|picture|caption|video|file photo|update|correction|note)\b)"
                            r"[A-Z][\w'’&-]*(?:\s+[\w'’&-]+){0,3}:\s+[“\"‘']?[A-Z]")
_TRUNCATED_TITLE = re.compile(r"\w(?:\.\.\.|…)$")
_BIO_WRITES = re.compile(r"(?:Since [^,]{3,30}, )?[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}\s+(?:has written|writes|"
                         r"has contributed|is the author of)\b.{0,80}\b(?:articles|columns|essays|books|pieces)\b")
# first words of a line that is a name's shape but not a signature ("Seriously Kapo.", "Enter Trump.", "God Bless …")
_NOT_A_GIVEN_NAME = {"seriously", "really", "indeed", "exactly", "absolutely", "sure", "well", "oh", "wow", "enter",
                     "meet", "thank", "thanks", "god", "happy", "merry", "hail", "long", "dear", "hello", "goodbye"}
_SUBHEAD = re.compile(r"[A-Z][\w'’-]*(?:\s+[\w'’-]+){0,2}\.")
_NOT_IN_SUBHEADS = {"i", "you", "he", "she", "it", "we", "they", "me", "him", "her", "us", "them", "this", "that",
                    "is", "are", "was", "were", "be", "been", "has", "have", "had", "do", "does", "did", "can", "will",
                    "would", "could", "should", "not", "no", "yes", "maybe", "and", "or", "but", "because", "so",
                    "it's", "it’s", "isn't", "isn’t", "don't", "don’t", "seriously", "really", "indeed", "hi", "ho",
                    "oh", "ah", "wow", "well", "ok", "okay", "sure", "exactly", "right", "wrong", "nowhere",
                    "everywhere", "never", "always", "again", "too", "still", "then", "now", "here", "there", "why",
                    "how", "what", "who"}  # interjections and adverbs: the writer speaking ("Nowhere." "Hi ho.")
_CLOSING_BIO = re.compile(r"[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]*){0,2}\s+(?P<surname>[A-Z][\w'’-]+),?\s+is\s+"
                          r"(?:a|an|the)\s+[^.]*\.$")


def _link_like(line: str) -> bool:
    words = line.split()
    return (len(words) <= 30 and (_headline_case(line) or bool(_LABELLED_LINK.match(line)))
            or bool(_RELATED_LEAD.match(line)))


def _unterminated_link(line: str) -> bool:
    """A labelled headline standing alone mid-article with no full stop: "Poll: Most voters back the plan"."""
    words = line.split()
    return (6 <= len(words) <= 25 and line[-1] not in _TERMINAL and bool(_LABELLED_LINK.match(line))
            and line.count(": ") == 1 and line.index(": ") <= 40)


def _mark_furniture_blocks(article: Article, texts: list[str], line_sents: list[list[int]],
                           line_kinds: list[str]) -> None:
    sents = article.sentences

    def mark(li: int, reason: str) -> None:
        for i in line_sents[li]:
            if sents[i].kind == "body":
                sents[i].kind, sents[i].furniture_reason = "furniture", reason

    n = len(texts)
    for li in range(n):
        # a reader poll: prompt line ("take our poll"), question, options, then a form field ("Email *")
        if _FORM_FIELD.fullmatch(texts[li].strip()):
            start = next((lj for lj in range(li - 1, max(-1, li - 9), -1) if _POLL_START.search(texts[lj])), None)
            if start is not None:
                for lj in range(start, li + 1):
                    mark(lj, "poll widget")
        if line_kinds[li] != "paragraph":
            continue
        # a list of related stories: the lines next to a related-link line that read like headlines
        if _RELATED_LEAD.match(texts[li]) and all(sents[i].kind == "furniture" for i in line_sents[li]):
            for step in (1, -1):
                lj = li + step
                while 0 <= lj < n and line_kinds[lj] in ("paragraph", "heading"):
                    if line_kinds[lj] == "paragraph":
                        if not _link_like(texts[lj]):
                            break
                        mark(lj, "related link")
                    lj += step
        elif li > 0 and line_kinds[li - 1] != "headline" and _unterminated_link(texts[li]) and len(line_sents[li]) == 1:
            mark(li, "related link")
    # names alone on their lines: three or more in one article are signatures, credits or headings of a list; one
    # standing over a town line ("Ann Example." | "Harbortown, Ore.") signs a letter
    names = [li for li in range(n) if line_kinds[li] == "paragraph" and _NAME_LINE.fullmatch(texts[li].strip())
             and texts[li].split()[0].lower() not in _NOT_A_GIVEN_NAME]
    last = next((li for li in range(n - 1, 0, -1) if line_kinds[li] == "paragraph"
                 and any(sents[i].kind == "body" for i in line_sents[li])), None)
    for li in names:
        signature = li == last and not re.search(r"\b(?:President|Senator|Sen|Rep|Gov|Mr|Mrs|Ms|Dr)\b", texts[li])
        town = _PLACE_LINE.fullmatch(texts[li + 1].strip()) if li + 1 < n else None
        if len(names) >= 3 or signature or town:
            mark(li, "name line")  # (alone on the article's last line, no title: the writer's signature)
        if town and not town.group("comma"):
            mark(li + 1, "place line")  # "Staunton Va." under a letter's name: the comma the rule otherwise needs
    # the headline printed again in the body, as pages repeat their title
    if line_kinds and line_kinds[0] == "headline":
        for li in range(1, n):
            if line_kinds[li] == "paragraph" and texts[li].strip() == texts[0].strip():
                mark(li, "repeated line")
    # short subheads of a column ("Empathy." | "Flawless execution."): one-line paragraphs of up to three words, no
    # pronoun or auxiliary, ending in a full stop, between long paragraphs; two to six of them in an article,
    # at least three lines apart (one such line alone, or a run of them, is the writer's own "Wrong." "Not even close.")
    subheads = [li for li in range(1, n - 1) if line_kinds[li] == "paragraph" and line_kinds[li - 1] != "headline"
                and len(line_sents[li]) == 1 and _SUBHEAD.fullmatch(texts[li].strip())
                and not {w.lower() for w in re.findall(r"[\w'’]+", texts[li])} & _NOT_IN_SUBHEADS
                and line_kinds[li + 1] == "paragraph" and len(texts[li + 1].split()) >= 15
                and len(texts[li - 1].split()) >= 12 and not _ABBREV_END.search(texts[li - 1])]
    if 2 <= len(subheads) <= 6 and min(b - a for a, b in zip(subheads, subheads[1:])) >= 3:
        for li in subheads:
            mark(li, "subheading")
    # the author's one-line bio closing a column: "Ann Lee is the former mayor of Harbortown."
    bio = _CLOSING_BIO.match(texts[last].strip()) if last is not None and len(line_sents[last]) == 1 else None
    if bio and len(texts[last].split()) <= 30 and not any(
            re.search(r"\b" + re.escape(bio.group("surname")) + r"\b", texts[li]) for li in range(1, last)):
        mark(last, "author bio")  # (a person the body never names: the writer, not the story's last subject)
    # a writer's bio of several lines after the page's share line, to the end: "Tweet, Post, … or Bookmark us" |
    # "Since 2007, Ann Lee has written hundreds of articles …" | "She lives in Texas."
    for li in range(max(1, n - 12), n):
        if (line_kinds[li] == "paragraph" and _BIO_WRITES.match(texts[li].strip())
                and line_sents[li - 1] and all(sents[i].kind == "furniture" for i in line_sents[li - 1])):
            for lj in range(li, n):
                if line_kinds[lj] == "paragraph":
                    mark(lj, "author bio")
            break
    # the truncated product title or the author's name before a shop widget ("Harbors of the Pacif…" | "Best Price:
    # $9.99 …", "Ann B. Lee Jr." | "Best Price: …")
    for i in range(1, len(sents)):
        before = sents[i - 1].text.strip()
        if (sents[i].kind == "furniture" and _AD_END.search(sents[i].text) and sents[i - 1].kind == "body"
                and (_TRUNCATED_TITLE.search(before) or _NAME_LINE.fullmatch(before)) and len(before.split()) <= 8):
            sents[i - 1].kind, sents[i - 1].furniture_reason = "furniture", "share or subscribe"


# --- embedded posts ---------------------------------------------------------------------------------------------------

_POST_BUDGET = 280  # characters of post text (a tweet is at most 280, links not counted)
_POST_LINE = 200  # a longer line before a signature is the writer's paragraph: posts come in short lines
# a line that introduces the post or reports speech in the writer's voice ends the walk back from a signature
_LEAD_IN = re.compile(r":\s*$|\b(?:twitter|tweet(?:s|ed|ing)?|retweet\w*|on social media|instagram|facebook)\b|"
                      r"[,”\"]\s*(?:[A-Z][\w.-]*\s+){0,3}(?:said|says|added|wrote|told|explained|continued)\b|"
                      r"\b(?:he|she|they|I|we) (?:said|says|added|wrote)\b|"
                      r"\b(?:said|says|wrote|added|tweeted|posted|stated|declared)\s*:", re.IGNORECASE)


def _post_length(text: str) -> int:
    return len(_URL.sub("", text).strip())


def split_signature(line: str) -> int | None:
    """Where an embed signature ("— Name (@handle) date") starts in a line, or None."""
    m = _SIGNATURE.search(line)
    return m.start() if m else None


def _find_embeds(article: Article, line_sents: list[list[int]], line_kinds: list[str]) -> None:
    """Mark the sentences of each embedded post (the text before its signature, up to the previous signature, a
    lead-in, a heading, or the length of a post) with the account named in the signature."""
    sents = article.sentences
    for li, idxs in enumerate(line_sents):
        if line_kinds[li] != "paragraph" or not idxs:
            continue
        sig = next((i for i in idxs if sents[i].furniture_reason == "post signature"), None)
        if sig is None:
            continue
        st = sents[sig].text
        m = _SIGNATURE.search(st) or _POST_SHARED.match(st)
        name, handle = (m.group("name") or "").strip(" ,"), m.group("handle")
        # the account as a source: its display name ("Sadiq Khan"), or the handle when the signature has no name
        if re.search(r"[^\W\d_]", name):
            a = sents[sig].start + m.start("name") + (len(m.group("name")) - len(m.group("name").lstrip(" ,")))
            b = a + len(name)
        else:
            a, b = sents[sig].start + m.start("handle") - 1, sents[sig].start + m.end("handle")
        account = Span(a, b, article.text[a:b])
        source = f"{name} (@{handle})" if name else f"@{handle}"
        members = [i for i in idxs if i < sig]
        if any(sents[i].furniture_reason == "link to a post" for i in members):
            continue  # an outlet's own tweet of a headline and a link: furniture as a whole, no one is quoted
        budget = sum(_post_length(sents[i].text) for i in members)
        owner = re.sub(r"\s+(?:MP|MEP|MSP|MLA)$", "", name.strip("() ")) if len(name.split()) >= 2 else None
        lj = li - 1
        while lj >= 0:
            if line_kinds[lj] != "paragraph" or not line_sents[lj]:
                break
            prev = line_sents[lj]
            if any(sents[i].furniture_reason in ("post signature", "link to a post") for i in prev):
                break
            line_text = _URL.sub(" ", " ".join(sents[i].text for i in prev))
            if _LEAD_IN.search(line_text) or (owner and owner in line_text):
                break  # a lead-in, or the writer naming the account's owner: the writer's words
            length = sum(_post_length(sents[i].text) for i in prev)
            if budget + length > _POST_BUDGET or length > _POST_LINE:
                break
            members = prev + members
            budget += length
            lj -= 1
        if not any(sents[i].kind != "furniture" for i in members):
            continue  # a signature with no text of a post before it
        for i in members:
            sents[i].embedded_source = source
        article.embeds.append(Embed(source, handle, account, members, sig))


# --- sentence boundaries pysbd gets wrong ---------------------------------------------------------------------------

def _merge_broken(text: str, offset: int, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join a piece to the one before it when pysbd split after a title ("former Gov." | "Howard Dean …"), or the
    piece starts in lower case ("… in the E.U." | "permanently."), or it is a short tail after an abbreviation
    ("… 1 a.m." | "Dec. 26."), or it starts with a comma ("Rashida Tlaib, D-Mich." | ", was a member …"), or the
    piece before ends in a ticker's dot ("The dollar ." | "DXY firmed …")."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        piece = text[s - offset:e - offset]
        if out:
            prev = text[out[-1][0] - offset:out[-1][1] - offset]
            first = piece.lstrip("“‘\"'( ")[:1]
            if (_TITLE_END.search(prev) or (first.islower())
                    or (_ABBREV_END.search(prev) and len(piece.split()) <= 2 and not first.isupper())
                    or (_ABBREV_END.search(prev) and len(piece.split()) <= 3
                        and re.match(r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?\s+\d", piece))
                    or piece.startswith(("&", ",", ";")) or re.search(r"\b[A-Z]\.&[A-Z]\.$", prev)  # "S.&P. 500"
                    or (re.search(r"\b[ap]\.m\.$", prev) and re.match(_TIME_ZONE, piece))
                    or (_NUMBER_ABBREV.search(prev) and piece[:1].isdigit()) or _DELEGATE.search(prev)
                    or (re.search(r"\s\.$", prev) and out[-1][1] == s)):  # ".DXY": a ticker, no space after
                out[-1] = (out[-1][0], e)
                continue
        out.append((s, e))
    return out


def segment_text(text: str, metadata: dict | None = None, first_line_is_headline: bool | None = None) -> Article:
    """Segment plain article text.

    The first line is the headline when it is followed by more text and is not itself a long paragraph. Hard-wrapped
    text is reflowed first (:func:`reflow`); page furniture and embedded posts are marked (module docstring).

    >>> art = segment_text("Council Approves Budget\\n\\nBy Ann Lee\\n\\nThe council voted 7-2 on Tuesday. It meets again in May.")
    >>> art.headline.text, art.bylines[0].text, [s.text for s in art.sentences if s.kind == "body"]
    ('Council Approves Budget', 'By Ann Lee', ['The council voted 7-2 on Tuesday.', 'It meets again in May.'])
    """
    text = replace_lone_surrogates(text)
    article = Article(text=text, metadata=dict(metadata or {}))
    work, article.wrap_width = reflow(text)  # same length as text: offsets into one are offsets into the other
    if article.wrap_width:
        article.metadata["hard_wrapped_at"] = str(article.wrap_width)  # the report says so (a finding)
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", work) if m.group(0).strip()]
    lines = [(s + len(work[s:e]) - len(work[s:e].lstrip()), e - (len(work[s:e]) - len(work[s:e].rstrip())))
             for s, e in lines]
    if not lines:
        return article
    section = Section(0, None, lines[0][0], len(text))
    article.sections.append(section)
    sentences: list[Sentence] = []
    line_sents: list[list[int]] = []
    line_kinds: list[str] = []
    first = 0
    head_line = work[lines[0][0]:lines[0][1]]
    if first_line_is_headline is None:
        pieces = [head_line[a:b] for a, b in split_sentences(head_line)]
        first_line_is_headline = (len(lines) > 1 and len(head_line) <= 200 and len(pieces) <= 2
                                  and all(furniture_reason(p, head_line) is None for p in pieces))
    texts = [work[s:e] for s, e in lines]
    repeated = {i for i in range(1, len(texts)) if texts[i] == texts[i - 1] and len(texts[i].split()) <= 20}
    repeated |= {i - 1 for i in repeated}  # a caption or video title printed twice: both copies
    if first_line_is_headline:
        s, e = lines[0]
        article.headline = Span(s, e, text[s:e])
        sentences.append(Sentence(0, s, e, text[s:e], "headline", -1, 0))
        line_sents.append([0])
        line_kinds.append("headline")
        first = 1
    tail_from = max(first, len(lines) - 6)
    in_quote = False
    for li, (s, e) in enumerate(lines[first:], start=first):
        line = work[s:e]
        line_sents.append([])
        line_kinds.append("paragraph")
        if _BYLINE.match(line) and len(line.split()) <= 14 and not article.paragraphs:
            article.bylines.append(Span(s, e, text[s:e]))
            line_kinds[-1] = "byline"
            continue
        if _is_heading(line) and (s, e) != lines[-1] and furniture_reason(line, line) is None:
            section.end = s
            heading = Span(s, e, text[s:e])
            section = Section(len(article.sections), heading, s, len(text), bool(OPINION_HEADINGS.match(line.lstrip("# "))))
            article.sections.append(section)
            line_kinds[-1] = "heading"
            in_quote = False
            continue
        para = Paragraph(len(article.paragraphs), s, e, section.index)
        article.paragraphs.append(para)
        # A new paragraph that opens with a quotation mark re-opens (or continues) a quotation.
        if not line.startswith(("“", '"')):
            in_quote = False
        cut = split_signature(line)
        parts = [(0, len(line), False)] if not cut else [(0, cut, False), (cut, len(line), True)]
        ad = _AD_END.search(line)
        if ad and ad.end() < (cut or len(line)) and line[ad.end():].strip():
            # a shop widget glued to the writer's next sentence ("… (as of 03:35 EDT - Details) He had …")
            parts = [(0, ad.end(), False), (ad.end(), parts[0][1], False)] + parts[1:]
        spans: list[tuple[int, int]] = []
        for a, b, unit in parts:
            piece = line[a:b]
            if not piece.strip():
                continue
            if unit:  # the signature is one unit
                lead = len(piece) - len(piece.lstrip())
                spans.append((s + a + lead, s + a + len(piece.rstrip())))
            else:
                spans.extend(_merge_broken(work, 0, split_sentences(piece, s + a)))
        for ss, se in spans:
            sent_text = text[ss:se]
            starts_in = in_quote and not sent_text.startswith(("“", '"'))
            reason = furniture_reason(work[ss:se], line, tail=li >= tail_from) or (
                "repeated line" if li in repeated else None)
            line_sents[-1].append(len(sentences))
            sentences.append(Sentence(len(sentences), ss, se, sent_text, "furniture" if reason else "body",
                                      para.index, section.index, starts_in, furniture_reason=reason))
            in_quote = _quote_state(sent_text, in_quote)
    article.sentences = sentences
    _mark_furniture_blocks(article, [work[s:e] for s, e in lines], line_sents, line_kinds)
    _find_embeds(article, line_sents, line_kinds)
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
