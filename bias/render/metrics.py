"""Terminal rendering of an evaluation run's metrics (rich tables)."""
from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text


def _f(x, digits: int = 3) -> str:
    return "—" if x is None else f"{x:.{digits}f}"


def _ci(m: dict, key: str = "macro_f1") -> str:
    lo, hi = m[f"{key}_ci95"]
    return f"{m[key]:.3f} ({lo:.3f}–{hi:.3f})"


def render_metrics(result: dict, console: Console) -> None:
    m, task = result["metrics"], result["task"]
    title = f"{result['dataset']}{' ' + result['split'] if result.get('split') else ''} · {task} · " \
            f"model {result['model']} · {result['rows']} rows"
    console.print(Text(title, style="bold"))
    if result.get("warning"):
        console.print(Text(f"warning: {result['warning']}", style="yellow"))
    if task == "sentences":
        console.print(_prf_table("label", [(lab, v) for lab, v in m["per_class"].items()], support=True))
        console.print(f"macro-F1 {_ci(m)} (95 % bootstrap CI) · accuracy {_f(m['accuracy'])} · ECE {_f(m['ece'])}")
        _confusion(m["confusion_matrix"], console)
    elif task == "subjectivity":
        console.print(_prf_table("class", [("SUBJ (opinion)", m["subj"]), ("OBJ (rest)", m["obj"])]))
        console.print(f"macro-F1 {_ci(m)} (95 % bootstrap CI) · ECE (binary) {_f(m['ece_binary'])}")
        _confusion(m["confusion_matrix"], console)
    elif task == "loaded":
        console.print(_prf_table("measure", [("spans, exact", m["exact"]), ("spans, partial credit", m["partial"]),
                                             ("sentences with loaded language", m["sentence"])]))
        console.print(f"threshold {m['threshold']} · {m['n_gold']} gold spans, {m['n_pred']} predicted")
    elif task == "attribution":
        t = Table(show_edge=False)
        for col in ("attributions", "role", "exact P", "exact R", "exact F1", "overlap P", "overlap R", "overlap F1"):
            t.add_column(col, justify="left" if col in ("attributions", "role") else "right")
        for subset in ("all", "reporting"):
            for role in ("source", "cue", "content"):
                x = m[subset][role]
                t.add_row(subset, role, *(_f(x[k][s]) for k in ("exact", "overlap")
                                          for s in ("precision", "recall", "f1")))
        console.print(t)
    elif task == "genre":
        head = m.get("genre_head")
        if head:
            console.print(_prf_table("genre", list(head["per_class"].items()), support=True))
            roc = head["opinion_vs_reporting_roc_auc"]
            console.print(f"genre head: macro-F1 {_ci(head)} (95 % bootstrap CI) · accuracy {_f(head['accuracy'])} · "
                          f"ECE {_f(head['ece'])} · opinion-vs-reporting ROC-AUC {_f(roc['value'])}"
                          + (f" ({roc['ci95'][0]:.3f}–{roc['ci95'][1]:.3f})" if roc["ci95"] else ""))
            _confusion(head["confusion_matrix"], console)
        else:
            console.print(Text("the model has no genre head (genre_head.json): only the indices are scored",
                               style="yellow"))
        t = Table(show_edge=False)
        for col in ("index", "ROC-AUC", "95 % CI"):
            t.add_column(col, justify="left" if col == "index" else "right")
        for k, v in m["roc_auc"].items():
            t.add_row(k, _f(v["value"]), f"{v['ci95'][0]:.3f}–{v['ci95'][1]:.3f}" if v["ci95"] else "—")
        console.print(t)
        console.print(f"indices: {m['opinion_articles']} opinion vs {m['reporting_articles']} reporting articles "
                      f"(satire left out: {m['left_out']['satire']})")
    elif task == "ledger":
        t = Table(show_edge=False)
        t.add_column("ledger")
        t.add_column("count", justify="right")
        for label, key in (("articles", "articles"), ("true sources", "sources"),
                           ("required sources", "required_sources"), ("entries", "entries"),
                           ("split (extra entries of a source)", "split"), ("merged (two or more sources)", "merge"),
                           ("split + merged", "split_plus_merge"), ("clipped names", "clipped"),
                           ("non-sources", "non_source"), ("missed sources", "missed")):
            t.add_row(label, str(m[key]))
        console.print(t)
        console.print(f"type accuracy {_f(m['type_accuracy'])} over {m['typed_entries']} entries of one source")
    for key in ("outlets", "leanings"):
        if key in m:
            _outlets(m[key], console, key)


def _prf_table(first: str, rows: list[tuple[str, dict]], support: bool = False) -> Table:
    t = Table(show_edge=False)
    t.add_column(first)
    for col in ("precision", "recall", "F1") + (("support",) if support else ()):
        t.add_column(col, justify="right")
    for name, v in rows:
        t.add_row(name, _f(v["precision"]), _f(v["recall"]), _f(v["f1"]), *((str(v["support"]),) if support else ()))
    return t


def _confusion(cm: dict, console: Console) -> None:
    t = Table(title="confusion matrix (rows: gold, columns: predicted)", show_edge=False, title_justify="left")
    t.add_column("")
    for lab in cm["labels"]:
        t.add_column(lab, justify="right")
    for lab, row in zip(cm["labels"], cm["rows_true_cols_pred"]):
        t.add_row(lab, *map(str, row))
    console.print(t)


def _outlets(b: dict, console: Console, key: str) -> None:
    t = Table(title=f"by {key[:-1]}: opinion calls on non-opinion sentences", show_edge=False, title_justify="left")
    for col in (key[:-1], "n", "gold opinion", "predicted opinion", "false-positive rate"):
        t.add_column(col, justify="left" if col == key[:-1] else "right")
    for name, v in sorted(b["by_outlet"].items(), key=lambda kv: -kv[1]["n"])[:15]:
        t.add_row(name or "(none)", str(v["n"]), _f(v["gold_opinion_share"], 2), _f(v["predicted_opinion_share"], 2),
                  _f(v["opinion_false_positive_rate"], 2))
    console.print(t)
    s = b["symmetry"]
    if s["false_positive_rate_spread"] is not None:
        console.print(f"symmetry: false-positive rate spread {s['false_positive_rate_spread']:.3f} over "
                      f"{s['outlets_compared']} {key} with ≥ {s['min_non_opinion_n']} non-opinion sentences "
                      f"(highest {s['highest']}, lowest {s['lowest']})")
