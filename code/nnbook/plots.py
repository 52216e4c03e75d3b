"""The book's figures, drawn with matplotlib.

Every function returns a new ``Figure`` with an opaque white background (so it reads in
the website's dark mode too) and leaves showing or saving it to the caller. Colours come
from the Okabe-Ito palette, and classes differ by marker shape as well as colour, so the
figures work for colour-blind readers.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from .simple_models import (
    CATERPILLAR,
    LADYBIRD,
    MILES_PER_KM,
    TRUTH_KM,
    TRUTH_MILES,
    Bugs,
    classify_by_line,
    miles_error,
    predict_miles,
)

BLUE, ORANGE, GREEN, VERMILLION, GREY = "#0072B2", "#E69F00", "#009E73", "#D55E00", "#777777"
# Darker shades of the same hues for text, which needs more contrast on white than a line does.
ORANGE_TEXT, VERMILLION_TEXT = "#8A5A00", "#A33A00"
CLASS_COLOURS = {LADYBIRD: VERMILLION, CATERPILLAR: GREEN}
CLASS_MARKERS = {LADYBIRD: "o", CATERPILLAR: "^"}


def _new_figure(width: float = 6.0, height: float = 3.8) -> tuple[Figure, plt.Axes]:
    fig, ax = plt.subplots(figsize=(width, height), facecolor="white")
    ax.set_facecolor("white")
    ax.spines[["top", "right"]].set_visible(False)
    return fig, ax


def km_miles_figure(c: float, *, show_truth_line: bool = False) -> Figure:
    """The predicting machine miles = km x c as a line, checked against 100 km = 62.137 miles.

    The truth point is green; the machine's prediction at 100 km is a square, orange when it
    falls short of the truth and vermillion when it overshoots, joined to the truth by the error.
    """
    fig, ax = _new_figure()
    km = np.array([0.0, 120.0])
    if show_truth_line:
        ax.plot(km, km * MILES_PER_KM, color=GREY, lw=1, ls="--", label="the true conversion")
    ax.plot(km, predict_miles(km, c), color=BLUE, lw=2.2, label=f"miles = km × {c:.2f}")
    predicted = float(predict_miles(TRUTH_KM, c))
    error = miles_error(c)
    colour = ORANGE if error > 0 else VERMILLION
    ax.plot([TRUTH_KM, TRUTH_KM], [predicted, TRUTH_MILES], color=colour, lw=2, ls=":")
    ax.plot([TRUTH_KM], [TRUTH_MILES], "o", color=GREEN, ms=9, label="truth: 100 km = 62.137 miles", zorder=3)
    ax.plot([TRUTH_KM], [predicted], "s", color=colour, ms=8, label=f"prediction: {predicted:.1f} miles", zorder=3)
    ax.annotate(f"error {error:+.3f}", (TRUTH_KM, (predicted + TRUTH_MILES) / 2), xytext=(8, 0),
                textcoords="offset points", va="center", fontsize=11,
                color=ORANGE_TEXT if error > 0 else VERMILLION_TEXT)
    ax.set(xlim=(0, 125), ylim=(0, 100), xlabel="kilometres", ylabel="miles")
    ax.legend(loc="upper left", frameon=False, fontsize=9)
    fig.tight_layout()
    return fig


def bugs_figure(bugs: Bugs, slope: float) -> Figure:
    """Bugs measured by width and length, split by the dividing line length = slope x width.

    Marker shape shows what a bug really is (circle ladybird, triangle caterpillar); the fill
    colour shows what the line says it is. A bug whose colour and shape disagree is on the
    wrong side, and gets a black ring.
    """
    fig, ax = _new_figure(5.2, 4.6)
    said = classify_by_line(bugs.widths, bugs.lengths, slope)
    for kind in (LADYBIRD, CATERPILLAR):
        for verdict in (LADYBIRD, CATERPILLAR):
            chosen = (bugs.kinds == kind) & (said == verdict)
            if chosen.any():
                ax.scatter(bugs.widths[chosen], bugs.lengths[chosen], s=70, marker=CLASS_MARKERS[kind],
                           color=CLASS_COLOURS[verdict], edgecolors="black" if kind != verdict else "white",
                           linewidths=1.6 if kind != verdict else 0.8, zorder=3)
    x = np.array([0.0, 4.5])
    ax.plot(x, slope * x, color=BLUE, lw=2)
    ax.fill_between(x, slope * x, 4.5, color=GREEN, alpha=0.07, lw=0)
    ax.fill_between(x, 0, slope * x, color=VERMILLION, alpha=0.07, lw=0)
    wrong = int(np.sum(said != bugs.kinds))
    ax.set(xlim=(0, 4.5), ylim=(0, 4.5), xlabel="width (cm)", ylabel="length (cm)", aspect="equal")
    ax.set_title(f"line: length = {slope:.2f} × width    on the wrong side: {wrong}", fontsize=10)
    handles = [
        plt.Line2D([], [], ls="", marker=CLASS_MARKERS[LADYBIRD], color="black", mfc="white", label="ladybird"),
        plt.Line2D([], [], ls="", marker=CLASS_MARKERS[CATERPILLAR], color="black", mfc="white", label="caterpillar"),
        plt.Line2D([], [], ls="", marker="s", color=VERMILLION, label="line says: ladybird"),
        plt.Line2D([], [], ls="", marker="s", color=GREEN, label="line says: caterpillar"),
    ]
    ax.legend(handles=handles, loc="upper right", fontsize=8, frameon=True, framealpha=0.9)
    fig.tight_layout()
    return fig
