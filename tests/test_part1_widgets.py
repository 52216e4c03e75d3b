"""The interactive figures added for issue 13: pages 1.2, 1.6, 1.11, 1.13, 1.15 and A.7.

The slider-grid mechanism is checked with tiny drawings; each figure's numbers are checked
against the worked examples of its page. Building every frame of the bigger figures takes a
while, so those checks are marked slow (`make test` runs them, `make test-quick` does not).
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pytest

from nnbook.figures.appendix_a.power_rule import power, power_rule_figure, power_rule_slider, slope_text
from nnbook.figures.part1.matrix_stepper import matrix_step_figure, matrix_stepper, transpose_steps
from nnbook.figures.part1.neuron_sliders import (
    _describe_inputs,
    step_or_sigmoid_slider,
    three_inputs_sliders,
)
from nnbook.figures.part1.predictor_sliders import fine_values, km_miles_fine_slider
from nnbook.figures.part1.share_sliders import _describe as describe_shares
from nnbook.figures.part1.share_sliders import share_sliders
from nnbook.figures.part1.simple_models import MILES_PER_KM, miles_error
from nnbook.figures.part1.update_example import worked_example
from nnbook.figures.part1.update_sliders import update_at_rate, update_rate_slider
from nnbook.web.slider_grid import Axis, SliderGrid, described, grid_size, number

BUDGET = 450_000  # characters of page per interactive figure, as for the book's other sliders


def _dot(*values: float):
    fig, ax = plt.subplots(figsize=(1.5, 1.5))
    ax.plot([0], [sum(values)], "o")
    return fig


def _small_grid() -> SliderGrid:
    return SliderGrid(
        [Axis("a", [1, 2], "{}", 2), Axis("b", [10, 20, 30], "{}", 10)],
        _dot,
        alt=lambda a, b: f"dot at {a + b}",
        caption=lambda a, b: f"a = {a}, b = {b}",
    )


# --- the slider grid ---


def test_grid_nests_one_stack_per_slider_and_links_each_in_the_browser() -> None:
    grid = _small_grid()
    assert grid_size(grid.axes) == len(grid.frames) == 6
    assert [s.index for s in grid.sliders] == [1, 0]
    assert grid.stack.selected_index == 1
    assert all(inner.selected_index == 0 for inner in grid.stack.children)
    assert len(grid.links) == 1 + 2  # slider a: the outer stack; slider b: each inner stack
    assert all(type(link).__name__ == "Link" for link in grid.links)
    frame = grid.frames[(1, 2)].value
    assert 'data-value="2"' in frame and 'data-values="2 | 30"' in frame
    assert 'aria-label="dot at 32"' in frame and "a = 2, b = 30" in frame


def test_grid_redraws_live_and_prints_a_picture() -> None:
    grid = _small_grid()
    before = grid.frames[(1, 1)].value
    grid.sliders[1].index = 1
    assert grid.position() == (1, 1)
    assert grid.frames[(1, 1)].value.count("<figure") == before.count("<figure") == 1
    bundle = grid._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    assert data["image/png"][:8] == b"\x89PNG\r\n\x1a\n"
    assert "Interactive figure: a, b." in data["text/plain"]


def test_grid_refuses_values_that_print_alike() -> None:
    with pytest.raises(ValueError):
        SliderGrid([Axis("a", [0.11, 0.12], "{:.1f}")], _dot, alt=str)


def test_described_works_the_numbers_out_once_and_minus_signs_are_real() -> None:
    calls = []

    def describe(value):
        calls.append(value)
        return f"alt {value}", f"caption {value}"

    alt, caption = described(describe)
    assert (alt(3), caption(3), alt(3)) == ("alt 3", "caption 3", "alt 3")
    assert calls == [3]
    assert number(-0.0497) == "\u22120.0497" and number(0.5, "{:+.1f}") == "+0.5"


# --- 1.15: the learning-rate slider ---


def test_update_slider_starts_at_the_pages_worked_update() -> None:
    page = worked_example(0)
    assert update_at_rate(page.learning_rate) == page
    figure = update_rate_slider()
    assert figure.values[figure.slider.index] == page.learning_rate
    shown = figure.stack.children[figure.slider.index].value
    assert f"<b>{page.new_weight:.4f}</b>" in shown and "2.0050" in shown
    assert "\u22120.0497" in shown  # the slope, with a real minus sign
    assert sum(len(c.value) for c in figure.stack.children) < BUDGET


def test_only_the_step_grows_with_the_learning_rate() -> None:
    slow, fast = update_at_rate(0.1), update_at_rate(0.4)
    assert slow.gradient == fast.gradient
    assert fast.change == pytest.approx(4 * slow.change)


# --- A.7: the power rule ---


@pytest.mark.parametrize("n, text", [(0, "0"), (1, "1"), (2, "2t"), (3, "3t²"), (7, "7t⁶")])
def test_power_rule_slopes(n: int, text: str) -> None:
    curve, slope = power(n)
    assert slope_text(n) == text
    for t in (-1.2, 0.5, 1.0, 1.4):
        chord = (curve.evaluate(t=t + 1e-6) - curve.evaluate(t=t - 1e-6)) / 2e-6
        assert float(slope.evaluate(t=t)) == pytest.approx(float(chord), abs=1e-5)


def test_power_rule_slider_starts_at_the_cube() -> None:
    figure = power_rule_slider()
    assert figure.values == list(range(8)) and figure.values[figure.slider.index] == 3
    assert "is <b>3t²</b>" in figure.stack.children[3].value
    assert sum(len(c.value) for c in figure.stack.children) < BUDGET
    plt.close(power_rule_figure(0))


# --- 1.13: the matrix stepper ---


def test_stepping_through_the_transpose_gives_the_pages_hidden_errors() -> None:
    steps = transpose_steps()
    assert [(s.j, s.k) for s in steps] == [(0, 0), (0, 1), (1, 0), (1, 1)]
    assert steps[1].totals[0] == pytest.approx(3.5) and steps[-1].totals == pytest.approx((3.5, 6.5))
    figure = matrix_stepper()
    assert figure.values == ["start", "1", "2", "3", "4"] and figure.slider.index == 0
    assert "complete: <b>6.5</b>" in figure.stack.children[-1].value
    sizes = {matrix_step_figure(i).get_size_inches().round(3).tobytes() for i in range(5)}
    plt.close("all")
    assert len(sizes) == 1, "every step must have the same size, or the page jumps"


# --- 1.2: the fine slider ---


def test_fine_slider_reaches_the_truth_in_steps_of_a_thousandth() -> None:
    values = fine_values()
    assert np.allclose(np.diff(values), 0.001)
    best = min(values, key=lambda c: abs(miles_error(c)))
    assert best == round(MILES_PER_KM, 3) and abs(miles_error(best)) < 0.05
    figure = km_miles_fine_slider()
    shown = {v: child.value for v, child in zip(figure.values, figure.stack.children)}
    assert "+0.037" in shown[0.621] and "make c bigger" in shown[0.621]
    assert "\u22120.063" in shown[0.622]  # the overshoot, drawn with a real minus sign
    assert sum(len(c) for c in shown.values()) < BUDGET


# --- 1.11: the shares ---


def test_shares_follow_the_weights_and_output_two_ignores_w11() -> None:
    alt, caption = describe_shares(0.9, 0.4, 6.0)
    assert "sends back 0.60 and 0.30" in alt and "(<b>0.20</b> each)" in caption
    for w11 in (1.0, 3.0, 9.0):
        assert "(<b>0.20</b> each)" in describe_shares(0.9, 0.4, w11)[1]
    assert "(<b>0.45</b>)" in describe_shares(0.9, 0.4, 3.0)[1]  # equal weights, equal shares


@pytest.mark.slow
def test_share_sliders_start_at_the_pages_numbers_and_stay_light() -> None:
    grid = share_sliders()
    assert len(grid.frames) == grid_size(grid.axes)
    shown = grid.frames[grid.position()].value
    assert 'data-values="0.9 | 0.4 | 6"' in shown
    assert sum(len(f.value) for f in grid.frames.values()) < BUDGET


# --- 1.6: step against sigmoid, and three inputs ---


@pytest.mark.slow
def test_step_or_sigmoid_slider() -> None:
    figure = step_or_sigmoid_slider()
    shown = {v: child.value for v, child in zip(figure.values, figure.stack.children)}
    assert "the step says <b>1</b>, the sigmoid says <b>0.881</b>" in shown[2.0]
    assert "x = \u22123" in shown[-3.0] and "sigmoid says <b>0.047</b>" in shown[-3.0]
    assert sum(len(c) for c in shown.values()) < BUDGET


def test_several_medium_inputs_match_one_big_one() -> None:
    together = _describe_inputs(1.0, 1.0, 1.0)[1]
    alone = _describe_inputs(3.0, 0.0, 0.0)[1]
    expected = f"<b>{1 / (1 + math.exp(-3)):.2f}</b>"
    assert expected in together and expected in alone
    assert "one input does all the work" in alone and "several inputs add up" in together


@pytest.mark.slow
def test_three_inputs_sliders_stay_light() -> None:
    grid = three_inputs_sliders()
    assert len(grid.frames) == 4**3
    assert 'data-values="1 | 0 | 0"' in grid.frames[grid.position()].value
    assert sum(len(f.value) for f in grid.frames.values()) < BUDGET
