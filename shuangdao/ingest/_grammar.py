"""The cell grammar: how one value of an input becomes a Python value, at every door.

A *cell* is one value of one field of one input record: a CSV cell, an Arrow/pandas/polars
value, a JSON value or an argument of a model constructor. Every door converts cells with
the functions of this module, so the same cell is accepted or rejected identically wherever
it arrives (core dependencies only; the columnar validators of :mod:`shuangdao.ingest.table`
take vectorised shortcuts for the obvious values and send every other value here).

The grammar, decided once (see the docs page *Input grammar*):

* **Missing**: ``None`` and text that is empty after stripping whitespace are *missing*
  (pandas' own missing markers ``NaN``/``NA``/``NaT`` too, in pandas frames only). A missing
  value is accepted only where the field is optional.
* **Whitespace** around text (``str.strip``: spaces, tabs, full-width spaces...) is layout,
  not data: it is removed from ids, numbers, yes/no values, dates, years and choices. Free
  text (names, notes) is kept exactly as given.
* **Length**: no text value may exceed :data:`MAX_CELL_CHARS` characters.
* **Ids**: non-empty text without control characters (U+0000–U+001F); a whole number
  below 2^53 (``12``, ``12.0``) is accepted as its decimal digits (``"12"``); anything else
  (``12.5``, a boolean) is refused.
* **Whole numbers** (members, populations, capacities, years): an integer (not a boolean),
  a float or ``Decimal`` with no fractional part (``4.0``), or text made of ASCII digits with
  an optional sign and an optional all-zero fraction (``4``, ``+4``, ``4.0``); below 10^18.
  No exponents (``1e3``), underscores (``1_000``), separators (``1,000``) or non-ASCII
  digits (``４``).
* **Money** (yuan): an integer, a ``Decimal``, a float (read through its shortest ``repr``)
  or plain decimal text (``9278.99``, ``-0``, ``.5``); at most two decimals unless the extra
  ones are zeros; never rounded. No exponents, underscores, separators, currency signs or
  non-ASCII digits; not NaN or infinite.
* **Yes/no**: ``True``/``False``; the numbers ``1``/``0``; or, ignoring the case of ASCII
  letters, the text :data:`TRUE_SPELLINGS` / :data:`FALSE_SPELLINGS`.
* **Dates**: a :class:`datetime.date` (not a ``datetime``) or ISO text ``YYYY-MM-DD``.
* **Choices** (enums): the member or its exact value (``"net"``).

Errors are :class:`~shuangdao.errors.ShuangdaoError` subclasses naming the field and the
value; a caller adds the record.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import math
import numbers
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Final, TypeVar

from shuangdao.errors import InvalidMoneyError, InvalidRecordError, InvalidTypeError

__all__ = [
    "COUNT_LIMIT",
    "FALSE_SPELLINGS",
    "MAX_CELL_CHARS",
    "MONEY_LIMIT",
    "TRUE_SPELLINGS",
    "YEAR_RANGE",
    "is_missing",
    "parse_count",
    "parse_date",
    "parse_enum",
    "parse_flag",
    "parse_id",
    "parse_money",
    "parse_number",
    "parse_text",
    "parse_year",
    "shown",
]

MAX_CELL_CHARS: Final = 131_072
"""Longest text value accepted (characters); the CSV reader's longest cell, too."""

TRUE_SPELLINGS: Final = ("true", "yes", "1", "t", "y", "是")
"""Text read as *yes* (compared after stripping, ignoring case)."""
FALSE_SPELLINGS: Final = ("false", "no", "0", "f", "n", "否")
"""Text read as *no* (compared after stripping, ignoring case)."""

COUNT_LIMIT: Final = 10**18
"""Whole numbers must stay below this (at most 18 digits; fits the batch path's int64)."""

ID_NUMBER_LIMIT: Final = 2**53
"""A number used as an id must be below this in absolute value (exact as a float too)."""

MONEY_LIMIT: Final = Decimal(10) ** 15
"""Amounts must stay below this many yuan in absolute value."""

