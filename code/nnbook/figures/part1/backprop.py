"""The hand-sized sums of Part 1: signals going forward, errors going back.

These small functions do the arithmetic that Part 1 works through by hand on tiny
networks of two or three nodes per layer. The pages glue every number they quote from
here, and the tests check the functions against the worked examples of the text, so a
number in the prose can never drift away from the sums behind it.

Conventions (as everywhere in the book):

- A weight matrix has one row per *receiving* node and one column per *sending* node,
  so ``W[k, j]`` is the weight w_{j,k} on the link from node j to node k. Python counts
  from 0, the text from 1: ``W[0, 1]`` is the text's w_{2,1}.
- The combined signal into a layer is ``X = W @ I`` and its output is ``sigmoid(X)``.
- An error is always target minus actual output.

This module only does arithmetic (numpy); it draws nothing and knows nothing of files.
It does not use :mod:`nnbook.network`: the pages of Part 1 teach the ideas before the
network class exists.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from nnbook.activation import sigmoid

__all__ = [
    "SIGNALS_INPUTS",
    "SIGNALS_WEIGHTS",
    "THREE_LAYER_INPUTS",
    "THREE_LAYER_W_INPUT_HIDDEN",
    "THREE_LAYER_W_HIDDEN_OUTPUT",
    "LAYERS_OUTPUT_ERRORS",
    "LAYERS_W_HIDDEN_OUTPUT",
    "LAYERS_W_INPUT_HIDDEN",
    "sigmoid",
    "combined_inputs",
    "layer_outputs",
    "ForwardPass",
    "forward_three_layer",
    "error_fractions",
    "split_errors",
    "split_equally",
    "backpropagate_errors",
    "count_weights",
]

# --- The worked examples of Part 1 (given numbers; every result is computed below) ---

#: "Following signals" (1.7): two inputs into a 2-node layer.
SIGNALS_INPUTS = (1.0, 0.5)
#: Its weights, row per receiving node: w_{1,1} = 0.9, w_{2,1} = 0.3 into node 1, and
#: w_{1,2} = 0.2, w_{2,2} = 0.8 into node 2.
SIGNALS_WEIGHTS = ((0.9, 0.3), (0.2, 0.8))

#: "A three-layer example" (1.9): inputs, and the two weight matrices, shapes (3, 3).
THREE_LAYER_INPUTS = (0.9, 0.1, 0.8)
THREE_LAYER_W_INPUT_HIDDEN = ((0.9, 0.3, 0.4), (0.2, 0.8, 0.2), (0.1, 0.5, 0.6))
THREE_LAYER_W_HIDDEN_OUTPUT = ((0.3, 0.7, 0.5), (0.6, 0.5, 0.2), (0.8, 0.1, 0.9))

#: "Backpropagating errors to more layers" (1.12): a 2-2-2 network and its output errors.
LAYERS_OUTPUT_ERRORS = (1.5, 0.5)
LAYERS_W_HIDDEN_OUTPUT = ((2.0, 3.0), (1.0, 4.0))
LAYERS_W_INPUT_HIDDEN = ((3.0, 2.0), (1.0, 7.0))


# --- Signals forward ---


def _matrix(weights: ArrayLike, name: str = "weights") -> np.ndarray:
    matrix = np.asarray(weights, dtype=float)
    if matrix.ndim != 2:
        raise ValueError(
            f"{name} must be a matrix (one row per receiving node, one column per "
            f"sending node), got an array with {matrix.ndim} dimension(s)"
        )
    return matrix


def _vector(values: ArrayLike, name: str) -> np.ndarray:
    vector = np.asarray(values, dtype=float)
    if vector.ndim == 2 and 1 in vector.shape:
        vector = vector.ravel()  # accept a column (n, 1) or a row (1, n) as well
    if vector.ndim != 1:
        raise ValueError(f"{name} must be a list of numbers, one per node, got shape {vector.shape}")
    return vector


def combined_inputs(weights: ArrayLike, inputs: ArrayLike) -> np.ndarray:
    """The combined, moderated signal into each node of a layer: X = W . I.

    ``weights`` has shape (n_receiving, n_sending) and ``inputs`` shape (n_sending,);
    the result has shape (n_receiving,). Entry k is the sum over j of inputs[j] * W[k, j].
    """
    matrix, vector = _matrix(weights), _vector(inputs, "inputs")
    if matrix.shape[1] != vector.size:
        raise ValueError(
            f"the weight matrix has {matrix.shape[1]} columns (sending nodes) but "
            f"{vector.size} input values were given; they must match"
        )
    return matrix @ vector


def layer_outputs(weights: ArrayLike, inputs: ArrayLike) -> np.ndarray:
    """What a layer sends on: sigmoid(W . I), shape (n_receiving,)."""
    return sigmoid(combined_inputs(weights, inputs))


@dataclass(frozen=True)
class ForwardPass:
    """Every intermediate signal of a three-layer network, each of shape (n_nodes,)."""

    inputs: np.ndarray  # I, what the input layer passes on unchanged
    hidden_inputs: np.ndarray  # X_hidden = W_input_hidden . I
    hidden_outputs: np.ndarray  # O_hidden = sigmoid(X_hidden)
    final_inputs: np.ndarray  # X_output = W_hidden_output . O_hidden
    final_outputs: np.ndarray  # O_output = sigmoid(X_output)


def forward_three_layer(
    inputs: ArrayLike,
    w_input_hidden: ArrayLike,
    w_hidden_output: ArrayLike,
    *,
    hidden_decimals: int | None = None,
) -> ForwardPass:
    """Feed ``inputs`` through input -> hidden -> output layers.

    ``w_input_hidden`` has shape (n_hidden, n_inputs), ``w_hidden_output`` shape
    (n_outputs, n_hidden). ``hidden_decimals`` rounds the hidden outputs before they go
    on, as someone working by hand with three decimals would; the book's printed numbers
    were made that way (with ``None`` nothing is rounded).
    """
    signal = _vector(inputs, "inputs")
    hidden_inputs = combined_inputs(w_input_hidden, signal)
    hidden_outputs = sigmoid(hidden_inputs)
    if hidden_decimals is not None:
        hidden_outputs = np.round(hidden_outputs, hidden_decimals)
    final_inputs = combined_inputs(w_hidden_output, hidden_outputs)
    return ForwardPass(signal, hidden_inputs, hidden_outputs, final_inputs, sigmoid(final_inputs))


# --- Errors back ---


def error_fractions(weights: ArrayLike) -> np.ndarray:
    """The fraction of each receiving node's error that each incoming link takes.

    Links share the blame in proportion to their weights: ``F[k, j] = W[k, j] / sum_j W[k, j]``,
    so every row adds up to 1. Shape (n_receiving, n_sending), like ``weights``.
    """
    matrix = _matrix(weights)
    totals = matrix.sum(axis=1, keepdims=True)
    if np.any(np.isclose(totals, 0.0)):
        node = int(np.flatnonzero(np.isclose(totals[:, 0], 0.0))[0])
        raise ValueError(
            f"the weights into receiving node {node} (row {node}) add up to 0, so its "
            "error cannot be shared in proportion to them; use split_equally instead"
        )
    return matrix / totals


def _errors_for(matrix: np.ndarray, errors: ArrayLike) -> np.ndarray:
    vector = _vector(errors, "errors")
    if vector.size != matrix.shape[0]:
        raise ValueError(
            f"the weight matrix has {matrix.shape[0]} rows (receiving nodes) but "
            f"{vector.size} errors were given; give one error per receiving node"
        )
    return vector


def split_errors(weights: ArrayLike, errors: ArrayLike) -> np.ndarray:
    """The piece of each receiving node's error carried back along each link.

    ``S[k, j] = errors[k] * W[k, j] / sum_j W[k, j]``: shape (n_receiving, n_sending).
    Row k adds up to errors[k]; column j holds every piece that reaches sending node j.
    """
    matrix = _matrix(weights)
    return error_fractions(matrix) * _errors_for(matrix, errors)[:, None]


def split_equally(weights: ArrayLike, errors: ArrayLike) -> np.ndarray:
    """The simpler rule: every link into a node takes the same share of its error.

    Only the shape of ``weights`` matters. Shape (n_receiving, n_sending).
    """
    matrix = _matrix(weights)
    vector = _errors_for(matrix, errors)
    return np.repeat(vector[:, None] / matrix.shape[1], matrix.shape[1], axis=1)


def backpropagate_errors(weights: ArrayLike, errors: ArrayLike) -> np.ndarray:
    """The error of each sending node: the sum of the pieces on all the links it feeds.

    This is how hidden nodes, which have no targets of their own, get an error:
    shape (n_sending,), the column sums of :func:`split_errors`.
    """
    return split_errors(weights, errors).sum(axis=0)


def count_weights(layer_sizes: ArrayLike) -> int:
    """How many link weights a fully connected network with these layer sizes has."""
    sizes = [int(n) for n in np.asarray(layer_sizes).ravel()]
    if len(sizes) < 2 or min(sizes) < 1:
        raise ValueError(f"need at least two layers of at least one node each, got {sizes}")
    return sum(a * b for a, b in zip(sizes[:-1], sizes[1:]))
