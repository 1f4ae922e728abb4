"""How many threads the batch path may use, and the pool they live in (private)."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Final, TypeVar

from shuangdao._cputime import lend, measured

__all__ = ["parallel_map", "threads"]

_T = TypeVar("_T")
_R = TypeVar("_R")

_PREFIX: Final = "shuangdao-batch"
"""Name prefix of the pool's threads (a task that maps again runs on its own thread)."""


def threads() -> int:
    """Worker threads: ``SHUANGDAO_THREADS`` if set to a positive integer, else the CPU count.

    Without the variable the CPU count is capped at 8 (an explicit value is used as given).
    numpy and Arrow release the GIL in their loops, so independent pieces of a table are
    checked and decided in parallel; ``SHUANGDAO_THREADS=1`` keeps everything on the calling
    thread.
    """
    configured = os.environ.get("SHUANGDAO_THREADS", "")
    if configured.isdigit() and int(configured) >= 1:
        return int(configured)
    return max(1, min(8, os.cpu_count() or 1))


class _Shared:
    """One pool of worker threads for the whole process, created on first use.

    Reused from call to call: new threads for every call cost more than starting them (each
    thread's allocator heap starts empty, so its first buffers are fresh pages, each a page
    fault). Rebuilt when the number of threads changes, and forgotten in a forked child
    (whose copy of the pool has no threads).
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.pool: ThreadPoolExecutor | None = None
        self.size = 0

    def get(self, size: int) -> ThreadPoolExecutor:
        with self.lock:
            if self.pool is None or self.size != size:
                previous = self.pool
                self.pool = ThreadPoolExecutor(max_workers=size, thread_name_prefix=_PREFIX)
                self.size = size
                if previous is not None:
                    previous.shutdown(wait=False)
            return self.pool

    def forget(self) -> None:
        self.lock = threading.Lock()
        self.pool = None
        self.size = 0


_SHARED: Final = _Shared()
if hasattr(os, "register_at_fork"):  # POSIX
    os.register_at_fork(after_in_child=_SHARED.forget)


def parallel_map(function: Callable[[_T], _R], items: Iterable[_T]) -> list[_R]:
    """``[function(item) for item in items]``, on the shared pool when it has 2+ threads.

    Results keep the order of ``items``. On one thread (``SHUANGDAO_THREADS=1``), for a
    single item, or when called from one of the pool's own threads, the calling thread does
    the work itself. The CPU seconds the pool spends are lent to the calling thread
    (:func:`shuangdao._cputime.thread_cpu`), so that a stage timed there counts them.
    """
    work = list(items)
    size = threads()
    if min(size, len(work)) <= 1 or threading.current_thread().name.startswith(_PREFIX):
        return [function(item) for item in work]
    done = list(_SHARED.get(size).map(lambda item: measured(lambda: function(item)), work))
    lend(sum(seconds for _, seconds in done))  # the caller's stage timings count the pool's work
    return [result for result, _ in done]
