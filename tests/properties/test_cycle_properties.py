"""Invariants of the cycle: settlement, assessment scores, all-or-nothing indicators."""

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from shuangdao.calendar import assessment_year, follow_up_end
from shuangdao.model import HouseholdIncomeHistory, IndicatorKind, IndicatorResult
from shuangdao.rules.assessment import assess, indicator_points
from shuangdao.rules.progress import household_exit, village_exit
from shuangdao.rules.settlement import settle_village
from shuangdao.testing._cycle import (
    household_income_histories,
    indicator_results,
    indicators,
    scoring_models,
    village_income_histories,
)

YEARS = {1: (2010, 2011, 2012), 2: (2013, 2014, 2015), 3: (2016, 2017, 2018)}
FINAL = {1: 2012, 2: 2015, 3: 2018}


@st.composite
def village_cases(draw, *, round_=None):
    number = round_ or draw(st.sampled_from((1, 2, 3)))
    years = YEARS[number]
    village = draw(village_income_histories(years=years, village_id="v1"))
    count = draw(st.integers(1, 8))
    households = [
        draw(
            household_income_histories(
                years=years, village_id="v1", household_id=f"h{i}", max_income=50_000
            )
        )
        for i in range(count)
    ]
    return number, village, households


def _counted(number, households):
    return [h for h in households if number == 1 or h.has_labour_capacity]


@given(village_cases())
def test_settlement_passes_only_if_every_requirement_holds(case):
    number, village, households = case
    counted = _counted(number, households)
    if not counted:
        return
    decision = settle_village(village, households=households, round=number)
    if decision.outcome:
        year = FINAL[number]
        if number in (1, 2):
            assert village_exit(village, round=number, year=year).outcome
        exits = [
            household_exit(
                h.household_id,
                members=h.members,
                income_by_year=h.income_by_year,
                round=number,
                year=year,
            ).outcome
            for h in counted
        ]
        if number == 1:
            above = sum(h.members for h, ok in zip(counted, exits, strict=True) if ok)
            assert above * 100 >= 80 * sum(h.members for h in counted)
        else:
            assert all(exits)


@given(village_cases(), st.integers(1, 8))
def test_adding_a_failing_household_never_turns_fail_into_pass(case, members):
    number, village, households = case
    if not _counted(number, households):
        return
    before = settle_village(village, households=households, round=number)
    failing = HouseholdIncomeHistory(
        household_id="zz-fail",
        village_id="v1",
        members=members,
        income_by_year={FINAL[number]: Decimal(0)},
    )
    after = settle_village(village, households=[*households, failing], round=number)
    assert not (after.outcome and not before.outcome)
    assert isinstance(after.value, Decimal)
    assert isinstance(before.value, Decimal)
    assert after.value <= before.value


@given(
    scoring_models().flatmap(
        lambda m: st.tuples(st.just(m), st.tuples(*[indicator_results(i) for i in m.indicators]))
    )
)
def test_assessment_scores_stay_within_declared_range(pair):
    model, results = pair
    year = YEARS[model.round][0]
    decision = assess("s1", list(results), model=model, year=year)
    assert isinstance(decision.value, Decimal)
    assert Decimal(0) <= decision.value <= model.max_total
    for indicator, result in zip(model.indicators, results, strict=True):
        points, _ = indicator_points(indicator, result)
        assert Decimal(0) <= points <= indicator.max_points


@given(indicators(kind=IndicatorKind.MANDATED), st.decimals("0", "0.999", places=3))
def test_mandated_indicators_are_all_or_nothing(indicator, achieved):
    result = IndicatorResult(indicator.id, achieved=achieved, gate_value=Decimal(0))
    assert indicator_points(indicator, result) == (Decimal(0), False)


@given(indicators(kind=IndicatorKind.MANDATED), st.decimals("1", "1.5", places=3))
def test_mandated_indicators_score_in_full_when_met(indicator, achieved):
    result = IndicatorResult(indicator.id, achieved=achieved, gate_value=Decimal(0))
    points, met = indicator_points(indicator, result)
    assert met
    assert points == indicator.max_points.min(
        indicator.weight + min(indicator.max_bonus, indicator.weight * (achieved - 1))
    )


@given(st.dates(dt.date(2009, 1, 1), dt.date(2019, 12, 31)), st.sampled_from((1, 2, 3)))
def test_assessment_year_matches_calendar_year(on, number):
    got = assessment_year(on, round=number)
    if on.year in YEARS[number]:
        assert got == YEARS[number].index(on.year) + 1
    else:
        assert got is None


@given(st.dates(dt.date(2009, 1, 1), dt.date(2030, 12, 31)))
def test_follow_up_end_is_three_years_later_clipped(start):
    end = follow_up_end(start, round=1)
    assert end.year == start.year + 3
    assert end.month == start.month
    assert end.day == start.day or (start.month, start.day, end.day) == (2, 29, 28)
