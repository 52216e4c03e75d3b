"""Back-query pictures: the maths checked by hand, the page's claims checked on small networks."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from nnbook.data import make_targets
from nnbook.experiments import backquery
from nnbook.figures.part3 import mind
from nnbook.network import NeuralNetwork, logit


@pytest.fixture(scope="module")
def net() -> NeuralNetwork:
    """A small untrained 784-20-10 network: the back query's algebra does not need training."""
    return NeuralNetwork([784, 20, 10], learning_rate=0.1, rng=7)


def by_hand_backquery(net: NeuralNetwork, targets: np.ndarray) -> np.ndarray:
    """The back query written out with plain numpy, the logit as ln(y / (1 - y))."""

    def stretch(values: np.ndarray) -> np.ndarray:
        return 0.01 + 0.98 * (values - values.min()) / (values.max() - values.min())

    hidden = stretch(net.who.T @ np.log(targets / (1 - targets)))
    return stretch(net.wih.T @ np.log(hidden / (1 - hidden)))


# --------------------------------------------------------------------------- rescaling


def test_rescale_by_hand() -> None:
    np.testing.assert_allclose(backquery.rescale_into([-2.0, 0.0, 2.0]), [0.01, 0.5, 0.99])
    np.testing.assert_allclose(backquery.rescale_into([5.0, 1.0, 3.0], 0.2, 0.6), [0.6, 0.2, 0.4])


def test_rescale_keeps_only_the_pattern() -> None:
    values = np.random.default_rng(1).normal(size=30)
    once = backquery.rescale_into(values)
    np.testing.assert_allclose(backquery.rescale_into(3.5 * values - 7.0), once)
    assert once.min() == pytest.approx(0.01) and once.max() == pytest.approx(0.99)


def test_rescale_of_equal_values_is_the_middle() -> None:
    np.testing.assert_array_equal(backquery.rescale_into([4.0, 4.0, 4.0]), [0.5, 0.5, 0.5])


@pytest.mark.parametrize("low, high", [(0.0, 0.99), (0.5, 0.5), (0.2, 1.0)])
def test_rescale_refuses_a_range_the_logit_cannot_take(low: float, high: float) -> None:
    with pytest.raises(ValueError, match="logit"):
        backquery.rescale_into([1.0, 2.0], low, high)


# --------------------------------------------------------------------------- what to ask for


def test_label_templates_are_the_back_queries_done_by_hand(net: NeuralNetwork) -> None:
    templates = backquery.label_templates(net)
    assert templates.shape == (10, 784)
    for label in (0, 3, 9):
        np.testing.assert_allclose(templates[label], by_hand_backquery(net, make_targets(label)), atol=1e-12)


def test_the_stretched_signal_is_the_back_query(net: NeuralNetwork) -> None:
    # The figures draw input_signal; the book's picture is that signal stretched into 0.01..0.99.
    for label in (0, 3, 9):
        np.testing.assert_allclose(
            backquery.rescale_into(backquery.input_signal(net, label)), net.backquery(label), atol=1e-12
        )
    blend = backquery.blended_targets(3, 8, 0.3)
    np.testing.assert_allclose(backquery.rescale_into(backquery.input_signal(net, blend)), net.backquery(blend))
    assert backquery.label_signals(net).shape == (10, 784)
    with pytest.raises(ValueError, match="label"):
        backquery.input_signal(net, 10)


def test_zero_level_moves_from_picture_to_picture() -> None:
    # Zero lands a quarter of the way up for -1..3, but at the middle for -2..2.
    assert backquery.zero_level([-1.0, 3.0]) == pytest.approx(0.01 + 0.98 * 0.25)
    assert backquery.zero_level([-2.0, 0.5, 2.0]) == pytest.approx(0.5)
    assert backquery.zero_level([4.0, 4.0]) == pytest.approx(0.5)
    signal = np.array([-3.0, 0.0, 1.0])
    assert backquery.rescale_into(signal)[1] == pytest.approx(backquery.zero_level(signal))


def test_drawn_signals_keep_zero_at_the_middle_of_the_scale() -> None:
    scaled = mind.signal_scale([-2.0, 0.0, 4.0])
    np.testing.assert_allclose(scaled, [-0.5, 0.0, 1.0])
    np.testing.assert_array_equal(mind.signal_scale(np.zeros(3)), np.zeros(3))
    assert mind.SIGNAL_CMAP(0.5)[:3] == pytest.approx((1.0, 1.0, 1.0), abs=0.01)  # zero is white


def test_blended_targets_share_out_the_high_value() -> None:
    np.testing.assert_allclose(backquery.blended_targets(3, 8, 0.0), make_targets(3))
    np.testing.assert_allclose(backquery.blended_targets(3, 8, 1.0), make_targets(8))
    half = backquery.blended_targets(3, 8, 0.5)
    assert half[3] == pytest.approx(0.5) and half[8] == pytest.approx(0.5)
    assert np.delete(half, [3, 8]).tolist() == [0.01] * 8
    with pytest.raises(ValueError, match="two different labels"):
        backquery.blended_targets(4, 4, 0.5)
    with pytest.raises(ValueError, match="mix"):
        backquery.blended_targets(3, 8, 1.5)


