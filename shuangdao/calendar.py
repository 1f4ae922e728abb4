"""Round calendars: yearly assessments, the three-year settlement and the follow-up window.

"一年一考核、三年结硬帐" (seed article, page 5): each round has one assessment a year, a
settlement (final acceptance, 结帐验收) after three years, and then three years in which the
original assisting unit follows the village up (跟踪联系三年, 回头看). The dates are data
(``shuangdao/standards/data/cycle.toml``, keys ``cycle.*``); most days were never
published, and each date carries its own certainty.

Calendar convention (used by every function here):

* Dates are calendar days (``datetime.date``), **inclusive** at both ends unless said
  otherwise. No clock is ever read; callers pass the date they ask about.
* **Assessment year** *k* of a round (1st, 2nd, 3rd) is the whole calendar year
  ``round<N>.assessment_years[k]``, 1 January to 31 December inclusive. So 31 December
  2012 is in round 1's third assessment year and 1 January 2013 is in none of round 1's
  (it is in round 2's first). Round 1's 2009 pilot precedes its first assessment year.
* The **settlement** (final acceptance) happens on ``round<N>.settlement_date``; a
  round is settled on that day and every day after.
* Periods in years (the follow-up window, a late village's own window) are added with
  :class:`dateutil.relativedelta.relativedelta`, which clips to the month's last day: 29
  February 2016 + 3 years is 28 February 2019. This is the civil-law reading
  (``cycle.period_convention``): the start day is not counted, the period ends on the
  corresponding day of the last year, or the month's last day if there is none. The follow-up
  window therefore runs from the day after the settlement to ``settlement + N years``
  inclusive. (``dateutil.rrule`` with ``YEARLY`` would *skip* years without 29 February, so it
  is used only to enumerate 1 January year starts.)
* **Late joiners** (``cycle.late_join_policy``, assumed): ``"round_window"`` (default) keeps
  the round's dates, so a village joining in the round's second year has assessments 2 and
  3 only; ``"own_window"`` gives it its own three years from its joining year, every date
  shifted by whole years.
* **Extensions** (``cycle.extended_to``, empty by default): a record ``{round, to,
  settlement?}`` moves the round's end to ``to``; the last assessment year runs until ``to``,
  and the settlement moves to ``settlement`` or, if absent, by as many days as the end moved.

Example:
    >>> import datetime as dt
    >>> assessment_year(dt.date(2012, 12, 31), round=1)
    3
    >>> assessment_year(dt.date(2013, 1, 1), round=1) is None
    True
    >>> is_settled(1, on=dt.date(2013, 3, 31))
    True
    >>> follow_up_end(dt.date(2016, 2, 29), round=1)
    datetime.date(2019, 2, 28)
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from attrs import field, frozen
from dateutil.relativedelta import relativedelta
from dateutil.rrule import YEARLY, rrule

from shuangdao.errors import InvalidRecordError, InvalidTypeError, StandardsError
from shuangdao.ingest import YEAR_RANGE
from shuangdao.model.fields import at_least, date, optional_date
from shuangdao.standards import default_standards
from shuangdao.standards.params import ROUND_PARAMS, CycleParams

if TYPE_CHECKING:
    from shuangdao.standards import Standards

__all__ = [
    "FollowUpWindow",
    "LateJoinPolicy",
    "RoundCalendar",
    "assessment_year",
    "follow_up_end",
    "is_settled",
    "round_calendar",
]


class LateJoinPolicy(enum.Enum):
    """How a village that joins a round late is scheduled (``cycle.late_join_policy``)."""

    ROUND_WINDOW = "round_window"
    """The village keeps the round's dates (fewer assessments; settled with the round)."""
    OWN_WINDOW = "own_window"
    """The village gets its own three years from its joining year (dates shifted)."""


def _check_date(value: object, name: str) -> dt.date:
    """Return ``value`` if it is a date (not a datetime), else raise a typed error."""
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise InvalidTypeError(
            f"must be a date, not {type(value).__name__}", field=name, value=value, rule="calendar"
        )
    return value


