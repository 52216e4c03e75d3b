"""The website reads on a phone, with a keyboard and on paper (issue 15).

The built site is served on 127.0.0.1 and opened in headless Chromium emulating a phone
(390 and 360 CSS pixels wide, a mobile viewport). For a representative set of pages, chosen
for what once went wrong on them (margin notes, long formulas, wide tables, long inline code,
long headings, interactive figures, the glossary, search):

- no page of the site scrolls sideways as a whole at 390 px (``scrollWidth`` of the document
  never exceeds its ``clientWidth``), neither as it opens (interactive figures drawn from the
  state saved in the page) nor once the widget manager has drawn them; the representative
  pages also at 360 px. A formula or table wider than the screen scrolls inside its own box;
- margin notes take the text's full width on a phone and stay in the margin on a laptop;
- a keyboard user sees where the focus is on the article header's buttons (the sidebar
  toggle, launch, repository, download, full screen, colour mode...) and on a slider;
- inline formulas are not tab stops, so the first slider is a handful of Tab presses away,
  and its handle is at least 24 px square (a finger's target);
- printing opens every answer (the exercises' dropdowns) and closes them again afterwards,
  and the print style sheet hides the sidebars and the header.

Screenshots of each page at 390 px go to tests/artifacts/phone-*.png for a person to look at.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from browser import LoopbackSite, chromium, need_chromium, save_screenshot, toc_pages

PAGES = [
    "book/index.html",
    "book/part1/predicting-machine.html",  # interactive figure, 25 inline formulas
    "book/part1/training-a-classifier.html",  # long display formulas
    "book/part1/backpropagation-with-matrices.html",  # "Backpropagation" in a 42 px title
    "book/part1/updating-weights.html",  # long formulas, a wide table, margin notes
    "book/part1/weight-update-example.html",  # margin note beside a heading
    "book/part2/mnist.html",
    "book/part2/preparing-mnist.html",
    "book/part2/final-code.html",  # long inline code in an exercise
    "book/part3/your-own-handwriting.html",  # margin notes with titles, the drawing pad
    "book/part3/rotations.html",  # long inline code
    "book/appendix-a/chain-rule.html",
    "book/appendix-b/installing.html",  # long shell commands
    "book/glossary.html",
    "search.html",
]

REPO = Path(__file__).resolve().parents[1]


def _toc_pages() -> list[str]:
    """Every page of the book (tests/browser.py), then Sphinx's own pages."""
    return toc_pages() + ["search.html", "genindex.html"]


ALL_PAGES = _toc_pages()

# The page is ready: widgets drawn (by the widget manager, once asked for), MathJax done,
# pictures loaded (those that load lazily, once near the screen), and nnbook.js's late marking
# of scrolling boxes (debounced by 200 ms) has had its turn.
_SETTLED = """
const views = document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]');
const asked = !!document.querySelector('script[data-nnbook-loaded]');
const drawn = !asked || Array.from(views).every(s => {
  const area = s.previousElementSibling;
  return area && area.classList.contains('widget-subarea') && area.childElementCount > 0;
});
const typeset = !document.querySelector('.math') || !!document.querySelector('mjx-container');
const images = Array.from(document.images).every(i => i.complete || i.loading === 'lazy');
return document.readyState === 'complete' && drawn && typeset && images;
"""

# What sticks out to the right of the screen: the innermost elements to blame when the page
# scrolls sideways (fixed and hidden elements, such as the closed drawers, do not make the
# page scroll, and what lies inside a box that scrolls or clips is that box's own).
_SIDEWAYS = """
const doc = document.documentElement, width = doc.clientWidth;
function insideScroller(el) {
  for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
    if (getComputedStyle(p).overflowX !== 'visible') return true;
  }
  return false;
}
// how far an element reaches: its box, or the text overflowing its box (a long word in a heading)
function reach(el) {
  const box = el.getBoundingClientRect();
  return getComputedStyle(el).overflowX === 'visible' ? Math.max(box.right, box.left + el.scrollWidth) : box.right;
}
const culprits = [];
for (const el of document.querySelectorAll('body *')) {
  const style = getComputedStyle(el);
  if (reach(el) <= width + 0.5 || el.getBoundingClientRect().width === 0) continue;
  if (style.position === 'fixed' || style.visibility === 'hidden' || insideScroller(el)) continue;
  if ([...el.children].some(child => reach(child) > width + 0.5)) continue;  // blame the innermost
  culprits.push(`<${el.tagName.toLowerCase()} class="${el.className}"> reaches ${Math.round(reach(el))} px: `
                + (el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 60));
}
return {scrollWidth: doc.scrollWidth, clientWidth: width, culprits: culprits.slice(0, 5)};
"""


