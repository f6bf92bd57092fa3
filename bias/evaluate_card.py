"""`bias evaluate card`: every held-out score in a model card, from one command.

Runs each evaluation of :mod:`bias.evaluate` that the card reports, writes its output folder (metrics, predictions,
plots) when ``output`` is given, merges the scores into the model's ``metrics.json`` beside the choices made while
training (temperature, loaded threshold, attribution strength: the ``tuning`` keys, which are kept), and rewrites
``MODEL_CARD.md``. Nothing here tunes anything: it reads the model as shipped.
"""
from __future__ import annotations

import json
from pathlib import Path

from .evaluate import load_named, run_attribution, run_genre, run_loaded, run_sentences, run_subjectivity, \
    write_outputs

TUNING_KEYS = ("calibration_set", "temperature", "loaded_ptc_dev", "attribution_strength")


def _limit(ds, limit):
    return ds.select(range(min(limit, len(ds)))) if limit else ds


def loaded_false_alarms(analyzer, texts_per_article: list[list[str]], keep: list[list[bool]]) -> dict:
    """Share of the kept sentences (factual ones) that get at least one loaded span, read in their articles."""
    from .loaded import decode_spans

    threshold = analyzer.classifier.model.config.thresholds.get("loaded", 0.5)
    n = flagged = 0
    outputs = analyzer.classifier.predict_articles_with_tokens(texts_per_article)
    for sents, mask, (_, toks) in zip(texts_per_article, keep, outputs):
        for t, k, tk in zip(sents, mask, toks):
            if k:
                n += 1
                flagged += bool(decode_spans(t, tk.offsets, tk.probs["loaded"][:, 1], threshold))
    return {"n": n, "flagged_share": flagged / max(1, n), "threshold": threshold}


def clickbait_metrics(analyzer, fit: dict, root=None) -> dict:
    """The clickbait head on the fifth of the sampled headlines it was not fitted on."""
    from sklearn.metrics import f1_score, roc_auc_score

    from .classify import ContextItem
    from .corpora.clickbait import clickbait_split

    _, _, texts, y = clickbait_split(fit["per_class"], fit["seed"], root)
    _, tokens = analyzer.classifier.predict_items_with_tokens([ContextItem(t) for t in texts])
    p = [float(t.sentence["clickbait"][1]) for t in tokens]
    pred = [int(x >= 0.5) for x in p]
    return {"n": len(y), "accuracy": sum(a == b for a, b in zip(pred, y)) / len(y),
            "f1_clickbait": float(f1_score(y, pred)), "roc_auc": float(roc_auc_score(y, p)),
            "source": "Stop Clickbait (Chakraborty et al. 2016; MIT), lower-cased, stratified held-out fifth"}


def evaluate_card(analyzer, output: str | Path | None = None, root=None, limit: int | None = None,
                  progress: bool = False, gold: bool = True) -> dict:
    """Re-run the card's evaluations for ``analyzer``'s model; returns the new ``metrics`` dict."""
    from . import __version__
    from .corpora.gold import GOLD_DIR
    from .model_card import write_model_card

    folder = Path(analyzer.model_path)
    old = json.loads((folder / "metrics.json").read_text())
    metrics = {k: old["metrics"][k] for k in TUNING_KEYS if k in old["metrics"]}
    heads = analyzer.classifier.model.config.token_heads
    out = Path(output) if output else None
    gold = gold and (GOLD_DIR / "annotations.tsv").exists()

    def record(key, runner, dataset, split, **kw):
        ds = _limit(load_named(dataset, split, root), limit)
        result = runner(analyzer, ds, f"{dataset} {split}", progress=progress, **kw)
        if out is not None:
            write_outputs(result, out / key, {"dataset": dataset, "split": split, "model": folder.name,
                                              "bias_version": __version__, "rows": len(ds)})
        metrics[key] = result.metrics
        return ds

    ct = record("checkthat_dev_test", run_subjectivity, "checkthat", "dev_test")
    gold_test = None
    if gold:
        record("gold_dev", run_sentences, "gold", "dev")
        gold_test = record("gold_test", run_sentences, "gold", "test")
        strength = analyzer.classifier.model.config.thresholds.get("attribution_strength", 0.0)
        if "attribution_strength" in metrics:
            from .evaluators import GoldEvaluator

            ev = GoldEvaluator(gold_test)
            sents = [s for _, s, _ in ev.articles]
            metrics["gold_test_without_attribution_evidence"] = ev(analyzer, analyzer.label_articles(sents, 0.0))
            metrics["gold_test_with_attribution_evidence"] = ev(analyzer, analyzer.label_articles(sents, strength))
    if "loaded" in heads:
        record("loaded_semeval2023_dev", run_loaded, "semeval2023", "dev")
        obj = [t for t, lab in zip(ct["text"], ct["label"]) if lab == "OBJ"]
        metrics["loaded_false_alarms_checkthat_obj"] = loaded_false_alarms(analyzer, [[t] for t in obj],
                                                                           [[True]] * len(obj))
        if gold_test is not None:
            arts = [[a["text"][s["start"]:s["end"]] for s in a["spans"]] for a in gold_test]
            keep = [[s["label"] == "reported_fact" for s in a["spans"]] for a in gold_test]
            metrics["loaded_false_alarms_gold_reported_fact"] = loaded_false_alarms(analyzer, arts, keep)
    if "attribution" in heads:
        record("attribution_polnear_test", run_attribution, "polnear", "test")
        from .evaluators import AttributionCheckEvaluator

        check = AttributionCheckEvaluator.from_repo(root)
        if check.rows and not limit:
            metrics["attribution_check"] = {"rules": check.rules(), "pipeline": check.pipeline(analyzer)}
    if heads:
        record("genre_semeval2023_dev", run_genre, "semeval2023-genre", "dev")
    fit = old.get("training", {}).get("clickbait_head")
    if "clickbait" in analyzer.classifier.model.config.sentence_extra_heads and fit:
        metrics["clickbait_held_out"] = clickbait_metrics(analyzer, fit, root)

    old["metrics"] = metrics
    old.setdefault("training", {})["card_command"] = f"bias evaluate card --model {folder}"
    (folder / "metrics.json").write_text(json.dumps(old, indent=2) + "\n")
    write_model_card(folder, interim_note=old["training"].get("interim_note", ""))
    return metrics
