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
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, TypeAlias

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from shuangdao.errors import (
    InvalidRecordError,
    InvalidTypeError,
    RecordErrors,
    ShuangdaoError,
)
from shuangdao.ingest import _grammar as g
from shuangdao.ingest._csv import header_problem
from shuangdao.ingest._rejection import Rejection
from shuangdao.ingest.schema import Contract
from shuangdao.quantities import to_fen

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

Column: TypeAlias = Any  # a pyarrow Array, or a list of Python values
"""An input column: an Arrow array, or Python values Arrow could not hold together."""

Table: TypeAlias = Any  # a pyarrow Table, or a _Mixed table
"""An input table: an Arrow table, or one whose columns are Python lists where needed."""

FEN_LIMIT: Final = int(g.MONEY_LIMIT) * 100
"""Money in fen must stay below this (:data:`shuangdao.ingest.MONEY_LIMIT` yuan)."""
_FLOAT_FAST_LIMIT: Final = 2.0**43
"""Below this a float's rounding interval is narrower than one fen, so its fen is unique."""
MONEY_TEXT: Final = rf"^[0-9]{{1,{g.MONEY_LIMIT.adjusted()}}}(\.[0-9]{{1,2}})?$"
"""A plain amount cell the fast path types at once: digits below ``MONEY_LIMIT``, at most fen."""
COUNT_TEXT: Final = rf"^[0-9]{{1,{len(str(g.COUNT_LIMIT - 1))}}}$"
"""A plain whole-number cell the fast path types at once: digits below ``COUNT_LIMIT``."""


@functools.cache
def _flag_spellings() -> tuple[pa.Array, pa.Array]:
    """The yes and the no spellings as Arrow arrays, built on first use.

    Not at import: ``pyarrow.array`` imports pandas when it is installed (about 0.3 s), and
    importing this module must not.
    """
    return (
        pa.array(list(g.TRUE_SPELLINGS), pa.large_string()),
        pa.array(list(g.FALSE_SPELLINGS), pa.large_string()),
    )


# ---------------------------------------------------------------- sources


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


# ---------------------------------------------------------------- checks


