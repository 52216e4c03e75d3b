"""Tests for nnbook.images: reading readers' pictures and rotating digits.

Every picture is drawn here with Pillow in a temporary folder; no MNIST record is
used. Expected results come from geometry worked out by hand (a 40 x 100 block
must become an 8 x 20 block), from a second route to the same answer (a transparent
PNG must match the same drawing on white paper), or from numpy's exact
``rot90``.
"""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import warnings
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from nnbook import images
from nnbook.images import (
    BlankImageError,
    augment_with_rotations,
    fit_to_mnist,
    image_stages,
    is_dark_on_light,
    load_image,
    orient_ink,
    remove_background,
    rotate_digit,
    to_grey_array,
)

BLACK, WHITE = (0, 0, 0), (255, 255, 255)
SEVEN_STROKE = [(90, 50), (210, 50), (140, 185)]  # a "7" inside a 300 x 220 page


# ------------------------------------------------------------------------ helpers


def draw_seven(ink=BLACK, paper=WHITE, size=(300, 220)) -> Image.Image:
    """A thick dark 7 on an RGB page of odd size."""
    page = Image.new("RGB", size, paper)
    ImageDraw.Draw(page).line(SEVEN_STROKE, fill=ink, width=18)
    return page


def save(image: Image.Image, folder: Path, name: str, **options) -> Path:
    path = folder / name
    image.save(path, **options)
    return path


def ink_extent(record: np.ndarray, level: float = 0.05) -> tuple[int, int]:
    """Height and width of the region where a scaled record rises ``level`` above 0.01."""
    picture = record.reshape(28, 28)
    rows = np.flatnonzero((picture > 0.01 + level).any(axis=1))
    cols = np.flatnonzero((picture > 0.01 + level).any(axis=0))
    return rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1


def centre_of_mass(record: np.ndarray) -> tuple[float, float]:
    """Ink-weighted mean row and column, written out by hand (not scipy's)."""
    weights = record.reshape(28, 28) - 0.01
    rows, cols = np.indices((28, 28))
    total = weights.sum()
    return (rows * weights).sum() / total, (cols * weights).sum() / total


@pytest.fixture
def seven_png(tmp_path: Path) -> Path:
    return save(draw_seven(), tmp_path, "seven.png")


# ------------------------------------------------------- grey values, ink and paper


def test_to_grey_array_matches_hand_computed_values():
    colours = Image.new("RGB", (3, 1))
    colours.putdata([(255, 0, 0), (255, 255, 255), (0, 0, 0)])
    # brightness of pure red = 0.299 * 255
    np.testing.assert_allclose(to_grey_array(colours), [[76.245, 255.0, 0.0]])

    see_through = Image.new("RGBA", (3, 1))
    see_through.putdata([(0, 0, 0, 0), (0, 0, 0, 255), (0, 0, 0, 51)])
    # a fully transparent pixel is the white paper; 51/255 = 20 % opaque black -> 80 % white
    np.testing.assert_allclose(to_grey_array(see_through), [[255.0, 0.0, 204.0]])


def test_to_grey_array_handles_palette_transparency_and_16_bit():
    palette = Image.new("P", (2, 1))
    palette.putpalette([0, 0, 0, 10, 20, 30])
    palette.putdata([0, 1])
    palette.info["transparency"] = 0  # palette entry 0 is see-through
    np.testing.assert_allclose(to_grey_array(palette), [[255.0, 0.299 * 10 + 0.587 * 20 + 0.114 * 30]])

    deep = Image.fromarray(np.array([[0, 65535]], dtype=np.uint16))
    np.testing.assert_allclose(to_grey_array(deep), [[0.0, 255.0]])


def test_is_dark_on_light_reads_the_paper_at_the_edges():
    page = np.full((30, 40), 250.0)
    page[5:25, 10:30] = 0.0  # a big dark blot inside
    assert is_dark_on_light(page)
    assert not is_dark_on_light(255.0 - page)


