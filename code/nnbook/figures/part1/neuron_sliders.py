"""The interactive figures of pages 1.5 and 1.6: a slider and precomputed drawings."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

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
    rise_width,
    true_side,
)
from nnbook.web.widgets import InteractiveFigure

__all__ = [
    "xor_one_line_slider",
    "xor_two_lines_slider",
    "steepness_slider",
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
