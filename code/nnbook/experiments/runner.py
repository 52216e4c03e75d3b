"""Experiments of Part 2: how the learning rate, the epochs and the hidden layer change accuracy.

Every experiment is the same loop: build a 784-h-10 network from a seed, train it on the
MNIST training records, test it on the test records, note the score. What changes from
page to page is which knob turns. One run with one seed says little (the random starting
weights alone move the score by a few tenths of a per cent), so each setting is repeated
with several seeds and the pages draw the spread as well as the mean.

* :func:`run_learning_rate_experiment`, :func:`run_epochs_experiment` and
  :func:`run_hidden_nodes_experiment` return *tidy* results: a list of :class:`Trial`
  rows, one per (setting, seed, epoch), each holding one test accuracy and the seconds
  that epoch's training took.
* :func:`summarise` turns those rows into a :class:`Summary`: one line per value of the
  knob, with the mean, the lowest and the highest score over the seeds.
* :data:`SOURCE_RESULTS` holds the numbers the original book reported (one run each); the
  pages' figures (:mod:`nnbook.figures.part2.experiments`) show them for comparison.

Training is record by record, exactly the book's update: :func:`nnbook.training.fit`
with ``batch_size=1``, which uses :meth:`NeuralNetwork.train_records` (the same result as
calling ``train`` on each record in turn, only faster). The records are visited in their
stored order, as in the book, so a seed changes only the starting weights. Runs can go
to several worker processes at once (``workers=2`` on a 2-core machine halves the wait).
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from nnbook.checks import whole_number
from nnbook.data import load_mnist, make_targets, scale_inputs
from nnbook.evaluation import accuracy, predict
from nnbook.experiments.pool import run_all
from nnbook.network import INIT_RULES, NeuralNetwork
from nnbook.progress import progress_bar
from nnbook.training import fit

__all__ = [
    "SOURCE_RESULTS",
    "VALIDATION_RECORDS",
    "Digits",
    "Summary",
    "Trial",
    "accuracy_on",
    "count_weights",
    "epochs_if_trained_from_scratch",
    "load_digits",
    "run_epochs_experiment",
    "run_hidden_nodes_experiment",
    "run_learning_rate_experiment",
    "run_trials",
    "split_validation",
    "summarise",
    "train_and_test",
    "train_epoch_with_errors",
]

SOURCE_RESULTS: dict[str, Any] = {
    # 784-100-10, learning rate 0.3, one epoch.
    "full": 0.9473,
    # 784-100-10, one epoch: learning rate -> accuracy.
    "learning_rate": {0.01: 0.9241, 0.1: 0.9523, 0.2: 0.9537, 0.3: 0.9473, 0.6: 0.9047},
    # 784-100-10: learning rate -> {epochs: accuracy}; only the numbers the book printed.
    "epochs": {0.2: {1: 0.9537, 2: 0.9579}, 0.1: {7: 0.9628}},
    # learning rate 0.1, 5 epochs: hidden nodes -> accuracy.
    "hidden_nodes": {5: 0.7001, 10: 0.8998, 200: 0.9751, 500: 0.9762},
    # 784-200-10, learning rate 0.1, 5 epochs.
    "final": 0.9751,
    # The simplest neural network in LeCun's MNIST table: 2 layers, 300 hidden units, 4.7% error.
    "lecun_simplest_network": 0.953,
}
"""Accuracies the original book reported, each from a single run (facts, for comparison)."""

# Records per predict call when testing. query_batch is quickest on small slices: a slice
# of 64 records (400 kB) stays in the processor's cache while each weight row meets it.
_TEST_CHUNK = 64
# Records per train_records call in train_epoch_with_errors (progress-bar granularity).
_RECORDS_PER_STEP = 1000
# Training records scored when an experiment checks for overfitting.
_TRAINING_CHECK = 10_000
# Training records held back as the validation set: the last 10,000, as many as the test set.
VALIDATION_RECORDS = 10_000


# --------------------------------------------------------------------------- data


class Digits:
    """MNIST training and test records, raw and ready for the network.

    Holds the raw grey values (uint8) and scales them on first use, so that a copy sent
    to a worker process carries 55 MB of bytes rather than 400 MB of floats.

    Attributes: ``train_labels (n,)``, ``train_images (n, 784)``, ``test_labels (m,)``,
    ``test_images (m, 784)``; derived: ``train_inputs (n, 784)`` in 0.01..1.00,
    ``train_targets (n, 10)`` of 0.01 with 0.99 at the label, ``test_inputs (m, 784)``.
    """

    def __init__(
        self, train_labels: ArrayLike, train_images: ArrayLike, test_labels: ArrayLike, test_images: ArrayLike
    ) -> None:
        self.train_labels, self.train_images = _checked_split(train_labels, train_images, "training")
        self.test_labels, self.test_images = _checked_split(test_labels, test_images, "test")

    def __repr__(self) -> str:
        return f"Digits({len(self.train_labels):,} training records, {len(self.test_labels):,} test records)"

    def __getstate__(self) -> dict[str, np.ndarray]:
        # Only the raw values travel to other processes; each rebuilds the scaled copies.
        return {name: getattr(self, name) for name in ("train_labels", "train_images", "test_labels", "test_images")}

    def __setstate__(self, state: dict[str, np.ndarray]) -> None:
        self.__dict__.update(state)

    @cached_property
    def train_inputs(self) -> np.ndarray:
        return scale_inputs(self.train_images)

    @cached_property
    def train_targets(self) -> np.ndarray:
        return make_targets(self.train_labels)

    @cached_property
    def test_inputs(self) -> np.ndarray:
        return scale_inputs(self.test_images)


def _checked_split(labels: ArrayLike, images: ArrayLike, name: str) -> tuple[np.ndarray, np.ndarray]:
    labels, images = np.asarray(labels), np.asarray(images)
    if images.ndim != 2 or images.shape[1] != 784:
        raise ValueError(
            f"{name} images must have shape (n, 784), one flattened 28 x 28 image per row; got shape {images.shape}"
        )
    if labels.shape != (images.shape[0],):
        raise ValueError(f"expected one {name} label per image ({images.shape[0]}), got labels of shape {labels.shape}")
    if images.shape[0] == 0:
        raise ValueError(f"the {name} set is empty; give at least one record")
    return labels, images


def load_digits(
    *, train_limit: int | None = None, test_limit: int | None = None, data_dir: str | Path | None = None
) -> Digits:
    """Load MNIST (all 60,000 + 10,000 records, or the first ``*_limit`` of each) as :class:`Digits`."""
    train_labels, train_images = load_mnist("train", limit=train_limit, data_dir=data_dir)
    test_labels, test_images = load_mnist("test", limit=test_limit, data_dir=data_dir)
    return Digits(train_labels, train_images, test_labels, test_images)


def split_validation(digits: Digits, records: int = VALIDATION_RECORDS) -> Digits:
    """Hold back the last ``records`` training digits as a validation set, for choosing settings.

    Returns a :class:`Digits` that trains on the other training records and is scored on
    the held-back ones (its ``test_*`` attributes hold the validation records; the real test
    records are left out). Choosing a learning rate or a size by the test score would tune
    the network to the test digits, and the final test score would then flatter it; choosing
    by validation keeps the test digits unseen until the one final score.
    """
    records = whole_number(records, "validation records")
    kept = len(digits.train_labels) - records
    if kept < 1:
        raise ValueError(
            f"cannot hold back {records:,} of {len(digits.train_labels):,} training records and still train on some"
        )
    return Digits(
        digits.train_labels[:kept],
        digits.train_images[:kept],
        digits.train_labels[kept:],
        digits.train_images[kept:],
    )


# --------------------------------------------------------------------------- one run


@dataclass(frozen=True)
class Trial:
    """One measurement: a network's accuracy on held-out records after some epochs of training.

    ``hidden`` nodes, ``learning_rate``, ``seed`` of the starting weights; ``epoch`` is
    how many passes over the training data were done when ``accuracy`` (fraction of the
    held-out records right, 0..1: the test records, or the validation records of
    :func:`split_validation`) was measured; ``seconds`` is the wall-clock training time
    of that epoch alone (testing not included). ``train_accuracy`` is the same score on
    the first 10,000 *training* records (records the network has learned from), or NaN
    when it was not asked for: the gap between the two shows overfitting. ``init`` is the
    rule for the starting weights' spread (see :class:`NeuralNetwork`). ``cpu_seconds`` is
    the processor time of the same training: unlike the wall-clock ``seconds``, it hardly
    changes when other programs share the computer, so it measures the work itself.
    """

    hidden: int
    learning_rate: float
    seed: int
    epoch: int
    accuracy: float
    seconds: float
    train_accuracy: float = math.nan
    init: str = "fan_in"
    cpu_seconds: float = math.nan


def accuracy_on(net: NeuralNetwork, inputs: ArrayLike, labels: ArrayLike, *, chunk: int = _TEST_CHUNK) -> float:
    """Fraction of the records the network gets right, 0..1 (the mean of the book's scorecard).

    The same number as :func:`nnbook.evaluation.evaluate`, which also makes it (with
    :func:`nnbook.evaluation.accuracy`), but the network is asked ``chunk`` records at a
    time: on a busy 2-core machine small matrix products stay on one core and in the
    cache, so 10,000 test digits take a fraction of a second instead of several seconds.
    ``inputs`` ``(n, 784)`` scaled, ``labels`` ``(n,)``. Every experiment of Parts 2
    and 3 scores its networks with it.
    """
    records, wanted = np.asarray(inputs), np.asarray(labels)
    if records.ndim != 2 or records.shape[0] != wanted.shape[0] or records.shape[0] == 0:
        raise ValueError(
            f"need one label per input record and at least one record; got inputs of shape "
            f"{records.shape} and labels of shape {wanted.shape}"
        )
    answers = np.concatenate(
        [predict(net, records[start : start + chunk]) for start in range(0, records.shape[0], chunk)]
    )
    return accuracy(answers, wanted)


def train_and_test(
    digits: Digits,
    *,
    hidden: int,
    learning_rate: float,
    epochs: int,
    seed: int,
    check_training: bool = False,
    init: str = "fan_in",
) -> list[Trial]:
    """Train one 784-``hidden``-10 network for ``epochs`` epochs, testing it after every epoch.

    The starting weights come from ``seed``; the records are visited in their stored
    order, so the network after epoch ``k`` is exactly the one a fresh ``k``-epoch run
    with the same seed would give. Testing after each epoch of a single run therefore
    gives the whole accuracy-versus-epochs curve for the price of the longest run.
    ``check_training`` also scores the first 10,000 training records after each epoch;
    ``init`` chooses the starting weights' rule (``"fan_in"`` or the original program's
    ``"layer"``). Returns one :class:`Trial` per epoch.
    """
    net = NeuralNetwork([digits.train_inputs.shape[1], hidden, 10], learning_rate=learning_rate, rng=seed, init=init)
    trials = []
    for epoch in range(1, epochs + 1):
        started, cpu_started = time.perf_counter(), time.process_time()
        fit(net, digits.train_inputs, digits.train_targets, epochs=1, batch_size=1)
        seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
        score = accuracy_on(net, digits.test_inputs, digits.test_labels)
        seen = math.nan
        if check_training:
            seen = accuracy_on(net, digits.train_inputs[:_TRAINING_CHECK], digits.train_labels[:_TRAINING_CHECK])
        trials.append(Trial(hidden, float(learning_rate), int(seed), epoch, score, seconds, seen, init, cpu_seconds))
    return trials


# --------------------------------------------------------------------------- many runs


@dataclass(frozen=True)
class _Run:
    hidden: int
    learning_rate: float
    epochs: int
    seed: int
    check_training: bool = False
    init: str = "fan_in"

    @property
    def cost(self) -> int:
        """Rough work of the run (multiply-adds per record times epochs), for ordering only."""
        return (784 * self.hidden + 10 * self.hidden) * self.epochs


def _same_digits(digits: Digits) -> Digits:
    """A process's data for :func:`run_all`: the digits as sent (a worker rebuilds their scaled copies)."""
    return digits


