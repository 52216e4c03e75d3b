"""The drawing demo works on the built website: draw, read the answer, clear, on desktop and phone.

The book is built and served on 127.0.0.1, and the page "Your own handwriting" is opened in
headless Chromium with every other host unreachable. A "1" and a "7" are drawn on the pad
with the mouse (Selenium's ActionChains, which the browser receives as pointer events, as
it would a real mouse); the network must read them as 1 and 7, the bars and the preview
must change, and the answer must be announced in the aria-live region. A photo-like picture
(a 4 drawn by Pillow with a thick pen on shaded paper, 300 x 400 px, not an MNIST digit) is
chosen through the "Read a photo" file input and must be read as a 4. Clear empties
everything again; the keyboard alone can show an example and read its answer. On a phone-
sized screen the pad fits the width and a finger (touch pointer) draws. No JavaScript error,
no request to another host. Screenshots go to tests/artifacts/.

The page's HTML does not carry the network: its weights are a file of the site
(book/_ext/digit_weights.py), fetched once, at the first stroke, not when the page opens. When
that file cannot be fetched the demo says so, and the next stroke tries again.
"""

from __future__ import annotations

import re
import time
import urllib.request
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

PAGE = "book/part3/your-own-handwriting.html"

# Strokes as fractions of the pad (x right, y down): where the pointer goes down, moves, lifts.
ONE = [[(0.52, 0.18), (0.52, 0.3), (0.51, 0.45), (0.51, 0.6), (0.5, 0.72), (0.5, 0.82)]]
SEVEN = [[(0.3, 0.22), (0.45, 0.22), (0.6, 0.22), (0.7, 0.22), (0.62, 0.38), (0.55, 0.52), (0.49, 0.66), (0.44, 0.8)]]


@pytest.fixture(scope="module")
def site_url(site: Path) -> Iterator[str]:
    need_chromium()
    with LoopbackSite(site).running() as url:
        yield url


def wait_until(condition, timeout: float = 15.0, what: str = "the page"):
    """Poll ``condition()`` until it is truthy; fail with ``what`` when time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")


def open_demo(driver, url: str):
    """Load the page and return the demo's outer element once its script has set it up."""
    from selenium.webdriver.common.by import By

    driver.get(f"{url}/{PAGE}")
    root = wait_until(
        lambda: driver.find_elements(By.CSS_SELECTOR, ".nnbook-digit-demo[data-ready='true']"),
        what="the drawing demo to start",
    )[0]
    pad = root.find_element(By.CSS_SELECTOR, "[data-role='pad']")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", pad)
    return root, pad


def draw(driver, pad, strokes, *, touch: bool = False) -> None:
    """Draw ``strokes`` on the pad with a mouse (or a finger), in small steps."""
    from selenium.webdriver.common.actions.action_builder import ActionBuilder
    from selenium.webdriver.common.actions.interaction import POINTER_TOUCH
    from selenium.webdriver.common.actions.pointer_input import PointerInput

    box = driver.execute_script(
        "const r = arguments[0].getBoundingClientRect(); return [r.left, r.top, r.width, r.height];", pad
    )
    left, top, width, height = box
    kind = PointerInput(POINTER_TOUCH, "finger") if touch else None
    actions = ActionBuilder(driver, mouse=kind) if touch else ActionBuilder(driver)
    pointer = actions.pointer_action
    for stroke in strokes:
        points = [(round(left + x * width), round(top + y * height)) for x, y in stroke]
        pointer.move_to_location(*points[0])
        pointer.pointer_down()
        for (x0, y0), (x1, y1) in zip(points, points[1:]):
            for step in range(1, 5):  # several moves per segment, as a hand sends them
                pointer.move_to_location(round(x0 + (x1 - x0) * step / 4), round(y0 + (y1 - y0) * step / 4))
        pointer.pointer_up()
    actions.perform()


