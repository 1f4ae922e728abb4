"""The settlement (三年结硬帐) over whole tables: every village, every county and the round.

The object path settles one village, county or round
(:func:`~shuangdao.rules.settlement.settle_village`, ``settle_county``, ``settle_round``).
:func:`settlement` applies the same declarations
(:data:`~shuangdao.rules.settlement.SETTLEMENT`: who counts, the exit line each counted
household is held to, the village targets, the group rule at each level) to whole tables with
the columnar evaluator, with the same codes, shares and certainties.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from shuangdao._frames import TableAccess, TableMapping
from shuangdao.batch import _cycle_input as inputs
from shuangdao.batch._cycle_tables import (
    MONEY_TYPE,
    Households,
    certainty_column,
    check_counts,
    check_round,
    codes_column,
    margin_column,
    money_column,
    not_assessed_column,
    rejected_table,
    standards_of,
)
from shuangdao.batch._result import CERTAINTY_TYPE, MARGIN_TYPE, REASON_TYPE
from shuangdao.calendar import round_calendar
from shuangdao.declare import BoundCompare, BoundFlag, BoundPerCapita, BoundRule, codes_table
from shuangdao.declare.kernel import MARGIN_SCALE, SAFE, as_decimal, quotient
from shuangdao.errors import InvalidRecordError, InvalidTypeError, UnknownReferenceError
from shuangdao.ingest import Rejection, rejected_rows
from shuangdao.quantities import from_fen
from shuangdao.rules.progress import VILLAGE_TARGETS
from shuangdao.rules.settlement import LEVELS, SETTLEMENT, Settlement
from shuangdao.standards import Standards

if TYPE_CHECKING:
    from shuangdao.explain import Decision
    from shuangdao.model import HouseholdIncomeHistory, VillageIncomeHistory

__all__ = [
    "FAILING_VILLAGE_SCHEMA",
    "SETTLEMENT_HOUSEHOLD_SCHEMA",
    "SETTLEMENT_SCHEMA",
    "SettlementResult",
    "settlement",
]

_RULE: Final = "settlement"
_NO_COUNTED: Final = "no_counted_households"

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
        ("certainty", pa.string()),
        ("not_assessed", pa.large_string()),
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
        ("certainty", CERTAINTY_TYPE),
        ("not_assessed", REASON_TYPE),
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


@dataclass(slots=True)
class _Villages:
    ids: list[str]
    county: list[str]
    collective: np.ndarray[Any, Any]
    collective_present: np.ndarray[Any, Any]
    per_capita: np.ndarray[Any, Any]
    per_capita_present: np.ndarray[Any, Any]
    targets: dict[str, tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]] = field(
        default_factory=dict
    )

    def target_values(self, position: int) -> dict[str, bool | None]:
        """One village's non-income targets (``None`` where not supplied)."""
        return {
            name: bool(values[position]) if present[position] else None
            for name, (values, present) in self.targets.items()
        }


