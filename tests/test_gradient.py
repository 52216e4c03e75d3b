"""The maths of Part 1's last four pages, checked against hand sums and measured slopes.

Hand-computed values come from the worked examples of the curriculum (and its errata);
slopes are checked against finite differences, which know nothing of the formulas.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from nnbook import activation
from nnbook.figures import colours
from nnbook.figures.part1 import (
    backprop_matrices,
    gradient_descent,
    preparing_data,
    update_example,
)


def numeric_slope(f, x: float, h: float = 1e-6) -> float:
    """Central difference: the slope of f at x measured, not derived."""
    return (f(x + h) - f(x - h)) / (2 * h)


# --- the sigmoid ---------------------------------------------------------------------


def test_sigmoid_facts() -> None:
    assert activation.sigmoid(0.0) == 0.5
    assert activation.sigmoid(1.16) == pytest.approx(1 / 1.3135, abs=1e-4)  # 1.9's check: e^-1.16 = 0.3135
    assert isinstance(activation.sigmoid(1.0), float)
    assert activation.sigmoid(np.array([0.0, 0.0])).shape == (2,)


@pytest.mark.parametrize("x", [-6.0, -1.0, 0.0, 0.5, 2.3, 7.0])
def test_sigmoid_slope_matches_a_measured_slope(x: float) -> None:
    assert activation.sigmoid_slope(x) == pytest.approx(numeric_slope(activation.sigmoid, x), abs=1e-8)


def test_sigmoid_slope_is_largest_at_zero() -> None:
    xs = np.linspace(-10, 10, 2001)
    slopes = activation.sigmoid_slope(xs)
    assert xs[np.argmax(slopes)] == pytest.approx(0.0)
    assert slopes.max() == pytest.approx(0.25)


def test_logit_inverts_the_sigmoid_and_refuses_unreachable_targets() -> None:
    assert activation.logit(0.99) == pytest.approx(4.595, abs=1e-3)
    assert activation.logit(0.01) == pytest.approx(-4.595, abs=1e-3)
    for y in (0.01, 0.3, 0.5, 0.99):
        assert activation.sigmoid(activation.logit(y)) == pytest.approx(y)
    for bad in (0.0, 1.0, 1.2):
        with pytest.raises(ValueError, match="strictly between 0 and 1"):
            activation.logit(bad)


# --- 1.13 backpropagation with matrices ---------------------------------------------


def test_hidden_errors_of_the_two_layer_example() -> None:
    """1.12's fractions give 0.7 and 1.3; the matrix shortcut gives 3.5 and 6.5 (erratum 5)."""
    w, e = backprop_matrices.EXAMPLE_WEIGHTS, backprop_matrices.EXAMPLE_ERRORS
    np.testing.assert_allclose(backprop_matrices.hidden_errors_by_fractions(w, e), [0.7, 1.3])
    np.testing.assert_allclose(backprop_matrices.hidden_errors_by_transpose(w, e), [3.5, 6.5])
    # Both outputs' incoming weights add to 5, so the shortcut is exactly 5 times bigger.
    ratio = backprop_matrices.hidden_errors_by_transpose(w, e) / backprop_matrices.hidden_errors_by_fractions(w, e)
    np.testing.assert_allclose(ratio, 5.0)


def test_fractions_one_layer_further_back() -> None:
    """1.12's next layer: input->hidden weights 3.0, 2.0 into hidden 1 and 1.0, 7.0 into hidden 2."""
    w_input_hidden = np.array([[3.0, 2.0], [1.0, 7.0]])
    np.testing.assert_allclose(
        backprop_matrices.hidden_errors_by_fractions(w_input_hidden, [0.7, 1.3]), [0.5825, 1.4175]
    )


def test_shortcut_is_the_transpose_for_non_square_layers() -> None:
    w, e = backprop_matrices.EXERCISE_WEIGHTS, backprop_matrices.EXERCISE_ERRORS
    by_hand = [0.5 * 0.8 + 1.0 * 0.2, 1.0 * 0.8 + 0.5 * 0.2, 2.0 * 0.8 + 0.5 * 0.2]
    np.testing.assert_allclose(backprop_matrices.hidden_errors_by_transpose(w, e), by_hand)
    np.testing.assert_allclose(by_hand, [0.6, 0.9, 1.7])  # the exercise's answer


def test_fractions_conserve_each_output_error() -> None:
    """The fractions share out each output error completely: the hidden errors add up to the outputs'."""
    rng = np.random.default_rng(0)
    w = rng.uniform(0.1, 2.0, size=(4, 3))
    e = rng.uniform(-1, 1, size=4)
    assert backprop_matrices.hidden_errors_by_fractions(w, e).sum() == pytest.approx(e.sum())


