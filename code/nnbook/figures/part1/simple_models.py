"""The tiny models of Part 1: a kilometres-to-miles predictor and a bug classifier.

They are small enough to work out by hand, which is the point: the pages use them to
compute (and glue) every number they quote, and the tests check those numbers against
the worked examples of the text. The seven big numbers of the "race the computer" game
on the first page of Part 1 live here too, for the same reason.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MILES_PER_KM = 0.621371  # the true conversion factor, for a margin note
TRUTH_KM = 100.0  # the one known true example: 100 km ...
TRUTH_MILES = 62.137  # ... is 62.137 miles

LADYBIRD, CATERPILLAR = "ladybird", "caterpillar"

# Seven 16-digit numbers for the reader to add up against the computer (page 1.1).
RACE_NUMBERS: tuple[int, ...] = (
    2403343781289312,
    2843033712837981,
    2362142787897881,
    3256541312323213,
    9864479802118978,
    8976677987987897,
    8981257890087988,
)

# The two training examples of "Training a simple classifier": (width, length, kind), in cm.
TWO_BUGS: tuple[tuple[float, float, str], ...] = ((3.0, 1.0, LADYBIRD), (1.0, 3.0, CATERPILLAR))


def add_exactly(numbers: tuple[int, ...] = RACE_NUMBERS) -> int:
    """The exact sum of whole numbers of any size.

    Python's integers never round, so the 17-digit total of the race is exact; a sum in
    floating point (``float`` or a numpy array) would lose the last digits.
    """
    if not all(isinstance(n, int) for n in numbers):
        raise TypeError("add_exactly expects whole numbers (int); convert text with int() first")
    return sum(numbers)


def predict_miles(km: float | np.ndarray, c: float) -> float | np.ndarray:
    """The predicting machine: miles = kilometres x c, for a guessed constant ``c``."""
    return km * c


def miles_error(c: float, km: float = TRUTH_KM, true_miles: float = TRUTH_MILES) -> float:
    """Error = truth - calculated. Positive: the guess is too small; negative: it overshoots."""
    return true_miles - predict_miles(km, c)


@dataclass(frozen=True)
class Bugs:
    """Measured garden bugs: widths and lengths in centimetres, and what each bug really is."""

    widths: np.ndarray
    lengths: np.ndarray
    kinds: np.ndarray  # strings: LADYBIRD or CATERPILLAR


def make_bugs(n_each: int = 10, seed: int = 7) -> Bugs:
    """An illustrative, seeded set of bugs: wide short ladybirds and thin long caterpillars.

    These are invented measurements (the book has none), drawn so that the line y = x
    separates the two kinds cleanly and steep or flat lines do not.
    """
    rng = np.random.default_rng(seed)
    ladybird_w = rng.normal(3.0, 0.3, n_each)
    ladybird_l = rng.normal(1.0, 0.2, n_each)
    caterpillar_w = rng.normal(1.0, 0.2, n_each)
    caterpillar_l = rng.normal(3.0, 0.3, n_each)
    kinds = np.array([LADYBIRD] * n_each + [CATERPILLAR] * n_each)
    return Bugs(
        widths=np.round(np.concatenate([ladybird_w, caterpillar_w]), 2),
        lengths=np.round(np.concatenate([ladybird_l, caterpillar_l]), 2),
        kinds=kinds,
    )


def classify_by_line(widths: np.ndarray, lengths: np.ndarray, slope: float) -> np.ndarray:
    """Which side of the dividing line y = slope * x each bug falls on.

    Above the line (longer than the line at that width) reads as a caterpillar, below as a
    ladybird.
    """
    above = np.asarray(lengths) > slope * np.asarray(widths)
    return np.where(above, CATERPILLAR, LADYBIRD)


def count_wrong_side(bugs: Bugs, slope: float) -> int:
    """How many bugs the line y = slope * x puts on the wrong side (0 means a perfect split)."""
    return int(np.sum(classify_by_line(bugs.widths, bugs.lengths, slope) != bugs.kinds))


def separating_slopes(widths: np.ndarray, lengths: np.ndarray, kinds: np.ndarray) -> tuple[float, float]:
    """The range of slopes A for which y = A x puts every bug on its own side.

    A ladybird (width w, length l) sits below the line when A > l / w, and a caterpillar
    above it when A < l / w. So every slope strictly between the steepest ladybird and the
    flattest caterpillar works. Returns that open interval (low, high), unitless (cm per cm).
    """
    widths, lengths, kinds = np.asarray(widths, float), np.asarray(lengths, float), np.asarray(kinds)
    if np.any(widths <= 0):
        raise ValueError("every width must be positive: a line through the origin cannot sort a bug at width 0")
    ratios = lengths / widths
    ladybirds, caterpillars = ratios[kinds == LADYBIRD], ratios[kinds == CATERPILLAR]
    if ladybirds.size == 0 or caterpillars.size == 0:
        raise ValueError("need at least one ladybird and one caterpillar to find a dividing line")
    low, high = float(ladybirds.max()), float(caterpillars.min())
    if low >= high:
        raise ValueError(
            f"no line through the origin separates these bugs: a ladybird needs a slope above "
            f"{low:.3f} but a caterpillar needs one below {high:.3f}"
        )
    return low, high


@dataclass(frozen=True)
class SlopeStep:
    """One training update of the dividing line y = A x, with every number of the text."""

    x: float  # the example's width
    output: float  # y = A x before the update
    target: float  # where we want the line to pass at x
    error: float  # E = target - output
    delta: float  # the change to A: learning_rate * E / x
    slope: float  # A after the update


def train_slope(
    slope: float,
    examples: list[tuple[float, float, str]],
    learning_rate: float = 1.0,
    margin: float = 0.1,
) -> list[SlopeStep]:
    """Update the slope A of y = A x once per example, as in "Training a simple classifier".

    Each example is (width, length, kind). The target sits just past the example, on the
    side where its kind belongs: ``margin`` above a ladybird, ``margin`` below a caterpillar.
    The update is delta A = learning_rate * E / x.
    """
    steps = []
    for width, length, kind in examples:
        output = slope * width
        target = length + margin if kind == LADYBIRD else length - margin
        error = target - output
        delta = learning_rate * error / width
        slope = slope + delta
        steps.append(SlopeStep(width, output, target, error, delta, slope))
    return steps
