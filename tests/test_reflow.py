"""Hard-wrapped text (issue 19 item 3): folded plain text is reflowed before segmentation, offsets unchanged.

A copy folded at 60–80 columns must give the original's sentences, headings and bylines; detection must not fire on
ordinary text (paragraph-per-line articles, short-line poems, lists, headings and bylines)."""
from __future__ import annotations

import textwrap

import pytest

from bias.segment import reflow, segment_text, wrap_width


def fold(text: str, width: int) -> str:
    return "\n".join(textwrap.fill(line, width) if line.strip() else "" for line in text.split("\n"))


def _norm(article):
    return [(s.kind, " ".join(s.text.split())) for s in article.sentences]


@pytest.mark.parametrize("width", [60, 70, 80])
def test_folded_seed_article_gives_the_same_sentences(seed_text, width):
    folded = fold(seed_text, width)
    assert folded.count("\n") > seed_text.count("\n") + 20  # it really is folded
    original, art = segment_text(seed_text), segment_text(folded)
    assert art.wrap_width is not None and art.wrap_width <= width
    assert _norm(art) == _norm(original)
    assert [s.heading.text for s in art.sections if s.heading] == \
        [s.heading.text for s in original.sections if s.heading]
    assert [b.text for b in art.bylines] == [b.text for b in original.bylines]
    assert " ".join(art.headline.text.split()) == original.headline.text  # its folding newline is kept in the text
    # offsets index the caller's (folded) text, which the article keeps as given
    assert art.text == folded
    for s in art.sentences:
        assert folded[s.start:s.end] == s.text


def test_the_report_says_the_text_was_reflowed(seed_text):
    import numpy as np

    from bias.report import build_report

    art = segment_text(fold(seed_text, 72))
    report = build_report(art, np.full((len(art.sentences), 3), 1 / 3), {"name": "bias"})
    assert report.metadata["hard_wrapped_at"] == "72"
    assert "hard-wrapped at 72 columns" in next(f["text"] for f in report.findings if f["id"] == "reflowed")
    plain = segment_text(seed_text)
    report = build_report(plain, np.full((len(plain.sentences), 3), 1 / 3), {"name": "bias"})
    assert "hard_wrapped_at" not in report.metadata and all(f["id"] != "reflowed" for f in report.findings)


def test_reflow_keeps_length_and_only_turns_folding_newlines_into_spaces(seed_text):
    folded = fold(seed_text, 72)
    work, width = reflow(folded)
    assert width == 72 or width <= 72
    assert len(work) == len(folded)
    assert all(a == b or (a == "\n" and b == " ") for a, b in zip(folded, work))
    assert "\n\n" in work  # real blank lines stay


def test_unwrapped_seed_article_is_not_reflowed(seed_text):
    assert wrap_width(seed_text) is None
    assert segment_text(seed_text).wrap_width is None


POEM = """The Harbor at Night

The cranes stand still above the quay,
the water holds the city's light,
a gull complains, then flies away,
and every ship is tied down tight.

The tide comes in, the tide goes out,
the lamps along the pier burn low,
and no one on the shore has doubt
the morning boats will have to go.
"""

LIST = """Council Agenda for Tuesday Evening

- Approve the minutes of the meeting held on the second of May this year
- Hear the harbor authority's report on the state of the north pier repairs
- Vote on the budget amendment proposed by the finance committee last week
- Discuss the new parking rules for the streets around the central station
- Public comment on any matter within the council's jurisdiction tonight
- Set the date and the agenda of the next regular meeting of the council
"""

HEADINGS = """Harbor Budget Passes After Long Debate

By Ann Lee and Dana Ruiz, Staff Writers of the Daily Example Newspaper
Updated May 2, 2024 at 10:31 p.m. Eastern Daylight Time, Harbortown

What Happened

The council approved the harbor budget on Tuesday by a vote of 7-2 after a debate that lasted more than four hours and ended shortly before midnight.

What Comes Next

Repairs to the north pier begin in July and will take two years.
"""

SHORT_LINES = "\n".join(["Yes.", "No.", "The council voted on Tuesday evening.", "It passed.",
                         "Seven members voted for the budget and two against it.", "The mayor was absent.",
                         "The next meeting is in May.", "Repairs start in July."])


@pytest.mark.parametrize("text", [POEM, LIST, HEADINGS, SHORT_LINES])
def test_detection_does_not_fire_on_ordinary_text(text):
    assert wrap_width(text) is None
    art = segment_text(text)
    assert art.wrap_width is None
    for s in art.sentences:
        assert "\n" not in s.text


def test_folded_list_items_stay_items():
    items = [f"- Item {i}: the council will hear the harbor authority report on the north pier repairs "
             f"and the budget amendment number {i}." for i in range(6)]
    folded = fold("Agenda\n\n" + "\n".join(items), 60)
    art = segment_text(folded)
    assert art.wrap_width is not None
    starts = [" ".join(art.text[p.start:p.end].split())[:9] for p in art.paragraphs]
    assert starts == [f"- Item {i}:" for i in range(6)]


def test_folded_corpus_articles_keep_98_percent_of_sentences(datasets_root):
    from collections import Counter

    from bias.corpora.polnear import load_polnear

    articles = list(load_polnear("test", datasets_root))[:12]
    total = found = 0
    for a in articles:
        orig = Counter(" ".join(s.text.split()) for s in segment_text(a["text"]).sentences)
        for width in (60, 65, 70, 75, 80):
            got = Counter(" ".join(s.text.split()) for s in segment_text(fold(a["text"], width)).sentences)
            total += sum(orig.values())
            found += sum((orig & got).values())
    assert found / total >= 0.98, found / total
