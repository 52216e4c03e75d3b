"""Logic gates, threshold functions and neurons: the numbers and pictures of two Part 1 pages.

"When one line is not enough" asks whether a single straight line can split the inputs of
the logic gates AND, OR and XOR into "true" and "false". "Neurons, nature's computing
machines" swaps the hard step of a threshold for the smooth sigmoid and draws the neuron,
biological and artificial. Both pages show no code, so everything they compute or draw
lives here, and the tests check it against hand-worked values and known facts.

The module has three parts:

1. **Maths** (no plotting): the gates and their truth tables, straight lines as
   classifiers, the step and sigmoid functions, a neuron's output.
2. **Static figures**: functions that return a new matplotlib ``Figure`` with an opaque
   white background; the page glues them.
3. **Interactive figures**: :class:`~nnbook.widgets.InteractiveFigure` builders (one
   precomputed drawing per slider position, so they also work on the static website).

Conventions. A point is ``(A, B)`` with A across and B up. A straight line is given by
the direction it faces, ``angle`` in degrees, and an ``offset``: with the unit vector
``n = (cos angle, sin angle)``, the points with ``n . p > offset`` are on its "true" side.
Colours follow the Okabe-Ito palette of :mod:`nnbook.plots`; true and false also differ by
marker shape (a filled circle and a cross).
"""

from __future__ import annotations

import html
import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch, Patch, Polygon

from . import diagrams
from .activation import logit, sigmoid
from .colours import BLUE, GREEN, GREY, ORANGE, VERMILLION
from .widgets import InteractiveFigure

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
    "logic_machine_figure",
    "and_or_figure",
    "xor_figure",
    "xor_one_line_figure",
    "xor_two_lines_figure",
    "xor_one_line_slider",
    "xor_two_lines_slider",
    "neuron_figure",
    "cup_figure",
    "step_figure",
    "sigmoid_figure",
    "steepness_figure",
    "steepness_slider",
    "artificial_neuron_figure",
    "neuron_counts_figure",
]

# ---------------------------------------------------------------------------------------
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
    lines = ['<table class="nnbook-truth-table" style="margin:0 auto;text-align:center">',
             f"<caption>{html.escape(caption)}</caption>" if caption else "",
             "<thead><tr><td></td>"
             + "".join(f"<th>case {i + 1}</th>" for i in range(len(INPUT_PAIRS))) + "</tr></thead><tbody>"]
    for row, (label, values) in enumerate(truth_table_rows(gates)):
        style = ' style="background:#eef4fa"' if row < 2 else ""
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
    lines = [rf"\begin{{array}}{{r|{'c' * columns}}}",
             " & ".join([""] + [rf"\text{{case {i + 1}}}" for i in range(columns)]) + r" \\ \hline"]
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
        return "\n".join(f"{label:>8}: {' '.join(map(str, values))}"
                         for label, values in truth_table_rows(self.gates))


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
    return [outs for outs in itertools.product((0, 1), repeat=len(INPUT_PAIRS))
            if separable_by_one_line(np.array(outs))]


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
# 2. Static figures
# ---------------------------------------------------------------------------------------

TRUE_STYLE = {"marker": "o", "color": GREEN, "ms": 13, "ls": "", "mec": "white", "mew": 1.2}
FALSE_STYLE = {"marker": "X", "color": VERMILLION, "ms": 14, "ls": "", "mec": "white", "mew": 1.0}
LIGHT_GREEN, LIGHT_RED = "#d8f0e6", "#fbe3d6"


def _blank_axes(fig: Figure, ax: plt.Axes) -> None:
    fig.patch.set_facecolor("white")
    ax.set_facecolor("white")
    ax.set_axis_off()


def _gate_axes(ax: plt.Axes, title: str, fontsize: float = 11) -> None:
    ax.set_facecolor("white")
    ax.set(xlim=(-0.45, 1.45), ylim=(-0.45, 1.45), aspect="equal", xticks=[0, 1], yticks=[0, 1])
    ax.tick_params(labelsize=fontsize)
    ax.set_xlabel("input A", fontsize=fontsize, labelpad=2)
    ax.set_ylabel("input B", fontsize=fontsize, labelpad=2)
    ax.set_title(title, fontsize=fontsize + 2)
    ax.spines[["top", "right"]].set_visible(False)


