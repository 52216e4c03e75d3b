"""MNIST records as the book uses them: CSV files, scaled inputs and target vectors.

Part 2 of the book teaches reading MNIST from a plain text layout, one record per
line: the label (0..9) and then the 784 grey values (0..255) of the 28 x 28 image,
row by row, all separated by commas, with no header. This module reads and writes
that layout with errors that name the file and line, writes the book's two small
files (the first 100 training and the first 10 test records) from the real data, and
turns records into what the network wants: inputs scaled into 0.01..1.00 and target
vectors of 0.01 with 0.99 at the right label.

Downloading and reading the standard IDX files lives in :mod:`nnbook.mnist`; its
public names are re-exported here so that pages need only ``from nnbook.data import ...``.
This module knows nothing of the network.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

import numpy as np
from numpy.typing import ArrayLike, DTypeLike

from .checks import whole_number
from .files import Writer, atomic_write
from .mnist import (
    DEFAULT_MIRRORS,
    MNIST_FILES,
    IdxFormatError,
    MnistDataError,
    download_mnist,
    load_mnist,
    mnist_cache_dir,
    mnist_mirrors,
    read_idx,
)

__all__ = [
    "DEFAULT_MIRRORS",
    "MNIST_FILES",
    "N_PIXELS",
    "SMALL_FILES",
    "IdxFormatError",
    "MnistDataError",
    "download_mnist",
    "load_mnist",
    "make_targets",
    "mnist_cache_dir",
    "mnist_mirrors",
    "read_csv_records",
    "read_idx",
    "scale_inputs",
    "write_csv_records",
    "write_small_files",
]

N_PIXELS = 28 * 28
"""Grey values per image: 28 rows of 28 pixels."""
N_FIELDS = 1 + N_PIXELS
"""Values per CSV line: the label, then the pixels."""

SMALL_FILES: dict[str, tuple[str, int]] = {
    "train": ("mnist_train_100.csv", 100),
    "test": ("mnist_test_10.csv", 10),
}
"""The book's small data sets: file name and number of leading records, per split."""


# --------------------------------------------------------------------------- CSV


def read_csv_records(path: str | os.PathLike[str]) -> tuple[np.ndarray, np.ndarray]:
    """Read a CSV file of MNIST records into ``(labels, images)``.

    Returns uint8 arrays of shape ``(n,)`` and ``(n, 784)``, the same as
    :func:`load_mnist`, so either source can feed the same code. Blank lines at the
    end are allowed (editors add them); anything else that is not a record raises a
    ``ValueError`` that names the file and the line, so a reader can open the file
    and look.
    """
    path = Path(path)
    name = path.name
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError(f"{name} is not a text file of comma-separated numbers") from None
    lines = text.splitlines()
    while lines and not lines[-1].strip():
        lines.pop()
    if not lines:
        raise ValueError(f"{name} holds no records: the file is empty")
    _refuse_header(lines[0], name)

    for number, line in enumerate(lines, start=1):  # cheap structural checks first
        if not line.strip():
            raise ValueError(f"line {number} of {name} is blank; only the end of the file may have blank lines")
        if line.count(",") != N_FIELDS - 1:
            _parse_record(line, number, name)  # raises the field-count error
    try:
        # numpy's C parser reads the 60,000-line training file in 0.9 s, seven times
        # faster than a Python loop; the loop below runs only to explain a failure.
        # int16 holds every valid value and anything a little out of range, in a
        # quarter of the memory int64 would take (94 MB for the training set).
        rows = np.loadtxt(lines, delimiter=",", dtype=np.int16, comments=None, ndmin=2)
    except (ValueError, OverflowError):
        # Raises for the first bad line; if numpy was merely stricter than int(), this
        # still returns the records.
        rows = np.array([_parse_record(line, n, name) for n, line in enumerate(lines, start=1)], dtype=np.int16)
    labels, pixels = rows[:, 0], rows[:, 1:]
    bad = (labels < 0) | (labels > 9) | (pixels < 0).any(axis=1) | (pixels > 255).any(axis=1)
    if bad.any():
        number = int(np.argmax(bad)) + 1
        _parse_record(lines[number - 1], number, name)  # raises the range error
    return labels.astype(np.uint8), pixels.astype(np.uint8)


def _refuse_header(first_line: str, name: str) -> None:
    """Stop with a clear message when the file starts with a row of column names.

    CSV files from spreadsheets and from Kaggle's copy of MNIST often begin with a
    header such as ``label,1x1,1x2,...``. Reported as a bad number, it would look like
    damaged data; it only needs deleting. A first value with a letter in it can only be
    a name, never a label.
    """
    first = first_line.split(",", 1)[0].strip()
    if any(character.isalpha() for character in first):
        shown = first_line if len(first_line) <= 30 else first_line[:27] + "..."
        raise ValueError(
            f"line 1 of {name} looks like a header row ({shown!r}): remove the header line; "
            "the book's layout starts straight away with the first record's label and pixels"
        )


