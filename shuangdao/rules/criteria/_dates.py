"""Dates: a deadline (:class:`DueBy`), a programme's years (:class:`YearWithin`) (private)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from attrs import frozen

from shuangdao.citations import Citation
from shuangdao.declare import Env, Resolved, resolve_param, weakest
from shuangdao.errors import (
    InvalidRecordError,
    StandardsError,
)
from shuangdao.explain import Reason
from shuangdao.quantities import Comparator
from shuangdao.rules.criteria._common import (
    Columns,
    Values,
    array_of,
    count_of,
    flag_of,
)
from shuangdao.standards import Param

if TYPE_CHECKING:
    import numpy as np


__all__ = [
    "BoundDueBy",
    "BoundYearWithin",
    "DueBy",
    "YearWithin",
]


# ------------------------------------------------------------------------------- DueBy
def month_day_of(text: str, key: str) -> tuple[int, int]:
    try:
        month, day = (int(part) for part in text.split("-"))
        dt.date(2000, month, day)
    except ValueError:
        raise StandardsError("must be a month and day 'MM-DD'", field=key, value=text) from None
    return month, day


@frozen
class DueBy:
    """The day checked is not after the deadline of a target year (a plan is not overdue).

    The deadline is the parameter's month and day of the target year (``12-31``: a plan for
    year Y is due by 31 December Y). Bound on the day checked (``Rule.bind(..., on=day)``).
    The reason reports the year checked against the target year.

    Args:
        name: The criterion's code.
        target_year: The target year (integers).
        due: The parameter holding the deadline's month and day (``"12-31"``).
        label_en: What is compared.
        label_zh: The same in Chinese.
        applies: A boolean input; where false (no plan) the criterion holds.
        absent_en: The note where nothing is checked.
        absent_zh: The same in Chinese.
    """

    name: str
    target_year: str
    due: Param[Any]
    label_en: str
    label_zh: str
    applies: str | None = None
    absent_en: str = "nothing to check"
    absent_zh: str = "无需核查"

    @property
    def inputs(self) -> tuple[str, ...]:
        """The target year, then the switch input."""
        return (self.target_year,) if self.applies is None else (self.applies, self.target_year)

    @property
    def keys(self) -> tuple[str, ...]:
        """The deadline's month and day."""
        return (str(self.due),)

    def bind(self, env: Env) -> BoundDueBy:
        """Read the deadline.

        Raises:
            InvalidRecordError: The rule was not bound on a day.
        """
        if env.on is None:
            raise InvalidRecordError("is needed: the day checked", field="on", rule=str(self.due))
        due = resolve_param(self.due, env)
        return BoundDueBy(self, due, month_day_of(due.value, due.key), env.on)