def _plot_gate_points(ax: plt.Axes, outputs: np.ndarray, wrong: np.ndarray | None = None,
                      fontsize: float = 11) -> None:
    """True points as green circles, false as red crosses; ``wrong`` ones get a black ring."""
    for (a, b), out in zip(INPUT_PAIRS, outputs):
        ax.plot([a], [b], zorder=4, **(TRUE_STYLE if out else FALSE_STYLE))
        ax.annotate(str(out), (a, b), xytext=(12, 9), textcoords="offset points", fontsize=fontsize, zorder=5)
    if wrong is not None and np.any(wrong):
        ax.plot(INPUT_PAIRS[wrong, 0], INPUT_PAIRS[wrong, 1], "o", ms=25, mfc="none", mec="black",
                mew=2, zorder=3)


def _draw_line(ax: plt.Axes, angle: float, offset: float, colour: str = BLUE, shade: str | None = LIGHT_GREEN) -> None:
    """The line n . p = offset across the plot, its true side shaded."""
    n = _normal(angle)
    d = np.array([-n[1], n[0]])
    base = offset * n
    ends = np.array([base - 4 * d, base + 4 * d])
    ax.plot(ends[:, 0], ends[:, 1], color=colour, lw=2.5, zorder=2)
    if shade:
        ax.add_patch(Polygon(np.array([ends[0], ends[1], ends[1] + 6 * n, ends[0] + 6 * n]),
                             closed=True, color=shade, lw=0, zorder=0))


def _legend_handles(areas: bool = True) -> list:
    handles = [plt.Line2D([], [], **{**TRUE_STYLE, "ms": 9}, label="output 1 (true)"),
               plt.Line2D([], [], **{**FALSE_STYLE, "ms": 9}, label="output 0 (false)")]
    if areas:
        handles.append(Patch(fc=LIGHT_GREEN, ec="#9fcfb9", label="line says 1"))
    return handles


def _legend(ax: plt.Axes, areas: bool = True, **kwargs) -> None:
    handles = _legend_handles(areas)
    if areas:
        handles.append(Patch(fc=LIGHT_RED, ec="#e9b9a0", label="line says 0"))
    ax.legend(handles=handles, frameon=False, fontsize=9, **kwargs)


def logic_machine_figure(gate: str = "AND") -> Figure:
    """A logic gate drawn as a machine: inputs A and B go in, one output comes out."""
    fig, ax = plt.subplots(figsize=(6.0, 2.4))
    _blank_axes(fig, ax)
    ax.set(xlim=(0, 10), ylim=(0, 4))
    ax.add_patch(FancyBboxPatch((3.8, 0.9), 2.4, 2.2, boxstyle="round,pad=0.1", fc="#eef4fa", ec=BLUE, lw=2))
    ax.text(5.0, 2.25, gate, ha="center", va="center", fontsize=20, fontweight="bold", color=BLUE)
    ax.text(5.0, 1.35, "logic gate", ha="center", va="center", fontsize=10, color="#333333")
    for y, name in ((2.6, "A"), (1.4, "B")):
        ax.add_patch(FancyArrowPatch((1.6, y), (3.75, y), arrowstyle="-|>", mutation_scale=18, lw=2, color="#333333"))
        ax.text(1.4, y, f"input {name}\n(0 or 1)", ha="right", va="center", fontsize=11)
    ax.add_patch(FancyArrowPatch((6.35, 2.0), (8.4, 2.0), arrowstyle="-|>", mutation_scale=18, lw=2, color="#333333"))
    ax.text(8.55, 2.0, "output\n(0 or 1)", ha="left", va="center", fontsize=11)
    fig.tight_layout()
    return fig


def and_or_figure() -> Figure:
    """AND and OR side by side, each with one straight line that separates true from false.

    The lines are B = -A + 1.5 for AND and B = -A + 0.5 for OR: same slope, different
    intercepts. The true side (above each line) is shaded green.
    """
    fig, axes = plt.subplots(1, 2, figsize=(6.2, 3.9))
    fig.patch.set_facecolor("white")
    for ax, gate, intercept in zip(axes, ("AND", "OR"), (1.5, 0.5)):
        _gate_axes(ax, f"A {gate} B\nline: B = −A + {intercept}", fontsize=13)
        _draw_line(ax, 45.0, intercept / math.sqrt(2))
        _plot_gate_points(ax, gate_outputs(gate), fontsize=13)
    fig.tight_layout(rect=(0, 0.1, 1, 0.98), w_pad=2.5)
    fig.legend(handles=_legend_handles(), loc="lower center", ncols=3, frameon=False, fontsize=11,
               handletextpad=0.3, columnspacing=1.0)
    return fig


