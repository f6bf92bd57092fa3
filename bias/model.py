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
from .errors import BiasSetupError
from .labels import LABELS

# Linear layers that get LoRA adapters, by the names MPNet and BERT (MiniLM) give them.
_LORA_LEAVES = {"q", "k", "v", "o", "query", "key", "value", "dense"}


@dataclass
class ModelConfig:
    encoder: str = "all-mpnet-base-v2"
    labels: list[str] = field(default_factory=lambda: list(LABELS))
    lora_r: int = 16
    lora_alpha: int = 32
    lora_dropout: float = 0.05
    lora_from_layer: int = 0  # layers below this one get no adapter (their backward pass is skipped)
    head_dropout: float = 0.1
    max_window_tokens: int = 256
    max_sentence_tokens: int = 128
    context_tokens: int = 48  # tokens of context kept on each side of a window
    temperature: float = 1.0  # set by calibration
    # Token-level heads sharing the encoder pass: head name → its tag set (tag 0 is always "O", outside).
    token_heads: dict[str, list[str]] = field(default_factory=dict)
    thresholds: dict[str, float] = field(default_factory=dict)  # decision thresholds tuned on dev data
    # More sentence-level heads on the same pooled vector: head name → its classes (e.g. clickbait: headline style).
    sentence_extra_heads: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, d: dict) -> "ModelConfig":
        known = {k: v for k, v in d.items() if k in cls.__dataclass_fields__}
        return cls(**known)


@dataclass
class Window:
    """Token ids of one encoder pass and which tokens belong to which target sentence."""

    input_ids: list[int]
    sentence_slices: list[tuple[int, int, int]]  # (key, token start, token end) for each target sentence
    # character offsets (within its sentence) of each target token, one list per slice
    slice_offsets: list[list[tuple[int, int]]] = field(default_factory=list)
    # training only: tag ids per token for each token head (-100 = no supervision)
    token_labels: dict[str, list[int]] = field(default_factory=dict)


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

        cfg_path = Path(folder) / "config.json"
        if not cfg_path.exists():
            raise BiasSetupError(f"no model at {folder} (config.json missing)")
        config = ModelConfig.from_dict(json.loads(cfg_path.read_text()))
        model = cls(config)
        state = {k: v.float() for k, v in load_file(str(Path(folder) / "weights.safetensors")).items()}
        model.load_trainable_state(state)
        if merge:  # fold the adapters into the base weights: inference then runs at plain-encoder speed
            model.encoder = model.encoder.merge_and_unload()
        model.eval()
        return model


