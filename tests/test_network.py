"""Tests for nnbook.network: the maths checked against independent computations.

The checks come from outside the code under test: numbers worked by hand in the
book (page 1.9), central finite differences of the squared error, the definition
of a mini-batch step as a mean of single-record steps, and known facts about the
sigmoid and about XOR.
"""

from __future__ import annotations

import copy
import os
import warnings
import zipfile
from pathlib import Path

import numpy as np
import pytest

from nnbook.network import NeuralNetwork, logit, sigmoid

# The worked example of page 1.9: three inputs, three hidden and three output nodes.
W_INPUT_HIDDEN = [[0.9, 0.3, 0.4], [0.2, 0.8, 0.2], [0.1, 0.5, 0.6]]
W_HIDDEN_OUTPUT = [[0.3, 0.7, 0.5], [0.6, 0.5, 0.2], [0.8, 0.1, 0.9]]
WORKED_INPUTS = [0.9, 0.1, 0.8]


def plain_sigmoid(x):
    return 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=np.float64)))


def small_data(n_records, n_inputs, n_outputs, seed=7):
    """Random scaled inputs (0.01..1.00) and targets (0.01..0.99) for small tests."""
    rng = np.random.default_rng(seed)
    inputs = rng.uniform(0.01, 1.0, size=(n_records, n_inputs))
    targets = rng.uniform(0.01, 0.99, size=(n_records, n_outputs))
    return inputs, targets


def weight_changes(net, train_step):
    """Run ``train_step(net)`` on a copy of ``net``; return the change of every weight matrix."""
    trained = copy.deepcopy(net)
    train_step(trained)
    return [after - before for after, before in zip(trained.weights, net.weights)]


# --------------------------------------------------------------------------- sigmoid and logit


def test_sigmoid_known_values():
    assert sigmoid(0.0) == 0.5
    x = np.linspace(-20, 20, 81)
    np.testing.assert_allclose(sigmoid(x), plain_sigmoid(x), rtol=1e-12)
    # The slope formula sigma' = sigma * (1 - sigma), against a central difference.
    h = 1e-6
    slope = (sigmoid(x + h) - sigmoid(x - h)) / (2 * h)
    np.testing.assert_allclose(slope, sigmoid(x) * (1 - sigmoid(x)), atol=1e-9)


def test_sigmoid_is_safe_for_huge_inputs():
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        values = sigmoid(np.array([-1000.0, 1000.0]))
        single = sigmoid(np.array([-1000.0, 1000.0], dtype=np.float32))
    assert values.tolist() == [0.0, 1.0]
    assert single.tolist() == [0.0, 1.0]


def test_logit_inverts_sigmoid():
    x = np.linspace(-10, 10, 41)
    np.testing.assert_allclose(logit(sigmoid(x)), x, atol=1e-9)
    y = np.linspace(0.01, 0.99, 99)
    np.testing.assert_allclose(sigmoid(logit(y)), y, rtol=1e-12)
    np.testing.assert_allclose(logit(0.75), np.log(3.0), rtol=1e-12)


@pytest.mark.parametrize("bad", [0.0, 1.0, -0.5, 1.5, float("nan")])
def test_logit_refuses_values_outside_zero_one(bad):
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        logit([0.5, bad])


# --------------------------------------------------------------------------- starting weights


@pytest.mark.parametrize(
    ("init", "expected_spreads"),
    [("fan_in", [1 / np.sqrt(400), 1 / np.sqrt(100)]), ("layer", [1 / np.sqrt(100), 1 / np.sqrt(50)])],
)
def test_initial_weights_shape_and_spread(init, expected_spreads):
    net = NeuralNetwork([400, 100, 50], 0.1, rng=0, init=init)
    assert [w.shape for w in net.weights] == [(100, 400), (50, 100)]
    assert net.wih is net.weights[0] and net.who is net.weights[1]
    for weights, spread in zip(net.weights, expected_spreads):
        # 40,000 and 5,000 samples: the sample spread is within a few per cent.
        assert abs(weights.std() / spread - 1) < 0.04
        assert abs(weights.mean()) < 0.1 * spread


