"""Shared fixtures: where the real MNIST files are, and how to behave when they are not.

The real files are never committed. Tests that need them look in the folder named by
``NNBOOK_DATA_DIR`` (what CI sets), then in ``../shared/mnist`` beside the checkout.
On a reader's machine without the files those tests skip; in CI (``CI`` set) a missing
data set is a failure, so that the integration tests can never silently not run.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
MNIST_FILES = (
    "train-images-idx3-ubyte.gz",
    "train-labels-idx1-ubyte.gz",
    "t10k-images-idx3-ubyte.gz",
    "t10k-labels-idx1-ubyte.gz",
)


def _candidate_dirs() -> list[Path]:
    dirs = []
    if os.environ.get("NNBOOK_DATA_DIR"):
        dirs.append(Path(os.environ["NNBOOK_DATA_DIR"]))
    dirs.append(REPO.parent / "shared" / "mnist")
    return dirs


@pytest.fixture(scope="session")
def mnist_dir() -> Path:
    """A folder holding the four standard gzipped MNIST files."""
    for folder in _candidate_dirs():
        if all((folder / name).is_file() for name in MNIST_FILES):
            return folder
    message = (
        "the MNIST files were not found in "
        + ", ".join(str(d) for d in _candidate_dirs())
        + "; set NNBOOK_DATA_DIR to a folder holding the four .gz files"
    )
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def site() -> Path:
    """The folder of the built website, as `make book` builds it: one build per test session.

    Every test that looks at the site asks for this fixture, so the site is built (or found up
    to date, tools/site_stamp.py) once, by the first test that needs it. A failed build fails
    every test that asked, with the build's log, without building again.
    """
    from browser import site_for_tests

    return site_for_tests()


@pytest.fixture(autouse=True, scope="module")
def _close_figures_after_each_module():
    """Close the matplotlib figures a test module opened and left open, so they never pile up.

    Per module, not per test: some modules keep figures on purpose from one test to the next.
    Figures that existed before the module started (some are drawn while pytest collects the
    tests, to name them) are left alone.
    """
    import matplotlib.pyplot as plt

    before = set(plt.get_fignums())
    yield
    for number in set(plt.get_fignums()) - before:
        plt.close(number)


def pytest_configure(config: pytest.Config) -> None:
    """test_diagrams keeps its 17 book diagrams open for the whole run (drawn once, while the
    tests are collected); matplotlib's warning at 20 open figures would then fire for any
    module that opens a handful more. Warn at 40 instead: a real leak still shows."""
    import matplotlib

    matplotlib.rcParams["figure.max_open_warning"] = 40
