"""Accountability (问责): triggers, who is covered, the escalation ladder and sanctions.

"Responsibility to the person" (责任到人) has teeth: the 2010 interim accountability measures
(《广东省扶贫开发工作问责暂行办法》, S8, S9, S10, S13) hold leaders to account when the
annual assessment goes badly, and the seed article (page 5) says how it was applied — leaders
of failing cities, counties and assisting units received a circulated notice (通报), were
named (点名) or called to a one-to-one coaching interview (单兵教练约谈); five cadres were
dismissed (撤职).

The module has three layers, all pure:

* **Triggers** (问责情形), each a rule over ONE assessment returning a
  :class:`~shuangdao.explain.Decision` whose reason carries the evidence and the clause:
  :func:`fail_share_trigger` (too many failing villages: 50 % / 40 % / 20 % at the 1st /
  2nd / 3rd assessment, S9), :func:`leader_village_trigger` (the leadership did not each take
  charge of a village, 挂村办点), :func:`fiscal_guarantee_trigger` (no local fiscal budget
  guarantee), :func:`failed_assessment_trigger` (the body was rated failing, seed p. 5) and
  :func:`funds_triggers` (the other situations of S10, from :class:`FundingIrregularity`
  evidence). :func:`evaluate_triggers` runs every trigger a record has evidence for.
* **Who is covered** (art. 2, S8): :class:`Official` (a :class:`Role` in a body — a city,
  county or township's leadership, a department or assisting unit, a poverty office — on
  either :class:`Side`); :func:`is_covered` reads the coverage table from the standards.
* **Escalation**: :func:`escalate` replays a body's assessment history and returns the
  :class:`ActionDecision` s the new assessment calls for. Repeated triggers climb the ladder
  (``accountability.ladder``: notice → naming → coaching interview → sanction proposals);
  an assessment without a trigger resets, holds or steps down (``accountability.on_improvement``);
  aggravating factors make a proposed sanction heavier (``accountability.aggravation_*``); the
  leadership team loses that year's award eligibility (``accountability.award_loss_from``).
  Every one of these choices is data in ``accountability.toml``; none is in code.

Invariants (tested): no trigger, no action; an action is addressed only to people of the
body whose trigger explains it; more failing villages never give a milder action; every
action cites its clause; the same history gives the same actions.

Example:
    >>> from shuangdao.rules.accountability import fail_share_trigger
    >>> d = fail_share_trigger("K01", assessment_number=1, failed=12, total=20)
    >>> d.outcome
    True
    >>> print(d.reasons[0].render("en"))  # doctest: +NORMALIZE_WHITESPACE
    share of failing villages 60 % is at or above (>=) 50 % (margin +10); 12 of 20 villages
    failed at the 1st assessment ('reaches' read as >=, recalled) [S9, S13; situation 1 for
    regional principal leaders]
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Final

import attrs
from attrs import field, frozen

from shuangdao.citations import Citation
from shuangdao.errors import (
    InvalidRecordError,
    InvalidTypeError,
    MissingParameterError,
    StandardsError,
)
from shuangdao.explain import Decision, Lang, Reason, decide
from shuangdao.model import AdminArea, AssistingUnit, Pairing, PartyKind
from shuangdao.model._base import (
    as_iterable,
    at_least,
    convert_enum,
    identifier,
    model,
    optional_identifier,
    text,
)
from shuangdao.quantities import Comparator, money
from shuangdao.standards import Standards, default_standards

__all__ = [
    "AccountabilityRecord",
    "Action",
    "ActionDecision",
    "AggravatingFactor",
    "Aggravation",
    "BodyKind",
    "FundingIrregularity",
    "IrregularityKind",
    "LEVELS",
    "LeaderLink",
    "Official",
    "Role",
    "Sanction",
    "Side",
    "TriggerKind",
    "escalate",
    "evaluate_triggers",
    "fail_share_trigger",
    "failed_assessment_trigger",
    "fiscal_guarantee_trigger",
    "funds_triggers",
    "is_covered",
    "leader_village_trigger",
    "severity_scale",
]

LEVELS: Final = ("central", "province", "city", "county", "township")
"""Levels a body can sit at: ``central`` (中直, units only), province, city, county, township."""

_LEVEL_ZH: Final = {
    "central": "中直",
    "province": "省",
    "city": "市",
    "county": "县",
    "township": "乡镇",
}

_ORDINAL_EN: Final = {1: "1st", 2: "2nd", 3: "3rd"}

_IMPROVEMENT_ZH: Final = {"reset": "归零", "hold": "保持原级", "step_down": "降一级"}


def _ordinal(number: int) -> str:
    return _ORDINAL_EN.get(number, f"{number}th")


# ---------------------------------------------------------------------------- enums


class Side(enum.Enum):
    """Which side of the assistance a body is on (帮扶方 / 被帮扶方); both are covered."""

    ASSISTING = "assisting"
    """帮扶方: assisting units, developed-region (PRD) cities."""
    ASSISTED = "assisted"
    """被帮扶方: the less-developed cities, counties and townships with poor villages."""

    @property
    def zh(self) -> str:
        """Chinese label."""
        return "帮扶方" if self is Side.ASSISTING else "被帮扶方"

    @property
    def en(self) -> str:
        """English label."""
        return f"{self.value} side"


class BodyKind(enum.Enum):
    """The kind of body an official leads or a trigger is about."""

    AREA = "area"
    """A city, county or township's party committee and government (党委政府)."""
    UNIT = "unit"
    """A department or assisting unit (部门、单位)."""
    POVERTY_OFFICE = "poverty_office"
    """A poverty-alleviation office (扶贫办)."""

    @property
    def zh(self) -> str:
        """Chinese label."""
        return {
            BodyKind.AREA: "党委政府",
            BodyKind.UNIT: "单位",
            BodyKind.POVERTY_OFFICE: "扶贫办",
        }[self]


class Role(enum.Enum):
    """A role in a body (art. 2, S8); who is covered is data (``accountability.coverage``)."""

    PRINCIPAL_LEADER = "principal_leader"
    """党政主要负责人 / 主要领导 of a city, county or township."""
    LEADERSHIP_MEMBER = "leadership_member"
    """领导班子成员 (a member of a county-and-above leadership)."""
    IN_CHARGE_LEADER = "in_charge_leader"
    """分管领导 (the leader in charge of poverty work)."""
    UNIT_PRINCIPAL = "unit_principal"
    """主要负责人 of a department, assisting unit or poverty office."""
    UNIT_IN_CHARGE = "unit_in_charge"
    """分管负责人 of a department, assisting unit or poverty office."""
    STAFF = "staff"
    """一般工作人员 (ordinary staff; not covered by art. 2)."""
    LEADERSHIP_TEAM = "leadership_team"
    """领导班子 (the team as a whole; it loses award eligibility)."""

    @property
    def zh(self) -> str:
        """Chinese label."""
        return _ROLE_ZH[self]

    @property
    def en(self) -> str:
        """English label."""
        return self.value.replace("_", " ")


_ROLE_ZH: Final = {
    Role.PRINCIPAL_LEADER: "主要领导",
    Role.LEADERSHIP_MEMBER: "领导班子成员",
    Role.IN_CHARGE_LEADER: "分管领导",
    Role.UNIT_PRINCIPAL: "主要负责人",
    Role.UNIT_IN_CHARGE: "分管负责人",
    Role.STAFF: "工作人员",
    Role.LEADERSHIP_TEAM: "领导班子",
}


class Action(enum.Enum):
    """What is done to whom: a ladder step, a sanction proposal, or a consequence."""

    NOTICE = "notice"
    """通报 (circulated notice of criticism)."""
    NAMING = "naming"
    """点名 (naming)."""
    COACHING_INTERVIEW = "coaching_interview"
    """单兵教练约谈 (one-to-one coaching interview)."""
    ADMONITION = "admonition"
    """诫勉 (admonition). NOT a default step — it was not found for 双到; add it by override."""
    SANCTION = "sanction"
    """问责处理: a sanction proposal (the :class:`Sanction` is on the action)."""
    AWARD_INELIGIBLE = "award_ineligible"
    """取消当年评先评优资格: the leadership team loses that year's award eligibility."""
    DISCIPLINE_REFERRAL = "discipline_referral"
    """Referral for party or government discipline (党纪政纪处分), where due."""
    CRIMINAL_REFERRAL = "criminal_referral"
    """Referral to the judicial organs (移送司法机关) on suspicion of a crime."""

    @property
    def zh(self) -> str:
        """Chinese label."""
        return _ACTION_ZH[self]

    @property
    def en(self) -> str:
        """English label."""
        return _ACTION_EN[self]


