"""Plans (规划到户 / 一村一策、一户一法): a plan for each household and village, with measures."""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal
from typing import cast

from attrs import field, frozen

from shuangdao.errors import InvalidRecordError
from shuangdao.ingest.schema import MEASURE as _M
from shuangdao.ingest.schema import PLAN as _P
from shuangdao.model.assistance import PartyKind
from shuangdao.model.fields import model

__all__ = ["Measure", "MeasureKind", "Plan"]


class MeasureKind(enum.Enum):
    """The catalogue of assistance measures (S3, S4: industry, technology, infrastructure...)."""

    INDUSTRY = "industry"
    """产业扶持 (farming, processing, collective-economy projects)."""
    EMPLOYMENT_TRAINING = "employment_training"
    """技能培训、转移就业 (training; labour transfer — 双转移)."""
    EDUCATION = "education"
    """教育 (children stay in school; subsidies)."""
    HOUSING = "housing"
    """住房改造 (rebuilding dilapidated housing)."""
    INFRASTRUCTURE = "infrastructure"
    """基础设施 (roads, water, power)."""
    SOCIAL_SECURITY = "social_security"
    """社会保障 (低保, NCMS, rural pension)."""
    HEALTH = "health"
    """医疗 (medical assistance)."""
    RELOCATION = "relocation"
    """易地搬迁 (relocation from places unfit to live)."""
    TECHNOLOGY = "technology"
    """科技 (farming technology)."""
    OTHER = "other"
    """其他."""


def _m_kind(value: object) -> MeasureKind:
    return cast("MeasureKind", _M.parse("kind", value))


def _m_description(value: object) -> str:
    return cast("str", _M.parse("description", value))


def _m_amount(value: object) -> Decimal | None:
    return cast("Decimal | None", _M.parse("amount", value))


def _m_target_year(value: object) -> int | None:
    return cast("int | None", _M.parse("target_year", value))


def _p_plan_id(value: object) -> str:
    return cast("str", _P.parse("plan_id", value))


def _p_subject_kind(value: object) -> PartyKind:
    return cast("PartyKind", _P.parse("subject_kind", value))


def _p_subject_id(value: object) -> str:
    return cast("str", _P.parse("subject_id", value))


def _p_measures(value: object) -> tuple[Measure, ...]:
    return cast("tuple[Measure, ...]", _P.parse("measures", value))


def _p_target_year(value: object) -> int:
    return cast("int", _P.parse("target_year", value))


def _p_made_on(value: object) -> dt.date | None:
    return cast("dt.date | None", _P.parse("made_on", value))


def _p_author_id(value: object) -> str | None:
    return cast("str | None", _P.parse("author_id", value))


@model("measure", "description")
@frozen
class Measure:
    """One measure of a plan.

    Attributes:
        kind: From the :class:`MeasureKind` catalogue.
        description: What is to be done.
        amount: Planned funds in yuan, if known.
        target_year: Year by which it should be done.
    """

    kind: MeasureKind = field(converter=_m_kind)
    description: str = field(default="", converter=_m_description)
    amount: Decimal | None = field(default=None, converter=_m_amount)
    target_year: int | None = field(default=None, converter=_m_target_year)


@model("plan", "plan_id")
@frozen
class Plan:
    """A household plan (一户一法) or village plan (一村一策).

    Attributes:
        plan_id: Stable id.
        subject_kind: ``household`` or ``village``.
        subject_id: The household or village id.
        measures: At least one :class:`Measure`.
        target_year: The year the plan aims to be met (exit year).
        made_on: Date the plan was made.
        author_id: The unit or cadre who made it.
    """

    plan_id: str = field(converter=_p_plan_id)
    subject_kind: PartyKind = field(converter=_p_subject_kind)
    subject_id: str = field(converter=_p_subject_id)
    measures: tuple[Measure, ...] = field(converter=_p_measures)
    target_year: int = field(converter=_p_target_year)
    made_on: dt.date | None = field(default=None, converter=_p_made_on)
    author_id: str | None = field(default=None, converter=_p_author_id)

    def __attrs_post_init__(self) -> None:
        for measure in self.measures:
            if not isinstance(measure, Measure):
                raise InvalidRecordError(
                    "must hold Measure objects", field="measures", value=measure
                )
