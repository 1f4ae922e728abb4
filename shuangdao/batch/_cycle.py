"""Exit and settlement over whole tables: the cycle rules in batch, incomes by year as columns.

The object path decides one household's exit in one year
(:func:`~shuangdao.rules.progress.household_exit`), follows it over the round
(:func:`~shuangdao.rules.progress.track_household`) and settles a village, a county or a
round (:func:`~shuangdao.rules.settlement.settle_village`,
:func:`~shuangdao.rules.settlement.settle_county`,
:func:`~shuangdao.rules.settlement.settle_round`). This module applies the same rules to
whole tables with **the same answers**, record for record: the same standards, the same
comparators, the same reason codes and the same per-capita margins.

* **Inputs**: pandas or polars DataFrames, :class:`pyarrow.Table`, anything with
  ``__arrow_c_stream__``, or a ``.csv`` (every cell read as text) or ``.parquet`` path.
  Households: ``household_id``, ``members``, ``income_<year>`` (total yuan, one column per
  income year) and, for settlement, ``village_id`` and ``has_labour_capacity``. Villages
  (settlement): ``village_id``, optional ``county_id``, ``collective_income_<year>`` (rounds 1
  and 2) and ``per_capita_income_<year>`` (round 2). Columns of years that are not decided
  are ignored.
* **Exact**: money becomes integer fen after validation (a value
  :func:`~shuangdao.quantities.money` refuses is a rejected row, never rounded); every line
  and share is read from the standards and compared in integers (``income × 10^k <op>
  line × 10^k × members``; shares as ``part × q <op> p × whole``). No float decides anything.
* **Nothing dropped**: every input row is decided or listed in ``rejected`` (``file``,
  ``row``, ``id``, ``field``, ``error``); decided + rejected = input is checked on every run.
* **Any record, explained**: ``decision(...)`` rebuilds one record and decides it with the
  object path.

Policy: S11 art. 1, S5, S3 (round 1); S1 (round 2); S20, S37 (round 3); SEED p. 5.

Example:
    >>> import pyarrow as pa
    >>> households = pa.table({"household_id": ["h1", "h2", "h3"], "members": [4, 4, 0],
    ...                        "income_2013": ["21004.20", "21004.19", "1"]})
    >>> result = exit_status(households, round=2, years=[2013])
    >>> result.exits.column("reason").to_pylist(), result.rejected.num_rows
    (['selected', 'not:household_income'], 1)
    >>> result.decision(household_id="h2", year=2013).code
    'not:household_income'
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from shuangdao.batch._result import (
    MARGIN_TYPE,
    REASON_TYPE,
    REJECTED_SCHEMA,
    InternalConsistencyError,
)
from shuangdao.calendar import round_calendar
from shuangdao.errors import (
    InvalidRecordError,
    InvalidTypeError,
    UnknownReferenceError,
)
from shuangdao.ingest import _table as t
from shuangdao.ingest._rejection import Rejection
from shuangdao.quantities import MARGIN_QUANTUM, Comparator, from_fen
from shuangdao.rules.progress import household_exit_line
from shuangdao.standards import Standards, default_standards
from shuangdao.standards.params import ROUND_PARAMS, Round1Params, Round2Params

if TYPE_CHECKING:
    from shuangdao.explain import Decision
    from shuangdao.rules.progress import (
        HouseholdIncomeHistory,
        HouseholdTrack,
        VillageIncomeHistory,
    )

__all__ = [
    "EXIT_SCHEMA",
    "ExitResult",
    "FAILING_VILLAGE_SCHEMA",
    "SETTLEMENT_HOUSEHOLD_SCHEMA",
    "SETTLEMENT_SCHEMA",
    "SettlementResult",
    "exit_status",
    "settlement",
]

MONEY_TYPE: Final = pa.decimal128(17, 2)
"""Arrow type of money columns in results (exact yuan)."""

EXIT_SCHEMA: Final = pa.schema(
    [
        ("household_id", pa.large_string()),
        ("year", pa.int64()),
        ("exited", pa.bool_()),
        ("reason", REASON_TYPE),
        ("margin", MARGIN_TYPE),
    ]
)
"""Columns of :attr:`ExitResult.exits` (one row per household and year with an income)."""

SETTLEMENT_SCHEMA: Final = pa.schema(
    [
        ("level", pa.string()),
        ("subject_id", pa.large_string()),
        ("passed", pa.bool_()),
        ("code", pa.large_string()),
        ("households", pa.int64()),
        ("persons", pa.int64()),
        ("persons_above", pa.int64()),
        ("share", pa.decimal128(6, 4)),
        ("villages", pa.int64()),
        ("villages_meeting_targets", pa.int64()),
    ]
)
"""Columns of :attr:`SettlementResult.settlement` (one row per village, county and round)."""

SETTLEMENT_HOUSEHOLD_SCHEMA: Final = pa.schema(
    [
        ("household_id", pa.large_string()),
        ("village_id", pa.large_string()),
        ("members", pa.int64()),
        ("counted", pa.bool_()),
        ("income", MONEY_TYPE),
        ("above", pa.bool_()),
        ("reason", REASON_TYPE),
        ("margin", MARGIN_TYPE),
    ]
)
"""Columns of :attr:`SettlementResult.households`."""

FAILING_VILLAGE_SCHEMA: Final = pa.schema(
    [
        ("village_id", pa.large_string()),
        ("county_id", pa.large_string()),
        ("criterion", pa.string()),
        ("observed", pa.decimal128(22, 4)),
        ("threshold", pa.decimal128(22, 4)),
    ]
)
"""Columns of :attr:`SettlementResult.failing_villages` (one row per failing target)."""

_SAFE: Final = 2**62
_FEN_LIMIT: Final = 10**17
_FLOAT_FAST_LIMIT: Final = 2.0**43
_MONEY_TEXT: Final = r"^[0-9]{1,13}(\.[0-9]{1,2})?$"
_UFUNC: Final = {
    Comparator.GE: np.greater_equal,
    Comparator.GT: np.greater,
    Comparator.LE: np.less_equal,
    Comparator.LT: np.less,
}
_ODD_ID: Final = r"^[\s\pZ\x{85}]|[\s\pZ\x{85}]$|[\x00-\x1f]"
"""Ids a fast scan sends to the model's own check (spaces at either end, control bytes)."""
_EXIT_CODES: Final = ("selected", "not:household_income")
_NO_COUNTED: Final = "no_counted_households"


