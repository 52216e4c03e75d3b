"""The figures of Part 1 draw what their pages say they draw.

Each drawing is checked through what matplotlib holds after drawing it: the slopes of the
lines (read back from their end points), the points plotted, the text written. The
expected values are the worked examples of the text, computed by hand, not by the
functions under test.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure

from nnbook.figures.part1 import predictors
from nnbook.figures.part1.simple_models import CATERPILLAR, LADYBIRD, make_bugs


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def line_slopes(fig: Figure) -> list[float]:
    """Slopes of every straight line through the origin drawn on the first axes (markers skipped)."""
    slopes = []
    for line in fig.axes[0].get_lines():
        if line.get_linestyle() in ("None", ""):
            continue
        x, y = (np.asarray(v, dtype=float) for v in line.get_data())
        if len(x) >= 2 and x[0] == 0 and y[0] == 0 and x[-1] > 0:
            slopes.append(float(y[-1] / x[-1]))
    return slopes


def all_text(fig: Figure) -> str:
    return "\n".join(t.get_text() for t in fig.findobj(plt.Text))


def test_every_part_one_figure_has_an_opaque_white_background() -> None:
    bugs = make_bugs()
    figures = [
        predictors.recognition_pictures(),
        predictors.pixels_as_numbers_figure(),
        predictors.machine_figure([("in", "work", "out")]),
        predictors.km_tries_figure([0.5]),
        predictors.km_lines_figure([0.5]),
        predictors.bugs_scatter_figure(bugs),
        predictors.two_examples_figure(),
        predictors.error_at_example_figure(0.25, 1.1),
        predictors.learning_rate_replay_figure(0.5),
    ]
    for fig in figures:
        assert to_rgba(fig.get_facecolor()) == (1.0, 1.0, 1.0, 1.0)
        for ax in fig.axes:
            assert to_rgba(ax.get_facecolor())[3] == 1.0


def test_pixels_figure_writes_every_number_and_refuses_a_flat_list() -> None:
    fig = predictors.pixels_as_numbers_figure(np.arange(12).reshape(3, 4))
    numbers = [t.get_text() for t in fig.axes[0].texts]
    assert numbers == [str(n) for n in range(12)]
    with pytest.raises(ValueError, match="2-D grid"):
        predictors.pixels_as_numbers_figure(np.arange(12))


def test_machine_figure_shows_each_part_and_checks_headings() -> None:
    fig = predictors.machine_figure([("3 × 4", "4 + 4 + 4", "12")], headings=["repeated addition"])
    text = all_text(fig)
    for part in ("3 × 4", "4 + 4 + 4", "12", "repeated addition"):
        assert part in text
    with pytest.raises(ValueError, match="one per machine"):
        predictors.machine_figure([("a", "b", "c")], headings=["one", "two"])


def test_km_tries_figure_writes_the_signed_errors_of_the_text() -> None:
    text = all_text(predictors.km_tries_figure([0.5, 0.6, 0.7, 0.61]))
    for error in ("+12.137", "+2.137", "\u22127.863", "+1.137"):
        assert error in text
    assert "overshoot" in text


def test_km_lines_figure_draws_one_line_per_try_and_the_truth() -> None:
    fig = predictors.km_lines_figure([0.5, 0.6, 0.7, 0.61])
    assert line_slopes(fig) == pytest.approx([0.5, 0.6, 0.7, 0.61])
    truth = [line for line in fig.axes[0].get_lines() if "true" in line.get_label()]
    assert len(truth) == 1
    assert list(truth[0].get_xdata()) == [0, 100] and list(truth[0].get_ydata()) == [0, 62.137]


def test_bugs_scatter_plots_every_bug_and_sorts_the_new_one() -> None:
    bugs = make_bugs()
    fig = predictors.bugs_scatter_figure(bugs, slope=1.0, new_bug=(1.6, 2.8))
    ax = fig.axes[0]
    plotted = sum(len(c.get_offsets()) for c in ax.collections)
    assert plotted == len(bugs.kinds) + 1  # every bug, plus the new one
    assert line_slopes(fig) == pytest.approx([1.0])
    assert "above the line" in all_text(fig) and CATERPILLAR in all_text(fig)
    below = predictors.bugs_scatter_figure(bugs, slope=1.0, new_bug=(2.5, 1.2))
    assert "below the line" in all_text(below) and LADYBIRD in all_text(below)
    with pytest.raises(ValueError, match="pass a slope"):
        predictors.bugs_scatter_figure(bugs, new_bug=(1.0, 1.0))


def test_two_examples_figure_draws_the_lines_it_is_given() -> None:
    fig = predictors.two_examples_figure([(0.25, "start"), (0.3667, "after 1"), (2.9, "after 2")])
    assert line_slopes(fig) == pytest.approx([0.25, 0.3667, 2.9])
    points = np.concatenate([c.get_offsets() for c in fig.axes[0].collections])
    assert sorted(map(tuple, points)) == [(1.0, 3.0), (3.0, 1.0)]


def test_error_close_up_marks_output_target_and_error() -> None:
    text = all_text(predictors.error_at_example_figure(0.25, 1.1))
    assert "0.75" in text and "1.1" in text and "0.35" in text
    with_update = predictors.error_at_example_figure(0.25, 1.1, new_slope=0.25 + 0.35 / 3)
    assert line_slopes(with_update) == pytest.approx([0.25, 0.3667], abs=1e-4)
    assert "ΔA × x" in all_text(with_update)


@pytest.mark.parametrize(
    "rate, after_first, after_second",
    [
        (1.0, 0.3667, 2.9),  # the text's run without a learning rate
        (0.5, 0.3083, 1.6042),  # and with L = 0.5 (the corrected value, not the printed 0.6042)
    ],
)
def test_replay_draws_start_and_both_updates(rate: float, after_first: float, after_second: float) -> None:
    fig = predictors.learning_rate_replay_figure(rate)
    assert line_slopes(fig) == pytest.approx([0.25, after_first, after_second], abs=1e-4)
    assert f"{rate:.2f}" in fig.axes[0].get_title()


# --- the interactive figure built from the replay drawing (nnbook.figures.part1.predictor_sliders) -------------


def test_learning_rate_replay_widget_has_one_light_frame_per_rate() -> None:
    from nnbook.figures.part1.predictor_sliders import learning_rate_replay

    widget = learning_rate_replay()
    assert widget.values == pytest.approx(np.arange(0.05, 1.0001, 0.05))
    assert widget.values[widget.slider.index] == 0.5  # opens on the page's worked example
    frames = {f"{v:.2f}": child.value for v, child in zip(widget.values, widget.stack.children)}
    assert sum(map(len, frames.values())) < 450_000, "the figure grew past 450 kB of page"
    assert "1.6042" in frames["0.50"] and "0.3083" in frames["0.50"]
    assert "2.9000" in frames["1.00"] and "caterpillar alone" in frames["1.00"]
    assert 'aria-label="Learning rate 0.05.' in frames["0.05"]
