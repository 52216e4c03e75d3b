"""The network class written out on the page "A neural network in Python" is the package's network.

The page builds a three-layer network class in visible code for readers to type, and from
the next page on the book uses :class:`nnbook.network.NeuralNetwork` instead. This module
reads the page itself (with jupytext), runs the cell that holds the complete class, and
checks that the two agree: same starting weights for the same seed, the same answers,
and the same weights after training on a few records. It also checks the page's class
against facts that do not depend on either implementation: the worked example of Part 1,
the sigmoid of 0, a finite-difference gradient, the update rule written out with plain loops,
and the weight count of the exercises.
And it checks that the pieces the page builds step by step (``query`` and ``train``
defined on their own) are the very methods of the complete class.
"""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import jupytext
import numpy as np
import pytest

import nnbook.network

PAGE = Path(__file__).resolve().parents[1] / "book" / "part2" / "network-in-python.md"


def _code_cells() -> list[str]:
    notebook = jupytext.read(PAGE)
    return [cell.source for cell in notebook.cells if cell.cell_type == "code"]


def _complete_class_source() -> str:
    """The one cell that defines the class with all three methods."""
    found = [
        source
        for source in _code_cells()
        if "class NeuralNetwork" in source
        and "def train(self, inputs, targets)" in source
        and "def query(self, inputs)" in source
    ]
    assert len(found) == 1, f"expected exactly one cell with the complete class, found {len(found)}"
    return found[0]


@pytest.fixture(scope="module")
def page_class() -> type:
    namespace: dict = {}
    exec(compile(_complete_class_source(), str(PAGE), "exec"), namespace)  # the cell runs on its own
    return namespace["NeuralNetwork"]


def _functions(source: str) -> dict[str, str]:
    """Every function defined in ``source`` (at any depth), as a normalised AST dump, by name."""
    tree = ast.parse(textwrap.dedent(source))
    return {node.name: ast.dump(node) for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}


def test_the_step_by_step_pieces_are_the_methods_of_the_complete_class() -> None:
    complete = _functions(_complete_class_source())
    for name in ("query", "train"):
        pieces = [source for source in _code_cells() if source.lstrip().startswith(f"def {name}(")]
        assert len(pieces) == 1, f"expected one cell defining {name} on its own, found {len(pieces)}"
        assert _functions(pieces[0])[name] == complete[name], f"the page's {name} differs from the complete class"
    initialisers = [
        _functions(source)["__init__"]
        for source in _code_cells()
        if "class NeuralNetwork" in source and "seed=None" in source
    ]
    assert len(initialisers) == 2 and initialisers[0] == initialisers[1] == complete["__init__"]


def test_same_seed_gives_the_same_starting_weights_as_the_package(page_class: type) -> None:
    for sizes, seed in (((3, 3, 3), 42), ((784, 100, 10), 0), ((5, 7, 2), 9)):
        ours = page_class(*sizes, 0.3, seed=seed)
        package = nnbook.network.NeuralNetwork(list(sizes), learning_rate=0.3, rng=seed)
        assert ours.wih.shape == package.wih.shape == (sizes[1], sizes[0])
        assert ours.who.shape == package.who.shape == (sizes[2], sizes[1])
        np.testing.assert_array_equal(ours.wih, package.wih)
        np.testing.assert_array_equal(ours.who, package.who)


def test_query_and_training_agree_with_the_package(page_class: type) -> None:
    rng = np.random.default_rng(5)
    sizes = (6, 4, 3)
    ours = page_class(*sizes, 0.3, seed=11)
    package = nnbook.network.NeuralNetwork(list(sizes), learning_rate=0.3, rng=11)
    records = rng.uniform(0.01, 1.0, size=(8, sizes[0]))
    targets = np.full((8, sizes[2]), 0.01)
    targets[np.arange(8), rng.integers(0, sizes[2], size=8)] = 0.99
    np.testing.assert_allclose(ours.query(records[0]), package.query(records[0]), rtol=0, atol=1e-15)
    for inputs, wanted in zip(records, targets):
        np.testing.assert_allclose(ours.train(inputs, wanted), package.train(inputs, wanted), rtol=0, atol=1e-14)
    np.testing.assert_allclose(ours.wih, package.wih, rtol=0, atol=1e-14)
    np.testing.assert_allclose(ours.who, package.who, rtol=0, atol=1e-14)
    for inputs in records:
        np.testing.assert_allclose(ours.query(inputs), package.query(inputs), rtol=0, atol=1e-14)
    # Training really changed something: the test above would be empty if it did not.
    fresh = page_class(*sizes, 0.3, seed=11)
    assert np.abs(fresh.wih - ours.wih).max() > 1e-3