@frozen
class FollowUpWindow:
    """The follow-up period (回头看) after a settlement, inclusive at both ends.

    Attributes:
        first_day: The day after the settlement.
        last_day: ``settlement + years`` (relativedelta; clipped to the month end).
        years: Length in years.

    Example:
        >>> w = FollowUpWindow(
        ...     first_day=dt.date(2013, 4, 1), last_day=dt.date(2016, 3, 31), years=3
        ... )
        >>> w.contains(dt.date(2016, 3, 31)), w.contains(dt.date(2016, 4, 1))
        (True, False)
    """

    first_day: dt.date = field(validator=date)
    last_day: dt.date = field(validator=date)
    years: int = field(validator=at_least(0))

    def contains(self, on: dt.date) -> bool:
        """Whether ``on`` is inside the window (inclusive)."""
        return self.first_day <= _check_date(on, "on") <= self.last_day


def _ints(value: Iterable[int]) -> tuple[int, ...]:
    """Convert to a tuple of ints."""
    return tuple(value)


def _dates(value: Iterable[dt.date]) -> tuple[dt.date, ...]:
    """Convert to a tuple of dates."""
    return tuple(value)


def _policy(value: object) -> LateJoinPolicy:
    """Convert ``policy`` to a :class:`LateJoinPolicy`."""
    if isinstance(value, LateJoinPolicy):
        return value
    try:
        return LateJoinPolicy(value)
    except ValueError:
        raise InvalidRecordError(
            "must be round_window or own_window", field="policy", value=value
        ) from None


@frozen
class RoundCalendar:
    """The dates of one round (or of one late-joining village within it).

    Attributes:
        round: Round number.
        assessment_years: Calendar year of each yearly assessment, 1st first.
        assessment_dates: The day each yearly assessment is reckoned as held.
        numbers: The assessment ordinals that apply (``(1, 2, 3)``; ``(2, 3)`` for a
            village joining in the second year under ``round_window``).
        period_end: Last day of the last assessment year (or of the extension).
        settlement_date: The settlement (final acceptance, 结帐验收) day.
        settlement_income_year: The income year the settlement is reckoned on.
        follow_up: The follow-up window after the settlement.
        joined: The village's joining date, if a village calendar.
        policy: The late-join policy applied.
        extended: Whether an extension from ``cycle.extended_to`` applied.

    Example:
        >>> c = round_calendar(2)
        >>> c.assessment_years, c.settlement_income_year, c.follow_up.last_day
        ((2013, 2014, 2015), 2015, datetime.date(2019, 8, 31))
    """

    round: int = field(validator=at_least(1))
    assessment_years: tuple[int, ...] = field(converter=_ints)
    assessment_dates: tuple[dt.date, ...] = field(converter=_dates)
    numbers: tuple[int, ...] = field(converter=_ints)
    period_end: dt.date = field(validator=date)
    settlement_date: dt.date = field(validator=date)
    settlement_income_year: int = field(validator=at_least(YEAR_RANGE[0]))
    follow_up: FollowUpWindow
    joined: dt.date | None = field(default=None, validator=optional_date)
    policy: LateJoinPolicy = field(default=LateJoinPolicy.ROUND_WINDOW, converter=_policy)
    extended: bool = False

    @property
    def period_start(self) -> dt.date:
        """First day of the first assessment year."""
        return dt.date(self.assessment_years[0], 1, 1)

    def assessment_year(self, on: dt.date) -> int | None:
        """Return the assessment ordinal (1, 2, 3) whose year contains ``on``, else ``None``.

        The last assessment year runs to :attr:`period_end` (later than 31 December when the
        round was extended). Under ``round_window`` a late joiner's years before it joined
        give ``None``.
        """
        on = _check_date(on, "on")
        if on < self.period_start or on > self.period_end:
            return None
        if self.joined is not None and on < self.joined:
            return None
        for number, year in zip(
            range(1, len(self.assessment_years) + 1), self.assessment_years, strict=True
        ):
            if on.year == year and number in self.numbers:
                return number
        if on.year > self.assessment_years[-1] and self.numbers[-1] == len(self.assessment_years):
            return self.numbers[-1]  # inside an extension of the last year
        return None

    def is_settled(self, on: dt.date) -> bool:
        """Whether the settlement has happened on ``on`` (the settlement day counts)."""
        return _check_date(on, "on") >= self.settlement_date


def _standards(standards: Standards | None) -> Standards:
    return default_standards() if standards is None else standards


def _round_number(round: object) -> int:
    if isinstance(round, bool) or not isinstance(round, int):
        raise InvalidTypeError(
            f"must be a round number (int), not {type(round).__name__}",
            field="round",
            value=round,
            rule="calendar",
        )
    return round


