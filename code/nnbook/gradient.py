"""How a network's errors travel backwards and how its weights learn from them.

This module computes and draws everything for the last four pages of Part 1:

- sending output errors back to the hidden layer, with 1.12's fractions and with the
  transposed weight matrix (page "Backpropagation with matrices");
- gradient descent: the toy error curve ``y = (x - 1)**2 + 1``, an error surface with two
  valleys, the choice of error function and the slope of the error for one weight
  (page "How do we actually update the weights?");
- one weight update with every intermediate number (page "A weight update, worked through");
- sigmoid saturation, the reachable target range and random starting weights
  (page "Preparing the data").

It uses numpy directly and knows nothing of the book's network class, so the pages that
explain the maths do not depend on the code that Part 2 builds. Weight matrices follow the
book's convention: one row per receiving node, one column per sending node, so
``weights[k, j]`` is the weight on the link from node j to node k.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch, Polygon

from .activation import logit, sigmoid, sigmoid_slope
from .colours import BLUE, GREEN, GREEN_TEXT, GREY, ORANGE, ORANGE_TEXT, SKY, VERMILLION, VERMILLION_TEXT, YELLOW
from .diagrams import draw_network
from .widgets import InteractiveFigure

# Okabe-Ito colours (as in plots.py), plus darker shades for text on white.
LIGHT = "#D9D9D9"

# ---------------------------------------------------------------------------------------
# 1.13 Backpropagation with matrices
# ---------------------------------------------------------------------------------------

#: The hidden-to-output weights of 1.12's example, shape (n_outputs, n_hidden) = (2, 2):
#: into output 1 come w11 = 2.0 and w21 = 3.0, into output 2 come w12 = 1.0 and w22 = 4.0.
EXAMPLE_WEIGHTS = np.array([[2.0, 3.0], [1.0, 4.0]])
#: The output errors of 1.12's example, e1 and e2, shape (n_outputs,).
EXAMPLE_ERRORS = np.array([1.5, 0.5])


def _check_backprop_shapes(weights: np.ndarray, output_errors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    weights = np.asarray(weights, dtype=float)
    errors = np.asarray(output_errors, dtype=float).reshape(-1)
    if weights.ndim != 2 or weights.shape[0] != errors.size:
        raise ValueError(f"the weight matrix needs one row per output node: got shape {weights.shape} "
                         f"for {errors.size} output errors; pass weights of shape (n_outputs, n_hidden)")
    return weights, errors


def hidden_errors_by_fractions(weights: np.ndarray, output_errors: np.ndarray) -> np.ndarray:
    """Hidden errors the 1.12 way: each output error is split in proportion to the weights.

    ``weights`` has shape (n_outputs, n_hidden); ``output_errors`` has n_outputs entries.
    Output k's error goes back along the link from hidden node j with the share
    ``weights[k, j] / weights[k].sum()``; a hidden node adds up the shares it receives.
    Returns the n_hidden hidden errors.
    """
    weights, errors = _check_backprop_shapes(weights, output_errors)
    totals = weights.sum(axis=1, keepdims=True)
    if np.any(np.isclose(totals, 0.0)):
        raise ValueError("the weights into some output node add up to zero, so the fractions "
                         "are undefined; this is one reason to use the matrix shortcut instead")
    return (weights / totals).T @ errors


def hidden_errors_by_transpose(weights: np.ndarray, output_errors: np.ndarray) -> np.ndarray:
    """Hidden errors the matrix way: e_hidden = weights^T . e_output (no denominators).

    ``weights`` has shape (n_outputs, n_hidden), so its transpose has shape
    (n_hidden, n_outputs) and the product has one entry per hidden node.
    """
    weights, errors = _check_backprop_shapes(weights, output_errors)
    return weights.T @ errors


#: An exercise layer with 3 hidden and 2 output nodes, shape (2, 3), and its output errors.
EXERCISE_WEIGHTS = np.array([[0.5, 1.0, 2.0], [1.0, 0.5, 0.5]])
EXERCISE_ERRORS = np.array([0.8, 0.2])


def _node(ax: plt.Axes, xy: tuple[float, float], text: str = "", *, colour: str = "white",
          edge: str = "#333333", radius: float = 0.32, fontsize: float = 11) -> None:
    ax.add_patch(Circle(xy, radius, facecolor=colour, edgecolor=edge, lw=1.6, zorder=3))
    if text:
        ax.text(*xy, text, ha="center", va="center", fontsize=fontsize, zorder=4)


def _link(ax: plt.Axes, start: tuple[float, float], end: tuple[float, float], *, colour: str = GREY,
          lw: float = 1.5, arrow: bool = False, radius: float = 0.32, style: str = "-") -> None:
    """A straight link between two node centres, trimmed so it stops at the circles."""
    (x0, y0), (x1, y1) = start, end
    length = math.hypot(x1 - x0, y1 - y0)
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    a = (x0 + ux * radius, y0 + uy * radius)
    b = (x1 - ux * (radius + 0.02), y1 - uy * (radius + 0.02))
    ax.add_patch(FancyArrowPatch(a, b, arrowstyle="-|>" if arrow else "-", mutation_scale=14,
                                 color=colour, lw=lw, linestyle=style, zorder=2))


def _blank_axes(width: float, height: float, xlim: tuple[float, float], ylim: tuple[float, float],
                facecolor: str = "white") -> tuple[Figure, plt.Axes]:
    fig, ax = plt.subplots(figsize=(width, height), facecolor=facecolor)
    ax.set_facecolor(facecolor)
    ax.set(xlim=xlim, ylim=ylim, aspect="equal")
    ax.axis("off")
    return fig, ax


def error_backflow_figure(weights: np.ndarray = EXAMPLE_WEIGHTS,
                          output_errors: np.ndarray = EXAMPLE_ERRORS) -> Figure:
    """The 2-2 hidden-to-output layer with errors flowing back, and both kinds of hidden error.

    Each link carries its weight; next to each hidden node are its error by fractions (1.12)
    and by the matrix shortcut ``weights.T @ errors``. Shapes: ``weights`` (2, 2), errors (2,).
    """
    weights, errors = _check_backprop_shapes(weights, output_errors)
    if weights.shape != (2, 2):
        raise ValueError(f"this drawing shows a 2-2 layer; got weights of shape {weights.shape}")
    by_fraction = hidden_errors_by_fractions(weights, errors)
    by_matrix = hidden_errors_by_transpose(weights, errors)
    fig, ax = _blank_axes(6.4, 3.0, (-2.9, 5.0), (0.3, 3.7))
    hidden = [(0.0, 2.9), (0.0, 0.9)]
    outputs = [(3.4, 2.9), (3.4, 0.9)]
    colours = [BLUE, VERMILLION]
    # Where each weight's label sits, indexed [k][j]: above straight links, beside crossing ones.
    label_at = [[(1.7, 3.05), (2.75, 2.25)], [(2.75, 1.55), (1.7, 1.05)]]
    for k, out in enumerate(outputs):
        for j, hid in enumerate(hidden):
            _link(ax, out, hid, colour=colours[k], lw=2.0, arrow=True)
            ax.text(*label_at[k][j], f"$w_{{{j + 1},{k + 1}}}$ = {weights[k, j]:.1f}", ha="center",
                    va="bottom" if j == k else "center", fontsize=9.5, color=colours[k], zorder=5,
                    bbox=dict(facecolor="white", edgecolor="none", pad=0.5))
    for k, out in enumerate(outputs):
        _node(ax, out, f"out {k + 1}")
        ax.text(out[0] + 0.45, out[1], f"$e_{k + 1}$ = {errors[k]:.1f}", ha="left", va="center",
                fontsize=11, color=colours[k])
    for j, hid in enumerate(hidden):
        _node(ax, hid, f"hid {j + 1}", colour="#F4F4F4")
        ax.text(hid[0] - 0.45, hid[1] + 0.18, f"fractions: {by_fraction[j]:.2f}", ha="right", va="center",
                fontsize=9.5, color=GREEN_TEXT)
        ax.text(hid[0] - 0.45, hid[1] - 0.22, f"matrix: {by_matrix[j]:.2f}", ha="right", va="center",
                fontsize=9.5, color="#222222")
    fig.tight_layout()
    return fig


def _matrix_panel(ax: plt.Axes, matrix: np.ndarray, origin: tuple[float, float], title: str) -> None:
    """Draw a small matrix as a grid of numbers, its main diagonal shaded."""
    rows, cols = matrix.shape
    x0, y0 = origin
    for r in range(rows):
        for c in range(cols):
            on_diagonal = r == c
            ax.add_patch(FancyBboxPatch((x0 + c + 0.06, y0 - r - 0.94), 0.88, 0.88,
                                        boxstyle="round,pad=0,rounding_size=0.12",
                                        facecolor="#FCEFD0" if on_diagonal else "#EEF5FB",
                                        edgecolor=ORANGE if on_diagonal else SKY, lw=1.2))
            ax.text(x0 + c + 0.5, y0 - r - 0.5, f"{matrix[r, c]:g}", ha="center", va="center", fontsize=13)
    ax.text(x0 + cols / 2, y0 + 0.25, title, ha="center", va="bottom", fontsize=10.5)


def transpose_figure() -> Figure:
    """Transposing as flipping a matrix over its main diagonal: a 3x3 and a 2x3 example.

    Rows become columns: entry [r, c] moves to [c, r]. The diagonal (shaded) stays put.
    """
    square = np.arange(1, 10).reshape(3, 3)
    wide = np.arange(1, 7).reshape(2, 3)
    fig, ax = _blank_axes(7.2, 2.3, (-0.3, 16.6), (-3.2, 0.8))
    arrow = dict(arrowstyle="-|>", mutation_scale=16, color="#333333", lw=1.6)
    _matrix_panel(ax, square, (0, 0), "matrix")
    ax.add_patch(FancyArrowPatch((3.2, -1.5), (4.3, -1.5), **arrow))
    ax.text(3.75, -1.15, "flip", ha="center", fontsize=9.5)
    _matrix_panel(ax, square.T, (4.5, 0), "its transpose")
    _matrix_panel(ax, wide, (8.5, 0), "2 rows × 3 columns")
    ax.add_patch(FancyArrowPatch((11.7, -1.5), (12.8, -1.5), **arrow))
    ax.text(12.25, -1.15, "flip", ha="center", fontsize=9.5)
    _matrix_panel(ax, wide.T, (13.3, 0), "3 rows × 2 columns")
    # The main diagonal of the first matrix, as a dashed mirror line.
    ax.plot([0.1, 2.9], [-0.1, -2.9], ls="--", color=VERMILLION, lw=1.3)
    ax.plot([8.6, 10.9], [-0.1, -2.4], ls="--", color=VERMILLION, lw=1.3)
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------------------------------
# 1.14 Brute force would take for ever
# ---------------------------------------------------------------------------------------

SECONDS_PER_YEAR = 365.25 * 24 * 3600


@dataclass(frozen=True)
class BruteForce:
    """How many trials a brute-force search of weights needs.

    ``one_at_a_time`` counts trials if each weight could be tuned on its own, which is what
    the well-known printed count does; ``combination_digits`` is how many digits the count
    of all settings of all weights together has (values ** weights).
    """

    n_weights: int
    values_per_weight: int
    one_at_a_time: int
    combination_digits: int

    @property
    def combinations(self) -> int:
        """The exact number of joint settings, values ** weights (huge: millions of digits for big networks)."""
        return self.values_per_weight ** self.n_weights


def brute_force(n_weights: int, values_per_weight: int = 1000) -> BruteForce:
    """Count the trials of trying every weight value, jointly and one weight at a time."""
    return BruteForce(n_weights, values_per_weight, n_weights * values_per_weight,
                      digits_of_combinations(n_weights, values_per_weight))


def weights_in_network(layer_sizes: Sequence[int]) -> int:
    """Number of link weights in a fully connected network, e.g. (3, 3, 3) -> 18."""
    return sum(a * b for a, b in zip(layer_sizes[:-1], layer_sizes[1:]))


def digits_of_combinations(n_weights: int, values_per_weight: int) -> int:
    """How many decimal digits values_per_weight ** n_weights has, without writing it out.

    (Python refuses to print integers with more than a few thousand digits, and the counts
    for real networks have millions.) Exact for powers of ten, such as 1000 ** 18.
    """
    if n_weights < 1 or values_per_weight < 1:
        raise ValueError(f"need at least one weight and one value, got {n_weights} and {values_per_weight}")
    return math.floor(n_weights * math.log10(values_per_weight)) + 1


def seconds_to_years(seconds: float) -> float:
    """Convert seconds into (Julian) years of 365.25 days."""
    return seconds / SECONDS_PER_YEAR


# ---------------------------------------------------------------------------------------
# 1.14 Gradient descent on a curve
# ---------------------------------------------------------------------------------------


def toy_error(x: float | np.ndarray) -> float | np.ndarray:
    """The toy error curve y = (x - 1)^2 + 1: lowest point y = 1 at x = 1."""
    return (x - 1.0) ** 2 + 1.0


def toy_slope(x: float | np.ndarray) -> float | np.ndarray:
    """The slope (gradient) of the toy curve, dy/dx = 2 (x - 1)."""
    return 2.0 * (x - 1.0)


def v_error(x: float | np.ndarray) -> float | np.ndarray:
    """A V-shaped valley y = |x - 1| + 1, the shape an absolute-value error makes."""
    return np.abs(x - 1.0) + 1.0


def v_slope(x: float | np.ndarray) -> float | np.ndarray:
    """The slope of the V: -1 left of the bottom, +1 right of it (0 exactly at the bottom)."""
    return np.sign(x - 1.0)


def descend(start: float, learning_rate: float, steps: int,
            slope: Callable[[float], float] = toy_slope) -> np.ndarray:
    """Gradient descent in one dimension: x <- x - learning_rate * slope(x), repeated.

    Returns the positions visited, ``steps + 1`` of them, starting with ``start``.
    """
    if steps < 0:
        raise ValueError(f"the number of steps cannot be negative, got {steps}")
    xs = [float(start)]
    for _ in range(steps):
        xs.append(xs[-1] - learning_rate * float(slope(xs[-1])))
    return np.array(xs)


def _minus(text: str) -> str:
    """Typeset minus signs in a label as a true minus (−) rather than a hyphen."""
    return text.replace("-", "\u2212")


def _curve_axes(width: float = 6.0, height: float = 3.8) -> tuple[Figure, plt.Axes]:
    fig, ax = plt.subplots(figsize=(width, height), facecolor="white")
    ax.set_facecolor("white")
    ax.spines[["top", "right"]].set_visible(False)
    return fig, ax


def tangent_figure(starts: Sequence[float] = (-1.0, 3.0)) -> Figure:
    """The toy curve with the tangent at each start point and an arrow pointing downhill.

    A negative slope means "go right" (increase x); a positive slope means "go left".
    """
    fig, axes = plt.subplots(1, len(starts), figsize=(3.4 * len(starts), 3.4), facecolor="white", sharey=True)
    axes = np.atleast_1d(axes)
    xs = np.linspace(-2.0, 4.0, 200)
    for ax, x0 in zip(axes, starts):
        ax.set_facecolor("white")
        ax.spines[["top", "right"]].set_visible(False)
        ax.plot(xs, toy_error(xs), color=BLUE, lw=2)
        y0, m = toy_error(x0), toy_slope(x0)
        span = np.array([x0 - 0.9, x0 + 0.9])
        ax.plot(span, y0 + m * (span - x0), color=ORANGE, lw=2.4, label=_minus(f"slope {m:+g}"))
        ax.plot([x0], [y0], "o", color=VERMILLION, ms=9, zorder=3)
        direction = -np.sign(m)
        ax.add_patch(FancyArrowPatch((x0, y0 - 1.3), (x0 + direction * 1.3, y0 - 1.3), arrowstyle="-|>",
                                     mutation_scale=16, color=GREEN, lw=2.2))
        ax.text(x0 + direction * 0.65, y0 - 1.0, "downhill", ha="center", fontsize=9.5, color=GREEN_TEXT)
        ax.plot([1.0], [1.0], marker="*", color="black", ms=11, ls="")
        ax.set(xlim=(-2, 4), ylim=(0, 11), xlabel="x")
        ax.set_title(_minus(f"start at x = {x0:g}: slope {m:+g}, so {'increase' if m < 0 else 'decrease'} x"),
                     fontsize=9.5)
        ax.legend(loc="upper center", frameon=False, fontsize=9)
    axes[0].set_ylabel("y = (x − 1)² + 1")
    fig.tight_layout()
    return fig


def descent_figure(xs: np.ndarray, *, shown: int | None = None, curve: str = "bowl",
                   title: str = "") -> Figure:
    """A ball's path down a 1-D error curve: earlier positions faint, the current one solid.

    ``xs`` are the visited positions (from :func:`descend`); ``shown`` limits the drawing to
    the first ``shown + 1`` of them (the slider's step number); ``curve`` is "bowl" for
    (x - 1)^2 + 1 or "v" for |x - 1| + 1.
    """
    error = toy_error if curve == "bowl" else v_error
    xs = np.asarray(xs, dtype=float)
    upto = len(xs) - 1 if shown is None else int(shown)
    path = xs[: upto + 1]
    fig, ax = _curve_axes(6.0, 3.6)
    grid = np.linspace(-2.6, 4.6, 160)
    ax.plot(grid, error(grid), color=BLUE, lw=2, zorder=1)
    ys = error(path)
    if len(path) > 1:
        for (xa, ya), (xb, yb) in zip(zip(path[:-1], ys[:-1]), zip(path[1:], ys[1:])):
            ax.add_patch(FancyArrowPatch((xa, ya), (xb, yb), arrowstyle="-|>", mutation_scale=11,
                                         color=GREY, lw=1.1, connectionstyle="arc3,rad=-0.25", zorder=2))
        ax.plot(path[:-1], ys[:-1], "o", color=ORANGE, ms=6, alpha=0.55, zorder=3)
    for i, (xi, yi) in enumerate(zip(path, ys)):
        if yi > 1.5:  # number the balls that are clear of the crowded bottom
            ax.annotate(str(i), (xi, yi), xytext=(-9 if xi > 1 else 9, 4), textcoords="offset points",
                        ha="center", fontsize=8.5, color="#333333")
    ax.plot(path[-1:], ys[-1:], "o", color=VERMILLION, ms=12, mec="black", zorder=4)
    ax.plot([1.0], [1.0], marker="*", color="black", ms=10, ls="", zorder=4)
    ax.set(xlim=(-2.6, 4.6), ylim=(0, 13.5 if curve == "bowl" else 5), xlabel="x (a weight)",
           ylabel="error")
    if title:
        ax.set_title(_minus(title), fontsize=10)
    fig.tight_layout()
    return fig


def steps_slider(start: float = 3.4, learning_rate: float = 0.15, n_steps: int = 12) -> InteractiveFigure:
    """Step through gradient descent on the toy curve; the steps shrink as the slope flattens."""
    xs = descend(start, learning_rate, n_steps)

    def title(step: int) -> str:
        if step == 0:
            return f"start: x = {xs[0]:.2f}, slope {toy_slope(xs[0]):+.2f}"
        return (f"step {step}: x = {xs[step]:.3f}, slope {toy_slope(xs[step]):+.3f}, "
                f"last step {xs[step] - xs[step - 1]:+.3f}")

    def alt(step: int) -> str:
        return (f"The curve y = (x - 1) squared + 1 with a ball at x = {xs[step]:.3f} after {step} steps "
                f"of gradient descent with learning rate {learning_rate:g}, starting from x = {start:g}. "
                "Each step is shorter than the one before.")

    def caption(step: int) -> str:
        if step == 0:
            return f"The ball starts at x = {start:g}, where the slope is steep."
        size = abs(xs[step] - xs[step - 1])
        return (f"After step {step} the ball is at x = <b>{xs[step]:.3f}</b>. That step moved it "
                f"{size:.3f}: each step is the learning rate {learning_rate:g} times the slope, so the "
                "steps shrink as the curve flattens out.")

    return InteractiveFigure(
        list(range(n_steps + 1)), lambda s: descent_figure(xs, shown=s, title=title(s)),
        label="step", alt=alt, caption=caption, value_format="{}", initial=0,
    )


def learning_rate_values() -> list[float]:
    """The learning rates offered by :func:`learning_rate_slider`: 0.05 to 1.05 in steps of 0.05."""
    return [round(0.05 * i, 2) for i in range(1, 22)]


def describe_rate(learning_rate: float, start: float = 3.4) -> str:
    """Say in words what gradient descent on the toy curve does with this learning rate.

    Each step multiplies the distance to the bottom by (1 - 2 * learning_rate), which is
    the whole story: shrinking without a sign change, shrinking with one (overshooting),
    bouncing for ever, or growing.
    """
    factor = 1.0 - 2.0 * learning_rate
    if abs(factor) < 1e-12:
        return "lands on the bottom in a single step"
    if 0 < factor < 1:
        return "creeps down without ever overshooting" if factor > 0.75 else "rolls down steadily"
    if -1 < factor < 0:
        return "overshoots the bottom, but each jump is smaller, so it settles"
    if abs(factor + 1) < 1e-12:
        return "jumps from side to side for ever, never closer"
    return "overshoots further each time and flies out of the valley"


def learning_rate_slider(start: float = 3.4, n_steps: int = 8) -> InteractiveFigure:
    """Change the learning rate and watch 8 steps of descent: too large a rate overshoots."""

    def draw(rate: float) -> Figure:
        xs = descend(start, rate, n_steps)
        return descent_figure(np.clip(xs, -2.5, 4.5), title=f"learning rate {rate:.2f}")

    def alt(rate: float) -> str:
        xs = descend(start, rate, n_steps)
        return (f"The curve y = (x - 1) squared + 1 with {n_steps} steps of gradient descent from x = {start:g} "
                f"with learning rate {rate:.2f}. The ball {describe_rate(rate)}; it ends at x = {xs[-1]:.3g}.")

    def caption(rate: float) -> str:
        xs = descend(start, rate, n_steps)
        return (f"Learning rate <b>{rate:.2f}</b>: the ball {describe_rate(rate)}. "
                f"After {n_steps} steps it is at x = {xs[-1]:.3g} (the bottom is at x = 1).")

    return InteractiveFigure(
        learning_rate_values(), draw, label="learning rate", alt=alt, caption=caption,
        value_format="{:.2f}", initial=0.1,
    )


def bowl_versus_v_figure(start: float = 3.0, learning_rate: float = 0.3, n_steps: int = 10) -> Figure:
    """Descent with the same learning rate on a smooth bowl and on a V-shaped valley.

    On the bowl the slope shrinks near the bottom, so the steps shrink; on the V the slope is
    always +1 or -1, so every step has the same size and the ball bounces around the bottom.
    """
    fig, axes = plt.subplots(1, 2, figsize=(7.6, 3.3), facecolor="white")
    for ax, curve, error, slope, name in ((axes[0], "bowl", toy_error, toy_slope, "squared: (x − 1)² + 1"),
                                          (axes[1], "v", v_error, v_slope, "absolute: |x − 1| + 1")):
        xs = descend(start, learning_rate, n_steps, slope)
        ax.set_facecolor("white")
        ax.spines[["top", "right"]].set_visible(False)
        grid = np.linspace(-1.0, 4.0, 200)
        ax.plot(grid, error(grid), color=BLUE, lw=2)
        ys = error(xs)
        for a, b in zip(range(len(xs) - 1), range(1, len(xs))):
            ax.add_patch(FancyArrowPatch((xs[a], ys[a]), (xs[b], ys[b]), arrowstyle="-|>", mutation_scale=10,
                                         color=GREY, lw=1, connectionstyle="arc3,rad=-0.3"))
        ax.plot(xs[:-1], ys[:-1], "o", color=ORANGE, ms=5, alpha=0.7)
        ax.plot(xs[-1:], ys[-1:], "o", color=VERMILLION, ms=10, mec="black")
        ax.set(xlim=(-1, 4), ylim=(0.5, 6 if curve == "bowl" else 4), xlabel="x", title=name)
        ax.title.set_fontsize(10)
    axes[0].set_ylabel("error")
    fig.tight_layout()
    return fig


def hiker_figure() -> Figure:
    """A walker on a dark hillside whose torch lights only the ground near their feet."""
    night, hill_colour = "#0B1D33", "#24364F"
    fig, ax = plt.subplots(figsize=(6.4, 3.2), facecolor=night)
    ax.set_facecolor(night)
    ax.set(xlim=(0, 10), ylim=(0, 5), aspect="equal")
    ax.axis("off")
    x = np.linspace(0, 10, 300)
    ground = 1.0 + 2.6 * np.exp(-((x - 2.6) / 2.1) ** 2) + 0.9 * np.exp(-((x - 7.2) / 1.0) ** 2) + 0.05 * x
    ax.fill_between(x, 0, ground, color=hill_colour, zorder=1)
    walker_x = 4.15
    feet = float(np.interp(walker_x, x, ground))
    rng = np.random.default_rng(3)
    stars = rng.uniform([0, 3.3], [10, 5], size=(28, 2))
    stars = stars[(stars[:, 1] > np.interp(stars[:, 0], x, ground) + 0.3)
                  & ~((stars[:, 0] > walker_x + 1.4) & (stars[:, 0] < walker_x + 4.2)
                      & (stars[:, 1] < feet + 1.4))]  # keep the label clear
    ax.plot(stars[:, 0], stars[:, 1], ".", color="white", ms=2.5, alpha=0.8)
    lit = (x > walker_x - 0.1) & (x < walker_x + 0.95)
    ax.plot(x[lit], ground[lit], color=YELLOW, lw=4, zorder=3, solid_capstyle="round")
    # The torchlight: a soft cone from the hand to the lit patch of ground.
    hand = (walker_x + 0.12, feet + 0.55)
    ax.add_patch(Polygon([hand, (walker_x + 0.95, float(np.interp(walker_x + 0.95, x, ground))),
                          (walker_x - 0.05, feet)], closed=True, color=YELLOW, alpha=0.25, lw=0, zorder=2))
    # A simple walker: head, body, legs, arm.
    body = "#F5F5F5"
    ax.add_patch(Circle((walker_x - 0.08, feet + 1.02), 0.13, color=body, zorder=4))
    ax.plot([walker_x - 0.08, walker_x - 0.05], [feet + 0.88, feet + 0.45], color=body, lw=2.5, zorder=4)
    for foot_x in (walker_x - 0.22, walker_x + 0.12):
        ax.plot([walker_x - 0.05, foot_x], [feet + 0.45, float(np.interp(foot_x, x, ground))], color=body,
                lw=2.5, zorder=4)
    ax.plot([walker_x - 0.07, walker_x + 0.12], [feet + 0.75, feet + 0.55], color=body, lw=2.5, zorder=4)
    ax.add_patch(FancyArrowPatch((walker_x + 0.55, feet + 0.95), (walker_x + 1.6, feet + 0.25),
                                 arrowstyle="-|>", mutation_scale=16, color=ORANGE, lw=2.2, zorder=4))
    ax.text(walker_x + 1.7, feet + 0.9, "step downhill", color="white", fontsize=10)
    low = int(np.argmin(np.where((x > 4.5) & (x < 7.0), ground, np.inf)))
    ax.text(x[low], ground[low] - 0.45, "the valley floor\n(out of sight)", color="#AFC4DD", fontsize=8.5,
            ha="center", va="top")
    fig.subplots_adjust(left=0, right=1, bottom=0, top=1)
    return fig


# ---------------------------------------------------------------------------------------
# 1.14 Two parameters: an error surface with two valleys
# ---------------------------------------------------------------------------------------

_DEEP = (1.2, 0.8, 1.6, 1.2)  # centre a, centre b, depth, width^2 of the deeper valley
_SHALLOW = (-1.4, -1.1, 0.9, 0.6)  # the same for the shallower valley
_BOWL = 0.06  # a gentle bowl, so that far-away starts still roll inwards


def two_valley_error(a: float | np.ndarray, b: float | np.ndarray) -> float | np.ndarray:
    """A made-up error over two weights a and b with a deep valley and a shallower one.

    Used to show gradient descent in two dimensions and how a start can end in the wrong
    (shallower) valley, a local minimum.
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    value = 2.2 + _BOWL * (a ** 2 + b ** 2)
    for ca, cb, depth, width in (_DEEP, _SHALLOW):
        value = value - depth * np.exp(-((a - ca) ** 2 + (b - cb) ** 2) / width)
    return value


def two_valley_gradient(a: float, b: float) -> np.ndarray:
    """The gradient (dE/da, dE/db) of :func:`two_valley_error`, shape (2,)."""
    grad = np.array([2 * _BOWL * a, 2 * _BOWL * b])
    for ca, cb, depth, width in (_DEEP, _SHALLOW):
        bump = depth * np.exp(-((a - ca) ** 2 + (b - cb) ** 2) / width)
        grad += bump * 2.0 / width * np.array([a - ca, b - cb])
    return grad


def descend_2d(start: Sequence[float], learning_rate: float = 0.3, steps: int = 60) -> np.ndarray:
    """Gradient descent on :func:`two_valley_error`; returns the path, shape (steps + 1, 2)."""
    path = [np.asarray(start, dtype=float)]
    for _ in range(steps):
        path.append(path[-1] - learning_rate * two_valley_gradient(*path[-1]))
    return np.array(path)


#: Three starting points for the "which valley?" figure: two reach the deep valley, one does not.
VALLEY_STARTS = ((2.9, -2.2), (-1.0, 2.8), (-2.8, -2.6))


def error_surface_figure(start: Sequence[float] = (-0.4, 2.9)) -> Figure:
    """The two-valley error drawn as a 3-D landscape over two weights, with a descent path."""
    grid = np.linspace(-3.2, 3.2, 60)
    a, b = np.meshgrid(grid, grid)
    fig = plt.figure(figsize=(6.0, 4.4), facecolor="white")
    ax = fig.add_subplot(projection="3d", facecolor="white")
    ax.plot_surface(a, b, two_valley_error(a, b), cmap="viridis", alpha=0.75, linewidth=0, antialiased=True,
                    rcount=40, ccount=40)
    path = descend_2d(start, 0.3, 40)
    heights = two_valley_error(path[:, 0], path[:, 1]) + 0.03
    ax.plot(path[:, 0], path[:, 1], heights, color=VERMILLION, lw=2.2, marker="o", ms=3, zorder=10)
    ax.plot([path[0, 0]], [path[0, 1]], [heights[0]], "o", color="white", mec="black", ms=8, zorder=11)
    ax.set(xlabel="weight a", ylabel="weight b", zlabel="error")
    ax.view_init(elev=38, azim=-62)
    fig.subplots_adjust(left=0, right=0.95, bottom=0.02, top=1)
    return fig


def valleys_figure(starts: Sequence[Sequence[float]] = VALLEY_STARTS) -> Figure:
    """A contour map of the two-valley error with descents from several starts.

    Seen from above, like a hiking map: paths follow the steepest way down, and one of them
    ends in the shallower valley.
    """
    grid = np.linspace(-3.2, 3.2, 120)
    a, b = np.meshgrid(grid, grid)
    fig, ax = plt.subplots(figsize=(5.2, 4.6), facecolor="white")
    contours = ax.contourf(a, b, two_valley_error(a, b), levels=18, cmap="viridis", alpha=0.85)
    fig.colorbar(contours, ax=ax, label="error", shrink=0.85)
    markers = ["o", "s", "^", "D"]
    for i, start in enumerate(starts):
        path = descend_2d(start, 0.3, 80)
        colour = "white" if i % 2 == 0 else "#FFD9B3"
        ax.plot(path[:, 0], path[:, 1], color=colour, lw=2)
        ax.plot(path[0, 0], path[0, 1], markers[i % 4], color=colour, mec="black", ms=9)
        ax.plot(path[-1, 0], path[-1, 1], "*", color=colour, mec="black", ms=14)
    ax.set(xlabel="weight a", ylabel="weight b", aspect="equal")
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------------------------------
# 1.14 Choosing the error function
# ---------------------------------------------------------------------------------------

#: The three-output example used to compare error candidates: network outputs and targets.
CANDIDATE_OUTPUTS = (0.4, 0.8, 1.0)
CANDIDATE_TARGETS = (0.5, 0.7, 1.0)


def error_candidates(outputs: Sequence[float] = CANDIDATE_OUTPUTS,
                     targets: Sequence[float] = CANDIDATE_TARGETS) -> dict[str, np.ndarray]:
    """Per-node values of three candidate error measures: t - o, |t - o| and (t - o)^2."""
    o, t = np.asarray(outputs, dtype=float), np.asarray(targets, dtype=float)
    if o.shape != t.shape:
        raise ValueError(f"got {o.size} outputs but {t.size} targets; give one target per output node")
    diff = t - o
    return {"t − o": diff, "|t − o|": np.abs(diff), "(t − o)²": diff ** 2}


def error_candidates_markdown(outputs: Sequence[float] = CANDIDATE_OUTPUTS,
                              targets: Sequence[float] = CANDIDATE_TARGETS) -> str:
    """The comparison of error candidates as a Markdown table: one row per candidate."""
    table = error_candidates(outputs, targets)

    def fmt(v: float) -> str:
        v = 0.0 if abs(v) < 1e-12 else v
        return f"{v:.2f}".replace("-", "−")

    head = "| error measure | " + " | ".join(
        f"node {i + 1} (output {o:g}, target {t:g})" for i, (o, t) in enumerate(zip(outputs, targets))) + " | added up |"
    rule = "|" + "---|" * (len(outputs) + 2)
    rows = []
    for name, values in table.items():
        cell = name.replace("|", "\\|")  # a bar inside a table cell must be escaped
        rows.append(f"| {cell} | " + " | ".join(fmt(v) for v in values) + f" | **{fmt(values.sum())}** |")
    return "\n".join([head, rule, *rows])


# ---------------------------------------------------------------------------------------
# 1.14 The error as a function of the weights, and its slope
# ---------------------------------------------------------------------------------------

# A made-up sigmoid node with two incoming weights and two training examples: previous-layer
# outputs (one row per example, shape (2, 2)) and the targets (2,) that the weights
# (-1.0, 2.0) would hit exactly. Only for drawing the error landscape of a real node.
_SURFACE_INPUTS = np.array([[0.4, 0.5], [0.9, 0.2]])
_SURFACE_BEST = np.array([-1.0, 2.0])
_SURFACE_TARGETS = 1.0 / (1.0 + np.exp(-_SURFACE_INPUTS @ _SURFACE_BEST))


def node_error(w1: float | np.ndarray, w2: float | np.ndarray) -> float | np.ndarray:
    """Squared error, summed over two training examples, of one sigmoid node with weights w1, w2."""
    w1, w2 = np.asarray(w1, dtype=float), np.asarray(w2, dtype=float)
    total = np.zeros(np.broadcast(w1, w2).shape)
    for (x1, x2), target in zip(_SURFACE_INPUTS, _SURFACE_TARGETS):
        total = total + (target - sigmoid(w1 * x1 + w2 * x2)) ** 2
    return total


def weight_error_figure(fixed_w2: float = 2.0) -> Figure:
    """The error of a real sigmoid node against one weight (left) and against two (right)."""
    fig = plt.figure(figsize=(8.0, 3.5), facecolor="white")
    left = fig.add_subplot(1, 2, 1, facecolor="white")
    w = np.linspace(-6, 4, 300)
    left.plot(w, node_error(w, fixed_w2), color=VERMILLION, lw=2)
    left.spines[["top", "right"]].set_visible(False)
    left.set(xlabel="weight w₁ (w₂ kept at 2.0)", ylabel="error")
    best = w[np.argmin(node_error(w, fixed_w2))]
    left.annotate("lowest error", (best, float(node_error(best, fixed_w2))), xytext=(best + 1.8, 0.12),
                  arrowprops=dict(arrowstyle="->", color="#333333"), fontsize=9)
    right = fig.add_subplot(1, 2, 2, projection="3d", facecolor="white")
    a, b = np.meshgrid(np.linspace(-6, 4, 50), np.linspace(-3, 7, 50))
    right.plot_surface(a, b, node_error(a, b), cmap="viridis", linewidth=0, alpha=0.9, rcount=35, ccount=35)
    cut = np.linspace(-6, 4, 100)
    right.plot(cut, np.full_like(cut, fixed_w2), node_error(cut, fixed_w2) + 0.01, color=VERMILLION, lw=2,
               zorder=10)
    right.set(xlabel="w₁", ylabel="w₂", zlabel="error")
    right.view_init(elev=40, azim=-60)
    fig.subplots_adjust(left=0.08, right=0.97, bottom=0.16, top=0.95, wspace=0.15)
    return fig


def output_weight_gradient(weights: np.ndarray, hidden_outputs: np.ndarray,
                           targets: np.ndarray) -> np.ndarray:
    """dE/dw for every hidden-to-output weight, with E = 1/2 sum (t - o)^2.

    The formula of the page, dE/dw_jk = -e_k * sigma(x_k) (1 - sigma(x_k)) * o_j, for all
    k and j at once. Shapes: ``weights`` (n_outputs, n_hidden), ``hidden_outputs`` (n_hidden,),
    ``targets`` (n_outputs,); the result has the shape of ``weights``.
    (The 1/2 in E cancels the 2 of the square, which the page drops for the same reason.)
    """
    weights = np.asarray(weights, dtype=float)
    o_j = np.asarray(hidden_outputs, dtype=float).reshape(-1)
    t = np.asarray(targets, dtype=float).reshape(-1)
    if weights.shape != (t.size, o_j.size):
        raise ValueError(f"weights of shape {weights.shape} do not fit {o_j.size} hidden outputs and "
                         f"{t.size} targets; expected shape ({t.size}, {o_j.size})")
    combined = weights @ o_j
    o_k = sigmoid(combined)
    errors = t - o_k
    return -np.outer(errors * o_k * (1.0 - o_k), o_j)


def output_layer_figure() -> Figure:
    """A 3-3-3 network with the hidden-to-output links highlighted and one weight w_jk picked out."""
    fig, ax = _blank_axes(6.4, 3.4, (-0.6, 8.0), (-0.6, 3.9))
    layers = [[(0.0, 3.4 - 1.4 * i) for i in range(3)], [(3.0, 3.4 - 1.4 * i) for i in range(3)],
              [(6.0, 3.4 - 1.4 * i) for i in range(3)]]
    for a in layers[0]:
        for b in layers[1]:
            _link(ax, a, b, colour=LIGHT, lw=1.2)
    j, k = 1, 0
    for jj, a in enumerate(layers[1]):
        for kk, b in enumerate(layers[2]):
            chosen = (jj, kk) == (j, k)
            _link(ax, a, b, colour=ORANGE if chosen else SKY, lw=3.2 if chosen else 1.6)
    for p in layers[0]:
        _node(ax, p, colour="#F4F4F4", edge="#AAAAAA")
    for i, p in enumerate(layers[1]):
        _node(ax, p, colour="#FCEFD0" if i == j else "white")
    for i, p in enumerate(layers[2]):
        _node(ax, p, colour="#FCEFD0" if i == k else "white")
    ax.text(layers[1][j][0], layers[1][j][1], "j", ha="center", va="center", fontsize=12, zorder=5)
    ax.text(layers[2][k][0], layers[2][k][1], "k", ha="center", va="center", fontsize=12, zorder=5)
    ax.text(layers[1][j][0] - 0.25, layers[1][j][1] - 0.55, "output $o_j$", ha="center", fontsize=10)
    ax.text(layers[2][k][0] + 0.45, layers[2][k][1], "output $o_k$\nerror $e_k$", ha="left",
            va="center", fontsize=10)
    mid = ((layers[1][j][0] + layers[2][k][0]) / 2, (layers[1][j][1] + layers[2][k][1]) / 2)
    ax.text(mid[0] - 0.1, mid[1] + 0.3, "$w_{j,k}$", fontsize=13, color=ORANGE_TEXT, ha="center",
            bbox=dict(facecolor="white", edgecolor="none", pad=0.5), zorder=6)
    for x, name in ((0.0, "input"), (3.0, "hidden"), (6.0, "output")):
        ax.text(x, -0.35, name, ha="center", fontsize=10, color="#333333")
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------------------------------
# 1.15 One weight update worked through
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WeightUpdate:
    """Every number of one hidden-to-output weight update, in the order they are computed."""

    old_weight: float  # w_jk before the update
    combined_input: float  # x_k = sum_j w_jk o_j, the signal into output node k
    output: float  # sigma(x_k)
    sigmoid_slope: float  # sigma(x_k) (1 - sigma(x_k))
    error: float  # e_k, target minus actual at node k
    previous_output: float  # o_j, the output of the sending node j
    gradient: float  # dE/dw_jk = -e_k * sigmoid_slope * o_j
    learning_rate: float  # alpha
    change: float  # -alpha * gradient
    new_weight: float  # old_weight + change


def weight_update(error: float, weights_in: Sequence[float], previous_outputs: Sequence[float],
                  j: int, learning_rate: float) -> WeightUpdate:
    """Update the weight from node j into one output node, showing every intermediate number.

    ``weights_in`` are the weights of all links into that output node and
    ``previous_outputs`` the outputs of the nodes they come from (same length, shape
    (n_hidden,)); ``j`` (counted from 0) picks the link to update; ``error`` is the output
    node's error e_k.
    """
    w = np.asarray(weights_in, dtype=float)
    o = np.asarray(previous_outputs, dtype=float)
    if w.shape != o.shape or w.ndim != 1:
        raise ValueError(f"need one weight per previous output: got {w.size} weights and {o.size} outputs")
    if not 0 <= j < w.size:
        raise ValueError(f"j = {j} picks no link: there are {w.size} links, numbered 0 to {w.size - 1}")
    combined = float(w @ o)
    out = float(sigmoid(combined))
    slope = out * (1.0 - out)
    gradient = -error * slope * float(o[j])
    change = -learning_rate * gradient
    return WeightUpdate(float(w[j]), combined, out, slope, float(error), float(o[j]), gradient,
                        float(learning_rate), change, float(w[j]) + change)


#: The inputs of the worked example: error at output 1, the weights into output 1
#: (w11, w21), the hidden outputs (o1, o2), and the learning rate.
EXAMPLE_UPDATE_INPUTS = dict(error=1.5, weights_in=(2.0, 3.0), previous_outputs=(0.4, 0.5), learning_rate=0.1)


def worked_example(j: int = 0) -> WeightUpdate:
    """The page's worked example: update w_11 (j = 0) or w_21 (j = 1) of 1.12's network."""
    return weight_update(j=j, **EXAMPLE_UPDATE_INPUTS)


def update_network_figure() -> Figure:
    """The hidden-to-output links of 1.12's network, labelled with the worked example's numbers.

    Drawn by :func:`nnbook.diagrams.draw_network`, like every network of the book: the hidden
    outputs o_1 = 0.4 and o_2 = 0.5 beside the hidden nodes, the four weights on their links
    (:data:`EXAMPLE_WEIGHTS`: 2.0 and 3.0 into output 1, 1.0 and 4.0 into output 2) and the
    error e_1 = 1.5 at output 1. The weight being updated, w_11, is thick and orange; the
    other link into output 1 is blue, because its signal is part of the same sum; the links
    into output 2 play no part and fade to pale grey.
    """
    inputs = EXAMPLE_UPDATE_INPUTS
    widths = np.array([[3.4, 2.2], [1.4, 1.4]])  # points, laid out like EXAMPLE_WEIGHTS: (receiving, sending)
    return draw_network(
        [2, 2], EXAMPLE_WEIGHTS, link_labels="both", weight_format="{:.1f}",
        highlight={(0, 0, 0): ORANGE, (0, 1, 0): BLUE}, link_widths=[widths],
        values=[[f"$o_{j + 1}$ = {o:.1f}" for j, o in enumerate(inputs["previous_outputs"])], None],
        errors=[None, [f"$e_1$ = {inputs['error']:.1f}", None]],
        layer_names=["hidden layer", "output layer"],
    )


def three_factors_figure(update: WeightUpdate) -> Figure:
    """The gradient as a strip of three boxes: error x sigmoid slope x previous output."""
    fig, ax = _blank_axes(7.4, 1.9, (0, 15.2), (0, 3.2))
    boxes = [
        ("error at k", f"$e_k$ = {update.error:.1f}", "#FDE8DA", VERMILLION),
        ("sigmoid slope at k", f"{update.sigmoid_slope:.4f}", "#E3F1FA", BLUE),
        ("output of j", f"$o_j$ = {update.previous_output:.1f}", "#E0F3EC", GREEN),
    ]
    x = 0.2
    for i, (title, value, fill, edge) in enumerate(boxes):
        ax.add_patch(FancyBboxPatch((x, 0.5), 3.2, 2.1, boxstyle="round,pad=0,rounding_size=0.25",
                                    facecolor=fill, edgecolor=edge, lw=1.6))
        ax.text(x + 1.6, 2.05, title, ha="center", va="center", fontsize=9.5)
        ax.text(x + 1.6, 1.15, value, ha="center", va="center", fontsize=13)
        x += 3.2
        ax.text(x + 0.3, 1.55, "×" if i < 2 else "=", ha="center", va="center", fontsize=18)
        x += 0.6
    product = update.error * update.sigmoid_slope * update.previous_output
    ax.add_patch(FancyBboxPatch((x, 0.5), 3.3, 2.1, boxstyle="round,pad=0,rounding_size=0.25",
                                facecolor="#F2F2F2", edgecolor="#333333", lw=1.6))
    ax.text(x + 1.65, 2.05, r"$-\partial E\,/\,\partial w_{j,k}$", ha="center", va="center", fontsize=10.5)
    ax.text(x + 1.65, 1.15, f"{product:.4f}", ha="center", va="center", fontsize=13)
    fig.tight_layout(pad=0.1)
    return fig


# ---------------------------------------------------------------------------------------
# 1.16 Preparing the data
# ---------------------------------------------------------------------------------------

SATURATION_EDGE = 4.0  # beyond |x| = 4 the sigmoid is nearly flat (slope below 0.018)


def saturation_figure(edge: float = SATURATION_EDGE, marker_x: float | None = None) -> Figure:
    """The sigmoid (top) and its slope (bottom), with the nearly flat zones |x| > edge shaded.

    With ``marker_x``, a dot marks that combined input on both curves (for the slider).
    """
    x = np.linspace(-10, 10, 400)
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(6.0, 4.6), sharex=True, facecolor="white",
                                      gridspec_kw=dict(height_ratios=[3, 2]))
    for ax in (top, bottom):
        ax.set_facecolor("white")
        ax.spines[["top", "right"]].set_visible(False)
        for lo, hi in ((-10, -edge), (edge, 10)):
            ax.axvspan(lo, hi, color=GREY, alpha=0.18, lw=0, hatch="//", fill=True)
    top.plot(x, sigmoid(x), color=BLUE, lw=2.2)
    top.set(ylabel="output σ(x)", ylim=(-0.05, 1.05))
    for centre in (-7.0, 7.0):
        top.text(centre, 0.5, "saturated:\nalmost flat", ha="center", va="center", fontsize=9.5, color="#333333")
    bottom.plot(x, sigmoid_slope(x), color=VERMILLION, lw=2.2)
    bottom.set(ylabel="slope", xlabel="combined input x", ylim=(0, 0.28))
    bottom.annotate("largest slope 0.25 at x = 0", (0, 0.25), xytext=(2.0, 0.24), fontsize=9,
                    arrowprops=dict(arrowstyle="->", color="#333333"))
    if marker_x is not None:
        top.plot([marker_x], [sigmoid(marker_x)], "o", color=ORANGE, mec="black", ms=10, zorder=4)
        bottom.plot([marker_x], [sigmoid_slope(marker_x)], "o", color=ORANGE, mec="black", ms=10, zorder=4)
        for ax in (top, bottom):
            ax.axvline(marker_x, color=ORANGE, lw=1, ls="--", zorder=1)
        top.set_title(_minus(f"x = {marker_x:g}:  output {sigmoid(marker_x):.4f},  slope {sigmoid_slope(marker_x):.4f}"),
                      fontsize=10)
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
        return (f"The sigmoid and its slope, with a dot at combined input x = {x:g}, where the output is "
                f"{sigmoid(x):.4f} and the slope is {sigmoid_slope(x):.4f}.")

    return InteractiveFigure(xs, lambda x: saturation_figure(marker_x=x), label="combined input x", alt=alt,
                             caption=caption, value_format="{:g}", initial=0.0)


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
        ax.annotate(_minus(f"target {y:g} needs x = {xv:+.2f}"), (xv, y), xytext=(-10 if y > 0.5 else 10, 0),
                    textcoords="offset points", ha="right" if y > 0.5 else "left", va="center", fontsize=9)
    ax.set(xlim=(-8, 8), ylim=(-0.2, 1.2), xlabel="combined input x", ylabel="output σ(x)")
    fig.tight_layout()
    return fig


