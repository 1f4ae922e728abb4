"""Round calendars: assessment years, settlement, follow-up window (SEED p. 5, S13, S21)."""

import datetime as dt
import doctest

import pytest

import shuangdao.calendar as cal
from shuangdao.calendar import (
    FollowUpWindow,
    LateJoinPolicy,
    RoundCalendar,
    assessment_year,
    follow_up_end,
    is_settled,
    round_calendar,
)
from shuangdao.errors import (
    InvalidRecordError,
    InvalidTypeError,
    StandardsError,
    UnknownReferenceError,
)
from shuangdao.serialize import from_json, to_json
from shuangdao.standards import default_standards


def test_module_doctests():
    assert doctest.testmod(cal).failed == 0


class TestRoundCalendar:
    def test_round1_dates_S13_seed(self):
        c = round_calendar(1)
        assert c.assessment_years == (2010, 2011, 2012)
        assert c.assessment_dates[0] == dt.date(2010, 12, 1)  # December 2010 (S13)
        assert c.settlement_date == dt.date(2013, 3, 31)  # early 2013 (seed p. 5)
        assert c.settlement_income_year == 2012
        assert c.follow_up == FollowUpWindow(dt.date(2013, 4, 1), dt.date(2016, 3, 31), 3)

    @pytest.mark.parametrize(
        ("number", "years", "income_year"),
        [(2, (2013, 2014, 2015), 2015), (3, (2016, 2017, 2018), 2018)],
    )
    def test_rounds_2_and_3(self, number, years, income_year):
        c = round_calendar(number)
        assert c.assessment_years == years
        assert c.settlement_income_year == income_year
        assert c.settlement_date > c.period_end

    def test_every_date_is_cited_with_a_certainty(self):
        s = default_standards()
        assert s.citation("round1.assessment_1").source_ids == ("S13",)
        assert s.citation("round1.follow_up_years").certainty.value == "confirmed"
        assert s.citation("round3.settlement_date").certainty.value == "assumed"
        assert s.citation("cycle.late_join_policy").certainty.value == "assumed"

    def test_late_join_round_window_keeps_round_dates(self):
        c = round_calendar(1, joined=dt.date(2011, 5, 1))
        assert c.numbers == (2, 3)
        assert c.settlement_date == dt.date(2013, 3, 31)
        assert c.assessment_year(dt.date(2010, 6, 1)) is None
        assert c.assessment_year(dt.date(2011, 4, 30)) is None  # before it joined
        assert c.assessment_year(dt.date(2011, 5, 1)) == 2

    def test_late_join_own_window_shifts_by_whole_years(self):
        s = default_standards().with_overrides({"cycle.late_join_policy": "own_window"})
        c = round_calendar(1, joined=dt.date(2011, 5, 1), standards=s)
        assert c.policy is LateJoinPolicy.OWN_WINDOW
        assert c.assessment_years == (2011, 2012, 2013)
        assert c.settlement_date == dt.date(2014, 3, 31)
        assert c.settlement_income_year == 2013
        assert c.follow_up.last_day == dt.date(2017, 3, 31)
        assert c.assessment_year(dt.date(2013, 12, 31)) == 3

    def test_joining_at_the_start_is_not_late(self):
        assert round_calendar(1, joined=dt.date(2009, 6, 25)) == round_calendar(1)
        assert round_calendar(2, joined=dt.date(2013, 1, 1)).joined is None

    def test_joining_after_the_round_is_an_error(self):
        with pytest.raises(InvalidRecordError, match="joined"):
            round_calendar(1, joined=dt.date(2013, 1, 1))

    def test_extension_moves_end_and_settlement(self):
        s = default_standards().with_overrides(
            {"cycle.extended_to": [{"round": 1, "to": "2013-06-30"}]}
        )
        c = round_calendar(1, standards=s)
        assert c.extended
        assert c.period_end == dt.date(2013, 6, 30)
        assert c.settlement_date == dt.date(2013, 3, 31) + (
            dt.date(2013, 6, 30) - dt.date(2012, 12, 31)
        )
        assert c.assessment_year(dt.date(2013, 6, 30)) == 3
        assert c.assessment_year(dt.date(2013, 7, 1)) is None
        assert round_calendar(2, standards=s).extended is False

    def test_extension_with_explicit_settlement(self):
        s = default_standards().with_overrides(
            {"cycle.extended_to": [{"round": 2, "to": "2016-06-30", "settlement": "2016-12-31"}]}
        )
        assert round_calendar(2, standards=s).settlement_date == dt.date(2016, 12, 31)

    @pytest.mark.parametrize(
        "records",
        [
            [{"round": 1, "to": "2012-06-30"}],
            [{"round": 1, "to": "bad"}],
            [{"round": 1, "to": "2013-06-30"}, {"round": 1, "to": "2013-07-30"}],
        ],
    )
    def test_bad_extensions(self, records):
        s = default_standards().with_overrides({"cycle.extended_to": records})
        with pytest.raises(StandardsError):
            round_calendar(1, standards=s)

    def test_unknown_round_and_bad_types(self):
        with pytest.raises(UnknownReferenceError):
            round_calendar(4)
        with pytest.raises(InvalidTypeError):
            round_calendar("1")  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError):
            assessment_year(dt.datetime(2012, 1, 1), round=1)

    def test_round_trips_through_json(self):
        c = round_calendar(1, joined=dt.date(2011, 5, 1))
        assert from_json(to_json(c), RoundCalendar) == c


