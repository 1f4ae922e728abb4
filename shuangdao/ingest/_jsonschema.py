r"""JSON Schemas of the record types, generated from the same cells the constructors use.

Each field's schema says exactly what its :class:`~shuangdao.ingest.Cell` accepts: the
canonical JSON value (a number, a boolean, an id string...) *and* the text the input grammar
also reads (``"4"`` members, ``" yes "``, ``"1500.00"``), with every limit the constructor
enforces (``minimum``, ``maximum``, ``pattern``, ``enum``, ``required``, ``minItems``) and the
full English and Chinese meaning. Checks across fields that JSON Schema can state are
``if``/``then`` rules (a province has no parent; which kinds a pairing may join); the
others are listed in ``$comment``.

Patterns follow Python's :mod:`re` (``\s`` is Unicode whitespace, as ``str.strip``), the
dialect of the :mod:`jsonschema` package. Numbers are exact: validate instances parsed with
``parse_float=decimal.Decimal`` (as :func:`shuangdao.serialize.from_json` parses them), with
integral decimals counted as integers, as JSON Schema defines ``integer``.
"""

from __future__ import annotations

import re
from typing import Any, Final

import attrs

from shuangdao.ingest import _grammar as g
from shuangdao.ingest.schema import RECORDS, Cell, Kind, RecordSchema

__all__ = ["json_schema"]

_WS: Final = r"\s*"
_BLANK: Final = {"type": "string", "pattern": r"^\s*$"}
_NULL: Final = {"type": "null"}
_ID_TEXT: Final = r"^\s*(?:[^\x00-\x1f\s]|[^\x00-\x1f\s][^\x00-\x1f]*[^\x00-\x1f\s])\s*$"
_ZERO_FRACTION: Final = r"(?:\.0*)?"
_MONEY_TEXT: Final = (
    r"^\s*(?:\+?(?:0*[0-9]{1,"
    + str(g.MONEY_LIMIT.adjusted())
    + r"}(?:\.[0-9]{0,2}0*)?|\.[0-9]{1,2}0*)"
    r"|-(?:0+(?:\.0*)?|\.0+))\s*$"
)
_RATIO_TEXT: Final = (
    r"^\s*(?:\+?(?:0*\.[0-9]+|0+(?:\.[0-9]*)?|0*1(?:\.0*)?)|-(?:0+(?:\.0*)?|\.0+))\s*$"
)
_DATE_TEXT: Final = r"^\s*[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])\s*$"


def _digit_class(low: int, high: int) -> str:
    """A regex for one digit from ``low`` to ``high``."""
    return str(low) if low == high else f"[{low}-{high}]"


def _span(low: str, high: str) -> list[str]:
    """Alternatives matching the digit strings from ``low`` to ``high`` (same length)."""
    if not low:
        return [""]
    rest = len(low) - 1
    if low[0] == high[0]:
        inner = _span(low[1:], high[1:])
        return [low[0] + (inner[0] if len(inner) == 1 else f"(?:{'|'.join(inner)})")]
    parts: list[str] = []
    first, last = int(low[0]), int(high[0])
    if low[1:] != "0" * rest:  # a partial first decade: its own alternatives
        parts += [low[0] + p for p in _span(low[1:], "9" * rest)]
        first += 1
    whole_last = high[1:] == "9" * rest
    if not whole_last:
        last -= 1
    if first <= last:
        parts.append(_digit_class(first, last) + "[0-9]" * rest)
    if not whole_last:
        parts += [high[0] + p for p in _span("0" * rest, high[1:])]
    return parts


def _year_text(low: int, high: int) -> str:
    """The text of a year cell from ``low`` to ``high`` (four digits each), as a regex."""
    assert len(str(low)) == len(str(high)) == 4, "years have four digits"
    alternatives = "|".join(_span(str(low), str(high)))
    return rf"^\s*\+?0*(?:{alternatives})" + _ZERO_FRACTION + r"\s*$"


_YEAR_TEXT: Final = _year_text(*g.YEAR_RANGE)


