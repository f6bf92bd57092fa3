"""Deterministic parts of attribution: source types, cue stance, venues, and merging sources in the ledger."""
from bias.attribution import Attribution, Span, build_ledger, cue_stance, source_type, venue_of
from bias.lexicons import is_reporting_cue


def test_source_types():
    assert source_type("a U.S. official") == "anonymous"
    assert source_type("sources familiar with the matter") == "anonymous"
    assert source_type("Some") == "anonymous"
    assert source_type("critics") == "anonymous"
    assert source_type("Politico") == "media_outlet"
    assert source_type("the New York Times") == "media_outlet"
    assert source_type("Russian Foreign Minister Sergey Lavrov") == "named"
    assert source_type("The Pentagon") == "named"
    assert source_type("he") == "pronoun"


def test_an_institution_named_by_what_it_is_is_on_the_record():
    """"the city", "the transportation department", "The government" answer for what they say, like a name;
    an indefinite body, a member of one, or people "in" one stay anonymous."""
    for t in ("the city", "city", "the transportation department", "The government", "the fund", "the city council"):
        assert source_type(t) == "named", t
    for t in ("an agency", "one department", "Republicans in Congress", "A British government minister",
              "administration officials", "government sources", "People inside the Kremlin",
              "Officials within the administration", "Someone on the team", "Aides to the committee",
              "a person who was granted anonymity"):
        assert source_type(t) == "anonymous", t
    assert source_type("the company, which declined to comment") == "named"  # typed as the ledger shows it


def test_two_institutions_are_two_sources():
    ledger = build_ledger([_att(1, "the transportation department", "named"), _att(2, "the health department", "named"),
                           _att(3, "The transportation department", "named"), _att(4, "the state", "named")])
    assert [(e.name, e.count) for e in ledger] == [("the transportation department", 2), ("the health department", 1),
                                                   ("the state", 1)]


def test_ledger_names_drop_relative_clauses():
    ledger = build_ledger([_att(7, "Councillor Dana Whitlow, who voted against it", "named"),
                           _att(9, "A U.S. official, who spoke on condition of anonymity", "anonymous"),
                           _att(11, "Tedros Adhanom Ghebreyesus, WHO director-general", "named")])
    assert [e.name for e in ledger] == ["Councillor Dana Whitlow", "A U.S. official",
                                        "Tedros Adhanom Ghebreyesus, WHO director-general"]


def test_cue_stance():
    assert cue_stance("said") == "neutral"
    assert cue_stance("according to") == "neutral"
    assert cue_stance("claimed") == "distancing"
    assert cue_stance("admitted") == "endorsing"
    assert cue_stance("slammed") == "evaluative"
    assert cue_stance("lashed out at") == "evaluative"


def test_venue_is_not_the_speaker():
    s = "Some told the Washington Post they could have thwarted the offensive."
    assert venue_of(s, s.index("told") + 4) == "the Washington Post"
    s2 = "A U.S. official speaking to Politico emphasized that nothing changed."
    assert venue_of(s2, s2.index("emphasized") + 10) == "Politico"


def _att(i, text, stype, venue=None):
    return Attribution(i, Span(0, 4, "said"), Span(10, 10 + len(text), text), [], stype, "neutral", venue)


def test_ledger_merges_mentions_of_one_source():
    atts = [_att(2, "a U.S. official", "anonymous"), _att(3, "The official", "anonymous"),
            _att(9, "A U.S. official", "anonymous", venue="Politico"), _att(17, "Sergey Lavrov", "named"),
            _att(18, "Lavrov", "named"), _att(19, "he", "pronoun"), _att(12, "Politico", "media_outlet")]
    ledger = build_ledger(atts)
    by_name = {e.name: e for e in ledger}
    official = by_name["a U.S. official"]
    assert len(official.mentions) == 3 and official.venues == ["Politico"]
    assert len(by_name["Sergey Lavrov"].mentions) == 3  # "Lavrov" and the pronoun join
    assert by_name["Politico"].type == "media_outlet"
    assert len(ledger) == 3


def test_coordinated_outlets_are_two_sources():
    atts = [_att(12, "the New York Times and Politico", "named")]
    names = sorted(e.name for e in build_ledger(atts))
    assert names == ["Politico", "the New York Times"]
    assert all(e.type == "media_outlet" for e in build_ledger([_att(12, "the New York Times and Politico", "named")]))