def initial_weight_std(n_incoming: int) -> float:
    """Standard deviation of the starting weights into a node with ``n_incoming`` links: 1/sqrt(n)."""
    if n_incoming < 1:
        raise ValueError(f"a node needs at least one incoming link, got {n_incoming}")
    return 1.0 / math.sqrt(n_incoming)


def initial_weights(n_receiving: int, n_incoming: int, rng: np.random.Generator) -> np.ndarray:
    """Random starting weights, normal with mean 0 and std 1/sqrt(n_incoming).

    Shape (n_receiving, n_incoming): one row per receiving node, one column per sending node.
    """
    return rng.normal(0.0, initial_weight_std(n_incoming), size=(n_receiving, n_incoming))


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
    fig, axes = plt.subplots(1, 3, figsize=(8.4, 2.9), sharex=True, facecolor="white")
    bins = np.linspace(-2.0, 2.0, 121)
    for ax, (title, values, colour) in zip(axes, samples):
        ax.set_facecolor("white")
        ax.spines[["top", "right", "left"]].set_visible(False)
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
    ax.hist(small, bins=bins, color=BLUE, alpha=0.75, label=f"weights with std 1/√{n_incoming}",
            histtype="stepfilled", hatch="..", edgecolor="white")
    ax.text(-14.5, ax.get_ylim()[1] * 0.9, "saturated", ha="center", fontsize=9.5, color="#333333")
    ax.text(14.5, ax.get_ylim()[1] * 0.9, "saturated", ha="center", fontsize=9.5, color="#333333")
    ax.set(xlim=(-25, 25), xlabel=f"combined input x of a node with {n_incoming} incoming links",
           ylabel="number of nodes")
    ax.legend(loc="upper left", bbox_to_anchor=(0.0, 0.8), frameon=False, fontsize=9)
    fig.tight_layout()
    return fig
