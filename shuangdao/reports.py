"""Reports over a responsibility ledger: gaps, overloaded cadres, missing or overdue plans.

Each report is a :class:`Report`: a table (one record per problem, :meth:`Report.to_records`,
or a pandas DataFrame with :meth:`Report.to_pandas` when pandas is installed) **and** the
failing :class:`~shuangdao.explain.Decision` of each subject, which explains itself in
Chinese or English. An empty report means every subject passed.

By default a report covers every village and household registered in the ledger (the
round's identified villages and households); pass ``villages=`` / ``households=`` to cover
fewer. Reports read the ledger's indexes and build a decision only for subjects that fail,
so a round-1-sized ledger is reported in about a second.

Columns of each report:

* :func:`gap_report`: ``subject_kind``, ``subject_id``, ``village_id``, ``gap``
  (``assisting_unit``, ``work_team`` or ``responsible_cadre``), ``rule``.
* :func:`overload_report`: ``cadre_id``, ``unit_id``, ``households``, ``limit``, ``excess``.
* :func:`plan_report`: ``subject_kind``, ``subject_id``, ``plan_id``, ``problem``
  (``missing``, ``overdue`` or ``outside_catalogue``), ``target_year``.

Example:
    >>> import datetime as dt
    >>> from shuangdao.ledger import ResponsibilityLedger
    >>> ledger = ResponsibilityLedger.create(villages=["V1"], households={"H1": "V1"})
    >>> report = gap_report(ledger, on=dt.date(2011, 1, 1))
    >>> [row["gap"] for row in report.to_records()]
    ['assisting_unit', 'work_team', 'responsible_cadre']
    >>> print(report.decisions[1].explanation("en").verdict)
    Household H1 is not a household with exactly one responsible cadre (as of 2011-01-01).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from attrs import field, frozen

from shuangdao.explain import Decision, Lang
from shuangdao.model import PartyKind
from shuangdao.rules.pairing import (
    RULE_IDS,
    check_cadre_load,
    check_household_plan,
    check_household_responsibility,
    check_village_assistance,
    check_village_plan,
    current_plan,
    load_limit,
)
from shuangdao.standards import default_standards

if TYPE_CHECKING:
    import pandas as pd

    from shuangdao.ledger import ResponsibilityLedger
    from shuangdao.standards import Standards

__all__ = ["Report", "gap_report", "overload_report", "plan_report"]

Cell = str | int | None
"""A table cell."""


def _rows(value: Iterable[Mapping[str, Cell]]) -> tuple[Mapping[str, Cell], ...]:
    """Freeze rows."""
    return tuple(MappingProxyType(dict(row)) for row in value)


def _decisions(value: Iterable[Decision]) -> tuple[Decision, ...]:
    """Convert to a tuple."""
    return tuple(value)


def _columns(value: Iterable[str]) -> tuple[str, ...]:
    """Convert to a tuple."""
    return tuple(value)


@frozen(eq=False)
class Report:
    """A table of problems plus the failing decisions that explain them.

    Attributes:
        name: ``"gaps"``, ``"overloads"`` or ``"plans"``.
        as_of: The date checked.
        columns: Column names, in order.
        rows: One record per problem.
        decisions: The failing decision of each subject (in subject order).
    """

    name: str
    as_of: dt.date
    columns: tuple[str, ...] = field(converter=_columns)
    rows: tuple[Mapping[str, Cell], ...] = field(converter=_rows)
    decisions: tuple[Decision, ...] = field(converter=_decisions)

    def __len__(self) -> int:
        """Number of rows."""
        return len(self.rows)

    def to_records(self) -> list[dict[str, Cell]]:
        """Return the rows as a list of plain dicts (``pandas.DataFrame.from_records`` ready)."""
        return [dict(row) for row in self.rows]

    def to_pandas(self) -> pd.DataFrame:
        """Return the rows as a pandas DataFrame (needs the ``frame`` extra).

        Raises:
            ImportError: pandas is not installed.
        """
        import pandas as pd

        return pd.DataFrame.from_records(self.to_records(), columns=list(self.columns))

    def explain(self, lang: Lang = "en") -> str:
        """Render a heading and every decision's explanation (in layers), a blank line apart."""
        if lang == "zh":
            name = _ZH_NAMES.get(self.name, self.name)
            head = f"{self.as_of.isoformat()} {name}：{len(self.rows)}项问题"
        else:
            head = f"{self.name} report as of {self.as_of.isoformat()}: {len(self.rows)} problem(s)"
        return "\n\n".join([head, *(d.explain(lang) for d in self.decisions)])


_ZH_NAMES = {"gaps": "帮扶缺口", "overloads": "超负荷责任人", "plans": "规划缺失或逾期"}


def _standards(standards: Standards | None) -> Standards:
    """Return ``standards`` or the shipped defaults."""
    return default_standards() if standards is None else standards


