"""Follow-up (回头看) by the original unit for three years (SEED p. 5)."""

import datetime as dt
import doctest
from decimal import Decimal

import pytest

import shuangdao.rules.follow_up as fu
from shuangdao.errors import InvalidRecordError, UnknownReferenceError
from shuangdao.model import HouseholdIncomeHistory as H
from shuangdao.rules.follow_up import follow_up_check, follow_up_line
from shuangdao.standards import default_standards

D = Decimal


def test_module_doctests():
    assert doctest.testmod(fu).failed == 0


class TestFollowUpLine:
    def test_round1_line_constant(self):
        assert follow_up_line(2015, round=1).line == D("2500")

    def test_round2_year_line(self):
        assert follow_up_line(2016, round=2).line == D("0.45") * D("14295")

    def test_round3_carries_2018_forward(self):
        line = follow_up_line(2021, round=3)
        assert line.line == D("7365")
        assert "2018" in line.note_en

    def test_settlement_line_mode(self):
        s = default_standards().with_overrides({"cycle.follow_up_line": "settlement_line"})
        assert follow_up_line(2017, round=2, standards=s).line == D("6012")


class TestFollowUpCheck:
    def _check(self, households, *, on=dt.date(2015, 6, 1), following="u1", round_=1, **kw):
        return follow_up_check(
            "v1",
            exited_households=households,
            following_unit_id=following,
            original_unit_id="u1",
            on=on,
            round=round_,
            **kw,
        )

    def test_clean_check(self):
        h = H(
            household_id="h1", village_id="v1", members=2, income_by_year={2013: 5000, 2014: 5200}
        )
        d = self._check([h])
        assert d.outcome
        assert d.code == "selected"

    def test_relapse_flagged_at_exact_line(self):
        ok = H(
            household_id="h1",
            village_id="v1",
            members=2,
            income_by_year={2013: D("5000"), 2014: D("5000")},
        )
        bad = H(
            household_id="h2",
            village_id="v1",
            members=2,
            income_by_year={2013: D("5000"), 2014: D("4999.99")},
        )
        assert self._check([ok]).outcome
        d = self._check([ok, bad])
        assert not d.outcome
        assert d.deciding == ("household.h2.2014",)

    def test_other_unit_flagged(self):
        d = self._check([], following="u9")
        assert d.deciding == ("original_unit",)

    @pytest.mark.parametrize(
        ("on", "inside"),
        [
            (dt.date(2013, 3, 31), False),
            (dt.date(2013, 4, 1), True),
            (dt.date(2016, 3, 31), True),
            (dt.date(2016, 4, 1), False),
        ],
    )
    def test_window_boundaries(self, on, inside):
        assert self._check([], on=on).reason("in_window").holds is inside

    def test_missing_completed_year_is_flagged(self):
        h = H(household_id="h1", village_id="v1", members=1, income_by_year={2013: 3000})
        d = self._check([h], on=dt.date(2015, 6, 1))
        assert "household.h1.2014.missing" in d.deciding
        assert "household.h1.2015.missing" not in {r.criterion for r in d.reasons}

    def test_round3_follow_up_after_2018(self):
        h = H(
            household_id="h1",
            village_id="v1",
            members=1,
            income_by_year={2019: D("7365"), 2020: D("7364.99")},
        )
        d = self._check([h], on=dt.date(2021, 1, 15), round_=3)
        assert d.reason("household.h1.2019").holds
        assert not d.reason("household.h1.2020").holds

    def test_round2_year_without_statistics(self):
        h = H(household_id="h1", village_id="v1", members=1, income_by_year={2019: 9000})
        with pytest.raises(UnknownReferenceError, match="household h1"):
            self._check([h], on=dt.date(2019, 6, 1), round_=2)

    def test_household_of_another_village(self):
        h = H(household_id="h1", village_id="v2", members=1, income_by_year={})
        with pytest.raises(InvalidRecordError, match="not in village v1"):
            self._check([h])

    def test_explains(self):
        d = self._check([], following="u9", on=dt.date(2017, 1, 1))
        assert "u9" in d.explain("en")
        assert "u9" in d.explain("zh")
