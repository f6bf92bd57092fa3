"""bias: an offline, CPU-fast editorial-bias and opinion-separation analyzer for news articles.

>>> from bias import Analyzer            # doctest: +SKIP
>>> a = Analyzer.load()                  # doctest: +SKIP
>>> a.analyze(open("article.txt").read()).summary   # doctest: +SKIP
"""
__version__ = "0.1.0"

__all__ = ["Analyzer", "Report", "__version__"]


def __getattr__(name):
    # Imported lazily so that `import bias` stays cheap (torch loads only when a model is needed).
    if name == "Analyzer":
        from .analyzer import Analyzer

        return Analyzer
    if name == "Report":
        from .report import Report

        return Report
    raise AttributeError(name)
