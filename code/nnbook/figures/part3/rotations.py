"""The figures of Part 3's "Rotations": turned digits and what turned copies do for accuracy."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

from nnbook.experiments.rotations import (
    ANGLES,
    SOURCE_ROTATION_RESULTS,
    Precomputed,
    RotationResults,
)
from nnbook.figures.colours import BLUE, GREY, ORANGE, VERMILLION
from nnbook.figures.digits import digit_and_outputs_figure, show_digit
from nnbook.figures.style import new_figure, tidy_axes
from nnbook.images import rotate_digit
from nnbook.network import NeuralNetwork
from nnbook.web.widgets import InteractiveFigure

__all__ = [
    "angle_sweep_figure",
    "rotation_results_figure",
    "rotation_slider",
    "turned_copies_figure",
    "turned_test_figure",
]

# --------------------------------------------------------------------------- figures


def _white_axes(width: float, height: float, cols: int = 1, rows: int = 1, **options) -> tuple[Figure, np.ndarray]:
    """A figure in the book's style, laid out by matplotlib, and its axes as a flat array (``rows * cols``)."""
    fig, axes = new_figure(width, height, rows, cols, squeeze=False, layout="constrained", **options)
    return fig, axes.ravel()


def _percent(ax: plt.Axes, decimals: int = 1) -> None:
    ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda y, _: f"{100 * y:.{decimals}f}%"))


def _degrees(angle: float) -> str:
    """An angle for a title: "+10°", "−10°" (a true minus sign), "0°"."""
    return "0°" if angle == 0 else f"{angle:+g}°".replace("-", "\u2212")


def turned_copies_figure(pixels: ArrayLike, angles: Sequence[float] = ANGLES) -> Figure:
    """A digit and its turned copies side by side, each titled with its angle and direction."""
    picture = np.asarray(pixels, dtype=np.float64)
    fill = float(picture.min())
    fig, axes = _white_axes(2.1 * (1 + len(angles)), 2.5, 1 + len(angles))
    show_digit(picture, axes[0], title="original")
    for ax, angle in zip(axes[1:], angles):
        way = "anticlockwise" if angle > 0 else "clockwise"
        show_digit(rotate_digit(picture, angle, fill=fill), ax, title=f"{_degrees(angle)} ({way})")
    return fig


def rotation_slider(
    net: NeuralNetwork, pixels: ArrayLike, label: int, angles: Sequence[float] | None = None
) -> InteractiveFigure:
    """An angle slider (default -45..45 degrees in steps of 5) turning one digit, with the network's outputs.

    ``pixels`` is one scaled record ``(784,)``; every frame shows it turned and the ten
    outputs ``net`` gives for the turned picture (answer in blue; the label's node in red
    under the bars when the answer is wrong). The frames are computed when this is built.
    """
    picture = np.asarray(pixels, dtype=np.float64)
    chosen = [float(a) for a in (np.arange(-45, 46, 5) if angles is None else angles)]
    turned = {angle: rotate_digit(picture, angle, fill=float(picture.min())) for angle in chosen}
    outputs = {angle: net.query(turned[angle]) for angle in chosen}

    def draw(angle: float) -> Figure:
        return digit_and_outputs_figure(turned[angle], outputs[angle], title=f"turned {_degrees(angle)}", label=label)

    def answer(angle: float) -> int:
        return int(np.argmax(outputs[angle]))

    def alt(angle: float) -> str:
        return (
            f"Left: the handwritten {label} turned {abs(angle):g} degrees "
            f"{'anticlockwise' if angle > 0 else 'clockwise' if angle < 0 else '(not turned)'}. "
            f"Right: the network's ten outputs; the tallest is node {answer(angle)} at "
            f"{outputs[angle][answer(angle)]:.2f}."
        )

    def caption(angle: float) -> str:
        if answer(angle) == label:
            return f"Turned {_degrees(angle)}: the network says <b>{label}</b> ({outputs[angle][label]:.2f})."
        return (
            f"Turned {_degrees(angle)}: the network now says <b>{answer(angle)}</b> "
            f"({outputs[angle][answer(angle)]:.2f}); the {label} gets only {outputs[angle][label]:.2f}."
        )

    return InteractiveFigure(
        chosen, draw, label="turn (degrees)", alt=alt, caption=caption, value_format="{:+.0f}", initial=0.0
    )


_STYLE = {  # (rotated, learning rate) -> colour, marker, line style, label
    (False, 0.1): (BLUE, "o", "-", "no copies, rate 0.1"),
    (True, 0.1): (BLUE, "s", "--", "with turned copies, rate 0.1"),
    (False, 0.01): (ORANGE, "^", "-", "no copies, rate 0.01"),
    (True, 0.01): (VERMILLION, "D", "--", "with turned copies, rate 0.01"),
}


def _style(rotated: bool, rate: float) -> tuple[str, str, str, str]:
    for (r, lr), style in _STYLE.items():
        if r == rotated and np.isclose(lr, rate):
            return style
    return (GREY, "x", ":", f"{'with' if rotated else 'no'} copies, rate {rate:g}")


