"""Property-based input robustness (hypothesis): segmentation and ``Analyzer.analyze`` on hostile text.

Arbitrary Unicode (lone surrogates included), control characters and NUL, very long tokens and lines, empty and
huge documents, HTML fragments. The only exception allowed is BiasInputError, and every offset indexes the text:
``report.text[s.start:s.end] == s.text`` for sentences and every span, and for plain text ``report.text`` has the
length of the input, each lone surrogate replaced one-for-one by U+FFFD (so offsets index the caller's text too).
Example counts are modest: the model calls are the cost.
"""
from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bias.errors import BiasInputError
from bias.segment import segment_html, segment_text

SURROGATES = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
CONTROLS = st.sampled_from(["\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\u2028",
                            "\u2029", "\u200b", "\ufeff", "\ufffe", "\r", "\t", "\n", "\n\n"])
WORDS = st.sampled_from(["The", "council", "voted", "7-2", "on", "Tuesday.", "“It", "is", "a", "disgrace,”",
                         "she", "said.", "Officials", "reportedly", "could", "U.S.", "Sen.", "Jr.", "Our Take",
                         "\n\n", "\n", "!", "?", "...", "“", "”", '"', "(", ")", "—", "#", "By Ann Lee\n"])
# text that mixes real words, any code point (surrogates included), control characters and long runs
PIECES = st.one_of(WORDS, st.text(max_size=12), SURROGATES, CONTROLS,
                   st.builds(lambda c, n: c * n, st.characters(), st.integers(50, 400)))
TEXTS = st.lists(PIECES, max_size=40).map(" ".join)
HTML_TAGS = st.sampled_from(["<p>", "</p>", "<div>", "</div>", "<html>", "<body>", "</body>", "<h1>", "</h1>",
                             "<script>alert(1)</script>", "<!--", "-->", "<br/>", "&amp;", "&#0;", "&#xD800;",
                             "<title>T</title>", "<a href='x'>", "</a>", "<![CDATA[", "]]>", "<"])
HTML = st.lists(st.one_of(HTML_TAGS, WORDS, SURROGATES, CONTROLS, st.text(max_size=8)), max_size=40).map("".join)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MODEL = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                       HealthCheck.function_scoped_fixture])


def _fffd(text: str) -> str:
    return "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)


def check_article(article, source: str | None):
    if source is not None:  # plain text: the article's text is the input, lone surrogates replaced one-for-one
        assert article.text == _fffd(source)
    article.text.encode("utf-8")
    last = 0
    for s in article.sentences:
        assert article.text[s.start:s.end] == s.text
        assert s.text.strip() and 0 <= s.start < s.end <= len(article.text)
        assert s.start >= last
        last = s.end
    for span in [article.headline, *article.bylines, *(sec.heading for sec in article.sections)]:
        if span is not None:
            assert article.text[span.start:span.end] == span.text


@FAST
@given(TEXTS)
def test_segment_text_any_input(text):
    check_article(segment_text(text), text)


@settings(max_examples=60, deadline=None)
@given(HTML)
def test_segment_html_any_input(html):
    try:
        article = segment_html(html)
    except BiasInputError:
        return
    check_article(article, None)


def test_segment_huge_document_and_long_tokens():
    para = "The council voted 7-2 on Tuesday to approve the budget. “It is a good day,” the mayor said.\n\n"
    text = "Budget Day\n\n" + para * 1500 + "x" * 200_000 + " " + "word " * 20_000 + "\ud800"
    check_article(segment_text(text), text)


def check_report(report, source: str | None):
    t = report.text
    if source is not None:
        assert t == _fffd(source)
    json.dumps(report.to_dict(), ensure_ascii=False).encode("utf-8")  # writable as UTF-8 JSON
    for s in report.sentences:
        assert t[s.start:s.end] == s.text
    for sp in [*report.loaded_spans, *report.markers]:
        assert t[sp.start:sp.end] == sp.text
    for a in report.attributions:
        for sp in [a.cue, a.source, *a.content]:
            if sp is not None:
                assert t[sp.start:sp.end] == sp.text


def _analyze(analyzer, text, input_format="auto"):
    try:
        return analyzer.analyze(text, input_format=input_format)
    except BiasInputError:
        return None


@MODEL
@given(TEXTS)
def test_analyze_any_text(analyzer, text):
    report = _analyze(analyzer, text, "text")
    if report is not None:
        check_report(report, text)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(HTML)
def test_analyze_html_fragments(analyzer, html):
    report = _analyze(analyzer, "<html><body>" + html, "auto")
    if report is not None:
        check_report(report, None)


@pytest.mark.parametrize("text", ["x \ud800 y", "\udfff", "\ud83d\ude00 fine.", "a\x00b. c\x00.", "\x00" * 50,
                                  "", "   \n\t ", "\ufeff", "\u2028\u2029", "“" * 300, "word" * 5000])
def test_analyze_known_hostile_inputs(analyzer, text):
    report = _analyze(analyzer, text)
    if report is not None:
        check_report(report, text)


def test_lone_surrogate_is_replaced_one_for_one(analyzer):
    report = analyzer.analyze("The council voted \ud800 on Tuesday. It met again.")
    assert report.text == "The council voted \ufffd on Tuesday. It met again."
    assert [s.text for s in report.sentences][0] == "The council voted \ufffd on Tuesday."