def _standards(standards: Standards | None) -> Standards:
    if standards is None:
        return default_standards()
    if not isinstance(standards, Standards):
        raise InvalidTypeError(
            f"must be a Standards object, not {type(standards).__name__}", field="standards"
        )
    return standards


def _round(number: object, what: str) -> int:
    if isinstance(number, bool) or not isinstance(number, int):
        raise InvalidTypeError("must be a round number (int)", field="round", value=number)
    if number not in (1, 2, 3):
        raise UnknownReferenceError(
            f"is not a round with {what} rule (1, 2, 3)", field="round", value=number
        )
    return number


# ---------------------------------------------------------------- exact integer arithmetic


def _scaled(value: Decimal) -> tuple[int, int]:
    """Return ``(n, k)`` with ``value == n / 10**k`` exactly and ``k >= 2``."""
    sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int), "thresholds are finite"
    k = max(2, -exponent)
    n = int("".join(map(str, digits)) or "0") * 10 ** (k + exponent)
    return (-n if sign else n), k


def _exact(values: np.ndarray[Any, Any], bound: int) -> np.ndarray[Any, Any]:
    """``values`` as int64 when ``bound`` is safe, else as Python ints (exact, slower)."""
    return values.astype(np.int64, copy=False) if bound < _SAFE else values.astype(object)


def _compare(
    fen: np.ndarray[Any, Any],
    comparator: Comparator,
    line: Decimal,
    times: np.ndarray[Any, Any] | None = None,
) -> np.ndarray[Any, Any]:
    """Exactly ``fen / 100 <op> line × times`` (``times`` ``None``: 1), elementwise."""
    n, k = _scaled(line)
    shift = 10 ** (k - 2)
    top = int(np.abs(fen).max()) if len(fen) else 0
    top_times = int(times.max()) if times is not None and len(times) else 1
    bound = max(top * shift, abs(n) * top_times)
    lhs = _exact(fen, bound) * shift
    rhs = n if times is None else _exact(times, bound) * n
    return np.asarray(_UFUNC[comparator](lhs, rhs), dtype=bool)


def _margin(
    fen: np.ndarray[Any, Any], members: np.ndarray[Any, Any], line: Decimal
) -> np.ndarray[Any, Any]:
    """Per-capita margin ``fen / 100 / members - line`` in 0.0001 yuan, rounded half-even."""
    n, k = _scaled(line)
    s = max(0, k - 4)
    top = int(fen.max()) if len(fen) else 0
    top_members = int(members.max()) if len(members) else 1
    bound = top * 10 ** (2 + s) + abs(n) * 10 ** max(0, 4 - k + s) * top_members * 10
    inc = _exact(fen, bound)
    mem = _exact(members, bound)
    numerator = inc * 10 ** (2 + s) - mem * (n * 10 ** (4 - k + s))
    denominator = mem * 10**s if s else mem
    quotient = numerator // denominator
    twice = 2 * (numerator - quotient * denominator)
    up = (twice > denominator) | ((twice == denominator) & (quotient % 2 == 1))
    return np.asarray(quotient + up.astype(np.int64))


def _decimals(
    units: np.ndarray[Any, Any], kind: pa.DataType, valid: np.ndarray[Any, Any] | None
) -> Any:
    """A decimal128 array from integer units of its scale (exact; nulls where not valid)."""
    n = len(units)
    if units.dtype == object:
        values: list[Decimal | None] = [Decimal(int(u)).scaleb(-kind.scale) for u in units.tolist()]
        if valid is not None:
            values = [v if ok else None for v, ok in zip(values, valid.tolist(), strict=True)]
        return pa.array(values, kind)
    words = np.empty((n, 2), dtype=np.int64)
    words[:, 0] = units
    words[:, 1] = units >> 63
    bitmap = None
    if valid is not None and not valid.all():
        bitmap = pa.py_buffer(np.packbits(np.asarray(valid, bool), bitorder="little"))
    return pa.Array.from_buffers(kind, n, [bitmap, pa.py_buffer(words)])


def _margin_array(units: np.ndarray[Any, Any], valid: np.ndarray[Any, Any] | None = None) -> Any:
    """``decimal128(20, 4)`` from integer 0.0001-yuan units (exact); nulls where not valid."""
    return _decimals(units, MARGIN_TYPE, valid)


def _money_array(fen: np.ndarray[Any, Any], valid: np.ndarray[Any, Any] | None = None) -> Any:
    return _decimals(np.asarray(fen, dtype=np.int64), MONEY_TYPE, valid)


def _codes(fails: np.ndarray[Any, Any], valid: np.ndarray[Any, Any] | None = None) -> Any:
    """Exit reason codes (dictionary-encoded) from a failure mask; nulls where not valid."""
    indices = pa.array(fails.astype(np.int32), pa.int32())
    if valid is not None:
        indices = pa.array(
            np.where(valid, fails.astype(np.int32), 0), pa.int32(), mask=~np.asarray(valid)
        )
    return pa.DictionaryArray.from_arrays(indices, pa.array(_EXIT_CODES, pa.string()))


def _shares_hold(
    part: np.ndarray[Any, Any], whole: np.ndarray[Any, Any], share: Decimal, op: Comparator
) -> np.ndarray[Any, Any]:
    """``part / whole <op> share`` exactly, as ``part × q <op> p × whole`` (see share_holds)."""
    p, q = share.as_integer_ratio()
    top = max(int(part.max()) if len(part) else 0, int(whole.max()) if len(whole) else 0)
    bound = top * max(abs(p), abs(q))
    return np.asarray(_UFUNC[op](_exact(part, bound) * q, _exact(whole, bound) * p), dtype=bool)


def _share_value(above: int, persons: int) -> Decimal:
    """The reported share: ``above / persons`` rounded half-even to 0.0001 (never decides)."""
    return (Decimal(above) / Decimal(persons)).quantize(MARGIN_QUANTUM)


# ---------------------------------------------------------------- reading and validation
# The cell grammar and the column validators live in shuangdao.ingest (one for every door).


