"""Network diagrams: what they draw, where they put it, and that it stays readable."""

from __future__ import annotations

import functools
import itertools
import re

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch
from matplotlib.text import Text

from nnbook.figures.colours import BLUE, INK, ORANGE, ORANGE_TEXT, VERMILLION, VERMILLION_TEXT
from nnbook.figures.diagrams import (
    NODE_RADIUS,
    Formats,
    Labels,
    Layout,
    draw_network,
    draw_network_panels,
    draw_node_detail,
    fit_axes_to_drawing,
    latex_matrix,
    text_shade,
)
from nnbook.figures.part1 import update_example
from nnbook.figures.part1.backprop import (
    LAYERS_OUTPUT_ERRORS,
    LAYERS_W_HIDDEN_OUTPUT,
    LAYERS_W_INPUT_HIDDEN,
    SIGNALS_WEIGHTS,
    THREE_LAYER_W_HIDDEN_OUTPUT,
    THREE_LAYER_W_INPUT_HIDDEN,
    backpropagate_errors,
    split_equally,
    split_errors,
)
from nnbook.figures.part1.signal_sliders import (
    THREE_LAYER_STAGES,
    error_split_figure,
    error_split_slider,
    follow_signal_figure,
    follow_signal_slider,
    hidden_error_figure,
    hidden_error_slider,
    three_layer_stage_figure,
    three_layer_stepper,
)

_KEPT: list[Figure] = []  # the cached figures of book_figures(), which stay open between tests


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    for number in plt.get_fignums():
        if not any(fig.number == number for fig in _KEPT):
            plt.close(number)


def circles(fig: Figure) -> list[Circle]:
    return [p for p in fig.axes[0].patches if isinstance(p, Circle)]


def arrows(fig: Figure, colour: str | None = None) -> list[FancyArrowPatch]:
    found = [p for p in fig.axes[0].patches if isinstance(p, FancyArrowPatch)]
    if colour is not None:
        wanted = plt.matplotlib.colors.to_rgb(colour)
        found = [p for p in found if p.get_edgecolor()[:3] == pytest.approx(wanted)]
    return found


def texts(fig: Figure) -> list[Text]:
    return [t for t in fig.axes[0].texts if t.get_text()]


def text_at(fig: Figure, content: str) -> Text:
    matches = [t for t in texts(fig) if t.get_text() == content]
    assert len(matches) == 1, f"expected one label {content!r}, found {len(matches)}"
    return matches[0]


def on_segment(point, start, end, tol: float = 1e-9) -> float | None:
    """The fraction t along start->end where ``point`` lies, or None when it is off the segment."""
    point, start, end = (np.asarray(v, dtype=float) for v in (point, start, end))
    direction = end - start
    t = float(np.dot(point - start, direction) / np.dot(direction, direction))
    off = np.linalg.norm(start + t * direction - point)
    return t if off < tol and 0 <= t <= 1 else None


# --- Structure ---


def test_one_circle_per_node_and_one_arrow_per_link() -> None:
    fig = draw_network([2, 3, 1])
    assert len(circles(fig)) == 6
    assert len(arrows(fig)) == 2 * 3 + 3 * 1
    assert all(c.get_radius() == NODE_RADIUS for c in circles(fig))


def test_weight_labels_follow_the_row_per_receiving_node_convention() -> None:
    """W[0, 1] = w_{2,1} = 0.3 must sit on the link from node 2 of layer 1 to node 1 of layer 2."""
    fig = draw_network([2, 2], SIGNALS_WEIGHTS)
    centres = [c.center for c in circles(fig)]  # layer 1 top, bottom; layer 2 top, bottom
    top_left, bottom_left, top_right, bottom_right = sorted(centres, key=lambda c: (c[0], -c[1]))
    assert on_segment(text_at(fig, "0.3").get_position(), bottom_left, top_right) is not None
    assert on_segment(text_at(fig, "0.2").get_position(), top_left, bottom_right) is not None
    assert on_segment(text_at(fig, "0.9").get_position(), top_left, top_right) is not None
    # Weight labels sit nearer the receiving node.
    assert on_segment(text_at(fig, "0.8").get_position(), bottom_left, bottom_right) > 0.5


