"""Matrix products done step by step agree with numpy and with the page's hand-worked numbers."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from nnbook.figures.part1 import matrices
from nnbook.figures.part1.matrices import (
    LARGER_INPUTS,
    LARGER_WEIGHTS,
    SMALL_INPUTS,
    SMALL_WEIGHTS,
    WORKED_LEFT,
    WORKED_RIGHT,
    as_matrix,
    check_shapes,
    entry_sum_text,
    layer_signals,
    matrix_latex,
    multiplications_needed,
    multiply_by_hand,
    number_text,
    product_steps,
)


def test_worked_product_matches_the_hand_computation() -> None:
    assert multiply_by_hand(WORKED_LEFT, WORKED_RIGHT).tolist() == [[19, 22], [43, 50]]
    assert entry_sum_text(WORKED_LEFT, WORKED_RIGHT, 0, 0) == "1 × 5 + 2 × 7 = 5 + 14 = 19"
    assert entry_sum_text(WORKED_LEFT, WORKED_RIGHT, 1, 1) == "3 × 6 + 4 × 8 = 18 + 32 = 50"
    assert entry_sum_text(WORKED_LEFT, WORKED_RIGHT, 1, 0) == "3 × 5 + 4 × 7 = 15 + 28 = 43"
    assert entry_sum_text(WORKED_LEFT, WORKED_RIGHT, 0, 1) == "1 × 6 + 2 × 8 = 6 + 16 = 22"


@pytest.mark.parametrize("shapes", [((1, 1), (1, 1)), ((2, 3), (3, 1)), ((3, 2), (2, 4)), ((4, 4), (4, 4))])
def test_step_by_step_product_agrees_with_numpy(shapes) -> None:
    rng = np.random.default_rng(sum(map(sum, shapes)))
    a, b = rng.normal(size=shapes[0]), rng.normal(size=shapes[1])
    np.testing.assert_allclose(multiply_by_hand(a, b), a @ b)
    m, n = shapes[0]
    p = shapes[1][1]
    assert len(product_steps(a, b)) == m * n * p == multiplications_needed(shapes[0], shapes[1])


def test_steps_walk_a_row_against_a_column_and_keep_a_running_sum() -> None:
    steps = product_steps(SMALL_WEIGHTS, SMALL_INPUTS)
    assert [(s.row, s.column, s.term) for s in steps] == [(0, 0, 0), (0, 0, 1), (1, 0, 0), (1, 0, 1)]
    assert [s.product for s in steps] == pytest.approx([0.9, 0.15, 0.2, 0.4])
    assert [s.running_sum for s in steps] == pytest.approx([0.9, 1.05, 0.2, 0.6])


def test_following_signals_network_as_a_matrix_product() -> None:
    combined, outputs = layer_signals(SMALL_WEIGHTS, SMALL_INPUTS)
    assert combined.shape == (2, 1)
    assert combined.ravel() == pytest.approx([1.05, 0.6])
    assert outputs.ravel() == pytest.approx([0.7408, 0.6457], abs=1e-4)
    # Independent check: the sigmoid written out, e = 2.71828...
    assert outputs[0, 0] == pytest.approx(1 / (1 + np.e**-1.05))


def test_three_by_three_example() -> None:
    combined, outputs = layer_signals(LARGER_WEIGHTS, LARGER_INPUTS)
    assert combined.ravel() == pytest.approx([1.16, 0.42, 0.62])
    assert outputs.ravel() == pytest.approx([0.761, 0.603, 0.650], abs=1e-3)


def test_incompatible_shapes_are_explained() -> None:
    explained = r"2 × 2 matrix by a 5 × 5 one: the first has 2 columns but the second has 5 rows"
    with pytest.raises(ValueError, match=explained):
        check_shapes(np.ones((2, 2)), np.ones((5, 5)))
    with pytest.raises(ValueError, match="use a second matrix with 1 rows|with 1 rows"):
        product_steps(np.ones((3, 1)), np.ones((2, 3)))  # exercise: a 3 x 1 cannot multiply a 2 x 3
    check_shapes(np.ones((2, 3)), np.ones((3, 1)))  # exercise: this order works


def test_exercise_answers() -> None:
    assert multiply_by_hand([[2, 0], [1, 3]], [4, 5]).ravel().tolist() == [8, 19]
    assert multiplications_needed((100, 784), (784, 1)) == 78_400


def test_number_text_and_latex() -> None:
    assert number_text(0.1 + 0.2) == "0.3"
    assert number_text(0.15000000000000002) == "0.15"
    assert number_text(19.0) == "19"
    assert number_text(1.0, min_decimals=1) == "1.0"
    assert matrix_latex(SMALL_WEIGHTS) == r"\begin{pmatrix} 0.9 & 0.3 \\ 0.2 & 0.8 \end{pmatrix}"
    assert matrix_latex(SMALL_INPUTS) == r"\begin{pmatrix} 1.0 \\ 0.5 \end{pmatrix}"
    assert matrix_latex(WORKED_LEFT) == r"\begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}"


def test_flat_lists_become_columns() -> None:
    assert as_matrix([1, 2, 3]).shape == (3, 1)
    with pytest.raises(ValueError, match="2-D"):
        as_matrix(np.ones((2, 2, 2)))


@pytest.mark.parametrize(
    "make",
    [
        matrices.worked_product_figure,
        matrices.matrix_shape_figure,
        matrices.network_matrix_figure,
        lambda: matrices.product_figure(LARGER_WEIGHTS, LARGER_INPUTS, 9),
    ],
)
def test_figures_are_opaque_white(make) -> None:
    fig = make()
    try:
        assert isinstance(fig, Figure)
        assert fig.get_facecolor() == (1.0, 1.0, 1.0, 1.0)
    finally:
        plt.close(fig)


def test_network_above_the_matrix_colours_each_link_like_its_row() -> None:
    """Links into node 1 share row 1's colour, links into node 2 row 2's; the drawing is the book's one diagram."""
    from matplotlib.colors import to_rgb
    from matplotlib.patches import Circle, FancyArrowPatch

    from nnbook.figures.colours import BLUE, VERMILLION
    from nnbook.figures.diagrams import NODE_RADIUS

    fig = matrices.network_matrix_figure()
    try:
        top = fig.axes[0]
        circles = [p for p in top.patches if isinstance(p, Circle)]
        assert len(circles) == 4 and all(c.get_radius() == NODE_RADIUS for c in circles)
        receivers = sorted((c.center for c in circles), key=lambda c: (-c[0], -c[1]))[:2]  # right: top, bottom
        links = [p for p in top.patches if isinstance(p, FancyArrowPatch)]
        for node, colour in zip(receivers, (BLUE, VERMILLION)):
            coloured = [p for p in links if p.get_edgecolor()[:3] == pytest.approx(to_rgb(colour))]
            assert len(coloured) == 2
            assert all(abs(p._posA_posB[1][1] - node[1]) < NODE_RADIUS for p in coloured)
        words = {t.get_text() for t in top.texts}
        assert {"inputs", "layer 2", "w$_{2,1}$ = 0.3"} <= words
        assert top.get_aspect() == 1.0  # fitted to its panel with equal scales: circles stay round
    finally:
        plt.close(fig)


def test_drawing_refuses_a_step_that_does_not_exist() -> None:
    fig, ax = plt.subplots()
    try:
        with pytest.raises(ValueError, match="between 1 and 4"):
            matrices.draw_product(ax, SMALL_WEIGHTS, SMALL_INPUTS, 5)
    finally:
        plt.close(fig)


@pytest.mark.parametrize(
    "weights, inputs, frames, last_sum",
    [
        (SMALL_WEIGHTS, SMALL_INPUTS, 4, "0.6"),
        (LARGER_WEIGHTS, LARGER_INPUTS, 9, "0.62"),
    ],
)
def test_stepper(weights, inputs, frames, last_sum) -> None:
    widget = matrices.matrix_stepper(weights, inputs)
    children = widget.stack.children
    assert len(children) == frames
    assert sum(len(c.value) for c in children) < 450_000
    assert f"is {last_sum} and finished" in children[-1].value  # the last entry's total, in the alt text
    assert "so far" in children[0].value
