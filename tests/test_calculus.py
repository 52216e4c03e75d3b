"""Appendix A's algebra, checked against plain numerical slopes and hand-worked results."""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from nnbook.figures.appendix_a import graphs, slopes
from nnbook.figures.appendix_a.algebra import Polynomial, join_terms, symbols
from nnbook.figures.appendix_a.slopes import (
    central_slope,
    chain_rule,
    readings,
    readings_markdown,
    symmetric_slope,
    triangle_slope,
)

RNG = np.random.default_rng(20240601)


def numeric_slope(f, point: dict[str, float], name: str, h: float = 1e-5) -> float:
    """Slope of a polynomial along one variable by a tiny central difference (independent of the algebra)."""
    up = dict(point, **{name: point[name] + h})
    down = dict(point, **{name: point[name] - h})
    return (f.evaluate(**up) - f.evaluate(**down)) / (2 * h)


# ---------------------------------------------------------------------------- the algebra


def test_expanding_brackets_agrees_with_arithmetic() -> None:
    t, dx = symbols("t dx")
    square = (t + dx) ** 2
    assert square == t**2 + 2 * t * dx + dx**2
    for a, b in RNG.uniform(-3, 3, size=(5, 2)):
        assert ((t - dx) ** 3).evaluate(t=a, dx=b) == pytest.approx((a - b) ** 3)


def test_printing_as_text_and_latex() -> None:
    t, dx = symbols("t dx")
    slope = t**2 * 3 + dx**2
    assert slope.text() == "3t² + Δx²"
    assert slope.latex() == r"3t^{2} + \Delta x^{2}"
    assert ((t + dx) ** 2).text() == "t² + 2tΔx + Δx²"
    assert (t - 7).text() == "t − 7"
    assert (-t).latex() == "-t"
    assert Polynomial.constant(0, ("t",)).text() == "0"


def test_join_terms_keeps_the_given_order_and_drops_zeros() -> None:
    (t,) = symbols("t")
    assert join_terms([2 * t, t - t, -3 + 0 * t], latex=False) == "2t − 3"
    assert join_terms([t - t]) == "0"


@pytest.mark.parametrize(
    "make, expected",
    [
        (lambda t: t**4, lambda t: 4 * t**3),
        (lambda t: t**7, lambda t: 7 * t**6),
        (lambda t: t, lambda t: 1 + 0 * t),
        (lambda t: 2 * t**5, lambda t: 10 * t**4),
        (lambda t: 6 * t**5 + 4 * t**3 + 9, lambda t: 30 * t**4 + 12 * t**2),
        (lambda t: t + 7, lambda t: 1 + 0 * t),
        (lambda t: 5 + 0 * t, lambda t: 0 * t),
    ],
)
def test_power_rule_examples(make, expected) -> None:
    (t,) = symbols("t")
    assert make(t).derivative("t") == expected(t)


def test_power_rule_matches_numerical_slopes_for_a_random_polynomial() -> None:
    (t,) = symbols("t")
    coefficients = RNG.integers(-5, 6, size=6)
    s = sum(int(c) * t**n for n, c in enumerate(coefficients))
    slope = s.derivative("t")
    for point in RNG.uniform(-2, 2, size=5):
        assert slope.evaluate(t=point) == pytest.approx(numeric_slope(s, {"t": point}, "t"), rel=1e-6, abs=1e-6)


def test_substitute_and_divide() -> None:
    x, y = symbols("x y")
    assert (y**2).substitute("y", x**3 + x) == x**6 + 2 * x**4 + x**2
    assert (4 * x * y + 4 * y).divide_by_term(2 * y) == 2 * x + 2
    with pytest.raises(ValueError, match="does not contain"):
        (x + y).divide_by_term(2 * y)
    with pytest.raises(ValueError, match="single term"):
        x.divide_by_term(x + y)


