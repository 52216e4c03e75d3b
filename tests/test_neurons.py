"""Logic gates, lines, the step and the sigmoid reproduce hand-worked values and known facts."""

from __future__ import annotations

import itertools
import math
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from nnbook.figures.part1 import neuron_figures, neuron_sliders, neurons
from nnbook.figures.part1.neurons import (
    INPUT_PAIRS,
    band_outputs,
    best_line_at_angle,
    best_single_line,
    count_links,
    gate_outputs,
    neuron_output,
    rise_width,
    separable_by_one_line,
    separable_functions,
    sigmoid,
    step,
    true_side,
    truth_table_rows,
)

# Truth tables written out by hand, for the input order (0,0), (0,1), (1,0), (1,1).
EXPECTED = {"AND": [0, 0, 0, 1], "OR": [0, 1, 1, 1], "XOR": [0, 1, 1, 0]}


def test_input_pairs_are_the_four_corners_in_binary_order() -> None:
    assert INPUT_PAIRS.tolist() == [[0, 0], [0, 1], [1, 0], [1, 1]]


@pytest.mark.parametrize("gate", EXPECTED)
def test_gates_match_hand_written_truth_tables(gate: str) -> None:
    assert gate_outputs(gate).tolist() == EXPECTED[gate]


def test_gates_agree_with_python_booleans() -> None:
    for a, b in itertools.product((False, True), repeat=2):
        pair = np.array([[int(a), int(b)]])
        assert gate_outputs("AND", pair)[0] == int(a and b)
        assert gate_outputs("OR", pair)[0] == int(a or b)
        assert gate_outputs("XOR", pair)[0] == int(a != b)


def test_unknown_gate_is_refused_with_the_choices() -> None:
    with pytest.raises(ValueError, match="AND, OR, XOR"):
        gate_outputs("NOR")


def test_truth_table_lies_on_its_side() -> None:
    rows = dict(truth_table_rows())
    assert rows["A"] == [0, 0, 1, 1] and rows["B"] == [0, 1, 0, 1]
    assert rows["A XOR B"] == EXPECTED["XOR"]
    assert "<table" in neurons.truth_table_html() and neurons.truth_table_html().count("<tr") == 6
    # Screen readers announce every header cell: none may be empty (axe: empty-table-header).
    assert "<th></th>" not in neurons.truth_table_html()


def test_the_truth_table_shows_itself_in_both_editions() -> None:
    table = neurons.TruthTable(caption="cases")
    assert table._repr_html_() == neurons.truth_table_html(caption="cases")
    latex = table._repr_latex_()
    assert latex.startswith("$$") and r"\begin{array}{r|cccc}" in latex
    # A row for each signal, with the XOR pattern written out: 0 1 1 0.
    assert latex.count(r"\\") == 6 and r"\text{A XOR B} & 0 & 1 & 1 & 0" in latex
    assert "A XOR B: 0 1 1 0" in repr(table)


def test_the_page_lines_separate_and_and_or() -> None:
    sums = INPUT_PAIRS.sum(axis=1)
    # AND: above B = -A + 1.5 means A + B > 1.5; OR: above B = -A + 0.5.
    assert (sums > 1.5).astype(int).tolist() == EXPECTED["AND"]
    assert (sums > 0.5).astype(int).tolist() == EXPECTED["OR"]
    # The same lines in the module's (angle, offset) form: facing 45 degrees, offset = height / sqrt(2).
    assert true_side(INPUT_PAIRS, 45.0, 1.5 / math.sqrt(2)).astype(int).tolist() == EXPECTED["AND"]


def test_a_line_through_the_origin_cannot_place_the_origin() -> None:
    # Whatever the slope, (0, 0) lies on a line y = a x, so it is on neither side.
    for angle in range(0, 360, 15):
        assert not true_side(np.array([[0, 0]]), angle, 0.0)[0]
        assert not true_side(np.array([[0, 0]]), angle + 180, 0.0)[0]


def test_and_and_or_are_separable_and_xor_is_not() -> None:
    assert separable_by_one_line(gate_outputs("AND"))
    assert separable_by_one_line(gate_outputs("OR"))
    assert not separable_by_one_line(gate_outputs("XOR"))


def test_one_line_gets_at_most_three_xor_points_right_at_every_angle() -> None:
    xor = gate_outputs("XOR")
    scores = [best_line_at_angle(xor, a).correct for a in np.arange(0, 360, 2.5)]
    assert max(scores) == 3
    assert best_single_line(xor).correct == 3
    assert best_line_at_angle(xor, 0).correct == 2  # vertical lines pair each true point with a false one


def test_best_line_really_scores_what_it_claims() -> None:
    for gate in EXPECTED:
        outputs = gate_outputs(gate)
        for angle in (10.0, 45.0, 100.0):
            fit = best_line_at_angle(outputs, angle)
            said = true_side(INPUT_PAIRS, fit.angle, fit.offset)
            assert int(np.sum(said == outputs.astype(bool))) == fit.correct


def test_fourteen_of_sixteen_two_input_functions_are_linearly_separable() -> None:
    # A known fact about two-input Boolean functions: all but XOR and XNOR are threshold functions.
    found = separable_functions()
    assert len(found) == 14
    missing = set(itertools.product((0, 1), repeat=4)) - set(found)
    assert missing == {(0, 1, 1, 0), (1, 0, 0, 1)}


def test_nand_is_separable_exercise() -> None:
    nand = 1 - gate_outputs("AND")
    assert separable_by_one_line(nand)


