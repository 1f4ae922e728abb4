"""The fund situations of the accountability measures (S10), declared once (private).

Each check is a :class:`~shuangdao.declare.Rule` whose criteria hold when a situation is
*found* (they combine with ``ANY``); a decision's code is the situation found — an
:class:`~shuangdao.model.accountability.IrregularityKind` value, the one vocabulary of the
accountability triggers — or ``ok``. The scalar checks read a
:class:`~shuangdao.model.FundingLedger`; the columnar evaluator reads one row per payment or
allocation (:func:`misuse_codes` gives the codes of a whole table).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

import attrs

from shuangdao.citations import Citation
from shuangdao.declare import Rule, declared
from shuangdao.errors import InvalidRecordError, InvalidTypeError, UnknownReferenceError
from shuangdao.explain import Combine, Decision
from shuangdao.model.accountability import IrregularityKind
from shuangdao.model.assistance import PartyKind
from shuangdao.model.funding import Allocation, Disbursement, FundingLedger
from shuangdao.model.plan import MeasureKind, Plan
from shuangdao.quantities import Comparator
from shuangdao.rules.criteria import Below, Fact, Limit, NotAmong, Unsigned
from shuangdao.standards import Standards, default_standards
from shuangdao.standards.params import FundingParams as F

if TYPE_CHECKING:
    import numpy as np

__all__ = [
    "DELAYED_FUNDS",
    "MISDIRECTED_FUNDS",
    "MISUSE_RULES",
    "OUTSIDE_PLAN",
    "UNSIGNED_FUNDS",
    "WITHHELD_FUNDS",
    "check_delayed_funds",
    "check_misdirected_funds",
    "check_outside_plan",
    "check_unsigned_funds",
    "check_withheld_funds",
    "misuse_codes",
]

_ZERO: Final = Decimal("0.00")
S10_COPY: Final = (
    "S10 is a local copy of the measures; whether it is the provincial text is uncertain."
)
"""The brief's tag of every S10 item — "[C S10; provincial or local copy uncertain]" — in the
words every parameter citing S10 uses: what S10 states is *confirmed*, and each citation of it
says this."""
_S10: Final = Citation(("S10",), note=S10_COPY)
_OK: Final = "ok"


def _standards(standards: Standards | None) -> Standards:
    return default_standards() if standards is None else standards


def _misuse(rule_id: str, en: str, zh: str, *criteria: Any) -> Rule:
    subject = "disbursement" if rule_id == "funding.unsigned" else "allocation"
    return Rule(
        id=rule_id,
        subject=subject,
        title_en=en,
        title_zh=zh,
        citation=_S10,
        criteria=criteria,
        combine=Combine.ANY,
    )


UNSIGNED_FUNDS: Final = _misuse(
    "funding.unsigned",
    "payment not signed for (village head, household head)",
    "未签名拨付的扶贫资金",
    # 资金未经村委会主任和户主签名确认 ...
    Unsigned(
        "funding.unsigned.village_head",
        "signed_by_village_head",
        "village_head",
        F.signatures_required,
        "not signed for by the village head",
        "未经村委会主任签名",
    ),
    Unsigned(
        "funding.unsigned.household_head",
        "signed_by_household_head",
        "household_head",
        F.signatures_required,
        "not signed for by the household head",
        "未经户主签名",
        applies="to_household",
        exempt_en="funds paid to a village need no household head",
        exempt_zh="拨付到村的资金无需户主签名",
    ),
)
"""Funds not signed for by the village head and, for funds paid to a household, the household
head (S10; ``funding.signatures_required``). Columns: ``signed_by_village_head``,
``signed_by_household_head``, ``to_household`` (booleans), one row per payment."""


def _paid_note(values: Mapping[str, Any]) -> tuple[str, str]:
    return ("nothing paid out yet", "尚未拨付") if not values.get("payments") else ("", "")


DELAYED_FUNDS: Final = _misuse(
    "funding.delayed",
    "allocation paid out late",
    "拖延拨付的扶贫资金",
    # 拖延扶贫资金 ... (no time limit published: a required, assumed parameter)
    Limit(
        "funding.delayed.days",
        "days_to_last_payment",
        F.disbursement_limit_days,
        Comparator.GT,
        "days from allocation to the latest payment",
        "资金下达至最后一笔拨付的天数",
        unit="days",
        details=("payments",),
        notes=_paid_note,
    ),
)
"""Funds paid out later than a time limit after allocation (S10; the limit was never published:
``funding.disbursement_limit_days``, required). Column: ``days_to_last_payment`` (0 when
nothing was paid), one row per allocation."""

WITHHELD_FUNDS: Final = _misuse(
    "funding.withheld",
    "allocation withheld (not fully paid out)",
    "被截留（未足额拨付）的扶贫资金",
    # 截留扶贫资金.
    Below(
        "funding.withheld.paid",
        "paid",
        "amount",
        "amount paid out by the day checked",
        "截至核查日已拨付金额",
        citation=_S10,
    ),
)
"""Funds allocated but not (fully) paid out by a date (S10). Columns: ``paid`` (paid by the day
checked) and ``amount`` (allocated), integer fen, one row per allocation."""


def _recipient_note(values: Mapping[str, Any]) -> tuple[str, str]:
    recipient = values.get("recipient")
    return (f"recipient: {recipient}", f"受助对象：{recipient}") if recipient else ("", "")


OUTSIDE_PLAN: Final = _misuse(
    "funding.outside_plan",
    "funds without a plan or outside it",
    "无计划或不按计划使用的扶贫资金",
    # 无资金使用计划 ...
    Fact(
        "funding.outside_plan.no_plan",
        "without_plan",
        "no spending plan for the recipient",
        "无资金使用计划（受助对象无帮扶规划）",
        citation=_S10,
        details=("recipient",),
        notes=_recipient_note,
    ),
    # ... 不按计划使用（挪用）扶贫资金.
    NotAmong(
        "funding.outside_plan.purpose",
        "purpose",
        "plan_measures",
        "purpose outside the plan's measures",
        "资金用途不在规划措施之内",
        citation=Citation(
            ("S10", "S4"),
            note=f"{S10_COPY} S4: every poor village and household has a plan.",
        ),
        skip_if="without_plan",
    ),
)
"""Funds without a spending plan, or spent on a purpose outside the recipient's plan (S10; S4).
Columns: ``without_plan`` (booleans), ``purpose`` (strings), ``plan_measures`` (list of the
plan's measure kinds), one row per allocation or payment."""

MISDIRECTED_FUNDS: Final = _misuse(
    "funding.misdirected",
    "funds approved for a recipient that is not assisted",
    "违规审批给非帮扶对象的扶贫资金",
    # 违规审批扶贫资金.
    Fact(
        "funding.misdirected.not_assisted",
        "not_assisted",
        "the recipient is not an assisted village or household",
        "受助对象不是帮扶村或帮扶户",
        citation=_S10,
        details=("recipient",),
        notes=_recipient_note,
    ),
)
"""Funds approved for a recipient that is not an assisted village or household (S10). Column:
``not_assisted`` (booleans), one row per allocation."""

MISUSE_RULES: Final = (
    UNSIGNED_FUNDS,
    DELAYED_FUNDS,
    WITHHELD_FUNDS,
    OUTSIDE_PLAN,
    MISDIRECTED_FUNDS,
)
"""Every declared misuse check."""

_KINDS: Final = {
    UNSIGNED_FUNDS.id: IrregularityKind.NOT_SIGNED_FOR,
    DELAYED_FUNDS.id: IrregularityKind.DELAYED_FUNDS,
    WITHHELD_FUNDS.id: IrregularityKind.WITHHELD_FUNDS,
    MISDIRECTED_FUNDS.id: IrregularityKind.MISDIRECTED_APPROVAL,
}

CHECKS: Final[Mapping[str, tuple[IrregularityKind, ...]]] = {
    **{rule_id: (kind,) for rule_id, kind in _KINDS.items()},
    OUTSIDE_PLAN.id: (IrregularityKind.NO_SPENDING_PLAN, IrregularityKind.MISUSED_FUNDS),
}
"""Each check's rule id and the situations it can find."""


def _kind(rule: Rule, values: Mapping[str, Any]) -> IrregularityKind:
    if rule is OUTSIDE_PLAN:
        if values["without_plan"]:
            return IrregularityKind.NO_SPENDING_PLAN
        return IrregularityKind.MISUSED_FUNDS
    return _KINDS[rule.id]


def _decide(
    rule: Rule,
    standards: Standards,
    *,
    subject_id: str,
    as_of: dt.date,
    value: Decimal,
    **inputs: Any,
) -> Decision:
    decision = rule.bind(standards).decide(subject_id=subject_id, as_of=as_of, **inputs)
    code = _kind(rule, inputs).value if decision.outcome else _OK
    return attrs.evolve(decision, code=code, value=value)


def misuse_codes(
    rule: Rule, columns: Mapping[str, Any], *, standards: Standards | None = None
) -> np.ndarray[Any, Any]:
    """The code of every row of a table: the situation found (its kind's value) or ``ok``.

    The columnar evaluator of a misuse check (one of :data:`MISUSE_RULES`); row by row the
    codes of the scalar check (a property test checks it).

    Policy: S10 (问责 situations on funds).

    Example:
        >>> import numpy as np
        >>> misuse_codes(UNSIGNED_FUNDS, {
        ...     "signed_by_village_head": np.array([True, False, True]),
        ...     "signed_by_household_head": np.array([True, True, False]),
        ...     "to_household": np.array([True, True, False])}).tolist()
        ['ok', 'not_signed_for', 'ok']
    """
    import numpy as np

    if rule not in MISUSE_RULES:
        raise InvalidRecordError("is not a funding misuse check", field="rule", value=rule.id)
    found = rule.bind(_standards(standards)).evaluate(columns).outcome
    if rule is OUTSIDE_PLAN:
        without = np.asarray(columns["without_plan"], dtype=bool)
        kinds = np.where(
            without,
            IrregularityKind.NO_SPENDING_PLAN.value,
            IrregularityKind.MISUSED_FUNDS.value,
        )
    else:
        kinds = np.full(len(found), _KINDS[rule.id].value)
    return np.where(found, kinds, _OK).astype(object)


@declared(UNSIGNED_FUNDS)
def check_unsigned_funds(
    disbursement: Disbursement, *, ledger: FundingLedger, standards: Standards | None = None
) -> Decision:
    """Whether a payment was not signed for by the village head and the household head.

    Funds must be signed for by the village head (村委会主任) and, for funds paid to a household,
    the household head (户主) (``funding.signatures_required``). The outcome is true (misuse
    found) when a required signature is missing. Declared once as :data:`UNSIGNED_FUNDS`.

    Policy: S10 (问责 situations: funds not signed for by village head and household head).

    Args:
        disbursement: The payment.
        ledger: The ledger holding its allocation.
        standards: Standards to read.

    Returns:
        A decision with ``value`` = the amount paid and ``as_of`` = the payment date.

    Example:
        >>> import datetime as dt
        >>> from shuangdao.model import Allocation, Disbursement, FundingLedger
        >>> ledger = FundingLedger().allocate(Allocation(allocation_id="A1",
        ...     origin="charity", level="city", purpose="housing", recipient_kind="household",
        ...     recipient_id="H1", on=dt.date(2013, 1, 1), amount=5000))
        >>> d = Disbursement(disbursement_id="D1", allocation_id="A1", on=dt.date(2013, 2, 1),
        ...     amount=5000, signed_by_village_head=True)
        >>> ledger = ledger.disburse(d)
        >>> check_unsigned_funds(d, ledger=ledger).code
        'not_signed_for'
    """
    allocation = ledger.allocation(disbursement.allocation_id)
    return _decide(
        UNSIGNED_FUNDS,
        _standards(standards),
        subject_id=disbursement.disbursement_id,
        as_of=disbursement.on,
        value=disbursement.amount,
        signed_by_village_head=disbursement.signed_by_village_head,
        signed_by_household_head=disbursement.signed_by_household_head,
        to_household=allocation.recipient_kind is PartyKind.HOUSEHOLD,
    )


def _limit_standards(limit_days: int | None, s: Standards) -> Standards:
    """The standards with the caller's time limit, if given, as an override."""
    if limit_days is None:
        return s
    if isinstance(limit_days, bool) or not isinstance(limit_days, int) or limit_days < 0:
        raise InvalidRecordError(
            "must be a whole number of days >= 0",
            field="limit_days",
            value=limit_days,
            rule=DELAYED_FUNDS.id,
        )
    return s.with_overrides({F.disbursement_limit_days: limit_days})


@declared(DELAYED_FUNDS)
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
    ``limit_days`` (applied as an override of ``funding.disbursement_limit_days``, so the
    decision records it) or override the parameter (required, no default). Money not yet paid
    at all is :func:`check_withheld_funds`' business. Declared once as :data:`DELAYED_FUNDS`.

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
        >>> from shuangdao.model import Allocation, Disbursement, FundingLedger
        >>> a = Allocation(allocation_id="A1", origin="provincial_budget", level="provincial",
        ...     purpose="industry", recipient_kind="village", recipient_id="V1",
        ...     on=dt.date(2013, 1, 1), amount=90000)
        >>> ledger = FundingLedger().allocate(a).disburse(Disbursement(disbursement_id="D1",
        ...     allocation_id="A1", on=dt.date(2013, 6, 1), amount=90000))
        >>> check_delayed_funds(a, ledger=ledger, limit_days=90).outcome
        True
    """
    s = _limit_standards(limit_days, _standards(standards))
    limit = DELAYED_FUNDS.bind(s).criterion("funding.delayed.days").limit  # type: ignore[attr-defined]
    payments = ledger.disbursements_of(allocation.allocation_id)
    late = [d for d in payments if (d.on - allocation.on).days > limit]
    return _decide(
        DELAYED_FUNDS,
        s,
        subject_id=allocation.allocation_id,
        as_of=max((d.on for d in late), default=allocation.on),
        value=sum((d.amount for d in late), _ZERO),
        days_to_last_payment=max(((d.on - allocation.on).days for d in payments), default=0),
        payments=len(payments),
    )


@declared(WITHHELD_FUNDS)
def check_withheld_funds(
    allocation: Allocation,
    *,
    ledger: FundingLedger,
    by: dt.date,
    standards: Standards | None = None,
) -> Decision:
    """Whether an allocation was not (fully) paid out by a date (截留资金).

    The outcome is true when the payments dated on or before ``by`` add up to less than the
    allocation. The date is the caller's (a deadline, or the assessment date). Declared once
    as :data:`WITHHELD_FUNDS`.

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
        >>> from shuangdao.model import Allocation, Disbursement, FundingLedger
        >>> a = Allocation(allocation_id="A1", origin="sector_department", level="provincial",
        ...     purpose="infrastructure", recipient_kind="village", recipient_id="V1",
        ...     on=dt.date(2013, 1, 1), amount=90000)
        >>> ledger = FundingLedger().allocate(a)
        >>> d = check_withheld_funds(a, ledger=ledger, by=dt.date(2013, 12, 31))
        >>> d.outcome, d.value
        (True, Decimal('90000.00'))
    """
    if not isinstance(by, dt.date) or isinstance(by, dt.datetime) or by < allocation.on:
        raise InvalidRecordError(
            f"must be a date not before the allocation date {allocation.on.isoformat()}",
            record=f"allocation {allocation.allocation_id}",
            field="by",
            value=by,
            rule=WITHHELD_FUNDS.id,
        )
    paid = ledger.disbursed_of(allocation.allocation_id, by=by)
    return _decide(
        WITHHELD_FUNDS,
        _standards(standards),
        subject_id=allocation.allocation_id,
        as_of=by,
        value=allocation.amount - paid,
        paid=paid,
        amount=allocation.amount,
    )


def _plan_of(allocation: Allocation, plans: Iterable[Plan]) -> list[Plan]:
    """The recipient's plans: the allocation's named plan, else every plan of the recipient."""
    all_plans = tuple(plans)
    if allocation.plan_id is not None:
        named = [p for p in all_plans if p.plan_id == allocation.plan_id]
        if not named:
            raise UnknownReferenceError(
                "is not among the plans given",
                record=f"allocation {allocation.allocation_id}",
                field="plan_id",
                value=allocation.plan_id,
                rule=OUTSIDE_PLAN.id,
            )
        all_plans = tuple(named)
    return [
        p
        for p in all_plans
        if p.subject_kind is allocation.recipient_kind and p.subject_id == allocation.recipient_id
    ]


@declared(OUTSIDE_PLAN)
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
    the purpose's :class:`~shuangdao.model.MeasureKind`. Declared once as :data:`OUTSIDE_PLAN`.

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
        >>> from shuangdao.model import Allocation, Measure, Plan
        >>> plan = Plan(plan_id="PL1", subject_kind="village", subject_id="V1",
        ...     measures=[Measure(kind="infrastructure")], target_year=2015)
        >>> a = Allocation(allocation_id="A1", origin="unit_own_funds", level="provincial",
        ...     purpose="housing", recipient_kind="village", recipient_id="V1",
        ...     on=dt.date(2013, 1, 1), amount=1000)
        >>> check_outside_plan(a, plans=[plan]).code
        'misused_funds'
    """
    if isinstance(record, Disbursement):
        if ledger is None:
            raise InvalidTypeError(
                "is needed to check a payment",
                record=f"disbursement {record.disbursement_id}",
                field="ledger",
                value=None,
                rule=OUTSIDE_PLAN.id,
            )
        allocation = ledger.allocation(record.allocation_id)
        purpose: MeasureKind = record.purpose or allocation.purpose
        subject_id = record.disbursement_id
    else:
        allocation = record
        purpose = allocation.purpose
        subject_id = allocation.allocation_id
    candidates = _plan_of(allocation, plans)
    decision = _decide(
        OUTSIDE_PLAN,
        _standards(standards),
        subject_id=subject_id,
        as_of=record.on,
        value=record.amount,
        without_plan=not candidates,
        recipient=f"{allocation.recipient_kind.value} {allocation.recipient_id}",
        purpose=purpose.value,
        plan_measures=sorted({m.kind.value for p in candidates for m in p.measures}),
    )
    if isinstance(record, Disbursement):
        decision = attrs.evolve(decision, subject_kind="disbursement")
    return decision


@declared(MISDIRECTED_FUNDS)
def check_misdirected_funds(
    allocation: Allocation,
    *,
    assisted: Collection[str],
    standards: Standards | None = None,
) -> Decision:
    """Whether funds were approved for a recipient that is not an assisted village or household.

    ``assisted`` holds the ids of the assisted villages and households (e.g. the subjects of the
    identification decisions whose outcome is true). The outcome is true (misuse found) when the
    allocation's recipient is not among them. Declared once as :data:`MISDIRECTED_FUNDS`.

    Policy: S10 (问责 situations: misdirected fund approvals).

    Args:
        allocation: The allocation.
        assisted: Ids of the assisted villages and households.
        standards: Standards (for provenance).

    Returns:
        A decision with ``value`` = the amount and ``as_of`` = the allocation date.

    Example:
        >>> import datetime as dt
        >>> from shuangdao.model import Allocation, Disbursement, FundingLedger
        >>> a = Allocation(allocation_id="A1", origin="central_budget", level="central",
        ...     purpose="industry", recipient_kind="household", recipient_id="H9",
        ...     on=dt.date(2013, 1, 1), amount=1000)
        >>> check_misdirected_funds(a, assisted={"H1", "V1"}).outcome
        True
    """
    if isinstance(assisted, str):
        raise InvalidTypeError(
            "must be a collection of ids, not a string",
            field="assisted",
            value=assisted,
            rule=MISDIRECTED_FUNDS.id,
        )
    return _decide(
        MISDIRECTED_FUNDS,
        _standards(standards),
        subject_id=allocation.allocation_id,
        as_of=allocation.on,
        value=allocation.amount,
        not_assisted=allocation.recipient_id not in assisted,
        recipient=f"{allocation.recipient_kind.value} {allocation.recipient_id}",
    )
