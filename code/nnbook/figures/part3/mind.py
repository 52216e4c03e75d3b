"""The figures of Part 3's "Inside the mind": back-query pictures, blends and single nodes.

Every back-query picture is drawn from its *signal* (:func:`nnbook.experiments.backquery.input_signal`),
divided by its largest size and shown on a diverging scale from -1 to +1: blue where the backwards
signal says ink goes with the answer, vermillion where it says against, white where it has nothing
to say (a hint, not a measured effect of ink). So "no signal" is
the same white in every panel, which a grey stretch into 0.01..0.99 cannot promise.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch
from numpy.typing import ArrayLike

from nnbook.experiments.backquery import (
    _a,
    blended_targets,
    hidden_node_signal,
    input_signal,
    label_templates,
    strongest_helpers,
    target_variants,
)
from nnbook.figures.colours import (
    BLUE,
    FILL_LIGHT,
    GREY,
    INK,
    LINE_FRAME,
    ORANGE,
    ORANGE_TEXT,
    VERMILLION,
)
from nnbook.figures.digits import (
    as_square,
    digit_and_outputs_figure,
    show_digit,
)
from nnbook.figures.style import frame_picture, new_drawing, new_figure, tidy_axes
from nnbook.network import NeuralNetwork
from nnbook.web.widgets import InteractiveFigure

__all__ = [
    "blend_browser",
    "blend_figure",
    "hidden_scan_figure",
    "query_directions_figure",
    "target_variants_figure",
    "template_browser",
    "template_figure",
    "template_grid_figure",
]

# --------------------------------------------------------------------------- drawing helpers


def _white_figure(width: float, height: float, rows: int = 1, cols: int = 1, **options) -> tuple[Figure, np.ndarray]:
    """A figure in the book's style, laid out by matplotlib (colour bars need it), axes as ``(rows, cols)``."""
    return new_figure(width, height, rows, cols, squeeze=False, layout="constrained", **options)


SIGNAL_CMAP = LinearSegmentedColormap.from_list("backquery_signal", [VERMILLION, "white", BLUE])
"""Negative signal vermillion, zero white, positive blue (Okabe-Ito ends: safe for colour-blind readers)."""


def _ink_scale(axes: np.ndarray, image) -> None:
    """A colour bar beside ``axes`` (an array of panels) that says what the colours mean."""
    bar = image.figure.colorbar(image, ax=list(np.ravel(axes)), fraction=0.046, pad=0.04, ticks=[-1.0, 0.0, 1.0])
    bar.ax.set_yticklabels(["ink here\ngoes against", "no signal", "ink here\ngoes with\nthe answer"], fontsize=9)
    bar.outline.set_edgecolor(LINE_FRAME)


def signal_scale(signal: ArrayLike) -> np.ndarray:
    """A signal divided by its largest size, so it runs within -1..+1 with zero kept at zero."""
    values = np.asarray(signal, dtype=np.float64)
    top = np.abs(values).max()
    return values / top if top > 0.0 else np.zeros_like(values)


def _draw_template(ax: Axes, signal: ArrayLike, title: str | None = None):
    """A back-query signal, symmetric about zero (white); returns the image for a colour bar."""
    image = ax.imshow(as_square(signal_scale(signal)), cmap=SIGNAL_CMAP, vmin=-1.0, vmax=1.0, interpolation="none")
    frame_picture(ax)
    if title:
        ax.set_title(title, fontsize=10, color=INK)
    return image


# --------------------------------------------------------------------------- figures