@dataclass(slots=True)
class SettlementResult(TableAccess):
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
            ``"no_counted_households"`` (the object path raises for it). ``certainty``: the
            weakest certainty among the values the row's decision read. ``not_assessed``: the
            non-income targets some counted household or village of the group had no data
            for (``households.ncms+villages.basic_infrastructure``, as the group decision's
            :attr:`~shuangdao.explain.Decision.not_assessed`; null when none).
        households: Per accepted household: ``counted`` (rounds 2–3 count only households
            with labour capacity), ``income`` in the year, ``above`` (meets the exit rule on
            the criteria assessed: the line and the non-income targets it has data for),
            ``reason``, per-capita ``margin`` (null when not counted), the line's
            ``certainty`` and ``not_assessed`` (its targets without data).
        failing_villages: One row per failing village target (``village_income``,
            ``collective_income``, and round 2's ``basic_infrastructure`` and
            ``democratic_management`` when supplied) with the observed value and threshold
            (null for a yes/no target).
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
    _households: Households
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

    def _table_map(self) -> dict[str, pa.Table]:
        return self._tables()

    @property
    def tables(self) -> TableMapping:
        """The result's tables by name (read also with ``table(name)``, ``to_pandas()``...)."""
        return TableMapping(self._tables(), "SettlementResult")

    def _tables(self) -> dict[str, pa.Table]:
        return {
            "settlement": self.settlement,
            "households": self.households,
            "failing_villages": self.failing_villages,
            "rejected": self.rejected,
        }

    # ------------------------------------------------------------ object path
    def _village_history(self, position: int) -> VillageIncomeHistory:
        from shuangdao.model import VillageIncomeHistory

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
            **v.target_values(position),
        )

    def _household_history(self, position: int) -> HouseholdIncomeHistory:
        from shuangdao.model import HouseholdIncomeHistory

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
            **h.target_values(position),
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
            position = self._households.ids.index(household_id)
            h = self._household_history(position)
            return household_exit(
                h.household_id,
                members=h.members,
                income_by_year=h.income_by_year,
                round=self.round,
                year=year,
                standards=s,
                **self._households.target_values(position),
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
            f"{rejected_rows(self.rejected):,} rows rejected.</p>"
            "<table><tr><th>level</th><th>subject</th><th>passed</th><th>persons above</th>"
            f"<th>code</th></tr>{rows}</table></div>"
        )

    def __repr__(self) -> str:
        return (
            f"SettlementResult(round={self.round}, year={self.year}, "
            f"villages={self.level('village').num_rows}, "
            f"households={self.households.num_rows}, rejected={rejected_rows(self.rejected)})"
        )


def _load_villages(
    source: Any, *, number: int, year: int, county: str | None
) -> tuple[_Villages, list[Rejection], int]:
    read = inputs.read(source, "villages", required=("village_id",))
    table = read.table
    check = inputs.check_of(read, "village", "settlement.villages")
    ids = inputs.ids(table, check, "village_id")
    counties = inputs.text(table, check, "county_id")
    collective, collective_present = inputs.money(table, check, f"collective_income_{year}")
    per_capita, per_capita_present = inputs.money(table, check, f"per_capita_income_{year}")
    targets = SETTLEMENT[number].villages
    found = inputs.targets(table, check, targets.optional_inputs if targets else ())
    inputs.duplicates(ids, check, "village_id", "settlement")
    present = {"per_capita_income": per_capita_present, "collective_income": collective_present}
    needs = [
        (name, present[name]) for name in (targets.inputs if targets else ()) if name in present
    ]
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
                        rule=VILLAGE_TARGETS[number].id,
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
                    rule=_RULE,
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
            targets={name: (v[keep], p[keep]) for name, (v, p) in found.items()},
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

    The same declarations as :mod:`shuangdao.rules.settlement`
    (:data:`~shuangdao.rules.settlement.SETTLEMENT`), through the columnar evaluator: the
    share of counted persons at or above the year's exit line (``round1.target_share`` 80 %;
    ``round<N>.target_share`` in rounds 2–3), tested exactly as
    ``persons_above × q <op> p × persons``; households counted by their members, and only
    those with labour capacity in rounds 2–3 (``round<N>.settlement_able_bodied_only``);
    every village meeting its own targets in rounds 1–2 (collective income ``>= 30000``;
    per-capita income ``>`` 60 % of ``P(year)`` and collective ``>= 50000``).

    The steps: read and check the households; read the villages (or take the households'
    in round 3); link each household to its village; decide who is counted and who is at or
    above the line; decide each village's targets; add the persons up per village; decide
    each village, county and the round with the group rule.

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
    s = standards_of(standards)
    number = check_round(round, "a settlement")
    calendar = round_calendar(number, standards=s)
    year = calendar.settlement_income_year if year is None else year
    if isinstance(year, bool) or not isinstance(year, int):
        raise InvalidTypeError("must be a year (int)", field="year", value=year)
    if county is not None and (not isinstance(county, str) or not county):
        raise InvalidTypeError("must be a non-empty county id", field="county", value=county)
    declared = SETTLEMENT[number]
    exit_bound = declared.exit.bind(s, year=year)  # the year's line, read first
    counted_bound = declared.counted.bind(s)
    if villages is None and declared.villages is not None:
        raise InvalidRecordError(
            f"are required in round {number} (every village must meet its own targets)",
            field="villages",
            rule=_RULE,
        )
    able_only = _able_only(counted_bound)
    loaded = _read_households(
        households, year=year, able_only=able_only, targets=declared.exit.optional_inputs
    )
    village_rejected: list[Rejection] = []
    if villages is None:
        village_rows, village_total = _villages_of(loaded), 0
    else:
        village_rows, village_rejected, village_total = _load_villages(
            villages, number=number, year=year, county=county
        )
    rows, hv = _link(loaded, village_rows, village_rejected, year)
    households_table, counted, above, unassessed = _household_table(
        rows, year, counted_bound, exit_bound
    )
    fails, failing_villages, village_unassessed = _village_targets(village_rows, declared, s, year)
    sums = _sums(rows, hv, counted, above, len(village_rows.ids))
    not_assessed = _NotAssessed(
        _per_village(unassessed, counted, hv, len(village_rows.ids)),
        village_unassessed,
        exit_bound.rule.names,
        declared.villages.names if declared.villages is not None else (),
    )
    settle = _settle_levels(
        declared, s, year, village_rows, fails, sums, not_assessed, county=county
    )
    rejected = [*village_rejected, *loaded.check.rejections()]
    if villages is not None:
        check_counts(
            len(village_rows.ids), rejected_rows(village_rejected), village_total, "villages"
        )
    check_counts(len(rows.ids), loaded.check.n_rejected, loaded.total, "households")
    return SettlementResult(
        round=number,
        year=year,
        settlement=settle,
        households=households_table,
        failing_villages=failing_villages,
        rejected=rejected_table(rejected),
        standards=s,
        county=county,
        _villages=village_rows,
        _households=rows,
        _household_village=hv,
    )


