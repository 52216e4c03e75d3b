"""Tests for nnbook.experiments: each result must match an independent, slower computation.

The experiment runner is checked against the book's plainest method (``net.train`` on one
record after another, then a scorecard loop of ``net.query``), on small made-up digit sets;
one test runs on the first 2,000 real MNIST training records.
"""

from __future__ import annotations

import math
import operator
import pickle

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from nnbook.data import make_targets, scale_inputs
from nnbook.evaluation import evaluate
from nnbook.experiments import pool
from nnbook.experiments.runner import (
    SOURCE_RESULTS,
    Digits,
    Trial,
    accuracy_on,
    count_weights,
    epochs_if_trained_from_scratch,
    load_digits,
    run_epochs_experiment,
    run_hidden_nodes_experiment,
    run_learning_rate_experiment,
    run_trials,
    split_validation,
    summarise,
    train_and_test,
    train_epoch_with_errors,
)
from nnbook.figures.part2.experiments import (
    benchmark_figure,
    block_means,
    data_split_figure,
    epochs_figure,
    hidden_nodes_figure,
    learning_curve_figure,
    learning_rate_figure,
    overfitting_figure,
    squared_errors_figure,
)
from nnbook.network import NeuralNetwork


def made_up_digits(n_train: int = 300, n_test: int = 120, seed: int = 0) -> Digits:
    """Random 'images' whose label is the brightest of ten pixel blocks, so they can be learned."""
    rng = np.random.default_rng(seed)

    def split(n: int) -> tuple[np.ndarray, np.ndarray]:
        labels = rng.integers(0, 10, size=n).astype(np.uint8)
        images = rng.integers(0, 120, size=(n, 784)).astype(np.uint8)
        for row, label in enumerate(labels.tolist()):
            images[row, label * 78 : label * 78 + 78] += 130
        return labels, images

    return Digits(*split(n_train), *split(n_test))


def book_way(digits: Digits, hidden: int, learning_rate: float, epochs: int, seed: int) -> float:
    """Train record by record with ``net.train`` and score with a query loop: the page-2.7 recipe."""
    net = NeuralNetwork([784, hidden, 10], learning_rate=learning_rate, rng=seed)
    inputs, targets = scale_inputs(digits.train_images), make_targets(digits.train_labels)
    for _ in range(epochs):
        for x, t in zip(inputs, targets):
            net.train(x, t)
    right = [
        int(np.argmax(net.query(x)) == label) for x, label in zip(scale_inputs(digits.test_images), digits.test_labels)
    ]
    return sum(right) / len(right)


# --------------------------------------------------------------------------- small numbers


def test_count_weights_by_hand():
    assert count_weights([784, 100, 10]) == 784 * 100 + 100 * 10 == 79_400
    assert count_weights([784, 200, 10]) == 158_800
    assert count_weights([3, 3, 3]) == 18
    with pytest.raises(ValueError, match="at least two layers"):
        count_weights([784])
    with pytest.raises(ValueError, match="whole number"):
        count_weights([784, 0, 10])


def test_epochs_if_trained_from_scratch_is_a_triangular_number():
    assert [epochs_if_trained_from_scratch(n) for n in (1, 2, 3, 10)] == [1, 3, 6, 55]
    assert epochs_if_trained_from_scratch(10) == sum(range(1, 11))


def test_source_results_are_the_reported_facts():
    assert SOURCE_RESULTS["learning_rate"][0.2] == 0.9537
    assert SOURCE_RESULTS["hidden_nodes"] == {5: 0.7001, 10: 0.8998, 200: 0.9751, 500: 0.9762}
    assert SOURCE_RESULTS["full"] == SOURCE_RESULTS["learning_rate"][0.3] == 0.9473


# --------------------------------------------------------------------------- data


