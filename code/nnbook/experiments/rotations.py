"""More training data from the data we have: turned copies of every digit (Part 3, "Rotations").

People do not all write upright: MNIST's digits lean a little this way and that. Turning
each training digit by a few degrees either way makes new, realistic examples for free.
This module builds such a training set and runs a fair test of whether it helps:

* :func:`interleaved_rotations`: every record followed by its turned copies, the order
  in which the original book's program learned from them;
* :func:`run_rotation_experiment`: train networks with and without the copies, several
  seeds each, testing after every epoch; returns tidy :class:`RotationResults`;
* :func:`turned_test_accuracy`: how well a network reads the test digits when *they* are
  turned, which shows what the copies teach even when the plain score hardly moves;
* :func:`load_precomputed`: the long runs the page reads (10 epochs with copies, plain runs
  with as many learning steps, an angle sweep, shuffled against back-to-back order), made by
  ``tools/precompute_rotations.py`` and kept in ``data/rotations/``;
* the page's figures and its angle slider live in :mod:`nnbook.figures.part3.rotations`.

What "fair" means here. A network trained on the rotated set sees three records for every
one of the plain set, so after one epoch it has also taken three times as many learning
steps. Comparing "one epoch with copies" against "one epoch without" therefore mixes two
effects: more *variety* and more *steps*. The experiment tests each plain network long
enough (three times the epochs) to compare at equal steps too, so the page can tell the
two apart.

The turning itself is :func:`nnbook.images.rotate_digit` and
:func:`nnbook.images.augment_with_rotations` (SciPy's ``ndimage.rotate``, frame kept at
28 x 28, uncovered corners filled with the background value).
"""

from __future__ import annotations

import csv
import json
import os
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from numpy.typing import ArrayLike

from nnbook.data import make_targets
from nnbook.experiments.pool import run_all
from nnbook.experiments.runner import Digits, Summary, accuracy_on
from nnbook.images import augment_with_rotations
from nnbook.network import NeuralNetwork
from nnbook.progress import progress_bar
from nnbook.training import train_epoch

__all__ = [
    "ANGLES",
    "SOURCE_ROTATION_RESULTS",
    "RotationResults",
    "RotationTrial",
    "Setting",
    "TurnedTest",
    "compare",
    "compare_seeds",
    "Precomputed",
    "interleaved_rotations",
    "load_precomputed",
    "run_rotation_experiment",
    "turned_test_accuracy",
    "turned_test_sets",
]

ANGLES = (10.0, -10.0)
"""The book's turns in degrees: +10 (anticlockwise) and -10 (clockwise)."""

SOURCE_ROTATION_RESULTS: dict[str, float] = {
    # 784-200-10, learning rate 0.1, one epoch: without and with the +-10 degree copies.
    "plain, rate 0.1, 1 epoch": 0.954,
    "rotated, rate 0.1, 1 epoch": 0.9669,
    # With the copies, learning rate 0.01: best after 5 epochs, and after 10 epochs.
    "rotated, rate 0.01, 5 epochs": 0.9745,
    "rotated, rate 0.01, 10 epochs": 0.9787,
}
"""Accuracies the original book reported for rotations, each from a single run (facts, for comparison)."""

_HIDDEN = 200  # the book's final network, 784-200-10, as in the original rotation runs


# --------------------------------------------------------------------------- the data


