"""Plans (规划到户 / 一村一策、一户一法): a plan for each household and village, with measures."""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal

from attrs import field, frozen

from shuangdao.errors import InvalidRecordError
from shuangdao.model._base import (
    as_iterable,
    convert_enum,
    identifier,
    model,
    of_type,
    optional_date,
    optional_identifier,
    text,
    year,
)
from shuangdao.model.assistance import PartyKind
from shuangdao.quantities import money

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


def _measure_kind(value: object) -> MeasureKind:
    """Convert ``kind`` (errors name the field)."""
    return convert_enum(MeasureKind, value, "kind")


def _amount(value: object) -> Decimal | None:
    """Convert ``amount`` (errors name the field)."""
    return None if value is None else money(value, field="amount")


def _subject_kind(value: object) -> PartyKind:
    """Convert ``subject_kind`` (errors name the field)."""
    return convert_enum(PartyKind, value, "subject_kind")


def _measures(value: object) -> tuple[Measure, ...]:
    """Convert ``measures`` (errors name the field)."""
    return tuple(as_iterable(value, "measures"))  # type: ignore[arg-type]


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

    kind: MeasureKind = field(converter=_measure_kind)
    description: str = field(default="", validator=text)
    amount: Decimal | None = field(default=None, converter=_amount)
    target_year: int | None = field(default=None, validator=year)


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

    plan_id: str = field(validator=identifier)
    subject_kind: PartyKind = field(converter=_subject_kind)
    subject_id: str = field(validator=identifier)
    measures: tuple[Measure, ...] = field(converter=_measures)
    target_year: int = field(validator=[of_type(int, "a year"), year])
    made_on: dt.date | None = field(default=None, validator=optional_date)
    author_id: str | None = field(default=None, validator=optional_identifier)

    def __attrs_post_init__(self) -> None:
        if self.subject_kind not in (PartyKind.HOUSEHOLD, PartyKind.VILLAGE):
            raise InvalidRecordError(
                "must be household or village",
                field="subject_kind",
                value=self.subject_kind.value,
            )
        if not self.measures:
            raise InvalidRecordError(
                "must hold at least one measure", field="measures", value=self.measures
            )
        for measure in self.measures:
            if not isinstance(measure, Measure):
                raise InvalidRecordError(
                    "must hold Measure objects", field="measures", value=measure
                )