def xor_figure() -> Figure:
    """XOR's four points, with the true ones on one diagonal and the false ones on the other."""
    fig, ax = plt.subplots(figsize=(4.2, 4.2))
    fig.patch.set_facecolor("white")
    _gate_axes(ax, "A XOR B: which line?")
    _plot_gate_points(ax, gate_outputs("XOR"))
    ax.text(0.5, 0.5, "?", ha="center", va="center", fontsize=40, color=GREY)
    _legend(ax, areas=False, loc="upper center", bbox_to_anchor=(0.45, -0.2), ncols=2)
    fig.tight_layout()
    return fig


def xor_one_line_figure(angle: float) -> Figure:
    """XOR with a single line turned to ``angle`` degrees and slid to its best place.

    Points on the wrong side of the line get a black ring; the title counts the right ones.
    """
    outputs = gate_outputs("XOR")
    fit = best_line_at_angle(outputs, angle)
    said = true_side(INPUT_PAIRS, fit.angle, fit.offset)
    wrong = said != outputs.astype(bool)
    fig, ax = plt.subplots(figsize=(4.6, 4.6))
    fig.patch.set_facecolor("white")
    _gate_axes(ax, f"one line at {angle:g}°: {fit.correct} of 4 right")
    ax.add_patch(Polygon([(-1, -1), (3, -1), (3, 3), (-1, 3)], color=LIGHT_RED, lw=0, zorder=-1))
    _draw_line(ax, fit.angle, fit.offset)
    _plot_gate_points(ax, outputs, wrong)
    _legend(ax, loc="upper center", bbox_to_anchor=(0.45, -0.15), ncols=2)
    fig.tight_layout()
    return fig


def xor_two_lines_figure(second: float, first: float = 0.5) -> Figure:
    """XOR with two parallel lines A + B = ``first`` and A + B = ``second``: true between them."""
    outputs = gate_outputs("XOR")
    said = band_outputs(INPUT_PAIRS, first, second)
    wrong = said != outputs
    fig, ax = plt.subplots(figsize=(4.6, 4.6))
    fig.patch.set_facecolor("white")
    _gate_axes(ax, f"two lines: {int(np.sum(~wrong))} of 4 right")
    ax.add_patch(Polygon([(-1, -1), (3, -1), (3, 3), (-1, 3)], color=LIGHT_RED, lw=0, zorder=-1))
    # The band between the lines, drawn as the strip first < A + B < second.
    a = np.array([-1.0, 3.0])
    ax.fill_between(a, first - a, second - a, color=LIGHT_GREEN, lw=0, zorder=0)
    ax.plot(a, first - a, color=BLUE, lw=2.5, zorder=2)
    ax.plot(a, second - a, color=ORANGE, lw=2.5, zorder=2)
    _plot_gate_points(ax, outputs, wrong)
    ax.text(-0.42, 1.42, f"A + B = {second:g}", ha="left", va="top", fontsize=10, color="#8A5A00",
            bbox={"fc": "white", "ec": "none", "alpha": 0.85, "pad": 1})
    _legend(ax, loc="upper center", bbox_to_anchor=(0.45, -0.15), ncols=2)
    fig.tight_layout()
    return fig


def _branch(ax: plt.Axes, start: np.ndarray, angle: float, length: float, depth: int,
            rng: np.random.Generator, colour: str, width: float) -> None:
    """One dendrite: a line that splits in two, smaller, a few times over."""
    end = start + length * _normal(angle)
    ax.plot([start[0], end[0]], [start[1], end[1]], color=colour, lw=width, solid_capstyle="round")
    if depth > 0:
        for turn in (-1, 1):
            _branch(ax, end, angle + turn * rng.uniform(18, 35), length * rng.uniform(0.55, 0.7),
                    depth - 1, rng, colour, width * 0.65)


