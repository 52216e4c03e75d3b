"""Many independent jobs, side by side in worker processes when that helps, else one after another.

Both experiment runners (:mod:`.runner` for Part 2, :mod:`.rotations` for Part 3) train
one network per job, and every job reads the same large data. :func:`run_all` is their
one way of running such jobs, so that both get the same care:

- **Data once per process.** ``initializer(*initargs)`` builds a process's *state*
  (the data, say, with anything it derives) once, and every job then runs as
  ``work(state, task)``. Worker processes each build their own state; with one process
  the state is built here and dropped when the call returns, so nothing large outlives it.
- **Fresh interpreters.** Workers start with the "spawn" method, which is safe whatever
  threads the notebook's kernel runs. ``work`` and ``initializer`` must therefore be
  module-level functions (or classes), and a script that calls this with ``workers > 1``
  must do so under ``if __name__ == "__main__":``.
- **One process when there is no choice or no gain:** one worker, one task, or a web page
  (Pyodide cannot start processes; see :func:`nnbook.browser.can_start_processes`).

The tasks start in the order given, so callers list the longest first: then no long job
is left running alone at the end while the other workers sit idle.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Any, TypeVar

from nnbook.browser import can_start_processes

__all__ = ["run_all"]

Task = TypeVar("Task")
Result = TypeVar("Result")

_STATE: Any = None  # a worker process's state, built once by _start_worker


def run_all(
    tasks: Sequence[Task],
    work: Callable[[Any, Task], Result],
    *,
    workers: int,
    initializer: Callable[..., Any],
    initargs: tuple[Any, ...] = (),
    on_done: Callable[[Task, Result], None] | None = None,
) -> list[Result]:
    """``[work(state, task) for task in tasks]``, with ``state = initializer(*initargs)`` per process.

    ``workers`` is how many processes may run at once (at most one per task is started).
    ``on_done(task, result)`` is called in this process as each task finishes, in the
    order they finish, e.g. to move a progress bar. The results come back in the order
    of ``tasks`` whatever order the workers finish in, so they never depend on ``workers``.
    """
    if workers == 1 or len(tasks) <= 1 or not can_start_processes():
        return _run_here(tasks, work, initializer(*initargs), on_done)
    return _run_in_pool(tasks, work, min(workers, len(tasks)), (initializer, initargs), on_done)


def _run_here(
    tasks: Sequence[Task],
    work: Callable[[Any, Task], Result],
    state: Any,
    on_done: Callable[[Task, Result], None] | None,
) -> list[Result]:
    """The one-process path: every task in turn, sharing one state."""
    results = []
    for task in tasks:
        results.append(work(state, task))
        if on_done is not None:
            on_done(task, results[-1])
    return results


def _run_in_pool(
    tasks: Sequence[Task],
    work: Callable[[Any, Task], Result],
    workers: int,
    start: tuple[Callable[..., Any], tuple[Any, ...]],
    on_done: Callable[[Task, Result], None] | None,
) -> list[Result]:
    """The many-process path: ``workers`` spawned processes, each with its own state."""
    results: list[Any] = [None] * len(tasks)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_start_worker, initargs=start
    ) as pool:
        positions = {pool.submit(_work_in_worker, work, task): i for i, task in enumerate(tasks)}
        for done in as_completed(positions):
            i = positions[done]
            results[i] = done.result()
            if on_done is not None:
                on_done(tasks[i], results[i])
    return results


def _start_worker(initializer: Callable[..., Any], initargs: tuple[Any, ...]) -> None:
    global _STATE
    _STATE = initializer(*initargs)


def _work_in_worker(work: Callable[[Any, Task], Result], task: Task) -> Result:
    return work(_STATE, task)
