"""The whole website works offline, its internal links resolve, and axe-core finds no serious fault.

The book is built as ``make book`` builds it and served on 127.0.0.1. One headless Chromium,
for which every other host is unresolvable, opens every HTML page of the site in turn. Each
page is its own test and fails on:

- a request to any host but 127.0.0.1;
- a console message of level SEVERE (an uncaught JavaScript error, a failed load, a 404);
- a broken image: an ``<img>`` that finished loading with no pixels, or any request that
  failed (fonts and CSS backgrounds leave no ``<img>`` behind, so the network log and the
  server's own log of 404s catch them);
- "Loading widget" still visible once the widget manager has drawn every widget;
- an ``<img>`` with no ``alt`` attribute;
- an axe-core violation of impact "serious" or "critical" (rule, impact, element, page).

axe-core comes from the npm registry through ``tools/vendor_js.py`` into ``_vendor/tests/``,
which the site does not serve: the test reads it from disk and injects it into each page.

Without a browser, every internal link (``href`` and ``src``) of every page must name a file
of the built site, and every ``#fragment`` an ``id`` in the page it points to. Links to other
hosts are listed in tests/artifacts/external-links.txt but never fetched (the Binder and
Colab buttons are checked by tests/test_editions.py).

Figures must read in the theme's dark mode: every PNG of the site is opaque, every drawing
of every interactive figure (all slider positions) first paints itself white, and on a few
pages opened in dark mode each figure shows light corners and axe finds no contrast fault.
Screenshots of those pages go to tests/artifacts/dark-*.png for a person to look at.

Run time: about 100 s for the 56 pages and 4 dark-mode pages, after the build.
"""

from __future__ import annotations

import io
import json
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from browser import (
    ARTIFACTS,
    REPO,
    LoopbackSite,
    chromium,
    console_errors,
    foreign_requests,
    need_chromium,
    network_log,
    save_screenshot,
    toc_pages,
)

AXE = REPO / "_vendor" / "tests" / "axe-core" / "axe.min.js"


def _toc_pages() -> list[str]:
    """Every page of the book (tests/browser.py), then Sphinx's own pages."""
    # index.html at the top only sends the browser on to the root page; Sphinx adds the rest.
    return toc_pages() + ["index.html", "genindex.html", "search.html"]


PAGES = _toc_pages()

# axe-core findings we accept, each for one rule on one kind of element only, with the reason.
# Empty means every serious or critical finding on every page fails the test.
ACCEPTED: dict[str, list[str]] = {}

# After load: the widget manager has drawn every widget (each view script has a filled
# .widget-subarea just before it), and every image has finished. The formulas were typeset when
# the site was built (book/_ext/static_maths.py): a page still holding TeX is a failure.
_SETTLED = """
const views = document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]');
const drawn = Array.from(views).every(s => {
  const area = s.previousElementSibling;
  return area && area.classList.contains('widget-subarea') && area.childElementCount > 0;
});
const typeset = !Array.from(document.querySelectorAll('.math'))
  .some(m => m.textContent.includes('\\\\(') || m.textContent.includes('\\\\['));
const images = Array.from(document.images).every(i => i.complete);
return {ready: document.readyState === 'complete', drawn, typeset, images, views: views.length};
"""

_PAGE_FACTS = """
const visible = document.body.innerText;
return {
  loadingWidget: /Loading widget/i.test(visible),
  broken: Array.from(document.images).filter(i => i.complete && i.naturalWidth === 0)
    .map(i => i.getAttribute('src')),
  noAlt: Array.from(document.querySelectorAll('img:not([alt])')).map(i => i.getAttribute('src')),
};
"""