def _extension(number: int, records: tuple[Any, ...]) -> tuple[dt.date, dt.date | None] | None:
    """Return ``(to, settlement)`` for round ``number`` from ``cycle.extended_to``."""
    found: tuple[dt.date, dt.date | None] | None = None
    for index, record in enumerate(records):
        where = f"{CycleParams.extended_to}[{index}]"
        if record.get("round") != number:
            continue
        if found is not None:
            raise StandardsError("extends the same round twice", field=where, value=number)
        try:
            to = dt.date.fromisoformat(str(record["to"]))
            raw = record.get("settlement")
            settlement = None if raw is None else dt.date.fromisoformat(str(raw))
        except (KeyError, ValueError):
            raise StandardsError(
                "needs 'to' (and optionally 'settlement') as YYYY-MM-DD",
                field=where,
                value=dict(record),
            ) from None
        found = (to, settlement)
    return found


def round_calendar(
    round: int,
    *,
    joined: dt.date | None = None,
    standards: Standards | None = None,
) -> RoundCalendar:
    """Return the calendar of round ``round``, or of a village that joined it on ``joined``.

    Policy: SEED p. 5 (一年一考核、三年结硬帐; 跟踪联系三年); S13 (December 2010
    assessment); S21 (round-2 results). Dates per ``round<N>.*``; late joiners per
    ``cycle.late_join_policy``; extensions per ``cycle.extended_to``.

    Args:
        round: Round number (1, 2, 3).
        joined: The day a village joined the round; ``None`` (or a day before the first
            assessment year) means it was there from the start.
        standards: Standards to read; ``None`` means :func:`default_standards`.

    Returns:
        The round's (or the village's) :class:`RoundCalendar`.

    Raises:
        UnknownReferenceError: No such round.
        InvalidRecordError: ``joined`` is after the round's last assessment year.
        StandardsError: An extension record is malformed or moves the end backwards.

    Example:
        >>> c = round_calendar(1)
        >>> c.assessment_years, c.settlement_date, c.follow_up.last_day
        ((2010, 2011, 2012), datetime.date(2013, 3, 31), datetime.date(2016, 3, 31))
        >>> late = round_calendar(1, joined=dt.date(2011, 5, 1))
        >>> late.numbers
        (2, 3)
    """
    s = _standards(standards)
    number = _round_number(round)
    s.round(number)  # raises UnknownReferenceError for an unknown round
    params = s.params.round(number)
    by_ordinal = params.assessment_years
    ordinals = sorted(int(k) for k in by_ordinal)
    years = tuple(int(by_ordinal[str(k)]) for k in ordinals)
    first, last = YEAR_RANGE
    if not years or not all(first <= y <= last for y in years):
        raise StandardsError(
            f"must list the round's assessment years (calendar years {first}–{last})",
            field=ROUND_PARAMS[number].assessment_years,
            value=years,
            rule="calendar",
        )
    # rrule enumerates the 1 January starts of the assessment years (safe: no 29 February).
    starts = [
        d.date()
        for d in rrule(YEARLY, dtstart=dt.datetime(years[0], 1, 1), count=len(years))  # noqa: DTZ001
    ]
    if tuple(d.year for d in starts) != years:
        raise StandardsError(
            "must be consecutive calendar years",
            field=ROUND_PARAMS[number].assessment_years,
            value=years,
        )
    on_day = {1: params.assessment_1, 2: params.assessment_2, 3: params.assessment_3}
    dates = tuple(on_day[k] for k in ordinals)
    settlement = params.settlement_date
    income_year = int(params.settlement_income_year)
    follow_years = int(params.follow_up_years)
    period_end = dt.date(years[-1], 12, 31)
    extension = _extension(number, tuple(s.params.cycle.extended_to))
    if extension is not None:
        to, explicit = extension
        if to < period_end:
            raise StandardsError(
                f"must not end round {number} before {period_end.isoformat()}",
                field=CycleParams.extended_to,
                value=to.isoformat(),
            )
        settlement = explicit if explicit is not None else settlement + (to - period_end)
        period_end = to
    numbers = tuple(ordinals)
    policy = LateJoinPolicy(s.params.cycle.late_join_policy)
    if joined is not None:
        joined = _check_date(joined, "joined")
        if joined > period_end:
            raise InvalidRecordError(
                f"is after round {number}'s last assessment year (ends {period_end.isoformat()})",
                field="joined",
                value=joined.isoformat(),
                rule="calendar",
            )
        if joined.year > years[0]:
            if policy is LateJoinPolicy.ROUND_WINDOW:
                numbers = tuple(k for k, y in zip(ordinals, years, strict=True) if y >= joined.year)
            else:
                shift = relativedelta(years=joined.year - years[0])
                years = tuple(y + shift.years for y in years)
                dates = tuple(d + shift for d in dates)
                settlement = settlement + shift
                income_year += shift.years
                period_end = period_end + shift
        else:
            joined = None  # there from the start
    if settlement < period_end:
        raise StandardsError(
            f"settlement {settlement.isoformat()} is before the end of the last assessment year",
            field=ROUND_PARAMS[number].settlement_date,
            value=period_end.isoformat(),
        )
    if not years[0] <= income_year <= period_end.year:
        raise StandardsError(
            f"must be a year of round {number} ({years[0]}–{period_end.year}): the settlement "
            "counts the incomes of one of the round's years",
            field=ROUND_PARAMS[number].settlement_income_year,
            value=income_year,
            rule="calendar",
        )
    window = FollowUpWindow(
        first_day=settlement + dt.timedelta(days=1),
        last_day=settlement + relativedelta(years=follow_years),
        years=follow_years,
    )
    return RoundCalendar(
        round=number,
        assessment_years=years,
        assessment_dates=dates,
        numbers=numbers,
        period_end=period_end,
        settlement_date=settlement,
        settlement_income_year=income_year,
        follow_up=window,
        joined=joined,
        policy=policy,
        extended=extension is not None,
    )


