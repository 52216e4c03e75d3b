"""Pictures of MNIST digits and of what the network says about them (Part 2).

Every function returns a new matplotlib ``Figure`` with an opaque white background (or an
:class:`~nnbook.web.widgets.InteractiveFigure` built from such figures) and leaves showing it
to the caller. Digits are drawn as dark ink on white paper: grey value 0 (the paper) is
white and 255 (full ink) is black, the way the digits were written. Output signals are
drawn as bars, one per output node 0..9; colours come from the Okabe-Ito palette and
every colour is doubled by a second cue (hatching, a symbol or a text label), so the
figures also work for colour-blind readers and in black and white.

The module knows nothing of the network: it takes grey values, labels and output signals
as plain arrays. Shapes: one image is ``(784,)`` or ``(28, 28)``; many are ``(n, 784)``;
output signals are ``(10,)`` per record, each between 0 and 1.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

from nnbook.data import make_targets, scale_inputs
from nnbook.figures.colours import (
    BLUE,
    GREEN,
    GREEN_TEXT_DARK,
    GREY,
    GRID_LIGHT,
    INK,
    ORANGE,
    ORANGE_TEXT,
    VERMILLION,
    VERMILLION_TEXT,
)
from nnbook.figures.style import frame_picture, new_figure, tidy_axes
from nnbook.web.widgets import InteractiveFigure

__all__ = [
    "DIGIT_CMAP",
    "SIDE",
    "as_square",
    "digit_and_outputs_figure",
    "digit_figure",
    "digit_grid_figure",
    "most_ambiguous",
    "output_examples_figure",
    "pixel_histogram_figure",
    "record_browser",
    "scorecard_figure",
    "seed_spread_figure",
    "show_digit",
    "target_bars_figure",
    "target_browser",
]

SIDE = 28
"""Width and height of an MNIST image, in pixels."""

DIGIT_CMAP = "Greys"
"""Colour map for digits: 0 (paper) is white, the largest value (full ink) black."""

N_OUTPUTS = 10


# --------------------------------------------------------------------------- helpers


def _new_figure(width: float, height: float, rows: int = 1, cols: int = 1, **options) -> tuple[Figure, np.ndarray]:
    """A figure in the book's style and its axes as a 2-D array ``(rows, cols)``, whatever their number."""
    return new_figure(width, height, rows, cols, squeeze=False, **options)


def as_square(pixels: ArrayLike) -> np.ndarray:
    """One image as a ``(28, 28)`` float array, row by row as MNIST stores it.

    Accepts the 784 values of a record (``(784,)``) or an image that is already
    ``(28, 28)``; raw grey values 0..255 and scaled inputs 0.01..1.00 both work.
    """
    values = np.asarray(pixels, dtype=np.float64)
    if values.size != SIDE * SIDE:
        raise ValueError(
            f"expected the {SIDE * SIDE} grey values of one 28 x 28 image, got {values.size} "
            f"values (shape {values.shape}); pass one record's pixels without its label"
        )
    return values.reshape(SIDE, SIDE)


def _as_outputs(outputs: ArrayLike) -> np.ndarray:
    """Output signals as a ``(10,)`` float array, checked."""
    values = np.asarray(outputs, dtype=np.float64)
    if values.shape != (N_OUTPUTS,):
        raise ValueError(f"expected the {N_OUTPUTS} output signals of one record, got shape {values.shape}")
    return values


def _as_images(images: ArrayLike, count: int | None = None) -> np.ndarray:
    """Many images as ``(n, 784)``; ``count`` checks that there is one per label."""
    values = np.asarray(images)
    if values.ndim == 3 and values.shape[1:] == (SIDE, SIDE):
        values = values.reshape(len(values), SIDE * SIDE)
    if values.ndim != 2 or values.shape[1] != SIDE * SIDE:
        raise ValueError(f"expected images of shape (n, {SIDE * SIDE}), one record per row, got shape {values.shape}")
    if count is not None and len(values) != count:
        raise ValueError(f"got {len(values)} images but {count} labels; give one label per image")
    return values


