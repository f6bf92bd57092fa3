"""`bias batch`: score article collections (JSONL, CSV/TSV, Parquet, a folder) losslessly and resumably.

``sources`` reads the input lazily and checks its ids, ``sinks`` writes the article and sentence tables (JSONL or
Parquet) with resume after any kill, ``runner`` is the local engine over ``Analyzer.analyze_many``, ``ray_engine`` the
same scoring on Ray Data (Ray is imported only there), ``summary`` the ``--group-by`` table and plot.

>>> from pathlib import Path
>>> from bias.batch import Job, Spec, run
>>> stats = run(Job(Spec(Path("corpus.jsonl"), keep_cols=["outlet"]), Path("out.parquet")))  # doctest: +SKIP
"""
from .runner import Job, Stats, run
from .sources import Spec

__all__ = ["Job", "Spec", "Stats", "run"]
