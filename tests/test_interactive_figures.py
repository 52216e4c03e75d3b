"""The interactive figures respond on the static website, with no kernel, in a real browser.

The book is built, served on 127.0.0.1 and opened in headless Chromium with every other host
unreachable. On each page the slider is moved with the keyboard, as a reader without a mouse
would, and the figure on show must be the one drawn for the new value: its ``data-value``
and its alt text both name that value. The page must log no JavaScript error and ask no host
but 127.0.0.1 for anything. Screenshots before and after go to tests/artifacts/.

The widget manager loads only when the reader comes to a figure (nnbook.js): until then the
figure is drawn from the state saved in the page. So each test first scrolls to the figure,
as a reader would, and then waits for the widget manager to draw it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
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


@dataclass(frozen=True)
class SliderCase:
    page: str
    initial: str  # the value shown when the page opens
    after_right: str  # after three presses of the right arrow key
    after_home: str  # after the Home key
    alt_fragment: str  # how the alt text of the figure names a value: fragment.format(value)
    index: int = 0  # which interactive figure of the page, counting from 0


CASES = [
    SliderCase("book/part1/predicting-machine.html", "0.50", "0.53", "0.40", "kilometres times {}."),
    SliderCase("book/part1/classifying-is-predicting.html", "0.25", "0.625", "0", "length = {} times width"),
    SliderCase("book/part1/training-a-classifier.html", "0.50", "0.65", "0.05", "Learning rate {}."),
    SliderCase("book/part1/following-signals.html", "1.0", "1.3", "0.0", "Input 1 is {} and"),
    SliderCase("book/part1/one-classifier-is-not-enough.html", "30", "45", "0", "turned to {} degrees"),
    SliderCase("book/part1/updating-weights.html", "0", "3", "0", "after {} steps", index=0),
    SliderCase("book/part1/updating-weights.html", "0.10", "0.25", "0.05", "learning rate {}", index=1),
    SliderCase("book/part1/preparing-data.html", "0", "3", "-10", "combined input x = {}"),
    SliderCase("book/part1/predicting-machine.html", "0.610", "0.613", "0.600", "for c = {}.", index=1),
    SliderCase("book/part1/neurons.html", "2", "5", "-8", "dotted line at x = {}.", index=0),
    SliderCase("book/part1/neurons.html", "1", "3", "0", "of lengths {},", index=2),
    SliderCase("book/part1/backpropagating-from-outputs.html", "0.9", "1.5", "0.6", "Output 1 has error {},"),
    SliderCase("book/part1/backpropagation-with-matrices.html", "start", "3", "start", "Step {} of 4."),
    SliderCase("book/part1/weight-update-example.html", "0.10", "0.25", "0.05", "at learning rate {}."),
    SliderCase("book/appendix-a/patterns.html", "3", "6", "0", "The power n = {}."),
]


@pytest.fixture(scope="module")
def site_url(site: Path) -> Iterator[str]:
    need_chromium()
    with LoopbackSite(site).running() as url:
        yield url


def figure_container(driver, index: int, timeout: float = 10.0):
    """The ``index``-th interactive figure of the page, once the widget manager has drawn it.

    Scrolls to the figure first (drawn from the saved state until then), which loads the
    widget manager.
    """
    from selenium.webdriver.common.by import By

    driver.execute_script(
        "const saved = document.querySelectorAll('.nnbook-preview')[arguments[0]];"
        "if (saved) saved.scrollIntoView({block: 'center'}); else if (window.nnbookLoadWidgets) nnbookLoadWidgets();",
        index,
    )
    deadline = time.monotonic() + timeout
    while True:
        found = driver.find_elements(By.CSS_SELECTOR, ".nnbook-interactive")
        if len(found) > index or time.monotonic() > deadline:
            assert len(found) > index, f"interactive figure {index} never appeared"
            return found[index]
        time.sleep(0.1)


def visible_frames(container) -> list:
    from selenium.webdriver.common.by import By

    return [f for f in container.find_elements(By.CSS_SELECTOR, ".nnbook-frame") if f.is_displayed()]


def wait_for_value(container, expected: str, timeout: float = 10.0) -> str | None:
    """The data-value of the one visible frame, once it is ``expected`` (or when time runs out)."""
    deadline = time.monotonic() + timeout
    value = None
    while time.monotonic() < deadline:
        frames = visible_frames(container)
        value = frames[0].get_attribute("data-value") if len(frames) == 1 else None
        if value == expected:
            return value
        time.sleep(0.1)
    return value


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.page.rsplit('/', 1)[-1]}-{c.index}")
def test_slider_switches_the_figure_without_a_kernel(site_url: str, case: SliderCase) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    name = case.page.rsplit("/", 1)[-1].removesuffix(".html") + f"-{case.index}"
    with chromium() as driver:
        driver.get(f"{site_url}/{case.page}")
        figure = figure_container(driver, case.index)
        assert wait_for_value(figure, case.initial) == case.initial, "the widget did not render its first figure"
        handle = figure.find_element(By.CSS_SELECTOR, ".noUi-handle")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", handle)
        save_screenshot(driver, f"{name}-before")

        # Screen readers: the handle is a named slider that speaks the value shown.
        assert handle.get_attribute("role") == "slider"
        assert handle.get_attribute("aria-label"), "the slider handle has no accessible name"
        assert handle.get_attribute("aria-valuetext") == case.initial

        for _ in range(3):
            handle.send_keys(Keys.ARROW_RIGHT)
        assert wait_for_value(figure, case.after_right) == case.after_right
        frame = visible_frames(figure)[0]
        svg = frame.find_element(By.CSS_SELECTOR, "svg[role='img']")
        assert case.alt_fragment.format(case.after_right) in svg.get_attribute("aria-label")
        assert handle.get_attribute("aria-valuetext") == case.after_right
        save_screenshot(driver, f"{name}-after")

        handle.send_keys(Keys.HOME)
        assert wait_for_value(figure, case.after_home) == case.after_home

        errors = console_errors(driver)
        assert not errors, "JavaScript errors on the page:\n" + "\n".join(errors)
        foreign = foreign_requests(requested_urls(driver))
        assert not foreign, "the page asked other hosts for:\n" + "\n".join(foreign)


def test_pages_with_widgets_load_their_scripts_from_the_site(site: Path) -> None:
    """The widget manager and require.js come from the site's own _static folder; MathJax from nowhere."""
    html = (site / CASES[0].page).read_text()
    for script in ("_static/widgets/require.js", "_static/widgets/embed-amd.js"):
        assert script in html, f"{script} is not loaded by {CASES[0].page}"
    assert "mathjax/tex-chtml.js" not in html and "window.MathJax" not in html, "the page still runs MathJax"
    assert "cdn.jsdelivr.net" not in html and "cdnjs.cloudflare.com" not in html


