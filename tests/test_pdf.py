"""The PDF edition: the whole book built by XeLaTeX, then read back with poppler's tools.

The PDF is built exactly as ``make pdf`` builds it, in the same ``_build`` folder and from the
same execution cache as the website (the ``site`` fixture, tests/conftest.py): whichever of the two
builds runs first executes the pages, the other only reads the cache. From a warm cache the
whole PDF takes well under a minute here, so the test builds all of it.

What the checks compare against comes from the sources, not from the PDF: the parts and page
titles from ``_toc.yml`` and the pages, the interactive figures and glued numbers from the
executed notebooks in the cache.

Without TeX Live the test is skipped with a note, except in CI (``CI`` set), where it fails.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import jupytext
import pytest
import yaml

from browser import REPO

sys.path.insert(0, str(REPO / "book" / "_ext"))
from pdf_edition import (  # noqa: E402
    ONLINE_LEAD,
    WIDGET_NOTE,
    matter_command,
    page_url,
    starting_caption,
    website_url,
    widget_text,
)

LATEX_DIR = REPO / "_build" / "latex"
PDF = LATEX_DIR / "book.pdf"
CACHE = REPO / "_build" / ".jupyter_cache"
TOOLS = ("xelatex", "latexmk", "makeindex", "pdftotext", "pdfinfo", "pdfimages", "fc-list")
WIDGET = "application/vnd.jupyter.widget-view+json"
NUMBER_WORDS = ("ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE")
FORBIDDEN = (
    "Loading widget",
    "application/vnd.jupyter",
    "<Figure size",
    "Failed to format",
    "IPY_MODEL_",
    "[Interactive figure:",  # a widget's text/plain stand-in instead of its picture
    "<div",
    "<script",
    "<canvas",
    "\ufffd",
    "IPython.core.display",
    " object>",  # an output whose only print form is its Python repr
    " 0%|",  # a progress bar printed at its start instead of its end
)


def need_tex() -> None:
    """Skip (fail, in CI) when TeX Live, poppler or the FreeFont fonts are missing."""
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if not missing:
        fonts = subprocess.run(["fc-list", ":family=FreeSerif"], capture_output=True, text=True).stdout
        if not fonts.strip():
            missing.append("the FreeSerif font (fonts-freefont-otf)")
    if not missing:
        return
    message = (
        f"the PDF test needs {', '.join(missing)}: `bash tools/system-packages.sh` installs "
        "TeX Live, poppler-utils and fonts-freefont-otf on Debian or Ubuntu"
    )
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


# --- What the book should hold, from its sources ---------------------------------------------


@dataclass(frozen=True)
class Page:
    docname: str
    title: str
    numbered: bool
    chapter: bool  # a chapter opening (the first level below a part), or a page inside one


def page_title(docname: str) -> str:
    text = (REPO / f"{docname}.md").read_text(encoding="utf-8")
    return re.search(r"^# (.+)$", text, re.MULTILINE).group(1).strip()


def book_outline() -> list[tuple[str, list[Page]]]:
    """The parts of ``_toc.yml`` in order, each with its pages in reading order."""
    toc = yaml.safe_load((REPO / "_toc.yml").read_text(encoding="utf-8"))
    outline = []
    for part in toc["parts"]:
        numbered = bool(part.get("numbered"))
        pages = []
        for chapter in part["chapters"]:
            if chapter["file"] == "genindex":  # Sphinx's index: LaTeX prints its own at the end
                continue
            pages.append(Page(chapter["file"], page_title(chapter["file"]), numbered, True))
            for section in chapter.get("sections", []):
                pages.append(Page(section["file"], page_title(section["file"]), numbered, False))
        outline.append((part["caption"], pages))
    return outline


def executed(docname: str):
    """The page's executed notebook, from the cache both builds share (None without code)."""
    from jupyter_cache import get_cache

    notebook = jupytext.read(REPO / f"{docname}.md")
    if not any(cell.cell_type == "code" for cell in notebook.cells):
        return None
    record = get_cache(str(CACHE)).match_cache_notebook(notebook)
    return get_cache(str(CACHE)).get_cache_bundle(record.pk).nb


