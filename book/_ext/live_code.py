"""Run a page's own code in the reader's browser: Python (Pyodide) served by the site itself.

Every page with visible code gets a small toolbar on each code cell (Run, Edit, Restart).
Nothing of the runtime loads until the reader first presses Run; then a Web Worker starts
Pyodide from ``_static/pyodide/`` and runs the page's cells in order, hidden set-up cells
included, exactly as the build ran them. The JavaScript lives in ``book/_assets/live/``;
this extension gives it what it cannot see in the HTML:

- **The page's code.** Hidden cells (``remove-input``) are not in the HTML at all, so every
  code cell of the page goes into a JSON block at the end of the page, in order, with its
  tags. Each visible cell's container gets the class ``live-cell-<n>`` (n = the cell's
  index in the notebook), which is how the script finds the cell that a source belongs to.
- **The book's package.** ``nnbook`` is packed as a pure-Python wheel at build time, under
  a folder named by its hash, so a reader's browser never keeps an old copy.
- **The data.** The four MNIST files are copied from the data cache into ``_static/mnist/``
  (never committed; the package's loader checks them in the browser by the same MD5s), the
  book's trained network into ``_static/trained/``, and the home-made digit pictures into
  ``_static/files/`` for the page that reads them.

Only the HTML builder does any of this; the PDF and the notebooks are untouched.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import re
import shutil
import zipfile
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "code" / "nnbook"
PACKAGE_VERSION = "0.1.0"
RUNTIME = ROOT / "_vendor" / "live" / "pyodide"  # fetched by tools/vendor_pyodide.py
WHEELS = ROOT / "_vendor" / "live" / "wheels"
CELL_CLASS = "live-cell-{index}"
SKIPPED_TAGS = {"skip-execution"}  # the build did not run these; neither does a chain of runs
ERROR_TAGS = {"raises-exception"}  # the build expected an error here; a chain goes on past it
DATA_FOLDERS = {  # served when a page names them
    "data/handwriting": ROOT / "data" / "handwriting",
    "data/part2": ROOT / "data" / "part2",  # page 2.4's precomputed table
}
MNIST_NAMES = (
    "train-labels-idx1-ubyte.gz",
    "train-images-idx3-ubyte.gz",
    "t10k-labels-idx1-ubyte.gz",
    "t10k-images-idx3-ubyte.gz",
)
MNIST_CALLS = ("load_mnist", "load_digits", "final_network", "write_small_files")


# --------------------------------------------------------------------------- the page's cells


def _notebook_cells(source: Path) -> list[dict]:
    """Every code cell of a MyST notebook page, as myst-nb numbers them."""
    from myst_nb.core.read import read_myst_markdown_notebook

    notebook = read_myst_markdown_notebook(source.read_text(encoding="utf-8"))
    cells = []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code" or not cell.source.strip():
            continue
        tags = list(cell.metadata.get("tags", []))
        cells.append(
            {
                "index": index,
                "source": cell.source,
                "tags": tags,
                "skip": bool(SKIPPED_TAGS & set(tags)),
                "raises": bool(ERROR_TAGS & set(tags)),
            }
        )
    return cells


def _mark_cells(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Tag each visible code cell with its index, and keep the page's code for the script."""
    if app.builder.name != "html":
        return
    source = Path(app.env.doc2path(docname))
    containers = [node for node in doctree.findall(nodes.container) if node.get("nb_element") == "cell_code"]
    visible = []
    for container in containers:
        has_input = any(
            child.get("nb_element") == "cell_code_source"
            for child in container.children
            if isinstance(child, nodes.Element)
        )
        if has_input:
            container["classes"].append(CELL_CLASS.format(index=container["cell_index"]))
            visible.append(container["cell_index"])
    if not visible or source.suffix != ".md":
        return
    cells = _notebook_cells(source)
    known = {cell["index"] for cell in cells}
    missing = [index for index in visible if index not in known]
    if missing:
        logger.warning(f"live code: cells {missing} of {docname} were not found in its source", location=docname)
        return
    for cell in cells:
        cell["visible"] = cell["index"] in visible
    text = source.read_text(encoding="utf-8")
    folder = source.parent.relative_to(ROOT).as_posix()
    page = {
        "folder": folder,
        "cells": cells,
        "files": [name for name in DATA_FOLDERS if name in text],
        "mnist": any(call in text for call in MNIST_CALLS),
    }
    _LIVE_PAGES[docname] = page  # read back by _add_to_page as the same page is written


