"""Tests for nnbook.training: the loops must equal the network's own steps, in the stated order."""

from __future__ import annotations

import gzip

import numpy as np
import pytest

from nnbook.network import NeuralNetwork
from nnbook.training import fit, train_epoch


def small_task(n_records=300, n_inputs=6, n_outputs=3, seed=0):
    rng = np.random.default_rng(seed)
    inputs = rng.uniform(0.01, 1.0, size=(n_records, n_inputs))
    targets = rng.uniform(0.01, 0.99, size=(n_records, n_outputs))
    return inputs, targets


def assert_same_weights(a, b, rtol=1e-10):
    for wa, wb in zip(a.weights, b.weights):
        np.testing.assert_allclose(wa, wb, rtol=rtol, atol=1e-13)


def test_one_record_at_a_time_in_stored_order():
    inputs, targets = small_task(n_records=2500)  # more than one internal call
    net = NeuralNetwork((6, 5, 3), 0.3, rng=1)
    expected = NeuralNetwork((6, 5, 3), 0.3, rng=1)
    train_epoch(net, inputs, targets)
    for x, t in zip(inputs, targets):
        expected.train(x, t)
    assert_same_weights(net, expected)


def test_shuffled_order_is_the_permutation_of_the_given_generator():
    inputs, targets = small_task()
    net = NeuralNetwork((6, 5, 3), 0.3, rng=1)
    expected = NeuralNetwork((6, 5, 3), 0.3, rng=1)
    train_epoch(net, inputs, targets, rng=np.random.default_rng(5))
    for index in np.random.default_rng(5).permutation(len(inputs)):
        expected.train(inputs[index], targets[index])
    assert_same_weights(net, expected)
    unshuffled = NeuralNetwork((6, 5, 3), 0.3, rng=1)
    train_epoch(unshuffled, inputs, targets)
    assert not np.allclose(unshuffled.weights[0], net.weights[0])


@pytest.mark.parametrize("batch_size", [2, 7, 64, 5000])
def test_mini_batches_are_consecutive_slices(batch_size):
    inputs, targets = small_task(n_records=2100)
    net = NeuralNetwork((6, 5, 3), 2.0, rng=1)
    expected = NeuralNetwork((6, 5, 3), 2.0, rng=1)
    train_epoch(net, inputs, targets, batch_size=batch_size)
    for start in range(0, len(inputs), batch_size):  # the last batch may be shorter
        expected.train_batch(inputs[start : start + batch_size], targets[start : start + batch_size])
    assert_same_weights(net, expected)


def test_fit_is_train_epoch_repeated_with_one_generator():
    inputs, targets = small_task()
    net = NeuralNetwork((6, 5, 3), 0.3, rng=1)
    expected = NeuralNetwork((6, 5, 3), 0.3, rng=1)
    fit(net, inputs, targets, epochs=3, batch_size=4, rng=11)
    generator = np.random.default_rng(11)
    for _ in range(3):
        train_epoch(expected, inputs, targets, batch_size=4, rng=generator)
    assert_same_weights(net, expected)


def test_progress_bar_shows_its_label(capsys):
    inputs, targets = small_task()
    net = NeuralNetwork((6, 5, 3), 0.3, rng=1)
    fit(net, inputs, targets, epochs=2, progress="warming up")
    shown = capsys.readouterr().err
    assert "warming up (epoch 1/2)" in shown and "warming up (epoch 2/2)" in shown
    train_epoch(net, inputs, targets)
    assert capsys.readouterr().err == ""  # no bar unless asked


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (dict(inputs=np.zeros((5, 4))), r"inputs must have shape \(n, 6\)"),
        (dict(targets=np.zeros((5, 2))), r"targets must have shape \(n, 3\)"),
        (dict(targets=np.zeros((4, 3))), "5 input records but 4 target records"),
        (dict(batch_size=0), "batch_size must be a whole number"),
        (dict(batch_size=2.5), "batch_size must be a whole number"),
    ],
)
def test_bad_arguments_are_refused(arguments, message):
    net = NeuralNetwork((6, 5, 3), 0.3, rng=1)
    settings = dict(inputs=np.zeros((5, 6)), targets=np.zeros((5, 3))) | arguments
    with pytest.raises(ValueError, match=message):
        train_epoch(net, settings.pop("inputs"), settings.pop("targets"), **settings)
    with pytest.raises(ValueError, match="epochs must be a whole number"):
        fit(net, np.zeros((5, 6)), np.zeros((5, 3)), epochs=0)


def _read_idx(path, offset):
    with gzip.open(path) as file:
        return np.frombuffer(file.read(), dtype=np.uint8, offset=offset)


def test_a_short_run_on_real_digits_learns(mnist_dir):
    """784-100-10, lr 0.3, one pass over the first 2,000 training digits: most of the
    first 1,000 test digits are then read correctly (chance would be about 10%)."""
    train_labels = _read_idx(mnist_dir / "train-labels-idx1-ubyte.gz", 8)[:2000]
    train_images = _read_idx(mnist_dir / "train-images-idx3-ubyte.gz", 16).reshape(-1, 784)[:2000]
    test_labels = _read_idx(mnist_dir / "t10k-labels-idx1-ubyte.gz", 8)[:1000]
    test_images = _read_idx(mnist_dir / "t10k-images-idx3-ubyte.gz", 16).reshape(-1, 784)[:1000]
    inputs = train_images / 255 * 0.99 + 0.01
    targets = np.full((2000, 10), 0.01)
    targets[np.arange(2000), train_labels] = 0.99
    net = NeuralNetwork((784, 100, 10), 0.3, rng=0)
    train_epoch(net, inputs, targets)
    answers = np.argmax(net.query_batch(test_images / 255 * 0.99 + 0.01), axis=1)
    assert np.mean(answers == test_labels) > 0.8