def test_initial_weights_follow_the_seed_and_dtype():
    a = NeuralNetwork((5, 4, 3), 0.3, rng=42)
    b = NeuralNetwork((5, 4, 3), 0.3, rng=np.random.default_rng(42))
    c = NeuralNetwork((5, 4, 3), 0.3, rng=43)
    single = NeuralNetwork((5, 4, 3), 0.3, rng=42, dtype=np.float32)
    for wa, wb, wc, ws in zip(a.weights, b.weights, c.weights, single.weights):
        np.testing.assert_array_equal(wa, wb)
        assert not np.allclose(wa, wc)
        assert ws.dtype == np.float32
        np.testing.assert_array_equal(ws, wa.astype(np.float32))
    assert a.dtype == np.float64 and single.dtype == np.float32
    assert a.layer_sizes == (5, 4, 3) and a.learning_rate == 0.3


# --------------------------------------------------------------------------- querying


def test_query_reproduces_the_books_worked_example():
    net = NeuralNetwork.from_weights([W_INPUT_HIDDEN, W_HIDDEN_OUTPUT], learning_rate=0.3)
    outputs = net.query(WORKED_INPUTS)
    # The book prints 0.726, 0.708, 0.778. Exactly, the middle one is 0.70860 (0.709 to
    # 3 d.p.); 0.708 comes from rounding the hidden outputs to 3 d.p. before going on.
    np.testing.assert_allclose(outputs, [0.726, 0.708, 0.778], atol=1e-3)
    np.testing.assert_array_equal(np.round(outputs, 3), [0.726, 0.709, 0.778])
    # The hidden layer alone: combined signals 1.16, 0.42, 0.62 (page 1.9), then the sigmoid.
    hidden_only = NeuralNetwork.from_weights([W_INPUT_HIDDEN], learning_rate=0.3)
    np.testing.assert_allclose(hidden_only.query(WORKED_INPUTS), plain_sigmoid([1.16, 0.42, 0.62]), rtol=1e-12)


def test_query_batch_matches_query_row_by_row():
    net = NeuralNetwork((6, 5, 4, 3), 0.2, rng=1)
    inputs, _ = small_data(200, 6, 3)  # more than one internal chunk of records
    batch = net.query_batch(inputs)
    assert batch.shape == (200, 3)
    for row in (0, 1, 63, 64, 199):
        np.testing.assert_allclose(batch[row], net.query(inputs[row]), rtol=1e-12)


def test_query_accepts_lists_and_converts_to_the_networks_dtype():
    net = NeuralNetwork((3, 2, 2), 0.1, rng=0, dtype=np.float32)
    outputs = net.query([1, 0.5, -1.5])
    assert outputs.shape == (2,) and outputs.dtype == np.float32
    assert net.query_batch([[1, 0.5, -1.5]]).dtype == np.float32


# --------------------------------------------------------------------------- training: the maths


def test_train_returns_errors_before_the_update():
    net = NeuralNetwork.from_weights([W_INPUT_HIDDEN, W_HIDDEN_OUTPUT], learning_rate=0.3)
    targets = np.array([0.01, 0.99, 0.01])
    before = net.query(WORKED_INPUTS)
    errors = net.train(WORKED_INPUTS, targets)
    np.testing.assert_allclose(errors, targets - before, rtol=1e-12)
    assert not np.allclose(net.query(WORKED_INPUTS), before)


def test_train_matches_the_books_update_rule_written_out():
    """One step against the update written element by element (page 1.14's formula)."""
    net = NeuralNetwork.from_weights([W_INPUT_HIDDEN, W_HIDDEN_OUTPUT], learning_rate=0.3)
    x = np.array(WORKED_INPUTS)
    t = np.array([0.99, 0.01, 0.01])
    wih, who = np.array(W_INPUT_HIDDEN), np.array(W_HIDDEN_OUTPUT)
    o_hidden = plain_sigmoid(wih @ x)
    o_out = plain_sigmoid(who @ o_hidden)
    e_out = t - o_out
    e_hidden = [sum(who[k, j] * e_out[k] for k in range(3)) for j in range(3)]
    expected_who = [
        [who[k, j] + 0.3 * e_out[k] * o_out[k] * (1 - o_out[k]) * o_hidden[j] for j in range(3)] for k in range(3)
    ]
    expected_wih = [
        [wih[j, i] + 0.3 * e_hidden[j] * o_hidden[j] * (1 - o_hidden[j]) * x[i] for i in range(3)] for j in range(3)
    ]
    net.train(x, t)
    np.testing.assert_allclose(net.who, expected_who, rtol=1e-12)
    np.testing.assert_allclose(net.wih, expected_wih, rtol=1e-12)


