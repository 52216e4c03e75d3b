"""What the build does to make pages quick on a phone (issue 15), piece by piece.

- ``book/_ext/static_maths.py`` typesets the formulas with MathJax under Node.js, so no page
  runs MathJax;
- ``book/_ext/site_assets.py``'s ``lighten`` drops the unused search scripts, defers the head's
  scripts and moves the widget state to the end of the body;
- ``book/_ext/icon_fonts.py`` cuts the icon font down to the icons in use.

The built site itself is checked by ``tests/test_site.py``, ``tests/test_phone.py`` and
``tests/test_page_weight.py``; these tests use small pages of their own.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "book" / "_ext"))

from sphinx.errors import ExtensionError  # noqa: E402

import icon_fonts  # noqa: E402
import site_assets  # noqa: E402
import static_maths  # noqa: E402

PAGE = """<!DOCTYPE html>
<html><head>
<title>t</title>
</head><body>
<p>Inline <span class="math notranslate nohighlight">\\(x^2 &lt; \\frac{1}{2}\\)</span> text.</p>
<div class="math notranslate nohighlight" id="equation-a">
<span class="eqno">(1.1)<a class="headerlink" href="#equation-a">#</a></span>
\\[\\mathbf{W} \\cdot \\color{red}{e}\\]</div>
<p>Not maths: \\(left alone\\) and <code>\\[</code>.</p>
</body></html>
"""


def need_node_and_mathjax() -> None:
    if shutil.which("node") is None:
        pytest.skip("Node.js is not installed")
    if not (static_maths.MATHJAX / "node-main.js").is_file():
        pytest.skip("MathJax is not vendored yet (make vendor)")


def a_site(tmp_path: Path, pages: dict[str, str]) -> Path:
    (tmp_path / static_maths.FONTS).mkdir(parents=True)
    for name, text in pages.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


# ----------------------------------------------------------------------------- static_maths


def test_formulas_are_found_only_inside_math_elements() -> None:
    assert static_maths._formulas(PAGE) == [
        ("x^2 < \\frac{1}{2}", False),
        ("\\mathbf{W} \\cdot \\color{red}{e}", True),
    ]


def test_a_page_is_typeset_with_its_own_style_sheet_and_hidden_mathml(tmp_path: Path) -> None:
    need_node_and_mathjax()
    site = a_site(tmp_path, {"book/part1/page.html": PAGE})
    changed = static_maths.typeset_site(site)
    page = (site / "book/part1/page.html").read_text()
    assert changed == [site / "book/part1/page.html"]
    assert page.count("<mjx-container") == 2
    assert page.count("<mjx-assistive-mml") == 2, "screen readers read the hidden MathML"
    assert 'display="true"' in page
    assert "<mi>x</mi>" in page and 'mathcolor="red"' in page
    assert '<span class="eqno">(1.1)' in page, "the equation number stays"
    assert "\\(x^2" not in page and "\\frac" not in page
    assert "\\(left alone\\)" in page, "TeX outside a math element is not maths"
    style = page[page.index('<style id="nnbook-maths">') : page.index("</head>")]
    assert 'url("../../_static/mathjax/fonts/MathJax_Main-Regular.woff")' in style, "fonts are found from the page"
    assert static_maths.FONT_URL not in page
    assert "tabindex" not in page, "no formula is a tab stop"


def test_typesetting_again_changes_nothing(tmp_path: Path) -> None:
    need_node_and_mathjax()
    site = a_site(tmp_path, {"a.html": PAGE, "plain.html": "<html><head></head><body>no maths</body></html>"})
    assert static_maths.typeset_site(site) == [site / "a.html"]
    once = (site / "a.html").read_text()
    assert static_maths.typeset_site(site) == []
    assert (site / "a.html").read_text() == once
    assert (site / "plain.html").read_text() == "<html><head></head><body>no maths</body></html>"


def test_a_formula_mathjax_cannot_read_stops_the_build_and_names_its_page(tmp_path: Path) -> None:
    need_node_and_mathjax()
    broken = PAGE.replace("\\frac{1}{2}", "\\frac{1}{")
    site = a_site(tmp_path, {"a-ok.html": PAGE, "broken.html": broken, "z-ok.html": PAGE})
    with pytest.raises(ExtensionError, match=r"broken\.html.*\n.*\\frac\{1\}\{"):
        static_maths.typeset_site(site)
    assert (site / "broken.html").read_text() == broken, "a failed run writes no page"
    assert (site / "a-ok.html").read_text() == PAGE and (site / "z-ok.html").read_text() == PAGE


def test_missing_fonts_or_mathjax_are_clear_errors(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(PAGE)
    with pytest.raises(ExtensionError, match="fonts are missing"):
        static_maths.typeset_site(tmp_path)
    with pytest.raises(ExtensionError, match="make vendor"):
        static_maths.typeset_pages([[("x", False)]], mathjax=tmp_path / "nowhere")


def test_the_style_sheet_is_compacted_without_changing_its_rules() -> None:
    css = (
        'mjx-c.mjx-c2C::before {\n  padding: 0.121em 0.278em 0.194em 0;\n  content: ",";\n}\n\n'
        "@font-face /* 0 */ {\n  font-family: MJXZERO;\n}"
    )
    assert static_maths._compact(css) == (
        'mjx-c.mjx-c2C::before{padding: 0.121em 0.278em 0.194em 0;content: ",";}@font-face{font-family: MJXZERO;}'
    )


# ----------------------------------------------------------------------------- lighten

HEAD = """<html><head>
<script data-cfasync="false">document.documentElement.dataset.mode = "auto";</script>
<script src="../_static/nnbook.js?v=1"></script>
<script src="../_static/documentation_options.js?v=2"></script>
<script>DOCUMENTATION_OPTIONS.pagename = 'x';</script>
<script defer="defer" src="../_static/live.js"></script>
<script type="nnbook/deferred" src="../_static/widgets/require.js"></script>
<script type="application/vnd.jupyter.widget-state+json">{"state": {}}</script>
<script src="../_static/searchtools.js"></script>
<script src="../_static/language_data.js"></script>
<script src="../searchindex.js"></script>
</head><body><div class="bd-article"><img src="a.png">
<details class="admonition hide below-input"><summary aria-label="Toggle hidden content">
<p class="collapsed admonition-title">Show code cell output</p></summary></details></div>
</body></html>"""


def test_lighten_defers_head_scripts_but_keeps_their_order_and_the_inline_ones() -> None:
    page = site_assets.lighten(HEAD)
    head = page[: page.index("</head>")]
    assert '<script defer="defer" src="../_static/nnbook.js?v=1">' in head
    assert '<script src="../_static/documentation_options.js?v=2">' in head, "inline lines below use it at once"
    assert '<script data-cfasync="false">' in head
    assert head.index("nnbook.js") < head.index("live.js")
    assert '<script type="nnbook/deferred" src="../_static/widgets/require.js">' in head


def test_lighten_drops_the_search_scripts_except_on_the_search_page() -> None:
    assert "search" not in site_assets.lighten(HEAD)
    kept = site_assets.lighten(HEAD, search_page=True)
    assert "searchindex.js" in kept and "searchtools.js" in kept


def test_lighten_moves_the_widget_state_to_the_end_of_the_body() -> None:
    page = site_assets.lighten(HEAD)
    head, body = page.split("</head>")
    assert "widget-state" not in head
    assert body.index("widget-state+json") > body.index("bd-article") and body.rstrip().endswith("</body></html>")
    assert '<img loading="lazy" src="a.png">' in body


def test_a_hidden_output_s_toggle_is_named_by_its_words() -> None:
    assert "Toggle hidden content" not in site_assets.lighten(HEAD)
    assert '<summary>\n<p class="collapsed admonition-title">Show code cell output' in site_assets.lighten(HEAD)


def test_lighten_is_safe_to_repeat() -> None:
    once = site_assets.lighten(HEAD)
    assert site_assets.lighten(once) == once


# ----------------------------------------------------------------------------- icon_fonts

CSS = (
    '.fa-bars:before,.fa-navicon:before{content:"\\f0c9"}'
    '.fa-rocket:before{content:"\\f135"}'
    '.fa-unused:before{content:"\\f000"}'
    ':root{--pst-icon-bell:"\uf0f3"}'
    '.admonition-title:after{content:"\\f06a";font:var(--fa-font-solid)}'
)


def test_icons_in_css_tells_icon_classes_from_rules_that_draw_an_icon() -> None:
    by_name, elsewhere = icons_in_css = icon_fonts.icons_in_css(CSS)
    assert by_name == {"bars": {0xF0C9}, "navicon": {0xF0C9}, "rocket": {0xF135}, "unused": {0xF000}}
    assert elsewhere == {0xF0F3, 0xF06A}, icons_in_css


def test_icons_in_use_are_those_named_by_pages_and_scripts_and_those_rules_draw(tmp_path: Path) -> None:
    a_site(tmp_path, {"_static/theme.css": CSS, "page.html": '<i class="fa-solid fa-bars"></i>', "s.js": '"fa-rocket"'})
    (tmp_path / "_static/widgets").mkdir()
    (tmp_path / "_static/widgets/w.js").write_text('"fa-unused"')  # the widgets' own font
    assert icon_fonts.icons_in_use(tmp_path) == {0xF0C9, 0xF135, 0xF0F3, 0xF06A}


def test_the_theme_css_keeps_the_rules_of_icons_in_use_and_every_other_rule() -> None:
    trimmed = icon_fonts.trim_css(CSS + "@media (min-width:960px){.fa-lg{font-size:1.25em}}", {"navicon", "lg"})
    assert '.fa-bars:before,.fa-navicon:before{content:"\\f0c9"}' in trimmed, "one name in use keeps the rule"
    assert "fa-rocket" not in trimmed and "fa-unused" not in trimmed
    assert ":root{--pst-icon-bell:" in trimmed and ".admonition-title:after" in trimmed
    assert trimmed.endswith("@media (min-width:960px){.fa-lg{font-size:1.25em}}")


def test_icons_in_use_read_the_theme_s_own_css_not_the_trimmed_copy(tmp_path: Path) -> None:
    a_site(tmp_path, {str(icon_fonts.THEME_CSS): "", "page.html": '<i class="fa-solid fa-rocket"></i>'})
    assert icon_fonts.icons_in_use(tmp_path, CSS) == {0xF135, 0xF0F3, 0xF06A}


def test_the_cut_font_holds_exactly_the_icons_asked_for(tmp_path: Path) -> None:
    from fontTools.ttLib import TTFont

    pytest.importorskip("brotli")
    source = icon_fonts.theme_fonts() / "fa-solid-900.woff2"
    target = tmp_path / "fa-solid-900.woff2"
    icon_fonts.subset_font(source, target, {0xF0C9, 0xF135})
    assert target.stat().st_size < source.stat().st_size / 10
    assert set(TTFont(str(target)).getBestCmap()) == {0xF0C9, 0xF135}
    assert not list(tmp_path.glob("*.partial"))


def test_no_page_loads_mathjax_with_or_without_formulas() -> None:
    """Sphinx adds MathJax to every page when myst-nb asks for all assets; it is taken off."""
    from types import SimpleNamespace

    from sphinx.builders.html._assets import _JavaScript

    app = SimpleNamespace(config=SimpleNamespace(mathjax_path="mathjax/tex-chtml.js"))
    scripts = [
        _JavaScript("_static/nnbook.js"),
        _JavaScript(None, body='window.MathJax = {"tex": {}}'),
        _JavaScript("_static/mathjax/tex-chtml.js", defer="defer"),
        _JavaScript("_static/doctools.js"),
    ]
    context = {"script_files": scripts}
    static_maths._drop_mathjax(app, "page", "page.html", context, None)
    assert [script.filename for script in context["script_files"]] == ["_static/nnbook.js", "_static/doctools.js"]


def test_the_built_site_has_no_mathjax_script_and_no_tex_left(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 50
    running = [str(page.relative_to(site)) for page in pages if "tex-chtml.js" in page.read_text(encoding="utf-8")]
    assert not running, f"pages that still load MathJax: {running}"
    untypeset = [
        str(page.relative_to(site)) for page in pages if static_maths._formulas(page.read_text(encoding="utf-8"))
    ]
    assert not untypeset, f"pages with formulas left as TeX: {untypeset}"
    assert not (site / "_static" / "mathjax" / "tex-chtml.js").exists(), "the site still publishes MathJax"
    fonts = {path.name for path in (site / static_maths.FONTS).glob("*.woff")}
    assert "MathJax_Main-Regular.woff" in fonts and "MathJax_Math-Italic.woff" in fonts


# ----------------------------------------------------------------------------- saved widget drawings


def _widget_page(state: dict, ids: list[str]) -> str:
    views = "".join(
        f'<div class="cell_output"><script type="application/vnd.jupyter.widget-view+json">'
        f'{{"model_id": "{model_id}", "version_major": 2, "version_minor": 0}}</script></div>'
        for model_id in ids
    )
    blob = json.dumps({"state": state, "version_major": 2, "version_minor": 0})
    return (
        f'<html><head></head><body><article class="bd-article">{views}</article>'
        f'<script type="application/vnd.jupyter.widget-state+json">{blob}</script></body></html>'
    )


def _model(name: str, **state: object) -> dict:
    return {"model_name": name, "model_module": "@jupyter-widgets/controls", "state": state}


WIDGETS = {
    "fig": _model("VBoxModel", children=["IPY_MODEL_slider", "IPY_MODEL_stack"]),
    "slider": _model("SelectionSliderModel", description="c <", index=1, _options_labels=["0.50", "0.55", "0.60"]),
    "stack": _model("StackModel", children=["IPY_MODEL_f0", "IPY_MODEL_f1"], selected_index=1),
    "f0": _model("HTMLModel", value="<p>first</p>"),
    "f1": _model("HTMLModel", value='<div class="nnbook-frame"><svg></svg></div>'),
    "bar": _model("HBoxModel", children=["IPY_MODEL_b0", "IPY_MODEL_b1", "IPY_MODEL_b2"]),
    "b0": _model("HTMLModel", value="epochs: 100%"),
    "b1": _model("FloatProgressModel", max=5.0, value=5.0),
    "b2": _model("HTMLModel", value=" 5/5"),
    "other": _model("IntSliderModel", value=3),
}


def test_widgets_are_drawn_from_their_saved_state_into_the_page() -> None:
    page = site_assets.draw_saved_widgets(_widget_page(WIDGETS, ["fig", "bar", "other"]))
    figure = page[page.index('data-nnbook-for="fig"') - 5 : page.index('"model_id": "fig"')]
    assert 'class="nnbook-saved-widget nnbook-preview" data-nnbook-waiting=""' in figure
    assert "<span>c &lt;</span>" in figure and "<span>0.55</span>" in figure
    assert 'style="left:50%"' in figure, "the handle sits where the slider starts"
    assert '<div class="nnbook-frame"><svg></svg></div>' in figure and "first" not in figure
    assert '<progress max="5" value="5"></progress>' in page and "<span>epochs: 100%</span>" in page
    assert 'data-nnbook-for="other"' not in page, "a widget the script cannot draw waits for the manager"
    assert page.index('data-nnbook-for="fig"') < page.index('"model_id": "fig"'), "the drawing comes before its view"


def test_drawing_the_widgets_again_changes_nothing_and_bad_state_is_left_alone() -> None:
    once = site_assets.draw_saved_widgets(_widget_page(WIDGETS, ["fig", "bar"]))
    assert site_assets.draw_saved_widgets(once) == once
    broken = _widget_page(WIDGETS, ["fig"]).replace('{"state"', '{"state" oops', 1)
    assert site_assets.draw_saved_widgets(broken) == broken


def test_the_widget_state_moves_to_a_file_the_page_names(tmp_path: Path) -> None:
    page = site_assets.draw_saved_widgets(_widget_page(WIDGETS, ["fig"]))
    where = tmp_path / "book" / "part1" / "page.html"
    where.parent.mkdir(parents=True)
    moved = site_assets.move_widget_state(page, where, tmp_path)
    assert "application/vnd.jupyter.widget-state+json" not in moved
    source = re.search(r'<script type="nnbook/widget-state" data-src="([^"]+)"></script>', moved)[1]
    assert source.startswith("../../_static/nnbook/state/") and source.endswith(".json")
    assert json.loads((where.parent / source).read_text())["state"]["fig"]["model_name"] == "VBoxModel"
    assert 'data-nnbook-for="fig"' in moved, "the still drawing stays in the page"
    assert site_assets.move_widget_state(moved, where, tmp_path) == moved
    other = site_assets.move_widget_state(page, tmp_path / "book" / "other.html", tmp_path)
    assert len(list((tmp_path / site_assets.STATE_FOLDER).iterdir())) == 1, "the same state is one file"
    assert '"../_static/nnbook/state/' in other
