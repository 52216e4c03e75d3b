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


# The tests that take seconds each (measured on our 2-core machine), left out of
# `make test-quick`: whole modules, or module::function for every parameter of a test. A name
# that no longer matches only puts that test back into the quick tier.
SLOW = {
    "test_integration.py",  # one epoch on all of MNIST
    "test_launch.py",  # a notebook twin run top to bottom away from the book
    "test_package_cache.py::test_only_pages_using_a_changed_module_run_again",  # five small books
    "test_augmentation.py::test_figures_and_slider",
    "test_augmentation.py::test_parallel_workers_give_the_same_results",
    "test_diagrams.py::test_interactive_figures_stay_light",
    "test_digit_demo.py::test_example_drawings_are_read_correctly_by_the_final_network",  # trains it once
    "test_download.py::test_two_processes_repairing_the_same_file_both_succeed",
    "test_editions.py::test_notebook_twins_for_colab_are_up_to_date",
    "test_experiments.py::test_two_worker_processes_give_the_same_results_as_one",
    "test_gradient.py::test_interactive_figures_are_light_and_labelled",
    "test_gradient.py::test_saturation_slider_reports_the_slope_it_draws",
    "test_mind.py::test_browsers_have_one_frame_per_value_and_stay_light",
    "test_mnist_figures.py::test_target_browser_has_a_frame_per_label_with_alt_text",
    "test_neurons.py::test_steepness_slider",
    "test_neurons.py::test_xor_one_line_slider",
    "test_neurons.py::test_xor_two_lines_slider_wins_only_between_one_and_two",
    "test_neurons.py::test_fourteen_of_sixteen_two_input_functions_are_linearly_separable",
    "test_plots.py::test_learning_rate_replay_widget_has_one_light_frame_per_rate",
    "test_pretrained.py::test_a_damaged_kept_file_is_replaced",
    "test_pretrained.py::test_trains_once_then_loads_the_same_weights",
    "test_primer_figures.py::test_gentle_start_glues_the_worked_examples",
    "test_widgets.py::test_the_two_part_one_figures_stay_light",
    "test_widgets.py::test_km_miles_frames_report_prediction_and_signed_error",
}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the tests that `make test-quick` (``-m "not (site or pdf or slow)"``) leaves out:
    those that need the built website or the PDF, found from the fixtures they use, and the
    slow ones of :data:`SLOW`."""
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if "site" in fixtures:
            item.add_marker(pytest.mark.site)
        if "book_pdf" in fixtures:
            item.add_marker(pytest.mark.pdf)
        module = item.path.name
        function = getattr(item, "originalname", item.name)
        if module in SLOW or f"{module}::{function}" in SLOW:
            item.add_marker(pytest.mark.slow)


def pytest_configure(config: pytest.Config) -> None:
    """test_diagrams keeps its 17 book diagrams open for the whole run (drawn once, while the
    tests are collected); matplotlib's warning at 20 open figures would then fire for any
    module that opens a handful more. Warn at 40 instead: a real leak still shows."""
    import matplotlib

    matplotlib.rcParams["figure.max_open_warning"] = 40