def interleaved_rotations(
    images: ArrayLike, labels: ArrayLike, angles: Sequence[float] = ANGLES, *, chunk: int = 5000
) -> tuple[np.ndarray, np.ndarray]:
    """Every record followed by its turned copies: ``(n * (1 + len(angles)), 784)`` and labels.

    Row ``(1 + len(angles)) * i`` is record ``i`` itself, and the next rows are record ``i``
    turned by ``angles[0]``, ``angles[1]``, ... So with the book's angles the network
    learns from a digit, then from its +10 degree copy, then from its -10 degree copy,
    before moving to the next digit (as the original program did), rather than meeting
    all the turned copies in one long run at the end.

    ``images`` ``(n, 784)`` scaled (0.01..1.00) or raw (0..255); the uncovered corners get
    the smallest value in the chunk (the background). The work is done ``chunk`` records
    at a time, so only one result-sized array is ever made (1.1 GB for 60,000 float64
    records and two angles).
    """
    pictures = np.asarray(images)
    wanted = np.asarray(labels)
    if pictures.ndim != 2 or pictures.shape[1] != 784:
        raise ValueError(f"images must have shape (n, 784), one record per row; got {pictures.shape}")
    if wanted.shape != (pictures.shape[0],):
        raise ValueError(f"expected one label per image, shape ({pictures.shape[0]},); got {wanted.shape}")
    if chunk < 1:
        raise ValueError(f"chunk must be at least 1 record, got {chunk}")
    copies = 1 + len(angles)
    dtype = pictures.dtype if np.issubdtype(pictures.dtype, np.floating) else np.dtype(np.float64)
    result = np.empty((pictures.shape[0], copies, 784), dtype=dtype)
    background = float(pictures.min()) if pictures.size else 0.0
    for start in range(0, pictures.shape[0], chunk):
        some = pictures[start : start + chunk]
        blocked, _ = augment_with_rotations(some, wanted[start : start + chunk], angles, fill=background)
        # blocked rows: all originals, then all copies of angle 0, ... -> one row per record
        result[start : start + len(some)] = blocked.reshape(copies, len(some), 784).transpose(1, 0, 2)
    return result.reshape(-1, 784), np.repeat(wanted, copies)


def turned_test_sets(inputs: ArrayLike, angles: Iterable[float]) -> dict[float, np.ndarray]:
    """The test records turned by each angle: ``{angle: (n, 784)}``; angle 0 is the records unchanged.

    The turned copies are float32 (half the memory: 31 MB instead of 63 MB per angle for
    10,000 records); they are only ever read by the network, never trained on, and the
    rounding is far below anything that could change an answer's ranking in practice.
    """
    records = np.asarray(inputs)
    single = records.astype(np.float32)
    sets = {}
    for angle in angles:
        angle = float(angle)
        if angle == 0.0:
            sets[angle] = records
        else:
            both, _ = augment_with_rotations(single, np.zeros(len(records)), (angle,))
            sets[angle] = both[len(records) :].copy()  # a copy, so the originals' half is freed
    return sets


def turned_test_accuracy(
    net: NeuralNetwork, turned_sets: Mapping[float, np.ndarray], labels: ArrayLike
) -> dict[float, float]:
    """The fraction of test records read right, 0..1, for each turned copy of the test set."""
    return {angle: accuracy_on(net, records, labels) for angle, records in turned_sets.items()}


# --------------------------------------------------------------------------- the experiment


@dataclass(frozen=True)
class Setting:
    """One way of training: with or without the turned copies, a learning rate, a number of epochs."""

    rotated: bool
    learning_rate: float
    epochs: int

    def records(self, n_train: int, n_angles: int) -> int:
        """Training records this setting goes through in all its epochs (each copy counts)."""
        return self.epochs * n_train * (1 + n_angles if self.rotated else 1)


@dataclass(frozen=True)
class RotationTrial:
    """One measurement: test accuracy after ``epoch`` epochs of one training run.

    ``records_seen`` counts the learning steps so far (one per record, originals and
    copies alike); ``seconds`` is the training time of that epoch alone.
    """

    rotated: bool
    learning_rate: float
    seed: int
    epoch: int
    records_seen: int
    accuracy: float
    seconds: float


@dataclass(frozen=True)
class TurnedTest:
    """After its last epoch, how well one network reads the test digits turned by ``angle`` degrees."""

    rotated: bool
    learning_rate: float
    seed: int
    epochs: int
    angle: float
    accuracy: float


@dataclass
class RotationResults:
    """Everything the experiment measured, as two tidy tables of rows."""

    trials: list[RotationTrial] = field(default_factory=list)
    turned: list[TurnedTest] = field(default_factory=list)

    def curve(self, rotated: bool, learning_rate: float) -> Summary:
        """Accuracy after each epoch for one setting: ``Summary.runs[epoch - 1, seed]``."""
        rows = [t for t in self.trials if t.rotated == rotated and np.isclose(t.learning_rate, learning_rate)]
        return _summary(rows, "epoch", lambda t: t.epoch, rotated, learning_rate)

    def at(self, rotated: bool, learning_rate: float, epoch: int) -> tuple[float, float, float]:
        """(mean, lowest, highest) test accuracy over the seeds after ``epoch`` epochs."""
        return self.curve(rotated, learning_rate).at(epoch)

    def turned_curve(self, rotated: bool, learning_rate: float) -> Summary:
        """Accuracy on turned test digits for one setting: ``Summary.runs[angle index, seed]``."""
        rows = [t for t in self.turned if t.rotated == rotated and np.isclose(t.learning_rate, learning_rate)]
        return _summary(rows, "angle", lambda t: t.angle, rotated, learning_rate)

    @property
    def seeds(self) -> tuple[int, ...]:
        return tuple(sorted({t.seed for t in self.trials}))