class Check:
    """Every problem of each row of one input table, and how to name the rows.

    Each column validator checks its column on every row (not only on the rows still
    valid), so a row with three bad cells is reported three times, once per field, and a
    user fixes them in one pass. The lines of a row come in the contract's column order
    (``fields``), and rows in file order.

    Checks that depend on a value that already failed are not reported on top of it: they
    would only repeat the first problem.

    * **One line per field.** :meth:`reject` keeps the first problem of each ``(row,
      field)``: a field whose cell cannot be read is not also "missing (required by this
      rule)" or "must be >= 1 to compute the relatively poor share"; an unreadable
      ``village_id`` is not also "not in the villages input".
    * **References need their own cell only.** A household's ``village_id`` that was read
      but names no accepted village is reported beside the row's other problems (the
      reference check depends on that cell alone, see :meth:`failed`).
    * **Duplicates are judged among valid rows** (:func:`duplicates`): the occurrence kept
      is the first *valid* record with that id, as on the object path, so a row with a bad
      cell (or a household with an unknown village) is neither kept nor called a
      duplicate. What a round's rule needs of a village is checked after, as before, and
      is listed beside a duplicate line.
    * **Derived values are never computed from a failed cell**: a rejected row (one or more
      lines) reaches no rule, so nothing derived from ``members`` (per-capita income, the
      relatively poor share) is reported when ``members`` itself is unreadable.

    Whether a row is rejected does not depend on how many problems it has: the rows
    rejected, and so every count of rejected rows, are those of a check that stopped at
    the first problem; only the lines are more. Count rows with
    :func:`~shuangdao.ingest.rejected_rows`, never the lines.

    Attributes:
        file: How rejections name the input.
        kind: How errors name a record (``"household"``).
        n: Rows in the table.
        rows: Data row number of each table row.
        ids: Each row's id (for messages; set once the id column is read).
        bad: Whether each row is rejected (has at least one problem).
        errors: Per rejected row: ``{field: message}``, in the order found.
        fields: The contract's column order (lines of a row are sorted by it; fields it
            does not list come after, in the order found).
        position: Each of ``fields``' place in that order.
        earlier: Rejections made before the table (malformed CSV lines).
        lines: For CSV files: the file line of table rows, on demand.
    """

    __slots__ = (
        "bad",
        "earlier",
        "errors",
        "fields",
        "file",
        "ids",
        "kind",
        "lines",
        "n",
        "position",
        "rows",
    )

    def __init__(
        self,
        *,
        file: str,
        kind: str,
        n: int,
        rows: np.ndarray[Any, Any] | None = None,
        earlier: Sequence[Rejection] = (),
        lines: Callable[[np.ndarray[Any, Any]], np.ndarray[Any, Any]] | None = None,
        fields: Sequence[str] = (),
    ) -> None:
        self.file = file
        self.kind = kind
        self.n = n
        self.rows = np.arange(1, n + 1, dtype=np.int64) if rows is None else rows
        self.ids: Sequence[str | None] = ()
        self.bad = np.zeros(n, dtype=bool)
        self.errors: dict[int, dict[str, str]] = {}
        self.fields = tuple(fields)
        self.position = {name: k for k, name in enumerate(self.fields)}
        self.earlier = list(earlier)
        self.lines = lines

    @classmethod
    def of(cls, source: Source, kind: str, *, contract: Contract | None = None) -> Check:
        """A check over a :class:`Source`'s table (lines in ``contract``'s column order)."""
        names = source.table.column_names
        fields = contract.column_order(names) if contract is not None else ()
        return cls(
            file=source.file,
            kind=kind,
            n=source.table.num_rows,
            rows=source.rows,
            earlier=source.rejected or (),
            lines=source.lines,
            fields=fields,
        )

    def reject(self, i: int, field_name: str, error: ShuangdaoError | str) -> None:
        """Reject row ``i`` for ``error`` in ``field_name``, unless that field already failed.

        The first problem of a field is its only line: a later check of the same field
        (what a rule needs of it, a reference) depends on the value that failed.
        """
        found = self.errors.get(i)
        if found is None:
            self.bad[i] = True
            self.errors[i] = {field_name: str(error)}
        elif field_name not in found:
            found[field_name] = str(error)

    def failed(self, field_name: str) -> np.ndarray[Any, Any]:
        """Whether ``field_name`` already failed on each row (a ``bool`` array)."""
        out = np.zeros(self.n, dtype=bool)
        rows = [i for i, found in self.errors.items() if field_name in found]
        if rows:
            out[rows] = True
        return out

    def record(self, i: int) -> str | None:
        """How errors name row ``i`` (``"household h1"``), if its id is known."""
        value = self.ids[i] if i < len(self.ids) else None
        return f"{self.kind} {value}" if isinstance(value, str) and value else None

    def id_of(self, i: int) -> str:
        """Row ``i``'s id, or ``""``."""
        value = self.ids[i] if i < len(self.ids) else None
        return value if isinstance(value, str) else ""

    def _ordered(self, i: int) -> list[tuple[str, str]]:
        """Row ``i``'s ``(field, message)`` lines in the contract's column order."""
        found = list(self.errors[i].items())
        if len(found) == 1 or not self.position:
            return found
        last = len(self.position)
        return sorted(found, key=lambda item: self.position.get(item[0], last))

    def rejections(self) -> list[Rejection]:
        """Every rejection (the reader's and this check's): by row, then by column."""
        chosen = sorted(self.errors)
        lines = (
            self.lines(np.asarray(chosen, dtype=np.int64)).tolist()
            if self.lines is not None and chosen
            else [None] * len(chosen)
        )
        own = [
            Rejection(self.file, int(self.rows[i]), self.id_of(i), name, message, line=line)
            for i, line in zip(chosen, lines, strict=True)
            for name, message in self._ordered(i)
        ]
        if not self.earlier:
            return own
        return sorted([*self.earlier, *own], key=lambda r: r.row)

    @property
    def n_rejected(self) -> int:
        """Rejected rows (the reader's and this check's), not lines."""
        return len(self.errors) + len(self.earlier)

    @property
    def n_rows(self) -> int:
        """All data rows of the input (the table's and the reader's rejections)."""
        return self.n + len(self.earlier)


