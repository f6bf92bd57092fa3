"""The article report: indices traceable to evidence, the JSON schema, the CSV export, and opinion separation."""
import csv
import io
import json

import jsonschema
import pytest

from bias.report import SCHEMA_PATH, Report

SCHEMA = json.loads(SCHEMA_PATH.read_text())


def test_seed_report_json_matches_the_schema(seed_report):
    data = json.loads(seed_report.to_json())
    jsonschema.Draft202012Validator(SCHEMA).validate(data)
    assert data["tool"]["schema_version"] == SCHEMA["properties"]["tool"]["properties"]["schema_version"]["const"]


def test_schema_rejects_a_broken_report(seed_report):
    data = json.loads(seed_report.to_json())
    data["sentences"][0]["label"] = "propaganda"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, SCHEMA)


def test_every_piece_of_evidence_points_into_the_article(seed_report):
    n, size = len(seed_report.sentences), len(seed_report.text)
    items = list(seed_report.indices.values()) + list(seed_report.indices["label_shares"].values())
    items += seed_report.findings
    for item in items:
        if "evidence" not in item:
            continue
        assert all(0 <= i < n for i in item["evidence"]["sentences"])
        assert all(0 <= s < e <= size for s, e in item["evidence"]["spans"])
    shares = seed_report.indices["label_shares"]
    body = [s for s in seed_report.sentences if s.kind == "body"]
    assert sum(v["sentences"] for v in shares.values()) == len(body)
    assert sum(v["by_characters"] for v in shares.values()) == pytest.approx(1.0, abs=1e-3)


def test_seed_opinion_is_kept_to_our_take(seed_report):
    sep = seed_report.indices["opinion_separation"]
    assert sep["marked_sections"] == ["Our Take"]
    assert not sep["article_declares_opinion"]
    assert sep["opinion_in_marked_sections"] >= 3
    assert sep["opinion_in_news_body"] == len(sep["evidence"]["sentences"])
    finding = next(f for f in seed_report.findings if f["id"] == "opinion_separation")
    assert "Our Take" in finding["text"]


def test_opinion_mixed_into_the_news_body_is_reported(analyzer):
    text = ("Council Raises Parking Fees\n\n"
            "The city council voted 6-3 on Tuesday to double parking fees downtown. "
            "The new fees take effect in March. "
            "This is a shameful, short-sighted decision that punishes working families. "
            "The council should be embarrassed by its own cowardice.\n")
    report = analyzer.analyze(text)
    sep = report.indices["opinion_separation"]
    assert sep["marked_sections"] == [] and sep["opinion_in_news_body"] >= 1
    assert sep["value"] == 0.0
    finding = next(f for f in report.findings if f["id"] == "opinion_separation")
    assert "mixed into the news body" in finding["text"]
    assert finding["evidence"]["sentences"] == sep["evidence"]["sentences"]


def test_an_article_that_declares_itself_opinion(analyzer):
    report = analyzer.analyze("Opinion: The Bridge Tax Is a Mistake\n\n"
                              "The toll will hurt commuters. I think the council got this wrong.\n")
    assert report.indices["opinion_separation"]["article_declares_opinion"]
    assert report.indices["opinion_separation"]["opinion_in_news_body"] == 0


def test_csv_has_one_row_per_sentence_with_offsets(seed_report):
    rows = list(csv.DictReader(io.StringIO(seed_report.to_csv())))
    assert len(rows) == len(seed_report.sentences)
    for row, s in zip(rows, seed_report.sentences):
        assert seed_report.text[int(row["start"]):int(row["end"])] == row["text"] == s.text
        assert row["label"] == s.label
        probs = [float(row[f"p_{lab}"]) for lab in ("reported_fact", "attributed_claim", "opinion")]
        assert sum(probs) == pytest.approx(1.0, abs=1e-3)
    assert any(r["sources"] for r in rows)


def test_report_round_trips_through_json(seed_report):
    again = Report.from_json(seed_report.to_json())
    assert again.to_dict() == seed_report.to_dict()
    assert again.to_csv() == seed_report.to_csv()


def _assert_summary_agrees_with_findings(report):
    """``summary`` counts the headline, the indices and findings do not: its body figures are theirs."""
    import re

    shares = report.indices["label_shares"]
    head = report.headline
    finding = next(f for f in report.findings if f["id"] == "label_shares")
    m = re.match(r"Of (\d+) body sentences?, (\d+) (?:is|are) reported fact, (\d+) attributed claim and (\d+) opinion",
                 finding["text"])
    assert m, finding["text"]
    stated = dict(zip(("reported_fact", "attributed_claim", "opinion"), map(int, m.groups()[1:])))
    assert int(m.group(1)) == sum(v.body_count for v in report.summary.values())
    for lab, v in report.summary.items():
        assert v.body_count == shares[lab]["sentences"] == stated[lab]
        assert v.body_share == shares[lab]["by_sentences"]
        assert v.count - v.body_count == int(head is not None and head.label == lab)


def test_summary_body_figures_are_those_of_the_findings(seed_report):
    _assert_summary_agrees_with_findings(seed_report)


def test_summary_counts_a_factual_headline_only_outside_its_body_figures():
    """The issue's article: a factual headline over five factual body sentences, 6 facts in ``count``, 5 in the
    findings and ``body_count`` (no model: made-up probabilities)."""
    import numpy as np

    from bias.report import build_report
    from bias.segment import segment_text

    article = segment_text("Council Approves Harbor Budget\n\nThe council met on Tuesday. It approved the budget. "
                           "The vote was 7-2. Repairs begin in July. The pier reopens in May.\n")
    report = build_report(article, np.array([[0.8, 0.1, 0.1]] * len(article.sentences)),
                          {"name": "bias", "version": "test", "model": "none", "encoder": "none"})
    fact = report.summary["reported_fact"]
    assert (fact.count, fact.share, fact.body_count, fact.body_share) == (6, 1.0, 5, 1.0)
    _assert_summary_agrees_with_findings(report)
    jsonschema.Draft202012Validator(SCHEMA).validate(json.loads(report.to_json()))
    # a report saved before the body figures existed reads back with those of its label_shares
    old = report.to_dict()
    for v in old["summary"].values():
        del v["body_count"], v["body_share"]
    assert Report.from_dict(old).summary == report.summary
