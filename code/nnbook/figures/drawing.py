"""The small parts every diagram is drawn with: sizes, text, positions, colour shades, cropping.

:mod:`nnbook.figures.diagrams` builds its network pictures from these, and so do the
interactive figures of Part 1 (:mod:`nnbook.figures.part1.signal_sliders`). Lengths are in
inches and font sizes in points: one data unit is one inch of the finished figure.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.colors import to_hex, to_rgb
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox

from nnbook.figures.colours import (
    BLUE_TINT_NODE,
    FILL_VALUE,
    INK,
    INK_SOFT,
    LINE_FADED,
    ORANGE,
    ORANGE_TEXT,
    TEXT_FADED,
    VERMILLION,
    VERMILLION_TEXT,
)
from nnbook.figures.diagram_options import (
    Layout,
)

# --- Layout and style (lengths in inches, font sizes in points) ---

NODE_RADIUS = 0.24
FONT_SIZE = 10.5
SMALL_FONT_SIZE = 9.5  # never below 9 pt: the figures must stay readable on a phone
LINK_GREY = INK_SOFT
FADED = LINE_FADED
FADED_TEXT = TEXT_FADED
HIGHLIGHT_FILL = BLUE_TINT_NODE
VALUE_FILL = FILL_VALUE
PAD = 0.1  # white margin around the cropped figure


def _luminance(colour: str) -> float:
    """Relative luminance (0 = black, 1 = white), as the WCAG contrast rules define it."""
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(colour)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def text_shade(colour: str, contrast: float = 4.5) -> str:
    """``colour``, darkened just enough for text in it to be readable on white.

    Okabe-Ito orange and vermillion are fine for lines but too light for small text;
    the book's own darker shades are used for those, and any other colour is darkened
    step by step until its contrast with white reaches ``contrast`` (4.5:1 is the WCAG
    minimum for normal text).
    """
    known = {to_hex(ORANGE): ORANGE_TEXT, to_hex(VERMILLION): VERMILLION_TEXT}
    shade = to_hex(colour)
    if shade in known:
        return known[shade]
    rgb = np.array(to_rgb(shade))
    while 1.05 / (_luminance(to_hex(rgb)) + 0.05) < contrast:
        rgb = rgb * 0.92
    return to_hex(rgb)


def _tint(colour: str, strength: float = 0.16) -> str:
    """A pale version of ``colour`` (mixed with white), to fill a highlighted node."""
    return to_hex(1.0 - strength * (1.0 - np.array(to_rgb(colour))))


def _fmt(value: Any, spec: str) -> str:
    """A number in ``spec``, with a real minus sign; strings stay as they are."""
    return value if isinstance(value, str) else spec.format(value).replace("-", "\u2212")


# --- Small drawing helpers ---


def _inch_axes(width: float = 6.0, height: float = 4.0) -> tuple[Figure, Axes]:
    """A figure whose single axes fill it, with one data unit per inch."""
    fig = plt.figure(figsize=(width, height), facecolor="white")
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    ax.set_axis_off()
    ax.set_xlim(-width / 2, width / 2)
    ax.set_ylim(-height / 2, height / 2)
    return fig, ax


def _text(
    ax: Axes, x: float, y: float, text: str, *, size: float = FONT_SIZE, box: Mapping | None = None, **kwargs: Any
) -> Artist:
    options = {"ha": "center", "va": "center", "color": INK, "zorder": 5, "clip_on": False}
    options.update(kwargs)
    bbox = None if box is None else {"boxstyle": "round,pad=0.22", "lw": 0.9, **box}
    return ax.text(x, y, text, fontsize=size, bbox=bbox, **options)


def _along(start: tuple[float, float], end: tuple[float, float], t: float) -> np.ndarray:
    return np.asarray(start) + t * (np.asarray(end) - np.asarray(start))


def _node_positions(sizes: Sequence[int], layout: Layout) -> list[list[tuple[float, float]]]:
    """Centres of the nodes, layer by layer; node 0 on top, each layer centred vertically."""
    x0, y0 = layout.origin
    layer_gap, node_gap = layout.gap_for(len(sizes)), layout.node_gap
    return [[(x0 + m * layer_gap, y0 + ((n - 1) / 2 - i) * node_gap) for i in range(n)] for m, n in enumerate(sizes)]


def _link_name(j: int, k: int) -> str:
    return rf"$w_{{{j + 1},{k + 1}}}$"


def _content_box(fig: Figure, ax: Axes) -> Bbox:
    """The smallest box (in data units, i.e. inches) that holds every drawn artist."""
    renderer = fig.canvas.get_renderer()
    boxes = []
    for artist in [*ax.texts, *ax.patches, *ax.lines]:
        if not artist.get_visible():
            continue
        boxes.append(artist.get_window_extent(renderer))
        patch = artist.get_bbox_patch() if hasattr(artist, "get_bbox_patch") else None
        if patch is not None:
            artist.update_bbox_position_size(renderer)  # the box around a label is placed at draw time
            boxes.append(patch.get_window_extent(renderer))
    if not boxes:
        raise ValueError("nothing was drawn, so the figure has no size")
    return Bbox.union(boxes).transformed(ax.transData.inverted())


def _common_box(figures: Iterable[Figure]) -> Bbox:
    """The smallest box holding the contents of all ``figures`` (made by this module).

    Slider frames drawn into this box all get the same size, so the page does not jump
    when the reader moves the slider.
    """
    boxes = []
    for fig in figures:
        (x0, x1), (y0, y1) = fig.axes[0].get_xlim(), fig.axes[0].get_ylim()
        boxes.append(Bbox.from_extents(x0 + PAD, y0 + PAD, x1 - PAD, y1 - PAD))
        plt.close(fig)
    return Bbox.union(boxes)


def _fit_to_content(fig: Figure, ax: Axes, pad: float = PAD, box: Bbox | None = None) -> Figure:
    """Crop (or grow) the figure to its contents (or to ``box``), keeping one data unit per inch."""
    box = _content_box(fig, ax) if box is None else box
    width, height = box.width + 2 * pad, box.height + 2 * pad
    fig.set_size_inches(width, height)
    ax.set_xlim(box.x0 - pad, box.x1 + pad)
    ax.set_ylim(box.y0 - pad, box.y1 + pad)
    return fig


def fit_axes_to_drawing(ax: Axes, pad: float = PAD) -> Axes:
    """Frame a drawing made by ``draw_network(..., ax=ax)`` in a panel of someone else's figure.

    :func:`draw_network` lays a network out in inches and, given no ``ax``, sizes its own
    figure to match. A panel of a bigger figure has a size of its own instead, so here its
    limits are set to the drawing (plus ``pad`` inches) with equal scales across and up:
    the drawing grows or shrinks as a whole to fill the panel. Text keeps its size in
    points, so the panel should not be much smaller than the drawing, or labels crowd.
    """
    ax.set_axis_off()
    ax.set_aspect("equal", adjustable="box")
    for _ in range(4):  # text measured in data units depends on the scale, which depends on the limits
        box = _content_box(ax.figure, ax)
        ax.set_xlim(box.x0 - pad, box.x1 + pad)
        ax.set_ylim(box.y0 - pad, box.y1 + pad)
        ax.apply_aspect()
    return ax