def _any_case(word: str) -> str:
    """A regex matching ``word`` with its ASCII letters in any case (no inline flags)."""
    return "".join(
        f"[{c.upper()}{c.lower()}]" if c.isascii() and c.isalpha() else re.escape(c) for c in word
    )


_FLAG_TEXT: Final = (
    r"^\s*(?:" + "|".join(_any_case(w) for w in (*g.TRUE_SPELLINGS, *g.FALSE_SPELLINGS)) + r")\s*$"
)


def _count_text(minimum: int) -> str:
    digits = rf"0*[1-9][0-9]{{0,{len(str(g.COUNT_LIMIT - 1)) - 1}}}" + _ZERO_FRACTION
    if minimum >= 1:
        assert minimum == 1, "whole-number cells start at 0 or 1"
        return rf"^\s*\+?{digits}\s*$"
    return rf"^\s*(?:[+-]?0+{_ZERO_FRACTION}|\+?{digits})\s*$"


def _text(pattern: str) -> dict[str, Any]:
    return {"type": "string", "pattern": pattern, "maxLength": g.MAX_CELL_CHARS}


def _description(en: str, zh: str) -> str:
    return f"{en}\n{zh}"


def _choice_values(cell: Cell) -> list[str]:
    return list(cell.allowed) or [str(m.value) for m in cell.enum_type]


def _cell_schema(cell: Cell, defs: dict[str, Any]) -> dict[str, Any]:
    """The schema of one cell (without description)."""
    kind = cell.kind
    options: list[dict[str, Any]]
    if kind is Kind.ID:
        limit = g.ID_NUMBER_LIMIT - 1
        options = [_text(_ID_TEXT), {"type": "integer", "minimum": -limit, "maximum": limit}]
    elif kind is Kind.TEXT:
        options = [{"type": "string", "maxLength": g.MAX_CELL_CHARS}]
    elif kind is Kind.COUNT:
        minimum = int(cell.minimum or 0)
        maximum = g.COUNT_LIMIT - 1 if cell.maximum is None else int(cell.maximum)
        options = [
            {"type": "integer", "minimum": minimum, "maximum": maximum},
            _text(_count_text(minimum)),
        ]
    elif kind is Kind.YEAR:
        low, high = g.YEAR_RANGE
        options = [{"type": "integer", "minimum": low, "maximum": high}, _text(_YEAR_TEXT)]
    elif kind is Kind.MONEY:
        options = [
            {
                "type": "number",
                "minimum": 0,
                "exclusiveMaximum": int(g.MONEY_LIMIT),
                "multipleOf": 0.01,
            },
            _text(_MONEY_TEXT),
        ]
    elif kind is Kind.RATIO:
        assert (cell.minimum, cell.maximum) == (0, 1), "ratio cells are shares"
        options = [{"type": "number", "minimum": 0, "maximum": 1}, _text(_RATIO_TEXT)]
    elif kind is Kind.FLAG:
        options = [{"type": "boolean"}, {"enum": [0, 1]}, _text(_FLAG_TEXT)]
    elif kind is Kind.DATE:
        options = [_text(_DATE_TEXT)]
    elif kind is Kind.CHOICE:
        values = _choice_values(cell)
        alternatives = "|".join(re.escape(v) for v in values)
        options = [{"enum": values}, _text(rf"^\s*(?:{alternatives})\s*$")]
    elif kind is Kind.CHOICES:
        item = _cell_schema(attrs.evolve(cell, kind=Kind.CHOICE, optional=False), defs)
        return {"type": "array", "items": item}
    elif kind is Kind.IDS:
        item = _cell_schema(attrs.evolve(cell, kind=Kind.ID, optional=False), defs)
        schema: dict[str, Any] = {"type": "array", "items": item}
        if cell.unique:
            schema["uniqueItems"] = True
        return schema
    else:  # RECORDS
        assert cell.record is not None
        _define(RECORDS[cell.record], defs)
        schema = {"type": "array", "items": {"$ref": f"#/$defs/{cell.record}"}}
        if cell.min_items:
            schema["minItems"] = cell.min_items
        return schema
    if cell.optional:
        options = [*options, _NULL, _BLANK]
    return options[0] if len(options) == 1 else {"anyOf": options}