def _read(source: Any, name: str, required: Sequence[str]) -> t.Source:
    """Read any supported input (DataFrame, Arrow, ``.csv``/``.parquet`` path)."""
    return t.read_source(source, name=name, required=required, id_column=required[0])


def _ids(table: Any, check: t.Check, name: str) -> list[Any]:
    """Validate an id column; the record's own ids name its rows in errors."""
    values: list[Any] = t.ids(t.column(table, name), check, name).to_pylist()
    if name == f"{check.kind}_id":
        check.ids = values
    return values


def _duplicates(values: list[Any], check: t.Check, name: str, rule: str) -> None:
    t.duplicates(pa.array(values, pa.large_string()), check, name, rule)


def _money(
    table: Any, check: t.Check, name: str
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """An optional money column in fen: ``(fen, present)``."""
    return t.money(t.column(table, name), check, name, required=False)


def _integer(table: Any, check: t.Check, name: str, minimum: int) -> np.ndarray[Any, Any]:
    """A required whole-number column (``>= minimum``)."""
    return t.count(t.column(table, name), check, name, minimum=minimum)[0]


def _flag(
    table: Any, check: t.Check, name: str
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """An optional yes/no column: ``(values, present)``."""
    return t.flag(t.column(table, name), check, name, required=False)


def _text(table: Any, check: t.Check, name: str) -> list[str]:
    """An optional id column (``county_id``); missing cells are ``""``."""
    found = t.column(table, name)
    if found is None:
        return [""] * check.n
    return [v or "" for v in t.ids(found, check, name, optional=True).to_pylist()]


def _rejected_table(rows: Sequence[Rejection]) -> pa.Table:
    return pa.table(
        {
            "file": pa.array([r.file for r in rows], pa.string()),
            "row": pa.array([r.row for r in rows], pa.int64()),
            "id": pa.array([r.id for r in rows], pa.string()),
            "field": pa.array([r.field for r in rows], pa.string()),
            "error": pa.array([r.error for r in rows], pa.string()),
        },
        schema=REJECTED_SCHEMA,
    )


def _check_counts(decided: int, rejected: int, total: int, what: str) -> None:
    if decided + rejected != total:
        raise InternalConsistencyError(
            f"{decided} decided + {rejected} rejected != {total} input rows", field=what
        )


def _year_list(years: Iterable[int] | None, default: Iterable[int]) -> tuple[int, ...]:
    chosen = tuple(default if years is None else years)
    for year in chosen:
        if isinstance(year, bool) or not isinstance(year, int):
            raise InvalidTypeError("must be years (int)", field="years", value=year)
    if len(set(chosen)) != len(chosen):
        raise InvalidRecordError("must not repeat a year", field="years", value=list(chosen))
    if not chosen:
        raise InvalidRecordError("must name at least one year", field="years")
    return tuple(sorted(chosen))


def _convert(tables: dict[str, pa.Table], table: str | None, convert: Callable[[Any], Any]) -> Any:
    if table is None:
        return {name: convert(t) for name, t in tables.items()}
    if table not in tables:
        raise UnknownReferenceError(
            f"is not a result table ({', '.join(tables)})", field="table", value=table
        )
    return convert(tables[table])


def _polars(t: pa.Table) -> Any:
    import polars as pl

    return pl.from_arrow(t)


def _to_pandas(t: pa.Table) -> Any:
    return t.to_pandas()


# ---------------------------------------------------------------- exit


@dataclass(slots=True)
class _Households:
    """Validated household rows (accepted only, in input order)."""

    ids: list[str]
    members: np.ndarray[Any, Any]
    income: dict[int, np.ndarray[Any, Any]]
    present: dict[int, np.ndarray[Any, Any]]
    labour: np.ndarray[Any, Any]
    village_ids: list[str]


@dataclass(slots=True)
class ExitResult:
    """Households' exit decisions over years (the round's exit rule, every household × year).

    Attributes:
        round: The round (1, 2 or 3).
        years: The income years decided, ascending.
        exits: ``household_id``, ``year``, ``exited``, ``reason`` (``"selected"`` or
            ``"not:household_income"``, as :func:`~shuangdao.rules.progress.household_exit`)
            and ``margin`` (per-capita margin to the line, ``decimal128(20, 4)``), one row per
            accepted household and year with an income, household by household.
        households: One row per accepted household: ``household_id``, ``members``,
            ``exited_<year>`` (null when that year's income is missing), ``first_exit_year``,
            ``above_at_end`` (the rule in the round's settlement income year; null if missing
            or not decided), ``relapse_years`` and ``missing_years`` (as
            :func:`~shuangdao.rules.progress.track_household`).
        rejected: ``file``, ``row``, ``id``, ``field``, ``error`` for every rejected row.
        standards: The standards applied.
    """

    round: int
    years: tuple[int, ...]
    exits: pa.Table
    households: pa.Table
    rejected: pa.Table
    standards: Standards
    _rows: _Households

    def to_pandas(self, table: str | None = None) -> Any:
        """One table (``exits``, ``households``, ``rejected``), or all as a dict, in pandas."""
        return _convert(self._tables(), table, _to_pandas)

    def to_polars(self, table: str | None = None) -> Any:
        """One table, or all as a dict, as polars DataFrames."""
        return _convert(self._tables(), table, _polars)

    def _tables(self) -> dict[str, pa.Table]:
        return {"exits": self.exits, "households": self.households, "rejected": self.rejected}

    def _position(self, household_id: str) -> int:
        try:
            return self._rows.ids.index(household_id)
        except ValueError:
            for row in self.rejected.to_pylist():
                if row["id"] == household_id:
                    raise UnknownReferenceError(
                        f"was rejected (row {row['row']}: {row['error']})",
                        field="household_id",
                        value=household_id,
                    ) from None
            raise UnknownReferenceError(
                "is not in this result", field="household_id", value=household_id
            ) from None

    def _incomes(self, position: int) -> dict[int, Decimal]:
        return {
            year: from_fen(int(self._rows.income[year][position]))
            for year in self.years
            if self._rows.present[year][position]
        }

    def decision(self, *, household_id: str, year: int) -> Decision:
        """Expand one household's exit in ``year`` through the object path.

        Returns :func:`~shuangdao.rules.progress.household_exit` for the household's
        validated members and incomes, under the same standards.

        Raises:
            UnknownReferenceError: No accepted household has this id.
            InvalidRecordError: The household has no income for ``year``.
        """
        from shuangdao.rules.progress import household_exit

        position = self._position(household_id)
        return household_exit(
            household_id,
            members=int(self._rows.members[position]),
            income_by_year=self._incomes(position),
            round=self.round,
            year=year,
            standards=self.standards,
        )

    def track(self, household_id: str) -> HouseholdTrack:
        """The household over its round, as :func:`~shuangdao.rules.progress.track_household`."""
        from shuangdao.rules.progress import track_household

        position = self._position(household_id)
        return track_household(
            household_id,
            members=int(self._rows.members[position]),
            income_by_year=self._incomes(position),
            round=self.round,
            standards=self.standards,
        )

    def summary(self) -> dict[int, tuple[int, int]]:
        """Per year: ``(households decided, households exited)``."""
        years = self.exits.column("year").to_numpy()
        exited = np.asarray(self.exits.column("exited").to_numpy(zero_copy_only=False), bool)
        return {
            y: (int((years == y).sum()), int(((years == y) & exited).sum())) for y in self.years
        }

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{y}</td><td>{d:,}</td><td>{e:,}</td></tr>"
            for y, (d, e) in self.summary().items()
        )
        return (
            f"<div><strong>shuangdao batch exit, round {self.round}</strong>"
            f"<p>{self.households.num_rows:,} households decided; "
            f"{self.rejected.num_rows:,} rows rejected.</p>"
            f"<table><tr><th>year</th><th>decided</th><th>exited</th></tr>{rows}</table></div>"
        )

    def __repr__(self) -> str:
        return (
            f"ExitResult(round={self.round}, years={list(self.years)}, "
            f"households={self.households.num_rows}, rejected={self.rejected.num_rows})"
        )


def _list_column(mask: np.ndarray[Any, Any], years: Sequence[int]) -> pa.Array:
    """A ``list<int64>`` column: per row, the years where ``mask`` (rows × years) holds."""
    counts = mask.sum(axis=1) if mask.size else np.zeros(len(mask), dtype=np.int64)
    offsets = np.concatenate(([0], np.cumsum(counts))).astype(np.int32)
    values = np.broadcast_to(np.asarray(years, dtype=np.int64), mask.shape)[mask]
    return pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), pa.array(values, pa.int64()))


