"""The stamp that lets a test session use the built website as it is (tools/site_stamp.py).

A fake repository with a few sources and a "built" site: the stamp holds until a source
changes, or something writes to the built site, or the stamp is forgotten before a build.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tools"))
import site_stamp  # noqa: E402


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "_config.yml").write_text("title: test\n")
    (tmp_path / "_toc.yml").write_text("root: index\n")
    (tmp_path / "book" / "_ext").mkdir(parents=True)
    (tmp_path / "book" / "index.md").write_text("# Home\n")
    (tmp_path / "book" / "_ext" / "ext.py").write_text("A = 1\n")
    (tmp_path / "code" / "nnbook").mkdir(parents=True)
    (tmp_path / "code" / "nnbook" / "network.py").write_text("RATE = 0.1\n")
    html = tmp_path / "_build" / "html"
    html.mkdir(parents=True)
    (html / "index.html").write_text("<html></html>")
    return tmp_path


def _built(repo: Path) -> None:
    site_stamp.record(site_stamp.sources_digest(repo), repo)


def test_a_fresh_stamp_holds(repo: Path) -> None:
    assert "no stamp" in site_stamp.stale_because(repo)
    _built(repo)
    assert site_stamp.stale_because(repo) is None


@pytest.mark.parametrize("source", ["_config.yml", "book/index.md", "book/_ext/ext.py", "code/nnbook/network.py"])
def test_an_edited_source_breaks_the_stamp(repo: Path, source: str) -> None:
    _built(repo)
    (repo / source).write_text((repo / source).read_text() + "# edited\n")
    assert site_stamp.stale_because(repo) == "the sources changed since the last build"


def test_a_new_module_breaks_the_stamp_and_byte_caches_do_not(repo: Path) -> None:
    _built(repo)
    cache = repo / "code" / "nnbook" / "__pycache__"
    cache.mkdir()
    (cache / "network.cpython-311.pyc").write_bytes(b"\0")
    assert site_stamp.stale_because(repo) is None
    (repo / "code" / "nnbook" / "figures").mkdir()
    (repo / "code" / "nnbook" / "figures" / "__init__.py").write_text("")
    assert site_stamp.stale_because(repo) is not None


def test_a_write_to_the_built_site_breaks_the_stamp(repo: Path) -> None:
    _built(repo)
    index = repo / "_build" / "html" / "index.html"
    info = index.stat()
    os.utime(index, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))
    assert site_stamp.stale_because(repo) == "the built site changed since the last build"


def test_no_site_or_a_forgotten_stamp_means_build(repo: Path) -> None:
    _built(repo)
    site_stamp.forget(repo)
    assert site_stamp.stale_because(repo) is not None
    _built(repo)
    (repo / "_build" / "html" / "index.html").unlink()
    assert site_stamp.stale_because(repo) is not None


def test_the_digest_taken_before_a_build_is_the_one_kept(repo: Path) -> None:
    """A source edited while the site builds leaves the site stale."""
    before = site_stamp.sources_digest(repo)
    (repo / "book" / "index.md").write_text("# Home, edited during the build\n")
    site_stamp.record(before, repo)
    assert site_stamp.stale_because(repo) == "the sources changed since the last build"
