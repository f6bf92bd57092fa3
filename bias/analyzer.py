"""The public entry point: ``Analyzer.load()`` then ``.analyze(text)`` or ``.classify(sentences)``."""
from __future__ import annotations

import os
from pathlib import Path

from . import __version__
from .errors import BiasInputError, BiasSetupError
from .io import looks_like_html
from .labels import LABELS
from .report import Report, build_report
from .segment import segment_html, segment_text

DEFAULT_MODEL = "bias-mpnet-v0"
MODELS_DIR = Path(__file__).resolve().parents[1] / "models"


_LOADED: dict[tuple[str, int], "Analyzer"] = {}


def default_model_path() -> Path:
    """``$BIAS_MODEL`` if set, else the shipped model in the repository's ``models/`` folder."""
    return Path(os.environ.get("BIAS_MODEL", MODELS_DIR / DEFAULT_MODEL))


class Analyzer:
    """Segments articles, labels their sentences and builds reports.

    >>> from bias import Analyzer
    >>> a = Analyzer.load()
    >>> r = a.classify(["The council voted 7-2 on Tuesday.", "This plan is a disgrace and must be stopped."])
    >>> [x["label"] for x in r]
    ['reported_fact', 'opinion']
    >>> report = a.analyze("Council Votes\\n\\nThe council voted 7-2 on Tuesday. “It is a good day,” the mayor said.")
    >>> report.summary["reported_fact"].count >= 1
    True
    """

    def __init__(self, classifier, model_path: Path):
        self.classifier = classifier
        self.model_path = model_path

    @classmethod
    def load(cls, model: str | os.PathLike | None = None, batch_tokens: int = 4096) -> "Analyzer":
        """Load a model folder (default: the shipped model); base weights are assembled and checked on first use."""
        from .classify import SentenceClassifier

        path = Path(model) if model else default_model_path()
        if not (path / "config.json").exists():
            raise BiasSetupError(f"no model found at {path}")
        key = (str(path.resolve()), batch_tokens)
        if key not in _LOADED:  # loading costs seconds; an Analyzer holds no per-article state, so share it
            _LOADED[key] = cls(SentenceClassifier.load(path, batch_tokens=batch_tokens), path)
        return _LOADED[key]

    @property
    def tool_info(self) -> dict:
        return {"name": "bias", "version": __version__, "model": self.model_path.name,
                "encoder": self.classifier.model.config.encoder}

    def classify(self, sentences, contexts: list[dict] | None = None):
        """Label sentences read on their own (or with ``contexts[i] = {"before": …, "after": …}``).

        Returns a dict ``{"label", "probs"}`` per sentence (a single dict for a single string).
        """
        from .classify import ContextItem

        single = isinstance(sentences, str)
        items = [sentences] if single else list(sentences)
        ctx = contexts or [{}] * len(items)
        if len(ctx) != len(items):
            raise BiasInputError("contexts must have one entry per sentence")
        probs = self.classifier.predict_items(
            [ContextItem(t, (c or {}).get("before", "") or "", (c or {}).get("after", "") or "") for t, c in zip(items, ctx)]
        )
        out = [{"label": LABELS[int(p.argmax())], "probs": {lab: round(float(x), 4) for lab, x in zip(LABELS, p)}}
               for p in probs]
        return out[0] if single else out

    def analyze(self, text: str, input_format: str = "auto") -> Report:
        """Segment ``text`` (plain text or an HTML page) and label every sentence in its context."""
        if not isinstance(text, str) or not text.strip():
            raise BiasInputError("the article is empty")
        is_html = input_format == "html" or (input_format == "auto" and looks_like_html(text))
        article = segment_html(text) if is_html else segment_text(text)
        if not article.sentences:
            raise BiasInputError("no sentences found in the article")
        probs = self.classifier.predict_articles([[s.text for s in article.sentences]])[0]
        return build_report(article, probs, self.tool_info)
