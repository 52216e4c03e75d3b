"""The glossary and the index: every {term} link finds its entry, every entry is used, and
the website's index page lists the book's index entries.

The first two checks read the Markdown sources, so they are fast and need no build. The
last ones read the built website (built as `make book` builds it, sharing its cache).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import jupytext
import pytest

from browser import REPO

BOOK = REPO / "book"
GLOSSARY = BOOK / "glossary.md"
PAGES = [p for p in sorted(BOOK.rglob("*.md")) if not p.relative_to(BOOK).parts[0].startswith("_") and p != GLOSSARY]

TERM_ROLE = re.compile(r"\{term\}`([^`]+)`")
INDEX_DIRECTIVE = re.compile(r"^```\{index\}\s+(.+)$", re.MULTILINE)


def glossary_entries(text: str) -> list[list[str]]:
    """The entries of the page's {glossary} directive, each as its list of terms.

    In a Sphinx glossary an entry is one or more unindented term lines followed by an
    indented definition; every term of an entry can be the target of a {term} link.
    """
    match = re.search(r"^```\{glossary\}\n(.*?)^```$", text, re.MULTILINE | re.DOTALL)
    assert match, f"{GLOSSARY.name} has no ```{{glossary}} directive"
    entries: list[list[str]] = []
    previous_was_term = False
    for line in match.group(1).splitlines():
        if not line.strip() or line.startswith(":"):
            previous_was_term = False
            continue
        if line[0].isspace():
            previous_was_term = False
            continue
        if previous_was_term:
            entries[-1].append(line.strip())
        else:
            entries.append([line.strip()])
        previous_was_term = True
    return entries


def term_target(role_text: str) -> str:
    """`weights <weight>` links to "weight"; `weight` links to itself. Sphinx ignores case."""
    explicit = re.search(r"<([^<>]+)>\s*$", role_text)
    return (explicit.group(1) if explicit else role_text).strip().lower()


def term_links(page: Path) -> list[str]:
    return [term_target(text) for text in TERM_ROLE.findall(page.read_text(encoding="utf-8"))]


ENTRIES = glossary_entries(GLOSSARY.read_text(encoding="utf-8"))
KNOWN_TERMS = {term.lower() for entry in ENTRIES for term in entry}


def test_the_glossary_has_a_useful_number_of_entries_in_order() -> None:
    assert 30 <= len(ENTRIES) <= 80, f"{len(ENTRIES)} entries"
    assert ":sorted:" in GLOSSARY.read_text(encoding="utf-8")
    assert len(KNOWN_TERMS) == sum(len(entry) for entry in ENTRIES), "a term is defined twice"


@pytest.mark.parametrize("page", PAGES + [GLOSSARY], ids=lambda p: p.stem)
def test_every_term_link_names_a_glossary_entry(page: Path) -> None:
    unknown = sorted(set(term_links(page)) - KNOWN_TERMS)
    assert not unknown, f"{page.relative_to(REPO)} links terms the glossary lacks: {unknown}"


def test_every_glossary_entry_is_linked_from_some_page() -> None:
    linked = {target for page in PAGES for target in term_links(page)}
    unused = [entry[0] for entry in ENTRIES if not linked & {term.lower() for term in entry}]
    assert not unused, f"glossary entries that no page links with {{term}}: {unused}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_term_links_and_index_entries_stay_out_of_code_cells(page: Path) -> None:
    for cell in jupytext.read(page).cells:
        if cell.cell_type == "code":
            assert "{term}" not in cell.source and "{index}" not in cell.source, cell.source[:200]


def test_the_book_has_index_entries_on_many_pages() -> None:
    pages_with_entries = [p for p in PAGES if INDEX_DIRECTIVE.search(p.read_text(encoding="utf-8"))]
    assert len(pages_with_entries) >= 30, [p.stem for p in pages_with_entries]


# --- the built website -------------------------------------------------------------------


def _main_text(path: Path) -> str:
    """The visible words of a page's main article, tags stripped, spaces squeezed."""
    page = path.read_text(encoding="utf-8")
    main = re.search(r"<main.*?</main>", page, re.DOTALL)
    assert main, f"{path} has no <main>"
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", main.group(0))))


def test_the_index_page_lists_glossary_terms_and_page_entries(site: Path) -> None:
    index = site / "genindex.html"
    assert index.is_file(), "no genindex.html: is genindex.md listed in _toc.yml?"
    words = _main_text(index)
    missing = [entry[0] for entry in ENTRIES if f" {entry[0]} " not in words]
    assert not missing, f"the index page does not list: {missing}"
    page = index.read_text(encoding="utf-8")
    # Index entries made on the pages (not only the glossary) point back into those pages.
    for target in (
        "book/part1/one-classifier-is-not-enough.html#index-",
        "book/part1/neurons.html#index-",
        "book/part3/rotations.html#index-",
    ):
        assert f'href="{target}' in page, f"the index has no entry pointing at {target}"


def test_every_page_links_the_index_and_glossary_in_its_sidebar(site: Path) -> None:
    for page in (site / "book" / "part1" / "neurons.html", site / "book" / "part3" / "epilogue.html"):
        text = page.read_text(encoding="utf-8")
        assert 'href="../../genindex.html">Index</a>' in text, f"{page.name}: no Index in the sidebar"
        assert 'href="../glossary.html">Glossary</a>' in text, f"{page.name}: no Glossary in the sidebar"


def test_term_links_in_the_built_pages_reach_glossary_entries(site: Path) -> None:
    glossary = (site / "book" / "glossary.html").read_text(encoding="utf-8")
    anchors = set(re.findall(r'id="(term-[^"]+)"', glossary))
    page = (site / "book" / "part1" / "neurons.html").read_text(encoding="utf-8")
    links = re.findall(r'href="\.\./glossary\.html#(term-[^"]+)"', page)
    assert len(links) >= 5, "the neurons page should link several glossary terms"
    assert set(links) <= anchors, sorted(set(links) - anchors)
