"""The package's layers stay apart: the engine never pulls in drawing or website code.

A reader who wants only the network (a script, a Raspberry Pi, the in-page Python) should be
able to import it without matplotlib or ipywidgets, and the experiments compute without
drawing. Each module is imported in a fresh interpreter, so one test's imports cannot hide
another's.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "code" / "nnbook"
ENGINE = [
    "network",
    "training",
    "evaluation",
    "data",
    "mnist",
    "images",
    "pretrained",
    "browser",
    "__main__",
    "checks",
    "files",
    "progress",
    "notebook",
    "activation",
    "fast",
    "network_file",
]
EXPERIMENTS = ["experiments.runner", "experiments.rotations", "experiments.backquery"]
FORBIDDEN = ("matplotlib", "ipywidgets", "nnbook.figures", "nnbook.web")


def _modules_after_importing(module: str) -> list[str]:
    code = (
        f"import importlib, json, sys; importlib.import_module('nnbook.{module}'); "
        "print(json.dumps(sorted(sys.modules)))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


@pytest.mark.parametrize("module", ENGINE + EXPERIMENTS)
def test_engine_and_experiments_import_no_drawing_or_web_code(module: str) -> None:
    loaded = _modules_after_importing(module)
    found = [name for name in loaded if name.startswith(FORBIDDEN)]
    assert not found, f"importing nnbook.{module} also imports {found[:5]}"


def test_every_module_sits_in_its_layer() -> None:
    """New modules go into a layer folder, not beside the engine (or the test above misses them)."""
    top = sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__")
    unexpected = [name for name in top if name not in ENGINE]
    assert not unexpected, f"modules outside the layer folders: {unexpected}; add them to ENGINE or move them"
    assert {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"} == {
        "experiments",
        "figures",
        "web",
    }


def test_the_readme_says_where_every_module_is() -> None:
    """README.md's map of the package ("Where is the code behind page X?") names every module."""
    readme = (PACKAGE.parents[1] / "README.md").read_text(encoding="utf-8")
    modules = [p for p in PACKAGE.rglob("*.py") if p.stem != "__init__"]
    missing = [p.relative_to(PACKAGE).as_posix() for p in modules if p.name not in readme]
    assert not missing, f"README.md does not mention {missing}"