_RUN_AXE = """
const accepted = arguments[0], only = arguments[1], done = arguments[arguments.length - 1];
const options = {resultTypes: ['violations'], elementRef: true};
if (only) options.runOnly = {type: 'rule', values: only};
axe.run(document, options).then(results => {
  const found = [];
  for (const rule of results.violations) {
    for (const node of rule.nodes) {
      const impact = node.impact || rule.impact;
      if ((accepted[rule.id] || []).some(selector => node.element && node.element.matches(selector))) continue;
      found.push({rule: rule.id, impact: impact, target: node.target.join(' '),
                  why: (node.failureSummary || '').replace(/\\s+/g, ' ').slice(0, 300)});
    }
  }
  done(found);
}).catch(error => done([{rule: 'axe-error', impact: 'critical', target: '', why: String(error)}]));
"""


@dataclass
class Browser:
    driver: object
    url: str
    server: LoopbackSite = field(repr=False)
    axe: str = field(repr=False)  # the source of axe.min.js


@pytest.fixture(scope="module")
def browser(site: Path) -> Iterator[Browser]:
    """One Chromium for every page; the time it took for all of them goes to the artefacts."""
    need_chromium()
    assert AXE.is_file(), f"{AXE} is missing: run `python tools/vendor_js.py`"
    started = time.monotonic()
    (ARTIFACTS / "axe-lesser.txt").unlink(missing_ok=True)
    server = LoopbackSite(site)
    with server.running() as url, chromium() as driver:
        driver.set_script_timeout(120)
        yield Browser(driver, url, server, AXE.read_text(encoding="utf-8"))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "site-timing.txt").write_text(
        f"{len(PAGES)} pages checked in one browser in {time.monotonic() - started:.1f} s\n"
    )


def run_axe(browser: Browser, only: list[str] | None = None) -> list[str]:
    """axe-core's serious and critical findings on the page now open (all rules, or ``only``).

    Lesser findings (impact "moderate" or "minor") do not fail; they are added to
    tests/artifacts/axe-lesser.txt for a person to read.
    """
    browser.driver.execute_script(browser.axe)
    findings = browser.driver.execute_async_script(_RUN_AXE, ACCEPTED, only)
    lesser = [f for f in findings if f["impact"] not in {"serious", "critical"}]
    if lesser:
        page = browser.driver.execute_script("return location.pathname")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        with (ARTIFACTS / "axe-lesser.txt").open("a", encoding="utf-8") as notes:
            notes.writelines(f"{page}: {f['impact']} {f['rule']} at {f['target']}\n" for f in lesser)
    return [f"axe {f['impact']} {f['rule']} at {f['target']}: {f['why']}" for f in findings if f not in lesser]


def _wait_until_settled(driver, timeout: float = 30.0) -> dict:
    """Load what a reader who reads the whole page would (the widget manager, which nnbook.js
    loads when the reader comes to a widget, and pictures that load lazily), and wait for it."""
    driver.execute_script(
        "document.querySelectorAll('img[loading=lazy]').forEach(i => { i.loading = 'eager'; });"
        "if (window.nnbookLoadWidgets) window.nnbookLoadWidgets();"
    )
    deadline = time.monotonic() + timeout
    while True:
        state = driver.execute_script(_SETTLED)
        if all(state[k] for k in ("ready", "drawn", "typeset", "images")) or time.monotonic() > deadline:
            return state
        time.sleep(0.2)


def test_every_built_page_is_checked(site: Path) -> None:
    """The browser test's list of pages is every HTML file of the site (nothing slips past)."""
    built = {
        p.relative_to(site).as_posix() for p in site.rglob("*.html") if not p.relative_to(site).parts[0].startswith("_")
    }
    assert built == set(PAGES)


