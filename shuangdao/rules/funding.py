"""Funding rules: the round-2 provincial subsidy, and checks for the misuse of funds.

* :func:`provincial_subsidy` and :func:`subsidy_schedule` — round 2's provincial subsidy for key
  villages (S2, rule R10): 900k / 750k / 600k yuan by tier, 1M in a former
  Central-Soviet or minority autonomous county, paid in 2013 and 2014. The tier thresholds were
  never published, so the tier is an *input*; the split between the two instalments was never
  published either (``funding.subsidy_instalment_shares``, assumed 50/50).
* The misuse checks of the 问责 rules (S10), each a pure function over the
  :class:`~shuangdao.funding.FundingLedger` returning an explained :class:`~shuangdao.Decision`
  whose outcome is **true when the misuse is found**:

  - :func:`check_unsigned_funds` — funds not signed for by the village head and household head;
  - :func:`check_delayed_funds` — paid out later than a time limit after allocation (the limit
    was never published: ``limit_days`` or ``funding.disbursement_limit_days``, required);
  - :func:`check_withheld_funds` — allocated but not (fully) paid out by a date;
  - :func:`check_outside_plan` — no spending plan, or spent on a purpose outside the recipient's
    plan measures;
  - :func:`check_misdirected_funds` — approved for a recipient that is not an assisted village
    or household.

  :func:`audit_funds` runs every check it has inputs for and returns :class:`FundingFinding`
  records. Their kinds are the one vocabulary the accountability triggers read
  (:class:`~shuangdao.model.accountability.IrregularityKind`): a finding passes straight to
  :func:`~shuangdao.rules.accountability.funds_triggers`, or becomes evidence against a body
  with :meth:`~shuangdao.model.accountability.FundingIrregularity.from_finding`;
  :meth:`FundingFinding.to_evidence` gives a plain mapping (kind, recipient, amount, date, reason).
  A decision's code is the situation found (``not_signed_for``, ``no_spending_plan``...) or
  ``ok``.
* :func:`published_project_counts` checks the seed's project arithmetic
  (18,101 + 2,938 + 1,559 + 6,270 = 28,868).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Collection, Iterable, Mapping, Sequence
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any, Final

from attrs import field, frozen

from shuangdao.citations import Certainty, Citation
from shuangdao.errors import (
    InvalidRecordError,
    InvalidTypeError,
    MissingParameterError,
    StandardsError,
    UnknownReferenceError,
)
from shuangdao.explain import Combine, Decision, Reason, decide
from shuangdao.funding import Allocation, Disbursement, FundingLedger
from shuangdao.model.accountability import IrregularityKind
from shuangdao.model.assistance import PartyKind
from shuangdao.model.plan import MeasureKind, Plan
from shuangdao.quantities import FEN, Comparator, money
from shuangdao.standards import Standards, default_standards

__all__ = [
    "AssistedBy",
    "FundingAudit",
    "FundingFinding",
    "Instalment",
    "audit_funds",
    "check_delayed_funds",
    "check_misdirected_funds",
    "check_outside_plan",
    "check_unsigned_funds",
    "check_withheld_funds",
    "finding_from",
    "provincial_subsidy",
    "published_project_counts",
    "subsidy_schedule",
]

_ZERO: Final = Decimal("0.00")
_S2: Final = Citation(("S2",))
_S10: Final = Citation(("S10",), note="问责情形 ('Others'); provincial or local copy uncertain")


class AssistedBy(enum.Enum):
    """Who assists a round-2 key village (decides eligibility for the provincial subsidy, S2)."""

    CENTRAL_UNIT = "central_unit"
    """A central unit in Guangdong (中直驻粤单位)."""
    PROVINCIAL_UNIT = "provincial_unit"
    """A provincial unit (省直单位)."""
    OWN_CITY = "own_city"
    """The village's own less-developed city (欠发达地区市自身帮扶)."""
    OWN_COUNTY = "own_county"
    """The village's own less-developed county (县自身帮扶)."""
    PRD_CITY = "prd_city"
    """A Pearl River Delta city (珠三角对口帮扶): presumably funded by that city [R]."""


_CHECKS: Final = {
    "funding.unsigned": (IrregularityKind.NOT_SIGNED_FOR,),
    "funding.delayed": (IrregularityKind.DELAYED_FUNDS,),
    "funding.withheld": (IrregularityKind.WITHHELD_FUNDS,),
    "funding.outside_plan": (IrregularityKind.NO_SPENDING_PLAN, IrregularityKind.MISUSED_FUNDS),
    "funding.misdirected": (IrregularityKind.MISDIRECTED_APPROVAL,),
}
"""Each misuse check's rule id and the situations (one vocabulary with the accountability
triggers, :class:`~shuangdao.model.accountability.IrregularityKind`) it can find."""


