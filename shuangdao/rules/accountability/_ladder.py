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


@frozen
class _Climb:
    """Where the body stands on the ladder at the new assessment."""

    count: int
    """Assessments counted on the ladder (with the new one)."""
    fired_at: tuple[int, ...]
    """The assessments (numbers) at which a condition occurred."""
    step: int
    """The ladder step reached (0-based, capped at the last step)."""
    base: int
    """The position on the severity scale before aggravation."""
    top: int
    """The heaviest position the ladder may reach on the scale."""
    steps: int
    """The number of ladder steps before the sanctions (where the sanctions start)."""


def ladder_actions(
    records: Sequence[AccountabilityRecord],
    officials: Sequence[Official],
    s: Standards,
) -> LadderOutcome:
    """Apply the recalled ladder to the last of ``records`` (the others are its history).

    The steps: count the assessments with a condition (the history, then the new one);
    place the count on the ladder and the severity scale; find the roles held to account;
    decide for each covered person (aggravation included); say whether the heaviest step
    reached costs the award eligibility.
    """
    ladder = ladder_steps(s)
    scale = scale_of(s)
    per_step = int(s.value(P.failures_per_step))
    on_improvement = str(s.value(P.on_improvement))
    new = records[-1]
    count, fired_at = _history(records[:-1], s, per_step, on_improvement)
    fired_now = conditions(new, s)
    award_from = _award_from(ladder, s)
    entry = _entry(s)
    if not fired_now:
        return LadderOutcome((), (), -1, award_from, None)
    count = _next_count(count, True, per_step, on_improvement)
    climb = _climb(count, (*fired_at, new.assessment_number), ladder, len(scale), entry, s)
    ladder_reason = _ladder_reason(climb, ladder, per_step, on_improvement, s)
    by_role = _roles_held(new, fired_now, s)
    actions: list[ActionDecision] = []
    for role in OfficialRole:
        if role not in by_role:
            continue
        for person in people_of(new, officials, role):
            action = _person_action(
                new, role, person, by_role[role], climb, ladder_reason, scale, s
            )
            if action is not None:
                actions.append(action)
    highest = max((a.severity - 1 for a in actions), default=-1)
    award_reason = _award_reason(highest, award_from, scale, s) if actions else None
    return LadderOutcome(tuple(actions), fired_now, highest, award_from, award_reason)


def _history(
    records: Sequence[AccountabilityRecord], s: Standards, per_step: int, on_improvement: str
) -> tuple[int, tuple[int, ...]]:
    """The ladder count after the earlier assessments, and those at which a condition fired."""
    count = 0
    fired_at: list[int] = []
    for record in records:
        fired = bool(conditions(record, s))
        count = _next_count(count, fired, per_step, on_improvement)
        if fired:
            fired_at.append(record.assessment_number)
    return count, tuple(fired_at)


def _climb(  # noqa: PLR0917 - private; the ladder's context
    count: int,
    fired_at: tuple[int, ...],
    ladder: LadderSteps,
    scale_length: int,
    entry: int,
    s: Standards,
) -> _Climb:
    """Place ``count`` on the ladder, then on the severity scale (sanctions after the steps)."""
    per_step = int(s.value(P.failures_per_step))
    raw_step = (count - 1) // per_step
    step = min(raw_step, len(ladder.names) - 1)
    steps = len(ladder.steps)
    if ladder.names[step] == "sanction":
        base = steps + entry
        if s.value(P.sanction_overflow) == "climb":
            base += raw_step - step
    else:
        base = step
    top = scale_length - 1 if ladder.ends_in_sanction else steps - 1
    return _Climb(
        count=count, fired_at=fired_at, step=step, base=min(base, top), top=top, steps=steps
    )