def show_digit(pixels: ArrayLike, ax: Axes | None = None, *, title: str | None = None, title_colour: str = INK) -> Axes:
    """Draw one digit into ``ax`` (a new figure if None) and return the axes.

    Each of the 784 values becomes one square pixel, with no blurring between
    neighbours. The colour scale runs from 0 to 255 for raw grey values and from 0 to 1
    for scaled inputs (anything no larger than 1), so both look the same.
    """
    square = as_square(pixels)
    if ax is None:
        _, axes = _new_figure(2.4, 2.4)
        ax = axes[0, 0]
    top = 1.0 if square.max() <= 1.0 else 255.0
    ax.imshow(square, cmap=DIGIT_CMAP, vmin=0.0, vmax=top, interpolation="none")
    frame_picture(ax)
    if title:
        ax.set_title(title, fontsize=11, color=title_colour)
    return ax


def digit_figure(pixels: ArrayLike, title: str | None = None, *, size: float = 2.6) -> Figure:
    """One digit on its own, ``size`` inches square (plus room for the title)."""
    fig, axes = _new_figure(size, size + (0.3 if title else 0.0))
    show_digit(pixels, axes[0, 0], title=title)
    fig.tight_layout(pad=0.3)
    return fig


def digit_grid_figure(
    images: ArrayLike, labels: ArrayLike, *, columns: int = 5, title_format: str = "label {label}", cell: float = 1.35
) -> Figure:
    """Several digits in a grid, each titled with its label, read left to right, top to bottom.

    ``images`` is ``(n, 784)`` (or ``(n, 28, 28)``) and ``labels`` ``(n,)``. ``title_format``
    may use ``{label}`` and ``{index}`` (the position, counting from 0). Each cell is
    ``cell`` inches wide.
    """
    labels = np.asarray(labels)
    images = _as_images(images, len(labels))
    if len(labels) == 0:
        raise ValueError("no digits to draw: labels is empty")
    if columns < 1:
        raise ValueError(f"columns must be at least 1, got {columns}")
    columns = min(columns, len(labels))
    rows = math.ceil(len(labels) / columns)
    fig, axes = _new_figure(cell * columns, (cell + 0.28) * rows, rows, columns)
    for position, ax in enumerate(axes.flat):
        if position < len(labels):
            show_digit(images[position], ax, title=title_format.format(label=int(labels[position]), index=position))
        else:
            ax.axis("off")
    fig.tight_layout(pad=0.3, h_pad=0.6, w_pad=0.4)
    return fig


# --------------------------------------------------------------------------- pixel values


def pixel_histogram_figure(images: ArrayLike, *, bins: int = 17) -> Figure:
    """How often each grey value occurs, before (0..255) and after scaling (0.01..1.00).

    Two panels with the same ``bins`` bars; the heights are percentages of all pixels in
    ``images`` (``(n, 784)``, raw grey values). The bars have the same shape, because
    scaling only stretches and shifts the number line; what changes is the axis below.
    """
    raw = _as_images(images).astype(np.float64).ravel()
    scaled = scale_inputs(raw)
    weights = np.full(raw.shape, 100.0 / raw.size)
    fig, axes = _new_figure(6.4, 2.9, 1, 2, sharey=True)
    left, right = axes[0]
    left.hist(raw, bins=np.linspace(0.0, 255.0, bins + 1), weights=weights, color=GREY, edgecolor="white")
    right.hist(scaled, bins=np.linspace(0.01, 1.0, bins + 1), weights=weights, color=BLUE, edgecolor="white")
    left.set_title("raw grey values", fontsize=11)
    right.set_title("scaled inputs", fontsize=11)
    left.set_xlabel("grey value (0 = paper, 255 = ink)")
    right.set_xlabel("input to the network")
    left.set_ylabel("% of all pixels")
    left.set_xticks([0, 64, 128, 192, 255])
    right.set_xticks([0.01, 0.25, 0.5, 0.75, 1.0], ["0.01", "0.25", "0.50", "0.75", "1.00"])
    for ax in (left, right):
        tidy_axes(ax)
    fig.tight_layout(pad=0.4)
    return fig


# --------------------------------------------------------------------------- output signals


