#!/usr/bin/env python3
"""Make the book's own "handwritten" digit pictures: data/handwriting/*.png.

Part 3 ("Your own handwriting") tests the trained network on digits that are not from
MNIST. Scanned handwriting from a person would need permission and a record of where it
came from; these pictures are drawn by this script instead, so the book owns them and
anyone can make them again, bit for bit.

How a digit is drawn:

- Each digit 0-9 is a few pen strokes. A stroke is a list of *pieces*; each piece is a
  handful of points in a unit box (x to the right, y downwards, both 0..1) through which
  a smooth Catmull-Rom curve is threaded. Where two pieces meet the pen turns a sharp
  corner (the elbow of a 7, the corners of a 4).
- The points are jiggled a little (seeded random numbers), the digit is slanted,
  scaled and placed, then drawn with a round pen whose width swells and thins slightly,
  as a ball-point pen's line does, on a four-times larger canvas that is then shrunk:
  this gives soft, anti-aliased edges like a photo.
- The paper is off-white and lit a little unevenly, like a phone photo of a page.

The curriculum's six test pictures (a 5 in "our" handwriting, a 4 in chalk, a 3 with
pieces cut out, a blurred 2 in a book typeface, a wobbly 6, the wobbly 6 with noise) are
made from the same strokes, plus a "2" set in DejaVu Serif, the serif typeface that
matplotlib carries with it (so no system font is needed).

Every random choice comes from one seeded generator, so the output depends only on the
seed and the versions of numpy, scipy and Pillow. The list of files and their labels is
written to labels.csv beside them.

Usage: python tools/make_handwriting.py [--out data/handwriting] [--seed 2026]
"""

from __future__ import annotations

import argparse
import csv
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import matplotlib
import numpy as np
from PIL import Image, ImageDraw, ImageFont
from scipy import ndimage

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "data" / "handwriting"
DEFAULT_SEED = 2026

SIZE = 200
"""Width and height of every picture, in pixels."""

SUPERSAMPLE = 4
"""Strokes are drawn this many times larger, then shrunk: smooth edges without a fuzzy pen."""

Point = tuple[float, float]
Piece = list[Point]
Stroke = list[Piece]

# The strokes of each digit, in a unit box (x right, y down). A digit is a list of
# strokes (pen lifts between them); a stroke is a list of pieces that meet at corners.
STROKES: dict[int, list[Stroke]] = {
    0: [
        [
            [
                (0.55, 0.02),
                (0.22, 0.12),
                (0.06, 0.48),
                (0.2, 0.88),
                (0.52, 1.0),
                (0.84, 0.86),
                (0.95, 0.45),
                (0.8, 0.08),
                (0.5, 0.03),
                (0.38, 0.1),
            ]
        ]
    ],
    1: [[[(0.28, 0.22), (0.58, 0.0)], [(0.58, 0.0), (0.56, 0.5), (0.55, 1.0)]]],
    2: [
        [
            [(0.08, 0.26), (0.3, 0.04), (0.62, 0.02), (0.86, 0.22), (0.76, 0.5), (0.4, 0.78), (0.06, 0.99)],
            [(0.06, 0.99), (0.5, 0.97), (0.96, 0.98)],
        ]
    ],
    3: [
        [
            [(0.1, 0.14), (0.42, 0.0), (0.78, 0.1), (0.8, 0.33), (0.44, 0.48)],
            [(0.44, 0.48), (0.82, 0.58), (0.9, 0.82), (0.58, 1.0), (0.08, 0.9)],
        ]
    ],
    4: [
        [[(0.58, 0.0), (0.3, 0.36), (0.04, 0.68)], [(0.04, 0.68), (0.5, 0.67), (0.96, 0.65)]],
        [[(0.72, 0.28), (0.71, 0.64), (0.7, 1.0)]],
    ],
    5: [
        [[(0.26, 0.04), (0.2, 0.46)], [(0.2, 0.46), (0.52, 0.38), (0.84, 0.54), (0.86, 0.82), (0.54, 1.0), (0.1, 0.9)]],
        [[(0.26, 0.04), (0.56, 0.03), (0.88, 0.0)]],
    ],
    6: [
        [
            [
                (0.78, 0.02),
                (0.42, 0.16),
                (0.16, 0.5),
                (0.14, 0.84),
                (0.44, 1.0),
                (0.8, 0.86),
                (0.82, 0.6),
                (0.5, 0.48),
                (0.18, 0.64),
            ]
        ]
    ],
    7: [[[(0.04, 0.03), (0.5, 0.04), (0.96, 0.02)], [(0.96, 0.02), (0.66, 0.48), (0.42, 1.0)]]],
    8: [
        [
            [
                (0.84, 0.16),
                (0.5, 0.0),
                (0.16, 0.16),
                (0.3, 0.4),
                (0.7, 0.6),
                (0.86, 0.84),
                (0.5, 1.0),
                (0.14, 0.84),
                (0.3, 0.6),
                (0.7, 0.4),
                (0.84, 0.16),
            ]
        ]
    ],
    9: [
        [
            [(0.86, 0.22), (0.54, 0.02), (0.16, 0.16), (0.18, 0.42), (0.52, 0.5), (0.86, 0.24)],
            [(0.86, 0.24), (0.82, 0.62), (0.74, 1.0)],
        ]
    ],
}

