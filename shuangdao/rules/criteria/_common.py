"""What the criterion kinds share: input checks, column helpers (private)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from shuangdao.citations import Citation
from shuangdao.declare import Env
from shuangdao.errors import InvalidRecordError, InvalidTypeError
from shuangdao.standards import Param

if TYPE_CHECKING:
    import numpy as np

__all__ = [
    "Columns",
    "Notes",
    "Values",
    "array_of",
    "cited",
    "count_of",
    "flag_of",
    "join",
    "length_of",
    "lists_of",
    "missing",
    "no_notes",
    "ones",
]

Values = Mapping[str, Any]
Columns = Mapping[str, Any]

Notes = Callable[[Values], tuple[str, str]]
"""Builds a reason's notes (English, Chinese) from one record's values (ids, amounts...)."""


def no_notes(_values: Values) -> tuple[str, str]:
    return "", ""


def join(first: str, second: str, sep: str) -> str:
    return f"{first}{sep}{second}" if first and second else first or second


def missing(name: str, subject_id: str) -> InvalidRecordError:
    return InvalidRecordError(
        "is missing (required by this rule)", record=subject_id or None, field=name
    )


def count_of(values: Values, name: str, subject_id: str) -> int:
    """A count >= 0 from one record (errors name the record and the field)."""
    value = values[name]
    if value is None:
        raise missing(name, subject_id)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidTypeError(
            "must be a count >= 0", record=subject_id or None, field=name, value=value
        )
    return value


def flag_of(values: Values, name: str, subject_id: str) -> bool:
    """A boolean from one record."""
    value = values[name]
    if value is None:
        raise missing(name, subject_id)
    if not isinstance(value, bool):
        raise InvalidTypeError(
            "must be a boolean", record=subject_id or None, field=name, value=value
        )
    return value


def cited(env: Env, cites: Param[Any] | None, citation: Citation | None, name: str) -> Citation:
    if cites is not None:
        return env.standards.citation(cites, on=env.on)
    if citation is None:  # pragma: no cover - a declaration error
        raise TypeError(f"criterion {name} needs cites= or citation=")
    return citation


def array_of(columns: Columns, name: str) -> np.ndarray[Any, Any]:
    import numpy as np

    column = columns[name]
    if hasattr(column, "to_numpy") and not isinstance(column, np.ndarray):
        if hasattr(column, "combine_chunks"):
            column = column.combine_chunks()
        column = column.to_numpy(zero_copy_only=False)
    return np.asarray(column)


def length_of(columns: Columns, names: Iterable[str]) -> int:
    for name in names:
        if name in columns:
            return len(columns[name])
    return 0


def ones(n: int) -> np.ndarray[Any, Any]:
    import numpy as np

    return np.ones(n, dtype=bool)


def lists_of(column: Any) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any], int]:
    """A list column as (flat values, the row of each value, rows): Arrow lists or sequences.

    A null list counts as empty.
    """
    import numpy as np

    if hasattr(column, "combine_chunks"):
        column = column.combine_chunks()
    if hasattr(column, "offsets") and hasattr(column, "flatten"):
        import pyarrow.compute as pc

        flat = np.asarray(pc.list_flatten(column).to_numpy(zero_copy_only=False), dtype=object)
        parents = np.asarray(pc.list_parent_indices(column).to_numpy(), dtype=np.int64)
        return flat, parents, len(column)
    rows = list(column)
    flat_list: list[Any] = []
    parent_list: list[int] = []
    for i, row in enumerate(rows):
        items = () if row is None else row
        flat_list.extend(items)
        parent_list.extend([i] * len(items))
    return (
        np.asarray(flat_list, dtype=object),
        np.asarray(parent_list, dtype=np.int64),
        len(rows),
    )