def shown_outputs(notebook):
    """The outputs a reader sees (not those of cells tagged to remove them)."""
    for cell in notebook.cells if notebook else []:
        tags = set(cell.get("metadata", {}).get("tags", []))
        if cell.cell_type != "code" or tags & {"remove-output", "remove-cell"}:
            continue
        yield from cell.get("outputs", [])


def is_interactive(output) -> bool:
    data = output.get("data", {})
    html = "".join(data.get("text/html", ""))
    return "image/png" in data and (WIDGET in data or "<script" in html)


def glued_text(notebook, name: str) -> str:
    """The plain-text value a page glued under ``name``."""
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            record = output.get("metadata", {}).get("scrapbook", {})
            if record.get("name") == name:
                return "".join(output["data"][record.get("mime_prefix", "") + "text/plain"])
    raise KeyError(f"nothing glued as {name!r}")


def normalise(text: str) -> str:
    """One space between words, straight quotes, no hyphenation breaks: text as the PDF says it."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    text = re.sub(r"-\n(?=[a-z])", "", text)
    return " ".join(text.split())


# --- The PDF, built once for this module -----------------------------------------------------


@pytest.fixture(scope="module")
def book_pdf() -> Path:
    need_tex()
    # The configuration names the vendored JavaScript folders; fetch them as `make pdf` does.
    vendor = subprocess.run([sys.executable, str(REPO / "tools" / "vendor_js.py")], capture_output=True, text=True)
    assert vendor.returncode == 0, vendor.stdout + vendor.stderr
    PDF.unlink(missing_ok=True)
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    started = time.perf_counter()
    result = subprocess.run(
        [str(jupyter_book), "build", str(REPO), "--builder", "pdflatex", "-W", "-n", "--keep-going"],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    seconds = time.perf_counter() - started
    assert result.returncode == 0 and PDF.is_file(), (
        f"the PDF did not build (details in {LATEX_DIR / 'book.log'}):\n"
        + result.stdout[-4000:]
        + result.stderr[-4000:]
    )
    print(f"PDF built in {seconds:.0f} s")
    return PDF


@pytest.fixture(scope="module")
def pages(book_pdf: Path) -> list[str]:
    """The text of each page, whitespace normalised."""
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(book_pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [normalise(page) for page in text.split("\f")]


@pytest.fixture(scope="module")
def outline() -> list[tuple[str, list[Page]]]:
    return book_outline()


def test_page_count_and_title(book_pdf: Path, pages: list[str]) -> None:
    info = subprocess.run(["pdfinfo", str(book_pdf)], capture_output=True, text=True, check=True).stdout
    count = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))
    assert 150 <= count <= 600, f"{count} pages"
    assert re.search(r"^Title:\s+Make Your Own Neural Network$", info, re.MULTILINE)
    assert "Make Your Own Neural Network" in pages[0]
    assert any(page.startswith("CONTENTS") or "CONTENTS" in page[:40] for page in pages[1:5])


def test_parts_and_chapters_in_reading_order(pages: list[str], outline) -> None:
    """Each part has a page of its own; each chapter opens after it, numbered as on the website."""
    position, chapter_number = 0, 0
    for caption, part_pages in outline:
        part_page = next((i for i in range(position, len(pages)) if pages[i] == caption), None)
        assert part_page is not None, f"no page for the part {caption!r} after page {position + 1}"
        position = part_page
        for page in (p for p in part_pages if p.chapter):
            heading = normalise(page.title).upper()
            opening = next((i for i in range(position + 1, len(pages)) if heading in pages[i]), None)
            assert opening is not None, f"no chapter opening {heading!r} after page {position + 1}"
            if page.numbered:
                chapter_number += 1
                assert f"CHAPTER {NUMBER_WORDS[chapter_number - 1]}" in pages[opening], page.docname
            else:
                assert "CHAPTER" not in pages[opening].split(heading)[0], f"{page.docname} should be unnumbered"
            position = opening


def test_every_page_heading_in_order_with_website_numbers(pages: list[str], outline) -> None:
    """Numbered parts: "1.4 Training a simple classifier", as on the website; others: the title."""
    body = " ".join(pages[next(i for i, p in enumerate(pages) if p == outline[0][0]) :])
    position, chapter_number = 0, 0
    for _, part_pages in outline:
        section_number = 0
        for page in part_pages:
            if page.chapter:
                chapter_number += page.numbered
                section_number = 0
                continue
            section_number += 1
            heading = normalise(page.title)
            if page.numbered:
                heading = f"{chapter_number}.{section_number} {heading}"
            found = body.find(heading, position)
            assert found >= 0, f"{heading!r} ({page.docname}) not found after character {position}"
            position = found


def test_one_online_line_per_interactive_figure(book_pdf: Path, pages: list[str], outline) -> None:
    """Each interactive figure is printed as its picture, with the address of its page."""
    expected = {}
    for _, part_pages in outline:
        for page in part_pages:
            count = sum(is_interactive(o) for o in shown_outputs(executed(page.docname)))
            if count:
                expected[page.docname] = count
    assert sum(expected.values()) >= 20, expected  # the book has about two dozen
    assert sum(page.count(ONLINE_LEAD) for page in pages) == sum(expected.values())
    # ... and each line names the right page of the website (html_baseurl in _config.yml).
    config = yaml.safe_load((REPO / "_config.yml").read_text(encoding="utf-8"))
    website = website_url(config["sphinx"]["config"].get("html_baseurl", ""), config["repository"]["url"])
    tex = (LATEX_DIR / "book.tex").read_text(encoding="utf-8")
    per_page: dict[str, int] = {}
    for url in re.findall(re.escape(ONLINE_LEAD) + r" \\sphinxurl\{([^}]+)\}", tex):
        assert url.startswith(website) and url.endswith(".html"), url
        docname = url.removeprefix(website).removesuffix(".html")
        per_page[docname] = per_page.get(docname, 0) + 1
    assert per_page == expected


def test_glued_numbers_are_printed(pages: list[str]) -> None:
    """The final network's test score, computed when the book was built, is in the PDF."""
    notebook = executed("book/part2/final-code")
    percent = float(glued_text(notebook, "final-percent"))
    right = glued_text(notebook, "final-right").strip("'\"")
    text = " ".join(pages)
    assert f"{percent:.2f}%" in text
    assert f"{right} of the 10,000" in text


