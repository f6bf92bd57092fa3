"""The article's genre verdict: ``news_report``, ``opinion`` or ``satire``, with calibrated probabilities.

A small article-level head (multinomial logistic regression, run in numpy) reads what the one encoder pass already
gives, nothing more:

- the mean of the pooled vectors of the body sentences (the vectors the sentence heads read; bias/classify.py);
- three dozen named features of the report: label shares and mean probabilities, the writer's first- and
  second-person voice, questions, exclamations and imperatives, loaded-phrase, hedge and intensifier rates, quote
  share, sourcing, headline style (:func:`article_features`).

The head lives in the model folder as ``genre_head.json`` (written by ``tools/train_genre.py``: weights, feature
names and standardisation, temperature, training-data summary and scores). A model folder without it gives
``report.genre = None``. The probabilities are temperature-scaled on cross-validated training predictions with the
news reports and opinion pieces weighted equally, i.e. calibrated for equal news/opinion priors (the training
prior, 88 % opinion, is no world prior).

Evidence: the head is linear, so the verdict's margin (its logit minus the mean of the other logits) is a sum of
per-feature contributions; the mean-vector part splits exactly into per-sentence contributions (each body sentence
adds ``w · v_i / n``). The sentences and named features that add most to the margin are the evidence.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np

GENRES = ("news_report", "opinion", "satire")
SEMEVAL_GENRES = {"reporting": "news_report", "opinion": "opinion", "satire": "satire"}
HEAD_FILE = "genre_head.json"
EVIDENCE_SENTENCES = 3
EVIDENCE_FEATURES = 4
MIN_CONTRIBUTION = 0.05  # logits: smaller contributions are not named as evidence

WORD = re.compile(r"[\w'’-]+")
QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|‘[^’]{12,}’")
FIRST_SINGULAR = re.compile(r"\b(i|me|my|mine|myself|i'm|i’m|i've|i’ve|i'd|i’d|i'll|i’ll)\b", re.IGNORECASE)
FIRST_PLURAL = re.compile(r"\b(we|us|our|ours|ourselves|we're|we’re|we've|we’ve|let's|let’s)\b", re.IGNORECASE)
SECOND = re.compile(r"\b(you|your|yours|yourself|yourselves|you're|you’re|you've|you’ve)\b", re.IGNORECASE)
IMPERATIVE = re.compile(
    r"^\s*(let|don't|don’t|do not|imagine|consider|remember|think|look|note|ask|never|stop|read|watch|take|make|"
    r"keep|forget|believe|call|tell|demand|join|vote|share|see|wake|get|give|go|just)\b", re.IGNORECASE)
DAYS = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.IGNORECASE)
DATELINE = re.compile(r"^[A-Z][A-Z .,'-]{2,}(\([^)]*\))?\s*[—–-]")
NUMBER = re.compile(r"\d")


# Plain words for each named feature (findings and the terminal name the features that weigh most).
FEATURE_WORDS = {
    "share_reported_fact": "share of sentences labelled reported fact",
    "share_attributed_claim": "share of sentences labelled attributed claim",
    "share_opinion": "share of sentences labelled opinion",
    "mean_p_reported_fact": "mean probability of reported fact",
    "mean_p_attributed_claim": "mean probability of attributed claim",
    "mean_p_opinion": "mean probability of opinion",
    "char_share_reported_fact": "share of text labelled reported fact",
    "char_share_attributed_claim": "share of text labelled attributed claim",
    "char_share_opinion": "share of text labelled opinion",
    "first_singular_per_100w": "the writer's “I / me / my” per 100 words",
    "first_plural_per_100w": "the writer's “we / us / our” per 100 words",
    "second_person_per_100w": "the writer's “you” per 100 words",
    "question_share": "share of sentences that are questions",
    "exclamation_share": "share of sentences with an exclamation mark",
    "imperative_share": "share of sentences in the imperative",
    "quote_char_share": "share of text inside quotation marks",
    "writer_loaded_per_100w": "the writer's loaded phrases per 100 words",
    "quoted_loaded_per_100w": "quoted loaded phrases per 100 words",
    "hedges_per_100w": "hedges per 100 words",
    "intensifiers_per_100w": "intensifiers per 100 words",
    "citations_per_sentence": "cited sources per sentence",
    "cited_sentence_share": "share of sentences citing a source",
    "named_sources_per_sentence": "named sources per sentence",
    "anonymous_sources_per_sentence": "anonymous sources per sentence",
    "evaluative_cue_share": "share of citations with an evaluative or distancing cue",
    "numbers_per_100w": "digits per 100 words",
    "weekday_mentions_per_100w": "weekday mentions per 100 words",
    "dateline": "a dateline",
    "mean_sentence_words": "mean sentence length",
    "headline_present": "a headline",
    "headline_sensationalism": "headline sensationalism",
    "headline_question": "a question in the headline",
    "headline_exclamation": "an exclamation in the headline",
    "headline_opinion": "a headline labelled opinion",
    "headline_first_second_person": "first or second person in the headline",
    "headline_words": "headline length",
    # not a named feature: the whole mean-vector block, as one item of evidence (value: body sentences read)
    "sentence_vectors": "what the body sentences say and how they say it (their pooled vectors)",
}


def describe_feature(item: dict) -> str:
    """``{"name", "value", …}`` → "the writer's “I / me / my” per 100 words: 2.10"."""
    words = FEATURE_WORDS.get(item["name"], item["name"])
    if item["name"] == "sentence_vectors":
        return words
    if item["name"] in BINARY_FEATURES:
        return words if item["value"] else f"no {words.removeprefix('a ').removeprefix('an ')}"
    return f"{words}: {item['value']:.2f}"


BINARY_FEATURES = {"dateline", "headline_present", "headline_question", "headline_exclamation", "headline_opinion",
                   "headline_first_second_person"}


def _rate(n: float, words: int) -> float:
    return 100.0 * n / max(1, words)


def article_features(report) -> dict[str, float]:
    """Named article-level features of a report (sentence labels, voice, style, sourcing, headline).

    They read only the label shares, spans and ledger the encoder pass gave, never the genre-dependent fields, so
    training (no head) and inference (with a head) see the same values."""
    from .aggregate import count_words

    body = [s for s in report.sentences if s.kind == "body"]
    n = max(1, len(body))
    texts = [s.text for s in body]
    words = sum(count_words(t) for t in texts) or 1
    chars = sum(len(t) for t in texts) or 1
    own = [QUOTED.sub(" ", t) for t in texts]  # the writer's own words: quotations removed
    own_words = sum(count_words(t) for t in own) or 1
    body_ids = {s.index for s in body}
    f: dict[str, float] = {}
    for lab in ("reported_fact", "attributed_claim", "opinion"):
        f[f"share_{lab}"] = sum(s.label == lab for s in body) / n
        f[f"mean_p_{lab}"] = sum(s.probs[lab] for s in body) / n
        f[f"char_share_{lab}"] = sum(len(s.text) for s in body if s.label == lab) / chars
    f["first_singular_per_100w"] = _rate(sum(len(FIRST_SINGULAR.findall(t)) for t in own), own_words)
    f["first_plural_per_100w"] = _rate(sum(len(FIRST_PLURAL.findall(t)) for t in own), own_words)
    f["second_person_per_100w"] = _rate(sum(len(SECOND.findall(t)) for t in own), own_words)
    f["question_share"] = sum(t.rstrip(" ”\"’')").endswith("?") for t in own) / n
    f["exclamation_share"] = sum("!" in t for t in own) / n
    f["imperative_share"] = sum(bool(IMPERATIVE.match(t)) for t in own) / n
    f["quote_char_share"] = sum(sum(len(m) for m in QUOTED.findall(t)) for t in texts) / chars
    writer = [sp for sp in report.loaded_spans if sp.voice == "writer" and sp.sentence in body_ids]
    f["writer_loaded_per_100w"] = _rate(len(writer), words)
    f["quoted_loaded_per_100w"] = _rate(sum(sp.voice != "writer" for sp in report.loaded_spans), words)
    f["hedges_per_100w"] = _rate(sum(m.kind == "hedge" and m.sentence in body_ids for m in report.markers), words)
    f["intensifiers_per_100w"] = _rate(sum(m.kind == "intensifier" and m.sentence in body_ids
                                           for m in report.markers), words)
    cites = [a for a in report.attributions if a.reporting and a.sentence in body_ids]
    f["citations_per_sentence"] = len(cites) / n
    f["cited_sentence_share"] = len({a.sentence for a in cites}) / n
    f["named_sources_per_sentence"] = sum(e.type == "named" for e in report.ledger) / n
    f["anonymous_sources_per_sentence"] = sum(e.type == "anonymous" for e in report.ledger) / n
    f["evaluative_cue_share"] = (sum(a.cue_stance in ("evaluative", "distancing") for a in cites) / len(cites)
                                 if cites else 0.0)
    f["numbers_per_100w"] = _rate(sum(len(NUMBER.findall(t)) for t in texts), words)
    f["weekday_mentions_per_100w"] = _rate(sum(len(DAYS.findall(t)) for t in texts), words)
    f["dateline"] = float(bool(texts) and bool(DATELINE.match(texts[0])))
    f["mean_sentence_words"] = words / n
    head = report.headline
    ha = report.headline_assessment
    f["headline_present"] = float(head is not None)
    f["headline_sensationalism"] = float(ha.score) if ha else 0.0
    f["headline_question"] = float(bool(head) and "?" in head.text)
    f["headline_exclamation"] = float(bool(head) and "!" in head.text)
    f["headline_opinion"] = float(bool(head) and head.label == "opinion")
    f["headline_first_second_person"] = float(bool(head) and bool(FIRST_SINGULAR.search(head.text) or
                                                                  FIRST_PLURAL.search(head.text) or
                                                                  SECOND.search(head.text)))
    f["headline_words"] = float(count_words(head.text)) if head else 0.0
    return f


def body_vectors(report, vectors: np.ndarray) -> tuple[list[int], np.ndarray]:
    """The body sentences' indices and their pooled vectors (rows of ``vectors`` are in sentence order)."""
    idx = [s.index for s in report.sentences if s.kind == "body"]
    if vectors is None or len(vectors) == 0 or not idx:
        return idx, np.zeros((len(idx), 0), dtype=np.float32)
    return idx, np.asarray(vectors, dtype=np.float32)[idx]


