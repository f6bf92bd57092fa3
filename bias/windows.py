"""Windows: runs of consecutive sentences (plus a little context) that the encoder reads in one pass, and their
batching. Shared by training and inference; numpy only, no torch."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass
class Window:
    """Token ids of one encoder pass and which tokens belong to which target sentence."""

    input_ids: list[int]
    sentence_slices: list[tuple[int, int, int]]  # (key, token start, token end) for each target sentence
    # character offsets (within its sentence) of each target token, one list per slice
    slice_offsets: list[list[tuple[int, int]]] = field(default_factory=list)
    # training only: tag ids per token for each token head (-100 = no supervision)
    token_labels: dict[str, list[int]] = field(default_factory=dict)


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

    def articles_windows(self, articles: list[list[str]]) -> list[Window]:
        """Windows of several articles' sentences (keys 0 … n-1 over all articles in order), none crossing an
        article, context included."""
        flat = [s for sents in articles for s in sents]
        return self.article_windows(flat, groups=[g for g, sents in enumerate(articles) for _ in sents])

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


def collate(windows: list[Window], pad_id: int, width_multiple: int = 1):
    """Pad windows into int64 arrays ``(input_ids, attention_mask, token_owner)``; ``token_owner`` is the row of the
    target a token belongs to (-1: context, special or padding); target keys come back in row order. The width is
    the longest window's length rounded up to ``width_multiple``."""
    width = padded_width(max(len(w.input_ids) for w in windows), width_multiple)
    input_ids = np.full((len(windows), width), pad_id, dtype=np.int64)
    mask = np.zeros((len(windows), width), dtype=np.int64)
    owner = np.full((len(windows), width), -1, dtype=np.int64)
    keys: list[int] = []
    for b, w in enumerate(windows):
        input_ids[b, : len(w.input_ids)] = w.input_ids
        mask[b, : len(w.input_ids)] = 1
        for key, s, e in w.sentence_slices:
            owner[b, s:e] = len(keys)
            keys.append(key)
    return input_ids, mask, owner, keys


def padded_width(length: int, multiple: int = 1) -> int:
    """``length`` rounded up to a multiple of ``multiple``."""
    return -(-length // multiple) * multiple


def batches_by_length(windows: list[Window], max_tokens: int, width_multiple: int = 1) -> list[list[Window]]:
    """Group windows of similar length so that padding stays small (the batch's padded size ≤ max_tokens, its
    width rounded up to ``width_multiple`` as ``collate`` pads it)."""
    order = sorted(windows, key=lambda w: len(w.input_ids))
    out, cur = [], []
    for w in order:
        width = padded_width(max([len(x.input_ids) for x in cur] + [len(w.input_ids)]), width_multiple)
        if cur and width * (len(cur) + 1) > max_tokens:
            out.append(cur)
            cur = []
        cur.append(w)
    if cur:
        out.append(cur)
    return out


def token_overlap(words: list[tuple[int, int]], offsets) -> np.ndarray:
    """Boolean matrix (words × tokens): token j shares a character with word i. One numpy step per sentence instead
    of a scan of every token for every word."""
    off = np.asarray(offsets, dtype=np.int64).reshape(-1, 2)
    w = np.asarray(words, dtype=np.int64).reshape(-1, 2)
    return (off[None, :, 0] < w[:, 1:2]) & (off[None, :, 1] > w[:, 0:1])
