"""Precision candidates for a tier's graph on this CPU: OpenVINO f32 / bf16 / int8, speed and agreement.

    python tools/precision_candidates.py --model fast --variants bf16,f32,static --speed
    python tools/precision_candidates.py --model accurate --variants torch-bf16,bf16 --split test
    python tools/precision_candidates.py --model accurate --variants bf16,static-news,static-own --split dev

Variants: ``f32`` and ``bf16`` (OpenVINO's inference precision over the verified graph of ``bias setup``);
``torch-bf16`` (the torch path under bf16 autocast); ``wdq`` (weights int8 by NNCF, activations quantised at run time
per group of 32, data-free); ``static-news`` / ``static-own`` (NNCF static int8, transformer preset, mixed,
SmoothQuant, calibrated on 32 windows of 40 benchmark news articles, or of this repository's own docs and examples,
the only text a shipped build could calibrate on). NNCF is not a dependency of bias: ``pip install nncf``.

``--speed``: model-only sentences/s over the windows of the benchmark's 20 PolNeAR test articles (length-bucketed
batches as the pipeline makes them, best of 2) and the largest probe-logit difference to the stored torch fp32
logits. Otherwise: labels of the gold split's sentences read as whole articles (``Analyzer.label_articles``, as
``bias analyze`` labels them) against the torch fp32 path, and each variant's macro-F1. Figures printed only.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


class CompiledGraph:
    """An OpenVINO compiled model behind the runtime seam (bias/runtime)."""

    name = "openvino"

    def __init__(self, model, precision: str, extra: dict | None = None):
        import openvino as ov

        config = {"INFERENCE_PRECISION_HINT": precision, "INFERENCE_NUM_THREADS": 2, "PERFORMANCE_HINT": "LATENCY",
                  "NUM_STREAMS": 1, **(extra or {})}
        self.request = ov.Core().compile_model(model, "CPU", config).create_infer_request()

    def run(self, input_ids, attention_mask):
        out = self.request.infer({"input_ids": input_ids, "attention_mask": attention_mask})
        return np.asarray(out["hidden"], dtype=np.float32), np.asarray(out["logits"], dtype=np.float32)


def windows_of(analyzer, texts: list[str], batch_tokens: int | None = None) -> list[tuple[np.ndarray, np.ndarray]]:
    """The runtime's inputs ``(input_ids, attention_mask)`` for ``texts``, batched as the classifier batches them."""
    clf = analyzer.classifier
    windows = clf.windows.articles_windows([[s.text for s in analyzer.segment(t).sentences] for t in texts])
    return [(ids, mask) for _, ids, mask in clf.padded_batches(windows, batch_tokens)]


def calibration(analyzer, source: str) -> list[dict]:
    from benchmark import corpus

    if source == "news":
        texts = corpus(40)
    else:  # the repository's own prose: what a build on a user's machine could calibrate on
        texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").glob("*.md"))
                 + sorted((ROOT / "examples").glob("*.txt"))]
    return [{"input_ids": i, "attention_mask": m} for i, m in windows_of(analyzer, texts, 1024)[:32]]


def build(variant: str, graph: Path, analyzer, reference):
    import openvino as ov

    if variant == "torch-bf16":
        reference.use_bf16 = True
        return reference
    if variant in ("f32", "bf16"):
        return CompiledGraph(str(graph), variant)
    import nncf

    model = ov.Core().read_model(str(graph))
    if variant == "wdq":
        model = nncf.compress_weights(model, mode=nncf.CompressWeightsMode.INT8_SYM)
        return CompiledGraph(model, "bf16", {"DYNAMIC_QUANTIZATION_GROUP_SIZE": "32"})
    if variant.startswith("static-"):
        model = nncf.quantize(model, nncf.Dataset(calibration(analyzer, variant.split("-", 1)[1])),
                              model_type=nncf.ModelType.TRANSFORMER, preset=nncf.QuantizationPreset.MIXED)
        return CompiledGraph(model, "bf16")
    raise SystemExit(f"unknown variant {variant!r}")


def main(argv=None):
    from bias import Analyzer
    from bias.config import resolve_model
    from bias.runtime.export import fp32_reference, probe_difference, read_probes
    from bias.runtime.graphs import GRAPH_FILE, graph_dir

    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--model", default="accurate")
    p.add_argument("--variants", default="bf16,f32")
    p.add_argument("--split", default="dev", help="gold split for label agreement")
    p.add_argument("--speed", action="store_true", help="model-only speed and probe differences instead")
    args = p.parse_args(argv)
    analyzer = Analyzer.load(args.model)
    model_dir = resolve_model(args.model)
    graph = graph_dir(model_dir, analyzer.classifier.config) / GRAPH_FILE
    reference = fp32_reference(model_dir)  # no autocast, whatever the CPU
    if args.speed:
        from benchmark import corpus

        probes = read_probes(model_dir)
        batches = windows_of(analyzer, corpus(20))
        n_sent = sum(len(analyzer.segment(t).sentences) for t in corpus(20))
        for v in args.variants.split(","):
            rt = build(v, graph, analyzer, reference)
            diff = probe_difference(rt.run(probes["input_ids"], probes["attention_mask"])[1], probes)
            rt.run(*batches[0])
            best = 1e9
            for _ in range(2):
                t = time.perf_counter()
                for ids, mask in batches:
                    rt.run(ids, mask)
                best = min(best, time.perf_counter() - t)
            print(f"{args.model} {v}: model only {n_sent / best:.0f} sentences/s, max probe-logit difference "
                  f"{diff:.3f}", flush=True)
        return
    from bias.corpora.gold import load_gold
    from bias.evaluators import GoldEvaluator

    ev = GoldEvaluator(load_gold(args.split))
    articles = [s for _, s, _ in ev.articles]

    def labels(runtime):
        analyzer.classifier.runtime = runtime
        t = time.perf_counter()
        per_article = analyzer.label_articles(articles)
        return np.concatenate(per_article), ev(analyzer, per_article)["macro_f1"], time.perf_counter() - t

    ref, ref_f1, ref_s = labels(reference)
    n = len(ref)
    print(f"{args.model}, gold {args.split}, {n} sentences: torch fp32 macro-F1 {ref_f1:.4f} ({ref_s:.0f} s)")
    for v in args.variants.split(","):
        got, f1, secs = labels(build(v, graph, analyzer, reference))
        same = int((got.argmax(1) == ref.argmax(1)).sum())
        print(f"{v}: labels equal to torch fp32 {same}/{n} ({same / n:.4f}), max |probability difference| "
              f"{np.abs(got - ref).max():.3f}, macro-F1 {f1:.4f}, {secs:.0f} s", flush=True)


if __name__ == "__main__":
    main()
