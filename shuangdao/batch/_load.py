"""Inputs → validated numpy columns, with every bad row kept as a rejection.

Every input row ends up either *accepted* (its validated values are returned as numpy
columns: money in integer fen, members as ``int64``, flags as ``bool``) or *rejected* (one
:class:`Rejection` naming the file, the row, the id, the first bad field and the error).
Nothing is dropped and nothing is rounded.

Each column is validated in two steps, for speed and for exactness: a vectorised *fast path*
accepts the values whose meaning is obvious (``"1234.5"``, ``decimal128(15, 2)``, integers, a
float whose shortest ``repr`` has at most two decimals...); every other value is handed, one by
one, to the same Python conversion the object path uses (:func:`shuangdao.quantities.money`,
the model's id and integer rules, the text parsers for CSV cells). The fast path therefore only
ever decides the easy cases, and the batch path accepts exactly what the object path accepts.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, TypeAlias

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from shuangdao.batch._threads import threads
from shuangdao.errors import (
    InvalidMoneyError,
    InvalidRecordError,
    InvalidTypeError,
    ShuangdaoError,
    UnknownReferenceError,
)
from shuangdao.quantities import money, to_fen

__all__ = [
    "HOUSEHOLD_COLUMNS",
    "FAST_ROWS",
    "Loaded",
    "Positions",
    "Rejection",
    "load_households",
    "load_villages",
    "parse_bool",
    "parse_int",
    "read_table",
    "village_columns",
]

HOUSEHOLD_COLUMNS: Final = (
    "household_id",
    "village_id",
    "members",
    "income",
    "has_labour_capacity",
)
"""Household columns of the ``identify`` contract."""

_FEN_LIMIT: Final = 10**17
"""Money must be below 10^15 yuan (see :func:`shuangdao.quantities.money`)."""
_FLOAT_FAST_LIMIT: Final = 2.0**43
"""Below this a float's rounding interval is narrower than one fen, so its fen is unique."""
_MONEY_TEXT: Final = r"^[0-9]{1,13}(\.[0-9]{1,2})?$"
_INT_TEXT: Final = r"^[0-9]{1,15}$"
_INT_LIMIT: Final = 2**62

Column: TypeAlias = Any  # a pyarrow Array, or a list of Python values
"""An input column: an Arrow array, or Python values Arrow could not hold together."""

_TRUE: Final = frozenset({"true", "1", "yes", "y", "t"})
_FALSE: Final = frozenset({"false", "0", "no", "n", "f"})


def parse_bool(text: str) -> bool:
    """Parse a CSV yes/no cell (``true/false``, ``1/0``, ``yes/no``, ``t/f``, ``y/n``)."""
    key = text.strip().lower()
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise InvalidRecordError("is not a boolean (true/false, 1/0, yes/no)", value=text)


def parse_int(text: str) -> int:
    """Parse a CSV whole-number cell (ASCII digits, optional sign and surrounding spaces)."""
    body = text.strip()
    digits = body[1:] if body[:1] in {"+", "-"} else body
    if not digits or not digits.isascii() or not digits.isdigit():
        raise InvalidRecordError("is not a whole number", value=text)
    return int(body)


def village_columns(round: int) -> tuple[str, ...]:
    """Village columns of the ``identify`` contract for ``round``."""
    base = ("village_id", "per_capita_income", "collective_income")
    if round == 1:
        return (*base, "designated")
    if round == 3:
        return (*base, "registered_population")
    return base


@dataclass(frozen=True, slots=True)
class Rejection:
    """One rejected input row: where it was, which field was wrong and why."""

    file: str
    row: int
    id: str
    field: str
    error: str


class Loaded:
    """Validated rows of one input table.

    Attributes:
        file: The name rejections use for the input (a file name, or ``villages``).
        n_rows: Number of input rows.
        index: 0-based positions of the accepted rows in the input (built on first use
            when every row was accepted).
        ids: The accepted ids (``large_string``; a chunked array from the fast path).
        columns: Validated numpy columns of the accepted rows (fen, ints, bools); from the
            fast path they are assembled from ``chunks`` on first use.
        extra: Pass-through Arrow columns of the accepted rows (``county_id``...).
        rejected: One rejection per rejected row, by row.
        csv_ids: For CSV input: ids the CLI reader accepted and rejected (before the rules
            ran).
        chunks: From the fast path (every row valid): the validated columns as zero-copy
            pieces of the input (``members``, ``income`` in fen, ``has_labour_capacity``,
            ``village`` positions), in order; else ``None``.
    """

    __slots__ = (
        "_index",
        "chunks",
        "columns",
        "csv_ids",
        "extra",
        "file",
        "ids",
        "n_rows",
        "rejected",
    )

    def __init__(
        self,
        *,
        file: str,
        n_rows: int,
        index: np.ndarray[Any, Any] | None,
        ids: pa.Array | pa.ChunkedArray,
        columns: dict[str, np.ndarray[Any, Any]],
        extra: dict[str, Any] | None = None,
        rejected: list[Rejection] | None = None,
        csv_ids: tuple[set[str], set[str]] | None = None,
        chunks: list[dict[str, np.ndarray[Any, Any]]] | None = None,
    ) -> None:
        self.file = file
        self.n_rows = n_rows
        self._index = index
        self.ids = ids
        self.columns = columns
        self.extra: dict[str, Any] = {} if extra is None else extra
        self.rejected: list[Rejection] = [] if rejected is None else rejected
        self.csv_ids = csv_ids
        self.chunks = chunks

    @property
    def index(self) -> np.ndarray[Any, Any]:
        """0-based positions of the accepted rows in the input."""
        if self._index is None:
            self._index = np.arange(self.n_rows - len(self.rejected), dtype=np.int64)
        return self._index

    @index.setter
    def index(self, value: np.ndarray[Any, Any]) -> None:
        self._index = value

    def __repr__(self) -> str:
        return f"Loaded(file={self.file!r}, n_rows={self.n_rows}, rejected={len(self.rejected)})"