def test_word_cores_drop_punctuation_but_keep_abbreviations():
    from bias.attribution import word_cores

    t = "According to a U.S. official, Biden told Politico. “Yes,” he said (in Kyiv)."
    assert [t[a:b] for a, b in word_cores(t)] == ["According", "to", "a", "U.S.", "official", "Biden", "told",
                                                   "Politico", "Yes", "he", "said", "in", "Kyiv"]


def test_decoding_joins_a_source_across_its_comma_and_abbreviation():
    import numpy as np

    from bias.attribution import TAGS, decode_tagged

    text = "According to a U.S. official, Britain, France and Germany agreed."
    words = {"a": "SOURCE", "U.S.": "SOURCE", "official": "SOURCE", "Britain": "CONTENT", "France": "CONTENT",
             "and": "CONTENT", "Germany": "CONTENT"}
    # one token per character, tagged by the word it belongs to; punctuation tokens say O
    offsets = [(i, i + 1) for i in range(len(text))]
    probs = np.zeros((len(text), len(TAGS)))
    probs[:, TAGS.index("O")] = 1.0
    for w, tag in words.items():
        start = text.index(w if w != "a" else " a ") + (1 if w == "a" else 0)
        for i in range(start, start + len(w)):
            probs[i] = 0
            probs[i, TAGS.index(tag)] = 1.0
    spans = [(text[s:e], tag) for s, e, tag in decode_tagged(text, offsets, probs)]
    assert spans == [("a U.S. official", "SOURCE"), ("Britain, France and Germany", "CONTENT")]


def test_ledger_name_drops_the_venue_clause_and_counts_a_shared_span_once():
    atts = [_att(9, "A U.S. official speaking to Politico", "anonymous", venue="Politico"),
            _att(10, "Biden", "named"), _att(10, "Biden", "named")]
    ledger = build_ledger(atts)
    assert [e.name for e in ledger] == ["A U.S. official", "Biden"]
    assert len(ledger[1].mentions) == 1


def test_reporting_cues_are_speech_writing_belief_or_findings():
    for cue in ["said", "told", "has repeatedly claimed", "according to", "wrote in a memo", "believes", "tweeted",
                "emphasized", "slammed", "criticizing", "—", "in a statement"]:
        assert is_reporting_cue(cue), cue
    for cue in ["authorized", "wants", "plans to", "have", "given", "pressure to", "authorization for", "approved",
                "decided"]:
        assert not is_reporting_cue(cue), cue


def test_ledger_leaves_out_acts():
    """"Biden has authorized Ukraine to …" is tagged as an attribution by a PolNeAR-style head, but cites no one."""
    act = Attribution(1, Span(30, 40, "authorized"), Span(0, 5, "Biden"), [], "named", "neutral", reporting=False)
    said = _att(2, "a U.S. official", "anonymous")
    ledger = build_ledger([act, said])
    assert [e.name for e in ledger] == ["a U.S. official"]
    assert act.ledger_id is None and said.ledger_id == 0


def test_content_coverage_and_ranges_match_a_brute_force_count():
    import random

    from bias.attribution import content_coverage, content_ranges
    from bias.segment import Sentence

    rng = random.Random(0)
    sentences, pos = [], 0
    for i in range(60):
        n = rng.randint(5, 40)
        sentences.append(Sentence(i, pos, pos + n, "x" * n, "body", 0, 0))
        pos += n + rng.randint(1, 3)
    atts = []
    for _ in range(25):
        a = rng.randint(0, pos - 1)
        b = min(pos, a + rng.randint(1, 120))
        atts.append(Attribution(0, None, Span(a, a + 1, "s"), [Span(a, b, "c")], "named", "neutral"))
    brute = [min(1.0, sum(max(0, min(c.end, s.end) - max(c.start, s.start)) for t in atts for c in t.content)
                 / (s.end - s.start)) for s in sentences]
    assert list(content_coverage(sentences, atts).share) == brute
    ranges = content_ranges(atts, sentences)
    expected = {s.index for s in sentences for t in atts for c in t.content if c.start < s.end and c.end > s.start}
    assert set(ranges) == expected


def _tagged(text: str, tagged: dict[str, str]):
    """A TokenOutput with one token per character, each tagged as the phrase it lies in (O elsewhere)."""
    import numpy as np

    from bias.attribution import TAGS
    from bias.classify import TokenOutput

    probs = np.zeros((len(text), len(TAGS)))
    probs[:, TAGS.index("O")] = 1.0
    for phrase, tag in tagged.items():
        start = text.index(phrase)
        probs[start:start + len(phrase)] = 0
        probs[start:start + len(phrase), TAGS.index(tag)] = 1.0
    return TokenOutput([(i, i + 1) for i in range(len(text))], {"attribution": probs})


