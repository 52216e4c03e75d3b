"""The Python half of the in-page runtime: runs one cell at a time, as a notebook would.

Loaded once into Pyodide by ``worker.js``. It gives the pages' code what a Jupyter kernel
gives it and Pyodide does not:

- ``run_cell`` runs a cell's source; the value of a last bare expression is shown (unless
  the line ends in ``;``), matplotlib figures left open are shown as PNG pictures and then
  closed, and an error becomes a traceback trimmed to the reader's own code.
- Small stand-ins for what the build's tools provide: ``IPython.display`` (``display``,
  ``HTML``, ``Markdown``, ``Image``, ``SVG``), ``myst_nb.glue`` (the pages glue numbers into
  their text at build time; here it keeps the value and shows it only when asked to), and
  ``ipywidgets``, whose sliders need a live Jupyter kernel: an interactive figure shows the
  picture it starts with.

Everything a cell shows goes to JavaScript through ``_emit``, set by the worker.
"""

from __future__ import annotations

import ast
import base64
import io
import linecache
import sys
import traceback
import types
from typing import Any


def _emit(kind: str, payload: Any) -> None:
    """Hand something to show to JavaScript: the worker replaces this with its own function."""


_current_cell = "cell"
namespace: dict[str, Any] = {"__name__": "__main__"}


# --------------------------------------------------------------------------- showing values


def mime_bundle(value: Any) -> dict[str, str]:
    """The ways ``value`` can be shown, as Jupyter names them (pictures base64-encoded)."""
    from_figure = _figure_png(value)
    if from_figure is not None:
        return {"image/png": from_figure, "text/plain": repr(value)}
    bundle: dict[str, str] = {}
    if hasattr(value, "_repr_mimebundle_"):
        try:
            found = value._repr_mimebundle_()
        except Exception:  # a half-working stand-in must not stop the cell
            found = None
        if isinstance(found, tuple):
            found = found[0]
        for mime, data in (found or {}).items():
            bundle[mime] = base64.b64encode(data).decode() if isinstance(data, bytes) else data
    for mime, method in (
        ("text/html", "_repr_html_"),
        ("image/svg+xml", "_repr_svg_"),
        ("image/png", "_repr_png_"),
        ("text/markdown", "_repr_markdown_"),
        ("text/latex", "_repr_latex_"),
    ):
        if mime not in bundle and hasattr(value, method):
            data = getattr(value, method)()
            if data is not None:
                bundle[mime] = base64.b64encode(data).decode() if isinstance(data, bytes) else data
    bundle.setdefault("text/plain", repr(value))
    return bundle


def display(*values: Any, **_: Any) -> None:
    """Show each value under the running cell (IPython's ``display``)."""
    for value in values:
        _emit("display", mime_bundle(value))


def _figure_png(value: Any) -> str | None:
    matplotlib = sys.modules.get("matplotlib.figure")
    if matplotlib is None or not isinstance(value, matplotlib.Figure):
        return None
    buffer = io.BytesIO()
    value.savefig(buffer, format="png", dpi=100, bbox_inches="tight", facecolor="white")
    return base64.b64encode(buffer.getvalue()).decode()


def _show_open_figures() -> None:
    """Show and close every figure the cell left open, as the notebook's inline backend does."""
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is None:
        return
    for number in pyplot.get_fignums():
        figure = pyplot.figure(number)
        _emit("display", {"image/png": _figure_png(figure), "text/plain": repr(figure)})
    pyplot.close("all")


# --------------------------------------------------------------------------- running a cell


def run_cell(source: str, name: str) -> bool:
    """Run one cell's code in the page's namespace; True when it finished without an error."""
    global _current_cell
    _current_cell = name
    filename = f"<{name}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    try:
        tree = ast.parse(source, filename=filename)
        last = None
        if tree.body and isinstance(tree.body[-1], ast.Expr) and not source.rstrip().endswith(";"):
            last = ast.Expression(tree.body.pop().value)
        exec(compile(tree, filename, "exec"), namespace)
        if last is not None:
            value = eval(compile(last, filename, "eval"), namespace)
            if value is not None:
                namespace["_"] = value
                display(value)
        _show_open_figures()
        return True
    except BaseException as error:  # KeyboardInterrupt and SystemExit too: the page stays alive
        _show_open_figures()
        _emit("error", _describe(error, filename))
        return False
    finally:
        sys.stdout.flush()
        sys.stderr.flush()


