"""Page 1.14, "How do we actually update the weights?": gradient descent, error surfaces, slopes.

The toy error curve ``y = (x - 1)**2 + 1``, an error surface with two valleys, the choice
of error function and the slope of the error for one weight.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch, Polygon

from nnbook.activation import sigmoid
from nnbook.figures.colours import (
    BLUE,
    FILL_CELL,
    GREEN,
    GREEN_TEXT,
    GREY,
    INK_DARK,
    LINE_LIGHT,
    LINE_MUTED,
    NIGHT_HILL,
    NIGHT_SKY,
    NIGHT_TEXT,
    NIGHT_WALKER,
    ORANGE,
    ORANGE_LIGHT,
    ORANGE_TEXT,
    ORANGE_TINT,
    SKY,
    VERMILLION,
    YELLOW,
)
from nnbook.figures.part1.backprop_matrices import _link, _node
from nnbook.figures.style import blank_figure, new_drawing, new_figure, tidy_axes
from nnbook.web.widgets import InteractiveFigure

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
        return self.values_per_weight**self.n_weights


def brute_force(n_weights: int, values_per_weight: int = 1000) -> BruteForce:
    """Count the trials of trying every weight value, jointly and one weight at a time."""
    return BruteForce(
        n_weights,
        values_per_weight,
        n_weights * values_per_weight,
        digits_of_combinations(n_weights, values_per_weight),
    )


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


def descend(start: float, learning_rate: float, steps: int, slope: Callable[[float], float] = toy_slope) -> np.ndarray:
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
    """A figure in the book's style with one plain graph (no top or right frame)."""
    fig, ax = new_figure(width, height)
    return fig, tidy_axes(ax)


def tangent_figure(starts: Sequence[float] = (-1.0, 3.0)) -> Figure:
    """The toy curve with the tangent at each start point and an arrow pointing downhill.

    A negative slope means "go right" (increase x); a positive slope means "go left".
    """
    fig, axes = new_figure(3.4 * len(starts), 3.4, 1, len(starts), sharey=True)
    axes = np.atleast_1d(axes)
    xs = np.linspace(-2.0, 4.0, 200)
    for ax, x0 in zip(axes, starts):
        tidy_axes(ax)
        ax.plot(xs, toy_error(xs), color=BLUE, lw=2)
        y0, m = toy_error(x0), toy_slope(x0)
        span = np.array([x0 - 0.9, x0 + 0.9])
        ax.plot(span, y0 + m * (span - x0), color=ORANGE, lw=2.4, label=_minus(f"slope {m:+g}"))
        ax.plot([x0], [y0], "o", color=VERMILLION, ms=9, zorder=3)
        direction = -np.sign(m)
        ax.add_patch(
            FancyArrowPatch(
                (x0, y0 - 1.3),
                (x0 + direction * 1.3, y0 - 1.3),
                arrowstyle="-|>",
                mutation_scale=16,
                color=GREEN,
                lw=2.2,
            )
        )
        ax.text(x0 + direction * 0.65, y0 - 1.0, "downhill", ha="center", fontsize=9.5, color=GREEN_TEXT)
        ax.plot([1.0], [1.0], marker="*", color="black", ms=11, ls="")
        ax.set(xlim=(-2, 4), ylim=(0, 11), xlabel="x")
        ax.set_title(
            _minus(f"start at x = {x0:g}: slope {m:+g}, so {'increase' if m < 0 else 'decrease'} x"), fontsize=9.5
        )
        ax.legend(loc="upper center", frameon=False, fontsize=9)
    axes[0].set_ylabel("y = (x − 1)² + 1")
    fig.tight_layout()
    return fig


