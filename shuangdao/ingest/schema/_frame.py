"""The frame of the work: rounds and the administrative areas (village → province)."""

from __future__ import annotations

from typing import Final

from shuangdao.ingest.schema._cell import _ID_EN, _ID_ZH, Cell, Kind, RecordSchema

__all__ = [
    "ADMIN_AREA",
    "ROUND",
]

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