def test_no_web_leftovers_or_broken_characters(pages: list[str]) -> None:
    text = " ".join(pages)
    leftovers = {bad: text.count(bad) for bad in FORBIDDEN if bad in text}
    assert not leftovers
    log = (LATEX_DIR / "book.log").read_text(encoding="utf-8", errors="replace")
    assert "Missing character" not in log, re.findall(r"Missing character: .*", log)[:5]


def test_at_least_one_image_per_figure(book_pdf: Path, outline) -> None:
    """pdfimages counts pictures placed on pages; each figure and interactive figure is one."""
    figures = 0
    for _, part_pages in outline:
        for page in part_pages:
            source = (REPO / f"{page.docname}.md").read_text(encoding="utf-8")
            figures += len(re.findall(r"^```\{(?:glue:figure|figure)\}", source, re.MULTILINE))
            figures += sum(is_interactive(o) for o in shown_outputs(executed(page.docname)))
    listing = subprocess.run(
        ["pdfimages", "-list", str(book_pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    images = sum(1 for row in listing if row.split()[2] == "image")
    assert figures >= 100
    assert images >= figures, f"{images} images in the PDF for {figures} figures"


# --- The extension's small pieces, without TeX -----------------------------------------------


def test_website_address_from_config_or_repository() -> None:
    assert website_url("https://example.org/book", "") == "https://example.org/book/"
    assert website_url("", "https://github.com/org/repo.git") == "https://org.github.io/repo/"
    assert website_url("", "https://gitlab.com/org/repo") == ""
    assert (
        page_url("https://org.github.io/repo/", "book/part1/neurons")
        == "https://org.github.io/repo/book/part1/neurons.html"
    )


def test_progress_bar_prints_its_final_state() -> None:
    states = {
        "box": {"model_name": "HBoxModel", "state": {"children": ["IPY_MODEL_a", "IPY_MODEL_b", "IPY_MODEL_c"]}},
        "a": {"model_name": "HTMLModel", "state": {"value": "epochs:\u2007100%"}},
        "b": {"model_name": "FloatProgressModel", "state": {"value": 3.0, "max": 4.0}},
        "c": {"model_name": "HTMLModel", "state": {"value": "\u20073/4\u2007[00:49&lt;00:00]"}},
    }
    assert widget_text(states, "box", bar_width=8) == "epochs: 100% |######--| 3/4 [00:49<00:00]"
    assert widget_text(states, "missing") == ""
    json.dumps(states)  # the states are plain JSON, as myst-nb stores them


def test_parts_switch_numbering_like_the_website() -> None:
    assert matter_command(False, seen_numbered=False) == r"\nnbookfrontmatter"
    assert matter_command(True, seen_numbered=False) == r"\nnbookmainmatter"
    assert matter_command(False, seen_numbered=True) == r"\nnbookbackmatter"


def test_an_interactive_figure_prints_the_caption_of_its_starting_frame() -> None:
    frame = (
        '<figure data-value="0.50"><svg role="img"></svg>'
        "<figcaption>c = 0.50: <b>50.0&nbsp;miles</b></figcaption></figure>"
    )
    states = {
        "box": {"model_name": "VBoxModel", "state": {"children": ["IPY_MODEL_slider", "IPY_MODEL_stack"]}},
        "slider": {"model_name": "SelectionSliderModel", "state": {"description": "c", "index": 1}},
        "stack": {
            "model_name": "StackModel",
            "state": {"children": ["IPY_MODEL_f0", "IPY_MODEL_f1"], "selected_index": 1},
        },
        "f0": {"model_name": "HTMLModel", "state": {"value": "<figure><figcaption>other</figcaption></figure>"}},
        "f1": {"model_name": "HTMLModel", "state": {"value": frame}},
    }
    assert starting_caption(states, "box") == "c = 0.50: 50.0 miles"  # tags gone, spaces plain
    assert starting_caption(states, "slider") == "" and starting_caption(states, "missing") == ""
    states["stack"]["state"]["selected_index"] = 5
    assert starting_caption(states, "box") == ""


def test_a_figure_with_several_sliders_prints_the_caption_of_its_nested_starting_frame() -> None:
    """A SliderGrid nests a Stack per slider: the caption is found at the bottom of the nesting."""
    states = {
        "outer": {
            "model_name": "StackModel",
            "state": {"children": ["IPY_MODEL_a", "IPY_MODEL_b"], "selected_index": 1},
        },
        "a": {"model_name": "StackModel", "state": {"children": ["IPY_MODEL_x"], "selected_index": 0}},
        "b": {"model_name": "StackModel", "state": {"children": ["IPY_MODEL_x", "IPY_MODEL_y"], "selected_index": 1}},
        "x": {"model_name": "HTMLModel", "state": {"value": "<figure><figcaption>wrong</figcaption></figure>"}},
        "y": {"model_name": "HTMLModel", "state": {"value": "<figure><figcaption>e = 0.8</figcaption></figure>"}},
    }
    assert starting_caption(states, "outer") == "e = 0.8"


def test_the_first_slider_of_the_book_prints_its_caption(pages: list[str]) -> None:
    """The km-to-miles machine starts at c = 0.5: its printed caption says 100 km is 50 miles."""
    text = normalise("\n".join(pages))
    assert re.search(r"c = 0\.50: 100 km becomes 50\.0 miles.{0,120}" + re.escape(WIDGET_NOTE), text)
