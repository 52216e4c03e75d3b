"""Two pictures of page 2.4's network class: what it holds, and what one training step does.

The class diagram is a card in the style of the primer's recipe card (a class is a
recipe): the data kept on every network object in one compartment, the methods in
another. The page passes in the names it reads from the real class, so the card cannot
list an attribute the code does not have. The training-flow diagram shows the two parts
of ``train`` as boxes from top to bottom: forward pass, output errors, hidden errors, and
the two weight updates, each with the line of code that does it.

Both functions return a new white ``Figure`` sized in inches (one data unit per inch),
narrow enough to stay readable on a phone, and leave showing or closing it to the caller.
"""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from nnbook.figures.colours import (
    BLUE,
    BLUE_DEEP,
    BLUE_TINT,
    GREEN,
    GREEN_TINT,
    GREY,
    INK,
    INK_SOFT,
    ORANGE_TINT_CARD,
    VERMILLION,
    VERMILLION_TINT,
)
from nnbook.figures.style import new_drawing

MONO = "DejaVu Sans Mono"  # ships with matplotlib, so every machine draws the same letters
ROW = 0.34  # inches per line of text in a compartment


def _inch_figure(width: float, height: float) -> tuple[Figure, Axes]:
    """A white figure whose axes fill it, one data unit per inch, (0, 0) bottom left."""
    return new_drawing(width, height, (0.0, width), (0.0, height), fill=True)


def rounded_box(
    ax: Axes,
    x: float,
    y: float,
    w: float,
    h: float,
    *,
    fill: str,
    edge: str,
    rounding: float = 0.08,
    lw: float = 1.6,
    dashes: str | tuple = "--",
    dashed: bool = False,
) -> None:
    """A box with rounded corners, its lower left corner at (x, y): the cards of Part 2's diagrams.

    ``dashes`` is the line style a dashed box uses (the class card of 2.3 draws longer dashes).
    """
    ax.add_patch(
        FancyBboxPatch(
            (x, y),
            w,
            h,
            boxstyle=f"round,pad=0,rounding_size={rounding}",
            facecolor=fill,
            edgecolor=edge,
            lw=lw,
            linestyle=dashes if dashed else "-",
        )
    )


def network_class_figure(
    data: Sequence[tuple[str, str]], methods: Sequence[tuple[str, str]], *, name: str = "NeuralNetwork"
) -> Figure:
    """The class ``name`` as a card: a title bar, then its data, then its methods.

    ``data`` and ``methods`` are ``(code, meaning)`` pairs, e.g. ``("wih", "weights,
    input → hidden")`` or ``("query(inputs)", "outputs for one record")``; the code is
    written in a typewriter font on the left, its meaning in plain words on the right.
    """
    if not data or not methods:
        raise ValueError("give at least one data item and one method to draw")
    width, left = 6.4, 0.15
    # The meanings start after the longest code (a typewriter letter at 11.5 pt is 0.096 inch wide).
    split = 0.45 + 0.096 * max(len(code) for code, _ in [*data, *methods])
    card_w = width - 2 * left
    head_h, label_h = 0.5, 0.36
    data_h = label_h + ROW * len(data) + 0.1
    methods_h = label_h + ROW * len(methods) + 0.1
    height = 0.15 + head_h + data_h + methods_h + 0.15
    fig, ax = _inch_figure(width, height)
    top = height - 0.15
    # Title bar: the class name, on the recipe card's blue.
    rounded_box(ax, left, top - head_h, card_w, head_h, fill=BLUE_TINT, edge=BLUE)
    ax.text(
        width / 2,
        top - head_h / 2,
        f"class {name}",
        ha="center",
        va="center",
        fontsize=14,
        family=MONO,
        weight="bold",
        color=BLUE_DEEP,
    )
    y = top - head_h
    for heading, rows, fill in (
        ("data: what every network object keeps", data, ORANGE_TINT_CARD),
        ("methods: what it can do", methods, BLUE_TINT),
    ):
        h = label_h + ROW * len(rows) + 0.1
        rounded_box(ax, left, y - h, card_w, h, fill=fill, edge=GREY)
        ax.text(
            left + 0.12,
            y - label_h / 2 - 0.02,
            heading,
            ha="left",
            va="center",
            fontsize=11,
            color=INK_SOFT,
            style="italic",
        )
        for i, (code, meaning) in enumerate(rows):
            row_y = y - label_h - ROW * (i + 0.5)
            ax.text(left + 0.2, row_y, code, ha="left", va="center", fontsize=11.5, family=MONO, color=INK)
            ax.text(left + split, row_y, meaning, ha="left", va="center", fontsize=11, color=INK)
        y -= h
    return fig


FLOW_STEPS: tuple[tuple[str, str, str], ...] = (
    (
        "forward",
        "1. Forward pass, as in query",
        "hidden_outputs = σ(wih @ inputs)\nfinal_outputs = σ(who @ hidden_outputs)",
    ),
    ("error", "2. Output errors: target minus actual", "output_errors = targets − final_outputs"),
    ("error", "3. Hidden errors: sent back through who", "hidden_errors = who.T @ output_errors"),
    ("update", "4. Update the hidden → output weights", "who += lr × (output_errors × slope) @ hidden_outputs.T"),
    ("update", "5. Update the input → hidden weights", "wih += lr × (hidden_errors × slope) @ inputs.T"),
)
_KIND_COLOURS = {"forward": (BLUE_TINT, BLUE), "error": (VERMILLION_TINT, VERMILLION), "update": (GREEN_TINT, GREEN)}


def training_flow_figure(steps: Sequence[tuple[str, str, str]] = FLOW_STEPS) -> Figure:
    """One call of ``train`` as a column of boxes joined by arrows, top to bottom.

    Each step is ``(kind, title, code)``: ``kind`` ("forward", "error" or "update")
    picks the box's colour, so the forward pass, the errors and the updates read as
    three groups; ``code`` may hold several lines. A note on the right says which steps
    use the weights from before the update.
    """
    unknown = {kind for kind, _, _ in steps} - set(_KIND_COLOURS)
    if unknown:
        raise ValueError(f"unknown kind of step {sorted(unknown)}; use one of {sorted(_KIND_COLOURS)}")
    width, left = 6.4, 0.15
    box_w, gap = width - 2 * left, 0.3
    heights = [0.42 + 0.3 * (code.count("\n") + 1) for _, _, code in steps]
    height = 0.2 + sum(heights) + gap * (len(steps) - 1) + 0.2
    fig, ax = _inch_figure(width, height)
    y = height - 0.2
    for i, ((kind, title, code), h) in enumerate(zip(steps, heights)):
        fill, edge = _KIND_COLOURS[kind]
        rounded_box(ax, left, y - h, box_w, h, fill=fill, edge=edge)
        ax.text(left + 0.15, y - 0.22, title, ha="left", va="center", fontsize=12, weight="bold", color=INK)
        ax.text(left + 0.3, y - 0.42, code, ha="left", va="top", fontsize=10.5, family=MONO, color=INK, linespacing=1.5)
        if i < len(steps) - 1:
            ax.add_patch(
                FancyArrowPatch(
                    (width / 2, y - h),
                    (width / 2, y - h - gap),
                    arrowstyle="-|>",
                    mutation_scale=14,
                    lw=1.5,
                    color=INK_SOFT,
                    shrinkA=1,
                    shrinkB=1,
                )
            )
        y -= h + gap
    return fig