_ACTION_ZH: Final = {
    Action.NOTICE: "通报",
    Action.NAMING: "点名",
    Action.COACHING_INTERVIEW: "单兵教练约谈",
    Action.ADMONITION: "诫勉",
    Action.SANCTION: "问责处理",
    Action.AWARD_INELIGIBLE: "取消当年评先评优资格",
    Action.DISCIPLINE_REFERRAL: "建议给予党纪政纪处分",
    Action.CRIMINAL_REFERRAL: "移送司法机关",
}
_ACTION_EN: Final = {
    Action.NOTICE: "circulated notice",
    Action.NAMING: "naming",
    Action.COACHING_INTERVIEW: "one-to-one coaching interview",
    Action.ADMONITION: "admonition",
    Action.SANCTION: "sanction proposal",
    Action.AWARD_INELIGIBLE: "loss of this year's award eligibility",
    Action.DISCIPLINE_REFERRAL: "referral for party or government discipline",
    Action.CRIMINAL_REFERRAL: "referral to the judicial organs",
}
_LADDER_ACTIONS: Final = frozenset(
    {Action.NOTICE, Action.NAMING, Action.COACHING_INTERVIEW, Action.ADMONITION}
)


class Sanction(enum.Enum):
    """Sanctions of S10 art. 9 (S9); their order is data (``accountability.sanctions``)."""

    PUBLIC_APOLOGY = "public_apology"
    """责令公开道歉 (ordered public apology; may be combined with others)."""
    SUSPENSION = "suspension"
    """停职检查 (suspension for self-examination)."""
    RESIGNATION = "resignation"
    """引咎辞职 (resignation to take responsibility)."""
    ORDERED_RESIGNATION = "ordered_resignation"
    """责令辞职 (ordered resignation)."""
    REMOVAL = "removal"
    """免职 (removal from post; the seed's 撤职, dismissal, is read as this)."""

    @property
    def zh(self) -> str:
        """Chinese label."""
        return _SANCTION_ZH[self]

    @property
    def en(self) -> str:
        """English label."""
        return _SANCTION_EN[self]


_SANCTION_ZH: Final = {
    Sanction.PUBLIC_APOLOGY: "责令公开道歉",
    Sanction.SUSPENSION: "停职检查",
    Sanction.RESIGNATION: "引咎辞职",
    Sanction.ORDERED_RESIGNATION: "责令辞职",
    Sanction.REMOVAL: "免职",
}
_SANCTION_EN: Final = {
    Sanction.PUBLIC_APOLOGY: "ordered public apology",
    Sanction.SUSPENSION: "suspension for self-examination",
    Sanction.RESIGNATION: "resignation to take responsibility",
    Sanction.ORDERED_RESIGNATION: "ordered resignation",
    Sanction.REMOVAL: "removal from post",
}


class AggravatingFactor(enum.Enum):
    """Factors that make a sanction heavier (从重, S10 art. 9)."""

    FALSE_STATEMENT = "false_statement"
    """作伪证或提供虚假情况 (false statements or evidence)."""
    RETALIATION = "retaliation"
    """打击报复投诉人 (retaliation against complainants)."""
    REFUSAL_TO_CORRECT = "refusal_to_correct"
    """拒不纠正 (refusal to correct)."""

    @property
    def zh(self) -> str:
        """Chinese label."""
        return {
            AggravatingFactor.FALSE_STATEMENT: "作伪证或提供虚假情况",
            AggravatingFactor.RETALIATION: "打击报复投诉人",
            AggravatingFactor.REFUSAL_TO_CORRECT: "拒不纠正",
        }[self]

    @property
    def en(self) -> str:
        """English label."""
        return {
            AggravatingFactor.FALSE_STATEMENT: "false statements or evidence",
            AggravatingFactor.RETALIATION: "retaliation against complainants",
            AggravatingFactor.REFUSAL_TO_CORRECT: "refusal to correct",
        }[self]


class IrregularityKind(enum.Enum):
    """The other accountability situations of S10 (funds, supervision, the poor list)."""

    MISDIRECTED_APPROVAL = "misdirected_approval"
    """资金审批失当 (misdirected fund approval)."""
    DELAYED_FUNDS = "delayed_funds"
    """拖延拨付资金 (delaying funds)."""
    WITHHELD_FUNDS = "withheld_funds"
    """截留资金 (withholding funds)."""
    MISUSED_FUNDS = "misused_funds"
    """挪用资金 (misusing funds)."""
    NO_SPENDING_PLAN = "no_spending_plan"
    """无资金使用计划 (no spending plan)."""
    NOT_SIGNED_FOR = "not_signed_for"
    """资金未经村委会主任和户主签收 (funds not signed for by village and household heads)."""
    WEAK_SUPERVISION = "weak_supervision"
    """反馈监督不力 (weak feedback or supervision)."""
    INACCURATE_POOR_LIST = "inaccurate_poor_list"
    """不团结或弄虚作假致贫困户名单不准 (disunity or falsification; inaccurate poor list)."""

    @property
    def zh(self) -> str:
        """Chinese label."""
        return _IRREGULARITY_ZH[self]

    @property
    def en(self) -> str:
        """English label."""
        return _IRREGULARITY_EN[self]


_IRREGULARITY_ZH: Final = {
    IrregularityKind.MISDIRECTED_APPROVAL: "资金审批失当",
    IrregularityKind.DELAYED_FUNDS: "拖延拨付资金",
    IrregularityKind.WITHHELD_FUNDS: "截留资金",
    IrregularityKind.MISUSED_FUNDS: "挪用资金",
    IrregularityKind.NO_SPENDING_PLAN: "无资金使用计划",
    IrregularityKind.NOT_SIGNED_FOR: "资金未经村委会主任和户主签收",
    IrregularityKind.WEAK_SUPERVISION: "反馈监督不力",
    IrregularityKind.INACCURATE_POOR_LIST: "贫困户名单不准确",
}
_IRREGULARITY_EN: Final = {
    IrregularityKind.MISDIRECTED_APPROVAL: "misdirected fund approval",
    IrregularityKind.DELAYED_FUNDS: "delayed funds",
    IrregularityKind.WITHHELD_FUNDS: "withheld funds",
    IrregularityKind.MISUSED_FUNDS: "misused funds",
    IrregularityKind.NO_SPENDING_PLAN: "no spending plan",
    IrregularityKind.NOT_SIGNED_FOR: "funds not signed for by village head and household head",
    IrregularityKind.WEAK_SUPERVISION: "weak feedback or supervision",
    IrregularityKind.INACCURATE_POOR_LIST: "inaccurate poor-household list",
}


class TriggerKind(enum.Enum):
    """The trigger families; ``accountability.trigger_roles`` says whom each holds to account."""

    FAIL_SHARE = "fail_share"
    """Too many failing villages (S9 situation 1)."""
    LEADER_VILLAGE = "leader_village"
    """The leadership did not each take charge of a village, 挂村办点 (S9 situation 2)."""
    FISCAL_GUARANTEE = "fiscal_guarantee"
    """No local fiscal budget guarantee for 双到 (S9 situation 3)."""
    FAILED_ASSESSMENT = "failed_assessment"
    """The body was rated failing at the annual assessment (seed p. 5)."""
    FUNDS = "funds"
    """One of the other situations of S10 (see :class:`IrregularityKind`)."""


# ---------------------------------------------------------------------------- records


def _side(value: object) -> Side:
    """Convert ``side`` (errors name the field)."""
    return convert_enum(Side, value, "side")


def _role(value: object) -> Role:
    """Convert ``role`` (errors name the field)."""
    return convert_enum(Role, value, "role")


def _body_kind(value: object) -> BodyKind:
    """Convert ``body_kind`` (errors name the field)."""
    return convert_enum(BodyKind, value, "body_kind")


def _irregularity_kind(value: object) -> IrregularityKind:
    """Convert ``kind`` (errors name the field)."""
    return convert_enum(IrregularityKind, value, "kind")


def _factor(value: object) -> AggravatingFactor:
    """Convert ``factor`` (errors name the field)."""
    return convert_enum(AggravatingFactor, value, "factor")


def _optional_money(value: object) -> Decimal | None:
    """Convert ``amount`` to exact yuan (``None`` stays ``None``)."""
    return None if value is None else money(value, field="amount")


