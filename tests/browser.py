"""Tools for the browser tests: build the site, serve it on loopback, drive Chromium.

The site is built exactly as ``make book`` builds it (same folder, same execution cache, so
a test run and a book build share their work), at most once per test session and not at all
when it is still up to date (the fixture ``site`` of tests/conftest.py). It is served from 127.0.0.1 by a server in
this process that remembers every path asked of it, and read by Debian's headless Chromium
through Selenium, with every host but 127.0.0.1 unresolvable. The browser's own log tells
us about JavaScript errors and, through the DevTools performance log, every request made.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tools"))
import site_stamp  # noqa: E402

if TYPE_CHECKING:
    from selenium import webdriver

SITE = REPO / "_build" / "html"
ARTIFACTS = REPO / "tests" / "artifacts"
CHROMIUM = Path(os.environ.get("NNBOOK_CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("NNBOOK_CHROMEDRIVER", "/usr/bin/chromedriver"))
CHROME_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    # Nothing but loopback resolves: a page that reaches for a CDN fails visibly.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
)


def need_chromium() -> None:
    """Skip (fail, in CI) when Debian's chromium and chromium-driver are not installed."""
    if CHROMIUM.exists() and CHROMEDRIVER.exists():
        return
    message = (
        f"browser tests need {CHROMIUM} and {CHROMEDRIVER}: "
        "`apt-get install chromium chromium-driver` on Debian or Ubuntu"
    )
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def vendor() -> None:
    """Fetch what the site serves itself (JavaScript, Pyodide), as `make book` does first."""
    for tool in ("vendor_js.py", "vendor_pyodide.py"):
        result = subprocess.run([sys.executable, str(REPO / "tools" / tool)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


def build_site() -> Path:
    """Build the website as `make book` does, and return the folder of its HTML.

    Like `make book` it stamps the result (tools/site_stamp.py), so that later sessions can
    tell whether it is still up to date. Tests take the site from the session fixture
    ``site`` (tests/conftest.py), which calls :func:`site_for_tests` once per session.
    """
    vendor()
    sources = site_stamp.sources_digest(REPO)
    site_stamp.forget(REPO)
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    result = subprocess.run(
        [str(jupyter_book), "build", str(REPO), "-W", "-n", "--keep-going"], capture_output=True, text=True, cwd=REPO
    )
    assert result.returncode == 0, "the book did not build:\n" + result.stdout[-4000:] + result.stderr[-4000:]
    site_stamp.record(sources, REPO)
    return SITE


def site_for_tests() -> Path:
    """The website as `make book` builds it: built now only when it is not up to date.

    The vendoring tools always run (they take a fraction of a second when nothing changed);
    the build itself is skipped when the stamp of the last build still holds: the same
    sources, and nothing written to _build/html since.
    """
    vendor()
    reason = site_stamp.stale_because(REPO)
    if reason is None:
        print(f"the site in {SITE} is up to date with its sources: not building it again")
        return SITE
    print(f"building the site: {reason}")
    return build_site()


@dataclass
class LoopbackSite:
    """A static web server on 127.0.0.1 for one folder, remembering what was asked of it."""

    root: Path
    requested: list[str] = field(default_factory=list)
    failed: list[tuple[str, int]] = field(default_factory=list)  # (path, HTTP status >= 400)

    @contextmanager
    def running(self) -> Iterator[str]:
        site = self

        class Handler(SimpleHTTPRequestHandler):
            def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
                status = getattr(code, "value", code)
                if isinstance(status, int) and status >= 400:
                    site.failed.append((self.path, status))
                super().log_request(code, size)

            def log_message(self, *args: object) -> None:  # keep the test output quiet
                site.requested.append(self.path)

        handler = functools.partial(Handler, directory=str(self.root))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}"
        finally:
            server.shutdown()
            server.server_close()


@contextmanager
def chromium(width: int = 1200, height: int = 1000) -> Iterator[webdriver.Chrome]:
    """A headless Chromium with a fresh profile, logging console messages and requests."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="nnbook-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--window-size={width},{height}")
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def console_errors(driver) -> list[str]:
    """Console messages of level SEVERE (uncaught exceptions, failed loads, console.error)."""
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def requested_urls(driver) -> list[str]:
    """Every URL the page asked for since the last call, from the DevTools performance log."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


@dataclass
class NetworkLog:
    """What a page asked for, from the DevTools performance log."""

    urls: list[str] = field(default_factory=list)  # every request, in order
    failures: list[str] = field(default_factory=list)  # "url: HTTP 404" or "url: net::ERR_..."


def network_log(driver) -> NetworkLog:
    """Every request since the last call, and those that failed (HTTP status >= 400, or no answer).

    Reads the same log as :func:`requested_urls` (each entry is handed out once), so use one
    or the other for a page. Catches failed fonts and CSS backgrounds, which leave no
    broken ``<img>`` behind.
    """
    log = NetworkLog()
    by_id: dict[str, str] = {}
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        method, params = message["method"], message.get("params", {})
        if method == "Network.requestWillBeSent":
            url = params["request"]["url"]
            by_id[params["requestId"]] = url
            log.urls.append(url)
        elif method == "Network.responseReceived" and params["response"].get("status", 0) >= 400:
            log.failures.append(f"{params['response']['url']}: HTTP {params['response']['status']}")
        elif method == "Network.loadingFailed" and not params.get("canceled"):
            url = by_id.get(params["requestId"], "?")
            log.failures.append(f"{url}: {params.get('errorText', 'failed')}")
    return log


def foreign_requests(urls: list[str]) -> list[str]:
    """The requests that went to any host but 127.0.0.1 (data: and blob: URLs are local)."""
    foreign = []
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme in {"data", "blob", "about", "chrome", "chrome-extension"}:
            continue
        if parts.hostname != "127.0.0.1":
            foreign.append(url)
    return foreign


def save_screenshot(driver, name: str) -> Path:
    """Keep a screenshot as a test artefact in tests/artifacts/ (git-ignored)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path


def toc_pages() -> list[str]:
    """Every page of _toc.yml in reading order, as built HTML paths (Sphinx's own pages not included)."""
    import yaml

    toc = yaml.safe_load((REPO / "_toc.yml").read_text())
    files = [toc["root"]]

    def walk(entries: list[dict]) -> None:
        for entry in entries:
            if "file" in entry:
                files.append(entry["file"])
            walk(entry.get("sections", []) + entry.get("chapters", []))

    walk(toc.get("parts", []) + toc.get("chapters", []))
    return [f"{file}.html" for file in files]
