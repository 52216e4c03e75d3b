"""nnbook.figures.numbers: glued negatives print a real minus sign, positives are untouched."""

from __future__ import annotations

from nnbook.figures.numbers import MINUS, signed


def test_a_negative_gets_a_real_minus_sign() -> None:
    assert signed(-0.0497, ".4f") == "\u22120.0497"
    assert "-" not in signed(-7.8634, ".3f")


def test_positives_and_explicit_plus_are_as_format_gives_them() -> None:
    assert signed(2.5, ".1f") == format(2.5, ".1f")
    assert signed(1.5, "+.1f") == "+1.5"


def test_the_exponent_of_a_tiny_number_gets_one_too() -> None:
    assert signed(1.2e-11, ".1e") == f"1.2e{MINUS}11"
