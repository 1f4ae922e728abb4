"""The one :class:`Rejection` type: a problem of an input row that was not decided."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

import attrs
from attrs import frozen

__all__ = ["REJECTED_COLUMNS", "Rejection", "rejected_rows", "row_problems"]


@frozen
class Rejection:
    """One problem of an input row that could not be decided.

    A rejected row has one rejection per failing field (every independent problem, in the
    contract's column order; see :class:`shuangdao.ingest.table.Check`), so a list of
    rejections can hold a row more than once: count rows with :func:`rejected_rows`. Every
    door (CSV, Parquet, Arrow, pandas, polars) reports its bad rows as rejections, and the
    counts always add up: decided + rejected rows = input rows.

    Attributes:
        file: The input it comes from (``"villages"``, ``"households"``, ``"units"``...).
        row: 1-based data row number: the header is not counted and completely blank lines
            of a CSV file are skipped (row *n* is the *n*-th record).
        id: The row's id as read (``""`` if missing or unreadable).
        field: The offending column (``""`` for a whole-row problem such as a malformed
            CSV line).
        error: One sentence naming the record, field, value and rule.
        line: For CSV files, the file's line number where the row starts (``None`` for
            tables and when not known).

    Example:
        >>> r = Rejection("households", 3, "h3", "members", "household h3: members=0 must be >= 1")
        >>> r.row, r.field, r.line
        (3, 'members', None)
    """

    file: str
    row: int
    id: str
    field: str
    error: str
    line: int | None = attrs.field(default=None, kw_only=True)


REJECTED_COLUMNS: Final = ("file", "row", "id", "field", "error")
"""The columns of every list of rejections written or returned as a table, in order: the
first five :class:`Rejection` fields (``rejected.csv`` of ``identify``, ``validate``'s output,
:attr:`shuangdao.batch.BatchResult.rejected`, ``run``'s ``rejected`` table)."""


def rejected_rows(rejections: Iterable[Rejection] | Any) -> int:
    """How many distinct rows ``rejections`` name (a row with three problems counts once).

    Takes rejections, or a table with ``file`` and ``row`` columns (the ``rejected`` table
    of a batch result or a run: a pyarrow Table).

    Example:
        >>> bad = [
        ...     Rejection("households", 1, "h1", "members", "household h1: members=..."),
        ...     Rejection("households", 1, "h1", "income", "household h1: income=..."),
        ...     Rejection("villages", 1, "v1", "per_capita_income", "village v1: ..."),
        ... ]
        >>> len(bad), rejected_rows(bad)
        (3, 2)
    """
    if hasattr(rejections, "column_names"):
        table: Any = rejections
        if not table.num_rows:
            return 0
        keys = ["file", "row"]
        return int(table.select(keys).group_by(keys).aggregate([]).num_rows)
    return len({(r.file, r.row) for r in rejections})


def row_problems(
    rejections: Iterable[Rejection] | Any, record_id: str, *, file: str | None = None
) -> tuple[Rejection, ...]:
    """Every problem of the first rejected row whose id is ``record_id`` (in ``file``, if given).

    A rejected row has one rejection per failing field; this gathers them, in the order
    given (the contract's column order), so that a message about the record names all of
    them. Takes rejections, or a ``rejected`` table (a pyarrow Table with ``file``, ``row``,
    ``id``, ``field`` and ``error`` columns). Empty when no rejected row has that id.

    Example:
        >>> bad = [
        ...     Rejection("households", 1, "h1", "members", "household h1: members='abc' ..."),
        ...     Rejection("households", 1, "h1", "income", "household h1: income='-5' ..."),
        ...     Rejection("households", 4, "h1", "members", "household h1: members=0 ..."),
        ... ]
        >>> [(r.row, r.field) for r in row_problems(bad, "h1")]
        [(1, 'members'), (1, 'income')]
    """
    if hasattr(rejections, "column_names"):
        import pyarrow.compute as pc

        table: Any = rejections
        mine = table.filter(pc.equal(table.column("id"), record_id))  # in Arrow, not per line
        rejections = [
            Rejection(*(item[name] for name in REJECTED_COLUMNS)) for item in mine.to_pylist()
        ]
    first: tuple[str, int] | None = None
    found: list[Rejection] = []
    for item in rejections:
        if first is None:
            if item.id == record_id and (file is None or item.file == file):
                first = (item.file, item.row)
                found.append(item)
        elif (item.file, item.row) == first:
            found.append(item)
    return tuple(found)
