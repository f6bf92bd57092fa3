"""Loaders for the labelled corpora in ``../shared/datasets`` (training and evaluation only).

The installed package never reads these at run time; they are read from a path the user gives, ``$BIAS_DATASETS``,
or ``../shared/datasets`` beside the repository. Nothing from them is copied into the repository.
"""
from __future__ import annotations

import os
from pathlib import Path

from ..errors import BiasInputError


def datasets_root(path: str | os.PathLike | None = None) -> Path:
    """Locate the shared datasets folder."""
    candidates = [path, os.environ.get("BIAS_DATASETS")]
    repo = Path(__file__).resolve().parents[2]
    candidates += [repo.parent / "shared" / "datasets", Path.cwd().parent / "shared" / "datasets"]
    for c in candidates:
        if c and Path(c).is_dir():
            return Path(c)
    raise BiasInputError("datasets folder not found: pass --datasets PATH or set BIAS_DATASETS")