def _train_and_test_run(digits: Digits, run: _Run) -> list[Trial]:
    return train_and_test(
        digits,
        hidden=run.hidden,
        learning_rate=run.learning_rate,
        epochs=run.epochs,
        seed=run.seed,
        check_training=run.check_training,
        init=run.init,
    )


def run_trials(
    digits: Digits,
    settings: Iterable[tuple[int, float, int]],
    seeds: Sequence[int],
    *,
    workers: int = 1,
    progress: bool | str = False,
    check_training: bool = False,
    init: str = "fan_in",
) -> list[Trial]:
    """Train and test one network per (setting, seed); the tidy table of all results.

    ``settings`` are ``(hidden, learning_rate, epochs)`` triples; every one is run once
    per seed in ``seeds``. ``workers > 1`` runs that many trainings at once in separate
    processes (each gets its own copy of the data); results do not depend on it.
    ``progress`` draws a tqdm bar counting epochs trained (a string labels it).
    ``check_training`` also scores 10,000 training records after every epoch; ``init``
    is the starting weights' rule for every run. Returns the :class:`Trial` rows sorted by
    hidden, learning rate, seed and epoch.

    With ``workers > 1`` in a script (not a notebook), call this under
    ``if __name__ == "__main__":``: the worker processes start by importing the script
    (see :mod:`nnbook.experiments.pool`, which runs the trainings).
    """
    if init not in INIT_RULES:
        raise ValueError(f"init must be one of {INIT_RULES}, got {init!r}")
    runs = [_Run(r.hidden, r.learning_rate, r.epochs, r.seed, check_training, init) for r in _plan(settings, seeds)]
    workers = whole_number(workers, "workers")
    with progress_bar(progress, sum(run.epochs for run in runs), "epoch", default_label="experiment") as bar:
        per_run = run_all(
            sorted(runs, key=lambda r: -r.cost),
            _train_and_test_run,
            workers=workers,
            initializer=_same_digits,
            initargs=(digits,),
            on_done=lambda run, _: bar.update(run.epochs),
        )
    trials = [trial for trials_of_run in per_run for trial in trials_of_run]
    return sorted(trials, key=lambda t: (t.init, t.hidden, t.learning_rate, t.seed, t.epoch))