def test_orient_ink_inverts_only_dark_on_light_unless_told():
    page = np.full((10, 10), 255.0)
    page[4:6, 4:6] = 0.0
    assert orient_ink(page)[5, 5] == 255.0 and orient_ink(page)[0, 0] == 0.0
    bright_on_dark = 255.0 - page
    np.testing.assert_array_equal(orient_ink(bright_on_dark), bright_on_dark)
    np.testing.assert_array_equal(orient_ink(bright_on_dark, invert=True), page)
    np.testing.assert_array_equal(orient_ink(page, invert=False), page)


def test_remove_background_brings_grey_paper_to_zero_and_drops_faint_noise():
    rng = np.random.default_rng(0)
    paper = 50.0 + rng.uniform(-8.0, 8.0, size=(40, 40))  # grain well under the threshold
    paper[10:30, 18:22] = 210.0
    cleaned = remove_background(paper)
    assert np.all(cleaned[:, :10] == 0.0)
    # the ink keeps its height above the paper (about 210 - 50)
    assert np.all(np.abs(cleaned[10:30, 18:22] - 160.0) < 9.0)


# ------------------------------------------------------------------ fit_to_mnist


def test_fit_to_mnist_makes_a_block_20_tall_and_centred():
    # a 40-wide, 100-tall block off to one side of a 220 x 300 picture
    ink = np.zeros((220, 300))
    ink[30:130, 200:240] = 255.0
    fitted = fit_to_mnist(ink)
    # shrunk 5 times: 100 -> 20 rows, 40 -> 8 columns, still full ink
    rows = np.flatnonzero(fitted.any(axis=1))
    cols = np.flatnonzero(fitted.any(axis=0))
    # centre of mass at 14: 20 rows -> 4..23; 8 columns centred at 13.5 -> start 10 or 11
    assert rows.tolist() == list(range(4, 24))
    assert cols.tolist() in (list(range(10, 18)), list(range(11, 19)))
    np.testing.assert_allclose(fitted[4:24, cols[0] : cols[-1] + 1], 255.0, atol=1e-3)


def test_fit_to_mnist_clips_a_digit_pushed_past_the_frame():
    # a "T": most of the mass is in the heavy top bar, so centring by mass pushes the
    # bar down towards row 14 and the end of the long stem past the frame's bottom edge
    ink = np.zeros((100, 100))
    ink[:10, :] = 255.0
    ink[10:, 48:52] = 255.0
    fitted = fit_to_mnist(ink)
    assert fitted.shape == (28, 28)
    bar_rows = np.flatnonzero((fitted > 128).sum(axis=1) >= 15)
    assert 8 <= bar_rows.min() and bar_rows.max() <= 13
    assert fitted[27].max() > 50  # the stem reaches the bottom edge: cut off, not squeezed
    assert 28 - bar_rows.min() < 20  # fewer than the 20 rows the digit was scaled to


def test_fit_to_mnist_rejects_blank_and_flat_input():
    with pytest.raises(BlankImageError, match="nothing was drawn"):
        fit_to_mnist(np.full((30, 30), images.INK_THRESHOLD - 1.0))
    with pytest.raises(ValueError, match=r"shape \(784,\).*reshape"):
        fit_to_mnist(np.zeros(784))


# --------------------------------------------------------------------- load_image


def test_seven_on_odd_sized_white_page_looks_like_an_mnist_record(seven_png: Path):
    record = load_image(seven_png)
    assert record.shape == (784,)
    assert record.min() >= 0.01 - 1e-12 and record.max() <= 1.0 + 1e-12
    assert record.max() == pytest.approx(1.0)
    picture = record.reshape(28, 28)
    assert np.all(picture[:2] == pytest.approx(0.01))  # the margin is background
    assert np.median(record) == pytest.approx(0.01)
    assert np.count_nonzero(record > 0.5) >= 30  # a real stroke, not a speck
    row, col = centre_of_mass(record)
    assert abs(row - 14.0) <= 1.0 and abs(col - 14.0) <= 1.0
    # the drawing's own ink box, measured with numpy, fixes the expected proportions
    dark = np.asarray(draw_seven().convert("L")) < 128
    drawn_height = np.ptp(np.flatnonzero(dark.any(axis=1))) + 1
    drawn_width = np.ptp(np.flatnonzero(dark.any(axis=0))) + 1
    height, width = ink_extent(record)
    assert max(height, width) in (19, 20, 21)
    expected_short = 20 * min(drawn_height, drawn_width) / max(drawn_height, drawn_width)
    assert abs(min(height, width) - expected_short) <= 1.5
    assert (height >= width) == (drawn_height >= drawn_width)


