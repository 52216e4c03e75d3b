"""Cut the theme's icon fonts, and its style sheet's list of icons, down to the icons this site shows.

pydata-sphinx-theme draws its icons (the menu, search, download and theme buttons, the arrows
of the table of contents, the admonitions' signs) from Font Awesome's web fonts. The solid
font holds about 1,400 icons in 157 kB, and a first visit to any page fetched all of it for
some twenty (issue 15: the weight of a first visit). Once the site is written, each font is
replaced by a copy holding only the icons that can appear:

- every icon a page or script names by class (``fa-bars``, ``fa-magnifying-glass``...), looked
  up in the style sheets' ``.fa-name:before{content:"\\f0c9"}`` rules;
- every code point any other style rule uses (the admonitions' and dropdowns' signs, the
  repository icon of ``nnbook.css``), including those kept in CSS custom properties.

The theme's style sheet also names every one of those 1,400 icons (``.fa-name:before`` rules,
a third of its 65 kB gzipped, loaded before a page can paint); the rules of icons no page
names are dropped from the site's copy.

Each copy is made from the theme's own files, never from the copies in the site, so an icon
that a later build needs is never missing. Needs fontTools (matplotlib brings it) and Brotli
for WOFF2 (requirements-dev.txt).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

FONT_FOLDER = Path("_static/vendor/fontawesome/webfonts")
FONTS = ("fa-solid-900.woff2", "fa-regular-400.woff2")
THEME_CSS = Path("_static/styles/pydata-sphinx-theme.css")

_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_ESCAPED = re.compile(r'"\\([0-9a-fA-F]{4,5})"')  # content:"\f0c9"
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")  # content:"" (the character itself, as minified)
_ICON_SELECTOR = re.compile(r"\.fa-([a-z0-9-]+)::?before")
_ICON_NAME = re.compile(r"\bfa-([a-z0-9-]+)")


def icons_in_css(css: str) -> tuple[dict[str, set[int]], set[int]]:
    """The style sheet's icon classes (name -> code points), and the code points other rules use."""
    by_name: dict[str, set[int]] = {}
    elsewhere: set[int] = set()
    for selectors, declarations in _RULE.findall(css):
        points = {int(point, 16) for point in _ESCAPED.findall(declarations)}
        points |= {ord(char) for char in _PRIVATE_USE.findall(declarations)}
        if not points:
            continue
        names = _icon_names(selectors)
        if names is not None:
            for name in names:
                by_name.setdefault(name, set()).update(points)
        else:
            elsewhere.update(points)
    return by_name, elsewhere


def _icon_names(selectors: str) -> list[str] | None:
    """The icon names of a rule whose every selector is ``.fa-name:before``; else None."""
    found = [_ICON_SELECTOR.fullmatch(part.strip()) for part in selectors.split(",")]
    return [match[1] for match in found] if all(found) else None


def names_in_use(outdir: Path) -> set[str]:
    """Every ``fa-...`` name that a page or script of ``outdir`` mentions."""
    names: set[str] = set()
    for path in [*outdir.rglob("*.html"), *outdir.rglob("*.js")]:
        if "widgets" in path.parts or "live" in path.parts:  # their own icon fonts, or none
            continue
        names |= set(_ICON_NAME.findall(path.read_text(encoding="utf-8", errors="replace")))
    return names


def icons_in_use(outdir: Path, theme_css: str = "") -> set[int]:
    """Every icon code point that a page of ``outdir`` can show.

    ``theme_css`` is the theme's complete style sheet; the site's copy of it (which this
    module trims) is read in its place.
    """
    by_name, points = icons_in_css(theme_css)
    for sheet in outdir.rglob("*.css"):
        if theme_css and sheet == outdir / THEME_CSS:
            continue
        names, elsewhere = icons_in_css(sheet.read_text(encoding="utf-8", errors="replace"))
        for name, found in names.items():
            by_name.setdefault(name, set()).update(found)
        points |= elsewhere
    for name in names_in_use(outdir):
        points |= by_name.get(name, set())
    return points


def trim_css(css: str, names: set[str]) -> str:
    """The style sheet without the rules of icons none of ``names`` asks for."""

    def keep(rule: re.Match[str]) -> str:
        icons = _icon_names(rule[1])
        return rule[0] if icons is None or names.intersection(icons) else ""

    return _RULE.sub(keep, css)


def subset_font(source: Path, target: Path, points: set[int]) -> None:
    """Write ``target``: the WOFF2 font ``source`` with only the glyphs of ``points``."""
    from fontTools import subset

    logging.getLogger("fontTools").setLevel(logging.WARNING)  # its INFO lines, one per table, filled the build log
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(points))
    subsetter.subset(font)
    staged = target.with_name(target.name + ".partial")
    subset.save_font(font, str(staged), options)
    staged.replace(target)


def theme_static() -> Path:
    """The theme's own static folder, with its complete icon fonts and style sheet."""
    import pydata_sphinx_theme

    return Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"


def theme_fonts() -> Path:
    """The folder of the theme's own, complete icon fonts."""
    return theme_static() / FONT_FOLDER.relative_to("_static")


def _cut_to_what_is_used(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name != "html":
        return
    outdir = Path(app.outdir)
    source_css = theme_static() / THEME_CSS.relative_to("_static")
    if not source_css.is_file():
        raise ExtensionError(f"icon_fonts: the theme's style sheet {source_css} is missing")
    theme_css = source_css.read_text(encoding="utf-8")
    points = icons_in_use(outdir, theme_css)
    if not points:
        raise ExtensionError("icon_fonts: found no icon in use; the theme's style sheets may have changed")
    for name in FONTS:
        source, target = theme_fonts() / name, outdir / FONT_FOLDER / name
        if not source.is_file():
            raise ExtensionError(f"icon_fonts: the theme's font {source} is missing")
        if target.is_file():
            subset_font(source, target, points)
    if (outdir / THEME_CSS).is_file():
        trimmed = trim_css(theme_css, names_in_use(outdir))
        if (outdir / THEME_CSS).read_text(encoding="utf-8") != trimmed:
            (outdir / THEME_CSS).write_text(trimmed, encoding="utf-8")


def setup(app: Sphinx) -> dict:
    # After the pages are final (site_assets lightens them at 950), before it precompresses (990).
    app.connect("build-finished", _cut_to_what_is_used, priority=960)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
