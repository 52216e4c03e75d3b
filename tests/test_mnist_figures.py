"""The MNIST figures of Part 2 draw what their pages say, and the pages' exercise answers hold.

Figures are checked through what matplotlib holds after drawing: the pixel array shown,
the heights of the bars, the points plotted, the text written, the colours. Expected values
come from the inputs themselves or from hand calculation, not from the functions under
test. Facts about the real MNIST files are read straight from the gzipped IDX bytes with
``gzip`` and ``numpy.frombuffer``, a parser independent of the package's.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from nnbook.data import make_targets, scale_inputs
from nnbook.figures import digits
from nnbook.figures.colours import BLUE, ORANGE, VERMILLION
from nnbook.web.widgets import InteractiveFigure


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def raw_mnist(folder: Path, split: str, count: int) -> tuple[np.ndarray, np.ndarray]:
    """The first ``count`` labels and images, read directly from the IDX bytes."""
    prefix = "train" if split == "train" else "t10k"
    with gzip.open(folder / f"{prefix}-labels-idx1-ubyte.gz") as file:
        labels = np.frombuffer(file.read(), dtype=np.uint8, offset=8)[:count]
    with gzip.open(folder / f"{prefix}-images-idx3-ubyte.gz") as file:
        images = np.frombuffer(file.read(16 + 784 * count), dtype=np.uint8, offset=16).reshape(count, 784)
    return labels, images


def bars(ax) -> list[Rectangle]:
    return [patch for patch in ax.patches if isinstance(patch, Rectangle)]


def colour(patch) -> str:
    return to_hex(patch.get_facecolor(), keep_alpha=False).upper()


def white_background(fig: Figure) -> bool:
    return to_hex(fig.get_facecolor()) == "#ffffff" and all(to_hex(ax.get_facecolor()) == "#ffffff" for ax in fig.axes)


def a_ramp() -> np.ndarray:
    """A made-up image whose pixel (row r, column c) is r * 28 + c, clipped to 255."""
    return np.minimum(np.arange(784), 255).astype(np.uint8)


# --------------------------------------------------------------------------- digits


def test_as_square_keeps_rows_in_order_and_refuses_wrong_sizes() -> None:
    square = digits.as_square(np.arange(784))
    assert square.shape == (28, 28)
    assert square[0, 27] == 27 and square[1, 0] == 28 and square[27, 27] == 783
    np.testing.assert_array_equal(digits.as_square(square), square)
    with pytest.raises(ValueError, match="784 grey values.*got 785"):
        digits.as_square(np.zeros(785))


def test_show_digit_draws_every_pixel_unblurred_with_paper_white() -> None:
    ramp = a_ramp()
    ax = digits.show_digit(ramp, title="a ramp")
    image = ax.get_images()[0]
    np.testing.assert_array_equal(image.get_array(), ramp.reshape(28, 28))
    assert image.get_interpolation() == "none"
    assert image.get_clim() == (0.0, 255.0)
    assert image.cmap(image.norm(0))[:3] == pytest.approx((1.0, 1.0, 1.0))  # paper is white
    assert sum(image.cmap(image.norm(255))[:3]) < 0.1  # full ink is black
    assert ax.get_title() == "a ramp"
    scaled = digits.show_digit(scale_inputs(ramp)).get_images()[0]
    assert scaled.get_clim() == (0.0, 1.0)


def test_digit_grid_has_one_titled_picture_per_record_and_blank_spare_cells() -> None:
    images = np.stack([np.full(784, 10 * i, dtype=np.uint8) for i in range(7)])
    labels = np.array([3, 1, 4, 1, 5, 9, 2])
    fig = digits.digit_grid_figure(images, labels, columns=4)
    assert white_background(fig)
    drawn = [ax for ax in fig.axes if ax.get_images()]
    assert len(fig.axes) == 8 and len(drawn) == 7
    assert [ax.get_title() for ax in drawn] == [f"label {n}" for n in labels]
    assert drawn[5].get_images()[0].get_array()[0, 0] == 50
    with pytest.raises(ValueError, match="7 images but 6 labels"):
        digits.digit_grid_figure(images, labels[:6])


def test_pixel_histogram_bars_are_percentages_with_the_same_shape_before_and_after() -> None:
    # 3 images: 784 pixels each; 1,000 zeros, 300 full-ink pixels and 1,052 of value 100.
    values = np.concatenate([np.zeros(1000), np.full(300, 255), np.full(1052, 100)]).astype(np.uint8)
    fig = digits.pixel_histogram_figure(values.reshape(3, 784), bins=17)
    left, right = fig.axes
    raw_heights = [bar.get_height() for bar in bars(left)]
    scaled_heights = [bar.get_height() for bar in bars(right)]
    assert len(raw_heights) == len(scaled_heights) == 17
    assert sum(raw_heights) == pytest.approx(100.0)
    np.testing.assert_allclose(raw_heights, scaled_heights)
    assert raw_heights[0] == pytest.approx(100 * 1000 / 2352)
    assert raw_heights[-1] == pytest.approx(100 * 300 / 2352)
    assert bars(right)[0].get_x() == pytest.approx(0.01)
    assert bars(right)[-1].get_x() + bars(right)[-1].get_width() == pytest.approx(1.0)


# --------------------------------------------------------------------------- outputs


TALK_NINE = np.array([0.02, 0.0, 0.01, 0.01, 0.40, 0.01, 0.01, 0.0, 0.01, 0.86])


def test_output_examples_bars_show_the_signals_and_mark_an_unsure_runner_up() -> None:
    sure = np.zeros(10)
    sure[5], sure[8] = 0.99, 0.02
    fig = digits.output_examples_figure({"a 5": sure, "a 9": TALK_NINE})
    assert white_background(fig)
    top, bottom = fig.axes[:2]
    np.testing.assert_allclose([b.get_height() for b in bars(top)], sure)
    np.testing.assert_allclose([b.get_height() for b in bars(bottom)], TALK_NINE)
    assert colour(bars(top)[5]) == BLUE and colour(bars(bottom)[9]) == BLUE
    assert colour(bars(top)[8]) != ORANGE and not bars(top)[8].get_hatch()  # 0.02 is no rival to 0.99
    assert colour(bars(bottom)[4]) == ORANGE and bars(bottom)[4].get_hatch()  # 0.40 next to 0.86 is
    texts = {t.get_text() for t in bottom.texts}
    assert {"0.86", "0.40"} <= texts
    assert top.get_title(loc="left") == "a 5"


def test_target_bars_are_one_percent_except_at_the_label() -> None:
    fig = digits.target_bars_figure(3)
    heights = [b.get_height() for b in bars(fig.axes[0])]
    assert heights[3] == pytest.approx(0.99)
    assert heights[:3] + heights[4:] == pytest.approx([0.01] * 9)
    assert colour(bars(fig.axes[0])[3]) == BLUE


def test_target_browser_has_a_frame_per_label_with_alt_text() -> None:
    browser = digits.target_browser(initial=5)
    assert isinstance(browser, InteractiveFigure)
    assert browser.values == list(range(10))
    assert browser.slider.index == 5
    frames = [child.value for child in browser.stack.children]
    assert 'data-value="7"' in frames[7] and "node 7 reaches 0.99" in frames[7]


def test_digit_and_outputs_marks_the_answer_and_a_wrong_label() -> None:
    outputs = np.array([0.1, 0.05, 0.2, 0.6, 0.1, 0.1, 0.05, 0.3, 0.1, 0.1])
    fig = digits.digit_and_outputs_figure(a_ramp(), outputs, title="test", label=7)
    digit_ax, bar_ax = fig.axes
    assert digit_ax.get_images() and digit_ax.get_title() == "test"
    np.testing.assert_allclose([b.get_height() for b in bars(bar_ax)], outputs)
    assert colour(bars(bar_ax)[3]) == BLUE
    tick = bar_ax.get_xticklabels()[7]
    assert tick.get_text() == "7" and to_hex(tick.get_color()) != to_hex("black")
    with pytest.raises(ValueError, match="10 output signals"):
        digits.digit_and_outputs_figure(a_ramp(), outputs[:9])


def test_most_ambiguous_picks_the_closest_tie_between_the_pair() -> None:
    outputs = np.full((5, 10), 0.01)
    outputs[0, [4, 9]] = 0.9, 0.3  # 4 then 9, far apart
    outputs[1, [4, 9]] = 0.5, 0.6  # 9 then 4, close: the answer
    outputs[2, [4, 7]] = 0.5, 0.49  # a tie, but with 7
    outputs[3, [9, 4, 1]] = 0.8, 0.7, 0.75  # 4 is only third
    outputs[4, 4] = 0.9
    assert digits.most_ambiguous(outputs, pair=(4, 9)) == 1
    assert digits.most_ambiguous(outputs, pair=(7, 4)) == 2
    with pytest.raises(ValueError, match="no record has digits 3 and 8"):
        digits.most_ambiguous(outputs, pair=(3, 8))
    with pytest.raises(ValueError, match="two different digits"):
        digits.most_ambiguous(outputs, pair=(4, 4))


# --------------------------------------------------------------------------- testing


def test_scorecard_ticks_right_answers_and_frames_wrong_ones() -> None:
    images = np.stack([a_ramp()] * 4)
    fig = digits.scorecard_figure(images, [7, 2, 1, 0], [7, 1, 1, 3], columns=2)
    axes = [ax for ax in fig.axes if ax.get_images()]
    assert [ax.get_title() for ax in axes] == ["label 7", "label 2", "label 1", "label 0"]
    assert [ax.get_xlabel() for ax in axes] == [
        "answer 7 \u2713",
        "answer 1 \u2717",
        "answer 1 \u2713",
        "answer 3 \u2717",
    ]
    framed = [to_hex(ax.spines["left"].get_edgecolor()).upper() == VERMILLION for ax in axes]
    assert framed == [False, True, False, True]


def test_seed_spread_plots_each_seed_and_the_reference() -> None:
    fig = digits.seed_spread_figure([0, 1, 2], [6, 5, 7], [0.53, 0.55, 0.54], n_full=2_500, reference=6)
    left, right = fig.axes
    assert right.get_title() == "all 2,500 test records"
    dots = [line for line in left.get_lines() if line.get_marker() == "o"][0]
    assert list(dots.get_ydata()) == [6, 5, 7]
    dashed = [line for line in left.get_lines() if line.get_linestyle() == "--"][0]
    assert list(dashed.get_ydata()) == [6, 6]
    squares = [line for line in right.get_lines() if line.get_marker() == "s"][0]
    np.testing.assert_allclose(squares.get_ydata(), [53.0, 55.0, 54.0])
    assert [t.get_text() for t in left.get_xticklabels()] == ["0", "1", "2"]


# --------------------------------------------------------------------------- the record browser


def test_record_browser_over_real_records_is_light_and_labelled(mnist_dir: Path) -> None:
    labels, images = raw_mnist(mnist_dir, "train", 30)
    browser = digits.record_browser(images, labels, count=30)
    frames = [child.value for child in browser.stack.children]
    assert len(frames) == 30
    size_kb = sum(len(frame) for frame in frames) / 1000
    assert size_kb < 450, f"the record browser weighs {size_kb:.0f} kB"
    for index in (0, 1, 29):
        assert f'data-value="{index}"' in frames[index]
        assert f"labelled {labels[index]}" in frames[index]
        assert f"Its label says {labels[index]}" in frames[index]
    with pytest.raises(ValueError, match="count must be between 2"):
        digits.record_browser(images, labels, count=31)


# --------------------------------------------------------------------------- facts and exercise answers


def test_mnist_facts_the_pages_show(mnist_dir: Path) -> None:
    labels, images = raw_mnist(mnist_dir, "train", 100)
    assert list(labels[:10]) == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]
    counts = np.bincount(labels, minlength=10)
    assert counts[1] == 14  # exercise 1 of "The MNIST data set"
    assert np.argmin(counts) == 5 and counts.min() == 5
    assert int(np.sum(images[0] == 0)) == 618 and images[0].max() == 255  # exercise 2
    test_labels, _ = raw_mnist(mnist_dir, "test", 10)
    assert list(test_labels) == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]


def test_scaling_and_target_answers_of_preparing_mnist() -> None:
    assert float(scale_inputs(0)) == pytest.approx(0.01)
    assert float(scale_inputs(255)) == pytest.approx(1.00)
    assert round(float(scale_inputs(128)), 3) == 0.507  # 128 * 0.99 / 255 + 0.01 = 0.50694
    assert round(float(scale_inputs(64)), 3) == 0.258  # 64 * 0.99 / 255 + 0.01 = 0.25847
    assert round((0.5 - 0.01) / 0.99 * 255, 1) == 126.2 and float(scale_inputs(126)) < 0.5 < float(scale_inputs(127))
    assert float(make_targets(3).sum()) == pytest.approx(9 * 0.01 + 0.99)


def test_random_guessing_answer_of_testing() -> None:
    labels = np.array([7, 2, 1, 0, 4, 1, 4, 9, 5, 9])
    guesses = np.random.default_rng(0).integers(0, 10, size=(100_000, 10))
    mean = float((guesses == labels).sum(axis=1).mean())
    assert mean == pytest.approx(1.0, abs=0.02)  # 10 records x a 1 in 10 chance