def compare(first: tuple[float, float, float], second: tuple[float, float, float]) -> str:
    """Words for how ``first`` compares with ``second``, each a (mean, lowest, highest) over seeds.

    "higher" or "lower" only when every seed of one beat every seed of the other (the
    ranges do not overlap); otherwise "about the same", since the difference is no bigger
    than the spread that the starting weights alone cause.
    """
    if first[1] > second[2]:
        return "higher"
    if first[2] < second[1]:
        return "lower"
    return "about the same"


def compare_seeds(first: Mapping[int, float], second: Mapping[int, float], spread: float) -> str:
    """Like :func:`compare`, from ``{seed: accuracy}`` of two settings, also when one has a single seed.

    With at least two seeds each, the ranges must not overlap (:func:`compare`). A single
    run has no range of its own, so then the gap between the means must be larger than
    ``spread``: the widest lowest-to-highest range that the starting weights caused in the
    settings that did run several seeds.
    """
    a, b = np.array(list(first.values())), np.array(list(second.values()))
    if a.size == 0 or b.size == 0:
        raise ValueError("each setting needs at least one seed")
    if a.size >= 2 and b.size >= 2:
        return compare((a.mean(), a.min(), a.max()), (b.mean(), b.min(), b.max()))
    gap = a.mean() - b.mean()
    return "higher" if gap > spread else "lower" if gap < -spread else "about the same"


def _summary(rows: list, by: str, key, rotated: bool, learning_rate: float) -> Summary:
    if not rows:
        raise KeyError(f"no results for rotated={rotated}, learning rate {learning_rate}")
    values = sorted({key(r) for r in rows})
    seeds = tuple(sorted({r.seed for r in rows}))
    runs = np.full((len(values), len(seeds)), np.nan)
    for r in rows:
        runs[values.index(key(r)), seeds.index(r.seed)] = r.accuracy
    if np.isnan(runs).any():
        raise ValueError(f"some seeds lack some {by} values for rotated={rotated}, rate {learning_rate}")
    return Summary(by, "accuracy", np.asarray(values, dtype=float), seeds, runs)


class _Data:
    """Training and test records for one process; the turned training copies are made on first use."""

    def __init__(self, digits: Digits, angles: Sequence[float], test_angles: Sequence[float]) -> None:
        self.digits, self.angles, self.test_angles = digits, tuple(angles), tuple(test_angles)
        self._rotated: tuple[np.ndarray, np.ndarray] | None = None
        self._turned_tests: dict[float, np.ndarray] | None = None

    def training(self, rotated: bool) -> tuple[np.ndarray, np.ndarray]:
        if not rotated:
            return self.digits.train_inputs, self.digits.train_targets
        if self._rotated is None:
            # float32 copies, made block by block: 0.56 GB for 180,000 records instead of 1.1 GB.
            single = self.digits.train_inputs.astype(np.float32)
            inputs, labels = interleaved_rotations(single, self.digits.train_labels, self.angles)
            del single
            self._rotated = (inputs, make_targets(labels))
        return self._rotated

    def turned_tests(self) -> dict[float, np.ndarray]:
        if self._turned_tests is None:
            self._turned_tests = turned_test_sets(self.digits.test_inputs, self.test_angles)
        return self._turned_tests


def _train_and_test(data: _Data, run: tuple[Setting, int]) -> tuple[list[RotationTrial], list[TurnedTest]]:
    """One run: a fresh 784-200-10 network from the seed, tested after every epoch and on turned digits at the end."""
    setting, seed = run
    inputs, targets = data.training(setting.rotated)
    net = NeuralNetwork([784, _HIDDEN, 10], learning_rate=setting.learning_rate, rng=seed)
    trials = []
    for epoch in range(1, setting.epochs + 1):
        started = time.perf_counter()
        train_epoch(net, inputs, targets)  # record by record, in the stored order: the book's way
        seconds = time.perf_counter() - started
        score = accuracy_on(net, data.digits.test_inputs, data.digits.test_labels)
        trials.append(
            RotationTrial(setting.rotated, setting.learning_rate, seed, epoch, epoch * len(inputs), score, seconds)
        )
    turned = [
        TurnedTest(setting.rotated, setting.learning_rate, seed, setting.epochs, angle, score)
        for angle, score in turned_test_accuracy(net, data.turned_tests(), data.digits.test_labels).items()
    ]
    return trials, turned