class _LazyColumns(dict[str, np.ndarray[Any, Any]]):
    """Validated columns kept as the fast path's pieces, joined into arrays on first use."""

    _DTYPES: Final = {
        "members": np.int64,
        "income": np.int64,
        "has_labour_capacity": np.bool_,
    }

    def __init__(self, chunks: list[dict[str, np.ndarray[Any, Any]]]) -> None:
        super().__init__()
        self._chunks = chunks

    def __missing__(self, key: str) -> np.ndarray[Any, Any]:
        if key not in self._DTYPES:
            raise KeyError(key)
        dtype = self._DTYPES[key]
        pieces: list[np.ndarray[Any, Any]] = [
            np.asarray(chunk[key], dtype=dtype) for chunk in self._chunks
        ]
        value = np.concatenate(pieces) if pieces else np.zeros(0, dtype=dtype)
        self[key] = value
        return value

    def _fill(self) -> None:
        for key in self._DTYPES:
            self[key]

    def __contains__(self, key: object) -> bool:
        return key in self._DTYPES

    def __iter__(self) -> Iterator[str]:
        self._fill()
        return super().__iter__()

    def __len__(self) -> int:
        return len(self._DTYPES)

    def get(self, key: str, default: Any = None) -> Any:
        return self[key] if key in self._DTYPES else default

    def keys(self) -> Any:
        self._fill()
        return super().keys()

    def values(self) -> Any:
        self._fill()
        return super().values()

    def items(self) -> Any:
        self._fill()
        return super().items()


# ---------------------------------------------------------------- reading


class _Mixed:
    """A table some of whose columns are Python lists (values Arrow cannot hold together)."""

    def __init__(self, columns: dict[str, Column], num_rows: int) -> None:
        self.columns = columns
        self.num_rows = num_rows
        self.column_names = list(columns)

    def column(self, name: str) -> Column:
        return self.columns[name]


Table: TypeAlias = Any  # a pyarrow Table, or a _Mixed table


def read_table(source: Any, *, name: str) -> tuple[Table, str, int]:
    """Return ``(table, file label, number of the first data row)`` for a supported input.

    Accepts a :class:`pyarrow.Table`, a pandas or polars DataFrame, any object with
    ``__arrow_c_stream__``, or a ``str``/:class:`~pathlib.Path` to a ``.csv`` (read as text
    and validated like the CLI) or ``.parquet`` file.

    Raises:
        InvalidTypeError: The input is none of these.
        InvalidRecordError: A file cannot be read.
    """
    if isinstance(source, str | Path):
        return _read_path(Path(source), name=name)
    if isinstance(source, _CsvRows):
        return source.table, name, 1
    if isinstance(source, pa.Table):
        return source, name, 1
    if isinstance(source, pa.RecordBatch):
        return pa.Table.from_batches([source]), name, 1
    if type(source).__module__.split(".", 1)[0] == "pandas" and hasattr(source, "columns"):
        return _from_pandas(source), name, 1
    if hasattr(source, "__arrow_c_stream__"):
        try:
            return pa.table(source), name, 1
        except (pa.ArrowException, TypeError, ValueError) as error:
            raise InvalidTypeError(
                f"could not be read through the Arrow stream interface: {error}", field=name
            ) from None
    raise InvalidTypeError(
        "must be a pandas/polars DataFrame, a pyarrow Table, an object with "
        "__arrow_c_stream__, or a path to a .csv or .parquet file",
        field=name,
        value=type(source).__name__,
    )


def _read_path(path: Path, *, name: str) -> tuple[Table, str, int]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        raise InvalidRecordError(  # pragma: no cover - CSV goes through read_csv_pair
            "CSV files are read with read_csv_pair", field=name, value=str(path)
        )
    if suffix != ".parquet":
        raise InvalidRecordError("must be a .csv or .parquet file", field=name, value=str(path))
    import pyarrow.parquet as pq

    try:
        # Village ids repeat: read them as dictionaries (faster, smaller; decoded when needed).
        columns = pq.read_schema(path).names
        dictionary = [
            c for c in ("village_id", "county_id") if c in columns and name == "households"
        ]
        return pq.read_table(path, read_dictionary=dictionary or None), name, 1
    except (OSError, pa.ArrowException, ValueError) as error:
        raise InvalidRecordError(
            f"could not be read: {error}", record=f"{name} file {path}"
        ) from None


@dataclass(slots=True)
class _CsvRows:
    """Rows the CLI's CSV reader accepted, as an Arrow table, with their file row numbers."""

    table: pa.Table
    rows: np.ndarray[Any, Any]
    rejected: list[Rejection]


def is_csv(source: Any) -> bool:
    """Whether ``source`` is a path to a CSV file."""
    return isinstance(source, str | Path) and Path(source).suffix.lower() == ".csv"


def read_csv_villages(path: str | Path, *, round: int) -> _CsvRows:
    """Read a villages CSV exactly as the ``identify`` CLI does (:mod:`shuangdao.io`)."""
    from shuangdao import io

    accepted, rejected = io._read_villages(path, round)
    villages = [v for _, v in accepted]
    table = pa.table(
        {
            "village_id": pa.array([v.village_id for v in villages], pa.large_string()),
            "per_capita_income": pa.array(
                [v.per_capita_income for v in villages], pa.decimal128(17, 2)
            ),
            "collective_income": pa.array(
                [v.collective_income for v in villages], pa.decimal128(17, 2)
            ),
            "designated": pa.array([v.designated for v in villages], pa.bool_()),
            "registered_population": pa.array(
                [v.registered_population for v in villages], pa.int64()
            ),
        }
    )
    return _CsvRows(
        table,
        np.array([row for row, _ in accepted], dtype=np.int64),
        [Rejection(r.file, r.row, r.id, r.field, r.error) for r in rejected],
    )