BALLPOINT_INK = (38, 52, 120)  # a blue ball-point pen
PAPER = (244, 240, 228)  # off-white paper
BOARD = (40, 52, 46)  # a dark green-black blackboard
CHALK = (236, 236, 226)


@dataclass(frozen=True)
class Pose:
    """Where and how a digit sits on the page.

    ``height`` is the digit's height as a fraction of the picture; the width follows
    from ``aspect`` (width / height). ``slant`` leans the digit to the right by that
    many degrees, as most right-handed writing does; ``centre`` is where the middle of
    its box goes, in fractions of the picture.
    """

    height: float = 0.66
    aspect: float = 0.62
    slant: float = 8.0
    centre: Point = (0.5, 0.5)
    pen: float = 0.055  # pen width as a fraction of the picture's side


# The ten everyday digits: a few sizes and slants, as a real page of figures would have.
POSES: dict[int, Pose] = {
    0: Pose(height=0.64, aspect=0.7, slant=6.0, centre=(0.49, 0.5)),
    1: Pose(height=0.7, aspect=0.4, slant=10.0, centre=(0.5, 0.49)),
    2: Pose(height=0.6, aspect=0.66, slant=4.0, centre=(0.52, 0.52)),
    3: Pose(height=0.68, aspect=0.6, slant=9.0, centre=(0.5, 0.5)),
    4: Pose(height=0.66, aspect=0.68, slant=3.0, centre=(0.49, 0.51)),
    5: Pose(height=0.62, aspect=0.62, slant=12.0, centre=(0.5, 0.5)),
    6: Pose(height=0.7, aspect=0.62, slant=5.0, centre=(0.5, 0.5)),
    7: Pose(height=0.66, aspect=0.62, slant=0.0, centre=(0.51, 0.5)),
    8: Pose(height=0.7, aspect=0.6, slant=7.0, centre=(0.5, 0.5)),
    9: Pose(height=0.64, aspect=0.6, slant=14.0, centre=(0.5, 0.5)),
}


# ----------------------------------------------------------------------------- curves


def catmull_rom(points: Sequence[Point], samples_per_span: int = 24) -> np.ndarray:
    """A smooth curve through ``points``: shape ``(n, 2)``, starting and ending on them.

    Catmull-Rom splines pass through every given point, with the direction at each
    point set by its two neighbours; the ends are extended by mirroring, so the curve
    leaves the first point heading for the second. Two points give a straight line.
    """
    pts = np.asarray(points, dtype=np.float64)
    if len(pts) < 2:
        raise ValueError(f"a stroke piece needs at least 2 points, got {len(pts)}")
    padded = np.vstack([2 * pts[0] - pts[1], pts, 2 * pts[-1] - pts[-2]])
    t = np.linspace(0.0, 1.0, samples_per_span, endpoint=False)[:, None]
    spans = []
    for i in range(1, len(padded) - 2):
        p0, p1, p2, p3 = padded[i - 1], padded[i], padded[i + 1], padded[i + 2]
        spans.append(
            0.5 * (2 * p1 + (p2 - p0) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t**2 + (3 * p1 - p0 - 3 * p2 + p3) * t**3)
        )
    spans.append(pts[-1:])
    return np.vstack(spans)


def stroke_path(stroke: Stroke) -> np.ndarray:
    """All pieces of one stroke joined into a single path, shape ``(n, 2)``, unit box."""
    return np.vstack([catmull_rom(piece) for piece in stroke])


