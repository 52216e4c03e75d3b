"""The one notebook helper the pages use: ``glue``, with or without the book's build tools.

While the book is built, myst-nb's ``glue`` keeps a value under a name so that the text of
the page can show it (``{glue:text}`name` ``). A reader who runs a page's notebook on Colab,
Binder or their own computer has only this package installed, not myst-nb; there the same
call simply shows the value under the cell, or nothing when ``display=False``. So a page's
code runs the same everywhere, and no reader needs the build tools to run it.
"""

from __future__ import annotations

from typing import Any


def _myst_nb_glue():
    """myst-nb's ``glue`` when it can be imported (the build, the in-page Python), else None."""
    try:
        from myst_nb import glue as real_glue
    except ImportError:
        return None
    return real_glue


def glue(name: str, value: Any, display: bool = True) -> None:
    """Keep ``value`` under ``name`` for the page's text; outside a build, just show it.

    The signature is myst-nb's, so a page can swap one import for the other.
    """
    real_glue = _myst_nb_glue()
    if real_glue is not None:
        real_glue(name, value, display=display)
        return
    if not display:
        return
    try:
        from IPython.display import display as show
    except ImportError:  # plain Python: print what a notebook would have shown
        print(value)
        return
    show(value)
