"""Where the time of ``Analyzer.analyze`` goes on real whole articles: a cProfile run, grouped by pipeline stage.

    python bench/profile_pipeline.py [--model fast] [--backend openvino] [--articles 20] [--top 15]

Same fixed corpus as bench/benchmark.py (PolNeAR test articles with ≥ 10 sentences, read from ../shared/datasets at
run time). Prints the share of wall time in each stage (segmentation, tokenising and windows, the runtime, decoding
of token heads, report building) and the profile's top lines by own time. Figures are printed, never asserted.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.benchmark import corpus, cpu_flags  # noqa: E402

# Stage → the functions whose cumulative time is that stage (they do not nest in one another).
STAGES = {
    "segmentation": [("segment.py", "segment_text"), ("segment.py", "segment_html")],
    "runtime (encoder graph)": [("openvino_rt.py", "run"), ("onnx_rt.py", "run"), ("torch_rt.py", "run")],
    "decoding and report": [("analyzer.py", "_report")],
}


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", default="fast")
    p.add_argument("--backend", default=None)
    p.add_argument("--articles", type=int, default=20)
    p.add_argument("--top", type=int, default=15)
    args = p.parse_args(argv)

    from bias import Analyzer

    texts = corpus(args.articles)
    analyzer = Analyzer.load(args.model, backend=args.backend)
    analyzer.analyze(texts[0])  # warm-up: the runtime's first call compiles shapes
    prof = cProfile.Profile()
    t = time.perf_counter()
    prof.enable()
    n = sum(len(analyzer.analyze(x).sentences) for x in texts)
    prof.disable()
    wall = time.perf_counter() - t
    stats = pstats.Stats(prof)
    print(f"CPU: {cpu_flags()}")
    print(f"{analyzer.tool_info['model']} on {analyzer.classifier.runtime.name}: {len(texts)} articles, {n} sentences, "
          f"{wall:.2f} s ({n / wall:.1f} sentences/s under the profiler)")
    total = sum(v[3] for k, v in stats.stats.items() if k[2] == "analyze" and k[0].endswith("analyzer.py"))
    accounted = 0.0
    for stage, keys in STAGES.items():
        cum = sum(v[3] for (file, _, func), v in stats.stats.items()
                  if any(file.endswith(f) and func == fn for f, fn in keys))
        accounted += cum
        print(f"  {stage:<28} {cum:6.2f} s  {100 * cum / total:5.1f} %")
    print(f"  {'tokenising, windows, pooling':<28} {total - accounted:6.2f} s  {100 * (total - accounted) / total:5.1f} %")
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats("tottime").print_stats(args.top)
    print("\n".join(line for line in out.getvalue().splitlines() if line.strip())[-(args.top + 2) * 200:])


if __name__ == "__main__":
    main()
