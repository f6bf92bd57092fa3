"""The shared encoder with its heads, and the windows of sentences it reads in one pass.

One transformer encodes a *window*: a run of consecutive sentences of an article (plus a little context on each
side). Each target sentence's tokens are mean-pooled and fed to the sentence head, so a sentence sees its neighbours
(the second sentence of a quotation has no cue of its own) and an article costs one forward pass per window.
Token-level heads (loaded phrasing, attribution spans) read the same hidden states.

The base encoder is frozen; LoRA adapters on the upper layers plus the heads are what gets trained and shipped.
"""
from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import torch
from torch import nn

from .base_weights import encoder_path
from .config import ModelConfig
from .errors import BiasSetupError
from .runtime import cpu_has
from .windows import Window, WindowBuilder, batches_by_length, token_tags  # noqa: F401  (train.py imports them here)
from .windows import collate as collate_arrays

# Linear layers that get LoRA adapters, by the names MPNet and BERT (MiniLM) give them.
_LORA_LEAVES = {"q", "k", "v", "o", "query", "key", "value", "dense"}


@dataclass
class EncoderOutput:
    sentence: torch.Tensor  # (n_targets, n_labels) logits, rows in collate's key order
    tokens: dict[str, torch.Tensor]  # head → (batch, width, n_tags) logits
    extra: dict[str, torch.Tensor] = field(default_factory=dict)  # extra sentence head → (n_targets, n) logits


