"""Households (农户) and the facts the identification and exit rules read about them."""

from __future__ import annotations

from decimal import Decimal
from typing import cast

from attrs import field, frozen

from shuangdao.ingest.schema import HOUSEHOLD as _S
from shuangdao.model.fields import model
from shuangdao.model.village import IncomeMeasure

__all__ = ["Household"]


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