def test_backprop_shapes_are_checked() -> None:
    with pytest.raises(ValueError, match="one row per output node"):
        backprop_matrices.hidden_errors_by_transpose(np.ones((3, 2)), [1.0, 2.0])
    with pytest.raises(ValueError, match="add up to zero"):
        backprop_matrices.hidden_errors_by_fractions(np.array([[1.0, -1.0]]), [1.0])


# --- 1.14 brute force ------------------------------------------------------------------


def test_brute_force_counts_of_erratum_8() -> None:
    n = gradient_descent.weights_in_network((3, 3, 3))
    assert n == 18
    small = gradient_descent.brute_force(n, 1000)
    assert small.combinations == 10**54
    assert small.one_at_a_time == 18_000
    assert small.combination_digits == 55  # a 1 and 54 zeros
    big = gradient_descent.brute_force(gradient_descent.weights_in_network((500, 500, 500)), 1000)
    assert big.n_weights == 500_000
    assert big.one_at_a_time == 500_000_000
    assert gradient_descent.seconds_to_years(big.one_at_a_time) == pytest.approx(15.8, abs=0.05)
    assert big.combination_digits == 1_500_001


def test_digits_of_combinations_agrees_with_writing_the_number_out() -> None:
    for n, v in [(1, 7), (10, 2), (100, 3), (300, 2), (5, 10), (4, 1000)]:
        assert gradient_descent.digits_of_combinations(n, v) == len(str(v**n))


def test_mnist_exercise_weights() -> None:
    n = gradient_descent.weights_in_network((784, 100, 10))
    assert n == 79_400
    # 2 ** 79400 has floor(79400 * log10 2) + 1 digits; check via a power of two we can print.
    assert gradient_descent.digits_of_combinations(n, 2) == math.floor(n * math.log10(2)) + 1 == 23_902


# --- 1.14 gradient descent -------------------------------------------------------------


def test_toy_curve_and_its_slopes() -> None:
    assert gradient_descent.toy_error(1.0) == 1.0
    assert gradient_descent.toy_slope(-1.0) == -4.0
    assert gradient_descent.toy_slope(3.0) == 4.0
    for x in (-1.0, 0.3, 3.0):
        assert gradient_descent.toy_slope(x) == pytest.approx(numeric_slope(gradient_descent.toy_error, x))


@pytest.mark.parametrize("rate", [0.05, 0.15, 0.3, 0.8])
def test_descent_follows_the_closed_form(rate: float) -> None:
    """On (x - 1)^2 + 1 every step multiplies the distance to the bottom by (1 - 2 rate)."""
    xs = gradient_descent.descend(3.4, rate, 10)
    expected = 1.0 + 2.4 * (1.0 - 2.0 * rate) ** np.arange(11)
    np.testing.assert_allclose(xs, expected)


def test_exercise_answers_of_the_descent_page() -> None:
    np.testing.assert_allclose(gradient_descent.descend(3.0, 0.25, 2), [3.0, 2.0, 1.5])
    np.testing.assert_allclose(gradient_descent.descend(3.0, 0.5, 1), [3.0, 1.0])
    np.testing.assert_allclose(gradient_descent.descend(3.4, 1.0, 2), [3.4, -1.4, 3.4])  # the bounce


def test_learning_rates_are_described_truthfully() -> None:
    for rate in gradient_descent.learning_rate_values():
        xs = gradient_descent.descend(3.4, rate, 8)
        distance = np.abs(xs - 1.0)
        words = gradient_descent.describe_rate(rate)
        overshoots = np.any(np.diff(np.sign(xs - 1.0)) != 0)
        if "flies out" in words:
            assert distance[-1] > distance[0]
        elif "for ever" in words:
            assert distance[-1] == pytest.approx(distance[0])
        elif "single step" in words:
            assert distance[1] == pytest.approx(0.0, abs=1e-12)
        else:
            assert distance[-1] < distance[0]
            assert overshoots == ("overshoots" in words)


def test_v_valley_steps_never_shrink() -> None:
    xs = gradient_descent.descend(3.0, 0.3, 12, gradient_descent.v_slope)
    np.testing.assert_allclose(np.abs(np.diff(xs)), 0.3)
    assert np.all(np.abs(xs[-4:] - 1.0) > 0.05)  # it keeps hopping around the bottom


