"""Looking inside a trained network by running it backwards (Part 3, "Inside the mind").

A trained network gives good answers but cannot say why: what it learned is smeared over
about 159,000 weights, and no single weight means much on its own. The *back query*
(:meth:`nnbook.network.NeuralNetwork.backquery`) turns the question round: instead of
"which label goes with this picture?" it asks "which picture goes with this label?".
This module turns back queries into pictures for the page:

* :func:`label_templates`: one back-query picture per label, ``(10, 784)``;
* :func:`blended_targets`, :func:`unsure_targets`: other things to ask the network for;
* :func:`hidden_node_picture`: a back query that starts in the hidden layer, showing
  which ink switches one hidden node on;
* figures (``*_figure``) and interactive figures (``*_browser``) built from them.

How to read the pictures. A back query's values run from 0.01 to 0.99 and are drawn like
ink: the higher, the darker. A **dark** pixel is one where ink pushes the network towards
the answer we asked for; a **light** pixel is one where ink pushes it away (that part of
the frame should stay empty); **mid grey** means ink there hardly matters either way.

Shapes: a picture is ``(784,)`` (28 x 28 read row by row); targets and output signals are
``(10,)``, each strictly between 0 and 1. The module only reads the network; it never
changes its weights.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch
from numpy.typing import ArrayLike

from .colours import BLUE, GREY, INK, ORANGE, ORANGE_TEXT
from .data import make_targets
from .evaluation import predict
from .mnist_figures import as_square, digit_and_outputs_figure, digit_grid_figure, show_digit
from .network import NeuralNetwork, logit
from .widgets import InteractiveFigure

__all__ = [
    "LOW",
    "HIGH",
    "blend_browser",
    "blend_figure",
    "blended_targets",
    "hidden_node_picture",
    "hidden_scan_figure",
    "label_templates",
    "query_directions_figure",
    "rescale_into",
    "score",
    "strongest_helpers",
    "target_variants",
    "target_variants_figure",
    "template_browser",
    "template_figure",
    "template_grid_figure",
    "unsure_targets",
    "without_hidden_nodes",
]

LOW, HIGH = 0.01, 0.99
"""The range every layer's values are stretched into before a logit (and the target range)."""



# --------------------------------------------------------------------------- scoring


def score(net: NeuralNetwork, inputs: ArrayLike, labels: ArrayLike, *, chunk: int = 64) -> float:
    """Fraction of the records ``net`` reads right, 0..1: ``inputs`` ``(n, 784)`` scaled, ``labels`` ``(n,)``.

    The same number as :func:`nnbook.evaluation.evaluate`, asked ``chunk`` records at a
    time: on a busy 2-core machine small matrix products run on one core, and 10,000
    test digits take a fraction of a second instead of several seconds.
    """
    records, wanted = np.asarray(inputs), np.asarray(labels)
    if records.ndim != 2 or len(records) != len(wanted) or len(records) == 0:
        raise ValueError(f"need one label per input record and at least one record; got inputs of shape "
                         f"{records.shape} and labels of shape {wanted.shape}")
    answers = np.concatenate([predict(net, records[start : start + chunk]) for start in range(0, len(records), chunk)])
    return float(np.mean(answers == wanted))


# --------------------------------------------------------------------------- what to ask for


def rescale_into(values: ArrayLike, low: float = LOW, high: float = HIGH) -> np.ndarray:
    """Stretch ``values`` linearly so the smallest becomes ``low`` and the largest ``high``.

    The back query needs this before every logit, which only accepts numbers strictly
    between 0 and 1. Only the *pattern* survives: adding a constant to all values, or
    multiplying them all by a positive number, gives the same result. If all values are
    equal there is no pattern to keep, and every value becomes the middle of the range.
    """
    numbers = np.asarray(values, dtype=np.float64)
    if not 0.0 < low < high < 1.0:
        raise ValueError(f"need 0 < low < high < 1 so that the logit is defined, got low={low}, high={high}")
    if numbers.size == 0:
        raise ValueError("nothing to rescale: values is empty")
    shifted = numbers - numbers.min()
    top = shifted.max()
    if top == 0.0:
        return np.full(numbers.shape, (low + high) / 2)
    return low + (high - low) * shifted / top


def label_templates(net: NeuralNetwork) -> np.ndarray:
    """The back query of every label: row ``k`` is the picture the network links with label ``k``.

    Shape ``(n_outputs, n_inputs)``, e.g. ``(10, 784)``, values in 0.01..0.99.
    """
    return np.stack([net.backquery(label) for label in range(net.layer_sizes[-1])])


def _a(digit: int) -> str:
    """The article for a digit said aloud: "an 8", "a 3"."""
    return "an" if int(digit) == 8 else "a"


