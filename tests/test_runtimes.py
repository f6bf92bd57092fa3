"""Runtimes: the graphs `bias setup` built agree with the torch model, inference imports no torch, and a graph that
fails its probe check is refused."""
import functools
import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from bias.config import TIERS, ModelConfig, resolve_model
from bias.errors import BiasSetupError

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "harbor_bridge.txt"
HEAVY = ("torch", "transformers", "peft")


def _shapes(clf):
    """Batches of several shapes from a real article: its windows together, in pairs, and sentences read alone."""
    from bias.segment import segment_text
    from bias.windows import collate

    sents = [s.text for s in segment_text(EXAMPLE.read_text(encoding="utf-8")).sentences]
    article = clf.windows.article_windows(sents)
    alone = [clf.windows.single_window(i, t) for i, t in enumerate(sents[:7])]
    for batch in (article, article[:2], alone, alone[:1]):
        yield collate(batch, clf.pad_id)


@pytest.fixture(scope="module", params=list(TIERS))
def tier(request):
    return request.param


@functools.lru_cache(maxsize=None)
def classifier(tier: str, backend: str):
    from bias.classify import SentenceClassifier

    clf = SentenceClassifier.load(resolve_model(tier), backend=backend)
    if backend == "torch":
        clf.runtime.use_bf16 = False  # the fp32 reference, also on CPUs where torch would autocast to bf16
    return clf


@pytest.mark.parametrize("backend", ["openvino", "onnx"])
def test_runtime_graph_agrees_with_torch_on_batches_of_several_shapes(tier, backend):
    ref, clf = classifier(tier, "torch"), classifier(tier, backend)
    layout = ref.config.head_layout()
    worst = 0.0
    fp32 = clf.runtime.name == "onnx" or getattr(clf.runtime, "precision", "") == "f32"
    for ids, mask, owner, _ in _shapes(ref):
        _, expected = ref.runtime.run(ids, mask)
        _, got = clf.runtime.run(ids, mask)
        real = mask.astype(bool)
        worst = max(worst, float(np.abs(got[real] - expected[real]).max()))
        token_heads = set(ref.config.token_heads)
        for head, cols in layout.items():
            if head in token_heads:  # a token head decides per token: the same tag on (almost) every real token
                assert (got[real][:, cols].argmax(-1) == expected[real][:, cols].argmax(-1)).mean() > 0.995, head
            else:  # a sentence head decides on its target's pooled logits (a single token's argmax decides nothing)
                rows = range(owner.max() + 1)
                pooled_got = np.stack([got[owner == r][:, cols].mean(0) for r in rows])
                pooled_expected = np.stack([expected[owner == r][:, cols].mean(0) for r in rows])
                same = (pooled_got.argmax(-1) == pooled_expected.argmax(-1)).mean()
                # fp32 graphs: every decision; bf16 (OpenVINO on CPUs with bf16 units: 1,081/1,086 gold-test labels)
                # may tip a near-tie
                assert same == 1.0 if fp32 else same >= 0.95, (head, same)
    # fp32 graphs (and OpenVINO's bf16 on CPUs with bf16 units) stay close to the torch reference
    assert worst < (0.01 if fp32 else 0.25)


def test_inference_imports_no_torch(tmp_path):
    """`import bias`, Analyzer.load(), and the analyze, classify and evaluate commands, each in a fresh process."""
    sents = tmp_path / "s.jsonl"
    sents.write_text('{"id": 1, "text": "The council voted 7-2 on Tuesday."}\n', encoding="utf-8")
    table = tmp_path / "t.csv"
    table.write_text("text,label\nThe council voted 7-2 on Tuesday.,fact\nThis plan is a disgrace.,op\n",
                     encoding="utf-8")
    calls = [
        "import bias",
        "from bias import Analyzer; Analyzer.load().analyze('The council voted. It is a good day, she said.')",
        f"cli(['analyze', {str(EXAMPLE)!r}, '--format', 'json'])",
        f"cli(['classify', '--input', {str(sents)!r}])",
        f"cli(['evaluate', {str(table)!r}, '--label-map', 'fact=reported_fact,op=opinion'])",
    ]
    for call in calls:
        code = ("import sys\nfrom bias.cli import app\n"
                "def cli(args):\n    app(args, standalone_mode=False)\n"
                f"{call}\nprint(sorted(m for m in {HEAVY!r} if m in sys.modules))")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
        assert out.returncode == 0, out.stderr[-2000:]
        assert out.stdout.strip().splitlines()[-1] == "[]", (call, out.stdout[-300:])


