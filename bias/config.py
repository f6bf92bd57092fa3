"""Model configuration and where models are found: tiers (``accurate``, ``fast``) and folders. No torch here."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from .errors import BiasSetupError
from .labels import LABELS

# The two shipped tiers: accurate (MPNet, the default everywhere) and fast (MiniLM distilled from it).
TIERS = {"accurate": "bias-mpnet-v3", "fast": "bias-minilm-v2"}
DEFAULT_TIER = "accurate"


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
    name: str = ""

    @classmethod
    def from_dict(cls, d: dict) -> "ModelConfig":
        known = {k: v for k, v in d.items() if k in cls.__dataclass_fields__}
        return cls(**known)

    @classmethod
    def read(cls, folder: Path) -> "ModelConfig":
        path = Path(folder) / "config.json"
        if not path.exists():
            raise BiasSetupError(f"no model at {folder} (config.json missing)")
        cfg = cls.from_dict(json.loads(path.read_text()))
        cfg.name = cfg.name or Path(folder).name
        return cfg

    def head_layout(self) -> dict[str, slice]:
        """Columns of each head in the runtime's per-token logits: the sentence head, the extra sentence heads,
        then the token heads, in config order. Every runtime graph emits them in this layout."""
        out, at = {}, 0
        for name, size in [("sentence", len(self.labels)),
                           *[(h, len(c)) for h, c in self.sentence_extra_heads.items()],
                           *[(h, len(t)) for h, t in self.token_heads.items()]]:
            out[name] = slice(at, at + size)
            at += size
        return out


def _model_roots() -> list[Path]:
    here = Path(__file__).resolve().parent
    # An installed wheel carries the tier models as package data (bias/models); a checkout has them in models/.
    return [p for p in (here / "models", here.parent / "models") if p.is_dir()]


def resolve_model(model: str | os.PathLike | None = None) -> Path:
    """The model folder for a tier name (``accurate``, ``fast``), a folder path, or None (``$BIAS_MODEL``, else the
    default tier)."""
    spec = str(model) if model not in (None, "") else os.environ.get("BIAS_MODEL", DEFAULT_TIER)
    name = TIERS.get(spec)
    if name is None:
        path = Path(spec).expanduser()
        if (path / "config.json").exists():
            return path
        hint = f"; tiers: {', '.join(TIERS)}" if os.sep not in spec and not path.exists() else ""
        raise BiasSetupError(f"no model found at {spec}{hint}")
    for root in _model_roots():
        if (root / name / "config.json").exists():
            return root / name
    raise BiasSetupError(f"the {spec!r} tier's model ({name}) is not installed")