def test_two_lines_make_xor() -> None:
    xor = gate_outputs("XOR")
    assert band_outputs(INPUT_PAIRS, 0.5, 1.5).tolist() == xor.tolist()
    assert int(np.sum(band_outputs(INPUT_PAIRS, 0.5, 2.4) == xor)) == 3  # (1, 1) still in the strip
    assert int(np.sum(band_outputs(INPUT_PAIRS, 0.5, 0.8) == xor)) == 2  # strip too thin


def test_xor_from_or_and_and_exercise() -> None:
    built = gate_outputs("OR") & (1 - gate_outputs("AND"))
    assert built.tolist() == EXPECTED["XOR"]


def test_step_function() -> None:
    assert step(np.array([-2.0, -0.01, 0.0, 3.0])).tolist() == [0.0, 0.0, 1.0, 1.0]
    assert step(1.0, threshold=2.0) == 0.0


def test_sigmoid_hand_values() -> None:
    assert sigmoid(0.0) == 0.5
    assert sigmoid(1.0) == pytest.approx(1 / (1 + math.e**-1))
    assert sigmoid(1.0) == pytest.approx(0.7310585786, abs=1e-10)
    assert sigmoid(-1.0) == pytest.approx(0.2689414214, abs=1e-10)
    x = np.linspace(-8, 8, 33)
    np.testing.assert_allclose(sigmoid(x) + sigmoid(-x), 1.0)
    np.testing.assert_allclose(sigmoid(x), 1 / (1 + np.exp(-x)))


def test_sigmoid_is_quiet_for_huge_inputs() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        values = sigmoid(np.array([-1000.0, 1000.0]))
    assert values.tolist() == [0.0, 1.0]


def test_rise_width_matches_the_sigmoid() -> None:
    assert rise_width(1.0) == pytest.approx(math.log(81))  # ln(0.9/0.1) - ln(0.1/0.9)
    for w in (0.5, 1.0, 10.0):
        half = rise_width(w) / 2
        assert sigmoid(w * -half) == pytest.approx(0.1)
        assert sigmoid(w * half) == pytest.approx(0.9)
    assert rise_width(10.0) == pytest.approx(rise_width(1.0) / 10)
    with pytest.raises(ValueError, match="positive"):
        rise_width(0.0)


def test_neuron_adds_then_squashes() -> None:
    assert neuron_output([3.0, 0.0, 0.0]) == pytest.approx(neuron_output([1.0, 1.0, 1.0]))
    assert neuron_output([3.0, 0.0, 0.0]) == pytest.approx(0.9525741268, abs=1e-9)
    assert neuron_output([1.0, 0.5], [0.9, 0.3]) == pytest.approx(0.7408, abs=1e-4)  # node 1 of "Following signals"
    with pytest.raises(ValueError, match="one weight per input"):
        neuron_output([1.0, 2.0], [0.5])


def test_link_counts() -> None:
    assert count_links([3, 3, 3]) == 18
    assert count_links([784, 100, 10]) == 784 * 100 + 100 * 10 == 79_400
    with pytest.raises(ValueError):
        count_links([3, 0, 2])


def test_neuron_counts_are_the_corrected_estimates() -> None:
    counts = neurons.NEURON_COUNTS
    assert counts["human"] == 86e9 and counts["fruit fly"] == 140_000 and counts["nematode worm"] == 302
    assert 950_000 <= counts["honeybee"] <= 1_000_000


STATIC = [
    neuron_figures.logic_machine_figure,
    neuron_figures.and_or_figure,
    neuron_figures.xor_figure,
    neuron_figures.neuron_figure,
    neuron_figures.cup_figure,
    neuron_figures.step_figure,
    neuron_figures.sigmoid_figure,
    neuron_figures.artificial_neuron_figure,
    neuron_figures.neuron_counts_figure,
    lambda: neuron_figures.xor_one_line_figure(30.0),
    lambda: neuron_figures.xor_two_lines_figure(1.5),
    lambda: neuron_figures.steepness_figure(4.0),
]


@pytest.mark.parametrize("make", STATIC)
def test_figures_are_opaque_white(make) -> None:
    fig = make()
    try:
        assert isinstance(fig, Figure)
        assert fig.get_facecolor()[:3] == (1.0, 1.0, 1.0) and fig.get_facecolor()[3] == 1.0
    finally:
        plt.close(fig)


def frames_weight(widget) -> int:
    return sum(len(child.value) for child in widget.stack.children)


def test_xor_one_line_slider() -> None:
    widget = neuron_sliders.xor_one_line_slider()
    frames = widget.stack.children
    assert len(frames) == 36
    assert frames_weight(widget) < 450_000
    assert all("4 of 4" not in frame.value for frame in frames)  # one line never wins
    assert 'data-value="30"' in frames[widget.slider.index].value


def test_xor_two_lines_slider_wins_only_between_one_and_two() -> None:
    widget = neuron_sliders.xor_two_lines_slider()
    assert frames_weight(widget) < 450_000
    for value, frame in zip(widget.values, widget.stack.children):
        assert ("4 of 4" in frame.value) == (1.0 < value < 2.0)


def test_steepness_slider() -> None:
    widget = neuron_sliders.steepness_slider()
    assert frames_weight(widget) < 450_000
    assert widget.values[widget.slider.index] == 1.0
    assert "4.4" in widget.stack.children[widget.slider.index].value  # ln 81 = 4.39 at w = 1
