"""The input tables the readers take: one :class:`Contract` per table.

The villages and households of identification (``identify``/``validate``/``explain`` and
:func:`shuangdao.batch.identify`), the assisting units and cadres of ``run``, and the
households and villages of exit and the settlement; :func:`input_columns` gives a CLI
command's tables.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from shuangdao.ingest.schema._assistance import ASSISTING_UNIT, CADRE
from shuangdao.ingest.schema._cell import _ALL, Cell, Column, Contract, Kind
from shuangdao.ingest.schema._register import (
    HOUSEHOLD,
    HOUSEHOLD_TARGET_CELLS,
    VILLAGE,
    VILLAGE_TARGET_CELLS,
)

__all__ = [
    "CADRES",
    "CONTRACTS",
    "EXIT_HOUSEHOLDS",
    "IDENTIFY_HOUSEHOLDS",
    "IDENTIFY_VILLAGES",
    "SETTLEMENT_HOUSEHOLDS",
    "SETTLEMENT_VILLAGES",
    "UNITS",
    "input_columns",
]

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
