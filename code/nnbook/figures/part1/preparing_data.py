"""Page 1.16, "Preparing the data": sigmoid saturation, reachable targets, random starting weights."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from nnbook.activation import logit, sigmoid, sigmoid_slope
from nnbook.figures.colours import (
    BLUE,
    GREEN,
    GREY,
    INK_DARK,
    ORANGE,
    VERMILLION,
    VERMILLION_TEXT,
)
from nnbook.figures.part1.gradient_descent import _curve_axes, _minus
from nnbook.figures.style import new_figure, tidy_axes
from nnbook.network import NeuralNetwork
from nnbook.web.widgets import InteractiveFigure

# 1.16 Preparing the data
# ---------------------------------------------------------------------------------------

SATURATION_EDGE = 4.0  # beyond |x| = 4 the sigmoid is nearly flat (slope below 0.018)


def saturation_figure(edge: float = SATURATION_EDGE, marker_x: float | None = None) -> Figure:
    """The sigmoid (top) and its slope (bottom), with the nearly flat zones |x| > edge shaded.

    With ``marker_x``, a dot marks that combined input on both curves (for the slider).
    """
    x = np.linspace(-10, 10, 400)
    fig, (top, bottom) = new_figure(6.0, 4.6, 2, 1, sharex=True, gridspec_kw=dict(height_ratios=[3, 2]))
    for ax in (top, bottom):
        tidy_axes(ax)
        for lo, hi in ((-10, -edge), (edge, 10)):
            ax.axvspan(lo, hi, color=GREY, alpha=0.18, lw=0, hatch="//", fill=True)
    top.plot(x, sigmoid(x), color=BLUE, lw=2.2)
    top.set(ylabel="output σ(x)", ylim=(-0.05, 1.05))
    for centre in (-7.0, 7.0):
        top.text(centre, 0.5, "saturated:\nalmost flat", ha="center", va="center", fontsize=9.5, color=INK_DARK)
    bottom.plot(x, sigmoid_slope(x), color=VERMILLION, lw=2.2)
    bottom.set(ylabel="slope", xlabel="combined input x", ylim=(0, 0.28))
    bottom.annotate(
        "largest slope 0.25 at x = 0",
        (0, 0.25),
        xytext=(2.0, 0.24),
        fontsize=9,
        arrowprops=dict(arrowstyle="->", color=INK_DARK),
    )
    if marker_x is not None:
        top.plot([marker_x], [sigmoid(marker_x)], "o", color=ORANGE, mec="black", ms=10, zorder=4)
        bottom.plot([marker_x], [sigmoid_slope(marker_x)], "o", color=ORANGE, mec="black", ms=10, zorder=4)
        for ax in (top, bottom):
            ax.axvline(marker_x, color=ORANGE, lw=1, ls="--", zorder=1)
        top.set_title(
            _minus(f"x = {marker_x:g}:  output {sigmoid(marker_x):.4f},  slope {sigmoid_slope(marker_x):.4f}"),
            fontsize=10,
        )
    fig.tight_layout()
    return fig


def saturation_slider(values: Sequence[float] | None = None) -> InteractiveFigure:
    """Move the combined input along the sigmoid and read off how steep it is there.

    The slope is what every weight update is multiplied by, so the caption compares it with
    the best possible slope, 0.25 at x = 0: "how fast can this node learn here?"
    """
    xs = [float(v) for v in (range(-10, 11) if values is None else values)]

    def caption(x: float) -> str:
        ratio = sigmoid_slope(0.0) / sigmoid_slope(x)
        if abs(x) < 1e-12:
            verdict = "the steepest point: this node learns as fast as a sigmoid node can"
        elif abs(x) <= SATURATION_EDGE:
            verdict = f"{ratio:,.1f} times flatter than at x = 0: still learning well"
        else:
            verdict = f"{ratio:,.0f} times flatter than at x = 0: saturated, learning nearly stops"
        return _minus(f"Combined input x = {x:g}: slope <b>{sigmoid_slope(x):.4f}</b>, ") + verdict + "."

    def alt(x: float) -> str:
        return (
            f"The sigmoid and its slope, with a dot at combined input x = {x:g}, where the output is "
            f"{sigmoid(x):.4f} and the slope is {sigmoid_slope(x):.4f}."
        )

    return InteractiveFigure(
        xs,
        lambda x: saturation_figure(marker_x=x),
        label="combined input x",
        alt=alt,
        caption=caption,
        value_format="{:g}",
        initial=0.0,
    )


def target_range_figure(low: float = 0.01, high: float = 0.99) -> Figure:
    """The sigmoid can never reach 0 or 1: shaded forbidden zones and the safe target band."""
    x = np.linspace(-8, 8, 400)
    fig, ax = _curve_axes(6.0, 3.6)
    ax.axhspan(1.0, 1.2, color=VERMILLION, alpha=0.15, lw=0)
    ax.axhspan(-0.2, 0.0, color=VERMILLION, alpha=0.15, lw=0)
    ax.axhspan(low, high, color=GREEN, alpha=0.08, lw=0)
    ax.text(-7.7, 1.1, "never reached: 1 and above", va="center", fontsize=9, color=VERMILLION_TEXT)
    ax.text(-7.7, -0.1, "never reached: 0 and below", va="center", fontsize=9, color=VERMILLION_TEXT)
    ax.plot(x, sigmoid(x), color=BLUE, lw=2.2)
    for y in (low, high):
        xv = logit(y)
        ax.plot([xv], [y], "o", color=GREEN, ms=8, mec="black", zorder=3)
        ax.annotate(
            _minus(f"target {y:g} needs x = {xv:+.2f}"),
            (xv, y),
            xytext=(-10 if y > 0.5 else 10, 0),
            textcoords="offset points",
            ha="right" if y > 0.5 else "left",
            va="center",
            fontsize=9,
        )
    ax.set(xlim=(-8, 8), ylim=(-0.2, 1.2), xlabel="combined input x", ylabel="output σ(x)")
    fig.tight_layout()
    return fig


def initial_weight_std(n_incoming: int) -> float:
    """Standard deviation of the starting weights into a node with ``n_incoming`` links: 1/sqrt(n)."""
    if n_incoming < 1:
        raise ValueError(f"a node needs at least one incoming link, got {n_incoming}")
    return 1.0 / math.sqrt(n_incoming)


def initial_weights_figure(seed: int = 2024, n_samples: int = 5000) -> Figure:
    """Histograms of starting weights: uniform(-1, 1) versus normal(0, 1/sqrt(n)) for n = 3 and 100.

    Each panel holds ``n_samples`` weights drawn with ``numpy.random.default_rng(seed)``.
    """
    rng = np.random.default_rng(seed)
    samples = [
        ("uniform from −1 to +1", rng.uniform(-1.0, 1.0, n_samples), GREY),
        ("normal, 3 incoming links\nstd 1/√3", rng.normal(0, initial_weight_std(3), n_samples), BLUE),
        ("normal, 100 incoming links\nstd 1/√100", rng.normal(0, initial_weight_std(100), n_samples), VERMILLION),
    ]
    fig, axes = new_figure(8.4, 2.9, 1, 3, sharex=True)
    bins = np.linspace(-2.0, 2.0, 121)
    for ax, (title, values, colour) in zip(axes, samples):
        tidy_axes(ax, hide=("top", "right", "left"))
        ax.hist(values, bins=bins, color=colour, alpha=0.85)
        ax.set_yticks([])
        ax.set_title(title, fontsize=9.5)
        ax.set_xlabel("weight")
    fig.tight_layout()
    return fig


def summed_signals(n_incoming: int, weight_std: float, n_nodes: int, rng: np.random.Generator) -> np.ndarray:
    """Combined inputs x = w . inputs of ``n_nodes`` nodes, each with random weights and inputs.

    Inputs are uniform in 0.01..1.0 (scaled data), weights normal(0, weight_std); shape (n_nodes,).
    """
    inputs = rng.uniform(0.01, 1.0, size=(n_nodes, n_incoming))
    weights = rng.normal(0.0, weight_std, size=(n_nodes, n_incoming))
    return np.sum(inputs * weights, axis=1)


def saturated_fraction(signals: np.ndarray, edge: float = SATURATION_EDGE) -> float:
    """Share of combined inputs that land in the flat zones |x| > edge."""
    return float(np.mean(np.abs(signals) > edge))


def summed_signal_figure(n_incoming: int = 100, seed: int = 7, n_nodes: int = 4000) -> Figure:
    """Where the combined inputs land with weight std 1 versus 1/sqrt(n), over the saturated zones."""
    rng = np.random.default_rng(seed)
    small = summed_signals(n_incoming, initial_weight_std(n_incoming), n_nodes, rng)
    large = summed_signals(n_incoming, 1.0, n_nodes, rng)
    fig, ax = _curve_axes(6.4, 3.4)
    bins = np.linspace(-25, 25, 101)
    ax.axvspan(-25, -SATURATION_EDGE, color=GREY, alpha=0.15, lw=0)
    ax.axvspan(SATURATION_EDGE, 25, color=GREY, alpha=0.15, lw=0)
    ax.hist(large, bins=bins, color=VERMILLION, alpha=0.75, label="weights with std 1", histtype="stepfilled")
    ax.hist(
        small,
        bins=bins,
        color=BLUE,
        alpha=0.75,
        label=f"weights with std 1/√{n_incoming}",
        histtype="stepfilled",
        hatch="..",
        edgecolor="white",
    )
    ax.text(-14.5, ax.get_ylim()[1] * 0.9, "saturated", ha="center", fontsize=9.5, color=INK_DARK)
    ax.text(14.5, ax.get_ylim()[1] * 0.9, "saturated", ha="center", fontsize=9.5, color=INK_DARK)
    ax.set(
        xlim=(-25, 25), xlabel=f"combined input x of a node with {n_incoming} incoming links", ylabel="number of nodes"
    )
    ax.legend(loc="upper left", bbox_to_anchor=(0.0, 0.8), frameon=False, fontsize=9)
    fig.tight_layout()
    return fig


@dataclass(frozen=True)
class ZeroStart:
    """What a small network does when every starting weight is 0.

    Weight matrices are ``[input_to_hidden, hidden_to_output]``, each of shape
    ``(n_after, n_before)``: row ``k`` holds the weights of the links into node ``k``.
    """

    first_outputs: np.ndarray  # the untrained answer, shape (n_outputs,): sigmoid(0) = 0.5 everywhere
    first_errors: np.ndarray  # target - actual before any training, shape (n_outputs,)
    after_one: list[np.ndarray]  # the weights after one training step
    after_many: list[np.ndarray]  # the weights after ``steps`` training steps
    outputs_after_many: np.ndarray  # the answer after ``steps`` training steps
    steps: int


def train_from_zero(
    inputs: Sequence[float] = (0.9, 0.2),
    targets: Sequence[float] = (0.99, 0.01),
    n_hidden: int = 2,
    learning_rate: float = 0.3,
    steps: int = 1000,
) -> ZeroStart:
    """Train a network whose weights all start at 0 on one record, ``steps`` times over.

    It shows why such a start is wrong: on the first step only the last layer's weights
    move (the errors sent back through all-zero weights are 0), and the hidden nodes,
    starting equal, get equal updates for ever.
    """
    n_in, n_out = len(inputs), len(targets)
    network = NeuralNetwork.from_weights([np.zeros((n_hidden, n_in)), np.zeros((n_out, n_hidden))], learning_rate)
    first_outputs = network.query(inputs)
    first_errors = network.train(inputs, targets)
    after_one = [w.copy() for w in network.weights]
    for _ in range(steps - 1):
        network.train(inputs, targets)
    return ZeroStart(
        first_outputs,
        first_errors,
        after_one,
        [w.copy() for w in network.weights],
        network.query(inputs),
        steps,
    )