def _check_label(label: int, n_outputs: int, name: str = "label") -> int:
    if isinstance(label, bool) or not isinstance(label, (int, np.integer)) or not 0 <= label < n_outputs:
        raise ValueError(f"{name} must be a whole number from 0 to {n_outputs - 1}, got {label!r}")
    return int(label)


def blended_targets(first: int, second: int, mix: float, n_outputs: int = 10) -> np.ndarray:
    """Targets that ask for two labels at once, shape ``(n_outputs,)``.

    ``mix`` = 0 asks for ``first`` alone (0.99 there, 0.01 elsewhere), ``mix`` = 1 for
    ``second`` alone; in between, the 0.98 above the floor of 0.01 is shared out, so
    ``mix`` = 0.5 asks for 0.50 on both. Every other output stays at 0.01.
    """
    first = _check_label(first, n_outputs, "first")
    second = _check_label(second, n_outputs, "second")
    if first == second:
        raise ValueError(f"blend two different labels, got {first} twice")
    if not 0.0 <= mix <= 1.0:
        raise ValueError(f"mix must lie between 0 (all {first}) and 1 (all {second}), got {mix}")
    targets = np.full(n_outputs, LOW)
    targets[first] += (HIGH - LOW) * (1.0 - mix)
    targets[second] += (HIGH - LOW) * mix
    return targets


def unsure_targets(label: int, confidence: float, n_outputs: int = 10) -> np.ndarray:
    """Targets of a network that only half believes: ``confidence`` on ``label``, ``1 - confidence`` elsewhere.

    ``confidence`` must lie strictly between 0.5 (no preference at all) and 1.
    ``unsure_targets(7, 0.99)`` equals the usual targets for a 7.
    """
    label = _check_label(label, n_outputs)
    if not 0.5 < confidence < 1.0:
        raise ValueError(f"confidence must lie strictly between 0.5 and 1, got {confidence}")
    targets = np.full(n_outputs, 1.0 - confidence)
    targets[label] = confidence
    return targets


def target_variants(label: int = 7, confidence: float = 0.7, n_outputs: int = 10) -> dict[str, np.ndarray]:
    """Four things to ask for, by title: the usual targets, an unsure version, none and all labels."""
    return {
        f"sure it is {_a(label)} {label}\n(0.99 and 0.01)": make_targets(label, n_classes=n_outputs),
        f"unsure it is {_a(label)} {label}\n({confidence:.2f} and {1 - confidence:.2f})": unsure_targets(
            label, confidence, n_outputs),
        "no digit at all\n(every output 0.01)": np.full(n_outputs, LOW),
        "every digit at once\n(every output 0.99)": np.full(n_outputs, HIGH),
    }


def hidden_node_picture(net: NeuralNetwork, node: int, on: float = HIGH) -> np.ndarray:
    """A back query that starts in the hidden layer: which input switches ``node`` on? ``(n_inputs,)``.

    The hidden layer is given the value ``on`` at ``node`` and 0.5 everywhere else. 0.5
    is the sigmoid's "no opinion": its logit is 0, so those nodes send nothing back.
    Then the usual steps: logit, back through the transposed input-to-hidden weights,
    stretch into 0.01..0.99. The result is the node's own incoming weights, stretched:
    dark where ink switches the node on, light where ink switches it off.
    """
    wih = net.wih
    n_hidden = wih.shape[0]
    node = _check_label(node, n_hidden, "node")
    if not 0.5 < on < 1.0:
        raise ValueError(f"on must lie strictly between 0.5 and 1, got {on}")
    hidden = np.full(n_hidden, 0.5)
    hidden[node] = on
    return rescale_into(wih.T.astype(np.float64) @ logit(hidden))


def without_hidden_nodes(net: NeuralNetwork, nodes: Sequence[int]) -> NeuralNetwork:
    """A copy of a 3-layer ``net`` in which the hidden ``nodes`` are cut out, like damaged neurons.

    Their links to the output layer are set to zero, so whatever they compute no longer
    reaches the answer; the network behaves exactly like one built without them. The
    original network is not changed.
    """
    damaged = NeuralNetwork.from_weights([net.wih, net.who], net.learning_rate, dtype=net.dtype)
    chosen = np.asarray(nodes, dtype=int)
    if chosen.size and not (0 <= chosen.min() and chosen.max() < net.who.shape[1]):
        raise ValueError(f"hidden nodes are numbered 0 to {net.who.shape[1] - 1}, got {chosen.tolist()}")
    damaged.who[:, chosen] = 0.0
    return damaged


