"""The tiny models of Part 1 reproduce the worked examples of the text."""

from __future__ import annotations

import numpy as np
import pytest

from nnbook.simple_models import (
    CATERPILLAR,
    LADYBIRD,
    classify_by_line,
    make_bugs,
    miles_error,
    predict_miles,
    train_slope,
)


@pytest.mark.parametrize("c, miles, error", [(0.5, 50, 12.137), (0.6, 60, 2.137), (0.7, 70, -7.863), (0.61, 61, 1.137)])
def test_km_to_miles_worked_examples(c: float, miles: float, error: float) -> None:
    assert predict_miles(100, c) == pytest.approx(miles)
    assert miles_error(c) == pytest.approx(error)


def test_dividing_line_sides() -> None:
    said = classify_by_line(np.array([3.0, 1.0]), np.array([1.0, 3.0]), slope=1.0)
    assert list(said) == [LADYBIRD, CATERPILLAR]


def test_made_up_bugs_are_split_by_y_equals_x_and_not_by_the_bad_lines() -> None:
    bugs = make_bugs()
    assert len(bugs.kinds) == 20
    wrong = lambda slope: int(np.sum(classify_by_line(bugs.widths, bugs.lengths, slope) != bugs.kinds))
    assert wrong(1.0) == 0
    assert wrong(0.1) == 10  # below every bug: all called caterpillars
    assert wrong(3.0) > 0  # through the caterpillars


EXAMPLES = [(3.0, 1.0, LADYBIRD), (1.0, 3.0, CATERPILLAR)]


def test_classifier_training_without_learning_rate() -> None:
    first, second = train_slope(0.25, EXAMPLES, learning_rate=1.0)
    assert (first.output, first.target) == (pytest.approx(0.75), pytest.approx(1.1))
    assert first.error == pytest.approx(0.35)
    assert first.delta == pytest.approx(0.1167, abs=1e-4)
    assert first.slope == pytest.approx(0.3667, abs=1e-4)
    assert second.target == pytest.approx(2.9)
    assert second.error == pytest.approx(2.5333, abs=1e-4)
    assert second.slope == pytest.approx(2.9)


def test_classifier_training_with_learning_rate_half_gives_the_corrected_value() -> None:
    first, second = train_slope(0.25, EXAMPLES, learning_rate=0.5)
    assert first.delta == pytest.approx(0.0583, abs=1e-4)
    assert first.slope == pytest.approx(0.3083, abs=1e-4)
    assert second.error == pytest.approx(2.5917, abs=1e-4)
    assert second.delta == pytest.approx(1.2958, abs=1e-4)
    assert second.slope == pytest.approx(1.6042, abs=1e-4)  # the source prints 0.6042, an erratum