def _able_only(counted: BoundRule) -> bool:
    """Whether only households with labour capacity are counted (the declared flag is on)."""
    flag = counted.criteria[0]
    assert isinstance(flag, BoundFlag)
    return flag.active


@dataclass(slots=True)
class _Loaded:
    """The household table, checked (rows still unfiltered: ``check.bad`` marks rejects)."""

    check: Any
    total: int
    ids: list[Any]
    village_ids: list[Any]
    members: np.ndarray[Any, Any]
    income: np.ndarray[Any, Any]
    present: np.ndarray[Any, Any]
    labour: np.ndarray[Any, Any]
    labour_present: np.ndarray[Any, Any]
    targets: dict[str, tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]]


def _read_households(
    source: Any, *, year: int, able_only: bool, targets: Sequence[str] = ()
) -> _Loaded:
    """Read and check the households: ids, village, members, the year's income, labour.

    Also the non-income ``targets`` whose columns are present.
    """
    read = inputs.read(source, "households", required=("household_id", "village_id", "members"))
    table = read.table
    check = inputs.check_of(read, "household", "settlement.households")
    ids = inputs.ids(table, check, "household_id")
    village_ids = inputs.ids(table, check, "village_id")
    members = inputs.integer(table, check, "members", 1)
    income, present = inputs.money(table, check, f"income_{year}")
    labour, labour_present = inputs.flag(table, check, "has_labour_capacity")
    found = inputs.targets(table, check, targets)
    inputs.duplicates(ids, check, "household_id", _RULE)
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
                    rule=_RULE,
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
                    rule=_RULE,
                ),
            )
    return _Loaded(
        check,
        check.n_rows,
        ids,
        village_ids,
        members,
        income,
        present,
        labour,
        labour_present,
        found,
    )


def _villages_of(loaded: _Loaded) -> _Villages:
    """Round 3 without a village table: the households' villages, in order of appearance."""
    seen: dict[str, None] = {}
    for i, v in enumerate(loaded.village_ids):
        if not loaded.check.bad[i]:
            seen.setdefault(v)
    ids = list(seen)
    return _Villages(
        ids=ids,
        county=[""] * len(ids),
        collective=np.zeros(len(ids), np.int64),
        collective_present=np.zeros(len(ids), bool),
        per_capita=np.zeros(len(ids), np.int64),
        per_capita_present=np.zeros(len(ids), bool),
    )


