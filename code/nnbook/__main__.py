"""The book's complete program from a terminal: train on MNIST, test, print the accuracy.

    python -m nnbook train --hidden 200 --epochs 5 --learning-rate 0.1

trains a 784-200-10 network record by record on all 60,000 training images (MNIST is
downloaded and checked on first use), scores it on the 10,000 test images and prints the
accuracy. ``--save weights.npz`` keeps the trained weights for later pages or for the
drawing demo.

Every argument is checked before any work starts (a bad value or an unusable ``--save``
folder is reported in one line, exit code 2); ``--data-dir`` must name a folder that
exists, so a mistyped name is reported instead of becoming a new, empty folder. Ctrl-C
stops with exit code 130 and no traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

import numpy as np

from .checks import positive_number, whole_number

PROG = "python -m nnbook"
INTERRUPTED = 130
"""Exit code after Ctrl-C: 128 + SIGINT, what shells report for a program stopped that way."""


class _Parser(argparse.ArgumentParser):
    """argparse, with errors on one line: the usage text would bury the message."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _count(minimum: int) -> Callable[[str], int]:
    """An argparse type: a whole number of at least ``minimum``."""

    def parse(text: str) -> int:
        try:
            return whole_number(int(text), "it", minimum=minimum)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be a whole number >= {minimum}, got {text!r}") from None

    return parse


def _rate(text: str) -> float:
    """An argparse type: a finite number above 0 (not 0, negative, nan or inf)."""
    try:
        return positive_number(float(text), "it")
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a finite number above 0, got {text!r}") from None


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    train = commands.add_parser("train", help="train on MNIST and print the test accuracy")
    train.add_argument("--hidden", type=_count(1), default=200, help="hidden nodes (default 200)")
    train.add_argument("--epochs", type=_count(1), default=5, help="passes over the training data (default 5)")
    train.add_argument("--learning-rate", "--lr", type=_rate, default=0.1, help="learning rate (default 0.1)")
    train.add_argument(
        "--batch-size",
        type=_count(1),
        default=1,
        help="records per update; 1 (the default) is the book's record-by-record training",
    )
    train.add_argument("--seed", type=_count(0), default=1, help="seed for the starting weights and record order")
    train.add_argument("--limit", type=_count(1), default=None, help="train on only the first N records")
    train.add_argument(
        "--data-dir",
        type=_existing_folder,
        default=None,
        help="an existing folder with the MNIST files, or to download them into "
        "(default: NNBOOK_DATA_DIR or the book's cache)",
    )
    train.add_argument("--save", type=_file_to_write, default=None, help="save the trained weights to this .npz file")
    train.add_argument("--quiet", action="store_true", help="no progress bars")
    return parser


def _existing_folder(text: str) -> Path:
    """An argparse type for ``--data-dir``: a folder that exists.

    Creating a missing one would turn a typing mistake into a new, empty folder and a
    fresh download; the reader creates it on purpose instead.
    """
    folder = Path(text)
    if folder.is_dir():
        return folder
    if folder.exists():
        raise argparse.ArgumentTypeError(f"{text} is a file, not a folder")
    raise argparse.ArgumentTypeError(
        f"the folder {text} does not exist; create it first (the MNIST files are downloaded into it), "
        "or leave --data-dir out to use the usual cache"
    )


def _file_to_write(text: str) -> Path:
    """An argparse type for ``--save``: a file name in a folder that exists and can be written.

    Checked before training, so that minutes of training are never thrown away at the end.
    """
    path = Path(text)
    folder = path.parent
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"{text} is a folder; give a file name, such as {path / 'weights.npz'}")
    if not folder.is_dir():
        raise argparse.ArgumentTypeError(f"the folder {folder} (for {text}) does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise argparse.ArgumentTypeError(f"cannot write into the folder {folder} (for {text})")
    return path


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
    print(
        f"training a {net.layer_sizes} network on {len(train_labels):,} records, "
        f"{args.epochs} epoch(s), learning rate {args.learning_rate}"
    )
    started = time.perf_counter()
    fit(
        net,
        scale_inputs(train_images),
        make_targets(train_labels),
        epochs=args.epochs,
        batch_size=args.batch_size,
        rng=rng,
        progress=False if args.quiet else "training",
    )
    seconds = time.perf_counter() - started
    score = accuracy(predict(net, scale_inputs(test_images)), test_labels)
    print(f"trained in {seconds:.1f} s; accuracy on {len(test_labels):,} test records: {score:.4f}")
    if args.save is not None:
        net.save(args.save)
        print(f"weights saved to {args.save}")
    return score


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (0 done, 1 failed, 2 bad usage, 130 Ctrl-C)."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "train":
            train_command(args)
    except KeyboardInterrupt:
        print(f"\n{PROG}: interrupted", file=sys.stderr)
        return INTERRUPTED
    except OSError as error:  # no MNIST, a full disk: the message says what to do
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
