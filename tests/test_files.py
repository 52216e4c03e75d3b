"""nnbook.files: atomic writes with the umask's permissions, nothing left behind, and a lock to take turns."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from nnbook import files
from nnbook.files import atomic_write, exclusive_lock

CODE = Path(files.__file__).resolve().parents[1]


def listing(folder: Path) -> list[str]:
    """Every name in ``folder``, hidden temporary files included."""
    return sorted(p.name for p in folder.iterdir())


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


@pytest.fixture
def umask():
    """Set the umask for one test (it belongs to the whole process), then put it back."""
    old = os.umask(0o022)
    yield lambda value: os.umask(value)
    os.umask(old)


# --------------------------------------------------------------------------- writing


def test_bytes_and_writers_both_land_whole(tmp_path: Path) -> None:
    target = tmp_path / "out.bin"
    assert atomic_write(target, b"first") == target
    assert target.read_bytes() == b"first"
    atomic_write(str(target), lambda out: [out.write(piece) for piece in (b"sec", b"ond")])
    assert target.read_bytes() == b"second"
    assert listing(tmp_path) == ["out.bin"]


@pytest.mark.parametrize("value", [0o022, 0o002, 0o077, 0o027])
def test_new_files_get_the_mode_the_umask_gives(tmp_path: Path, umask, value: int) -> None:
    umask(value)
    atomic_write(tmp_path / "new.bin", b"x")
    assert mode(tmp_path / "new.bin") == 0o666 & ~value


@pytest.mark.parametrize("before", [0o644, 0o600, 0o664])
def test_saving_over_a_file_gives_the_umask_mode(tmp_path: Path, umask, before: int) -> None:
    """Not 0600 from a temporary file: a teacher's shared copy stays readable by the class."""
    target = tmp_path / "shared.bin"
    target.write_bytes(b"old")
    target.chmod(before)
    umask(0o022)
    atomic_write(target, b"new")
    assert mode(target) == 0o644 and target.read_bytes() == b"new"


def test_a_failing_writer_keeps_the_old_file_and_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "kept.bin"
    target.write_bytes(b"old")

    def half_then_fail(out) -> None:
        out.write(b"half of the new")
        assert len(listing(tmp_path)) == 2  # the temporary file exists while writing
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, half_then_fail)
    assert target.read_bytes() == b"old"
    assert listing(tmp_path) == ["kept.bin"]


def test_errors_name_the_file_asked_for(tmp_path: Path) -> None:
    target = tmp_path / "missing-folder" / "weights.npz"
    with pytest.raises(FileNotFoundError) as caught:
        atomic_write(target, b"x")
    assert str(target) in str(caught.value) and ".part" not in str(caught.value)

    (tmp_path / "a-folder.npz").mkdir()
    with pytest.raises(IsADirectoryError) as caught:
        atomic_write(tmp_path / "a-folder.npz", b"x")
    assert str(tmp_path / "a-folder.npz") in str(caught.value) and ".part" not in str(caught.value)
    assert listing(tmp_path) == ["a-folder.npz"]


def test_signal_handlers_are_put_back_after_a_write(tmp_path: Path) -> None:
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
    seen = []
    atomic_write(tmp_path / "x", lambda out: seen.append(signal.getsignal(signal.SIGTERM)))
    assert seen != [signal.SIG_DFL]  # a clean-up handler was in place during the write
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL


BLOCKED_WRITE = """
import sys, time
from nnbook.files import atomic_write

def stuck(out):
    out.write(b"the first part")
    out.flush()
    print("writing", flush=True)
    time.sleep(60)

atomic_write(sys.argv[1], stuck)
"""


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
def test_a_stop_signal_during_a_write_leaves_no_temporary_file(tmp_path: Path, name: str) -> None:
    target = tmp_path / "weights.npz"
    target.write_bytes(b"old")
    writer = subprocess.Popen(
        [sys.executable, "-c", BLOCKED_WRITE, str(target)],
        env=os.environ | {"PYTHONPATH": str(CODE)},
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout.readline().strip() == "writing"
        assert len(listing(tmp_path)) == 2  # the old file and the unfinished one
        writer.send_signal(getattr(signal, name))
        assert writer.wait(timeout=30) == -getattr(signal, name)  # still ends as the signal says
    finally:
        writer.kill()
        writer.stdout.close()
    assert listing(tmp_path) == ["weights.npz"] and target.read_bytes() == b"old"


# --------------------------------------------------------------------------- taking turns


def test_the_lock_lets_one_holder_in_at_a_time(tmp_path: Path) -> None:
    lock = tmp_path / ".job.lock"
    inside, overlaps = [], []

    def job(number: int) -> None:
        with exclusive_lock(lock) as held:
            assert held
            if inside:
                overlaps.append(number)
            inside.append(number)
            time.sleep(0.05)
            inside.remove(number)

    workers = [threading.Thread(target=job, args=(n,)) for n in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert overlaps == []
    assert listing(tmp_path) == []  # the lock file goes when the last holder lets go


def test_without_locking_the_block_still_runs(tmp_path: Path, monkeypatch) -> None:
    with exclusive_lock(tmp_path / "no-such-folder" / ".job.lock") as held:
        assert held is False  # a folder where no lock file can be made
    monkeypatch.setattr(files, "fcntl", None)  # as on Windows or in the browser
    with exclusive_lock(tmp_path / ".job.lock") as held:
        assert held is False
    assert listing(tmp_path) == []