def _link(
    loaded: _Loaded, villages: _Villages, village_rejected: Sequence[Rejection], year: int
) -> tuple[Households, np.ndarray[Any, Any]]:
    """Each accepted household with its village's position (unknown villages rejected)."""
    check = loaded.check
    position_of = {v: i for i, v in enumerate(villages.ids)}
    rejected_villages = {r.id for r in village_rejected if r.id}
    household_village = np.full(check.n, -1, dtype=np.int64)
    # The reference needs its own cell only: checked beside the row's other problems, as the
    # identification loader does (a row whose village_id failed keeps that problem alone).
    unread = check.failed("village_id")
    for i in range(check.n):
        if unread[i]:
            continue
        v = loaded.village_ids[i]
        if v in position_of:
            household_village[i] = position_of[v]
            continue
        error: InvalidRecordError | UnknownReferenceError = UnknownReferenceError(
            "is not among the villages settled",
            record=check.record(i),
            field="village_id",
            value=v,
            rule=_RULE,
        )
        if v in rejected_villages:
            error = InvalidRecordError(
                "could not be settled, so neither can its households",
                record=check.record(i),
                field="village_id",
                value=v,
                rule=_RULE,
            )
        check.reject(i, "village_id", error)
    keep = np.flatnonzero(~check.bad)
    take = keep.tolist()
    rows = Households(
        ids=[loaded.ids[i] for i in take],
        members=loaded.members[keep],
        income={year: loaded.income[keep]},
        present={year: loaded.present[keep]},
        labour=np.where(loaded.labour_present, loaded.labour, True)[keep],
        village_ids=[loaded.village_ids[i] for i in take],
        targets={name: (v[keep], p[keep]) for name, (v, p) in loaded.targets.items()},
    )
    return rows, household_village[keep]