def test_link_names_count_from_one_like_the_text() -> None:
    fig = draw_network([2, 2], labels=Labels(links="names"))
    names = {t.get_text() for t in texts(fig)}
    assert {r"$w_{1,1}$", r"$w_{1,2}$", r"$w_{2,1}$", r"$w_{2,2}$"} <= names
    fig = draw_network([2, 2], SIGNALS_WEIGHTS, labels=Labels(links="both"))
    assert r"$w_{2,1}$ = 0.3" in {t.get_text() for t in texts(fig)}


def test_error_pieces_point_back_towards_the_sender() -> None:
    shares = split_errors(LAYERS_W_HIDDEN_OUTPUT, LAYERS_OUTPUT_ERRORS)
    fig = draw_network([2, 2], LAYERS_W_HIDDEN_OUTPUT, errors=[None, LAYERS_OUTPUT_ERRORS], error_shares=[shares])
    back = arrows(fig, VERMILLION)
    assert len(back) == 4
    sender_x, receiver_x = sorted({c.center[0] for c in circles(fig)})
    for arrow in back:
        (tail_x, _), (head_x, _) = arrow._posA_posB  # matplotlib keeps the end points here
        assert receiver_x > tail_x > head_x > sender_x
    # The piece 0.9 (error 1.5 via weight 3.0, link from node 2 to node 1) is labelled near node 2.
    label = text_at(fig, "0.9").get_position()
    assert label[0] < (sender_x + receiver_x) / 2
    assert {"e = 1.5", "e = 0.5"} <= {t.get_text() for t in texts(fig)}
    # Bigger pieces get thicker arrows.
    widths = sorted(back, key=lambda a: a.get_linewidth())
    assert widths[0].get_linewidth() < widths[-1].get_linewidth()


def test_highlight_stresses_some_links_and_fades_the_rest() -> None:
    fig = draw_network([3, 3], highlight=[(0, 0, 1)])
    colours = [a.get_edgecolor()[:3] for a in arrows(fig)]
    blue = plt.matplotlib.colors.to_rgb("#0072B2")
    assert sum(c == pytest.approx(blue) for c in colours) == 1
    fig = draw_network([3, 3], highlight=[(0, 0, 1), (0, 1, 2)], labels=Labels(links="names", only_highlighted=True))
    assert sorted(t.get_text() for t in texts(fig) if t.get_text().startswith("$")) == [r"$w_{1,2}$", r"$w_{2,3}$"]


def rgb(colour) -> tuple[float, float, float]:
    return tuple(plt.matplotlib.colors.to_rgb(colour))


