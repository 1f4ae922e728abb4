"""The table door: read any table input, validate whole columns at once, keep every bad row.

The public API every columnar reader builds on (:mod:`shuangdao.batch`, the whole-round
runner, units and cadres): :func:`read_source` reads a CSV or Parquet path, an Arrow table
or a pandas/polars DataFrame into a :class:`Source`; a :class:`Check` over it collects every
problem of each row (one per field) while :func:`ids`, :func:`money`, :func:`count`,
:func:`flag` and :func:`choice` validate one column each and :func:`duplicates` rejects
repeated ids; :meth:`Check.rejections` lists the problems of the rejected rows.
:func:`read_rows` does all of it for a small table and a :class:`~shuangdao.ingest.Contract`.

Needs the ``frame`` extra (numpy, pyarrow). Every column is validated in two steps, for
speed and for exactness: a vectorised *fast path* accepts the values whose meaning is
obvious (``"1234.5"``, ``decimal128(15, 2)``, integers, ``"true"``...); every other value is
handed, one by one, to the cell grammar (:mod:`shuangdao.ingest._grammar`), the same
functions the constructors and the JSON hooks use. The fast path only ever decides the easy
cases, so every door accepts exactly what the grammar accepts.

A :class:`Check` collects *every* independent problem of each row, one line per failing
field, in the contract's column order (checks that depend on a failed value are not added:
see :class:`Check`), so the lines a row gets are the same at every door, and
:func:`~shuangdao.ingest.rejected_rows` counts rows, not lines.

The code is split by idea into private modules (reading a source and its columns, the
check and its bookkeeping, typed columns, ids, small tables row by row); every public name
is imported, and documented, here.
"""

from typing import TypeAlias

from shuangdao.ingest.table import _source
from shuangdao.ingest.table._check import Check, LazyIds
from shuangdao.ingest.table._columns import (
    COUNT_TEXT,
    FEN_LIMIT,
    MONEY_TEXT,
    choice,
    count,
    decimal_words,
    flag,
    money,
)
from shuangdao.ingest.table._ids import duplicates, ids
from shuangdao.ingest.table._rows import read_rows
from shuangdao.ingest.table._source import Source, column, read_source, values

__all__ = [
    "COUNT_TEXT",
    "Check",
    "Column",
    "FEN_LIMIT",
    "LazyIds",
    "MONEY_TEXT",
    "Source",
    "Table",
    "choice",
    "column",
    "count",
    "decimal_words",
    "duplicates",
    "flag",
    "ids",
    "money",
    "read_rows",
    "read_source",
    "values",
]

Column: TypeAlias = _source.Column
"""An input column: an Arrow array, or Python values Arrow could not hold together."""

Table: TypeAlias = _source.Table
"""An input table: an Arrow table, or one whose columns are Python lists where needed."""
