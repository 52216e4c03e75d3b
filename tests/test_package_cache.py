"""A page runs again when a module it uses changes, directly or through the package's imports.

The extension lives in ``book/_ext/package_cache.py``. Its pieces are checked one by one on a
small package written here (the import graph, relative imports, submodules imported by
``from package import name``, data files, a module moved into a subpackage), then a tiny book
of four pages is built with Jupyter Book: cold; with nothing changed (no page runs); after a
one-line change to a module one page imports (that page alone runs); after a change to a
module that another module imports (the pages using either run, the others do not).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "book" / "_ext"))

import package_cache  # noqa: E402
from package_cache import Package  # noqa: E402


@pytest.mark.parametrize(
    "source, expected",
    [
        ("import nnbook\n", True),
        ("from nnbook.network import NeuralNetwork\n", True),
        ("x = 1\n    import nnbook  # indented, inside a function\n", True),
        ("import nnbooks\n", False),
        ("# we will import nnbook later\n", False),
        ("print('import nnbook')\n", False),
    ],
)
def test_uses_package_recognises_imports(source: str, expected: bool) -> None:
    assert package_cache.uses_package(source, "nnbook") is expected


def test_fingerprint_follows_source_and_ignores_byte_caches(tmp_path: Path) -> None:
    (tmp_path / "mod.py").write_text("A = 1\n")
    first = package_cache.fingerprint(tmp_path)
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "mod.cpython-311.pyc").write_bytes(b"\x00junk")
    assert package_cache.fingerprint(tmp_path) == first
    (tmp_path / "mod.py").write_text("A = 2\n")
    assert package_cache.fingerprint(tmp_path) != first


# --- the import graph ----------------------------------------------------------------------

MODULES = {
    "__init__.py": '"""A package whose __init__ imports nothing."""\n',
    "base.py": "VALUE = 'base'\n",
    "middle.py": "from .base import VALUE\nLABEL = 'middle of ' + VALUE\n",
    "other.py": "OTHER = 'other'\n",
    "demo.py": "SCRIPT = 'js/reader.js'\n",
    "js/reader.js": "// read by demo.py\n",
    "figures/__init__.py": "",
    "figures/colours.py": "INK = '#000'\n",
    "figures/part1/__init__.py": "",
    "figures/part1/plots.py": (
        "from ...middle import LABEL\n"  # three dots: up to the package
        "from .. import colours\n"  # a submodule, by `from package import name`
        "def later():\n"
        "    from tinypkg import other  # inside a function: still counted\n"
    ),
    "lazy.py": "import importlib\nMOD = importlib.import_module('tinypkg.other')\n",
    "star.py": "from tinypkg.figures import *\n",
}


def write_package(root: Path, modules: dict[str, str] = MODULES) -> Path:
    folder = root / "tinypkg"
    for name, source in modules.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(source)
    return folder


def names(modules: set[str]) -> set[str]:
    return {m.removeprefix("tinypkg").removeprefix(".") or "(init)" for m in modules}


def test_graph_resolves_relative_imports_and_submodules(tmp_path: Path) -> None:
    package = Package(write_package(tmp_path), "tinypkg")
    assert names(package.graph["tinypkg.middle"]) == {"(init)", "base"}
    assert names(package.graph["tinypkg.figures.part1.plots"]) == {
        "(init)",
        "middle",
        "figures",
        "figures.colours",
        "other",
    }
    assert names(package.graph["tinypkg.lazy"]) == {"(init)", "other"}
    assert names(package.graph["tinypkg.star"]) == {"(init)", "figures", "figures.colours", "figures.part1"}
    assert names(package.graph["tinypkg.base"]) == set()


@pytest.mark.parametrize(
    "code, expected",
    [
        ("from tinypkg.middle import LABEL", {"(init)", "middle", "base"}),
        (
            "import tinypkg.figures.part1.plots as plots",
            {"(init)", "figures", "figures.part1", "figures.part1.plots", "middle", "base", "figures.colours", "other"},
        ),
        ("from tinypkg import base, other", {"(init)", "base", "other"}),
        ("%matplotlib inline\nfrom tinypkg.other import OTHER\n!ls", {"(init)", "other"}),  # IPython syntax
        ("import numpy as np\nimport tinypkgs", set()),
        ("from tinypkg.nothing_here import x", {"(init)"}),  # fails when it runs anyway
    ],
)
def test_a_page_depends_on_what_its_cells_import_and_what_those_import(
    tmp_path: Path, code: str, expected: set[str]
) -> None:
    package = Package(write_package(tmp_path), "tinypkg")
    assert names(package_cache.page_dependencies(package, [code])) == expected


def test_a_cell_that_is_not_python_but_names_the_package_depends_on_all_of_it(tmp_path: Path) -> None:
    package = Package(write_package(tmp_path), "tinypkg")
    assert package_cache.page_dependencies(package, ["import tinypkg\nthis is ( not python"]) == set(package.files)


def test_digest_changes_only_with_the_modules_and_data_used(tmp_path: Path) -> None:
    folder = write_package(tmp_path)
    middle = Package(folder, "tinypkg").closure({"tinypkg.middle"})
    demo = Package(folder, "tinypkg").closure({"tinypkg.demo"})

    def digests() -> tuple[str, str]:
        package = Package(folder, "tinypkg")
        return package.digest(middle), package.digest(demo)

    first = digests()
    (folder / "other.py").write_text("OTHER = 'other, edited'\n")  # used by neither
    assert digests() == first
    (folder / "js" / "reader.js").write_text("// edited\n")  # named by demo.py only
    second = digests()
    assert second[0] == first[0] and second[1] != first[1]
    (folder / "base.py").write_text("VALUE = 'base, edited'\n")  # middle imports it
    third = digests()
    assert third[0] != second[0] and third[1] == second[1]
    (folder / "__pycache__").mkdir()
    (folder / "__pycache__" / "base.cpython-311.pyc").write_bytes(b"\0")
    assert digests() == third


def test_a_page_reads_the_repository_tables_it_names_and_runs_again_when_they_change(tmp_path: Path) -> None:
    """Precomputed results in data/ (not the download cache, not READMEs) count for the pages
    whose code names the file, or the folder, directly or through a module of the package."""
    folder = write_package(tmp_path)
    root = tmp_path / "repo"
    (root / "data" / "runs").mkdir(parents=True)
    (root / "data" / "cache").mkdir()
    (root / "data" / "memory.csv").write_text("page,mb\n")
    (root / "data" / "runs" / "epochs.csv").write_text("seed,accuracy\n1,0.97\n")
    (root / "data" / "runs" / "README.md").write_text("what these are\n")
    (root / "data" / "cache" / "mnist.gz").write_bytes(b"\0")
    tables = package_cache.repository_tables(root)
    assert sorted(tables) == ["data/memory.csv", "data/runs/epochs.csv"]
    page_code = "rows = open(ROOT / 'data' / 'memory.csv')"
    assert [name for name, _ in package_cache.tables_named(page_code, tables)] == ["data/memory.csv"]
    module_source = "FOLDER = 'data/runs'  # written by tools/precompute.py"
    assert [name for name, _ in package_cache.tables_named(module_source, tables)] == ["data/runs/epochs.csv"]
    assert package_cache.tables_named("import tinypkg.demo", tables) == []

    package = Package(folder, "tinypkg")
    modules = package.closure({"tinypkg.demo"})
    read = package_cache.tables_named(module_source, tables)
    before = package.digest(modules, read)
    assert package.digest(modules) != before  # reading a table is part of the page's key
    (root / "data" / "runs" / "epochs.csv").write_text("seed,accuracy\n1,0.97\n2,0.98\n")
    assert package.digest(modules, read) != before  # a rerun script re-executes the page


def test_a_module_moved_into_a_subpackage_is_followed(tmp_path: Path) -> None:
    folder = write_package(tmp_path)
    (folder / "figures" / "part2").mkdir()
    (folder / "figures" / "part2" / "__init__.py").write_text("")
    (folder / "figures" / "part1" / "plots.py").rename(folder / "figures" / "part2" / "plots.py")
    package = Package(folder, "tinypkg")
    assert "tinypkg.figures.part1.plots" not in package.files
    used = package_cache.page_dependencies(package, ["from tinypkg.figures.part2 import plots"])
    assert {"figures.part2", "figures.part2.plots", "middle", "base", "figures.colours"} <= names(used)


def test_forget_cached_runs_drops_only_the_matching_notebooks(tmp_path: Path) -> None:
    import nbformat
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    cache = get_cache(str(tmp_path / "cache"))
    notebooks = {}
    for name, code in [("uses.ipynb", "import tinypkg"), ("plain.ipynb", "1 + 1"), ("moved.ipynb", "2 + 2")]:
        notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
        notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        cache.cache_notebook_bundle(CacheBundleIn(notebook, str(tmp_path / name)), check_validity=False)
        notebooks[name] = notebook

    by_code, by_file = [notebooks["uses.ipynb"]], [tmp_path / "moved.ipynb"]
    assert package_cache.forget_cached_runs(tmp_path / "cache", by_code, by_file) == 2
    remaining = [cache.get_cache_bundle(r.pk).nb.cells[0].source for r in cache.list_cache_records()]
    assert remaining == ["1 + 1"]
    assert package_cache.forget_cached_runs(tmp_path / "missing", [notebooks["plain.ipynb"]]) == 0


# --- a tiny book, built with Jupyter Book ------------------------------------------------------

PAGE = """\
---
kernelspec: {{display_name: Python 3, language: python, name: python3}}
jupytext: {{text_representation: {{extension: .md, format_name: myst}}}}
---
# {title}

