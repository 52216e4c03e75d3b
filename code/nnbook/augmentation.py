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
* figures for the page, and an angle slider (:func:`rotation_slider`).

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

import multiprocessing
import time
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

from .browser import can_start_processes
from .data import make_targets
from .evaluation import predict
from .experiments import Digits, Summary
from .images import augment_with_rotations, rotate_digit
from .mnist_figures import digit_and_outputs_figure, show_digit
from .network import NeuralNetwork
from .colours import BLUE, GREY, ORANGE, VERMILLION
from .training import train_epoch
from .widgets import InteractiveFigure

__all__ = [
    "ANGLES",
    "SOURCE_ROTATION_RESULTS",
    "RotationResults",
    "RotationTrial",
    "Setting",
    "TurnedTest",
    "compare",
    "interleaved_rotations",
    "rotation_results_figure",
    "rotation_slider",
    "run_rotation_experiment",
    "turned_copies_figure",
    "turned_test_accuracy",
    "turned_test_figure",
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
_TEST_CHUNK = 64  # records per predict call: small products stay on one core and in cache


def _score(net: NeuralNetwork, inputs: np.ndarray, labels: np.ndarray) -> float:
    """Fraction of ``inputs`` ``(n, 784)`` that ``net`` reads as ``labels`` ``(n,)``, 0..1, asked in small slices."""
    answers = np.concatenate([predict(net, inputs[start : start + _TEST_CHUNK])
                              for start in range(0, len(inputs), _TEST_CHUNK)])
    return float(np.mean(answers == labels))


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
            sets[angle] = both[len(records):].copy()  # a copy, so the originals' half is freed
    return sets


def turned_test_accuracy(net: NeuralNetwork, turned_sets: Mapping[float, np.ndarray],
                         labels: ArrayLike) -> dict[float, float]:
    """The fraction of test records read right, 0..1, for each turned copy of the test set."""
    return {angle: _score(net, records, labels) for angle, records in turned_sets.items()}


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
            inputs, labels = interleaved_rotations(self.digits.train_inputs, self.digits.train_labels, self.angles)
            self._rotated = (inputs, make_targets(labels))
        return self._rotated

    def turned_tests(self) -> dict[float, np.ndarray]:
        if self._turned_tests is None:
            self._turned_tests = turned_test_sets(self.digits.test_inputs, self.test_angles)
        return self._turned_tests


def _train_and_test(data: _Data, setting: Setting, seed: int, on_epoch=None) -> tuple[list[RotationTrial], list[TurnedTest]]:
    """One run: a fresh 784-200-10 network from ``seed``, tested after every epoch and on turned digits at the end."""
    inputs, targets = data.training(setting.rotated)
    net = NeuralNetwork([784, _HIDDEN, 10], learning_rate=setting.learning_rate, rng=seed)
    trials = []
    for epoch in range(1, setting.epochs + 1):
        started = time.perf_counter()
        train_epoch(net, inputs, targets)  # record by record, in the stored order: the book's way
        seconds = time.perf_counter() - started
        score = _score(net, data.digits.test_inputs, data.digits.test_labels)
        trials.append(RotationTrial(setting.rotated, setting.learning_rate, seed, epoch,
                                    epoch * len(inputs), score, seconds))
        if on_epoch is not None:
            on_epoch(len(inputs))
    turned = [TurnedTest(setting.rotated, setting.learning_rate, seed, setting.epochs, angle, score)
              for angle, score in turned_test_accuracy(net, data.turned_tests(), data.digits.test_labels).items()]
    return trials, turned


_WORKER_DATA: _Data | None = None  # set in each worker process by _start_worker


def _start_worker(digits: Digits, angles: Sequence[float], test_angles: Sequence[float]) -> None:
    global _WORKER_DATA
    _WORKER_DATA = _Data(digits, angles, test_angles)


def _run_in_worker(setting: Setting, seed: int) -> tuple[list[RotationTrial], list[TurnedTest]]:
    if _WORKER_DATA is None:
        raise RuntimeError("worker process started without data (internal error)")
    return _train_and_test(_WORKER_DATA, setting, seed)


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
    its own turned copies: about 1.1 GB of memory per process); results do not depend
    on it. ``progress`` draws a tqdm bar counting training records (a string labels it).
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
    bar = _progress_bar(progress, sum(s.records(n_train, n_angles) for s, _ in runs))
    results = RotationResults()
    try:
        if workers == 1 or len(runs) == 1 or not can_start_processes():  # a browser: one process
            data = _Data(digits, angles, test_angles)
            for setting, seed in runs:
                trials, turned = _train_and_test(data, setting, seed, None if bar is None else bar.update)
                results.trials.extend(trials)
                results.turned.extend(turned)
        else:
            # "spawn": fresh interpreters, safe whatever threads the notebook's kernel runs.
            context = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(max_workers=min(workers, len(runs)), mp_context=context,
                                     initializer=_start_worker, initargs=(digits, tuple(angles),
                                                                          tuple(test_angles))) as pool:
                pending = {pool.submit(_run_in_worker, setting, seed): setting for setting, seed in runs}
                for done in as_completed(pending):
                    trials, turned = done.result()
                    results.trials.extend(trials)
                    results.turned.extend(turned)
                    if bar is not None:
                        bar.update(pending[done].records(n_train, n_angles))
    finally:
        if bar is not None:
            bar.close()
    results.trials.sort(key=lambda t: (t.rotated, t.learning_rate, t.seed, t.epoch))
    results.turned.sort(key=lambda t: (t.rotated, t.learning_rate, t.seed, t.angle))
    return results


