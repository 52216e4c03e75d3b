"""The one progress bar of the package: a tqdm bar when asked for, a silent stand-in otherwise.

Every long loop (training, experiments) takes ``progress=False | True | "label"`` and
hands it to :func:`progress_bar`; the loop then calls ``bar.update(n)`` without asking
whether a bar is shown. tqdm is imported only when a bar is wanted, so the engine stays
quick to import and works without a notebook front end.
"""

from __future__ import annotations

from types import TracebackType
from typing import Protocol

__all__ = ["ProgressBar", "progress_bar"]


class ProgressBar(Protocol):
    """What a loop may do with a bar: count, close, or use it in a ``with`` block."""

    def update(self, n: float = 1) -> object: ...

    def close(self) -> None: ...

    def __enter__(self) -> ProgressBar: ...

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> object: ...


class _Silent:
    """A bar that shows nothing, so loops need no ``if bar is not None``."""

    def update(self, n: float = 1) -> None:
        pass

    def close(self) -> None:
        pass

    def __enter__(self) -> _Silent:
        return self

    def __exit__(self, *exc_info: object) -> None:
        pass


def progress_bar(progress: bool | str, total: int, unit: str, *, default_label: str | None = None) -> ProgressBar:
    """A bar counting ``total`` ``unit``\\ s when ``progress`` is true, a silent one otherwise.

    A string ``progress`` is the bar's label; ``True`` uses ``default_label``. The bar
    disappears when closed (``leave=False``) so that a page's output keeps only results,
    and large counts are shortened (60.0k records) to keep the line short in a narrow
    notebook.
    """
    if not progress:
        return _Silent()
    from tqdm.auto import tqdm  # imported only when a bar is wanted

    label = progress if isinstance(progress, str) else default_label
    return tqdm(total=total, desc=label, unit=unit, unit_scale=True, leave=False)
