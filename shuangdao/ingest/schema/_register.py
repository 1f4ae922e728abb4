"""The register: households and villages, with their non-income targets.

:data:`HOUSEHOLD` and :data:`VILLAGE` are the records every round identifies;
:data:`HOUSEHOLD_TARGET_CELLS` and :data:`VILLAGE_TARGET_CELLS` their optional non-income
targets of exit (missing: not assessed), with the rounds that read each.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from shuangdao.ingest.schema._cell import _ID_EN, _ID_ZH, Cell, Kind, RecordSchema

__all__ = [
    "HOUSEHOLD",
    "HOUSEHOLD_TARGET_CELLS",
    "VILLAGE",
    "VILLAGE_TARGET_CELLS",
]

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
