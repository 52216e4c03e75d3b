"""Tests for nnbook.activation: the one sigmoid, its slope and its inverse.

The values come from outside the code under test: the formula written out with
``math.exp``, central differences for the slope, and the table of where floating
point rounds the sigmoid to exactly 0 or 1 that the module's docstring states.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from nnbook import activation, network
from nnbook.activation import logit, sigmoid, sigmoid_slope
from nnbook.figures.part1 import backprop, neurons
from nnbook.web import digit_demo


def test_every_module_uses_the_one_sigmoid():
    assert backprop.sigmoid is sigmoid
    assert network.sigmoid is sigmoid and network.logit is logit
    assert neurons.sigmoid is sigmoid and neurons.logit is logit
    assert not hasattr(digit_demo, "expit")


@pytest.mark.parametrize("x", [-30.0, -4.0, -1.0, 0.0, 0.5, 1.16, 7.0, 30.0])
def test_sigmoid_is_the_logistic_formula(x):
    assert sigmoid(x) == pytest.approx(1.0 / (1.0 + math.exp(-x)), rel=1e-14)


def test_one_number_in_gives_a_python_float_and_arrays_keep_their_float_type():
    assert type(sigmoid(0.0)) is float and sigmoid(0.0) == 0.5
    assert type(sigmoid(np.float32(2.0))) is float
    assert type(sigmoid_slope(1)) is float and type(logit(0.5)) is float
    assert sigmoid([0, 1]).dtype == np.float64  # whole numbers are computed as float64
    assert sigmoid(np.zeros(3, dtype=np.float32)).dtype == np.float32
    assert sigmoid(np.zeros((2, 3))).shape == (2, 3)


@pytest.mark.parametrize(
    ("dtype", "one_from", "zero_from"),
    [(np.float64, 36.74, -709.78), (np.float32, 16.64, -88.72)],
)
def test_where_floating_point_reaches_exactly_zero_and_one(dtype, one_from, zero_from):
    """The docstring's table: just inside each edge the value is not yet 0 or 1, just outside it is."""
    margin = 0.05
    edges = [one_from - margin, one_from + margin, zero_from + margin, zero_from - margin]
    values = sigmoid(np.array(edges, dtype=dtype))
    assert values[0] < 1.0 and values[1] == 1.0
    assert values[2] > 0.0 and values[3] == 0.0


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_sigmoid_of_a_thousand_is_exactly_zero_or_one_without_warnings(dtype):
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        values = sigmoid(np.array([-1000.0, 1000.0], dtype=dtype))
        slopes = sigmoid_slope(np.array([-1000.0, 1000.0], dtype=dtype))
    assert values.tolist() == [0.0, 1.0]
    assert slopes.tolist() == [0.0, 0.0]  # a saturated node stops learning


@pytest.mark.parametrize("x", [-6.0, -1.0, 0.0, 0.5, 2.3])
def test_slope_matches_a_measured_slope(x):
    h = 1e-6
    measured = (sigmoid(x + h) - sigmoid(x - h)) / (2 * h)
    assert sigmoid_slope(x) == pytest.approx(measured, abs=1e-9)
    assert sigmoid_slope(0.0) == 0.25


def test_logit_inverts_the_sigmoid():
    assert logit(0.99) == pytest.approx(math.log(99))
    y = np.linspace(0.01, 0.99, 99)
    np.testing.assert_allclose(sigmoid(logit(y)), y, rtol=1e-12)
    x = np.linspace(-10, 10, 41)
    np.testing.assert_allclose(logit(sigmoid(x)), x, atol=1e-9)


@pytest.mark.parametrize("bad", [0.0, 1.0, -0.5, 1.5, float("nan"), float("inf")])
def test_logit_refuses_what_the_sigmoid_never_gives(bad):
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        logit(bad)
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        logit([0.5, bad])


def test_the_module_docstring_table_is_the_one_tested_here():
    for number in ("36.74", "-709.78", "16.64", "-88.72"):
        assert number in activation.__doc__