def test_last_layer_update_is_gradient_descent_on_the_squared_error():
    """For the last weight matrix: change = -learning_rate * d(0.5 * sum(e**2))/dW, by central differences."""
    rate = 0.5
    net = NeuralNetwork((4, 5, 3, 2), rate, rng=3)
    inputs, targets = small_data(1, 4, 2)
    x, t = inputs[0], targets[0]

    def squared_error(weights_last):
        trial = NeuralNetwork.from_weights(net.weights[:-1] + [weights_last], rate)
        return 0.5 * np.sum((t - trial.query(x)) ** 2)

    gradient = _central_differences(squared_error, net.weights[-1])
    change = weight_changes(net, lambda n: n.train(x, t))[-1]
    np.testing.assert_allclose(change, -rate * gradient, rtol=1e-6, atol=1e-12)


def test_earlier_layers_follow_the_books_error_shortcut():
    """Each earlier matrix does gradient descent on its own layer's squared error, where a
    hidden layer's errors are the book's W.T @ (errors of the next layer), held fixed.

    This is the book's rule (pages 1.13 and 1.14: the error at a hidden node is the
    recombined error). It is NOT the full gradient of the output error, because the
    recombined errors leave out the next layer's sigmoid slope; the last part of the
    test checks that the two really differ, so a switch to textbook backpropagation
    would be caught.
    """
    rate = 0.5
    net = NeuralNetwork((4, 5, 3, 2), rate, rng=3)
    inputs, targets = small_data(1, 4, 2)
    x, t = inputs[0], targets[0]
    outputs = [x]
    for weights in net.weights:
        outputs.append(plain_sigmoid(weights @ outputs[-1]))
    errors = [None] * len(outputs)
    errors[-1] = t - outputs[-1]
    for i in range(len(net.weights) - 1, 0, -1):
        errors[i] = net.weights[i].T @ errors[i + 1]
    changes = weight_changes(net, lambda n: n.train(x, t))

    for i in range(len(net.weights) - 1):
        layer_targets = outputs[i + 1] + errors[i + 1]  # what this layer is pushed towards

        def layer_error(weights_i, i=i, layer_targets=layer_targets):
            return 0.5 * np.sum((layer_targets - plain_sigmoid(weights_i @ outputs[i])) ** 2)

        gradient = _central_differences(layer_error, net.weights[i])
        np.testing.assert_allclose(changes[i], -rate * gradient, rtol=1e-6, atol=1e-12)

    def full_error(weights_0):
        trial = NeuralNetwork.from_weights([weights_0] + net.weights[1:], rate)
        return 0.5 * np.sum((t - trial.query(x)) ** 2)

    true_step = -rate * _central_differences(full_error, net.weights[0])
    assert not np.allclose(changes[0], true_step, rtol=1e-3)


def _central_differences(function, matrix, h=1e-6):
    gradient = np.zeros_like(matrix, dtype=np.float64)
    for index in np.ndindex(matrix.shape):
        up, down = matrix.astype(np.float64), matrix.astype(np.float64)
        up[index] += h
        down[index] -= h
        gradient[index] = (function(up) - function(down)) / (2 * h)
    return gradient


def test_hidden_errors_use_the_weights_before_the_update():
    """If the output weights were changed first, the hidden update would differ."""
    net = NeuralNetwork.from_weights([W_INPUT_HIDDEN, W_HIDDEN_OUTPUT], learning_rate=0.9)
    x, t = np.array(WORKED_INPUTS), np.array([0.01, 0.01, 0.99])
    hidden = plain_sigmoid(np.array(W_INPUT_HIDDEN) @ x)
    out = plain_sigmoid(np.array(W_HIDDEN_OUTPUT) @ hidden)
    e_hidden_old = np.array(W_HIDDEN_OUTPUT).T @ (t - out)
    expected = np.array(W_INPUT_HIDDEN) + 0.9 * np.outer(e_hidden_old * hidden * (1 - hidden), x)
    net.train(x, t)
    np.testing.assert_allclose(net.wih, expected, rtol=1e-12)


