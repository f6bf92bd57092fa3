"""Sentence labelling: windows → runtime → pooling, heads and calibration, in numpy for every runtime."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .config import ModelConfig
from .labels import LABEL_TO_ID, LABELS
from .runtime import cpu_has
from .windows import Window, WindowBuilder, batches_by_length, collate


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


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def pool_targets(values: np.ndarray, batch: list[Window]) -> np.ndarray:
    """Mean of ``values[b, s:e]`` for every target slice of every window, rows in collate's key order.

    A target's tokens are one contiguous run of its window, so each sum is one segment of ``np.add.reduceat`` over
    the flattened tokens, with boundaries ``s0, e0, s1, e1, …``: the even segments are the targets, the odd ones
    (the gaps between them) are dropped. One pass over the values, no loop over tokens and no cumulative array."""
    n, width, k = values.shape
    starts = np.array([b * width + s for b, w in enumerate(batch) for _, s, _ in w.sentence_slices], dtype=np.int64)
    ends = np.array([b * width + e for b, w in enumerate(batch) for _, _, e in w.sentence_slices], dtype=np.int64)
    if not len(starts):
        return np.zeros((0, k), dtype=np.float32)
    flat = values.reshape(n * width, k)
    if ends.max() >= n * width:  # reduceat's indices must fall inside the array: a zero row past the last token
        flat = np.concatenate([flat, np.zeros((1, k), dtype=flat.dtype)])
    sums = np.add.reduceat(flat, np.stack([starts, ends], axis=1).ravel(), axis=0)[::2]
    sums[ends <= starts] = 0.0  # an empty target pools to zeros
    counts = np.maximum(ends - starts, 1)[:, None]
    return (sums / counts).astype(np.float32)


class SentenceClassifier:
    """Calibrated 3-way sentence probabilities (and token-head outputs) from any runtime (bias/runtime)."""

    def __init__(self, runtime, tokenizer, config: ModelConfig | None = None, batch_tokens: int = 4096):
        if config is None:  # a torch SharedEncoder handed in by training
            from .runtime.torch_rt import TorchRuntime

            config, runtime = runtime.config, TorchRuntime(runtime)
        self.runtime = runtime
        self.tokenizer = tokenizer
        self.config = config
        # Every batch is padded to a multiple of 16 tokens (64 on AMX CPUs). OpenVINO in bf16 gives a window
        # different outputs (up to 0.09 in a token logit) when its batch is padded to an unaligned width (218 vs
        # 225 tokens), and the same outputs at every width that is a multiple of 16, whatever the batch size or the
        # other windows; so an article's report does not depend on the articles batched with it
        # (bench/batch_determinism.py, docs/runtimes.md). AMX tiles hold 32 bf16, so an AMX CPU's kernels may block
        # by more than 16: there 64 (measured on AVX512-BF16: 11 % slower than 16 on the accurate tier).
        self.pad_multiple = 64 if cpu_has("amx_bf16") else 16
        self.layout = config.head_layout()
        self.windows = WindowBuilder(tokenizer, config)
        self.batch_tokens = batch_tokens
        self.pad_id = tokenizer.pad_token_id or 0

    @classmethod
    def load(cls, folder: Path, backend: str | None = None, batch_tokens: int = 4096) -> "SentenceClassifier":
        from .base_weights import encoder_path
        from .runtime import load_runtime
        from .tokenizer import EncoderTokenizer

        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        config = ModelConfig.read(folder)
        runtime = load_runtime(Path(folder), config, backend)
        return cls(runtime, EncoderTokenizer(encoder_path(config.encoder)), config, batch_tokens)

    def padded_batches(self, windows: list[Window], batch_tokens: int | None = None):
        """Length-bucketed batches ``(windows, input_ids, attention_mask)`` of at most ``batch_tokens`` (default:
        the classifier's) padded tokens, each padded to a multiple of ``pad_multiple``: what the runtime is given."""
        for batch in batches_by_length(windows, batch_tokens or self.batch_tokens, self.pad_multiple):
            ids, mask, _, _ = collate(batch, self.pad_id, self.pad_multiple)
            yield batch, ids, mask

    def _batches(self, windows: list[Window]):
        """Batches ``(windows, hidden, logits)`` (:meth:`padded_batches`, run)."""
        for batch, ids, mask in self.padded_batches(windows):
            yield batch, *self.runtime.run(ids, mask)

    def run(self, windows: list[Window], n_keys: int,
            vectors: dict | None = None) -> tuple[np.ndarray, list[TokenOutput | None]]:
        """Raw (uncalibrated) sentence logits, one row per target key ``0 … n_keys-1``, and the token heads'
        probabilities for each key's tokens. ``vectors``, when given, receives ``key → pooled hidden vector`` (the
        vector the sentence heads read) from the same pass."""
        out = np.zeros((n_keys, len(LABELS)), dtype=np.float32)
        tokens: list[TokenOutput | None] = [None] * n_keys
        heads, extras = list(self.config.token_heads), list(self.config.sentence_extra_heads)
        for batch, hidden, logits in self._batches(windows):
            keys = [k for w in batch for k, _, _ in w.sentence_slices]
            pooled = pool_targets(logits, batch)
            out[keys] = pooled[:, self.layout["sentence"]]
            if vectors is not None:
                vectors.update(zip(keys, pool_targets(hidden, batch)))
            if not heads and not extras:
                continue
            extra = {h: softmax(pooled[:, self.layout[h]]) for h in extras}
            probs = {h: softmax(logits[:, :, self.layout[h]]) for h in heads}
            row = 0
            for b, w in enumerate(batch):
                for (key, s, e), offs in zip(w.sentence_slices, w.slice_offsets):
                    tokens[key] = TokenOutput(offs, {h: probs[h][b, s:e] for h in heads},
                                              {h: p[row] for h, p in extra.items()})
                    row += 1
        return out, tokens

    def sentence_vectors(self, texts: list[str]) -> np.ndarray:
        """The pooled vector the sentence heads read, for each text read alone (e.g. to fit an extra head)."""
        windows = [self.windows.single_window(i, t) for i, t in enumerate(texts)]
        vectors = None
        for batch, hidden, _ in self._batches(windows):
            if vectors is None:
                vectors = np.zeros((len(texts), hidden.shape[-1]), dtype=np.float32)
            vectors[[k for w in batch for k, _, _ in w.sentence_slices]] = pool_targets(hidden, batch)
        return vectors if vectors is not None else np.zeros((0, 0), dtype=np.float32)

    def probabilities(self, logits: np.ndarray) -> np.ndarray:
        """Calibrated probabilities: logits over the temperature, plus the opinion offset a model may carry (chosen
        on held-out CheckThat and gold dev when training with ``--checkthat-holdout``)."""
        z = logits / self.config.temperature
        offset = self.config.thresholds.get("opinion_offset", 0.0)
        if offset:
            z = z.copy()
            z[:, LABEL_TO_ID["opinion"]] += offset
        return softmax(z)

    def _articles(self, articles: list[list[str]], with_vectors: bool = False):
        windows = self.windows.articles_windows(articles)
        vectors: dict | None = {} if with_vectors else None
        logits, tokens = self.run(windows, sum(map(len, articles)), vectors)
        out, i = [], 0
        for sents in articles:
            row = (logits[i: i + len(sents)], tokens[i: i + len(sents)])
            if vectors is not None:
                row += (np.stack([vectors[k] for k in range(i, i + len(sents))]) if sents else
                        np.zeros((0, 0), dtype=np.float32),)
            out.append(row)
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

    def predict_articles_with_vectors(self, articles: list[list[str]]):
        """Per article: (calibrated sentence probabilities, per-sentence TokenOutput or None, pooled sentence vectors
        ``(n_sentences, hidden)``), all from one encoder pass (the vectors feed the article genre head)."""
        return [(self.probabilities(logits), tokens, vecs)
                for logits, tokens, vecs in self._articles(articles, with_vectors=True)]

    def predict_items(self, items: list[ContextItem]) -> np.ndarray:
        return self.predict_items_with_tokens(items)[0]

    def predict_items_with_tokens(self, items: list[ContextItem]):
        windows = [self.windows.single_window(i, it.text, it.before, it.after) for i, it in enumerate(items)]
        logits, tokens = self.run(windows, len(items))
        return self.probabilities(logits), tokens
