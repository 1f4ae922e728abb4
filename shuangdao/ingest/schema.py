"""Column schemas: every field of every input, declared once (name, kind, limits, zh/en).

A :class:`Cell` declares one field: its kind (id, money, whole number, yes/no...), whether
it may be missing, its limits and what it means in English and Chinese. The same cell
object is used by

* the model constructors (each field's converter calls :meth:`Cell.parse`),
* the JSON structure hooks (:mod:`shuangdao.serialize`) and the JSON Schemas,
* the table and CSV readers (:class:`Contract` columns name the cell they read), and
* the command line's help (:func:`input_columns`).

:data:`RECORDS` holds the schema of each JSON record type; :data:`CONTRACTS` the tables
the readers take (the villages and households of each round, units, cadres and the cycle
inputs).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Final

from attrs import field, frozen

from shuangdao.errors import InvalidRecordError, InvalidTypeError
from shuangdao.ingest import _grammar as g

__all__ = [
    "ADMIN_AREA",
    "ASSISTING_UNIT",
    "CADRE",
    "CADRES",
    "CONTRACTS",
    "Cell",
    "Column",
    "Contract",
    "EXIT_HOUSEHOLDS",
    "HOUSEHOLD",
    "HOUSEHOLD_TARGET_CELLS",
    "IDENTIFY_HOUSEHOLDS",
    "IDENTIFY_VILLAGES",
    "Kind",
    "MEASURE",
    "PAIRING",
    "PLAN",
    "RECORDS",
    "ROUND",
    "RecordSchema",
    "SETTLEMENT_HOUSEHOLDS",
    "SETTLEMENT_VILLAGES",
    "UNITS",
    "VILLAGE",
    "VILLAGE_TARGET_CELLS",
    "WORK_TEAM",
    "input_columns",
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


_NOT_ASSESSED_EN = " Missing if not known: the target is then reported as not assessed."
_NOT_ASSESSED_ZH = "未知则为空：该目标即记为未评估。"


def _target(en: str, zh: str) -> Cell:
    """An optional yes/no non-income target (missing: not assessed)."""
    return Cell(Kind.FLAG, en + _NOT_ASSESSED_EN, zh + _NOT_ASSESSED_ZH, optional=True)


HOUSEHOLD_TARGET_CELLS: Final[Mapping[str, tuple[Cell, frozenset[int]]]] = MappingProxyType(
    {
        "all_in_ncms": (
            _target(
                "Round 2 (S1): every member is enrolled in the new rural cooperative medical "
                "scheme (新农合).",
                "第二轮（S1）：家庭成员全部参加新型农村合作医疗。",
            ),
            frozenset({2}),
        ),
        "all_in_rural_pension": (
            _target(
                "Round 2 (S1): every member is enrolled in the new rural pension scheme (新农保).",
                "第二轮（S1）：家庭成员全部参加新型农村社会养老保险。",
            ),
            frozenset({2}),
        ),
        "eligible_in_dibao": (
            _target(
                "Round 2 (S1): every member eligible for 低保 receives it.",
                "第二轮（S1）：符合条件的家庭成员全部纳入低保。",
            ),
            frozenset({2}),
        ),
        "housing_rebuilt_or_relocated": (
            _target(
                "Round 2 (S1): the household's housing rebuilding or relocation is finished "
                "(or it needed neither).",
                "第二轮（S1）：住房改造或搬迁已完成（或无需改造、搬迁）。",
            ),
            frozenset({2}),
        ),
        "food_and_clothing_secure": (
            _target(
                "Round 3 (S21): no worry about food or clothing (不愁吃、不愁穿).",
                "第三轮（S21）：不愁吃、不愁穿。",
            ),
            frozenset({3}),
        ),
        "compulsory_education_secured": (
            _target(
                "Round 3 (S21): compulsory education is secured (义务教育有保障).",
                "第三轮（S21）：义务教育有保障。",
            ),
            frozenset({3}),
        ),
        "basic_medical_care_secured": (
            _target(
                "Round 3 (S21): basic medical care is secured (基本医疗有保障).",
                "第三轮（S21）：基本医疗有保障。",
            ),
            frozenset({3}),
        ),
        "safe_housing_secured": (
            _target(
                "Round 3 (S21): safe housing is secured (住房安全有保障).",
                "第三轮（S21）：住房安全有保障。",
            ),
            frozenset({3}),
        ),
    }
)
"""The non-income targets of a household (cell, rounds that read it), in declaration order."""

VILLAGE_TARGET_CELLS: Final[Mapping[str, tuple[Cell, frozenset[int]]]] = MappingProxyType(
    {
        "basic_infrastructure_in_place": (
            _target(
                "Round 2 (S1): the village's basic infrastructure is in place.",
                "第二轮（S1）：村基础设施基本完善。",
            ),
            frozenset({2}),
        ),
        "democratic_management_sound": (
            _target(
                "Round 2 (S1): the village's democratic management is sound.",
                "第二轮（S1）：村民主管理健全。",
            ),
            frozenset({2}),
        ),
    }
)
"""The non-income targets of a village (cell, rounds that read it)."""

_ID_EN = "Stable id (text; surrounding spaces are ignored)."
_ID_ZH = "稳定编号（文本；首尾空白忽略）。"


HOUSEHOLD: Final = RecordSchema(
    name="Household",
    kind="household",
    id_field="household_id",
    en="A rural household (农户). Income is the household's total annual income in yuan; "
    "rules compare it with line × members and never divide.",
    zh="农户。收入为全户全年总收入（元）；规则以“标准 × 人口”比较，不做除法。",
    fields={
        "household_id": Cell(Kind.ID, _ID_EN, _ID_ZH),
        "village_id": Cell(
            Kind.ID,
            "The village the household is registered in.",
            "农户户籍所在行政村的编号。",
        ),
        "members": Cell(
            Kind.COUNT,
            "Number of persons in the household (at least 1).",
            "家庭人口数（至少 1 人）。",
            minimum=1,
            unit="persons",
        ),
        "income": Cell(
            Kind.MONEY,
            "Total annual income of the household, exact yuan (net income in rounds 1–2, "
            "disposable income at 2014 prices in round 3; see income_measure).",
            "全户全年总收入，精确到分（第一、二轮为纯收入，第三轮为 2014 年不变价可支配收入；"
            "见 income_measure）。",
            unit="yuan",
        ),
        "has_labour_capacity": Cell(
            Kind.FLAG,
            "有劳动能力: at least one member is able to work (round 2 and the 2011 "
            "regulation require it of a poor household).",
            "有劳动能力：至少一名成员有劳动能力（第二轮及 2011 年条例要求贫困户具备）。",
        ),
        "income_measure": Cell(
            Kind.CHOICE,
            "Which statistical income the amount is: net (rounds 1–2) or disposable "
            "(round 3). Default net.",
            "收入口径：纯收入（第一、二轮）或可支配收入（第三轮）。默认纯收入。",
            choices="IncomeMeasure",
        ),
        "income_year": Cell(
            Kind.YEAR,
            "The year the income refers to, if recorded.",
            "收入所属年份（如有）。",
            optional=True,
        ),
        "willing_to_work": Cell(
            Kind.FLAG,
            "有劳动意愿 (2011 regulation art. 8); missing if not recorded.",
            "有劳动意愿（2011 年条例第八条）；未记录则为空。",
            optional=True,
        ),
        "dibao": Cell(
            Kind.FLAG,
            "Receives the rural minimum living guarantee (低保). Default no.",
            "享受农村最低生活保障（低保）。默认否。",
        ),
        **{name: cell for name, (cell, _) in HOUSEHOLD_TARGET_CELLS.items()},
    },
)
"""The :class:`~shuangdao.model.Household` record."""

VILLAGE: Final = RecordSchema(
    name="Village",
    kind="village",
    id_field="village_id",
    en="An administrative village (行政村) and the facts rules read about it.",
    zh="行政村及规则所读取的村情数据。",
    fields={
        "village_id": Cell(Kind.ID, _ID_EN, _ID_ZH),
        "per_capita_income": Cell(
            Kind.MONEY,
            "Village per-capita income in yuan (net or disposable, see income_measure); "
            "missing if unknown.",
            "全村人均收入（元；纯收入或可支配收入，见 income_measure）；未知则为空。",
            optional=True,
            unit="yuan",
        ),
        "collective_income": Cell(
            Kind.MONEY,
            "Village collective income (村集体经济收入) in yuan per year; missing if unknown.",
            "村集体经济年收入（元）；未知则为空。",
            optional=True,
            unit="yuan",
        ),
        "registered_population": Cell(
            Kind.COUNT,
            "Registered (户籍) population, persons; missing if unknown.",
            "户籍人口（人）；未知则为空。",
            optional=True,
            minimum=0,
            unit="persons",
        ),
        "income_measure": Cell(
            Kind.CHOICE,
            "Whether incomes are net (rounds 1–2) or disposable (round 3). Default net.",
            "收入口径：纯收入（第一、二轮）或可支配收入（第三轮）。默认纯收入。",
            choices="IncomeMeasure",
        ),
        "income_year": Cell(
            Kind.YEAR,
            "The year the incomes refer to (e.g. 2011 for round 2), if recorded.",
            "收入所属年份（如第二轮为 2011 年）（如有）。",
            optional=True,
        ),
        "designated": Cell(
            Kind.FLAG,
            "Round 1 only: designated poor village (贫困村). The round-1 selection rule was "
            "never published, so this is an input; missing if not given.",
            "仅第一轮：是否为认定的贫困村。第一轮选村规则未公布，故为输入项；未给出则为空。",
            optional=True,
        ),
        "dilapidated_housing_share": Cell(
            Kind.RATIO,
            "Share of households in dilapidated mud-brick or thatched houses, 0 to 1 "
            "(a round-3 priority flag); missing if unknown.",
            "居住泥砖房、茅草房等危房的农户比例，0 至 1（第三轮优先条件）；未知则为空。",
            optional=True,
            minimum=0,
            maximum=1,
        ),
        "special_areas": Cell(
            Kind.CHOICES,
            "Round-3 priority areas the village lies in (old revolutionary base, minority "
            "area, limestone area, provincial reservoir resettlement). Default none.",
            "村所在的第三轮优先区域（老区、少数民族地区、石灰岩地区、省属水库移民区）。默认无。",
            choices="SpecialArea",
        ),
        "township_id": Cell(
            Kind.ID, "Township (乡镇) id, if known.", "所属乡镇编号（如有）。", optional=True
        ),
        "county_id": Cell(
            Kind.ID, "County (县) id, if known.", "所属县（市、区）编号（如有）。", optional=True
        ),
        "city_id": Cell(
            Kind.ID,
            "Prefecture-level city (地级市) id, if known.",
            "所属地级以上市编号（如有）。",
            optional=True,
        ),
        "name": Cell(Kind.TEXT, "Display name. Default empty.", "村名。默认为空。"),
        **{name: cell for name, (cell, _) in VILLAGE_TARGET_CELLS.items()},
    },
)
"""The :class:`~shuangdao.model.Village` record."""

ASSISTING_UNIT: Final = RecordSchema(
    name="AssistingUnit",
    kind="assisting unit",
    id_field="unit_id",
    en="An assisting unit (帮扶单位).",
    zh="帮扶单位。",
    fields={
        "unit_id": Cell(Kind.ID, _ID_EN, _ID_ZH),
        "name": Cell(Kind.TEXT, "Name of the unit.", "单位名称。"),
        "kind": Cell(
            Kind.CHOICE,
            "What kind of body the unit is (party or state organ, state-owned enterprise, "
            "public institution, social organisation, developed-region city).",
            "单位类别（党政机关、国有企业、事业单位、社会组织、发达地区城市）。",
            choices="UnitKind",
        ),
        "level": Cell(
            Kind.CHOICE,
            "The administrative level the unit belongs to (central, provincial, city, county).",
            "单位所属层级（中直、省直、市直、县直）。",
            choices="UnitLevel",
        ),
        "city_id": Cell(
            Kind.ID,
            "Home city (for developed-region pairing), if any.",
            "所在城市编号（用于珠三角对口帮扶），如有。",
            optional=True,
        ),
        "capacity_villages": Cell(
            Kind.COUNT,
            "How many villages the unit can take (input of the pairing assignment), if known.",
            "可承担帮扶的村数（结对分配输入），如有。",
            optional=True,
            minimum=0,
        ),
        "capacity_cadres": Cell(
            Kind.COUNT,
            "How many resident cadres the unit can send, if known.",
            "可派驻村干部数，如有。",
            optional=True,
            minimum=0,
        ),
    },
)
"""The :class:`~shuangdao.model.AssistingUnit` record."""

CADRE: Final = RecordSchema(
    name="Cadre",
    kind="cadre",
    id_field="cadre_id",
    en="A cadre (干部) of an assisting unit, who may be responsible for households (责任人).",
    zh="帮扶单位的干部，可作为贫困户的帮扶责任人。",
    fields={
        "cadre_id": Cell(Kind.ID, _ID_EN, _ID_ZH),
        "unit_id": Cell(Kind.ID, "The unit the cadre belongs to.", "干部所属帮扶单位编号。"),
        "name": Cell(Kind.TEXT, "Name. Default empty.", "姓名。默认为空。"),
        "role": Cell(
            Kind.TEXT,
            'Role in words ("resident cadre", "team leader"...). Default empty.',
            "职务（如驻村干部、工作队队长）。默认为空。",
        ),
    },
)
"""The :class:`~shuangdao.model.Cadre` record."""

WORK_TEAM: Final = RecordSchema(
    name="WorkTeam",
    kind="work team",
    id_field="team_id",
    en="A resident work team (驻村工作队) a unit sends to a village.",
    zh="帮扶单位派驻到村的驻村工作队。",
    fields={
        "team_id": Cell(Kind.ID, _ID_EN, _ID_ZH),
        "unit_id": Cell(Kind.ID, "The sending unit.", "派出单位编号。"),
        "village_id": Cell(Kind.ID, "The village it is stationed in.", "驻点村编号。"),
        "cadre_ids": Cell(
            Kind.IDS,
            "Its resident cadres (驻村干部), without repeats. Default none.",
            "驻村干部编号，不得重复。默认无。",
            unique=True,
        ),
        "leader_id": Cell(
            Kind.ID,
            "The team leader, one of cadre_ids; missing if none.",
            "队长编号，须为 cadre_ids 之一；无则为空。",
            optional=True,
        ),
    },
    checks=("leader_id must be one of cadre_ids",),
)
"""The :class:`~shuangdao.model.WorkTeam` record."""

PAIRING: Final = RecordSchema(
    name="Pairing",
    kind="pairing",
    id_field="pairing_id",
    en="Who assists whom, from when to when (both dates inclusive). Allowed pairs: unit → "
    "village (定点帮扶), cadre → household (责任到人), city → city (对口帮扶), leader → city "
    "(挂钩联系) or leader → village (挂村办点).",
    zh="谁帮扶谁、起止日期（含首尾）。允许的组合：单位→村（定点帮扶）、干部→农户（责任到人）、"
    "市→市（对口帮扶）、领导→市（挂钩联系）、领导→村（挂村办点）。",
    fields={
        "pairing_id": Cell(Kind.ID, _ID_EN, _ID_ZH),
        "assisting_kind": Cell(
            Kind.CHOICE,
            "Kind of the assisting side (unit, cadre, city, leader).",
            "帮扶方类别（单位、干部、市、领导）。",
            choices="PartyKind",
            allowed=("unit", "cadre", "city", "leader"),
        ),
        "assisting_id": Cell(Kind.ID, "Id of the assisting side.", "帮扶方编号。"),
        "assisted_kind": Cell(
            Kind.CHOICE,
            "Kind of the assisted side (village, household, city).",
            "受帮扶方类别（村、农户、市）。",
            choices="PartyKind",
        ),
        "assisted_id": Cell(Kind.ID, "Id of the assisted side.", "受帮扶方编号。"),
        "valid_from": Cell(Kind.DATE, "First day (inclusive).", "起始日（含）。"),
        "valid_to": Cell(
            Kind.DATE,
            "Last day (inclusive); missing while the pairing is open.",
            "终止日（含）；仍在帮扶中则为空。",
            optional=True,
        ),
        "note": Cell(
            Kind.TEXT,
            "Free text (the reason for a reassignment...). Default empty.",
            "备注（如调整原因）。默认为空。",
        ),
    },
    checks=(
        "assisted_kind must be allowed for assisting_kind",
        "valid_to must not be before valid_from",
    ),
)
"""The :class:`~shuangdao.model.Pairing` record."""

MEASURE: Final = RecordSchema(
    name="Measure",
    kind="measure",
    id_field="description",
    en="One measure of a plan.",
    zh="帮扶规划中的一项措施。",
    fields={
        "kind": Cell(
            Kind.CHOICE,
            "The kind of measure, from the catalogue (industry, employment and training, "
            "education, housing, infrastructure, social security, health, relocation, "
            "technology, other).",
            "措施类别（产业、技能培训与转移就业、教育、住房改造、基础设施、社会保障、医疗、"
            "易地搬迁、科技、其他）。",
            choices="MeasureKind",
        ),
        "description": Cell(
            Kind.TEXT, "What is to be done. Default empty.", "措施内容。默认为空。"
        ),
        "amount": Cell(
            Kind.MONEY,
            "Planned funds in yuan; missing if not known.",
            "计划投入资金（元）；未知则为空。",
            optional=True,
            unit="yuan",
        ),
        "target_year": Cell(
            Kind.YEAR,
            "Year by which it should be done; missing if not set.",
            "计划完成年份；未定则为空。",
            optional=True,
        ),
    },
)
"""The :class:`~shuangdao.model.Measure` record."""

PLAN: Final = RecordSchema(
    name="Plan",
    kind="plan",
    id_field="plan_id",
    en="A household plan (一户一法) or village plan (一村一策) with its measures.",
    zh="一户一法或一村一策的帮扶规划及其措施。",
    fields={
        "plan_id": Cell(Kind.ID, _ID_EN, _ID_ZH),
        "subject_kind": Cell(
            Kind.CHOICE,
            "Whether the plan is for a household or a village.",
            "规划对象类别：农户或村。",
            choices="PartyKind",
            allowed=("household", "village"),
        ),
        "subject_id": Cell(Kind.ID, "The household or village id.", "农户或村的编号。"),
        "measures": Cell(
            Kind.RECORDS,
            "The plan's measures (at least one).",
            "规划措施（至少一项）。",
            record="Measure",
            min_items=1,
        ),
        "target_year": Cell(
            Kind.YEAR, "The year the plan aims to be met (exit year).", "规划目标年份（脱贫年份）。"
        ),
        "made_on": Cell(
            Kind.DATE, "Date the plan was made, if known.", "规划制定日期（如有）。", optional=True
        ),
        "author_id": Cell(
            Kind.ID,
            "The unit or cadre who made it, if known.",
            "制定规划的单位或干部编号（如有）。",
            optional=True,
        ),
    },
)
"""The :class:`~shuangdao.model.Plan` record."""

ROUND: Final = RecordSchema(
    name="Round",
    kind="round",
    id_field="number",
    en="One round of the programme and where its standards live.",
    zh="扶贫“双到”的一轮及其标准所在。",
    fields={
        "number": Cell(
            Kind.COUNT,
            "The round's number: 1, 2, 3 (later rounds may be added).",
            "轮次：1、2、3。",
            minimum=1,
        ),
        "name_zh": Cell(Kind.TEXT, "Chinese name (第一轮扶贫“双到”).", "中文名称。"),
        "name_en": Cell(Kind.TEXT, "English name.", "英文名称。"),
        "start": Cell(Kind.DATE, "First day of the round (inclusive).", "起始日（含）。"),
        "end": Cell(
            Kind.DATE,
            "Last day of the round (inclusive), before any follow-up.",
            "结束日（含），不含回头看。",
        ),
        "income_measure": Cell(
            Kind.CHOICE,
            "Net or disposable income.",
            "收入口径：纯收入或可支配收入。",
            choices="IncomeMeasure",
        ),
        "standards_ref": Cell(
            Kind.TEXT,
            'Key prefix of its parameters in the standards ("round2").',
            "其标准参数的键前缀（如 round2）。",
        ),
        "reference_year": Cell(
            Kind.YEAR,
            "The income year used for identification (2011 for round 2); missing where it "
            "was not published (round 1).",
            "识别所用收入年份（第二轮为 2011 年）；未公布则为空（第一轮）。",
            optional=True,
        ),
        "note": Cell(Kind.TEXT, "Caveats. Default empty.", "说明。默认为空。"),
    },
    checks=("end must not be before start",),
)
"""The :class:`~shuangdao.model.Round` record."""

ADMIN_AREA: Final = RecordSchema(
    name="AdminArea",
    kind="admin area",
    id_field="area_id",
    en="A unit of the administrative hierarchy (province → city → county → township → "
    "village), linked to its parent by id.",
    zh="行政区划单元（省→市→县→乡镇→村），以编号关联上级。",
    fields={
        "area_id": Cell(Kind.ID, _ID_EN, _ID_ZH),
        "level": Cell(
            Kind.CHOICE,
            "Its administrative level.",
            "行政级别。",
            choices="AdminLevel",
        ),
        "name": Cell(Kind.TEXT, "Display name. Default empty.", "名称。默认为空。"),
        "parent_id": Cell(
            Kind.ID,
            "Id of the area one level up; missing exactly for a province.",
            "上一级区划编号；仅省级为空。",
            optional=True,
        ),
    },
    checks=("parent_id must be missing exactly for a province",),
)
"""The :class:`~shuangdao.model.AdminArea` record."""

RECORDS: Final[Mapping[str, RecordSchema]] = MappingProxyType(
    {
        s.name: s
        for s in (
            ADMIN_AREA,
            ASSISTING_UNIT,
            CADRE,
            HOUSEHOLD,
            MEASURE,
            PAIRING,
            PLAN,
            ROUND,
            VILLAGE,
            WORK_TEAM,
        )
    }
)
"""The schema of each JSON record type, by type name."""


# ---------------------------------------------------------------- tables


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
        return f"{base} {note}".strip()


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


_V = VILLAGE.fields
_H = HOUSEHOLD.fields

IDENTIFY_VILLAGES: Final = Contract(
    name="villages",
    file="villages",
    kind="village",
    id_column="village_id",
    en="The villages of a round (shuangdao identify/validate/explain, batch.identify).",
    zh="一轮的行政村（shuangdao identify/validate/explain、batch.identify）。",
    columns=(
        Column("village_id", _V["village_id"], _ALL, _ALL),
        Column(
            "per_capita_income",
            _V["per_capita_income"],
            _ALL,
            frozenset({2, 3}),
            en="Read in rounds 2 and 3 (the key-village and relatively-poor-village lines).",
            zh="第二、三轮读取（重点帮扶村与相对贫困村标准）。",
        ),
        Column(
            "collective_income",
            _V["collective_income"],
            _ALL,
            frozenset({2}),
            en="Read in round 2 (and round 1 when round1.village_selection_rule is "
            "collective_income_below).",
            zh="第二轮读取（第一轮在 round1.village_selection_rule 为 "
            "collective_income_below 时读取）。",
        ),
        Column(
            "designated",
            _V["designated"],
            frozenset({1}),
            frozenset({1}),
            en="Round 1: required unless round1.village_selection_rule is set.",
            zh="第一轮：除非设定 round1.village_selection_rule，否则必填。",
        ),
        Column(
            "registered_population",
            _V["registered_population"],
            frozenset({3}),
            frozenset({3}),
            en="Round 3: at least 1 (the share of relatively poor persons is computed from it).",
            zh="第三轮：至少为 1（用于计算相对贫困人口比例）。",
        ),
        Column(
            "county_id",
            _V["county_id"],
            en="Optional: summaries per county.",
            zh="可选：用于分县汇总。",
        ),
    ),
)
"""The villages table of ``identify``/``validate``/``explain`` and ``batch.identify``."""

IDENTIFY_HOUSEHOLDS: Final = Contract(
    name="households",
    file="households",
    kind="household",
    id_column="household_id",
    en="The households of a round (shuangdao identify/validate/explain, batch.identify).",
    zh="一轮的农户（shuangdao identify/validate/explain、batch.identify）。",
    columns=(
        Column("household_id", _H["household_id"], _ALL, _ALL),
        Column(
            "village_id",
            _H["village_id"],
            _ALL,
            _ALL,
            en="Must be a village of the villages table.",
            zh="须为村表中的村。",
        ),
        Column("members", _H["members"], _ALL, _ALL),
        Column("income", _H["income"], _ALL, _ALL),
        Column("has_labour_capacity", _H["has_labour_capacity"], _ALL, _ALL),
    ),
)
"""The households table of ``identify``/``validate``/``explain`` and ``batch.identify``."""

_U = ASSISTING_UNIT.fields
_C = CADRE.fields

UNITS: Final = Contract(
    name="units",
    file="units",
    kind="assisting unit",
    id_column="unit_id",
    en="Assisting units for pairing (shuangdao run with your own data).",
    zh="用于结对帮扶的帮扶单位（shuangdao run 使用自有数据时）。",
    columns=(
        Column("unit_id", _U["unit_id"], _ALL, _ALL),
        Column("kind", _U["kind"], _ALL, _ALL),
        Column("level", _U["level"], _ALL, _ALL),
        Column(
            "name",
            Cell(Kind.TEXT, "Name of the unit.", "单位名称。", optional=True),
            en="Default: the unit_id.",
            zh="默认为单位编号。",
        ),
        Column(
            "home_city_id",
            _U["city_id"],
            en="Also accepted as city_id.",
            zh="亦可写作 city_id。",
        ),
        Column("city_id", _U["city_id"], en="Same as home_city_id.", zh="同 home_city_id。"),
        Column("capacity_villages", _U["capacity_villages"]),
        Column("capacity_cadres", _U["capacity_cadres"]),
        Column(
            "county_id",
            Cell(
                Kind.ID,
                "County of a county-level unit (pairs scattered households of that county).",
                "县直单位所在县编号（用于结对该县分散贫困户）。",
                optional=True,
            ),
        ),
    ),
)
"""The assisting units table of ``run --units``."""

CADRES: Final = Contract(
    name="cadres",
    file="cadres",
    kind="cadre",
    id_column="cadre_id",
    en="Cadres of the assisting units (shuangdao run with your own data).",
    zh="帮扶单位的干部（shuangdao run 使用自有数据时）。",
    columns=(
        Column("cadre_id", _C["cadre_id"], _ALL, _ALL),
        Column("unit_id", _C["unit_id"], _ALL, _ALL),
        Column("name", Cell(Kind.TEXT, "Name.", "姓名。", optional=True)),
        Column("role", Cell(Kind.TEXT, "Role in words.", "职务。", optional=True)),
    ),
)
"""The cadres table of ``run --cadres``."""


def _target_columns(targets: Mapping[str, tuple[Cell, frozenset[int]]]) -> tuple[Column, ...]:
    """Optional columns of non-income targets (read in the rounds listed; never required)."""
    return tuple(
        Column(
            name,
            cell,
            en=f"Optional; read in round {', '.join(map(str, sorted(rounds)))}.",
            zh=f"可选；第{'、'.join(map(str, sorted(rounds)))}轮读取。",
        )
        for name, (cell, rounds) in targets.items()
    )


_YEAR_INCOME: Final = Cell(
    Kind.MONEY,
    "Total income of the household in that year, exact yuan (missing: not known that year).",
    "该年全户总收入（元，精确到分；为空表示该年未知）。",
    optional=True,
    unit="yuan",
)

EXIT_HOUSEHOLDS: Final = Contract(
    name="exit.households",
    file="households",
    kind="household",
    id_column="household_id",
    en="Households with an income per year (batch.exit_status).",
    zh="逐年收入的农户（batch.exit_status）。",
    columns=(
        Column("household_id", _H["household_id"], _ALL, _ALL),
        Column("members", _H["members"], _ALL, _ALL),
        Column("income", _YEAR_INCOME, per_year=True),
        *_target_columns(HOUSEHOLD_TARGET_CELLS),
    ),
)
"""The households table of ``batch.exit_status``."""

SETTLEMENT_HOUSEHOLDS: Final = Contract(
    name="settlement.households",
    file="households",
    kind="household",
    id_column="household_id",
    en="Households for the three-year settlement (batch.settlement).",
    zh="三年结硬帐的农户（batch.settlement）。",
    columns=(
        Column("household_id", _H["household_id"], _ALL, _ALL),
        Column("village_id", _H["village_id"], _ALL, _ALL),
        Column("members", _H["members"], _ALL, _ALL),
        Column(
            "has_labour_capacity",
            Cell(
                Kind.FLAG,
                _H["has_labour_capacity"].en,
                _H["has_labour_capacity"].zh,
                optional=True,
            ),
            value_rounds=frozenset({2, 3}),
            en="Rounds 2–3: only households with labour capacity are counted.",
            zh="第二、三轮：只统计有劳动能力的农户。",
        ),
        Column(
            "income",
            _YEAR_INCOME,
            per_year=True,
            value_rounds=_ALL,
            en="Required for every counted household in the settlement year.",
            zh="结算年份中每个计入农户必填。",
        ),
        *_target_columns(HOUSEHOLD_TARGET_CELLS),
    ),
)
"""The households table of ``batch.settlement``."""

_YEAR_COLLECTIVE: Final = Cell(
    Kind.MONEY,
    "Village collective income in that year, yuan.",
    "该年村集体经济收入（元）。",
    optional=True,
    unit="yuan",
)
_YEAR_PER_CAPITA: Final = Cell(
    Kind.MONEY,
    "Village per-capita income in that year, yuan.",
    "该年全村人均收入（元）。",
    optional=True,
    unit="yuan",
)

SETTLEMENT_VILLAGES: Final = Contract(
    name="settlement.villages",
    file="villages",
    kind="village",
    id_column="village_id",
    en="Villages for the three-year settlement (batch.settlement).",
    zh="三年结硬帐的村（batch.settlement）。",
    columns=(
        Column("village_id", _V["village_id"], _ALL, _ALL),
        Column("county_id", _V["county_id"]),
        Column(
            "collective_income",
            _YEAR_COLLECTIVE,
            per_year=True,
            value_rounds=frozenset({1, 2}),
        ),
        Column("per_capita_income", _YEAR_PER_CAPITA, per_year=True, value_rounds=frozenset({2})),
        *_target_columns(VILLAGE_TARGET_CELLS),
    ),
)
"""The villages table of ``batch.settlement``."""

CONTRACTS: Final[Mapping[str, Contract]] = MappingProxyType(
    {
        c.name: c
        for c in (
            IDENTIFY_VILLAGES,
            IDENTIFY_HOUSEHOLDS,
            UNITS,
            CADRES,
            EXIT_HOUSEHOLDS,
            SETTLEMENT_HOUSEHOLDS,
            SETTLEMENT_VILLAGES,
        )
    }
)
"""Every input table the readers take, by contract name."""

_COMMANDS: Final = {
    "identify": (("--villages", "villages"), ("--households", "households")),
    "validate": (("--villages", "villages"), ("--households", "households")),
    "explain": (("--villages", "villages"), ("--households", "households")),
    "run": (
        ("--villages", "villages"),
        ("--households", "households"),
        ("--units", "units"),
        ("--cadres", "cadres"),
    ),
}


def input_columns(command: str) -> tuple[tuple[str, Contract], ...]:
    """The input tables of a CLI command, each as ``(option, contract)``.

    Each contract's :attr:`~Contract.columns` give a column's name (:attr:`Column.label`),
    type (``column.cell.type_name(lang)``), when it is required
    (:meth:`Column.required_text`) and meaning (:meth:`Column.meaning`), in ``en`` or ``zh``.

    Raises:
        KeyError: ``command`` takes no input tables.

    Example:
        >>> [(option, c.name) for option, c in input_columns("identify")]
        [('--villages', 'villages'), ('--households', 'households')]
        >>> column = input_columns("identify")[1][1].column("members")
        >>> column.cell.type_name(), column.required_text()
        ('whole number >= 1', 'required')
    """
    return tuple((option, CONTRACTS[name]) for option, name in _COMMANDS[command])
