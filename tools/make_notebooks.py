#!/usr/bin/env python3
"""Write notebooks/<part>/<page>.ipynb, the notebook edition of every page, from the executed pages.

Colab opens notebooks from the repository on GitHub and cannot read MyST Markdown, so the
repository keeps each page's edition: plain Jupyter Markdown made from the notebook the build
executed (book/_ext/editions.py says how). `make book` runs this after the build; commit what
it writes (it also puts them into the built site's download menu, _build/html/_sources/).
`--check` reports stale editions instead (tests/test_editions.py runs it).
Usage: python tools/make_notebooks.py [--check] [--executed DIR]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "book" / "_ext"))

from editions import EXECUTED, NOTEBOOKS, config_addresses, edition_text, is_notebook_page, read_site  # noqa: E402


def pages() -> list[Path]:
    """Every page of the book that is a notebook (not the extensions' and assets' folders)."""
    book = ROOT / "book"
    return [
        page
        for page in sorted(book.rglob("*.md"))
        if not page.relative_to(book).parts[0].startswith("_") and is_notebook_page(page)
    ]


def wanted(executed: Path = EXECUTED) -> dict[Path, str]:
    """Every edition that should exist, with its text."""
    baseurl, repository = config_addresses(ROOT)
    site = read_site(ROOT, baseurl)
    return {
        ROOT / NOTEBOOKS / page.relative_to(ROOT / "book").with_suffix(".ipynb"): edition_text(
            page, site, repository, executed
        )
        for page in pages()
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report stale editions instead of writing them")
    parser.add_argument("--executed", type=Path, default=EXECUTED, help="the build's executed notebooks")
    args = parser.parse_args()
    editions = wanted(args.executed)
    existing = set((ROOT / NOTEBOOKS).rglob("*.ipynb")) if (ROOT / NOTEBOOKS).exists() else set()
    stale = [p for p, text in editions.items() if not p.is_file() or p.read_text(encoding="utf-8") != text]
    orphans = sorted(existing - set(editions))
    if args.check:
        for path in stale + orphans:
            print(f"out of date: {path.relative_to(ROOT)}")
        return 1 if stale or orphans else 0
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(editions[path], encoding="utf-8")
    for path in orphans:
        path.unlink()
    # The website's download menu offers the very same file (the build wrote it from the same
    # function; a page the build did not write again gets it here).
    sources = ROOT / "_build" / "html" / "_sources"
    if sources.is_dir():
        for path, text in editions.items():
            copy = sources / "book" / path.relative_to(ROOT / NOTEBOOKS)
            if copy.parent.is_dir() and (not copy.is_file() or copy.read_text(encoding="utf-8") != text):
                copy.write_text(text, encoding="utf-8")
    print(f"make_notebooks: {len(stale)} written, {len(orphans)} removed, {len(editions)} in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
