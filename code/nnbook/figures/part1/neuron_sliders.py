"""The interactive figures of pages 1.5 and 1.6: a slider and precomputed drawings."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure

from nnbook.activation import sigmoid
from nnbook.figures.colours import BLUE, GREEN, GREEN_TEXT, GREY, INK, ORANGE, ORANGE_TEXT, VERMILLION, VERMILLION_TEXT
from nnbook.figures.part1.neuron_figures import (
    steepness_figure,
    xor_one_line_figure,
    xor_two_lines_figure,
)
from nnbook.figures.part1.neurons import (
    INPUT_PAIRS,
    band_outputs,
    best_line_at_angle,
    gate_outputs,
    neuron_output,
    rise_width,
    true_side,
)
from nnbook.figures.style import new_figure, tidy_axes
from nnbook.web.slider_grid import Axis, SliderGrid, described, number
from nnbook.web.widgets import InteractiveFigure

__all__ = [
    "xor_one_line_slider",
    "xor_two_lines_slider",
    "steepness_slider",
    "step_or_sigmoid_figure",
    "step_or_sigmoid_slider",
    "three_inputs_figure",
    "three_inputs_sliders",
]

# 3. Interactive figures
# ---------------------------------------------------------------------------------------


def xor_one_line_slider(angles: Sequence[float] | None = None, initial: float = 30.0) -> InteractiveFigure:
    """Turn one line over XOR's points; at each angle it sits at its best place, and still fails."""
    angles = list(np.arange(0, 180, 5.0)) if angles is None else list(angles)
    outputs = gate_outputs("XOR")

    def describe(angle: float) -> tuple[int, list[str]]:
        """How many points the best line at this angle gets right, and which ones it gets wrong."""
        fit = best_line_at_angle(outputs, angle)
        wrong = INPUT_PAIRS[true_side(INPUT_PAIRS, fit.angle, fit.offset) != outputs.astype(bool)]
        return fit.correct, [f"({a}, {b})" for a, b in wrong]

    def alt(angle: float) -> str:
        correct, wrong = describe(angle)
        which = f"the point {wrong[0]} is" if len(wrong) == 1 else f"the points {' and '.join(wrong)} are"
        return (
            f"XOR's four points with one straight line turned to {angle:g} degrees and placed as well as it "
            f"can be. {correct} of 4 points are on the right side; {which} on the wrong side."
        )

    def caption(angle: float) -> str:
        correct, wrong = describe(angle)
        return (
            f"Angle {angle:g}°. Even slid to its best spot, the line gets <b>{correct} of 4</b> right. "
            f"On the wrong side (ringed): {' and '.join(wrong)}."
        )

    return InteractiveFigure(
        [float(a) for a in angles],
        xor_one_line_figure,
        label="turn the line (degrees)",
        alt=alt,
        caption=caption,
        value_format="{:g}",
        initial=float(initial),
    )


def xor_two_lines_slider(positions: Sequence[float] | None = None, initial: float = 2.35) -> InteractiveFigure:
    """Keep the line A + B = 0.5 and slide a second, parallel line A + B = c: true between them.

    The default positions never put the line exactly through a point (A + B = 1 or 2), where
    the point would be on neither side.
    """
    positions = list(np.round(np.arange(0.75, 2.56, 0.1), 2)) if positions is None else list(positions)
    outputs = gate_outputs("XOR")

    def correct(c: float) -> int:
        return int(np.sum(band_outputs(INPUT_PAIRS, 0.5, c) == outputs))

    def alt(c: float) -> str:
        return (
            f"XOR's four points with two parallel lines, A + B = 0.5 and A + B = {c:g}; the strip between "
            f"them counts as true. {correct(c)} of 4 points are on the right side."
        )

    def caption(c: float) -> str:
        n = correct(c)
        if n == 4:
            verdict = "all four right: the strip holds exactly the two true points."
        elif c >= 2:
            verdict = "(1, 1) is still inside the strip, on the wrong side."
        else:
            verdict = "the strip is now too thin: it has lost the true points."
        return f"Second line A + B = {c:g}: <b>{n} of 4</b> right; {verdict}"

    return InteractiveFigure(
        [float(c) for c in positions],
        xor_two_lines_figure,
        label="move the second line",
        alt=alt,
        caption=caption,
        value_format="{:g}",
        initial=float(initial),
    )