def query_directions_figure(digit: ArrayLike, template: ArrayLike, label: int) -> Figure:
    """Two rows: a query (picture -> network -> label) and a back query (label -> network -> picture).

    ``digit`` is a real handwritten digit (raw or scaled, ``(784,)``), ``template`` the back
    query's signal for ``label`` (:func:`input_signal`). Arrows run left to right on top and right to left below.
    """
    fig, canvas = new_drawing(7.0, 3.9, (0, 7.0), (0, 3.9), fill=True)
    rows = (
        (2.85, "query: a picture in, an answer out", digit, BLUE, 1),
        (0.95, "back query: an answer in, a picture out", template, ORANGE, -1),
    )
    for y, heading, picture, colour, direction in rows:
        canvas.text(0.15, y + 0.82, heading, fontsize=11, color=INK, va="center")
        picture_ax = fig.add_axes((0.15 / 7.0, (y - 0.62) / 3.9, 1.25 / 7.0, 1.25 / 3.9))
        if direction > 0:
            show_digit(picture, picture_ax)
        else:
            _draw_template(picture_ax, picture)
        canvas.add_patch(
            FancyBboxPatch(
                (2.65, y - 0.45), 1.9, 0.9, boxstyle="round,pad=0.05", facecolor=FILL_LIGHT, edgecolor=GREY, lw=1.2
            )
        )
        canvas.text(3.6, y + 0.12, "trained network", ha="center", va="center", fontsize=10.5, color=INK)
        canvas.text(
            3.6,
            y - 0.2,
            "784 → 200 → 10" if direction > 0 else "10 → 200 → 784",
            ha="center",
            va="center",
            fontsize=9.5,
            color=INK,
        )
        canvas.text(6.2, y, str(label), ha="center", va="center", fontsize=34, color=INK, fontweight="bold")
        for start, end in (((1.55, y), (2.55, y)), ((4.65, y), (5.75, y))):
            if direction < 0:
                start, end = end, start
            canvas.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=18, lw=2.2, color=colour))
    return fig


def template_figure(template: ArrayLike, label: int) -> Figure:
    """One back-query signal (:func:`input_signal`), large, with a colour bar saying what the colours mean."""
    fig, axes = _white_figure(4.2, 3.3)
    image = _draw_template(axes[0, 0], template, f"the back query of label {label}")
    _ink_scale(axes, image)
    return fig


