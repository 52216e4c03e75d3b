"""The book's figures, drawn with matplotlib.

Every function returns a new ``Figure`` with an opaque white background (so it reads in
the website's dark mode too) and leaves showing or saving it to the caller. Colours come
from the Okabe-Ito palette, and classes differ by marker shape as well as colour, so the
figures work for colour-blind readers.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import (
    Arc,
    Circle,
    Ellipse,
    FancyBboxPatch,
    Polygon,
    Rectangle,
    Wedge,
)

from nnbook.figures.colours import (
    BLACK,
    BLUE,
    BLUE_DEEP,
    BLUE_TINT,
    CAT_DARK,
    CAT_NOSE,
    GRASS,
    GREEN,
    GREY,
    HAIR,
    INK,
    INK_DARK,
    INK_SOFT,
    LEAF,
    LEAF_EDGE,
    ORANGE,
    ORANGE_TEXT,
    PURPLE,
    SKIN_TONES,
    TRUNK,
    TRUNK_EDGE,
    VERMILLION,
    VERMILLION_TEXT,
)
from nnbook.figures.part1.simple_models import (
    CATERPILLAR,
    LADYBIRD,
    MILES_PER_KM,
    TRUTH_KM,
    TRUTH_MILES,
    TWO_BUGS,
    Bugs,
    classify_by_line,
    miles_error,
    predict_miles,
    separating_slopes,
    train_slope,
)
from nnbook.figures.style import frame_picture, new_drawing, new_figure, tidy_axes

CLASS_COLOURS = {LADYBIRD: VERMILLION, CATERPILLAR: GREEN}
CLASS_MARKERS = {LADYBIRD: "o", CATERPILLAR: "^"}


def _new_figure(width: float = 6.0, height: float = 3.8) -> tuple[Figure, plt.Axes]:
    """A figure in the book's style with one plain graph (no top or right frame)."""
    fig, ax = new_figure(width, height)
    return fig, tidy_axes(ax)


def km_miles_figure(c: float, *, show_truth_line: bool = False) -> Figure:
    """The predicting machine miles = km x c as a line, checked against 100 km = 62.137 miles.

    The truth point is green; the machine's prediction at 100 km is a square, orange when it
    falls short of the truth and vermillion when it overshoots, joined to the truth by the error.
    """
    fig, ax = _new_figure()
    km = np.array([0.0, 120.0])
    if show_truth_line:
        ax.plot(km, km * MILES_PER_KM, color=GREY, lw=1, ls="--", label="the true conversion")
    ax.plot(km, predict_miles(km, c), color=BLUE, lw=2.2, label=f"miles = km × {c:.2f}")
    predicted = float(predict_miles(TRUTH_KM, c))
    error = miles_error(c)
    colour = ORANGE if error > 0 else VERMILLION
    ax.plot([TRUTH_KM, TRUTH_KM], [predicted, TRUTH_MILES], color=colour, lw=2, ls=":")
    ax.plot([TRUTH_KM], [TRUTH_MILES], "o", color=GREEN, ms=9, label="truth: 100 km = 62.137 miles", zorder=3)
    ax.plot([TRUTH_KM], [predicted], "s", color=colour, ms=8, label=f"prediction: {predicted:.1f} miles", zorder=3)
    ax.annotate(
        f"error {error:+.3f}",
        (TRUTH_KM, (predicted + TRUTH_MILES) / 2),
        xytext=(8, 0),
        textcoords="offset points",
        va="center",
        fontsize=11,
        color=ORANGE_TEXT if error > 0 else VERMILLION_TEXT,
    )
    ax.set(xlim=(0, 125), ylim=(0, 100), xlabel="kilometres", ylabel="miles")
    ax.legend(loc="upper left", frameon=False, fontsize=9)
    fig.tight_layout()
    return fig