def steepness_slider(weights: Sequence[float] | None = None, initial: float = 1.0) -> InteractiveFigure:
    """Change the weight w in sigmoid(w x) and watch the gentle S sharpen towards a step."""
    weights = [0.25, 0.5, 0.75, 1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10, 15, 20] if weights is None else weights

    def alt(w: float) -> str:
        return (
            f"The curve sigmoid(w times x) for w = {w:g}, rising from 0 to 1 through the point (0, 0.5). "
            f"It climbs from 0.1 to 0.9 over an x-distance of {rise_width(w):.2g}; the dashed step "
            f"function jumps at x = 0."
        )

    def caption(w: float) -> str:
        look = "a gentle slope" if w < 1 else ("the usual S" if w < 2 else ("a steep S" if w < 8 else "almost a step"))
        return (
            f"w = {w:g}: {look}. From 0.1 to 0.9 in an x-distance of <b>{rise_width(w):.2g}</b>; "
            f"the middle stays at (0, 0.5)."
        )

    return InteractiveFigure(
        [float(w) for w in weights],
        steepness_figure,
        label="weight w",
        alt=alt,
        caption=caption,
        value_format="{:g}",
        initial=float(initial),
    )


def _step(x: float) -> float:
    """The step function of the page: 0 below the threshold at 0, 1 from it on."""
    return 1.0 if x >= 0 else 0.0


def step_or_sigmoid_figure(x: float, span: float = 8.0) -> Figure:
    """The step and the sigmoid on one graph, each answering the same summed input ``x``."""
    fig, ax = new_figure(5.0, 3.3)
    grid = np.linspace(-span, span, 161)
    ax.plot([-span, 0, 0, span], [0, 0, 1, 1], color=GREY, lw=2.2, ls="--", label="step")
    ax.plot(grid, sigmoid(grid), color=BLUE, lw=2.8, label="sigmoid")
    ax.axvline(x, color=ORANGE, lw=1.4, ls=":")
    ax.plot([x], [_step(x)], "s", color=VERMILLION, mec=INK, ms=10, zorder=4)
    ax.plot([x], [sigmoid(x)], "o", color=ORANGE, mec=INK, ms=10, zorder=5)
    ax.set_title(
        f"x = {number(x, '{:g}')}:  step {_step(x):g},  sigmoid {float(sigmoid(x)):.3f}", fontsize=13, loc="left"
    )
    ax.set(xlim=(-span, span), ylim=(-0.08, 1.12))
    ax.set_xlabel("summed input x", fontsize=12)
    ax.set_ylabel("output", fontsize=12)
    ax.tick_params(labelsize=11)
    ax.legend(loc="center left", frameon=False, fontsize=11)
    tidy_axes(ax)
    fig.tight_layout()
    return fig


def _describe_step(x: float) -> tuple[str, str]:
    y = float(sigmoid(x))
    alt = (
        f"The step function and the sigmoid, drawn for inputs from minus 8 to 8, with a dotted line at x = {x:g}. "
        f"There the step gives {_step(x):g} and the sigmoid gives {y:.3f}."
    )
    if x == 0:
        verdict = "right at the threshold the step jumps to 1, while the sigmoid is exactly halfway"
    elif abs(x) <= 2:
        verdict = "near the threshold the sigmoid hedges, where the step has already decided"
    else:
        verdict = "far from the threshold the two almost agree"
    caption = f"x = {number(x, '{:g}')}: the step says <b>{_step(x):g}</b>, the sigmoid says <b>{y:.3f}</b>; {verdict}."
    return alt, caption


