#!/usr/bin/env python3
"""How fast the in-page Python is: first Run to first output, and a training epoch in the browser.

The website runs each page's code in the reader's browser (Pyodide in a Web Worker; see
book/_ext/live_code.py). This script measures it in Debian's headless Chromium, with the
files served from 127.0.0.1 exactly as the site serves them (the same worker, runtime,
Pyodide files, the package's wheel and the MNIST files), every other host unresolvable:

1. **Cold start**: a fresh browser profile (nothing cached), a page whose cell uses numpy;
   the time from pressing Run to the cell's output appearing, and the bytes fetched.
   Measured again in the same profile (files from the browser's cache).
2. **Training speed**: one epoch of the book's per-record training, 784-200-10, learning
   rate 0.1, on all 60,000 training records, in the browser and in this native Python, from
   the same starting weights: ``NeuralNetwork.train`` in a Python loop, and
   ``training.train_epoch`` (the same result, the way the pages train).

It is a script for people, not a test. Needs ``tools/vendor_pyodide.py`` to have run (make
book does) and MNIST in ``NNBOOK_DATA_DIR`` or the package's cache. Usage, from the
repository root: ``.venv/bin/python benchmarks/live_speed.py [--records N] [--repeats K]``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "book" / "_ext"))

from browser import LoopbackSite, chromium  # noqa: E402  (the browser tests' own helpers)

TRAINING_CODE = """\
import time
import numpy as np
from nnbook.data import load_mnist, make_targets, scale_inputs
from nnbook.network import NeuralNetwork
from nnbook.training import train_epoch

labels, images = load_mnist("train", limit={records})
inputs, targets = scale_inputs(images), make_targets(labels)
net = NeuralNetwork([784, 200, 10], learning_rate=0.1, rng=np.random.default_rng(1))
net.fast = {fast}
started = time.perf_counter()
if "{how}" == "loop":
    for record, target in zip(inputs, targets):
        net.train(record, target)
else:
    train_epoch(net, inputs, targets)
seconds = time.perf_counter() - started
print("EPOCH", round(seconds, 3), float(np.abs(net.weights[0]).sum().round(6)))
"""


def make_site(folder: Path) -> None:
    """A one-page site laid out like the book's: _static/{pyodide,wheels,live,mnist}/."""
    import live_code
    from nnbook.mnist import mnist_cache_dir

    static = folder / "_static"
    vendored = ROOT / "_vendor" / "live"
    if not (vendored / "pyodide" / "pyodide.js").is_file():
        sys.exit("live_speed: run `python tools/vendor_pyodide.py` first (make book does)")
    shutil.copytree(vendored, static, dirs_exist_ok=True)
    shutil.copytree(ROOT / "book" / "_assets" / "live", static / "live")
    name, wheel = live_code.build_wheel()
    wheel_path = static / "wheels" / "bench" / name
    wheel_path.parent.mkdir(parents=True)
    wheel_path.write_bytes(wheel)
    mnist = mnist_cache_dir()
    for file in live_code.MNIST_NAMES:
        (static / "mnist").mkdir(exist_ok=True)
        shutil.copyfile(mnist / file, static / "mnist" / file)
    tqdm = sorted((static / "wheels").glob("tqdm-*.whl"))[-1].name
    cells = [
        {
            "index": 0,
            "source": "import numpy as np\nprint(np.dot([1, 2], [3, 4]))",
            "tags": [],
            "skip": False,
            "raises": False,
            "visible": True,
        },
        {"index": 1, "source": "print('ready')", "tags": [], "skip": False, "raises": False, "visible": True},
    ]
    page = {
        "folder": "book/bench",
        "cells": cells,
        "files": [],
        "mnist": True,
        "wheel": f"wheels/bench/{name}",
        "tqdm": tqdm,
        "sizes": {},
    }
    bodies = "".join(
        f'<div class="cell live-cell-{c["index"]}"><div class="cell_input"><pre>{c["source"]}</pre></div></div>'
        for c in cells
    )
    (folder / "page.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>live speed</title>'
        '<link rel="icon" href="data:,"></head><body>'
        + bodies
        + f'<script type="application/json" id="nnbook-live-page">{json.dumps(page)}</script>'
        '<script src="_static/live/live-code.js" defer></script></body></html>'
    )


def wait_for(driver, selector: str, text: str, timeout: float) -> str:
    from selenium.webdriver.common.by import By

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = driver.find_elements(By.CSS_SELECTOR, selector)
        if found and text in (found[0].get_attribute("innerText") or ""):
            return found[0].get_attribute("innerText")
        time.sleep(0.02)
    raise TimeoutError(f"{selector} never showed {text!r}")


