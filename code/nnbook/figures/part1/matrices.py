"""Matrix multiplication done slowly, one multiply-and-add at a time, for "Matrix multiplication".

The page teaches that every weighted sum into a layer is one entry of the matrix product
``X = W . I``. To make that visible, this module breaks a product into its smallest steps
(one pair of numbers multiplied and added to a running total), draws any of those steps
with the row and column being combined highlighted, and builds the slider ("stepper")
that walks through them. It also holds the page's worked products, so that every number
the page quotes is computed here and checked by the tests against the hand-worked values.

Shapes follow numpy: a matrix is ``(rows, columns)``; a column vector such as the inputs
``I`` is ``(n, 1)``. Weight matrices have one row per receiving node and one column per
sending node, ``(n_receiving, n_sending)``, as everywhere in the book.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from nnbook.figures.colours import (
    BLUE,
    BLUE_TINT_ANSWER,
    BLUE_TINT_ROW,
    GREY,
    INK_BLACK,
    INK_DARK,
    LINE_CELL,
    ORANGE_TEXT,
    ORANGE_TINT_COLUMN,
    ROW_COLUMN_TINT,
    VERMILLION,
)
from nnbook.figures.diagrams import (
    NODE_GAP,
    Labels,
    Layout,
    draw_network,
    fit_axes_to_drawing,
)
from nnbook.figures.part1.neurons import sigmoid
from nnbook.figures.style import new_figure
from nnbook.web.widgets import InteractiveFigure

__all__ = [
    "WORKED_LEFT",
    "WORKED_RIGHT",
    "SMALL_WEIGHTS",
    "SMALL_INPUTS",
    "LARGER_WEIGHTS",
    "LARGER_INPUTS",
    "ProductStep",
    "as_matrix",
    "check_shapes",
    "product_steps",
    "multiply_by_hand",
    "layer_signals",
    "multiplications_needed",
    "number_text",
    "matrix_latex",
    "entry_sum_text",
    "draw_product",
    "product_figure",
    "worked_product_figure",
    "matrix_shape_figure",
    "network_matrix_figure",
    "matrix_stepper",
]

#: The page's first worked product: two 2 x 2 matrices of the numbers 1 to 8.
WORKED_LEFT = np.array([[1, 2], [3, 4]])
WORKED_RIGHT = np.array([[5, 6], [7, 8]])

#: The two-node network of "Following signals": W[k, j] is the weight from input j to node k.
SMALL_WEIGHTS = np.array([[0.9, 0.3], [0.2, 0.8]])
SMALL_INPUTS = np.array([[1.0], [0.5]])

#: The input-to-hidden weights and inputs of the three-layer example that follows.
LARGER_WEIGHTS = np.array([[0.9, 0.3, 0.4], [0.2, 0.8, 0.2], [0.1, 0.5, 0.6]])
LARGER_INPUTS = np.array([[0.9], [0.1], [0.8]])

HIGHLIGHT_ROW, HIGHLIGHT_COLUMN = BLUE_TINT_ROW, ORANGE_TINT_COLUMN


# ---------------------------------------------------------------------------------------
# The arithmetic
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProductStep:
    """One multiply-and-add of a matrix product: ``left[row, term] * right[term, column]``.

    Indices count from 0; ``running_sum`` is the answer entry ``(row, column)`` so far,
    including this step's product.
    """

    row: int
    column: int
    term: int
    left: float
    right: float
    product: float
    running_sum: float


def as_matrix(values: Sequence | np.ndarray) -> np.ndarray:
    """A 2-D float array; a flat list of numbers becomes a column vector ``(n, 1)``."""
    array = np.asarray(values, dtype=float)
    if array.ndim == 1:
        array = array.reshape(-1, 1)
    if array.ndim != 2:
        raise ValueError(f"expected a table of numbers (2-D), got an array with {array.ndim} dimensions")
    return array


def check_shapes(left: np.ndarray, right: np.ndarray) -> None:
    """Refuse, with a reason, two matrices that cannot be multiplied in this order.

    Every answer entry pairs a row of ``left`` with a column of ``right``, number by number,
    so a row of ``left`` must be exactly as long as a column of ``right``.
    """
    (m, n), (n2, p) = np.shape(left), np.shape(right)
    if n != n2:
        raise ValueError(
            f"cannot multiply a {m} × {n} matrix by a {n2} × {p} one: the first has {n} columns but the "
            f"second has {n2} rows. Each answer entry walks along a row of the first and down a column of "
            f"the second in step, so these must match; use a second matrix with {n} rows."
        )


def product_steps(left: Sequence | np.ndarray, right: Sequence | np.ndarray) -> list[ProductStep]:
    """Every multiply-and-add of ``left @ right``, entry by entry (row by row), term by term."""
    a, b = as_matrix(left), as_matrix(right)
    check_shapes(a, b)
    steps = []
    for row in range(a.shape[0]):
        for column in range(b.shape[1]):
            total = 0.0
            for term in range(a.shape[1]):
                product = float(a[row, term] * b[term, column])
                total += product
                steps.append(
                    ProductStep(row, column, term, float(a[row, term]), float(b[term, column]), product, total)
                )
    return steps


def multiply_by_hand(left: Sequence | np.ndarray, right: Sequence | np.ndarray) -> np.ndarray:
    """The product ``left @ right`` built only from the steps of :func:`product_steps`.

    Shape ``(rows of left, columns of right)``. The tests compare it with numpy's ``@``.
    """
    a, b = as_matrix(left), as_matrix(right)
    answer = np.zeros((a.shape[0], b.shape[1]))
    for step in product_steps(a, b):
        answer[step.row, step.column] = step.running_sum
    return answer


def layer_signals(weights: np.ndarray, inputs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The combined signals into a layer and its outputs: ``X = W . I`` and ``O = sigmoid(X)``.

    ``weights`` is ``(n_receiving, n_sending)``, ``inputs`` is ``(n_sending, 1)``; both
    results are ``(n_receiving, 1)``.
    """
    combined = as_matrix(weights) @ as_matrix(inputs)
    return combined, sigmoid(combined)


