"""Accountability records (问责): who may be held to account, the evidence, and the outcome.

Two mechanisms hold leaders to account for the 双到 work, and the records below serve both
(the rules are in :mod:`shuangdao.rules.accountability`):

* the **2011 assessment rules** (考核评估办法, S36; seed article p. 5): the leaders of a city,
  county or assisting unit *rated failing* get a circulated notice, naming or a one-to-one
  coaching interview — alternatives, chosen by the assessing body;
* the **2010 accountability measures** (问责暂行办法, S8, S9, S10, S13): when one of the nine
  situations occurs, the leaders named in art. 2 are held to account with the art. 9
  sanctions, made heavier by aggravating factors.

:class:`Mechanism` names them (plus the recalled escalation ladder, an optional reading that
is off by default); every :class:`ActionDecision` says which one it applies.

The vocabulary (:class:`AssistanceSide`, :class:`BodyKind`, :class:`OfficialRole`,
:class:`AccountabilityAction`, :class:`Sanction`, :class:`AggravatingFactor`,
:class:`IrregularityKind`, :class:`TriggerKind`) is shared by the rules and the funding checks
(:mod:`shuangdao.rules.funding` reports its findings as :class:`IrregularityKind`).

.. versionadded:: 0.2.0 moved here from ``shuangdao.rules.accountability`` (the old import
   path warns for one release); ``Side``, ``Role`` and ``Action`` are now
   :class:`AssistanceSide`, :class:`OfficialRole` and :class:`AccountabilityAction`.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

import attrs
from attrs import field, frozen

from shuangdao.errors import InvalidRecordError, InvalidTypeError
from shuangdao.explain import Decision, Lang
from shuangdao.model.fields import (
    as_iterable,
    at_least,
    convert_enum,
    identifier,
    model,
    optional_identifier,
    text,
    year,
)
from shuangdao.quantities import money

if TYPE_CHECKING:
    from shuangdao.citations import Citation

__all__ = [
    "AccountabilityAction",
    "AccountabilityRecord",
    "ActionDecision",
    "AggravatingFactor",
    "Aggravation",
    "AssistanceSide",
    "BodyKind",
    "FundingIrregularity",
    "IrregularityKind",
    "LEVELS",
    "LeaderLink",
    "Mechanism",
    "Official",
    "OfficialRole",
    "Sanction",
    "SanctionChoice",
    "TriggerKind",
]

LEVELS: Final = ("central", "province", "city", "county", "township")
"""Levels a body can sit at: ``central`` (中直, units only), province, city, county, township."""

LEVEL_ZH: Final = {
    "central": "中直",
    "province": "省",
    "city": "市",
    "county": "县",
    "township": "乡镇",
}
"""Chinese names of :data:`LEVELS` (for explanations)."""


def ordinal(number: int) -> str:
    """``1`` → ``"1st"``, ``2`` → ``"2nd"``, ``3`` → ``"3rd"``, else ``"<n>th"``."""
    return {1: "1st", 2: "2nd", 3: "3rd"}.get(number, f"{number}th")


# ---------------------------------------------------------------------------- vocabulary


class Mechanism(enum.Enum):
    """Which mechanism an accountability decision applies (the two are kept apart).

    The 2011 assessment rules and the 2010 measures are different texts with different
    conditions and consequences; the recalled ladder is an optional reading, off by default.
    """

    ASSESSMENT_RULES = "assessment_rules_2011"
    """考核评估办法 (2011, rev. 2013): a body rated failing → notice, naming or interview."""
    ACCOUNTABILITY_MEASURES = "accountability_measures_2010"
    """问责暂行办法 (2010): one of nine situations → the art. 9 sanctions for art. 2 leaders."""
    RECALLED_LADDER = "recalled_ladder"
    """An escalation across assessments (通报 → 点名 → 约谈 → 问责), recalled only; off by
    default (``accountability.ladder_enabled``)."""

    @property
    def en(self) -> str:
        """English label."""
        return _MECHANISM_EN[self]

    @property
    def zh(self) -> str:
        """Chinese label."""
        return _MECHANISM_ZH[self]


_MECHANISM_EN: Final = {
    Mechanism.ASSESSMENT_RULES: "2011 assessment rules",
    Mechanism.ACCOUNTABILITY_MEASURES: "2010 accountability measures",
    Mechanism.RECALLED_LADDER: "recalled escalation ladder (optional reading)",
}
_MECHANISM_ZH: Final = {
    Mechanism.ASSESSMENT_RULES: "考核评估办法（2011）",
    Mechanism.ACCOUNTABILITY_MEASURES: "问责暂行办法（2010）",
    Mechanism.RECALLED_LADDER: "逐级问责阶梯（存疑，可选）",
}


class AssistanceSide(enum.Enum):
    """Which side of the assistance a body is on; art. 2 of the 2010 measures covers both."""

    ASSISTING = "assisting"
    """帮扶方: assisting units, developed-region (PRD) cities."""
    ASSISTED = "assisted"
    """被帮扶方: the less-developed cities, counties and townships with poor villages."""

    @property
    def zh(self) -> str:
        """Chinese label."""
        return "帮扶方" if self is AssistanceSide.ASSISTING else "被帮扶方"

    @property
    def en(self) -> str:
        """English label."""
        return f"{self.value} side"


class BodyKind(enum.Enum):
    """The kind of body an official leads or a decision is about."""

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


class OfficialRole(enum.Enum):
    """A role in a body; who is covered is data (``accountability.coverage``, art. 2, S8)."""

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
    """领导班子 (the team as a whole; it loses that year's award eligibility)."""

    @property
    def zh(self) -> str:
        """Chinese label."""
        return _ROLE_ZH[self]

    @property
    def en(self) -> str:
        """English label."""
        return _ROLE_EN[self]


_ROLE_EN: Final = {
    OfficialRole.PRINCIPAL_LEADER: "principal leader",
    OfficialRole.LEADERSHIP_MEMBER: "leadership member",
    OfficialRole.IN_CHARGE_LEADER: "leader in charge",
    OfficialRole.UNIT_PRINCIPAL: "principal head",
    OfficialRole.UNIT_IN_CHARGE: "head in charge",
    OfficialRole.STAFF: "staff member",
    OfficialRole.LEADERSHIP_TEAM: "leadership team",
}
_ROLE_ZH: Final = {
    OfficialRole.PRINCIPAL_LEADER: "主要领导",
    OfficialRole.LEADERSHIP_MEMBER: "领导班子成员",
    OfficialRole.IN_CHARGE_LEADER: "分管领导",
    OfficialRole.UNIT_PRINCIPAL: "主要负责人",
    OfficialRole.UNIT_IN_CHARGE: "分管负责人",
    OfficialRole.STAFF: "工作人员",
    OfficialRole.LEADERSHIP_TEAM: "领导班子",
}


class AccountabilityAction(enum.Enum):
    """What an accountability decision calls for.

    Under the 2011 assessment rules the options are :attr:`NOTICE`, :attr:`NAMING` and
    :attr:`COACHING_INTERVIEW` (alternatives: the decision's action is
    :attr:`ASSESSMENT_CONSEQUENCE`). Under the 2010 measures the action is :attr:`SANCTION`
    (the :class:`Sanction` options are on the decision), with :attr:`AWARD_INELIGIBLE`,
    :attr:`DISCIPLINE_REFERRAL` and :attr:`CRIMINAL_REFERRAL` as further consequences.
    The recalled ladder (off by default) uses the ladder steps, :attr:`ADMONITION` included
    when added by override.
    """

    NOTICE = "notice"
    """通报 (circulated notice of criticism)."""
    NAMING = "naming"
    """点名 (naming)."""
    COACHING_INTERVIEW = "coaching_interview"
    """单兵教练约谈 (one-to-one coaching interview)."""
    ADMONITION = "admonition"
    """诫勉 (admonition). Not found for 双到: only a ladder step added by override."""
    ASSESSMENT_CONSEQUENCE = "assessment_consequence"
    """2011 rules: a notice, naming or coaching interview, as the assessing body chooses."""
    SANCTION = "sanction"
    """2010 measures, art. 9: a sanction, as the discipline body chooses among the options."""
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
    AccountabilityAction.NOTICE: "通报",
    AccountabilityAction.NAMING: "点名",
    AccountabilityAction.COACHING_INTERVIEW: "单兵教练约谈",
    AccountabilityAction.ADMONITION: "诫勉",
    AccountabilityAction.ASSESSMENT_CONSEQUENCE: "通报、点名或单兵教练约谈",
    AccountabilityAction.SANCTION: "问责处理",
    AccountabilityAction.AWARD_INELIGIBLE: "取消当年评先评优资格",
    AccountabilityAction.DISCIPLINE_REFERRAL: "建议给予党纪政纪处分",
    AccountabilityAction.CRIMINAL_REFERRAL: "移送司法机关",
}
_ACTION_EN: Final = {
    AccountabilityAction.NOTICE: "circulated notice",
    AccountabilityAction.NAMING: "naming",
    AccountabilityAction.COACHING_INTERVIEW: "one-to-one coaching interview",
    AccountabilityAction.ADMONITION: "admonition",
    AccountabilityAction.ASSESSMENT_CONSEQUENCE: (
        "circulated notice, naming or one-to-one coaching interview"
    ),
    AccountabilityAction.SANCTION: "sanction",
    AccountabilityAction.AWARD_INELIGIBLE: "loss of this year's award eligibility",
    AccountabilityAction.DISCIPLINE_REFERRAL: "referral for party or government discipline",
    AccountabilityAction.CRIMINAL_REFERRAL: "referral to the judicial organs",
}