def test_two_valley_gradient_matches_measured_slopes() -> None:
    for a, b in [(0.3, -0.7), (2.0, 1.0), (-1.4, -1.1), (-2.5, 2.5)]:
        measured = [
            numeric_slope(lambda t, b=b: gradient_descent.two_valley_error(t, b), a),
            numeric_slope(lambda t, a=a: gradient_descent.two_valley_error(a, t), b),
        ]
        np.testing.assert_allclose(gradient_descent.two_valley_gradient(a, b), measured, atol=1e-7)


def test_one_start_is_trapped_in_the_shallow_valley() -> None:
    ends = [gradient_descent.descend_2d(start, 0.3, 200)[-1] for start in gradient_descent.VALLEY_STARTS]
    heights = [float(gradient_descent.two_valley_error(*end)) for end in ends]
    deepest = min(heights)
    trapped = [h for h in heights if h > deepest + 0.3]
    assert len(trapped) == 1
    for end in ends:  # every path has come to rest at a bottom
        assert np.linalg.norm(gradient_descent.two_valley_gradient(*end)) < 1e-4


def test_error_candidates_of_the_three_node_table() -> None:
    table = gradient_descent.error_candidates()
    sums = {name: float(values.sum()) for name, values in table.items()}
    assert sums["t − o"] == pytest.approx(0.0, abs=1e-12)
    assert sums["|t − o|"] == pytest.approx(0.2)
    assert sums["(t − o)²"] == pytest.approx(0.02)
    markdown = gradient_descent.error_candidates_markdown()
    assert markdown.count("\n") == 4 and "**0.20**" in markdown and "**0.02**" in markdown
    with pytest.raises(ValueError, match="one target per output"):
        gradient_descent.error_candidates([0.1, 0.2], [0.3])


def test_output_weight_formula_matches_finite_differences() -> None:
    """dE/dw_jk = -e_k sigma'(x_k) o_j is the slope of E = 1/2 sum (t - o)^2, weight by weight."""
    rng = np.random.default_rng(1)
    weights = rng.normal(0, 1, size=(3, 4))
    hidden = rng.uniform(0.01, 1.0, size=4)
    targets = np.array([0.01, 0.99, 0.01])

    def error(w: np.ndarray) -> float:
        return 0.5 * float(np.sum((targets - activation.sigmoid(w @ hidden)) ** 2))

    formula = gradient_descent.output_weight_gradient(weights, hidden, targets)
    for index in np.ndindex(weights.shape):
        nudge = np.zeros_like(weights)
        nudge[index] = 1e-6
        measured = (error(weights + nudge) - error(weights - nudge)) / 2e-6
        assert formula[index] == pytest.approx(measured, abs=1e-8)
    with pytest.raises(ValueError, match="expected shape"):
        gradient_descent.output_weight_gradient(weights, hidden[:3], targets)


def test_a_descent_step_on_the_real_gradient_lowers_the_error() -> None:
    weights = np.array([[2.0, 3.0], [1.0, 4.0]])
    hidden = np.array([0.4, 0.5])
    targets = np.array([0.2, 0.7])
    before = np.sum((targets - activation.sigmoid(weights @ hidden)) ** 2)
    step = weights - 0.5 * gradient_descent.output_weight_gradient(weights, hidden, targets)
    after = np.sum((targets - activation.sigmoid(step @ hidden)) ** 2)
    assert after < before


# --- 1.15 the worked weight update -----------------------------------------------------


def test_corrected_worked_example_of_erratum_7() -> None:
    update = update_example.worked_example(j=0)
    assert update.combined_input == pytest.approx(2.3)
    assert update.output == pytest.approx(0.9089, abs=5e-5)
    assert update.sigmoid_slope == pytest.approx(0.0828, abs=5e-5)
    assert update.previous_output == 0.4
    assert update.gradient == pytest.approx(-0.0497, abs=5e-5)
    assert update.change == pytest.approx(0.0050, abs=5e-5)
    assert update.new_weight == pytest.approx(2.0050, abs=5e-5)
    assert f"{update.new_weight:.4f}" == "2.0050"


def test_worked_example_agrees_with_the_matrix_gradient() -> None:
    update = update_example.worked_example(j=0)
    # Choose targets that make the errors 1.5 at output 1 (the example's made-up error).
    outputs = activation.sigmoid(backprop_matrices.EXAMPLE_WEIGHTS @ np.array([0.4, 0.5]))
    targets = outputs + np.array([1.5, 0.0])
    matrix = gradient_descent.output_weight_gradient(backprop_matrices.EXAMPLE_WEIGHTS, [0.4, 0.5], targets)
    assert matrix[0, 0] == pytest.approx(update.gradient)


