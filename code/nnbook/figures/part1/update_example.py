"""Page 1.15, "A weight update, worked through": one update with every intermediate number."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch

from nnbook.activation import sigmoid
from nnbook.figures.colours import (
    BLUE,
    BLUE_TINT_FACTOR,
    FILL_LIGHT,
    GREEN,
    GREEN_TINT,
    INK_DARK,
    ORANGE,
    VERMILLION,
    VERMILLION_TINT,
)
from nnbook.figures.diagrams import Formats, Labels, draw_network
from nnbook.figures.part1.backprop_matrices import EXAMPLE_WEIGHTS
from nnbook.figures.style import new_drawing

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


def weight_update(
    error: float, weights_in: Sequence[float], previous_outputs: Sequence[float], j: int, learning_rate: float
) -> WeightUpdate:
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
    return WeightUpdate(
        float(w[j]),
        combined,
        out,
        slope,
        float(error),
        float(o[j]),
        gradient,
        float(learning_rate),
        change,
        float(w[j]) + change,
    )


#: The inputs of the worked example: error at output 1, the weights into output 1
#: (w11, w21), the hidden outputs (o1, o2), and the learning rate.
EXAMPLE_UPDATE_INPUTS = dict(error=1.5, weights_in=(2.0, 3.0), previous_outputs=(0.4, 0.5), learning_rate=0.1)


def worked_example(j: int = 0) -> WeightUpdate:
    """The page's worked example: update w_11 (j = 0) or w_21 (j = 1) of 1.12's network."""
    return weight_update(j=j, **EXAMPLE_UPDATE_INPUTS)


def update_network_figure() -> Figure:
    """The hidden-to-output links of 1.12's network, labelled with the worked example's numbers.

    Drawn by :func:`nnbook.figures.diagrams.draw_network`, like every network of the book: the hidden
    outputs o_1 = 0.4 and o_2 = 0.5 beside the hidden nodes, the four weights on their links
    (:data:`EXAMPLE_WEIGHTS`: 2.0 and 3.0 into output 1, 1.0 and 4.0 into output 2) and the
    error e_1 = 1.5 at output 1. The weight being updated, w_11, is thick and orange; the
    other link into output 1 is blue, because its signal is part of the same sum; the links
    into output 2 play no part and fade to pale grey.
    """
    inputs = EXAMPLE_UPDATE_INPUTS
    widths = np.array([[3.4, 2.2], [1.4, 1.4]])  # points, laid out like EXAMPLE_WEIGHTS: (receiving, sending)
    return draw_network(
        [2, 2],
        EXAMPLE_WEIGHTS,
        highlight={(0, 0, 0): ORANGE, (0, 1, 0): BLUE},
        link_widths=[widths],
        values=[[f"$o_{j + 1}$ = {o:.1f}" for j, o in enumerate(inputs["previous_outputs"])], None],
        errors=[None, [f"$e_1$ = {inputs['error']:.1f}", None]],
        labels=Labels(links="both", layers=["hidden layer", "output layer"]),
        formats=Formats(weight="{:.1f}"),
    )


def three_factors_figure(update: WeightUpdate) -> Figure:
    """The gradient as a strip of three boxes: error x sigmoid slope x previous output."""
    fig, ax = new_drawing(7.4, 1.9, (0, 15.2), (0, 3.2), aspect="equal")
    boxes = [
        ("error at k", f"$e_k$ = {update.error:.1f}", VERMILLION_TINT, VERMILLION),
        ("sigmoid slope at k", f"{update.sigmoid_slope:.4f}", BLUE_TINT_FACTOR, BLUE),
        ("output of j", f"$o_j$ = {update.previous_output:.1f}", GREEN_TINT, GREEN),
    ]
    x = 0.2
    for i, (title, value, fill, edge) in enumerate(boxes):
        ax.add_patch(
            FancyBboxPatch(
                (x, 0.5), 3.2, 2.1, boxstyle="round,pad=0,rounding_size=0.25", facecolor=fill, edgecolor=edge, lw=1.6
            )
        )
        ax.text(x + 1.6, 2.05, title, ha="center", va="center", fontsize=9.5)
        ax.text(x + 1.6, 1.15, value, ha="center", va="center", fontsize=13)
        x += 3.2
        ax.text(x + 0.3, 1.55, "×" if i < 2 else "=", ha="center", va="center", fontsize=18)
        x += 0.6
    product = update.error * update.sigmoid_slope * update.previous_output
    ax.add_patch(
        FancyBboxPatch(
            (x, 0.5),
            3.3,
            2.1,
            boxstyle="round,pad=0,rounding_size=0.25",
            facecolor=FILL_LIGHT,
            edgecolor=INK_DARK,
            lw=1.6,
        )
    )
    ax.text(x + 1.65, 2.05, r"$-\partial E\,/\,\partial w_{j,k}$", ha="center", va="center", fontsize=10.5)
    ax.text(x + 1.65, 1.15, f"{product:.4f}", ha="center", va="center", fontsize=13)
    fig.tight_layout(pad=0.1)
    return fig


# ---------------------------------------------------------------------------------------
