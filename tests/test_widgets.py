"""The interactive-figure mechanism, checked in Python (the browser test checks the page)."""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import pytest

from nnbook.figures.part1.predictor_sliders import bug_slope_slider, km_miles_slider
from nnbook.web.widgets import InteractiveFigure, figure_to_svg


def _line(slope: float):
    fig, ax = plt.subplots(figsize=(2, 2))
    ax.plot([0, 1], [0, slope])
    return fig


def test_one_frame_per_value_linked_in_the_browser() -> None:
    figure = InteractiveFigure([1, 2, 3], _line, label="slope", alt=lambda v: f"a line of slope {v}", initial=2)
    assert len(figure.stack.children) == 3
    assert figure.slider.index == 1 and figure.stack.selected_index == 1
    assert type(figure.link).__name__ == "Link"  # jslink: runs in the browser, not in Python
    assert figure.link.source == (figure.slider, "index")
    assert figure.link.target == (figure.stack, "selected_index")
    for value, frame in zip([1, 2, 3], figure.stack.children):
        assert f'data-value="{value}"' in frame.value
        assert f'aria-label="a line of slope {value}"' in frame.value
        assert 'role="img"' in frame.value
        assert "width:100%;height:auto" in frame.value and 'width="' not in frame.value.split(">", 2)[1]


def test_live_kernel_redraws_the_chosen_frame_with_python() -> None:
    calls = []

    def draw(value):
        calls.append(value)
        return _line(value)

    figure = InteractiveFigure([1, 2], draw, label="slope", alt=str)
    calls.clear()
    figure.slider.index = 1
    assert calls == [2]


def test_print_and_plain_text_get_a_picture_and_a_sentence() -> None:
    figure = InteractiveFigure([1, 2], _line, label="slope", alt=str)
    bundle = figure._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    assert "application/vnd.jupyter.widget-view+json" in data
    assert data["image/png"][:8] == b"\x89PNG\r\n\x1a\n"
    assert "Interactive figure: slope" in data["text/plain"]


def test_svg_ids_are_unique_per_drawing_and_references_follow() -> None:
    first, second = figure_to_svg(_line(1)), figure_to_svg(_line(1))
    ids_first = set(re.findall(r' id="([^"]+)"', first))
    ids_second = set(re.findall(r' id="([^"]+)"', second))
    assert ids_first and not ids_first & ids_second
    for svg, ids in ((first, ids_first), (second, ids_second)):
        referenced = set(re.findall(r"url\(#([^)]+)\)", svg)) | set(re.findall(r'href="#([^"]+)"', svg))
        assert referenced <= ids


def test_refuses_too_few_values_clashing_labels_and_unknown_initial() -> None:
    with pytest.raises(ValueError, match="at least 2"):
        InteractiveFigure([1], _line, label="x", alt=str)
    with pytest.raises(ValueError, match="print the same"):
        InteractiveFigure([0.101, 0.102], _line, label="x", alt=str, value_format="{:.2f}")
    with pytest.raises(ValueError, match="not one of the slider values"):
        InteractiveFigure([1, 2], _line, label="x", alt=str, initial=5)


def test_the_two_part_one_figures_stay_light() -> None:
    for figure, expected_frames in ((km_miles_slider(), 41), (bug_slope_slider(), 25)):
        frames = [child.value for child in figure.stack.children]
        assert len(frames) == expected_frames
        assert sum(map(len, frames)) < 450_000, "an interactive figure grew past 450 kB of page"


def test_km_miles_frames_report_prediction_and_signed_error() -> None:
    figure = km_miles_slider()
    by_value = {v: child.value for v, child in zip(figure.values, figure.stack.children)}
    assert "+2.137" in by_value[0.6] and "−" in by_value[0.6]
    assert "-7.863" in by_value[0.7] and "overshoot" in by_value[0.7]
    assert "+1.137" in by_value[0.61]
