"""Plans (一村一策、一户一法): current, in the catalogue, not overdue (private)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

from shuangdao.citations import Citation
from shuangdao.declare import Rule, declared
from shuangdao.explain import Decision
from shuangdao.model import Household, PartyKind, Plan, Village
from shuangdao.rules.criteria import AllIn, DueBy, Fact
from shuangdao.rules.pairing._common import (
    PLAN_CITATION,
    household_id_of,
    standards_or_default,
    village_id_of,
)
from shuangdao.standards.params import PairingParams as P

if TYPE_CHECKING:
    from shuangdao.model import ResponsibilityLedger
    from shuangdao.standards import Standards

__all__ = [
    "HOUSEHOLD_PLAN",
    "VILLAGE_PLAN",
    "check_household_plan",
    "check_village_plan",
    "current_plan",
    "plan_inputs",
]


def _plan_rule(kind: PartyKind) -> Rule:
    household = kind is PartyKind.HOUSEHOLD
    return Rule(
        id="pairing.household_plan" if household else "pairing.village_plan",
        subject=kind.value,
        title_en=f"{kind.value} with a current plan",
        title_zh="有有效帮扶规划的贫困户" if household else "有有效帮扶规划的村",
        citation=PLAN_CITATION if household else Citation(("S3", "S4")),
        criteria=(
            # 户有卡、村有册：一户一法、一村一策 ...
            Fact(
                "has_plan",
                "has_plan",
                "has a plan (一户一法)" if household else "has a plan (一村一策)",
                "有帮扶规划（一户一法）" if household else "有帮扶规划（一村一策）",
                citation=PLAN_CITATION,
                details=("plan_id",),
                notes=_plan_note,
            ),
            # ... 措施均属帮扶措施目录 ...
            AllIn(
                "measures_in_catalogue",
                "measures",
                P.measure_catalogue,
                "every measure is from the catalogue",
                "措施均属帮扶措施目录",
                applies="has_plan",
                absent_en="no plan to check",
                absent_zh="无规划可核查",
            ),
            # ... 规划目标年度12月31日前完成.
            DueBy(
                "not_overdue",
                "target_year",
                P.plan_due_month_day,
                "year of the check against the plan's target year",
                "核查年度与规划目标年度",
                applies="has_plan",
                absent_en="no plan to check",
                absent_zh="无规划可核查",
            ),
        ),
    )


def _plan_note(values: Mapping[str, Any]) -> tuple[str, str]:
    plan_id = values.get("plan_id")
    return (f"plan {plan_id}", f"规划 {plan_id}") if plan_id else ("", "")


HOUSEHOLD_PLAN: Final = _plan_rule(PartyKind.HOUSEHOLD)
"""A household has a current plan (一户一法) whose measures are in the catalogue and whose
target year has not passed (S4). Columns: ``has_plan``, ``measures`` (list of measure kinds),
``target_year``; bound on the day checked."""

VILLAGE_PLAN: Final = _plan_rule(PartyKind.VILLAGE)
"""A village has a current plan (一村一策), as :data:`HOUSEHOLD_PLAN` (S3, S4)."""


def current_plan(
    subject_kind: PartyKind | str, subject_id: str, *, ledger: ResponsibilityLedger, on: dt.date
) -> Plan | None:
    """Return the plan in force for a village or household on ``on``, or ``None``.

    The latest plan made on or before ``on`` (by ``made_on``, then id); a plan without
    ``made_on`` counts as made before any date (the project's reading).

    Policy: S4 (every poor village and household has a concrete plan).

    Example:
        >>> import datetime as dt
        >>> from shuangdao.model import ResponsibilityLedger
        >>> ledger = ResponsibilityLedger.create(villages=["V1"])
        >>> current_plan("village", "V1", ledger=ledger, on=dt.date(2013, 1, 1)) is None
        True
    """
    plans = [
        p
        for p in ledger.plans_for(subject_kind, subject_id)
        if p.made_on is None or p.made_on <= on
    ]
    return plans[-1] if plans else None


def plan_inputs(plan: Plan | None) -> dict[str, Any]:
    """The plan rules' inputs for one subject's current plan, or for none.

    ``has_plan``, ``plan_id``, ``measures`` (the measure kinds' values) and ``target_year``
    (0 when there is no plan: the other criteria do not look at it then).

    Policy: S4 (every poor village and household has a concrete plan).
    """
    if plan is None:
        return {"has_plan": False, "plan_id": None, "measures": (), "target_year": 0}
    return {
        "has_plan": True,
        "plan_id": plan.plan_id,
        "measures": tuple(m.kind.value for m in plan.measures),
        "target_year": plan.target_year,
    }


def _check_plan(
    rule: Rule,
    kind: PartyKind,
    subject_id: str,
    *,
    ledger: ResponsibilityLedger,
    on: dt.date,
    standards: Standards | None,
) -> Decision:
    """Shared body of the household and village plan checks."""
    plan = current_plan(kind, subject_id, ledger=ledger, on=on)
    return rule.bind(standards_or_default(standards), on=on).decide(
        subject_id=subject_id,
        as_of=on,
        **plan_inputs(plan),
        value=None if plan is None else plan.plan_id,
    )


@declared(HOUSEHOLD_PLAN)
def check_household_plan(
    household: Household | str,
    *,
    ledger: ResponsibilityLedger,
    on: dt.date,
    standards: Standards | None = None,
) -> Decision:
    """Check that a household has a current plan (一户一法) that is sound on ``on``.

    The plan's measures must be from ``pairing.measure_catalogue`` and ``on`` must not be
    after 31 December of its target year. The decision's ``value`` is the plan id. Declared
    once as :data:`HOUSEHOLD_PLAN`.

    Policy: S4 (every poor household has a concrete plan and exit measures).

    Raises:
        LedgerError: The household is not registered in the ledger.

    Example:
        >>> import datetime as dt
        >>> from shuangdao.model import ResponsibilityLedger
        >>> from shuangdao.model import Measure, Plan
        >>> ledger = ResponsibilityLedger.create(villages=["V1"], households={"H1": "V1"})
        >>> ledger = ledger.add_plan(Plan(plan_id="P1", subject_kind="household",
        ...     subject_id="H1", measures=[Measure(kind="industry")], target_year=2012))
        >>> check_household_plan("H1", ledger=ledger, on=dt.date(2012, 12, 31)).code
        'selected'
        >>> check_household_plan("H1", ledger=ledger, on=dt.date(2013, 1, 1)).code
        'not:not_overdue'
    """
    household_id = household_id_of(household)
    ledger.village_of(household_id)
    return _check_plan(
        HOUSEHOLD_PLAN,
        PartyKind.HOUSEHOLD,
        household_id,
        ledger=ledger,
        on=on,
        standards=standards,
    )


@declared(VILLAGE_PLAN)
def check_village_plan(
    village: Village | str,
    *,
    ledger: ResponsibilityLedger,
    on: dt.date,
    standards: Standards | None = None,
) -> Decision:
    """Check that a village has a current plan (一村一策) that is sound on ``on``.

    Same criteria as :func:`check_household_plan`; declared once as :data:`VILLAGE_PLAN`.

    Policy: S3 (village packages); S4 (every poor village has a concrete plan).

    Raises:
        LedgerError: The village is not registered in the ledger.

    Example:
        >>> import datetime as dt
        >>> from shuangdao.model import ResponsibilityLedger
        >>> ledger = ResponsibilityLedger.create(villages=["V1"])
        >>> check_village_plan("V1", ledger=ledger, on=dt.date(2011, 1, 1)).code
        'not:has_plan'
    """
    village_id = village_id_of(village)
    ledger.work_teams(village_id, on)  # raises if unknown
    return _check_plan(
        VILLAGE_PLAN, PartyKind.VILLAGE, village_id, ledger=ledger, on=on, standards=standards
    )
