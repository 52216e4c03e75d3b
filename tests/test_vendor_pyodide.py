"""tools/vendor_pyodide.py keeps only files whose sha256 the lock vouches for, or changes nothing.

Almost every test runs the tool against a tiny made-up release: a lock of four fake
packages, fake sources that hold good, tampered or no copies, and a ``_vendor`` folder in
a temporary directory, so that no test touches the network or the real ``_vendor``. Two
tests read the real Pyodide 0.27.7 files that CI keeps in ``NNBOOK_PYODIDE_DIR`` (or
``../shared/pyodide-0.27.7`` beside the checkout); they skip without them, except in CI.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import socket
import sys
import tarfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tools"))

import vendor_js  # noqa: E402
import vendor_pyodide as vp  # noqa: E402

PACKAGE_BYTES = {
    "alpha-1.0-py3-none-any.whl": b"alpha's own bytes",
    "beta-2.0-cp312-cp312-pyodide_2024_0_wasm32.whl": b"beta's own bytes",
    "gamma-3.0.zip": b"gamma's own bytes",
}
WHEEL_BYTES = {"extra-1.0-py3-none-any.whl": b"a pure-Python wheel"}
UNWANTED = "delta-4.0-py3-none-any.whl"  # in the lock, but nothing the roots need


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fake_lock() -> dict:
    """alpha needs beta, beta needs gamma, gamma needs alpha (a cycle); delta needs alpha."""
    alpha, beta, gamma = PACKAGE_BYTES
    entries = {
        "alpha": (alpha, ["beta"]),
        "beta": (beta, ["gamma"]),
        "gamma": (gamma, ["alpha"]),
        "delta": (UNWANTED, ["alpha"]),
    }
    return {
        "info": {"version": "0.0.0"},
        "packages": {
            name: {
                "name": name,
                "version": file_name.split("-")[1].removesuffix(".zip"),
                "file_name": file_name,
                "depends": depends,
                "sha256": sha256(PACKAGE_BYTES.get(file_name, b"delta")),
            }
            for name, (file_name, depends) in entries.items()
        },
    }


@dataclass
class FakeSource:
    """Holds the given files; optionally fails the way an unreachable host does."""

    name: str
    files: dict[str, bytes]
    error: Exception | None = None
    asked: list[list[str]] = field(default_factory=list)

    def fetch(self, names: list[str], workdir: Path) -> dict[str, Path | bytes]:
        self.asked.append(list(names))
        if self.error is not None:
            raise self.error
        return {name: self.files[name] for name in names if name in self.files}


@pytest.fixture
def fake_release(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the tool at a made-up release and a _vendor folder under tmp_path; return LIVE."""
    live = tmp_path / "_vendor" / "live"
    lock = json.dumps(fake_lock()).encode()
    monkeypatch.setattr(vp, "LIVE", live)
    monkeypatch.setattr(vp, "ROOT_PACKAGES", ("alpha",))
    monkeypatch.setattr(vp, "LICENCES", {"alpha": "MIT", "beta": "BSD-3-Clause", "gamma": "MPL-2.0"})
    monkeypatch.setattr(
        vp, "WHEELS", {name: (name.split("-")[0] + "==1.0", sha256(data), "MIT") for name, data in WHEEL_BYTES.items()}
    )
    monkeypatch.setattr(
        vp,
        "fetch_core",
        lambda workdir: {
            name: lock if name == vp.LOCK_NAME else f"core file {name}".encode() for name in vp.CORE_FILES
        },
    )
    use_sources(monkeypatch, [FakeSource("good", PACKAGE_BYTES)], [FakeSource("pypi", WHEEL_BYTES)])
    return live


def use_sources(monkeypatch: pytest.MonkeyPatch, packages: list, wheels: list) -> None:
    monkeypatch.setattr(vp, "package_sources", lambda: packages)
    monkeypatch.setattr(vp, "wheel_sources", lambda: wheels)


def tampered(files: dict[str, bytes], name: str) -> dict[str, bytes]:
    return {**files, name: files[name] + b" and a little extra"}