def exit_status(
    households: Any,
    *,
    round: int,
    years: Iterable[int] | None = None,
    standards: Standards | None = None,
) -> ExitResult:
    """Decide every household's exit in every year over a whole table (exact, vectorised).

    The same rule as :func:`~shuangdao.rules.progress.household_exit` (round 1:
    ``income >= 2500 × members``; round 2: ``income >= 45 % × P(year) × members``, not
    rounded; round 3: ``income >= exit_lines[year] × members``), every line read from the
    standards through :func:`~shuangdao.rules.progress.household_exit_line`. The wide table
    follows :func:`~shuangdao.rules.progress.track_household` (first exit, relapses, end).

    Policy: S11 art. 1, S5 (round 1); S1 (round 2); S20 (round 3).

    Args:
        households: Households (DataFrame, Arrow table or stream, ``.csv``/``.parquet`` path)
            with ``household_id``, ``members`` and ``income_<year>`` columns (total yuan;
            a null cell is a missing income, listed in ``missing_years``).
        round: 1, 2 or 3.
        years: Income years to decide; ``None`` means the round's assessment years
            (``round<N>.assessment_years``).
        standards: Standards to apply (``None``: the default).

    Returns:
        An :class:`ExitResult`.

    Raises:
        UnknownReferenceError: ``round`` is not 1–3, or a year has no exit line.
        InvalidTypeError: An input is not a supported table or path.
        InvalidRecordError: A file cannot be read, or no ``income_<year>`` column exists.

    Example:
        >>> import pandas as pd
        >>> h = pd.DataFrame({"household_id": ["h1"], "members": [1],
        ...                   "income_2016": [6500], "income_2017": [6800],
        ...                   "income_2018": [7400]})
        >>> r = exit_status(h, round=3)
        >>> r.households.select(["first_exit_year", "relapse_years"]).to_pylist()
        [{'first_exit_year': 2016, 'relapse_years': [2017]}]
    """
    s = _standards(standards)
    number = _round(round, "an exit")
    calendar = round_calendar(number, standards=s)
    chosen = _year_list(years, calendar.assessment_years)
    lines = {y: household_exit_line(y, round=number, standards=s) for y in chosen}
    read = _read(households, "households", required=("household_id", "members"))
    table = read.table
    if not any(f"income_{y}" in table.column_names for y in chosen):
        raise InvalidRecordError(
            "have no income column for the years decided "
            f"({', '.join(f'income_{y}' for y in chosen)})",
            field="households",
        )
    check = t.Check.of(read, "household")
    ids = _ids(table, check, "household_id")
    members = _integer(table, check, "members", 1)
    income: dict[int, np.ndarray[Any, Any]] = {}
    present: dict[int, np.ndarray[Any, Any]] = {}
    for y in chosen:
        income[y], present[y] = _money(table, check, f"income_{y}")
    _duplicates(ids, check, "household_id", "progress.household_exit")
    keep = np.flatnonzero(~check.bad)
    rows = _Households(
        ids=[ids[i] for i in keep.tolist()],
        members=members[keep],
        income={y: v[keep] for y, v in income.items()},
        present={y: v[keep] for y, v in present.items()},
        labour=np.ones(len(keep), dtype=bool),
        village_ids=[],
    )
    n = len(keep)
    holds = np.zeros((n, len(chosen)), dtype=bool)
    known = np.zeros((n, len(chosen)), dtype=bool)
    margins = np.zeros((n, len(chosen)), dtype=object)
    for j, y in enumerate(chosen):
        line = lines[y]
        holds[:, j] = _compare(rows.income[y], line.comparator, line.line, rows.members)
        known[:, j] = rows.present[y]
        margins[:, j] = _margin(rows.income[y], rows.members, line.line).astype(object)
    # long table, household by household
    flat_known = known.ravel()
    flat_holds = holds.ravel()[flat_known]
    exits = pa.table(
        {
            "household_id": pa.array(
                np.repeat(np.array(rows.ids, dtype=object), len(chosen))[flat_known].tolist(),
                pa.large_string(),
            ),
            "year": pa.array(np.tile(np.array(chosen, np.int64), n)[flat_known], pa.int64()),
            "exited": pa.array(flat_holds, pa.bool_()),
            "reason": _codes(~flat_holds),
            "margin": _margin_array(margins.ravel()[flat_known]),
        },
        schema=EXIT_SCHEMA,
    )
    # wide table, as track_household
    first = np.zeros(n, dtype=np.int64)
    relapse = np.zeros((n, len(chosen)), dtype=bool)
    exited_before = np.zeros(n, dtype=bool)
    for j, y in enumerate(chosen):
        now = known[:, j] & holds[:, j]
        relapse[:, j] = known[:, j] & ~holds[:, j] & exited_before
        first = np.where(now & ~exited_before, y, first)
        exited_before |= now
    wide: dict[str, Any] = {
        "household_id": pa.array(rows.ids, pa.large_string()),
        "members": pa.array(rows.members, pa.int64()),
    }
    for j, y in enumerate(chosen):
        wide[f"exited_{y}"] = pa.array(holds[:, j], pa.bool_(), mask=~known[:, j])
    wide["first_exit_year"] = pa.array(first, pa.int64(), mask=first == 0)
    end_year = calendar.settlement_income_year
    if end_year in chosen:
        j = chosen.index(end_year)
        wide["above_at_end"] = pa.array(holds[:, j], pa.bool_(), mask=~known[:, j])
    else:
        wide["above_at_end"] = pa.nulls(n, pa.bool_())
    wide["relapse_years"] = _list_column(relapse, chosen)
    wide["missing_years"] = _list_column(~known, chosen)
    rejected = check.rejections()
    _check_counts(n, len(rejected), check.n_rows, "households")
    return ExitResult(
        round=number,
        years=chosen,
        exits=exits,
        households=pa.table(wide),
        rejected=_rejected_table(rejected),
        standards=s,
        _rows=rows,
    )


