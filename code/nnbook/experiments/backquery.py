"""Looking inside a trained network by running it backwards (Part 3, "Inside the mind").

A trained network gives good answers but cannot say why: what it learned is smeared over
about 159,000 weights, and no single weight means much on its own. The *back query*
(:meth:`nnbook.network.NeuralNetwork.backquery`) turns the question round: instead of
"which label goes with this picture?" it asks "which picture goes with this label?".
This module asks the questions; :mod:`nnbook.figures.part3.mind` draws the answers:

* :func:`label_templates`: one back-query picture per label, ``(10, 784)``;
* :func:`blended_targets`, :func:`unsure_targets`: other things to ask the network for;
* :func:`hidden_node_picture`: a back query that starts in the hidden layer, showing
  which ink switches one hidden node on;

How to read the pictures. The back query's last step stretches the signal that arrives at
the 784 inputs into 0.01..0.99. Where *zero* signal lands after that stretch depends on the
picture's own smallest and largest values (:func:`zero_level`), so the stretched pictures,
drawn in grey, cannot be compared with each other. The figures therefore draw the signal
itself (:func:`input_signal`, the same picture before its last stretch) symmetric about
zero: a **positive** pixel is one where ink pushes the network towards the answer we asked
for, a **negative** one where ink pushes it away, and **zero** means ink there makes no
difference. A hidden node's picture (:func:`hidden_node_signal`) is simply its incoming
weights.

Shapes: a picture is ``(784,)`` (28 x 28 read row by row); targets and output signals are
``(10,)``, each strictly between 0 and 1. The module only reads the network; it never
changes its weights.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike

from nnbook.data import make_targets
from nnbook.network import NeuralNetwork, logit

__all__ = [
    "LOW",
    "HIGH",
    "blended_targets",
    "hidden_node_picture",
    "hidden_node_signal",
    "input_signal",
    "label_signals",
    "label_templates",
    "rescale_into",
    "strongest_helpers",
    "target_variants",
    "unsure_targets",
    "without_hidden_nodes",
    "zero_level",
]

LOW, HIGH = 0.01, 0.99
"""The range every layer's values are stretched into before a logit (and the target range)."""


# --------------------------------------------------------------------------- what to ask for


def rescale_into(values: ArrayLike, low: float = LOW, high: float = HIGH) -> np.ndarray:
    """Stretch ``values`` linearly so the smallest becomes ``low`` and the largest ``high``.

    The back query needs this before every logit, which only accepts numbers strictly
    between 0 and 1. Only the *pattern* survives: adding a constant to all values, or
    multiplying them all by a positive number, gives the same result. If all values are
    equal there is no pattern to keep, and every value becomes the middle of the range.
    """
    numbers = np.asarray(values, dtype=np.float64)
    if not 0.0 < low < high < 1.0:
        raise ValueError(f"need 0 < low < high < 1 so that the logit is defined, got low={low}, high={high}")
    if numbers.size == 0:
        raise ValueError("nothing to rescale: values is empty")
    shifted = numbers - numbers.min()
    top = shifted.max()
    if top == 0.0:
        return np.full(numbers.shape, (low + high) / 2)
    return low + (high - low) * shifted / top


def label_templates(net: NeuralNetwork) -> np.ndarray:
    """The back query of every label: row ``k`` is the picture the network links with label ``k``.

    Shape ``(n_outputs, n_inputs)``, e.g. ``(10, 784)``, values in 0.01..0.99.
    """
    return np.stack([net.backquery(label) for label in range(net.layer_sizes[-1])])


def _targets_for(net: NeuralNetwork, label_or_targets: int | ArrayLike) -> np.ndarray:
    """A label as the usual targets (0.99 there, 0.01 elsewhere), or the targets given, checked."""
    n_outputs = net.layer_sizes[-1]
    if isinstance(label_or_targets, (int, np.integer)) and not isinstance(label_or_targets, bool):
        return make_targets(_check_label(label_or_targets, n_outputs), n_classes=n_outputs)
    targets = np.asarray(label_or_targets, dtype=np.float64)
    if targets.shape != (n_outputs,) or not np.all((targets > 0.0) & (targets < 1.0)):
        raise ValueError(f"give a label or {n_outputs} targets strictly between 0 and 1, got {label_or_targets!r}")
    return targets


