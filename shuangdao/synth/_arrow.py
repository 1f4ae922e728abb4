"""Arrow columns built in bulk: hierarchical ids and money in fen."""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from shuangdao.synth._numeric import IntArray


def _padded(numbers: IntArray, width: int) -> pa.Array:
    return pc.utf8_lpad(pc.cast(pa.array(numbers, type=pa.int64()), pa.string()), width, "0")


def _join(prefixes: pa.Array, tag: str, numbers: IntArray, width: int) -> pa.Array:
    """Ids ``<prefix>-<tag><number padded to width>`` (e.g. ``C01-K03`` from ``C01``, ``K``, 3)."""
    return pc.binary_join_element_wise(prefixes, _padded(numbers, width), f"-{tag}")


def _fixed_width(values: pa.Array) -> np.ndarray[Any, Any] | None:
    """The bytes of a string array whose values all have one length, as a matrix (or None)."""
    values = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
    if values.type != pa.string() or values.null_count or not len(values):
        return None
    offsets = np.frombuffer(values.buffers()[1], dtype=np.int32)[
        values.offset : values.offset + len(values) + 1
    ]
    lengths = np.diff(offsets)
    if (lengths != lengths[0]).any():
        return None
    data = np.frombuffer(values.buffers()[2], dtype=np.uint8)
    return data[offsets[0] : offsets[-1]].reshape(len(values), int(lengths[0]))


def _ids_in(
    prefixes: pa.Array, index: IntArray, tag: str, numbers: IntArray, width: int
) -> pa.Array:
    """Ids ``<prefixes[index]>-<tag><number padded to width>``, built as fixed-width records.

    The same ids as :func:`_join` over ``prefixes.take(index)`` (fast when every prefix has
    one length, as in a generated province): each id is a record of the prefix's bytes, the
    tag and the number's digits (from a table of the padded numbers).
    """
    matrix = _fixed_width(prefixes)
    top = int(numbers.max(initial=0))
    if matrix is None or len(str(top)) > width or int(numbers.min(initial=0)) < 0:
        return _join(prefixes.take(pa.array(index)), tag, numbers, width)
    head = matrix.shape[1]
    suffix = np.frombuffer(f"-{tag}".encode(), dtype=np.uint8)
    size = head + len(suffix) + width
    # one record per prefix with the tag and room for the digits, repeated by ``index``
    template = np.empty((len(matrix), size), dtype=np.uint8)
    template[:, :head] = matrix
    template[:, head : head + len(suffix)] = suffix
    rows = template.view(f"V{size}").ravel()[index]
    digits = np.frombuffer(
        "".join(f"{i:0{width}d}" for i in range(top + 1)).encode(), dtype=f"V{width}"
    )
    data = rows.view(np.uint8).reshape(len(rows), size)
    data[:, head + len(suffix) :].view(f"V{width}")[:, 0] = digits[numbers]
    return _records(data.reshape(-1), len(index), size)


def _records(data: np.ndarray[Any, Any], n: int, size: int) -> pa.Array:
    """A string array of ``n`` values of ``size`` bytes each, laid end to end in ``data``."""
    offsets = np.arange(0, (n + 1) * size, size, dtype=np.int64)
    if offsets[-1] >= 2**31:  # pragma: no cover - beyond one Arrow string array
        return pa.array(
            [bytes(data[i * size : (i + 1) * size]).decode() for i in range(n)], pa.string()
        )
    return pa.Array.from_buffers(
        pa.string(), n, [None, pa.py_buffer(offsets.astype(np.int32)), pa.py_buffer(data)]
    )


def _repeated(values: pa.Array, index: IntArray) -> pa.Array:
    """``values.take(index)``, as fixed-width records when every value has one length."""
    matrix = _fixed_width(values)
    if matrix is None:
        return values.take(pa.array(index))
    size = matrix.shape[1]
    rows = np.ascontiguousarray(matrix).view(f"V{size}").ravel()[index]
    return _records(rows.view(np.uint8), len(index), size)
