"""Writers for `bias batch`: JSONL or Parquet (by suffix), for the article table and the sentence table, resumable.

Rows are plain dicts: an article row is ``{"id", <kept columns>, "report": Report.to_dict()}`` or
``{"id", <kept columns>, "error": "…"}``; a sentence row is one of :data:`SENTENCE_FIELDS`.

Resume design (a SIGKILL may land at any byte):

- **JSONL**: each chunk of rows is one ``write`` of whole lines, flushed. On start the file is scanned; the ids of
  complete lines (ending in a newline, with an id) are done and the file is truncated after the last complete line,
  so a half-written line is dropped and redone. Only the ``{"id": …`` prefix is parsed, so a scan is cheap.
- **Parquet**: a Parquet file cannot be appended to, so rows go to a staging folder ``OUT.parts/`` beside ``OUT``,
  one part per chunk, each written as ``part-N.parquet.tmp`` and renamed (atomic) when complete. A ``.tmp`` left by
  a kill is deleted and its articles redone. At the end the parts are streamed (row group by row group) into
  ``OUT.tmp``, which is renamed to ``OUT``; then the staging folder is removed. ``OUT`` beside a staging folder
  therefore means "consolidated, clean-up interrupted": the folder is removed. A complete ``OUT`` that a later run
  must extend (new input rows) is moved into the staging folder as ``base.parquet`` first.
- **Both tables**: the sentence rows of a chunk are written (and renamed) before its article rows, and an article is
  done only when its article row is. On start, sentence rows (JSONL lines, or Parquet parts) of articles that are
  not done are dropped, so the sentence table never holds an article twice.
"""
from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

from ..errors import BiasInputError
from ..labels import LABELS

SENTENCE_FIELDS = ["article_id", "index", "start", "end", "text", "kind", "section", "section_opinion", "label",
                   *[f"p_{lab}" for lab in LABELS], "n_loaded_writer", "n_loaded_quoted", "source"]

# The report's indices as typed Parquet columns: (column, path in report["indices"], type). A path the report does
# not have gives null, so the table keeps its shape when indices are added or renamed.
INDEX_COLUMNS = [
    *[(f"{lab}_share", f"label_shares.{lab}.by_sentences", "float") for lab in LABELS],
    *[(f"{lab}_share_chars", f"label_shares.{lab}.by_characters", "float") for lab in LABELS],
    *[(f"{lab}_sentences", f"label_shares.{lab}.sentences", "int") for lab in LABELS],
    ("opinion_separation", "opinion_separation.value", "float"),
    ("article_declares_opinion", "opinion_separation.article_declares_opinion", "bool"),
    ("opinion_in_news_body", "opinion_separation.opinion_in_news_body", "int"),
    ("news_body_sentences", "opinion_separation.news_body_sentences", "int"),
    ("news_body_opinion_share", "opinion_separation.news_body_opinion_share", "float"),
    ("writer_loaded_per_100_words", "writer_loaded_per_100_words.value", "float"),
    ("writer_loaded_spans", "writer_loaded_per_100_words.writer_spans", "int"),
    ("quoted_loaded_spans", "writer_loaded_per_100_words.quoted_spans", "int"),
    ("body_words", "writer_loaded_per_100_words.body_words", "int"),
    ("headline_sensationalism", "headline.sensationalism", "float"),
    ("headline_gap", "headline.gap", "float"),
    ("body_loaded_sentence_share", "headline.body_loaded_sentence_share", "float"),
    ("anonymous_source_share", "sourcing.value", "float"),
    ("sources", "sourcing.sources", "int"),
    ("named_sources", "sourcing.named_sources", "int"),
    ("anonymous_sources", "sourcing.anonymous_sources", "int"),
    ("single_source", "sourcing.single_source", "bool"),
    ("hedges_per_100_words", "hedges_per_100_words.value", "float"),
    ("hedges", "hedges_per_100_words.hedges", "int"),
    # the genre verdict (null when the model has no genre head): bias/genre.py, aggregate.apply_genre
    ("genre", "opinion_separation.genre", "str"),
    ("genre_p_opinion", "opinion_separation.genre_probs.opinion", "float"),
    ("genre_mismatch", "opinion_separation.genre_mismatch", "str"),
]
_SURROGATE = re.compile("[\ud800-\udfff]")
_ID_PREFIX = re.compile(rb'^\{"(id|article_id)": ')


def clean_str(s):
    """Lone surrogates cannot be written as UTF-8: each becomes U+FFFD."""
    return _SURROGATE.sub("\ufffd", s) if isinstance(s, str) else s


def dumps(row: dict) -> str:
    try:
        line = json.dumps(row, ensure_ascii=False, default=str)
        line.encode("utf-8")
        return line
    except UnicodeEncodeError:  # a lone surrogate in a kept column or id: \u escapes are valid JSON
        return json.dumps(row, ensure_ascii=True, default=str)


