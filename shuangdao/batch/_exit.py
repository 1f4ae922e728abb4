"""Exit over whole tables: every household's exit in every year (the declared exit rules).

The object path decides one household's exit in one year
(:func:`~shuangdao.rules.progress.household_exit`) and follows it over the round
(:func:`~shuangdao.rules.progress.track_household`). :func:`exit_status` applies the same
declarations (:data:`~shuangdao.rules.progress.EXIT`) to whole tables with the columnar
evaluator: the same lines, comparators, codes, per-capita margins and certainties.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

import numpy as np
import pyarrow as pa

from shuangdao._frames import TableAccess, TableMapping
from shuangdao.batch import _cycle_input as inputs
from shuangdao.batch._cycle_tables import (
    Households,
    certainty_column,
    check_counts,
    check_round,
    codes_column,
    margin_column,
    not_assessed_column,
    rejected_table,
    standards_of,
    year_list,
)
from shuangdao.batch._result import CERTAINTY_TYPE, MARGIN_TYPE, REASON_TYPE, was_rejected
from shuangdao.calendar import round_calendar
from shuangdao.citations import Certainty
from shuangdao.declare import BoundPerCapita, BoundRule
from shuangdao.errors import InvalidRecordError, UnknownReferenceError
from shuangdao.ingest import rejected_rows
from shuangdao.quantities import from_fen
from shuangdao.rules.progress import EXIT, exit_rule
from shuangdao.standards import Standards

if TYPE_CHECKING:
    from shuangdao.explain import Decision
    from shuangdao.model import HouseholdTrack

__all__ = ["EXIT_SCHEMA", "ExitResult", "exit_status"]

EXIT_SCHEMA: Final = pa.schema(
    [
        ("household_id", pa.large_string()),
        ("year", pa.int64()),
        ("exited", pa.bool_()),
        ("reason", REASON_TYPE),
        ("margin", MARGIN_TYPE),
        ("certainty", CERTAINTY_TYPE),
        ("not_assessed", REASON_TYPE),
    ]
)
"""Columns of :attr:`ExitResult.exits` (one row per household and year with an income)."""


@dataclass(slots=True)
class ExitResult(TableAccess):
    """Households' exit decisions over years (the round's exit rule, every household × year).

    Attributes:
        round: The round (1, 2 or 3).
        years: The income years decided, ascending.
        exits: ``household_id``, ``year``, ``exited``, ``reason`` (``"selected"`` or
            ``"not:household_income"``, as :func:`~shuangdao.rules.progress.household_exit`)
            ``margin`` (per-capita margin to the line, ``decimal128(20, 4)``) and
            ``certainty`` (of the year's line: 2014's rests on a recalled figure) and
            ``not_assessed`` (the round's non-income targets without data on that row,
            ``a+b``, as :attr:`~shuangdao.explain.Decision.not_assessed`; null when every
            criterion was assessed), one row per accepted household and year with an
            income, household by household. ``exited`` and ``reason`` rest on the criteria
            assessed: a target not assessed is never counted as met.
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
    _rows: Households

    def _table_map(self) -> dict[str, pa.Table]:
        return self._tables()

    @property
    def tables(self) -> TableMapping:
        """The result's tables by name (read also with ``table(name)``, ``to_pandas()``...)."""
        return TableMapping(self._tables(), "ExitResult")

    def _tables(self) -> dict[str, pa.Table]:
        return {"exits": self.exits, "households": self.households, "rejected": self.rejected}

    def _position(self, household_id: str) -> int:
        try:
            return self._rows.ids.index(household_id)
        except ValueError:
            rejected = was_rejected(self.rejected, household_id, "household_id")
            if rejected is not None:
                raise rejected from None
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
            **self._rows.target_values(position),
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
            **self._rows.target_values(position),
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
            f"{rejected_rows(self.rejected):,} rows rejected.</p>"
            f"<table><tr><th>year</th><th>decided</th><th>exited</th></tr>{rows}</table></div>"
        )

    def __repr__(self) -> str:
        return (
            f"ExitResult(round={self.round}, years={list(self.years)}, "
            f"households={self.households.num_rows}, rejected={rejected_rows(self.rejected)})"
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
    rounded; round 3: ``income >= exit_lines[year] × members``): the columnar evaluator of the
    same declaration (:data:`~shuangdao.rules.progress.EXIT`), bound once per year. The wide
    table follows :func:`~shuangdao.rules.progress.track_household` (first exit, relapses,
    end).

    Policy: S11 art. 1, S5 (round 1); S1 (round 2); S20 (round 3).

    Args:
        households: Households (DataFrame, Arrow table or stream, ``.csv``/``.parquet`` path)
            with ``household_id``, ``members`` and ``income_<year>`` columns (total yuan;
            a null cell is a missing income, listed in ``missing_years``), and optionally
            the round's non-income targets (round 2: ``all_in_ncms``,
            ``all_in_rural_pension``, ``eligible_in_dibao``,
            ``housing_rebuilt_or_relocated``; round 3: ``food_and_clothing_secure``,
            ``compulsory_education_secured``, ``basic_medical_care_secured``,
            ``safe_housing_secured``; yes/no, an empty cell or an absent column: not
            assessed).
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
    s = standards_of(standards)
    number = check_round(round, "an exit")
    calendar = round_calendar(number, standards=s)
    chosen = year_list(years, calendar.assessment_years)
    rules = {y: exit_rule(number, y, s) for y in chosen}  # every year's line, read first
    rows, check, total = _read_households(households, chosen, EXIT[number].optional_inputs)
    decided = _decide_years(rows, rules)
    rejected = check.rejections()
    check_counts(len(rows.ids), check.n_rejected, total, "households")
    return ExitResult(
        round=number,
        years=chosen,
        exits=_long_table(rows, decided),
        households=_wide_table(rows, decided, calendar.settlement_income_year),
        rejected=rejected_table(rejected),
        standards=s,
        _rows=rows,
    )


