"""Runtimes: one small seam between the pipeline and whatever executes the encoder graph.

A runtime takes padded token ids and an attention mask (int64 arrays ``[batch, width]``) and returns numpy arrays:
the last hidden states ``[batch, width, hidden]`` and every head's per-token logits ``[batch, width, k]`` in the
model config's ``head_layout()``. Pooling, heads' decoding and calibration are then the same numpy code whichever
runtime ran (bias/classify.py). Backends:

- ``openvino`` and ``onnx`` (ONNX Runtime) run the graph that ``bias setup`` builds into the cache and verifies
  against the probe logits stored in the model folder; neither imports torch;
- ``torch`` runs the model from its adapters with torch + peft: the reference path, and what training uses.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol

import numpy as np

from ..config import ModelConfig
from ..errors import BiasSetupError

BACKENDS = ("openvino", "onnx", "torch")
DEFAULT_BACKEND = "openvino"  # chosen by measurement: docs/runtimes.md


class Runtime(Protocol):
    name: str

    def run(self, input_ids: np.ndarray, attention_mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(hidden states, per-token head logits), float32 numpy arrays."""


def cpu_has(flag: str) -> bool:
    """Whether /proc/cpuinfo lists ``flag`` ("avx512_bf16", "amx_bf16"); False where it cannot be read."""
    try:
        return flag in Path("/proc/cpuinfo").read_text().split()
    except OSError:
        return False


def threads() -> int:
    """Inference threads: $BIAS_THREADS, else every core the process may use (one pool, no oversubscription)."""
    if os.environ.get("BIAS_THREADS"):
        return max(1, int(os.environ["BIAS_THREADS"]))
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def load_runtime(model_dir: Path, config: ModelConfig, backend: str | None = None) -> Runtime:
    """The runtime for a model folder: ``backend`` (or ``$BIAS_BACKEND``), default OpenVINO."""
    backend = backend or os.environ.get("BIAS_BACKEND") or DEFAULT_BACKEND
    if backend == "torch":
        from .torch_rt import TorchRuntime

        return TorchRuntime.load(model_dir)
    if backend not in BACKENDS:
        raise BiasSetupError(f"unknown backend {backend!r}; choose {', '.join(BACKENDS)}")
    from .graphs import verified_graph

    graph, check = verified_graph(model_dir, config, backend)
    if backend == "onnx":
        from .onnx_rt import OnnxRuntime

        return OnnxRuntime(graph)
    from .openvino_rt import OpenVinoRuntime

    return OpenVinoRuntime(graph, check.get("precision"))
