"""How many threads the batch path may use (private)."""

from __future__ import annotations

import os

__all__ = ["threads"]


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