def bugs_figure(bugs: Bugs, slope: float) -> Figure:
    """Bugs measured by width and length, split by the dividing line length = slope x width.

    Marker shape shows what a bug really is (circle ladybird, triangle caterpillar); the fill
    colour shows what the line says it is. A bug whose colour and shape disagree is on the
    wrong side, and gets a black ring.
    """
    fig, ax = _new_figure(5.2, 4.6)
    said = classify_by_line(bugs.widths, bugs.lengths, slope)
    for kind in (LADYBIRD, CATERPILLAR):
        for verdict in (LADYBIRD, CATERPILLAR):
            chosen = (bugs.kinds == kind) & (said == verdict)
            if chosen.any():
                ax.scatter(
                    bugs.widths[chosen],
                    bugs.lengths[chosen],
                    s=70,
                    marker=CLASS_MARKERS[kind],
                    color=CLASS_COLOURS[verdict],
                    edgecolors="black" if kind != verdict else "white",
                    linewidths=1.6 if kind != verdict else 0.8,
                    zorder=3,
                )
    x = np.array([0.0, 4.5])
    ax.plot(x, slope * x, color=BLUE, lw=2)
    ax.fill_between(x, slope * x, 4.5, color=GREEN, alpha=0.07, lw=0)
    ax.fill_between(x, 0, slope * x, color=VERMILLION, alpha=0.07, lw=0)
    wrong = int(np.sum(said != bugs.kinds))
    ax.set(xlim=(0, 4.5), ylim=(0, 4.5), xlabel="width (cm)", ylabel="length (cm)", aspect="equal")
    ax.set_title(f"line: length = {slope:.2f} × width    on the wrong side: {wrong}", fontsize=10)
    handles = [
        plt.Line2D([], [], ls="", marker=CLASS_MARKERS[LADYBIRD], color="black", mfc="white", label="ladybird"),
        plt.Line2D([], [], ls="", marker=CLASS_MARKERS[CATERPILLAR], color="black", mfc="white", label="caterpillar"),
        plt.Line2D([], [], ls="", marker="s", color=VERMILLION, label="line says: ladybird"),
        plt.Line2D([], [], ls="", marker="s", color=GREEN, label="line says: caterpillar"),
    ]
    ax.legend(handles=handles, loc="upper right", fontsize=8, frameon=True, framealpha=0.9)
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------------------------------
# 1.1 Easy for me, hard for you: pictures any person names at a glance.
# ---------------------------------------------------------------------------------------


def _picture_card(ax: plt.Axes) -> None:
    """A square 'photo' with a thin grey frame, in coordinates 0..1 both ways."""
    ax.set(xlim=(0, 1), ylim=(0, 1), aspect="equal")
    frame_picture(ax)


def _face(ax: plt.Axes, x: float, y: float, r: float, skin: str) -> None:
    """A cartoon face of radius ``r`` centred at (x, y): head, hair, two eyes, a smile."""
    ax.add_patch(Wedge((x, y + 0.1 * r), 1.08 * r, 10, 170, color=HAIR, zorder=2))  # hair
    ax.add_patch(Circle((x, y), r, facecolor=skin, edgecolor=INK_DARK, lw=1.2, zorder=3))
    for side in (-1, 1):
        ax.add_patch(Circle((x + side * 0.35 * r, y + 0.2 * r), 0.09 * r, color=INK, zorder=4))
    ax.add_patch(Arc((x, y - 0.1 * r), 1.0 * r, 0.7 * r, theta1=200, theta2=340, color=INK, lw=1.5, zorder=4))


