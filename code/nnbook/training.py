"""Training loops: show a network every training record, once per epoch.

The network's own methods do the learning (:mod:`nnbook.network`); this module
only decides the order of the records, how many go into each step, and whether
to draw a progress bar.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from nnbook.checks import whole_number
from nnbook.network import NeuralNetwork
from nnbook.progress import progress_bar

__all__ = [
    "train_epoch",
    "fit",
]

# Records handed to the network per call: small enough for quick progress-bar
# updates and small copies when shuffling, large enough to keep calls cheap.
_RECORDS_PER_CALL = 1024


def train_epoch(
    net: NeuralNetwork,
    inputs: ArrayLike,
    targets: ArrayLike,
    *,
    batch_size: int = 1,
    rng: np.random.Generator | int | None = None,
    progress: bool | str = False,
) -> None:
    """Show ``net`` every record once, changing its weights as it goes.

    ``inputs`` are scaled values, shape ``(n, n_inputs)``; ``targets`` shape
    ``(n, n_outputs)``, e.g. 0.01 everywhere but 0.99 at the label.

    * ``batch_size=1``: one step per record, the book's way. The result is the
      same as calling ``net.train`` on each record in turn; it is computed with
      :meth:`NeuralNetwork.train_records`, which is faster.
    * ``batch_size=b``: one step per ``b`` consecutive records, the mean of their
      per-record steps (:meth:`NeuralNetwork.train_batch`); the last batch may be
      smaller.
    * ``rng``: if given (a Generator or an int seed), the records are visited in
      the order ``rng.permutation(n)`` instead of as stored.
    * ``progress``: draw a progress bar (``tqdm``); a string becomes its label.
    """
    records, wanted = _check_data(net, inputs, targets)
    batch_size = whole_number(batch_size, "batch_size")
    n_records = records.shape[0]
    order = None if rng is None else np.random.default_rng(rng).permutation(n_records)
    # Whole batches per call, so the batches are the same however the calls are cut.
    per_call = batch_size * max(1, _RECORDS_PER_CALL // batch_size)
    with progress_bar(progress, n_records, "record") as bar:
        for start in range(0, n_records, per_call):
            chosen = slice(start, start + per_call) if order is None else order[start : start + per_call]
            some_inputs, some_targets = records[chosen], wanted[chosen]
            if batch_size == 1:
                net.train_records(some_inputs, some_targets)
            else:
                for first in range(0, some_inputs.shape[0], batch_size):
                    net.train_batch(some_inputs[first : first + batch_size], some_targets[first : first + batch_size])
            bar.update(some_inputs.shape[0])


def fit(
    net: NeuralNetwork,
    inputs: ArrayLike,
    targets: ArrayLike,
    *,
    epochs: int,
    batch_size: int = 1,
    rng: np.random.Generator | int | None = None,
    progress: bool | str = False,
) -> None:
    """Train for several epochs: :func:`train_epoch` ``epochs`` times.

    With ``rng`` every epoch visits the records in a fresh random order (one
    generator is used throughout, so a seed makes the whole run repeatable).
    A string ``progress`` labels each epoch's bar, e.g. ``"training (epoch 2/5)"``.
    """
    epochs = whole_number(epochs, "epochs")
    generator = None if rng is None else np.random.default_rng(rng)
    for epoch in range(epochs):
        label: bool | str = progress
        if progress:
            base = progress if isinstance(progress, str) else "training"
            label = f"{base} (epoch {epoch + 1}/{epochs})"
        train_epoch(net, inputs, targets, batch_size=batch_size, rng=generator, progress=label)


def _check_data(net: NeuralNetwork, inputs: ArrayLike, targets: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """The records as arrays (not copied if already arrays), with matching counts and widths."""
    records, wanted = np.asarray(inputs), np.asarray(targets)
    n_inputs, n_outputs = net.layer_sizes[0], net.layer_sizes[-1]
    if records.ndim != 2 or records.shape[1] != n_inputs:
        raise ValueError(f"inputs must have shape (n, {n_inputs}), one record per row; got shape {records.shape}")
    if wanted.ndim != 2 or wanted.shape[1] != n_outputs:
        raise ValueError(f"targets must have shape (n, {n_outputs}), one record per row; got shape {wanted.shape}")
    if records.shape[0] != wanted.shape[0]:
        raise ValueError(
            f"got {records.shape[0]} input records but {wanted.shape[0]} target records; "
            "give one row of targets per row of inputs"
        )
    return records, wanted
