"""The wheel of the book's package that the in-page Python installs holds the whole package.

book/_ext/live_code.py packs ``code/nnbook`` itself (no build tools, same bytes for the same
sources). A file missing from it would only fail in a reader's browser, so it is checked here:
every file of the package, the JavaScript and the matplotlib style sheet included, and the
metadata a wheel needs.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "book" / "_ext"))

import live_code  # noqa: E402  (a Sphinx extension, not a package)


def test_the_wheel_holds_every_file_of_the_package_and_its_metadata() -> None:
    name, data = live_code.build_wheel()
    assert name == f"nnbook-{live_code.PACKAGE_VERSION}-py3-none-any.whl"
    members = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    package = REPO / "code" / "nnbook"
    expected = {
        "nnbook/" + p.relative_to(package).as_posix()
        for p in package.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    }
    assert expected <= members
    assert {"nnbook/figures/nnbook.mplstyle", "nnbook/web/js/digit_reader.js", "nnbook/network.py"} <= members
    info = f"nnbook-{live_code.PACKAGE_VERSION}.dist-info/"
    assert {info + "METADATA", info + "WHEEL", info + "RECORD"} <= members


def test_the_same_sources_give_the_same_wheel() -> None:
    assert live_code.build_wheel() == live_code.build_wheel()
