"""The file a network is saved in: a numpy ``.npz`` archive of plain arrays.

:meth:`nnbook.network.NeuralNetwork.save` and :meth:`~nnbook.network.NeuralNetwork.load`
use the two functions here. The layout (file format 1), which files already kept on
disk rely on:

* ``format``: the number 1;
* ``layer_sizes``: whole numbers, input layer first;
* ``learning_rate``: one float;
* ``dtype``: the text ``"float64"`` or ``"float32"``;
* ``weights_0``, ``weights_1``, ...: the weight matrices, ``(n_after, n_before)``.

Reading never unpickles anything (a pickle can run code), and every entry is
checked, so a damaged or foreign file is refused with a message saying what is
wrong instead of producing a broken network.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from .files import atomic_write

__all__ = ["FILE_FORMAT", "write", "read"]

#: Bumped if the layout of saved files ever changes.
FILE_FORMAT = 1

_NUMBER_TYPES = ("float64", "float32")
_ADVICE = "load only files written by NeuralNetwork.save, or save the network again"


def write(
    path: str | os.PathLike[str],
    layer_sizes: Sequence[int],
    learning_rate: float,
    dtype: np.dtype,
    weights: Sequence[np.ndarray],
) -> None:
    """Save a network's parts to ``path``, or refuse if a weight is NaN or infinite.

    The file is written next to its destination under a temporary name and then
    renamed, so an interrupted save never leaves half a file behind.
    """
    for i, matrix in enumerate(weights):
        if not np.isfinite(matrix).all():
            raise ValueError(
                f"not saved: weights[{i}] holds NaN or infinite values, so the network is ruined "
                "(usually by training on NaN inputs or with a far too large learning rate); "
                "train it again from a saved copy or from fresh weights"
            )
    target = Path(path)
    arrays: dict[str, np.ndarray] = {
        "format": np.array(FILE_FORMAT),
        "layer_sizes": np.array(layer_sizes, dtype=np.int64),
        "learning_rate": np.array(learning_rate, dtype=np.float64),
        "dtype": np.array(np.dtype(dtype).name),
    }
    for i, matrix in enumerate(weights):
        arrays[f"weights_{i}"] = matrix
    atomic_write(target, lambda file: np.savez(file, **arrays))  # umask-respecting, all or nothing


def read(path: str | os.PathLike[str]) -> tuple[list[np.ndarray], float, str]:
    """The weight matrices, learning rate and number type saved at ``path``, all checked.

    Raises ``FileNotFoundError`` if there is no file, and ``ValueError`` for
    anything that is not a network saved by :func:`write` (including one whose
    weights hold NaN or infinity).
    """
    source = Path(path)
    try:
        archive = np.load(source, allow_pickle=False)
    except (ValueError, zipfile.BadZipFile, EOFError) as error:
        raise ValueError(f"{source} is not a saved network (not a readable .npz file: {error}); {_ADVICE}") from None
    if not isinstance(archive, np.lib.npyio.NpzFile):
        raise ValueError(f"{source} holds a single array, not a saved network (.npz); {_ADVICE}")
    with archive:
        try:
            contents = {name: archive[name] for name in archive.files}
        except (ValueError, zipfile.BadZipFile, EOFError, OSError) as error:
            raise ValueError(
                f"{source} cannot be read safely ({error}); it may hold pickled Python objects, "
                f"which are never loaded because they can run code; {_ADVICE}"
            ) from None
    return _checked(contents, source)


def _checked(contents: dict[str, np.ndarray], source: Path) -> tuple[list[np.ndarray], float, str]:
    """Check the arrays read from ``source`` and return the network's parts."""
    if "format" in contents and contents["format"].shape == () and int(contents["format"]) > FILE_FORMAT:
        raise ValueError(
            f"{source} was saved in file format {int(contents['format'])}, newer than this nnbook "
            f"understands ({FILE_FORMAT}); update nnbook"
        )
    for key in ("layer_sizes", "learning_rate", "dtype"):
        if key not in contents:
            raise ValueError(f"{source} has no {key!r} entry, so it is not a saved network; {_ADVICE}")
    sizes = contents["layer_sizes"]
    if sizes.ndim != 1 or sizes.shape[0] < 2 or not np.issubdtype(sizes.dtype, np.integer):
        raise ValueError(f"{source}: 'layer_sizes' must be a list of at least 2 whole numbers; {_ADVICE}")
    n_matrices = sizes.shape[0] - 1
    weights = []
    for i in range(n_matrices):
        key = f"weights_{i}"
        if key not in contents:
            raise ValueError(f"{source} has no {key!r} entry for its {sizes.shape[0]} layers; {_ADVICE}")
        matrix = contents[key]
        expected = (int(sizes[i + 1]), int(sizes[i]))
        if matrix.shape != expected:
            raise ValueError(
                f"{source}: {key} has shape {matrix.shape} but layers {tuple(int(s) for s in sizes)} "
                f"need {expected}; {_ADVICE}"
            )
        if not np.issubdtype(matrix.dtype, np.floating):
            raise ValueError(f"{source}: {key} holds {matrix.dtype} values, not floats; {_ADVICE}")
        if not np.isfinite(matrix).all():
            raise ValueError(f"{source}: {key} holds NaN or infinite values, so the network is ruined; {_ADVICE}")
        weights.append(matrix)
    expected_keys = {f"weights_{i}" for i in range(n_matrices)}
    extra = sorted(k for k in contents if k.startswith("weights_") and k not in expected_keys)
    if extra:
        raise ValueError(f"{source} has weight entries {extra} beyond its {sizes.shape[0]} layers; {_ADVICE}")
    dtype_name = str(contents["dtype"])
    if dtype_name not in _NUMBER_TYPES:
        raise ValueError(f"{source}: dtype {dtype_name!r} is not float32 or float64; {_ADVICE}")
    rate = contents["learning_rate"]
    if rate.shape != () or not np.issubdtype(rate.dtype, np.floating):
        raise ValueError(f"{source}: 'learning_rate' must be a single number; {_ADVICE}")
    return weights, float(rate), dtype_name
