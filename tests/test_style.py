"""One style: the style sheet ships with the package, applies to the book's figures only, and
the helpers give the settings the figure modules used to repeat."""

from __future__ import annotations

from importlib import resources

import matplotlib
import matplotlib.pyplot as plt
import pytest
from matplotlib.colors import to_hex

from nnbook.figures.colours import GRID_LIGHT, GRID_LINE, LINE_FRAME, NIGHT_SKY
from nnbook.figures.style import (
    STYLE_SHEET,
    blank_figure,
    book_style,
    frame_picture,
    new_drawing,
    new_figure,
    style_settings,
    tidy_axes,
)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_the_style_sheet_is_package_data_and_parses() -> None:
    assert resources.files("nnbook.figures").joinpath(STYLE_SHEET).is_file()
    settings = style_settings()
    assert settings["figure.facecolor"] == "white" and settings["axes.facecolor"] == "white"
    assert settings["savefig.facecolor"] == "white"


def test_the_style_applies_inside_and_leaves_the_readers_settings_alone() -> None:
    with matplotlib.rc_context({"figure.facecolor": "black", "axes.facecolor": "black", "lines.linewidth": 3.0}):
        fig, ax = new_figure(3.0, 2.0)
        assert to_hex(fig.get_facecolor()) == "#ffffff" and to_hex(ax.get_facecolor()) == "#ffffff"
        with book_style():
            assert matplotlib.rcParams["lines.linewidth"] == 3.0  # not reset to matplotlib's defaults
        assert matplotlib.rcParams["figure.facecolor"] == "black"  # restored afterwards
        mine = plt.figure()
        assert to_hex(mine.get_facecolor()) == "#000000"


def test_new_figure_passes_its_options_to_subplots() -> None:
    fig, axes = new_figure(4.0, 3.0, 2, 3, squeeze=False, sharey=True)
    assert axes.shape == (2, 3) and tuple(fig.get_size_inches()) == (4.0, 3.0)
    assert all(to_hex(ax.get_facecolor()) == "#ffffff" for ax in axes.flat)


def test_blank_figure_has_no_axes_and_white_paper() -> None:
    fig = blank_figure(2.0, 1.0)
    assert fig.axes == [] and to_hex(fig.get_facecolor()) == "#ffffff"


@pytest.mark.parametrize("fill", [False, True])
def test_new_drawing_hides_the_axes_and_sets_the_limits(fill: bool) -> None:
    fig, ax = new_drawing(5.0, 2.0, (0, 10), (-1, 3), aspect="equal", facecolor=NIGHT_SKY, fill=fill)
    assert not ax.axison and ax.get_xlim() == (0, 10) and ax.get_ylim() == (-1, 3)
    assert ax.get_aspect() == 1.0
    assert to_hex(fig.get_facecolor()) == NIGHT_SKY.lower()
    if fill:
        assert tuple(ax.get_position().bounds) == (0.0, 0.0, 1.0, 1.0)


def test_tidy_axes_hides_sides_and_draws_a_pale_grid_below() -> None:
    _, ax = new_figure(3.0, 2.0)
    assert tidy_axes(ax) is ax
    assert [side for side, spine in ax.spines.items() if spine.get_visible()] == ["left", "bottom"]
    assert not ax.xaxis.get_gridlines()[0].get_visible()
    _, ax = new_figure(3.0, 2.0)
    tidy_axes(ax, hide=("top", "right", "left"), grid="y", grid_colour=GRID_LIGHT, grid_width=0.8)
    assert [side for side, spine in ax.spines.items() if spine.get_visible()] == ["bottom"]
    line = ax.yaxis.get_gridlines()[0]
    assert line.get_visible() and to_hex(line.get_color()) == GRID_LIGHT.lower() and line.get_linewidth() == 0.8
    assert not ax.xaxis.get_gridlines()[0].get_visible() and ax.get_axisbelow() is True
    _, ax = new_figure(3.0, 2.0)
    tidy_axes(ax, grid="both")
    assert to_hex(ax.xaxis.get_gridlines()[0].get_color()) == GRID_LINE.lower()


def test_frame_picture_drops_the_ticks_and_greys_the_frame() -> None:
    _, ax = new_figure(2.0, 2.0)
    frame_picture(ax)
    assert list(ax.get_xticks()) == [] and list(ax.get_yticks()) == []
    assert {to_hex(spine.get_edgecolor()) for spine in ax.spines.values()} == {LINE_FRAME.lower()}
