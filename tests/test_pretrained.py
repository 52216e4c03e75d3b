"""The kept final network: trained once, loaded afterwards, retrained when its recipe changes."""

from __future__ import annotations

import errno
import functools
import os
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pytest

from nnbook import pretrained
from nnbook.network import NeuralNetwork
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


# --------------------------------------------------------------------------- the website's copy


@pytest.fixture
def site(tmp_path: Path, monkeypatch) -> Iterator[Path]:
    """A loopback web server standing in for the website; yields the folder it serves."""
    folder = tmp_path / "site"
    folder.mkdir()
    handler = functools.partial(_QuietFiles, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv(pretrained.SITE_COPY_ENV, f"http://127.0.0.1:{server.server_address[1]}/")
    yield folder
    server.shutdown()
    server.server_close()


class _QuietFiles(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def _never_train(*args, **kwargs):
    raise AssertionError("the website's copy should have been used")


def test_the_site_copy_is_kept_with_the_umask_mode(site: Path, tmp_path: Path, monkeypatch) -> None:
    tiny = Recipe(hidden=8, epochs=1, seed=5)
    cache = tmp_path / "cache"
    NeuralNetwork((784, 8, 10), 0.1, rng=5).save(site / pretrained.kept_path(tiny, cache).name)
    monkeypatch.setattr(pretrained, "train", _never_train)
    old = os.umask(0o002)
    try:
        net = final_network(tiny, cache_dir=cache)
    finally:
        os.umask(old)
    (kept,) = cache.iterdir()
    assert net.layer_sizes == (784, 8, 10) and kept.stat().st_mode & 0o777 == 0o664


def test_a_site_copy_that_cannot_be_kept_means_training(site: Path, tmp_path: Path, monkeypatch) -> None:
    """A full disk while keeping the copy: no temporary file stays, and the page still gets its network."""
    tiny = Recipe(hidden=8, epochs=1, seed=6)
    cache = tmp_path / "cache"
    NeuralNetwork((784, 8, 10), 0.1, rng=6).save(site / pretrained.kept_path(tiny, cache).name)
    real_replace, calls = os.replace, []

    def full_disk_once(source, target):
        calls.append(target)
        if len(calls) == 1:
            raise OSError(errno.ENOSPC, "No space left on device", str(source))
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", full_disk_once)
    monkeypatch.setattr(pretrained, "train", lambda *a, **k: NeuralNetwork((784, 8, 10), 0.1, rng=1))
    assert final_network(tiny, cache_dir=cache).layer_sizes == (784, 8, 10)
    assert [p.name for p in cache.iterdir()] == [pretrained.kept_path(tiny, cache).name]
