"""The one :class:`Rejection` type: an input row that was not decided, and why."""

from __future__ import annotations

import attrs
from attrs import frozen

__all__ = ["Rejection"]


@frozen
class Rejection:
    """An input row that could not be decided, and why (one per rejected row).

    Every door (CSV, Parquet, Arrow, pandas, polars) reports its bad rows as rejections, and
    the counts always add up: decided + rejected = input rows.

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