def _plan(settings: Iterable[tuple[int, float, int]], seeds: Sequence[int]) -> list[_Run]:
    seeds = [whole_number(seed, "each seed", minimum=0) for seed in seeds]
    if not seeds:
        raise ValueError("give at least one seed, e.g. seeds=(1, 2, 3)")
    if len(set(seeds)) != len(seeds):
        raise ValueError(f"the seeds must differ from each other (a repeated seed repeats a run), got {seeds}")
    runs = []
    for setting in settings:
        hidden, learning_rate, epochs = setting
        hidden = whole_number(hidden, "hidden nodes")
        epochs = whole_number(epochs, "epochs")
        if not (
            isinstance(learning_rate, (int, float, np.number)) and math.isfinite(learning_rate) and learning_rate > 0
        ):
            raise ValueError(f"a learning rate must be a number above 0, e.g. 0.1; got {learning_rate!r}")
        runs.extend(_Run(hidden, float(learning_rate), epochs, seed) for seed in seeds)
    if not runs:
        raise ValueError("no settings to run: give at least one (hidden, learning_rate, epochs)")
    return runs


def run_learning_rate_experiment(
    digits: Digits,
    rates: Sequence[float],
    seeds: Sequence[int],
    *,
    hidden: int = 100,
    epochs: int = 1,
    workers: int = 1,
    progress: bool | str = False,
    init: str = "fan_in",
) -> list[Trial]:
    """Page 2.9: one run per (learning rate, seed) of a 784-``hidden``-10 network, ``epochs`` epochs each."""
    return run_trials(
        digits, [(hidden, rate, epochs) for rate in rates], seeds, workers=workers, progress=progress, init=init
    )