def test_rectangle_becomes_the_hand_computed_block(tmp_path: Path):
    page = Image.new("RGB", (300, 220), WHITE)
    ImageDraw.Draw(page).rectangle([173, 61, 212, 160], fill=BLACK)  # 40 wide, 100 tall
    picture = load_image(save(page, tmp_path, "block.png")).reshape(28, 28)
    bright = picture > 0.5
    assert np.flatnonzero(bright.any(axis=1)).tolist() == list(range(4, 24))
    assert np.count_nonzero(bright.any(axis=0)) == 8
    np.testing.assert_allclose(picture[bright], 1.0, atol=1e-6)
    np.testing.assert_allclose(picture[~bright], 0.01, atol=1e-6)


@pytest.mark.parametrize("mode", ["L", "1", "P", "RGBA", "LA"])
def test_every_colour_mode_gives_the_same_record(tmp_path: Path, mode: str):
    baseline = load_image(save(draw_seven().convert("L"), tmp_path, "grey.png"))
    if mode in ("RGBA", "LA"):
        # black ink on a fully transparent page (whose hidden colour is black as well)
        page = Image.new(mode, (300, 220), 0)
        opaque_black = (0, 255) if mode == "LA" else (0, 0, 0, 255)
        ImageDraw.Draw(page).line(SEVEN_STROKE, fill=opaque_black, width=18)
    else:
        page = draw_seven().convert(mode)
    record = load_image(save(page, tmp_path, f"{mode}.png"))
    np.testing.assert_allclose(record, baseline, atol=1e-6)


def test_jpeg_matches_png_apart_from_compression_noise(tmp_path: Path, seven_png: Path):
    from_png = load_image(seven_png)
    from_jpeg = load_image(save(draw_seven(), tmp_path, "seven.jpg", quality=75))
    assert np.abs(from_jpeg - from_png).mean() < 0.02
    assert np.abs(from_jpeg - from_png).max() < 0.25
    row, col = centre_of_mass(from_jpeg)
    assert abs(row - 14.0) <= 1.0 and abs(col - 14.0) <= 1.0


def test_photo_like_grey_paper_and_grey_ink(tmp_path: Path, seven_png: Path):
    rng = np.random.default_rng(1)
    grey = np.asarray(draw_seven(ink=(70, 70, 70), paper=(200, 200, 200)).convert("L"), float)
    grey = np.clip(grey + rng.normal(0.0, 3.0, grey.shape), 0, 255).astype(np.uint8)
    photo = load_image(save(Image.fromarray(grey), tmp_path, "photo.png"))
    assert np.abs(photo - load_image(seven_png)).max() < 0.1


def test_sideways_photo_is_turned_upright_by_its_exif_note(tmp_path: Path, seven_png: Path):
    # cameras store a portrait photo sideways plus a note (orientation 6: "turn 90
    # degrees clockwise to view"); the note must be obeyed
    sideways = draw_seven().transpose(Image.Transpose.ROTATE_90)
    note = Image.Exif()
    note[0x0112] = 6  # the EXIF orientation tag
    path = save(sideways, tmp_path, "sideways.jpg", exif=note, quality=95)
    assert np.abs(load_image(path) - load_image(seven_png)).mean() < 0.02


def test_bright_ink_on_dark_is_not_inverted_again(tmp_path: Path, seven_png: Path):
    already = save(draw_seven(ink=WHITE, paper=BLACK), tmp_path, "inverted.png")
    expected = load_image(seven_png)
    np.testing.assert_allclose(load_image(already), expected, atol=1e-6)
    np.testing.assert_allclose(load_image(already, invert=False), expected, atol=1e-6)