def test_digits_scale_lazily_and_travel_without_the_floats():
    digits = made_up_digits()
    np.testing.assert_array_equal(digits.train_inputs, scale_inputs(digits.train_images))
    np.testing.assert_array_equal(digits.train_targets, make_targets(digits.train_labels))
    copy = pickle.loads(pickle.dumps(digits))
    assert "train_inputs" not in copy.__dict__  # only the raw bytes were sent
    np.testing.assert_array_equal(copy.test_inputs, digits.test_inputs)
    assert "300 training records, 120 test records" in repr(digits)


def test_digits_refuse_mismatched_records():
    labels = np.zeros(5, dtype=np.uint8)
    with pytest.raises(ValueError, match=r"shape \(n, 784\)"):
        Digits(labels, np.zeros((5, 783), np.uint8), labels, np.zeros((5, 784), np.uint8))
    with pytest.raises(ValueError, match="one test label per image"):
        Digits(labels, np.zeros((5, 784), np.uint8), labels[:4], np.zeros((5, 784), np.uint8))


# --------------------------------------------------------------------------- one run


def test_accuracy_on_equals_evaluate():
    digits = made_up_digits(n_test=150)  # not a multiple of the 64-record slices
    net = NeuralNetwork([784, 12, 10], learning_rate=0.3, rng=4)
    net.train_records(digits.train_inputs, digits.train_targets)
    assert accuracy_on(net, digits.test_inputs, digits.test_labels) == evaluate(
        net, digits.test_inputs, digits.test_labels
    )
    with pytest.raises(ValueError, match="one label per input record"):
        accuracy_on(net, digits.test_inputs, digits.test_labels[:-1])


def test_accuracy_on_counts_right_answers_by_hand_in_any_slices():
    net = NeuralNetwork([784, 20, 10], learning_rate=0.1, rng=7)
    records = np.random.default_rng(4).uniform(0.01, 1.0, size=(150, 784))
    answers = np.argmax(net.query_batch(records), axis=1)
    labels = answers.copy()
    labels[:30] = (labels[:30] + 1) % 10  # make exactly 30 of the 150 wrong
    assert accuracy_on(net, records, labels, chunk=7) == pytest.approx(120 / 150)
    assert accuracy_on(net, records, labels) == accuracy_on(net, records, labels, chunk=150)


@pytest.mark.parametrize("workers", [1, 2])
def test_run_all_returns_results_in_the_order_of_the_tasks(workers):
    finished = []
    results = pool.run_all(
        [5, 1, 4, 2],
        operator.add,
        workers=workers,
        initializer=int,
        initargs=(10,),
        on_done=lambda task, result: finished.append((task, result)),
    )
    assert results == [15, 11, 14, 12]  # state 10, built by int(10) in each process, plus each task
    assert sorted(finished) == [(1, 11), (2, 12), (4, 14), (5, 15)]


def test_run_all_builds_the_state_once_in_this_process_when_processes_cannot_start(monkeypatch):
    monkeypatch.setattr(pool, "can_start_processes", lambda: False)  # as in a web page (Pyodide)
    built = []

    def start(value: int) -> list[int]:  # a local function: a worker process could not even receive it
        built.append(value)
        return [value]

    assert pool.run_all(
        [1, 2, 3], lambda state, task: state[0] * task, workers=2, initializer=start, initargs=(7,)
    ) == [7, 14, 21]
    assert built == [7]


def test_each_epoch_of_one_run_equals_a_fresh_run_of_that_many_epochs_the_book_way():
    digits = made_up_digits(n_train=200, n_test=100)
    trials = train_and_test(digits, hidden=8, learning_rate=0.2, epochs=3, seed=7)
    assert [t.epoch for t in trials] == [1, 2, 3]
    for trial in trials:
        assert trial.accuracy == book_way(digits, hidden=8, learning_rate=0.2, epochs=trial.epoch, seed=7)
        assert trial.seconds > 0 and trial.cpu_seconds > 0
        assert math.isnan(trial.train_accuracy)
    assert trials[-1].accuracy > 0.5  # and the made-up task is learnable at all (chance is 0.1)


