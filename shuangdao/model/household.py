"""Households (农户) and the facts the identification and exit rules read about them."""

from __future__ import annotations

from decimal import Decimal

from attrs import field, frozen

from shuangdao.model._base import (
    at_least,
    convert_enum,
    identifier,
    model,
    of_type,
    optional_of_type,
    year,
)
from shuangdao.model.village import IncomeMeasure
from shuangdao.quantities import money

__all__ = ["Household"]


def _income(value: object) -> Decimal:
    """Convert ``income`` (errors name the field)."""
    return money(value, field="income")


def _income_measure(value: object) -> IncomeMeasure:
    """Convert ``income_measure`` (errors name the field)."""
    return convert_enum(IncomeMeasure, value, "income_measure")


@model("household", "household_id")
@frozen
class Household:
    """A rural household. Income is the household's **total** annual income in yuan.

    Per-capita income is ``income / members``; rules never divide, they compare
    ``income`` with ``line × members`` (see :func:`shuangdao.compare_per_capita`).

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

    household_id: str = field(validator=identifier)
    village_id: str = field(validator=identifier)
    members: int = field(validator=at_least(1))
    income: Decimal = field(converter=_income)
    has_labour_capacity: bool = field(validator=of_type(bool, "a boolean"))
    income_measure: IncomeMeasure = field(default=IncomeMeasure.NET, converter=_income_measure)
    income_year: int | None = field(default=None, validator=year)
    willing_to_work: bool | None = field(
        default=None, validator=optional_of_type(bool, "a boolean")
    )
    dibao: bool = field(default=False, validator=of_type(bool, "a boolean"))