def test_query_reproduces_the_worked_example_of_part_one(page_class: type) -> None:
    net = page_class(3, 3, 3, 0.3)
    net.wih = np.array([[0.9, 0.3, 0.4], [0.2, 0.8, 0.2], [0.1, 0.5, 0.6]])
    net.who = np.array([[0.3, 0.7, 0.5], [0.6, 0.5, 0.2], [0.8, 0.1, 0.9]])
    # Worked by hand at full precision: X_hidden = (1.16, 0.42, 0.62), then sigmoid, and so on.
    hidden = 1 / (1 + np.exp(-np.array([1.16, 0.42, 0.62])))
    expected = 1 / (1 + np.exp(-(net.who @ hidden)))
    np.testing.assert_allclose(net.query([0.9, 0.1, 0.8]), expected, rtol=1e-12)
    np.testing.assert_allclose(net.query([0.9, 0.1, 0.8]), [0.726, 0.709, 0.778], atol=5e-4)


def test_zero_weights_give_one_half_everywhere(page_class: type) -> None:
    """The exercise: the sigmoid of 0 is 0.5, in the hidden and then the output layer."""
    net = page_class(3, 3, 3, 0.3)
    net.wih[:] = 0.0
    net.who[:] = 0.0
    np.testing.assert_array_equal(net.query([0.9, -4.0, 12.0]), [0.5, 0.5, 0.5])


def test_weight_count_of_the_final_network(page_class: type) -> None:
    net = page_class(784, 200, 10, 0.1, seed=0)
    assert net.wih.size + net.who.size == 158_800  # 784 * 200 + 200 * 10, by hand


def test_one_training_step_follows_the_book_rule(page_class: type) -> None:
    """The output weights move by -learning_rate x dE/dw (checked by finite differences),
    for E = sum(errors**2) / 2; the hidden weights by the book's rule with W.T @ errors."""
    net = page_class(3, 4, 2, 0.1, seed=3)
    inputs, targets = np.array([0.2, 0.9, 0.5]), np.array([0.99, 0.01])

    def error(who: np.ndarray) -> float:
        hidden = 1 / (1 + np.exp(-(net.wih @ inputs)))
        outputs = 1 / (1 + np.exp(-(who @ hidden)))
        return 0.5 * float(np.sum((targets - outputs) ** 2))

    step = 1e-6
    gradient = np.zeros_like(net.who)
    for index in np.ndindex(net.who.shape):
        up, down = net.who.copy(), net.who.copy()
        up[index] += step
        down[index] -= step
        gradient[index] = (error(up) - error(down)) / (2 * step)
    # The book's hidden update, written out from page 1.14's formula with plain loops.
    hidden = 1 / (1 + np.exp(-(net.wih @ inputs)))
    errors = targets - 1 / (1 + np.exp(-(net.who @ hidden)))
    expected_wih_change = np.zeros_like(net.wih)
    for k in range(4):
        hidden_error = sum(net.who[i, k] * errors[i] for i in range(2))
        for j in range(3):
            expected_wih_change[k, j] = 0.1 * hidden_error * hidden[k] * (1 - hidden[k]) * inputs[j]
    before_wih, before_who = net.wih.copy(), net.who.copy()
    net.train(inputs, targets)
    np.testing.assert_allclose(net.who - before_who, -0.1 * gradient, rtol=1e-6, atol=1e-11)
    np.testing.assert_allclose(net.wih - before_wih, expected_wih_change, rtol=1e-12, atol=1e-15)


def test_wrong_number_of_inputs_is_refused_with_a_clear_message(page_class: type) -> None:
    net = page_class(3, 3, 3, 0.3)
    with pytest.raises(ValueError, match="expected 3 inputs, got 2"):
        net.query([0.5, 0.5])
