"""Appendix B's picture: a Raspberry Pi Zero and a coin, to scale."""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyBboxPatch, Rectangle

from nnbook.figures.colours import (
    COPPER,
    COPPER_EDGE,
    COPPER_RING,
    COPPER_TEXT,
    INK_BLACK,
    INK_DARK,
    INK_SOFT,
    LINE_FRAME,
    PI_BOARD,
    PI_BOARD_EDGE,
    PI_CARD_SLOT,
    PI_HOLE_RING,
    PI_PIN,
    PI_PIN_EDGE,
)
from nnbook.figures.style import new_drawing

__all__ = [
    "PI_ZERO_MM",
    "TWO_PENCE_DIAMETER_MM",
    "pi_zero_figure",
]

# =======================================================================================
# Appendix B: a Pi Zero and a coin, to scale
# =======================================================================================

#: The Raspberry Pi Zero board's outline, (width, height) in millimetres.
PI_ZERO_MM = (65.0, 30.0)
#: A British two-pence coin's diameter in millimetres.
TWO_PENCE_DIAMETER_MM = 25.9


def pi_zero_figure() -> Figure:
    """A simplified, to-scale drawing of a Pi Zero (65 mm x 30 mm) beside a 2p coin (25.9 mm).

    Parts are placed approximately (processor in the middle, the 40-pin header along the
    top edge, the mini-HDMI and two micro-USB sockets along the bottom, the card slot on
    the left end); sizes are true to the millimetre scale bar.
    """
    width, height = PI_ZERO_MM
    fig, ax = new_drawing(7.0, 2.9, (-4, 108), (-9, 36), aspect="equal")
    ax.add_patch(
        FancyBboxPatch(
            (0, 0),
            width,
            height,
            boxstyle="round,pad=0,rounding_size=3",
            facecolor=PI_BOARD,
            edgecolor=PI_BOARD_EDGE,
            lw=1.5,
        )
    )
    for hx in (3.5, width - 3.5):  # mounting holes, 3.5 mm in from each corner
        for hy in (3.5, height - 3.5):
            ax.add_patch(Circle((hx, hy), 1.4, facecolor="white", edgecolor=PI_HOLE_RING, lw=1.5))
    for column in range(20):  # the 2 x 20 pin header, 2.54 mm pitch
        for row in range(2):
            ax.add_patch(
                Circle(
                    (7.1 + column * 2.54, height - 1.9 - row * 2.54),
                    0.55,
                    facecolor=PI_PIN,
                    edgecolor=PI_PIN_EDGE,
                    lw=0.6,
                )
            )
    ax.add_patch(Rectangle((26.5, 9.5), 12, 12, facecolor=INK_DARK, edgecolor=INK_BLACK))
    ax.text(32.5, 15.5, "processor", color="white", fontsize=7.5, ha="center", va="center")
    ax.add_patch(Rectangle((8.5, -1.0), 11.2, 4.0, facecolor=LINE_FRAME, edgecolor=INK_SOFT))
    ax.text(14.1, 4.6, "mini HDMI", fontsize=7.5, ha="center", color="white")
    for ux, name in ((41.4, "USB"), (54.0, "power")):
        ax.add_patch(Rectangle((ux - 4.0, -1.0), 8.0, 3.0, facecolor=LINE_FRAME, edgecolor=INK_SOFT))
        ax.text(ux, 3.6, name, fontsize=7.5, ha="center", color="white")
    ax.add_patch(Rectangle((-1.5, 10), 6.5, 11.5, facecolor=PI_CARD_SLOT, edgecolor=INK_SOFT))
    ax.text(2.0, 15.75, "SD", fontsize=7, ha="center", va="center", rotation=90, color="white")
    ax.text(width / 2, -6.0, f"Raspberry Pi Zero: {width:g} mm × {height:g} mm", ha="center", fontsize=10)
    coin_x = width + 8 + TWO_PENCE_DIAMETER_MM / 2
    ax.add_patch(
        Circle((coin_x, height / 2), TWO_PENCE_DIAMETER_MM / 2, facecolor=COPPER, edgecolor=COPPER_EDGE, lw=1.5)
    )
    ax.add_patch(
        Circle((coin_x, height / 2), TWO_PENCE_DIAMETER_MM / 2 - 2, facecolor="none", edgecolor=COPPER_RING, lw=0.8)
    )
    ax.text(coin_x, height / 2, "2p", fontsize=16, ha="center", va="center", color=COPPER_TEXT, weight="bold")
    ax.text(coin_x, -6.0, f"2p coin: {TWO_PENCE_DIAMETER_MM:g} mm across", ha="center", fontsize=10)
    # A 1 cm scale bar.
    ax.plot([width + 8, width + 18], [33.5, 33.5], color="black", lw=2)
    ax.text(width + 13, 34.3, "1 cm", ha="center", va="bottom", fontsize=9)
    fig.tight_layout(pad=0.2)
    return fig
