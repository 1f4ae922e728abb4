"""The shared machinery of every input: cells, record schemas, table columns and contracts.

A :class:`Cell` declares one field (its grammar, limits and meaning in English and
Chinese); a :class:`RecordSchema` the cells of one record type; a :class:`Column` one
column of an input table, naming the cell it reads; a :class:`Contract` the columns of one
table.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Final

from attrs import field, frozen

from shuangdao.errors import InvalidRecordError, InvalidTypeError
from shuangdao.ingest import _grammar as g

__all__ = [
    "Cell",
    "Column",
    "Contract",
    "Kind",
    "RecordSchema",
]


class Kind(enum.Enum):
    """The grammar a cell is read with (see :mod:`shuangdao.ingest._grammar`)."""

    ID = "id"
    """An id: stripped text without control characters, or a whole number's digits."""
    TEXT = "text"
    """Free text, kept exactly."""
    COUNT = "count"
    """A whole number."""
    YEAR = "year"
    """A calendar year, 1949–2100."""
    MONEY = "money"
    """Exact yuan with fen precision."""
    RATIO = "ratio"
    """An exact decimal number in a range (a share)."""
    FLAG = "flag"
    """Yes or no."""
    DATE = "date"
    """An ISO date."""
    CHOICE = "choice"
    """One value of an enumeration."""
    CHOICES = "choices"
    """A set of values of an enumeration."""
    IDS = "ids"
    """A list of ids."""
    RECORDS = "records"
    """A list of nested records."""


_TYPE_NAMES: Final = {
    Kind.ID: ("id (text)", "编号（文本）"),
    Kind.TEXT: ("text", "文本"),
    Kind.COUNT: ("whole number", "整数"),
    Kind.YEAR: ("year", "年份"),
    Kind.MONEY: ("money (yuan, at most 2 decimals)", "金额（元，至多两位小数）"),
    Kind.RATIO: ("decimal number", "小数"),
    Kind.FLAG: ("yes/no", "是/否"),
    Kind.DATE: ("date (YYYY-MM-DD)", "日期（YYYY-MM-DD）"),
    Kind.CHOICE: ("one of", "取值之一"),
    Kind.CHOICES: ("list of", "列表，取值于"),
    Kind.IDS: ("list of ids", "编号列表"),
    Kind.RECORDS: ("list of records", "记录列表"),
}