def run_rotation_experiment(
    digits: Digits,
    settings: Iterable[Setting | tuple[bool, float, int]],
    seeds: Sequence[int],
    *,
    angles: Sequence[float] = ANGLES,
    test_angles: Sequence[float] = (-30.0, -20.0, -10.0, 0.0, 10.0, 20.0, 30.0),
    workers: int = 1,
    progress: bool | str = False,
) -> RotationResults:
    """Train one 784-200-10 network per (setting, seed) and test it: the tidy results of all runs.

    Each setting is a :class:`Setting` or a ``(rotated, learning_rate, epochs)`` triple.
    Training is record by record in the stored order (each original record followed by
    its turned copies when ``rotated``), so a seed changes only the starting weights.
    After every epoch the network is tested on the 10,000 test digits; after the last,
    also on the test digits turned by each of ``test_angles``.

    ``workers > 1`` runs that many trainings at once in separate processes (each makes
    its own turned copies: about 1.1 GB of memory per process; see
    :mod:`nnbook.experiments.pool`); results do not depend on it. ``progress`` draws a
    tqdm bar counting training records (a string labels it), moved as each run ends.
    """
    plan = [s if isinstance(s, Setting) else Setting(bool(s[0]), float(s[1]), int(s[2])) for s in settings]
    for setting in plan:
        if not (setting.learning_rate > 0 and setting.epochs >= 1):
            raise ValueError(f"each setting needs a learning rate above 0 and at least 1 epoch, got {setting}")
    seeds = [int(seed) for seed in seeds]
    if not plan or not seeds:
        raise ValueError("give at least one setting and one seed")
    if len(set(seeds)) != len(seeds):
        raise ValueError(f"the seeds must differ (a repeated seed repeats a run), got {seeds}")
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")
    n_train, n_angles = len(digits.train_labels), len(angles)
    # Longest runs first, so that no long one is left running alone at the end.
    runs = sorted(((s, seed) for s in plan for seed in seeds), key=lambda run: -run[0].records(n_train, n_angles))
    total = sum(s.records(n_train, n_angles) for s, _ in runs)
    with progress_bar(progress, total, "record", default_label="rotation experiment") as bar:
        per_run = run_all(
            runs,
            _train_and_test,
            workers=workers,
            initializer=_Data,
            initargs=(digits, tuple(angles), tuple(test_angles)),
            on_done=lambda run, _: bar.update(run[0].records(n_train, n_angles)),
        )
    results = RotationResults()
    for trials, turned in per_run:
        results.trials.extend(trials)
        results.turned.extend(turned)
    results.trials.sort(key=lambda t: (t.rotated, t.learning_rate, t.seed, t.epoch))
    results.turned.sort(key=lambda t: (t.rotated, t.learning_rate, t.seed, t.angle))
    return results


# --------------------------------------------------------------------------- the precomputed long runs

PRECOMPUTED_DIR = Path(__file__).resolve().parents[3] / "data" / "rotations"
"""Where ``tools/precompute_rotations.py`` writes its tables (``data/rotations`` in the repository)."""


