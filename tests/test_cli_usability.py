"""Small things a new user tripped over (issue 19), each checked on the real command."""
import json
import subprocess
import sys

from bias.evaluate import UserColumns, load_user_file, parse_label_map


def run(*args, stdin=None, cwd=None):
    return subprocess.run([sys.executable, "-m", "bias.cli", *args], input=stdin, capture_output=True, text=True,
                          timeout=600, cwd=cwd)


def test_output_into_a_missing_folder_is_refused_before_any_work(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Council Votes\n\nThe council voted 7-2 on Tuesday.", encoding="utf-8")
    for args in (["analyze", str(article), "-o", str(tmp_path / "nope" / "r.json")],
                 ["classify", "--input", str(article), "-o", str(tmp_path / "nope" / "out.jsonl")]):
        res = run(*args)
        assert res.returncode == 2 and "Traceback" not in res.stderr
        assert res.stderr.strip() == f"error: {tmp_path / 'nope' / args[-1].rsplit('/', 1)[1]}: the folder " \
                                     f"{tmp_path / 'nope'} does not exist"


def test_debug_is_listed_in_help():
    assert "--debug" in run("--help").stdout


def test_a_missing_argument_shows_the_usage_line():
    res = run("analyze")
    assert res.returncode == 2 and "Traceback" not in res.stderr
    lines = res.stderr.strip().splitlines()
    assert lines[0].startswith("Usage: bias analyze") and lines[-1].startswith("error: Missing")


def test_classify_says_a_text_that_is_not_a_string_is_not_a_string(tmp_path):
    src = tmp_path / "s.jsonl"
    src.write_text('{"id": 5, "text": 42}\n{"id": 6, "text": ""}\n', encoding="utf-8")
    res = run("classify", "--input", str(src))
    rows = [json.loads(x) for x in res.stdout.splitlines()]
    assert rows == [{"id": 5, "error": "'text' must be a string, not int"}, {"id": 6, "error": "missing or empty 'text'"}]
    assert res.returncode == 1


def test_format_names_are_case_insensitive_and_evaluate_says_when_it_writes_nothing(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Council Votes\n\nThe council voted 7-2 on Tuesday.", encoding="utf-8")
    res = run("analyze", str(article), "-f", "HTML")
    assert res.returncode == 0 and res.stdout.lstrip().lower().startswith("<!doctype html")
    table = tmp_path / "t.csv"
    table.write_text("text,label\nThe council voted 7-2 on Tuesday.,Fact\nThis plan is a disgrace.,OP\n",
                     encoding="utf-8")
    res = run("evaluate", str(table), "--label-map", "fact=reported_fact,op=opinion", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert "nothing was written; pass -o DIR" in res.stderr and not list(tmp_path.glob("*.json"))


def test_label_map_keys_match_labels_in_another_case(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("text,label\nA fact.,Fact\nA view.,OP\n", encoding="utf-8")
    task, data, skipped = load_user_file(str(table), UserColumns(label_map=parse_label_map("fact=reported_fact,"
                                                                                           "op=opinion")))
    assert data["label"] == ["reported_fact", "opinion"]


def test_findings_agree_in_number(analyzer):
    report = analyzer.analyze("Council Votes\n\nThe council voted 7-2 on Tuesday.")
    shares = next(f for f in report.findings if f["id"] == "label_shares")["text"]
    assert shares.startswith("Of 1 body sentence, ") and " 1 are " not in shares and "1 sentences" not in shares
