"""Every page also exists as a notebook, and every launch and download link finds its file."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import jupytext
import nbformat
import pytest

from browser import REPO

sys.path.insert(0, str(REPO / "book" / "_ext"))
from editions import is_notebook_page  # noqa: E402

PAGES = [p for p in sorted((REPO / "book").rglob("*.md")) if not p.relative_to(REPO / "book").parts[0].startswith("_")]
NOTEBOOK_PAGES = [p for p in PAGES if is_notebook_page(p)]


def test_every_page_is_a_notebook() -> None:
    assert NOTEBOOK_PAGES == PAGES


def test_notebook_twins_for_colab_are_up_to_date() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "tools" / "make_notebooks.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, "run `python tools/make_notebooks.py`:\n" + result.stdout


@pytest.mark.parametrize("page", NOTEBOOK_PAGES[:3] + NOTEBOOK_PAGES[-3:], ids=lambda p: p.stem)
def test_twin_holds_the_page_code_after_a_setup_cell(page: Path) -> None:
    twin = nbformat.read(REPO / "notebooks" / page.relative_to(REPO / "book").with_suffix(".ipynb"), as_version=4)
    nbformat.validate(twin)
    assert 'find_spec("nnbook")' in twin.cells[0].source
    page_code = [c.source for c in jupytext.read(page).cells if c.cell_type == "code"]
    twin_code = [c.source for c in twin.cells[1:] if c.cell_type == "code"]
    assert twin_code == page_code


def _links(html: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', html)


@pytest.mark.parametrize("page", NOTEBOOK_PAGES, ids=lambda p: p.stem)
def test_launch_and_download_links_point_at_files_that_exist(site: Path, page: Path) -> None:
    docname = page.relative_to(REPO).with_suffix("").as_posix()
    html_path = site / f"{docname}.html"
    links = _links(html_path.read_text())
    binder = [link for link in links if "mybinder.org" in link]
    colab = [link for link in links if "colab.research.google.com" in link]
    downloads = [link for link in links if "_sources/" in link]
    assert binder and colab, f"{docname}: no Binder or Colab button"
    for link in binder:
        opened = unquote(link.split("urlpath=lab/tree/", 1)[1])
        assert (REPO / opened).is_file(), f"Binder would open {opened}, which does not exist"
    for link in colab:
        path = urlsplit(link).path.split("/blob/main/", 1)[1]
        assert path.endswith(".ipynb") and (REPO / path).is_file(), f"Colab would open {path}"
    suffixes = sorted(Path(link).suffix for link in downloads)
    assert suffixes == [".ipynb", ".md"], f"{docname}: downloads offered {suffixes}"
    for link in downloads:
        target = (html_path.parent / link).resolve()
        assert target.is_file(), f"download link {link} is broken"
        if target.suffix == ".ipynb":
            nbformat.validate(nbformat.read(target, as_version=4))
