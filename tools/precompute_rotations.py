"""Precompute the long rotation runs that Part 3's "Rotations" page reads (too slow for a page build).

Why a script: a fair answer needs long runs (10 epochs of 180,000 turned and plain
records, and plain runs with the same number of learning steps, 30 epochs), three seeds
each, plus an angle sweep. That is several minutes of CPU per run, far over a page's
build budget. This script runs them once and writes small tables the page reads:

* ``data/rotations/epochs.csv``: one row per run and epoch: the setting, the seed, the
  epoch, the learning steps so far, the test accuracy and the CPU seconds of that epoch;
* ``data/rotations/turned.csv``: after each run's last epoch, accuracy on the test digits
  turned by -30..+30 degrees;
* ``data/rotations/meta.json``: how it was made (command, date, worker count, the peak
  memory of each worker process, total CPU time).

Memory: every worker keeps its records and weights as float32 (half of float64, and faster)
and builds turned copies block by block (:func:`nnbook.experiments.rotations.interleaved_rotations`),
so a worker with 180,000 records needs about 1 GB (``meta.json`` records the measured peak).
A run's rows are written when it ends; ``--resume`` keeps the finished runs and does the rest.

Run (from the repository root; roughly 15 to 20 minutes of processor time in all)::

    NNBOOK_DATA_DIR=... PYTHONPATH=code nice -n 10 python tools/precompute_rotations.py --workers 2 --resume
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import resource
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from nnbook.data import make_targets, scale_inputs
from nnbook.experiments.pool import run_all
from nnbook.experiments.rotations import interleaved_rotations, turned_test_sets
from nnbook.experiments.runner import accuracy_on, load_digits
from nnbook.network import NeuralNetwork
from nnbook.training import train_epoch

OUT = Path(__file__).resolve().parent.parent / "data" / "rotations"
TEST_ANGLES = (-30.0, -20.0, -10.0, 0.0, 10.0, 20.0, 30.0)
EPOCH_FIELDS = ["angle", "order", "learning_rate", "seed", "epoch", "records_seen", "accuracy", "cpu_seconds"]
TURNED_FIELDS = ["angle", "order", "learning_rate", "seed", "epochs", "test_angle", "accuracy"]


@dataclass(frozen=True)
class Run:
    """One training run: copies turned by +-``angle`` degrees (0: none), in an ``order``, at a rate, for epochs.

    ``order`` is "stored" (plain records as stored, or each record followed by its two
    copies) or "shuffled" (a fresh random order of all records every epoch).
    """

    angle: float
    order: str
    learning_rate: float
    epochs: int
    seed: int

    @property
    def units(self) -> int:
        """Cost in plain 60,000-record epochs, to start the longest runs first."""
        return self.epochs * (3 if self.angle else 1)


def plan(seeds: tuple[int, ...], sweep_seeds: tuple[int, ...]) -> list[Run]:
    """Every run of the page, in the order they start: one long pair, the short runs, the sweep, the other pairs.

    In this order an interrupted precompute still leaves a whole long pair and every short run.
    """
    long_pairs = [
        [Run(10.0, "stored", 0.01, 10, seed), Run(0.0, "stored", 0.01, 30, seed)]  # copies; plain, same steps
        for seed in seeds
    ]
    short = [Run(0.0, "stored", 0.1, 5, seed) for seed in seeds]  # the best plain recipe (Part 2's)
    for seed in seeds:
        short.append(Run(10.0, "stored", 0.1, 1, seed))  # digit and copies back to back
        short.append(Run(10.0, "shuffled", 0.1, 1, seed))  # the same records, shuffled
    sweep = [Run(angle, "shuffled", 0.1, 1, seed) for angle in (5.0, 15.0, 20.0, 30.0) for seed in sweep_seeds]
    return long_pairs[0] + short + sweep + [run for pair in long_pairs[1:] for run in pair]


class _State:
    """A worker's data: float32 records, and the turned copies for one angle at a time."""

    def __init__(self) -> None:
        digits = load_digits()
        self.train_labels = digits.train_labels
        self.plain = scale_inputs(digits.train_images, dtype=np.float32)
        self.plain_targets = make_targets(self.train_labels, dtype=np.float32)
        self.test_inputs = scale_inputs(digits.test_images, dtype=np.float32)
        self.test_labels = digits.test_labels
        self.turned_tests = turned_test_sets(self.test_inputs, TEST_ANGLES)
        self._angle: float | None = None
        self._rotated: tuple[np.ndarray, np.ndarray] | None = None

    def training(self, angle: float) -> tuple[np.ndarray, np.ndarray]:
        if not angle:
            return self.plain, self.plain_targets
        if self._angle != angle:
            self._rotated = None  # free the old copies before making new ones
            inputs, labels = interleaved_rotations(self.plain, self.train_labels, (angle, -angle))
            self._rotated, self._angle = (inputs, make_targets(labels, dtype=np.float32)), angle
        assert self._rotated is not None
        return self._rotated