def test_training_updates_the_weight_arrays_in_place():
    net = NeuralNetwork((5, 4, 3), 0.3, rng=0)
    arrays = list(net.weights)
    inputs, targets = small_data(40, 5, 3)
    net.train(inputs[0], targets[0])
    net.train_batch(inputs[:8], targets[:8])
    net.train_records(inputs, targets, block_size=16)
    assert all(a is b for a, b in zip(arrays, net.weights))


def test_a_replaced_weight_array_that_cannot_be_updated_in_place_is_refused():
    net = NeuralNetwork((5, 4, 3), 0.3, rng=0)
    net.weights[0] = np.asfortranarray(net.weights[0])  # same numbers, column-major layout
    inputs, targets = small_data(1, 5, 3)
    with pytest.raises(ValueError, match="in place"):
        net.train(inputs[0], targets[0])


# --------------------------------------------------------------------------- mini-batches and blocks


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_batch_of_one_equals_train(dtype):
    inputs, targets = small_data(30, 6, 3)
    one_at_a_time = NeuralNetwork((6, 5, 3), 0.3, rng=2, dtype=dtype)
    batches_of_one = NeuralNetwork((6, 5, 3), 0.3, rng=2, dtype=dtype)
    for x, t in zip(inputs, targets):
        errors = one_at_a_time.train(x, t)
        batch_errors = batches_of_one.train_batch(x[np.newaxis], t[np.newaxis])
        np.testing.assert_allclose(batch_errors[0], errors, rtol=1e-6 if dtype == np.float32 else 1e-12)
    for a, b in zip(one_at_a_time.weights, batches_of_one.weights):
        np.testing.assert_allclose(a, b, rtol=1e-5 if dtype == np.float32 else 1e-12, atol=1e-7)


def test_batch_step_is_the_mean_of_the_single_record_steps():
    net = NeuralNetwork((6, 5, 4, 3), 0.3, rng=4)
    inputs, targets = small_data(7, 6, 3)
    per_record = [weight_changes(net, lambda n, x=x, t=t: n.train(x, t)) for x, t in zip(inputs, targets)]
    expected = [np.mean([changes[i] for changes in per_record], axis=0) for i in range(3)]
    batch_changes = weight_changes(net, lambda n: n.train_batch(inputs, targets))
    for got, want in zip(batch_changes, expected):
        np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-15)
    errors = copy.deepcopy(net).train_batch(inputs, targets)
    np.testing.assert_allclose(errors, targets - net.query_batch(inputs), rtol=1e-12)


@pytest.mark.parametrize("layer_sizes", [(6, 5, 3), (6, 3), (6, 5, 4, 3)])
@pytest.mark.parametrize("block_size", [1, 4, 7, 32, 100])
def test_train_records_equals_train_record_after_record(layer_sizes, block_size):
    inputs, targets = small_data(45, layer_sizes[0], layer_sizes[-1])
    looped = NeuralNetwork(layer_sizes, 0.4, rng=5)
    blocked = NeuralNetwork(layer_sizes, 0.4, rng=5)
    expected_errors = np.array([looped.train(x, t) for x, t in zip(inputs, targets)])
    errors = blocked.train_records(inputs, targets, block_size=block_size)
    np.testing.assert_allclose(errors, expected_errors, rtol=1e-10, atol=1e-13)
    for a, b in zip(looped.weights, blocked.weights):
        np.testing.assert_allclose(b, a, rtol=1e-10, atol=1e-13)


# --------------------------------------------------------------------------- learning


