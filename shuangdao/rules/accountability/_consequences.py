"""The 2011 assessment rules (考核评估办法): a body rated failing → notice, naming or interview."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from shuangdao.declare import declared
from shuangdao.errors import InvalidRecordError, InvalidTypeError, StandardsError
from shuangdao.explain import Decision, Reason, decide
from shuangdao.model.accountability import (
    LADDER_ACTIONS,
    AccountabilityAction,
    AccountabilityRecord,
    ActionDecision,
    BodyKind,
    Mechanism,
    Official,
    OfficialRole,
    TriggerKind,
)
from shuangdao.rules.accountability._common import (
    BodyRef,
    addressees,
    condition,
    officials_of,
    subject_of,
)
from shuangdao.rules.accountability._sanctions import people_of
from shuangdao.standards import Standards, default_standards
from shuangdao.standards.params import AccountabilityParams as P

_RULES: Final = Mechanism.ASSESSMENT_RULES


@declared(reads=(P.failed_assessment_applies,))
def failed_assessment_trigger(
    body: BodyRef, *, rated_failing: bool, standards: Standards | None = None
) -> Decision:
    """Decide whether a city, county or assisting unit was rated failing (考核不合格).

    The condition of the 2011 assessment rules, not a situation of the 2010 measures: the
    principal and responsible leaders of cities, counties and assisting units rated failing
    get a circulated notice, are named or are called to a one-to-one coaching interview
    (:func:`assessment_consequences`). ``accountability.failed_assessment_applies`` turns the
    rules off when false.

    Policy: SEED p. 5; S36 (the 2011 assessment rules).

    Example:
        >>> failed_assessment_trigger("U01", rated_failing=True).outcome
        True
    """
    s = standards or default_standards()
    _, subject_id = subject_of(body)
    if not isinstance(rated_failing, bool):
        raise InvalidTypeError(
            "must be true or false",
            record=f"body {subject_id}",
            field="rated_failing",
            value=rated_failing,
        )
    applies = bool(s.params.accountability.failed_assessment_applies)
    citation = s.citation(P.failed_assessment_applies)
    reason = Reason(
        criterion="accountability.failed_assessment",
        holds=rated_failing and applies,
        label_en="rated failing at the annual assessment",
        label_zh="年度考核不合格",
        citation=citation,
        observed=rated_failing,
        parameter=P.failed_assessment_applies,
        note_en="" if applies else "the 2011 assessment rules are switched off by the standards",
        note_zh="" if applies else "标准已关闭考核评估办法的此项处理",
    )
    return condition(
        s,
        kind=TriggerKind.FAILED_ASSESSMENT,
        body=body,
        reasons=[reason],
        citation=citation,
        title_en="rated failing",
        title_zh="考核不合格",
    )


def consequence_options(s: Standards) -> tuple[AccountabilityAction, ...]:
    """The alternatives of the 2011 rules (notice, naming, coaching interview)."""
    out: list[AccountabilityAction] = []
    for name in s.value(P.assessment_consequences):
        action = next((a for a in LADDER_ACTIONS if a.value == name), None)
        if action is None or action in out:
            raise StandardsError(
                "must list notice, naming, coaching_interview (or admonition), each once",
                field=P.assessment_consequences,
                value=name,
            )
        out.append(action)
    if not out:
        raise StandardsError("must list at least one consequence", field=P.assessment_consequences)
    return tuple(out)


def consequence_roles(s: Standards, body_kind: BodyKind, level: str) -> tuple[OfficialRole, ...]:
    """The roles the 2011 rules address in a body of this kind and level (may be empty)."""
    found = addressees(s.value(P.consequence_addressees), P.consequence_addressees)
    return tuple(r for r in OfficialRole if (body_kind, level, r) in found)


@declared(reads=(P.failed_assessment_applies, P.assessment_consequences, P.consequence_addressees))
def assessment_consequences(
    record: AccountabilityRecord,
    *,
    subject: Official | Iterable[Official] = (),
    standards: Standards | None = None,
) -> tuple[ActionDecision, ...]:
    """Apply the 2011 assessment rules to one assessment of one body.

    When the body was rated failing (``record.rated_failing``) and is a city, county or
    assisting unit (``accountability.consequence_addressees``), each of its principal and
    responsible leaders (a person in ``subject``, or the role itself when none is given) gets
    a decision ``ASSESSMENT_CONSEQUENCE`` whose ``options`` are the alternatives — circulated
    notice, naming or one-to-one coaching interview — that the assessing body chooses from.
    Its choice (``record.consequence_chosen``), when given, is checked and shown. A township,
    poverty office or province is not addressed by these rules (no decision).

    Args:
        record: The assessment.
        subject: The body's officials (others are ignored).
        standards: Standards to use.

    Returns:
        One decision per addressed person or role; empty when the body was not rated failing.

    Raises:
        InvalidRecordError: A chosen consequence that is not one of the options, or a choice
            without a failing rating.

    Policy: SEED p. 5; S36 (the 2011 assessment rules).

    Example:
        >>> from shuangdao.model.accountability import AccountabilityRecord
        >>> r = AccountabilityRecord(body_id="U01", body_kind="unit", level="province",
        ...                          assessment_number=1, rated_failing=True)
        >>> [(a.role.value, [o.value for o in a.options]) for a in assessment_consequences(r)][0]
        ('unit_principal', ['notice', 'naming', 'coaching_interview'])
    """
    s = standards or default_standards()
    officials = officials_of(subject)
    where = f"accountability record {record.body_id}"
    options = consequence_options(s)
    chosen = record.consequence_chosen
    if chosen is not None and chosen not in options:
        raise InvalidRecordError(
            f"must be one of {', '.join(o.value for o in options)} (the 2011 rules' options)",
            record=where,
            field="consequence_chosen",
            value=chosen.value,
            rule="accountability.assessment_rules.consequences",
        )
    if record.rated_failing is None:
        if chosen is not None:
            raise InvalidRecordError(
                "needs rated_failing=True: the 2011 rules act on a failing rating",
                record=where,
                field="consequence_chosen",
                value=chosen.value,
                rule="accountability.assessment_rules.consequences",
            )
        return ()
    rated = failed_assessment_trigger(
        record.body_id, rated_failing=record.rated_failing, standards=s
    )
    if not rated.outcome:
        if chosen is not None:
            raise InvalidRecordError(
                "needs a failing rating under rules that are switched on",
                record=where,
                field="consequence_chosen",
                value=chosen.value,
                rule="accountability.assessment_rules.consequences",
            )
        return ()
    citation = s.citation(P.assessment_consequences)
    options_reason = Reason(
        criterion="accountability.assessment_rules.options",
        holds=True,
        label_en="consequences of a failing rating, the assessing body's choice",
        label_zh="考核不合格的处理方式（由考核部门选定）",
        citation=citation,
        observed=", ".join(o.en for o in options),
        observed_zh="、".join(o.zh for o in options),
        parameter=P.assessment_consequences,
        note_en="alternatives (或), no order stated",
        note_zh="三者择一，未规定先后",
    )
    actions: list[ActionDecision] = []
    for role in consequence_roles(s, record.body_kind, record.level):
        addressed = Reason.flag(
            "accountability.assessment_rules.addressee",
            observed=True,
            label_en="principal or responsible leader of a failing city, county or unit",
            label_zh="考核不合格的市、县或帮扶单位主要负责人或有关负责人",
            citation=s.citation(P.consequence_addressees),
            parameter=P.consequence_addressees,
            note_en=f"{role.en} of a {record.level} {record.body_kind.value.replace('_', ' ')}",
        )
        reasons = [*rated.deciding_reasons, addressed, options_reason]
        if chosen is not None:
            reasons.append(
                Reason(
                    criterion="accountability.assessment_rules.chosen",
                    holds=True,
                    label_en="chosen by the assessing body",
                    label_zh="考核部门选定",
                    citation=citation,
                    observed=chosen.en,
                    observed_zh=chosen.zh,
                    parameter=P.assessment_consequences,
                    note_zh=chosen.zh,
                )
            )
        for person in people_of(record, officials, role):
            subject_id = person.official_id if person else f"{record.body_id}/{role.value}"
            decision = decide(
                rule="accountability.assessment_rules.consequences",
                subject_kind="official",
                subject_id=subject_id,
                title_en="person to be given a notice, named or interviewed under the "
                "2011 assessment rules",
                title_zh="考核评估办法通报、点名或约谈对象",
                reasons=reasons,
                citation=citation,
                standards=s,
                code=chosen.value if chosen else AccountabilityAction.ASSESSMENT_CONSEQUENCE.value,
                value="+".join(o.value for o in options),
            )
            actions.append(
                ActionDecision(
                    action=AccountabilityAction.ASSESSMENT_CONSEQUENCE,
                    mechanism=_RULES,
                    role=role,
                    body_kind=record.body_kind,
                    body_id=record.body_id,
                    level=record.level,
                    side=person.side if person else record.side,
                    official_id=person.official_id if person else None,
                    severity=0,
                    assessment_number=record.assessment_number,
                    year=record.year,
                    decision=decision,
                    triggers=(rated.code,),
                    options=options,
                    chosen=chosen,
                )
            )
    return tuple(actions)
