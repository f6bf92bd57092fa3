"""`bias batch` end to end at corpus scale: articles/s, sentences/s and peak RSS (figures printed, not asserted).

    python bench/batch_scale.py --n 1000 --n 10000 --model fast [--format parquet] [--engine ray] [--sentences]

Builds N articles from the PTC news articles in ../shared/datasets (repeated with new ids when N is larger than the
corpus) into a temporary JSONL file outside the repository, runs ``bias batch`` on it in a fresh process, and reads
the output back to count articles and sentences. Peak RSS is the child process's maximum resident set size. Compare
sentences/s with ``bench/benchmark.py --model …`` (the model alone) for the batch overhead; run sizes one after the
other on an otherwise idle machine.

- ``--kill-after 20,45,70`` SIGKILLs the run after each of those many seconds (each time in a new process that
  resumes the previous one), then lets the last one finish and checks that the output holds every input id exactly
  once.
- ``--reference N`` first times ``Analyzer.analyze_many`` in this process over the first N articles of the same
  corpus (the benchmark's "batched across articles" figure, measured on these articles), and prints each run's
  sentences/s as a share of it: the overhead of ``bias batch`` itself (process start, model load, reading, report
  serialisation, writing, resuming).
- ``--sequential`` runs the local engine in one thread (``BIAS_BATCH_PIPELINE=0``) instead of the producer thread
  beside the writer, to measure what the overlap gains.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PTC = REPO.parent / "shared" / "datasets" / "ptc_semeval2020t11"


def ptc_articles() -> list[tuple[str, str, str]]:
    """(id, split, text) of every PTC article with text."""
    out = []
    for split in ("train", "dev", "test"):
        for p in sorted((PTC / f"{split}-articles").glob("article*.txt")):
            text = p.read_text(encoding="utf-8").strip()
            if text:
                out.append((p.stem, split, text))
    if not out:
        sys.exit(f"no articles under {PTC}")
    return out


def build(n: int, path: Path) -> Path:
    base = ptc_articles()
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            aid, split, text = base[i % len(base)]
            f.write(json.dumps({"id": f"{aid}-{i // len(base)}", "text": text, "split": split},
                               ensure_ascii=False) + "\n")
    return path


def bias_cmd(args, inp: Path, out: Path, sentences: Path | None) -> list[str]:
    cmd = [sys.executable, "-m", "bias.cli", "batch", "-i", str(inp), "-o", str(out), "--keep-cols", "split",
           "--quiet", "--chunk-size", str(args.chunk_size), "--engine", args.engine]
    if args.model:
        cmd += ["--model", args.model]
    if args.backend:
        cmd += ["--backend", args.backend]
    if sentences:
        cmd += ["--sentences", str(sentences)]
    return cmd


def count(out: Path) -> tuple[list[str], int]:
    if out.suffix == ".parquet":
        import pyarrow.parquet as pq

        t = pq.read_table(out, columns=["id", "n_sentences"])
        return t.column("id").to_pylist(), sum(x or 0 for x in t.column("n_sentences").to_pylist())
    ids, n = [], 0
    with open(out, encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            ids.append(row["id"])
            n += len(row.get("report", {}).get("sentences", []))
    return ids, n


def reference_rate(path: Path, n: int, model: str | None, backend: str | None) -> float:
    """Sentences/s of ``Analyzer.analyze_many`` alone (model loaded, no I/O) over the first n articles of the corpus."""
    from bias import Analyzer

    texts = [json.loads(line)["text"] for _, line in zip(range(n), open(path, encoding="utf-8"))]
    a = Analyzer.load(model or "accurate", backend=backend)
    list(a.analyze_many(texts[:4]))  # warm-up: first shapes, lazy imports
    t = time.perf_counter()
    n_sent = sum(len(r.sentences) for r in a.analyze_many(texts, batch_articles=32))
    return n_sent / (time.perf_counter() - t)


def run_child(cmd: list[str]) -> tuple[float, float, int]:
    """Wall seconds, peak RSS (MB) and exit status of one child process."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=REPO)
    _, status, usage = os.wait4(proc.pid, 0)
    return time.perf_counter() - t, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("--n", type=int, action="append", help="articles per run (repeatable; default 1000)")
    p.add_argument("--model", default=None, help="fast, accurate or a folder (passed to bias batch)")
    p.add_argument("--backend", default=None)
    p.add_argument("--format", default="parquet", choices=["parquet", "jsonl"])
    p.add_argument("--engine", default="local", choices=["local", "ray"])
    p.add_argument("--chunk-size", type=int, default=32)
    p.add_argument("--sentences", action="store_true", help="also write the sentence table")
    p.add_argument("--kill-after", default="", help="seconds, e.g. 20,45,70: SIGKILL and resume at each")
    p.add_argument("--reference", type=int, default=0, metavar="N",
                   help="time Analyzer.analyze_many over the first N articles in-process, for the overhead")
    p.add_argument("--sequential", action="store_true", help="no producer thread (BIAS_BATCH_PIPELINE=0)")
    p.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = p.parse_args(argv)
    if args.sequential:
        os.environ["BIAS_BATCH_PIPELINE"] = "0"
    tmp = Path(tempfile.mkdtemp(prefix="bias-batch-bench-"))
    print(f"temporary folder: {tmp}; cores: {os.cpu_count()}; model: {args.model or 'default'}; "
          f"engine: {args.engine}; output: {args.format}; pipeline: {not args.sequential}")
    ref = 0.0
    if args.reference:
        ref = reference_rate(build(args.reference, tmp / "reference.jsonl"), args.reference, args.model, args.backend)
        print(f"reference: Analyzer.analyze_many in-process over the first {args.reference} articles: "
              f"{ref:.1f} sentences/s")
    for n in args.n or [1000]:
        inp = build(n, tmp / f"corpus-{n}.jsonl")
        out = tmp / f"out-{n}.{args.format}"
        sent = tmp / f"sent-{n}.{args.format}" if args.sentences else None
        cmd = bias_cmd(args, inp, out, sent)
        kills = [float(x) for x in args.kill_after.split(",") if x.strip()]
        wall_total, rss = 0.0, 0.0
        for k in kills:
            t = time.perf_counter()
            proc = subprocess.Popen(cmd, cwd=REPO)
            try:
                proc.wait(timeout=k)
            except subprocess.TimeoutExpired:
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                print(f"  killed (SIGKILL) after {k:.0f} s")
            wall_total += time.perf_counter() - t
        wall, rss, code = run_child(cmd)
        wall_total += wall
        ids, n_sent = count(out)
        want = [json.loads(line)["id"] for line in open(inp, encoding="utf-8")]
        exact = sorted(ids) == sorted(want) and len(set(ids)) == len(ids)
        print(f"n={n:,}: exit {code}; {len(ids):,} rows, every id exactly once: {exact}; "
              f"{n_sent:,} sentences in {wall_total:.1f} s (last process {wall:.1f} s): "
              f"{len(ids) / wall_total:.2f} articles/s, {n_sent / wall_total:.1f} sentences/s; "
              f"peak RSS of the last process {rss:.0f} MB"
              + (f"; {n_sent / wall_total / ref:.2f}× the reference rate" if ref else ""))
    if not args.keep:
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
    print(f"this process peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