def _cat(ax: plt.Axes) -> None:
    """A sitting cat seen from the front: body, head, pointed ears, eyes, nose, whiskers, tail."""
    fur, dark = ORANGE, CAT_DARK
    t = np.linspace(0, 1, 40)
    ax.plot(0.68 + 0.22 * t, 0.12 + 0.45 * t**2, color=dark, lw=7, solid_capstyle="round", zorder=1)  # tail
    ax.plot(0.68 + 0.22 * t, 0.12 + 0.45 * t**2, color=fur, lw=5, solid_capstyle="round", zorder=1)
    ax.add_patch(Ellipse((0.5, 0.28), 0.46, 0.44, facecolor=fur, edgecolor=dark, lw=1.2, zorder=2))
    for side in (-1, 1):  # ears, drawn before the head so the head covers their base
        ax.add_patch(
            Polygon(
                [(0.5 + side * 0.16, 0.66), (0.5 + side * 0.15, 0.88), (0.5 + side * 0.03, 0.74)],
                facecolor=fur,
                edgecolor=dark,
                lw=1.2,
                zorder=2,
            )
        )
    ax.add_patch(Circle((0.5, 0.64), 0.17, facecolor=fur, edgecolor=dark, lw=1.2, zorder=3))
    for side in (-1, 1):
        ax.add_patch(Ellipse((0.5 + side * 0.065, 0.67), 0.06, 0.075, facecolor=GREEN, edgecolor=dark, zorder=4))
        ax.add_patch(Ellipse((0.5 + side * 0.065, 0.67), 0.015, 0.06, color="black", zorder=5))
        for dy in (-0.02, 0.02):  # whiskers
            ax.plot([0.5 + side * 0.05, 0.5 + side * 0.27], [0.6, 0.6 + dy * 2.5], color=dark, lw=0.9, zorder=5)
    ax.add_patch(Polygon([(0.48, 0.615), (0.52, 0.615), (0.5, 0.59)], color=CAT_NOSE, zorder=5))  # nose


def _tree(ax: plt.Axes) -> None:
    """A leafy tree: a brown trunk under a crown of overlapping green circles."""
    ax.add_patch(Rectangle((0.44, 0.04), 0.12, 0.42, facecolor=TRUNK, edgecolor=TRUNK_EDGE, lw=1.2, zorder=1))
    leaf, edge = LEAF, LEAF_EDGE
    for x, y, r in ((0.33, 0.56, 0.17), (0.67, 0.56, 0.17), (0.5, 0.74, 0.2), (0.5, 0.55, 0.18)):
        ax.add_patch(Circle((x, y), r, facecolor=leaf, edgecolor=edge, lw=1.2, zorder=2))
    ax.add_patch(Rectangle((0.0, 0.0), 1.0, 0.05, color=GRASS, zorder=0))  # grass


def recognition_pictures() -> Figure:
    """Three little 'photos' a person names instantly: a crowd of faces, a cat and a tree.

    Drawn from simple shapes (no stock images), so they belong to this book.
    """
    fig, axes = new_figure(6.6, 2.4, 1, 3)
    for ax in axes:
        _picture_card(ax)
    crowd = (
        (0.22, 0.3, 0.13),
        (0.5, 0.62, 0.12),
        (0.78, 0.32, 0.14),
        (0.3, 0.72, 0.1),
        (0.72, 0.74, 0.09),
        (0.5, 0.22, 0.11),
    )
    for (x, y, r), skin in zip(crowd, SKIN_TONES * 2):
        _face(axes[0], x, y, r, skin)
    _cat(axes[1])
    _tree(axes[2])
    fig.tight_layout(w_pad=1.5)
    return fig


SMILEY = np.array(
    [
        [0, 0, 3, 6, 6, 3, 0, 0],
        [0, 5, 9, 9, 9, 9, 5, 0],
        [3, 9, 1, 9, 9, 1, 9, 3],
        [6, 9, 9, 9, 9, 9, 9, 6],
        [6, 9, 2, 9, 9, 2, 9, 6],
        [3, 9, 9, 2, 2, 9, 9, 3],
        [0, 5, 9, 9, 9, 9, 5, 0],
        [0, 0, 3, 6, 6, 3, 0, 0],
    ]
)  # brightness 0 (black) .. 9 (white) of an 8 x 8 picture


