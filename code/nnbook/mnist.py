"""Getting MNIST onto the reader's disk and into numpy arrays.

The book never ships MNIST. A reader's machine fetches the four standard gzipped IDX
files once from public mirrors, checks each one against the MD5 of its *decompressed*
bytes (mirrors wrap the same bytes in different gzip files, so the .gz checksum would
reject good copies) and keeps them in a cache folder. Every later load checks the
checksum again, because it costs about 0.06 s for the largest file and it turns a
damaged cache into a clear message instead of a network that quietly learns from junk.

Where the cache lives, in order of preference:

1. the ``data_dir=`` argument of the functions below;
2. the environment variable ``NNBOOK_DATA_DIR``;
3. ``<repo>/data/cache/mnist`` when this package sits inside the book's repository;
4. ``$XDG_CACHE_HOME/nnbook/mnist`` (usually ``~/.cache/nnbook/mnist``).

The cache may be read-only (CI points it at a shared copy): nothing is written to it
while the files in it are present and valid. It may also be shared by several people
or processes: files are written with the permissions the umask gives, and a damaged
file is repaired by one process at a time (see :func:`nnbook.files.exclusive_lock`).

Each download has two limits: ``timeout`` seconds of silence, and a total deadline
(by default enough for a 16 kB/s line, about 11 minutes for the largest file), after
which the next mirror is tried.
"""

from __future__ import annotations

import gzip
import hashlib
import http.client
import os
import sys
import time
import urllib.error
import urllib.request
import warnings
import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

import numpy as np

from . import browser
from .checks import positive_number, whole_number
from .files import atomic_write, exclusive_lock

__all__ = [
    "DEFAULT_MIRRORS",
    "MNIST_FILES",
    "IdxFormatError",
    "MnistDataError",
    "download_mnist",
    "load_mnist",
    "mnist_cache_dir",
    "mnist_mirrors",
    "read_idx",
]


class MnistFile(NamedTuple):
    """What a good copy of one MNIST file decompresses to."""

    md5: str
    """MD5 of the decompressed bytes (hex)."""
    size: int
    """Length of the decompressed bytes: the IDX header plus one byte per value."""
    packed: int
    """About how many bytes the .gz file is (mirrors differ a little); sets the download deadline."""


MNIST_FILES: dict[str, MnistFile] = {
    "train-images-idx3-ubyte.gz": MnistFile("6bbc9ace898e44ae57da46a324031adb", 16 + 60_000 * 28 * 28, 9_912_422),
    "train-labels-idx1-ubyte.gz": MnistFile("a25bea736e30d166cdddb491f175f624", 8 + 60_000, 28_881),
    "t10k-images-idx3-ubyte.gz": MnistFile("2646ac647ad5339dbf082846283269ea", 16 + 10_000 * 28 * 28, 1_648_877),
    "t10k-labels-idx1-ubyte.gz": MnistFile("27ae3e4e09519cfbb04c329615203637", 8 + 10_000, 4_542),
}
"""The four standard files, by name, with the checksum and size of their contents."""

SPLIT_FILES: dict[str, tuple[str, str]] = {
    "train": ("train-labels-idx1-ubyte.gz", "train-images-idx3-ubyte.gz"),
    "test": ("t10k-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz"),
}
"""(labels file, images file) for each split."""

DEFAULT_MIRRORS: tuple[str, ...] = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",  # the copy torchvision uses
    "https://storage.googleapis.com/cvdf-datasets/mnist/",  # the copy TensorFlow uses
    "http://yann.lecun.com/exdb/mnist/",  # the original site, often refuses downloads
)
"""Base URLs tried in order; each serves the four files under their standard names."""