def _output_bars(
    ax: Axes,
    outputs: np.ndarray,
    *,
    winner_colour: str = BLUE,
    second: bool = False,
    label: int | None = None,
    value_threshold: float = 0.05,
    show_ylabel: bool = True,
) -> None:
    """Ten bars, one per output node; the largest in ``winner_colour``, values written on.

    With ``second`` the runner-up is drawn in orange with hatching. With ``label`` the
    right answer's node gets a "label" tag under its number when it is not the winner.
    Values at least ``value_threshold`` are written above their bars.
    """
    order = np.argsort(outputs)
    winner, runner_up = int(order[-1]), int(order[-2])
    colours = [GREY] * N_OUTPUTS
    hatches = [""] * N_OUTPUTS
    colours[winner] = winner_colour
    if second:
        colours[runner_up] = ORANGE
        hatches[runner_up] = "//"
    bars = ax.bar(range(N_OUTPUTS), outputs, color=colours, edgecolor="white", width=0.75)
    for bar, hatch in zip(bars, hatches):
        if hatch:
            bar.set_hatch(hatch)
            bar.set_edgecolor(ORANGE_TEXT)
    for node, value in enumerate(outputs):
        if value >= value_threshold:
            ax.text(
                node,
                value + 0.025,
                f"{value:.2f}",
                ha="center",
                va="bottom",
                fontsize=9,
                color=INK,
                fontweight="bold" if node == winner else "normal",
            )
    ax.set_xticks(range(N_OUTPUTS))
    ax.set_xlim(-0.6, N_OUTPUTS - 0.4)
    ax.set_ylim(0.0, 1.12)
    ax.set_yticks([0.0, 0.5, 1.0])
    if show_ylabel:
        ax.set_ylabel("output signal")
    tidy_axes(ax)
    if label is not None and int(label) != winner:
        ax.get_xticklabels()[int(label)].set_color(VERMILLION_TEXT)
        ax.get_xticklabels()[int(label)].set_fontweight("bold")


def output_examples_figure(examples: Mapping[str, ArrayLike]) -> Figure:
    """Output signals of a few example records, one bar chart per record, stacked.

    ``examples`` maps a title (e.g. ``"a 5"``) to that record's 10 output signals. The
    strongest node of each is blue; the runner-up is orange and hatched when it reaches
    at least a quarter of the winner's signal, the mark of an unsure answer.
    """
    if not examples:
        raise ValueError("no examples to draw: give at least one title and its 10 outputs")
    fig, axes = _new_figure(5.6, 1.7 * len(examples) + 0.5, len(examples), 1, sharex=True)
    for ax, (title, values) in zip(axes[:, 0], examples.items()):
        outputs = _as_outputs(values)
        top_two = np.sort(outputs)[-2:]
        _output_bars(ax, outputs, second=bool(top_two[0] >= 0.25 * top_two[1]), show_ylabel=False)
        ax.set_title(title, loc="left", fontsize=11)
    axes[-1, 0].set_xlabel("output node (the digit it stands for)")
    fig.supylabel("output signal", fontsize=10)
    fig.tight_layout(pad=0.4, h_pad=0.8)
    return fig


def target_bars_figure(label: int, *, low: float = 0.01, high: float = 0.99) -> Figure:
    """The target vector for one label as ten bars: ``low`` everywhere, ``high`` at the label."""
    targets = make_targets(int(label), low=low, high=high)
    # Small in inches on purpose: interactive frames are often shown about 4 inches wide,
    # and a smaller drawing keeps its text readable there.
    fig, axes = _new_figure(4.2, 2.4)
    ax = axes[0, 0]
    colours = [BLUE if node == label else GREY for node in range(N_OUTPUTS)]
    ax.bar(range(N_OUTPUTS), targets, color=colours, edgecolor="white", width=0.75)
    for node, value in enumerate(targets):
        ax.text(
            node,
            value + 0.025,
            f"{value:.2f}",
            ha="center",
            va="bottom",
            fontsize=8,
            color=INK,
            fontweight="bold" if node == label else "normal",
        )
    ax.set_xticks(range(N_OUTPUTS))
    ax.set_ylim(0.0, 1.15)
    ax.set_yticks([0.0, 0.5, 1.0])
    ax.set_xlabel("output node")
    ax.set_ylabel("target")
    ax.set_title(f"targets for a {int(label)}", fontsize=11)
    tidy_axes(ax)
    fig.tight_layout(pad=0.4)
    return fig


