"""Which text holds a body to account, and on which conditions (2011 rules, 2010 measures)."""

from __future__ import annotations

import enum
from typing import Final


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
