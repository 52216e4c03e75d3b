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
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch, Rectangle

from .colours import BLUE, VERMILLION

__all__ = [
    "Milestone",
    "MILESTONES",
    "timeline_figure",
    "years_between",
    "BookPart",
    "BOOK_PARTS",
    "book_map_figure",
    "PI_ZERO_MM",
    "TWO_PENCE_DIAMETER_MM",
    "pi_zero_figure",
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
    fig, ax = plt.subplots(figsize=(7.0, 3.6), facecolor="white")
    ax.set_facecolor("white")
    ax.set(xlim=(first, last), ylim=(-1.25, 1.25))
    ax.axis("off")
    ax.annotate("", (last, 0), (first, 0), arrowprops=dict(arrowstyle="-|>", color="#444444", lw=1.6))
    for decade in range((first // 10 + 1) * 10, last, 10):
        ax.plot([decade, decade], [-0.05, 0.05], color="#444444", lw=1)
        ax.text(decade, -0.07, f"{decade}s", ha="center", va="top", fontsize=10, color="#555555")
    for i, event in enumerate(sorted(milestones, key=lambda m: m.year)):
        up = i % 2 == 0
        colour = VERMILLION if event.setback else BLUE
        ax.plot([event.year, event.year], [0, 0.32 if up else -0.32], color=colour, lw=1.2)
        ax.plot([event.year], [0], "s" if event.setback else "o", ms=10, color=colour,
                mfc="white" if event.setback else colour, mew=2, zorder=3)
        y = 0.36 if up else -0.36
        va = "bottom" if up else "top"
        ax.text(event.year, y, f"{event.year}  {event.title}\n{event.detail}", ha="center", va=va,
                fontsize=11, linespacing=1.2)
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


def _box(ax: plt.Axes, x: float, y: float, width: float, height: float, title: str, blurb: str,
         colour: str, *, dashed: bool = False) -> None:
    patch = FancyBboxPatch((x, y), width, height, boxstyle="round,pad=0.02,rounding_size=0.18",
                           facecolor=colour, edgecolor="#333333", lw=1.4, ls="--" if dashed else "-")
    ax.add_patch(patch)
    ax.text(x + width / 2, y + height * 0.68, title, ha="center", va="center", fontsize=13, weight="bold",
            linespacing=1.15)
    ax.text(x + width / 2, y + height * 0.24, blurb, ha="center", va="center", fontsize=11.5, linespacing=1.15)


def _arrow(ax: plt.Axes, start: tuple[float, float], end: tuple[float, float], *, dashed: bool = False,
           rad: float = 0.0) -> None:
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=16, color="#333333", lw=1.6,
                                 ls="--" if dashed else "-", connectionstyle=f"arc3,rad={rad}"))


def book_map_figure() -> Figure:
    """The main road through the book (Parts 1 → 2 → 3) and the two appendices as side paths.

    Appendix A joins Part 1, where slopes are needed; Appendix B hangs off Part 2, where
    the code starts and can run on a Raspberry Pi.
    """
    fig, ax = plt.subplots(figsize=(7.6, 3.9), facecolor="white")
    ax.set_facecolor("white")
    ax.set(xlim=(0, 10), ylim=(0, 5.2), aspect="equal")
    ax.axis("off")
    width, height = 2.75, 1.7
    colours = ("#D6EAF5", "#D5F0E6", "#FBE3C8")
    xs = (0.1, 3.62, 7.15)
    for x, part, colour in zip(xs, BOOK_PARTS, colours):
        _box(ax, x, 3.3, width, height, part.name, part.blurb, colour)
    for left, right in zip(xs, xs[1:]):
        _arrow(ax, (left + width + 0.05, 4.15), (right - 0.05, 4.15))
    side_width, side_height = 2.6, 1.45
    side_xs = (0.175, 3.695)
    for x, part in zip(side_xs, SIDE_PATHS):
        _box(ax, x, 0.35, side_width, side_height, part.name, part.blurb, "#F2F2F2", dashed=True)
    # Appendix A leads up into Part 1; Appendix B up into Part 2.
    _arrow(ax, (side_xs[0] + side_width / 2, 0.35 + side_height + 0.05), (xs[0] + width / 2, 3.25), dashed=True)
    _arrow(ax, (side_xs[1] + side_width / 2, 0.35 + side_height + 0.05), (xs[1] + width / 2, 3.25), dashed=True)
    ax.text(6.7, 1.0, "side paths:\nread them\nwhenever you like", fontsize=12, color="#444444", va="center",
            style="italic")
    fig.tight_layout(pad=0.3)
    return fig


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
    fig, ax = plt.subplots(figsize=(7.0, 2.9), facecolor="white")
    ax.set_facecolor("white")
    ax.set(xlim=(-4, 108), ylim=(-9, 36), aspect="equal")
    ax.axis("off")
    ax.add_patch(FancyBboxPatch((0, 0), width, height, boxstyle="round,pad=0,rounding_size=3",
                                facecolor="#2F7D4A", edgecolor="#1B4D2C", lw=1.5))
    for hx in (3.5, width - 3.5):  # mounting holes, 3.5 mm in from each corner
        for hy in (3.5, height - 3.5):
            ax.add_patch(Circle((hx, hy), 1.4, facecolor="white", edgecolor="#C9B037", lw=1.5))
    for column in range(20):  # the 2 x 20 pin header, 2.54 mm pitch
        for row in range(2):
            ax.add_patch(Circle((7.1 + column * 2.54, height - 1.9 - row * 2.54), 0.55, facecolor="#E8D27A",
                                edgecolor="#9C8420", lw=0.6))
    ax.add_patch(Rectangle((26.5, 9.5), 12, 12, facecolor="#333333", edgecolor="#111111"))
    ax.text(32.5, 15.5, "processor", color="white", fontsize=7.5, ha="center", va="center")
    ax.add_patch(Rectangle((8.5, -1.0), 11.2, 4.0, facecolor="#BBBBBB", edgecolor="#555555"))
    ax.text(14.1, 4.6, "mini HDMI", fontsize=7.5, ha="center", color="white")
    for ux, name in ((41.4, "USB"), (54.0, "power")):
        ax.add_patch(Rectangle((ux - 4.0, -1.0), 8.0, 3.0, facecolor="#BBBBBB", edgecolor="#555555"))
        ax.text(ux, 3.6, name, fontsize=7.5, ha="center", color="white")
    ax.add_patch(Rectangle((-1.5, 10), 6.5, 11.5, facecolor="#999999", edgecolor="#555555"))
    ax.text(2.0, 15.75, "SD", fontsize=7, ha="center", va="center", rotation=90, color="white")
    ax.text(width / 2, -6.0, f"Raspberry Pi Zero: {width:g} mm × {height:g} mm", ha="center", fontsize=10)
    coin_x = width + 8 + TWO_PENCE_DIAMETER_MM / 2
    ax.add_patch(Circle((coin_x, height / 2), TWO_PENCE_DIAMETER_MM / 2, facecolor="#C7814A",
                        edgecolor="#7A4A22", lw=1.5))
    ax.add_patch(Circle((coin_x, height / 2), TWO_PENCE_DIAMETER_MM / 2 - 2, facecolor="none",
                        edgecolor="#9A5E30", lw=0.8))
    ax.text(coin_x, height / 2, "2p", fontsize=16, ha="center", va="center", color="#5A3214", weight="bold")
    ax.text(coin_x, -6.0, f"2p coin: {TWO_PENCE_DIAMETER_MM:g} mm across", ha="center", fontsize=10)
    # A 1 cm scale bar.
    ax.plot([width + 8, width + 18], [33.5, 33.5], color="black", lw=2)
    ax.text(width + 13, 34.3, "1 cm", ha="center", va="bottom", fontsize=9)
    fig.tight_layout(pad=0.2)
    return fig
