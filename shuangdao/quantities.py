"""Exact quantities: money in yuan with fen precision, ratios, and comparators.

Money decisions in shuangdao never depend on float rounding.

* **Money** is a :class:`~decimal.Decimal` number of yuan with exactly two decimals
  (fen precision), made by :func:`money` with the input grammar of
  :mod:`shuangdao.ingest`. Accepted inputs are ``Decimal``, ``int`` and plain decimal
  text (``"9278.99"``; ``"1,500"``, ``"1e3"``, ``"1_000"`` and full-width digits are *not*
  accepted). A ``float`` is accepted
  only when its shortest ``repr`` has at most two decimals (``9278.99`` → ``Decimal("9278.99")``);
  the conversion then is exactly what the user typed. Anything with more than two
  decimals, ``NaN``, infinities and booleans are rejected with
  :class:`~shuangdao.errors.InvalidMoneyError` — the library never rounds an amount
  silently.
* **Ratios** (60 %, 0.33) are ``Decimal`` values made by :func:`ratio`; ``0.60`` the float
  becomes ``Decimal("0.6")``, again via the shortest ``repr``.
* **Comparators** come from Chinese legal drafting (the policy brief,
  "Comparators"): 以上/以下 include the number, 低于/超过 exclude it.
  :class:`Comparator` decides with exact ``Decimal`` arithmetic, and
  :func:`compare_per_capita` compares a household total with ``line × members`` so no
  division (and no rounding) is ever needed.
"""

from __future__ import annotations

import decimal
import enum
from decimal import Decimal
from typing import Final

from shuangdao.errors import InvalidMoneyError, InvalidTypeError, ShuangdaoError
from shuangdao.ingest import parse_money, parse_number

__all__ = [
    "Comparator",
    "FEN",
    "MARGIN_QUANTUM",
    "Money",
    "compare_per_capita",
    "from_fen",
    "money",
    "ratio",
    "to_fen",
]

Money = Decimal
"""Type alias: an amount of yuan with exactly two decimals (see :func:`money`)."""

FEN: Final = Decimal("0.01")
"""One fen, the smallest unit of money (0.01 yuan)."""

MARGIN_QUANTUM: Final = Decimal("0.0001")
"""Reported per-capita margins are rounded (half-even) to this; they never decide outcomes."""

_CONTEXT: Final = decimal.Context(prec=40, rounding=decimal.ROUND_HALF_EVEN, traps=[])


def _to_decimal(value: object, *, what: str, field: str | None, record: str | None) -> Decimal:
    """Convert ``value`` to a finite Decimal exactly (the input grammar) or raise a typed error."""
    try:
        return parse_number(value, field=field, what=what)
    except ShuangdaoError as error:
        if record is None:
            raise
        raise type(error)(
            error.detail, record=record, field=error.field, value=error.value, rule=error.rule
        ) from None


def money(
    value: object,
    *,
    field: str | None = None,
    record: str | None = None,
    allow_negative: bool = False,
) -> Decimal:
    """Return ``value`` as exact yuan with two decimals, or raise.

    Args:
        value: A ``Decimal``, ``int``, decimal string or ``float`` (see the module notes).
        field: Field name used in error messages.
        record: Record name used in error messages (``"household h1"``).
        allow_negative: Accept amounts below zero (losses, corrections).

    Returns:
        The amount quantized to fen, e.g. ``Decimal("1500.00")``.

    Raises:
        InvalidMoneyError: More than two decimals, not finite, not a number, or negative.
        InvalidTypeError: A boolean or an unsupported type.

    Example:
        >>> money("9278.99"), money(1500), money(0.1)
        (Decimal('9278.99'), Decimal('1500.00'), Decimal('0.10'))
        >>> money("0.001")
        Traceback (most recent call last):
        ...
        shuangdao.errors.InvalidMoneyError: '0.001' has more than two decimals (fen precision)
    """
    try:
        amount = parse_money(value, field=field, allow_negative=allow_negative)
    except ShuangdaoError as error:
        if record is None:
            raise
        raise type(error)(
            error.detail, record=record, field=error.field, value=error.value, rule=error.rule
        ) from None
    assert amount is not None
    return amount


def ratio(
    value: object,
    *,
    field: str | None = None,
    record: str | None = None,
    minimum: Decimal = Decimal(0),
    maximum: Decimal | None = Decimal(1),
) -> Decimal:
    """Return ``value`` as an exact Decimal ratio within ``[minimum, maximum]``.

    Example:
        >>> ratio("0.60"), ratio(0.33)
        (Decimal('0.60'), Decimal('0.33'))
        >>> ratio(1.7)
        Traceback (most recent call last):
        ...
        shuangdao.errors.InvalidMoneyError: 1.7 must be between 0 and 1
    """
    result = _to_decimal(value, what="ratio", field=field, record=record)
    if result < minimum or (maximum is not None and result > maximum):
        bound = f"between {minimum} and {maximum}" if maximum is not None else f">= {minimum}"
        raise InvalidMoneyError(f"must be {bound}", record=record, field=field, value=value)
    return result


