#!/usr/bin/env python3
"""Tell whether the built website in ``_build/html`` is up to date, without building it.

The tests look at the website exactly as ``make book`` builds it. Even when nothing changed,
a build takes a while (Sphinx checks every page against the execution cache), so each
successful build leaves a stamp beside its output, ``_build/site.stamp``, with two lines:

1. a digest of everything the website is made from (:data:`SOURCES`: the pages, the
   extensions and assets under ``book/``, the configuration, the ``nnbook`` package, the
   pinned requirements and the pins of the vendored JavaScript and Pyodide), taken just
   before the build started;
2. a digest of what the build left in ``_build/html`` (every file's name, size and time),
   taken just after it finished.

While both still hold, building again would change nothing, and ``tests/browser.py`` uses the
site as it is. Any edit to a source, or any other writer of ``_build/html`` (a failed or
half-finished build, ``jupyter-book clean``), breaks the stamp, and the next test session
builds again. ``make book`` removes the stamp before it builds and writes it after.

    python tools/site_stamp.py sources          # print the digest of the sources
    python tools/site_stamp.py forget           # remove the stamp (before a build)
    python tools/site_stamp.py record DIGEST    # after a successful build from those sources
    python tools/site_stamp.py check            # exit 0 when the site is up to date
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# What the website is built from, relative to the repository (folders are read whole).
SOURCES = (
    "_config.yml",
    "_toc.yml",
    "genindex.md",
    "book",  # the pages, and book/_ext (extensions) and book/_assets (scripts, styles)
    "code/nnbook",  # the package the pages run, packed into the site for the in-browser Python
    "code/pyproject.toml",
    "requirements.txt",  # what the pages import (numpy, matplotlib, ...)
    "requirements-dev.txt",  # Jupyter Book, myst-nb, ...
    "constraints.txt",  # the exact versions of all of them
    "tools/vendor_js.py",  # the pinned JavaScript the site serves (_vendor/site)
    "tools/vendor_pyodide.py",  # the pinned in-browser Python (_vendor/live)
)
SKIPPED_PARTS = {"__pycache__", ".ipynb_checkpoints", ".pytest_cache"}


def stamp_path(root: Path = ROOT) -> Path:
    return root / "_build" / "site.stamp"


def _files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    if not path.is_dir():
        return []
    return sorted(
        p
        for p in path.rglob("*")
        if p.is_file() and not SKIPPED_PARTS & set(p.parts) and p.suffix not in {".pyc", ".pyo"}
    )


def sources_digest(root: Path = ROOT) -> str:
    """SHA-256 over the relative path and bytes of every source file of the website."""
    digest = hashlib.sha256()
    for name in SOURCES:
        for path in _files(root / name):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def output_digest(root: Path = ROOT) -> str:
    """SHA-256 over the name, size and modification time of every file of the built site."""
    html = root / "_build" / "html"
    if not (html / "index.html").is_file():
        return "no site"
    digest = hashlib.sha256()
    for path in _files(html):
        info = path.stat()
        digest.update(f"{path.relative_to(html).as_posix()}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def forget(root: Path = ROOT) -> None:
    stamp_path(root).unlink(missing_ok=True)


def record(sources: str, root: Path = ROOT) -> None:
    """Stamp the site just built from sources whose digest, taken before the build, was ``sources``."""
    stamp = stamp_path(root)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(f"{sources}\n{output_digest(root)}\n")


def stale_because(root: Path = ROOT) -> str | None:
    """Why the site must be built again, or None when it is up to date."""
    stamp = stamp_path(root)
    if not stamp.is_file():
        return f"no stamp at {stamp} (no build yet, or one that did not finish)"
    lines = stamp.read_text().split()
    if len(lines) != 2:
        return f"{stamp} is not a stamp"
    if lines[0] != sources_digest(root):
        return "the sources changed since the last build"
    if lines[1] != output_digest(root):
        return "the built site changed since the last build"
    return None


def main(argv: list[str]) -> int:
    command = argv[0] if argv else ""
    if command == "sources" and len(argv) == 1:
        print(sources_digest())
    elif command == "forget" and len(argv) == 1:
        forget()
    elif command == "record" and len(argv) == 2:
        record(argv[1])
    elif command == "check" and len(argv) == 1:
        reason = stale_because()
        print(reason or "the built site is up to date")
        return 1 if reason else 0
    else:
        print(__doc__.split("\n\n")[-1], file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
