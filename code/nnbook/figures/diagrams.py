"""Diagrams of small neural networks: nodes in layers, links, and what flows along them.

One function, :func:`draw_network`, draws every network picture of Part 1: plain layers
of nodes, links labelled with their weights (or their names w_{j,k}), values beside the
nodes, errors, the pieces of error that travel back along the links, and links or nodes
picked out in colours of their own. Its arguments are the numbers a network carries;
what it writes (:class:`Labels`), how it writes numbers (:class:`Formats`) and where it
puts things (:class:`Layout`) are three small groups a call gives only when it departs
from the defaults (defined, with the checks of the arguments, in
:mod:`nnbook.figures.diagram_options`; importable from here too). Inside, it checks its
arguments once and then draws in three passes: links (with their labels and pieces of
error), nodes (with their values and errors), and captions. The other drawings here
build on it: :func:`draw_network_panels` puts several networks side by side, and
:func:`draw_node_detail` opens up a single node. :func:`fit_axes_to_drawing` fits a
network into a panel of a figure made elsewhere; the interactive figures made of these
drawings are in :mod:`nnbook.figures.part1.signal_sliders`.

How the layout works, so that labels stay readable on a phone:

- The drawing is made in inches: one data unit is one inch of the finished figure. Font
  sizes (points) and distances (inches) therefore agree, whatever the network's size, and
  the figure is cropped to its contents at the end. Text is never smaller than 9 pt.
- Weight labels sit at the same fraction of the way along every link (70 % by default),
  close to the *receiving* node. The labels of the links into one node are then stacked
  one above the other, in the order of the row of the weight matrix that holds them.
- Pieces of error sit near the *sending* node (30 % of the way), where they are added up
  into that node's error, so a column of the matrix is stacked there.

Conventions: ``weights[m]`` is the matrix of the links from layer m to layer m + 1, with
one row per receiving node and one column per sending node, so ``W[k, j]`` is w_{j,k}
(Python counts nodes from 0; names printed on the figure count from 1, like the text).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch
from numpy.typing import ArrayLike

from nnbook.figures.colours import (
    BLUE,
    INK,
    INK_MID,
    ORANGE,
    ORANGE_TEXT,
    VERMILLION,
    VERMILLION_TEXT,
)
from nnbook.figures.diagram_options import (
    NODE_GAP,
    Formats,
    Labels,
    Layout,
    per_gap,
    per_layer,
)
from nnbook.figures.drawing import (
    FADED,
    FADED_TEXT,
    FONT_SIZE,
    HIGHLIGHT_FILL,
    LINK_GREY,
    NODE_RADIUS,
    PAD,
    SMALL_FONT_SIZE,
    VALUE_FILL,
    _along,
    _content_box,
    _fit_to_content,
    _fmt,
    _inch_axes,
    _link_name,
    _node_positions,
    _text,
    _tint,
    fit_axes_to_drawing,
    text_shade,
)
from nnbook.figures.part1.backprop import (
    sigmoid,
)

__all__ = [
    "Formats",
    "Labels",
    "Layout",
    "draw_network",
    "fit_axes_to_drawing",
    "draw_network_panels",
    "draw_node_detail",
    "latex_matrix",
    "text_shade",
]


Highlight = Iterable[tuple[int, ...]] | Mapping[tuple[int, ...], str]


def _split_highlight(
    highlight: Highlight | None, sizes: Sequence[int]
) -> tuple[set[tuple[int, int]], set[tuple[int, int, int]], dict[tuple[int, ...], str]]:
    """The highlighted nodes, the highlighted links, and the colour each one is drawn in."""
    nodes: set[tuple[int, int]] = set()
    links: set[tuple[int, int, int]] = set()
    colours: dict[tuple[int, ...], str] = {}
    chosen = highlight if isinstance(highlight, Mapping) else dict.fromkeys(highlight or (), BLUE)
    for raw, colour in chosen.items():
        item = tuple(int(i) for i in raw)
        if len(item) == 2 and 0 <= item[0] < len(sizes) and 0 <= item[1] < sizes[item[0]]:
            nodes.add(item)  # (layer, node)
        elif (
            len(item) == 3
            and 0 <= item[0] < len(sizes) - 1
            and 0 <= item[1] < sizes[item[0]]
            and 0 <= item[2] < sizes[item[0] + 1]
        ):
            links.add(item)  # (gap, sending node j, receiving node k)
        else:
            raise ValueError(
                f"cannot highlight {item}: give (layer, node) for a node or (gap, j, k) for "
                f"the link from node j of layer gap to node k of the next layer, counting from 0; "
                f"the layer sizes are {list(sizes)}"
            )
        try:
            colours[item] = to_hex(colour)
        except ValueError:
            raise ValueError(
                f"highlight colour {colour!r} for {item} is not a colour matplotlib knows; "
                f'give a name such as "tab:blue" or a hex code such as "{BLUE}"'
            ) from None
    return nodes, links, colours


# --- The network diagram ---


@dataclass(frozen=True)
class _Lit:
    """The highlighted nodes and links and their colours; when there are any, the rest fades."""

    nodes: set[tuple[int, int]]
    links: set[tuple[int, int, int]]
    colours: dict[tuple[int, ...], str]
    own_colours: bool  # given as a dict; a list keeps the original look: blue, black labels

    @property
    def focus(self) -> bool:
        return bool(self.nodes or self.links)

    def link_faded(self, link: tuple[int, int, int]) -> bool:
        return self.focus and link not in self.links

    def node_faded(self, node: tuple[int, int]) -> bool:
        """Faded unless the node is highlighted or at either end of a highlighted link."""
        m, i = node
        return (
            self.focus
            and node not in self.nodes
            and not any((m, i) == (g, j) or (m, i) == (g + 1, k) for g, j, k in self.links)
        )


def _lit(highlight: Highlight | None, sizes: Sequence[int]) -> _Lit:
    nodes, links, colours = _split_highlight(highlight, sizes)
    return _Lit(nodes, links, colours, isinstance(highlight, Mapping))


@dataclass(frozen=True)
class _Network:
    """What :func:`draw_network` was given, checked against the layer sizes and placed.

    Per layer (``node_labels``, ``values``, ``errors``) or per pair of layers (``weights``,
    ``shares``, ``widths``, ``link_texts``) one entry or None, so that the drawing
    functions below index them without checking again.
    """

    sizes: list[int]
    centres: list[list[tuple[float, float]]]
    weights: list[np.ndarray | None]
    shares: list[np.ndarray | None]
    widths: list[np.ndarray | None]
    node_labels: list[list[Any] | None]
    values: list[list[Any] | None]
    errors: list[list[Any] | None]
    lit: _Lit
    link_texts: list[np.ndarray | None]
    layer_names: list[str]
    labels: Labels
    formats: Formats


def draw_network(
    layer_sizes: Sequence[int],
    weights: Sequence[ArrayLike | None] | ArrayLike | None = None,
    *,
    values: Sequence[Sequence[float | str] | None] | None = None,
    errors: Sequence[Sequence[float | str] | None] | None = None,
    error_shares: Sequence[ArrayLike | None] | ArrayLike | None = None,
    link_widths: Sequence[ArrayLike | None] | ArrayLike | None = None,
    highlight: Highlight | None = None,
    labels: Labels = Labels(),
    formats: Formats = Formats(),
    layout: Layout = Layout(),
    ax: Axes | None = None,
) -> Figure:
    """Draw a fully connected network: layers of nodes and the links between them.

    The numbers a network carries are arguments of their own; its words, the way its
    numbers are written and its layout come in three small groups (:class:`Labels`,
    :class:`Formats`, :class:`Layout`), which a figure gives only when it departs from
    the defaults.

    Parameters
    ----------
    layer_sizes
        Nodes per layer, from the inputs on the left to the outputs on the right, e.g. (2, 2).
    weights
        Per pair of neighbouring layers, a weight matrix of shape (n_receiving, n_sending)
        (``W[k, j]`` = w_{j,k}), or None. A two-layer network may get its one matrix directly.
    values
        Per layer, a value to show beside each node (numbers go through ``formats.value``;
        strings, which may span lines, are shown as they are). Inputs sit left of the first
        layer, outputs right of the last, and hidden values below their nodes.
    errors
        Per layer, an error per node, drawn in vermillion beside the value (if any). Numbers
        appear as "e = ..."; strings as they are, e.g. "$e_1$ = 1.5" to name the node; a
        None entry leaves that node without one.
    error_shares
        Per pair of layers, an array like the weight matrix holding the piece of the
        receiving node's error that each link carries back (see
        :func:`nnbook.figures.part1.backprop.split_errors`). Each piece is drawn as a vermillion arrow
        pointing back along its link, as thick as its size, and labelled near the sender.
        A NaN entry draws no arrow, to show only some of the pieces.
    link_widths
        Per pair of layers, the line width (points) of each link, e.g. to show how strong
        a signal is; None draws every link 1.4 pt wide.
    highlight
        Nodes ``(layer, node)`` and links ``(gap, j, k)`` to stress, counting from 0; the
        rest of the drawing fades. ``(0, 1, 0)`` is the text's w_{2,1} of the first matrix.
        A list draws them all in blue; a dict ``{item: colour}`` gives each its own colour,
        and then a link's label is written in (a readable shade of) its colour too, so
        that the text can say "the orange weight".
    labels, formats, layout
        What to write, how to write numbers, and where things go: see their classes.
    ax
        Draw into this axes, which must use one data unit per inch (as those made here do),
        with the first layer's vertical centre line at ``layout.origin``. Without ``ax`` a
        new figure is made and cropped to its contents. To draw into a panel of another
        figure, call :func:`fit_axes_to_drawing` on it afterwards.

    Returns
    -------
    Figure
        The figure holding the drawing: about 4 to 6 inches wide for the networks of Part 1.
    """
    sizes = _checked_sizes(layer_sizes)
    net = _Network(
        sizes=sizes,
        centres=_node_positions(sizes, layout),
        weights=per_gap("weights", weights, sizes),
        shares=per_gap("error_shares", error_shares, sizes),
        widths=per_gap("link_widths", link_widths, sizes),
        node_labels=per_layer("Labels.nodes", labels.nodes, sizes),
        values=per_layer("values", values, sizes),
        errors=per_layer("errors", errors, sizes),
        lit=_lit(highlight, sizes),
        link_texts=labels.link_texts(sizes),
        layer_names=labels.layer_names(sizes),
        labels=labels,
        formats=formats,
    )
    own_figure = ax is None
    fig, ax = _inch_axes() if own_figure else (ax.figure, ax)
    _draw_links(ax, net, layout)
    _draw_nodes(ax, net)
    _draw_captions(ax, net)
    return _fit_to_content(fig, ax) if own_figure else fig


def _checked_sizes(layer_sizes: Sequence[int]) -> list[int]:
    sizes = [int(n) for n in layer_sizes]
    if len(sizes) < 2 or min(sizes) < 1:
        raise ValueError(f"a network needs at least two layers of at least one node each, got {sizes}")
    return sizes


def _draw_links(ax: Axes, net: _Network, layout: Layout) -> None:
    """Every link, gap by gap, with its label and the piece of error travelling back along it."""
    for m in range(len(net.sizes) - 1):
        at_label = layout.label_at(net.sizes[m])
        at_share = layout.share_at(net.sizes[m + 1])
        biggest = _biggest_error(net.shares[m])
        for k, end in enumerate(net.centres[m + 1]):
            for j, start in enumerate(net.centres[m]):
                _draw_link(ax, net, (m, j, k), (start, end), at_label)
                if net.shares[m] is not None and not np.isnan(net.shares[m][k, j]):
                    _draw_share(ax, net, (m, j, k), (start, end), at_share, biggest)


def _biggest_error(shares: np.ndarray | None) -> float:
    """The biggest error shared out in a gap: arrow widths compare each piece with it."""
    if shares is None:
        return 1.0
    return float(np.nanmax(np.abs(np.nansum(shares, axis=1)))) or 1.0


def _direction(start: tuple[float, float], end: tuple[float, float]) -> np.ndarray:
    """The unit vector from ``start`` to ``end``."""
    return np.subtract(end, start) / np.hypot(*np.subtract(end, start))


def _draw_link(
    ax: Axes,
    net: _Network,
    link: tuple[int, int, int],
    ends: tuple[tuple[float, float], tuple[float, float]],
    at_label: float,
) -> None:
    """One link: an arrow from node edge to node edge, and its label ``at_label`` of the way along."""
    m, j, k = link
    start, end = ends
    r = NODE_RADIUS
    lit = link in net.lit.links
    faded = net.lit.link_faded(link)
    colour = net.lit.colours[m, j, k] if lit else (FADED if faded else LINK_GREY)
    ink = text_shade(colour) if lit and net.lit.own_colours else (FADED_TEXT if faded else INK)
    width = net.widths[m][k, j] if net.widths[m] is not None else (2.6 if lit else 1.4)
    direction = _direction(start, end)
    ax.add_patch(
        FancyArrowPatch(
            tuple(np.add(start, direction * r)),
            tuple(np.subtract(end, direction * (r + 0.02))),
            arrowstyle="-|>",
            mutation_scale=9 + width,
            lw=width,
            color=colour,
            zorder=1,
            shrinkA=0,
            shrinkB=0,
            clip_on=False,
        )
    )
    text = _link_text(net, link)
    if text and (lit or not net.labels.only_highlighted):
        x, y = _along(start, end, at_label)
        size = SMALL_FONT_SIZE if net.formats.link_label_size is None else net.formats.link_label_size
        _text(ax, x, y, text, size=size, color=ink, box={"fc": "white", "ec": colour})


def _link_text(net: _Network, link: tuple[int, int, int]) -> str | None:
    """What :attr:`Labels.links` asks to write on one link, or None."""
    m, j, k = link
    mode = net.labels.link_mode
    if mode == "custom":
        return None if net.link_texts[m] is None else str(net.link_texts[m][k, j])
    if mode in ("values", "both") and net.weights[m] is not None:
        number = _fmt(net.weights[m][k, j], net.formats.weight)
        return number if mode == "values" else f"{_link_name(j, k)} = {number}"
    if mode == "names":
        return _link_name(j, k)
    return None


def _draw_share(
    ax: Axes,
    net: _Network,
    link: tuple[int, int, int],
    ends: tuple[tuple[float, float], tuple[float, float]],
    at_share: float,
    biggest: float,
) -> None:
    """One piece of error: a vermillion arrow back along its link, as thick as the piece, labelled near the sender."""
    m, j, k = link
    start, end = ends
    piece = net.shares[m][k, j]
    faded = net.lit.link_faded(link)
    direction = _direction(start, end)
    normal = np.array([-direction[1], direction[0]]) * 0.075
    arrow_width = 1.0 + 2.6 * min(1.0, abs(piece) / biggest)
    tail = _along(start, end, 0.86) + normal
    head = _along(start, end, 0.1) + normal
    ax.add_patch(
        FancyArrowPatch(
            tuple(tail),
            tuple(head),
            arrowstyle="-|>",
            mutation_scale=10 + 2 * arrow_width,
            lw=arrow_width,
            color=VERMILLION,
            alpha=0.35 if faded else 0.95,
            zorder=2,
            shrinkA=0,
            shrinkB=0,
            clip_on=False,
        )
    )
    x, y = _along(start, end, at_share) + normal
    _text(
        ax,
        x,
        y,
        _fmt(piece, net.formats.error),
        size=SMALL_FONT_SIZE,
        color=FADED_TEXT if faded else VERMILLION_TEXT,
        box={"fc": "white", "ec": VERMILLION},
    )


def _draw_nodes(ax: Axes, net: _Network) -> None:
    """Every node with its label, and its value and error beside it."""
    last = len(net.sizes) - 1
    for m, layer in enumerate(net.centres):
        for i, (x, y) in enumerate(layer):
            faded = net.lit.node_faded((m, i))
            _draw_node(ax, net, (m, i), (x, y), faded)
            side = "left" if m == 0 else ("right" if m == last else "below")
            _place_tags(ax, x, y, _node_tags(net, (m, i), faded), side)


def _draw_node(ax: Axes, net: _Network, node: tuple[int, int], centre: tuple[float, float], faded: bool) -> None:
    """One node: a circle, filled pale in its colour when highlighted, with its label inside."""
    m, i = node
    x, y = centre
    lit = node in net.lit.nodes
    fill = (_tint(net.lit.colours[m, i]) if net.lit.own_colours else HIGHLIGHT_FILL) if lit else "white"
    ax.add_patch(
        Circle(
            (x, y),
            NODE_RADIUS,
            fc=fill,
            ec=net.lit.colours[m, i] if lit else (FADED if faded else INK),
            lw=2.4 if lit else 1.5,
            zorder=3,
            clip_on=False,
        )
    )
    label = str(i + 1) if net.node_labels[m] is None else str(net.node_labels[m][i])
    if label:
        _text(ax, x, y, label, color=FADED_TEXT if faded else INK)


def _node_tags(net: _Network, node: tuple[int, int], faded: bool) -> list[tuple[str, str, dict]]:
    """The value and the error to write beside a node: (text, colour, box) each."""
    m, i = node
    tags = []
    if net.values[m] is not None and net.values[m][i] is not None:
        tags.append(
            (_fmt(net.values[m][i], net.formats.value), FADED_TEXT if faded else INK, {"fc": VALUE_FILL, "ec": "none"})
        )
    if net.errors[m] is not None and net.errors[m][i] is not None:
        error = net.errors[m][i]
        tags.append(
            (
                error if isinstance(error, str) else f"e = {_fmt(error, net.formats.error)}",
                FADED_TEXT if faded else VERMILLION_TEXT,
                {"fc": "white", "ec": FADED if faded else VERMILLION},
            )
        )
    return tags


def _draw_captions(ax: Axes, net: _Network) -> None:
    """The layer names above the layers, the gap names below the links, the title above all."""
    centres, r = net.centres, NODE_RADIUS
    top = max(y for layer in centres for _, y in layer) + r
    names = net.layer_names
    for m, name in enumerate(names):
        if name:
            _text(ax, centres[m][0][0], top + 0.22, name, va="bottom", size=FONT_SIZE, color=INK_MID)
    if net.labels.gaps is not None:
        bottom = min(y for layer in centres for _, y in layer) - r
        for m, name in enumerate(net.labels.gaps):
            if name:  # midway between two layers, clear of the tags below hidden nodes
                middle = (centres[m][0][0] + centres[m + 1][0][0]) / 2
                _text(ax, middle, bottom - 0.12, name, va="top", size=FONT_SIZE, color=INK_MID)
    if net.labels.title:
        middle = (centres[0][0][0] + centres[-1][0][0]) / 2
        _text(
            ax,
            middle,
            top + (0.62 if any(names) else 0.25),
            net.labels.title,
            va="bottom",
            size=FONT_SIZE + 0.5,
            fontweight="bold",
        )


def _place_tags(ax: Axes, x: float, y: float, tags: list[tuple[str, str, dict]], side: str) -> None:
    """Values and errors next to a node: left of inputs, right of outputs, below hidden nodes."""
    if not tags:
        return
    r = NODE_RADIUS
    if side in ("left", "right"):
        sign = -1 if side == "left" else 1
        ha = "right" if side == "left" else "left"
        lines = [text.count("\n") + 1 for text, _, _ in tags]
        heights = [0.17 * n + 0.1 for n in lines]
        total = sum(heights) + 0.06 * (len(tags) - 1)
        top = y + total / 2
        for (text, colour, box), height in zip(tags, heights):
            _text(ax, x + sign * (r + 0.14), top - height / 2, text, ha=ha, color=colour, box=box)
            top -= height + 0.06
    else:
        top = y - r - 0.1
        for text, colour, box in tags:
            _text(ax, x, top, text, va="top", color=colour, box=box, size=SMALL_FONT_SIZE)
            top -= 0.17 * (text.count("\n") + 1) + 0.16


def draw_network_panels(
    panels: Sequence[Mapping[str, Any]],
    *,
    titles: Sequence[str] | None = None,
    gap: float = 0.45,
    stacked: bool = False,
) -> Figure:
    """Several networks in one figure, e.g. two ways of sharing an error.

    Each panel is a dict of :func:`draw_network` arguments (``layer_sizes`` is required;
    ``layout.origin`` is chosen here, to place the panel).
    The panels share one scale, so their text is the same size. They stand side by side,
    or one above the other with ``stacked=True`` (better for wide panels on a phone);
    ``titles`` go above them.
    """
    if titles is not None and len(titles) != len(panels):
        raise ValueError(f"got {len(titles)} titles for {len(panels)} panels")
    fig, ax = _inch_axes(12.0, 12.0)
    edge = None  # the right edge (side by side) or bottom edge (stacked) of the panels so far
    anchors = []  # where each panel's title goes: (x, y) or (x, None) for "above them all"
    for number, panel in enumerate(panels):
        options = dict(panel)
        sizes = options.pop("layer_sizes")
        layout = options.pop("layout", Layout())
        # Draw once in a scratch figure to learn how far the panel reaches around its origin.
        scratch = draw_network(sizes, layout=layout, **options)
        (left, right), (bottom, top) = scratch.axes[0].get_xlim(), scratch.axes[0].get_ylim()
        plt.close(scratch)
        left, right, bottom, top = left + PAD, right - PAD, bottom + PAD, top - PAD
        title_room = 0.45 if titles is not None and titles[number] else 0.0
        if stacked:
            origin = (0.0, 0.0 if edge is None else edge - gap - title_room - top)
            edge = origin[1] + bottom
            anchors.append((origin[0] + (left + right) / 2, origin[1] + top + 0.12))
        else:
            origin = (0.0 if edge is None else edge + gap - left, 0.0)
            edge = origin[0] + right
            anchors.append((origin[0] + (left + right) / 2, None))
        draw_network(sizes, layout=replace(layout, origin=origin), ax=ax, **options)
    if titles is not None:
        top_all = _content_box(fig, ax).y1 + 0.15
        for (x, y), title in zip(anchors, titles):
            if title:
                _text(ax, x, top_all if y is None else y, title, va="bottom", size=FONT_SIZE + 0.5, fontweight="bold")
    return _fit_to_content(fig, ax)


def draw_node_detail(
    inputs: ArrayLike,
    weights: ArrayLike,
    *,
    node_name: str = "node",
    input_format: str = "{:.1f}",
    weight_format: str = "{:.1f}",
    signal_format: str = "{:.2f}",
    output_format: str = "{:.4f}",
) -> Figure:
    """Inside one node: each signal times its link's weight, the sum, then the sigmoid.

    ``inputs`` (n_inputs,) are the values arriving from the previous layer and ``weights``
    (n_inputs,) the weights of the links into this node (one row of the weight matrix).
    """
    signals = np.asarray(inputs, dtype=float).ravel()
    row = np.asarray(weights, dtype=float).ravel()
    if signals.size != row.size:
        raise ValueError(f"{signals.size} inputs but {row.size} weights: give one weight per incoming link")
    moderated = signals * row
    x = float(moderated.sum())
    y = float(sigmoid(x))
    fig, ax = _inch_axes()
    r = NODE_RADIUS
    n = signals.size
    sum_x, act_x, half = 2.05, 3.5, 0.33  # centres of the two boxes, and their half-width

    def arrow(start: tuple[float, float], end: tuple[float, float]) -> None:
        ax.add_patch(
            FancyArrowPatch(
                start, end, arrowstyle="-|>", mutation_scale=11, lw=1.5, color=LINK_GREY, zorder=1, shrinkA=0, shrinkB=0
            )
        )

    for i in range(n):
        yi = ((n - 1) / 2 - i) * NODE_GAP
        ax.add_patch(Circle((0, yi), r, fc="white", ec=INK, lw=1.5, zorder=3))
        _text(ax, 0, yi, str(i + 1))
        _text(ax, -r - 0.14, yi, _fmt(signals[i], input_format), ha="right", box={"fc": VALUE_FILL, "ec": "none"})
        arrow((r, yi), (sum_x - half - 0.03, 0.0))
        lx, ly = _along((r, yi), (sum_x - half, 0.0), 0.48)
        _text(
            ax,
            lx,
            ly,
            f"{_fmt(signals[i], input_format)} × {_fmt(row[i], weight_format)} = {_fmt(moderated[i], signal_format)}",
            size=SMALL_FONT_SIZE,
            box={"fc": "white", "ec": LINK_GREY},
        )
    for centre, symbol, edge, ink in ((sum_x, "Σ", BLUE, BLUE), (act_x, "σ", ORANGE, ORANGE_TEXT)):
        ax.add_patch(
            FancyBboxPatch(
                (centre - half, -half),
                2 * half,
                2 * half,
                boxstyle="round,pad=0.02,rounding_size=0.12",
                fc="white",
                ec=edge,
                lw=2.0,
                zorder=3,
            )
        )
        _text(ax, centre, 0.0, symbol, size=20, color=ink)
    arrow((sum_x + half + 0.03, 0.0), (act_x - half - 0.03, 0.0))
    _text(ax, (sum_x + act_x) / 2, 0.08, f"x = {_fmt(x, signal_format)}", va="bottom", size=SMALL_FONT_SIZE)
    arrow((act_x + half + 0.03, 0.0), (act_x + half + 1.08, 0.0))
    _text(
        ax, act_x + half + 0.58, 0.1, f"y = {_fmt(y, output_format)}", va="bottom", box={"fc": VALUE_FILL, "ec": "none"}
    )
    sum_text = " + ".join(_fmt(v, signal_format) for v in moderated)
    _text(
        ax,
        sum_x,
        -half - 0.12,
        f"add up:\n{sum_text}\n= {_fmt(x, signal_format)}",
        va="top",
        size=SMALL_FONT_SIZE,
        color=BLUE,
        linespacing=1.3,
    )
    _text(
        ax,
        act_x,
        -half - 0.12,
        f"squash:\nsigmoid({_fmt(x, signal_format)})\n= {_fmt(y, output_format)}",
        va="top",
        size=SMALL_FONT_SIZE,
        color=ORANGE_TEXT,
        linespacing=1.3,
    )
    _text(ax, (sum_x + act_x) / 2, half + 0.2, node_name, va="bottom", size=FONT_SIZE, color=INK_MID)
    return _fit_to_content(fig, ax)


def latex_matrix(values: ArrayLike, spec: str = "{:g}") -> str:
    """A matrix or a column of numbers as LaTeX (a ``bmatrix``), for equations a page glues.

    A 1-D array becomes a column, which is how the book writes the signals of a layer.
    ``spec`` formats each number, e.g. "{:.3f}"; strings are written as they are.
    """
    array = np.asarray(values, dtype=object)
    if array.ndim == 1:
        array = array[:, None]
    if array.ndim != 2:
        raise ValueError(f"expected a matrix or a list of numbers, got an array of shape {array.shape}")
    rows = [" & ".join(_fmt(v, spec) if isinstance(v, str) else spec.format(float(v)) for v in row) for row in array]
    return r"\begin{bmatrix} " + r" \\ ".join(rows) + r" \end{bmatrix}"
