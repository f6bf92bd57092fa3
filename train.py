"""Train the shipped model from the public corpora in ../shared/datasets.

    python train.py --out models/bias-mpnet-v3 --heads loaded,attribution --epochs 2 --polnear-articles 80 \
        --ptc-articles 400 --checkthat-repeat 3 --hand-repeat 2 --loaded-class-weight 3   # the shipped model
    python train.py --smoke --out /tmp/smoke              # a few dozen examples on MiniLM, for CI-sized checks

Steps: build partial-label training documents (bias.corpora.training; gold articles removed), train LoRA adapters,
the sentence head and the token heads (length-bucketed batches, bf16 autocast, checkpoints every
``--checkpoint-every`` steps so that an interrupted run resumes where it stopped, dropout state included, and ends
with the same weights as an uninterrupted one; ``--stop-after-steps`` splits a run over sessions on purpose), fit a
temperature on the calibration set (gold dev, or silver PolNeAR dev when no gold exists), tune the loaded-span
threshold (PTC dev) and the attribution evidence strength (gold dev), fit the clickbait head, save
``weights.safetensors`` and ``config.json``, then score the held-out data through `bias evaluate card`
(``metrics.json``, ``MODEL_CARD.md``).
"""
from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")

import numpy as np
import torch

from bias import __version__
from bias.classify import SentenceClassifier
from bias.corpora.gold import gold_article_keys, load_gold
from bias.corpora.ptc import parse_techniques
from bias.corpora.training import (LONG_SPAN_WORDS, Document, polnear_documents, ptc_documents, report_cue_forms,
                                   training_documents)
from bias.evaluators import GoldEvaluator
from bias.labels import LABEL_TO_ID, label_mask
from bias.model import (ModelConfig, SharedEncoder, WindowBuilder, batches_by_length, collate, cpu_has_bf16,
                        token_tags)

