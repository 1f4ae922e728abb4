"""The scenario model's random draws, keyed by record: the same for any partitioning.

A whole-round run draws which measures each plan holds, which households transfer a worker
and the evidence of the indicators not measured from incomes. Each draw is a uniform number in
``[0, 1)`` computed from ``(seed, kind, record, column)`` by a counter-based hash (SplitMix64's
finaliser, applied twice): it depends only on the run's seed, the kind of draw, the record's
position in the population (its row in the input, or in the synthetic province) and the
column — never on which partition, worker or order the record is processed in. So the local
engine and Dask, with any partitioning, draw exactly the same numbers.

A float only ever chooses *what happens* in the simulation, never how a rule decides it.

Example:
    >>> import numpy as np
    >>> a = uniforms(7, PLAN_HOUSEHOLD, np.array([0, 1, 2]), 2)
    >>> b = uniforms(7, PLAN_HOUSEHOLD, np.array([2]), 2)
    >>> bool((a[2] == b[0]).all()), a.shape
    (True, (3, 2))
"""

from __future__ import annotations

from typing import Any, Final

import numpy as np

__all__ = ["EVIDENCE", "PLAN_HOUSEHOLD", "PLAN_VILLAGE", "TRANSFER", "uniforms"]

PLAN_HOUSEHOLD: Final = 1
"""Kind: the measures of a household's plan (one column per catalogue measure)."""
PLAN_VILLAGE: Final = 2
"""Kind: the measures of a village's plan."""
TRANSFER: Final = 3
"""Kind: labour transfer (one column per assessment year)."""
EVIDENCE: Final = 4
"""Kind: the evidence of the indicators not measured from incomes (assessment × indicator)."""

_GOLDEN: Final = np.uint64(0x9E3779B97F4A7C15)
_M1: Final = np.uint64(0xBF58476D1CE4E5B9)
_M2: Final = np.uint64(0x94D049BB133111EB)
_MASK: Final = (1 << 64) - 1


def _mix(z: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """SplitMix64's finaliser on ``uint64`` arrays (wrapping arithmetic)."""
    z = (z ^ (z >> np.uint64(30))) * _M1
    z = (z ^ (z >> np.uint64(27))) * _M2
    out: np.ndarray[Any, Any] = z ^ (z >> np.uint64(31))
    return out


def uniforms(seed: int, kind: int, records: Any, columns: int) -> np.ndarray[Any, Any]:
    """Uniform draws in ``[0, 1)``: one row per record, ``columns`` columns.

    Args:
        seed: The run's seed.
        kind: The kind of draw (:data:`PLAN_HOUSEHOLD`...).
        records: The records' positions in the population (non-negative integers).
        columns: Draws per record.

    Returns:
        A ``float64`` array of shape ``(len(records), columns)``.
    """
    key = np.uint64(((int(seed) & _MASK) * 0x9E3779B97F4A7C15 + int(kind)) & _MASK)
    with np.errstate(over="ignore"):
        base = _mix(np.asarray(records, dtype=np.uint64) * _GOLDEN + _mix(np.array([key]))[0])
        column = np.arange(1, columns + 1, dtype=np.uint64) * _GOLDEN
        bits = _mix(_mix(base[:, None] ^ column[None, :]))
    out: np.ndarray[Any, Any] = (bits >> np.uint64(11)).astype(np.float64) * (1.0 / (1 << 53))
    return out
