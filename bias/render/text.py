"""Terminal rendering (rich): the article with a coloured label per sentence, loaded phrases highlighted by voice,
and summary tables (labels, headline, sources)."""
from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..aggregate import count_noun
from ..labels import LABELS, SHORT
from ..loaded import ORIGIN_NAMES
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
    if report.genre:
        console.print(_genre_line(report))
    by_section: dict[int, list] = {}  # body sentences and page furniture, in order
    for s in report.sentences:
        if s.kind != "headline":
            by_section.setdefault(s.section, []).append(s)
    for sec in report.sections:
        if sec.heading:
            tag = "  (opinion section)" if sec.opinion_heading else ""
            console.print(Text(f"\n## {sec.heading}{tag}", style="bold underline"))
        last_par = None
        for s in by_section.get(sec.index, []):
            if last_par is not None and s.paragraph != last_par:
                console.print()
            last_par = s.paragraph
            console.print(_sentence_line(s, spans_by_sentence.get(s.index, [])))
    console.print()
    console.print(_findings(report))
    console.print(_indices_table(report))
    if report.loaded_spans:
        console.print(Text("Loaded phrasing: ", style="bold") + Text("writer's voice", style=VOICE_STYLE["writer"])
                      + Text(" / ") + Text("quoted", style=VOICE_STYLE["quoted"]))
        for sp in report.loaded_spans:
            who = "writer" if sp.voice == "writer" else f"quoted{f' ({sp.source})' if sp.source else ''}"
            found_by = "" if sp.origin == "model" else f"  ({ORIGIN_NAMES[sp.origin]})"
            console.print(Text(f"  “{sp.text}”  {sp.score:.2f}  {who}{found_by}  [sentence {sp.sentence}]"))
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


GENRE_STYLE = {"news_report": "cyan", "opinion": "bold magenta", "satire": "bold green"}


def _genre_line(report: Report) -> Text:
    """The article's genre verdict with its probabilities, e.g. "Genre: news report 0.97 (opinion 0.02, …)"."""
    g = report.genre
    t = Text("Genre: ", style="bold")
    t.append(f"{g['label'].replace('_', ' ')} {g['probs'][g['label']]:.2f}", style=GENRE_STYLE.get(g["label"], ""))
    rest = [f"{k.replace('_', ' ')} {v:.2f}" for k, v in g["probs"].items() if k != g["label"]]
    t.append(f"  ({', '.join(rest)})", style="dim")
    return t


def _findings(report: Report) -> Text:
    """The plain-words summary; each statement names the sentence numbers (#) it rests on."""
    t = Text("Summary\n", style="bold")
    for f in report.findings:
        refs = f["evidence"]["sentences"]
        where = f"  [#{', #'.join(map(str, refs[:8]))}{' …' if len(refs) > 8 else ''}]" if refs else ""
        t.append(f"• {f['text']}")
        t.append(where + "\n", style="dim")
    return t


def _pct(x) -> str:
    return "—" if x is None else f"{100 * x:.0f} %"


def _indices_table(report: Report) -> Table:
    ix = report.indices
    table = Table(title="Indices (docs/report.md)", show_edge=False, title_justify="left")
    table.add_column("index")
    table.add_column("value", justify="right")
    table.add_column("details")
    for lab in LABELS:
        v = ix["label_shares"][lab]
        table.add_row(Text(f"{lab} share", style=STYLE[lab]), _pct(v["by_sentences"]),
                      f"{v['sentences']} sentences · {_pct(v['by_characters'])} of characters")
    sep = ix["opinion_separation"]
    table.add_row("opinion separation", _pct(sep["value"]),
                  f"{sep['opinion_in_news_body']} opinion sentences in the news body, "
                  f"{sep['opinion_in_marked_sections']} in marked sections"
                  + (" (article declares itself opinion)" if sep["article_declares_opinion"] else "")
                  + (" · reads as an opinion piece, not marked" if sep.get("genre_mismatch") == "opinion_not_marked"
                     else ""))
    lw = ix["writer_loaded_per_100_words"]
    table.add_row("writer's loaded phrases / 100 words", f"{lw['value']:.2f}",
                  f"{lw['writer_spans']} writer, {lw['quoted_spans']} quoted (not counted)")
    hd = ix["headline"]
    if hd["sensationalism"] is not None:
        table.add_row("headline sensationalism", f"{hd['sensationalism']:.2f}",
                      f"gap to body {hd['gap']:+.2f}; " + ("; ".join(hd["reasons"]) or "no reasons"))
    src = ix["sourcing"]
    by_type = src["mentions_by_type"]
    typed = by_type.get("named", 0) + by_type.get("anonymous", 0)
    table.add_row("anonymous share of sourcing", _pct(src["value"]),
                  (f"{by_type.get('anonymous', 0)} of {count_noun(typed, 'named + anonymous mention')} · "
                   if typed else "")
                  + f"{count_noun(src['sources'], 'source')}: {src['named_sources']} named, "
                  + f"{src['anonymous_sources']} anonymous"
                  + (f", {count_noun(by_type['media_outlet'], 'outlet mention')}" if by_type.get("media_outlet") else "")
                  + (" · single source" if src["single_source"] else ""))
    hg = ix["hedges_per_100_words"]
    table.add_row("hedges / 100 words", f"{hg['value']:.2f}", count_noun(hg["hedges"], "hedge"))
    return table


def _sentence_line(s, spans, headline: bool = False) -> Text:
    text = s.text.replace("\n", " ")  # a folding newline of reflowed hard-wrapped text (same length)
    t = Text(f"#{s.index:<3} ", style="dim")
    if s.label is None:  # page furniture: shown, not labelled
        t.append(f"{'[furniture]':<15}", style="dim")
        t.append_text(Text(text, style="dim"))
        return t
    label = f"[{SHORT[s.label]} {s.probs[s.label]:.2f}]" if not s.embedded_source else f"[{SHORT[s.label]} post]"
    t.append(f"{label:<15}", style=STYLE[s.label])
    body = Text(text, style="bold" if headline else "")
    for sp in spans:
        body.stylize(VOICE_STYLE[sp.voice], sp.start - s.start, sp.end - s.start)
    t.append_text(body)
    if s.embedded_source:
        t.append(f"  (embedded post by {s.embedded_source})", style="dim")
    return t