def run_epochs_experiment(
    digits: Digits,
    rates: Sequence[float],
    seeds: Sequence[int],
    *,
    epochs: int = 10,
    hidden: int = 100,
    workers: int = 1,
    progress: bool | str = False,
    check_training: bool = True,
) -> list[Trial]:
    """Page 2.10: one run of ``epochs`` epochs per (learning rate, seed), tested after every epoch.

    By default each epoch also scores 10,000 training records (``Trial.train_accuracy``),
    to show whether the network starts to fit its training data better than new data.
    """
    return run_trials(
        digits,
        [(hidden, rate, epochs) for rate in rates],
        seeds,
        workers=workers,
        progress=progress,
        check_training=check_training,
    )


def run_hidden_nodes_experiment(
    digits: Digits,
    hidden_sizes: Sequence[int],
    seeds: Sequence[int],
    *,
    learning_rate: float = 0.1,
    epochs: int = 1,
    workers: int = 1,
    progress: bool | str = False,
) -> list[Trial]:
    """Page 2.11: one run per (hidden-layer size, seed), tested after every epoch."""
    return run_trials(
        digits, [(size, learning_rate, epochs) for size in hidden_sizes], seeds, workers=workers, progress=progress
    )


# --------------------------------------------------------------------------- summaries


@dataclass(frozen=True)
class Summary:
    """Results grouped by one knob: ``runs[i, s]`` is seed ``seeds[s]``'s result at ``values[i]``.

    ``by`` names the knob (``"learning_rate"``, ``"epoch"`` or ``"hidden"``) and ``column``
    the measurement (``"accuracy"`` or ``"train_accuracy"``, fractions 0..1, ``"seconds"`` or
    ``"cpu_seconds"``).
    """

    by: str
    column: str
    values: np.ndarray  # (n_values,)
    seeds: tuple[int, ...]
    runs: np.ndarray  # (n_values, n_seeds)

    @property
    def mean(self) -> np.ndarray:
        return self.runs.mean(axis=1)

    @property
    def low(self) -> np.ndarray:
        return self.runs.min(axis=1)

    @property
    def high(self) -> np.ndarray:
        return self.runs.max(axis=1)

    def at(self, value: float) -> tuple[float, float, float]:
        """(mean, lowest, highest) at one value of the knob."""
        i = self._row(value)
        return float(self.mean[i]), float(self.low[i]), float(self.high[i])

    def wins(self, value: float, other: float) -> int:
        """For how many seeds ``value`` scored higher than ``other`` (a paired comparison: same seed, same start).

        Two settings whose means differ by less than the seeds' spread can still be told
        apart when one of them wins for every seed, since each pair shares its starting weights.
        """
        first, second = self._row(value), self._row(other)
        return int(np.sum(self.runs[first] > self.runs[second]))

    def _row(self, value: float) -> int:
        matches = np.flatnonzero(np.isclose(self.values, value))
        if matches.size == 0:
            raise KeyError(f"{value} is not among the {self.by} values {self.values.tolist()}")
        return int(matches[0])

    def best(self) -> tuple[float, float]:
        """The knob value with the highest mean, and that mean."""
        i = int(np.argmax(self.mean))
        return float(self.values[i]), float(self.mean[i])