def pixels_as_numbers_figure(pixels: np.ndarray = SMILEY) -> Figure:
    """The same tiny picture twice: as the grid of numbers a computer stores, and as we see it.

    ``pixels`` is a (rows, columns) array of brightness values, 0 dark to its maximum light.
    """
    pixels = np.asarray(pixels)
    if pixels.ndim != 2:
        raise ValueError(f"expected a 2-D grid of brightness values, got shape {pixels.shape}")
    fig, (left, right) = new_figure(6.0, 3.0, 1, 2)
    rows, cols = pixels.shape
    left.set(xlim=(-0.5, cols - 0.5), ylim=(rows - 0.5, -0.5), aspect="equal", xticks=[], yticks=[])
    for r in range(rows):
        for c in range(cols):
            left.text(c, r, str(pixels[r, c]), ha="center", va="center", fontsize=11, family="monospace")
    left.set_title("what the computer stores", fontsize=11)
    right.imshow(pixels, cmap="gray", vmin=0, vmax=pixels.max(), interpolation="nearest")
    right.set(xticks=[], yticks=[])
    right.set_title("what you see", fontsize=11)
    fig.tight_layout(w_pad=2.0)
    return fig


# ---------------------------------------------------------------------------------------
# 1.2 A simple predicting machine: machines as boxes, and the four tries at c.
# ---------------------------------------------------------------------------------------


def _draw_machine(
    ax: plt.Axes, y: float, given: str, inside: str, answer: str, *, fontsize: float = 13, answer_colour: str = BLACK
) -> None:
    """One machine across the axes (x from 0 to 10): input text -> box -> output text, centred at height y."""
    ax.text(1.4, y, given, ha="center", va="center", fontsize=fontsize)
    arrow = dict(arrowstyle="-|>", lw=1.8, color=INK_DARK, mutation_scale=16)
    ax.annotate("", xy=(3.45, y), xytext=(2.75, y), arrowprops=arrow)
    ax.add_patch(
        FancyBboxPatch(
            (3.55, y - 0.5),
            2.9,
            1.0,
            boxstyle="round,pad=0.02,rounding_size=0.18",
            facecolor=BLUE_TINT,
            edgecolor=BLUE,
            lw=2,
        )
    )
    ax.text(5.0, y, inside, ha="center", va="center", fontsize=fontsize, color=BLUE_DEEP, weight="bold")
    ax.annotate("", xy=(7.25, y), xytext=(6.55, y), arrowprops=arrow)
    ax.text(8.6, y, answer, ha="center", va="center", fontsize=fontsize, color=answer_colour)


def machine_figure(
    rows: Sequence[tuple[str, str, str]], headings: Sequence[str] | None = None, width: float = 5.0
) -> Figure:
    """Machines drawn as boxes: what goes in, what happens inside, what comes out.

    ``rows`` holds one (input, inside, output) triple per machine, drawn top to bottom;
    ``headings`` (optional, one per row) is a small line of text above each machine. The
    figure is narrow (5 inches) so that its words stay readable when a phone shrinks it.
    """
    if headings is not None and len(headings) != len(rows):
        raise ValueError(f"got {len(headings)} headings for {len(rows)} machines; give one per machine or none")
    per_row = 1.6 if headings else 1.25
    fig, ax = new_drawing(width, 0.2 + per_row * 0.55 * len(rows), (0, 10), (0, per_row * len(rows) + 0.1))
    for i, (given, inside, answer) in enumerate(rows):
        y = per_row * (len(rows) - i) - (per_row / 2 + (0.15 if headings else 0))
        _draw_machine(ax, y, given, inside, answer)
        if headings:
            ax.text(0.0, y + 0.78, headings[i], ha="left", va="center", fontsize=11, color=INK_SOFT, style="italic")
    fig.subplots_adjust(left=0.01, right=0.99, top=0.99, bottom=0.01)
    return fig


def _signed(value: float, digits: int = 3) -> str:
    """A signed number with a true minus sign (−), as printed in the text."""
    return f"{value:+.{digits}f}".replace("-", "\u2212")