def lookup(d: dict | None, path: str):
    for key in path.split("."):
        if not isinstance(d, dict) or key not in d:
            return None
        d = d[key]
    return d


# --- rows ------------------------------------------------------------------------------------------------------

def article_row(rid: str, kept: dict, result) -> dict:
    """The output row of one article: its report (a Report or its dict) or its error (an exception or a str)."""
    row = {"id": rid, **kept}
    if isinstance(result, (str, BaseException)):
        row["error"] = str(result) if isinstance(result, str) else _error_text(result)
    else:
        row["report"] = result if isinstance(result, dict) else result.to_dict()
    return row


def _error_text(e: BaseException) -> str:
    from ..errors import BiasError

    return str(e) if isinstance(e, BiasError) else f"internal error: {type(e).__name__}: {e}"


def sentence_rows(rid: str, report) -> list[dict]:
    """One row per sentence of a Report (see :data:`SENTENCE_FIELDS`)."""
    writer: dict[int, int] = {}
    quoted: dict[int, int] = {}
    for sp in report.loaded_spans:
        (writer if sp.voice == "writer" else quoted)[sp.sentence] = \
            (writer if sp.voice == "writer" else quoted).get(sp.sentence, 0) + 1
    ledger = {e.id: e.name for e in report.ledger}
    sources: dict[int, list[str]] = {}
    for a in report.citations:
        name = ledger.get(a.ledger_id) or (a.source.text if a.source else None)
        if name and name not in sources.setdefault(a.sentence, []):
            sources[a.sentence].append(name)
    opinion = {sec.index: sec.opinion_heading for sec in report.sections}
    return [{"article_id": rid, "index": s.index, "start": s.start, "end": s.end, "text": s.text, "kind": s.kind,
             "section": s.section, "section_opinion": bool(opinion.get(s.section, False)), "label": s.label,
             **{f"p_{lab}": s.probs.get(lab) for lab in LABELS},
             "n_loaded_writer": writer.get(s.index, 0), "n_loaded_quoted": quoted.get(s.index, 0),
             "source": "; ".join(sources[s.index]) if sources.get(s.index) else None}
            for s in report.sentences]


# --- Parquet schemas -------------------------------------------------------------------------------------------

def _pa_type(name: str):
    import pyarrow as pa

    return {"float": pa.float64(), "int": pa.int64(), "bool": pa.bool_(), "str": pa.string()}[name]


def article_schema(kept_types: dict):
    """``kept_types``: kept column → pyarrow type (string unless the input Parquet says int/float/bool)."""
    import pyarrow as pa

    fields = [pa.field("id", pa.string(), nullable=False)]
    fields += [pa.field(c, t) for c, t in kept_types.items()]
    fields += [pa.field("error", pa.string()), pa.field("n_sentences", pa.int64()), pa.field("headline", pa.string())]
    fields += [pa.field(c, _pa_type(t)) for c, _, t in INDEX_COLUMNS]
    fields += [pa.field("findings", pa.list_(pa.struct([("id", pa.string()), ("text", pa.string())]))),
               pa.field("report", pa.string())]
    return pa.schema(fields)


def sentence_schema():
    import pyarrow as pa

    types = {"article_id": pa.string(), "index": pa.int64(), "start": pa.int64(), "end": pa.int64(),
             "text": pa.string(), "kind": pa.string(), "section": pa.int64(), "section_opinion": pa.bool_(),
             "label": pa.string(), "n_loaded_writer": pa.int64(), "n_loaded_quoted": pa.int64(),
             "source": pa.string()}
    return pa.schema([pa.field(f, types.get(f, pa.float64())) for f in SENTENCE_FIELDS])


def flat_article(row: dict, kept_types: dict) -> dict:
    """An article row in the Parquet table's columns."""
    import pyarrow as pa

    rep = row.get("report")
    out = {"id": clean_str(row["id"])}
    for c, t in kept_types.items():
        v = row.get(c)
        if pa.types.is_string(t):
            v = _kept_value_for_string(v)
        elif isinstance(v, str):  # a typed column: a value that is not of its type is left out
            v = None
        out[c] = clean_str(v)
    out["error"] = clean_str(row.get("error"))
    if rep is None:
        out.update({"n_sentences": None, "headline": None, "findings": None, "report": None})
        out.update({c: None for c, _, _ in INDEX_COLUMNS})
        return out
    head = next((s for s in rep.get("sentences", []) if s.get("kind") == "headline"), None)
    out["n_sentences"] = len(rep.get("sentences", []))
    out["headline"] = head["text"] if head else None
    for c, path, t in INDEX_COLUMNS:
        v = lookup(rep.get("indices"), path)
        try:
            out[c] = None if v is None else {"float": float, "int": int, "bool": bool, "str": str}[t](v)
        except (TypeError, ValueError):  # an index whose shape changed: null rather than a lost row
            out[c] = None
    out["findings"] = [{"id": f.get("id"), "text": f.get("text")} for f in rep.get("findings", [])]
    out["report"] = dumps(rep)
    return out


