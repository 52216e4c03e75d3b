"""A notebook twin, run the way Colab or a reader's own Jupyter runs it: away from the book.

Colab opens ``notebooks/<part>/<page>.ipynb`` on its own, in a folder that holds nothing of
the book, on a machine whose MNIST cache is empty. The twin's set-up cell must fetch the
book (``git clone``), move into the page's folder, and the page must then run top to
bottom, downloading MNIST on first use. Here the clone comes from this repository on disk
(``NNBOOK_REPOSITORY``) and MNIST from a loopback server holding the real files
(``NNBOOK_MNIST_MIRRORS``): the same code path, with no internet.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest

from browser import LoopbackSite

REPO = Path(__file__).resolve().parents[1]
TWIN = REPO / "notebooks" / "part2" / "mnist.ipynb"  # reads MNIST, writes the small CSV files


@pytest.fixture()
def mirror(mnist_dir: Path) -> Iterator[str]:
    """A loopback web server holding the four MNIST files; yields its base address."""
    with LoopbackSite(mnist_dir).running() as address:
        yield address + "/"


def test_a_twin_runs_top_to_bottom_away_from_the_book(
    tmp_path: Path, mirror: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("needs git and a git checkout of the book")
    from nbclient import NotebookClient

    home, downloads, cache = tmp_path / "home", tmp_path / "Downloads", tmp_path / "empty-cache"
    for folder in (home, downloads, cache):
        folder.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("NNBOOK_REPOSITORY", str(REPO))
    monkeypatch.setenv("NNBOOK_DATA_DIR", str(cache))
    monkeypatch.setenv("NNBOOK_MNIST_MIRRORS", mirror)
    shutil.copy(TWIN, downloads / TWIN.name)  # what Colab or a download hands the reader

    notebook = nbformat.read(downloads / TWIN.name, as_version=4)
    NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(downloads)}}
    ).execute()

    clone = home / "make-your-own-neural-network"
    assert (clone / "_toc.yml").is_file(), "the set-up cell did not fetch the book"
    head = subprocess.run(["git", "-C", str(clone), "rev-parse", "HEAD"], capture_output=True, text=True)
    assert (
        head.stdout.strip()
        == subprocess.run(["git", "-C", str(REPO), "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    )
    downloaded = sorted(path.name for path in cache.rglob("*.gz"))
    assert len(downloaded) == 4, f"MNIST was not downloaded on first use: {downloaded}"
    small = sorted(path.name for path in (clone / "data" / "cache" / "small").iterdir())
    assert small == ["mnist_test_10.csv", "mnist_train_100.csv"]
    errors = [
        output for cell in notebook.cells for output in cell.get("outputs", []) if output.get("output_type") == "error"
    ]
    assert not errors
    # Nothing was written beside the downloaded notebook: the page ran in the book's folder.
    assert sorted(os.listdir(downloads)) == [TWIN.name]


@pytest.mark.parametrize(
    "twin",
    sorted((REPO / "notebooks").rglob("*.ipynb")),
    ids=lambda path: path.relative_to(REPO / "notebooks").as_posix(),
)
def test_every_set_up_cell_names_its_own_page_folder(twin: Path) -> None:
    """Inside the book (Binder opens notebooks/<part>/<page>.ipynb) the cell must find _toc.yml
    as many folders up as the page sits in book/; anywhere it must move into the folder that
    holds the page, so that the page's relative paths work."""
    setup = nbformat.read(twin, as_version=4).cells[0].source
    up = re.search(r'book = Path\("((?:\.\./)*)"\)', setup).group(1)
    folder = re.search(r'os\.chdir\(book / "([^"]+)"\)', setup).group(1)
    assert (REPO / folder / twin.with_suffix(".md").name).is_file()
    assert (twin.parent / up / "_toc.yml").resolve() == REPO / "_toc.yml"
    assert (REPO / folder / up / "_toc.yml").resolve() == REPO / "_toc.yml"
    assert f"%pip install --quiet {up}code" in setup