def __getattr__(name: str) -> Any:
    """``MisuseKind`` (removed in 0.2.0) resolves to ``IrregularityKind`` with a warning."""
    if name == "MisuseKind":
        import warnings

        warnings.warn(
            "shuangdao.rules.funding.MisuseKind is replaced by the one vocabulary "
            "shuangdao.model.accountability.IrregularityKind (UNSIGNED → NOT_SIGNED_FOR, "
            "DELAYED → DELAYED_FUNDS, WITHHELD → WITHHELD_FUNDS, OUTSIDE_PLAN → "
            "NO_SPENDING_PLAN or MISUSED_FUNDS, MISDIRECTED → MISDIRECTED_APPROVAL); "
            "the old name will be removed in the next release",
            DeprecationWarning,
            stacklevel=2,
        )
        return IrregularityKind
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _standards(standards: Standards | None) -> Standards:
    return default_standards() if standards is None else standards


# --- round-2 provincial subsidy ------------------------------------------------------------------


def provincial_subsidy(
    village_id: str,
    *,
    tier: int | None,
    special_county: bool,
    assisted_by: AssistedBy | str,
    standards: Standards | None = None,
    as_of: dt.date | None = None,
) -> Decision:
    """Round 2's provincial subsidy for a key village (省级财政补助): eligibility and amount.

    Key villages assisted by provincial or central units, or by their own less-developed city or
    county, are eligible (``funding.subsidy_eligible_assistance``). They get
    ``funding.subsidy_tiers`` by tier (1 → 900,000; 2 → 750,000; 3 → 600,000 yuan), or
    ``funding.subsidy_special_county`` (1,000,000) in a former Central-Soviet county or a minority
    autonomous county, whatever the tier. Tiers are "by poverty depth and poor-population size",
    but the cut-offs were never published, so the caller supplies the tier. A village paired with
    a Pearl River Delta city is not eligible; that the PRD city funds it instead is recalled [R].

    Policy: S2 (round-2 subsidy tiers), rule R10.

    Args:
        village_id: The key village.
        tier: 1, 2 or 3; may be ``None`` only for a special county.
        special_county: The village lies in a former Central-Soviet county (原中央苏区县) or a
            minority autonomous county (少数民族自治县).
        assisted_by: Who assists it (:class:`AssistedBy` or its value).
        standards: Standards to read (default: :func:`~shuangdao.standards.default_standards`).
        as_of: Date the decision speaks for.

    Returns:
        A decision: outcome = eligible; ``value`` = the amount (``Decimal('0.00')`` if not
        eligible); code ``"eligible"`` or ``"not_eligible"``.

    Raises:
        MissingParameterError: ``tier`` is ``None`` outside a special county.
        InvalidRecordError: ``tier`` is not a tier of ``funding.subsidy_tiers``, or
            ``assisted_by`` is unknown.

    Example:
        >>> d = provincial_subsidy(
        ...     "V1", tier=2, special_county=False, assisted_by="provincial_unit")
        >>> d.outcome, d.value
        (True, Decimal('750000.00'))
        >>> provincial_subsidy("V2", tier=1, special_county=False, assisted_by="prd_city").code
        'not_eligible'
    """
    s = _standards(standards)
    record = f"village {village_id}"
    try:
        assisted = AssistedBy(assisted_by)
    except ValueError:
        choices = ", ".join(a.value for a in AssistedBy)
        raise InvalidRecordError(
            f"must be one of {choices}",
            record=record,
            field="assisted_by",
            value=assisted_by,
            rule="funding.provincial_subsidy",
        ) from None
    if not isinstance(special_county, bool):
        raise InvalidTypeError(
            "must be a boolean", record=record, field="special_county", value=special_county
        )
    tiers: Mapping[str, Decimal] = s.value("funding.subsidy_tiers")
    eligible_list: tuple[str, ...] = s.value("funding.subsidy_eligible_assistance")
    eligible = assisted.value in eligible_list
    eligibility = Reason(
        criterion="funding.subsidy_eligibility",
        holds=eligible,
        label_en="assisted by a central or provincial unit, or by its own city or county",
        label_zh="由省直、中直单位或本市、县自身帮扶",
        citation=s.citation("funding.subsidy_eligible_assistance"),
        observed=assisted.value,
        threshold=", ".join(eligible_list),
        parameter="funding.subsidy_eligible_assistance",
        note_en=(
            "a PRD-paired village is presumably funded by its PRD city [recalled]"
            if assisted is AssistedBy.PRD_CITY
            else ""
        ),
        note_zh="珠三角对口帮扶村应由帮扶市出资（存疑）" if assisted is AssistedBy.PRD_CITY else "",
    )
    if special_county:
        amount = money(s.value("funding.subsidy_special_county"))
        amount_reason = Reason(
            criterion="funding.subsidy_amount",
            holds=True,
            label_en="former Central-Soviet or minority autonomous county: fixed amount",
            label_zh="原中央苏区县或少数民族自治县：定额",
            citation=s.citation("funding.subsidy_special_county"),
            observed=amount,
            unit="yuan",
            parameter="funding.subsidy_special_county",
        )
    else:
        if tier is None:
            raise MissingParameterError(
                "is required: the tier thresholds (poverty depth, poor-population size) were "
                "never published (S2); pass tier=1, 2 or 3",
                record=record,
                field="tier",
                rule="funding.provincial_subsidy",
            )
        key = str(tier) if isinstance(tier, int) and not isinstance(tier, bool) else None
        if key is None or key not in tiers:
            raise InvalidRecordError(
                f"must be one of {', '.join(tiers)}",
                record=record,
                field="tier",
                value=tier,
                rule="funding.provincial_subsidy",
            )
        amount = money(tiers[key])
        amount_reason = Reason(
            criterion="funding.subsidy_amount",
            holds=True,
            label_en=f"tier {key} amount",
            label_zh=f"第{key}类补助额",
            citation=s.citation("funding.subsidy_tiers"),
            observed=amount,
            unit="yuan",
            parameter="funding.subsidy_tiers",
            note_en="tier supplied by the caller (thresholds never published)",
            note_zh="类别由调用方提供（分类标准未公开）",
        )
    return decide(
        rule="funding.provincial_subsidy",
        subject_kind="village",
        subject_id=village_id,
        title_en="village eligible for the round-2 provincial subsidy",
        title_zh="省级财政补助对象村",
        reasons=[eligibility, amount_reason],
        citation=_S2,
        standards=s,
        round=2,
        as_of=as_of,
        code="eligible" if eligible else "not_eligible",
        value=amount if eligible else _ZERO,
    )


