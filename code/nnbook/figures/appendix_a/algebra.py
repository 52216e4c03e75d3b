"""Appendix A's exact algebra: polynomials that print as the pages write them, and their slopes."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from numbers import Rational, Real

import numpy as np
from IPython.display import Markdown, Math

__all__ = [
    "Polynomial",
    "symbols",
    "join_terms",
    "math_inline",
    "math_block",
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
                lowered = powers[:i] + (n - 1,) + powers[i + 1 :]
                result[lowered] = result.get(lowered, Fraction(0)) + n * coefficient
        return Polynomial(self.variables, result)

    def substitute(self, name: str, value: Polynomial | Number) -> Polynomial:
        """Replace the variable ``name`` everywhere by a number or another polynomial."""
        i = self._index(name)
        replacement = self._same_variables(value)
        result = Polynomial.constant(0, self.variables)
        for powers, coefficient in self.terms.items():
            rest = Polynomial(self.variables, {powers[:i] + (0,) + powers[i + 1 :]: coefficient})
            result = result + rest * replacement ** powers[i]
        return result

    def divide_by_term(self, divisor: Polynomial) -> Polynomial:
        """Divide by a single term such as ``2*dx``, exactly; every term must contain it."""
        divisor = self._same_variables(divisor)
        if len(divisor.terms) != 1:
            raise ValueError(f"can only divide by a single term, got {divisor.text()}")
        ((d_powers, d_coefficient),) = divisor.terms.items()
        result: dict[tuple[int, ...], Fraction] = {}
        for powers, coefficient in self.terms.items():
            lowered = tuple(a - b for a, b in zip(powers, d_powers))
            if any(p < 0 for p in lowered):
                raise ValueError(
                    f"the term {self._term_text(powers, coefficient)} does not contain "
                    f"{divisor.text()}, so the division does not leave a polynomial"
                )
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
        return sorted(
            self.terms.items(), key=lambda item: (sum(item[0]),) + tuple(item[0][p] for p in positions), reverse=True
        )

    def split_terms(self, order: Sequence[str] | None = None) -> list[Polynomial]:
        """The terms one by one, as single-term polynomials, in printing order."""
        return [Polynomial(self.variables, {powers: coefficient}) for powers, coefficient in self._ordered(order)]

    def _monomial(
        self, powers: tuple[int, ...], coefficient: Fraction, latex: bool, names: Mapping[str, str] | None = None
    ) -> tuple[str, str]:
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
