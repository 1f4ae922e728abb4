"""Strict JSON: records built with the input grammar, every problem collected with its path.

The JSON door of the ingest. The cattrs structure hooks of :mod:`shuangdao.serialize` call
these functions (use :func:`shuangdao.serialize.from_json` rather than calling them), so JSON
accepts exactly what the constructors accept: a record's fields are read with their
:class:`~shuangdao.ingest.Cell` (``"has_labour_capacity": "false"`` is *no*, ``"members":
4.9`` is refused, a ``null`` id is missing), every problem of every field and nested record
is collected with its JSON path (``$.measures[1].kind``) and the constructor's message, and
checks across fields run in the constructor itself. Standards loaded from JSON are checked
like scenario overrides: known keys, declared types and ranges, derived lines consistent.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

import attrs

from shuangdao.errors import (
    InvalidRecordError,
    InvalidTypeError,
    OverrideError,
    RecordErrors,
    ShuangdaoError,
    StandardsError,
)
from shuangdao.ingest import _grammar as g
from shuangdao.ingest.schema import RECORDS, Kind, RecordSchema

if TYPE_CHECKING:
    from shuangdao.standards import Parameter, Standards

__all__ = [
    "load_json",
    "structure_bool",
    "structure_date",
    "structure_decimal",
    "structure_int",
    "structure_record",
    "structure_standards",
    "structure_str",
]

Located = list[tuple[str, ShuangdaoError]]


def load_json(text: str | bytes) -> Any:
    """Parse JSON text exactly: numbers with a fraction or exponent become ``Decimal``.

    ``NaN`` and ``Infinity`` (not JSON) are refused.

    Raises:
        InvalidRecordError: The text is not JSON (names the line and column).
    """

    def refuse(name: str) -> Any:
        raise ValueError(f"{name} is not a JSON number")

    try:
        return json.loads(text, parse_float=Decimal, parse_constant=refuse)
    except json.JSONDecodeError as error:
        raise InvalidRecordError(
            f"is not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
        ) from None
    except UnicodeDecodeError as error:
        raise InvalidRecordError(f"is not UTF-8 JSON text: {error.reason}") from None
    except (ValueError, RecursionError) as error:
        raise InvalidRecordError(f"is not valid JSON: {error}") from None


# ---------------------------------------------------------------- primitives


def structure_str(value: Any, _type: Any = str) -> str:
    """A string field of an output record: text only (``null`` is not ``"None"``)."""
    if not isinstance(value, str):
        raise InvalidTypeError(f"must be a string, not {_json_type(value)}", value=value)
    return value


def structure_int(value: Any, _type: Any = int) -> int:
    """A whole number (the grammar's: ``4``, ``4.0``, ``"4"``; never ``true`` or ``4.9``)."""
    number = g.parse_count(value, minimum=-(g.COUNT_LIMIT - 1))
    if number is None:  # pragma: no cover - not optional
        raise InvalidRecordError("is missing")
    return number


def structure_bool(value: Any, _type: Any = bool) -> bool:
    """A yes/no value (the grammar's: ``"false"`` is false)."""
    flag = g.parse_flag(value)
    if flag is None:  # pragma: no cover - not optional
        raise InvalidRecordError("is missing")
    return flag


def structure_decimal(value: Any, _type: Any = Decimal, *, what: str = "decimal number") -> Decimal:
    """An exact, finite decimal number (the money/ratio grammar, any number of decimals).

    ``what`` names the unit in messages (``"yuan"`` for amounts, as overrides say).
    """
    if g.is_missing(value):
        raise InvalidRecordError("is missing", value=value)
    return g.parse_number(value, what=what)


def structure_date(value: Any, _type: Any = dt.date) -> dt.date:
    """An ISO date ``YYYY-MM-DD``."""
    day = g.parse_date(value)
    if day is None:
        raise InvalidRecordError("is missing")
    return day


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float | Decimal):
        return "a number"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list | tuple):
        return "an array"
    return type(value).__name__


# ---------------------------------------------------------------- records


def _field_path(path: str, name: str) -> str:
    return f"{path}.{name}"


def _labelled(
    error: ShuangdaoError, schema: RecordSchema, record_id: Any, field: str | None
) -> ShuangdaoError:
    """``error`` as the constructor words it (``household h1: members=0 ... (rule ...)``)."""
    label = f"{schema.kind} {record_id}" if record_id not in (None, "") else schema.kind
    return type(error)(
        error.detail,
        record=error.record or label,
        field=error.field or field,
        value=error.value,
        rule=error.rule or f"model.{schema.kind.replace(' ', '_')}",
    )


