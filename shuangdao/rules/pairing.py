"""Checks of responsibility and plans (责任到人、规划到户) against a ledger on a date.

Each check is a pure function of a subject, a :class:`~shuangdao.ledger.ResponsibilityLedger`
and a date, returning a :class:`~shuangdao.explain.Decision` with one reason per criterion:

=================================  ===========================================  ============
rule id                            criteria (in order)                          policy
=================================  ===========================================  ============
``pairing.village_assistance``     ``assisting_unit``, ``work_team``            S3, S4, S17
``pairing.household_responsible``  ``responsible_cadre`` (exactly one)          S4
``pairing.cadre_load``             ``cadre_load`` (``<=`` the limit)            S3, S4
``pairing.household_plan``         ``has_plan``, ``measures_in_catalogue``,     S4
``pairing.village_plan``           ``not_overdue``                              S3, S4
``pairing.agreement``              ``agreement_signed``, ``yearly_commitment``  S17
``pairing.leadership_liaison``     ``liaison_leader``                           SEED p. 5
``pairing.leader_village_link``    ``leader_village``                           S9, SEED
=================================  ===========================================  ============

The cadre:household ratio was never published (no source gives one): ``check_cadre_load`` needs
``max_households=`` or an override of ``pairing.max_households_per_cadre``, otherwise it
raises :class:`~shuangdao.errors.MissingParameterError` with a hint. A plan is *current*
on a date when it is the latest plan made on or before it (a plan without ``made_on``
counts as made before any date); it is overdue after 31 December of its target year
(``pairing.plan_due_month_day``). Measures must come from ``pairing.measure_catalogue``.

Example:
    >>> import datetime as dt
    >>> from shuangdao.ledger import ResponsibilityLedger
    >>> ledger = ResponsibilityLedger.create(villages=["V1"], households={"H1": "V1"})
    >>> d = check_household_responsibility("H1", ledger=ledger, on=dt.date(2011, 1, 1))
    >>> d.outcome, d.code
    (False, 'not:responsible_cadre')
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from shuangdao.citations import Certainty, Citation
from shuangdao.errors import InvalidRecordError
from shuangdao.explain import Decision, Reason, decide
from shuangdao.model import Household, Pairing, PartyKind, Plan, Village
from shuangdao.quantities import Comparator
from shuangdao.standards import default_standards

if TYPE_CHECKING:
    from shuangdao.ledger import ResponsibilityLedger
    from shuangdao.standards import Standards

__all__ = [
    "RULE_IDS",
    "check_agreement",
    "check_cadre_load",
    "check_household_plan",
    "check_household_responsibility",
    "check_leader_village_link",
    "check_leadership_liaison",
    "check_village_assistance",
    "check_village_plan",
    "current_plan",
    "load_limit",
]

RULE_IDS = {
    "village_assistance": "pairing.village_assistance",
    "household_responsible": "pairing.household_responsible",
    "cadre_load": "pairing.cadre_load",
    "household_plan": "pairing.household_plan",
    "village_plan": "pairing.village_plan",
    "agreement": "pairing.agreement",
    "leadership_liaison": "pairing.leadership_liaison",
    "leader_village_link": "pairing.leader_village_link",
}
"""Stable rule ids of this module."""

_UNIT_CITATION = Citation(("S3", "S17"), article="条例 ch. 3")
_TEAM_CITATION = Citation(("S4", "S6"), note="resident work teams from March 2010")
_RESPONSIBLE_CITATION = Citation(
    ("S4",), note="every poor household has a named responsible person"
)
_PLAN_CITATION = Citation(("S4",), note="every poor village and household has a concrete plan")
_AGREEMENT_CITATION = Citation(("S17",), article="条例 ch. 3")


def _std(standards: Standards | None) -> Standards:
    """Return ``standards`` or the shipped defaults."""
    return default_standards() if standards is None else standards


def _village_id(village: Village | str) -> str:
    """Id of a village given as object or id."""
    return village.village_id if isinstance(village, Village) else village


def _household_id(household: Household | str) -> str:
    """Id of a household given as object or id."""
    return household.household_id if isinstance(household, Household) else household


def check_village_assistance(
    village: Village | str,
    *,
    ledger: ResponsibilityLedger,
    on: dt.date,
    standards: Standards | None = None,
) -> Decision:
    """Check that a village has an assisting unit and a resident work team on ``on``.

    A work team counts when it is stationed on ``on`` and has at least one cadre.

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
    unit_ids = ", ".join(u.unit_id for u in units) or "none"
    team_ids = ", ".join(t.team_id for t in teams) or "none"
    reasons = (
        Reason.flag(
            criterion="assisting_unit",
            label_en="has an assisting unit (帮扶单位)",
            label_zh="有帮扶单位",
            citation=_UNIT_CITATION,
            observed=bool(units),
            note_en=f"units: {unit_ids}",
            note_zh=f"帮扶单位：{unit_ids}",
        ),
        Reason.flag(
            criterion="work_team",
            label_en="has a resident work team with cadres (驻村工作队)",
            label_zh="有驻村工作队",
            citation=_TEAM_CITATION,
            observed=bool(teams),
            note_en=f"teams: {team_ids}",
            note_zh=f"工作队：{team_ids}",
        ),
    )
    return decide(
        rule=RULE_IDS["village_assistance"],
        subject_kind="village",
        subject_id=village_id,
        title_en="village with an assisting unit and a resident work team",
        title_zh="有帮扶单位和驻村工作队的村",
        reasons=reasons,
        citation=Citation(("S3", "S4", "S17")),
        standards=_std(standards),
        as_of=on,
    )


