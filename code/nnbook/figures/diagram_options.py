"""What a network diagram is asked to draw, and the checks of what it is given.

:func:`nnbook.figures.diagrams.draw_network` takes the numbers a network carries as
arguments of their own and everything else in three small groups, defined here:
:class:`Labels` (what to write), :class:`Formats` (how to write numbers) and
:class:`Layout` (where things go). They are frozen, so one group can serve several
figures of a page, varied with :func:`dataclasses.replace`. The checks at the end bring
the per-layer and per-pair-of-layers arguments into one entry per layer (or per pair),
with errors that say which entry is wrong and what it should be.

Lengths are in inches: the diagrams are drawn with one data unit per inch of the figure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = [
    "LINK_LABEL_CHOICES",
    "NODE_GAP",
    "Formats",
    "Labels",
    "Layout",
    "per_gap",
    "per_layer",
]

NODE_GAP = 1.15  # vertical distance between the centres of neighbouring nodes
MAX_LAYER_GAP = 2.2  # horizontal distance between layers, when there is room for it
LAYERS_WIDTH = 4.4  # the distance from the first layer to the last, when there are many


LINK_LABEL_CHOICES = ("values", "names", "both", None)
"""What :attr:`Labels.links` may name, besides arrays of text of its own."""


@dataclass(frozen=True)
class Labels:
    """The words of a network diagram: in the nodes, on the links, above and below the layers.

    Kept apart from the numbers a diagram carries (weights, values, errors), so that a call
    reads "this network, with these numbers, captioned so"; every field is optional.

    nodes
        Per layer, the text inside each node (None: the node numbers 1, 2, ...).
    links
        What to write on the links: "values" (the weights, the default), "names"
        (w_{j,k}), "both", None, or per pair of layers an array of strings like the matrix.
    only_highlighted
        Write link labels on the highlighted links only.
    layers
        A caption above each layer (None: "layer 1", "layer 2", ...; "" leaves one out).
    gaps
        A caption below each set of links, e.g. the name of its weight matrix.
    title
        A line of text above the whole network.
    """

    nodes: Sequence[Sequence[str] | None] | None = None
    links: str | Sequence[Any] | None = "values"
    only_highlighted: bool = False
    layers: Sequence[str] | None = None
    gaps: Sequence[str] | None = None
    title: str | None = None

    def __post_init__(self) -> None:
        if self.link_mode not in LINK_LABEL_CHOICES + ("custom",):
            raise ValueError(
                f'Labels(links=...) must be "values", "names", "both", None or arrays of strings, got {self.links!r}'
            )

    @property
    def link_mode(self) -> str | None:
        """``links`` when it names a kind of label, "custom" when it gives the texts themselves."""
        return self.links if isinstance(self.links, str) or self.links is None else "custom"

    def link_texts(self, sizes: Sequence[int]) -> list[np.ndarray | None]:
        """Per pair of layers, the texts given for the links, or None where the diagram makes them."""
        if self.link_mode != "custom":
            return [None] * (len(sizes) - 1)
        return per_gap("Labels.links", self.links, sizes, numeric=False)

    def layer_names(self, sizes: Sequence[int]) -> list[str]:
        """The caption of each layer, checked (with the gap names) against the layer sizes."""
        names = self.layers if self.layers is not None else [f"layer {m + 1}" for m in range(len(sizes))]
        if len(names) != len(sizes):
            raise ValueError(f"Labels(layers=...) needs one name per layer ({len(sizes)}), got {len(names)}")
        if self.gaps is not None and len(self.gaps) != len(sizes) - 1:
            raise ValueError(
                f"Labels(gaps=...) needs one name per pair of layers ({len(sizes) - 1}), got {len(self.gaps)}"
            )
        return list(names)


@dataclass(frozen=True)
class Formats:
    """How a diagram writes its numbers, so that a page shows as many digits as its text uses.

    value, weight, error
        Format specs for the values beside the nodes, the weights on the links, and the
        errors and pieces of error, e.g. "{:.1f}". Strings given instead of numbers are
        shown as they are.
    link_label_size
        Font size (points) of the link labels; None gives them the small size of all the
        other secondary text, which suits a network full of labels. A figure that labels
        only a link or two, say to show how weights are named, can afford bigger ones,
        which keeps subscripts legible on a phone.
    """

    value: str = "{:.3g}"
    weight: str = "{:.3g}"
    error: str = "{:.3g}"
    link_label_size: float | None = None


@dataclass(frozen=True)
class Layout:
    """Where a diagram puts things, in inches (one data unit is one inch of the figure).

    layer_gap, node_gap
        Distances between layers (None: at most 2.2, less when there are many layers)
        and between the nodes of a layer.
    label_position, share_position
        Where along a link (0 = sender, 1 = receiver) its weight label and its error
        piece sit. By default a weight label sits at 1 - 1/(n_sending + 1), which stacks
        the labels into each node evenly with no overlap when neighbouring layers have the
        same size, and an error piece at 1/(n_receiving + 1), the mirror image.
    origin
        The first layer's vertical centre line, for a drawing made into the ``ax`` of a
        bigger figure (:func:`nnbook.figures.diagrams.draw_network_panels` places its panels with it).
    """

    layer_gap: float | None = None
    node_gap: float = NODE_GAP
    label_position: float | None = None
    share_position: float | None = None
    origin: tuple[float, float] = (0.0, 0.0)

    def gap_for(self, n_layers: int) -> float:
        """The distance between layers: as given, or as wide as fits :data:`LAYERS_WIDTH`."""
        return self.layer_gap if self.layer_gap is not None else min(MAX_LAYER_GAP, LAYERS_WIDTH / (n_layers - 1))

    def label_at(self, n_sending: int) -> float:
        """Where along the links of a gap their weight labels sit."""
        if self.label_position is not None:
            return self.label_position
        return float(np.clip(1 - 1 / (n_sending + 1), 0.6, 0.8))

    def share_at(self, n_receiving: int) -> float:
        """Where along the links of a gap the labels of the pieces of error sit."""
        if self.share_position is not None:
            return self.share_position
        return float(np.clip(1 / (n_receiving + 1), 0.2, 0.4))


# --- Checking the arguments against the layer sizes ---


def per_layer(name: str, items: Sequence[Any] | None, sizes: Sequence[int]) -> list[list[Any] | None]:
    """``items`` as one list of length n_nodes (or None) per layer; ``name`` is what errors call it."""
    if items is None:
        return [None] * len(sizes)
    items = list(items)
    if len(items) != len(sizes):
        raise ValueError(
            f"{name} needs one entry per layer ({len(sizes)} layers), got {len(items)}; "
            "use None for a layer without any"
        )
    result: list[list[Any] | None] = []
    for m, (entry, n) in enumerate(zip(items, sizes)):
        if entry is None:
            result.append(None)
            continue
        entry = list(np.asarray(entry, dtype=object).ravel()) if not isinstance(entry, str) else [entry]
        if len(entry) != n:
            raise ValueError(f"{name}[{m}] has {len(entry)} entries but layer {m} has {n} nodes")
        result.append(entry)
    return result


def _looks_like_one_matrix(items: Any) -> bool:
    try:
        return np.asarray(items, dtype=float).ndim == 2
    except (ValueError, TypeError):
        return False


def per_gap(name: str, items: Any, sizes: Sequence[int], *, numeric: bool = True) -> list[np.ndarray | None]:
    """``items`` as one (n_receiving, n_sending) array (or None) per pair of neighbouring layers.

    ``numeric=False`` keeps the entries as they are (texts for the links) instead of floats.
    """
    n_gaps = len(sizes) - 1
    if items is None:
        return [None] * n_gaps
    if n_gaps == 1 and _looks_like_one_matrix(items):
        items = [items]  # a two-layer network may be given its single matrix directly
    items = list(items)
    if len(items) != n_gaps:
        raise ValueError(
            f"{name} needs one matrix per pair of neighbouring layers ({n_gaps}), got "
            f"{len(items)}; use None where a layer's links carry nothing"
        )
    result: list[np.ndarray | None] = []
    for m, matrix in enumerate(items):
        if matrix is None:
            result.append(None)
            continue
        array = np.asarray(matrix, dtype=float if numeric else object)
        expected = (sizes[m + 1], sizes[m])
        if array.shape != expected:
            raise ValueError(
                f"{name}[{m}] has shape {array.shape}, but the links from layer {m} ({sizes[m]} nodes) to "
                f"layer {m + 1} ({sizes[m + 1]} nodes) need shape {expected}: one row per receiving node, "
                "one column per sending node"
            )
        result.append(array)
    return result
