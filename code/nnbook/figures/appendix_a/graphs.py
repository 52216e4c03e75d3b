"""Appendix A's figures and interactive figures: lines, curves, tangents, chords, the chain rule."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from nnbook.figures.appendix_a.algebra import Polynomial, symbols
from nnbook.figures.appendix_a.slopes import (
    ChainRule,
    _tidy,
    central_slope,
    chain_rule,
    pedal_down_speed,
    readings,
    steady_acceleration_speed,
    triangle_slope,
)
from nnbook.figures.colours import (
    BLUE,
    BLUE_TINT_BOX,
    GREEN,
    GREY,
    INK_SOFT,
    ORANGE,
    ORANGE_TEXT,
    ORANGE_TINT_BOX,
    PURPLE,
    SKY,
    VERMILLION,
    VERMILLION_TEXT,
)
from nnbook.figures.style import new_drawing, new_figure, tidy_axes
from nnbook.web.widgets import InteractiveFigure

__all__ = [
    "related_changes_figure",
    "speed_readings_figure",
    "acceleration_figure",
    "acceleration_slider",
    "curve_figure",
    "tangents_figure",
    "hand_triangle_figure",
    "tangent_figure",
    "tangent_values",
    "tangent_slider",
    "chord_figure",
    "shrinking_chords_figure",
    "shrinking_gap_figure",
    "shrinking_gap_values",
    "shrinking_gap_slider",
    "slope_curve_figure",
    "onion_figure",
    "chain_rule_figure",
    "chain_rule_slider",
]

# =======================================================================================
# Figures
# =======================================================================================


def _axes(width: float = 6.0, height: float = 3.8) -> tuple[Figure, plt.Axes]:
    """A figure in the book's style with one plain set of axes (no top or right frame)."""
    fig, ax = new_figure(width, height)
    return fig, tidy_axes(ax)


def _speed_axes(ax: plt.Axes, xlabel: str = "time t (minutes)", ylabel: str = "speed s (mph)") -> None:
    ax.set_xlabel(xlabel, fontsize=11)
    ax.set_ylabel(ylabel, fontsize=11)
    ax.tick_params(labelsize=10)


def related_changes_figure() -> Figure:
    """Page A.0: three everyday pairs of things that change together, as sketch graphs.

    Shapes only (no scales): speed rising with time, a plant growing with rainfall and
    levelling off, a spring stretching in proportion to the pull.
    """
    fig, axes = new_figure(7.8, 2.7, 1, 3)
    x = np.linspace(0.0, 1.0, 100)
    panels = (
        ("a car speeding up", "time on a watch", "speed", 0.2 + 0.75 * x**1.6, BLUE, "-"),
        ("a plant growing", "rainfall", "height", 0.1 + 0.8 * (1 - np.exp(-3.5 * x)), GREEN, "--"),
        ("a spring stretching", "pulling force", "stretch", 0.05 + 0.85 * x, VERMILLION, "-."),
    )
    for ax, (title, xlabel, ylabel, y, colour, style) in zip(axes, panels):
        ax.plot(x, y, color=colour, lw=2.6, ls=style)
        ax.set(xlim=(0, 1.05), ylim=(0, 1.05), xticks=[], yticks=[])
        ax.set_title(title, fontsize=12)
        ax.set_xlabel(xlabel + " →", fontsize=11)
        ax.set_ylabel(ylabel + " →", fontsize=11)
        tidy_axes(ax)
    fig.tight_layout()
    return fig


def speed_readings_figure(
    times: Sequence[float],
    speeds: Sequence[float],
    formula: str,
    *,
    ylim: tuple[float, float] = (0.0, 70.0),
    curve: Callable[[np.ndarray], np.ndarray] | None = None,
    label_points: bool = False,
) -> Figure:
    """Speedometer readings as dots, with the line or curve through them and its formula.

    ``formula`` is mathtext shown on the graph, e.g. ``"$s = 30$"``. ``curve`` draws a
    smooth curve between the readings (default: straight segments between them).
    """
    fig, ax = _axes(6.0, 3.6)
    times = np.asarray(times, dtype=float)
    speeds = np.asarray(speeds, dtype=float)
    if curve is None:
        ax.plot(times, speeds, color=BLUE, lw=2.2, zorder=2)
    else:
        smooth = np.linspace(times.min(), times.max(), 200)
        ax.plot(smooth, curve(smooth), color=BLUE, lw=2.2, zorder=2)
    ax.plot(times, speeds, "o", color=ORANGE, mec="black", mew=0.8, ms=8, zorder=3, label="speedometer readings")
    if label_points:
        for t, s in zip(times, speeds):
            ax.annotate(_tidy(s), (t, s), xytext=(-6, 8), textcoords="offset points", ha="right", fontsize=10)
    ax.text(0.03, 0.93, formula, transform=ax.transAxes, fontsize=14, color=BLUE, va="top")
    margin = 0.05 * (float(np.ptp(times)) or 1.0)
    ax.set(ylim=ylim, xlim=(times.min() - margin, times.max() + margin))
    _speed_axes(ax)
    ax.legend(loc="lower right", fontsize=10, frameon=False)
    fig.tight_layout()
    return fig