def check_household_responsibility(
    household: Household | str,
    *,
    ledger: ResponsibilityLedger,
    on: dt.date,
    standards: Standards | None = None,
) -> Decision:
    """Check that a household has exactly one responsible cadre (责任人) on ``on``.

    The decision's ``value`` is the responsible cadre's id (or ``None``).

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
    active = [p for p in ledger.history(household_id) if p.active_on(on)]
    names = ", ".join(p.assisting_id for p in active) or "none"
    reason = Reason(
        criterion="responsible_cadre",
        holds=len(active) == 1,
        label_en="responsible cadres (exactly 1 required)",
        label_zh="责任人数（须为1人）",
        citation=_RESPONSIBLE_CITATION,
        observed=len(active),
        threshold=1,
        unit="persons",
        note_en=f"cadres: {names}",
        note_zh=f"责任人：{names}",
    )
    return decide(
        rule=RULE_IDS["household_responsible"],
        subject_kind="household",
        subject_id=household_id,
        title_en="household with exactly one responsible cadre",
        title_zh="有且仅有一名责任人的贫困户",
        reasons=(reason,),
        citation=_RESPONSIBLE_CITATION,
        standards=_std(standards),
        as_of=on,
        value=active[0].assisting_id if len(active) == 1 else None,
    )


def load_limit(
    max_households: int | None, standards: Standards
) -> tuple[int, Citation, str | None]:
    """Return the households-per-cadre limit, its citation and the parameter key it came from.

    Policy: S3, S4 (cadres linked to households, 挂钩包户); the limit itself was never
    published (no source gives one), so it is ``max_households`` or the parameter
    ``pairing.max_households_per_cadre``.

    Raises:
        MissingParameterError: ``max_households`` is ``None`` and the parameter has no value.
        InvalidRecordError: ``max_households`` is not a positive integer.

    Example:
        >>> from shuangdao.standards import default_standards
        >>> load_limit(30, default_standards())[0]
        30
    """
    key = "pairing.max_households_per_cadre"
    if max_households is None:
        return int(standards.value(key)), standards.citation(key), key
    if (
        isinstance(max_households, bool)
        or not isinstance(max_households, int)
        or max_households < 1
    ):
        raise InvalidRecordError(
            "must be a positive integer",
            field="max_households",
            value=max_households,
            rule=RULE_IDS["cadre_load"],
        )
    citation = Citation(
        ("PROJECT",),
        certainty=Certainty.ASSUMED,
        note="limit supplied by the caller (max_households=)",
    )
    return max_households, citation, None


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
    ``max_households=`` or override ``pairing.max_households_per_cadre``. The decision's
    ``value`` is the load.

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
    std = _std(standards)
    limit, citation, parameter = load_limit(max_households, std)
    load = len(ledger.households_of(cadre_id, on))
    reason = Reason.compare(
        "cadre_load",
        observed=load,
        threshold=limit,
        comparator=Comparator.LE,
        label_en="households in the cadre's charge",
        label_zh="挂钩贫困户数",
        citation=citation,
        unit="households",
        parameter=parameter,
    )
    return decide(
        rule=RULE_IDS["cadre_load"],
        subject_kind="cadre",
        subject_id=cadre_id,
        title_en="cadre within the household load limit",
        title_zh="挂钩户数未超上限的责任人",
        reasons=(reason,),
        citation=Citation(("S3", "S4")),
        standards=std,
        as_of=on,
        value=load,
    )


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


def _check_plan(
    kind: PartyKind,
    subject_id: str,
    *,
    ledger: ResponsibilityLedger,
    on: dt.date,
    standards: Standards | None,
) -> Decision:
    """Shared body of the household and village plan checks."""
    std = _std(standards)
    plan = current_plan(kind, subject_id, ledger=ledger, on=on)
    reasons = [
        Reason.flag(
            criterion="has_plan",
            label_en="has a plan (一户一法)"
            if kind is PartyKind.HOUSEHOLD
            else "has a plan (一村一策)",
            label_zh="有帮扶规划（一户一法）"
            if kind is PartyKind.HOUSEHOLD
            else "有帮扶规划（一村一策）",
            citation=_PLAN_CITATION,
            observed=plan is not None,
            note_en=f"plan {plan.plan_id}" if plan else "",
            note_zh=f"规划 {plan.plan_id}" if plan else "",
        )
    ]
    if plan is not None:
        catalogue = set(std.value("pairing.measure_catalogue"))
        outside = sorted({m.kind.value for m in plan.measures} - catalogue)
        reasons.append(
            Reason.flag(
                criterion="measures_in_catalogue",
                label_en="every measure is from the catalogue",
                label_zh="措施均属帮扶措施目录",
                citation=std.citation("pairing.measure_catalogue"),
                observed=not outside,
                parameter="pairing.measure_catalogue",
                note_en=f"outside: {', '.join(outside)}" if outside else "",
                note_zh=f"目录外：{'、'.join(outside)}" if outside else "",
            )
        )
        # Due by 31 December of the target year: on.year <= target_year
        # (pairing.plan_due_month_day).
        std.value("pairing.plan_due_month_day")
        reasons.append(
            Reason.compare(
                "not_overdue",
                observed=on.year,
                threshold=plan.target_year,
                comparator=Comparator.LE,
                label_en="year of the check against the plan's target year",
                label_zh="核查年度与规划目标年度",
                citation=std.citation("pairing.plan_due_month_day"),
                unit="",
                parameter="pairing.plan_due_month_day",
            )
        )
    is_household = kind is PartyKind.HOUSEHOLD
    return decide(
        rule=RULE_IDS["household_plan" if is_household else "village_plan"],
        subject_kind=kind.value,
        subject_id=subject_id,
        title_en=f"{kind.value} with a current plan",
        title_zh="有有效帮扶规划的贫困户" if is_household else "有有效帮扶规划的村",
        reasons=reasons,
        citation=_PLAN_CITATION if is_household else Citation(("S3", "S4")),
        standards=std,
        as_of=on,
        value=None if plan is None else plan.plan_id,
    )


def check_household_plan(
    household: Household | str,
    *,
    ledger: ResponsibilityLedger,
    on: dt.date,
    standards: Standards | None = None,
) -> Decision:
    """Check that a household has a current plan (一户一法) that is sound on ``on``.

    The plan's measures must be from ``pairing.measure_catalogue`` and ``on`` must not be
    after 31 December of its target year. The decision's ``value`` is the plan id.

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
    return _check_plan(PartyKind.HOUSEHOLD, household_id, ledger=ledger, on=on, standards=standards)


