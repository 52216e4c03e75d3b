"""The book's neural network: layers of sigmoid nodes joined by weight matrices.

Everything here is the maths of Parts 1 and 2, written so that it reads like the
book's equations:

* a weight matrix has one row per receiving node and one column per sending node,
  shape ``(n_next, n_prev)``, so the signals into a layer are ``W @ outputs_before``;
* every node that is not an input applies the logistic sigmoid;
* an error is always ``target - actual``;
* errors travel backwards through the *transposed* weights, ``W.T @ errors``
  (the shortcut of page 1.13, which drops the proportional denominators);
* each weight moves by ``learning_rate * error * o * (1 - o) * o_before``
  (page 1.14's slope, with its minus sign already folded into the ``+=``).

The module knows nothing of files of images, plots or widgets: it takes numbers in
and gives numbers out. Only saving and loading the weights touches the disk.

Speed notes for the curious (none of this changes the maths). Inside, signals
are column vectors, as in the book: one column per record, shape ``(n, records)``.
The matrix products go straight to BLAS's ``gemm`` through
:mod:`scipy.linalg.blas`, which writes into arrays made once (no fresh arrays per
record) and adds each weight change into the weights in place. Every call is
kept small enough (at most ``2**19`` multiply-adds) that OpenBLAS, the BLAS inside
numpy's and scipy's wheels, runs it on one thread; bigger products are done in
slices of weight rows. On a 2-core machine shared with other work, helper threads
that must be woken for each product made training up to ten times slower, and
slower than the plainest code. :meth:`NeuralNetwork.train_records` goes further:
it gives the same result as calling :meth:`NeuralNetwork.train` record after
record, but does the big first-layer work for 32 records at a time.
"""

from __future__ import annotations

import os
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, DTypeLike
from scipy.linalg.blas import get_blas_funcs
from scipy.special import expit

from .activation import logit, sigmoid

__all__ = ["NeuralNetwork", "sigmoid", "logit", "INIT_RULES", "SUPPORTED_DTYPES"]

#: How the starting weights' spread is chosen (page 1.16 and its margin note).
INIT_RULES = ("fan_in", "layer")

#: Number types the network computes in.
SUPPORTED_DTYPES = (np.dtype(np.float64), np.dtype(np.float32))

# The rescaled range used before every logit in the back query, and for label targets.
_LOW, _HIGH = 0.01, 0.99

# Bumped if the layout of saved files ever changes.
_FILE_FORMAT = 1


def _label_targets(label: int, n_outputs: int) -> np.ndarray:
    """Targets for one label: 0.01 on every output node except 0.99 on ``label``."""
    targets = np.full(n_outputs, _LOW)
    targets[label] = _HIGH
    return targets


def _rescale_into_logit_range(values: np.ndarray) -> np.ndarray:
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


