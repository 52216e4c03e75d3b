"""Each page as a notebook: for download, and for the Colab launch button.

The pages are MyST Markdown notebooks. Readers also want them as ``.ipynb``:

- **Download.** For every page written as a notebook, the build writes the ``.ipynb``
  (converted by jupytext, without outputs, with a first cell that installs the book's
  package where it is missing) beside the page's ``.md`` source in ``_sources/``, and the
  theme's download menu offers both.
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
PACKAGE_URL = "git+https://github.com/{org}/{repo}#subdirectory=code"
SETUP_SOURCE = """\
# Set-up: install the book's package where it is missing (Colab, a fresh Jupyter).
import importlib.util

if importlib.util.find_spec("nnbook") is None:
    %pip install --quiet "nnbook @ {url}"
"""


def is_notebook_page(path: Path) -> bool:
    """A MyST Markdown notebook starts with jupytext front matter naming a kernel."""
    head = path.read_text(encoding="utf-8")[:600]
    return head.startswith("---") and "kernelspec:" in head


def page_as_notebook(path: Path, package_url: str):
    """The page as an nbformat notebook, with the set-up cell first."""
    import jupytext
    import nbformat

    notebook = jupytext.read(path)
    notebook.metadata.pop("jupytext", None)
    setup = nbformat.v4.new_code_cell(SETUP_SOURCE.format(url=package_url))
    setup.metadata["tags"] = ["remove-cell"]
    notebook.cells.insert(0, setup)
    for cell in notebook.cells:
        cell.pop("id", None)  # stable files: no random cell ids
    return notebook


def notebook_text(path: Path, package_url: str) -> str:
    import nbformat

    notebook = page_as_notebook(path, package_url)
    notebook.nbformat, notebook.nbformat_minor = 4, 4
    return nbformat.writes(notebook, version=4) + "\n"


def _package_url(app: Sphinx) -> str:
    url = (app.config.html_theme_options.get("repository_url") or "").rstrip("/")
    parts = url.split("/")
    org, repo = (parts[-2], parts[-1]) if len(parts) >= 2 else ("", "")
    return PACKAGE_URL.format(org=org, repo=repo)


def _offer_notebook(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Before the theme draws its buttons: name the .ipynb it should offer for download."""
    if doctree is None:
        return
    source = Path(app.env.doc2path(pagename))
    if source.suffix == ".md" and is_notebook_page(source):
        context["ipynb_source"] = f"{pagename}.ipynb"
        target = Path(app.outdir, "_sources", f"{pagename}.ipynb")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(notebook_text(source, _package_url(app)), encoding="utf-8")


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
