"""Drawings of logic gates, threshold functions and neurons (pages 1.5 and 1.6)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch, Patch, Polygon

from nnbook.figures.colours import (
    BLUE,
    BLUE_TINT_PALE,
    GREEN,
    GREEN_TINT_EDGE,
    GREEN_TINT_REGION,
    GREY,
    INK_DARK,
    LINE_GUIDE,
    NEURON_BODY,
    NEURON_INK,
    NEURON_NUCLEUS,
    NEURON_SHEATH,
    ORANGE,
    ORANGE_TEXT,
    ORANGE_TINT_PALE,
    PURPLE,
    VERMILLION,
    VERMILLION_TEXT,
    VERMILLION_TINT_EDGE,
    VERMILLION_TINT_REGION,
    WATER,
)
from nnbook.figures.part1.neurons import (
    INPUT_PAIRS,
    NEURON_COUNTS,
    _normal,
    band_outputs,
    best_line_at_angle,
    gate_outputs,
    rise_width,
    sigmoid,
    true_side,
)

__all__ = [
    "logic_machine_figure",
    "and_or_figure",
    "xor_figure",
    "xor_one_line_figure",
    "xor_two_lines_figure",
    "neuron_figure",
    "cup_figure",
    "step_figure",
    "sigmoid_figure",
    "steepness_figure",
    "artificial_neuron_figure",
    "neuron_counts_figure",
]

# 2. Static figures
# ---------------------------------------------------------------------------------------

TRUE_STYLE = {"marker": "o", "color": GREEN, "ms": 13, "ls": "", "mec": "white", "mew": 1.2}
FALSE_STYLE = {"marker": "X", "color": VERMILLION, "ms": 14, "ls": "", "mec": "white", "mew": 1.0}
LIGHT_GREEN, LIGHT_RED = GREEN_TINT_REGION, VERMILLION_TINT_REGION


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


def _plot_gate_points(ax: plt.Axes, outputs: np.ndarray, wrong: np.ndarray | None = None, fontsize: float = 11) -> None:
    """True points as green circles, false as red crosses; ``wrong`` ones get a black ring."""
    for (a, b), out in zip(INPUT_PAIRS, outputs):
        ax.plot([a], [b], zorder=4, **(TRUE_STYLE if out else FALSE_STYLE))
        ax.annotate(str(out), (a, b), xytext=(12, 9), textcoords="offset points", fontsize=fontsize, zorder=5)
    if wrong is not None and np.any(wrong):
        ax.plot(INPUT_PAIRS[wrong, 0], INPUT_PAIRS[wrong, 1], "o", ms=25, mfc="none", mec="black", mew=2, zorder=3)


def _draw_line(ax: plt.Axes, angle: float, offset: float, colour: str = BLUE, shade: str | None = LIGHT_GREEN) -> None:
    """The line n . p = offset across the plot, its true side shaded."""
    n = _normal(angle)
    d = np.array([-n[1], n[0]])
    base = offset * n
    ends = np.array([base - 4 * d, base + 4 * d])
    ax.plot(ends[:, 0], ends[:, 1], color=colour, lw=2.5, zorder=2)
    if shade:
        ax.add_patch(
            Polygon(
                np.array([ends[0], ends[1], ends[1] + 6 * n, ends[0] + 6 * n]), closed=True, color=shade, lw=0, zorder=0
            )
        )


def _legend_handles(areas: bool = True) -> list:
    handles = [
        plt.Line2D([], [], **{**TRUE_STYLE, "ms": 9}, label="output 1 (true)"),
        plt.Line2D([], [], **{**FALSE_STYLE, "ms": 9}, label="output 0 (false)"),
    ]
    if areas:
        handles.append(Patch(fc=LIGHT_GREEN, ec=GREEN_TINT_EDGE, label="line says 1"))
    return handles


def _legend(ax: plt.Axes, areas: bool = True, **kwargs) -> None:
    handles = _legend_handles(areas)
    if areas:
        handles.append(Patch(fc=LIGHT_RED, ec=VERMILLION_TINT_EDGE, label="line says 0"))
    ax.legend(handles=handles, frameon=False, fontsize=9, **kwargs)


def logic_machine_figure(gate: str = "AND") -> Figure:
    """A logic gate drawn as a machine: inputs A and B go in, one output comes out."""
    fig, ax = plt.subplots(figsize=(6.0, 2.4))
    _blank_axes(fig, ax)
    ax.set(xlim=(0, 10), ylim=(0, 4))
    ax.add_patch(FancyBboxPatch((3.8, 0.9), 2.4, 2.2, boxstyle="round,pad=0.1", fc=BLUE_TINT_PALE, ec=BLUE, lw=2))
    ax.text(5.0, 2.25, gate, ha="center", va="center", fontsize=20, fontweight="bold", color=BLUE)
    ax.text(5.0, 1.35, "logic gate", ha="center", va="center", fontsize=10, color=INK_DARK)
    for y, name in ((2.6, "A"), (1.4, "B")):
        ax.add_patch(FancyArrowPatch((1.6, y), (3.75, y), arrowstyle="-|>", mutation_scale=18, lw=2, color=INK_DARK))
        ax.text(1.4, y, f"input {name}\n(0 or 1)", ha="right", va="center", fontsize=11)
    ax.add_patch(FancyArrowPatch((6.35, 2.0), (8.4, 2.0), arrowstyle="-|>", mutation_scale=18, lw=2, color=INK_DARK))
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
    fig.legend(
        handles=_legend_handles(),
        loc="lower center",
        ncols=3,
        frameon=False,
        fontsize=11,
        handletextpad=0.3,
        columnspacing=1.0,
    )
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
    ax.text(
        -0.42,
        1.42,
        f"A + B = {second:g}",
        ha="left",
        va="top",
        fontsize=10,
        color=ORANGE_TEXT,
        bbox={"fc": "white", "ec": "none", "alpha": 0.85, "pad": 1},
    )
    _legend(ax, loc="upper center", bbox_to_anchor=(0.45, -0.15), ncols=2)
    fig.tight_layout()
    return fig


def _branch(
    ax: plt.Axes,
    start: np.ndarray,
    angle: float,
    length: float,
    depth: int,
    rng: np.random.Generator,
    colour: str,
    width: float,
) -> None:
    """One dendrite: a line that splits in two, smaller, a few times over."""
    end = start + length * _normal(angle)
    ax.plot([start[0], end[0]], [start[1], end[1]], color=colour, lw=width, solid_capstyle="round")
    if depth > 0:
        for turn in (-1, 1):
            _branch(
                ax,
                end,
                angle + turn * rng.uniform(18, 35),
                length * rng.uniform(0.55, 0.7),
                depth - 1,
                rng,
                colour,
                width * 0.65,
            )


def neuron_figure(seed: int = 3) -> Figure:
    """A biological neuron drawn simply: dendrites, cell body, axon and axon terminals.

    The branching of the dendrites is random but seeded, so the picture is the same every build.
    """
    rng = np.random.default_rng(seed)
    fig, ax = plt.subplots(figsize=(6.8, 2.9))
    _blank_axes(fig, ax)
    ax.set(xlim=(-0.4, 10.4), ylim=(0.1, 4.5), aspect="equal")
    body = np.array([2.4, 2.0])
    ink = NEURON_INK
    for angle in (100, 140, 180, 215, 255):
        start = body + 0.45 * _normal(angle)
        _branch(ax, start, angle, 0.75, 2, rng, ink, 3.2)
    ax.add_patch(Circle(body, 0.55, fc=NEURON_BODY, ec=ink, lw=2, zorder=3))
    ax.add_patch(Circle(body + [0.08, 0.05], 0.17, fc=NEURON_NUCLEUS, ec="none", zorder=4))  # the nucleus
    x = np.linspace(2.95, 8.3, 200)
    ax.plot(x, 2.0 + 0.08 * np.sin((x - 2.95) * 2.2), color=ink, lw=3.2)
    for left in np.arange(3.5, 7.9, 0.95):  # the fatty sheath around the axon, in segments
        ax.add_patch(
            FancyBboxPatch(
                (left, 1.84),
                0.68,
                0.32,
                boxstyle="round,pad=0.02,rounding_size=0.15",
                fc=NEURON_SHEATH,
                ec=ink,
                lw=1.2,
                zorder=3,
            )
        )
    tip = np.array([8.3, 2.0])
    for angle in (-50, -22, 0, 22, 50):
        end = tip + 0.95 * _normal(angle)
        ax.plot([tip[0], end[0]], [tip[1], end[1]], color=ink, lw=2)
        ax.add_patch(Circle(end, 0.13, fc=ORANGE, ec=ink, lw=1.2, zorder=3))
    labels = [
        ("dendrites: signals come in", (1.6, 3.15), (0.0, 4.3), "left"),
        ("cell body", (2.75, 1.6), (3.3, 1.15), "left"),
        ("axon: the signal travels along it", (5.6, 2.2), (5.6, 3.3), "center"),
        ("axon terminals:\nsignals go out", (9.15, 2.75), (10.3, 3.9), "right"),
    ]
    for text, point, place, align in labels:
        ax.annotate(
            text,
            point,
            xytext=place,
            ha=align,
            va="center",
            fontsize=11.5,
            arrowprops={"arrowstyle": "-", "color": GREY, "lw": 1},
        )
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
        ax.add_patch(
            Polygon(
                [(-half(bottom), bottom), (half(bottom), bottom), (half(water), water), (-half(water), water)],
                fc=WATER,
                ec="none",
            )
        )
        ax.plot(
            [-half(top), -half(bottom), half(bottom), half(top)],
            [top, bottom, bottom, top],
            color=INK_DARK,
            lw=2.5,
            solid_joinstyle="round",
        )
        if level >= 1.0:
            # A dome of water above the brim, running down the outside of both walls into a puddle.
            ax.add_patch(
                Polygon(
                    [
                        (-half(top) - 0.02, top),
                        (half(top) + 0.02, top),
                        (half(top) - 0.1, top + 0.16),
                        (-half(top) + 0.1, top + 0.16),
                    ],
                    fc=WATER,
                    ec="none",
                )
            )
            y = np.linspace(top + 0.02, bottom - 0.08, 20)
            for side in (-1, 1):
                ax.plot(side * (np.array([half(v) for v in y]) + 0.1), y, color=WATER, lw=5, solid_capstyle="round")
            ax.add_patch(
                Polygon(
                    [(-1.05, bottom - 0.12), (1.05, bottom - 0.12), (0.95, bottom - 0.2), (-0.95, bottom - 0.2)],
                    fc=WATER,
                    ec="none",
                )
            )
            ax.text(0, -0.5, "the neuron fires", ha="center", fontsize=10, color=BLUE, fontweight="bold")
        ax.text(0, 2.25, note, ha="center", va="top", fontsize=10)
    fig.tight_layout()
    return fig


def _activation_axes(ax: plt.Axes, xlim: tuple[float, float]) -> None:
    ax.set_facecolor("white")
    ax.set(xlim=xlim, ylim=(-0.08, 1.12), xlabel="input x (the summed signal)", ylabel="output y")
    ax.axhline(0, color=LINE_GUIDE, lw=0.8, zorder=0)
    ax.axhline(1, color=LINE_GUIDE, lw=0.8, zorder=0)
    ax.axvline(0, color=LINE_GUIDE, lw=0.8, zorder=0)
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
    ax.annotate(
        "threshold",
        (threshold, 0.5),
        xytext=(-70, 0),
        textcoords="offset points",
        va="center",
        fontsize=10.5,
        arrowprops={"arrowstyle": "->", "color": GREY},
    )
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
        ax.annotate(
            "", (-width / 2, 0.1), (width / 2, 0.1), arrowprops={"arrowstyle": "<->", "color": VERMILLION, "lw": 1.6}
        )
        ax.text(width / 2 + 0.15, 0.12, f"0.1 → 0.9 in {width:.2g}", color=VERMILLION_TEXT, fontsize=10, va="bottom")
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
        ax.add_patch(
            FancyArrowPatch(
                tuple(start),
                tuple(centre + 0.75 * towards),
                arrowstyle="-|>",
                mutation_scale=15,
                lw=1.8,
                color=INK_DARK,
            )
        )
    ax.add_patch(Circle(centre, 0.7, fc=BLUE_TINT_PALE, ec=BLUE, lw=2, zorder=3))
    ax.text(*centre, "Σ", ha="center", va="center", fontsize=24, color=BLUE, zorder=4)
    ax.text(centre[0], 0.6, "add up:\nx = x₁ + x₂ + x₃", ha="center", va="center", fontsize=10)
    box = (6.3, 1.45)
    ax.add_patch(
        FancyArrowPatch(
            (centre[0] + 0.72, 2.2), (box[0] - 0.05, 2.2), arrowstyle="-|>", mutation_scale=15, lw=1.8, color=INK_DARK
        )
    )
    ax.add_patch(
        FancyBboxPatch(box, 1.5, 1.5, boxstyle="round,pad=0.05", fc=ORANGE_TINT_PALE, ec=ORANGE, lw=2, zorder=3)
    )
    s = np.linspace(-6, 6, 60)
    ax.plot(box[0] + 0.15 + 1.2 * (s + 6) / 12, box[1] + 0.2 + 1.1 * sigmoid(s), color=ORANGE_TEXT, lw=2.2, zorder=4)
    ax.text(box[0] + 0.75, 0.6, "squash:\nsigmoid", ha="center", va="center", fontsize=10)
    ax.add_patch(
        FancyArrowPatch((box[0] + 1.6, 2.2), (9.6, 2.2), arrowstyle="-|>", mutation_scale=15, lw=1.8, color=INK_DARK)
    )
    ax.text(9.75, 2.2, "y", ha="left", va="center", fontsize=15)
    return fig


def neuron_counts_figure(counts: dict[str, float] = NEURON_COUNTS) -> Figure:
    """Neuron counts on a logarithmic scale: each grid step is ten times more neurons."""
    names = list(counts)
    values = np.array([counts[n] for n in names], dtype=float)
    words = {
        "nematode worm": "302",
        "fruit fly": "about 140,000",
        "honeybee": "about 1 million",
        "human": "about 86 billion",
    }
    fig, ax = plt.subplots(figsize=(6.4, 2.9))
    fig.patch.set_facecolor("white")
    ax.set_facecolor("white")
    colours = [GREEN, ORANGE, PURPLE, BLUE]
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