def _problem(
    error_type: type[ShuangdaoError], detail: str, schema: RecordSchema, record_id: Any, field: str
) -> ShuangdaoError:
    """A problem with no value to show (a missing or unknown field), worded as the model."""
    label = f"{schema.kind} {record_id}" if record_id not in (None, "") else schema.kind
    return error_type(
        detail, record=label, field=field, rule=f"model.{schema.kind.replace(' ', '_')}"
    )


def structure_record(data: Any, cls: type[Any], path: str = "$") -> Any:
    """Build a model record from JSON data with the input grammar; collect every problem.

    Raises:
        RecordErrors: One entry per problem, each with its JSON path.
    """
    located: Located = []
    record = _record(data, cls, path, located)
    if located:
        raise RecordErrors.from_errors(f"invalid {cls.__name__}", located)
    return record


def _record(data: Any, cls: type[Any], path: str, located: Located) -> Any:
    schema = RECORDS[cls.__name__]
    if not isinstance(data, Mapping):
        located.append(
            (
                path,
                InvalidTypeError(
                    f"must be an object, not {_json_type(data)}",
                    record=schema.kind,
                    rule=f"model.{schema.kind.replace(' ', '_')}",
                ),
            )
        )
        return None
    before = len(located)
    fields = {a.name: a for a in attrs.fields(cls) if a.init}
    record_id: Any = None
    raw_id = data.get(schema.id_field)
    try:
        record_id = schema.fields[schema.id_field].parse(raw_id, field=schema.id_field)
    except ShuangdaoError:
        record_id = None
    for key in data:
        if key not in fields:
            located.append(
                (
                    _field_path(path, str(key)),
                    _problem(
                        InvalidRecordError,
                        f"is not a field of {cls.__name__}",
                        schema,
                        record_id,
                        str(key),
                    ),
                )
            )
    values: dict[str, Any] = {}
    for name, cell in schema.fields.items():
        where = _field_path(path, name)
        if name not in data:
            if fields[name].default is attrs.NOTHING:
                located.append(
                    (
                        where,
                        _problem(InvalidRecordError, "is missing", schema, record_id, name),
                    )
                )
            continue
        raw = data[name]
        if cell.kind is Kind.RECORDS and cell.record is not None:
            values[name] = _records(raw, cell.record, name, where, located, schema, record_id)
            continue
        try:
            values[name] = cell.parse(raw, field=name)
        except ShuangdaoError as error:
            located.append((where, _labelled(error, schema, record_id, name)))
    if len(located) > before:
        return None
    try:
        return cls(**values)
    except ShuangdaoError as error:
        where = _field_path(path, error.field) if error.field and error.field in fields else path
        located.append((where, error))
        return None


def _records(  # noqa: PLR0917 - private; the record's context
    raw: Any,
    record: str,
    name: str,
    where: str,
    located: Located,
    schema: RecordSchema,
    record_id: Any,
) -> tuple[Any, ...]:
    from shuangdao import model

    cell = schema.fields[name]
    if isinstance(raw, str | bytes | Mapping) or not isinstance(raw, Sequence):
        located.append(
            (
                where,
                _labelled(
                    InvalidTypeError(f"must be an array, not {_json_type(raw)}", field=name),
                    schema,
                    record_id,
                    name,
                ),
            )
        )
        return ()
    if len(raw) < cell.min_items:
        located.append(
            (
                where,
                _labelled(
                    InvalidRecordError(
                        f"must hold at least {cell.min_items} item(s)", field=name, value=list(raw)
                    ),
                    schema,
                    record_id,
                    name,
                ),
            )
        )
    item_type = getattr(model, record)
    return tuple(_record(item, item_type, f"{where}[{i}]", located) for i, item in enumerate(raw))


# ---------------------------------------------------------------- standards


_STANDARDS_KEYS: Final = ("data_version", "parameters", "rounds", "overrides")
_DECLARED: Final = ("type", "unit", "rounds", "choices", "minimum", "maximum", "required")


