"""The kept final network: trained once, loaded afterwards, retrained when its recipe changes."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from nnbook import pretrained
from nnbook.pretrained import Recipe, final_network


def test_trains_once_then_loads_the_same_weights(mnist_dir: Path, tmp_path: Path, monkeypatch) -> None:
    tiny = Recipe(hidden=8, epochs=1, learning_rate=0.2, seed=3)
    first = final_network(tiny, data_dir=mnist_dir, cache_dir=tmp_path)
    kept = list(tmp_path.glob("*.npz"))
    assert len(kept) == 1

    def no_training(*args, **kwargs):
        raise AssertionError("a kept network was trained again")

    monkeypatch.setattr(pretrained, "train", no_training)
    second = final_network(tiny, data_dir=mnist_dir, cache_dir=tmp_path)
    for a, b in zip(first.weights, second.weights):
        np.testing.assert_array_equal(a, b)


def test_fingerprint_follows_the_recipe() -> None:
    assert pretrained.fingerprint(Recipe()) == pretrained.fingerprint(Recipe())
    assert pretrained.fingerprint(Recipe()) != pretrained.fingerprint(Recipe(epochs=4))


def test_a_damaged_kept_file_is_replaced(mnist_dir: Path, tmp_path: Path) -> None:
    tiny = Recipe(hidden=8, epochs=1, seed=4)
    final_network(tiny, data_dir=mnist_dir, cache_dir=tmp_path)
    (kept,) = tmp_path.glob("*.npz")
    kept.write_bytes(b"not a zip file")
    net = final_network(tiny, data_dir=mnist_dir, cache_dir=tmp_path)
    assert net.layer_sizes == (784, 8, 10)
    assert kept.read_bytes()[:2] == b"PK"
