"""The 2010 measures' consequences: the art. 9 sanctions, aggravation, awards, referrals."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Final

from shuangdao.declare import declared
from shuangdao.errors import InvalidRecordError, StandardsError
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
    SanctionChoice,
    TriggerKind,
)
from shuangdao.rules.accountability._common import officials_of, trigger_kind_of
from shuangdao.rules.accountability._coverage import coverage_decision
from shuangdao.rules.accountability._scale import (
    art9_sanctions,
    combinable,
    scale_of,
)
from shuangdao.rules.accountability._triggers import (
    TRIGGER_RULES,
    evaluate_triggers,
    trigger_targets,
)
from shuangdao.standards import Standards, default_standards
from shuangdao.standards.params import AccountabilityParams as P

_MEASURES: Final = Mechanism.ACCOUNTABILITY_MEASURES


def aggravating_factors(s: Standards) -> tuple[AggravatingFactor, ...]:
    """The aggravating factors the standards recognise, in their order."""
    out = []
    for name in s.params.accountability.aggravating_factors:
        try:
            out.append(AggravatingFactor(name))
        except ValueError:
            raise StandardsError(
                "is not an aggravating factor", field=P.aggravating_factors, value=name
            ) from None
    return tuple(out)


def disciplinary_sanctions(s: Standards) -> tuple[Sanction, ...]:
    """Disciplinary sanctions attested for 双到 (dismissal, 撤职; seed p. 5)."""
    out = []
    for name in s.params.accountability.disciplinary_sanctions:
        try:
            sanction = Sanction(name)
        except ValueError:
            raise StandardsError(
                "is not a sanction", field=P.disciplinary_sanctions, value=name
            ) from None
        if not sanction.disciplinary:
            raise StandardsError(
                "is an art. 9 form, not a disciplinary sanction",
                field=P.disciplinary_sanctions,
                value=name,
            )
        out.append(sanction)
    return tuple(out)


def _distinct(
    factors: Iterable[AggravatingFactor | str], s: Standards
) -> tuple[AggravatingFactor, ...]:
    known = aggravating_factors(s)
    found: set[AggravatingFactor] = set()
    for factor in factors:
        try:
            member = factor if isinstance(factor, AggravatingFactor) else AggravatingFactor(factor)
        except ValueError:
            raise InvalidRecordError(
                "is not an aggravating factor", field="aggravating", value=factor
            ) from None
        if member in known:
            found.add(member)
    return tuple(f for f in known if f in found)


_SANCTION_KEYS: Final = (
    P.sanctions,
    P.sanction_severity,
    P.aggravating_factors,
    P.aggravation_steps,
)


@declared(reads=_SANCTION_KEYS)
def sanction_options(
    *,
    aggravating: Iterable[AggravatingFactor | str] = (),
    standards: Standards | None = None,
) -> tuple[Sanction, ...]:
    """Return the art. 9 sanctions that apply, mildest first, with the aggravation applied.

    Under the 2010 measures the discipline body chooses the sanction; the library returns the
    options. Without aggravating factors every art. 9 sanction applies — from a public apology
    to removal from post (免职) — at any assessment, the first included. Each distinct
    aggravating factor (false statements or evidence, retaliation against complainants,
    refusal to correct) makes the sanction heavier: it takes ``accountability.aggravation_steps``
    sanctions off the mild end (assumed reading of 从重); removal from post always remains.
    The order is the recalled ``accountability.sanction_severity``.

    Args:
        aggravating: Aggravating factors found (repeats count once).
        standards: Standards to use.

    Returns:
        The applicable sanctions, mildest first (never empty).

    Policy: S9; S10 art. 9 (a local copy: provincial or local text uncertain).

    Example:
        >>> [x.value for x in sanction_options()][:2]
        ['public_apology', 'suspension']
        >>> [x.value for x in sanction_options(aggravating=["retaliation"])][0]
        'suspension'
    """
    s = standards or default_standards()
    forms = art9_sanctions(s)
    floor = min(
        int(s.params.accountability.aggravation_steps) * len(_distinct(aggravating, s)),
        len(forms) - 1,
    )
    return forms[floor:]


def _check_choice(
    choice: SanctionChoice,
    *,
    options: tuple[Sanction, ...],
    combinable_with: tuple[Sanction, ...],
    s: Standards,
    record: str,
) -> None:
    allowed = options + disciplinary_sanctions(s)
    if choice.sanction not in allowed:
        raise InvalidRecordError(
            f"is not among the applicable sanctions ({', '.join(x.value for x in allowed)})"
            + (
                "; aggravating factors rule out the milder ones"
                if options != art9_sanctions(s)
                else ""
            ),
            record=record,
            field="sanctions_chosen",
            value=choice.sanction.value,
            rule="accountability.measures.sanctions",
        )
    if choice.with_public_apology and (
        Sanction.PUBLIC_APOLOGY not in combinable_with or choice.sanction is Sanction.PUBLIC_APOLOGY
    ):
        raise InvalidRecordError(
            "adds a public apology that cannot be combined with this sanction",
            record=record,
            field="sanctions_chosen",
            value=choice.official_id,
            rule="accountability.measures.sanctions",
        )


def held_by_role(fired: Sequence[Decision], s: Standards) -> dict[OfficialRole, list[Decision]]:
    """Which roles the situations that occurred hold to account, and by which decisions."""
    targets = trigger_targets(s)
    by_role: dict[OfficialRole, list[Decision]] = {}
    for decision in fired:
        for role in targets.get(trigger_kind_of(decision), ()):
            by_role.setdefault(role, [])
            if decision not in by_role[role]:
                by_role[role].append(decision)
    return by_role


def people_of(
    new: AccountabilityRecord, officials: Sequence[Official], role: OfficialRole
) -> list[Official | None]:
    """The body's people in ``role`` (sorted), or ``[None]`` to address the role itself."""
    inside = [
        o
        for o in officials
        if (o.body_id, o.body_kind) == (new.body_id, new.body_kind) and o.role is role
    ]
    named = sorted(inside, key=lambda o: o.official_id)
    return [*named] if named else [None]


