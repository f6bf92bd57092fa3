"""Loaded phrasing, voice and the source ledger on the seed article (real shipped model)."""
import pytest


@pytest.fixture(autouse=True)
def _needs_heads(analyzer):
    heads = analyzer.config.token_heads
    if not {"loaded", "attribution"} <= set(heads):
        pytest.skip("the shipped model has no loaded/attribution heads")


def _spans_in(report, sentence_prefix):
    s = next(x for x in report.sentences if x.text.startswith(sentence_prefix))
    return s, [sp for sp in report.loaded_spans if sp.sentence == s.index]


def test_writer_voice_loaded_words(seed_report):
    flagged = {sp.text.lower(): sp for sp in seed_report.loaded_spans}
    for word in ("discreetly", "quietly"):
        hits = [sp for t, sp in flagged.items() if word in t]
        assert hits, f"{word!r} not flagged; found {sorted(flagged)}"
        assert all(sp.voice == "writer" for sp in hits)


def test_headline_secret_approval(seed_report):
    head = seed_report.headline
    spans = [sp for sp in seed_report.loaded_spans if sp.sentence == head.index]
    assert any("secret" in sp.text.lower() for sp in spans), [sp.text for sp in spans]
    ha = seed_report.headline_assessment
    assert ha.score >= 0.5
    assert {"exclamation mark", "loaded phrase"} <= {r["kind"] for r in ha.reasons}
    # "Secret" counts once: as part of the loaded phrase, with at least a teaser word's weight
    assert not any(r["kind"] == "teaser word" and r["text"].lower() == "secret" for r in ha.reasons)
    assert max(r["weight"] for r in ha.reasons if r["kind"] == "loaded phrase") >= 0.3


def test_loaded_words_in_lavrovs_quotation_are_quoted(seed_report):
    s, spans = _spans_in(seed_report, "Russian Foreign Minister Sergey Lavrov commented")
    quote_start = s.start + s.text.index("“")
    for sp in spans:
        if sp.start > quote_start:
            assert sp.voice == "quoted"


def test_seed_source_ledger(seed_report):
    ledger = seed_report.ledger
    sent = {x.index: x.text for x in seed_report.sentences}

    def entry_with(prefix):
        hits = [e for e in ledger if any(sent[m["sentence"]].startswith(prefix) for m in e.mentions)]
        assert hits, f"no source found in the sentence starting {prefix!r}: {[(e.name, e.type) for e in ledger]}"
        return hits

    official = entry_with("According to a U.S. official")
    assert len(official) == 1 and official[0].type == "anonymous"
    sentences = [sent[m["sentence"]] for m in official[0].mentions]
    for prefix in ("According to a U.S. official", "The official stated", "A U.S. official speaking to Politico"):
        assert any(x.startswith(prefix) for x in sentences), (prefix, sentences)
    assert "Politico" in official[0].venues
    outlets = {e.name.lower().removeprefix("the ") for e in entry_with("U.S. Secretary of State Antony Blinken")
               if e.type == "media_outlet"}
    assert {"new york times", "politico"} <= outlets
    lavrov = entry_with("Russian Foreign Minister Sergey Lavrov")
    assert any(e.type == "named" and "Lavrov" in e.name for e in lavrov)
    kyiv = entry_with("Some told the Washington Post")
    assert any(e.type == "anonymous" and any("Washington Post" in v for v in e.venues) for e in kyiv)
    assert not any(e.type == "media_outlet" and "Washington Post" in e.name for e in kyiv)
    # acts are not citations: "Joe Biden has discreetly authorized …", "several NATO countries … have given …",
    # "Biden publicly maintains this restriction"
    for prefix in ("U.S. President Joe Biden has discreetly authorized", "Additionally, several NATO countries",
                   "Despite pressure to allow Ukraine"):
        assert any(x.startswith(prefix) for x in sent.values()), prefix  # the sentence exists, so the check bites
        assert not any(sent[m["sentence"]].startswith(prefix) for e in ledger for m in e.mentions), prefix


def test_classify_lines_carry_spans(analyzer):
    row = analyzer.classify("Russian Foreign Minister Sergey Lavrov commented, “The West is waging a reckless war.”")
    assert "loaded_spans" in row and "attributions" in row
    assert row["label"] == "attributed_claim"
    assert any(a["source"] and "Lavrov" in a["source"]["text"] for a in row["attributions"])
