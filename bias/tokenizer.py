"""Tokenisation with the ``tokenizers`` library straight from an encoder's tokenizer.json (no transformers)."""
from __future__ import annotations

import json
from pathlib import Path

from tokenizers import Tokenizer

from .segment import replace_lone_surrogates


class EncoderTokenizer:
    """The subset of a Hugging Face tokenizer that :class:`bias.windows.WindowBuilder` uses, with the same ids and
    character offsets (checked on the gold sentences by the runtime equivalence test)."""

    def __init__(self, folder: Path):
        folder = Path(folder)
        self._tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self._tok.no_truncation()
        self._tok.no_padding()
        special = json.loads((folder / "special_tokens_map.json").read_text())

        def token_id(key: str) -> int | None:
            tok = special.get(key)
            tok = tok.get("content") if isinstance(tok, dict) else tok
            return self._tok.token_to_id(tok) if tok else None

        self.cls_token_id = token_id("cls_token") if token_id("cls_token") is not None else token_id("bos_token")
        self.sep_token_id = token_id("sep_token") if token_id("sep_token") is not None else token_id("eos_token")
        self.pad_token_id = token_id("pad_token") or 0

    def __call__(self, texts: list[str], add_special_tokens: bool = False, truncation: bool = True,
                 max_length: int | None = None, return_offsets_mapping: bool = True) -> dict:
        # A lone surrogate cannot cross into Rust; U+FFFD takes its place one for one, so offsets still hold.
        texts = [replace_lone_surrogates(t) for t in texts]
        encs = self._tok.encode_batch(texts, add_special_tokens=add_special_tokens)
        cut = max_length if truncation and max_length else None
        return {"input_ids": [e.ids[:cut] for e in encs], "offset_mapping": [e.offsets[:cut] for e in encs]}