_KNOBS = ("hidden", "learning_rate", "epoch")
_COLUMNS = ("accuracy", "train_accuracy", "seconds", "cpu_seconds")


def _same(found: Any, wanted: Any) -> bool:
    if isinstance(found, str) or isinstance(wanted, str):
        return found == wanted
    return bool(np.isclose(found, wanted))


def summarise(trials: Sequence[Trial], by: str, *, column: str = "accuracy", **fixed: float | str) -> Summary:
    """Group ``trials`` by the knob ``by``, keeping only rows whose other fields equal ``fixed``.

    ``summarise(trials, "learning_rate", epoch=1)`` gives the accuracy after one epoch
    for each learning rate, one column per seed. Every value of the knob must have been
    measured with the same seeds; otherwise a ValueError says which are missing.
    """
    if by not in _KNOBS:
        raise ValueError(f"by must be one of {_KNOBS}, got {by!r}")
    if column not in _COLUMNS:
        raise ValueError(f"column must be one of {_COLUMNS}, got {column!r}")
    unknown = set(fixed) - set(_KNOBS) - {"seed", "init"}
    if unknown:
        raise ValueError(f"can only fix {_KNOBS}, seed or init, not {sorted(unknown)}")
    chosen = [t for t in trials if all(_same(getattr(t, name), value) for name, value in fixed.items())]
    if not chosen:
        raise ValueError(
            f"no trials match {fixed}; the trials have {by} values {sorted({getattr(t, by) for t in trials})}"
        )
    values = sorted({getattr(t, by) for t in chosen})
    seeds = tuple(sorted({t.seed for t in chosen}))
    table: dict[tuple[float, int], list[float]] = {}
    for t in chosen:
        table.setdefault((getattr(t, by), t.seed), []).append(getattr(t, column))
    runs = np.full((len(values), len(seeds)), np.nan)
    for i, value in enumerate(values):
        for s, seed in enumerate(seeds):
            found = table.get((value, seed))
            if found is None:
                raise ValueError(
                    f"no trial for {by}={value} with seed {seed}; fix the other knobs "
                    f"(e.g. epoch=1) so each value has one result per seed"
                )
            if len(found) > 1:
                raise ValueError(
                    f"{len(found)} trials for {by}={value}, seed {seed}: fix the other knobs "
                    f"(e.g. epoch=1) so that each value has one result per seed"
                )
            runs[i, s] = found[0]
    if np.isnan(runs).any():
        raise ValueError(
            f"some trials have no {column}; training accuracy is only measured when the "
            "experiment runs with check_training=True"
        )
    return Summary(by, column, np.asarray(values, dtype=float), seeds, runs)


