"""Tests of nnbook.figures.part2.primer and of the Python primer pages that use it.

The figures are checked through the text they draw (names, values, addresses), which is what
a reader relies on. The primer page itself is executed top to bottom, as the book build does,
and the numbers it glues into its prose are compared with facts worked out independently
(by hand, or from the network class for the weight count).
"""

from __future__ import annotations

import ast
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure

from nnbook.figures.part2.primer import (
    array_cells_figure,
    class_objects_figure,
    variable_box_figure,
)

REPO = Path(__file__).resolve().parents[1]
PART2 = REPO / "book" / "part2"


def texts(fig: Figure) -> list[str]:
    return [t.get_text() for ax in fig.axes for t in ax.texts]


def assert_opaque_white(fig: Figure) -> None:
    assert to_rgba(fig.get_facecolor()) == (1.0, 1.0, 1.0, 1.0)


# --- F1: the variable box ---------------------------------------------------------------


def test_variable_box_shows_name_value_and_the_line_of_code() -> None:
    fig = variable_box_figure("x", 10)
    drawn = texts(fig)
    assert "x" in drawn and "10" in drawn and "x = 10" in drawn
    assert_opaque_white(fig)
    plt.close(fig)


def test_variable_box_writes_values_as_python_shows_them() -> None:
    fig = variable_box_figure("greeting", "hi")
    assert "'hi'" in texts(fig) and "greeting = 'hi'" in texts(fig)
    plt.close(fig)


@pytest.mark.parametrize("name", ["2x", "my box", ""])
def test_variable_box_refuses_names_python_would_refuse(name: str) -> None:
    with pytest.raises(ValueError, match="cannot be a Python variable name"):
        variable_box_figure(name, 1)


def test_variable_box_refuses_values_too_long_to_draw() -> None:
    with pytest.raises(ValueError, match="too long"):
        variable_box_figure("x", 12345678901234567890)


# --- The array as a table with addresses ------------------------------------------------


def primer_array() -> np.ndarray:
    a = np.zeros((3, 2))
    a[0, 0], a[0, 1], a[1, 0], a[2, 1] = 1, 2, 9, 12
    return a


def test_array_cells_label_every_cell_with_its_numpy_address() -> None:
    a = primer_array()
    fig = array_cells_figure(a)
    drawn = texts(fig)
    addresses = [t for t in drawn if t.startswith("[")]
    assert sorted(addresses) == sorted(f"[{r}, {c}]" for r in range(3) for c in range(2))
    # Each address sits under the value numpy really holds at that address.
    ax = fig.axes[0]
    for t in ax.texts:
        if t.get_text().startswith("["):
            r, c = ast.literal_eval(t.get_text())
            x, y = t.get_position()
            above = [
                u
                for u in ax.texts
                if abs(u.get_position()[0] - x) < 1e-9
                and 0 < u.get_position()[1] - y < 0.5
                and not u.get_text().startswith("[")
            ]
            assert [u.get_text() for u in above] == [f"{a[r, c]:g}"]
    assert {"row 0", "row 2", "column 0", "column 1"} <= set(drawn)
    assert "row 3" not in drawn and "column 2" not in drawn
    assert_opaque_white(fig)
    plt.close(fig)


def test_array_cells_refuse_arrays_that_are_not_tables() -> None:
    with pytest.raises(ValueError, match="2-D"):
        array_cells_figure(np.zeros(4))
    with pytest.raises(ValueError, match="does not fit"):
        array_cells_figure(np.zeros((7, 2)))


# --- F2: class and objects --------------------------------------------------------------


class Robot:
    """The primer's robot, enough of it for the figure."""

    def __init__(self, name: str, battery: int) -> None:
        self.name = name
        self.battery = battery


