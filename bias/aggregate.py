"""Article-level indices and a plain-words summary, computed from the sentence labels, loaded spans and attributions.

A few named indices instead of one opaque "bias score"; the formulas are documented in docs/report.md. Every index
is a dict with its ``value``, the parts it is computed from, and ``evidence``: the sentence indices and
``[start, end]`` character spans behind it, so that a reader can check it by hand.
"""
from __future__ import annotations

import re

from .labels import LABELS

# An article that declares itself opinion in its headline ("Opinion: …", "Editorial | …").
OPINION_DECLARATION = re.compile(
    r"^\s*(opinion|op-ed|editorial|commentary|analysis|column|perspective|our take|viewpoint)\s*[:|—–-]",
    re.IGNORECASE)
WORD = re.compile(r"[\w'’-]+")
TOP_PHRASES = 5


def count_words(text: str) -> int:
    return len(WORD.findall(text))


def _evidence(sentences=(), spans=()) -> dict:
    return {"sentences": sorted(set(sentences)), "spans": [list(s) for s in spans]}


def article_declares_opinion(report) -> bool:
    """The article labels itself as opinion: its headline starts "Opinion:", "Editorial |", …, or the opinion
    heading comes before any news body (the whole article sits under it)."""
    head = report.headline
    if head and OPINION_DECLARATION.match(head.text):
        return True
    with_body = [sec for sec in report.sections if sec.sentences]
    return bool(with_body) and with_body[0].opinion_heading


def compute_indices(report) -> dict:
    """The article-level indices of ``report`` (see docs/report.md for each formula)."""
    body = [s for s in report.sentences if s.kind == "body"]
    n_body = max(1, len(body))
    body_chars = sum(s.end - s.start for s in body) or 1
    body_words = sum(count_words(s.text) for s in body) or 1
    body_ids = {s.index for s in body}
    out: dict = {}

    out["label_shares"] = {
        lab: {"sentences": sum(s.label == lab for s in body),
              "by_sentences": round(sum(s.label == lab for s in body) / n_body, 4),
              "by_characters": round(sum(s.end - s.start for s in body if s.label == lab) / body_chars, 4),
              "evidence": _evidence(s.index for s in body if s.label == lab)}
        for lab in LABELS}

    declared = article_declares_opinion(report)
    marked = {i for sec in report.sections if sec.opinion_heading or declared for i in sec.sentences}
    opinion = [s.index for s in body if s.label == "opinion"]
    in_news = [i for i in opinion if i not in marked]
    news_body = [s for s in body if s.index not in marked]
    out["opinion_separation"] = {
        # share of the article's opinion sentences that sit where a reader is told to expect opinion
        "value": round((len(opinion) - len(in_news)) / len(opinion), 4) if opinion else None,
        "article_declares_opinion": declared,
        "marked_sections": [sec.heading for sec in report.sections if sec.opinion_heading],
        "opinion_sentences": len(opinion),
        "opinion_in_marked_sections": len(opinion) - len(in_news),
        "opinion_in_news_body": len(in_news),
        "news_body_sentences": len(news_body),
        "news_body_opinion_share": round(len(in_news) / len(news_body), 4) if news_body else None,
        "evidence": _evidence(in_news),
    }

    writer = [sp for sp in report.loaded_spans if sp.voice == "writer" and sp.sentence in body_ids]
    quoted = [sp for sp in report.loaded_spans if sp.voice == "quoted"]
    out["writer_loaded_per_100_words"] = {
        "value": round(100 * len(writer) / body_words, 3),
        "writer_spans": len(writer), "quoted_spans": len(quoted), "body_words": body_words,
        "top_phrases": [{"text": sp.text, "score": sp.score, "sentence": sp.sentence, "start": sp.start,
                         "end": sp.end} for sp in sorted(writer, key=lambda sp: -sp.score)[:TOP_PHRASES]],
        "evidence": _evidence((sp.sentence for sp in writer), ((sp.start, sp.end) for sp in writer)),
    }

    ha = report.headline_assessment
    flagged_body = {sp.sentence for sp in writer}
    body_loaded_share = len(flagged_body) / n_body
    out["headline"] = {
        "sensationalism": ha.score if ha else None,
        "reasons": [r["kind"] + (f": {r['text']}" if r.get("text") else "") for r in ha.reasons] if ha else [],
        "body_loaded_sentence_share": round(body_loaded_share, 4),
        # positive: the headline is more sensational than the body it sells
        "gap": round(ha.score - body_loaded_share, 4) if ha else None,
        "evidence": _evidence(([ha.sentence] if ha else []) + sorted(flagged_body)),
    }

    by_type = {t: 0 for t in ("named", "anonymous", "media_outlet", "pronoun", "unknown")}
    for e in report.ledger:
        by_type[e.type] = by_type.get(e.type, 0) + len(e.mentions)
    typed = by_type["named"] + by_type["anonymous"]
    out["sourcing"] = {
        "value": round(by_type["anonymous"] / typed, 4) if typed else None,  # anonymous share of typed mentions
        "sources": len(report.ledger),
        "named_sources": sum(e.type == "named" for e in report.ledger),
        "anonymous_sources": sum(e.type == "anonymous" for e in report.ledger),
        "mentions_by_type": by_type,
        "single_source": len(report.ledger) == 1,
        "evidence": _evidence((m["sentence"] for e in report.ledger for m in e.mentions),
                              ((m["start"], m["end"]) for e in report.ledger for m in e.mentions)),
    }

    hedges = [m for m in report.markers if m.kind == "hedge" and m.sentence in body_ids]
    out["hedges_per_100_words"] = {
        "value": round(100 * len(hedges) / body_words, 3), "hedges": len(hedges),
        "evidence": _evidence((m.sentence for m in hedges), ((m.start, m.end) for m in hedges)),
    }
    return out