@frozen
class Instalment:
    """One instalment of the round-2 provincial subsidy.

    Attributes:
        number: 1, 2...
        year: The year it is paid in (2013, 2014; S2).
        share: Its share of the subsidy (assumed, ``funding.subsidy_instalment_shares``).
        amount: Exact yuan; the instalments add up to the subsidy exactly.
        certainty: Certainty of the split (the years are confirmed, the shares assumed).
    """

    number: int
    year: int
    share: Decimal
    amount: Decimal
    certainty: Certainty


def subsidy_schedule(
    subsidy: Decision | Decimal | int | str, *, standards: Standards | None = None
) -> tuple[Instalment, ...]:
    """Split a provincial subsidy into its instalments (2013 and 2014; S2).

    The years are confirmed (``funding.subsidy_instalment_years``); the split is not
    (``funding.subsidy_instalment_shares``, assumed 50/50, overridable). Every instalment but the
    last is ``share × amount`` rounded half-even to the fen; the last takes the remainder, so the
    instalments always add up to the subsidy exactly.

    Policy: S2 (round-2 subsidy paid in two instalments), rule R10.

    Args:
        subsidy: A :func:`provincial_subsidy` decision (its ``value``) or an amount in yuan.
        standards: Standards to read.

    Returns:
        The instalments in order; empty if the amount is zero (not eligible).

    Raises:
        StandardsError: Years and shares do not have the same keys, or shares do not add to 1.

    Example:
        >>> [(i.year, i.amount) for i in subsidy_schedule(Decimal("750000"))]
        [(2013, Decimal('375000.00')), (2014, Decimal('375000.00'))]
    """
    s = _standards(standards)
    raw = subsidy.value if isinstance(subsidy, Decision) else subsidy
    total = money(raw, field="subsidy")
    years: Mapping[str, int] = s.value("funding.subsidy_instalment_years")
    shares: Mapping[str, Decimal] = s.value("funding.subsidy_instalment_shares")
    if set(years) != set(shares):
        raise StandardsError(
            "must have the same instalments as funding.subsidy_instalment_years "
            f"({', '.join(years)})",
            field="funding.subsidy_instalment_shares",
            value=dict(shares),
            rule="funding.subsidy_schedule",
        )
    if sum(shares.values(), Decimal(0)) != 1:
        raise StandardsError(
            "must add up to 1",
            field="funding.subsidy_instalment_shares",
            value=dict(shares),
            rule="funding.subsidy_schedule",
        )
    if total == 0:
        return ()
    certainty = s.param("funding.subsidy_instalment_shares").certainty
    order = sorted(years, key=lambda k: (years[k], k))
    result: list[Instalment] = []
    paid = _ZERO
    for index, key in enumerate(order, start=1):
        if index == len(order):
            amount = total - paid
        else:
            amount = (total * shares[key]).quantize(FEN, rounding=ROUND_HALF_EVEN)
        paid += amount
        result.append(
            Instalment(
                number=index, year=years[key], share=shares[key], amount=amount, certainty=certainty
            )
        )
    return tuple(result)


# --- misuse checks -------------------------------------------------------------------------------


