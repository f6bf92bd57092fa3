"""Who says so: attribution spans from the token head, source types, cue stance, and the article's source ledger.

The attribution head tags each token SOURCE, CUE, CONTENT or O. Spans of one type are runs of words with that tag.
They are assembled per sentence around each cue: the nearest source in the sentence (or, for a pronoun or a bare
"The official", the matching source of an earlier sentence), and the content spans of the sentence, continued into
the following sentences while a quotation stays open. Source types and cue stance come from short word lists;
mentions are merged into one ledger entry per real source (surname, abbreviation, title, outlet, role noun or kind
of document; docs/report.md, "Source ledger"). Cue evidence (hearsay, acts of asking, stance verbs) moves sentence
labels (:func:`cue_evidence`).
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field

import numpy as np

from .lexicons import (ACT_CUE_RE, CUE_STANCE_OF, HEARSAY_RE, REPORTING_NOUNS, REPORTING_WORDS, STANCE_VERB_RE,
                       WEEKDAYS, cue_words, is_hearsay_cue, is_reporting_cue)
from .windows import token_overlap

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
    "mail on sunday",
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
    "military|army|navy|pentagon|white house|kremlin|police department|fire department|"
    "church|cathedral|mosque|synagogue|temple|museum|library|airline|carrier|airport|charity|group|organization|"
    "organisation|nonprofit"
)
# up to three modifiers before the noun, none of them a determiner of number, a preposition or a role noun
# ("the city council", not "an agency", "Republicans in Congress", "Officials within the administration")
_NOT_A_MODIFIER = (r"a|an|one|some|several|two|three|four|five|many|few|other|another|senior|unnamed|anonymous|\d+|"
                   r"in|of|for|at|from|with|within|inside|outside|on|to|across|around|near|by|among|behind|under|over|"
                   r"and|or|" + _ROLE_NOUNS)
_INSTITUTION = re.compile(r"^(the\s+)?((?!(?:" + _NOT_A_MODIFIER + r")\b)[\w.’'-]+\s+){0,3}?(" + _INSTITUTION_NOUNS
                          + r")$", re.IGNORECASE)
_PRONOUN = re.compile(r"^(he|she|they|it|its|his|her|their|we|i|you)$", re.IGNORECASE)
_OBJECT_PRONOUN = re.compile(r"him|them|me|us|himself|herself|themselves", re.IGNORECASE)
# a determiner or relative pronoun alone names no one ("the" of a clipped span, a "who" with no phrase before it)
_FUNCTION_WORD = re.compile(r"the|a|an|who|whom|which|that", re.IGNORECASE)
_DEFINITE_ROLE = re.compile(r"^the\s+(\w+\s+)?(" + _ROLE_NOUNS + r")$", re.IGNORECASE)


def _all_caps(word: str) -> bool:
    """An all-capitals word of two or more letters ("WHO", "US", "ME"): an acronym, never a pronoun or a function
    word, whatever the patterns above, which ignore case, say."""
    return len(word) >= 2 and word.isupper()


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
    cores = word_cores(sentence_text)
    tagged = []
    if cores:
        overlap = token_overlap(cores, offsets)  # words × tokens
        counts = overlap.sum(axis=1)
        means = (overlap @ np.asarray(probs, dtype=np.float64)) / np.maximum(counts, 1)[:, None]
        tagged = [(ws, we, TAGS[int(m.argmax())] if n else "O") for (ws, we), m, n in zip(cores, means, counts)]
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


# A document speaks for whoever issued it and is on the record: "a city budget memo", "FEC records", "the poll"
_DOCUMENT_NOUNS = (r"memo|memos|memorandum|report|reports|study|studies|survey|surveys|poll|polls|records|record|data|"
                   r"document|documents|letter|statement|book|memoir|brief|filing|submission|ruling|audit|analysis|"
                   r"review|account|figures|estimates|dossier|email|emails|transcript|complaint|indictment|lawsuit|"
                   r"announcement|comments|remarks|claim|assertion|testimony|speech|tweet|post|video|audio")
_DOCUMENT = re.compile(r"\b(" + _DOCUMENT_NOUNS + r")$", re.IGNORECASE)
_DOCUMENT_CLASS = {"survey": "poll", "surveys": "poll", "polls": "poll", "reports": "report", "studies": "study",
                   "memos": "memo", "memorandum": "memo", "record": "records", "documents": "document",
                   "emails": "email", "memoir": "book"}
# a news organisation referred to by what it is, with lower-case modifiers only ("the network", "the conservative
# broadsheet"; "The CDC website" and "The Russian channel" say whose)
_OUTLET_DESCRIPTION = (r"^(?:[Tt]he|[Tt]his)\s+(?:[a-z][\w-]*\s+){0,3}?(?:network|broadsheet|newspaper|tabloid|paper|"
                       r"channel|broadcaster|outlet|news agency|wire service|(?:tv|radio|television) station|"
                       r"magazine|daily|weekly)$")
# news organisations not in the list, recognised by what they call themselves, and an outlet referred back to
_GENERIC_OUTLET = re.compile(r"^(?:the\s+)?(?:[A-Z][\w.’'-]*\s+)*"
                             r"(?:News(?:\s+Service|\s+Agency|\s+Network)?|Times|Post|Tribune|Herald|Gazette|Telegraph|Chronicle|Courier|Daily|Wire|Broadcasting|"
                             r"Journal|Sentinel|Inquirer|Observer|Examiner|Dispatch|Globe)$"
                             r"|" + _OUTLET_DESCRIPTION)
_MORE_ROLE_NOUNS = (r"reporter|reporters|correspondent|correspondents|journalist|journalists|voters|respondents|"
                    r"americans|citizens|lawyer|lawyers|attorney|attorneys|spokesmen|spokeswomen|aide|adviser|official")
# a title used as a name for someone named before: "the former president", "the South Carolina senator"
_TITLE_NOUNS = {"president": "president", "senator": "sen.|senator", "sen": "sen.|senator",
                "congressman": "rep.|congressman|representative", "congresswoman": "rep.|congresswoman|representative",
                "representative": "rep.|representative", "lawmaker": "rep.|sen.|lawmaker", "judge": "judge|justice",
                "justice": "judge|justice", "leader": "leader", "chairman": "chairman|chair",
                "chairwoman": "chairwoman|chair", "chair": "chairman|chairwoman|chair", "nominee": "nominee",
                "candidate": "candidate", "host": "host|anchor", "anchor": "host|anchor", "secretary": "secretary",
                "governor": "gov.|governor", "mayor": "mayor", "minister": "minister", "general": "gen.|general",
                "gen": "gen.|general", "doctor": "dr.|doctor|physician", "physician": "dr.|doctor|physician",
                "speaker": "speaker", "director": "director", "ambassador": "ambassador", "spokesman": "spokesman",
                "spokeswoman": "spokeswoman", "colleague": "", "son": "", "daughter": "", "wife": "", "ex-wife": "",
                "husband": "", "father": "", "mother": "", "campaigner": "", "editor": "editor", "mogul": "",
                "businessman": "", "billionaire": "", "frontrunner": "", "front-runner": "", "lawyer": "lawyer",
                "attorney": "attorney", "rep": "rep.|representative|congressman|congresswoman|lawmaker",
                "gov": "gov.|governor", "dr": "dr.|doctor|physician"}
# descriptions, not offices others hold ("the mayor") or kin ("his wife"): with one person cited, they are that person
_DESCRIPTIONS = {"nominee", "candidate", "leader", "frontrunner", "front-runner", "mogul", "businessman", "billionaire"}
# words that say a person is a woman or a man, read like titles (in the mention, or before the name in the text): a
# "he" cannot be "Mrs. Cole" or "the court spokeswoman". Honorifics count only capitalised ("Miss Cole", not "miss").
# "chairman" is left out: women hold the office under that name too ("Chairman Janet Yellen").
_GENDER_OF = {**dict.fromkeys(
    "mrs ms miss madam dame lady queen princess duchess spokeswoman congresswoman chairwoman councilwoman "
    "assemblywoman businesswoman anchorwoman wife ex-wife widow mother grandmother daughter sister girlfriend "
    "actress".split(), "female"), **dict.fromkeys(
    "mr sir lord king prince duke spokesman congressman councilman assemblyman businessman anchorman husband "
    "ex-husband widower father grandfather son brother boyfriend".split(), "male")}
_HONORIFICS = {"mrs", "ms", "miss", "madam", "dame", "lady", "queen", "princess", "duchess", "mr", "sir", "lord",
               "king", "prince", "duke"}
_DEFINITE_TITLE = re.compile(r"^(?:the|his|her|their|its|[A-Z][\w.-]*['’]s)\s+(?:[\w.’'-]+\s+){0,8}("
                             + "|".join(sorted(_TITLE_NOUNS, key=len, reverse=True))
                             + r")(?:\s+of\s+(?:the\s+)?[A-Z][\w\s]+)?$", re.IGNORECASE)
_PERSON_TITLES = {"mr.", "ms.", "mrs.", "dr.", "president", "minister", "secretary", "senator", "sen.", "rep.",
                  "foreign", "former", "gov.", "gen.", "lt.", "col.", "judge", "justice", "chairman", "speaker",
                  "mayor", "prime", "chief", "retired", "vice", "attorney", "general", "director", "leader", "u.s.",
                  "the", "a", "an", "sir", "lord", "dame", "mp", "jr.", "sr.", "jr", "sr", "mr", "mrs", "ms", "dr",
                  "sen", "rep", "gov", "gen", "lt", "col", "sgt", "prof", "prof.", "rev", "rev."}
# titles written short with a full stop ("Sen.", "Mr.", "Jr."): the full stop is the title's, not a sentence end
_ABBREVIATED_TITLES = ({t for v in _TITLE_NOUNS.values() for t in v.split("|") if t.endswith(".")}
                       | {t for t in _PERSON_TITLES if t.endswith(".")} | {h + "." for h in _HONORIFICS}
                       | {"sgt.", "st."})
# a noun phrase whose head is a title, with no name after it: "the South Carolina senator", "New York judge",
# "Retired General", "Senate Finance Committee chairman", "the former chairman of the Judiciary Committee"
_TITLE_HEAD = re.compile(r"^(?P<det>(?:the|a|an|his|her|their|its|[A-Z][\w.-]*['’]s)\s+)?(?:[\w.’'-]+\s+){0,8}("
                         + "|".join(sorted(_TITLE_NOUNS, key=len, reverse=True))
                         + r")\.?(?P<of>\s+of\s+(?:the\s+)?[A-Z][\w\s.’'-]*)?$", re.IGNORECASE)
_PREPOSITION = re.compile(r"\s(?:of|to|for|at|on|in|with|under|from|by|about|who|whose|which|that)\s", re.IGNORECASE)


def title_head(text: str) -> str | None:
    """The title noun a noun phrase is headed by ("the South Carolina senator" → "senator"), or None when a name
    follows the title ("Sen. Lindsey Graham") or the head is not a title."""
    m = _TITLE_HEAD.match(text.strip())
    if not m or (m.group("of") and m.group(2)[0].isupper() and not m.group("det")):
        return None  # "Mayor of London Sadiq Khan", "Speaker of the House Nancy Pelosi": a name ends the phrase
    return m.group(2).lower()


def title_keys(word: str) -> set[str]:
    """A title word and the titles that name the same office, without full stops: "Sen." → {sen, senator};
    "judge" → {judge, justice}; a description or kin word is only itself ("mogul" → {mogul})."""
    w = word.lower().strip(".,;:()\"“”'‘’")
    if w not in _TITLE_NOUNS:
        return set()
    return {w} | {t.rstrip(".") for t in _TITLE_NOUNS[w].split("|") if t}


@functools.lru_cache(maxsize=4096)
def _phrase_titles(text: str) -> frozenset[str]:
    """The title words of a mention: those before its name and the head of each apposition, up to the first
    preposition or relative pronoun ("Adam Schiff, chairman of the House Intelligence Committee" → chairman;
    "X, an aide to President Trump" → aide, not president); gendered words too ("Mrs.", "the wife of X" → wife)."""
    out: set[str] = set()
    for part in re.split(r",\s+|\s+(?:--?|—|–)\s+|\s*\(", display_name(text)):
        part = _PREPOSITION.split(" " + part + " ")[0]
        for w in part.split():
            if w.lower().rstrip(".") in _TITLE_NOUNS or _gender_word(w):
                out.add(w.lower().rstrip("."))
    return frozenset(out)  # cached: a caller must not change it


def _gender_word(word: str) -> bool:
    """A word of :data:`_GENDER_OF` as written ("Mrs.", "spokeswoman"; "Miss", not the verb "miss")."""
    w = word.lower().rstrip(".")
    return w in _GENDER_OF and (word[0].isupper() or w not in _HONORIFICS)


def _ends_sentence(word: str) -> bool:
    """A word whose full stop ends a sentence ("Smith."), not an abbreviated title ("Mr.", "Sen.", "Jr."), an
    initial ("J.") or an abbreviation ("U.S.")."""
    return word.endswith(".") and word.lower() not in _ABBREVIATED_TITLES \
        and not re.fullmatch(r"[A-Z]\.|(?:[A-Za-z]\.){2,}", word)


def _titles_before(text: str, pos: int) -> set[str]:
    """Title words just before a name in the article text ("Sen. [Lindsey Graham]", "Republican presidential nominee
    [Donald Trump]", "Mrs. [Ann Cole]"): back over capitalised words, title nouns and gendered words, stopping at
    any other word or punctuation, and at the end of the sentence before ("said Mr. Smith. [Ann Cole]")."""
    words = re.search(r"((?:[A-Za-z][\w.’'-]*[ \t\xa0]+)*)$", text[max(0, pos - 100):pos]).group(1).split()
    out: set[str] = set()
    for i in range(len(words) - 1, -1, -1):
        if _ends_sentence(words[i]):
            break
        w = words[i].lower().rstrip(".")
        if w in _TITLE_NOUNS or _gender_word(words[i]):
            if not (w == "president" and i > 0 and words[i - 1].lower() == "vice"):
                out.add(w)
        elif not words[i][0].isupper():
            break
    return out


def _titles_after(text: str, pos: int) -> set[str]:
    """Title words in an apposition right after a name: "Sen. Chuck Grassley (R-IA), Senate Finance Committee
    chairman," → chairman; not in a relative clause ("Graham, who told the president")."""
    m = re.match(r"(?:\s*\([^)]*\))?\s*,\s+((?:the|a|an)\s+|[A-Z])([^,.;:“”\"]*)", text[pos:pos + 160])
    if not m or _SPEECH_VERB_AT_END.search(m.group(0)):
        return set()  # "…, a Justice Department spokeswoman said": the subject of a new clause, not an apposition
    part = _PREPOSITION.split(" " + m.group(0).split(",", 1)[1] + " ")[0]
    return {w.lower().rstrip(".") for w in part.split() if w.lower().rstrip(".") in _TITLE_NOUNS or _gender_word(w)}


# a verb of speech ending the phrase after the comma: the phrase is its subject ("…, a spokeswoman said")
_SPEECH_VERB_AT_END = re.compile(r"\s(?:" + "|".join(sorted(REPORTING_WORDS - set(REPORTING_NOUNS), key=len,
                                                              reverse=True)) + r")\s*$")


# a person named with the place they represent or come from: "Kamala Harris of California", "Mike Pence of Indiana"
_US_STATES = ("Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|"
              "Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|"
              "Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|"
              "North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|"
              "South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming")
_HOME_PLACE = re.compile(r"^(?P<name>.*\b[A-Z][\w'’-]*\s+[A-Z][\w'’-]+)\s+of\s+(?:" + _US_STATES + r")$")
# … when what comes before is a person: a title of office, or a census first name, and a surname
_HOME_PLACE_PERSON = re.compile(r"^(?:.*\b(?P<title>Sen|Rep|Gov|Del|Mayor|Senator|Representative|Congressman|"
                                r"Congresswoman|Governor)\.?\s+)?(?P<first>[A-Z][a-z]+)(?:\s+[A-Z]\.)?\s+[A-Z][\w'’-]+$")
_NAME_SUFFIX = re.compile(r",?\s+(?:Jr|Sr)\.?$|(?<=[a-z])\s+(?:II|III|IV)$")


def name_core(text: str) -> str:
    """The name in an apposition or a parenthesis: "Adam Schiff, the top Democrat on the committee" → "Adam
    Schiff"; "Trump's national finance chairman, Steve Mnuchin" → "Steve Mnuchin"; "Sen. Lindsey Graham (R-S.C.)"
    → "Sen. Lindsey Graham"; "Kall -- co-editor of a book" → "Kall"."""
    t = re.sub(r"\s*\([^)]*\)", "", display_name(text)).strip(" ,")
    t = re.split(r"\s+(?:--?|—|–)\s+", t)[0]
    t = _NAME_SUFFIX.sub("", t)  # "Robert John Dougherty III" is Dougherty, not an acronym "III"
    home = _HOME_PLACE.match(t)
    person = _HOME_PLACE_PERSON.match(home.group("name")) if home else None
    if person and (person.group("title") or _known_first_name(person.group("first"))):
        t = home.group("name")  # "Sen. Cory Booker of New Jersey" is Booker; "Planned Parenthood of Wisconsin" stays
    parts = [p.strip() for p in re.split(r",\s+", t) if p.strip()]
    for p in parts:  # the part that ends in a capitalised word is the name
        words = re.findall(r"[A-Za-z][\w'’.-]*", p)
        if words and words[-1][0].isupper() and words[-1].lower() not in _PERSON_TITLES:
            return p
    return parts[0] if parts else t


def source_type(text: str) -> str:
    """``named``, ``anonymous``, ``media_outlet`` or ``pronoun``, decided on the source without its venue or
    relative clause (docs/attribution.md)."""
    t = text.strip().strip(",. ")
    if _PRONOUN.match(t) and not _all_caps(t):
        return "pronoun"
    if _ANONYMITY.search(t):
        return "anonymous"
    t = display_name(t)
    low = t.lower()
    if _OUTLET_RE.fullmatch(low) or _OUTLET_RE.fullmatch(re.sub(r"^the\s+", "", low)) or _GENERIC_OUTLET.search(t):
        return "media_outlet"
    core = name_core(t)
    if _INSTITUTION.match(t) or _DOCUMENT.search(core) or (core != t and len(_name_words(core)) >= 2):
        return "named"  # a body named by what it is, a document, or a person named in an apposition: on the record
    if _ROLE_OF.match(core):
        return "anonymous"  # "a spokesperson for European Council President Donald Tusk": the name only says whose
    title = _DEFINITE_TITLE.match(core)
    if title and not re.fullmatch(_ROLE_NOUNS + "|" + _MORE_ROLE_NOUNS, title.group(1), re.IGNORECASE):
        return "named"  # one person, known by an office or description: "the president", "his ex-wife"
    if re.search(r"\b(?:" + _ROLE_NOUNS + r"|" + _MORE_ROLE_NOUNS + r")$", core, re.IGNORECASE) \
            and not _DEFINITE_TITLE.match(core):
        return "anonymous"  # the role is the head: "a Justice Department official", "a reporter for USA Today"
    if re.search(r"\b(" + _ROLE_NOUNS + r"|" + _MORE_ROLE_NOUNS + r")\b", t, re.IGNORECASE) and not re.search(
            r"\b[A-Z][a-z]+\s+[A-Z][a-z]+\b", t.split(",")[0].replace("U.S.", "")):
        return "anonymous"
    if re.search(r"[A-Z]", _QUANTIFIER.sub("", t)):
        return "named"
    return "anonymous"  # "Several judges", "Some residents": the capital only starts the sentence


# an unnamed role heading the phrase, followed by whom it works for: "a spokesperson for X", "an aide to X"
_ROLE_OF = re.compile(r"^(?:(?:a|an|one|the)\s+)?(?:[\w.-]+\s+){0,2}?(?:" + _ROLE_NOUNS + "|" + _MORE_ROLE_NOUNS
                      + r")\s+(?:for|of|to|at|with|from|in)\s", re.IGNORECASE)
_QUANTIFIER = re.compile(r"^(?:the|a|an|some|several|many|most|few|other|all|both|two|three|four|five|dozens of|"
                         r"hundreds of|thousands of|a number of|a few)\s+", re.IGNORECASE)


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
        core = name_core(text)
        doc = _DOCUMENT.search(core)
        if doc and not _name_words(core):  # "the poll", "A new YouGov survey": one key per kind of document
            noun = doc.group(1).lower()
            return "document:" + _DOCUMENT_CLASS.get(noun, noun)
        caps = _name_words(core)
        if not caps or _INSTITUTION.match(core):
            # an institution named by what it is: "the transportation department" ≠ "the health department";
            # "the U.S. State Department" = "the State Department"
            return re.sub(r"^(?:the\s+)?(?:(?:u\.s\.|us|american|federal)\s+(?=(?-i:[A-Z])))?", "",
                          display_name(text), flags=re.IGNORECASE).lower()
        return re.sub(r"(?:['’]s|\.)$", "", caps[-1].lower())
    if stype == "media_outlet":
        return re.sub(r"^the\s+", "", display_name(text).lower().strip())
    m = re.search(r"\b(" + _ROLE_NOUNS + r"|" + _MORE_ROLE_NOUNS + r")\b", text, re.IGNORECASE)
    noun = m.group(1).lower() if m else words[-1].lower()
    return noun[:-1] if noun.endswith("s") and noun not in {"others", "analysis"} else noun


def _name_words(core: str) -> list[str]:
    """The capitalised words of a name without titles and the words before a possessive: "Former President Bill
    Clinton" → [Bill, Clinton]; "Trump attorney Alan Garten" → [Trump, Alan, Garten]."""
    m = _POSSESSIVE.match(core)
    if m:  # "Ivana Trump's brief" is Ivana Trump's word; "Donald Trump's son" is not Donald Trump
        core = m.group("owner") if _DOCUMENT.search(m.group("tail")) else m.group("tail")
    names = [w for w in re.findall(r"[A-Za-z][\w'’.-]*", core) if w[0].isupper() and w.lower() not in _PERSON_TITLES]
    if title_head(core) and not m:
        return []  # a title with no name after it: "New York judge", "Former White House Doctor"
    # a kind of document named by who made it: "A new YouGov survey", "a new Washington Post-ABC News national poll"
    return [] if _DOCUMENT.search(core) and names and not m and re.match(r"^(?:a|an|the)\s", core, re.I) \
        else names


_POSSESSIVE = re.compile(r"^(?P<owner>.+?)['’]s\s+(?P<tail>.*[a-z].*)$")


def _names_a_person(core: str) -> bool:
    """A person's name ends its noun phrase ("Trump lawyer Marc Kasowitz") or owns the document ("Ivana Trump's
    brief"); a name with a common noun after it is a body or thing ("the Gannett newspaper chain")."""
    m = _POSSESSIVE.match(core)
    if m and _DOCUMENT.search(m.group("tail")):
        return True
    words = re.findall(r"[A-Za-z][\w'’.-]*", core)
    # an acronym names a body, not a person ("the ERG's", "MPs")
    return bool(words) and words[-1][0].isupper() and not re.fullmatch(r"[A-Z]{2,}(?:s|['’]s)?", words[-1])


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w'’-]*", name) if w[0].isupper() and len(w) > 1).upper()


def split_sources(span: Span) -> list[Span]:
    """Coordinated sources are separate sources: "the New York Times and Politico", "Speaker Nancy Pelosi and Senate
    Leader Chuck Schumer", "The Republican nominee and his aides". A group named by one noun phrase stays one
    ("Britain, France and Germany" are three; "Republicans and Democrats" two). A span running over a sentence
    boundary without a space ("statement.He") keeps the part that touches its cue, the last."""
    text = span.text
    label = _SPEAKER_LABEL.match(text)
    if label:  # "Rush Limbaugh: Hillary asking …": a headline's speaker label, then the subject of its clause
        rest = label.end()
        speaker = Span(span.start, span.start + len(label.group(1)), label.group(1))
        # a dateline or a page label ("WASHINGTON:", "UPDATE:") is no speaker: only the subject after it is a source
        return (split_sources(speaker) if _names_a_speaker(speaker.text) else []) + \
            split_sources(Span(span.start + rest, span.end, text[rest:]))
    glued = list(re.finditer(r"(?<=[a-z”\"])[.!?](?=[A-Z])", text))
    if glued:
        cut = glued[-1].end()
        span = Span(span.start + cut, span.end, text[cut:])
        text = span.text
    m = _CORRELATIVE.match(text)
    if m:  # "Both Stone and Pence": the correlative word is not part of the first name
        span = Span(span.start + m.end(), span.end, text[m.end():])
        text = span.text
        alternatives = re.search(r"\s(?:nor|or)\s", text) if m.group(1).lower() != "both" else None
        if alternatives:  # "Neither the campaign nor Podesta himself": each alternative is a source
            cut = alternatives.start()
            return split_sources(Span(span.start, span.start + cut, text[:cut])) + \
                split_sources(Span(span.start + alternatives.end(), span.end, text[alternatives.end():]))
    cut = _reduced_relative(text)
    if cut:  # "Several judges handling federal lawsuits", "A new poll conducted Monday": not part of the name
        span = Span(span.start, span.start + cut, text[:cut])
        text = span.text
    # a name is a noun phrase: a verb and what follows it ("Mueller has not charged"), trailing function words
    # ("Trump in the"), a reflexive ("Podesta himself") or a time adverbial ("the Sentinel this summer") are not part
    # of it (an outlet's own name keeps its day: "the Mail on Sunday")
    outlet = _OUTLET_RE.fullmatch(re.sub(r"^the\s+", "", text.strip(), flags=re.I))
    for tail in (_NOT_A_NAME_TAIL, _TIME_TAIL, _NOT_A_NAME_TAIL):  # "emails that have been unearthed": both cuts
        m = tail.search(text)
        if m and m.start() > 0 and re.search(r"[A-Za-z]", text[:m.start()]) and not (tail is _TIME_TAIL and outlet):
            keep = text[:m.start()].rstrip(" ,;")
            span = Span(span.start, span.start + len(keep), keep)
            text = span.text
    m = re.match(r"(?:and|which|who|that)\s+(?=\S)", text)
    if m:  # "which May's ruling Conservative Party": the relative pronoun is not part of the name
        span = Span(span.start + m.end(), span.end, text[m.end():])
        text = span.text
    parts = [(m.start(), m.end()) for m in re.finditer(r"[^,]+?(?=\s*(?:,|\band\b|\bwhich\b|$))", text)]
    pieces, conjoined = [], []
    for a, b in parts:
        piece = re.sub(r"^(?:and|which)\s+", "", text[a:b].strip())
        if piece and piece not in ("and", "which"):
            off = text.find(piece, a)
            pieces.append(Span(span.start + off, span.start + off + len(piece), piece))
            conjoined.append(bool(re.match(r"\s*(?:,\s*)?and\s", text[a:b] if a else "")))
    if len(pieces) > 1 and all(source_type(p.text) == "media_outlet" for p in pieces):
        return pieces
    # "X and Y" of two names or titled persons; an apposition ("Kall, a professor") is one source, and so is a
    # lower-case group with a shared head ("lawyers and aides")
    if len(pieces) > 1 and re.search(r"\s(?:and|which)\s", text) and all(
            _name_words(p.text) or _DEFINITE_TITLE.match(p.text) or re.match(r"^(?:his|her|their|its)\s", p.text)
            or _ROLE_HEAD.search(p.text) for p in pieces) and not re.search(r",\s+(?:a|an|the)\s", text) \
            and all(re.match(r"(?:[A-Z]|(?:the|his|her|their|its)\s)", p.text) or (c and _ends_in_name(p.text))
                    for p, c in zip(pieces[1:], conjoined[1:])) \
            and not (re.search(r"\b(?:in|of|for|from|at|on|with|to)(?:\s+[A-Z][\w.’'-]*)+$", pieces[0].text)
                     and len(pieces[-1].text.split()) == 1):
        return [p for p in pieces if re.search(r"[A-Za-z]", p.text)]
    return [span]


# "Rush Limbaugh: Hillary": a name before a colon labels the speaker (a headline's or a transcript's)
_SPEAKER_LABEL = re.compile(r"((?:[A-Z][\w.’'-]*\s+){0,3}[A-Z][\w.’'-]*):\s+(?=\S)")
# labels of a page or a story that are no speaker: "UPDATE:", "Editor's Note:", "Breaking News:", "Watch:"
_LABEL_WORDS = {"update", "updated", "updates", "breaking", "watch", "exclusive", "analysis", "opinion", "editor's",
                "editors'", "note", "live", "video", "videos", "photo", "photos", "correction", "clarification",
                "explainer", "factbox", "fact", "related", "read", "listen", "advertisement", "sponsored",
                "editorial", "commentary", "comment", "alert", "developing", "just", "latest", "recommended", "more",
                "see", "also", "q&a", "transcript", "disclaimer", "disclosure"}


def _names_a_speaker(label: str) -> bool:
    """Whether the words before a colon look like a person's or a body's name: not a dateline in capitals
    ("WASHINGTON:") nor a label word ("UPDATE:", "Editor's Note:", "Breaking News:")."""
    first = label.split()[0].lower().replace("’", "'")
    return not label.isupper() and first not in _LABEL_WORDS and label.lower().replace("’", "'") not in _LABEL_WORDS


def _ends_in_name(text: str) -> bool:
    """"former Conservative PM John Major": a lower-case title, then a name (the conjunct after ", and")."""
    words = re.findall(r"[A-Za-z][\w'’.-]*", text)
    return len(words) > 1 and words[-1][0].isupper() and words[-1].lower() not in _PERSON_TITLES \
        and words[-2][0].isupper()


_NOT_A_NAME_TAIL = re.compile(r"\s+(?:(?:has|have|had|is|was|were|will|would|did|does|do|not|also|could|can|may|might|"
                              r"should|must)\b.*|(?:[\s,]*\b(?:in|of|the|a|an|at|on|to|for|with|from|by|and|or|"
                              r"which|who|that|himself|herself|itself|themselves)\b)+)$")
# a time adverbial ending the phrase: "this summer", "last week", "on Monday", "Tuesday night", "yesterday"
_TIME_TAIL = re.compile(r"\s+(?:(?:(?:early|late|earlier|later)\s+)?(?:this|last|next)\s+(?:week|month|year|spring|"
                        r"summer|fall|autumn|winter|weekend|morning|afternoon|evening|night|" + WEEKDAYS + r")|"
                        r"(?:on\s+)?" + WEEKDAYS + r"(?:\s+(?:morning|afternoon|evening|night))?|"
                        r"yesterday|today|tonight|earlier|later)$")
_CORRELATIVE = re.compile(r"(both|neither|either)\s+(?=\S)", re.IGNORECASE)
_ROLE_HEAD = re.compile(r"\b(?:" + _ROLE_NOUNS + r")$", re.IGNORECASE)
# an -ing word that is a noun, not a participle
_ING_NOUNS = (r"morning|evening|building|thing|king|spring|meeting|hearing|briefing|ruling|funding|polling|housing|"
              r"training|earnings|bombing|shooting|killing|spending|reporting|during|according")
# a participle after a plural noun opens a reduced relative clause: "judges handling …", "residents living near …",
# "documents obtained by …"
_PARTICIPLE_CLAUSE = re.compile(r"(?<=[a-z]s)\s+(?!(?:" + _ING_NOUNS + r")\b)(?:[a-z]+ing|[a-z]+ed\s+\S.*)"
                                r"(?:\s+\S.*)?$")
# … and after a singular head noun of a source ("A new poll conducted Monday", "a union representing flight
# attendants"), when words follow it (a participle ending the phrase may be the verb: "the poll released")
_HEAD_PARTICIPLE = re.compile(r"\b(?i:" + _DOCUMENT_NOUNS + "|" + _INSTITUTION_NOUNS + "|" + _ROLE_NOUNS + "|"
                              + _MORE_ROLE_NOUNS + r")(?P<clause>\s+(?!(?:" + _ING_NOUNS
                              + r"|hundred|need|speed|red)\b)(?:[a-z]+ing|[a-z]+ed|led|run|written|paid|held)\s+\S.*)$")


def _reduced_relative(text: str) -> int | None:
    """Where a reduced relative clause after the head noun starts (:data:`_PARTICIPLE_CLAUSE`,
    :data:`_HEAD_PARTICIPLE`), or None."""
    m = _PARTICIPLE_CLAUSE.search(text)
    if m:
        return m.start()
    m = _HEAD_PARTICIPLE.search(text)
    return m.start("clause") if m else None


def _surname_pattern(surname: str) -> str:
    """A surname as a whole word in the article text, possessive or not ("Park", "Park's", "Park’s"), but not a piece
    of a longer name ("O'Neill", "Smith-Jones", "Parkinson"): the name stands there either way, so the titles
    around it, a first name before it and a pronoun after it read it as well (the three readers used to differ on
    "Park's")."""
    return r"(?<![\w’'-])" + re.escape(surname) + r"(?![\w-]|['’](?![sS]\b))"


class _LedgerState:
    """The entries being built, and what is known of each beyond its JSON fields, keyed by entry id (an entry's
    index in ``entries`` until :func:`_merge_titles` renumbers them at the end): the surname and first name of a
    named person, and the name words of a named document ("YouGov" of "a new YouGov survey"). ``text`` is the
    article text the attribution offsets point into (None when unknown): the titles a person is named with are read
    from it wherever the name stands ("Sen." before "Lindsey Graham", "chairman" in "Chuck Grassley (R-IA), Senate
    Finance Committee chairman")."""

    def __init__(self, text: str | None = None):
        self.text = text
        self.entries: list[LedgerEntry] = []
        self.by_key: dict[tuple[str, str], LedgerEntry] = {}  # (type, head key) → entry
        self.surname: dict[int, str] = {}
        self.first: dict[int, str] = {}
        self.doc_names: dict[int, set[str]] = {}
        self.acts: list[tuple[int, Span]] = []  # (sentence, person) doing something that cites no one ("May sought")
        # what the article text says around a surname, read once per name: the pronoun and title rules ask it for
        # every entry at every mention, and each reading scans the whole text
        self._text_titles: dict[tuple, frozenset[str]] = {}
        self._first_names_before: dict[str, bool] = {}
        self._capitalised: dict[str, list[tuple[int, int]]] = {}
        self._surname_places: dict[str, list[int]] = {}
        # an entry's gender, per (entry id, its number of mentions, the number of entries): only a new mention or a
        # new entry (a namesake) can change it; pronouns ask it of every entry
        self._genders: dict[tuple[int, int, int], str | None] = {}

    def gender(self, entry: LedgerEntry) -> str | None:
        """The gender of an entry (:func:`_gender` of its titles, in its mentions and the text, and first name)."""
        key = (entry.id, len(entry.mentions), len(self.entries))
        if key not in self._genders:
            self._genders[key] = _gender(self.person_titles(entry), self.first.get(entry.id))
        return self._genders[key]

    def capitalised_places(self, surname: str) -> list[tuple[int, int]]:
        """Where (start, end) the surname stands capitalised in the article text, in order (read once)."""
        if surname not in self._capitalised:
            text = self.text or ""
            self._capitalised[surname] = [m.span() for m in re.finditer(_surname_pattern(surname), text,
                                                                        re.IGNORECASE) if text[m.start()].isupper()]
        return self._capitalised[surname]

    def surname_places(self, surname: str) -> list[int]:
        """Where the surname stands capitalised in the article text outside quotations, in order (read once)."""
        if surname not in self._surname_places:
            self._surname_places[surname] = [start for start, _ in self.capitalised_places(surname)
                                             if not _in_quotation(self.text, start)]
        return self._surname_places[surname]

    def is_person(self, entry: LedgerEntry) -> bool:
        """Named by a person's name (it has a surname), not an institution, outlet or document."""
        return entry.id in self.surname

    def is_titled(self, entry: LedgerEntry) -> bool:
        """One person known only by a title so far ("the South Carolina senator", "His ex-wife", "Judge")."""
        return not self.is_person(entry) and entry.type == "named" and title_head(name_core(entry.name)) is not None

    def person_titles(self, entry: LedgerEntry) -> set[str]:
        """The title words a person is named with (keys of ``_TITLE_NOUNS``, and gendered words of ``_GENDER_OF``,
        which no title matches): in the mentions, and, with the article
        text, before the name or in an apposition after it wherever the name stands in the text (not where another
        first name stands before the surname, nor anywhere when two cited people share the surname and the first
        name does not tell them apart)."""
        words: set[str] = set()
        for m in entry.mentions:
            words |= _phrase_titles(m["text"])
        surname, first = self.surname.get(entry.id), self.first.get(entry.id)
        if not self.text or not surname:
            return words
        namesakes = sum(self.surname.get(e.id) == surname for e in self.entries) > 1
        return words | self._titles_in_text(surname, first, namesakes)

    def _titles_in_text(self, surname: str, first: str | None, namesakes: bool) -> frozenset[str]:
        """:meth:`person_titles` read from the article text around each place the surname stands (cached)."""
        key = (surname, first, namesakes)
        if key in self._text_titles:
            return self._text_titles[key]
        words: set[str] = set()
        for start, end in self.capitalised_places(surname):
            prev = re.search(r"([A-Z][\w’'-]*\.?)[ \t\xa0]+$", self.text[max(0, start - 40):start])
            given = prev and prev.group(1).lower() not in _PERSON_TITLES \
                and prev.group(1).lower().rstrip(".") not in _TITLE_NOUNS
            if given:
                if prev.group(1).lower() != first and (first or namesakes):
                    continue  # another person of that surname ("Ivana Trump" beside "Donald Trump")
                start -= len(prev.group(0))
            elif namesakes:
                continue
            found = _titles_before(self.text, start) | _titles_after(self.text, end)
            if not given and first:
                # the bare surname may be a relative's ("Ivanka Trump" … "Mr. Trump"): its title words count, not
                # the gender its honorific or kin word gives
                found = {w for w in found if w not in _GENDER_OF}
            words |= found
        self._text_titles[key] = frozenset(words)
        return self._text_titles[key]

    def known_person(self, entry: LedgerEntry) -> bool:
        """A person by more than a capitalised name: a first name the name list knows ("John" Podesta), in a mention
        or before the name in the text, or a person's title or gendered word. A one-word name never given one
        ("WikiLeaks") may be an organisation, which "it" and "the group" can refer to."""
        if not self.is_person(entry):
            return False
        if self.person_titles(entry) or _known_first_name(self.first.get(entry.id)):
            return True
        surname = self.surname[entry.id]
        if surname not in self._first_names_before:
            before = r"([A-Z][\w’'-]*)[ \t\xa0]+(?i:" + _surname_pattern(surname) + ")"
            self._first_names_before[surname] = bool(self.text) and any(
                _known_first_name(m.group(1)) for m in re.finditer(before, self.text))
        return self._first_names_before[surname]

    def party(self, entry: LedgerEntry) -> str | None:
        """"D" or "R" from a party tag after one of the entry's mentions ("Adam Schiff (D-Calif.)"), else None."""
        for m in entry.mentions:
            around = (self.text[m["start"]:m["end"] + 12] if self.text and _in_place(
                Span(m["start"], m["end"], m["text"]), self.text) else m["text"])
            tag = re.search(r"\(([DR])-", around)
            if tag:
                return tag.group(1)
        return None

    def may_be_organisation(self, entry: LedgerEntry) -> bool:
        """Named or an outlet, not a known person, a title or a document: what "the group" can refer back to."""
        return entry.type in ("named", "media_outlet") and not self.known_person(entry) \
            and not self.is_titled(entry) and not _DOCUMENT.search(name_core(entry.name))

    def offices(self, entry: LedgerEntry) -> set[str]:
        """The offices among a person's titles ("sen", "justice"), not descriptions ("nominee") or kin."""
        return {w for w in self.person_titles(entry) if _TITLE_NOUNS.get(w) and w not in _DESCRIPTIONS}

    def latest(self, at: tuple[int, int], fits=lambda e: True) -> tuple[int, LedgerEntry] | None:
        """The entry (that ``fits``) mentioned last before ``at`` (sentence, start), with that mention's sentence."""
        best = None
        for e in self.entries:  # ``fits`` once per entry, for its last mention before ``at``
            pos = max(((m["sentence"], m["start"]) for m in e.mentions if (m["sentence"], m["start"]) < at),
                      default=None)
            if pos is not None and (best is None or pos > best[0]) and fits(e):
                best = (pos, e)
        return (best[0][0], best[1]) if best else None


def build_ledger(attributions: list[Attribution], text: str | None = None) -> list[LedgerEntry]:
    """The article's cited sources: the sources of reporting attributions (an act such as "Biden authorized …" does
    not cite Biden), with the mentions of one source merged into one entry (docs/report.md, "Source ledger"):
    the same surname (a different first name is a different person), outlet, document kind or role noun ("a U.S.
    official" … "The official"); an abbreviation of an earlier name ("CNS" after "Christian News Service"); a title
    used as a name ("the former president", "the South Carolina senator") or "the network" for the person or outlet
    named before, and a title for the one person named with it anywhere in the article; pronouns join the most
    recent source. Coordinated sources are separate sources. ``text``, the article text the offsets point into, lets
    the titles around a name outside its source span count ("Sen. [Lindsey Graham]")."""
    ledger = _LedgerState(text)
    ledger.acts = [(a.sentence, p) for a in attributions if a.source is not None and not a.reporting
                   for p in _people(a.source, text)]
    last: LedgerEntry | None = None
    ahead = _cataphora(attributions, text)
    # a cataphoric pronoun is read after the subject it refers to (the sort is stable: otherwise in text order)
    for att in sorted(attributions, key=lambda a: (a.sentence, id(a) in ahead)):
        if att.source is None or not att.reporting:
            continue
        for part in _source_parts(att.source, text):
            if not re.search(r"[A-Za-z]{2}", part.text) or re.fullmatch(_PARTY_TAG, part.text.strip()):
                continue  # a party tag ("R-S.C.") or a stray mark is not a source
            word = part.text.strip()
            if (_OBJECT_PRONOUN.fullmatch(word) or _FUNCTION_WORD.fullmatch(word)) and not _all_caps(word):
                continue  # "by telling them that …": whom a source speaks to, not who speaks; a lone "the" or "who"
                # ("WHO", "US": an acronym)
            last = _add_mention(ledger, last, att, _sentence_case(part, text), ahead.get(id(att)))
    return _merge_titles(ledger, attributions)


# a short prepositional phrase opening the sentence, up to a possessive pronoun: "In its Tweet …, WikiLeaks said"
_FRONTED_OPENER = re.compile(r"(?:^|[.!?][\"”’')]*\s+|\n\s*)(?:In|On|At|With|After|Before|Through|Throughout|Under|"
                             r"For|Despite|During)(?:\s+[\w’'-]+){0,2}\s+$")


def _cataphora(attributions: list[Attribution], text: str | None) -> dict[int, int]:
    """Possessive pronouns in a phrase fronted before their sentence's subject ("In its Tweet announcing …,
    WikiLeaks said …"), which refer forward to that subject: id of the pronoun's attribution → the start of the
    subject's source span (the first source of the sentence after the comma that ends the phrase)."""
    out: dict[int, int] = {}
    for a in attributions:
        if a.source is None or not _in_place(a.source, text) \
                or a.source.text.strip().lower() not in ("its", "his", "her", "their") \
                or not _FRONTED_OPENER.search(text[max(0, a.source.start - 60):a.source.start]):
            continue
        comma = text.find(",", a.source.end, _sentence_end(text, a.source.end))
        after = [b.source.start for b in attributions if b.sentence == a.sentence and b.source is not None
                 and b.reporting and comma >= 0 and b.source.start > comma]
        if after:
            out[id(a)] = min(after)
    return out


# a name read backwards from where it ends: capitalised words, initials and title nouns ("senator Bob Corker",
# "Rep. Gwen Moore", "House Speaker Nancy Pelosi")
# (one way to read each word: a capitalised word takes its own full stops, a lower-case title its one, so that
# ``search``, trying each start, stays polynomial; "(?:[A-Z][\w.’'-]*\.?\s+)*" read "A. A. A." in 2ⁿ ways)
_NAME_BEFORE = re.compile(r"(?:(?:[A-Z][\w.’'-]*|(?:" + "|".join(sorted(_TITLE_NOUNS, key=len, reverse=True))
                          + r")\.?)[ \t\xa0]+)*[A-Z][\w.’'-]*$")
# a noun phrase read backwards from where it ends, to its determiner: "the Saudi government", "Boeing"
_PHRASE_BEFORE = re.compile(r"(?:\b(?:the|a|an|this|its|their|his|her)\s+(?:[\w’'-]+\s+){0,3}[\w’'-]+"
                            r"|(?:[A-Z][\w.’'-]*\s+){0,3}[A-Z][\w.’'-]*"
                            r"|\b(?:\d[\d,]*|two|three|four|five|six|seven|eight|nine|ten|dozens|hundreds|thousands|"
                            r"those|others|many|some|several|most|all|both)(?:\s+[a-z][\w’'-]*)?)$")
_PARTY_TAG = r"[RDI]-[A-Z][\w.-]*"


def _in_place(span: Span, text: str | None) -> bool:
    """Whether the span's offsets point at its text in the article text (in any case: :func:`_sentence_case` may
    have lower-cased it). The repairs that read the text around a span trust only such a span."""
    return bool(text) and 0 <= span.start <= span.end <= len(text) \
        and text[span.start:span.end].lower() == span.text.lower()


def _whole_phrases(span: Span, text: str | None) -> list[Span]:
    """The source span repaired from the article text where the head cut a noun phrase short: "Rep" → "Rep. G.K.
    Butterfield" (a title needs its name); "D-Wis" in "Rep. Gwen Moore (D-Wis.)" → the name the party tag belongs
    to; "which" in "the Saudi government, which has denied" → the phrase it stands for; "and Chuck Schumer" after
    "Nancy Pelosi, D-Calif., " → both conjuncts (the head tagged only the last)."""
    if not _in_place(span, text):
        return [span]
    t = span.text.strip()
    if t.lower().rstrip(".") in _TITLE_NOUNS or t.lower() in _PERSON_TITLES - {"the", "a", "an"}:
        # the name after the title, within its sentence: a full stop only after a title written short ("Rep.", not
        # "said the President. Democrats …"), and none after a word of the name but an initial ("G.K.")
        dot = r"\.?" if t.lower().rstrip(".") + "." in _ABBREVIATED_TITLES else ""
        m = re.match(dot + r"[ \t\xa0]+((?:[A-Z][\w.’'-]*[ \t\xa0]+)*[A-Z][\w’'-]*)", text[span.end:span.end + 80])
        if m:
            name = m.group(1)
            for w in re.finditer(r"\S+", name):
                if _ends_sentence(w.group(0)):
                    name = name[:w.end() - 1]
                    break
            end = span.end + m.start(1) + len(name)
            if re.search(r"[A-Za-z]", name):
                return [Span(span.start, end, text[span.start:end])]
    before = text[max(0, span.start - 120):span.start]
    if re.fullmatch(_PARTY_TAG, t.rstrip(".")) and before.endswith("("):
        return _phrase_ending(text, span.start - 1, _NAME_BEFORE) or [span]
    if t in ("which", "who"):  # lower case: a relative pronoun, never "Who" the organisation
        # the phrase before it, across a comma ("the Saudi government, which") or not ("three who allege"); a
        # relative pronoun standing for nothing the text shows is no source
        m = re.search(r",?\s*$", before)
        return _phrase_ending(text, span.start - len(m.group(0)), _PHRASE_BEFORE) or []
    if re.match(r"and\s+[A-Z]", t):
        m = re.search(r"(?:,\s*" + _PARTY_TAG + r")?,?\s*$", before)
        first = _phrase_ending(text, span.start - len(m.group(0)), _NAME_BEFORE)
        if first and _name_words(first[0].text):
            return first + [span]
    return [span]


def _phrase_ending(text: str, end: int, pattern: re.Pattern) -> list[Span] | None:
    """The phrase (``pattern``, anchored at its end) that ends at ``end`` in the text, as a one-span list."""
    end = len(text[:end].rstrip())
    m = pattern.search(text[max(0, end - 100):end])
    if not m or not m.group(0).strip():
        return None
    start = end - len(m.group(0))
    return [Span(start, end, text[start:end])]


# a full stop that ends a sentence: not after a title or an initial ("Rep.", "G.K.", "U.S."), and a capital next
_SENTENCE_END = re.compile(r"(?<!\b[A-Z])(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bRep)(?<!\bSen)(?<!\bGov)"
                           r"(?<!\bGen)[.!?][\"”’')]*\s+(?=[“\"‘'(]?[A-Z0-9])")


def _sentence_end(text: str, pos: int) -> int:
    """Where the sentence that ``pos`` is in ends (the start of the next one), or the end of the text."""
    m = _SENTENCE_END.search(text, pos)
    return m.end() if m else len(text)


def _in_quotation(text: str, pos: int) -> bool:
    """Whether ``pos`` is inside a quotation: the nearest curly quote before it opens one, or an odd number of
    straight quotes stands between the start of its paragraph and it."""
    para = text.rfind("\n", 0, pos) + 1
    curly = max(text.rfind("“", para, pos), text.rfind("”", para, pos))
    if curly >= 0:
        return text[curly] == "“"
    return text.count('"', para, pos) % 2 == 1


_DETERMINER = re.compile(r"the|a|an|his|her|its|their|our|my|your|this|that|these|those|he|she|it|they|we|i|you",
                         re.IGNORECASE)


def _sentence_case(span: Span, text: str | None) -> Span:
    """A source that starts its sentence with a capital the word has nowhere else in the article, in lower case, so
    that its type and identity are read as the article writes the word mid-sentence, when the word is a common noun:
    the article writes it in lower case elsewhere ("Polls" beside "polls"), or it is a quantifier ("Few", "Most"),
    or the census name lists know it neither as a first name nor as a surname ("Demonstrators", "Organizers"; not
    "Cole" in "Cole said yes. Cole said no."). The mention keeps the article's spelling."""
    m = re.match(r"([A-Z][a-z]+)\b(?!\W+[A-Z])", span.text)  # not "Chris Christie": a name goes on
    if not m or not _in_place(span, text):
        return span
    before = text[max(0, span.start - 20):span.start].rstrip(" \t\xa0\"“‘'")
    if before and before[-1] not in ".!?:\n":
        return span
    word = m.group(1)
    capitalised, lower = _article_words(text)
    w = word.lower()
    common = w in lower or w in _QUANTIFIER_WORDS or (w not in _first_names() and w not in _surnames())
    if word in capitalised or not common or w in _PERSON_TITLES or _DETERMINER.fullmatch(word):
        return span  # capitalised mid-sentence somewhere, or a name that happens to start its sentences
    return Span(span.start, span.end, word.lower() + span.text[len(word):])


@functools.lru_cache(maxsize=8)
def _article_words(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """The capitalised words an article writes mid-sentence (after a lower-case word, a comma or a semicolon), and
    its lower-case words: read once per article, not once per sentence-initial source."""
    capitalised = frozenset(re.findall(r"(?<=[a-z,;])\s+(?:[\"“‘'(]\s*)?([A-Z][a-z]+)\b", text))
    return capitalised, frozenset(re.findall(r"(?<![\w’'-])[a-z]+(?![\w’'-])", text))


def _source_parts(span: Span, text: str | None) -> list[Span]:
    """A source span completed from the text (:func:`_whole_phrases`) and cut into its sources
    (:func:`split_sources`)."""
    return [p for whole in _whole_phrases(span, text) for p in split_sources(whole)]


def _people(span: Span, text: str | None) -> list[Span]:
    """The people a source span names ("Christie, who" → "Christie"): neither institutions, outlets nor groups."""
    out = []
    for part in _source_parts(span, text):
        core = name_core(part.text)
        if source_type(part.text) == "named" and _name_words(core) and _names_a_person(core) \
                and not _INSTITUTION.match(core) and not _DOCUMENT.search(core):
            out.append(part)
    return out


def _merge_titles(ledger: _LedgerState, attributions) -> list[LedgerEntry]:
    """A source known only by a title joins the person it names, once all mentions are in:

    - in the headline and lead, before the article names anyone ("Lawmaker urges …", "Retired General reveals …",
      "Former White House Doctor says …", "A New York judge has rejected …"): the person named with that title
      ("Gen. Norman Ham", "Dr. Connie Mariano"), else the person the lead cites; a bare singular role noun in
      headline style ("Member of House panel says …") too;
    - anywhere ("the president", "The judge"): the one person the article names with that title ("President Obama",
      "Justice Frank Nervo"); with two such people, or none, it stays apart."""
    entries = ledger.entries
    people = [e for e in entries if ledger.is_person(e)]
    cited = [a.sentence for a in attributions if a.ledger_id is not None]
    if not people or not cited:
        return entries
    first = min(cited)
    named_from = min(m["sentence"] for e in people for m in e.mentions)  # the first sentence naming a person
    titles = {e.id: {k for w in ledger.person_titles(e) for k in title_keys(w)} for e in people}
    gone: dict[int, LedgerEntry] = {}
    for e in entries:
        if ledger.is_person(e) or e.type not in ("named", "anonymous"):
            continue
        head = title_head(name_core(e.name))
        marks = title_keys(head) if head and _TITLE_NOUNS.get(head) else set()
        lead = all(m["sentence"] < named_from for m in e.mentions)
        role = _ANON.search(e.name)
        bare_role = (e.type == "anonymous" and role is not None and not role.group(1).lower().endswith("s")
                     and re.match(r"[A-Z]", e.name) and not re.match(r"(?:the|a|an|one|some)\b", e.name, re.I))
        if not marks and not (lead and bare_role):
            continue
        hits = [x for x in people if x.id not in gone and marks & titles[x.id]]
        hit = hits[0] if hits and (lead or len(hits) == 1) else None
        if hit is None and lead and not hits and not e.name.lower().endswith("s"):
            hit = next((x for x in sorted(people, key=lambda x: min(m["sentence"] for m in x.mentions))
                        if x.id not in gone and min(m["sentence"] for m in x.mentions) <= first + 3), None)
        if hit is not None:
            hit.mentions[:] = sorted(e.mentions + hit.mentions, key=lambda m: (m["sentence"], m["start"]))
            gone[e.id] = hit
    if not gone:
        return entries
    kept = [e for e in entries if e.id not in gone]
    new_id = {}
    for i, e in enumerate(kept):
        new_id[e.id] = i
    for old, e in gone.items():
        while e.id in gone:  # a title entry that joined one which joined another
            e = gone[e.id]
        new_id[old] = new_id[e.id]
    for a in attributions:
        if a.ledger_id is not None:
            a.ledger_id = new_id[a.ledger_id]
    for i, e in enumerate(kept):
        e.id = i
    return kept


# a share of a group cited before: "73 percent", "a majority", "half"
_SHARE = re.compile(r"(?:(?:only|nearly|about|almost|roughly|some|just|over|more than|fewer than|less than)\s+)?"
                    r"(?:\d[\d.,]*\s*(?:percent|per cent|%)|(?:a|the)\s+majority|most|half|a third|two[- ]thirds|"
                    r"a quarter|three[- ]quarters)", re.IGNORECASE)
# a document of the source's own, named by its kind with "the": "the data", "the book", "the statement"
_OWN_DOCUMENT = re.compile(r"the\s+(?:[a-z-]+\s+)?(?:data|figures|estimates|book|memoir|statement|letter|memo|"
                           r"email|emails|remarks|comments|account|brief|filing|submission|testimony|speech|tweet|"
                           r"post|transcript|announcement)", re.IGNORECASE)


def _find_entry(ledger: _LedgerState, source: Span, stype: str, key: tuple, at: tuple[int, int] = (1 << 30, 0)
                ) -> LedgerEntry | None:
    """The existing entry this mention (at (sentence, start)) belongs to, or None (see :func:`build_ledger`)."""
    entries = ledger.entries
    text = name_core(source.text)
    if stype == "named" and not key[1].startswith("document:") and not _INSTITUTION.match(text):
        names = _name_words(text)
        first = names[-2].lower() if len(names) > 1 else None
        namesake = False
        for e in reversed(entries):  # the same surname; a different first name is someone else
            if e.type == "named" and ledger.surname.get(e.id) == key[1]:
                other = ledger.first.get(e.id)
                if first is None or other is None or other == first:
                    return e
                namesake = True
        if namesake:
            return None
        if len(names) == 1 and not any(ledger.surname.get(e.id) == key[1] for e in entries):
            # "Ikhsan" after "Garuda spokesperson Ikhsan Rosan", "Melania" after "Melania Trump": a given name used
            # alone is the one person cited with it
            given = [e for e in entries if e.type == "named" and ledger.first.get(e.id) == key[1]]
            if len(given) == 1:
                return given[0]
    if stype in ("named", "media_outlet") and re.fullmatch(r"(?:the\s+)?[A-Z]{2,6}", text):
        abbr = text.split()[-1]  # "CNS" after "Christian News Service", "RT" after "Russia Today"
        for e in reversed(entries):
            if e.type in ("named", "media_outlet") and _initials(e.name) == abbr:
                return e
    if key[1].startswith("document:") and _ANOTHER.match(text):
        return None  # "Another email", "a second poll": not the one cited before
    entry = ledger.by_key.get(key)
    if entry is not None and key[1].startswith("document:"):
        mine, other = _document_names(text), ledger.doc_names.get(entry.id, set())
        if mine and other and not mine & other:
            entry = None  # "a new YouGov survey" is not "a CNN poll"
    if entry is not None:
        return entry
    if stype == "media_outlet" and re.match(r"^(?:the|this)\s", source.text, re.I) and _GENERIC_OUTLET.search(
            source.text) and not _OUTLET_RE.search(source.text):
        return next((e for e in reversed(entries) if e.type == "media_outlet"), None)  # "the network"
    if stype == "anonymous" and _SHARE.fullmatch(display_name(source.text).strip()):
        # "73 percent" after "Only 52 percent of registered voters": a part of the group just cited
        group = ledger.latest(at, lambda e: e.type == "anonymous" and bool(re.search(r"\bof\b|s$", e.name)))
        return group[1] if group and group[0] >= at[0] - 3 else None
    if key[1].startswith("document:") and _OWN_DOCUMENT.fullmatch(text):
        # "the data", "the book" with no document of the kind cited before: the word of the source just cited
        recent = ledger.latest(at)
        return recent[1] if recent and recent[0] >= at[0] - 3 else None
    party = _PARTY_MEMBER.match(text)
    if party and stype == "named":
        # "The registered Democrat", "the Democrat": the person cited last, if in the last few sentences and not
        # tagged with the other party ("Rep. Adam Schiff (D-Calif.)" is no Republican)
        recent = ledger.latest(at, ledger.is_person)
        if recent and recent[0] >= at[0] - 3 and ledger.party(recent[1]) in (None, party.group("party")[0]):
            return recent[1]
        return None
    title = _DEFINITE_TITLE.match(text)
    if title and title.group(1).islower():
        # a title used as a name joins the person named before with that title ("Sen. Lindsey Graham" … "the South
        # Carolina senator"); a title others hold too ("the mayor") or a description ("the billionaire mogul") that
        # matches no one stays an entry of its own: a split is a smaller error than merging two people
        head = title.group(1).lower()
        marks = title_keys(head) if _TITLE_NOUNS.get(head) else set()
        people = [e for e in reversed(entries) if e.type == "named" and ledger.is_person(e)]
        hit = next((e for e in people if marks & {k for w in ledger.person_titles(e) for k in title_keys(w)}), None)
        if hit is None and head in _DESCRIPTIONS:
            # the one person cited so far who holds no office ("Justice Frank Nervo" is not "the GOP presidential
            # nominee", "Sen. Lindsey Graham" not "the billionaire estate mogul"); "leader" goes with any title
            free = [e for e in people if head == "leader" or not ledger.offices(e)]
            if len(free) == 1:
                hit = free[0]
        if hit is None:
            hit = _earlier_title(ledger, head)
        if hit is None and re.match(r"\w+\s+\S+\s", text):
            hit = _person_before_in_sentence(ledger, source, at)
        return hit
    head = title_head(text)
    if head and not re.match(r"(?:a|an)\s", text, re.IGNORECASE):
        return _earlier_title(ledger, head)  # "Judge" (a headline) after "a Manhattan judge"
    return None


# a person known by party membership, one of them: "the Democrat", "The registered Republican"
_PARTY_MEMBER = re.compile(r"^(?i:the)\s+(?:registered\s+|(?:" + _US_STATES + r")\s+)?(?P<party>Democrat|Republican)$")
_ANOTHER = re.compile(r"(?:another|other|a second|a third|a further|a different|a separate)\s", re.IGNORECASE)


def _person_before_in_sentence(ledger: _LedgerState, source: Span, at: tuple[int, int]) -> LedgerEntry | None:
    """"As far as whether Sanders still senses anger …, the Vermont senator acknowledged …": a title with a
    modifier (an epithet) that names no one else is the one person named before it in its own sentence."""
    people = {ledger.surname[e.id]: e for e in ledger.entries if ledger.is_person(e)
              for m in e.mentions if m["sentence"] == at[0] and m["start"] < source.start}
    acts = [p for i, p in ledger.acts if i == at[0] and p.start < source.start
            and _head_key(p.text, "named") not in people]  # a cited person named again in an act is one person
    if len(people) + len(acts) != 1:
        return None
    return next(iter(people.values())) if people else _entry_for(ledger, acts[0], "named", at)


def _earlier_title(ledger: _LedgerState, head: str) -> LedgerEntry | None:
    """The most recent entry known only by the same title, named or not ("a Manhattan judge", "a company director"
    … "the judge", "the director")."""
    keys = title_keys(head) if _TITLE_NOUNS.get(head) else {head}
    for e in reversed(ledger.entries):
        if e.type in ("named", "anonymous") and not ledger.is_person(e):
            other = title_head(name_core(e.name))
            if other and (other == head or keys & title_keys(other)):
                return e
    return None


def _document_names(core: str) -> set[str]:
    """The capitalised words of a document's name, after its first word, in pieces ("a new Washington Post-ABC News
    national poll" → washington, post, abc, news; "The Post/ABC poll" → post, abc)."""
    return {p.lower() for w in re.findall(r"[A-Za-z][\w'’./-]*", core)[1:] if w[0].isupper()
            for p in re.findall(r"[A-Z]{2,}(?![a-z])|[A-Za-z][a-z]*", w)}


_PRONOUN_GENDER = {"he": "male", "his": "male", "she": "female", "her": "female"}


# one sex bears the name this many times as often as the other before the name says which ("Lindsey", "Chris",
# "Terry", "Bernie" say nothing: a wrong gender would send a pronoun to the wrong person)
_NAME_GENDER_RATIO = 20


@functools.cache
def _first_names() -> dict[str, str | None]:
    """The first names of the 1990 US census, as the MIT-licensed ``names`` package ships them (public-domain data),
    each with the sex that bears it ("male", "female") or None when both do; read once, when a pronoun needs it."""
    import names

    share: dict[str, dict[str, float]] = {}
    for sex in ("male", "female"):
        with open(names.FILES[f"first:{sex}"], encoding="utf-8") as f:
            for line in f:
                name, percent = line.split()[:2]
                share.setdefault(name.lower(), {})[sex] = float(percent)
    return {name: ("male" if by.get("male", 0) >= _NAME_GENDER_RATIO * by.get("female", 0) else
                   "female" if by.get("female", 0) >= _NAME_GENDER_RATIO * by.get("male", 0) else None)
            for name, by in share.items()}


@functools.cache
def _surnames() -> frozenset[str]:
    """The surnames of the 1990 US census (the ``names`` package's list), read once when a sentence-initial source
    must be told from a common noun."""
    import names

    with open(names.FILES["last"], encoding="utf-8") as f:
        return frozenset(line.split()[0].lower() for line in f if line.strip())


# quantifiers that head a group source at a sentence start ("Few saw reason", "Most said"): census surnames too
_QUANTIFIER_WORDS = {"few", "most", "many", "several", "some", "all", "both", "additional", "other", "others", "more"}


def _first_name(core: str) -> str | None:
    """The first name of a person's name ("Sen. Ann Cole" → "ann"), as :func:`_entry_for` records it."""
    names = _name_words(core)
    return names[-2].lower() if len(names) > 1 and _names_a_person(core) else None


def _known_first_name(word: str | None) -> bool:
    """Whether the census list knows the word as a first name, of either sex ("Julian", not "Morning")."""
    return bool(word) and word.lower() in _first_names()


def _gender(titles: set[str], first: str | None) -> str | None:
    """"male", "female" or None (unknown) for a person named with these title words and first name: a gendered
    title or role word decides ("Mrs.", "spokeswoman", "his ex-wife"; both kinds say nothing), else the first name
    (:func:`_first_names`: a name both sexes bear, as Lindsey in Sen. Lindsey Graham, or an unknown one says nothing)."""
    said = {_GENDER_OF[w] for w in titles if w in _GENDER_OF}
    if len(said) == 1:
        return said.pop()
    if not first:
        return None
    return _first_names().get(first.lower())


def _antecedent(ledger: _LedgerState, pronoun: str, last: LedgerEntry | None, at: tuple[int, int] = (1 << 30, 0),
                offset: int | None = None) -> LedgerEntry | None:
    """The most recent source a pronoun can refer to: "he"/"she" a person (named, known by a title, or a singular
    unnamed role), "it" an organisation, outlet or document, "they" anyone but a single named person. ``offset``,
    the pronoun's place in the article text, lets a person mentioned between that source and the pronoun win
    (:func:`_intervening_person`)."""
    p = pronoun.strip().lower()

    gender = _PRONOUN_GENDER.get(p)

    def person(e):
        return (e.type == "named" and (ledger.is_person(e) or ledger.is_titled(e))) or (
            e.type == "anonymous" and not e.name.lower().endswith("s"))

    def gendered_person(e):  # "she" is never a man, "he" never a woman; a person of unknown gender fits both
        return person(e) and ledger.gender(e) in (None, gender)

    def thing(e):  # an organisation, outlet or document; a one-word name like "WikiLeaks" may be one
        return not person(e) or (ledger.is_person(e) and not ledger.known_person(e))

    fits = {"he": gendered_person, "she": gendered_person, "his": gendered_person, "her": gendered_person, "i": person,
            "it": thing, "its": thing,
            "they": lambda e: not (e.type == "named" and ledger.is_person(e)),
            "their": lambda e: not (e.type == "named" and ledger.is_person(e))}.get(p)
    if fits is None:
        return last
    # the most recent source mentioned before the pronoun (not one named later in its sentence)
    found = ledger.latest(at, fits)
    if p in ("he", "she", "his", "her") and offset is not None:
        since = max((m["end"] for m in found[1].mentions if (m["sentence"], m["start"]) < at), default=-1) \
            if found else -1
        between = _intervening_person(ledger, since, offset, at, gender)
        if between is not None:
            return between
    return found[1] if found else None


def _intervening_person(ledger: _LedgerState, since: int, until: int, at: tuple[int, int],
                        gender: str | None = None) -> LedgerEntry | None:
    """A person mentioned in the article text after ``since`` and before ``until`` (a pronoun's offset), the last
    one: a cited person's surname ("Trump has record low support … He recently pitched himself … he said"), or
    someone the head found doing something that cites no one ("UK Prime Minister Theresa May previously sought
    … She was unable …"), who then becomes an entry. A pronoun refers to the nearest person, not across another;
    but a person known to be of the other ``gender`` than the pronoun's does not come between."""
    best: tuple[int, object] | None = None
    text = ledger.text
    if text and since >= 0:
        # not the objects of the source's own sentence ("Formicola … described Trump's approach. … she said"): the
        # subject of the sentence before is the pronoun's first choice; nor anyone named inside a quotation
        since = _sentence_end(text, since)
        for e in ledger.entries:
            surname = ledger.surname.get(e.id)
            if e.type != "named" or not surname or not any((m["sentence"], m["start"]) < at for m in e.mentions) \
                    or ledger.gender(e) not in (None, gender):
                continue
            places = ledger.surname_places(surname)
            i = bisect.bisect_right(places, until - len(surname)) - 1  # the last place ending before the pronoun
            if i >= 0 and places[i] >= since and (best is None or places[i] > best[0]):
                best = (places[i], e)
    for _, act in ledger.acts:
        if since <= act.start < until and (best is None or act.start > best[0]) and (gender is None or _gender(
                _phrase_titles(act.text) | (_titles_before(text, act.start) if text else set()),
                _first_name(name_core(act.text))) in (None, gender)):
            best = (act.start, act)
    if best is None or isinstance(best[1], LedgerEntry):
        return best[1] if best else None
    return _entry_for(ledger, best[1], "named", at)


# "Her submission to the court", "his statement": the word of whoever the pronoun refers to
_POSSESSED_DOCUMENT = re.compile(r"^(his|her|their|its)\s+(?:[\w-]+\s+){0,2}?(?:" + _DOCUMENT_NOUNS + r")\b"
                                 r"(?!.*\b(?:and|or)\b)", re.IGNORECASE)


# a document an institution issued, named by the kind of institution: "the ministry statement", "a police report";
# its modifiers must be in the institution's name ("the foreign ministry statement" is not the Defense Ministry's)
_INSTITUTION_DOCUMENT = re.compile(r"^(?i:the|an?)\s+(?P<modifiers>(?:[a-z][\w’'-]*\s+){0,2}?)(?P<noun>(?i:"
                                   + _INSTITUTION_NOUNS + r"|ministry|police))\s+(?i:statement|report|alert|notice|"
                                   r"notification|release|announcement|letter|memo)$")
# a definite description headed by an organisation noun, with lower-case modifiers only ("the Teamsters union" is a
# name): it refers back, like "it"
_ORGANISATION_DESCRIPTION = re.compile(r"^(?i:the)\s+(?:[a-z][\w’'-]*\s+){0,2}(?i:group|organi[sz]ation|company|firm|"
                                       r"corporation|agency|union|association|nonprofit|charity)$")


def _add_mention(ledger: _LedgerState, last, att: Attribution, source: Span, subject: int | None = None
                 ) -> LedgerEntry:
    """Add one source mention to its entry (made if there is none); ``subject``, for a cataphoric pronoun, is where
    the subject it refers forward to starts (:func:`_cataphora`)."""
    stype = source_type(source.text) if source is not att.source else att.source_type
    mention = {"sentence": att.sentence, "start": source.start, "end": source.end, "text": _verbatim(ledger, source)}
    at = (att.sentence, source.start if subject is None else subject + 1)
    offset = source.start if _in_place(source, ledger.text) else None  # where the text around it can be read
    entry = _antecedent(ledger, source.text, last, at, offset) if stype == "pronoun" else None
    if entry is None and _ORGANISATION_DESCRIPTION.match(source.text):
        # "the group", "the document-dumping organization": like "it", the organisation mentioned last
        found = ledger.latest(at, ledger.may_be_organisation)
        entry = found[1] if found else None
    issuer = _INSTITUTION_DOCUMENT.match(display_name(source.text).strip())
    if entry is None and issuer:
        # "the ministry statement", "A government statement": the word of the ministry or government cited before
        words = issuer.group("modifiers").lower().split()

        def issued(e):  # an institution named with that noun last, and with every modifier of the description
            name = name_core(e.name).lower()
            return e.type == "named" and re.search(r"\b" + re.escape(issuer.group("noun").lower()) + r"$", name) \
                and all(re.search(r"\b" + re.escape(w) + r"\b", name) for w in words)
        found = ledger.latest(at, issued)
        entry = found[1] if found else None
    owner = _POSSESSED_DOCUMENT.match(source.text)
    if entry is None and owner and stype == "named":
        entry = _antecedent(ledger, owner.group(1), None, at, offset)  # "Her submission to the court": her word
    if entry is None:
        entry = _entry_for(ledger, source, stype, at)
    if not any((m["sentence"], m["start"], m["end"]) == (att.sentence, source.start, source.end)
               for m in entry.mentions):
        entry.mentions.append(mention)  # one source span can serve two cues; it is one mention
    if att.venue and att.venue not in entry.venues:
        entry.venues.append(att.venue)
    att.ledger_id = entry.id
    return entry


def _verbatim(ledger: _LedgerState, source: Span) -> str:
    """The source as the article writes it (:func:`_sentence_case` lower-cases a sentence's first capital)."""
    written = ledger.text[source.start:source.end] if ledger.text else source.text
    return written if written.lower() == source.text.lower() else source.text


def _entry_for(ledger: _LedgerState, source: Span, stype: str, at: tuple[int, int]) -> LedgerEntry:
    """The entry a (non-pronoun) mention belongs to, made if there is none, with what the mention tells of it (a
    fuller name, its type, a person's surname and first name, a document's maker)."""
    key = (stype if stype != "pronoun" else "unknown", _head_key(source.text, stype))
    outlet = _outlet_named_before(ledger, source) if stype in ("media_outlet", "named") else None
    if outlet is not None:  # "the newspaper", "The Post" after "The Washington Post": that outlet, cited or not
        stype, key = "media_outlet", ("media_outlet", outlet[1])
        entry, name = ledger.by_key.get(key), outlet[0]
    else:
        entry, name = _find_entry(ledger, source, stype, key, at), display_name(_verbatim(ledger, source))
    if entry is None:
        # a "he" or "she" whose antecedent is not a cited source is a person the article names elsewhere
        etype = "named" if stype == "pronoun" and source.text.strip().lower() in ("he", "she") else key[0]
        entry = LedgerEntry(len(ledger.entries), name, etype)
        ledger.entries.append(entry)
        ledger.by_key[key] = entry
    elif (len(name) > len(entry.name) and not _DEFINITE_ROLE.match(source.text)
          and not (_PARTY_MEMBER.match(name) and entry.id in ledger.first)
          and not (_DEFINITE_TITLE.match(name_core(source.text)) and entry.type == "named")
          and not _SHARE.fullmatch(name.strip()) and (stype == entry.type or entry.type != "named")):
        entry.name = name
    if stype == "named" and entry.type not in ("named", "media_outlet") and not title_head(name_core(source.text)):
        entry.type = "named"  # "Retired General" … "Gen. Norman Ham": the name decides ("the judge" does not)
    elif stype == "media_outlet" and entry.type == "named":
        entry.type = "media_outlet"  # "Russia Today" … "RT": a known outlet by its short name
    core = name_core(source.text)
    if key[1].startswith("document:"):
        ledger.doc_names.setdefault(entry.id, set()).update(_document_names(core))
    elif stype == "named" and not _INSTITUTION.match(core):
        if _name_words(core) and _names_a_person(core):
            ledger.surname.setdefault(entry.id, key[1])  # the first surname stays
            first = _first_name(core)
            if first and ledger.surname[entry.id] == key[1]:
                ledger.first.setdefault(entry.id, first)
    return entry


# the short names an outlet goes by once named in full ("The Post" for "The Washington Post"), which alone name no
# one outlet; and a piece an outlet publishes, which speaks for it ("The Post editorial")
_SHORT_OUTLETS = {"post", "times", "journal"}
_OUTLET_PIECE = re.compile(r"^(?P<outlet>\S[^\s’']*(?:\s\S[^\s’']*){0,3}?)(?:['’]s)?\s(?:editorial|editorials|op-ed|"
                           r"report|reporting|analysis|investigation|story|article|poll|survey)$", re.IGNORECASE)
# outlet names that are also ordinary words or places, taken as outlets only when written "The X" ("the Hill" of
# Congress, "across the Atlantic")
_AMBIGUOUS_OUTLETS = {"hill", "atlantic", "federalist", "economist", "guardian", "independent", "intercept", "enquirer",
                      "vice", "vox"}
_OUTLET_REACH = 2000  # characters: how far back a description or short name looks for the outlet named in full


def _outlet_named_before(ledger: _LedgerState, source: Span) -> tuple[str, str] | None:
    """The news organisation a description ("the newspaper", "the influential daily"), a short name ("The Post")
    or one of its pieces ("The Post editorial") refers to: the outlet the article text last names in full in the
    ``_OUTLET_REACH`` characters before the mention, as (its name as written, its key); None when the mention is none
    of these or no such outlet is named."""
    text = ledger.text
    if text is None or not _in_place(source, text):
        return None
    phrase = display_name(source.text).strip()
    if len(phrase) > 80:
        return None
    piece = _OUTLET_PIECE.match(phrase)
    if piece and (_OUTLET_RE.fullmatch(piece.group("outlet")) or _GENERIC_OUTLET.fullmatch(piece.group("outlet"))):
        phrase = piece.group("outlet")
    short = re.sub(r"^the\s+", "", phrase.lower())
    # "the paper" may be a scientific paper: only the short names of newspapers and the other descriptions of outlets
    if short == "paper" or short not in _SHORT_OUTLETS and not re.fullmatch(_OUTLET_DESCRIPTION, phrase):
        return None
    for m in reversed(list(_OUTLET_RE.finditer(text, max(0, source.start - _OUTLET_REACH), source.start))):
        full = re.sub(r"^the\s+", "", m.group(0).lower())
        named = re.sub(r"^the\s+", "", m.group(0), flags=re.IGNORECASE)
        written_the = re.search(r"\bThe\s+$", text[max(0, m.start() - 4):m.start()]) or m.group(0).startswith("The ")
        # a name written as one (capitalised or an acronym) and not the start of a longer name ("Federalist
        # Society", "Atlantic Council"), more than a short name
        if (full in _SHORT_OUTLETS or not all(w[0].isupper() for w in named.split())
                or full in _AMBIGUOUS_OUTLETS and not written_the or re.match(r"\s+[A-Z]", text[m.end():m.end() + 2])):
            continue
        if short in _SHORT_OUTLETS and not full.endswith(" " + short):
            continue
        return ("The " if written_the and not m.group(0).startswith("The ") else "") + m.group(0), full
    return None


# read from the start of a run of spaces, one way ("(?:\s*+,)?\s+" is "\s*,?\s+"): tried from every space of a long
# run, and every split of it, the clause patterns were cubic in its length
_VENUE_CLAUSE = re.compile(r"(?<!\s)(?:\s*+,)?\s+(?:who\s+)?(?:speaking|spoke|talking|talked|writing|wrote)\s+(?:to|with|in|on)"
                           r"\s+.+$", re.IGNORECASE)


_RELATIVE_CLAUSE = re.compile(r"(?<!\s)\s*+,\s+(?:who|whose|which)\b.*$")  # lower case: "…, WHO director-general" stays


def display_name(text: str) -> str:
    """The source without a venue or relative clause: "A U.S. official speaking to Politico" → "A U.S. official";
    "Councillor Dana Whitlow, who voted against it" → "Councillor Dana Whitlow"."""
    out = _RELATIVE_CLAUSE.sub("", _VENUE_CLAUSE.sub("", text)).strip(" ,") or text
    m = _MADE_DOCUMENT_OF.match(out) or _SURVEY_SAMPLE.match(out)
    return m.group(1) if m else out


# "a USA TODAY analysis of newly filed reports": a document named by its maker; what it is of is its subject
# ("a review of records", with no maker, keeps it: the subject is all that names it)
_MADE_DOCUMENT_OF = re.compile(r"^((?:[Aa]n?|[Tt]he)\s+(?:[\w.’'/-]+\s+){0,3}?[A-Z][\w.’'/-]*\s+"
                               r"(?:[\w.’'/-]+\s+){0,2}?(?i:" + _DOCUMENT_NOUNS + r"))\s+of\s+\S.*$")


# a poll named with the people it asked: "The survey of more than 25,000 voters" is "The survey"
_SURVEY_SAMPLE = re.compile(r"^((?:[Aa]n?|[Tt]he)\s+(?:[\w.’'/-]+\s+){0,3}?(?i:survey|poll|study))\s+of\s+"
                            r"(?:(?:more than|nearly|almost|about|around|some|over|roughly|just over|fewer than)\s+)?"
                            r"[\d,.]+\b.*$")


def extract_attributions(sentences, token_outputs) -> list[Attribution]:
    """Assemble attributions from the attribution head's tags, sentence by sentence (see the module docstring)."""
    out: list[Attribution] = []
    cue_at: list[tuple] = []  # per attribution: its sentence, and where its cue and source start in the sentence
    for s, tok in zip(sentences, token_outputs):
        if tok is None or "attribution" not in tok.probs:
            continue
        spans = decode_tagged(s.text, tok.offsets, tok.probs["attribution"])
        cues = [x for x in spans if x[2] == "CUE"]
        # a piece that starts with a preposition ("of state") is a fragment of a phrase, not a source
        sources = [x for x in spans if x[2] == "SOURCE" and not _FRAGMENT.match(s.text, x[0])]
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
            # … and "Lawmakers are expected to vote": the subject of a passive is not who expects it
            src = mk(near_src[0], near_src[1]) if near_src and not (cue and is_hearsay_cue(cue.text)) \
                and not (cue and _passive_cue(s.text, ca, cb)) else None
            stype = source_type(src.text) if src else "unknown"
            if src and stype != "media_outlet" and len(split_sources(src)) > 1:  # "the Times and Politico"
                stype = "media_outlet"
            att = Attribution(
                sentence=s.index, cue=cue, source=src, content=[c for c in (mk(a, b) for a, b, _ in own) if c],
                source_type=stype, cue_stance=cue_stance(cue.text) if cue else "neutral",
                reporting=bool(cue) and is_reporting_cue(cue.text) and not _legal_act(s.text, cue, cb),
            )
            if stype in ("anonymous", "pronoun", "unknown"):
                att.venue = venue_of(s.text, cb)
            out.append(att)
            cue_at.append((s, ca, cb, min(ca, near_src[0]) if src else ca))
    for att, (s, ca, cb, first) in zip(out, cue_at):  # content may run on into later sentences: decided last
        if att.reporting and not att.content and not reports_something(s, ca, cb, att.cue.text, first):
            att.reporting = False
    return out


_FRAGMENT = re.compile(r"(?:of|in|at|on|for|to|from|with|by|about|into|over|under)\s", re.IGNORECASE)
_PASSIVE_BEFORE = re.compile(r"\b(?:is|are|was|were|be|been|being)\s+(?:\w+ly\s+|not\s+|also\s+)?$", re.IGNORECASE)
_PASSIVE_CUE = re.compile(r"(?:expected|believed|thought|said|reported|rumou?red|understood|known|considered|seen|"
                          r"alleged|told|asked|urged)$", re.IGNORECASE)


def _passive_cue(text: str, cue_start: int, cue_end: int) -> bool:
    """"are expected to", "were told that": a passive reporting verb, whose subject is not the one who speaks."""
    return bool(_PASSIVE_CUE.fullmatch(text[cue_start:cue_end].strip()) and _PASSIVE_BEFORE.search(text[:cue_start]))


_LEGAL_ACT_WORDS = {"charge", "charges", "charged", "charging", "has", "have", "had", "not", "been", "was", "were",
                    "is", "be", "formally", "also", "yet", "never"}


def _legal_act(text: str, cue: Span, cue_end: int) -> bool:
    """"Mueller has not charged any American with …": a charge as a legal act (guideline §8), not a citation;
    "charged that …" still reports."""
    words = cue_words(cue.text)
    return bool(words & {"charge", "charges", "charged", "charging"}) and words <= _LEGAL_ACT_WORDS \
        and not _REPORT_FOLLOWS_RE.match(text, cue_end)


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


@dataclass(frozen=True, eq=False)  # eq=False: arrays do not compare to one truth value
class Coverage:
    """Per sentence: ``share``, the share of its characters inside attributed content, and the evidence of the
    attribution cues (:func:`cue_evidence`), ``claim_cues`` and ``act_cues``, 0 or 1."""

    share: np.ndarray
    claim_cues: np.ndarray
    act_cues: np.ndarray


def content_coverage(sentences, attributions: list[Attribution]) -> Coverage:
    """Share of each sentence's characters that lie inside attributed content, with the cue evidence of
    :func:`cue_evidence` beside it."""
    position = {id(s): i for i, s in enumerate(sentences)}
    inside = np.zeros(len(sentences))
    for s, _, c in _content_by_sentence(attributions, sentences):
        inside[position[id(s)]] += min(c.end, s.end) - max(c.start, s.start)
    lengths = np.array([max(1, s.end - s.start) for s in sentences], dtype=float)
    values = np.minimum(1.0, inside / lengths) if len(sentences) else inside
    claim, act = cue_evidence(sentences, attributions)
    return Coverage(np.asarray(values, dtype=float), claim, act)


_QUOTE_MARK = re.compile(r"[“”\"]")
_STANCE_AS = re.compile(r"(?:\s+[\w’'.-]+){1,6}?\s+as\s+(?:a|an|the|\w+ing)\b")  # "dismissing Sloan as the wrong man"
_ASKED_TO = re.compile(r"(?:\s+[\w’'.-]+){0,5}?\s+to\s+[a-z]")


def cue_kind(sentence, att: Attribution) -> str:
    """What an attribution's cue does in its sentence: ``act`` (an act of asking: "called for", "urged", "demanded",
    "asked … to"; or a stance verb with only an object: "Moscow has dismissed the debate"), ``claim`` (a stance verb
    that brings a clause or quotation: "denied that he knew", "insisted the vote was fair"), ``hearsay`` (a cue made
    of a hearsay adverb: "reportedly angered"), ``report`` (another reporting cue) or ``other`` (not reporting)."""
    if att.cue is None:
        return "report" if att.reporting else "other"
    cue, text = att.cue.text, sentence.text
    end = att.cue.end - sentence.start
    quoted = bool(_QUOTE_MARK.search(text)) or getattr(sentence, "starts_in_quote", False)
    if is_hearsay_cue(cue):
        return "hearsay"
    asking = ACT_CUE_RE.search(cue)
    if asking and not (asking.group(0).lower().startswith("ask") and not _ASKED_TO.match(text, end)):
        return "act"
    if STANCE_VERB_RE.search(cue):
        clause = (_REPORT_FOLLOWS_RE.match(text, end) or quoted or _STANCE_AS.match(text, end)
                  or re.search(r"\b(?:insist|contend|maintain)", cue, re.I) and att.content)
        return "claim" if clause else "act"
    return "report" if att.reporting else "other"


def cue_evidence(sentences, attributions: list[Attribution]) -> tuple[np.ndarray, np.ndarray]:
    """Per sentence, evidence from its attribution cues and hearsay markers (guideline §2, §3, §8), 0 or 1:

    - ``claim``: a hearsay marker in the sentence ("reportedly", "allegedly", "is said to", "has been accused of"),
      or a stance verb that brings a clause ("denied that …"): the content stands on someone else's word;
    - ``act``: the sentence's only attributions are acts of asking or stances without content ("called for Barr to
      release the report", "Moscow has dismissed the debate"), with no quotation in or running into it, and no
      content of another sentence's attribution running into it: it reports an act, not a proposition.
    """
    claim, act = np.zeros(len(sentences)), np.zeros(len(sentences))
    by_index = {s.index: i for i, s in enumerate(sentences)}
    kinds: dict[int, list[str]] = {}
    for att in attributions:
        i = by_index.get(att.sentence)
        if i is not None:
            kinds.setdefault(i, []).append(cue_kind(sentences[i], att))
    foreign = set()  # sentences reached by the content of another sentence's attribution
    for s, att, _ in _content_by_sentence(attributions, sentences):
        if att.sentence != s.index:
            foreign.add(by_index[s.index])
    for i, s in enumerate(sentences):
        k = kinds.get(i, [])
        if HEARSAY_RE.search(s.text) or "claim" in k or "hearsay" in k:
            claim[i] = 1.0
        elif ("act" in k and not {"report", "claim", "hearsay"} & set(k) and i not in foreign
              and not _QUOTE_MARK.search(s.text) and not getattr(s, "starts_in_quote", False)):
            act[i] = 1.0
    return claim, act


# How far cue evidence moves a sentence (added to / taken from the attributed_claim logit). Chosen on gold dev
# (tools/cue_evidence_grid.py); independent of the model's ``attribution_strength``, which weighs content coverage.
CLAIM_CUE_WEIGHT = 1.0
ACT_CUE_WEIGHT = 2.0


def apply_attribution_evidence(probs: np.ndarray, coverage: Coverage | np.ndarray, strength: float,
                               claim_weight: float | None = None, act_weight: float | None = None) -> np.ndarray:
    """Shift probability towards ``attributed_claim`` in proportion to how much of the sentence is attributed
    content: p′ ∝ p · exp(strength · share) on the claim label (strength is tuned on gold dev); and by the cue
    evidence of a :class:`Coverage`: + ``CLAIM_CUE_WEIGHT`` for hearsay and stance verbs with a clause,
    − ``ACT_CUE_WEIGHT`` for sentences that only report acts (guideline §8). A plain array is the shares alone,
    without cue evidence."""
    cw = CLAIM_CUE_WEIGHT if claim_weight is None else claim_weight
    aw = ACT_CUE_WEIGHT if act_weight is None else act_weight
    if isinstance(coverage, Coverage):
        share, cues = coverage.share, cw * coverage.claim_cues - aw * coverage.act_cues
    else:
        share, cues = np.asarray(coverage, dtype=float), np.zeros(len(probs))
    if (strength == 0 and not cues.any()) or len(probs) == 0:
        return probs
    from .labels import LABEL_TO_ID

    logits = np.log(np.clip(probs, 1e-9, 1.0))
    logits[:, LABEL_TO_ID["attributed_claim"]] += strength * share + cues
    logits -= logits.max(axis=1, keepdims=True)
    e = np.exp(logits)
    return e / e.sum(axis=1, keepdims=True)