def test_the_printed_version_used_the_wrong_weight() -> None:
    """With 4.0 in place of 3.0 the sum is 2.8 and the right recipe gives -0.0324 -> 2.0032."""
    wrong = update_example.weight_update(1.5, (2.0, 4.0), (0.4, 0.5), 0, 0.1)
    assert wrong.combined_input == pytest.approx(2.8)
    assert wrong.output == pytest.approx(0.943, abs=5e-4)
    assert wrong.gradient == pytest.approx(-0.0324, abs=5e-5)
    assert wrong.new_weight == pytest.approx(2.0032, abs=5e-5)
    # The printed -0.06048 is the sum 2.8 times 0.054 times 0.4 (the sum in place of the error).
    assert 2.8 * 0.054 * 0.4 == pytest.approx(0.06048)


def test_exercise_answers_of_the_worked_example_page() -> None:
    second = update_example.worked_example(j=1)
    assert second.gradient == pytest.approx(-0.0621, abs=5e-5)
    assert second.new_weight == pytest.approx(3.0062, abs=5e-5)
    inputs = dict(update_example.EXAMPLE_UPDATE_INPUTS)
    negative = update_example.weight_update(j=0, **{**inputs, "error": -1.5})
    assert negative.new_weight == pytest.approx(1.9950, abs=5e-5)
    faster = update_example.weight_update(j=0, **{**inputs, "learning_rate": 0.3})
    assert faster.change == pytest.approx(0.0149, abs=5e-5)
    assert faster.new_weight == pytest.approx(2.0149, abs=5e-5)


def test_weight_update_checks_its_inputs() -> None:
    with pytest.raises(ValueError, match="one weight per previous output"):
        update_example.weight_update(1.0, (1.0, 2.0), (0.5,), 0, 0.1)
    with pytest.raises(ValueError, match="picks no link"):
        update_example.weight_update(1.0, (1.0, 2.0), (0.5, 0.5), 2, 0.1)


# --- 1.16 preparing the data -----------------------------------------------------------


@pytest.mark.parametrize("n, std", [(3, 0.577), (100, 0.1), (784, 0.0357), (200, 0.0707), (10, 0.316), (25, 0.2)])
def test_initial_weight_spread(n: int, std: float) -> None:
    assert preparing_data.initial_weight_std(n) == pytest.approx(std, abs=5e-4)


def test_a_node_without_links_has_no_weight_spread() -> None:
    with pytest.raises(ValueError, match="at least one incoming link"):
        preparing_data.initial_weight_std(0)


def test_the_rule_keeps_nodes_out_of_saturation() -> None:
    rng = np.random.default_rng(7)
    rule = preparing_data.summed_signals(100, preparing_data.initial_weight_std(100), 4000, rng)
    wide = preparing_data.summed_signals(100, 1.0, 4000, rng)
    assert rule.shape == (4000,)
    assert preparing_data.saturated_fraction(rule) < 0.001
    assert preparing_data.saturated_fraction(wide) > 0.4


def test_all_zero_weights_move_only_the_last_layer_first_and_keep_hidden_nodes_twins() -> None:
    start = preparing_data.train_from_zero((0.9, 0.2), (0.99, 0.01), learning_rate=0.3, steps=200)
    assert np.array_equal(start.first_outputs, [0.5, 0.5])  # sigmoid(0) at every node
    assert start.first_errors == pytest.approx([0.49, -0.49])
    input_hidden, hidden_output = start.after_one
    assert not input_hidden.any()  # no error came back through the zero weights
    # By hand: learning rate x error x slope sigmoid(0)(1 - sigmoid(0)) x hidden output 0.5.
    assert hidden_output == pytest.approx(np.array([[1, 1], [-1, -1]]) * 0.3 * 0.49 * 0.25 * 0.5)
    input_hidden, hidden_output = start.after_many
    assert input_hidden.any() and np.array_equal(input_hidden[0], input_hidden[1])
    assert np.array_equal(hidden_output[:, 0], hidden_output[:, 1])
    assert start.outputs_after_many[0] > 0.9 and start.outputs_after_many[1] < 0.1


def test_sigmoid_is_nearly_flat_beyond_the_saturation_edge() -> None:
    assert activation.sigmoid_slope(preparing_data.SATURATION_EDGE) < 0.018
    assert activation.sigmoid_slope(10.0) == pytest.approx(4.54e-5, rel=1e-2)


# --- figures ---------------------------------------------------------------------------