@dataclass
class Precomputed:
    """The long runs of ``tools/precompute_rotations.py``, read back from its CSV tables.

    A *setting* is ``(angle, order, learning_rate)``: copies turned by +-``angle`` degrees
    (0: no copies), in ``order`` "stored" (each record followed by its copies) or
    "shuffled", at a learning rate. ``epochs`` rows hold the test accuracy after every
    epoch of every seed; ``turned`` rows the accuracy on turned test digits after the last.
    """

    epochs: list[dict]
    turned: list[dict]
    meta: dict

    def _rows(self, rows: list[dict], angle: float, order: str, learning_rate: float) -> list[dict]:
        chosen = [
            r
            for r in rows
            if np.isclose(r["angle"], angle) and r["order"] == order and np.isclose(r["learning_rate"], learning_rate)
        ]
        if not chosen:
            raise KeyError(f"no precomputed runs for angle {angle}, order {order!r}, learning rate {learning_rate}")
        return chosen

    def curve(self, angle: float, learning_rate: float, order: str = "stored") -> Summary:
        """Test accuracy after each epoch: ``Summary.runs[epoch - 1, seed]``, seeds that ran every epoch."""
        return _grid(self._rows(self.epochs, angle, order, learning_rate), "epoch")

    def at(self, angle: float, learning_rate: float, epoch: int, order: str = "stored") -> tuple[float, float, float]:
        """(mean, lowest, highest) test accuracy over the seeds after ``epoch`` epochs."""
        return self.curve(angle, learning_rate, order).at(epoch)

    def by_seed(self, angle: float, learning_rate: float, epoch: int, order: str = "stored") -> dict[int, float]:
        """``{seed: accuracy}`` after ``epoch`` epochs: for comparing two settings seed by seed."""
        curve = self.curve(angle, learning_rate, order)
        row = int(np.flatnonzero(np.isclose(curve.values, epoch))[0])
        return {seed: float(curve.runs[row, i]) for i, seed in enumerate(curve.seeds)}

    def turned_curve(self, angle: float, learning_rate: float, order: str = "stored") -> Summary:
        """Accuracy on turned test digits after the last epoch: ``Summary.runs[test angle index, seed]``."""
        return _grid(self._rows(self.turned, angle, order, learning_rate), "test_angle")

    def cpu_seconds(self, angle: float, learning_rate: float, order: str = "stored") -> float:
        """The mean processor time of one epoch of a setting, in seconds."""
        return float(np.mean([r["cpu_seconds"] for r in self._rows(self.epochs, angle, order, learning_rate)]))

    @property
    def total_cpu_minutes(self) -> float:
        """Processor time of all the training, in minutes (testing not counted)."""
        return float(sum(r["cpu_seconds"] for r in self.epochs)) / 60

    def as_results(self, angle: float = 10.0) -> RotationResults:
        """The finished runs in stored order, with ``angle`` degree copies or none, as :class:`RotationResults`."""
        results = RotationResults()

        def wanted(r: dict) -> bool:
            if r["order"] != "stored" or not (r["angle"] == 0.0 or np.isclose(r["angle"], angle)):
                return False
            return r["seed"] in self.curve(r["angle"], r["learning_rate"]).seeds  # whole runs only

        for r in filter(wanted, self.epochs):
            results.trials.append(
                RotationTrial(
                    r["angle"] > 0,
                    r["learning_rate"],
                    r["seed"],
                    r["epoch"],
                    r["records_seen"],
                    r["accuracy"],
                    r["cpu_seconds"],
                )
            )
        for r in filter(wanted, self.turned):
            results.turned.append(
                TurnedTest(r["angle"] > 0, r["learning_rate"], r["seed"], r["epochs"], r["test_angle"], r["accuracy"])
            )
        return results


def _grid(rows: list[dict], by: str) -> Summary:
    """Rows to a Summary over ``by``, keeping only the seeds that have every value (a finished run)."""
    values = sorted({r[by] for r in rows})
    seeds = sorted({r["seed"] for r in rows})
    table = {(r[by], r["seed"]): r["accuracy"] for r in rows}
    complete = [seed for seed in seeds if all((v, seed) in table for v in values)]
    runs = np.array([[table[v, seed] for seed in complete] for v in values])
    return Summary(by, "accuracy", np.asarray(values, dtype=float), tuple(complete), runs)


_NUMBERS = {
    "angle": float,
    "learning_rate": float,
    "seed": int,
    "epoch": int,
    "epochs": int,
    "records_seen": int,
    "accuracy": float,
    "cpu_seconds": float,
    "test_angle": float,
}


def load_precomputed(folder: str | Path | None = None) -> Precomputed:
    """Read ``epochs.csv``, ``turned.csv`` and ``meta.json`` written by ``tools/precompute_rotations.py``.

    ``folder`` defaults to the environment variable ``NNBOOK_ROTATIONS_DIR`` if set, else
    :data:`PRECOMPUTED_DIR`.
    """
    where = Path(folder or os.environ.get("NNBOOK_ROTATIONS_DIR") or PRECOMPUTED_DIR)

    def table(name: str) -> list[dict]:
        with open(where / name, newline="") as file:
            return [{k: _NUMBERS.get(k, str)(v) for k, v in row.items()} for row in csv.DictReader(file)]

    meta_file = where / "meta.json"
    meta = json.loads(meta_file.read_text()) if meta_file.exists() else {}
    return Precomputed(table("epochs.csv"), table("turned.csv"), meta)
