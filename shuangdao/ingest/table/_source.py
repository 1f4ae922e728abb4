"""Reading any table input into a :class:`~shuangdao.ingest.table.Source`, and its columns.

:func:`~shuangdao.ingest.table.read_source` reads a CSV or Parquet path, an Arrow table or a
pandas/polars DataFrame (mixed-object pandas columns stay Python lists);
:func:`~shuangdao.ingest.table.column` and :func:`~shuangdao.ingest.table.values` take a
column and its Python values out of it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeAlias

import numpy as np
import pyarrow as pa

from shuangdao.errors import InvalidRecordError, InvalidTypeError
from shuangdao.ingest._csv import header_problem
from shuangdao.ingest._rejection import Rejection

__all__ = [
    "Column",
    "Source",
    "Table",
    "column",
    "read_source",
    "values",
]

# Documented where they are exported (shuangdao.ingest.table), where autodoc reads aliases.
Column: TypeAlias = Any  # a pyarrow Array, or a list of Python values
Table: TypeAlias = Any  # a pyarrow Table, or a _Mixed table


class _Mixed:
    """A table some of whose columns are Python lists (values Arrow cannot hold together)."""

    def __init__(self, columns: dict[str, Column], num_rows: int) -> None:
        self.columns = columns
        self.num_rows = num_rows
        self.column_names = list(columns)

    def column(self, name: str) -> Column:
        return self.columns[name]


@dataclass(slots=True)
class Source:
    """An input read into a table, with where its rows came from.

    Attributes:
        table: The rows to validate (an Arrow table or a mixed table).
        file: How rejections name the input.
        rows: The data row number of each table row (``None``: 1, 2, 3...).
        rejected: Rows rejected while reading (malformed CSV lines), not in ``table``.
        lines: For CSV files, a function giving the file line of table rows (on demand).
    """

    table: Table
    file: str
    rows: np.ndarray[Any, Any] | None = None
    rejected: list[Rejection] | None = None
    lines: Callable[[np.ndarray[Any, Any]], np.ndarray[Any, Any]] | None = None

    @property
    def n_rows(self) -> int:
        """All data rows of the input (read and rejected while reading)."""
        return int(self.table.num_rows) + len(self.rejected or ())


def _check_header(names: Sequence[Any], file: str, required: Sequence[str]) -> None:
    problem = header_problem(names, required=required)
    if problem is not None:
        raise InvalidRecordError(problem, record=file, field="header", rule="ingest")


def read_source(
    source: Any, *, name: str, required: Sequence[str] = (), id_column: str | None = None
) -> Source:
    """Read any supported input into a :class:`Source` (column names stripped).

    Accepts a :class:`pyarrow.Table` or ``RecordBatch``, a pandas or polars DataFrame, any
    object with ``__arrow_c_stream__``, or a ``str``/:class:`~pathlib.Path` to a ``.csv``
    (every cell read as text, see :mod:`shuangdao.ingest._csv`) or ``.parquet`` file.

    Raises:
        InvalidTypeError: The input is none of these.
        InvalidRecordError: A file cannot be read, or the header has duplicate names or
            lacks a column of ``required``.
    """
    if isinstance(source, Source):
        return source
    if isinstance(source, str | Path):
        return _read_path(Path(source), name=name, required=required, id_column=id_column)
    if isinstance(source, pa.Table):
        table: Table = source
    elif isinstance(source, pa.RecordBatch):
        table = pa.Table.from_batches([source])
    elif type(source).__module__.split(".", 1)[0] == "pandas" and hasattr(source, "columns"):
        _check_header(list(source.columns), name, required)
        table = _from_pandas(source)
    elif hasattr(source, "__arrow_c_stream__"):
        try:
            table = pa.table(source)
        except (pa.ArrowException, TypeError, ValueError) as error:
            raise InvalidTypeError(
                f"could not be read through the Arrow stream interface: {error}", field=name
            ) from None
    else:
        raise InvalidTypeError(
            "must be a pandas/polars DataFrame, a pyarrow Table, an object with "
            "__arrow_c_stream__, or a path to a .csv or .parquet file",
            field=name,
            value=type(source).__name__,
        )
    return Source(_stripped(table, name, required), name)


def _stripped(table: Table, name: str, required: Sequence[str]) -> Table:
    """The table with stripped column names (checked for duplicates and requirements)."""
    names = list(table.column_names)
    _check_header(names, name, required)
    clean = [str(n).strip() for n in names]
    if clean == names:
        return table
    if isinstance(table, _Mixed):
        return _Mixed(dict(zip(clean, table.columns.values(), strict=True)), table.num_rows)
    return table.rename_columns(clean)


def _read_path(path: Path, *, name: str, required: Sequence[str], id_column: str | None) -> Source:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        from shuangdao.ingest._csv import read_csv_table

        return read_csv_table(path, name=name, required=required, id_column=id_column)
    if suffix != ".parquet":
        raise InvalidRecordError(
            "must be a .csv or .parquet file", record=f"{name} file {path}", rule="ingest"
        )
    import pyarrow.parquet as pq

    try:
        columns = pq.read_schema(path).names
        _check_header(columns, f"{name} file {path}", required)
        # Village ids repeat: read them as dictionaries (faster, smaller; decoded when needed).
        dictionary = [
            c for c in ("village_id", "county_id") if c in columns and name == "households"
        ]
        table = pq.read_table(path, read_dictionary=dictionary or None)
    except (OSError, pa.ArrowException, ValueError) as error:
        raise InvalidRecordError(
            f"could not be read: {error}", record=f"{name} file {path}", rule="ingest"
        ) from None
    return Source(_stripped(table, name, required), name)


def _from_pandas(frame: Any) -> Table:
    """Convert a pandas DataFrame column by column; mixed-object columns stay Python lists.

    pandas' own missing markers (``None``, ``NaN``, ``pd.NA``, ``NaT``) are missing values.
    """
    columns: dict[str, Column] = {}
    mixed = False
    for position, name in enumerate(frame.columns):
        series = frame.iloc[:, position]
        try:
            columns[str(name)] = pa.array(series, from_pandas=True)
        except (pa.ArrowException, TypeError, ValueError, OverflowError):
            columns[str(name)] = [None if _is_na(v) else v for v in series.tolist()]
            mixed = True
    if not mixed:
        return pa.table(columns) if columns else pa.table({}).slice(0, 0)
    return _Mixed(columns, len(frame))


def _is_na(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return type(value).__name__ in {"NAType", "NaTType"}


# ---------------------------------------------------------------- columns


def column(table: Table, name: str) -> Column | None:
    """A column as an Arrow array (decoded, large strings) or a list of Python values."""
    if name not in table.column_names:
        return None
    found = table.column(name)
    if isinstance(found, list):
        return found
    array = found.combine_chunks() if isinstance(found, pa.ChunkedArray) else found
    if isinstance(array, pa.ExtensionArray):
        array = array.storage
    if pa.types.is_dictionary(array.type):
        array = array.dictionary_decode()
    if (
        pa.types.is_string(array.type)
        or pa.types.is_string_view(array.type)
        or pa.types.is_large_string(array.type)
    ):
        array = array.cast(pa.large_string())
    return array


def values(col: Column, rows: np.ndarray[Any, Any]) -> list[Any]:
    """The Python values of ``rows`` of a column."""
    if isinstance(col, list):
        return [col[i] for i in rows.tolist()]
    if not len(rows):
        return []
    found: list[Any] = col.take(pa.array(rows, type=pa.int64())).to_pylist()
    return found


def _nulls(array: pa.Array) -> np.ndarray[Any, Any]:
    if array.null_count == 0:
        return np.zeros(len(array), dtype=bool)
    return np.asarray(array.is_null().to_numpy(zero_copy_only=False), dtype=bool)


def _present(col: Column) -> np.ndarray[Any, Any]:
    if isinstance(col, list):
        return np.array([v is not None for v in col], dtype=bool)
    return ~_nulls(col)
