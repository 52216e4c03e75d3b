"""Re-execute a page when a module of ``nnbook`` that it uses changes, and only then.

jupyter-cache decides whether a page must run again by hashing the page's own code cells.
It cannot see the package those cells import, so after a change to, say,
``nnbook/network.py`` it would happily show outputs computed by the old code. This Sphinx
extension closes that gap, page by page:

1. It reads the package's import graph from the source, with :mod:`ast` (nothing is
   imported): which of the package's modules each module imports, with relative imports
   resolved, ``from nnbook.figures import colours`` counted as importing the submodule, and
   every package ``__init__`` on the way counted too (Python runs them). Imports inside
   functions count: a page may call one.
2. For each page, the modules its code cells import, and everything those import in turn
   (the closure over the graph); a digest of those files (path within the package and
   bytes) is the page's *dependency digest*. A data file of the package (the drawing
   demo's JavaScript) counts for the modules whose source names it, or for every module
   when none does. So does a table in the repository's ``data/`` folder (results a script
   precomputed, such as ``data/rotations/``): it counts for a page when the page's code, or a
   module the page uses, names the file (``page-memory.csv``) or its folder
   (``data/rotations``). Rerunning such a script therefore re-executes the pages that read it.
3. A page whose dependency digest differs from the one stored after the last build has its
   cached executions dropped and is read again, so it runs. A page keeps its cache when
   only modules it does not use changed.
4. When the build finishes without an exception, the digests computed at its start are
   stored in ``package-dependencies.json`` in the jupyter-cache folder (so that
   ``jupyter-book clean --all`` removes them with the cache).

The graph is rebuilt from the files at every build, so modules may move between
subpackages freely. Not seen: code that reaches the package other than by an ``import``
statement or ``importlib.import_module("nnbook...")`` with a literal name, such as ``%run``
of a script or ``exec`` of a string.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import json
import re
from collections.abc import Iterable
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

PACKAGE = "nnbook"  # default of the Sphinx setting ``package_cache_name``
DEPENDENCIES_NAME = "package-dependencies.json"
LEGACY_STAMP_NAME = "package-fingerprint.sha256"  # one digest of the whole package (before)

logger = logging.getLogger(__name__)


def package_dir(name: str = PACKAGE) -> Path:
    """The folder the package is imported from (the editable checkout in this repo)."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"cannot find the package {name!r}: run `pip install -e ./code` first")
    return Path(next(iter(spec.submodule_search_locations)))


def _source_files(folder: Path) -> list[Path]:
    """Every file below ``folder`` but byte caches, which change when Python runs, not the code."""
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix not in {".pyc", ".pyo"}
    )


def fingerprint(folder: Path) -> str:
    """SHA-256 over the relative path and bytes of every source file below ``folder``."""
    digest = hashlib.sha256()
    for path in _source_files(folder):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def uses_package(source: str, name: str = PACKAGE) -> bool:
    """True when a text has a line importing the package (``import nnbook``, ``from nnbook...``)."""
    pattern = rf"^[ \t]*(?:from|import)[ \t]+{re.escape(name)}\b"
    return re.search(pattern, source, re.MULTILINE) is not None


# --- the package's import graph ------------------------------------------------------------


