"""Scoring a trained network on records it has not seen.

The network's answer for a record is the output node with the largest signal
(``argmax``); the book's *scorecard* holds a 1 for each right answer and a 0 for
each wrong one, and the accuracy is the fraction of 1s.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from nnbook.checks import whole_number
from nnbook.network import NeuralNetwork

__all__ = [
    "predict",
    "scorecard",
    "accuracy",
    "evaluate",
    "confusion_matrix",
]


def predict(net: NeuralNetwork, inputs: ArrayLike) -> np.ndarray:
    """The network's answer for each record: index of the largest output, shape ``(n,)``.

    ``inputs`` are scaled records, shape ``(n, n_inputs)``.
    """
    return np.argmax(net.query_batch(inputs), axis=1)


def scorecard(net: NeuralNetwork, inputs: ArrayLike, labels: ArrayLike) -> np.ndarray:
    """The book's scorecard: 1 where the network's answer equals the label, else 0; shape ``(n,)``."""
    predictions = predict(net, inputs)
    correct = _as_labels(labels, "labels")
    _check_same_length(predictions, correct, "inputs", "labels")
    return (predictions == correct).astype(np.int64)


def accuracy(predictions: ArrayLike, labels: ArrayLike) -> float:
    """Fraction of ``predictions`` equal to ``labels``, from 0.0 to 1.0 (the mean of the scorecard)."""
    guesses = _as_labels(predictions, "predictions")
    correct = _as_labels(labels, "labels")
    _check_same_length(guesses, correct, "predictions", "labels")
    if guesses.size == 0:
        raise ValueError("accuracy needs at least one record; got none")
    return float(np.mean(guesses == correct))


def evaluate(net: NeuralNetwork, inputs: ArrayLike, labels: ArrayLike) -> float:
    """Test accuracy in one call: ``accuracy(predict(net, inputs), labels)``."""
    return accuracy(predict(net, inputs), labels)


def confusion_matrix(labels: ArrayLike, predictions: ArrayLike, n_classes: int = 10) -> np.ndarray:
    """Counts of (true label, answer) pairs, shape ``(n_classes, n_classes)``.

    Row ``i`` is the true label ``i`` and column ``j`` the network's answer ``j``:
    the diagonal holds the right answers, and e.g. ``[4, 9]`` counts 4s read as 9s.
    """
    n_classes = whole_number(n_classes, "n_classes")
    truth = _as_labels(labels, "labels")
    guesses = _as_labels(predictions, "predictions")
    _check_same_length(truth, guesses, "labels", "predictions")
    for values, name in ((truth, "labels"), (guesses, "predictions")):
        outside = values[(values < 0) | (values >= n_classes)]
        if outside.size:
            raise ValueError(
                f"{name} must lie in 0..{n_classes - 1} for n_classes={n_classes}; found {int(outside[0])}"
            )
    counts = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(counts, (truth, guesses), 1)
    return counts


def _as_labels(values: ArrayLike, name: str) -> np.ndarray:
    """A 1-D array of whole-number labels (floats like 3.0 are accepted, 3.5 is not)."""
    array = np.asarray(values)
    if array.ndim != 1:
        raise ValueError(f"{name} must be a 1-D sequence of labels, got shape {array.shape}")
    if array.dtype == bool:
        return array.astype(np.int64)
    if np.issubdtype(array.dtype, np.integer):
        return array.astype(np.int64, copy=False)
    if np.issubdtype(array.dtype, np.floating) and np.all(np.isfinite(array)) and np.all(array == np.round(array)):
        return array.astype(np.int64)
    raise ValueError(f"{name} must be whole numbers (class labels), got dtype {array.dtype}")


def _check_same_length(first: np.ndarray, second: np.ndarray, first_name: str, second_name: str) -> None:
    if first.shape[0] != second.shape[0]:
        raise ValueError(
            f"{first_name} has {first.shape[0]} records but {second_name} has {second.shape[0]}; "
            "they must be the same records in the same order"
        )
