"""The figures of Part 2's experiments: accuracy against learning rate, epochs and hidden nodes."""

from __future__ import annotations

import math
from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

from nnbook.checks import whole_number
from nnbook.experiments.runner import SOURCE_RESULTS, Summary
from nnbook.figures.colours import (
    BLACK,
    BLUE,
    GREEN,
    GREY,
    ORANGE,
    ORANGE_TEXT,
    SKY,
    VERMILLION,
)
from nnbook.figures.style import new_figure, tidy_axes

__all__ = [
    "benchmark_figure",
    "block_means",
    "data_split_figure",
    "epochs_figure",
    "hidden_nodes_figure",
    "learning_curve_figure",
    "learning_rate_figure",
    "overfitting_figure",
    "squared_errors_figure",
]

# --------------------------------------------------------------------------- figures


def _new_axes(width: float = 6.0, height: float = 4.0) -> tuple[Figure, plt.Axes]:
    """One gridded graph, laid out by matplotlib so that a legend below it fits ("outside lower center")."""
    fig, ax = new_figure(width, height, layout="constrained")
    tidy_axes(ax, grid="both")
    return fig, ax


def _as_percent(fraction: float, _position: int | None = None) -> str:
    """A tick label in per cent with as few decimals as the value needs (0, 1 or 2): 97%, 96.5%, 96.25%."""
    percent = 100 * fraction
    for decimals in (0, 1):
        if abs(percent - round(percent, decimals)) < 1e-6:
            return f"{percent:.{decimals}f}%"
    return f"{percent:.2f}%"


def _percent_axis(ax: plt.Axes) -> None:
    """Label a 0..1 accuracy axis in per cent."""
    ax.yaxis.set_major_formatter(plt.FuncFormatter(_as_percent))


def _draw_summary(
    ax: plt.Axes, summary: Summary, colour: str, marker: str, label: str, scale: float = 1.0, linestyle: str = "-"
) -> None:
    """Mean as a line with markers, the min-max band shaded, each seed's result as a small dot."""
    x = summary.values
    ax.fill_between(x, summary.low * scale, summary.high * scale, color=colour, alpha=0.2, lw=0)
    for s in range(summary.runs.shape[1]):
        ax.plot(x, summary.runs[:, s] * scale, ls="none", marker=".", ms=4, color=colour, alpha=0.7)
    ax.plot(x, summary.mean * scale, color=colour, marker=marker, ms=6, lw=2, ls=linestyle, label=label)


def _draw_source(ax: plt.Axes, points: Mapping[float, float], label: str) -> None:
    xs = sorted(points)
    ax.plot(xs, [points[x] for x in xs], ls="none", marker="D", ms=7, mfc="none", mec=BLACK, mew=1.4, label=label)


def learning_rate_figure(
    summary: Summary,
    source: Mapping[float, float] | None = None,
    *,
    original_rule: Summary | None = None,
    scored_on: str = "validation",
) -> Figure:
    """Accuracy against learning rate: our mean over seeds (line), spread (band, dots), the book's runs (diamonds).

    ``original_rule``, if given, adds runs whose starting weights follow the original
    program's rule, as orange squares with bars from the lowest to the highest seed.
    """
    source = SOURCE_RESULTS["learning_rate"] if source is None else source
    fig, ax = _new_axes(height=4.3)
    n = len(summary.seeds)
    _draw_summary(ax, summary, BLUE, "o", f"our runs: mean of {n} seeds, band from lowest to highest")
    if original_rule is not None:
        mean = original_rule.mean
        ax.errorbar(
            original_rule.values,
            mean,
            yerr=[mean - original_rule.low, original_rule.high - mean],
            ls="none",
            marker="s",
            ms=6,
            color=ORANGE,
            capsize=4,
            lw=1.5,
            label="our runs with the original program's starting weights",
        )
    _draw_source(ax, source, "the original book (one run each)")
    rate, mean = summary.best()
    ax.annotate(
        f"best mean: {100 * mean:.2f}% at {rate:g}",
        xy=(rate, mean),
        xytext=(0, 14),
        textcoords="offset points",
        ha="center",
        fontsize=10,
        color=BLUE,
    )
    low, high = ax.get_ylim()
    ax.set_ylim(low, high + 0.12 * (high - low))  # room for the label above the best point
    ax.set_xlabel("learning rate")
    ax.set_ylabel(f"{scored_on} accuracy (10,000 digits)")
    ax.set_xlim(0, max(summary.values.max(), max(source)) * 1.05)
    _percent_axis(ax)
    fig.legend(loc="outside lower center", fontsize=10, frameon=False)  # below, clear of the points
    return fig