@frozen
class Cell:
    """One field's grammar, limits and meaning.

    Attributes:
        kind: The grammar (:class:`Kind`).
        en: What the field means, in English (full text).
        zh: What the field means, in Chinese (full text).
        optional: A missing value (``None``, blank text) is accepted and read as ``None``.
        minimum: Smallest accepted number (inclusive), if any.
        maximum: Largest accepted number (inclusive), if any.
        choices: The name of the enumeration of a ``CHOICE``/``CHOICES`` cell (a class of
            :mod:`shuangdao.model`, looked up when first used).
        allowed: For a ``CHOICE`` cell, the subset of values accepted (empty: all).
        record: For a ``RECORDS`` cell, the record type's name (``"Measure"``).
        unique: For an ``IDS`` cell, whether repeats are refused.
        min_items: Fewest items of a list cell.
        unit: The unit in words (``"yuan"``, ``"persons"``), if any.
    """

    kind: Kind
    en: str
    zh: str
    optional: bool = False
    minimum: int | Decimal | None = None
    maximum: int | Decimal | None = None
    choices: str | None = None
    allowed: tuple[str, ...] = ()
    record: str | None = None
    unique: bool = False
    min_items: int = 0
    unit: str = ""

    @property
    def enum_type(self) -> type[enum.Enum]:
        """The enumeration of a ``CHOICE``/``CHOICES`` cell."""
        assert self.choices is not None
        return _enum(self.choices)

    def parse(self, value: Any, *, field: str | None = None) -> Any:
        """Convert one value with this cell's grammar and limits.

        Raises:
            ShuangdaoError: The value is refused (names ``field`` and the value).
        """
        kind = self.kind
        optional = self.optional
        if kind is Kind.ID:
            return g.parse_id(value, field=field, optional=optional)
        if kind is Kind.COUNT:
            return g.parse_count(
                value,
                field=field,
                minimum=int(self.minimum or 0),
                maximum=None if self.maximum is None else int(self.maximum),
                optional=optional,
            )
        if kind is Kind.MONEY:
            return g.parse_money(value, field=field, optional=optional)
        if kind is Kind.FLAG:
            return g.parse_flag(value, field=field, optional=optional)
        if kind is Kind.YEAR:
            return g.parse_year(value, field=field, optional=optional)
        if kind is Kind.TEXT:
            return g.parse_text(value, field=field, optional=optional)
        if kind is Kind.DATE:
            return g.parse_date(value, field=field, optional=optional)
        if kind is Kind.CHOICE:
            member = g.parse_enum(self.enum_type, value, field=field, optional=optional)
            if member is not None and self.allowed and member.value not in self.allowed:
                raise InvalidRecordError(
                    f"must be {' or '.join(self.allowed)}", field=field, value=member.value
                )
            return member
        if kind is Kind.RATIO:
            if g.is_missing(value):
                if optional:
                    return None
                raise InvalidRecordError("is missing", field=field)
            number = g.parse_number(value, field=field, what="decimal number")
            low = Decimal(0) if self.minimum is None else Decimal(self.minimum)
            if number < low or (self.maximum is not None and number > self.maximum):
                bound = (
                    f"between {low} and {self.maximum}" if self.maximum is not None else f">= {low}"
                )
                raise InvalidRecordError(f"must be {bound}", field=field, value=value)
            return number
        items = _items(value, field)
        if kind is Kind.CHOICES:
            kinds = self.enum_type
            return frozenset(g.parse_enum(kinds, item, field=field) for item in items)
        if kind is Kind.IDS:
            ids = tuple(g.parse_id(item, field=field) for item in items)
            if self.unique:
                seen: set[str | None] = set()
                for item in ids:
                    if item in seen:
                        raise InvalidRecordError("must not repeat an id", field=field, value=item)
                    seen.add(item)
            return ids
        # RECORDS: the model checks the item type; JSON structures dicts first.
        records = tuple(items)
        if len(records) < self.min_items:
            raise InvalidRecordError(
                f"must hold at least {self.min_items} item(s)", field=field, value=records
            )
        return records

    def type_name(self, lang: str = "en") -> str:
        """The type in words (``"whole number >= 1"``, ``"one of net, disposable"``)."""
        en, zh = _TYPE_NAMES[self.kind]
        text = zh if lang == "zh" else en
        if self.choices is not None:
            values = self.allowed or tuple(str(m.value) for m in self.enum_type)
            text = f"{text} {', '.join(values)}" if lang != "zh" else f"{text}：{'、'.join(values)}"
        if self.kind in (Kind.COUNT, Kind.RATIO):
            if self.minimum is not None and self.maximum is not None:
                text += f" {self.minimum}–{self.maximum}"
            elif self.minimum is not None:
                text += f" >= {self.minimum}"
        if self.kind is Kind.MONEY:
            text += " >= 0" if lang != "zh" else "，≥ 0"
        return text


def _enum(name: str) -> type[enum.Enum]:
    """The model enumeration called ``name`` (imported late: the model imports this module)."""
    from shuangdao import model

    kind: type[enum.Enum] = getattr(model, name)
    return kind


def _items(value: Any, field: str | None) -> Iterable[Any]:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise InvalidTypeError(
            f"must be a list, not {type(value).__name__}", field=field, value=value
        )
    return list(value)


def _frozen_cells(value: Mapping[str, Cell]) -> Mapping[str, Cell]:
    return MappingProxyType(dict(value))