def strongest_helpers(net: NeuralNetwork, label: int, count: int = 6) -> np.ndarray:
    """The ``count`` hidden nodes whose links to output ``label`` are the most positive, strongest first.

    When one of these nodes switches on, it pushes output ``label`` up the most.
    """
    weights = net.who[_check_label(label, net.layer_sizes[-1]), :]
    if not 1 <= count <= weights.size:
        raise ValueError(f"count must be between 1 and {weights.size} (the hidden nodes), got {count}")
    return np.argsort(weights)[::-1][:count]


# --------------------------------------------------------------------------- drawing helpers


def _white_figure(width: float, height: float, rows: int = 1, cols: int = 1, **options) -> tuple[Figure, np.ndarray]:
    fig, axes = plt.subplots(rows, cols, figsize=(width, height), facecolor="white", squeeze=False,
                             layout="constrained", **options)
    for ax in axes.flat:
        ax.set_facecolor("white")
    return fig, axes


def _ink_scale(ax: Axes, image) -> None:
    """A colour bar that says what dark and light mean in a back-query picture."""
    bar = ax.figure.colorbar(image, ax=ax, fraction=0.046, pad=0.04, ticks=[LOW, 0.5, HIGH])
    bar.ax.set_yticklabels(["ink here\ncounts against", "does not\nmatter", "ink here\ncounts for"], fontsize=9)
    bar.outline.set_edgecolor("#BBBBBB")


def _draw_template(ax: Axes, picture: ArrayLike, title: str | None = None):
    """A back-query picture on a fixed 0..1 scale (dark = high); returns the image for a colour bar."""
    image = ax.imshow(as_square(picture), cmap="Greys", vmin=0.0, vmax=1.0, interpolation="none")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_color("#BBBBBB")
    if title:
        ax.set_title(title, fontsize=10, color=INK)
    return image


# --------------------------------------------------------------------------- figures


def query_directions_figure(digit: ArrayLike, template: ArrayLike, label: int) -> Figure:
    """Two rows: a query (picture -> network -> label) and a back query (label -> network -> picture).

    ``digit`` is a real handwritten digit (raw or scaled, ``(784,)``), ``template`` the back
    query of ``label``. Arrows run left to right on top and right to left below.
    """
    fig = plt.figure(figsize=(7.0, 3.9), facecolor="white")
    canvas = fig.add_axes((0, 0, 1, 1))
    canvas.set_xlim(0, 7.0)
    canvas.set_ylim(0, 3.9)
    canvas.axis("off")
    rows = ((2.85, "query: a picture in, an answer out", digit, BLUE, 1),
            (0.95, "back query: an answer in, a picture out", template, ORANGE, -1))
    for y, heading, picture, colour, direction in rows:
        canvas.text(0.15, y + 0.82, heading, fontsize=11, color=INK, va="center")
        picture_ax = fig.add_axes((0.15 / 7.0, (y - 0.62) / 3.9, 1.25 / 7.0, 1.25 / 3.9))
        if direction > 0:
            show_digit(picture, picture_ax)
        else:
            _draw_template(picture_ax, picture)
        canvas.add_patch(FancyBboxPatch((2.65, y - 0.45), 1.9, 0.9, boxstyle="round,pad=0.05",
                                        facecolor="#F2F2F2", edgecolor=GREY, lw=1.2))
        canvas.text(3.6, y + 0.12, "trained network", ha="center", va="center", fontsize=10.5, color=INK)
        canvas.text(3.6, y - 0.2, "784 → 200 → 10" if direction > 0 else "10 → 200 → 784",
                    ha="center", va="center", fontsize=9.5, color=INK)
        canvas.text(6.2, y, str(label), ha="center", va="center", fontsize=34, color=INK, fontweight="bold")
        for start, end in (((1.55, y), (2.55, y)), ((4.65, y), (5.75, y))):
            if direction < 0:
                start, end = end, start
            canvas.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=18, lw=2.2,
                                             color=colour))
    return fig


def template_figure(template: ArrayLike, label: int) -> Figure:
    """One back-query picture, large, with a colour bar saying what dark and light mean."""
    fig, axes = _white_figure(4.2, 3.3)
    image = _draw_template(axes[0, 0], template, f"the back query of label {label}")
    _ink_scale(axes[0, 0], image)
    return fig


def template_grid_figure(templates: ArrayLike, labels: Sequence[int] | None = None, *,
                         title_format: str = "label {label}") -> Figure:
    """Back-query pictures in rows of five, each titled with the label it was asked for.

    ``templates`` is ``(n, 784)``; ``labels`` defaults to 0, 1, ..., n - 1.
    """
    pictures = np.asarray(templates, dtype=np.float64)
    labels = list(range(len(pictures))) if labels is None else list(labels)
    return digit_grid_figure(pictures, labels, columns=5, title_format=title_format, cell=1.4)


