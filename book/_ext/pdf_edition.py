"""The PDF edition: what a printed page shows where the website has something to play with.

A PDF cannot hold a slider or a drawing pad. The book's interactive outputs therefore carry,
beside their web form, a PNG picture of their starting state (``nnbook.web.widgets`` and
``nnbook.web.digit_demo`` put it in their mime bundle), and myst-nb's LaTeX output picks that
picture. This extension adds, for the LaTeX builder only, one line under each such picture
saying where to play with it: the address of the same page on the book's website.

The website's address is Sphinx's ``html_baseurl`` (set once in ``_config.yml``). Without
it, it is worked out from the repository URL as its GitHub Pages address
(``https://github.com/ORG/REPO`` becomes ``https://ORG.github.io/REPO/``).

The transform runs before myst-nb's ``SelectMimeType`` (priority 4), while each output
still holds all of its formats, so it can tell an interactive output from a plain figure.

It also shapes the book as a printed book (after sphinx-jupyterbook-latex, priority 700,
has turned the table of contents' captions into parts):

- the numbering matches the website's: the chapters of the numbered parts (Parts 1 to 3)
  are 1, 2, 3, while "Before we start" and the appendices are unnumbered;
- parts are headed by their own names ("Part 1", "Appendices"), not "Part II: Part 1";
- the home page's words get a heading of their own after the table of contents.

The LaTeX for all this is ``nnbookpdf.sty`` beside this file, copied next to ``book.tex``.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

logger = logging.getLogger(__name__)

WIDGET = "application/vnd.jupyter.widget-view+json"
MODEL_ID = re.compile(r'"model_id"\s*:\s*"([0-9a-f]+)"')
TAG = re.compile(r"<[^>]+>")
FIGCAPTION = re.compile(r"<figcaption[^>]*>(.*?)</figcaption>", re.DOTALL)
ONLINE_LEAD = "Play with it online:"  # tests/test_pdf.py counts this phrase in the PDF
WIDGET_NOTE = "Interactive figure, printed at its starting position."
DEMO_NOTE = "Interactive demo, printed as a picture."
WELCOME_TITLE = "About this book"
STYLE = Path(__file__).with_name("nnbookpdf.sty")


def website_url(baseurl: str, repository_url: str) -> str:
    """The website's address, ending in a slash: ``html_baseurl``, else GitHub Pages of the repo."""
    if baseurl:
        return baseurl.rstrip("/") + "/"
    parts = urlsplit(repository_url or "")
    path = [p for p in parts.path.split("/") if p]
    if parts.hostname == "github.com" and len(path) >= 2:
        return f"https://{path[0]}.github.io/{path[1].removesuffix('.git')}/"
    return ""


def page_url(website: str, docname: str) -> str:
    """The web address of one page (Jupyter Book writes ``<docname>.html``)."""
    return f"{website}{docname}.html"


def pages_of(document: nodes.Element, wanted) -> dict[nodes.Node, str]:
    """For each node matching ``wanted``: the page it came from, in the one big document the
    LaTeX builder assembles.

    The builder wraps each included page in a ``start_of_file`` node naming it (but leaves
    the children's parent links pointing at the page's own document, so we search downwards:
    outer pages first, then the pages inside them, the innermost naming it last).
    """
    pages: dict[nodes.Node, str] = {}
    for start in document.findall(addnodes.start_of_file):
        for node in start.findall(wanted):
            pages[node] = start["docname"]
    return pages


def _mime_types(bundle: nodes.Element) -> dict[str, nodes.Element]:
    return {
        child["mime_type"]: child
        for child in bundle.children
        if isinstance(child, nodes.Element) and "mime_type" in child
    }


def interactive_kind(bundle: nodes.Element) -> str | None:
    """``"widget"``, ``"demo"`` (HTML that runs a script) or None, for one myst-nb mime bundle.

    Only outputs with a printable picture count: without one there is nothing to point from.
    """
    formats = _mime_types(bundle)
    if "image/png" not in formats:
        return None
    if WIDGET in formats:
        return "widget"
    html = formats.get("text/html")
    if html is not None and "<script" in html.astext():
        return "demo"
    return None


def widget_states(env, docname: str) -> dict:
    """The saved state of every widget on a page (myst-nb keeps it for the web page's script)."""
    js_files = getattr(env, "nb_metadata", {}).get(docname, {}).get("js_files", {})
    _, attributes = js_files.get("ipywidgets_state", (None, {}))
    body = attributes.get("body")
    return json.loads(body).get("state", {}) if body else {}


