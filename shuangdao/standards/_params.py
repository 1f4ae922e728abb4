"""Parameters: typed, dated, cited policy values (private module; see ``shuangdao.standards``)."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Final, TypeAlias

from attrs import field, frozen
from attrs.validators import instance_of, matches_re, optional

from shuangdao.citations import Certainty, Citation
from shuangdao.errors import InvalidTypeError, MissingParameterError, OverrideError, ShuangdaoError
from shuangdao.ingest import YEAR_RANGE
from shuangdao.quantities import Comparator, money, ratio

__all__ = ["DatedValue", "Derivation", "ParamType", "Parameter", "SeriesEntry", "coerce_value"]

_FIRST_DAY: Final = dt.date(YEAR_RANGE[0], 1, 1)
"""Earliest date a date parameter may take (the first day of :data:`YEAR_RANGE`)."""
_LAST_DAY: Final = dt.date(YEAR_RANGE[1], 12, 31)
"""Latest date: the last day of :data:`YEAR_RANGE` (later ones overflow date arithmetic)."""

ParamValue: TypeAlias = Any
"""A parameter's Python value; its shape is fixed by :class:`ParamType`."""


class ParamType(enum.Enum):
    """The type of a parameter's value; overrides are validated against it."""

    MONEY = "money"
    """Yuan, exact, fen precision, >= 0 (``Decimal``)."""
    RATIO = "ratio"
    """A share between 0 and 1 (``Decimal``)."""
    DECIMAL = "decimal"
    """Any exact non-negative number such as a weight or a growth rate (``Decimal``)."""
    INTEGER = "integer"
    """A non-negative whole number (``int``)."""
    YEAR = "year"
    """A calendar year in :data:`shuangdao.ingest.YEAR_RANGE` (``int``)."""
    BOOLEAN = "boolean"
    """``True`` or ``False``."""
    TEXT = "text"
    """A string, optionally restricted to ``choices``."""
    DATE = "date"
    """A calendar date (``datetime.date``)."""
    COMPARATOR = "comparator"
    """A :class:`~shuangdao.quantities.Comparator`."""
    MONEY_BY_YEAR = "money_by_year"
    """A mapping year → yuan (``Mapping[int, Decimal]``)."""
    DECIMAL_BY_KEY = "decimal_by_key"
    """A mapping name → exact number (``Mapping[str, Decimal]``)."""
    INTEGER_BY_KEY = "integer_by_key"
    """A mapping name → whole number (``Mapping[str, int]``)."""
    TEXT_LIST = "text_list"
    """An ordered tuple of strings."""
    SERIES = "series"
    """A statistical series: year → :class:`SeriesEntry` (value, measure, certainty)."""
    TABLE = "table"
    """An ordered tuple of records (mappings of str to str/int/bool/Decimal)."""


@frozen
class SeriesEntry:
    """One year of a statistical series, with its own certainty and source.

    Attributes:
        year: Calendar year.
        value: Yuan (exact).
        measure: ``"net"`` (农民人均纯收入, to 2013) or ``"disposable"``
            (人均可支配收入, from 2014).
        citation: Where the figure comes from and how sure it is.
        projection: True for a projected (not observed) figure.
    """

    year: int = field(validator=instance_of(int))
    value: Decimal = field(validator=instance_of(Decimal))
    measure: str = field(validator=matches_re(r"net|disposable"))
    citation: Citation = field(validator=instance_of(Citation))
    projection: bool = field(default=False, validator=instance_of(bool))


def _frozen_inputs(value: Mapping[str, str]) -> Mapping[str, str]:
    """Freeze a derivation's inputs."""
    return MappingProxyType(dict(value))


def _ints(value: Iterable[int]) -> tuple[int, ...]:
    """Convert to a tuple."""
    return tuple(value)


def _strs(value: Iterable[str]) -> tuple[str, ...]:
    """Convert to a tuple."""
    return tuple(value)


def _history(value: Iterable[DatedValue]) -> tuple[DatedValue, ...]:
    """Convert to a tuple."""
    return tuple(value)