YEAR_RANGE: Final = (1949, 2100)
"""The calendar years accepted (inclusive), declared once for every reader of a year.

Input cells, model fields, standards parameters (years, dates, year-keyed tables) and the
round calendar all ask this range; 2100 is the last year because later ones overflow date
arithmetic such as follow-up windows.
"""

_TRUE: Final = frozenset(TRUE_SPELLINGS)
_FALSE: Final = frozenset(FALSE_SPELLINGS)

# ASCII only: ``\d`` would match any Unicode digit.
DECIMAL_TEXT: Final = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
"""Plain decimal text (after stripping): optional sign, ASCII digits, optional point."""
COUNT_TEXT: Final = re.compile(r"([+-]?)0*([0-9]+?)(?:\.0*)?")
"""Whole-number text (after stripping): optional sign, ASCII digits, optional zero fraction."""
DATE_TEXT: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
"""ISO date text ``YYYY-MM-DD``."""

_CONTEXT: Final = decimal.Context(prec=60, rounding=decimal.ROUND_HALF_EVEN, traps=[])
_FEN: Final = Decimal("0.01")
_ZERO: Final = Decimal("0.00")
_SHOWN_CHARS: Final = 80

T = TypeVar("T")
E = TypeVar("E", bound=enum.Enum)


def shown(value: Any) -> Any:
    """Return ``value`` as errors show it: long text cut to 80 characters with its length."""
    if isinstance(value, str) and len(value) > _SHOWN_CHARS:
        return f"{value[:_SHOWN_CHARS]}… ({len(value):,} characters)"
    return value


def is_missing(value: Any) -> bool:
    """Whether ``value`` is missing: ``None`` or text that is empty after stripping."""
    return value is None or (isinstance(value, str) and not value.strip())


def _text_of(value: str, field: str | None) -> str:
    """Strip ``value`` and check its length (callers handle missing)."""
    if len(value) > MAX_CELL_CHARS:
        raise InvalidRecordError(
            f"is longer than {MAX_CELL_CHARS:,} characters", field=field, value=shown(value)
        )
    return value.strip()


def _number_hint(text: str) -> str:
    """Why ``text`` (stripped, not plain decimal) is not a number, in a few words."""
    if any(c.isdigit() and not c.isascii() for c in text) or any(
        "\uff0b" <= c <= "\uff5e" for c in text
    ):
        return "contains full-width or non-ASCII characters; write digits 0-9 and '.'"
    if "_" in text:
        return "must not contain underscores"
    if "," in text or "\uff0c" in text:
        return "must not contain thousands separators"
    lowered = text.lower()
    if lowered.lstrip("+-") in {"nan", "snan", "inf", "infinity"}:
        return "must be a finite number"
    if "e" in lowered and any(c.isdigit() for c in text):
        return "must be written without an exponent"
    return ""


# ---------------------------------------------------------------- ids and text


def parse_id(value: Any, *, field: str | None = None, optional: bool = False) -> str | None:
    """Return ``value`` as an id (stripped text, or an integer's digits); ``None`` if missing.

    Raises:
        InvalidRecordError: Missing (unless ``optional``), too long, or with a control
            character.
        InvalidTypeError: Not text or an integer.

    Example:
        >>> parse_id(" 4418-023 "), parse_id(12)
        ('4418-023', '12')
    """
    if isinstance(value, str):
        text = _text_of(value, field)
        if not text:
            if optional:
                return None
            raise InvalidRecordError("is missing", field=field)
        if any(ord(c) < 32 for c in text):
            raise InvalidRecordError(
                "must not contain control characters", field=field, value=shown(value)
            )
        return text
    if value is None:
        if optional:
            return None
        raise InvalidRecordError("is missing", field=field)
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        raise InvalidTypeError("must be a text id, not a boolean", field=field, value=value)
    if isinstance(value, numbers.Integral):
        number = int(value)
    elif isinstance(value, Decimal | numbers.Real):
        exact = value if isinstance(value, Decimal) else Decimal(float(value))
        if not exact.is_finite() or exact != exact.to_integral_value(context=_CONTEXT):
            raise InvalidTypeError("must be a text id or a whole number", field=field, value=value)
        number = int(exact)
    else:
        raise InvalidTypeError(
            f"must be a text id (or a whole number), not {type(value).__name__}",
            field=field,
            value=value,
        )
    if abs(number) >= ID_NUMBER_LIMIT:
        raise InvalidRecordError(
            "is too large a number to be an exact id (>= 2^53); store ids as text",
            field=field,
            value=value,
        )
    return str(number)