def jiggle(strokes: list[Stroke], rng: np.random.Generator, amount: float) -> list[Stroke]:
    """The same strokes with every point nudged by up to about ``amount`` (unit box).

    Points shared by two pieces (a corner) move together, so corners stay joined.
    """
    moved: dict[Point, Point] = {}

    def nudge(point: Point) -> Point:
        if point not in moved:
            dx, dy = rng.normal(0.0, amount / 2, size=2)
            moved[point] = (point[0] + float(dx), point[1] + float(dy))
        return moved[point]

    return [[[nudge(p) for p in piece] for piece in stroke] for stroke in strokes]


def place(path: np.ndarray, pose: Pose) -> np.ndarray:
    """Unit-box path -> pixel coordinates of the picture: size, slant and position."""
    height = pose.height * SIZE
    width = height * pose.aspect
    x = (path[:, 0] - 0.5) * width
    y = (path[:, 1] - 0.5) * height
    x = x - y * math.tan(math.radians(pose.slant))  # lean right: higher points move right
    cx, cy = pose.centre[0] * SIZE, pose.centre[1] * SIZE
    return np.column_stack([x + cx, y + cy])


# ---------------------------------------------------------------------------- drawing


def ink_mask(paths: list[np.ndarray], pen: float, rng: np.random.Generator, *, wobble: float = 0.18) -> np.ndarray:
    """Where the pen put ink: ``(SIZE, SIZE)`` floats, 0 = none, 1 = full ink.

    ``paths`` are in picture pixels; ``pen`` is the width in pixels. Along each path the
    width changes smoothly by up to ``wobble`` (a fraction of ``pen``), the way pressure
    varies. Drawn on a larger canvas and averaged down, so edges are soft.
    """
    big = SIZE * SUPERSAMPLE
    canvas = Image.new("L", (big, big), 0)
    draw = ImageDraw.Draw(canvas)
    for path in paths:
        points = path * SUPERSAMPLE
        phase, speed = rng.uniform(0, 2 * math.pi), rng.uniform(0.01, 0.03)
        widths = pen * SUPERSAMPLE * (1.0 + wobble * np.sin(phase + speed * np.arange(len(points))))
        for (x0, y0), (x1, y1), width in zip(points[:-1], points[1:], widths):
            draw.line([(x0, y0), (x1, y1)], fill=255, width=max(1, round(width)))
        for (x, y), width in zip(points, widths):  # round joints and ends
            r = width / 2
            draw.ellipse([x - r, y - r, x + r, y + r], fill=255)
    small = canvas.resize((SIZE, SIZE), Image.Resampling.BOX)
    return np.asarray(small, dtype=np.float64) / 255.0


def paper(colour: Sequence[int], rng: np.random.Generator, *, shade: float = 0.07) -> np.ndarray:
    """A sheet of ``colour`` lit unevenly (one corner a little darker): ``(SIZE, SIZE, 3)``.

    The light falls off smoothly across the page, as under a desk lamp; no grain, so the
    PNG stays a few kilobytes.
    """
    angle = rng.uniform(0, 2 * math.pi)
    yy, xx = np.mgrid[0:SIZE, 0:SIZE] / (SIZE - 1) - 0.5
    light = 1.0 - shade * (0.5 + xx * math.cos(angle) + yy * math.sin(angle))
    return np.asarray(colour, dtype=np.float64)[None, None, :] * light[..., None]


def lay_ink(sheet: np.ndarray, mask: np.ndarray, ink: Sequence[int]) -> np.ndarray:
    """Paper and ink mixed by ``mask`` (0 = paper, 1 = ink): ``(SIZE, SIZE, 3)`` floats."""
    colour = np.asarray(ink, dtype=np.float64)[None, None, :]
    return sheet * (1.0 - mask[..., None]) + colour * mask[..., None]


def to_image(rgb: np.ndarray) -> Image.Image:
    """Floats 0..255 -> an 8-bit RGB picture."""
    return Image.fromarray(np.clip(np.rint(rgb), 0, 255).astype(np.uint8), "RGB")


def pen_digit_mask(digit: int, pose: Pose, rng: np.random.Generator) -> np.ndarray:
    """A digit in ball-point handwriting, as an ink mask ``(SIZE, SIZE)``, 0..1."""
    strokes = jiggle(STROKES[digit], rng, amount=0.025)
    paths = [place(stroke_path(stroke), pose) for stroke in strokes]
    return ink_mask(paths, pose.pen * SIZE, rng)


def pen_digit(digit: int, pose: Pose, rng: np.random.Generator) -> Image.Image:
    """A digit written with a blue ball-point pen on off-white paper."""
    mask = pen_digit_mask(digit, pose, rng)  # strokes first: the damaged copies draw them the same way
    return to_image(lay_ink(paper(PAPER, rng), mask, BALLPOINT_INK))