def test_a_graph_that_fails_its_probe_check_is_refused(tmp_path, monkeypatch):
    from bias.runtime import graphs, load_runtime

    model_dir = resolve_model("accurate")
    config = ModelConfig.read(model_dir)
    real, _ = graphs.verified_graph(model_dir, config, "openvino")
    monkeypatch.setenv("BIAS_CACHE", str(tmp_path))
    folder = graphs.graph_dir(model_dir, config)
    folder.mkdir(parents=True)
    (folder / graphs.GRAPH_FILE).symlink_to(real)
    record = json.loads((real.parent / graphs.RECORD_FILE).read_text())
    record["graph"] = graphs._stamp(folder / graphs.GRAPH_FILE)
    (folder / graphs.RECORD_FILE).write_text(json.dumps(record))
    assert load_runtime(model_dir, config, "openvino").name == "openvino"  # a passing record loads

    # probe logits that the graph does not reproduce: the check fails and the runtime refuses the graph
    bad_model = tmp_path / "model"
    shutil.copytree(model_dir, bad_model)
    probes = dict(np.load(bad_model / "probes.npz"))
    probes["logits"] = probes["logits"] + 1.0
    np.savez(bad_model / "probes.npz", **probes)
    results = graphs.verify(bad_model, real, backends=("onnx",))
    assert not results["onnx"]["passed"] and results["onnx"]["max_abs_logit_diff"] > 0.9
    record["backends"]["openvino"] = {"passed": False}
    (folder / graphs.RECORD_FILE).write_text(json.dumps(record))
    with pytest.raises(BiasSetupError, match="refusing to load"):
        load_runtime(model_dir, config, "openvino")

    # a graph file changed after it was verified is refused too
    record["backends"]["openvino"] = {"passed": True}
    record["graph"]["bytes"] += 1
    (folder / graphs.RECORD_FILE).write_text(json.dumps(record))
    with pytest.raises(BiasSetupError, match="refusing to load"):
        load_runtime(model_dir, config, "openvino")


def test_tokenizer_matches_the_encoders_reference_tokenizer(tier):
    from transformers import AutoTokenizer

    from bias.base_weights import encoder_path
    from bias.tokenizer import EncoderTokenizer

    folder = encoder_path(ModelConfig.read(resolve_model(tier)).encoder)
    ours, ref = EncoderTokenizer(folder), AutoTokenizer.from_pretrained(str(folder))
    texts = EXAMPLE.read_text(encoding="utf-8").split("\n") + [
        "“We will not back down,” the senator said — café naïve ÉCOLE 😀", "ﬁ ½ e\u0301 x\u200by", "A" * 400, " "]
    a = ours(texts, max_length=128)
    b = ref(texts, add_special_tokens=False, truncation=True, max_length=128, return_offsets_mapping=True)
    assert a["input_ids"] == b["input_ids"]
    assert [[tuple(o) for o in x] for x in a["offset_mapping"]] == [[tuple(o) for o in x] for x in b["offset_mapping"]]
    assert (ours.cls_token_id, ours.sep_token_id, ours.pad_token_id) == \
        (ref.cls_token_id, ref.sep_token_id, ref.pad_token_id)
    assert ours(["x \ud800 y"])["input_ids"][0]  # a lone surrogate does not reach the Rust tokenizer


def test_tiers_resolve_by_name_and_folder():
    assert resolve_model("accurate").name == TIERS["accurate"]
    assert resolve_model(str(resolve_model("accurate"))) == resolve_model("accurate")
    with pytest.raises(BiasSetupError, match="tiers: accurate, fast"):
        resolve_model("quick")