def test_helpful_errors() -> None:
    (t,) = symbols("t")
    (u,) = symbols("u")
    with pytest.raises(ValueError, match="same symbols"):
        t + u
    with pytest.raises(ValueError, match="whole power"):
        t**-1
    with pytest.raises(ValueError, match="not one of"):
        t.derivative("x")
    with pytest.raises(ValueError, match="give a value for t"):
        (t + 1).evaluate()
    with pytest.raises(ValueError, match="distinct"):
        symbols("t t")


# ---------------------------------------------------------------------------- the worked examples


def test_hand_drawn_triangle_at_six_minutes() -> None:
    assert triangle_slope(9.6, 0.8) == pytest.approx(12.0)
    assert 2 * 6 == pytest.approx(triangle_slope(9.6, 0.8))  # the true slope of t² at 6 is 12
    with pytest.raises(ValueError):
        triangle_slope(1.0, 0.0)


def test_chord_around_three_minutes() -> None:
    assert central_slope(slopes.pedal_down_speed, 3.0, 2.0) == pytest.approx(6.0)
    # For t² every symmetric chord around 3 has slope exactly 6 (the developer note of A.5)...
    for dx in (2.0, 1.0, 0.5, 0.1):
        assert central_slope(slopes.pedal_down_speed, 3.0, dx) == pytest.approx(6.0)
    # ...while for t³ the slope is 27 + dx², closing in on 27.
    for dx in (2.0, 1.0, 0.5, 0.1):
        assert central_slope(lambda t: t**3, 3.0, dx) == pytest.approx(27 + dx**2)


@pytest.mark.parametrize(
    "make, slope_text, limit_text",
    [
        (lambda t: t**2, "2t", "2t"),
        (lambda t: t**2 + 2 * t, "2t + 2", "2t + 2"),
        (lambda t: t**3, "3t² + Δx²", "3t²"),
    ],
)
def test_symmetric_slope_derivations(make, slope_text, limit_text) -> None:
    t, dx = symbols("t dx")
    s = make(t)
    work = symmetric_slope(s)
    assert work.slope.text() == slope_text
    assert work.limit.text() == limit_text
    assert work.extent == 2 * dx
    # Independent check: the algebra's chord slope equals the arithmetic one for any t and dx.
    f = lambda v: s.evaluate(t=v)  # noqa: E731
    for a, b in RNG.uniform(0.1, 4, size=(4, 2)):
        assert work.slope.evaluate(t=a, dx=b) == pytest.approx(central_slope(f, a, b))
        assert work.limit.evaluate(t=a) == pytest.approx(numeric_slope(s, {"t": a, "dx": 0.0}, "t"), rel=1e-6)
    steps = work.latex_steps()
    assert steps.startswith(r"\begin{aligned}") and work.slope.latex() in steps


def test_t_squared_height_and_values_from_the_page() -> None:
    t, dx = symbols("t dx")
    work = symmetric_slope(t**2)
    assert work.height == 4 * t * dx
    assert [work.limit.evaluate(t=v) for v in (3, 6, 100)] == [6, 12, 200]


def test_chain_rule_example_and_its_expansion_check() -> None:
    x, y = symbols("x y")
    work = chain_rule(y**2, x**3 + x)
    assert work.outer_slope == 2 * y
    assert work.inner_slope == 3 * x**2 + 1
    assert work.composed == x**6 + 2 * x**4 + x**2
    assert work.chained == work.direct == 6 * x**5 + 8 * x**3 + 2 * x
    assert work.factored_text() == "2(x³ + x)(3x² + 1)"
    # The naive answer 2(x³ + x) is wrong: it misses the inner slope.
    assert work.outer_slope.substitute("y", x**3 + x) != work.direct
    for point in RNG.uniform(-1.5, 1.5, size=5):
        assert work.chained.evaluate(x=point) == pytest.approx(
            numeric_slope(work.composed, {"x": point, "y": 0.0}, "x"), rel=1e-6
        )


def test_a_constant_inner_slope_is_folded_in() -> None:
    x, y = symbols("x y")
    work = chain_rule(y**3, 2 * x + 1)
    assert work.factored_text() == "6(2x + 1)²"
    assert work.factored_latex() == "6(2x + 1)^{2}"
    assert work.chained.evaluate(x=0.0) == 6


