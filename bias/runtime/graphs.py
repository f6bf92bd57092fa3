"""Where built graphs live and how they are verified.

A graph is built by ``bias setup`` into the cache (``$BIAS_CACHE/graphs/<model>-<weights sha256[:12]>/``), from the
hash-checked base weights and the committed adapters, so a model folder's graph changes whenever its weights do.
After building, each backend runs the probe inputs stored in the model folder; the largest logit difference to the
stored torch fp32 reference must be within ``TOLERANCE``, and the result is written to ``verified.json``. A graph
without a passing record for the backend (or whose file changed since) is refused.
"""
from __future__ import annotations

import json
import time
from pathlib import Path

from ..base_weights import cache_dir, sha256_of
from ..config import ModelConfig
from ..errors import BiasSetupError

# Largest absolute difference of any per-token logit to the torch fp32 reference on the probe inputs. fp32 graphs
# agree to about 1e-4; bf16 (OpenVINO on a CPU with bf16 units) to a few 1e-2.
TOLERANCE = {"onnx": 0.01, "openvino": 0.25}
GRAPH_FILE = "model.onnx"
RECORD_FILE = "verified.json"


def graph_dir(model_dir: Path, config: ModelConfig) -> Path:
    weights = sha256_of(Path(model_dir) / "weights.safetensors")[:12]
    return cache_dir() / "graphs" / f"{config.name or Path(model_dir).name}-{weights}"


def _stamp(path: Path) -> dict:
    st = path.stat()
    return {"bytes": st.st_size, "mtime_ns": st.st_mtime_ns}


def verified_graph(model_dir: Path, config: ModelConfig, backend: str) -> tuple[Path, dict]:
    """The graph file of a model folder, if it was built and passed the probe check for ``backend``, and the
    backend's record of that check (OpenVINO's holds the precision that passed)."""
    folder = graph_dir(model_dir, config)
    graph, record = folder / GRAPH_FILE, folder / RECORD_FILE
    if not graph.exists() or not record.exists():
        raise BiasSetupError(f"no inference graph for {config.name} yet: run `bias setup --model {model_dir}` "
                             "(or use --backend torch)")
    rec = json.loads(record.read_text())
    ok = rec.get("backends", {}).get(backend, {})
    if rec.get("graph") != _stamp(graph) or not ok.get("passed"):
        raise BiasSetupError(f"the inference graph at {graph} failed or missed its probe check for {backend}; "
                             f"refusing to load it. Run `bias setup --model {model_dir}` again")
    return graph, ok


def _result(backend: str, diff: float) -> dict:
    return {"max_abs_logit_diff": round(diff, 6), "tolerance": TOLERANCE[backend], "passed": diff <= TOLERANCE[backend]}


def verify(model_dir: Path, graph: Path, backends=("onnx", "openvino")) -> dict:
    """Run the probe inputs through each backend and record the largest logit difference and whether it passed."""
    from .export import probe_difference, read_probes

    probes = read_probes(model_dir)
    results = {}
    for backend in backends:
        if backend == "onnx":
            from .onnx_rt import OnnxRuntime

            diff = probe_difference(OnnxRuntime(graph).run(probes["input_ids"], probes["attention_mask"])[1], probes)
            results[backend] = _result(backend, diff)
            continue
        from .openvino_rt import OpenVinoRuntime, cpu_precision

        # the CPU's own precision first (bf16 where it has bf16 units); f32 if that misses the tolerance
        for precision in dict.fromkeys([cpu_precision(), "f32"]):
            rt = OpenVinoRuntime(graph, precision)
            diff = probe_difference(rt.run(probes["input_ids"], probes["attention_mask"])[1], probes)
            results[backend] = {**_result(backend, diff), "precision": precision}
            if results[backend]["passed"]:
                break
    return results


def build(model_dir: Path, force: bool = False, log=print) -> Path:
    """Export (if needed) and verify the graph of a model folder; the record lands beside the graph."""
    from ..base_weights import encoder_path
    from ..tokenizer import EncoderTokenizer
    from .export import PROBE_FILE, export_onnx, write_probes

    model_dir = Path(model_dir)
    config = ModelConfig.read(model_dir)
    encoder_path(config.encoder)  # assembles and hash-checks the base weights
    if not (model_dir / PROBE_FILE).exists():
        log(f"writing probe logits for {config.name} (torch fp32 reference)")
        write_probes(model_dir, EncoderTokenizer(encoder_path(config.encoder)))
    folder = graph_dir(model_dir, config)
    graph, record = folder / GRAPH_FILE, folder / RECORD_FILE
    info = {}
    if force or not graph.exists():
        log(f"exporting the {config.name} graph to {graph} …")
        if record.exists():
            record.unlink()
        info = export_onnx(model_dir, graph)
    results = verify(model_dir, graph)
    rec = {"model": config.name, "graph": _stamp(graph), "built": time.strftime("%Y-%m-%d %H:%M:%S"), **info,
           "backends": results}
    record.write_text(json.dumps(rec, indent=2) + "\n")
    for backend, r in results.items():
        log(f"{config.name} on {backend}: max |logit difference| to the torch reference on the probes "
            f"{r['max_abs_logit_diff']:.2g} (tolerance {r['tolerance']}): {'passed' if r['passed'] else 'FAILED'}")
    if not any(r["passed"] for r in results.values()):
        raise BiasSetupError(f"the {config.name} graph failed its probe check on every backend")
    return graph