def read_csv_households(
    path: str | Path, *, round: int, village_ids: set[str], rejected_village_ids: set[str]
) -> _CsvRows:
    """Read a households CSV exactly as the ``identify`` CLI does (:mod:`shuangdao.io`)."""
    from shuangdao import io

    accepted, rejected = io._read_households(
        path, round, village_ids, rejected_village_ids - village_ids
    )
    households = [h for _, h in accepted]
    table = pa.table(
        {
            "household_id": pa.array([h.household_id for h in households], pa.large_string()),
            "village_id": pa.array([h.village_id for h in households], pa.large_string()),
            "members": pa.array([h.members for h in households], pa.int64()),
            "income": pa.array([h.income for h in households], pa.decimal128(17, 2)),
            "has_labour_capacity": pa.array(
                [h.has_labour_capacity for h in households], pa.bool_()
            ),
        }
    )
    return _CsvRows(
        table,
        np.array([row for row, _ in accepted], dtype=np.int64),
        [Rejection(r.file, r.row, r.id, r.field, r.error) for r in rejected],
    )


def _from_pandas(frame: Any) -> Table:
    """Convert a pandas DataFrame column by column; mixed-object columns stay Python lists."""
    columns: dict[str, Column] = {}
    mixed = False
    for name in frame.columns:
        column = frame[name]
        try:
            columns[str(name)] = pa.array(column, from_pandas=True)
        except (pa.ArrowException, TypeError, ValueError, OverflowError):
            columns[str(name)] = [None if _is_na(v) else v for v in column.tolist()]
            mixed = True
    if not mixed:
        return pa.table(columns)
    return _Mixed(columns, len(frame))


def _is_na(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float):
        return False  # NaN is a bad amount, judged like the object path judges it
    return type(value).__name__ in {"NAType", "NaTType"}


# ---------------------------------------------------------------- helpers


@dataclass(slots=True)
class _Checker:
    """Collects the first error of each row of one table."""

    file: str
    n: int
    rows: np.ndarray[Any, Any]
    kind: str
    ids: Sequence[str | None] = ()
    bad: np.ndarray[Any, Any] = field(init=False)
    errors: dict[int, tuple[str, str]] = field(default_factory=dict)
    earlier: list[Rejection] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.bad = np.zeros(self.n, dtype=bool)

    def reject(self, i: int, field_name: str, error: ShuangdaoError | str) -> None:
        if self.bad[i]:
            return
        self.bad[i] = True
        self.errors[i] = (field_name, str(error))

    def record(self, i: int) -> str | None:
        value = self.ids[i] if i < len(self.ids) else None
        return None if value is None else f"{self.kind} {value}"

    def id_of(self, i: int) -> str:
        value = self.ids[i] if i < len(self.ids) else None
        return "" if value is None else value


class _LazyIds(Sequence[str | None]):
    """Ids of input rows, turned into Python only for the rows an error names."""

    def __init__(self, ids: Column, bad: np.ndarray[Any, Any]) -> None:
        self._ids = ids
        self._bad = bad

    def __len__(self) -> int:
        return len(self._ids)

    def __getitem__(self, i: Any) -> Any:
        value = self._ids[i]
        if isinstance(value, pa.Scalar):
            value = value.as_py()
        return value if isinstance(value, str) else None


def _column(table: Table, name: str) -> Column | None:
    if name not in table.column_names:
        return None
    column = table.column(name)
    if isinstance(column, list):
        return column
    array = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    if pa.types.is_dictionary(array.type):
        array = array.dictionary_decode()
    if pa.types.is_string(array.type) or pa.types.is_string_view(array.type):
        array = array.cast(pa.large_string())
    if isinstance(array, pa.ExtensionArray):
        array = array.storage
    return array


def _values(column: Column, rows: np.ndarray[Any, Any]) -> list[Any]:
    if isinstance(column, list):
        return [column[i] for i in rows.tolist()]
    if not len(rows):
        return []
    values: list[Any] = column.take(pa.array(rows, type=pa.int64())).to_pylist()
    return values


def _nulls(array: pa.Array) -> np.ndarray[Any, Any]:
    if array.null_count == 0:
        return np.zeros(len(array), dtype=bool)
    return np.asarray(array.is_null().to_numpy(zero_copy_only=False), dtype=bool)


