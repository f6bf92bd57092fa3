"""The `bias` command: a thin layer over the Python API (argument parsing, reading files, printing)."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from . import __version__
from .errors import BiasError, BiasInputError
from .io import DEFAULT_MAX_BYTES, decode_text, read_bytes, read_text

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Editorial-bias and opinion-separation analysis of news articles (offline, CPU).")
err = Console(stderr=True, soft_wrap=True)  # one error, one line: never wrapped

ModelOpt = typer.Option(None, "--model", help="model folder (default: the shipped model, or $BIAS_MODEL)")
FORMATS = ("text", "json", "html", "csv")
MaxBytesOpt = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", help="refuse inputs larger than this many bytes")


def _load(model):
    from .analyzer import Analyzer

    return Analyzer.load(model)


def _version(value: bool):
    if value:
        typer.echo(f"bias {__version__}")
        raise typer.Exit()


@app.callback()
def main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                      help="print the version and exit")):
    pass


@app.command()
def analyze(
    file: str = typer.Argument(..., help="article file (plain text or HTML), or - for standard input"),
    format: str = typer.Option("text", "--format", "-f", help="output format: " + ", ".join(FORMATS)),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="write to this file instead of stdout"),
    input_format: str = typer.Option("auto", "--input-format", help="auto, text or html"),
    model: Optional[Path] = ModelOpt,
    max_bytes: int = MaxBytesOpt,
):
    """Analyse one article: label every sentence, find loaded phrasing and sources, and report on the whole."""
    if format not in FORMATS:
        raise BiasInputError(f"unknown --format {format!r}; choose {', '.join(FORMATS)}")
    if input_format not in ("auto", "text", "html"):
        raise BiasInputError(f"unknown --input-format {input_format!r}; choose auto, text or html")
    text = read_text(file, max_bytes)
    report = _load(model).analyze(text, input_format=input_format)
    if format == "text":
        from .render.text import render_text

        if output:
            with open(output, "w", encoding="utf-8") as f:
                render_text(report, Console(file=f, width=110, no_color=True))
        else:
            render_text(report, Console())
        return
    out = {"json": lambda: report.to_json() + "\n", "html": report.to_html, "csv": report.to_csv}[format]()
    if output:
        output.write_text(out, encoding="utf-8")
    else:
        sys.stdout.write(out)


def _parse_jsonl_line(n: int, line: str) -> tuple[dict | None, dict | None]:
    """Return (item, None) for a scorable line or (None, error row)."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as e:
        return None, {"id": None, "line": n, "error": f"malformed JSON: {e.msg}"}
    if not isinstance(obj, dict):
        return None, {"id": None, "line": n, "error": "each line must be a JSON object"}
    rid = obj.get("id")
    if rid is None:
        return None, {"id": None, "line": n, "error": "missing 'id'"}
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        return None, {"id": rid, "error": "missing or empty 'text'"}
    ctx = obj.get("context") or {}
    if not isinstance(ctx, dict) or not all(isinstance(ctx.get(k, ""), str) for k in ("before", "after")):
        return None, {"id": rid, "error": "'context' must be an object with string 'before' / 'after'"}
    return {"id": rid, "text": text, "context": ctx}, None


@app.command()
def classify(
    input: str = typer.Option(..., "--input", "-i", help="JSONL file (or -): one {id, text[, context]} per line"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="JSONL output (default: stdout)"),
    model: Optional[Path] = ModelOpt,
    max_bytes: int = MaxBytesOpt,
):
    """Label sentences from a JSONL file; every input line gets an output line (with `error` if unscorable)."""
    data = decode_text(read_bytes(input, max_bytes), "standard input" if input == "-" else input)
    lines = [(n, line) for n, line in enumerate(data.split("\n"), 1) if line.strip()]
    rows: list[dict | None] = []
    items, slots = [], []
    for n, line in lines:
        item, error = _parse_jsonl_line(n, line)
        if error:
            rows.append(error)
        else:
            slots.append(len(rows))
            rows.append(None)
            items.append(item)
    if items:
        results = _load(model).classify([it["text"] for it in items], [it["context"] for it in items])
        for slot, it, res in zip(slots, items, results):
            rows[slot] = {"id": it["id"], **res}
    out = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    if output:
        output.write_text(out, encoding="utf-8")
    else:
        sys.stdout.write(out)
    failed = sum(1 for r in rows if "error" in r)
    if failed:
        err.print(f"error: {failed} of {len(rows)} lines could not be scored (see their 'error' field)",
                  highlight=False)
        raise typer.Exit(1)