def test_forced_inversion_is_obeyed(tmp_path: Path, seven_png: Path):
    np.testing.assert_allclose(load_image(seven_png, invert=True), load_image(seven_png))
    # forcing the wrong way leaves bright paper: nothing stands out as ink
    with pytest.raises(BlankImageError, match="invert=True"):
        load_image(seven_png, invert=False)
    bright_on_dark = save(draw_seven(ink=WHITE, paper=BLACK), tmp_path, "inverted.png")
    with pytest.raises(BlankImageError, match="invert=False"):
        load_image(bright_on_dark, invert=True)


def test_forcing_rescues_a_digit_that_covers_the_edges(tmp_path: Path):
    # a square "0" drawn right along the edges: the edge is all ink, so the guess fails
    page = Image.new("L", (100, 100), 255)
    ImageDraw.Draw(page).rectangle([0, 0, 99, 99], outline=0, width=10)
    path = save(page, tmp_path, "frame.png")
    assert not is_dark_on_light(to_grey_array(page))
    picture = load_image(path, invert=True).reshape(28, 28)
    # the whole 100 px square shrinks to 20 px with a 2 px ring and an empty middle
    rows = np.flatnonzero((picture > 0.5).any(axis=1))
    cols = np.flatnonzero((picture > 0.5).any(axis=0))
    assert len(rows) == len(cols) == 20
    top, left = rows[0], cols[0]
    assert picture[top, left : left + 20].min() > 0.9
    assert picture[top : top + 20, left].min() > 0.9
    assert picture[top + 2 : top + 18, left + 2 : left + 18].max() == pytest.approx(0.01)


def test_tiny_picture_is_enlarged_to_the_20_pixel_box(tmp_path: Path):
    tiny = Image.new("L", (5, 9), 255)
    tiny.putpixel((1, 1), 0)
    for row in range(1, 8):
        tiny.putpixel((3, row), 0)  # a 7-pixel upright stroke
    tiny.putpixel((2, 1), 0)
    record = load_image(save(tiny, tmp_path, "tiny.png"))
    height, width = ink_extent(record)
    assert 19 <= height <= 21 and 6 <= width <= 10
    row, col = centre_of_mass(record)
    assert abs(row - 14.0) <= 1.0 and abs(col - 14.0) <= 1.0


def test_wide_picture_keeps_its_proportions(tmp_path: Path):
    page = Image.new("RGB", (400, 120), WHITE)
    ImageDraw.Draw(page).rectangle([50, 60, 249, 79], fill=BLACK)  # 200 wide, 20 tall
    height, width = ink_extent(load_image(save(page, tmp_path, "dash.png")))
    assert width == 20 and height == 2


@pytest.mark.parametrize("colour", [255, 0])
def test_blank_page_says_nothing_was_drawn(tmp_path: Path, colour: int):
    path = save(Image.new("L", (64, 48), colour), tmp_path, "blank.png")
    with pytest.raises(BlankImageError, match="nothing was drawn") as caught:
        load_image(path)
    assert isinstance(caught.value, ValueError) and "blank.png" in str(caught.value)


def test_faint_specks_are_ignored(tmp_path: Path, seven_png: Path):
    rng = np.random.default_rng(2)
    noisy = np.asarray(Image.new("L", (64, 48), 255), dtype=np.int16)
    noisy -= rng.integers(0, 15, size=noisy.shape, dtype=np.int16)  # at most 14 levels darker
    with pytest.raises(BlankImageError):
        load_image(save(Image.fromarray(noisy.astype(np.uint8)), tmp_path, "noise.png"))

    specks = draw_seven()
    for x, y in [(5, 5), (295, 10), (10, 210), (290, 215)]:
        specks.putpixel((x, y), (235, 235, 235))  # 20 levels: under the ink threshold
    np.testing.assert_allclose(load_image(save(specks, tmp_path, "specks.png")), load_image(seven_png), atol=1e-6)


def test_unreadable_files_raise_value_error_naming_formats(tmp_path: Path, seven_png: Path):
    text = tmp_path / "notes.png"
    text.write_text("this is not a picture\n")
    with pytest.raises(ValueError, match="could not be read as an image.*PNG, JPEG"):
        load_image(text)

    whole = seven_png.read_bytes()
    cut = tmp_path / "cut.png"
    cut.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(ValueError, match="cut.png could not be read as an image"):
        load_image(cut)