def check_village_plan(
    village: Village | str,
    *,
    ledger: ResponsibilityLedger,
    on: dt.date,
    standards: Standards | None = None,
) -> Decision:
    """Check that a village has a current plan (一村一策) that is sound on ``on``.

    Same criteria as :func:`check_household_plan`.

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
    return _check_plan(PartyKind.VILLAGE, village_id, ledger=ledger, on=on, standards=standards)


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
    people for ``on.year``. When ``pairing.agreement_required`` is false (e.g. to study
    round 1 before the regulation), both hold with a note. The decision's ``value`` is the
    agreement id.

    Policy: S17 (regulation ch. 3: yearly funds, projects and staff; signed agreement).

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
        ...     valid_from=dt.date(2013, 1, 1)))
        >>> ledger = ledger.add_agreement(AssistanceAgreement(agreement_id="A1", unit_id="U1",
        ...     village_id="V1", signed_on=dt.date(2013, 3, 1),
        ...     commitments=[Commitment(year=2013, funds="500000", projects=3, people=2)]))
        >>> check_agreement("UV1", ledger=ledger, on=dt.date(2013, 6, 1)).code
        'selected'
        >>> check_agreement("UV1", ledger=ledger, on=dt.date(2014, 6, 1)).code
        'not:yearly_commitment'
    """
    std = _std(standards)
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
            rule=RULE_IDS["agreement"],
        )
    required = bool(std.value("pairing.agreement_required"))
    citation = std.citation("pairing.agreement_required")
    signed = [
        a
        for a in ledger.agreements_for(subject.assisting_id, subject.assisted_id)
        if a.signed_on <= on
    ]
    agreement = signed[-1] if signed else None
    commitment = None if agreement is None else agreement.commitment(on.year)
    waived_en = "" if required else "not required (pairing.agreement_required = false)"
    waived_zh = "" if required else "不作要求"
    reasons = (
        Reason(
            criterion="agreement_signed",
            holds=agreement is not None or not required,
            label_en="an assistance agreement is signed (帮扶协议)",
            label_zh="已签订帮扶协议",
            citation=citation,
            observed=agreement is not None,
            threshold=True,
            parameter="pairing.agreement_required",
            note_en=waived_en or (f"agreement {agreement.agreement_id}" if agreement else ""),
            note_zh=waived_zh or (f"协议 {agreement.agreement_id}" if agreement else ""),
        ),
        Reason(
            criterion="yearly_commitment",
            holds=commitment is not None or not required,
            label_en=f"it commits funds, projects and people for {on.year}",
            label_zh=f"有{on.year}年度资金、项目、人力承诺",
            citation=_AGREEMENT_CITATION,
            observed=commitment is not None,
            threshold=True,
            parameter="pairing.agreement_required",
            note_en=waived_en
            or (
                f"funds {commitment.funds:,} yuan, {commitment.projects} projects, "
                f"{commitment.people} people"
                if commitment
                else ""
            ),
            note_zh=waived_zh
            or (
                f"资金{commitment.funds:,}元、项目{commitment.projects}个、人员{commitment.people}名"
                if commitment
                else ""
            ),
        ),
    )
    return decide(
        rule=RULE_IDS["agreement"],
        subject_kind="pairing",
        subject_id=subject.pairing_id,
        title_en="unit–village pairing with an assistance agreement and this year's commitment",
        title_zh="签订帮扶协议并有当年承诺的帮扶关系",
        reasons=reasons,
        citation=_AGREEMENT_CITATION,
        standards=std,
        as_of=on,
        value=None if agreement is None else agreement.agreement_id,
    )


