"""Page A.7's interactive figure: pick the power n, see s = tⁿ and its slope n·tⁿ⁻¹ together.

The slope curve comes from the book's exact algebra (:mod:`nnbook.figures.appendix_a.algebra`),
not from a typed-in formula, and a tangent at t = 1 ties the two graphs together: its slope,
read off the top graph, is the height of the bottom graph at t = 1, which is n.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure

from nnbook.figures.appendix_a.algebra import Polynomial, symbols
from nnbook.figures.colours import BLUE, GREEN, GREY, INK, VERMILLION, VERMILLION_TEXT
from nnbook.figures.style import new_figure, tidy_axes
from nnbook.web.slider_grid import described
from nnbook.web.widgets import InteractiveFigure

__all__ = ["power", "power_text", "power_rule_figure", "power_rule_slider"]

_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
SPAN = 1.5  # the graphs run from t = -SPAN to t = SPAN
TOUCH = 1.0  # where the tangent touches the curve


def power(n: int) -> tuple[Polynomial, Polynomial]:
    """The curve s = tⁿ and its slope, worked out by the power rule of :class:`Polynomial`."""
    if n < 0:
        raise ValueError(f"the power n must be 0 or more here, got {n}")
    (t,) = symbols("t")
    curve = t**n if n else Polynomial.constant(1, ("t",))
    return curve, curve.derivative("t")


def power_text(n: int) -> str:
    """tⁿ in plain text, the way a reader would write it: 1, t, t², t³, ..."""
    return "1" if n == 0 else ("t" if n == 1 else "t" + str(n).translate(_SUPERSCRIPT))


def slope_text(n: int) -> str:
    """The slope of tⁿ in plain text: 0, 1, 2t, 3t², ..."""
    if n == 0:
        return "0"
    return "1" if n == 1 else f"{n}{power_text(n - 1)}"


def power_rule_figure(n: int) -> Figure:
    """s = tⁿ above, its slope n·tⁿ⁻¹ below, on a shared t axis, with the tangent at t = 1."""
    curve, slope = power(n)
    fig, (top, bottom) = new_figure(5.0, 5.0, 2, 1, sharex=True)
    t = np.linspace(-SPAN, SPAN, 121)
    top.plot(t, np.broadcast_to(curve.evaluate(t=t), t.shape), color=BLUE, lw=2.6)
    bottom.plot(t, np.broadcast_to(slope.evaluate(t=t), t.shape), color=GREEN, lw=2.6, ls="--")
    height, tilt = float(curve.evaluate(t=TOUCH)), float(slope.evaluate(t=TOUCH))
    near = np.array([TOUCH - 0.45, TOUCH + 0.45])
    top.plot(near, height + tilt * (near - TOUCH), color=VERMILLION, lw=2.0)
    top.plot([TOUCH], [height], "o", color=VERMILLION, mec=INK, ms=8, zorder=3)
    bottom.plot([TOUCH], [tilt], "s", color=VERMILLION, mec=INK, ms=8, zorder=3)
    bottom.annotate(
        f"slope at t = 1: {tilt:g}",
        (TOUCH, tilt),
        xytext=(-10, 10),
        textcoords="offset points",
        ha="right",
        fontsize=12,
        color=VERMILLION_TEXT,
    )
    top.set_title(f"s = {power_text(n)}", fontsize=14, color=BLUE, loc="left")
    bottom.set_title(f"slope ∂s/∂t = {slope_text(n)}", fontsize=14, color=GREEN, loc="left")
    tops = SPAN**n if n else 1.0
    slopes = n * SPAN ** max(n - 1, 0)
    top.set_ylim(-1.1 * tops if n % 2 else -0.15 * tops - 0.2, 1.1 * tops + 0.2)
    bottom.set_ylim(-1.1 * slopes - 0.3 if n % 2 == 0 and n else -0.15 * slopes - 0.3, 1.1 * slopes + 0.3)
    bottom.set_xlabel("t", fontsize=12)
    for ax in (top, bottom):
        tidy_axes(ax)
        ax.axhline(0, color=GREY, lw=0.7)
        ax.axvline(0, color=GREY, lw=0.7)
        ax.tick_params(labelsize=11)
    fig.tight_layout()
    return fig


def _describe(n: int) -> tuple[str, str]:
    curve, slope = power(n)
    tilt = float(slope.evaluate(t=TOUCH))
    alt = (
        f"The power n = {n}. Two graphs share a t axis from minus {SPAN:g} to {SPAN:g}. Top: the curve "
        f"s = {power_text(n)}, "
        f"with its tangent at t = 1. Bottom: its slope, {slope_text(n)}, which is {tilt:g} at t = 1, "
        f"the tilt of that tangent."
    )
    caption = (
        f"n = {n}: the slope of <b>{power_text(n)}</b> is <b>{slope_text(n)}</b>. "
        f"The power {n} comes to the front and the power drops by one; at t = 1 the tangent's slope is {tilt:g}."
    )
    if n == 0:
        caption = "n = 0: t⁰ is just 1, a flat line, so its slope is <b>0</b> everywhere: a number on its own vanishes."
    return alt, caption


def power_rule_slider(values: Sequence[int] | None = None, initial: int = 3) -> InteractiveFigure:
    """Pick the power n and watch s = tⁿ and its slope n·tⁿ⁻¹ change together."""
    values = list(range(0, 8)) if values is None else [int(v) for v in values]
    alt, caption = described(_describe)
    return InteractiveFigure(
        values,
        power_rule_figure,
        label="power n",
        alt=alt,
        caption=caption,
        value_format="{:d}",
        initial=int(initial),
    )
