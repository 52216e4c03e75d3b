"""Appendix A, a gentle calculus: the algebra, the numbers and the pictures behind it.

The appendix rebuilds the derivative from scratch with a car whose speed changes over
time. Every result it quotes is computed here rather than typed into the page:

- :class:`Polynomial` is a tiny exact algebra of polynomials in a few named variables
  (coefficients are :class:`fractions.Fraction`, so ``4t dx / 2dx`` is exactly ``2t``).
  It expands brackets, divides by a single term, substitutes, differentiates with the
  power rule and prints itself as LaTeX (for MathJax) or as plain Unicode text.
- :func:`symmetric_slope` works out the slope of a curve the way page A.6 does: the
  height of a chord ``s(t + dx) - s(t - dx)`` over its extent ``2 dx``, then lets ``dx``
  shrink to nothing. Its :meth:`SlopeDerivation.latex_steps` is the derivation, line by
  line, ready to typeset.
- :func:`chain_rule` does the same for a function of a function (page A.8).
- :func:`central_slope` is the numerical version of all this, used to check the algebra
  with plain numpy arithmetic.
- The figures (speed against time, tangents, chords, the onion of a function of a
  function) and the interactive figures (a tangent that slides along a curve, a gap that
  shrinks towards zero, an acceleration knob, a numerical check of the chain rule).

Units: times ``t`` in minutes, speeds ``s`` in miles per hour (mph), so slopes are in
mph per minute. The appendix writes derivatives with the curly ``∂`` as the original book
does; the pages say that ``d`` is the usual symbol when there is one variable.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from numbers import Rational, Real

import matplotlib.pyplot as plt
import numpy as np
from IPython.display import Markdown, Math
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from .colours import BLUE, GREEN, GREY, ORANGE, ORANGE_TEXT, PURPLE, SKY, VERMILLION, VERMILLION_TEXT
from .widgets import InteractiveFigure

__all__ = [
    "Polynomial",
    "symbols",
    "join_terms",
    "math_inline",
    "math_block",
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


# How variables print. Anything not listed prints as its own name.
_LATEX_NAMES = {"dx": r"\Delta x"}
_TEXT_NAMES = {"dx": "Δx"}
_SUPERSCRIPTS = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")

Number = int | float | Fraction


# =======================================================================================
# A tiny exact algebra of polynomials
# =======================================================================================


def _as_fraction(value: Number) -> Fraction:
    """Exact coefficients: ints and Fractions as they are, floats as the nearest simple fraction (0.5 -> 1/2)."""
    if isinstance(value, bool):
        raise TypeError("a coefficient must be a number, not a bool")
    if isinstance(value, (int, Fraction, Rational)):
        return Fraction(value)
    if isinstance(value, Real) and math.isfinite(value):
        return Fraction(value).limit_denominator(10**9)
    raise TypeError(f"a coefficient must be a finite number, got {value!r}")


@dataclass(frozen=True, eq=False)
class Polynomial:
    """A polynomial in named variables, e.g. ``3*t**2*dx + 4`` in the variables ``("t", "dx")``.

    ``terms`` maps a tuple of whole-number powers, one per variable, to the coefficient of
    that term: ``{(2, 1): 3, (0, 0): 4}`` is 3t²Δx + 4. Zero coefficients are never
    stored, so two equal polynomials have equal ``terms``. Build polynomials with
    :func:`symbols` and ordinary arithmetic (``+ - *`` and ``**`` with a whole power);
    polynomials combined this way must share the same tuple of variables.
    """

    variables: tuple[str, ...]
    terms: Mapping[tuple[int, ...], Fraction]

    def __post_init__(self) -> None:
        object.__setattr__(self, "variables", tuple(self.variables))
        clean: dict[tuple[int, ...], Fraction] = {}
        for powers, coefficient in self.terms.items():
            if len(powers) != len(self.variables):
                raise ValueError(f"a term needs one power per variable {self.variables}, got {powers}")
            if any(p < 0 for p in powers):
                raise ValueError(f"powers must be 0 or more in a polynomial, got {powers}")
            value = _as_fraction(coefficient)
            if value != 0:
                clean[tuple(int(p) for p in powers)] = clean.get(tuple(powers), Fraction(0)) + value
        object.__setattr__(self, "terms", {k: v for k, v in clean.items() if v != 0})

    # -- building ------------------------------------------------------------------------

    @classmethod
    def constant(cls, value: Number, variables: Sequence[str]) -> Polynomial:
        """The polynomial that is just the number ``value``."""
        variables = tuple(variables)
        return cls(variables, {(0,) * len(variables): _as_fraction(value)})

    def _same_variables(self, other: object) -> Polynomial:
        if isinstance(other, Polynomial):
            if other.variables != self.variables:
                raise ValueError(
                    f"cannot combine polynomials in {self.variables} and in {other.variables}; "
                    "make both with the same symbols(...) call"
                )
            return other
        if isinstance(other, (int, float, Fraction)) and not isinstance(other, bool):
            return Polynomial.constant(other, self.variables)
        raise TypeError(f"cannot combine a Polynomial with {type(other).__name__}")

    # -- arithmetic ----------------------------------------------------------------------

    def __add__(self, other: Polynomial | Number) -> Polynomial:
        other = self._same_variables(other)
        summed = dict(self.terms)
        for powers, coefficient in other.terms.items():
            summed[powers] = summed.get(powers, Fraction(0)) + coefficient
        return Polynomial(self.variables, summed)

    __radd__ = __add__

    def __neg__(self) -> Polynomial:
        return Polynomial(self.variables, {k: -v for k, v in self.terms.items()})

    def __sub__(self, other: Polynomial | Number) -> Polynomial:
        return self + (-self._same_variables(other))

    def __rsub__(self, other: Number) -> Polynomial:
        return self._same_variables(other) - self

    def __mul__(self, other: Polynomial | Number) -> Polynomial:
        other = self._same_variables(other)
        product: dict[tuple[int, ...], Fraction] = {}
        for p1, c1 in self.terms.items():
            for p2, c2 in other.terms.items():
                powers = tuple(a + b for a, b in zip(p1, p2))
                product[powers] = product.get(powers, Fraction(0)) + c1 * c2
        return Polynomial(self.variables, product)

    __rmul__ = __mul__

    def __pow__(self, power: int) -> Polynomial:
        if isinstance(power, bool) or not isinstance(power, int) or power < 0:
            raise ValueError(f"a polynomial can only be raised to a whole power 0, 1, 2, ..., got {power!r}")
        result = Polynomial.constant(1, self.variables)
        for _ in range(power):
            result = result * self
        return result

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (int, float, Fraction)) and not isinstance(other, bool):
            other = Polynomial.constant(other, self.variables)
        if not isinstance(other, Polynomial):
            return NotImplemented
        return self.variables == other.variables and dict(self.terms) == dict(other.terms)

    __hash__ = None  # type: ignore[assignment]  # mutable-looking mapping inside; compare, do not hash

    # -- the operations of Appendix A ------------------------------------------------------

    def _index(self, name: str) -> int:
        if name not in self.variables:
            raise ValueError(f"{name!r} is not one of this polynomial's variables {self.variables}")
        return self.variables.index(name)

    def derivative(self, name: str) -> Polynomial:
        """The slope with respect to ``name``, by the power rule, term by term.

        Each term ``a * name**n`` becomes ``n * a * name**(n - 1)``; the other variables
        are held still, exactly like constants, and terms without ``name`` vanish.
        """
        i = self._index(name)
        result: dict[tuple[int, ...], Fraction] = {}
        for powers, coefficient in self.terms.items():
            n = powers[i]
            if n > 0:
                lowered = powers[:i] + (n - 1,) + powers[i + 1:]
                result[lowered] = result.get(lowered, Fraction(0)) + n * coefficient
        return Polynomial(self.variables, result)

    def substitute(self, name: str, value: Polynomial | Number) -> Polynomial:
        """Replace the variable ``name`` everywhere by a number or another polynomial."""
        i = self._index(name)
        replacement = self._same_variables(value)
        result = Polynomial.constant(0, self.variables)
        for powers, coefficient in self.terms.items():
            rest = Polynomial(self.variables, {powers[:i] + (0,) + powers[i + 1:]: coefficient})
            result = result + rest * replacement ** powers[i]
        return result

    def divide_by_term(self, divisor: Polynomial) -> Polynomial:
        """Divide by a single term such as ``2*dx``, exactly; every term must contain it."""
        divisor = self._same_variables(divisor)
        if len(divisor.terms) != 1:
            raise ValueError(f"can only divide by a single term, got {divisor.text()}")
        (d_powers, d_coefficient), = divisor.terms.items()
        result: dict[tuple[int, ...], Fraction] = {}
        for powers, coefficient in self.terms.items():
            lowered = tuple(a - b for a, b in zip(powers, d_powers))
            if any(p < 0 for p in lowered):
                raise ValueError(f"the term {self._term_text(powers, coefficient)} does not contain "
                                 f"{divisor.text()}, so the division does not leave a polynomial")
            result[lowered] = coefficient / d_coefficient
        return Polynomial(self.variables, result)

    def evaluate(self, **values: float | np.ndarray) -> float | np.ndarray:
        """The polynomial's value for numbers (or numpy arrays) given by variable name."""
        missing = [v for v in self.variables if v not in values and self._uses(v)]
        if missing:
            raise ValueError(f"give a value for {', '.join(missing)} to evaluate {self.text()}")
        total: float | np.ndarray = 0.0
        for powers, coefficient in self.terms.items():
            term: float | np.ndarray = float(coefficient)
            for name, power in zip(self.variables, powers):
                if power:
                    term = term * np.asarray(values[name], dtype=float) ** power
            total = total + term
        return float(total) if np.ndim(total) == 0 else total

    def __call__(self, **values: float | np.ndarray) -> float | np.ndarray:
        return self.evaluate(**values)

    def _uses(self, name: str) -> bool:
        i = self.variables.index(name)
        return any(powers[i] for powers in self.terms)

    @property
    def is_zero(self) -> bool:
        return not self.terms

    # -- printing ------------------------------------------------------------------------

    def _ordered(self, order: Sequence[str] | None) -> list[tuple[tuple[int, ...], Fraction]]:
        """Terms as people write them: highest total power first, then variable by variable.

        ``order`` ranks the variables for breaking ties (default: the order of
        ``variables``), so ``(t + dx)**2`` prints as t² + 2tΔx + Δx².
        """
        names = list(order) if order is not None else list(self.variables)
        positions = [self._index(n) for n in names]
        return sorted(self.terms.items(), key=lambda item: (sum(item[0]),) + tuple(item[0][p] for p in positions),
                      reverse=True)

    def split_terms(self, order: Sequence[str] | None = None) -> list[Polynomial]:
        """The terms one by one, as single-term polynomials, in printing order."""
        return [Polynomial(self.variables, {powers: coefficient}) for powers, coefficient in self._ordered(order)]

    def _monomial(self, powers: tuple[int, ...], coefficient: Fraction, latex: bool,
                  names: Mapping[str, str] | None = None) -> tuple[str, str]:
        """(sign, body) of one term: the body has the size of the coefficient and the variables."""
        sign = "-" if coefficient < 0 else "+"
        size = abs(coefficient)
        parts = []
        for name, power in zip(self.variables, powers):
            if power == 0:
                continue
            if names and name in names:
                shown = names[name]
            else:
                shown = (_LATEX_NAMES if latex else _TEXT_NAMES).get(name, name)
            if power == 1:
                parts.append(shown)
            elif latex:
                parts.append(f"{shown}^{{{power}}}")
            else:
                parts.append(shown + str(power).translate(_SUPERSCRIPTS))
        # In maths mode spaces are ignored, so a space safely separates "\Delta x" from "y".
        body = " ".join(parts) if latex else "".join(parts)
        number = _format_fraction(size, latex)
        if not parts:
            return sign, number
        if size == 1:
            return sign, body
        return sign, number + body

    def _term_text(self, powers: tuple[int, ...], coefficient: Fraction) -> str:
        sign, body = self._monomial(powers, coefficient, latex=False)
        return ("−" if sign == "-" else "") + body

    def _join(self, order: Sequence[str] | None, latex: bool, names: Mapping[str, str] | None = None) -> str:
        if not self.terms:
            return "0"
        pieces = []
        for position, (powers, coefficient) in enumerate(self._ordered(order)):
            sign, body = self._monomial(powers, coefficient, latex, names)
            minus = "-" if latex else "−"
            if position == 0:
                pieces.append((minus if sign == "-" else "") + body)
            else:
                pieces.append(f" {minus if sign == '-' else '+'} {body}")
        return "".join(pieces)

    def latex(self, order: Sequence[str] | None = None) -> str:
        """LaTeX for MathJax, e.g. ``3t^{2} + \\Delta x^{2}``. ``order`` ranks the variables for sorting."""
        return self._join(order, latex=True)

    def text(self, order: Sequence[str] | None = None) -> str:
        """Plain Unicode text, e.g. ``3t² + Δx²``."""
        return self._join(order, latex=False)

    def latex_with(self, replacements: Mapping[str, str], order: Sequence[str] | None = None) -> str:
        """LaTeX with some variables printed as given, e.g. ``t`` as ``(t + \\Delta x)``.

        Used to show a function *before* its brackets are multiplied out.
        """
        return self._join(order, latex=True, names=replacements)

    def __repr__(self) -> str:
        return f"Polynomial({self.text()!r} in {self.variables})"


