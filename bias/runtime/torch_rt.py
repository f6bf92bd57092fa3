"""The torch backend: the model from its adapters (peft merged), the reference path and what training evaluates."""
from __future__ import annotations

import contextlib
from pathlib import Path

import numpy as np
import torch

from ..model import cpu_has_bf16
from . import threads


class TorchRuntime:
    name = "torch"

    def __init__(self, model, use_bf16: bool | None = None):
        from ..model import GraphModule

        self.model = model  # a SharedEncoder; training hands in the one it trains
        self.graph = GraphModule(model)
        self.use_bf16 = cpu_has_bf16() if use_bf16 is None else use_bf16

    @classmethod
    def load(cls, model_dir: Path) -> "TorchRuntime":
        from ..model import SharedEncoder

        torch.set_num_threads(threads())
        return cls(SharedEncoder.load(model_dir))

    def run(self, input_ids: np.ndarray, attention_mask: np.ndarray):
        self.model.eval()
        cast = torch.autocast("cpu", dtype=torch.bfloat16) if self.use_bf16 else contextlib.nullcontext()
        with torch.inference_mode(), cast:
            hidden, logits = self.graph(torch.from_numpy(input_ids), torch.from_numpy(attention_mask))
        return hidden.float().numpy(), logits.float().numpy()