def _describe(error: BaseException, filename: str) -> dict[str, Any]:
    """The error's name, message and a traceback that starts at the reader's own code."""
    summary = traceback.TracebackException.from_exception(error)
    frames = list(summary.stack)
    for start, frame in enumerate(frames):
        if frame.filename.startswith("<cell"):
            frames = frames[start:]
            break
    else:
        frames = []
    summary.stack = traceback.StackSummary.from_list(frames)
    text = "".join(summary.format())
    return {"ename": type(error).__name__, "evalue": str(error), "traceback": text}


# --------------------------------------------------------------------------- stand-in modules


class _Shown:
    """Something made to be displayed: HTML, Markdown, SVG or a picture (IPython.display)."""

    def __init__(self, data: Any = None, *, url: str | None = None, filename: str | None = None, **_: Any):
        if filename is not None:
            with open(filename, "rb") as handle:
                data = handle.read()
        self.data = data

    def __repr__(self) -> str:
        return f"<{type(self).__name__} object>"


class HTML(_Shown):
    def _repr_html_(self) -> str:
        return str(self.data)


class Markdown(_Shown):
    def _repr_markdown_(self) -> str:
        return str(self.data)


class SVG(_Shown):
    def _repr_svg_(self) -> str:
        return self.data.decode() if isinstance(self.data, bytes) else str(self.data)


class Image(_Shown):
    def _repr_png_(self) -> bytes:
        return self.data


glued: dict[str, Any] = {}


def glue(name: str, value: Any, display: bool = True) -> None:
    """myst-nb's ``glue``: the build pastes the value into the text; here we keep it."""
    glued[name] = value
    if display:
        globals()["display"](value)


class _Widget:
    """A stand-in for any ipywidgets control: it keeps its settings and draws nothing.

    Sliders need a Jupyter kernel's widget machinery, which the in-page Python lacks; the
    book's interactive figures then show the picture they start with (their print form).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.__dict__.update(kwargs)
        self.children = list(kwargs.get("children", args[0] if args and isinstance(args[0], (list, tuple)) else []))
        self.index = kwargs.get("index", 0)
        self.description = kwargs.get("description", "")

    def observe(self, *args: Any, **kwargs: Any) -> None:
        pass

    def add_class(self, *args: Any) -> _Widget:
        return self

    def _repr_mimebundle_(self, **kwargs: Any) -> dict:
        return {}


def _install_standins() -> None:
    """Register the stand-ins under the real modules' names, unless the real ones exist."""
    ipython = types.ModuleType("IPython")
    ipython_display = types.ModuleType("IPython.display")
    for name, value in (("display", display), ("HTML", HTML), ("Markdown", Markdown), ("SVG", SVG), ("Image", Image)):
        setattr(ipython_display, name, value)
    ipython.display = ipython_display
    ipython.get_ipython = lambda: None  # "no IPython shell here", as matplotlib and tqdm ask
    sys.modules.setdefault("IPython", ipython)
    sys.modules.setdefault("IPython.display", ipython_display)

    myst_nb = types.ModuleType("myst_nb")
    myst_nb.glue = glue
    sys.modules.setdefault("myst_nb", myst_nb)

    widgets = types.ModuleType("ipywidgets")
    widgets.__getattr__ = lambda name: _Widget  # every control class is the stand-in
    widgets.jslink = widgets.link = widgets.dlink = lambda *args, **kwargs: None
    widgets.Widget = widgets.DOMWidget = _Widget
    sys.modules.setdefault("ipywidgets", widgets)
    namespace["display"] = display


_install_standins()
