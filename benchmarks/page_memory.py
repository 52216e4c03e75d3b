"""How much memory does each page of the book need? (a script, not a test)

Appendix B says which Raspberry Pi can run which page. That answer needs a measurement,
so this script executes each page's notebook the way the build does (jupytext turns the
Markdown page into a notebook, nbclient runs it in a fresh Python kernel, in the page's
own folder) and, while the kernel works, reads the resident memory (RSS) of the kernel
and of every process it started (the rotations page trains in worker processes) several
times a second. Two numbers are kept per page:

- ``peak_mb``: the largest total seen by the polling, or the kernel's own high-water
  mark (``VmHWM`` in ``/proc``, exact even between polls), whichever is larger;
- ``kernel_start_mb``: what the kernel holds before the first cell runs, the part that
  is Python itself rather than the page;
- ``note``: empty for a complete run; a row added or corrected by hand says why here.

Results go to ``data/page-memory.csv`` (one row per page, with the date and machine);
Appendix B reads that file. Run from the repository root, gently::

    nice -n 10 .venv/bin/python benchmarks/page_memory.py book/part2/*.md book/part3/*.md

Pages listed in the CSV already are measured again and their rows replaced; other rows
are kept, so the pages can be measured a few at a time.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import os
import platform
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import jupytext
import nbclient
import psutil

ROOT = Path(__file__).resolve().parent.parent
CSV_PATH = ROOT / "data" / "page-memory.csv"
FIELDS = ("page", "peak_mb", "kernel_start_mb", "seconds", "measured", "machine", "note")
POLL_SECONDS = 0.1


@dataclass
class Measurement:
    """One page's result, as one row of the CSV."""

    page: str
    peak_mb: float
    kernel_start_mb: float
    seconds: float


def _tree_rss(process: psutil.Process) -> int:
    """Resident bytes of a process and all its descendants (those that vanish mid-count are skipped)."""
    total = 0
    try:
        family = [process, *process.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    for member in family:
        try:
            total += member.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total


def _high_water_mark(pid: int) -> int:
    """The kernel's peak resident bytes according to Linux (0 where /proc is missing)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


class _Poller(threading.Thread):
    """Reads the kernel tree's memory until told to stop, remembering the largest total."""

    def __init__(self, process: psutil.Process) -> None:
        super().__init__(daemon=True)
        self.process = process
        self.peak = 0
        self.hwm = 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.peak = max(self.peak, _tree_rss(self.process))
            self.hwm = max(self.hwm, _high_water_mark(self.process.pid))
            time.sleep(POLL_SECONDS)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


def measure_page(page: Path, timeout: int) -> Measurement:
    """Run one page's notebook in a fresh kernel and return its peak memory."""
    notebook = jupytext.read(page)
    client = nbclient.NotebookClient(
        notebook, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(page.parent)}}
    )
    started = time.perf_counter()
    with client.setup_kernel():
        kernel = psutil.Process(client.km.provisioner.process.pid)
        time.sleep(1.0)  # let the kernel finish starting before calling its size the baseline
        start_bytes = _tree_rss(kernel)
        poller = _Poller(kernel)
        poller.start()
        try:
            for index, cell in enumerate(notebook.cells):
                client.execute_cell(cell, index)
        finally:
            poller.stop()
    peak = max(poller.peak, poller.hwm)
    return Measurement(
        page=page.relative_to(ROOT).as_posix() if page.is_absolute() else page.as_posix(),
        peak_mb=round(peak / 1e6, 1),
        kernel_start_mb=round(start_bytes / 1e6, 1),
        seconds=round(time.perf_counter() - started, 1),
    )


def _read_rows(csv_path: Path) -> dict[str, dict[str, str]]:
    """The rows already in the CSV, by page."""
    if not csv_path.exists():
        return {}
    with csv_path.open(newline="") as handle:
        return {row["page"]: row for row in csv.DictReader(handle)}


def _reading_order() -> list[str]:
    """The pages' paths in the order of the book's table of contents (``_toc.yml``)."""
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    return [f"{line.split('file:')[1].split('#')[0].strip()}.md" for line in toc.splitlines() if "file:" in line]


def _write_rows(rows: dict[str, dict[str, str]], csv_path: Path) -> None:
    """Write the CSV in reading order (pages missing from the table of contents last)."""
    order = _reading_order()
    pages = sorted(rows, key=lambda page: order.index(page) if page in order else len(order))
    csv_path.parent.mkdir(parents=True, exist_ok=True)
    with csv_path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS, lineterminator="\n", restval="")
        writer.writeheader()
        for page in pages:
            writer.writerow(rows[page])


def main() -> None:
    """Measure the pages named on the command line and update the CSV after each one."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="+", type=Path, help="Markdown pages of the book")
    parser.add_argument("--timeout", type=int, default=3600, help="seconds allowed per cell")
    parser.add_argument("--csv", type=Path, default=CSV_PATH, help="where to write (default: data/page-memory.csv)")
    args = parser.parse_args()
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    rows = _read_rows(args.csv)
    # A page that shows this script's results (Appendix B's table) checks that the others
    # have been measured, so it goes last.
    pages = sorted(args.pages, key=lambda page: CSV_PATH.name in page.read_text(encoding="utf-8"))
    for page in pages:
        page = page.resolve()
        result = measure_page(page, args.timeout)
        print(f"{result.page}: peak {result.peak_mb} MB (kernel alone {result.kernel_start_mb} MB), {result.seconds} s")
        rows[result.page] = {
            "page": result.page,
            "peak_mb": f"{result.peak_mb:.1f}",
            "kernel_start_mb": f"{result.kernel_start_mb:.1f}",
            "seconds": f"{result.seconds:.1f}",
            "measured": datetime.date.today().isoformat(),
            "machine": machine,
            "note": "",
        }
        _write_rows(rows, args.csv)


if __name__ == "__main__":
    main()
