#!/usr/bin/env python3
"""Fetch the JavaScript the website serves itself, from the npm registry, checked.

The book's pages must work with no connection to any content delivery network: the
widget manager that replays the sliders (``@jupyter-widgets/html-manager``) and the loader
it needs (``requirejs``) are served from the site, and so are the fonts of the formulas.
MathJax itself runs only when the site is built (``book/_ext/static_maths.py``, under
Node.js): its files go to ``_vendor/build/``, which the site does not serve. This script asks
``npm pack`` for the exact versions below, refuses a tarball whose SHA-512 differs from the
one pinned here, and unpacks only the files needed into ``_vendor/site/`` (git-ignored),
which ``_config.yml`` lists as a static folder, and ``_vendor/build/``.

The browser tests also need axe-core, the accessibility checker. It is never part of a
page: it goes to ``_vendor/tests/``, which the site does not serve, and
``tests/test_site.py`` reads it from disk and injects it into each page it checks.

Run by ``make book`` and by the browser tests; safe to repeat (it does nothing when
``_vendor`` is up to date). Needs Node.js's ``npm`` on the PATH.
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "_vendor"
SITE_FILES = VENDOR / "site"  # served as _static/ by every page
BUILD_FILES = VENDOR / "build"  # used by the build alone, never served
TEST_FILES = VENDOR / "tests"  # read only by the tests, never served

# package spec -> (sha512 integrity as npm reports it, licence, {file in tarball: path under _vendor})
# Paths under site/ are served by the website; paths under tests/ are for the tests alone.
PACKAGES: dict[str, tuple[str, str, dict[str, str]]] = {
    "@jupyter-widgets/html-manager@1.0.15": (
        "sha512-5thBIV6ymNgmPVOHvzx+gGy8ZSKmSazhtGw4/c4xJDVzRhG9PTeQsRjF3FUTopvFi//SABeNz1yp47bCrJ3CQA==",
        "BSD-3-Clause",
        {
            "package/dist/embed-amd.js": "site/widgets/embed-amd.js",
            "package/dist/embed.js.LICENSE.txt": "site/widgets/embed-amd.js.LICENSE.txt",
            "package/dist/": "site/widgets/",  # its icon fonts sit beside it (the .js files are skipped)
        },
    ),
    "requirejs@2.3.8": (
        "sha512-7/cTSLOdYkNBNJcDMWf+luFvMriVm7eYxp4BcFCsAX0wF421Vyce5SXP17c+Jd5otXKGNehIonFlyQXSowL6Mw==",
        "MIT",
        {"package/require.js": "site/widgets/require.js"},
    ),
    "mathjax@3.2.2": (
        "sha512-Bt+SSVU8eBG27zChVewOicYs7Xsdt40qm4+UpHyX7k0/O9NliPc+x77k1/FEsPsjKPZGJvtRZM1vO+geW0OhGw==",
        "Apache-2.0",
        {
            # The formulas are typeset when the site is built (book/_ext/static_maths.py runs
            # MathJax under Node.js): the build needs MathJax's Node entry point and the
            # components it loads, never served; the pages need only its fonts.
            "package/es5/node-main.js": "build/mathjax/node-main.js",
            "package/es5/startup.js": "build/mathjax/startup.js",
            "package/es5/core.js": "build/mathjax/core.js",
            "package/es5/loader.js": "build/mathjax/loader.js",
            "package/es5/adaptors/": "build/mathjax/adaptors/",
            "package/es5/input/tex.js": "build/mathjax/input/tex.js",
            "package/es5/input/tex/": "build/mathjax/input/tex/",
            "package/es5/output/chtml.js": "build/mathjax/output/chtml.js",
            "package/es5/output/chtml/fonts/tex.js": "build/mathjax/output/chtml/fonts/tex.js",
            "package/es5/a11y/assistive-mml.js": "build/mathjax/a11y/assistive-mml.js",
            "package/es5/output/chtml/fonts/woff-v2/": "site/mathjax/fonts/",
            "package/LICENSE": "site/mathjax/LICENSE",
        },
    ),
    "axe-core@4.10.3": (
        "sha512-Xm7bpRXnDSX2YE2YFfBk2FnF0ep6tmG7xPh8iHee8MIcrgq762Nkce856dYtJYLkuIoYZvGfTs/PbZhideTcEg==",
        "MPL-2.0",
        {
            "package/axe.min.js": "tests/axe-core/axe.min.js",
            "package/LICENSE": "tests/axe-core/LICENSE",
        },
    ),
}
STAMP = VENDOR / "vendored.json"


def _recipe() -> dict:
    """What _vendor was made from: a change to any package, checksum or file list remakes it."""
    return {spec: [integrity, files] for spec, (integrity, _, files) in PACKAGES.items()}


def integrity_of(path: Path) -> str:
    """The npm-style ``sha512-<base64>`` digest of a file."""
    return "sha512-" + base64.b64encode(hashlib.sha512(path.read_bytes()).digest()).decode()


def up_to_date() -> bool:
    if not STAMP.is_file():
        return False
    recorded = json.loads(STAMP.read_text())
    wanted = _recipe()
    files = [VENDOR / dest for _, _, files in PACKAGES.values() for dest in files.values() if not dest.endswith("/")]
    return recorded == wanted and all(f.is_file() for f in files)


def fetch(spec: str, workdir: Path) -> Path:
    """Download one package tarball with ``npm pack`` into ``workdir``."""
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("vendor_js: npm was not found. Install Node.js (it brings npm), then run this again.")
    result = subprocess.run(
        [npm, "pack", spec, "--json", "--pack-destination", str(workdir)],
        capture_output=True,
        text=True,
        cwd=workdir,
    )
    if result.returncode != 0:
        sys.exit(f"vendor_js: `npm pack {spec}` failed:\n{result.stderr.strip()}")
    filename = json.loads(result.stdout)[0]["filename"]
    return workdir / filename


def unpack(archive: tarfile.TarFile, files: dict[str, str], staging: Path, spec: str) -> None:
    """Copy the wanted members out of a package tarball; a name ending in / takes a whole folder."""
    members = {m.name: m for m in archive.getmembers() if m.isfile()}
    for wanted, dest in files.items():
        if wanted.endswith("/"):
            chosen = {name: dest + name[len(wanted) :] for name in members if name.startswith(wanted)}
        else:
            chosen = {wanted: dest} if wanted in members else {}
        if not chosen:
            sys.exit(f"vendor_js: {wanted} is missing from {spec}")
        for name, target_name in chosen.items():
            if wanted.endswith("/") and wanted.endswith("dist/") and name.endswith((".js", ".map")):
                continue
            target = staging / target_name
            if ".." in Path(target_name).parts:
                sys.exit(f"vendor_js: refusing the path {name} in {spec}")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(archive.extractfile(members[name]).read())


def swap_in(staging: Path) -> None:
    """Replace this script's own entries of _vendor with the staged ones, and nothing else.

    _vendor also holds what other tools fetch (tools/vendor_pyodide.py keeps the in-browser
    Python in _vendor/live/), so it is never removed whole. The stamp goes first and comes
    back last: if the swap is cut short, no stamp claims the folder is complete, and the next
    run makes it again. The old entries are moved into the staging folder, which the caller
    deletes.
    """
    VENDOR.mkdir(exist_ok=True)
    for name in (STAMP.name, SITE_FILES.name, BUILD_FILES.name, TEST_FILES.name):
        if (VENDOR / name).exists():
            (VENDOR / name).rename(staging / f"{name}.old")
    for name in (SITE_FILES.name, BUILD_FILES.name, TEST_FILES.name, STAMP.name):
        (staging / name).rename(VENDOR / name)


def main() -> int:
    if up_to_date():
        print("vendor_js: _vendor is up to date")
        return 0
    staging = Path(tempfile.mkdtemp(prefix="vendor-", dir=ROOT))
    try:
        with tempfile.TemporaryDirectory() as downloads:
            for spec, (integrity, licence, files) in PACKAGES.items():
                tarball = fetch(spec, Path(downloads))
                actual = integrity_of(tarball)
                if actual != integrity:
                    sys.exit(
                        f"vendor_js: {spec} does not match its pinned checksum "
                        f"(expected {integrity}, got {actual}); nothing was changed."
                    )
                with tarfile.open(tarball) as archive:
                    unpack(archive, files, staging, spec)
                print(f"vendor_js: {spec} ({licence}) checked and unpacked")
        for folder in (SITE_FILES, BUILD_FILES, TEST_FILES):
            part = folder.name + "/"
            notice = ["Files in this folder come unchanged from the npm registry:", ""]
            notice += [
                f"- {spec}: licence {licence}, tarball {integrity}"
                for spec, (integrity, licence, files) in PACKAGES.items()
                if any(dest.startswith(part) for dest in files.values())
            ]
            (staging / folder.name / "NOTICE.md").write_text("\n".join(notice) + "\n")
        (staging / STAMP.name).write_text(json.dumps(_recipe(), indent=1))
        swap_in(staging)  # all or nothing: a failed run leaves the old entries alone
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
