"""Both mechanisms at one assessment of one body (and the recalled ladder, when switched on)."""

from __future__ import annotations

from collections.abc import Iterable

from shuangdao.declare import declared
from shuangdao.errors import InvalidRecordError, InvalidTypeError
from shuangdao.model.accountability import (
    AccountabilityAction,
    AccountabilityRecord,
    ActionDecision,
    Mechanism,
    Official,
)
from shuangdao.model.fields import as_iterable
from shuangdao.rules.accountability._common import officials_of
from shuangdao.rules.accountability._consequences import assessment_consequences
from shuangdao.rules.accountability._ladder import enabled, ladder_actions
from shuangdao.rules.accountability._sanctions import award_loss, measures_sanctions
from shuangdao.rules.accountability._triggers import TRIGGER_RULES, evaluate_triggers
from shuangdao.standards import Standards, default_standards
from shuangdao.standards.params import AccountabilityParams as P


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


@declared(*TRIGGER_RULES, reads=tuple(P.keys()))
def escalate(
    history: Iterable[AccountabilityRecord],
    new_assessment: AccountabilityRecord,
    *,
    subject: Official | Iterable[Official],
    standards: Standards | None = None,
) -> tuple[ActionDecision, ...]:
    """Return what a body's new assessment calls for, under each mechanism, kept apart.

    1. **2011 assessment rules** (:func:`assessment_consequences`): if the body — a city,
       county or assisting unit — was rated failing, its principal and responsible leaders
       get a notice, naming or a coaching interview (``options``; the assessing body
       chooses).
    2. **2010 accountability measures** (:func:`measures_sanctions`): if one of the nine
       situations occurred (:func:`evaluate_triggers`), the art. 2 leaders it targets are
       held to account with the art. 9 sanctions (``sanction_options``, mildest first, made
       heavier by aggravating factors; the discipline body chooses) — from the first
       assessment on — with referrals where due and the team's loss of that year's awards.
    3. **The recalled ladder**, only when ``accountability.ladder_enabled`` (off by default):
       a step per triggered assessment (notice → naming → coaching interview → a proposed
       sanction), replayed over ``history``.

    Every decision names its :class:`~shuangdao.model.accountability.Mechanism`. With the
    ladder off the history only needs to be consistent (same body, in order).

    .. versionchanged:: 0.2.0 the two mechanisms replace the ladder, which is now an
       optional recalled reading, off by default.

    Args:
        history: Earlier assessments of the same body, oldest first.
        new_assessment: The assessment to act on.
        subject: The body's officials (one :class:`~shuangdao.model.accountability.Official`
            or many; people of other bodies are never named).
        standards: Standards to use.

    Returns:
        The decisions in a fixed order: the 2011 rules', the 2010 measures' (per role and
        person, then the team), then the ladder's.

    Raises:
        InvalidRecordError: History of another body or out of order; an aggravation against
            a person not in ``subject``; a choice outside the options.
        StandardsError: Inconsistent accountability data.

    Policy: S8 art. 2; S9; S10 art. 9 (a local copy: provincial or local text uncertain);
    S13; S36; SEED p. 5.

    Example:
        >>> from shuangdao.model.accountability import AccountabilityRecord, Official
        >>> first = AccountabilityRecord(body_id="K01", body_kind="area", level="county",
        ...                              assessment_number=1, failed=12, total=20)
        >>> leader = Official(official_id="P1", role="principal_leader", body_kind="area",
        ...                   body_id="K01", level="county")
        >>> sanction, team = escalate([], first, subject=leader)
        >>> sanction.mechanism.value, [x.value for x in sanction.sanction_options][-1]
        ('accountability_measures_2010', 'removal')
    """
    s = standards or default_standards()
    records = _ordered(history, new_assessment)
    officials = officials_of(subject)
    new = records[-1]
    known = {
        o.official_id for o in officials if (o.body_id, o.body_kind) == (new.body_id, new.body_kind)
    }
    for aggravation in new.aggravations:
        if aggravation.official_id not in known:
            raise InvalidRecordError(
                "is not an official of this body in subject",
                record=f"accountability record {new.body_id}",
                field="aggravations",
                value=aggravation.official_id,
                rule="accountability.escalate",
            )
    actions = [
        *assessment_consequences(new, subject=officials, standards=s),
        *measures_sanctions(
            new, subject=officials, standards=s, triggers=evaluate_triggers(new, standards=s)
        ),
    ]
    if enabled(s):
        ladder = ladder_actions(records, officials, s)
        actions.extend(ladder.actions)
        team = any(a.action is AccountabilityAction.AWARD_INELIGIBLE for a in actions)
        if ladder.award_reason is not None and not team:
            actions.append(
                award_loss(
                    new,
                    ladder.conditions,
                    s,
                    mechanism=Mechanism.RECALLED_LADDER,
                    reason=ladder.award_reason,
                )
            )
    return tuple(actions)
