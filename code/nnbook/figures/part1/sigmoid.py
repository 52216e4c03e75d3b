"""The sigmoid, its slope and its inverse, as Part 1's last pages compute them."""

from __future__ import annotations

import numpy as np

# ---------------------------------------------------------------------------------------
# The sigmoid and its slope
# ---------------------------------------------------------------------------------------


def sigmoid(x: float | np.ndarray) -> float | np.ndarray:
    """The logistic function 1 / (1 + e^-x): squashes any number into the range (0, 1)."""
    result = 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=float)))
    return float(result) if np.ndim(result) == 0 else result


def sigmoid_slope(x: float | np.ndarray) -> float | np.ndarray:
    """The slope of the sigmoid at x, sigma(x) * (1 - sigma(x)); largest (0.25) at x = 0.

    This factor appears in every weight update, so where it is tiny the weight hardly moves.
    """
    s = sigmoid(x)
    return s * (1.0 - s)


def logit(y: float | np.ndarray) -> float | np.ndarray:
    """The inverse of the sigmoid: the combined input x that makes sigma(x) = y, for 0 < y < 1."""
    y_arr = np.asarray(y, dtype=float)
    if np.any((y_arr <= 0.0) | (y_arr >= 1.0)):
        raise ValueError(f"the sigmoid only reaches values strictly between 0 and 1, got {y}; "
                         "choose targets such as 0.01 or 0.99 instead of 0 or 1")
    result = np.log(y_arr / (1.0 - y_arr))
    return float(result) if np.ndim(result) == 0 else result


# ---------------------------------------------------------------------------------------