SOURCES = {
    "checkthat": "CLEF CheckThat! 2025 task 1 English subjectivity, train + dev (CC BY-NC-SA 4.0)",
    "babe": "BABE SG2, label_opinion (repository AGPL-3.0)",
    "polnear": "PolNeAR train split, attribution spans (no data licence stated; software MIT)",
    "handlabelled": "hand-labelled training articles (data/handlabelled/: 132 articles of PolNeAR train, PTC train and "
                    "MBIC, labelled against docs/annotation.md; text from those corpora, labels ours)",
    "lexicon": "Recasens et al. 2013 report verbs, via rpryzant/neutralizing-bias (MIT), to filter PolNeAR cues",
    "ptc": "PTC / SemEval-2020 task 11 train articles, technique spans (no licence in any copy; research use)",
    "loaded_lexicon": "Recasens et al. 2013 bias lexicon (MIT repo) and MPQA strong-subjective clues (GPL per the "
                      "MPQA site), only to thin out long PTC spans at training time; neither ships",
    "subj": "SUBJ (Pang & Lee 2004), MAGPIE's copy (repository Apache-2.0; original release without a licence), as "
            "weak opinion / not-opinion labels",
    "clickbait": "Stop Clickbait headlines (Chakraborty et al. 2016; MIT), lower-cased, for the headline-style head",
}
TOKEN_HEADS = {"loaded": ["O", "LOADED"], "attribution": ["O", "SOURCE", "CUE", "CONTENT"]}


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--encoder", default="all-mpnet-base-v2", choices=["all-mpnet-base-v2", "all-MiniLM-L6-v2"])
    p.add_argument("--datasets", default=None, help="path of ../shared/datasets")
    p.add_argument("--epochs", type=float, default=2.0)
    p.add_argument("--lr", type=float, default=5e-4)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--lora-r", type=int, default=16)
    p.add_argument("--lora-from-layer", type=int, default=4)
    p.add_argument("--polnear-articles", type=int, default=150)
    p.add_argument("--heads", default="", help="token heads to train with the sentence head: loaded,attribution")
    p.add_argument("--ptc-articles", type=int, default=120, help="PTC train articles for the loaded head")
    p.add_argument("--loaded-techniques", default="Loaded_Language",
                   help="PTC techniques tagged as loaded phrasing, comma-separated as PTC writes them, e.g. "
                        "Loaded_Language,Name_Calling,Labeling")
    p.add_argument("--token-weight", type=float, default=1.0, help="weight of each token head's loss")
    p.add_argument("--loaded-class-weight", type=float, default=1.0,
                   help="weight of the LOADED tag against O in the loaded head's loss (LOADED tokens are rare)")
    p.add_argument("--checkthat-repeat", type=int, default=1, help="times each CheckThat sentence is seen per epoch")
    p.add_argument("--checkthat-holdout", type=float, default=0.0,
                   help="fraction of CheckThat train+dev (stratified, seeded) kept out of training to choose the "
                        "opinion-logit offset on; 0 keeps them all and the offset at 0")
    p.add_argument("--long-span-words", type=int, default=LONG_SPAN_WORDS,
                   help="PTC spans longer than this many words are thinned to loaded-lexicon words at training time")
    p.add_argument("--subj-sentences", type=int, default=0,
                   help="Pang & Lee SUBJ sentences (movie reviews / plots) as weak opinion / not-opinion labels")
    p.add_argument("--hand-repeat", type=int, default=1, help="times each hand-labelled article is seen per epoch")
    p.add_argument("--no-handlabelled", action="store_true", help="leave out the hand-labelled training articles")
    p.add_argument("--evaluate-only", action="store_true",
                   help="do not train: re-run every evaluation of the model in --out and rewrite its card")
    p.add_argument("--clickbait-headlines", type=int, default=6000,
                   help="headlines sampled (half clickbait) to fit the headline-style head; 0 leaves it out")
    p.add_argument("--add-clickbait-head", action="store_true",
                   help="do not train: fit the clickbait head on the saved model in --out and add it")
    p.add_argument("--batch-tokens", type=int, default=2048, help="padded tokens per batch")
    p.add_argument("--checkpoint-every", type=int, default=50)
    p.add_argument("--stop-after-steps", type=int, default=None,
                   help="save a checkpoint after this many steps and exit; the same command run again resumes")
    p.add_argument("--smoke", action="store_true", help="tiny run on a few dozen examples (MiniLM)")
    p.add_argument("--name", default=None, help="model name for the card (default: the --out folder name)")
    p.add_argument("--interim-note", default="", help="a note printed at the top of the model card")
    p.add_argument("--teacher", type=Path, default=None,
                   help="folder of tools/teacher_signal.py output: distil the teacher's soft sentence and token-head "
                        "probabilities on its unlabelled articles, beside the labelled data")
    p.add_argument("--distill-weight", type=float, default=1.0,
                   help="weight of the soft cross-entropy to the teacher's sentence probabilities")
    p.add_argument("--distill-token-weight", type=float, default=1.0,
                   help="weight of the soft cross-entropy to the teacher's token-head probabilities (each head)")
    p.add_argument("--distill-temperature", type=float, default=1.0,
                   help="temperature applied to teacher and student sentence distributions (loss scaled by T^2)")
    p.add_argument("--teacher-sentences", type=int, default=None,
                   help="use only the first articles of the teacher file, up to about this many sentences")
    p.add_argument("--compare-to", default=None,
                   help="model folder name (under models/) whose card scores this model's card shows beside its own")
    return p.parse_args(argv)


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def documents_to_windows(docs: list[Document], builder: WindowBuilder, heads: dict[str, list[str]]):
    """Windows over all documents, a mask row for every target key (None rows stay unlabelled), and the token tags
    of every window for each token head. Windows that supervise nothing are dropped."""
    sentences, masks, groups, spans = [], [], [], {h: [] for h in heads}
    for g, d in enumerate(docs):
        sentences += d.sentences
        masks += d.masks
        groups += [g] * len(d.sentences)
        for h in heads:
            spans[h] += d.spans.get(h, [None] * len(d.sentences))
    windows = builder.article_windows(sentences, groups=groups)
    kept = []
    for w in windows:
        for h, tags in heads.items():
            labels = [-100] * len(w.input_ids)
            for (key, s, e), offs in zip(w.sentence_slices, w.slice_offsets):
                labels[s:e] = token_tags(offs, spans[h][key], tags)
            w.token_labels[h] = labels
        if any(masks[k] is not None for k, _, _ in w.sentence_slices) or any(
                x != -100 for labels in w.token_labels.values() for x in labels):
            kept.append(w)
    return kept, masks


def partial_nll(logits: torch.Tensor, allowed: torch.Tensor) -> torch.Tensor:
    """−log Σ_{allowed} p: the loss for a label known only up to a set."""
    logp = torch.log_softmax(logits.float(), dim=-1)
    return -(torch.logsumexp(logp.masked_fill(allowed <= 0, -1e4), dim=-1)).mean()