def acceleration_figure(acceleration: float, start: float = 30.0) -> Figure:
    """Page A.2's straight line ``s = start + acceleration * t`` over three minutes.

    Readings every 30 seconds are dots; a right-angled triangle one minute wide shows that
    the speed rises by ``acceleration`` mph in each minute: the slope.
    """
    fig, ax = _axes(6.0, 3.8)
    times, speeds = readings(lambda t: steady_acceleration_speed(t, start, acceleration), 0.0, 3.0, 0.5)
    ax.plot([0, 3], [start, start + 3 * acceleration], color=BLUE, lw=2.2)
    ax.plot(times, speeds, "o", color=ORANGE, mec="black", mew=0.8, ms=7, zorder=3)
    # The slope triangle from t = 1 to t = 2.
    s1, s2 = start + acceleration, start + 2 * acceleration
    ax.plot([1, 2, 2], [s1, s1, s2], color=VERMILLION, lw=1.8, ls="--")
    ax.annotate(
        "1 minute",
        (1.5, s1),
        xytext=(0, -14),
        textcoords="offset points",
        ha="center",
        fontsize=10,
        color=VERMILLION_TEXT,
    )
    if acceleration:
        ax.annotate(
            f"+{acceleration:g} mph",
            (2, (s1 + s2) / 2),
            xytext=(6, 0),
            textcoords="offset points",
            va="center",
            fontsize=10,
            color=VERMILLION_TEXT,
        )
    ax.text(
        0.03, 0.95, f"$s = {start:g} + {acceleration:g}\\,t$", transform=ax.transAxes, fontsize=14, color=BLUE, va="top"
    )
    ax.text(
        0.03,
        0.80,
        rf"$\partial s / \partial t = {acceleration:g}$ mph per minute",
        transform=ax.transAxes,
        fontsize=12,
        color=VERMILLION_TEXT,
        va="top",
    )
    ax.set(xlim=(-0.1, 3.2), ylim=(0, 100))
    _speed_axes(ax)
    fig.tight_layout()
    return fig


def acceleration_slider(values: Sequence[float] | None = None, initial: float = 10.0) -> InteractiveFigure:
    """Turn the acceleration (mph per minute) and watch the line tilt; its slope is ∂s/∂t."""
    values = list(range(0, 21)) if values is None else list(values)

    def alt(a: float) -> str:
        return (
            f"A straight line of speed against time, starting at 30 mph and rising by {a:g} mph every "
            f"minute to {30 + 3 * a:g} mph at 3 minutes. Its slope is {a:g} mph per minute."
        )

    def caption(a: float) -> str:
        if a == 0:
            return "Acceleration 0: the speed never changes, the line is flat and ∂s/∂t = <b>0</b>."
        return (
            f"Acceleration {a:g} mph per minute: s = 30 + {a:g}t, so the slope is ∂s/∂t = <b>{a:g}</b> at every moment."
        )

    return InteractiveFigure(
        values,
        acceleration_figure,
        label="acceleration (mph per minute)",
        alt=alt,
        caption=caption,
        value_format="{:g}",
        initial=initial,
    )


def curve_figure(t_max: float = 8.0) -> Figure:
    """Page A.3: the contrived car ``s = t**2``, with a reading at every whole minute."""
    times, speeds = readings(pedal_down_speed, 0.0, t_max, 1.0)
    fig = speed_readings_figure(
        times, speeds, "$s = t^2$", ylim=(-2, t_max**2 * 1.12), curve=pedal_down_speed, label_points=True
    )
    return fig


