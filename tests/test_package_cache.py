"""The build re-executes pages that import the package when the package changes.

The extension lives in ``book/_ext/package_cache.py``. Its pieces are checked one by
one, then a tiny two-page book is built three times with Jupyter Book: once cold, once
with nothing changed (both pages come from the cache), once after editing the package
it imports (only the page that imports it runs again and shows the new value).
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "book" / "_ext"))

import package_cache  # noqa: E402


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


def test_forget_cached_runs_drops_only_notebooks_that_import(tmp_path: Path) -> None:
    import nbformat
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    cache = get_cache(str(tmp_path / "cache"))
    for name, code in [("uses.ipynb", "import nnbook\nnnbook"), ("plain.ipynb", "1 + 1")]:
        notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
        notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        cache.cache_notebook_bundle(CacheBundleIn(notebook, str(tmp_path / name)), check_validity=False)

    assert package_cache.forget_cached_runs(tmp_path / "cache", "nnbook") == 1
    remaining = [cache.get_cache_bundle(r.pk).nb.cells[0].source for r in cache.list_cache_records()]
    assert remaining == ["1 + 1"]
    assert package_cache.forget_cached_runs(tmp_path / "missing", "nnbook") == 0


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


def _build(book: Path, env: dict[str, str]) -> str:
    result = subprocess.run(
        [str(Path(sys.executable).with_name("jupyter-book")), "build", str(book), "-W"],
        capture_output=True, text=True, env=env, timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


def test_changing_the_package_re_executes_only_the_pages_that_import_it(tmp_path: Path) -> None:
    package = tmp_path / "lib" / "tinypkg"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("VALUE = 'first version'\n")

    book = tmp_path / "book"
    book.mkdir()
    (book / "_config.yml").write_text(textwrap.dedent(f"""\
        title: cache test
        only_build_toc_files: true
        execute: {{execute_notebooks: cache}}
        sphinx:
          local_extensions: {{package_cache: {REPO / 'book' / '_ext'}}}
          config: {{package_cache_name: tinypkg}}
        """))
    (book / "_toc.yml").write_text("format: jb-book\nroot: uses\nchapters:\n- file: plain\n")
    (book / "uses.md").write_text(PAGE.format(title="Uses", code="import tinypkg\nprint('value:', tinypkg.VALUE)"))
    (book / "plain.md").write_text(PAGE.format(title="Plain", code="print('plain page', 6 * 7)"))

    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(tmp_path / "lib"), env.get("PYTHONPATH", "")]))
    html = book / "_build" / "html"

    _build(book, env)
    assert "value: first version" in (html / "uses.html").read_text()

    log = _build(book, env)  # nothing changed: no page executes
    assert "Executing" not in log

    (package / "__init__.py").write_text("VALUE = 'second version'\n")
    log = _build(book, env)
    assert "value: second version" in (html / "uses.html").read_text()
    executed = [line for line in log.splitlines() if "Executing" in line]
    assert any("uses" in line for line in executed), log
    assert not any("plain" in line for line in executed), log
