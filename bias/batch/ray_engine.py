"""`bias batch --engine ray`: the same scoring as a Ray Data pipeline (Ray is imported only here).

``ray.data.read_*`` (JSONL, CSV/TSV, Parquet, or binary files for a folder) → ``map_batches`` with
:class:`ArticleScorer`, an actor class that loads the model once per actor and runs the same
``score_records`` / ``rows_for`` code as the local engine → the rows stream back to the driver, which writes them
through the same resumable sinks as the local engine (so the output format, the resume rules and ``--group-by`` are
identical). With ``--address`` the job joins an existing cluster (the workers need the ``bias`` package and the
model installed); without it a local Ray instance is started for the run.

Each actor reserves one CPU (so read tasks can run beside it on a small node) and runs the model with
``OMP_NUM_THREADS`` threads (2 unless ``$BIAS_RAY_THREADS`` says otherwise), like the local engine.
"""
from __future__ import annotations

import json
import logging
import os
import warnings
from dataclasses import asdict

from .sinks import dumps
from .sources import Spec, folder_row, prepare


class ArticleScorer:
    """Ray Data actor: loads the model once, then scores batches of raw input rows."""

    def __init__(self, model, backend, spec: dict, kind: str, done, root: str | None, with_sentences: bool):
        from .runner import load_analyzer

        self.analyzer = load_analyzer(model, backend)
        self.spec = Spec(**spec)
        self.kind = kind
        self.done = done if isinstance(done, (set, frozenset)) else set(done or ())
        self.root = root
        self.with_sentences = with_sentences

    def _raw(self, row: dict) -> dict:
        if self.kind != "folder":
            return row
        path = row["path"]
        if not os.path.isabs(path) and os.path.isabs(self.root):  # some filesystems drop the leading slash
            path = os.sep + path
        rid = os.path.relpath(path, self.root).replace(os.sep, "/")
        return folder_row(rid, row["bytes"], self.spec)

    def __call__(self, batch):
        import pyarrow as pa

        from .runner import rows_for, score_records

        raws = [self._raw(r) for r in batch.to_pylist()]
        records = [prepare(r, self.spec, self.kind) for r in raws]
        records = [r for r in records if r.id not in self.done]
        results = score_records(self.analyzer, records)
        rows, sents, _ = rows_for(records, results, self.with_sentences)
        by_id: dict[str, list] = {}
        for s in sents:
            by_id.setdefault(s["article_id"], []).append(s)
        return pa.table({"id": pa.array([r["id"] for r in rows], pa.string()),
                         "row": pa.array([dumps(r) for r in rows], pa.string()),
                         "sentences": pa.array([dumps(by_id.get(r["id"], [])) for r in rows], pa.string())})


def _read(spec: Spec):
    import pyarrow as pa
    import ray.data as rd

    kind = spec.kind
    path = str(spec.path.resolve())
    if kind == "folder":
        from .sources import FOLDER_SUFFIXES

        return rd.read_binary_files(path, include_paths=True,
                                    file_extensions=[s.lstrip(".") for s in FOLDER_SUFFIXES])
    if kind == "jsonl":
        return rd.read_json(path, lines=True, file_extensions=None)
    if kind in ("csv", "tsv"):
        import pyarrow.csv as pacsv

        from .sources import columns_of

        cols = columns_of(spec) or []
        return rd.read_csv(path, file_extensions=None,
                           parse_options=pacsv.ParseOptions(delimiter="\t" if kind == "tsv" else ",",
                                                            newlines_in_values=True),
                           convert_options=pacsv.ConvertOptions(column_types={c: pa.string() for c in cols}),
                           read_options=pacsv.ReadOptions(block_size=64 << 20))
    cols = list(dict.fromkeys([spec.id_col, spec.source_col, *spec.keep_cols]))
    return rd.read_parquet(path, columns=cols)


def run_ray(job, outputs, done: set, stats, progress) -> None:
    try:
        import ray
        import ray.data as rd
    except ImportError:
        from ..errors import BiasSetupError

        raise BiasSetupError("--engine ray needs Ray: pip install 'bias[ray]' (or 'ray[data]')") from None
    started = False
    if not ray.is_initialized():
        ray.init(address=job.address, include_dashboard=False, log_to_driver=False, logging_level=logging.ERROR)
        started = True
    try:
        ctx = rd.DataContext.get_current()
        ctx.execution_options.preserve_order = True  # rows come back in input order, like the local engine
        ctx.enable_progress_bars = False
        for name in ("ray", "ray.data"):  # off a terminal `bias batch` prints nothing but errors
            logging.getLogger(name).setLevel(logging.ERROR)
        with warnings.catch_warnings():  # max_restarts is passed as a (deprecated) plain remote argument
            warnings.simplefilter("ignore")
            ds = _pipeline(rd, job, done, outputs.sentences is not None)
        for batch in ds.iter_batches(batch_format="pyarrow", batch_size=None):
            if batch.num_rows == 0:
                continue
            rows = [json.loads(x) for x in batch.column("row").to_pylist()]
            sents = [s for x in batch.column("sentences").to_pylist() for s in json.loads(x)]
            outputs.write(rows, sents)
            stats.analysed += len(rows)
            stats.failed += sum("error" in r for r in rows)
            stats.sentences += sum(len(r["report"]["sentences"]) for r in rows if "report" in r)
            progress.advance(len(rows))
    finally:
        if started:
            ray.shutdown()


def _pipeline(rd, job, done: set, with_sentences: bool):
    """read → map_batches(ArticleScorer): a dataset of (id, row JSON, sentence rows JSON)."""
    spec = job.spec
    kind = spec.kind
    threads = os.environ.get("BIAS_RAY_THREADS", "2")
    env = {"BIAS_THREADS": threads, "OMP_NUM_THREADS": threads, "MKL_NUM_THREADS": threads, "HF_HUB_OFFLINE": "1",
           "TOKENIZERS_PARALLELISM": "false",
           **{k: v for k, v in os.environ.items() if k in ("BIAS_MODEL", "BIAS_BACKEND", "BIAS_CACHE")}}
    return _read(spec).map_batches(
        ArticleScorer, batch_size=job.chunk_size, batch_format="pyarrow",
        fn_constructor_kwargs={"model": job.model, "backend": job.backend, "spec": {**asdict(spec)}, "kind": kind,
                               "done": frozenset(done), "with_sentences": with_sentences,
                               "root": str(spec.path.resolve()) if kind == "folder" else None},
        compute=rd.ActorPoolStrategy(size=max(1, job.ray_actors)), num_cpus=1,
        max_restarts=0,  # a lost actor fails the run, which then resumes where it stopped
        runtime_env={"env_vars": env})
