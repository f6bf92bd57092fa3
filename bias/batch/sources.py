"""Readers for `bias batch`: JSONL, CSV/TSV, Parquet or a folder of .txt/.html files, read lazily row by row.

Every reader yields raw rows (plain dicts); :func:`prepare` turns one into a :class:`Record` (id, the article text
or the reason it cannot be analysed, its input format, the kept columns). :func:`check_ids` reads the ids once before
any work starts and refuses missing or duplicate ids, naming the first few.
"""
from __future__ import annotations

import csv
import json
import math
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from ..errors import BiasInputError
from ..io import DEFAULT_MAX_BYTES

TABLE_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv", ".tsv": "tsv",
                  ".parquet": "parquet", ".pq": "parquet"}
FOLDER_SUFFIXES = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".xhtml": "html"}
RESERVED = ("id", "report", "error")  # output fields a kept column may not shadow
SHOW = 5  # ids named in a refusal


@dataclass
class Spec:
    """Where the articles are and which columns hold what."""

    path: Path
    id_col: str = "id"
    text_col: str = "text"
    html_col: str | None = None
    keep_cols: list[str] = field(default_factory=list)
    max_bytes: int = DEFAULT_MAX_BYTES

    @property
    def kind(self) -> str:
        if self.path.is_dir():
            return "folder"
        kind = TABLE_SUFFIXES.get(self.path.suffix.lower())
        if kind is None:
            raise BiasInputError(f"{self.path}: unknown input format; use .jsonl, .csv, .tsv, .parquet or a folder "
                                 "of .txt/.html files")
        return kind

    @property
    def source_col(self) -> str:
        return self.html_col or self.text_col


@dataclass
class Record:
    id: str
    text: object = None  # the article (str), or whatever the column held
    input_format: str = "auto"  # auto | text | html
    kept: dict = field(default_factory=dict)
    error: str | None = None  # known before any analysis (too large, unreadable file, …)


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or (isinstance(value, str)
                                                                               and not value.strip())


