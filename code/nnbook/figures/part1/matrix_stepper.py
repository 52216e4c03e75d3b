"""Page 1.13's interactive figure: work out Wᵀ·e one entry at a time, matrix and network side by side.

Each step multiplies one entry of the transposed weight matrix by one output error. The
same product is one link of the network carrying an error back to a hidden node, so the
drawing lights up the matrix entry, the error and the link together, and keeps a running
total beside each hidden node and in the answer column.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch
from numpy.typing import ArrayLike

from nnbook.figures.colours import (
    BLUE,
    BLUE_TINT_CELL,
    BLUE_TINT_ROW,
    FILL_CELL,
    GREY,
    INK,
    LINE_CELL,
    ORANGE,
    ORANGE_TEXT,
    ORANGE_TINT_COLUMN,
)
from nnbook.figures.part1.backprop_matrices import (
    EXAMPLE_ERRORS,
    EXAMPLE_WEIGHTS,
    _link,
    _node,
    hidden_errors_by_transpose,
)
from nnbook.figures.style import new_drawing
from nnbook.web.slider_grid import described
from nnbook.web.widgets import InteractiveFigure

__all__ = ["Step", "transpose_steps", "step_names", "matrix_step_figure", "matrix_stepper"]


@dataclass(frozen=True)
class Step:
    """One multiplication of Wᵀ·e: hidden node ``j`` takes weight w_j,k times error e_k (0-based)."""

    j: int
    k: int
    weight: float
    error: float
    totals: tuple[float, ...]  # each hidden node's running total after this step


def transpose_steps(weights: ArrayLike = EXAMPLE_WEIGHTS, output_errors: ArrayLike = EXAMPLE_ERRORS) -> list[Step]:
    """Every product of Wᵀ·e in reading order (row by row of Wᵀ), with running totals.

    ``weights`` has one row per output node (shape (outputs, hidden)), as in the book; its
    transpose has one row per hidden node, so row j of Wᵀ·e is hidden node j's error.
    """
    w = np.asarray(weights, dtype=float)
    e = np.asarray(output_errors, dtype=float)
    totals = np.zeros(w.shape[1])
    steps = []
    for j in range(w.shape[1]):
        for k in range(w.shape[0]):
            totals[j] += w.T[j, k] * e[k]
            steps.append(Step(j, k, float(w.T[j, k]), float(e[k]), tuple(float(v) for v in totals)))
    if not np.allclose(totals, hidden_errors_by_transpose(w, e)):
        raise AssertionError("the step-by-step sum disagrees with Wᵀ·e")
    return steps


def step_names(n_steps: int) -> list[str]:
    """The slider's stops: "start", then one per product, numbered from 1."""
    return ["start", *(str(i) for i in range(1, n_steps + 1))]


def _cell(ax, x: float, y: float, text: str, fill: str, edge: str = LINE_CELL, width: float = 1.0) -> None:
    ax.add_patch(
        FancyBboxPatch(
            (x + 0.05, y + 0.05),
            width - 0.1,
            0.9,
            boxstyle="round,pad=0,rounding_size=0.1",
            facecolor=fill,
            edgecolor=edge,
            lw=1.8 if edge == ORANGE else 1.0,
        )
    )
    ax.text(x + width / 2, y + 0.5, text, ha="center", va="center", fontsize=16, color=INK)