def count_weights(layer_sizes: Sequence[int]) -> int:
    """How many weights a network with these layer sizes has: ``sum(n_prev * n_next)``.

    Each weight changes once per training record, so this is also the number of weight
    changes per record; e.g. 784-100-10 has 78,400 + 1,000 = 79,400.
    """
    sizes = [whole_number(n, "each layer size") for n in layer_sizes]
    if len(sizes) < 2:
        raise ValueError(f"a network needs at least two layers, got {sizes}")
    return sum(a * b for a, b in zip(sizes[:-1], sizes[1:]))


def epochs_if_trained_from_scratch(max_epochs: int) -> int:
    """Epochs of training needed to test 1, 2, ..., ``max_epochs`` epochs with a fresh network each time.

    1 + 2 + ... + n = n (n + 1) / 2, against ``max_epochs`` when one run is tested after every epoch.
    """
    n = whole_number(max_epochs, "max_epochs")
    return n * (n + 1) // 2


# --------------------------------------------------------------------------- errors while learning


def train_epoch_with_errors(
    net: NeuralNetwork, inputs: ArrayLike, targets: ArrayLike, *, progress: bool | str = False
) -> np.ndarray:
    """One epoch of record-by-record training that also notes how wrong the network was.

    The same training as :func:`nnbook.training.train_epoch` with ``batch_size=1`` and
    the stored order. For each record it keeps the sum of the squared output errors,
    ``sum((target - output)**2)`` over the 10 outputs, measured just before the network
    learned from that record. Returns shape ``(n,)``; inputs ``(n, 784)``, targets ``(n, 10)``.
    """
    records, wanted = np.asarray(inputs), np.asarray(targets)
    if records.ndim != 2 or wanted.ndim != 2 or records.shape[0] != wanted.shape[0]:
        raise ValueError(
            f"inputs (n, n_inputs) and targets (n, n_outputs) must have one row per record; got "
            f"shapes {records.shape} and {wanted.shape}"
        )
    squared = np.empty(records.shape[0])
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(
            total=records.shape[0], desc=progress if isinstance(progress, str) else None, unit="record", leave=False
        )
    try:
        for start in range(0, records.shape[0], _RECORDS_PER_STEP):
            stop = start + _RECORDS_PER_STEP
            errors = net.train_records(records[start:stop], wanted[start:stop])
            squared[start:stop] = np.sum(errors.astype(np.float64) ** 2, axis=1)
            if bar is not None:
                bar.update(errors.shape[0])
    finally:
        if bar is not None:
            bar.close()
    return squared
