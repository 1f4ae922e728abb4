"""Reports over a responsibility ledger: gaps, limits exceeded, missing or overdue plans.

Each report is a :class:`Report`: a table (one record per problem, :meth:`Report.to_records`,
or a pandas DataFrame with :meth:`Report.to_pandas` when pandas is installed) **and** the
failing :class:`~shuangdao.explain.Decision` of each subject, which explains itself in
Chinese or English. An empty report means every subject passed.

Reports write no policy: they read the ledger into one row per subject
(:func:`ledger_columns`), decide every row with the columnar evaluator of the declared rule
(:mod:`shuangdao.rules.pairing`; without numpy, the scalar evaluator of the same
declaration), and build an explained decision only for the subjects that fail, so a
round-1-sized ledger is reported in about a second.

By default a report covers every village and household registered in the ledger (the
round's identified villages and households); pass ``villages=`` / ``households=`` to cover
fewer.

Columns of each report:

* :func:`gap_report`: ``subject_kind``, ``subject_id``, ``village_id``, ``gap``
  (``assisting_unit``, ``work_team`` or ``responsible_cadre``), ``rule``.
* :func:`overload_report`: ``cadre_id``, ``unit_id``, ``households``, ``limit``, ``excess``.
* :func:`limit_report`: ``subject_kind``, ``subject_id``, ``rule``, ``criterion``,
  ``observed``, ``limit``, ``excess`` — villages with more units at once than
  ``pairing.max_units_per_village``, and (when the assumed cap is on) households with more
  responsible cadres than ``pairing.max_cadres_per_household``.
* :func:`plan_report`: ``subject_kind``, ``subject_id``, ``plan_id``, ``problem``
  (``missing``, ``overdue`` or ``outside_catalogue``), ``target_year``.

Example:
    >>> import datetime as dt
    >>> from shuangdao.model import ResponsibilityLedger
    >>> ledger = ResponsibilityLedger.create(villages=["V1"], households={"H1": "V1"})
    >>> report = gap_report(ledger, on=dt.date(2011, 1, 1))
    >>> [row["gap"] for row in report.to_records()]
    ['assisting_unit', 'work_team', 'responsible_cadre']
    >>> print(report.decisions[1].explanation("en").verdict)  # doctest: +NORMALIZE_WHITESPACE
    Household H1 is not a household with a named responsible cadre (as of 2011-01-01)
    — decided by: responsible cadres (责任人, at least one).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

from attrs import field, frozen

from shuangdao.declare import BoundRule, Rule, declared
from shuangdao.errors import InvalidRecordError
from shuangdao.explain import Decision, Lang
from shuangdao.model import PartyKind
from shuangdao.rules.pairing import (
    AGREEMENT,
    CADRE_LOAD,
    HOUSEHOLD_PLAN,
    HOUSEHOLD_RESPONSIBLE,
    UNITS_PER_VILLAGE,
    VILLAGE_ASSISTANCE,
    VILLAGE_PLAN,
    agreement_inputs,
    check_cadre_load,
    check_household_responsibility,
    check_units_per_village,
    check_village_assistance,
    current_plan,
    load_limit,
    plan_inputs,
)
from shuangdao.standards import default_standards
from shuangdao.standards.params import PairingParams

if TYPE_CHECKING:
    import pandas as pd

    from shuangdao.model import ResponsibilityLedger
    from shuangdao.standards import Standards

__all__ = [
    "Report",
    "gap_report",
    "ledger_columns",
    "limit_report",
    "overload_report",
    "plan_report",
]

Cell = str | int | None
"""A table cell."""

Subjects = Literal[
    "villages", "households", "cadres", "village_plans", "household_plans", "agreements"
]
"""What :func:`ledger_columns` reads one row per."""


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
        name: ``"gaps"``, ``"overloads"``, ``"limits"`` or ``"plans"``.
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


_ZH_NAMES = {
    "gaps": "帮扶缺口",
    "overloads": "超负荷责任人",
    "limits": "超出上限",
    "plans": "规划缺失或逾期",
}


def _standards(standards: Standards | None) -> Standards:
    """Return ``standards`` or the shipped defaults."""
    return default_standards() if standards is None else standards


# ------------------------------------------------------------------------------ ledger → rows
def _village_rows(ledger: ResponsibilityLedger, ids: Sequence[str], on: dt.date) -> dict[str, Any]:
    units, teams = [], []
    for village_id in ids:
        units.append(len(ledger.assisting_units(village_id, on)))
        teams.append(sum(1 for t in ledger.work_teams(village_id, on) if t.cadre_ids))
    return {"id": list(ids), "assisting_units": units, "work_teams": teams}


def _household_rows(
    ledger: ResponsibilityLedger, ids: Sequence[str], on: dt.date
) -> dict[str, Any]:
    counts = ledger.responsible_counts(on)
    for household_id in ids:
        if household_id not in counts:
            ledger.village_of(household_id)  # raises: not registered
    return {"id": list(ids), "responsible_cadres": [counts[h] for h in ids]}


def _cadre_rows(ledger: ResponsibilityLedger, on: dt.date) -> dict[str, Any]:
    loads = ledger.cadre_loads(on)
    return {"id": list(loads), "households": list(loads.values())}


def _plan_rows(
    ledger: ResponsibilityLedger, kind: PartyKind, ids: Sequence[str], on: dt.date
) -> dict[str, Any]:
    rows: dict[str, list[Any]] = {"id": [], "has_plan": [], "measures": [], "target_year": []}
    rows["plan_id"] = []
    for subject_id in ids:
        inputs = plan_inputs(current_plan(kind, subject_id, ledger=ledger, on=on))
        rows["id"].append(subject_id)
        for name in ("has_plan", "plan_id", "measures", "target_year"):
            rows[name].append(inputs[name])
    return rows


def _agreement_rows(ledger: ResponsibilityLedger, on: dt.date) -> dict[str, Any]:
    rows: dict[str, list[Any]] = {"id": [], "agreement_signed": [], "yearly_commitment": []}
    for pairing in ledger.pairings:
        if pairing.assisting_kind is not PartyKind.UNIT or not pairing.active_on(on):
            continue
        inputs = agreement_inputs(pairing, ledger=ledger, on=on)
        rows["id"].append(pairing.pairing_id)
        rows["agreement_signed"].append(inputs["agreement_signed"])
        rows["yearly_commitment"].append(inputs["yearly_commitment"])
    return rows


_FLAGS = frozenset({"has_plan", "agreement_signed", "yearly_commitment"})
_COUNTS = frozenset(
    {"assisting_units", "work_teams", "responsible_cadres", "households", "target_year"}
)


def _as_arrays(rows: Mapping[str, list[Any]]) -> dict[str, Any]:
    """The rows as numpy columns: flags boolean, counts ``int64``, measures and ids objects."""
    import numpy as np

    out: dict[str, Any] = {}
    for name, values in rows.items():
        if name in _FLAGS:
            out[name] = np.fromiter(values, dtype=bool, count=len(values))
        elif name in _COUNTS:
            out[name] = np.fromiter(values, dtype=np.int64, count=len(values))
        else:
            column = np.empty(len(values), dtype=object)
            column[:] = values
            out[name] = column
    return out


@declared(VILLAGE_ASSISTANCE, UNITS_PER_VILLAGE, HOUSEHOLD_RESPONSIBLE, CADRE_LOAD, AGREEMENT)
def ledger_columns(
    ledger: ResponsibilityLedger,
    subjects: Subjects,
    *,
    on: dt.date,
    ids: Iterable[str] | None = None,
) -> dict[str, Any]:
    """One row per subject of a ledger on ``on``: the inputs of the pairing rules, as columns.

    The columnar evaluator of a rule of :mod:`shuangdao.rules.pairing` takes these columns
    (``RULE.bind(standards, on=on).evaluate(columns)``); ``id`` names each row's subject.

    ================  =========================================  ===========================
    ``subjects``      columns                                    rules
    ================  =========================================  ===========================
    villages          ``assisting_units``, ``work_teams``        village assistance, units
                                                                 per village
    households        ``responsible_cadres``                     household responsible
    cadres            ``households``                             cadre load
    village_plans     ``has_plan``, ``plan_id``, ``measures``,   village plan
                      ``target_year``
    household_plans   the same                                   household plan
    agreements        ``agreement_signed``,                      agreement (one row per unit
                      ``yearly_commitment``                      → village pairing in force)
    ================  =========================================  ===========================

    Needs numpy (the ``frame`` extra).

    Args:
        ledger: The ledger.
        subjects: What to read a row per.
        on: The day.
        ids: The villages or households to cover (default: every registered one; ignored for
            cadres and agreements).

    Raises:
        LedgerError: A given id is not registered.
        InvalidRecordError: Unknown ``subjects``.

    Example:
        >>> import datetime as dt
        >>> from shuangdao.model import ResponsibilityLedger
        >>> from shuangdao.rules.pairing import VILLAGE_ASSISTANCE
        >>> ledger = ResponsibilityLedger.create(villages=["V1", "V2"])
        >>> columns = ledger_columns(ledger, "villages", on=dt.date(2011, 1, 1))
        >>> VILLAGE_ASSISTANCE.bind().evaluate(columns).codes().to_pylist()
        ['not:assisting_unit+work_team', 'not:assisting_unit+work_team']
    """
    return _as_arrays(_read(ledger, subjects, on=on, ids=ids))


def _read(
    ledger: ResponsibilityLedger, subjects: str, *, on: dt.date, ids: Iterable[str] | None
) -> dict[str, list[Any]]:
    if subjects in ("villages", "village_plans"):
        village_ids = ledger.village_ids if ids is None else sorted(ids)
        if subjects == "villages":
            return _village_rows(ledger, village_ids, on)
        for village_id in () if ids is None else village_ids:
            ledger.work_teams(village_id, on)  # raises if unknown
        return _plan_rows(ledger, PartyKind.VILLAGE, village_ids, on)
    if subjects in ("households", "household_plans"):
        household_ids = list(ledger.household_villages) if ids is None else sorted(ids)
        if subjects == "households":
            return _household_rows(ledger, household_ids, on)
        for household_id in () if ids is None else household_ids:
            ledger.village_of(household_id)  # raises if unknown
        return _plan_rows(ledger, PartyKind.HOUSEHOLD, household_ids, on)
    if subjects == "cadres":
        return _cadre_rows(ledger, on)
    if subjects == "agreements":
        return _agreement_rows(ledger, on)
    raise InvalidRecordError(
        "must be villages, households, cadres, village_plans, household_plans or agreements",
        field="subjects",
        value=subjects,
    )


def _failing(
    bound: BoundRule, rows: Mapping[str, list[Any]], criteria: Sequence[str] | None = None
) -> list[tuple[int, list[str]]]:
    """Rows where a criterion fails (of ``criteria``, or any), with the failing criteria.

    The columnar evaluator decides every row; without numpy, the scalar evaluator of the same
    declaration does.
    """
    names = [c.name for c in bound.criteria]
    wanted = [i for i, n in enumerate(names) if criteria is None or n in criteria]
    try:
        columns = _as_arrays(rows)
    except ImportError:
        return _failing_scalar(bound, rows, names, wanted)
    import numpy as np

    holds = bound.evaluate(columns).holds
    failing_any = np.zeros(len(rows["id"]), dtype=bool)
    for i in wanted:
        failing_any |= ~holds[i]
    return [
        (int(row), [names[i] for i in wanted if not holds[i][row]])
        for row in np.flatnonzero(failing_any)
    ]


def _failing_scalar(
    bound: BoundRule, rows: Mapping[str, list[Any]], names: list[str], wanted: list[int]
) -> list[tuple[int, list[str]]]:
    found = []
    inputs = [name for name in rows if name != "id"]
    for row in range(len(rows["id"])):
        values = {name: rows[name][row] for name in inputs}
        reasons = bound.decide(subject_id=str(rows["id"][row]), **values).reasons
        failing = [names[i] for i in wanted if not reasons[i].holds]
        if failing:
            found.append((row, failing))
    return found


# ------------------------------------------------------------------------------ reports
@declared(VILLAGE_ASSISTANCE, HOUSEHOLD_RESPONSIBLE)
def gap_report(
    ledger: ResponsibilityLedger,
    *,
    on: dt.date,
    villages: Iterable[str] | None = None,
    households: Iterable[str] | None = None,
    standards: Standards | None = None,
) -> Report:
    """Villages without an assisting unit or work team, households without a responsible cadre.

    Decided by the declared rules ``pairing.village_assistance`` and
    ``pairing.household_responsible`` (its ``responsible_cadre`` criterion: at least one; a
    household with several responsible cadres has no gap).

    Policy: S3, S4, S17 (see :func:`~shuangdao.rules.pairing.check_village_assistance` and
    :func:`~shuangdao.rules.pairing.check_household_responsibility`).

    Raises:
        LedgerError: A given village or household is not registered.
    """
    std = _standards(standards)
    rows: list[dict[str, Cell]] = []
    decisions: list[Decision] = []
    village_rows = _read(ledger, "villages", on=on, ids=villages)
    for i, failing in _failing(VILLAGE_ASSISTANCE.bind(std), village_rows):
        village_id = village_rows["id"][i]
        rows.extend(
            {
                "subject_kind": "village",
                "subject_id": village_id,
                "village_id": village_id,
                "gap": gap,
                "rule": VILLAGE_ASSISTANCE.id,
            }
            for gap in failing
        )
        decisions.append(check_village_assistance(village_id, ledger=ledger, on=on, standards=std))
    household_rows = _read(ledger, "households", on=on, ids=households)
    bound = HOUSEHOLD_RESPONSIBLE.bind(std)
    for i, _ in _failing(bound, household_rows, ["responsible_cadre"]):
        household_id = household_rows["id"][i]
        rows.append(
            {
                "subject_kind": "household",
                "subject_id": household_id,
                "village_id": ledger.village_of(household_id),
                "gap": "responsible_cadre",
                "rule": HOUSEHOLD_RESPONSIBLE.id,
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


@declared(CADRE_LOAD)
def overload_report(
    ledger: ResponsibilityLedger,
    *,
    on: dt.date,
    max_households: int | None = None,
    standards: Standards | None = None,
) -> Report:
    """Cadres responsible for more households than the limit on ``on``.

    The limit is ``max_households`` or the parameter ``pairing.max_households_per_cadre``
    (which has no default); decided by the declared rule ``pairing.cadre_load``.

    Policy: S3, S4 (see :func:`~shuangdao.rules.pairing.check_cadre_load`).

    Raises:
        MissingParameterError: No limit given and none in the standards.
    """
    std = _standards(standards)
    limit, _, _ = load_limit(max_households, std)
    if max_households is not None:
        std = std.with_overrides({PairingParams.max_households_per_cadre: limit})
    cadre_rows = _read(ledger, "cadres", on=on, ids=None)
    rows: list[dict[str, Cell]] = []
    decisions: list[Decision] = []
    for i, _ in _failing(CADRE_LOAD.bind(std), cadre_rows):
        cadre_id, load = cadre_rows["id"][i], cadre_rows["households"][i]
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
                cadre_id, ledger=ledger, on=on, max_households=max_households, standards=standards
            )
        )
    return Report(
        name="overloads",
        as_of=on,
        columns=("cadre_id", "unit_id", "households", "limit", "excess"),
        rows=rows,
        decisions=decisions,
    )


@declared(UNITS_PER_VILLAGE, HOUSEHOLD_RESPONSIBLE)
def limit_report(
    ledger: ResponsibilityLedger,
    *,
    on: dt.date,
    villages: Iterable[str] | None = None,
    households: Iterable[str] | None = None,
    standards: Standards | None = None,
) -> Report:
    """Villages and households above a limit on ``on``: the limits flag, they never refuse.

    Villages with more assisting units at once than ``pairing.max_units_per_village`` (rule
    ``pairing.units_per_village``; 1 by default, assumed) and, when the assumed cap is on
    (``pairing.responsible_cadres_limited``), households with more responsible cadres than
    ``pairing.max_cadres_per_household`` (rule ``pairing.household_responsible``). Cadre
    loads are :func:`overload_report`.

    Policy: S3 (one unit ↔ one village, illustrated), S4 (a named responsible person; no
    maximum published); the limits are project parameters (certainty: assumed).

    Raises:
        LedgerError: A given village or household is not registered.

    Example:
        >>> import datetime as dt
        >>> from shuangdao.model import ResponsibilityLedger
        >>> limit_report(ResponsibilityLedger.create(villages=["V1"]), on=dt.date(2011, 1, 1)).rows
        ()
    """
    std = _standards(standards)
    rows: list[dict[str, Cell]] = []
    decisions: list[Decision] = []
    village_rows = _read(ledger, "villages", on=on, ids=villages)
    units = UNITS_PER_VILLAGE.bind(std)
    for i, _ in _failing(units, village_rows):
        village_id = village_rows["id"][i]
        decision = check_units_per_village(village_id, ledger=ledger, on=on, standards=std)
        rows.append(_limit_row("village", village_id, decision, "units_per_village"))
        decisions.append(decision)
    household_rows = _read(ledger, "households", on=on, ids=households)
    bound = HOUSEHOLD_RESPONSIBLE.bind(std)
    for i, _ in _failing(bound, household_rows, ["cadres_within_limit"]):
        household_id = household_rows["id"][i]
        decision = check_household_responsibility(household_id, ledger=ledger, on=on, standards=std)
        rows.append(_limit_row("household", household_id, decision, "cadres_within_limit"))
        decisions.append(decision)
    return Report(
        name="limits",
        as_of=on,
        columns=("subject_kind", "subject_id", "rule", "criterion", "observed", "limit", "excess"),
        rows=rows,
        decisions=decisions,
    )


def _limit_row(kind: str, subject_id: str, decision: Decision, criterion: str) -> dict[str, Cell]:
    reason = decision.reason(criterion)
    observed, limit = reason.observed, reason.threshold
    assert isinstance(observed, int)
    assert isinstance(limit, int)
    return {
        "subject_kind": kind,
        "subject_id": subject_id,
        "rule": decision.rule,
        "criterion": criterion,
        "observed": observed,
        "limit": limit,
        "excess": observed - limit,
    }


_PROBLEMS = {
    "has_plan": "missing",
    "not_overdue": "overdue",
    "measures_in_catalogue": "outside_catalogue",
}
"""Each plan criterion's problem name, in the order the report lists them."""


