"""The tiny models of Part 1 reproduce the worked examples of the text."""

from __future__ import annotations

import numpy as np
import pytest

from nnbook.figures.part1.simple_models import (
    CATERPILLAR,
    LADYBIRD,
    MILES_PER_KM,
    RACE_NUMBERS,
    TWO_BUGS,
    add_exactly,
    classify_by_line,
    count_wrong_side,
    make_bugs,
    miles_error,
    predict_miles,
    separating_slopes,
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

    def wrong(slope: float) -> int:
        return int(np.sum(classify_by_line(bugs.widths, bugs.lengths, slope) != bugs.kinds))

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


# --- 1.1 Easy for me, hard for you ----------------------------------------------------------


def test_race_numbers_are_seven_sixteen_digit_numbers_with_the_known_total() -> None:
    assert len(RACE_NUMBERS) == 7
    assert all(len(str(n)) == 16 for n in RACE_NUMBERS)
    assert add_exactly() == 38_687_477_274_543_250  # the total quoted by the curriculum


def test_exact_sum_keeps_every_digit_where_floating_point_rounds() -> None:
    exact = add_exactly(RACE_NUMBERS)
    assert exact % 10 == 0 and exact % 1000 == 250  # the last digits survive
    assert int(sum(float(n) for n in RACE_NUMBERS)) != exact  # a float sum loses them


def test_add_exactly_refuses_numbers_that_are_not_whole() -> None:
    with pytest.raises(TypeError, match="int"):
        add_exactly((1, 2.5))


# --- 1.2 exercises --------------------------------------------------------------------------


def test_predicting_machine_exercise_answers() -> None:
    assert predict_miles(100, 0.65) == pytest.approx(65)
    assert miles_error(0.65) == pytest.approx(-2.863)  # 62.137 - 65: an overshoot
    assert predict_miles(42.195, MILES_PER_KM) == pytest.approx(26.2187, abs=1e-4)  # a marathon in miles
    assert 62.137 / 100 == pytest.approx(MILES_PER_KM, abs=1e-5)  # the truth example agrees with the factor


# --- 1.3 Classifying is predicting ----------------------------------------------------------


def test_count_wrong_side_on_two_hand_placed_bugs() -> None:
    from nnbook.figures.part1.simple_models import Bugs

    two = Bugs(widths=np.array([3.0, 1.0]), lengths=np.array([1.0, 3.0]), kinds=np.array([LADYBIRD, CATERPILLAR]))
    assert count_wrong_side(two, 1.0) == 0
    assert count_wrong_side(two, 0.25) == 1  # the ladybird is above the line
    assert count_wrong_side(two, 5.0) == 1  # the caterpillar is below the line
    assert count_wrong_side(two, 0.25) == count_wrong_side(two, 0.2)


def test_separating_slopes_for_two_bugs_are_one_third_to_three() -> None:
    low, high = separating_slopes(np.array([3.0, 1.0]), np.array([1.0, 3.0]), np.array([LADYBIRD, CATERPILLAR]))
    assert (low, high) == (pytest.approx(1 / 3), pytest.approx(3.0))


def test_separating_slopes_of_the_made_up_bugs_split_them_and_nothing_outside_does() -> None:
    bugs = make_bugs()
    low, high = separating_slopes(bugs.widths, bugs.lengths, bugs.kinds)
    for slope in np.linspace(low, high, 12)[1:-1]:
        assert count_wrong_side(bugs, slope) == 0
    assert count_wrong_side(bugs, low - 0.01) > 0
    assert count_wrong_side(bugs, high + 0.01) > 0


def test_separating_slopes_explains_impossible_and_bad_input() -> None:
    with pytest.raises(ValueError, match="no line through the origin"):
        separating_slopes(np.array([1.0, 1.0]), np.array([3.0, 1.0]), np.array([LADYBIRD, CATERPILLAR]))
    with pytest.raises(ValueError, match="at least one ladybird and one caterpillar"):
        separating_slopes(np.array([1.0]), np.array([3.0]), np.array([CATERPILLAR]))
    with pytest.raises(ValueError, match="width must be positive"):
        separating_slopes(np.array([0.0, 1.0]), np.array([1.0, 3.0]), np.array([LADYBIRD, CATERPILLAR]))


# --- 1.4 Training a simple classifier: the page's other numbers and its exercises -----------


def test_two_bugs_are_the_training_examples_of_the_text() -> None:
    assert list(TWO_BUGS) == EXAMPLES


def test_printed_slope_comes_from_a_target_of_point_nine() -> None:
    first, _ = train_slope(0.25, EXAMPLES, learning_rate=0.5)
    printed = first.slope + 0.5 * (0.9 - first.slope * 1.0) / 1.0
    assert printed == pytest.approx(0.6042, abs=1e-4)


def test_learning_rate_half_final_line_splits_both_examples() -> None:
    *_, last = train_slope(0.25, EXAMPLES, learning_rate=0.5)
    assert last.slope * 3.0 == pytest.approx(4.8125)  # far above the ladybird at length 1
    assert last.slope * 1.0 == pytest.approx(1.6042, abs=1e-4)  # well below the caterpillar at length 3


def test_full_update_forgets_the_start() -> None:
    for start in (0.0, 0.25, 2.0, 10.0):
        first, second = train_slope(start, EXAMPLES, learning_rate=1.0)
        assert first.slope == pytest.approx(1.1 / 3.0)
        assert second.slope == pytest.approx(2.9)


def test_exercise_higher_target() -> None:
    (step,) = train_slope(0.25, EXAMPLES[:1], learning_rate=1.0, margin=0.2)
    assert (step.target, step.error, step.delta, step.slope) == (
        pytest.approx(1.2),
        pytest.approx(0.45),
        pytest.approx(0.15),
        pytest.approx(0.4),
    )


def test_exercise_second_pass_with_half_learning_rate() -> None:
    # Worked by hand: A = 1.604167; y(3) = 4.8125, E = -3.7125, dA = -0.61875 -> 0.985417;
    # y(1) = 0.985417, E = 1.914583, dA = 0.957292 -> 1.942708.
    first, second = train_slope(1.6041667, EXAMPLES, learning_rate=0.5)
    assert first.slope == pytest.approx(0.985417, abs=1e-5)
    assert second.slope == pytest.approx(1.942708, abs=1e-5)


@pytest.mark.parametrize("rate", [1.0, 0.5, 0.1])
def test_many_passes_swing_between_the_fixed_points(rate: float) -> None:
    # Per pass: A -> (1 - L) A + L a after the ladybird (a = 1.1 / 3, its target slope), then
    # A -> (1 - L) A + L b after the caterpillar (b = 2.9). After many passes the slope after the
    # caterpillar is the fixed point of the combined map, worked out by hand:
    # B = ((1 - L) L a + L b) / (1 - (1 - L)^2), and the slope after the ladybird is (1 - L) B + L a.
    a, b = 1.1 / 3, 2.9
    after_caterpillar = ((1 - rate) * rate * a + rate * b) / (1 - (1 - rate) ** 2)
    after_ladybird = (1 - rate) * after_caterpillar + rate * a
    last_two = train_slope(0.25, EXAMPLES * 50, learning_rate=rate)[-2:]
    assert last_two[0].slope == pytest.approx(after_ladybird, abs=1e-4)  # 0.81 ** 50 of the gap is left at L = 0.1
    assert last_two[1].slope == pytest.approx(after_caterpillar, abs=1e-4)
    if rate == 0.5:
        assert (after_ladybird, after_caterpillar) == (pytest.approx(1.2111, abs=1e-4), pytest.approx(2.0556, abs=1e-4))
