"""The book's interactive figures, ready for a page to display.

Each function builds an :class:`~nnbook.web.widgets.InteractiveFigure` from a drawing in
:mod:`nnbook.figures.part1.predictors` and a model in :mod:`nnbook.figures.part1.simple_models`, with alt text and a
caption for every slider position.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from nnbook.figures.colours import GREEN, GREEN_TEXT, GREY, INK, ORANGE, ORANGE_TEXT, VERMILLION, VERMILLION_TEXT
from nnbook.figures.part1.predictors import (
    bugs_figure,
    km_miles_figure,
    learning_rate_replay_figure,
)
from nnbook.figures.part1.simple_models import (
    TRUTH_KM,
    TRUTH_MILES,
    TWO_BUGS,
    Bugs,
    classify_by_line,
    make_bugs,
    miles_error,
    predict_miles,
    train_slope,
)
from nnbook.figures.style import new_drawing
from nnbook.web.slider_grid import described, number
from nnbook.web.widgets import InteractiveFigure


def _km_miles_caption(c: float, digits: int = 2) -> str:
    predicted = float(predict_miles(100.0, c))
    error = miles_error(c)
    if abs(error) < 1e-9:
        verdict = "spot on"
    elif error > 0:
        verdict = "too small: make c bigger"
    else:
        verdict = "too big, an overshoot: make c smaller"
    colour = ORANGE_TEXT if error > 0 else VERMILLION_TEXT
    return (
        f"c = {c:.{digits}f}: 100 km becomes <b>{predicted:.{digits - 1}f} miles</b>. "
        f"Error = {TRUTH_MILES} − {predicted:.{digits - 1}f} = "
        f'<b style="color:{colour}">{error:+.3f}</b> ({verdict}).'
    )


def _km_miles_alt(c: float) -> str:
    predicted = float(predict_miles(100.0, c))
    error = miles_error(c)
    side = "below" if error > 0 else "above"
    return (
        f"A straight line from the origin, miles = kilometres times {c:.2f}. At 100 km it "
        f"predicts {predicted:.1f} miles, {abs(error):.3f} miles {side} the true 62.137."
    )


def km_miles_slider(values: np.ndarray | None = None, initial: float = 0.5) -> InteractiveFigure:
    """Slide the constant c of miles = km x c and watch the line and the error change."""
    if values is None:
        values = np.round(np.arange(0.40, 0.8001, 0.01), 2)
    return InteractiveFigure(
        [float(v) for v in values],
        km_miles_figure,
        label="constant c",
        alt=_km_miles_alt,
        caption=_km_miles_caption,
        value_format="{:.2f}",
        initial=float(initial),
    )


def bug_slope_slider(
    bugs: Bugs | None = None, values: np.ndarray | None = None, initial: float = 0.25
) -> InteractiveFigure:
    """Turn the dividing line length = A x width and see which bugs land on which side."""
    bugs = make_bugs() if bugs is None else bugs
    if values is None:
        values = np.round(np.arange(0.0, 3.0001, 0.125), 3)

    def alt(slope: float) -> str:
        said = classify_by_line(bugs.widths, bugs.lengths, slope)
        wrong = int(np.sum(said != bugs.kinds))
        return (
            f"Scatter plot of {len(bugs.kinds)} bugs, width against length, with the line "
            f"length = {slope:.3g} times width. {wrong} of them fall on the wrong side."
        )

    def caption(slope: float) -> str:
        said = classify_by_line(bugs.widths, bugs.lengths, slope)
        wrong = int(np.sum(said != bugs.kinds))
        verdict = "a perfect split!" if wrong == 0 else f"{wrong} bug{'s' if wrong != 1 else ''} on the wrong side."
        return f"Slope A = {slope:.3g}: {verdict}"

    return InteractiveFigure(
        [float(v) for v in values],
        lambda a: bugs_figure(bugs, a),
        label="slope A",
        alt=alt,
        caption=caption,
        value_format="{:.3g}",
        initial=float(initial),
    )


def learning_rate_replay(
    values: np.ndarray | None = None, initial: float = 0.5, start: float = 0.25
) -> InteractiveFigure:
    """Replay the two training updates of the bug classifier with a chosen learning rate L.

    Each slider position shows the starting line y = start * x and the lines after the
    ladybird example and after the caterpillar example (``TWO_BUGS``), so readers see that
    L = 1 leaves a line set by the last example alone, while smaller L lands in between.
    """
    if values is None:
        values = np.round(np.arange(0.05, 1.0001, 0.05), 2)
    examples = list(TWO_BUGS)

    def slopes(rate: float) -> tuple[float, float]:
        first, second = train_slope(start, examples, learning_rate=rate)
        return first.slope, second.slope

    def alt(rate: float) -> str:
        after_first, after_second = slopes(rate)
        return (
            f"Learning rate {rate:.2f}. A ladybird at width 3, length 1 and a caterpillar at width 1, "
            f"length 3, with three lines through the origin: the start, y = {start:g} x; after the "
            f"ladybird, y = {after_first:.4f} x; after the caterpillar, y = {after_second:.4f} x."
        )

    def caption(rate: float) -> str:
        after_first, after_second = slopes(rate)
        moves = f"L = {rate:.2f}: the slope goes {start:g} → {after_first:.4f} → <b>{after_second:.4f}</b>. "
        if abs(rate - 1.0) < 1e-9:
            return moves + (
                "Each update lands exactly on its target, so the final line is set by the "
                "caterpillar alone and hugs it."
            )
        share = f"{rate:.0%}".replace("%", " %")
        return moves + (
            f"Each update moves only {share} of the way to its target, so the final line "
            "still carries something of both examples."
        )

    return InteractiveFigure(
        [float(v) for v in values],
        lambda rate: learning_rate_replay_figure(rate, start=start),
        label="learning rate L",
        alt=alt,
        caption=caption,
        value_format="{:.2f}",
        initial=float(initial),
    )


def km_miles_zoom_figure(c: float, low: float = 59.5, high: float = 64.5) -> Figure:
    """A close-up of the miles axis at 100 km: the truth, the prediction for ``c``, and the gap.

    The full graph cannot show a change of 0.001 in c (0.1 mile at 100 km); this strip, a
    few miles wide, can. The scale stays the same for every c, so the gap visibly shrinks.
    """
    predicted = float(predict_miles(TRUTH_KM, c))
    error = miles_error(c)
    fig, ax = new_drawing(5.2, 2.0, (low - 0.2, high + 0.2), (0.0, 2.6))
    ax.plot([low, high], [0.9, 0.9], color=GREY, lw=1.2)
    for tick in range(int(np.ceil(low)), int(np.floor(high)) + 1):
        ax.plot([tick, tick], [0.82, 0.98], color=GREY, lw=1.0)
        ax.text(tick, 0.7, f"{tick}", ha="center", va="top", fontsize=12, color=INK)
    ax.text(low, 0.15, "miles for 100 km", ha="left", va="bottom", fontsize=11, color=INK)
    shown = min(max(predicted, low), high)
    colour, text_colour = (ORANGE, ORANGE_TEXT) if error > 0 else (VERMILLION, VERMILLION_TEXT)
    ax.plot([shown, TRUTH_MILES], [1.35, 1.35], color=colour, lw=3, solid_capstyle="butt")
    ax.plot([TRUTH_MILES], [0.9], "o", color=GREEN, ms=12, zorder=3)
    ax.text(TRUTH_MILES, 1.6, f"truth {TRUTH_MILES}", ha="center", va="bottom", fontsize=12, color=GREEN_TEXT)
    ax.plot([shown], [0.9], "s", color=colour, mec=INK, ms=11, zorder=4)
    ax.text(
        low,
        2.55,
        f"prediction {predicted:.2f} miles, error {number(error, '{:+.3f}')}",
        ha="left",
        va="top",
        fontsize=12,
        color=text_colour,
    )
    fig.subplots_adjust(left=0.01, right=0.99, top=0.99, bottom=0.01)
    return fig


def _describe_fine(c: float) -> tuple[str, str]:
    predicted = float(predict_miles(TRUTH_KM, c))
    error = miles_error(c)
    side = "short of" if error > 0 else "beyond"
    alt = (
        f"A close-up of the miles axis from 59.5 to 64.5 for c = {c:.3f}. The prediction, {predicted:.2f} miles, "
        f"sits {abs(error):.3f} miles {side} the true 62.137, and a bar spans the gap."
    )
    return alt, _km_miles_caption(c, digits=3)


def fine_values(low: float = 0.600, high: float = 0.640, step: float = 0.001) -> list[float]:
    """The fine slider's constants: ``low`` to ``high`` in steps of ``step`` (0.001: 41 values)."""
    return [float(v) for v in np.round(np.arange(low, high + step / 2, step), 3)]


def km_miles_fine_slider(values: list[float] | None = None, initial: float = 0.61) -> InteractiveFigure:
    """The constant c in steps of 0.001 near the truth, with a close-up that shows the last decimal.

    A companion to :func:`km_miles_slider`: that one sweeps 0.40-0.80 in steps of 0.01; this one
    narrows in on the truth (0.621371...) without drawing hundreds of frames.
    """
    values = fine_values() if values is None else [float(v) for v in values]
    alt, caption = described(_describe_fine)
    return InteractiveFigure(
        values,
        km_miles_zoom_figure,
        label="fine c",
        alt=alt,
        caption=caption,
        value_format="{:.3f}",
        initial=float(initial),
    )
