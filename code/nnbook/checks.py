"""The two argument checks every engine function shares: counts and sizes.

A count (epochs, hidden nodes, records) must be a real whole number: ``True`` is not 1
and ``2.0`` is not 2, because a float where a count belongs is nearly always a mistake
(a learning rate passed in the wrong place) that would otherwise be silently accepted.
A size (a learning rate, a deadline) must be a finite number above zero: NaN or
infinity would not fail at once, but ruin every result that follows.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

__all__ = ["positive_number", "whole_number"]


def whole_number(value: object, name: str, *, minimum: int = 1) -> int:
    """``value`` as an ``int`` if it is a whole number of at least ``minimum``; else ``ValueError``.

    Python and numpy integers are accepted; ``bool``, floats (even ``3.0``) and text are
    not. The message names the argument: ``"epochs must be a whole number >= 1, got 0"``.
    """
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"{name} must be a whole number >= {minimum}, got {value!r}")
    return int(value)


def positive_number(value: object, name: str) -> float:
    """``value`` as a ``float`` if it is a finite real number above zero; else ``ValueError``.

    ``bool`` is refused (``True`` is not a learning rate of 1.0), as are NaN, infinities,
    zero, negative numbers and text.
    """
    if (
        isinstance(value, (bool, np.bool_))
        or not isinstance(value, numbers.Real)
        or not math.isfinite(value)
        or value <= 0
    ):
        raise ValueError(f"{name} must be a finite number above 0, got {value!r}")
    return float(value)
