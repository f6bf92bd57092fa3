"""Sentence labelling: runs the shared encoder over windows and returns calibrated probabilities."""
from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch

from .labels import LABEL_TO_ID, LABELS
from .model import SharedEncoder, Window, WindowBuilder, batches_by_length, collate, cpu_has_bf16


@dataclass
class TokenOutput:
    """Per-token tag probabilities of one sentence, with each token's character offsets in the sentence."""

    offsets: list[tuple[int, int]]
    probs: dict[str, np.ndarray]  # head → (n_tokens, n_tags)
    sentence: dict[str, np.ndarray] = field(default_factory=dict)  # extra sentence head → class probabilities


@dataclass
class ContextItem:
    """One sentence to classify, with optional text before and after it."""

    text: str
    before: str = ""
    after: str = ""


class SentenceClassifier:
    """Calibrated 3-way sentence probabilities from a :class:`SharedEncoder`."""

    def __init__(self, model: SharedEncoder, tokenizer, batch_tokens: int = 4096, use_bf16: bool | None = None):
        self.model = model
        self.tokenizer = tokenizer
        self.windows = WindowBuilder(tokenizer, model.config)
        self.batch_tokens = batch_tokens
        self.use_bf16 = cpu_has_bf16() if use_bf16 is None else use_bf16
        self.pad_id = tokenizer.pad_token_id or 0

    @classmethod
    def load(cls, folder: Path, **kwargs) -> "SentenceClassifier":
        from transformers import AutoTokenizer

        from .base_weights import encoder_path

        model = SharedEncoder.load(folder)
        tok = AutoTokenizer.from_pretrained(str(encoder_path(model.config.encoder)))
        return cls(model, tok, **kwargs)

    def _autocast(self):
        if self.use_bf16:
            return torch.autocast("cpu", dtype=torch.bfloat16)
        return contextlib.nullcontext()

    def _batches(self, windows: list[Window]):
        """Length-bucketed, collated batches ``(windows, ids, mask, owner, keys)``, consumed in inference mode (and
        bf16 autocast where the CPU has it)."""
        self.model.eval()
        with torch.inference_mode(), self._autocast():
            for batch in batches_by_length(windows, self.batch_tokens):
                yield batch, *collate(batch, self.pad_id)

    def run(self, windows: list[Window], n_keys: int) -> tuple[np.ndarray, list[TokenOutput | None]]:
        """Raw (uncalibrated) sentence logits, one row per target key ``0 … n_keys-1``, and the token heads'
        probabilities for each key's tokens."""
        out = np.zeros((n_keys, len(LABELS)), dtype=np.float32)
        tokens: list[TokenOutput | None] = [None] * n_keys
        heads = list(self.model.config.token_heads)
        for batch, ids, mask, owner, keys in self._batches(windows):
            result = self.model(ids, mask, owner, len(keys))
            out[keys] = result.sentence.float().numpy()
            if not heads and not result.extra:
                continue  # an extra sentence head (clickbait) needs TokenOutput even without token heads
            probs = {h: torch.softmax(result.tokens[h].float(), dim=-1).numpy() for h in heads}
            extra = {h: torch.softmax(x.float(), dim=-1).numpy() for h, x in result.extra.items()}
            row_of = {k: i for i, k in enumerate(keys)}
            for b, w in enumerate(batch):
                for (key, s, e), offs in zip(w.sentence_slices, w.slice_offsets):
                    tokens[key] = TokenOutput(offs, {h: probs[h][b, s:e] for h in heads},
                                              {h: p[row_of[key]] for h, p in extra.items()})
        return out, tokens

    def sentence_vectors(self, texts: list[str]) -> np.ndarray:
        """The pooled vector the sentence heads read, for each text read alone (e.g. to fit an extra head)."""
        windows = [self.windows.single_window(i, t) for i, t in enumerate(texts)]
        vectors = np.zeros((len(texts), self.model.sentence_head[-1].in_features), dtype=np.float32)
        for _, ids, mask, owner, keys in self._batches(windows):
            vectors[keys] = self.model.pool(self.model.hidden_states(ids, mask), owner, len(keys)).float().numpy()
        return vectors

    def probabilities(self, logits: np.ndarray) -> np.ndarray:
        """Calibrated probabilities: logits over the temperature, plus the opinion offset a model may carry (chosen
        on held-out CheckThat and gold dev when training with ``--checkthat-holdout``)."""
        z = logits / self.model.config.temperature
        offset = self.model.config.thresholds.get("opinion_offset", 0.0)
        if offset:
            z = z.copy()
            z[:, LABEL_TO_ID["opinion"]] += offset
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def _articles(self, articles: list[list[str]]):
        flat, groups = [], []
        for g, sents in enumerate(articles):
            flat += sents
            groups += [g] * len(sents)
        windows = self.windows.article_windows(flat, groups=groups)
        logits, tokens = self.run(windows, len(flat))
        out, i = [], 0
        for sents in articles:
            out.append((logits[i: i + len(sents)], tokens[i: i + len(sents)]))
            i += len(sents)
        return out

    def article_logits(self, articles: list[list[str]]) -> list[np.ndarray]:
        """Logits for the sentences of several articles, each read in its own context."""
        return [logits for logits, _ in self._articles(articles)]

    def predict_articles(self, articles: list[list[str]]) -> list[np.ndarray]:
        return [self.probabilities(x) for x in self.article_logits(articles)]

    def predict_articles_with_tokens(self, articles: list[list[str]]):
        """Per article: (calibrated sentence probabilities, per-sentence TokenOutput or None)."""
        return [(self.probabilities(logits), tokens) for logits, tokens in self._articles(articles)]

    def predict_items(self, items: list[ContextItem]) -> np.ndarray:
        return self.predict_items_with_tokens(items)[0]

    def predict_items_with_tokens(self, items: list[ContextItem]):
        windows = [self.windows.single_window(i, it.text, it.before, it.after) for i, it in enumerate(items)]
        logits, tokens = self.run(windows, len(items))
        return self.probabilities(logits), tokens
