import pytest

from bias.base_weights import ENCODERS, _verify, encoder_path
from bias.errors import BiasSetupError


def test_mismatching_weights_are_refused(tmp_path):
    (tmp_path / "model.safetensors").write_bytes(b"not the real weights")
    with pytest.raises(BiasSetupError, match="does not match"):
        _verify(tmp_path, ENCODERS["all-mpnet-base-v2"])


def test_installed_encoders_verify():
    for name in ENCODERS:
        folder = encoder_path(name)
        assert (folder / "model.safetensors").stat().st_size == ENCODERS[name].size


def test_unknown_encoder_is_a_clear_error():
    with pytest.raises(BiasSetupError, match="unknown base encoder"):
        encoder_path("bert-large")
