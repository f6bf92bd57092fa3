from transformers import AutoTokenizer

from bias.base_weights import encoder_path
from bias.model import ModelConfig, WindowBuilder, batches_by_length


def _builder(**kw):
    cfg = ModelConfig(encoder="all-MiniLM-L6-v2", **kw)
    return WindowBuilder(AutoTokenizer.from_pretrained(str(encoder_path(cfg.encoder))), cfg)


def test_every_sentence_is_a_target_once_and_windows_fit():
    b = _builder(max_window_tokens=64, context_tokens=8)
    sents = [f"Sentence number {i} says something about the city council budget vote." for i in range(30)]
    groups = [0] * 12 + [1] * 18
    windows = b.article_windows(sents, groups=groups)
    keys = [k for w in windows for k, _, _ in w.sentence_slices]
    assert sorted(keys) == list(range(30))
    assert all(len(w.input_ids) <= 64 for w in windows)
    # no window mixes two groups (articles)
    for w in windows:
        assert len({groups[k] for k, _, _ in w.sentence_slices}) == 1


def test_context_is_not_scored_but_present():
    b = _builder()
    w = b.single_window(7, "He said so.", before="The mayor spoke on Friday.", after="Then he left.")
    (key, s, e), = w.sentence_slices
    assert key == 7
    target = b.ids(["He said so."])[0]
    assert w.input_ids[s:e] == target
    assert s > 1 and e < len(w.input_ids) - 1  # context on both sides


def test_batches_respect_token_budget():
    b = _builder()
    windows = b.article_windows([("word " * n).strip() + "." for n in range(1, 60)])
    for batch in batches_by_length(windows, 512):
        assert max(len(w.input_ids) for w in batch) * len(batch) <= 512 or len(batch) == 1


def test_pool_targets_is_the_mean_of_each_target_slice():
    """Pooling by segments (np.add.reduceat) equals the plain mean of every target's tokens, including a target that
    runs to the batch's last token and an empty one (zeros)."""
    from types import SimpleNamespace

    import numpy as np

    from bias.classify import pool_targets

    rng = np.random.default_rng(7)
    values = rng.normal(size=(3, 9, 4)).astype(np.float32)
    slices = [[(0, 1, 4), (1, 4, 8)], [(2, 0, 9)], [(3, 2, 2), (4, 5, 9)]]
    batch = [SimpleNamespace(sentence_slices=s) for s in slices]
    expected = [values[b, s:e].mean(axis=0) if e > s else np.zeros(4) for b, w in enumerate(slices) for _, s, e in w]
    np.testing.assert_allclose(pool_targets(values, batch), np.stack(expected), atol=1e-6)
