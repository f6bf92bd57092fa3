"""`--group-by`: per-group means of the main indices with seeded bootstrap 95 % intervals, as a table, CSV and PNG.

Read back from the finished output (so resumed runs count every article). An index that is undefined for an article
(null: no opinion sentence, no typed source, …) leaves that article out of that index's mean; ``<metric>_n`` says how
many articles each mean rests on.
"""
from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np

from ..evaluators import resamples
from .sinks import lookup

# (column, path in the report's indices, label)
METRICS = [
    ("opinion_share", "label_shares.opinion.by_sentences", "opinion share"),
    ("news_body_opinion_share", "opinion_separation.news_body_opinion_share", "news-body opinion share"),
    ("writer_loaded_per_100_words", "writer_loaded_per_100_words.value", "writer's loaded / 100 words"),
    ("anonymous_source_share", "sourcing.value", "anonymous-source share"),
    ("hedges_per_100_words", "hedges_per_100_words.value", "hedges / 100 words"),
]
MISSING = "(missing)"


def mean_ci(values, n_boot: int = 1000, seed: int = 0) -> tuple[float | None, float | None, float | None]:
    """Mean and seeded bootstrap 95 % interval (``bias.evaluators.resamples``)."""
    v = np.asarray(values, dtype=float)
    if len(v) == 0:
        return None, None, None
    if len(v) == 1:
        return float(v[0]), float(v[0]), float(v[0])
    means = [float(v[pick].mean()) for pick in resamples(len(v), n_boot, seed)]
    lo, hi = np.percentile(means, [2.5, 97.5])
    return float(v.mean()), float(lo), float(hi)


def _rows(output: Path, group_by: str, folder: bool):
    """(group, error?, {metric: value}) per article of the output."""
    from .sinks import table_for

    table = table_for(Path(output), "articles")
    parquet = Path(output).suffix.lower() in (".parquet", ".pq")
    if parquet:
        import pyarrow.parquet as pq

        names = pq.ParquetFile(output).schema_arrow.names
        cols = ["id", "error"] + [m for m, _, _ in METRICS] + ([group_by] if group_by in names else [])
        rows = table.iter_rows(columns=cols)
    else:
        rows = table.iter_rows()
    for row in rows:
        group = str(Path(row["id"]).parent.as_posix()) if folder else row.get(group_by)
        group = MISSING if group is None or (isinstance(group, float) and math.isnan(group)) else str(group)
        if parquet:
            values = {m: row.get(m) for m, _, _ in METRICS}
        else:
            indices = (row.get("report") or {}).get("indices")
            values = {m: lookup(indices, path) for m, path, _ in METRICS}
        yield group, row.get("error") is not None, values


def group_summary(output: Path, group_by: str, folder: bool = False, n_boot: int = 1000) -> list[dict]:
    """One dict per group (most articles first): articles, analysed, and per metric its n, mean, ci_low, ci_high."""
    groups: dict[str, dict] = {}
    for group, failed, values in _rows(output, group_by, folder):
        g = groups.setdefault(group, {"articles": 0, "failed": 0, "values": {m: [] for m, _, _ in METRICS}})
        g["articles"] += 1
        g["failed"] += failed
        for m, v in values.items():
            if v is not None and not (isinstance(v, float) and math.isnan(v)):
                g["values"][m].append(float(v))
    out = []
    for name, g in sorted(groups.items(), key=lambda kv: (-kv[1]["articles"], kv[0])):
        row = {"group": name, "articles": g["articles"], "analysed": g["articles"] - g["failed"]}
        for m, _, _ in METRICS:
            mean, lo, hi = mean_ci(g["values"][m], n_boot)
            row.update({f"{m}_n": len(g["values"][m]), f"{m}_mean": mean, f"{m}_ci_low": lo, f"{m}_ci_high": hi})
        out.append(row)
    return out


def summary_columns() -> list[str]:
    cols = ["group", "articles", "analysed"]
    for m, _, _ in METRICS:
        cols += [f"{m}_n", f"{m}_mean", f"{m}_ci_low", f"{m}_ci_high"]
    return cols


def write_summary_csv(groups: list[dict], path: Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=summary_columns(), lineterminator="\n")
        w.writeheader()
        for g in groups:
            w.writerow({k: (round(v, 6) if isinstance(v, float) else v) for k, v in g.items()})
    return path


def plot_groups(groups: list[dict], path: Path, group_by: str, max_groups: int = 30) -> Path:
    """One panel per index: each group's mean with its 95 % interval (the groups with most articles)."""
    from ..plots import _pyplot

    plt = _pyplot()
    shown = groups[:max_groups]
    names = [f"{g['group']} (n={g['articles']})" for g in shown]
    fig, axes = plt.subplots(1, len(METRICS), figsize=(3.2 * len(METRICS), 1.2 + 0.32 * max(1, len(shown))),
                             dpi=110, sharey=True)
    y = np.arange(len(shown))
    for ax, (m, _, label) in zip(axes, METRICS):
        means = [g[f"{m}_mean"] for g in shown]
        ok = [i for i, v in enumerate(means) if v is not None]
        if ok:
            lo = [means[i] - shown[i][f"{m}_ci_low"] for i in ok]
            hi = [shown[i][f"{m}_ci_high"] - means[i] for i in ok]
            ax.errorbar([means[i] for i in ok], y[ok], xerr=[lo, hi], fmt="o", color="#4c78a8", ecolor="#9ab",
                        capsize=3, markersize=4)
        ax.set_title(label, fontsize=8)
        ax.grid(axis="x", alpha=0.3)
        ax.tick_params(labelsize=7)
    axes[0].set_yticks(y)
    axes[0].set_yticklabels(names, fontsize=7)
    axes[0].invert_yaxis()
    fig.suptitle(f"bias batch by {group_by}: means with bootstrap 95 % intervals", fontsize=9)
    fig.tight_layout()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
    return path


def render_groups(groups: list[dict], group_by: str, console) -> None:
    """The per-group table on the terminal: each mean with its interval."""
    from rich.table import Table

    t = Table(title=f"by {group_by} (mean [95 % CI])", title_justify="left")
    t.add_column(group_by)
    t.add_column("articles", justify="right")
    for m, _, label in METRICS:
        t.add_column(label, justify="right")

    def fmt(g, m):
        if g[f"{m}_mean"] is None:
            return "–"
        return f"{g[f'{m}_mean']:.2f} [{g[f'{m}_ci_low']:.2f}–{g[f'{m}_ci_high']:.2f}]"

    for g in groups:
        t.add_row(g["group"], f"{g['articles']:,}", *[fmt(g, m) for m, _, _ in METRICS])
    console.print(t)
