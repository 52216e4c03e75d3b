"""The quick way to do the network's sums: the same numbers as ``network.py``, less waiting.

:mod:`nnbook.network` shows the book's algorithm plainly. This module holds what
makes it fast enough to train on 60,000 digits in seconds, as :class:`FastPaths`,
the base class :class:`~nnbook.network.NeuralNetwork` inherits from:

* :meth:`FastPaths.train_records`: many records one at a time, exactly as a loop of
  ``train`` calls would, but the big first-layer update is delayed and done for 32
  records at once (see the method for the identity that keeps it exact);
* :meth:`FastPaths.train_batch`: mini-batches, one step that is the mean of the
  records' steps;
* :meth:`FastPaths.query_batch`: many records forward at once;
* ``_train_one_fast``: what ``NeuralNetwork.train`` runs unless ``net.fast`` is False;
* the number types (float64 or float32) and the checks on what comes in.

Why the results agree with the plain code. Every method here computes the same
quantities as the plain code of ``network.py`` (``train_records`` through an
exact identity, given in its docstring); only where the numbers are kept and in
which order sums are added differ, so results agree up to rounding.
``tests/test_fast_paths.py`` checks this against plain numpy, with the products
sliced as below. The differences:

* Signals are columns, one per record, ``(n, records)``, as in the book.
* The products go straight to BLAS through :mod:`scipy.linalg.blas` (``gemv`` for
  one record, ``gemm`` for several), which writes into arrays made once (no fresh
  arrays per record) and adds each weight change into the weights in place.
* Every call is kept small (at most :data:`ONE_THREAD_WORK` multiply-adds) so that
  OpenBLAS, the BLAS inside numpy's and scipy's wheels, runs it on the calling
  thread; bigger products are done in slices of weight rows. On a 2-core machine
  shared with other work, waking helper threads for each product made training up
  to ten times slower, and slower than the plainest code (``benchmarks/README.md``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, DTypeLike
from scipy.linalg.blas import get_blas_funcs
from scipy.special import (
    expit,  # the sigmoid of nnbook.activation, called here to write in place
)

__all__ = ["FastPaths", "SUPPORTED_DTYPES", "ONE_THREAD_WORK"]

#: Number types the network computes in.
SUPPORTED_DTYPES = (np.dtype(np.float64), np.dtype(np.float32))

#: The most multiply-adds one BLAS call is given; larger products are cut into slices.
#: The OpenBLAS in numpy's and scipy's wheels was measured to keep ``gemm`` calls of
#: up to about 950,000 multiply-adds on one thread (``benchmarks/README.md``), so
#: 2**19 leaves a margin.
#: The price: very large mini-batches (over about 64 records) run less efficiently
#: than they would unsliced. Tests lower this to force the sliced paths on.
ONE_THREAD_WORK = 2**19

# BLAS's dot product per number type, for the quick check of a record's inputs.
_SQUARES = {dtype: get_blas_funcs("dot", dtype=dtype) for dtype in SUPPORTED_DTYPES}

#: Records per pass of :meth:`FastPaths.query_batch`: few enough that each weight-row
#: slice of a product is still a reasonably wide single-thread call.
_QUERY_CHUNK = 64


class FastPaths:
    """The speed machinery of :class:`~nnbook.network.NeuralNetwork` (not used on its own).

    It keeps the weights as row-major arrays of one number type, so BLAS can update
    them in place, plus the BLAS routines for that type and reusable work arrays. The
    subclass sets ``_layer_sizes`` and ``_learning_rate`` and calls
    :meth:`_store_weights`.
    """

    _weights: list[np.ndarray]
    _layer_sizes: tuple[int, ...]
    _learning_rate: float
    _dtype: np.dtype
    _blas: _Blas
    _buffers: dict[int, _Workspace]

    def _store_weights(self, weights: Sequence[ArrayLike], dtype: DTypeLike | None) -> None:
        """Keep copies of ``weights`` as contiguous row-major arrays of ``dtype``, and get BLAS ready.

        ``dtype`` None means float32 if every matrix is float32, otherwise float64.
        """
        matrices = _check_weight_matrices(weights)
        if dtype is None:
            dtype = np.float32 if all(m.dtype == np.float32 for m in matrices) else np.float64
        self._dtype = check_dtype(dtype)
        # Row-major copies: BLAS then updates them in place without copying.
        self._weights = [np.array(w, dtype=self._dtype, order="C", copy=True) for w in matrices]
        self._blas = _Blas(self._dtype)
        self._buffers = {}

    @property
    def dtype(self) -> np.dtype:
        """The number type every computation uses (float64 or float32)."""
        return self._dtype

    def __getstate__(self) -> dict[str, Any]:
        """For copying and pickling: the BLAS functions and work arrays are rebuilt, not stored."""
        state = self.__dict__.copy()
        del state["_blas"], state["_buffers"]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._blas = _Blas(self._dtype)
        self._buffers = {}

    # ------------------------------------------------------------------ asking many records

    def query_batch(self, inputs: ArrayLike) -> np.ndarray:
        """``query`` for many records at once: ``(n, n_inputs)`` in, ``(n, n_outputs)`` out.

        Row ``r`` of the result equals ``query(inputs[r])`` (up to rounding).
        """
        records = self._as_records(inputs, self._layer_sizes[0], "input")
        results = np.empty((records.shape[0], self._layer_sizes[-1]), dtype=self._dtype)
        for start in range(0, records.shape[0], _QUERY_CHUNK):
            columns = np.ascontiguousarray(records[start : start + _QUERY_CHUNK].T)
            layer_outputs = self._forward(columns, self._new_columns(columns.shape[1]))
            results[start : start + _QUERY_CHUNK] = layer_outputs[-1].T
        return results

    # ------------------------------------------------------------------ training

    def _train_one_fast(self, inputs: np.ndarray, targets: np.ndarray) -> np.ndarray:
        """``NeuralNetwork.train`` for one checked record, in reused arrays; returns the output errors."""
        work = self._workspace(1)
        layer_outputs = self._forward(inputs.reshape(-1, 1), work.outputs)
        output_errors = work.errors[-1]
        np.subtract(targets.reshape(-1, 1), layer_outputs[-1], out=output_errors)
        self._backward(layer_outputs, work, self._learning_rate)
        return output_errors[:, 0].copy()

    def train_batch(self, inputs: ArrayLike, targets: ArrayLike) -> np.ndarray:
        """Learn from a mini-batch: one step that is the MEAN of the per-record steps.

        ``inputs`` has shape ``(b, n_inputs)`` and ``targets`` ``(b, n_outputs)``.
        Every record's weight change is worked out at the batch's starting weights,
        exactly as ``train`` would for that record alone; the weights then move by
        the average of those changes. So a batch of one is the same as ``train``;
        because of the averaging, batches need a larger learning rate than single
        records to move as far per epoch.

        Returns the output errors, shape ``(b, n_outputs)``, before the update.
        Refuses NaN or infinite values, and targets outside 0..1, before changing
        any weight.
        """
        records, wanted = self._as_training_pairs(inputs, targets)
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
        """Learn from many records one at a time, in order: the same as calling ``train`` on each.

        The result equals ``for x, t in zip(inputs, targets): net.train(x, t)`` up
        to rounding (sums are added in a different order), but it runs 1.2 to 1.6 times
        as fast on the book's network (``benchmarks/README.md``). The trick: within a block of ``block_size``
        records the first weight matrix is not rewritten after every record. Its
        changes are kept as rank-one pieces ``d_j x_j^T`` (``d_j = learning_rate * delta_j``),
        and record ``k`` still sees their effect exactly, through the identity

            (W + sum_j d_j x_j^T) x_k  =  W x_k + sum_j d_j (x_j . x_k).

        ``W x_k`` for the whole block is one matrix product made at the block's
        start; at its end all the pieces are added to W in one more product, which
        BLAS does far faster than one outer product per record.

        ``inputs`` ``(n, n_inputs)``, ``targets`` ``(n, n_outputs)``; returns each
        record's output errors, shape ``(n, n_outputs)``, as ``train`` measures them.
        Refuses NaN or infinite values, and targets outside 0..1, before changing
        any weight.
        """
        if isinstance(block_size, bool) or not isinstance(block_size, (int, np.integer)) or block_size < 1:
            raise ValueError(f"block_size must be a whole number >= 1, got {block_size!r}")
        records, wanted = self._as_training_pairs(inputs, targets)
        first_weights = self._weights[0]
        blas = self._blas
        work = self._workspace(1)
        all_output_errors = np.empty((records.shape[0], self._layer_sizes[-1]), dtype=self._dtype)
        arrays = _BlockArrays(int(block_size), self._layer_sizes, self._dtype)

        for start in range(0, records.shape[0], block_size):
            block = records[start : start + block_size]  # (size, n_inputs), one record per row
            if block.shape[0] != arrays.size:  # the last, shorter block
                arrays = _BlockArrays(block.shape[0], self._layer_sizes, self._dtype)
            np.copyto(arrays.inputs, block.T)
            # Signals into the first hidden layer at the block's starting weights, W X.
            _multiply_into(blas, arrays.first_signals, first_weights, arrays.inputs)
            np.copyto(arrays.first_signals_by_record, arrays.first_signals.T)
            # x_j . x_k for every pair of records in the block.
            _multiply_into(blas, arrays.overlaps, block, arrays.inputs)
            pending = arrays.pending  # row j: d_j, the first matrix's change for record j
            for k in range(block.shape[0]):
                hidden_signals = arrays.first_signals_by_record[k].reshape(-1, 1)
                if k:
                    # Add what the changes for records 0..k-1 of the block do to this record.
                    _add_combination(blas, hidden_signals, pending[:k], arrays.overlaps[k, :k])
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
            _add_outer_products(blas, first_weights, 1.0, arrays.pending_columns, arrays.inputs)
        return all_output_errors

    # ------------------------------------------------------------------ the passes

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
            _multiply_into(self._blas, combined, self._weights[i], layer_outputs[i])
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
                _multiply_transposed_into(self._blas, work.errors[i - 1], weights, errors)
            if i >= first_to_update:
                _add_outer_products(self._blas, weights, step, delta, layer_outputs[i])

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

    # ------------------------------------------------------------------ what comes in

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

    def _as_training_pairs(self, inputs: ArrayLike, targets: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
        """Input and target records, the same number of rows, checked with :func:`check_training_values`."""
        records = self._as_records(inputs, self._layer_sizes[0], "input")
        wanted = self._as_records(targets, self._layer_sizes[-1], "target")
        if records.shape[0] != wanted.shape[0]:
            raise ValueError(
                f"got {records.shape[0]} input records but {wanted.shape[0]} target records; "
                "give one row of targets per row of inputs"
            )
        check_training_values(records, wanted)
        return records, wanted


def check_training_values(inputs: np.ndarray, targets: np.ndarray) -> None:
    """Refuse NaN or infinite inputs, and targets that are not numbers from 0 to 1.

    One NaN would otherwise spread through the errors into every weight and ruin the
    network without a word. ``train`` runs this 60,000 times an epoch, so it uses
    the quickest test that is exact: the sum of the inputs' squares (one record,
    with BLAS, which neither allocates nor warns) or of the inputs (many records) is
    finite whenever every input is, unless huge values overflow it, and only then
    are the inputs looked at one by one. A single record's 10 or so targets are
    quicker to check as Python numbers than with numpy.
    """
    if inputs.ndim == 1:
        finite = math.isfinite(_SQUARES[inputs.dtype](inputs, inputs))
        targets_ok = all(0.0 <= value <= 1.0 for value in targets.tolist())  # False for NaN
    else:
        with np.errstate(over="ignore", invalid="ignore"):
            finite = math.isfinite(inputs.sum())
            targets_ok = targets.size == 0 or bool(targets.min() >= 0.0 and targets.max() <= 1.0)
    if not (finite or np.isfinite(inputs).all()):
        raise ValueError(
            "the inputs contain NaN or infinity; training on them would turn every weight into NaN. "
            "Check how the inputs were made (e.g. a division by zero while scaling)"
        )
    if not targets_ok:
        if not np.isfinite(targets).all():
            problem = "contain NaN or infinity"
        else:
            problem = f"go from {float(targets.min()):g} to {float(targets.max()):g}"
        raise ValueError(
            f"targets must be numbers from 0 to 1 (the sigmoid's range), but these {problem}; "
            "the book uses 0.01 for 'no' and 0.99 for 'yes'"
        )


def check_dtype(dtype: DTypeLike) -> np.dtype:
    """``dtype`` as a numpy dtype, if it is one the network computes in (float64 or float32)."""
    try:
        chosen = np.dtype(dtype)
    except TypeError:
        chosen = None
    if chosen not in SUPPORTED_DTYPES:
        raise ValueError(f"dtype must be numpy.float64 or numpy.float32, got {dtype!r}")
    return chosen


def _check_weight_matrices(weights: Sequence[ArrayLike]) -> list[np.ndarray]:
    """``weights`` as arrays, checked to be 2-D matrices of numbers whose shapes chain."""
    matrices = [np.asarray(w) for w in weights]
    if not matrices:
        raise ValueError("from_weights needs at least one weight matrix")
    for i, matrix in enumerate(matrices):
        if matrix.ndim != 2:
            raise ValueError(f"weights[{i}] must be a 2-D matrix (n_after, n_before), got shape {matrix.shape}")
        if not (np.issubdtype(matrix.dtype, np.floating) or np.issubdtype(matrix.dtype, np.integer)):
            raise ValueError(f"weights[{i}] must hold numbers, got dtype {matrix.dtype}")
    for i in range(1, len(matrices)):
        if matrices[i].shape[1] != matrices[i - 1].shape[0]:
            raise ValueError(
                f"weights[{i}] has {matrices[i].shape[1]} columns but weights[{i - 1}] has "
                f"{matrices[i - 1].shape[0]} rows; each layer's sending nodes must be the "
                "previous layer's receiving nodes"
            )
    return matrices


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
    """Work arrays for one block of ``size`` records in :meth:`FastPaths.train_records`."""

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
# Products are cut into slices of weight rows with at most ONE_THREAD_WORK
# multiply-adds each, which OpenBLAS runs on the calling thread (see the constant).
# A product with a single column (one record) goes to gemv: with scipy 1.17's
# OpenBLAS 0.3.30 on an AVX2 machine, gemm took 99 us for the 200 x 784 product
# where gemv takes 19 us (float64; 44 and 10 us in float32), both on one thread.
#
# Each call checks that BLAS wrote into our array: it would quietly fill a copy
# instead if an array were not contiguous or had another dtype.
#
# scipy's wrappers, called with positional arguments (twice as fast as keywords):
#   gemm(alpha, a, b, beta, c, trans_a, trans_b, overwrite_c) -> c = alpha * op(a) @ op(b) + beta * c
#   gemv(alpha, a, x, beta, y, offx, incx, offy, incy, trans, overwrite_y) -> y = alpha * op(a) @ x + beta * y


class _Blas:
    """The BLAS routines the fast code calls, for one number type (rebuilt, never pickled)."""

    __slots__ = ("gemm", "gemv")

    def __init__(self, dtype: np.dtype) -> None:
        self.gemm = get_blas_funcs("gemm", dtype=dtype)
        self.gemv = get_blas_funcs("gemv", dtype=dtype)


def _rows_per_slice(n_rows: int, work_per_row: int) -> int:
    return max(1, min(n_rows, ONE_THREAD_WORK // max(1, work_per_row)))


def _not_in_place() -> None:
    raise ValueError(
        "a weight array is not a contiguous array of the network's dtype, so it could not be "
        "updated in place; change weights in place (net.weights[i][...] = new_values) or build "
        "a new network with NeuralNetwork.from_weights"
    )


def _multiply_into(blas: _Blas, out: np.ndarray, weights: np.ndarray, signals: np.ndarray) -> None:
    """``out = weights @ signals``: ``(n_next, n_prev) @ (n_prev, b) -> (n_next, b)``, by slices of rows."""
    n_next, n_prev = weights.shape
    records = signals.shape[1]
    if records == 1:
        column = signals[:, 0]
        if n_next * n_prev <= ONE_THREAD_WORK:  # one call (one record of the book's nets)
            destination = out[:, 0]
            if blas.gemv(1.0, weights.T, column, 0.0, destination, 0, 1, 0, 1, 1, 1) is not destination:
                _not_in_place()
            return
        step = _rows_per_slice(n_next, n_prev)
        for top in range(0, n_next, step):
            destination = out[top : top + step, 0]
            if (
                blas.gemv(1.0, weights[top : top + step].T, column, 0.0, destination, 0, 1, 0, 1, 1, 1)
                is not destination
            ):
                _not_in_place()
        return
    if n_next * n_prev * records <= ONE_THREAD_WORK:
        destination = out.T
        if blas.gemm(1.0, signals.T, weights.T, 0.0, destination, 0, 0, 1) is not destination:
            _not_in_place()
        return
    step = _rows_per_slice(n_next, n_prev * records)
    for top in range(0, n_next, step):
        destination = out[top : top + step].T
        if blas.gemm(1.0, signals.T, weights[top : top + step].T, 0.0, destination, 0, 0, 1) is not destination:
            _not_in_place()


def _multiply_transposed_into(blas: _Blas, out: np.ndarray, weights: np.ndarray, errors: np.ndarray) -> None:
    """``out = weights.T @ errors``: ``(n_next, n_prev).T @ (n_next, b) -> (n_prev, b)``.

    Summed over slices of weight rows (each slice adds its part to ``out``).
    """
    n_next, n_prev = weights.shape
    records = errors.shape[1]
    step = n_next if n_next * n_prev * records <= ONE_THREAD_WORK else _rows_per_slice(n_next, n_prev * records)
    if records == 1:
        destination = out[:, 0]
        for top in range(0, n_next, step):
            beta = 0.0 if top == 0 else 1.0
            if (
                blas.gemv(
                    1.0, weights[top : top + step].T, errors[top : top + step, 0], beta, destination, 0, 1, 0, 1, 0, 1
                )
                is not destination
            ):
                _not_in_place()
        return
    destination = out.T
    for top in range(0, n_next, step):
        beta = 0.0 if top == 0 else 1.0
        if (
            blas.gemm(1.0, errors[top : top + step].T, weights[top : top + step].T, beta, destination, 0, 1, 1)
            is not destination
        ):
            _not_in_place()


def _add_outer_products(blas: _Blas, weights: np.ndarray, step: float, deltas: np.ndarray, signals: np.ndarray) -> None:
    """``weights += step * deltas @ signals.T``: one outer product per record (column), summed.

    ``weights (n_next, n_prev)``, ``deltas (n_next, b)``, ``signals (n_prev, b)``.
    """
    n_next, n_prev = weights.shape
    if n_next * n_prev * deltas.shape[1] <= ONE_THREAD_WORK:
        destination = weights.T
        if blas.gemm(step, signals.T, deltas.T, 1.0, destination, 1, 0, 1) is not destination:
            _not_in_place()
        return
    rows = _rows_per_slice(n_next, n_prev * deltas.shape[1])
    for top in range(0, n_next, rows):
        destination = weights[top : top + rows].T
        if blas.gemm(step, signals.T, deltas[top : top + rows].T, 1.0, destination, 1, 0, 1) is not destination:
            _not_in_place()


def _add_combination(blas: _Blas, out: np.ndarray, rows: np.ndarray, coefficients: np.ndarray) -> None:
    """``out += rows.T @ coefficients``: add ``coefficients[j]`` times row ``j``; ``out`` is ``(n, 1)``."""
    destination = out[:, 0]
    if blas.gemv(1.0, rows.T, coefficients, 1.0, destination, 0, 1, 0, 1, 0, 1) is not destination:
        _not_in_place()