def check_leadership_liaison(
    city_id: str,
    *,
    ledger: ResponsibilityLedger,
    on: dt.date,
    standards: Standards | None = None,
) -> Decision:
    """Check that a prefecture-level city has a provincial leader liaising with it on ``on``.

    省委13位常委和分管扶贫副省长各挂钩联系一个地级市: a ``leader → city`` pairing in force.
    Cities and leaders are free ids in the ledger. The decision's ``value`` is the leader id.

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
    std = _std(standards)
    leaders = sorted(
        p.assisting_id
        for p in ledger.pairings_of(PartyKind.CITY, city_id, on=on)
        if p.assisting_kind is PartyKind.LEADER and p.assisted_id == city_id
    )
    names = ", ".join(leaders) or "none"
    reason = Reason.flag(
        criterion="liaison_leader",
        label_en="a provincial leader liaises with the city (挂钩联系)",
        label_zh="有省领导挂钩联系",
        citation=std.citation("pairing.leadership_liaison_leaders"),
        observed=bool(leaders),
        parameter="pairing.leadership_liaison_leaders",
        note_en=f"leaders: {names}",
        note_zh=f"挂钩领导：{names}",
    )
    return decide(
        rule=RULE_IDS["leadership_liaison"],
        subject_kind="city",
        subject_id=city_id,
        title_en="city with a liaising provincial leader",
        title_zh="有省领导挂钩联系的地级市",
        reasons=(reason,),
        citation=Citation(("SEED",), article="p. 5"),
        standards=std,
        as_of=on,
        value=leaders[0] if leaders else None,
    )


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

    Policy: S9 (问责暂行办法: each leader takes charge of a village); SEED (p. 5: 亲自挂点).

    Example:
        >>> import datetime as dt
        >>> from shuangdao.ledger import ResponsibilityLedger
        >>> ledger = ResponsibilityLedger.create(villages=["V1"])
        >>> check_leader_village_link("县长", ledger=ledger, on=dt.date(2011, 1, 1)).code
        'not:leader_village'
    """
    std = _std(standards)
    villages = sorted(
        p.assisted_id
        for p in ledger.pairings_of(PartyKind.LEADER, leader_id, on=on)
        if p.assisted_kind is PartyKind.VILLAGE and p.assisting_id == leader_id
    )
    names = ", ".join(villages) or "none"
    reason = Reason.flag(
        criterion="leader_village",
        label_en="the leader takes charge of a village (挂村办点)",
        label_zh="领导挂村办点",
        citation=Citation(("S9", "SEED"), article="p. 5"),
        observed=bool(villages),
        note_en=f"villages: {names}",
        note_zh=f"所挂村：{names}",
    )
    return decide(
        rule=RULE_IDS["leader_village_link"],
        subject_kind="leader",
        subject_id=leader_id,
        title_en="leader who takes charge of a village",
        title_zh="挂村办点的领导",
        reasons=(reason,),
        citation=Citation(("S9", "SEED")),
        standards=std,
        as_of=on,
        value=len(villages),
    )
