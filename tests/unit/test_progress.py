"""Household and village exit by year, and tracking (S11, S5, S1, S20)."""

import doctest
from decimal import Decimal
from typing import Any

import pytest

import shuangdao.rules.progress as progress
from shuangdao.errors import (
    InvalidRecordError,
    InvalidTypeError,
    MissingParameterError,
    UnknownReferenceError,
)
from shuangdao.model import HouseholdIncomeHistory, VillageIncomeHistory
from shuangdao.rules.progress import (
    household_exit,
    household_exit_line,
    track_household,
    village_exit,
)
from shuangdao.serialize import from_json, to_json
from shuangdao.standards import default_standards

D = Decimal


def test_module_doctests():
    assert doctest.testmod(progress).failed == 0


def _exit(total, members, round_, year):
    return household_exit(
        "h1", members=members, income_by_year={year: D(total)}, round=round_, year=year
    )


class TestHouseholdExitLine:
    def test_round2_45_percent_of_11669_is_5251_05_S1_S28(self):
        assert household_exit_line(2013, round=2).line == D("5251.05")

    def test_round2_uses_that_years_average(self):
        assert household_exit_line(2014, round=2).line == D("0.45") * D("12246")
        assert "disposable" in household_exit_line(2014, round=2).note_en  # caliber change

    def test_round3_lines_S20(self):
        assert [household_exit_line(y, round=3).line for y in (2016, 2017, 2018)] == [
            D("6433"),
            D("6883"),
            D("7365"),
        ]

    def test_round3_outside_table(self):
        with pytest.raises(UnknownReferenceError):
            household_exit_line(2019, round=3)

    def test_bad_round(self):
        with pytest.raises(UnknownReferenceError):
            household_exit_line(2013, round=4)
        with pytest.raises(InvalidTypeError):
            household_exit_line("2013", round=2)  # type: ignore[arg-type]


class TestHouseholdExit:
    @pytest.mark.parametrize(
        ("total", "expected"), [("10000.00", True), ("9999.99", False), ("10000.01", True)]
    )
    def test_round1_2500_exactly_S11(self, total, expected):
        assert _exit(total, 4, 1, 2012).outcome is expected

    @pytest.mark.parametrize(
        ("total", "expected"), [("21004.20", True), ("21004.19", False), ("21004.21", True)]
    )
    def test_round2_45_percent_boundary_S1(self, total, expected):
        assert _exit(total, 4, 2, 2013).outcome is expected

    @pytest.mark.parametrize(("total", "expected"), [("19299", True), ("19298.99", False)])
    def test_round3_reaching_the_line_S20(self, total, expected):
        assert _exit(total, 3, 3, 2016).outcome is expected

    def test_reason_names_line_parameter_and_citation(self):
        d = _exit("10000", 4, 1, 2012)
        r = d.reason("household_income")
        assert r.threshold == D("10000.00")
        assert r.parameter == "round1.exit_line"
        assert r.citation.source_ids[0] == "S11"
        assert "2012" in d.explain("en")
        assert "2012" in d.explain("zh")

    def test_missing_year_names_record_and_field(self):
        with pytest.raises(InvalidRecordError) as info:
            household_exit("h9", members=1, income_by_year={2011: D(1)}, round=1, year=2012)
        assert info.value.record == "household h9"
        assert info.value.field == "income_by_year[2012]"

    @pytest.mark.parametrize("members", [0, True, "2"])
    def test_bad_members(self, members):
        with pytest.raises((InvalidRecordError, InvalidTypeError)):
            household_exit("h1", members=members, income_by_year={2012: D(1)}, round=1, year=2012)

    def test_threshold_read_from_standards(self):
        s = default_standards().with_overrides({"round1.exit_line": "3000"})
        d = household_exit(
            "h1", members=1, income_by_year={2012: D("2999.99")}, round=1, year=2012, standards=s
        )
        assert not d.outcome


class TestVillageExit:
    def _v(self, collective, per_capita=None, year=2015):
        return VillageIncomeHistory(
            village_id="v1",
            collective_income_by_year={year: collective},
            per_capita_income_by_year={} if per_capita is None else {year: per_capita},
        )

    @pytest.mark.parametrize(("collective", "expected"), [("30000", True), ("29999.99", False)])
    def test_round1_collective_30000_S3(self, collective, expected):
        assert village_exit(self._v(collective, year=2012), round=1, year=2012).outcome is expected

    @pytest.mark.parametrize(
        ("per_capita", "expected"), [("8016.00", False), ("8016.01", True), ("8015.99", False)]
    )
    def test_round2_strictly_above_60_percent_S1(self, per_capita, expected):
        # 60 % x 13360 = 8016 exactly: at the line fails the strict > rule.
        assert village_exit(self._v("50000", per_capita), round=2, year=2015).outcome is expected

    @pytest.mark.parametrize(("collective", "expected"), [("50000", True), ("49999.99", False)])
    def test_round2_collective_50000_S1(self, collective, expected):
        assert village_exit(self._v(collective, "9000"), round=2, year=2015).outcome is expected

    def test_round2_needs_per_capita(self):
        with pytest.raises(InvalidRecordError, match="per_capita_income_by_year"):
            village_exit(self._v("50000"), round=2, year=2015)

    def test_round3_has_no_village_rule(self):
        with pytest.raises(MissingParameterError):
            village_exit(self._v("0", year=2018), round=3, year=2018)
        s = default_standards().with_overrides({"round3.village_target": "households_only"})
        assert village_exit(self._v("0", year=2018), round=3, year=2018, standards=s).outcome


