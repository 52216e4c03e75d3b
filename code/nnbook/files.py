"""Writing files safely: whole or not at all, with the reader's permissions, and one at a time.

Everything the package keeps on disk (downloaded MNIST files, the book's small CSV files,
trained networks) is written through :func:`atomic_write`, so three promises hold for all
of them:

- **Whole or not at all.** The bytes go to a hidden temporary file beside the target and
  take the real name with ``os.replace`` only when complete, so a reader of the target sees
  the old file or the new one, never half of either.
- **Nothing left behind.** The temporary file is removed when the write fails, is
  interrupted (Ctrl-C), or the process is told to stop with SIGTERM or SIGHUP.
- **The reader's permissions.** The file gets the mode the umask gives a new file, as with
  any other program, so a cache shared by a class stays readable by the class. (Python's
  ``tempfile.mkstemp`` would make it 0600: readable by its owner only.)

:func:`exclusive_lock` lets two processes take turns at a job on a shared folder, such as
repairing a damaged cache file.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import secrets
import signal
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import BinaryIO

try:
    import fcntl
except ImportError:  # Windows, and the in-browser Python
    fcntl = None  # type: ignore[assignment]

__all__ = ["atomic_write", "exclusive_lock"]

Writer = Callable[[BinaryIO], object]
"""A function that writes a file's contents into the open binary file it is given."""

_NEW_FILE_MODE = 0o666
"""Asked for when creating a file; the operating system takes away what the umask says."""

_STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))
"""Signals that end a program by default; a write under way removes its temporary file first."""

_unfinished: set[Path] = set()
"""Temporary files of the writes under way (in any thread), for a signal or the exit to remove."""


# --------------------------------------------------------------------------- writing


def atomic_write(path: str | os.PathLike[str], contents: bytes | Writer) -> Path:
    """Write ``contents`` to ``path`` so that nobody ever sees a partial file; return the path.

    ``contents`` is the bytes to write, or a function that is handed the open binary file
    and writes into it (for large or streamed contents, e.g. ``np.savez`` or chunks of
    text); if it raises, its error propagates and the old file at ``path`` stays as it
    was. The new file gets the mode the umask allows (``0o666 & ~umask``), also when it
    replaces an existing file. Errors name ``path``, never the hidden temporary file.
    """
    target = Path(path)
    restore = _install_stop_handlers()
    try:
        handle, temporary = _create_temporary(target)
        try:
            with os.fdopen(handle, "wb") as out:
                if callable(contents):
                    contents(out)
                else:
                    out.write(contents)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, target)
        except OSError as error:
            raise _naming(error, temporary, target) from None
        finally:
            temporary.unlink(missing_ok=True)  # already gone after a successful replace
            _unfinished.discard(temporary)
    finally:
        restore()
    return target


def _create_temporary(target: Path) -> tuple[int, Path]:
    """Create a new hidden file beside ``target`` and open it for writing.

    The name is recorded as unfinished *before* the file exists, so there is no moment
    in which a signal could strand it. ``O_EXCL`` guarantees the file is new, and asking
    for mode 0o666 lets the operating system apply the umask (and any default ACL).
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
        _unfinished.add(temporary)
        try:
            return os.open(temporary, flags, _NEW_FILE_MODE), temporary
        except FileExistsError:
            _unfinished.discard(temporary)
        except OSError as error:
            _unfinished.discard(temporary)
            raise _naming(error, temporary, target) from None


def _naming(error: OSError, temporary: Path, target: Path) -> OSError:
    """The same kind of error, naming the file the caller asked for instead of the temporary one.

    Only errors about the temporary file itself are reworded; anything else (a full disk,
    an error of the caller's writer) is passed on as it was.
    """
    if error.errno is None or error.filename != str(temporary):
        return error
    return OSError(error.errno, f"cannot write {target}: {error.strerror}")


# --------------------------------------------------------------------------- cleaning up


def _remove_unfinished() -> None:
    """Remove the temporary file of every write that has not finished."""
    for temporary in list(_unfinished):
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


def _stop(signum: int, frame: FrameType | None) -> None:
    """Clean up, then let the signal do what it would have done: end the process."""
    _remove_unfinished()
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


def _install_stop_handlers() -> Callable[[], None]:
    """While a write is under way, SIGTERM or SIGHUP first removes unfinished temporary files.

    Returns the function that puts the default action back. Only default actions are
    replaced, so a program's own handlers are left alone (if they raise, the write's own
    clean-up runs). Python installs handlers only from the main thread: a write in
    another thread still cleans up on errors, Ctrl-C and a normal exit (``atexit``), and
    is covered by the signal whenever a main-thread write is also under way. Nested
    writes find the handler in place and leave the undoing to the one that installed it.
    """
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    replaced = []
    for signum in _STOP_SIGNALS:
        try:
            if signal.getsignal(signum) is signal.SIG_DFL:
                signal.signal(signum, _stop)
                replaced.append(signum)
        except (OSError, ValueError, RuntimeError):  # a platform without handlers for it
            pass

    def restore() -> None:
        for signum in replaced:
            if signal.getsignal(signum) is _stop:
                signal.signal(signum, signal.SIG_DFL)

    return restore


atexit.register(_remove_unfinished)


# --------------------------------------------------------------------------- taking turns


@contextlib.contextmanager
def exclusive_lock(path: str | os.PathLike[str]) -> Iterator[bool]:
    """Hold an exclusive lock on the lock file ``path`` while the block runs.

    Yields True when the lock is held. Where locking is impossible (no ``fcntl``, as on
    Windows or in the browser; a read-only folder; a file system without locks) it yields
    False at once and the block runs unlocked, so callers must stay correct without it,
    only less tidy. The lock file is removed on release, so the folder stays clean.
    """
    handle = _acquire(Path(path))
    try:
        yield handle is not None
    finally:
        if handle is not None:
            _release(Path(path), handle)


def _acquire(path: Path) -> int | None:
    """Open and lock ``path``; None if that cannot be done here.

    A process that waited may find, once it holds the lock, that the holder before it
    removed the file on release: its lock is then on a file nobody else will look at, so
    it starts again with the file now at ``path``.
    """
    if fcntl is None:
        return None
    while True:
        try:
            handle = os.open(path, os.O_RDWR | os.O_CREAT, _NEW_FILE_MODE)
        except OSError:
            return None
        try:
            fcntl.flock(handle, fcntl.LOCK_EX)
            if _same_file(handle, path):
                return handle
        except OSError:
            os.close(handle)
            return None
        os.close(handle)


def _same_file(handle: int, path: Path) -> bool:
    try:
        here, there = os.fstat(handle), os.stat(path)
    except FileNotFoundError:
        return False
    return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)


def _release(path: Path, handle: int) -> None:
    """Remove the lock file while still holding it, then let go (waiters will notice)."""
    with contextlib.suppress(OSError):
        path.unlink()
    os.close(handle)