def structure_standards(
    data: Any,
    structure_parameter: Callable[[Mapping[str, Any]], Parameter],
    structure: Callable[[Any, Any], Any],
) -> Standards:
    """Build :class:`~shuangdao.standards.Standards` from JSON data, checked like overrides.

    Every parameter key must be one the library ships, with the shipped declaration (type,
    unit, rounds, choices, bounds); every value must pass the same check as a scenario
    override of that key (:func:`~shuangdao.standards.coerce_value`); a derived line
    must equal its derivation from the loaded inputs unless the overrides list it as set
    directly. Every problem is collected with its JSON path.

    Raises:
        RecordErrors: One entry per problem.
    """
    from shuangdao.standards import Override, Standards, default_standards

    located: Located = []
    shipped = default_standards()
    if not isinstance(data, Mapping):
        raise RecordErrors.from_errors(
            "invalid Standards",
            [("$", InvalidTypeError(f"must be an object, not {_json_type(data)}"))],
        )
    for key in data:
        if key not in _STANDARDS_KEYS:
            located.append(
                (f"$.{key}", StandardsError("is not a field of Standards", field=str(key)))
            )
    for key in ("data_version", "parameters", "rounds"):
        if key not in data:
            located.append((f"$.{key}", StandardsError("is missing", field=key)))
    version = data.get("data_version")
    if "data_version" in data and version != shipped.data_version:
        located.append(
            (
                "$.data_version",
                StandardsError(
                    f"is not the data version this library ships ({shipped.data_version})",
                    field="data_version",
                    value=version,
                ),
            )
        )
    overrides: list[Any] = []
    raw_overrides = data.get("overrides", [])
    if not isinstance(raw_overrides, list):
        located.append(("$.overrides", InvalidTypeError("must be an array", field="overrides")))
        raw_overrides = []
    for i, raw in enumerate(raw_overrides):
        try:
            overrides.append(structure(raw, Override))
        except ShuangdaoError as error:
            located.extend(_relocate(error, f"$.overrides[{i}]"))
    direct = {o.key for o in overrides if not o.derived}
    parameters = _parameters(data.get("parameters"), shipped, structure_parameter, direct, located)
    rounds: list[Any] = []
    raw_rounds = data.get("rounds", [])
    if not isinstance(raw_rounds, list):
        located.append(("$.rounds", InvalidTypeError("must be an array", field="rounds")))
        raw_rounds = []
    for i, raw in enumerate(raw_rounds):
        try:
            rounds.append(structure_record(raw, _round_type(), f"$.rounds[{i}]"))
        except RecordErrors as error:
            located.extend(error.located())
    if located:
        raise RecordErrors.from_errors("invalid Standards", located)
    try:
        return Standards(
            parameters=parameters,
            rounds=rounds,
            data_version=shipped.data_version,
            overrides=overrides,
        )
    except ShuangdaoError as error:
        raise RecordErrors.from_errors("invalid Standards", [("$", error)]) from None


def _round_type() -> type[Any]:
    from shuangdao.model import Round

    return Round


def _relocate(error: ShuangdaoError, path: str) -> Located:
    if isinstance(error, RecordErrors):
        return [(path + p[1:], e) for p, e in error.located()]
    return [(path, error)]