@frozen
class Derivation:
    """How a published figure is derived from others (documentation *and* recomputation).

    Kinds:
        ``ratio_of_series``: ``round(ratio × series[year])``.
        ``growth_table``: ``round(round(ratio × series[base_year]) × (1 + growth)^(y - base_year))``
        for each year of the table.

    Rounding is read from the parameter named by ``rounding`` (``"half_up_yuan"`` rounds
    half up to whole yuan; ``"exact"`` keeps every digit, fen-quantized only if exact).

    Attributes:
        kind: ``"ratio_of_series"`` or ``"growth_table"``.
        inputs: Parameter keys used (``ratio``, ``series``, ``year``, ``growth``, ``rounding``).
        text: A human description, e.g. ``"60 % × 9372 = 5623.2, rounded half up to 5623"``.
        text_zh: The same in Chinese.

    .. versionchanged:: 0.2.0 ``text_zh`` (issue 16).
    """

    kind: str = field(validator=matches_re(r"ratio_of_series|growth_table"))
    inputs: Mapping[str, str] = field(converter=_frozen_inputs)
    text: str = field(default="", validator=instance_of(str))
    text_zh: str = field(default="", validator=instance_of(str))


@frozen
class DatedValue:
    """A value in force from a date (a parameter's history entry)."""

    since: dt.date = field(validator=instance_of(dt.date))
    value: ParamValue
    citation: Citation = field(validator=instance_of(Citation))


@frozen
class Parameter:
    """One policy parameter: its value, unit, meaning, source and certainty.

    Attributes:
        key: Dotted key, ``"<area>.<name>"`` (``"round2.household_line"``).
        type: The value's :class:`ParamType`.
        value: The current value (``None`` for a required parameter the policy never fixed).
        unit: Unit in words (``"yuan per person per year"``).
        en: What it means, in English.
        zh: What it means, in Chinese.
        citation: Source(s), article and certainty.
        rounds: The rounds it applies to (empty = all).
        derivation: How the figure is derived, if it is.
        history: Earlier or later values by date (``at(date)`` reads them).
        choices: Allowed values for TEXT parameters.
        minimum: Lower bound for numbers (inclusive).
        maximum: Upper bound for numbers (inclusive).
        required: True if the policy gives no value and a caller must supply one.
        hint: How to supply a required value.
        overridden: True if a scenario override set or changed this value.
        unit_zh: The unit in Chinese (``"元/人·年"``).
        hint_zh: ``hint`` in Chinese.

    .. versionchanged:: 0.2.0 ``unit_zh`` and ``hint_zh`` (issue 16).
    """

    key: str = field(validator=matches_re(r"[a-z0-9_]+\.[a-z0-9_.]+"))
    type: ParamType = field(validator=instance_of(ParamType))
    value: ParamValue
    unit: str = field(default="", validator=instance_of(str))
    en: str = field(default="", validator=instance_of(str))
    zh: str = field(default="", validator=instance_of(str))
    citation: Citation = field(
        factory=lambda: Citation(("PROJECT",), certainty=Certainty.ASSUMED),
        validator=instance_of(Citation),
    )
    rounds: tuple[int, ...] = field(default=(), converter=_ints)
    derivation: Derivation | None = field(default=None, validator=optional(instance_of(Derivation)))
    history: tuple[DatedValue, ...] = field(default=(), converter=_history)
    choices: tuple[str, ...] = field(default=(), converter=_strs)
    minimum: Decimal | None = field(default=None)
    maximum: Decimal | None = field(default=None)
    required: bool = field(default=False, validator=instance_of(bool))
    hint: str = field(default="", validator=instance_of(str))
    overridden: bool = field(default=False, validator=instance_of(bool))
    unit_zh: str = field(default="", validator=instance_of(str))
    hint_zh: str = field(default="", validator=instance_of(str))

    @property
    def certainty(self) -> Certainty:
        """The certainty of the current value."""
        return self.citation.certainty

    def get(self) -> ParamValue:
        """Return the value, or raise :class:`MissingParameterError` if none was supplied."""
        if self.value is None:
            raise MissingParameterError(
                f"has no value: the policy sources never fixed it. {self.hint}".strip(),
                field=self.key,
                rule="standards",
            )
        return self.value

    def at(self, on: dt.date) -> ParamValue:
        """Return the value in force on ``on`` (from ``history`` when it has entries)."""
        if not self.history or self.overridden:
            return self.get()
        current: DatedValue | None = None
        for entry in self.history:
            if entry.since <= on:
                current = entry
        if current is None:
            raise MissingParameterError(
                f"has no value in force on {on.isoformat()} "
                f"(first from {self.history[0].since.isoformat()})",
                field=self.key,
                rule="standards",
            )
        return current.value

    def citation_at(self, on: dt.date) -> Citation:
        """Return the citation of the value in force on ``on``."""
        if not self.history or self.overridden:
            return self.citation
        current = self.citation
        for entry in self.history:
            if entry.since <= on:
                current = entry.citation
        return current