def assert_complete(live: Path) -> None:
    """Every fake file is in place with the right bytes, and no temporary file is left."""
    for name, data in PACKAGE_BYTES.items():
        assert (live / "pyodide" / name).read_bytes() == data
    for name, data in WHEEL_BYTES.items():
        assert (live / "wheels" / name).read_bytes() == data
    assert not (live / "pyodide" / UNWANTED).exists()
    assert not [path for path in live.rglob("*") if path.suffix == ".part"]
    assert sorted(path.name for path in live.parent.iterdir()) == ["live"]


def test_closure_follows_depends_through_a_cycle() -> None:
    lock = fake_lock()
    assert vp.closure(lock, ["alpha"]) == ["alpha", "beta", "gamma"]
    assert vp.closure(lock, ["gamma"]) == ["alpha", "beta", "gamma"]
    assert vp.closure(lock, ["delta"]) == ["alpha", "beta", "delta", "gamma"]
    with pytest.raises(vp.VendorError, match="omega"):
        vp.closure(lock, ["omega"])


def test_a_lock_file_name_that_leaves_the_folder_is_refused() -> None:
    lock = fake_lock()
    lock["packages"]["beta"]["file_name"] = "../beta.whl"
    with pytest.raises(vp.VendorError, match="beta"):
        vp.package_files(lock, ["alpha"])


def test_all_files_from_one_source(fake_release: Path, capsys: pytest.CaptureFixture) -> None:
    assert vp.main() == 0
    assert_complete(fake_release)
    out = capsys.readouterr().out
    assert "good: 3 of 3 file(s) checked and taken" in out
    assert "ready: 10 files checked" in out  # 6 core + 3 packages + 1 wheel
    notice = (fake_release / "pyodide" / "NOTICE.md").read_text()
    assert "`gamma-3.0.zip`: gamma 3.0, licence MPL-2.0; taken from good" in notice
    stamp = json.loads((fake_release / "vendored.json").read_text())
    assert stamp["recipe"] == vp._recipe()
    extra = "extra-1.0-py3-none-any.whl"
    assert stamp["files"][f"wheels/{extra}"]["sha256"] == sha256(WHEEL_BYTES[extra])