def multiplications_needed(left_shape: tuple[int, int], right_shape: tuple[int, int]) -> int:
    """How many single multiplications a product of these shapes takes: rows x columns x terms."""
    (m, n), (n2, p) = left_shape, right_shape
    check_shapes(np.empty(left_shape), np.empty(right_shape))
    return m * n * p


def number_text(x: float, min_decimals: int = 0) -> str:
    """A number as a person would write it: no float noise, e.g. 0.15 rather than 0.15000000000000002."""
    text = f"{round(float(x), 9):.9g}"
    if min_decimals and "." not in text and "e" not in text:
        text += "." + "0" * min_decimals
    return text


def _decimals_for(*matrices: np.ndarray) -> int:
    """1 when any entry has a fractional part (then 1 prints as 1.0), else 0."""
    return int(any(np.any(np.asarray(m) != np.round(m)) for m in matrices))


def matrix_latex(matrix: Sequence | np.ndarray, min_decimals: int | None = None) -> str:
    r"""LaTeX for a matrix in round brackets, e.g. ``\begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}``.

    Drawings use square brackets and equations round ones: both are usual, and the page says so.
    """
    m = as_matrix(matrix)
    decimals = _decimals_for(m) if min_decimals is None else min_decimals
    rows = [" & ".join(number_text(v, decimals) for v in row) for row in m]
    return r"\begin{pmatrix} " + r" \\ ".join(rows) + r" \end{pmatrix}"


def entry_sum_text(
    left: Sequence | np.ndarray, right: Sequence | np.ndarray, row: int, column: int, times: str = " × "
) -> str:
    """The arithmetic of one answer entry in words, e.g. ``1 × 5 + 2 × 7 = 5 + 14 = 19`` (indices from 0)."""
    a, b = as_matrix(left), as_matrix(right)
    check_shapes(a, b)
    decimals = _decimals_for(a, b)
    pairs = [(a[row, t], b[t, column]) for t in range(a.shape[1])]
    products = " + ".join(number_text(x * y) for x, y in pairs)
    terms = " + ".join(f"{number_text(x, decimals)}{times}{number_text(y, decimals)}" for x, y in pairs)
    total = number_text(sum(x * y for x, y in pairs))
    return f"{terms} = {products} = {total}" if len(pairs) > 1 else f"{terms} = {total}"


# ---------------------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------------------

CELL_W, CELL_H = 1.25, 0.8


