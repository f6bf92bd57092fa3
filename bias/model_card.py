"""Writes ``MODEL_CARD.md`` from a model folder's ``metrics.json`` and ``config.json``, so no number is typed."""
from __future__ import annotations

import json
from pathlib import Path

TERMS = (
    "The weights are LoRA adapters and a classification head on top of all-mpnet-base-v2 (Apache-2.0) or "
    "all-MiniLM-L6-v2 (Apache-2.0). They were trained on corpora whose licences allow research training and "
    "evaluation but not redistribution of the text (CheckThat!: CC BY-NC-SA 4.0; BABE: AGPL-3.0 repository; PolNeAR: "
    "no data licence stated). No corpus text is contained in the weights' files. Because CheckThat! is CC BY-NC-SA "
    "4.0, we treat the weights as **for non-commercial research use, shared alike** (CC BY-NC-SA 4.0) until they are "
    "retrained on permissively licensed data only; the code of `bias` is MIT."
)


def _fmt_ci(m: dict) -> str:
    lo, hi = m["macro_f1_ci95"]
    return f"{m['macro_f1']:.3f} (95 % CI {lo:.3f}–{hi:.3f})"


def headline_scores(m: dict) -> list[tuple[str, float | None]]:
    """The card's main held-out scores as (name, value) rows; None where a model has no such score."""
    def get(*path):
        x = m
        for k in path:
            if not isinstance(x, dict) or k not in x:
                return None
            x = x[k]
        return x

    rows = [("Gold test, 3-way macro-F1", get("gold_test", "macro_f1")),
            ("Gold dev, 3-way macro-F1", get("gold_dev", "macro_f1")),
            ("CheckThat dev-test, opinion vs rest macro-F1", get("checkthat_dev_test", "macro_f1")),
            ("Gold test, accuracy", get("gold_test", "accuracy")),
            ("Gold test, ECE", get("gold_test", "ece")),
            ("Loaded spans, SemEval-2023 dev partial-credit F1", get("loaded_semeval2023_dev", "partial", "f1")),
            ("Loaded spans, SemEval-2023 dev sentence F1", get("loaded_semeval2023_dev", "sentence", "f1")),
            ("Loaded false alarms, gold-test facts flagged (share)",
             get("loaded_false_alarms_gold_reported_fact", "flagged_share"))]
    for role in ("source", "cue", "content"):
        rows.append((f"Attribution, PolNeAR test {role} overlap F1 (all)",
                     get("attribution_polnear_test", "all", role, "overlap", "f1")))
    rows.append(("Headline style (clickbait) held-out accuracy", get("clickbait_held_out", "accuracy")))
    return rows


def comparison_lines(folder: Path, name: str, m: dict, other_name: str) -> list[str]:
    """A table of this model's main scores beside another model's (read from that model's ``metrics.json``)."""
    other = folder.parent / other_name
    if not (other / "metrics.json").exists():
        return [f"*(No comparison: {other_name} has no metrics.json beside this model.)*", ""]
    om = json.loads((other / "metrics.json").read_text())["metrics"]
    lines = [f"## Beside {other_name}", "",
             f"The same evaluations, from `models/{other_name}/metrics.json` (its own card run); the difference is "
             f"this model minus {other_name}, in points (×100).", "",
             f"| score | {name} | {other_name} | difference |", "|---|---|---|---|"]
    theirs = dict(headline_scores(om))
    for label, v in headline_scores(m):
        o = theirs.get(label)
        if v is None and o is None:
            continue
        fv = "–" if v is None else f"{v:.3f}"
        fo = "–" if o is None else f"{o:.3f}"
        diff = "–" if v is None or o is None else f"{100 * (v - o):+.1f}"
        lines.append(f"| {label} | {fv} | {fo} | {diff} |")
    return lines + [""]