def _kept_value_for_string(v):
    if v is None or isinstance(v, str):
        return v
    return json.dumps(v, ensure_ascii=False, default=str) if isinstance(v, (list, dict)) else str(v)


# --- JSONL -----------------------------------------------------------------------------------------------------

class JsonlTable:
    key = "id"

    def __init__(self, path: Path, key: str = "id"):
        self.path = path
        self.key = key
        self.f = None

    def exists(self) -> bool:
        return self.path.exists()

    def scan(self, keep=None) -> set[str]:
        """Ids of the complete lines; the file is cut after the last complete line (or at the first line whose id
        ``keep`` rejects)."""
        ids: set[str] = set()
        if not self.path.exists():
            return ids
        good = 0
        with open(self.path, "rb") as f:
            for line in f:
                rid = _line_id(line, self.key) if line.endswith(b"\n") else None
                if rid is None or (keep is not None and rid not in keep):
                    break
                ids.add(rid)
                good += len(line)
        if good != self.path.stat().st_size:
            with open(self.path, "r+b") as f:
                f.truncate(good)
        return ids

    def write(self, rows: list[dict], part: int | None = None) -> None:
        if not rows:
            return
        if self.f is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.f = open(self.path, "ab")
        self.f.write("".join(dumps(r) + "\n" for r in rows).encode("utf-8"))
        self.f.flush()

    def finish(self) -> None:
        self.close()

    def close(self) -> None:
        if self.f is not None:
            self.f.close()
            self.f = None

    def iter_rows(self):
        with open(self.path, "rb") as f:
            for line in f:
                if line.strip():
                    yield json.loads(line)


def _line_id(line: bytes, key: str) -> str | None:
    m = _ID_PREFIX.match(line)
    try:
        if m and m.group(1).decode() == key:
            value, _ = json.JSONDecoder().raw_decode(line[m.end():].decode("utf-8"))
        else:
            value = json.loads(line).get(key)
    except (ValueError, AttributeError):
        return None
    return None if value is None else str(value)


# --- Parquet ---------------------------------------------------------------------------------------------------