# ---------------------------------------------------------------- settlement


@dataclass(slots=True)
class _Villages:
    ids: list[str]
    county: list[str]
    collective: np.ndarray[Any, Any]
    collective_present: np.ndarray[Any, Any]
    per_capita: np.ndarray[Any, Any]
    per_capita_present: np.ndarray[Any, Any]


@dataclass(slots=True)
class SettlementResult:
    """A round's settlement (三年结硬帐) over tables: villages, counties and the round.

    Attributes:
        round: The round (1, 2 or 3).
        year: The income year settled on.
        settlement: One row per village (``level`` ``"village"``, as
            :func:`~shuangdao.rules.settlement.settle_village`), per county (``"county"``, as
            :func:`~shuangdao.rules.settlement.settle_county`) and for the round (``"round"``,
            as :func:`~shuangdao.rules.settlement.settle_round`; absent when a ``county`` was
            given): ``passed``, ``code`` (the object path's decision code), counted
            ``households``, ``persons``, ``persons_above``, ``share`` (reported only, half-even
            to 0.0001), ``villages`` and ``villages_meeting_targets`` (null in round 3). A
            subject with no counted household has ``passed`` null and code
            ``"no_counted_households"`` (the object path raises for it).
        households: Per accepted household: ``counted`` (rounds 2–3 count only households
            with labour capacity), ``income`` in the year, ``above`` the exit line,
            ``reason`` and per-capita ``margin`` (null when not counted).
        failing_villages: One row per failing village target (``village_income``,
            ``collective_income``) with the observed value and threshold.
        rejected: Every rejected village and household row.
        standards: The standards applied.
    """

    round: int
    year: int
    settlement: pa.Table
    households: pa.Table
    failing_villages: pa.Table
    rejected: pa.Table
    standards: Standards
    county: str | None
    _villages: _Villages
    _households: _Households
    _household_village: np.ndarray[Any, Any]

    @property
    def failing_households(self) -> pa.Table:
        """Counted households below the exit line in the settlement year."""
        mask = pc.and_(
            self.households.column("counted"), pc.invert(self.households.column("above"))
        )
        return self.households.filter(pc.fill_null(mask, False))

    def level(self, name: str) -> pa.Table:
        """The settlement rows of one level: ``"village"``, ``"county"`` or ``"round"``."""
        if name not in ("village", "county", "round"):
            raise UnknownReferenceError(
                "is not a settlement level (village, county, round)", field="level", value=name
            )
        return self.settlement.filter(pc.equal(self.settlement.column("level"), name))

    def to_pandas(self, table: str | None = None) -> Any:
        """One table (``settlement``, ``households``, ``failing_villages``, ``rejected``) or all."""
        return _convert(self._tables(), table, _to_pandas)

    def to_polars(self, table: str | None = None) -> Any:
        """One table, or all as a dict, as polars DataFrames."""
        return _convert(self._tables(), table, _polars)

    def _tables(self) -> dict[str, pa.Table]:
        return {
            "settlement": self.settlement,
            "households": self.households,
            "failing_villages": self.failing_villages,
            "rejected": self.rejected,
        }

    # ------------------------------------------------------------ object path
    def _village_history(self, position: int) -> VillageIncomeHistory:
        from shuangdao.rules.progress import VillageIncomeHistory

        v = self._villages
        collective = (
            {self.year: from_fen(int(v.collective[position]))}
            if v.collective_present[position]
            else {}
        )
        per_capita = (
            {self.year: from_fen(int(v.per_capita[position]))}
            if v.per_capita_present[position]
            else {}
        )
        return VillageIncomeHistory(
            village_id=v.ids[position],
            county_id=v.county[position],
            collective_income_by_year=collective,
            per_capita_income_by_year=per_capita,
        )

    def _household_history(self, position: int) -> HouseholdIncomeHistory:
        from shuangdao.rules.progress import HouseholdIncomeHistory

        h = self._households
        incomes = (
            {self.year: from_fen(int(h.income[self.year][position]))}
            if h.present[self.year][position]
            else {}
        )
        return HouseholdIncomeHistory(
            household_id=h.ids[position],
            village_id=h.village_ids[position],
            members=int(h.members[position]),
            income_by_year=incomes,
            has_labour_capacity=bool(h.labour[position]),
        )

    def _histories(
        self, villages: Sequence[int]
    ) -> tuple[list[VillageIncomeHistory], list[HouseholdIncomeHistory]]:
        wanted = np.zeros(len(self._villages.ids), dtype=bool)
        wanted[list(villages)] = True
        chosen = np.flatnonzero(wanted[self._household_village]).tolist()
        return (
            [self._village_history(i) for i in villages],
            [self._household_history(i) for i in chosen],
        )

    def decision(
        self,
        *,
        village_id: str | None = None,
        county_id: str | None = None,
        household_id: str | None = None,
    ) -> Decision:
        """Expand one settlement row (or one household's exit) through the object path.

        ``village_id``: :func:`~shuangdao.rules.settlement.settle_village`; ``county_id``:
        :func:`~shuangdao.rules.settlement.settle_county`; ``household_id``:
        :func:`~shuangdao.rules.progress.household_exit` in the settlement year; none of
        them: :func:`~shuangdao.rules.settlement.settle_round`. Under the same standards and
        year, over the validated rows.

        Raises:
            InvalidRecordError: More than one id was given, or the object path refuses the
                subject (e.g. no counted household: code ``no_counted_households``).
            UnknownReferenceError: No accepted record has this id.
        """
        from shuangdao.rules.progress import household_exit
        from shuangdao.rules.settlement import settle_county, settle_round, settle_village

        given = [x for x in (village_id, county_id, household_id) if x is not None]
        if len(given) > 1:
            raise InvalidRecordError("give at most one of village_id, county_id, household_id")
        s, year = self.standards, self.year
        if household_id is not None:
            if household_id not in self._households.ids:
                raise UnknownReferenceError(
                    "is not among the accepted households", field="household_id", value=household_id
                )
            h = self._household_history(self._households.ids.index(household_id))
            return household_exit(
                h.household_id,
                members=h.members,
                income_by_year=h.income_by_year,
                round=self.round,
                year=year,
                standards=s,
            )
        if village_id is not None:
            if village_id not in self._villages.ids:
                raise UnknownReferenceError(
                    "is not among the accepted villages", field="village_id", value=village_id
                )
            position = self._villages.ids.index(village_id)
            villages, households = self._histories([position])
            return settle_village(
                villages[0], households=households, round=self.round, year=year, standards=s
            )
        if county_id is not None:
            members = [
                i
                for i, c in enumerate(self._villages.county)
                if c == county_id or (self.county == county_id and c == "")
            ]
            if not members:
                raise UnknownReferenceError(
                    "is not a county of this result", field="county_id", value=county_id
                )
            villages, households = self._histories(members)
            return settle_county(
                county_id,
                villages=villages,
                households=households,
                round=self.round,
                year=year,
                standards=s,
            )
        villages, households = self._histories(range(len(self._villages.ids)))
        return settle_round(
            self.round, villages=villages, households=households, year=year, standards=s
        )

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{html.escape(r['level'])}</td><td>{html.escape(r['subject_id'])}</td>"
            f"<td>{r['passed']}</td><td>{r['persons_above']:,} / {r['persons']:,}</td>"
            f"<td>{html.escape(r['code'][:80])}</td></tr>"
            for r in self.settlement.filter(
                pc.not_equal(self.settlement.column("level"), "village")
            ).to_pylist()
        )
        villages = self.level("village")
        passed = pc.sum(pc.cast(pc.fill_null(villages.column("passed"), False), pa.int64()))
        return (
            f"<div><strong>shuangdao batch settlement, round {self.round} "
            f"(income year {self.year})</strong>"
            f"<p>{passed.as_py() or 0:,} of {villages.num_rows:,} villages settled; "
            f"{self.failing_households.num_rows:,} counted households below the line; "
            f"{self.rejected.num_rows:,} rows rejected.</p>"
            "<table><tr><th>level</th><th>subject</th><th>passed</th><th>persons above</th>"
            f"<th>code</th></tr>{rows}</table></div>"
        )

    def __repr__(self) -> str:
        return (
            f"SettlementResult(round={self.round}, year={self.year}, "
            f"villages={self.level('village').num_rows}, "
            f"households={self.households.num_rows}, rejected={self.rejected.num_rows})"
        )


