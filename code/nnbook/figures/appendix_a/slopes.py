"""Appendix A's slopes by hand, by chords and by algebra, and the car's speedometer readings."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from nnbook.figures.appendix_a.algebra import Polynomial

__all__ = [
    "SlopeDerivation",
    "symmetric_slope",
    "ChainRule",
    "chain_rule",
    "central_slope",
    "triangle_slope",
    "readings",
    "readings_markdown",
    "cruising_speed",
    "steady_acceleration_speed",
    "pedal_down_speed",
]

# =======================================================================================
# Slopes: by hand, by chords, by algebra
# =======================================================================================


def triangle_slope(rise: float, run: float) -> float:
    """The slope of a line from a right-angled triangle drawn against it: rise over run."""
    if run == 0:
        raise ValueError("a triangle with zero run has no slope; measure a run wider than 0")
    return rise / run


def central_slope(f: Callable[[np.ndarray], np.ndarray], t: float | np.ndarray, dx: float) -> float | np.ndarray:
    """The slope of the chord from ``t - dx`` to ``t + dx``: ``(f(t + dx) - f(t - dx)) / (2 dx)``.

    This is page A.5's recipe, which a computer can repeat for any ``dx``. With a tiny
    ``dx`` (say 1e-6 for smooth curves of modest size) it is a numerical derivative that
    checks the algebra independently.
    """
    if dx <= 0:
        raise ValueError(f"the gap dx must be positive, got {dx}")
    t = np.asarray(t, dtype=float)
    slope = (np.asarray(f(t + dx), dtype=float) - np.asarray(f(t - dx), dtype=float)) / (2.0 * dx)
    return float(slope) if np.ndim(slope) == 0 else slope


@dataclass(frozen=True)
class SlopeDerivation:
    """Page A.6's working for one function ``s(t)``, every line kept for typesetting.

    ``height`` is ``s(t + dx) - s(t - dx)`` multiplied out, ``extent`` is ``2 dx``,
    ``slope`` is their ratio (it may still contain ``dx``) and ``limit`` is what is left
    when ``dx`` shrinks to nothing: the derivative ``∂s/∂t``.
    """

    function: Polynomial
    right: Polynomial
    left: Polynomial
    height: Polynomial
    extent: Polynomial
    slope: Polynomial
    limit: Polynomial
    t: str
    dx: str

    def latex_steps(self) -> str:
        """The derivation as one LaTeX ``aligned`` block, one step per line.

        The labels on the left are kept short and long lines are broken, so that the
        block fits a phone screen.
        """
        t_name = self.t
        right_raw = self.function.latex_with({t_name: rf"({t_name} + \Delta x)"})
        left_raw = self.function.latex_with({t_name: rf"({t_name} - \Delta x)"})
        if len(self.function.terms) > 1:  # long: put the second speed on a line of its own
            first = [rf"\text{{height}} &= {right_raw}", rf"&\qquad - \big[{left_raw}\big]"]
        else:
            first = [rf"\text{{height}} &= {right_raw} - {left_raw}"]
        lines = [
            *first,
            rf"&= ({self.right.latex()})",
            rf"&\qquad - ({self.left.latex()})",
            rf"&= {self.height.latex()}",
            rf"\text{{extent}} &= {self.extent.latex()}",
            rf"\text{{slope}} &= \frac{{\text{{height}}}}{{\text{{extent}}}}"
            rf" = \frac{{{self.height.latex()}}}{{{self.extent.latex()}}}",
            rf"&= {self.slope.latex()}",
        ]
        derivative = rf"\frac{{\partial s}}{{\partial {t_name}}} &= {self.limit.latex()}"
        if self.slope != self.limit:
            derivative += r" \quad \text{(as } \Delta x \to 0\text{)}"
        lines.append(derivative)
        return r"\begin{aligned}" + r" \\ ".join(lines) + r"\end{aligned}"


def symmetric_slope(s: Polynomial, t: str = "t", dx: str = "dx") -> SlopeDerivation:
    """Work out the slope of ``s`` at ``t`` with a chord reaching ``dx`` to either side.

    ``s`` is a polynomial in the variables ``(t, dx)`` that only uses ``t``. The chord's
    height is ``s(t + dx) - s(t - dx)``, its extent ``2 dx``; dividing leaves a polynomial,
    and setting ``dx`` to 0 in it gives the exact slope of the curve.
    """
    if s._uses(dx):
        raise ValueError(f"the function should depend on {t} only, but it contains {dx}: {s.text()}")
    t_symbol = Polynomial(s.variables, {tuple(1 if v == t else 0 for v in s.variables): Fraction(1)})
    dx_symbol = Polynomial(s.variables, {tuple(1 if v == dx else 0 for v in s.variables): Fraction(1)})
    right = s.substitute(t, t_symbol + dx_symbol)
    left = s.substitute(t, t_symbol - dx_symbol)
    height = right - left
    extent = 2 * dx_symbol
    slope = height.divide_by_term(extent)
    return SlopeDerivation(s, right, left, height, extent, slope, slope.substitute(dx, 0), t, dx)


@dataclass(frozen=True)
class ChainRule:
    """Page A.8's working for ``f(y)`` with ``y = y(x)``.

    ``outer_slope`` is ∂f/∂y (still in y), ``inner_slope`` is ∂y/∂x, ``chained`` is their
    product with y replaced by its formula in x, multiplied out; ``direct`` is what you
    get by first writing f in terms of x alone (``composed``) and differentiating that.
    The chain rule says ``chained == direct``.
    """

    outer: Polynomial
    inner: Polynomial
    composed: Polynomial
    outer_slope: Polynomial
    inner_slope: Polynomial
    chained: Polynomial
    direct: Polynomial
    x: str
    y: str

    def _inner_is_constant(self) -> bool:
        return all(not any(powers) for powers in self.inner_slope.terms)

    def factored_latex(self) -> str:
        """∂f/∂x as the product of the two slopes, with y written out in brackets.

        A constant inner slope is multiplied into the outer one: ``6(2x + 1)^2`` rather
        than ``3(2x + 1)^2 (2)``.
        """
        if self._inner_is_constant():
            return (self.outer_slope * self.inner_slope).latex_with({self.y: rf"({self.inner.latex()})"})
        return self.outer_slope.latex_with({self.y: rf"({self.inner.latex()})"}) + rf"\,({self.inner_slope.latex()})"

    def factored_text(self) -> str:
        """The same as :meth:`factored_latex`, as plain Unicode text."""
        names = {self.y: f"({self.inner.text()})"}
        if self._inner_is_constant():
            return (self.outer_slope * self.inner_slope)._join(None, latex=False, names=names)
        return f"{self.outer_slope._join(None, latex=False, names=names)}({self.inner_slope.text()})"


def chain_rule(outer: Polynomial, inner: Polynomial, x: str = "x", y: str = "y") -> ChainRule:
    """Differentiate ``outer(y)`` where ``y = inner(x)``, both ways (chain rule and expanding first)."""
    if outer._uses(x):
        raise ValueError(f"the outer function should use {y} only, got {outer.text()}")
    if inner._uses(y):
        raise ValueError(f"the inner function should use {x} only, got {inner.text()}")
    outer_slope = outer.derivative(y)
    inner_slope = inner.derivative(x)
    chained = outer_slope.substitute(y, inner) * inner_slope
    composed = outer.substitute(y, inner)
    return ChainRule(outer, inner, composed, outer_slope, inner_slope, chained, composed.derivative(x), x, y)


# =======================================================================================
# The car's speedometer readings
# =======================================================================================


def cruising_speed(t: float | np.ndarray, speed: float = 30.0) -> np.ndarray:
    """Page A.1: a car holding a steady ``speed`` mph whatever the time ``t`` (minutes)."""
    return np.full_like(np.asarray(t, dtype=float), speed)


def steady_acceleration_speed(t: float | np.ndarray, start: float = 30.0, acceleration: float = 10.0) -> np.ndarray:
    """Page A.2: speed ``start + acceleration * t`` mph; ``acceleration`` in mph per minute."""
    return start + acceleration * np.asarray(t, dtype=float)


def pedal_down_speed(t: float | np.ndarray) -> np.ndarray:
    """Page A.3's contrived car: from rest, speed ``t**2`` mph after ``t`` minutes."""
    return np.asarray(t, dtype=float) ** 2


