"""Building the inference graphs (the only place torch meets the runtimes).

``export_onnx`` loads a model folder with torch (hash-checked base weights + committed adapters and heads), merges the
adapters and exports one ONNX graph, ids and mask → (hidden states, per-token logits of every head), with dynamic
batch and sequence axes (the dynamo exporter: it stays correct across shapes). ``write_probes`` stores fixed probe
inputs and the torch fp32 reference outputs in the model folder; every built graph must reproduce them.
"""
from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np

from ..config import ModelConfig
from ..errors import BiasSetupError

# Probe sentences: news-like, of different lengths, so the probe batch has padding and several targets per window.
PROBE_TEXTS = [
    "City Council Approves Harbor Bridge Funding After Marathon Session",
    "The council voted 7-2 on Tuesday to fund the bridge.",
    "“We will not back down,” the senator said, according to two officials briefed on the talks.",
    "This reckless plan is a disgrace, and voters deserve far better than another secret deal.",
    "Officials said the project would cost $1.2 billion and take five years.",
    "Critics argued the vote was rushed.",
    "Our Take",
    "It is time the city stopped pretending that the bridge pays for itself.",
]
PROBE_FILE = "probes.npz"


def probe_batch(config: ModelConfig, tokenizer) -> tuple[np.ndarray, np.ndarray]:
    """Fixed probe inputs: the probe texts as article windows, plus each text read alone (several shapes)."""
    from ..windows import WindowBuilder, collate

    builder = WindowBuilder(tokenizer, config)
    windows = builder.article_windows(PROBE_TEXTS) + [builder.single_window(i, t) for i, t in enumerate(PROBE_TEXTS)]
    ids, mask, _, _ = collate(windows, tokenizer.pad_token_id)
    return ids, mask


def fp32_reference(model_dir: Path):
    """The torch runtime in fp32 (no bf16 autocast, whatever the CPU): the reference every graph is checked against."""
    from ..model import SharedEncoder
    from .torch_rt import TorchRuntime

    return TorchRuntime(SharedEncoder.load(model_dir), use_bf16=False)


def write_probes(model_dir: Path, tokenizer) -> Path:
    """Store probe inputs and the torch fp32 reference logits in the model folder (committed with the model)."""
    config = ModelConfig.read(model_dir)
    ids, mask = probe_batch(config, tokenizer)
    _, logits = fp32_reference(model_dir).run(ids, mask)
    path = Path(model_dir) / PROBE_FILE
    np.savez_compressed(path, input_ids=ids, attention_mask=mask, logits=logits)
    return path


def read_probes(model_dir: Path) -> dict[str, np.ndarray]:
    path = Path(model_dir) / PROBE_FILE
    if not path.exists():
        raise BiasSetupError(f"{path} is missing: the model folder has no probe logits to verify a graph against")
    with np.load(path) as z:
        return {k: z[k] for k in z.files}


def probe_difference(logits: np.ndarray, probes: dict[str, np.ndarray]) -> float:
    """Largest absolute difference to the stored reference logits, over the real (unpadded) tokens."""
    real = probes["attention_mask"].astype(bool)
    return float(np.abs(logits[real] - probes["logits"][real]).max())


def export_onnx(model_dir: Path, out: Path) -> dict:
    """Export the merged model and its heads as one ONNX graph with dynamic batch and sequence axes."""
    import torch

    t = time.perf_counter()
    graph = fp32_reference(model_dir).graph
    ids = torch.ones((2, 16), dtype=torch.long)
    mask = torch.ones((2, 16), dtype=torch.long)
    batch, seq = torch.export.Dim("batch", min=1, max=1024), torch.export.Dim("seq", min=2, max=512)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp.onnx")
    with torch.inference_mode():
        program = torch.onnx.export(graph, (ids, mask), dynamo=True, input_names=["input_ids", "attention_mask"],
                                    output_names=["hidden", "logits"],
                                    dynamic_shapes={"input_ids": {0: batch, 1: seq},
                                                    "attention_mask": {0: batch, 1: seq}},
                                    optimize=True, verbose=False)
    program.save(str(tmp), external_data=False)
    tmp.replace(out)
    return {"export_seconds": round(time.perf_counter() - t, 1), "bytes": out.stat().st_size}
