"""The book's interactive figures, ready for a page to display.

Each function builds an :class:`~nnbook.web.widgets.InteractiveFigure` from a drawing in
:mod:`nnbook.figures.part1.predictors` and a model in :mod:`nnbook.figures.part1.simple_models`, with alt text and a
caption for every slider position.
"""

from __future__ import annotations

import numpy as np

from nnbook.figures.colours import ORANGE_TEXT, VERMILLION_TEXT
from nnbook.figures.part1.predictors import (
    bugs_figure,
    km_miles_figure,
    learning_rate_replay_figure,
)
from nnbook.figures.part1.simple_models import (
    TRUTH_MILES,
    TWO_BUGS,
    Bugs,
    classify_by_line,
    make_bugs,
    miles_error,
    predict_miles,
    train_slope,
)
from nnbook.web.widgets import InteractiveFigure


def _km_miles_caption(c: float) -> str:
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
        f"c = {c:.2f}: 100 km becomes <b>{predicted:.1f} miles</b>. "
        f"Error = {TRUTH_MILES} − {predicted:.1f} = "
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
