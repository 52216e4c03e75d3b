"""Draw a digit and let the trained network read it: in the browser, and as pictures.

The book's website is static: no Python runs behind it. To let a reader draw a digit and
see the network of Part 2 answer at once, the demo carries everything itself:

- the network's weights, exported here at build time in a compact form
  (:func:`export_weights`: whole numbers -127..127 with one scale per matrix row, which
  is a quarter of the size of float32 and gives the same answers, see below). On the
  website they move into a file of their own, fetched at the first stroke (see
  :class:`DigitDemo`);
- our own short JavaScript, ``nnbook/web/js/digit_reader.js``, which turns the drawing into
  the 784 inputs exactly as :func:`nnbook.images.load_image` does (crop, shrink into a
  20 px box, centre by mass in 28 x 28, scale to 0.01..1.00) and runs the network forward;
- the drawing pad, buttons, preview and output bars (:class:`DigitDemo`).

Why 8-bit weights? The 784-200-10 network has 158,800 weights. As float32 in base64 they
would add about 850 kB to the page; as int8 about 210 kB. Each row of a matrix (the
weights into one node) gets its own scale, ``largest |weight| / 127``, so a node with
small weights keeps its precision. The largest change to any weight is half a step,
``scale / 2``; the tests check that the answers on all 10,000 MNIST test images agree with
the full-precision network (nearly all do; see ``tests/test_digit_demo.py``).

The same module draws the figure of a digit being read (:func:`readings_figure`): the
picture, the 28 x 28 version the network sees, and its ten output signals. The demo uses
it for its printed stand-in (PDF and plain text cannot run JavaScript).
"""

from __future__ import annotations

import base64
import io
import itertools
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from string import Template
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from numpy.typing import ArrayLike
from PIL import Image, ImageDraw

from nnbook.activation import sigmoid
from nnbook.evaluation import accuracy
from nnbook.figures.colours import BLUE, GREY, INK, ORANGE, VERMILLION, VERMILLION_DARK
from nnbook.figures.style import book_style, new_figure, tidy_axes
from nnbook.images import SIDE, image_stages
from nnbook.network import NeuralNetwork

__all__ = [
    "ENCODINGS",
    "EXAMPLE_STROKES",
    "PAD_SIZE",
    "PEN_WIDTH",
    "DigitDemo",
    "Reading",
    "digit_demo",
    "draw_strokes",
    "export_weights",
    "import_weights",
    "page_agreement",
    "quantise_rows",
    "read_picture",
    "reader_script",
    "readings_figure",
]

ENCODINGS = ("int8", "float32")
"""How :func:`export_weights` can store the weights: 1 or 4 bytes per weight."""

PAD_SIZE = 280
"""Width and height of the drawing pad's pixel grid (ten times MNIST's 28)."""

PEN_WIDTH = 18
"""Width of the pad's pen in pad pixels. A digit drawn about 200 px tall then has strokes
about a tenth of its height, like MNIST's (2-3 px in a 20 px box)."""

_FORMAT = "nnbook-digit-reader"
_FORMAT_VERSION = 1
_demo_numbers = itertools.count(1)


def _oval(
    cx: float, cy: float, rx: float, ry: float, start: float, turn: float, n: int = 26
) -> list[tuple[float, float]]:
    """Points on an ellipse, from angle ``start`` through ``turn`` radians (clockwise on screen)."""
    angles = start + np.linspace(0.0, turn, n)
    return [(round(cx + rx * np.cos(a), 3), round(cy + ry * np.sin(a), 3)) for a in angles]


def _figure_eight(n: int = 40) -> list[tuple[float, float]]:
    """A figure of eight standing upright, drawn in one stroke from the top."""
    t = np.linspace(0.0, 2 * np.pi, n)
    return [(round(0.5 - 0.15 * np.sin(2 * a), 3), round(0.5 - 0.3 * np.cos(a), 3)) for a in t]


