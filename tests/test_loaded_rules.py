"""Deterministic parts of loaded phrasing: span decoding, quotation ranges, voice, markers, headline signals."""
import numpy as np

from bias.loaded import assess_headline, decode_spans, loaded_spans_in, markers, quoted_ranges, voice_of


def test_decode_spans_joins_words_and_keeps_whole_words():
    text = "Biden has discreetly authorized strikes."
    # tokens: Biden | has | disc | reetly | authorized | strikes | .
    offsets = [(0, 5), (6, 9), (10, 14), (14, 20), (21, 31), (32, 39), (39, 40)]
    probs = np.array([0.1, 0.1, 0.9, 0.2, 0.6, 0.1, 0.0])
    spans = decode_spans(text, offsets, probs, 0.5)
    assert [(text[s:e], round(sc, 2)) for s, e, sc in spans] == [("discreetly authorized", 0.9)]
    assert decode_spans(text, offsets, probs, 0.95) == []


def _flat(text, probs=None):
    words = [(i, i + len(w)) for i, w in ((text.index(w), w) for w in text.split())]
    probs = np.zeros(len(words)) if probs is None else np.asarray(probs)
    return loaded_spans_in(text, words, probs, 0.5)


def test_insinuation_rule_adds_concealment_phrases_with_the_model_score():
    text = "The missiles were quietly shipped to Kyiv."
    probs = [0.0, 0.0, 0.0, 0.3, 0.1, 0.0, 0.0]
    assert [(text[s:e], sc, o) for s, e, sc, o in _flat(text, probs)] == [("quietly shipped", 0.3, "rule")]
    # a model span the rule overlaps is widened and keeps both origins
    text = "A radical secretly hatched plan."
    spans = _flat(text, [0.0, 0.9, 0.2, 0.1, 0.0])
    assert [(text[s:e], sc, o) for s, e, sc, o in spans] == [("radical secretly hatched", 0.9, "model+rule")]


def test_insinuation_rule_leaves_terms_of_art_alone():
    for text in ("The Secret Service said so.", "It is no secret that rents rose.",
                 "Victoria's Secret opened a store.", "Members voted by secret ballot.", "He read top secret files.",
                 "She spoke quietly to reporters.", "The crowd sat quietly as he said quietly that he would go."):
        assert _flat(text) == [], text
    text = "The deal was struck behind closed doors with Secret Approval!"
    assert [text[s:e] for s, e, _, _ in _flat(text)] == ["behind closed doors", "Secret Approval"]


def test_quoted_ranges_curly_straight_and_open():
    t = 'He said “this is a disgrace” and "a sham".'
    r = quoted_ranges(t)
    assert [t[a:b] for a, b in r] == ["“this is a disgrace”", '"a sham"']
    # a quotation opened in an earlier sentence
    t2 = "We proceed from the fact.” Then he left."
    assert [t2[a:b] for a, b in quoted_ranges(t2, starts_in_quote=True)] == ["We proceed from the fact.”"]
    # unbalanced: open to the end of the sentence
    t3 = "He said “we will fight"
    assert quoted_ranges(t3) == [(8, len(t3))]


def test_voice_prefers_attribution_content_then_quotes():
    quotes = [(10, 30)]
    assert voice_of(12, 20, quotes, []) == ("quoted", None)
    assert voice_of(40, 45, quotes, [(35, 60, "Lavrov")]) == ("quoted", "Lavrov")
    assert voice_of(0, 5, quotes, [(35, 60, "Lavrov")]) == ("writer", None)


def test_hedges_and_intensifiers_are_separate_markers():
    text = "Biden's refusal has reportedly angered a very large group."
    found = markers(text, 100, 3)
    assert [(m.text, m.kind, m.start) for m in found] == [
        ("reportedly", "hedge", 100 + text.index("reportedly")), ("very", "intensifier", 100 + text.index("very"))]


def test_headline_signals():
    h = "Biden Allows Ukraine to Strike Inside Russia with U.S. Weapons with Secret Approval!"
    a = assess_headline(h, 0, [], None)
    kinds = {r["kind"] for r in a.reasons}
    assert {"exclamation mark", "teaser word"} <= kinds
    plain = assess_headline("Council approves budget for road repairs", 0, [], None)
    assert plain.score == 0 and a.score > 0.4


def test_a_teaser_word_inside_a_loaded_phrase_counts_once():
    h = "Biden Allows Ukraine to Strike Inside Russia with U.S. Weapons with Secret Approval!"
    phrase = (h.index("Secret"), h.index("!"), 0.05)
    a = assess_headline(h, 0, [phrase], None)
    assert [(r["kind"], r["text"], r["weight"]) for r in a.reasons] == [
        ("loaded phrase", "Secret Approval", 0.3), ("exclamation mark", "!", 0.35)]
    alone = assess_headline(h, 0, [], None)
    assert a.score == alone.score  # the same two signals, whether or not the phrase was found
