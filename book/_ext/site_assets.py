"""Page assets of the website: our own small script and styles, one fix to the page head.

- ``nnbook.js`` (in ``book/_assets``) loads before the widget manager: it tells the widget
  manager where its fonts are, and names
  the sliders and the table of contents' open/close arrows for screen readers.
- ``nnbook.css`` (also in ``book/_assets``) adjusts a few of the theme's styles.
- ``index.html`` at the top of the site, which only sends a visitor on to the root page, is
  a small complete page (language, title, icon, a link) rather than the bare redirect line
  sphinx-external-toc writes when the file is missing; the browser then asks for no
  ``/favicon.ico``, which would be a 404.
- A change to ``book/_assets`` or to our extensions in ``book/_ext`` rewrites every page (no
  page runs again). Sphinx would otherwise see no page out of date, skip copying static
  files, and keep serving the old script, styles or downloadable notebooks.
- Scripts that an extension registered twice are kept once.
- One search field per page, in the sidebar (a button in the article's header on phones).
  pydata-sphinx-theme 0.17 adds another to its own header bar unless ``navbar_persistent``
  is set, and sphinx-book-theme 1.3 does not set it: two search boxes on every page.
- The "previous"/"next" links name the index "Index": the page ``genindex`` has no heading of
  its own (see genindex.md), so Sphinx called it "<no title>" at the foot of the glossary.
- sphinx-thebe's loader is removed from every page. Jupyter Book 1 always adds it, even with
  ``launch_buttons.thebe: false``: an inline script naming thebe 0.8.2 on unpkg.com and
  ``sphinx-thebe.js``, which would fetch it. The site must never point at another host, and
  the in-page Python of ``live_code.py`` takes Thebe's place.

The weight of a first visit (issue 15: at most 1.0 MB gzipped for any page, measured by
``tools/page_weight.py`` and ``tests/test_page_weight.py``):

- The widget manager (``widgets/embed-amd.js``, 3.6 MB, 0.9 MB gzipped, and require.js before
  it) is named in the page but not loaded with it: its script tags get the type
  ``nnbook/deferred``, which no browser runs or fetches, and ``nnbook.js`` turns them into
  real scripts when an interactive figure comes near the screen (or the reader presses Tab,
  or prints). The widget state stays in the page, so the sliders are the same ipywidgets.
- The theme's ``fontawesome.js`` (1.5 MB, 0.54 MB gzipped) is dropped from every page: it
  swaps each icon for an SVG drawing, but the theme's style sheet already draws the same icons
  from Font Awesome's web fonts. (The one icon from the "brands" font, GitHub's, is drawn from
  the solid font instead by ``nnbook.css``, so that font's 118 kB never load.)
- Pictures in the article load when they come near the screen (``loading="lazy"``).
- Every large text file of the site gets a gzipped copy beside it (``name.gz``, level 9), for
  a server that can send precompressed files (nginx's ``gzip_static on``, Apache's
  ``mod_rewrite`` recipe, ``caddy file_server { precompressed gzip }``). GitHub Pages ignores
  them and compresses on the fly, which is why the budget is counted in gzipped bytes.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import os
import re
from pathlib import Path

from sphinx.application import Sphinx

BOOK = Path(__file__).resolve().parents[1]
ASSETS = BOOK / "_assets"
EXTENSIONS = BOOK / "_ext"


def _assets_digest() -> str:
    """A hash of book/_assets and of our extensions: part of the HTML configuration, so a
    change to either rewrites every page."""
    digest = hashlib.sha256()
    files = [p for p in ASSETS.rglob("*") if p.is_file()]
    files += [p for p in EXTENSIONS.glob("*") if p.suffix in {".py", ".sty"}]
    for path in sorted(files):
        digest.update(path.relative_to(BOOK).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _unique_scripts(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    scripts = context.get("script_files")
    if not scripts:
        return
    seen: set[tuple] = set()
    unique = []
    for script in scripts:
        if _is_thebe(script):
            continue
        # the same inline script arrives once with filename None and once with "": one key for both
        key = (getattr(script, "filename", script) or "", tuple(sorted(getattr(script, "attributes", {}).items())))
        if key in seen:
            continue
        seen.add(key)
        unique.append(_deferred(script))
    scripts[:] = unique


DEFERRED_SCRIPTS = ("widgets/require.js", "widgets/embed-amd.js")
DEFERRED_TYPE = "nnbook/deferred"


def _deferred(script):
    """The widget manager's scripts, marked so that the browser leaves them until nnbook.js asks."""
    from sphinx.builders.html._assets import _JavaScript

    filename = str(getattr(script, "filename", "") or "")
    if not isinstance(script, _JavaScript) or not filename.endswith(DEFERRED_SCRIPTS):
        return script
    attributes = {key: value for key, value in script.attributes.items() if key not in {"defer", "async"}}
    return _JavaScript(script.filename, priority=script.priority, **{**attributes, "type": DEFERRED_TYPE})