def _household_table(
    rows: Households, year: int, counted_rule: BoundRule, exit_rule: BoundRule
) -> tuple[pa.Table, np.ndarray[Any, Any], np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Who is counted and who meets the exit rule (on the criteria assessed), columnar.

    With codes, margins and the not-assessed bits of each household.
    """
    counted = counted_rule.evaluate({"has_labour_capacity": rows.labour}).outcome
    columns = {"income": rows.income[year], "members": rows.members, **rows.target_columns()}
    evaluated = exit_rule.evaluate(columns)
    above = counted & evaluated.outcome
    criterion = exit_rule.criterion("household_income")
    assert isinstance(criterion, BoundPerCapita)
    table = pa.table(
        {
            "household_id": pa.array(rows.ids, pa.large_string()),
            "village_id": pa.array(rows.village_ids, pa.large_string()),
            "members": pa.array(rows.members, pa.int64()),
            "counted": pa.array(counted, pa.bool_()),
            "income": money_column(rows.income[year], rows.present[year]),
            "above": pa.array(above, pa.bool_(), mask=~counted),
            "reason": codes_column(evaluated.bits, exit_rule.rule.names, counted),
            "margin": margin_column(np.asarray(criterion.margin(columns)), counted),
            "certainty": certainty_column([exit_rule.certainty] * len(rows.ids)),
            "not_assessed": not_assessed_column(
                evaluated.not_assessed_bits, exit_rule.rule.names, counted
            ),
        },
        schema=SETTLEMENT_HOUSEHOLD_SCHEMA,
    )
    return table, counted, above, evaluated.not_assessed_bits


def _village_targets(
    villages: _Villages, declared: Settlement, s: Standards, year: int
) -> tuple[list[list[str]], pa.Table, np.ndarray[Any, Any]]:
    """Each village's failing targets (the declared village rule, columnar), and their table.

    Also the not-assessed bits of each village (targets without data).
    """
    fails: list[list[str]] = [[] for _ in villages.ids]
    rows: dict[str, list[Any]] = {k: [] for k in FAILING_VILLAGE_SCHEMA.names}
    unassessed = np.zeros(len(villages.ids), dtype=np.int32)
    if declared.villages is not None:
        bound = declared.villages.bind(s, year=year)
        observed: dict[str, Any] = {
            "per_capita_income": villages.per_capita,
            "collective_income": villages.collective,
        }
        for name, (values, present) in villages.targets.items():
            observed[name] = values
            observed[name + "?"] = present
        evaluated = bound.evaluate(observed)
        unassessed = evaluated.not_assessed_bits
        failing = evaluated.failing
        for i in range(len(villages.ids)):  # village by village, as the object path lists them
            for criterion, fails_here in zip(bound.criteria, failing, strict=True):
                if not fails_here[i]:
                    continue
                fails[i].append(criterion.name)
                rows["village_id"].append(villages.ids[i])
                rows["county_id"].append(villages.county[i])
                rows["criterion"].append(criterion.name)
                if isinstance(criterion, BoundCompare):
                    value = observed[criterion.criterion.observed][i]
                    rows["observed"].append(from_fen(int(value)))
                    rows["threshold"].append(criterion.line.value)
                else:  # a yes/no target, supplied and not met
                    rows["observed"].append(None)
                    rows["threshold"].append(None)
    table = pa.table(
        {name: pa.array(rows[name], FAILING_VILLAGE_SCHEMA.field(name).type) for name in rows},
        schema=FAILING_VILLAGE_SCHEMA,
    )
    return fails, table, unassessed


@dataclass(slots=True)
class _NotAssessed:
    """Per village: the not-assessed bits of its counted households (OR) and its own."""

    households: np.ndarray[Any, Any]
    villages: np.ndarray[Any, Any]
    household_names: tuple[str, ...]
    village_names: tuple[str, ...]

    def code(self, members: Sequence[int]) -> str | None:
        """The group's not-assessed criteria (``households.ncms+villages.x``), or ``None``."""
        household_bits = int(np.bitwise_or.reduce(self.households[members], initial=0))
        village_bits = int(np.bitwise_or.reduce(self.villages[members], initial=0))
        names = [
            f"households.{n}" for i, n in enumerate(self.household_names) if household_bits >> i & 1
        ]
        names += [
            f"villages.{n}" for i, n in enumerate(self.village_names) if village_bits >> i & 1
        ]
        return "+".join(names) or None


def _per_village(
    bits: np.ndarray[Any, Any],
    counted: np.ndarray[Any, Any],
    household_village: np.ndarray[Any, Any],
    n_villages: int,
) -> np.ndarray[Any, Any]:
    """The not-assessed bits of the counted households, OR-ed per village."""
    out = np.zeros(n_villages, dtype=np.int32)
    np.bitwise_or.at(out, household_village, np.where(counted, bits, 0).astype(np.int32))
    return out


@dataclass(slots=True)
class _Sums:
    """Per village: persons counted, persons at or above the line, households counted."""

    persons: np.ndarray[Any, Any]
    above: np.ndarray[Any, Any]
    households: np.ndarray[Any, Any]


def _sums(
    rows: Households,
    household_village: np.ndarray[Any, Any],
    counted: np.ndarray[Any, Any],
    above: np.ndarray[Any, Any],
    n_villages: int,
) -> _Sums:
    """Add up the counted persons per village (exact: Python integers beyond int64)."""
    members = rows.members
    if len(members) and int(members.sum()) >= SAFE:
        members = members.astype(object)
    persons = np.zeros(n_villages, dtype=members.dtype)
    persons_above = np.zeros(n_villages, dtype=members.dtype)
    households = np.zeros(n_villages, dtype=np.int64)
    np.add.at(persons, household_village, np.where(counted, members, 0))
    np.add.at(persons_above, household_village, np.where(above, members, 0))
    np.add.at(households, household_village, counted.astype(np.int64))
    return _Sums(persons, persons_above, households)


def _groups(
    villages: _Villages, county: str | None, number: int
) -> list[tuple[str, str, list[int]]]:
    """The subjects settled: every village, every county (or the one given), the round."""
    groups: list[tuple[str, str, list[int]]] = [
        ("village", v, [i]) for i, v in enumerate(villages.ids)
    ]
    everything = list(range(len(villages.ids)))
    if county is not None:
        groups.append(("county", county, everything))
        return groups
    by_county: dict[str, list[int]] = {}
    for i, c in enumerate(villages.county):
        if c:
            by_county.setdefault(c, []).append(i)
    groups.extend(("county", c, members) for c, members in by_county.items())
    groups.append(("round", str(number), everything))
    return groups


def _settle_levels(  # noqa: PLR0917 - private, one call
    declared: Settlement,
    s: Standards,
    year: int,
    villages: _Villages,
    fails: list[list[str]],
    sums: _Sums,
    not_assessed: _NotAssessed,
    *,
    county: str | None,
) -> pa.Table:
    """Decide every group with the declared group rule (columnar), level by level."""
    groups = _groups(villages, county, declared.round)
    rows: dict[str, list[Any]] = {k: [] for k in SETTLEMENT_SCHEMA.names}
    for level in LEVELS:
        chosen = [(subject, members) for lv, subject, members in groups if lv == level]
        if not chosen:
            continue
        rule = declared.at(level).bind(s, year=year)
        failing = [[i for i in m if fails[i]] for _, m in chosen]
        columns: dict[str, Any] = {
            "persons": np.array([sum(int(sums.persons[i]) for i in m) for _, m in chosen], object),
            "persons_above": np.array(
                [sum(int(sums.above[i]) for i in m) for _, m in chosen], object
            ),
            "households": np.array([int(sums.households[m].sum()) for _, m in chosen], np.int64),
            "failing": failing,
            "villages": np.array([len(m) for _, m in chosen], np.int64),
            "villages_meeting_targets": np.array(
                [len(m) - len(f) for (_, m), f in zip(chosen, failing, strict=True)], np.int64
            ),
        }
        _add_rows(rows, level, chosen, columns, rule, villages, fails, declared)
        rows["not_assessed"].extend(
            not_assessed.code(m) if n else None  # no counted household: not settled
            for (_, m), n in zip(chosen, columns["households"].tolist(), strict=True)
        )
    return pa.table(
        {name: pa.array(rows[name], SETTLEMENT_SCHEMA.field(name).type) for name in rows},
        schema=SETTLEMENT_SCHEMA,
    )


def _add_rows(  # noqa: PLR0917 - private, one call
    rows: dict[str, list[Any]],
    level: str,
    chosen: list[tuple[str, list[int]]],
    columns: dict[str, Any],
    rule: BoundRule,
    villages: _Villages,
    fails: list[list[str]],
    declared: Settlement,
) -> None:
    """One settlement row per group: the group rule's code, then its failing villages'."""
    counted = columns["households"] > 0
    safe = {
        "persons": np.where(counted, columns["persons"], 1),
        "persons_above": columns["persons_above"],
        "villages": columns["villages"],
        "villages_meeting_targets": columns["villages_meeting_targets"],
    }
    evaluated = rule.evaluate(safe)
    codes = codes_table(rule.rule.names)
    with_villages = declared.villages is not None
    for k, (subject, _members) in enumerate(chosen):
        persons, above = int(columns["persons"][k]), int(columns["persons_above"][k])
        if not counted[k]:
            passed, code, share = None, _NO_COUNTED, None
        else:
            members = [
                f"village.{villages.ids[i]}.{c}" for i in columns["failing"][k] for c in fails[i]
            ]
            passed = bool(evaluated.outcome[k]) and not members
            code = codes[int(evaluated.bits[k])]
            if members:
                code = ("not:" if passed or code == "selected" else code + "+") + "+".join(members)
            share = as_decimal(quotient(above, persons), MARGIN_SCALE)
        rows["level"].append(level)
        rows["subject_id"].append(subject)
        rows["passed"].append(passed)
        rows["code"].append(code)
        rows["households"].append(int(columns["households"][k]))
        rows["persons"].append(persons)
        rows["persons_above"].append(above)
        rows["share"].append(share)
        rows["villages"].append(int(columns["villages"][k]))
        rows["villages_meeting_targets"].append(
            int(columns["villages_meeting_targets"][k]) if with_villages else None
        )
        rows["certainty"].append(rule.certainty.value)