class SharedEncoder(nn.Module):
    """Base encoder + LoRA adapters + heads. ``forward`` returns one row of sentence logits per target."""

    def __init__(self, config: ModelConfig, base=None):
        super().__init__()
        from peft import LoraConfig, get_peft_model
        from transformers import AutoModel
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # output on stderr is for errors
        self.config = config
        path = encoder_path(config.encoder)
        base = base or AutoModel.from_pretrained(str(path))
        n_layers = base.config.num_hidden_layers
        targets = [
            name
            for name, module in base.named_modules()
            if isinstance(module, nn.Linear)
            and name.split(".")[-1] in _LORA_LEAVES
            and ".layer." in name
            and int(name.split(".layer.")[1].split(".")[0]) >= config.lora_from_layer
        ]
        lora = LoraConfig(r=config.lora_r, lora_alpha=config.lora_alpha, lora_dropout=config.lora_dropout,
                          target_modules=targets, bias="none")
        self.encoder = get_peft_model(base, lora)
        hidden = base.config.hidden_size
        self.sentence_head = nn.Sequential(nn.Dropout(config.head_dropout), nn.Linear(hidden, len(config.labels)))
        self.token_heads = nn.ModuleDict({
            name: nn.Sequential(nn.Dropout(config.head_dropout), nn.Linear(hidden, len(tags)))
            for name, tags in config.token_heads.items()
        })
        self.extra_heads = nn.ModuleDict({name: nn.Linear(hidden, len(classes))
                                          for name, classes in config.sentence_extra_heads.items()})
        self.n_layers = n_layers

    def hidden_states(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        return self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    @staticmethod
    def pool(hidden: torch.Tensor, token_owner: torch.Tensor, n_targets: int) -> torch.Tensor:
        """Mean of the hidden states of each target's tokens; ``token_owner`` is -1 for tokens of no target."""
        flat = hidden.reshape(-1, hidden.shape[-1]).float()
        owner = token_owner.reshape(-1)
        keep = owner >= 0
        sums = torch.zeros(n_targets, flat.shape[-1], dtype=flat.dtype, device=flat.device)
        sums.index_add_(0, owner[keep], flat[keep])
        counts = torch.bincount(owner[keep], minlength=n_targets).clamp(min=1).unsqueeze(1)
        return sums / counts

    def forward(self, input_ids, attention_mask, token_owner, n_targets: int) -> EncoderOutput:
        hidden = self.hidden_states(input_ids, attention_mask)
        pooled = self.pool(hidden, token_owner, n_targets)
        return EncoderOutput(self.sentence_head(pooled), {name: head(hidden) for name, head in self.token_heads.items()},
                             {name: head(pooled) for name, head in self.extra_heads.items()})

    def token_logits(self, hidden: torch.Tensor) -> torch.Tensor:
        """Every head applied to every token, concatenated in ``config.head_layout()`` order. The heads are linear,
        so pooling these over a sentence's tokens equals the head applied to the pooled vector: this is what the
        runtime graphs emit, and pooling happens once, in numpy, for every runtime."""
        heads = [self.sentence_head[-1], *self.extra_heads.values(), *[h[-1] for h in self.token_heads.values()]]
        return torch.cat([h(hidden) for h in heads], dim=-1)

    # ---- persistence: only the adapters and heads are written ----
    def trainable_state(self) -> dict[str, torch.Tensor]:
        from peft import get_peft_model_state_dict

        state = {f"encoder.{k}": v for k, v in get_peft_model_state_dict(self.encoder).items()}
        state.update({f"sentence_head.{k}": v for k, v in self.sentence_head.state_dict().items()})
        state.update({f"token_heads.{k}": v for k, v in self.token_heads.state_dict().items()})
        state.update({f"extra_heads.{k}": v for k, v in self.extra_heads.state_dict().items()})
        return state

    def load_trainable_state(self, state: dict[str, torch.Tensor]) -> None:
        from peft import set_peft_model_state_dict

        enc = {k[len("encoder."):]: v for k, v in state.items() if k.startswith("encoder.")}
        result = set_peft_model_state_dict(self.encoder, enc)
        if getattr(result, "unexpected_keys", None):
            raise BiasSetupError(f"adapter weights do not fit the encoder: {result.unexpected_keys[:3]}")
        self.sentence_head.load_state_dict({k[len("sentence_head."):]: v for k, v in state.items()
                                            if k.startswith("sentence_head.")})
        self.token_heads.load_state_dict({k[len("token_heads."):]: v for k, v in state.items()
                                          if k.startswith("token_heads.")})
        self.extra_heads.load_state_dict({k[len("extra_heads."):]: v for k, v in state.items()
                                          if k.startswith("extra_heads.")})

    def save(self, folder: Path, extra_config: dict | None = None) -> None:
        from safetensors.torch import save_file

        folder.mkdir(parents=True, exist_ok=True)
        state = {k: v.detach().to(torch.float16).contiguous() for k, v in self.trainable_state().items()}
        save_file(state, str(folder / "weights.safetensors"))
        cfg = asdict(self.config)
        cfg.update(extra_config or {})
        (folder / "config.json").write_text(json.dumps(cfg, indent=2) + "\n")

    @classmethod
    def load(cls, folder: Path, merge: bool = True) -> "SharedEncoder":
        from safetensors.torch import load_file

        config = ModelConfig.read(folder)
        model = cls(config)
        state = {k: v.float() for k, v in load_file(str(Path(folder) / "weights.safetensors")).items()}
        model.load_trainable_state(state)
        if merge:  # fold the adapters into the base weights: inference then runs at plain-encoder speed
            model.encoder = model.encoder.merge_and_unload()
        model.eval()
        return model


def collate(windows: list[Window], pad_id: int):
    """``bias.windows.collate`` as torch tensors (training)."""
    ids, mask, owner, keys = collate_arrays(windows, pad_id)
    return torch.from_numpy(ids), torch.from_numpy(mask), torch.from_numpy(owner), keys


def cpu_has_bf16() -> bool:
    return cpu_has("avx512_bf16")


class GraphModule(nn.Module):
    """The inference graph every runtime runs: token ids and mask → (last hidden states, per-token head logits).
    The adapters are merged; dropout is off."""

    def __init__(self, model: SharedEncoder):
        super().__init__()
        self.model = model.eval()

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor):
        hidden = self.model.hidden_states(input_ids, attention_mask)
        return hidden, self.model.token_logits(hidden)
