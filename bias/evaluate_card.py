"""`bias evaluate card`: every held-out score in a model card, from one command.

Runs each evaluation of :mod:`bias.evaluate` that the card reports, writes its output folder (metrics, predictions,
plots) when ``output`` is given, merges the scores into the model's ``metrics.json`` beside the choices made while
training (temperature, loaded threshold, attribution strength: the ``tuning`` keys, which are kept), and rewrites
``MODEL_CARD.md``. Nothing here tunes anything: it reads the model as shipped.
"""
from __future__ import annotations

import json
from pathlib import Path

from .evaluate import prepare, run

TUNING_KEYS = ("calibration_set", "temperature", "opinion_offset", "loaded_ptc_dev", "attribution_strength")


def loaded_false_alarms(analyzer, texts_per_article: list[list[str]], keep: list[list[bool]]) -> dict:
    """Share of the kept sentences (factual ones) that get at least one loaded span (model or rule), read in their
    articles."""
    from .loaded import sentence_loaded_spans

    threshold = analyzer.config.thresholds.get("loaded", 0.5)
    n = flagged = 0
    outputs = analyzer.classifier.predict_articles_with_tokens(texts_per_article)
    for sents, mask, (_, toks) in zip(texts_per_article, keep, outputs):
        for t, k, tk in zip(sents, mask, toks):
            if k:
                n += 1
                flagged += bool(sentence_loaded_spans(t, tk, threshold))
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
    from .corpora.gold import GOLD_DIR
    from .model_card import write_model_card

    folder = Path(analyzer.model_path)
    old = json.loads((folder / "metrics.json").read_text())
    metrics = {k: old["metrics"][k] for k in TUNING_KEYS if k in old["metrics"]}
    heads = analyzer.config.token_heads
    out = Path(output) if output else None
    gold = gold and (GOLD_DIR / "annotations.tsv").exists()

    def record(key, dataset, split):
        """One `bias evaluate DATASET --split SPLIT` run, written to ``out/key`` when an output folder is given."""
        prepared = prepare(dataset, split, root=root, limit=limit)
        metrics[key] = run(analyzer, prepared, out / key if out is not None else None, progress)["metrics"]
        return prepared.data

    ct = record("checkthat_dev_test", "checkthat", "dev_test")
    gold_test = None
    if gold:
        record("gold_dev", "gold", "dev")
        gold_test = record("gold_test", "gold", "test")
        if "attribution_strength" in metrics:
            from .attribution import apply_attribution_evidence
            from .evaluators import GoldEvaluator

            strength = analyzer.config.thresholds.get("attribution_strength", 0.0)
            ev = GoldEvaluator(gold_test)
            # one model pass; the evidence is then applied at both strengths
            probs_coverage = analyzer.probs_and_coverage([s for _, s, _ in ev.articles])
            for key, k in (("gold_test_without_attribution_evidence", 0.0),
                           ("gold_test_with_attribution_evidence", strength)):
                metrics[key] = ev(analyzer, [apply_attribution_evidence(p, c, k) for p, c in probs_coverage])
    if "loaded" in heads:
        record("loaded_semeval2023_dev", "semeval2023", "dev")
        obj = [t for t, lab in zip(ct["text"], ct["label"]) if lab == "OBJ"]
        metrics["loaded_false_alarms_checkthat_obj"] = loaded_false_alarms(analyzer, [[t] for t in obj],
                                                                           [[True]] * len(obj))
        if gold_test is not None:
            arts = [[a["text"][s["start"]:s["end"]] for s in a["spans"]] for a in gold_test]
            keep = [[s["label"] == "reported_fact" for s in a["spans"]] for a in gold_test]
            metrics["loaded_false_alarms_gold_reported_fact"] = loaded_false_alarms(analyzer, arts, keep)
    if "attribution" in heads:
        record("attribution_polnear_test", "polnear", "test")
        from .evaluators import AttributionCheckEvaluator

        check = AttributionCheckEvaluator.from_repo(root)
        if check.rows and not limit:
            metrics["attribution_check"] = {"rules": check.rules(), "pipeline": check.pipeline(analyzer)}
    if heads:
        record("genre_semeval2023_dev", "semeval2023-genre", "dev")
    fit = old.get("training", {}).get("clickbait_head")
    if "clickbait" in analyzer.config.sentence_extra_heads and fit:
        metrics["clickbait_held_out"] = clickbait_metrics(analyzer, fit, root)

    old["metrics"] = metrics
    old.setdefault("training", {})["card_command"] = f"bias evaluate card --model {folder}"
    (folder / "metrics.json").write_text(json.dumps(old, indent=2) + "\n")
    write_model_card(folder, interim_note=old["training"].get("interim_note", ""))
    return metrics
