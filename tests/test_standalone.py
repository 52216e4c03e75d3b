"""The downloadable single-file program of page 2.12 (book/part2/downloads/mnist_network.py).

It must stay in step with the package: the same maths as ``nnbook.network`` on the
same weights, the same starting weights from the same seed, the same digits from CSV
and IDX files as ``nnbook.data`` reads, and it must learn when run as a reader would.
It is also offered for download on the page.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from nnbook.data import load_mnist, make_targets, scale_inputs, write_csv_records
from nnbook.network import NeuralNetwork

REPO = Path(__file__).resolve().parents[1]
PROGRAM = REPO / "book" / "part2" / "downloads" / "mnist_network.py"


@pytest.fixture(scope="module")
def standalone() -> ModuleType:
    """The program imported as a module (its ``main`` runs only as a script)."""
    spec = importlib.util.spec_from_file_location("mnist_network", PROGRAM)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_imports_only_numpy_scipy_and_the_standard_library() -> None:
    imported = set(re.findall(r"^(?:from|import) (\w+)", PROGRAM.read_text(), flags=re.MULTILINE))
    assert imported <= {"__future__", "argparse", "gzip", "pathlib", "numpy", "scipy"}, imported


def test_same_starting_weights_as_the_package(standalone: ModuleType) -> None:
    mine = standalone.NeuralNetwork(784, 30, 10, 0.1, seed=5)
    package = NeuralNetwork([784, 30, 10], learning_rate=0.1, rng=5)
    np.testing.assert_array_equal(mine.wih, package.wih)
    np.testing.assert_array_equal(mine.who, package.who)


def test_same_maths_as_the_package_on_the_same_weights(standalone: ModuleType) -> None:
    rng = np.random.default_rng(0)
    mine = standalone.NeuralNetwork(20, 7, 4, 0.3)
    mine.wih, mine.who = rng.normal(0, 0.5, (7, 20)), rng.normal(0, 0.5, (4, 7))
    package = NeuralNetwork.from_weights([mine.wih.copy(), mine.who.copy()], learning_rate=0.3)
    for _ in range(5):
        inputs, targets = rng.uniform(0.01, 1.0, 20), rng.uniform(0.01, 0.99, 4)
        np.testing.assert_allclose(mine.query(inputs), package.query(inputs), rtol=0, atol=1e-12)
        np.testing.assert_allclose(mine.train(inputs, targets), package.train(inputs, targets), rtol=0, atol=1e-12)
    np.testing.assert_allclose(mine.wih, package.wih, rtol=0, atol=1e-12)
    np.testing.assert_allclose(mine.who, package.who, rtol=0, atol=1e-12)


def test_scaling_and_targets_match_the_package(standalone: ModuleType) -> None:
    pixels = np.arange(256).reshape(1, -1)
    np.testing.assert_allclose(standalone.scale(pixels), scale_inputs(pixels), rtol=0, atol=1e-12)
    np.testing.assert_array_equal(standalone.target(3), make_targets(np.array([3]))[0])


def test_reads_idx_and_csv_files_like_the_package(standalone: ModuleType, mnist_dir: Path, tmp_path: Path) -> None:
    labels, pixels = standalone.load(mnist_dir, "test", limit=25)
    want_labels, want_pixels = load_mnist("test", limit=25, data_dir=mnist_dir, download=False)
    np.testing.assert_array_equal(labels, want_labels)
    np.testing.assert_array_equal(pixels, want_pixels)
    write_csv_records(tmp_path / "mnist_test.csv", want_labels, want_pixels)
    csv_labels, csv_pixels = standalone.load(tmp_path, "test", limit=10)
    np.testing.assert_array_equal(csv_labels, want_labels[:10])
    np.testing.assert_array_equal(csv_pixels, want_pixels[:10])


def test_learns_when_run_as_a_script(mnist_dir: Path) -> None:
    """A small slice (1,000 digits, one epoch, about a second): far better than guessing."""
    command = [sys.executable, str(PROGRAM), "--data-dir", str(mnist_dir), "--hidden", "50",
               "--learning-rate", "0.3", "--epochs", "1", "--train-limit", "1000", "--test-limit", "500",
               "--seed", "1"]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=True)
    score = float(re.search(r"performance = ([0-9.]+)", done.stdout).group(1))
    assert score > 0.7, done.stdout


def test_the_final_code_page_offers_it_for_download() -> None:
    page = (REPO / "book" / "part2" / "final-code.md").read_text()
    assert "{download}`" in page and "downloads/mnist_network.py" in page