MIRRORS_ENV = "NNBOOK_MNIST_MIRRORS"
DATA_DIR_ENV = "NNBOOK_DATA_DIR"
DEADLINE_ENV = "NNBOOK_DOWNLOAD_DEADLINE"
DEFAULT_TIMEOUT = 30.0
"""Seconds to wait for a connection or for the next piece of a download."""
SLOWEST_LINE = 16_000
"""Bytes per second of the slowest connection a download should still finish on (about
128 kbit/s, a poor mobile signal): the largest file then takes about 10 minutes."""
CONNECT_ALLOWANCE = 60.0
"""Seconds added to every deadline for finding and connecting to the mirror."""

IDX_MAGIC = {0x00000801: "labels", 0x00000803: "images"}
"""IDX magic numbers we read: unsigned bytes with 1 dimension (labels) or 3 (images)."""

_GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 1 << 16
_GZIP_SLACK = 1 << 16
"""A gzip file is at most a little larger than its contents; more means a wrong file."""


class IdxFormatError(ValueError):
    """A file or byte string is not a complete, well-formed IDX file (or its gzip is broken)."""


class MnistDataError(OSError):
    """The MNIST files cannot be had: every mirror failed, or the cache holds a bad file."""


# --------------------------------------------------------------------------- where


def _repo_root() -> Path | None:
    """The book's repository when this package is used from a checkout of it, else None.

    The package lives in ``<repo>/code/nnbook``; the repository is recognised by its
    table of contents or its data README, so an installed copy in site-packages never
    mistakes some unrelated folder for the book.
    """
    root = Path(__file__).resolve().parents[2]
    if (root / "_toc.yml").is_file() or (root / "data" / "README.md").is_file():
        return root
    return None


def mnist_cache_dir(data_dir: str | os.PathLike[str] | None = None) -> Path:
    """The folder that holds (or will hold) the four MNIST .gz files.

    ``data_dir`` wins, then ``NNBOOK_DATA_DIR``, then ``<repo>/data/cache/mnist``
    inside the book's repository, then the per-user cache. The folder is not created
    here: a read-only cache must stay untouched.
    """
    if data_dir is not None:
        return Path(data_dir).expanduser()
    from_env = os.environ.get(DATA_DIR_ENV, "").strip()
    if from_env:
        return Path(from_env).expanduser()
    repo = _repo_root()
    if repo is not None:
        return repo / "data" / "cache" / "mnist"
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "nnbook" / "mnist"


def mnist_mirrors(mirrors: str | Iterable[str] | None = None) -> list[str]:
    """The base URLs to try, in order, each ending in ``/``.

    ``mirrors`` wins (a list, or one comma-separated string), then the environment
    variable ``NNBOOK_MNIST_MIRRORS`` (comma-separated), then :data:`DEFAULT_MIRRORS`.
    Tests use this to point the real download code at a server on 127.0.0.1.
    """
    if mirrors is None:
        mirrors = os.environ.get(MIRRORS_ENV, "").strip() or DEFAULT_MIRRORS
    if isinstance(mirrors, str):
        mirrors = mirrors.split(",")
    bases = [m.strip() for m in mirrors if m.strip()]
    if not bases:
        raise ValueError(f"no MNIST mirror given; pass base URLs or set {MIRRORS_ENV}")
    return [base if base.endswith("/") else base + "/" for base in bases]


# --------------------------------------------------------------------------- IDX


def _gunzip(data: bytes, where: str, max_size: int | None = None) -> bytes:
    """Decompress gzip ``data``, turning every way it can be broken into one clear error.

    ``max_size`` (bytes) stops a wrong or hostile file from filling the memory: the
    decompressed contents may not be longer than that.
    """
    try:
        if max_size is None:
            return gzip.decompress(data)
        inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)  # gzip header and CRC
        out = inflater.decompress(data, max_size + 1)
        if len(out) > max_size:
            raise IdxFormatError(f"{where} decompresses to more than the expected {max_size} bytes")
        if not inflater.eof:
            raise EOFError
        if inflater.unused_data.strip(b"\x00"):
            raise IdxFormatError(f"{where} has unexpected bytes after the end of its gzip data")
        return out
    except EOFError:
        raise IdxFormatError(
            f"{where} is a truncated gzip file: it ends before the compressed data does (an interrupted download?)"
        ) from None
    except (gzip.BadGzipFile, zlib.error, OSError) as err:
        raise IdxFormatError(f"{where} is not a valid gzip file ({err})") from None