@pytest.mark.parametrize(("low", "high"), [(0.01, 0.99), (0.1, 0.9)])
def test_two_two_one_network_learns_xor(low, high):
    """Without bias nodes a 2-2-1 network solves XOR only from some starting weights
    (here 1 seed in 20 tried), so the seed is chosen; the wider net below needs no luck."""
    inputs = np.array([[low, low], [low, high], [high, low], [high, high]])
    targets = np.array([[low], [high], [high], [low]])
    net = NeuralNetwork((2, 2, 1), 0.3, rng=12)
    before = net.query_batch(inputs)[:, 0]
    net.train_records(np.tile(inputs, (3000, 1)), np.tile(targets, (3000, 1)))
    outputs = net.query_batch(inputs)[:, 0]
    assert not np.array_equal(before > 0.5, targets[:, 0] > 0.5)
    np.testing.assert_array_equal(outputs > 0.5, targets[:, 0] > 0.5)


@pytest.mark.parametrize("seed", range(5))
def test_a_wider_network_learns_xor_from_any_seed(seed):
    inputs = np.array([[0.1, 0.1], [0.1, 0.9], [0.9, 0.1], [0.9, 0.9]])
    targets = np.array([[0.1], [0.9], [0.9], [0.1]])
    net = NeuralNetwork((2, 8, 1), 0.3, rng=seed)
    net.train_records(np.tile(inputs, (3000, 1)), np.tile(targets, (3000, 1)))
    np.testing.assert_array_equal(net.query_batch(inputs)[:, 0] > 0.5, targets[:, 0] > 0.5)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_both_dtypes_train_and_agree(dtype):
    inputs, _ = small_data(200, 8, 4)
    targets = NeuralNetwork((8, 6, 4), 0.5, rng=99).query_batch(inputs)  # a learnable task
    net = NeuralNetwork((8, 6, 4), 0.5, rng=9, dtype=dtype)
    reference = NeuralNetwork((8, 6, 4), 0.5, rng=9, dtype=np.float64)
    error_before = np.mean((targets - net.query_batch(inputs)) ** 2)
    for _ in range(20):
        net.train_records(inputs, targets)
        reference.train_records(inputs, targets)
    error_after = np.mean((targets - net.query_batch(inputs)) ** 2)
    assert all(w.dtype == dtype for w in net.weights)
    assert error_after < 0.5 * error_before
    for w, w_ref in zip(net.weights, reference.weights):
        np.testing.assert_allclose(w, w_ref, atol=1e-3)


# --------------------------------------------------------------------------- back query


def test_backquery_by_hand_on_the_worked_example():
    net = NeuralNetwork.from_weights([W_INPUT_HIDDEN, W_HIDDEN_OUTPUT], learning_rate=0.3)
    targets = np.array([0.01, 0.99, 0.01])

    def stretch(v):
        v = v - v.min()
        return v / v.max() * 0.98 + 0.01

    hidden = stretch(np.array(W_HIDDEN_OUTPUT).T @ np.log(targets / (1 - targets)))
    expected = stretch(np.array(W_INPUT_HIDDEN).T @ np.log(hidden / (1 - hidden)))
    np.testing.assert_allclose(net.backquery(1), expected, rtol=1e-12)
    np.testing.assert_allclose(net.backquery(targets), expected, rtol=1e-12)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_backquery_shape_and_range(dtype):
    net = NeuralNetwork((784, 30, 10), 0.1, rng=0, dtype=dtype)
    for label in range(10):
        image = net.backquery(label)
        assert image.shape == (784,)
        assert image.min() == pytest.approx(0.01) and image.max() == pytest.approx(0.99)


def test_backquery_with_nothing_to_stretch_gives_the_middle_value():
    # Identical columns send the same value back to every input node.
    net = NeuralNetwork.from_weights([np.ones((2, 3)), np.ones((2, 2))], 0.1)
    np.testing.assert_allclose(net.backquery(0), [0.5, 0.5, 0.5])


@pytest.mark.parametrize("bad", [-1, 3, [0.5, 0.5], [0.0, 0.5, 0.5], "1"])
def test_backquery_refuses_bad_labels_and_targets(bad):
    net = NeuralNetwork((4, 3, 3), 0.1, rng=0)
    with pytest.raises(ValueError):
        net.backquery(bad)


