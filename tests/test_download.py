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
- ``/slow/``      answers only after the client's timeout has passed;
- ``/trickle/``   answers at once but sends the file 200 bytes at a time, 20 times a second;
- ``/delayed/``   serves the real file after waiting half a second (a download that takes a while).

A mirror that is down is a loopback port where nothing listens. Most tests fetch
only the small label files; one fetches all four.
"""

from __future__ import annotations

import gzip
import os
import signal
import socket
import subprocess
import sys
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
TRICKLE_BYTES, TRICKLE_PAUSE = 200, 0.05
DELAY_SECONDS = 0.5
CODE = Path(mnist.__file__).resolve().parents[1]


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
    return gzip.compress(bytes(raw), compresslevel=1)  # quick even for the 47 MB of training images


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
        elif mode == "delayed":
            time.sleep(DELAY_SECONDS)
        elif mode == "trickle":
            self._trickle(body)
            return
        elif mode != "good":
            self.send_error(400, "unknown mode")
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/gzip")
        length = max(declared, len(body)) if mode in ("short", "lying") else len(body)
        self.send_header("Content-Length", str(length))
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()
        self.close_connection = True

    def _trickle(self, body: bytes) -> None:
        """Send ``body`` slowly but steadily: never silent long enough for a timeout."""
        self.send_response(200)
        self.send_header("Content-Type", "application/gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        for start in range(0, len(body), TRICKLE_BYTES):
            self.wfile.write(body[start : start + TRICKLE_BYTES])
            self.wfile.flush()
            time.sleep(TRICKLE_PAUSE)
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
    assert lines[3].startswith(f"  {served.url('flipped')}{LABELS}: served a bad file")
    assert "not a valid gzip" in lines[3]
    assert lines[4].startswith(f"  {served.url('wrong')}{LABELS}: served a bad file")
    assert "failed its checksum" in lines[4]
    assert lines[5].startswith(f"  {served.url('slow')}{LABELS}:") and "timed out" in lines[5]
    advice = lines[6]
    assert f"by hand into {tmp_path / 'cache'}" in advice
    assert "NNBOOK_DATA_DIR" in advice and "NNBOOK_MNIST_MIRRORS" in advice
    assert cache_listing(tmp_path / "cache") == []


def test_interrupted_download_leaves_nothing(tmp_path: Path, served: Mirrors, monkeypatch) -> None:
    """Ctrl-C (or any exception) in the middle of a download leaves no file at all."""
    real_fetch = mnist._fetch

    def interrupted(url, limit, timeout, deadline):
        assert cache_listing(tmp_path) == []  # a download is kept in memory until checked
        raise KeyboardInterrupt

    monkeypatch.setattr(mnist, "_fetch", interrupted)
    with pytest.raises(KeyboardInterrupt):
        download_mnist(tmp_path, names=[LABELS], mirrors=[served.url("good")])
    assert cache_listing(tmp_path) == []

    monkeypatch.setattr(mnist, "_fetch", real_fetch)
    download_mnist(tmp_path, names=[LABELS], mirrors=[served.url("good")])
    assert cache_listing(tmp_path) == [LABELS]


def test_sigterm_during_a_download_leaves_nothing(tmp_path: Path, served: Mirrors) -> None:
    script = (
        "import sys; from nnbook.mnist import download_mnist; "
        "download_mnist(sys.argv[1], names=[sys.argv[2]], mirrors=[sys.argv[3]])"
    )
    downloading = subprocess.Popen(
        [sys.executable, "-c", script, str(tmp_path), LABELS, served.url("trickle")],
        env=os.environ | {"PYTHONPATH": str(CODE)},
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(lambda: served.requests, "the download to start")
        time.sleep(5 * TRICKLE_PAUSE)  # a few pieces have arrived
        downloading.terminate()
        assert downloading.wait(timeout=30) == -signal.SIGTERM
    finally:
        downloading.kill()
    assert cache_listing(tmp_path) == []


def _wait_for(condition, what: str, seconds: float = 30.0) -> None:
    give_up = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < give_up, f"gave up waiting for {what}"
        time.sleep(0.01)


def test_cache_folder_that_cannot_be_created(tmp_path: Path, served: Mirrors) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    with pytest.raises(MnistDataError, match="cannot create the MNIST cache folder .*a-file/mnist"):
        download_mnist(tmp_path / "a-file" / "mnist", names=[LABELS], mirrors=[served.url("good")])
    assert served.requests == []


# --------------------------------------------------------------------------- a tampered cache


def test_tampered_cache_file_is_moved_aside_and_replaced(tmp_path: Path, served: Mirrors, mnist_dir: Path) -> None:
    good = (mnist_dir / LABELS).read_bytes()
    tampered = [_wrong_content(good), good[:-100]]  # wrong contents, then a truncated gzip
    for bad in tampered:
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


# --------------------------------------------------------------------------- the total deadline


def test_a_trickling_mirror_is_dropped_at_the_deadline(
    tmp_path: Path, served: Mirrors, mnist_dir: Path, capsys
) -> None:
    trickle = served.url("trickle")
    started = time.monotonic()
    download_mnist(tmp_path, names=[LABELS], mirrors=[trickle, served.url("good")], deadline=0.3)
    assert time.monotonic() - started < 0.3 + 1.0  # the whole file would take over a second
    assert_good_copy(tmp_path, LABELS, mnist_dir)
    said = capsys.readouterr().err
    assert f"nnbook: {trickle}{LABELS} failed (too slow: received " in said
    assert "of 4,540 bytes in 0.3 s, past the deadline of 0.3 s" in said and "trying the next mirror" in said


def test_a_mirror_too_slow_for_the_deadline_is_named(tmp_path: Path, served: Mirrors, monkeypatch) -> None:
    monkeypatch.setenv("NNBOOK_DOWNLOAD_DEADLINE", "0.2")
    with pytest.raises(MnistDataError) as caught:
        load_mnist("test", data_dir=tmp_path, mirrors=[served.url("trickle")])
    line = str(caught.value).splitlines()[1]
    assert line.startswith(f"  {served.url('trickle')}{LABELS}: too slow: received ")
    assert "bytes in 0.2 s, past the deadline of 0.2 s (set NNBOOK_DOWNLOAD_DEADLINE" in line
    assert cache_listing(tmp_path) == []


def test_the_usual_deadline_allows_a_slow_line() -> None:
    images, labels = "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"
    assert 10 * 60 <= mnist._deadline_for(images, None) <= 12 * 60  # 9.6 MB at 16 kB/s, and a minute
    assert 60 < mnist._deadline_for(labels, None) < 70
    assert mnist._deadline_for(images, 5) == 5.0


@pytest.mark.parametrize("bad", [0, -1.0, float("nan"), float("inf"), True, "10"])
def test_time_limits_must_be_positive_numbers(tmp_path: Path, bad: object) -> None:
    with pytest.raises(ValueError, match="deadline must be a finite number above 0"):
        download_mnist(tmp_path, deadline=bad)
    with pytest.raises(ValueError, match="timeout must be a finite number above 0"):
        load_mnist("test", data_dir=tmp_path, timeout=bad)
    assert cache_listing(tmp_path) == []


def test_a_bad_deadline_in_the_environment_is_named(tmp_path: Path, served: Mirrors, monkeypatch) -> None:
    monkeypatch.setenv("NNBOOK_DOWNLOAD_DEADLINE", "ten minutes")
    named = "NNBOOK_DOWNLOAD_DEADLINE must be a number of seconds above 0, got 'ten minutes'"
    with pytest.raises(ValueError, match=named):
        download_mnist(tmp_path, names=[LABELS], mirrors=[served.url("good")])


# --------------------------------------------------------------------------- shared caches


@pytest.mark.parametrize("umask", [0o022, 0o002, 0o077])
def test_downloads_get_the_mode_the_umask_gives(tmp_path: Path, served: Mirrors, umask: int) -> None:
    old = os.umask(umask)
    try:
        download_mnist(tmp_path, names=[LABELS], mirrors=[served.url("good")])
    finally:
        os.umask(old)
    assert (tmp_path / LABELS).stat().st_mode & 0o777 == 0o666 & ~umask


REPAIR = """
import pathlib, sys, time
from nnbook.mnist import download_mnist
folder, name, mirror, go = sys.argv[1:]
print("ready", flush=True)
while not pathlib.Path(go).exists():  # start together, so both find the bad file
    time.sleep(0.001)