def wcag_contrast_with_white(colour: str) -> float:
    """Contrast ratio of ``colour`` against white, by the WCAG 2 definition."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb(colour))
    return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)


def test_a_highlight_dict_gives_each_link_its_own_colour() -> None:
    fig = draw_network(
        [3, 3], labels=Labels(links="names", only_highlighted=True), highlight={(0, 0, 1): VERMILLION, (0, 1, 2): BLUE}
    )
    centres = sorted((c.center for c in circles(fig)), key=lambda c: (c[0], -c[1]))  # left top..bottom, right
    (red,), (blue,) = arrows(fig, VERMILLION), arrows(fig, BLUE)
    (tail, head) = red._posA_posB
    assert on_segment(tail, centres[0], centres[4]) is not None and on_segment(head, centres[0], centres[4])
    (tail, head) = blue._posA_posB
    assert on_segment(tail, centres[1], centres[5]) is not None and on_segment(head, centres[1], centres[5])
    # Each label is written in a readable shade of its link's colour, on that link.
    red_label, blue_label = text_at(fig, r"$w_{1,2}$"), text_at(fig, r"$w_{2,3}$")
    assert rgb(red_label.get_color()) == pytest.approx(rgb(VERMILLION_TEXT))
    assert rgb(blue_label.get_color()) == pytest.approx(rgb(BLUE))
    assert on_segment(red_label.get_position(), centres[0], centres[4]) is not None
    # The other 7 links fade.
    assert len(arrows(fig)) == 9 and len(arrows(fig, "#C4C4C4")) == 7


def test_a_highlight_list_keeps_the_original_look() -> None:
    fig = draw_network([2, 2], SIGNALS_WEIGHTS, highlight=[(0, 1, 0), (1, 0)])
    assert len(arrows(fig, BLUE)) == 1
    assert rgb(text_at(fig, "0.3").get_color()) == pytest.approx(rgb(INK))  # black label on the blue link
    lit = [c for c in circles(fig) if rgb(c.get_edgecolor()) == pytest.approx(rgb(BLUE))]
    assert len(lit) == 1 and rgb(lit[0].get_facecolor()) == pytest.approx(rgb("#DCEBF7"))


def test_a_highlighted_node_takes_its_colour_with_a_pale_fill() -> None:
    fig = draw_network([2, 2], highlight={(1, 1): ORANGE})
    (node,) = [c for c in circles(fig) if rgb(c.get_edgecolor()) == pytest.approx(rgb(ORANGE))]
    fill = np.array(rgb(node.get_facecolor()))
    assert np.all(fill > 0.8) and fill[0] > fill[2]  # pale, and orange rather than blue
    with pytest.raises(ValueError, match="not a colour matplotlib knows"):
        draw_network([2, 2], highlight={(1, 1): "orangey"})


@pytest.mark.parametrize("colour", [BLUE, ORANGE, VERMILLION, "#F0E442", "#56B4E9", "#009E73", "white"])
def test_text_shades_are_readable_on_white(colour: str) -> None:
    shade = text_shade(colour)
    assert wcag_contrast_with_white(shade) >= 4.5
    if wcag_contrast_with_white(colour) >= 4.5:
        assert shade == plt.matplotlib.colors.to_hex(colour)  # dark enough already: unchanged
    else:  # darkened, but still the same hue
        assert np.argmax(rgb(shade)) == np.argmax(rgb(colour)) or max(rgb(colour)) == min(rgb(colour))
    assert text_shade(ORANGE) == ORANGE_TEXT and text_shade(VERMILLION) == VERMILLION_TEXT


def test_an_error_can_name_its_node_and_skip_others() -> None:
    fig = draw_network([2, 2], SIGNALS_WEIGHTS, errors=[None, ["$e_1$ = 1.5", None]])
    error = text_at(fig, "$e_1$ = 1.5")
    top_right = max(circles(fig), key=lambda c: (c.center[0], c.center[1])).center
    assert error.get_position()[0] > top_right[0] and error.get_position()[1] == pytest.approx(top_right[1])
    assert rgb(error.get_color()) == pytest.approx(rgb(VERMILLION_TEXT))
    assert not any(t.get_text().startswith("e =") for t in texts(fig))


def test_link_label_size_sets_only_the_link_labels() -> None:
    fig = draw_network([2, 2], SIGNALS_WEIGHTS, formats=Formats(link_label_size=12))
    weights = {"0.9", "0.3", "0.2", "0.8"}
    assert all(t.get_fontsize() == 12 for t in texts(fig) if t.get_text() in weights)
    others = [t for t in texts(fig) if t.get_text() not in weights]
    assert others and all(t.get_fontsize() != 12 for t in others)  # node numbers, layer names


def test_a_network_fits_a_panel_of_a_bigger_figure() -> None:
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(6.0, 6.0))
    draw_network([2, 3], ax=top, labels=Labels(layers=["in", "out"]))
    fit_axes_to_drawing(top)
    fig.canvas.draw()
    (x0, x1), (y0, y1) = top.get_xlim(), top.get_ylim()
    for circle in [p for p in top.patches if isinstance(p, Circle)]:
        assert x0 < circle.center[0] - NODE_RADIUS and circle.center[0] + NODE_RADIUS < x1
        assert y0 < circle.center[1] - NODE_RADIUS and circle.center[1] + NODE_RADIUS < y1
    # Equal scales: a circle stays round, however the panel is shaped.
    (px0, py0), (px1, py1) = top.transData.transform([(0.0, 0.0), (1.0, 1.0)])
    assert px1 - px0 == pytest.approx(py1 - py0, rel=1e-3)
    # Every label lies inside the panel.
    panel = top.get_window_extent()
    for text in top.texts:
        box = text.get_window_extent()
        assert panel.x0 - 1 <= box.x0 and box.x1 <= panel.x1 + 1 and panel.y0 - 1 <= box.y0 and box.y1 <= panel.y1 + 1


def test_values_sit_outside_the_network_and_below_hidden_nodes() -> None:
    fig = draw_network([2, 2, 2], values=[["in1", "in2"], ["mid1", "mid2"], ["out1", "out2"]])
    xs = sorted({c.center[0] for c in circles(fig)})
    assert text_at(fig, "in1").get_position()[0] < xs[0]
    assert text_at(fig, "out1").get_position()[0] > xs[2]
    mid = text_at(fig, "mid1").get_position()
    assert mid[0] == pytest.approx(xs[1]) and mid[1] < max(c.center[1] for c in circles(fig)) - NODE_RADIUS


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: draw_network([2, 2], np.ones((2, 3))), r"shape \(2, 3\).*need shape \(2, 2\)"),
        (lambda: draw_network([2, 2, 1], [np.ones((2, 2))]), "one matrix per pair"),
        (lambda: draw_network([2, 2], values=[[1, 2, 3], None]), "3 entries but layer 0 has 2 nodes"),
        (lambda: draw_network([2, 2], highlight=[(0, 2, 0)]), "cannot highlight"),
        (lambda: draw_network([2]), "at least two layers"),
        (lambda: draw_network([2, 2], labels=Labels(links="weights")), r"Labels\(links=...\) must be"),
        (lambda: draw_network([2, 2], labels=Labels(links=[np.full((2, 3), "")])), r"Labels.links\[0\] has shape"),
        (lambda: draw_network([2, 2], labels=Labels(layers=["one"])), r"one name per layer \(2\), got 1"),
        (lambda: draw_network([2, 2, 2], labels=Labels(gaps=["one"])), r"one name per pair of layers \(2\), got 1"),
    ],
)
def test_wrong_arguments_are_explained(call, message) -> None:
    with pytest.raises(ValueError, match=message):
        call()


def test_nan_pieces_draw_no_arrow_and_gap_names_sit_between_layers() -> None:
    shares = split_errors([[6.0, 3.0], [4.0, 4.0]], [0.9, 0.4])
    shares[1] = np.nan
    fig = draw_network([2, 2], [[6.0, 3.0], [4.0, 4.0]], error_shares=[shares], labels=Labels(gaps=["W"]))
    assert len(arrows(fig, VERMILLION)) == 2
    xs = sorted({c.center[0] for c in circles(fig)})
    name = text_at(fig, "W").get_position()
    assert xs[0] < name[0] < xs[1] and name[1] < min(c.center[1] for c in circles(fig))


def test_negative_numbers_get_a_real_minus_sign() -> None:
    fig = draw_network([2, 1], [[1.0, -0.5]])
    assert "\u22120.5" in {t.get_text() for t in texts(fig)}


def test_latex_matrix() -> None:
    assert latex_matrix([[0.9, 0.3], [0.2, 0.8]], "{:.1f}") == (r"\begin{bmatrix} 0.9 & 0.3 \\ 0.2 & 0.8 \end{bmatrix}")
    assert latex_matrix([1.16, 0.42], "{:.2f}") == r"\begin{bmatrix} 1.16 \\ 0.42 \end{bmatrix}"
    with pytest.raises(ValueError, match="shape"):
        latex_matrix(np.ones((2, 2, 2)))


def test_stacked_panels_sit_one_above_the_other() -> None:
    panel = dict(layer_sizes=[2, 2], weights=[[6.0, 3.0], [4.0, 4.0]], labels=Labels(links="both"))
    fig = draw_network_panels([panel, panel], titles=["top", "bottom"], stacked=True)
    ys = sorted(c.center[1] for c in circles(fig))  # lower drawing first
    assert ys[4] - ys[3] > 1.5  # wider than the gap between two nodes of one drawing (1.15)
    top, bottom = text_at(fig, "top").get_position(), text_at(fig, "bottom").get_position()
    assert top[1] > ys[-1] and ys[3] < bottom[1] < ys[4]
    assert {c.center[0] for c in circles(fig)} == {c.center[0] for c in circles(fig)[:4]}  # aligned


def test_panels_sit_side_by_side_at_one_scale() -> None:
    panel = dict(layer_sizes=[2, 1], weights=[[3.0, 1.0]], errors=[None, [0.8]], layout=Layout(layer_gap=1.9))
    fig = draw_network_panels(
        [
            {**panel, "error_shares": split_equally([[3.0, 1.0]], [0.8])},
            {**panel, "error_shares": split_errors([[3.0, 1.0]], [0.8])},
        ],
        titles=["equal", "in proportion"],
    )
    centres = sorted(c.center[0] for c in circles(fig))
    assert len(centres) == 6
    assert centres[3] - centres[2] > 1.0  # the second panel starts well right of the first
    assert {"0.4", "0.6", "0.2"} <= {t.get_text() for t in texts(fig)}
    single = draw_network(**{k: v for k, v in panel.items()})
    assert fig.get_size_inches()[1] >= single.get_size_inches()[1]


def test_node_detail_shows_each_product_the_sum_and_the_output() -> None:
    fig = draw_node_detail([1.0, 0.5], [0.9, 0.3])
    words = " ".join(t.get_text() for t in texts(fig))
    for piece in ("1.0 × 0.9 = 0.90", "0.5 × 0.3 = 0.15", "= 1.05", "y = 0.7408"):
        assert piece in words
    with pytest.raises(ValueError, match="one weight per incoming link"):
        draw_node_detail([1.0, 0.5], [0.9])


# --- Readable on a phone: size, font size, nothing on top of anything else ---


@functools.cache
def book_figures() -> dict[str, Figure]:
    """The diagrams of the book's pages, drawn once for all the tests that look at them."""
    hidden = backpropagate_errors(LAYERS_W_HIDDEN_OUTPUT, LAYERS_OUTPUT_ERRORS)
    figures = {
        "2x2 weights": draw_network([2, 2], SIGNALS_WEIGHTS, values=[[1.0, 0.5], None]),
        "2x2 both": draw_network(
            [2, 2],
            SIGNALS_WEIGHTS,
            labels=Labels(links="both"),
            values=[["1.0", "0.5"], ["x = 1.05\ny = 0.7408", "x = 0.60\ny = 0.6457"]],
        ),
        "3x3x3 weights": draw_network(
            [3, 3, 3],
            [THREE_LAYER_W_INPUT_HIDDEN, THREE_LAYER_W_HIDDEN_OUTPUT],
            formats=Formats(weight="{:.1f}"),
            values=[[0.9, 0.1, 0.8], None, None],
        ),
        "3x3x3 names": draw_network([3, 3, 3], labels=Labels(links="names")),
        "2-2-2 errors": draw_network(
            [2, 2, 2],
            [LAYERS_W_INPUT_HIDDEN, LAYERS_W_HIDDEN_OUTPUT],
            errors=[None, hidden, LAYERS_OUTPUT_ERRORS],
            error_shares=[None, split_errors(LAYERS_W_HIDDEN_OUTPUT, LAYERS_OUTPUT_ERRORS)],
        ),
        "2-2-2 back": draw_network(
            [2, 2, 2],
            [LAYERS_W_INPUT_HIDDEN, None],
            errors=[None, hidden, None],
            formats=Formats(error="{:.5g}"),
            error_shares=[split_errors(LAYERS_W_INPUT_HIDDEN, hidden), None],
        ),
        "node detail": draw_node_detail([1.0, 0.5], [0.9, 0.3]),
        "follow signal": follow_signal_figure(2.0),
        "stage 5": three_layer_stage_figure(THREE_LAYER_STAGES[-1]),
        "split": error_split_figure(3.0),
        "split zero": error_split_figure(0.0),
        "hidden errors": hidden_error_figure(),
        "hidden errors negative": hidden_error_figure([-1.0, 0.5]),
        "panels in a row": draw_network_panels(
            [
                dict(
                    layer_sizes=[2, 1],
                    weights=[[3.0, 1.0]],
                    errors=[None, ["e = 0.8"]],
                    labels=Labels(layers=["", ""]),
                    formats=Formats(weight="{:.1f}", error="{:.2f}"),
                    layout=Layout(layer_gap=1.6, share_position=0.3),
                    error_shares=shares,
                )
                for shares in (split_equally([[3.0, 1.0]], [0.8]), split_errors([[3.0, 1.0]], [0.8]))
            ],
            titles=["split equally", "split in proportion"],
            gap=0.3,
        ),
        # The networks of "Neurons" and of "A weight update, worked through".
        "neurons 3x3x3": draw_network([3, 3, 3], layout=Layout(layer_gap=1.9)),
        "neurons names": draw_network(
            [3, 3, 3],
            highlight={(0, 0, 1): VERMILLION, (0, 1, 2): BLUE},
            labels=Labels(links="names", only_highlighted=True),
            formats=Formats(link_label_size=12),
            layout=Layout(layer_gap=1.9, label_position=0.45),
        ),
        "weight update": update_example.update_network_figure(),
    }
    _KEPT.extend(figures.values())
    return figures


