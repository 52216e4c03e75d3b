"""Typeset every formula of the website when the site is built, so no page runs MathJax.

Sphinx writes each formula as TeX (``\\(...\\)`` inline, ``\\[...\\]`` displayed, inside an
element of class ``math``) and, by default, has MathJax typeset it in the reader's browser.
That cost a phone several seconds of work on every visit: Lighthouse found MathJax's one long
task to be most of a page's blocking time (about 5 s on 1.14 on its mobile profile), and the
layout jumped when it finished (issue 15).

Here, once the HTML pages are written, MathJax runs once under Node.js (``static_maths.js``,
MathJax 3.2.2 from npm, fetched and checked by ``tools/vendor_js.py``) and each formula's TeX is
replaced by the same HTML and CSS MathJax would have made in the browser:

- each page gets a small style sheet of its own in its head (only the characters it uses), and
  the fonts come from the site (``_static/mathjax/fonts/``), loaded only for the characters
  a page draws;
- every formula keeps hidden MathML beside its drawing (MathJax's assistive MathML), which
  screen readers read; no formula is a tab stop, since there is no MathJax menu any more;
- the page no longer loads MathJax or its configuration (``html-page-context``).

A formula MathJax cannot read stops the build with its page and its TeX. Safe to repeat: a
page already typeset has no TeX left to find, so an incremental build only typesets the pages
Sphinx wrote again.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

ROOT = Path(__file__).resolve().parents[2]
MATHJAX = ROOT / "_vendor" / "build" / "mathjax"  # tools/vendor_js.py; not served
SCRIPT = Path(__file__).with_name("static_maths.js")
FONTS = "_static/mathjax/fonts"  # MathJax's woff fonts, served (tools/vendor_js.py)
FONT_URL = "@@nnbook-maths-fonts@@"  # stands for the page's own relative path to FONTS

# An element whose classes include "math" (what Sphinx's and myst-nb's writers make), and in it
# the TeX between MathJax's delimiters, exactly as the browser's MathJax would find it.
_MATH_ELEMENT = re.compile(
    r'(?P<open><(?P<tag>span|div) class="(?:[^"]*\s)?math(?:\s[^"]*)?"[^>]*>)(?P<body>.*?)(?P<close></(?P=tag)>)',
    re.S,
)
_TEX = re.compile(r"\\\((?P<inline>.*?)\\\)|\\\[(?P<display>.*?)\\\]", re.S)
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)


def _formulas(page: str) -> list[tuple[str, bool]]:
    """The TeX of every formula of a page, in order, and whether it is displayed on its own line."""
    found = []
    for element in _MATH_ELEMENT.finditer(page):
        for tex in _TEX.finditer(element["body"]):
            display = tex["display"] is not None
            found.append((html.unescape(tex["display"] if display else tex["inline"]), display))
    return found


def _replace(page: str, typeset: list[str]) -> str:
    """The page with each formula's TeX swapped for its typeset HTML (same order as ``_formulas``)."""
    pieces = iter(typeset)

    def one_element(element: re.Match[str]) -> str:
        body = _TEX.sub(lambda _: next(pieces), element["body"])
        return element["open"] + body + element["close"]

    return _MATH_ELEMENT.sub(one_element, page)


def _compact(css: str) -> str:
    """MathJax's style sheet without its comments and indentation (a third of its size)."""
    css = _CSS_COMMENT.sub("", css)
    css = re.sub(r"\s+", " ", css)
    return re.sub(r" ?([{};,]) ?", r"\1", css).strip()


def typeset_pages(pages: list[list[tuple[str, bool]]], mathjax: Path = MATHJAX) -> list[dict]:
    """Run MathJax under Node.js on the formulas of several pages at once (one Node start).

    Returns one ``{"html": [...], "css": ...}`` per page, or ``{"error": ..., "tex": ...}``
    for a page with a formula MathJax cannot read.
    """
    node = shutil.which("node")
    if node is None:
        raise ExtensionError(
            "static_maths: the book's formulas are typeset when the site is built, with Node.js; "
            "`node` was not found. Install Node.js 18 or later (it also brings npm, which "
            "tools/vendor_js.py needs), then build again."
        )
    if not (mathjax / "node-main.js").is_file():
        raise ExtensionError(f"static_maths: MathJax is missing from {mathjax}: run `make vendor` (tools/vendor_js.py)")
    request = {"mathjax": str(mathjax), "fontURL": FONT_URL, "pages": pages}
    result = subprocess.run(
        [node, str(SCRIPT)], input=json.dumps(request), capture_output=True, text=True, encoding="utf-8"
    )
    if result.returncode != 0:
        raise ExtensionError(f"static_maths: MathJax failed under Node.js:\n{result.stderr.strip()}")
    answers = json.loads(result.stdout)
    if len(answers) != len(pages):
        raise ExtensionError(f"static_maths: asked for {len(pages)} pages, MathJax answered {len(answers)}")
    return answers


def typeset_site(outdir: Path, mathjax: Path = MATHJAX) -> list[Path]:
    """Typeset every page of ``outdir`` that still holds TeX; the pages changed."""
    if not (outdir / FONTS).is_dir():
        raise ExtensionError(f"static_maths: MathJax's fonts are missing from {outdir / FONTS}: run `make vendor`")
    todo: list[tuple[Path, str, list[tuple[str, bool]]]] = []
    for path in sorted(outdir.rglob("*.html")):
        page = path.read_text(encoding="utf-8")
        formulas = _formulas(page)
        if formulas:
            todo.append((path, page, formulas))
    if not todo:
        return []
    answers = typeset_pages([formulas for _, _, formulas in todo], mathjax)
    for (path, _, _), answer in zip(todo, answers, strict=True):  # every page checked before any is written
        if "error" in answer:
            raise ExtensionError(
                f"static_maths: MathJax cannot read a formula of {path.relative_to(outdir)}: "
                f"{answer['error']}\n    {answer['tex']}"
            )
    for (path, page, _), answer in zip(todo, answers, strict=True):
        fonts = Path(os.path.relpath(outdir / FONTS, path.parent)).as_posix()
        style = f'<style id="nnbook-maths">{_compact(answer["css"]).replace(FONT_URL, fonts)}</style>\n'
        page = _replace(page, answer["html"])
        if "</head>" not in page:
            raise ExtensionError(f"static_maths: {path.relative_to(outdir)} has no </head> to put the style sheet in")
        page = page.replace("</head>", style + "</head>", 1)
        path.write_text(page, encoding="utf-8")
    return [path for path, _, _ in todo]


def _drop_mathjax(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """No page loads MathJax, nor the configuration Sphinx writes for it."""
    scripts = context.get("script_files")
    if not scripts:
        return
    path = app.config.mathjax_path
    names = {path, f"_static/{path}"} if path else set()  # the builder files a local path under _static/

    def is_mathjax(script) -> bool:
        filename = str(getattr(script, "filename", script) or "").split("?")[0]
        body = getattr(script, "attributes", {}).get("body", "")
        return filename in names or body.startswith("window.MathJax")

    scripts[:] = [script for script in scripts if not is_mathjax(script)]


def _typeset(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and app.builder.name == "html":
        typeset_site(Path(app.outdir))


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", _drop_mathjax, priority=950)
    # After the pages are written, before site_assets lightens and precompresses them (950, 990).
    app.connect("build-finished", _typeset, priority=800)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