def _bounded(
    param: Parameter, number: Decimal, original: object, *, field: str | None = None
) -> None:
    """Check ``number`` against the parameter's bounds (each entry's, for a table)."""
    name = field or param.key
    if param.minimum is not None and number < param.minimum:
        raise OverrideError(
            f"must be >= {param.minimum}", field=name, value=original, rule="standards"
        )
    if param.maximum is not None and number > param.maximum:
        raise OverrideError(
            f"must be <= {param.maximum}", field=name, value=original, rule="standards"
        )


def _expect(kind: type | tuple[type, ...], raw: object, key: str, what: str) -> None:
    if not isinstance(raw, kind) or (isinstance(raw, bool) and kind is not bool):
        raise OverrideError(
            f"must be {what}, not {type(raw).__name__}", field=key, value=raw, rule="standards"
        )


def _coerce_number(param: Parameter, raw: object, key: str) -> Any:
    ptype = param.type
    if ptype is ParamType.MONEY:
        return money(raw, field=key)
    if ptype is ParamType.RATIO:
        return ratio(raw, field=key)
    if ptype is ParamType.DECIMAL:
        return ratio(raw, field=key, maximum=None)
    if ptype in (ParamType.INTEGER, ParamType.YEAR):
        _expect(int, raw, key, "a whole number")
        assert isinstance(raw, int)
        first, last = YEAR_RANGE
        if raw < 0 or (ptype is ParamType.YEAR and not first <= raw <= last):
            bound = f"a year between {first} and {last}" if ptype is ParamType.YEAR else ">= 0"
            raise OverrideError(f"must be {bound}", field=key, value=raw, rule="standards")
        return raw
    raise AssertionError(ptype)  # pragma: no cover


def _coerce_record(raw: object, key: str) -> Mapping[str, Any]:
    _expect(Mapping, raw, key, "a table of fields")
    assert isinstance(raw, Mapping)
    record: dict[str, Any] = {}
    for name, raw_item in raw.items():
        _expect(str, name, key, "a table with string keys")
        item = raw_item
        if isinstance(raw_item, float):
            item = ratio(raw_item, field=f"{key}.{name}", maximum=None)
        elif not isinstance(raw_item, str | int | bool | Decimal):
            raise OverrideError(
                "must hold strings, numbers or booleans", field=f"{key}.{name}", value=raw_item
            )
        record[name] = item
    return MappingProxyType(record)