def _quote(items, n=3) -> str:
    texts = list(dict.fromkeys(items))[:n]
    return ", ".join(f"“{t}”" for t in texts)


def count_noun(n: int, noun: str) -> str:
    """``count_noun(1, "source")`` → "1 source", ``count_noun(2, "source")`` → "2 sources"."""
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _furniture_and_posts(report) -> list[dict]:
    """Hard-wrapped text that was reflowed, what is shown but not counted (page furniture), and the embedded posts
    counted as attributed claims."""
    out = []
    width = (report.metadata or {}).get("hard_wrapped_at")
    if width:
        out.append({"id": "reflowed", "text": f"The text was hard-wrapped at {width} columns; its lines were joined "
                                              "into paragraphs before segmentation (offsets are unchanged).",
                    "evidence": _evidence()})
    furniture = [s.index for s in report.sentences if s.kind == "furniture"]
    if furniture:
        out.append({"id": "page_furniture",
                    "text": f"{count_noun(len(furniture), 'line')} of page furniture (credits, share and subscribe "
                            "lines, post signatures, bios …) "
                            f"{'is' if len(furniture) == 1 else 'are'} shown but not labelled or counted.",
                    "evidence": _evidence(furniture)})
    posts = [s for s in report.sentences if getattr(s, "embedded_source", None) and s.kind == "body"]
    if posts:
        accounts = list(dict.fromkeys(s.embedded_source for s in posts))
        out.append({"id": "embedded_posts",
                    "text": f"{count_noun(len(posts), 'sentence')} of embedded posts by "
                            f"{count_noun(len(accounts), 'account')} ({_quote(accounts)}"
                            f"{', …' if len(accounts) > 3 else ''}) {'is' if len(posts) == 1 else 'are'} "
                            "counted as attributed claims, never as the writer's words.",
                    "evidence": _evidence(s.index for s in posts)})
    return out


