"""OpenVINO backend (CPU): compiles the verified ONNX graph, in bf16 where the CPU has bf16 units (AMX or
AVX512-BF16), else f32."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from . import threads


def cpu_precision() -> str:
    """The inference precision OpenVINO picks on this CPU ("bf16" where it has bf16 units)."""
    import openvino as ov

    caps = ov.Core().get_property("CPU", "OPTIMIZATION_CAPABILITIES")
    return "bf16" if "BF16" in caps else "f32"


class OpenVinoRuntime:
    name = "openvino"

    def __init__(self, graph: Path, precision: str | None = None):
        import openvino as ov

        core = ov.Core()
        self.precision = precision or cpu_precision()
        config = {"INFERENCE_PRECISION_HINT": self.precision, "INFERENCE_NUM_THREADS": threads(),
                  "PERFORMANCE_HINT": "LATENCY", "NUM_STREAMS": 1,
                  # no cache of kernels per input shape: every batch has a shape of its own, and with the default
                  # cache (5,000 entries) a corpus run grew from 0.96 GB at 1,000 articles to 1.5 GB at 10,000;
                  # without it memory stays flat at about 4 % of throughput (docs/runtimes.md)
                  "CPU_RUNTIME_CACHE_CAPACITY": 0,
                  # compiled blobs are cached beside the graph: later starts skip most of the compile
                  "CACHE_DIR": str(Path(graph).parent / "ov_cache")}
        self.compiled = core.compile_model(str(graph), "CPU", config)
        self.request = self.compiled.create_infer_request()

    def run(self, input_ids: np.ndarray, attention_mask: np.ndarray):
        out = self.request.infer({"input_ids": input_ids, "attention_mask": attention_mask}, share_inputs=True)
        return np.asarray(out["hidden"], dtype=np.float32), np.asarray(out["logits"], dtype=np.float32)
