"""Distillation path of train.py (--teacher): token re-alignment across tokenisers, the soft loss, teacher windows.

No model runs here: a tiny teacher file is written in the test in tools/teacher_signal.py's format."""
import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest
import torch

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def train():
    spec = importlib.util.spec_from_file_location("train_module", REPO / "train.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_teacher_tokens_are_realigned_by_characters(train):
    # teacher tokens "Sen" "ator" " slammed"; student tokens "Senator" " slam" "med" " it"
    teacher = {"offsets": [[0, 3], [3, 7], [8, 15]], "loaded": [[0.9, 0.1], [0.7, 0.3], [0.2, 0.8]]}
    out = train.align_teacher_tokens([(0, 7), (8, 12), (12, 15), (16, 18)], teacher, "loaded")
    assert np.allclose(out[0], [0.8, 0.2]) and np.allclose(out[1], [0.2, 0.8]) and np.allclose(out[2], [0.2, 0.8])
    assert np.isnan(out[3]).all()  # no teacher token there: no soft target


def test_soft_cross_entropy_is_smallest_at_the_teacher(train):
    q = torch.tensor([[0.7, 0.2, 0.1]])
    at_teacher = train.soft_cross_entropy(torch.log(q), q)
    assert at_teacher < train.soft_cross_entropy(torch.zeros(1, 3), q)
    assert torch.isclose(at_teacher, -(q * torch.log(q)).sum())
    assert train.soft_cross_entropy(torch.log(q), q, temperature=2.0) < train.soft_cross_entropy(
        torch.zeros(1, 3), q, temperature=2.0)


def test_teacher_windows_carry_soft_targets(train, tmp_path):
    from transformers import AutoTokenizer

    from bias.base_weights import encoder_path
    from bias.model import ModelConfig, WindowBuilder

    sents = ["The council voted on Tuesday.", "Critics slammed the reckless plan, the mayor said."]
    tokens = [{"offsets": [[a, a + 1] for a in range(len(s))], "loaded": [[0.6, 0.4]] * len(s),
               "attribution": [[0.1, 0.2, 0.3, 0.4]] * len(s)} for s in sents]
    (tmp_path / "teacher.jsonl").write_text(json.dumps({"source": "t", "doc_id": "a", "sentences": sents,
                                                        "probs": [[0.8, 0.1, 0.1], [0.1, 0.6, 0.3]],
                                                        "tokens": tokens}) + "\n")
    (tmp_path / "meta.json").write_text(json.dumps({"teacher_name": "t"}))
    docs, meta = train.load_teacher(tmp_path)
    heads = {"loaded": ["O", "LOADED"], "attribution": ["O", "SOURCE", "CUE", "CONTENT"]}
    cfg = ModelConfig(encoder="all-MiniLM-L6-v2", token_heads=heads)
    builder = WindowBuilder(AutoTokenizer.from_pretrained(str(encoder_path(cfg.encoder))), cfg)
    windows, soft = train.teacher_windows(docs, builder, heads, first_key=10)
    assert sorted(soft) == [10, 11] and np.allclose(soft[11], [0.1, 0.6, 0.3])
    w = windows[0]
    assert all(x == -100 for x in w.token_labels["loaded"])  # no hard tags from the teacher
    rows = w.soft_tokens["attribution"]
    targets = [i for k, s, e in w.sentence_slices for i in range(s, e)]
    assert np.allclose(rows[targets], [0.1, 0.2, 0.3, 0.4])
    assert np.isnan(rows[0]).all()  # [CLS]