def km_tries_figure(tries: Sequence[float], km: float = TRUTH_KM, true_miles: float = TRUTH_MILES) -> Figure:
    """One small machine per tried constant c: km in, km x c out, and the signed error below it.

    Errors are truth - calculated; positive (too small) in orange, negative (overshoot) in vermillion.
    """
    per_try = 2.3
    fig, ax = new_drawing(5.0, 0.2 + 0.55 * per_try * len(tries), (0, 10), (0, per_try * len(tries)))
    for i, c in enumerate(tries):
        top = per_try * (len(tries) - i)
        predicted = float(predict_miles(km, c))
        error = miles_error(c, km, true_miles)
        colour = ORANGE_TEXT if error > 0 else VERMILLION_TEXT
        verdict = "too small" if error > 0 else "overshoot"
        ax.text(0.0, top - 0.25, f"try {i + 1}: c = {c:g}", fontsize=11, weight="bold", va="center")
        _draw_machine(ax, top - 1.0, f"{km:g} km", f"× {c:g}", f"{predicted:.4g} miles", fontsize=12)
        ax.text(
            5.0,
            top - 1.8,
            f"error = {true_miles:g} − {predicted:.4g} = {_signed(error)}  ({verdict})",
            ha="center",
            va="center",
            fontsize=11,
            color=colour,
        )
    fig.subplots_adjust(left=0.02, right=0.98, top=0.99, bottom=0.01)
    return fig


TRY_STYLES = ((GREY, "--"), (ORANGE, "-."), (VERMILLION, ":"), (BLUE, "-"))


def km_lines_figure(tries: Sequence[float], km: float = TRUTH_KM, true_miles: float = TRUTH_MILES) -> Figure:
    """Every tried machine as a line miles = km x c from 0 to 120 km, with the true examples as dots.

    Each line passes through the origin (0 km is 0 miles, the first true example) and is
    judged at 100 km against the second true example.
    """
    fig, ax = _new_figure(6.0, 4.2)
    x = np.array([0.0, 120.0])
    for i, c in enumerate(tries):
        colour, style = TRY_STYLES[i % len(TRY_STYLES)]
        predicted = float(predict_miles(km, c))
        ax.plot(
            x,
            predict_miles(x, c),
            color=colour,
            ls=style,
            lw=2,
            label=f"c = {c:g}: {predicted:.4g} miles, error {_signed(miles_error(c, km, true_miles))}",
        )
        ax.plot([km], [predicted], "s", color=colour, ms=6, zorder=3)
    ax.plot(
        [0, km],
        [0, true_miles],
        "o",
        color=GREEN,
        ms=9,
        zorder=4,
        label=f"true examples: 0 → 0, {km:g} → {true_miles:g}",
    )
    ax.set(xlim=(0, 122), ylim=(0, 90), xlabel="kilometres", ylabel="miles")
    ax.legend(loc="upper left", frameon=False, fontsize=9)
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------------------------------
# 1.3 Classifying is a lot like predicting: the bugs, coloured by what they really are.
# ---------------------------------------------------------------------------------------


def bugs_scatter_figure(bugs: Bugs, slope: float | None = None, new_bug: tuple[float, float] | None = None) -> Figure:
    """The measured bugs (width against length, in cm), coloured and shaped by their true kind.

    With ``slope``, the dividing line length = slope x width is drawn too. With ``new_bug``
    (width, length), an unknown bug appears as a '?' with the kind the line gives it.
    """
    fig, ax = _new_figure(5.2, 4.6)
    for kind in (LADYBIRD, CATERPILLAR):
        chosen = bugs.kinds == kind
        ax.scatter(
            bugs.widths[chosen],
            bugs.lengths[chosen],
            s=70,
            marker=CLASS_MARKERS[kind],
            color=CLASS_COLOURS[kind],
            edgecolors="white",
            linewidths=0.8,
            zorder=3,
            label=f"{kind}s",
        )
    if slope is not None:
        x = np.array([0.0, 4.5])
        ax.plot(x, slope * x, color=BLUE, lw=2, label=f"line: length = {slope:g} × width")
    if new_bug is not None:
        if slope is None:
            raise ValueError("a new bug is sorted by a line: pass a slope together with new_bug")
        width, length = new_bug
        kind = str(classify_by_line(np.array([width]), np.array([length]), slope)[0])
        side = "above" if kind == CATERPILLAR else "below"
        ax.scatter([width], [length], s=260, marker="o", color="white", edgecolors="black", linewidths=1.5, zorder=4)
        ax.text(width, length, "?", ha="center", va="center", fontsize=12, weight="bold", zorder=5)
        ax.annotate(
            f"new bug:\n{side} the line,\nso a {kind}",
            (width, length),
            xytext=(0.1, 2.2),
            fontsize=9.5,
            arrowprops=dict(arrowstyle="-|>", color=INK_DARK, lw=1.2),
            va="top",
        )
    ax.set(xlim=(0, 4.5), ylim=(0, 4.5), xlabel="width (cm)", ylabel="length (cm)", aspect="equal")
    ax.legend(loc="center right" if slope is None else "upper left", fontsize=9, frameon=True, framealpha=0.9)
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------------------------------
# 1.4 Training a simple classifier: two examples, lines through the origin, and their updates.
# ---------------------------------------------------------------------------------------