def normalise_id(value) -> str | None:
    """Ids are written as strings; integral floats (a pandas column with gaps) lose their ``.0``."""
    if _missing(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip() if isinstance(value, str) else str(value)


def _plain(value):
    """A kept value as plain JSON data (Arrow scalars, numpy and dates become str / numbers)."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if isinstance(value, (list, dict)):
        return json.loads(json.dumps(value, default=str))
    if hasattr(value, "item"):  # numpy scalar
        return _plain(value.item())
    return str(value)


def prepare(row: dict, spec: Spec, kind: str) -> Record:
    """One raw row → a Record; every per-row problem becomes ``Record.error`` (never an exception)."""
    rid = normalise_id(row.get("id" if kind == "folder" else spec.id_col))
    kept = {c: _plain(row.get(c)) for c in spec.keep_cols}
    if kind == "folder":
        return Record(rid, row.get("text"), row.get("format", "auto"), kept, row.get("error"))
    value = row.get(spec.source_col)
    fmt = "html" if spec.html_col else "auto"
    if isinstance(value, bytes):
        try:
            value = value.decode("utf-8")
        except UnicodeDecodeError:
            return Record(rid, None, fmt, kept, "not valid UTF-8")
    if isinstance(value, str):
        size = len(value.encode("utf-8", "surrogatepass"))
        if size > spec.max_bytes:
            return Record(rid, None, fmt, kept, f"{size:,} bytes is over the size limit of {spec.max_bytes:,} "
                                                "bytes (raise it with --max-bytes)")
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    elif value is None or (isinstance(value, float) and math.isnan(value)):
        return Record(rid, None, fmt, kept, f"missing {spec.source_col!r}")
    return Record(rid, value, fmt, kept)


# --- raw readers -----------------------------------------------------------------------------------------------

def _jsonl_rows(path: Path) -> Iterator[dict]:
    with open(path, "rb") as f:
        for n, raw in enumerate(f, 1):
            if not raw.strip():
                continue
            try:
                obj = json.loads(raw)
            except (json.JSONDecodeError, UnicodeDecodeError) as e:
                raise BiasInputError(f"{path}: line {n} is not valid JSON ({getattr(e, 'msg', e)})") from None
            if not isinstance(obj, dict):
                raise BiasInputError(f"{path}: line {n} is not a JSON object")
            obj["__line__"] = n
            yield obj


def _csv_rows(path: Path, delimiter: str) -> Iterator[dict]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # articles are far longer than csv's 128 kB default
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            reader = csv.DictReader(f, delimiter=delimiter)
            for n, row in enumerate(reader, 2):
                row["__line__"] = n
                yield row
    except UnicodeDecodeError as e:
        raise BiasInputError(f"{path}: not valid UTF-8 (byte {e.start}); convert it to UTF-8 first") from None
    except csv.Error as e:
        raise BiasInputError(f"{path}: malformed CSV ({e})") from None


def _parquet_rows(path: Path, columns: list[str] | None, batch_rows: int = 256) -> Iterator[dict]:
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
    except Exception as e:  # noqa: BLE001 - pyarrow raises several types for a bad file
        raise BiasInputError(f"{path}: not a readable Parquet file ({e})") from None
    for batch in pf.iter_batches(batch_size=batch_rows, columns=columns):
        yield from batch.to_pylist()


def folder_row(rid: str, data: bytes | None, spec: Spec, size: int | None = None) -> dict:
    """The raw row of one file of a folder input (its text, or why it cannot be read)."""
    from ..io import decode_text

    row = {"id": rid, "format": FOLDER_SUFFIXES.get(Path(rid).suffix.lower(), "auto")}
    size = len(data) if size is None and data is not None else size
    if size is not None and size > spec.max_bytes:
        row["error"] = f"{size:,} bytes is over the size limit of {spec.max_bytes:,} bytes (raise it with --max-bytes)"
        return row
    try:
        row["text"] = decode_text(data, rid)
    except BiasInputError as e:
        msg = str(e).removeprefix(f"{rid}: ")
        row["error"] = "the file " + msg if msg.startswith(("is ", "looks ")) else msg
    return row


def folder_files(root: Path) -> Iterator[tuple[str, Path]]:
    """(id, path) of the .txt / .html files under ``root``, in sorted order; the id is the relative path."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            if Path(name).suffix.lower() in FOLDER_SUFFIXES and not name.startswith("."):
                p = Path(dirpath) / name
                yield p.relative_to(root).as_posix(), p


def _folder_rows(spec: Spec, with_text: bool = True) -> Iterator[dict]:
    for rid, p in folder_files(spec.path):
        if not with_text:
            yield {"id": rid}
            continue
        try:
            size = p.stat().st_size
            yield folder_row(rid, None if size > spec.max_bytes else p.read_bytes(), spec, size)
        except OSError as e:
            yield {"id": rid, "error": f"cannot be read ({e.strerror})"}


def columns_of(spec: Spec) -> list[str] | None:
    """Column names of a CSV/TSV/Parquet table (None for JSONL and folders, whose keys vary per line)."""
    kind = spec.kind
    if kind in ("csv", "tsv"):
        try:
            with open(spec.path, newline="", encoding="utf-8-sig") as f:
                return next(csv.reader(f, delimiter="\t" if kind == "tsv" else ","), [])
        except UnicodeDecodeError:
            raise BiasInputError(f"{spec.path}: not valid UTF-8; convert it to UTF-8 first") from None
    if kind == "parquet":
        import pyarrow.parquet as pq

        try:
            return list(pq.ParquetFile(spec.path).schema_arrow.names)
        except Exception as e:  # noqa: BLE001
            raise BiasInputError(f"{spec.path}: not a readable Parquet file ({e})") from None
    return None


def raw_rows(spec: Spec, ids_only: bool = False) -> Iterator[dict]:
    kind = spec.kind
    if kind == "folder":
        yield from _folder_rows(spec, with_text=not ids_only)
    elif kind == "jsonl":
        yield from _jsonl_rows(spec.path)
    elif kind in ("csv", "tsv"):
        yield from _csv_rows(spec.path, "\t" if kind == "tsv" else ",")
    else:
        cols = [spec.id_col] if ids_only else [spec.id_col, spec.source_col, *spec.keep_cols]
        yield from _parquet_rows(spec.path, list(dict.fromkeys(cols)))


def read_records(spec: Spec, skip: set[str] | frozenset = frozenset()) -> Iterator[Record]:
    """The input's records in order, lazily, leaving out the ids in ``skip`` (already done)."""
    kind = spec.kind
    for row in raw_rows(spec):
        rid = normalise_id(row.get("id" if kind == "folder" else spec.id_col))
        if rid in skip:
            continue
        yield prepare(row, spec, kind)


def validate(spec: Spec) -> None:
    """Refuse a spec that cannot work (missing input, unknown columns) before anything is read."""
    if not spec.path.exists():
        raise BiasInputError(f"{spec.path}: no such file or folder")
    kind = spec.kind
    clash = [c for c in spec.keep_cols if c in RESERVED]
    if clash:
        raise BiasInputError(f"--keep-cols may not name {', '.join(clash)}: the output uses those fields")
    if kind == "folder":
        if spec.keep_cols or spec.html_col:
            raise BiasInputError("a folder input has no columns: --keep-cols and --html-col need a table")
        return
    cols = columns_of(spec)
    if cols is not None:
        wanted = [spec.id_col, spec.source_col, *spec.keep_cols]
        unknown = [c for c in dict.fromkeys(wanted) if c not in cols]
        if unknown:
            raise BiasInputError(f"{spec.path}: no column {', '.join(map(repr, unknown))} "
                                 f"(columns: {', '.join(cols[:20])})")


def check_ids(spec: Spec) -> set[str]:
    """Read every id once (only the id column where the format allows), refuse missing or duplicate ids naming
    the first few, and return the ids."""
    validate(spec)
    kind = spec.kind
    seen: set[str] = set()
    missing: list[str] = []
    dupes: list[str] = []
    present: set[str] = set()
    n = 0
    for row in raw_rows(spec, ids_only=True):
        n += 1
        if kind == "jsonl":
            present.update(k for k in (spec.source_col, *spec.keep_cols) if k in row)
        rid = normalise_id(row.get("id" if kind == "folder" else spec.id_col))
        where = f"line {row['__line__']}" if "__line__" in row else f"row {n}"
        if rid is None:
            if len(missing) < SHOW:
                missing.append(where)
            else:
                missing.append("")
        elif rid in seen:
            if len(dupes) < SHOW and rid not in dupes:
                dupes.append(rid)
        else:
            seen.add(rid)
    if missing:
        named = [m for m in missing if m]
        raise BiasInputError(f"{spec.path}: {len(missing)} row(s) have no {spec.id_col!r} "
                             f"({', '.join(named)}{', …' if len(missing) > len(named) else ''}); "
                             "every article needs a unique id")
    if dupes:
        raise BiasInputError(f"{spec.path}: duplicate ids ({', '.join(map(repr, dupes))}"
                             f"{', …' if len(dupes) >= SHOW else ''}); every article needs a unique id")
    if kind == "jsonl" and n:
        absent = [c for c in (spec.source_col, *spec.keep_cols) if c not in present]
        if absent:
            raise BiasInputError(f"{spec.path}: no line has the field {', '.join(map(repr, absent))}")
    if n == 0:
        raise BiasInputError(f"{spec.path}: holds no articles")
    return seen


def kept_types(spec: Spec) -> dict:
    """Parquet types of the kept columns: the input Parquet's int / float / bool types, else string."""
    import pyarrow as pa

    types = {c: pa.string() for c in spec.keep_cols}
    if spec.kind == "parquet":
        import pyarrow.parquet as pq

        schema = pq.ParquetFile(spec.path).schema_arrow
        for c in spec.keep_cols:
            t = schema.field(c).type
            if pa.types.is_integer(t):
                types[c] = pa.int64()
            elif pa.types.is_floating(t):
                types[c] = pa.float64()
            elif pa.types.is_boolean(t):
                types[c] = pa.bool_()
    return types