def summarise_findings(report, indices: dict) -> list[dict]:
    """Short plain-words statements, each carrying the evidence (sentences, spans) it rests on."""
    findings = []
    verdict = genre_finding(report)
    if verdict:
        findings.append(verdict)
    body = [s for s in report.sentences if s.kind == "body"]
    shares = indices["label_shares"]
    findings.append({
        "id": "label_shares",
        "text": "Of {n}, {f} {verb} reported fact, {c} attributed claim and {o} opinion.".format(
            n=count_noun(len(body), "body sentence"), f=shares["reported_fact"]["sentences"],
            verb="is" if shares["reported_fact"]["sentences"] == 1 else "are",
            c=shares["attributed_claim"]["sentences"], o=shares["opinion"]["sentences"]),
        "evidence": _evidence(s.index for s in body)})
    findings.extend(_furniture_and_posts(report))

    sep = indices["opinion_separation"]
    where = ", ".join(f"“{h}”" for h in sep["marked_sections"])
    if sep["opinion_sentences"] == 0:
        text = "No sentence of the body is labelled opinion."
    elif sep["article_declares_opinion"]:
        text = "The article declares itself opinion, so its opinion sentences are labelled as such."
    elif sep["opinion_in_news_body"] == 0:
        n = sep["opinion_sentences"]
        subject = "The one opinion sentence is" if n == 1 else "Both opinion sentences are" if n == 2 else \
            f"All {n} opinion sentences are"
        text = f"{subject} kept to the section marked as opinion ({where})."
    else:
        mixed = sep["opinion_in_news_body"]
        text = (f"{mixed} of {count_noun(sep['opinion_sentences'], 'opinion sentence')} "
                f"{'is' if mixed == 1 else 'are'} mixed into the news body" + (f", outside the section marked as opinion ({where})." if where else
                                ", and no section is marked as opinion."))
    findings.append({"id": "opinion_separation", "text": text,
                     "evidence": sep["evidence"] if sep["opinion_in_news_body"] else
                     _evidence(s.index for s in body if s.label == "opinion")})

    loaded = indices["writer_loaded_per_100_words"]
    if loaded["writer_spans"]:
        text = (f"The writer uses {count_noun(loaded['writer_spans'], 'loaded phrase')} "
                f"({loaded['value']:.2f} per 100 words), "
                f"e.g. {_quote(p['text'] for p in loaded['top_phrases'])}.")
    else:
        text = "No loaded phrasing was found in the writer's own voice."
    if loaded["quoted_spans"]:
        n = loaded["quoted_spans"]
        text += f" {n} more {'is' if n == 1 else 'are'} inside quotations or attributed content, not counted."
    findings.append({"id": "writer_loaded", "text": text, "evidence": loaded["evidence"]})

    head = indices["headline"]
    if head["sensationalism"] is not None:
        level = "high" if head["sensationalism"] >= 0.6 else "moderate" if head["sensationalism"] >= 0.3 else "low"
        text = f"Headline sensationalism is {level} ({head['sensationalism']:.2f})"
        text += f": {'; '.join(head['reasons'])}." if head["reasons"] else "."
        if head["gap"] is not None and head["gap"] >= 0.3:
            text += " The headline is markedly more sensational than the body."
        findings.append({"id": "headline", "text": text,
                         "evidence": _evidence([report.headline_assessment.sentence])})

    src = indices["sourcing"]
    if src["sources"]:
        anon = [e.name for e in report.ledger if e.type == "anonymous"]
        outlets = sum(e.type == "media_outlet" for e in report.ledger)
        text = (f"{count_noun(src['sources'], 'source')} cited: {src['named_sources']} named, "
                f"{src['anonymous_sources']} anonymous" + (f" ({_quote(anon)})" if anon else "")
                + (f", {count_noun(outlets, 'media outlet')}" if outlets else "") + ".")
        if src["single_source"]:
            text += " The article rests on a single source."
    else:
        text = "No attributed source was found."
    findings.append({"id": "sourcing", "text": text, "evidence": src["evidence"]})

    hedges = indices["hedges_per_100_words"]
    if hedges["hedges"]:
        words = _quote(m.text for m in report.markers if m.kind == "hedge")
        verb = "softens" if hedges["hedges"] == 1 else "soften"
        findings.append({"id": "hedges", "text": f"{count_noun(hedges['hedges'], 'hedge')} {verb} claims: {words}.",
                         "evidence": hedges["evidence"]})
    return findings


