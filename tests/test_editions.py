"""Every page also exists as a notebook edition: plain Jupyter Markdown, current, and offered by
every launch and download link."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import jupytext
import nbformat
import pytest

from browser import REPO

sys.path.insert(0, str(REPO / "book" / "_ext"))
from editions import (  # noqa: E402
    MYST_GLUE_IMPORT,
    PACKAGE_GLUE_IMPORT,
    Converter,
    Glued,
    Site,
    is_notebook_page,
    myst_found,
)

PAGES = [p for p in sorted((REPO / "book").rglob("*.md")) if not p.relative_to(REPO / "book").parts[0].startswith("_")]
NOTEBOOK_PAGES = [p for p in PAGES if is_notebook_page(p)]
BASE = "https://example.org/book/"


def _edition_path(page: Path) -> Path:
    return REPO / "notebooks" / page.relative_to(REPO / "book").with_suffix(".ipynb")


def _edition(page: Path) -> nbformat.NotebookNode:
    return nbformat.read(_edition_path(page), as_version=4)


def test_every_page_is_a_notebook() -> None:
    assert NOTEBOOK_PAGES == PAGES


@pytest.mark.slow
def test_committed_editions_are_those_of_the_built_site(site: Path) -> None:
    """`make book` writes the editions from the pages it executed; commit what it wrote."""
    result = subprocess.run(
        [sys.executable, str(REPO / "tools" / "make_notebooks.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, "run `make book` (or tools/make_notebooks.py) and commit notebooks/:\n" + (
        result.stdout + result.stderr
    )
    # `make book` rewrites notebooks/ itself, so also compare with what is committed. Measured
    # values (a timing glued into the text, a picture's bytes) differ from one build to the next,
    # so the comparison is of what the build cannot change by chance: the cells, their code,
    # and their text with every number masked.
    if shutil.which("git") and (REPO / ".git").exists():
        changed = subprocess.run(
            ["git", "-C", str(REPO), "status", "--porcelain", "--", "notebooks"], capture_output=True, text=True
        ).stdout
        stale = []
        for line in changed.splitlines():
            path = line[3:].strip()
            committed = subprocess.run(["git", "-C", str(REPO), "show", f"HEAD:{path}"], capture_output=True, text=True)
            if committed.returncode != 0 or not (REPO / path).exists():
                stale.append(line)
                continue
            if _skeleton(committed.stdout) != _skeleton((REPO / path).read_text()):
                stale.append(line)
        assert not stale, "commit notebooks/, the build's editions:\n" + "\n".join(stale)


def _skeleton(text: str) -> list[tuple[str, str]]:
    """An edition's cells as (type, source) with every number masked: what must match the commit."""
    edition = nbformat.reads(text, as_version=4)
    return [(cell.cell_type, re.sub(r"\d[\d,.]*", "#", cell.source)) for cell in edition.cells]


@pytest.mark.parametrize("page", NOTEBOOK_PAGES, ids=lambda p: p.relative_to(REPO / "book").as_posix())
def test_an_edition_holds_no_myst_syntax(page: Path) -> None:
    edition = _edition(page)
    nbformat.validate(edition)
    for cell in edition.cells:
        if cell.cell_type == "markdown":
            assert not myst_found(cell.source), f"MyST syntax {myst_found(cell.source)} in:\n{cell.source[:400]}"
        else:
            assert MYST_GLUE_IMPORT not in cell.source, "the edition must use the package's glue"


@pytest.mark.parametrize("page", NOTEBOOK_PAGES, ids=lambda p: p.relative_to(REPO / "book").as_posix())
def test_an_edition_holds_the_page_code_after_a_setup_cell(page: Path) -> None:
    edition = _edition(page)
    assert 'find_spec("nnbook")' in edition.cells[0].source
    page_cells = [c for c in jupytext.read(page).cells if c.cell_type == "code"]
    edition_cells = [c for c in edition.cells[1:] if c.cell_type == "code"]
    assert [c.source.replace(MYST_GLUE_IMPORT, PACKAGE_GLUE_IMPORT) for c in page_cells] == [
        c.source for c in edition_cells
    ]
    for page_cell, edition_cell in zip(page_cells, edition_cells):
        hidden = {"remove-input", "remove-cell"} & set(page_cell.metadata.get("tags", []))
        folded = edition_cell.metadata.get("jupyter", {}).get("source_hidden", False)
        assert folded == bool(hidden), f"a cell the website hides must be folded:\n{edition_cell.source[:200]}"
        assert (edition_cell.metadata.get("cellView") == "form") == bool(hidden)


