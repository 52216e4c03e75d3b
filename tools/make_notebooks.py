#!/usr/bin/env python3
"""Write notebooks/<part>/<page>.ipynb for every page of the book that is a notebook.

Colab opens notebooks from the repository on GitHub and cannot read MyST Markdown, so the
repository keeps an .ipynb twin of each page (no outputs; a first cell fetches the book
when the notebook runs outside it). Run this after changing a page; `make test` checks that the
twins are up to date (tests/test_editions.py). Usage: python tools/make_notebooks.py [--check]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "book" / "_ext"))

from editions import NOTEBOOKS, is_notebook_page, notebook_text  # noqa: E402


def repository() -> str:
    """The book's repository address, from _config.yml (the same one the build uses)."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    return config["repository"]["url"].rstrip("/")


def wanted() -> dict[Path, str]:
    """Every twin that should exist, with its text."""
    url = repository()
    twins = {}
    for page in sorted((ROOT / "book").rglob("*.md")):
        if "_" in page.relative_to(ROOT / "book").parts[0][:1] or not is_notebook_page(page):
            continue
        twin = ROOT / NOTEBOOKS / page.relative_to(ROOT / "book").with_suffix(".ipynb")
        twins[twin] = notebook_text(page, url)
    return twins


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report stale twins instead of writing them")
    args = parser.parse_args()
    twins = wanted()
    existing = set((ROOT / NOTEBOOKS).rglob("*.ipynb")) if (ROOT / NOTEBOOKS).exists() else set()
    stale = [p for p, text in twins.items() if not p.is_file() or p.read_text(encoding="utf-8") != text]
    orphans = sorted(existing - set(twins))
    if args.check:
        for path in stale + orphans:
            print(f"out of date: {path.relative_to(ROOT)}")
        return 1 if stale or orphans else 0
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(twins[path], encoding="utf-8")
    for path in orphans:
        path.unlink()
    print(f"make_notebooks: {len(stale)} written, {len(orphans)} removed, {len(twins)} in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
