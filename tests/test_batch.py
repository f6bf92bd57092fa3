"""`bias batch`: every input and output format, no row lost, id refusal, resume after SIGKILL, batched == alone,
the group-by summary. Real model (the session's ``analyzer``), real files, real subprocesses."""
from __future__ import annotations

import csv
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from batch_corpus import corpus
from bias.batch import Job, Spec, run
from bias.batch.sinks import INDEX_COLUMNS, SENTENCE_FIELDS
from bias.batch.summary import METRICS, summary_columns
from bias.errors import BiasInputError

REPO = Path(__file__).resolve().parents[1]
N = 8


@pytest.fixture(scope="module")
def rows():
    """Good articles plus the bad rows every format must carry through: empty, whitespace, over the size limit."""
    good = corpus(N)
    bad = [{"id": "empty", "text": "", "outlet": "Herald", "year": 2020},
           {"id": "blank", "text": "  \n ", "outlet": "Tribune", "year": 2021},
           {"id": "huge", "text": "The council met. " * 400, "outlet": "Gazette", "year": 2020}]
    return good[:3] + bad + good[3:]


def write_input(rows, path: Path) -> Path:
    kind = path.suffix if path.suffix else "folder"
    if kind == ".jsonl":
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    elif kind in (".csv", ".tsv"):
        with open(path, "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=list(rows[0]), delimiter="\t" if kind == ".tsv" else ",")
            w.writeheader()
            w.writerows(rows)
    elif kind == ".parquet":
        pq.write_table(pa.Table.from_pylist(rows), path)
    else:
        for r in rows:
            p = path / r["outlet"] / f"{r['id']}.txt"
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(r["text"], encoding="utf-8")
    return path


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def job(inp: Path, out: Path, **kw) -> Job:
    spec_kw = {k: kw.pop(k) for k in ("id_col", "text_col", "html_col", "keep_cols", "max_bytes") if k in kw}
    spec_kw.setdefault("max_bytes", 4000)
    return Job(Spec(inp, **spec_kw), out, chunk_size=kw.pop("chunk_size", 4), **kw)


@pytest.mark.parametrize("fmt", [".jsonl", ".csv", ".tsv", ".parquet", "folder"])
def test_every_input_format_to_jsonl_loses_no_row(analyzer, rows, tmp_path, fmt):
    inp = write_input(rows, tmp_path / ("in" + fmt) if fmt != "folder" else tmp_path / "articles")
    keep = [] if fmt == "folder" else ["outlet", "year"]
    stats = run(job(inp, tmp_path / "out.jsonl", keep_cols=keep))
    out = read_jsonl(tmp_path / "out.jsonl")
    want = [r["id"] for r in rows] if fmt != "folder" else None
    ids = [o["id"] for o in out]
    if fmt == "folder":  # id = relative path
        assert sorted(ids) == sorted(f"{r['outlet']}/{r['id']}.txt" for r in rows)
    else:
        assert ids == want
    assert stats.analysed == len(rows) and stats.failed == 3
    errors = {o["id"].split("/")[-1].removesuffix(".txt"): o["error"] for o in out if "error" in o}
    assert set(errors) == {"empty", "blank", "huge"}
    assert "size limit" in errors["huge"]
    for o in out:
        assert ("report" in o) != ("error" in o)
        if "report" in o:
            assert o["report"]["sentences"] and "indices" in o["report"] and "tool" in o["report"]
        if keep:
            src = next(r for r in rows if r["id"] == o["id"])
            assert o["outlet"] == src["outlet"]
            assert str(o["year"]) == str(src["year"])  # CSV carries text, JSONL and Parquet the number


def test_parquet_output_and_sentence_tables(analyzer, rows, tmp_path):
    inp = write_input(rows, tmp_path / "in.parquet")
    run(job(inp, tmp_path / "out.parquet", keep_cols=["outlet", "year"], sentences=tmp_path / "sent.parquet"))
    t = pq.read_table(tmp_path / "out.parquet")
    assert t.column("id").to_pylist() == [r["id"] for r in rows]
    assert t.schema.field("year").type == pa.int64() and t.schema.field("outlet").type == pa.string()
    for col, _, typ in INDEX_COLUMNS:
        assert col in t.column_names
    assert t.schema.field("opinion_share").type == pa.float64()
    assert t.schema.field("single_source").type == pa.bool_()
    df = t.to_pylist()
    for r in df:
        if r["error"] is None:
            rep = json.loads(r["report"])
            assert rep["indices"]["label_shares"]["opinion"]["by_sentences"] == r["opinion_share"]
            assert r["n_sentences"] == len(rep["sentences"]) and r["findings"]
        else:
            assert r["report"] is None and r["opinion_share"] is None
    s = pq.read_table(tmp_path / "sent.parquet")
    assert s.column_names == SENTENCE_FIELDS
    assert s.num_rows == sum(r["n_sentences"] or 0 for r in df)
    assert not (tmp_path / "out.parquet.parts").exists() and not (tmp_path / "sent.parquet.parts").exists()
    # the sentence table as JSONL has the same rows
    run(job(inp, tmp_path / "out2.jsonl", sentences=tmp_path / "sent.jsonl"))
    sj = read_jsonl(tmp_path / "sent.jsonl")
    assert [(x["article_id"], x["index"], x["label"]) for x in sj] == \
        list(zip(s.column("article_id").to_pylist(), s.column("index").to_pylist(), s.column("label").to_pylist()))
    art = {o["id"]: o for o in read_jsonl(tmp_path / "out2.jsonl")}
    for x in sj:
        assert art[x["article_id"]]["report"]["text"][x["start"]:x["end"]] == x["text"]


def test_html_column_and_non_text_values(analyzer, tmp_path):
    page = ("<html><head><title>Council Approves Budget</title></head><body><article><h1>Council Approves Budget"
            "</h1><p>The city council voted 7-2 on Tuesday to approve the harbor budget after a long debate.</p>"
            "<p>“It is a good day for the harbor,” the mayor said after the vote.</p></article></body></html>")
    lines = [{"id": 1, "page": page}, {"id": 2, "page": "<html><body></body></html>"}, {"id": 3, "page": 42},
             {"id": 4}]
    inp = tmp_path / "pages.jsonl"
    inp.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    run(job(inp, tmp_path / "out.jsonl", html_col="page"))
    out = read_jsonl(tmp_path / "out.jsonl")
    assert [o["id"] for o in out] == ["1", "2", "3", "4"]  # ids are written as strings
    assert "report" in out[0] and out[0]["report"]["metadata"].get("title") == "Council Approves Budget"
    assert "extract" in out[1]["error"] and "not int" in out[2]["error"] and "missing" in out[3]["error"]


@pytest.mark.parametrize("lines, message", [
    ([{"id": "a", "text": "x"}, {"id": "b", "text": "y"}, {"id": "a", "text": "z"}], "duplicate ids ('a')"),
    ([{"id": "a", "text": "x"}, {"text": "y"}, {"id": None, "text": "z"}], "2 row(s) have no 'id' (line 2, line 3)"),
    ([{"id": "a", "body": "x"}], "no line has the field 'text'"),
])
def test_bad_ids_are_refused_before_any_work(tmp_path, lines, message):
    inp = tmp_path / "in.jsonl"
    inp.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    with pytest.raises(BiasInputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        run(job(inp, tmp_path / "out.jsonl"))
    assert not (tmp_path / "out.jsonl").exists()


def test_cli_refuses_duplicate_ids_in_one_line(tmp_path):
    inp = tmp_path / "in.csv"
    inp.write_text("id,text\n1,One.\n2,Two.\n1,Three.\n2,Four.\n", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "bias.cli", "batch", "-i", str(inp), "-o", str(tmp_path / "o.jsonl")],
                       capture_output=True, text=True, cwd=REPO)
    assert r.returncode == 2, r.stderr
    assert r.stderr.strip().count("\n") == 0 and r.stderr.startswith("error: ") and "'1', '2'" in r.stderr
    assert r.stdout == "" and not (tmp_path / "o.jsonl").exists()


def test_batched_labels_equal_alone(analyzer, tmp_path):
    rows = corpus(10)
    inp = write_input(rows, tmp_path / "in.jsonl")
    run(job(inp, tmp_path / "out.jsonl", chunk_size=5))
    for o, r in zip(read_jsonl(tmp_path / "out.jsonl"), rows):
        alone = analyzer.analyze(r["text"]).to_dict()
        assert [s["label"] for s in o["report"]["sentences"]] == [s["label"] for s in alone["sentences"]]
        assert o["report"]["indices"] == alone["indices"]
        # each article's windows are batched on their own, so the whole report is the one it gets alone, to the
        # last digit, on any CPU (bf16 included)
        assert o["report"] == json.loads(json.dumps(alone, ensure_ascii=False))


def test_resume_cuts_a_half_written_line_and_a_partial_part(analyzer, tmp_path):
    rows = corpus(9)
    inp = write_input(rows, tmp_path / "in.jsonl")
    out, sent = tmp_path / "out.jsonl", tmp_path / "sent.parquet"
    run(job(inp, out, sentences=sent))
    full = out.read_bytes()
    full_sent = pq.read_table(sent)
    lines = full.split(b"\n")
    # a kill in the middle of line 6, after the sentence rows of the whole last chunk were written
    out.write_bytes(b"\n".join(lines[:5]) + b"\n" + lines[5][: len(lines[5]) // 2])
    parts = tmp_path / "sent.parquet.parts"
    parts.mkdir()
    sent.rename(parts / "base.parquet")
    (parts / "part-000099.parquet.tmp").write_bytes(b"PAR1 half a part")
    stats = run(job(inp, out, sentences=sent))
    assert stats.skipped == 5 and stats.analysed == 4
    assert out.read_bytes() == full
    again = pq.read_table(sent)
    assert sorted(zip(again.column("article_id").to_pylist(), again.column("index").to_pylist())) == \
        sorted(zip(full_sent.column("article_id").to_pylist(), full_sent.column("index").to_pylist()))
    assert not parts.exists()
    stats = run(job(inp, out, sentences=sent))  # nothing left to do
    assert stats.analysed == 0 and stats.skipped == 9 and out.read_bytes() == full


def _ids(path: Path) -> list[str]:
    if path.suffix == ".jsonl":
        return [json.loads(x)["id" if "id" in json.loads(x) else "article_id"]
                for x in path.read_text(encoding="utf-8").splitlines()]
    return pq.read_table(path).column(0).to_pylist()


def test_resume_after_sigkill_of_a_real_run(analyzer, tmp_path):
    rows = corpus(24)
    inp = write_input(rows, tmp_path / "in.jsonl")
    out, sent = tmp_path / "out.parquet", tmp_path / "sent.jsonl"
    cmd = [sys.executable, "-m", "bias.cli", "batch", "-i", str(inp), "-o", str(out), "--sentences", str(sent),
           "--chunk-size", "2", "--keep-cols", "outlet"]
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    parts = tmp_path / "out.parquet.parts"
    deadline = time.time() + 240
    while time.time() < deadline and proc.poll() is None:
        if parts.exists() and len(list(parts.glob("part-*.parquet"))) >= 2:
            break
        time.sleep(0.05)
    assert proc.poll() is None, proc.communicate()[1].decode()
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.stdout.read() == b"" and proc.stderr.read() == b""  # off a terminal: nothing but errors
    assert not out.exists()  # killed before the end: only parts
    done_before = len(_ids_parts(parts))
    assert 4 <= done_before < len(rows)
    stats = run(job(inp, out, sentences=sent, chunk_size=2, keep_cols=["outlet"]))  # the same command again
    assert stats.skipped >= done_before and stats.skipped + stats.analysed == len(rows)
    ids = _ids(out)
    assert sorted(ids) == sorted(r["id"] for r in rows) and len(set(ids)) == len(ids)
    t = pq.read_table(out)
    s_ids = [x["article_id"] for x in read_jsonl(sent)]
    per_article = {}
    for i in s_ids:
        per_article[i] = per_article.get(i, 0) + 1
    assert per_article == dict(zip(t.column("id").to_pylist(), t.column("n_sentences").to_pylist()))


def _ids_parts(parts: Path) -> list[str]:
    return [i for p in sorted(parts.glob("part-*.parquet")) for i in pq.read_table(p).column("id").to_pylist()]


def test_group_by_summary_table_csv_and_plot(analyzer, tmp_path):
    rows = corpus(12)
    inp = write_input(rows, tmp_path / "in.csv")
    summary = tmp_path / "by_outlet.csv"
    stats = run(job(inp, tmp_path / "out.parquet", group_by="outlet", summary=summary))
    with open(summary, encoding="utf-8") as f:
        table = list(csv.DictReader(f))
    assert list(table[0]) == summary_columns()
    assert sorted(g["group"] for g in table) == ["Gazette", "Herald", "Tribune"]
    assert all(int(g["articles"]) == 4 for g in table)
    for g in stats.groups:
        for m, _, _ in METRICS:
            if g[f"{m}_mean"] is not None:
                assert g[f"{m}_ci_low"] <= g[f"{m}_mean"] <= g[f"{m}_ci_high"]
    opinion = pq.read_table(tmp_path / "out.parquet").to_pylist()
    herald = [r["opinion_share"] for r in opinion if r["outlet"] == "Herald"]
    g = next(x for x in stats.groups if x["group"] == "Herald")
    assert g["opinion_share_mean"] == pytest.approx(sum(herald) / len(herald))
    png = summary.with_suffix(".png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