def _target_alt(label: int) -> str:
    return (
        f"Ten bars for the output nodes 0 to 9. The bar of node {label} reaches 0.99; "
        "the other nine are tiny stubs at 0.01."
    )


def target_browser(initial: int = 5) -> InteractiveFigure:
    """Choose a label 0..9 and see its target vector (ten frames of :func:`target_bars_figure`)."""
    return InteractiveFigure(
        list(range(N_OUTPUTS)),
        target_bars_figure,
        label="label",
        alt=_target_alt,
        caption=lambda label: f"For label {label}, node {label} (counting from 0) should say 0.99.",
        initial=int(initial),
    )


def digit_and_outputs_figure(
    pixels: ArrayLike, outputs: ArrayLike, *, title: str | None = None, label: int | None = None, second: bool = False
) -> Figure:
    """A digit on the left and the network's ten output signals for it on the right.

    The winning node (the network's answer) is blue. ``second`` also marks the runner-up
    (orange, hatched). If ``label`` is given and the answer is wrong, the label's node
    number is printed in bold vermillion under the bars.
    """
    values = _as_outputs(outputs)
    fig, axes = _new_figure(6.0, 2.6, 1, 2, gridspec_kw={"width_ratios": [1.0, 2.1]})
    show_digit(pixels, axes[0, 0], title=title)
    _output_bars(axes[0, 1], values, second=second, label=label)
    axes[0, 1].set_xlabel("output node")
    fig.tight_layout(pad=0.4, w_pad=1.2)
    return fig


def most_ambiguous(outputs: ArrayLike, pair: tuple[int, int] = (4, 9)) -> int:
    """The record whose two strongest outputs are the digits ``pair`` and closest to a tie.

    ``outputs`` is ``(n, 10)``: the output signals of n records. Among the records whose
    largest and second-largest signals belong to the two digits of ``pair`` (either
    way round), returns the index of the one where the weaker of the two is the biggest
    fraction of the stronger: the network can hardly choose. Raises ``ValueError`` if
    no record has that pair on top.
    """
    values = np.asarray(outputs, dtype=np.float64)
    if values.ndim != 2 or values.shape[1] != N_OUTPUTS:
        raise ValueError(f"expected output signals of shape (n, {N_OUTPUTS}), got {values.shape}")
    first, other = (int(d) for d in pair)
    if first == other or not (0 <= first < N_OUTPUTS and 0 <= other < N_OUTPUTS):
        raise ValueError(f"pair must be two different digits 0..9, got {pair}")
    order = np.argsort(values, axis=1)
    top, runner_up = order[:, -1], order[:, -2]
    chosen = np.flatnonzero(((top == first) & (runner_up == other)) | ((top == other) & (runner_up == first)))
    if chosen.size == 0:
        raise ValueError(f"no record has digits {first} and {other} as its two strongest outputs")
    a, b = values[chosen, first], values[chosen, other]
    closeness = np.minimum(a, b) / np.maximum(a, b)
    return int(chosen[np.argmax(closeness)])


# --------------------------------------------------------------------------- testing


def scorecard_figure(images: ArrayLike, labels: ArrayLike, answers: ArrayLike, *, columns: int = 5) -> Figure:
    """The scorecard as pictures: each test digit with its label, the answer, and a tick or cross.

    Right answers get a green tick, wrong ones a vermillion cross and a vermillion frame,
    so symbol, colour and frame each tell the story.
    """
    labels = np.asarray(labels)
    answers = np.asarray(answers)
    images = _as_images(images, len(labels))
    if answers.shape != labels.shape:
        raise ValueError(f"got {len(answers)} answers for {len(labels)} labels; give one answer per record")
    columns = min(columns, len(labels))
    rows = math.ceil(len(labels) / columns)
    fig, axes = _new_figure(1.45 * columns, 2.0 * rows, rows, columns)
    for position, ax in enumerate(axes.flat):
        if position >= len(labels):
            ax.axis("off")
            continue
        right = int(answers[position]) == int(labels[position])
        mark = "\u2713" if right else "\u2717"
        show_digit(images[position], ax, title=f"label {int(labels[position])}")
        ax.set_xlabel(
            f"answer {int(answers[position])} {mark}",
            fontsize=11,
            color=GREEN_TEXT_DARK if right else VERMILLION_TEXT,
            fontweight="bold",
        )
        if not right:
            for spine in ax.spines.values():
                spine.set_color(VERMILLION)
                spine.set_linewidth(2.5)
    fig.tight_layout(pad=0.3, h_pad=0.6, w_pad=0.4)
    return fig


