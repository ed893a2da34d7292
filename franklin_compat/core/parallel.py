"""One function over many items on forked processes, the results in the items' order.

``build``, ``check`` and ``migrate`` take ``--jobs N``.  Each worker is a fork of the
process that set up the work, so the shared state (a ``Site`` with its parsed
configuration, the rules) and the items are inherited, never pickled; only the items'
indexes and the results cross between processes.  Where ``fork`` does not exist (Windows), or
with one job, the items are done here, one after the other: same results, same order.  A worker
ends with its parent (:func:`_follow_parent`).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

__all__ = ["ordered_map"]

S = TypeVar("S")
T = TypeVar("T")
R = TypeVar("R")

_SHARED: list[tuple[Callable[[Any, Any], Any], Any, Sequence[Any]]] = []  # set before forking


def _follow_parent(parent: int) -> None:
    """A worker whose parent was killed (``kill -9``, an out-of-memory kill) ends too: otherwise
    it would wait on its queue for ever, since its siblings keep the queue open."""

    import threading  # in a worker only: a one-file check never forks

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="follow-parent").start()


def _run(i: int) -> Any:
    fn, state, items = _SHARED[-1]
    return fn(state, items[i])


def ordered_map(fn: Callable[[S, T], R], state: S, items: Sequence[T], jobs: int, *,
                min_items: int = 2) -> Iterator[R]:
    """``fn(state, item)`` for each item, in order; on ``jobs`` forked processes when there are
    at least ``min_items`` items (fewer are not worth starting processes for)."""
    if jobs <= 1 or len(items) < min_items or not hasattr(os, "fork"):
        for item in items:
            yield fn(state, item)
        return
    import multiprocessing  # not at import: a one-file check never forks
    from concurrent.futures import ProcessPoolExecutor

    shared = (fn, state, items)
    _SHARED.append(shared)
    try:
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"),
                                 initializer=_follow_parent, initargs=(os.getpid(),)) as pool:
            yield from pool.map(_run, range(len(items)), chunksize=max(1, len(items) // (jobs * 8)))
    finally:
        _SHARED[:] = [s for s in _SHARED if s is not shared]