STATIC_FIGURES = [
    backprop_matrices.error_backflow_figure,
    backprop_matrices.transpose_figure,
    gradient_descent.tangent_figure,
    gradient_descent.bowl_versus_v_figure,
    gradient_descent.hiker_figure,
    gradient_descent.valleys_figure,
    gradient_descent.output_layer_figure,
    update_example.update_network_figure,
    lambda: update_example.three_factors_figure(update_example.worked_example()),
    preparing_data.saturation_figure,
    preparing_data.target_range_figure,
    preparing_data.initial_weights_figure,
    preparing_data.summed_signal_figure,
]


@pytest.mark.parametrize("draw", STATIC_FIGURES, ids=lambda f: getattr(f, "__name__", "three_factors_figure"))
def test_static_figures_draw_on_an_opaque_background(draw) -> None:
    fig = draw()
    try:
        assert isinstance(fig, Figure)
        assert fig.get_facecolor()[3] == 1.0
    finally:
        plt.close(fig)


def test_surface_figures_draw() -> None:
    for draw in (gradient_descent.error_surface_figure, gradient_descent.weight_error_figure):
        fig = draw()
        assert isinstance(fig, Figure)
        plt.close(fig)


def test_update_network_figure_shows_the_worked_example_through_the_shared_diagram() -> None:
    from matplotlib.colors import to_rgb
    from matplotlib.patches import Circle, FancyArrowPatch

    from nnbook.figures.diagrams import NODE_RADIUS

    fig = update_example.update_network_figure()
    try:
        ax = fig.axes[0]
        words = {t.get_text() for t in ax.texts}
        # The given numbers of the example (hidden outputs, error) and the four weights, each named.
        assert {"$o_1$ = 0.4", "$o_2$ = 0.5", "$e_1$ = 1.5"} <= words
        assert {"$w_{1,1}$ = 2.0", "$w_{2,1}$ = 3.0", "$w_{1,2}$ = 1.0", "$w_{2,2}$ = 4.0"} <= words
        assert not any(w.startswith("$e_2$") or w.startswith("e =") for w in words)  # only output 1 has an error
        # Drawn by nnbook.figures.diagrams: its node size, and figure sized in inches to fit a phone.
        nodes = [p for p in ax.patches if isinstance(p, Circle)]
        assert len(nodes) == 4 and all(c.get_radius() == NODE_RADIUS for c in nodes)
        assert fig.get_size_inches()[0] <= 5.0
        # w_11 (hidden 1 -> output 1, the top two nodes) is orange and the thickest link; w_21 is blue.
        links = [p for p in ax.patches if isinstance(p, FancyArrowPatch)]
        by_colour = {tuple(round(c, 3) for c in p.get_edgecolor()[:3]): p for p in links}
        orange = by_colour[tuple(round(c, 3) for c in to_rgb(colours.ORANGE))]
        blue = by_colour[tuple(round(c, 3) for c in to_rgb(colours.BLUE))]
        assert orange.get_linewidth() == max(p.get_linewidth() for p in links)
        (tail, head) = orange._posA_posB
        assert tail[1] == pytest.approx(head[1]) == pytest.approx(max(c.center[1] for c in nodes))
        (tail, head) = blue._posA_posB
        assert tail[1] < head[1]  # from the lower hidden node up to output 1
        assert len(by_colour) == 3  # orange, blue, and one pale grey for both links into output 2
    finally:
        plt.close(fig)


def test_backflow_figure_refuses_other_shapes() -> None:
    with pytest.raises(ValueError, match="2-2 layer"):
        backprop_matrices.error_backflow_figure(np.ones((2, 3)), [1.0, 1.0])


@pytest.mark.parametrize(
    "build, n_values", [(gradient_descent.steps_slider, 13), (gradient_descent.learning_rate_slider, 21)]
)
def test_interactive_figures_are_light_and_labelled(build, n_values: int) -> None:
    fig = build()
    sizes = [len(child.value) for child in fig.stack.children]
    assert len(sizes) == n_values
    assert sum(sizes) < 450_000, f"{sum(sizes)} characters of SVG is too heavy for one page"
    for child in fig.stack.children:
        assert 'role="img"' in child.value and "aria-label=" in child.value
        assert "<figcaption>" in child.value


def test_saturation_slider_reports_the_slope_it_draws() -> None:
    fig = preparing_data.saturation_slider([-10.0, 0.0, 6.0, 10.0])
    start = fig.stack.children[fig.slider.index].value
    assert 'data-value="0"' in start and "slope <b>0.2500</b>" in start
    far = fig.stack.children[fig.values.index(6.0)].value
    assert f"slope <b>{activation.sigmoid_slope(6.0):.4f}</b>" in far and "saturated" in far
    # The page shows 21 positions (x = -10 ... 10); each frame is about this size.
    assert 21 * max(len(child.value) for child in fig.stack.children) < 450_000
