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
while the files in it are present and valid.
"""

from __future__ import annotations

import gzip
import hashlib
import http.client
import os
import sys
import tempfile
import urllib.error
import urllib.request
import warnings
import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import BinaryIO, NamedTuple

import numpy as np

from nnbook import browser

__all__ = [
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


MNIST_FILES: dict[str, MnistFile] = {
    "train-images-idx3-ubyte.gz": MnistFile("6bbc9ace898e44ae57da46a324031adb", 16 + 60_000 * 28 * 28),
    "train-labels-idx1-ubyte.gz": MnistFile("a25bea736e30d166cdddb491f175f624", 8 + 60_000),
    "t10k-images-idx3-ubyte.gz": MnistFile("2646ac647ad5339dbf082846283269ea", 16 + 10_000 * 28 * 28),
    "t10k-labels-idx1-ubyte.gz": MnistFile("27ae3e4e09519cfbb04c329615203637", 8 + 10_000),
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
DEFAULT_TIMEOUT = 30.0
"""Seconds to wait for a connection or for the next piece of a download."""

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
            f"{where} is a truncated gzip file: it ends before the compressed data does "
            "(an interrupted download?)"
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
            f"{where} failed its checksum: the MD5 of its decompressed contents is {digest}, "
            f"expected {info.md5}"
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
    name: str, folder: Path, download: bool, mirrors: str | Iterable[str] | None, timeout: float
) -> bytes:
    """The verified decompressed bytes of ``name``, downloading it first if it is missing or bad."""
    path = folder / name
    if path.is_file():
        try:
            return _checked_contents(path.read_bytes(), name, str(path))
        except IdxFormatError as problem:
            if not download:
                raise _bad_cache_error(path, problem, "Downloading is switched off (download=False).") from None
            aside = _aside_path(path)
            try:
                os.replace(path, aside)
            except OSError as move_err:
                raise _bad_cache_error(
                    path, problem, f"It cannot be moved aside to download a new copy ({move_err.strerror})."
                ) from None
            warnings.warn(
                f"bad MNIST file in the cache: {problem}; moved it aside to {aside.name} "
                "and downloading a fresh copy",
                stacklevel=3,
            )
    elif not download:
        raise MnistDataError(
            f"the MNIST file {name} is not in {folder} and downloading is switched off "
            f"(download=False). Put the four MNIST .gz files there ({', '.join(MNIST_FILES)}), "
            f"or set {DATA_DIR_ENV} to a folder that holds them."
        )
    return _download_file(name, folder, mnist_mirrors(mirrors), timeout)


# --------------------------------------------------------------------------- download


def _fetch(url: str, into: BinaryIO, limit: int, timeout: float) -> None:
    """Copy the body at ``url`` into the open binary file ``into``; raise on any short or odd reply."""
    if browser.IN_BROWSER:  # in a web page: the browser fetches, from the page's own site
        into.write(browser.fetch_bytes(url, limit=limit))
        return
    request = urllib.request.Request(url, headers={"User-Agent": "nnbook (MNIST downloader)"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        declared = response.headers.get("Content-Length")
        received = 0
        while chunk := response.read(_CHUNK):
            received += len(chunk)
            if received > limit:
                raise IdxFormatError(f"the server sent more than {limit} bytes, far more than this file needs")
            into.write(chunk)
    if declared is not None and declared.isdigit() and received != int(declared):
        raise IdxFormatError(f"the download was cut short: received {received} of {declared} bytes")


def _describe(err: BaseException) -> str:
    """A short reason for a failed mirror, in words a reader can act on."""
    if isinstance(err, urllib.error.HTTPError):
        return f"HTTP error {err.code} {err.reason}"
    if isinstance(err, urllib.error.URLError):
        reason = err.reason
        return f"cannot connect ({reason.strerror if isinstance(reason, OSError) and reason.strerror else reason})"
    if isinstance(err, TimeoutError):
        return "timed out"
    if isinstance(err, IdxFormatError):
        return f"served a bad file: {err}"
    return f"{type(err).__name__}: {err}"


def _download_file(name: str, folder: Path, mirrors: Sequence[str], timeout: float) -> bytes:
    """Fetch ``name`` from the first mirror that serves a good copy; return its decompressed bytes.

    Each attempt goes to a temporary file inside ``folder`` (the same file system, so
    the final ``os.replace`` is atomic), is checked, and only then takes the real
    name. A failed, interrupted or tampered download therefore never leaves a file
    that a later load would trust, and its temporary file is removed.
    """
    info = MNIST_FILES[name]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise MnistDataError(
            f"cannot create the MNIST cache folder {folder} ({err.strerror}); choose a writable "
            f"folder with data_dir= or {DATA_DIR_ENV}"
        ) from None
    failures: list[str] = []
    for base in mirrors:
        url = base + name
        try:
            handle, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".part")
        except OSError as err:
            raise MnistDataError(
                f"cannot write into the MNIST cache folder {folder} ({err.strerror}); choose a "
                f"writable folder with data_dir= or {DATA_DIR_ENV}, or put the files there by hand"
            ) from None
        temp = Path(temp_name)
        try:
            print(f"nnbook: downloading {url}", file=sys.stderr)
            with os.fdopen(handle, "wb") as out:
                _fetch(url, out, limit=info.size + _GZIP_SLACK, timeout=timeout)
                out.flush()
                os.fsync(out.fileno())
            raw = _checked_contents(temp.read_bytes(), name, f"the copy of {name} from {base}")
            os.replace(temp, folder / name)
            return raw
        except (OSError, http.client.HTTPException, IdxFormatError) as err:
            # URLError, HTTPError, timeouts and dropped connections are all OSErrors.
            failures.append(f"  {url}: {_describe(err)}")
        finally:
            temp.unlink(missing_ok=True)
    raise MnistDataError(
        f"could not download the MNIST file {name}; every mirror failed:\n"
        + "\n".join(failures)
        + f"\nWhat you can do: download the four MNIST files ({', '.join(MNIST_FILES)}) by hand "
        f"into {folder}, or set {DATA_DIR_ENV} to a folder that already holds them, "
        f"or set {MIRRORS_ENV} to mirrors you can reach (comma-separated base URLs)."
    )


def download_mnist(
    data_dir: str | os.PathLike[str] | None = None,
    *,
    names: Iterable[str] | None = None,
    mirrors: str | Iterable[str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> Path:
    """Make sure the MNIST files are in the cache and valid; return the cache folder.

    ``names`` picks some of the four files (default: all). Files already present and
    valid are left alone (nothing is written, so a read-only cache works); missing
    ones are downloaded; bad ones are moved aside to ``<name>.corrupt`` and
    downloaded again. ``timeout`` is in seconds, per connection and per read.
    """
    folder = mnist_cache_dir(data_dir)
    wanted = list(MNIST_FILES) if names is None else list(names)
    for name in wanted:
        if name not in MNIST_FILES:
            raise ValueError(f"unknown MNIST file {name!r}; the files are {', '.join(MNIST_FILES)}")
        _cached_contents(name, folder, download=True, mirrors=mirrors, timeout=timeout)
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
) -> tuple[np.ndarray, np.ndarray]:
    """Load one MNIST split as ``(labels, images)``: uint8 arrays of shape ``(n,)`` and ``(n, 784)``.

    ``split`` is ``"train"`` (60,000 records) or ``"test"`` (10,000). Each image is
    flattened row by row into 784 grey values, 0 = background and 255 = full ink,
    which is the layout the network's input layer takes. ``limit`` keeps the first
    ``limit`` records (all of them if the split is shorter), which is how the book's
    small 100- and 10-record sets are defined. The files are downloaded into the
    cache on first use unless ``download=False``; see :func:`download_mnist`.
    """
    if split not in SPLIT_FILES:
        raise ValueError(f"split must be 'train' or 'test', got {split!r}")
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, (int, np.integer)) or limit < 0):
        raise ValueError(f"limit must be a whole number of records (0 or more) or None, got {limit!r}")
    folder = mnist_cache_dir(data_dir)
    labels_name, images_name = SPLIT_FILES[split]
    labels = _parse_idx(_cached_contents(labels_name, folder, download, mirrors, timeout), str(folder / labels_name))
    images = _parse_idx(_cached_contents(images_name, folder, download, mirrors, timeout), str(folder / images_name))
    if limit is not None:  # copy, so a small slice does not keep the whole file in memory
        labels, images = labels[:limit].copy(), images[:limit].copy()
    return labels, images.reshape(len(images), int(np.prod(images.shape[1:])))