def to_fen(amount: Decimal) -> int:
    """Return a money amount as an integer number of fen (exact).

    Example:
        >>> to_fen(money("3093"))
        309300
    """
    return int(amount.scaleb(2, context=_CONTEXT).to_integral_exact(context=_CONTEXT))


def from_fen(fen: int) -> Decimal:
    """Return an integer number of fen as money.

    Example:
        >>> from_fen(309276)
        Decimal('3092.76')
    """
    return Decimal(fen).scaleb(-2, context=_CONTEXT).quantize(FEN, context=_CONTEXT)


class Comparator(enum.Enum):
    """How an observed value is compared with a threshold, as Chinese legal drafting fixes it.

    以上、以下 include the stated number; 低于、超过 (and 不满) exclude it
    (民法通则 art. 155; 民法典 art. 1259).

    Example:
        >>> Comparator.LE.holds(Decimal("1500.00"), Decimal("1500"))
        True
        >>> Comparator.LT.holds(Decimal("5623.00"), Decimal("5623"))
        False
    """

    GE = "ge"
    """At or above (以上, 达到…以上): observed >= threshold."""
    GT = "gt"
    """Above (超过, 高于): observed > threshold."""
    LE = "le"
    """At or below (以下): observed <= threshold."""
    LT = "lt"
    """Below (低于, 不满): observed < threshold."""

    @property
    def symbol(self) -> str:
        """The mathematical symbol (``>=``, ``>``, ``<=``, ``<``)."""
        return _SYMBOLS[self]

    @property
    def zh(self) -> str:
        """The Chinese drafting term (以上, 超过, 以下, 低于)."""
        return _ZH[self]

    @property
    def en(self) -> str:
        """The English phrase (at or above, above, at or below, below)."""
        return _EN[self]

    @property
    def negated(self) -> Comparator:
        """The comparator that holds exactly when this one does not."""
        return _NEGATED[self]

    def holds(self, observed: Decimal | int, threshold: Decimal | int) -> bool:
        """Return whether ``observed <op> threshold`` holds (exact, no float)."""
        if isinstance(observed, float) or isinstance(threshold, float):  # pragma: no cover
            raise InvalidTypeError("comparators never compare floats", value=(observed, threshold))
        if self is Comparator.GE:
            return observed >= threshold
        if self is Comparator.GT:
            return observed > threshold
        if self is Comparator.LE:
            return observed <= threshold
        return observed < threshold

    @classmethod
    def parse(cls, text: str) -> Comparator:
        """Parse ``"ge"``, ``">="``, ``"以上"`` ... into a comparator."""
        key = text.strip().lower()
        for comparator in cls:
            if key in {comparator.value, comparator.symbol, comparator.zh}:
                return comparator
        raise InvalidTypeError(
            "is not a comparator (ge, gt, le, lt, >=, >, <=, <)", field="comparator", value=text
        )


_SYMBOLS: Final = {Comparator.GE: ">=", Comparator.GT: ">", Comparator.LE: "<=", Comparator.LT: "<"}
_ZH: Final = {
    Comparator.GE: "以上",
    Comparator.GT: "超过",
    Comparator.LE: "以下",
    Comparator.LT: "低于",
}
_EN: Final = {
    Comparator.GE: "at or above",
    Comparator.GT: "above",
    Comparator.LE: "at or below",
    Comparator.LT: "below",
}
_NEGATED: Final = {
    Comparator.GE: Comparator.LT,
    Comparator.GT: Comparator.LE,
    Comparator.LE: Comparator.GT,
    Comparator.LT: Comparator.GE,
}


def compare_per_capita(
    total: Decimal, members: int, comparator: Comparator, line: Decimal
) -> tuple[bool, Decimal]:
    """Compare a per-capita amount with a line without dividing.

    ``total / members <op> line`` is decided as ``total <op> line × members``, which is exact
    for Decimal money and integer members. The margin returned is per capita,
    ``total / members - line``, computed with 40 significant digits, rounded half-even to
    0.0001 yuan and only *reported* (it never decides the outcome).

    Args:
        total: The household's (or village's) total income.
        members: Number of persons (>= 1).
        comparator: How the per-capita value is compared with the line.
        line: The per-capita line.

    Returns:
        ``(holds, margin_per_capita)``.

    Example:
        >>> compare_per_capita(Decimal("12372.00"), 4, Comparator.LT, Decimal("3093"))
        (False, Decimal('0.0000'))
    """
    holds = comparator.holds(total, line * members)
    margin = _CONTEXT.subtract(_CONTEXT.divide(total, Decimal(members)), line)
    return holds, margin.quantize(MARGIN_QUANTUM, context=_CONTEXT)
