"""Turned training copies and the rotation experiment, checked on small slices of the real MNIST."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from nnbook.data import load_mnist, scale_inputs
from nnbook.experiments import rotations
from nnbook.experiments.runner import load_digits
from nnbook.figures.part3 import rotations as rotations_figures
from nnbook.images import rotate_digit
from nnbook.network import NeuralNetwork


@pytest.fixture(scope="module")
def small(mnist_dir: Path):
    """The first 300 training and 200 test digits."""
    return load_digits(train_limit=300, test_limit=200, data_dir=mnist_dir)


# --------------------------------------------------------------------------- the data


def test_each_record_is_followed_by_its_turned_copies(small) -> None:
    inputs, labels = small.train_inputs[:7], small.train_labels[:7]
    turned, turned_labels = rotations.interleaved_rotations(inputs, labels, (10.0, -10.0), chunk=3)
    assert turned.shape == (21, 784)
    assert turned_labels.tolist() == np.repeat(labels, 3).tolist()
    for i in range(7):
        np.testing.assert_array_equal(turned[3 * i], inputs[i])
        np.testing.assert_allclose(turned[3 * i + 1], rotate_digit(inputs[i], 10.0), atol=1e-12)
        np.testing.assert_allclose(turned[3 * i + 2], rotate_digit(inputs[i], -10.0), atol=1e-12)


def test_chunk_size_does_not_change_the_result(small) -> None:
    inputs, labels = small.train_inputs[:11], small.train_labels[:11]
    a, _ = rotations.interleaved_rotations(inputs, labels, chunk=1)
    b, _ = rotations.interleaved_rotations(inputs, labels, chunk=1000)
    np.testing.assert_allclose(a, b, rtol=0, atol=1e-12)  # the same up to the last bit of rounding


def test_the_books_one_turns_the_right_way(mnist_dir: Path) -> None:
    # Record 6 is a 1. Turned anticlockwise (+10) its top moves left and its foot right,
    # so the top rows' ink ends up further left of the bottom rows' ink than before;
    # turned clockwise (-10), the other way.
    labels, images = load_mnist("train", limit=7, data_dir=mnist_dir)
    assert labels[6] == 1
    one = scale_inputs(images[6])
    columns = np.arange(28)

    def lean(pixels: np.ndarray) -> float:
        ink = pixels.reshape(28, 28) - 0.01
        top, bottom = ink[:12].sum(axis=0), ink[16:].sum(axis=0)
        return float((top * columns).sum() / top.sum() - (bottom * columns).sum() / bottom.sum())

    assert lean(rotate_digit(one, 10.0)) < lean(one) - 1.0
    assert lean(rotate_digit(one, -10.0)) > lean(one) + 1.0
    # The book's remark: this 1 leans, and the clockwise copy stands nearly upright.
    assert abs(lean(rotate_digit(one, -10.0))) < 0.5 < abs(lean(one))


def test_turned_test_sets_by_a_quarter_turn_match_rot90(small) -> None:
    sets = rotations.turned_test_sets(small.test_inputs[:5], (0.0, 90.0))
    np.testing.assert_array_equal(sets[0.0], small.test_inputs[:5])
    expected = np.rot90(small.test_inputs[:5].reshape(5, 28, 28), axes=(1, 2)).reshape(5, 784)
    np.testing.assert_allclose(sets[90.0], expected, atol=1e-6)  # the turned copies are float32
    assert sets[90.0].dtype == np.float32


def test_bad_data_is_refused_clearly() -> None:
    with pytest.raises(ValueError, match="shape"):
        rotations.interleaved_rotations(np.zeros((3, 783)), np.zeros(3))
    with pytest.raises(ValueError, match="one label per image"):
        rotations.interleaved_rotations(np.zeros((3, 784)), np.zeros(4))


# --------------------------------------------------------------------------- the experiment


SETTINGS = [(False, 0.1, 2), (True, 0.1, 1), (True, 0.01, 2)]


def test_the_experiment_gives_one_row_per_epoch_and_seed(small) -> None:
    results = rotations.run_rotation_experiment(small, SETTINGS, seeds=(1, 2), test_angles=(-20.0, 0.0, 20.0))
    assert len(results.trials) == (2 + 1 + 2) * 2
    assert len(results.turned) == 3 * 2 * 3
    assert results.seeds == (1, 2)
    seen = {(t.rotated, t.epoch): t.records_seen for t in results.trials}
    assert seen[(False, 2)] == 600 and seen[(True, 1)] == 900 and seen[(True, 2)] == 1800
    curve = results.curve(True, 0.01)
    assert curve.runs.shape == (2, 2) and curve.values.tolist() == [1.0, 2.0]
    for trial in results.trials:
        assert 0.0 <= trial.accuracy <= 1.0 and trial.seconds > 0
    # An unturned test set is the plain test set: its score is the last epoch's score.
    last = results.at(False, 0.1, 2)[0]
    assert results.turned_curve(False, 0.1).at(0.0)[0] == pytest.approx(last)


def test_the_experiment_is_repeatable_and_matches_a_run_by_hand(small) -> None:
    first = rotations.run_rotation_experiment(small, [(True, 0.1, 1)], seeds=(5,), test_angles=(0.0,))
    again = rotations.run_rotation_experiment(small, [(True, 0.1, 1)], seeds=(5,), test_angles=(0.0,))
    assert first.trials[0].accuracy == again.trials[0].accuracy
    # The same run written out: a fresh network from seed 5, one pass over the interleaved records.
    inputs, labels = rotations.interleaved_rotations(small.train_inputs, small.train_labels)
    net = NeuralNetwork([784, 200, 10], learning_rate=0.1, rng=5)
    for record, label in zip(inputs, labels):
        targets = np.full(10, 0.01)
        targets[label] = 0.99
        net.train(record, targets)
    answers = np.argmax(net.query_batch(small.test_inputs), axis=1)
    assert first.trials[0].accuracy == pytest.approx(np.mean(answers == small.test_labels), abs=1 / 200)


def test_parallel_workers_give_the_same_results(small) -> None:
    serial = rotations.run_rotation_experiment(small, [(False, 0.1, 1), (True, 0.1, 1)], seeds=(3,), test_angles=(0.0,))
    parallel = rotations.run_rotation_experiment(
        small, [(False, 0.1, 1), (True, 0.1, 1)], seeds=(3,), test_angles=(0.0,), workers=2
    )
    assert [t.accuracy for t in serial.trials] == [t.accuracy for t in parallel.trials]


@pytest.mark.parametrize(
    "settings, seeds, message",
    [
        ([(False, 0.0, 1)], (1,), "learning rate"),
        ([(False, 0.1, 0)], (1,), "epoch"),
        ([(False, 0.1, 1)], (1, 1), "differ"),
        ([], (1,), "at least one"),
    ],
)
def test_bad_plans_are_refused(small, settings, seeds, message) -> None:
    with pytest.raises(ValueError, match=message):
        rotations.run_rotation_experiment(small, settings, seeds)


def test_compare_only_calls_a_difference_when_the_ranges_do_not_overlap() -> None:
    assert rotations.compare((0.97, 0.965, 0.975), (0.95, 0.94, 0.96)) == "higher"
    assert rotations.compare((0.95, 0.94, 0.96), (0.97, 0.965, 0.975)) == "lower"
    assert rotations.compare((0.96, 0.955, 0.966), (0.962, 0.96, 0.97)) == "about the same"


# --------------------------------------------------------------------------- exercises and figures


def test_exercise_learning_steps() -> None:
    # Five epochs of the turned set (three records per original) against plain epochs.
    setting = rotations.Setting(rotated=True, learning_rate=0.01, epochs=5)
    assert setting.records(60_000, 2) == 900_000
    assert setting.records(60_000, 2) == rotations.Setting(False, 0.01, 15).records(60_000, 2)


def test_figures_and_slider(small) -> None:
    results = rotations.run_rotation_experiment(
        small, [(False, 0.1, 1), (True, 0.1, 1)], seeds=(1, 2), test_angles=(-10.0, 0.0, 10.0)
    )
    for fig in (
        rotations_figures.turned_copies_figure(small.train_inputs[6]),
        rotations_figures.rotation_results_figure(results),
        rotations_figures.turned_test_figure(results, 0.1),
    ):
        assert isinstance(fig, Figure)
        plt.close(fig)
    net = NeuralNetwork([784, 20, 10], learning_rate=0.1, rng=1)
    slider = rotations_figures.rotation_slider(net, small.test_inputs[0], int(small.test_labels[0]))
    assert len(slider.stack.children) == 19  # -45..45 in steps of 5
    assert slider.slider.value == "+0"
    assert sum(len(frame.value) for frame in slider.stack.children) < 450_000


# --------------------------------------------------------------------------- the precomputed long runs


def _write_tables(folder: Path) -> None:
    """Tiny tables in the precompute's format: two settings, two seeds, one run cut short."""
    import csv
    import json

    epochs = [
        {
            "angle": a,
            "order": "stored",
            "learning_rate": 0.01,
            "seed": seed,
            "epoch": e,
            "records_seen": e * 60_000 * (3 if a else 1),
            "accuracy": 0.9 + 0.01 * e + (0.005 if a else 0) + 0.001 * seed,
            "cpu_seconds": 9.0 if a else 3.0,
        }
        for a in (0.0, 10.0)
        for seed in (1, 2)
        for e in (1, 2, 3)
    ]
    epochs.append({**epochs[0], "seed": 3})  # seed 3 stopped after one epoch: not a whole run
    turned = [
        {
            "angle": a,
            "order": "stored",
            "learning_rate": 0.01,
            "seed": seed,
            "epochs": 2,
            "test_angle": t,
            "accuracy": 0.9 - abs(t) / (200 if a else 100),
        }
        for a in (0.0, 10.0)
        for seed in (1, 2)
        for t in (-30.0, 0.0, 30.0)
    ]
    for name, rows in (("epochs.csv", epochs), ("turned.csv", turned)):
        with open(folder / name, "w", newline="") as file:
            writer = csv.DictWriter(file, list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    (folder / "meta.json").write_text(json.dumps({"peak_worker_rss_mb": 900.0}))


def test_precomputed_tables_are_read_back(tmp_path: Path) -> None:
    _write_tables(tmp_path)
    data = rotations.load_precomputed(tmp_path)
    curve = data.curve(10.0, 0.01)
    assert curve.seeds == (1, 2)  # the unfinished seed is left out
    mean, low, high = data.at(10.0, 0.01, 2)
    assert (low, high) == pytest.approx((0.926, 0.927)) and mean == pytest.approx(0.9265)
    assert data.by_seed(0.0, 0.01, 1) == pytest.approx({1: 0.911, 2: 0.912})
    assert data.cpu_seconds(10.0, 0.01) == pytest.approx(9.0)
    assert data.meta["peak_worker_rss_mb"] == 900.0
    results = data.as_results(10.0)
    assert results.at(True, 0.01, 2) == pytest.approx(data.at(10.0, 0.01, 2))
    assert results.turned_curve(False, 0.01).at(30.0)[0] == pytest.approx(0.6)
    with pytest.raises(KeyError, match="no precomputed runs"):
        data.curve(20.0, 0.01)
    fig = rotations_figures.rotation_results_figure(results, max_epoch=2)
    plt.close(fig)


def test_the_sweep_figure_draws(tmp_path: Path) -> None:
    _write_tables(tmp_path)
    data = rotations.load_precomputed(tmp_path)
    fig = rotations_figures.angle_sweep_figure(data, (10.0,), learning_rate=0.01, order="stored")
    assert isinstance(fig, Figure)
    plt.close(fig)


def test_the_precompute_plan_starts_with_a_whole_long_pair() -> None:
    import importlib.util
    import sys

    script = Path(__file__).resolve().parents[1] / "tools" / "precompute_rotations.py"
    spec = importlib.util.spec_from_file_location("precompute_rotations", script)
    module = importlib.util.module_from_spec(spec)
    sys.modules["precompute_rotations"] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    runs = module.plan((1, 2, 3), (1,))
    assert runs[:2] == [module.Run(10.0, "stored", 0.01, 10, 1), module.Run(0.0, "stored", 0.01, 30, 1)]
    assert runs[0].units == runs[1].units == 30  # the same learning steps
    assert len(runs) == 3 * 2 + 3 * 3 + 4


def test_compare_seeds_uses_the_seed_spread_for_single_runs() -> None:
    assert rotations.compare_seeds({1: 0.97, 2: 0.971}, {1: 0.96, 2: 0.962}, 0.0) == "higher"
    assert rotations.compare_seeds({1: 0.97, 2: 0.961}, {1: 0.96, 2: 0.962}, 0.0) == "about the same"
    # one seed: the gap (0.004) against the spread seen elsewhere
    assert rotations.compare_seeds({1: 0.974}, {1: 0.970}, 0.003) == "higher"
    assert rotations.compare_seeds({1: 0.974}, {1: 0.970}, 0.005) == "about the same"
    assert rotations.compare_seeds({1: 0.966}, {1: 0.970, 2: 0.971}, 0.003) == "lower"
