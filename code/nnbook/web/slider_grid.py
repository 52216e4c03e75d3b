"""Interactive figures with more than one slider, and a helper for their words.

:class:`~nnbook.web.widgets.InteractiveFigure` has one slider. Some figures need two or
three: a reader changes an error *and* a weight and watches both matter. On the static
website nothing can be computed, so every combination of slider values is drawn at build
time, and the drawings sit in ``ipywidgets.Stack`` widgets nested one inside another:

- the first slider picks a child of the outer stack,
- the second slider picks a child of each stack one level in, and so on,
- the innermost children are the drawings.

Each slider is tied to every stack of its level by ``jslink``, which runs in the browser's
widget manager, so on the static page the right drawing shows with no kernel. The cost is
the product of the slider sizes, so keep each slider short (a handful of values).

Every drawing is a ``<figure class="nnbook-frame">`` like a one-slider figure's: its
``data-value`` is the first slider's value (what the browser test checks), and
``data-values`` lists all of them. In a live kernel Python also redraws the chosen drawing.

:func:`described` turns one function that returns both the alt text and the caption into
the two callables a figure asks for, so a figure's numbers are worked out once per value.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets
from matplotlib.figure import Figure

from nnbook.figures.numbers import signed
from nnbook.web.widgets import FIGURE_CLASS, _frame_html, figure_to_png, figure_to_svg

__all__ = ["Axis", "SliderGrid", "described", "grid_size", "number"]


def described(
    describe: Callable[[Any], tuple[str, str]],
) -> tuple[Callable[[Any], str], Callable[[Any], str]]:
    """Split ``describe(value) -> (alt, caption)`` into an ``alt`` and a ``caption`` callable.

    Why: alt text and caption usually quote the same numbers; computing them in one place
    keeps the two from disagreeing, and the cache computes them once per slider value.
    """
    cached = functools.lru_cache(maxsize=None)(describe)
    return (lambda value: cached(value)[0]), (lambda value: cached(value)[1])


def number(value: float, spec: str = "{:.4f}") -> str:
    """``value`` formatted by a ``str.format`` ``spec`` with a true minus sign (−).

    The same rule as :func:`nnbook.figures.numbers.signed` (which takes a format-spec such as
    ``".4f"``), in the brace form the slider captions are written with.
    """
    return signed(value, spec.removeprefix("{:").removesuffix("}"))


@dataclass(frozen=True)
class Axis:
    """One slider of a :class:`SliderGrid`: its label, its values, how to print them, where it starts."""

    label: str
    values: Sequence[Hashable]
    value_format: str = "{}"
    initial: Hashable | None = None

    def labels(self) -> list[str]:
        texts = [self.value_format.format(v) for v in self.values]
        if len(set(texts)) != len(texts) or len(texts) < 2:
            raise ValueError(f"slider {self.label!r} needs at least 2 values that print differently")
        return texts

    def start(self) -> int:
        if self.initial is None:
            return 0
        return list(self.values).index(self.initial)


class SliderGrid(widgets.VBox):
    """Several sliders and the drawing their values select; see the module docstring."""

    def __init__(
        self,
        axes: Sequence[Axis],
        draw: Callable[..., Figure],
        *,
        alt: Callable[..., str],
        caption: Callable[..., str] | None = None,
        online_note: str = "Move the sliders on the book's website or in a live notebook.",
    ) -> None:
        if not axes:
            raise ValueError("a slider grid needs at least one slider")
        self.axes = list(axes)
        self._labels = [axis.labels() for axis in self.axes]
        self._draw, self._alt = draw, alt
        self._caption = caption or (lambda *values: "")
        self._online_note = online_note
        full_width = widgets.Layout(width="100%")
        # One label width for all the sliders, so that their tracks line up one under another.
        label_width = f"{0.6 * max(len(axis.label) for axis in self.axes) + 0.5:.1f}em"
        self.sliders = [
            widgets.SelectionSlider(
                options=labels,
                index=axis.start(),
                description=axis.label,
                continuous_update=True,
                style={"description_width": label_width},
                layout=widgets.Layout(width="min(100%, 34em)"),
                tooltip=axis.label,
            )
            for axis, labels in zip(self.axes, self._labels)
        ]
        self.frames: dict[tuple[int, ...], widgets.HTML] = {}
        stacks_by_level: list[list[widgets.Stack]] = [[] for _ in self.axes]

        def build(level: int, prefix: tuple[int, ...]) -> widgets.Widget:
            if level == len(self.axes):
                frame = widgets.HTML(self._render(prefix), layout=full_width)
                self.frames[prefix] = frame
                return frame
            children = [build(level + 1, prefix + (i,)) for i in range(len(self.axes[level].values))]
            stack = widgets.Stack(children=children, selected_index=self.axes[level].start(), layout=full_width)
            stacks_by_level[level].append(stack)
            return stack

        self.stack = build(0, ())
        self.links = [
            widgets.jslink((slider, "index"), (stack, "selected_index"))
            for slider, stacks in zip(self.sliders, stacks_by_level)
            for stack in stacks
        ]
        for slider in self.sliders:
            slider.observe(self._redraw_live, names="index")
        super().__init__(children=[*self.sliders, self.stack], layout=widgets.Layout(max_width="44em"))
        self.add_class("nnbook-interactive")

    def _values(self, position: tuple[int, ...]) -> list[Any]:
        return [axis.values[i] for axis, i in zip(self.axes, position)]

    def _render(self, position: tuple[int, ...]) -> str:
        values = self._values(position)
        texts = [labels[i] for labels, i in zip(self._labels, position)]
        frame = _frame_html(texts[0], figure_to_svg(self._draw(*values)), self._alt(*values), self._caption(*values))
        listed = html.escape(" | ".join(texts))
        return frame.replace(
            f'<figure class="{FIGURE_CLASS}"', f'<figure class="{FIGURE_CLASS}" data-values="{listed}"', 1
        )

    def position(self) -> tuple[int, ...]:
        """The slider indices now selected, one per slider."""
        return tuple(slider.index for slider in self.sliders)

    def _redraw_live(self, change: dict) -> None:
        """In a live kernel, draw the selected frame again with the current Python code."""
        position = self.position()
        if None not in position:
            self.frames[position].value = self._render(position)

    def initial_png(self) -> bytes:
        """A PNG of the drawing shown first (for print, where widgets cannot go)."""
        return figure_to_png(self._draw(*self._values(self.position())))

    def _repr_mimebundle_(self, **kwargs: Any) -> dict:
        """The widget for web pages, plus a picture and a sentence for print and plain text."""
        bundle = super()._repr_mimebundle_(**kwargs)
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        data["image/png"] = self.initial_png()
        names = ", ".join(slider.description for slider in self.sliders)
        data["text/plain"] = f"[Interactive figure: {names}. {self._online_note}]"
        return bundle


def grid_size(axes: Sequence[Axis]) -> int:
    """How many drawings a grid of these sliders holds (the product of their lengths)."""
    return int(functools.reduce(lambda total, axis: total * len(axis.values), axes, 1))