def _flag(
    criterion: str,
    *,
    found: bool,
    label_en: str,
    label_zh: str,
    parameter: str | None = None,
    citation: Citation = _S10,
) -> Reason:
    """A reason that holds when a misuse condition is found."""
    return Reason.flag(
        criterion,
        observed=found,
        required=True,
        label_en=label_en,
        label_zh=label_zh,
        citation=citation,
        parameter=parameter,
    )


def check_unsigned_funds(
    disbursement: Disbursement, *, ledger: FundingLedger, standards: Standards | None = None
) -> Decision:
    """Whether a payment was not signed for by the village head and the household head.

    Funds must be signed for by the village head (村委会主任) and, for funds paid to a household,
    the household head (户主) (``funding.signatures_required``). The outcome is true (misuse
    found) when a required signature is missing.

    Policy: S10 (问责 situations: funds not signed for by village head and household head).

    Args:
        disbursement: The payment.
        ledger: The ledger holding its allocation.
        standards: Standards to read.

    Returns:
        A decision with ``value`` = the amount paid and ``as_of`` = the payment date.

    Example:
        >>> import datetime as dt
        >>> from shuangdao.funding import Allocation
        >>> ledger = FundingLedger().allocate(Allocation(allocation_id="A1",
        ...     origin="charity", level="city", purpose="housing", recipient_kind="household",
        ...     recipient_id="H1", on=dt.date(2013, 1, 1), amount=5000))
        >>> d = Disbursement(disbursement_id="D1", allocation_id="A1", on=dt.date(2013, 2, 1),
        ...     amount=5000, signed_by_village_head=True)
        >>> ledger = ledger.disburse(d)
        >>> check_unsigned_funds(d, ledger=ledger).code
        'not_signed_for'
    """
    s = _standards(standards)
    allocation = ledger.allocation(disbursement.allocation_id)
    required: tuple[str, ...] = s.value("funding.signatures_required")
    citation = s.citation("funding.signatures_required")
    reasons = []
    if "village_head" in required:
        reasons.append(
            _flag(
                "funding.unsigned.village_head",
                found=not disbursement.signed_by_village_head,
                label_en="not signed for by the village head",
                label_zh="未经村委会主任签名",
                parameter="funding.signatures_required",
                citation=citation,
            )
        )
    if "household_head" in required and allocation.recipient_kind is PartyKind.HOUSEHOLD:
        reasons.append(
            _flag(
                "funding.unsigned.household_head",
                found=not disbursement.signed_by_household_head,
                label_en="not signed for by the household head",
                label_zh="未经户主签名",
                parameter="funding.signatures_required",
                citation=citation,
            )
        )
    if not reasons:
        reasons.append(
            _flag(
                "funding.unsigned.none_required",
                found=False,
                label_en="no signature required",
                label_zh="无需签名",
                parameter="funding.signatures_required",
                citation=citation,
            )
        )
    return _misuse(
        "funding.unsigned",
        IrregularityKind.NOT_SIGNED_FOR,
        subject_kind="disbursement",
        subject_id=disbursement.disbursement_id,
        title_en="payment not signed for (village head, household head)",
        title_zh="未签名拨付的扶贫资金",
        reasons=reasons,
        standards=s,
        as_of=disbursement.on,
        value=disbursement.amount,
    )


def _misuse(
    rule: str,
    kind: IrregularityKind,
    *,
    subject_kind: str,
    subject_id: str,
    title_en: str,
    title_zh: str,
    reasons: Sequence[Reason],
    standards: Standards,
    as_of: dt.date,
    value: Decimal,
) -> Decision:
    outcome = any(r.holds for r in reasons)
    return decide(
        rule=rule,
        subject_kind=subject_kind,
        subject_id=subject_id,
        title_en=title_en,
        title_zh=title_zh,
        reasons=reasons,
        citation=_S10,
        standards=standards,
        combine=Combine.ANY,
        as_of=as_of,
        code=kind.value if outcome else "ok",
        value=value,
    )


def _limit_days(limit_days: int | None, s: Standards) -> tuple[int, str | None, Citation]:
    """Resolve the delay limit: the argument, else the (required) standards parameter."""
    if limit_days is not None:
        if isinstance(limit_days, bool) or not isinstance(limit_days, int) or limit_days < 0:
            raise InvalidRecordError(
                "must be a whole number of days >= 0",
                field="limit_days",
                value=limit_days,
                rule="funding.delayed",
            )
        return (
            limit_days,
            None,
            Citation(
                ("PROJECT",), certainty=Certainty.ASSUMED, note="limit supplied by the caller"
            ),
        )
    value: int = s.value("funding.disbursement_limit_days")
    return value, "funding.disbursement_limit_days", s.citation("funding.disbursement_limit_days")