class WindowBuilder:
    """Turns sentences (with optional context) into encoder windows; shared by training and inference."""

    def __init__(self, tokenizer, config: ModelConfig):
        self.tok = tokenizer
        self.cfg = config
        self.cls_id = tokenizer.cls_token_id if tokenizer.cls_token_id is not None else tokenizer.bos_token_id
        self.sep_id = tokenizer.sep_token_id if tokenizer.sep_token_id is not None else tokenizer.eos_token_id

    def tokenize(self, texts: list[str]) -> tuple[list[list[int]], list[list[tuple[int, int]]]]:
        """Token ids and their character offsets within each text (no special tokens, capped length)."""
        if not texts:
            return [], []
        enc = self.tok(texts, add_special_tokens=False, truncation=True, max_length=self.cfg.max_sentence_tokens,
                       return_offsets_mapping=True)
        return enc["input_ids"], [[tuple(o) for o in offs] for offs in enc["offset_mapping"]]

    def ids(self, texts: list[str]) -> list[list[int]]:
        return self.tokenize(texts)[0]

    def article_windows(self, sentences: list[str], keys: list[int] | None = None,
                        groups: list[int] | None = None) -> list[Window]:
        """Pack consecutive sentences into windows of at most ``max_window_tokens`` tokens.

        Each window carries the tail of the sentence before it and the head of the sentence after it as context
        (not scored). ``groups`` (e.g. article ids) stops context from crossing a boundary.
        """
        keys = list(range(len(sentences))) if keys is None else keys
        groups = groups or [0] * len(sentences)
        ids, offsets = self.tokenize(sentences)
        budget = self.cfg.max_window_tokens - 2
        ctx = self.cfg.context_tokens
        windows: list[Window] = []
        i = 0
        while i < len(ids):
            left = ids[i - 1][-ctx:] if i > 0 and groups[i - 1] == groups[i] else []
            tokens = [self.cls_id] + left
            slices, slice_offsets = [], []
            j = i
            while j < len(ids) and groups[j] == groups[i]:
                need = len(ids[j])
                if slices and len(tokens) - 1 + need > budget - ctx:
                    break
                start = len(tokens)
                tokens.extend(ids[j])
                slices.append((keys[j], start, len(tokens)))
                slice_offsets.append(offsets[j])
                j += 1
            if j < len(ids) and groups[j] == groups[i]:
                tokens.extend(ids[j][: max(0, min(ctx, budget + 1 - len(tokens)))])
            tokens = tokens[: budget + 1] + [self.sep_id]
            kept = [(k, s, min(e, budget + 1), o) for (k, s, e), o in zip(slices, slice_offsets) if s < budget + 1]
            windows.append(Window(tokens, [(k, s, e) for k, s, e, _ in kept], [o[: e - s] for _, s, e, o in kept]))
            i = j
        return windows

    def single_window(self, key: int, text: str, before: str = "", after: str = "") -> Window:
        """One target sentence with optional surrounding text (``bias classify`` ``context``)."""
        (left, target, right), (_, offsets, _) = self.tokenize([before or " ", text, after or " "])
        left = left[-self.cfg.context_tokens:] if before else []
        right = right[: self.cfg.context_tokens] if after else []
        tokens = [self.cls_id] + left + target
        slices = [(key, 1 + len(left), len(tokens))]
        tokens = tokens + right + [self.sep_id]
        return Window(tokens, slices, [offsets])


def token_tags(offsets: list[tuple[int, int]], spans: list[tuple[int, int, str]] | None,
               tags: list[str]) -> list[int]:
    """Tag id of each token from character spans: the tag of a span the token overlaps, 0 ("O") if none, -100 if
    the sentence gives no supervision or the token lies in a span tagged ``UNSURE``."""
    if spans is None:
        return [-100] * len(offsets)
    out = []
    for a, b in offsets:
        tag = 0
        for s, e, name in spans:
            if a < e and b > s:
                tag = -100 if name == "UNSURE" else tags.index(name)
                if tag != -100:
                    break
        out.append(tag)
    return out


def collate(windows: list[Window], pad_id: int):
    """Pad windows into tensors; target keys come back in the order of the pooled rows."""
    width = max(len(w.input_ids) for w in windows)
    input_ids = torch.full((len(windows), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(windows), width), dtype=torch.long)
    owner = torch.full((len(windows), width), -1, dtype=torch.long)
    keys: list[int] = []
    for b, w in enumerate(windows):
        input_ids[b, : len(w.input_ids)] = torch.tensor(w.input_ids)
        mask[b, : len(w.input_ids)] = 1
        for key, s, e in w.sentence_slices:
            owner[b, s:e] = len(keys)
            keys.append(key)
    return input_ids, mask, owner, keys


def batches_by_length(windows: list[Window], max_tokens: int) -> list[list[Window]]:
    """Group windows of similar length so that padding stays small (the batch's padded size ≤ max_tokens)."""
    order = sorted(windows, key=lambda w: len(w.input_ids))
    out, cur = [], []
    for w in order:
        width = max([len(x.input_ids) for x in cur] + [len(w.input_ids)])
        if cur and width * (len(cur) + 1) > max_tokens:
            out.append(cur)
            cur = []
        cur.append(w)
    if cur:
        out.append(cur)
    return out


def cpu_has_bf16() -> bool:
    try:
        return "avx512_bf16" in Path("/proc/cpuinfo").read_text()
    except OSError:
        return False