# --------------------------------------------------------------------------- saving and loading


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_save_and_load_round_trip(tmp_path, dtype):
    net = NeuralNetwork((7, 5, 4, 3), 0.25, rng=11, dtype=dtype)
    path = tmp_path / "net.npz"
    net.save(path)
    loaded = NeuralNetwork.load(path)
    assert loaded.layer_sizes == net.layer_sizes
    assert loaded.learning_rate == 0.25
    assert loaded.dtype == dtype
    for a, b in zip(net.weights, loaded.weights):
        assert b.dtype == dtype
        np.testing.assert_array_equal(a, b)
    x = np.linspace(0.01, 1.0, 7)
    np.testing.assert_array_equal(loaded.query(x), net.query(x))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["net.npz"]  # no temporary file left


def test_save_replaces_an_existing_file(tmp_path):
    path = tmp_path / "net.npz"
    NeuralNetwork((3, 2, 2), 0.1, rng=0).save(path)
    newer = NeuralNetwork((3, 4, 2), 0.2, rng=1)
    newer.save(path)
    assert NeuralNetwork.load(path).layer_sizes == (3, 4, 2)


def _saved_arrays(net):
    arrays = {
        "layer_sizes": np.array(net.layer_sizes),
        "learning_rate": np.array(net.learning_rate),
        "dtype": np.array(net.dtype.name),
    }
    arrays.update({f"weights_{i}": w for i, w in enumerate(net.weights)})
    return arrays


def test_load_refuses_garbage(tmp_path):
    path = tmp_path / "garbage.npz"
    path.write_bytes(os.urandom(500))
    with pytest.raises(ValueError, match="not a saved network"):
        NeuralNetwork.load(path)


def test_load_refuses_a_truncated_file(tmp_path):
    path = tmp_path / "net.npz"
    NeuralNetwork((30, 20, 10), 0.1, rng=0).save(path)
    path.write_bytes(path.read_bytes()[:300])
    with pytest.raises(ValueError, match="not a saved network|cannot be read"):
        NeuralNetwork.load(path)


def test_load_refuses_pickled_objects(tmp_path):
    net = NeuralNetwork((3, 2, 2), 0.1, rng=0)
    arrays = _saved_arrays(net)
    arrays["weights_0"] = np.array([object(), "code could hide here"], dtype=object)
    path = tmp_path / "pickled.npz"
    np.savez(path, **arrays)
    with zipfile.ZipFile(path) as archive:  # the object array really is a pickle inside
        assert "weights_0.npy" in archive.namelist()
    with pytest.raises(ValueError, match="pickled"):
        NeuralNetwork.load(path)


@pytest.mark.parametrize("missing", ["layer_sizes", "learning_rate", "dtype", "weights_1"])
def test_load_refuses_missing_entries(tmp_path, missing):
    arrays = _saved_arrays(NeuralNetwork((3, 2, 2), 0.1, rng=0))
    del arrays[missing]
    path = tmp_path / "missing.npz"
    np.savez(path, **arrays)
    with pytest.raises(ValueError, match=f"no '{missing}' entry"):
        NeuralNetwork.load(path)


def test_load_refuses_wrong_shapes(tmp_path):
    arrays = _saved_arrays(NeuralNetwork((3, 2, 2), 0.1, rng=0))
    arrays["weights_1"] = np.zeros((2, 3))
    path = tmp_path / "shapes.npz"
    np.savez(path, **arrays)
    with pytest.raises(ValueError, match=r"weights_1 has shape \(2, 3\).*need \(2, 2\)"):
        NeuralNetwork.load(path)


def test_load_refuses_a_single_array_file(tmp_path):
    path = tmp_path / "weights.npy"
    np.save(path, np.zeros((2, 3)))
    with pytest.raises(ValueError, match="single array"):
        NeuralNetwork.load(path)


def test_load_of_a_missing_file_says_so(tmp_path):
    with pytest.raises(FileNotFoundError):
        NeuralNetwork.load(tmp_path / "nothing.npz")


# --------------------------------------------------------------------------- validation


