"""The website's drawing pad fetches its weights: book/_ext/digit_weights.py moves them out of the page.

A small built site is faked in a temporary folder: pages holding the demo's HTML as
nnbook.web.digit_demo writes it (weights inline), a page without a demo, a page with a broken
payload. After the extension has run, each page names a file of the site by a URL relative to
itself, the file holds the very payload, two pages with the same network share one file, a
page without a demo is untouched, and a broken payload stops the build naming the page.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import numpy as np
import pytest
from sphinx.errors import ExtensionError

from nnbook.network import NeuralNetwork
from nnbook.web.digit_demo import DigitDemo

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "book" / "_ext"))

import digit_weights  # noqa: E402

FETCHED = re.compile(r'<script type="application/json" data-role="weights" data-src="([^"]+)"></script>')


def small_network(seed: int) -> NeuralNetwork:
    rng = np.random.default_rng(seed)
    return NeuralNetwork.from_weights([rng.normal(0, 0.1, (12, 784)), rng.normal(0, 0.3, (10, 12))], 0.1)


def write_page(outdir: Path, name: str, body: str) -> Path:
    page = outdir / name
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(f"<!DOCTYPE html><html><head><title>{name}</title></head><body>{body}</body></html>")
    return page


def test_payloads_move_into_shared_content_addressed_files(tmp_path: Path) -> None:
    first, second = DigitDemo(small_network(1)), DigitDemo(small_network(2))
    pages = {
        "book/part3/your-own-handwriting.html": first.html,
        "book/part3/again.html": first.html,  # the same network on another page
        "book/other.html": second.html,
    }
    for name, body in pages.items():
        write_page(tmp_path, name, body)
    plain = write_page(tmp_path, "book/index.html", "<p>No drawing pad here.</p>")
    plain_before = plain.read_bytes()

    written = digit_weights.move_weights(tmp_path)

    assert len(written) == 2, written
    assert sorted(written.values()) == [
        ["book/other.html"],
        ["book/part3/again.html", "book/part3/your-own-handwriting.html"],
    ]
    assert plain.read_bytes() == plain_before, "a page without a drawing pad must stay as it was"
    files = sorted((tmp_path / digit_weights.FOLDER).iterdir())
    assert [f.name for f in files] == sorted(written)
    for name, demo in pages.items():
        page = tmp_path / name
        text = page.read_text()
        assert 'data-role="weights">{' not in text and '"matrices"' not in text, f"{name} still holds the weights"
        (address,) = FETCHED.findall(text)
        assert not address.startswith("/"), "the URL must be relative, so the site works under any folder"
        target = (page.parent / address).resolve()
        assert target.parent == (tmp_path / digit_weights.FOLDER).resolve()
        assert json.loads(target.read_text()) == (first if demo == first.html else second).payload
        assert 'data-role="settings">{' in text, "the other settings stay in the page"
    assert FETCHED.findall((tmp_path / "book/part3/again.html").read_text())[0] == "../../_static/nnbook/" + next(
        name for name, where in written.items() if len(where) == 2
    )


def test_a_second_run_changes_nothing(tmp_path: Path) -> None:
    page = write_page(tmp_path, "book/part3/your-own-handwriting.html", DigitDemo(small_network(3)).html)
    digit_weights.move_weights(tmp_path)
    after_first = page.read_bytes()
    assert digit_weights.move_weights(tmp_path) == {}
    assert page.read_bytes() == after_first


def test_a_page_naming_a_missing_file_is_an_error(tmp_path: Path) -> None:
    page = write_page(tmp_path, "book/part3/your-own-handwriting.html", DigitDemo(small_network(4)).html)
    (name,) = digit_weights.move_weights(tmp_path)
    (tmp_path / digit_weights.FOLDER / name).unlink()
    with pytest.raises(ExtensionError, match="weights file .* is missing"):
        digit_weights.move_weights(tmp_path)
    assert page.is_file()


@pytest.mark.parametrize(
    ("payload", "complaint"),
    [
        ('{"format": "nnbook-digit-reader", "matrices": [', "not valid JSON"),
        ("[1, 2, 3]", "not a nnbook-digit-reader payload"),
        ('{"format": "something-else"}', "not a nnbook-digit-reader payload"),
    ],
)
def test_a_malformed_payload_stops_the_build_naming_the_page(tmp_path: Path, payload: str, complaint: str) -> None:
    write_page(tmp_path, "book/broken.html", f'<script type="application/json" data-role="weights">{payload}</script>')
    with pytest.raises(ExtensionError, match=rf"book/broken\.html: .*{complaint}"):
        digit_weights.move_weights(tmp_path)


class RecordingApp:
    """Stands in for Sphinx's application: remembers each build-finished handler and its priority."""

    def __init__(self) -> None:
        self.finished: dict[str, int] = {}

    def connect(self, event: str, handler, priority: int = 500) -> None:
        if event == "build-finished":
            self.finished[handler.__name__] = priority

    def __getattr__(self, name: str):
        return lambda *args, **kwargs: None  # add_js_file, add_config_value, ...


def test_it_runs_before_the_site_s_pages_are_lightened_and_compressed() -> None:
    """site_assets rewrites the pages and writes their gzipped copies later: they must hold the lighter pages."""
    import site_assets

    app = RecordingApp()
    digit_weights.setup(app)
    ours = app.finished.pop("_on_build_finished")
    site_assets.setup(app)
    assert ours < app.finished["_precompress"], app.finished
    assert ours < app.finished["_lighten_pages"], app.finished