# ------------------------------------------------------------------ the damaged digits


def chalk_digit(digit: int, pose: Pose, rng: np.random.Generator) -> Image.Image:
    """A digit in chalk on a blackboard: light, broken strokes on a dark board.

    Chalk skips over the board's grain, so the stroke is thinned out by a fixed random
    pattern of gaps, smoothed a little so the gaps look like chalk and not like pixels.
    """
    mask = pen_digit_mask(digit, pose, rng)
    grain = ndimage.gaussian_filter(rng.random((SIZE, SIZE)), 1.6)
    grain = (grain - grain.min()) / (grain.max() - grain.min())
    broken = mask * np.clip((grain - 0.3) * 3.0, 0.0, 1.0)
    return to_image(lay_ink(paper(BOARD, rng, shade=0.25), broken, CHALK))


# Where the 3 is cut: a point on the digit (unit box), the direction of the cut in degrees
# from the horizontal, and its width as a fraction of the picture. Each cut crosses a
# stroke at right angles: through the join of the two bowls, the right side of the lower
# bowl and the top of the upper one.
CUTS_OF_THREE = (((0.62, 0.47), 90.0, 0.06), ((0.88, 0.74), 0.0, 0.05), ((0.42, 0.02), 90.0, 0.05))


def chopped_digit(
    digit: int, pose: Pose, rng: np.random.Generator, cuts: Sequence[tuple[Point, float, float]] = CUTS_OF_THREE
) -> Image.Image:
    """A pen digit with pieces cut out: short bands across its strokes replaced by paper.

    Each cut is ``(point, degrees, width)``: a band of ``width`` (fraction of the
    picture) through ``point`` (unit box of the digit, placed like the digit itself),
    running at ``degrees`` from the horizontal, and only as long as a stroke is wide
    plus a little, so that it takes a bite out of one stroke and nothing else.
    """
    mask = pen_digit_mask(digit, pose, rng)
    yy, xx = np.mgrid[0:SIZE, 0:SIZE].astype(np.float64)
    cut = np.zeros_like(mask, dtype=bool)
    for point, degrees, width in cuts:
        ((cx, cy),) = place(np.array([point]), pose)
        direction = math.radians(degrees)
        across = (xx - cx) * -math.sin(direction) + (yy - cy) * math.cos(direction)
        along = (xx - cx) * math.cos(direction) + (yy - cy) * math.sin(direction)
        cut |= (np.abs(across) < width * SIZE / 2) & (np.abs(along) < 2.5 * pose.pen * SIZE)
    soft_cut = ndimage.gaussian_filter(cut.astype(np.float64), 0.7)
    return to_image(lay_ink(paper(PAPER, rng), mask * (1.0 - soft_cut), BALLPOINT_INK))


def typeface_mask(character: str, rng: np.random.Generator, *, height: float = 0.7) -> np.ndarray:
    """A character set in DejaVu Serif (matplotlib's own copy), centred: ``(SIZE, SIZE)``, 0..1."""
    font_file = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSerif.ttf"
    font = ImageFont.truetype(str(font_file), size=round(SIZE * SUPERSAMPLE * height * 1.35))
    big = SIZE * SUPERSAMPLE
    canvas = Image.new("L", (big, big), 0)
    draw = ImageDraw.Draw(canvas)
    left, top, right, bottom = draw.textbbox((0, 0), character, font=font)
    jitter = rng.normal(0.0, 0.01 * big, size=2)
    origin = ((big - (right - left)) / 2 - left + jitter[0], (big - (bottom - top)) / 2 - top + jitter[1])
    draw.text(origin, character, fill=255, font=font)
    return np.asarray(canvas.resize((SIZE, SIZE), Image.Resampling.BOX), dtype=np.float64) / 255.0


def blurred_typeface_digit(character: str, rng: np.random.Generator, *, blur: float = 5.0) -> Image.Image:
    """A printed-looking digit, badly out of focus: a Gaussian blur of ``blur`` pixels."""
    mask = ndimage.gaussian_filter(typeface_mask(character, rng), blur)
    return to_image(lay_ink(paper(PAPER, rng), mask, (20, 20, 20)))


