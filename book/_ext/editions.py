"""Each page as a notebook: for download, and for the Colab launch button.

The pages are MyST Markdown notebooks. Readers also want them as ``.ipynb``:

- **Download.** For every page written as a notebook, the build writes the ``.ipynb``
  (converted by jupytext, without outputs, with a first cell that fetches the book and
  moves into the page's folder when the notebook runs outside the book, as on Colab)
  beside the page's ``.md`` source in ``_sources/``, and the theme's download menu offers
  both.
- **Colab** opens notebooks from GitHub only, and cannot read MyST Markdown. The same
  ``.ipynb`` files are therefore kept in the repository under ``notebooks/`` (made by
  ``tools/make_notebooks.py``; a test checks they are up to date), and the Colab launch
  button is pointed at them.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

NOTEBOOKS = "notebooks"  # the repository folder that mirrors book/ as .ipynb
ROOT = Path(__file__).resolve().parents[2]  # the book's repository: _toc.yml lives here
CLONE_NAME = "make-your-own-neural-network"  # the folder a notebook fetches the book into
SETUP_SOURCE = """\
# Set-up. This page runs inside the book's files, with the book's package `nnbook`
# installed, as on Binder. Anywhere else (Colab, a downloaded copy) this cell fetches the
# book once and moves into this page's folder, so the page finds everything it uses.
import importlib.util
import os
import subprocess
from pathlib import Path

if not Path("{up}_toc.yml").is_file():
    book = Path.home() / "{clone}"
    if not (book / "_toc.yml").is_file():
        source = os.environ.get("NNBOOK_REPOSITORY", "{repository}")
        subprocess.run(["git", "clone", "--quiet", "--depth", "1", source, str(book)], check=True)
    os.chdir(book / "{folder}")
if importlib.util.find_spec("nnbook") is None:
    %pip install --quiet {up}code
"""


def setup_source(page: Path, repository: str) -> str:
    """The first cell of a page's notebook twin; ``page`` is the page's path in the repository."""
    folder = page.resolve().parent.relative_to(ROOT)
    up = "../" * len(folder.parts)
    return SETUP_SOURCE.format(up=up, clone=CLONE_NAME, repository=repository, folder=folder.as_posix())


def is_notebook_page(path: Path) -> bool:
    """A MyST Markdown notebook starts with jupytext front matter naming a kernel."""
    head = path.read_text(encoding="utf-8")[:600]
    return head.startswith("---") and "kernelspec:" in head


def page_as_notebook(path: Path, repository: str):
    """The page as an nbformat notebook, with the set-up cell first."""
    import jupytext
    import nbformat

    notebook = jupytext.read(path)
    notebook.metadata.pop("jupytext", None)
    setup = nbformat.v4.new_code_cell(setup_source(path, repository))
    setup.metadata["tags"] = ["remove-cell"]
    notebook.cells.insert(0, setup)
    for cell in notebook.cells:
        cell.pop("id", None)  # stable files: no random cell ids
    return notebook


def notebook_text(path: Path, repository: str) -> str:
    """The notebook twin of a page as the text of an .ipynb file (nbformat 4.4, no outputs)."""
    import nbformat

    notebook = page_as_notebook(path, repository)
    notebook.nbformat, notebook.nbformat_minor = 4, 4
    return nbformat.writes(notebook, version=4) + "\n"


def _repository(app: Sphinx) -> str:
    """The address of the book's repository (``repository.url`` in _config.yml)."""
    return (app.config.html_theme_options.get("repository_url") or "").rstrip("/")


def _offer_notebook(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Before the theme draws its buttons: name the .ipynb it should offer for download."""
    if doctree is None:
        return
    source = Path(app.env.doc2path(pagename))
    if source.suffix == ".md" and is_notebook_page(source):
        context["ipynb_source"] = f"{pagename}.ipynb"
        target = Path(app.outdir, "_sources", f"{pagename}.ipynb")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(notebook_text(source, _repository(app)), encoding="utf-8")


def _colab_opens_the_notebook(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """After the theme drew its buttons: Colab gets notebooks/<page>.ipynb instead of the .md."""
    for group in context.get("header_buttons", []):
        for button in group.get("buttons", []) if isinstance(group, dict) else []:
            if button.get("text") == "Colab" and button.get("url", "").endswith(".md"):
                head, _, tail = button["url"].partition("/blob/")
                branch, _, path = tail.partition("/")
                notebook_path = f"{NOTEBOOKS}/{path.removeprefix('book/')}".removesuffix(".md") + ".ipynb"
                button["url"] = f"{head}/blob/{branch}/{notebook_path}"


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", _offer_notebook, priority=400)
    app.connect("html-page-context", _colab_opens_the_notebook, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
