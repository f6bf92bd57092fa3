"""The `bias batch` job: check the input, resume, score chunks of articles, write as we go, summarise.

The local engine runs ``Analyzer.analyze_many(..., errors="return")`` over chunks of records. Parallelism on two
cores: a producer thread reads the input and runs the analyzer (segmentation, the model, which uses its own two
threads, and report building); the main thread turns the previous chunk's reports into rows (``to_dict``, the
sentence table, Parquet columns), writes them and updates the progress bar while the model runs on the next chunk.
Queues of at most two chunks keep memory flat. ``bench/batch_scale.py`` measures it end to end.
"""
from __future__ import annotations

import os
import queue
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import BiasInputError
from .sinks import Outputs, article_row, sentence_rows
from .sources import Record, Spec, check_ids, kept_types, read_records, validate


@dataclass
class Job:
    spec: Spec
    output: Path
    sentences: Path | None = None
    model: str | None = None
    backend: str | None = None
    engine: str = "local"
    address: str | None = None
    chunk_size: int = 32
    group_by: str | None = None
    summary: Path | None = None
    plot: Path | None = None
    progress: bool = False
    ray_actors: int = 1


@dataclass
class Stats:
    total: int = 0  # input rows
    skipped: int = 0  # already complete in the output
    analysed: int = 0  # written by this run
    failed: int = 0  # of those, rows with an error
    sentences: int = 0
    seconds: float = 0.0  # the whole run (id check, model load, scoring, consolidation, summary)
    scoring_seconds: float = 0.0  # from the first chunk to the last row written
    groups: list = field(default_factory=list)
    files: list = field(default_factory=list)

    def line(self) -> str:
        t = self.scoring_seconds
        rate = f"{self.analysed / t:.2f} articles/s, {self.sentences / t:.1f} sentences/s" if t else "nothing to do"
        return (f"{self.total:,} articles: {self.analysed:,} analysed now ({self.failed:,} with an error), "
                f"{self.skipped:,} already done; {rate} over {t:.1f} s of scoring, {self.seconds:.1f} s in all")


def score_records(analyzer, records: list[Record]) -> list:
    """One result per record, in order: a Report, or the exception / message that stopped it. A failure outside
    the documented input errors (any exception in one article) costs that article only: the chunk is redone one
    article at a time."""
    results: list = [r.error for r in records]
    by_format: dict[str, list[int]] = {}
    for i, r in enumerate(records):
        if r.error is None:
            by_format.setdefault(r.input_format, []).append(i)
    for fmt, idx in by_format.items():
        texts = [records[i].text for i in idx]
        try:
            for i, res in zip(idx, analyzer.analyze_many(texts, input_format=fmt, batch_articles=max(1, len(texts)),
                                                          errors="return")):
                results[i] = res
        except Exception:  # noqa: BLE001 - isolate the article that broke the batch
            for i in idx:
                try:
                    results[i] = analyzer.analyze(records[i].text, input_format=fmt)
                except Exception as e:  # noqa: BLE001
                    results[i] = e
    return results


def rows_for(records: list[Record], results: list, with_sentences: bool) -> tuple[list[dict], list[dict], int]:
    rows, sents = [], []
    for rec, res in zip(records, results):
        rows.append(article_row(rec.id, rec.kept, res))
        if with_sentences and "report" in rows[-1]:
            sents.extend(sentence_rows(rec.id, res))
    n_sent = sum(len(r["report"]["sentences"]) for r in rows if "report" in r)
    return rows, sents, n_sent


class Progress:
    """A rich progress bar (articles/s, ETA) on a terminal; nothing otherwise."""

    def __init__(self, enabled: bool):
        self.bar = None
        if enabled:
            from rich.console import Console
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress as RichProgress, TaskProgressColumn,
                                       TextColumn, TimeElapsedColumn, TimeRemainingColumn)

            self.bar = RichProgress(TextColumn("[bold]bias batch"), BarColumn(), MofNCompleteColumn(),
                                    TaskProgressColumn(),
                                    TextColumn("{task.fields[rate]} articles/s"), TimeElapsedColumn(),
                                    TextColumn("ETA"), TimeRemainingColumn(),
                                    console=Console(stderr=True), transient=False)
        self.t0 = time.perf_counter()
        self.n = 0

    def start(self, total: int, done: int):
        if self.bar:
            self.bar.start()
            self.task = self.bar.add_task("articles", total=total, completed=done, rate="-")
        self.t0 = time.perf_counter()

    def advance(self, n: int):
        self.n += n
        if self.bar:
            rate = self.n / max(1e-9, time.perf_counter() - self.t0)
            self.bar.update(self.task, advance=n, rate=f"{rate:.2f}")

    def stop(self):
        if self.bar:
            self.bar.stop()


def _chunks(records, size: int):
    chunk = []
    for r in records:
        chunk.append(r)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


_END = object()