@dataclass
class Phone:
    driver: object
    url: str

    def emulate(self, width: int, height: int = 844) -> None:
        """A phone's screen (a mobile viewport) or, above 800 px, a laptop's."""
        self.driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 800},
        )

    def open(self, page: str, *, widgets: bool = True, timeout: float = 30.0) -> None:
        """Open a page and wait until it settles; with ``widgets``, the widget manager too
        (which a reader's scrolling or touch would load: nnbook.js)."""
        self.driver.get(f"{self.url}/{page}")
        self.settle(timeout)
        if widgets:
            self.load_widgets(timeout)

    def settle(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while not self.driver.execute_script(_SETTLED) and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(0.5)

    def load_widgets(self, timeout: float = 30.0) -> None:
        """Load the widget manager and every picture now, as if the reader had scrolled it all."""
        self.driver.execute_script(
            "document.querySelectorAll('img[loading=lazy]').forEach(i => { i.loading = 'eager'; });"
            "if (window.nnbookLoadWidgets) window.nnbookLoadWidgets();"
        )
        self.settle(timeout)

    def tab(self) -> dict:
        """Press Tab; describe what has the focus now."""
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.common.keys import Keys

        ActionChains(self.driver).send_keys(Keys.TAB).perform()
        return self.driver.execute_script(
            """const e = document.activeElement, s = getComputedStyle(e), r = e.getBoundingClientRect();
            return {tag: e.tagName, cls: String(e.className && e.className.baseVal !== undefined
                                                ? e.className.baseVal : e.className),
                    name: (e.getAttribute('aria-label') || e.getAttribute('title') || e.textContent || '').trim()
                          .replace(/\\s+/g, ' ').slice(0, 50),
                    inHeader: !!e.closest('.bd-header-article'),
                    outline: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth), outlineColor: s.outlineColor,
                    width: r.width, height: r.height};"""
        )


@pytest.fixture(scope="module")
def phone(site: Path) -> Iterator[Phone]:
    need_chromium()
    with LoopbackSite(site).running() as url, chromium(width=500, height=900) as driver:
        driver.set_script_timeout(30)
        phone = Phone(driver, url)
        phone.emulate(390)
        yield phone


def _check_sideways(phone: Phone, page: str, width: int, state: str) -> None:
    found = phone.driver.execute_script(_SIDEWAYS)
    assert found["scrollWidth"] <= found["clientWidth"], (
        f"{page} at {width} px, {state}, scrolls sideways ({found['scrollWidth']} px of content on a "
        f"{found['clientWidth']} px screen):\n" + "\n".join(found["culprits"])
    )


@pytest.mark.parametrize("page", ALL_PAGES)
def test_no_page_scrolls_sideways_at_390_px(phone: Phone, page: str) -> None:
    """Every page, as it opens and once the widget manager has drawn its widgets."""
    phone.emulate(390)
    phone.open(page, widgets=False)
    _check_sideways(phone, page, 390, "as it opens")
    phone.load_widgets()
    _check_sideways(phone, page, 390, "with its widgets drawn")
    if page in PAGES:
        save_screenshot(phone.driver, "phone-" + page.replace("/", "-").removesuffix(".html"))


@pytest.mark.parametrize("page", PAGES)
def test_representative_pages_do_not_scroll_sideways_at_360_px(phone: Phone, page: str) -> None:
    phone.emulate(360)
    phone.open(page)
    _check_sideways(phone, page, 360, "with its widgets drawn")


def test_wide_formulas_and_tables_scroll_in_their_own_box(phone: Phone) -> None:
    """On 1.14, formulas and the table of error measures are wider than a phone: each scrolls
    inside its own box, marked on the side where more lies, and a formula box is a tab stop."""
    phone.emulate(390)
    phone.open("book/part1/updating-weights.html")
    boxes = phone.driver.execute_script(
        """return [...document.querySelectorAll('mjx-container[display="true"], .pst-scrollable-table-container')]
            .filter(b => b.scrollWidth > b.clientWidth + 1)
            .map(b => ({tag: b.tagName, overflow: getComputedStyle(b).overflowX,
                        marked: b.classList.contains('nnbook-more-right'), tabindex: b.getAttribute('tabindex')}));"""
    )
    assert any(b["tag"] == "MJX-CONTAINER" for b in boxes), "no formula is wider than the phone: test the right page"
    assert any(b["tag"] == "DIV" for b in boxes), "the table of error measures fits the phone: test the right page"
    for box in boxes:
        assert box["overflow"] in {"auto", "scroll"}, box
        assert box["marked"], f"no cue that more of this {box['tag']} lies to the right"
        assert box["tabindex"] == "0", f"a keyboard cannot scroll this {box['tag']}"


def test_margin_notes_take_the_full_width_on_a_phone(phone: Phone) -> None:
    measure = """const note = document.querySelector('aside.margin'), article = document.querySelector('.bd-article');
        const style = getComputedStyle(article);
        const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
        return {note: note.getBoundingClientRect().width, text: article.clientWidth - padding,
                float: getComputedStyle(note).float};"""
    phone.emulate(390)
    phone.open("book/part1/weight-update-example.html")
    narrow = phone.driver.execute_script(measure)
    assert narrow["float"] == "none", narrow
    assert narrow["note"] >= 0.98 * narrow["text"], f"a margin note is {narrow['note']:.0f} px of {narrow['text']:.0f}"

    phone.emulate(1280, 900)
    phone.open("book/part1/weight-update-example.html")
    wide = phone.driver.execute_script(measure)
    assert wide["note"] < 0.5 * wide["text"], f"on a laptop the margin note left the margin: {wide}"


@pytest.mark.parametrize("width", [390, 1280])
def test_header_buttons_show_the_keyboard_focus(phone: Phone, width: int) -> None:
    phone.emulate(width, 900)
    phone.open("book/part1/predicting-machine.html")
    seen = []
    for _ in range(60):
        focus = phone.tab()
        if focus["inHeader"]:
            seen.append(focus)
        elif seen:
            break
    names = [f["name"] for f in seen]
    assert any("sidebar" in name.lower() for name in names), f"no sidebar toggle in the header: {names}"
    assert any("launch" in name.lower() for name in names), f"no launch (rocket) button in the header: {names}"
    unseen = [
        f"{f['name']} ({f['outline']} {f['outlineWidth']} px)"
        for f in seen
        if f["outline"] == "none" or f["outlineWidth"] < 2
    ]
    assert not unseen, "header buttons that show no focus ring:\n" + "\n".join(unseen)


def test_first_slider_is_a_few_tab_presses_away_and_big_enough(phone: Phone) -> None:
    """Inline formulas are no tab stops (MathJax's menu put 25 of them before the slider)."""
    phone.emulate(390)
    phone.open("book/part1/predicting-machine.html")
    stops = phone.driver.execute_script(
        'return document.querySelectorAll(\'mjx-container:not([display="true"])[tabindex="0"]\').length'
    )
    assert stops == 0, f"{stops} inline formulas are tab stops"
    assert phone.driver.execute_script("return document.querySelectorAll('mjx-assistive-mml').length") > 0, (
        "the formulas lost the hidden MathML that screen readers read"
    )
    presses, focus = 0, {"cls": ""}
    while "noUi-handle" not in focus["cls"]:
        presses += 1
        if presses > 15:
            pytest.fail("the slider is not among the first 15 tab stops")
        focus = phone.tab()
    assert presses <= 12, f"the first slider takes {presses} Tab presses"
    ring = focus["outline"] != "none" and focus["outlineWidth"] >= 2
    assert ring, f"the slider's handle shows no focus ring: {focus}"
    size = f"{focus['width']}x{focus['height']} px"
    assert focus["width"] >= 24 and focus["height"] >= 24, f"the slider's handle is {size}"


def test_printing_opens_the_answers_and_hides_the_navigation(phone: Phone) -> None:
    driver = phone.driver
    phone.emulate(1280, 900)
    phone.open("book/part2/final-code.html")
    count = "return document.querySelectorAll('.bd-article details.sd-dropdown' + arguments[0]).length"
    answers = driver.execute_script(count, "")
    assert answers > 0 and driver.execute_script(count, "[open]") == 0, "the page should start with closed answers"
    driver.execute_script("window.dispatchEvent(new Event('beforeprint'))")
    assert driver.execute_script(count, "[open]") == answers, "not every answer opens for printing"
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        shown = driver.execute_script(
            """return ['.bd-sidebar-primary', '.bd-sidebar-secondary', '.bd-header-article', '.prev-next-footer']
                .filter(s => document.querySelector(s))
                .filter(s => getComputedStyle(document.querySelector(s)).display !== 'none');"""
        )
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert not shown, f"printed although it is navigation: {shown}"
    driver.execute_script("window.dispatchEvent(new Event('afterprint'))")
    assert driver.execute_script(count, "[open]") == 0, "the answers opened for printing stay open afterwards"
