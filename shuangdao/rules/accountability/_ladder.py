"""The recalled escalation ladder across assessments: an optional reading, off by default.

The sources describe two mechanisms (the 2011 assessment rules and the 2010 measures), not a
ladder; "通报 → 点名 → 约谈 → …" as an escalation is recalled at most. With
``accountability.ladder_enabled`` the ladder is applied *besides* the two mechanisms, and its
decisions say so (:attr:`~shuangdao.model.accountability.Mechanism.RECALLED_LADDER`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from attrs import frozen

from shuangdao.errors import StandardsError
from shuangdao.explain import Decision, Reason, decide
from shuangdao.model.accountability import (
    AccountabilityAction,
    AccountabilityRecord,
    ActionDecision,
    AggravatingFactor,
    Mechanism,
    Official,
    OfficialRole,
    Sanction,
    TriggerKind,
    ordinal,
)
from shuangdao.quantities import Comparator
from shuangdao.rules.accountability._common import trigger_kind_of
from shuangdao.rules.accountability._consequences import (
    consequence_roles,
    failed_assessment_trigger,
)
from shuangdao.rules.accountability._coverage import coverage_decision
from shuangdao.rules.accountability._sanctions import held_by_role, people_of
from shuangdao.rules.accountability._scale import (
    LadderSteps,
    art9_sanctions,
    ladder_steps,
    scale_of,
)
from shuangdao.rules.accountability._triggers import evaluate_triggers
from shuangdao.standards import Standards
from shuangdao.standards.params import AccountabilityParams as P

_IMPROVEMENT_ZH: Final = {"reset": "归零", "hold": "保持原级", "step_down": "降一级"}
_LADDER: Final = Mechanism.RECALLED_LADDER


@frozen
class LadderOutcome:
    """What the recalled ladder calls for at one assessment."""

    actions: tuple[ActionDecision, ...]
    conditions: tuple[Decision, ...]
    highest: int
    award_from: int
    award_reason: Reason | None


def enabled(s: Standards) -> bool:
    """Whether the recalled ladder is switched on."""
    return ladder_steps(s).enabled


def conditions(record: AccountabilityRecord, s: Standards) -> tuple[Decision, ...]:
    """The conditions that occurred at ``record`` under either mechanism (a ladder strike)."""
    fired = [d for d in evaluate_triggers(record, standards=s) if d.outcome]
    if record.rated_failing is not None:
        rated = failed_assessment_trigger(
            record.body_id, rated_failing=record.rated_failing, standards=s
        )
        if rated.outcome:
            fired.append(rated)
    return tuple(fired)


def _next_count(count: int, fired: bool, per_step: int, on_improvement: str) -> int:
    if fired:
        return count + 1
    if on_improvement == "reset":
        return 0
    if on_improvement == "step_down":
        return max(0, count - per_step)
    return count


def _title(action: AccountabilityAction, sanction: Sanction | None) -> tuple[str, str]:
    if sanction is not None:
        return (
            f"person proposed for a sanction ({sanction.en}) on the recalled ladder",
            f"逐级问责阶梯建议问责对象（{sanction.zh}）",
        )
    return (
        f"person held to account by {action.en} on the recalled ladder",
        f"逐级问责阶梯{action.zh}对象",
    )


def ladder_actions(
    records: Sequence[AccountabilityRecord],
    officials: Sequence[Official],
    s: Standards,
) -> LadderOutcome:
    """Apply the recalled ladder to the last of ``records`` (the others are its history)."""
    ladder: LadderSteps = ladder_steps(s)
    scale = scale_of(s)
    per_step = int(s.value(P.failures_per_step))
    on_improvement = str(s.value(P.on_improvement))
    new = records[-1]
    count = 0
    fired_at: list[int] = []
    for record in records[:-1]:
        fired = bool(conditions(record, s))
        count = _next_count(count, fired, per_step, on_improvement)
        if fired:
            fired_at.append(record.assessment_number)
    fired_now = conditions(new, s)
    award_from = _award_from(ladder, s)
    entry = _entry(s)
    if not fired_now:
        return LadderOutcome((), (), -1, award_from, None)
    count = _next_count(count, True, per_step, on_improvement)
    fired_at.append(new.assessment_number)
    raw_step = (count - 1) // per_step
    step = min(raw_step, len(ladder.names) - 1)
    steps = len(ladder.steps)
    if ladder.names[step] == "sanction":
        base = steps + entry
        if s.value(P.sanction_overflow) == "climb":
            base += raw_step - step
    else:
        base = step
    top = len(scale) - 1 if ladder.ends_in_sanction else steps - 1
    base = min(base, top)
    ladder_reason = Reason.compare(
        "accountability.ladder.step",
        observed=count,
        threshold=step * per_step + 1,
        comparator=Comparator.GE,
        unit="",
        label_en=f"assessments counted on the recalled ladder, for step {step + 1} "
        f"({ladder.names[step].replace('_', ' ')})",
        label_zh=f"计入逐级问责阶梯的考核次数（第{step + 1}级）",
        parameter=P.failures_per_step,
        citation=s.citation(P.ladder),
        note_en="assessments with a trigger: "
        + ", ".join(ordinal(n) for n in fired_at)
        + f"; on improvement: {on_improvement}; {per_step} per step",
        note_zh="触发问责的考核：第"
        + "、".join(str(n) for n in fired_at)
        + f"次；未触发时{_IMPROVEMENT_ZH.get(on_improvement, on_improvement)}；"
        f"每{per_step}次升一级",
    )
    by_role = held_by_role([d for d in fired_now if not _is_rating(d)], s)
    rating = [d for d in fired_now if _is_rating(d)]
    for role in consequence_roles(s, new.body_kind, new.level) if rating else ():
        by_role.setdefault(role, []).extend(rating)
    scope = str(s.value(P.aggravation_scope))
    agg_steps = int(s.value(P.aggravation_steps))
    actions: list[ActionDecision] = []
    highest = -1
    for role in OfficialRole:
        if role not in by_role:
            continue
        for person in people_of(new, officials, role):
            coverage = coverage_decision(
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
                f
                for f in AggravatingFactor
                if person is not None
                and any(
                    a.official_id == person.official_id and a.factor is f for a in new.aggravations
                )
            )
            applies = scope == "scale" or base >= steps
            position = min(top, base + agg_steps * len(factors)) if factors and applies else base
            highest = max(highest, position)
            reasons = [r for d in by_role[role] for r in d.deciding_reasons]
            reasons += [*coverage.reasons, ladder_reason]
            reasons += [
                Reason(
                    criterion=factor.criterion,
                    holds=True,
                    label_en=f"aggravating factor: {factor.en}",
                    label_zh=f"从重情节：{factor.zh}",
                    citation=s.citation(P.aggravation_scope),
                    observed=f"+{agg_steps} step(s)",
                    parameter=P.aggravation_steps,
                )
                for factor in (factors if applies else ())
            ]
            item = scale[position]
            sanction = item if isinstance(item, Sanction) else None
            action = AccountabilityAction.SANCTION if sanction is not None else item
            assert isinstance(action, AccountabilityAction)
            title_en, title_zh = _title(action, sanction)
            subject_id = person.official_id if person else f"{new.body_id}/{role.value}"
            decision = decide(
                rule="accountability.ladder.step",
                subject_kind="official",
                subject_id=subject_id,
                title_en=title_en,
                title_zh=title_zh,
                reasons=reasons,
                citation=s.citation(P.ladder),
                standards=s,
                code=sanction.value if sanction else action.value,
                value=sanction.value if sanction else action.value,
            )
            actions.append(
                ActionDecision(
                    action=action,
                    mechanism=_LADDER,
                    role=role,
                    body_kind=new.body_kind,
                    body_id=new.body_id,
                    level=new.level,
                    side=person.side if person else new.side,
                    official_id=person.official_id if person else None,
                    severity=position + 1,
                    assessment_number=new.assessment_number,
                    year=new.year,
                    decision=decision,
                    triggers=tuple(d.code for d in by_role[role]),
                    sanction=sanction,
                    aggravating=factors if applies else (),
                )
            )
    award_reason = None
    if actions and highest >= award_from:
        reached = scale[highest]
        award_reason = Reason.compare(
            "accountability.ladder.award_loss",
            observed=highest + 1,
            threshold=award_from + 1,
            comparator=Comparator.GE,
            unit="",
            label_en=f"heaviest ladder step this year ({reached.en}) on the severity scale",
            label_zh=f"本年度阶梯最重一级（{reached.zh}）的严重程度",
            parameter=P.award_loss_from,
            citation=s.citation(P.award_loss_from),
        )
    return LadderOutcome(tuple(actions), fired_now, highest, award_from, award_reason)


def _is_rating(decision: Decision) -> bool:
    return trigger_kind_of(decision) is TriggerKind.FAILED_ASSESSMENT


def _award_from(ladder: LadderSteps, s: Standards) -> int:
    name = str(s.value(P.award_loss_from))
    if name not in ladder.names:
        raise StandardsError(
            "is not a step of accountability.ladder", field=P.award_loss_from, value=name
        )
    return len(ladder.steps) if name == "sanction" else ladder.names.index(name)


def _entry(s: Standards) -> int:
    forms = art9_sanctions(s)
    entry = Sanction(s.value(P.sanction_entry))
    if entry not in forms:
        raise StandardsError(
            "is not in accountability.sanctions", field=P.sanction_entry, value=entry.value
        )
    return forms.index(entry)