def check_delayed_funds(
    allocation: Allocation,
    *,
    ledger: FundingLedger,
    limit_days: int | None = None,
    standards: Standards | None = None,
) -> Decision:
    """Whether an allocation was paid out later than the time limit (拖延资金).

    A payment is late when more than ``limit_days`` calendar days passed between the allocation
    date and the payment date (``days > limit``). The time limit was never published: pass
    ``limit_days`` or override ``funding.disbursement_limit_days`` (required, no default).
    Money not yet paid at all is :func:`check_withheld_funds`' business.

    Policy: S10 (问责 situations: delaying funds).

    Args:
        allocation: The allocation.
        ledger: The ledger holding its payments.
        limit_days: The time limit in days (overrides the standards).
        standards: Standards to read.

    Returns:
        A decision with ``value`` = the amount paid late and ``as_of`` = the last late payment's
        date (the allocation date if none was late).

    Raises:
        MissingParameterError: No limit was given and the standards have none.

    Example:
        >>> import datetime as dt
        >>> a = Allocation(allocation_id="A1", origin="provincial_budget", level="provincial",
        ...     purpose="industry", recipient_kind="village", recipient_id="V1",
        ...     on=dt.date(2013, 1, 1), amount=90000)
        >>> ledger = FundingLedger().allocate(a).disburse(Disbursement(disbursement_id="D1",
        ...     allocation_id="A1", on=dt.date(2013, 6, 1), amount=90000))
        >>> check_delayed_funds(a, ledger=ledger, limit_days=90).outcome
        True
    """
    s = _standards(standards)
    limit, parameter, citation = _limit_days(limit_days, s)
    payments = ledger.disbursements_of(allocation.allocation_id)
    late = [d for d in payments if (d.on - allocation.on).days > limit]
    worst = max(((d.on - allocation.on).days for d in payments), default=0)
    reason = Reason.compare(
        "funding.delayed.days",
        observed=worst,
        threshold=limit,
        comparator=Comparator.GT,
        label_en="days from allocation to the latest payment",
        label_zh="资金下达至最后一笔拨付的天数",
        citation=citation,
        unit="days",
        parameter=parameter,
        note_en="" if payments else "nothing paid out yet",
        note_zh="" if payments else "尚未拨付",
    )
    return _misuse(
        "funding.delayed",
        IrregularityKind.DELAYED_FUNDS,
        subject_kind="allocation",
        subject_id=allocation.allocation_id,
        title_en="allocation paid out late",
        title_zh="拖延拨付的扶贫资金",
        reasons=[reason],
        standards=s,
        as_of=max((d.on for d in late), default=allocation.on),
        value=sum((d.amount for d in late), _ZERO),
    )


def check_withheld_funds(
    allocation: Allocation,
    *,
    ledger: FundingLedger,
    by: dt.date,
    standards: Standards | None = None,
) -> Decision:
    """Whether an allocation was not (fully) paid out by a date (截留资金).

    The outcome is true when the payments dated on or before ``by`` add up to less than the
    allocation. The date is the caller's (a deadline, or the assessment date).

    Policy: S10 (问责 situations: withholding funds).

    Args:
        allocation: The allocation.
        ledger: The ledger holding its payments.
        by: The date by which it should have been paid out (not before the allocation).
        standards: Standards (for provenance).

    Returns:
        A decision with ``value`` = the amount still outstanding on ``by`` and ``as_of=by``.

    Raises:
        InvalidRecordError: ``by`` is before the allocation date.

    Example:
        >>> import datetime as dt
        >>> a = Allocation(allocation_id="A1", origin="sector_department", level="provincial",
        ...     purpose="infrastructure", recipient_kind="village", recipient_id="V1",
        ...     on=dt.date(2013, 1, 1), amount=90000)
        >>> ledger = FundingLedger().allocate(a)
        >>> d = check_withheld_funds(a, ledger=ledger, by=dt.date(2013, 12, 31))
        >>> d.outcome, d.value
        (True, Decimal('90000.00'))
    """
    s = _standards(standards)
    if not isinstance(by, dt.date) or isinstance(by, dt.datetime) or by < allocation.on:
        raise InvalidRecordError(
            f"must be a date not before the allocation date {allocation.on.isoformat()}",
            record=f"allocation {allocation.allocation_id}",
            field="by",
            value=by,
            rule="funding.withheld",
        )
    paid = ledger.disbursed_of(allocation.allocation_id, by=by)
    reason = Reason.compare(
        "funding.withheld.paid",
        observed=paid,
        threshold=allocation.amount,
        comparator=Comparator.LT,
        label_en=f"amount paid out by {by.isoformat()}",
        label_zh=f"截至{by.isoformat()}已拨付金额",
        citation=_S10,
    )
    return _misuse(
        "funding.withheld",
        IrregularityKind.WITHHELD_FUNDS,
        subject_kind="allocation",
        subject_id=allocation.allocation_id,
        title_en="allocation withheld (not fully paid out)",
        title_zh="被截留（未足额拨付）的扶贫资金",
        reasons=[reason],
        standards=s,
        as_of=by,
        value=allocation.amount - paid,
    )