class TestTrackHousehold:
    def test_early_exit_stays_tracked_S20(self):
        t = track_household(
            "h1",
            members=1,
            round=3,
            income_by_year={2016: D("6433"), 2017: D("7000"), 2018: D("7365")},
        )
        assert t.first_exit_year == 2016
        assert t.stable
        assert t.above_at_end

    def test_relapse_and_end_below(self):
        t = track_household(
            "h1", members=2, round=1, income_by_year={2010: D(5000), 2011: D(4999), 2012: D(4000)}
        )
        assert t.first_exit_year == 2010
        assert t.relapse_years == (2011, 2012)
        assert t.above_at_end is False
        assert not t.stable

    def test_never_exits(self):
        t = track_household(
            "h1", members=1, round=1, income_by_year={2010: D(1), 2011: D(1), 2012: D(1)}
        )
        assert not t.exited
        assert t.relapse_years == ()

    def test_missing_years_are_reported(self):
        t = track_household("h1", members=1, round=2, income_by_year={2013: D(9000)})
        assert t.missing_years == (2014, 2015)
        assert t.above_at_end is None
        assert len(t.decisions) == 1


class TestEvidence:
    def test_round_trip(self):
        h = HouseholdIncomeHistory(
            household_id="h1", village_id="v1", members=2, income_by_year={2012: "1.50"}
        )
        v = VillageIncomeHistory(
            village_id="v1", collective_income_by_year={2012: 3}, county_id="c1"
        )
        assert from_json(to_json(h), HouseholdIncomeHistory) == h
        assert from_json(to_json(v), VillageIncomeHistory) == v

    def test_bad_income_names_record(self):
        with pytest.raises(InvalidRecordError) as info:
            HouseholdIncomeHistory(
                household_id="h1", village_id="v1", members=2, income_by_year={2012: "1.555"}
            )
        assert info.value.record == "household h1"


class TestCertaintyTravels:
    """Issue 15: a round-2 exit in 2014 rests on the recalled 12246, in 2015 on the derived 13360."""

    def test_round2_2014_is_recalled_and_2015_derived(self):
        from shuangdao.citations import Certainty

        d14 = household_exit(
            "h1", members=1, income_by_year={2014: Decimal("9000")}, round=2, year=2014
        )
        d15 = household_exit(
            "h1", members=1, income_by_year={2015: Decimal("9000")}, round=2, year=2015
        )
        d13 = household_exit(
            "h1", members=1, income_by_year={2013: Decimal("9000")}, round=2, year=2013
        )
        assert d14.certainty is Certainty.RECALLED
        assert d15.certainty is Certainty.DERIVED
        assert d13.certainty is Certainty.CONFIRMED
        reason = d14.reason("household_income")
        assert reason.rests_on == ("statistics.provincial_rural_income.2014",)
        assert reason.citation.certainty is Certainty.RECALLED
        assert "rests on: statistics.provincial_rural_income.2014 (recalled)" in d14.explain()

    def test_the_exit_line_says_so_too(self):
        from shuangdao.citations import Certainty

        assert household_exit_line(2014, round=2).certainty is Certainty.RECALLED
        assert household_exit_line(2017, round=3).certainty is Certainty.CONFIRMED


R2_ALL: dict[str, Any] = {
    "all_in_ncms": True,
    "all_in_rural_pension": True,
    "eligible_in_dibao": True,
    "housing_rebuilt_or_relocated": True,
}
R3_ALL: dict[str, Any] = {
    "food_and_clothing_secure": True,
    "compulsory_education_secured": True,
    "basic_medical_care_secured": True,
    "safe_housing_secured": True,
}