class Package:
    """The modules of a package as found on disk, and which of them each one imports."""

    def __init__(self, folder: Path, name: str = PACKAGE) -> None:
        self.folder, self.name = folder, name
        self.files: dict[str, Path] = {}  # dotted module name -> file
        self.packages: set[str] = set()  # the dotted names that are packages (an __init__.py)
        self.data: list[Path] = []  # files that are not Python (the drawing demo's JavaScript)
        for path in _source_files(folder):
            parts = path.relative_to(folder).with_suffix("").parts
            if path.suffix != ".py":
                self.data.append(path)
            elif parts[-1] == "__init__":
                module = ".".join((name, *parts[:-1]))
                self.files[module] = path
                self.packages.add(module)
            else:
                self.files[".".join((name, *parts))] = path
        sources = {module: path.read_text(encoding="utf-8") for module, path in self.files.items()}
        self.graph = {module: self.imports_of(source, module) for module, source in sources.items()}
        # a data file is used by the modules whose source names it; by all when none does
        self.data_users = {
            data: {m for m, source in sources.items() if data.name in source} or set(self.files) for data in self.data
        }

    def _with_parents(self, dotted: str) -> set[str]:
        """The longest known module that ``dotted`` names, and the packages above it."""
        parts = dotted.split(".")
        while parts and ".".join(parts) not in self.files:
            parts.pop()
        return {".".join(parts[:i]) for i in range(1, len(parts) + 1)}

    def _resolve(self, module: str | None, level: int, importer: str | None) -> str | None:
        """The absolute name of ``from <dots><module> import ...`` written in ``importer``."""
        if level == 0:
            return module
        if importer is None:  # a relative import in a page means nothing
            return None
        base = importer.split(".")
        if importer not in self.packages:
            base = base[:-1]
        base = base[: len(base) - (level - 1)]
        if not base:
            return None
        return ".".join(base + ([module] if module else []))

    def imports_of(self, source: str, importer: str | None = None) -> set[str]:
        """The package's modules that code imports (``importer``: the module it is, if any).

        Raises SyntaxError when the code is not Python.
        """
        found: set[str] = set()

        def mine(dotted: str | None) -> bool:
            return dotted is not None and (dotted == self.name or dotted.startswith(self.name + "."))

        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if mine(alias.name):
                        found |= self._with_parents(alias.name)
            elif isinstance(node, ast.ImportFrom):
                base = self._resolve(node.module, node.level, importer)
                if not mine(base):
                    continue
                found |= self._with_parents(base)
                for alias in node.names:
                    if alias.name == "*":  # may import any submodule listed in __all__
                        found |= {m for m in self.files if m.rpartition(".")[0] == base}
                    elif f"{base}.{alias.name}" in self.files:
                        found |= self._with_parents(f"{base}.{alias.name}")
            elif (
                isinstance(node, ast.Call)
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
                and getattr(node.func, "attr", getattr(node.func, "id", None)) == "import_module"
                and mine(node.args[0].value)
            ):
                found |= self._with_parents(node.args[0].value)
        found.discard(importer)
        return found

    def closure(self, modules: Iterable[str]) -> set[str]:
        """``modules`` and every module of the package they import, directly or not."""
        seen: set[str] = set()
        todo = [m for m in modules if m in self.files]
        while todo:
            module = todo.pop()
            if module not in seen:
                seen.add(module)
                todo.extend(self.graph.get(module, ()))
        return seen

    def digest(self, modules: set[str], tables: Iterable[tuple[str, Path]] = ()) -> str:
        """SHA-256 over the relative paths and bytes of these modules and the data they use.

        ``tables``: (name, path) of the repository's data files the page reads, if any.
        """
        paths = {self.files[m] for m in modules}
        paths |= {data for data, users in self.data_users.items() if users & modules}
        digest = hashlib.sha256()
        for path in sorted(paths):
            digest.update(path.relative_to(self.folder).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        for name, path in sorted(tables):
            digest.update(b"table\0" + name.encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        return digest.hexdigest()

    def source(self, modules: Iterable[str]) -> str:
        """The source text of these modules, joined (to search for the data files they name)."""
        return "\n".join(self.files[m].read_text(encoding="utf-8") for m in modules if m in self.files)


def repository_tables(root: Path, folder: str = "data") -> dict[str, Path]:
    """The repository's data files (``data/...``; downloads in ``data/cache`` and READMEs left
    out), by their path from the repository's root."""
    base = root / folder
    if not base.is_dir():
        return {}
    return {
        path.relative_to(root).as_posix(): path
        for path in sorted(base.rglob("*"))
        if path.is_file() and "cache" not in path.relative_to(base).parts[:1] and path.name != "README.md"
    }


def tables_named(text: str, tables: dict[str, Path]) -> list[tuple[str, Path]]:
    """The tables a text names, by file name (``page-memory.csv``) or folder (``data/rotations``)."""
    named = []
    for name, path in tables.items():
        folder = name.rpartition("/")[0]
        if path.name in text or (folder != "data" and folder in text):
            named.append((name, path))
    return named


def cell_imports(package: Package, code: str) -> set[str]:
    """The package's modules one code cell imports (IPython syntax such as ``%magic`` allowed).

    A cell that cannot be read as Python but names the package counts as using all of it.
    """
    try:
        return package.imports_of(code)
    except SyntaxError:
        pass
    try:
        from IPython.core.inputtransformer2 import TransformerManager

        return package.imports_of(TransformerManager().transform_cell(code))
    except (ImportError, SyntaxError):
        return set(package.files) if uses_package(code, package.name) else set()


def page_dependencies(package: Package, code_cells: Iterable[str]) -> set[str]:
    """Every module of the package that running these cells imports."""
    direct: set[str] = set()
    for code in code_cells:
        direct |= cell_imports(package, code)
    return package.closure(direct)


# --- pages and the execution cache -----------------------------------------------------------


def _read_notebook(app: Sphinx, path: Path):
    """The page as myst-nb reads it (a notebook), or None when it is not a notebook."""
    from myst_nb.core.read import create_nb_reader

    text = path.read_text(encoding="utf-8")
    reader = create_nb_reader(str(path), app.env.myst_config, app.env.mystnb_config, text)
    return None if reader is None else reader.read(text)


def page_digests(app: Sphinx, env: BuildEnvironment, package: Package) -> dict[str, dict]:
    """For each page that imports the package: its modules (and tables) and their digest."""
    pages = {}
    tables = repository_tables(Path(app.srcdir))
    for docname in sorted(env.found_docs):
        path = Path(env.doc2path(docname))
        if not path.is_file():
            continue
        try:
            notebook = _read_notebook(app, path)
        except Exception:  # the build itself will report the page; assume the worst here
            text = path.read_text(encoding="utf-8", errors="replace")
            modules = set(package.files) if uses_package(text, package.name) else set()
            cells = [text]
        else:
            cells = [c.source for c in notebook.cells if c.cell_type == "code"] if notebook else []
            modules = page_dependencies(package, cells)
        if modules:
            read = tables_named("\n".join(cells) + "\n" + package.source(modules), tables)
            pages[docname] = {"digest": package.digest(modules, read), "modules": sorted(modules)}
            if read:
                pages[docname]["tables"] = sorted(name for name, _ in read)
    return pages


def forget_cached_runs(cache_path: Path, notebooks: Iterable, paths: Iterable[Path] = ()) -> int:
    """Delete the cached executions that match these notebooks, or were made from these files.

    Returns how many cached notebooks were removed.
    """
    if not cache_path.exists():
        return 0
    from jupyter_cache import get_cache

    cache = get_cache(str(cache_path))
    doomed = set()
    for notebook in notebooks:
        try:
            doomed.add(cache.match_cache_notebook(notebook).pk)
        except KeyError:
            pass
    uris = {str(Path(p).absolute()) for p in paths}
    doomed |= {record.pk for record in cache.list_cache_records() if record.uri in uris}
    for pk in doomed:
        cache.remove_cache(pk)
    return len(doomed)


def _cache_path(app: Sphinx) -> Path:
    """The jupyter-cache folder myst-nb settled on (``_build/.jupyter_cache`` by default)."""
    return Path(app.srcdir, app.env.mystnb_config.execution_cache_path).resolve()


def _stored(cache: Path, package: Package, current: dict[str, dict]) -> dict[str, str] | None:
    """The digests stored by the last build, or None when there are none to trust."""
    stored = cache / DEPENDENCIES_NAME
    if stored.is_file():
        try:
            pages = json.loads(stored.read_text())["pages"]
            return {docname: entry["digest"] for docname, entry in pages.items()}
        except (ValueError, KeyError, TypeError):
            return None
    legacy = cache / LEGACY_STAMP_NAME  # the whole-package stamp of the previous version
    if legacy.is_file() and legacy.read_text().strip() == fingerprint(package.folder):
        return {docname: entry["digest"] for docname, entry in current.items()}
    return None


def _on_env_get_outdated(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    if app.env.mystnb_config.execution_mode != "cache":
        return []
    package = Package(package_dir(app.config.package_cache_name), app.config.package_cache_name)
    current = page_digests(app, env, package)
    app.env.package_dependencies = current  # stored at build-finished
    cache = _cache_path(app)
    stored = _stored(cache, package, current)
    if stored is None:
        stale = sorted(current)
    else:
        stale = sorted(d for d, entry in current.items() if stored.get(d) != entry["digest"])
    if not stale:
        return []
    paths = [Path(env.doc2path(docname)) for docname in stale]
    notebooks = []
    for path in paths:
        try:
            notebook = _read_notebook(app, path)
        except Exception:
            notebook = None
        if notebook is not None:
            notebooks.append(notebook)
    removed_runs = forget_cached_runs(cache, notebooks, paths)
    if removed_runs:
        logger.info(
            f"[package_cache] modules of {package.name} changed: {removed_runs} cached run(s) dropped, "
            f"{len(stale)} page(s) will re-execute: {', '.join(stale)}"
        )
    return stale


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    current = getattr(app.env, "package_dependencies", None)
    cache = _cache_path(app)
    if exception is None and current is not None and cache.is_dir():
        content = {"package": app.config.package_cache_name, "pages": current}
        (cache / DEPENDENCIES_NAME).write_text(json.dumps(content, indent=1, sort_keys=True) + "\n")
        (cache / LEGACY_STAMP_NAME).unlink(missing_ok=True)


def setup(app: Sphinx) -> dict:
    app.add_config_value("package_cache_name", PACKAGE, "env")
    app.connect("env-get-outdated", _on_env_get_outdated)
    app.connect("build-finished", _on_build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