def _label_boxes(fig: Figure) -> list[tuple[Text, object]]:
    renderer = fig.canvas.get_renderer()
    boxes = []
    for text in texts(fig):
        box = text.get_window_extent(renderer)
        patch = text.get_bbox_patch()
        if patch is not None:
            text.update_bbox_position_size(renderer)
            box = patch.get_window_extent(renderer)
        boxes.append((text, box))
    return boxes


@pytest.mark.parametrize("name", list(book_figures()))
def test_figures_are_phone_sized_with_big_enough_text(name: str) -> None:
    fig = book_figures()[name]
    width, height = fig.get_size_inches()
    assert 2.0 < width <= 6.3 and height <= 6.0
    assert min(t.get_fontsize() for t in texts(fig)) >= 9


@pytest.mark.parametrize("name", list(book_figures()))
def test_no_label_covers_another_label_or_a_node(name: str) -> None:
    fig = book_figures()[name]
    fig.canvas.draw()
    boxes = _label_boxes(fig)
    for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2):
        overlap_x = min(box_a.x1, box_b.x1) - max(box_a.x0, box_b.x0)
        overlap_y = min(box_a.y1, box_b.y1) - max(box_a.y0, box_b.y0)
        assert overlap_x <= 1 or overlap_y <= 1, f"{a.get_text()!r} overlaps {b.get_text()!r}"
    to_pixels = fig.axes[0].transData
    for circle in circles(fig):
        (cx, cy), radius = to_pixels.transform(circle.center), circle.get_radius() * fig.dpi
        for text, box in boxes:
            if np.allclose(to_pixels.transform(text.get_position()), (cx, cy)):
                continue  # the node's own label, inside it
            nearest_x, nearest_y = np.clip(cx, box.x0, box.x1), np.clip(cy, box.y0, box.y1)
            assert np.hypot(cx - nearest_x, cy - nearest_y) > radius - 1, f"{text.get_text()!r} covers a node"


