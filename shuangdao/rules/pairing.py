"""Responsibility and plans (责任到人、规划到户): every check declared once, evaluated twice.

Each rule is a :class:`~shuangdao.declare.Rule` below, next to the function that applies it
to a :class:`~shuangdao.ledger.ResponsibilityLedger` on a date (the scalar evaluator, one
subject → an explained :class:`~shuangdao.explain.Decision`). The same declaration decides
whole tables (the columnar evaluator): ``RULE.bind(standards, on=day).evaluate(columns)``
with the inputs below as numpy (or Arrow) columns, one row per subject —
:func:`shuangdao.reports.ledger_columns` builds them from a ledger, and the whole-round runner
from its own pairing plan.

=================================  ==============================================  =========
rule (declaration)                 criteria (in order) — inputs as columns          policy
=================================  ==============================================  =========
``pairing.village_assistance``     ``assisting_unit`` (``assisting_units`` >= 1),  S3, S4,
(:data:`VILLAGE_ASSISTANCE`)       ``work_team`` (``work_teams`` >= 1)             S17
``pairing.units_per_village``      ``units_per_village`` (``assisting_units`` <=   S3
(:data:`UNITS_PER_VILLAGE`)        ``pairing.max_units_per_village``)
``pairing.household_responsible``  ``responsible_cadre`` (``responsible_cadres``   S4
(:data:`HOUSEHOLD_RESPONSIBLE`)    >= 1), ``cadres_within_limit`` (<=
                                   ``pairing.max_cadres_per_household`` when
                                   ``pairing.responsible_cadres_limited``; off by
                                   default)
``pairing.cadre_load``             ``cadre_load`` (``households`` <=               S3, S4
(:data:`CADRE_LOAD`)               ``pairing.max_households_per_cadre``)
``pairing.household_plan``         ``has_plan``, ``measures_in_catalogue``         S4
``pairing.village_plan``           (``measures``), ``not_overdue``
(:data:`HOUSEHOLD_PLAN`,           (``target_year``)
:data:`VILLAGE_PLAN`)
``pairing.agreement``              ``agreement_signed``, ``yearly_commitment``     S16, S17
(:data:`AGREEMENT`)                (booleans) — duties from 2012-01-01
``pairing.leadership_liaison``     ``liaison_leader`` (``liaison_leaders`` >= 1)   SEED p. 5
``pairing.leader_village_link``    ``leader_village`` (``villages`` >= 1)          S9, SEED
=================================  ==============================================  =========

**Limits flag, they never refuse.** The ledger keeps structural invariants only; a village
with more units than ``pairing.max_units_per_village`` or a cadre with more households than
``pairing.max_households_per_cadre`` is recorded, and these rules flag it (see
:func:`shuangdao.reports.limit_report` and :func:`~shuangdao.reports.overload_report`).

**A named responsible person: at least one.** Every poor household has a named responsible
person (S4); no source caps how many. A household with two responsible cadres passes; a cap
is an explicit, assumed parameter (``pairing.responsible_cadres_limited``, off by default).

**Duties from dated texts apply from their effective date.** The assistance agreement with
yearly commitments comes from the 2011 regulation (ch. 3, S17), in force from
``regulation.in_force`` (2012-01-01, S16): before that day the agreement criteria hold and
say "not yet in force", so a round-1 pairing of 2010 needs no agreement.

The cadre:household ratio was never published (no source gives one): ``check_cadre_load`` needs
``max_households=`` or an override of ``pairing.max_households_per_cadre``, otherwise it
raises :class:`~shuangdao.errors.MissingParameterError` with a hint. A plan is *current*
on a date when it is the latest plan made on or before it (a plan without ``made_on``
counts as made before any date); it is overdue after 31 December of its target year
(``pairing.plan_due_month_day``). Measures must come from ``pairing.measure_catalogue``.

Example:
    >>> import datetime as dt
    >>> import numpy as np
    >>> from shuangdao.ledger import ResponsibilityLedger
    >>> ledger = ResponsibilityLedger.create(villages=["V1"], households={"H1": "V1"})
    >>> d = check_household_responsibility("H1", ledger=ledger, on=dt.date(2011, 1, 1))
    >>> d.outcome, d.code
    (False, 'not:responsible_cadre')
    >>> e = HOUSEHOLD_RESPONSIBLE.bind().evaluate({"responsible_cadres": np.array([0, 1, 2])})
    >>> e.outcome.tolist()
    [False, True, True]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

import attrs

from shuangdao.citations import Certainty, Citation
from shuangdao.declare import Rule, declared
from shuangdao.errors import InvalidRecordError
from shuangdao.explain import Decision
from shuangdao.model import Household, Pairing, PartyKind, Plan, Village
from shuangdao.quantities import Comparator
from shuangdao.rules.criteria import AllIn, DueBy, Fact, InForce, Limit, Present
from shuangdao.standards import default_standards
from shuangdao.standards.params import PairingParams as P
from shuangdao.standards.params import RegulationParams

if TYPE_CHECKING:
    from shuangdao.ledger import ResponsibilityLedger
    from shuangdao.standards import Standards

__all__ = [
    "AGREEMENT",
    "CADRE_LOAD",
    "HOUSEHOLD_PLAN",
    "HOUSEHOLD_RESPONSIBLE",
    "LEADERSHIP_LIAISON",
    "LEADER_VILLAGE_LINK",
    "PAIRING_RULES",
    "RULE_IDS",
    "UNITS_PER_VILLAGE",
    "VILLAGE_ASSISTANCE",
    "VILLAGE_PLAN",
    "agreement_inputs",
    "check_agreement",
    "check_cadre_load",
    "check_household_plan",
    "check_household_responsibility",
    "check_leader_village_link",
    "check_leadership_liaison",
    "check_units_per_village",
    "check_village_assistance",
    "check_village_plan",
    "current_plan",
    "load_limit",
    "plan_inputs",
    "units_limit",
]

_UNIT_CITATION: Final = Citation(("S3", "S17"), article="条例 ch. 3")
_TEAM_CITATION: Final = Citation(("S4", "S6"), note="resident work teams from March 2010")
_RESPONSIBLE_CITATION: Final = Citation(
    ("S4",), note="every poor household has a named responsible person"
)
_PLAN_CITATION: Final = Citation(
    ("S4",), note="every poor village and household has a concrete plan"
)
_AGREEMENT_CITATION: Final = Citation(("S17",), article="条例 ch. 3")
_REGULATION_EN: Final = "the 2011 regulation (ch. 3)"
_REGULATION_ZH: Final = "《广东省农村扶贫开发条例》第三章"


def _ids(name: str, en: str, zh: str) -> Any:
    """Notes listing the ids of what was counted (``units: U1, U2``)."""

    def notes(values: Mapping[str, Any]) -> tuple[str, str]:
        ids = ", ".join(values.get(name) or ()) or "none"
        return f"{en}: {ids}", f"{zh}：{ids}"

    return notes


# ------------------------------------------------------------------------------ declarations
VILLAGE_ASSISTANCE: Final = Rule(
    id="pairing.village_assistance",
    subject="village",
    title_en="village with an assisting unit and a resident work team",
    title_zh="有帮扶单位和驻村工作队的村",
    citation=Citation(("S3", "S4", "S17")),
    criteria=(
        # 定点帮扶：每个重点帮扶村有帮扶单位 ...
        Present(
            "assisting_unit",
            "assisting_units",
            "assisting units (帮扶单位)",
            "帮扶单位数",
            citation=_UNIT_CITATION,
            unit="units",
            details=("unit_ids",),
            notes=_ids("unit_ids", "units", "帮扶单位"),
        ),
        # ... 并派驻驻村工作队（至少一名干部）.
        Present(
            "work_team",
            "work_teams",
            "resident work teams with cadres (驻村工作队)",
            "驻村工作队数",
            citation=_TEAM_CITATION,
            unit="teams",
            details=("team_ids",),
            notes=_ids("team_ids", "teams", "工作队"),
        ),
    ),
)
"""A village has an assisting unit and a resident work team with at least one cadre (S3, S4,
S6, S17). Columns: ``assisting_units``, ``work_teams`` (counts on the day checked)."""

UNITS_PER_VILLAGE: Final = Rule(
    id="pairing.units_per_village",
    subject="village",
    title_en="village within the limit of assisting units at once",
    title_zh="同时帮扶单位数未超上限的村",
    citation=Citation(("S3",), certainty=Certainty.ASSUMED, note="one unit ↔ one village"),
    criteria=(
        # 一村一单位（S3 illustrates it; never stated as a rule: an assumed limit）.
        Limit(
            "units_per_village",
            "assisting_units",
            P.max_units_per_village,
            Comparator.LE,
            "assisting units at once",
            "同时帮扶的单位数",
            unit="units",
            details=("unit_ids",),
            notes=_ids("unit_ids", "units", "帮扶单位"),
        ),
    ),
)
"""A village has no more assisting units at once than ``pairing.max_units_per_village`` (1,
assumed: S3 illustrates one unit per village). Flags, never refuses. Column:
``assisting_units``."""

HOUSEHOLD_RESPONSIBLE: Final = Rule(
    id="pairing.household_responsible",
    subject="household",
    title_en="household with a named responsible cadre",
    title_zh="有责任人的贫困户",
    citation=_RESPONSIBLE_CITATION,
    criteria=(
        # 每个贫困户都有帮扶责任人（至少一人）.
        Present(
            "responsible_cadre",
            "responsible_cadres",
            "responsible cadres (责任人, at least one)",
            "责任人数（至少一人）",
            citation=_RESPONSIBLE_CITATION,
            unit="persons",
            details=("cadre_ids",),
            notes=_ids("cadre_ids", "cadres", "责任人"),
        ),
        # No source caps it: an assumed cap, off by default.
        Limit(
            "cadres_within_limit",
            "responsible_cadres",
            P.max_cadres_per_household,
            Comparator.LE,
            "responsible cadres at once (assumed cap)",
            "同时的责任人数（假定上限）",
            switch=P.responsible_cadres_limited,
            unit="persons",
        ),
    ),
)
"""Every poor household has a named responsible person: at least one (S4). A cap applies only
when ``pairing.responsible_cadres_limited`` is on (assumed; off by default). Column:
``responsible_cadres``."""

CADRE_LOAD: Final = Rule(
    id="pairing.cadre_load",
    subject="cadre",
    title_en="cadre within the household load limit",
    title_zh="挂钩户数未超上限的责任人",
    citation=Citation(("S3", "S4")),
    criteria=(
        # 挂钩包户: the ratio was never published — a required, assumed parameter.
        Limit(
            "cadre_load",
            "households",
            P.max_households_per_cadre,
            Comparator.LE,
            "households in the cadre's charge",
            "挂钩贫困户数",
            unit="households",
        ),
    ),
)
"""A cadre is responsible for at most ``pairing.max_households_per_cadre`` households (S3, S4;
the limit was never published: required, assumed). Column: ``households``."""


def _plan_rule(kind: PartyKind) -> Rule:
    household = kind is PartyKind.HOUSEHOLD
    return Rule(
        id="pairing.household_plan" if household else "pairing.village_plan",
        subject=kind.value,
        title_en=f"{kind.value} with a current plan",
        title_zh="有有效帮扶规划的贫困户" if household else "有有效帮扶规划的村",
        citation=_PLAN_CITATION if household else Citation(("S3", "S4")),
        criteria=(
            # 户有卡、村有册：一户一法、一村一策 ...
            Fact(
                "has_plan",
                "has_plan",
                "has a plan (一户一法)" if household else "has a plan (一村一策)",
                "有帮扶规划（一户一法）" if household else "有帮扶规划（一村一策）",
                citation=_PLAN_CITATION,
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


def _agreement_note(values: Mapping[str, Any]) -> tuple[str, str]:
    agreement_id = values.get("agreement_id")
    return (f"agreement {agreement_id}", f"协议 {agreement_id}") if agreement_id else ("", "")


def _commitment_note(values: Mapping[str, Any]) -> tuple[str, str]:
    c = values.get("commitment")
    if c is None:
        return "", ""
    return (
        f"funds {c.funds:,} yuan, {c.projects} projects, {c.people} people for {c.year}",
        f"{c.year}年资金{c.funds:,}元、项目{c.projects}个、人员{c.people}名",
    )


AGREEMENT: Final = Rule(
    id="pairing.agreement",
    subject="pairing",
    title_en="unit–village pairing meeting the assistance-agreement duty",
    title_zh="履行帮扶协议义务的帮扶关系",
    citation=Citation(("S17", "S16"), article="条例 ch. 3"),
    criteria=(
        # 帮扶双方签订帮扶协议 (条例第三章, in force 2012-01-01) ...
        InForce(
            Fact(
                "agreement_signed",
                "agreement_signed",
                "an assistance agreement is signed (帮扶协议)",
                "已签订帮扶协议",
                required_if=P.agreement_required,
                details=("agreement_id",),
                notes=_agreement_note,
            ),
            since=RegulationParams.in_force,
            text_en=_REGULATION_EN,
            text_zh=_REGULATION_ZH,
        ),
        # ... 每年安排资金、项目、人力.
        InForce(
            Fact(
                "yearly_commitment",
                "yearly_commitment",
                "it commits funds, projects and people for the year checked",
                "有当年度资金、项目、人力承诺",
                citation=_AGREEMENT_CITATION,
                required_if=P.agreement_required,
                details=("commitment",),
                notes=_commitment_note,
            ),
            since=RegulationParams.in_force,
            text_en=_REGULATION_EN,
            text_zh=_REGULATION_ZH,
        ),
    ),
)
"""A unit → village pairing has a signed assistance agreement that commits funds, projects and
people for the year checked (S17, regulation ch. 3) — duties from the regulation's effective
date (``regulation.in_force``, 2012-01-01, S16). Columns: ``agreement_signed``,
``yearly_commitment``; bound on the day checked."""

LEADERSHIP_LIAISON: Final = Rule(
    id="pairing.leadership_liaison",
    subject="city",
    title_en="city with a liaising provincial leader",
    title_zh="有省领导挂钩联系的地级市",
    citation=Citation(("SEED",), article="p. 5"),
    criteria=(
        # 省委13位常委和分管扶贫副省长各挂钩联系一个地级市.
        Present(
            "liaison_leader",
            "liaison_leaders",
            "provincial leaders liaising with the city (挂钩联系)",
            "挂钩联系的省领导数",
            cites=P.leadership_liaison_leaders,
            unit="persons",
            details=("leader_ids",),
            notes=_ids("leader_ids", "leaders", "挂钩领导"),
        ),
    ),
)
"""A prefecture-level city has a provincial leader liaising with it (SEED p. 5). Column:
``liaison_leaders``."""

LEADER_VILLAGE_LINK: Final = Rule(
    id="pairing.leader_village_link",
    subject="leader",
    title_en="leader who takes charge of a village",
    title_zh="挂村办点的领导",
    citation=Citation(("S9", "SEED")),
    criteria=(
        # 领导班子成员挂村办点.
        Present(
            "leader_village",
            "villages",
            "villages the leader takes charge of (挂村办点)",
            "所挂村数",
            citation=Citation(("S9", "SEED"), article="p. 5"),
            unit="villages",
            details=("village_ids",),
            notes=_ids("village_ids", "villages", "所挂村"),
        ),
    ),
)
"""A city, county or township leader takes charge of a village (S9; SEED p. 5). Column:
``villages``."""

PAIRING_RULES: Final = (
    VILLAGE_ASSISTANCE,
    UNITS_PER_VILLAGE,
    HOUSEHOLD_RESPONSIBLE,
    CADRE_LOAD,
    HOUSEHOLD_PLAN,
    VILLAGE_PLAN,
    AGREEMENT,
    LEADERSHIP_LIAISON,
    LEADER_VILLAGE_LINK,
)
"""Every declared pairing rule."""

RULE_IDS: Final = {
    "village_assistance": VILLAGE_ASSISTANCE.id,
    "units_per_village": UNITS_PER_VILLAGE.id,
    "household_responsible": HOUSEHOLD_RESPONSIBLE.id,
    "cadre_load": CADRE_LOAD.id,
    "household_plan": HOUSEHOLD_PLAN.id,
    "village_plan": VILLAGE_PLAN.id,
    "agreement": AGREEMENT.id,
    "leadership_liaison": LEADERSHIP_LIAISON.id,
    "leader_village_link": LEADER_VILLAGE_LINK.id,
}
"""Stable rule ids of this module (read from the declarations)."""


# ------------------------------------------------------------------------------ helpers
def _std(standards: Standards | None) -> Standards:
    """Return ``standards`` or the shipped defaults."""
    return default_standards() if standards is None else standards


def _village_id(village: Village | str) -> str:
    """Id of a village given as object or id."""
    return village.village_id if isinstance(village, Village) else village


def _household_id(household: Household | str) -> str:
    """Id of a household given as object or id."""
    return household.household_id if isinstance(household, Household) else household


def _with_value(decision: Decision, value: Any) -> Decision:
    return attrs.evolve(decision, value=value)


# ------------------------------------------------------------------------------ villages
@declared(VILLAGE_ASSISTANCE)
def check_village_assistance(
    village: Village | str,
    *,
    ledger: ResponsibilityLedger,
    on: dt.date,
    standards: Standards | None = None,
) -> Decision:
    """Check that a village has an assisting unit and a resident work team on ``on``.

    A work team counts when it is stationed on ``on`` and has at least one cadre. Declared
    once as :data:`VILLAGE_ASSISTANCE`.

    Policy: S3 (unit ↔ village, 定点帮扶); S4, S6 (resident work teams); S17 (regulation
    ch. 3, designated assistance).

    Raises:
        LedgerError: The village is not registered in the ledger.

    Example:
        >>> import datetime as dt
        >>> from shuangdao.ledger import ResponsibilityLedger
        >>> ledger = ResponsibilityLedger.create(villages=["V1"])
        >>> check_village_assistance("V1", ledger=ledger, on=dt.date(2011, 1, 1)).code
        'not:assisting_unit+work_team'
    """
    village_id = _village_id(village)
    units = ledger.assisting_units(village_id, on)
    teams = [t for t in ledger.work_teams(village_id, on) if t.cadre_ids]
    return VILLAGE_ASSISTANCE.bind(_std(standards)).decide(
        subject_id=village_id,
        as_of=on,
        assisting_units=len(units),
        unit_ids=[u.unit_id for u in units],
        work_teams=len(teams),
        team_ids=[t.team_id for t in teams],
    )


@declared(UNITS_PER_VILLAGE)
def check_units_per_village(
    village: Village | str,
    *,
    ledger: ResponsibilityLedger,
    on: dt.date,
    standards: Standards | None = None,
) -> Decision:
    """Check that a village has no more assisting units at once than the limit on ``on``.

    The limit is ``pairing.max_units_per_village`` (1 by default, assumed: S3 illustrates
    one unit per village but no source states it as a rule). The ledger records any number
    of units; this rule flags the villages above the limit. The decision's ``value`` is the
    number of units. Declared once as :data:`UNITS_PER_VILLAGE`.

    Policy: S3 (one unit ↔ one village, illustrated); the limit is a project parameter
    (certainty: assumed).

    Raises:
        LedgerError: The village is not registered in the ledger.

    Example:
        >>> import datetime as dt
        >>> from shuangdao.ledger import ResponsibilityLedger
        >>> ledger = ResponsibilityLedger.create(villages=["V1"])
        >>> check_units_per_village("V1", ledger=ledger, on=dt.date(2011, 1, 1)).outcome
        True
    """
    village_id = _village_id(village)
    units = ledger.assisting_units(village_id, on)
    decision = UNITS_PER_VILLAGE.bind(_std(standards)).decide(
        subject_id=village_id,
        as_of=on,
        assisting_units=len(units),
        unit_ids=[u.unit_id for u in units],
    )
    return _with_value(decision, len(units))


@declared(UNITS_PER_VILLAGE)
def units_limit(standards: Standards | None = None) -> int:
    """The most units that may assist one village at once: the limit of :data:`UNITS_PER_VILLAGE`.

    The assignment helper pairs within it; the rule flags villages above it.

    Policy: S3 (one unit ↔ one village, illustrated; ``pairing.max_units_per_village``,
    assumed).

    Example:
        >>> units_limit()
        1
    """
    bound = UNITS_PER_VILLAGE.bind(_std(standards)).criterion("units_per_village")
    limit: int = bound.limit  # type: ignore[attr-defined]
    return limit


# ------------------------------------------------------------------------------ households
@declared(HOUSEHOLD_RESPONSIBLE)
def check_household_responsibility(
    household: Household | str,
    *,
    ledger: ResponsibilityLedger,
    on: dt.date,
    standards: Standards | None = None,
) -> Decision:
    """Check that a household has a named responsible cadre (责任人) on ``on``: at least one.

    The policy names a responsible person for every poor household and sets no maximum: two
    cadres responsible for one household pass. A cap is checked only when
    ``pairing.responsible_cadres_limited`` is on (an assumed parameter, off by default; the
    cap is ``pairing.max_cadres_per_household``). The decision's ``value`` is the
    responsible cadre's id, the ids joined by ``", "`` when there are several, or ``None``.
    Declared once as :data:`HOUSEHOLD_RESPONSIBLE`.

    Policy: S4 (every poor household has a named responsible person; 责任到人).

    Raises:
        LedgerError: The household is not registered in the ledger.

    Example:
        >>> import datetime as dt
        >>> from shuangdao.ledger import ResponsibilityLedger
        >>> ledger = ResponsibilityLedger.create(villages=["V1"], households={"H1": "V1"})
        >>> check_household_responsibility("H1", ledger=ledger, on=dt.date(2011, 1, 1)).outcome
        False
    """
    household_id = _household_id(household)
    cadres = sorted(p.assisting_id for p in ledger.history(household_id) if p.active_on(on))
    decision = HOUSEHOLD_RESPONSIBLE.bind(_std(standards)).decide(
        subject_id=household_id,
        as_of=on,
        responsible_cadres=len(cadres),
        cadre_ids=cadres,
    )
    return _with_value(decision, ", ".join(cadres) or None)


# ------------------------------------------------------------------------------ cadres
def _positive(max_households: object) -> int:
    if (
        isinstance(max_households, bool)
        or not isinstance(max_households, int)
        or max_households < 1
    ):
        raise InvalidRecordError(
            "must be a positive integer",
            field="max_households",
            value=max_households,
            rule=CADRE_LOAD.id,
        )
    return max_households


def _load_standards(max_households: int | None, standards: Standards) -> Standards:
    """The standards with the caller's limit, if given, as an override (recorded as such)."""
    if max_households is None:
        return standards
    return standards.with_overrides({P.max_households_per_cadre: _positive(max_households)})