def _format_fraction(value: Fraction, latex: bool) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    if latex:
        return rf"\tfrac{{{value.numerator}}}{{{value.denominator}}}"
    return f"{value.numerator}/{value.denominator}"


def join_terms(parts: Sequence[Polynomial], *, latex: bool = True) -> str:
    """Print a sum of polynomials in the order given (not re-sorted), leaving out zeros.

    Page A.8 differentiates ``2xy + 3x²z + 4z`` term by term and wants the answer in the
    same order as the question, ``2y + 6xz``.
    """
    shown = []
    for part in parts:
        if part.is_zero:
            continue
        piece = part.latex() if latex else part.text()
        minus = "-" if latex else "−"
        if shown:
            piece = f" {minus} {piece[1:]}" if piece.startswith(minus) else f" + {piece}"
        shown.append(piece)
    return "".join(shown) if shown else "0"


def math_inline(latex: str) -> Markdown:
    """Maths for the middle of a sentence (glue it, then ``{glue:md}`name:myst```)."""
    return Markdown(f"${latex}$")


def math_block(latex: str) -> Math:
    """Displayed maths, e.g. a :meth:`SlopeDerivation.latex_steps` block (for ``{glue:math}``)."""
    return Math(latex)


def symbols(names: str) -> tuple[Polynomial, ...]:
    """One polynomial per name, all sharing the same variables: ``t, dx = symbols("t dx")``."""
    variables = tuple(names.split())
    if not variables or len(set(variables)) != len(variables):
        raise ValueError(f"give distinct variable names separated by spaces, got {names!r}")
    result = []
    for i in range(len(variables)):
        powers = tuple(1 if j == i else 0 for j in range(len(variables)))
        result.append(Polynomial(variables, {powers: Fraction(1)}))
    return tuple(result)


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