def _draw_matrix(
    ax: plt.Axes,
    matrix: np.ndarray,
    x0: float,
    texts: list[list[str]],
    fills: dict[tuple[int, int], str],
    bold: set[tuple[int, int]],
    colours: dict[tuple[int, int], str],
    name: str | None,
    cell_w: float = CELL_W,
) -> float:
    """Draw a matrix of cells, its left edge at x0 and centred on y = 0; return its right edge."""
    rows, cols = matrix.shape
    top = rows * CELL_H / 2
    for r in range(rows):
        for c in range(cols):
            x, y = x0 + c * cell_w, top - (r + 1) * CELL_H
            ax.add_patch(
                Rectangle(
                    (x, y),
                    cell_w,
                    CELL_H,
                    fc=fills.get((r, c), "white"),
                    ec=INK_DARK if (r, c) in bold else LINE_CELL,
                    lw=2.4 if (r, c) in bold else 0.8,
                    zorder=2 if (r, c) in bold else 1,
                )
            )
            ax.text(
                x + cell_w / 2,
                y + CELL_H / 2,
                texts[r][c],
                ha="center",
                va="center",
                fontsize=13,
                color=colours.get((r, c), INK_BLACK),
                fontweight="bold" if (r, c) in bold else "normal",
                zorder=3,
            )
    right = x0 + cols * cell_w
    for side, x in ((1, x0 - 0.1), (-1, right + 0.1)):  # square brackets, clear of the cells
        ax.plot(
            [x + side * 0.16, x, x, x + side * 0.16],
            [top + 0.1, top + 0.1, -top - 0.1, -top - 0.1],
            color=INK_DARK,
            lw=1.8,
            solid_joinstyle="miter",
        )
    if name:
        ax.text((x0 + right) / 2, top + 0.2, name, ha="center", va="bottom", fontsize=13, fontweight="bold")
    return right


def draw_product(
    ax: plt.Axes,
    left: Sequence | np.ndarray,
    right: Sequence | np.ndarray,
    step_number: int,
    names: tuple[str, str, str] = ("", "", ""),
    show_sum: bool = True,
) -> None:
    """Draw ``left × right = answer`` as it stands after ``step_number`` multiply-and-adds (from 1).

    The row of ``left`` and the column of ``right`` being combined are shaded; the pair
    multiplied at this step has a bold border; answer entries already finished show their
    value, the one in progress its running sum, and later ones a question mark. Below, the
    arithmetic of the entry so far.
    """
    a, b = as_matrix(left), as_matrix(right)
    steps = product_steps(a, b)
    if not 1 <= step_number <= len(steps):
        raise ValueError(f"step_number must be between 1 and {len(steps)} for this product, got {step_number}")
    step = steps[step_number - 1]
    decimals = _decimals_for(a, b)
    m, n, p = a.shape[0], a.shape[1], b.shape[1]
    entry_order = [(r, c) for r in range(m) for c in range(p)]
    current = entry_order.index((step.row, step.column))

    left_fill = {(step.row, t): HIGHLIGHT_ROW for t in range(n)}
    right_fill = {(t, step.column): HIGHLIGHT_COLUMN for t in range(n)}
    left_texts = [[number_text(v, decimals) for v in row] for row in a]
    right_texts = [[number_text(v, decimals) for v in row] for row in b]
    answer_texts, answer_colours = [], {}
    full = a @ b
    for r in range(m):
        answer_texts.append([])
        for c in range(p):
            place = entry_order.index((r, c))
            if place < current:
                answer_texts[r].append(number_text(full[r, c]))
            elif place == current:
                answer_texts[r].append(number_text(step.running_sum))
                answer_colours[(r, c)] = BLUE
            else:
                answer_texts[r].append("?")
                answer_colours[(r, c)] = GREY

    x = _draw_matrix(ax, a, 0.0, left_texts, left_fill, {(step.row, step.term)}, {}, names[0])
    ax.text(x + 0.45, 0, "×", ha="center", va="center", fontsize=20)
    x = _draw_matrix(ax, b, x + 0.9, right_texts, right_fill, {(step.term, step.column)}, {}, names[1])
    ax.text(x + 0.45, 0, "=", ha="center", va="center", fontsize=20)
    x = _draw_matrix(
        ax,
        full,
        x + 0.9,
        answer_texts,
        {(step.row, step.column): BLUE_TINT_ANSWER},
        {(step.row, step.column)},
        answer_colours,
        names[2],
    )
    height = max(m, n) * CELL_H / 2
    if show_sum:
        pairs = [(a[step.row, t], b[t, step.column]) for t in range(step.term + 1)]
        terms = " + ".join(f"{number_text(u, decimals)} × {number_text(v, decimals)}" for u, v in pairs)
        worked = (" + ".join(number_text(u * v) for u, v in pairs) + " = ") if len(pairs) > 1 else ""
        done = " (finished)" if step.term == n - 1 else " so far"
        ax.text(
            x / 2,
            -height - 0.3,
            f"row {step.row + 1} with column {step.column + 1}:  {terms}\n"
            f"= {worked}{number_text(step.running_sum)}{done}",
            ha="center",
            va="top",
            fontsize=12,
            color=BLUE,
            linespacing=1.5,
        )
    ax.set(xlim=(-0.3, x + 0.3), ylim=(-height - (1.6 if show_sum else 0.3), height + 0.75), aspect="equal")
    ax.set_axis_off()


