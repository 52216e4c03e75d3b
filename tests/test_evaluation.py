"""Tests for nnbook.evaluation against cases worked out by hand."""

from __future__ import annotations

import numpy as np
import pytest

from nnbook.evaluation import accuracy, confusion_matrix, evaluate, predict, scorecard
from nnbook.network import NeuralNetwork


def sorting_hat():
    """A 3-input, 3-output network whose answer is the position of the largest input.

    With weights 10 * identity each output is sigmoid(10 * input), which keeps the
    order of the inputs, so the argmax is known without running the network.
    """
    return NeuralNetwork.from_weights([10 * np.eye(3)], learning_rate=0.1)


RECORDS = np.array([[0.9, 0.1, 0.2], [0.1, 0.8, 0.3], [0.2, 0.3, 0.7], [0.6, 0.5, 0.1]])
ANSWERS = [0, 1, 2, 0]


def test_predict_takes_the_largest_output():
    np.testing.assert_array_equal(predict(sorting_hat(), RECORDS), ANSWERS)


def test_scorecard_marks_right_answers_with_one():
    card = scorecard(sorting_hat(), RECORDS, [0, 1, 0, 2])
    np.testing.assert_array_equal(card, [1, 1, 0, 0])
    assert np.issubdtype(card.dtype, np.integer)
    assert evaluate(sorting_hat(), RECORDS, [0, 1, 0, 2]) == 0.5


def test_accuracy_is_the_fraction_right():
    assert accuracy([7, 2, 1, 0], [7, 2, 1, 4]) == 0.75
    assert accuracy(np.array([3.0, 5.0]), [3, 5]) == 1.0
    with pytest.raises(ValueError, match="at least one record"):
        accuracy([], [])
    with pytest.raises(ValueError, match="3 records but labels has 2"):
        accuracy([1, 2, 3], [1, 2])
    with pytest.raises(ValueError, match="whole numbers"):
        accuracy([1.5], [1])


def test_confusion_matrix_by_hand():
    labels = [0, 0, 1, 2, 2, 2]
    predictions = [0, 1, 1, 2, 0, 2]
    expected = np.array(
        [
            [1, 1, 0],  # two true 0s: one read as 0, one as 1
            [0, 1, 0],  # one true 1, read correctly
            [1, 0, 2],  # three true 2s: one read as 0
        ]
    )
    matrix = confusion_matrix(labels, predictions, n_classes=3)
    np.testing.assert_array_equal(matrix, expected)
    assert matrix.sum() == 6 and np.trace(matrix) == 4


def test_confusion_matrix_defaults_to_ten_digits():
    matrix = confusion_matrix([4, 4, 9], [9, 4, 9])
    assert matrix.shape == (10, 10)
    assert matrix[4, 9] == 1 and matrix[4, 4] == 1 and matrix[9, 9] == 1 and matrix.sum() == 3


@pytest.mark.parametrize(
    ("labels", "predictions", "message"),
    [
        ([0, 10], [0, 1], "labels must lie in 0..9"),
        ([0, 1], [0, -1], "predictions must lie in 0..9"),
        ([0, 1, 2], [0, 1], "3 records but predictions has 2"),
        ([[0, 1]], [[0, 1]], "1-D"),
    ],
)
def test_confusion_matrix_refuses_bad_input(labels, predictions, message):
    with pytest.raises(ValueError, match=message):
        confusion_matrix(labels, predictions)