def readings(speed: Callable[[np.ndarray], np.ndarray], start: float, stop: float,
             step: float) -> tuple[np.ndarray, np.ndarray]:
    """Times from ``start`` to ``stop`` inclusive every ``step`` minutes, and the speeds then."""
    if step <= 0:
        raise ValueError(f"the time step must be positive, got {step}")
    count = int(round((stop - start) / step)) + 1
    times = start + step * np.arange(count)
    return times, np.asarray(speed(times), dtype=float)


def _tidy(value: float) -> str:
    """A reading as a person writes it: 30, 0.5, 2.5 (no needless zeros)."""
    return f"{value:.10g}"


def readings_markdown(times: Sequence[float], speeds: Sequence[float], *,
                      time_label: str = "time (minutes)", speed_label: str = "speed (mph)",
                      time_format: str = "{:g}") -> str:
    """A two-row Markdown table: the times along the top row, the speeds below them."""
    if len(times) != len(speeds):
        raise ValueError(f"got {len(times)} times but {len(speeds)} speeds; give one speed per time")
    top = "| " + time_label + " | " + " | ".join(time_format.format(t) for t in times) + " |"
    rule = "|---|" + "---:|" * len(times)
    bottom = "| " + speed_label + " | " + " | ".join(_tidy(float(s)) for s in speeds) + " |"
    return "\n".join([top, rule, bottom])