# --- Interactive figures ---


@functools.cache
def built(make):
    """Each interactive figure is built once for all the tests that look at it."""
    return make()


@pytest.mark.parametrize(
    "make, frames",
    [(follow_signal_slider, 21), (three_layer_stepper, 5), (error_split_slider, 17), (hidden_error_slider, 13)],
)
def test_interactive_figures_stay_light(make, frames) -> None:
    figure = built(make)
    assert len(figure.stack.children) == frames
    assert sum(len(child.value) for child in figure.stack.children) < 450_000


def test_follow_signal_starts_at_the_worked_example() -> None:
    figure = built(follow_signal_slider)
    shown = figure.stack.children[figure.slider.index].value
    assert 'data-value="1.0"' in shown
    assert "receives 1.05 and sends out 0.7408" in shown and "receives 0.60 and sends out 0.6457" in shown


def test_three_layer_stepper_ends_with_the_outputs_of_the_text() -> None:
    figure = built(three_layer_stepper)
    assert figure.slider.index == 0
    assert "0.726, 0.708, 0.778" in figure.stack.children[-1].value
    assert "1.16, 0.42, 0.62" in figure.stack.children[1].value
    sizes = set()
    for stage in THREE_LAYER_STAGES:
        fig = three_layer_stage_figure(stage)
        sizes.add(fig.get_size_inches().round(3).tobytes())
        plt.close(fig)  # the cached book figures already keep many open
    assert len(sizes) == 1, "every step must have the same size, or the page jumps as the slider moves"


def test_error_split_slider_at_three_to_one() -> None:
    figure = built(error_split_slider)
    shown = figure.stack.children[figure.slider.index].value
    assert 'data-value="3.00"' in shown
    assert "carries back 0.60 of it and the second 0.20" in shown


def test_hidden_error_slider_starts_at_the_worked_example_and_keeps_its_size() -> None:
    figure = built(hidden_error_slider)
    shown = figure.stack.children[figure.slider.index].value
    assert 'data-value="1.50"' in shown
    assert "collects 0.70" in shown and "collects 1.30" in shown
    sizes = {re.search(r'viewBox="([^"]+)"', child.value).group(1) for child in figure.stack.children}
    assert len(sizes) == 1, "every frame must have the same size"