LADDER_ACTIONS: Final = (
    AccountabilityAction.NOTICE,
    AccountabilityAction.NAMING,
    AccountabilityAction.COACHING_INTERVIEW,
    AccountabilityAction.ADMONITION,
)
"""Actions that may be steps of the recalled ladder."""


class Sanction(enum.Enum):
    """Sanctions: the five forms of art. 9 of the 2010 measures, and dismissal (撤职).

    Art. 9 (S10; S9) lists 责令公开道歉, 停职检查, 引咎辞职, 责令辞职 and 免职 (removal from
    post); their severity order is a recalled reading (``accountability.sanction_severity``).
    撤职 (dismissal), which the seed article (p. 5) reports for five cadres, is a different
    thing: a disciplinary sanction (党纪政纪处分) imposed through party or government
    discipline, never one of art. 9's forms.
    """

    PUBLIC_APOLOGY = "public_apology"
    """责令公开道歉 (ordered public apology; alone or combined with others). S10 art. 9."""
    SUSPENSION = "suspension"
    """停职检查 (suspension for self-examination). S10 art. 9."""
    RESIGNATION = "resignation"
    """引咎辞职 (resignation to take responsibility). S10 art. 9."""
    ORDERED_RESIGNATION = "ordered_resignation"
    """责令辞职 (ordered resignation). S10 art. 9."""
    REMOVAL = "removal"
    """免职 (removal from post). S10 art. 9."""
    DISMISSAL = "dismissal"
    """撤职 (dismissal): a disciplinary sanction, not an art. 9 form. Seed p. 5 (5 cadres)."""

    @property
    def zh(self) -> str:
        """Chinese label."""
        return _SANCTION_ZH[self]

    @property
    def en(self) -> str:
        """English label."""
        return _SANCTION_EN[self]

    @property
    def disciplinary(self) -> bool:
        """Whether this is a disciplinary sanction (党纪政纪处分) rather than an art. 9 form."""
        return self is Sanction.DISMISSAL


