"""Logic gates, threshold functions and neurons: the numbers of two Part 1 pages.

Pages "Sometimes one classifier is not enough" and "Neurons, nature's computing machines".
Their drawings are in :mod:`nnbook.figures.part1.neuron_figures`.
"""

from __future__ import annotations

import html
import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from nnbook.activation import logit, sigmoid
from nnbook.figures.colours import BLUE_TINT_PALE

__all__ = [
    "GATES",
    "INPUT_PAIRS",
    "NEURON_COUNTS",
    "LineFit",
    "gate_outputs",
    "truth_table_rows",
    "truth_table_html",
    "truth_table_latex",
    "TruthTable",
    "true_side",
    "best_line_at_angle",
    "best_single_line",
    "separable_by_one_line",
    "separable_functions",
    "band_outputs",
    "step",
    "sigmoid",
    "rise_width",
    "neuron_output",
    "count_links",
]

# 1. Maths
# ---------------------------------------------------------------------------------------

#: The three logic gates of the page, as functions of two bits (0 = false, 1 = true).
GATES: dict[str, Callable[[int, int], int]] = {
    "AND": lambda a, b: a & b,
    "OR": lambda a, b: a | b,
    "XOR": lambda a, b: a ^ b,
}

#: Every pair of inputs (A, B) a two-input gate can receive, shape ``(4, 2)``, made by
#: counting in binary rather than typed out.
INPUT_PAIRS: np.ndarray = np.array(list(itertools.product((0, 1), repeat=2)), dtype=int)

#: Neuron counts of whole brains (or nervous systems), as round numbers.
#: Human: about 86 billion, from counting cell nuclei in dissolved brain tissue (2009);
#: fruit fly: about 140,000, from the complete map of an adult fly brain published in 2024;
#: nematode worm C. elegans: 302, each one identified under the electron microscope;
#: honeybee: about 950,000 to 1 million, from microscope counts of bee brains.
NEURON_COUNTS: dict[str, float] = {
    "nematode worm": 302,
    "fruit fly": 140_000,
    "honeybee": 950_000,
    "human": 86e9,
}


def gate_outputs(name: str, pairs: np.ndarray = INPUT_PAIRS) -> np.ndarray:
    """The gate's output (0 or 1) for each input pair; ``pairs`` has shape ``(n, 2)``."""
    try:
        gate = GATES[name]
    except KeyError:
        raise ValueError(f"unknown logic gate {name!r}; choose one of {', '.join(GATES)}") from None
    return np.array([gate(int(a), int(b)) for a, b in pairs], dtype=int)


def truth_table_rows(gates: Sequence[str] = tuple(GATES)) -> list[tuple[str, list[int]]]:
    """The truth tables of ``gates`` turned on their side: one row per signal, one column per input pair.

    The first two rows are the inputs A and B, then one row per gate, e.g.
    ``("A AND B", [0, 0, 0, 1])``. Lying down, the table shows each gate's pattern at a glance.
    """
    rows = [("A", [int(a) for a in INPUT_PAIRS[:, 0]]), ("B", [int(b) for b in INPUT_PAIRS[:, 1]])]
    rows += [(f"A {name} B", [int(v) for v in gate_outputs(name)]) for name in gates]
    return rows


def truth_table_html(gates: Sequence[str] = tuple(GATES), caption: str = "") -> str:
    """:func:`truth_table_rows` as a small HTML table, inputs shaded apart from outputs."""
    lines = [
        '<table class="nnbook-truth-table" style="margin:0 auto;text-align:center">',
        f"<caption>{html.escape(caption)}</caption>" if caption else "",
        "<thead><tr><td></td>"
        + "".join(f"<th>case {i + 1}</th>" for i in range(len(INPUT_PAIRS)))
        + "</tr></thead><tbody>",
    ]
    for row, (label, values) in enumerate(truth_table_rows(gates)):
        style = f' style="background:{BLUE_TINT_PALE}"' if row < 2 else ""
        cells = "".join(f"<td>{v}</td>" for v in values)
        lines.append(f"<tr{style}><th>{html.escape(label)}</th>{cells}</tr>")
    lines.append("</tbody></table>")
    return "\n".join(lines)


def truth_table_latex(gates: Sequence[str] = tuple(GATES)) -> str:
    """:func:`truth_table_rows` as a LaTeX ``array``, the inputs ruled off from the gates.

    It is written for maths mode because that is how notebook tools print a ``text/latex``
    output (myst-nb puts it in a display-maths block); ``array`` is valid there, where
    ``tabular`` would not be.
    """
    columns = len(INPUT_PAIRS)
    lines = [
        rf"\begin{{array}}{{r|{'c' * columns}}}",
        " & ".join([""] + [rf"\text{{case {i + 1}}}" for i in range(columns)]) + r" \\ \hline",
    ]
    for row, (label, values) in enumerate(truth_table_rows(gates)):
        rule = r" \hline" if row == 1 else ""
        lines.append(" & ".join([rf"\text{{{label}}}"] + [str(v) for v in values]) + r" \\" + rule)
    lines.append(r"\end{array}")
    return "\n".join(lines)


@dataclass(frozen=True)
class TruthTable:
    """A truth table that shows itself as HTML on the website and as a LaTeX table in the PDF.

    A notebook asks an object for all the forms it can take; the website picks the HTML,
    the LaTeX builder the LaTeX, so neither edition prints a bare ``<...HTML object>``.
    """

    gates: tuple[str, ...] = tuple(GATES)
    caption: str = ""

    def _repr_html_(self) -> str:
        return truth_table_html(self.gates, self.caption)

    def _repr_latex_(self) -> str:
        return "$$\n" + truth_table_latex(self.gates) + "\n$$"  # the PDF: no caption in maths

    def __repr__(self) -> str:
        return "\n".join(f"{label:>8}: {' '.join(map(str, values))}" for label, values in truth_table_rows(self.gates))


