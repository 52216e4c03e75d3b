"""Page 1.15's interactive figure: the worked weight update, with the learning rate on a slider.

The slope of the error for w_1,1 does not depend on the learning rate; only the step does.
The drawing puts the old weight, the slope and the new weight on one number line, so a
reader sees the step grow in proportion to the learning rate while the slope stays put.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch

from nnbook.figures.colours import BLUE, GREY, INK, ORANGE, ORANGE_TEXT, VERMILLION_TEXT
from nnbook.figures.part1.update_example import EXAMPLE_UPDATE_INPUTS, WeightUpdate, weight_update
from nnbook.figures.style import new_drawing
from nnbook.web.slider_grid import described, number
from nnbook.web.widgets import InteractiveFigure

__all__ = ["update_at_rate", "learning_rate_values", "update_rate_figure", "update_rate_slider"]


def update_at_rate(rate: float, j: int = 0) -> WeightUpdate:
    """The page's worked update of w_1,1 (j = 0), with the learning rate ``rate`` instead of 0.1."""
    inputs = {**EXAMPLE_UPDATE_INPUTS, "learning_rate": rate}
    return weight_update(j=j, **inputs)


def learning_rate_values() -> list[float]:
    """The slider's learning rates: 0.05 to 1 in steps of 0.05 (the page's 0.1 among them)."""
    return [float(v) for v in np.round(np.arange(0.05, 1.0001, 0.05), 2)]


def update_rate_figure(rate: float, *, largest_rate: float = 1.0) -> Figure:
    """Old weight, slope and new weight of the worked example at learning rate ``rate``.

    The number line spans the old weight and the new weight at ``largest_rate``, so every
    slider position uses the same scale and the arrow's length is the step itself.
    """
    update = update_at_rate(rate)
    furthest = update_at_rate(largest_rate).new_weight
    old = update.old_weight
    low, high = old - 0.15 * (furthest - old), furthest + 0.15 * (furthest - old)
    fig, ax = new_drawing(5.2, 2.7, (low, high), (0.0, 3.4))
    ax.plot([low, high], [1.0, 1.0], color=GREY, lw=1.2)
    for tick in np.arange(np.ceil(low * 100) / 100, high, 0.01):
        ax.plot([tick, tick], [0.92, 1.08], color=GREY, lw=1.0)
        ax.text(tick, 0.78, f"{tick:.2f}", ha="center", va="top", fontsize=11, color=INK)
    far_apart = update.new_weight - old > 0.12 * (high - low)
    ax.plot([old], [1.0], "o", color=BLUE, ms=11, zorder=3)
    ax.text(old, 1.28, f"old\n{old:.4f}", ha="center" if far_apart else "right", va="bottom", fontsize=12, color=BLUE)
    ax.plot([update.new_weight], [1.0], "D", color=ORANGE, mec=INK, ms=10, zorder=3)
    new_label = f"new\n{update.new_weight:.4f}"
    ax.text(
        update.new_weight,
        1.28,
        new_label,
        ha="center" if far_apart else "left",
        va="bottom",
        fontsize=12,
        color=ORANGE_TEXT,
    )
    ax.add_patch(
        FancyArrowPatch(
            (old, 2.2), (update.new_weight, 2.2), arrowstyle="-|>", mutation_scale=14, color=ORANGE_TEXT, lw=2
        )
    )
    ax.text(low, 3.35, f"slope: {number(update.gradient)}", ha="left", va="top", fontsize=12, color=VERMILLION_TEXT)
    ax.text(
        low,
        2.9,
        f"step: −{rate:.2f} × ({number(update.gradient)}) = {number(update.change, '{:+.4f}')}",
        ha="left",
        va="top",
        fontsize=12,
        color=ORANGE_TEXT,
    )
    fig.subplots_adjust(left=0.03, right=0.97, top=0.98, bottom=0.02)
    return fig


def _describe(rate: float) -> tuple[str, str]:
    update = update_at_rate(rate)
    alt = (
        f"A number line for the weight w 1,1 at learning rate {rate:.2f}. The old weight {update.old_weight:.4f} "
        f"is a blue dot; the slope is minus {abs(update.gradient):.4f}; an arrow of length {update.change:.4f} "
        f"leads to "
        f"the new weight {update.new_weight:.4f}, an orange diamond."
    )
    caption = (
        f"α = {rate:.2f}: new w<sub>1,1</sub> = {update.old_weight:.1f} − {rate:.2f} × ({number(update.gradient)}) "
        f"= <b>{update.new_weight:.4f}</b>. The slope stays {number(update.gradient)}; only the step "
        f"({number(update.change, '{:+.4f}')}) grows with α."
    )
    return alt, caption


def update_rate_slider(values: Sequence[float] | None = None, initial: float = 0.1) -> InteractiveFigure:
    """Change the learning rate of the worked example and watch the new weight move."""
    values = learning_rate_values() if values is None else [float(v) for v in values]
    alt, caption = described(_describe)
    return InteractiveFigure(
        values,
        lambda rate: update_rate_figure(rate, largest_rate=max(values)),
        label="learning rate α",
        alt=alt,
        caption=caption,
        value_format="{:.2f}",
        initial=float(initial),
    )