@declared(CADRE_LOAD)
def load_limit(
    max_households: int | None, standards: Standards
) -> tuple[int, Citation, str | None]:
    """Return the households-per-cadre limit, its citation and the parameter key it came from.

    The limit of :data:`CADRE_LOAD`: ``max_households`` when given (the key is then
    ``None``), else the parameter ``pairing.max_households_per_cadre``.

    Policy: S3, S4 (cadres linked to households, 挂钩包户); the limit itself was never
    published (no source gives one), so it is ``max_households`` or the parameter.

    Raises:
        MissingParameterError: ``max_households`` is ``None`` and the parameter has no value.
        InvalidRecordError: ``max_households`` is not a positive integer.

    Example:
        >>> from shuangdao.standards import default_standards
        >>> load_limit(30, default_standards())[0]
        30
    """
    if max_households is not None:
        citation = Citation(
            ("PROJECT",),
            certainty=Certainty.ASSUMED,
            note="limit supplied by the caller (max_households=)",
        )
        return _positive(max_households), citation, None
    bound = CADRE_LOAD.bind(standards).criterion("cadre_load")
    limit: int = bound.limit  # type: ignore[attr-defined]
    return limit, standards.citation(P.max_households_per_cadre), str(P.max_households_per_cadre)


@declared(CADRE_LOAD)
def check_cadre_load(
    cadre_id: str,
    *,
    ledger: ResponsibilityLedger,
    on: dt.date,
    max_households: int | None = None,
    standards: Standards | None = None,
) -> Decision:
    """Check that a cadre is responsible for no more households than the limit on ``on``.

    The policy never published a cadre:household ratio (no source gives one): pass
    ``max_households=`` (applied as an override of ``pairing.max_households_per_cadre``, so
    the decision records it) or override the parameter. The decision's ``value`` is the load.
    Declared once as :data:`CADRE_LOAD`.

    Policy: S3 (挂钩包户, units link staff to households); S4. The limit is a project
    parameter (certainty: assumed).

    Raises:
        MissingParameterError: No limit given and none in the standards.
        LedgerError: The cadre is not registered in the ledger.

    Example:
        >>> import datetime as dt
        >>> from shuangdao.ledger import ResponsibilityLedger
        >>> from shuangdao.model import AssistingUnit, Cadre
        >>> ledger = ResponsibilityLedger.create(
        ...     units=[AssistingUnit(unit_id="U1", name="u", kind="public_institution",
        ...                          level="county")],
        ...     cadres=[Cadre(cadre_id="R1", unit_id="U1")])
        >>> check_cadre_load("R1", ledger=ledger, on=dt.date(2011, 1, 1), max_households=5).code
        'selected'
    """
    std = _load_standards(max_households, _std(standards))
    bound = CADRE_LOAD.bind(std)
    load = len(ledger.households_of(cadre_id, on))
    decision = bound.decide(subject_id=cadre_id, as_of=on, households=load)
    return _with_value(decision, load)


