"""One ingest: every input contract's schema and one cell grammar, shared by every door.

Data reaches shuangdao through many doors — CSV and Parquet files, Arrow tables, pandas
and polars DataFrames, JSON and the model constructors. This package decides, once, how a
value of each field is read (:mod:`shuangdao.ingest._grammar`: money, whole numbers,
yes/no spellings, ids, dates, years, missing values, whitespace) and which columns each
input has (:data:`CONTRACTS`, :data:`RECORDS`). Every door goes through it, so the same
cell is accepted or rejected identically wherever it arrives, and bad rows are reported
the same way: one :class:`Rejection` per problem (every failing field of a row, in the
contract's column order), decided + rejected rows = input rows (:func:`rejected_rows`
counts rows, not problems).

The readers: :mod:`shuangdao.ingest.table` (the columnar door: any table input, whole
columns validated at once; needs the ``frame`` extra), :func:`read_rows` (a small table
through it), and :func:`read_villages` / :func:`read_households` (the ``identify`` CSV
files row by row into records, core dependencies only). JSON comes in through
:func:`shuangdao.serialize.from_json`, whose hooks are :mod:`shuangdao.ingest.strict_json`.

Example:
    >>> from shuangdao.ingest import parse_count, parse_flag, parse_money
    >>> parse_money(" 9278.99 "), parse_count("4.0", minimum=1), parse_flag("否")
    (Decimal('9278.99'), 4, False)
    >>> parse_money("1e3")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    shuangdao.errors.InvalidMoneyError: '1e3' is not a decimal number (yuan): must be ...
"""

from typing import Any

from shuangdao.ingest._grammar import (
    COUNT_LIMIT,
    FALSE_SPELLINGS,
    MAX_CELL_CHARS,
    MONEY_LIMIT,
    TRUE_SPELLINGS,
    YEAR_RANGE,
    parse_count,
    parse_date,
    parse_flag,
    parse_id,
    parse_money,
    parse_number,
    parse_year,
)
from shuangdao.ingest._jsonschema import json_schema
from shuangdao.ingest._records import RowsRead, read_households, read_villages
from shuangdao.ingest._rejection import (
    REJECTED_COLUMNS,
    Rejection,
    rejected_rows,
    row_problems,
)
from shuangdao.ingest.schema import (
    CONTRACTS,
    RECORDS,
    Cell,
    Column,
    Contract,
    Kind,
    RecordSchema,
    input_columns,
)

__all__ = [
    "CONTRACTS",
    "COUNT_LIMIT",
    "Cell",
    "Column",
    "Contract",
    "FALSE_SPELLINGS",
    "Kind",
    "MAX_CELL_CHARS",
    "MONEY_LIMIT",
    "RECORDS",
    "REJECTED_COLUMNS",
    "RecordSchema",
    "Rejection",
    "RowsRead",
    "TRUE_SPELLINGS",
    "YEAR_RANGE",
    "input_columns",
    "json_schema",
    "parse_count",
    "parse_date",
    "parse_flag",
    "parse_id",
    "parse_money",
    "parse_number",
    "parse_year",
    "read_households",
    "read_rows",
    "read_villages",
    "rejected_rows",
    "row_problems",
]


def read_rows(source: Any, contract: Contract, *, round: int | None = None) -> list[dict[str, Any]]:
    """Read a small input table (units, cadres) into validated rows, or raise every problem.

    ``source`` is a path (CSV or Parquet), an Arrow table or a DataFrame; each row is a
    ``dict`` of the contract's columns present, every cell read with its grammar. Needs the
    ``frame`` extra (:func:`shuangdao.ingest.table.read_rows`, loaded on first use).

    Raises:
        InvalidRecordError: A file-level problem (unreadable, a missing or duplicate column).
        RecordErrors: Rows that cannot be read, each named by file, row and field.

    Example:
        >>> import pyarrow as pa
        >>> read_rows(pa.table({"cadre_id": [" c1 "], "unit_id": ["u1"]}), CONTRACTS["cadres"])
        [{'cadre_id': 'c1', 'unit_id': 'u1'}]
    """
    from shuangdao.ingest.table import read_rows as read

    return read(source, contract, round=round)