def _level(_instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    """Validate a level name (one of :data:`LEVELS`)."""
    if not isinstance(value, str):
        raise InvalidTypeError(
            f"must be a level name, not {type(value).__name__}", field=attribute.name, value=value
        )
    if value not in LEVELS:
        raise InvalidRecordError(
            f"must be one of {', '.join(LEVELS)}", field=attribute.name, value=value
        )


def _flag(_instance: object, attribute: attrs.Attribute[bool], value: object) -> None:
    """Validate a boolean."""
    if not isinstance(value, bool):
        raise InvalidTypeError(
            f"must be true or false, not {type(value).__name__}", field=attribute.name, value=value
        )


def _optional_flag(
    instance: object, attribute: attrs.Attribute[bool | None], value: object
) -> None:
    """Validate an optional boolean (``None`` = not recorded)."""
    if value is not None:
        _flag(instance, attribute, value)  # type: ignore[arg-type]


def _optional_count(
    instance: object, attribute: attrs.Attribute[int | None], value: object
) -> None:
    """Validate an optional count >= 0."""
    if value is not None:
        at_least(0)(instance, attribute, value)


def _optional_year(
    _instance: object, attribute: attrs.Attribute[int | None], value: object
) -> None:
    """Validate an optional calendar year."""
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidTypeError(
            f"must be a year (int), not {type(value).__name__}", field=attribute.name, value=value
        )
    if not 1949 <= value <= 2100:
        raise InvalidRecordError(
            "must be a year between 1949 and 2100", field=attribute.name, value=value
        )


@model("official", "official_id")
@frozen
class Official:
    """A person who may be held to account: a role in a body, on one side (art. 2, S8).

    Attributes:
        official_id: Stable id of the person.
        role: Their :class:`Role` in the body.
        body_kind: The kind of body (:class:`BodyKind`).
        body_id: The body's id — an area id (``"C01-K03"``) or a unit id.
        level: The body's level, one of :data:`LEVELS`.
        side: :class:`Side` (assisting or assisted).
        name: Display name.

    Example:
        >>> Official(official_id="P1", role="principal_leader", body_kind="area",
        ...          body_id="K01", level="county", side="assisted").role
        <Role.PRINCIPAL_LEADER: 'principal_leader'>
    """

    official_id: str = field(validator=identifier)
    role: Role = field(converter=_role)
    body_kind: BodyKind = field(converter=_body_kind)
    body_id: str = field(validator=identifier)
    level: str = field(validator=_level)
    side: Side = field(default=Side.ASSISTED, converter=_side)
    name: str = field(default="", validator=text)

    def __attrs_post_init__(self) -> None:
        if self.role is Role.LEADERSHIP_TEAM:
            raise InvalidRecordError(
                "is the team as a whole, not a person's role", field="role", value=self.role.value
            )
        if self.body_kind is BodyKind.AREA and self.level == "central":
            raise InvalidRecordError(
                "must not be 'central' for an area", field="level", value=self.level
            )


@model("leader link", "leader_id")
@frozen
class LeaderLink:
    """One leader and the village they took charge of (挂村办点), or ``None``.

    Attributes:
        leader_id: The leader (a leadership member of the area).
        village_id: The village they took charge of, or ``None`` if none.
    """

    leader_id: str = field(validator=identifier)
    village_id: str | None = field(default=None, validator=optional_identifier)


@model("funding irregularity", "body_id")
@frozen
class FundingIrregularity:
    """Evidence of one of the other accountability situations of S10.

    The funding ledger's checks produce these; any other source of findings may too.

    Attributes:
        kind: :class:`IrregularityKind`.
        body_id: The area or unit responsible (the trigger is on this body only).
        village_id: The village concerned, if any.
        amount: Exact yuan concerned, if any.
        evidence_id: Id of the finding (an audit item, a ledger entry).
        note: What was found, in words.
        discipline_due: The finding warrants party or government discipline (党纪政纪).
        criminal_suspected: The finding is suspected to be a crime (移送司法机关).
    """

    kind: IrregularityKind = field(converter=_irregularity_kind)
    body_id: str = field(validator=identifier)
    village_id: str | None = field(default=None, validator=optional_identifier)
    amount: Decimal | None = field(default=None, converter=_optional_money)
    evidence_id: str = field(default="", validator=text)
    note: str = field(default="", validator=text)
    discipline_due: bool = field(default=False, validator=_flag)
    criminal_suspected: bool = field(default=False, validator=_flag)


@model("aggravation", "official_id")
@frozen
class Aggravation:
    """An aggravating factor found against one official (从重情节, S10 art. 9).

    Attributes:
        official_id: The official it was found against.
        factor: :class:`AggravatingFactor`.
        note: What was found.
    """

    official_id: str = field(validator=identifier)
    factor: AggravatingFactor = field(converter=_factor)
    note: str = field(default="", validator=text)


def _leader_links(value: object) -> tuple[LeaderLink, ...] | None:
    """Convert a mapping ``leader → village | None`` or links into a sorted tuple."""
    if value is None:
        return None
    if isinstance(value, Mapping):
        links = [LeaderLink(leader_id=k, village_id=v) for k, v in value.items()]
    else:
        links = []
        for item in as_iterable(value, "leaders"):
            if not isinstance(item, LeaderLink):
                raise InvalidTypeError(
                    f"must hold LeaderLink records, not {type(item).__name__}",
                    field="leaders",
                    value=item,
                )
            links.append(item)
    seen: set[str] = set()
    for link in links:
        if link.leader_id in seen:
            raise InvalidRecordError(
                "must not repeat a leader", field="leaders", value=link.leader_id
            )
        seen.add(link.leader_id)
    return tuple(sorted(links, key=lambda link: link.leader_id))


def _irregularities(value: object) -> tuple[FundingIrregularity, ...]:
    """Convert to a tuple of :class:`FundingIrregularity`."""
    items = tuple(as_iterable(value, "irregularities"))
    for item in items:
        if not isinstance(item, FundingIrregularity):
            raise InvalidTypeError(
                f"must hold FundingIrregularity records, not {type(item).__name__}",
                field="irregularities",
                value=item,
            )
    return items  # type: ignore[return-value]


def _aggravations(value: object) -> tuple[Aggravation, ...]:
    """Convert to a tuple of :class:`Aggravation`."""
    items = tuple(as_iterable(value, "aggravations"))
    for item in items:
        if not isinstance(item, Aggravation):
            raise InvalidTypeError(
                f"must hold Aggravation records, not {type(item).__name__}",
                field="aggravations",
                value=item,
            )
    return items  # type: ignore[return-value]


@model("accountability record", "body_id")
@frozen
class AccountabilityRecord:
    """One annual assessment of one body, with the accountability evidence found that year.

    Evidence left as ``None`` was not recorded and its trigger is not evaluated (it is not
    assumed to be fine); :func:`evaluate_triggers` lists exactly the triggers evaluated.

    Attributes:
        body_id: The area or unit assessed.
        body_kind: :class:`BodyKind`.
        level: The body's level (:data:`LEVELS`).
        assessment_number: Which annual assessment of the round (1st, 2nd, 3rd...).
        side: :class:`Side`.
        year: Calendar year of the assessment, if known.
        failed: Villages rated failing (不及格) in the body's area (with ``total``).
        total: Villages assessed.
        rated_failing: Whether the body itself was rated failing (不合格).
        leaders: Each leadership member and the village they took charge of (挂村办点);
            a mapping ``leader_id → village_id | None`` is accepted.
        fiscal_guarantee: Whether the local budget guaranteed 双到 funds.
        irregularities: Findings of the other S10 situations (all on this body).
        aggravations: Aggravating factors found against this body's officials.

    Example:
        >>> r = AccountabilityRecord(body_id="K01", body_kind="area", level="county",
        ...                          assessment_number=1, failed=12, total=20,
        ...                          leaders={"L1": "V1", "L2": None})
        >>> [link.village_id for link in r.leaders]
        ['V1', None]
    """

    body_id: str = field(validator=identifier)
    body_kind: BodyKind = field(converter=_body_kind)
    level: str = field(validator=_level)
    assessment_number: int = field(validator=at_least(1))
    side: Side = field(default=Side.ASSISTED, converter=_side)
    year: int | None = field(default=None, validator=_optional_year)
    failed: int | None = field(default=None, validator=_optional_count)
    total: int | None = field(default=None, validator=_optional_count)
    rated_failing: bool | None = field(default=None, validator=_optional_flag)
    leaders: tuple[LeaderLink, ...] | None = field(default=None, converter=_leader_links)
    fiscal_guarantee: bool | None = field(default=None, validator=_optional_flag)
    irregularities: tuple[FundingIrregularity, ...] = field(default=(), converter=_irregularities)
    aggravations: tuple[Aggravation, ...] = field(default=(), converter=_aggravations)

    def __attrs_post_init__(self) -> None:
        if (self.failed is None) != (self.total is None):
            raise InvalidRecordError(
                "must be given together with failed", field="total", value=self.total
            )
        if self.total is not None and self.failed is not None:
            _check_counts(self.failed, self.total, record=None)
        for item in self.irregularities:
            if item.body_id != self.body_id:
                raise InvalidRecordError(
                    f"names body {item.body_id!r}, not this record's body",
                    field="irregularities",
                    value=item.evidence_id or item.kind.value,
                )


def _check_counts(failed: int, total: int, *, record: str | None) -> None:
    if isinstance(failed, bool) or not isinstance(failed, int):
        raise InvalidTypeError("must be an integer", record=record, field="failed", value=failed)
    if isinstance(total, bool) or not isinstance(total, int):
        raise InvalidTypeError("must be an integer", record=record, field="total", value=total)
    if total < 1:
        raise InvalidRecordError("must be >= 1", record=record, field="total", value=total)
    if not 0 <= failed <= total:
        raise InvalidRecordError(
            f"must be between 0 and total={total}", record=record, field="failed", value=failed
        )


# ---------------------------------------------------------------------------- policy data


@frozen
class _Policy:
    """The parsed escalation policy (every choice read from the standards)."""

    ladder: tuple[str, ...]
    scale: tuple[Action | Sanction, ...]
    sanction_start: int
    per_step: int
    on_improvement: str
    entry: int
    overflow: str
    aggravation_steps: int
    aggravation_scope: str
    award_from: int
    combinable: tuple[Sanction, ...]
    targets: Mapping[TriggerKind, tuple[Role, ...]]


def _parse_policy(s: Standards) -> _Policy:
    ladder = tuple(s.value("accountability.ladder"))
    if not ladder:
        raise StandardsError("must have at least one step", field="accountability.ladder")
    steps: list[Action] = []
    for index, name in enumerate(ladder):
        if name == "sanction":
            if index != len(ladder) - 1:
                raise StandardsError(
                    "'sanction' must be the last step", field="accountability.ladder", value=ladder
                )
            continue
        try:
            action = Action(name)
        except ValueError:
            action = None
        if action not in _LADDER_ACTIONS:
            raise StandardsError(
                "steps must be notice, naming, coaching_interview, admonition or sanction",
                field="accountability.ladder",
                value=name,
            )
        assert action is not None
        if action in steps:
            raise StandardsError(
                "must not repeat a step", field="accountability.ladder", value=name
            )
        steps.append(action)
    sanctions: list[Sanction] = []
    for name in s.value("accountability.sanctions"):
        try:
            sanctions.append(Sanction(name))
        except ValueError:
            raise StandardsError(
                "is not a sanction", field="accountability.sanctions", value=name
            ) from None
    if len(set(sanctions)) != len(sanctions) or not sanctions:
        raise StandardsError(
            "must list each sanction once", field="accountability.sanctions", value=sanctions
        )
    has_sanction = ladder[-1] == "sanction"
    scale: tuple[Action | Sanction, ...] = tuple(steps) + (tuple(sanctions) if has_sanction else ())
    sanction_start = len(steps) if has_sanction else len(scale)
    entry_name = s.value("accountability.sanction_entry")
    if Sanction(entry_name) not in sanctions:
        raise StandardsError(
            "is not in accountability.sanctions",
            field="accountability.sanction_entry",
            value=entry_name,
        )
    award_name = s.value("accountability.award_loss_from")
    if award_name not in ladder:
        raise StandardsError(
            "is not a step of accountability.ladder",
            field="accountability.award_loss_from",
            value=award_name,
        )
    award_from = sanction_start if award_name == "sanction" else ladder.index(award_name)
    return _Policy(
        ladder=ladder,
        scale=scale,
        sanction_start=sanction_start,
        per_step=int(s.value("accountability.failures_per_step")),
        on_improvement=s.value("accountability.on_improvement"),
        entry=sanctions.index(Sanction(entry_name)),
        overflow=s.value("accountability.sanction_overflow"),
        aggravation_steps=int(s.value("accountability.aggravation_steps")),
        aggravation_scope=s.value("accountability.aggravation_scope"),
        award_from=award_from,
        combinable=tuple(Sanction(name) for name in s.value("accountability.combinable_sanctions")),
        targets=_parse_targets(s),
    )


def _split(entry: str, parts: int, key: str) -> list[list[str]]:
    pieces = entry.split(":")
    if len(pieces) != parts or not all(pieces):
        raise StandardsError(
            f"entries must have {parts} ':'-separated parts", field=key, value=entry
        )
    return [[item.strip() for item in piece.split(",")] for piece in pieces]


def _roles(names: Iterable[str], key: str) -> tuple[Role, ...]:
    roles = []
    for name in names:
        try:
            roles.append(Role(name))
        except ValueError:
            raise StandardsError("is not a role", field=key, value=name) from None
    return tuple(roles)


def _parse_targets(s: Standards) -> Mapping[TriggerKind, tuple[Role, ...]]:
    key = "accountability.trigger_roles"
    targets: dict[TriggerKind, tuple[Role, ...]] = {}
    for entry in s.value(key):
        (trigger_names, role_names) = _split(entry, 2, key)
        for trigger_name in trigger_names:
            try:
                trigger = TriggerKind(trigger_name)
            except ValueError:
                raise StandardsError("is not a trigger", field=key, value=trigger_name) from None
            targets[trigger] = targets.get(trigger, ()) + _roles(role_names, key)
    return targets


def _coverage(s: Standards) -> frozenset[tuple[BodyKind, str, Role]]:
    key = "accountability.coverage"
    covered: set[tuple[BodyKind, str, Role]] = set()
    for entry in s.value(key):
        (bodies, levels, role_names) = _split(entry, 3, key)
        for body in bodies:
            try:
                kind = BodyKind(body)
            except ValueError:
                raise StandardsError("is not a body kind", field=key, value=body) from None
            for level in levels:
                if level not in LEVELS:
                    raise StandardsError("is not a level", field=key, value=level)
                for role in _roles(role_names, key):
                    covered.add((kind, level, role))
    return frozenset(covered)


def severity_scale(*, standards: Standards | None = None) -> tuple[Action | Sanction, ...]:
    """Return the combined severity scale, mildest first: ladder steps, then sanctions.

    An action's :attr:`ActionDecision.severity` is its 1-based position on this scale
    (consequences such as referrals have severity 0). Both parts are data:
    ``accountability.ladder`` and ``accountability.sanctions``.

    Policy: SEED p. 5 (the ladder as applied); S9; S10 art. 9 (sanctions).

    Example:
        >>> [item.value for item in severity_scale()][:4]
        ['notice', 'naming', 'coaching_interview', 'public_apology']
    """
    return _parse_policy(standards or default_standards()).scale


# ---------------------------------------------------------------------------- who is covered


def is_covered(official: Official, *, standards: Standards | None = None) -> Decision:
    """Decide whether art. 2 of the measures covers ``official``.

    Covered, on both sides: county-and-above party/government leadership members; township
    principal and in-charge leaders; principal and in-charge leaders of county-and-above
    departments (units) and poverty offices (``accountability.coverage``,
    ``accountability.covered_sides``).

    Policy: S8 art. 2.

    Example:
        >>> staff = Official(official_id="P9", role="staff", body_kind="area", body_id="K01",
        ...                  level="county")
        >>> is_covered(staff).outcome
        False
    """
    s = standards or default_standards()
    return _coverage_decision(
        s,
        subject_id=official.official_id,
        body_kind=official.body_kind,
        level=official.level,
        role=official.role,
        side=official.side,
    )


def _coverage_decision(
    s: Standards, *, subject_id: str, body_kind: BodyKind, level: str, role: Role, side: Side
) -> Decision:
    citation = s.citation("accountability.coverage")
    covered = (body_kind, level, role) in _coverage(s)
    sides = tuple(s.value("accountability.covered_sides"))
    reasons = [
        Reason.flag(
            criterion="accountability.coverage.role",
            label_en="role covered at this level",
            label_zh="职务在问责范围内",
            citation=citation,
            observed=covered,
            note_en=f"{role.en} of a {level} {body_kind.value.replace('_', ' ')}"
            + ("" if covered else "; art. 2 does not list this role at this level"),
            note_zh=f"{_LEVEL_ZH[level]}{body_kind.zh}{role.zh}"
            + ("" if covered else "；第二条未列此级别此职务"),
            parameter="accountability.coverage",
        ),
        Reason.flag(
            criterion="accountability.coverage.side",
            label_en="side covered",
            label_zh="所在一方在问责范围内",
            citation=s.citation("accountability.covered_sides"),
            observed=side.value in sides,
            note_en=side.en,
            note_zh=side.zh,
            parameter="accountability.covered_sides",
        ),
    ]
    return decide(
        rule="accountability.coverage",
        subject_kind="official",
        subject_id=subject_id,
        title_en="person covered by the accountability measures",
        title_zh="问责对象",
        reasons=reasons,
        citation=citation,
        standards=s,
        code="covered" if all(r.holds for r in reasons) else None,
    )


# ---------------------------------------------------------------------------- triggers


BodyRef = str | AdminArea | AssistingUnit
"""A body as a trigger's subject: its id, an :class:`AdminArea` or an :class:`AssistingUnit`."""


def _subject(body: BodyRef) -> tuple[str, str]:
    if isinstance(body, AdminArea):
        return body.level.value, body.area_id
    if isinstance(body, AssistingUnit):
        return "unit", body.unit_id
    if isinstance(body, str) and body:
        return "area", body
    raise InvalidTypeError(
        "must be an id, an AdminArea or an AssistingUnit", field="body", value=body
    )


def _regional_citation(s: Standards, situation: int) -> Citation:
    citation = s.citation("accountability.regional_triggers")
    return attrs.evolve(citation, article=f"situation {situation} for regional principal leaders")


def _trigger(
    s: Standards,
    *,
    kind: TriggerKind,
    body: BodyRef,
    reasons: Sequence[Reason],
    citation: Citation,
    title_en: str,
    title_zh: str,
    name: str | None = None,
) -> Decision:
    subject_kind, subject_id = _subject(body)
    holds = any(r.holds for r in reasons)
    code = f"triggered:{name or kind.value}" if holds else f"not_triggered:{name or kind.value}"
    return decide(
        rule=f"accountability.trigger.{kind.value}",
        subject_kind=subject_kind,
        subject_id=subject_id,
        title_en=f"case for accountability ({title_en})",
        title_zh=f"问责情形（{title_zh}）",
        reasons=reasons,
        citation=citation,
        standards=s,
        code=code,
        value=name or kind.value,
    )


_PASSING: Final = frozenset({"pass", "passed", "good", "excellent", "及格", "合格", "良好", "优秀"})
_FAILING: Final = frozenset({"fail", "failed", "不及格", "不合格"})


def _passed(village_id: object, result: object) -> bool:
    if isinstance(result, Decision):
        # An assessment decision (shuangdao.rules.assessment.assess): its outcome is the pass.
        return result.outcome
    value = getattr(result, "value", result)
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in _PASSING:
        return True
    if isinstance(value, str) and value.lower() in _FAILING:
        return False
    raise InvalidRecordError(
        "must be a pass/fail result (True/False, an assessment decision, a grade such as "
        "'pass', 'good', 'excellent', 'fail', 及格, 合格, 不及格, 不合格)",
        record=f"village {village_id}",
        field="result",
        value=result,
    )


def _percent(numerator: Decimal) -> tuple[Decimal, bool]:
    """Return ``numerator`` quantized to 0.01 and whether that was exact."""
    rounded = numerator.quantize(Decimal("0.01"))
    exact = rounded == numerator
    if rounded == rounded.to_integral_value():
        return Decimal(int(rounded)), exact
    return rounded.normalize(), exact


def fail_share_trigger(
    area: BodyRef,
    *,
    assessment_number: int,
    failed: int | None = None,
    total: int | None = None,
    results: Mapping[str, object] | None = None,
    standards: Standards | None = None,
) -> Decision:
    """Decide whether too many of an area's villages failed the annual assessment.

    The share of failing villages "reaches" 50 % at the 1st assessment, 40 % at the 2nd,
    20 % at the 3rd (``accountability.fail_share_thresholds``); "reaches" is read as >=
    (``accountability.fail_share_comparator``, recalled). The comparison is exact:
    ``failed`` against ``threshold × total`` in Decimal, so 10 of 20 reaches 50 %.

    Args:
        area: The city, county or township (id or :class:`AdminArea`).
        assessment_number: Which annual assessment (1, 2, 3; later ones need data).
        failed: Villages rated failing (with ``total``), or
        total: Villages assessed.
        results: Instead of counts, ``village_id → result``: an assessment
            :class:`~shuangdao.explain.Decision` (its outcome), ``True``/``False``, or a grade
            (``"pass"``/``"good"``/``"excellent"``/及格/合格/良好/优秀 passed;
            ``"fail"``/不及格/不合格 failed; an enum's ``.value`` is read).
        standards: Standards to use (default: :func:`default_standards`).

    Returns:
        A decision whose outcome is True when the trigger holds; the reason names the counts.

    Raises:
        InvalidRecordError: Counts missing, both counts and results given, or inconsistent.
        MissingParameterError: No threshold for this assessment number.

    Policy: S9 situation 1; S13.

    Example:
        >>> fail_share_trigger("K01", assessment_number=1, failed=9, total=20).outcome
        False
        >>> fail_share_trigger("K01", assessment_number=3, failed=4, total=20).outcome
        True
    """
    s = standards or default_standards()
    _, subject_id = _subject(area)
    record = f"area {subject_id}"
    if results is not None:
        if failed is not None or total is not None:
            raise InvalidRecordError(
                "give either failed and total, or results, not both",
                record=record,
                field="results",
                rule="accountability.trigger.fail_share",
            )
        total = len(results)
        failed = sum(
            1 for village, result in sorted(results.items()) if not _passed(village, result)
        )
    if failed is None or total is None:
        raise InvalidRecordError(
            "needs failed and total (or results)",
            record=record,
            field="failed" if failed is None else "total",
            rule="accountability.trigger.fail_share",
        )
    _check_counts(failed, total, record=record)
    if isinstance(assessment_number, bool) or not isinstance(assessment_number, int):
        raise InvalidTypeError(
            "must be an integer", record=record, field="assessment_number", value=assessment_number
        )
    thresholds = s.value("accountability.fail_share_thresholds")
    key = str(assessment_number)
    if key not in thresholds:
        raise MissingParameterError(
            f"has no threshold for the {_ordinal(assessment_number)} assessment "
            f"(assessments: {', '.join(sorted(thresholds))}); override "
            "accountability.fail_share_thresholds with a table that includes it",
            field="accountability.fail_share_thresholds",
            value=assessment_number,
            rule="accountability.trigger.fail_share",
        )
    threshold: Decimal = thresholds[key]
    comparator: Comparator = s.value("accountability.fail_share_comparator")
    holds = comparator.holds(Decimal(failed) * 100, threshold * 100 * total)
    share, exact = _percent(Decimal(failed) * 100 / Decimal(total))
    threshold_pct, _ = _percent(threshold * 100)
    comparator_tag = s.param("accountability.fail_share_comparator").certainty
    approx_en = "" if exact else " (share rounded for display; decided exactly)"
    approx_zh = "" if exact else "（比例四舍五入显示，判定按精确值）"
    reason = Reason.compare(
        "accountability.fail_share",
        observed=share,
        threshold=threshold_pct,
        comparator=comparator,
        holds=holds,
        margin=share - threshold_pct,
        unit="%",
        label_en="share of failing villages",
        label_zh="不合格村比例",
        parameter="accountability.fail_share_thresholds",
        citation=s.citation("accountability.fail_share_thresholds"),
        note_en=(
            f"{failed} of {total} villages failed at the {_ordinal(assessment_number)} "
            f"assessment ('reaches' read as {comparator.symbol}, {comparator_tag.value})"
            f"{approx_en}"
        ),
        note_zh=(
            f"第{assessment_number}次考核{total}个村中{failed}个不合格"
            f"（“达到”按{comparator.symbol}理解，{comparator_tag.zh}）{approx_zh}"
        ),
    )
    return _trigger(
        s,
        kind=TriggerKind.FAIL_SHARE,
        body=area,
        reasons=[reason],
        citation=_regional_citation(s, 1),
        title_en="too many failing villages",
        title_zh="不合格村比例过高",
    )


def leader_village_trigger(
    area: BodyRef,
    *,
    links: Mapping[str, str | None] | Iterable[Pairing | LeaderLink],
    leaders: Iterable[str] | None = None,
    on: dt.date | None = None,
    standards: Standards | None = None,
) -> Decision:
    """Decide whether an area's leadership did not each take charge of a village (挂村办点).

    Args:
        area: The city, county or township (id or :class:`AdminArea`).
        links: ``leader_id → village_id | None``, or :class:`LeaderLink` s, or ledger
            :class:`~shuangdao.model.Pairing` s. Only leader → village pairings are evidence
            for this trigger (other kinds are not read), and with ``on`` only those in
            force on that date.
        leaders: The leadership members who must each take a village. Default: every leader
            that appears in ``links`` — pass it to catch leaders absent from a ledger.
        on: Date the pairings must be in force on (pairings only).
        standards: Standards to use.

    Raises:
        InvalidRecordError: No leaders to check.

    Policy: S9 situation 2.

    Example:
        >>> d = leader_village_trigger("K01", links={"L1": "V1", "L2": None})
        >>> d.outcome, d.reasons[0].observed
        (True, 'L2')
    """
    s = standards or default_standards()
    _, subject_id = _subject(area)
    villages: dict[str, list[str]] = {}
    if isinstance(links, Mapping):
        for leader, village in links.items():
            link = LeaderLink(leader_id=leader, village_id=village)
            villages.setdefault(link.leader_id, [])
            if link.village_id is not None:
                villages[link.leader_id].append(link.village_id)
    else:
        for item in as_iterable(links, "links"):
            if isinstance(item, LeaderLink):
                villages.setdefault(item.leader_id, [])
                if item.village_id is not None:
                    villages[item.leader_id].append(item.village_id)
            elif isinstance(item, Pairing):
                if (
                    item.assisting_kind is not PartyKind.LEADER
                    or item.assisted_kind is not PartyKind.VILLAGE
                ):
                    continue
                villages.setdefault(item.assisting_id, [])
                if on is None or item.active_on(on):
                    villages[item.assisting_id].append(item.assisted_id)
            else:
                raise InvalidTypeError(
                    f"must hold LeaderLink or Pairing records, not {type(item).__name__}",
                    record=f"area {subject_id}",
                    field="links",
                    value=item,
                )
    required = sorted(set(leaders) if leaders is not None else set(villages))
    if not required:
        raise InvalidRecordError(
            "has no leaders to check",
            record=f"area {subject_id}",
            field="leaders",
            rule="accountability.trigger.leader_village",
        )
    missing = [leader for leader in required if not villages.get(leader)]
    took = len(required) - len(missing)
    citation = _regional_citation(s, 2)
    reason = Reason(
        criterion="accountability.leader_village",
        holds=bool(missing),
        label_en="leaders who took charge of no village (挂村办点)",
        label_zh="未挂村办点的领导",
        citation=citation,
        observed=", ".join(missing) if missing else "none",
        unit="",
        parameter="accountability.regional_triggers",
        note_en=f"{took} of {len(required)} leaders took charge of a village",
        note_zh=f"{len(required)}名领导中{took}名挂村办点",
    )
    return _trigger(
        s,
        kind=TriggerKind.LEADER_VILLAGE,
        body=area,
        reasons=[reason],
        citation=citation,
        title_en="the leadership did not each take charge of a village",
        title_zh="领导班子成员未各挂村办点",
    )


def fiscal_guarantee_trigger(
    area: BodyRef, *, has_guarantee: bool, standards: Standards | None = None
) -> Decision:
    """Decide whether the area lacked a local fiscal budget guarantee for 双到.

    Args:
        area: The city, county or township (id or :class:`AdminArea`).
        has_guarantee: Whether the local budget guaranteed 双到 funds that year.
        standards: Standards to use.

    Policy: S9 situation 3.

    Example:
        >>> fiscal_guarantee_trigger("K01", has_guarantee=False).outcome
        True
    """
    s = standards or default_standards()
    _, subject_id = _subject(area)
    if not isinstance(has_guarantee, bool):
        raise InvalidTypeError(
            "must be true or false",
            record=f"area {subject_id}",
            field="has_guarantee",
            value=has_guarantee,
        )
    citation = _regional_citation(s, 3)
    reason = Reason(
        criterion="accountability.fiscal_guarantee",
        holds=not has_guarantee,
        label_en="no local fiscal budget guarantee for 双到",
        label_zh="无地方财政预算保障",
        citation=citation,
        observed="missing" if not has_guarantee else "present",
        parameter="accountability.regional_triggers",
        note_en="the local budget did not guarantee 双到 funds"
        if not has_guarantee
        else "the local budget guaranteed 双到 funds",
        note_zh="地方财政未安排“双到”预算" if not has_guarantee else "地方财政已安排“双到”预算",
    )
    return _trigger(
        s,
        kind=TriggerKind.FISCAL_GUARANTEE,
        body=area,
        reasons=[reason],
        citation=citation,
        title_en="no local fiscal guarantee",
        title_zh="无地方财政保障",
    )


def failed_assessment_trigger(
    body: BodyRef, *, rated_failing: bool, standards: Standards | None = None
) -> Decision:
    """Decide whether a city, county or assisting unit was rated failing (考核不合格).

    The seed article (p. 5): principal and responsible leaders of cities, counties and
    assisting units rated failing receive a notice, are named or are interviewed.
    ``accountability.failed_assessment_applies`` turns the trigger off when false.

    Policy: SEED p. 5.

    Example:
        >>> failed_assessment_trigger("U01", rated_failing=True).outcome
        True
    """
    s = standards or default_standards()
    _, subject_id = _subject(body)
    if not isinstance(rated_failing, bool):
        raise InvalidTypeError(
            "must be true or false",
            record=f"body {subject_id}",
            field="rated_failing",
            value=rated_failing,
        )
    applies = bool(s.value("accountability.failed_assessment_applies"))
    citation = s.citation("accountability.failed_assessment_applies")
    reason = Reason(
        criterion="accountability.failed_assessment",
        holds=rated_failing and applies,
        label_en="rated failing at the annual assessment",
        label_zh="年度考核不合格",
        citation=citation,
        observed=rated_failing,
        parameter="accountability.failed_assessment_applies",
        note_en="" if applies else "this trigger is switched off by the standards",
        note_zh="" if applies else "标准已关闭此情形",
    )
    return _trigger(
        s,
        kind=TriggerKind.FAILED_ASSESSMENT,
        body=body,
        reasons=[reason],
        citation=citation,
        title_en="rated failing",
        title_zh="考核不合格",
    )


def funds_triggers(
    body: BodyRef,
    *,
    irregularities: Iterable[FundingIrregularity],
    standards: Standards | None = None,
) -> tuple[Decision, ...]:
    """Decide each of the other S10 situations from :class:`FundingIrregularity` evidence.

    Returns one decision per kind listed in ``accountability.irregularity_kinds``, in that
    order; it holds when at least one finding of that kind is on ``body``, with one reason
    per finding (amount, village, evidence id).

    Raises:
        InvalidRecordError: A finding names another body (it cannot be held against this one).

    Policy: S10 arts. 8–12 (provincial or local copy uncertain); S13.

    Example:
        >>> found = FundingIrregularity(kind="misused_funds", body_id="K01", amount="5000")
        >>> [d.code for d in funds_triggers("K01", irregularities=[found]) if d.outcome]
        ['triggered:funds.misused_funds']
    """
    s = standards or default_standards()
    _, subject_id = _subject(body)
    findings = _irregularities(irregularities)
    for item in findings:
        if item.body_id != subject_id:
            raise InvalidRecordError(
                f"names body {item.body_id!r}, not {subject_id!r}",
                record=f"funding irregularity {item.evidence_id or item.kind.value}",
                field="body_id",
                value=item.body_id,
                rule="accountability.trigger.funds",
            )
    citation = s.citation("accountability.irregularity_kinds")
    decisions = []
    for name in s.value("accountability.irregularity_kinds"):
        try:
            kind = IrregularityKind(name)
        except ValueError:
            raise StandardsError(
                "is not an irregularity kind", field="accountability.irregularity_kinds", value=name
            ) from None
        reasons = []
        for item in (f for f in findings if f.kind is kind):
            where_en = f" in village {item.village_id}" if item.village_id else ""
            where_zh = f"（村{item.village_id}）" if item.village_id else ""
            amount_en = f", {item.amount:,} yuan" if item.amount is not None else ""
            amount_zh = f"，金额{item.amount:,}元" if item.amount is not None else ""
            ref = f" [{item.evidence_id}]" if item.evidence_id else ""
            reasons.append(
                Reason(
                    criterion=f"accountability.funds.{kind.value}",
                    holds=True,
                    label_en=kind.en,
                    label_zh=kind.zh,
                    citation=citation,
                    observed="found",
                    parameter="accountability.irregularity_kinds",
                    note_en=f"found{where_en}{amount_en}{ref}"
                    + (f": {item.note}" if item.note else ""),
                    note_zh=f"查实{where_zh}{amount_zh}{ref}"
                    + (f"：{item.note}" if item.note else ""),
                )
            )
        if not reasons:
            reasons.append(
                Reason(
                    criterion=f"accountability.funds.{kind.value}",
                    holds=False,
                    label_en=kind.en,
                    label_zh=kind.zh,
                    citation=citation,
                    observed="not found",
                    parameter="accountability.irregularity_kinds",
                )
            )
        decisions.append(
            _trigger(
                s,
                kind=TriggerKind.FUNDS,
                body=body,
                reasons=reasons,
                citation=citation,
                title_en=kind.en,
                title_zh=kind.zh,
                name=f"funds.{kind.value}",
            )
        )
    return tuple(decisions)


def _record_body(record: AccountabilityRecord) -> BodyRef:
    return record.body_id


def evaluate_triggers(
    record: AccountabilityRecord, *, standards: Standards | None = None
) -> tuple[Decision, ...]:
    """Run every trigger ``record`` has evidence for, in a fixed order.

    Fail share (if ``failed``/``total`` are given; areas only), leaders' villages (if
    ``leaders`` is given), fiscal guarantee (if recorded), failed assessment (if recorded),
    then the S10 situations (always: no findings means none holds). A trigger whose
    evidence is ``None`` was not evaluated and is absent from the result.

    Policy: S9 situations 1–3; S10; SEED p. 5.

    Example:
        >>> r = AccountabilityRecord(body_id="K01", body_kind="area", level="county",
        ...                          assessment_number=2, failed=8, total=20)
        >>> [d.code for d in evaluate_triggers(r) if d.outcome]
        ['triggered:fail_share']
    """
    s = standards or default_standards()
    body = _record_body(record)
    decisions: list[Decision] = []
    if record.failed is not None and record.total is not None:
        if record.body_kind is not BodyKind.AREA:
            raise InvalidRecordError(
                "applies to a city, county or township only (S9); rate a unit with rated_failing",
                record=f"accountability record {record.body_id}",
                field="failed",
                value=record.failed,
            )
        decisions.append(
            fail_share_trigger(
                body,
                assessment_number=record.assessment_number,
                failed=record.failed,
                total=record.total,
                standards=s,
            )
        )
    if record.leaders is not None:
        decisions.append(leader_village_trigger(body, links=record.leaders, standards=s))
    if record.fiscal_guarantee is not None:
        decisions.append(
            fiscal_guarantee_trigger(body, has_guarantee=record.fiscal_guarantee, standards=s)
        )
    if record.rated_failing is not None:
        decisions.append(
            failed_assessment_trigger(body, rated_failing=record.rated_failing, standards=s)
        )
    decisions.extend(funds_triggers(body, irregularities=record.irregularities, standards=s))
    return tuple(decisions)


# ---------------------------------------------------------------------------- actions


def _reasons(value: Iterable[Reason]) -> tuple[Reason, ...]:
    """Convert to a tuple."""
    return tuple(value)


def _sanctions(value: Iterable[Sanction]) -> tuple[Sanction, ...]:
    """Convert to a tuple."""
    return tuple(value)


def _factors(value: Iterable[AggravatingFactor]) -> tuple[AggravatingFactor, ...]:
    """Convert to a tuple."""
    return tuple(value)


def _strs(value: Iterable[str]) -> tuple[str, ...]:
    """Convert to a tuple."""
    return tuple(value)


@frozen
class ActionDecision:
    """One action the accountability rules call for: who, what, why and the clause.

    Attributes:
        action: What is done (:class:`Action`).
        sanction: The proposed :class:`Sanction` when ``action`` is ``SANCTION``.
        role: The role held to account (``LEADERSHIP_TEAM`` for the team as a whole).
        body_kind: The kind of body.
        body_id: The body the trigger is on; the person is always of this body.
        level: The body's level.
        side: The body's side.
        official_id: The person, or ``None`` when addressed to the role (no person given).
        severity: 1-based position on :func:`severity_scale` (0 for consequences such as
            referrals and loss of award eligibility).
        assessment_number: The assessment the action follows.
        year: Its calendar year, if known.
        triggers: Codes of the trigger decisions that explain it.
        combinable_with: Sanctions that may be added to a proposed sanction.
        aggravating: Aggravating factors that raised it.
        decision: The explained decision (reasons: triggers, coverage, ladder, aggravation).
    """

    action: Action
    role: Role
    body_kind: BodyKind
    body_id: str
    level: str
    side: Side
    severity: int
    assessment_number: int
    decision: Decision
    sanction: Sanction | None = None
    official_id: str | None = None
    year: int | None = None
    triggers: tuple[str, ...] = field(default=(), converter=_strs)
    combinable_with: tuple[Sanction, ...] = field(default=(), converter=_sanctions)
    aggravating: tuple[AggravatingFactor, ...] = field(default=(), converter=_factors)

    @property
    def citation(self) -> Citation:
        """The clause the action rests on."""
        return self.decision.citation

    def what(self, lang: Lang = "en") -> str:
        """The action in words (``"sanction proposal: ordered public apology"``)."""
        if lang == "zh":
            text = self.action.zh
            if self.sanction is not None:
                text += f"：{self.sanction.zh}"
            if self.combinable_with:
                text += "（可并处" + "、".join(c.zh for c in self.combinable_with) + "）"
            return text
        text = self.action.en
        if self.sanction is not None:
            text += f": {self.sanction.en}"
        if self.combinable_with:
            text += " (may be combined with " + ", ".join(c.en for c in self.combinable_with) + ")"
        return text

    def who(self, lang: Lang = "en") -> str:
        """Who is held to account (``"principal leader P1 of county K01 (assisted side)"``)."""
        if lang == "zh":
            body = self.level and _LEVEL_ZH.get(self.level, self.level)
            kind = "" if self.body_kind is BodyKind.AREA else self.body_kind.zh
            person = f"（{self.official_id}）" if self.official_id else ""
            return f"{self.side.zh}{body}{kind}{self.body_id}{self.role.zh}{person}"
        kind = (
            "" if self.body_kind is BodyKind.AREA else f" {self.body_kind.value.replace('_', ' ')}"
        )
        person = f" {self.official_id}" if self.official_id else ""
        return f"{self.role.en}{person} of {self.level}{kind} {self.body_id} ({self.side.en})"

    def explain(self, lang: Lang = "en") -> str:
        """Return who, what, why and the clause, in Chinese or English."""
        when_year = f" ({self.year})" if self.year is not None else ""
        reasons = [r for r in self.decision.reasons if r.holds]
        if lang == "zh":
            year = f"（{self.year}年）" if self.year is not None else ""
            why = "；".join(r.render("zh") for r in reasons)
            return (
                f"{self.who('zh')}：{self.what('zh')}。第{self.assessment_number}次年度考核{year}。"
                f"依据：{why}。〔{self.citation.render('zh')}〕"
            )
        why = "; ".join(r.render("en") for r in reasons)
        return (
            f"{self.who('en')}: {self.what('en')}, after the "
            f"{_ordinal(self.assessment_number)} annual assessment{when_year}. Because: {why}. "
            f"[{self.citation.render('en')}]"
        )


def _subjects(subject: Official | Iterable[Official]) -> tuple[Official, ...]:
    if isinstance(subject, Official):
        return (subject,)
    items = tuple(as_iterable(subject, "subject"))
    for item in items:
        if not isinstance(item, Official):
            raise InvalidTypeError(
                f"must hold Official records, not {type(item).__name__}",
                field="subject",
                value=item,
            )
    return items  # type: ignore[return-value]


def _ordered(
    history: Iterable[AccountabilityRecord], new: AccountabilityRecord
) -> tuple[AccountabilityRecord, ...]:
    records = (*as_iterable(history, "history"), new)
    previous = 0
    for record in records:
        if not isinstance(record, AccountabilityRecord):
            raise InvalidTypeError(
                f"must hold AccountabilityRecord records, not {type(record).__name__}",
                field="history",
                value=record,
            )
        if (record.body_id, record.body_kind) != (new.body_id, new.body_kind):
            raise InvalidRecordError(
                f"is about body {record.body_id!r}, not {new.body_id!r}",
                record=f"accountability record {record.body_id}",
                field="body_id",
                value=record.body_id,
                rule="accountability.escalate",
            )
        if record.assessment_number <= previous:
            raise InvalidRecordError(
                "must come after the previous assessment in the history (in order, no repeats)",
                record=f"accountability record {record.body_id}",
                field="assessment_number",
                value=record.assessment_number,
                rule="accountability.escalate",
            )
        previous = record.assessment_number
    return records  # type: ignore[return-value]


def _next_count(count: int, fired: bool, policy: _Policy) -> int:
    if fired:
        return count + 1
    if policy.on_improvement == "reset":
        return 0
    if policy.on_improvement == "step_down":
        return max(0, count - policy.per_step)
    return count


def _title(action: Action, sanction: Sanction | None) -> tuple[str, str]:
    if sanction is not None:
        return (
            f"person proposed for a sanction ({sanction.en}, {sanction.zh})",
            f"建议问责对象（{sanction.zh}）",
        )
    if action is Action.AWARD_INELIGIBLE:
        return "team that loses this year's award eligibility", "取消当年评先评优资格的领导班子"
    return f"person held to account by {action.en} ({action.zh})", f"{action.zh}对象"


def escalate(
    history: Iterable[AccountabilityRecord],
    new_assessment: AccountabilityRecord,
    *,
    subject: Official | Iterable[Official],
    standards: Standards | None = None,
) -> tuple[ActionDecision, ...]:
    """Return the accountability actions a body's new assessment calls for, given its history.

    1. Every trigger the new record has evidence for is evaluated (:func:`evaluate_triggers`).
       No trigger holds → no action (an empty tuple).
    2. The history is replayed: each assessment with a trigger counts one strike; one without
       resets, holds or steps down the count (``accountability.on_improvement``). Every
       ``accountability.failures_per_step`` strikes move up one step of
       ``accountability.ladder``. Past the top, the sanction holds or climbs
       (``accountability.sanction_overflow``); the sanction step proposes
       ``accountability.sanction_entry``.
    3. Each triggered family holds the roles of ``accountability.trigger_roles`` to account —
       only people of the triggering body (``subject`` outside it are never named), and only
       roles art. 2 covers at that level (:func:`is_covered`). A targeted role with no person
       in ``subject`` gets an action addressed to the role.
    4. Each distinct aggravating factor against a person raises their action by
       ``accountability.aggravation_steps`` (a proposed sanction only, or the whole scale:
       ``accountability.aggravation_scope``).
    5. Findings marked ``discipline_due`` / ``criminal_suspected`` add referrals for the
       people the funds situations hold to account; when any action reaches
       ``accountability.award_loss_from``, the leadership team loses that year's award
       eligibility.

    Args:
        history: Earlier assessments of the same body, oldest first.
        new_assessment: The assessment to act on.
        subject: The body's officials (one :class:`Official` or many; others are ignored).
        standards: Standards to use.

    Returns:
        The actions, in a fixed order: per role and person, the ladder or sanction action,
        then referrals; the team's loss of award eligibility last.

    Raises:
        InvalidRecordError: History of another body or out of order; an aggravation against
            a person not in ``subject``.
        StandardsError: Inconsistent escalation data.

    Policy: S8 art. 2; S9; S10 art. 9; SEED p. 5.

    Example:
        >>> first = AccountabilityRecord(body_id="K01", body_kind="area", level="county",
        ...                              assessment_number=1, failed=12, total=20)
        >>> second = AccountabilityRecord(body_id="K01", body_kind="area", level="county",
        ...                               assessment_number=2, failed=9, total=20)
        >>> leader = Official(official_id="P1", role="principal_leader", body_kind="area",
        ...                   body_id="K01", level="county")
        >>> [a.action.value for a in escalate([first], second, subject=leader)]
        ['naming']
    """
    s = standards or default_standards()
    policy = _parse_policy(s)
    records = _ordered(history, new_assessment)
    officials = _subjects(subject)
    new = records[-1]
    count = 0
    fired_at: list[int] = []
    for record in records[:-1]:
        fired = any(d.outcome for d in evaluate_triggers(record, standards=s))
        count = _next_count(count, fired, policy)
        if fired:
            fired_at.append(record.assessment_number)
    decisions = evaluate_triggers(new, standards=s)
    fired_now = tuple(d for d in decisions if d.outcome)
    if not fired_now:
        return ()
    count = _next_count(count, True, policy)
    fired_at.append(new.assessment_number)
    raw_step = (count - 1) // policy.per_step
    step = min(raw_step, len(policy.ladder) - 1)
    if policy.ladder[step] == "sanction":
        base = policy.sanction_start + policy.entry
        if policy.overflow == "climb":
            base += raw_step - step
    else:
        base = step
    top = len(policy.scale) - 1
    base = min(base, top)

    ladder_citation = s.citation("accountability.ladder")
    ladder_reason = Reason.compare(
        "accountability.ladder",
        observed=count,
        threshold=step * policy.per_step + 1,
        comparator=Comparator.GE,
        unit="",
        label_en=f"assessments counted on the ladder, for step {step + 1} "
        f"({policy.ladder[step].replace('_', ' ')})",
        label_zh=f"计入问责阶梯的考核次数（第{step + 1}级）",
        parameter="accountability.failures_per_step",
        citation=ladder_citation,
        note_en="assessments with a trigger: "
        + ", ".join(_ordinal(n) for n in fired_at)
        + f"; on improvement: {policy.on_improvement}; "
        f"{policy.per_step} per step",
        note_zh="触发问责的考核：第"
        + "、".join(str(n) for n in fired_at)
        + f"次；未触发时{_IMPROVEMENT_ZH.get(policy.on_improvement, policy.on_improvement)}；"
        f"每{policy.per_step}次升一级",
    )

    # Which roles are held to account, and by which triggers.
    by_role: dict[Role, list[Decision]] = {}
    for decision in fired_now:
        kind = TriggerKind(decision.rule.rsplit(".", maxsplit=1)[-1])
        for role in policy.targets.get(kind, ()):
            by_role.setdefault(role, [])
            if decision not in by_role[role]:
                by_role[role].append(decision)

    inside = [o for o in officials if (o.body_id, o.body_kind) == (new.body_id, new.body_kind)]
    known = {o.official_id for o in inside}
    for aggravation in new.aggravations:
        if aggravation.official_id not in known:
            raise InvalidRecordError(
                "is not an official of this body in subject",
                record=f"accountability record {new.body_id}",
                field="aggravations",
                value=aggravation.official_id,
                rule="accountability.escalate",
            )
    referrals = tuple(
        action
        for action, flag in (
            (Action.DISCIPLINE_REFERRAL, any(i.discipline_due for i in new.irregularities)),
            (Action.CRIMINAL_REFERRAL, any(i.criminal_suspected for i in new.irregularities)),
        )
        if flag
    )
    funds_decisions = [d for d in fired_now if d.rule == "accountability.trigger.funds"]

    actions: list[ActionDecision] = []
    highest = -1
    for role in Role:
        if role not in by_role:
            continue
        named = sorted((o for o in inside if o.role is role), key=lambda o: o.official_id)
        people: list[Official | None] = [*named] if named else [None]
        for person in people:
            coverage = _coverage_decision(
                s,
                subject_id=person.official_id if person else f"{new.body_id}/{role.value}",
                body_kind=new.body_kind,
                level=new.level,
                role=role,
                side=person.side if person else new.side,
            )
            if not coverage.outcome:
                continue
            factors = tuple(
                sorted(
                    {
                        a.factor
                        for a in new.aggravations
                        if person is not None and a.official_id == person.official_id
                    },
                    key=lambda f: list(AggravatingFactor).index(f),
                )
            )
            position = base
            applies = policy.aggravation_scope == "scale" or base >= policy.sanction_start
            if factors and applies:
                position = min(top, base + policy.aggravation_steps * len(factors))
            highest = max(highest, position)
            trigger_reasons = [r for d in by_role[role] for r in d.deciding_reasons]
            reasons = [*trigger_reasons, *coverage.reasons, ladder_reason]
            agg_citation = s.citation("accountability.aggravating_factors")
            reasons.extend(
                Reason(
                    criterion=f"accountability.aggravation.{factor.value}",
                    holds=True,
                    label_en=f"aggravating factor: {factor.en}",
                    label_zh=f"从重情节：{factor.zh}",
                    citation=agg_citation,
                    observed=f"+{policy.aggravation_steps} step(s)",
                    parameter="accountability.aggravation_steps",
                )
                for factor in (factors if applies else ())
            )
            item = policy.scale[position]
            sanction = item if isinstance(item, Sanction) else None
            action = Action.SANCTION if sanction is not None else item
            assert isinstance(action, Action)
            citation = s.citation(
                "accountability.sanctions" if sanction else "accountability.ladder"
            )
            title_en, title_zh = _title(action, sanction)
            decision = decide(
                rule="accountability.escalate",
                subject_kind="official",
                subject_id=person.official_id if person else f"{new.body_id}/{role.value}",
                title_en=title_en,
                title_zh=title_zh,
                reasons=reasons,
                citation=citation,
                standards=s,
                code=sanction.value if sanction else action.value,
                value=sanction.value if sanction else action.value,
            )
            common = {
                "role": role,
                "body_kind": new.body_kind,
                "body_id": new.body_id,
                "level": new.level,
                "side": person.side if person else new.side,
                "official_id": person.official_id if person else None,
                "assessment_number": new.assessment_number,
                "year": new.year,
            }
            actions.append(
                ActionDecision(
                    action=action,
                    sanction=sanction,
                    severity=position + 1,
                    decision=decision,
                    triggers=tuple(d.code for d in by_role[role]),
                    combinable_with=tuple(c for c in policy.combinable if c is not sanction)
                    if sanction
                    else (),
                    aggravating=factors if applies else (),
                    **common,  # type: ignore[arg-type]
                )
            )
            held_for_funds = [d for d in by_role[role] if d in funds_decisions]
            for referral in referrals if held_for_funds else ():
                flagged = [
                    i
                    for i in new.irregularities
                    if (
                        i.discipline_due
                        if referral is Action.DISCIPLINE_REFERRAL
                        else i.criminal_suspected
                    )
                ]
                referral_reasons = [
                    r
                    for d in held_for_funds
                    for r in d.deciding_reasons
                    if any(r.criterion.endswith(i.kind.value) for i in flagged)
                ]
                title_en, title_zh = _title(referral, None)
                referral_decision = decide(
                    rule="accountability.escalate",
                    subject_kind="official",
                    subject_id=person.official_id if person else f"{new.body_id}/{role.value}",
                    title_en=title_en,
                    title_zh=title_zh,
                    reasons=[*referral_reasons, *coverage.reasons],
                    citation=s.citation("accountability.sanctions"),
                    standards=s,
                    code=referral.value,
                    value=referral.value,
                )
                actions.append(
                    ActionDecision(
                        action=referral,
                        severity=0,
                        decision=referral_decision,
                        triggers=tuple(d.code for d in held_for_funds),
                        **common,  # type: ignore[arg-type]
                    )
                )
    if actions and highest >= policy.award_from:
        award_citation = s.citation("accountability.award_loss_from")
        reached = policy.scale[highest]
        award_reason = Reason.compare(
            "accountability.award_loss",
            observed=highest + 1,
            threshold=policy.award_from + 1,
            comparator=Comparator.GE,
            unit="",
            label_en=f"heaviest action this year ({reached.en}) on the severity scale",
            label_zh=f"本年度最重问责（{reached.zh}）的严重程度",
            parameter="accountability.award_loss_from",
            citation=award_citation,
        )
        team_reasons = [r for d in fired_now for r in d.deciding_reasons] + [award_reason]
        title_en, title_zh = _title(Action.AWARD_INELIGIBLE, None)
        actions.append(
            ActionDecision(
                action=Action.AWARD_INELIGIBLE,
                role=Role.LEADERSHIP_TEAM,
                body_kind=new.body_kind,
                body_id=new.body_id,
                level=new.level,
                side=new.side,
                severity=0,
                assessment_number=new.assessment_number,
                year=new.year,
                triggers=tuple(d.code for d in fired_now),
                decision=decide(
                    rule="accountability.escalate",
                    subject_kind="team",
                    subject_id=new.body_id,
                    title_en=title_en,
                    title_zh=title_zh,
                    reasons=team_reasons,
                    citation=award_citation,
                    standards=s,
                    code=Action.AWARD_INELIGIBLE.value,
                    value=Action.AWARD_INELIGIBLE.value,
                ),
            )
        )
    return tuple(actions)