@app.command()
def evaluate(
    dataset: str = typer.Argument(..., help="a corpus name (gold, checkthat, babe, ptc, semeval2023, "
                                            "semeval2023-genre, polnear), 'card', or a CSV/TSV/JSONL/Parquet file"),
    split: Optional[str] = typer.Option(None, "--split", "-s", help="corpus split (default: its held-out split)"),
    output: Optional[Path] = typer.Option(None, "--output", "-o",
                                          help="folder for metrics.json, predictions.jsonl and plots"),
    text_col: str = typer.Option("text", "--text-col", help="user file: the sentence column"),
    label_col: str = typer.Option("label", "--label-col", help="user file: the gold label column"),
    label_map: Optional[str] = typer.Option(None, "--label-map",
                                            help="user file: theirs=ours,… (ours: reported_fact, attributed_claim, "
                                                 "opinion, not_opinion, skip)"),
    id_col: Optional[str] = typer.Option(None, "--id-col", help="user file: a row id echoed in predictions"),
    group_col: Optional[str] = typer.Option(None, "--group-col", help="user file: article id (bootstrap unit)"),
    outlet_col: Optional[str] = typer.Option(None, "--outlet-col", help="user file: outlet, for the breakdown"),
    before_col: Optional[str] = typer.Option(None, "--context-before-col", help="user file: text before"),
    after_col: Optional[str] = typer.Option(None, "--context-after-col", help="user file: text after"),
    datasets: Optional[Path] = typer.Option(None, "--datasets", help="the shared datasets folder"),
    model: Optional[Path] = ModelOpt,
):
    """Score the model against labelled data: metrics table, metrics.json, predictions.jsonl, PNG plots.

    `bias evaluate card --model DIR` re-runs every evaluation in the model card and rewrites it."""
    from .evaluate import UserColumns, parse_label_map, prepare
    from .evaluate import run as run_evaluation
    from .render.metrics import render_metrics

    if dataset == "card":
        from .evaluate_card import evaluate_card

        analyzer = _load(model)
        evaluate_card(analyzer, output, root=datasets, progress=True)
        typer.echo(f"rewrote {analyzer.model_path}/metrics.json and MODEL_CARD.md")
        return
    columns = UserColumns(text_col, label_col, parse_label_map(label_map), id_col, group_col, outlet_col,
                          before_col, after_col)
    prepared = prepare(dataset, split, columns, root=datasets)  # bad input fails before the model loads
    result = run_evaluation(_load(model), prepared, output, progress=True)
    render_metrics(result, Console())
    if output:
        typer.echo(f"wrote {', '.join(result['files'])} to {output}")


@app.command()
def setup(model: Optional[Path] = ModelOpt):
    """Assemble and hash-check the base encoder weights, then load the model once."""
    from .base_weights import encoder_path

    a = _load(model)
    path = encoder_path(a.classifier.model.config.encoder)
    typer.echo(f"base encoder {a.classifier.model.config.encoder}: verified at {path}")
    typer.echo(f"model {a.model_path}: ready")


def run():
    """Console-script entry point: user errors become one line on stderr and a non-zero exit."""
    debug = "--debug" in sys.argv
    if debug:
        sys.argv.remove("--debug")
    else:  # library deprecation warnings are not the user's business; errors stay one line
        import warnings

        warnings.filterwarnings("ignore")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    try:
        code = app(standalone_mode=False)
        if isinstance(code, int) and code:
            sys.exit(code)
    except BiasError as e:
        err.print(f"error: {e}", highlight=False, markup=False)
        sys.exit(2)
    except typer.Exit as e:
        sys.exit(e.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        err.print("error: interrupted", highlight=False)
        sys.exit(130)
    except Exception as e:  # noqa: BLE001 - the user sees one line; --debug shows the traceback
        import click

        if isinstance(e, click.ClickException):
            err.print(f"error: {e.format_message()}", highlight=False, markup=False)
            sys.exit(e.exit_code)
        if debug:
            raise
        err.print(f"error: {type(e).__name__}: {e} (run with --debug for details)", highlight=False, markup=False)
        sys.exit(1)


if __name__ == "__main__":
    run()
