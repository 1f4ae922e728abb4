"""Who assists whom, and how: assisting units, cadres, work teams, pairings and plans."""

from __future__ import annotations

from typing import Final

from shuangdao.ingest.schema._cell import _ID_EN, _ID_ZH, Cell, Kind, RecordSchema

__all__ = [
    "ASSISTING_UNIT",
    "CADRE",
    "MEASURE",
    "PAIRING",
    "PLAN",
    "WORK_TEAM",
]

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
