"""Embedded posts (tweets) in the SemEval-2023 dev articles: how many of their sentences count as the writer's opinion.

    python tools/embedded_posts_eval.py            # the table and the totals (loads the shipped model once)
    python tools/embedded_posts_eval.py -v         # also every post sentence with its label before and after

The articles are those of ``semeval2023t3_en/dev-articles-subtask-3`` with an embed signature ("— Name (@handle)
date"). A *post sentence* is a body sentence that ``bias.segment`` assigns to an embedded post. **Before** is what
the report said without the embed signal: each sentence's label is the argmax of the model's probabilities (the
same probabilities the report shows), signature lines and other furniture included, and a sentence counts as the
writer's opinion in the news body when that label is opinion and it lies outside a section marked as opinion.
**After** is the report itself: ``indices.opinion_separation.opinion_in_news_body`` and the post sentences' labels.
Needs ``../shared/datasets`` and the model (``bias setup``).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bias import Analyzer  # noqa: E402
from bias.segment import _SIGNATURE  # noqa: E402

ROOT = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "semeval2023t3_en" / "dev-articles-subtask-3"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    paths = sorted(p for p in ROOT.glob("article*.txt")
                   if any(_SIGNATURE.search(line) for line in p.read_text(encoding="utf-8").splitlines()))
    analyzer = Analyzer.load()
    texts = [p.read_text(encoding="utf-8") for p in paths]
    tot = {"posts": 0, "post_sents": 0, "before_post_op": 0, "after_post_op": 0, "before_op": 0, "after_op": 0}
    print(f"{'article':<12} {'posts':>5} {'post sentences':>14} {'post sents as writer opinion before/after':>42} "
          f"{'opinion in news body before/after':>34}")
    for path, report in zip(paths, analyzer.analyze_many(texts)):
        marked = {i for sec in report.sections if sec.opinion_heading for i in sec.sentences}
        argmax = {s.index: max(s.probs, key=s.probs.get) for s in report.sentences}
        posts = [s for s in report.sentences if s.embedded_source and s.kind == "body"]
        accounts = {s.embedded_source for s in posts}
        before_op = [s for s in report.sentences if s.kind != "headline" and argmax[s.index] == "opinion"
                     and s.index not in marked]
        before_post_op = [s for s in posts if argmax[s.index] == "opinion" and s.index not in marked]
        after_post_op = [s for s in posts if s.label == "opinion"]
        after_op = report.indices["opinion_separation"]["opinion_in_news_body"]
        tot["posts"] += len(accounts)
        tot["post_sents"] += len(posts)
        tot["before_post_op"] += len(before_post_op)
        tot["after_post_op"] += len(after_post_op)
        tot["before_op"] += len(before_op)
        tot["after_op"] += after_op
        name = path.stem.removeprefix("article")
        print(f"{name:<12} {len(accounts):>5} {len(posts):>14} {len(before_post_op):>21} / {len(after_post_op):<18}"
              f" {len(before_op):>17} / {after_op:<14}")
        if args.verbose:
            for s in posts:
                print(f"    #{s.index:<3} before {argmax[s.index]:<16} after {s.label:<16} {s.embedded_source}: "
                      f"{' '.join(s.text.split())[:100]!r}")
    print(f"{'total':<12} {tot['posts']:>5} {tot['post_sents']:>14} {tot['before_post_op']:>21} / "
          f"{tot['after_post_op']:<18} {tot['before_op']:>17} / {tot['after_op']:<14}")
    print(f"{len(paths)} articles with embedded posts; {tot['post_sents']} post sentences, "
          f"{tot['before_post_op']} counted as the writer's opinion before, {tot['after_post_op']} after")


if __name__ == "__main__":
    main()