# The genre findings fire when the verdict's probability reaches this (bias/genre.py; docs/report.md). The head is
# calibrated for equal news/opinion priors and rarely goes above 0.85 (SemEval-2023 dev: at 0.7, 14 of 83 articles).
GENRE_FINDING_PROBABILITY = 0.7


def genre_mismatch(report) -> str | None:
    """``"opinion_not_marked"``: the genre head reads an opinion piece (P(opinion) ≥ GENRE_FINDING_PROBABILITY) in
    an article that declares no opinion (no opinion label, no section marked as opinion);
    ``"marked_opinion_reads_as_news"``: an article that declares itself opinion reads as a news report at that
    probability; else None (also without a genre head)."""
    g = getattr(report, "genre", None)
    if not g:
        return None
    declared = article_declares_opinion(report)
    marked = any(sec.opinion_heading for sec in report.sections)
    if g["probs"].get("opinion", 0.0) >= GENRE_FINDING_PROBABILITY and not declared and not marked:
        return "opinion_not_marked"
    if declared and g["probs"].get("news_report", 0.0) >= GENRE_FINDING_PROBABILITY:
        return "marked_opinion_reads_as_news"
    return None


def apply_genre(report, genre: dict | None) -> None:
    """Set ``report.genre`` and let the opinion-separation index and the findings take the verdict into account.

    The index gains ``genre``, ``genre_probability`` and ``genre_mismatch``. An undeclared opinion piece (mismatch
    ``opinion_not_marked``) is opinion presented as news as a whole, so its ``value`` becomes 0 (none of its opinion
    sits where a reader is told to expect opinion), even when few of its sentences are labelled opinion; the value
    the sentence labels alone give is kept as ``value_from_sentences``."""
    report.genre = genre
    sep = report.indices.get("opinion_separation")
    if sep is not None:
        mismatch = genre_mismatch(report)
        sep["genre"] = genre["label"] if genre else None
        sep["genre_probability"] = genre["probs"][genre["label"]] if genre else None
        sep["genre_probs"] = dict(genre["probs"]) if genre else None
        sep["genre_mismatch"] = mismatch
        sep["value_from_sentences"] = sep.get("value_from_sentences", sep["value"])
        sep["value"] = 0.0 if mismatch == "opinion_not_marked" else sep["value_from_sentences"]
    report.findings = summarise_findings(report, report.indices)


GENRE_NAMES = {"news_report": "a news report", "opinion": "an opinion piece", "satire": "satire"}


def genre_finding(report) -> dict | None:
    """The verdict in plain words, with the sentences and features that weigh most toward it."""
    from .genre import describe_feature

    g = getattr(report, "genre", None)
    if not g:
        return None
    label, p = g["label"], g["probs"][g["label"]]
    ev = g["evidence"]
    mismatch = genre_mismatch(report)
    if mismatch == "opinion_not_marked":
        p = g["probs"]["opinion"]
        fid, text = "opinion_not_marked", (f"The article reads as an opinion piece but is not marked as one "
                                           f"(P(opinion) = {p:.2f}; no opinion label, no section marked as "
                                           "opinion).")
    elif mismatch == "marked_opinion_reads_as_news":
        p = g["probs"]["news_report"]
        fid, text = "marked_opinion_reads_as_news", (f"The article is marked as opinion but reads as a news report "
                                                     f"(P(news report) = {p:.2f}).")
    else:
        fid, text = "genre", f"The article reads as {GENRE_NAMES.get(label, label)} (P = {p:.2f})."
    feats = [describe_feature(f) for f in ev.get("features", [])[:2]]
    if feats:
        text += " Weighing most: " + "; ".join(feats) + "."
    return {"id": fid, "text": text, "evidence": _evidence(ev.get("sentences", []))}