def neuron_figure(seed: int = 3) -> Figure:
    """A biological neuron drawn simply: dendrites, cell body, axon and axon terminals.

    The branching of the dendrites is random but seeded, so the picture is the same every build.
    """
    rng = np.random.default_rng(seed)
    fig, ax = plt.subplots(figsize=(6.8, 2.9))
    _blank_axes(fig, ax)
    ax.set(xlim=(-0.4, 10.4), ylim=(0.1, 4.5), aspect="equal")
    body = np.array([2.4, 2.0])
    ink = "#4a4a4a"
    for angle in (100, 140, 180, 215, 255):
        start = body + 0.45 * _normal(angle)
        _branch(ax, start, angle, 0.75, 2, rng, ink, 3.2)
    ax.add_patch(Circle(body, 0.55, fc="#f6d9a8", ec=ink, lw=2, zorder=3))
    ax.add_patch(Circle(body + [0.08, 0.05], 0.17, fc="#c98d2c", ec="none", zorder=4))  # the nucleus
    x = np.linspace(2.95, 8.3, 200)
    ax.plot(x, 2.0 + 0.08 * np.sin((x - 2.95) * 2.2), color=ink, lw=3.2)
    for left in np.arange(3.5, 7.9, 0.95):  # the fatty sheath around the axon, in segments
        ax.add_patch(FancyBboxPatch((left, 1.84), 0.68, 0.32, boxstyle="round,pad=0.02,rounding_size=0.15",
                                    fc="#e6eef7", ec=ink, lw=1.2, zorder=3))
    tip = np.array([8.3, 2.0])
    for angle in (-50, -22, 0, 22, 50):
        end = tip + 0.95 * _normal(angle)
        ax.plot([tip[0], end[0]], [tip[1], end[1]], color=ink, lw=2)
        ax.add_patch(Circle(end, 0.13, fc=ORANGE, ec=ink, lw=1.2, zorder=3))
    labels = [("dendrites: signals come in", (1.6, 3.15), (0.0, 4.3), "left"),
              ("cell body", (2.75, 1.6), (3.3, 1.15), "left"),
              ("axon: the signal travels along it", (5.6, 2.2), (5.6, 3.3), "center"),
              ("axon terminals:\nsignals go out", (9.15, 2.75), (10.3, 3.9), "right")]
    for text, point, place, align in labels:
        ax.annotate(text, point, xytext=place, ha=align, va="center", fontsize=11.5,
                    arrowprops={"arrowstyle": "-", "color": GREY, "lw": 1})
    ax.add_patch(FancyArrowPatch((4.6, 0.4), (8.4, 0.4), arrowstyle="-|>", mutation_scale=16, lw=1.8, color=BLUE))
    ax.text(6.5, 0.65, "direction of the signal", ha="center", fontsize=11, color=BLUE)
    return fig


def cup_figure() -> Figure:
    """Three cups filling with water: nothing comes out until the water passes the brim."""
    fig, axes = plt.subplots(1, 3, figsize=(7.2, 2.9))
    fig.patch.set_facecolor("white")
    levels = (0.3, 0.85, 1.0)
    notes = ("a little water:\nnothing comes out", "nearly full:\nstill nothing", "past the brim:\nit spills over")
    for ax, level, note in zip(axes, levels, notes):
        ax.set_facecolor("white")
        ax.set_axis_off()
        ax.set(xlim=(-1.4, 1.4), ylim=(-0.55, 2.3), aspect="equal")
        bottom, top = 0.0, 1.6
        half = lambda y: 0.55 + 0.2 * (y - bottom) / (top - bottom)  # the cup widens upwards
        water = bottom + level * (top - bottom)
        ax.add_patch(Polygon([(-half(bottom), bottom), (half(bottom), bottom), (half(water), water),
                              (-half(water), water)], fc="#9ecae9", ec="none"))
        ax.plot([-half(top), -half(bottom), half(bottom), half(top)], [top, bottom, bottom, top],
                color="#333333", lw=2.5, solid_joinstyle="round")
        if level >= 1.0:
            # A dome of water above the brim, running down the outside of both walls into a puddle.
            ax.add_patch(Polygon([(-half(top) - 0.02, top), (half(top) + 0.02, top), (half(top) - 0.1, top + 0.16),
                                  (-half(top) + 0.1, top + 0.16)], fc="#9ecae9", ec="none"))
            y = np.linspace(top + 0.02, bottom - 0.08, 20)
            for side in (-1, 1):
                ax.plot(side * (np.array([half(v) for v in y]) + 0.1), y, color="#9ecae9", lw=5,
                        solid_capstyle="round")
            ax.add_patch(Polygon([(-1.05, bottom - 0.12), (1.05, bottom - 0.12), (0.95, bottom - 0.2),
                                  (-0.95, bottom - 0.2)], fc="#9ecae9", ec="none"))
            ax.text(0, -0.5, "the neuron fires", ha="center", fontsize=10, color=BLUE, fontweight="bold")
        ax.text(0, 2.25, note, ha="center", va="top", fontsize=10)
    fig.tight_layout()
    return fig