class NeuralNetwork:
    """A fully connected network of sigmoid nodes with any number of layers.

    Parameters
    ----------
    layer_sizes:
        Nodes per layer, input layer first, e.g. ``(784, 200, 10)`` for the book's
        digit reader or ``(3, 3, 3)`` for the small example of Part 1.
    learning_rate:
        How far each training step moves the weights (0.1 in the book's final
        version). Must be positive.
    rng:
        Where the random starting weights come from: a seeded
        :class:`numpy.random.Generator`, an int seed, or None for a fresh one.
    dtype:
        ``numpy.float64`` (default) or ``numpy.float32`` (1.3 to 1.5 times as
        fast on the book's network, and accurate enough for it). Inputs are converted to it.
    init:
        ``"fan_in"``: starting weights drawn from a normal distribution with mean 0
        and standard deviation ``1/sqrt(number of links into a node)``, the rule the
        book's text gives. ``"layer"``: standard deviation
        ``1/sqrt(number of nodes in the receiving layer)``, the variant the original
        book's program used. Both train to the same accuracy in practice.

    Attributes
    ----------
    weights:
        One matrix per pair of neighbouring layers; ``weights[i]`` has shape
        ``(layer_sizes[i + 1], layer_sizes[i])``: a row per receiving node.
        Change them in place (``net.weights[0][...] = ...``), or build a new
        network with :meth:`from_weights`.
    """

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
        for n_prev, n_next in zip(sizes[:-1], sizes[1:]):
            spread = 1.0 / np.sqrt(n_prev if init == "fan_in" else n_next)
            weights.append(generator.normal(0.0, spread, size=(n_next, n_prev)))
        self._setup(weights, learning_rate, dtype)

    @classmethod
    def from_weights(
        cls,
        weights: Sequence[ArrayLike],
        learning_rate: float,
        *,
        dtype: DTypeLike | None = None,
    ) -> NeuralNetwork:
        """A network with the given weight matrices (copied), e.g. the worked example of page 1.9.

        ``weights[i]`` must have shape ``(n_next, n_prev)`` and each matrix's column
        count must equal the previous matrix's row count. ``dtype`` defaults to
        float32 if every matrix is float32, otherwise float64.
        """
        matrices = [np.asarray(w) for w in weights]
        if not matrices:
            raise ValueError("from_weights needs at least one weight matrix")
        for i, matrix in enumerate(matrices):
            if matrix.ndim != 2:
                raise ValueError(
                    f"weights[{i}] must be a 2-D matrix (n_next, n_prev), got shape {matrix.shape}"
                )
            if not (np.issubdtype(matrix.dtype, np.floating) or np.issubdtype(matrix.dtype, np.integer)):
                raise ValueError(f"weights[{i}] must hold numbers, got dtype {matrix.dtype}")
        for i in range(1, len(matrices)):
            if matrices[i].shape[1] != matrices[i - 1].shape[0]:
                raise ValueError(
                    f"weights[{i}] has {matrices[i].shape[1]} columns but weights[{i - 1}] has "
                    f"{matrices[i - 1].shape[0]} rows; each layer's sending nodes must be the "
                    "previous layer's receiving nodes"
                )
        if dtype is None:
            all_single = all(m.dtype == np.float32 for m in matrices)
            dtype = np.float32 if all_single else np.float64
        network = cls.__new__(cls)
        network._setup(matrices, learning_rate, dtype)
        return network

    def _setup(self, weights: list[np.ndarray], learning_rate: float, dtype: DTypeLike) -> None:
        """Store weights as contiguous arrays of ``dtype`` and prepare the work buffers."""
        self._dtype = _check_dtype(dtype)
        # Copies in row-major order: BLAS then updates them in place without copying.
        self._weights = [np.array(w, dtype=self._dtype, order="C", copy=True) for w in weights]
        self._layer_sizes = (self._weights[0].shape[1],) + tuple(w.shape[0] for w in self._weights)
        _check_layer_sizes(self._layer_sizes)
        self.learning_rate = learning_rate
        self._gemm = get_blas_funcs("gemm", dtype=self._dtype)
        self._buffers: dict[int, _Workspace] = {}

    def __getstate__(self) -> dict[str, Any]:
        """For copying and pickling: the BLAS function and work arrays are rebuilt, not stored."""
        state = self.__dict__.copy()
        del state["_gemm"], state["_buffers"]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._gemm = get_blas_funcs("gemm", dtype=self._dtype)
        self._buffers = {}

    # ------------------------------------------------------------------ attributes

    @property
    def layer_sizes(self) -> tuple[int, ...]:
        """Nodes per layer, input layer first, e.g. ``(784, 200, 10)``."""
        return self._layer_sizes

    @property
    def weights(self) -> list[np.ndarray]:
        """The weight matrices; ``weights[i]`` has shape ``(layer_sizes[i+1], layer_sizes[i])``."""
        return self._weights

    @property
    def dtype(self) -> np.dtype:
        """The number type every computation uses (float64 or float32)."""
        return self._dtype

    @property
    def learning_rate(self) -> float:
        """Step size of training; may be changed between epochs."""
        return self._learning_rate

    @learning_rate.setter
    def learning_rate(self, value: float) -> None:
        try:
            rate = float(value)
        except (TypeError, ValueError):
            rate = float("nan")
        if not (np.isfinite(rate) and rate > 0.0):
            raise ValueError(f"learning_rate must be a positive number, got {value!r}")
        self._learning_rate = rate

    @property
    def wih(self) -> np.ndarray:
        """``W_input_hidden``, shape ``(n_hidden, n_inputs)``; only for 3-layer networks."""
        return self._three_layer_matrix(0, "wih")

    @property
    def who(self) -> np.ndarray:
        """``W_hidden_output``, shape ``(n_outputs, n_hidden)``; only for 3-layer networks."""
        return self._three_layer_matrix(1, "who")

    def _three_layer_matrix(self, index: int, name: str) -> np.ndarray:
        if len(self._layer_sizes) != 3:
            raise AttributeError(
                f"{name} is only defined for a 3-layer network (input, hidden, output); "
                f"this one has layers {self._layer_sizes}: use weights[i] instead"
            )
        return self._weights[index]

    def __repr__(self) -> str:
        return (
            f"NeuralNetwork(layer_sizes={self._layer_sizes}, "
            f"learning_rate={self._learning_rate!r}, dtype={self._dtype.name})"
        )

    # ------------------------------------------------------------------ asking

    def query(self, inputs: ArrayLike) -> np.ndarray:
        """Feed one record forward and return the output layer's signals, shape ``(n_outputs,)``.

        ``inputs`` is a list or 1-D array of ``layer_sizes[0]`` numbers, already
        scaled (e.g. into 0.01..1.00). Each layer does the same two steps:
        combine with the weights, ``X = W @ I``, then squash, ``O = sigmoid(X)``.
        """
        inputs = self._as_record(inputs, self._layer_sizes[0], "input")
        layer_outputs = self._forward(inputs.reshape(-1, 1), self._new_columns(1))
        return layer_outputs[-1][:, 0]

    def query_batch(self, inputs: ArrayLike) -> np.ndarray:
        """:meth:`query` for many records at once: ``(n, n_inputs)`` in, ``(n, n_outputs)`` out.

        Row ``r`` of the result equals ``query(inputs[r])`` (up to rounding).
        """
        records = self._as_records(inputs, self._layer_sizes[0], "input")
        results = np.empty((records.shape[0], self._layer_sizes[-1]), dtype=self._dtype)
        # Records per pass: few enough that each weight-row slice of the product is a
        # reasonably wide single-thread BLAS call (see the BLAS helpers at the end).
        chunk = 64
        for start in range(0, records.shape[0], chunk):
            columns = np.ascontiguousarray(records[start : start + chunk].T)
            layer_outputs = self._forward(columns, self._new_columns(columns.shape[1]))
            results[start : start + chunk] = layer_outputs[-1].T
        return results

    def backquery(self, label_or_targets: int | ArrayLike) -> np.ndarray:
        """Run the network backwards: which input would produce these outputs? (Part 3)

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
        n_outputs = self._layer_sizes[-1]
        if isinstance(label_or_targets, (int, np.integer)) and not isinstance(label_or_targets, bool):
            label = int(label_or_targets)
            if not 0 <= label < n_outputs:
                raise ValueError(f"label must be between 0 and {n_outputs - 1}, got {label}")
            targets = _label_targets(label, n_outputs)
        else:
            targets = np.asarray(label_or_targets, dtype=np.float64)
            if targets.shape != (n_outputs,):
                raise ValueError(
                    f"backquery takes a label (an int) or {n_outputs} target values, got shape {targets.shape}"
                )
        signal = logit(targets)
        for index in range(len(self._weights) - 1, -1, -1):
            outputs_before = self._weights[index].T.astype(np.float64) @ signal
            outputs_before = _rescale_into_logit_range(outputs_before)
            if index > 0:
                signal = logit(outputs_before)
        return outputs_before

    # ------------------------------------------------------------------ training

    def train(self, inputs: ArrayLike, targets: ArrayLike) -> np.ndarray:
        """Learn from one record, exactly as the book teaches; return the output errors.

        ``inputs`` has ``layer_sizes[0]`` values, ``targets`` has ``layer_sizes[-1]``
        (e.g. 0.01 everywhere and 0.99 at the right label). The steps:

        1. forward pass, keeping every layer's outputs (``hidden_outputs``,
           ``final_outputs`` for a 3-layer network);
        2. ``output_errors = targets - final_outputs``;
        3. for each weight matrix, last first: the errors of the layer before are
           ``W.T @ errors`` (``hidden_errors = W_ho.T @ output_errors``), worked out
           *before* W changes; then
           ``W += learning_rate * (errors * o * (1 - o)) @ outputs_before.T``,
           where ``o`` are the outputs of the layer W feeds.

        Returns ``output_errors``, shape ``(n_outputs,)``, measured before the update.
        """
        inputs = self._as_record(inputs, self._layer_sizes[0], "input")
        targets = self._as_record(targets, self._layer_sizes[-1], "target")
        work = self._workspace(1)
        # Column vectors of shape (n, 1), like the book's.
        layer_outputs = self._forward(inputs.reshape(-1, 1), work.outputs)
        output_errors = work.errors[-1]
        np.subtract(targets.reshape(-1, 1), layer_outputs[-1], out=output_errors)
        self._backward(layer_outputs, work, self._learning_rate)
        return output_errors[:, 0].copy()

    def train_batch(self, inputs: ArrayLike, targets: ArrayLike) -> np.ndarray:
        """Learn from a mini-batch: one step that is the MEAN of the per-record steps.

        ``inputs`` has shape ``(b, n_inputs)`` and ``targets`` ``(b, n_outputs)``.
        Every record's weight change is worked out at the batch's starting weights,
        exactly as :meth:`train` would for that record alone; the weights then move
        by the average of those changes. So a batch of one is the same as
        :meth:`train`; because of the averaging, batches need a larger learning
        rate than single records to move as far per epoch.

        Returns the output errors, shape ``(b, n_outputs)``, before the update.
        """
        records, wanted = self._as_pairs(inputs, targets)
        batch_size = records.shape[0]
        if batch_size == 0:
            raise ValueError("train_batch needs at least one record")
        work = self._workspace(batch_size)
        # One column per record: (n_inputs, b).
        layer_outputs = self._forward(np.ascontiguousarray(records.T), work.outputs)
        output_errors = work.errors[-1]
        np.subtract(wanted.T, layer_outputs[-1], out=output_errors)
        self._backward(layer_outputs, work, self._learning_rate / batch_size)
        return output_errors.T.copy()

    def train_records(self, inputs: ArrayLike, targets: ArrayLike, *, block_size: int = 32) -> np.ndarray:
        """Learn from many records one at a time, in order: the same as calling :meth:`train` on each.

        The result equals ``for x, t in zip(inputs, targets): net.train(x, t)`` up
        to rounding (sums are added in a different order), but it runs 1.5 to 2 times
        as fast on the book's network. The trick: within a block of ``block_size`` records the first
        weight matrix is not rewritten after every record. Its changes are kept as
        rank-one pieces ``d_j x_j^T`` (``d_j = learning_rate * delta_j``), and record
        ``k`` still sees their effect exactly, through the identity

            (W + sum_j d_j x_j^T) x_k  =  W x_k + sum_j d_j (x_j . x_k).

        ``W x_k`` for the whole block is one matrix product made at the block's
        start; at its end all the pieces are added to W in one more product, which
        BLAS does far faster than one outer product per record.

        ``inputs`` ``(n, n_inputs)``, ``targets`` ``(n, n_outputs)``; returns each
        record's output errors, shape ``(n, n_outputs)``, as :meth:`train` measures them.
        """
        records, wanted = self._as_pairs(inputs, targets)
        if isinstance(block_size, bool) or not isinstance(block_size, (int, np.integer)) or block_size < 1:
            raise ValueError(f"block_size must be a whole number >= 1, got {block_size!r}")
        first_weights = self._weights[0]
        gemm = self._gemm
        work = self._workspace(1)
        all_output_errors = np.empty((records.shape[0], self._layer_sizes[-1]), dtype=self._dtype)
        arrays = _BlockArrays(int(block_size), self._layer_sizes, self._dtype)

        for start in range(0, records.shape[0], block_size):
            block = records[start : start + block_size]  # (size, n_inputs), one record per row
            if block.shape[0] != arrays.size:  # the last, shorter block
                arrays = _BlockArrays(block.shape[0], self._layer_sizes, self._dtype)
            np.copyto(arrays.inputs, block.T)
            # Signals into the first hidden layer at the block's starting weights, W X.
            _multiply_into(gemm, arrays.first_signals, first_weights, arrays.inputs)
            np.copyto(arrays.first_signals_by_record, arrays.first_signals.T)
            # x_j . x_k for every pair of records in the block.
            _multiply_into(gemm, arrays.overlaps, block, arrays.inputs)
            pending = arrays.pending  # row j: d_j, the first matrix's change for record j
            for k in range(block.shape[0]):
                hidden_signals = arrays.first_signals_by_record[k].reshape(-1, 1)
                if k:
                    # Add what the changes for records 0..k-1 of the block do to this record.
                    _add_combination(gemm, hidden_signals, pending[:k], arrays.overlaps[k, :k])
                expit(hidden_signals, out=hidden_signals)
                layer_outputs = [block[k].reshape(-1, 1), hidden_signals] + work.outputs[1:]
                self._forward_from(layer_outputs, 1)
                output_errors = work.errors[-1]
                np.subtract(wanted[start + k].reshape(-1, 1), layer_outputs[-1], out=output_errors)
                all_output_errors[start + k] = output_errors[:, 0]
                self._backward(layer_outputs, work, self._learning_rate, first_to_update=1)
                np.multiply(work.deltas[0][:, 0], self._learning_rate, out=pending[k])
            # Now add all the block's first-matrix changes: W += D X^T.
            np.copyto(arrays.pending_columns, pending.T)
            _add_outer_products(gemm, first_weights, 1.0, arrays.pending_columns, arrays.inputs)
        return all_output_errors

    # ------------------------------------------------------------------ internals

    def _forward(self, inputs: np.ndarray, buffers: list[np.ndarray]) -> list[np.ndarray]:
        """Fill ``buffers`` with every layer's outputs and return ``[inputs, *buffers]``.

        ``inputs`` has one column per record, ``(n_inputs, b)``; ``buffers[i]`` is
        ``(layer_sizes[i + 1], b)``. Each layer: ``O = sigmoid(W @ O_before)``.
        """
        layer_outputs = [inputs, *buffers]
        self._forward_from(layer_outputs, 0)
        return layer_outputs

    def _forward_from(self, layer_outputs: list[np.ndarray], first_matrix: int) -> None:
        for i in range(first_matrix, len(self._weights)):
            combined = layer_outputs[i + 1]
            _multiply_into(self._gemm, combined, self._weights[i], layer_outputs[i])
            expit(combined, out=combined)

    def _backward(
        self, layer_outputs: list[np.ndarray], work: _Workspace, step: float, first_to_update: int = 0
    ) -> None:
        """Back-propagate ``work.errors[-1]`` and move the weights by ``step`` times the slope.

        For weight matrix ``i`` (last first), with ``o`` the outputs of the layer it
        feeds and ``errors`` that layer's errors, all with one column per record:

        * ``delta = errors * o * (1 - o)``;
        * ``errors_before = W.T @ errors`` (with W as it was: before this step);
        * ``W += step * delta @ outputs_before.T`` (the outer product, summed over records).

        Matrices before ``first_to_update`` get their ``delta`` but are not changed
        (:meth:`train_records` adds those changes itself).
        """
        for i in range(len(self._weights) - 1, -1, -1):
            weights = self._weights[i]
            outputs = layer_outputs[i + 1]
            errors = work.errors[i]
            delta = work.deltas[i]
            # The sigmoid's slope at these outputs, o * (1 - o), times the errors.
            np.subtract(1.0, outputs, out=delta)
            delta *= outputs
            delta *= errors
            if i > 0:
                # Errors of the layer before, split back through the transposed weights.
                _multiply_transposed_into(self._gemm, work.errors[i - 1], weights, errors)
            if i >= first_to_update:
                _add_outer_products(self._gemm, weights, step, delta, layer_outputs[i])

    def _workspace(self, batch_size: int) -> _Workspace:
        """Arrays reused by every training call with this many records (made once)."""
        work = self._buffers.get(batch_size)
        if work is None:
            if len(self._buffers) > 4:  # keep only a few batch sizes around
                self._buffers = {1: self._buffers[1]} if 1 in self._buffers else {}
            work = _Workspace(batch_size, self._layer_sizes[1:], self._dtype)
            self._buffers[batch_size] = work
        return work

    def _new_columns(self, n_records: int) -> list[np.ndarray]:
        """Fresh output arrays, ``(n, n_records)`` per layer after the input layer."""
        return [np.empty((n, n_records), dtype=self._dtype) for n in self._layer_sizes[1:]]

    def _as_record(self, values: ArrayLike, length: int, name: str) -> np.ndarray:
        """One record as a contiguous 1-D array of the network's dtype, length checked."""
        array = np.ascontiguousarray(values, dtype=self._dtype)
        if array.ndim != 1:
            hint = " (use query_batch / train_batch for many records)" if array.ndim == 2 else ""
            raise ValueError(f"expected the {name} as a 1-D list of {length} values, got shape {array.shape}{hint}")
        if array.shape[0] != length:
            raise ValueError(f"expected {length} {name} values, got {array.shape[0]}")
        return array

    def _as_records(self, values: ArrayLike, length: int, name: str) -> np.ndarray:
        """Many records as a contiguous ``(n, length)`` array of the network's dtype."""
        array = np.ascontiguousarray(values, dtype=self._dtype)
        if array.ndim != 2:
            raise ValueError(
                f"expected {name} records as a 2-D array with one record per row, shape (n, {length}), "
                f"got shape {array.shape}"
            )
        if array.shape[1] != length:
            raise ValueError(f"expected {length} {name} values per record, got {array.shape[1]}")
        return array

    def _as_pairs(self, inputs: ArrayLike, targets: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
        """Input and target records, checked to be the same number of rows."""
        records = self._as_records(inputs, self._layer_sizes[0], "input")
        wanted = self._as_records(targets, self._layer_sizes[-1], "target")
        if records.shape[0] != wanted.shape[0]:
            raise ValueError(
                f"got {records.shape[0]} input records but {wanted.shape[0]} target records; "
                "give one row of targets per row of inputs"
            )
        return records, wanted

    # ------------------------------------------------------------------ files

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write layer sizes, learning rate, dtype and weights to an ``.npz`` file at ``path``.

        The file is written next to its destination under a temporary name and then
        renamed, so an interrupted save never leaves half a file behind.
        """
        target = Path(path)
        arrays: dict[str, np.ndarray] = {
            "format": np.array(_FILE_FORMAT),
            "layer_sizes": np.array(self._layer_sizes, dtype=np.int64),
            "learning_rate": np.array(self._learning_rate, dtype=np.float64),
            "dtype": np.array(self._dtype.name),
        }
        for i, weights in enumerate(self._weights):
            arrays[f"weights_{i}"] = weights
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(handle, "wb") as file:
                np.savez(file, **arrays)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> NeuralNetwork:
        """Read a network written by :meth:`save`; refuse anything else with a clear message."""
        source = Path(path)
        advice = "load only files written by NeuralNetwork.save, or save the network again"
        try:
            archive = np.load(source, allow_pickle=False)
        except (ValueError, zipfile.BadZipFile, EOFError) as error:
            raise ValueError(f"{source} is not a saved network (not a readable .npz file: {error}); {advice}") from None
        if not isinstance(archive, np.lib.npyio.NpzFile):
            raise ValueError(f"{source} holds a single array, not a saved network (.npz); {advice}")
        with archive:
            try:
                contents = {name: archive[name] for name in archive.files}
            except (ValueError, zipfile.BadZipFile, EOFError, OSError) as error:
                raise ValueError(
                    f"{source} cannot be read safely ({error}); it may hold pickled Python objects, "
                    f"which are never loaded because they can run code; {advice}"
                ) from None
        return cls._from_saved(contents, source, advice)

    @classmethod
    def _from_saved(cls, contents: dict[str, np.ndarray], source: Path, advice: str) -> NeuralNetwork:
        """Check the arrays read from a file and build the network from them."""
        if "format" in contents and contents["format"].shape == () and int(contents["format"]) > _FILE_FORMAT:
            raise ValueError(
                f"{source} was saved in file format {int(contents['format'])}, newer than this nnbook "
                f"understands ({_FILE_FORMAT}); update nnbook"
            )
        for key in ("layer_sizes", "learning_rate", "dtype"):
            if key not in contents:
                raise ValueError(f"{source} has no {key!r} entry, so it is not a saved network; {advice}")
        sizes = contents["layer_sizes"]
        if sizes.ndim != 1 or sizes.shape[0] < 2 or not np.issubdtype(sizes.dtype, np.integer):
            raise ValueError(f"{source}: 'layer_sizes' must be a list of at least 2 whole numbers; {advice}")
        n_matrices = sizes.shape[0] - 1
        weights = []
        for i in range(n_matrices):
            key = f"weights_{i}"
            if key not in contents:
                raise ValueError(f"{source} has no {key!r} entry for its {sizes.shape[0]} layers; {advice}")
            matrix = contents[key]
            expected = (int(sizes[i + 1]), int(sizes[i]))
            if matrix.shape != expected:
                raise ValueError(
                    f"{source}: {key} has shape {matrix.shape} but layers {tuple(int(s) for s in sizes)} "
                    f"need {expected}; {advice}"
                )
            if not np.issubdtype(matrix.dtype, np.floating):
                raise ValueError(f"{source}: {key} holds {matrix.dtype} values, not floats; {advice}")
            weights.append(matrix)
        extra = sorted(k for k in contents if k.startswith("weights_") and k not in {f"weights_{i}" for i in range(n_matrices)})
        if extra:
            raise ValueError(f"{source} has weight entries {extra} beyond its {sizes.shape[0]} layers; {advice}")
        dtype_name = str(contents["dtype"])
        if dtype_name not in {d.name for d in SUPPORTED_DTYPES}:
            raise ValueError(f"{source}: dtype {dtype_name!r} is not float32 or float64; {advice}")
        rate = contents["learning_rate"]
        if rate.shape != () or not np.issubdtype(rate.dtype, np.floating):
            raise ValueError(f"{source}: 'learning_rate' must be a single number; {advice}")
        return cls.from_weights(weights, float(rate), dtype=dtype_name)


class _Workspace:
    """Per-layer arrays for ``batch_size`` records, one column per record: ``(n, batch_size)``.

    ``outputs[i]``, ``errors[i]`` and ``deltas[i]`` belong to layer ``i + 1``
    (the input layer needs none: its outputs are the inputs themselves).
    """

    def __init__(self, batch_size: int, sizes: Sequence[int], dtype: np.dtype) -> None:
        self.outputs = [np.empty((n, batch_size), dtype=dtype) for n in sizes]
        self.errors = [np.empty((n, batch_size), dtype=dtype) for n in sizes]
        self.deltas = [np.empty((n, batch_size), dtype=dtype) for n in sizes]


class _BlockArrays:
    """Work arrays for one block of ``size`` records in :meth:`NeuralNetwork.train_records`."""

    def __init__(self, size: int, layer_sizes: Sequence[int], dtype: np.dtype) -> None:
        n_inputs, n_first = layer_sizes[0], layer_sizes[1]
        self.size = size
        self.inputs = np.empty((n_inputs, size), dtype=dtype)  # one column per record
        self.first_signals = np.empty((n_first, size), dtype=dtype)  # W X at the block's start
        self.first_signals_by_record = np.empty((size, n_first), dtype=dtype)  # the same, a row per record
        self.overlaps = np.empty((size, size), dtype=dtype)  # x_j . x_k
        self.pending = np.empty((size, n_first), dtype=dtype)  # d_j, a row per record
        self.pending_columns = np.empty((n_first, size), dtype=dtype)  # the same, a column per record


# ---------------------------------------------------------------------- BLAS helpers
# All arrays here are row-major (numpy's default). BLAS reads matrices column-major,
# and a row-major (r, c) array read column-major is its transpose (c, r); so passing
# ``a.T`` hands BLAS our array without a copy.
#
# Products are cut into slices of weight rows with at most _ONE_THREAD_WORK
# multiply-adds each, which OpenBLAS runs on the calling thread: the OpenBLAS
# 0.3.31 in numpy's and scipy's wheels was measured to keep gemm calls of up to
# about 950,000 multiply-adds on one thread. Why: with threads, each product wakes
# a helper thread, and on a small machine shared with other work (2 cores here)
# the wait for it made training 2 to 10 times slower. The price is that very
# large mini-batches (over about 64 records) run less efficiently than unsliced.
#
# Each call checks that BLAS wrote into our array: it would quietly fill a copy
# instead if an array were not contiguous or had another dtype.

_ONE_THREAD_WORK = 2**19

# scipy's gemm wrapper, called with positional arguments (twice as fast as keywords):
#   gemm(alpha, a, b, beta, c, trans_a, trans_b, overwrite_c) -> c = alpha * op(a) @ op(b) + beta * c


def _rows_per_slice(n_rows: int, work_per_row: int) -> int:
    return max(1, min(n_rows, _ONE_THREAD_WORK // max(1, work_per_row)))


def _not_in_place() -> None:
    raise ValueError(
        "a weight array is not a contiguous array of the network's dtype, so it could not be "
        "updated in place; change weights in place (net.weights[i][...] = new_values) or build "
        "a new network with NeuralNetwork.from_weights"
    )


def _multiply_into(gemm: Any, out: np.ndarray, weights: np.ndarray, signals: np.ndarray) -> None:
    """``out = weights @ signals``: ``(n_next, n_prev) @ (n_prev, b) -> (n_next, b)``, by slices of rows."""
    n_next, n_prev = weights.shape
    if n_next * n_prev * signals.shape[1] <= _ONE_THREAD_WORK:  # one call (one record of the book's nets)
        destination = out.T
        if gemm(1.0, signals.T, weights.T, 0.0, destination, 0, 0, 1) is not destination:
            _not_in_place()
        return
    step = _rows_per_slice(n_next, n_prev * signals.shape[1])
    for top in range(0, n_next, step):
        destination = out[top : top + step].T
        if gemm(1.0, signals.T, weights[top : top + step].T, 0.0, destination, 0, 0, 1) is not destination:
            _not_in_place()


def _multiply_transposed_into(gemm: Any, out: np.ndarray, weights: np.ndarray, errors: np.ndarray) -> None:
    """``out = weights.T @ errors``: ``(n_next, n_prev).T @ (n_next, b) -> (n_prev, b)``.

    Summed over slices of weight rows (each slice adds its part to ``out``).
    """
    n_next, n_prev = weights.shape
    destination = out.T
    if n_next * n_prev * errors.shape[1] <= _ONE_THREAD_WORK:
        if gemm(1.0, errors.T, weights.T, 0.0, destination, 0, 1, 1) is not destination:
            _not_in_place()
        return
    step = _rows_per_slice(n_next, n_prev * errors.shape[1])
    for top in range(0, n_next, step):
        beta = 0.0 if top == 0 else 1.0
        if gemm(1.0, errors[top : top + step].T, weights[top : top + step].T, beta, destination, 0, 1, 1) \
                is not destination:
            _not_in_place()


def _add_outer_products(gemm: Any, weights: np.ndarray, step: float, deltas: np.ndarray, signals: np.ndarray) -> None:
    """``weights += step * deltas @ signals.T``: one outer product per record (column), summed.

    ``weights (n_next, n_prev)``, ``deltas (n_next, b)``, ``signals (n_prev, b)``.
    """
    n_next, n_prev = weights.shape
    if n_next * n_prev * deltas.shape[1] <= _ONE_THREAD_WORK:
        destination = weights.T
        if gemm(step, signals.T, deltas.T, 1.0, destination, 1, 0, 1) is not destination:
            _not_in_place()
        return
    rows = _rows_per_slice(n_next, n_prev * deltas.shape[1])
    for top in range(0, n_next, rows):
        destination = weights[top : top + rows].T
        if gemm(step, signals.T, deltas[top : top + rows].T, 1.0, destination, 1, 0, 1) is not destination:
            _not_in_place()


def _add_combination(gemm: Any, out: np.ndarray, rows: np.ndarray, coefficients: np.ndarray) -> None:
    """``out += rows.T @ coefficients``: add ``coefficients[j]`` times row ``j``; ``out`` is ``(n, 1)``."""
    if gemm(1.0, rows.T, coefficients.reshape(-1, 1), 1.0, out, 0, 0, 1) is not out:
        _not_in_place()


def _check_layer_sizes(layer_sizes: Sequence[int]) -> tuple[int, ...]:
    sizes = tuple(layer_sizes)
    if len(sizes) < 2:
        raise ValueError(f"a network needs at least 2 layers (inputs and outputs), got layer_sizes={sizes}")
    for n in sizes:
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
            raise ValueError(f"every layer size must be a whole number of nodes >= 1, got layer_sizes={sizes}")
    return tuple(int(n) for n in sizes)


def _check_dtype(dtype: DTypeLike) -> np.dtype:
    try:
        chosen = np.dtype(dtype)
    except TypeError:
        chosen = None
    if chosen not in SUPPORTED_DTYPES:
        raise ValueError(f"dtype must be numpy.float64 or numpy.float32, got {dtype!r}")
    return chosen
