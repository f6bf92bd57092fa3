"""Report scaling: analysis and rendering time per 1,000 sentences should stay flat as articles grow (linear time),
and the HTML must hold no live markup from a hostile article (figures printed, not asserted beyond that).

    python bench/report_scaling.py [--model accurate|fast|DIR] [--sizes 500,1000,5000]
"""
from __future__ import annotations

import argparse
import os
import time


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("--model", default=None)
    p.add_argument("--backend", default=None)
    p.add_argument("--sizes", default="500,1000,5000")
    args = p.parse_args(argv)
    from bias import Analyzer

    report_scaling(Analyzer.load(args.model, backend=args.backend), [int(x) for x in args.sizes.split(",")])


HOSTILE = ['<script>window.__pwned = 1</script>', '<img src=x onerror="window.__pwned=2">', '&amp; &lt;b&gt; &#x27;',
           '"onmouseover=alert(1) x="']


def hostile_article(n: int) -> str:
    """A headline, then ``n - 1`` sentences in paragraphs of five, each carrying a markup payload."""
    out, para = ["Council <script>alert(1)</script> Approves Budget!", ""], []
    for i in range(1, n):
        payload = HOSTILE[i % len(HOSTILE)]
        para.append(f"“The plan {payload} is a disgrace,” the mayor said of item {i}." if i % 3 == 0 else
                    f"The council discussed the {payload} proposal as item {i}.")
        if len(para) == 5:
            out += [" ".join(para), ""]
            para = []
    out.append(" ".join(para))
    return "\n".join(out)


def report_scaling(analyzer, sizes: list[int]) -> None:
    from rich.console import Console

    from bias.render.text import render_text

    for n in sizes:
        text = hostile_article(n)
        t = time.perf_counter()
        report = analyzer.analyze(text, input_format="text")
        t_analyze = time.perf_counter() - t
        timings = {}
        for fmt, render in (("html", report.to_html), ("json", report.to_json), ("csv", report.to_csv),
                            ("text", lambda: render_text(report, Console(file=open(os.devnull, "w"), width=110)))):
            t = time.perf_counter()
            out = render()
            timings[fmt] = time.perf_counter() - t
            if fmt == "html":
                from lxml import html as lxml_html

                live = lxml_html.document_fromstring(out).xpath("//script | //img | //*[@onerror] | //*[@onmouseover]")
                assert not live, f"live markup from the article: {live[:3]}"
        k = len(report.sentences) / 1000
        print(f"hostile article, {len(report.sentences)} sentences: analyse {t_analyze:.1f} s "
              f"({t_analyze / k:.1f} s per 1,000); render " +
              ", ".join(f"{fmt} {sec:.2f} s ({sec / k:.2f} s per 1,000)" for fmt, sec in timings.items()) +
              "; HTML holds no live markup")


if __name__ == "__main__":
    main()
