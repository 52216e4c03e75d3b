"""How fast does nnbook's network train on the full MNIST set? (a script, not a test)

Two measurements, both on 60,000 training and 10,000 test digits, network 784-200-10:

1. One record at a time (the book's way), learning rate 0.1, one epoch each:
   a plain numpy version written the straightforward way (column vectors made with
   ``np.array(..., ndmin=2).T``, ``numpy.dot``, a fresh target array per record,
   ``scipy.special.expit``) against ``NeuralNetwork.train`` in a loop and against
   ``train_epoch`` (which uses ``NeuralNetwork.train_records``), float64 and float32.
   All start from the same weights and see the records in the same order, so their
   test accuracies should agree; only the time differs.
2. Mini-batches (float32): epochs until the test accuracy reaches the target
   (97.5%), against PyTorch on the CPU with the same starting weights, batches,
   record order and learning rate, and the loss ``0.5 * sum over outputs, mean
   over the batch`` so that one learning rate means one step size. PyTorch runs
   twice: with ordinary autograd (the true gradient) and with the book's rule
   (hidden errors ``W.T @ e``, as nnbook does), which makes the two runs the same
   algorithm and the comparison purely one of speed. Skipped if torch is missing.

Run from the repository root::

    /tmp/venv/bin/python benchmarks/train_speed.py --data-dir /path/to/mnist --markdown results.md

``--blas-threads N`` restarts the script with ``OPENBLAS_NUM_THREADS=N`` (and the
OpenMP/MKL equivalents) set, which only works before numpy is imported.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import scipy
from scipy.special import expit

from nnbook.evaluation import evaluate
from nnbook.network import NeuralNetwork
from nnbook.training import train_epoch

_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


# --------------------------------------------------------------------------- data


@dataclass
class Digits:
    """Scaled MNIST records: inputs ``(n, 784)`` in 0.01..1.00, targets ``(n, 10)``, labels ``(n,)``."""

    train_inputs: np.ndarray
    train_targets: np.ndarray
    train_labels: np.ndarray
    test_inputs: np.ndarray
    test_labels: np.ndarray


def load_digits(data_dir: str | None, n_train: int | None) -> Digits:
    """Load MNIST with ``nnbook.data`` (scaled inputs, 0.01/0.99 targets)."""
    from nnbook.data import load_mnist, make_targets, scale_inputs

    train_labels, train_images = load_mnist("train", limit=n_train, data_dir=data_dir)
    test_labels, test_images = load_mnist("test", data_dir=data_dir)
    return Digits(
        train_inputs=scale_inputs(train_images),
        train_targets=make_targets(train_labels),
        train_labels=train_labels,
        test_inputs=scale_inputs(test_images),
        test_labels=test_labels,
    )


# --------------------------------------------------------------------------- the plain baseline


class PlainNetwork:
    """The book's 3-layer network written the most direct way, as a beginner would.

    Every step makes new arrays: the record becomes a column with ``ndmin=2``,
    each product is a ``numpy.dot`` and each weight change a full new matrix.
    """

    def __init__(self, w_input_hidden: np.ndarray, w_hidden_output: np.ndarray, learning_rate: float) -> None:
        self.w_input_hidden = np.array(w_input_hidden, dtype=float)
        self.w_hidden_output = np.array(w_hidden_output, dtype=float)
        self.learning_rate = learning_rate

    def train(self, input_values: np.ndarray, target_values: np.ndarray) -> None:
        inputs = np.array(input_values, ndmin=2).T
        targets = np.array(target_values, ndmin=2).T
        hidden_outputs = expit(np.dot(self.w_input_hidden, inputs))
        final_outputs = expit(np.dot(self.w_hidden_output, hidden_outputs))
        output_errors = targets - final_outputs
        hidden_errors = np.dot(self.w_hidden_output.T, output_errors)
        output_slope = output_errors * final_outputs * (1.0 - final_outputs)
        hidden_slope = hidden_errors * hidden_outputs * (1.0 - hidden_outputs)
        self.w_hidden_output += self.learning_rate * np.dot(output_slope, hidden_outputs.T)
        self.w_input_hidden += self.learning_rate * np.dot(hidden_slope, inputs.T)


def plain_epoch(net: PlainNetwork, inputs: np.ndarray, labels: np.ndarray) -> None:
    for values, label in zip(inputs, labels):
        targets = np.zeros(10) + 0.01  # a fresh target array for every record
        targets[label] = 0.99
        net.train(values, targets)


# --------------------------------------------------------------------------- part 1: one record at a time


@dataclass
class Contender:
    name: str
    dtype: str
    make: Callable[[], object]
    run_epoch: Callable[[object], None]
    accuracy: Callable[[object], float]
    seconds: list[float] = field(default_factory=list)
    cpu_seconds: list[float] = field(default_factory=list)
    accuracies: list[float] = field(default_factory=list)


def per_record_contenders(digits: Digits, seed: int) -> list[Contender]:
    start = NeuralNetwork((784, 200, 10), 0.1, rng=seed)  # everyone starts from these weights
    inputs32 = digits.train_inputs.astype(np.float32)
    targets32 = digits.train_targets.astype(np.float32)

    def ours(dtype):
        return lambda: NeuralNetwork.from_weights(start.weights, 0.1, dtype=dtype)

    def loop(inputs, targets):
        def run(net):
            for x, t in zip(inputs, targets):
                net.train(x, t)

        return run

    def plain_accuracy(net):
        as_ours = NeuralNetwork.from_weights([net.w_input_hidden, net.w_hidden_output], 0.1)
        return evaluate(as_ours, digits.test_inputs, digits.test_labels)

    def our_accuracy(net):
        return evaluate(net, digits.test_inputs, digits.test_labels)

    return [
        Contender(
            "plain numpy (baseline)",
            "float64",
            lambda: PlainNetwork(start.weights[0], start.weights[1], 0.1),
            lambda net: plain_epoch(net, digits.train_inputs, digits.train_labels),
            plain_accuracy,
        ),
        Contender(
            "NeuralNetwork.train, loop",
            "float64",
            ours(np.float64),
            loop(digits.train_inputs, digits.train_targets),
            our_accuracy,
        ),
        Contender("NeuralNetwork.train, loop", "float32", ours(np.float32), loop(inputs32, targets32), our_accuracy),
        Contender(
            "train_epoch (train_records)",
            "float64",
            ours(np.float64),
            lambda net: train_epoch(net, digits.train_inputs, digits.train_targets),
            our_accuracy,
        ),
        Contender(
            "train_epoch (train_records)",
            "float32",
            ours(np.float32),
            lambda net: train_epoch(net, inputs32, targets32),
            our_accuracy,
        ),
    ]


def measure_per_record(digits: Digits, seed: int, repeats: int) -> list[Contender]:
    contenders = per_record_contenders(digits, seed)
    for repeat in range(repeats):  # round robin, so a noisy minute hits everyone alike
        for contender in contenders:
            net = contender.make()
            began, began_cpu = time.perf_counter(), time.process_time()
            contender.run_epoch(net)
            contender.seconds.append(time.perf_counter() - began)
            contender.cpu_seconds.append(time.process_time() - began_cpu)
            contender.accuracies.append(contender.accuracy(net))
            print(
                f"  [{repeat + 1}/{repeats}] {contender.name} {contender.dtype}: "
                f"{contender.seconds[-1]:.2f} s ({contender.cpu_seconds[-1]:.2f} s CPU), "
                f"accuracy {contender.accuracies[-1]:.4f}",
                flush=True,
            )
    return contenders


# --------------------------------------------------------------------------- part 2: mini-batches


@dataclass
class RaceResult:
    name: str
    threads: str
    epoch_seconds: list[float]
    accuracies: list[float]
    target: float
    epoch_cpu_seconds: list[float] = field(default_factory=list)

    @property
    def epochs_to_target(self) -> int | None:
        for epoch, value in enumerate(self.accuracies, start=1):
            if value >= self.target:
                return epoch
        return None

    @property
    def seconds_to_target(self) -> float | None:
        epochs = self.epochs_to_target
        return None if epochs is None else sum(self.epoch_seconds[:epochs])


def epoch_seed(seed: int, epoch: int) -> int:
    """The shuffling seed of one epoch, shared by every contender."""
    return seed * 1000 + epoch


def race_nnbook(digits: Digits, settings: argparse.Namespace) -> RaceResult:
    net = NeuralNetwork((784, 200, 10), settings.batch_lr, rng=settings.seed, dtype=np.float32)
    inputs = digits.train_inputs.astype(np.float32)
    targets = digits.train_targets.astype(np.float32)
    result = RaceResult("nnbook train_batch", "1 (by design)", [], [], settings.target)
    for epoch in range(settings.max_epochs):
        began, began_cpu = time.perf_counter(), time.process_time()
        train_epoch(net, inputs, targets, batch_size=settings.batch_size, rng=epoch_seed(settings.seed, epoch))
        result.epoch_seconds.append(time.perf_counter() - began)
        result.epoch_cpu_seconds.append(time.process_time() - began_cpu)
        result.accuracies.append(evaluate(net, digits.test_inputs, digits.test_labels))
        print(
            f"  nnbook epoch {epoch + 1}: {result.epoch_seconds[-1]:.2f} s, accuracy {result.accuracies[-1]:.4f}",
            flush=True,
        )
        if result.accuracies[-1] >= settings.target or sum(result.epoch_seconds) > settings.budget:
            break
    return result


def race_torch(digits: Digits, settings: argparse.Namespace, threads: int, book_rule: bool) -> RaceResult:
    import torch

    class BookOutputLayer(torch.autograd.Function):
        """``sigmoid(hidden @ W.T)`` whose backward hands the hidden layer ``W.T @ e``
        without the output sigmoid's slope: the book's shortcut, as nnbook trains."""

        @staticmethod
        def forward(ctx, hidden, weights):
            outputs = torch.sigmoid(hidden @ weights.T)
            ctx.save_for_backward(hidden, weights, outputs)
            return outputs

        @staticmethod
        def backward(ctx, grad_outputs):
            hidden, weights, outputs = ctx.saved_tensors
            grad_weights = (grad_outputs * outputs * (1 - outputs)).T @ hidden
            return grad_outputs @ weights, grad_weights

    torch.set_num_threads(threads)
    start = NeuralNetwork((784, 200, 10), settings.batch_lr, rng=settings.seed, dtype=np.float32)
    w_input_hidden = torch.tensor(start.weights[0], requires_grad=True)
    w_hidden_output = torch.tensor(start.weights[1], requires_grad=True)
    optimiser = torch.optim.SGD([w_input_hidden, w_hidden_output], lr=settings.batch_lr)
    inputs = torch.from_numpy(digits.train_inputs.astype(np.float32))
    targets = torch.from_numpy(digits.train_targets.astype(np.float32))
    test_inputs = torch.from_numpy(digits.test_inputs.astype(np.float32))
    name = "PyTorch, book's rule" if book_rule else "PyTorch, autograd"
    result = RaceResult(name, str(threads), [], [], settings.target)
    size = settings.batch_size

    def forward(x):
        hidden = torch.sigmoid(x @ w_input_hidden.T)
        if book_rule:
            return BookOutputLayer.apply(hidden, w_hidden_output)
        return torch.sigmoid(hidden @ w_hidden_output.T)

    for epoch in range(settings.max_epochs):
        order = torch.from_numpy(np.random.default_rng(epoch_seed(settings.seed, epoch)).permutation(len(inputs)))
        began, began_cpu = time.perf_counter(), time.process_time()
        for first in range(0, len(inputs), size):
            chosen = order[first : first + size]
            x, t = inputs[chosen], targets[chosen]
            loss = 0.5 * ((t - forward(x)) ** 2).sum() / x.shape[0]  # sum over outputs, mean over batch
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
        result.epoch_seconds.append(time.perf_counter() - began)
        result.epoch_cpu_seconds.append(time.process_time() - began_cpu)
        with torch.no_grad():
            answers = forward(test_inputs).argmax(dim=1).numpy()
        result.accuracies.append(float(np.mean(answers == digits.test_labels)))
        print(
            f"  {name} ({threads} threads) epoch {epoch + 1}: {result.epoch_seconds[-1]:.2f} s, "
            f"accuracy {result.accuracies[-1]:.4f}",
            flush=True,
        )
        if result.accuracies[-1] >= settings.target or sum(result.epoch_seconds) > settings.budget:
            break
    return result


# --------------------------------------------------------------------------- reporting


def machine_summary() -> list[str]:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as info:
            names = [line.split(":", 1)[1].strip() for line in info if line.startswith("model name")]
        cpu = names[0] if names else cpu
    except OSError:
        pass
    threads = ", ".join(f"{v}={os.environ[v]}" for v in _THREAD_VARIABLES if v in os.environ) or "not set"
    lines = [
        f"date: {datetime.date.today().isoformat()}",
        f"machine: {cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}",
        f"python {platform.python_version()}, numpy {np.__version__}, scipy {scipy.__version__}",
        f"BLAS thread variables: {threads}",
    ]
    try:
        import torch

        lines.append(f"torch {torch.__version__}")
    except ImportError:
        pass
    return lines


def table(headers: list[str], rows: list[list[str]]) -> tuple[str, str]:
    """The same table as aligned plain text and as Markdown."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows)]
    text = "\n".join(
        "  ".join(str(cell).ljust(width) for cell, width in zip(line, widths)) for line in [headers, *rows]
    )
    markdown = "\n".join(
        ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
        + ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    )
    return text, markdown