_RATE_STYLES = ((BLUE, "o", "-"), (ORANGE, "s", "--"), (VERMILLION, "^", ":"), (SKY, "v", "-."))


def epochs_figure(
    summaries: Mapping[float, Summary],
    source: Mapping[float, Mapping[int, float]] | None = None,
    *,
    scored_on: str = "validation",
    training_records: int = 50_000,
) -> Figure:
    """Accuracy after each epoch, one line (and min-max band) per learning rate; the book's points as outlines."""
    source = SOURCE_RESULTS["epochs"] if source is None else source
    fig, ax = _new_axes()
    for (rate, summary), (colour, marker, style) in zip(summaries.items(), _RATE_STYLES):
        _draw_summary(
            ax, summary, colour, marker, f"learning rate {rate:g} (mean of {len(summary.seeds)} seeds)", linestyle=style
        )
    for (rate, points), (colour, marker, _) in zip(source.items(), _RATE_STYLES[: len(source)]):
        if rate in summaries:
            colour, marker, _ = _RATE_STYLES[list(summaries).index(rate)]
        xs = sorted(points)
        ax.plot(
            xs,
            [points[x] for x in xs],
            ls="none",
            marker=marker,
            ms=11,
            mfc="none",
            mec=colour,
            mew=1.6,
            label=f"original book, rate {rate:g} (one run)",
        )
    ax.set_xlabel(f"epochs (passes over the {training_records:,} training digits)")
    ax.set_ylabel(f"{scored_on} accuracy")
    all_epochs = np.concatenate([s.values for s in summaries.values()])
    ax.set_xticks(np.arange(1, int(all_epochs.max()) + 1))
    _percent_axis(ax)
    ax.legend(loc="lower right", fontsize=10, frameon=False)
    return fig


def overfitting_figure(
    test: Mapping[float, Summary], seen: Mapping[float, Summary], *, scored_on: str = "validation"
) -> Figure:
    """Per learning rate: mean accuracy on training records already learned (dashed) and on held-out records (solid)."""
    fig, ax = _new_axes()
    for (rate, summary), (colour, marker, _) in zip(test.items(), _RATE_STYLES):
        ax.plot(
            summary.values,
            summary.mean,
            color=colour,
            marker=marker,
            lw=2,
            label=f"rate {rate:g}: new digits ({scored_on} set)",
        )
        ax.plot(
            seen[rate].values,
            seen[rate].mean,
            color=colour,
            marker=marker,
            mfc="white",
            lw=1.6,
            ls="--",
            label=f"rate {rate:g}: digits it learned from",
        )
    ax.set_xlabel("epochs")
    ax.set_ylabel(f"accuracy (mean of {len(next(iter(test.values())).seeds)} seeds)")
    ax.set_xticks(next(iter(test.values())).values)
    _percent_axis(ax)
    ax.legend(loc="lower right", fontsize=10, frameon=False)
    return fig