def _tangent_line(
    ax: plt.Axes,
    f: Polynomial,
    t0: float,
    half_width: float,
    colour: str,
    *,
    style: str = "-",
    lw: float = 2.0,
    label: str | None = None,
    name: str = "t",
) -> float:
    """Draw the tangent of ``f`` at ``t0`` (exact slope from the power rule); return the slope."""
    slope = float(f.derivative(name).evaluate(**{name: t0}))
    height = float(f.evaluate(**{name: t0}))
    span = np.array([t0 - half_width, t0 + half_width])
    ax.plot(span, height + slope * (span - t0), color=colour, lw=lw, ls=style, label=label, zorder=2)
    return slope


def _square() -> Polynomial:
    (t,) = symbols("t")
    return t**2


def tangents_figure(points: Sequence[float] = (3.0, 6.0)) -> Figure:
    """Page A.4: ``s = t**2`` with the tangent touching it at each of ``points``."""
    fig, ax = _axes(6.0, 3.8)
    curve = _square()
    t = np.linspace(0, 8, 200)
    ax.plot(t, t**2, color=BLUE, lw=2.2, label="$s = t^2$")
    styles = ((VERMILLION, "--"), (GREEN, "-."), (PURPLE, ":"))
    for (colour, style), t0 in zip(styles, points):
        _tangent_line(ax, curve, t0, 1.6, colour, style=style, lw=2.2)
        ax.plot([t0], [t0**2], "o", color=colour, mec="black", ms=8, zorder=3)
        ax.annotate(f"t = {t0:g}", (t0, t0**2), xytext=(10, -14), textcoords="offset points", fontsize=11)
    ax.set(xlim=(0, 8.2), ylim=(-3, 66))
    _speed_axes(ax)
    ax.legend(loc="upper left", fontsize=11, frameon=False)
    fig.tight_layout()
    return fig


def hand_triangle_figure(t0: float = 6.0, rise: float = 9.6, run: float = 0.8) -> Figure:
    """Page A.4: close up on the tangent at ``t0``, with the triangle measured against it.

    The triangle's foot starts on the curve at ``t0`` and runs ``run`` minutes to the
    right; its upright side climbs ``rise`` mph back up to the tangent.
    """
    fig, ax = _axes(6.0, 4.0)
    t = np.linspace(t0 - 1.6, t0 + 1.6, 200)
    ax.plot(t, t**2, color=BLUE, lw=2.2, label="$s = t^2$")
    s0 = t0**2
    slope = triangle_slope(rise, run)
    span = np.array([t0 - 1.4, t0 + 1.4])
    ax.plot(span, s0 + slope * (span - t0), color=GREY, lw=2.0, label="tangent, drawn with a ruler")
    ax.fill([t0, t0 + run, t0 + run], [s0, s0, s0 + rise], color=ORANGE, alpha=0.35, lw=0)
    ax.plot([t0, t0 + run, t0 + run], [s0, s0, s0 + rise], color=ORANGE_TEXT, lw=1.6)
    ax.plot([t0], [s0], "o", color="black", ms=6, zorder=3)
    ax.annotate(
        f"Δt = {run:g}",
        (t0 + run / 2, s0),
        xytext=(0, -16),
        textcoords="offset points",
        ha="center",
        fontsize=12,
        color=ORANGE_TEXT,
    )
    ax.annotate(
        f"Δs = {rise:g}",
        (t0 + run, s0 + rise / 2),
        xytext=(8, 0),
        textcoords="offset points",
        va="center",
        fontsize=12,
        color=ORANGE_TEXT,
    )
    ax.set(xlim=(t0 - 1.6, t0 + 1.6), ylim=(s0 - 16, s0 + 20))
    _speed_axes(ax)
    ax.legend(loc="upper left", fontsize=10, frameon=False)
    fig.tight_layout()
    return fig