# =======================================================================================
# Figures
# =======================================================================================


def _axes(width: float = 6.0, height: float = 3.8) -> tuple[Figure, plt.Axes]:
    """A white figure with one plain set of axes (no top or right frame)."""
    fig, ax = plt.subplots(figsize=(width, height), facecolor="white")
    ax.set_facecolor("white")
    ax.spines[["top", "right"]].set_visible(False)
    return fig, ax


def _speed_axes(ax: plt.Axes, xlabel: str = "time t (minutes)", ylabel: str = "speed s (mph)") -> None:
    ax.set_xlabel(xlabel, fontsize=11)
    ax.set_ylabel(ylabel, fontsize=11)
    ax.tick_params(labelsize=10)


def related_changes_figure() -> Figure:
    """Page A.0: three everyday pairs of things that change together, as sketch graphs.

    Shapes only (no scales): speed rising with time, a plant growing with rainfall and
    levelling off, a spring stretching in proportion to the pull.
    """
    fig, axes = plt.subplots(1, 3, figsize=(7.8, 2.7), facecolor="white")
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
        ax.spines[["top", "right"]].set_visible(False)
        ax.set_facecolor("white")
    fig.tight_layout()
    return fig


def speed_readings_figure(times: Sequence[float], speeds: Sequence[float], formula: str, *,
                          ylim: tuple[float, float] = (0.0, 70.0),
                          curve: Callable[[np.ndarray], np.ndarray] | None = None,
                          label_points: bool = False) -> Figure:
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
    ax.annotate("1 minute", (1.5, s1), xytext=(0, -14), textcoords="offset points", ha="center", fontsize=10,
                color=VERMILLION_TEXT)
    if acceleration:
        ax.annotate(f"+{acceleration:g} mph", (2, (s1 + s2) / 2), xytext=(6, 0), textcoords="offset points",
                    va="center", fontsize=10, color=VERMILLION_TEXT)
    ax.text(0.03, 0.95, f"$s = {start:g} + {acceleration:g}\\,t$", transform=ax.transAxes, fontsize=14,
            color=BLUE, va="top")
    ax.text(0.03, 0.80, rf"$\partial s / \partial t = {acceleration:g}$ mph per minute", transform=ax.transAxes,
            fontsize=12, color=VERMILLION_TEXT, va="top")
    ax.set(xlim=(-0.1, 3.2), ylim=(0, 100))
    _speed_axes(ax)
    fig.tight_layout()
    return fig


