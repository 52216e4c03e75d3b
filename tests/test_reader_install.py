"""The notebook editions run with the reader's install alone, within Binder's 2 GB.

A reader on Colab, on Binder or at home has the book's package and a Jupyter kernel, not the
build tools (Jupyter Book, myst-nb, jupytext). This test makes exactly that: a fresh virtual
environment (no system site packages) holding only the package, ``ipykernel`` and
``nbclient``, installed at the versions of constraints.txt (pip keeps its downloaded wheels in
its cache, so later runs install in seconds). In it, each edition below runs top to bottom
the way Colab runs it: copied alone into an empty folder, with an empty home folder (the
set-up cell fetches the book by ``git clone`` from this repository) and an empty MNIST cache
(MNIST comes from a loopback mirror of the real files, through the package's own download
code). Any error fails the test, and so does a peak memory above Binder's 2 GB: the peak of
the summed resident memory of the kernel and every process it starts, sampled as it runs.

The timings and peaks go to ``_build/reader-install.json``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from browser import LoopbackSite

REPO = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow

BINDER_MEMORY = 2 * 1024**3  # bytes: what mybinder.org gives a session
# Part 2's MNIST page trains the final network (nothing is kept yet in the fresh clone); the
# pages after it load the kept copy. Order matters: the first trains, the others reuse.
EDITIONS = [
    "part2/mnist",
    "part2/testing",
    "part2/final-code",
    "part3/your-own-handwriting",
    "part3/inside-the-mind",
]
# The heaviest page (turned copies of the training set) runs only when asked: it takes long.
if os.environ.get("NNBOOK_TEST_ROTATIONS"):
    EDITIONS.append("part3/rotations")

RUNNER = """\
import sys

import nbformat
from nbclient import NotebookClient

path, folder = sys.argv[1], sys.argv[2]
notebook = nbformat.read(path, as_version=4)
NotebookClient(notebook, timeout=3600, kernel_name="python3", resources={"metadata": {"path": folder}}).execute()
nbformat.write(notebook, path)
"""


@pytest.fixture(scope="module")
def mirror(mnist_dir: Path) -> Iterator[str]:
    """A loopback web server holding the four MNIST files; yields its base address."""
    with LoopbackSite(mnist_dir).running() as address:
        yield address + "/"


@pytest.fixture(scope="module")
def reader_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Python of a fresh virtual environment with the package, ipykernel and nbclient only."""
    venv = tmp_path_factory.mktemp("reader") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
    python = venv / "bin" / "python"
    # pip builds the package in the folder it is given: a copy, so the checkout stays clean.
    code = tmp_path_factory.mktemp("package") / "code"
    shutil.copytree(REPO / "code", code, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"))
    install = [str(python), "-m", "pip", "install", "--quiet", "-c", str(REPO / "constraints.txt")]
    subprocess.run([*install, str(code), "ipykernel", "nbclient"], check=True)
    subprocess.run([str(python), "-m", "ipykernel", "install", "--sys-prefix", "--name", "python3"], check=True)
    return python


def test_the_reader_environment_has_no_build_tools(reader_python: Path) -> None:
    check = "import importlib.util as u, sys; sys.exit(any(u.find_spec(m) for m in sys.argv[1:]))"
    missing = subprocess.run([str(reader_python), "-c", check, "myst_nb", "jupyter_book", "jupytext", "sphinx"])
    assert missing.returncode == 0, "the reader's environment must not hold the build tools"
    base = subprocess.run(
        [str(reader_python), "-c", "import sys; print(sys.prefix != sys.base_prefix)"], capture_output=True, text=True
    )
    assert base.stdout.strip() == "True"


def _descendants(root: int) -> list[int]:
    """``root`` and every process below it (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def _resident(pids: list[int]) -> int:
    """The summed resident memory of ``pids``, in bytes."""
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return total


def _run_measured(command: list[str], env: dict[str, str]) -> tuple[subprocess.CompletedProcess, int, float]:
    """Run ``command``; return its result, the peak summed memory of its process tree, seconds."""
    started = time.monotonic()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            tree = _descendants(process.pid)[1:]  # the kernel and its workers, not nbclient itself
            peak = max(peak, _resident(tree))
            done.wait(0.25)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = process.communicate()
    done.set()
    sampler.join()
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr), peak, time.monotonic() - started


@pytest.fixture(scope="module")
def reader_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One empty home for all the editions: the first fetches the book, the others find it."""
    return tmp_path_factory.mktemp("home")


@pytest.mark.parametrize("name", EDITIONS)
def test_an_edition_runs_with_only_the_package(
    name: str, reader_python: Path, reader_home: Path, mirror: str, tmp_path: Path
) -> None:
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("needs git and a git checkout of the book")
    edition = REPO / "notebooks" / f"{name}.ipynb"
    folder, cache = tmp_path / "Downloads", reader_home.parent / "empty-mnist-cache"
    folder.mkdir()
    cache.mkdir(exist_ok=True)
    copy = folder / edition.name
    shutil.copy(edition, copy)  # what Colab or a download hands the reader, alone in a folder
    env = {
        "PATH": f"{reader_python.parent}:/usr/bin:/bin",
        "HOME": str(reader_home),
        "NNBOOK_REPOSITORY": str(REPO),
        "NNBOOK_DATA_DIR": str(cache),
        "NNBOOK_MNIST_MIRRORS": mirror,
        "MPLBACKEND": "Agg",
    }
    result, peak, seconds = _run_measured([str(reader_python), "-c", RUNNER, str(copy), str(folder)], env)
    report = REPO / "_build" / "reader-install.json"
    report.parent.mkdir(exist_ok=True)
    measured = json.loads(report.read_text()) if report.is_file() else {}
    measured[name] = {"peak_mib": round(peak / 2**20), "seconds": round(seconds), "ok": result.returncode == 0}
    report.write_text(json.dumps(measured, indent=1, sort_keys=True) + "\n")
    assert result.returncode == 0, f"{name} failed in the reader's environment:\n{result.stderr[-4000:]}"
    assert peak < BINDER_MEMORY, f"{name} peaked at {peak / 2**20:.0f} MiB, more than Binder's 2 GB"
    assert sorted(os.listdir(folder)) == [edition.name], "the page must run in the book's folder"
