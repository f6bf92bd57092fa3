"""Small hand-written word lists (written for this project, MIT like the code).

They mark hedges and intensifiers, teaser words in headlines and the stance of attribution cues. They are markers on
their own axes, never sentence labels; the corpora's lexicons (Recasens, MPQA, …) are used only at training time.
"""
from __future__ import annotations

import re

# Days of the week, for time expressions in datelines, sentence splits and source names ("a.m. Monday", "on Friday").
WEEKDAYS = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"

# Hedges: the writer signals uncertainty or distance from the content.
HEDGES = [
    "reportedly", "allegedly", "purportedly", "supposedly", "apparently", "seemingly", "ostensibly",
    "possibly", "perhaps", "maybe", "probably", "likely", "unlikely", "presumably", "arguably",
    "appears to", "appear to", "appeared to", "seems to", "seem to", "seemed to", "is said to", "are said to",
    "is believed to", "are believed to", "it is unclear", "it remains unclear", "unconfirmed", "unverified",
    "may have", "might have", "could have", "may be", "might be", "could be", "would appear",
    "suggests that", "suggested that", "in part", "to some extent", "somewhat",
]

# Intensifiers and amplifiers: they strengthen a claim without adding content.
INTENSIFIERS = [
    "very", "extremely", "incredibly", "highly", "deeply", "utterly", "totally", "completely", "absolutely",
    "truly", "really", "hugely", "massively", "remarkably", "particularly", "especially", "exceptionally",
    "enormously", "tremendously", "immensely", "vastly", "terribly", "awfully", "desperately", "fiercely",
    "wildly", "insanely", "unbelievably", "unprecedented", "staggering", "stunning", "so much", "far too",
    "by far", "at all", "ever", "whatsoever", "literally", "simply", "clearly", "obviously", "undoubtedly",
]

# Words that make a headline a teaser rather than a report.
TEASER_WORDS = [
    "secret", "secretly", "shocking", "shock", "stunning", "bombshell", "exposed", "revealed", "exclusive",
    "breaking", "must see", "must-see", "you won't believe", "won't believe", "jaw-dropping", "insane",
    "outrageous", "devastating", "explosive", "slams", "blasts", "destroys", "epic", "meltdown", "finally",
    "truth about", "what happened next", "this is why", "here's why", "here is why", "the real reason",
]

# Insinuated concealment: words that frame an act as hidden or sneaky ("discreetly authorized", "quietly shipped",
# "Secret Approval"). They sway without stating anything checkable, which makes them loaded phrasing by this
# project's definition, but the span corpora rarely tag them (PTC train: 4 of 150 occurrences fall inside a
# Loaded_Language span) so the loaded head cannot learn them; a rule adds them (docs/loaded.md).
_FUNCTION_WORDS = (r"the|a|an|to|and|or|but|of|in|on|at|for|with|by|from|as|that|this|these|those|it|its|their|"
                   r"his|her|our|they|he|she|we|about|into|over|after|before|while|when|than|is|was|were|are|be")
_NEXT_CONTENT_WORD = rf"(?:\s+(?!(?:{_FUNCTION_WORDS})\b)[A-Za-z][\w'’-]*)?"
# After a verb of sound, speech or posture the adverb is a literal manner ("she spoke quietly"), not an insinuation.
_MANNER_VERBS = ["spoke", "speak", "speaks", "speaking", "said", "say", "says", "talk", "talked", "talks", "talking",
                 "whispered", "laughed", "sang", "sing", "sings", "singing", "cried", "wept", "sobbed", "sat", "sit",
                 "sits", "sitting", "stood", "walked", "moved", "listened", "smiled", "nodded", "slept", "played",
                 "closed", "murmured", "answered", "replied", "waited"]