def _smooth(points: Sequence[tuple[float, float]], rounds: int = 2) -> list[tuple[float, float]]:
    """Round off the corners of a hand-listed stroke (Chaikin's corner cutting), ends kept.

    Each round replaces every corner by two points a quarter of the way along its two
    sides, so a few listed points become a smooth, pen-like curve.
    """
    pts = np.asarray(points, dtype=np.float64)
    for _ in range(rounds):
        if len(pts) < 3:
            break
        a, b = pts[:-1], pts[1:]
        cut = np.empty((2 * len(a), 2))
        cut[0::2] = 0.75 * a + 0.25 * b
        cut[1::2] = 0.25 * a + 0.75 * b
        pts = np.vstack([pts[:1], cut[1:-1], pts[-1:]])
    return [(round(float(x), 3), round(float(y), 3)) for x, y in pts]


EXAMPLE_STROKES: dict[int, list[list[tuple[float, float]]]] = {
    0: [_oval(0.5, 0.5, 0.18, 0.3, -1.8, 2.1 * np.pi)],
    1: [_smooth([(0.44, 0.3), (0.55, 0.2), (0.54, 0.5), (0.53, 0.8)], rounds=1)],
    2: [
        _smooth(
            [
                (0.33, 0.32),
                (0.39, 0.23),
                (0.5, 0.2),
                (0.61, 0.23),
                (0.66, 0.33),
                (0.62, 0.45),
                (0.5, 0.57),
                (0.32, 0.78),
            ]
        )
        + [(0.5, 0.78), (0.7, 0.78)]
    ],
    3: [
        _smooth([(0.34, 0.26), (0.46, 0.2), (0.6, 0.22), (0.65, 0.32), (0.6, 0.42), (0.48, 0.48)])
        + _smooth([(0.48, 0.48), (0.62, 0.53), (0.67, 0.64), (0.62, 0.75), (0.49, 0.8), (0.34, 0.76)])[1:]
    ],
    4: [[(0.56, 0.2), (0.43, 0.4), (0.3, 0.6), (0.5, 0.6), (0.7, 0.6)], [(0.6, 0.4), (0.6, 0.6), (0.6, 0.82)]],
    5: [
        [(0.38, 0.21), (0.35, 0.47)]
        + _smooth([(0.35, 0.47), (0.5, 0.43), (0.62, 0.48), (0.67, 0.6), (0.63, 0.73), (0.5, 0.8), (0.34, 0.76)])[1:],
        [(0.38, 0.21), (0.52, 0.2), (0.66, 0.2)],
    ],
    6: [
        _smooth(
            [
                (0.62, 0.2),
                (0.48, 0.28),
                (0.38, 0.42),
                (0.34, 0.58),
                (0.38, 0.72),
                (0.5, 0.8),
                (0.62, 0.74),
                (0.66, 0.62),
                (0.6, 0.52),
                (0.48, 0.5),
                (0.37, 0.58),
            ]
        )
    ],
    7: [[(0.32, 0.22), (0.5, 0.22), (0.68, 0.22)] + _smooth([(0.68, 0.22), (0.58, 0.4), (0.5, 0.6), (0.44, 0.8)])[1:]],
    8: [_figure_eight()],
    9: [
        _oval(0.5, 0.34, 0.14, 0.13, 0.0, 2 * np.pi)
        + _smooth([(0.64, 0.34), (0.64, 0.5), (0.62, 0.66), (0.58, 0.82)])[1:]
    ],
}
"""What the demo's "Show an example" button draws: for each digit, pen strokes as lists of
points, in fractions of the pad's width and height (x right, y down)."""


# ------------------------------------------------------------------------ the weights