download_mnist(folder, names=[name], mirrors=[mirror])
print("repaired")
"""


def test_two_processes_repairing_the_same_file_both_succeed(tmp_path: Path, served: Mirrors, mnist_dir: Path) -> None:
    """Both find the same bad file; one repairs it, the other waits and then finds it good.

    The largest file is used because checking it takes a fifth of a second: long enough
    for both processes to see it bad before either moves it aside.
    """
    name = "train-images-idx3-ubyte.gz"
    cache, go = tmp_path / "cache", tmp_path / "go"
    cache.mkdir()
    bad = _wrong_content(served.files[name])
    (cache / name).write_bytes(bad)
    command = [sys.executable, "-c", REPAIR, str(cache), name, served.url("delayed"), str(go)]
    env = os.environ | {"PYTHONPATH": str(CODE)}
    repairs = [
        subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)
    ]
    for process in repairs:
        assert process.stdout.readline().strip() == "ready"
    go.touch()
    results = [process.communicate(timeout=120) for process in repairs]
    for process, (out, err) in zip(repairs, results):
        assert process.returncode == 0 and out.strip() == "repaired", err
    assert served.requests == [f"/delayed/{name}"]  # the second one found it repaired
    assert_good_copy(cache, name, mnist_dir)
    assert (cache / f"{name}.corrupt").read_bytes() == bad
    assert cache_listing(cache) == [name, f"{name}.corrupt"]  # no lock or temporary file left
