"""The sigmoid, its slope and its inverse: the one copy the whole package uses.

Every page that squashes a signal, from the single neuron of Part 1 to the back query
of Part 3, calls these three functions, so a number printed on one page always agrees
with the same number computed on another.

What the computer really gives back. On paper the sigmoid never reaches 0 or 1. A
computer keeps only so many digits, so far enough out it rounds to exactly 0.0 or
1.0 (measured with :func:`scipy.special.expit`, which does the work here):

============  ==========================  ==========================
number type   exactly 1.0 from about      exactly 0.0 from about
============  ==========================  ==========================
float64       x = 36.74                   x = -709.78
float32       x = 16.64                   x = -88.72
============  ==========================  ==========================

So ``sigmoid(1000)`` is 1.0 and ``sigmoid(-1000)`` is 0.0 in both types. ``expit``
gets there without a warning; the textbook formula ``1 / (1 + np.exp(-x))`` gives
the same numbers but warns that ``exp`` overflowed on the way. A node that outputs
exactly 0 or 1 has slope 0 and stops learning, which is one reason the book keeps
its targets inside 0.01..0.99.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike
from scipy.special import expit
from scipy.special import logit as _scipy_logit

__all__ = ["sigmoid", "sigmoid_slope", "logit"]


def sigmoid(x: ArrayLike) -> float | np.ndarray:
    """The logistic function ``1 / (1 + e**-x)``, element by element; ``sigmoid(0) == 0.5``.

    A single number in gives a Python ``float`` out (so it prints and glues like
    one); a list or array gives an array. float32 arrays stay float32, anything
    else is computed in float64. Mathematically every output lies strictly
    between 0 and 1; in floating point very large inputs round to exactly 0.0 or
    1.0 (see the table at the top of this module).
    """
    result = expit(_as_floats(x))
    return float(result) if np.ndim(result) == 0 else result


def sigmoid_slope(x: ArrayLike) -> float | np.ndarray:
    """The slope of the sigmoid at ``x``: ``sigmoid(x) * (1 - sigmoid(x))``, largest (0.25) at 0.

    This factor sits in every weight update, so where it is tiny (far from 0, the
    node "saturated") the weight hardly moves. Where the sigmoid has rounded to
    exactly 0.0 or 1.0 the slope is exactly 0.0.
    """
    s = sigmoid(x)
    return s * (1.0 - s)


def logit(y: ArrayLike) -> float | np.ndarray:
    """The inverse of :func:`sigmoid`: ``ln(y / (1 - y))``, the input that makes ``sigmoid(x) == y``.

    Only defined strictly between 0 and 1 (the sigmoid never reaches either end), so
    anything else, NaN included, is refused with a ``ValueError`` instead of
    quietly becoming infinity or NaN. Computed in float64; a single number in gives
    a Python ``float`` out.
    """
    values = np.asarray(y, dtype=np.float64)
    inside = (values > 0.0) & (values < 1.0)
    if not np.all(inside):
        bad = values[~inside].ravel()[0]
        raise ValueError(
            f"logit needs values strictly between 0 and 1 (the sigmoid never reaches 0 or 1), got {bad!r}; "
            "rescale the values first, or choose targets such as 0.01 and 0.99 instead of 0 and 1"
        )
    result = _scipy_logit(values)
    return float(result) if np.ndim(result) == 0 else result


def _as_floats(x: ArrayLike) -> np.ndarray:
    """``x`` as an array of floats: float32 and float64 kept as they are, everything else float64."""
    values = np.asarray(x)
    if values.dtype in (np.float32, np.float64):
        return values
    return values.astype(np.float64)