def input_signal(net: NeuralNetwork, label_or_targets: int | ArrayLike) -> np.ndarray:
    """The signal the back query sends into the input layer, before its last stretch: ``(n_inputs,)``.

    The same steps as :meth:`NeuralNetwork.backquery`, which ends with
    ``rescale_into(input_signal(...))``. Kept unstretched, zero keeps its meaning: a pixel
    where the signal is 0 is one where ink would push the answer neither way, in every
    picture alike. That is why the figures draw this rather than the stretched picture.
    """
    signal = logit(_targets_for(net, label_or_targets))
    for index in reversed(range(len(net.weights))):
        arriving = net.weights[index].T.astype(np.float64) @ signal
        if index > 0:
            signal = logit(rescale_into(arriving))
    return arriving


def label_signals(net: NeuralNetwork) -> np.ndarray:
    """:func:`input_signal` of every label, ``(n_outputs, n_inputs)``: the pictures the figures draw."""
    return np.stack([input_signal(net, label) for label in range(net.layer_sizes[-1])])


def zero_level(signal: ArrayLike, low: float = LOW, high: float = HIGH) -> float:
    """Where a signal of zero lands when ``signal`` is stretched into low..high by :func:`rescale_into`.

    It differs from picture to picture (it depends on the picture's smallest and largest
    values), which is why a grey scale from 0.01 to 0.99 cannot show "no signal" as one level.
    """
    values = np.asarray(signal, dtype=np.float64)
    spread = values.max() - values.min()
    if spread == 0.0:
        return (low + high) / 2
    return float(low + (high - low) * (0.0 - values.min()) / spread)


def _a(digit: int) -> str:
    """The article for a digit said aloud: "an 8", "a 3"."""
    return "an" if int(digit) == 8 else "a"


def _check_label(label: int, n_outputs: int, name: str = "label") -> int:
    if isinstance(label, bool) or not isinstance(label, (int, np.integer)) or not 0 <= label < n_outputs:
        raise ValueError(f"{name} must be a whole number from 0 to {n_outputs - 1}, got {label!r}")
    return int(label)


def blended_targets(first: int, second: int, mix: float, n_outputs: int = 10) -> np.ndarray:
    """Targets that ask for two labels at once, shape ``(n_outputs,)``.

    ``mix`` = 0 asks for ``first`` alone (0.99 there, 0.01 elsewhere), ``mix`` = 1 for
    ``second`` alone; in between, the 0.98 above the floor of 0.01 is shared out, so
    ``mix`` = 0.5 asks for 0.50 on both. Every other output stays at 0.01.
    """
    first = _check_label(first, n_outputs, "first")
    second = _check_label(second, n_outputs, "second")
    if first == second:
        raise ValueError(f"blend two different labels, got {first} twice")
    if not 0.0 <= mix <= 1.0:
        raise ValueError(f"mix must lie between 0 (all {first}) and 1 (all {second}), got {mix}")
    targets = np.full(n_outputs, LOW)
    targets[first] += (HIGH - LOW) * (1.0 - mix)
    targets[second] += (HIGH - LOW) * mix
    return targets


def unsure_targets(label: int, confidence: float, n_outputs: int = 10) -> np.ndarray:
    """Targets of a network that only half believes: ``confidence`` on ``label``, ``1 - confidence`` elsewhere.

    ``confidence`` must lie strictly between 0.5 (no preference at all) and 1.
    ``unsure_targets(7, 0.99)`` equals the usual targets for a 7.
    """
    label = _check_label(label, n_outputs)
    if not 0.5 < confidence < 1.0:
        raise ValueError(f"confidence must lie strictly between 0.5 and 1, got {confidence}")
    targets = np.full(n_outputs, 1.0 - confidence)
    targets[label] = confidence
    return targets