def per_record_table(contenders: list[Contender]) -> tuple[str, str]:
    baseline = statistics.median(contenders[0].seconds)
    best_baseline = min(contenders[0].seconds)
    rows = []
    for contender in contenders:
        middle = statistics.median(contender.seconds)
        rows.append(
            [
                contender.name,
                contender.dtype,
                f"{middle:.2f}",
                f"{min(contender.seconds):.2f}",
                f"{statistics.median(contender.cpu_seconds):.2f}",
                f"{baseline / middle:.2f}x",
                f"{best_baseline / min(contender.seconds):.2f}x",
                f"{statistics.median(contender.accuracies):.4f}",
            ]
        )
    headers = [
        "implementation",
        "dtype",
        "s/epoch (median)",
        "s/epoch (best)",
        "CPU s/epoch (median)",
        "speed-up (medians)",
        "speed-up (bests)",
        "test accuracy",
    ]
    return table(headers, rows)


def race_table(results: list[RaceResult], reference: RaceResult | None) -> tuple[str, str]:
    rows = []
    for result in results:
        seconds = result.seconds_to_target
        ratio = ""
        if reference is not None and seconds is not None and reference.seconds_to_target is not None:
            ratio = f"{seconds / reference.seconds_to_target:.2f}x"
        rows.append(
            [
                result.name,
                result.threads,
                f"{statistics.median(result.epoch_seconds):.2f}",
                f"{statistics.median(result.epoch_cpu_seconds):.2f}",
                str(result.epochs_to_target or f"not in {len(result.accuracies)} (gave up)"),
                "-" if seconds is None else f"{seconds:.1f}",
                ratio,
                f"{max(result.accuracies):.4f}",
            ]
        )
    headers = [
        "implementation",
        "threads",
        "s/epoch (median)",
        "CPU s/epoch (median)",
        "epochs to target",
        "seconds to target",
        "time vs nnbook",
        "best test accuracy",
    ]
    return table(headers, rows)