def acceleration_slider(values: Sequence[float] | None = None, initial: float = 10.0) -> InteractiveFigure:
    """Turn the acceleration (mph per minute) and watch the line tilt; its slope is ∂s/∂t."""
    values = list(range(0, 21)) if values is None else list(values)

    def alt(a: float) -> str:
        return (f"A straight line of speed against time, starting at 30 mph and rising by {a:g} mph every "
                f"minute to {30 + 3 * a:g} mph at 3 minutes. Its slope is {a:g} mph per minute.")

    def caption(a: float) -> str:
        if a == 0:
            return "Acceleration 0: the speed never changes, the line is flat and ∂s/∂t = <b>0</b>."
        return (f"Acceleration {a:g} mph per minute: s = 30 + {a:g}t, so the slope is "
                f"∂s/∂t = <b>{a:g}</b> at every moment.")

    return InteractiveFigure(values, acceleration_figure, label="acceleration (mph per minute)", alt=alt,
                             caption=caption, value_format="{:g}", initial=initial)


def curve_figure(t_max: float = 8.0) -> Figure:
    """Page A.3: the contrived car ``s = t**2``, with a reading at every whole minute."""
    times, speeds = readings(pedal_down_speed, 0.0, t_max, 1.0)
    fig = speed_readings_figure(times, speeds, "$s = t^2$", ylim=(-2, t_max**2 * 1.12), curve=pedal_down_speed,
                                label_points=True)
    return fig