def test_inputs_of_the_wrong_length_are_refused():
    net = NeuralNetwork((784, 10, 10), 0.1, rng=0)
    with pytest.raises(ValueError, match="expected 784 input values, got 783"):
        net.query(np.zeros(783))
    with pytest.raises(ValueError, match="expected 10 target values, got 9"):
        net.train(np.zeros(784), np.zeros(9))
    with pytest.raises(ValueError, match="query_batch"):
        net.query(np.zeros((2, 784)))
    with pytest.raises(ValueError, match="784 input values per record, got 783"):
        net.query_batch(np.zeros((2, 783)))
    with pytest.raises(ValueError, match="2 input records but 3 target records"):
        net.train_batch(np.zeros((2, 784)), np.zeros((3, 10)))
    with pytest.raises(ValueError, match="2 input records but 3 target records"):
        net.train_records(np.zeros((2, 784)), np.zeros((3, 10)))
    with pytest.raises(ValueError, match="at least one record"):
        net.train_batch(np.zeros((0, 784)), np.zeros((0, 10)))
    with pytest.raises(ValueError, match="block_size"):
        net.train_records(np.zeros((2, 784)), np.zeros((2, 10)), block_size=0)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (dict(layer_sizes=[784]), "at least 2 layers"),
        (dict(layer_sizes=[784, 0, 10]), "whole number of nodes"),
        (dict(layer_sizes=[784, 2.5, 10]), "whole number of nodes"),
        (dict(learning_rate=0.0), "positive"),
        (dict(learning_rate=float("inf")), "positive"),
        (dict(learning_rate=None), "positive"),
        (dict(dtype=np.int64), "float64 or numpy.float32"),
        (dict(dtype=np.float16), "float64 or numpy.float32"),
        (dict(init="uniform"), "init must be one of"),
    ],
)
def test_bad_settings_are_refused(arguments, message):
    settings = dict(layer_sizes=[4, 3, 2], learning_rate=0.1) | arguments
    layer_sizes, learning_rate = settings.pop("layer_sizes"), settings.pop("learning_rate")
    with pytest.raises(ValueError, match=message):
        NeuralNetwork(layer_sizes, learning_rate, **settings)


def test_from_weights_checks_that_the_shapes_chain():
    with pytest.raises(ValueError, match="weights\\[1\\] has 4 columns but weights\\[0\\] has 3 rows"):
        NeuralNetwork.from_weights([np.zeros((3, 5)), np.zeros((2, 4))], 0.1)
    with pytest.raises(ValueError, match="2-D"):
        NeuralNetwork.from_weights([np.zeros(3)], 0.1)
    with pytest.raises(ValueError, match="at least one"):
        NeuralNetwork.from_weights([], 0.1)
    single = NeuralNetwork.from_weights([np.zeros((3, 5), dtype=np.float32)], 0.1)
    assert single.dtype == np.float32


def test_wih_and_who_only_exist_for_three_layers():
    net = NeuralNetwork((5, 4, 3, 2), 0.1, rng=0)
    with pytest.raises(AttributeError, match="3-layer"):
        _ = net.wih
    with pytest.raises(AttributeError, match="3-layer"):
        _ = net.who


def test_learning_rate_can_change_between_epochs_but_stays_valid():
    net = NeuralNetwork((4, 3, 2), 0.3, rng=0)
    net.learning_rate = 0.1
    assert net.learning_rate == 0.1
    with pytest.raises(ValueError):
        net.learning_rate = -1
    assert "learning_rate=0.1" in repr(net)


def test_networks_can_be_copied_and_pickled():
    import pickle

    net = NeuralNetwork((4, 3, 2), 0.3, rng=0)
    twin = pickle.loads(pickle.dumps(net))
    twin.train([0.1, 0.2, 0.3, 0.4], [0.9, 0.1])
    assert not np.array_equal(twin.weights[0], net.weights[0])  # the copy is independent
    np.testing.assert_array_equal(copy.deepcopy(net).weights[1], net.weights[1])


def test_save_writes_where_it_is_told(tmp_path):
    net = NeuralNetwork((4, 3, 2), 0.3, rng=0)
    target = Path(tmp_path) / "no_suffix"
    net.save(target)
    assert target.is_file() and NeuralNetwork.load(target).layer_sizes == (4, 3, 2)


# --------------------------------------------------------------------------- bad numbers are refused


def _train_one(net, inputs, targets):
    return net.train(inputs[0], targets[0])


def _train_plainly(net, inputs, targets):
    net.fast = False
    return net.train(inputs[0], targets[0])


TRAINING_CALLS = {
    "train": _train_one,
    "train (plain code)": _train_plainly,
    "train_records": lambda net, inputs, targets: net.train_records(inputs, targets),
    "train_batch": lambda net, inputs, targets: net.train_batch(inputs, targets),
}