def test_class_objects_draws_one_card_per_object_with_its_own_data() -> None:
    rover, sparky = Robot("Rover", 80), Robot("Sparky", 75)
    fig = class_objects_figure(
        "Robot", ["name", "battery"], ["status", "charge"], [("rover", vars(rover)), ("sparky", vars(sparky))]
    )
    drawn = texts(fig)
    assert "class Robot" in drawn
    assert drawn.count("a Robot") == 2
    for expected in ["rover", "sparky", "name = 'Rover'", "battery = 80", "name = 'Sparky'", "battery = 75"]:
        assert expected in drawn
    assert drawn.count("can: status(), charge()") == 2
    assert sum(isinstance(p, matplotlib.patches.FancyArrowPatch) for p in fig.axes[0].patches) == 2
    assert_opaque_white(fig)
    plt.close(fig)


def test_class_objects_refuses_objects_missing_data() -> None:
    with pytest.raises(ValueError, match="'rover' has no value for battery"):
        class_objects_figure("Robot", ["name", "battery"], [], [("rover", {"name": "Rover"})])
    with pytest.raises(ValueError, match="at least one object"):
        class_objects_figure("Robot", ["name"], [], [])


# --- The primer pages, executed as the build executes them ------------------------------


def run_page(path: Path) -> dict:
    """Execute a MyST page in a fresh kernel (from its own folder); return its notebook."""
    import jupytext
    from nbclient import NotebookClient

    notebook = jupytext.read(path)
    NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    return notebook


def glued(notebook) -> dict[str, object]:
    """The values a page glued into its prose, read back from their text/plain form."""
    values = {}
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            scrap = output.get("metadata", {}).get("scrapbook", {})
            text = output.get("data", {}).get(scrap.get("mime_prefix", "") + "text/plain")
            if "name" in scrap and text is not None:
                try:
                    values[scrap["name"]] = ast.literal_eval(text)
                except (ValueError, SyntaxError):
                    values[scrap["name"]] = text
    return values


@pytest.fixture(scope="module")
def gentle_start():
    return run_page(PART2 / "gentle-start.md")


def test_gentle_start_glues_the_worked_examples(gentle_start) -> None:
    values = glued(gentle_start)
    assert values["gs-two-times-three"] == 6
    assert values["gs-x-plus-5"] == 15 and values["gs-y"] == 17  # x = 10
    assert (values["gs-range-first"], values["gs-range-last"], values["gs-range-count"]) == (0, 9, 10)
    assert values["gs-cube"] == 8
    assert values["gs-avg-small"] == 3.0 and isinstance(values["gs-avg-small"], float)
    assert values["gs-avg-big"] == 250.5 and values["gs-floor-big"] == 250
    assert (values["gs-a01"], values["gs-a10"]) == (2.0, 9.0)
    assert values["gs-sparky-after"] == 35 + 40
    assert (values["gs-ex-seven-slash"], values["gs-ex-seven-floor"]) == (3.5, 3)
    assert values["gs-ex-cubes-total"] == (1 + 2 + 3 + 4 + 5) ** 2


def test_gentle_start_shows_the_two_errors_it_promises(gentle_start) -> None:
    errors = [
        (output["ename"], output["evalue"])
        for cell in gentle_start.cells
        for output in cell.get("outputs", [])
        if output.get("output_type") == "error"
    ]
    assert errors[0] == ("NameError", "name 'z' is not defined")
    assert errors[1][0] == "IndexError" and "axis 1 with size 2" in errors[1][1]
    assert len(errors) == 2
    # Only cells that are allowed to fail may fail.
    for cell in gentle_start.cells:
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            assert "raises-exception" in cell.metadata.get("tags", [])


def test_gentle_start_teaching_cells_are_short() -> None:
    import jupytext

    for cell in jupytext.read(PART2 / "gentle-start.md").cells:
        if cell.cell_type == "code" and "remove-input" not in cell.metadata.get("tags", []):
            assert len(cell.source.splitlines()) <= 15, cell.source


def test_part_opening_counts_the_final_networks_weights() -> None:
    from nnbook.network import NeuralNetwork

    values = glued(run_page(PART2 / "index.md"))
    net = NeuralNetwork([784, 200, 10], 0.1, rng=np.random.default_rng(0))
    assert values["p2-final-weights"] == net.wih.size + net.who.size