def check_outside_plan(
    record: Allocation | Disbursement,
    *,
    plans: Iterable[Plan],
    ledger: FundingLedger | None = None,
    standards: Standards | None = None,
) -> Decision:
    """Whether funds have no spending plan or go to a purpose outside the recipient's plan.

    The recipient's plan is the allocation's ``plan_id`` if set (it must be one of ``plans`` and
    belong to the recipient), else every plan in ``plans`` whose subject is the recipient. The
    purpose is the payment's own ``purpose`` when it differs, else the allocation's. The outcome
    is true (misuse found) when there is no plan for the recipient, or when no measure of it has
    the purpose's :class:`~shuangdao.model.MeasureKind`.

    Policy: S10 (问责 situations: no spending plan; misusing funds); S4 (a plan for every poor
    village and household).

    Args:
        record: An allocation, or a payment (then ``ledger`` is needed to find its allocation).
        plans: Plans to look in.
        ledger: The ledger (for a payment).
        standards: Standards (for provenance).

    Returns:
        A decision with ``value`` = the amount and ``as_of`` = the record's date.

    Raises:
        UnknownReferenceError: The allocation names a plan that is not in ``plans``.
        InvalidTypeError: A payment without a ledger.

    Example:
        >>> import datetime as dt
        >>> from shuangdao.model import Measure, Plan
        >>> plan = Plan(plan_id="PL1", subject_kind="village", subject_id="V1",
        ...     measures=[Measure(kind="infrastructure")], target_year=2015)
        >>> a = Allocation(allocation_id="A1", origin="unit_own_funds", level="provincial",
        ...     purpose="housing", recipient_kind="village", recipient_id="V1",
        ...     on=dt.date(2013, 1, 1), amount=1000)
        >>> check_outside_plan(a, plans=[plan]).code
        'misused_funds'
    """
    s = _standards(standards)
    if isinstance(record, Disbursement):
        if ledger is None:
            raise InvalidTypeError(
                "is needed to check a payment",
                record=f"disbursement {record.disbursement_id}",
                field="ledger",
                value=None,
                rule="funding.outside_plan",
            )
        allocation = ledger.allocation(record.allocation_id)
        purpose: MeasureKind = record.purpose or allocation.purpose
        subject_kind, subject_id = "disbursement", record.disbursement_id
    else:
        allocation = record
        purpose = allocation.purpose
        subject_kind, subject_id = "allocation", allocation.allocation_id
    all_plans = tuple(plans)
    if allocation.plan_id is not None:
        named = [p for p in all_plans if p.plan_id == allocation.plan_id]
        if not named:
            raise UnknownReferenceError(
                "is not among the plans given",
                record=f"allocation {allocation.allocation_id}",
                field="plan_id",
                value=allocation.plan_id,
                rule="funding.outside_plan",
            )
        candidates = [
            p
            for p in named
            if p.subject_kind is allocation.recipient_kind
            and p.subject_id == allocation.recipient_id
        ]
    else:
        candidates = [
            p
            for p in all_plans
            if p.subject_kind is allocation.recipient_kind
            and p.subject_id == allocation.recipient_id
        ]
    kinds = {m.kind for p in candidates for m in p.measures}
    reasons = [
        _flag(
            "funding.outside_plan.no_plan",
            found=not candidates,
            label_en=f"no spending plan for {allocation.recipient_kind.value} "
            f"{allocation.recipient_id}",
            label_zh="无资金使用计划（受助对象无帮扶规划）",
        ),
        Reason(
            criterion="funding.outside_plan.purpose",
            holds=bool(candidates) and purpose not in kinds,
            label_en="purpose outside the plan's measures",
            label_zh="资金用途不在规划措施之内",
            citation=Citation(("S10", "S4")),
            observed=purpose.value,
            threshold=", ".join(sorted(k.value for k in kinds)) or None,
        ),
    ]
    amount = record.amount
    return _misuse(
        "funding.outside_plan",
        IrregularityKind.MISUSED_FUNDS if candidates else IrregularityKind.NO_SPENDING_PLAN,
        subject_kind=subject_kind,
        subject_id=subject_id,
        title_en="funds without a plan or outside it",
        title_zh="无计划或不按计划使用的扶贫资金",
        reasons=reasons,
        standards=s,
        as_of=record.on,
        value=amount,
    )