def tangent_figure(t0: float) -> Figure:
    """The curve ``s = t**2``, a point at ``t0`` and the tangent there, with its slope written on.

    A small triangle one minute wide sits on the tangent: its height is the slope.
    """
    fig, ax = _axes(6.0, 3.9)
    curve = _square()
    t = np.linspace(0, 8, 160)
    ax.plot(t, t**2, color=BLUE, lw=2.2)
    slope = _tangent_line(ax, curve, t0, 1.7, VERMILLION, lw=2.2)
    s0 = t0**2
    ax.plot([t0, t0 + 1, t0 + 1], [s0, s0, s0 + slope], color=ORANGE_TEXT, lw=1.4, ls="--")
    ax.annotate(
        "1", (t0 + 0.5, s0), xytext=(0, -13), textcoords="offset points", ha="center", fontsize=10, color=ORANGE_TEXT
    )
    if slope:
        ax.annotate(
            f"{slope:g}",
            (t0 + 1, s0 + slope / 2),
            xytext=(5, 0),
            textcoords="offset points",
            va="center",
            fontsize=10,
            color=ORANGE_TEXT,
        )
    ax.plot([t0], [s0], "o", color=VERMILLION, mec="black", ms=9, zorder=3)
    ax.text(0.03, 0.95, f"t = {t0:g} min, speed {s0:g} mph", transform=ax.transAxes, fontsize=12, va="top")
    ax.text(
        0.03,
        0.84,
        f"slope of the tangent: {slope:g} mph per minute",
        transform=ax.transAxes,
        fontsize=12,
        va="top",
        color=VERMILLION_TEXT,
    )
    ax.set(xlim=(-0.3, 9.3), ylim=(-8, 84))
    _speed_axes(ax)
    fig.tight_layout()
    return fig


def tangent_values() -> list[float]:
    """Where the tangent slider's point may stand: every quarter minute from 0 to 8."""
    return [float(v) for v in np.round(np.arange(0.0, 8.001, 0.25), 2)]


def tangent_slider(values: Sequence[float] | None = None, initial: float = 6.0) -> InteractiveFigure:
    """Slide a point along ``s = t**2`` and watch the tangent turn and its slope change."""
    values = tangent_values() if values is None else [float(v) for v in values]
    curve = _square()

    def slope(t0: float) -> float:
        return float(curve.derivative("t").evaluate(t=t0))

    def alt(t0: float) -> str:
        return (
            f"The curve s = t squared, with a point at t = {t0:g} minutes, speed {t0**2:g} mph, and the "
            f"straight tangent line touching the curve there. The tangent's slope is {slope(t0):g} mph per minute."
        )

    def caption(t0: float) -> str:
        return (
            f"At t = {t0:g} minutes the speed is {t0**2:g} mph and the tangent's slope is "
            f"<b>{slope(t0):g} mph per minute</b>: that is how fast the speed is changing right then."
        )

    return InteractiveFigure(
        values,
        tangent_figure,
        label="time t (minutes)",
        alt=alt,
        caption=caption,
        value_format="{:g}",
        initial=float(initial),
    )


def chord_figure(t0: float = 3.0, dx: float = 2.0) -> Figure:
    """Page A.5: the chord of ``s = t**2`` from ``t0 - dx`` to ``t0 + dx``, with its height and extent.

    The true tangent at ``t0`` is dashed, for comparison.
    """
    fig, ax = _axes(6.0, 4.0)
    t = np.linspace(0, 6.3, 200)
    ax.plot(t, t**2, color=BLUE, lw=2.2, label="$s = t^2$")
    a, b = t0 - dx, t0 + dx
    sa, sb = a**2, b**2
    ax.plot([a, b], [sa, sb], color=ORANGE_TEXT, lw=2.4, label="chord", zorder=3)
    ax.plot([a, b], [sa, sb], "o", color=ORANGE, mec="black", ms=8, zorder=4)
    _tangent_line(ax, _square(), t0, 2.2, GREY, style="--", lw=1.6, label=f"tangent at t = {t0:g}")
    ax.plot([t0], [t0**2], "o", color="black", ms=6, zorder=4)
    # Height and extent.
    ax.plot([a, b], [sa, sa], color=VERMILLION, lw=1.4, ls=":")
    ax.plot([b, b], [sa, sb], color=VERMILLION, lw=1.4, ls=":")
    ax.annotate(
        f"extent = {b:g} − {a:g} = {b - a:g}",
        ((a + b) / 2, sa),
        xytext=(0, -15),
        textcoords="offset points",
        ha="center",
        fontsize=11,
        color=VERMILLION_TEXT,
    )
    ax.annotate(
        f"height =\n{sb:g} − {sa:g} = {sb - sa:g}",
        (b, (sa + sb) / 2),
        xytext=(8, 0),
        textcoords="offset points",
        ha="left",
        va="center",
        fontsize=11,
        color=VERMILLION_TEXT,
    )
    ax.annotate(f"({a:g}, {sa:g})", (a, sa), xytext=(-4, 6), textcoords="offset points", fontsize=10, ha="right")
    ax.annotate(f"({b:g}, {sb:g})", (b, sb), xytext=(-8, 6), textcoords="offset points", fontsize=10, ha="right")
    ax.set(xlim=(0, 7.4), ylim=(-6, 40))
    _speed_axes(ax)
    ax.legend(loc="upper left", fontsize=10, frameon=False)
    fig.tight_layout()
    return fig


