"""The fast code of nnbook.fast gives the same numbers as plain numpy.

The reference here is the book's algorithm written out with plain numpy in float64,
independently of nnbook: ``1 / (1 + exp(-x))``, ``W @ x``, ``np.outer``. Every fast
method is compared with it, for both number types, and with the BLAS products cut
into slices of weight rows: the module constant that decides when to slice is
lowered (down to one row per slice), and one network is simply big enough to be
sliced with the constant as shipped. Counting the BLAS calls shows that the
slicing really happened.
"""

from __future__ import annotations

import copy

import numpy as np
import pytest

from nnbook import fast
from nnbook.network import NeuralNetwork

# How closely results must agree with the float64 reference. float64: rounding only.
# float32: its 7 significant digits, summed over a few hundred products.
TOLERANCES = {np.float64: dict(rtol=1e-10, atol=1e-13), np.float32: dict(rtol=2e-4, atol=2e-6)}


# --------------------------------------------------------------------------- the reference


def reference_outputs(weights, x):
    """Every layer's outputs for one record: the inputs, then sigmoid(W @ previous), in float64."""
    outputs = [np.asarray(x, dtype=np.float64)]
    for w in weights:
        outputs.append(1.0 / (1.0 + np.exp(-(w @ outputs[-1]))))
    return outputs


def reference_changes(weights, x, t, rate):
    """The weight changes the book's rule makes for one record, and that record's output errors."""
    outputs = reference_outputs(weights, x)
    output_errors = np.asarray(t, dtype=np.float64) - outputs[-1]
    errors, changes = output_errors, [None] * len(weights)
    for i in reversed(range(len(weights))):
        after = outputs[i + 1]
        delta = errors * after * (1.0 - after)
        errors = weights[i].T @ errors
        changes[i] = rate * np.outer(delta, outputs[i])
    return changes, output_errors


def reference_train(weights, inputs, targets, rate):
    """One record after another, each step applied before the next; returns (weights, errors)."""
    weights = [np.array(w, dtype=np.float64) for w in weights]
    all_errors = []
    for x, t in zip(inputs, targets):
        changes, output_errors = reference_changes(weights, x, t, rate)
        weights = [w + c for w, c in zip(weights, changes)]
        all_errors.append(output_errors)
    return weights, np.array(all_errors)


def start_weights(net):
    return [np.array(w, dtype=np.float64) for w in net.weights]


def task(layer_sizes, n_records, dtype, seed=3):
    """Inputs in 0.01..1.00 and targets in 0.01..0.99, exactly representable in ``dtype``."""
    rng = np.random.default_rng(seed)
    inputs = rng.uniform(0.01, 1.0, size=(n_records, layer_sizes[0])).astype(dtype)
    targets = rng.uniform(0.01, 0.99, size=(n_records, layer_sizes[-1])).astype(dtype)
    return inputs, targets


def assert_close(actual, expected, dtype):
    np.testing.assert_allclose(np.asarray(actual, dtype=np.float64), expected, **TOLERANCES[dtype])


# --------------------------------------------------------------------------- the plain code and the fast code


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("layer_sizes", [(6, 5, 3), (6, 3), (9, 7, 5, 4)])
def test_train_gives_the_same_numbers_with_and_without_the_fast_code(layer_sizes, dtype):
    inputs, targets = task(layer_sizes, 20, dtype)
    quick = NeuralNetwork(layer_sizes, 0.3, rng=1, dtype=dtype)
    plain = copy.deepcopy(quick)
    plain.fast = False
    expected_weights, expected_errors = reference_train(start_weights(quick), inputs, targets, 0.3)
    for x, t, errors in zip(inputs, targets, expected_errors):
        assert_close(quick.train(x, t), errors, dtype)
        assert_close(plain.train(x, t), errors, dtype)
    for a, b, expected in zip(quick.weights, plain.weights, expected_weights):
        assert a.dtype == b.dtype == dtype
        assert_close(a, expected, dtype)
        assert_close(b, expected, dtype)


def test_the_plain_code_is_what_runs_when_fast_is_false(monkeypatch):
    net = NeuralNetwork((4, 3, 2), 0.3, rng=0)
    net.fast = False
    monkeypatch.setattr(NeuralNetwork, "_train_one_fast", lambda *arguments: pytest.fail("the fast code ran"))
    net.train([0.1, 0.2, 0.3, 0.4], [0.9, 0.1])
    assert NeuralNetwork.fast is True  # every other network stays fast


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_query_is_the_plain_forward_pass(dtype):
    net = NeuralNetwork((9, 7, 5, 4), 0.3, rng=2, dtype=dtype)
    inputs, _ = task(net.layer_sizes, 5, dtype)
    for x in inputs:
        outputs = net.query(x)
        assert outputs.dtype == dtype and outputs.shape == (4,)
        assert_close(outputs, reference_outputs(start_weights(net), x)[-1], dtype)


# --------------------------------------------------------------------------- with the BLAS products sliced


class CountingBlas:
    """Stands in for the network's BLAS routines and counts the calls (slicing makes more of them)."""

    def __init__(self, blas):
        self.calls = 0
        self.gemm, self.gemv = self._counting(blas.gemm), self._counting(blas.gemv)

    def _counting(self, routine):
        def call(*arguments):
            self.calls += 1
            return routine(*arguments)

        return call


def counted(net):
    net._blas = CountingBlas(net._blas)
    return net


def reference_batch(weights, inputs, targets, rate):
    """One mini-batch step: the mean of the records' changes, all at the starting weights."""
    steps = [reference_changes(weights, x, t, rate) for x, t in zip(inputs, targets)]
    mean_changes = [np.mean([changes[i] for changes, _ in steps], axis=0) for i in range(len(weights))]
    return [w + c for w, c in zip(weights, mean_changes)], np.array([errors for _, errors in steps])


