"""Terminal rendering (rich): the article with a coloured label per sentence, loaded phrases highlighted by voice,
and summary tables (labels, headline, sources)."""
from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..labels import LABELS, SHORT
from ..report import Report

STYLE = {"reported_fact": "cyan", "attributed_claim": "yellow", "opinion": "bold magenta"}
VOICE_STYLE = {"writer": "bold red underline", "quoted": "italic dark_orange"}


def render_text(report: Report, console: Console) -> None:
    meta = report.metadata
    if meta:
        console.print(Text(" · ".join(f"{k}: {v}" for k, v in meta.items() if k in ("outlet", "author", "date", "url")),
                           style="dim"))
    spans_by_sentence: dict[int, list] = {}
    for sp in report.loaded_spans:
        spans_by_sentence.setdefault(sp.sentence, []).append(sp)
    head = report.headline
    if head:
        console.print(_sentence_line(head, spans_by_sentence.get(head.index, []), headline=True))
    for b in report.bylines:
        console.print(Text(f"  [byline] {b['text']}", style="dim"))
    for sec in report.sections:
        if sec.heading:
            tag = "  (opinion section)" if sec.opinion_heading else ""
            console.print(Text(f"\n## {sec.heading}{tag}", style="bold underline"))
        last_par = None
        for i in sec.sentences:
            s = report.sentences[i]
            if last_par is not None and s.paragraph != last_par:
                console.print()
            last_par = s.paragraph
            console.print(_sentence_line(s, spans_by_sentence.get(s.index, [])))
    console.print()
    table = Table(title="Sentence labels", show_edge=False)
    table.add_column("label")
    table.add_column("sentences", justify="right")
    table.add_column("share", justify="right")
    for lab in LABELS:
        v = report.summary[lab]
        table.add_row(Text(lab, style=STYLE[lab]), str(v.count), f"{100 * v.share:.0f} %")
    console.print(table)
    if report.loaded_spans:
        console.print(Text("Loaded phrasing: ", style="bold") + Text("writer's voice", style=VOICE_STYLE["writer"])
                      + Text(" / ") + Text("quoted", style=VOICE_STYLE["quoted"]))
        for sp in report.loaded_spans:
            who = "writer" if sp.voice == "writer" else f"quoted{f' ({sp.source})' if sp.source else ''}"
            console.print(Text(f"  “{sp.text}”  {sp.score:.2f}  {who}  [sentence {sp.sentence}]"))
    ha = report.headline_assessment
    if ha is not None:
        reasons = "; ".join(f"{r['kind']}: {r['text']}" for r in ha.reasons) or "none"
        console.print(Text(f"Headline sensationalism {ha.score:.2f} ({reasons})"))
    if report.ledger:
        t = Table(title="Sources cited", show_edge=False)
        for col in ("source", "type", "mentions", "spoke to"):
            t.add_column(col)
        for e in report.ledger:
            t.add_row(e.name, e.type, str(len(e.mentions)), ", ".join(e.venues))
        console.print(t)
    hedges = [m.text for m in report.markers if m.kind == "hedge"]
    intens = [m.text for m in report.markers if m.kind == "intensifier"]
    if hedges or intens:
        console.print(Text(f"Hedges: {', '.join(hedges) or '—'} · Intensifiers: {', '.join(intens) or '—'}",
                           style="dim"))
    console.print(Text(f"{report.tool['name']} {report.tool['version']} · model {report.tool['model']}", style="dim"))


def _sentence_line(s, spans, headline: bool = False) -> Text:
    label = f"[{SHORT[s.label]} {s.probs[s.label]:.2f}]"
    t = Text()
    t.append(f"{label:<15}", style=STYLE[s.label])
    body = Text(s.text, style="bold" if headline else "")
    for sp in spans:
        body.stylize(VOICE_STYLE[sp.voice], sp.start - s.start, sp.end - s.start)
    t.append_text(body)
    return t