class TestNonIncomeTargets:
    """Issue 15 item 8: the non-income targets are criteria of exit when supplied (S1, S21)."""

    @pytest.mark.parametrize(
        ("total", "exited"),
        [
            ("21003.20", False),  # 4 × 5251.05 − 1 yuan
            ("21004.19", False),  # one fen below the 2013 line for four persons
            ("21004.20", True),  # at the line (以上 includes it)
            ("21004.21", True),
            ("21005.20", True),  # +1 yuan
        ],
    )
    def test_round2_income_line_with_every_target_met_S1(self, total, exited):
        d = household_exit(
            "h1", members=4, income_by_year={2013: D(total)}, round=2, year=2013, **R2_ALL
        )
        assert d.outcome is exited
        assert d.not_assessed == ()
        assert d.code == ("selected" if exited else "not:household_income")

    @pytest.mark.parametrize("target", sorted(R2_ALL))
    def test_round2_any_target_missed_means_no_exit_whatever_the_income_S1(self, target):
        d = household_exit(
            "h1",
            members=1,
            income_by_year={2015: D("1000000")},
            round=2,
            year=2015,
            **{**R2_ALL, target: False},
        )
        assert d.outcome is False
        assert len(d.deciding) == 1
        assert d.reason(d.deciding[0]).observed is False

    @pytest.mark.parametrize("target", sorted(R3_ALL))
    def test_round3_two_no_worries_three_guarantees_S21(self, target):
        # 7365 × 2 = 14730 in 2018: at the line
        d = household_exit(
            "h1",
            members=2,
            income_by_year={2018: D("14730.00")},
            round=3,
            year=2018,
            **{**R3_ALL, target: False},
        )
        assert d.outcome is False
        ok = household_exit(
            "h1", members=2, income_by_year={2018: D("14730.00")}, round=3, year=2018, **R3_ALL
        )
        assert ok.outcome is True
        below = household_exit(
            "h1", members=2, income_by_year={2018: D("14729.99")}, round=3, year=2018, **R3_ALL
        )
        assert below.code == "not:household_income"

    def test_without_data_the_targets_are_not_assessed_never_met(self):
        d = household_exit(
            "h1", members=4, income_by_year={2013: D("21004.20")}, round=2, year=2013
        )
        assert d.outcome is True
        assert d.deciding == ("household_income",)
        assert d.not_assessed == ("ncms", "rural_pension", "dibao_coverage", "housing")
        for name in d.not_assessed:
            reason = d.reason(name)
            assert (reason.holds, reason.assessed, reason.observed) == (False, False, None)
        assert "not assessed" in d.explain()
        assert "未评估" in d.explain("zh")

    def test_a_partly_supplied_household_is_decided_on_what_was_assessed(self):
        d = household_exit(
            "h1",
            members=4,
            income_by_year={2013: D("21004.20")},
            round=2,
            year=2013,
            all_in_ncms=True,
            housing_rebuilt_or_relocated=None,
        )
        assert d.outcome is True
        assert d.deciding == ("household_income", "ncms")
        assert d.not_assessed == ("rural_pension", "dibao_coverage", "housing")

    def test_round_1_has_no_non_income_target(self):
        with pytest.raises(InvalidRecordError) as info:
            household_exit(
                "h1",
                members=1,
                income_by_year={2012: D("2500")},
                round=1,
                year=2012,
                all_in_ncms=True,
            )
        assert (info.value.record, info.value.field) == ("household h1", "all_in_ncms")

    def test_a_target_of_another_round_is_refused(self):
        with pytest.raises(InvalidRecordError, match="safe_housing_secured"):
            household_exit(
                "h1",
                members=1,
                income_by_year={2013: D("9000")},
                round=2,
                year=2013,
                safe_housing_secured=True,
            )

    def test_a_target_must_be_yes_no_or_missing(self):
        with pytest.raises(InvalidTypeError) as info:
            household_exit(
                "h1",
                members=1,
                income_by_year={2013: D("9000")},
                round=2,
                year=2013,
                all_in_ncms="yes",  # type: ignore[arg-type]
            )
        assert info.value.field == "all_in_ncms"

    def test_tracking_applies_the_targets_every_year(self):
        t = track_household(
            "h1",
            members=1,
            round=2,
            income_by_year={2013: D("9000"), 2014: D("9000"), 2015: D("9000")},
            **{**R2_ALL, "all_in_ncms": False},
        )
        assert t.first_exit_year is None

    def test_village_targets_basic_infrastructure_and_democratic_management_S1(self):
        base: dict[str, Any] = {
            "village_id": "v1",
            "collective_income_by_year": {2015: 50000},
            "per_capita_income_by_year": {2015: "8016.01"},
        }
        v = VillageIncomeHistory(**base)
        d = village_exit(v, round=2, year=2015)
        assert (d.outcome, d.not_assessed) == (
            True,
            ("basic_infrastructure", "democratic_management"),
        )
        v = VillageIncomeHistory(
            **base, basic_infrastructure_in_place=True, democratic_management_sound=False
        )
        d = village_exit(v, round=2, year=2015)
        assert (d.outcome, d.code, d.not_assessed) == (False, "not:democratic_management", ())
        v = VillageIncomeHistory(
            **{**base, "collective_income_by_year": {2015: "49999.99"}},
            basic_infrastructure_in_place="yes",
            democratic_management_sound="yes",
        )
        assert village_exit(v, round=2, year=2015).code == "not:collective_income"
