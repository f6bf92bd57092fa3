"""Train the shipped sentence model from the public corpora in ../shared/datasets.

    python train.py --out models/bias-mpnet-v1            # the shipped MPNet model (about 45 min on 2 cores)
    python train.py --smoke --out /tmp/smoke              # a few dozen examples on MiniLM, for CI-sized checks

Steps: build partial-label training documents (bias.corpora.threeway; gold articles removed), train LoRA adapters
and the sentence head (length-bucketed batches, bf16 autocast, checkpoints every ``--checkpoint-every`` steps so
that an interrupted run resumes), fit a temperature on the calibration set (gold dev, or silver PolNeAR dev when no
gold exists), evaluate on held-out data, and write ``weights.safetensors``, ``config.json``, ``metrics.json`` and
``MODEL_CARD.md``.
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
from bias.corpora.checkthat import load_checkthat
from bias.corpora.gold import gold_article_keys, load_gold
from bias.corpora.threeway import Document, polnear_documents, report_cue_forms, training_documents
from bias.evaluate import CheckThatEvaluator, GoldEvaluator
from bias.model import ModelConfig, SharedEncoder, Window, WindowBuilder, batches_by_length, collate, cpu_has_bf16
from bias.model_card import write_model_card

SOURCES = {
    "checkthat": "CLEF CheckThat! 2025 task 1 English subjectivity, train + dev (CC BY-NC-SA 4.0)",
    "babe": "BABE SG2, label_opinion (repository AGPL-3.0)",
    "polnear": "PolNeAR train split, attribution spans (no data licence stated; software MIT)",
    "lexicon": "Recasens et al. 2013 report verbs, via rpryzant/neutralizing-bias (MIT), to filter PolNeAR cues",
}


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
    p.add_argument("--batch-tokens", type=int, default=2048, help="padded tokens per batch")
    p.add_argument("--checkpoint-every", type=int, default=50)
    p.add_argument("--smoke", action="store_true", help="tiny run on a few dozen examples (MiniLM)")
    p.add_argument("--name", default=None, help="model name for the card (default: the --out folder name)")
    p.add_argument("--interim-note", default="", help="a note printed at the top of the model card")
    return p.parse_args(argv)


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def documents_to_windows(docs: list[Document], builder: WindowBuilder):
    """Windows over all documents plus a mask row for every target key (None rows stay unlabelled)."""
    sentences, masks, groups = [], [], []
    for g, d in enumerate(docs):
        sentences += d.sentences
        masks += d.masks
        groups += [g] * len(d.sentences)
    windows = builder.article_windows(sentences, groups=groups)
    windows = [w for w in windows if any(masks[k] is not None for k, _, _ in w.sentence_slices)]
    return windows, masks


def partial_nll(logits: torch.Tensor, allowed: torch.Tensor) -> torch.Tensor:
    """−log Σ_{allowed} p: the loss for a label known only up to a set."""
    logp = torch.log_softmax(logits.float(), dim=-1)
    return -(torch.logsumexp(logp.masked_fill(allowed <= 0, -1e4), dim=-1)).mean()


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


def train(args) -> dict:
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
    docs = training_documents(gold_keys, gold_texts, args.polnear_articles, args.seed, args.datasets)
    if args.smoke:
        random.Random(args.seed).shuffle(docs)
        docs = docs[:40]
    cfg = ModelConfig(encoder=args.encoder, lora_r=args.lora_r, lora_alpha=2 * args.lora_r,
                      lora_from_layer=args.lora_from_layer)
    tok = AutoTokenizer.from_pretrained(str(encoder_path(cfg.encoder)))
    builder = WindowBuilder(tok, cfg)
    windows, masks = documents_to_windows(docs, builder)
    n_labelled = sum(m is not None for m in masks)
    counts = {}
    for d in docs:
        counts[d.source] = counts.get(d.source, 0) + sum(m is not None for m in d.masks)
    print(f"training documents: {len(docs)}; labelled sentences: {n_labelled} {counts}; windows: {len(windows)} "
          f"({time.time() - t0:.0f} s to build)", flush=True)

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
    step = 0
    if ckpt_path.exists():
        ckpt = torch.load(ckpt_path, weights_only=False)
        model.load_trainable_state(ckpt["model"])
        opt.load_state_dict(ckpt["opt"])
        sched.load_state_dict(ckpt["sched"])
        step = ckpt["step"]
        print(f"resumed from step {step}", flush=True)
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
                logits = model(ids, mask, owner, len(keys))
            loss = partial_nll(logits[labelled], allowed[labelled])
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
            if step % args.checkpoint_every == 0 and not args.smoke:
                torch.save({"model": model.trainable_state(), "opt": opt.state_dict(), "sched": sched.state_dict(),
                            "step": step}, ckpt_path)
        epoch += 1
    train_minutes = (time.time() - t_train) / 60
    model.eval()

    # ---- calibration: temperature on held-out data (gold dev, else silver PolNeAR dev) ----
    clf = SentenceClassifier(model, tok)
    if gold_available:
        calib_name = "gold dev split (hand-annotated)"
        ev = GoldEvaluator(load_gold("dev", root=args.datasets))
        y, _, _ = ev.predict(clf)
        logits = np.concatenate([clf.article_logits([s for _, s, _ in ev.articles])[i][
            [j for j, lab in enumerate(ev.articles[i][2]) if lab in ev.scored]] for i in range(len(ev.articles))])
        allowed = np.eye(3, dtype=np.float32)[y]
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

    # ---- held-out evaluation ----
    metrics = {"calibration_set": calib_name, "temperature": model.config.temperature}
    ct = load_checkthat("dev_test", args.datasets)
    if args.smoke:
        ct = ct.select(range(24))
    metrics["checkthat_dev_test"] = CheckThatEvaluator(ct)(clf)
    print("CheckThat dev-test opinion-vs-rest macro-F1 "
          f"{metrics['checkthat_dev_test']['macro_f1']:.4f} CI {metrics['checkthat_dev_test']['macro_f1_ci95']}",
          flush=True)
    if gold_available:
        for split in ("dev", "test"):
            metrics[f"gold_{split}"] = GoldEvaluator(load_gold(split, root=args.datasets))(clf)
            print(f"gold {split} macro-F1 {metrics[f'gold_{split}']['macro_f1']:.4f} "
                  f"ECE {metrics[f'gold_{split}']['ece']:.4f}", flush=True)

    training = {
        "command": "python " + " ".join([Path(sys.argv[0]).name] + sys.argv[1:]),
        "bias_version": __version__,
        "encoder": args.encoder,
        "seed": args.seed, "epochs": args.epochs, "lr": args.lr, "lora_r": args.lora_r,
        "lora_from_layer": args.lora_from_layer, "polnear_articles": args.polnear_articles,
        "batch_tokens": args.batch_tokens, "steps": total_steps,
        "labelled_sentences": counts, "windows": len(windows),
        "train_minutes": round(train_minutes, 1), "bf16": use_bf16,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, torch {torch.__version__}",
        "gold_articles_removed_from_training": len(gold_keys),
        "sources": [SOURCES[s] for s in ("checkthat", "babe", "polnear", "lexicon")],
        "smoke": args.smoke,
    }
    model.save(args.out, extra_config={"name": args.name or args.out.name, "bias_version": __version__})
    (args.out / "metrics.json").write_text(json.dumps({"training": training, "metrics": metrics}, indent=2) + "\n")
    write_model_card(args.out, interim_note=args.interim_note)
    if ckpt_path.exists():
        ckpt_path.unlink()
    print(f"saved to {args.out}", flush=True)
    return metrics


if __name__ == "__main__":
    train(parse_args())