def matrix_step_figure(
    stop: int, weights: ArrayLike = EXAMPLE_WEIGHTS, output_errors: ArrayLike = EXAMPLE_ERRORS
) -> Figure:
    """Wᵀ·e (left) and the 2-2 layer (right) after ``stop`` products (0 = nothing multiplied yet)."""
    w = np.asarray(weights, dtype=float)
    e = np.asarray(output_errors, dtype=float)
    if w.shape != (2, 2):
        raise ValueError(f"this drawing shows a 2-2 layer; got weights of shape {w.shape}")
    steps = transpose_steps(w, e)
    if not 0 <= stop <= len(steps):
        raise ValueError(f"stop must be 0 to {len(steps)}, got {stop}")
    now = steps[stop - 1] if stop else None
    totals = now.totals if now else (0.0, 0.0)
    done = [any(s.j == j for s in steps[:stop]) for j in range(2)]
    finished = [sum(1 for s in steps[:stop] if s.j == j) == 2 for j in range(2)]
    fig, ax = new_drawing(6.6, 2.55, (-0.2, 13.4), (0.1, 5.2), aspect="equal")

    # The matrix side: Wᵀ · e = e_hidden; row r of a matrix sits at height 3 - r.
    ax.text(1.0, 4.2, "Wᵀ", ha="center", va="bottom", fontsize=18)
    ax.text(3.3, 4.2, "e", ha="center", va="bottom", fontsize=18)
    ax.text(5.3, 4.2, "e hidden", ha="center", va="bottom", fontsize=16)
    for r in range(2):
        for c in range(2):
            lit = now is not None and (r, c) == (now.j, now.k)
            fill = ORANGE_TINT_COLUMN if lit else (BLUE_TINT_ROW if now is not None and r == now.j else BLUE_TINT_CELL)
            _cell(ax, c, 3 - r, f"{w.T[r, c]:g}", fill, ORANGE if lit else LINE_CELL)
        lit = now is not None and r == now.k
        _cell(ax, 2.8, 3 - r, f"{e[r]:g}", ORANGE_TINT_COLUMN if lit else BLUE_TINT_CELL, ORANGE if lit else LINE_CELL)
        shown = f"{totals[r]:g}" if done[r] else "?"
        _cell(ax, 4.6, 3 - r, shown, FILL_CELL if not finished[r] else BLUE_TINT_ROW, width=1.5)
    ax.text(2.4, 3.0, "·", ha="center", va="center", fontsize=22)
    ax.text(4.2, 3.0, "=", ha="center", va="center", fontsize=18)
    if now is not None:
        names = f"w{'₁₂'[now.j]},{'₁₂'[now.k]} × e{'₁₂'[now.k]}"
        ax.text(0.0, 1.55, names, ha="left", va="center", fontsize=16, color=ORANGE_TEXT)
        product = f"= {now.weight:g} × {now.error:g} = {now.weight * now.error:g}"
        ax.text(0.0, 0.7, product, ha="left", va="center", fontsize=17, color=ORANGE_TEXT)
    else:
        ax.text(0.0, 1.55, "row × column,", ha="left", va="center", fontsize=15, color=INK)
        ax.text(0.0, 0.7, "one pair at a time", ha="left", va="center", fontsize=15, color=INK)

    # The network side: hidden nodes on the left, output nodes on the right.
    hidden = [(8.3, 4.1), (8.3, 1.5)]
    outputs = [(12.4, 4.1), (12.4, 1.5)]
    for k, out in enumerate(outputs):
        for j, hid in enumerate(hidden):
            lit = now is not None and (j, k) == (now.j, now.k)
            _link(ax, out, hid, colour=ORANGE if lit else GREY, lw=3.2 if lit else 1.3, arrow=lit, radius=0.62)
    for k, out in enumerate(outputs):
        _node(ax, out, f"{e[k]:g}", colour=BLUE_TINT_CELL, radius=0.62, fontsize=17)
        ax.text(out[0], out[1] - 0.72, f"e{'₁₂'[k]}", ha="center", va="top", fontsize=16, color=BLUE)
    for j, hid in enumerate(hidden):
        shown = f"{totals[j]:g}" if done[j] else "?"
        _node(ax, hid, shown, colour=BLUE_TINT_ROW if finished[j] else FILL_CELL, radius=0.62, fontsize=17)
        ax.text(hid[0], hid[1] - 0.72, f"hidden {j + 1}", ha="center", va="top", fontsize=15, color=INK)
    fig.subplots_adjust(left=0.01, right=0.99, top=0.99, bottom=0.01)
    return fig


def matrix_stepper(
    weights: ArrayLike = EXAMPLE_WEIGHTS, output_errors: ArrayLike = EXAMPLE_ERRORS
) -> InteractiveFigure:
    """Step through Wᵀ·e product by product, watching the same product travel along a link."""
    steps = transpose_steps(weights, output_errors)
    names = step_names(len(steps))

    def describe(name: str) -> tuple[str, str]:
        stop = names.index(name)
        if stop == 0:
            alt = (
                "The transposed weight matrix times the column of output errors, beside the two-by-two layer. "
                "Nothing has been multiplied yet; both hidden errors are still unknown."
            )
            caption = (
                f"Start: the output errors are {steps[0].error:g} and {steps[1].error:g}. "
                "Step through to fill in the hidden errors one product at a time."
            )
            return alt, caption
        s = steps[stop - 1]
        j, k = s.j + 1, s.k + 1
        sum_text = (
            f"so far {s.totals[s.j]:g}" if s.k == 0 else f"hidden {j}'s error is complete: <b>{s.totals[s.j]:g}</b>"
        )
        alt = (
            f"Step {stop} of {len(steps)}. Row {j} of the transposed matrix meets the error column: entry "
            f"{s.weight:g} times error e{k} = {s.error:g} gives {s.weight * s.error:g}. In the network the link "
            f"from hidden node {j} to output node {k} carries it back; hidden node {j} has {s.totals[s.j]:g} so far."
        )
        caption = (
            f"Step {stop} of {len(steps)}: w<sub>{j},{k}</sub> × e<sub>{k}</sub> = {s.weight:g} × {s.error:g} "
            f"= {s.weight * s.error:g}, carried back along the link from output {k} to hidden {j}; {sum_text}."
        )
        return alt, caption

    alt, caption = described(describe)
    return InteractiveFigure(
        names,
        lambda name: matrix_step_figure(names.index(name), weights, output_errors),
        label="step",
        alt=alt,
        caption=caption,
        initial="start",
    )