def _parameters(
    raw: Any,
    shipped: Standards,
    structure_parameter: Callable[[Mapping[str, Any]], Parameter],
    direct: set[str],
    located: Located,
) -> dict[str, Parameter]:
    from shuangdao.standards import derive

    if not isinstance(raw, Mapping):
        if raw is not None:
            located.append(
                ("$.parameters", InvalidTypeError("must be an object", field="parameters"))
            )
        return {}
    params: dict[str, Parameter] = {}
    for key, entry in raw.items():
        where = f"$.parameters[{json.dumps(key, ensure_ascii=False)}]"
        if key not in shipped.parameters:
            located.append((where, OverrideError("is not a standards parameter", field=str(key))))
            continue
        if not isinstance(entry, Mapping):
            located.append((where, InvalidTypeError("must be an object", field=key)))
            continue
        if entry.get("key") != key:
            located.append(
                (f"{where}.key", OverrideError("must repeat the parameter's key", field=key))
            )
            continue
        try:
            parameter = structure_parameter(entry)
        except RecordErrors as error:
            located.extend(_relocate(error, where))
            continue
        except ShuangdaoError as error:
            located.append(
                (
                    where,
                    OverrideError(
                        error.detail,
                        field=error.field if error.field and key in error.field else key,
                        value=error.value,
                        rule="standards",
                    ),
                )
            )
            continue
        except (KeyError, TypeError, ValueError, ArithmeticError, AttributeError) as error:
            located.append(
                (where, OverrideError(f"is not a valid parameter: {error!r}", field=key))
            )
            continue
        declared = shipped.parameters[key]
        for name in _DECLARED:
            if getattr(parameter, name) != getattr(declared, name):
                located.append(
                    (
                        f"{where}.{name}",
                        OverrideError(
                            f"{name} differs from the shipped declaration "
                            f"({getattr(declared, name)!r})",
                            field=key,
                            value=getattr(parameter, name),
                            rule="standards",
                        ),
                    )
                )
        if (parameter.derivation is None) != (declared.derivation is None) or (
            parameter.derivation is not None
            and declared.derivation is not None
            and (parameter.derivation.kind, dict(parameter.derivation.inputs))
            != (declared.derivation.kind, dict(declared.derivation.inputs))
        ):
            located.append(
                (
                    f"{where}.derivation",
                    OverrideError("differs from the shipped derivation", field=key),
                )
            )
        params[key] = parameter
    for key in shipped.parameters:
        if key not in raw:
            located.append(
                (
                    f"$.parameters[{json.dumps(key, ensure_ascii=False)}]",
                    OverrideError("is missing", field=key),
                )
            )
    if located:
        return params
    for key, parameter in params.items():
        where = f"$.parameters[{json.dumps(key, ensure_ascii=False)}].value"
        located.extend(_check_value(parameter, shipped.parameters[key], where, key in direct))
    if located:
        return params
    for key, parameter in params.items():
        if parameter.derivation is None or key in direct or parameter.value is None:
            continue
        where = f"$.parameters[{json.dumps(key, ensure_ascii=False)}].value"
        try:
            expected = derive(parameter, params)
        except (ShuangdaoError, ArithmeticError):
            located.append(
                (where, OverrideError("cannot be derived from the loaded inputs", field=key))
            )
            continue
        if expected != parameter.value:
            located.append(
                (
                    where,
                    OverrideError(
                        f"is not what its derivation gives from the loaded inputs ({expected}); "
                        "override the inputs, or list the line among the overrides",
                        field=key,
                        value=str(parameter.value),
                        rule="standards",
                    ),
                )
            )
    return params


def _check_value(parameter: Parameter, declared: Parameter, where: str, direct: bool) -> Located:
    """Check a loaded value (and its dated history) as a scenario override would be.

    A derived line set directly (listed among the overrides) is an override of that key
    and is checked as one (fen precision for money); a derived line left to its derivation
    may keep more digits under exact rounding and is checked against the derivation later.
    """
    from shuangdao.standards import ParamType, canonical, coerce_value

    found: Located = []
    candidates = [(where, parameter.value)] + [
        (f"{where[: -len('.value')]}.history[{i}].value", h.value)
        for i, h in enumerate(parameter.history)
    ]
    for place, value in candidates:
        if value is None:
            if not declared.required and place == where:
                found.append((place, OverrideError("is missing", field=parameter.key)))
            continue
        try:
            if parameter.type is ParamType.SERIES:
                for year, entry in value.items():
                    g.parse_year(year, field=f"{parameter.key}.{year}")
                    g.parse_money(entry.value, field=f"{parameter.key}.{year}")
            elif (
                not direct
                and parameter.derivation is not None
                and parameter.type
                in (
                    ParamType.MONEY,
                    ParamType.MONEY_BY_YEAR,
                )
            ):
                # Derived lines under "exact" rounding keep more than fen digits: finite,
                # non-negative, in range; their value is checked against the derivation.
                amounts = value.values() if isinstance(value, Mapping) else [value]
                for amount in amounts:
                    if not isinstance(amount, Decimal) or not amount.is_finite():
                        raise OverrideError("must be a finite amount", value=str(amount))
                    if amount < 0:
                        raise OverrideError("must be >= 0", value=str(amount))
                    if amount >= g.MONEY_LIMIT:
                        raise OverrideError(
                            f"is out of range (< 10^{g.MONEY_LIMIT.adjusted()} yuan)",
                            value=str(amount),
                        )
            else:
                coerce_value(declared, canonical(value), key=parameter.key)
        except ShuangdaoError as error:
            found.append(
                (
                    place,
                    OverrideError(
                        error.detail,
                        field=error.field or parameter.key,
                        value=error.value,
                        rule="standards",
                    ),
                )
            )
    return found
