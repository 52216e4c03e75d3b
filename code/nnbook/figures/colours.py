"""The book's colours, in one place, so every figure speaks the same visual language.

Lines and marks use the Okabe-Ito palette, which stays distinguishable for readers with any
common kind of colour blindness. Text in colour uses darker shades of the same hues, because
letters need more contrast on white than a line does (WCAG AA: 4.5 to 1). ``INK`` is the
near-black of labels and titles.
"""

from __future__ import annotations

__all__ = [
    "BLUE",
    "ORANGE",
    "GREEN",
    "VERMILLION",
    "GREY",
    "SKY",
    "PURPLE",
    "YELLOW",
    "BLACK",
    "ORANGE_TEXT",
    "VERMILLION_TEXT",
    "GREEN_TEXT",
    "INK",
]

# Okabe-Ito, for lines, markers and fills.
BLUE, ORANGE, GREEN, VERMILLION, GREY = "#0072B2", "#E69F00", "#009E73", "#D55E00", "#777777"
SKY, PURPLE, YELLOW, BLACK = "#56B4E9", "#CC79A7", "#F0E442", "#000000"
# Darker shades of the same hues, for coloured text on white.
ORANGE_TEXT, VERMILLION_TEXT, GREEN_TEXT = "#8A5A00", "#A33A00", "#006B4F"
# Labels and titles.
INK = "#222222"