def parse_text(value: Any, *, field: str | None = None, optional: bool = False) -> str | None:
    """Return free text exactly as given (not stripped); ``None`` only when ``optional``.

    Raises:
        InvalidRecordError: Too long, or ``None`` when not ``optional``.
        InvalidTypeError: Not a string.
    """
    if value is None:
        if optional:
            return None
        raise InvalidRecordError("is missing", field=field)
    if not isinstance(value, str):
        raise InvalidTypeError(
            f"must be a string, not {type(value).__name__}", field=field, value=value
        )
    if len(value) > MAX_CELL_CHARS:
        raise InvalidRecordError(
            f"is longer than {MAX_CELL_CHARS:,} characters", field=field, value=shown(value)
        )
    return value


# ---------------------------------------------------------------- numbers


def parse_number(value: Any, *, field: str | None = None, what: str = "yuan") -> Decimal:
    """Return a present value as an exact, finite ``Decimal`` (money and ratio grammar).

    Accepts an integer (not a boolean), a ``Decimal``, a float (through its shortest
    ``repr``) or plain decimal text. Any number of decimals, any sign: the callers
    (:func:`parse_money`, :func:`shuangdao.quantities.ratio`) add their own bounds. ``what``
    names the unit in messages.

    Raises:
        InvalidMoneyError: Not a plain decimal number, or not finite.
        InvalidTypeError: A boolean or an unsupported type.

    Example:
        >>> parse_number(" 0.3300000000000000000000000001 "), parse_number(0.1)
        (Decimal('0.3300000000000000000000000001'), Decimal('0.1'))
    """
    if isinstance(value, str):
        text = _text_of(value, field)
        if not DECIMAL_TEXT.fullmatch(text):
            hint = _number_hint(text)
            raise InvalidMoneyError(
                f"is not a decimal number ({what})" + (f": {hint}" if hint else ""),
                field=field,
                value=shown(value),
            )
        return Decimal(text)
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        raise InvalidTypeError(
            f"must be a number, not a boolean ({what})", field=field, value=value
        )
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, numbers.Integral):
        result = Decimal(int(value))
    elif isinstance(value, numbers.Real):
        number = float(value)
        if not math.isfinite(number):
            raise InvalidMoneyError(f"must be a finite number ({what})", field=field, value=value)
        result = Decimal(repr(number))
    else:
        raise InvalidTypeError(
            f"must be a number or decimal text ({what}), not {type(value).__name__}",
            field=field,
            value=value,
        )
    if not result.is_finite():
        raise InvalidMoneyError(f"must be a finite number ({what})", field=field, value=value)
    return result


