"""Precompute page 2.12's check: does an always-on input (a bias for every hidden node) help?

One epoch of a 784-100-10 network at learning rate 0.1, records in stored order, three
seeds; then the same with a 785th input that is always 1, from the same seed (its
starting weights are drawn afresh, since the first matrix has one more column). Six epochs take longer
than a page should spend, so the page reads the table this script writes,
``data/part2/bias-comparison.csv`` (one row per seed).

Run: ``python tools/bias_comparison.py`` (needs the MNIST files, see data/README.md).
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from nnbook.data import load_mnist, make_targets, scale_inputs
from nnbook.evaluation import evaluate
from nnbook.network import NeuralNetwork
from nnbook.training import fit

OUT = Path(__file__).resolve().parent.parent / "data" / "part2" / "bias-comparison.csv"
HIDDEN, LEARNING_RATE, EPOCHS, SEEDS = 100, 0.1, 1, (1, 2, 3)


def with_always_on_input(inputs: np.ndarray) -> np.ndarray:
    """The records with one more input, always 1: its weights become the hidden nodes' biases."""
    return np.hstack([inputs, np.ones((inputs.shape[0], 1))])


def main() -> None:
    """Train with and without the extra input for each seed; write both test accuracies."""
    train_labels, train_images = load_mnist("train")
    test_labels, test_images = load_mnist("test")
    train_inputs, train_targets = scale_inputs(train_images), make_targets(train_labels)
    test_inputs = scale_inputs(test_images)
    rows = []
    for seed in SEEDS:
        scores = {}
        for name, inputs, tests in (
            ("without", train_inputs, test_inputs),
            ("with", with_always_on_input(train_inputs), with_always_on_input(test_inputs)),
        ):
            net = NeuralNetwork([inputs.shape[1], HIDDEN, 10], learning_rate=LEARNING_RATE, rng=seed)
            fit(net, inputs, train_targets, epochs=EPOCHS)
            scores[name] = evaluate(net, tests, test_labels)
        rows.append({"seed": seed, "accuracy_without": scores["without"], "accuracy_with": scores["with"]})
        print(rows[-1])
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} rows to {OUT}")


if __name__ == "__main__":
    main()
