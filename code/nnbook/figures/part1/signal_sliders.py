"""The interactive figures of pages 1.7-1.12: signals forward and errors back, step by step.

Each is a slider over drawings made with :func:`nnbook.figures.diagrams.draw_network`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.transforms import Bbox
from numpy.typing import ArrayLike

from nnbook.figures.colours import (
    BLUE,
    INK,
    ORANGE,
)
from nnbook.figures.diagrams import (
    NODE_GAP,
    NODE_RADIUS,
    SMALL_FONT_SIZE,
    Formats,
    Labels,
    Layout,
    _fit_to_content,
    _text,
    draw_network,
)
from nnbook.figures.drawing import (
    _common_box,
)
from nnbook.figures.part1.backprop import (
    LAYERS_OUTPUT_ERRORS,
    LAYERS_W_HIDDEN_OUTPUT,
    SIGNALS_INPUTS,
    SIGNALS_WEIGHTS,
    THREE_LAYER_INPUTS,
    THREE_LAYER_W_HIDDEN_OUTPUT,
    THREE_LAYER_W_INPUT_HIDDEN,
    backpropagate_errors,
    combined_inputs,
    error_fractions,
    forward_three_layer,
    sigmoid,
    split_errors,
)
from nnbook.web.widgets import InteractiveFigure

__all__ = [
    "error_split_figure",
    "follow_signal_figure",
    "three_layer_stage_figure",
    "THREE_LAYER_STAGES",
    "hidden_error_figure",
    "follow_signal_slider",
    "three_layer_stepper",
    "error_split_slider",
    "hidden_error_slider",
]

# --- The drawings behind the interactive figures ---


def follow_signal_figure(
    input_1: float, input_2: float = SIGNALS_INPUTS[1], weights: ArrayLike = SIGNALS_WEIGHTS
) -> Figure:
    """The 2-by-2 network of "Following signals" with every signal written on its link.

    Each link shows weight x signal = what arrives, and is drawn as thick as what it
    carries; the outputs show their combined input x and their output y = sigmoid(x).
    """
    matrix = np.asarray(weights, dtype=float)
    inputs = np.array([input_1, input_2], dtype=float)
    moderated = matrix * inputs[None, :]  # (receiving, sending): what each link delivers
    x = combined_inputs(matrix, inputs)
    y = sigmoid(x)
    labels = np.array(
        [[f"{matrix[k, j]:.1f} × {inputs[j]:.1f} = {moderated[k, j]:.2f}" for j in range(2)] for k in range(2)],
        dtype=object,
    )
    return draw_network(
        [2, 2],
        matrix,
        link_widths=[0.8 + 2.2 * np.abs(moderated)],
        values=[[f"{v:.1f}" for v in inputs], [f"x = {a:.2f}\ny = {b:.4f}" for a, b in zip(x, y)]],
        labels=Labels(links=[labels], layers=["layer 1 (inputs)", "layer 2"]),
        layout=Layout(layer_gap=2.7),
    )


#: The steps of the three-layer forward pass, as the slider of :func:`three_layer_stepper` names them.
THREE_LAYER_STAGES = ("1 inputs", "2 combine", "3 sigmoid", "4 combine", "5 sigmoid")


def three_layer_stage_figure(stage: str, *, hidden_decimals: int | None = 3) -> Figure:
    """The 3-3-3 example network after one more step of the forward pass.

    ``stage`` is one of :data:`THREE_LAYER_STAGES`. The links or nodes at work in that
    step are highlighted, and every value computed so far is written beside its node.
    """
    if stage not in THREE_LAYER_STAGES:
        raise ValueError(f"unknown stage {stage!r}; choose one of {THREE_LAYER_STAGES}")
    step = THREE_LAYER_STAGES.index(stage)
    run = forward_three_layer(
        THREE_LAYER_INPUTS, THREE_LAYER_W_INPUT_HIDDEN, THREE_LAYER_W_HIDDEN_OUTPUT, hidden_decimals=hidden_decimals
    )

    def tags(combined: np.ndarray, outputs: np.ndarray, first_step: int) -> list[str] | None:
        if step < first_step:
            return None
        spec = "{:.2f}" if first_step == 1 else "{:.3f}"
        if step == first_step:
            return [f"x = {spec.format(a)}" for a in combined]
        return [f"x = {spec.format(a)}\no = {b:.3f}" for a, b in zip(combined, outputs)]

    highlight: list[tuple[int, ...]] = {
        0: [(0, i) for i in range(3)],
        1: [(0, j, k) for j in range(3) for k in range(3)],
        2: [(1, i) for i in range(3)],
        3: [(1, j, k) for j in range(3) for k in range(3)],
        4: [(2, i) for i in range(3)],
    }[step]
    shown_weights = [
        THREE_LAYER_W_INPUT_HIDDEN if step == 1 else None,
        THREE_LAYER_W_HIDDEN_OUTPUT if step == 3 else None,
    ]
    fig = draw_network(
        [3, 3, 3],
        shown_weights,
        highlight=highlight,
        values=[
            [f"{v:.1f}" for v in run.inputs],
            tags(run.hidden_inputs, run.hidden_outputs, 1),
            tags(run.final_inputs, run.final_outputs, 3),
        ],
        labels=Labels(layers=["input", "hidden", "output"]),
        formats=Formats(weight="{:.1f}"),
        layout=Layout(layer_gap=2.05),
    )
    if step < len(THREE_LAYER_STAGES) - 1:
        # Every step gets the frame of the last, fullest one, so the slider does not make it jump.
        last = three_layer_stage_figure(THREE_LAYER_STAGES[-1], hidden_decimals=hidden_decimals)
        _fit_to_content(fig, fig.axes[0], box=_common_box([last]))
    return fig


def error_split_figure(weight_1: float, weight_2: float = 1.0, error: float = 0.8) -> Figure:
    """Two links feed one output node whose error is shared in proportion to their weights.

    Below the network a bar of the whole error is cut in the same proportion.
    """
    matrix = np.array([[weight_1, weight_2]], dtype=float)
    fractions = error_fractions(matrix)[0]
    pieces = split_errors(matrix, [error])
    fig = draw_network(
        [2, 1],
        [matrix],
        errors=[None, [f"e = {error:g}"]],
        error_shares=[pieces],
        labels=Labels(layers=["", ""]),
        formats=Formats(weight="{:.2f}", error="{:.2f}"),
        layout=Layout(layer_gap=2.6, share_position=0.3),
    )
    ax = fig.axes[0]
    length, left, y = 3.2, 0.0, -NODE_GAP / 2 - NODE_RADIUS - 0.55
    ax.add_patch(Rectangle((left, y), length * fractions[0], 0.28, fc=BLUE, ec="white", lw=1, hatch="//", zorder=3))
    ax.add_patch(
        Rectangle((left + length * fractions[0], y), length * fractions[1], 0.28, fc=ORANGE, ec="white", lw=1, zorder=3)
    )
    ax.add_patch(Rectangle((left, y), length, 0.28, fc="none", ec=INK, lw=1, zorder=4))
    for node, (fraction, piece) in enumerate(zip(fractions, pieces[0])):
        _text(
            ax,
            left + node * length,
            y - 0.08,
            f"node {node + 1}'s link:\n{fraction:.0%} = {piece:.2f}",
            ha="right" if node else "left",
            va="top",
            size=SMALL_FONT_SIZE,
        )
    _text(ax, left + length / 2, y + 0.36, f"the whole error, {error:g}", va="bottom", size=SMALL_FONT_SIZE)
    return _fit_to_content(fig, ax)


def hidden_error_figure(
    output_errors: ArrayLike = LAYERS_OUTPUT_ERRORS,
    weights: ArrayLike = LAYERS_W_HIDDEN_OUTPUT,
    *,
    frame: Bbox | None = None,
) -> Figure:
    """Output errors split back along the links, and added up into hidden-node errors.

    ``weights`` (n_outputs, n_hidden) are the hidden-to-output weights and
    ``output_errors`` (n_outputs,) the errors at the output nodes. ``frame`` (inches)
    fixes the figure's extent, for slider frames of one size.
    """
    pieces = split_errors(weights, output_errors)
    hidden = backpropagate_errors(weights, output_errors)
    sizes = [pieces.shape[1], pieces.shape[0]]
    fig = draw_network(
        sizes,
        [weights],
        errors=[hidden, np.ravel(output_errors)],
        error_shares=[pieces],
        labels=Labels(layers=["hidden layer", "output layer"]),
        formats=Formats(weight="{:.1f}", error="{:.2f}"),
        layout=Layout(layer_gap=2.4),
    )
    return fig if frame is None else _fit_to_content(fig, fig.axes[0], box=frame)


# --- The interactive figures (a slider and precomputed drawings, see nnbook.web.widgets) ---


def follow_signal_slider(
    values: Sequence[float] | None = None, initial: float = SIGNALS_INPUTS[0]
) -> InteractiveFigure:
    """Slide input 1 of the 2-by-2 network and follow its signal to both outputs."""
    if values is None:
        values = np.round(np.arange(0.0, 2.0001, 0.1), 1)
    matrix = np.asarray(SIGNALS_WEIGHTS)
    second = SIGNALS_INPUTS[1]

    def numbers(value: float) -> tuple[np.ndarray, np.ndarray]:
        x = combined_inputs(matrix, [value, second])
        return x, sigmoid(x)

    def alt(value: float) -> str:
        x, y = numbers(value)
        return (
            f"A network of two layers with two nodes each. Input 1 is {value:.1f} and input 2 is "
            f"{second:.1f}. Node 1 of layer 2 receives {x[0]:.2f} and sends out {y[0]:.4f}; node 2 "
            f"receives {x[1]:.2f} and sends out {y[1]:.4f}."
        )

    def caption(value: float) -> str:
        x, y = numbers(value)
        parts = []
        for k in range(2):
            parts.append(
                f"node {k + 1}: {value:.1f} × {matrix[k, 0]:.1f} + {second:.1f} × {matrix[k, 1]:.1f} "
                f"= <b>{x[k]:.2f}</b>, and sigmoid({x[k]:.2f}) = <b>{y[k]:.4f}</b>"
            )
        return f"Input 1 = {value:.1f}. " + "; ".join(parts) + "."

    return InteractiveFigure(
        [float(v) for v in values],
        follow_signal_figure,
        label="input 1",
        alt=alt,
        caption=caption,
        value_format="{:.1f}",
        initial=float(initial),
    )


def three_layer_stepper(*, hidden_decimals: int | None = 3) -> InteractiveFigure:
    """Step through the forward pass of the 3-3-3 example, one layer operation at a time."""
    run = forward_three_layer(
        THREE_LAYER_INPUTS, THREE_LAYER_W_INPUT_HIDDEN, THREE_LAYER_W_HIDDEN_OUTPUT, hidden_decimals=hidden_decimals
    )

    def listed(numbers: np.ndarray, spec: str) -> str:
        return ", ".join(spec.format(v) for v in numbers)

    texts = {
        THREE_LAYER_STAGES[0]: (
            "The input layer holds the inputs {} and passes them on unchanged.".format(listed(run.inputs, "{:.1f}"))
        ),
        THREE_LAYER_STAGES[1]: (
            "Combine: the first weight matrix times the inputs gives the hidden layer's combined inputs {}.".format(
                listed(run.hidden_inputs, "{:.3g}")
            )
        ),
        THREE_LAYER_STAGES[2]: (
            "Sigmoid: each hidden node squashes its combined input, giving {}.".format(
                listed(run.hidden_outputs, "{:.3f}")
            )
        ),
        THREE_LAYER_STAGES[3]: (
            "Combine: the second weight matrix times the hidden outputs gives the "
            "output layer's combined inputs {}.".format(listed(run.final_inputs, "{:.3f}"))
        ),
        THREE_LAYER_STAGES[4]: (
            "Sigmoid: each output node squashes its combined input: the network's answer is {}.".format(
                listed(run.final_outputs, "{:.3f}")
            )
        ),
    }

    def alt(stage: str) -> str:
        return f"A network with three layers of three nodes, step {stage}. " + texts[stage]

    def caption(stage: str) -> str:
        return f"Step {stage[0]} of 5. {texts[stage]}"

    return InteractiveFigure(
        list(THREE_LAYER_STAGES),
        lambda stage: three_layer_stage_figure(stage, hidden_decimals=hidden_decimals),
        label="step",
        alt=alt,
        caption=caption,
        initial=THREE_LAYER_STAGES[0],
    )


def error_split_slider(
    values: Sequence[float] | None = None, *, weight_2: float = 1.0, error: float = 0.8, initial: float = 3.0
) -> InteractiveFigure:
    """Slide the weight of the first link and watch its share of the error grow or shrink."""
    if values is None:
        values = np.round(np.arange(0.0, 4.0001, 0.25), 2)

    def shares(weight_1: float) -> np.ndarray:
        return split_errors([[weight_1, weight_2]], [error])[0]

    def alt(weight_1: float) -> str:
        first, second = shares(weight_1)
        return (
            f"Two links with weights {weight_1:.2f} and {weight_2:.2f} feed one output node with error "
            f"{error:g}. The first link carries back {first:.2f} of it and the second {second:.2f}."
        )

    def caption(weight_1: float) -> str:
        first, second = shares(weight_1)
        total = weight_1 + weight_2
        return (
            f"Weights {weight_1:.2f} and {weight_2:.2f}: the first link gets {weight_1:.2f}/{total:.2f} of "
            f"the error, <b>{first:.2f}</b>; the second gets {weight_2:.2f}/{total:.2f}, <b>{second:.2f}</b>."
        )

    return InteractiveFigure(
        [float(v) for v in values],
        lambda w: error_split_figure(w, weight_2, error),
        label="weight of link 1",
        alt=alt,
        caption=caption,
        value_format="{:.2f}",
        initial=float(initial),
    )


def hidden_error_slider(
    values: Sequence[float] | None = None, initial: float = LAYERS_OUTPUT_ERRORS[0]
) -> InteractiveFigure:
    """Slide the error of output node 1 and watch both hidden errors follow.

    The weights and the error of output node 2 are those of the worked example on
    "Backpropagating errors to more layers".
    """
    if values is None:
        values = np.round(np.arange(-1.0, 2.0001, 0.25), 2)
    second = LAYERS_OUTPUT_ERRORS[1]
    frame = _common_box(hidden_error_figure([v, second]) for v in (min(values), max(values)))

    def hidden(first: float) -> np.ndarray:
        return backpropagate_errors(LAYERS_W_HIDDEN_OUTPUT, [first, second])

    def alt(first: float) -> str:
        h = hidden(first)
        return (
            f"A hidden layer of two nodes linked to two output nodes with errors {first:.2f} and {second:.1f}. "
            f"Arrows carry the shares back along the links; hidden node 1 collects {h[0]:.2f} and hidden "
            f"node 2 collects {h[1]:.2f}."
        )

    def caption(first: float) -> str:
        pieces = split_errors(LAYERS_W_HIDDEN_OUTPUT, [first, second])
        h = hidden(first)
        return (
            f"e<sub>1</sub> = {first:.2f}. Hidden node 1: {pieces[0, 0]:.2f} + {pieces[1, 0]:.2f} = "
            f"<b>{h[0]:.2f}</b>; hidden node 2: {pieces[0, 1]:.2f} + {pieces[1, 1]:.2f} = <b>{h[1]:.2f}</b>."
        )

    return InteractiveFigure(
        [float(v) for v in values],
        lambda first: hidden_error_figure([first, second], frame=frame),
        label="error of output 1",
        alt=alt,
        caption=caption,
        value_format="{:.2f}",
        initial=float(initial),
    )
