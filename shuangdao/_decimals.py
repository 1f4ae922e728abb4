"""Exact Arrow ``decimal128`` arrays from integer units of their scale (fen, 0.0001 yuan...).

One construction for every table that carries money (the synthetic province, the batch
results, the cycle tables, the whole-round runner): the integers are the decimals' unscaled
values, written as the two little-endian 64-bit words Arrow stores, so neither a float nor a
decimal context takes part. Values too large for ``int64`` (``object`` arrays of Python ints)
go through exact :class:`~decimal.Decimal` text instead.
"""

from __future__ import annotations

import sys
from decimal import Decimal
from typing import Any

import numpy as np
import pyarrow as pa

__all__ = ["decimal_array"]


def decimal_array(
    units: np.ndarray[Any, Any], kind: pa.Decimal128Type, valid: np.ndarray[Any, Any] | None = None
) -> pa.Array:
    """A ``kind`` array whose values are ``units`` × 10^-scale, exactly; nulls where not ``valid``.

    Args:
        units: Integers in units of ``kind``'s scale (fen for scale 2): an ``int64`` array, an
            ``object`` array of Python ints, or the ``(n, 2)`` ``int64`` (low, high) words of
            the values, used as they are.
        kind: The Arrow decimal type, e.g. ``decimal128(15, 2)``.
        valid: Which rows hold a value (``None``: all).

    Example:
        >>> import numpy as np, pyarrow as pa
        >>> decimal_array(np.array([12345, -5]), pa.decimal128(15, 2)).to_pylist()
        [Decimal('123.45'), Decimal('-0.05')]
        >>> decimal_array(np.array([2**70], dtype=object), pa.decimal128(30, 2)).to_pylist()
        [Decimal('11805916207174113034.24')]
    """
    values = np.asarray(units)
    n = len(values)
    if values.dtype == object or sys.byteorder != "little":
        exact: list[Decimal | None] = [Decimal(f"{int(u)}E-{kind.scale}") for u in values.tolist()]
        if valid is not None:
            exact = [
                v if ok else None for v, ok in zip(exact, np.asarray(valid).tolist(), strict=True)
            ]
        return pa.array(exact, kind)
    if values.ndim == 2:
        words = np.ascontiguousarray(values, dtype=np.int64)
    else:
        low = values.astype(np.int64, copy=False)
        words = np.empty((n, 2), dtype=np.int64)
        words[:, 0] = low
        words[:, 1] = low >> 63
    bitmap = None
    if valid is not None and not np.all(valid):
        bitmap = pa.py_buffer(np.packbits(np.asarray(valid, bool), bitorder="little"))
    return pa.Array.from_buffers(kind, n, [bitmap, pa.py_buffer(words)])