_NOT_AFTER_MANNER_VERB = "".join(rf"(?<!\b{v} )" for v in _MANNER_VERBS)
INSINUATION_RE = re.compile(
    _NOT_AFTER_MANNER_VERB +
    r"\b(?:secretly|quietly|discreetly|covertly|stealthily|furtively|clandestinely|surreptitiously|sneakily)\b"
    + _NEXT_CONTENT_WORD
    # the adjective "secret" before what it qualifies ("secret deal"), not predicative ("kept secret"), hyphenated
    # ("long-secret") or in names and terms of art ("Secret Service", "secret ballot", "Victoria's Secret", "no secret")
    + r"|(?<!victoria's )(?<!victoria’s )(?<!\bno )(?<!\btop )(?<![-\w])(?<!\btrade )"
    r"\bsecret\b(?!\s+(?:service|ballot|police|santa|agents?|societ(?:y|ies))\b)"
    + _NEXT_CONTENT_WORD.removesuffix("?")
    + r"|\bbehind closed doors\b|\bbehind (?:the|their|his|her|our|its) backs?\b|\bunder the radar\b"
    r"|\bunder wraps\b|\bin secret\b|\bon the sly\b|\bhush-hush\b|\bback-?room deals?\b"
    r"|\bcloak-and-dagger\b",
    re.I,
)

CLICKBAIT_PATTERNS = [
    (re.compile(r"^\s*\d+\s+(things|reasons|ways|times|signs|facts|photos|people)\b", re.I), "listicle opening"),
    (re.compile(r"\byou won'?t believe\b|\bwhat happened next\b|\bwill blow your mind\b", re.I), "curiosity gap"),
    (re.compile(r"\b(this|these|here'?s)\b.{0,40}\b(why|how|what)\b", re.I), "teaser pronoun"),
    (re.compile(r"\?\s*$"), "question headline"),
]

# Stance of an attribution cue (the verb or phrase that reports speech).
CUE_STANCE = {
    "neutral": ["said", "says", "say", "told", "tells", "stated", "states", "added", "adds", "noted", "notes",
                "reported", "reports", "wrote", "writes", "explained", "according to", "announced", "commented",
                "remarked", "replied", "responded", "asked", "described", "testified", "emphasized", "stressed",
                "speaking to", "spoke", "argued", "argues", "suggested", "predicted", "warned", "believes", "thinks"],
    "distancing": ["claimed", "claims", "claim", "alleged", "alleges", "insisted", "insists", "maintained",
                   "maintains", "contended", "asserted", "purported", "professed", "reportedly", "allegedly"],
    "endorsing": ["revealed", "reveals", "confirmed", "confirms", "admitted", "admits", "acknowledged",
                  "acknowledges", "conceded", "concedes", "disclosed", "showed", "shows", "found", "pointed out",
                  "demonstrated", "proved", "established", "explained that"],
    "evaluative": ["slammed", "slams", "blasted", "blasts", "lashed out", "ripped", "fumed", "boasted", "bragged",
                   "whined", "ranted", "railed", "attacked", "mocked", "scoffed", "complained", "touted",
                   "trumpeted", "gushed", "sneered", "raged", "decried", "denounced", "hailed", "praised",
                   "dismissed", "derided", "berated", "scolded"],
}


def phrase_pattern(phrases: list[str]) -> re.Pattern:
    """One case-insensitive regex matching any phrase on word boundaries (longest first)."""
    alts = sorted({re.escape(p) for p in phrases}, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(alts) + r")(?![\w-])", re.IGNORECASE)


HEDGE_RE = phrase_pattern(HEDGES)
INTENSIFIER_RE = phrase_pattern(INTENSIFIERS)
TEASER_RE = phrase_pattern(TEASER_WORDS)
CUE_STANCE_OF = {w: stance for stance, words in CUE_STANCE.items() for w in words}