def _common(
    new: AccountabilityRecord, role: OfficialRole, person: Official | None
) -> dict[str, object]:
    return {
        "role": role,
        "body_kind": new.body_kind,
        "body_id": new.body_id,
        "level": new.level,
        "side": person.side if person else new.side,
        "official_id": person.official_id if person else None,
        "assessment_number": new.assessment_number,
        "year": new.year,
    }


def _subject_id(new: AccountabilityRecord, role: OfficialRole, person: Official | None) -> str:
    return person.official_id if person else f"{new.body_id}/{role.value}"


@declared(
    *TRIGGER_RULES,
    reads=(
        P.trigger_roles,
        P.coverage,
        P.covered_sides,
        *_SANCTION_KEYS,
        P.combinable_sanctions,
        P.disciplinary_sanctions,
        P.award_loss,
    ),
)
def measures_sanctions(
    record: AccountabilityRecord,
    *,
    subject: Official | Iterable[Official] = (),
    standards: Standards | None = None,
    triggers: Sequence[Decision] | None = None,
) -> tuple[ActionDecision, ...]:
    """Apply the 2010 accountability measures to one assessment of one body.

    When one of the nine situations occurred (:func:`evaluate_triggers`), each person of the
    body in a role the situation targets (``accountability.trigger_roles``) and covered by
    art. 2 at the body's level and side (:func:`is_covered`) is held to account: an action
    ``SANCTION`` whose ``sanction_options`` are the applicable art. 9 sanctions, mildest first,
    with that person's aggravating factors applied (:func:`sanction_options`). This holds from
    the first assessment on: removal from post is among the options at once. A targeted role
    with no person in ``subject`` gets a decision addressed to the role.

    Findings marked ``discipline_due`` / ``criminal_suspected`` add referrals for the people the
    fund situations hold to account (the disciplinary sanctions attested, dismissal 撤职, are
    listed on the discipline referral); when anyone is held to account the leadership team
    loses that year's award eligibility (``accountability.award_loss``). The discipline
    body's choice (:class:`~shuangdao.model.accountability.SanctionChoice` on the record) is
    checked against the options and shown.

    Args:
        record: The assessment (evidence, aggravations, choices).
        subject: The body's officials (others are ignored).
        standards: Standards to use.
        triggers: The situations already evaluated for ``record`` (default: evaluated here).

    Returns:
        Per role and person, the sanction decision then its referrals; the team's loss of
        award eligibility last. Empty when no situation occurred.

    Raises:
        InvalidRecordError: A choice outside the options, or for someone not held to account.

    Policy: S8 art. 2; S9; S10 art. 9 (a local copy: provincial or local text uncertain);
    S13; SEED p. 5 (dismissal).

    Example:
        >>> from shuangdao.model.accountability import AccountabilityRecord
        >>> r = AccountabilityRecord(body_id="K01", body_kind="area", level="county",
        ...                          assessment_number=1, failed=12, total=20)
        >>> first, team = measures_sanctions(r)
        >>> first.sanction_options[-1].value, team.action.value
        ('removal', 'award_ineligible')
    """
    s = standards or default_standards()
    officials = officials_of(subject)
    fired = [
        d
        for d in (evaluate_triggers(record, standards=s) if triggers is None else triggers)
        if d.outcome
    ]
    chosen = {c.official_id: c for c in record.sanctions_chosen}
    if not fired:
        if chosen:
            _not_held(record, next(iter(chosen)))
        return ()
    by_role = held_by_role(fired, s)
    combinable_with = combinable(s)
    scale = scale_of(s)
    referrals = _referrals_due(record)
    actions: list[ActionDecision] = []
    held: set[str] = set()
    for role in OfficialRole:
        if role not in by_role:
            continue
        for person in people_of(record, officials, role):
            coverage = coverage_decision(
                s,
                subject_id=_subject_id(record, role, person),
                body_kind=record.body_kind,
                level=record.level,
                role=role,
                side=person.side if person else record.side,
            )
            if not coverage.outcome:
                continue
            choice = chosen.get(person.official_id) if person else None
            actions.append(
                _sanction(
                    record,
                    role,
                    person,
                    by_role[role],
                    coverage,
                    choice,
                    s,
                    combinable_with=combinable_with,
                    scale=scale,
                )
            )
            if choice is not None:
                held.add(choice.official_id)
            actions.extend(_referrals(record, role, person, by_role[role], referrals, coverage, s))
    for official_id in chosen:
        if official_id not in held:
            _not_held(record, official_id)
    if actions and s.params.accountability.award_loss:
        actions.append(award_loss(record, fired, s))
    return tuple(actions)