```{{code-cell}} python3
{code}
```
"""


def _build(book: Path, env: dict[str, str]) -> tuple[str, set[str]]:
    """Build the book; return the log and the names of the pages that were executed."""
    result = subprocess.run(
        [str(Path(sys.executable).with_name("jupyter-book")), "build", str(book), "-W"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    executed = {
        page
        for line in result.stdout.splitlines()
        if "Executing" in line
        for page in ("uses_middle", "uses_base", "uses_other", "plain")
        if f"{page}.md" in line
    }
    return result.stdout, executed


def test_only_pages_using_a_changed_module_run_again(tmp_path: Path) -> None:
    folder = write_package(tmp_path / "lib")
    book = tmp_path / "book"
    book.mkdir()
    (book / "_config.yml").write_text(
        textwrap.dedent(f"""\
        title: cache test
        only_build_toc_files: true
        execute: {{execute_notebooks: cache}}
        sphinx:
          local_extensions: {{package_cache: {REPO / "book" / "_ext"}}}
          config: {{package_cache_name: tinypkg}}
        """)
    )
    (book / "_toc.yml").write_text(
        "format: jb-book\nroot: plain\nchapters:\n- file: uses_middle\n- file: uses_base\n- file: uses_other\n"
    )
    pages = {
        "uses_middle": "from tinypkg.middle import LABEL\nprint('label:', LABEL)",
        "uses_base": "from tinypkg import base\nprint('value:', base.VALUE)",
        "uses_other": "import tinypkg.other\nprint('other:', tinypkg.other.OTHER)",
        "plain": "print('plain page', 6 * 7)",
    }
    for name, code in pages.items():
        (book / f"{name}.md").write_text(PAGE.format(title=name, code=code))

    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(tmp_path / "lib"), env.get("PYTHONPATH", "")]))
    html = book / "_build" / "html"

    _, executed = _build(book, env)
    assert executed == set(pages)
    assert "label: middle of base" in (html / "uses_middle.html").read_text()
    stored = json.loads((book / "_build" / ".jupyter_cache" / package_cache.DEPENDENCIES_NAME).read_text())
    assert set(stored["pages"]) == {"uses_middle", "uses_base", "uses_other"}

    log, executed = _build(book, env)  # nothing changed: no page runs
    assert executed == set(), log

    (folder / "other.py").write_text("OTHER = 'other, second version'\n")  # a one-line change
    log, executed = _build(book, env)
    assert executed == {"uses_other"}, log
    assert "other: other, second version" in (html / "uses_other.html").read_text()

    (folder / "base.py").write_text("VALUE = 'base, second version'\n")  # middle.py imports base
    log, executed = _build(book, env)
    assert executed == {"uses_base", "uses_middle"}, log
    assert "label: middle of base, second version" in (html / "uses_middle.html").read_text()
    assert "value: base, second version" in (html / "uses_base.html").read_text()


def test_stored_digests_and_the_stamp_of_the_previous_version(tmp_path: Path) -> None:
    folder = write_package(tmp_path / "lib")
    package = Package(folder, "tinypkg")
    current = {"page": {"digest": "abc", "modules": ["tinypkg"]}}
    cache = tmp_path / "cache"
    cache.mkdir()
    assert package_cache._stored(cache, package, current) is None  # a cache with no record: run all
    (cache / package_cache.LEGACY_STAMP_NAME).write_text(package_cache.fingerprint(folder) + "\n")
    assert package_cache._stored(cache, package, current) == {"page": "abc"}  # nothing changed since
    (folder / "base.py").write_text("VALUE = 'changed'\n")
    assert package_cache._stored(cache, package, current) is None
    (cache / package_cache.DEPENDENCIES_NAME).write_text(json.dumps({"pages": {"page": {"digest": "old"}}}))
    assert package_cache._stored(cache, package, current) == {"page": "old"}