def _ladder_reason(
    climb: _Climb, ladder: LadderSteps, per_step: int, on_improvement: str, s: Standards
) -> Reason:
    """The reason that the count reached the step (with the assessments counted)."""
    step = climb.step
    return Reason.compare(
        "accountability.ladder.step",
        observed=climb.count,
        threshold=step * per_step + 1,
        comparator=Comparator.GE,
        unit="",
        label_en=f"assessments counted on the recalled ladder, for step {step + 1} "
        f"({ladder.names[step].replace('_', ' ')})",
        label_zh=f"计入逐级问责阶梯的考核次数（第{step + 1}级）",
        parameter=P.failures_per_step,
        citation=s.citation(P.ladder),
        note_en="assessments with a trigger: "
        + ", ".join(ordinal(n) for n in climb.fired_at)
        + f"; on improvement: {on_improvement}; {per_step} per step",
        note_zh="触发问责的考核：第"
        + "、".join(str(n) for n in climb.fired_at)
        + f"次；未触发时{_IMPROVEMENT_ZH.get(on_improvement, on_improvement)}；"
        f"每{per_step}次升一级",
    )


def _roles_held(
    new: AccountabilityRecord, fired_now: Sequence[Decision], s: Standards
) -> dict[OfficialRole, list[Decision]]:
    """The roles held to account and the conditions that hold each (a rating: its roles)."""
    by_role = held_by_role([d for d in fired_now if not _is_rating(d)], s)
    rating = [d for d in fired_now if _is_rating(d)]
    for role in consequence_roles(s, new.body_kind, new.level) if rating else ():
        by_role.setdefault(role, []).extend(rating)
    return by_role


def _person_action(  # noqa: PLR0917 - private; one person's context
    new: AccountabilityRecord,
    role: OfficialRole,
    person: Official | None,
    held: Sequence[Decision],
    climb: _Climb,
    ladder_reason: Reason,
    scale: Sequence[AccountabilityAction | Sanction],
    s: Standards,
) -> ActionDecision | None:
    """The ladder's decision for one person of ``role`` (``None``: not covered by art. 2)."""
    subject_id = person.official_id if person else f"{new.body_id}/{role.value}"
    side = person.side if person else new.side
    coverage = coverage_decision(
        s, subject_id=subject_id, body_kind=new.body_kind, level=new.level, role=role, side=side
    )
    if not coverage.outcome:
        return None
    factors = _factors_of(new, person)
    agg_steps = int(s.value(P.aggravation_steps))
    applies = s.value(P.aggravation_scope) == "scale" or climb.base >= climb.steps
    position = (
        min(climb.top, climb.base + agg_steps * len(factors)) if factors and applies else climb.base
    )
    reasons = [r for d in held for r in d.deciding_reasons]
    reasons += [*coverage.reasons, ladder_reason]
    reasons += [_aggravation_reason(f, agg_steps, s) for f in (factors if applies else ())]
    item = scale[position]
    sanction = item if isinstance(item, Sanction) else None
    action = AccountabilityAction.SANCTION if sanction is not None else item
    assert isinstance(action, AccountabilityAction)
    title_en, title_zh = _title(action, sanction)
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
    return ActionDecision(
        action=action,
        mechanism=_LADDER,
        role=role,
        body_kind=new.body_kind,
        body_id=new.body_id,
        level=new.level,
        side=side,
        official_id=person.official_id if person else None,
        severity=position + 1,
        assessment_number=new.assessment_number,
        year=new.year,
        decision=decision,
        triggers=tuple(d.code for d in held),
        sanction=sanction,
        aggravating=factors if applies else (),
    )


def _factors_of(
    new: AccountabilityRecord, person: Official | None
) -> tuple[AggravatingFactor, ...]:
    """The aggravating factors found against ``person`` (none when no person is named)."""
    if person is None:
        return ()
    return tuple(
        f
        for f in AggravatingFactor
        if any(a.official_id == person.official_id and a.factor is f for a in new.aggravations)
    )


def _aggravation_reason(factor: AggravatingFactor, agg_steps: int, s: Standards) -> Reason:
    """The reason an aggravating factor moved the person up the scale."""
    return Reason(
        criterion=factor.criterion,
        holds=True,
        label_en=f"aggravating factor: {factor.en}",
        label_zh=f"从重情节：{factor.zh}",
        citation=s.citation(P.aggravation_scope),
        observed=f"+{agg_steps} step(s)",
        parameter=P.aggravation_steps,
    )


def _award_reason(
    highest: int, award_from: int, scale: Sequence[AccountabilityAction | Sanction], s: Standards
) -> Reason | None:
    """The reason the heaviest step reached costs the award eligibility (``None``: it does not)."""
    if highest < award_from:
        return None
    reached = scale[highest]
    return Reason.compare(
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
