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

ModelOpt = typer.Option(None, "--model", help="accurate (default), fast, or a model folder; or $BIAS_MODEL")
BackendOpt = typer.Option(None, "--backend", help="runtime: openvino (default), onnx, or torch (the reference); "
                                                  "or $BIAS_BACKEND")
FORMATS = ("text", "json", "html", "csv")
MaxBytesOpt = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", help="refuse inputs larger than this many bytes")


def _load(model, backend=None):
    from .analyzer import Analyzer

    return Analyzer.load(model, backend=backend)


def _version(value: bool):
    if value:
        typer.echo(f"bias {__version__}")
        raise typer.Exit()


@app.callback()
def main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                      help="print the version and exit"),
         debug: bool = typer.Option(False, "--debug", help="show a traceback for unexpected errors (anywhere on the "
                                                           "command line)")):
    pass


def _check_output_file(output: Optional[Path]) -> None:
    """Refuse an output path whose folder does not exist before any work is done."""
    if output is not None and not output.parent.is_dir():
        raise BiasInputError(f"{output}: the folder {output.parent} does not exist")


@app.command()
def analyze(
    file: str = typer.Argument(..., help="article file (plain text or HTML), or - for standard input"),
    format: str = typer.Option("text", "--format", "-f", help="output format: " + ", ".join(FORMATS)),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="write to this file instead of stdout"),
    input_format: str = typer.Option("auto", "--input-format", help="auto, text or html"),
    model: Optional[str] = ModelOpt,
    backend: Optional[str] = BackendOpt,
    max_bytes: int = MaxBytesOpt,
):
    """Analyse one article: label every sentence, find loaded phrasing and sources, and report on the whole."""
    format, input_format = format.lower(), input_format.lower()
    _check_output_file(output)
    if format not in FORMATS:
        raise BiasInputError(f"unknown --format {format!r}; choose {', '.join(FORMATS)}")
    if input_format not in ("auto", "text", "html"):
        raise BiasInputError(f"unknown --input-format {input_format!r}; choose auto, text or html")
    text = read_text(file, max_bytes)
    report = _load(model, backend).analyze(text, input_format=input_format)
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
    if text is not None and not isinstance(text, str):
        return None, {"id": rid, "error": f"'text' must be a string, not {type(text).__name__}"}
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
    model: Optional[str] = ModelOpt,
    backend: Optional[str] = BackendOpt,
    max_bytes: int = MaxBytesOpt,
):
    """Label sentences from a JSONL file; every input line gets an output line (with `error` if unscorable)."""
    _check_output_file(output)
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
        results = _load(model, backend).classify([it["text"] for it in items], [it["context"] for it in items])
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
                                            "semeval2023-genre, polnear, ledger-check), 'card', or a "
                                            "CSV/TSV/JSONL/Parquet file"),
    split: Optional[str] = typer.Option(None, "--split", "-s", help="corpus split (default: its held-out split)"),
    output: Optional[Path] = typer.Option(None, "--output", "-o",
                                          help="folder for metrics.json, predictions.jsonl and plots"),
    text_col: str = typer.Option("text", "--text-col", help="user file: the sentence (or article) column"),
    label_col: str = typer.Option("label", "--label-col", help="user file: the gold label column"),
    label_map: Optional[str] = typer.Option(None, "--label-map",
                                            help="user file: theirs=ours,… (ours: reported_fact, attributed_claim, "
                                                 "opinion, not_opinion, skip; with --level article: news_report, "
                                                 "opinion, satire, skip)"),
    level: str = typer.Option("sentence", "--level", help="user file: 'sentence' (one row per sentence) or "
                                                          "'article' (one article per row, labels are genres)"),
    id_col: Optional[str] = typer.Option(None, "--id-col", help="user file: a row id echoed in predictions"),
    group_col: Optional[str] = typer.Option(None, "--group-col", help="user file: article id (bootstrap unit)"),
    outlet_col: Optional[str] = typer.Option(None, "--outlet-col", help="user file: outlet, for the breakdown"),
    before_col: Optional[str] = typer.Option(None, "--context-before-col", help="user file: text before"),
    after_col: Optional[str] = typer.Option(None, "--context-after-col", help="user file: text after"),
    datasets: Optional[Path] = typer.Option(None, "--datasets", help="the shared datasets folder"),
    model: Optional[str] = ModelOpt,
    backend: Optional[str] = BackendOpt,
):
    """Score the model against labelled data: metrics table, metrics.json, predictions.jsonl, PNG plots.

    `bias evaluate card --model DIR` re-runs every evaluation in the model card and rewrites it."""
    from .evaluate import UserColumns, parse_label_map, prepare
    from .evaluate import run as run_evaluation
    from .render.metrics import render_metrics

    if dataset == "card":
        from .evaluate_card import evaluate_card

        analyzer = _load(model, backend)
        evaluate_card(analyzer, output, root=datasets, progress=True)
        typer.echo(f"rewrote {analyzer.model_path}/metrics.json and MODEL_CARD.md")
        return
    columns = UserColumns(text_col, label_col, parse_label_map(label_map, level), id_col, group_col, outlet_col,
                          before_col, after_col, level)
    prepared = prepare(dataset, split, columns, root=datasets)  # bad input fails before the model loads
    result = run_evaluation(_load(model, backend), prepared, output, progress=True)
    render_metrics(result, Console())
    if output:
        typer.echo(f"wrote {', '.join(result['files'])} to {output}")
    else:
        err.print("note: nothing was written; pass -o DIR for metrics.json, predictions.jsonl and the plots",
                  highlight=False)