def hidden_nodes_figure(
    accuracy: Mapping[int, Summary],
    seconds: Summary,
    source: Mapping[int, float] | None = None,
    *,
    source_label: str = "the original book (one run each, 5 epochs)",
    scored_on: str = "validation",
) -> Figure:
    """Two panels over the hidden-layer size (log scale): test accuracy and training seconds per epoch.

    ``accuracy`` maps a number of epochs to the summary after that many epochs (one line
    each, the last one drawn strongest); ``seconds`` is the time of one epoch, wall-clock
    (column ``"seconds"``) or processor time (``"cpu_seconds"``), as its label says.
    """
    source = SOURCE_RESULTS["hidden_nodes"] if source is None else source
    fig, (top, bottom) = new_figure(6.0, 6.4, 2, 1, sharex=True, layout="constrained", height_ratios=(3, 2))
    for ax in (top, bottom):
        tidy_axes(ax, grid="both")
        ax.set_xscale("log")
    styles = [(SKY, "v", ":"), (GREY, "^", "--"), (BLUE, "o", "-")]
    for (epochs, summary), (colour, marker, line) in zip(accuracy.items(), styles[-len(accuracy) :]):
        _draw_summary(
            top,
            summary,
            colour,
            marker,
            f"after {epochs} epoch{'s' if epochs > 1 else ''} (mean of {len(summary.seeds)} seeds)",
            linestyle=line,
        )
    _draw_source(top, source, source_label)
    top.set_ylabel(f"{scored_on} accuracy")
    _percent_axis(top)
    top.legend(loc="lower right", fontsize=10, frameon=False)
    what = "processor seconds" if seconds.column == "cpu_seconds" else "seconds"
    _draw_summary(bottom, seconds, ORANGE, "s", f"{what} per epoch")
    bottom.set_ylabel(f"{what} to train\none epoch (mean)")
    bottom.set_xlabel("hidden nodes (log scale)")
    bottom.set_ylim(0, seconds.high.max() * 1.1)
    ticks = seconds.values
    bottom.set_xticks(ticks)
    bottom.set_xticklabels([f"{v:g}" for v in ticks])
    bottom.minorticks_off()
    return fig


def squared_errors_figure(squared_errors: ArrayLike, bin_width: float = 0.1) -> Figure:
    """Histogram of each record's squared error while learning, with the share in the first bin written on it."""
    values = np.asarray(squared_errors, dtype=float)
    if values.ndim != 1 or values.size == 0:
        raise ValueError(f"expected a 1-D array with one squared error per record, got shape {values.shape}")
    top = max(bin_width, math.ceil(values.max() / bin_width) * bin_width)
    edges = np.arange(0.0, top + bin_width / 2, bin_width)
    fig, ax = _new_axes(height=3.8)
    counts, _, _ = ax.hist(values, bins=edges, color=BLUE, edgecolor="white")
    ax.set_yscale("log")
    first = int(counts[0])
    ax.annotate(
        f"{first:,} of {values.size:,} records ({100 * first / values.size:.0f}%)\nhad an error below {bin_width:g}",
        xy=(bin_width / 2, first),
        xytext=(0.35, 0.92),
        textcoords="axes fraction",
        va="top",
        fontsize=10,
        color=ORANGE_TEXT,
        arrowprops={"arrowstyle": "->", "color": GREY},
    )
    ax.set_xlabel("squared error of one record: sum over the 10 outputs of (target − output)²")
    ax.set_ylabel("number of records (log scale)")
    ax.set_xlim(0, top)
    return fig


def block_means(values: ArrayLike, block: int) -> np.ndarray:
    """Means of consecutive blocks of ``block`` values (the last block may be shorter), shape ``(ceil(n / block),)``."""
    data = np.asarray(values, dtype=float)
    block = whole_number(block, "block")
    if data.ndim != 1 or data.size == 0:
        raise ValueError(f"expected a 1-D array of at least one value, got shape {data.shape}")
    starts = np.arange(0, data.size, block)
    return np.add.reduceat(data, starts) / np.diff(np.append(starts, data.size))