_CHORD_STYLES = ((VERMILLION, "-"), (ORANGE_TEXT, "--"), (GREEN, "-."), (PURPLE, ":"), (SKY, "-"))


def shrinking_chords_figure(t0: float = 3.0, gaps: Sequence[float] = (2.0, 1.0, 0.5, 0.1)) -> Figure:
    """Page A.5: chords of ``s = t**2`` around ``t0`` for each gap in ``gaps``, all on one graph."""
    fig, ax = _axes(6.0, 4.0)
    t = np.linspace(0.6, 5.4, 200)
    ax.plot(t, t**2, color=BLUE, lw=2.2, label="$s = t^2$")
    for (colour, style), dx in zip(_CHORD_STYLES, gaps):
        a, b = t0 - dx, t0 + dx
        slope = central_slope(pedal_down_speed, t0, dx)
        ax.plot([a, b], [a**2, b**2], color=colour, lw=2.0, ls=style, label=f"Δx = {dx:g}: slope {slope:g}")
        ax.plot([a, b], [a**2, b**2], "o", color=colour, ms=5)
    ax.plot([t0], [t0**2], "o", color="black", ms=6, zorder=4)
    ax.set(xlim=(0.6, 5.4), ylim=(-2, 30))
    _speed_axes(ax)
    ax.legend(loc="upper left", fontsize=10, frameon=False)
    fig.tight_layout()
    return fig


def _cube() -> Polynomial:
    (t,) = symbols("t")
    return t**3


def shrinking_gap_figure(dx: float, t0: float = 3.0) -> Figure:
    """The curve ``s = t**3``, the chord from ``t0 - dx`` to ``t0 + dx`` and the tangent at ``t0``.

    The chord is drawn solid between its two ends and extended faintly across the graph,
    so that its tilt can be compared with the dashed tangent.
    """
    fig, ax = _axes(6.0, 4.0)
    t = np.linspace(-0.3, 6.3, 200)
    ax.plot(t, t**3, color=BLUE, lw=2.2, label="$s = t^3$")
    tangent = _tangent_line(ax, _cube(), t0, 3.3, GREY, style="--", lw=1.8, label=f"tangent at t = {t0:g}")
    slope = central_slope(lambda x: x**3, t0, dx)
    a, b = t0 - dx, t0 + dx
    wide = np.array([-0.3, 6.3])
    ax.plot(wide, a**3 + slope * (wide - a), color=ORANGE, lw=1.0, alpha=0.7)
    ax.plot([a, b], [a**3, b**3], color=ORANGE_TEXT, lw=2.6, label="chord", zorder=3)
    ax.plot([a, b], [a**3, b**3], "o", color=ORANGE, mec="black", ms=7, zorder=4)
    ax.plot([t0], [t0**3], "o", color="black", ms=6, zorder=4)
    ax.text(
        0.03,
        0.80,
        f"Δx = {dx:g}\nchord slope   {slope:.4g}\ntangent slope {tangent:g}",
        transform=ax.transAxes,
        fontsize=12,
        va="top",
        family="monospace",
    )
    ax.set(xlim=(-0.3, 6.3), ylim=(-30, 230))
    _speed_axes(ax)
    ax.legend(loc="upper left", fontsize=10, frameon=False, ncol=3)
    fig.tight_layout()
    return fig


def shrinking_gap_values() -> list[float]:
    """The gaps the slider offers, from 3 down to 0.01 (biggest first, so sliding right shrinks)."""
    return [3.0, 2.5, 2.0, 1.5, 1.2, 1.0, 0.8, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05, 0.02, 0.01]