LINE_STYLES = ((GREY, "--", 2.0), (BLUE, "-.", 2.0), (PURPLE, "-", 2.4))


def _plot_examples(ax: plt.Axes, examples: Sequence[tuple[float, float, str]], *, labels: bool = True) -> None:
    """The training examples as big markers (circle ladybird, triangle caterpillar), optionally labelled."""
    for width, length, kind in examples:
        ax.scatter(
            [width],
            [length],
            s=130,
            marker=CLASS_MARKERS[kind],
            color=CLASS_COLOURS[kind],
            edgecolors="black",
            linewidths=0.8,
            zorder=4,
        )
        if labels:  # ladybirds lie low and wide: label above; caterpillars tall and thin: label to the left
            above = kind == LADYBIRD
            ax.annotate(
                f"{kind}\n({width:g}, {length:g})",
                (width, length),
                xytext=(0, 10) if above else (-10, 0),
                textcoords="offset points",
                fontsize=9,
                ha="center" if above else "right",
                va="bottom" if above else "center",
            )


def two_examples_figure(
    lines: Sequence[tuple[float, str]] = (), examples: Sequence[tuple[float, float, str]] = TWO_BUGS
) -> Figure:
    """The training examples (x = width, y = length, in cm) and any dividing lines y = A x.

    ``lines`` holds (slope A, legend label) pairs, drawn in order: grey dashed, blue
    dash-dotted, then purple solid, so the latest line is the boldest.
    """
    fig, ax = _new_figure(5.0, 4.6)
    _plot_examples(ax, examples)
    x = np.array([0.0, 4.0])
    for i, (slope, label) in enumerate(lines):
        colour, style, width = LINE_STYLES[i % len(LINE_STYLES)]
        ax.plot(x, slope * x, color=colour, ls=style, lw=width, label=label)
    ax.set(xlim=(0, 4), ylim=(0, 4), xlabel="x (width, cm)", ylabel="y (length, cm)", aspect="equal")
    if lines:
        ax.legend(loc="upper right", fontsize=9, frameon=True, framealpha=0.95)
    fig.tight_layout()
    return fig