def product_figure(
    left: Sequence | np.ndarray,
    right: Sequence | np.ndarray,
    step_number: int,
    names: tuple[str, str, str] = ("", "", ""),
    scale: float = 0.62,
) -> Figure:
    """:func:`draw_product` in a figure of its own, sized to fit the matrices with no spare margin.

    ``scale`` is inches per drawing unit (a cell is 1.25 units wide), so text stays the same
    size whatever the matrices, and small products make small figures that fit a phone.
    """
    a, b = as_matrix(left), as_matrix(right)
    (m, n), p = a.shape, b.shape[1]
    width_units = (n + 2 * p) * CELL_W + 2 * 0.9 + 0.6
    height_units = max(m, n) * CELL_H + 1.6 + 0.75
    fig, ax = new_figure(width_units * scale, height_units * scale)
    draw_product(ax, a, b, step_number, names)
    fig.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=0.99)
    return fig


def worked_product_figure() -> Figure:
    """The worked 2 x 2 product twice: its first entry (row 1, column 1) and its last (row 2, column 2)."""
    fig, axes = new_figure(6.0, 4.9, 2, 1)
    n = WORKED_LEFT.shape[1]
    draw_product(axes[0], WORKED_LEFT, WORKED_RIGHT, n)  # the step that finishes entry (1, 1)
    draw_product(axes[1], WORKED_LEFT, WORKED_RIGHT, len(product_steps(WORKED_LEFT, WORKED_RIGHT)))  # the last
    fig.tight_layout(pad=0.4, h_pad=1.2)
    return fig


def matrix_shape_figure(matrix: Sequence | np.ndarray = ((4, 7, 1), (0, 2, 9))) -> Figure:
    """A matrix with its rows and columns named, to show what "2 by 3" means."""
    m = as_matrix(matrix)
    rows, cols = m.shape
    fig, ax = new_figure(5.2, 2.6)
    texts = [[number_text(v) for v in row] for row in m]
    fills = {(0, c): HIGHLIGHT_ROW for c in range(cols)}
    fills.update({(r, cols - 1): HIGHLIGHT_COLUMN for r in range(rows)})
    fills[(0, cols - 1)] = ROW_COLUMN_TINT
    right = _draw_matrix(ax, m, 0.0, texts, fills, set(), {}, None)
    top = rows * CELL_H / 2
    for r in range(rows):
        ax.text(
            -0.35,
            top - (r + 0.5) * CELL_H,
            f"row {r + 1}",
            ha="right",
            va="center",
            fontsize=11,
            color=BLUE if r == 0 else INK_DARK,
        )
    for c in range(cols):
        ax.text(
            (c + 0.5) * CELL_W,
            top + 0.15,
            f"column {c + 1}",
            ha="center",
            va="bottom",
            fontsize=10,
            color=ORANGE_TEXT if c == cols - 1 else INK_DARK,
            rotation=0,
        )
    ax.text(
        right / 2,
        -top - 0.25,
        f"{rows} rows and {cols} columns: a {rows} by {cols} matrix",
        ha="center",
        va="top",
        fontsize=11,
    )
    ax.set(xlim=(-1.4, right + 0.4), ylim=(-top - 0.8, top + 0.6), aspect="equal")
    ax.set_axis_off()
    fig.tight_layout(pad=0.3)
    return fig