def shrinking_gap_slider(values: Sequence[float] | None = None, t0: float = 3.0) -> InteractiveFigure:
    """Shrink the gap Δx and watch the chord of ``s = t**3`` turn into the tangent at ``t0``."""
    values = shrinking_gap_values() if values is None else [float(v) for v in values]
    tangent = float(_cube().derivative("t").evaluate(t=t0))

    def alt(dx: float) -> str:
        slope = central_slope(lambda x: x**3, t0, dx)
        return (
            f"The curve s = t cubed with a chord from t = {t0 - dx:g} to t = {t0 + dx:g} and the tangent at "
            f"t = {t0:g}. The chord's slope is {slope:.4g}; the tangent's slope is {tangent:g}."
        )

    def caption(dx: float) -> str:
        slope = central_slope(lambda x: x**3, t0, dx)
        return (
            f"Δx = {dx:g}: the chord from t = {t0 - dx:g} to t = {t0 + dx:g} has slope "
            f"<b>{slope:.6g}</b>, which is {slope - tangent:.4g} more than the tangent's {tangent:g}."
        )

    return InteractiveFigure(
        values,
        lambda dx: shrinking_gap_figure(dx, t0),
        label="gap Δx",
        alt=alt,
        caption=caption,
        value_format="{:g}",
        initial=values[0],
    )


def slope_curve_figure(points: Sequence[float] = (-1.5, -0.75, 0.0, 0.75, 1.5)) -> Figure:
    """Page A.7: ``s = t**3`` with tangents (top) and the power rule's ``3t**2`` (bottom).

    The dots on the bottom curve are slopes measured numerically with a tiny chord at each
    of ``points``: they land on the curve the power rule predicts.
    """
    fig, (top, bottom) = new_figure(6.0, 5.6, 2, 1, sharex=True)
    cube = _cube()
    t = np.linspace(-2, 2, 200)
    top.plot(t, t**3, color=BLUE, lw=2.2, label="$s = t^3$")
    for t0 in points:
        _tangent_line(top, cube, t0, 0.45, VERMILLION, lw=1.8)
        top.plot([t0], [t0**3], "o", color=VERMILLION, mec="black", ms=6, zorder=3)
    bottom.plot(t, cube.derivative("t").evaluate(t=t), color=GREEN, lw=2.2, label=r"power rule: $3t^2$")
    measured = central_slope(lambda x: x**3, np.asarray(points, dtype=float), 1e-4)
    bottom.plot(
        points, measured, "s", color=VERMILLION, mec="black", ms=7, zorder=3, label="slopes of the tangents above"
    )
    top.set_ylabel("s", fontsize=11)
    bottom.set_ylabel("slope of s", fontsize=11)
    bottom.set_xlabel("t", fontsize=11)
    for ax in (top, bottom):
        tidy_axes(ax)
        ax.axhline(0, color=GREY, lw=0.6)
        ax.legend(loc="upper left", fontsize=10, frameon=False)
    top.set_ylim(-9, 9)
    bottom.set_ylim(-1, 13)
    fig.tight_layout()
    return fig


def onion_figure(
    outer: str = "f = y²",
    inner: str = "y = x³ + x",
    core: str = "x",
    outer_slope: str = "∂f/∂y = 2y",
    inner_slope: str = "∂y/∂x = 3x² + 1",
) -> Figure:
    """Page A.8: a function of a function drawn as the layers of an onion.

    ``x`` sits at the core, wrapped by the inner function, wrapped by the outer one. Each
    layer is labelled with its own slope; the chain rule multiplies them.
    """
    fig, ax = new_drawing(6.4, 3.9, (0, 10), (0, 6.2), aspect="equal")
    centre = (3.2, 3.0)
    layers = ((3.0, 2.8, ORANGE_TINT_BOX, outer), (2.0, 1.85, BLUE_TINT_BOX, inner), (0.85, 0.8, "white", core))
    for width, height, colour, _ in layers:
        patch = FancyBboxPatch(
            (centre[0] - width, centre[1] - height),
            2 * width,
            2 * height,
            boxstyle=f"round,pad=0,rounding_size={min(width, height) * 0.9}",
            facecolor=colour,
            edgecolor=INK_SOFT,
            lw=1.5,
        )
        ax.add_patch(patch)
    ax.text(centre[0], centre[1] + 2.35, outer, ha="center", va="center", fontsize=13)
    ax.text(centre[0], centre[1] + 1.3, inner, ha="center", va="center", fontsize=13)
    ax.text(centre[0], centre[1], core, ha="center", va="center", fontsize=15, style="italic")
    # The slopes, peeled off layer by layer.
    ax.text(6.7, 5.0, "peel the layers:", fontsize=12, ha="left", va="center")
    ax.text(6.7, 4.1, "outer: " + outer_slope, fontsize=12, ha="left", va="center", color=ORANGE_TEXT)
    ax.text(6.7, 3.3, "inner: " + inner_slope, fontsize=12, ha="left", va="center", color=BLUE)
    ax.text(6.7, 2.2, "multiply:", fontsize=12, ha="left", va="center")
    ax.text(6.7, 1.4, "∂f/∂x = ∂f/∂y × ∂y/∂x", fontsize=12, ha="left", va="center")
    for y_from, y_to, colour in ((5.75, 4.1, ORANGE_TEXT), (4.3, 3.3, BLUE)):
        arrow = FancyArrowPatch(
            (centre[0] + 1.0, y_from - 0.45),
            (6.6, y_to),
            arrowstyle="-|>",
            mutation_scale=12,
            color=colour,
            lw=1.2,
            connectionstyle="arc3,rad=-0.15",
        )
        ax.add_patch(arrow)
    return fig