def _decimal_words(array: pa.Array) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Low and high 64-bit words of each decimal128 value."""
    words = np.frombuffer(array.buffers()[1], dtype=np.int64)
    start = array.offset * 2
    stop = start + 2 * len(array)
    return words[start:stop:2], words[start + 1 : stop : 2]


def _required(check: _Checker, i: int, field_name: str, rule: str | None = None) -> None:
    check.reject(
        i,
        field_name,
        InvalidRecordError("is required", record=check.record(i), field=field_name, rule=rule),
    )


# ---------------------------------------------------------------- ids


def _ids(column: Column | None, check: _Checker, field_name: str) -> pa.Array:
    """Validate an id column (the model's rule); return it as ``large_string``."""
    n = check.n
    if column is None:
        for i in range(n):
            _required(check, i, field_name)
        return pa.nulls(n, type=pa.large_string())
    if not isinstance(column, list) and pa.types.is_integer(column.type):
        column = column.cast(pa.large_string())
    if isinstance(column, list) or not pa.types.is_large_string(column.type):
        values = column if isinstance(column, list) else column.to_pylist()
        for i, value in enumerate(values):
            _id_slow(value, check, i, field_name)
        return pa.array([v if isinstance(v, str) else None for v in values], pa.large_string())
    offsets = np.frombuffer(column.buffers()[1], dtype=np.int64)[
        column.offset : column.offset + n + 1
    ]
    data = column.buffers()[2]
    raw = np.frombuffer(data, dtype=np.uint8) if data is not None else np.zeros(0, np.uint8)
    lengths = np.diff(offsets)
    suspect = _nulls(column) | (lengths == 0)
    nonempty = np.flatnonzero(lengths > 0)
    if len(nonempty):
        first = raw[offsets[:-1][nonempty]]
        last = raw[offsets[1:][nonempty] - 1]
        # Surrounding whitespace starts with a space, a control byte or a non-ASCII byte.
        suspect[nonempty] |= (first <= 32) | (first >= 128) | (last <= 32) | (last >= 128)
    used = raw[offsets[0] : offsets[-1]] if n else raw[:0]
    if len(used) and used.min() < 32:
        control = np.flatnonzero(used < 32)
        if len(control):
            rows = np.searchsorted(offsets, control + offsets[0], side="right") - 1
            suspect[np.unique(rows)] = True
    rows = np.flatnonzero(suspect)
    for i, value in zip(rows.tolist(), _values(column, rows), strict=True):
        _id_slow(value, check, i, field_name)
    return column


def id_problem(value: Any, *, record: str | None, field: str) -> ShuangdaoError | None:
    """Return why ``value`` is not a valid id (a non-empty string, plain ends, no control byte).

    ``None`` when it is valid; the caller reports a missing value (``None``) itself.
    """
    if not isinstance(value, str):
        return InvalidTypeError(
            f"must be a string id, not {type(value).__name__}",
            record=record,
            field=field,
            value=value,
        )
    if not value or value != value.strip() or any(ord(c) < 32 for c in value):
        return InvalidRecordError(
            "must be a non-empty id without surrounding spaces or control characters",
            record=record,
            field=field,
            value=value,
        )
    return None


def _id_slow(value: Any, check: _Checker, i: int, field_name: str) -> None:
    record = check.record(i) if field_name != check.kind + "_id" else None
    if value is None:
        _required(check, i, field_name)
        return
    problem = id_problem(value, record=record, field=field_name)
    if problem is not None:
        check.reject(i, field_name, problem)


def _duplicates(ids: pa.Array, check: _Checker, field_name: str) -> None:
    """Reject every occurrence of an id after its first (rows not otherwise rejected)."""
    good = np.flatnonzero(~check.bad)
    if len(good) < 2:
        return
    candidates = ids if len(good) == check.n else ids.take(pa.array(good, pa.int64()))
    if pc.all(pc.greater(candidates[1:], candidates[:-1])).as_py():
        return  # strictly increasing: no duplicates (the common, sorted case)
    order = np.asarray(pc.sort_indices(candidates).to_numpy(), dtype=np.int64)
    ordered = candidates.take(pa.array(order, pa.int64()))
    same = np.asarray(pc.equal(ordered[1:], ordered[:-1]).to_numpy(zero_copy_only=False), bool)
    if not same.any():
        return
    group = np.cumsum(np.concatenate(([True], ~same))) - 1
    positions = good[order]
    first = np.full(int(group[-1]) + 1, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(first, group, positions)
    first_of = first[group]
    for i, f in sorted(zip(positions.tolist(), first_of.tolist(), strict=True)):
        if i != f:
            check.reject(
                i,
                field_name,
                InvalidRecordError(
                    f"is a duplicate of {check.kind}s[{f}] (row {check.rows[f]})",
                    record=check.record(i),
                    field=field_name,
                    value=check.id_of(i),
                    rule="identification",
                ),
            )


# ---------------------------------------------------------------- money


def _money(
    column: Column | None,
    check: _Checker,
    field_name: str,
    *,
    required: bool,
    rule: str | None = None,
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Validate a money column into int64 fen; return ``(fen, present)``.

    Values are accepted exactly when :func:`shuangdao.quantities.money` accepts them. A
    missing value (null) is an error only when ``required``.
    """
    n = check.n
    fen = np.zeros(n, dtype=np.int64)
    present = np.zeros(n, dtype=bool)
    if column is None:
        if required:
            for i in range(n):
                _required(check, i, field_name, rule)
        return fen, present
    accepted = np.zeros(n, dtype=bool)
    if not isinstance(column, list):
        kind = column.type
        nulls = _nulls(column)
        present = ~nulls
        if pa.types.is_large_string(kind):
            ok = np.asarray(
                pc.match_substring_regex(column, _MONEY_TEXT).to_numpy(zero_copy_only=False)
            )
            accepted = np.asarray(np.where(nulls, False, ok), dtype=bool)
            if accepted.any():
                text = pc.if_else(pa.array(accepted), column, pa.scalar("0", pa.large_string()))
                fen = np.array(_decimal_words(pc.cast(text, pa.decimal128(15, 2)))[0])
        elif pa.types.is_decimal128(kind) and kind.scale <= 2 and kind.precision - kind.scale <= 15:
            scaled = column
            if kind.scale != 2:
                scaled = column.cast(pa.decimal128(kind.precision + 2 - kind.scale, 2))
            fen = _decimal_words(scaled)[0]  # a strided view: no copy
            accepted = present & (fen >= 0) & (fen < _FEN_LIMIT)
        elif pa.types.is_integer(kind) and not pa.types.is_uint64(kind):
            values = column.fill_null(0).to_numpy().astype(np.int64)
            accepted = present & (values >= 0) & (values < _FEN_LIMIT // 100)
            fen = np.where(accepted, values, 0) * 100
        elif pa.types.is_floating(kind):
            values = column.cast(pa.float64()).fill_null(0.0).to_numpy()
            with np.errstate(invalid="ignore", over="ignore"):
                finite = np.isfinite(values) & (values >= 0) & (values < _FLOAT_FAST_LIMIT)
                candidate = np.where(finite, np.rint(values * 100), 0.0)
                exact = finite & (candidate / 100 == values)
            accepted = present & exact
            fen = candidate.astype(np.int64)
        elif pa.types.is_null(kind):
            accepted = np.zeros(n, dtype=bool)
    else:
        present = np.array([v is not None for v in column], dtype=bool)
    # Everything else, one by one, through the object path's own conversion.
    slow = _slow_rows(accepted, check.bad, present)
    if len(slow):
        fen = fen.copy()
        for i, value in zip(slow.tolist(), _values(column, slow), strict=True):
            try:
                if isinstance(value, float) and math.isnan(value):
                    raise InvalidMoneyError(
                        "must be a finite number (yuan)",
                        record=check.record(i),
                        field=field_name,
                        value=value,
                    )
                fen[i] = to_fen(money(value, field=field_name, record=check.record(i)))
            except ShuangdaoError as error:
                check.reject(i, field_name, error)
    if required:
        for i in np.flatnonzero(~present & ~check.bad).tolist():
            check.reject(
                i,
                field_name,
                InvalidRecordError(
                    "is missing (required by this rule)",
                    record=check.record(i),
                    field=field_name,
                    rule=rule,
                ),
            )
    return _zero_where(fen, check.bad | ~present), present


def _slow_rows(
    accepted: np.ndarray[Any, Any], bad: np.ndarray[Any, Any], present: np.ndarray[Any, Any]
) -> np.ndarray[Any, Any]:
    """Rows the fast path did not accept (present, not already rejected)."""
    if accepted.all():
        return np.zeros(0, dtype=np.int64)
    return np.flatnonzero(~accepted & ~bad & present)


def _zero_where(values: np.ndarray[Any, Any], mask: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """``values`` with zeros where ``mask`` (no copy when nothing is masked)."""
    if not mask.any():
        return values
    return np.where(mask, 0, values)


# ---------------------------------------------------------------- integers and flags


def _integer(
    column: Column | None,
    check: _Checker,
    field_name: str,
    *,
    minimum: int,
    required: bool = True,
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Validate an integer column (>= ``minimum``); return ``(values, present)``.

    Integral floats (a pandas integer column with missing values) are accepted; text cells
    are parsed with :func:`parse_int`.
    """
    n = check.n
    out = np.zeros(n, dtype=np.int64)
    present = np.zeros(n, dtype=bool)
    if column is None:
        if required:
            for i in range(n):
                _required(check, i, field_name)
        return out, present
    accepted = np.zeros(n, dtype=bool)
    if not isinstance(column, list):
        kind = column.type
        nulls = _nulls(column)
        present = ~nulls
        if pa.types.is_integer(kind) and not pa.types.is_uint64(kind):
            values = column.fill_null(0).to_numpy().astype(np.int64, copy=False)
            accepted = present & (values >= minimum) & (values < _INT_LIMIT)
            out = values if accepted.all() else np.where(accepted, values, 0)
        elif pa.types.is_large_string(kind):
            ok = np.asarray(
                pc.match_substring_regex(column, _INT_TEXT).to_numpy(zero_copy_only=False)
            )
            ok = np.asarray(np.where(nulls, False, ok), dtype=bool)
            if ok.any():
                text = pc.if_else(pa.array(ok), column, pa.scalar("0", pa.large_string()))
                values = np.asarray(pc.cast(text, pa.int64()).to_numpy())
                accepted = ok & (values >= minimum)
                out = np.where(accepted, values, 0)
        elif pa.types.is_floating(kind):
            values = column.cast(pa.float64()).fill_null(0.5).to_numpy()
            with np.errstate(invalid="ignore"):
                ok = np.isfinite(values) & (np.floor(values) == values) & (np.abs(values) < 2.0**53)
            whole = np.where(ok, values, 0).astype(np.int64)
            accepted = ok & (whole >= minimum)
            out = np.where(accepted, whole, 0)
    else:
        present = np.array([v is not None for v in column], dtype=bool)
    slow = _slow_rows(accepted, check.bad, present)
    if len(slow):
        out = out.copy()
        for i, value in zip(slow.tolist(), _values(column, slow), strict=True):
            try:
                out[i] = _integer_slow(value, check.record(i), field_name, minimum)
            except ShuangdaoError as error:
                check.reject(i, field_name, error)
    if required:
        for i in np.flatnonzero(~present & ~check.bad).tolist():
            _required(check, i, field_name)
    return _zero_where(out, check.bad | ~present), present


def _integer_slow(value: Any, record: str | None, field_name: str, minimum: int) -> int:
    if isinstance(value, str):
        try:
            number = parse_int(value)
        except ShuangdaoError as error:
            raise InvalidRecordError(
                error.detail, record=record, field=field_name, value=value
            ) from None
    elif isinstance(value, float) and math.isfinite(value) and value == math.floor(value):
        number = int(value)
    elif isinstance(value, bool) or not isinstance(value, int):
        raise InvalidTypeError(
            f"must be an integer, not {type(value).__name__}",
            record=record,
            field=field_name,
            value=value,
        )
    else:
        number = value
    if number < minimum:
        raise InvalidRecordError(
            f"must be >= {minimum}", record=record, field=field_name, value=number
        )
    if number >= _INT_LIMIT:
        raise InvalidRecordError(
            "is out of range (< 2^62)", record=record, field=field_name, value=number
        )
    return number


def _flag(
    column: Column | None,
    check: _Checker,
    field_name: str,
    *,
    required: bool = True,
    missing: Callable[[int], ShuangdaoError] | None = None,
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Validate a yes/no column into ``bool``; return ``(values, present)``."""
    n = check.n
    out = np.zeros(n, dtype=bool)
    present = np.zeros(n, dtype=bool)
    if column is None:
        if required:
            for i in range(n):
                check.reject(i, field_name, missing(i) if missing else f"{field_name} is required")
        return out, present
    accepted = np.zeros(n, dtype=bool)
    if not isinstance(column, list):
        present = ~_nulls(column)
        if pa.types.is_boolean(column.type):
            accepted = present
            out = np.asarray(column.fill_null(False).to_numpy(zero_copy_only=False), dtype=bool)
    else:
        present = np.array([v is not None for v in column], dtype=bool)
    slow = _slow_rows(accepted, check.bad, present)
    if len(slow):
        out = out.copy()
        for i, value in zip(slow.tolist(), _values(column, slow), strict=True):
            try:
                out[i] = _flag_slow(value, check.record(i), field_name)
            except ShuangdaoError as error:
                check.reject(i, field_name, error)
    if required:
        for i in np.flatnonzero(~present & ~check.bad).tolist():
            if missing is None:
                _required(check, i, field_name)
            else:
                check.reject(i, field_name, missing(i))
    mask = check.bad | ~present
    return (out & ~mask if mask.any() else out), present


def _flag_slow(value: Any, record: str | None, field_name: str) -> bool:
    if isinstance(value, str):
        try:
            return parse_bool(value)
        except ShuangdaoError as error:
            raise InvalidRecordError(
                error.detail, record=record, field=field_name, value=value
            ) from None
    if isinstance(value, bool):
        return value
    raise InvalidTypeError(
        f"must be a boolean, not {type(value).__name__}",
        record=record,
        field=field_name,
        value=value,
    )


# ---------------------------------------------------------------- tables


def _finish(
    check: _Checker,
    ids: pa.Array,
    columns: dict[str, np.ndarray[Any, Any]],
    extra: dict[str, pa.Array],
) -> Loaded:
    keep = np.flatnonzero(~check.bad)
    everything = len(keep) == check.n
    take = pa.array(keep, pa.int64())
    rejected = [
        Rejection(check.file, int(check.rows[i]), check.id_of(i), f, e)
        for i, (f, e) in sorted(check.errors.items())
    ]
    if check.earlier:
        rejected = sorted([*check.earlier, *rejected], key=lambda r: r.row)
    return Loaded(
        file=check.file,
        n_rows=check.n + len(check.earlier),
        index=keep,
        ids=ids if everything else ids.take(take),
        columns=columns if everything else {k: v[keep] for k, v in columns.items()},
        extra=extra if everything else {k: v.take(take) for k, v in extra.items()},
        rejected=rejected,
    )


def _extra(table: Table, names: Sequence[str]) -> dict[str, pa.Array]:
    extra: dict[str, pa.Array] = {}
    for name in names:
        column = _column(table, name)
        if column is None:
            continue
        if isinstance(column, list):
            column = pa.array([None if v is None else str(v) for v in column], pa.large_string())
        elif not pa.types.is_large_string(column.type):
            column = column.cast(pa.large_string())
        extra[name] = column
    return extra


def _rows(source: Any, table: Table) -> np.ndarray[Any, Any]:
    if isinstance(source, _CsvRows):
        return source.rows
    return np.arange(1, table.num_rows + 1, dtype=np.int64)


def load_villages(
    source: Any,
    *,
    round: int,
    designation_rule: str,
    designated_missing: Callable[[str | None], ShuangdaoError],
) -> Loaded:
    """Read and validate villages for ``round``; bad rows become rejections.

    Args:
        source: Any supported input (see :func:`read_table`).
        round: 1, 2 or 3.
        designation_rule: ``round1.village_selection_rule`` (``caller_supplied`` when unset).
        designated_missing: Builds the object path's error for a missing designation.
    """
    if is_csv(source):
        source = read_csv_villages(source, round=round)
    table, file, _ = read_table(source, name="villages")
    check = _Checker(file=file, n=table.num_rows, rows=_rows(source, table), kind="village")
    if isinstance(source, _CsvRows):
        check.earlier = source.rejected
    id_column = _column(table, "village_id")
    check.ids = _LazyIds(id_column, check.bad) if id_column is not None else ()
    ids = _ids(id_column, check, "village_id")
    check.ids = _LazyIds(ids, check.bad)
    rule = {1: "identification.round1.village", 2: "identification.round2.village"}.get(
        round, "identification.round3.village"
    )
    collective_rule = round == 2 or (round == 1 and designation_rule == "collective_income_below")
    # Values first (what the model refuses), then duplicates, then what the rule needs —
    # the order of the object path: a duplicate is judged among rows the model accepted.
    pci, pci_present = _money(
        _column(table, "per_capita_income"), check, "per_capita_income", required=False
    )
    collective, collective_present = _money(
        _column(table, "collective_income"), check, "collective_income", required=False
    )
    designated, designated_present = _flag(
        _column(table, "designated"), check, "designated", required=False
    )
    population, present = _integer(
        _column(table, "registered_population"),
        check,
        "registered_population",
        minimum=0,
        required=False,
    )
    columns: dict[str, np.ndarray[Any, Any]] = {
        "per_capita_income": pci,
        "per_capita_income?": pci_present,
        "collective_income": collective,
        "collective_income?": collective_present,
        "designated": designated,
        "designated?": designated_present,
        "registered_population": population,
        "registered_population?": present,
    }
    _duplicates(ids, check, "village_id")
    needs = [("per_capita_income", round != 1), ("collective_income", collective_rule)]
    suspect = np.zeros(check.n, dtype=bool)
    for name, required in needs:
        if required:
            suspect |= ~columns[name + "?"]
    if round == 1 and designation_rule != "collective_income_below":
        suspect |= ~designated_present
    if round == 3:
        suspect |= ~present | (population < 1)
    for i in np.flatnonzero(suspect & ~check.bad).tolist():
        for name, required in needs:
            if required and not columns[name + "?"][i]:
                check.reject(
                    i,
                    name,
                    InvalidRecordError(
                        "is missing (required by this rule)",
                        record=check.record(i),
                        field=name,
                        rule=rule,
                    ),
                )
        if (
            round == 1
            and designation_rule != "collective_income_below"
            and not designated_present[i]
        ):
            check.reject(i, "designated", designated_missing(check.id_of(i) or None))
        if round == 3 and (not present[i] or population[i] < 1):
            check.reject(
                i,
                "registered_population",
                InvalidRecordError(
                    "must be >= 1 to compute the relatively poor share",
                    record=check.record(i),
                    field="registered_population",
                    value=int(population[i]) if present[i] else None,
                    rule=rule,
                ),
            )
    loaded = _finish(check, ids, columns, _extra(table, ("county_id",)))
    if isinstance(source, _CsvRows):
        accepted = set(table.column("village_id").to_pylist())
        loaded.csv_ids = (accepted, {r.id for r in source.rejected if r.id})
    return loaded


# ---------------------------------------------------------------- fast path


FAST_ROWS: Final = 1 << 17
"""Rows the fast path validates together (bounds its temporaries)."""


class Positions:
    """Village positions of accepted households, kept as the fast path's pieces.

    Behaves like the numpy array the general path returns (``np.asarray``, indexing,
    ``len``); the full ``int64`` array is built only when asked for.
    """

    def __init__(self, pieces: list[np.ndarray[Any, Any]]) -> None:
        self._pieces = pieces
        self._array: np.ndarray[Any, Any] | None = None

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray[Any, Any]:
        if self._array is None:
            self._array = (
                np.concatenate(self._pieces).astype(np.int64)
                if self._pieces
                else np.zeros(0, dtype=np.int64)
            )
        return self._array if dtype is None else self._array.astype(dtype, copy=False)

    def __len__(self) -> int:
        return sum(len(piece) for piece in self._pieces)

    def __getitem__(self, key: Any) -> Any:
        return np.asarray(self)[key]


def _village_runs(village_ids: pa.Array) -> tuple[pa.Array, np.ndarray[Any, Any] | None]:
    """The ids to look up for one piece: one per run of equal ids, and the run lengths.

    Registers usually list a village's households together; then only the first id of each
    run is looked up. Otherwise every id is (and the lengths are ``None``).
    """
    size = len(village_ids)
    change = pc.not_equal(village_ids[1:], village_ids[:-1])
    heads = np.flatnonzero(np.asarray(change.to_numpy(zero_copy_only=False), dtype=bool)) + 1
    if len(heads) >= size // 4:
        return village_ids, None
    starts = np.concatenate(([0], heads))
    return village_ids.take(pa.array(starts)), np.diff(np.append(starts, size))


class _VillageLookup:
    """Village ids of every piece, looked up in one hash table at the end.

    Plain string pieces are looked up per run of equal ids (:func:`_village_runs`);
    dictionary-encoded pieces (Parquet read with ``read_dictionary``) by their dictionary,
    once per distinct dictionary.
    """

    def __init__(self) -> None:
        self.values: list[pa.Array] = []
        self.pieces: list[tuple[int, str, np.ndarray[Any, Any] | None]] = []
        self._dictionaries: dict[tuple[int, int, int], int] = {}

    def add(
        self,
        village_ids: pa.Array,
        *,
        runs: tuple[pa.Array, np.ndarray[Any, Any] | None] | None = None,
    ) -> None:
        """Add one piece's village ids (``runs``: its precomputed :func:`_village_runs`)."""
        if pa.types.is_dictionary(village_ids.type):
            dictionary = village_ids.dictionary
            key = (dictionary.buffers()[1].address, dictionary.offset, len(dictionary))
            if key not in self._dictionaries:
                self._dictionaries[key] = len(self.values)
                self.values.append(dictionary.cast(pa.large_string()))
            indices = np.asarray(village_ids.indices.to_numpy(), dtype=np.int64)
            self.pieces.append((self._dictionaries[key], "dictionary", indices))
            return
        heads, lengths = _village_runs(village_ids) if runs is None else runs
        self.pieces.append((len(self.values), "runs", lengths))
        self.values.append(heads.cast(pa.large_string()))

    def positions(self, known: pa.Array) -> list[np.ndarray[Any, Any]] | None:
        """``int32`` positions per piece, or ``None`` if a used id is unknown."""
        if not self.values:
            return []
        found = pc.index_in(pa.chunked_array(self.values, pa.large_string()), value_set=known)
        flat = np.asarray(found.fill_null(-1).to_numpy(), dtype=np.int32)
        bounds = np.cumsum([0, *(len(v) for v in self.values)])
        out = []
        for which, kind, extra in self.pieces:
            looked = flat[bounds[which] : bounds[which + 1]]
            if kind == "dictionary":
                assert extra is not None
                piece = looked[extra]
            else:
                piece = looked if extra is None else np.repeat(looked, extra)
            if len(piece) and int(piece.min()) < 0:
                return None
            out.append(piece)
        return out


def _plain_ids(array: pa.Array) -> bool:
    """Whether every id is obviously valid: non-empty, no control byte, plain ends.

    The same bytes :func:`_ids` sends to the slow check (a value that fails here may still
    be valid; the caller then takes the general path).
    """
    buffers = array.buffers()
    width = np.int64 if pa.types.is_large_string(array.type) else np.int32
    offsets = np.frombuffer(buffers[1], dtype=width)[array.offset : array.offset + len(array) + 1]
    if not len(array):
        return True
    if buffers[2] is None:
        return False
    raw = np.frombuffer(buffers[2], dtype=np.uint8)
    if int(np.diff(offsets).min()) <= 0:
        return False
    if int(raw[offsets[0] : offsets[-1]].min()) < 32:
        return False
    for ends in (raw[offsets[:-1]], raw[offsets[1:] - 1]):
        # 33 <= byte <= 127, in one pass: bytes below 33 wrap around past 94.
        if int(np.subtract(ends, 33, out=ends).max()) > 94:
            return False
    return True


@dataclass(frozen=True)
class _FastPiece:
    """One piece of households confirmed valid by :func:`_fast_piece`."""

    ids: pa.Array
    columns: dict[str, np.ndarray[Any, Any]]
    increasing: bool
    first: str
    last: str
    village_ids: pa.Array
    runs: tuple[pa.Array, np.ndarray[Any, Any] | None] | None


def _fast_piece(batch: pa.RecordBatch, wide: bool) -> _FastPiece | None:
    """Check one record batch of households (thread-safe: reads only its own batch)."""
    size = batch.num_rows
    id_array = batch.column(0)
    if not _plain_ids(id_array):
        return None
    fen, high = _decimal_words(batch.column(3))
    count = batch.column(2).to_numpy()
    if not (
        int(fen.min()) >= 0
        and int(fen.max()) < _FEN_LIMIT
        and not (wide and high.any())
        and int(count.min()) >= 1
        and int(count.max()) < _INT_LIMIT
    ):
        return None
    increasing = size < 2 or bool(pc.all(pc.greater(id_array[1:], id_array[:-1])).as_py())
    village_ids = batch.column(1)
    runs = None if pa.types.is_dictionary(village_ids.type) else _village_runs(village_ids)
    return _FastPiece(
        ids=id_array.cast(pa.large_string()),
        columns={
            "members": count.astype(np.int64, copy=False),
            "income": fen,
            "has_labour_capacity": np.asarray(
                batch.column(4).to_numpy(zero_copy_only=False), dtype=bool
            ),
        },
        increasing=increasing,
        first=id_array[0].as_py(),
        last=id_array[size - 1].as_py(),
        village_ids=village_ids,
        runs=runs,
    )


def _fast_households(
    table: pa.Table, villages: Loaded, file: str
) -> tuple[Loaded, Positions] | None:
    """Validate and locate households when every row is obviously valid, else ``None``.

    The happy path of :func:`load_households`, for Arrow tables of the usual types (string
    ids, signed integer members, ``decimal128(p, 2)`` income, boolean labour capacity):
    whole columns are confirmed valid in vectorised passes over pieces of at most
    :data:`FAST_ROWS` rows (no nulls; ids non-empty with plain ends and no control byte;
    members in ``[1, 2**62)``; income in ``[0, 10**15)`` yuan, read as the low 64-bit word
    of each decimal with the high word checked; ids strictly increasing or all distinct;
    every village known). Nothing is copied except the labour flags and the ids' offsets.
    If any check fails, the general path decides the table row by row, so the fast path
    never decides anything the general path would not (no rejection is possible here).
    """
    if any(name not in table.column_names for name in HOUSEHOLD_COLUMNS):
        return None
    table = table.select(list(HOUSEHOLD_COLUMNS))
    hid, vid, members, income, labour = table.columns
    strings = (pa.types.is_string, pa.types.is_large_string)
    village_type = vid.type.value_type if pa.types.is_dictionary(vid.type) else vid.type
    if not (
        any(t(hid.type) for t in strings)
        and any(t(village_type) for t in strings)
        and pa.types.is_integer(members.type)
        and not pa.types.is_uint64(members.type)
        and pa.types.is_decimal128(income.type)
        and income.type.scale == 2
        and pa.types.is_boolean(labour.type)
        and not any(column.null_count for column in table.columns)
    ):
        return None
    n = table.num_rows
    wide = income.type.precision > 18  # else the value fits the low word (|v| < 10**18)
    batches = [b for b in table.to_batches(max_chunksize=FAST_ROWS) if b.num_rows]
    workers = min(threads(), len(batches))
    if workers > 1:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            checked = list(pool.map(lambda b: _fast_piece(b, wide), batches))
    else:
        checked = [_fast_piece(b, wide) for b in batches]
    chunks: list[dict[str, np.ndarray[Any, Any]]] = []
    ids: list[pa.Array] = []
    lookup = _VillageLookup()
    increasing = True
    last: str | None = None
    for piece in checked:
        if piece is None:
            return None
        increasing = increasing and piece.increasing and (last is None or last < piece.first)
        last = piece.last
        lookup.add(piece.village_ids, runs=piece.runs)
        ids.append(piece.ids)
        chunks.append(piece.columns)
    if not increasing and pc.count_distinct(hid).as_py() != n:
        return None  # a duplicate id: the general path says which
    # One lookup for the whole table (building the hash table of villages costs).
    positions = lookup.positions(villages.ids)
    if positions is None:
        return None  # an unknown village (or one that was rejected)
    for chunk, village in zip(chunks, positions, strict=True):
        chunk["village"] = village
    loaded = Loaded(
        file=file,
        n_rows=n,
        index=None,
        ids=pa.chunked_array(ids, type=pa.large_string()),
        columns=_LazyColumns(chunks),
        extra={"village_id": vid},
        chunks=chunks,
    )
    return loaded, Positions([chunk["village"] for chunk in chunks])


def load_households(
    source: Any,
    *,
    villages: Loaded,
    round: int,
    rows: np.ndarray[Any, Any] | None = None,
    check_duplicates: bool = True,
    duplicates: dict[int, int] | None = None,
) -> tuple[Loaded, np.ndarray[Any, Any]]:
    """Read and validate households; return them and each accepted row's village position.

    A household whose village is unknown, or whose village row was rejected, is rejected.
    ``rows``, ``check_duplicates`` and ``duplicates`` (local position → first position)
    let :mod:`shuangdao.batch.dask` number rows and find duplicates across partitions.
    """
    if is_csv(source):
        source = read_csv_households(
            source,
            round=round,
            village_ids=villages.csv_ids[0] if villages.csv_ids else set(),
            rejected_village_ids=villages.csv_ids[1] if villages.csv_ids else set(),
        )
    table, file, _ = read_table(source, name="households")
    fast = (
        _fast_households(table, villages, file)
        if isinstance(table, pa.Table)
        and not isinstance(source, _CsvRows)
        and rows is None
        and check_duplicates
        and not duplicates
        else None
    )
    if fast is not None:
        return fast  # type: ignore[return-value]  # Positions stands in for the array
    check = _Checker(
        file=file,
        n=table.num_rows,
        rows=_rows(source, table) if rows is None else rows,
        kind="household",
    )
    if isinstance(source, _CsvRows):
        check.earlier = source.rejected
    id_column = _column(table, "household_id")
    check.ids = _LazyIds(id_column, check.bad) if id_column is not None else ()
    ids = _ids(id_column, check, "household_id")
    check.ids = _LazyIds(ids, check.bad)
    village_ids = _ids(_column(table, "village_id"), check, "village_id")
    members, _ = _integer(_column(table, "members"), check, "members", minimum=1)
    income, _ = _money(_column(table, "income"), check, "income", required=True)
    labour, _ = _flag(_column(table, "has_labour_capacity"), check, "has_labour_capacity")
    rejected_villages = {r.id for r in villages.rejected}
    position = np.asarray(
        pc.index_in(village_ids, value_set=villages.ids).fill_null(-1).to_numpy(),
        dtype=np.int64,
    )
    for i in np.flatnonzero((position < 0) & ~check.bad).tolist():
        value = village_ids[i].as_py()
        if value in rejected_villages:
            check.reject(
                i,
                "village_id",
                InvalidRecordError(
                    "could not be decided, so neither can its households",
                    record=check.record(i),
                    field="village_id",
                    value=value,
                    rule="identification",
                ),
            )
        else:
            check.reject(
                i,
                "village_id",
                UnknownReferenceError(
                    "is not a known village",
                    record=check.record(i),
                    field="village_id",
                    value=value,
                    rule="identification",
                ),
            )
    if check_duplicates:
        _duplicates(ids, check, "household_id")
    for i, first in sorted((duplicates or {}).items()):
        check.reject(
            i,
            "household_id",
            InvalidRecordError(
                f"is a duplicate of households[{first}] (row {first + 1})",
                record=check.record(i),
                field="household_id",
                value=check.id_of(i),
                rule="identification",
            ),
        )
    columns = {
        "members": members,
        "income": income,
        "has_labour_capacity": labour,
        "village": position,
    }
    loaded = _finish(check, ids, columns, {"village_id": village_ids})
    return loaded, loaded.columns.pop("village")
