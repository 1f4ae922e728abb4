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
    >>> from shuangdao.rules.progress import HouseholdIncomeHistory
    >>> h = HouseholdIncomeHistory(household_id="h1", village_id="v1", members=2,
    ...                            income_by_year={2012: 6000, 2013: 4800})
    >>> d = follow_up_check("v1", exited_households=[h], following_unit_id="u1",
    ...                     original_unit_id="u1", on=dt.date(2014, 6, 30), round=1)
    >>> d.outcome, d.deciding
    (False, ('household.h1.2013',))
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

from shuangdao.calendar import round_calendar
from shuangdao.citations import Citation
from shuangdao.errors import InvalidRecordError, InvalidTypeError, UnknownReferenceError
from shuangdao.explain import Decision, Reason, decide
from shuangdao.rules.progress import (
    ExitLine,
    HouseholdIncomeHistory,
    exit_reason,
    household_exit_line,
)
from shuangdao.standards import default_standards
from shuangdao.standards.params import ROUND_PARAMS

if TYPE_CHECKING:
    from shuangdao.standards import Standards

__all__ = ["follow_up_check", "follow_up_line"]

_RULE = "follow_up.check"
_ORIGINAL_UNIT_CITATION = Citation(("SEED",), article="p. 5")


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
    calendar = round_calendar(round, standards=s)
    mode = s.value("cycle.follow_up_line")
    if mode == "settlement_line":
        line = household_exit_line(calendar.settlement_income_year, round=round, standards=s)
        return attrs.evolve(
            line,
            year=year,
            note_en=f"settlement-year ({line.year}) line kept (cycle.follow_up_line)",
            note_zh=f"沿用结帐年度（{line.year}年）标准",
        )
    if round == 3:
        lines = s.value("round3.exit_lines")
        last = max(lines)
        if year > last:
            line = household_exit_line(last, round=3, standards=s)
            return attrs.evolve(
                line,
                year=year,
                note_en=f"no published line for {year}: the {last} line is carried forward",
                note_zh=f"{year}年无公布标准，沿用{last}年标准",
            )
    return household_exit_line(year, round=round, standards=s)


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
    years = int(s.value(years_key))
    citation = s.citation(years_key)
    reasons: list[Reason] = [
        Reason.flag(
            criterion="in_window",
            label_en=(
                f"{on.isoformat()} is within the {years}-year follow-up window "
                f"{window.first_day.isoformat()} – {window.last_day.isoformat()}"
            ),
            label_zh=(
                f"{on.isoformat()}在{years}年跟踪期（{window.first_day.isoformat()}至"
                f"{window.last_day.isoformat()}）内"
            ),
            citation=citation,
            observed=window.contains(on),
            parameter=years_key,
        ),
        Reason.flag(
            criterion="original_unit",
            label_en=(
                f"follow-up unit {following_unit_id} is the original assisting unit "
                f"{original_unit_id}"
            ),
            label_zh=f"跟踪单位{following_unit_id}为原帮扶单位{original_unit_id}",
            # 仍由原帮扶单位跟踪联系三年 (SEED p. 5): the obligation itself, for every round.
            citation=_ORIGINAL_UNIT_CITATION,
            observed=following_unit_id == original_unit_id,
        ),
    ]
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
    return decide(
        rule=_RULE,
        subject_kind="village",
        subject_id=village_id,
        title_en="village whose follow-up (回头看) finds no problem",
        title_zh="回头看未发现问题的村",
        reasons=reasons,
        citation=citation,
        standards=s,
        round=round,
        as_of=on,
    )