def _producer(job: Job, analyzer, done: set, out: queue.Queue, stop: threading.Event):
    try:
        for chunk in _chunks(read_records(job.spec, skip=done), job.chunk_size):
            results = score_records(analyzer, chunk)
            while not stop.is_set():
                try:
                    out.put((chunk, results), timeout=0.2)
                    break
                except queue.Full:
                    continue
            if stop.is_set():
                return
        out.put(_END)
    except BaseException as e:  # noqa: BLE001 - re-raised in the main thread
        out.put(e)


def prepare_job(job: Job) -> tuple[set, Outputs, set]:
    """Everything that can refuse the job, before the model loads: ids, columns, output names; then resume."""
    if job.group_by and job.spec.kind != "folder" and job.group_by not in job.spec.keep_cols:
        job.spec.keep_cols = [*job.spec.keep_cols, job.group_by]
    if job.group_by and job.spec.kind == "folder" and job.group_by != "folder":
        raise BiasInputError("a folder input can only be grouped by 'folder' (the file's folder)")
    if job.engine not in ("local", "ray"):
        raise BiasInputError(f"unknown --engine {job.engine!r}; choose local or ray")
    if job.address and job.engine != "ray":
        raise BiasInputError("--address needs --engine ray")
    if job.summary and not job.group_by:
        raise BiasInputError("--summary needs --group-by")
    if job.chunk_size < 1:
        raise BiasInputError("--chunk-size must be at least 1")
    validate(job.spec)
    for out in (job.output, job.sentences, job.summary):
        if out is not None and Path(out).resolve() == job.spec.path.resolve():
            raise BiasInputError(f"{out}: is the input; choose another output file")
    outputs = Outputs(job.output, job.sentences, kept_types(job.spec))
    ids = check_ids(job.spec)
    done = outputs.resume()
    return ids, outputs, done


def load_analyzer(model, backend=None):
    from ..analyzer import Analyzer

    return Analyzer.load(model, **({"backend": backend} if backend else {}))


def run_local(job: Job, analyzer, outputs: Outputs, done: set, stats: Stats, progress: Progress) -> None:
    if os.environ.get("BIAS_BATCH_PIPELINE", "1") == "0":  # one thread, for bench/batch_scale.py's comparison
        for chunk in _chunks(read_records(job.spec, skip=done), job.chunk_size):
            _write(chunk, score_records(analyzer, chunk), outputs, stats, progress)
        return
    q: queue.Queue = queue.Queue(maxsize=2)
    stop = threading.Event()
    worker = threading.Thread(target=_producer, args=(job, analyzer, done, q, stop), daemon=True,
                              name="bias-batch-producer")
    worker.start()
    try:
        while True:
            item = q.get()
            if item is _END:
                break
            if isinstance(item, BaseException):
                raise item
            _write(*item, outputs, stats, progress)
    finally:
        stop.set()


def _write(chunk: list[Record], results: list, outputs: Outputs, stats: Stats, progress: Progress) -> None:
    rows, sents, n_sent = rows_for(chunk, results, outputs.sentences is not None)
    outputs.write(rows, sents)
    stats.analysed += len(rows)
    stats.failed += sum("error" in r for r in rows)
    stats.sentences += n_sent
    progress.advance(len(rows))


def run(job: Job) -> Stats:
    """Run a whole `bias batch` job; returns its statistics (the CLI prints them)."""
    t0 = time.perf_counter()
    ids, outputs, done = prepare_job(job)
    done &= ids  # rows of another input in OUT are kept but not counted
    stats = Stats(total=len(ids), skipped=len(done))
    progress = Progress(job.progress)
    try:
        if len(done) < len(ids):
            analyzer = load_analyzer(job.model, job.backend) if job.engine == "local" else None
            outputs.reopen()
            progress.start(len(ids), len(done))
            t_score = time.perf_counter()
            if job.engine == "ray":
                from .ray_engine import run_ray

                run_ray(job, outputs, done, stats, progress)
            else:
                run_local(job, analyzer, outputs, done, stats, progress)
            stats.scoring_seconds = time.perf_counter() - t_score
        outputs.finish()
    finally:
        progress.stop()
        outputs.close()
    stats.seconds = time.perf_counter() - t0
    stats.files = [str(job.output)] + ([str(job.sentences)] if job.sentences else [])
    if job.group_by:
        from .summary import group_summary, plot_groups, write_summary_csv

        stats.groups = group_summary(job.output, job.group_by, folder=job.spec.kind == "folder")
        if job.summary:
            write_summary_csv(stats.groups, job.summary)
            stats.files.append(str(job.summary))
        plot = job.plot or (job.summary.with_suffix(".png") if job.summary else
                            job.output.with_name(job.output.name.split(".")[0] + ".groups.png"))
        plot_groups(stats.groups, plot, job.group_by)
        stats.files.append(str(plot))
    return stats
