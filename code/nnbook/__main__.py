"""The book's complete program from a terminal: train on MNIST, test, print the accuracy.

    python -m nnbook train --hidden 200 --epochs 5 --learning-rate 0.1

trains a 784-200-10 network record by record on all 60,000 training images (MNIST is
downloaded and checked on first use), scores it on the 10,000 test images and prints the
accuracy. ``--save weights.npz`` keeps the trained weights for later pages or for the
drawing demo.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m nnbook", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    train = commands.add_parser("train", help="train on MNIST and print the test accuracy")
    train.add_argument("--hidden", type=int, default=200, help="hidden nodes (default 200)")
    train.add_argument("--epochs", type=int, default=5, help="passes over the training data (default 5)")
    train.add_argument("--learning-rate", "--lr", type=float, default=0.1, help="learning rate (default 0.1)")
    train.add_argument("--batch-size", type=int, default=1,
                       help="records per update; 1 (the default) is the book's record-by-record training")
    train.add_argument("--seed", type=int, default=1, help="seed for the starting weights and record order")
    train.add_argument("--limit", type=int, default=None, help="train on only the first N records")
    train.add_argument("--data-dir", type=Path, default=None,
                       help="folder with the MNIST files (default: NNBOOK_DATA_DIR or the book's cache)")
    train.add_argument("--save", type=Path, default=None, help="save the trained weights to this .npz file")
    train.add_argument("--quiet", action="store_true", help="no progress bars")
    return parser


def train_command(args: argparse.Namespace) -> float:
    """Run the ``train`` command and return the test accuracy."""
    from nnbook.data import load_mnist, make_targets, scale_inputs
    from nnbook.evaluation import accuracy, predict
    from nnbook.network import NeuralNetwork
    from nnbook.training import fit

    train_labels, train_images = load_mnist("train", limit=args.limit, data_dir=args.data_dir)
    test_labels, test_images = load_mnist("test", data_dir=args.data_dir)
    rng = np.random.default_rng(args.seed)
    net = NeuralNetwork([784, args.hidden, 10], learning_rate=args.learning_rate, rng=rng)
    print(f"training a {net.layer_sizes} network on {len(train_labels):,} records, "
          f"{args.epochs} epoch(s), learning rate {args.learning_rate}")
    started = time.perf_counter()
    fit(net, scale_inputs(train_images), make_targets(train_labels), epochs=args.epochs,
        batch_size=args.batch_size, rng=rng, progress=False if args.quiet else "training")
    seconds = time.perf_counter() - started
    score = accuracy(predict(net, scale_inputs(test_images)), test_labels)
    print(f"trained in {seconds:.1f} s; accuracy on {len(test_labels):,} test records: {score:.4f}")
    if args.save is not None:
        net.save(args.save)
        print(f"weights saved to {args.save}")
    return score


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "train":
        train_command(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
