"""The book's final network, trained once and kept, for the pages that need a trained one.

Part 2 ends with a 784-200-10 network trained for 5 epochs at learning rate 0.1. Part 3
(your own handwriting, looking inside the network, the drawing demo) needs that network
again. Training it takes about a minute, so :func:`final_network` trains it the first time
and keeps the weights in the data cache; later calls load them in a blink.

The kept file's name carries a fingerprint of everything that decides the weights: the
recipe below and the source of the network and training code. Change any of them and the
next call trains afresh, so a page can never show a network made by old code.
"""

from __future__ import annotations

import hashlib
import json
import os
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from . import browser, network, training
from .data import load_mnist, make_targets, scale_inputs
from .files import atomic_write
from .mnist import _repo_root
from .network import NeuralNetwork


@dataclass(frozen=True)
class Recipe:
    """Everything that decides the trained weights."""

    hidden: int = 200
    learning_rate: float = 0.1
    epochs: int = 5
    seed: int = 2026
    shuffle: bool = False  # the book visits the records in their stored order


FINAL = Recipe()

SITE_COPY_ENV = "NNBOOK_TRAINED_URL"
"""Base URL of kept trained networks to fetch before training one (the website's own copy)."""


def fingerprint(recipe: Recipe) -> str:
    """A short hash of the recipe and of the code that turns it into weights."""
    digest = hashlib.sha256(json.dumps(asdict(recipe), sort_keys=True).encode())
    for module in (network, training):
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()[:16]


def train(recipe: Recipe = FINAL, *, data_dir: str | Path | None = None, progress: bool | str = False) -> NeuralNetwork:
    """Train a network by ``recipe`` on all 60,000 training records."""
    labels, images = load_mnist("train", data_dir=data_dir)
    rng = np.random.default_rng(recipe.seed)
    net = NeuralNetwork([784, recipe.hidden, 10], learning_rate=recipe.learning_rate, rng=rng)
    training.fit(
        net,
        scale_inputs(images),
        make_targets(labels),
        epochs=recipe.epochs,
        rng=rng if recipe.shuffle else None,
        progress=progress,
    )
    return net


def final_network(
    recipe: Recipe = FINAL,
    *,
    data_dir: str | Path | None = None,
    cache_dir: str | Path | None = None,
    progress: bool | str = False,
) -> NeuralNetwork:
    """The trained network of ``recipe``: loaded when kept, otherwise trained (saying so, with a
    progress bar) and kept.

    ``cache_dir`` defaults to ``data/cache/trained`` in the book's repository, or to
    ``~/.cache/nnbook/trained`` elsewhere: never the MNIST folder, which may be shared.
    """
    path = kept_path(recipe, cache_dir)
    if not path.is_file():
        _fetch_site_copy(path)
    if path.is_file():
        try:
            return NeuralNetwork.load(path)
        except ValueError:
            path.unlink()  # a damaged copy: train again rather than fail the page
    # Never silently: a reader whose page stops for minutes must see why, and how far it got.
    print(training_note(recipe), flush=True)
    net = train(recipe, data_dir=data_dir, progress=progress or "training the final network")
    path.parent.mkdir(parents=True, exist_ok=True)
    net.save(path)
    return net


def training_note(recipe: Recipe = FINAL) -> str:
    """What a page prints when it has to train the final network first (once per computer)."""
    return (
        f"No trained copy of the book's final network is kept here yet, so it is trained now, once: "
        f"a 784-{recipe.hidden}-10 network, {recipe.epochs} epochs over the 60,000 training records "
        f"at learning rate {recipe.learning_rate}. This takes a few minutes; later pages and later "
        f"runs load the kept copy in a moment."
    )


def kept_path(recipe: Recipe = FINAL, cache_dir: str | Path | None = None) -> Path:
    """Where the trained network of ``recipe`` is kept (its name carries the fingerprint)."""
    folder = Path(cache_dir) if cache_dir is not None else _default_folder()
    return folder / f"mnist-{recipe.hidden}h-{recipe.epochs}e-{fingerprint(recipe)}.npz"


def _fetch_site_copy(path: Path) -> None:
    """Fetch a kept network from ``NNBOOK_TRAINED_URL`` when set (the website sets it).

    The website serves the network its own build trained, so a page run in the browser
    loads it in a second instead of training for minutes. Any failure (no answer, a cache
    that cannot be written) just means training, and leaves no temporary file. The
    fingerprint in the name guarantees the copy was made by this very code.
    """
    base = os.environ.get(SITE_COPY_ENV, "").strip()
    if not base:
        return
    url = base.rstrip("/") + "/" + path.name
    try:
        if browser.IN_BROWSER:
            data = browser.fetch_bytes(url, limit=64 << 20)
        else:
            with urllib.request.urlopen(url, timeout=30) as response:
                data = response.read(64 << 20)
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, data)  # whole or not at all: a half copy would be trusted next time
    except OSError:
        return


def _default_folder() -> Path:
    root = _repo_root()
    if root is not None:
        return root / "data" / "cache" / "trained"
    return Path.home() / ".cache" / "nnbook" / "trained"