def quantise_rows(matrix: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Store a weight matrix as whole numbers -127..127 and one scale per row.

    Returns ``(whole, scales)``: ``whole`` int8 of the matrix's shape ``(n_next, n_prev)``,
    ``scales`` float32 of shape ``(n_next,)``, with ``weight ~ whole * scale``. Each row's
    scale is its largest absolute weight / 127, so the largest weight of a row is kept
    exactly (up to float32) and every other is off by at most half a step. A row of
    zeros gets scale 1 (any scale would do).
    """
    weights = np.asarray(matrix, dtype=np.float64)
    if weights.ndim != 2:
        raise ValueError(f"quantise_rows expects a 2-D weight matrix (n_next, n_prev), got shape {weights.shape}")
    if not np.all(np.isfinite(weights)):
        raise ValueError("quantise_rows got NaN or infinite weights; the network has diverged, train it again")
    largest = np.abs(weights).max(axis=1)
    scales = np.where(largest > 0.0, largest / 127.0, 1.0).astype(np.float32)
    whole = np.clip(np.rint(weights / scales.astype(np.float64)[:, None]), -127, 127).astype(np.int8)
    return whole, scales


def _weights_of(network: NeuralNetwork | Sequence[ArrayLike]) -> list[np.ndarray]:
    matrices = network.weights if isinstance(network, NeuralNetwork) else list(network)
    return [np.asarray(m, dtype=np.float64) for m in matrices]


def _b64(array: np.ndarray) -> str:
    """Base64 of an array's bytes, little-endian (what the JavaScript reads)."""
    return base64.b64encode(np.ascontiguousarray(array).astype(array.dtype.newbyteorder("<")).tobytes()).decode("ascii")


def export_weights(network: NeuralNetwork | Sequence[ArrayLike], encoding: str = "int8") -> dict[str, Any]:
    """The network's weights as a JSON-ready dict for ``digit_reader.js``.

    ``{"format", "version", "encoding", "sizes": [784, 200, 10], "matrices": [{"shape":
    [rows, cols], "values": base64, "scales": base64 (int8 only)}, ...]}``. Values are
    stored row after row (one row per receiving node), little-endian.

    ``encoding``: ``"int8"`` (1 byte per weight plus a float32 scale per row; the page's
    choice) or ``"float32"`` (4 bytes per weight; used by the tests to check the
    JavaScript against Python to float32 precision).
    """
    if encoding not in ENCODINGS:
        raise ValueError(f"encoding must be one of {ENCODINGS}, got {encoding!r}")
    matrices = _weights_of(network)
    sizes = [matrices[0].shape[1]] + [m.shape[0] for m in matrices]
    for i, m in enumerate(matrices):
        if m.ndim != 2 or m.shape[1] != sizes[i]:
            raise ValueError(f"weight matrix {i} has shape {m.shape}; expected (n_next, {sizes[i]})")
    exported = []
    for m in matrices:
        if encoding == "int8":
            whole, scales = quantise_rows(m)
            exported.append({"shape": list(m.shape), "values": _b64(whole), "scales": _b64(scales)})
        else:
            exported.append({"shape": list(m.shape), "values": _b64(m.astype(np.float32))})
    return {"format": _FORMAT, "version": _FORMAT_VERSION, "encoding": encoding, "sizes": sizes, "matrices": exported}


def import_weights(payload: Mapping[str, Any]) -> list[np.ndarray]:
    """The weight matrices a payload of :func:`export_weights` stands for, as the browser sees them.

    float32 arrays of shape ``(n_next, n_prev)``; for int8, ``whole * scale`` computed in
    float32, the very numbers ``digit_reader.js`` computes.
    """
    if payload.get("format") != _FORMAT or payload.get("version") != _FORMAT_VERSION:
        raise ValueError(
            f"not a {_FORMAT} payload of version {_FORMAT_VERSION}: "
            f"format {payload.get('format')!r}, version {payload.get('version')!r}"
        )
    matrices = []
    for i, matrix in enumerate(payload["matrices"]):
        rows, cols = matrix["shape"]
        raw = base64.b64decode(matrix["values"])
        if payload["encoding"] == "int8":
            whole = np.frombuffer(raw, dtype=np.int8)
            scales = np.frombuffer(base64.b64decode(matrix["scales"]), dtype="<f4")
            if whole.size != rows * cols or scales.size != rows:
                raise ValueError(
                    f"matrix {i}: expected {rows} x {cols} weights and {rows} scales, "
                    f"got {whole.size} and {scales.size}"
                )
            matrices.append(whole.reshape(rows, cols).astype(np.float32) * scales[:, None])
        elif payload["encoding"] == "float32":
            values = np.frombuffer(raw, dtype="<f4")
            if values.size != rows * cols:
                raise ValueError(f"matrix {i}: expected {rows} x {cols} weights, got {values.size}")
            matrices.append(values.reshape(rows, cols).astype(np.float32))
        else:
            raise ValueError(f"unknown encoding {payload['encoding']!r}; expected one of {ENCODINGS}")
    return matrices


def page_agreement(network: NeuralNetwork, inputs: ArrayLike, encoding: str = "int8") -> float:
    """Fraction of records (``inputs``: ``(n, 784)``, scaled) that the page's weights read
    as the same digit as the network's own full-precision weights, 0.0..1.0.

    All records go through both networks in one matrix product per layer, so the whole
    MNIST test set takes well under a second.
    """
    records = np.asarray(inputs, dtype=np.float64)
    if records.ndim != 2 or records.shape[1] != network.layer_sizes[0]:
        raise ValueError(f"expected records of shape (n, {network.layer_sizes[0]}), got {records.shape}")

    def answers(weights: Sequence[np.ndarray]) -> np.ndarray:
        signals = records.T
        for matrix in weights:
            signals = sigmoid(np.asarray(matrix, dtype=np.float64) @ signals)
        return np.argmax(signals, axis=0)

    page = import_weights(export_weights(network, encoding))
    return accuracy(answers(page), answers(network.weights))


# --------------------------------------------------------------------- the pictures


def draw_strokes(
    strokes: Sequence[Sequence[tuple[float, float]]], *, size: int = PAD_SIZE, pen: float = PEN_WIDTH
) -> Image.Image:
    """Strokes (points in fractions of the pad) drawn as the pad draws them: black on white.

    Returns an ``"L"`` picture of ``size`` x ``size`` pixels; the pen is ``pen`` pixels
    wide (scaled with ``size``), with round ends and joints. Pillow draws without the
    browser's anti-aliasing, so edges are a little harder than on the pad.
    """
    scale = size / PAD_SIZE
    width = max(1, round(pen * scale))
    picture = Image.new("L", (size, size), 255)
    draw = ImageDraw.Draw(picture)
    for stroke in strokes:
        points = [(x * size, y * size) for x, y in stroke]
        if len(points) > 1:
            draw.line(points, fill=0, width=width, joint="curve")
        for x, y in points[:1] + points[-1:]:
            draw.ellipse([x - width / 2, y - width / 2, x + width / 2, y + width / 2], fill=0)
    return picture


@dataclass(frozen=True)
class Reading:
    """One picture and what the network made of it, ready to draw.

    ``picture``: the original, ``(h, w)`` grey or ``(h, w, 3)`` colour, 0..255;
    ``fitted``: the ``(28, 28)`` grey values 0..255 the network's inputs came from;
    ``outputs``: the ``(10,)`` output signals; ``title``: a few words naming the picture.
    """

    picture: np.ndarray
    fitted: np.ndarray
    outputs: np.ndarray
    title: str

    @property
    def answer(self) -> int:
        """The digit of the strongest output signal."""
        return int(np.argmax(self.outputs))


def read_picture(network: NeuralNetwork, picture: str | os.PathLike[str] | Image.Image, title: str = "") -> Reading:
    """Load a picture (a path or a Pillow image) as :func:`nnbook.images.load_image` does and query ``network``."""
    stages = image_stages(picture)
    image = picture if isinstance(picture, Image.Image) else Image.open(picture)
    original = np.asarray(image.convert("RGB"))
    outputs = np.asarray(network.query(stages["scaled"].reshape(SIDE * SIDE)), dtype=np.float64)
    return Reading(original, stages["fitted"], outputs, title)


def readings_figure(
    readings: Sequence[Reading], *, labels: Sequence[int] | None = None, row_height: float = 1.55
) -> Figure:
    """Each picture in a row: the original, the 28 x 28 the network sees, and its ten outputs.

    The bar of the network's answer is vermillion and hatched (the others blue), so it
    stands out without colour too. With ``labels`` (the true digits) each row's heading
    says whether the answer is right.
    """
    if not readings:
        raise ValueError("readings_figure needs at least one reading")
    fig, axes = new_figure(
        6.0,
        row_height * len(readings),
        len(readings),
        3,
        squeeze=False,
        gridspec_kw={"width_ratios": [1, 1, 2.4], "wspace": 0.25, "hspace": 0.8},
    )
    for row, reading in enumerate(readings):
        photo, seen, bars = axes[row]
        photo.imshow(reading.picture, cmap="gray" if reading.picture.ndim == 2 else None, vmin=0, vmax=255)
        seen.imshow(reading.fitted, cmap="Greys", vmin=0, vmax=255, interpolation="none")
        for ax in (photo, seen):
            ax.set_xticks([])
            ax.set_yticks([])
        photo.set_title(reading.title, fontsize=11, color=INK)
        seen.set_title("28 × 28", fontsize=11, color=INK)
        answer = reading.answer
        colours = [VERMILLION if d == answer else BLUE for d in range(10)]
        drawn = bars.bar(range(10), reading.outputs, color=colours, width=0.7)
        drawn[answer].set_hatch("///")
        drawn[answer].set_edgecolor("white")
        bars.set(xticks=range(10), ylim=(0, 1.05), yticks=[0, 0.5, 1])
        bars.tick_params(labelsize=10)
        tidy_axes(bars)
        verdict = f"reads {answer} ({reading.outputs[answer]:.2f})"
        if labels is not None:
            verdict += " ✓ right" if answer == labels[row] else f" ✗ wrong, it is {labels[row]}"
        bars.set_title(verdict, fontsize=11, color=INK, loc="left")
    fig.subplots_adjust(
        left=0.03, right=0.99, top=1 - 0.35 / (row_height * len(readings)), bottom=0.3 / (row_height * len(readings))
    )
    return fig


# ---------------------------------------------------------------------------- the demo


def reader_script() -> str:
    """The JavaScript of ``nnbook/web/js/digit_reader.js`` (installed with the package)."""
    return resources.files("nnbook.web").joinpath("js/digit_reader.js").read_text(encoding="utf-8")


# The demo's CSS. Its colours come from the book's palette ($name placeholders, since CSS uses braces).
_STYLE = Template("""
.nnbook-digit-demo{display:flex;flex-wrap:wrap;gap:1rem 1.5rem;align-items:flex-start;margin:1rem 0;
 padding:.8rem;border:1px solid rgba(127,127,127,.45);border-radius:.6rem;max-width:44rem}
.nnbook-digit-demo .nnb-left{flex:0 1 20rem;min-width:0;width:100%;max-width:20rem}
.nnbook-digit-demo .nnb-pad{display:block;width:100%;aspect-ratio:1/1;height:auto;touch-action:none;
 background:white;border:2px solid $grey;border-radius:.4rem;cursor:crosshair;box-sizing:border-box}
.nnbook-digit-demo .nnb-pad:focus-visible,.nnbook-digit-demo button:focus-visible{outline:3px solid $orange;outline-offset:2px}
.nnbook-digit-demo .nnb-buttons{display:flex;gap:.5rem;margin-top:.5rem;flex-wrap:wrap}
.nnbook-digit-demo button{font:inherit;padding:.45rem 1rem;border-radius:.4rem;border:1px solid $grey;
 background:rgba(127,127,127,.12);color:inherit;cursor:pointer;min-height:2.75rem}
.nnbook-digit-demo .nnb-photo{position:relative;display:inline-flex;align-items:center;padding:.45rem 1rem;
 border-radius:.4rem;border:1px solid $grey;background:rgba(127,127,127,.12);cursor:pointer;min-height:2.75rem;
 box-sizing:border-box}
.nnbook-digit-demo .nnb-photo input{position:absolute;inset:0;width:100%;height:100%;opacity:0;cursor:pointer}
.nnbook-digit-demo .nnb-photo:focus-within{outline:3px solid $orange;outline-offset:2px}
.nnbook-digit-demo .nnb-hint{flex:1 1 100%;font-size:.85rem;margin:0;opacity:.85}
.nnbook-digit-demo .nnb-right{flex:1 1 14rem;min-width:13rem}
.nnbook-digit-demo .nnb-top-line{display:flex;gap:1rem;align-items:center}
.nnbook-digit-demo .nnb-big{font-size:3.2rem;font-weight:700;line-height:1;min-width:2.2rem;text-align:center}
.nnbook-digit-demo .nnb-preview{width:84px;height:84px;image-rendering:pixelated;border:1px solid $grey;background:white}
.nnbook-digit-demo .nnb-seen{font-size:.8rem;display:flex;flex-direction:column;align-items:center;gap:.2rem}
.nnbook-digit-demo .nnb-answer{margin:.5rem 0;min-height:1.5em;font-weight:600}
.nnbook-digit-demo[data-network="loading"] .nnb-big{opacity:.55}
.nnbook-digit-demo.nnb-failed .nnb-answer{border-left:4px solid $vermillion;padding-left:.6rem;font-weight:400}
.nnbook-digit-demo .nnb-bars{list-style:none;margin:0;padding:0}
.nnbook-digit-demo .nnb-bar{display:grid;grid-template-columns:1.4rem 1fr 3.2rem;gap:.4rem;align-items:center;
 margin:0 0 .2rem;padding:0;font-variant-numeric:tabular-nums}
.nnbook-digit-demo .nnb-digit{text-align:center}
.nnbook-digit-demo .nnb-track{height:.9rem;background:rgba(127,127,127,.2);border-radius:.2rem;overflow:hidden}
.nnbook-digit-demo .nnb-fill{display:block;height:100%;width:0;background:$blue;transition:width .12s}
.nnbook-digit-demo .nnb-value{text-align:right;font-size:.85rem}
.nnbook-digit-demo .nnb-top .nnb-digit,.nnbook-digit-demo .nnb-top .nnb-value{font-weight:700}
.nnbook-digit-demo .nnb-top .nnb-fill{background:repeating-linear-gradient(135deg,$vermillion 0 6px,$vermillion_dark 6px 9px)}
""").substitute(grey=GREY, orange=ORANGE, blue=BLUE, vermillion=VERMILLION, vermillion_dark=VERMILLION_DARK)


class DigitDemo:
    """A drawing pad where the trained network reads a digit as it is drawn.

    In a notebook it shows as HTML that carries the weights and the script inline, so it
    works in a live kernel, on Binder or Colab, with no file server. The weights sit in a
    script element of their own (``data-role="weights"``): the website's build
    (``book/_ext/digit_weights.py``) moves them into a file of their own that the page fetches
    at the first stroke, so readers who never draw do not download them. In the PDF and
    in plain text it becomes a picture of the network reading one of the examples and a
    sentence pointing to the website (``_repr_mimebundle_``).

    Attributes: ``payload`` (the exported weights), ``html`` (the whole demo),
    ``element_id`` (the id of its outer ``<div>``).
    """

    def __init__(
        self,
        network: NeuralNetwork,
        *,
        encoding: str = "int8",
        examples: Mapping[int, Sequence[Sequence[tuple[float, float]]]] | None = None,
        picture_digit: int = 3,
    ) -> None:
        if tuple(network.layer_sizes[:1]) != (SIDE * SIDE,) or network.layer_sizes[-1] != 10:
            raise ValueError(
                f"the demo needs a network with 784 inputs and 10 outputs, got layers {network.layer_sizes}"
            )
        self.network = network
        self.examples = dict(EXAMPLE_STROKES if examples is None else examples)
        self.payload = export_weights(network, encoding)
        self.picture_digit = picture_digit
        self.element_id = f"nnbook-digit-demo-{next(_demo_numbers)}"
        self.html = self._build_html()

    def _build_html(self) -> str:
        settings = {
            "pen": PEN_WIDTH,
            "examples": {str(d): [[list(p) for p in s] for s in strokes] for d, strokes in self.examples.items()},
        }
        script = reader_script()
        settings_json = json.dumps(settings, separators=(",", ":"))
        weights_json = json.dumps(self.payload, separators=(",", ":"))
        for name, text in (("script", script), ("settings", settings_json), ("weights", weights_json)):
            if "</script" in text.lower() or "<!--" in text:
                raise ValueError(f"the demo's {name} contains '</script' or '<!--', which would end it early")
        bars = "".join(
            f'<li class="nnb-bar" data-role="bar"><span class="nnb-digit">{d}</span>'
            f'<span class="nnb-track" aria-hidden="true"><span class="nnb-fill"></span></span>'
            f'<span class="nnb-value">–</span></li>'
            for d in range(10)
        )
        ident = self.element_id
        return (
            f'<div class="nnbook-digit-demo" id="{ident}" role="group" aria-label="Draw a digit for the network to read">'
            f"<style>{_STYLE}</style>"
            '<div class="nnb-left">'
            f'<canvas class="nnb-pad" data-role="pad" width="{PAD_SIZE}" height="{PAD_SIZE}" tabindex="0" '
            f'aria-label="Drawing pad: draw one digit here with a mouse, a finger or a pen" '
            f'aria-describedby="{ident}-hint"></canvas>'
            '<div class="nnb-buttons">'
            '<button type="button" data-role="clear">Clear</button>'
            '<button type="button" data-role="example">Show an example</button>'
            '<label class="nnb-photo">Read a photo'
            '<input type="file" accept="image/*" data-role="photo" '
            'aria-label="Read a photo: choose a picture of one handwritten digit"></label></div>'
            "</div>"
            '<div class="nnb-right">'
            '<div class="nnb-top-line">'
            '<div class="nnb-big" data-role="big" aria-hidden="true">?</div>'
            '<div class="nnb-seen"><canvas class="nnb-preview" data-role="preview" width="28" height="28" role="img" '
            'aria-label="What the network sees: your drawing shrunk to 28 by 28 pixels and centred"></canvas>'
            "<span>what the network sees</span></div></div>"
            '<p class="nnb-answer" data-role="answer" aria-live="polite" aria-atomic="true">'
            "The drawing pad needs JavaScript.</p>"
            '<ol class="nnb-bars" aria-label="The ten output signals, one per digit, from 0 to 1">'
            f"{bars}</ol>"
            "</div>"
            f'<p class="nnb-hint" id="{ident}-hint">Draw one digit, 0 to 9, large and in the middle of the '
            "white box. The network answers as you draw. Clear starts again (or press Delete on the pad); "
            '"Show an example" draws one for you; "Read a photo" reads a picture of a digit written on paper.</p>'
            f'<script type="application/json" data-role="settings">{settings_json}</script>'
            f'<script type="application/json" data-role="weights">{weights_json}</script>'
            f"<script>{script}</script>"
            f'<script>window.nnbookDigitReader.mount(document.getElementById("{ident}"));</script>'
            "</div>"
        )

    def example_reading(self, digit: int | None = None) -> Reading:
        """The network (with the page's weights) reading one of the example drawings."""
        digit = self.picture_digit if digit is None else digit
        picture = draw_strokes(self.examples[digit])
        browser = NeuralNetwork.from_weights(import_weights(self.payload), self.network.learning_rate, dtype=np.float64)
        return read_picture(browser, picture, title=f"a drawn {digit}")

    def picture_png(self) -> bytes:
        """A PNG of the network reading one example drawing: the demo's printed stand-in."""
        fig = readings_figure([self.example_reading()], row_height=2.0)
        buffer = io.BytesIO()
        with book_style():
            fig.savefig(buffer, format="png", dpi=110)
        plt.close(fig)
        return buffer.getvalue()

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return {
            "text/html": self.html,
            "image/png": self.picture_png(),
            "text/plain": (
                "Draw a digit on the book's website: there, a drawing pad lets you write a digit "
                "and the network trained in Part 2 reads it as you draw. "
                f"This picture shows it reading a drawn {self.picture_digit}."
            ),
        }

    def __repr__(self) -> str:
        size = len(self.html) / 1000
        return f"<DigitDemo {self.element_id}: {self.payload['encoding']} weights, {size:.0f} kB of HTML>"


def digit_demo(network: NeuralNetwork | None = None, **options: Any) -> DigitDemo:
    """The drawing demo for ``network`` (default: the book's final network, trained once and kept)."""
    if network is None:
        from nnbook.pretrained import final_network

        network = final_network()
    return DigitDemo(network, **options)
