"""Interactive figures that respond both in a live kernel and on the static website.

The problem: the book's website is static HTML. A normal ipywidgets slider there moves,
but nothing happens, because no Python is running behind the page to redraw the figure.

The solution used for every interactive figure in the book:

- At build time we draw the figure once for each slider position (a few dozen are
  plenty) and put the drawings in an ``ipywidgets.Stack``, which shows one child at a time.
- The slider's ``index`` is tied to the stack's ``selected_index`` with
  ``ipywidgets.jslink``. That link runs in the browser's widget manager, so on the static
  page the slider switches drawings with no kernel and no server at all.
- In a live kernel (Jupyter, Binder, Colab) the very same control appears and works the
  same way; in addition Python watches the slider and redraws the chosen figure, so a
  reader who changes the drawing code sees the change at once.

Each drawing is an inline SVG with ``role="img"`` and an ``aria-label`` (its alt text),
inside a ``<figure>`` whose ``data-value`` names the slider value it was drawn for; the
browser tests read that attribute to check that the right drawing is on show. SVG keeps
the lines sharp at any zoom and compresses well (the web server gzips the page).

For the PDF edition, which cannot hold a widget, the control also offers a PNG picture of
its initial state and a sentence saying where to play with it (``_repr_mimebundle_``).
"""

from __future__ import annotations

import html
import io
import itertools
import re
from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets as widgets
import matplotlib
import matplotlib.pyplot as plt
from matplotlib.figure import Figure

__all__ = [
    "InteractiveFigure",
    "figure_to_svg",
    "figure_to_png",
]

FIGURE_CLASS = "nnbook-frame"
_SVG_ID = re.compile(r'\sid="([^"]+)"')
_LONG_DECIMAL = re.compile(r"(\d+\.\d)\d+")  # applied to coordinates only
_drawing_counter = itertools.count()


def figure_to_svg(fig: Figure, *, close: bool = True) -> str:
    """Render a matplotlib figure as compact inline SVG text.

    Text stays text (``svg.fonttype = "none"``), which keeps a frame small and readable by
    screen readers. Ids get a prefix unique to this drawing, so that many drawings can share
    one page: two frames never point at each other's clip paths, even when a hidden frame
    defines an id first. Ids that nothing refers to are dropped.
    """
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "nnbook"}):
        fig.savefig(buffer, format="svg", facecolor="white", metadata={"Date": None})
    if close:
        plt.close(fig)
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]  # drop the XML prolog and doctype
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.DOTALL)
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.DOTALL)
    referenced = set(re.findall(r"url\(#([^)]+)\)", svg)) | set(re.findall(r'href="#([^"]+)"', svg))
    prefix = f"f{next(_drawing_counter)}-"
    svg = _SVG_ID.sub(lambda m: f' id="{prefix}{m.group(1)}"' if m.group(1) in referenced else "", svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}{m.group(1)})", svg)
    svg = re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}{m.group(1)}"', svg)
    svg = re.sub(r"font-family: [^;\"]*", "font-family: sans-serif", svg)
    svg = re.sub(r"\s*\n\s*", " ", svg)
    svg = re.sub(r">\s+<", "><", svg)
    # Coordinates to a tenth of a point, finer than any screen shows (colours and opacities untouched).
    svg = re.sub(
        r'( (?:d|x|y|points|transform)=")([^"]*)"',
        lambda m: m.group(1) + _LONG_DECIMAL.sub(r"\1", m.group(2)) + '"',
        svg,
    )
    return svg.strip()


def figure_to_png(fig: Figure, *, dpi: int = 100, close: bool = True) -> bytes:
    """Render a matplotlib figure as PNG bytes on an opaque white background."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    if close:
        plt.close(fig)
    return buffer.getvalue()


def _frame_html(value_text: str, svg: str, alt: str, caption: str) -> str:
    """One drawing: a figure tagged with its slider value, the SVG labelled with its alt text."""
    labelled = svg.replace("<svg", f'<svg role="img" aria-label="{html.escape(alt)}"', 1)
    # Fit narrow screens: as wide as drawn at most, never wider than the page column.
    labelled = re.sub(
        r'<svg([^>]*?) width="([\d.]+)pt" height="[\d.]+pt"',
        r'<svg\1 style="width:100%;height:auto;max-width:\2pt"',
        labelled,
        count=1,
    )
    caption_html = f"<figcaption>{caption}</figcaption>" if caption else ""
    return (
        f'<figure class="{FIGURE_CLASS}" data-value="{html.escape(value_text)}" '
        f'style="margin:0;max-width:100%">{labelled}{caption_html}</figure>'
    )


class InteractiveFigure(widgets.VBox):
    """A slider and the drawing it selects; see the module docstring for how it works."""

    def __init__(
        self,
        values: Sequence[Any],
        draw: Callable[[Any], Figure],
        *,
        label: str,
        alt: Callable[[Any], str],
        caption: Callable[[Any], str] | None = None,
        value_format: str = "{}",
        initial: Any | None = None,
        online_note: str = "Move the slider on the book's website or in a live notebook.",
    ) -> None:
        if len(values) < 2:
            raise ValueError(f"an interactive figure needs at least 2 slider values, got {len(values)}")
        labels = [value_format.format(v) for v in values]
        if len(set(labels)) != len(labels):
            raise ValueError(
                f"two slider values print the same with value_format {value_format!r}; give a format with more digits"
            )
        start = 0 if initial is None else _position_of(values, initial)
        self.values = list(values)
        self._draw, self._alt, self._caption = draw, alt, caption or (lambda v: "")
        self._labels = labels
        self._online_note = online_note

        # Frames and stack take the figure's full width, so that a drawing is as wide as it was
        # drawn (or the screen), not as narrow as its caption.
        full_width = widgets.Layout(width="100%")
        frames = [widgets.HTML(self._render(i), layout=full_width) for i in range(len(values))]
        self.stack = widgets.Stack(children=frames, selected_index=start, layout=full_width)
        self.slider = widgets.SelectionSlider(
            options=labels,
            index=start,
            description=label,
            continuous_update=True,
            style={"description_width": "initial"},
            layout=widgets.Layout(width="min(100%, 34em)"),
            tooltip=label,
        )
        self.link = widgets.jslink((self.slider, "index"), (self.stack, "selected_index"))
        self.slider.observe(self._redraw_live, names="index")
        super().__init__(children=[self.slider, self.stack], layout=widgets.Layout(max_width="44em"))
        self.add_class("nnbook-interactive")

    def _render(self, position: int) -> str:
        value = self.values[position]
        fig = self._draw(value)
        return _frame_html(self._labels[position], figure_to_svg(fig), self._alt(value), self._caption(value))

    def _redraw_live(self, change: dict) -> None:
        """In a live kernel, draw the selected frame again with the current Python code."""
        position = change["new"]
        if position is not None:
            self.stack.children[position].value = self._render(position)

    def initial_png(self) -> bytes:
        """A PNG of the drawing the control shows first (for print, where widgets cannot go)."""
        return figure_to_png(self._draw(self.values[self.slider.index]))

    def _repr_mimebundle_(self, **kwargs: Any) -> dict:
        """The widget for web pages, plus a picture and a sentence for print and plain text."""
        bundle = super()._repr_mimebundle_(**kwargs)
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        data["image/png"] = self.initial_png()
        data["text/plain"] = f"[Interactive figure: {self.slider.description}. {self._online_note}]"
        return bundle


def _position_of(values: Sequence[Any], wanted: Any) -> int:
    for position, value in enumerate(values):
        if value == wanted:
            return position
    raise ValueError(f"the initial value {wanted!r} is not one of the slider values")