def target_variants(label: int = 7, confidence: float = 0.7, n_outputs: int = 10) -> dict[str, np.ndarray]:
    """Four things to ask for, by title: the usual targets, an unsure version, none and all labels."""
    return {
        f"sure it is {_a(label)} {label}\n(0.99 and 0.01)": make_targets(label, n_classes=n_outputs),
        f"unsure it is {_a(label)} {label}\n({confidence:.2f} and {1 - confidence:.2f})": unsure_targets(
            label, confidence, n_outputs
        ),
        "no digit at all\n(every output 0.01)": np.full(n_outputs, LOW),
        "every digit at once\n(every output 0.99)": np.full(n_outputs, HIGH),
    }


def hidden_node_picture(net: NeuralNetwork, node: int, on: float = HIGH) -> np.ndarray:
    """A back query that starts in the hidden layer: which input switches ``node`` on? ``(n_inputs,)``.

    The hidden layer is given the value ``on`` at ``node`` and 0.5 everywhere else. 0.5
    is the sigmoid's "no opinion": its logit is 0, so those nodes send nothing back.
    Then the usual steps: logit, back through the transposed input-to-hidden weights,
    stretch into 0.01..0.99. The result is the node's own incoming weights, stretched:
    dark where ink switches the node on, light where ink switches it off.
    """
    wih = net.wih
    n_hidden = wih.shape[0]
    node = _check_label(node, n_hidden, "node")
    if not 0.5 < on < 1.0:
        raise ValueError(f"on must lie strictly between 0.5 and 1, got {on}")
    hidden = np.full(n_hidden, 0.5)
    hidden[node] = on
    return rescale_into(wih.T.astype(np.float64) @ logit(hidden))


def hidden_node_signal(net: NeuralNetwork, node: int, on: float = HIGH) -> np.ndarray:
    """:func:`hidden_node_picture` before its stretch: the node's incoming weights, times ``logit(on)``.

    Only ``node`` sends anything back (every other hidden node's logit is 0), so the signal
    at pixel ``i`` is ``logit(on) * wih[node, i]``: the picture of a hidden node is just
    its own incoming weights, drawn as a 28 x 28 square.
    """
    wih = net.wih
    node = _check_label(node, wih.shape[0], "node")
    if not 0.5 < on < 1.0:
        raise ValueError(f"on must lie strictly between 0.5 and 1, got {on}")
    return float(logit(on)) * wih[node].astype(np.float64)


def without_hidden_nodes(net: NeuralNetwork, nodes: Sequence[int]) -> NeuralNetwork:
    """A copy of a 3-layer ``net`` in which the hidden ``nodes`` are cut out, like damaged neurons.

    Their links to the output layer are set to zero, so whatever they compute no longer
    reaches the answer; the network behaves exactly like one built without them. The
    original network is not changed.
    """
    damaged = NeuralNetwork.from_weights([net.wih, net.who], net.learning_rate, dtype=net.dtype)
    chosen = np.asarray(nodes, dtype=int)
    if chosen.size and not (0 <= chosen.min() and chosen.max() < net.who.shape[1]):
        raise ValueError(f"hidden nodes are numbered 0 to {net.who.shape[1] - 1}, got {chosen.tolist()}")
    damaged.who[:, chosen] = 0.0
    return damaged


def strongest_helpers(net: NeuralNetwork, label: int, count: int = 6) -> np.ndarray:
    """The ``count`` hidden nodes whose links to output ``label`` are the most positive, strongest first.

    When one of these nodes switches on, it pushes output ``label`` up the most.
    """
    weights = net.who[_check_label(label, net.layer_sizes[-1]), :]
    if not 1 <= count <= weights.size:
        raise ValueError(f"count must be between 1 and {weights.size} (the hidden nodes), got {count}")
    return np.argsort(weights)[::-1][:count]
