"""Round 2's key counties (重点县) and the indicators their targets are decided on.

Plain records, validated when built, with no policy logic: the list of the 21 counties is cited
data (``round2.key_counties``) and the targets are declared in
:mod:`shuangdao.rules.key_counties`.

.. versionadded:: 0.2.0 (issue 15)
"""

from __future__ import annotations

from decimal import Decimal

from attrs import field, frozen

from shuangdao.errors import InvalidRecordError, InvalidTypeError
from shuangdao.ingest import YEAR_RANGE
from shuangdao.model.fields import identifier, model, text
from shuangdao.quantities import money

__all__ = ["CountyIndicators", "KeyCounty"]


@frozen
class KeyCounty:
    """One of round 2's 21 key counties, as S1 lists them.

    Attributes:
        id: The project's id (the pinyin in lower case, ``"liannan"``).
        zh: The name as S1 writes it (``"连南"``).
        pinyin: The name in pinyin (``"Liannan"``).
        en: The English name with its administrative kind (``"Liannan Yao Autonomous
            County"``).
    """

    id: str = field(validator=identifier)
    zh: str = field(validator=text)
    pinyin: str = field(validator=text)
    en: str = field(validator=text)


def _rate(value: object) -> Decimal:
    """An exact growth rate (a fraction: 0.1234 is 12.34 %), of any sign."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        raise InvalidTypeError(
            "must be an exact number (Decimal, int or decimal text)", value=value
        )
    try:
        number = Decimal(value.strip() if isinstance(value, str) else value)
    except ArithmeticError:
        raise InvalidRecordError("is not a number", value=value) from None
    if not number.is_finite():
        raise InvalidRecordError("must be finite", value=value)
    return number


def _gdp_growth(value: object) -> Decimal:
    """Convert ``per_capita_gdp_growth``."""
    try:
        return _rate(value)
    except (InvalidRecordError, InvalidTypeError) as error:
        raise type(error)(error.detail, field="per_capita_gdp_growth", value=value) from None


def _provincial_growth(value: object) -> Decimal:
    """Convert ``provincial_per_capita_gdp_growth``."""
    try:
        return _rate(value)
    except (InvalidRecordError, InvalidTypeError) as error:
        raise type(error)(
            error.detail, field="provincial_per_capita_gdp_growth", value=value
        ) from None


def _farmers_income(value: object) -> Decimal:
    """Convert ``farmers_income``."""
    return money(value, field="farmers_income")


@model("county", "county_id")
@frozen(kw_only=True)
class CountyIndicators:
    """A key county's figures for one year: what its round-2 targets are decided on (S1).

    Attributes:
        county_id: The county (a :class:`KeyCounty` id, or your own).
        year: The year of the figures.
        per_capita_gdp_growth: The county's per-capita GDP growth that year, as a fraction
            (``"0.1234"`` for 12.34 %; at most 4 decimals are compared).
        provincial_per_capita_gdp_growth: The province's average per-capita GDP growth that
            year, likewise.
        farmers_income: Farmers' per-capita net income in the county that year, exact yuan.

    Example:
        >>> c = CountyIndicators(county_id="liannan", year=2015, per_capita_gdp_growth="0.09",
        ...                      provincial_per_capita_gdp_growth="0.075",
        ...                      farmers_income="10500")
        >>> c.per_capita_gdp_growth, c.farmers_income
        (Decimal('0.09'), Decimal('10500.00'))
    """

    county_id: str = field(validator=identifier)
    year: int = field()
    per_capita_gdp_growth: Decimal = field(converter=_gdp_growth)
    provincial_per_capita_gdp_growth: Decimal = field(converter=_provincial_growth)
    farmers_income: Decimal = field(converter=_farmers_income)

    @year.validator
    def _check_year(self, _attribute: object, value: object) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidTypeError("must be a year (int)", field="year", value=value)
        first, last = YEAR_RANGE
        if not first <= value <= last:
            raise InvalidRecordError(f"must be a year between {first} and {last}", field="year")