class LazyIds(Sequence[str | None]):
    """Ids of input rows, turned into Python only for the rows an error names."""

    def __init__(self, ids: Column) -> None:
        self._ids = ids

    def __len__(self) -> int:
        return len(self._ids)

    def __getitem__(self, i: Any) -> Any:
        value = self._ids[i]
        if isinstance(value, pa.Scalar):
            value = value.as_py()
        return value if isinstance(value, str) else None


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


def decimal_words(array: pa.Array) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Low and high 64-bit words of each decimal128 value."""
    words = np.frombuffer(array.buffers()[1], dtype=np.int64)
    start = array.offset * 2
    stop = start + 2 * len(array)
    return words[start:stop:2], words[start + 1 : stop : 2]


def _model_rule(check: Check) -> str:
    """The rule a cell error is reported under: the model's (``model.household``)."""
    return f"model.{check.kind.replace(' ', '_')}"


def _missing(check: Check, i: int, field_name: str, rule: str | None = None) -> None:
    check.reject(
        i,
        field_name,
        InvalidRecordError(
            "is missing", record=check.record(i), field=field_name, rule=rule or _model_rule(check)
        ),
    )


def _named(error: ShuangdaoError, check: Check, i: int) -> ShuangdaoError:
    """``error`` with the row's record name and the model's rule (for a grammar error)."""
    if error.record is not None:
        return error
    return type(error)(
        error.detail,
        record=check.record(i),
        field=error.field,
        value=error.value,
        rule=error.rule or _model_rule(check),
    )


def _slow(
    col: Column,
    check: Check,
    candidates: np.ndarray[Any, Any],
    field_name: str,
    *,
    parse: Callable[[Any], Any],
    store: Callable[[int, Any], None],
) -> None:
    """Parse the values of ``candidates`` one by one; store or reject each.

    Every candidate is parsed, also on rows already rejected for another field: each
    independent problem of a row is reported (:class:`Check`).
    """
    for i, value in zip(candidates.tolist(), values(col, candidates), strict=True):
        try:
            result = parse(value)
        except ShuangdaoError as error:
            check.reject(i, field_name, _named(error, check, i))
            continue
        store(i, result)


# ---------------------------------------------------------------- ids


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


# ---------------------------------------------------------------- the column driver

_Values: TypeAlias = np.ndarray[Any, Any]
_FastPath: TypeAlias = Callable[[pa.Array, _Values], tuple[_Values | None, _Values]]
"""A typed fast path: ``(array, present) -> (values or None, accepted)``."""


