"""The book's figure style in one place: the style sheet and the few helpers every figure uses.

Why this module exists: the figure modules used to repeat the same settings, each in its own
words (a white figure, white axes, no top or right frame, a pale grid, a grey frame round a
picture), and a change of style meant finding every copy. Now the shared settings live in
the style sheet ``nnbook.mplstyle`` beside this file, and a figure asks for them by name:

- :func:`new_figure` makes a figure and its axes (``plt.subplots``) in the book's style;
- :func:`new_drawing` makes a figure for a drawing rather than a graph (no axes on show);
- :func:`blank_figure` makes a figure without axes, for layouts ``plt.subplots`` cannot make;
- :func:`tidy_axes` and :func:`frame_picture` finish one set of axes of a graph or a picture;
- :func:`book_style` applies the style sheet to whatever is made or saved inside it.

The style sheet applies only while a figure is made (or saved, in :func:`book_style`), never
to the reader's own plots in the same notebook. What differs from figure to figure (font
sizes, layout pads) stays in the figure's own code, where a reader of that figure sees it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from typing import Any, Literal

import matplotlib
import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from nnbook.figures.colours import GRID_LINE, LINE_FRAME

__all__ = [
    "STYLE_SHEET",
    "blank_figure",
    "book_style",
    "frame_picture",
    "new_drawing",
    "new_figure",
    "style_settings",
    "tidy_axes",
]

STYLE_SHEET = "nnbook.mplstyle"
"""The style sheet's file name inside the package ``nnbook.figures`` (shipped as package data)."""


@functools.cache
def _settings() -> dict[str, Any]:
    with resources.as_file(resources.files("nnbook.figures").joinpath(STYLE_SHEET)) as path:
        return dict(matplotlib.rc_params_from_file(path, use_default_template=False))


def style_settings() -> dict[str, Any]:
    """The settings of the style sheet, as a dict of rcParams (a copy: change it freely)."""
    return dict(_settings())


@contextmanager
def book_style() -> Iterator[None]:
    """Apply the book's style sheet inside the block, and restore the reader's settings after it.

    Only the sheet's own settings change (not a reset to matplotlib's defaults), so anything
    the reader set that the sheet does not mention still holds, as it always did.
    """
    with matplotlib.rc_context(_settings()):
        yield


def new_figure(width: float, height: float, rows: int = 1, cols: int = 1, **options: Any) -> tuple[Figure, Any]:
    """``plt.subplots`` in the book's style: a ``width`` x ``height`` inch white figure and its axes.

    ``rows`` and ``cols`` and any ``options`` (``sharex``, ``squeeze``, ``layout``,
    ``gridspec_kw``, ...) go to ``plt.subplots``, which decides what comes back: one
    ``Axes`` or an array of them.
    """
    with book_style():
        return plt.subplots(rows, cols, figsize=(width, height), **options)


def blank_figure(width: float, height: float) -> Figure:
    """A white figure with no axes yet, for panels placed by hand or mixed 2-D and 3-D panels.

    Axes added later are made outside the style sheet: give them ``facecolor="white"``
    (or add them inside ``with book_style():``).
    """
    with book_style():
        return plt.figure(figsize=(width, height))


def new_drawing(
    width: float,
    height: float,
    xlim: tuple[float, float],
    ylim: tuple[float, float],
    *,
    aspect: str | float | None = None,
    facecolor: str | None = None,
    fill: bool = False,
) -> tuple[Figure, Axes]:
    """A figure for a drawing rather than a graph: one axes with no frame or ticks, ``xlim`` by ``ylim``.

    ``aspect="equal"`` keeps circles round. ``facecolor`` replaces the white paper (a night
    sky, say). ``fill`` makes the axes fill the whole figure, so that drawing units map
    straight onto the page; otherwise they sit in matplotlib's usual margins (which a later
    ``tight_layout`` or ``subplots_adjust`` may change).
    """
    paper = {} if facecolor is None else {"facecolor": facecolor}
    with book_style():
        if fill:
            fig = plt.figure(figsize=(width, height), **paper)
            ax = fig.add_axes((0.0, 0.0, 1.0, 1.0), **paper)
        else:
            fig, ax = plt.subplots(figsize=(width, height), **paper)
            if facecolor is not None:
                ax.set_facecolor(facecolor)
    ax.set(xlim=xlim, ylim=ylim)
    if aspect is not None:
        ax.set_aspect(aspect)
    ax.set_axis_off()
    return fig, ax


def tidy_axes(
    ax: Axes,
    *,
    hide: Sequence[str] = ("top", "right"),
    grid: Literal["both", "x", "y"] | None = None,
    grid_colour: str = GRID_LINE,
    grid_width: float = 0.6,
) -> Axes:
    """The book's plain graph: no frame on the ``hide`` sides and, if asked, a pale ``grid`` behind the data.

    ``grid`` names the axis whose values get grid lines ("both", "x" or "y"); the lines are
    ``grid_colour``, ``grid_width`` points wide, and drawn below everything else. Returns
    ``ax``, so a call can wrap the axes it tidies.
    """
    ax.spines[list(hide)].set_visible(False)
    if grid is not None:
        ax.grid(True, axis=grid, color=grid_colour, lw=grid_width)
        ax.set_axisbelow(True)
    return ax


def frame_picture(ax: Axes, colour: str = LINE_FRAME) -> Axes:
    """Axes that hold a picture (a digit, a photo): no ticks, and a thin ``colour`` frame all round."""
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_color(colour)
    return ax