@frozen
class RecordSchema:
    """The schema of one record type: its fields' cells in order, and cross-field checks.

    Attributes:
        name: The record type's name (``"Household"``).
        kind: How errors name a record (``"household"`` → ``household h1: ...``).
        id_field: The field holding the record's id.
        en: What a record is, in English.
        zh: What a record is, in Chinese.
        fields: Each field's :class:`Cell`, in constructor order.
        checks: Checks across fields the constructor makes, in English (JSON Schema cannot
            express every one of them; see :func:`shuangdao.ingest.json_schema`).
    """

    name: str
    kind: str
    id_field: str
    en: str
    zh: str
    fields: Mapping[str, Cell] = field(converter=_frozen_cells)
    checks: tuple[str, ...] = ()

    def parse(self, name: str, value: Any) -> Any:
        """Convert the value of field ``name`` (a model converter calls this)."""
        return self.fields[name].parse(value, field=name)


_ID_EN = "Stable id (text; surrounding spaces are ignored)."
_ID_ZH = "稳定编号（文本；首尾空白忽略）。"


@frozen
class Column:
    """One column of an input table.

    Attributes:
        name: The column name (``income_<year>`` for one column per year).
        cell: The :class:`Cell` its values are read with (shared with the model field).
        header_rounds: Rounds in which the column must be present (a file-level error
            otherwise); empty: never required.
        value_rounds: Rounds in which an empty cell rejects the row.
        en: Extra English note for this table (who reads it), if any.
        zh: Extra Chinese note, if any.
        per_year: One column per year (``income_2013``...), named ``<name>_<year>``.
    """

    name: str
    cell: Cell
    header_rounds: frozenset[int] = frozenset()
    value_rounds: frozenset[int] = frozenset()
    en: str = ""
    zh: str = ""
    per_year: bool = False

    @property
    def label(self) -> str:
        """The name as shown in help (``income_<year>`` for a per-year column)."""
        return f"{self.name}_<year>" if self.per_year else self.name

    def required_text(self, lang: str = "en") -> str:
        """When a value is required, in words (``"required"``, ``"rounds 2, 3"``...)."""
        rounds = sorted(self.value_rounds)
        if rounds == [1, 2, 3]:
            return "必填" if lang == "zh" else "required"
        if not rounds:
            return "可选" if lang == "zh" else "optional"
        listed = "、".join(map(str, rounds)) if lang == "zh" else ", ".join(map(str, rounds))
        return f"第 {listed} 轮必填" if lang == "zh" else f"required in round(s) {listed}"

    def meaning(self, lang: str = "en") -> str:
        """What the column means (the cell's text plus this table's note)."""
        base = self.cell.zh if lang == "zh" else self.cell.en
        note = self.zh if lang == "zh" else self.en
        # Chinese sentences end in "。" and take no space between them.
        return (f"{base}{note}" if lang == "zh" else f"{base} {note}").strip()


_ALL: Final = frozenset({1, 2, 3})


@frozen
class Contract:
    """The columns one input table must or may have.

    Attributes:
        name: The contract's name (``"villages"``, ``"exit.households"``...).
        file: How rejections name the table (``"villages"``).
        kind: How errors name a row (``"village"``).
        id_column: The column holding each row's id.
        columns: The columns read, in the order cells are checked.
        en: What the table is, in English.
        zh: What the table is, in Chinese.
    """

    name: str
    file: str
    kind: str
    id_column: str
    columns: tuple[Column, ...]
    en: str
    zh: str

    def column(self, name: str) -> Column:
        """The column called ``name``."""
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)

    def header(self, round: int | None = None) -> tuple[str, ...]:
        """Columns that must be present (in ``round``; ``None``: in every round)."""
        return tuple(
            c.name
            for c in self.columns
            if not c.per_year and (round in c.header_rounds if round else c.header_rounds >= _ALL)
        )

    def column_order(self, names: Sequence[str]) -> tuple[str, ...]:
        """The contract's column order over a table's columns ``names``.

        A per-year column (``income``) stands for the table's columns of that name and a year
        (``income_2012``, ``income_2013``...), in the table's order.
        """
        order: list[str] = []
        for spec in self.columns:
            if spec.per_year:
                order += [n for n in names if n.startswith(f"{spec.name}_")]
            else:
                order.append(spec.name)
        return tuple(order)
