"""The matplotlib backend of the in-page Python (worker.js sets MPLBACKEND to this module).

It draws with Agg, into pictures, since a Web Worker has no page to draw on; and
``plt.show()`` puts the open figures under the running cell at once, as a notebook does,
instead of warning that Agg cannot show anything.
"""

from matplotlib.backend_bases import FigureManagerBase as FigureManager  # noqa: F401
from matplotlib.backends.backend_agg import FigureCanvasAgg as FigureCanvas  # noqa: F401


def show(*args: object, **kwargs: object) -> None:
    import nnbook_live_runtime

    nnbook_live_runtime._show_open_figures()
