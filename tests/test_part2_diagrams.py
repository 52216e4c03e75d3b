"""Tests of nnbook.figures.part2.diagrams, the class card and the training flow of page 2.4.

The pictures are checked through the text they draw, which is what a reader relies on,
and against the page's class: the flow's code lines must name the variables ``train``
really uses.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure

from nnbook.figures.part2.diagrams import FLOW_STEPS, network_class_figure, training_flow_figure


def texts(fig: Figure) -> list[str]:
    return [t.get_text() for ax in fig.axes for t in ax.texts]


def test_the_class_card_lists_every_item_it_is_given() -> None:
    data = [("wih", "weights, input → hidden"), ("who", "weights, hidden → output")]
    methods = [("query(inputs)", "outputs for one record"), ("train(inputs, targets)", "learn")]
    fig = network_class_figure(data, methods)
    drawn = texts(fig)
    assert "class NeuralNetwork" in drawn
    for code, meaning in data + methods:
        assert code in drawn and meaning in drawn
    assert to_rgba(fig.get_facecolor()) == (1.0, 1.0, 1.0, 1.0)
    plt.close(fig)


def test_the_class_card_needs_data_and_methods() -> None:
    with pytest.raises(ValueError, match="at least one"):
        network_class_figure([], [("query()", "ask")])


def test_the_flow_shows_every_step_in_order() -> None:
    fig = training_flow_figure()
    drawn = texts(fig)
    titles = [title for _, title, _ in FLOW_STEPS]
    assert [t for t in drawn if t in titles] == titles
    for name in ("output_errors", "hidden_errors", "who.T", "hidden_outputs.T", "inputs.T"):
        assert any(name in t for t in drawn), name
    plt.close(fig)


def test_the_flow_refuses_an_unknown_kind_of_step() -> None:
    with pytest.raises(ValueError, match="unknown kind"):
        training_flow_figure([("sideways", "a step", "x = 1")])