def _parse_record(line: str, number: int, name: str) -> list[int]:
    """The 785 checked whole numbers of one CSV line (line ``number`` of file ``name``).

    Raises a ``ValueError`` naming the line and file for a wrong number of values,
    something that is not a whole number, or a label or pixel out of range.
    """
    where = f"in line {number} of {name}"
    fields = line.split(",")
    if len(fields) != N_FIELDS:
        raise ValueError(f"expected {N_FIELDS} values (a label and {N_PIXELS} pixels), got {len(fields)} {where}")
    values = []
    for position, field in enumerate(fields):
        try:
            values.append(int(field))
        except ValueError:
            what = "the label" if position == 0 else f"pixel {position}"
            raise ValueError(
                f"{field.strip()!r} is not a whole number ({what}) {where}; "
                "labels and pixels must be written as whole numbers like 0, 7 or 255"
            ) from None
    if not 0 <= values[0] <= 9:
        raise ValueError(f"label {values[0]} is out of range 0..9 {where}")
    for position, value in enumerate(values[1:], start=1):
        if not 0 <= value <= 255:
            raise ValueError(f"pixel value {value} (pixel {position}) is out of range 0..255 {where}")
    return values


def _checked_rows(labels: ArrayLike, images: ArrayLike) -> np.ndarray:
    """Records as one uint8 array ``(n, 785)`` (label, then pixels), after checking them.

    ``images`` may be ``(n, 784)`` or ``(n, 28, 28)``; values must be whole numbers,
    labels 0..9 and pixels 0..255 (raw grey values, not scaled inputs).
    """
    labels = np.asarray(labels)
    images = np.asarray(images)
    if labels.ndim != 1:
        raise ValueError(f"labels must be a 1-D array of shape (n,), got shape {labels.shape}")
    n = len(labels)
    if n == 0:
        raise ValueError("no records to write: labels is empty")
    if images.ndim < 2 or images.shape[0] != n or int(np.prod(images.shape[1:])) != N_PIXELS:
        raise ValueError(
            f"images must have shape ({n}, {N_PIXELS}) or ({n}, 28, 28) to match {n} labels, got shape {images.shape}"
        )
    rows = np.column_stack([labels, images.reshape(n, N_PIXELS)])
    _check_real_numbers(rows, "labels and images")
    if not np.array_equal(rows, np.round(rows)):
        raise ValueError("labels and pixels must be whole numbers (raw grey values 0..255), not scaled inputs")
    if labels.min() < 0 or labels.max() > 9:
        raise ValueError(f"labels must lie in 0..9, found {labels.min() if labels.min() < 0 else labels.max()}")
    pixels = rows[:, 1:]
    if pixels.min() < 0 or pixels.max() > 255:
        raise ValueError(f"pixels must lie in 0..255, found {pixels.min() if pixels.min() < 0 else pixels.max()}")
    return rows.astype(np.uint8)


def _csv_chunks(rows: np.ndarray, chunk: int = 1000) -> Iterator[str]:
    """The CSV text of checked ``rows``, ``chunk`` lines at a time (to keep memory small).

    Every value is a whole number 0..255, so a table of their 256 texts is all the
    formatting needed: about 2 s for the 60,000 training records, against 4.3 s with
    ``np.savetxt``.
    """
    text_of = [str(value) for value in range(256)]
    for start in range(0, len(rows), chunk):
        block = rows[start : start + chunk].tolist()
        yield "".join(",".join(map(text_of.__getitem__, row)) + "\n" for row in block)


def _ascii_writer(pieces: Iterable[str]) -> Writer:
    """A writer for :func:`nnbook.files.atomic_write` that streams text ``pieces`` as ASCII."""

    def write(out: BinaryIO) -> None:
        for piece in pieces:
            out.write(piece.encode("ascii"))

    return write


def write_csv_records(path: str | os.PathLike[str], labels: ArrayLike, images: ArrayLike) -> Path:
    """Write records to ``path`` in the book's CSV layout; return the path.

    ``labels`` has shape ``(n,)`` (0..9) and ``images`` ``(n, 784)`` or ``(n, 28, 28)``
    (whole numbers 0..255). One line per record, ending in a newline. The write is
    atomic: an interrupted call leaves the previous file, never half of a new one
    (see :func:`nnbook.files.atomic_write`).
    """
    path = Path(path)
    atomic_write(path, _ascii_writer(_csv_chunks(_checked_rows(labels, images))))
    return path


