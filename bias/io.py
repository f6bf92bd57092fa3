"""Reading user input safely: every problem becomes a one-line BiasInputError, never a traceback."""
from __future__ import annotations

import sys
from pathlib import Path

from .errors import BiasInputError

DEFAULT_MAX_BYTES = 5_000_000  # 5 MB: far above any news article; raise with --max-bytes


def read_bytes(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Read ``path`` (or ``-`` for standard input) with a size limit."""
    if path == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        name = "standard input"
    else:
        p = Path(path)
        if not p.exists():
            raise BiasInputError(f"{path}: no such file")
        if p.is_dir():
            raise BiasInputError(f"{path}: is a directory, not a file")
        size = p.stat().st_size
        if size > max_bytes:
            raise BiasInputError(f"{path}: {size:,} bytes is over the size limit of {max_bytes:,} bytes "
                                 "(raise it with --max-bytes)")
        try:
            data = p.read_bytes()
        except OSError as e:
            raise BiasInputError(f"{path}: cannot be read ({e.strerror})") from None
        name = path
    if len(data) > max_bytes:
        raise BiasInputError(f"{name}: input is over the size limit of {max_bytes:,} bytes (raise it with --max-bytes)")
    return data


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 text with a clear error for binary, non-UTF-8 or empty input."""
    if b"\x00" in data[:8192]:
        raise BiasInputError(f"{name}: looks like a binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise BiasInputError(f"{name}: not valid UTF-8 (byte {e.start}); convert it to UTF-8 first") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise BiasInputError(f"{name}: is empty")
    return text


def looks_like_html(text: str, path: str = "") -> bool:
    if path.lower().endswith((".html", ".htm", ".xhtml")):
        return True
    head = text.lstrip()[:500].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in text)


def read_text(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    return decode_text(read_bytes(path, max_bytes), "standard input" if path == "-" else path)
