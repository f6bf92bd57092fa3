"""The article genre verdict (bias/genre.py): the shipped heads, the findings it drives, rendering and evaluation."""
import json
import subprocess
import sys

import numpy as np
import pytest

from bias.aggregate import GENRE_FINDING_PROBABILITY, apply_genre, genre_mismatch
from bias.genre import FEATURE_WORDS, GENRES, HEAD_FILE, GenreHead, article_features
from bias.report import SCHEMA_PATH, Report

# Written for these tests (no corpus text): a first-person column with no opinion label, and a plain news report.
COLUMN = """The Council Has Lost Its Way

I have lived in this town for thirty years, and I have never been as ashamed of our council as I am today.
Let me be blunt: the parking plan they passed on Tuesday is a disgrace.
Who asked for it? Not the shop owners I talk to every week, and certainly not me.
We deserve leaders who listen, not leaders who lecture us about what is good for us.
You should be furious, too, because you will pay for their vanity project for a decade.
I urge every reader to show up at the next meeting and tell them to scrap it.
Frankly, the mayor's smug dismissal of our concerns tells you everything you need to know about this council.
I am tired of being told to be patient.
We have been patient for years, and what have we got to show for it?
Nothing but higher fees and emptier streets.
I say enough is enough.
"""

NEWS = """Council Approves Parking Plan in 7-2 Vote

The city council voted 7-2 on Tuesday to approve a new downtown parking plan, officials said.
The plan adds 400 metered spaces and raises hourly rates from $1.50 to $2.00 starting in March.
"This will ease congestion for shoppers and residents alike," Mayor Ana Ruiz told reporters after the vote.
Council member Tom Lee, who voted against the measure, said the rate increase would hurt small businesses.
The city expects the plan to raise about $1.2 million a year, according to a budget memo released on Monday.
Work on the new spaces is scheduled to begin in February.
"""


@pytest.fixture(scope="module")
def column_report(analyzer):
    return analyzer.analyze(COLUMN)


@pytest.fixture(scope="module")
def news_report(analyzer):
    return analyzer.analyze(NEWS)


@pytest.mark.parametrize("tier", ["accurate", "fast"])
def test_each_tier_ships_a_small_head_that_gives_a_calibrated_distribution(tier, analyzer):
    from bias.config import resolve_model

    folder = resolve_model(tier)
    path = folder / HEAD_FILE
    assert path.is_file() and path.stat().st_size < 150_000
    head = GenreHead.load(folder)
    spec = head.spec
    assert spec["classes"] == list(GENRES) and head.temperature > 0
    assert set(head.features) <= set(FEATURE_WORDS)
    scores = spec["scores"]["semeval2023_dev"]
    assert scores["n"] > 50 and 0 <= scores["macro_f1"] <= 1
    # the head's weights read a vector of the tier's own encoder width
    from bias.config import ModelConfig

    assert head.w_vec.shape == (3, len(head.vec_mean))
    if tier == "accurate":
        (report, vectors), = list(analyzer.analyze_many([NEWS], with_vectors=True))
        assert vectors.shape == (len(report.sentences), head.w_vec.shape[1])
        g = head.predict(report, vectors)
        p = np.array([g["probs"][c] for c in GENRES])
        assert abs(p.sum() - 1) < 1e-3 and (p >= 0).all() and g["label"] == GENRES[int(p.argmax())]
        # calibrated, not saturated: a temperature was fitted and the verdict is not a hard 0/1 on a plain report
        assert 0 < p.max() < 0.9999


def test_vectors_come_from_the_same_pass_and_do_not_change_the_labels(analyzer):
    sents = [[
        "The council voted 7-2 on Tuesday.", "“It is a good day,” the mayor said.", "This plan is a disgrace."]]
    (p1, _), = analyzer.classifier.predict_articles_with_tokens(sents)
    (p2, _, vecs), = analyzer.classifier.predict_articles_with_vectors(sents)
    assert np.allclose(p1, p2, atol=1e-6)
    assert vecs.shape[0] == 3 and vecs.shape[1] >= 384 and np.isfinite(vecs).all()
    # the pooled vector is what the sentence heads read: two different sentences, two different vectors
    assert not np.allclose(vecs[0], vecs[2])


def test_seed_article_stays_a_news_report_with_its_opinion_kept_to_our_take(seed_report):
    g = seed_report.genre
    assert g is not None and g["label"] == "news_report", g
    assert g["probs"]["news_report"] > g["probs"]["opinion"]
    ids = [f["id"] for f in seed_report.findings]
    assert "opinion_not_marked" not in ids and "genre" in ids
    sep = seed_report.indices["opinion_separation"]
    assert sep["genre"] == "news_report" and sep["genre_mismatch"] is None
    assert sep["marked_sections"] == ["Our Take"] and sep["opinion_in_news_body"] == 0 and sep["value"] == 1.0
    text = next(f["text"] for f in seed_report.findings if f["id"] == "opinion_separation")
    assert "Our Take" in text


def test_an_unlabelled_first_person_column_reads_as_opinion_not_marked(column_report):
    g = column_report.genre
    assert g["label"] == "opinion" and g["probs"]["opinion"] >= GENRE_FINDING_PROBABILITY, g
    finding = next(f for f in column_report.findings if f["id"] == "opinion_not_marked")
    assert finding["text"].startswith("The article reads as an opinion piece but is not marked as one")
    body = {s.index for s in column_report.sentences if s.kind == "body"}
    assert finding["evidence"]["sentences"] and set(finding["evidence"]["sentences"]) <= body
    sep = column_report.indices["opinion_separation"]
    assert sep["genre_mismatch"] == "opinion_not_marked" and sep["value"] == 0.0
    assert {"value_from_sentences", "genre_probs"} <= set(sep)


