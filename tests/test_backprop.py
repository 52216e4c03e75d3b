"""The sums of Part 1 reproduce the worked examples of the text, checked by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from nnbook.figures.part1.backprop import (
    LAYERS_OUTPUT_ERRORS,
    LAYERS_W_HIDDEN_OUTPUT,
    LAYERS_W_INPUT_HIDDEN,
    SIGNALS_INPUTS,
    SIGNALS_WEIGHTS,
    THREE_LAYER_INPUTS,
    THREE_LAYER_W_HIDDEN_OUTPUT,
    THREE_LAYER_W_INPUT_HIDDEN,
    backpropagate_errors,
    combined_inputs,
    count_weights,
    error_fractions,
    forward_three_layer,
    layer_outputs,
    sigmoid,
    split_equally,
    split_errors,
)


def test_sigmoid_known_values_and_range() -> None:
    assert sigmoid(0.0) == 0.5
    assert sigmoid(1.05) == pytest.approx(1 / (1 + 0.3499), abs=1e-4)  # e^-1.05 = 0.3499 by hand
    big = sigmoid([-50.0, 50.0])
    assert 0 < big[0] < 1e-20 and big[1] == pytest.approx(1.0) and big[1] <= 1.0


# --- 1.7 Following signals ---


def test_two_by_two_network_by_hand() -> None:
    """Node 1: 1.0*0.9 + 0.5*0.3 = 1.05 -> 0.7408; node 2: 1.0*0.2 + 0.5*0.8 = 0.6 -> 0.6457."""
    x = combined_inputs(SIGNALS_WEIGHTS, SIGNALS_INPUTS)
    assert x == pytest.approx([1.05, 0.6])
    assert layer_outputs(SIGNALS_WEIGHTS, SIGNALS_INPUTS) == pytest.approx([0.7408, 0.6457], abs=5e-5)


def test_weight_matrix_rows_are_receiving_nodes() -> None:
    """W[k, j] = w_{j,k}: only the link from input 2 to node 1 carries a signal here."""
    weights = np.zeros((2, 2))
    weights[0, 1] = 1.0  # w_{2,1}
    assert combined_inputs(weights, [0.0, 3.0]) == pytest.approx([3.0, 0.0])


def test_exercise_answers_of_following_signals() -> None:
    assert layer_outputs(SIGNALS_WEIGHTS, [0.0, 0.0]) == pytest.approx([0.5, 0.5])
    swapped = layer_outputs(SIGNALS_WEIGHTS, [0.5, 1.0])  # x = 0.75 and 0.9 by hand
    assert swapped == pytest.approx([1 / (1 + math.exp(-0.75)), 1 / (1 + math.exp(-0.9))])
    cut = np.array(SIGNALS_WEIGHTS)
    cut[0, 1] = 0.0  # w_{2,1} = 0: node 1 only hears input 1
    assert layer_outputs(cut, SIGNALS_INPUTS)[0] == pytest.approx(1 / (1 + math.exp(-0.9)))


def test_shapes_that_do_not_fit_are_refused_with_a_clear_message() -> None:
    with pytest.raises(ValueError, match="3 columns .* 2 input values"):
        combined_inputs(np.ones((2, 3)), [1.0, 2.0])
    with pytest.raises(ValueError, match="must be a matrix"):
        combined_inputs([1.0, 2.0], [1.0, 2.0])


# --- 1.9 A three-layer example ---


def test_three_layer_example_as_printed() -> None:
    """Hidden outputs rounded to three decimals, as by hand: the text's numbers."""
    run = forward_three_layer(
        THREE_LAYER_INPUTS, THREE_LAYER_W_INPUT_HIDDEN, THREE_LAYER_W_HIDDEN_OUTPUT, hidden_decimals=3
    )
    assert run.hidden_inputs == pytest.approx([1.16, 0.42, 0.62])
    assert run.hidden_outputs == pytest.approx([0.761, 0.603, 0.650])
    assert np.round(run.final_inputs, 3) == pytest.approx([0.975, 0.888, 1.254])
    assert np.round(run.final_outputs, 3) == pytest.approx([0.726, 0.708, 0.778])


def test_three_layer_example_at_full_precision() -> None:
    run = forward_three_layer(THREE_LAYER_INPUTS, THREE_LAYER_W_INPUT_HIDDEN, THREE_LAYER_W_HIDDEN_OUTPUT)
    assert np.round(run.final_inputs, 3) == pytest.approx([0.976, 0.889, 1.255])
    assert np.round(run.final_outputs, 3) == pytest.approx([0.726, 0.709, 0.778])
    # The first hidden node by hand: e^-1.16 = 0.3135, 1 / 1.3135 = 0.761.
    assert run.hidden_outputs[0] == pytest.approx(1 / 1.3135, abs=1e-4)


def test_errata_six_the_matrix_not_the_text() -> None:
    """The link input 3 -> hidden 1 is W[0, 2] = 0.4; the 0.1 the text names is input 1 -> hidden 3."""
    weights = np.asarray(THREE_LAYER_W_INPUT_HIDDEN)
    assert weights[0, 2] == 0.4 and weights[2, 0] == 0.1
    assert weights[0, 0] == 0.9 and weights[1, 1] == 0.8
    assert np.asarray(THREE_LAYER_W_HIDDEN_OUTPUT)[2, 2] == 0.9