def genre_section(spec: dict) -> list[str]:
    """Markdown lines for the article genre head (``genre_head.json``), from the scores its training recorded
    (``tools/train_genre.py``); ``bias evaluate semeval2023-genre`` reproduces the dev scores."""
    tr, sc = spec.get("training", {}), spec.get("scores", {}).get("semeval2023_dev")
    arts = tr.get("articles", {})
    lines = ["**Article genre head** (`genre_head.json`, `bias/genre.py`): multinomial logistic regression on the "
             f"mean pooled body-sentence vector and {len(spec.get('features', []))} named report features, "
             f"temperature {spec.get('temperature', 1.0):.3f} (calibrated on cross-validated train predictions, "
             f"news reports and opinion pieces weighted equally). Trained on {tr.get('data', '?')}: "
             + ", ".join(f"{v} {k}" for k, v in arts.items()) + f" articles (`{tr.get('command', '')}`)."]
    cv = tr.get("cv", {})
    if cv.get("best_without_weak") and cv.get("best_with_weak"):
        a, b = cv["best_without_weak"], cv["best_with_weak"]
        lines[-1] += (f" Weak labels (PolNeAR train articles as news reports), by 5-fold CV ×2 on SemEval train: "
                      f"without ROC-AUC {a['roc_auc']:.3f} / macro-F1 {a['macro_f1']:.3f}, with "
                      f"{b['roc_auc']:.3f} / {b['macro_f1']:.3f}; "
                      f"{'kept' if cv.get('chosen', {}).get('weak_polnear') else 'not kept'}.")
    lines.append("")
    if sc:
        roc = sc["opinion_vs_reporting_roc_auc"]
        lo, hi = sc["macro_f1_ci95"]
        lines += [f"On SemEval-2023 dev ({sc['n']} articles, none trained on): opinion-vs-reporting ROC-AUC "
                  f"**{roc['value']:.3f}** (95 % CI {roc['ci95'][0]:.3f}–{roc['ci95'][1]:.3f}; "
                  f"{roc['opinion_articles']} opinion vs {roc['reporting_articles']} reporting), 3-way macro-F1 "
                  f"**{sc['macro_f1']:.3f}** (95 % CI {lo:.3f}–{hi:.3f}), accuracy {sc['accuracy']:.3f}, "
                  f"ECE {sc['ece']:.3f}.", "", "| genre | precision | recall | F1 | support |", "|---|---|---|---|---|"]
        lines += [f"| {k} | {v['precision']:.3f} | {v['recall']:.3f} | {v['f1']:.3f} | {v['support']} |"
                  for k, v in sc["per_class"].items()]
        lines.append("")
    return lines