def assessment_year(
    on: dt.date,
    *,
    round: int,
    joined: dt.date | None = None,
    standards: Standards | None = None,
) -> int | None:
    """Return which yearly assessment (1st, 2nd, 3rd) of the round ``on`` falls in.

    Policy: SEED p. 5 (一年一考核). Convention: the
    whole calendar year ``round<N>.assessment_years[k]`` is assessment year ``k``.

    Args:
        on: The day asked about.
        round: Round number.
        joined: A late-joining village's joining date (see :func:`round_calendar`).
        standards: Standards to read; ``None`` means the default.

    Returns:
        1, 2 or 3; ``None`` before the first assessment year (round 1's 2009 pilot), after
        the last one, or before a late village joined.

    Example:
        >>> assessment_year(dt.date(2009, 12, 31), round=1) is None
        True
        >>> assessment_year(dt.date(2016, 2, 29), round=3)
        1
    """
    return round_calendar(round, joined=joined, standards=standards).assessment_year(on)


def is_settled(
    round: int,
    *,
    on: dt.date,
    joined: dt.date | None = None,
    standards: Standards | None = None,
) -> bool:
    """Return whether the round (or a late village's own window) is settled on ``on``.

    Policy: SEED p. 5 (三年结硬帐; round 1 accepted in early 2013); S21 (round 2).
    ``on >= round<N>.settlement_date`` (the settlement day itself counts).

    Example:
        >>> is_settled(1, on=dt.date(2013, 3, 30)), is_settled(1, on=dt.date(2013, 3, 31))
        (False, True)
    """
    return round_calendar(round, joined=joined, standards=standards).is_settled(on)


def follow_up_end(
    settled_on: dt.date,
    *,
    round: int,
    standards: Standards | None = None,
) -> dt.date:
    """Return the last day of follow-up for a village settled on ``settled_on``.

    Policy: SEED p. 5 (仍由原帮扶单位跟踪联系三年). ``settled_on + relativedelta(years=N)``
    with ``N = round<N>.follow_up_years``; 29 February clips to 28 February. Pass the
    village's own settlement date (``round_calendar(r, joined=...).settlement_date``).

    Example:
        >>> follow_up_end(dt.date(2013, 3, 31), round=1)
        datetime.date(2016, 3, 31)
        >>> follow_up_end(dt.date(2016, 2, 29), round=2)
        datetime.date(2019, 2, 28)
    """
    s = _standards(standards)
    number = _round_number(round)
    s.round(number)
    years = int(s.params.round(number).follow_up_years)
    return _check_date(settled_on, "settled_on") + relativedelta(years=years)
