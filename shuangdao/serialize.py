"""JSON serialization with cattrs, and JSON Schemas for every input type.

shuangdao never uses cattrs' global converter. :func:`make_converter` returns a new
converter configured by :func:`configure_converter`:

* ``Decimal`` ⇄ string (``"3093.00"``), exact; inside a value that may be of several
  types (a reason's observed value) a Decimal is tagged ``{"decimal": "3093.00"}`` so that
  it never comes back as a string;
* dates ⇄ ISO strings (``"2011-12-31"``);
* enums by value (``"net"``, ``"lt"``);
* parameters by their declared type (see :class:`~shuangdao.standards.ParamType`).

Example:
    >>> from shuangdao.model import Household
    >>> h = Household(household_id="h1", village_id="v1", members=4, income="12371.99",
    ...               has_labour_capacity=True)
    >>> text = to_json(h)
    >>> from_json(text, Household) == h
    True
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import types
import typing
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, TypeVar, Union, get_args, get_origin

import attrs
import cattrs

from shuangdao.citations import Certainty, Citation
from shuangdao.errors import (
    InvalidRecordError,
    InvalidTypeError,
    OverrideError,
    RecordErrors,
    ShuangdaoError,
)
from shuangdao.ingest import json_schema as record_json_schema
from shuangdao.ingest.schema import RECORDS
from shuangdao.ingest.strict_json import (
    load_json,
    structure_bool,
    structure_date,
    structure_decimal,
    structure_int,
    structure_record,
    structure_standards,
    structure_str,
)
from shuangdao.quantities import Comparator
from shuangdao.standards import (
    DatedValue,
    Derivation,
    Parameter,
    ParamType,
    SeriesEntry,
    Standards,
    canonical,
    coerce_value,
)

__all__ = [
    "configure_converter",
    "explain_errors",
    "from_json",
    "json_schema",
    "make_converter",
    "structure",
    "to_json",
    "unstructure",
]

T = TypeVar("T")

_Observed = Decimal | int | bool | str | None


def _unstructure_observed(value: Any) -> Any:
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    return value


def _structure_observed(value: Any, _type: Any) -> Any:
    if isinstance(value, Mapping) and set(value) == {"decimal"}:
        return Decimal(value["decimal"])
    if value is None or isinstance(value, bool | int | str):
        return value
    raise InvalidTypeError("must be a number, boolean, string or tagged decimal", value=value)


def _structure_decimal(value: Any, _type: Any) -> Decimal:
    return structure_decimal(value, _type)


def _structure_date(value: Any, _type: Any) -> dt.date:
    return structure_date(value, _type)


def _is_observed_union(tp: Any) -> bool:
    if get_origin(tp) not in (Union, types.UnionType):
        return False
    return Decimal in get_args(tp) and (str in get_args(tp) or int in get_args(tp))


def _unstructure_parameter(converter: cattrs.Converter, p: Parameter) -> dict[str, Any]:
    return {
        "key": p.key,
        "type": p.type.value,
        "value": _param_value_out(p.type, p.value),
        "unit": p.unit,
        "unit_zh": p.unit_zh,
        "en": p.en,
        "zh": p.zh,
        "citation": converter.unstructure(p.citation),
        "rounds": list(p.rounds),
        "derivation": None if p.derivation is None else converter.unstructure(p.derivation),
        "history": [
            {
                "since": h.since.isoformat(),
                "value": _param_value_out(p.type, h.value),
                "citation": converter.unstructure(h.citation),
            }
            for h in p.history
        ],
        "choices": list(p.choices),
        "minimum": None if p.minimum is None else str(p.minimum),
        "maximum": None if p.maximum is None else str(p.maximum),
        "required": p.required,
        "hint": p.hint,
        "hint_zh": p.hint_zh,
        "overridden": p.overridden,
    }


def _param_value_out(ptype: ParamType, value: Any) -> Any:
    if value is None:
        return None
    if ptype is ParamType.SERIES:
        return {
            str(year): {
                "value": str(entry.value),
                "measure": entry.measure,
                "projection": entry.projection,
                "citation": {
                    "source_ids": list(entry.citation.source_ids),
                    "article": entry.citation.article,
                    "certainty": entry.citation.certainty.value,
                    "note": entry.citation.note,
                },
            }
            for year, entry in value.items()
        }
    return canonical(value)


_PARAMETER_PROBLEMS = (
    ShuangdaoError,
    cattrs.BaseValidationError,
    KeyError,
    TypeError,
    ValueError,
    ArithmeticError,
    AttributeError,
)


def _structure_parameter(converter: cattrs.Converter, raw: Mapping[str, Any]) -> Parameter:
    """A parameter from its JSON form; every problem collected with its path in the entry.

    Raises:
        RecordErrors: One entry per problem, located from ``$`` (the parameter's object):
            ``$.value``, ``$.citation.certainty``, ``$.history[0].since``...
    """
    located: list[tuple[str, ShuangdaoError]] = []

    def read(path: str, make: Any, default: Any = None) -> Any:
        try:
            return make()
        except _PARAMETER_PROBLEMS as error:
            located.extend(_located(error, path))
            return default

    def fail() -> RecordErrors:
        return RecordErrors.from_errors("invalid Parameter", located)

    ptype = read("$.type", lambda: ParamType(raw["type"]))
    citation = read("$.citation", lambda: converter.structure(raw["citation"], Citation))
    derivation = read(
        "$.derivation",
        lambda: (
            None
            if raw.get("derivation") is None
            else converter.structure(raw["derivation"], Derivation)
        ),
    )
    minimum = read(
        "$.minimum",
        lambda: None if raw.get("minimum") is None else structure_decimal(raw["minimum"]),
    )
    maximum = read(
        "$.maximum",
        lambda: None if raw.get("maximum") is None else structure_decimal(raw["maximum"]),
    )
    if located:
        raise fail()
    shell = read(
        "$",
        lambda: Parameter(
            key=raw["key"],
            type=ptype,
            value=None,
            unit=raw.get("unit", ""),
            unit_zh=raw.get("unit_zh", ""),
            en=raw.get("en", ""),
            zh=raw.get("zh", ""),
            citation=citation,
            rounds=tuple(raw.get("rounds", ())),
            derivation=derivation,
            choices=tuple(raw.get("choices", ())),
            minimum=minimum,
            maximum=maximum,
            required=bool(raw.get("required", False)),
            hint=raw.get("hint", ""),
            hint_zh=raw.get("hint_zh", ""),
            overridden=bool(raw.get("overridden", False)),
        ),
    )
    if shell is None:
        raise fail()

    def value_of(entry: Any) -> Any:
        """A value checked like an override of this key (errors name the key)."""
        try:
            return _param_value_in(converter, shell, entry)
        except RecordErrors:
            raise
        except ShuangdaoError as error:
            key = shell.key
            raise OverrideError(
                error.detail,
                field=error.field if error.field and key in error.field else key,
                value=error.value,
                rule="standards",
            ) from None

    value = read("$.value", lambda: value_of(raw.get("value")))
    raw_history = read("$.history", lambda: list(raw.get("history", ())), [])
    history: list[DatedValue] = []
    for i, entry in enumerate(raw_history):
        where = f"$.history[{i}]"
        since = read(f"{where}.since", lambda e=entry: dt.date.fromisoformat(e["since"]))
        dated = read(f"{where}.value", lambda e=entry: value_of(e["value"]))
        cited = read(
            f"{where}.citation", lambda e=entry: converter.structure(e["citation"], Citation)
        )
        if since is not None and cited is not None:
            history.append(DatedValue(since=since, value=dated, citation=cited))
    if located:
        raise fail()
    parameter: Parameter = attrs.evolve(shell, value=value, history=tuple(history))
    return parameter


def _param_value_in(converter: cattrs.Converter, shell: Parameter, raw: Any) -> Any:
    if raw is None:
        return None
    if shell.type is ParamType.SERIES:
        return types.MappingProxyType(
            {
                structure_int(year): SeriesEntry(
                    year=structure_int(year),
                    value=_structure_decimal(entry["value"], Decimal),
                    measure=entry["measure"],
                    projection=entry["projection"],
                    citation=converter.structure(entry["citation"], Citation),
                )
                for year, entry in raw.items()
            }
        )
    if shell.type is ParamType.TABLE:
        return tuple(
            types.MappingProxyType({k: _structure_observed(v, None) for k, v in item.items()})
            for item in raw
        )
    # Derived lines under "exact" rounding may carry more than fen digits: keep them exact.
    if shell.type is ParamType.MONEY and isinstance(raw, str):
        return structure_decimal(raw, Decimal, what="yuan")
    if shell.type is ParamType.MONEY_BY_YEAR and isinstance(raw, Mapping):
        return types.MappingProxyType(
            {
                structure_int(year): structure_decimal(amount, Decimal, what="yuan")
                for year, amount in raw.items()
            }
        )
    return coerce_value(shell, raw)


def _is_frozenset(tp: Any) -> bool:
    return bool(tp is frozenset or get_origin(tp) is frozenset)


def _is_record(tp: Any) -> bool:
    """Whether ``tp`` is a model record type with an input schema."""
    return (
        isinstance(tp, type)
        and tp.__module__.startswith("shuangdao.model")
        and tp.__name__ in RECORDS
    )


def _strict(converter: cattrs.Converter, value: Any, kind: Any) -> Any:
    """Structure ``value`` as ``kind``; every problem as a ShuangdaoError (with paths)."""
    try:
        return converter.structure(value, kind)
    except ShuangdaoError:
        raise
    except cattrs.BaseValidationError as error:
        raise RecordErrors.from_errors(
            f"invalid {getattr(kind, '__name__', kind)}", _located(error, "$")
        ) from None


def configure_converter(converter: cattrs.Converter) -> None:
    """Install shuangdao's hooks on ``converter`` (Decimal, dates, unions, parameters)."""
    converter.register_unstructure_hook(Decimal, str)
    converter.register_structure_hook(Decimal, _structure_decimal)
    converter.register_unstructure_hook(dt.date, lambda d: d.isoformat())
    converter.register_structure_hook(dt.date, _structure_date)
    converter.register_unstructure_hook_func(_is_observed_union, _unstructure_observed)
    converter.register_structure_hook_func(_is_observed_union, _structure_observed)
    converter.register_unstructure_hook(Parameter, lambda p: _unstructure_parameter(converter, p))
    converter.register_structure_hook(
        Parameter, lambda raw, _t: _structure_parameter(converter, raw)
    )
    converter.register_unstructure_hook(
        types.MappingProxyType, lambda m: {k: converter.unstructure(v) for k, v in m.items()}
    )
    converter.register_unstructure_hook(
        Standards,
        lambda s: {
            "data_version": s.data_version,
            "parameters": {k: converter.unstructure(p) for k, p in sorted(s.parameters.items())},
            "rounds": [converter.unstructure(r) for r in s.rounds],
            "overrides": [converter.unstructure(o) for o in s.overrides],
        },
    )
    converter.register_structure_hook(
        Standards,
        lambda raw, _t: structure_standards(
            raw,
            lambda entry: _structure_parameter(converter, entry),
            lambda value, kind: _strict(converter, value, kind),
        ),
    )
    # The input grammar for every primitive, and for the model records their cells
    # (shuangdao.ingest): JSON accepts exactly what the constructors accept.
    converter.register_structure_hook(str, structure_str)
    converter.register_structure_hook(int, structure_int)
    converter.register_structure_hook(bool, structure_bool)
    converter.register_structure_hook_func(_is_record, structure_record)
    converter.register_unstructure_hook_func(
        _is_frozenset,
        lambda s: sorted(converter.unstructure(x) for x in s),
    )
    converter.register_structure_hook(Comparator, lambda v, _t: Comparator(v))
    converter.register_structure_hook(Certainty, lambda v, _t: Certainty(v))
    converter.register_structure_hook(
        Derivation,
        lambda raw, _t: Derivation(
            kind=raw["kind"],
            inputs=raw["inputs"],
            text=raw["text"],
            text_zh=raw.get("text_zh", ""),
        ),
    )


def make_converter() -> cattrs.Converter:
    """Return a new converter configured for shuangdao types (never the global one)."""
    converter = cattrs.Converter(forbid_extra_keys=True)
    configure_converter(converter)
    return converter


_CONVERTER = make_converter()


def unstructure(value: Any) -> Any:
    """Return ``value`` as plain JSON-compatible data."""
    return _CONVERTER.unstructure(value)


def _located(error: BaseException, path: str) -> list[tuple[str, ShuangdaoError]]:
    """Every leaf problem of a (nested) error group, with its JSON path."""
    if isinstance(error, RecordErrors):
        return [(path + p[1:], e) for p, e in error.located()]
    if isinstance(error, cattrs.ClassValidationError | cattrs.IterableValidationError):
        found: list[tuple[str, ShuangdaoError]] = []
        noted, plain = error.group_exceptions()
        for inner, note in noted:
            if isinstance(note, cattrs.errors.IterableValidationNote):
                where = f"{path}[{note.index!r}]"
            else:
                where = f"{path}.{note.name}"
            found.extend(_located(inner, where))
        for inner in plain:
            found.extend(_located(inner, path))
        return found
    if isinstance(error, BaseExceptionGroup):
        return [item for inner in error.exceptions for item in _located(inner, path)]
    if isinstance(error, ShuangdaoError):
        return [(path, error)]
    if isinstance(error, KeyError):
        return [
            (f"{path}.{error.args[0]}" if error.args else path, InvalidRecordError("is missing"))
        ]
    return [(path, InvalidRecordError(str(error) or type(error).__name__))]


def structure(data: Any, cls: type[T]) -> T:
    """Build a ``cls`` from plain data with the input grammar; every problem is collected.

    Model records (``Household``, ``Village``...) read each field with its
    :class:`~shuangdao.ingest.Cell`, exactly as their constructors do; standards are checked
    like scenario overrides (see :mod:`shuangdao.ingest.strict_json`).

    Raises:
        RecordErrors: One or more problems, each with its JSON path (``$.measures[0].kind``)
            and the constructor's message.
    """
    name = getattr(cls, "__name__", str(cls))
    try:
        return _CONVERTER.structure(data, cls)
    except RecordErrors:
        raise
    except ShuangdaoError as error:
        raise RecordErrors.from_errors(f"invalid {name}", [("$", error)]) from None
    except cattrs.BaseValidationError as error:
        raise RecordErrors.from_errors(f"invalid {name}", _located(error, "$")) from None
    except (KeyError, TypeError, ValueError, AttributeError, ArithmeticError) as error:
        raise RecordErrors.from_errors(
            f"invalid {name}", [("$", InvalidRecordError(f"cannot build {name}: {error}"))]
        ) from None


def to_json(value: Any, *, indent: int | None = None) -> str:
    """Serialise ``value`` to JSON (UTF-8 text, Chinese kept as is)."""
    return json.dumps(unstructure(value), ensure_ascii=False, indent=indent, sort_keys=False)


def from_json(text: str | bytes, cls: type[T]) -> T:
    """Parse JSON text into a ``cls`` (numbers read exactly, as ``Decimal``; see :func:`structure`).

    Raises:
        InvalidRecordError: The text is not JSON.
        RecordErrors: The data does not fit ``cls``.
    """
    return structure(load_json(text), cls)


def explain_errors(error: BaseException) -> list[str]:
    """Flatten an error (or group) into ``message @ path`` lines."""
    if isinstance(error, RecordErrors):
        return error.explain().splitlines()
    if isinstance(error, cattrs.BaseValidationError):
        return list(cattrs.transform_error(error, path="$"))
    return [str(error)]


# ---------------------------------------------------------------- JSON Schema

_PRIMITIVES: dict[Any, dict[str, Any]] = {
    str: {"type": "string"},
    int: {"type": "integer"},
    bool: {"type": "boolean"},
    Decimal: {"type": "string", "pattern": r"^-?\d+(\.\d{1,2})?$"},
    dt.date: {"type": "string", "format": "date"},
}


def _schema_for(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    if tp in _PRIMITIVES:
        return dict(_PRIMITIVES[tp])
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        options = [_schema_for(a, defs) for a in get_args(tp) if a is not type(None)]
        if type(None) in get_args(tp):
            options.append({"type": "null"})
        return {"anyOf": options} if len(options) > 1 else options[0]
    if origin in (tuple, list):
        args = [a for a in get_args(tp) if a is not Ellipsis]
        return {"type": "array", "items": _schema_for(args[0], defs) if args else {}}
    if origin is frozenset:
        return {"type": "array", "uniqueItems": True, "items": _schema_for(get_args(tp)[0], defs)}
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return {"type": "string", "enum": [m.value for m in tp]}
    if attrs.has(tp):
        name = tp.__name__
        if name not in defs:
            defs[name] = {}
            defs[name] = _object_schema(tp, defs)
        return {"$ref": f"#/$defs/{name}"}
    return {}


def _object_schema(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for attribute in attrs.fields(cls):
        if not attribute.init:
            continue  # derived/private state (e.g. an index), not part of the input
        schema = _schema_for(hints[attribute.name], defs)
        doc = _field_doc(cls, attribute.name)
        if doc:
            schema["description"] = doc
        properties[attribute.name] = schema
        if attribute.default is attrs.NOTHING:
            required.append(attribute.name)
    return {
        "type": "object",
        "title": cls.__name__,
        "description": (cls.__doc__ or "").strip().splitlines()[0],
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def _field_doc(cls: type, name: str) -> str:
    doc = cls.__doc__ or ""
    marker = f"        {name}:"
    for line in doc.splitlines():
        if line.startswith(marker):
            return line[len(marker) :].strip()
    return ""


def json_schema(cls: type) -> dict[str, Any]:
    """Return a JSON Schema (draft 2020-12) for a type.

    For the model's input records (``Household``, ``Village``...) the schema is generated
    from their input cells (:func:`shuangdao.ingest.json_schema`): it accepts exactly what
    the constructors accept, with every limit and the full zh/en meaning of each field.
    Other types get a structural schema from their attrs fields.

    Example:
        >>> from shuangdao.model import Household
        >>> schema = json_schema(Household)
        >>> schema["required"]
        ['household_id', 'village_id', 'members', 'income', 'has_labour_capacity']
    """
    if _is_record(cls):
        return record_json_schema(cls)
    defs: dict[str, Any] = {}
    body = _object_schema(cls, defs)
    defs.pop(cls.__name__, None)
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://shuangdao.readthedocs.io/schema/{cls.__name__}.json",
        **body,
    }
    if defs:
        schema["$defs"] = defs
    return schema