def load_teacher(folder: Path, max_sentences: int | None = None, smoke: bool = False):
    """The teacher file's articles: [(doc_id, sentences, sentence probs (n, 3), per-sentence token rows)] and its
    meta. A smoke run keeps two articles."""
    meta = json.loads((folder / "meta.json").read_text())
    docs, n = [], 0
    with open(folder / "teacher.jsonl", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            docs.append((f"{d['source']}:{d['doc_id']}", d["sentences"], np.array(d["probs"], dtype=np.float32),
                         d["tokens"]))
            n += len(d["sentences"])
            if (smoke and len(docs) >= 2) or (max_sentences and n >= max_sentences):
                break
    return docs, meta


def align_teacher_tokens(student_offsets: list[tuple[int, int]], teacher: dict, head: str) -> np.ndarray:
    """The teacher's tag probabilities for each student token: the mean over the teacher tokens whose characters
    overlap the student token's (both offsets are within the same sentence text, so any two tokenisers align);
    a row of NaN where no teacher token overlaps (the token then gets no soft target)."""
    t_off = teacher["offsets"]
    probs = np.asarray(teacher[head], dtype=np.float32)
    out = np.full((len(student_offsets), probs.shape[1] if len(probs) else 1), np.nan, dtype=np.float32)
    if not len(probs):
        return out
    end = max(b for _, b in t_off) if t_off else 0
    owner = np.full(max(end, max((b for _, b in student_offsets), default=0)) + 1, -1, dtype=np.int64)
    for i, (a, b) in enumerate(t_off):
        owner[a:b] = i
    for j, (a, b) in enumerate(student_offsets):
        ids = np.unique(owner[a:b])
        ids = ids[ids >= 0]
        if len(ids):
            out[j] = probs[ids].mean(axis=0)
    return out


def teacher_windows(teacher_docs, builder: WindowBuilder, heads: dict[str, list[str]], first_key: int):
    """Windows over the teacher's articles (keys from ``first_key``), each with ``soft_tokens[head]`` (width ×
    tags, NaN where there is no soft target) and no hard tags; returns (windows, soft sentence targets by key)."""
    sentences, groups, soft, token_rows = [], [], [], []
    for g, (_, sents, probs, toks) in enumerate(teacher_docs):
        sentences += sents
        groups += [g] * len(sents)
        soft += list(probs)
        token_rows += toks
    keys = [first_key + i for i in range(len(sentences))]
    windows = builder.article_windows(sentences, keys=keys, groups=groups)
    for w in windows:
        w.soft_tokens = {}
        for h, tags in heads.items():
            w.token_labels[h] = [-100] * len(w.input_ids)
            rows = np.full((len(w.input_ids), len(tags)), np.nan, dtype=np.float32)
            for (key, s, e), offs in zip(w.sentence_slices, w.slice_offsets):
                t = token_rows[key - first_key]
                if h in t:
                    rows[s:e] = align_teacher_tokens(offs, t, h)
            w.soft_tokens[h] = rows
    return windows, {first_key + i: p for i, p in enumerate(soft)}


def soft_cross_entropy(logits: torch.Tensor, target: torch.Tensor, temperature: float = 1.0) -> torch.Tensor:
    """Mean of −Σ q log softmax(z / T) · T², with the teacher's probabilities q sharpened or softened by the same T."""
    if temperature != 1.0:
        target = torch.softmax(torch.log(target.clamp_min(1e-8)) / temperature, dim=-1)
    logp = torch.log_softmax(logits.float() / temperature, dim=-1)
    return -(target * logp).sum(dim=-1).mean() * temperature ** 2


def fit_temperature(logits: np.ndarray, allowed: np.ndarray) -> float:
    """The temperature minimising the (partial-label) NLL on held-out data."""
    z = torch.tensor(logits)
    a = torch.tensor(allowed)
    log_t = torch.zeros(1, requires_grad=True)
    opt = torch.optim.LBFGS([log_t], lr=0.1, max_iter=200)

    def closure():
        opt.zero_grad()
        loss = partial_nll(z / log_t.exp(), a)
        loss.backward()
        return loss

    opt.step(closure)
    return float(log_t.exp().clamp(0.05, 20.0))


def gold_split(split: str, args):
    """A gold split (its first 4 articles in a smoke run)."""
    ds = load_gold(split, root=args.datasets)
    return ds.select(range(min(4, len(ds)))) if args.smoke else ds


def hold_out_checkthat(docs: list[Document], fraction: float, seed: int):
    """Remove a stratified ``fraction`` of the CheckThat documents from training; returns (docs, held-out
    [(text, is_subjective)])."""
    if fraction <= 0:
        return docs, []
    rng = random.Random(seed)
    subjective = label_mask(["opinion"])
    held = set()
    for subj in (True, False):
        group = [i for i, d in enumerate(docs) if d.source == "checkthat" and (d.masks[0] == subjective) == subj]
        held |= set(rng.sample(group, round(fraction * len(group))))
    out = [(docs[i].sentences[0], docs[i].masks[0] == subjective) for i in sorted(held)]
    return [d for i, d in enumerate(docs) if i not in held], out


def tune_opinion_offset(clf: SentenceClassifier, args, cfg: ModelConfig, held_out: list[tuple[str, bool]],
                        gold_available: bool) -> dict:
    """An offset added to the opinion logit (after the temperature), chosen on the held-out CheckThat sentences
    together with gold dev: the mean of CheckThat opinion-vs-rest macro-F1 and gold-dev 3-way macro-F1 (gold dev
    alone decides nothing when it is missing). CheckThat dev-test is never looked at."""
    from sklearn.metrics import f1_score

    texts, subj = zip(*held_out)
    ct_logits = np.concatenate(clf.article_logits([[t] for t in texts]))
    gold_ev = GoldEvaluator(gold_split("dev", args)) if gold_available else None
    gold_logits = clf.article_logits([s for _, s, _ in gold_ev.articles]) if gold_ev else None
    op = LABEL_TO_ID["opinion"]
    grid = [round(x, 2) for x in np.arange(-1.0, 3.01, 0.25)]
    rows = {}
    for off in grid:
        cfg.thresholds["opinion_offset"] = off
        ct_pred = clf.probabilities(ct_logits).argmax(1) == op
        ct = float(f1_score(list(subj), list(ct_pred), average="macro"))
        gold = gold_ev(clf, [clf.probabilities(x) for x in gold_logits])["macro_f1"] if gold_ev else None
        rows[off] = {"checkthat_held_out_macro_f1": ct, "gold_dev_macro_f1": gold,
                     "objective": (ct + gold) / 2 if gold is not None else ct}
    best = max(grid, key=lambda o: (round(rows[o]["objective"], 4), -abs(o)))
    cfg.thresholds["opinion_offset"] = best
    print(f"opinion offset {best} (objective {rows[best]['objective']:.4f}; at 0: {rows[0.0]['objective']:.4f}; "
          f"{len(texts)} held-out CheckThat sentences)", flush=True)
    return {"opinion_offset": {"grid": {str(o): r for o, r in rows.items()}, "chosen": best,
                               "checkthat_held_out": len(texts), "subjective": int(sum(subj))}}


def tune_loaded_threshold(clf: SentenceClassifier, args, cfg: ModelConfig) -> dict:
    """The loaded-span threshold with the best partial-credit F1 on PTC dev (SemEval-2023 dev stays untouched)."""
    from bias.corpora.ptc import load_ptc
    from bias.evaluators import LoadedSpanEvaluator

    dev = load_ptc("dev", args.datasets)
    if args.smoke:
        dev = dev.select(range(3))
    dev_ev = LoadedSpanEvaluator(dev, parse_techniques(args.loaded_techniques))
    threshold, dev_scores = dev_ev.tune(dev_ev.token_outputs(clf))
    cfg.thresholds["loaded"] = threshold
    print(f"loaded threshold {threshold} (PTC dev partial F1 {dev_scores['partial']['f1']:.3f})", flush=True)
    return {"loaded_ptc_dev": dev_scores}


def tune_attribution_strength(clf: SentenceClassifier, args, cfg: ModelConfig) -> dict:
    """How much attributed content should push a sentence towards attributed_claim, chosen on gold dev (the card
    reports gold test with and without it)."""
    from bias.analyzer import Analyzer
    from bias.attribution import apply_attribution_evidence

    analyzer = Analyzer(clf, args.out)
    ev = GoldEvaluator(gold_split("dev", args))
    cached = analyzer.probs_and_coverage([s for _, s, _ in ev.articles])
    grid = [0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0]
    dev = {g: ev(clf, [apply_attribution_evidence(p, c, g) for p, c in cached])["macro_f1"] for g in grid}
    best = max(grid, key=lambda g: (round(dev[g], 4), -g))
    cfg.thresholds["attribution_strength"] = best
    print(f"attribution strength {best} (gold dev macro-F1 {dev[best]:.4f}, at 0: {dev[0.0]:.4f})", flush=True)
    return {"attribution_strength": {"grid_gold_dev_macro_f1": {str(g): v for g, v in dev.items()}, "chosen": best}}


CLICKBAIT_CLASSES = ["news", "clickbait"]


def fit_clickbait_head(clf: SentenceClassifier, args) -> tuple[dict[str, torch.Tensor], dict]:
    """A headline-style head on the frozen, trained encoder: logistic regression (scikit-learn) on the pooled
    sentence vector of lower-cased Stop Clickbait headlines, each read alone as `bias classify` reads a sentence.
    The card scores it on the held-out fifth (`bias.corpora.clickbait.clickbait_split`)."""
    from sklearn.linear_model import LogisticRegression

    from bias.corpora.clickbait import clickbait_split

    per_class = 10 if args.smoke else args.clickbait_headlines // 2
    texts, y, _, _ = clickbait_split(per_class, args.seed, args.datasets)
    lr = LogisticRegression(C=1.0, max_iter=2000).fit(clf.sentence_vectors(texts), np.array(y))
    # two-class logits whose softmax equals the logistic regression's probability
    w, b = torch.tensor(lr.coef_[0], dtype=torch.float32), float(lr.intercept_[0])
    state = {"extra_heads.clickbait.weight": torch.stack([-w / 2, w / 2]),
             "extra_heads.clickbait.bias": torch.tensor([-b / 2, b / 2])}
    print(f"clickbait head fitted on {len(texts)} headlines", flush=True)
    return state, {"fitted_on": len(texts), "per_class": per_class, "seed": args.seed}


def add_clickbait_head(args) -> dict:
    """Fit the clickbait head on a saved model and add it to its weights and config (no other weight changes)."""
    from safetensors.torch import load_file, save_file

    clf = SentenceClassifier.load(args.out, backend="torch")  # a freshly trained model has no graph yet
    state, fit = fit_clickbait_head(clf, args)
    weights = load_file(str(args.out / "weights.safetensors"))
    weights.update({k: v.to(torch.float16) for k, v in state.items()})
    save_file(weights, str(args.out / "weights.safetensors"))
    cfg = json.loads((args.out / "config.json").read_text())
    cfg["sentence_extra_heads"] = {"clickbait": CLICKBAIT_CLASSES}
    (args.out / "config.json").write_text(json.dumps(cfg, indent=2) + "\n")
    data = json.loads((args.out / "metrics.json").read_text())
    data["training"]["clickbait_head"] = fit
    if SOURCES["clickbait"] not in data["training"]["sources"]:
        data["training"]["sources"].append(SOURCES["clickbait"])
    data["training"]["clickbait_command"] = "python " + " ".join([Path(sys.argv[0]).name] + sys.argv[1:])
    (args.out / "metrics.json").write_text(json.dumps(data, indent=2) + "\n")
    return fit


def tune(clf: SentenceClassifier, args, cfg: ModelConfig, heads: dict, gold_available: bool,
         checkthat_held_out: list[tuple[str, bool]]) -> dict:
    """The choices made on dev data after training (recorded in metrics.json under the tuning keys)."""
    out = {}
    if checkthat_held_out:
        out.update(tune_opinion_offset(clf, args, cfg, checkthat_held_out, gold_available))
    if "loaded" in heads:
        out.update(tune_loaded_threshold(clf, args, cfg))
    if "attribution" in heads and gold_available:
        out.update(tune_attribution_strength(clf, args, cfg))
    return out


def evaluate_saved(args) -> dict:
    """Every held-out score of the card, through `bias evaluate card` (the same code path)."""
    from bias.analyzer import Analyzer
    from bias.evaluate_card import evaluate_card

    # the torch reference path: a freshly trained model has no runtime graph until `bias setup --model DIR` builds it
    analyzer = Analyzer.load(args.out, backend=os.environ.get("BIAS_BACKEND") or "torch")
    metrics = evaluate_card(analyzer, root=args.datasets, limit=4 if args.smoke else None)
    for key in ("checkthat_dev_test", "gold_dev", "gold_test"):
        if key in metrics:
            print(f"{key} macro-F1 {metrics[key]['macro_f1']:.4f} CI {metrics[key]['macro_f1_ci95']}", flush=True)
    if "loaded_semeval2023_dev" in metrics:
        print(f"SemEval-2023 dev Loaded_Language partial F1 {metrics['loaded_semeval2023_dev']['partial']['f1']:.3f}",
              flush=True)
    if "attribution_polnear_test" in metrics:
        c = metrics["attribution_polnear_test"]["all"]
        print("PolNeAR test overlap F1 source/cue/content "
              f"{c['source']['overlap']['f1']:.3f}/{c['cue']['overlap']['f1']:.3f}/{c['content']['overlap']['f1']:.3f}",
              flush=True)
    return metrics


def evaluate_only(args) -> dict:
    """Re-tune nothing: re-run every held-out evaluation of a saved model and rewrite its card."""
    metrics = evaluate_saved(args)
    print(f"rewrote {args.out}/metrics.json and MODEL_CARD.md", flush=True)
    return metrics


def train(args) -> dict | None:
    """Train, tune and evaluate; ``None`` when ``--stop-after-steps`` stopped the run (its checkpoint resumes it)."""
    seed_everything(args.seed)
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    from transformers import AutoTokenizer

    from bias.base_weights import encoder_path

    gold_keys = gold_article_keys()
    gold_texts: set[str] = set()
    from bias.corpora.gold import GOLD_DIR

    gold_available = bool(gold_keys) and (GOLD_DIR / "annotations.tsv").exists()
    if gold_available:
        for a in load_gold(root=args.datasets):
            gold_texts |= {a["text"][s["start"]:s["end"]] for s in a["spans"]}
    t0 = time.time()
    heads = {h: TOKEN_HEADS[h] for h in args.heads.split(",") if h}
    techniques = parse_techniques(args.loaded_techniques)
    if args.smoke:
        args.subj_sentences = 0  # a smoke run trains on a few dozen examples of the other sources only
    docs = training_documents(gold_keys, gold_texts, 5 if args.smoke else args.polnear_articles, args.seed, args.datasets,
                              handlabelled=not args.no_handlabelled, techniques=techniques,
                              subj_sentences=args.subj_sentences, long_span_words=args.long_span_words)
    hand_ptc = {d.doc_id.split(":", 1)[1] for d in docs if d.doc_id.startswith("ptc_train:")}
    if "loaded" in heads:
        docs += ptc_documents("train", techniques, hand_ptc, 4 if args.smoke else args.ptc_articles, args.seed,
                              args.datasets, args.long_span_words)
    docs, checkthat_held_out = hold_out_checkthat(docs, args.checkthat_holdout, args.seed)
    docs += [d for d in docs if d.source == "checkthat"] * (args.checkthat_repeat - 1)
    docs += [d for d in docs if d.source == "handlabelled"] * (args.hand_repeat - 1)
    if args.smoke:
        random.Random(args.seed).shuffle(docs)
        docs = docs[:40]
    cfg = ModelConfig(encoder=args.encoder, lora_r=args.lora_r, lora_alpha=2 * args.lora_r,
                      lora_from_layer=args.lora_from_layer, token_heads=heads)
    tok = AutoTokenizer.from_pretrained(str(encoder_path(cfg.encoder)))
    builder = WindowBuilder(tok, cfg)
    windows, masks = documents_to_windows(docs, builder, heads)
    n_labelled = sum(m is not None for m in masks)
    counts = {}
    for d in docs:
        counts[d.source] = counts.get(d.source, 0) + sum(m is not None for m in d.masks)
    print(f"training documents: {len(docs)}; labelled sentences: {n_labelled} {counts}; windows: {len(windows)} "
          f"({time.time() - t0:.0f} s to build)", flush=True)
    soft_targets: dict[int, np.ndarray] = {}
    teacher_meta = None
    if args.teacher:  # appended after the labelled windows; nothing above changes with or without a teacher
        teacher_docs, teacher_meta = load_teacher(args.teacher, args.teacher_sentences, args.smoke)
        t_windows, soft_targets = teacher_windows(teacher_docs, builder, heads, len(masks))
        masks = masks + [None] * len(soft_targets)
        windows = windows + t_windows
        print(f"teacher {teacher_meta['teacher_name']}: {len(teacher_docs)} articles, {len(soft_targets)} sentences, "
              f"{len(t_windows)} windows", flush=True)

    model = SharedEncoder(cfg)
    params = [p for p in model.parameters() if p.requires_grad]
    print(f"trainable parameters: {sum(p.numel() for p in params):,}", flush=True)
    opt = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.01)
    batches_per_epoch = len(batches_by_length(windows, args.batch_tokens))
    total_steps = 2 if args.smoke else max(1, int(math.ceil(batches_per_epoch * args.epochs)))
    warmup = max(1, int(0.06 * total_steps))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / warmup) * max(0.0, (total_steps - s) / max(1, total_steps - warmup)))
    args.out.mkdir(parents=True, exist_ok=True)
    ckpt_path = args.out / "checkpoint.pt"
    step, resumed_from, minutes_before = 0, None, 0.0
    if ckpt_path.exists():
        ckpt = torch.load(ckpt_path, weights_only=False)
        model.load_trainable_state(ckpt["model"])
        opt.load_state_dict(ckpt["opt"])
        sched.load_state_dict(ckpt["sched"])
        step = resumed_from = ckpt["step"]
        if "torch_rng" in ckpt:  # dropout continues as in an uninterrupted run (older checkpoints lack it)
            torch.set_rng_state(ckpt["torch_rng"])
        minutes_before = ckpt.get("train_minutes", 0.0)
        print(f"resumed from step {step}", flush=True)
    token_class_weights = {"loaded": torch.tensor([1.0, args.loaded_class_weight])} if "loaded" in heads else {}
    use_bf16 = cpu_has_bf16()
    pad = tok.pad_token_id or 0
    model.train()
    t_train = time.time()
    losses = []
    epoch = step // batches_per_epoch
    while step < total_steps:
        rng = random.Random(args.seed * 1000 + epoch)
        batches = batches_by_length(windows, args.batch_tokens)
        rng.shuffle(batches)
        for bi, batch in enumerate(batches):
            if epoch * batches_per_epoch + bi < step:
                continue  # already done before a resume
            if step >= total_steps:
                break
            ids, mask, owner, keys = collate(batch, pad)
            allowed = torch.tensor([masks[k] if masks[k] is not None else [0.0, 0.0, 0.0] for k in keys])
            labelled = allowed.sum(dim=1) > 0
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=use_bf16):
                result = model(ids, mask, owner, len(keys))
            loss = partial_nll(result.sentence[labelled], allowed[labelled]) if labelled.any() else 0.0
            if soft_targets:
                distilled = [i for i, k in enumerate(keys) if k in soft_targets]
                if distilled:
                    target = torch.tensor(np.stack([soft_targets[keys[i]] for i in distilled]))
                    loss = loss + args.distill_weight * soft_cross_entropy(
                        result.sentence[distilled], target, args.distill_temperature)
                for h in heads:
                    rows = [getattr(w, "soft_tokens", {}).get(h) for w in batch]
                    if all(r is None for r in rows):
                        continue
                    target = torch.full((*ids.shape, len(heads[h])), float("nan"))
                    for b, r in enumerate(rows):
                        if r is not None:
                            target[b, : len(r)] = torch.from_numpy(r)
                    keep = ~torch.isnan(target[..., 0])
                    if keep.any():
                        loss = loss + args.distill_token_weight * soft_cross_entropy(
                            result.tokens[h][keep], target[keep])
            for h in heads:
                weight = token_class_weights.get(h)
                tags = torch.full(ids.shape, -100, dtype=torch.long)
                for b, w in enumerate(batch):
                    tags[b, : len(w.input_ids)] = torch.tensor(w.token_labels[h])
                if (tags != -100).any():
                    loss = loss + args.token_weight * torch.nn.functional.cross_entropy(
                        result.tokens[h].float().reshape(-1, len(heads[h])), tags.reshape(-1), weight=weight,
                        ignore_index=-100)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            step += 1
            losses.append(loss.item())
            if step % 10 == 0 or step == total_steps:
                el = time.time() - t_train
                print(f"step {step}/{total_steps} loss {np.mean(losses[-10:]):.4f} "
                      f"({el / 60:.1f} min, {el / max(1, len(losses)):.2f} s/step)", flush=True)
            stopping = step == args.stop_after_steps
            if (step % args.checkpoint_every == 0 and not args.smoke) or stopping:
                torch.save({"model": model.trainable_state(), "opt": opt.state_dict(), "sched": sched.state_dict(),
                            "step": step, "train_minutes": minutes_before + (time.time() - t_train) / 60,
                            "torch_rng": torch.get_rng_state()}, ckpt_path)
            if stopping:
                print(f"stopped after step {step}; run the same command again to resume", flush=True)
                return
        epoch += 1
    train_minutes = minutes_before + (time.time() - t_train) / 60  # over every resumed part of the run
    model.eval()

    # ---- calibration: temperature on held-out data (gold dev, else silver PolNeAR dev) ----
    clf = SentenceClassifier(model, tok)
    if gold_available:
        calib_name = "gold dev split (hand-annotated)"
        ev = GoldEvaluator(gold_split("dev", args))
        per_article = clf.article_logits([s for _, s, _ in ev.articles])
        rows = [row for (_, _, labels), lg in zip(ev.articles, per_article)
                for lab, row in zip(labels, lg) if lab in ev.scored]
        y = np.array([LABEL_TO_ID[lab] for _, _, labels in ev.articles for lab in labels if lab in ev.scored])
        logits, allowed = np.array(rows), np.eye(3, dtype=np.float32)[y]
    else:
        calib_name = "silver: PolNeAR dev split (partial labels, same rule as training)"
        cal_docs = polnear_documents("dev", report_cue_forms(args.datasets), set(), 10 if args.smoke else 40,
                                     args.seed, args.datasets)
        sents = [d.sentences for d in cal_docs]
        lg = clf.article_logits(sents)
        rows, allowed_rows = [], []
        for d, l in zip(cal_docs, lg):
            for m, row in zip(d.masks, l):
                if m is not None:
                    rows.append(row)
                    allowed_rows.append(m)
        logits, allowed = np.array(rows), np.array(allowed_rows, dtype=np.float32)
    model.config.temperature = fit_temperature(logits, allowed)
    print(f"temperature {model.config.temperature:.3f} fitted on {calib_name} ({len(logits)} sentences)", flush=True)

    metrics = {"calibration_set": calib_name, "temperature": model.config.temperature}
    metrics.update(tune(clf, args, model.config, heads, gold_available, checkthat_held_out))
    if args.clickbait_headlines:
        state, clickbait_fit = fit_clickbait_head(clf, args)
        model.config.sentence_extra_heads = {"clickbait": CLICKBAIT_CLASSES}
        model.extra_heads = torch.nn.ModuleDict({"clickbait": torch.nn.Linear(model.sentence_head[-1].in_features, 2)})
        model.extra_heads.load_state_dict({k[len("extra_heads."):]: v for k, v in state.items()})

    training = {
        "command": "python " + " ".join([Path(sys.argv[0]).name] + sys.argv[1:]),
        "bias_version": __version__,
        "encoder": args.encoder,
        "seed": args.seed, "epochs": args.epochs, "lr": args.lr, "lora_r": args.lora_r,
        "lora_from_layer": args.lora_from_layer, "polnear_articles": args.polnear_articles,
        "batch_tokens": args.batch_tokens, "steps": total_steps, "checkthat_repeat": args.checkthat_repeat,
        "hand_repeat": args.hand_repeat, "token_weight": args.token_weight,
        "checkthat_holdout": args.checkthat_holdout, "subj_sentences": args.subj_sentences,
        "loaded_class_weight": args.loaded_class_weight if "loaded" in heads else None,
        "labelled_sentences": counts, "windows": len(windows),
        "train_minutes": round(train_minutes, 1), "resumed_from_step": resumed_from, "bf16": use_bf16,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, torch {torch.__version__}",
        "gold_articles_removed_from_training": len(gold_keys),
        "sources": [SOURCES[s] for s in ("checkthat", "babe", "polnear", "lexicon")]
        + ([] if args.no_handlabelled else [SOURCES["handlabelled"]])
        + ([SOURCES["subj"]] if args.subj_sentences else [])
        + ([SOURCES["ptc"], SOURCES["loaded_lexicon"]] if "loaded" in heads else [])
        + ([SOURCES["clickbait"]] if args.clickbait_headlines else []),
        "token_heads": heads, "ptc_articles": args.ptc_articles if "loaded" in heads else 0,
        "loaded_techniques": args.loaded_techniques if "loaded" in heads else "",
        "long_span_words": args.long_span_words if "loaded" in heads else None,
        "smoke": args.smoke, "interim_note": args.interim_note,
        "clickbait_head": clickbait_fit if args.clickbait_headlines else None,
    }
    if args.teacher:  # only with a teacher, so that a run without one writes what it always wrote
        training["distillation"] = {
            "teacher": teacher_meta["teacher_name"], "teacher_sentences": len(soft_targets),
            "teacher_sources": teacher_meta.get("sentences_by_source"), "teacher_command": teacher_meta.get("command"),
            "weight": args.distill_weight, "token_weight": args.distill_token_weight,
            "temperature": args.distill_temperature}
        training["sources"].append(f"unlabelled news articles with soft labels from {teacher_meta['teacher_name']} "
                                   f"(tools/teacher_signal.py): " + ", ".join(teacher_meta.get("sources", {}).values()))
    extra = {"name": args.name or args.out.name, "bias_version": __version__}
    if args.compare_to:
        extra["compare_to"] = args.compare_to
    model.save(args.out, extra_config=extra)
    (args.out / "metrics.json").write_text(json.dumps({"training": training, "metrics": metrics}, indent=2) + "\n")
    if ckpt_path.exists():
        ckpt_path.unlink()
    print(f"saved to {args.out}; evaluating", flush=True)
    return evaluate_saved(args)


if __name__ == "__main__":
    arguments = parse_args()
    if arguments.add_clickbait_head:
        add_clickbait_head(arguments)
    else:
        evaluate_only(arguments) if arguments.evaluate_only else train(arguments)