class TestAssessmentYear:
    @pytest.mark.parametrize(
        ("on", "expected"),
        [
            (dt.date(2009, 6, 25), None),  # the pilot precedes the first assessment year
            (dt.date(2009, 12, 31), None),
            (dt.date(2010, 1, 1), 1),
            (dt.date(2010, 12, 31), 1),
            (dt.date(2011, 1, 1), 2),
            (dt.date(2012, 2, 29), 3),  # leap day
            (dt.date(2012, 12, 31), 3),
            (dt.date(2013, 1, 1), None),
        ],
    )
    def test_round1_boundaries(self, on, expected):
        assert assessment_year(on, round=1) == expected

    def test_round_boundary_31_dec_1_jan(self):
        assert assessment_year(dt.date(2015, 12, 31), round=2) == 3
        assert assessment_year(dt.date(2016, 1, 1), round=2) is None
        assert assessment_year(dt.date(2016, 1, 1), round=3) == 1


class TestIsSettled:
    @pytest.mark.parametrize(
        ("number", "day_before", "day"),
        [
            (1, dt.date(2013, 3, 30), dt.date(2013, 3, 31)),
            (2, dt.date(2016, 8, 30), dt.date(2016, 8, 31)),
            (3, dt.date(2019, 3, 30), dt.date(2019, 3, 31)),
        ],
    )
    def test_settlement_day_counts(self, number, day_before, day):
        assert not is_settled(number, on=day_before)
        assert is_settled(number, on=day)

    def test_late_own_window_settles_later(self):
        s = default_standards().with_overrides({"cycle.late_join_policy": "own_window"})
        assert not is_settled(1, on=dt.date(2013, 6, 1), joined=dt.date(2011, 2, 1), standards=s)
        assert is_settled(1, on=dt.date(2013, 6, 1), joined=dt.date(2011, 2, 1))


class TestFollowUpEnd:
    def test_three_years_seed_p5(self):
        assert follow_up_end(dt.date(2013, 3, 31), round=1) == dt.date(2016, 3, 31)

    def test_leap_day_clips_to_28_february(self):
        assert follow_up_end(dt.date(2016, 2, 29), round=1) == dt.date(2019, 2, 28)
        window = FollowUpWindow(
            dt.date(2016, 3, 1), follow_up_end(dt.date(2016, 2, 29), round=1), 3
        )
        assert window.contains(dt.date(2019, 2, 28))
        assert not window.contains(dt.date(2019, 3, 1))

    def test_leap_to_leap(self):
        s = default_standards().with_overrides({"round2.follow_up_years": 4})
        assert follow_up_end(dt.date(2016, 2, 29), round=2, standards=s) == dt.date(2020, 2, 29)

    def test_window_starts_the_day_after_settlement(self):
        w = round_calendar(1).follow_up
        assert not w.contains(dt.date(2013, 3, 31))
        assert w.contains(dt.date(2013, 4, 1))