# --------------------------------------------------------------------------- main


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data-dir",
        default=os.environ.get("NNBOOK_DATA_DIR"),
        help="folder with the four MNIST .gz files (default: $NNBOOK_DATA_DIR, else nnbook's cache)",
    )
    parser.add_argument("--markdown", type=Path, help="also write the results as Markdown to this file")
    parser.add_argument("--records", type=int, default=None, help="training records per epoch (default: all 60,000)")
    parser.add_argument("--repeats", type=int, default=1, help="epochs timed per per-record contender (default 1)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the starting weights and of the shuffling")
    parser.add_argument("--batch-size", type=int, default=32, help="mini-batch size (default 32)")
    parser.add_argument("--batch-lr", type=float, default=1.5, help="mini-batch learning rate (default 1.5)")
    parser.add_argument("--target", type=float, default=0.975, help="test accuracy to reach (default 0.975)")
    parser.add_argument("--max-epochs", type=int, default=30, help="give up after this many mini-batch epochs")
    parser.add_argument(
        "--budget",
        type=float,
        default=300.0,
        help="give up a mini-batch run once its training time passes this many seconds",
    )
    parser.add_argument(
        "--torch-threads",
        type=int,
        nargs="+",
        default=[os.cpu_count() or 1],
        help="torch.set_num_threads values to try (default: the number of cores)",
    )
    parser.add_argument(
        "--skip", choices=["per-record", "mini-batch"], action="append", default=[], help="leave out one part"
    )
    parser.add_argument("--blas-threads", type=int, help="restart with OPENBLAS_NUM_THREADS etc. set to this")
    return parser.parse_args(argv)