def _progress_bar(progress: bool | str, total: int):  # -> tqdm bar or None
    if not progress:
        return None
    from tqdm.auto import tqdm

    label = progress if isinstance(progress, str) else "rotation experiment"
    return tqdm(total=total, desc=label, unit="record", unit_scale=True, leave=False)


# --------------------------------------------------------------------------- figures


def _white_axes(width: float, height: float, cols: int = 1, rows: int = 1, **options) -> tuple[Figure, np.ndarray]:
    """A white figure and its axes as a flat array (``rows * cols``)."""
    fig, axes = plt.subplots(rows, cols, figsize=(width, height), facecolor="white", squeeze=False,
                             layout="constrained", **options)
    for ax in axes.flat:
        ax.set_facecolor("white")
    return fig, axes.ravel()


def _tidy(ax: plt.Axes) -> None:
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(True, color="#dddddd", lw=0.6)
    ax.set_axisbelow(True)


def _percent(ax: plt.Axes, decimals: int = 1) -> None:
    ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda y, _: f"{100 * y:.{decimals}f}%"))


def _degrees(angle: float) -> str:
    """An angle for a title: "+10°", "−10°" (a true minus sign), "0°"."""
    return "0°" if angle == 0 else f"{angle:+g}°".replace("-", "\u2212")


def turned_copies_figure(pixels: ArrayLike, angles: Sequence[float] = ANGLES) -> Figure:
    """A digit and its turned copies side by side, each titled with its angle and direction."""
    picture = np.asarray(pixels, dtype=np.float64)
    fill = float(picture.min())
    fig, axes = _white_axes(2.1 * (1 + len(angles)), 2.5, 1 + len(angles))
    show_digit(picture, axes[0], title="original")
    for ax, angle in zip(axes[1:], angles):
        way = "anticlockwise" if angle > 0 else "clockwise"
        show_digit(rotate_digit(picture, angle, fill=fill), ax, title=f"{_degrees(angle)} ({way})")
    return fig


def rotation_slider(net: NeuralNetwork, pixels: ArrayLike, label: int,
                    angles: Sequence[float] | None = None) -> InteractiveFigure:
    """An angle slider (default -45..45 degrees in steps of 5) turning one digit, with the network's outputs.

    ``pixels`` is one scaled record ``(784,)``; every frame shows it turned and the ten
    outputs ``net`` gives for the turned picture (answer in blue; the label's node in red
    under the bars when the answer is wrong). The frames are computed when this is built.
    """
    picture = np.asarray(pixels, dtype=np.float64)
    chosen = [float(a) for a in (np.arange(-45, 46, 5) if angles is None else angles)]
    turned = {angle: rotate_digit(picture, angle, fill=float(picture.min())) for angle in chosen}
    outputs = {angle: net.query(turned[angle]) for angle in chosen}

    def draw(angle: float) -> Figure:
        return digit_and_outputs_figure(turned[angle], outputs[angle], title=f"turned {_degrees(angle)}",
                                        label=label)

    def answer(angle: float) -> int:
        return int(np.argmax(outputs[angle]))

    def alt(angle: float) -> str:
        return (f"Left: the handwritten {label} turned {abs(angle):g} degrees "
                f"{'anticlockwise' if angle > 0 else 'clockwise' if angle < 0 else '(not turned)'}. "
                f"Right: the network's ten outputs; the tallest is node {answer(angle)} at "
                f"{outputs[angle][answer(angle)]:.2f}.")

    def caption(angle: float) -> str:
        if answer(angle) == label:
            return (f"Turned {_degrees(angle)}: the network says <b>{label}</b> "
                    f"({outputs[angle][label]:.2f}).")
        return (f"Turned {_degrees(angle)}: the network now says <b>{answer(angle)}</b> "
                f"({outputs[angle][answer(angle)]:.2f}); the {label} gets only {outputs[angle][label]:.2f}.")

    return InteractiveFigure(chosen, draw, label="turn (degrees)", alt=alt, caption=caption,
                             value_format="{:+.0f}", initial=0.0)