def _referrals_due(record: AccountabilityRecord) -> tuple[AccountabilityAction, ...]:
    """The referrals the record's findings call for (discipline due, crime suspected)."""
    due = (
        (
            AccountabilityAction.DISCIPLINE_REFERRAL,
            any(i.discipline_due for i in record.irregularities),
        ),
        (
            AccountabilityAction.CRIMINAL_REFERRAL,
            any(i.criminal_suspected for i in record.irregularities),
        ),
    )
    return tuple(action for action, flag in due if flag)


def _sanction(  # noqa: PLR0917 - private; one person's context
    record: AccountabilityRecord,
    role: OfficialRole,
    person: Official | None,
    held: Sequence[Decision],
    coverage: Decision,
    choice: SanctionChoice | None,
    s: Standards,
    *,
    combinable_with: tuple[Sanction, ...],
    scale: Sequence[AccountabilityAction | Sanction],
) -> ActionDecision:
    """The sanction decision for one covered person: the options, aggravated, and the choice.

    Raises:
        InvalidRecordError: The discipline body's choice is not among the options.
    """
    factors = _distinct(
        (
            a.factor
            for a in record.aggravations
            if person is not None and a.official_id == person.official_id
        ),
        s,
    )
    options = sanction_options(aggravating=factors, standards=s)
    if choice is not None:
        _check_choice(
            choice,
            options=options,
            combinable_with=combinable_with,
            s=s,
            record=f"accountability record {record.body_id}",
        )
    reasons = [r for d in held for r in d.deciding_reasons]
    reasons += coverage.reasons
    reasons.append(_options_reason(options, combinable_with, s))
    reasons += _aggravation_reasons(factors, s)
    if choice is not None:
        reasons.append(_choice_reason(choice, s))
    decision = decide(
        rule="accountability.measures.sanctions",
        subject_kind="official",
        subject_id=_subject_id(record, role, person),
        title_en="person held to account under the 2010 accountability measures",
        title_zh="问责暂行办法问责对象",
        reasons=reasons,
        citation=s.citation(P.sanctions),
        standards=s,
        code=choice.sanction.value if choice else AccountabilityAction.SANCTION.value,
        value="+".join(x.value for x in options),
    )
    common = _common(record, role, person)
    return ActionDecision(
        action=AccountabilityAction.SANCTION,
        mechanism=_MEASURES,
        severity=scale.index(options[0]) + 1,
        decision=decision,
        triggers=tuple(d.code for d in held),
        sanction=choice.sanction if choice else None,
        sanction_options=options,
        combinable_with=combinable_with,
        aggravating=factors,
        **common,  # type: ignore[arg-type]
    )


