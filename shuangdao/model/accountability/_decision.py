"""The outcome: one consequence the accountability rules call for, explained."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from attrs import field, frozen

from shuangdao.explain import Decision, Lang
from shuangdao.model.accountability._bodies import LEVEL_ZH, AssistanceSide, BodyKind, OfficialRole
from shuangdao.model.accountability._consequences import (
    AccountabilityAction,
    AggravatingFactor,
    Sanction,
)
from shuangdao.model.accountability._mechanisms import Mechanism

if TYPE_CHECKING:
    from shuangdao.citations import Citation


def ordinal(number: int) -> str:
    """``1`` → ``"1st"``, ``2`` → ``"2nd"``, ``3`` → ``"3rd"``, else ``"<n>th"``."""
    return {1: "1st", 2: "2nd", 3: "3rd"}.get(number, f"{number}th")


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
