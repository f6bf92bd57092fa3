"""The `bias` command on real files: output formats, and one-line errors for bad input."""
import json
import subprocess
import sys

import pytest


def run(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "bias.cli", *args], input=stdin, capture_output=True, timeout=600)


def assert_one_line_error(res):
    assert res.returncode != 0
    err = res.stderr.decode()
    assert "Traceback" not in err
    assert err.strip().startswith("error:") and len(err.strip().splitlines()) == 1, err


def test_analyze_json_on_seed(tmp_path, seed_text):
    src = tmp_path / "seed.txt"
    src.write_text(seed_text, encoding="utf-8")
    out = tmp_path / "r.json"
    res = run("analyze", str(src), "--format", "json", "-o", str(out))
    assert res.returncode == 0, res.stderr.decode()
    data = json.loads(out.read_text())
    assert data["tool"]["name"] == "bias" and len(data["tool"]["input_sha256"]) == 64
    assert data["text"] == seed_text.replace("\r\n", "\n")
    assert {s["label"] for s in data["sentences"]} <= {"reported_fact", "attributed_claim", "opinion"}


def test_analyze_reads_stdin():
    res = run("analyze", "-", "--format", "json", stdin="Council Votes\n\nThe council voted 7-2 on Tuesday.".encode())
    assert res.returncode == 0, res.stderr.decode()
    assert len(json.loads(res.stdout)["sentences"]) == 2


@pytest.mark.parametrize("content,flags", [
    (b"", []),
    (b"   \n\n  ", []),
    (b"\x00\x01\x02binary\x00data", []),
    ("caf\u00e9 news".encode("latin-1"), []),
    (b"A sentence. " * 100, ["--max-bytes", "500"]),
])
def test_bad_files_give_one_line_errors(tmp_path, content, flags):
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    assert_one_line_error(run("analyze", str(f), *flags))


def test_missing_path_and_bad_option():
    assert_one_line_error(run("analyze", "/no/such/article.txt"))
    assert_one_line_error(run("analyze", "-", "--format", "pdf", stdin=b"Some text."))


def test_size_limit_can_be_raised(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Headline Here\n\n" + "The council met on Tuesday. " * 30)
    assert_one_line_error(run("analyze", str(f), "--max-bytes", "100"))
    assert run("analyze", str(f), "--max-bytes", "100000", "--format", "json").returncode == 0


def test_classify_jsonl_keeps_every_id(tmp_path):
    lines = [
        json.dumps({"id": "a", "text": "The council voted 7-2 on Tuesday."}),
        json.dumps({"id": 2, "text": "It will take two years.",
                    "context": {"before": "“We will rebuild the bridge.", "after": "”, she said."}}),
        "{not json",
        json.dumps({"id": "c", "text": ""}),
        json.dumps({"text": "no id here"}),
        json.dumps({"id": "d", "text": "Fine.", "context": "wrong type"}),
    ]
    inp = tmp_path / "in.jsonl"
    inp.write_text("\n".join(lines) + "\n")
    out = tmp_path / "out.jsonl"
    res = run("classify", "--input", str(inp), "--output", str(out))
    assert_one_line_error(res)  # some lines failed: non-zero exit, one summary line
    rows = [json.loads(x) for x in out.read_text().splitlines()]
    assert len(rows) == len(lines)
    assert [r.get("id") for r in rows] == ["a", 2, None, "c", None, "d"]
    assert rows[0]["label"] in {"reported_fact", "attributed_claim", "opinion"}
    assert set(rows[1]["probs"]) == {"reported_fact", "attributed_claim", "opinion"}
    assert all("error" in r for r in rows[2:])
    assert rows[2]["line"] == 3


def test_classify_missing_and_binary_input(tmp_path):
    assert_one_line_error(run("classify", "--input", str(tmp_path / "none.jsonl")))
    b = tmp_path / "b.jsonl"
    b.write_bytes(b"\x00\xff\x00")
    assert_one_line_error(run("classify", "--input", str(b)))


@pytest.mark.parametrize("fmt,check", [
    ("csv", lambda out: out.splitlines()[0].startswith("index,kind,")),
    ("html", lambda out: out.lstrip().lower().startswith("<!doctype html") and "s-1" in out),
])
def test_analyze_other_formats(tmp_path, seed_text, fmt, check):
    src = tmp_path / "seed.txt"
    src.write_text(seed_text, encoding="utf-8")
    out = tmp_path / f"r.{fmt}"
    res = run("analyze", str(src), "--format", fmt, "-o", str(out))
    assert res.returncode == 0, res.stderr.decode()
    assert check(out.read_text(encoding="utf-8"))