def _activation_axes(ax: plt.Axes, xlim: tuple[float, float]) -> None:
    ax.set_facecolor("white")
    ax.set(xlim=xlim, ylim=(-0.08, 1.12), xlabel="input x (the summed signal)", ylabel="output y")
    ax.axhline(0, color="#cccccc", lw=0.8, zorder=0)
    ax.axhline(1, color="#cccccc", lw=0.8, zorder=0)
    ax.axvline(0, color="#cccccc", lw=0.8, zorder=0)
    ax.spines[["top", "right"]].set_visible(False)


def step_figure(threshold: float = 0.0) -> Figure:
    """The step function: output 0 below the threshold, 1 from the threshold on."""
    fig, ax = plt.subplots(figsize=(6.0, 3.4))
    fig.patch.set_facecolor("white")
    _activation_axes(ax, (-6, 6))
    ax.plot([-6, threshold], [0, 0], color=BLUE, lw=2.8)
    ax.plot([threshold, 6], [1, 1], color=BLUE, lw=2.8)
    ax.plot([threshold, threshold], [0, 1], color=BLUE, lw=1.2, ls=":")
    ax.plot([threshold], [0], "o", mfc="white", mec=BLUE, ms=8, mew=2, zorder=3)
    ax.plot([threshold], [1], "o", color=BLUE, ms=8, zorder=3)
    ax.annotate("threshold", (threshold, 0.5), xytext=(-70, 0), textcoords="offset points", va="center",
                fontsize=10.5, arrowprops={"arrowstyle": "->", "color": GREY})
    ax.text(-3.5, 0.1, "too weak: output 0", ha="center", fontsize=10.5)
    ax.text(3.0, 0.88, "fires: output 1", ha="center", fontsize=10.5)
    fig.tight_layout()
    return fig


def sigmoid_figure(span: float = 10.0) -> Figure:
    """The sigmoid on x from -span to span, with the point (0, 0.5) marked."""
    fig, ax = plt.subplots(figsize=(6.0, 3.4))
    fig.patch.set_facecolor("white")
    _activation_axes(ax, (-span, span))
    x = np.linspace(-span, span, 401)
    ax.plot(x, sigmoid(x), color=BLUE, lw=2.8, label="y = 1 / (1 + e$^{-x}$)")
    ax.plot([0], [0.5], "o", color=ORANGE, ms=9, mec="black", zorder=3)
    ax.annotate("at x = 0, y = 0.5", (0, 0.5), xytext=(18, -8), textcoords="offset points", fontsize=10.5)
    ax.legend(loc="upper left", frameon=False, fontsize=11)
    fig.tight_layout()
    return fig


def steepness_figure(weight: float, span: float = 5.0) -> Figure:
    """sigmoid(weight * x) against the step, with sigmoid(x) faintly behind for comparison."""
    fig, ax = plt.subplots(figsize=(6.0, 3.6))
    fig.patch.set_facecolor("white")
    _activation_axes(ax, (-span, span))
    x = np.linspace(-span, span, 301)
    ax.plot([-span, 0, 0, span], [0, 0, 1, 1], color=GREY, lw=1.4, ls="--", label="step")
    if weight != 1:
        ax.plot(x, sigmoid(x), color=GREY, lw=1.2, alpha=0.6, label="w = 1")
    ax.plot(x, sigmoid(weight * x), color=BLUE, lw=3, label=f"w = {weight:g}")
    ax.plot([0], [0.5], "o", color=ORANGE, ms=8, mec="black", zorder=3)
    width = rise_width(weight)
    if width < 2 * span:
        ax.annotate("", (-width / 2, 0.1), (width / 2, 0.1),
                    arrowprops={"arrowstyle": "<->", "color": VERMILLION, "lw": 1.6})
        ax.text(width / 2 + 0.15, 0.12, f"0.1 → 0.9 in {width:.2g}", color="#A33A00", fontsize=10, va="bottom")
    ax.set_title(f"output = sigmoid(w × x) with w = {weight:g}", fontsize=12)
    ax.legend(loc="upper left", frameon=False, fontsize=10)
    fig.tight_layout()
    return fig