_SANCTION_ZH: Final = {
    Sanction.PUBLIC_APOLOGY: "责令公开道歉",
    Sanction.SUSPENSION: "停职检查",
    Sanction.RESIGNATION: "引咎辞职",
    Sanction.ORDERED_RESIGNATION: "责令辞职",
    Sanction.REMOVAL: "免职",
    Sanction.DISMISSAL: "撤职",
}
_SANCTION_EN: Final = {
    Sanction.PUBLIC_APOLOGY: "ordered public apology",
    Sanction.SUSPENSION: "suspension for self-examination",
    Sanction.RESIGNATION: "resignation to take responsibility",
    Sanction.ORDERED_RESIGNATION: "ordered resignation",
    Sanction.REMOVAL: "removal from post",
    Sanction.DISMISSAL: "dismissal",
}


class AggravatingFactor(enum.Enum):
    """Factors that make the 2010 measures' sanction heavier (art. 9, S10)."""

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
    def criterion(self) -> str:
        """The criterion name of this factor in a decision's reasons (one name per factor)."""
        return {
            AggravatingFactor.FALSE_STATEMENT: "accountability.aggravation.false_statement",
            AggravatingFactor.RETALIATION: "accountability.aggravation.retaliation",
            AggravatingFactor.REFUSAL_TO_CORRECT: "accountability.aggravation.refusal_to_correct",
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
    """The fund and poor-list situations of the 2010 measures (S10): one vocabulary.

    The funding checks of :mod:`shuangdao.rules.funding` report their findings with these
    kinds and the accountability triggers read them, so a finding passes straight from one
    to the other. S10 groups delaying, withholding and misusing funds in one situation; they
    are kept apart here because the checks tell them apart.
    """

    MISDIRECTED_APPROVAL = "misdirected_approval"
    """资金审批失当 (misdirected fund approval)."""
    DELAYED_FUNDS = "delayed_funds"
    """拖延拨付资金 (delaying funds)."""
    WITHHELD_FUNDS = "withheld_funds"
    """截留资金 (withholding funds)."""
    MISUSED_FUNDS = "misused_funds"
    """挪用资金 (misusing funds: spent outside the recipient's plan)."""
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
    """The conditions a body is checked for; ``accountability.trigger_roles`` says whom.

    ``FAIL_SHARE``, ``LEADER_VILLAGE``, ``FISCAL_GUARANTEE`` and ``FUNDS`` are situations of
    the 2010 measures; ``FAILED_ASSESSMENT`` (rated failing) is the condition of the 2011
    assessment rules.
    """

    FAIL_SHARE = "fail_share"
    """Too many failing villages (2010 measures, S9 situation 1)."""
    LEADER_VILLAGE = "leader_village"
    """The leadership did not each take charge of a village, 挂村办点 (S9 situation 2)."""
    FISCAL_GUARANTEE = "fiscal_guarantee"
    """No local fiscal budget guarantee for 双到 (S9 situation 3)."""
    FAILED_ASSESSMENT = "failed_assessment"
    """The body was rated failing at the annual assessment (2011 rules; seed p. 5)."""
    FUNDS = "funds"
    """One of the fund and poor-list situations of S10 (see :class:`IrregularityKind`)."""

    @property
    def mechanism(self) -> Mechanism:
        """The mechanism whose condition this is."""
        if self is TriggerKind.FAILED_ASSESSMENT:
            return Mechanism.ASSESSMENT_RULES
        return Mechanism.ACCOUNTABILITY_MEASURES


# ---------------------------------------------------------------------------- validators


def _side(value: object) -> AssistanceSide:
    """Convert ``side`` (errors name the field)."""
    return convert_enum(AssistanceSide, value, "side")


def _role(value: object) -> OfficialRole:
    """Convert ``role`` (errors name the field)."""
    return convert_enum(OfficialRole, value, "role")


def _body_kind(value: object) -> BodyKind:
    """Convert ``body_kind`` (errors name the field)."""
    return convert_enum(BodyKind, value, "body_kind")


def _irregularity_kind(value: object) -> IrregularityKind:
    """Convert ``kind`` (errors name the field)."""
    return convert_enum(IrregularityKind, value, "kind")


def _factor(value: object) -> AggravatingFactor:
    """Convert ``factor`` (errors name the field)."""
    return convert_enum(AggravatingFactor, value, "factor")


def _sanction(value: object) -> Sanction:
    """Convert ``sanction`` (errors name the field)."""
    return convert_enum(Sanction, value, "sanction")


def _optional_consequence(value: object) -> AccountabilityAction | None:
    """Convert ``consequence_chosen`` (``None`` stays ``None``)."""
    if value is None:
        return None
    return convert_enum(AccountabilityAction, value, "consequence_chosen")


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


def check_counts(failed: object, total: object, *, record: str | None) -> None:
    """Validate failing and assessed village counts (integers, ``0 <= failed <= total``).

    Raises:
        InvalidTypeError: A count is not an integer.
        InvalidRecordError: ``total < 1`` or ``failed`` outside ``[0, total]``.
    """
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


def _records(value: object, cls: type, name: str) -> tuple[Any, ...]:
    """Convert ``value`` to a tuple of ``cls`` records (errors name ``name``)."""
    items = tuple(as_iterable(value, name))
    for item in items:
        if not isinstance(item, cls):
            raise InvalidTypeError(
                f"must hold {cls.__name__} records, not {type(item).__name__}",
                field=name,
                value=item,
            )
    return items


# ---------------------------------------------------------------------------- records


@model("official", "official_id")
@frozen
class Official:
    """A person who may be held to account: a role in a body, on one side (art. 2, S8).

    Attributes:
        official_id: Stable id of the person.
        role: Their :class:`OfficialRole` in the body.
        body_kind: The kind of body (:class:`BodyKind`).
        body_id: The body's id — an area id (``"C01-K03"``) or a unit id.
        level: The body's level, one of :data:`LEVELS`.
        side: :class:`AssistanceSide` (assisting or assisted).
        name: Display name.

    Example:
        >>> Official(official_id="P1", role="principal_leader", body_kind="area",
        ...          body_id="K01", level="county", side="assisted").role
        <OfficialRole.PRINCIPAL_LEADER: 'principal_leader'>
    """

    official_id: str = field(validator=identifier)
    role: OfficialRole = field(converter=_role)
    body_kind: BodyKind = field(converter=_body_kind)
    body_id: str = field(validator=identifier)
    level: str = field(validator=_level)
    side: AssistanceSide = field(default=AssistanceSide.ASSISTED, converter=_side)
    name: str = field(default="", validator=text)

    def __attrs_post_init__(self) -> None:
        if self.role is OfficialRole.LEADERSHIP_TEAM:
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
    """Evidence of one of the fund or poor-list situations of the 2010 measures (S10).

    The funding checks' findings become these with :meth:`from_finding`; any other source
    of findings (an audit, an inspection) may build them directly.

    Attributes:
        kind: :class:`IrregularityKind`.
        body_id: The area or unit responsible (the trigger is on this body only).
        village_id: The village concerned, if any.
        amount: Exact yuan concerned, if any.
        evidence_id: Id of the finding (an audit item, a ledger entry).
        note: What was found, in words.
        discipline_due: The finding warrants party or government discipline.
        criminal_suspected: The finding is suspected to be a crime.

    Example:
        >>> FundingIrregularity(kind="misused_funds", body_id="K01", amount="5000").amount
        Decimal('5000.00')
    """

    kind: IrregularityKind = field(converter=_irregularity_kind)
    body_id: str = field(validator=identifier)
    village_id: str | None = field(default=None, validator=optional_identifier)
    amount: Decimal | None = field(default=None, converter=_optional_money)
    evidence_id: str = field(default="", validator=text)
    note: str = field(default="", validator=text)
    discipline_due: bool = field(default=False, validator=_flag)
    criminal_suspected: bool = field(default=False, validator=_flag)

    @classmethod
    def from_finding(
        cls,
        finding: Any,
        *,
        body_id: str,
        discipline_due: bool = False,
        criminal_suspected: bool = False,
    ) -> FundingIrregularity:
        """Turn a funding check's finding into evidence against ``body_id``.

        A :class:`~shuangdao.rules.funding.FundingFinding` names the money and its recipient
        but not the body responsible for it: the caller says which body that is.

        Args:
            finding: A ``FundingFinding`` (anything with ``kind``, ``record_id``,
                ``recipient_kind``, ``recipient_id``, ``amount`` and ``decision``).
            body_id: The area or unit responsible.
            discipline_due: The finding warrants party or government discipline.
            criminal_suspected: The finding is suspected to be a crime.

        Raises:
            InvalidTypeError: ``finding`` is not a funding finding.
        """
        kind = getattr(finding, "kind", None)
        if not isinstance(kind, IrregularityKind):
            raise InvalidTypeError(
                "must be a funding finding whose kind is an IrregularityKind",
                field="finding",
                value=type(finding).__name__,
            )
        recipient_kind = getattr(finding, "recipient_kind", "")
        decision = getattr(finding, "decision", None)
        return cls(
            kind=kind,
            body_id=body_id,
            village_id=getattr(finding, "recipient_id", None)
            if recipient_kind == "village"
            else None,
            amount=getattr(finding, "amount", None),
            evidence_id=str(getattr(finding, "record_id", "")),
            note=decision.explanation("en").verdict if isinstance(decision, Decision) else "",
            discipline_due=discipline_due,
            criminal_suspected=criminal_suspected,
        )


@model("aggravation", "official_id")
@frozen
class Aggravation:
    """An aggravating factor found against one official (art. 9 of the 2010 measures).

    Attributes:
        official_id: The official it was found against.
        factor: :class:`AggravatingFactor`.
        note: What was found.
    """

    official_id: str = field(validator=identifier)
    factor: AggravatingFactor = field(converter=_factor)
    note: str = field(default="", validator=text)


@model("sanction choice", "official_id")
@frozen
class SanctionChoice:
    """The discipline body's choice for one official held to account (an input).

    The library returns the applicable sanctions; the choice among them is the discipline
    body's. Recorded on an :class:`AccountabilityRecord`, it is checked against the options
    (a choice the aggravating factors rule out is an error) and shown on the decision.

    Attributes:
        official_id: The official.
        sanction: The sanction chosen: an art. 9 form, or :attr:`Sanction.DISMISSAL` when
            party or government discipline was imposed.
        with_public_apology: Whether an ordered public apology was added (art. 9 lets it be
            combined with others).
        note: The decision's reference or words.
    """

    official_id: str = field(validator=identifier)
    sanction: Sanction = field(converter=_sanction)
    with_public_apology: bool = field(default=False, validator=_flag)
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
    """Convert ``irregularities`` to a tuple of :class:`FundingIrregularity`."""
    return _records(value, FundingIrregularity, "irregularities")


def _aggravations(value: object) -> tuple[Aggravation, ...]:
    """Convert ``aggravations`` to a tuple of :class:`Aggravation`."""
    return _records(value, Aggravation, "aggravations")


def _choices(value: object) -> tuple[SanctionChoice, ...]:
    """Convert ``sanctions_chosen`` to a tuple of :class:`SanctionChoice`."""
    return _records(value, SanctionChoice, "sanctions_chosen")


@model("accountability record", "body_id")
@frozen
class AccountabilityRecord:
    """One annual assessment of one body, with the accountability evidence found that year.

    Evidence left as ``None`` was not recorded and its condition is not evaluated (it is not
    assumed to be fine). The choices of the assessing body (2011 rules) and of the discipline
    body (2010 measures) are inputs too, for when a later rule needs them.

    Attributes:
        body_id: The area or unit assessed.
        body_kind: :class:`BodyKind`.
        level: The body's level (:data:`LEVELS`).
        assessment_number: Which annual assessment of the round (1st, 2nd, 3rd...).
        side: :class:`AssistanceSide`.
        year: Calendar year of the assessment, if known.
        failed: Villages rated failing in the body's area (with ``total``).
        total: Villages assessed.
        rated_failing: Whether the body itself was rated failing (2011 assessment rules).
        leaders: Each leadership member and the village they took charge of (挂村办点);
            a mapping ``leader_id → village_id | None`` is accepted.
        fiscal_guarantee: Whether the local budget guaranteed 双到 funds.
        irregularities: Findings of the fund and poor-list situations (all on this body).
        aggravations: Aggravating factors found against this body's officials.
        consequence_chosen: The assessing body's choice under the 2011 rules (notice, naming
            or coaching interview), if known.
        sanctions_chosen: The discipline body's choices under the 2010 measures, if known.

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
    side: AssistanceSide = field(default=AssistanceSide.ASSISTED, converter=_side)
    year: int | None = field(default=None, validator=year)
    failed: int | None = field(default=None, validator=_optional_count)
    total: int | None = field(default=None, validator=_optional_count)
    rated_failing: bool | None = field(default=None, validator=_optional_flag)
    leaders: tuple[LeaderLink, ...] | None = field(default=None, converter=_leader_links)
    fiscal_guarantee: bool | None = field(default=None, validator=_optional_flag)
    irregularities: tuple[FundingIrregularity, ...] = field(default=(), converter=_irregularities)
    aggravations: tuple[Aggravation, ...] = field(default=(), converter=_aggravations)
    consequence_chosen: AccountabilityAction | None = field(
        default=None, converter=_optional_consequence
    )
    sanctions_chosen: tuple[SanctionChoice, ...] = field(default=(), converter=_choices)

    def __attrs_post_init__(self) -> None:
        if (self.failed is None) != (self.total is None):
            raise InvalidRecordError(
                "must be given together with failed", field="total", value=self.total
            )
        if self.total is not None and self.failed is not None:
            check_counts(self.failed, self.total, record=None)
        for item in self.irregularities:
            if item.body_id != self.body_id:
                raise InvalidRecordError(
                    f"names body {item.body_id!r}, not this record's body",
                    field="irregularities",
                    value=item.evidence_id or item.kind.value,
                )
        chosen = [c.official_id for c in self.sanctions_chosen]
        for official_id in chosen:
            if chosen.count(official_id) > 1:
                raise InvalidRecordError(
                    "must not choose twice for one official",
                    field="sanctions_chosen",
                    value=official_id,
                )


# ---------------------------------------------------------------------------- outcomes


def _strs(value: Iterable[str]) -> tuple[str, ...]:
    """Convert to a tuple."""
    return tuple(value)


def _sanctions(value: Iterable[Sanction]) -> tuple[Sanction, ...]:
    """Convert to a tuple."""
    return tuple(value)


def _actions(value: Iterable[AccountabilityAction]) -> tuple[AccountabilityAction, ...]:
    """Convert to a tuple."""
    return tuple(value)


def _factors(value: Iterable[AggravatingFactor]) -> tuple[AggravatingFactor, ...]:
    """Convert to a tuple."""
    return tuple(value)


def _alternatives(names: list[str]) -> str:
    """``a, b or c``."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


@frozen
class ActionDecision:
    """One consequence the accountability rules call for: who, what, under which text, why.

    Attributes:
        action: What is called for (:class:`AccountabilityAction`):
            ``ASSESSMENT_CONSEQUENCE`` (2011 rules; see ``options``), ``SANCTION`` (2010
            measures; see ``sanction_options``), a further consequence of the measures
            (award loss, referrals) or a step of the recalled ladder.
        mechanism: The :class:`Mechanism` applied — never more than one.
        role: The role held to account (``LEADERSHIP_TEAM`` for the team as a whole).
        body_kind: The kind of body.
        body_id: The body the condition is on; the person is always of this body.
        level: The body's level.
        side: The body's side.
        severity: 1-based position on the severity scale
            (:func:`~shuangdao.rules.accountability.severity_scale`) of the mildest
            applicable sanction (or the ladder step); 0 for what is not on the scale (the
            2011 alternatives, award loss, referrals).
        assessment_number: The assessment the decision follows.
        decision: The explained decision (reasons: conditions, coverage, options, aggravation).
        sanction: The sanction chosen by the discipline body (an input,
            :class:`SanctionChoice`), or the recalled ladder's proposal; ``None`` otherwise.
        official_id: The person, or ``None`` when addressed to the role (no person given).
        year: Its calendar year, if known.
        triggers: Codes of the condition decisions that explain it.
        options: 2011 rules: the alternatives the assessing body chooses from.
        chosen: 2011 rules: the assessing body's choice, if given (an input).
        sanction_options: 2010 measures: the applicable art. 9 sanctions, mildest first
            (order recalled), with the aggravation applied; or, on a discipline referral,
            the disciplinary sanctions attested for 双到.
        combinable_with: Sanctions that may be added to the one chosen.
        aggravating: Aggravating factors that made the options heavier.
    """

    action: AccountabilityAction
    mechanism: Mechanism
    role: OfficialRole
    body_kind: BodyKind
    body_id: str
    level: str
    side: AssistanceSide
    severity: int
    assessment_number: int
    decision: Decision
    sanction: Sanction | None = None
    official_id: str | None = None
    year: int | None = None
    triggers: tuple[str, ...] = field(default=(), converter=_strs)
    options: tuple[AccountabilityAction, ...] = field(default=(), converter=_actions)
    chosen: AccountabilityAction | None = None
    sanction_options: tuple[Sanction, ...] = field(default=(), converter=_sanctions)
    combinable_with: tuple[Sanction, ...] = field(default=(), converter=_sanctions)
    aggravating: tuple[AggravatingFactor, ...] = field(default=(), converter=_factors)

    @property
    def citation(self) -> Citation:
        """The clause the decision rests on."""
        return self.decision.citation

    def what(self, lang: Lang = "en") -> str:
        """What is called for, under which mechanism, in words."""
        if lang == "zh":
            return self._what_zh()
        text = f"{self.mechanism.en}: "
        if self.options:
            names = [o.en for o in self.options]
            text += _alternatives(names) + ", the assessing body's choice"
            if self.chosen is not None:
                text += f" (chosen: {self.chosen.en})"
        elif self.action is AccountabilityAction.SANCTION and self.sanction_options:
            text += (
                "a sanction, the discipline body's choice among "
                + ", ".join(s.en for s in self.sanction_options)
                + " (mildest first)"
            )
        else:
            text += self.action.en
            if self.sanction_options:
                text += " (e.g. " + ", ".join(s.en for s in self.sanction_options) + ")"
        if self.combinable_with:
            text += "; may be combined with " + ", ".join(c.en for c in self.combinable_with)
        if self.sanction is not None:
            verb = "proposed" if self.mechanism is Mechanism.RECALLED_LADDER else "chosen"
            text += f" ({verb}: {self.sanction.en})"
        return text

    def _what_zh(self) -> str:
        text = f"{self.mechanism.zh}："
        if self.options:
            text += "或".join(o.zh for o in self.options) + "（由考核部门选定其一"
            text += f"，已选：{self.chosen.zh}）" if self.chosen is not None else "）"
        elif self.action is AccountabilityAction.SANCTION and self.sanction_options:
            text += "问责处理（由问责机关在" + "、".join(s.zh for s in self.sanction_options)
            text += "中决定，由轻到重）"
        else:
            text += self.action.zh
            if self.sanction_options:
                text += "（如" + "、".join(s.zh for s in self.sanction_options) + "）"
        if self.combinable_with:
            text += "，可并处" + "、".join(c.zh for c in self.combinable_with)
        if self.sanction is not None:
            verb = "建议" if self.mechanism is Mechanism.RECALLED_LADDER else "已定"
            text += f"（{verb}：{self.sanction.zh}）"
        return text

    def who(self, lang: Lang = "en") -> str:
        """Who is held to account (``"principal leader P1 of county K01 (assisted side)"``)."""
        if lang == "zh":
            body = LEVEL_ZH.get(self.level, self.level)
            kind = "" if self.body_kind is BodyKind.AREA else self.body_kind.zh
            person = f"（{self.official_id}）" if self.official_id else ""
            return f"{self.side.zh}{body}{kind}{self.body_id}{self.role.zh}{person}"
        kind = (
            "" if self.body_kind is BodyKind.AREA else f" {self.body_kind.value.replace('_', ' ')}"
        )
        person = f" {self.official_id}" if self.official_id else ""
        return f"{self.role.en}{person} of {self.level}{kind} {self.body_id} ({self.side.en})"

    def headline(self, lang: Lang = "en") -> str:
        """Who, what and under which mechanism, after which assessment, in one line."""
        if lang == "zh":
            year_zh = f"（{self.year}年）" if self.year is not None else ""
            return (
                f"{self.who('zh')}：{self.what('zh')}。第{self.assessment_number}次年度考核"
                f"{year_zh}。"
            )
        when_year = f" ({self.year})" if self.year is not None else ""
        return (
            f"{self.who('en')}: {self.what('en')}, after the "
            f"{ordinal(self.assessment_number)} annual assessment{when_year}."
        )

    def explain(self, lang: Lang = "en") -> str:
        """Return who, what and under which mechanism, then the decision in layers.

        The layers are the decision's explanation (verdict, criteria with their values,
        sources, certainty), in Chinese or English.

        .. versionchanged:: 0.2.0 the decision's layered explanation (issue 16).
        """
        return f"{self.headline(lang)}\n{self.decision.explain(lang)}"

    def _repr_html_(self) -> str:
        """The headline and the decision's explanation as HTML (notebooks show it)."""
        import html

        return f"<p>{html.escape(self.headline('en'))}</p>{self.decision._repr_html_()}"