def _not_held(record: AccountabilityRecord, official_id: str) -> None:
    raise InvalidRecordError(
        "is not held to account under the 2010 measures at this assessment (no situation "
        "targets this person), so no sanction can be chosen",
        record=f"accountability record {record.body_id}",
        field="sanctions_chosen",
        value=official_id,
        rule="accountability.measures.sanctions",
    )


def _options_reason(
    options: tuple[Sanction, ...], combinable_with: tuple[Sanction, ...], s: Standards
) -> Reason:
    order = s.param(P.sanction_severity).certainty
    extra_en = (
        "; may be combined with " + ", ".join(c.en for c in combinable_with)
        if combinable_with
        else ""
    )
    extra_zh = "；可并处" + "、".join(c.zh for c in combinable_with) if combinable_with else ""
    return Reason(
        criterion="accountability.measures.sanction_options",
        holds=True,
        label_en="applicable art. 9 sanctions, the discipline body's choice",
        label_zh="可选问责方式（由问责机关决定）",
        citation=s.citation(P.sanctions),
        observed=", ".join(x.en for x in options),
        observed_zh="、".join(x.zh for x in options),
        parameter=P.sanctions,
        note_en=f"mildest first (order {order.value}){extra_en}",
        note_zh=f"由轻到重（顺序{order.zh}）{extra_zh}",
    )


def _aggravation_reasons(factors: tuple[AggravatingFactor, ...], s: Standards) -> list[Reason]:
    steps = int(s.params.accountability.aggravation_steps)
    citation = s.citation(P.aggravating_factors)
    return [
        Reason(
            criterion=factor.criterion,
            holds=True,
            label_en=f"aggravating factor: {factor.en}",
            label_zh=f"从重情节：{factor.zh}",
            citation=citation,
            observed=f"heavier by {steps} step(s)",
            observed_zh=f"从重{steps}档",
            parameter=P.aggravation_steps,
            note_en="the mildest sanctions no longer apply",
            note_zh=f"从重，排除最轻的{steps}种问责方式",
        )
        for factor in factors
    ]


def _choice_reason(choice: SanctionChoice, s: Standards) -> Reason:
    what_en = choice.sanction.en + (
        " with an ordered public apology" if choice.with_public_apology else ""
    )
    what_zh = choice.sanction.zh + ("并责令公开道歉" if choice.with_public_apology else "")
    if choice.sanction.disciplinary:
        citation = s.citation(P.disciplinary_sanctions)
        note_en, note_zh = "a disciplinary sanction, not an art. 9 form", "党纪政纪处分，非问责方式"
        parameter = P.disciplinary_sanctions
    else:
        citation = s.citation(P.sanctions)
        note_en, note_zh = choice.note, choice.note
        parameter = P.sanctions
    return Reason(
        criterion="accountability.measures.sanction_chosen",
        holds=True,
        label_en="sanction chosen by the discipline body",
        label_zh="问责机关决定的问责方式",
        citation=citation,
        observed=what_en,
        observed_zh=what_zh,
        parameter=parameter,
        note_en=note_en,
        note_zh=f"{what_zh}；{note_zh}" if note_zh else what_zh,
    )


