"""The book's own digit pictures: remade from the script, small, and damaged as described."""

from __future__ import annotations

import csv
import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from nnbook.images import image_stages, is_dark_on_light, to_grey_array

REPO = Path(__file__).resolve().parents[1]
COMMITTED = REPO / "data" / "handwriting"


def load_tool():
    spec = importlib.util.spec_from_file_location("make_handwriting", REPO / "tools" / "make_handwriting.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


tool = load_tool()


@pytest.fixture(scope="module")
def remade(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("handwriting")
    tool.make_all(folder)
    return folder


def grey(folder: Path, name: str) -> np.ndarray:
    return to_grey_array(Image.open(folder / name))


def ink(folder: Path, name: str) -> np.ndarray:
    """Ink 0..255 with the paper at 0, as the network's preprocessing sees it."""
    return image_stages(folder / name)["ink"]


def labels(folder: Path) -> dict[str, int]:
    with open(folder / "labels.csv", encoding="utf-8") as handle:
        return {row["file"]: int(row["label"]) for row in csv.DictReader(handle)}


def test_committed_pictures_are_what_the_script_makes(remade: Path) -> None:
    assert labels(remade) == labels(COMMITTED)
    for name in labels(COMMITTED):
        ours, theirs = grey(remade, name), grey(COMMITTED, name)
        assert ours.shape == theirs.shape == (200, 200)
        # Same seed, same recipe: identical with the same library versions; a newer Pillow
        # may place an anti-aliased edge pixel differently, never a whole stroke.
        assert np.mean(np.abs(ours - theirs)) < 1.0, f"{name} no longer matches tools/make_handwriting.py"


def test_labels_name_every_digit_and_every_file(remade: Path) -> None:
    found = labels(remade)
    assert {f"pen-{d}.png": d for d in range(10)}.items() <= found.items()
    assert found["chalk-4.png"] == 4 and found["chopped-3.png"] == 3 and found["blurred-2.png"] == 2
    assert found["wobbly-6.png"] == 6 and found["wobbly-noisy-6.png"] == 6
    assert sorted(found) == sorted(p.name for p in remade.glob("*.png"))


def test_pictures_are_small_pngs_of_dark_ink_on_light_paper() -> None:
    sizes = {p.name: p.stat().st_size for p in COMMITTED.glob("*.png")}
    assert len(sizes) == 15
    assert max(sizes.values()) < 20_000 and sum(sizes.values()) < 150_000, sizes
    for name in sizes:
        dark_on_light = is_dark_on_light(grey(COMMITTED, name))
        assert dark_on_light == (name != "chalk-4.png"), name  # chalk is light on a dark board


def test_chopped_three_is_the_pen_three_with_bites_out_of_it(remade: Path) -> None:
    whole, chopped = ink(remade, "pen-3.png") > 100, ink(remade, "chopped-3.png") > 100
    assert 0.75 * whole.sum() < chopped.sum() < 0.97 * whole.sum()
    assert np.mean(whole[chopped]) > 0.99, "the chopped 3 has ink where the whole 3 has none"


def test_blurred_two_has_soft_edges(remade: Path) -> None:
    def steepest_step(name: str) -> float:
        picture = grey(remade, name)
        return float(max(np.abs(np.diff(picture, axis=0)).max(), np.abs(np.diff(picture, axis=1)).max()))

    assert steepest_step("blurred-2.png") < 25 < 100 < steepest_step("pen-2.png")


def test_wobbly_six_moves_rows_sideways_and_the_noisy_one_is_grainy(remade: Path) -> None:
    straight, wobbly = ink(remade, "pen-6.png"), ink(remade, "wobbly-6.png")
    assert abs(wobbly.sum() / straight.sum() - 1) < 0.1  # the same ink, moved
    columns = np.arange(200)

    def row_centres(picture: np.ndarray) -> np.ndarray:
        rows = picture[50:150]
        return (rows @ columns) / np.maximum(rows.sum(axis=1), 1e-9)

    shift = row_centres(wobbly) - row_centres(straight)
    assert shift.max() > 2 and shift.min() < -2, "no row moved sideways both ways"
    corner = (slice(0, 30), slice(0, 30))  # paper only
    assert grey(remade, "wobbly-6.png")[corner].std() < 5 < 40 < grey(remade, "wobbly-noisy-6.png")[corner].std()


def test_another_seed_jiggles_the_strokes(tmp_path: Path) -> None:
    tool.make_all(tmp_path, seed=1)
    assert np.mean(np.abs(grey(tmp_path, "pen-5.png") - grey(COMMITTED, "pen-5.png"))) > 1.0


def test_catmull_rom_curve_passes_through_its_points() -> None:
    points = [(0.0, 0.0), (0.3, 0.8), (0.7, 0.2), (1.0, 1.0)]
    curve = tool.catmull_rom(points, samples_per_span=10)
    assert len(curve) == 3 * 10 + 1
    np.testing.assert_allclose(curve[::10], points, atol=1e-12)
    np.testing.assert_allclose(
        tool.catmull_rom([(0, 0), (1, 2)], 4), [[0, 0], [0.25, 0.5], [0.5, 1], [0.75, 1.5], [1, 2]]
    )
    with pytest.raises(ValueError, match="at least 2 points"):
        tool.catmull_rom([(0.5, 0.5)])