def read_idx(source: str | os.PathLike[str] | bytes | bytearray | memoryview) -> np.ndarray:
    """Read an IDX file (gzipped or not) into a uint8 array shaped as its header says.

    MNIST's own format is tiny: a 4-byte big-endian magic number (0x00000801 for
    labels, 0x00000803 for images; the 3rd byte 0x08 means unsigned bytes, the 4th
    the number of dimensions), one 4-byte big-endian size per dimension, then the
    values row by row. Labels come back with shape ``(n,)``, images ``(n, 28, 28)``.

    ``source`` is a path or the file's bytes; gzip is recognised by its first two
    bytes, not by the name. A wrong magic number, a short header, fewer or more
    values than the sizes promise, or a broken gzip raise :class:`IdxFormatError`
    naming the file and the problem.
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        where, data = "the IDX data", bytes(source)
    else:
        where, data = str(source), Path(source).read_bytes()
    if data[:2] == _GZIP_MAGIC:
        data = _gunzip(data, where)
    return _parse_idx(data, where)


def _parse_idx(data: bytes, where: str) -> np.ndarray:
    """Check the header of decompressed IDX ``data`` and view its values as an array."""
    if len(data) < 4:
        raise IdxFormatError(f"{where} is too short to be an IDX file ({len(data)} bytes, no magic number)")
    magic = int.from_bytes(data[:4], "big")
    if magic not in IDX_MAGIC:
        raise IdxFormatError(
            f"{where} has the wrong magic number 0x{magic:08x}: expected 0x00000801 (labels) "
            "or 0x00000803 (images); is it an MNIST IDX file?"
        )
    ndim = data[3]
    header = 4 + 4 * ndim
    if len(data) < header:
        raise IdxFormatError(
            f"{where} is truncated: its header should hold {ndim} sizes ({header} bytes) "
            f"but the data is only {len(data)} bytes long"
        )
    dims = tuple(int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim))
    expected = int(np.prod(dims))
    found = len(data) - header
    shape = " x ".join(str(d) for d in dims)
    if found < expected:
        raise IdxFormatError(
            f"{where} is truncated: its header promises {shape} = {expected} values, "
            f"but only {found} bytes follow the header"
        )
    if found > expected:
        raise IdxFormatError(
            f"{where} has a size mismatch: its header promises {shape} = {expected} values, "
            f"but {found} bytes follow the header"
        )
    return np.frombuffer(data, dtype=np.uint8, count=expected, offset=header).reshape(dims).copy()


# --------------------------------------------------------------------------- checking


def _checked_contents(data: bytes, name: str, where: str) -> bytes:
    """The decompressed bytes of MNIST file ``name``, or IdxFormatError if they are not the real ones."""
    info = MNIST_FILES[name]
    raw = _gunzip(data, where, max_size=info.size)
    digest = hashlib.md5(raw).hexdigest()
    if digest != info.md5:
        raise IdxFormatError(
            f"{where} failed its checksum: the MD5 of its decompressed contents is {digest}, expected {info.md5}"
        )
    return raw


def _aside_path(path: Path) -> Path:
    """A free name beside ``path`` to move a bad file to, so nothing is overwritten or lost."""
    candidate = path.with_name(path.name + ".corrupt")
    number = 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.name}.corrupt{number}")
    return candidate


def _bad_cache_error(path: Path, problem: IdxFormatError, why_stuck: str) -> MnistDataError:
    return MnistDataError(
        f"bad MNIST file in the cache: {problem}. {why_stuck} Delete it (or replace it with a "
        f"good copy of {path.name}) and load again, or set {DATA_DIR_ENV} to another folder."
    )


def _cached_contents(
    name: str,
    folder: Path,
    download: bool,
    mirrors: str | Iterable[str] | None,
    timeout: float,
    deadline: float | None,
) -> bytes:
    """The verified decompressed bytes of ``name``, downloading it first if it is missing or bad."""
    path = folder / name
    if path.is_file():
        try:
            return _checked_contents(path.read_bytes(), name, str(path))
        except IdxFormatError as problem:
            if not download:
                raise _bad_cache_error(path, problem, "Downloading is switched off (download=False).") from None
        return _repair(name, folder, mirrors, timeout, deadline)
    if not download:
        raise MnistDataError(
            f"the MNIST file {name} is not in {folder} and downloading is switched off "
            f"(download=False). Put the four MNIST .gz files there ({', '.join(MNIST_FILES)}), "
            f"or set {DATA_DIR_ENV} to a folder that holds them."
        )
    return _download_file(name, folder, mnist_mirrors(mirrors), timeout, deadline)


def _repair(
    name: str, folder: Path, mirrors: str | Iterable[str] | None, timeout: float, deadline: float | None
) -> bytes:
    """Replace the bad cache file ``name`` with a fresh download, one process at a time.

    Two notebooks (or a notebook and a terminal) can find the same bad file at once.
    Under the lock they take turns, and whoever comes second looks at the file again and
    finds it already repaired. Where no lock can be had, looking again still catches most
    races, and a file that vanished before it could be moved aside is simply downloaded.
    """
    path = folder / name
    with exclusive_lock(folder / f".{name}.lock"):
        if path.is_file():
            try:
                return _checked_contents(path.read_bytes(), name, str(path))
            except IdxFormatError as problem:
                _move_aside(path, problem)
        return _download_file(name, folder, mnist_mirrors(mirrors), timeout, deadline)


def _move_aside(path: Path, problem: IdxFormatError) -> None:
    """Rename a bad cache file to ``<name>.corrupt`` (keeping it for a look) and say so."""
    aside = _aside_path(path)
    try:
        os.replace(path, aside)
    except FileNotFoundError:
        return  # another process moved it first; a fresh download follows either way
    except OSError as move_err:
        raise _bad_cache_error(
            path, problem, f"It cannot be moved aside to download a new copy ({move_err.strerror})."
        ) from None
    warnings.warn(
        f"bad MNIST file in the cache: {problem}; moved it aside to {aside.name} and downloading a fresh copy",
        stacklevel=5,  # the reader's call of load_mnist or download_mnist
    )


# --------------------------------------------------------------------------- download


class _TooSlow(OSError):
    """A mirror is sending, but too slowly to finish before the deadline."""


def _fetch(url: str, limit: int, timeout: float, deadline: float) -> bytes:
    """The body at ``url``; raise on any short or odd reply, or when it takes over ``deadline`` seconds.

    ``timeout`` bounds each wait for the server, ``deadline`` the whole download: a
    server that trickles a few bytes just before each timeout would otherwise keep the
    reader waiting for hours. The deadline is checked after every piece, so it can be
    overrun by at most one ``timeout``.
    """
    if browser.IN_BROWSER:  # in a web page: the browser fetches, from the page's own site
        return browser.fetch_bytes(url, limit=limit)
    started = time.monotonic()
    request = urllib.request.Request(url, headers={"User-Agent": "nnbook (MNIST downloader)"})
    pieces: list[bytes] = []
    received = 0
    with urllib.request.urlopen(request, timeout=timeout) as response:
        declared = response.headers.get("Content-Length")
        while chunk := response.read1(_CHUNK):  # whatever has arrived, so the clock is checked often
            received += len(chunk)
            if received > limit:
                raise IdxFormatError(f"the server sent more than {limit} bytes, far more than this file needs")
            pieces.append(chunk)
            _check_pace(received, declared, time.monotonic() - started, deadline)
    if declared is not None and declared.isdigit() and received != int(declared):
        raise IdxFormatError(f"the download was cut short: received {received} of {declared} bytes")
    return b"".join(pieces)


def _check_pace(received: int, declared: str | None, elapsed: float, deadline: float) -> None:
    """Raise :class:`_TooSlow` once a download has run past its deadline."""
    if elapsed <= deadline:
        return
    of_total = f" of {int(declared):,}" if declared is not None and declared.isdigit() else ""
    raise _TooSlow(
        f"too slow: received {received:,}{of_total} bytes in {elapsed:.1f} s, past the deadline of "
        f"{deadline:g} s (set {DEADLINE_ENV} to a number of seconds to wait longer)"
    )


def _checked_limits(timeout: float, deadline: float | None) -> tuple[float, float | None]:
    """Check the two time limits before anything else happens (``None``: the usual deadline)."""
    return positive_number(timeout, "timeout"), None if deadline is None else positive_number(deadline, "deadline")


def _deadline_for(name: str, deadline: float | None) -> float:
    """Seconds the download of ``name`` may take in all: the argument, then the environment, then the default.

    The default lets a :data:`SLOWEST_LINE` connection finish: a slow line that works is
    worth waiting for, a stalled one is not.
    """
    if deadline is not None:
        return positive_number(deadline, "deadline")
    from_env = os.environ.get(DEADLINE_ENV, "").strip()
    if not from_env:
        return CONNECT_ALLOWANCE + MNIST_FILES[name].packed / SLOWEST_LINE
    try:
        return positive_number(float(from_env), DEADLINE_ENV)
    except ValueError:
        raise ValueError(f"{DEADLINE_ENV} must be a number of seconds above 0, got {from_env!r}") from None


def _describe(err: BaseException) -> str:
    """A short reason for a failed mirror, in words a reader can act on."""
    if isinstance(err, urllib.error.HTTPError):
        return f"HTTP error {err.code} {err.reason}"
    if isinstance(err, urllib.error.URLError):
        reason = err.reason
        return f"cannot connect ({reason.strerror if isinstance(reason, OSError) and reason.strerror else reason})"
    if isinstance(err, _TooSlow):
        return str(err)
    if isinstance(err, TimeoutError):
        return "timed out"
    if isinstance(err, IdxFormatError):
        return f"served a bad file: {err}"
    return f"{type(err).__name__}: {err}"


def _download_file(name: str, folder: Path, mirrors: Sequence[str], timeout: float, deadline: float | None) -> bytes:
    """Fetch ``name`` from the first mirror that serves a good copy; return its decompressed bytes.

    Each copy is downloaded into memory (at most 10 MB) and checked there, and only a
    good copy is written to the cache, atomically (:func:`nnbook.files.atomic_write`).
    A failed, interrupted, stopped or tampered download therefore never leaves a file
    behind, neither a bad one that a later load would trust nor a temporary one.
    """
    info = MNIST_FILES[name]
    seconds = _deadline_for(name, deadline)
    _writable_folder(folder)
    failures: list[str] = []
    for number, base in enumerate(mirrors, start=1):
        url = base + name
        try:
            print(f"nnbook: downloading {url}", file=sys.stderr)
            data = _fetch(url, limit=info.size + _GZIP_SLACK, timeout=timeout, deadline=seconds)
            raw = _checked_contents(data, name, f"the copy of {name} from {base}")
        except (OSError, http.client.HTTPException, IdxFormatError) as err:
            # URLError, HTTPError, timeouts and dropped connections are all OSErrors.
            reason = _describe(err)
            failures.append(f"  {url}: {reason}")
            if number < len(mirrors):
                print(f"nnbook: {url} failed ({reason}); trying the next mirror", file=sys.stderr)
            continue
        _store(folder / name, data)
        return raw
    raise MnistDataError(
        f"could not download the MNIST file {name}; every mirror failed:\n"
        + "\n".join(failures)
        + f"\nWhat you can do: download the four MNIST files ({', '.join(MNIST_FILES)}) by hand "
        f"into {folder}, or set {DATA_DIR_ENV} to a folder that already holds them, "
        f"or set {MIRRORS_ENV} to mirrors you can reach (comma-separated base URLs)."
    )


def _writable_folder(folder: Path) -> None:
    """Create the cache folder if needed, and make sure a download could be kept in it.

    Checked before downloading, so that a read-only cache fails at once instead of
    after minutes of waiting.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise MnistDataError(
            f"cannot create the MNIST cache folder {folder} ({err.strerror}); choose a writable "
            f"folder with data_dir= or {DATA_DIR_ENV}"
        ) from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise _unwritable(folder, "permission denied")