def test_missing_file_names_the_path(tmp_path: Path):
    missing = tmp_path / "my_digit.png"
    with pytest.raises(FileNotFoundError, match="my_digit.png"):
        load_image(missing)
    with pytest.raises(IsADirectoryError):
        load_image(tmp_path)


def test_image_stages_show_each_step(seven_png: Path):
    stages = image_stages(seven_png)
    assert list(stages) == ["grey", "ink", "fitted", "scaled"]
    assert stages["grey"].shape == stages["ink"].shape == (220, 300)
    assert stages["grey"][0, 0] == 255.0 and stages["ink"][0, 0] == 0.0
    assert stages["fitted"].shape == stages["scaled"].shape == (28, 28)
    np.testing.assert_allclose(stages["scaled"], stages["fitted"] / 255.0 * 0.99 + 0.01)
    np.testing.assert_array_equal(stages["scaled"].reshape(784), load_image(seven_png))
    # a picture already in memory (a drawing canvas, say) goes the same way
    np.testing.assert_array_equal(load_image(draw_seven()), load_image(seven_png))
    with pytest.raises(BlankImageError, match="the picture: nothing was drawn"):
        load_image(Image.new("RGB", (40, 40), WHITE))


# ----------------------------------------------------------------------- rotations


def asymmetric_pattern() -> np.ndarray:
    """An "L"-like pattern away from the edges, 0.01 background, scaled like MNIST."""
    picture = np.full((28, 28), 0.01)
    picture[6:20, 10:13] = 1.0  # upright stroke
    picture[17:20, 10:19] = 0.6  # foot to the right
    return picture


def test_rotate_by_zero_changes_nothing():
    picture = asymmetric_pattern()
    np.testing.assert_allclose(rotate_digit(picture, 0.0), picture, atol=1e-12)


def test_rotate_by_90_matches_rot90_and_turns_anticlockwise():
    picture = asymmetric_pattern()
    np.testing.assert_allclose(rotate_digit(picture, 90.0), np.rot90(picture), atol=1e-9)
    # hand check of the direction: a mark near the top moves to the left edge
    mark = np.zeros((28, 28))
    mark[2, 14] = 1.0
    turned = rotate_digit(mark, 90.0, fill=0.0)
    assert np.unravel_index(turned.argmax(), turned.shape) == (13, 2)


def test_rotating_there_and_back_restores_the_interior():
    yy, xx = np.indices((28, 28))
    # a smooth, lopsided blob: linear interpolation blurs sharp strokes a little each time
    blob = 0.01 + 0.99 * np.exp(-((yy - 12.0) ** 2 / 32.0 + (xx - 15.0) ** 2 / 18.0))
    there_and_back = rotate_digit(rotate_digit(blob, 10.0), -10.0)
    twice = rotate_digit(rotate_digit(blob, 10.0), 10.0)
    inner = (slice(6, 22), slice(6, 22))
    error = np.abs(there_and_back - blob)[inner].max()
    assert error < 0.05  # measured 0.035
    assert np.abs(twice - blob)[inner].max() > 5 * error  # the undo really undid


def test_uncovered_corners_get_the_fill_value_and_values_stay_in_range():
    flat = np.full((28, 28), 0.5)
    turned = rotate_digit(flat, 45.0)
    assert turned[0, 0] == pytest.approx(0.01) and turned[14, 14] == pytest.approx(0.5)
    assert rotate_digit(flat, 45.0, fill=0.2)[27, 27] == pytest.approx(0.2)
    # a cubic spline overshoots next to a sharp stroke; results must be clipped
    sharp = asymmetric_pattern()
    cubic = rotate_digit(sharp, 30.0, order=3)
    assert cubic.min() >= 0.01 and cubic.max() <= 1.0


def test_rotate_keeps_the_shape_it_was_given():
    picture = asymmetric_pattern()
    assert rotate_digit(picture, 10.0).shape == (28, 28)
    flat = rotate_digit(picture.reshape(784), 10.0)
    assert flat.shape == (784,)
    np.testing.assert_array_equal(flat, rotate_digit(picture, 10.0).reshape(784))