def artificial_neuron_figure(labels: Sequence[str] = ("x₁", "x₂", "x₃")) -> Figure:
    """An artificial neuron: inputs meet in a sum, the sum goes through the sigmoid, y comes out."""
    fig, ax = plt.subplots(figsize=(7.0, 2.9))
    _blank_axes(fig, ax)
    ax.set(xlim=(0, 11), ylim=(0, 4.4), aspect="equal")
    centre = np.array([4.4, 2.2])
    ys = np.linspace(3.7, 0.7, len(labels))
    for y, label in zip(ys, labels):
        ax.text(0.6, y, label, ha="center", va="center", fontsize=15)
        start = np.array([1.0, y])
        towards = (start - centre) / np.linalg.norm(start - centre)
        ax.add_patch(FancyArrowPatch(tuple(start), tuple(centre + 0.75 * towards), arrowstyle="-|>",
                                     mutation_scale=15, lw=1.8, color="#333333"))
    ax.add_patch(Circle(centre, 0.7, fc="#eef4fa", ec=BLUE, lw=2, zorder=3))
    ax.text(*centre, "Σ", ha="center", va="center", fontsize=24, color=BLUE, zorder=4)
    ax.text(centre[0], 0.6, "add up:\nx = x₁ + x₂ + x₃", ha="center", va="center", fontsize=10)
    box = (6.3, 1.45)
    ax.add_patch(FancyArrowPatch((centre[0] + 0.72, 2.2), (box[0] - 0.05, 2.2), arrowstyle="-|>",
                                 mutation_scale=15, lw=1.8, color="#333333"))
    ax.add_patch(FancyBboxPatch(box, 1.5, 1.5, boxstyle="round,pad=0.05", fc="#fdf3e1", ec=ORANGE, lw=2, zorder=3))
    s = np.linspace(-6, 6, 60)
    ax.plot(box[0] + 0.15 + 1.2 * (s + 6) / 12, box[1] + 0.2 + 1.1 * sigmoid(s), color="#8A5A00", lw=2.2, zorder=4)
    ax.text(box[0] + 0.75, 0.6, "squash:\nsigmoid", ha="center", va="center", fontsize=10)
    ax.add_patch(FancyArrowPatch((box[0] + 1.6, 2.2), (9.6, 2.2), arrowstyle="-|>", mutation_scale=15, lw=1.8,
                                 color="#333333"))
    ax.text(9.75, 2.2, "y", ha="left", va="center", fontsize=15)
    return fig


LinkLabel = str | tuple[str, float]


def draw_network(
    ax: plt.Axes,
    layer_sizes: Sequence[int] = (3, 3, 3),
    highlight: dict[tuple[int, int, int], str] | None = None,
    link_labels: dict[tuple[int, int, int], LinkLabel] | None = None,
    node_texts: dict[tuple[int, int], str] | None = None,
    gap_x: float = 3.2,
    layer_names: Sequence[str] | None = None,
) -> None:
    """Draw a network into the panel ``ax``, taking the older arguments that count from 1.

    It draws nothing by hand: it only translates its arguments for
    :func:`nnbook.diagrams.draw_network`, which draws every network of the book, and then
    fits the drawing into ``ax``. It is kept for :func:`nnbook.matrices.network_matrix_figure`
    until that calls :mod:`nnbook.diagrams` directly; new code should do so.

    ``highlight`` maps a link ``(layer, j, k)`` (from node j of layer ``layer`` to node k of
    the next, all counted from 1) to its colour; ``link_labels`` maps links to their text
    (a ``(text, position)`` pair is accepted, but the position is left to diagrams, which
    keeps labels apart); ``node_texts`` maps ``(layer, node)`` to the text in a node;
    ``gap_x`` is the distance between layers in units of 1.5 node spacings.
    """
    sizes = [int(n) for n in layer_sizes]
    labels = [np.full((after, before), "", dtype=object) for before, after in zip(sizes[:-1], sizes[1:])]
    for (layer, j, k), label in (link_labels or {}).items():
        labels[layer - 1][k - 1, j - 1] = label if isinstance(label, str) else label[0]
    inside = [[node_texts.get((m + 1, i + 1), str(i + 1)) for i in range(n)] for m, n in enumerate(sizes)] \
        if node_texts else None
    diagrams.draw_network(
        sizes, link_labels=labels, node_labels=inside, layer_names=layer_names,
        highlight={(layer - 1, j - 1, k - 1): colour for (layer, j, k), colour in (highlight or {}).items()},
        layer_gap=gap_x / 1.5 * diagrams.NODE_GAP, ax=ax)
    diagrams.fit_axes_to_drawing(ax)


