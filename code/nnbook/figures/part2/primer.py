"""Pictures for the Python primer (Part 2, "A very gentle start with Python").

A beginner meets three new ideas there that are easier to see than to read about: a
variable is a labelled box that holds a value; an array is a table whose cells are found by
their row and column numbers, counted from 0; a class is a recipe from which many objects
are made, each with data of its own. Each function here draws one of these ideas from the
*real* values the page computed (the value of ``x``, the contents of the array, the data of
the objects), so the pictures cannot drift away from the code beside them.

Every function returns a new ``Figure`` with an opaque white background and leaves showing
or closing it to the caller. Sizes are in inches: the axes fill the figure and one data unit
is one inch, so the text sizes (never below 9 pt) stay readable when a phone shrinks the
picture. Colours come from the Okabe-Ito palette of :mod:`nnbook.figures.part1.predictors`, and the two kinds
of card in the class picture also differ by their outline (dashed recipe, solid objects).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, Polygon, Rectangle

from nnbook.figures.colours import (
    BLUE,
    BLUE_DEEP,
    BLUE_TINT,
    CARDBOARD,
    CARDBOARD_FLAP,
    FILL_CELL,
    GREY,
    INK,
    INK_SOFT,
    ORANGE,
    ORANGE_TEXT,
    ORANGE_TINT_CARD,
)
from nnbook.figures.part2.diagrams import rounded_box
from nnbook.figures.style import new_drawing

BOX_FILL = CARDBOARD
BOX_EDGE = ORANGE_TEXT
CLASS_FILL = BLUE_TINT  # a pale blue, for the recipe
OBJECT_FILL = ORANGE_TINT_CARD  # a pale orange, for the things made from it
CELL_FILL = FILL_CELL
MONO = "DejaVu Sans Mono"  # ships with matplotlib, so every machine draws the same letters


def _inch_figure(width: float, height: float) -> tuple[Figure, Axes]:
    """A white figure whose axes fill it, with one data unit per inch and (0, 0) bottom left."""
    return new_drawing(width, height, (0.0, width), (0.0, height), fill=True)


def _arrow(
    ax: Axes, start: tuple[float, float], end: tuple[float, float], *, colour: str = INK_SOFT, curve: float = 0.0
) -> None:
    ax.add_patch(
        FancyArrowPatch(
            start,
            end,
            arrowstyle="-|>",
            mutation_scale=14,
            lw=1.5,
            color=colour,
            connectionstyle=f"arc3,rad={curve}",
            shrinkA=0,
            shrinkB=0,
        )
    )


# ---------------------------------------------------------------------------------------
# F1: a variable is a labelled box holding a value
# ---------------------------------------------------------------------------------------


def variable_box_figure(name: str, value: object) -> Figure:
    """The variable ``name`` drawn as a cardboard box with a name tag, holding ``value``.

    The value is written as Python would show it (``repr``: a string keeps its quotes). Two
    notes with arrows point at the tag ("the name") and at the contents ("the value"), and the
    line of code that fills the box, ``name = value``, is written underneath. 4.6 x 3.2
    inches, narrow enough to stay readable on a phone.
    """
    if not name.isidentifier():
        raise ValueError(
            f"{name!r} cannot be a Python variable name; use letters, digits and _ and do not start with a digit"
        )
    shown = repr(value)
    if len(shown) > 12:
        raise ValueError(
            f"the value {shown} is too long to draw in the box (at most 12 characters); draw a shorter value"
        )
    width, height = 4.6, 3.2
    fig, ax = _inch_figure(width, height)
    left, bottom, box_w, box_h = 1.2, 0.7, 1.4, 1.1
    centre_x, value_y = left + box_w / 2, bottom + box_h * 0.42
    # The box: front face, and two open flaps on top, so it reads as a box and not as a cell.
    ax.add_patch(Rectangle((left, bottom), box_w, box_h, facecolor=BOX_FILL, edgecolor=BOX_EDGE, lw=2))
    flap_top = bottom + box_h + 0.3
    for side in (-1, 1):
        corner = left if side < 0 else left + box_w
        ax.add_patch(
            Polygon(
                [
                    (corner, bottom + box_h),
                    (corner + side * 0.2, flap_top),
                    (centre_x + side * 0.05, flap_top),
                    (centre_x, bottom + box_h),
                ],
                closed=True,
                facecolor=CARDBOARD_FLAP,
                edgecolor=BOX_EDGE,
                lw=1.6,
            )
        )
    ax.text(centre_x, value_y, shown, ha="center", va="center", fontsize=22, family=MONO, weight="bold", color=INK)
    # The name tag, tied to the front of the box.
    tag_y = bottom + box_h + 0.02
    ax.text(
        centre_x,
        tag_y,
        name,
        ha="center",
        va="center",
        fontsize=16,
        family=MONO,
        color="white",
        weight="bold",
        bbox={"boxstyle": "round,pad=0.3", "facecolor": BLUE, "edgecolor": BLUE},
    )
    # Notes with arrows: the name above, the value to the right.
    ax.text(0.1, 2.97, "the name (a label on the box)", ha="left", va="center", fontsize=12.5, color=INK_SOFT)
    _arrow(ax, (0.75, 2.8), (centre_x - 0.3, tag_y + 0.08), curve=0.3)
    ax.text(2.95, 1.6, "the value\n(what is inside)", ha="left", va="center", fontsize=12.5, color=INK_SOFT)
    _arrow(ax, (3.05, 1.28), (centre_x + 0.5, value_y), curve=-0.3)
    ax.text(centre_x, 0.3, f"{name} = {shown}", ha="center", va="center", fontsize=14, family=MONO, color=INK)
    return fig


# ---------------------------------------------------------------------------------------
# The arrays section: a table whose cells have addresses
# ---------------------------------------------------------------------------------------


def array_cells_figure(array: np.ndarray, *, value_format: str = "{:g}") -> Figure:
    """A 2-D array drawn as a table: each cell shows its value and its address ``[row, column]``.

    Rows and columns are numbered from 0 along the edges, as numpy numbers them, so the reader
    can check that the bottom-right cell of a (3, 2) array is ``[2, 1]``. Cells are 1.15 x 0.8
    inches; the array may have at most 6 rows and 5 columns.
    """
    values = np.asarray(array)
    if values.ndim != 2:
        raise ValueError(
            f"expected a 2-D array (rows and columns), got one with {values.ndim} dimension(s) and shape {values.shape}"
        )
    rows, columns = values.shape
    if not (1 <= rows <= 6 and 1 <= columns <= 5):
        raise ValueError(
            f"an array of shape {values.shape} does not fit the drawing; use 1 to 6 rows and 1 to 5 columns"
        )
    cell_w, cell_h = 1.15, 0.8
    margin_left, margin_top, margin_bottom = 1.05, 0.55, 0.15
    width = margin_left + columns * cell_w + 0.25
    height = margin_top + rows * cell_h + margin_bottom
    fig, ax = _inch_figure(width, height)
    top = height - margin_top
    for c in range(columns):
        ax.text(
            margin_left + (c + 0.5) * cell_w,
            top + 0.25,
            f"column {c}",
            ha="center",
            va="center",
            fontsize=10,
            color=INK_SOFT,
        )
    for r in range(rows):
        y = top - (r + 1) * cell_h
        ax.text(margin_left - 0.12, y + cell_h / 2, f"row {r}", ha="right", va="center", fontsize=10, color=INK_SOFT)
        for c in range(columns):
            x = margin_left + c * cell_w
            value = values[r, c]
            filled = bool(value != 0) if np.issubdtype(values.dtype, np.number) else True
            ax.add_patch(
                Rectangle(
                    (x, y), cell_w, cell_h, facecolor=OBJECT_FILL if filled else CELL_FILL, edgecolor=GREY, lw=1.2
                )
            )
            ax.text(
                x + cell_w / 2,
                y + cell_h * 0.58,
                value_format.format(value),
                ha="center",
                va="center",
                fontsize=14,
                family=MONO,
                weight="bold" if filled else "normal",
                color=INK if filled else GREY,
            )
            ax.text(
                x + cell_w / 2,
                y + cell_h * 0.2,
                f"[{r}, {c}]",
                ha="center",
                va="center",
                fontsize=9.5,
                family=MONO,
                color=ORANGE_TEXT if filled else INK_SOFT,
            )
    return fig


# ---------------------------------------------------------------------------------------
# F2: a class is a recipe; objects are the things made from it
# ---------------------------------------------------------------------------------------


def _card(ax: Axes, x: float, y: float, w: float, h: float, *, fill: str, edge: str, dashed: bool) -> None:
    rounded_box(ax, x, y, w, h, fill=fill, edge=edge, rounding=0.12, lw=2.0, dashes=(0, (5, 3)), dashed=dashed)


def class_objects_figure(
    class_name: str,
    data_names: Sequence[str],
    method_names: Sequence[str],
    objects: Sequence[tuple[str, Mapping[str, object]]],
) -> Figure:
    """A class as a recipe card (top) with arrows down to the objects made from it (below).

    ``data_names`` (at most two) and ``method_names`` are what every object of the class has;
    ``objects`` holds one (variable name, data) pair per object, at most three, where data maps
    each name in ``data_names`` to that object's own value, e.g. ``("rover", vars(rover))``.
    Each object card also lists the methods, since every object can do what its class can.
    The recipe card has a dashed blue outline, the object cards a solid orange one. The
    objects stand side by side, 2.3 inches each, so two of them make a figure 4.9 inches
    wide: narrow enough for a phone.
    """
    if not objects:
        raise ValueError("give at least one object to draw, as (variable name, data) pairs")
    if len(data_names) > 2:
        raise ValueError(f"got {len(data_names)} data names; an object card has room for at most 2")
    if len(objects) > 3:
        raise ValueError(f"got {len(objects)} objects; the drawing has room for at most 3")
    for variable, data in objects:
        missing = [key for key in data_names if key not in data]
        if missing:
            raise ValueError(
                f"object {variable!r} has no value for {', '.join(missing)}; "
                f"every object of {class_name} needs {', '.join(data_names)}"
            )
    card_w, card_h, gap = 2.3, 1.4, 0.2
    row_w = len(objects) * card_w + (len(objects) - 1) * gap
    width = max(row_w, 3.9) + 0.2
    class_w, class_h = 3.9, 1.5
    height = 0.4 + class_h + 0.65 + card_h + 0.45
    fig, ax = _inch_figure(width, height)
    mid = width / 2

    # The recipe card.
    ax.text(
        mid, height - 0.2, "the class: a recipe", ha="center", va="center", fontsize=12, style="italic", color=INK_SOFT
    )
    class_top = height - 0.4
    class_bottom = class_top - class_h
    _card(ax, mid - class_w / 2, class_bottom, class_w, class_h, fill=CLASS_FILL, edge=BLUE, dashed=True)
    ax.text(
        mid,
        class_top - 0.28,
        f"class {class_name}",
        ha="center",
        va="center",
        fontsize=14,
        family=MONO,
        weight="bold",
        color=BLUE_DEEP,
    )
    x_text = mid - class_w / 2 + 0.15
    ax.text(x_text, class_top - 0.72, "data:", ha="left", va="center", fontsize=11.5, style="italic", color=INK_SOFT)
    ax.text(
        x_text + 0.95,
        class_top - 0.72,
        ", ".join(data_names),
        ha="left",
        va="center",
        fontsize=12,
        family=MONO,
        color=INK,
    )
    ax.text(x_text, class_top - 1.12, "methods:", ha="left", va="center", fontsize=11.5, style="italic", color=INK_SOFT)
    ax.text(
        x_text + 0.95,
        class_top - 1.12,
        ", ".join(f"{m}()" for m in method_names),
        ha="left",
        va="center",
        fontsize=12,
        family=MONO,
        color=INK,
    )

    # One card per object, side by side, each with an arrow from the recipe.
    top = class_bottom - 0.65
    bottom = top - card_h
    first_x = mid - row_w / 2
    for i, (variable, data) in enumerate(objects):
        x = first_x + i * (card_w + gap)
        _card(ax, x, bottom, card_w, card_h, fill=OBJECT_FILL, edge=ORANGE, dashed=False)
        ax.text(
            x + 0.12, top - 0.25, variable, ha="left", va="center", fontsize=13, family=MONO, weight="bold", color=INK
        )
        ax.text(
            x + card_w - 0.12,
            top - 0.25,
            f"a {class_name}",
            ha="right",
            va="center",
            fontsize=11,
            style="italic",
            color=ORANGE_TEXT,
        )
        for j, key in enumerate(data_names):
            ax.text(
                x + 0.12,
                top - 0.6 - 0.28 * j,
                f"{key} = {data[key]!r}",
                ha="left",
                va="center",
                fontsize=12,
                family=MONO,
                color=INK,
            )
        if method_names:
            ax.text(
                x + 0.12,
                bottom + 0.18,
                "can: " + ", ".join(f"{m}()" for m in method_names),
                ha="left",
                va="center",
                fontsize=10,
                family=MONO,
                color=INK_SOFT,
            )
        start_x = mid + (x + card_w / 2 - mid) * 0.35
        _arrow(ax, (start_x, class_bottom - 0.05), (x + card_w / 2, top + 0.05))
    ax.text(mid, 0.2, "objects made from it", ha="center", va="center", fontsize=12, style="italic", color=INK_SOFT)
    return fig
