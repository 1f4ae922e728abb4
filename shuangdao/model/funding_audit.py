"""What the funding misuse checks find: findings in the accountability triggers' vocabulary.

* :class:`FundingFinding` — a misuse a check found (its kind is an
  :class:`~shuangdao.model.accountability.IrregularityKind`, the one vocabulary of the fund
  situations of the 2010 measures), with the explained decision;
* :class:`FundingAudit` — what :func:`shuangdao.rules.funding.audit_funds` found, which checks
  ran and which could not (and why).

Loaded on first use from :mod:`shuangdao.model` (they hold explained decisions).

.. versionchanged:: 0.2.0 Moved here from ``shuangdao.rules.funding`` (issue 13).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from attrs import field, frozen

from shuangdao.explain import Decision
from shuangdao.model.accountability import IrregularityKind

__all__ = ["FundingAudit", "FundingFinding"]


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
