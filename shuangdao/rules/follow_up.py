"""Follow-up after the settlement (回头看, "扶上马送一程").

Seed article, page 5: the 3407 villages that met round 1's targets "仍由原帮扶单位跟踪联系三年，
定期开展'回头看'" — the original assisting unit keeps following them for three years and
looks back regularly. :func:`follow_up_check` is one such look-back, on a given day:

* ``in_window``: the day is inside the follow-up window (the day after the village's
  settlement to ``settlement + round<N>.follow_up_years``; see
  :mod:`shuangdao.calendar`);
* ``original_unit``: the unit following the village up is still the original assisting unit;
* ``household.<id>.<year>``: every exited household is still at or above the line in every
  follow-up year with a recorded income (a relapse, 返贫, otherwise), and
  ``household.<id>.<year>.missing`` for a completed follow-up year without a recorded income
  (tracking incomplete; never skipped silently).

Which line: ``cycle.follow_up_line`` (assumed). ``"year_line"`` (default) applies the round's
exit rule *for that year*: round 1, 2500 (constant); round 2, 45 % of that year's provincial
average (an error if the series has no figure for the year); round 3, the year's exit line,
and for years after 2018 (no published line) the last published line (7365), said in the
reason. ``"settlement_line"`` keeps the settlement year's line. Comparisons are exact
(``income >= line × members``). Follow-up years are the years after the settlement income
year up to the year of ``on``; the current year is checked only if an income is recorded.

Example:
    >>> import datetime as dt
    >>> from shuangdao.model import HouseholdIncomeHistory
    >>> h = HouseholdIncomeHistory(household_id="h1", village_id="v1", members=2,
    ...                            income_by_year={2012: 6000, 2013: 4800})
    >>> d = follow_up_check("v1", exited_households=[h], following_unit_id="u1",
    ...                     original_unit_id="u1", on=dt.date(2014, 6, 30), round=1)
    >>> d.outcome, d.deciding
    (False, ('household.h1.2013',))
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Final

import attrs

from shuangdao.calendar import round_calendar
from shuangdao.citations import Citation
from shuangdao.declare import BoundRule, Flag, PerCapita, Rule, YearLine, declared
from shuangdao.errors import InvalidRecordError, InvalidTypeError, UnknownReferenceError
from shuangdao.explain import Decision, Reason
from shuangdao.model import ExitLine, HouseholdIncomeHistory
from shuangdao.rules.progress import EXIT, exit_line_of, exit_reason
from shuangdao.standards import default_standards
from shuangdao.standards.params import ROUND_PARAMS, CycleParams, Round3Params

if TYPE_CHECKING:
    from shuangdao.standards import Standards

__all__ = ["FOLLOW_UP", "FOLLOW_UP_LINES", "follow_up_check", "follow_up_line", "follow_up_rule"]

_RULE = "follow_up.check"
_ORIGINAL_UNIT_CITATION = Citation(("SEED",), article="p. 5")

FOLLOW_UP_LINES: Final[Mapping[int, Rule]] = MappingProxyType(
    {
        1: EXIT[1],
        2: EXIT[2],
        # Round 3 after 2018 (no published line): the last line is carried forward.
        3: attrs.evolve(
            EXIT[3],
            criteria=[
                PerCapita(
                    "household_income",
                    "income",
                    "members",
                    YearLine(Round3Params.exit_lines, carry_forward=True),
                    Round3Params.exit_comparator,
                    "household {subject_id} income in {year}",
                    "农户{subject_id}{year}年收入",
                )
            ],
        ),
    }
)
"""The line a followed-up household is compared with in a year, by round (``year_line``)."""


def _follow_up(n: int) -> Rule:
    return Rule(
        id=_RULE,
        subject="village",
        title_en="village whose follow-up (回头看) finds no problem",
        title_zh="回头看未发现问题的村",
        citation=Citation(("SEED",), article="p. 5"),
        round=n,
        criteria=[
            # 跟踪联系三年 ...
            Flag(
                "in_window",
                "in_window",
                "{on} is within the {years}-year follow-up window {first_day} – {last_day}",
                "{on}在{years}年跟踪期（{first_day}至{last_day}）内",
                cites=ROUND_PARAMS[n].follow_up_years,
            ),
            # ... 仍由原帮扶单位 (SEED p. 5): the obligation itself, for every round.
            Flag(
                "original_unit",
                "original_unit",
                "follow-up unit {following_unit_id} is the original assisting unit "
                "{original_unit_id}",
                "跟踪单位{following_unit_id}为原帮扶单位{original_unit_id}",
                citation=_ORIGINAL_UNIT_CITATION,
            ),
        ],
    )


FOLLOW_UP: Final[Mapping[int, Rule]] = MappingProxyType({n: _follow_up(n) for n in (1, 2, 3)})
"""Each round's look-back (回头看): the window and the unit; relapses are itemised."""


@declared(*FOLLOW_UP_LINES.values())
def follow_up_line(
    year: int,
    *,
    round: int,
    standards: Standards | None = None,
) -> ExitLine:
    """Return the line a followed-up household is compared with in ``year``.

    Policy: SEED p. 5 (回头看); ``cycle.follow_up_line`` (assumed); S11, S1, S20 for the
    lines. Round 3 after its last published year carries the last line forward.

    Example:
        >>> follow_up_line(2020, round=3).line
        Decimal('7365.00')
        >>> follow_up_line(2014, round=1).line
        Decimal('2500.00')
    """
    s = default_standards() if standards is None else standards
    bound = follow_up_rule(year, round=round, standards=s)
    line = exit_line_of(bound, round, bound.env.year or year)
    if s.params.cycle.follow_up_line != "settlement_line":
        return line
    return attrs.evolve(
        line,
        year=year,
        note_en=f"settlement-year ({line.year}) line kept (cycle.follow_up_line)",
        note_zh=f"沿用结帐年度（{line.year}年）标准",
    )