def _validated(
    col: Column | None,
    check: Check,
    field_name: str,
    *,
    dtype: type[np.generic],
    fast: _FastPath,
    parse: Callable[[Any], Any],
    required: bool,
    missing: Callable[[int], None],
) -> tuple[_Values, _Values]:
    """Validate one typed column; return ``(values, present)`` (the skeleton of each type).

    A missing column is missing on every row. Otherwise ``fast`` types what it can of an
    Arrow array (``values`` may be ``None`` when it accepted nothing); every present cell it
    did not accept goes to ``parse`` (the grammar, ``optional=True``: blank text is
    missing), which returns the value to store or ``None``. When ``required``, ``missing(i)``
    rejects each absent value; absent and failed cells are ``0`` in ``values``.
    """
    n = check.n
    out = np.zeros(n, dtype=dtype)
    if col is None:
        if required:
            for i in range(n):
                missing(i)
        return out, np.zeros(n, dtype=bool)
    present = _present(col)
    accepted = np.zeros(n, dtype=bool)
    if not isinstance(col, list):
        typed, accepted = fast(col, present)
        if typed is not None:
            out = typed
    slow = np.flatnonzero(~accepted & present)
    if len(slow):
        out = out.copy()
        missing_text: list[int] = []

        def store(i: int, value: Any) -> None:
            if value is None:
                missing_text.append(i)  # blank text: missing
            else:
                out[i] = value

        _slow(col, check, slow, field_name, parse=parse, store=store)
        if missing_text:
            present = present.copy()
            present[missing_text] = False
    if required:
        for i in np.flatnonzero(~present).tolist():
            missing(i)
    mask = ~present  # a failed cell is already 0 (never accepted)
    return (np.where(mask, out.dtype.type(0), out) if mask.any() else out), present


# ---------------------------------------------------------------- money