def ripple(mask: np.ndarray, *, amplitude: float, wavelength: float, phase: float) -> np.ndarray:
    """Shift each row sideways by a sine of its height, like a reflection on rippling water.

    ``amplitude`` and ``wavelength`` are in pixels: row y moves by
    ``amplitude * sin(2 pi y / wavelength + phase)``.
    """
    yy, xx = np.mgrid[0:SIZE, 0:SIZE].astype(np.float64)
    shift = amplitude * np.sin(2 * math.pi * yy / wavelength + phase)
    return ndimage.map_coordinates(mask, [yy, xx + shift], order=1, mode="constant", cval=0.0)


def wobbly_digit(digit: int, pose: Pose, rng: np.random.Generator) -> Image.Image:
    """A pen digit seen in rippling water: each row of ink shifted sideways by a sine."""
    mask = pen_digit_mask(digit, pose, rng)
    wavy = ripple(mask, amplitude=0.025 * SIZE, wavelength=0.22 * SIZE, phase=rng.uniform(0, 2 * math.pi))
    return to_image(lay_ink(paper(PAPER, rng), wavy, BALLPOINT_INK))


def add_noise(image: Image.Image, rng: np.random.Generator, *, strength: float, grain: int = 2) -> Image.Image:
    """The picture in black and white with heavy speckle, like a grainy photo taken in poor light.

    The noise is normal with a spread of ``strength`` grey levels, in specks of
    ``grain`` x ``grain`` pixels (film grain is coarser than a pixel). Noise cannot be
    compressed, so the picture is saved in grey (one channel instead of three) and the
    specks are coarse: that keeps the file small.
    """
    grey = np.asarray(image.convert("L"), dtype=np.float64)
    specks = rng.normal(0.0, strength, size=(SIZE // grain, SIZE // grain))
    noise = np.kron(specks, np.ones((grain, grain)))
    return Image.fromarray(np.clip(np.rint(grey + noise), 0, 255).astype(np.uint8), "L")


# ------------------------------------------------------------------------ the files


@dataclass(frozen=True)
class Made:
    """One picture made by this script: its file name, the digit it shows, how it was made."""

    file: str
    label: int
    description: str


def make_all(out: Path, seed: int = DEFAULT_SEED) -> list[Made]:
    """Draw every picture into ``out`` (created if needed) and write labels.csv; return the list.

    The order of drawing is fixed, and each picture gets its own generator seeded from
    ``seed`` and its position, so changing one picture's recipe leaves the others alone.
    """
    out.mkdir(parents=True, exist_ok=True)
    made: list[Made] = []

    def save(name: str, label: int, description: str, image: Image.Image) -> None:
        image.save(out / name, optimize=True)
        made.append(Made(name, label, description))

    def rng_for(index: int) -> np.random.Generator:
        return np.random.default_rng([seed, index])

    for digit in range(10):
        article = "an" if digit == 8 else "a"
        save(
            f"pen-{digit}.png",
            digit,
            f"{article} {digit} written with a ball-point pen",
            pen_digit(digit, POSES[digit], rng_for(digit)),
        )

    save(
        "chalk-4.png",
        4,
        "a 4 in chalk on a blackboard",
        chalk_digit(4, Pose(height=0.7, aspect=0.7, slant=4.0, pen=0.07), rng_for(10)),
    )
    # The damaged 3 and the wobbly 6 start from the very strokes of pen-3 and pen-6
    # (same generator), so the page can show each beside its undamaged twin.
    save(
        "chopped-3.png", 3, "the 3 of pen-3.png with three pieces cut out of it", chopped_digit(3, POSES[3], rng_for(3))
    )
    save(
        "blurred-2.png",
        2,
        "a 2 in a book typeface (DejaVu Serif), out of focus",
        blurred_typeface_digit("2", rng_for(12)),
    )
    wobbly = wobbly_digit(6, POSES[6], rng_for(6))
    save("wobbly-6.png", 6, "the 6 of pen-6.png, wobbling like a reflection in rippling water", wobbly)
    save(
        "wobbly-noisy-6.png",
        6,
        "wobbly-6.png in black and white with heavy grain added",
        add_noise(wobbly, rng_for(14), strength=70.0),
    )

    with open(out / "labels.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["file", "label", "description"])
        for item in made:
            writer.writerow([item.file, item.label, item.description])
    return made


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder for the PNG files (default: %(default)s)")
    parser.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help="seed of the random jiggles (default: %(default)s)"
    )
    args = parser.parse_args(argv)
    made = make_all(args.out, args.seed)
    total = sum((args.out / item.file).stat().st_size for item in made)
    print(f"wrote {len(made)} pictures ({total / 1024:.0f} kB) and labels.csv to {args.out}")


if __name__ == "__main__":
    main()