# ------------------------------------------------------------------------------ plans
def current_plan(
    subject_kind: PartyKind | str, subject_id: str, *, ledger: ResponsibilityLedger, on: dt.date
) -> Plan | None:
    """Return the plan in force for a village or household on ``on``, or ``None``.

    The latest plan made on or before ``on`` (by ``made_on``, then id); a plan without
    ``made_on`` counts as made before any date (the project's reading).

    Policy: S4 (every poor village and household has a concrete plan).

    Example:
        >>> import datetime as dt
        >>> from shuangdao.ledger import ResponsibilityLedger
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
    decision = rule.bind(_std(standards), on=on).decide(
        subject_id=subject_id, as_of=on, **plan_inputs(plan)
    )
    return _with_value(decision, None if plan is None else plan.plan_id)


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
        >>> from shuangdao.ledger import ResponsibilityLedger
        >>> from shuangdao.model import Measure, Plan
        >>> ledger = ResponsibilityLedger.create(villages=["V1"], households={"H1": "V1"})
        >>> ledger = ledger.add_plan(Plan(plan_id="P1", subject_kind="household",
        ...     subject_id="H1", measures=[Measure(kind="industry")], target_year=2012))
        >>> check_household_plan("H1", ledger=ledger, on=dt.date(2012, 12, 31)).code
        'selected'
        >>> check_household_plan("H1", ledger=ledger, on=dt.date(2013, 1, 1)).code
        'not:not_overdue'
    """
    household_id = _household_id(household)
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
        >>> from shuangdao.ledger import ResponsibilityLedger
        >>> ledger = ResponsibilityLedger.create(villages=["V1"])
        >>> check_village_plan("V1", ledger=ledger, on=dt.date(2011, 1, 1)).code
        'not:has_plan'
    """
    village_id = _village_id(village)
    ledger.work_teams(village_id, on)  # raises if unknown
    return _check_plan(
        VILLAGE_PLAN, PartyKind.VILLAGE, village_id, ledger=ledger, on=on, standards=standards
    )


# ------------------------------------------------------------------------------ agreements
def agreement_inputs(
    pairing: Pairing, *, ledger: ResponsibilityLedger, on: dt.date
) -> dict[str, Any]:
    """The agreement rule's inputs for one unit → village pairing on ``on``.

    ``agreement_signed``: an agreement between the unit and the village signed on or before
    ``on``; ``yearly_commitment``: the latest such agreement commits for ``on.year``; and
    the ``agreement_id`` and ``commitment`` the reasons describe.

    Policy: S17 (regulation ch. 3: a signed agreement, yearly commitments).
    """
    signed = [
        a
        for a in ledger.agreements_for(pairing.assisting_id, pairing.assisted_id)
        if a.signed_on <= on
    ]
    agreement = signed[-1] if signed else None
    commitment = None if agreement is None else agreement.commitment(on.year)
    return {
        "agreement_signed": agreement is not None,
        "agreement_id": None if agreement is None else agreement.agreement_id,
        "yearly_commitment": commitment is not None,
        "commitment": commitment,
    }


@declared(AGREEMENT)
def check_agreement(
    pairing: Pairing | str,
    *,
    ledger: ResponsibilityLedger,
    on: dt.date,
    standards: Standards | None = None,
) -> Decision:
    """Check a unit → village pairing has an assistance agreement with this year's commitment.

    ``agreement_signed``: an agreement between the unit and the village signed on or before
    ``on``. ``yearly_commitment``: the latest such agreement commits funds, projects and
    people for ``on.year``. Both are duties of the 2011 regulation (ch. 3), in force from
    ``regulation.in_force`` (2012-01-01): checked before that day, both hold and say "not
    yet in force", so a round-1 pairing of 2010 needs no agreement. When
    ``pairing.agreement_required`` is false (a scenario without the duty), both hold with a
    note. The decision's ``value`` is the agreement id. Declared once as :data:`AGREEMENT`.

    Policy: S17 (regulation ch. 3: yearly funds, projects and staff; signed agreement); S16
    (in force from 2012-01-01).

    Raises:
        LedgerError: Unknown pairing id.
        InvalidRecordError: The pairing is not unit → village.

    Example:
        >>> import datetime as dt
        >>> from shuangdao.ledger import ResponsibilityLedger, AssistanceAgreement, Commitment
        >>> from shuangdao.model import AssistingUnit, Pairing
        >>> ledger = ResponsibilityLedger.create(villages=["V1"], units=[AssistingUnit(
        ...     unit_id="U1", name="u", kind="public_institution", level="county")])
        >>> ledger = ledger.add_pairing(Pairing(pairing_id="UV1", assisting_kind="unit",
        ...     assisting_id="U1", assisted_kind="village", assisted_id="V1",
        ...     valid_from=dt.date(2010, 3, 1)))
        >>> check_agreement("UV1", ledger=ledger, on=dt.date(2010, 6, 1)).outcome
        True
        >>> check_agreement("UV1", ledger=ledger, on=dt.date(2012, 1, 1)).code
        'not:agreement_signed+yearly_commitment'
        >>> ledger = ledger.add_agreement(AssistanceAgreement(agreement_id="A1", unit_id="U1",
        ...     village_id="V1", signed_on=dt.date(2013, 3, 1),
        ...     commitments=[Commitment(year=2013, funds="500000", projects=3, people=2)]))
        >>> check_agreement("UV1", ledger=ledger, on=dt.date(2013, 6, 1)).code
        'selected'
        >>> check_agreement("UV1", ledger=ledger, on=dt.date(2014, 6, 1)).code
        'not:yearly_commitment'
    """
    subject = ledger.pairing(pairing) if isinstance(pairing, str) else pairing
    if (
        subject.assisting_kind is not PartyKind.UNIT
        or subject.assisted_kind is not PartyKind.VILLAGE
    ):
        raise InvalidRecordError(
            "must be a unit → village pairing",
            record=f"pairing {subject.pairing_id}",
            field="assisting_kind",
            value=subject.assisting_kind.value,
            rule=AGREEMENT.id,
        )
    inputs = agreement_inputs(subject, ledger=ledger, on=on)
    decision = AGREEMENT.bind(_std(standards), on=on).decide(
        subject_id=subject.pairing_id, as_of=on, **inputs
    )
    return _with_value(decision, inputs["agreement_id"])


# ------------------------------------------------------------------------------ leaders
@declared(LEADERSHIP_LIAISON)
def check_leadership_liaison(
    city_id: str,
    *,
    ledger: ResponsibilityLedger,
    on: dt.date,
    standards: Standards | None = None,
) -> Decision:
    """Check that a prefecture-level city has a provincial leader liaising with it on ``on``.

    省委13位常委和分管扶贫副省长各挂钩联系一个地级市: a ``leader → city`` pairing in force.
    Cities and leaders are free ids in the ledger. The decision's ``value`` is the leader id
    (the first by id if several). Declared once as :data:`LEADERSHIP_LIAISON`.

    Policy: SEED (p. 5: 13 standing-committee members and the vice-governor each liaise one
    city; ``pairing.leadership_liaison_leaders``).

    Example:
        >>> import datetime as dt
        >>> from shuangdao.ledger import ResponsibilityLedger
        >>> from shuangdao.model import Pairing
        >>> ledger = ResponsibilityLedger.create().add_pairing(Pairing(pairing_id="L1",
        ...     assisting_kind="leader", assisting_id="常委甲", assisted_kind="city",
        ...     assisted_id="梅州", valid_from=dt.date(2009, 6, 1)))
        >>> check_leadership_liaison("梅州", ledger=ledger, on=dt.date(2010, 1, 1)).value
        '常委甲'
        >>> check_leadership_liaison("河源", ledger=ledger, on=dt.date(2010, 1, 1)).outcome
        False
    """
    leaders = sorted(
        p.assisting_id
        for p in ledger.pairings_of(PartyKind.CITY, city_id, on=on)
        if p.assisting_kind is PartyKind.LEADER and p.assisted_id == city_id
    )
    decision = LEADERSHIP_LIAISON.bind(_std(standards)).decide(
        subject_id=city_id, as_of=on, liaison_leaders=len(leaders), leader_ids=leaders
    )
    return _with_value(decision, leaders[0] if leaders else None)


@declared(LEADER_VILLAGE_LINK)
def check_leader_village_link(
    leader_id: str,
    *,
    ledger: ResponsibilityLedger,
    on: dt.date,
    standards: Standards | None = None,
) -> Decision:
    """Check that a city, county or township leader takes charge of a village (挂村办点) on ``on``.

    The accountability measures name leaderships whose members did not each take charge of a
    village (S9, 2nd situation); this check answers it for one leader from the ledger's
    ``leader → village`` pairings. The decision's ``value`` is the number of villages.
    Declared once as :data:`LEADER_VILLAGE_LINK`.

    Policy: S9 (问责暂行办法: each leader takes charge of a village); SEED (p. 5: 亲自挂点).

    Example:
        >>> import datetime as dt
        >>> from shuangdao.ledger import ResponsibilityLedger
        >>> ledger = ResponsibilityLedger.create(villages=["V1"])
        >>> check_leader_village_link("县长", ledger=ledger, on=dt.date(2011, 1, 1)).code
        'not:leader_village'
    """
    villages = sorted(
        p.assisted_id
        for p in ledger.pairings_of(PartyKind.LEADER, leader_id, on=on)
        if p.assisted_kind is PartyKind.VILLAGE and p.assisting_id == leader_id
    )
    decision = LEADER_VILLAGE_LINK.bind(_std(standards)).decide(
        subject_id=leader_id, as_of=on, villages=len(villages), village_ids=villages
    )
    return _with_value(decision, len(villages))