def learning_curve_figure(squared_errors: ArrayLike, block: int = 1000) -> Figure:
    """Mean squared error of each block of ``block`` records, in the order the network met them."""
    means = block_means(squared_errors, block)
    seen = np.minimum(np.arange(1, means.size + 1) * block, np.asarray(squared_errors).size)
    fig, ax = _new_axes(height=3.6)
    ax.plot(seen, means, color=VERMILLION, marker="o", ms=3.5, lw=1.8)
    ax.set_ylim(0, means.max() * 1.08)
    ax.set_xlabel("training records seen so far")
    ax.set_ylabel(f"mean squared error\nof each {block:,} records")
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda x, _: f"{x:,.0f}"))
    ax.set_xlim(0, seen[-1] * 1.02)
    return fig


def data_split_figure(n_train: int = 60_000, n_validation: int = 10_000, n_test: int = 10_000) -> Figure:
    """Two bars of records: the training file cut into learning and validation parts, and the test file apart.

    Shows why there are three sets: the network learns from the first part, settings are
    chosen by the validation part, and the test file is opened again only once, for the final score.
    """
    fig, ax = new_figure(6.4, 2.4, layout="constrained")
    tidy_axes(ax, hide=("top", "right", "left"))
    learn = n_train - n_validation
    rows = [
        (1, [(0, learn, BLUE, f"learn from\n{learn:,}"), (learn, n_validation, ORANGE, f"{n_validation:,}")]),
        (0, [(0, n_test, GREEN, f"test\n{n_test:,}")]),
    ]
    for y, parts in rows:
        for start, width, colour, text in parts:
            ax.barh(y, width, left=start, height=0.6, color=colour, edgecolor="white", lw=2)
            ink = BLACK if colour == ORANGE else "white"
            ax.text(start + width / 2, y, text, ha="center", va="center", fontsize=10, color=ink, weight="bold")
    ax.text(learn + n_validation / 2, 1.38, "validation", ha="center", fontsize=10, color=ORANGE_TEXT)
    ax.text(learn + n_validation + 1500, 1, "choose the settings", va="center", fontsize=10, color=ORANGE_TEXT)
    ax.text(n_test + 1500, 0, "opened again only once, for the final score", va="center", fontsize=10, color=GREEN)
    ax.set_yticks([1, 0], ["training file", "test file"])
    ax.set_xlim(0, n_train * 1.45)
    ax.set_ylim(-0.5, 1.6)
    ax.set_xlabel("records")
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda value, _: f"{value:,.0f}"))
    ax.set_xticks([0, learn, n_train])
    ax.tick_params(axis="y", length=0)
    return fig


def benchmark_figure(ours: float, book: float | None = None, lecun: float | None = None) -> Figure:
    """Horizontal bars: our one-epoch accuracy, the original book's, and the simplest network in LeCun's table.

    The bars start at 90% so that differences of tenths of a per cent show; the axis says so.
    """
    book = SOURCE_RESULTS["full"] if book is None else book
    lecun = SOURCE_RESULTS["lecun_simplest_network"] if lecun is None else lecun
    rows = [
        ("LeCun's table: simplest\nneural network (300 hidden)", lecun, GREY),
        ("the original book\n(one run)", book, ORANGE),
        ("our network\n(one run)", ours, BLUE),
    ]
    fig, ax = new_figure(6.0, 2.8, layout="constrained")
    tidy_axes(ax, grid="x")
    floor = 0.90
    for y, (_name, value, colour) in enumerate(rows):
        ax.barh(y, value - floor, left=floor, height=0.6, color=colour)
        ax.text(value + 0.0007, y, f"{100 * value:.1f}%", va="center", fontsize=10, color=BLACK)
    ax.set_yticks(range(len(rows)), [name for name, _, _ in rows])
    ax.set_xlim(floor, 0.97)
    ax.xaxis.set_major_formatter(plt.FuncFormatter(_as_percent))
    ax.set_xlabel("test accuracy (the axis starts at 90%)")
    return fig