def _tangent_line(ax: plt.Axes, f: Polynomial, t0: float, half_width: float, colour: str, *,
                  style: str = "-", lw: float = 2.0, label: str | None = None, name: str = "t") -> float:
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
    ax.annotate(f"Δt = {run:g}", (t0 + run / 2, s0), xytext=(0, -16), textcoords="offset points", ha="center",
                fontsize=12, color=ORANGE_TEXT)
    ax.annotate(f"Δs = {rise:g}", (t0 + run, s0 + rise / 2), xytext=(8, 0), textcoords="offset points",
                va="center", fontsize=12, color=ORANGE_TEXT)
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
    ax.annotate("1", (t0 + 0.5, s0), xytext=(0, -13), textcoords="offset points", ha="center", fontsize=10,
                color=ORANGE_TEXT)
    if slope:
        ax.annotate(f"{slope:g}", (t0 + 1, s0 + slope / 2), xytext=(5, 0), textcoords="offset points",
                    va="center", fontsize=10, color=ORANGE_TEXT)
    ax.plot([t0], [s0], "o", color=VERMILLION, mec="black", ms=9, zorder=3)
    ax.text(0.03, 0.95, f"t = {t0:g} min, speed {s0:g} mph", transform=ax.transAxes, fontsize=12, va="top")
    ax.text(0.03, 0.84, f"slope of the tangent: {slope:g} mph per minute", transform=ax.transAxes, fontsize=12,
            va="top", color=VERMILLION_TEXT)
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
        return (f"The curve s = t squared, with a point at t = {t0:g} minutes, speed {t0**2:g} mph, and the "
                f"straight tangent line touching the curve there. The tangent's slope is {slope(t0):g} mph per minute.")

    def caption(t0: float) -> str:
        return (f"At t = {t0:g} minutes the speed is {t0**2:g} mph and the tangent's slope is "
                f"<b>{slope(t0):g} mph per minute</b>: that is how fast the speed is changing right then.")

    return InteractiveFigure(values, tangent_figure, label="time t (minutes)", alt=alt, caption=caption,
                             value_format="{:g}", initial=float(initial))


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
    ax.annotate(f"extent = {b:g} − {a:g} = {b - a:g}", ((a + b) / 2, sa), xytext=(0, -15),
                textcoords="offset points", ha="center", fontsize=11, color=VERMILLION_TEXT)
    ax.annotate(f"height =\n{sb:g} − {sa:g} = {sb - sa:g}", (b, (sa + sb) / 2), xytext=(8, 0),
                textcoords="offset points", ha="left", va="center", fontsize=11, color=VERMILLION_TEXT)
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
    ax.text(0.03, 0.80, f"Δx = {dx:g}\nchord slope   {slope:.4g}\ntangent slope {tangent:g}",
            transform=ax.transAxes, fontsize=12, va="top", family="monospace")
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
        return (f"The curve s = t cubed with a chord from t = {t0 - dx:g} to t = {t0 + dx:g} and the tangent at "
                f"t = {t0:g}. The chord's slope is {slope:.4g}; the tangent's slope is {tangent:g}.")

    def caption(dx: float) -> str:
        slope = central_slope(lambda x: x**3, t0, dx)
        return (f"Δx = {dx:g}: the chord from t = {t0 - dx:g} to t = {t0 + dx:g} has slope "
                f"<b>{slope:.6g}</b>, which is {slope - tangent:.4g} more than the tangent's {tangent:g}.")

    return InteractiveFigure(values, lambda dx: shrinking_gap_figure(dx, t0), label="gap Δx", alt=alt,
                             caption=caption, value_format="{:g}", initial=values[0])