def test_the_original_programs_starting_weights_can_be_chosen():
    digits = made_up_digits(n_train=120, n_test=60)
    trials = run_learning_rate_experiment(digits, [0.3], seeds=[5], hidden=7, init="layer")
    assert trials[0].init == "layer"
    net = NeuralNetwork([784, 7, 10], learning_rate=0.3, rng=5, init="layer")
    net.train_records(digits.train_inputs, digits.train_targets)
    assert trials[0].accuracy == evaluate(net, digits.test_inputs, digits.test_labels)
    assert summarise(trials, "learning_rate", init="layer").runs.shape == (1, 1)
    with pytest.raises(ValueError, match="init must be one of"):
        run_learning_rate_experiment(digits, [0.3], seeds=[5], init="bigger")


def test_training_accuracy_scores_records_already_learned():
    digits = made_up_digits(n_train=250, n_test=60)
    (trial,) = train_and_test(digits, hidden=8, learning_rate=0.3, epochs=1, seed=1, check_training=True)
    net = NeuralNetwork([784, 8, 10], learning_rate=0.3, rng=1)
    net.train_records(digits.train_inputs, digits.train_targets)
    assert trial.train_accuracy == evaluate(net, digits.train_inputs, digits.train_labels)


def test_train_epoch_with_errors_matches_train_one_record_at_a_time():
    digits = made_up_digits(n_train=2300)  # more than one step of 1,000 records
    net = NeuralNetwork([784, 9, 10], learning_rate=0.3, rng=2)
    expected = NeuralNetwork([784, 9, 10], learning_rate=0.3, rng=2)
    squared = train_epoch_with_errors(net, digits.train_inputs, digits.train_targets)
    by_hand = [np.sum(expected.train(x, t) ** 2) for x, t in zip(digits.train_inputs, digits.train_targets)]
    np.testing.assert_allclose(squared, by_hand, rtol=1e-9, atol=1e-12)
    for mine, theirs in zip(net.weights, expected.weights):
        np.testing.assert_allclose(mine, theirs, rtol=1e-9, atol=1e-12)


# --------------------------------------------------------------------------- many runs


def test_experiments_return_one_tidy_row_per_setting_seed_and_epoch():
    digits = made_up_digits(n_train=150, n_test=50)
    rates = run_learning_rate_experiment(digits, [0.1, 0.3], seeds=[1, 2], hidden=6)
    assert [(t.learning_rate, t.seed, t.epoch, t.hidden) for t in rates] == [
        (0.1, 1, 1, 6),
        (0.1, 2, 1, 6),
        (0.3, 1, 1, 6),
        (0.3, 2, 1, 6),
    ]
    epochs = run_epochs_experiment(digits, [0.2], seeds=[3], epochs=3, hidden=6)
    assert [t.epoch for t in epochs] == [1, 2, 3]
    assert all(0 <= t.train_accuracy <= 1 for t in epochs)
    sizes = run_hidden_nodes_experiment(digits, [4, 7], seeds=[1], epochs=2)
    assert [(t.hidden, t.epoch, t.learning_rate) for t in sizes] == [(4, 1, 0.1), (4, 2, 0.1), (7, 1, 0.1), (7, 2, 0.1)]


def test_two_worker_processes_give_the_same_results_as_one():
    digits = made_up_digits(n_train=150, n_test=50)
    settings = [(5, 0.3, 2), (9, 0.1, 1)]
    alone = run_trials(digits, settings, seeds=[1, 2], workers=1)
    together = run_trials(digits, settings, seeds=[1, 2], workers=2)
    assert [(t.hidden, t.learning_rate, t.seed, t.epoch, t.accuracy) for t in alone] == [
        (t.hidden, t.learning_rate, t.seed, t.epoch, t.accuracy) for t in together
    ]