def _chain_example() -> ChainRule:
    x, y = symbols("x y")
    return chain_rule(y**2, x**3 + x)


def chain_rule_figure(x0: float) -> Figure:
    """``f = (x**3 + x)**2`` near ``x0``: the tangent from the chain rule, and the numbers.

    Two slopes are printed: the chain rule's ``2(x³ + x)(3x² + 1)`` and a chord 0.001
    either side of ``x0``, measured with plain arithmetic. They agree.
    """
    example = _chain_example()
    f = example.composed
    fig, ax = _axes(6.0, 3.9)
    x = np.linspace(-1.25, 1.25, 200)
    ax.plot(x, f.evaluate(x=x), color=BLUE, lw=2.2, label=r"$f = (x^3 + x)^2$")
    chain = float(example.chained.evaluate(x=x0))
    measured = central_slope(lambda v: f.evaluate(x=v), x0, 1e-3)
    f0 = float(f.evaluate(x=x0))
    span = np.array([x0 - 0.35, x0 + 0.35])
    ax.plot(span, f0 + chain * (span - x0), color=VERMILLION, lw=2.2, label="tangent from the chain rule")
    ax.plot([x0], [f0], "o", color=VERMILLION, mec="black", ms=8, zorder=3)
    ax.text(
        0.5,
        0.97,
        f"x = {x0:.1f}\nslope by the chain rule {chain:8.4f}\nslope of a tiny chord   {measured:8.4f}",
        transform=ax.transAxes,
        fontsize=11,
        va="top",
        ha="center",
        family="monospace",
    )
    ax.set(xlim=(-1.25, 1.25), ylim=(-1, 9.5))
    ax.set_xlabel("x", fontsize=11)
    ax.set_ylabel("f", fontsize=11)
    ax.legend(loc="center right", fontsize=10, frameon=False, bbox_to_anchor=(1.0, 0.45))
    fig.tight_layout()
    return fig


def chain_rule_slider(values: Sequence[float] | None = None, initial: float = 0.5) -> InteractiveFigure:
    """Pick x and compare the chain rule's slope of ``(x³ + x)²`` with a tiny measured chord."""
    values = [float(v) for v in (np.round(np.arange(-1.2, 1.2001, 0.1), 1) if values is None else values)]
    example = _chain_example()

    def numbers(x0: float) -> tuple[float, float]:
        chain = float(example.chained.evaluate(x=x0))
        measured = central_slope(lambda v: example.composed.evaluate(x=v), x0, 1e-3)
        return chain, measured

    def alt(x0: float) -> str:
        chain, measured = numbers(x0)
        return (
            f"The curve f = (x cubed + x) squared with its tangent at x = {x0:.1f}. The chain rule gives a "
            f"slope of {chain:.4f}; a tiny chord measures {measured:.4f}."
        )

    def caption(x0: float) -> str:
        chain, measured = numbers(x0)
        return (
            f"x = {x0:.1f}: the chain rule says the slope is <b>{chain:.4f}</b>; a chord only 0.001 either side "
            f"measures {measured:.4f}. They differ by {abs(chain - measured):.1e}."
        )

    return InteractiveFigure(
        values, chain_rule_figure, label="x", alt=alt, caption=caption, value_format="{:.1f}", initial=float(initial)
    )
