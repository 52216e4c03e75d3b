"""Re-execute the pages that import ``nnbook`` whenever the package changes.

jupyter-cache decides whether a page must run again by hashing the page's own code
cells. It cannot see the package those cells import, so after a change to, say,
``nnbook/network.py`` it would happily show outputs computed by the old code. This
Sphinx extension closes that gap:

1. it fingerprints the package's source files (SHA-256 over their paths and bytes);
2. when the fingerprint differs from the one stored beside the cache, it deletes the
   cached executions of every notebook that imports the package, and tells Sphinx to
   read those pages again, so they re-execute;
3. when the build finishes without an exception, it stores the new fingerprint.

Pages that never import the package keep their cache. The fingerprint file lives in the
jupyter-cache folder, so ``jupyter-book clean --all`` removes it together with the cache.
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
from collections.abc import Iterable
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

PACKAGE = "nnbook"  # default of the Sphinx setting ``package_cache_name``
STAMP_NAME = "package-fingerprint.sha256"

logger = logging.getLogger(__name__)


def package_dir(name: str = PACKAGE) -> Path:
    """The folder the package is imported from (the editable checkout in this repo)."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"cannot find the package {name!r}: run `pip install -e ./code` first")
    return Path(next(iter(spec.submodule_search_locations)))


def fingerprint(folder: Path) -> str:
    """SHA-256 over the relative path and bytes of every source file below ``folder``.

    Byte caches are skipped: they change when Python runs, not when the code does.
    """
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if "__pycache__" in path.parts or path.suffix in {".pyc", ".pyo"}:
            continue
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def uses_package(source: str, name: str = PACKAGE) -> bool:
    """True when a page's text imports the package (``import nnbook`` or ``from nnbook...``)."""
    pattern = rf"^[ \t]*(?:from|import)[ \t]+{re.escape(name)}\b"
    return re.search(pattern, source, re.MULTILINE) is not None


def forget_cached_runs(cache_path: Path, name: str = PACKAGE) -> int:
    """Delete the cached executions of notebooks whose code imports the package.

    Returns how many cached notebooks were removed.
    """
    if not cache_path.exists():
        return 0
    from jupyter_cache import get_cache

    cache = get_cache(str(cache_path))
    removed = 0
    for record in cache.list_cache_records():
        notebook = cache.get_cache_bundle(record.pk).nb
        code = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "code")
        if uses_package(code, name):
            cache.remove_cache(record.pk)
            removed += 1
    return removed


def stale_pages(env: BuildEnvironment, docnames: Iterable[str], name: str = PACKAGE) -> list[str]:
    """The documents among ``docnames`` whose source imports the package."""
    stale = []
    for docname in docnames:
        path = Path(env.doc2path(docname))
        if path.is_file() and uses_package(path.read_text(encoding="utf-8"), name):
            stale.append(docname)
    return sorted(stale)


def _cache_path(app: Sphinx) -> Path:
    """The jupyter-cache folder myst-nb settled on (``_build/.jupyter_cache`` by default)."""
    return Path(app.srcdir, app.env.mystnb_config.execution_cache_path).resolve()


def _on_env_get_outdated(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    if app.env.mystnb_config.execution_mode != "cache":
        return []
    name = app.config.package_cache_name
    current = fingerprint(package_dir(name))
    app.env.package_fingerprint = current  # remembered for build-finished
    stamp = _cache_path(app) / STAMP_NAME
    if stamp.is_file() and stamp.read_text().strip() == current:
        return []
    removed_runs = forget_cached_runs(_cache_path(app), name)
    pages = stale_pages(env, env.found_docs, name)
    if stamp.is_file() or removed_runs:
        logger.info(
            f"[package_cache] {name} changed: {removed_runs} cached run(s) dropped, "
            f"{len(pages)} page(s) will re-execute"
        )
    return pages


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    current = getattr(app.env, "package_fingerprint", None)
    cache = _cache_path(app)
    if exception is None and current and cache.is_dir():
        (cache / STAMP_NAME).write_text(current + "\n")


def setup(app: Sphinx) -> dict:
    app.add_config_value("package_cache_name", PACKAGE, "env")
    app.connect("env-get-outdated", _on_env_get_outdated)
    app.connect("build-finished", _on_build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
