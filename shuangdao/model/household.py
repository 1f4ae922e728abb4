"""Households (农户) and the facts the identification and exit rules read about them."""

from __future__ import annotations

import enum
from decimal import Decimal
from typing import cast

from attrs import field, frozen

from shuangdao.ingest.schema import HOUSEHOLD as _S
from shuangdao.model.fields import model
from shuangdao.model.village import IncomeMeasure

__all__ = ["Household", "HouseholdClass"]


class HouseholdClass(enum.Enum):
    """Round 1's two classes of poor household (S5).

    Rural 低保 was to cover every household below 1200 yuan: those are welfare households; the
    other poor households are development households, helped to raise their own income.
    """

    WELFARE = "welfare"
    """低保户: below the welfare line (``round1.welfare_line``), covered by rural 低保."""
    DEVELOPMENT = "development"
    """开发式扶贫户: a poor household at or above the welfare line."""

    @property
    def zh(self) -> str:
        """Chinese name (低保户, 开发式扶贫户)."""
        return "低保户" if self is HouseholdClass.WELFARE else "开发式扶贫户"


def _s_household_id(value: object) -> str:
    return cast("str", _S.parse("household_id", value))


def _s_village_id(value: object) -> str:
    return cast("str", _S.parse("village_id", value))


def _s_members(value: object) -> int:
    return cast("int", _S.parse("members", value))


def _s_income(value: object) -> Decimal:
    return cast("Decimal", _S.parse("income", value))


def _s_has_labour_capacity(value: object) -> bool:
    return cast("bool", _S.parse("has_labour_capacity", value))


def _s_income_measure(value: object) -> IncomeMeasure:
    return cast("IncomeMeasure", _S.parse("income_measure", value))


def _s_income_year(value: object) -> int | None:
    return cast("int | None", _S.parse("income_year", value))


def _s_willing_to_work(value: object) -> bool | None:
    return cast("bool | None", _S.parse("willing_to_work", value))


def _s_dibao(value: object) -> bool:
    return cast("bool", _S.parse("dibao", value))


def _s_all_in_ncms(value: object) -> bool | None:
    return cast("bool | None", _S.parse("all_in_ncms", value))


def _s_all_in_rural_pension(value: object) -> bool | None:
    return cast("bool | None", _S.parse("all_in_rural_pension", value))


def _s_eligible_in_dibao(value: object) -> bool | None:
    return cast("bool | None", _S.parse("eligible_in_dibao", value))


def _s_housing_rebuilt_or_relocated(value: object) -> bool | None:
    return cast("bool | None", _S.parse("housing_rebuilt_or_relocated", value))


def _s_food_and_clothing_secure(value: object) -> bool | None:
    return cast("bool | None", _S.parse("food_and_clothing_secure", value))


def _s_compulsory_education_secured(value: object) -> bool | None:
    return cast("bool | None", _S.parse("compulsory_education_secured", value))


def _s_basic_medical_care_secured(value: object) -> bool | None:
    return cast("bool | None", _S.parse("basic_medical_care_secured", value))


def _s_safe_housing_secured(value: object) -> bool | None:
    return cast("bool | None", _S.parse("safe_housing_secured", value))


@model("household", "household_id")
@frozen
class Household:
    """A rural household. Income is the household's **total** annual income in yuan.

    Per-capita income is ``income / members``; rules never divide, they compare
    ``income`` with ``line × members`` (see :func:`shuangdao.quantities.compare_per_capita`).

    Every field is read with the input grammar (:mod:`shuangdao.ingest`), exactly as a CSV
    cell, a table value or a JSON value would be: ``members="4"`` is 4,
    ``has_labour_capacity="no"`` is False, ``income=" 12371.99 "`` is exact yuan.

    Attributes:
        household_id: Stable id (string).
        village_id: The village it is registered in.
        members: Number of persons (>= 1).
        income: Total annual income, exact yuan (net or disposable, see ``income_measure``).
        has_labour_capacity: 有劳动能力: at least one member able to work (round 2 and the
            2011 regulation require it).
        income_measure: Net (rounds 1–2) or disposable (round 3).
        income_year: The year the income refers to.
        willing_to_work: 有劳动意愿 (2011 regulation art. 8); ``None`` if not recorded.
        dibao: Receives the rural minimum living guarantee (低保).
        all_in_ncms: Round 2 target (S1): every member in the new rural cooperative medical
            scheme; ``None`` if not known (the exit decision reports it as not assessed).
        all_in_rural_pension: Round 2 target (S1): every member in the new rural pension.
        eligible_in_dibao: Round 2 target (S1): every eligible member covered by 低保.
        housing_rebuilt_or_relocated: Round 2 target (S1): housing rebuilt or relocated.
        food_and_clothing_secure: Round 3 target (S21): 不愁吃、不愁穿.
        compulsory_education_secured: Round 3 target (S21): 义务教育有保障.
        basic_medical_care_secured: Round 3 target (S21): 基本医疗有保障.
        safe_housing_secured: Round 3 target (S21): 住房安全有保障.

    .. versionchanged:: 0.2.0 the non-income targets added (issue 15).

    Example:
        >>> h = Household(household_id="h1", village_id="v1", members=4, income="12371.99",
        ...               has_labour_capacity=True)
        >>> h.income
        Decimal('12371.99')
    """

    household_id: str = field(converter=_s_household_id)
    village_id: str = field(converter=_s_village_id)
    members: int = field(converter=_s_members)
    income: Decimal = field(converter=_s_income)
    has_labour_capacity: bool = field(converter=_s_has_labour_capacity)
    income_measure: IncomeMeasure = field(default=IncomeMeasure.NET, converter=_s_income_measure)
    income_year: int | None = field(default=None, converter=_s_income_year)
    willing_to_work: bool | None = field(default=None, converter=_s_willing_to_work)
    dibao: bool = field(default=False, converter=_s_dibao)
    all_in_ncms: bool | None = field(default=None, converter=_s_all_in_ncms)
    all_in_rural_pension: bool | None = field(default=None, converter=_s_all_in_rural_pension)
    eligible_in_dibao: bool | None = field(default=None, converter=_s_eligible_in_dibao)
    housing_rebuilt_or_relocated: bool | None = field(
        default=None, converter=_s_housing_rebuilt_or_relocated
    )
    food_and_clothing_secure: bool | None = field(
        default=None, converter=_s_food_and_clothing_secure
    )
    compulsory_education_secured: bool | None = field(
        default=None, converter=_s_compulsory_education_secured
    )
    basic_medical_care_secured: bool | None = field(
        default=None, converter=_s_basic_medical_care_secured
    )
    safe_housing_secured: bool | None = field(default=None, converter=_s_safe_housing_secured)