def _load_villages(
    source: Any, *, number: int, year: int, county: str | None
) -> tuple[_Villages, list[Rejection], int]:
    read = _read(source, "villages", required=("village_id",))
    table = read.table
    check = t.Check.of(read, "village")
    ids = _ids(table, check, "village_id")
    counties = _text(table, check, "county_id")
    collective, collective_present = _money(table, check, f"collective_income_{year}")
    per_capita, per_capita_present = _money(table, check, f"per_capita_income_{year}")
    _duplicates(ids, check, "village_id", "settlement")
    needs = []
    if number == 2:
        needs.append(("per_capita_income", per_capita_present))
    if number in (1, 2):
        needs.append(("collective_income", collective_present))
    for i in range(check.n):
        for name, have in needs:
            if not have[i]:
                check.reject(
                    i,
                    f"{name}_{year}",
                    InvalidRecordError(
                        "is missing (needed for the settlement)",
                        record=check.record(i),
                        field=f"{name}_by_year[{year}]",
                        rule="progress.village_exit",
                    ),
                )
        if county is not None and counties[i] not in ("", county):
            check.reject(
                i,
                "county_id",
                InvalidRecordError(
                    f"belongs to another county than {county}",
                    record=check.record(i),
                    field="county_id",
                    value=counties[i],
                    rule="settlement",
                ),
            )
    keep = np.flatnonzero(~check.bad)
    take = keep.tolist()
    return (
        _Villages(
            ids=[ids[i] for i in take],
            county=[counties[i] for i in take],
            collective=collective[keep],
            collective_present=collective_present[keep],
            per_capita=per_capita[keep],
            per_capita_present=per_capita_present[keep],
        ),
        check.rejections(),
        check.n_rows,
    )