def _store(path: Path, data: bytes) -> None:
    """Keep a checked download in the cache under its real name."""
    try:
        atomic_write(path, data)
    except OSError as err:
        raise _unwritable(path.parent, err.strerror or str(err)) from None


def _unwritable(folder: Path, reason: str) -> MnistDataError:
    return MnistDataError(
        f"cannot write into the MNIST cache folder {folder} ({reason}); choose a "
        f"writable folder with data_dir= or {DATA_DIR_ENV}, or put the files there by hand"
    )


def download_mnist(
    data_dir: str | os.PathLike[str] | None = None,
    *,
    names: Iterable[str] | None = None,
    mirrors: str | Iterable[str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    deadline: float | None = None,
) -> Path:
    """Make sure the MNIST files are in the cache and valid; return the cache folder.

    ``names`` picks some of the four files (default: all). Files already present and
    valid are left alone (nothing is written, so a read-only cache works); missing
    ones are downloaded; bad ones are moved aside to ``<name>.corrupt`` and
    downloaded again. ``timeout`` is in seconds, per connection and per read;
    ``deadline`` is the most seconds one file's download may take in all before the
    next mirror is tried (default: the ``NNBOOK_DOWNLOAD_DEADLINE`` environment
    variable, else enough for a slow line, about 11 minutes for the largest file).
    """
    timeout, deadline = _checked_limits(timeout, deadline)
    folder = mnist_cache_dir(data_dir)
    wanted = list(MNIST_FILES) if names is None else list(names)
    for name in wanted:
        if name not in MNIST_FILES:
            raise ValueError(f"unknown MNIST file {name!r}; the files are {', '.join(MNIST_FILES)}")
        _cached_contents(name, folder, download=True, mirrors=mirrors, timeout=timeout, deadline=deadline)
    return folder


# --------------------------------------------------------------------------- load


def load_mnist(
    split: str,
    limit: int | None = None,
    data_dir: str | os.PathLike[str] | None = None,
    download: bool = True,
    *,
    mirrors: str | Iterable[str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    deadline: float | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Load one MNIST split as ``(labels, images)``: uint8 arrays of shape ``(n,)`` and ``(n, 784)``.

    ``split`` is ``"train"`` (60,000 records) or ``"test"`` (10,000). Each image is
    flattened row by row into 784 grey values, 0 = background and 255 = full ink,
    which is the layout the network's input layer takes. ``limit`` keeps the first
    ``limit`` records (all of them if the split is shorter), which is how the book's
    small 100- and 10-record sets are defined. The files are downloaded into the
    cache on first use unless ``download=False``; see :func:`download_mnist` for
    ``mirrors``, ``timeout`` and ``deadline``.
    """
    if split not in SPLIT_FILES:
        raise ValueError(f"split must be 'train' or 'test', got {split!r}")
    if limit is not None:
        limit = whole_number(limit, "limit", minimum=0)
    timeout, deadline = _checked_limits(timeout, deadline)
    folder = mnist_cache_dir(data_dir)
    labels_name, images_name = SPLIT_FILES[split]
    labels = _parse_idx(
        _cached_contents(labels_name, folder, download, mirrors, timeout, deadline), str(folder / labels_name)
    )
    images = _parse_idx(
        _cached_contents(images_name, folder, download, mirrors, timeout, deadline), str(folder / images_name)
    )
    if limit is not None:  # copy, so a small slice does not keep the whole file in memory
        labels, images = labels[:limit].copy(), images[:limit].copy()
    return labels, images.reshape(len(images), int(np.prod(images.shape[1:])))