def _define(record: RecordSchema, defs: dict[str, Any]) -> None:
    if record.name not in defs:
        defs[record.name] = {}
        defs[record.name] = _object_schema(record, defs)


def _required(cls: type[Any]) -> list[str]:
    return [a.name for a in attrs.fields(cls) if a.init and a.default is attrs.NOTHING]


def _object_schema(record: RecordSchema, defs: dict[str, Any]) -> dict[str, Any]:
    from shuangdao import model

    cls = getattr(model, record.name)
    properties: dict[str, Any] = {}
    for name, cell in record.fields.items():
        schema = _cell_schema(cell, defs)
        schema["description"] = _description(cell.en, cell.zh)
        properties[name] = schema
    body: dict[str, Any] = {
        "type": "object",
        "title": record.name,
        "description": _description(record.en, record.zh),
        "properties": properties,
        "required": _required(cls),
        "additionalProperties": False,
    }
    rules = _cross_field(record)
    if rules:
        body["allOf"] = rules
    unstated = [c for c in record.checks if c not in _STATED]
    if any(cell.kind is Kind.DATE for cell in record.fields.values()):
        unstated.append("each date must exist in the calendar (the pattern allows 2011-02-30)")
    if unstated:
        body["$comment"] = (
            "Also checked by the constructor (not expressible in JSON Schema): "
            + "; ".join(unstated)
            + "."
        )
    return body


_STATED: Final = (
    "assisted_kind must be allowed for assisting_kind",
    "parent_id must be missing exactly for a province",
)


def _is(value: str) -> dict[str, Any]:
    """A property schema matching the choice ``value`` (surrounding whitespace allowed)."""
    return {"type": "string", "pattern": rf"^\s*{re.escape(value)}\s*$"}


def _cross_field(record: RecordSchema) -> list[dict[str, Any]]:
    if record.name == "AdminArea":
        parent = _cell_schema(attrs.evolve(record.fields["parent_id"], optional=False), {})
        return [
            {
                "if": {"properties": {"level": _is("province")}, "required": ["level"]},
                "then": {"properties": {"parent_id": {"anyOf": [_NULL, _BLANK]}}},
                "else": {"properties": {"parent_id": parent}, "required": ["parent_id"]},
            }
        ]
    if record.name == "Pairing":
        from shuangdao.model import ALLOWED_PAIRINGS

        rules = []
        for assisting, assisted in sorted(ALLOWED_PAIRINGS.items(), key=lambda kv: kv[0].value):
            values = sorted(k.value for k in assisted)
            alternatives = "|".join(re.escape(v) for v in values)
            rules.append(
                {
                    "if": {
                        "properties": {"assisting_kind": _is(assisting.value)},
                        "required": ["assisting_kind"],
                    },
                    "then": {
                        "properties": {
                            "assisted_kind": {
                                "anyOf": [{"enum": values}, _text(rf"^\s*(?:{alternatives})\s*$")]
                            }
                        }
                    },
                }
            )
        return rules
    return []


def json_schema(cls: type[Any]) -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of a model record type.

    Generated from the record's cells (:data:`shuangdao.ingest.RECORDS`): it accepts what the
    constructor accepts, with every limit and the full zh/en meaning of every field.

    Raises:
        KeyError: ``cls`` is not a record type with an input schema.

    Example:
        >>> from shuangdao.model import Household
        >>> schema = json_schema(Household)
        >>> schema["required"]
        ['household_id', 'village_id', 'members', 'income', 'has_labour_capacity']
        >>> schema["properties"]["members"]["anyOf"][0]
        {'type': 'integer', 'minimum': 1, 'maximum': 999999999999999999}
    """
    record = RECORDS[cls.__name__]
    defs: dict[str, Any] = {}
    body = _object_schema(record, defs)
    defs.pop(record.name, None)
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://shuangdao.readthedocs.io/schema/{record.name}.json",
        **body,
    }
    if defs:
        schema["$defs"] = defs
    return schema