def neuron_counts_figure(counts: dict[str, float] = NEURON_COUNTS) -> Figure:
    """Neuron counts on a logarithmic scale: each grid step is ten times more neurons."""
    names = list(counts)
    values = np.array([counts[n] for n in names], dtype=float)
    words = {"nematode worm": "302", "fruit fly": "about 140,000", "honeybee": "about 1 million",
             "human": "about 86 billion"}
    fig, ax = plt.subplots(figsize=(6.4, 2.9))
    fig.patch.set_facecolor("white")
    ax.set_facecolor("white")
    colours = [GREEN, ORANGE, "#CC79A7", BLUE]
    ax.barh(names, values, color=colours[: len(names)], height=0.6)
    ax.set_xscale("log")
    ax.set(xlim=(1, 1e13), xlabel="number of neurons (each step to the right is ten times more)")
    ax.invert_yaxis()
    for i, (name, value) in enumerate(zip(names, values)):
        ax.text(value * 1.6, i, words.get(name, f"{value:,.0f}"), va="center", fontsize=10.5)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------------------------------
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
        which = (f"the point {wrong[0]} is" if len(wrong) == 1 else f"the points {' and '.join(wrong)} are")
        return (f"XOR's four points with one straight line turned to {angle:g} degrees and placed as well as it "
                f"can be. {correct} of 4 points are on the right side; {which} on the wrong side.")

    def caption(angle: float) -> str:
        correct, wrong = describe(angle)
        return (f"Angle {angle:g}°. Even slid to its best spot, the line gets <b>{correct} of 4</b> right. "
                f"On the wrong side (ringed): {' and '.join(wrong)}.")

    return InteractiveFigure([float(a) for a in angles], xor_one_line_figure, label="turn the line (degrees)",
                             alt=alt, caption=caption, value_format="{:g}", initial=float(initial))


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
        return (f"XOR's four points with two parallel lines, A + B = 0.5 and A + B = {c:g}; the strip between "
                f"them counts as true. {correct(c)} of 4 points are on the right side.")

    def caption(c: float) -> str:
        n = correct(c)
        if n == 4:
            verdict = "all four right: the strip holds exactly the two true points."
        elif c >= 2:
            verdict = "(1, 1) is still inside the strip, on the wrong side."
        else:
            verdict = "the strip is now too thin: it has lost the true points."
        return f"Second line A + B = {c:g}: <b>{n} of 4</b> right; {verdict}"

    return InteractiveFigure([float(c) for c in positions], xor_two_lines_figure, label="move the second line",
                             alt=alt, caption=caption, value_format="{:g}", initial=float(initial))


def steepness_slider(weights: Sequence[float] | None = None, initial: float = 1.0) -> InteractiveFigure:
    """Change the weight w in sigmoid(w x) and watch the gentle S sharpen towards a step."""
    weights = [0.25, 0.5, 0.75, 1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10, 15, 20] if weights is None else weights

    def alt(w: float) -> str:
        return (f"The curve sigmoid(w times x) for w = {w:g}, rising from 0 to 1 through the point (0, 0.5). "
                f"It climbs from 0.1 to 0.9 over an x-distance of {rise_width(w):.2g}; the dashed step "
                f"function jumps at x = 0.")

    def caption(w: float) -> str:
        look = "a gentle slope" if w < 1 else ("the usual S" if w < 2 else ("a steep S" if w < 8 else "almost a step"))
        return (f"w = {w:g}: {look}. From 0.1 to 0.9 in an x-distance of <b>{rise_width(w):.2g}</b>; "
                f"the middle stays at (0, 0.5).")

    return InteractiveFigure([float(w) for w in weights], steepness_figure, label="weight w", alt=alt,
                             caption=caption, value_format="{:g}", initial=float(initial))
