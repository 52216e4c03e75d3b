"""Pictures for the pages around the maths: the front matter and Appendix B.

- :data:`MILESTONES` and :func:`timeline_figure`: a strip of dates in the hunt for
  thinking machines (prologue). Dates are checked facts; the original book printed the
  Deep Blue match as 1977, but it was 1997.
- :func:`book_map_figure`: the three parts of the book and the two appendices as side
  paths (introduction).
- :func:`pi_zero_figure`: a to-scale sketch of a Raspberry Pi Zero beside a British 2p
  coin (Appendix B), from the board's published size.

Every function returns a new matplotlib ``Figure`` on an opaque white background and
leaves showing or saving it to the caller.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from nnbook.figures.colours import (
    BLUE,
    BLUE_TINT_BOX,
    FILL_LIGHT,
    GREEN_TINT_BOX,
    INK_DARK,
    INK_MID,
    INK_SOFT,
    ORANGE_TINT_BOX,
    VERMILLION,
)
from nnbook.figures.style import new_drawing

__all__ = [
    "Milestone",
    "MILESTONES",
    "timeline_figure",
    "years_between",
    "BookPart",
    "BOOK_PARTS",
    "book_map_figure",
]


# =======================================================================================
# The prologue's timeline
# =======================================================================================


@dataclass(frozen=True)
class Milestone:
    """One event on the timeline: the year, a short title and a line of detail."""

    year: int
    title: str
    detail: str
    setback: bool = False


#: The prologue's events, oldest first.
MILESTONES: tuple[Milestone, ...] = (
    Milestone(1956, "AI gets its name", "a summer workshop\nat Dartmouth\nlaunches the field"),
    Milestone(1973, "AI's first winter", "a damning review,\nthen funding cuts", setback=True),
    Milestone(1986, "Backpropagation", "made famous by\nRumelhart, Hinton\nand Williams"),
    Milestone(1997, "Deep Blue", "IBM's computer beats\nchess champion\nGarry Kasparov"),
    Milestone(2016, "AlphaGo", "DeepMind's program\nbeats Go master\nLee Sedol"),
)


def years_between(first: str, second: str, milestones: Sequence[Milestone] = MILESTONES) -> int:
    """Years from the milestone titled ``first`` to the one titled ``second``."""
    by_title = {m.title: m.year for m in milestones}
    for title in (first, second):
        if title not in by_title:
            raise ValueError(f"no milestone titled {title!r}; choose from {sorted(by_title)}")
    return by_title[second] - by_title[first]


def timeline_figure(milestones: Sequence[Milestone] = MILESTONES) -> Figure:
    """A horizontal strip of years with each milestone's title and detail, above and below in turn.

    Setbacks are drawn as hollow squares, successes as filled circles, so the kinds differ
    by shape as well as colour.
    """
    if not milestones:
        raise ValueError("the timeline needs at least one milestone")
    years = [m.year for m in milestones]
    first, last = min(years) - 6, max(years) + 6
    fig, ax = new_drawing(7.0, 3.6, (first, last), (-1.25, 1.25))
    ax.annotate("", (last, 0), (first, 0), arrowprops=dict(arrowstyle="-|>", color=INK_MID, lw=1.6))
    for decade in range((first // 10 + 1) * 10, last, 10):
        ax.plot([decade, decade], [-0.05, 0.05], color=INK_MID, lw=1)
        ax.text(decade, -0.07, f"{decade}s", ha="center", va="top", fontsize=10, color=INK_SOFT)
    for i, event in enumerate(sorted(milestones, key=lambda m: m.year)):
        up = i % 2 == 0
        colour = VERMILLION if event.setback else BLUE
        ax.plot([event.year, event.year], [0, 0.32 if up else -0.32], color=colour, lw=1.2)
        ax.plot(
            [event.year],
            [0],
            "s" if event.setback else "o",
            ms=10,
            color=colour,
            mfc="white" if event.setback else colour,
            mew=2,
            zorder=3,
        )
        y = 0.36 if up else -0.36
        va = "bottom" if up else "top"
        ax.text(
            event.year,
            y,
            f"{event.year}  {event.title}\n{event.detail}",
            ha="center",
            va=va,
            fontsize=11,
            linespacing=1.2,
        )
    fig.tight_layout(pad=0.3)
    return fig


# =======================================================================================
# The introduction's map of the book
# =======================================================================================


@dataclass(frozen=True)
class BookPart:
    """One box of the map: its name, a few words on what it holds, and the page label it links to."""

    name: str
    blurb: str
    label: str


BOOK_PARTS: tuple[BookPart, ...] = (
    BookPart("Part 1\nHow they work", "ideas and maths,\nno code", "part1-index"),
    BookPart("Part 2\nDIY with Python", "build, train and\ntest a network", "part2-index"),
    BookPart("Part 3\nEven more fun", "your handwriting,\na look inside", "part3-index"),
)
SIDE_PATHS: tuple[BookPart, ...] = (
    BookPart("Appendix A\nCalculus", "slopes, gently", "appendix-a-index"),
    BookPart("Appendix B\nRaspberry Pi", r"a \$5 computer", "appendix-b-index"),
)


def _box(
    ax: plt.Axes,
    x: float,
    y: float,
    width: float,
    height: float,
    title: str,
    blurb: str,
    colour: str,
    *,
    dashed: bool = False,
) -> None:
    patch = FancyBboxPatch(
        (x, y),
        width,
        height,
        boxstyle="round,pad=0.02,rounding_size=0.18",
        facecolor=colour,
        edgecolor=INK_DARK,
        lw=1.4,
        ls="--" if dashed else "-",
    )
    ax.add_patch(patch)
    ax.text(
        x + width / 2, y + height * 0.68, title, ha="center", va="center", fontsize=13, weight="bold", linespacing=1.15
    )
    ax.text(x + width / 2, y + height * 0.24, blurb, ha="center", va="center", fontsize=11.5, linespacing=1.15)


def _arrow(
    ax: plt.Axes, start: tuple[float, float], end: tuple[float, float], *, dashed: bool = False, rad: float = 0.0
) -> None:
    ax.add_patch(
        FancyArrowPatch(
            start,
            end,
            arrowstyle="-|>",
            mutation_scale=16,
            color=INK_DARK,
            lw=1.6,
            ls="--" if dashed else "-",
            connectionstyle=f"arc3,rad={rad}",
        )
    )


def book_map_figure() -> Figure:
    """The main road through the book (Parts 1 → 2 → 3) and the two appendices as side paths.

    Appendix A joins Part 1, where slopes are needed; Appendix B hangs off Part 2, where
    the code starts and can run on a Raspberry Pi.
    """
    fig, ax = new_drawing(7.6, 3.9, (0, 10), (0, 5.2), aspect="equal")
    width, height = 2.75, 1.7
    colours = (BLUE_TINT_BOX, GREEN_TINT_BOX, ORANGE_TINT_BOX)
    xs = (0.1, 3.62, 7.15)
    for x, part, colour in zip(xs, BOOK_PARTS, colours):
        _box(ax, x, 3.3, width, height, part.name, part.blurb, colour)
    for left, right in zip(xs, xs[1:]):
        _arrow(ax, (left + width + 0.05, 4.15), (right - 0.05, 4.15))
    side_width, side_height = 2.6, 1.45
    side_xs = (0.175, 3.695)
    for x, part in zip(side_xs, SIDE_PATHS):
        _box(ax, x, 0.35, side_width, side_height, part.name, part.blurb, FILL_LIGHT, dashed=True)
    # Appendix A leads up into Part 1; Appendix B up into Part 2.
    _arrow(ax, (side_xs[0] + side_width / 2, 0.35 + side_height + 0.05), (xs[0] + width / 2, 3.25), dashed=True)
    _arrow(ax, (side_xs[1] + side_width / 2, 0.35 + side_height + 0.05), (xs[1] + width / 2, 3.25), dashed=True)
    ax.text(
        6.7, 1.0, "side paths:\nread them\nwhenever you like", fontsize=12, color=INK_MID, va="center", style="italic"
    )
    fig.tight_layout(pad=0.3)
    return fig