# Cues that report what someone said, wrote, believes or found: the attributions that make a *cited source*. The
# attribution head follows PolNeAR, which also tags acts and intentions ("authorized", "wants", "plans", "allows");
# those stay in the attributions but do not make their subject a source of the article (`Attribution.reporting`).
REPORTING_VERBS = [
    "say", "tell", "state", "add", "note", "report", "write", "announce", "comment", "remark", "reply", "respond",
    "answer", "ask", "describe", "testify", "emphasize", "emphasise", "stress", "speak", "argue", "suggest", "predict",
    "warn", "believe", "think", "claim", "allege", "insist", "maintain", "contend", "assert", "purport", "profess",
    "reveal", "confirm", "admit", "acknowledge", "concede", "disclose", "show", "find", "point", "demonstrate",
    "prove", "explain", "slam", "blast", "lash", "rip", "fume", "boast", "brag", "whine", "rant", "rail", "attack",
    "mock", "scoff", "complain", "tout", "trumpet", "gush", "sneer", "rage", "decry", "denounce", "hail", "praise",
    "dismiss", "deride", "berate", "scold", "cite", "call", "accuse", "criticize", "criticise", "condemn", "question",
    "deny", "dispute", "reject", "tweet", "post", "quote", "recall", "mention", "declare", "pledge", "promise", "vow",
    "urge", "demand", "propose", "recommend", "estimate", "expect", "fear", "worry", "hope", "doubt", "know", "learn",
    "hear", "agree", "disagree", "continue", "echo", "liken", "label", "characterize", "characterise", "reckon",
    "conclude", "indicate", "signal", "hint", "imply", "observe", "counter", "rebut", "refute", "reiterate", "repeat",
    "underline", "underscore", "caution", "threaten", "assure", "charge", "inform", "express", "voice", "clarify",
    "discuss", "debate", "forecast", "speculate", "wonder", "feel", "see", "view", "brief", "confide", "recount",
    "detail", "outline", "concur", "affirm", "reaffirm", "attest", "vouch", "whisper", "shout", "yell", "chant",
    "sing", "joke", "quip", "muse", "lament", "protest", "object", "refer", "reference", "compare", "chastise",
    "implore", "endorse", "defend", "consider", "debunk", "talk", "peddle", "suppose", "pretend", "downplay",
    "taunt", "extol", "blame", "trash", "challenge", "retweet", "paint", "identify", "advise", "assume", "eulogize",
    "highlight", "beg", "rule", "perpetuate", "swear",
]
# past forms of the irregular verbs above (their regular "-ed" forms are not made up: no "sayed", "telled")
IRREGULAR_PAST = {"say": ["said"], "tell": ["told"], "write": ["wrote", "written"], "speak": ["spoke", "spoken"],
                  "think": ["thought"], "find": ["found"], "show": ["showed", "shown"], "know": ["knew", "known"],
                  "hear": ["heard"], "feel": ["felt"], "see": ["saw", "seen"], "sing": ["sang", "sung"],
                  "swear": ["swore", "sworn"], "learn": ["learned", "learnt"]}
# stress on the last syllable: the final consonant doubles ("rebutted", "concurring")
_DOUBLING = {"rebut", "concur", "admit", "refer", "prefer", "commit", "regret", "omit", "compel", "deter", "infer",
             "confer", "occur", "permit", "submit", "extol", "control", "patrol", "allot", "abet", "quip"}
REPORTING_NOUNS = ["according to", "reportedly", "allegedly", "statement", "statements", "interview", "remarks",
                   "comments", "testimony", "tweet", "tweets", "post", "letter", "op-ed", "speech", "press release",
                   "memo", "report", "study", "survey", "poll", "analysis", "quoted", "in the words of", "put it",
                   "apparently", "threats", "took issue", "stood by", "come out against", "came out against",
                   "seized on", "seizing on"]


