"""Page 1.13, "Backpropagation with matrices": output errors sent back with the transposed weights."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch

from nnbook.figures.colours import (
    BLUE,
    BLUE_TINT_CELL,
    FILL_CELL,
    GREEN_TEXT,
    GREY,
    INK,
    INK_DARK,
    ORANGE,
    ORANGE_TINT,
    SKY,
    VERMILLION,
)
from nnbook.figures.style import new_drawing

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
        raise ValueError(
            f"the weight matrix needs one row per output node: got shape {weights.shape} "
            f"for {errors.size} output errors; pass weights of shape (n_outputs, n_hidden)"
        )
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
        raise ValueError(
            "the weights into some output node add up to zero, so the fractions "
            "are undefined; this is one reason to use the matrix shortcut instead"
        )
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


def _node(
    ax: plt.Axes,
    xy: tuple[float, float],
    text: str = "",
    *,
    colour: str = "white",
    edge: str = INK_DARK,
    radius: float = 0.32,
    fontsize: float = 11,
) -> None:
    ax.add_patch(Circle(xy, radius, facecolor=colour, edgecolor=edge, lw=1.6, zorder=3))
    if text:
        ax.text(*xy, text, ha="center", va="center", fontsize=fontsize, zorder=4)


def _link(
    ax: plt.Axes,
    start: tuple[float, float],
    end: tuple[float, float],
    *,
    colour: str = GREY,
    lw: float = 1.5,
    arrow: bool = False,
    radius: float = 0.32,
    style: str = "-",
) -> None:
    """A straight link between two node centres, trimmed so it stops at the circles."""
    (x0, y0), (x1, y1) = start, end
    length = math.hypot(x1 - x0, y1 - y0)
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    a = (x0 + ux * radius, y0 + uy * radius)
    b = (x1 - ux * (radius + 0.02), y1 - uy * (radius + 0.02))
    ax.add_patch(
        FancyArrowPatch(
            a, b, arrowstyle="-|>" if arrow else "-", mutation_scale=14, color=colour, lw=lw, linestyle=style, zorder=2
        )
    )


def error_backflow_figure(weights: np.ndarray = EXAMPLE_WEIGHTS, output_errors: np.ndarray = EXAMPLE_ERRORS) -> Figure:
    """The 2-2 hidden-to-output layer with errors flowing back, and both kinds of hidden error.

    Each link carries its weight; next to each hidden node are its error by fractions (1.12)
    and by the matrix shortcut ``weights.T @ errors``. Shapes: ``weights`` (2, 2), errors (2,).
    """
    weights, errors = _check_backprop_shapes(weights, output_errors)
    if weights.shape != (2, 2):
        raise ValueError(f"this drawing shows a 2-2 layer; got weights of shape {weights.shape}")
    by_fraction = hidden_errors_by_fractions(weights, errors)
    by_matrix = hidden_errors_by_transpose(weights, errors)
    fig, ax = new_drawing(6.4, 3.0, (-2.9, 5.0), (0.3, 3.7), aspect="equal")
    hidden = [(0.0, 2.9), (0.0, 0.9)]
    outputs = [(3.4, 2.9), (3.4, 0.9)]
    colours = [BLUE, VERMILLION]
    # Where each weight's label sits, indexed [k][j]: above straight links, beside crossing ones.
    label_at = [[(1.7, 3.05), (2.75, 2.25)], [(2.75, 1.55), (1.7, 1.05)]]
    for k, out in enumerate(outputs):
        for j, hid in enumerate(hidden):
            _link(ax, out, hid, colour=colours[k], lw=2.0, arrow=True)
            ax.text(
                *label_at[k][j],
                f"$w_{{{j + 1},{k + 1}}}$ = {weights[k, j]:.1f}",
                ha="center",
                va="bottom" if j == k else "center",
                fontsize=9.5,
                color=colours[k],
                zorder=5,
                bbox=dict(facecolor="white", edgecolor="none", pad=0.5),
            )
    for k, out in enumerate(outputs):
        _node(ax, out, f"out {k + 1}")
        ax.text(
            out[0] + 0.45,
            out[1],
            f"$e_{k + 1}$ = {errors[k]:.1f}",
            ha="left",
            va="center",
            fontsize=11,
            color=colours[k],
        )
    for j, hid in enumerate(hidden):
        _node(ax, hid, f"hid {j + 1}", colour=FILL_CELL)
        ax.text(
            hid[0] - 0.45,
            hid[1] + 0.18,
            f"fractions: {by_fraction[j]:.2f}",
            ha="right",
            va="center",
            fontsize=9.5,
            color=GREEN_TEXT,
        )
        ax.text(
            hid[0] - 0.45,
            hid[1] - 0.22,
            f"matrix: {by_matrix[j]:.2f}",
            ha="right",
            va="center",
            fontsize=9.5,
            color=INK,
        )
    fig.tight_layout()
    return fig


def _matrix_panel(ax: plt.Axes, matrix: np.ndarray, origin: tuple[float, float], title: str) -> None:
    """Draw a small matrix as a grid of numbers, its main diagonal shaded."""
    rows, cols = matrix.shape
    x0, y0 = origin
    for r in range(rows):
        for c in range(cols):
            on_diagonal = r == c
            ax.add_patch(
                FancyBboxPatch(
                    (x0 + c + 0.06, y0 - r - 0.94),
                    0.88,
                    0.88,
                    boxstyle="round,pad=0,rounding_size=0.12",
                    facecolor=ORANGE_TINT if on_diagonal else BLUE_TINT_CELL,
                    edgecolor=ORANGE if on_diagonal else SKY,
                    lw=1.2,
                )
            )
            ax.text(x0 + c + 0.5, y0 - r - 0.5, f"{matrix[r, c]:g}", ha="center", va="center", fontsize=13)
    ax.text(x0 + cols / 2, y0 + 0.25, title, ha="center", va="bottom", fontsize=10.5)


def transpose_figure() -> Figure:
    """Transposing as flipping a matrix over its main diagonal: a 3x3 and a 2x3 example.

    Rows become columns: entry [r, c] moves to [c, r]. The diagonal (shaded) stays put.
    """
    square = np.arange(1, 10).reshape(3, 3)
    wide = np.arange(1, 7).reshape(2, 3)
    fig, ax = new_drawing(7.2, 2.3, (-0.3, 16.6), (-3.2, 0.8), aspect="equal")
    arrow = dict(arrowstyle="-|>", mutation_scale=16, color=INK_DARK, lw=1.6)
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