@app.command()
def setup(model: Optional[str] = typer.Option(None, "--model", help="one tier or model folder (default: every "
                                                                   "installed tier)"),
          force: bool = typer.Option(False, "--force", help="rebuild the graphs even if they exist")):
    """Assemble and hash-check the base encoder weights, build each tier's inference graph into the cache and
    verify it against the probe logits stored with the model; then load the default tier once."""
    from .config import TIERS, resolve_model
    from .errors import BiasSetupError
    from .runtime.graphs import build

    if model:
        folders = [resolve_model(model)]
    else:
        folders = []
        for tier in TIERS:
            try:
                folders.append(resolve_model(tier))
            except BiasSetupError:
                typer.echo(f"tier {tier}: no model installed, skipped")
    for folder in folders:
        graph = build(folder, force=force, log=typer.echo)
        typer.echo(f"model {folder}: graph ready at {graph}")
    a = _load(model)
    typer.echo(f"model {a.model_path} ({a.config.encoder}) on {a.classifier.runtime.name}: ready")


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="address to bind (default: loopback only)"),
    port: int = typer.Option(8000, "--port", help="TCP port"),
    model: Optional[str] = typer.Option(None, "--model", help="accurate, fast or a model folder "
                                                               "(default: the shipped model, or $BIAS_MODEL)"),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", help="refuse bodies larger than this (413)"),
    timeout: float = typer.Option(60.0, "--timeout", help="seconds per request, waiting included (then 504)"),
    cors_origin: Optional[list[str]] = typer.Option(None, "--cors-origin",
                                                    help="allow this browser origin (repeatable; default: no CORS)"),
):
    """Serve the web page and the HTTP API (POST /v1/analyze, /v1/classify; GET /health, /docs, /openapi.json)."""
    from .serve import serve as serve_forever

    if max_bytes < 1 or timeout <= 0:
        raise BiasInputError("--max-bytes and --timeout must be positive")
    serve_forever(model, host=host, port=port, max_bytes=max_bytes, timeout=timeout, cors_origins=cors_origin,
                  echo=lambda line: err.print(line, highlight=False, markup=False))


@app.command()
def batch(
    input: Path = typer.Option(..., "--input", "-i", help="JSONL, CSV, TSV or Parquet file, or a folder of .txt/.html"),
    output: Path = typer.Option(..., "--output", "-o", help="OUT.jsonl or OUT.parquet (one row per article)"),
    id_col: str = typer.Option("id", "--id-col", help="table input: the article id column"),
    text_col: str = typer.Option("text", "--text-col", help="table input: the article text column"),
    html_col: Optional[str] = typer.Option(None, "--html-col", help="table input: a column of HTML pages to "
                                                                    "extract (used instead of --text-col)"),
    keep_cols: Optional[str] = typer.Option(None, "--keep-cols", help="columns to carry through, e.g. outlet,date"),
    sentences: Optional[Path] = typer.Option(None, "--sentences", help="also write one row per sentence "
                                                                       "(.parquet or .jsonl)"),
    group_by: Optional[str] = typer.Option(None, "--group-by", help="per-group means with 95 % intervals at the "
                                                                    "end (a kept column, or 'folder')"),
    summary: Optional[Path] = typer.Option(None, "--summary", help="with --group-by: write the table as CSV "
                                                                   "(and its plot beside it as .png)"),
    engine: str = typer.Option("local", "--engine", help="local or ray"),
    address: Optional[str] = typer.Option(None, "--address", help="--engine ray: an existing cluster's address"),
    ray_actors: int = typer.Option(1, "--ray-actors", help="--engine ray: model actors (one model each)"),
    chunk_size: int = typer.Option(32, "--chunk-size", help="articles per batch through the model"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="no progress bar and no summary line; errors only"),
    model: Optional[str] = typer.Option(None, "--model", help="fast, accurate or a model folder (passed to "
                                                              "Analyzer.load); or $BIAS_MODEL"),
    backend: Optional[str] = BackendOpt,
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", help="articles larger than this many bytes "
                                                                         "come back with an error"),
):
    """Analyse a collection of articles: one output row per input row, streamed, resumable after any kill."""
    from .batch import Job, Spec, run as run_batch

    spec = Spec(input, id_col, text_col, html_col, [c.strip() for c in (keep_cols or "").split(",") if c.strip()],
                max_bytes)
    tty = err.is_terminal and not quiet
    stats = run_batch(Job(spec, output, sentences, model, backend, engine, address, chunk_size, group_by, summary,
                          progress=tty, ray_actors=ray_actors))
    if stats.groups and not quiet:
        from .batch.summary import render_groups

        render_groups(stats.groups, group_by, Console())
    if tty:
        err.print(stats.line() + f"; wrote {', '.join(stats.files)}", highlight=False, markup=False)
    if stats.failed:
        err.print(f"error: {stats.failed:,} of {stats.analysed:,} articles could not be analysed "
                  "(their rows carry an 'error' field)", highlight=False, markup=False)
        raise typer.Exit(1)


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
        code = app(prog_name="bias", standalone_mode=False)
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
        if hasattr(e, "format_message") and hasattr(e, "exit_code"):  # click's (typer's own copy) usage errors
            ctx = getattr(e, "ctx", None)
            if ctx is not None:
                err.print(ctx.get_usage(), highlight=False, markup=False)
            err.print(f"error: {e.format_message()}", highlight=False, markup=False)
            sys.exit(e.exit_code)
        if debug:
            raise
        err.print(f"error: {type(e).__name__}: {e} (run with --debug for details)", highlight=False, markup=False)
        sys.exit(1)


if __name__ == "__main__":
    run()
