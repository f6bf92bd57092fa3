"""The local and Ray engines of `bias batch` on the same articles: identical reports, and each engine's rate.

    python bench/engine_agreement.py --n 300 --model fast

Builds N PTC articles as ``bench/batch_scale.py`` does (../shared/datasets, into a temporary folder), scores them
with ``bias.batch.run`` on the local engine and then on the Ray engine (a local Ray instance the engine starts), and
prints each run's one-line summary, whether the ids come back in input order, in how many articles the labels and
the indices are identical, and the largest difference of any sentence probability. Figures printed, not asserted
(``tests/test_batch_ray.py`` asserts the agreement on 50 articles in every CI run).
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from batch_scale import build  # noqa: E402


def main(argv=None):
    from bias.batch import Job, Spec, run

    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--n", type=int, default=300)
    p.add_argument("--model", default="fast")
    p.add_argument("--chunk-size", type=int, default=32)
    args = p.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="bias-engines-"))
    inp = build(args.n, tmp / "in.jsonl")
    rows = {}
    for engine in ("local", "ray"):
        out = tmp / f"{engine}.jsonl"
        t = time.perf_counter()
        stats = run(Job(Spec(inp, keep_cols=["split"]), out, model=args.model, engine=engine,
                        chunk_size=args.chunk_size))
        rows[engine] = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
        print(f"{engine}: {stats.line()}; {time.perf_counter() - t:.1f} s with the start", flush=True)
    a, b = rows["local"], rows["ray"]
    pairs = [(x["report"], y["report"]) for x, y in zip(a, b) if "report" in x and "report" in y]
    labels = sum([s["label"] for s in x["sentences"]] == [s["label"] for s in y["sentences"]] for x, y in pairs)
    indices = sum(x["indices"] == y["indices"] for x, y in pairs)
    diff = max((abs(p - q) for x, y in pairs for s, t in zip(x["sentences"], y["sentences"])
                for p, q in zip(s["probs"].values(), t["probs"].values())), default=0.0)
    print(f"{args.n} articles: ids in input order on both: {[r['id'] for r in a] == [r['id'] for r in b]}; labels "
          f"identical in {labels}/{len(pairs)}, indices identical in {indices}/{len(pairs)}; max |probability "
          f"difference| {diff:.2e}")


if __name__ == "__main__":
    main()
