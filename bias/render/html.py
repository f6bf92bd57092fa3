"""Self-contained HTML rendering: one page with inline CSS, no scripts and no external assets.

The page holds the summary (findings linked to their sentences, the indices), a legend, the article with every
sentence coloured by label and its loaded phrases, hedges and attribution spans marked, the source ledger and the
tool's provenance. Tooltips are both ``title`` attributes and CSS-only ``.tip`` children shown on hover.

Every string taken from the report (article text, metadata, source names, even labels) is escaped, so an article
containing ``<script>`` or ``onerror=`` shows them as text.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

from ..labels import LABELS
from ..loaded import ORIGIN_NAMES
from ..report import Report
from ..segment import SentenceIndex

LABEL_NAMES = {"reported_fact": "reported fact", "attributed_claim": "attributed claim", "opinion": "opinion"}
SOURCE_TYPE_NAMES = {"named": "named", "anonymous": "anonymous", "media_outlet": "media outlet",
                     "pronoun": "pronoun", "unknown": "unknown"}
# Above this many evidence sentences, the links of a finding fold into a <details> element.
FOLD_LINKS_AFTER = 12

# Nesting preference when two spans cover exactly the same characters: attribution spans outside, markers inside.
RANK_ATTRIBUTION, RANK_LOADED, RANK_MARKER = 0, 1, 2


def esc(value) -> str:
    """Escaped text, safe both as element content and inside a double-quoted attribute."""
    return html.escape(str(value), quote=True)


def css_token(value) -> str:
    """A class-name-safe form of a value taken from the report (labels, voices, types, stances)."""
    return re.sub(r"[^a-z0-9_-]", "", str(value).lower()) or "none"


def label_name(label: str) -> str:
    return LABEL_NAMES.get(label, str(label).replace("_", " "))


@dataclass
class Annotation:
    """A span to wrap in an element inside one sentence (offsets into the article text)."""

    start: int
    end: int
    rank: int
    tag: str
    classes: str
    tip: str

    def open(self, continued: bool = False) -> str:
        # A span re-opened after a crossing span closed it keeps its title but shows no second tooltip.
        classes = f"ann {self.classes} cont" if continued else f"ann {self.classes}"
        tip = "" if continued else f'<span class="tip" role="tooltip">{esc(self.tip)}</span>'
        return f'<{self.tag} class="{esc(classes)}" title="{esc(self.tip)}">{tip}'

    def close(self) -> str:
        return f"</{self.tag}>"


def render_html(report: Report) -> str:
    """The report as one self-contained HTML5 page."""
    sentence_ids = {s.index for s in report.sentences}
    title = (report.headline.text if report.headline else None) or report.metadata.get("title") or "Untitled article"
    tool = report.tool or {}
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        # Defence in depth: even a markup bug could not load or run anything.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="{esc(tool.get("name", "bias"))} {esc(tool.get("version", ""))}">',
        f"<title>Bias report: {esc(title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        _page_header(report, title),
        "<main>",
        _summary(report, sentence_ids),
        _legend(),
        _article(report),
        _ledger(report, sentence_ids),
        "</main>",
        _footer(tool),
        "</body>",
        "</html>",
    ]
    return "\n".join(p for p in parts if p) + "\n"


# --- header, summary, legend, ledger, footer -------------------------------------------------------------------

def _page_header(report: Report, title: str) -> str:
    meta = report.metadata or {}
    facts = [esc(meta[k]) for k in ("outlet", "author", "date") if meta.get(k)]
    if meta.get("url"):  # shown, not linked: the page makes no request and offers no foreign link to follow
        facts.append(f'<span class="url">{esc(meta["url"])}</span>')
    line = f'<p class="meta">{" · ".join(facts)}</p>' if facts else ""
    return (f'<header class="page-head"><p class="kicker">Editorial-bias report</p>'
            f"<h1>{esc(title)}</h1>{line}</header>")


def _links(indices, sentence_ids: set[int]) -> str:
    """Links to sentences by number; numbers without a sentence stay plain text."""
    out = []
    for i in indices:
        if isinstance(i, int) and i in sentence_ids:
            out.append(f'<a href="#s-{i}">#{i}</a>')
        else:
            out.append(esc(f"#{i}"))
    return ", ".join(out)


def _evidence_links(indices: list, sentence_ids: set[int]) -> str:
    if not indices:
        return ""
    links = _links(indices, sentence_ids)
    if len(indices) > FOLD_LINKS_AFTER:
        return (f'<details class="evidence"><summary>{len(indices)} sentences</summary>'
                f"<p>{links}</p></details>")
    return f'<p class="evidence">Sentences {links}</p>'


def _summary(report: Report, sentence_ids: set[int]) -> str:
    items = []
    for finding in report.findings:
        sentences = (finding.get("evidence") or {}).get("sentences", [])
        items.append(f'<li class="finding finding-{css_token(finding.get("id", ""))}">'
                     f'<p>{esc(finding.get("text", ""))}</p>{_evidence_links(sentences, sentence_ids)}</li>')
    findings = f'<ul class="findings">{"".join(items)}</ul>' if items else "<p>No findings.</p>"
    return (f'<section class="panel summary" aria-labelledby="summary-h"><h2 id="summary-h">Summary</h2>'
            f"{_genre(report)}{findings}{_indices_table(report, sentence_ids)}</section>")


def _genre(report: Report) -> str:
    """The genre verdict (news report / opinion piece / satire) with its probabilities; empty without a head."""
    g = getattr(report, "genre", None)
    if not g:
        return ""
    probs = " · ".join(f"{esc(k.replace('_', ' '))} {float(v):.2f}" for k, v in g["probs"].items())
    return (f'<p class="genre genre-{css_token(g["label"])}"><strong>Genre: '
            f'{esc(str(g["label"]).replace("_", " "))}</strong> <span class="meta">({probs})</span></p>')


def _pct(x) -> str:
    return "—" if x is None else f"{100 * x:.0f}\u202f%"


def _num(x, fmt: str = ".2f") -> str:
    return "—" if x is None else format(x, fmt)


def _indices_table(report: Report, sentence_ids: set[int]) -> str:
    """The indices of docs/report.md as rows of (name, value, details); missing indices are left out."""
    ix = report.indices or {}
    rows = []
    for lab in LABELS:
        v = ix.get("label_shares", {}).get(lab)
        if v:
            name = f'<span class="swatch label-{css_token(lab)}"></span>{esc(label_name(lab).capitalize())} share'
            rows.append((name, _pct(v.get("by_sentences")),
                         f"{v.get('sentences', 0)} sentences · {_pct(v.get('by_characters'))} of characters"))
    sep = ix.get("opinion_separation")
    if sep:
        where = ", ".join(f"“{esc(h)}”" for h in sep.get("marked_sections", []) if h)
        detail = (f"{sep.get('opinion_in_marked_sections', 0)} of {sep.get('opinion_sentences', 0)} opinion sentences "
                  f"in sections marked as opinion{f' ({where})' if where else ''}; "
                  f"opinion share of the news body {_pct(sep.get('news_body_opinion_share'))}")
        if sep.get("article_declares_opinion"):
            detail += "; the article declares itself opinion"
        rows.append(("Opinion separation", _pct(sep.get("value")), detail))
    loaded = ix.get("writer_loaded_per_100_words")
    if loaded:
        top = [f"“{esc(p['text'])}” ({_num(p.get('score'))}, {_links([p.get('sentence')], sentence_ids)})"
               for p in loaded.get("top_phrases", [])]
        detail = f"top: {'; '.join(top)}" if top else "none in the writer's voice"
        detail += f" · {loaded.get('quoted_spans', 0)} quoted (not counted)"
        rows.append(("Writer's loaded phrases per 100 words", _num(loaded.get("value")), detail))
    head = ix.get("headline")
    if head and head.get("sensationalism") is not None:
        reasons = "; ".join(esc(r) for r in head.get("reasons", [])) or "no reasons"
        gap = head.get("gap")
        rows.append(("Headline sensationalism", _num(head["sensationalism"]),
                     f"{reasons} · gap to body {'—' if gap is None else format(gap, '+.2f')}"))
    src = ix.get("sourcing")
    if src:
        by_type = ", ".join(f"{esc(SOURCE_TYPE_NAMES.get(t, t))} {n}"
                            for t, n in (src.get("mentions_by_type") or {}).items() if n)
        detail = (f"{src.get('sources', 0)} sources; anonymous share of named + anonymous mentions "
                  f"{_pct(src.get('value'))}" + (f"; mentions: {by_type}" if by_type else "")
                  + ("; single source" if src.get("single_source") else ""))
        rows.append(("Sourcing", f"{src.get('named_sources', 0)} named · {src.get('anonymous_sources', 0)} anonymous",
                     detail))
    hedges = ix.get("hedges_per_100_words")
    if hedges:
        rows.append(("Hedges per 100 words", _num(hedges.get("value")), f"{hedges.get('hedges', 0)} hedges"))
    if not rows:
        return ""
    body = "".join(f'<tr><th scope="row">{name}</th><td class="num">{value}</td><td>{detail}</td></tr>'
                   for name, value, detail in rows)
    return ('<table class="indices"><caption>Indices (formulas in docs/report.md)</caption>'
            '<thead><tr><th scope="col">Index</th><th scope="col">Value</th><th scope="col">Details</th></tr></thead>'
            f"<tbody>{body}</tbody></table>")


def _legend() -> str:
    # Keys reuse the style classes but not the structural ones (sentence, loaded, ann), which mark report content.
    labels = "".join(f'<li><span class="key label-{lab}">{esc(label_name(lab))}</span></li>' for lab in LABELS)
    spans = ('<li><mark class="key voice-writer">loaded, writer’s voice</mark></li>'
             '<li><mark class="key voice-quoted">loaded, quoted</mark></li>'
             '<li><span class="key marker hedge">hedge</span></li>'
             '<li><span class="key marker intensifier">intensifier</span></li>'
             '<li><span class="key attr-source type-named">named source</span></li>'
             '<li><span class="key attr-source type-anonymous">anonymous source</span></li>'
             '<li><span class="key attr-cue stance-neutral">cue</span></li>'
             '<li><span class="key attr-cue stance-distancing">distancing cue</span></li>')
    return ('<section class="panel legend" aria-labelledby="legend-h"><h2 id="legend-h">Legend</h2>'
            '<p>Sentence labels (solid, dashed and dotted underlines tell them apart without colour):</p>'
            f'<ul class="keys">{labels}</ul><p>Spans inside sentences:</p><ul class="keys">{spans}</ul>'
            '<p><span class="key furniture">page furniture</span> (credits, share lines, post signatures): '
            "shown, not labelled, not counted. "
            '<span class="key label-attributed_claim embedded-post">embedded post</span>: someone else’s words.</p>'
            "<p>Hover a sentence or a marked span for the label probabilities and details.</p></section>")


def _ledger(report: Report, sentence_ids: set[int]) -> str:
    if not report.ledger:
        return ('<section class="panel ledger" aria-labelledby="ledger-h"><h2 id="ledger-h">Sources</h2>'
                "<p>No attributed source was found.</p></section>")
    rows = []
    for entry in report.ledger:
        mentions = list(dict.fromkeys(m.get("sentence") for m in entry.mentions))
        rows.append(f'<tr><td>{esc(entry.name)}</td><td><span class="badge type-{css_token(entry.type)}">'
                    f"{esc(SOURCE_TYPE_NAMES.get(entry.type, entry.type))}</span></td>"
                    f'<td class="num">{len(entry.mentions)}</td><td>{esc(", ".join(entry.venues)) or "—"}</td>'
                    f"<td>{_links(mentions, sentence_ids)}</td></tr>")
    return ('<section class="panel ledger" aria-labelledby="ledger-h"><h2 id="ledger-h">Sources</h2>'
            '<table><thead><tr><th scope="col">Source</th><th scope="col">Type</th><th scope="col">Mentions</th>'
            '<th scope="col">Spoke to</th><th scope="col">Sentences</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></section>')


def _footer(tool: dict) -> str:
    model = esc(tool.get("model", "?")) + (f" (encoder {esc(tool['encoder'])})" if tool.get("encoder") else "")
    return (f'<footer><p>{esc(tool.get("name", "bias"))} {esc(tool.get("version", "?"))} · model {model} · '
            f'report schema {esc(tool.get("schema_version", "?"))}</p>'
            f'<p>input sha256 <code>{esc(tool.get("input_sha256", "?"))}</code></p>'
            "<p>Labels and spans are a model’s reading of the text; every figure links to the sentences it rests "
            "on so that it can be checked.</p></footer>")


# --- the article ------------------------------------------------------------------------------------------------

def _article(report: Report) -> str:
    annotations = _annotations_by_sentence(report)

    def sentence(s) -> str:
        return _sentence_html(s, annotations.get(s.index, []))

    parts = ['<article class="panel article" aria-labelledby="article-h">']
    headlines = [s for s in report.sentences if s.kind == "headline"]
    if headlines:
        parts.append(f'<h2 class="headline" id="article-h">{" ".join(sentence(s) for s in headlines)}</h2>')
    else:
        parts.append('<h2 class="headline" id="article-h">Article</h2>')
    parts.extend(f'<p class="byline">{esc(b.get("text", ""))}</p>' for b in report.bylines)

    by_section: dict[int, list] = {}
    for s in report.sentences:
        if s.kind != "headline":
            by_section.setdefault(s.section, []).append(s)
    known = {sec.index for sec in report.sections}
    sections = [(sec.index, sec.heading, sec.opinion_heading) for sec in report.sections]
    sections += [(i, None, False) for i in by_section if i not in known]  # never drop a sentence
    for index, heading, opinion in sections:
        sentences = by_section.get(index, [])
        if not heading and not sentences:
            continue
        parts.append(f'<section class="article-section{" opinion-section" if opinion else ""}">')
        if heading:
            badge = ' <span class="badge opinion-badge">opinion section</span>' if opinion else ""
            parts.append(f"<h3>{esc(heading)}{badge}</h3>")
        paragraph = None
        for s in sentences:
            if s.paragraph != paragraph:
                parts.append(("</p>" if paragraph is not None else "") + "<p>")
                paragraph = s.paragraph
            else:
                parts.append(" ")
            parts.append(sentence(s))
        if paragraph is not None:
            parts.append("</p>")
        parts.append("</section>")
    parts.append("</article>")
    return "".join(parts)


def _probabilities_tip(s) -> str:
    probs = sorted((s.probs or {}).items(), key=lambda kv: -kv[1])
    return " · ".join(f"{label_name(lab)} {p:.2f}" for lab, p in probs)


def _sentence_html(s, annotations: list[Annotation]) -> str:
    """One sentence: a labelled span with its tooltip, and its annotations nested inside by boundary events."""
    if s.label is None:  # page furniture: shown, not labelled, not counted
        note = "page furniture · not labelled, not counted"
        return (f'<span class="sentence furniture" id="s-{int(s.index)}" data-kind="furniture" '
                f'title="{esc(f"#{s.index} {note}")}"><span class="tip" role="tooltip">{esc(note)} · '
                f"sentence #{int(s.index)}</span>" + _nest(s.text, s.start, annotations) + "</span>")
    label = css_token(s.label)
    probs = _probabilities_tip(s)
    post = getattr(s, "embedded_source", None)
    name = label_name(s.label) + (f" · embedded post by {post}" if post else "")
    head = (f'<span class="sentence label-{label}{" embedded-post" if post else ""}" id="s-{int(s.index)}" '
            f'data-label="{esc(s.label)}" title="{esc(f"#{s.index} {name} · {probs}")}">'
            f'<span class="tip" role="tooltip"><span class="badge label-{label}">{esc(label_name(s.label))}</span> '
            f"sentence #{int(s.index)}" + (f" · embedded post by {esc(post)}" if post else "")
            + f"<br>{esc(probs)}</span>")
    return head + _nest(s.text, s.start, annotations) + "</span>"


def _nest(text: str, base: int, annotations: list[Annotation]) -> str:
    """Escaped ``text`` (starting at article offset ``base``) with the annotations as properly nested elements.

    Boundaries are sorted once; between two boundaries the text is emitted as is. When a span ends while spans
    opened after it are still open (crossing spans), those are closed and re-opened around the end."""
    end = base + len(text)
    starts: dict[int, list[Annotation]] = {}
    ends: dict[int, int] = {}
    for a in annotations:
        starts.setdefault(a.start, []).append(a)
        ends[a.end] = ends.get(a.end, 0) + 1
    points = sorted({base, end, *starts, *ends})
    out: list[str] = []
    stack: list[Annotation] = []
    for k, point in enumerate(points):
        closing = ends.get(point, 0)
        reopen = []
        while closing:
            a = stack.pop()
            out.append(a.close())
            if a.end == point:
                closing -= 1
            else:
                reopen.append(a)
        for a in reversed(reopen):
            out.append(a.open(continued=True))
            stack.append(a)
        # Longer spans first so that spans starting together nest instead of crossing.
        for a in sorted(starts.get(point, []), key=lambda a: (-a.end, a.rank)):
            out.append(a.open())
            stack.append(a)
        if k + 1 < len(points):
            out.append(esc(text[point - base:points[k + 1] - base]))
    return "".join(out)


def _annotations_by_sentence(report: Report) -> dict[int, list[Annotation]]:
    """Every span of the report as annotations, clipped to and grouped by the sentences it covers.

    Spans are placed by their offsets rather than their ``sentence`` field: an attribution's source may sit in an
    earlier sentence than its cue."""
    index = SentenceIndex(report.sentences)
    grouped: dict[int, list[Annotation]] = {}
    seen: set[tuple[int, int, str]] = set()

    def add(start: int, end: int, rank: int, tag: str, classes: str, tip: str) -> None:
        if start >= end or (start, end, classes) in seen:  # empty, or e.g. one source span shared by two cues
            return
        seen.add((start, end, classes))
        for s in index.overlapping(start, end):
            grouped.setdefault(s.index, []).append(
                Annotation(max(start, s.start), min(end, s.end), rank, tag, classes, tip))

    names = {e.id: e.name for e in report.ledger}
    for att in report.citations:
        source_name = names.get(att.ledger_id) or (att.source.text if att.source else None)
        venue = f" · spoke to {att.venue}" if att.venue else ""
        if att.source:
            kind = SOURCE_TYPE_NAMES.get(att.source_type, att.source_type)
            add(att.source.start, att.source.end, RANK_ATTRIBUTION, "span",
                f"attr-source type-{css_token(att.source_type)}",
                f"source · {kind}" + (f" · ledger: {source_name}" if source_name else "") + venue)
        if att.cue:
            add(att.cue.start, att.cue.end, RANK_ATTRIBUTION, "span", f"attr-cue stance-{css_token(att.cue_stance)}",
                f"attribution cue · {att.cue_stance} stance · source: {source_name or 'not found'}" + venue)
    for sp in report.loaded_spans:
        who = "writer's voice" if sp.voice == "writer" else "quoted" + (f": {sp.source}" if sp.source else "")
        add(sp.start, sp.end, RANK_LOADED, "mark", f"loaded voice-{css_token(sp.voice)}",
            f"loaded phrasing · {ORIGIN_NAMES[sp.origin]} · model score {sp.score:.2f} · {who}")
    for m in report.markers:
        add(m.start, m.end, RANK_MARKER, "span", f"marker {css_token(m.kind)}", m.kind)
    return grouped


CSS = """
:root{color-scheme:light;--ink:#1f2328;--muted:#57606a;--rule:#d0d7de;--panel:#f6f8fa;
--fact:#dbeafe;--fact-line:#1d4ed8;--claim:#fef3c7;--claim-line:#a16207;--opinion:#fce7f3;--opinion-line:#be185d}
*{box-sizing:border-box}
body{margin:0 auto;max-width:50rem;padding:1.5rem 1rem 3rem;color:var(--ink);background:#fff;
font:1rem/1.6 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
h1{font-size:1.6rem;line-height:1.25;margin:.2rem 0 .4rem}
h2{font-size:1.15rem;margin:0 0 .5rem}
h3{font-size:1.05rem;margin:1.2rem 0 .4rem}
a{color:#0550ae}
code{font:.85em ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;word-break:break-all}
.kicker{margin:0;font-size:.75rem;letter-spacing:.08em;text-transform:uppercase;color:var(--muted)}
.meta,footer{color:var(--muted);font-size:.875rem}
.meta{margin:0}
footer{margin-top:1.5rem;padding-top:.5rem;border-top:1px solid var(--rule)}
footer p{margin:.25rem 0}
.url{word-break:break-all}
.panel{margin:1.25rem 0;padding:.8rem 1rem;border:1px solid var(--rule);border-radius:8px;background:var(--panel)}
.findings{margin:0 0 .8rem;padding-left:1.2rem}
.finding p{margin:.1rem 0}
.evidence{font-size:.85rem;color:var(--muted)}
.evidence summary{cursor:pointer}
table{width:100%;border-collapse:collapse;font-size:.875rem;background:#fff}
caption{text-align:left;font-weight:600;padding:.3rem 0}
th,td{padding:.3rem .5rem;border-bottom:1px solid var(--rule);text-align:left;vertical-align:top}
thead th{background:var(--panel)}
td.num{white-space:nowrap;font-variant-numeric:tabular-nums}
.indices th[scope=row]{width:32%}
.swatch{display:inline-block;width:.9em;height:.9em;margin-right:.4em;border:1px solid var(--muted);border-radius:2px;
vertical-align:-.1em}
.key{padding:.1em .3em;border-radius:3px;color:inherit}
.keys{display:flex;flex-wrap:wrap;gap:.4rem .9rem;list-style:none;margin:.2rem 0 .6rem;padding:0}
.legend p{margin:.3rem 0;font-size:.9rem}
.badge{display:inline-block;white-space:nowrap;padding:0 .4em;border-radius:999px;font-size:.75rem;font-weight:600;line-height:1.5;
border:1px solid currentColor;vertical-align:.1em}
.opinion-badge{color:var(--opinion-line);background:#fff}
.article{background:#fff;line-height:1.9}
.article p{margin:0 0 1rem}
.article p,.headline{position:relative}
.headline{font-size:1.4rem;line-height:1.6}
.byline{color:var(--muted);font-style:italic}
.opinion-section{border-left:4px solid var(--opinion-line);padding-left:.8rem}
.sentence{padding:.12em .1em;border-radius:3px;-webkit-box-decoration-break:clone;
box-decoration-break:clone;scroll-margin-top:3rem}
.label-reported_fact{background:var(--fact);border-bottom:2px solid var(--fact-line)}
.label-attributed_claim{background:var(--claim);border-bottom:2px dashed var(--claim-line)}
.label-opinion{background:var(--opinion);border-bottom:2px dotted var(--opinion-line)}
.furniture{color:var(--muted);font-size:.85em;font-style:italic}
.embedded-post{border-left:3px solid var(--claim-line);padding-left:.2em}
.sentence:target{outline:3px solid var(--fact-line);outline-offset:2px}
mark.loaded{color:inherit;padding:0 .08em;border-radius:2px;-webkit-box-decoration-break:clone;
box-decoration-break:clone}
.voice-writer{background:#fca5a5;font-weight:600;text-decoration:underline wavy #b91c1c;text-underline-offset:.22em}
.voice-quoted{background:#fed7aa;font-style:italic;text-decoration:underline dotted #9a3412;text-underline-offset:.22em}
.marker{background:#e5e7eb;border-radius:2px}
.marker.hedge{text-decoration:underline dotted #57606a;text-underline-offset:.22em}
.marker.intensifier{font-variant:small-caps}
.attr-source{border:1px solid #0f766e;border-radius:3px;padding:0 .1em;-webkit-box-decoration-break:clone;
box-decoration-break:clone}
.attr-source.type-anonymous{border-style:dashed;border-color:#6d28d9}
.attr-source.type-media_outlet{border-color:#1d4ed8}
.attr-source.type-pronoun,.attr-source.type-unknown{border-style:dotted;border-color:var(--muted)}
.attr-cue{text-decoration:underline 2px #0f766e;text-underline-offset:.25em}
.attr-cue.stance-distancing{text-decoration-color:#b45309;text-decoration-style:dashed}
.attr-cue.stance-endorsing{text-decoration-color:#15803d;text-decoration-style:double}
.attr-cue.stance-evaluative{text-decoration-color:#6d28d9;text-decoration-style:dotted}
.badge.type-named{color:#0f766e}.badge.type-anonymous{color:#6d28d9}.badge.type-media_outlet{color:#1d4ed8}
.tip{display:none;position:absolute;z-index:10;margin-top:.1rem;width:max-content;
max-width:min(26rem,80vw);padding:.35rem .55rem;border-radius:6px;background:#1f2328;color:#fff;
box-shadow:0 2px 8px rgba(0,0,0,.25);font:400 .8rem/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
font-style:normal;font-variant:normal;text-align:left;white-space:normal;pointer-events:none}
.tip .badge{color:#1f2328;border-color:transparent;font-size:.7rem}
.sentence:hover>.tip,.ann:hover>.tip{display:block}
.sentence:has(.ann:hover)>.tip,.ann:has(.ann:hover)>.tip{display:none}
@media print{
body{max-width:none;padding:0}
.tip{display:none!important}
.panel{break-inside:avoid;background:#fff}
a{color:inherit;text-decoration:none}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
"""