@declared(*FOLLOW_UP_LINES.values(), reads=(CycleParams.follow_up_line,))
def follow_up_rule(year: int, *, round: int, standards: Standards | None = None) -> BoundRule:
    """The declared rule a followed-up household is held to in ``year`` (bound).

    ``cycle.follow_up_line = "year_line"``: the round's line for that year
    (:data:`FOLLOW_UP_LINES`, round 3 carrying its last line forward);
    ``"settlement_line"``: the exit rule of the settlement income year.

    Policy: SEED p. 5 (回头看); ``cycle.follow_up_line`` (assumed); S11, S1, S20.
    """
    s = default_standards() if standards is None else standards
    if s.params.cycle.follow_up_line == "settlement_line":
        calendar = round_calendar(round, standards=s)
        return EXIT[round].bind(s, year=calendar.settlement_income_year)
    return FOLLOW_UP_LINES[round].bind(s, year=year)


@declared(*FOLLOW_UP.values(), *FOLLOW_UP_LINES.values())
def follow_up_check(
    village_id: str,
    *,
    exited_households: Sequence[HouseholdIncomeHistory],
    following_unit_id: str,
    original_unit_id: str,
    on: dt.date,
    round: int,
    joined: dt.date | None = None,
    standards: Standards | None = None,
) -> Decision:
    """Look back (回头看) at a settled village on ``on``: window, unit and relapses.

    Policy: SEED p. 5 (仍由原帮扶单位跟踪联系三年，定期开展“回头看”); lines per
    ``cycle.follow_up_line``; window per :func:`shuangdao.calendar.round_calendar`.

    Args:
        village_id: The village followed up.
        exited_households: Its households that exited (incomes by year, incl. later years).
        following_unit_id: The unit doing the follow-up now.
        original_unit_id: The unit that assisted the village during the round.
        on: The day of the look-back.
        round: The round the village was settled in.
        joined: A late village's joining date (its own window under ``own_window``).
        standards: Standards to read; ``None`` means the default.

    Returns:
        A decision (rule ``follow_up.check``) that holds when ``on`` is inside the window,
        the unit is the original one, and no exited household relapsed or lacks an income
        for a completed follow-up year.

    Raises:
        InvalidRecordError: A household of another village, or a repeated household id.

    Example:
        >>> import datetime as dt
        >>> d = follow_up_check("v1", exited_households=[], following_unit_id="u2",
        ...                     original_unit_id="u1", on=dt.date(2016, 4, 1), round=1)
        >>> d.code
        'not:in_window+original_unit'
    """
    s = default_standards() if standards is None else standards
    if isinstance(on, dt.datetime) or not isinstance(on, dt.date):
        raise InvalidTypeError("must be a date", field="on", value=on, rule=_RULE)
    calendar = round_calendar(round, joined=joined, standards=s)
    window = calendar.follow_up
    years_key = ROUND_PARAMS[round].follow_up_years
    citation = s.citation(years_key)
    reasons: list[Reason] = []
    seen: set[str] = set()
    first_year = calendar.settlement_income_year + 1
    for household in exited_households:
        if not isinstance(household, HouseholdIncomeHistory):
            raise InvalidTypeError(
                "must be HouseholdIncomeHistory records",
                field="exited_households",
                value=household,
                rule=_RULE,
            )
        record = f"household {household.household_id}"
        if household.household_id in seen:
            raise InvalidRecordError("appears twice", record=record, rule=_RULE)
        seen.add(household.household_id)
        if household.village_id != village_id:
            raise InvalidRecordError(
                f"is not in village {village_id}",
                record=record,
                field="village_id",
                value=household.village_id,
                rule=_RULE,
            )
        for year in range(first_year, on.year + 1):
            if year not in household.income_by_year:
                if year < on.year:
                    reasons.append(
                        Reason.flag(
                            f"household.{household.household_id}.{year}.missing",
                            observed=False,
                            label_en=(
                                f"household {household.household_id}: income for {year} "
                                "recorded in the follow-up"
                            ),
                            label_zh=f"农户{household.household_id}{year}年收入已跟踪记录",
                            citation=citation,
                        )
                    )
                continue
            try:
                line = follow_up_line(year, round=round, standards=s)
            except UnknownReferenceError as error:
                raise UnknownReferenceError(
                    f"has no line to follow up against: {error.detail}",
                    record=record,
                    field=f"income_by_year[{year}]",
                    rule=_RULE,
                ) from None
            reasons.append(
                exit_reason(
                    household.household_id,
                    members=household.members,
                    income=household.income_by_year[year],
                    line=line,
                    criterion=f"household.{household.household_id}.{year}",
                )
            )
    if not exited_households:
        reasons.append(
            Reason.flag(
                "no_exited_households",
                observed=True,
                label_en="no exited households to look back at",
                label_zh="无已脱贫农户需回头看",
                citation=citation,
            )
        )
    return (
        FOLLOW_UP[round]
        .bind(s)
        .decide(
            subject_id=village_id,
            as_of=on,
            itemised=reasons,
            in_window=window.contains(on),
            original_unit=following_unit_id == original_unit_id,
            on=on.isoformat(),
            years=int(s.value(years_key)),
            first_day=window.first_day.isoformat(),
            last_day=window.last_day.isoformat(),
            following_unit_id=following_unit_id,
            original_unit_id=original_unit_id,
        )
    )
