"""What accountability calls for: the actions, the art. 9 sanctions and the aggravating factors."""

from __future__ import annotations

import enum
from typing import Final


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