def parse_money(
    value: Any,
    *,
    field: str | None = None,
    optional: bool = False,
    allow_negative: bool = False,
) -> Decimal | None:
    """Return ``value`` as exact yuan quantized to the fen; ``None`` if missing and optional.

    Raises:
        InvalidMoneyError: Not a plain decimal number, more than two decimals, negative (unless
            ``allow_negative``), not finite, or ``|amount| >=`` :data:`MONEY_LIMIT`.
        InvalidRecordError: Missing when required.
        InvalidTypeError: A boolean or an unsupported type.

    Example:
        >>> parse_money("9278.99"), parse_money(1500), parse_money(0.1)
        (Decimal('9278.99'), Decimal('1500.00'), Decimal('0.10'))
        >>> parse_money(" ", optional=True) is None
        True
    """
    if is_missing(value):
        if optional:
            return None
        raise InvalidRecordError("is missing", field=field)
    amount = parse_number(value, field=field)
    exponent = amount.as_tuple().exponent
    assert isinstance(exponent, int)  # finite
    if abs(amount) >= MONEY_LIMIT:
        raise InvalidMoneyError(
            f"is out of range (|amount| < 10^{MONEY_LIMIT.adjusted()} yuan)",
            field=field,
            value=shown(value),
        )
    if exponent < -2 and amount != amount.quantize(_FEN, context=_CONTEXT):
        raise InvalidMoneyError(
            "has more than two decimals (fen precision)", field=field, value=shown(value)
        )
    if amount < 0 and not allow_negative:
        raise InvalidMoneyError("must be >= 0", field=field, value=value)
    if amount.is_zero():
        return _ZERO  # never a negative zero
    return amount.quantize(_FEN, context=_CONTEXT)


def parse_count(
    value: Any,
    *,
    field: str | None = None,
    minimum: int = 0,
    maximum: int | None = None,
    optional: bool = False,
) -> int | None:
    """Return a whole number in ``[minimum, maximum]`` (and below ``2**62``).

    Raises:
        InvalidRecordError: Missing when required, not whole, or out of range.
        InvalidTypeError: A boolean or an unsupported type.

    Example:
        >>> parse_count("4", minimum=1), parse_count(4.0), parse_count(" +04 ")
        (4, 4, 4)
    """
    if is_missing(value):
        if optional:
            return None
        raise InvalidRecordError("is missing", field=field)
    if isinstance(value, str):
        text = _text_of(value, field)
        match = COUNT_TEXT.fullmatch(text)
        if match is None:
            hint = _number_hint(text)
            raise InvalidRecordError(
                "is not a whole number" + (f": {hint}" if hint else ""),
                field=field,
                value=shown(value),
            )
        sign, digits = match.groups()
        if len(digits) > 18:
            raise InvalidRecordError(
                "is out of range (< 10^18)" if sign != "-" else f"must be >= {minimum}",
                field=field,
                value=shown(value),
            )
        number = -int(digits) if sign == "-" else int(digits)
    elif isinstance(value, bool) or type(value).__name__ == "bool_":
        raise InvalidTypeError("must be a whole number, not a boolean", field=field, value=value)
    elif isinstance(value, numbers.Integral):
        number = int(value)
    elif isinstance(value, Decimal | numbers.Real):
        exact = value if isinstance(value, Decimal) else None
        if exact is None:
            as_float = float(value)
            if not math.isfinite(as_float) or as_float != math.floor(as_float):
                raise InvalidRecordError("is not a whole number", field=field, value=value)
            number = int(as_float)
        else:
            if not exact.is_finite() or exact != exact.to_integral_value(context=_CONTEXT):
                raise InvalidRecordError("is not a whole number", field=field, value=value)
            if abs(exact) >= COUNT_LIMIT:
                raise InvalidRecordError("is out of range (< 10^18)", field=field, value=value)
            number = int(exact)
    else:
        raise InvalidTypeError(
            f"must be a whole number, not {type(value).__name__}", field=field, value=value
        )
    if number < minimum:
        raise InvalidRecordError(f"must be >= {minimum}", field=field, value=number)
    if maximum is not None and number > maximum:
        raise InvalidRecordError(f"must be <= {maximum}", field=field, value=number)
    if number >= COUNT_LIMIT:
        raise InvalidRecordError("is out of range (< 10^18)", field=field, value=number)
    return number


def parse_year(value: Any, *, field: str | None = None, optional: bool = False) -> int | None:
    """Return a calendar year (in :data:`YEAR_RANGE`, 1949–2100), read as a whole number.

    Raises:
        InvalidRecordError: Missing when required, not whole, or outside :data:`YEAR_RANGE`.
        InvalidTypeError: A boolean or an unsupported type.
    """
    try:
        return parse_count(
            value,
            field=field,
            minimum=YEAR_RANGE[0],
            maximum=YEAR_RANGE[1],
            optional=optional,
        )
    except InvalidRecordError as error:
        if error.detail.startswith(("must be >=", "must be <=", "is out of range")):
            raise InvalidRecordError(
                f"must be a year between {YEAR_RANGE[0]} and {YEAR_RANGE[1]}",
                field=field,
                value=error.value,
            ) from None
        raise


