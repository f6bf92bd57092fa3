"""A tiny real run of train.py (MiniLM, 40 documents, 2 steps): data building, the CheckThat hold-out, training,
calibration, the opinion offset, the clickbait head, saving, and the card's evaluations on a few rows."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _smoke(out: Path, datasets_root, *extra: str) -> str:
    res = subprocess.run([sys.executable, str(REPO / "train.py"), "--smoke", "--encoder", "all-MiniLM-L6-v2",
                          "--heads", "loaded,attribution", "--checkthat-holdout", "0.05", "--out", str(out),
                          "--datasets", str(datasets_root), *extra],
                         capture_output=True, timeout=900, cwd=REPO)
    assert res.returncode == 0, res.stderr.decode()[-2000:]
    return res.stdout.decode()


@pytest.fixture(scope="module")
def smoke_run(tmp_path_factory, datasets_root) -> Path:
    out = tmp_path_factory.mktemp("train") / "smoke"
    _smoke(out, datasets_root)
    return out


def test_train_smoke_run(smoke_run):
    out = smoke_run
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["training"]["smoke"] is True
    assert 0 <= metrics["metrics"]["checkthat_dev_test"]["macro_f1"] <= 1
    assert "loaded_semeval2023_dev" in metrics["metrics"] and "attribution_polnear_test" in metrics["metrics"]
    assert (out / "weights.safetensors").stat().st_size > 0
    # the opinion offset is chosen on the held-out CheckThat sentences, kept in the card and applied by the model
    offset = metrics["metrics"]["opinion_offset"]
    assert 60 <= offset["checkthat_held_out"] <= 66  # 5 % of 1,292 CheckThat train + dev sentences, per label
    assert 0 < offset["subjective"] < offset["checkthat_held_out"]
    chosen = json.loads((out / "config.json").read_text())["thresholds"]["opinion_offset"]
    assert chosen == offset["chosen"] and str(chosen) in offset["grid"]
    card = (out / "MODEL_CARD.md").read_text()
    assert "CheckThat" in card and "Terms for the weights" in card
    from bias import Analyzer

    a = Analyzer.load(out, backend="torch")  # a fresh model has no runtime graph until `bias setup --model`
    row = a.classify("The council voted on Tuesday.")
    assert row["label"] in {"reported_fact", "attributed_claim", "opinion"}
    assert "loaded_spans" in row and "attributions" in row
    # the clickbait head joins the same pass and feeds the headline's assessment
    assert 0 <= metrics["metrics"]["clickbait_held_out"]["accuracy"] <= 1
    report = a.analyze("You Won't Believe What This Senator Did Next\n\nThe senator voted no on Tuesday.")
    assert "clickbait style (model)" in {r["kind"] for r in report.headline_assessment.reasons}


def test_a_seeded_run_is_reproduced_exactly_even_when_resumed(smoke_run, tmp_path, datasets_root):
    """The same command and seed give the same weights and scores (what lets train.py reproduce a shipped model),
    also when the run is stopped after its first step and resumed from the checkpoint by a second call."""
    from safetensors.torch import load_file

    runs = [smoke_run, tmp_path / "again"]
    stopped = _smoke(runs[1], datasets_root, "--stop-after-steps", "1")
    assert "stopped after step 1" in stopped and not (runs[1] / "weights.safetensors").exists()
    assert "resumed from step 1" in _smoke(runs[1], datasets_root)
    first, second = (load_file(str(out / "weights.safetensors")) for out in runs)
    assert first.keys() == second.keys()
    assert all(first[k].equal(second[k]) for k in first)
    scores = [json.loads((out / "metrics.json").read_text())["metrics"]["checkthat_dev_test"] for out in runs]
    assert scores[0]["macro_f1"] == scores[1]["macro_f1"]