def seed_spread_figure(
    seeds: Sequence[int],
    small_scores: Sequence[int],
    full_accuracies: Sequence[float],
    *,
    n_small: int = 10,
    n_full: int = 10_000,
    reference: int | None = None,
) -> Figure:
    """One dot per seed: the score on the small test file (left) and on the full test set (right).

    ``small_scores`` are counts of right answers out of ``n_small``; ``full_accuracies``
    are fractions 0..1 on all ``n_full`` test records. ``reference`` draws a dashed line at a score
    reported elsewhere (e.g. the original book's 6 out of 10).
    """
    seeds = list(seeds)
    if not (len(seeds) == len(small_scores) == len(full_accuracies)) or not seeds:
        raise ValueError("give one small score and one full accuracy per seed (and at least one seed)")
    fig, axes = _new_figure(6.4, 2.9, 1, 2)
    left, right = axes[0]
    positions = np.arange(len(seeds))
    left.plot(positions, small_scores, "o", color=BLUE, markersize=9, label="our runs")
    if reference is not None:
        left.axhline(reference, color=VERMILLION, linestyle="--", linewidth=1.6, label="original book")
        left.legend(loc="lower right", fontsize=9, frameon=False)
    left.set_ylim(-0.3, n_small + 0.3)
    left.set_yticks(range(0, n_small + 1, 2))
    left.set_ylabel(f"right answers out of {n_small}")
    left.set_title(f"the {n_small} small test records", fontsize=11)
    right.plot(positions, np.asarray(full_accuracies) * 100.0, "s", color=GREEN, markersize=8)
    low, high = min(full_accuracies) * 100.0, max(full_accuracies) * 100.0
    margin = max(1.0, (high - low) * 0.6)
    right.set_ylim(low - margin, high + margin)
    right.set_ylabel("% right")
    right.set_title(f"all {n_full:,} test records", fontsize=11)
    for ax in (left, right):
        ax.set_xticks(positions, [str(s) for s in seeds])
        ax.set_xlabel("seed of the starting weights")
        ax.set_xlim(-0.6, len(seeds) - 0.4)
        tidy_axes(ax, grid="y", grid_colour=GRID_LIGHT, grid_width=0.8)
    fig.tight_layout(pad=0.4, w_pad=1.5)
    return fig


# --------------------------------------------------------------------------- browsing records


def record_browser(
    images: ArrayLike, labels: ArrayLike, *, count: int = 30, split: str = "training"
) -> InteractiveFigure:
    """A slider over the first ``count`` records, showing each digit and its label.

    ``images`` ``(n, 784)`` raw grey values and ``labels`` ``(n,)``, n >= ``count``. Each
    frame is a small SVG with the 28 x 28 pixels embedded as a tiny PNG, about 2.5 kB, so
    30 records weigh about 80 kB of page.
    """
    labels = np.asarray(labels)
    images = _as_images(images, len(labels))
    if not 2 <= count <= len(labels):
        raise ValueError(f"count must be between 2 and the number of records ({len(labels)}), got {count}")

    def draw(index: int) -> Figure:
        return digit_figure(images[index], f"record {index}: label {int(labels[index])}", size=2.4)

    def alt(index: int) -> str:
        return (
            f"{split.capitalize()} record {index}: a handwritten digit in dark ink on white, "
            f"labelled {int(labels[index])}."
        )

    return InteractiveFigure(
        list(range(count)),
        draw,
        label=f"{split} record",
        alt=alt,
        caption=lambda index: f"Record {index} of the {split} set. Its label says {int(labels[index])}.",
    )
