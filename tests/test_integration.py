"""End to end on the real data: the book's first full run reaches the accuracy it promises.

A 784-100-10 network, trained record by record for one epoch on all 60,000 training
images, must score at least 94% on the 10,000 test images (the curriculum's own one-seed
runs land between 94.4% and 95.1% for learning rates 0.1 to 0.3). This test never skips
in CI: without the data it fails (see conftest.py).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from nnbook.data import load_mnist, make_targets, scale_inputs
from nnbook.evaluation import accuracy, predict
from nnbook.network import NeuralNetwork


def test_one_epoch_of_784_100_10_reaches_94_percent(mnist_dir: Path) -> None:
    train_labels, train_images = load_mnist("train", data_dir=mnist_dir, download=False)
    test_labels, test_images = load_mnist("test", data_dir=mnist_dir, download=False)
    assert len(train_labels) == 60_000 and len(test_labels) == 10_000

    net = NeuralNetwork([784, 100, 10], learning_rate=0.1, rng=np.random.default_rng(2026))
    for inputs, targets in zip(scale_inputs(train_images), make_targets(train_labels)):
        net.train(inputs, targets)

    score = accuracy(predict(net, scale_inputs(test_images)), test_labels)
    assert score >= 0.94, f"one epoch reached only {score:.4f}"
