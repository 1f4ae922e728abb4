"""The evidence found against a body: leader links, fund findings, aggravations, choices.

Also the field checks the accountability records share (flags, optional counts, the
failing/assessed village counts, tuples of records).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs
from attrs import field, frozen

from shuangdao.errors import InvalidRecordError, InvalidTypeError
from shuangdao.explain import Decision
from shuangdao.model.accountability._consequences import (
    AccountabilityAction,
    AggravatingFactor,
    Sanction,
)
from shuangdao.model.accountability._mechanisms import IrregularityKind
from shuangdao.model.fields import (
    as_iterable,
    at_least,
    convert_enum,
    identifier,
    model,
    optional_identifier,
    text,
)
from shuangdao.quantities import money


def _irregularity_kind(value: object) -> IrregularityKind:
    """Convert ``kind`` (errors name the field)."""
    return convert_enum(IrregularityKind, value, "kind")


def _factor(value: object) -> AggravatingFactor:
    """Convert ``factor`` (errors name the field)."""
    return convert_enum(AggravatingFactor, value, "factor")


def _sanction(value: object) -> Sanction:
    """Convert ``sanction`` (errors name the field)."""
    return convert_enum(Sanction, value, "sanction")


def _optional_consequence(value: object) -> AccountabilityAction | None:
    """Convert ``consequence_chosen`` (``None`` stays ``None``)."""
    if value is None:
        return None
    return convert_enum(AccountabilityAction, value, "consequence_chosen")


def _optional_money(value: object) -> Decimal | None:
    """Convert ``amount`` to exact yuan (``None`` stays ``None``)."""
    return None if value is None else money(value, field="amount")


def _flag(_instance: object, attribute: attrs.Attribute[bool], value: object) -> None:
    """Validate a boolean."""
    if not isinstance(value, bool):
        raise InvalidTypeError(
            f"must be true or false, not {type(value).__name__}", field=attribute.name, value=value
        )


def _optional_flag(
    instance: object, attribute: attrs.Attribute[bool | None], value: object
) -> None:
    """Validate an optional boolean (``None`` = not recorded)."""
    if value is not None:
        _flag(instance, attribute, value)  # type: ignore[arg-type]


def _optional_count(
    instance: object, attribute: attrs.Attribute[int | None], value: object
) -> None:
    """Validate an optional count >= 0."""
    if value is not None:
        at_least(0)(instance, attribute, value)


def check_counts(failed: object, total: object, *, record: str | None) -> None:
    """Validate failing and assessed village counts (integers, ``0 <= failed <= total``).

    Raises:
        InvalidTypeError: A count is not an integer.
        InvalidRecordError: ``total < 1`` or ``failed`` outside ``[0, total]``.
    """
    if isinstance(failed, bool) or not isinstance(failed, int):
        raise InvalidTypeError("must be an integer", record=record, field="failed", value=failed)
    if isinstance(total, bool) or not isinstance(total, int):
        raise InvalidTypeError("must be an integer", record=record, field="total", value=total)
    if total < 1:
        raise InvalidRecordError("must be >= 1", record=record, field="total", value=total)
    if not 0 <= failed <= total:
        raise InvalidRecordError(
            f"must be between 0 and total={total}", record=record, field="failed", value=failed
        )


def _records(value: object, cls: type, name: str) -> tuple[Any, ...]:
    """Convert ``value`` to a tuple of ``cls`` records (errors name ``name``)."""
    items = tuple(as_iterable(value, name))
    for item in items:
        if not isinstance(item, cls):
            raise InvalidTypeError(
                f"must hold {cls.__name__} records, not {type(item).__name__}",
                field=name,
                value=item,
            )
    return items


@model("leader link", "leader_id")
@frozen
class LeaderLink:
    """One leader and the village they took charge of (挂村办点), or ``None``.

    Attributes:
        leader_id: The leader (a leadership member of the area).
        village_id: The village they took charge of, or ``None`` if none.
    """

    leader_id: str = field(validator=identifier)
    village_id: str | None = field(default=None, validator=optional_identifier)


@model("funding irregularity", "body_id")
@frozen
class FundingIrregularity:
    """Evidence of one of the fund or poor-list situations of the 2010 measures (S10).

    The funding checks' findings become these with :meth:`from_finding`; any other source
    of findings (an audit, an inspection) may build them directly.

    Attributes:
        kind: :class:`IrregularityKind`.
        body_id: The area or unit responsible (the trigger is on this body only).
        village_id: The village concerned, if any.
        amount: Exact yuan concerned, if any.
        evidence_id: Id of the finding (an audit item, a ledger entry).
        note: What was found, in words.
        discipline_due: The finding warrants party or government discipline.
        criminal_suspected: The finding is suspected to be a crime.

    Example:
        >>> FundingIrregularity(kind="misused_funds", body_id="K01", amount="5000").amount
        Decimal('5000.00')
    """

    kind: IrregularityKind = field(converter=_irregularity_kind)
    body_id: str = field(validator=identifier)
    village_id: str | None = field(default=None, validator=optional_identifier)
    amount: Decimal | None = field(default=None, converter=_optional_money)
    evidence_id: str = field(default="", validator=text)
    note: str = field(default="", validator=text)
    discipline_due: bool = field(default=False, validator=_flag)
    criminal_suspected: bool = field(default=False, validator=_flag)

    @classmethod
    def from_finding(
        cls,
        finding: Any,
        *,
        body_id: str,
        discipline_due: bool = False,
        criminal_suspected: bool = False,
    ) -> FundingIrregularity:
        """Turn a funding check's finding into evidence against ``body_id``.

        A :class:`~shuangdao.rules.funding.FundingFinding` names the money and its recipient
        but not the body responsible for it: the caller says which body that is.

        Args:
            finding: A ``FundingFinding`` (anything with ``kind``, ``record_id``,
                ``recipient_kind``, ``recipient_id``, ``amount`` and ``decision``).
            body_id: The area or unit responsible.
            discipline_due: The finding warrants party or government discipline.
            criminal_suspected: The finding is suspected to be a crime.

        Raises:
            InvalidTypeError: ``finding`` is not a funding finding.
        """
        kind = getattr(finding, "kind", None)
        if not isinstance(kind, IrregularityKind):
            raise InvalidTypeError(
                "must be a funding finding whose kind is an IrregularityKind",
                field="finding",
                value=type(finding).__name__,
            )
        recipient_kind = getattr(finding, "recipient_kind", "")
        decision = getattr(finding, "decision", None)
        return cls(
            kind=kind,
            body_id=body_id,
            village_id=getattr(finding, "recipient_id", None)
            if recipient_kind == "village"
            else None,
            amount=getattr(finding, "amount", None),
            evidence_id=str(getattr(finding, "record_id", "")),
            note=decision.explanation("en").verdict if isinstance(decision, Decision) else "",
            discipline_due=discipline_due,
            criminal_suspected=criminal_suspected,
        )


@model("aggravation", "official_id")
@frozen
class Aggravation:
    """An aggravating factor found against one official (art. 9 of the 2010 measures).

    Attributes:
        official_id: The official it was found against.
        factor: :class:`AggravatingFactor`.
        note: What was found.
    """

    official_id: str = field(validator=identifier)
    factor: AggravatingFactor = field(converter=_factor)
    note: str = field(default="", validator=text)


@model("sanction choice", "official_id")
@frozen
class SanctionChoice:
    """The discipline body's choice for one official held to account (an input).

    The library returns the applicable sanctions; the choice among them is the discipline
    body's. Recorded on an :class:`AccountabilityRecord`, it is checked against the options
    (a choice the aggravating factors rule out is an error) and shown on the decision.

    Attributes:
        official_id: The official.
        sanction: The sanction chosen: an art. 9 form, or :attr:`Sanction.DISMISSAL` when
            party or government discipline was imposed.
        with_public_apology: Whether an ordered public apology was added (art. 9 lets it be
            combined with others).
        note: The decision's reference or words.
    """

    official_id: str = field(validator=identifier)
    sanction: Sanction = field(converter=_sanction)
    with_public_apology: bool = field(default=False, validator=_flag)
    note: str = field(default="", validator=text)