def reference_backquery(weights, label, n_outputs):
    def stretch(v):
        v = v - v.min()
        return v / v.max() * 0.98 + 0.01

    targets = np.full(n_outputs, 0.01)
    targets[label] = 0.99
    values = targets
    for w in reversed(weights):
        values = stretch(w.T @ np.log(values / (1.0 - values)))
    return values


def run_train(net, inputs, targets):
    errors = np.array([net.train(x, t) for x, t in zip(inputs, targets)])
    return errors, reference_train(START[net], inputs, targets, net.learning_rate)


def run_train_records(block_size):
    def run(net, inputs, targets):
        errors = net.train_records(inputs, targets, block_size=block_size)
        return errors, reference_train(START[net], inputs, targets, net.learning_rate)

    return run


def run_batches_of_one(net, inputs, targets):
    errors = np.array([net.train_batch(x[np.newaxis], t[np.newaxis])[0] for x, t in zip(inputs, targets)])
    return errors, reference_train(START[net], inputs, targets, net.learning_rate)


def run_one_batch(net, inputs, targets):
    errors = net.train_batch(inputs, targets)
    return errors, reference_batch(START[net], inputs, targets, net.learning_rate)


TRAINING_RUNS = {
    "train, record after record": run_train,
    "train_records, blocks of 7": run_train_records(7),
    "train_records, blocks of 32": run_train_records(32),
    "train_batch, batches of one": run_batches_of_one,
    "train_batch, one batch of all": run_one_batch,
}

# The starting weights (float64) of each network under test, for the reference.
START: dict[NeuralNetwork, list[np.ndarray]] = {}


def fresh(layer_sizes, dtype, rate=0.3):
    net = counted(NeuralNetwork(layer_sizes, rate, rng=5, dtype=dtype))
    START[net] = start_weights(net)
    return net


@pytest.fixture(autouse=True)
def forget_start_weights():
    yield
    START.clear()


# ONE_THREAD_WORK values that force slicing on the small network (9, 7, 5, 4): with 1 every
# call gets a single weight row; with 30 most products are cut into uneven slices of 2 to 4 rows.
SLICE_LIMITS = [1, 30]
SMALL = (9, 7, 5, 4)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("limit", SLICE_LIMITS)
@pytest.mark.parametrize("run", TRAINING_RUNS)
def test_training_with_sliced_products_matches_plain_numpy(monkeypatch, run, limit, dtype):
    inputs, targets = task(SMALL, 45, dtype)
    whole = fresh(SMALL, dtype)
    errors_whole, (weights_expected, errors_expected) = TRAINING_RUNS[run](whole, inputs, targets)
    monkeypatch.setattr(fast, "ONE_THREAD_WORK", limit)
    sliced = fresh(SMALL, dtype)
    errors_sliced, _ = TRAINING_RUNS[run](sliced, inputs, targets)

    assert sliced._blas.calls > whole._blas.calls  # the slices really were used
    for errors in (errors_whole, errors_sliced):
        assert errors.dtype == dtype
        assert_close(errors, errors_expected, dtype)
    for net in (whole, sliced):
        for w, expected in zip(net.weights, weights_expected):
            assert w.dtype == dtype
            assert_close(w, expected, dtype)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("limit", SLICE_LIMITS)
def test_query_batch_and_backquery_with_sliced_products_match_plain_numpy(monkeypatch, limit, dtype):
    inputs, _ = task(SMALL, 130, dtype)  # three passes of 64, 64 and 2 records
    monkeypatch.setattr(fast, "ONE_THREAD_WORK", limit)
    net = fresh(SMALL, dtype)
    outputs = net.query_batch(inputs)
    assert net._blas.calls > 3 * 3  # more than one call per matrix and pass
    assert outputs.dtype == dtype and outputs.shape == (130, 4)
    expected = np.array([reference_outputs(START[net], x)[-1] for x in inputs])
    assert_close(outputs, expected, dtype)
    for label in range(4):
        np.testing.assert_allclose(net.backquery(label), reference_backquery(START[net], label, 4), rtol=1e-12)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_a_network_big_enough_to_be_sliced_as_shipped_matches_plain_numpy(dtype):
    """784-700-10: one record's first product is 548,800 multiply-adds, above ONE_THREAD_WORK."""
    layer_sizes = (784, 700, 10)
    assert 784 * 700 > fast.ONE_THREAD_WORK
    inputs, targets = task(layer_sizes, 40, dtype)

    net = fresh(layer_sizes, dtype, rate=0.1)
    errors, (weights_expected, errors_expected) = run_train(net, inputs[:3], targets[:3])
    assert net._blas.calls > 3 * 5  # unsliced, a record of a 3-layer network takes 5 calls
    assert_close(errors, errors_expected, dtype)
    for w, expected in zip(net.weights, weights_expected):
        assert_close(w, expected, dtype)

    for run in ("train_records, blocks of 32", "train_batch, batches of one", "train_batch, one batch of all"):
        net = fresh(layer_sizes, dtype, rate=0.1)
        count = 3 if run == "train_batch, batches of one" else 40
        errors, (weights_expected, errors_expected) = TRAINING_RUNS[run](net, inputs[:count], targets[:count])
        assert_close(errors, errors_expected, dtype)
        for w, expected in zip(net.weights, weights_expected):
            assert_close(w, expected, dtype)

    net = fresh(layer_sizes, dtype)
    outputs = net.query_batch(inputs[:70])
    assert_close(outputs, np.array([reference_outputs(START[net], x)[-1] for x in inputs[:70]]), dtype)
    np.testing.assert_allclose(net.backquery(3), reference_backquery(START[net], 3, 10), rtol=1e-12)