@pytest.mark.parametrize("call", TRAINING_CALLS)
@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -float("inf")])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_training_refuses_non_finite_inputs_and_leaves_the_weights_alone(call, bad, dtype):
    net = NeuralNetwork((6, 5, 3), 0.3, rng=0, dtype=dtype)
    before = copy.deepcopy(net.weights)
    inputs, targets = small_data(4, 6, 3)
    inputs[0, 2] = bad  # the first record, so that every call sees it
    with pytest.raises(ValueError, match="inputs contain NaN or infinity"):
        TRAINING_CALLS[call](net, inputs, targets)
    for now, then in zip(net.weights, before):
        np.testing.assert_array_equal(now, then)


@pytest.mark.parametrize("call", TRAINING_CALLS)
@pytest.mark.parametrize(
    ("bad", "message"),
    [(float("nan"), "NaN or infinity"), (float("inf"), "NaN or infinity"), (-0.01, "from -0.01 to"), (1.5, "to 1.5")],
)
def test_training_refuses_targets_outside_zero_to_one(call, bad, message):
    net = NeuralNetwork((6, 5, 3), 0.3, rng=0)
    before = copy.deepcopy(net.weights)
    inputs, targets = small_data(4, 6, 3)
    targets[0, 1] = bad
    with pytest.raises(ValueError, match=f"targets must be numbers from 0 to 1.*{message}"):
        TRAINING_CALLS[call](net, inputs, targets)
    for now, then in zip(net.weights, before):
        np.testing.assert_array_equal(now, then)


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("call", TRAINING_CALLS)
def test_training_accepts_targets_of_exactly_zero_and_one_and_huge_finite_inputs(call):
    """The edges of the allowed range, and inputs whose sum of squares overflows although each is finite."""
    net = NeuralNetwork((6, 5, 3), 0.3, rng=0)
    inputs, targets = small_data(4, 6, 3)
    targets[:, 0], targets[:, 1] = 0.0, 1.0
    TRAINING_CALLS[call](net, inputs, targets)
    inputs[:] = 1e200  # squares and sums overflow; the values themselves are fine
    TRAINING_CALLS[call](net, inputs, targets)


@pytest.mark.parametrize("rate", [True, False, np.True_, float("nan"), -float("inf"), -0.1, "fast"])
def test_learning_rates_that_are_not_positive_numbers_are_refused(rate):
    with pytest.raises(ValueError, match="learning_rate must be a positive number"):
        NeuralNetwork((4, 3, 2), rate)
    net = NeuralNetwork((4, 3, 2), 0.3)
    with pytest.raises(ValueError, match="learning_rate must be a positive number"):
        net.learning_rate = rate
    with pytest.raises(ValueError, match="learning_rate must be a positive number"):
        NeuralNetwork.from_weights(net.weights, rate)
    assert net.learning_rate == 0.3
    assert NeuralNetwork((4, 3, 2), np.float32(0.5)).learning_rate == 0.5  # numpy numbers are fine
    assert NeuralNetwork((4, 3, 2), 1).learning_rate == 1.0


@pytest.mark.parametrize("bad", [float("nan"), float("inf")])
def test_a_network_with_non_finite_weights_is_not_saved(tmp_path, bad):
    net = NeuralNetwork((4, 3, 2), 0.3, rng=0)
    net.weights[1][0, 0] = bad
    path = tmp_path / "ruined.npz"
    with pytest.raises(ValueError, match=r"not saved: weights\[1\] holds NaN or infinite values"):
        net.save(path)
    assert list(tmp_path.iterdir()) == []  # neither the file nor a temporary one


def test_a_file_with_non_finite_weights_is_not_loaded(tmp_path):
    arrays = _saved_arrays(NeuralNetwork((3, 2, 2), 0.1, rng=0))
    arrays["weights_0"] = arrays["weights_0"].copy()
    arrays["weights_0"][1, 1] = np.nan
    path = tmp_path / "ruined.npz"
    np.savez(path, **arrays)
    with pytest.raises(ValueError, match="weights_0 holds NaN or infinite values"):
        NeuralNetwork.load(path)
