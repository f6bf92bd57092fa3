"""Terminal rendering (rich): the article with a coloured label per sentence and a summary table."""
from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..labels import LABELS, SHORT
from ..report import Report

STYLE = {"reported_fact": "cyan", "attributed_claim": "yellow", "opinion": "bold magenta"}


def render_text(report: Report, console: Console) -> None:
    meta = report.metadata
    if meta:
        console.print(Text(" · ".join(f"{k}: {v}" for k, v in meta.items() if k in ("outlet", "author", "date", "url")),
                           style="dim"))
    head = report.headline
    if head:
        console.print(_sentence_line(head, headline=True))
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
            console.print(_sentence_line(s))
    console.print()
    table = Table(title="Sentence labels", show_edge=False)
    table.add_column("label")
    table.add_column("sentences", justify="right")
    table.add_column("share", justify="right")
    for lab in LABELS:
        v = report.summary[lab]
        table.add_row(Text(lab, style=STYLE[lab]), str(v.count), f"{100 * v.share:.0f} %")
    console.print(table)
    console.print(Text(f"{report.tool['name']} {report.tool['version']} · model {report.tool['model']}", style="dim"))


def _sentence_line(s, headline: bool = False) -> Text:
    label = f"[{SHORT[s.label]} {s.probs[s.label]:.2f}]"
    t = Text()
    t.append(f"{label:<15}", style=STYLE[s.label])
    t.append(s.text, style="bold" if headline else "")
    return t