def write_model_card(folder: Path, interim_note: str = "", compare_to: str | None = None) -> Path:
    """``compare_to`` (default: the ``compare_to`` key of the model's config.json) names a model folder beside this
    one whose scores the card shows next to this model's."""
    folder = Path(folder)
    data = json.loads((folder / "metrics.json").read_text())
    cfg = json.loads((folder / "config.json").read_text())
    tr, m = data["training"], data["metrics"]
    size = sum(p.stat().st_size for p in folder.iterdir() if p.is_file() and p.suffix in {".safetensors", ".json"})
    lines = [f"# Model card: {cfg.get('name', folder.name)}", ""]
    if interim_note:
        lines += [f"> **{interim_note}**", ""]
    lines += [
        "Generated by `bias/model_card.py` from `metrics.json`; do not edit by hand. Every score below is "
        f"regenerated by `bias evaluate card --model models/{folder.name}` (add `--output DIR` for the per-evaluation "
        "predictions and plots).",
        "",
        "## What it does",
        "Labels each sentence of a news article `reported_fact`, `attributed_claim` or `opinion` (definitions: "
        "`docs/annotation.md`), reading it in a window of its neighbours, with temperature-calibrated probabilities.",
        "",
        "## How it was trained",
        f"- Command: `{tr['command']}` (bias {tr['bias_version']}, seed {tr['seed']})",
        f"- Base encoder: {tr['encoder']} (frozen; sha256-checked); LoRA r={tr['lora_r']} on the linear layers of "
        f"layers ≥ {tr['lora_from_layer']}, plus a linear sentence head over mean-pooled sentence tokens",
        f"- {tr['epochs']} epochs, {tr['steps']} steps, lr {tr['lr']}, ≤ {tr['batch_tokens']} padded tokens per "
        f"batch, bf16 autocast: {tr['bf16']}; {tr['train_minutes']} min on {tr['machine']}"
        + (f" (resumed from the step-{tr['resumed_from_step']} checkpoint; {tr['resumed_note']})"
           if tr.get("resumed_from_step") and tr.get("resumed_note") else
           f" (resumed from the step-{tr['resumed_from_step']} checkpoint)" if tr.get("resumed_from_step") else ""),
        f"- Labelled training sentences by source (partial labels, see `bias/corpora/training.py`): "
        f"{tr['labelled_sentences']}; {tr['windows']} windows",
        f"- Gold-set articles removed from every training source: {tr['gold_articles_removed_from_training']}",
    ]
    dd = tr.get("distillation")
    if dd:
        lines.append(
            f"- Distilled from {dd['teacher']}: its calibrated sentence probabilities and token-head probabilities "
            f"(re-aligned to this encoder's tokens by character offsets) on {dd['teacher_sentences']} sentences of "
            f"unlabelled news articles ({dd.get('teacher_sources')}; gold articles and every evaluation set excluded; "
            f"`tools/teacher_signal.py`), soft cross-entropy weights {dd['weight']} (sentence) and {dd['token_weight']} "
            f"(each token head), temperature {dd['temperature']}, beside the labelled data above")
    lines += [
        f"- Calibration: temperature {m['temperature']:.3f} fitted on {m['calibration_set']}",
    ]
    oo = m.get("opinion_offset")
    if oo:
        row = oo["grid"][str(oo["chosen"])]
        lines.append(
            f"- Opinion offset: {oo['chosen']:+.2f} added to the opinion logit, chosen on {oo['checkthat_held_out']} "
            f"CheckThat train+dev sentences held out of training ({tr.get('checkthat_holdout')} of them) together with "
            f"gold dev (CheckThat macro-F1 there {row['checkthat_held_out_macro_f1']:.3f}, at 0: "
            f"{oo['grid']['0.0']['checkthat_held_out_macro_f1']:.3f})")
    lines += [
        f"- Files: {size / 1e6:.1f} MB (adapters and head in fp16)",
        "",
        "## Training data and licences",
    ]
    lines += [f"- {s}" for s in tr["sources"]]
    lines += ["", "## Terms for the weights", TERMS, "", "## Scores (held-out data only)", ""]
    ct = m.get("checkthat_dev_test")
    if ct:
        lines += [
            "**CheckThat! 2025 dev-test** (= 2024 test, 484 sentences; never trained or tuned on), `opinion` vs the "
            f"rest: macro-F1 {_fmt_ci(ct)}; SUBJ P/R/F1 {ct['subj']['precision']:.3f}/{ct['subj']['recall']:.3f}/"
            f"{ct['subj']['f1']:.3f}. Reference: 2024 winner 0.7442.",
            "",
        ]
    for split in ("gold_dev", "gold_test"):
        g = m.get(split)
        if not g:
            continue
        lines += [f"**Gold {split.split('_')[1]} split** ({g['n']} sentences; by article): macro-F1 {_fmt_ci(g)}, "
                  f"accuracy {g['accuracy']:.3f}, ECE {g['ece']:.3f}", "",
                  "| label | precision | recall | F1 | support |", "|---|---|---|---|---|"]
        for lab, v in g["per_class"].items():
            lines.append(f"| {lab} | {v['precision']:.3f} | {v['recall']:.3f} | {v['f1']:.3f} | {v['support']} |")
        cm = g["confusion_matrix"]
        lines += ["", "Confusion matrix (rows: gold, columns: predicted): " + ", ".join(cm["labels"]), ""]
        lines += ["    " + " ".join(f"{x:5d}" for x in row) for row in cm["rows_true_cols_pred"]]
        lines.append("")
    lt = m.get("loaded_semeval2023_dev")
    if lt:
        d = m["loaded_ptc_dev"]
        lines += [
            f"**Loaded phrasing** (token head; techniques trained: `{tr.get('loaded_techniques')}`; threshold "
            f"{lt['threshold']} tuned on PTC dev for the head alone, partial-credit F1 there {d['partial']['f1']:.3f}).",
            "",
            "SemEval-2023 dev (= PTC test articles; never trained or tuned on), `Loaded_Language`; the spans scored are "
            "the shipped ones, the head's and the insinuation rule's (docs/loaded.md):",
            "",
            "| measure | precision | recall | F1 |", "|---|---|---|---|",
            f"| spans, exact | {lt['exact']['precision']:.3f} | {lt['exact']['recall']:.3f} | {lt['exact']['f1']:.3f} |",
            f"| spans, partial credit (SemEval-2020 T11 SI) | {lt['partial']['precision']:.3f} | "
            f"{lt['partial']['recall']:.3f} | {lt['partial']['f1']:.3f} |",
            f"| sentences containing loaded language | {lt['sentence']['precision']:.3f} | "
            f"{lt['sentence']['recall']:.3f} | {lt['sentence']['f1']:.3f} |",
            "",
            f"False alarms: {100 * m['loaded_false_alarms_checkthat_obj']['flagged_share']:.1f} % of CheckThat OBJ "
            f"dev-test sentences (n={m['loaded_false_alarms_checkthat_obj']['n']}) and "
            f"{100 * m['loaded_false_alarms_gold_reported_fact']['flagged_share']:.1f} % of gold-test "
            f"`reported_fact` sentences (n={m['loaded_false_alarms_gold_reported_fact']['n']}) get a loaded span.",
            "",
        ]
    at = m.get("attribution_polnear_test")
    if at:
        lines += [f"**Attribution spans** (token head), PolNeAR test ({at['articles']} articles; never trained or tuned "
                  "on):", "",
                  "| attributions | role | exact P | exact R | exact F1 | overlap P | overlap R | overlap F1 |",
                  "|---|---|---|---|---|---|---|---|"]
        for subset in ("all", "reporting"):
            for role in ("source", "cue", "content"):
                x = at[subset][role]
                lines.append(f"| {subset} | {role} | {x['exact']['precision']:.3f} | {x['exact']['recall']:.3f} | "
                             f"{x['exact']['f1']:.3f} | {x['overlap']['precision']:.3f} | "
                             f"{x['overlap']['recall']:.3f} | {x['overlap']['f1']:.3f} |")
        lines.append("")
    st = m.get("attribution_strength")
    if st:
        wo, wi = m["gold_test_without_attribution_evidence"], m["gold_test_with_attribution_evidence"]
        lines += [f"**Attribution evidence in the sentence label**: strength {st['chosen']} chosen on gold dev "
                  f"(grid {st['grid_gold_dev_macro_f1']}). Gold test macro-F1 without it {_fmt_ci(wo)}, with it "
                  f"{_fmt_ci(wi)}; `attributed_claim` F1 {wo['per_class']['attributed_claim']['f1']:.3f} → "
                  f"{wi['per_class']['attributed_claim']['f1']:.3f}; ECE {wo['ece']:.3f} → {wi['ece']:.3f}. "
                  "The gold-split tables above are labelled as `bias analyze` labels them, with this evidence applied.", ""]
    ck = m.get("attribution_check")
    if ck:
        r, pl = ck["rules"], ck["pipeline"]
        lines += [f"**Attribution check set** (hand-labelled, `data/attribution_check/`): rules on the annotated "
                  f"spans: source type accuracy {r['source_type']['accuracy']:.3f} (n={r['source_type']['n']}), "
                  f"cue stance accuracy {r['cue_stance']['accuracy']:.3f} (n={r['cue_stance']['n']}). Whole "
                  f"pipeline: {pl['cues_found']} of {pl['cues']} annotated cues found; on those, source type "
                  f"accuracy {pl['source_type']['accuracy']:.3f} (n={pl['source_type']['n']}), cue stance "
                  f"accuracy {pl['cue_stance']['accuracy']:.3f}.", ""]
    cb = m.get("clickbait_held_out")
    if cb:
        lines += [f"**Headline style** (clickbait head: logistic regression on the frozen encoder's pooled headline "
                  f"vector, fitted after training on {tr['clickbait_head']['fitted_on']} lower-cased Stop Clickbait "
                  f"headlines; MIT): on {cb['n']} held-out headlines accuracy {cb['accuracy']:.3f}, F1 "
                  f"{cb['f1_clickbait']:.3f}, ROC-AUC {cb['roc_auc']:.3f}. It is one signal of the headline's "
                  "sensationalism (`docs/loaded.md`).", ""]
    gn = m.get("genre_semeval2023_dev")
    if gn and gn["opinion_articles"] and gn["reporting_articles"]:
        lines += [f"**Article genre sanity check** (SemEval-2023 dev, {gn['opinion_articles']} opinion vs "
                  f"{gn['reporting_articles']} reporting articles): ROC-AUC of the report's indices "
                  "(`docs/report.md`) for telling them apart:", "", "| index | ROC-AUC | 95 % CI |", "|---|---|---|"]
        lines += [f"| {k} | {v['value']:.3f} | {v['ci95'][0]:.3f}–{v['ci95'][1]:.3f} |" for k, v in gn["roc_auc"].items()]
        lines.append("")
    head_path = folder / "genre_head.json"
    if head_path.is_file():
        lines += genre_section(json.loads(head_path.read_text(encoding="utf-8")))
    if split == "gold_test" and not m.get("gold_test"):
        lines += ["No gold-set scores yet: the gold set was not available when this model was trained.", ""]
    compare_to = compare_to or cfg.get("compare_to")
    if compare_to:
        lines += comparison_lines(folder, cfg.get("name", folder.name), m, compare_to)
    path = folder / "MODEL_CARD.md"
    path.write_text("\n".join(lines) + "\n")
    return path
