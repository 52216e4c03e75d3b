"""What changes when this package runs inside a web page (Pyodide), and the one way it fetches.

The book's website can run each page's code in the reader's browser, with Python compiled
to WebAssembly (Pyodide) in a Web Worker. Two things work differently there:

- **No processes.** A browser tab cannot start new Python processes, so the experiment
  helpers that train several networks side by side take their one-process path.
- **No sockets.** ``urllib`` cannot open connections; files come from the page's own site
  through the browser. A synchronous request is allowed inside a Web Worker, which is where
  the book's runtime runs Python, so the callers keep their plain blocking style.
"""

from __future__ import annotations

import sys

IN_BROWSER = sys.platform == "emscripten"
"""True when Python runs in a web page (Pyodide), False in a normal interpreter."""


def can_start_processes() -> bool:
    """Whether a ``ProcessPoolExecutor`` can start workers here (never in a browser)."""
    return not IN_BROWSER


def fetch_bytes(url: str, limit: int | None = None) -> bytes:
    """The body at ``url``, fetched by the browser (only inside Pyodide's Web Worker).

    Raises ``OSError`` for an HTTP error or a failed request, like ``urllib`` would, so the
    callers' error handling needs no browser branch; ``limit`` refuses a longer body.
    """
    if not IN_BROWSER:
        raise RuntimeError("fetch_bytes works only inside the in-browser Python")
    import js  # Pyodide's bridge to JavaScript; exists only there

    request = js.XMLHttpRequest.new()
    request.open("GET", url, False)  # synchronous: allowed in a worker, keeps callers simple
    request.responseType = "arraybuffer"
    try:
        request.send(None)
    except Exception as err:  # a JavaScript NetworkError arrives as a JsException
        raise OSError(f"the browser could not fetch {url}: {err}") from None
    if request.status != 200:
        raise OSError(f"HTTP error {request.status} {request.statusText} for {url}")
    data = js.Uint8Array.new(request.response).to_bytes()
    if limit is not None and len(data) > limit:
        raise OSError(f"{url} sent {len(data)} bytes, more than the {limit} expected")
    return data
