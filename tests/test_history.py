"""The front matter's timeline and book map, and Appendix B's Pi Zero sketch."""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import pytest
from matplotlib.patches import Circle, FancyBboxPatch

from nnbook.figures.appendix_b import pi
from nnbook.figures.front import history
from nnbook.figures.front.history import MILESTONES, years_between


def _texts(fig) -> str:
    return " ".join(t.get_text() for ax in fig.axes for t in ax.texts)


def test_milestones_are_in_order_with_the_corrected_deep_blue_date() -> None:
    years = [m.year for m in MILESTONES]
    assert years == sorted(years)
    by_title = {m.title: m.year for m in MILESTONES}
    assert by_title["Deep Blue"] == 1997  # erratum 1: the original printed 1977
    assert by_title["AlphaGo"] == 2016
    assert by_title["Backpropagation"] == 1986
    assert [m.title for m in MILESTONES if m.setback] == ["AI's first winter"]


def test_years_between() -> None:
    assert years_between("Deep Blue", "AlphaGo") == 19
    assert years_between("AlphaGo", "Deep Blue") == -19
    with pytest.raises(ValueError, match="no milestone titled"):
        years_between("Deep Blue", "Skynet")


def test_timeline_shows_every_milestone() -> None:
    fig = history.timeline_figure()
    try:
        words = _texts(fig)
        assert matplotlib.colors.to_hex(fig.get_facecolor()) == "#ffffff"
        for event in MILESTONES:
            assert f"{event.year}  {event.title}" in words
        assert "1977" not in words
    finally:
        plt.close(fig)
    with pytest.raises(ValueError):
        history.timeline_figure(())


def test_book_map_has_three_parts_and_two_side_paths() -> None:
    fig = history.book_map_figure()
    try:
        boxes = [p for p in fig.axes[0].patches if isinstance(p, FancyBboxPatch)]
        assert len(boxes) == 5
        dashed = [b for b in boxes if b.get_linestyle() not in ("-", "solid")]
        assert len(dashed) == 2  # the appendices are side paths
        words = _texts(fig)
        for name in ("Part 1", "Part 2", "Part 3", "Appendix A", "Appendix B"):
            assert name in words
    finally:
        plt.close(fig)


def test_pi_zero_drawing_is_to_scale() -> None:
    fig = pi.pi_zero_figure()
    try:
        ax = fig.axes[0]
        board = next(p for p in ax.patches if isinstance(p, FancyBboxPatch))
        assert (board.get_width(), board.get_height()) == pytest.approx(pi.PI_ZERO_MM)
        radii = sorted(p.get_radius() for p in ax.patches if isinstance(p, Circle))
        assert radii[-1] == pytest.approx(pi.TWO_PENCE_DIAMETER_MM / 2)
        # The coin is about 40% of the board's length, as in real life (25.9 / 65).
        assert radii[-1] * 2 / board.get_width() == pytest.approx(0.398, abs=0.01)
        assert ax.get_aspect() == 1.0
    finally:
        plt.close(fig)