def state(driver, root) -> dict:
    """What the demo shows: its answer, the announced text, bar widths, ink in the preview."""
    return driver.execute_script(
        """
        const root = arguments[0];
        const preview = root.querySelector("[data-role='preview']");
        const pixels = preview.getContext("2d").getImageData(0, 0, 28, 28).data;
        let ink = 0;
        for (let i = 0; i < pixels.length; i += 4) ink += 255 - pixels[i];
        return {
          answer: root.dataset.answer,
          big: root.querySelector("[data-role='big']").textContent,
          announced: root.querySelector("[data-role='answer']").textContent,
          widths: Array.from(root.querySelectorAll(".nnb-fill")).map((f) => parseFloat(f.style.width) || 0),
          top: Array.from(root.querySelectorAll("[data-role='bar']")).findIndex((b) => b.classList.contains("nnb-top")),
          previewInk: ink,
        };
        """,
        root,
    )


def check_clean(driver) -> None:
    errors = console_errors(driver)
    assert not errors, "JavaScript errors on the page:\n" + "\n".join(errors)
    foreign = foreign_requests(requested_urls(driver))
    assert not foreign, "the page asked other hosts for:\n" + "\n".join(foreign)


def test_drawn_digits_are_read_at_once_and_clear_empties_the_demo(site_url: str) -> None:
    from selenium.webdriver.common.by import By

    with chromium(1200, 1000) as driver:
        root, pad = open_demo(driver, site_url)
        empty = state(driver, root)
        assert empty["answer"] == "" and empty["previewInk"] == 0 and max(empty["widths"]) == 0
        assert "Draw a digit" in empty["announced"]

        for strokes, digit in ((ONE, "1"), (SEVEN, "7")):
            root.find_element(By.CSS_SELECTOR, "[data-role='clear']").click()
            draw(driver, pad, strokes)
            shown = wait_until(
                lambda digit=digit: (s := state(driver, root))["answer"] == digit and s,
                what=f"the network to read the drawn {digit} (it shows {state(driver, root)['answer']!r})",
            )
            assert shown["big"] == digit and shown["top"] == int(digit)
            assert f"reads a {digit}" in shown["announced"]
            assert shown["previewInk"] > 0, "the 28 x 28 preview stayed blank"
            assert max(shown["widths"]) == shown["widths"][int(digit)] > 50
            save_screenshot(driver, f"digit-demo-drawn-{digit}")

        root.find_element(By.CSS_SELECTOR, "[data-role='clear']").click()
        cleared = state(driver, root)
        assert cleared["answer"] == "" and cleared["previewInk"] == 0 and max(cleared["widths"]) == 0
        check_clean(driver)


def weights_requests(driver) -> list[str]:
    """The drawing pad's weight files the page asked for since the last look."""
    return [url for url in requested_urls(driver) if re.search(r"/_static/nnbook/weights-[0-9a-f]+\.json$", url)]


def test_the_weights_are_not_in_the_page_and_come_once_at_the_first_stroke(site_url: str) -> None:
    from selenium.webdriver.common.by import By

    page = urllib.request.urlopen(f"{site_url}/{PAGE}").read().decode("utf-8")
    assert '"matrices"' not in page, "the page's HTML still carries the network's weights"
    assert re.search(r'data-role="weights" data-src="\.\./\.\./_static/nnbook/weights-[0-9a-f]+\.json"', page)

    with chromium(1200, 1000) as driver:
        root, pad = open_demo(driver, site_url)
        time.sleep(0.5)
        assert weights_requests(driver) == [], "the weights were fetched before anyone drew"
        assert root.get_attribute("data-network") == "not loaded"
        draw(driver, pad, ONE)
        wait_until(lambda: state(driver, root)["answer"] == "1", what="the first stroke to be read")
        assert len(weights_requests(driver)) == 1
        assert root.get_attribute("data-network") == "ready"
        root.find_element(By.CSS_SELECTOR, "[data-role='clear']").click()
        draw(driver, pad, SEVEN)
        wait_until(lambda: state(driver, root)["answer"] == "7", what="the second drawing to be read")
        assert weights_requests(driver) == [], "the weights were fetched a second time"
        assert not console_errors(driver)