@pytest.mark.parametrize("page", PAGES)
def test_page_works_offline_and_is_accessible(browser: Browser, page: str) -> None:
    driver = browser.driver
    driver.get("about:blank")
    driver.get_log("browser"), driver.get_log("performance")  # forget the previous page
    already_failed = len(browser.server.failed)

    driver.get(f"{browser.url}/{page}")
    state = _wait_until_settled(driver)
    time.sleep(0.3)  # late console messages (a widget that fails after drawing) arrive too
    problems: list[str] = []
    if not state["drawn"]:
        problems.append(f"the widget manager did not draw all {state['views']} widgets within 30 s")
    if not state["typeset"]:
        problems.append("a formula of the page is still TeX: the build did not typeset it")

    facts = driver.execute_script(_PAGE_FACTS)
    if facts["loadingWidget"]:
        problems.append('"Loading widget" is still visible')
    problems += [f"broken image: {src}" for src in facts["broken"]]
    problems += [f"image without alt text: {src}" for src in facts["noAlt"]]

    problems += [f"console: {message}" for message in console_errors(driver)]
    network = network_log(driver)
    problems += [f"request to another host: {url}" for url in foreign_requests(network.urls)]
    problems += [f"failed request: {failure}" for failure in network.failures]
    problems += [f"server answered {status} for {path}" for path, status in browser.server.failed[already_failed:]]

    # Last, as it fetches stylesheets itself (resolving @import against the page, not the
    # sheet: a 404 of axe's own making that says nothing about the site).
    problems += run_axe(browser)
    if problems:
        pytest.fail(f"{page}:\n" + "\n".join(problems), pytrace=False)


# ---------------------------------------------------------------- links, without a browser


class _Links(HTMLParser):
    """The ids and the link targets (href and src) of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(found["id"])
        if tag == "a" and found.get("name"):
            self.ids.add(found["name"])
        for attribute in ("href", "src"):
            if found.get(attribute) and not (tag == "link" and found.get("rel") == "preconnect"):
                self.links.append(found[attribute])


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_internal_links_and_fragments_resolve(site: Path) -> None:
    parsed = {page: _parse(site / page) for page in PAGES}
    broken: list[str] = []
    external: set[str] = set()
    for page, links in parsed.items():
        here = (site / page).parent
        for link in links.links:
            parts = urlsplit(link)
            if parts.scheme in {"http", "https", "mailto"} or link.startswith("//"):
                if parts.hostname not in {"127.0.0.1", "localhost"}:
                    external.add(link)
                    continue
            if parts.scheme in {"data", "javascript"}:
                continue
            target = (here / unquote(parts.path)).resolve() if parts.path else (site / page).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file() or site.resolve() not in target.parents:
                broken.append(f"{page}: {link} (no file {target})")
                continue
            if parts.fragment and target.suffix == ".html":
                relative = target.relative_to(site.resolve()).as_posix()
                ids = parsed[relative].ids if relative in parsed else _parse(target).ids
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{page}: {link} (no id {parts.fragment!r} in {relative})")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "external-links.txt").write_text("".join(f"{link}\n" for link in sorted(external)))
    assert not broken, f"{len(broken)} broken internal links:\n" + "\n".join(broken)


# ---------------------------------------------------------------- dark mode

DARK_PAGES = [
    "book/part1/predicting-machine.html",
    "book/part2/mnist.html",
    "book/part3/inside-the-mind.html",
    "book/appendix-a/curved-line.html",
]


def _opaque(png: bytes) -> bool:
    """True when a PNG has no see-through pixel along its edges (where a background shows)."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as picture:
        if "A" not in picture.getbands() and "transparency" not in picture.info:
            return True
        alpha = picture.convert("RGBA").getchannel("A")
        width, height = alpha.size
        edges = [alpha.getpixel((x, y)) for x in range(width) for y in (0, height - 1)]
        edges += [alpha.getpixel((x, y)) for y in range(height) for x in (0, width - 1)]
        return min(edges) == 255


def test_pictures_have_an_opaque_background(site: Path) -> None:
    """A transparent figure would show black lines on the dark theme's near-black page."""
    pytest.importorskip("PIL")
    see_through = [
        p.relative_to(site).as_posix() for p in sorted((site / "_images").glob("*.png")) if not _opaque(p.read_bytes())
    ]
    assert not see_through, "pictures with a transparent background:\n" + "\n".join(see_through)


