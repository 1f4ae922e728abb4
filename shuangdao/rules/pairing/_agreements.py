"""Assistance agreements (帮扶协议): a duty from the 2011 regulation (private)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

from shuangdao.citations import Citation
from shuangdao.declare import Rule, declared
from shuangdao.errors import InvalidRecordError
from shuangdao.explain import Decision
from shuangdao.model import Pairing, PartyKind
from shuangdao.rules.criteria import Fact, InForce
from shuangdao.rules.pairing._common import (
    AGREEMENT_CITATION,
    REGULATION_EN,
    REGULATION_ZH,
    standards_or_default,
)
from shuangdao.standards.params import PairingParams as P
from shuangdao.standards.params import RegulationParams

if TYPE_CHECKING:
    from shuangdao.model import ResponsibilityLedger
    from shuangdao.standards import Standards

__all__ = [
    "AGREEMENT",
    "agreement_inputs",
    "check_agreement",
]


def _agreement_note(values: Mapping[str, Any]) -> tuple[str, str]:
    agreement_id = values.get("agreement_id")
    return (f"agreement {agreement_id}", f"协议 {agreement_id}") if agreement_id else ("", "")


def _commitment_note(values: Mapping[str, Any]) -> tuple[str, str]:
    c = values.get("commitment")
    if c is None:
        return "", ""
    return (
        f"funds {c.funds:,} yuan, {c.projects} projects, {c.people} people for {c.year}",
        f"{c.year}年资金{c.funds:,}元、项目{c.projects}个、人员{c.people}名",
    )


AGREEMENT: Final = Rule(
    id="pairing.agreement",
    subject="pairing",
    title_en="unit–village pairing meeting the assistance-agreement duty",
    title_zh="履行帮扶协议义务的帮扶关系",
    citation=Citation(("S17", "S16"), article="条例 ch. 3"),
    criteria=(
        # 帮扶双方签订帮扶协议 (条例第三章, in force 2012-01-01) ...
        InForce(
            Fact(
                "agreement_signed",
                "agreement_signed",
                "an assistance agreement is signed (帮扶协议)",
                "已签订帮扶协议",
                required_if=P.agreement_required,
                details=("agreement_id",),
                notes=_agreement_note,
            ),
            since=RegulationParams.in_force,
            text_en=REGULATION_EN,
            text_zh=REGULATION_ZH,
        ),
        # ... 每年安排资金、项目、人力.
        InForce(
            Fact(
                "yearly_commitment",
                "yearly_commitment",
                "it commits funds, projects and people for the year checked",
                "有当年度资金、项目、人力承诺",
                citation=AGREEMENT_CITATION,
                required_if=P.agreement_required,
                details=("commitment",),
                notes=_commitment_note,
            ),
            since=RegulationParams.in_force,
            text_en=REGULATION_EN,
            text_zh=REGULATION_ZH,
        ),
    ),
)
"""A unit → village pairing has a signed assistance agreement that commits funds, projects and
people for the year checked (S17, regulation ch. 3) — duties from the regulation's effective
date (``regulation.in_force``, 2012-01-01, S16). Columns: ``agreement_signed``,
``yearly_commitment``; bound on the day checked."""


def agreement_inputs(
    pairing: Pairing, *, ledger: ResponsibilityLedger, on: dt.date
) -> dict[str, Any]:
    """The agreement rule's inputs for one unit → village pairing on ``on``.

    ``agreement_signed``: an agreement between the unit and the village signed on or before
    ``on``; ``yearly_commitment``: the latest such agreement commits for ``on.year``; and
    the ``agreement_id`` and ``commitment`` the reasons describe.

    Policy: S17 (regulation ch. 3: a signed agreement, yearly commitments).
    """
    signed = [
        a
        for a in ledger.agreements_for(pairing.assisting_id, pairing.assisted_id)
        if a.signed_on <= on
    ]
    agreement = signed[-1] if signed else None
    commitment = None if agreement is None else agreement.commitment(on.year)
    return {
        "agreement_signed": agreement is not None,
        "agreement_id": None if agreement is None else agreement.agreement_id,
        "yearly_commitment": commitment is not None,
        "commitment": commitment,
    }


@declared(AGREEMENT)
def check_agreement(
    pairing: Pairing | str,
    *,
    ledger: ResponsibilityLedger,
    on: dt.date,
    standards: Standards | None = None,
) -> Decision:
    """Check a unit → village pairing has an assistance agreement with this year's commitment.

    ``agreement_signed``: an agreement between the unit and the village signed on or before
    ``on``. ``yearly_commitment``: the latest such agreement commits funds, projects and
    people for ``on.year``. Both are duties of the 2011 regulation (ch. 3), in force from
    ``regulation.in_force`` (2012-01-01): checked before that day, both hold and say "not
    yet in force", so a round-1 pairing of 2010 needs no agreement. When
    ``pairing.agreement_required`` is false (a scenario without the duty), both hold with a
    note. The decision's ``value`` is the agreement id. Declared once as :data:`AGREEMENT`.

    Policy: S17 (regulation ch. 3: yearly funds, projects and staff; signed agreement); S16
    (in force from 2012-01-01).

    Raises:
        LedgerError: Unknown pairing id.
        InvalidRecordError: The pairing is not unit → village.

    Example:
        >>> import datetime as dt
        >>> from shuangdao.model import ResponsibilityLedger, AssistanceAgreement, Commitment
        >>> from shuangdao.model import AssistingUnit, Pairing
        >>> ledger = ResponsibilityLedger.create(villages=["V1"], units=[AssistingUnit(
        ...     unit_id="U1", name="u", kind="public_institution", level="county")])
        >>> ledger = ledger.add_pairing(Pairing(pairing_id="UV1", assisting_kind="unit",
        ...     assisting_id="U1", assisted_kind="village", assisted_id="V1",
        ...     valid_from=dt.date(2010, 3, 1)))
        >>> check_agreement("UV1", ledger=ledger, on=dt.date(2010, 6, 1)).outcome
        True
        >>> check_agreement("UV1", ledger=ledger, on=dt.date(2012, 1, 1)).code
        'not:agreement_signed+yearly_commitment'
        >>> ledger = ledger.add_agreement(AssistanceAgreement(agreement_id="A1", unit_id="U1",
        ...     village_id="V1", signed_on=dt.date(2013, 3, 1),
        ...     commitments=[Commitment(year=2013, funds="500000", projects=3, people=2)]))
        >>> check_agreement("UV1", ledger=ledger, on=dt.date(2013, 6, 1)).code
        'selected'
        >>> check_agreement("UV1", ledger=ledger, on=dt.date(2014, 6, 1)).code
        'not:yearly_commitment'
    """
    subject = ledger.pairing(pairing) if isinstance(pairing, str) else pairing
    if (
        subject.assisting_kind is not PartyKind.UNIT
        or subject.assisted_kind is not PartyKind.VILLAGE
    ):
        raise InvalidRecordError(
            "must be a unit → village pairing",
            record=f"pairing {subject.pairing_id}",
            field="assisting_kind",
            value=subject.assisting_kind.value,
            rule=AGREEMENT.id,
        )
    inputs = agreement_inputs(subject, ledger=ledger, on=on)
    return AGREEMENT.bind(standards_or_default(standards), on=on).decide(
        subject_id=subject.pairing_id,
        as_of=on,
        **inputs,
        value=inputs["agreement_id"],
    )