@pytest.mark.parametrize(
    ("settings", "seeds", "message"),
    [
        ([(10, 0.1, 1)], [], "at least one seed"),
        ([(10, 0.1, 1)], [1, 1], "must differ"),
        ([(10, -0.1, 1)], [1], "above 0"),
        ([(10, float("nan"), 1)], [1], "above 0"),
        ([(0, 0.1, 1)], [1], "hidden nodes must be a whole number"),
        ([(10, 0.1, 0)], [1], "epochs must be a whole number"),
        ([], [1], "no settings"),
    ],
)
def test_bad_plans_are_refused_with_a_reason(settings, seeds, message):
    with pytest.raises(ValueError, match=message):
        run_trials(made_up_digits(n_train=20, n_test=10), settings, seeds)


def test_real_mnist_subset_learns_and_lower_rates_learn_slower(mnist_dir):
    digits = load_digits(train_limit=2000, test_limit=1000, data_dir=mnist_dir)
    assert digits.train_labels[:10].tolist() == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]
    trials = run_learning_rate_experiment(digits, [0.001, 0.3], seeds=[1])
    summary = summarise(trials, "learning_rate", epoch=1)
    slow, good = summary.mean
    assert good > 0.8  # 2,000 records already teach a lot (100 records give about 60%)
    assert slow < good - 0.2  # tiny steps barely move from the random start in one pass


# --------------------------------------------------------------------------- summaries


def hand_made_trials() -> list[Trial]:
    rows = []
    for rate, scores in ((0.1, (0.90, 0.92, 0.94)), (0.3, (0.95, 0.93, 0.97))):
        for seed, score in zip((1, 2, 3), scores):
            rows.append(Trial(100, rate, seed, 1, score, 2.0 * seed))
    return rows


def test_summary_mean_low_high_and_best_by_hand():
    summary = summarise(hand_made_trials(), "learning_rate", epoch=1)
    np.testing.assert_allclose(summary.values, [0.1, 0.3])
    np.testing.assert_allclose(summary.mean, [0.92, 0.95])
    np.testing.assert_allclose(summary.low, [0.90, 0.93])
    np.testing.assert_allclose(summary.high, [0.94, 0.97])
    assert summary.seeds == (1, 2, 3)
    best_rate, best_mean = summary.best()
    assert best_rate == 0.3 and best_mean == pytest.approx(0.95)
    assert summary.at(0.1) == pytest.approx((0.92, 0.90, 0.94))
    seconds = summarise(hand_made_trials(), "learning_rate", column="seconds")
    np.testing.assert_allclose(seconds.mean, [4.0, 4.0])


def test_wins_counts_seeds_where_one_value_beats_the_other():
    summary = summarise(hand_made_trials(), "learning_rate", epoch=1)
    # by hand: each seed's 0.3 result is above its 0.1 result
    assert summary.wins(0.3, 0.1) == 3
    assert summary.wins(0.1, 0.3) == 0
    assert summary.wins(0.1, 0.1) == 0  # a tie is not a win
    with pytest.raises(KeyError, match="0.7"):
        summary.wins(0.7, 0.1)


def test_split_validation_holds_back_the_last_training_records():
    digits = made_up_digits(n_train=50, n_test=20)
    held = split_validation(digits, 10)
    np.testing.assert_array_equal(held.train_images, digits.train_images[:40])
    np.testing.assert_array_equal(held.test_images, digits.train_images[40:])
    np.testing.assert_array_equal(held.test_labels, digits.train_labels[40:])
    assert len(held.train_labels) == 40 and len(held.test_labels) == 10
    with pytest.raises(ValueError, match="still train"):
        split_validation(digits, 50)


def test_summarise_says_what_is_missing():
    trials = hand_made_trials()
    with pytest.raises(ValueError, match="seed 3"):
        summarise(trials[:-1], "learning_rate")
    doubled = trials + [Trial(100, 0.1, 1, 2, 0.5, 1.0)]
    with pytest.raises(ValueError, match="2 trials"):
        summarise(doubled, "learning_rate")
    assert summarise(doubled, "learning_rate", epoch=1).runs.shape == (2, 3)
    with pytest.raises(ValueError, match="check_training=True"):
        summarise(trials, "learning_rate", column="train_accuracy")
    with pytest.raises(ValueError, match="no trials match"):
        summarise(trials, "learning_rate", hidden=200)
    with pytest.raises(KeyError):
        summarise(trials, "learning_rate").at(0.2)
    with pytest.raises(ValueError, match="by must be one of"):
        summarise(trials, "colour")