def _referrals(  # noqa: PLR0917 - private, one call site
    record: AccountabilityRecord,
    role: OfficialRole,
    person: Official | None,
    held_for: list[Decision],
    referrals: tuple[AccountabilityAction, ...],
    coverage: Decision,
    s: Standards,
) -> list[ActionDecision]:
    funds = [d for d in held_for if trigger_kind_of(d) is TriggerKind.FUNDS]
    out: list[ActionDecision] = []
    for referral in referrals if funds else ():
        flagged = [
            i
            for i in record.irregularities
            if (
                i.discipline_due
                if referral is AccountabilityAction.DISCIPLINE_REFERRAL
                else i.criminal_suspected
            )
        ]
        reasons = [
            r
            for d in funds
            for r in d.deciding_reasons
            if any(r.criterion.endswith(i.kind.value) for i in flagged)
        ]
        examples: tuple[Sanction, ...] = ()
        if referral is AccountabilityAction.DISCIPLINE_REFERRAL:
            examples = disciplinary_sanctions(s)
            reasons.append(
                Reason(
                    criterion="accountability.measures.disciplinary_sanctions",
                    holds=True,
                    label_en="disciplinary sanctions attested for 双到",
                    label_zh="见于“双到”的党纪政纪处分",
                    citation=s.citation(P.disciplinary_sanctions),
                    observed=", ".join(x.en for x in examples) or "none listed",
                    observed_zh="、".join(x.zh for x in examples) or "未列出",
                    parameter=P.disciplinary_sanctions,
                )
            )
        decision = decide(
            rule="accountability.measures.referral",
            subject_kind="official",
            subject_id=_subject_id(record, role, person),
            title_en=f"person proposed for {referral.en} under the 2010 accountability measures",
            title_zh=f"问责暂行办法：{referral.zh}对象",
            reasons=[*reasons, *coverage.reasons],
            citation=s.citation(P.sanctions),
            standards=s,
            code=referral.value,
            value=referral.value,
        )
        out.append(
            ActionDecision(
                action=referral,
                mechanism=_MEASURES,
                severity=0,
                decision=decision,
                triggers=tuple(d.code for d in funds),
                sanction_options=examples,
                **_common(record, role, person),  # type: ignore[arg-type]
            )
        )
    return out


def award_loss(
    record: AccountabilityRecord,
    fired: Sequence[Decision],
    s: Standards,
    *,
    mechanism: Mechanism = _MEASURES,
    reason: Reason | None = None,
) -> ActionDecision:
    """The team's loss of that year's award eligibility.

    Under the measures it follows whenever they hold the body's leaders to account; the
    recalled ladder passes its own ``reason`` (the step reached).
    """
    citation = s.citation(P.award_loss) if reason is None else reason.citation
    if reason is None:
        reason = Reason.flag(
            "accountability.measures.award_loss",
            observed=True,
            label_en="leaders held to account under the 2010 measures this year",
            label_zh="本年度有领导依问责暂行办法被问责",
            citation=citation,
            parameter=P.award_loss,
        )
    reasons = [r for d in fired for r in d.deciding_reasons] + [reason]
    action = AccountabilityAction.AWARD_INELIGIBLE
    return ActionDecision(
        action=action,
        mechanism=mechanism,
        role=OfficialRole.LEADERSHIP_TEAM,
        body_kind=record.body_kind,
        body_id=record.body_id,
        level=record.level,
        side=record.side,
        severity=0,
        assessment_number=record.assessment_number,
        year=record.year,
        triggers=tuple(d.code for d in fired),
        decision=decide(
            rule="accountability.measures.award_loss",
            subject_kind="team",
            subject_id=record.body_id,
            title_en="team that loses this year's award eligibility",
            title_zh="取消当年评先评优资格的领导班子",
            reasons=reasons,
            citation=citation,
            standards=s,
            code=action.value,
            value=action.value,
        ),
    )