def restart_with_blas_threads(count: int) -> None:
    """Thread counts are read when numpy loads, so set them and start again."""
    if all(os.environ.get(v) == str(count) for v in _THREAD_VARIABLES):
        return
    environment = dict(os.environ, **{v: str(count) for v in _THREAD_VARIABLES})
    os.execve(sys.executable, [sys.executable, *sys.argv], environment)


def main(argv: list[str] | None = None) -> None:
    settings = parse_args(argv)
    if settings.blas_threads is not None:
        restart_with_blas_threads(settings.blas_threads)
    report_text: list[str] = []
    report_markdown: list[str] = []
    summary = machine_summary()
    print("\n".join(summary))
    print(f"load average at start: {os.getloadavg()}", flush=True)
    digits = load_digits(settings.data_dir, settings.records)
    n_train = len(digits.train_labels)

    if "per-record" not in settings.skip:
        print(f"\n1. one record at a time, 784-200-10, learning rate 0.1, {n_train} records", flush=True)
        contenders = measure_per_record(digits, settings.seed, settings.repeats)
        text, markdown = per_record_table(contenders)
        title = (
            f"One record at a time: 784-200-10, learning rate 0.1, one epoch of {n_train:,} records "
            f"({settings.repeats} timed epoch(s) each, same starting weights and order)"
        )
        report_text += [title, text, ""]
        report_markdown += [f"### {title}", "", markdown, ""]

    if "mini-batch" not in settings.skip:
        print(
            f"\n2. mini-batches of {settings.batch_size}, float32, learning rate {settings.batch_lr}, "
            f"until {settings.target:.1%}",
            flush=True,
        )
        results = [race_nnbook(digits, settings)]
        try:
            import torch  # noqa: F401

            have_torch = True
        except ImportError:
            have_torch = False
            print("  PyTorch is not installed: its columns are skipped (pip install 'nnbook[benchmark]')")
        if have_torch:
            for threads in settings.torch_threads:
                for book_rule in (False, True):
                    results.append(race_torch(digits, settings, threads, book_rule))
        text, markdown = race_table(results, results[0])
        title = (
            f"Mini-batches: 784-200-10 float32, batch {settings.batch_size}, learning rate {settings.batch_lr}, "
            f"epochs until test accuracy >= {settings.target:.1%} (same starting weights and batches)"
        )
        report_text += [title, text, ""]
        report_markdown += [f"### {title}", "", markdown, ""]
        if not have_torch:
            report_markdown += ["PyTorch was not installed, so it was not measured.", ""]

    print(f"\nload average at end: {os.getloadavg()}")
    print("\n" + "\n".join(report_text))
    if settings.markdown:
        lines = [
            "## Training speed",
            "",
            *[f"- {line}" for line in summary],
            f"- load average at end: {', '.join(f'{v:.2f}' for v in os.getloadavg())}",
            "",
            *report_markdown,
        ]
        settings.markdown.write_text("\n".join(lines))
        print(f"Markdown written to {settings.markdown}")


if __name__ == "__main__":
    main()