def slope_curve_figure(points: Sequence[float] = (-1.5, -0.75, 0.0, 0.75, 1.5)) -> Figure:
    """Page A.7: ``s = t**3`` with tangents (top) and the power rule's ``3t**2`` (bottom).

    The dots on the bottom curve are slopes measured numerically with a tiny chord at each
    of ``points``: they land on the curve the power rule predicts.
    """
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(6.0, 5.6), sharex=True, facecolor="white")
    cube = _cube()
    t = np.linspace(-2, 2, 200)
    top.plot(t, t**3, color=BLUE, lw=2.2, label="$s = t^3$")
    for t0 in points:
        _tangent_line(top, cube, t0, 0.45, VERMILLION, lw=1.8)
        top.plot([t0], [t0**3], "o", color=VERMILLION, mec="black", ms=6, zorder=3)
    bottom.plot(t, cube.derivative("t").evaluate(t=t), color=GREEN, lw=2.2, label=r"power rule: $3t^2$")
    measured = central_slope(lambda x: x**3, np.asarray(points, dtype=float), 1e-4)
    bottom.plot(points, measured, "s", color=VERMILLION, mec="black", ms=7, zorder=3,
                label="slopes of the tangents above")
    top.set_ylabel("s", fontsize=11)
    bottom.set_ylabel("slope of s", fontsize=11)
    bottom.set_xlabel("t", fontsize=11)
    for ax in (top, bottom):
        ax.spines[["top", "right"]].set_visible(False)
        ax.axhline(0, color=GREY, lw=0.6)
        ax.legend(loc="upper left", fontsize=10, frameon=False)
        ax.set_facecolor("white")
    top.set_ylim(-9, 9)
    bottom.set_ylim(-1, 13)
    fig.tight_layout()
    return fig


def onion_figure(outer: str = "f = y²", inner: str = "y = x³ + x", core: str = "x",
                 outer_slope: str = "∂f/∂y = 2y", inner_slope: str = "∂y/∂x = 3x² + 1") -> Figure:
    """Page A.8: a function of a function drawn as the layers of an onion.

    ``x`` sits at the core, wrapped by the inner function, wrapped by the outer one. Each
    layer is labelled with its own slope; the chain rule multiplies them.
    """
    fig, ax = plt.subplots(figsize=(6.4, 3.9), facecolor="white")
    ax.set_facecolor("white")
    ax.set(xlim=(0, 10), ylim=(0, 6.2), aspect="equal")
    ax.axis("off")
    centre = (3.2, 3.0)
    layers = ((3.0, 2.8, "#FBE3C8", outer), (2.0, 1.85, "#D6EAF5", inner), (0.85, 0.8, "white", core))
    for width, height, colour, _ in layers:
        patch = FancyBboxPatch((centre[0] - width, centre[1] - height), 2 * width, 2 * height,
                               boxstyle=f"round,pad=0,rounding_size={min(width, height) * 0.9}",
                               facecolor=colour, edgecolor="#555555", lw=1.5)
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
        arrow = FancyArrowPatch((centre[0] + 1.0, y_from - 0.45), (6.6, y_to), arrowstyle="-|>",
                                mutation_scale=12, color=colour, lw=1.2, connectionstyle="arc3,rad=-0.15")
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
    ax.text(0.5, 0.97, f"x = {x0:.1f}\nslope by the chain rule {chain:8.4f}\nslope of a tiny chord   {measured:8.4f}",
            transform=ax.transAxes, fontsize=11, va="top", ha="center", family="monospace")
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
        return (f"The curve f = (x cubed + x) squared with its tangent at x = {x0:.1f}. The chain rule gives a "
                f"slope of {chain:.4f}; a tiny chord measures {measured:.4f}.")

    def caption(x0: float) -> str:
        chain, measured = numbers(x0)
        return (f"x = {x0:.1f}: the chain rule says the slope is <b>{chain:.4f}</b>; a chord only 0.001 either side "
                f"measures {measured:.4f}. They differ by {abs(chain - measured):.1e}.")

    return InteractiveFigure(values, chain_rule_figure, label="x", alt=alt, caption=caption,
                             value_format="{:.1f}", initial=float(initial))
