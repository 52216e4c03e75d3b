#!/usr/bin/env python3
"""How many bytes a reader downloads to read a page of the built website (issue 15, item 10).

A page is opened in headless Chromium, as a phone would (390 px wide), from a loopback server
of ``_build/html``. Every request the page makes is read from the DevTools performance log, so
what its scripts fetch later (styles, fonts, MathJax's pieces) is counted as well as what the
HTML names. A request's weight is the gzip size of the file it fetched, compressed here at
level 6 (``gzip -6``, what most web servers do on the fly): the local server sends files
uncompressed, and GitHub Pages, which hosts the site, compresses them itself.

Two readings per page:

- **first visit**: the page opened in a fresh browser and left until it settles, without
  scrolling. Deferred work (the widget manager, which loads only when an interactive figure
  comes near the screen) is not in it.
- **read to the end**: the same visit, then scrolled to the foot of the page, so that every
  interactive figure has come into view and its widget manager has loaded.

A **second page** is read in the same browser after the first (its cache warm), and counts
only what it fetched anew.

The in-page Python runtime loads only when a reader presses Run, so no reading includes it.

Run ``python tools/page_weight.py [page ...]`` for a table; ``tests/test_page_weight.py``
checks every page against the budget with the same functions.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from browser import SITE, LoopbackSite, chromium  # noqa: E402

FIRST_VISIT_BUDGET = 1_000_000  # bytes, gzipped: every page's first visit
SECOND_PAGE_BUDGET = 150_000  # bytes, gzipped: what a second page adds to the first
PHONE = (390, 844)

# The page has settled: loaded, formulas typeset, and any widget manager asked for has drawn.
_SETTLED = """
const typeset = !document.querySelector('.math') || !!document.querySelector('mjx-container');
const asked = !!document.querySelector('script[data-nnbook-loaded]');
const views = document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]');
const drawn = !asked || Array.from(views).every(s => {
  const area = s.previousElementSibling;
  return area && area.classList.contains('widget-subarea') && area.childElementCount > 0;
});
return document.readyState === 'complete' && typeset && drawn;
"""


@functools.cache
def gzipped_size(path: Path) -> int:
    """The size of a file once gzipped at level 6, as a web server would send it."""
    return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))


@dataclass
class Reading:
    """The files one visit fetched, each with its gzipped size."""

    files: dict[str, int] = field(default_factory=dict)  # site path -> gzipped bytes
    missing: list[str] = field(default_factory=list)  # asked for, but not a file of the site

    @property
    def total(self) -> int:
        return sum(self.files.values())

    def largest(self, count: int = 5) -> list[tuple[str, int]]:
        return sorted(self.files.items(), key=lambda item: -item[1])[:count]


def _fetched(driver, site: Path, base: str) -> Reading:
    """The site files requested since the last call, from the DevTools performance log."""
    reading = Reading()
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] != "Network.requestWillBeSent":
            continue
        url = message["params"]["request"]["url"]
        if not url.startswith(base):
            continue
        path = unquote(urlsplit(url).path).lstrip("/") or "index.html"
        file = site / path
        if file.is_dir():
            file = file / "index.html"
        if file.is_file():
            reading.files[path] = gzipped_size(file)
        else:
            reading.missing.append(path)
    return reading


def _settle(driver, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not driver.execute_script(_SETTLED):
        time.sleep(0.2)
    time.sleep(0.5)  # requests a settled page still makes (fonts asked for by late styles)


def _scroll_to_end(driver) -> None:
    """Scroll down a screen at a time, so every figure comes into view on the way."""
    height = driver.execute_script("return window.innerHeight")
    position = 0
    while position < driver.execute_script("return document.documentElement.scrollHeight"):
        position += height
        driver.execute_script("window.scrollTo(0, arguments[0])", position)
        time.sleep(0.1)
    _settle(driver)


def weigh(driver, site: Path, base: str, page: str) -> tuple[Reading, Reading]:
    """Open one page in a fresh browser: its first visit, and what reading to the end adds."""
    driver.get(f"{base}/{page}")
    _settle(driver)
    first = _fetched(driver, site, base)
    _scroll_to_end(driver)
    more = _fetched(driver, site, base)
    return first, more


def weigh_pages(pages: list[str], site: Path = SITE) -> dict[str, tuple[Reading, Reading]]:
    """Weigh each page in its own fresh browser (an empty cache)."""
    results = {}
    with LoopbackSite(site).running() as base:
        for page in pages:
            with chromium(*PHONE) as driver:
                _emulate_phone(driver)
                results[page] = weigh(driver, site, base, page)
    return results


def weigh_second_page(first: str, second: str, site: Path = SITE) -> Reading:
    """What a second page adds, read right after the first in the same browser."""
    with LoopbackSite(site).running() as base, chromium(*PHONE) as driver:
        _emulate_phone(driver)
        driver.get(f"{base}/{first}")
        _settle(driver)
        driver.get_log("performance")
        driver.get(f"{base}/{second}")
        _settle(driver)
        return _cached_out(_fetched(driver, site, base), driver)


def _cached_out(reading: Reading, driver) -> Reading:
    """Drop the files the browser took from its cache (no bytes went over the network)."""
    cached = driver.execute_script(
        "return performance.getEntriesByType('resource').filter(e => e.transferSize === 0 && e.decodedBodySize > 0)"
        ".map(e => new URL(e.name).pathname.replace(/^\\//, ''))"
    )
    for path in cached:
        reading.files.pop(unquote(path), None)
    return reading


def _emulate_phone(driver) -> None:
    width, height = PHONE
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 3, "mobile": True},
    )


def all_pages(site: Path = SITE) -> list[str]:
    """Every page of the book, and the search page (the top index.html only redirects)."""
    pages = sorted(p.relative_to(site).as_posix() for p in (site / "book").rglob("*.html"))
    return pages + ["search.html", "genindex.html"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("pages", nargs="*", help="pages under _build/html (default: all)")
    parser.add_argument("--site", type=Path, default=SITE)
    parser.add_argument("--detail", action="store_true", help="list the largest files of each page")
    args = parser.parse_args()
    pages = args.pages or all_pages(args.site)
    print(f"{'page':55} {'first visit':>12} {'read to end':>12}")
    for page, (first, more) in weigh_pages(pages, args.site).items():
        print(f"{page:55} {first.total / 1000:10.1f} kB {(first.total + more.total) / 1000:9.1f} kB")
        if args.detail:
            for path, size in first.largest(8):
                print(f"    {size / 1000:8.1f} kB  {path}")
            for path, size in more.largest(4):
                print(f"  + {size / 1000:8.1f} kB  {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