def test_acts_and_hearsay_do_not_name_a_cited_source():
    from bias.attribution import extract_attributions
    from bias.segment import segment_text

    text = ("Joe Biden has authorized the strikes. Biden's refusal has reportedly angered Zelensky. "
            "An aide told Politico the plan had changed.")
    sents = segment_text(text).sentences
    tags = [{"Joe Biden": "SOURCE", "authorized": "CUE", "the strikes": "CONTENT"},
            {"Biden's refusal": "CONTENT", "reportedly angered": "CUE", "Zelensky": "SOURCE"},
            {"An aide": "SOURCE", "told": "CUE", "the plan had changed": "CONTENT"}]
    atts = extract_attributions(sents, [_tagged(s.text, t) for s, t in zip(sents, tags)])
    assert [(a.cue.text, a.reporting, a.source.text if a.source else None) for a in atts] == [
        ("authorized", False, "Joe Biden"), ("reportedly angered", True, None), ("told", True, "An aide")]
    assert [e.name for e in build_ledger(atts)] == ["An aide"]


def test_a_reporting_verb_with_nothing_reported_cites_no_one():
    """The head tags no content: "maintains this restriction" reports nothing; "said last week that …", "according
    to …", a quotation or a colon still report; content running on into the next sentence counts as content."""
    from bias.attribution import extract_attributions
    from bias.segment import segment_text

    text = ("Biden publicly maintains this restriction. Sources said last week that the plan had changed. "
            "The plan failed, according to officials. “We are done,” Smith said. The mayor said: the budget is final. "
            "An aide briefed reporters. “It is over.”")
    sents = segment_text(text).sentences
    tags = [{"Biden": "SOURCE", "publicly maintains": "CUE"}, {"Sources": "SOURCE", "said": "CUE"},
            {"according to": "CUE", "officials": "SOURCE"}, {"said": "CUE", "Smith": "SOURCE"},
            {"The mayor": "SOURCE", "said": "CUE"}, {"An aide": "SOURCE", "briefed": "CUE"}, {"It is over.": "CONTENT"}]
    assert len(sents) == len(tags)
    atts = extract_attributions(sents, [_tagged(s.text, t) for s, t in zip(sents, tags)])
    assert [(a.source.text, a.reporting) for a in atts] == [
        ("Biden", False), ("Sources", True), ("officials", True), ("Smith", True), ("The mayor", True),
        ("An aide", True)]
    assert [e.name for e in build_ledger(atts)] == ["Sources", "officials", "Smith", "The mayor", "An aide"]


def test_reporting_verbs_are_inflected_without_made_up_forms():
    from bias.lexicons import REPORTING_WORDS, verb_forms

    assert verb_forms("deny") == {"deny", "denies", "denied", "denying"}
    assert verb_forms("note") == {"note", "notes", "noted", "noting"}
    assert verb_forms("see") == {"see", "sees", "seeing", "saw", "seen"}
    assert verb_forms("slam") == {"slam", "slams", "slammed", "slamming"}
    assert verb_forms("find") == {"find", "finds", "finding", "found"}
    assert {"replied", "testified", "rebutted", "concurred", "agreeing", "disagreeing"} <= REPORTING_WORDS
    assert not {"denyed", "denys", "sayed", "telled", "seed", "seing", "agreing", "slamed", "rebuted"} & REPORTING_WORDS


def test_speech_verbs_and_closing_cues_still_report_without_tagged_content():
    from bias.attribution import reports_something
    from bias.segment import segment_text

    def reports(text, cue, source):
        s = segment_text(text).sentences[0]
        start = text.index(cue)
        return reports_something(s, start, start + len(cue), cue, min(start, text.index(source)))

    assert reports("Officials said the vote would be delayed.", "said", "Officials")
    assert reports("The plan is dead, officials argued on Tuesday.", "argued", "officials")
    assert reports("Critics argued last week that the plan failed.", "argued", "Critics")
    assert not reports("Despite pressure from allies, Biden publicly maintains this restriction.", "maintains", "Biden")
    assert not reports("She posted a photo at 3:30 p.m.", "posted", "She")
