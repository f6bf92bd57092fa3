"""The public entry point: ``Analyzer.load()`` then ``.analyze(text)`` or ``.classify(sentences)``."""
from __future__ import annotations

import os
from dataclasses import asdict
from pathlib import Path
from typing import Iterable, Iterator

from . import __version__
from .errors import BiasInputError
from .io import looks_like_html
from .labels import LABELS
from .report import Report, build_report
from .segment import segment_html, segment_text

_LOADED: dict[tuple, "Analyzer"] = {}


class Analyzer:
    """Segments articles, labels their sentences and builds reports.

    >>> from bias import Analyzer
    >>> a = Analyzer.load()
    >>> r = a.classify(["“We will not back down,” the senator said.", "This plan is a disgrace and must be stopped."])
    >>> [x["label"] for x in r]
    ['attributed_claim', 'opinion']
    >>> report = a.analyze("Council Votes\\n\\nThe council voted 7-2 on Tuesday. “It is a good day,” the mayor said.")
    >>> sum(v.count for v in report.summary.values()) == len(report.sentences) == 3
    True
    """

    def __init__(self, classifier, model_path: Path):
        from .genre import GenreHead

        self.classifier = classifier
        self.model_path = model_path
        self.genre_head = GenreHead.load(model_path)  # None when the model folder has no genre_head.json

    @classmethod
    def load(cls, model: str | os.PathLike | None = None, backend: str | None = None,
             batch_tokens: int = 4096) -> "Analyzer":
        """Load a tier (``"accurate"``, the default, or ``"fast"``) or a model folder, on a runtime backend
        (``"openvino"`` by default, ``"onnx"`` or ``"torch"``; see bias/runtime). The graph the backend runs is
        built and verified by ``bias setup``."""
        from .classify import SentenceClassifier
        from .config import resolve_model

        path = resolve_model(model)
        key = (str(path.resolve()), backend or os.environ.get("BIAS_BACKEND"), batch_tokens)
        if key not in _LOADED:  # loading costs seconds; an Analyzer holds no per-article state, so share it
            _LOADED[key] = cls(SentenceClassifier.load(path, backend=backend, batch_tokens=batch_tokens), path)
        return _LOADED[key]

    @property
    def config(self):
        """The model's :class:`bias.config.ModelConfig` (heads, thresholds, encoder), whatever the runtime."""
        return self.classifier.config

    @property
    def tool_info(self) -> dict:
        return {"name": "bias", "version": __version__, "model": self.model_path.name,
                "encoder": self.config.encoder, "runtime": self.classifier.runtime.name}

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
        probs, tokens = self.classifier.predict_items_with_tokens(
            [ContextItem(t, (c or {}).get("before", "") or "", (c or {}).get("after", "") or "") for t, c in zip(items, ctx)]
        )
        heads = self.config.token_heads
        out = []
        for text, p, tok in zip(items, probs, tokens):
            spans = self.classify_spans(text, tok) if heads else None
            if spans:  # the same attribution evidence as in analyze()
                p = self._with_attribution_evidence([spans["sentence"]], p[None, :], spans["attributions"])[0]
            row = {"label": LABELS[int(p.argmax())], "probs": {lab: round(float(x), 4) for lab, x in zip(LABELS, p)}}
            if "loaded" in heads:
                row["loaded_spans"] = [asdict(x) for x in spans["loaded_spans"]]
            if "attribution" in heads:
                row["attributions"] = [asdict(x) for x in spans["attributions"]]
            out.append(row)
        return out[0] if single else out

    def analyze(self, text: str, input_format: str = "auto") -> Report:
        """Segment ``text`` (plain text or an HTML page) and label every sentence in its context."""
        article = self.segment(text, input_format)
        (out,) = self._predict([[s.text for s in article.sentences]], self.genre_head is not None)
        return self._report(article, *out)

    def _predict(self, articles: list[list[str]], with_vectors: bool):
        """Per article: (probabilities, token outputs, pooled sentence vectors or None), from one encoder pass."""
        if with_vectors:
            return self.classifier.predict_articles_with_vectors(articles)
        return [(p, t, None) for p, t in self.classifier.predict_articles_with_tokens(articles)]

    def analyze_many(self, texts: Iterable, input_format: str = "auto", batch_articles: int = 16,
                     errors: str = "raise", text_column: str = "text",
                     with_vectors: bool = False) -> Iterator[Report | BiasInputError]:
        """Analyse many articles, ``batch_articles`` at a time (segmentation, tokenising and report building per chunk;
        encoder batches shared across the chunk's articles); yields reports in input order.

        ``texts`` is any iterable of strings (or a ``datasets.Dataset`` whose ``text_column`` holds them). It is read
        lazily, ``batch_articles`` at a time, so memory stays flat over a corpus of any size. Windows never cross an
        article, and every encoder batch is padded to a multiple of 16 tokens (64 on AMX CPUs:
        ``SentenceClassifier.pad_multiple``),
        so each article gets exactly the report it gets from ``analyze``, whatever it is batched with (in bf16 the
        padded width would otherwise move its probabilities). With ``errors="return"`` an article that
        cannot be analysed yields its :class:`BiasInputError` in its place instead of stopping the run.
        ``with_vectors=True`` yields ``(report, pooled sentence vectors)`` pairs instead (for fitting the genre head).

        >>> from bias import Analyzer
        >>> a = Analyzer.load()
        >>> out = list(a.analyze_many(["The council voted 7-2.", "", "“Fine,” she said."], errors="return"))
        >>> [type(x).__name__ for x in out]
        ['Report', 'BiasInputError', 'Report']
        """
        if errors not in ("raise", "return"):
            raise ValueError("errors must be 'raise' or 'return'")
        if hasattr(texts, "column_names") and text_column in getattr(texts, "column_names", ()):
            texts = (row[text_column] for row in texts)  # a datasets.Dataset
        chunk: list = []
        for text in texts:
            chunk.append(text)
            if len(chunk) >= batch_articles:
                yield from self._analyze_chunk(chunk, input_format, errors, with_vectors)
                chunk = []
        if chunk:
            yield from self._analyze_chunk(chunk, input_format, errors, with_vectors)

    def _analyze_chunk(self, texts: list, input_format: str, errors: str, with_vectors: bool = False):
        articles: list = []
        for text in texts:
            try:
                articles.append(self.segment(text, input_format))
            except BiasInputError as e:
                if errors == "raise":
                    raise
                articles.append(e)
        good = [a for a in articles if not isinstance(a, BiasInputError)]
        outputs = iter(self._predict([[s.text for s in a.sentences] for a in good],
                                     with_vectors or self.genre_head is not None))
        for article in articles:
            if isinstance(article, BiasInputError):
                yield article
            else:
                probs, tokens, vectors = next(outputs)
                report = self._report(article, probs, tokens, vectors)
                yield (report, vectors) if with_vectors else report

    def segment(self, text: str, input_format: str = "auto"):
        """The article's structure and sentences (no model involved); refuses empty input with BiasInputError."""
        if not isinstance(text, str):
            raise BiasInputError(f"the article must be text, not {type(text).__name__}")
        if not text.strip():
            raise BiasInputError("the article is empty")
        is_html = input_format == "html" or (input_format == "auto" and looks_like_html(text))
        article = segment_html(text) if is_html else segment_text(text)
        if not article.sentences:
            raise BiasInputError("no sentences found in the article")
        return article

    def _report(self, article, probs, tokens, vectors=None) -> Report:
        # page furniture is shown but not counted: nothing found in it reaches the ledger, the indices or findings
        furniture = _furniture(article)
        found = self._found_attributions(article, tokens, furniture)
        spans = self._spans(article, tokens, found, embed_attributions(article), furniture)
        # the evidence reads the head's attributions only: an embedded post's label is forced instead
        # (report.build_report), and its probs stay the model's reading
        probs = self._with_attribution_evidence(article.sentences, probs, found)
        report = build_report(article, probs, self.tool_info, **spans)
        if self.genre_head is not None and vectors is not None:
            from .aggregate import apply_genre

            apply_genre(report, self.genre_head.predict(report, vectors))
        return report

    def _with_attribution_evidence(self, sentences, probs, attributions):
        from .attribution import apply_attribution_evidence, content_coverage

        strength = self.config.thresholds.get("attribution_strength", 0.0)
        return apply_attribution_evidence(probs, content_coverage(sentences, attributions), strength)

    def label_articles(self, articles: list[list[str]], strength: float | None = None):
        """Calibrated probabilities for the sentences of several articles, as ``analyze`` computes them (context
        windows, then the attribution evidence when the model has that head); used by the gold evaluator."""
        from .attribution import apply_attribution_evidence

        if strength is None:
            strength = self.config.thresholds.get("attribution_strength", 0.0)
        return [apply_attribution_evidence(p, cov, strength) for p, cov in self.probs_and_coverage(articles)]

    def probs_and_coverage(self, articles: list[list[str]]):
        """Per article: (sentence probabilities before attribution evidence, attributed-content coverage: an
        :class:`bias.attribution.Coverage`)."""
        from .attribution import content_coverage, extract_attributions
        from .segment import Sentence

        out = []
        has_head = "attribution" in self.config.token_heads
        for sents, (probs, tokens) in zip(articles, self.classifier.predict_articles_with_tokens(articles)):
            objs, pos = [], 0
            for i, t in enumerate(sents):
                objs.append(Sentence(i, pos, pos + len(t), t, "body", 0, 0))
                pos += len(t) + 1
            atts = extract_attributions(objs, tokens) if has_head else []
            out.append((probs, content_coverage(objs, atts)))
        return out

    def _found_attributions(self, article, tokens, furniture: set[int]) -> list:
        """The attribution head's attributions outside page furniture (the sentence indices ``furniture``; empty
        when the model has no such head)."""
        from .attribution import extract_attributions

        if "attribution" not in self.config.token_heads:
            return []
        return [a for a in extract_attributions(article.sentences, tokens) if a.sentence not in furniture]

    def _spans(self, article, tokens, found: list, posts: list, furniture: set[int]) -> dict:
        """Attributions (the head's, ``found``, and the embedded posts', ``posts``, in sentence order) and the source
        ledger, loaded spans with their voice (when the model has those heads), hedges and intensifiers outside the
        page furniture (``furniture``), and the headline's assessment."""
        from .attribution import build_ledger, content_ranges
        from .loaded import assess_headline, find_loaded, markers

        cfg = self.config
        atts = sorted(found + posts, key=lambda a: a.sentence)
        ledger = build_ledger(atts, article.text)
        names = {e.id: e.name for e in ledger}
        loaded = find_loaded(article.sentences, tokens, cfg.thresholds.get("loaded", 0.5),
                             content_ranges(atts, article.sentences, names)) if "loaded" in cfg.token_heads else []
        loaded = [x for x in loaded if x.sentence not in furniture]
        marks = [m for s in article.sentences if s.index not in furniture for m in markers(s.text, s.start, s.index)]
        head = next((s for s in article.sentences if s.kind == "headline"), None)
        assessment = None
        if head is not None:
            in_head = [(x.start - head.start, x.end - head.start, x.score) for x in loaded if x.sentence == head.index]
            head_out = tokens[head.index] if tokens else None
            clickbait = head_out.sentence.get("clickbait") if head_out is not None else None
            assessment = assess_headline(head.text, head.index, in_head,
                                         float(clickbait[1]) if clickbait is not None else None)
        return {"loaded_spans": loaded, "markers": marks, "headline_assessment": assessment,
                "attributions": atts, "ledger": ledger}

    def classify_spans(self, text: str, tokens) -> dict:
        """Loaded spans and attributions of one sentence read alone (offsets relative to the sentence)."""
        from .attribution import build_ledger, content_ranges, extract_attributions
        from .loaded import find_loaded
        from .segment import Sentence

        cfg = self.config
        sent = Sentence(0, 0, len(text), text, "body", 0, 0)
        atts = extract_attributions([sent], [tokens]) if "attribution" in cfg.token_heads else []
        ledger = build_ledger(atts, text)
        loaded = find_loaded([sent], [tokens], cfg.thresholds.get("loaded", 0.5),
                             content_ranges(atts, [sent], {e.id: e.name for e in ledger})) \
            if "loaded" in cfg.token_heads else []
        return {"loaded_spans": loaded, "attributions": atts, "sentence": sent}


def _furniture(article) -> set[int]:
    """Indices of the page-furniture sentences (segment.py): shown, never labelled or counted."""
    return {s.index for s in article.sentences if s.kind == "furniture"}


def embed_attributions(article) -> list:
    """One attribution per embedded post (segment.Embed): the account in its signature is the source, the post's
    sentences are the content, so the account enters the ledger and loaded words in the post are quoted. They are
    kept apart from the head's attributions (``Analyzer._report``): they add no attribution evidence."""
    from .attribution import Attribution, Span

    out = []
    for e in getattr(article, "embeds", []):
        content = [Span(article.sentences[i].start, article.sentences[i].end, article.sentences[i].text)
                   for i in e.sentences if article.sentences[i].kind != "furniture"]
        if not content:
            continue
        out.append(Attribution(sentence=e.signature if e.signature is not None else e.sentences[0], cue=None,
                               source=Span(e.account.start, e.account.end, e.account.text), content=content,
                               source_type="named", cue_stance="neutral", reporting=True))
    return out