class ParquetTable:
    """A Parquet output written as atomic parts in ``OUT.parts/`` and consolidated into ``OUT`` at the end."""

    def __init__(self, path: Path, schema, key: str = "id", to_columns=None):
        self.path = path
        self.schema = schema
        self.key = key
        self.to_columns = to_columns or (lambda r: r)
        self.staging = path.with_name(path.name + ".parts")

    def exists(self) -> bool:
        return self.path.exists() or self.staging.exists()

    def _parts(self) -> list[Path]:
        if not self.staging.exists():
            return []
        return sorted(p for p in self.staging.iterdir() if p.suffix == ".parquet")

    def max_part(self) -> int:
        nums = [int(m.group(1)) for p in self._parts() if (m := re.match(r"part-(\d+)\.parquet$", p.name))]
        return max(nums, default=0)

    def recover(self) -> None:
        """Finish an interrupted clean-up or drop the partial part a kill left behind."""
        if self.path.exists() and self.staging.exists():
            shutil.rmtree(self.staging)  # OUT is the consolidation of the parts: the run had finished
        tmp = self.path.with_name(self.path.name + ".tmp")
        if tmp.exists():
            tmp.unlink()
        if self.staging.exists():
            for p in self.staging.iterdir():
                if p.name.endswith(".tmp"):
                    p.unlink()

    def scan(self, keep=None) -> set[str]:
        """Done ids (from ``OUT`` or its parts); with ``keep``, parts holding ids outside it are deleted."""
        import pyarrow.parquet as pq

        self.recover()
        files = [self.path] if self.path.exists() else self._parts()
        ids: set[str] = set()
        for p in files:
            try:
                col = pq.read_table(p, columns=[self.key]).column(self.key).to_pylist()
            except Exception as e:  # noqa: BLE001
                if p == self.path:
                    raise BiasInputError(f"{p}: exists but is not a readable Parquet file; move it away") from None
                raise BiasInputError(f"{p}: unreadable part ({e}); delete it to redo its articles") from None
            if keep is not None and not set(col) <= keep:
                col = self._filter(p, keep)
            ids.update(col)
        return ids

    def _filter(self, p: Path, keep) -> list:
        """Drop the rows of ``p`` whose key is not in ``keep`` (rewritten via a .tmp and a rename, streamed)."""
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.parquet as pq

        tmp = p.with_name(p.name + ".tmp")
        kept: list = []
        allowed = pa.array(sorted(keep), pa.string())
        with pq.ParquetWriter(tmp, self.schema) as w:
            for batch in pq.ParquetFile(p).iter_batches(batch_size=4096):
                t = pa.Table.from_batches([batch]).cast(self.schema)
                t = t.filter(pc.is_in(t.column(self.key), value_set=allowed))
                if t.num_rows:
                    w.write_table(t)
                    kept.extend(t.column(self.key).to_pylist())
        if kept:
            os.replace(tmp, p)
        else:
            tmp.unlink()
            p.unlink()
        return kept

    def reopen(self) -> None:
        """Before writing more rows: a finished ``OUT`` becomes the first part again."""
        if self.path.exists():
            self.staging.mkdir(parents=True, exist_ok=True)
            os.replace(self.path, self.staging / "base.parquet")

    def write(self, rows: list[dict], part: int) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if not rows:
            return
        self.staging.mkdir(parents=True, exist_ok=True)
        table = pa.Table.from_pylist([self.to_columns(r) for r in rows], schema=self.schema)
        final = self.staging / f"part-{part:06d}.parquet"
        tmp = final.with_name(final.name + ".tmp")
        pq.write_table(table, tmp)
        os.replace(tmp, final)

    def finish(self, row_group: int = 2048) -> None:
        """Stream every part into ``OUT.tmp``, rename it to ``OUT``, remove the staging folder."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        if self.path.exists() and not self.staging.exists():
            return
        tmp = self.path.with_name(self.path.name + ".tmp")
        with pq.ParquetWriter(tmp, self.schema) as w:
            buf, n = [], 0
            for p in self._parts():
                for batch in pq.ParquetFile(p).iter_batches(batch_size=row_group):
                    buf.append(pa.Table.from_batches([batch]).cast(self.schema))
                    n += batch.num_rows
                    if n >= row_group:
                        w.write_table(pa.concat_tables(buf))
                        buf, n = [], 0
            if buf:
                w.write_table(pa.concat_tables(buf))
        os.replace(tmp, self.path)
        shutil.rmtree(self.staging, ignore_errors=True)

    def close(self) -> None:
        pass

    def iter_rows(self, columns=None):
        import pyarrow.parquet as pq

        for batch in pq.ParquetFile(self.path).iter_batches(batch_size=1024, columns=columns):
            yield from batch.to_pylist()


def table_for(path: Path, kind: str, kept_types: dict | None = None):
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return JsonlTable(path, "id" if kind == "articles" else "article_id")
    if suffix in (".parquet", ".pq"):
        if kind == "articles":
            kept_types = kept_types or {}
            return ParquetTable(path, article_schema(kept_types), "id", lambda r: flat_article(r, kept_types))
        return ParquetTable(path, sentence_schema(), "article_id",
                            lambda r: {**r, "text": clean_str(r["text"]), "source": clean_str(r["source"]),
                                       "article_id": clean_str(r["article_id"])})
    what = "--output" if kind == "articles" else "--sentences"
    raise BiasInputError(f"{what} {path}: unknown format; use a .jsonl or .parquet file name")


class Outputs:
    """The article table and the optional sentence table of one run, kept consistent across kills."""

    def __init__(self, output: Path, sentences: Path | None = None, kept_types: dict | None = None):
        if sentences is not None and Path(sentences).resolve() == Path(output).resolve():
            raise BiasInputError("--sentences must be a different file from --output")
        self.articles = table_for(Path(output), "articles", kept_types)
        self.sentences = table_for(Path(sentences), "sentences") if sentences else None
        self.part = 0

    def resume(self) -> set[str]:
        """The ids already complete; cuts partial rows and orphaned sentence rows."""
        done = self.articles.scan()
        if self.sentences is not None:
            if done and not self.sentences.exists():
                raise BiasInputError(f"{self.articles.path} already holds {len(done):,} articles but "
                                     f"{self.sentences.path} does not exist; resume with the same options or "
                                     "start a new output")
            self.sentences.scan(keep=done)
        self.part = max(getattr(t, "max_part", lambda: 0)() for t in self._tables())
        return done

    def _tables(self):
        return [t for t in (self.articles, self.sentences) if t is not None]

    def reopen(self) -> None:
        for t in self._tables():
            if isinstance(t, ParquetTable):
                t.reopen()

    def write(self, rows: list[dict], sentence_rows: list[dict]) -> None:
        self.part += 1
        if self.sentences is not None:
            self.sentences.write(sentence_rows, self.part)
        self.articles.write(rows, self.part)

    def finish(self) -> None:
        if self.sentences is not None:
            self.sentences.finish()  # sentences first: a finished OUT means the whole run is finished
        self.articles.finish()

    def close(self) -> None:
        for t in self._tables():
            t.close()