def _widget_svgs(page: Path) -> Iterator[str]:
    """Every SVG drawing held in the widget state of a built page (all slider positions)."""
    text = page.read_text(encoding="utf-8")
    blocks = re.findall(r'<script type="application/vnd.jupyter.widget-state\+json">(.*?)</script>', text, re.S)
    for source in re.findall(r'<script type="nnbook/widget-state" data-src="([^"]+)"></script>', text):
        blocks.append((page.parent / source).read_text(encoding="utf-8"))  # the state moved to a file of its own
    for block in blocks:
        for model in json.loads(block)["state"].values():
            value = model.get("state", {}).get("value")
            if isinstance(value, str):
                yield from re.findall(r"<svg\b.*?</svg>", value, re.S)


def test_interactive_drawings_lie_on_white(site: Path) -> None:
    """Each drawing of every interactive figure (each slider position) first paints its whole
    area white, so it reads on the dark theme too: its first shape is a white rectangle the
    size of its viewBox."""
    drawings, see_through = 0, []
    for page in PAGES:
        for svg in _widget_svgs(site / page):
            drawings += 1
            box = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg)
            first = re.search(r'<path d="M 0 ([\d.]+) L ([\d.]+) ([\d.]+) L ([\d.]+) 0 L 0 0 z ?" style="([^"]*)"', svg)
            covers = False
            if box and first:  # the path's numbers are rounded to 0.1 when the page is made
                width, height = map(float, box.groups())
                bottom, right, bottom2, right2 = map(float, first.groups()[:4])
                covers = all(
                    abs(a - b) <= 0.1 for a, b in [(bottom, height), (bottom2, height), (right, width), (right2, width)]
                )
            if not (covers and "fill: #ffffff" in first.group(5)):
                see_through.append(f"{page}: {svg[:120]}")
    assert drawings > 100, f"only {drawings} interactive drawings found: did the widget state move?"
    assert not see_through, f"{len(see_through)} drawings without a white background:\n" + "\n".join(see_through[:10])


def _light_corners(png: bytes) -> bool:
    """True when the four corners of a screenshot of a figure are light (its background).

    The dark theme dims pictures a little (white shows as light grey, about 215); a
    see-through figure would show the page's near-black (about 20) there instead.
    """
    from PIL import Image

    with Image.open(io.BytesIO(png)) as shot:
        grey = shot.convert("L")
        width, height = grey.size
        corners = [(3, 3), (width - 4, 3), (3, height - 4), (width - 4, height - 4)]
        return min(grey.getpixel(xy) for xy in corners) > 160


@pytest.mark.parametrize("page", DARK_PAGES)
def test_figures_stay_on_white_in_dark_mode(browser: Browser, page: str) -> None:
    """In dark mode every figure (picture or drawn SVG) still shows on white; a screenshot is kept."""
    from selenium.webdriver.common.by import By

    pytest.importorskip("PIL")
    driver = browser.driver
    driver.get(f"{browser.url}/{page}")
    driver.execute_script("localStorage.setItem('mode', 'dark'); localStorage.setItem('theme', 'dark');")
    try:
        driver.get(f"{browser.url}/{page}")
        _wait_until_settled(driver)
        assert driver.execute_script("return document.documentElement.dataset.theme") == "dark"
        figures = [
            f
            for f in driver.find_elements(By.CSS_SELECTOR, ".bd-article img, .nnbook-frame svg[role='img']")
            if f.is_displayed() and f.size["width"] > 20 and f.size["height"] > 20
        ]
        assert figures, f"{page} shows no figure"
        dark = []
        for figure in figures:
            driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", figure)
            if not _light_corners(figure.screenshot_as_png):
                dark.append(figure.get_attribute("src") or figure.get_attribute("aria-label")[:60])
        shown = driver.find_elements(By.CSS_SELECTOR, ".nnbook-interactive") or figures
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", shown[0])
        save_screenshot(driver, "dark-" + page.rsplit("/", 1)[-1].removesuffix(".html"))
        # The text stays readable too (captions of interactive figures colour some words).
        contrast = run_axe(browser, only=["color-contrast"])
    finally:
        driver.execute_script("localStorage.clear()")
    assert not dark, f"{page}: figures that do not show on white in dark mode:\n" + "\n".join(dark)
    assert not contrast, f"{page} in dark mode:\n" + "\n".join(contrast)