def step_or_sigmoid_slider(values: Sequence[float] | None = None, initial: float = 2.0) -> InteractiveFigure:
    """Slide the summed input x and compare the step's all-or-nothing answer with the sigmoid's."""
    values = [float(v) for v in (range(-8, 9) if values is None else values)]
    alt, caption = described(_describe_step)
    return InteractiveFigure(
        values,
        step_or_sigmoid_figure,
        label="summed input x",
        alt=alt,
        caption=caption,
        value_format="{:g}",
        initial=float(initial),
    )


_INPUT_COLOURS = (BLUE, ORANGE, GREEN)
_INPUT_TEXT_COLOURS = (BLUE, ORANGE_TEXT, GREEN_TEXT)  # darker shades, legible on white


def three_inputs_figure(x1: float, x2: float, x3: float, top: float = 9.0) -> Figure:
    """Three inputs laid end to end along the x axis (their sum), and the sigmoid's answer to it."""
    total = x1 + x2 + x3
    y = neuron_output([x1, x2, x3])
    fig, ax = new_figure(5.0, 3.3)
    grid = np.linspace(-3, top, 49)  # smooth enough at this size, and light: this figure has 64 frames
    ax.plot(grid, sigmoid(grid), color=INK, lw=2.0)
    start = 0.0
    for i, (value, colour, ink) in enumerate(zip((x1, x2, x3), _INPUT_COLOURS, _INPUT_TEXT_COLOURS)):
        if value:
            ax.plot([start, start + value], [0.03 + 0.06 * i] * 2, color=colour, lw=7, solid_capstyle="butt")
            ax.text(start + value / 2, 0.1 + 0.06 * i, f"x{'₁₂₃'[i]}", ha="center", va="bottom", fontsize=11, color=ink)
        start += value
    ax.plot([total, total], [0, y], color=VERMILLION, lw=1.4, ls=":")
    ax.plot([total], [y], "o", color=VERMILLION, mec=INK, ms=10, zorder=4)
    ax.set_title(f"sum {total:g}  →  output {y:.2f}", fontsize=13, loc="left", color=VERMILLION_TEXT)
    ax.set(xlim=(-3, top), ylim=(-0.02, 1.08), yticks=[0, 0.5, 1], xticks=np.arange(0, top + 0.5, 3))
    ax.set_xlabel("summed input", fontsize=12)
    ax.set_ylabel("output", fontsize=12)
    ax.tick_params(labelsize=11)
    tidy_axes(ax)
    fig.tight_layout()
    return fig


def _describe_inputs(x1: float, x2: float, x3: float) -> tuple[str, str]:
    total = x1 + x2 + x3
    y = neuron_output([x1, x2, x3])
    alt = (
        f"The sigmoid curve. Three coloured bars laid end to end along the input axis, of lengths {x1:g}, {x2:g} "
        f"and {x3:g}, add up to {total:g}; a dot on the curve above that sum marks the output {y:.2f}."
    )
    loud = max(x1, x2, x3)
    if total == 0:
        remark = "with no input at all the output sits halfway, at the sigmoid's middle"
    elif loud == total:
        remark = "one input does all the work"
    else:
        remark = "several inputs add up: together they push the output as far as one big input of the same sum"
    caption = (
        f"Inputs {x1:g} + {x2:g} + {x3:g} = <b>{total:g}</b>, and the sigmoid turns the sum into "
        f"<b>{y:.2f}</b>: {remark}."
    )
    return alt, caption


def three_inputs_sliders(values: Sequence[float] = (0.0, 1.0, 2.0, 3.0)) -> SliderGrid:
    """Three input sliders feeding one node (all weights 1): one big input or several medium ones."""
    values = [float(v) for v in values]
    axes = [
        Axis("input x₁", values, "{:g}", 1.0),
        Axis("input x₂", values, "{:g}", 0.0),
        Axis("input x₃", values, "{:g}", 0.0),
    ]
    alt, caption = described(lambda inputs: _describe_inputs(*inputs))
    return SliderGrid(
        axes,
        lambda x1, x2, x3: three_inputs_figure(x1, x2, x3, top=3 * max(values)),
        alt=lambda *inputs: alt(inputs),
        caption=lambda *inputs: caption(inputs),
    )
