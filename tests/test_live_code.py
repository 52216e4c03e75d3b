"""The pages' code runs in the reader's browser: Run, Edit, Restart, with Python from this site.

The book is built as ``make book`` builds it, served on 127.0.0.1, and opened in headless
Chromium with every other host unresolvable. On the page that builds the network class every
visible cell is run and its output must equal the build's; an edited cell gives a new
output; an error shows a traceback that starts in the reader's code; a drawing shows as a
picture. On the MNIST page a cell reads the digits (served by the site, checked by MD5 in
the browser) and prints the first labels and shapes. The server's own log, which sees the
Web Worker's requests too, must show the runtime coming from the site and nothing else; and
a page without code must load nothing of the runtime at all.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from browser import (
    LoopbackSite,
    chromium,
    console_errors,
    foreign_requests,
    need_chromium,
    requested_urls,
    save_screenshot,
)

RUNTIME_FILES = ("pyodide.js", "pyodide.asm.wasm", "python_stdlib.zip")
NETWORK_PAGE = "book/part2/network-in-python.html"
MNIST_PAGE = "book/part2/mnist.html"
NO_CODE_PAGE = "book/part1/neurons.html"
START_TIMEOUT = 180.0  # Python, numpy, scipy and matplotlib from a cold cache on a loaded machine


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[tuple[LoopbackSite, str]]:
    need_chromium()
    server = LoopbackSite(site)
    with server.running() as url:
        yield server, url


@pytest.fixture(scope="module")
def browser():
    with chromium(width=1200, height=1000) as driver:
        yield driver


def _cells(driver) -> list:
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.CSS_SELECTOR, ".cell:has(> .live-bar)")


def _run(driver, cell, timeout: float = START_TIMEOUT) -> str:
    """Press the cell's Run button and wait for the run to end; the text of its live output."""
    from selenium.webdriver.common.by import By

    button = cell.find_element(By.CSS_SELECTOR, ".live-bar .live-button")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    _forget_status(driver, cell)
    button.click()
    return _wait_done(driver, cell, timeout)


def _forget_status(driver, cell) -> None:
    """Blank the status line, so that the last run's "Done" is not taken for this run's."""
    driver.execute_script("arguments[0].querySelector('.live-status').textContent = ''", cell)


def _wait_done(driver, cell, timeout: float) -> str:
    from selenium.webdriver.common.by import By

    status = cell.find_element(By.CSS_SELECTOR, ".live-status")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = status.text
        if text.startswith(("Done", "Stopped", "Python could not start")):
            break
        time.sleep(0.2)
    else:
        pytest.fail(f"the cell did not finish within {timeout:.0f} s; status: {status.text!r}")
    time.sleep(0.3)  # the last printed text is drawn on the next animation frame
    outputs = cell.find_elements(By.CSS_SELECTOR, ".live-output")
    return outputs[0].get_attribute("innerText") if outputs else ""


def _built_output(driver, cell) -> str:
    """The text of the build's output for a cell (hidden once the cell runs, still in the page)."""
    from selenium.webdriver.common.by import By

    blocks = cell.find_elements(By.CSS_SELECTOR, ":scope > .cell_output pre")
    return "\n".join(block.get_attribute("textContent") for block in blocks)


def _same_text(live: str, built: str) -> bool:
    def squash(text: str) -> str:
        return re.sub(r"\s+", " ", text).strip()

    return squash(live) == squash(built)


def _paths(server: LoopbackSite) -> list[str]:
    return [path.split("?")[0] for path in server.requested]


def test_a_page_without_code_loads_nothing_of_the_runtime(served, browser) -> None:
    server, url = served
    server.requested.clear()
    browser.get(f"{url}/{NO_CODE_PAGE}")
    time.sleep(1.0)
    assert not [p for p in _paths(server) if "/pyodide/" in p or "/live/" in p or p.endswith(".whl")]
    assert "nnbook-live-page" not in browser.page_source