def test_a_tampered_file_is_refused_and_the_next_source_gives_it(
    fake_release: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    beta = "beta-2.0-cp312-cp312-pyodide_2024_0_wasm32.whl"
    first = FakeSource("first", tampered(PACKAGE_BYTES, beta))
    second = FakeSource("second", PACKAGE_BYTES)
    use_sources(monkeypatch, [first, second], [FakeSource("pypi", WHEEL_BYTES)])
    assert vp.main() == 0
    assert_complete(fake_release)
    assert second.asked == [[beta]]  # only the refused file goes on
    notice = (fake_release / "pyodide" / "NOTICE.md").read_text()
    assert "taken from second" in notice and notice.count("taken from first") == 2
    assert "first: 2 of 3 file(s)" in capsys.readouterr().out


@pytest.mark.parametrize(
    "first",
    [
        FakeSource("lacking", {k: v for k, v in PACKAGE_BYTES.items() if not k.startswith("gamma")}),
        FakeSource("unreachable", PACKAGE_BYTES, error=OSError("Name or service not known")),
        FakeSource("broken archive", PACKAGE_BYTES, error=tarfile.ReadError("not a bzip2 file")),
    ],
    ids=lambda source: source.name,
)
def test_a_source_that_lacks_a_file_or_fails_hands_it_on(
    fake_release: Path, monkeypatch: pytest.MonkeyPatch, first: FakeSource
) -> None:
    first.asked.clear()
    use_sources(monkeypatch, [first, FakeSource("second", PACKAGE_BYTES)], [FakeSource("pypi", WHEEL_BYTES)])
    assert vp.main() == 0
    assert_complete(fake_release)


def test_with_no_good_copy_nothing_changes_and_the_error_says_why(
    fake_release: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    beta = "beta-2.0-cp312-cp312-pyodide_2024_0_wasm32.whl"
    fake_release.mkdir(parents=True)
    (fake_release / "earlier.txt").write_text("from an earlier run")
    use_sources(
        monkeypatch,
        [
            FakeSource("local", tampered(PACKAGE_BYTES, beta)),
            FakeSource("github", {}, error=OSError("timed out")),
            FakeSource("pypi bundle", {k: v for k, v in PACKAGE_BYTES.items() if k != beta}),
        ],
        [FakeSource("pypi", WHEEL_BYTES)],
    )
    assert vp.main() == 1
    err = capsys.readouterr().err
    assert f"{beta}:" in err
    assert "local: refused: sha256" in err and "github: unavailable (timed out)" in err
    assert "pypi bundle: not there" in err
    assert "NNBOOK_PYODIDE_DIR" in err and "alpha-1.0" not in err  # only the file that failed is named
    assert [path.name for path in fake_release.parent.iterdir()] == ["live"]  # no staging left
    assert [path.name for path in fake_release.iterdir()] == ["earlier.txt"]  # the old folder untouched


def test_a_wheel_with_the_wrong_sha256_is_refused(
    fake_release: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    use_sources(
        monkeypatch,
        [FakeSource("good", PACKAGE_BYTES)],
        [FakeSource("pypi", tampered(WHEEL_BYTES, "extra-1.0-py3-none-any.whl"))],
    )
    assert vp.main() == 1
    assert "extra-1.0-py3-none-any.whl:" in capsys.readouterr().err
    assert not fake_release.exists()


def test_a_package_without_a_recorded_licence_stops_the_run(
    fake_release: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setattr(vp, "LICENCES", {"alpha": "MIT", "beta": "MIT"})
    assert vp.main() == 1
    assert "gamma" in capsys.readouterr().err
    assert not fake_release.exists()


def test_the_stamp_makes_a_second_run_do_nothing(
    fake_release: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    source = FakeSource("good", PACKAGE_BYTES)
    use_sources(monkeypatch, [source], [FakeSource("pypi", WHEEL_BYTES)])
    assert vp.main() == 0
    assert vp.main() == 0
    assert len(source.asked) == 1
    assert capsys.readouterr().out.endswith("is up to date\n")
    # a file cut short, or a change of recipe, makes it again
    (fake_release / "pyodide" / "gamma-3.0.zip").write_bytes(b"gamma")
    assert vp.main() == 0 and len(source.asked) == 2
    assert_complete(fake_release)
    monkeypatch.setattr(vp, "ROOT_PACKAGES", ("alpha", "beta"))
    assert vp.main() == 0 and len(source.asked) == 3


def test_the_release_archive_is_streamed_for_the_wanted_members_only(tmp_path: Path) -> None:
    archive = tmp_path / "release.tar.bz2"
    with tarfile.open(archive, "w:bz2") as tar:
        for name, data in {**PACKAGE_BYTES, UNWANTED: b"delta"}.items():
            member = tarfile.TarInfo(f"pyodide/{name}")
            member.size = len(data)
            tar.addfile(member, io.BytesIO(data))
    workdir = tmp_path / "work"
    workdir.mkdir()
    wanted = ["gamma-3.0.zip", "alpha-1.0-py3-none-any.whl", "not-in-it.whl"]
    found = vp.ReleaseArchive(archive.as_uri()).fetch(wanted, workdir)
    assert sorted(found) == sorted(wanted[:2])
    assert all(Path(found[name]).read_bytes() == PACKAGE_BYTES[name] for name in found)
    assert sorted(path.name for path in workdir.iterdir()) == sorted(wanted[:2])


def test_an_unreachable_release_archive_fails_fast_and_cleanly(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a loopback port with nobody listening
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    started = time.monotonic()
    with pytest.raises(vp.SOURCE_FAILURES):
        vp.ReleaseArchive(f"http://127.0.0.1:{port}/pyodide.tar.bz2", timeout=3).fetch(["x.whl"], tmp_path)
    assert time.monotonic() - started < 5


def test_the_pypi_bundle_must_match_its_pin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    wheel = tmp_path / "bundle-0.1-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        alpha = "alpha-1.0-py3-none-any.whl"
        archive.writestr(f"bundle/assets/pyodide/{alpha}", PACKAGE_BYTES[alpha])
        archive.writestr("bundle/own_code.py", "print('not taken')")
    monkeypatch.setattr(vp, "pip_download", lambda requirement, workdir: wheel)
    workdir = tmp_path / "work"
    workdir.mkdir()
    bundle = vp.PipBundle("bundle==0.1", sha256(wheel.read_bytes()), "bundle/assets/pyodide/")
    found = bundle.fetch(["alpha-1.0-py3-none-any.whl", "own_code.py"], workdir)
    assert list(found) == ["alpha-1.0-py3-none-any.whl"]
    with pytest.raises(vp.SourceError, match="not the pinned"):
        vp.PipBundle("bundle==0.1", "0" * 64, "bundle/assets/pyodide/").fetch(["alpha-1.0-py3-none-any.whl"], workdir)


def test_vendor_js_replaces_only_its_own_entries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    vendor = tmp_path / "_vendor"
    monkeypatch.setattr(vendor_js, "VENDOR", vendor)
    monkeypatch.setattr(vendor_js, "SITE_FILES", vendor / "site")
    monkeypatch.setattr(vendor_js, "BUILD_FILES", vendor / "build")
    monkeypatch.setattr(vendor_js, "TEST_FILES", vendor / "tests")
    monkeypatch.setattr(vendor_js, "STAMP", vendor / "vendored.json")
    for path in (
        vendor / "live" / "pyodide.js",
        vendor / "site" / "old.js",
        vendor / "build" / "old.js",
        vendor / "vendored.json",
    ):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("old")
    staging = tmp_path / "staging"
    for path in (
        staging / "site" / "new.js",
        staging / "build" / "mathjax.js",
        staging / "tests" / "axe.js",
        staging / "vendored.json",
    ):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("new")
    vendor_js.swap_in(staging)
    assert (vendor / "live" / "pyodide.js").read_text() == "old"
    assert [path.name for path in (vendor / "site").iterdir()] == ["new.js"]
    assert [path.name for path in (vendor / "build").iterdir()] == ["mathjax.js"]
    assert (vendor / "tests" / "axe.js").is_file() and (vendor / "vendored.json").read_text() == "new"


@pytest.fixture
def shared_pyodide() -> Path:
    """The folder of verified Pyodide 0.27.7 files that CI keeps, or a skip (a failure in CI)."""
    folder = Path(os.environ.get("NNBOOK_PYODIDE_DIR") or REPO.parent / "shared" / "pyodide-0.27.7")
    if (folder / vp.LOCK_NAME).is_file():
        return folder
    message = f"no Pyodide release files in {folder}; set NNBOOK_PYODIDE_DIR to a folder holding them"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def test_the_real_lock_needs_exactly_the_sixteen_release_files(shared_pyodide: Path) -> None:
    lock = json.loads((shared_pyodide / vp.LOCK_NAME).read_text())
    files = vp.package_files(lock, vp.ROOT_PACKAGES)
    present = {path.name for path in shared_pyodide.iterdir()} - set(vp.CORE_FILES) - {"README.md", "SHA256SUMS"}
    assert len(files) == 16 and set(files) == present
    assert {name for _, name in files.values()} <= set(vp.LICENCES)


def test_the_local_folder_gives_real_files_the_real_lock_accepts(shared_pyodide: Path, tmp_path: Path) -> None:
    lock = json.loads((shared_pyodide / vp.LOCK_NAME).read_text())
    expected = {
        entry["file_name"]: entry["sha256"] for name, entry in lock["packages"].items() if name in ("six", "micropip")
    }
    found = vp.LocalFolder(shared_pyodide).fetch([*expected, "not-in-the-release.whl"], tmp_path)
    assert sorted(found) == sorted(expected)
    for name, sha in expected.items():
        assert vp.accept(found[name], sha, tmp_path / name) == ""
        assert vp.sha256_of(tmp_path / name) == sha