# ---------------------------------------------------------------- yes/no, dates, choices


def parse_flag(value: Any, *, field: str | None = None, optional: bool = False) -> bool | None:
    """Return a yes/no value.

    Raises:
        InvalidRecordError: Missing when required, or text that is not a yes/no spelling, or
            an integer other than 0 and 1.
        InvalidTypeError: Any other type (a float, a date...).

    Example:
        >>> parse_flag("Yes"), parse_flag(" f "), parse_flag(1), parse_flag("否")
        (True, False, True, False)
    """
    if is_missing(value):
        if optional:
            return None
        raise InvalidRecordError("is missing", field=field)
    if isinstance(value, str):
        key = _text_of(value, field)
        key = key.lower() if key.isascii() else key
        if key in _TRUE:
            return True
        if key in _FALSE:
            return False
        raise InvalidRecordError(
            "is not a yes/no value (true/false, yes/no, 1/0, t/f, y/n, 是/否)",
            field=field,
            value=shown(value),
        )
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return bool(value)
    if isinstance(value, Decimal | numbers.Real):
        # A NaN is neither (a signalling Decimal NaN cannot even be hashed or compared).
        nan = value.is_nan() if isinstance(value, Decimal) else value != value  # noqa: PLR0124
        if not nan and value in {0, 1}:  # 1, 0, 1.0, Decimal("0.0")...
            return bool(value == 1)
        raise InvalidRecordError("is not a yes/no value (1 or 0)", field=field, value=value)
    raise InvalidTypeError(
        f"must be a boolean, not {type(value).__name__}", field=field, value=value
    )


def parse_date(value: Any, *, field: str | None = None, optional: bool = False) -> dt.date | None:
    """Return a date: a :class:`datetime.date` (not a ``datetime``) or ISO text ``YYYY-MM-DD``.

    Raises:
        InvalidRecordError: Missing when required, or text that is not a valid ISO date.
        InvalidTypeError: Another type (a ``datetime`` included).
    """
    if is_missing(value):
        if optional:
            return None
        raise InvalidRecordError("is missing", field=field)
    if isinstance(value, str):
        text = _text_of(value, field)
        if not DATE_TEXT.fullmatch(text):
            raise InvalidRecordError(
                "is not an ISO date (YYYY-MM-DD)", field=field, value=shown(value)
            )
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise InvalidRecordError("is not a valid date", field=field, value=value) from None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    raise InvalidTypeError(
        f"must be a date (YYYY-MM-DD), not {type(value).__name__}", field=field, value=value
    )


def parse_enum(
    enum_type: type[E], value: Any, *, field: str | None = None, optional: bool = False
) -> E | None:
    """Return the member of ``enum_type`` for a member or its exact value (text stripped).

    Raises:
        InvalidRecordError: Missing when required, or not a value of the enum (the message
            lists the choices).
    """
    if isinstance(value, enum_type):
        return value
    if is_missing(value):
        if optional:
            return None
        raise InvalidRecordError("is missing", field=field)
    key = _text_of(value, field) if isinstance(value, str) else value
    for member in enum_type:
        if member.value == key and type(member.value) is type(key):
            return member
    choices = ", ".join(str(m.value) for m in enum_type)
    raise InvalidRecordError(f"must be one of {choices}", field=field, value=shown(value))


def required(parse: Callable[..., T | None]) -> Callable[..., T]:
    """Wrap a ``parse_*`` function whose result is never ``None`` when not optional."""

    def call(value: Any, **kwargs: Any) -> T:
        result = parse(value, **kwargs)
        assert result is not None
        return result

    return call
