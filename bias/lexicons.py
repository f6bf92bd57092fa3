"""Small hand-written word lists (written for this project, MIT like the code).

They mark hedges and intensifiers, teaser words in headlines and the stance of attribution cues. They are markers on
their own axes, never sentence labels; the corpora's lexicons (Recasens, MPQA, …) are used only at training time.
"""
from __future__ import annotations

import re

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
INSINUATION_RE = re.compile(
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