def _money_fast(col: pa.Array, present: _Values) -> tuple[_Values | None, _Values]:
    """Fen of plain amount text, small decimals, whole numbers and fen-exact floats."""
    kind = col.type
    if pa.types.is_large_string(kind):
        ok = np.asarray(pc.match_substring_regex(col, MONEY_TEXT).to_numpy(zero_copy_only=False))
        accepted = np.asarray(np.where(present, ok, False), dtype=bool)
        if not accepted.any():
            return None, accepted
        text = pc.if_else(pa.array(accepted), col, pa.scalar("0", pa.large_string()))
        return np.array(decimal_words(pc.cast(text, pa.decimal128(17, 2)))[0]), accepted
    if pa.types.is_decimal128(kind) and kind.scale <= 2 and kind.precision - kind.scale <= 15:
        scaled = col
        if kind.scale != 2:
            scaled = col.cast(pa.decimal128(kind.precision + 2 - kind.scale, 2))
        low, high = decimal_words(scaled)
        accepted = present & (high == 0) & (low >= 0) & (low < FEN_LIMIT)
        return (low if accepted.all() else np.where(accepted, low, 0)), accepted
    if pa.types.is_integer(kind) and not pa.types.is_uint64(kind):
        numbers = col.fill_null(0).to_numpy().astype(np.int64)
        accepted = present & (numbers >= 0) & (numbers < FEN_LIMIT // 100)
        return np.where(accepted, numbers, 0) * 100, accepted
    if pa.types.is_floating(kind):
        floats = col.cast(pa.float64()).fill_null(0.0).to_numpy()
        with np.errstate(invalid="ignore", over="ignore"):
            finite = np.isfinite(floats) & (floats >= 0) & (floats < _FLOAT_FAST_LIMIT)
            candidate = np.where(finite, np.rint(floats * 100), 0.0)
            exact = finite & (candidate / 100 == floats)
        accepted = present & exact
        return np.where(accepted, candidate, 0).astype(np.int64), accepted
    return None, np.zeros(len(col), dtype=bool)  # nothing accepted


def money(
    col: Column | None,
    check: Check,
    field_name: str,
    *,
    required: bool,
    rule: str | None = None,
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Validate a money column into int64 fen; return ``(fen, present)``.

    Values are accepted exactly when :func:`shuangdao.ingest._grammar.parse_money` accepts
    them. A missing value is an error only when ``required``.
    """

    def parse(value: Any) -> int | None:
        amount = g.parse_money(value, field=field_name, optional=True)
        return None if amount is None else to_fen(amount)

    return _validated(
        col,
        check,
        field_name,
        dtype=np.int64,
        fast=_money_fast,
        parse=parse,
        required=required,
        missing=lambda i: _missing(check, i, field_name, rule),
    )


# ---------------------------------------------------------------- whole numbers and flags


def _count_fast(minimum: int, top: int) -> _FastPath:
    """Whole numbers in ``[minimum, top]`` from integers, plain digit text and whole floats."""

    def fast(col: pa.Array, present: _Values) -> tuple[_Values | None, _Values]:
        kind = col.type
        if pa.types.is_integer(kind) and not pa.types.is_uint64(kind):
            numbers = col.fill_null(0).to_numpy().astype(np.int64, copy=False)
            accepted = present & (numbers >= minimum) & (numbers <= top)
        elif pa.types.is_large_string(kind):
            ok = np.asarray(
                pc.match_substring_regex(col, COUNT_TEXT).to_numpy(zero_copy_only=False)
            )
            ok = np.asarray(np.where(present, ok, False), dtype=bool)
            if not ok.any():
                return None, np.zeros(len(col), dtype=bool)  # nothing accepted
            text = pc.if_else(pa.array(ok), col, pa.scalar("0", pa.large_string()))
            numbers = np.asarray(pc.cast(text, pa.int64()).to_numpy())
            accepted = ok & (numbers >= minimum) & (numbers <= top)
        elif pa.types.is_floating(kind):
            floats = col.cast(pa.float64()).fill_null(0.5).to_numpy()
            with np.errstate(invalid="ignore"):
                whole = (
                    np.isfinite(floats) & (np.floor(floats) == floats) & (np.abs(floats) < 2.0**53)
                )
            numbers = np.where(whole, floats, 0).astype(np.int64)
            accepted = present & whole & (numbers >= minimum) & (numbers <= top)
        else:
            return None, np.zeros(len(col), dtype=bool)  # nothing accepted
        return (numbers if accepted.all() else np.where(accepted, numbers, 0)), accepted

    return fast


def count(
    col: Column | None,
    check: Check,
    field_name: str,
    *,
    minimum: int,
    maximum: int | None = None,
    required: bool = True,
    rule: str | None = None,
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Validate a whole-number column (``>= minimum``); return ``(values, present)``."""
    top = g.COUNT_LIMIT - 1 if maximum is None else min(maximum, g.COUNT_LIMIT - 1)
    return _validated(
        col,
        check,
        field_name,
        dtype=np.int64,
        fast=_count_fast(minimum, top),
        parse=lambda v: g.parse_count(
            v, field=field_name, minimum=minimum, maximum=maximum, optional=True
        ),
        required=required,
        missing=lambda i: _missing(check, i, field_name, rule),
    )


def _flag_fast(col: pa.Array, present: _Values) -> tuple[_Values | None, _Values]:
    """Booleans, the yes/no spellings (any case) and the integers 0 and 1."""
    kind = col.type
    if pa.types.is_boolean(kind):
        return np.asarray(col.fill_null(False).to_numpy(zero_copy_only=False), dtype=bool), present
    if pa.types.is_large_string(kind):
        lowered = pc.ascii_lower(col)
        true_spellings, false_spellings = _flag_spellings()
        yes = np.asarray(
            pc.is_in(lowered, value_set=true_spellings).to_numpy(zero_copy_only=False), bool
        )
        no = np.asarray(
            pc.is_in(lowered, value_set=false_spellings).to_numpy(zero_copy_only=False), bool
        )
        return yes & present, present & (yes | no)
    if pa.types.is_integer(kind):
        numbers = col.fill_null(2).to_numpy()
        accepted = present & ((numbers == 0) | (numbers == 1))
        return accepted & (numbers == 1), accepted
    return None, np.zeros(len(col), dtype=bool)  # nothing accepted


def flag(
    col: Column | None,
    check: Check,
    field_name: str,
    *,
    required: bool = True,
    missing: Callable[[int], ShuangdaoError] | None = None,
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Validate a yes/no column into ``bool``; return ``(values, present)``.

    ``missing(i)`` builds the error of a missing required value (default: "is missing").
    """

    def absent(i: int) -> None:
        if missing is None:
            _missing(check, i, field_name)
        else:
            check.reject(i, field_name, missing(i))

    return _validated(
        col,
        check,
        field_name,
        dtype=np.bool_,
        fast=_flag_fast,
        parse=lambda v: g.parse_flag(v, field=field_name, optional=True),
        required=required,
        missing=absent,
    )


def choice(
    col: Column | None, check: Check, field_name: str, parse: Callable[[Any], Any]
) -> list[Any]:
    """Validate a column value by value with ``parse`` (choices, free text); return values."""
    n = check.n
    out: list[Any] = [None] * n
    if col is None:
        return out

    def store(i: int, value: Any) -> None:
        out[i] = value

    _slow(col, check, np.arange(n, dtype=np.int64), field_name, parse=parse, store=store)
    return out


# ---------------------------------------------------------------- small tables, row by row


def read_rows(source: Any, contract: Contract, *, round: int | None = None) -> list[dict[str, Any]]:
    """Read a small input table (units, cadres) into validated rows, or raise every problem.

    Each row is a ``dict`` of the contract's columns present in the input (values read with
    their cells; extra columns are dropped). Ids must be unique. Every bad cell of a row is
    listed (in the contract's column order), as :class:`Check` does; a duplicate id is
    judged among the rows whose cells all read.

    Raises:
        InvalidRecordError: A file-level problem (unreadable, a missing or duplicate column).
        RecordErrors: Rows that cannot be read, each named by file, row and field
            (``$.units[row 3].kind``).
    """
    read = read_source(
        source, name=contract.file, required=contract.header(round), id_column=contract.id_column
    )
    table = read.table
    rows = read.rows if read.rows is not None else np.arange(1, table.num_rows + 1)
    present = [c for c in contract.columns if not c.per_year and c.name in table.column_names]
    python = {c.name: values(column(table, c.name), np.arange(table.num_rows)) for c in present}
    located: list[tuple[str, ShuangdaoError]] = [
        (f"$.{contract.file}[row {r.row}]", InvalidRecordError(r.error))
        for r in read.rejected or ()
    ]
    out: list[dict[str, Any]] = []
    first: dict[str, int] = {}
    for i, row in enumerate(rows.tolist()):
        parsed: dict[str, Any] = {}
        label: str | None = None
        failed = False
        for spec in present:
            raw = python[spec.name][i]
            try:
                parsed[spec.name] = spec.cell.parse(raw, field=spec.name)
            except ShuangdaoError as error:
                failed = True  # every cell of the row is still read: each problem is listed
                located.append(
                    (
                        f"$.{contract.file}[row {row}].{spec.name}",
                        type(error)(
                            error.detail,
                            record=label or f"{contract.file} row {row}",
                            field=error.field,
                            value=error.value,
                            rule=error.rule or f"model.{contract.kind.replace(' ', '_')}",
                        ),
                    )
                )
                continue
            if spec.name == contract.id_column:
                label = f"{contract.kind} {parsed[spec.name]}"
        if not failed:  # a duplicate is judged among valid rows (see Check)
            key = parsed[contract.id_column]
            if key in first:
                located.append(
                    (
                        f"$.{contract.file}[row {row}].{contract.id_column}",
                        InvalidRecordError(
                            f"is a duplicate of row {first[key]}",
                            record=label,
                            field=contract.id_column,
                            value=key,
                            rule="ingest",
                        ),
                    )
                )
                continue
            first[key] = row
            out.append(parsed)
    if located:
        # Rows, not problems: a row with two bad cells is one invalid row, listed twice.
        invalid = len(read.rejected or ()) + len(rows) - len(out)
        problems = f" ({len(located)} problems)" if len(located) > invalid else ""
        raise RecordErrors.from_errors(
            f"{invalid} invalid row(s) in {contract.file}{problems}", located
        )
    return out