def _normal(angle: float) -> np.ndarray:
    radians = math.radians(angle)
    return np.array([math.cos(radians), math.sin(radians)])


def true_side(points: np.ndarray, angle: float, offset: float) -> np.ndarray:
    """True for each point on the line's "true" side: ``n . p > offset``; ``points`` is ``(n, 2)``."""
    return np.asarray(points, dtype=float) @ _normal(angle) > offset


@dataclass(frozen=True)
class LineFit:
    """The best place for a line facing a given direction, and how well it does there."""

    angle: float  # direction the true side faces, in degrees
    offset: float  # the line is n . p = offset
    correct: int  # how many points it puts on their own side
    margin: float  # distance from the line to the nearest point (bigger looks tidier)


def best_line_at_angle(outputs: np.ndarray, angle: float, points: np.ndarray = INPUT_PAIRS) -> LineFit:
    """Slide a line facing ``angle`` (degrees) across the points and keep its best place.

    Only the order of the points along the facing direction matters, so it is enough to try
    a cut between each pair of neighbours (and beyond both ends). Both ways of facing are
    tried: the fit returned may face ``angle + 180``. Ties go to the cut with the widest gap,
    then to the one nearest the middle of the points.
    """
    outputs = np.asarray(outputs, dtype=bool)
    best: LineFit | None = None
    best_key: tuple[int, float, float] = (-1, 0.0, 0.0)
    for facing in (angle, angle + 180.0):
        projections = np.asarray(points, dtype=float) @ _normal(facing)
        levels = np.unique(np.round(projections, 12))
        cuts = np.concatenate([[levels[0] - 0.5], (levels[:-1] + levels[1:]) / 2, [levels[-1] + 0.5]])
        for cut in cuts:
            correct = int(np.sum((projections > cut) == outputs))
            margin = float(np.min(np.abs(projections - cut)))
            fit = LineFit(float(facing % 360.0), float(cut), correct, margin)
            centred = -abs(cut - float(np.mean(projections)))
            if best is None or (fit.correct, round(fit.margin, 9), centred) > best_key:
                best, best_key = fit, (fit.correct, round(fit.margin, 9), centred)
    assert best is not None
    return best


def best_single_line(outputs: np.ndarray, points: np.ndarray = INPUT_PAIRS, step_degrees: float = 1.0) -> LineFit:
    """The best single straight line over all directions (tried every ``step_degrees``)."""
    fits = [best_line_at_angle(outputs, a, points) for a in np.arange(0.0, 180.0, step_degrees)]
    return max(fits, key=lambda f: (f.correct, f.margin))


def separable_by_one_line(outputs: np.ndarray, points: np.ndarray = INPUT_PAIRS) -> bool:
    """Can one straight line put every true point on one side and every false one on the other?"""
    return best_single_line(outputs, points).correct == len(points)


def separable_functions() -> list[tuple[int, ...]]:
    """Which of the 16 possible two-input logic functions one straight line can learn.

    Each function is written as its four outputs for the input pairs of :data:`INPUT_PAIRS`.
    """
    return [
        outs for outs in itertools.product((0, 1), repeat=len(INPUT_PAIRS)) if separable_by_one_line(np.array(outs))
    ]


def band_outputs(points: np.ndarray, low: float, high: float) -> np.ndarray:
    """Two parallel lines A + B = low and A + B = high: true strictly between them, as 0 or 1."""
    sums = np.asarray(points, dtype=float).sum(axis=1)
    return ((sums > low) & (sums < high)).astype(int)


def step(x: float | np.ndarray, threshold: float = 0.0) -> np.ndarray:
    """The step activation: 0 below ``threshold``, 1 from the threshold on (the neuron fires)."""
    return np.where(np.asarray(x, dtype=float) >= threshold, 1.0, 0.0)


def rise_width(weight: float, low: float = 0.1, high: float = 0.9) -> float:
    """How far x must travel for sigmoid(weight * x) to climb from ``low`` to ``high``.

    The sigmoid's inverse is the logit, ln(y / (1 - y)), so the climb takes
    (logit(high) - logit(low)) / weight: double the weight, half the distance.
    """
    if weight <= 0:
        raise ValueError(f"the weight must be positive to make a rising curve, got {weight}")
    return float((logit(high) - logit(low)) / weight)


def neuron_output(inputs: Sequence[float], weights: Sequence[float] | None = None) -> float:
    """An artificial neuron: add up the (weighted) inputs, then squash the sum with the sigmoid.

    ``inputs`` and ``weights`` have the same length; no weights means every weight is 1.
    """
    x = np.asarray(inputs, dtype=float)
    w = np.ones_like(x) if weights is None else np.asarray(weights, dtype=float)
    if w.shape != x.shape:
        raise ValueError(f"got {x.size} inputs but {w.size} weights; give one weight per input")
    return float(sigmoid(np.dot(w, x)))


def count_links(layer_sizes: Sequence[int]) -> int:
    """Links (and so weights) in a fully connected network: every node to every node of the next layer."""
    if any(n < 1 for n in layer_sizes):
        raise ValueError(f"every layer needs at least one node, got sizes {list(layer_sizes)}")
    return int(sum(a * b for a, b in zip(layer_sizes[:-1], layer_sizes[1:])))


# ---------------------------------------------------------------------------------------
