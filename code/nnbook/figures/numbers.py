"""Numbers as the pages print them: with a real minus sign.

Python writes a negative number with a hyphen ("-0.3"), which in running text is shorter and
lower than the minus sign (−) of the formulas beside it. A page that glues a number which can
be negative glues ``signed(value, ".3f")``, a finished string, and prints it with a plain
``{glue:text}`name``` (no format after the name, since the string is already formatted).
"""

from __future__ import annotations

MINUS = "\u2212"


def signed(value: float, spec: str = "g") -> str:
    """``value`` formatted with ``spec`` (as in ``format(value, spec)``), minus signs made real.

    >>> signed(-0.0497, ".4f")
    '−0.0497'
    >>> signed(1.5, "+.1f")
    '+1.5'
    """
    return format(value, spec).replace("-", MINUS)