@pytest.mark.parametrize("shape", [(783,), (27, 28), (1, 784), (28, 28, 1)])
def test_rotate_rejects_wrong_sizes(shape):
    with pytest.raises(ValueError, match=r"784 pixel values.*28 x 28.*" + str(shape[0])):
        rotate_digit(np.zeros(shape), 10.0)


def test_augment_puts_originals_first_then_each_angle():
    rng = np.random.default_rng(3)
    batch = 0.01 + 0.99 * rng.random((3, 784))
    batch[:, :28] = 0.01  # smallest value is the background
    labels = np.array([7, 2, 1])
    more, more_labels = augment_with_rotations(batch, labels, angles=(10.0, -10.0))
    assert more.shape == (9, 784)
    assert more_labels.tolist() == [7, 2, 1, 7, 2, 1, 7, 2, 1]
    np.testing.assert_array_equal(more[:3], batch)
    for row, (angle, image) in enumerate([(a, im) for a in (10.0, -10.0) for im in batch], 3):
        np.testing.assert_allclose(more[row], rotate_digit(image, angle, fill=0.01), atol=1e-12)
    assert more[3].reshape(28, 28)[27, 0] == pytest.approx(0.01)  # detected fill


def test_augment_detects_fill_for_raw_pixels_and_keeps_float32():
    raw = np.full((2, 784), 200, dtype=np.uint8)
    raw[:, 0] = 0
    more, _ = augment_with_rotations(raw, np.array([3, 4]), angles=(45.0,))
    assert more.dtype == np.float64 and more.shape == (4, 784)
    assert more[2].reshape(28, 28)[27, 27] == 0.0  # fill is the minimum, 0

    small = np.full((2, 784), 0.5, dtype=np.float32)
    more, _ = augment_with_rotations(small, np.array([3, 4]), fill=0.01)
    assert more.dtype == np.float32 and more.shape == (6, 784)
    assert more[2].reshape(28, 28)[0, 0] == pytest.approx(0.01)


def test_augment_rejects_mismatched_input():
    with pytest.raises(ValueError, match=r"\(n, 784\).*\(2, 783\)"):
        augment_with_rotations(np.zeros((2, 783)), np.array([1, 2]))
    with pytest.raises(ValueError, match=r"\(n, 784\)"):
        augment_with_rotations(np.zeros(784), np.array([1]))
    with pytest.raises(ValueError, match="one label per image"):
        augment_with_rotations(np.zeros((2, 784)), np.array([1, 2, 3]))


# ------------------------------------------------------------------- huge pictures


def write_bilevel_png(path: Path, width: int, height: int, ink: tuple[int, int, int, int] | None = None) -> Path:
    """A black-and-white PNG written row by row, so even 10000 x 10000 costs no memory here.

    White paper with a black rectangle ``ink = (left, top, right, bottom)``. With
    ``ink=None`` only the header is written: enough for Pillow to learn the size, and
    for anything that decodes the pixels to fail.
    """

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))  # 1 bit grey
    pixels = b""
    if ink is not None:
        left, top, right, bottom = ink
        paper_row = np.packbits(np.ones(width, dtype=bool)).tobytes()
        inked = np.ones(width, dtype=bool)
        inked[left:right] = False
        ink_row = np.packbits(inked).tobytes()
        packer = zlib.compressobj()
        pieces = [packer.compress(b"\x00" + (ink_row if top <= row < bottom else paper_row)) for row in range(height)]
        pixels = chunk(b"IDAT", b"".join(pieces) + packer.flush())
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + header + pixels + chunk(b"IEND", b""))
    return path


PEAK_MEMORY = """
import resource, sys
from nnbook.images import load_image
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    record = load_image(sys.argv[1])
    outcome = f"loaded {record.shape}"
except ValueError as error:
    outcome = f"refused: {error}"
grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
print(grown // 1024)  # ru_maxrss is in KiB on Linux
print(outcome)
"""