def rotation_results_figure(results: RotationResults, *, max_epoch: int = 5) -> Figure:
    """Test accuracy of every setting, mean over seeds with the lowest-highest band, drawn two ways.

    Top: against epochs (up to ``max_epoch``), the way results are usually quoted.
    Bottom: against learning steps taken (records seen, in millions), where a rotated
    epoch counts three times. The original book's single runs (those within ``max_epoch``)
    are large hollow markers of the same shape and colour in the top panel. The panels
    are stacked, not side by side, so that they stay readable on a phone.
    """
    fig, (left, right) = _white_axes(6.4, 7.0, 1, 2, sharey=True)
    settings = sorted({(t.rotated, t.learning_rate) for t in results.trials}, key=lambda s: (-s[1], s[0]))
    for rotated, rate in settings:
        colour, marker, line, label = _style(rotated, rate)
        curve = results.curve(rotated, rate)
        steps = (
            np.array(
                sorted(
                    {
                        t.records_seen
                        for t in results.trials
                        if t.rotated == rotated and np.isclose(t.learning_rate, rate)
                    }
                )
            )
            / 1e6
        )
        shown = curve.values <= max_epoch
        for ax, x, keep in ((left, curve.values, shown), (right, steps, np.ones_like(shown))):
            keep = keep.astype(bool)
            if keep.sum() > 1:
                ax.fill_between(x[keep], curve.low[keep], curve.high[keep], color=colour, alpha=0.18, lw=0)
            else:
                ax.vlines(x[keep], curve.low[keep], curve.high[keep], color=colour, lw=3, alpha=0.5)
            ax.plot(
                x[keep],
                curve.mean[keep],
                color=colour,
                marker=marker,
                ls=line,
                lw=1.8,
                ms=6,
                label=label if ax is left else None,
            )
    source = [
        ((False, 0.1), 1, SOURCE_ROTATION_RESULTS["plain, rate 0.1, 1 epoch"]),
        ((True, 0.1), 1, SOURCE_ROTATION_RESULTS["rotated, rate 0.1, 1 epoch"]),
        ((True, 0.01), 5, SOURCE_ROTATION_RESULTS["rotated, rate 0.01, 5 epochs"]),
        ((True, 0.01), 10, SOURCE_ROTATION_RESULTS["rotated, rate 0.01, 10 epochs"]),
    ]
    for (rotated, rate), epoch, accuracy in source:
        if epoch <= max_epoch:
            colour, marker, _, _ = _style(rotated, rate)
            left.plot([epoch], [accuracy], ls="none", marker=marker, ms=12, mfc="white", mec=colour, mew=2, zorder=3)
    left.plot(
        [],
        [],
        ls="none",
        marker="o",
        ms=10,
        mfc="white",
        mec=GREY,
        mew=2,
        label="hollow: the original book (one run each)",
    )
    left.set_xlabel("epochs (passes over the training set)")
    left.set_xticks(range(1, max_epoch + 1))
    right.set_xlabel("learning steps taken (millions of records)")
    for ax in (left, right):
        ax.set_ylabel("test accuracy")
        tidy_axes(ax, grid="both")
        _percent(ax)
    fig.legend(loc="outside lower center", ncol=2, fontsize=9, frameon=False)
    return fig


def turned_test_figure(results: RotationResults, learning_rate: float) -> Figure:
    """Accuracy on test digits turned by each angle, for networks trained with and without the copies."""
    fig, axes = _white_axes(6.4, 3.6)
    ax = axes[0]
    for rotated in (False, True):
        colour, marker, line, label = _style(rotated, learning_rate)
        curve = results.turned_curve(rotated, learning_rate)
        ax.fill_between(curve.values, curve.low, curve.high, color=colour, alpha=0.18, lw=0)
        ax.plot(curve.values, curve.mean, color=colour, marker=marker, ls=line, lw=1.8, ms=6, label=label)
    ax.axvspan(
        min(ANGLES),
        max(ANGLES),
        color=GREY,
        alpha=0.12,
        lw=0,
        label=f"turns seen in training ({_degrees(min(ANGLES))} to {_degrees(max(ANGLES))})",
    )
    ax.set_xlabel("test digits turned by (degrees; + is anticlockwise)")
    ax.set_ylabel("test accuracy")
    tidy_axes(ax, grid="both")
    _percent(ax, 0)
    ax.legend(loc="lower center", fontsize=9, frameon=False)
    return fig


def angle_sweep_figure(
    data: Precomputed, angles: Sequence[float], *, learning_rate: float = 0.1, order: str = "shuffled"
) -> Figure:
    """Test accuracy after one epoch with copies turned by +-angle, for each angle, against two plain baselines.

    Each seed is a dot; the line joins the means. The plain baselines are horizontal
    bands (lowest to highest seed) with their mean as a line: one plain epoch (the same
    epochs) and three plain epochs (the same learning steps as one epoch with two copies).
    """
    fig, axes = _white_axes(6.4, 4.6)
    ax = axes[0]
    for epochs, colour, line, words in ((1, GREY, ":", "no copies, 1 epoch"), (3, BLUE, "-", "no copies, 3 epochs")):
        mean, low, high = data.at(0.0, learning_rate, epochs)
        ax.axhspan(low, high, color=colour, alpha=0.15, lw=0)
        ax.axhline(
            mean, color=colour, ls=line, lw=1.6, label=f"{words} (the same {'epochs' if epochs == 1 else 'steps'})"
        )
    means = []
    for angle in angles:
        seeds = data.by_seed(angle, learning_rate, 1, order=order)
        ax.plot([angle] * len(seeds), list(seeds.values()), ls="none", marker="o", ms=5, color=VERMILLION, alpha=0.6)
        means.append(np.mean(list(seeds.values())))
    ax.plot(angles, means, color=VERMILLION, marker="D", ms=7, lw=1.8, label="with copies turned \u00b1angle, 1 epoch")
    ax.set_xticks(list(angles))
    ax.set_xticklabels([f"\u00b1{a:g}\u00b0" for a in angles])
    ax.yaxis.set_major_locator(plt.MultipleLocator(0.002))  # every 0.2 points, so one decimal reads true
    ax.set_xlabel("how far the training copies were turned")
    ax.set_ylabel("test accuracy")
    tidy_axes(ax, grid="both")
    _percent(ax)
    fig.legend(loc="outside lower center", ncol=1, fontsize=9, frameon=False)
    return fig