class BoundDueBy:
    """A :class:`DueBy` under one standards object, on one day."""

    __slots__ = ("absent", "certainty", "criterion", "due", "month_day", "name", "on", "rests_on")

    def __init__(
        self, criterion: DueBy, due: Resolved, month_day: tuple[int, int], on: dt.date
    ) -> None:
        self.criterion = criterion
        self.name = criterion.name
        self.due = due
        self.month_day = month_day
        self.on = on
        self.certainty, self.rests_on = weakest(due)
        self.absent: Reason | None = None

    def holds(self, target_year: int) -> bool:
        """Whether the day bound is on or before the deadline of ``target_year``."""
        month, day = self.month_day
        return target_year > self.on.year or (
            target_year == self.on.year and (self.on.month, self.on.day) <= (month, day)
        )

    def reason(self, values: Values, subject_id: str) -> Reason:
        """One record."""
        c = self.criterion
        month, day = self.month_day
        deadline_en = f"due by {month:02d}-{day:02d} of the target year"
        if c.applies is not None and not flag_of(values, c.applies, subject_id):
            if self.absent is None:  # the same reason for every record with nothing to check
                self.absent = Reason(
                    criterion=c.name,
                    holds=True,
                    label_en=c.label_en,
                    label_zh=c.label_zh,
                    citation=self.due.citation,
                    parameter=self.due.key,
                    note_en=c.absent_en,
                    note_zh=c.absent_zh,
                    certainty=self.certainty,
                    rests_on=self.rests_on,
                )
            return self.absent
        target = count_of(values, c.target_year, subject_id)
        return Reason(
            criterion=c.name,
            holds=self.holds(target),
            label_en=c.label_en,
            label_zh=c.label_zh,
            citation=self.due.citation,
            observed=self.on.year,
            threshold=target,
            comparator=Comparator.LE,
            unit="",
            parameter=self.due.key,
            note_en=f"checked on {self.on.isoformat()}; {deadline_en}",
            note_zh=f"核查日期{self.on.isoformat()}；目标年度{month}月{day}日前完成",
            certainty=self.certainty,
            rests_on=self.rests_on,
        )

    def column(self, columns: Columns) -> np.ndarray[Any, Any]:
        """Where the day bound is not after the deadline of the row's target year."""
        import numpy as np

        c = self.criterion
        target = np.asarray(array_of(columns, c.target_year), dtype=np.int64)
        month, day = self.month_day
        same_year_ok = (self.on.month, self.on.day) <= (month, day)
        holds = (target > self.on.year) | ((target == self.on.year) & same_year_ok)
        if c.applies is not None:
            holds |= ~np.asarray(array_of(columns, c.applies), dtype=bool)
        return np.asarray(holds, dtype=bool)


# ------------------------------------------------------------------------------- YearWithin
@frozen
class YearWithin:
    """A year lies in a programme's years: ``first <= year < first + years``.

    Args:
        name: The criterion's code.
        observed: The year (integers).
        first: The parameter holding the programme's first year.
        years: The parameter holding its length in years.
        label_en: What is compared.
        label_zh: The same in Chinese.
    """

    name: str
    observed: str
    first: Param[int]
    years: Param[int]
    label_en: str
    label_zh: str

    @property
    def inputs(self) -> tuple[str, ...]:
        """The year."""
        return (self.observed,)

    @property
    def keys(self) -> tuple[str, ...]:
        """The first year and the length."""
        return (str(self.first), str(self.years))

    def bind(self, env: Env) -> BoundYearWithin:
        """Read the programme's years."""
        return BoundYearWithin(self, resolve_param(self.first, env), resolve_param(self.years, env))


class BoundYearWithin:
    """A :class:`YearWithin` under one standards object.

    Attributes:
        first: The programme's first year.
        last: Its last year.
    """

    __slots__ = ("certainty", "citation", "criterion", "first", "last", "name", "rests_on")

    def __init__(self, criterion: YearWithin, first: Resolved, years: Resolved) -> None:
        self.criterion = criterion
        self.name = criterion.name
        self.first = int(first.value)
        self.last = self.first + int(years.value) - 1
        self.certainty, self.rests_on = weakest(first, years)
        ids = tuple(dict.fromkeys((*first.citation.source_ids, *years.citation.source_ids)))
        self.citation = Citation(ids, certainty=self.certainty)

    def reason(self, values: Values, subject_id: str) -> Reason:
        """One record."""
        c = self.criterion
        year = count_of(values, c.observed, subject_id)
        return Reason(
            criterion=c.name,
            holds=self.first <= year <= self.last,
            label_en=c.label_en,
            label_zh=c.label_zh,
            citation=self.citation,
            observed=year,
            threshold=f"{self.first}–{self.last}",
            parameter=str(c.first),
            note_en=f"the programme runs {self.first}–{self.last}",
            note_zh=f"实施期{self.first}—{self.last}年",
            certainty=self.certainty,
            rests_on=self.rests_on,
        )

    def column(self, columns: Columns) -> np.ndarray[Any, Any]:
        """Where the year lies in the programme."""
        import numpy as np

        year = np.asarray(array_of(columns, self.criterion.observed), dtype=np.int64)
        return np.asarray((year >= self.first) & (year <= self.last), dtype=bool)
