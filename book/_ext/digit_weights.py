"""The drawing pad's weights leave the page's HTML for a file fetched at the first stroke.

The drawing demo of page 3.1 (``nnbook.web.digit_demo``) carries the trained network inline,
in ``<script type="application/json" data-role="weights">``: a notebook in a live kernel, on
Binder or on Colab has no file server, so the cell's output must hold everything. On the
website that inline copy would be about 170 kB (gzipped) inside the page, fetched by every
reader, even one who only reads the words; issue 15 allows a second page 150 kB in all.

After the HTML is written, this extension moves each inline payload into a file named by
its content, ``_static/nnbook/weights-<first 16 hex digits of its SHA-256>.json``, and leaves
an empty element pointing at it with a URL relative to the page::

    <script type="application/json" data-role="weights" data-src="../../_static/nnbook/weights-….json"></script>

``digit_reader.js`` fetches that file once, the first time the reader draws, shows an example
or chooses a photo. The same network on several pages is one file, which the browser caches.

It runs on ``build-finished`` with priority 400, before ``site_assets`` lightens the pages
(950) and writes their gzipped copies (990), so those copies hold the lighter pages.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

logger = logging.getLogger(__name__)

FOLDER = "_static/nnbook"  # where the weight files go, inside the built site
PAYLOAD_FORMAT = "nnbook-digit-reader"  # the "format" of nnbook.web.digit_demo.export_weights
MARKER = 'data-role="weights"'
# The inline payload: the element digit_demo writes, with JSON between its tags.
_INLINE = re.compile(r'<script type="application/json" data-role="weights">(?P<json>.*?)</script>', re.DOTALL)
_FETCHED = re.compile(r'<script type="application/json" data-role="weights" data-src="(?P<src>[^"]*)"></script>')


def weights_file_name(payload_text: str, page: Path) -> tuple[str, bytes]:
    """The content-addressed name of one payload and the bytes to write under it.

    The payload is parsed and written again compactly with its keys sorted, so the same
    network gives the same file whatever spacing the page used. A payload that is not
    JSON, or not the digit reader's, stops the build with the page's name: the pad would
    otherwise fail only in the reader's browser.
    """
    try:
        payload = json.loads(payload_text)
    except json.JSONDecodeError as error:
        raise ExtensionError(f"{page}: the drawing pad's weights are not valid JSON ({error})") from error
    if not isinstance(payload, dict) or payload.get("format") != PAYLOAD_FORMAT:
        found = payload.get("format") if isinstance(payload, dict) else type(payload).__name__
        raise ExtensionError(
            f"{page}: the drawing pad's weights are not a {PAYLOAD_FORMAT} payload (found {found!r}); "
            "they should come from nnbook.web.digit_demo.export_weights"
        )
    body = json.dumps(payload, separators=(",", ":"), sort_keys=True).encode("utf-8")
    return f"weights-{hashlib.sha256(body).hexdigest()[:16]}.json", body


def move_weights(outdir: Path) -> dict[str, list[str]]:
    """Move every inline payload under ``outdir`` into its file; return file name -> pages.

    Pages without a payload are not rewritten. A page whose payload was moved by an earlier
    build (an unchanged page in an incremental build) is left as it is, but the file it
    names must still be there.
    """
    written: dict[str, list[str]] = {}
    folder = outdir / FOLDER
    for page in sorted(outdir.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        if MARKER not in text:
            continue
        for match in _FETCHED.finditer(text):
            target = (page.parent / html.unescape(match["src"])).resolve()
            if not target.is_file():
                raise ExtensionError(f"{page}: the drawing pad's weights file {match['src']} is missing")

        def to_file(match: re.Match[str], page: Path = page) -> str:
            name, body = weights_file_name(match["json"], page.relative_to(outdir))
            path = folder / name
            if name not in written:
                folder.mkdir(parents=True, exist_ok=True)
                if not path.is_file() or path.read_bytes() != body:
                    path.write_bytes(body)
                written[name] = []
            written[name].append(page.relative_to(outdir).as_posix())
            url = Path(os.path.relpath(path, page.parent)).as_posix()
            return f'<script type="application/json" data-role="weights" data-src="{html.escape(url)}"></script>'

        lighter = _INLINE.sub(to_file, text)
        if lighter != text:
            page.write_text(lighter, encoding="utf-8")
    return written


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name != "html":
        return
    for name, pages in move_weights(Path(app.outdir)).items():
        logger.info(f"digit_weights: {FOLDER}/{name} for {', '.join(pages)}")


def setup(app: Sphinx) -> dict:
    # Before site_assets lightens the pages (950) and writes their gzipped copies (990).
    app.connect("build-finished", _on_build_finished, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
