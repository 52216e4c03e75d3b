#!/usr/bin/env python3
"""Score the built website with Lighthouse, as a phone sees it, and write the scores down.

Lighthouse 12.2.3 (pinned in package.json and package-lock.json here; 13.x needs Node 22)
drives Debian's Chromium (``CHROME_PATH``, /usr/bin/chromium by default) against a loopback
server of ``_build/html``, with every other host unresolvable, so the run needs no network.
Its default profile is a mid-range phone on a slow 4G connection (simulated throttling).

The server sends each file's precompressed copy (``name.gz``, written by the build, see
``book/_ext/site_assets.py``) with ``Content-Encoding: gzip`` when the browser accepts gzip,
as nginx's ``gzip_static`` would, and as GitHub Pages, which compresses on the fly, does in
effect. Without compression Lighthouse would judge a server rather than the site.

Usage, from the repository root, after ``make book``::

    npm ci --prefix benchmarks/lighthouse          # once
    .venv/bin/python benchmarks/lighthouse/run.py  # scores into benchmarks/README.md

It writes the Performance, Accessibility and Best-practices scores of each page (and the
reports, JSON, into benchmarks/lighthouse/reports/, git-ignored) between the two marker
lines of the section "Lighthouse" in benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import gzip
import io
import json
import os
import subprocess
import sys
import threading
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SITE = REPO / "_build" / "html"
README = REPO / "benchmarks" / "README.md"
REPORTS = HERE / "reports"
LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
START, END = "<!-- lighthouse:start -->", "<!-- lighthouse:end -->"
CATEGORIES = ("performance", "accessibility", "best-practices")
PAGES = {
    "home": "book/index.html",
    "1.2 km to miles (sliders)": "book/part1/predicting-machine.html",
    "1.14 updating weights": "book/part1/updating-weights.html",
    "2.10 epochs": "book/part2/epochs.html",
    "3.1 your own handwriting": "book/part3/your-own-handwriting.html",
}
COMPRESSIBLE = {".html", ".js", ".css", ".svg", ".json", ".txt", ".xml", ".map", ".mjs", ".ttf", ".eot"}
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --host-resolver-rules='MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'"


class GzipStaticHandler(SimpleHTTPRequestHandler):
    """A static file server that sends ``name.gz`` in place of ``name`` when it may.

    A text file with no such copy is compressed as it is sent (a site built before the build
    wrote copies is then judged fairly too).
    """

    def send_head(self):  # noqa: ANN201 (the base class's signature)
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        packed = path.with_name(path.name + ".gz")
        if packed.is_file():
            body = packed.read_bytes()
        elif path.suffix in COMPRESSIBLE and path.stat().st_size >= 1400:
            body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)  # what a server does on the fly
        else:
            return super().send_head()
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=600")  # as GitHub Pages sends
        super().end_headers()

    def log_message(self, *args: object) -> None:  # quiet
        pass


@contextmanager
def serve(root: Path):
    handler = functools.partial(GzipStaticHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def score(url: str, name: str, slowdown: float) -> dict[str, int]:
    """Run Lighthouse once on one page; its three scores out of 100, and the machine's speed."""
    REPORTS.mkdir(exist_ok=True)
    report = REPORTS / f"{name}-cpu{slowdown:g}.json"
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
        f"--throttling.cpuSlowdownMultiplier={slowdown:g}",
    ]
    subprocess.run(command, check=True, env=env, timeout=600)
    data = json.loads(report.read_text())
    scores = {key: round(100 * (data["categories"][key]["score"] or 0)) for key in CATEGORIES}
    return {**scores, "benchmark": round(data["environment"]["benchmarkIndex"])}


def write_readme(rows: list[tuple[str, str, dict[float, dict[str, int]]]], version: str) -> None:
    today = datetime.date.today().isoformat()
    slowdowns = list(rows[0][2])
    lines = [
        START,
        f"Measured {today} with Lighthouse {version}, mobile profile (simulated slow 4G), Debian's Chromium, "
        "the site served gzipped from 127.0.0.1 (`benchmarks/lighthouse/run.py`). Performance is given for each "
        "CPU slowdown Lighthouse applied (its default is 4x, meant for a fast desktop; Lighthouse's own "
        "benchmark index of this machine is in the last column, a typical laptop scores 1000 to 2000).",
        "",
        "| page | "
        + " | ".join(f"Performance ({x:g}x CPU)" for x in slowdowns)
        + " | Accessibility | Best practices | benchmark index |",
        "|---|" + "---:|" * (len(slowdowns) + 3),
    ]
    for name, page, by_slowdown in rows:
        first = by_slowdown[slowdowns[0]]
        performance = " | ".join(str(by_slowdown[x]["performance"]) for x in slowdowns)
        lines.append(
            f"| {name} (`{page}`) | {performance} | {first['accessibility']} | {first['best-practices']} "
            f"| {first['benchmark']} |"
        )
    lines.append(END)
    text = README.read_text()
    if START in text:
        head, _, rest = text.partition(START)
        _, _, tail = rest.partition(END)
        text = head + "\n".join(lines) + tail
    else:
        text = text.rstrip("\n") + "\n\n## Lighthouse\n\n" + "\n".join(lines) + "\n"
    README.write_text(text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, default=SITE)
    parser.add_argument("--no-write", action="store_true", help="print the scores only")
    parser.add_argument(
        "--cpu-slowdown",
        type=float,
        nargs="+",
        default=[4.0, 2.0],
        help="Lighthouse's CPU slowdown, one run per value (default: its own 4, and 2 for a slower host)",
    )
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit("run `npm ci --prefix benchmarks/lighthouse` first")
    version = subprocess.run([str(LIGHTHOUSE), "--version"], capture_output=True, text=True).stdout.strip()
    rows = []
    with serve(args.site) as base:
        for name, page in PAGES.items():
            by_slowdown = {}
            for slowdown in args.cpu_slowdown:
                by_slowdown[slowdown] = score(f"{base}/{page}", Path(page).stem, slowdown)
                print(f"{name:32} {slowdown:g}x CPU {by_slowdown[slowdown]}", flush=True)
            rows.append((name, page, by_slowdown))
    if not args.no_write:
        write_readme(rows, version)
    return 0


if __name__ == "__main__":
    sys.exit(main())