def check_misdirected_funds(
    allocation: Allocation,
    *,
    assisted: Collection[str],
    standards: Standards | None = None,
) -> Decision:
    """Whether funds were approved for a recipient that is not an assisted village or household.

    ``assisted`` holds the ids of the assisted villages and households (e.g. the subjects of the
    identification decisions whose outcome is true). The outcome is true (misuse found) when the
    allocation's recipient is not among them.

    Policy: S10 (问责 situations: misdirected fund approvals).

    Args:
        allocation: The allocation.
        assisted: Ids of the assisted villages and households.
        standards: Standards (for provenance).

    Returns:
        A decision with ``value`` = the amount and ``as_of`` = the allocation date.

    Example:
        >>> import datetime as dt
        >>> a = Allocation(allocation_id="A1", origin="central_budget", level="central",
        ...     purpose="industry", recipient_kind="household", recipient_id="H9",
        ...     on=dt.date(2013, 1, 1), amount=1000)
        >>> check_misdirected_funds(a, assisted={"H1", "V1"}).outcome
        True
    """
    s = _standards(standards)
    if isinstance(assisted, str):
        raise InvalidTypeError(
            "must be a collection of ids, not a string",
            field="assisted",
            value=assisted,
            rule="funding.misdirected",
        )
    reason = _flag(
        "funding.misdirected.not_assisted",
        found=allocation.recipient_id not in assisted,
        label_en=f"{allocation.recipient_kind.value} {allocation.recipient_id} is not assisted",
        label_zh="受助对象不是帮扶村或帮扶户",
    )
    return _misuse(
        "funding.misdirected",
        IrregularityKind.MISDIRECTED_APPROVAL,
        subject_kind="allocation",
        subject_id=allocation.allocation_id,
        title_en="funds approved for a recipient that is not assisted",
        title_zh="违规审批给非帮扶对象的扶贫资金",
        reasons=[reason],
        standards=s,
        as_of=allocation.on,
        value=allocation.amount,
    )


# --- findings for the accountability triggers ----------------------------------------------------


@frozen
class FundingFinding:
    """A misuse found by a check, in the shape accountability triggers consume.

    Attributes:
        kind: The situation, in the vocabulary the accountability triggers read
            (:class:`~shuangdao.model.accountability.IrregularityKind`).
        record_kind: ``"allocation"`` or ``"disbursement"``.
        record_id: Its id.
        recipient_kind: ``"village"`` or ``"household"``.
        recipient_id: The village or household.
        amount: The money at issue (exact yuan).
        on: The date the finding speaks for.
        decision: The explained decision.
    """

    kind: IrregularityKind
    record_kind: str
    record_id: str
    recipient_kind: str
    recipient_id: str
    amount: Decimal
    on: dt.date
    decision: Decision

    def to_evidence(self) -> dict[str, Any]:
        """Return a plain evidence record for :mod:`shuangdao.rules.accountability`.

        Keys: ``kind`` (the :class:`~shuangdao.model.accountability.IrregularityKind`
        value), ``situation_zh``, ``rule``,
        ``record_kind``, ``record_id``, ``recipient_kind``, ``recipient_id``, ``amount``
        (Decimal yuan), ``date`` (``datetime.date``), ``reason`` (English explanation),
        ``reason_zh``, ``citation`` (short source ids).
        """
        return {
            "kind": self.kind.value,
            "situation_zh": self.kind.zh,
            "rule": self.decision.rule,
            "record_kind": self.record_kind,
            "record_id": self.record_id,
            "recipient_kind": self.recipient_kind,
            "recipient_id": self.recipient_id,
            "amount": self.amount,
            "date": self.on,
            "reason": self.decision.explain("en"),
            "reason_zh": self.decision.explain("zh"),
            "citation": self.decision.citation.short(),
        }


def finding_from(decision: Decision, *, ledger: FundingLedger) -> FundingFinding | None:
    """Turn a misuse check's decision into a :class:`FundingFinding` (``None`` if no misuse).

    Policy: S10 (the funding situations of the accountability measures).

    Raises:
        InvalidRecordError: The decision is not from a misuse check.
    """
    kinds = _CHECKS.get(decision.rule)
    if kinds is None:
        raise InvalidRecordError("is not a funding misuse check", field="rule", value=decision.rule)
    if not decision.outcome:
        return None
    kind = IrregularityKind(decision.code)
    if decision.subject_kind == "disbursement":
        allocation_id = next(
            d.allocation_id
            for d in ledger.disbursements
            if d.disbursement_id == decision.subject_id
        )
    else:
        allocation_id = decision.subject_id
    allocation = ledger.allocation(allocation_id)
    assert isinstance(decision.value, Decimal)
    assert decision.as_of is not None
    return FundingFinding(
        kind=kind,
        record_kind=decision.subject_kind,
        record_id=decision.subject_id,
        recipient_kind=allocation.recipient_kind.value,
        recipient_id=allocation.recipient_id,
        amount=decision.value,
        on=decision.as_of,
        decision=decision,
    )


@frozen
class FundingAudit:
    """The result of :func:`audit_funds`.

    Attributes:
        findings: Every misuse found, by check then by record order.
        checks_run: The situations checked
            (:class:`~shuangdao.model.accountability.IrregularityKind`).
        checks_skipped: Checks that did not run, each with why (their input was not given).
    """

    findings: tuple[FundingFinding, ...]
    checks_run: tuple[IrregularityKind, ...]
    checks_skipped: tuple[tuple[IrregularityKind, str], ...] = field(default=())


