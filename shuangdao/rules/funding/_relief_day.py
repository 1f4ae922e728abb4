"""Guangdong Poverty Relief Day (广东扶贫济困日): 30 June every year, from 2010 (private)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

from attrs import frozen

from shuangdao.citations import Citation
from shuangdao.declare import declared
from shuangdao.errors import InvalidRecordError, InvalidTypeError, StandardsError
from shuangdao.standards import Param, Standards, default_standards
from shuangdao.standards.params import RegulationParams as R

__all__ = ["POVERTY_RELIEF_DAY", "AnnualDay", "poverty_relief_day"]


@frozen
class AnnualDay:
    """A day held every year from a first year on, declared once (the dates are parameters).

    Attributes:
        id: Stable id (the key of its month-and-day parameter).
        name_en: Its name in English.
        name_zh: Its name in Chinese.
        month_day: The parameter holding its month and day (``"06-30"``).
        since: The parameter holding the first year it was held.
        citation: The text that fixes it.
    """

    id: str
    name_en: str
    name_zh: str
    month_day: Param[Any]
    since: Param[int]
    citation: Citation

    @property
    def keys(self) -> tuple[str, ...]:
        """The parameters it reads."""
        return (str(self.month_day), str(self.since))

    def on(self, year: int, standards: Standards) -> dt.date:
        """The day in ``year`` (see :func:`poverty_relief_day`)."""
        if isinstance(year, bool) or not isinstance(year, int):
            raise InvalidTypeError("must be a year (an integer)", field="year", value=year)
        first: int = standards.value(self.since)
        if year < first:
            raise InvalidRecordError(
                f"is before {self.name_en} was first held, in {first} (parameter {self.since})",
                field="year",
                value=year,
                rule=self.id,
            )
        text: str = standards.value(self.month_day)
        try:
            month, day = (int(part) for part in text.split("-"))
            return dt.date(year, month, day)
        except ValueError:
            raise StandardsError(
                "must be a month and day 'MM-DD'", field=str(self.month_day), value=text
            ) from None


POVERTY_RELIEF_DAY: Final = AnnualDay(
    id=R.poverty_relief_day,
    name_en="Guangdong Poverty Relief Day",
    name_zh="广东扶贫济困日",
    # 每年六月三十日为广东扶贫济困日 (条例第六条); 2010年6月4日经国务院批准设立，当年首次举办.
    month_day=R.poverty_relief_day,
    since=R.poverty_relief_day_since,
    citation=Citation(("S14", "SOOLUN2010"), article="art. 6"),
)
"""Guangdong Poverty Relief Day (广东扶贫济困日, glossary ``POVERTY_RELIEF_DAY``): 30 June
every year (``regulation.poverty_relief_day``; regulation art. 6, S14), held from 2010
(``regulation.poverty_relief_day_since``: approved by the State Council on 2010-06-04, first
held that year). Read by :func:`poverty_relief_day`."""


@declared(reads=POVERTY_RELIEF_DAY.keys)
def poverty_relief_day(year: int, *, standards: Standards | None = None) -> dt.date:
    """The date of Guangdong Poverty Relief Day (广东扶贫济困日) in ``year``: 30 June.

    Governments organise campaigns and encourage donations on that day (art. 6 of the 2011
    regulation). The day predates the regulation: the State Council approved it on
    2010-06-04 and it was first held on 30 June 2010, so a year before 2010 is refused.
    Declared once as :data:`POVERTY_RELIEF_DAY`.

    Policy: S14 (regulation art. 6: 30 June every year); SOOLUN2010 (approved 2010-06-04,
    first held 2010).

    Raises:
        InvalidRecordError: ``year`` is before the day was first held.
        InvalidTypeError: ``year`` is not an integer.

    Example:
        >>> poverty_relief_day(2012)
        datetime.date(2012, 6, 30)
        >>> poverty_relief_day(2009)
        Traceback (most recent call last):
        ...
        shuangdao.errors.InvalidRecordError: year=2009 is before Guangdong Poverty Relief Day was first held, in 2010 (parameter regulation.poverty_relief_day_since) (rule regulation.poverty_relief_day)
    """  # noqa: E501 - a doctest's expected output is one line
    return POVERTY_RELIEF_DAY.on(year, default_standards() if standards is None else standards)