def error_at_example_figure(
    slope: float, target: float, new_slope: float | None = None, example: tuple[float, float, str] = TWO_BUGS[0]
) -> Figure:
    """A close look at one example: what the line y = A x gives there, the target, and the error E.

    With ``new_slope`` (A + ΔA) the figure also draws the corrected line, which passes
    through the target: the gap between the two lines at x is ΔA × x, and that gap is E.
    """
    width, length, kind = example
    output = slope * width
    error = target - output
    fig, ax = _new_figure(5.6, 3.9)
    x = np.array([0.0, 4.0])
    ax.plot(x, slope * x, color=BLUE, lw=2, label=f"old line: y = {slope:.4g} x")
    if new_slope is not None:
        ax.plot(x, new_slope * x, color=PURPLE, lw=2.4, label=f"new line: y = {new_slope:.4g} x")
    ax.scatter(
        [width],
        [length],
        s=130,
        marker=CLASS_MARKERS[kind],
        color=CLASS_COLOURS[kind],
        edgecolors="black",
        linewidths=0.8,
        zorder=4,
        label=f"the {kind} ({width:g}, {length:g})",
    )
    ax.plot([width], [output], "s", color=BLUE, ms=8, zorder=5, ls="", label="where the old line is at x")
    ax.plot([width], [target], "D", mfc="white", mec="black", mew=1.5, ms=9, zorder=5, ls="", label="the target")
    ax.annotate(
        "",
        xy=(width + 0.1, target),
        xytext=(width + 0.1, output),
        arrowprops=dict(arrowstyle="<|-|>", color=ORANGE_TEXT, lw=1.8, mutation_scale=12, shrinkA=0, shrinkB=0),
    )
    gap = f"E = ΔA × x\n   = {error:.4g}" if new_slope is not None else f"E = t − y\n   = {error:.4g}"
    # The old line climbs through this corner, so the label sits above the line and on a
    # white patch of its own: no line may strike through "= 0.35".
    ax.text(
        width + 0.2,
        (target + output) / 2 + 0.09,
        gap,
        color=ORANGE_TEXT,
        fontsize=11,
        va="center",
        zorder=6,
        bbox=dict(facecolor="white", edgecolor="none", pad=1.5),
    )
    old = "y = A x" if new_slope is not None else "y"
    new = "t = (A + ΔA) x" if new_slope is not None else "target t"
    ax.text(width - 0.12, output, f"{old} = {output:.4g}", ha="right", va="center", fontsize=10, color=BLUE)
    ax.text(width - 0.12, target, f"{new} = {target:.4g}", ha="right", va="center", fontsize=10)
    ax.set(xlim=(1.6, 4.0), ylim=(0.4, 1.6), xlabel="x (width, cm)", ylabel="y (length, cm)")
    ax.legend(loc="upper left", fontsize=8.5, frameon=False)
    fig.tight_layout()
    return fig


def learning_rate_replay_figure(
    learning_rate: float,
    start: float = 0.25,
    examples: Sequence[tuple[float, float, str]] = TWO_BUGS,
    margin: float = 0.1,
) -> Figure:
    """Replay one pass of training over ``examples`` with a learning rate, as three lines.

    Shows the starting line, the line after example 1 and the line after example 2, the
    targets each update aims for (hollow diamonds) and, shaded, the wedge of slopes that
    put every example on its own side.
    """
    steps = train_slope(start, list(examples), learning_rate, margin)
    widths, lengths, kinds = (np.array(column) for column in zip(*examples))
    low, high = separating_slopes(widths, lengths, kinds)
    fig, ax = _new_figure(5.2, 4.8)
    x = np.linspace(0.0, 4.0, 50)
    ax.fill_between(
        x, low * x, np.minimum(high * x, 4.0), color=GREEN, alpha=0.10, lw=0, label="slopes that split both bugs"
    )
    _plot_examples(ax, examples, labels=False)
    ax.plot(
        [step.x for step in steps],
        [step.target for step in steps],
        "_",
        color="black",
        ms=18,
        mew=2,
        zorder=5,
        ls="",
        label="targets, just past each bug",
    )
    names = ("start", "after example 1", "after example 2")
    slopes = [start] + [step.slope for step in steps]
    for (colour, style, width), name, slope in zip(LINE_STYLES, names, slopes):
        ax.plot(x, slope * x, color=colour, ls=style, lw=width, label=f"{name}: A = {slope:.4f}")
    ax.set(xlim=(0, 4), ylim=(0, 4), xlabel="x (width, cm)", ylabel="y (length, cm)", aspect="equal")
    ax.set_title(f"learning rate L = {learning_rate:.2f}", fontsize=11)
    ax.legend(loc="upper right", fontsize=8.5, frameon=True, framealpha=0.95)
    fig.tight_layout()
    return fig