def test_an_unsure_request_draws_the_very_same_picture(net: NeuralNetwork) -> None:
    # logit(1 - c) = -logit(c): the request only grows or shrinks, and rescaling forgets the size.
    for confidence in (0.6, 0.7, 0.9):
        np.testing.assert_allclose(net.backquery(backquery.unsure_targets(7, confidence)), net.backquery(7), atol=1e-12)
    with pytest.raises(ValueError, match="between 0.5 and 1"):
        backquery.unsure_targets(7, 0.5)


def test_no_digit_and_every_digit_are_mirror_images(net: NeuralNetwork) -> None:
    variants = list(backquery.target_variants(7, 0.7).values())
    none, every = net.backquery(variants[2]), net.backquery(variants[3])
    np.testing.assert_allclose(none + every, 1.0, atol=1e-12)  # 0.01 <-> 0.99, 0.5 stays 0.5


def test_hidden_node_picture_is_the_nodes_incoming_weights_stretched(net: NeuralNetwork) -> None:
    row = net.wih[5]
    expected = 0.01 + 0.98 * (row - row.min()) / (row.max() - row.min())
    np.testing.assert_allclose(backquery.hidden_node_picture(net, 5), expected, atol=1e-12)
    with pytest.raises(ValueError, match="node"):
        backquery.hidden_node_picture(net, 20)


def test_hidden_node_signal_is_its_incoming_weights(net: NeuralNetwork) -> None:
    np.testing.assert_allclose(backquery.hidden_node_signal(net, 5), logit(0.99) * net.wih[5], atol=1e-12)
    np.testing.assert_allclose(
        backquery.rescale_into(backquery.hidden_node_signal(net, 5)), backquery.hidden_node_picture(net, 5)
    )


def test_cutting_out_hidden_nodes_equals_a_network_built_without_them(net: NeuralNetwork) -> None:
    cut = [2, 5, 11]
    damaged = backquery.without_hidden_nodes(net, cut)
    smaller = NeuralNetwork.from_weights([np.delete(net.wih, cut, axis=0), np.delete(net.who, cut, axis=1)], 0.1)
    records = np.random.default_rng(3).uniform(0.01, 1.0, size=(4, 784))
    np.testing.assert_allclose(damaged.query_batch(records), smaller.query_batch(records), atol=1e-12)
    assert np.count_nonzero(net.who[:, cut]) == 30  # the original keeps its links
    with pytest.raises(ValueError, match="numbered 0 to 19"):
        backquery.without_hidden_nodes(net, [20])


def test_strongest_helpers_by_hand() -> None:
    small = NeuralNetwork.from_weights([np.zeros((4, 784)), np.array([[0.5, -1.0, 2.0, 0.1]] * 10)], 0.1)
    assert backquery.strongest_helpers(small, 0, 3).tolist() == [2, 0, 3]


# --------------------------------------------------------------------------- exercises of the page


def test_exercise_logit_values() -> None:
    # ln(0.99 / 0.01) = ln 99, and the logit of 0.01 is its negative.
    assert math.log(99) == pytest.approx(4.59512, abs=1e-5)
    assert logit(0.99) == pytest.approx(math.log(99))
    assert logit(0.01) == pytest.approx(-math.log(99))


def test_exercise_stretching_three_numbers() -> None:
    # -6, 0 and 2: the range is 8, so 0 sits 6/8 of the way up: 0.01 + 0.98 * 0.75 = 0.745.
    np.testing.assert_allclose(backquery.rescale_into([-6.0, 0.0, 2.0]), [0.01, 0.745, 0.99])


# --------------------------------------------------------------------------- figures


def test_figures_draw(net: NeuralNetwork) -> None:
    templates = backquery.label_signals(net)
    figures = [
        mind.query_directions_figure(np.arange(784) % 256, templates[7], 7),
        mind.template_figure(templates[0], 0),
        mind.template_grid_figure(templates),
        mind.blend_figure(net, 3, 8, 0.3),
        mind.target_variants_figure(net),
        mind.hidden_scan_figure(net, 0, count=4),
    ]
    for fig in figures:
        assert isinstance(fig, Figure)
        plt.close(fig)


def test_browsers_have_one_frame_per_value_and_stay_light(net: NeuralNetwork) -> None:
    labels = mind.template_browser(net)
    blends = mind.blend_browser(net, 3, 8, steps=6)
    assert len(labels.stack.children) == 10 and len(blends.stack.children) == 6
    for browser in (labels, blends):
        assert sum(len(frame.value) for frame in browser.stack.children) < 450_000
    readings = net.query_batch(backquery.label_templates(net))
    first_caption = labels.stack.children[0].value
    assert f"reads <b>{int(np.argmax(readings[0]))}</b>" in first_caption