def coerce_value(param: Parameter, raw: object, *, key: str | None = None) -> ParamValue:
    """Validate and convert ``raw`` to the Python value of ``param``'s type.

    The one check every new value of a parameter passes — a scenario override, a standards
    file loaded from JSON: its declared :class:`ParamType`, choices and bounds. ``key``
    names the value in messages (default: the parameter's key).

    Raises:
        OverrideError: Wrong type or out of range (the message names the key).

    Example:
        >>> from shuangdao.standards import coerce_value, default_standards
        >>> line = default_standards().param("round2.household_line")
        >>> coerce_value(line, "3200")
        Decimal('3200.00')
        >>> coerce_value(line, "-1")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        shuangdao.errors.OverrideError: round2.household_line='-1' must be >= 0 (rule standards)
    """
    key = key or param.key
    ptype = param.type
    try:
        if ptype in (
            ParamType.MONEY,
            ParamType.RATIO,
            ParamType.DECIMAL,
            ParamType.INTEGER,
            ParamType.YEAR,
        ):
            number = _coerce_number(param, raw, key)
            _bounded(param, Decimal(number), raw)
            return number
        if ptype is ParamType.BOOLEAN:
            _expect(bool, raw, key, "true or false")
            return raw
        if ptype is ParamType.TEXT:
            _expect(str, raw, key, "a string")
            if param.choices and raw not in param.choices:
                raise OverrideError(
                    f"must be one of {', '.join(param.choices)}", field=key, value=raw
                )
            return raw
        if ptype is ParamType.DATE:
            if isinstance(raw, str):
                day = dt.date.fromisoformat(raw)
            elif isinstance(raw, dt.datetime) or not isinstance(raw, dt.date):
                raise OverrideError("must be a date (YYYY-MM-DD)", field=key, value=raw)
            else:
                day = raw
            if not _FIRST_DAY <= day <= _LAST_DAY:
                raise OverrideError(
                    f"must be a date between {_FIRST_DAY.isoformat()} and {_LAST_DAY.isoformat()}",
                    field=key,
                    value=raw,
                    rule="standards",
                )
            return day
        if ptype is ParamType.COMPARATOR:
            _expect(str, raw, key, "a comparator name (ge, gt, le, lt)")
            assert isinstance(raw, str)
            return Comparator.parse(raw)
        if ptype is ParamType.MONEY_BY_YEAR:
            _expect(Mapping, raw, key, "a table of year = amount")
            assert isinstance(raw, Mapping)
            table: dict[int, Decimal] = {}
            for year, amount in raw.items():
                digits = isinstance(year, str) and year.isascii() and year.isdigit()
                year_int = int(year) if digits else year
                if (
                    not isinstance(year_int, int)
                    or isinstance(year_int, bool)
                    or not YEAR_RANGE[0] <= year_int <= YEAR_RANGE[1]
                ):
                    raise OverrideError(
                        f"keys must be years between {YEAR_RANGE[0]} and {YEAR_RANGE[1]}",
                        field=key,
                        value=year,
                        rule="standards",
                    )
                table[year_int] = money(amount, field=f"{key}.{year}")
            return MappingProxyType(dict(sorted(table.items())))
        if ptype in (ParamType.DECIMAL_BY_KEY, ParamType.INTEGER_BY_KEY):
            _expect(Mapping, raw, key, "a table of name = number")
            assert isinstance(raw, Mapping)
            numbers: dict[str, Any] = {}
            for name, number in raw.items():
                _expect(str, name, key, "a table with string keys")
                entry = f"{key}.{name}"
                if ptype is ParamType.INTEGER_BY_KEY:
                    _expect(int, number, entry, "a whole number")
                    if number < 0:
                        raise OverrideError(
                            "must be >= 0", field=entry, value=number, rule="standards"
                        )
                    numbers[name] = number
                else:
                    numbers[name] = ratio(number, field=entry, maximum=None)
                _bounded(param, Decimal(numbers[name]), number, field=entry)
            return MappingProxyType(numbers)
        if ptype is ParamType.TEXT_LIST:
            _expect((list, tuple), raw, key, "a list of strings")
            assert isinstance(raw, list | tuple)
            for item in raw:
                _expect(str, item, key, "a list of strings")
            return tuple(raw)
        if ptype is ParamType.TABLE:
            _expect((list, tuple), raw, key, "a list of tables")
            assert isinstance(raw, list | tuple)
            return tuple(_coerce_record(item, key) for item in raw)
        if ptype is ParamType.SERIES:
            raise OverrideError(
                f"is a statistical series; override single years as '{key}.<year>' = amount",
                field=key,
                value=raw,
            )
    except ShuangdaoError as error:
        if isinstance(error, OverrideError):
            raise
        field_name = error.field if error.field and error.field.startswith(key) else key
        raise OverrideError(
            error.detail, field=field_name, value=error.value, rule="standards"
        ) from None
    except (ValueError, TypeError) as error:
        raise OverrideError(str(error), field=key, value=raw, rule="standards") from None
    raise InvalidTypeError(f"unknown parameter type {ptype}", field=key)  # pragma: no cover