def _is_thebe(script) -> bool:
    filename = getattr(script, "filename", script) or ""
    body = getattr(script, "attributes", {}).get("body", "")
    return "thebe" in str(filename) or "THEBE_JS_URL" in body


def _drop_thebe_config(app: Sphinx, doctree, docname: str) -> None:
    """Remove what sphinx-thebe appends to every page body: its config block and ``kernelName``."""
    from docutils import nodes

    for node in list(doctree.findall(nodes.raw)):
        if "x-thebe-config" in node.astext() or "kernelName = " in node.astext():
            node.parent.remove(node)


def _drop_thebe_files(app: Sphinx, exception: Exception | None) -> None:
    """No page loads sphinx-thebe's script and styles: do not publish them either."""
    if exception is None and app.builder.name == "html":
        for name in ("sphinx-thebe.js", "sphinx-thebe.css"):
            (Path(app.outdir) / "_static" / name).unlink(missing_ok=True)


def _drop_thebe_styles(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    styles = context.get("css_files")
    if styles:
        styles[:] = [css for css in styles if "thebe" not in str(getattr(css, "filename", css))]


def _one_search_field(app: Sphinx, config) -> None:
    """Keep the theme's header bar free of a second search field (the sidebar has one)."""
    options = config.html_theme_options
    if options is None:
        config.html_theme_options = options = {}
    options.setdefault("navbar_persistent", [])


_NO_TITLE = "&lt;no title&gt;"
_UNTITLED_PAGES = {"genindex": "Index"}


def _name_untitled_neighbours(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Give the previous/next links a title where the page they lead to has none."""
    for key in ("prev", "next"):
        link = context.get(key)
        if not link or link.get("title") not in (_NO_TITLE, "<no title>"):
            continue
        target = link.get("link", "").split("#")[0].rsplit("/", 1)[-1].removesuffix(".html")
        if target in _UNTITLED_PAGES:
            context[key] = {**link, "title": _UNTITLED_PAGES[target]}


_REDIRECT = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{title}</title>
<meta http-equiv="Refresh" content="0; url={target}">
<link rel="icon" href="{icon}">
</head>
<body>
<p><a href="{target}">Open the book: {title}</a></p>
</body>
</html>
"""


def _write_redirect(app: Sphinx, exception: Exception | None) -> None:
    """Write the site's top index.html (before sphinx-external-toc would write a bare one)."""
    if exception is not None or app.builder.name != "html" or app.config.root_doc == "index":
        return
    icon = f"_static/{Path(app.config.html_favicon).name}" if app.config.html_favicon else ""
    page = _REDIRECT.format(
        lang=html.escape(app.config.language or "en"),
        title=html.escape(app.config.project),
        target=html.escape(f"{app.config.root_doc}.html"),
        icon=html.escape(icon),
    )
    (Path(app.outdir) / "index.html").write_text(page, encoding="utf-8")


_FONTAWESOME_JS = re.compile(r'<script defer src="[^"]*_static/scripts/fontawesome\.js[^"]*"></script>\s*')
_IMG = re.compile(r"<img (?![^>]*\bloading=)")
# pydata-sphinx-theme loads Sphinx's search and the whole search index on every page, for a
# search-as-you-type box that this site does not switch on: the search page has its own.
_SEARCH_TOOLS = re.compile(
    r'\s*<script src="[^"]*(?:_static/searchtools\.js|_static/language_data\.js|searchindex\.js)"></script>'
)
# An external script in the head that neither waits (defer/async) nor is left for later
# (nnbook/deferred). documentation_options.js stays as it is: inline lines after it use it.
_BLOCKING_SCRIPT = re.compile(
    r'<script (?![^>]*\b(?:defer|async|type=)[^>]*>)(?=[^>]*\bsrc=")(?![^>]*documentation_options)'
)
# myst-nb names every "Show code cell output" toggle "Toggle hidden content", a name that does
# not hold its visible words (WCAG 2.5.3, "label in name"): without it, the name is the words.
_HIDDEN_OUTPUT_TOGGLE = '<summary aria-label="Toggle hidden content">'
_WIDGET_STATE = re.compile(r'\s*<script type="application/vnd\.jupyter\.widget-state\+json">.*?</script>', re.S)
PRECOMPRESSED = {".html", ".js", ".css", ".svg", ".json", ".txt", ".xml", ".map", ".wasm", ".mjs", ".ttf", ".eot"}
PRECOMPRESS_FROM = 1400  # bytes: smaller files fit in one packet anyway


_WIDGET_VIEW = re.compile(r'<script type="application/vnd\.jupyter\.widget-view\+json">(?P<view>.*?)</script>', re.S)
_STATE_JSON = re.compile(r'<script type="application/vnd\.jupyter\.widget-state\+json">(.*?)</script>', re.S)


def _js_number(value: float) -> str:
    """A number as JavaScript prints it (100, not 100.0; 33.333333333333336 as it is)."""
    number = float(value)
    return str(int(number)) if number.is_integer() else repr(number)


def _saved_drawing(state: dict, model_id: str) -> str | None:
    """The still drawing of one widget, from its saved state, which ``nnbook.js`` shows until the manager comes.

    A progress bar (HBox of HTML, FloatProgress, HTML) is drawn for good. A slider figure (VBox
    of a SelectionSlider and a Stack of pictures) is drawn as a picture of its slider and the
    picture it starts on, marked ``data-nnbook-waiting`` until the widget manager replaces it.
    Anything else: None (the widget manager draws it when it comes).
    """
    root = state.get(model_id)
    if not root:
        return None

    def model(ref: object) -> dict:
        return state.get(str(ref).removeprefix("IPY_MODEL_"), {"model_name": "", "state": {}})

    children = [model(ref) for ref in root["state"].get("children", [])]
    names = " ".join(child.get("model_name", "") for child in children)
    if root.get("model_name") == "HBoxModel" and names == "HTMLModel FloatProgressModel HTMLModel":
        bar = children[1]["state"]
        return (
            '<div class="nnbook-saved-widget nnbook-saved-progress">'
            f"<span>{children[0]['state'].get('value', '')}</span>"
            f'<progress max="{_js_number(bar["max"])}" value="{_js_number(bar["value"])}"></progress>'
            f"<span>{children[2]['state'].get('value', '')}</span></div>"
        )
    slider = next((c["state"] for c in children if c.get("model_name") == "SelectionSliderModel"), None)
    stack = next((c["state"] for c in children if c.get("model_name") == "StackModel"), None)
    if root.get("model_name") != "VBoxModel" or slider is None or stack is None:
        return None
    frames = stack.get("children") or []
    index = stack.get("selected_index")
    shown = model(frames[index]) if isinstance(index, int) and 0 <= index < len(frames) else None
    labels = slider.get("_options_labels") or []
    at = 100 * slider["index"] / (len(labels) - 1) if len(labels) > 1 else 0
    label = labels[slider["index"]] if 0 <= slider["index"] < len(labels) else ""
    return (
        '<div class="nnbook-saved-widget nnbook-preview" data-nnbook-waiting="">'
        '<div class="nnbook-preview-slider" aria-hidden="true">'
        f"<span>{html.escape(slider.get('description') or '', quote=False)}</span>"
        f'<span class="nnbook-preview-track"><span class="nnbook-preview-handle" style="left:{_js_number(at)}%">'
        f"</span></span><span>{html.escape(label, quote=False)}</span></div>"
        f"{shown['state'].get('value', '') if shown else ''}</div>"
    )


def draw_saved_widgets(page: str) -> str:
    """Each widget of the page drawn from its saved state, before the widget manager comes.

    ``nnbook.js`` used to do this as the page opened, and moving every figure into place
    then made the browser lay the whole page out again (on 1.14, about 0.4 s of a phone's
    time at Lighthouse's 4x slowdown, plus reading 0.5 MB of JSON). Written into the page here,
    the drawings are part of its first layout. Safe to repeat: a widget already drawn is left.
    """
    views = list(_WIDGET_VIEW.finditer(page))
    if not views:
        return page
    state: dict = {}
    for block in _STATE_JSON.findall(page):
        try:
            state.update(json.loads(block)["state"])
        except (ValueError, KeyError, TypeError):
            continue  # a state we cannot read: the widget manager will say why
    pieces, done = [], 0
    for view in views:
        drawn = None
        try:
            model_id = json.loads(view["view"])["model_id"]
            if f'data-nnbook-for="{model_id}"' not in page:
                drawn = _saved_drawing(state, model_id)
        except (ValueError, KeyError, TypeError, IndexError):
            drawn = None
        if drawn:
            drawn = drawn.replace("<div ", f'<div data-nnbook-for="{model_id}" ', 1)
        pieces += [page[done : view.start()], drawn or "", view[0]]
        done = view.end()
    return "".join(pieces) + page[done:]


def lighten(page: str, search_page: bool = False) -> str:
    """One page, lighter for a first visit (see the module's docstring). Safe to repeat.

    - fontawesome.js goes; pictures in the article load lazily.
    - The search tools and index go, except from the search page.
    - The head's scripts wait for the page to be parsed (``defer``, which keeps their order)
      instead of holding back its first paint.
    - The widget state (up to hundreds of kB on a page of sliders) moves from the head to the
      end of the body: the text is drawn first, and the widget manager, which reads the state
      from wherever it is, comes later anyway.
    - A hidden cell output's toggle is named by its own words ("Show code cell output").
    """
    page = _FONTAWESOME_JS.sub("", page).replace(_HIDDEN_OUTPUT_TOGGLE, "<summary>")
    head, marker, body = page.partition("</head>")
    if not marker:
        return page
    if not search_page:
        head = _SEARCH_TOOLS.sub("", head)
    head = _BLOCKING_SCRIPT.sub('<script defer="defer" ', head)
    states = _WIDGET_STATE.findall(head)
    if states:
        head = _WIDGET_STATE.sub("", head)
        body, closing, rest = body.rpartition("</body>")
        body = body + "".join(states) + "\n" + closing + rest
    body = draw_saved_widgets(body)
    if 'class="bd-article' in body:
        before, _, article = body.partition('class="bd-article')
        body = before + 'class="bd-article' + _IMG.sub('<img loading="lazy" ', article)
    return head + marker + body


STATE_FOLDER = "_static/nnbook/state"  # the widget states of the pages, one file each


def move_widget_state(page: str, page_path: Path, outdir: Path) -> str:
    """The page with its widget state in a file of its own, fetched with the widget manager.

    The state holds every picture of every slider position (0.5 MB on 1.14): the browser
    read it all as the page opened although only the widget manager, which comes when a
    reader reaches a figure, needs it (the still drawings are in the page already, see
    :func:`draw_saved_widgets`). It goes to ``_static/nnbook/state/<sha256>.json``, and an
    empty ``<script type="nnbook/widget-state" data-src="...">`` stays, which ``nnbook.js``
    fills in before it loads the widget manager. Safe to repeat.
    """

    def move(block: re.Match[str]) -> str:
        text = block[1]
        name = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16] + ".json"
        target = outdir / STATE_FOLDER / name
        if not target.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        source = html.escape(Path(os.path.relpath(target, page_path.parent)).as_posix())
        return f'<script type="nnbook/widget-state" data-src="{source}"></script>'

    return _STATE_JSON.sub(move, page)


def _lighten_pages(app: Sphinx, exception: Exception | None) -> None:
    """Lighten every written page (:func:`lighten`).

    Done on the written files, since the theme writes these tags in its own templates.
    """
    if exception is not None or app.builder.name != "html":
        return
    outdir = Path(app.outdir)
    for page in outdir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        lighter = move_widget_state(lighten(text, search_page=page == outdir / "search.html"), page, outdir)
        if lighter != text:
            page.write_text(lighter, encoding="utf-8")


def _precompress(app: Sphinx, exception: Exception | None) -> None:
    """Write ``name.gz`` beside every large text file whose copy is missing or older."""
    if exception is not None or app.builder.name != "html":
        return
    for folder, _, names in os.walk(app.outdir):
        for name in names:
            path = Path(folder) / name
            if path.suffix not in PRECOMPRESSED:
                continue
            packed = path.with_name(name + ".gz")
            stat = path.stat()
            if stat.st_size < PRECOMPRESS_FROM or (packed.exists() and packed.stat().st_mtime >= stat.st_mtime):
                continue
            packed.write_bytes(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))


def setup(app: Sphinx) -> dict:
    app.add_config_value("nnbook_assets_digest", _assets_digest(), "html")
    app.add_js_file("nnbook.js", priority=100)
    app.add_css_file("nnbook.css")
    app.connect("config-inited", _one_search_field)  # before the theme reads its options
    app.connect("html-page-context", _name_untitled_neighbours)
    app.connect("html-page-context", _unique_scripts, priority=900)  # after every extension adds its own
    app.connect("html-page-context", _drop_thebe_styles, priority=900)
    app.connect("doctree-resolved", _drop_thebe_config, priority=900)
    app.connect("build-finished", _write_redirect, priority=100)
    app.connect("build-finished", _drop_thebe_files, priority=900)  # before sphinx-external-toc's (500)
    app.connect("build-finished", _lighten_pages, priority=950)
    app.connect("build-finished", _precompress, priority=990)  # last: after every file is written
    return {"parallel_read_safe": True, "parallel_write_safe": True}