def template_grid_figure(
    templates: ArrayLike, labels: Sequence[int] | None = None, *, title_format: str = "label {label}"
) -> Figure:
    """Back-query signals in rows of five, each titled with the label it was asked for, one colour bar.

    ``templates`` is ``(n, 784)`` signals (:func:`label_signals`); ``labels`` defaults to
    0, 1, ..., n - 1. Each panel is scaled by its own largest size, so zero is white in all.
    """
    pictures = np.asarray(templates, dtype=np.float64)
    labels = list(range(len(pictures))) if labels is None else list(labels)
    columns = 5
    rows = -(-len(pictures) // columns)
    fig, axes = _white_figure(1.45 * columns + 1.3, 1.55 * rows, rows, columns)
    image = None
    for ax, picture, label in zip(axes.flat, pictures, labels):
        image = _draw_template(ax, picture, title_format.format(label=label))
    for ax in list(axes.flat)[len(pictures) :]:
        ax.axis("off")
    if image is not None:
        _ink_scale(axes, image)
    return fig


def _target_bars(ax: Axes, targets: np.ndarray) -> None:
    """The targets asked for, as ten small bars (orange, hatched: asked for; grey: not)."""
    strong = targets > 0.05
    bars = ax.bar(
        range(len(targets)), targets, width=0.72, color=[ORANGE if s else GREY for s in strong], edgecolor="white"
    )
    for bar, is_strong in zip(bars, strong):
        if is_strong:
            bar.set_hatch("//")
            bar.set_edgecolor(ORANGE_TEXT)
    for node, value in enumerate(targets):
        if value > 0.05:
            ax.text(node, value + 0.03, f"{value:.2f}", ha="center", va="bottom", fontsize=9, color=INK)
    ax.set_xticks(range(len(targets)))
    ax.set_ylim(0.0, 1.15)
    ax.set_yticks([0.0, 0.5, 1.0])
    ax.set_xlabel("output node")
    ax.set_ylabel("target asked for")
    tidy_axes(ax)


def blend_figure(net: NeuralNetwork, first: int, second: int, mix: float) -> Figure:
    """Left: the targets of :func:`blended_targets`; right: the picture the back query gives for them."""
    targets = blended_targets(first, second, mix, net.layer_sizes[-1])
    fig, axes = _white_figure(6.6, 2.7, 1, 2, gridspec_kw={"width_ratios": [1.7, 1.0]})
    _target_bars(axes[0, 0], targets)
    _draw_template(axes[0, 1], input_signal(net, targets), f"{100 * (1 - mix):.0f}% {first}, {100 * mix:.0f}% {second}")
    return fig


def target_variants_figure(net: NeuralNetwork, label: int = 7, confidence: float = 0.7) -> Figure:
    """Four back queries in a 2 x 2 grid: sure, unsure, no digit, every digit (see :func:`target_variants`)."""
    variants = target_variants(label, confidence, net.layer_sizes[-1])
    fig, axes = _white_figure(5.6, 5.0, 2, 2)
    for ax, (title, targets) in zip(axes.flat, variants.items()):
        image = _draw_template(ax, input_signal(net, targets), title)
    _ink_scale(axes, image)
    return fig


def hidden_scan_figure(net: NeuralNetwork, label: int, count: int = 5, *, columns: int = 3) -> Figure:
    """The hidden nodes that push output ``label`` up the most, each drawn as its incoming weights.

    The first panel is the back query of ``label`` itself, for comparison; each hidden
    panel is titled with the node's number and its weight to output ``label``. Panels
    run in rows of ``columns`` (three keeps them large enough on a phone).
    """
    nodes = strongest_helpers(net, label, count)
    rows = -(-(count + 1) // columns)  # ceiling division
    fig, axes = _white_figure(1.6 * columns + 1.3, 2.05 * rows, rows, columns)
    panels = list(axes.flat)
    image = _draw_template(panels[0], input_signal(net, label), f"label {label}\n(whole network)")
    for ax, node in zip(panels[1:], nodes):
        _draw_template(
            ax, hidden_node_signal(net, int(node)), f"hidden node {node}\nweight {net.who[label, node]:+.2f}"
        )
    for ax in panels[count + 1 :]:
        ax.axis("off")
    _ink_scale(axes, image)
    return fig


# --------------------------------------------------------------------------- interactive figures


def template_browser(net: NeuralNetwork, templates: ArrayLike | None = None, *, initial: int = 0) -> InteractiveFigure:
    """A slider over the labels: each label's back-query picture, and what the network reads in it.

    Left, the picture the network links with the label; right, the ten outputs the network
    gives when that picture is fed forwards again (its answer in blue). Ten frames.
    """
    pictures = label_templates(net) if templates is None else np.asarray(templates, dtype=np.float64)
    readings = net.query_batch(pictures)
    answers = readings.argmax(axis=1)

    def draw(label: int) -> Figure:
        return digit_and_outputs_figure(pictures[label], readings[label], title=f"back query of {label}", label=label)

    def alt(label: int) -> str:
        verdict = "reads it as" if answers[label] == label else "does not read it as"
        return (
            f"Left: a blurry grey picture, the back query of label {label}, with dark and light "
            f"patches. Right: ten bars, the network's outputs when this picture is fed forwards; "
            f"the tallest is node {answers[label]} at {readings[label, answers[label]]:.2f}, so it "
            f"{verdict} {_a(label)} {label}."
        )

    def caption(label: int) -> str:
        if answers[label] == label:
            return (
                f"Asked for {_a(label)} {label}, the network draws this. Fed back in, it reads "
                f"<b>{label}</b> ({readings[label, label]:.2f})."
            )
        return (
            f"Asked for {_a(label)} {label}, the network draws this. Fed back in, it reads "
            f"<b>{answers[label]}</b> ({readings[label, answers[label]]:.2f}), not {label} "
            f"({readings[label, label]:.2f})."
        )

    return InteractiveFigure(
        list(range(len(pictures))), draw, label="label asked for", alt=alt, caption=caption, initial=initial
    )


def blend_browser(net: NeuralNetwork, first: int = 3, second: int = 8, *, steps: int = 11) -> InteractiveFigure:
    """A slider that shifts the request from ``first`` to ``second`` in ``steps`` steps (see :func:`blend_figure`)."""
    if steps < 2:
        raise ValueError(f"steps must be at least 2, got {steps}")
    mixes = [round(float(m), 3) for m in np.linspace(0.0, 1.0, steps)]

    def alt(mix: float) -> str:
        targets = blended_targets(first, second, mix, net.layer_sizes[-1])
        return (
            f"Left: ten bars of targets, {targets[first]:.2f} on node {first} and {targets[second]:.2f} "
            f"on node {second}, 0.01 elsewhere. Right: the back-query picture for these targets, "
            f"a grey blur with darker and lighter patches."
        )

    def caption(mix: float) -> str:
        return (
            f"Asking for {100 * (1 - mix):.0f}% of {_a(first)} {first} and {100 * mix:.0f}% of {_a(second)} {second}."
        )

    return InteractiveFigure(
        mixes,
        lambda mix: blend_figure(net, first, second, mix),
        label=f"from {first} to {second}",
        alt=alt,
        caption=caption,
        value_format="{:.1f}",
    )
