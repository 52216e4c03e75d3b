"""The real download code against mirrors on 127.0.0.1.

One loopback HTTP server plays several mirrors at once; the first part of the path
says how it behaves:

- ``/good/``      serves the real files from the ``mnist_dir`` fixture;
- ``/flipped/``   the real .gz with bytes flipped in the middle (a broken gzip);
- ``/wrong/``     a valid gzip of a valid IDX file with one value changed (only the checksum can tell);
- ``/huge/``      a valid gzip whose contents are longer than the real file;
- ``/short/``     promises the whole file in Content-Length, sends half and hangs up;
- ``/lying/``     sends the whole file but promises more bytes than it sends;
- ``/missing/``   answers 404;
- ``/slow/``      answers only after the client's timeout has passed.

A mirror that is down is a loopback port where nothing listens. Most tests fetch
only the small label files; one fetches all four.
"""

from __future__ import annotations

import gzip
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pytest

from nnbook import mnist
from nnbook.data import MNIST_FILES, MnistDataError, download_mnist, load_mnist

LABELS = "t10k-labels-idx1-ubyte.gz"
SLOW_SECONDS = 1.5


class Mirrors(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, files: dict[str, bytes]) -> None:
        super().__init__(("127.0.0.1", 0), MirrorHandler)
        self.files = files
        self.requests: list[str] = []

    def url(self, mode: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/{mode}/"

    def handle_error(self, request, client_address) -> None:
        pass  # a client hanging up on /slow/ or /short/ is expected, not worth a traceback


def _wrong_content(packed: bytes) -> bytes:
    raw = bytearray(gzip.decompress(packed))
    raw[-1] ^= 0x01  # still a valid label (0..9) or pixel, so the IDX file parses
    return gzip.compress(bytes(raw))


def _flipped(packed: bytes) -> bytes:
    damaged = bytearray(packed)
    middle = len(damaged) // 2
    damaged[middle : middle + 8] = bytes(b ^ 0xFF for b in damaged[middle : middle + 8])
    return bytes(damaged)


class MirrorHandler(BaseHTTPRequestHandler):
    server: Mirrors

    def do_GET(self) -> None:
        self.server.requests.append(self.path)
        _, mode, name = self.path.split("/", 2)
        if name not in self.server.files or mode == "missing":
            self.send_error(404, "Not Found")
            return
        body = self.server.files[name]
        declared = len(body)
        if mode == "flipped":
            body = _flipped(body)
        elif mode == "wrong":
            body = _wrong_content(body)
        elif mode == "huge":
            body = gzip.compress(bytes(MNIST_FILES[name].size + 1000))
        elif mode == "short":
            body = body[: len(body) // 2]
        elif mode == "lying":
            declared = len(body) + 100
        elif mode == "slow":
            time.sleep(SLOW_SECONDS)
        elif mode != "good":
            self.send_error(400, "unknown mode")
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/gzip")
        self.send_header("Content-Length", str(max(declared, len(body))) if mode in ("short", "lying") else str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()
        self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server(mnist_dir: Path) -> Iterator[Mirrors]:
    files = {name: (mnist_dir / name).read_bytes() for name in MNIST_FILES}
    mirrors = Mirrors(files)
    thread = threading.Thread(target=mirrors.serve_forever, daemon=True)
    thread.start()
    yield mirrors
    mirrors.shutdown()
    mirrors.server_close()


@pytest.fixture
def served(server: Mirrors) -> Mirrors:
    server.requests.clear()
    return server


@pytest.fixture
def down() -> str:
    """A mirror that is down: a loopback port with nothing listening."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/mnist/"


def cache_listing(folder: Path) -> list[str]:
    """Every name in the cache, hidden temporary files included."""
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def assert_good_copy(folder: Path, name: str, mnist_dir: Path) -> None:
    assert (folder / name).read_bytes() == (mnist_dir / name).read_bytes()


# --------------------------------------------------------------------------- success


def test_clean_download_of_all_four_files(tmp_path: Path, served: Mirrors, mnist_dir: Path) -> None:
    cache = tmp_path / "fresh" / "mnist"
    assert download_mnist(cache, mirrors=[served.url("good")]) == cache
    assert cache_listing(cache) == sorted(MNIST_FILES)  # no temporary file left behind
    for name in MNIST_FILES:
        assert_good_copy(cache, name, mnist_dir)
    labels, images = load_mnist("train", data_dir=cache, download=False)
    assert labels[:10].tolist() == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4] and images.shape == (60_000, 784)
    assert load_mnist("test", data_dir=cache, download=False)[0][:3].tolist() == [7, 2, 1]

    served.requests.clear()
    download_mnist(cache, mirrors=[served.url("good")])  # everything valid: no request at all
    assert served.requests == []


def test_load_downloads_only_what_it_needs(tmp_path: Path, served: Mirrors) -> None:
    labels, images = load_mnist("test", limit=5, data_dir=tmp_path, mirrors=[served.url("good")])
    assert labels.tolist() == [7, 2, 1, 0, 4] and images.shape == (5, 784)
    assert sorted(served.requests) == ["/good/t10k-images-idx3-ubyte.gz", "/good/t10k-labels-idx1-ubyte.gz"]


def test_mirrors_from_the_environment(tmp_path: Path, served: Mirrors, down: str, monkeypatch, mnist_dir: Path) -> None:
    monkeypatch.setenv("NNBOOK_MNIST_MIRRORS", f"{down},{served.url('good')}")
    download_mnist(tmp_path, names=[LABELS])
    assert_good_copy(tmp_path, LABELS, mnist_dir)


# --------------------------------------------------------------------------- bad mirrors, then a good one


@pytest.mark.parametrize("bad", ["flipped", "wrong", "huge", "short", "lying", "missing"])
def test_bad_mirror_then_good_one(tmp_path: Path, served: Mirrors, mnist_dir: Path, bad: str) -> None:
    download_mnist(tmp_path, names=[LABELS], mirrors=[served.url(bad), served.url("good")])
    assert served.requests == [f"/{bad}/{LABELS}", f"/good/{LABELS}"]
    assert_good_copy(tmp_path, LABELS, mnist_dir)
    assert cache_listing(tmp_path) == [LABELS]


def test_mirror_that_is_down_then_good_one(tmp_path: Path, served: Mirrors, down: str, mnist_dir: Path) -> None:
    download_mnist(tmp_path, names=[LABELS], mirrors=[down, served.url("good")])
    assert_good_copy(tmp_path, LABELS, mnist_dir)
    assert cache_listing(tmp_path) == [LABELS]


def test_slow_mirror_times_out_then_good_one(tmp_path: Path, served: Mirrors, mnist_dir: Path) -> None:
    started = time.monotonic()
    download_mnist(tmp_path, names=[LABELS], mirrors=[served.url("slow"), served.url("good")], timeout=0.3)
    assert time.monotonic() - started < SLOW_SECONDS  # did not wait for the slow answer
    assert_good_copy(tmp_path, LABELS, mnist_dir)


# --------------------------------------------------------------------------- nothing bad ever lands


@pytest.mark.parametrize(
    "bad, reason",
    [
        ("flipped", "served a bad file: the copy of t10k-labels-idx1-ubyte.gz from {url} is not a valid gzip file"),
        ("wrong", "served a bad file: the copy of t10k-labels-idx1-ubyte.gz from {url} failed its checksum"),
        ("huge", "decompresses to more than the expected 10008 bytes"),
        ("short", "served a bad file: the download was cut short: received 2270 of 4540 bytes"),
        ("lying", "the download was cut short: received 4540 of 4640 bytes"),
    ],
)
def test_a_bad_file_never_lands_in_the_cache(tmp_path: Path, served: Mirrors, bad: str, reason: str) -> None:
    if bad in ("short", "lying"):  # the sizes in the messages are those of the shared file
        assert len(served.files[LABELS]) == 4540
    with pytest.raises(MnistDataError) as caught:
        download_mnist(tmp_path, names=[LABELS], mirrors=[served.url(bad)])
    assert reason.format(url=served.url(bad)) in str(caught.value)
    assert cache_listing(tmp_path) == []  # neither the bad file nor a temporary file


def test_all_mirrors_bad_lists_each_one(tmp_path: Path, served: Mirrors, down: str) -> None:
    mirrors = [down, served.url("missing"), served.url("flipped"), served.url("wrong"), served.url("slow")]
    with pytest.raises(MnistDataError) as caught:
        download_mnist(tmp_path / "cache", names=[LABELS], mirrors=mirrors, timeout=0.3)
    lines = str(caught.value).splitlines()
    assert lines[0] == f"could not download the MNIST file {LABELS}; every mirror failed:"
    assert lines[1] == f"  {down}{LABELS}: cannot connect (Connection refused)"
    assert lines[2] == f"  {served.url('missing')}{LABELS}: HTTP error 404 Not Found"
    assert lines[3].startswith(f"  {served.url('flipped')}{LABELS}: served a bad file") and "not a valid gzip" in lines[3]
    assert lines[4].startswith(f"  {served.url('wrong')}{LABELS}: served a bad file") and "failed its checksum" in lines[4]
    assert lines[5].startswith(f"  {served.url('slow')}{LABELS}:") and "timed out" in lines[5]
    advice = lines[6]
    assert f"by hand into {tmp_path / 'cache'}" in advice
    assert "NNBOOK_DATA_DIR" in advice and "NNBOOK_MNIST_MIRRORS" in advice
    assert cache_listing(tmp_path / "cache") == []


def test_interrupted_download_leaves_nothing(tmp_path: Path, served: Mirrors, monkeypatch) -> None:
    """Ctrl-C (or any exception) in the middle of a download removes the partial file."""
    real_fetch = mnist._fetch

    def interrupted(url, into, limit, timeout):
        into.write(b"\x1f\x8b\x08 part of a file")
        into.flush()
        assert len(cache_listing(tmp_path)) == 1  # the temporary file exists during the download
        raise KeyboardInterrupt

    monkeypatch.setattr(mnist, "_fetch", interrupted)
    with pytest.raises(KeyboardInterrupt):
        download_mnist(tmp_path, names=[LABELS], mirrors=[served.url("good")])
    assert cache_listing(tmp_path) == []

    monkeypatch.setattr(mnist, "_fetch", real_fetch)
    download_mnist(tmp_path, names=[LABELS], mirrors=[served.url("good")])
    assert cache_listing(tmp_path) == [LABELS]


def test_cache_folder_that_cannot_be_created(tmp_path: Path, served: Mirrors) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    with pytest.raises(MnistDataError, match="cannot create the MNIST cache folder .*a-file/mnist"):
        download_mnist(tmp_path / "a-file" / "mnist", names=[LABELS], mirrors=[served.url("good")])
    assert served.requests == []


# --------------------------------------------------------------------------- a tampered cache


def test_tampered_cache_file_is_moved_aside_and_replaced(tmp_path: Path, served: Mirrors, mnist_dir: Path) -> None:
    good = (mnist_dir / LABELS).read_bytes()
    tampered = [_wrong_content(good), good[:-100]]  # wrong contents, then a truncated gzip
    for number, bad in enumerate(tampered, start=1):
        (tmp_path / LABELS).write_bytes(bad)
        with pytest.warns(UserWarning, match="bad MNIST file in the cache: .*moved it aside"):
            labels, _ = load_mnist("test", data_dir=tmp_path, mirrors=[served.url("good")])
        assert labels[:10].tolist() == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]
        assert_good_copy(tmp_path, LABELS, mnist_dir)
    # Nothing is lost: each bad copy keeps its own name beside the good one.
    assert (tmp_path / f"{LABELS}.corrupt").read_bytes() == tampered[0]
    assert (tmp_path / f"{LABELS}.corrupt2").read_bytes() == tampered[1]
    assert cache_listing(tmp_path) == sorted(
        [LABELS, f"{LABELS}.corrupt", f"{LABELS}.corrupt2", "t10k-images-idx3-ubyte.gz"]
    )


def test_tampered_cache_file_without_a_good_mirror(tmp_path: Path, served: Mirrors, mnist_dir: Path) -> None:
    bad = _wrong_content((mnist_dir / LABELS).read_bytes())
    (tmp_path / LABELS).write_bytes(bad)
    with pytest.warns(UserWarning), pytest.raises(MnistDataError, match="every mirror failed"):
        download_mnist(tmp_path, names=[LABELS], mirrors=[served.url("missing")])
    assert cache_listing(tmp_path) == [f"{LABELS}.corrupt"]
    assert (tmp_path / f"{LABELS}.corrupt").read_bytes() == bad
    np.testing.assert_array_equal(  # the next load with a working mirror succeeds
        load_mnist("test", limit=3, data_dir=tmp_path, mirrors=[served.url("good")])[0], [7, 2, 1]
    )