def readings(
    speed: Callable[[np.ndarray], np.ndarray], start: float, stop: float, step: float
) -> tuple[np.ndarray, np.ndarray]:
    """Times from ``start`` to ``stop`` inclusive every ``step`` minutes, and the speeds then."""
    if step <= 0:
        raise ValueError(f"the time step must be positive, got {step}")
    count = int(round((stop - start) / step)) + 1
    times = start + step * np.arange(count)
    return times, np.asarray(speed(times), dtype=float)


def _tidy(value: float) -> str:
    """A reading as a person writes it: 30, 0.5, 2.5 (no needless zeros)."""
    return f"{value:.10g}"


def readings_markdown(
    times: Sequence[float],
    speeds: Sequence[float],
    *,
    time_label: str = "time (minutes)",
    speed_label: str = "speed (mph)",
    time_format: str = "{:g}",
) -> str:
    """A two-row Markdown table: the times along the top row, the speeds below them."""
    if len(times) != len(speeds):
        raise ValueError(f"got {len(times)} times but {len(speeds)} speeds; give one speed per time")
    top = "| " + time_label + " | " + " | ".join(time_format.format(t) for t in times) + " |"
    rule = "|---|" + "---:|" * len(times)
    bottom = "| " + speed_label + " | " + " | ".join(_tidy(float(s)) for s in speeds) + " |"
    return "\n".join([top, rule, bottom])