def _target_bars(ax: Axes, targets: np.ndarray) -> None:
    """The targets asked for, as ten small bars (orange, hatched: asked for; grey: not)."""
    strong = targets > 0.05
    bars = ax.bar(range(len(targets)), targets, width=0.72, color=[ORANGE if s else GREY for s in strong],
                  edgecolor="white")
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
    ax.spines[["top", "right"]].set_visible(False)


def blend_figure(net: NeuralNetwork, first: int, second: int, mix: float) -> Figure:
    """Left: the targets of :func:`blended_targets`; right: the picture the back query gives for them."""
    targets = blended_targets(first, second, mix, net.layer_sizes[-1])
    fig, axes = _white_figure(6.6, 2.7, 1, 2, gridspec_kw={"width_ratios": [1.7, 1.0]})
    _target_bars(axes[0, 0], targets)
    _draw_template(axes[0, 1], net.backquery(targets), f"{100 * (1 - mix):.0f}% {first}, {100 * mix:.0f}% {second}")
    return fig


def target_variants_figure(net: NeuralNetwork, label: int = 7, confidence: float = 0.7) -> Figure:
    """Four back queries in a 2 x 2 grid: sure, unsure, no digit, every digit (see :func:`target_variants`)."""
    variants = target_variants(label, confidence, net.layer_sizes[-1])
    fig, axes = _white_figure(4.6, 5.0, 2, 2)
    for ax, (title, targets) in zip(axes.flat, variants.items()):
        _draw_template(ax, net.backquery(targets), title)
    return fig


def hidden_scan_figure(net: NeuralNetwork, label: int, count: int = 5, *, columns: int = 3) -> Figure:
    """The hidden nodes that push output ``label`` up the most, each drawn as :func:`hidden_node_picture`.

    The first panel is the back query of ``label`` itself, for comparison; each hidden
    panel is titled with the node's number and its weight to output ``label``. Panels
    run in rows of ``columns`` (three keeps them large enough on a phone).
    """
    nodes = strongest_helpers(net, label, count)
    rows = -(-(count + 1) // columns)  # ceiling division
    fig, axes = _white_figure(1.6 * columns, 2.05 * rows, rows, columns)
    panels = list(axes.flat)
    _draw_template(panels[0], net.backquery(label), f"label {label}\n(whole network)")
    for ax, node in zip(panels[1:], nodes):
        _draw_template(ax, hidden_node_picture(net, int(node)),
                       f"hidden node {node}\nweight {net.who[label, node]:+.2f}")
    for ax in panels[count + 1:]:
        ax.axis("off")
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
        return digit_and_outputs_figure(pictures[label], readings[label], title=f"back query of {label}",
                                        label=label)

    def alt(label: int) -> str:
        verdict = "reads it as" if answers[label] == label else "does not read it as"
        return (f"Left: a blurry grey picture, the back query of label {label}, with dark and light "
                f"patches. Right: ten bars, the network's outputs when this picture is fed forwards; "
                f"the tallest is node {answers[label]} at {readings[label, answers[label]]:.2f}, so it "
                f"{verdict} {_a(label)} {label}.")

    def caption(label: int) -> str:
        if answers[label] == label:
            return (f"Asked for {_a(label)} {label}, the network draws this. Fed back in, it reads "
                    f"<b>{label}</b> ({readings[label, label]:.2f}).")
        return (f"Asked for {_a(label)} {label}, the network draws this. Fed back in, it reads "
                f"<b>{answers[label]}</b> ({readings[label, answers[label]]:.2f}), not {label} "
                f"({readings[label, label]:.2f}).")

    return InteractiveFigure(list(range(len(pictures))), draw, label="label asked for", alt=alt,
                             caption=caption, initial=initial)


def blend_browser(net: NeuralNetwork, first: int = 3, second: int = 8, *, steps: int = 11) -> InteractiveFigure:
    """A slider that shifts the request from ``first`` to ``second`` in ``steps`` steps (see :func:`blend_figure`)."""
    if steps < 2:
        raise ValueError(f"steps must be at least 2, got {steps}")
    mixes = [round(float(m), 3) for m in np.linspace(0.0, 1.0, steps)]

    def alt(mix: float) -> str:
        targets = blended_targets(first, second, mix, net.layer_sizes[-1])
        return (f"Left: ten bars of targets, {targets[first]:.2f} on node {first} and {targets[second]:.2f} "
                f"on node {second}, 0.01 elsewhere. Right: the back-query picture for these targets, "
                f"a grey blur with darker and lighter patches.")

    def caption(mix: float) -> str:
        return (f"Asking for {100 * (1 - mix):.0f}% of {_a(first)} {first} and {100 * mix:.0f}% of "
                f"{_a(second)} {second}.")

    return InteractiveFigure(mixes, lambda mix: blend_figure(net, first, second, mix),
                             label=f"from {first} to {second}", alt=alt, caption=caption,
                             value_format="{:.1f}")
