"""Hard-wrapped text: does a folded copy of an article give the original's sentences? (bias.segment.reflow)

    python tools/reflow_eval.py                        # 12 PolNeAR test articles, folded at 60, 65, 70, 75, 80
    python tools/reflow_eval.py --articles 40 -v       # more articles, and every sentence that was not recovered
    python tools/reflow_eval.py --break-on-hyphens     # let textwrap also break inside hyphenated words

Each article's paragraphs (lines) are folded with ``textwrap.fill`` at each width, blank lines kept; the folded copy
and the original are segmented, and a sentence of the original counts as recovered when the folded copy has a
sentence with the same text after white-space normalisation (as a multiset: each copy is matched once). Also
reported: on how many *unfolded* articles (all PolNeAR test and SemEval-2023 dev articles) the detector fires; it
must be none. No model is involved; needs ``../shared/datasets``.
"""
from __future__ import annotations

import argparse
import sys
import textwrap
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bias.corpora.polnear import load_polnear  # noqa: E402
from bias.corpora.semeval import load_semeval_articles  # noqa: E402
from bias.segment import segment_text, wrap_width  # noqa: E402

WIDTHS = (60, 65, 70, 75, 80)


def fold(text: str, width: int, break_on_hyphens: bool = False) -> str:
    """Every non-empty line folded at ``width`` (as an e-mail archive stores it); blank lines stay."""
    return "\n".join(textwrap.fill(line, width, break_on_hyphens=break_on_hyphens) if line.strip() else ""
                     for line in text.split("\n"))


def sentence_texts(text: str) -> Counter:
    return Counter(" ".join(s.text.split()) for s in segment_text(text).sentences)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=12)
    ap.add_argument("--break-on-hyphens", action="store_true")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    test = list(load_polnear("test"))
    arts = test[:args.articles]
    total = found = 0
    detected = 0
    per_width: dict[int, list[int]] = {w: [0, 0] for w in WIDTHS}
    for a in arts:
        orig = sentence_texts(a["text"])
        for w in WIDTHS:
            folded = fold(a["text"], w, args.break_on_hyphens)
            detected += wrap_width(folded) is not None
            got = sentence_texts(folded)
            hit = sum((orig & got).values())
            n = sum(orig.values())
            total, found = total + n, found + hit
            per_width[w][0] += hit
            per_width[w][1] += n
            if args.verbose and hit < n:
                for t in (orig - got):
                    print(f"  [{a['article_id']} @{w}] not recovered: {t[:120]!r}")
    print(f"{len(arts)} PolNeAR test articles x {len(WIDTHS)} widths (break_on_hyphens={args.break_on_hyphens}): "
          f"{found}/{total} original sentences recovered exactly = {100 * found / total:.2f} %; "
          f"wrapping detected in {detected}/{len(arts) * len(WIDTHS)} folded copies")
    print("per width:", ", ".join(f"{w}: {100 * h / n:.2f} %" for w, (h, n) in per_width.items()))
    plain = [a["text"] for a in test] + [a["text"] for a in load_semeval_articles("dev")]
    fired = [t[:60] for t in plain if wrap_width(t) is not None]
    print(f"detector fired on {len(fired)} of {len(plain)} unfolded articles (PolNeAR test + SemEval-2023 dev)")


if __name__ == "__main__":
    main()