class GenreHead:
    """The article-level genre head of a model folder (``genre_head.json``)."""

    def __init__(self, spec: dict):
        self.spec = spec
        self.classes = list(spec["classes"])
        self.features = list(spec["features"])
        self.mean = np.array(spec["feature_mean"], dtype=np.float64)
        self.scale = np.array(spec["feature_scale"], dtype=np.float64)
        self.w_feat = np.array(spec["weights_features"], dtype=np.float64)  # (classes, features)
        self.w_vec = np.array(spec["weights_vector"], dtype=np.float64)  # (classes, hidden) or (classes, 0)
        self.vec_mean = np.array(spec.get("vector_mean", []), dtype=np.float64)
        self.vec_scale = np.array(spec.get("vector_scale", []), dtype=np.float64)
        self.bias = np.array(spec["bias"], dtype=np.float64)
        self.temperature = float(spec.get("temperature", 1.0))

    @classmethod
    def load(cls, folder) -> "GenreHead | None":
        path = Path(folder) / HEAD_FILE
        if not path.is_file():
            return None
        return cls(json.loads(path.read_text(encoding="utf-8")))

    @property
    def uses_vectors(self) -> bool:
        return self.w_vec.size > 0

    def design(self, feats: dict[str, float], mean_vector: np.ndarray | None):
        """Standardised feature row and standardised mean vector (the head's two input blocks)."""
        x = (np.array([feats.get(k, 0.0) for k in self.features], dtype=np.float64) - self.mean) / self.scale
        v = None
        if self.uses_vectors:
            v = (np.asarray(mean_vector, dtype=np.float64) - self.vec_mean) / self.vec_scale
        return x, v

    def logits(self, x: np.ndarray, v: np.ndarray | None) -> np.ndarray:
        z = self.w_feat @ x + self.bias
        if v is not None:
            z = z + self.w_vec @ v
        return z / self.temperature

    def predict(self, report, vectors: np.ndarray | None) -> dict:
        """``{"label", "probs", "evidence": {"sentences", "spans", "features"}}`` for one report."""
        feats = article_features(report)
        idx, vecs = body_vectors(report, vectors)
        if self.uses_vectors and (vecs.shape[1] != self.w_vec.shape[1] or not idx):
            mean_vec = self.vec_mean  # no body sentence: the vector block stays neutral
            vecs = np.zeros((0, self.w_vec.shape[1]))
        else:
            mean_vec = vecs.mean(axis=0) if len(idx) else None
        x, v = self.design(feats, mean_vec)
        z = self.logits(x, v)
        p = np.exp(z - z.max())
        p /= p.sum()
        k = int(p.argmax())
        label = self.classes[k]
        # the verdict's margin: its logit minus the mean of the other classes' logits, split into contributions
        others = [j for j in range(len(self.classes)) if j != k]
        dw_feat = (self.w_feat[k] - self.w_feat[others].mean(axis=0)) / self.temperature
        contrib = dw_feat * x
        items = [(float(contrib[j]), {"name": self.features[j], "value": round(float(feats.get(self.features[j], 0.0)), 4),
                                      "contribution": round(float(contrib[j]), 3)})
                 for j in range(len(self.features))
                 # an absent binary trait ("no dateline") is not evidence of anything
                 if not (self.features[j] in BINARY_FEATURES and not feats.get(self.features[j]))]
        sentences: list[int] = []
        if self.uses_vectors and len(idx) and len(vecs):
            dw_vec = (self.w_vec[k] - self.w_vec[others].mean(axis=0)) / self.temperature / self.vec_scale
            per_sentence = (vecs - self.vec_mean) @ dw_vec / len(idx)  # sums to the vector block's contribution
            order = np.argsort(-per_sentence)
            sentences = sorted(int(idx[j]) for j in order[:EVIDENCE_SENTENCES] if per_sentence[j] > 0)
            total = float(per_sentence.sum())
            items.append((total, {"name": "sentence_vectors", "value": float(len(idx)), "contribution": round(total, 3)}))
        features = [item for c, item in sorted(items, key=lambda t: -t[0])[:EVIDENCE_FEATURES]
                    if c >= MIN_CONTRIBUTION]
        return {"label": label,
                "probs": {c: round(float(x_), 4) for c, x_ in zip(self.classes, p)},
                "evidence": {"sentences": sentences, "spans": [], "features": features}}