def descent_figure(xs: np.ndarray, *, shown: int | None = None, curve: str = "bowl", title: str = "") -> Figure:
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
            ax.add_patch(
                FancyArrowPatch(
                    (xa, ya),
                    (xb, yb),
                    arrowstyle="-|>",
                    mutation_scale=11,
                    color=GREY,
                    lw=1.1,
                    connectionstyle="arc3,rad=-0.25",
                    zorder=2,
                )
            )
        ax.plot(path[:-1], ys[:-1], "o", color=ORANGE, ms=6, alpha=0.55, zorder=3)
    for i, (xi, yi) in enumerate(zip(path, ys)):
        if yi > 1.5:  # number the balls that are clear of the crowded bottom
            ax.annotate(
                str(i),
                (xi, yi),
                xytext=(-9 if xi > 1 else 9, 4),
                textcoords="offset points",
                ha="center",
                fontsize=8.5,
                color=INK_DARK,
            )
    ax.plot(path[-1:], ys[-1:], "o", color=VERMILLION, ms=12, mec="black", zorder=4)
    ax.plot([1.0], [1.0], marker="*", color="black", ms=10, ls="", zorder=4)
    ax.set(xlim=(-2.6, 4.6), ylim=(0, 13.5 if curve == "bowl" else 5), xlabel="x (a weight)", ylabel="error")
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
        return (
            f"step {step}: x = {xs[step]:.3f}, slope {toy_slope(xs[step]):+.3f}, "
            f"last step {xs[step] - xs[step - 1]:+.3f}"
        )

    def alt(step: int) -> str:
        return (
            f"The curve y = (x - 1) squared + 1 with a ball at x = {xs[step]:.3f} after {step} steps "
            f"of gradient descent with learning rate {learning_rate:g}, starting from x = {start:g}. "
            "Each step is shorter than the one before."
        )

    def caption(step: int) -> str:
        if step == 0:
            return f"The ball starts at x = {start:g}, where the slope is steep."
        size = abs(xs[step] - xs[step - 1])
        return (
            f"After step {step} the ball is at x = <b>{xs[step]:.3f}</b>. That step moved it "
            f"{size:.3f}: each step is the learning rate {learning_rate:g} times the slope, so the "
            "steps shrink as the curve flattens out."
        )

    return InteractiveFigure(
        list(range(n_steps + 1)),
        lambda s: descent_figure(xs, shown=s, title=title(s)),
        label="step",
        alt=alt,
        caption=caption,
        value_format="{}",
        initial=0,
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
        return (
            f"The curve y = (x - 1) squared + 1 with {n_steps} steps of gradient descent from x = {start:g} "
            f"with learning rate {rate:.2f}. The ball {describe_rate(rate)}; it ends at x = {xs[-1]:.3g}."
        )

    def caption(rate: float) -> str:
        xs = descend(start, rate, n_steps)
        return (
            f"Learning rate <b>{rate:.2f}</b>: the ball {describe_rate(rate)}. "
            f"After {n_steps} steps it is at x = {xs[-1]:.3g} (the bottom is at x = 1)."
        )

    return InteractiveFigure(
        learning_rate_values(),
        draw,
        label="learning rate",
        alt=alt,
        caption=caption,
        value_format="{:.2f}",
        initial=0.1,
    )


def bowl_versus_v_figure(start: float = 3.0, learning_rate: float = 0.3, n_steps: int = 10) -> Figure:
    """Descent with the same learning rate on a smooth bowl and on a V-shaped valley.

    On the bowl the slope shrinks near the bottom, so the steps shrink; on the V the slope is
    always +1 or -1, so every step has the same size and the ball bounces around the bottom.
    """
    fig, axes = new_figure(7.6, 3.3, 1, 2)
    for ax, curve, error, slope, name in (
        (axes[0], "bowl", toy_error, toy_slope, "squared: (x − 1)² + 1"),
        (axes[1], "v", v_error, v_slope, "absolute: |x − 1| + 1"),
    ):
        xs = descend(start, learning_rate, n_steps, slope)
        tidy_axes(ax)
        grid = np.linspace(-1.0, 4.0, 200)
        ax.plot(grid, error(grid), color=BLUE, lw=2)
        ys = error(xs)
        for a, b in zip(range(len(xs) - 1), range(1, len(xs))):
            ax.add_patch(
                FancyArrowPatch(
                    (xs[a], ys[a]),
                    (xs[b], ys[b]),
                    arrowstyle="-|>",
                    mutation_scale=10,
                    color=GREY,
                    lw=1,
                    connectionstyle="arc3,rad=-0.3",
                )
            )
        ax.plot(xs[:-1], ys[:-1], "o", color=ORANGE, ms=5, alpha=0.7)
        ax.plot(xs[-1:], ys[-1:], "o", color=VERMILLION, ms=10, mec="black")
        ax.set(xlim=(-1, 4), ylim=(0.5, 6 if curve == "bowl" else 4), xlabel="x", title=name)
        ax.title.set_fontsize(10)
    axes[0].set_ylabel("error")
    fig.tight_layout()
    return fig


def hiker_figure() -> Figure:
    """A walker on a dark hillside whose torch lights only the ground near their feet."""
    fig, ax = new_drawing(6.4, 3.2, (0, 10), (0, 5), aspect="equal", facecolor=NIGHT_SKY)
    x = np.linspace(0, 10, 300)
    ground = 1.0 + 2.6 * np.exp(-(((x - 2.6) / 2.1) ** 2)) + 0.9 * np.exp(-(((x - 7.2) / 1.0) ** 2)) + 0.05 * x
    ax.fill_between(x, 0, ground, color=NIGHT_HILL, zorder=1)
    walker_x = 4.15
    feet = float(np.interp(walker_x, x, ground))
    rng = np.random.default_rng(3)
    stars = rng.uniform([0, 3.3], [10, 5], size=(28, 2))
    stars = stars[
        (stars[:, 1] > np.interp(stars[:, 0], x, ground) + 0.3)
        & ~((stars[:, 0] > walker_x + 1.4) & (stars[:, 0] < walker_x + 4.2) & (stars[:, 1] < feet + 1.4))
    ]  # keep the label clear
    ax.plot(stars[:, 0], stars[:, 1], ".", color="white", ms=2.5, alpha=0.8)
    lit = (x > walker_x - 0.1) & (x < walker_x + 0.95)
    ax.plot(x[lit], ground[lit], color=YELLOW, lw=4, zorder=3, solid_capstyle="round")
    # The torchlight: a soft cone from the hand to the lit patch of ground.
    hand = (walker_x + 0.12, feet + 0.55)
    ax.add_patch(
        Polygon(
            [hand, (walker_x + 0.95, float(np.interp(walker_x + 0.95, x, ground))), (walker_x - 0.05, feet)],
            closed=True,
            color=YELLOW,
            alpha=0.25,
            lw=0,
            zorder=2,
        )
    )
    # A simple walker: head, body, legs, arm.
    body = NIGHT_WALKER
    ax.add_patch(Circle((walker_x - 0.08, feet + 1.02), 0.13, color=body, zorder=4))
    ax.plot([walker_x - 0.08, walker_x - 0.05], [feet + 0.88, feet + 0.45], color=body, lw=2.5, zorder=4)
    for foot_x in (walker_x - 0.22, walker_x + 0.12):
        ax.plot(
            [walker_x - 0.05, foot_x], [feet + 0.45, float(np.interp(foot_x, x, ground))], color=body, lw=2.5, zorder=4
        )
    ax.plot([walker_x - 0.07, walker_x + 0.12], [feet + 0.75, feet + 0.55], color=body, lw=2.5, zorder=4)
    ax.add_patch(
        FancyArrowPatch(
            (walker_x + 0.55, feet + 0.95),
            (walker_x + 1.6, feet + 0.25),
            arrowstyle="-|>",
            mutation_scale=16,
            color=ORANGE,
            lw=2.2,
            zorder=4,
        )
    )
    ax.text(walker_x + 1.7, feet + 0.9, "step downhill", color="white", fontsize=10)
    low = int(np.argmin(np.where((x > 4.5) & (x < 7.0), ground, np.inf)))
    ax.text(
        x[low],
        ground[low] - 0.45,
        "the valley floor\n(out of sight)",
        color=NIGHT_TEXT,
        fontsize=8.5,
        ha="center",
        va="top",
    )
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
    value = 2.2 + _BOWL * (a**2 + b**2)
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
    fig = blank_figure(6.0, 4.4)
    ax = fig.add_subplot(projection="3d", facecolor="white")
    ax.plot_surface(
        a, b, two_valley_error(a, b), cmap="viridis", alpha=0.75, linewidth=0, antialiased=True, rcount=40, ccount=40
    )
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
    fig, ax = new_figure(5.2, 4.6)
    contours = ax.contourf(a, b, two_valley_error(a, b), levels=18, cmap="viridis", alpha=0.85)
    fig.colorbar(contours, ax=ax, label="error", shrink=0.85)
    markers = ["o", "s", "^", "D"]
    for i, start in enumerate(starts):
        path = descend_2d(start, 0.3, 80)
        colour = "white" if i % 2 == 0 else ORANGE_LIGHT
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


def error_candidates(
    outputs: Sequence[float] = CANDIDATE_OUTPUTS, targets: Sequence[float] = CANDIDATE_TARGETS
) -> dict[str, np.ndarray]:
    """Per-node values of three candidate error measures: t - o, |t - o| and (t - o)^2."""
    o, t = np.asarray(outputs, dtype=float), np.asarray(targets, dtype=float)
    if o.shape != t.shape:
        raise ValueError(f"got {o.size} outputs but {t.size} targets; give one target per output node")
    diff = t - o
    return {"t − o": diff, "|t − o|": np.abs(diff), "(t − o)²": diff**2}


def error_candidates_markdown(
    outputs: Sequence[float] = CANDIDATE_OUTPUTS, targets: Sequence[float] = CANDIDATE_TARGETS
) -> str:
    """The comparison of error candidates as a Markdown table: one row per candidate."""
    table = error_candidates(outputs, targets)

    def fmt(v: float) -> str:
        v = 0.0 if abs(v) < 1e-12 else v
        return f"{v:.2f}".replace("-", "−")

    head = (
        "| error measure | "
        + " | ".join(f"node {i + 1} (output {o:g}, target {t:g})" for i, (o, t) in enumerate(zip(outputs, targets)))
        + " | added up |"
    )
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
    fig = blank_figure(8.0, 3.5)
    left = fig.add_subplot(1, 2, 1, facecolor="white")
    w = np.linspace(-6, 4, 300)
    left.plot(w, node_error(w, fixed_w2), color=VERMILLION, lw=2)
    tidy_axes(left)
    left.set(xlabel="weight w₁ (w₂ kept at 2.0)", ylabel="error")
    best = w[np.argmin(node_error(w, fixed_w2))]
    left.annotate(
        "lowest error",
        (best, float(node_error(best, fixed_w2))),
        xytext=(best + 1.8, 0.12),
        arrowprops=dict(arrowstyle="->", color=INK_DARK),
        fontsize=9,
    )
    right = fig.add_subplot(1, 2, 2, projection="3d", facecolor="white")
    a, b = np.meshgrid(np.linspace(-6, 4, 50), np.linspace(-3, 7, 50))
    right.plot_surface(a, b, node_error(a, b), cmap="viridis", linewidth=0, alpha=0.9, rcount=35, ccount=35)
    cut = np.linspace(-6, 4, 100)
    right.plot(cut, np.full_like(cut, fixed_w2), node_error(cut, fixed_w2) + 0.01, color=VERMILLION, lw=2, zorder=10)
    right.set(xlabel="w₁", ylabel="w₂", zlabel="error")
    right.view_init(elev=40, azim=-60)
    fig.subplots_adjust(left=0.08, right=0.97, bottom=0.16, top=0.95, wspace=0.15)
    return fig


def output_weight_gradient(weights: np.ndarray, hidden_outputs: np.ndarray, targets: np.ndarray) -> np.ndarray:
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
        raise ValueError(
            f"weights of shape {weights.shape} do not fit {o_j.size} hidden outputs and "
            f"{t.size} targets; expected shape ({t.size}, {o_j.size})"
        )
    combined = weights @ o_j
    o_k = sigmoid(combined)
    errors = t - o_k
    return -np.outer(errors * o_k * (1.0 - o_k), o_j)


def output_layer_figure() -> Figure:
    """A 3-3-3 network with the hidden-to-output links highlighted and one weight w_jk picked out."""
    fig, ax = new_drawing(6.4, 3.4, (-0.6, 8.0), (-0.6, 3.9), aspect="equal")
    layers = [
        [(0.0, 3.4 - 1.4 * i) for i in range(3)],
        [(3.0, 3.4 - 1.4 * i) for i in range(3)],
        [(6.0, 3.4 - 1.4 * i) for i in range(3)],
    ]
    for a in layers[0]:
        for b in layers[1]:
            _link(ax, a, b, colour=LINE_LIGHT, lw=1.2)
    j, k = 1, 0
    for jj, a in enumerate(layers[1]):
        for kk, b in enumerate(layers[2]):
            chosen = (jj, kk) == (j, k)
            _link(ax, a, b, colour=ORANGE if chosen else SKY, lw=3.2 if chosen else 1.6)
    for p in layers[0]:
        _node(ax, p, colour=FILL_CELL, edge=LINE_MUTED)
    for i, p in enumerate(layers[1]):
        _node(ax, p, colour=ORANGE_TINT if i == j else "white")
    for i, p in enumerate(layers[2]):
        _node(ax, p, colour=ORANGE_TINT if i == k else "white")
    ax.text(layers[1][j][0], layers[1][j][1], "j", ha="center", va="center", fontsize=12, zorder=5)
    ax.text(layers[2][k][0], layers[2][k][1], "k", ha="center", va="center", fontsize=12, zorder=5)
    ax.text(layers[1][j][0] - 0.25, layers[1][j][1] - 0.55, "output $o_j$", ha="center", fontsize=10)
    ax.text(layers[2][k][0] + 0.45, layers[2][k][1], "output $o_k$\nerror $e_k$", ha="left", va="center", fontsize=10)
    mid = ((layers[1][j][0] + layers[2][k][0]) / 2, (layers[1][j][1] + layers[2][k][1]) / 2)
    ax.text(
        mid[0] - 0.1,
        mid[1] + 0.3,
        "$w_{j,k}$",
        fontsize=13,
        color=ORANGE_TEXT,
        ha="center",
        bbox=dict(facecolor="white", edgecolor="none", pad=0.5),
        zorder=6,
    )
    for x, name in ((0.0, "input"), (3.0, "hidden"), (6.0, "output")):
        ax.text(x, -0.35, name, ha="center", fontsize=10, color=INK_DARK)
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------------------------------