def test_network_page_runs_every_cell_as_the_build_did(served, browser) -> None:
    from selenium.webdriver.common.by import By

    server, url = served
    server.requested.clear()
    browser.get(f"{url}/{NETWORK_PAGE}")
    time.sleep(1.0)
    assert not [p for p in _paths(server) if "/pyodide/" in p], "the runtime loaded before Run"
    cells = _cells(browser)
    assert len(cells) >= 10, "the page should have a Run bar on each of its visible cells"

    mismatches = []
    for number, cell in enumerate(cells):
        built = _built_output(browser, cell)
        live = _run(browser, cell)
        status = cell.find_element(By.CSS_SELECTOR, ".live-status").text
        assert status.startswith("Done"), f"cell {number} stopped: {live[-2000:]}"
        has_picture = bool(cell.find_elements(By.CSS_SELECTOR, ":scope > .cell_output img"))
        if has_picture:
            assert cell.find_elements(By.CSS_SELECTOR, ".live-output img"), f"cell {number} drew no picture"
        elif not _same_text(live, built):
            mismatches.append((number, built[:300], live[:300]))
    save_screenshot(browser, "live-code-network-page")
    assert not mismatches, f"outputs differ from the build's: {mismatches}"

    runtime = [p for p in _paths(server) if "/pyodide/" in p]
    for name in RUNTIME_FILES:
        assert any(p.endswith(name) for p in runtime), f"{name} was not fetched from the site"
    assert any(p.endswith(".whl") and "nnbook" in p for p in _paths(server)), "the book's package was not fetched"
    foreign = foreign_requests(requested_urls(browser))
    assert not foreign, f"requests to other hosts: {foreign}"
    assert not [e for e in console_errors(browser) if "favicon" not in e], console_errors(browser)


def _edit_and_run(driver, cell, source: str) -> str:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    edit = cell.find_elements(By.CSS_SELECTOR, ".live-bar .live-button")[1]
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", edit)
    if edit.get_attribute("aria-pressed") != "true":
        edit.click()
    editor = cell.find_element(By.CSS_SELECTOR, "textarea.live-editor")
    editor.send_keys(Keys.CONTROL, "a")
    editor.send_keys(Keys.DELETE)
    driver.execute_script(
        "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'))", editor, source
    )
    _forget_status(driver, cell)
    editor.send_keys(Keys.SHIFT, Keys.ENTER)
    return _wait_done(driver, cell, START_TIMEOUT)


def test_edited_cells_error_and_figure(served, browser) -> None:
    from selenium.webdriver.common.by import By

    server, url = served
    browser.get(f"{url}/{NETWORK_PAGE}")
    cell = _cells(browser)[1]
    before = _run(browser, cell)
    after = _edit_and_run(browser, cell, "print('edited:', 6 * 7)")
    assert after.strip() == "edited: 42" and after != before

    failing = _edit_and_run(browser, cell, "def divide(a, b):\n    return a / b\n\ndivide(1, 0)")
    assert "ZeroDivisionError" in failing and "divide(1, 0)" in failing and "return a / b" in failing
    assert "nnbook_live_runtime" not in failing and "pyodide" not in failing, "the traceback is not trimmed"
    assert cell.find_elements(By.CSS_SELECTOR, ".live-output .live-error")

    _edit_and_run(browser, cell, "import matplotlib.pyplot as plt\nplt.plot([1, 3, 2])\nplt.show()")
    pictures = cell.find_elements(By.CSS_SELECTOR, ".live-output img")
    assert pictures and pictures[0].get_attribute("src").startswith("data:image/png;base64,")
    assert browser.execute_script("return arguments[0].naturalWidth", pictures[0]) > 100

    # Restart, then Run again: Python starts afresh and the earlier cells run first again.
    restart = cell.find_elements(By.CSS_SELECTOR, ".live-bar .live-button")[2]
    restart.click()
    again = _edit_and_run(browser, cell, "print(NeuralNetwork.__doc__)")  # the class of the cell before
    assert again.strip() == "A network with an input layer, a hidden layer and an output layer."
    save_screenshot(browser, "live-code-edited")


def test_mnist_page_reads_the_digits_from_the_site(served, browser) -> None:
    from selenium.webdriver.common.by import By

    server, url = served
    server.requested.clear()
    browser.get(f"{url}/{MNIST_PAGE}")
    assert "MNIST digits" in _cells(browser)[0].find_element(By.CSS_SELECTOR, ".live-status").text
    cell = _cells(browser)[0]
    _run(browser, cell, timeout=300)
    output = _edit_and_run(
        browser, cell, "labels, images = load_mnist('train')\nprint(labels[:10], labels.shape, images.shape)"
    )
    assert "[5 0 4 1 9 2 1 3 1 4] (60000,) (60000, 784)" in output, output
    paths = _paths(server)
    assert any(p.endswith("/mnist/train-images-idx3-ubyte.gz") for p in paths)
    foreign = foreign_requests(requested_urls(browser))
    assert not foreign, f"requests to other hosts: {foreign}"
    save_screenshot(browser, "live-code-mnist")
