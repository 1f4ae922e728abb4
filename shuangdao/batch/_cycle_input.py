"""Reading the cycle tables: thin wrappers of :mod:`shuangdao.ingest` (one cell grammar).

The cell grammar and the column validators live in :mod:`shuangdao.ingest`, shared by every
door; these wrappers give the exit and settlement loaders the columns they read.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pyarrow as pa

from shuangdao.ingest import CONTRACTS
from shuangdao.ingest import table as t

__all__ = [
    "Check",
    "check_of",
    "duplicates",
    "flag",
    "ids",
    "integer",
    "money",
    "read",
    "targets",
    "text",
]

Check = t.Check
"""Every problem of each row of one input table, one per field (ingest's)."""


def check_of(read_source: t.Source, kind: str, contract: str) -> t.Check:
    """A fresh :data:`Check` for the rows of ``read_source`` (``kind``: household, village).

    ``contract`` names the input's :data:`~shuangdao.ingest.CONTRACTS` entry: a rejected
    row's lines follow its column order, as at the identification doors.
    """
    return t.Check.of(read_source, kind, contract=CONTRACTS[contract])


def read(source: Any, name: str, required: Sequence[str]) -> t.Source:
    """Read any supported input (DataFrame, Arrow, ``.csv``/``.parquet`` path)."""
    return t.read_source(source, name=name, required=required, id_column=required[0])


def ids(table: Any, check: t.Check, name: str) -> list[Any]:
    """Validate an id column; the record's own ids name its rows in errors."""
    values: list[Any] = t.ids(t.column(table, name), check, name).to_pylist()
    if name == f"{check.kind}_id":
        check.ids = values
    return values


def duplicates(values: list[Any], check: t.Check, name: str, rule: str) -> None:
    t.duplicates(pa.array(values, pa.large_string()), check, name, rule)


def money(
    table: Any, check: t.Check, name: str
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """An optional money column in fen: ``(fen, present)``."""
    return t.money(t.column(table, name), check, name, required=False)


def integer(table: Any, check: t.Check, name: str, minimum: int) -> np.ndarray[Any, Any]:
    """A required whole-number column (``>= minimum``)."""
    return t.count(t.column(table, name), check, name, minimum=minimum)[0]


def flag(
    table: Any, check: t.Check, name: str
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """An optional yes/no column: ``(values, present)``."""
    return t.flag(t.column(table, name), check, name, required=False)


def text(table: Any, check: t.Check, name: str) -> list[str]:
    """An optional id column (``county_id``); missing cells are ``""``."""
    found = t.column(table, name)
    if found is None:
        return [""] * check.n
    return [v or "" for v in t.ids(found, check, name, optional=True).to_pylist()]


def targets(
    table: Any, check: t.Check, names: Sequence[str]
) -> dict[str, tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]]:
    """The optional non-income target columns present in ``table``: ``(values, present)``.

    A target whose column is absent is left out (not assessed on every row); an empty cell
    is not assessed on its row; a cell that is not yes/no rejects the row (the input
    grammar's).
    """
    found: dict[str, tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]] = {}
    for name in names:
        if name in table.column_names:
            found[name] = flag(table, check, name)
    return found