def test_count_weights() -> None:
    assert count_weights([3, 3, 3]) == 18
    assert count_weights([784, 100, 10]) == 79_400
    with pytest.raises(ValueError, match="two layers"):
        count_weights([5])


# --- 1.10 and 1.11 Sharing an error ---


@pytest.mark.parametrize(
    "weights, fractions",
    [
        ([[3.0, 1.0]], [[0.75, 0.25]]),
        ([[6.0, 3.0]], [[2 / 3, 1 / 3]]),
        ([[4.0, 4.0]], [[0.5, 0.5]]),
    ],
)
def test_fractions_of_the_worked_examples(weights, fractions) -> None:
    assert error_fractions(weights) == pytest.approx(np.array(fractions))


def test_each_output_error_is_split_only_over_its_own_links() -> None:
    """Changing the weights into output 2 leaves the split of output 1's error alone."""
    a = split_errors([[6.0, 3.0], [1.0, 1.0]], [0.9, 0.4])
    b = split_errors([[6.0, 3.0], [5.0, 0.5]], [0.9, 0.4])
    assert a[0] == pytest.approx([0.6, 0.3]) and b[0] == pytest.approx([0.6, 0.3])
    assert a[1] == pytest.approx([0.2, 0.2])


def test_equal_split_ignores_the_weights() -> None:
    assert split_equally([[3.0, 1.0]], [0.8]) == pytest.approx(np.array([[0.4, 0.4]]))
    assert split_equally(np.ones((1, 4)), [1.0]) == pytest.approx(np.full((1, 4), 0.25))


def test_weights_that_add_up_to_zero_cannot_share_an_error() -> None:
    with pytest.raises(ValueError, match="add up to 0.*split_equally"):
        error_fractions([[1.0, -1.0]])
    with pytest.raises(ValueError, match="one error per receiving node"):
        split_errors([[1.0, 2.0]], [0.1, 0.2])


# --- 1.12 Errors through more layers ---


def test_hidden_errors_of_the_worked_example() -> None:
    pieces = split_errors(LAYERS_W_HIDDEN_OUTPUT, LAYERS_OUTPUT_ERRORS)
    assert pieces == pytest.approx(np.array([[0.6, 0.9], [0.1, 0.4]]))
    hidden = backpropagate_errors(LAYERS_W_HIDDEN_OUTPUT, LAYERS_OUTPUT_ERRORS)
    assert hidden == pytest.approx([0.7, 1.3])


def test_one_layer_further_back() -> None:
    hidden = backpropagate_errors(LAYERS_W_HIDDEN_OUTPUT, LAYERS_OUTPUT_ERRORS)
    pieces = split_errors(LAYERS_W_INPUT_HIDDEN, hidden)
    assert pieces == pytest.approx(np.array([[0.42, 0.28], [0.1625, 1.1375]]))
    assert backpropagate_errors(LAYERS_W_INPUT_HIDDEN, hidden) == pytest.approx([0.5825, 1.4175])


def test_text_of_the_figure_forces_the_hidden_weight_three() -> None:
    """The text's 0.9 = 1.5 * w / (2.0 + w) only holds for w = 3.0."""
    assert 1.5 * 3.0 / (2.0 + 3.0) == pytest.approx(0.9)
    assert np.asarray(LAYERS_W_HIDDEN_OUTPUT)[0, 1] == 3.0


def test_sharing_in_proportion_keeps_the_total_error() -> None:
    """Each row of fractions adds to 1, so every layer's errors add up to the same total."""
    rng = np.random.default_rng(0)
    weights = rng.uniform(0.1, 2.0, size=(4, 6))
    errors = rng.normal(size=4)
    assert backpropagate_errors(weights, errors).sum() == pytest.approx(errors.sum())


def test_exercise_swapped_output_errors() -> None:
    assert backpropagate_errors(LAYERS_W_HIDDEN_OUTPUT, [0.5, 1.5]) == pytest.approx([0.5, 1.5])


# --- The exercise answers of the pages, checked by hand ---


def test_exercise_three_layer_second_input_raised() -> None:
    run = forward_three_layer([0.9, 0.9, 0.8], THREE_LAYER_W_INPUT_HIDDEN, THREE_LAYER_W_HIDDEN_OUTPUT)
    assert run.hidden_inputs[1] == pytest.approx(0.2 * 0.9 + 0.8 * 0.9 + 0.2 * 0.8)  # 1.06
    assert run.hidden_outputs[1] == pytest.approx(1 / (1 + math.exp(-1.06)))


@pytest.mark.parametrize(
    "weights, error, pieces",
    [
        ([2.0, 6.0], 0.8, [0.2, 0.6]),
        ([1.0, 2.0, 3.0, 4.0], 2.0, [0.2, 0.4, 0.6, 0.8]),
        ([0.0, 1.0], 0.8, [0.0, 0.8]),
        ([1.0, 4.0], 0.5, [0.1, 0.4]),
        ([6.0, 3.0], -0.9, [-0.6, -0.3]),
    ],
)
def test_exercise_shares(weights, error, pieces) -> None:
    assert split_errors([weights], [error])[0] == pytest.approx(pieces)


def test_exercise_a_hidden_link_of_weight_zero() -> None:
    cut = np.array(LAYERS_W_HIDDEN_OUTPUT)
    cut[0, 1] = 0.0  # hidden 2 -> output 1
    assert backpropagate_errors(cut, LAYERS_OUTPUT_ERRORS) == pytest.approx([1.5 + 0.1, 0.4])