def run_cell(driver, index: int, source: str | None = None) -> None:
    driver.execute_script(
        "const cell = document.querySelector(arguments[0]);"
        "if (arguments[1] !== null) { cell.querySelectorAll('button')[1].click();"
        "  const editor = cell.querySelector('textarea'); editor.value = arguments[1];"
        "  editor.dispatchEvent(new Event('input')); }"
        "cell.querySelector('button').click();",
        f".live-cell-{index}",
        source,
    )


def cold_start(url: str, site: LoopbackSite, profile_runs: int) -> list[dict]:
    """Press Run on a numpy cell in a fresh profile, then again after reloading (cached files)."""
    results = []
    with chromium() as driver:
        for attempt in range(profile_runs):
            site.requested.clear()
            driver.get(url + "/page.html")
            time.sleep(0.5)
            started = time.perf_counter()
            run_cell(driver, 0)
            wait_for(driver, ".live-cell-0 .live-output", "11", 120)
            seconds = time.perf_counter() - started
            fetched = [p for p in site.requested if "/_static/" in p and not p.endswith("live-code.js")]
            results.append({"run": "cold" if attempt == 0 else "cached", "seconds": seconds, "requests": len(fetched)})
    return results


def browser_epoch(url: str, records: int, fast: bool = True, how: str = "loop") -> float:
    with chromium() as driver:
        driver.get(url + "/page.html")
        time.sleep(0.5)
        run_cell(driver, 1, TRAINING_CODE.format(records=records, fast=fast, how=how))
        text = wait_for(driver, ".live-cell-1 .live-output", "EPOCH", 1800)
        return float(text.split("EPOCH")[1].split()[0])


def native_epoch(records: int, fast: bool = True, how: str = "loop") -> float:
    lines = []
    import contextlib
    import io

    with contextlib.redirect_stdout(io.StringIO()) as out:
        exec(TRAINING_CODE.format(records=records, fast=fast, how=how), {"__name__": "__bench__"})
    lines = out.getvalue()
    return float(lines.split("EPOCH")[1].split()[0])


def transfer_sizes(static: Path) -> dict[str, tuple[int, int]]:
    """Bytes of what a first Run fetches: (as stored, gzipped) for numpy alone and for the full set."""
    files = {p.name: p for p in (static / "pyodide").iterdir() if p.is_file()}
    core = [
        p
        for n, p in files.items()
        if n.startswith(("pyodide.js", "pyodide.asm", "python_stdlib", "pyodide-lock", "numpy-"))
    ]
    full = [p for n, p in files.items() if not n.startswith(("micropip", "pyodide.mjs", "NOTICE", "vendored"))]
    full += list((static / "wheels").rglob("*.whl")) + list((static / "live").glob("*"))

    def sizes(paths: list[Path]) -> tuple[int, int]:
        raw = sum(p.stat().st_size for p in paths)
        packed = sum(len(gzip.compress(p.read_bytes(), 6)) for p in paths)
        return raw, packed

    return {"numpy only": sizes(core), "numpy, scipy, matplotlib, Pillow, nnbook, tqdm": sizes(full)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=60_000, help="training records (default 60,000)")
    parser.add_argument("--repeats", type=int, default=1, help="timed epochs on each side (default 1)")
    settings = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="live-speed-") as folder:
        make_site(Path(folder))
        for name, (raw, packed) in transfer_sizes(Path(folder) / "_static").items():
            print(f"first-Run download, {name}: {raw / 1e6:.1f} MB as stored, {packed / 1e6:.1f} MB gzipped")
        site = LoopbackSite(Path(folder))
        with site.running() as url:
            for result in cold_start(url, site, 2):
                print(
                    f"{result['run']:>6} start: Run to first output {result['seconds']:.1f} s "
                    f"({result['requests']} requests)"
                )
            browser = {
                how: [browser_epoch(url, settings.records, how=how) for _ in range(settings.repeats)]
                for how in ("loop", "epoch")
            }
    native = {
        how: [native_epoch(settings.records, how=how) for _ in range(settings.repeats)] for how in ("loop", "epoch")
    }
    for how, label in (("loop", "NeuralNetwork.train in a loop"), ("epoch", "training.train_epoch")):
        b, n = statistics.median(browser[how]), statistics.median(native[how])
        print(
            f"one epoch, {settings.records} records, 784-200-10, per record, {label}: "
            f"browser {b:.2f} s, native {n:.2f} s, ratio {b / n:.2f}x"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