def verb_forms(lemma: str) -> set[str]:
    """Inflections of a reporting verb: say → says, saying, said; note → notes, noted, noting; deny → denies, denied;
    agree → agreed, agreeing; rip → ripped, ripping; rebut → rebutted.

    >>> sorted(verb_forms("agree")), sorted(verb_forms("tell"))
    (['agree', 'agreed', 'agreeing', 'agrees'], ['tell', 'telling', 'tells', 'told'])
    """
    third = lemma + ("es" if lemma.endswith(("s", "sh", "ch", "x", "z", "o")) else "s")
    if lemma.endswith("y") and lemma[-2] not in "aeiou":  # deny → denies, denied
        return {lemma, lemma + "ing", lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if lemma.endswith(("ee", "ye", "oe")):  # agree → agreed, agreeing
        past, ing = lemma + "d", lemma + "ing"
    elif lemma.endswith("e"):  # note → noted, noting
        past, ing = lemma + "d", lemma[:-1] + "ing"
    elif lemma in _DOUBLING or (re.fullmatch(r"[^aeiou]*[aeiou][bdglmnprt]", lemma) and len(lemma) <= 4):
        past, ing = lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"  # rip → ripped
    else:
        past, ing = lemma + "ed", lemma + "ing"
    return {lemma, third, ing, *IRREGULAR_PAST.get(lemma, [past])}


REPORTING_WORDS = ({f for v in REPORTING_VERBS for f in verb_forms(v)} | {n for n in REPORTING_NOUNS if " " not in n})
_REPORTING_PHRASE_RE = phrase_pattern([n for n in REPORTING_NOUNS if " " in n])


_HEARSAY_ADVERBS = {"reportedly", "allegedly", "apparently", "purportedly", "supposedly"}


def cue_words(cue: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z-]*", cue)}


def is_hearsay_cue(cue: str) -> bool:
    """A cue that reports only through an adverb ("has reportedly angered"): the report's source is unexpressed, and
    the person next to the cue is its subject, not its source.

    >>> [is_hearsay_cue(c) for c in ["reportedly angered", "allegedly", "reportedly said", "said"]]
    [True, True, False, False]
    """
    words = cue_words(cue)
    return bool(words & _HEARSAY_ADVERBS) and not (words - _HEARSAY_ADVERBS) & REPORTING_WORDS


def is_reporting_cue(cue: str) -> bool:
    """Whether an attribution cue reports speech, writing, belief or a finding ("said", "according to", "told the
    Post", a colon or dash before a quotation), rather than an act or intention ("authorized", "wants to").

    >>> [is_reporting_cue(c) for c in ["has said", "According to", ":", "reportedly angered", "authorized", "plans"]]
    [True, True, True, True, False, False]
    """
    if not re.search(r"\w", cue):
        return bool(cue.strip())  # a colon or dash introducing a quotation
    return bool(cue_words(cue) & REPORTING_WORDS) or bool(_REPORTING_PHRASE_RE.search(cue))


# Hearsay: the writer marks the content as coming from unnamed others (guideline §3, §4.5 and §8: "reportedly",
# "allegedly", "is said to", "has been accused of" make a sentence an attributed claim). "apparently" is a hedge on
# the writer's own inference, not hearsay, and is left out.
HEARSAY = ["reportedly", "allegedly", "purportedly", "reputedly", "supposedly", "rumoredly", "according to reports",
           "is said to", "are said to", "was said to", "were said to", "is believed to", "are believed to",
           "was believed to", "were believed to", "is thought to", "are thought to", "is rumored to",
           "are rumored to", "is rumoured to", "are rumoured to", "has been accused of", "have been accused of",
           "had been accused of", "was accused of", "were accused of", "is accused of", "are accused of",
           "stands accused of"]
HEARSAY_RE = phrase_pattern(HEARSAY)

# Acts of asking (guideline §8): "called for", "urged", "demanded", "asked … to" report that someone asked for
# something, an act, not a proposition that stands on their word. ("asked" needs "to" after it; see attribution.py.)
ACT_CUE_RE = re.compile(
    r"\b(?:call(?:s|ed|ing)?\s+(?:for|on|upon)|urg(?:e|es|ed|ing)|demand(?:s|ed|ing)?|ask(?:s|ed|ing)?|"
    r"press(?:es|ed|ing)?\s+for|push(?:es|ed|ing)?\s+for|appeal(?:s|ed|ing)?\s+(?:to|for)|implor(?:e|es|ed|ing)|"
    r"beg(?:s|ged|ging)?|encourag(?:e|es|ed|ing)|invit(?:e|es|ed|ing)|petition(?:s|ed|ing)?)\b", re.I)

# Stance verbs: with a clause or a quotation they report a proposition on the source's word ("denied that he knew",
# "insisted the vote was fair"), with only an object they report a stance, an act ("Moscow has dismissed the
# debate", guideline §2).
STANCE_VERB_RE = re.compile(
    r"\b(?:den(?:y|ies|ied|ying)|reject(?:s|ed|ing)?|dismiss(?:es|ed|ing)?|insist(?:s|ed|ing)?|"
    r"disput(?:e|es|ed|ing)|refut(?:e|es|ed|ing)|rebuff(?:s|ed|ing)?|brush(?:es|ed|ing)?\s+off|"
    r"downplay(?:s|ed|ing)?|contend(?:s|ed|ing)?|maintain(?:s|ed|ing)?)\b", re.I)