def _read_households(
    source: Any, years: Sequence[int], targets: Sequence[str] = ()
) -> tuple[Households, Any, int]:
    """Validated households: ids, members and an income column per year (null: missing).

    Also the non-income ``targets`` whose columns are present.
    """
    read = inputs.read(source, "households", required=("household_id", "members"))
    table = read.table
    if not any(f"income_{y}" in table.column_names for y in years):
        raise InvalidRecordError(
            "have no income column for the years decided "
            f"({', '.join(f'income_{y}' for y in years)})",
            field="households",
        )
    check = inputs.check_of(read, "household", "exit.households")
    ids = inputs.ids(table, check, "household_id")
    members = inputs.integer(table, check, "members", 1)
    income: dict[int, np.ndarray[Any, Any]] = {}
    present: dict[int, np.ndarray[Any, Any]] = {}
    for y in years:
        income[y], present[y] = inputs.money(table, check, f"income_{y}")
    found = inputs.targets(table, check, targets)
    inputs.duplicates(ids, check, "household_id", EXIT[1].id)
    keep = np.flatnonzero(~check.bad)
    rows = Households(
        ids=[ids[i] for i in keep.tolist()],
        members=members[keep],
        income={y: v[keep] for y, v in income.items()},
        present={y: v[keep] for y, v in present.items()},
        labour=np.ones(len(keep), dtype=bool),
        village_ids=[],
        targets={name: (v[keep], p[keep]) for name, (v, p) in found.items()},
    )
    return rows, check, check.n_rows


@dataclass(slots=True)
class _Years:
    """Every household × year, decided by the declared exit rule (rows × years)."""

    years: tuple[int, ...]
    holds: np.ndarray[Any, Any]
    known: np.ndarray[Any, Any]
    margins: np.ndarray[Any, Any]
    bits: np.ndarray[Any, Any]
    certainty: list[Certainty]
    names: tuple[str, ...]
    unassessed: np.ndarray[Any, Any]


