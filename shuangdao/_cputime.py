"""CPU seconds of a thread, with the work it hands to pool threads counted as its own (private).

A stage timed with :func:`time.thread_time` misses what its thread asks the batch pool to do
(:func:`shuangdao.batch._threads.parallel_map` runs independent pieces of a table on other
threads): the pool reports the CPU seconds of each task it ran for a thread with
:func:`lend`, and :func:`thread_cpu` adds them to the thread's own. Arrow's internal threads
(its readers, writers and compression) are not counted.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TypeVar

__all__ = ["lend", "measured", "thread_cpu"]

_R = TypeVar("_R")

_LOCAL = threading.local()


def thread_cpu() -> float:
    """This thread's CPU seconds, plus those of the pool tasks run on its behalf."""
    return time.thread_time() + float(getattr(_LOCAL, "lent", 0.0))


def lend(seconds: float) -> None:
    """Count ``seconds`` of another thread's CPU as this thread's (work done for it)."""
    _LOCAL.lent = float(getattr(_LOCAL, "lent", 0.0)) + seconds


def measured(function: Callable[[], _R]) -> tuple[_R, float]:
    """``function()`` and the CPU seconds it took on this thread (with what it lent)."""
    start = thread_cpu()
    result = function()
    return result, thread_cpu() - start
