"""The weight of a first visit (issue 15, item 10): every page within the budget.

Every page of the built site is opened in a fresh headless Chromium emulating a phone, from a
loopback server; every request it makes is read from the DevTools performance log, and each
file's weight is its exact gzip size (level 6, as a web server compresses on the fly; see
tools/page_weight.py). The budget:

- opening any page fetches at most 1.0 MB, gzipped, in all (the widget manager is not part of
  it: it loads when the reader scrolls to, touches or tabs to an interactive figure);
- a second page, read after the first in the same browser, adds at most 150 kB;
- the in-page Python runtime (Pyodide) never loads before the first Run.

No timing is asserted (the machine's load varies); tools/page_weight.py prints the numbers.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from browser import need_chromium

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
import page_weight  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


@pytest.fixture(scope="module")
def weights(site: Path) -> dict[str, tuple[page_weight.Reading, page_weight.Reading]]:
    need_chromium()
    return page_weight.weigh_pages(page_weight.all_pages(site), site)


def test_every_page_is_weighed(weights: dict) -> None:
    assert len(weights) > 50, f"only {len(weights)} pages found"
    for page, (first, _) in weights.items():
        assert page in first.files, f"{page}: the page itself was not among its requests"
        assert not first.missing, f"{page} asked for files the site lacks: {first.missing}"


def test_opening_any_page_fetches_at_most_1_mb_gzipped(weights: dict) -> None:
    heavy = {
        page: f"{first.total / 1000:.1f} kB, largest: "
        + ", ".join(f"{path} {size / 1000:.0f} kB" for path, size in first.largest(4))
        for page, (first, _) in weights.items()
        if first.total > page_weight.FIRST_VISIT_BUDGET
    }
    assert not heavy, "pages over the first-visit budget of 1.0 MB gzipped:\n" + "\n".join(
        f"{page}: {detail}" for page, detail in heavy.items()
    )


def test_no_page_loads_the_widget_manager_or_pyodide_as_it_opens(weights: dict) -> None:
    for page, (first, _) in weights.items():
        early = [
            path
            for path in first.files
            if path.endswith(("widgets/embed-amd.js", "live/worker.js", ".wasm", ".whl", ".zip")) or "pyodide" in path
        ]
        assert not early, f"{page} loads {early} before the reader asks for it"


def test_a_slider_page_loads_the_widget_manager_when_read(weights: dict) -> None:
    """Scrolling through a page with an interactive figure brings the widget manager."""
    _, more = weights["book/part1/predicting-machine.html"]
    assert any(path.endswith("widgets/embed-amd.js") for path in more.files), sorted(more.files)


def test_nothing_loads_the_theme_s_fontawesome_script_or_brands_font(weights: dict) -> None:
    for page, (first, more) in weights.items():
        unwanted = [
            path
            for path in [*first.files, *more.files]
            if path.endswith("fontawesome.js") or "fa-brands" in path or path.endswith((".eot", ".ttf"))
        ]
        assert not unwanted, f"{page} fetched {unwanted}"


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("book/index.html", "book/part1/predicting-machine.html"),
        ("book/part1/predicting-machine.html", "book/part1/updating-weights.html"),
        ("book/part2/epochs.html", "book/part3/rotations.html"),
        # The drawing pad's network is fetched at the first stroke (book/_ext/digit_weights.py).
        ("book/part3/index.html", "book/part3/your-own-handwriting.html"),
    ],
)
def test_a_second_page_adds_at_most_150_kb(site: Path, first: str, second: str) -> None:
    need_chromium()
    added = page_weight.weigh_second_page(first, second, site)
    assert added.total <= page_weight.SECOND_PAGE_BUDGET, (
        f"{second} after {first} adds {added.total / 1000:.1f} kB: "
        + ", ".join(f"{path} {size / 1000:.0f} kB" for path, size in added.largest(5))
    )