@pytest.mark.parametrize("page", NOTEBOOK_PAGES, ids=lambda p: p.relative_to(REPO / "book").as_posix())
def test_every_answer_is_collapsed_and_every_glued_figure_attached(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    markdown = [c for c in _edition(page).cells if c.cell_type == "markdown"]
    joined = "\n".join(c.source for c in markdown)
    assert joined.count("<details>") == text.count("{dropdown}")
    attached = sum(len(c.get("attachments", {})) for c in markdown)
    assert attached == text.count("```{glue:figure}")
    for cell in markdown:
        for name in re.findall(r"\(attachment:([^)]+)\)", cell.source):
            assert name in cell.get("attachments", {}), f"{name} is not attached"


def _converter(glued: dict | None = None) -> Converter:
    site = Site(baseurl=BASE, labels={"part2-mnist": ("book/part2/mnist", "", "The MNIST data set")})
    site.terms["mnist"] = "MNIST"
    outputs = {name: {"data": data} for name, data in (glued or {}).items()}
    return Converter(site, Glued(outputs), "book/part2/testing", "https://example.org/repo")


def test_glued_numbers_become_their_values_formatted_as_the_page_asks() -> None:
    converter = _converter({"acc": {"text/plain": "0.97123"}, "n": {"text/plain": "60000"}})
    assert converter.markdown("{glue:text}`acc:.1%` of {glue:text}`n:,`") == "97.1% of 60,000"


def test_references_and_terms_become_links_to_the_website() -> None:
    converter = _converter()
    assert converter.markdown("see {ref}`part2-mnist`") == f"see [The MNIST data set]({BASE}book/part2/mnist.html)"
    assert converter.markdown("{term}`digits <MNIST>`") == f"[digits]({BASE}book/glossary.html#term-MNIST)"


def test_notes_answers_targets_and_index_entries() -> None:
    converter = _converter()
    page = (
        "(a-label)=\n## Title\n\n```{index} weight\n```\n\nA {index}`weight` here.\n\n"
        "```{margin} Why?\nBecause.\n```\n\n````{admonition} Key points\n:class: tip\n\n- one\n````\n\n"
        "```{dropdown} Answer\nIt is $x^2$.\n```\n"
    )
    plain = converter.markdown(page)
    assert "(a-label)=" not in plain and "{index}" not in plain and "A weight here." in plain
    assert "> **Why?**\n>\n> Because." in plain
    assert "> **Key points**\n>\n> - one" in plain
    assert "<details>\n<summary>Answer</summary>\n\nIt is $x^2$.\n\n</details>" in plain
    assert not myst_found(plain)


def _links(html: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', html)


@pytest.mark.parametrize("page", NOTEBOOK_PAGES, ids=lambda p: p.stem)
def test_launch_and_download_links_point_at_files_that_exist(site: Path, page: Path) -> None:
    docname = page.relative_to(REPO).with_suffix("").as_posix()
    html_path = site / f"{docname}.html"
    links = _links(html_path.read_text())
    binder = [link for link in links if "mybinder.org" in link]
    colab = [link for link in links if "colab.research.google.com" in link]
    downloads = [link for link in links if "_sources/" in link]
    assert binder and colab, f"{docname}: no Binder or Colab button"
    for link in binder:
        opened = unquote(link.split("urlpath=", 1)[1].split("tree/", 1)[1])
        assert (REPO / opened).is_file(), f"Binder would open {opened}, which does not exist"
        assert opened == _edition_path(page).relative_to(REPO).as_posix(), "Binder must open the edition"
    for link in colab:
        path = urlsplit(link).path.split("/blob/main/", 1)[1]
        assert path.endswith(".ipynb") and (REPO / path).is_file(), f"Colab would open {path}"
    suffixes = sorted(Path(link).suffix for link in downloads)
    assert suffixes == [".ipynb", ".md"], f"{docname}: downloads offered {suffixes}"
    for link in downloads:
        target = (html_path.parent / link).resolve()
        assert target.is_file(), f"download link {link} is broken"
        if target.suffix == ".ipynb":
            assert target.read_text(encoding="utf-8") == _edition_path(page).read_text(encoding="utf-8"), (
                "the download menu must offer the same edition as Colab"
            )