def _decide_years(rows: Households, rules: dict[int, BoundRule]) -> _Years:
    """The exit rule's columnar evaluator, year by year (money in fen, exact)."""
    years = tuple(rules)
    n = len(rows.ids)
    holds = np.zeros((n, len(years)), dtype=bool)
    known = np.zeros((n, len(years)), dtype=bool)
    bits = np.zeros((n, len(years)), dtype=np.int32)
    unassessed = np.zeros((n, len(years)), dtype=np.int32)
    margins = np.zeros((n, len(years)), dtype=object)
    targets = rows.target_columns()
    for j, y in enumerate(years):
        columns = {"income": rows.income[y], "members": rows.members, **targets}
        evaluated = rules[y].evaluate(columns)
        holds[:, j] = evaluated.outcome
        bits[:, j] = evaluated.bits
        unassessed[:, j] = evaluated.not_assessed_bits
        known[:, j] = rows.present[y]
        margin = rules[y].criterion("household_income")
        assert isinstance(margin, BoundPerCapita)
        margins[:, j] = np.asarray(margin.margin(columns)).astype(object)
    names = next(iter(rules.values())).rule.names
    certainty = [r.certainty for r in rules.values()]
    return _Years(years, holds, known, margins, bits, certainty, names, unassessed)


def _long_table(rows: Households, decided: _Years) -> pa.Table:
    """One row per household and year with an income, household by household."""
    n, years = len(rows.ids), decided.years
    flat_known = decided.known.ravel()
    flat_holds = decided.holds.ravel()[flat_known]
    certainty = [decided.certainty[j] for _ in range(n) for j in range(len(years))]
    return pa.table(
        {
            "household_id": pa.array(
                np.repeat(np.array(rows.ids, dtype=object), len(years))[flat_known].tolist(),
                pa.large_string(),
            ),
            "year": pa.array(np.tile(np.array(years, np.int64), n)[flat_known], pa.int64()),
            "exited": pa.array(flat_holds, pa.bool_()),
            "reason": codes_column(decided.bits.ravel()[flat_known], decided.names),
            "margin": margin_column(decided.margins.ravel()[flat_known]),
            "certainty": certainty_column(
                [c for c, k in zip(certainty, flat_known.tolist(), strict=True) if k]
            ),
            "not_assessed": not_assessed_column(
                decided.unassessed.ravel()[flat_known], decided.names
            ),
        },
        schema=EXIT_SCHEMA,
    )


def _wide_table(rows: Households, decided: _Years, end_year: int) -> pa.Table:
    """One row per household, as :func:`~shuangdao.rules.progress.track_household` follows it."""
    n, years, holds, known = len(rows.ids), decided.years, decided.holds, decided.known
    first = np.zeros(n, dtype=np.int64)
    relapse = np.zeros((n, len(years)), dtype=bool)
    exited_before = np.zeros(n, dtype=bool)
    for j, y in enumerate(years):
        now = known[:, j] & holds[:, j]
        relapse[:, j] = known[:, j] & ~holds[:, j] & exited_before
        first = np.where(now & ~exited_before, y, first)
        exited_before |= now
    wide: dict[str, Any] = {
        "household_id": pa.array(rows.ids, pa.large_string()),
        "members": pa.array(rows.members, pa.int64()),
    }
    for j, y in enumerate(years):
        wide[f"exited_{y}"] = pa.array(holds[:, j], pa.bool_(), mask=~known[:, j])
    wide["first_exit_year"] = pa.array(first, pa.int64(), mask=first == 0)
    if end_year in years:
        j = years.index(end_year)
        wide["above_at_end"] = pa.array(holds[:, j], pa.bool_(), mask=~known[:, j])
    else:
        wide["above_at_end"] = pa.nulls(n, pa.bool_())
    wide["relapse_years"] = _list_column(relapse, years)
    wide["missing_years"] = _list_column(~known, years)
    return pa.table(wide)