# --------------------------------------------------------------------------- figures


def texts_of(fig: Figure) -> str:
    """Every annotation and legend entry of the figure, as one string."""
    legends = [ax.get_legend() for ax in fig.axes] + list(fig.legends)
    texts = [t for ax in fig.axes for t in ax.texts]
    texts += [t for legend in legends if legend is not None for t in legend.get_texts()]
    return " ".join(t.get_text() for t in texts)


def test_figures_are_opaque_and_name_what_they_show():
    trials = hand_made_trials()
    rates = summarise(trials, "learning_rate")
    fig = learning_rate_figure(rates, original_rule=rates)
    assert fig.get_facecolor()[3] == 1.0
    assert "original program's starting weights" in texts_of(fig)
    assert "best mean: 95.00% at 0.3" in texts_of(fig)
    assert "original book" in texts_of(fig)
    plt.close(fig)

    epoch_trials = [
        Trial(100, rate, seed, epoch, 0.9 + 0.01 * epoch, 1.0, 0.95 + 0.01 * epoch)
        for rate in (0.1, 0.2)
        for seed in (1, 2)
        for epoch in (1, 2, 3)
    ]
    by_rate = {rate: summarise(epoch_trials, "epoch", learning_rate=rate) for rate in (0.1, 0.2)}
    seen = {rate: summarise(epoch_trials, "epoch", learning_rate=rate, column="train_accuracy") for rate in (0.1, 0.2)}
    for fig in (epochs_figure(by_rate), overfitting_figure(by_rate, seen)):
        assert "learning rate 0.2" in texts_of(fig) or "rate 0.2" in texts_of(fig)
        plt.close(fig)

    hidden_trials = [Trial(h, 0.1, seed, 1, 0.5 + h / 1000, h / 10, math.nan) for h in (5, 50, 500) for seed in (1, 2)]
    fig = hidden_nodes_figure(
        {1: summarise(hidden_trials, "hidden")}, summarise(hidden_trials, "hidden", column="seconds")
    )
    assert [t.get_text() for t in fig.axes[1].get_xticklabels()] == ["5", "50", "500"]
    plt.close(fig)


def test_data_split_and_benchmark_figures_name_their_parts():
    fig = data_split_figure()
    words = " ".join(t.get_text() for t in fig.axes[0].texts)
    assert "50,000" in words and "validation" in words and "final score" in words
    assert fig.get_facecolor()[3] == 1.0
    plt.close(fig)
    fig = benchmark_figure(0.9444)
    words = " ".join(t.get_text() for t in fig.axes[0].texts)
    assert "94.4%" in words and "95.3%" in words and "94.7%" in words
    plt.close(fig)


def test_squared_errors_histogram_counts_the_first_bin():
    errors = np.array([0.01, 0.05, 0.09, 0.15, 0.4, 1.3])
    fig = squared_errors_figure(errors)
    assert "3 of 6 records (50%)" in " ".join(t.get_text() for t in fig.axes[0].texts)
    assert sum(patch.get_height() for patch in fig.axes[0].patches) == 6
    plt.close(fig)
    with pytest.raises(ValueError, match="one squared error per record"):
        squared_errors_figure(np.zeros((2, 2)))


def test_block_means_by_hand_and_the_learning_curve():
    np.testing.assert_allclose(block_means([1, 3, 5, 7, 9], 2), [2.0, 6.0, 9.0])
    fig = learning_curve_figure(np.linspace(1.0, 0.1, 2500), block=1000)
    x, y = fig.axes[0].lines[0].get_data()
    np.testing.assert_allclose(x, [1000, 2000, 2500])
    np.testing.assert_allclose(y, block_means(np.linspace(1.0, 0.1, 2500), 1000))
    plt.close(fig)