def widget_text(states: dict, model_id: str, bar_width: int = 10) -> str:
    """A widget's final state as one line of plain text, e.g. a finished progress bar
    ``epochs: 100% |##########| 60/60 [00:49<00:00, 1.57epoch/s]``.

    Boxes join their children; text widgets give their text; progress bars are drawn in
    ``#`` and ``-``. Anything else gives nothing.
    """
    model = states.get(model_id)
    if model is None:
        return ""
    name, state = model.get("model_name", ""), model.get("state", {})
    if "children" in state:
        parts = [widget_text(states, child.removeprefix("IPY_MODEL_"), bar_width) for child in state["children"]]
        return " ".join(part for part in parts if part)
    if name.endswith("ProgressModel"):
        top = float(state.get("max") or 0)
        full = round(bar_width * float(state.get("value") or 0) / top) if top > 0 else 0
        return "|" + "#" * full + "-" * (bar_width - full) + "|"
    text = str(state.get("value", "")) if name in {"HTMLModel", "LabelModel", "HTMLMathModel"} else ""
    text = " ".join(part for part in (state.get("description", ""), text) if part)
    return " ".join(html.unescape(TAG.sub("", text)).split())  # figure spaces and the like, too


def starting_caption(states: dict, model_id: str) -> str:
    """The caption an interactive figure shows at its starting position, as plain text.

    An interactive figure (``nnbook.web.widgets.InteractiveFigure``) is a box holding a slider and
    a Stack of frames; the Stack's selected frame is HTML whose ``<figcaption>`` says what the
    picture shows, e.g. "c = 0.50: 100 km becomes 50.0 miles". The printed picture is that
    frame, so its caption belongs under it. A figure with several sliders
    (``nnbook.web.slider_grid.SliderGrid``) nests Stacks; the selected one is followed down to
    its frame. Returns "" when there is none.
    """
    model = states.get(model_id)
    if model is None:
        return ""
    state = model.get("state", {})
    children = [child.removeprefix("IPY_MODEL_") for child in state.get("children", [])]
    if model.get("model_name") == "StackModel":
        index = state.get("selected_index")
        if not isinstance(index, int) or not 0 <= index < len(children):
            return ""
        selected = states.get(children[index], {})
        if selected.get("model_name") == "StackModel":  # a grid of sliders nests stacks
            return starting_caption(states, children[index])
        frame = selected.get("state", {})
        found = FIGCAPTION.search(str(frame.get("value", "")))
        return " ".join(html.unescape(TAG.sub("", found.group(1))).split()) if found else ""
    for child in children:
        caption = starting_caption(states, child)
        if caption:
            return caption
    return ""


def print_final_state(bundle: nodes.Element, states: dict) -> None:
    """Print a picture-less widget (a progress bar) as text of its final state.

    Its ``text/plain`` form is the state it started in, "0%", which is not what happened.
    """
    formats = _mime_types(bundle)
    found = MODEL_ID.search(formats[WIDGET].astext())
    text = widget_text(states, found.group(1)) if found else ""
    plain = formats.get("text/plain")
    if not text or plain is None:
        return
    for block in plain.findall(nodes.literal_block):
        block.children = []
        block += nodes.Text(text)
        break


def latex(code: str) -> nodes.raw:
    return nodes.raw("", code, format="latex")


def online_note(kind: str, url: str, plain_text: str = "", caption: str = "") -> list[nodes.Node]:
    """The printed line under an interactive output: what the picture shows (a figure's
    caption at its starting position), what it is, and where to play with it."""
    lead = WIDGET_NOTE if kind == "widget" else (plain_text.strip() or DEMO_NOTE)
    if caption:
        lead = f"{caption.rstrip('.')}. {lead}"
    paragraph = nodes.paragraph(classes=["nnbook-online-note"])
    paragraph += nodes.Text(f"{lead} {ONLINE_LEAD} ")
    paragraph += nodes.reference(url, url, refuri=url)
    return [latex(r"\begin{nnbookonline}"), paragraph, latex(r"\end{nnbookonline}")]