def _one_run(state: _State, run: Run) -> tuple[list[dict], list[dict], float]:
    """Train one 784-200-10 network, testing after every epoch; returns rows and the worker's peak RSS (MB)."""
    inputs, targets = state.training(run.angle)
    net = NeuralNetwork([784, 200, 10], learning_rate=run.learning_rate, rng=run.seed, dtype=np.float32)
    key = {"angle": run.angle, "order": run.order, "learning_rate": run.learning_rate, "seed": run.seed}
    epochs = []
    for epoch in range(1, run.epochs + 1):
        started = time.process_time()
        shuffle = run.seed * 1000 + epoch if run.order == "shuffled" else None
        train_epoch(net, inputs, targets, rng=shuffle)
        cpu = time.process_time() - started
        score = accuracy_on(net, state.test_inputs, state.test_labels)
        print(f"  {run} epoch {epoch}: {score:.4f} ({cpu:.1f} s CPU)", flush=True)
        epochs.append(
            {**key, "epoch": epoch, "records_seen": epoch * len(inputs), "accuracy": score, "cpu_seconds": cpu}
        )
    turned = [
        {**key, "epochs": run.epochs, "test_angle": angle, "accuracy": accuracy_on(net, records, state.test_labels)}
        for angle, records in state.turned_tests.items()
    ]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return epochs, turned, peak_mb


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--sweep-seeds", type=int, nargs="+", default=[1])
    parser.add_argument("--resume", action="store_true", help="keep the finished runs already in the tables")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    runs = plan(tuple(args.seeds), tuple(args.sweep_seeds))
    finished = _finished_runs() if args.resume else set()
    runs = [run for run in runs if (run.angle, run.order, run.learning_rate, run.seed, run.epochs) not in finished]
    peaks: list[float] = []
    started = time.perf_counter()
    mode = "a" if args.resume else "w"
    with (
        open(OUT / "epochs.csv", mode, newline="") as epochs_file,
        open(OUT / "turned.csv", mode, newline="") as turned_file,
    ):
        epoch_rows = csv.DictWriter(epochs_file, EPOCH_FIELDS)
        turned_rows = csv.DictWriter(turned_file, TURNED_FIELDS)
        if not finished:
            epoch_rows.writeheader()
            turned_rows.writeheader()

        def save(run: Run, result: tuple[list[dict], list[dict], float]) -> None:
            epochs, turned, peak = result
            epoch_rows.writerows(_rounded(row) for row in epochs)
            turned_rows.writerows(_rounded(row) for row in turned)
            epochs_file.flush()
            turned_file.flush()
            peaks.append(peak)
            _write_meta(args.workers, max(peaks))
            print(f"done {run} after {time.perf_counter() - started:.0f} s: {epochs[-1]['accuracy']:.4f}", flush=True)

        run_all(runs, _one_run, workers=args.workers, initializer=_State, on_done=save)


def _write_meta(workers: int, peak_mb: float) -> None:
    """How the tables were made; the peak memory is the largest over every session that added runs."""
    old = json.loads((OUT / "meta.json").read_text()) if (OUT / "meta.json").exists() else {}
    meta = {
        "made_by": "tools/precompute_rotations.py",
        "command": "nice -n 10 python tools/precompute_rotations.py --workers 2 --resume",
        "date": datetime.date.today().isoformat(),
        "workers": workers,
        "network": "784-200-10, sigmoid, one record per step (the book's train)",
        "dtype": "float32 records and weights (about 1.4 times as fast as float64 here)",
        "peak_worker_rss_mb": round(max(peak_mb, old.get("peak_worker_rss_mb", 0.0)), 1),
    }
    (OUT / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")


def _finished_runs() -> set[tuple]:
    """(angle, order, learning rate, seed, epochs) of every run already in ``turned.csv`` (written at its end)."""
    if not (OUT / "turned.csv").exists():
        return set()
    with open(OUT / "turned.csv", newline="") as file:
        return {
            (float(r["angle"]), r["order"], float(r["learning_rate"]), int(r["seed"]), int(r["epochs"]))
            for r in csv.DictReader(file)
        }


def _rounded(row: dict) -> dict:
    return {k: (round(v, 4) if isinstance(v, float) and k != "accuracy" else v) for k, v in row.items()}


if __name__ == "__main__":
    main()