def test_independent_variables_act_as_constants() -> None:
    x, y, z = symbols("x y z")
    f = 2 * x * y + 3 * x**2 * z + 4 * z
    slope = f.derivative("x")
    assert slope == 2 * y + 6 * x * z
    assert join_terms([term.derivative("x") for term in (2 * x * y, 3 * x**2 * z, 4 * z)], latex=False) == "2y + 6xz"
    for a, b, c in RNG.uniform(-2, 2, size=(4, 3)):
        assert slope.evaluate(x=a, y=b, z=c) == pytest.approx(numeric_slope(f, {"x": a, "y": b, "z": c}, "x"), rel=1e-6)


def test_speedometer_readings() -> None:
    times, speeds = readings(slopes.steady_acceleration_speed, 0.0, 3.0, 0.5)
    assert list(times) == [0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0]
    assert list(speeds) == [30, 35, 40, 45, 50, 55, 60]
    _, curve = readings(slopes.pedal_down_speed, 0, 8, 1)
    assert list(curve) == [n * n for n in range(9)]
    assert set(slopes.cruising_speed(times)) == {30.0}
    table = readings_markdown(times, speeds)
    rows = table.splitlines()
    assert len(rows) == 3 and rows[0].count("|") == rows[2].count("|") == 9
    assert "| 60 |" in rows[2] and "| 2.5 |" in rows[0]
    with pytest.raises(ValueError, match="one speed per time"):
        readings_markdown([1, 2], [3])


# ---------------------------------------------------------------------------- figures and sliders


@pytest.mark.parametrize(
    "draw",
    [
        graphs.related_changes_figure,
        graphs.curve_figure,
        graphs.tangents_figure,
        graphs.hand_triangle_figure,
        graphs.chord_figure,
        graphs.shrinking_chords_figure,
        graphs.slope_curve_figure,
        graphs.onion_figure,
        lambda: graphs.acceleration_figure(10),
        lambda: graphs.tangent_figure(6),
        lambda: graphs.shrinking_gap_figure(0.5),
        lambda: graphs.chain_rule_figure(0.5),
    ],
)
def test_figures_are_opaque_white(draw) -> None:
    fig = draw()
    try:
        assert isinstance(fig, Figure)
        assert matplotlib.colors.to_hex(fig.get_facecolor()) == "#ffffff"
    finally:
        plt.close(fig)


def test_chord_figure_shows_height_and_extent() -> None:
    fig = graphs.chord_figure(3.0, 2.0)
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    plt.close(fig)
    assert "25 − 1 = 24" in texts and "5 − 1 = 4" in texts


def test_tangent_slider_reads_out_the_slope() -> None:
    slider = graphs.tangent_slider(values=[3.0, 6.0], initial=6.0)
    assert len(slider.stack.children) == 2
    frames = [child.value for child in slider.stack.children]
    assert "12 mph per minute" in frames[1] and "6 mph per minute" in frames[0]
    assert slider.slider.index == 1


def test_shrinking_gap_slider_slopes_converge() -> None:
    slider = graphs.shrinking_gap_slider(values=[2.0, 0.1])
    first, last = (child.value for child in slider.stack.children)
    assert "31" in first  # 27 + 2² = 31
    assert "27.01" in last  # 27 + 0.1²
    assert graphs.shrinking_gap_values()[0] > graphs.shrinking_gap_values()[-1]


def test_default_sliders_stay_light() -> None:
    """A whole interactive figure must stay under ~450 kB of page: estimate from its largest frame."""
    for build, count in (
        (graphs.tangent_slider, len(graphs.tangent_values())),
        (graphs.shrinking_gap_slider, len(graphs.shrinking_gap_values())),
    ):
        assert count <= 40
        if build is graphs.shrinking_gap_slider:
            slider = build(values=[0.5, 3.0])
        else:
            slider = build(values=[0.0, 8.0], initial=8.0)
        biggest = max(len(child.value) for child in slider.stack.children)
        assert biggest * count < 450_000
