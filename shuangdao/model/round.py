"""Rounds of the 双到 programme (a round is a multi-year campaign with its own standards)."""

from __future__ import annotations

import datetime as dt

from attrs import field, frozen

from shuangdao.errors import InvalidRecordError
from shuangdao.model._base import at_least, convert_enum, date, model, text, year
from shuangdao.model.village import IncomeMeasure

__all__ = ["Round"]


def _income_measure(value: object) -> IncomeMeasure:
    """Convert ``income_measure`` (errors name the field)."""
    return convert_enum(IncomeMeasure, value, "income_measure")


@model("round", "number")
@frozen
class Round:
    """One round of the programme and where its standards live.

    Attributes:
        number: 1, 2 or 3 (later rounds may be added as data).
        name_zh: Chinese name (第一轮扶贫“双到”).
        name_en: English name.
        start: First day of the round (inclusive).
        end: Last day of the round (inclusive), before any follow-up.
        reference_year: The income year used for identification (2011 for round 2), or
            ``None`` where it was not published (round 1).
        income_measure: Net or disposable income.
        standards_ref: Key prefix of its parameters in the standards (``"round2"``).
        note: Caveats (e.g. the round-1 pilot year).
    """

    number: int = field(validator=at_least(1))
    name_zh: str = field(validator=text)
    name_en: str = field(validator=text)
    start: dt.date = field(validator=date)
    end: dt.date = field(validator=date)
    income_measure: IncomeMeasure = field(converter=_income_measure)
    standards_ref: str = field(validator=text)
    reference_year: int | None = field(default=None, validator=year)
    note: str = field(default="", validator=text)

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise InvalidRecordError(
                f"must not be before start {self.start.isoformat()}", field="end", value=self.end
            )

    @property
    def years(self) -> tuple[int, ...]:
        """The calendar years the round spans."""
        return tuple(range(self.start.year, self.end.year + 1))

    def contains(self, on: dt.date) -> bool:
        """Whether ``on`` falls within the round (inclusive)."""
        return self.start <= on <= self.end
