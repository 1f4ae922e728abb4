"""Running every misuse check over a funding ledger, findings for the triggers (private)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from decimal import Decimal

from shuangdao.declare import declared
from shuangdao.errors import InvalidRecordError, MissingParameterError
from shuangdao.explain import Decision
from shuangdao.model.accountability import IrregularityKind
from shuangdao.model.funding import FundingLedger
from shuangdao.model.funding_audit import FundingAudit, FundingFinding
from shuangdao.model.plan import Plan
from shuangdao.rules.funding._misuse import (
    CHECKS,
    DELAYED_FUNDS,
    MISUSE_RULES,
    check_delayed_funds,
    check_misdirected_funds,
    check_outside_plan,
    check_unsigned_funds,
    check_withheld_funds,
)
from shuangdao.standards import Standards, default_standards

__all__ = ["audit_funds", "finding_from"]


def _standards(standards: Standards | None) -> Standards:
    return default_standards() if standards is None else standards


def finding_from(decision: Decision, *, ledger: FundingLedger) -> FundingFinding | None:
    """Turn a misuse check's decision into a :class:`FundingFinding` (``None`` if no misuse).

    Policy: S10 (the funding situations of the accountability measures).

    Raises:
        InvalidRecordError: The decision is not from a misuse check.
    """
    kinds = CHECKS.get(decision.rule)
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


@declared(*MISUSE_RULES)
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
        >>> from shuangdao.model import FundingLedger
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
        if limit_days is None:
            DELAYED_FUNDS.bind(s)
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
