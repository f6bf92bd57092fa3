"""Teacher signal for distilling the fast tier: the accurate model's soft labels on unlabelled news articles.

    python tools/teacher_signal.py --out runs/teacher --sentences 20000     # ~10 min on 2 cores (torch, fp32)

Runs the accurate model (``Analyzer.load()``, bias-mpnet-v3 by default; ``--model DIR`` for another) over whole
articles from ../shared/datasets, each sentence read in its article's windows exactly as ``bias analyze`` reads it,
and writes for every sentence:

- its text (``runs/`` is gitignored: corpus text never enters the repository),
- the calibrated 3-way sentence probabilities,
- the per-token probabilities of every token head (``loaded``: O/LOADED, ``attribution``: O/SOURCE/CUE/CONTENT) with
  each *teacher* token's character offsets in the sentence.

Token probabilities are stored at the teacher's own tokenisation with character offsets, not aligned to a student
tokenizer: ``train.py --teacher`` re-aligns them to whatever encoder it trains (each student token takes the mean
of the teacher tokens that overlap its characters), so one teacher file serves MiniLM or any later student.

Sources (unlabelled use only; articles in reading order):
- PolNeAR **train** articles, minus gold articles, the hand-labelled ones and the ``--polnear-labelled`` articles
  that ``train.py`` samples as silver-labelled training data with the same seed (those are already training data);
- MBIC article texts, minus gold MBIC articles (gold keys are MBIC news links);
- Färber et al. 2020 (90 Ukraine-crisis articles, sentences as given) and Lim et al. 2020 (46 articles, their first
  ≤ 20 sentences as given).

Excluded, following ``bias.corpora.training`` (gold articles by key, gold sentences by normalised text) and every
evaluation set the model card scores on: gold dev/test articles and sentences, PolNeAR dev/test (never read),
CheckThat dev-test sentences (by normalised text), SemEval-2023 dev = PTC test articles and PTC dev (never read; any
sentence found verbatim in them is dropped as well), the clickbait headlines (never read). The hidden test sets of
INVENTORY.md §14 are not in ../shared and are not looked for.

Output (``--out``): ``teacher.jsonl``, one line per article ``{source, doc_id, sentences, probs, tokens}`` with
``tokens[i] = {"offsets": [[a, b], …], "<head>": [[p_tag, …], …]}``; ``meta.json`` (model, counts, exclusions,
timing). Written article by article, so a stopped run leaves a usable prefix.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import torch  # noqa: E402


def _normal(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def polnear_articles(root, exclude: set[str], labelled: int, seed: int) -> list[tuple[str, str, list[str]]]:
    from bias.corpora.gold import load_handlabelled
    from bias.corpora.polnear import load_polnear
    from bias.segment import segment_text

    hand = {f"{a['corpus']}:{a['article_id']}" for a in load_handlabelled(root)}
    skip = {k.split(":", 1)[1] for k in exclude | hand if k.startswith("polnear:")}
    rows = [r for r in load_polnear("train", root) if r["article_id"] not in skip]
    random.Random(seed).shuffle(rows)  # train.py's polnear_documents order: its first `labelled` are training data
    out = []
    for r in rows[labelled:]:
        out.append(("polnear_train", r["article_id"], [s.text for s in segment_text(r["text"]).sentences]))
    return out


def mbic_articles(root, exclude: set[str]) -> list[tuple[str, str, list[str]]]:
    from bias.corpora.babe import load_mbic_articles
    from bias.segment import segment_text

    skip = {k.split(":", 1)[1] for k in exclude if k.startswith("mbic:")}
    out = []
    for r in load_mbic_articles(root):
        if r["article_id"] in skip or not (r["text"] or "").strip():
            continue
        out.append(("mbic", r["article_id"], [s.text for s in segment_text(r["text"]).sentences]))
    return out


def faerber_articles(root) -> list[tuple[str, str, list[str]]]:
    from bias.corpora import datasets_root

    folder = datasets_root(root) / "ukraine_news_bias_faerber2020" / "all-data-as-json"
    out = []
    for path in sorted(folder.glob("article_*.json")):
        d = json.loads(path.read_text(encoding="utf-8"))
        sents = sorted(d["sentences"], key=lambda s: s["position_in_article"])
        out.append(("faerber2020", d["id"], [s["content"].strip() for s in sents if s["content"].strip()]))
    return out


def lim_articles(root) -> list[tuple[str, str, list[str]]]:
    from bias.corpora import datasets_root

    csv.field_size_limit(1 << 30)
    path = datasets_root(root) / "biased_sents_lim2020" / "Sora_LREC2020_biasedsentences.csv"
    seen = {}
    with open(path, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            key = r["id_article"] + "/" + r["source"]
            if key in seen:
                continue
            sents = [re.sub(r"^\[\d+\]:\s*", "", (r.get(f"s{k}") or "")).strip() for k in range(20)]
            seen[key] = ("lim2020", key, [s for s in sents if s])
    return list(seen.values())


def excluded_texts(root) -> tuple[set[str], str]:
    """Normalised sentences never to use (gold, CheckThat dev-test) and the normalised text of the held-out span
    corpora (SemEval-2023 dev = PTC test articles, PTC dev), to drop any sentence found verbatim in them."""
    from bias.corpora.checkthat import load_checkthat
    from bias.corpora.gold import GOLD_DIR, load_gold
    from bias.corpora.ptc import load_ptc
    from bias.corpora.semeval import load_semeval_articles

    texts = set()
    if (GOLD_DIR / "annotations.tsv").exists():
        for a in load_gold(root=root):
            texts |= {_normal(a["text"][s["start"]:s["end"]]) for s in a["spans"]}
    texts |= {_normal(t) for t in load_checkthat("dev_test", root)["text"]}
    held = [r["text"] for r in load_semeval_articles("dev", root)] + [r["text"] for r in load_ptc("dev", root)]
    return texts, " " + " ".join(_normal(t) for t in held) + " "


def _resume(out: Path, selected: list) -> int:
    """Number of leading selected articles already complete in ``out``; the file is cut back to them."""
    for name in ("teacher.jsonl.part", "teacher.jsonl"):
        path = out / name
        if path.exists():
            break
    else:
        return 0
    kept = []
    with open(path, encoding="utf-8") as f:
        for line, (src, doc_id, _) in zip(f, selected):
            try:
                row = json.loads(line)
            except json.JSONDecodeError:  # a half-written last line is redone
                break
            if (row["source"], row["doc_id"]) != (src, doc_id):
                break
            kept.append(line if line.endswith("\n") else line + "\n")
    (out / "teacher.jsonl.part").write_text("".join(kept), encoding="utf-8")
    return len(kept)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", type=Path, default=Path("runs/teacher"))
    p.add_argument("--model", default=None, help="teacher model folder (default: the shipped accurate model)")
    p.add_argument("--datasets", default=None)
    p.add_argument("--sentences", type=int, default=20000, help="stop after about this many sentences")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--polnear-labelled", type=int, default=80,
                   help="PolNeAR train articles train.py samples as labelled data (--polnear-articles) to skip")
    p.add_argument("--batch-articles", type=int, default=8)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--smoke", action="store_true", help="a few articles only (tests)")
    p.add_argument("--resume", action="store_true",
                   help="keep the articles already written to --out (the selection is seeded, so they are a prefix)")
    args = p.parse_args(argv)
    torch.set_num_threads(args.threads)

    from bias import Analyzer
    from bias.corpora.gold import gold_article_keys

    t0 = time.time()
    gold_keys = gold_article_keys()
    bad_texts, held_text = excluded_texts(args.datasets)
    rng = random.Random(args.seed)
    # interleave the sources so that a stopped run still holds a mix; PolNeAR is the bulk
    pools = {"polnear_train": polnear_articles(args.datasets, gold_keys, args.polnear_labelled, args.seed),
             "mbic": mbic_articles(args.datasets, gold_keys), "faerber2020": faerber_articles(args.datasets),
             "lim2020": lim_articles(args.datasets)}
    for v in pools.values():
        rng.shuffle(v)
    available = {k: (len(v), sum(len(a[2]) for a in v)) for k, v in pools.items()}
    print(f"available articles/sentences by source: {available} ({time.time() - t0:.0f} s)", flush=True)
    # share of the sentence budget per source: the small corpora whole, PolNeAR and MBIC fill the rest
    order = []
    while any(pools.values()):
        for k in list(pools):
            if pools[k]:
                order.append(pools[k].pop())
    dropped = {"gold_or_checkthat_dev_test": 0, "in_held_out_span_corpora": 0, "empty_articles": 0}
    selected, n = [], 0
    for src, doc_id, sents in order:
        keep = []
        for s in sents:
            norm = _normal(s)
            if not norm:
                continue
            if norm in bad_texts:
                dropped["gold_or_checkthat_dev_test"] += 1
            elif len(norm) >= 30 and f" {norm} " in held_text:
                dropped["in_held_out_span_corpora"] += 1
            else:
                keep.append(s)
        if not keep:
            dropped["empty_articles"] += 1
            continue
        selected.append((src, doc_id, keep))
        n += len(keep)
        if n >= (60 if args.smoke else args.sentences):
            break
    print(f"selected {len(selected)} articles, {n} sentences; dropped {dropped}", flush=True)

    analyzer = Analyzer.load(args.model)
    clf = analyzer.classifier
    heads = list(clf.config.token_heads)
    args.out.mkdir(parents=True, exist_ok=True)
    t1 = time.time()
    done = 0
    by_source: dict[str, int] = {}
    start = _resume(args.out, selected) if args.resume else 0
    for src, _, sents in selected[:start]:
        done += len(sents)
        by_source[src] = by_source.get(src, 0) + len(sents)
    if start:
        print(f"resuming after {start} articles ({done} sentences) already in {args.out}", flush=True)
    with open(args.out / "teacher.jsonl.part", "a" if start else "w", encoding="utf-8") as f:
        for i in range(start, len(selected), args.batch_articles):
            chunk = selected[i: i + args.batch_articles]
            results = clf.predict_articles_with_tokens([c[2] for c in chunk])
            for (src, doc_id, sents), (probs, toks) in zip(chunk, results):
                tokens = []
                for t in toks:
                    row = {"offsets": [list(map(int, o)) for o in t.offsets]}
                    for h in heads:
                        row[h] = [[round(float(x), 4) for x in r] for r in t.probs[h]]
                    tokens.append(row)
                f.write(json.dumps({"source": src, "doc_id": doc_id, "sentences": sents,
                                    "probs": [[round(float(x), 5) for x in r] for r in probs],
                                    "tokens": tokens}, ensure_ascii=False) + "\n")
                done += len(sents)
                by_source[src] = by_source.get(src, 0) + len(sents)
            f.flush()
            el = time.time() - t1
            print(f"{min(i + args.batch_articles, len(selected))}/{len(selected)} articles, {done} sentences, "
                  f"{el / 60:.1f} min, {done / max(el, 1e-9):.1f} sentences/s", flush=True)
    os.replace(args.out / "teacher.jsonl.part", args.out / "teacher.jsonl")
    meta = {"teacher_model": str(analyzer.model_path), "teacher_name": analyzer.model_path.name,
            "token_heads": clf.config.token_heads, "labels": clf.config.labels,
            "articles": len(selected), "sentences": done, "sentences_by_source": by_source,
            "dropped": dropped, "polnear_labelled_skipped": args.polnear_labelled, "seed": args.seed,
            "gold_articles_excluded": len(gold_keys), "minutes": round((time.time() - t1) / 60, 1),
            "backend": clf.runtime.name,
            "threads": args.threads, "command": "python " + " ".join([Path(sys.argv[0]).name] + sys.argv[1:]),
            "sources": {"polnear_train": "PolNeAR train articles (unlabelled use)",
                        "mbic": "MBIC article texts (unlabelled use)",
                        "faerber2020": "Färber et al. 2020 Ukraine news bias sentences (unlabelled use)",
                        "lim2020": "Lim et al. 2020 biased-sentences articles (unlabelled use)"}}
    (args.out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")
    print(f"wrote {args.out}/teacher.jsonl: {done} sentences in {meta['minutes']} min", flush=True)


if __name__ == "__main__":
    main()