def audit_funds(
    ledger: FundingLedger,
    *,
    plans: Iterable[Plan] | None = None,
    assisted: Collection[str] | None = None,
    by: dt.date | None = None,
    limit_days: int | None = None,
    standards: Standards | None = None,
) -> FundingAudit:
    """Run every misuse check that has its inputs over a ledger.

    Signatures are always checked. Plans are checked when ``plans`` is given, misdirection when
    ``assisted`` is, withholding when ``by`` is (allocations dated after ``by`` are not yet due),
    delays when ``limit_days`` is given or ``funding.disbursement_limit_days`` has a value. A check
    that could not run is listed in :attr:`FundingAudit.checks_skipped` with the reason — never
    skipped silently.

    Policy: S10 (问责 situations on funds).

    Example:
        >>> audit_funds(FundingLedger()).checks_run
        (<IrregularityKind.NOT_SIGNED_FOR: 'not_signed_for'>,)
    """
    s = _standards(standards)
    decisions: list[Decision] = []
    run: list[IrregularityKind] = [IrregularityKind.NOT_SIGNED_FOR]
    skipped: list[tuple[IrregularityKind, str]] = []
    decisions.extend(
        check_unsigned_funds(d, ledger=ledger, standards=s) for d in ledger.disbursements
    )
    try:
        _limit_days(limit_days, s)
    except MissingParameterError as error:
        skipped.append((IrregularityKind.DELAYED_FUNDS, str(error)))
    else:
        run.append(IrregularityKind.DELAYED_FUNDS)
        decisions.extend(
            check_delayed_funds(a, ledger=ledger, limit_days=limit_days, standards=s)
            for a in ledger.allocations
        )
    if by is None:
        skipped.append((IrregularityKind.WITHHELD_FUNDS, "no date given (by=)"))
    else:
        run.append(IrregularityKind.WITHHELD_FUNDS)
        decisions.extend(
            check_withheld_funds(a, ledger=ledger, by=by, standards=s)
            for a in ledger.allocations
            if a.on <= by
        )
    if plans is None:
        skipped.extend(
            (kind, "no plans given (plans=)")
            for kind in (IrregularityKind.NO_SPENDING_PLAN, IrregularityKind.MISUSED_FUNDS)
        )
    else:
        run.extend((IrregularityKind.NO_SPENDING_PLAN, IrregularityKind.MISUSED_FUNDS))
        plan_list = tuple(plans)
        decisions.extend(
            check_outside_plan(a, plans=plan_list, standards=s) for a in ledger.allocations
        )
        decisions.extend(
            check_outside_plan(d, plans=plan_list, ledger=ledger, standards=s)
            for d in ledger.disbursements
            if d.purpose is not None
        )
    if assisted is None:
        skipped.append((IrregularityKind.MISDIRECTED_APPROVAL, "no assisted ids given (assisted=)"))
    else:
        run.append(IrregularityKind.MISDIRECTED_APPROVAL)
        decisions.extend(
            check_misdirected_funds(a, assisted=assisted, standards=s) for a in ledger.allocations
        )
    findings = tuple(
        f for f in (finding_from(d, ledger=ledger) for d in decisions) if f is not None
    )
    return FundingAudit(findings=findings, checks_run=tuple(run), checks_skipped=tuple(skipped))


# --- published project arithmetic ---------------------------------------------------------------


def published_project_counts(*, standards: Standards | None = None) -> Decision:
    """Check that the seed's project categories add up to its total (28,868).

    18,101 agricultural + 2,938 industrial + 1,559 commerce/tourism + 6,270 other construction
    projects (``outcomes.projects_by_category``) = 28,868 (``outcomes.projects_total``).

    Policy: SEED (专栏5: 28,868 economic projects in the 3,407 villages).

    Example:
        >>> d = published_project_counts()
        >>> d.outcome, d.value
        (True, 28868)
    """
    s = _standards(standards)
    by_category: Mapping[str, int] = s.value("outcomes.projects_by_category")
    total: int = s.value("outcomes.projects_total")
    added = sum(by_category.values())
    reason = Reason(
        criterion="outcomes.projects_total",
        holds=added == total,
        label_en="sum of the project categories equals the published total",
        label_zh="各类项目数之和等于总数",
        citation=s.citation("outcomes.projects_total"),
        observed=added,
        threshold=total,
        unit="projects",
        parameter="outcomes.projects_total",
        note_en=" + ".join(f"{v:,} {k}" for k, v in by_category.items()),
        note_zh=" + ".join(str(v) for v in by_category.values()),
    )
    return decide(
        rule="funding.published_project_counts",
        subject_kind="province",
        subject_id="guangdong",
        title_en="consistent published project count",
        title_zh="项目数据自洽",
        reasons=[reason],
        citation=Citation(("SEED",), article="专栏5"),
        standards=s,
        round=1,
        code="consistent" if added == total else "inconsistent",
        value=added,
    )
