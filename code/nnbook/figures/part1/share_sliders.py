"""Page 1.11's interactive figure: two output errors, each shared out over its own two links.

Three sliders: the error of output 1, the error of output 2, and the weight w_1,1. Moving
w_1,1 changes how e_1 is shared and leaves e_2's shares alone, which is the page's point:
the links into different output nodes do not interact. Every combination is drawn at build
time (see :mod:`nnbook.web.slider_grid`), so each slider keeps to a few values.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox

from nnbook.figures.diagrams import Formats, Labels, Layout, _fit_to_content, draw_network
from nnbook.figures.drawing import _common_box
from nnbook.figures.part1.backprop import error_fractions, split_errors
from nnbook.web.slider_grid import Axis, SliderGrid, described

__all__ = ["SHARE_WEIGHTS", "share_weights", "share_figure", "share_sliders"]

#: The page's network (row = output node, column = input node): 6 and 3 into output 1, 4 and 4 into output 2.
SHARE_WEIGHTS = ((6.0, 3.0), (4.0, 4.0))


def share_weights(w11: float, weights: Sequence[Sequence[float]] = SHARE_WEIGHTS) -> np.ndarray:
    """The page's weights with w_1,1 (the link from input 1 to output 1) set to ``w11``."""
    matrix = np.array(weights, dtype=float)
    matrix[0, 0] = w11
    return matrix


def share_figure(e1: float, e2: float, w11: float, *, frame: Bbox | None = None) -> Figure:
    """The 2-2 network with both output errors split back along their links, in proportion to the weights."""
    matrix = share_weights(w11)
    errors = np.array([e1, e2])
    fig = draw_network(
        [2, 2],
        [matrix],
        errors=[None, errors],
        error_shares=[split_errors(matrix, errors)],
        labels=Labels(links="both", layers=["inputs", "outputs"]),
        formats=Formats(weight="{:g}", error="{:.2f}"),
        layout=Layout(layer_gap=3.2),
    )
    return fig if frame is None else _fit_to_content(fig, fig.axes[0], box=frame)


def _describe(e1: float, e2: float, w11: float) -> tuple[str, str]:
    matrix = share_weights(w11)
    pieces = split_errors(matrix, [e1, e2])
    fractions = error_fractions(matrix)
    alt = (
        f"Two inputs linked to two outputs. Output 1 has error {e1:.1f}, fed by weights {w11:g} and {matrix[0, 1]:g}: "
        f"it sends back {pieces[0, 0]:.2f} and {pieces[0, 1]:.2f}. Output 2 has error {e2:.1f}, fed by weights "
        f"{matrix[1, 0]:g} and {matrix[1, 1]:g}: it sends back {pieces[1, 0]:.2f} and {pieces[1, 1]:.2f}."
    )
    total = w11 + matrix[0, 1]
    caption = (
        f"e<sub>1</sub> = {e1:.1f} is shared {w11:g}/{total:g} = {fractions[0, 0]:.0%} to w<sub>1,1</sub> "
        f"(<b>{pieces[0, 0]:.2f}</b>) and {fractions[0, 1]:.0%} to w<sub>2,1</sub> (<b>{pieces[0, 1]:.2f}</b>); "
        f"e<sub>2</sub> = {e2:.1f} is shared half and half (<b>{pieces[1, 0]:.2f}</b> each), "
        "whatever w<sub>1,1</sub> is."
    )
    return alt, caption.replace("%", " %")


def share_sliders(
    errors_1: Sequence[float] = (0.6, 0.9, 1.2, 1.5),
    errors_2: Sequence[float] = (0.4, 0.8),
    weights_11: Sequence[float] = (1.0, 3.0, 6.0, 9.0),
) -> SliderGrid:
    """Sliders for e_1, e_2 and w_1,1 over the page's network; the shares follow every move."""
    axes = [
        Axis("error e₁", [float(v) for v in errors_1], "{:.1f}", 0.9),
        Axis("error e₂", [float(v) for v in errors_2], "{:.1f}", 0.4),
        Axis("weight w₁,₁", [float(v) for v in weights_11], "{:g}", 6.0),
    ]
    if share_weights(6.0)[1, 0] != share_weights(6.0)[1, 1]:
        raise AssertionError("the caption says e_2 is shared half and half: the weights into output 2 must be equal")
    frame = _common_box(share_figure(max(errors_1), max(errors_2), w) for w in (min(weights_11), max(weights_11)))
    alt, caption = described(lambda values: _describe(*values))
    return SliderGrid(
        axes,
        lambda e1, e2, w11: share_figure(e1, e2, w11, frame=frame),
        alt=lambda *values: alt(values),
        caption=lambda *values: caption(values),
    )