def test_weights_that_cannot_be_fetched_are_said_so_and_tried_again(site_url: str) -> None:
    from selenium.webdriver.common.by import By

    with chromium(1200, 1000) as driver:
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*/_static/nnbook/weights-*"]})
        root, pad = open_demo(driver, site_url)
        draw(driver, pad, ONE)
        wait_until(lambda: root.get_attribute("data-network") == "failed", what="the failed fetch to be reported")
        shown = state(driver, root)
        assert "could not be loaded" in shown["announced"] and "draw again" in shown["announced"]
        assert shown["answer"] == "" and shown["big"] == "!" and shown["previewInk"] > 0
        save_screenshot(driver, "digit-demo-weights-failed")

        driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})
        root.find_element(By.CSS_SELECTOR, "[data-role='clear']").click()
        draw(driver, pad, ONE)
        wait_until(lambda: state(driver, root)["answer"] == "1", what="the retried fetch and the reading")


def test_an_uploaded_photo_is_cleaned_painted_on_the_pad_and_read(site_url: str, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    from test_digit_demo import paper_photo

    photo = tmp_path / "my-four.png"
    paper_photo("4", (300, 400)).save(photo)
    with chromium(1200, 1000) as driver:
        root, pad = open_demo(driver, site_url)
        chooser = root.find_element(By.CSS_SELECTOR, "[data-role='photo']")
        assert chooser.get_attribute("type") == "file" and "image/" in chooser.get_attribute("accept")
        chooser.send_keys(str(photo))
        shown = wait_until(lambda: (s := state(driver, root))["answer"] and s, what="the uploaded photo to be read")
        assert shown["answer"] == "4" and shown["big"] == "4", f"the photo of a 4 was read as {shown['answer']}"
        assert "reads a 4" in shown["announced"]
        assert shown["previewInk"] > 0 and max(shown["widths"]) == shown["widths"][4]
        # The pad now shows the photo's ink, dark on white: the grey paper has become white.
        corner = driver.execute_script(
            "return Array.from(arguments[0].getContext('2d').getImageData(2, 2, 1, 1).data);", pad
        )
        assert corner[:3] == [255, 255, 255], f"the paper was not cleaned away: corner {corner}"
        save_screenshot(driver, "digit-demo-photo")
        check_clean(driver)


def test_keyboard_alone_shows_an_example_and_reads_the_answer(site_url: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    with chromium(1200, 1000) as driver:
        root, pad = open_demo(driver, site_url)
        answer = root.find_element(By.CSS_SELECTOR, "[data-role='answer']")
        assert answer.get_attribute("aria-live") == "polite"
        assert pad.get_attribute("aria-label") and pad.get_attribute("tabindex") == "0"

        example = root.find_element(By.CSS_SELECTOR, "[data-role='example']")
        example.send_keys(Keys.ENTER)  # the first example is a 0
        shown = wait_until(lambda: (s := state(driver, root))["answer"] and s, what="the example to be read")
        assert shown["answer"] == "0" and "reads a 0" in shown["announced"]

        pad.send_keys(Keys.DELETE)  # the pad itself clears from the keyboard
        assert state(driver, root)["answer"] == ""
        check_clean(driver)


def test_phone_screen_fits_the_pad_and_a_finger_draws(site_url: str) -> None:
    with chromium(500, 900) as driver:
        # A 390 px wide phone (Chromium's window cannot be narrower than 500 px).
        driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride", {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True}
        )
        driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 5})
        root, pad = open_demo(driver, site_url)
        left, right, width = driver.execute_script(
            "const r = arguments[0].getBoundingClientRect(); return [r.left, r.right, window.innerWidth];", pad
        )
        assert width == 390
        assert left >= 0 and right <= width, f"the pad spills off a 390 px screen ({left:.0f}..{right:.0f})"
        assert right - left >= 250, "the pad is too small to draw on with a finger"
        assert driver.execute_script("return getComputedStyle(arguments[0]).touchAction", pad) == "none"

        draw(driver, pad, ONE, touch=True)
        shown = wait_until(lambda: (s := state(driver, root))["answer"] and s, what="a finger-drawn 1 to be read")
        assert shown["answer"] == "1"
        save_screenshot(driver, "digit-demo-phone")
        check_clean(driver)