def test_the_same_column_declared_as_opinion_gets_no_mismatch(analyzer):
    report = analyzer.analyze("Opinion: " + COLUMN)
    assert report.genre["label"] == "opinion"
    assert genre_mismatch(report) is None
    assert not {"opinion_not_marked", "marked_opinion_reads_as_news"} & {f["id"] for f in report.findings}


def test_plain_news_reads_as_news(news_report):
    assert news_report.genre["label"] == "news_report"
    assert news_report.genre["probs"]["opinion"] < 0.5


def test_mismatch_rules_on_given_verdicts(news_report, analyzer):
    """The findings' rule at the threshold, whatever the head says: undeclared opinion, declared opinion as news."""
    rep = Report.from_dict(news_report.to_dict())
    verdict = {"label": "opinion", "probs": {"news_report": 0.1, "opinion": 0.85, "satire": 0.05},
               "evidence": {"sentences": [1, 2], "spans": [], "features": []}}
    apply_genre(rep, verdict)
    assert genre_mismatch(rep) == "opinion_not_marked"
    assert rep.indices["opinion_separation"]["value"] == 0.0
    weak = {**verdict, "probs": {"news_report": 0.35, "opinion": 0.6, "satire": 0.05}}
    apply_genre(rep, weak)  # below the threshold: the verdict is stated, no mismatch, the index is restored
    assert genre_mismatch(rep) is None and rep.findings[0]["id"] == "genre"
    assert rep.indices["opinion_separation"]["value"] == rep.indices["opinion_separation"]["value_from_sentences"]
    declared = analyzer.analyze("Opinion: " + NEWS)
    apply_genre(declared, {"label": "news_report", "probs": {"news_report": 0.9, "opinion": 0.08, "satire": 0.02},
                           "evidence": {"sentences": [2], "spans": [], "features": []}})
    assert declared.findings[0]["id"] == "marked_opinion_reads_as_news"
    assert "marked as opinion but reads as a news report" in declared.findings[0]["text"]


def test_report_with_genre_validates_round_trips_and_renders(column_report):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA_PATH.read_text())
    data = json.loads(column_report.to_json())
    jsonschema.validate(data, schema)
    again = Report.from_dict(data)
    assert again.genre == column_report.genre and again.to_dict() == column_report.to_dict()
    csv_head, first = again.to_csv().splitlines()[:2]
    assert "article_genre" in csv_head and ",opinion," in first
    html = again.to_html()
    assert 'class="genre genre-opinion"' in html and html.index("Genre: opinion") < html.index('class="findings"')
    evil = Report.from_dict({**data, "genre": {**data["genre"], "label": "<script>x</script>"}})
    assert "<script>x" not in evil.to_html()


def test_a_model_folder_without_a_head_gives_no_genre(analyzer, tmp_path, seed_text):
    from bias import Analyzer

    bare = Analyzer(analyzer.classifier, tmp_path)  # no genre_head.json here
    assert bare.genre_head is None
    report = bare.analyze(seed_text)
    assert report.genre is None and all(not f["id"].startswith(("genre", "opinion_not")) for f in report.findings)
    assert "genre" not in report.indices["opinion_separation"]
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.validate(json.loads(report.to_json()), json.loads(SCHEMA_PATH.read_text()))
    assert report.to_html() and report.to_csv()


def test_features_are_named_and_finite(column_report):
    f = article_features(column_report)
    assert set(f) == set(FEATURE_WORDS) - {"sentence_vectors"} and all(np.isfinite(v) for v in f.values())
    assert f["first_singular_per_100w"] > 2 and f["second_person_per_100w"] > 1 and f["question_share"] > 0


def test_cli_evaluates_a_users_article_level_file(tmp_path):
    table = tmp_path / "articles.csv"
    import csv

    with open(table, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["body", "kind"])
        w.writerow([NEWS, "news"])
        w.writerow([COLUMN, "op-ed"])
        w.writerow([NEWS.replace("7-2", "6-3"), "news"])
        w.writerow([COLUMN.replace("thirty", "twenty"), "op-ed"])
    out = tmp_path / "out"
    res = subprocess.run([sys.executable, "-m", "bias.cli", "evaluate", str(table), "--level", "article",
                          "--text-col", "body", "--label-col", "kind", "--label-map", "news=news_report,op-ed=opinion",
                          "-o", str(out)], capture_output=True, timeout=600)
    assert res.returncode == 0, res.stderr.decode()
    m = json.loads((out / "metrics.json").read_text())
    assert m["task"] == "genre" and m["rows"] == 4
    head = m["metrics"]["genre_head"]
    assert set(head["per_class"]) == {"news_report", "opinion"}
    assert head["opinion_vs_reporting_roc_auc"]["value"] == 1.0 and head["macro_f1"] == 1.0
    assert len(head["macro_f1_ci95"]) == 2
    assert "genre head: macro-F1" in res.stdout.decode()
    bad = subprocess.run([sys.executable, "-m", "bias.cli", "evaluate", str(table), "--level", "article",
                          "--text-col", "body", "--label-col", "kind"], capture_output=True, timeout=600)
    assert bad.returncode == 2 and "unknown labels" in bad.stderr.decode()
