"""`bias evaluate`: named corpora and user files, metrics, output files, and one-line errors for bad input."""
import json
import subprocess
import sys

import pytest

from bias.errors import BiasInputError
from bias.evaluate import DATASETS, UserColumns, load_named, outlet_breakdown, parse_label_map, prepare, run

ROWS = [("1", "The council voted 7-2 on Tuesday to raise parking fees.", "fact", "A"),
        ("2", "This plan is a disgrace and the council should be ashamed.", "op", "B"),
        ("3", "The mayor said the plan would save the city money.", "claim", "A"),
        ("4", "Rents rose 4 percent last year, according to census figures.", "claim", "B"),
        ("5", "Frankly, the whole scheme is a cynical cash grab.", "op", "A"),
        ("6", "The new fees take effect in March.", "fact", "B")]
MAP = "fact=reported_fact,claim=attributed_claim,op=opinion"


@pytest.fixture
def user_csv(tmp_path):
    import csv

    path = tmp_path / "mine.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["sid", "sentence", "gold", "paper"])
        w.writerows(ROWS)
    return path


def cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "bias.cli", "evaluate", *args], capture_output=True, timeout=600,
                          cwd=cwd)


def test_user_csv_with_its_own_label_names(user_csv, tmp_path):
    out = tmp_path / "out"
    res = cli(str(user_csv), "--text-col", "sentence", "--label-col", "gold", "--label-map", MAP, "--id-col", "sid",
              "--outlet-col", "paper", "-o", str(out))
    assert res.returncode == 0, res.stderr.decode()
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["task"] == "sentences" and metrics["rows"] == len(ROWS)
    m = metrics["metrics"]
    assert sum(map(sum, m["confusion_matrix"]["rows_true_cols_pred"])) == len(ROWS)
    assert 0.0 <= m["macro_f1"] <= 1.0 and len(m["macro_f1_ci95"]) == 2
    assert set(m["outlets"]["by_outlet"]) == {"A", "B"}
    preds = [json.loads(line) for line in (out / "predictions.jsonl").read_text().splitlines()]
    assert [p["id"] for p in preds] == [r[0] for r in ROWS]
    for name in ("confusion_matrix.png", "reliability.png"):
        assert (out / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "macro-F1" in res.stdout.decode()


def test_binary_labels_run_as_subjectivity(analyzer, tmp_path):
    path = tmp_path / "subj.jsonl"
    path.write_text("".join(json.dumps({"text": t, "label": "SUBJ" if lab == "op" else "OBJ", "outlet": o}) + "\n"
                            for _, t, lab, o in ROWS))
    result = run(analyzer, prepare(str(path), columns=UserColumns(outlet="outlet")))
    assert result["task"] == "subjectivity"
    m = result["metrics"]
    assert m["n"] == len(ROWS) and sum(map(sum, m["confusion_matrix"]["rows_true_cols_pred"])) == len(ROWS)
    assert "outlets" in m


@pytest.mark.parametrize("content,args,message", [
    ("", [], "the file is empty"),
    ("text,label\n", [], "no rows"),
    ("sentence,gold\nA b c.,fact\n", [], "no column --text-col 'text', --label-col 'label'"),
    ("text,label\nA b c.,fact\n", [], "unknown labels 'fact'"),
    ("text,label\nA b c.,fact\n", ["--label-map", "fact"], "not of the form theirs=ours"),
    ("text,label\nA b c.,fact\n", ["--label-map", "fact=truth"], "not one of"),
])
def test_bad_user_files_give_one_line_errors(tmp_path, content, args, message):
    path = tmp_path / "bad.csv"
    path.write_text(content)
    res = cli(str(path), *args)
    err = res.stderr.decode().strip()
    assert res.returncode == 2 and "Traceback" not in err
    assert len(err.splitlines()) == 1 and err.startswith("error:") and message in err, err


def test_unknown_dataset_and_split():
    with pytest.raises(BiasInputError, match="neither a file nor a known dataset"):
        prepare("nonexistent-corpus")
    with pytest.raises(BiasInputError, match="no split"):
        prepare("gold", "train")


def test_label_map_targets_are_checked():
    assert parse_label_map("a=opinion, b=not_opinion,c=skip") == {"a": "opinion", "b": "not_opinion", "c": "skip"}
    with pytest.raises(BiasInputError):
        parse_label_map("a=biased")


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_named_corpora_load_in_their_task_columns(datasets_root, name):
    spec = DATASETS[name]
    ds = load_named(name, spec.default_split, datasets_root)
    needed = {"sentences": {"spans", "text"}, "subjectivity": {"text", "label"}, "loaded": {"text", "spans"},
              "attribution": {"text", "attributions"}, "genre": {"text", "genre"},
              "ledger": {"text", "sources"}}[spec.task]
    assert len(ds) > 0 and needed <= set(ds.column_names)


def test_loaded_attribution_and_genre_runners_on_a_few_articles(analyzer, datasets_root):
    loaded = run(analyzer, prepare("semeval2023", "dev", root=datasets_root, limit=2))["metrics"]
    assert loaded["n_gold"] > 0 and 0 <= loaded["partial"]["f1"] <= 1
    attribution = run(analyzer, prepare("polnear", "test", root=datasets_root, limit=2))["metrics"]
    assert attribution["articles"] == 2 and attribution["all"]["source"]["n_gold"] > 0
    genre = prepare("semeval2023-genre", "dev", root=datasets_root)
    keep = [i for g in ("opinion", "reporting") for i in [j for j, r in enumerate(genre.data["genre"]) if r == g][:2]]
    genre.data = genre.data.select(keep)
    m = run(analyzer, genre)["metrics"]
    assert m["opinion_articles"] == 2 and m["reporting_articles"] == 2
    assert all(0 <= v["value"] <= 1 for v in m["roc_auc"].values())


def test_outlet_symmetry_flags_a_skewed_outlet():
    import numpy as np

    outlets = ["left"] * 20 + ["right"] * 20
    y = np.zeros(40, dtype=int)
    pred = np.array([0] * 20 + [1] * 10 + [0] * 10)
    b = outlet_breakdown(outlets, y, pred)
    assert b["by_outlet"]["right"]["opinion_false_positive_rate"] == 0.5
    assert b["symmetry"]["false_positive_rate_spread"] == 0.5 and b["symmetry"]["highest"] == "right"


def _word_tokens(text: str, loaded_words: set[str]):
    """A TokenOutput with one token per word, LOADED probability 0.9 for the given words and 0.1 elsewhere."""
    import re

    import numpy as np

    from bias.classify import TokenOutput

    words = list(re.finditer(r"\w+", text))
    p = np.array([[0.1, 0.9] if m.group() in loaded_words else [0.9, 0.1] for m in words])
    return TokenOutput([m.span() for m in words], {"loaded": p})


def test_judged_false_alarms_count_only_spans_the_reader_rejected():
    from bias.evaluators import JudgedLoadedEvaluator

    text = "The regime fell. He told a brazen lie today. Prices rose sharply. Critics called it a disaster."
    spans = [{"start": 0, "end": 16, "label": "reported_fact"}, {"start": 17, "end": 44, "label": "reported_fact"},
             {"start": 45, "end": 65, "label": "reported_fact"}, {"start": 66, "end": 95, "label": "opinion"}]
    row = {"corpus": "c", "article_id": "1", "primary": "1"}
    judgements = [  # "regime" loaded; in "brazen lie" only "brazen"; "disaster" judged not loaded; "sharply" unjudged
        {**row, "span_start": "4", "span_end": "10", "loaded": "4-10"},
        {**row, "span_start": "27", "span_end": "37", "loaded": "27-33"},
        {**row, "span_start": "86", "span_end": "94", "loaded": ""},
        {**row, "span_start": "86", "span_end": "94", "loaded": "86-94", "primary": "0"}]  # the second reader's
    ev = JudgedLoadedEvaluator([{"corpus": "c", "article_id": "1", "text": text, "spans": spans}], judgements)
    sents = [text[s["start"]:s["end"]] for s in spans]
    both = [[_word_tokens(s, {"regime", "brazen", "lie", "sharply", "disaster"}) for s in sents]]
    m = ev.score(both, 0.5)
    assert (m["facts"], m["spans"], m["unjudged"], m["judged_loaded"]) == (3, 4, 1, 2)
    assert m["facts_flagged_n"] == 3 and m["facts_false_alarm_n"] == 0  # unjudged and opinion spans are no alarm
    only_lie = [[_word_tokens(s, {"regime", "lie"}) for s in sents]]
    assert ev.score(only_lie, 0.5)["facts_false_alarm_n"] == 1  # "lie" alone holds no word judged loaded
    assert ev.score(both, 0.95)["facts_flagged"] == 0.0


def test_stored_loaded_judgements_fit_the_gold_dev_articles(datasets_root):
    from collections import Counter

    from bias.corpora.gold import load_gold, read_tsv
    from bias.evaluators import LOADED_CHECK_TSV, JudgedLoadedEvaluator

    texts = {f"{a['corpus']}:{a['article_id']}": a["text"] for a in load_gold("dev", datasets_root)}
    rows = read_tsv(LOADED_CHECK_TSV)
    for r in rows:  # spans and loaded ranges cut no word of the article they point into
        text = texts[f"{r['corpus']}:{r['article_id']}"]
        bounds = [(int(r["span_start"]), int(r["span_end"]))] + [
            tuple(map(int, x.split("-"))) for x in r["loaded"].split(";") if x]
        for a, b in bounds:
            assert a < b and (a == 0 or not text[a - 1].isalnum()) and (b == len(text) or not text[b].isalnum())
        assert (r["verdict"] == "not_loaded") == (r["loaded"] == "")
    assert Counter(r["verdict"] for r in rows if r["primary"] == "1") == {"loaded": 84, "partly": 27, "not_loaded": 66}
    ev = JudgedLoadedEvaluator.from_repo(datasets_root)
    for sents, judged, loaded in ev.articles:
        for a, b in judged:  # each judged span lies inside one gold-dev sentence
            assert any(s <= a and b <= s + len(t) for s, t, _ in sents)
        for la, lb in loaded:  # each loaded range lies inside a judged span
            assert any(a <= la and lb <= b for a, b in judged)


def test_ledger_check_counts_splits_merges_clipped_names_and_non_sources():
    """LedgerCheckEvaluator on a made-up article and ledger (no model)."""
    from types import SimpleNamespace

    from bias.attribution import LedgerEntry
    from bias.evaluators import LedgerCheckEvaluator

    text = ("Jane Roe said the plan works. Roe added that it was cheap. Officials familiar with it said no. "
            "Mueller has not charged anyone. The Post said so.")

    def at(words, after=0):
        start = text.index(words, after)
        return {"sentence": 0, "start": start, "end": start + len(words), "text": words}

    def mention(sid, name, types, m):
        return {"source_id": sid, "source": name, "types": types, "optional": False, "start": m["start"],
                "end": m["end"], "mention": m["text"]}

    roe1, roe2, officials = at("Jane Roe"), at("Roe", 10), at("Officials familiar with it")
    sources = [mention(0, "Jane Roe", ["named"], roe1), mention(0, "Jane Roe", ["named"], roe2),
               mention(1, "officials", ["anonymous"], officials),
               mention(2, "The Post", ["media_outlet"], at("The Post"))]
    ev = LedgerCheckEvaluator([{"corpus": "c", "article_id": "1", "text": text, "sources": sources}])
    ledger = [LedgerEntry(0, "Jane Roe", "named", [roe1]),
              LedgerEntry(1, "Roe added", "named", [roe2]),  # a second entry of Jane Roe, and a clipped name
              LedgerEntry(2, "Officials familiar with it", "named", [officials]),  # the wrong type
              LedgerEntry(3, "Mueller", "named", [at("Mueller")]),  # an act, not a source
              LedgerEntry(4, "Roe and officials", "named", [roe1, officials])]  # two sources in one entry
    m = ev.score({"c:1": SimpleNamespace(text=text, ledger=ledger)})
    assert (m["entries"], m["split"], m["merge"], m["clipped"], m["non_source"], m["missed"]) == (5, 3, 1, 2, 1, 1)
    assert m["per_article"]["c:1"]["missed"] == ["The Post"]
    assert (m["typed_entries"], m["type_accuracy"]) == (3, pytest.approx(2 / 3))


def test_ledger_check_runs_as_a_named_evaluation(analyzer, datasets_root):
    with pytest.raises(BiasInputError, match="no split"):
        prepare("ledger-check", "train", root=datasets_root)
    result = run(analyzer, prepare("ledger-check", "dev", root=datasets_root, limit=2))
    m = result["metrics"]
    assert result["task"] == "ledger" and result["held_out"] is False and m["articles"] == 2
    assert m["entries"] > 0 and m["sources"] > 0 and 0 <= m["type_accuracy"] <= 1
    assert "per_article" not in m  # per-article verdicts are predictions, not metrics
