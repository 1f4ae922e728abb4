"""Id columns: read them, and reject repeated ids.

:func:`~shuangdao.ingest.table.ids` validates an id column (the grammar's rule, with a
vectorised check of the common clean case); :func:`~shuangdao.ingest.table.duplicates`
rejects every occurrence of an id after its first valid one.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from shuangdao.errors import InvalidRecordError, ShuangdaoError
from shuangdao.ingest import _grammar as g
from shuangdao.ingest.table._check import Check, _missing, _model_rule
from shuangdao.ingest.table._source import Column, _nulls, values

__all__ = ["duplicates", "ids"]


def ids(col: Column | None, check: Check, field_name: str, *, optional: bool = False) -> pa.Array:
    """Validate an id column (the grammar's rule); return it as ``large_string``.

    Ids with surrounding whitespace are stripped; numbers become their digits; missing ids
    are ``null`` (and reject their row unless ``optional``).
    """
    n = check.n
    if col is None:
        if not optional:
            for i in range(n):
                _missing(check, i, field_name)
        return pa.nulls(n, type=pa.large_string())
    if not isinstance(col, list) and pa.types.is_integer(col.type):
        big = pc.greater_equal(pc.abs_checked(col.cast(pa.int64())), g.ID_NUMBER_LIMIT)
        if not pc.any(big).as_py():
            col = col.cast(pa.large_string())
    if isinstance(col, list) or not pa.types.is_large_string(col.type):
        python = col if isinstance(col, list) else col.to_pylist()
        out: list[str | None] = []
        for i, value in enumerate(python):
            out.append(_id_slow(value, check, i, field_name, optional))
        return pa.array(out, pa.large_string())
    offsets = np.frombuffer(col.buffers()[1], dtype=np.int64)[col.offset : col.offset + n + 1]
    data = col.buffers()[2]
    raw = np.frombuffer(data, dtype=np.uint8) if data is not None else np.zeros(0, np.uint8)
    lengths = np.diff(offsets)
    suspect = _nulls(col) | (lengths == 0) | (lengths > g.MAX_CELL_CHARS)
    nonempty = np.flatnonzero(lengths > 0)
    if len(nonempty):
        first = raw[offsets[:-1][nonempty]]
        last = raw[offsets[1:][nonempty] - 1]
        # Surrounding whitespace starts with a space, a control byte or a non-ASCII byte.
        suspect[nonempty] |= (first <= 32) | (first >= 128) | (last <= 32) | (last >= 128)
    used = raw[offsets[0] : offsets[-1]] if n else raw[:0]
    if len(used) and used.min() < 32:
        control = np.flatnonzero(used < 32)
        rows = np.searchsorted(offsets, control + offsets[0], side="right") - 1
        suspect[np.unique(rows)] = True
    rows = np.flatnonzero(suspect)
    if not len(rows):
        return col
    fixed: dict[int, str | None] = {}
    for i, value in zip(rows.tolist(), values(col, rows), strict=True):
        result = _id_slow(value, check, i, field_name, optional)
        if result != value:
            fixed[i] = result
    if not fixed:
        return col
    mask = np.zeros(n, dtype=bool)
    mask[list(fixed)] = True
    replacements = pa.array([fixed[i] for i in sorted(fixed)], pa.large_string())
    return pc.replace_with_mask(col, pa.array(mask), replacements)


def _id_slow(value: Any, check: Check, i: int, field_name: str, optional: bool) -> str | None:
    own = field_name == f"{check.kind}_id"
    record = None if own else check.record(i)
    try:
        return g.parse_id(value, field=field_name, optional=optional)
    except ShuangdaoError as error:
        check.reject(
            i,
            field_name,
            type(error)(
                error.detail,
                record=record,
                field=field_name,
                value=error.value,
                rule=error.rule or _model_rule(check),
            ),
        )
        return None


def duplicates(id_array: pa.Array, check: Check, field_name: str, rule: str) -> None:
    """Reject every occurrence of an id after its first (among rows not yet rejected).

    A duplicate is judged among the rows with no other problem, so the occurrence kept is
    the first valid record (as on the object path); a row rejected for another reason is
    neither kept nor reported as a duplicate.

    ``O(n log n)``: a sort of the candidate ids, not a pairwise comparison.
    """
    good = np.flatnonzero(~check.bad)
    if len(good) < 2:
        return
    candidates = id_array if len(good) == check.n else id_array.take(pa.array(good, pa.int64()))
    if candidates.null_count == 0 and pc.all(pc.greater(candidates[1:], candidates[:-1])).as_py():
        return  # strictly increasing: no duplicates (the common, sorted case)
    order = np.asarray(pc.sort_indices(candidates).to_numpy(), dtype=np.int64)
    ordered = candidates.take(pa.array(order, pa.int64()))
    same = np.asarray(
        pc.equal(ordered[1:], ordered[:-1]).fill_null(False).to_numpy(zero_copy_only=False),
        bool,
    )
    if not same.any():
        return
    group = np.cumsum(np.concatenate(([True], ~same))) - 1
    positions = good[order]
    first = np.full(int(group[-1]) + 1, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(first, group, positions)
    first_of = first[group]
    later = positions != first_of
    for i, f in sorted(zip(positions[later].tolist(), first_of[later].tolist(), strict=True)):
        check.reject(
            i,
            field_name,
            InvalidRecordError(
                f"is a duplicate of {check.kind}s[{f}] (row {check.rows[f]}); the first "
                "occurrence is kept",
                record=check.record(i),
                field=field_name,
                value=check.id_of(i),
                rule=rule,
            ),
        )