@declared(HOUSEHOLD_PLAN, VILLAGE_PLAN)
def plan_report(
    ledger: ResponsibilityLedger,
    *,
    on: dt.date,
    villages: Iterable[str] | None = None,
    households: Iterable[str] | None = None,
    standards: Standards | None = None,
) -> Report:
    """Villages and households whose plan is missing, overdue or outside the catalogue.

    Decided by the declared rules ``pairing.village_plan`` and ``pairing.household_plan``.

    Policy: S3, S4 (see :func:`~shuangdao.rules.pairing.check_household_plan`).

    Raises:
        LedgerError: A given village or household is not registered.
    """
    std = _standards(standards)
    rows: list[dict[str, Cell]] = []
    decisions: list[Decision] = []
    parts: tuple[tuple[PartyKind, str, Rule, Iterable[str] | None], ...] = (
        (PartyKind.VILLAGE, "village_plans", VILLAGE_PLAN, villages),
        (PartyKind.HOUSEHOLD, "household_plans", HOUSEHOLD_PLAN, households),
    )
    for kind, subjects, rule, ids in parts:
        plan_rows = _read(ledger, subjects, on=on, ids=ids)
        bound = rule.bind(std, on=on)
        inputs = [name for name in plan_rows if name != "id"]
        for i, failing in _failing(bound, plan_rows):
            has_plan = plan_rows["has_plan"][i]
            rows.extend(
                {
                    "subject_kind": kind.value,
                    "subject_id": plan_rows["id"][i],
                    "plan_id": plan_rows["plan_id"][i],
                    "problem": problem,
                    "target_year": plan_rows["target_year"][i] if has_plan else None,
                }
                for criterion, problem in _PROBLEMS.items()
                if criterion in failing
            )
            # the decision check_{village,household}_plan gives, from the row already read
            decisions.append(
                bound.decide(
                    subject_id=plan_rows["id"][i],
                    as_of=on,
                    value=plan_rows["plan_id"][i],
                    **{name: plan_rows[name][i] for name in inputs},
                )
            )
    return Report(
        name="plans",
        as_of=on,
        columns=("subject_kind", "subject_id", "plan_id", "problem", "target_year"),
        rows=rows,
        decisions=decisions,
    )
