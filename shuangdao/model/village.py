"""Villages (行政村) and the facts the identification rules read about them."""

from __future__ import annotations

import enum
from decimal import Decimal
from typing import cast

from attrs import field, frozen

from shuangdao.ingest.schema import VILLAGE as _S
from shuangdao.model.fields import model

__all__ = ["IncomeMeasure", "SpecialArea", "Village"]


class IncomeMeasure(enum.Enum):
    """Which statistical income an amount is (the caliber changed in 2014).

    Rounds 1–2 use per-capita **net** income (农民人均纯收入); round 3 uses per-capita
    **disposable** income (农村居民人均可支配收入) at 2014 constant prices.
    """

    NET = "net"
    """农民人均纯收入 (to 2013)."""
    DISPOSABLE = "disposable"
    """农村居民人均可支配收入 (from 2014)."""


class SpecialArea(enum.Enum):
    """Areas that come first among otherwise equal relatively poor villages (round 3, S19)."""

    OLD_REVOLUTIONARY_BASE = "old_revolutionary_base"
    """老区 (old revolutionary base area)."""
    MINORITY_AREA = "minority_area"
    """少数民族地区."""
    LIMESTONE_AREA = "limestone_area"
    """石灰岩地区."""
    RESERVOIR_RESETTLEMENT = "reservoir_resettlement"
    """省属水库移民区 (provincial reservoir-resettlement area)."""

    @property
    def zh(self) -> str:
        """Chinese name (老区, 少数民族地区, 石灰岩地区, 省属水库移民区)."""
        return _SPECIAL_AREA_ZH[self]


_SPECIAL_AREA_ZH = {
    SpecialArea.OLD_REVOLUTIONARY_BASE: "老区",
    SpecialArea.MINORITY_AREA: "少数民族地区",
    SpecialArea.LIMESTONE_AREA: "石灰岩地区",
    SpecialArea.RESERVOIR_RESETTLEMENT: "省属水库移民区",
}


def _s_village_id(value: object) -> str:
    return cast("str", _S.parse("village_id", value))


def _s_per_capita_income(value: object) -> Decimal | None:
    return cast("Decimal | None", _S.parse("per_capita_income", value))


def _s_collective_income(value: object) -> Decimal | None:
    return cast("Decimal | None", _S.parse("collective_income", value))


def _s_registered_population(value: object) -> int | None:
    return cast("int | None", _S.parse("registered_population", value))


def _s_income_measure(value: object) -> IncomeMeasure:
    return cast("IncomeMeasure", _S.parse("income_measure", value))


def _s_income_year(value: object) -> int | None:
    return cast("int | None", _S.parse("income_year", value))


def _s_designated(value: object) -> bool | None:
    return cast("bool | None", _S.parse("designated", value))


def _s_dilapidated_housing_share(value: object) -> Decimal | None:
    return cast("Decimal | None", _S.parse("dilapidated_housing_share", value))


def _s_special_areas(value: object) -> frozenset[SpecialArea]:
    return cast("frozenset[SpecialArea]", _S.parse("special_areas", value))


def _s_township_id(value: object) -> str | None:
    return cast("str | None", _S.parse("township_id", value))


def _s_county_id(value: object) -> str | None:
    return cast("str | None", _S.parse("county_id", value))


def _s_city_id(value: object) -> str | None:
    return cast("str | None", _S.parse("city_id", value))


def _s_name(value: object) -> str:
    return cast("str", _S.parse("name", value))


def _s_basic_infrastructure_in_place(value: object) -> bool | None:
    return cast("bool | None", _S.parse("basic_infrastructure_in_place", value))


def _s_democratic_management_sound(value: object) -> bool | None:
    return cast("bool | None", _S.parse("democratic_management_sound", value))


@model("village", "village_id")
@frozen
class Village:
    """An administrative village and the facts rules read about it. No policy logic.

    Attributes:
        village_id: Stable id (string).
        per_capita_income: Village per-capita income in yuan (net or disposable, see
            ``income_measure``), or ``None`` if unknown.
        collective_income: Village collective income (村集体经济收入) in yuan per year.
        registered_population: Registered (户籍) population, persons.
        income_measure: Whether incomes are net or disposable.
        income_year: The year the incomes refer to (e.g. 2011 for round 2).
        designated: Round 1 only: designated poor village (贫困村). The selection rule was
            never published, so this is an input.
        dilapidated_housing_share: Share of households in dilapidated mud-brick or thatched
            houses (round-3 priority flag).
        special_areas: Round-3 priority areas the village lies in.
        township_id: Township (乡镇) id.
        county_id: County (县) id.
        city_id: Prefecture-level city (地级市) id.
        name: Display name.
        basic_infrastructure_in_place: Round 2 village target (S1): basic infrastructure in
            place; ``None`` if not known (reported as not assessed).
        democratic_management_sound: Round 2 village target (S1): sound democratic
            management; ``None`` if not known.

    .. versionchanged:: 0.2.0 the non-income village targets added (issue 15).

    Example:
        >>> v = Village(village_id="v1", per_capita_income="5622.99", collective_income=29999)
        >>> v.per_capita_income, v.collective_income
        (Decimal('5622.99'), Decimal('29999.00'))
    """

    village_id: str = field(converter=_s_village_id)
    per_capita_income: Decimal | None = field(default=None, converter=_s_per_capita_income)
    collective_income: Decimal | None = field(default=None, converter=_s_collective_income)
    registered_population: int | None = field(default=None, converter=_s_registered_population)
    income_measure: IncomeMeasure = field(default=IncomeMeasure.NET, converter=_s_income_measure)
    income_year: int | None = field(default=None, converter=_s_income_year)
    designated: bool | None = field(default=None, converter=_s_designated)
    dilapidated_housing_share: Decimal | None = field(
        default=None, converter=_s_dilapidated_housing_share
    )
    special_areas: frozenset[SpecialArea] = field(default=frozenset(), converter=_s_special_areas)
    township_id: str | None = field(default=None, converter=_s_township_id)
    county_id: str | None = field(default=None, converter=_s_county_id)
    city_id: str | None = field(default=None, converter=_s_city_id)
    name: str = field(default="", converter=_s_name)
    basic_infrastructure_in_place: bool | None = field(
        default=None, converter=_s_basic_infrastructure_in_place
    )
    democratic_management_sound: bool | None = field(
        default=None, converter=_s_democratic_management_sound
    )
