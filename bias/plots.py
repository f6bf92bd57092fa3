"""PNG plots for evaluation runs (matplotlib, no display needed)."""
from __future__ import annotations

from pathlib import Path

import numpy as np


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def confusion_matrix_png(matrix: list[list[int]], labels: list[str], path: Path, title: str) -> Path:
    """Counts with row-normalised colour (recall per gold label)."""
    from sklearn.metrics import ConfusionMatrixDisplay

    plt = _pyplot()
    cm = np.array(matrix)
    fig, ax = plt.subplots(figsize=(5.2, 4.4), dpi=120)
    ConfusionMatrixDisplay(cm, display_labels=labels).plot(ax=ax, cmap="Blues", colorbar=False, values_format="d")
    ax.set_title(title, fontsize=10)
    ax.set_xlabel("predicted")
    ax.set_ylabel("gold")
    plt.setp(ax.get_xticklabels(), rotation=20, ha="right")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def reliability_bins(confidence: np.ndarray, correct: np.ndarray, bins: int = 10) -> list[dict]:
    """Equal-width confidence bins: count, mean confidence and accuracy (the data behind the diagram and ECE)."""
    edges = np.linspace(0, 1, bins + 1)
    out = []
    for lo, hi in zip(edges[:-1], edges[1:]):
        sel = (confidence > lo) & (confidence <= hi)
        out.append({"low": float(lo), "high": float(hi), "n": int(sel.sum()),
                    "confidence": float(confidence[sel].mean()) if sel.any() else None,
                    "accuracy": float(correct[sel].mean()) if sel.any() else None})
    return out


def reliability_png(bins: list[dict], path: Path, title: str, xlabel: str = "confidence of the predicted label") -> Path:
    plt = _pyplot()
    fig, (ax, hist) = plt.subplots(2, 1, figsize=(5, 5.4), dpi=120, sharex=True,
                                   gridspec_kw={"height_ratios": [3, 1]})
    centers = [(b["low"] + b["high"]) / 2 for b in bins]
    width = bins[0]["high"] - bins[0]["low"]
    acc = [b["accuracy"] if b["accuracy"] is not None else 0 for b in bins]
    ax.bar(centers, acc, width=width * 0.9, color="#4c78a8", label="accuracy in bin")
    ax.plot([0, 1], [0, 1], "--", color="#888", label="perfect calibration")
    conf = [(c, b["confidence"]) for c, b in zip(centers, bins) if b["confidence"] is not None]
    ax.plot([c for c, _ in conf], [v for _, v in conf], "o", color="#e45756", markersize=4, label="mean confidence")
    ax.set_ylim(0, 1)
    ax.set_ylabel("accuracy")
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8, loc="upper left")
    hist.bar(centers, [b["n"] for b in bins], width=width * 0.9, color="#999")
    hist.set_ylabel("sentences")
    hist.set_xlabel(xlabel)
    hist.set_xlim(0, 1)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path