def peak_megabytes_of_loading(path: Path) -> tuple[int, str]:
    """Load ``path`` in a fresh process; how much its peak memory grew (MB), and what happened."""
    result = subprocess.run(
        [sys.executable, "-c", PEAK_MEMORY, str(path)],
        capture_output=True,
        text=True,
        check=True,
        env=os.environ | {"PYTHONPATH": str(Path(images.__file__).resolve().parents[1])},
    )
    grown, outcome = result.stdout.strip().split("\n", 1)
    return int(grown), outcome


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ru_maxrss is in KiB on Linux only")
def test_a_10000_pixel_square_png_is_refused_without_decoding_it(tmp_path: Path):
    """Decoded, it would take 3.6 GB on its way to floats: enough to end a Binder kernel."""
    path = write_bilevel_png(tmp_path / "scan.png", 10_000, 10_000, ink=(4000, 3000, 6000, 7000))
    grown, outcome = peak_megabytes_of_loading(path)
    assert outcome.startswith(f"refused: {path} is too large to read safely (10000 x 10000 pixels, 100 megapixels;")
    assert "the limit is 50 megapixels" in outcome and "crop it around the digit" in outcome
    assert grown < 30


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ru_maxrss is in KiB on Linux only")
def test_a_large_but_sane_png_is_shrunk_while_it_is_read(tmp_path: Path):
    """49 megapixels: decoded at one byte a pixel, but never turned into floats whole (390 MB a copy)."""
    path = write_bilevel_png(tmp_path / "big.png", 7000, 7000, ink=(3000, 2000, 4000, 5000))
    grown, outcome = peak_megabytes_of_loading(path)
    assert outcome == "loaded (784,)"
    assert grown < 200


def test_shrinking_while_reading_keeps_the_record(tmp_path: Path):
    """A block drawn at 10 times the size gives nearly the same record as the small drawing."""
    small = write_bilevel_png(tmp_path / "small.png", 300, 300, ink=(120, 60, 180, 240))
    large = write_bilevel_png(tmp_path / "large.png", 3000, 3000, ink=(1200, 600, 1800, 2400))
    assert image_stages(large)["grey"].shape == (1500, 1500)  # averaged in 2 x 2 blocks
    np.testing.assert_allclose(load_image(large), load_image(small), atol=0.02)


@pytest.mark.parametrize("mode", ["RGBA", "P", "I;16", "I", "1", "LA"])
def test_averaging_down_in_bands_matches_averaging_the_whole_picture(monkeypatch, mode: str):
    rng = np.random.default_rng(3)
    picture = Image.fromarray(rng.integers(0, 256, size=(203, 311, 4), dtype=np.uint8), "RGBA")
    if mode in ("I;16", "I"):
        picture = Image.fromarray(rng.integers(0, 65536, size=(203, 311)).astype(np.uint16)).convert(mode)
    elif mode != "RGBA":
        picture = picture.convert(mode)
    monkeypatch.setattr(images, "_WORKING_SIDE", 64)  # 311 / 64: blocks of 5 x 5
    monkeypatch.setattr(images, "_BAND_ROWS", 12)  # bands of 10 rows, and a short last one
    whole = to_grey_array(picture)
    expected = np.array([[whole[r : r + 5, c : c + 5].mean() for c in range(0, 311, 5)] for r in range(0, 203, 5)])
    np.testing.assert_allclose(images._working_grey(picture), expected, rtol=1e-12)


def test_above_pillows_own_limit_the_documented_error_is_raised(tmp_path: Path):
    """Over 179 megapixels Pillow refuses with DecompressionBombError; over 89 it warns."""
    for side in (20_000, 10_000):
        path = write_bilevel_png(tmp_path / f"bomb-{side}.png", side, side)  # the header alone
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # neither Pillow's warning nor its error may escape
            with pytest.raises(ValueError, match=f"bomb-{side}.png is too large to read safely"):
                load_image(path)


def test_a_large_jpeg_passes_because_it_is_decoded_small(tmp_path: Path):
    page = Image.new("L", (9000, 6000), 255)  # 54 megapixels, over the limit at full size
    ImageDraw.Draw(page).rectangle((4000, 1500, 5000, 4500), fill=0)
    path = save(page, tmp_path, "photo.jpg", quality=80)
    del page
    assert images.open_image(path).size == (2250, 1500)  # decoded at a quarter of the size
    assert ink_extent(load_image(path)) == (20, 7)
