"""The situations of the 2010 accountability measures (问责情形), declared as plain data.

Each situation is a :class:`TriggerCriterion` — what is observed, the parameter and comparator
that decide it, the area levels it is evaluated for and the clause it cites — and every
evaluator (the scalar rules here, the columnar one in ``_columnar``) reads that declaration.
No threshold, comparator or level list is written anywhere else.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Final

import attrs
from attrs import frozen

from shuangdao.citations import Citation
from shuangdao.errors import (
    InvalidRecordError,
    InvalidTypeError,
    MissingParameterError,
    StandardsError,
)
from shuangdao.explain import Decision, Reason
from shuangdao.model import Pairing, PartyKind
from shuangdao.model._base import as_iterable
from shuangdao.model.accountability import (
    AccountabilityRecord,
    BodyKind,
    FundingIrregularity,
    IrregularityKind,
    LeaderLink,
    OfficialRole,
    TriggerKind,
    check_counts,
    ordinal,
)
from shuangdao.quantities import Comparator
from shuangdao.rules.accountability._common import (
    BodyRef,
    condition,
    roles_of,
    split_entry,
    subject_of,
)
from shuangdao.standards import Standards, default_standards


@frozen
class TriggerCriterion:
    """One situation of the 2010 measures as plain data: what both evaluators read.

    Attributes:
        kind: The :class:`~shuangdao.model.accountability.TriggerKind`.
        observed: What is observed, as the columnar evaluator's input names it: ``"failed"``
            over ``"total"`` (a share), ``"leaders_without_village"``, ``"fiscal_guarantee"``,
            ``"findings"`` (per :class:`~shuangdao.model.accountability.IrregularityKind`).
        per: The denominator of a share (``"total"``), or ``None``.
        parameter: The standards key of the threshold (by assessment number), or ``None``
            for a flag (it holds when the observed count is at least one, or the guarantee
            is missing).
        comparator: The standards key of the comparator, or ``None`` for a flag.
        levels: The standards key listing the area levels it is evaluated for, or ``None``
            (any body: areas and units).
        citation: The standards key whose citation the decision carries.
        situation: How the source numbers or names it.
    """

    kind: TriggerKind
    observed: str
    per: str | None
    parameter: str | None
    comparator: str | None
    levels: str | None
    citation: str
    situation: str

    @property
    def parameters(self) -> tuple[str, ...]:
        """Every standards key this criterion reads."""
        keys = (self.parameter, self.comparator, self.levels, self.citation)
        return tuple(dict.fromkeys(k for k in keys if k is not None))


_THRESHOLDS: Final = "accountability.fail_share_thresholds"
_COMPARATOR: Final = "accountability.fail_share_comparator"
_LEVELS: Final = "accountability.trigger_levels"
_REGIONAL: Final = "accountability.regional_triggers"
_FUND_KINDS: Final = "accountability.irregularity_kinds"
TARGETS_KEY: Final = "accountability.trigger_roles"
"""Which roles each situation of the measures holds to account."""

FAIL_SHARE: Final = TriggerCriterion(
    kind=TriggerKind.FAIL_SHARE,
    observed="failed",
    per="total",
    parameter=_THRESHOLDS,
    comparator=_COMPARATOR,
    levels=_LEVELS,
    citation=_REGIONAL,
    situation="situation 1 for regional principal leaders",
)
"""Too many failing villages: 50 % / 40 % / 20 % at the 1st / 2nd / 3rd assessment (S9)."""

LEADER_VILLAGE: Final = TriggerCriterion(
    kind=TriggerKind.LEADER_VILLAGE,
    observed="leaders_without_village",
    per=None,
    parameter=None,
    comparator=None,
    levels=_LEVELS,
    citation=_REGIONAL,
    situation="situation 2 for regional principal leaders",
)
"""The leadership did not each take charge of a village (挂村办点, S9)."""

FISCAL_GUARANTEE: Final = TriggerCriterion(
    kind=TriggerKind.FISCAL_GUARANTEE,
    observed="fiscal_guarantee",
    per=None,
    parameter=None,
    comparator=None,
    levels=_LEVELS,
    citation=_REGIONAL,
    situation="situation 3 for regional principal leaders",
)
"""No local fiscal budget guarantee for 双到 (S9)."""

FUNDS: Final = TriggerCriterion(
    kind=TriggerKind.FUNDS,
    observed="findings",
    per=None,
    parameter=None,
    comparator=None,
    levels=None,
    citation=_FUND_KINDS,
    situation="the fund and poor-list situations (S10 arts. 8–12)",
)
"""The fund and poor-list situations, one per kind of ``accountability.irregularity_kinds``."""

TRIGGER_CRITERIA: Final = (FAIL_SHARE, LEADER_VILLAGE, FISCAL_GUARANTEE, FUNDS)
"""Every situation of the 2010 measures, in evaluation order."""


# ---------------------------------------------------------------------------- reading the data


def thresholds(s: Standards) -> Mapping[str, Decimal]:
    """The fail-share threshold table (assessment number as text → share)."""
    value: Mapping[str, Decimal] = s.value(_THRESHOLDS)
    return value


def threshold_for(s: Standards, assessment_number: int, *, record: str | None = None) -> Decimal:
    """The fail-share threshold of one assessment.

    Raises:
        MissingParameterError: The table has no entry for this assessment.
    """
    table = thresholds(s)
    entry = str(assessment_number)
    if entry not in table:
        raise MissingParameterError(
            f"has no threshold for the {ordinal(assessment_number)} assessment "
            f"(assessments: {', '.join(sorted(table))}); override "
            f"{_THRESHOLDS} with a table that includes it",
            record=record,
            field=_THRESHOLDS,
            value=assessment_number,
            rule="accountability.trigger.fail_share",
        )
    return table[entry]


def comparator_of(s: Standards) -> Comparator:
    """The fail-share comparator (how 'reaches' is read)."""
    value: Comparator = s.value(_COMPARATOR)
    return value


def trigger_levels(s: Standards) -> tuple[str, ...]:
    """The area levels the regional situations are evaluated for (cities, counties, townships)."""
    levels = tuple(s.value(_LEVELS))
    if not levels:
        raise StandardsError("must list at least one level", field=_LEVELS)
    return levels


def irregularity_kinds(s: Standards) -> tuple[IrregularityKind, ...]:
    """The fund and poor-list situations evaluated, in the order of the standards."""
    kinds = []
    for name in s.value(_FUND_KINDS):
        try:
            kinds.append(IrregularityKind(name))
        except ValueError:
            raise StandardsError(
                "is not an irregularity kind", field=_FUND_KINDS, value=name
            ) from None
    return tuple(kinds)


def trigger_targets(s: Standards) -> Mapping[TriggerKind, tuple[OfficialRole, ...]]:
    """Which roles each situation of the measures holds to account."""
    key = TARGETS_KEY
    targets: dict[TriggerKind, tuple[OfficialRole, ...]] = {}
    for entry in s.value(key):
        (trigger_names, role_names) = split_entry(entry, 2, key)
        for trigger_name in trigger_names:
            try:
                trigger = TriggerKind(trigger_name)
            except ValueError:
                raise StandardsError("is not a trigger", field=key, value=trigger_name) from None
            if trigger is TriggerKind.FAILED_ASSESSMENT:
                raise StandardsError(
                    "is the 2011 assessment rules' condition, not a situation of the 2010 "
                    "measures (its addressees are accountability.consequence_addressees)",
                    field=key,
                    value=trigger_name,
                )
            targets[trigger] = targets.get(trigger, ()) + roles_of(role_names, key)
    return targets


def _regional_citation(s: Standards, criterion: TriggerCriterion) -> Citation:
    return attrs.evolve(s.citation(criterion.citation), article=criterion.situation)


# ---------------------------------------------------------------------------- the rules


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


_DISPLAY: Final = decimal.Context(prec=60, rounding=decimal.ROUND_HALF_EVEN)
"""A local context for the displayed percentages (never the caller's global context)."""


def _percent(numerator: int, denominator: int) -> tuple[Decimal, bool]:
    """``numerator / denominator`` as a percentage quantized to 0.01, and whether exact."""
    share = _DISPLAY.divide(Decimal(numerator) * 100, Decimal(denominator))
    rounded = share.quantize(Decimal("0.01"), context=_DISPLAY)
    exact = rounded * denominator == Decimal(numerator) * 100
    if rounded == rounded.to_integral_value():
        return Decimal(int(rounded)), exact
    return rounded.normalize(context=_DISPLAY), exact


def fail_share_holds(comparator: Comparator, failed: int, total: int, threshold: Decimal) -> bool:
    """Exactly ``failed / total <op> threshold``, in integers (no decimal context involved).

    With the threshold as the fraction ``n / d``: ``failed × d <op> n × total``.
    """
    n, d = threshold.as_integer_ratio()
    return comparator.holds(failed * d, n * total)


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

    A situation of the 2010 accountability measures (:data:`FAIL_SHARE`): the share of failing
    villages in a city, county or township "reaches" 50 % at the 1st assessment, 40 % at the
    2nd, 20 % at the 3rd (``accountability.fail_share_thresholds``); "reaches" is read as >=
    (``accountability.fail_share_comparator``, recalled). The comparison is exact:
    ``failed`` against ``threshold × total``, so 10 of 20 reaches 50 %. It holds from the
    first assessment on, and then the art. 9 sanctions apply.

    Args:
        area: The city, county or township (id or :class:`~shuangdao.model.AdminArea`).
        assessment_number: Which annual assessment (1, 2, 3; later ones need data).
        failed: Villages rated failing (with ``total``), or
        total: Villages assessed.
        results: Instead of counts, ``village_id → result``: an assessment
            :class:`~shuangdao.explain.Decision` (its outcome), ``True``/``False``, or a grade
            (``"pass"``/``"good"``/``"excellent"``/及格/合格/良好/优秀 passed;
            ``"fail"``/不及格/不合格 failed; an enum's ``.value`` is read).
        standards: Standards to use (default: :func:`~shuangdao.standards.default_standards`).

    Returns:
        A decision whose outcome is True when the situation occurred; the reason names the
        counts.

    Raises:
        InvalidRecordError: Counts missing, both counts and results given, or inconsistent.
        MissingParameterError: No threshold for this assessment number.

    Policy: S9 situation 1; S13.

    Example:
        >>> fail_share_trigger("K01", assessment_number=1, failed=9, total=20).outcome
        False
        >>> d = fail_share_trigger("K01", assessment_number=1, failed=12, total=20)
        >>> print(d.reasons[0].render("en"))  # doctest: +NORMALIZE_WHITESPACE
        share of failing villages 60 % is at or above (>=) 50 % (margin +10); 12 of 20
        villages failed at the 1st assessment ('reaches' read as >=, recalled) [S9, S13;
        situation 1 for regional principal leaders]
    """
    s = standards or default_standards()
    _, subject_id = subject_of(area)
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
    check_counts(failed, total, record=record)
    if isinstance(assessment_number, bool) or not isinstance(assessment_number, int):
        raise InvalidTypeError(
            "must be an integer", record=record, field="assessment_number", value=assessment_number
        )
    threshold = threshold_for(s, assessment_number, record=record)
    comparator = comparator_of(s)
    holds = fail_share_holds(comparator, failed, total, threshold)
    share, exact = _percent(failed, total)
    n, d = threshold.as_integer_ratio()
    threshold_pct, _ = _percent(n, d)
    comparator_tag = s.param(_COMPARATOR).certainty
    approx_en = "" if exact else " (share rounded for display; decided exactly)"
    approx_zh = "" if exact else "（比例四舍五入显示，判定按精确值）"
    citation = _regional_citation(s, FAIL_SHARE)
    reason = Reason.compare(
        "accountability.fail_share",
        observed=share,
        threshold=threshold_pct,
        comparator=comparator,
        holds=holds,
        margin=_DISPLAY.subtract(share, threshold_pct),
        unit="%",
        label_en="share of failing villages",
        label_zh="不合格村比例",
        parameter=_THRESHOLDS,
        citation=citation,
        note_en=(
            f"{failed} of {total} villages failed at the {ordinal(assessment_number)} "
            f"assessment ('reaches' read as {comparator.symbol}, {comparator_tag.value})"
            f"{approx_en}"
        ),
        note_zh=(
            f"第{assessment_number}次考核{total}个村中{failed}个不合格"
            f"（“达到”按{comparator.symbol}理解，{comparator_tag.zh}）{approx_zh}"
        ),
    )
    return condition(
        s,
        kind=TriggerKind.FAIL_SHARE,
        body=area,
        reasons=[reason],
        citation=citation,
        title_en="too many failing villages",
        title_zh="不合格村比例过高",
    )


def _villages_by_leader(
    links: Mapping[str, str | None] | Iterable[Pairing | LeaderLink],
    *,
    on: dt.date | None,
    subject_id: str,
) -> dict[str, list[str]]:
    villages: dict[str, list[str]] = {}
    if isinstance(links, Mapping):
        items: Iterable[object] = [LeaderLink(leader_id=k, village_id=v) for k, v in links.items()]
    else:
        items = as_iterable(links, "links")
    for item in items:
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
    return villages


def leaders_without_village(
    links: Mapping[str, str | None] | Iterable[Pairing | LeaderLink],
    *,
    leaders: Iterable[str] | None = None,
    on: dt.date | None = None,
    subject_id: str = "",
) -> tuple[tuple[str, ...], int]:
    """The leaders who took charge of no village, and how many leaders were checked."""
    villages = _villages_by_leader(links, on=on, subject_id=subject_id)
    required = sorted(set(leaders) if leaders is not None else set(villages))
    if not required:
        raise InvalidRecordError(
            "has no leaders to check",
            record=f"area {subject_id}",
            field="leaders",
            rule="accountability.trigger.leader_village",
        )
    return tuple(leader for leader in required if not villages.get(leader)), len(required)


def leader_village_trigger(
    area: BodyRef,
    *,
    links: Mapping[str, str | None] | Iterable[Pairing | LeaderLink],
    leaders: Iterable[str] | None = None,
    on: dt.date | None = None,
    standards: Standards | None = None,
) -> Decision:
    """Decide whether an area's leadership did not each take charge of a village (挂村办点).

    A situation of the 2010 accountability measures (:data:`LEADER_VILLAGE`): it holds when at
    least one leader took charge of no village.

    Args:
        area: The city, county or township (id or :class:`~shuangdao.model.AdminArea`).
        links: ``leader_id → village_id | None``, or
            :class:`~shuangdao.model.accountability.LeaderLink` s, or ledger
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
    _, subject_id = subject_of(area)
    missing, checked = leaders_without_village(links, leaders=leaders, on=on, subject_id=subject_id)
    took = checked - len(missing)
    citation = _regional_citation(s, LEADER_VILLAGE)
    reason = Reason(
        criterion="accountability.leader_village",
        holds=bool(missing),
        label_en="leaders who took charge of no village (挂村办点)",
        label_zh="未挂村办点的领导",
        citation=citation,
        observed=", ".join(missing) if missing else "none",
        unit="",
        parameter=LEADER_VILLAGE.citation,
        note_en=f"{took} of {checked} leaders took charge of a village",
        note_zh=f"{checked}名领导中{took}名挂村办点",
    )
    return condition(
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

    A situation of the 2010 accountability measures (:data:`FISCAL_GUARANTEE`).

    Args:
        area: The city, county or township (id or :class:`~shuangdao.model.AdminArea`).
        has_guarantee: Whether the local budget guaranteed 双到 funds that year.
        standards: Standards to use.

    Policy: S9 situation 3.

    Example:
        >>> fiscal_guarantee_trigger("K01", has_guarantee=False).outcome
        True
    """
    s = standards or default_standards()
    _, subject_id = subject_of(area)
    if not isinstance(has_guarantee, bool):
        raise InvalidTypeError(
            "must be true or false",
            record=f"area {subject_id}",
            field="has_guarantee",
            value=has_guarantee,
        )
    citation = _regional_citation(s, FISCAL_GUARANTEE)
    reason = Reason.flag(
        "accountability.fiscal_guarantee",
        observed=has_guarantee,
        required=False,
        label_en="local fiscal budget guarantee for 双到",
        label_zh="地方财政预算保障",
        citation=citation,
        parameter=FISCAL_GUARANTEE.citation,
        note_en="the local budget did not guarantee 双到 funds"
        if not has_guarantee
        else "the local budget guaranteed 双到 funds",
        note_zh="地方财政未安排“双到”预算" if not has_guarantee else "地方财政已安排“双到”预算",
    )
    return condition(
        s,
        kind=TriggerKind.FISCAL_GUARANTEE,
        body=area,
        reasons=[reason],
        citation=citation,
        title_en="no local fiscal guarantee",
        title_zh="无地方财政保障",
    )


def _irregularity(item: object, subject_id: str) -> FundingIrregularity:
    """Accept a :class:`FundingIrregularity`, or a funding finding (attributed to the body)."""
    if isinstance(item, FundingIrregularity):
        return item
    if isinstance(getattr(item, "kind", None), IrregularityKind) and hasattr(item, "record_id"):
        return FundingIrregularity.from_finding(item, body_id=subject_id)
    raise InvalidTypeError(
        f"must hold FundingIrregularity records or funding findings, not {type(item).__name__}",
        field="irregularities",
        value=item,
    )


def funds_triggers(
    body: BodyRef,
    *,
    irregularities: Iterable[object],
    standards: Standards | None = None,
) -> tuple[Decision, ...]:
    """Decide each fund and poor-list situation of the 2010 measures from findings.

    Returns one decision per kind listed in ``accountability.irregularity_kinds``, in that
    order (:data:`FUNDS`); it holds when at least one finding of that kind is on ``body``,
    with one reason per finding (amount, village, evidence id).

    Args:
        body: The area or unit responsible.
        irregularities: :class:`~shuangdao.model.accountability.FundingIrregularity` records,
            or the funding checks' findings (:class:`~shuangdao.rules.funding.FundingFinding`,
            same vocabulary), which are taken as found on ``body``.
        standards: Standards to use.

    Raises:
        InvalidRecordError: A finding names another body (it cannot be held against this one).

    Policy: S10 arts. 8–12 (a local copy: provincial or local text uncertain); S13.

    Example:
        >>> from shuangdao.model.accountability import FundingIrregularity
        >>> found = FundingIrregularity(kind="misused_funds", body_id="K01", amount="5000")
        >>> [d.code for d in funds_triggers("K01", irregularities=[found]) if d.outcome]
        ['triggered:funds.misused_funds']
    """
    s = standards or default_standards()
    _, subject_id = subject_of(body)
    findings = [
        _irregularity(item, subject_id) for item in as_iterable(irregularities, "irregularities")
    ]
    for item in findings:
        if item.body_id != subject_id:
            raise InvalidRecordError(
                f"names body {item.body_id!r}, not {subject_id!r}",
                record=f"funding irregularity {item.evidence_id or item.kind.value}",
                field="body_id",
                value=item.body_id,
                rule="accountability.trigger.funds",
            )
    citation = s.citation(FUNDS.citation)
    decisions = []
    for kind in irregularity_kinds(s):
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
                    parameter=FUNDS.citation,
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
                    parameter=FUNDS.citation,
                )
            )
        decisions.append(
            condition(
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


def check_regional(record: AccountabilityRecord, s: Standards, field: str, value: object) -> None:
    """Raise unless ``record`` is an area at a level the regional situations apply to."""
    levels = trigger_levels(s)
    if record.body_kind is not BodyKind.AREA or record.level not in levels:
        raise InvalidRecordError(
            f"applies to areas at levels {', '.join(levels)} only "
            f"({_LEVELS}); a unit or another level has no such evidence",
            record=f"accountability record {record.body_id}",
            field=field,
            value=value,
        )


def evaluate_triggers(
    record: AccountabilityRecord, *, standards: Standards | None = None
) -> tuple[Decision, ...]:
    """Evaluate every situation of the 2010 measures ``record`` has evidence for.

    In a fixed order (:data:`TRIGGER_CRITERIA`): failing villages (if ``failed``/``total``
    are given), leaders' villages (if ``leaders`` is given), fiscal guarantee (if recorded) —
    these three for cities, counties and townships (``accountability.trigger_levels``) — then
    the fund and poor-list situations (always: no findings means none holds). Evidence left
    as ``None`` is not evaluated and is absent from the result. Whether the body was rated
    failing is the 2011 assessment rules' condition: see
    :func:`failed_assessment_trigger`.

    .. versionchanged:: 0.2.0 the 2011 rules' "rated failing" is no longer among these.

    Raises:
        InvalidRecordError: Regional evidence on a unit or on an area at another level.

    Policy: S9 situations 1–3; S10; S13.

    Example:
        >>> from shuangdao.model.accountability import AccountabilityRecord
        >>> r = AccountabilityRecord(body_id="K01", body_kind="area", level="township",
        ...                          assessment_number=2, failed=8, total=20)
        >>> [d.code for d in evaluate_triggers(r) if d.outcome]
        ['triggered:fail_share']
    """
    s = standards or default_standards()
    body = record.body_id
    decisions: list[Decision] = []
    if record.failed is not None and record.total is not None:
        check_regional(record, s, "failed", record.failed)
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
        check_regional(record, s, "leaders", len(record.leaders))
        decisions.append(leader_village_trigger(body, links=record.leaders, standards=s))
    if record.fiscal_guarantee is not None:
        check_regional(record, s, "fiscal_guarantee", record.fiscal_guarantee)
        decisions.append(
            fiscal_guarantee_trigger(body, has_guarantee=record.fiscal_guarantee, standards=s)
        )
    decisions.extend(funds_triggers(body, irregularities=record.irregularities, standards=s))
    return tuple(decisions)