def write_small_files(
    folder: str | os.PathLike[str], data_dir: str | os.PathLike[str] | None = None
) -> dict[str, Path]:
    """Write the book's small CSV files into ``folder``; return their paths by split.

    ``mnist_train_100.csv`` holds the first 100 training records and
    ``mnist_test_10.csv`` the first 10 test records, cut from the real MNIST files
    (from the cache in ``data_dir``; see :func:`load_mnist`). They are made on demand
    instead of being stored, so the repository never carries MNIST. A file that
    already holds exactly the right records is not rewritten, which keeps its
    timestamp and lets a read-only copy be used. Returns ``{"train": path, "test": path}``.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    for split, (name, count) in SMALL_FILES.items():
        labels, images = load_mnist(split, limit=count, data_dir=data_dir)
        text = "".join(_csv_chunks(_checked_rows(labels, images)))
        path = folder / name
        if not (path.is_file() and path.read_bytes() == text.encode("ascii")):
            atomic_write(path, text.encode("ascii"))
        paths[split] = path
    return paths


# --------------------------------------------------------------------------- for the network


def _check_real_numbers(values: np.ndarray, what: str) -> None:
    if values.dtype == bool or not (
        np.issubdtype(values.dtype, np.integer) or np.issubdtype(values.dtype, np.floating)
    ):
        raise ValueError(f"{what} must be numbers, got an array of {values.dtype}")


_SCALE_BLOCK = 4096  # rows scaled at a time by scale_inputs


def scale_inputs(pixels: ArrayLike, dtype: DTypeLike = np.float64) -> np.ndarray:
    """Map grey values 0..255 to network inputs 0.01..1.00: ``p / 255 * 0.99 + 0.01``.

    Why not leave them 0..255? Large inputs push the sigmoid into its flat ends,
    where its slope (and so learning) almost vanishes. Why not 0..1? An input of
    exactly 0 multiplies its weights by zero, so those weights could never learn;
    0.01 keeps every input alive. The top may be 1.00: only *outputs* must stay
    below 1. Works on any shape (one image ``(784,)``, many ``(n, 784)``, or a single
    number) and returns the same shape as ``dtype`` (float64 unless told otherwise).
    Values outside 0..255 (or NaN) raise a ``ValueError``: they are not raw pixels.
    """
    values = np.asarray(pixels)
    _check_real_numbers(values, "pixels")
    outside = ~((values >= 0) & (values <= 255))
    if outside.any():
        index = tuple(int(i) for i in np.argwhere(outside)[0])
        found = values[index] if index else values[()]
        where = f" at index {index}" if index else ""
        raise ValueError(
            f"pixel values must lie in 0..255, found {found}{where}; "
            "pass the raw grey values (0 = background, 255 = full ink)"
        )
    if values.ndim < 2:
        scaled = (values / 255.0 * 0.99 + 0.01).astype(dtype)
        return scaled[()] if scaled.ndim == 0 else scaled
    # Many images: a block of rows at a time, so that the float64 arithmetic never holds more
    # than one block. All of MNIST as float32 then peaks near its own 188 MB, not 1 GB and more
    # (which matters on a small Raspberry Pi); each value is the same as in one go.
    scaled = np.empty(values.shape, dtype=dtype)
    for start in range(0, len(values), _SCALE_BLOCK):
        block = values[start : start + _SCALE_BLOCK]
        scaled[start : start + _SCALE_BLOCK] = block / 255.0 * 0.99 + 0.01
    return scaled


def make_targets(
    labels: ArrayLike,
    n_classes: int = 10,
    low: float = 0.01,
    high: float = 0.99,
    dtype: DTypeLike = np.float64,
) -> np.ndarray:
    """Target output vectors: ``low`` everywhere except ``high`` at each label's position.

    The network's sigmoid outputs can never reach 0 or 1, so asking for them would
    push the weights ever larger; 0.01 and 0.99 are reachable. One label (an int)
    gives shape ``(n_classes,)``; an array of ``n`` labels gives ``(n, n_classes)``.
    Labels must be whole numbers in ``0..n_classes - 1``.
    """
    n_classes = whole_number(n_classes, "n_classes")
    values = np.asarray(labels)
    _check_real_numbers(values, "labels")
    if values.ndim > 1:
        raise ValueError(f"labels must be one label or a 1-D array of shape (n,), got shape {values.shape}")
    if not np.array_equal(values, np.round(values)):
        raise ValueError(f"labels must be whole numbers, got {labels!r}")
    outside = (values < 0) | (values >= n_classes)
    if outside.any():
        found = values[outside].flat[0]
        raise ValueError(f"label {found} is out of range 0..{n_classes - 1}")
    targets = np.full(values.shape + (n_classes,), low, dtype=dtype)
    np.put_along_axis(targets, values.astype(np.intp)[..., np.newaxis], high, axis=-1)
    return targets