_LIVE_PAGES: dict[str, dict] = {}


def _add_to_page(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """On a page with visible code: the script, its styles, and the page's cells as JSON."""
    page = _LIVE_PAGES.pop(pagename, None)
    if page is None or doctree is None:
        return
    app.add_js_file("live/live-code.js", loading_method="defer")
    app.add_css_file("live/live-code.css")
    heavy = any(re.search(r"\b(nnbook|matplotlib|scipy|PIL)\b", cell["source"]) for cell in page["cells"])
    sizes = dict(_download_sizes(app))
    sizes["runtime"] = sizes.pop("full" if heavy else "core")
    payload = dict(page, wheel=_built_wheel_url(app), tqdm=_tqdm_wheel(), sizes=sizes)
    data = json.dumps(payload, separators=(",", ":")).replace("</", "<\\/")
    context["body"] = context.get("body", "") + (
        f'\n<script type="application/json" id="nnbook-live-page">{data}</script>\n'
    )


# --------------------------------------------------------------------------- the package as a wheel


def _package_files() -> list[Path]:
    """Every file of the package (code, the drawing demo's JavaScript, the style sheet, ...)."""
    return sorted(p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc")


def package_digest() -> str:
    digest = hashlib.sha256()
    for path in _package_files():
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def build_wheel() -> tuple[str, bytes]:
    """The ``nnbook`` package as a pure-Python wheel: (file name, bytes).

    Written here rather than by ``pip wheel`` because it is a few lines, needs no build
    tools or network, and gives the same bytes for the same sources (fixed timestamps).
    """
    name = f"nnbook-{PACKAGE_VERSION}-py3-none-any.whl"
    info = f"nnbook-{PACKAGE_VERSION}.dist-info"
    members: dict[str, bytes] = {
        "nnbook/" + p.relative_to(PACKAGE).as_posix(): p.read_bytes() for p in _package_files()
    }
    members[f"{info}/METADATA"] = (
        f"Metadata-Version: 2.1\nName: nnbook\nVersion: {PACKAGE_VERSION}\n"
        "Summary: The book's network package (for the in-page Python)\n"
    ).encode()
    members[f"{info}/WHEEL"] = (
        b"Wheel-Version: 1.0\nGenerator: nnbook live_code\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    )
    record = []
    for member, data in members.items():
        digest = hashlib.sha256(data).digest()
        record.append(f"{member},sha256={base64.urlsafe_b64encode(digest).rstrip(b'=').decode()},{len(data)}")
    record.append(f"{info}/RECORD,,")
    members[f"{info}/RECORD"] = ("\n".join(record) + "\n").encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as wheel:
        for member, data in members.items():
            entry = zipfile.ZipInfo(member, date_time=(2026, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            wheel.writestr(entry, data)
    return name, buffer.getvalue()


def _built_wheel_url(app: Sphinx) -> str:
    """Where the wheel will be, relative to ``_static/`` (decided once per build)."""
    if not hasattr(app, "_nnbook_wheel"):
        app._nnbook_wheel = f"wheels/nnbook-{package_digest()}/nnbook-{PACKAGE_VERSION}-py3-none-any.whl"
    return app._nnbook_wheel


# --------------------------------------------------------------------------- data for the site


def _mnist_folder() -> Path:
    from nnbook.mnist import mnist_cache_dir  # the book's package, installed in the build's venv

    return mnist_cache_dir()


def _tqdm_wheel() -> str:
    """The file name of the tqdm wheel that tools/vendor_pyodide.py fetched."""
    found = sorted(WHEELS.glob("tqdm-*.whl"))
    return found[-1].name if found else "tqdm-missing.whl"


def _download_sizes(app: Sphinx) -> dict[str, int]:
    """Bytes the in-page Python fetches on a first Run, and for MNIST when a page loads it.

    ``core``: Pyodide itself and numpy; ``full``: also scipy, matplotlib and Pillow, which
    the book's package uses. Both as stored (the web server may compress the core further).
    """
    if not hasattr(app, "_nnbook_sizes"):
        folder = _mnist_folder()
        mnist = sum((folder / name).stat().st_size for name in MNIST_NAMES if (folder / name).is_file())
        files = {p.name: p.stat().st_size for p in RUNTIME.glob("*") if p.is_file()}
        core = sum(
            size
            for name, size in files.items()
            if name.startswith(("pyodide.js", "pyodide.asm", "python_stdlib", "pyodide-lock", "numpy-"))
        )
        full = sum(size for name, size in files.items() if not name.startswith(("micropip", "pyodide.mjs", "NOTICE")))
        full += sum(p.stat().st_size for p in WHEELS.glob("*.whl"))
        app._nnbook_sizes = {"mnist": mnist, "core": core, "full": full}
    return app._nnbook_sizes


def _copy_if_changed(source: Path, target: Path) -> None:
    if (
        target.is_file()
        and target.stat().st_size == source.stat().st_size
        and target.stat().st_mtime >= source.stat().st_mtime
    ):
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.part")
    shutil.copyfile(source, temp)
    os.replace(temp, target)


def _write_site_files(app: Sphinx, exception: Exception | None) -> None:
    """Put the wheel, MNIST, the trained network and the pages' data files into ``_static``."""
    if exception is not None or app.builder.name != "html":
        return
    static = Path(app.outdir) / "_static"
    runtime = static / "pyodide" / "pyodide.js"
    if not runtime.is_file():
        logger.warning(
            "live code: the in-browser Python is missing from _static/pyodide; "
            "run `python tools/vendor_pyodide.py` (make book does) and build again"
        )
    name, wheel = build_wheel()
    target = static / _built_wheel_url(app)
    if not target.is_file() or target.read_bytes() != wheel:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(wheel)
    folder = _mnist_folder()
    missing = [n for n in MNIST_NAMES if not (folder / n).is_file()]
    if missing:
        logger.warning(
            f"live code: the MNIST files {', '.join(missing)} are not in {folder}; "
            "the pages that load MNIST cannot run in the browser. Build the book once "
            "with MNIST available (it downloads on first use), or set NNBOOK_DATA_DIR."
        )
    for name in MNIST_NAMES:
        if (folder / name).is_file():
            _copy_if_changed(folder / name, static / "mnist" / name)
    trained = _trained_network_file()
    if trained is not None:
        _copy_if_changed(trained, static / "trained" / trained.name)
    for relative, source in DATA_FOLDERS.items():
        listing = []
        for path in sorted(source.iterdir()):
            if path.is_file() and path.name != "README.md":
                _copy_if_changed(path, static / "files" / relative / path.name)
                listing.append(path.name)
        (static / "files" / relative / "index.json").write_text(json.dumps(listing))


def _trained_network_file() -> Path | None:
    """The kept final network, if a page built it (pretrained.final_network keeps it)."""
    from nnbook import pretrained

    path = pretrained.kept_path(pretrained.FINAL)
    return path if path.is_file() else None


def setup(app: Sphinx) -> dict:
    app.add_config_value("nnbook_live_digest", package_digest(), "html")
    app.connect("doctree-resolved", _mark_cells)
    app.connect("html-page-context", _add_to_page)
    app.connect("build-finished", _write_site_files)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