def test_figure_shows_at_once_and_the_widget_manager_comes_when_scrolled_to(site_url: str) -> None:
    """Opening a page draws its figure from the saved state and fetches no widget manager;
    scrolling to the figure loads it, and the live figure replaces the saved drawing."""
    from selenium.webdriver.common.by import By

    case = CASES[0]
    with chromium() as driver:
        driver.get(f"{site_url}/{case.page}")
        deadline = time.monotonic() + 20
        while driver.execute_script("return document.readyState") != "complete" and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(1.0)
        saved = driver.find_elements(By.CSS_SELECTOR, ".nnbook-preview .nnbook-frame")
        values = [f.get_attribute("data-value") for f in saved]  # one per figure on the page
        assert len(values) > case.index and values[case.index] == case.initial, values
        assert not any("embed-amd.js" in url for url in requested_urls(driver)), "the widget manager loaded at once"
        started = time.monotonic()
        figure = figure_container(driver, case.index)
        assert wait_for_value(figure, case.initial) == case.initial
        deadline = time.monotonic() + 10
        while driver.find_elements(By.CSS_SELECTOR, ".nnbook-preview") and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not driver.find_elements(By.CSS_SELECTOR, ".nnbook-preview"), "the saved drawing stayed"
        print(f"the live figure replaced the saved drawing {time.monotonic() - started:.2f} s after the scroll")
        assert any("embed-amd.js" in url for url in requested_urls(driver))