class PointToTheWebsite(SphinxPostTransform):
    """Add the "play with it online" line after each interactive output (LaTeX only), and
    print other widgets (progress bars) as their final state."""

    default_priority = 3  # before myst-nb's SelectMimeType (4) drops the web formats
    builders = ("latex",)

    def run(self, **kwargs) -> None:
        config = self.app.config
        website = website_url(config.html_baseurl, config.html_theme_options.get("repository_url", ""))
        if not website:
            logger.warning(
                "[pdf_edition] no html_baseurl and no GitHub repository URL: "
                "the PDF cannot say where to play with the interactive figures"
            )
            return

        def is_bundle(node: nodes.Node) -> bool:
            return isinstance(node, nodes.container) and node.get("nb_element") == "mime_bundle"

        pages = pages_of(self.document, is_bundle)
        for bundle in list(self.document.findall(is_bundle)):
            kind = interactive_kind(bundle)
            if kind is None:
                if WIDGET in _mime_types(bundle):
                    print_final_state(bundle, widget_states(self.env, pages.get(bundle, self.env.docname)))
                continue
            formats = _mime_types(bundle)
            plain = formats.get("text/plain")
            docname = pages.get(bundle, self.env.docname)
            url = page_url(website, docname)
            caption = ""
            if kind == "widget":
                found = MODEL_ID.search(formats[WIDGET].astext())
                caption = starting_caption(widget_states(self.env, docname), found.group(1)) if found else ""
            note = online_note(kind, url, plain.astext() if (kind == "demo" and plain is not None) else "", caption)
            parent = bundle.parent
            position = parent.index(bundle) + 1
            parent[position:position] = note


def part_numbering(root_doctree: nodes.document) -> dict[str, bool]:
    """Caption -> whether that part of the table of contents is numbered (``numbered: true``)."""
    return {
        toctree["caption"]: bool(toctree.get("numbered"))
        for toctree in root_doctree.findall(addnodes.toctree)
        if toctree.get("caption")
    }


def matter_command(numbered: bool, seen_numbered: bool) -> str:
    """The nnbookpdf.sty switch for a part: front matter, numbered main matter, or back matter."""
    if numbered:
        return r"\nnbookmainmatter"
    return r"\nnbookbackmatter" if seen_numbered else r"\nnbookfrontmatter"


class ShapeTheBook(SphinxPostTransform):
    """Numbering as on the website, plain part headings, a heading for the home page's words."""

    default_priority = 750  # after sphinx-jupyterbook-latex made the parts (700)
    builders = ("latex",)

    def run(self, **kwargs) -> None:
        root = self.config.root_doc
        if self.env.docname != root:
            return
        numbering = part_numbering(self.env.get_doctree(root))
        seen_numbered = False
        for start in list(self.document.findall(addnodes.start_of_file)):
            caption = start.get("docname")
            if caption not in numbering or caption in self.env.all_docs:
                continue
            section = next((c for c in start.children if isinstance(c, nodes.section)), None)
            if section is None:
                continue
            numbered = numbering[caption]
            section.insert(0, latex(matter_command(numbered, seen_numbered)))
            seen_numbered = seen_numbered or numbered
        # The home page's own words come first, in the top section, right after its title.
        top = next(iter(self.document.findall(nodes.section)), None)
        if top is not None and top.children and isinstance(top[0], nodes.title):
            top.insert(1, latex(rf"\nnbookwelcome{{{WELCOME_TITLE}}}"))


# Jupyter Book's LaTeX class (sphinx-jupyterbook-latex) loads the package bbm for blackboard
# bold letters the book never uses; on Debian it comes only with texlive-fonts-extra (1.4 GB).
# This stand-in, written next to book.tex, lets the class load with the usual TeX Live packages.
BBM_STAND_IN = r"""\NeedsTeXFormat{LaTeX2e}
\ProvidesPackage{bbm}[2026/01/01 stand-in written by book/_ext/pdf_edition.py]
\RequirePackage{amssymb}
\providecommand{\mathbbm}[1]{\mathbb{#1}}
"""


def _write_latex_support(app: Sphinx) -> None:
    if app.builder.format == "latex":
        Path(app.outdir).mkdir(parents=True, exist_ok=True)
        Path(app.outdir, "bbm.sty").write_text(BBM_STAND_IN, encoding="utf-8")
        Path(app.outdir, STYLE.name).write_text(STYLE.read_text(encoding="utf-8"), encoding="utf-8")


def _load_style(app: Sphinx, config) -> None:
    """Load nnbookpdf.sty last in the preamble (after sphinx-jupyterbook-latex's additions)."""
    elements = config.latex_elements
    elements["preamble"] = elements.get("preamble", "") + "\n\\usepackage{nnbookpdf}\n"


def setup(app: Sphinx) -> dict:
    app.add_post_transform(PointToTheWebsite)
    app.add_post_transform(ShapeTheBook)
    app.connect("config-inited", _load_style, priority=900)
    app.connect("builder-inited", _write_latex_support)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
