"""Embedded social-media posts (issue 19 item 2): quoted material, never the writer's opinion.

Segmentation finds a post from its signature line ("— Name (@handle) date") and the lines before it; the report
labels its sentences attributed_claim (whatever the model's probabilities say), the account enters the ledger,
loaded words inside are quoted, and the signature line is page furniture. The last test runs the shipped model."""
from __future__ import annotations

import json

import numpy as np

from bias.report import SCHEMA_PATH, build_report
from bias.segment import segment_text

TOOL = {"name": "bias", "version": "test", "model": "none", "encoder": "none"}

ARTICLE = """Mayor Criticised Over Fireworks Message

The city's fireworks display on Monday night carried a message about the harbor plan.
Residents rushed to Twitter to criticise the mayor over the display.
This is shameful and the mayor should resign.
What a disgraceful waste of money.
— Pat Example (@patexample) January 1, 2025
Ruining a family evening with politics, again — Sam Sample (@samsample) January 1, 2025
City Hall answered with a picture of the crowd:
#HarborNight https://t.co/AbCdEfGh12 — City Hall (@cityhall) January 1, 2025
The harbor plan passed the council in May by a vote of 7-2.
"""


def _article():
    return segment_text(ARTICLE)


def test_posts_are_found_with_their_accounts():
    art = _article()
    by_text = {s.text: s for s in art.sentences}
    assert by_text["This is shameful and the mayor should resign."].embedded_source == "Pat Example (@patexample)"
    assert by_text["What a disgraceful waste of money."].embedded_source == "Pat Example (@patexample)"
    inline = by_text["Ruining a family evening with politics, again"]
    assert inline.embedded_source == "Sam Sample (@samsample)" and inline.kind == "body"
    # the lead-in and the writer's lines are not part of any post
    for text in ("Residents rushed to Twitter to criticise the mayor over the display.",
                 "The harbor plan passed the council in May by a vote of 7-2.",
                 "City Hall answered with a picture of the crowd:",
                 "The city's fireworks display on Monday night carried a message about the harbor plan."):
        assert by_text[text].embedded_source is None, text
    signatures = [s for s in art.sentences if s.furniture_reason == "post signature"]
    assert [" ".join(s.text.split()) for s in signatures] == [
        "— Pat Example (@patexample) January 1, 2025", "— Sam Sample (@samsample) January 1, 2025",
        "— City Hall (@cityhall) January 1, 2025"]
    assert [e.account.text for e in art.embeds] == ["Pat Example", "Sam Sample"]  # hashtag + link only: no post text
    for e in art.embeds:
        assert art.text[e.account.start:e.account.end] == e.account.text
    for s in art.sentences:
        assert art.text[s.start:s.end] == s.text


def test_a_post_never_counts_as_the_writer_opinion():
    art = _article()
    # the model reads every sentence as opinion: only the writer's own may count as opinion
    probs = np.array([[0.05, 0.05, 0.9]] * len(art.sentences))
    report = build_report(art, probs, TOOL)
    posts = [s for s in report.sentences if s.embedded_source]
    assert len(posts) == 3
    assert all(s.label == "attributed_claim" for s in posts)
    assert all(s.probs["opinion"] == 0.9 for s in posts)  # the model's reading stays visible
    sep = report.indices["opinion_separation"]
    writer_opinion = [s.index for s in report.sentences if s.kind == "body" and not s.embedded_source]
    assert sep["opinion_in_news_body"] == len(writer_opinion) == 4
    assert not {s.index for s in posts} & set(sep["evidence"]["sentences"])
    finding = next(f for f in report.findings if f["id"] == "embedded_posts")
    assert finding["evidence"]["sentences"] == [s.index for s in posts]
    assert "Pat Example (@patexample)" in finding["text"]
    data = json.loads(report.to_json())
    import jsonschema

    jsonschema.validate(data, json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    assert data["sentences"][posts[0].index]["embedded_source"] == "Pat Example (@patexample)"
    assert "embedded post by Pat Example (@patexample)" in report.to_html()


def test_a_long_writer_paragraph_before_a_post_stays_the_writer():
    long_para = ("The council's decision, which followed four hours of debate and two failed amendments, leaves the "
                 "harbor authority with a budget that is smaller than last year's and a list of repairs that will "
                 "take at least three years to complete.")
    art = segment_text(f"Budget Vote\n\n{long_para}\nWe did it. Thank you all.\n— Ann Example (@annexample) May 2, 2025")
    by_text = {s.text: s for s in art.sentences}
    assert by_text["We did it."].embedded_source == "Ann Example (@annexample)"
    assert all(s.embedded_source is None for s in art.sentences if s.text.startswith("The council's decision"))


def test_analyze_puts_the_account_in_the_ledger_and_quotes_its_words(analyzer):
    report = analyzer.analyze(ARTICLE)
    posts = [s for s in report.sentences if s.embedded_source]
    assert posts and all(s.label == "attributed_claim" for s in posts)
    post_ids = {s.index for s in posts}
    assert all(sp.voice == "quoted" for sp in report.loaded_spans if sp.sentence in post_ids)
    names = {e.name for e in report.ledger}
    assert {"Pat Example", "Sam Sample"} <= names, names
    assert not post_ids & set(report.indices["opinion_separation"]["evidence"]["sentences"])
    furniture = {s.index for s in report.sentences if s.kind == "furniture"}
    assert furniture and all(report.sentences[i].label is None for i in furniture)
    assert not furniture & {sp.sentence for sp in report.loaded_spans}
    assert not furniture & {m.sentence for m in report.markers}