def settlement(
    households: Any,
    villages: Any = None,
    *,
    round: int,
    year: int | None = None,
    county: str | None = None,
    standards: Standards | None = None,
) -> SettlementResult:
    """Settle a round over whole tables: every village, every county and the round.

    The same requirements as :mod:`shuangdao.rules.settlement`, read from the standards:
    the share of counted persons at or above the year's exit line (``round1.target_share``
    80 %; ``round<N>.target_share`` in rounds 2–3), tested exactly as
    ``persons_above × q <op> p × persons``; households counted by their members, and only
    those with labour capacity in rounds 2–3 (``round<N>.settlement_able_bodied_only``);
    every village meeting its own targets in rounds 1–2 (collective income ``>= 30000``;
    per-capita income ``>`` 60 % of ``P(year)`` and collective ``>= 50000``).

    Policy: S11 art. 1, S5, S3 (round 1); S1 (round 2); S20, S37 (round 3); SEED p. 5.

    Args:
        households: Households with ``household_id``, ``village_id``, ``members``,
            ``has_labour_capacity`` (required when only able-bodied households count) and
            ``income_<year>`` (required for counted households).
        villages: Villages with ``village_id``, optional ``county_id``,
            ``collective_income_<year>`` (rounds 1–2) and ``per_capita_income_<year>``
            (round 2). Optional in round 3 (no village criterion): the households' villages
            are used.
        round: 1, 2 or 3.
        year: Income year; ``None`` means ``round<N>.settlement_income_year``.
        county: Settle the tables as this one county (as ``settle_county``): villages of
            another ``county_id`` are rejected and no round row is given. ``None``: one
            row per ``county_id`` found, and the round row.
        standards: Standards to apply (``None``: the default).

    Returns:
        A :class:`SettlementResult`.

    Raises:
        UnknownReferenceError: ``round`` is not 1–3, or the year has no exit line.
        InvalidRecordError: ``villages`` is missing in round 1 or 2, or a file cannot be read.
        InvalidTypeError: An input is not a supported table or path.

    Example:
        >>> import pyarrow as pa
        >>> v = pa.table({"village_id": ["v1"], "collective_income_2012": ["30000"]})
        >>> h = pa.table({"household_id": [f"h{i}" for i in range(5)],
        ...               "village_id": ["v1"] * 5, "members": [1] * 5,
        ...               "income_2012": ["2500", "2500", "2500", "2500", "2499.99"]})
        >>> r = settlement(h, v, round=1)
        >>> r.level("round").select(["passed", "share", "code"]).to_pylist()
        [{'passed': True, 'share': Decimal('0.8000'), 'code': 'selected'}]
    """
    s = _standards(standards)
    number = _round(round, "a settlement")
    calendar = round_calendar(number, standards=s)
    if year is None:
        year = calendar.settlement_income_year
    if isinstance(year, bool) or not isinstance(year, int):
        raise InvalidTypeError("must be a year (int)", field="year", value=year)
    if county is not None and (not isinstance(county, str) or not county):
        raise InvalidTypeError("must be a non-empty county id", field="county", value=county)
    line = household_exit_line(year, round=number, standards=s)
    if villages is None and number in (1, 2):
        raise InvalidRecordError(
            f"are required in round {number} (every village must meet its own targets)",
            field="villages",
            rule="settlement",
        )
    # ---- households (read first when the villages come from them)
    read = _read(households, "households", required=("household_id", "village_id", "members"))
    table = read.table
    check = t.Check.of(read, "household")
    ids = _ids(table, check, "household_id")
    village_ids = _ids(table, check, "village_id")
    members = _integer(table, check, "members", 1)
    income, present = _money(table, check, f"income_{year}")
    labour, labour_present = _flag(table, check, "has_labour_capacity")
    _duplicates(ids, check, "household_id", "settlement")
    view = ROUND_PARAMS[number]
    able_only = bool(s.value(view.settlement_able_bodied_only))
    for i in range(check.n):
        if check.bad[i]:
            continue
        if able_only and not labour_present[i]:
            check.reject(
                i,
                "has_labour_capacity",
                InvalidRecordError(
                    "is required (only households with labour capacity are counted)",
                    record=check.record(i),
                    field="has_labour_capacity",
                    rule="settlement",
                ),
            )
        elif (not able_only or labour[i]) and not present[i]:
            check.reject(
                i,
                f"income_{year}",
                InvalidRecordError(
                    "is missing (needed for the settlement)",
                    record=check.record(i),
                    field=f"income_by_year[{year}]",
                    rule="settlement",
                ),
            )
    # ---- villages
    if villages is None:
        seen: dict[str, None] = {}
        for i, v in enumerate(village_ids):
            if not check.bad[i]:
                seen.setdefault(v)
        v_ids = list(seen)
        village_rows = _Villages(
            ids=v_ids,
            county=[""] * len(v_ids),
            collective=np.zeros(len(v_ids), np.int64),
            collective_present=np.zeros(len(v_ids), bool),
            per_capita=np.zeros(len(v_ids), np.int64),
            per_capita_present=np.zeros(len(v_ids), bool),
        )
        village_rejected: list[Rejection] = []
        village_total = 0
    else:
        village_rows, village_rejected, village_total = _load_villages(
            villages, number=number, year=year, county=county
        )
    position_of = {v: i for i, v in enumerate(village_rows.ids)}
    rejected_villages = {r.id for r in village_rejected if r.id}
    household_village = np.full(check.n, -1, dtype=np.int64)
    for i in range(check.n):
        if check.bad[i]:
            continue
        v = village_ids[i]
        if v in position_of:
            household_village[i] = position_of[v]
        elif v in rejected_villages:
            check.reject(
                i,
                "village_id",
                InvalidRecordError(
                    "could not be settled, so neither can its households",
                    record=check.record(i),
                    field="village_id",
                    value=v,
                    rule="settlement",
                ),
            )
        else:
            check.reject(
                i,
                "village_id",
                UnknownReferenceError(
                    "is not among the villages settled",
                    record=check.record(i),
                    field="village_id",
                    value=v,
                    rule="settlement",
                ),
            )
    keep = np.flatnonzero(~check.bad)
    take = keep.tolist()
    rows = _Households(
        ids=[ids[i] for i in take],
        members=members[keep],
        income={year: income[keep]},
        present={year: present[keep]},
        labour=np.where(labour_present, labour, True)[keep],
        village_ids=[village_ids[i] for i in take],
    )
    hv = household_village[keep]
    n = len(keep)
    counted = rows.labour.copy() if able_only else np.ones(n, dtype=bool)
    above = counted & _compare(rows.income[year], line.comparator, line.line, rows.members)
    margin = _margin(rows.income[year], rows.members, line.line)
    household_table = pa.table(
        {
            "household_id": pa.array(rows.ids, pa.large_string()),
            "village_id": pa.array(rows.village_ids, pa.large_string()),
            "members": pa.array(rows.members, pa.int64()),
            "counted": pa.array(counted, pa.bool_()),
            "income": _money_array(rows.income[year], rows.present[year]),
            "above": pa.array(above, pa.bool_(), mask=~counted),
            "reason": _codes(~above, counted),
            "margin": _margin_array(margin, counted),
        },
        schema=SETTLEMENT_HOUSEHOLD_SCHEMA,
    )
    # ---- village targets
    nv = len(village_rows.ids)
    village_fails: list[list[str]] = [[] for _ in range(nv)]
    failing_rows: dict[str, list[Any]] = {k: [] for k in FAILING_VILLAGE_SCHEMA.names}
    if number in (1, 2):
        checks: list[tuple[str, np.ndarray[Any, Any], Comparator, Decimal]] = []
        if number == 2:
            share = s.value("round2.village_target_ratio")
            average = s.series_value("statistics.provincial_rural_income", year).value
            checks.append(
                (
                    "village_income",
                    village_rows.per_capita,
                    s.value("round2.village_target_comparator"),
                    share * average,
                )
            )
            target_key = Round2Params.village_collective_target
            comparator_key = Round2Params.village_collective_target_comparator
        else:
            target_key = Round1Params.village_collective_target
            comparator_key = Round1Params.village_collective_target_comparator
        checks.append(
            (
                "collective_income",
                village_rows.collective,
                s.value(comparator_key),
                s.value(target_key),
            )
        )
        oks = [(name, values, _compare(values, op, t), t) for name, values, op, t in checks]
        for i in range(nv):
            for name, values, ok, threshold in oks:
                if not ok[i]:
                    village_fails[i].append(name)
                    failing_rows["village_id"].append(village_rows.ids[i])
                    failing_rows["county_id"].append(village_rows.county[i])
                    failing_rows["criterion"].append(name)
                    failing_rows["observed"].append(from_fen(int(values[i])))
                    failing_rows["threshold"].append(threshold)
    failing_villages = pa.table(
        {
            "village_id": pa.array(failing_rows["village_id"], pa.large_string()),
            "county_id": pa.array(failing_rows["county_id"], pa.large_string()),
            "criterion": pa.array(failing_rows["criterion"], pa.string()),
            "observed": pa.array(failing_rows["observed"], pa.decimal128(22, 4)),
            "threshold": pa.array(failing_rows["threshold"], pa.decimal128(22, 4)),
        },
        schema=FAILING_VILLAGE_SCHEMA,
    )
    # ---- aggregates: village, county, round
    target_share: Decimal = s.value(view.target_share)
    share_op: Comparator = s.value(view.target_share_comparator)
    m = rows.members.astype(object) if n and int(rows.members.sum()) >= _SAFE else rows.members
    persons_v = np.zeros(nv, dtype=m.dtype)
    above_v = np.zeros(nv, dtype=m.dtype)
    counted_v = np.zeros(nv, dtype=np.int64)
    np.add.at(persons_v, hv, np.where(counted, m, 0))
    np.add.at(above_v, hv, np.where(above, m, 0))
    np.add.at(counted_v, hv, counted.astype(np.int64))
    share_ok_v = _shares_hold(above_v, persons_v, target_share, share_op)
    settle_rows: dict[str, list[Any]] = {k: [] for k in SETTLEMENT_SCHEMA.names}

    def add(level: str, subject: str, group: Sequence[int]) -> None:
        persons = int(sum(int(persons_v[i]) for i in group))
        persons_above = int(sum(int(above_v[i]) for i in group))
        households_counted = int(sum(int(counted_v[i]) for i in group))
        failing = [i for i in group if village_fails[i]]
        if households_counted == 0:
            passed: bool | None = None
            code = _NO_COUNTED
            value = None
        else:
            if len(group) == 1:
                share_ok = bool(share_ok_v[group[0]])
            else:
                p, q = target_share.as_integer_ratio()
                share_ok = share_op.holds(persons_above * q, p * persons)
            criteria = [] if share_ok else ["persons_share"]
            if failing:
                criteria.append("villages_target")
                criteria.extend(
                    f"village.{village_rows.ids[i]}.{c}" for i in failing for c in village_fails[i]
                )
            passed = not criteria
            code = "selected" if passed else "not:" + "+".join(criteria)
            value = _share_value(persons_above, persons)
        settle_rows["level"].append(level)
        settle_rows["subject_id"].append(subject)
        settle_rows["passed"].append(passed)
        settle_rows["code"].append(code)
        settle_rows["households"].append(households_counted)
        settle_rows["persons"].append(persons)
        settle_rows["persons_above"].append(persons_above)
        settle_rows["share"].append(value)
        settle_rows["villages"].append(len(group))
        settle_rows["villages_meeting_targets"].append(
            len(group) - len(failing) if number in (1, 2) else None
        )

    for i, v in enumerate(village_rows.ids):
        add("village", v, [i])
    if county is not None:
        add("county", county, list(range(nv)))
    else:
        groups: dict[str, list[int]] = {}
        for i, c in enumerate(village_rows.county):
            if c:
                groups.setdefault(c, []).append(i)
        for c, group in groups.items():
            add("county", c, group)
        add("round", str(number), list(range(nv)))
    rejected = [*village_rejected, *check.rejections()]
    if villages is not None:
        _check_counts(nv, len(village_rejected), village_total, "villages")
    _check_counts(n, len(rejected) - len(village_rejected), check.n_rows, "households")
    return SettlementResult(
        round=number,
        year=year,
        settlement=pa.table(
            {
                name: pa.array(settle_rows[name], SETTLEMENT_SCHEMA.field(name).type)
                for name in SETTLEMENT_SCHEMA.names
            },
            schema=SETTLEMENT_SCHEMA,
        ),
        households=household_table,
        failing_villages=failing_villages,
        rejected=_rejected_table(rejected),
        standards=s,
        county=county,
        _villages=village_rows,
        _households=rows,
        _household_village=hv,
    )
