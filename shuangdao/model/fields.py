"""Validation helpers shared by the record classes (the model's and other packages').

Every model class is decorated with :func:`model`, which wraps the attrs-generated
``__init__`` so that *any* problem while building an instance surfaces as a
:class:`~shuangdao.errors.ShuangdaoError` subclass naming the record (``household h1``),
the field and the value — never a bare ``TypeError`` and never a half-built object.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import attrs

from shuangdao.errors import InvalidRecordError, InvalidTypeError, ShuangdaoError
from shuangdao.ingest import COUNT_LIMIT, YEAR_RANGE

__all__ = [
    "COUNT_LIMIT",
    "as_iterable",
    "at_least",
    "convert_enum",
    "date",
    "identifier",
    "ids_of",
    "model",
    "of_type",
    "optional_at_least",
    "optional_date",
    "optional_identifier",
    "optional_of_type",
    "text",
    "year",
]

T = TypeVar("T")
_C = TypeVar("_C", bound=type)


def model(kind: str, id_field: str) -> Callable[[_C], _C]:
    """Class decorator: name records ``"<kind> <id>"`` in every construction error."""

    def wrap(cls: _C) -> _C:
        original = cls.__init__  # type: ignore[misc]

        @functools.wraps(original)
        def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
            record_id = kwargs.get(id_field, args[0] if args else None)
            if isinstance(record_id, str):
                record_id = record_id.strip()
            label = (
                f"{kind} {record_id}"
                if isinstance(record_id, str | int)
                and not isinstance(record_id, bool)
                and record_id != ""
                else kind
            )
            try:
                original(self, *args, **kwargs)
            except ShuangdaoError as error:
                if error.record is None:
                    raise type(error)(
                        error.detail,
                        record=label,
                        field=error.field,
                        value=error.value,
                        rule=error.rule or f"model.{kind.replace(' ', '_')}",
                    ) from None
                raise
            except TypeError as error:
                raise InvalidTypeError(
                    str(error)
                    .replace(f"{cls.__name__}.__init__()", "")
                    .replace("__init__()", "")
                    .strip(),
                    record=label,
                    rule=f"model.{kind.replace(' ', '_')}",
                ) from None

        cls.__init__ = __init__  # type: ignore[misc]
        return cls

    return wrap


def identifier(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validate an id: a non-empty string without surrounding spaces or control characters."""
    if not isinstance(value, str):
        raise InvalidTypeError(
            f"must be a string id, not {type(value).__name__}", field=attribute.name, value=value
        )
    if not value or value != value.strip() or any(ord(c) < 32 for c in value):
        raise InvalidRecordError(
            "must be a non-empty id without surrounding spaces or control characters",
            field=attribute.name,
            value=value,
        )


def optional_identifier(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validate an optional id."""
    if value is not None:
        identifier(instance, attribute, value)


def text(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validate a free-text field (any string)."""
    if not isinstance(value, str):
        raise InvalidTypeError(
            f"must be a string, not {type(value).__name__}", field=attribute.name, value=value
        )


def of_type(kind: type | tuple[type, ...], what: str) -> Callable[[Any, Any, Any], None]:
    """Return a validator requiring ``isinstance(value, kind)`` (bool is never an int)."""

    def check(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        bad_bool = isinstance(value, bool) and bool not in (
            kind if isinstance(kind, tuple) else (kind,)
        )
        if bad_bool or not isinstance(value, kind):
            raise InvalidTypeError(
                f"must be {what}, not {type(value).__name__}", field=attribute.name, value=value
            )

    return check


def optional_of_type(kind: type | tuple[type, ...], what: str) -> Callable[[Any, Any, Any], None]:
    """Like :func:`of_type` but ``None`` is allowed."""
    inner = of_type(kind, what)

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            inner(instance, attribute, value)

    return check


def optional_at_least(minimum: int) -> Callable[[Any, Any, Any], None]:
    """Like :func:`at_least`, but ``None`` (unknown) is allowed."""
    inner = at_least(minimum)

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            inner(instance, attribute, value)

    return check


def at_least(minimum: int) -> Callable[[Any, Any, Any], None]:
    """Return a validator for an integer in ``[minimum, COUNT_LIMIT)`` (bools, ``None`` rejected).

    The upper bound is :data:`shuangdao.ingest.COUNT_LIMIT` (10^18, int64 in the batch path),
    the same one every reader of a count applies, so the constructors, the files and JSON
    accept exactly the same counts.
    """

    def check(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidTypeError(
                f"must be an integer, not {type(value).__name__}",
                field=attribute.name,
                value=value,
            )
        if value < minimum:
            raise InvalidRecordError(f"must be >= {minimum}", field=attribute.name, value=value)
        if value >= COUNT_LIMIT:
            raise InvalidRecordError(
                f"is out of range (< 10^{len(str(COUNT_LIMIT)) - 1})",
                field=attribute.name,
                value=value,
            )

    return check


def year(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validate an optional calendar year (in :data:`shuangdao.ingest.YEAR_RANGE`)."""
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidTypeError(
            f"must be a year (int), not {type(value).__name__}", field=attribute.name, value=value
        )
    first, last = YEAR_RANGE
    if not first <= value <= last:
        raise InvalidRecordError(
            f"must be a year between {first} and {last}", field=attribute.name, value=value
        )


def date(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validate a ``datetime.date`` that is not a ``datetime``."""
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise InvalidTypeError(
            f"must be a date, not {type(value).__name__}", field=attribute.name, value=value
        )


def optional_date(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validate an optional date."""
    if value is not None:
        date(instance, attribute, value)


E = TypeVar("E")


def convert_enum(enum_type: type[E], value: object, name: str) -> E:
    """Return the member of ``enum_type`` for ``value`` (a member or its value).

    Raises:
        InvalidRecordError: Not a value of the enum (the message lists the choices).
    """
    if isinstance(value, enum_type):
        return value
    try:
        return enum_type(value)  # type: ignore[call-arg]
    except ValueError:
        choices = ", ".join(str(m.value) for m in enum_type)  # type: ignore[attr-defined]
        raise InvalidRecordError(f"must be one of {choices}", field=name, value=value) from None


def as_iterable(value: object, name: str) -> Iterable[object]:
    """Return ``value`` if it is a non-string iterable, else raise a typed error."""
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise InvalidTypeError(
            f"must be a list, not {type(value).__name__}", field=name, value=value
        )
    return value


def ids_of(_instance: object, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
    """Validate a tuple of ids: each a valid id, no duplicates."""
    seen: set[str] = set()
    for item in value:
        identifier(_instance, attribute, item)
        if item in seen:
            raise InvalidRecordError("must not repeat an id", field=attribute.name, value=item)
        seen.add(item)
