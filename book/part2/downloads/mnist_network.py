"""A three-layer neural network that learns to read handwritten digits (MNIST).

This one file is the whole program of Part 2 of "Make Your Own Neural Network",
the open edition: the network class, reading the digits, training for some
epochs, and testing with a scorecard. It needs only numpy and SciPy.

Put the MNIST files in a folder, either as CSV (mnist_train.csv and
mnist_test.csv: one record per line, the label and then 784 pixel values) or as
the four gzipped IDX files from the MNIST site (train-images-idx3-ubyte.gz and
so on), then run, for example:

    python mnist_network.py --data-dir mnist --hidden 200 --learning-rate 0.1 --epochs 5

Try --train-limit 1000 for a quick first run.
"""

from __future__ import annotations

import argparse
import gzip
from pathlib import Path

import numpy as np
from scipy.special import expit  # the sigmoid, 1 / (1 + e**-x)


class NeuralNetwork:
    """An input layer, a hidden layer and an output layer of sigmoid nodes."""

    def __init__(
        self, input_nodes: int, hidden_nodes: int, output_nodes: int, learning_rate: float, seed: int | None = None
    ) -> None:
        self.n_inputs = input_nodes
        self.n_hidden = hidden_nodes
        self.n_outputs = output_nodes
        self.learning_rate = learning_rate
        rng = np.random.default_rng(seed)
        # Small random weights: a bell curve around 0 whose width is
        # 1/sqrt(links into a node). One row per receiving node.
        self.wih = rng.normal(0.0, 1 / np.sqrt(input_nodes), (hidden_nodes, input_nodes))
        self.who = rng.normal(0.0, 1 / np.sqrt(hidden_nodes), (output_nodes, hidden_nodes))
        self.activation = expit

    def query(self, inputs) -> np.ndarray:
        """Feed one record forward; return the output layer's signals."""
        inputs = np.asarray(inputs, dtype=float).reshape(-1, 1)  # a column
        if len(inputs) != self.n_inputs:
            raise ValueError(f"expected {self.n_inputs} inputs, got {len(inputs)}")
        hidden_outputs = self.activation(self.wih @ inputs)
        final_outputs = self.activation(self.who @ hidden_outputs)
        return final_outputs.ravel()

    def train(self, inputs, targets) -> np.ndarray:
        """Learn from one record; return its output errors (before the update)."""
        inputs = np.asarray(inputs, dtype=float).reshape(-1, 1)
        targets = np.asarray(targets, dtype=float).reshape(-1, 1)
        # Forward, keeping the hidden layer's outputs for the updates.
        hidden_outputs = self.activation(self.wih @ inputs)
        final_outputs = self.activation(self.who @ hidden_outputs)
        # Errors: target minus actual, then shared back through the weights.
        output_errors = targets - final_outputs
        hidden_errors = self.who.T @ output_errors  # before who changes
        # Updates: learning rate x (error x sigmoid slope) . (outputs before)^T
        output_deltas = output_errors * final_outputs * (1.0 - final_outputs)
        hidden_deltas = hidden_errors * hidden_outputs * (1.0 - hidden_outputs)
        self.who += self.learning_rate * (output_deltas @ hidden_outputs.T)
        self.wih += self.learning_rate * (hidden_deltas @ inputs.T)
        return output_errors.ravel()


# ---------------------------------------------------------------- reading the digits

IDX_FILES = {
    "train": ("train-labels-idx1-ubyte.gz", "train-images-idx3-ubyte.gz"),
    "test": ("t10k-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz"),
}
CSV_FILES = {"train": "mnist_train.csv", "test": "mnist_test.csv"}


def read_csv(path: Path, limit: int | None) -> tuple[np.ndarray, np.ndarray]:
    """Labels and pixels (0..255) from a file with one record per line."""
    labels, pixels = [], []
    with open(path) as file:
        for line in file:
            if limit is not None and len(labels) == limit:
                break
            values = [int(text) for text in line.split(",")]
            labels.append(values[0])
            pixels.append(values[1:])
    return np.array(labels), np.array(pixels)


def read_idx(path: Path) -> np.ndarray:
    """The numbers in a gzipped IDX file: a small header, then one byte per number."""
    data = gzip.open(path).read()
    n_dimensions = data[3]
    shape = [int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(n_dimensions)]
    start = 4 + 4 * n_dimensions
    return np.frombuffer(data, dtype=np.uint8, offset=start).reshape(shape)


def load(folder: Path, split: str, limit: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The ``split`` ("train" or "test") records: CSV if present, else the IDX files."""
    csv_path = folder / CSV_FILES[split]
    if csv_path.exists():
        return read_csv(csv_path, limit)
    label_file, image_file = IDX_FILES[split]
    if not (folder / image_file).exists():
        raise FileNotFoundError(f"found neither {csv_path} nor {folder / image_file}")
    labels = read_idx(folder / label_file)[:limit]
    pixels = read_idx(folder / image_file)[:limit].reshape(len(labels), -1)
    return labels.astype(int), pixels.astype(int)


def scale(pixels: np.ndarray) -> np.ndarray:
    """Pixels 0..255 become inputs 0.01..1.00 (never zero, so every input counts)."""
    return pixels / 255.0 * 0.99 + 0.01


def target(label: int, n_outputs: int = 10) -> np.ndarray:
    """0.01 everywhere except 0.99 for the right label: values a sigmoid can reach."""
    targets = np.full(n_outputs, 0.01)
    targets[label] = 0.99
    return targets


# ---------------------------------------------------------------- train, then test


def train_network(net: NeuralNetwork, labels: np.ndarray, pixels: np.ndarray, epochs: int) -> None:
    """Show the network every training record, ``epochs`` times over."""
    inputs = scale(pixels)
    for epoch in range(epochs):
        for record_inputs, label in zip(inputs, labels):
            net.train(record_inputs, target(label, net.n_outputs))
        print(f"epoch {epoch + 1} of {epochs} done")


def performance(net: NeuralNetwork, labels: np.ndarray, pixels: np.ndarray) -> float:
    """The scorecard's mean: the fraction of records the network reads correctly."""
    scorecard = []
    for record_inputs, label in zip(scale(pixels), labels):
        answer = int(np.argmax(net.query(record_inputs)))
        scorecard.append(1 if answer == label else 0)
    return sum(scorecard) / len(scorecard)


def main() -> None:
    """Read the options, train, test, and print the performance."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=Path("."), help="folder holding the MNIST files")
    parser.add_argument("--hidden", type=int, default=200, help="hidden nodes (200)")
    parser.add_argument("--learning-rate", type=float, default=0.1, help="learning rate (0.1)")
    parser.add_argument("--epochs", type=int, default=5, help="passes over the training records (5)")
    parser.add_argument("--train-limit", type=int, default=None, help="use only the first N training records")
    parser.add_argument("--test-limit", type=int, default=None, help="use only the first N test records")
    parser.add_argument("--seed", type=int, default=None, help="seed for the starting weights")
    args = parser.parse_args()

    train_labels, train_pixels = load(args.data_dir, "train", args.train_limit)
    test_labels, test_pixels = load(args.data_dir, "test", args.test_limit)
    net = NeuralNetwork(784, args.hidden, 10, args.learning_rate, seed=args.seed)
    print(f"training a 784-{args.hidden}-10 network on {len(train_labels)} records")
    train_network(net, train_labels, train_pixels, args.epochs)
    print("performance =", performance(net, test_labels, test_pixels))


if __name__ == "__main__":
    main()