def gap_report(
    ledger: ResponsibilityLedger,
    *,
    on: dt.date,
    villages: Iterable[str] | None = None,
    households: Iterable[str] | None = None,
    standards: Standards | None = None,
) -> Report:
    """Villages without an assisting unit or work team, households without one responsible cadre.

    Policy: S3, S4, S17 (see :func:`~shuangdao.rules.pairing.check_village_assistance` and
    :func:`~shuangdao.rules.pairing.check_household_responsibility`).

    Raises:
        LedgerError: A given village or household is not registered.
    """
    std = _standards(standards)
    rows: list[dict[str, Cell]] = []
    decisions: list[Decision] = []
    village_ids = ledger.village_ids if villages is None else sorted(villages)
    for village_id in village_ids:
        has_unit = bool(ledger.assisting_units(village_id, on))
        has_team = any(t.cadre_ids for t in ledger.work_teams(village_id, on))
        if has_unit and has_team:
            continue
        rows.extend(
            {
                "subject_kind": "village",
                "subject_id": village_id,
                "village_id": village_id,
                "gap": gap,
                "rule": RULE_IDS["village_assistance"],
            }
            for gap, missing in (("assisting_unit", not has_unit), ("work_team", not has_team))
            if missing
        )
        decisions.append(check_village_assistance(village_id, ledger=ledger, on=on, standards=std))
    counts = ledger.responsible_counts(on)
    household_ids = ledger.household_villages if households is None else sorted(households)
    for household_id in household_ids:
        ledger.village_of(household_id)  # raises if unknown
        if counts[household_id] == 1:
            continue
        rows.append(
            {
                "subject_kind": "household",
                "subject_id": household_id,
                "village_id": ledger.village_of(household_id),
                "gap": "responsible_cadre",
                "rule": RULE_IDS["household_responsible"],
            }
        )
        decisions.append(
            check_household_responsibility(household_id, ledger=ledger, on=on, standards=std)
        )
    return Report(
        name="gaps",
        as_of=on,
        columns=("subject_kind", "subject_id", "village_id", "gap", "rule"),
        rows=rows,
        decisions=decisions,
    )


def overload_report(
    ledger: ResponsibilityLedger,
    *,
    on: dt.date,
    max_households: int | None = None,
    standards: Standards | None = None,
) -> Report:
    """Cadres responsible for more households than the limit on ``on``.

    The limit is ``max_households`` or the parameter ``pairing.max_households_per_cadre``
    (which has no default).

    Policy: S3, S4 (see :func:`~shuangdao.rules.pairing.check_cadre_load`).

    Raises:
        MissingParameterError: No limit given and none in the standards.
    """
    std = _standards(standards)
    limit, _, _ = load_limit(max_households, std)
    rows: list[dict[str, Cell]] = []
    decisions: list[Decision] = []
    for cadre_id, load in ledger.cadre_loads(on).items():
        if load <= limit:
            continue
        rows.append(
            {
                "cadre_id": cadre_id,
                "unit_id": ledger.cadre(cadre_id).unit_id,
                "households": load,
                "limit": limit,
                "excess": load - limit,
            }
        )
        decisions.append(
            check_cadre_load(
                cadre_id, ledger=ledger, on=on, max_households=max_households, standards=std
            )
        )
    return Report(
        name="overloads",
        as_of=on,
        columns=("cadre_id", "unit_id", "households", "limit", "excess"),
        rows=rows,
        decisions=decisions,
    )


def plan_report(
    ledger: ResponsibilityLedger,
    *,
    on: dt.date,
    villages: Iterable[str] | None = None,
    households: Iterable[str] | None = None,
    standards: Standards | None = None,
) -> Report:
    """Villages and households whose plan is missing, overdue or outside the catalogue.

    Policy: S3, S4 (see :func:`~shuangdao.rules.pairing.check_household_plan`).

    Raises:
        LedgerError: A given village or household is not registered.
    """
    std = _standards(standards)
    catalogue = set(std.value("pairing.measure_catalogue"))
    rows: list[dict[str, Cell]] = []
    decisions: list[Decision] = []
    subjects: list[tuple[PartyKind, str]] = [
        (PartyKind.VILLAGE, v)
        for v in (ledger.village_ids if villages is None else sorted(villages))
    ]
    subjects += [
        (PartyKind.HOUSEHOLD, h)
        for h in (ledger.household_villages if households is None else sorted(households))
    ]
    for kind, subject_id in subjects:
        plan = current_plan(kind, subject_id, ledger=ledger, on=on)
        problems: list[str] = []
        if plan is None:
            problems.append("missing")
        else:
            if on.year > plan.target_year:
                problems.append("overdue")
            if any(m.kind.value not in catalogue for m in plan.measures):
                problems.append("outside_catalogue")
        if not problems:
            continue
        rows.extend(
            {
                "subject_kind": kind.value,
                "subject_id": subject_id,
                "plan_id": None if plan is None else plan.plan_id,
                "problem": problem,
                "target_year": None if plan is None else plan.target_year,
            }
            for problem in problems
        )
        check: Any = check_household_plan if kind is PartyKind.HOUSEHOLD else check_village_plan
        decisions.append(check(subject_id, ledger=ledger, on=on, standards=std))
    return Report(
        name="plans",
        as_of=on,
        columns=("subject_kind", "subject_id", "plan_id", "problem", "target_year"),
        rows=rows,
        decisions=decisions,
    )
