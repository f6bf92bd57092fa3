"""ONNX Runtime backend (CPU)."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from . import threads


class OnnxRuntime:
    name = "onnx"

    def __init__(self, graph: Path):
        import onnxruntime as ort

        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads()
        opts.inter_op_num_threads = 1
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        opts.log_severity_level = 3
        self.session = ort.InferenceSession(str(graph), opts, providers=["CPUExecutionProvider"])

    def run(self, input_ids: np.ndarray, attention_mask: np.ndarray):
        hidden, logits = self.session.run(["hidden", "logits"], {"input_ids": input_ids, "attention_mask": attention_mask})
        return hidden, logits
