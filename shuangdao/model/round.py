"""Rounds of the 双到 programme (a round is a multi-year campaign with its own standards)."""

from __future__ import annotations

import datetime as dt
from typing import cast

from attrs import field, frozen

from shuangdao.errors import InvalidRecordError
from shuangdao.ingest.schema import ROUND as _S
from shuangdao.model.fields import model
from shuangdao.model.village import IncomeMeasure

__all__ = ["Round"]


def _s_number(value: object) -> int:
    return cast("int", _S.parse("number", value))


def _s_name_zh(value: object) -> str:
    return cast("str", _S.parse("name_zh", value))


def _s_name_en(value: object) -> str:
    return cast("str", _S.parse("name_en", value))


def _s_start(value: object) -> dt.date:
    return cast("dt.date", _S.parse("start", value))


def _s_end(value: object) -> dt.date:
    return cast("dt.date", _S.parse("end", value))


def _s_income_measure(value: object) -> IncomeMeasure:
    return cast("IncomeMeasure", _S.parse("income_measure", value))


def _s_standards_ref(value: object) -> str:
    return cast("str", _S.parse("standards_ref", value))


def _s_reference_year(value: object) -> int | None:
    return cast("int | None", _S.parse("reference_year", value))


def _s_note(value: object) -> str:
    return cast("str", _S.parse("note", value))


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

    number: int = field(converter=_s_number)
    name_zh: str = field(converter=_s_name_zh)
    name_en: str = field(converter=_s_name_en)
    start: dt.date = field(converter=_s_start)
    end: dt.date = field(converter=_s_end)
    income_measure: IncomeMeasure = field(converter=_s_income_measure)
    standards_ref: str = field(converter=_s_standards_ref)
    reference_year: int | None = field(default=None, converter=_s_reference_year)
    note: str = field(default="", converter=_s_note)

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
