"""`bias batch --engine ray` against the local engine: a real local Ray cluster, 50 articles, identical labels and
indices, the same output format."""
from __future__ import annotations

import json

import pytest

from batch_corpus import corpus
from bias.batch import Job, Spec, run

ray = pytest.importorskip("ray")


@pytest.fixture(scope="module")
def cluster():
    started = not ray.is_initialized()
    if started:
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    if started:
        ray.shutdown()


def test_ray_engine_matches_local_engine(analyzer, cluster, tmp_path):
    rows = corpus(50)
    rows[7]["text"] = ""  # a bad row goes through Ray too
    inp = tmp_path / "in.jsonl"
    inp.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    local, remote = tmp_path / "local.jsonl", tmp_path / "ray.jsonl"
    run(Job(Spec(inp, keep_cols=["outlet"]), local, sentences=tmp_path / "local_s.jsonl", chunk_size=10))
    stats = run(Job(Spec(inp, keep_cols=["outlet"]), remote, sentences=tmp_path / "ray_s.jsonl", chunk_size=10,
                    engine="ray"))
    assert stats.analysed == 50 and stats.failed == 1
    a = [json.loads(x) for x in local.read_text(encoding="utf-8").splitlines()]
    b = [json.loads(x) for x in remote.read_text(encoding="utf-8").splitlines()]
    assert [x["id"] for x in b] == [r["id"] for r in rows]  # input order kept
    assert [sorted(x) for x in a] == [sorted(x) for x in b]  # the same fields
    for x, y in zip(a, b):
        assert x.get("error") == y.get("error") and x["outlet"] == y["outlet"]
        if "report" in x:
            assert [s["label"] for s in x["report"]["sentences"]] == [s["label"] for s in y["report"]["sentences"]]
            assert x["report"]["indices"] == y["report"]["indices"]
    sa = [json.loads(x) for x in (tmp_path / "local_s.jsonl").read_text(encoding="utf-8").splitlines()]
    sb = [json.loads(x) for x in (tmp_path / "ray_s.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(s["article_id"], s["index"], s["label"]) for s in sa] == \
        [(s["article_id"], s["index"], s["label"]) for s in sb]
