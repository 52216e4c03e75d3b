"""The book's neural network: layers of sigmoid nodes joined by weight matrices.

Read this file from the top: it is the network of Part 2, in the order the pages
build it, with the maths of Part 1:

* a weight matrix has one row per receiving node and one column per sending node,
  shape ``(n_after, n_before)``, so the signals into a layer are ``W @ outputs_before``;
* every node that is not an input applies the sigmoid;
* an error is always ``target - actual``;
* errors travel backwards through the *transposed* weights, ``W.T @ errors``;
* each weight moves by ``learning_rate * error * o * (1 - o) * o_before``.

Where the speed comes from: :mod:`nnbook.fast`, which the class inherits from.
``train`` below hands its record to the fast code unless ``net.fast`` is False.
The fast module also holds ``train_records`` (many records one at a time, as
``train`` would take them, with the first layer's updates gathered 32 records at
a time), ``train_batch`` (mini-batches), ``query_batch`` and the choice of float64
or float32. It does the same multiplications and additions as the code below, in
arrays made once and partly in another order, so the numbers agree up to
rounding; ``tests/test_fast_paths.py`` checks that they do. Saving and loading
live in :mod:`nnbook.network_file`.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, DTypeLike

from . import network_file
from .activation import logit, sigmoid
from .fast import SUPPORTED_DTYPES, FastPaths, check_training_values

__all__ = ["NeuralNetwork", "sigmoid", "logit", "INIT_RULES", "SUPPORTED_DTYPES"]

#: How the starting weights' spread is chosen (page 1.16 and its margin note).
INIT_RULES = ("fan_in", "layer")

# The range the back query stretches values into before every logit; also the label targets.
_LOW, _HIGH = 0.01, 0.99


class NeuralNetwork(FastPaths):
    """A fully connected network of sigmoid nodes with any number of layers.

    Parameters
    ----------
    layer_sizes:
        Nodes per layer, input layer first, e.g. ``(784, 200, 10)`` for the book's
        digit reader or ``(3, 3, 3)`` for the small example of Part 1.
    learning_rate:
        How far each training step moves the weights (0.1 in the book's final
        version): a positive number.
    rng:
        Where the random starting weights come from: a seeded
        :class:`numpy.random.Generator`, an int seed, or None for a fresh one.
    dtype:
        ``numpy.float64`` (default) or ``numpy.float32`` (1.2 to 1.6 times as fast
        on the book's network, and accurate enough for it).
    init:
        ``"fan_in"``: starting weights drawn from a normal distribution with mean 0
        and standard deviation ``1/sqrt(number of links into a node)``, the rule the
        book's text gives. ``"layer"``: ``1/sqrt(number of nodes in the receiving
        layer)``, the variant the original book's program used. Both train to the
        same accuracy in practice.
    """

    #: True: ``train`` runs the quick code of :mod:`nnbook.fast`. False: it runs the
    #: plain code written out below, line by line (slower; the same numbers).
    fast: bool = True

    def __init__(
        self,
        layer_sizes: Sequence[int],
        learning_rate: float,
        *,
        rng: np.random.Generator | int | None = None,
        dtype: DTypeLike = np.float64,
        init: str = "fan_in",
    ) -> None:
        sizes = _check_layer_sizes(layer_sizes)
        if init not in INIT_RULES:
            raise ValueError(f"init must be one of {INIT_RULES}, got {init!r}")
        generator = np.random.default_rng(rng)
        weights = []
        for n_before, n_after in zip(sizes[:-1], sizes[1:]):
            # Small random weights, both signs, spread shrinking as a node gets more links.
            spread = 1.0 / np.sqrt(n_before if init == "fan_in" else n_after)
            weights.append(generator.normal(0.0, spread, size=(n_after, n_before)))
        self._setup(weights, learning_rate, dtype)

    # ------------------------------------------------------------------ asking

    def query(self, inputs: ArrayLike) -> np.ndarray:
        """Feed one record forward and return the output layer's signals, shape ``(n_outputs,)``.

        ``inputs`` is a list or 1-D array of ``layer_sizes[0]`` numbers, already
        scaled (e.g. into 0.01..1.00). Each layer does the same two steps:
        combine with the weights, ``X = W @ I``, then squash, ``O = sigmoid(X)``.
        """
        inputs = self._as_record(inputs, self.layer_sizes[0], "input")
        signals = inputs.reshape(-1, 1)  # a column, shape (n, 1), as on the page
        for weights in self.weights:
            signals = sigmoid(weights @ signals)
        return signals[:, 0]

    # ------------------------------------------------------------------ learning

    def train(self, inputs: ArrayLike, targets: ArrayLike) -> np.ndarray:
        """Learn from one record, exactly as the book teaches; return the output errors.

        ``inputs`` has ``layer_sizes[0]`` values, ``targets`` has ``layer_sizes[-1]``
        (e.g. 0.01 everywhere and 0.99 at the right label). Returns the output
        errors, shape ``(n_outputs,)``, measured before the weights change. NaN or
        infinite values, and targets outside 0..1, are refused before anything
        changes: one of them would turn every weight into NaN.
        """
        inputs = self._as_record(inputs, self.layer_sizes[0], "input")
        targets = self._as_record(targets, self.layer_sizes[-1], "target")
        check_training_values(inputs, targets)
        if self.fast:
            return self._train_one_fast(inputs, targets)  # the same sums, see nnbook/fast.py

        # 1. Forward, keeping every layer's outputs (columns): inputs, hidden, ..., final.
        outputs = [inputs.reshape(-1, 1)]
        for weights in self.weights:
            outputs.append(sigmoid(weights @ outputs[-1]))
        # 2. The output errors: target minus actual.
        output_errors = targets.reshape(-1, 1) - outputs[-1]
        # 3. Backwards, the last weight matrix first.
        errors = output_errors
        for i in reversed(range(len(self.weights))):
            weights, after, before = self.weights[i], outputs[i + 1], outputs[i]
            # Each node's error times the sigmoid's slope there, o * (1 - o).
            deltas = errors * after * (1.0 - after)
            # The errors of the layer before, split back through W as it was before this step.
            errors = weights.T @ errors
            # Move the weights: learning rate x deltas x (outputs of the layer before)^T.
            weights += self.learning_rate * (deltas @ before.T)
        return output_errors[:, 0]

    # ------------------------------------------------------------------ looking inside (Part 3)

    def backquery(self, label_or_targets: int | ArrayLike) -> np.ndarray:
        """Run the network backwards: which input would produce these outputs?

        Give a label (an int; the targets are then 0.99 on that output node and
        0.01 elsewhere) or the output values themselves, each strictly between 0
        and 1. Going from the output layer towards the input:

        * undo the sigmoid with :func:`logit`, giving the signal into the layer;
        * send it back through the transposed weights, ``W.T @ signal``, giving
          the outputs of the layer before;
        * stretch those into 0.01..0.99 so the next logit is defined.

        The transpose is not a true inverse (the matrices are not even square); it
        simply reverses the direction of flow. Returns the input-layer values,
        shape ``(n_inputs,)``, in 0.01..0.99 (reshape to 28 x 28 to see a digit).
        Computed in float64 whatever the network's dtype.
        """
        n_outputs = self.layer_sizes[-1]
        if isinstance(label_or_targets, (int, np.integer)) and not isinstance(label_or_targets, bool):
            label = int(label_or_targets)
            if not 0 <= label < n_outputs:
                raise ValueError(f"label must be between 0 and {n_outputs - 1}, got {label}")
            targets = np.full(n_outputs, _LOW)
            targets[label] = _HIGH
        else:
            targets = np.asarray(label_or_targets, dtype=np.float64)
            if targets.shape != (n_outputs,):
                raise ValueError(
                    f"backquery takes a label (an int) or {n_outputs} target values, got shape {targets.shape}"
                )
        signal = logit(targets)
        for index in reversed(range(len(self.weights))):
            outputs_before = _stretch(self.weights[index].T.astype(np.float64) @ signal)
            if index > 0:
                signal = logit(outputs_before)
        return outputs_before

    # ------------------------------------------------------------------ the parts

    @property
    def layer_sizes(self) -> tuple[int, ...]:
        """Nodes per layer, input layer first, e.g. ``(784, 200, 10)``."""
        return self._layer_sizes

    @property
    def weights(self) -> list[np.ndarray]:
        """The weight matrices; ``weights[i]`` has shape ``(layer_sizes[i+1], layer_sizes[i])``.

        Change them in place (``net.weights[0][...] = ...``), or build a new network
        with :meth:`from_weights`: the fast code updates these very arrays.
        """
        return self._weights

    @property
    def wih(self) -> np.ndarray:
        """``W_input_hidden``, shape ``(n_hidden, n_inputs)``; only for 3-layer networks."""
        return self._three_layer_matrix(0, "wih")

    @property
    def who(self) -> np.ndarray:
        """``W_hidden_output``, shape ``(n_outputs, n_hidden)``; only for 3-layer networks."""
        return self._three_layer_matrix(1, "who")

    @property
    def learning_rate(self) -> float:
        """Step size of training; may be changed between epochs (a positive number)."""
        return self._learning_rate

    @learning_rate.setter
    def learning_rate(self, value: float) -> None:
        rate = float("nan")
        if not isinstance(value, (bool, np.bool_)):  # True would quietly count as 1.0
            try:
                rate = float(value)
            except (TypeError, ValueError):
                pass
        if not (np.isfinite(rate) and rate > 0.0):
            raise ValueError(f"learning_rate must be a positive number, got {value!r}")
        self._learning_rate = rate

    def __repr__(self) -> str:
        return (
            f"NeuralNetwork(layer_sizes={self._layer_sizes}, "
            f"learning_rate={self._learning_rate!r}, dtype={self._dtype.name})"
        )

    # ------------------------------------------------------------------ making and keeping

    @classmethod
    def from_weights(
        cls, weights: Sequence[ArrayLike], learning_rate: float, *, dtype: DTypeLike | None = None
    ) -> NeuralNetwork:
        """A network with the given weight matrices (copied), e.g. the worked example of page 1.9.

        ``weights[i]`` must have shape ``(n_after, n_before)`` and each matrix's column
        count must equal the previous matrix's row count. ``dtype`` defaults to
        float32 if every matrix is float32, otherwise float64.
        """
        network = cls.__new__(cls)
        network._setup(weights, learning_rate, dtype)
        return network

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write layer sizes, learning rate, dtype and weights to an ``.npz`` file at ``path``.

        A network whose weights hold NaN or infinity is refused: it answers nothing
        useful, and reloading it later would hide what went wrong.
        """
        network_file.write(path, self._layer_sizes, self._learning_rate, self._dtype, self._weights)

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> NeuralNetwork:
        """Read a network written by :meth:`save`; refuse anything else with a clear message."""
        weights, learning_rate, dtype = network_file.read(path)
        return cls.from_weights(weights, learning_rate, dtype=dtype)

    def _setup(self, weights: Sequence[ArrayLike], learning_rate: float, dtype: DTypeLike | None) -> None:
        """Keep the weights (as arrays the fast code can update in place) and the learning rate."""
        self._store_weights(weights, dtype)
        self._layer_sizes = (self._weights[0].shape[1],) + tuple(w.shape[0] for w in self._weights)
        _check_layer_sizes(self._layer_sizes)
        self.learning_rate = learning_rate

    def _three_layer_matrix(self, index: int, name: str) -> np.ndarray:
        if len(self._layer_sizes) != 3:
            raise AttributeError(
                f"{name} is only defined for a 3-layer network (input, hidden, output); "
                f"this one has layers {self._layer_sizes}: use weights[i] instead"
            )
        return self._weights[index]


def _stretch(values: np.ndarray) -> np.ndarray:
    """Stretch ``values`` linearly so they span 0.01..0.99 (the back query's rescale).

    If all values are equal there is nothing to stretch; they all become 0.5,
    the middle of the range, meaning "no preference".
    """
    shifted = values - values.min()
    top = shifted.max()
    if top > 0.0:
        shifted /= top
    else:
        shifted.fill(0.5)
    return shifted * (_HIGH - _LOW) + _LOW


def _check_layer_sizes(layer_sizes: Sequence[int]) -> tuple[int, ...]:
    sizes = tuple(layer_sizes)
    if len(sizes) < 2:
        raise ValueError(f"a network needs at least 2 layers (inputs and outputs), got layer_sizes={sizes}")
    for n in sizes:
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
            raise ValueError(f"every layer size must be a whole number of nodes >= 1, got layer_sizes={sizes}")
    return tuple(int(n) for n in sizes)