def network_matrix_figure(weights: np.ndarray = SMALL_WEIGHTS) -> Figure:
    """The 2 x 2 network above its weight matrix: links into node 1 make row 1, into node 2 row 2.

    Colour ties each link to its place in the matrix; the matrix is shown by name and by value.
    """
    w = as_matrix(weights)
    colours = {1: BLUE, 2: VERMILLION}
    fig, (top, bottom) = new_figure(6.0, 5.4, 2, 1, gridspec_kw={"height_ratios": [1.35, 1]})
    _draw_coloured_links(top, w, colours)
    text_colours = {(k, j): colours[k + 1] for k in range(2) for j in range(2)}
    names = [[f"w$_{{{j + 1},{k + 1}}}$" for j in range(2)] for k in range(2)]
    values = [[number_text(w[k, j]) for j in range(2)] for k in range(2)]
    bottom.text(-0.25, 0, "W =", ha="right", va="center", fontsize=14)
    edge = _draw_matrix(bottom, w, 0.0, names, {}, set(), text_colours, None)
    bottom.text(edge + 0.45, 0, "=", ha="center", va="center", fontsize=16)
    edge = _draw_matrix(bottom, w, edge + 0.9, values, {}, set(), text_colours, None)
    for k in range(2):
        bottom.text(
            edge + 0.3,
            CELL_H / 2 - k * CELL_H,
            f"row {k + 1}: links into node {k + 1}",
            ha="left",
            va="center",
            fontsize=10.5,
            color=colours[k + 1],
        )
    bottom.set(xlim=(-1.6, edge + 4.4), ylim=(-1.1, 1.1), aspect="equal")
    bottom.set_axis_off()
    fig.tight_layout(pad=0.3)
    return fig


def _draw_coloured_links(ax: plt.Axes, w: np.ndarray, colours: dict[int, str]) -> None:
    """The 2 x 2 network into the panel ``ax``, each link named and valued, coloured by its receiving node.

    The colours are those of the matrix rows below it, so the eye goes from a link to its entry.
    """
    labels = np.array(
        [[f"w$_{{{j + 1},{k + 1}}}$ = {number_text(w[k, j])}" for j in range(2)] for k in range(2)], dtype=object
    )  # (receiving, sending), like the weight matrix
    highlight = {(0, j, k): colours[k + 1] for j in range(2) for k in range(2)}
    draw_network(
        (2, 2),
        highlight=highlight,
        labels=Labels(links=[labels], layers=("inputs", "layer 2")),
        layout=Layout(layer_gap=5.0 / 1.5 * NODE_GAP),
        ax=ax,
    )
    fit_axes_to_drawing(ax)


def matrix_stepper(
    weights: np.ndarray = SMALL_WEIGHTS,
    inputs: np.ndarray = SMALL_INPUTS,
    names: tuple[str, str, str] = ("W", "I", "X = W · I"),
    label: str = "step",
) -> InteractiveFigure:
    """A slider over every multiply-and-add of ``weights @ inputs``, with the running sums on show.

    ``weights`` is ``(n_receiving, n_sending)`` and ``inputs`` ``(n_sending, 1)``.
    """
    w, i = as_matrix(weights), as_matrix(inputs)
    steps = product_steps(w, i)
    decimals = _decimals_for(w, i)
    total = len(steps)

    def draw(number: int) -> Figure:
        return product_figure(w, i, number, names)

    def describe(number: int) -> str:
        s = steps[number - 1]
        return (
            f"{number_text(s.left, decimals)} × {number_text(s.right, decimals)} = {number_text(s.product)}, "
            f"so entry {s.row + 1} of the answer is {number_text(s.running_sum)}"
            + (" and finished" if s.term == w.shape[1] - 1 else " so far")
        )

    def alt(number: int) -> str:
        s = steps[number - 1]
        return (
            f"Step {number} of {total} of multiplying a {w.shape[0]} by {w.shape[1]} weight matrix by "
            f"{i.shape[0]} inputs. Row {s.row + 1} of the weights and the input column are shaded; the "
            f"weight in column {s.term + 1} and input {s.term + 1} are outlined: {describe(number)}."
        )

    def caption(number: int) -> str:
        s = steps[number - 1]
        return f"Step {number} of {total}: weight row {s.row + 1}, term {s.term + 1}. {describe(number)}."

    return InteractiveFigure(
        list(range(1, total + 1)), draw, label=label, alt=alt, caption=caption, value_format="{}", initial=1
    )
