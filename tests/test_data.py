"""The MNIST pipeline: loading the real files, the CSV layout, scaling, targets, bad input.

Facts about the real files come from ../shared/mnist/README.md (published label
orders, label counts, mean pixel), not from our own loader. Every bad-input test
builds a small synthetic file in tmp_path; no MNIST sample is ever written into the
repository.
"""

from __future__ import annotations

import errno
import gzip
import os
import re
import socket
import struct
from pathlib import Path

import numpy as np
import pytest

from nnbook import data, mnist
from nnbook.data import (
    IdxFormatError,
    MnistDataError,
    load_mnist,
    make_targets,
    read_csv_records,
    read_idx,
    scale_inputs,
    write_csv_records,
    write_small_files,
)

TRAIN_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


@pytest.fixture(scope="module")
def train(mnist_dir: Path) -> tuple[np.ndarray, np.ndarray]:
    # download=False: the shared folder is read-only and this must never touch the network.
    return load_mnist("train", data_dir=mnist_dir, download=False)


@pytest.fixture(scope="module")
def test_split(mnist_dir: Path) -> tuple[np.ndarray, np.ndarray]:
    return load_mnist("test", data_dir=mnist_dir, download=False)


@pytest.fixture
def closed_port_mirror() -> str:
    """A loopback URL where nothing listens, so every connection is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/mnist/"


def idx_bytes(magic: int, dims: tuple[int, ...], payload: bytes) -> bytes:
    """A hand-made IDX file: big-endian magic number, one size per dimension, the values."""
    return struct.pack(">I", magic) + b"".join(struct.pack(">I", d) for d in dims) + payload


def csv_line(label: object, pixels: list[object]) -> str:
    return ",".join(str(v) for v in [label, *pixels])


def write_lines(path: Path, lines: list[str], ending: str = "\n") -> Path:
    path.write_text(ending.join(lines) + ending)
    return path


GOOD_PIXELS = [(7 * i) % 256 for i in range(784)]


# --------------------------------------------------------------------------- the real files


def test_first_labels_match_the_published_order(train, test_split) -> None:
    assert train[0][:10].tolist() == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]
    assert test_split[0][:10].tolist() == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]


def test_label_counts_match_the_published_counts(train, test_split) -> None:
    assert np.bincount(train[0], minlength=10).tolist() == TRAIN_COUNTS
    assert np.bincount(test_split[0], minlength=10).tolist() == TEST_COUNTS


def test_mean_training_pixel(train) -> None:
    assert round(float(train[1].mean()), 4) == 33.3184


def test_shapes_and_dtypes(train, test_split) -> None:
    for (labels, images), n in [(train, 60_000), (test_split, 10_000)]:
        assert labels.shape == (n,) and images.shape == (n, 784)
        assert labels.dtype == np.uint8 and images.dtype == np.uint8
        assert images.flags.writeable and images.flags.c_contiguous


def test_limit_keeps_the_first_records(mnist_dir: Path, test_split) -> None:
    labels, images = load_mnist("test", limit=10, data_dir=mnist_dir, download=False)
    assert labels.shape == (10,) and images.shape == (10, 784)
    np.testing.assert_array_equal(labels, test_split[0][:10])
    np.testing.assert_array_equal(images, test_split[1][:10])
    assert load_mnist("test", limit=0, data_dir=mnist_dir, download=False)[1].shape == (0, 784)
    assert len(load_mnist("test", limit=50_000, data_dir=mnist_dir, download=False)[0]) == 10_000


@pytest.mark.parametrize("bad", [-1, 2.5, "10", True])
def test_limit_must_be_a_count(mnist_dir: Path, bad: object) -> None:
    with pytest.raises(ValueError, match="limit must be a whole number"):
        load_mnist("test", limit=bad, data_dir=mnist_dir, download=False)


def test_unknown_split_is_refused(mnist_dir: Path) -> None:
    with pytest.raises(ValueError, match="split must be 'train' or 'test', got 'training'"):
        load_mnist("training", data_dir=mnist_dir)


def test_read_idx_reads_paths_and_bytes(mnist_dir: Path, test_split) -> None:
    images = read_idx(mnist_dir / "t10k-images-idx3-ubyte.gz")
    assert images.shape == (10_000, 28, 28) and images.dtype == np.uint8
    np.testing.assert_array_equal(images.reshape(10_000, 784), test_split[1])
    raw = gzip.decompress((mnist_dir / "t10k-labels-idx1-ubyte.gz").read_bytes())
    np.testing.assert_array_equal(read_idx(raw), test_split[0])


def test_valid_cache_is_never_written(tmp_path: Path, mnist_dir: Path, monkeypatch) -> None:
    """A cache holding good files is only read: no temp file, no rename, no network."""
    for name in ("t10k-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz"):
        (tmp_path / name).write_bytes((mnist_dir / name).read_bytes())
    before = {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()}

    def forbidden(*args, **kwargs):
        raise AssertionError("the loader tried to write or download")

    monkeypatch.setattr(mnist.urllib.request, "urlopen", forbidden)
    monkeypatch.setattr(mnist, "atomic_write", forbidden)
    monkeypatch.setattr(mnist.os, "replace", forbidden)
    labels, _ = load_mnist("test", data_dir=tmp_path)  # download=True, but nothing is missing
    assert labels[0] == 7
    assert {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()} == before


# --------------------------------------------------------------------------- where the cache is


def test_cache_folder_choice(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("NNBOOK_DATA_DIR", str(tmp_path / "from-env"))
    assert mnist.mnist_cache_dir(tmp_path / "arg") == tmp_path / "arg"
    assert mnist.mnist_cache_dir() == tmp_path / "from-env"

    monkeypatch.delenv("NNBOOK_DATA_DIR")
    repo = Path(mnist.__file__).resolve().parents[2]
    assert (repo / "_toc.yml").is_file()  # this checkout is the book's repository
    assert mnist.mnist_cache_dir() == repo / "data" / "cache" / "mnist"

    monkeypatch.setattr(mnist, "_repo_root", lambda: None)  # as if installed elsewhere
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert mnist.mnist_cache_dir() == tmp_path / "xdg" / "nnbook" / "mnist"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert mnist.mnist_cache_dir() == Path.home() / ".cache" / "nnbook" / "mnist"


def test_mirror_choice(monkeypatch) -> None:
    monkeypatch.delenv("NNBOOK_MNIST_MIRRORS", raising=False)
    assert mnist.mnist_mirrors() == list(mnist.DEFAULT_MIRRORS)
    assert mnist.mnist_mirrors()[-1] == "http://yann.lecun.com/exdb/mnist/"
    monkeypatch.setenv("NNBOOK_MNIST_MIRRORS", "http://a.example/x, http://b.example/y/")
    assert mnist.mnist_mirrors() == ["http://a.example/x/", "http://b.example/y/"]
    assert mnist.mnist_mirrors(["http://c.example"]) == ["http://c.example/"]
    with pytest.raises(ValueError, match="no MNIST mirror"):
        mnist.mnist_mirrors(" , ")


# --------------------------------------------------------------------------- CSV


def test_csv_round_trip(tmp_path: Path, test_split) -> None:
    labels, images = test_split[0][:20], test_split[1][:20]
    path = write_csv_records(tmp_path / "some.csv", labels, images)
    lines = path.read_text().splitlines()
    assert len(lines) == 20 and lines[0].startswith("7,")
    assert all(len(line.split(",")) == 785 for line in lines)
    back_labels, back_images = read_csv_records(path)
    assert back_labels.dtype == np.uint8 and back_images.dtype == np.uint8
    np.testing.assert_array_equal(back_labels, labels)
    np.testing.assert_array_equal(back_images, images)
    # 28 x 28 images are accepted too, and the file is replaced, not appended to
    write_csv_records(path, labels[:3], images[:3].reshape(3, 28, 28))
    assert len(path.read_text().splitlines()) == 3
    assert [p.name for p in tmp_path.iterdir()] == ["some.csv"]  # no temporary file left


def test_write_csv_refuses_what_it_could_not_read_back(tmp_path: Path) -> None:
    good = np.zeros((2, 784))
    cases = [
        (np.array([1, 10]), good, "labels must lie in 0..9, found 10"),
        (np.array([1, 2]), good + 256, "pixels must lie in 0..255, found 256"),
        (np.array([1, 2]), good + 0.5, "whole numbers"),
        (np.array([1, 2]), np.zeros((3, 784)), "images must have shape (2, 784)"),
        (np.array([], dtype=int), np.zeros((0, 784)), "no records"),
    ]
    for labels, images, message in cases:
        with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
            write_csv_records(tmp_path / "out.csv", labels, images)
    assert list(tmp_path.iterdir()) == []


def test_write_small_files(tmp_path: Path, mnist_dir: Path, train, test_split) -> None:
    paths = write_small_files(tmp_path / "small", data_dir=mnist_dir)
    small = tmp_path / "small"
    assert paths == {"train": small / "mnist_train_100.csv", "test": small / "mnist_test_10.csv"}
    train_lines = paths["train"].read_text().splitlines()
    test_lines = paths["test"].read_text().splitlines()
    assert len(train_lines) == 100 and len(test_lines) == 10
    assert [line.split(",")[0] for line in train_lines[:10]] == list("5041921314")
    assert [line.split(",")[0] for line in test_lines] == list("7210414959")
    labels, images = read_csv_records(paths["train"])
    np.testing.assert_array_equal(labels, train[0][:100])
    np.testing.assert_array_equal(images, train[1][:100])
    np.testing.assert_array_equal(read_csv_records(paths["test"])[1], test_split[1][:10])

    # Unchanged files are left alone; a damaged one is rewritten.
    stamp = paths["train"].stat().st_mtime_ns
    os.utime(paths["test"], ns=(1, 1))
    paths["test"].write_text(paths["test"].read_text().replace("7,", "1,", 1))
    write_small_files(tmp_path / "small", data_dir=mnist_dir)
    assert paths["train"].stat().st_mtime_ns == stamp
    assert paths["test"].read_text().startswith("7,")


def test_csv_accepts_a_trailing_blank_line_and_windows_endings(tmp_path: Path) -> None:
    lines = [csv_line(3, GOOD_PIXELS), csv_line(8, GOOD_PIXELS[::-1])]
    for ending, extra in [("\n", ""), ("\n", "\n"), ("\r\n", "\r\n  \r\n")]:
        path = tmp_path / "ok.csv"
        path.write_text(ending.join(lines) + ending + extra, newline="")
        labels, images = read_csv_records(path)
        assert labels.tolist() == [3, 8]
        assert images[0].tolist() == GOOD_PIXELS and images[1].tolist() == GOOD_PIXELS[::-1]


def test_csv_wrong_field_count_names_file_and_line(tmp_path: Path) -> None:
    lines = [csv_line(1, GOOD_PIXELS)] * 11 + [csv_line(1, GOOD_PIXELS[:783])]
    path = write_lines(tmp_path / "mnist_train_100.csv", lines)
    with pytest.raises(ValueError) as caught:
        read_csv_records(path)
    assert str(caught.value) == (
        "expected 785 values (a label and 784 pixels), got 784 in line 12 of mnist_train_100.csv"
    )


@pytest.mark.parametrize(
    "label, pixel, message",
    [
        (4, 256, "pixel value 256 (pixel 3) is out of range 0..255 in line 2 of bad.csv"),
        (4, -1, "pixel value -1 (pixel 3) is out of range 0..255 in line 2 of bad.csv"),
        (4, 70000, "pixel value 70000 (pixel 3) is out of range 0..255 in line 2 of bad.csv"),
        (10, 0, "label 10 is out of range 0..9 in line 2 of bad.csv"),
        (4, "abc", "'abc' is not a whole number (pixel 3) in line 2 of bad.csv"),
        (4, "", "'' is not a whole number (pixel 3) in line 2 of bad.csv"),
        (4, "2.5", "'2.5' is not a whole number (pixel 3) in line 2 of bad.csv"),
        ("five", 0, "'five' is not a whole number (the label) in line 2 of bad.csv"),
    ],
)
def test_csv_bad_values_name_value_file_and_line(tmp_path: Path, label: object, pixel: object, message: str) -> None:
    pixels = list(GOOD_PIXELS)
    pixels[2] = pixel  # the third pixel, "pixel 3" counting from 1 after the label
    lines = [csv_line(0, GOOD_PIXELS), csv_line(label, pixels), csv_line(0, GOOD_PIXELS)]
    path = write_lines(tmp_path / "bad.csv", lines)
    with pytest.raises(ValueError) as caught:
        read_csv_records(path)
    assert str(caught.value).startswith(message)


def test_csv_empty_files_and_blank_lines(tmp_path: Path) -> None:
    for text in ["", "\n\n", "   \n"]:
        (tmp_path / "empty.csv").write_text(text)
        with pytest.raises(ValueError, match="empty.csv holds no records: the file is empty"):
            read_csv_records(tmp_path / "empty.csv")
    path = write_lines(tmp_path / "gap.csv", [csv_line(1, GOOD_PIXELS), "", csv_line(2, GOOD_PIXELS)])
    with pytest.raises(ValueError, match="line 2 of gap.csv is blank"):
        read_csv_records(path)
    (tmp_path / "binary.csv").write_bytes(b"\xff\xfe\x00\x81")
    with pytest.raises(ValueError, match="binary.csv is not a text file"):
        read_csv_records(tmp_path / "binary.csv")


@pytest.mark.parametrize(
    "header",
    [
        "label," + ",".join(f"{row}x{col}" for row in range(1, 29) for col in range(1, 29)),  # Kaggle's layout
        "label,pixels",
        "Label;Pixel0;Pixel1",
    ],
)
def test_csv_with_a_header_row_says_remove_the_header_line(tmp_path: Path, header: str) -> None:
    path = write_lines(tmp_path / "kaggle.csv", [header, csv_line(5, GOOD_PIXELS)])
    with pytest.raises(ValueError) as caught:
        read_csv_records(path)
    message = str(caught.value)
    assert message.startswith("line 1 of kaggle.csv looks like a header row (")
    assert "remove the header line" in message
    assert len(message) < 250  # a long header is shortened, not printed whole


@pytest.mark.parametrize("umask", [0o022, 0o002])
def test_written_csv_files_get_the_mode_the_umask_gives(tmp_path: Path, mnist_dir: Path, umask: int) -> None:
    kept = write_lines(tmp_path / "mine.csv", ["old"])
    kept.chmod(0o600)  # replacing a private file still gives the usual mode
    old = os.umask(umask)
    try:
        write_csv_records(kept, [3], [GOOD_PIXELS])
        paths = write_small_files(tmp_path / "small", data_dir=mnist_dir)
    finally:
        os.umask(old)
    for path in [kept, *paths.values()]:
        assert path.stat().st_mode & 0o777 == 0o666 & ~umask, path.name


# --------------------------------------------------------------------------- scaling and targets


def test_scaling_known_values() -> None:
    assert scale_inputs(0) == pytest.approx(0.01)
    assert scale_inputs(255) == pytest.approx(1.00)
    assert round(float(scale_inputs(128)), 3) == 0.507
    scaled = scale_inputs(np.array([[0, 255], [51, 102]], dtype=np.uint8))
    assert scaled.dtype == np.float64 and scaled.shape == (2, 2)
    np.testing.assert_allclose(scaled, [[0.01, 1.0], [0.208, 0.406]])  # 51/255 = 0.2 exactly
    assert scale_inputs([0, 255], dtype=np.float32).dtype == np.float32


def test_scaling_real_images_lands_in_range(test_split) -> None:
    scaled = scale_inputs(test_split[1][:100])
    assert scaled.shape == (100, 784)
    assert scaled.min() == pytest.approx(0.01) and scaled.max() == pytest.approx(1.0)


@pytest.mark.parametrize("bad, shown", [(256, "256"), (-1, "-1"), (np.nan, "nan"), ([3, 300], "300 at index (1,)")])
def test_scaling_rejects_values_that_are_not_pixels(bad: object, shown: str) -> None:
    expected = r"pixel values must lie in 0\.\.255, found " + re.escape(shown)
    with pytest.raises(ValueError, match=expected):
        scale_inputs(bad)
    with pytest.raises(ValueError, match="must be numbers"):
        scale_inputs(["12"])


def test_targets() -> None:
    one = make_targets(5)
    assert one.shape == (10,) and one.dtype == np.float64
    assert one.tolist() == [0.01] * 5 + [0.99] + [0.01] * 4
    many = make_targets(np.array([7, 2, 1], dtype=np.uint8))
    assert many.shape == (3, 10)
    assert many.argmax(axis=1).tolist() == [7, 2, 1]
    assert np.count_nonzero(many == 0.99) == 3 and np.count_nonzero(many == 0.01) == 27
    assert make_targets(2, n_classes=3, low=0.0, high=1.0).tolist() == [0.0, 0.0, 1.0]
    assert make_targets([4.0]).argmax() == 4  # whole floats, as read from a text file, are fine


@pytest.mark.parametrize(
    "labels, kwargs, message",
    [
        (10, {}, "label 10 is out of range 0..9"),
        ([1, -1], {}, "label -1 is out of range 0..9"),
        (3, {"n_classes": 3}, "label 3 is out of range 0..2"),
        (2.5, {}, "whole numbers"),
        ([[1, 2]], {}, "1-D array"),
        (1, {"n_classes": 0}, "n_classes must be"),
    ],
)
def test_targets_reject_bad_labels(labels: object, kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace(".", r"\.")):
        make_targets(labels, **kwargs)


# --------------------------------------------------------------------------- bad IDX files


def test_idx_wrong_magic_number(tmp_path: Path) -> None:
    path = tmp_path / "odd.idx"
    path.write_bytes(idx_bytes(0x00000802, (2, 1), b"\x01\x02"))
    with pytest.raises(IdxFormatError, match=r"odd\.idx has the wrong magic number 0x00000802: expected 0x00000801"):
        read_idx(path)
    with pytest.raises(IdxFormatError, match="wrong magic number 0x89504e47"):
        read_idx(b"\x89PNG\r\n\x1a\n" + bytes(20))
    with pytest.raises(IdxFormatError, match="too short to be an IDX file"):
        read_idx(b"\x00\x00")


def test_idx_good_synthetic_files() -> None:
    labels = read_idx(idx_bytes(0x00000801, (3,), bytes([4, 0, 9])))
    assert labels.tolist() == [4, 0, 9]
    images = read_idx(gzip.compress(idx_bytes(0x00000803, (2, 2, 3), bytes(range(12)))))
    assert images.shape == (2, 2, 3) and images[1, 1, 2] == 11


def test_idx_truncated_and_oversized(tmp_path: Path) -> None:
    short = idx_bytes(0x00000803, (5, 28, 28), bytes(5 * 784 - 10))
    with pytest.raises(
        IdxFormatError, match=r"truncated: its header promises 5 x 28 x 28 = 3920 values, but only 3910"
    ):
        read_idx(short)
    with pytest.raises(IdxFormatError, match="truncated: its header should hold 3 sizes"):
        read_idx(short[:10])
    long = idx_bytes(0x00000801, (3,), bytes(4))
    with pytest.raises(IdxFormatError, match="size mismatch: its header promises 3 = 3 values, but 4 bytes"):
        read_idx(long)


def test_idx_broken_gzip(tmp_path: Path) -> None:
    packed = gzip.compress(idx_bytes(0x00000801, (2000,), bytes(range(10)) * 200))
    path = tmp_path / "labels.gz"
    path.write_bytes(packed[: len(packed) // 2])
    with pytest.raises(IdxFormatError, match=r"labels\.gz is a truncated gzip file"):
        read_idx(path)
    damaged = bytearray(packed)
    damaged[-8] ^= 0xFF  # the CRC of the contents
    path.write_bytes(bytes(damaged))
    with pytest.raises(IdxFormatError, match=r"labels\.gz is not a valid gzip file"):
        read_idx(path)


# --------------------------------------------------------------------------- bad or missing cache


def tampered_test_labels(mnist_dir: Path) -> bytes:
    """A valid gzip of a valid IDX label file with one label changed: only the checksum can tell."""
    raw = bytearray(gzip.decompress((mnist_dir / "t10k-labels-idx1-ubyte.gz").read_bytes()))
    raw[-1] ^= 0x01
    return gzip.compress(bytes(raw))


def test_checksum_mismatch_is_reported_and_file_kept(tmp_path: Path, mnist_dir: Path) -> None:
    bad = tampered_test_labels(mnist_dir)
    (tmp_path / "t10k-labels-idx1-ubyte.gz").write_bytes(bad)
    with pytest.raises(MnistDataError) as caught:
        load_mnist("test", data_dir=tmp_path, download=False)
    message = str(caught.value)
    assert str(tmp_path / "t10k-labels-idx1-ubyte.gz") in message
    assert "failed its checksum" in message and "expected 27ae3e4e09519cfbb04c329615203637" in message
    assert "Delete it" in message
    assert (tmp_path / "t10k-labels-idx1-ubyte.gz").read_bytes() == bad  # download=False: untouched


def test_bad_file_in_read_only_cache(tmp_path: Path, mnist_dir: Path, monkeypatch) -> None:
    (tmp_path / "t10k-labels-idx1-ubyte.gz").write_bytes(tampered_test_labels(mnist_dir)[:-20])

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EROFS, "Read-only file system")

    # The tests run as root here, where chmod does not stop writes, so the refusal a
    # read-only mount gives is simulated where the loader would move the file.
    monkeypatch.setattr(mnist.os, "replace", refuse)
    with pytest.raises(MnistDataError) as caught:
        load_mnist("test", data_dir=tmp_path, mirrors="http://127.0.0.1:9/")
    message = str(caught.value)
    assert f"{tmp_path / 't10k-labels-idx1-ubyte.gz'} is a truncated gzip file" in message
    assert "cannot be moved aside" in message and "Read-only file system" in message
    assert "NNBOOK_DATA_DIR" in message


def test_missing_files_without_network(tmp_path: Path, closed_port_mirror: str) -> None:
    cache = tmp_path / "cache"
    with pytest.raises(MnistDataError) as caught:
        load_mnist("test", data_dir=cache, mirrors=[closed_port_mirror])
    message = str(caught.value)
    assert f"{closed_port_mirror}t10k-labels-idx1-ubyte.gz: cannot connect (Connection refused)" in message
    assert f"by hand into {cache}" in message and "NNBOOK_DATA_DIR" in message
    assert list(cache.iterdir()) == []  # nothing half-written

    with pytest.raises(MnistDataError, match="is not in .* downloading is switched off"):
        load_mnist("test", data_dir=tmp_path / "other", download=False)
    assert not (tmp_path / "other").exists()


def test_public_api_is_exported() -> None:
    for name in data.__all__:
        assert hasattr(data, name), name
    assert {
        "load_mnist",
        "read_idx",
        "read_csv_records",
        "write_csv_records",
        "scale_inputs",
        "make_targets",
        "write_small_files",
        "download_mnist",
    } <= set(data.__all__)


def test_scaling_many_images_in_blocks_gives_the_same_values_as_in_one_go() -> None:
    """scale_inputs works through large arrays a block of rows at a time (to save memory on a
    small computer); every value must equal the one-step formula, for float64 and float32."""
    rng = np.random.default_rng(5)
    pixels = rng.integers(0, 256, size=(10_000, 784), dtype=np.uint8)
    exact = pixels / 255.0 * 0.99 + 0.01
    assert np.array_equal(scale_inputs(pixels), exact)
    small = scale_inputs(pixels, dtype=np.float32)
    assert small.dtype == np.float32 and np.array_equal(small, exact.astype(np.float32))
