"""Page assets of the website: our own small script, the favicon, one fix to the page head.

- ``nnbook.js`` (in ``book/_assets``) loads before MathJax and the widget manager: it tells
  the widget manager where its fonts are and bridges its MathJax 2 call to MathJax 3.
- Scripts that an extension registered twice (sphinx-thebe declares ``THEBE_JS_URL`` once
  per registration, and a second ``const`` is a JavaScript error) are kept once.
"""

from __future__ import annotations

from sphinx.application import Sphinx


def _unique_scripts(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    scripts = context.get("script_files")
    if not scripts:
        return
    seen: set[tuple] = set()
    unique = []
    for script in scripts:
        # the same inline script arrives once with filename None and once with "": one key for both
        key = (getattr(script, "filename", script) or "", tuple(sorted(getattr(script, "attributes", {}).items())))
        if key in seen:
            continue
        seen.add(key)
        unique.append(script)
    scripts[:] = unique


def setup(app: Sphinx) -> dict:
    app.add_js_file("nnbook.js", priority=100)
    app.connect("html-page-context", _unique_scripts, priority=100)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