_STYLE = {  # (rotated, learning rate) -> colour, marker, line style, label
    (False, 0.1): (BLUE, "o", "-", "no copies, rate 0.1"),
    (True, 0.1): (BLUE, "s", "--", "with turned copies, rate 0.1"),
    (False, 0.01): (ORANGE, "^", "-", "no copies, rate 0.01"),
    (True, 0.01): (VERMILLION, "D", "--", "with turned copies, rate 0.01"),
}


def _style(rotated: bool, rate: float) -> tuple[str, str, str, str]:
    for (r, lr), style in _STYLE.items():
        if r == rotated and np.isclose(lr, rate):
            return style
    return (GREY, "x", ":", f"{'with' if rotated else 'no'} copies, rate {rate:g}")


def rotation_results_figure(results: RotationResults, *, max_epoch: int = 5) -> Figure:
    """Test accuracy of every setting, mean over seeds with the lowest-highest band, drawn two ways.

    Top: against epochs (up to ``max_epoch``), the way results are usually quoted.
    Bottom: against learning steps taken (records seen, in millions), where a rotated
    epoch counts three times. The original book's single runs (those within ``max_epoch``)
    are large hollow markers of the same shape and colour in the top panel. The panels
    are stacked, not side by side, so that they stay readable on a phone.
    """
    fig, (left, right) = _white_axes(6.4, 7.0, 1, 2, sharey=True)
    settings = sorted({(t.rotated, t.learning_rate) for t in results.trials}, key=lambda s: (-s[1], s[0]))
    for rotated, rate in settings:
        colour, marker, line, label = _style(rotated, rate)
        curve = results.curve(rotated, rate)
        steps = np.array(sorted({t.records_seen for t in results.trials
                                 if t.rotated == rotated and np.isclose(t.learning_rate, rate)})) / 1e6
        shown = curve.values <= max_epoch
        for ax, x, keep in ((left, curve.values, shown), (right, steps, np.ones_like(shown))):
            keep = keep.astype(bool)
            if keep.sum() > 1:
                ax.fill_between(x[keep], curve.low[keep], curve.high[keep], color=colour, alpha=0.18, lw=0)
            else:
                ax.vlines(x[keep], curve.low[keep], curve.high[keep], color=colour, lw=3, alpha=0.5)
            ax.plot(x[keep], curve.mean[keep], color=colour, marker=marker, ls=line, lw=1.8, ms=6,
                    label=label if ax is left else None)
    source = [((False, 0.1), 1, SOURCE_ROTATION_RESULTS["plain, rate 0.1, 1 epoch"]),
              ((True, 0.1), 1, SOURCE_ROTATION_RESULTS["rotated, rate 0.1, 1 epoch"]),
              ((True, 0.01), 5, SOURCE_ROTATION_RESULTS["rotated, rate 0.01, 5 epochs"]),
              ((True, 0.01), 10, SOURCE_ROTATION_RESULTS["rotated, rate 0.01, 10 epochs"])]
    for (rotated, rate), epoch, accuracy in source:
        if epoch <= max_epoch:
            colour, marker, _, _ = _style(rotated, rate)
            left.plot([epoch], [accuracy], ls="none", marker=marker, ms=12, mfc="white", mec=colour, mew=2,
                      zorder=3)
    left.plot([], [], ls="none", marker="o", ms=10, mfc="white", mec=GREY, mew=2,
              label="hollow: the original book (one run each)")
    left.set_xlabel("epochs (passes over the training set)")
    left.set_xticks(range(1, max_epoch + 1))
    right.set_xlabel("learning steps taken (millions of records)")
    for ax in (left, right):
        ax.set_ylabel("test accuracy")
        _tidy(ax)
        _percent(ax)
    fig.legend(loc="outside lower center", ncol=2, fontsize=9, frameon=False)
    return fig


def turned_test_figure(results: RotationResults, learning_rate: float) -> Figure:
    """Accuracy on test digits turned by each angle, for networks trained with and without the copies."""
    fig, axes = _white_axes(6.4, 3.6)
    ax = axes[0]
    for rotated in (False, True):
        colour, marker, line, label = _style(rotated, learning_rate)
        curve = results.turned_curve(rotated, learning_rate)
        ax.fill_between(curve.values, curve.low, curve.high, color=colour, alpha=0.18, lw=0)
        ax.plot(curve.values, curve.mean, color=colour, marker=marker, ls=line, lw=1.8, ms=6, label=label)
    ax.axvspan(min(ANGLES), max(ANGLES), color=GREY, alpha=0.12, lw=0,
               label=f"turns seen in training ({_degrees(min(ANGLES))} to {_degrees(max(ANGLES))})")
    ax.set_xlabel("test digits turned by (degrees; + is anticlockwise)")
    ax.set_ylabel("test accuracy")
    _tidy(ax)
    _percent(ax, 0)
    ax.legend(loc="lower center", fontsize=9, frameon=False)
    return fig
