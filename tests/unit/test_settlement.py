"""Three-year settlement (三年结硬帐): published thresholds and their boundaries."""

import doctest
from decimal import Decimal

import pytest

import shuangdao.rules.settlement as settlement
from shuangdao.errors import InvalidRecordError, UnknownReferenceError
from shuangdao.model import HouseholdIncomeHistory as H
from shuangdao.model import VillageIncomeHistory as V
from shuangdao.quantities import Comparator
from shuangdao.rules.settlement import settle_county, settle_round, settle_village, share_holds
from shuangdao.standards import default_standards

D = Decimal


def test_module_doctests():
    assert doctest.testmod(settlement).failed == 0


def _hh(n_pass, n_fail, *, year, line, members=1, village="v1", able=True):
    passing = [
        H(
            household_id=f"p{i}",
            village_id=village,
            members=members,
            income_by_year={year: D(line) * members},
            has_labour_capacity=able,
        )
        for i in range(n_pass)
    ]
    failing = [
        H(
            household_id=f"f{i}",
            village_id=village,
            members=members,
            income_by_year={year: D(line) * members - D("0.01")},
            has_labour_capacity=able,
        )
        for i in range(n_fail)
    ]
    return passing + failing


class TestShareHolds:
    def test_exact_80_percent(self):
        assert share_holds(80, 100, D("0.80"), Comparator.GE)
        assert not share_holds(79, 100, D("0.80"), Comparator.GE)
        assert share_holds(4, 5, D("0.8"), Comparator.GE)
        assert not share_holds(4, 5, D("0.8"), Comparator.GT)


class TestSettleVillage:
    def _v1(self, collective="30000"):
        return V(village_id="v1", collective_income_by_year={2012: collective})

    def test_round1_80_percent_of_persons_exactly_passes_S11(self):
        d = settle_village(self._v1(), households=_hh(8, 2, year=2012, line="2500"), round=1)
        assert d.outcome
        assert d.value == D("0.8000")

    def test_round1_just_below_80_percent_fails_S11(self):
        d = settle_village(self._v1(), households=_hh(79, 21, year=2012, line="2500"), round=1)
        assert not d.outcome
        assert d.deciding == ("persons_share",)
        # every failing household is named
        assert {r.criterion for r in d.reasons if r.criterion.startswith("household.")} == {
            f"household.f{i}" for i in range(21)
        }

    def test_round1_weights_by_persons_not_households(self):
        hs = [
            H(household_id="big", village_id="v1", members=8, income_by_year={2012: D(20000)}),
            H(household_id="s1", village_id="v1", members=1, income_by_year={2012: D(0)}),
            H(household_id="s2", village_id="v1", members=1, income_by_year={2012: D(0)}),
        ]
        d = settle_village(self._v1(), households=hs, round=1)
        assert d.outcome  # 8 of 10 persons, though only 1 of 3 households

    def test_round1_2500_exactly_counts(self):
        hs = [H(household_id="h1", village_id="v1", members=4, income_by_year={2012: D("10000")})]
        assert settle_village(self._v1(), households=hs, round=1).outcome
        hs = [H(household_id="h1", village_id="v1", members=4, income_by_year={2012: D("9999.99")})]
        assert not settle_village(self._v1(), households=hs, round=1).outcome

    @pytest.mark.parametrize(("collective", "expected"), [("30000", True), ("29999.99", False)])
    def test_round1_collective_30000_S3(self, collective, expected):
        d = settle_village(
            self._v1(collective), households=_hh(1, 0, year=2012, line="2500"), round=1
        )
        assert d.outcome is expected
        if not expected:
            assert "village.v1.collective_income" in d.deciding

    def _v2(self, per_capita="9000", collective="50000"):
        return V(
            village_id="v1",
            collective_income_by_year={2015: collective},
            per_capita_income_by_year={2015: per_capita},
        )

    def test_round2_households_at_45_percent_of_that_years_average_S1(self):
        line = D("0.45") * D("13360")  # 6012 for 2015
        assert settle_village(
            self._v2(), households=_hh(3, 0, year=2015, line=line), round=2
        ).outcome
        d = settle_village(self._v2(), households=_hh(3, 1, year=2015, line=line), round=2)
        assert not d.outcome
        assert "household.f0" in {r.criterion for r in d.reasons}

    def test_round2_45_percent_of_11669_in_2013(self):
        hs = _hh(1, 0, year=2013, line="5251.05", members=4)
        v = V(
            village_id="v1",
            collective_income_by_year={2013: 50000},
            per_capita_income_by_year={2013: 9000},
        )
        assert settle_village(v, households=hs, round=2, year=2013).outcome
        hs = _hh(0, 1, year=2013, line="5251.05", members=4)
        assert not settle_village(v, households=hs, round=2, year=2013).outcome

    @pytest.mark.parametrize(("per_capita", "expected"), [("8016", False), ("8016.01", True)])
    def test_round2_village_at_exactly_60_percent_fails_strict_rule_S1(self, per_capita, expected):
        d = settle_village(
            self._v2(per_capita=per_capita), households=_hh(1, 0, year=2015, line="6012"), round=2
        )
        assert d.outcome is expected

    @pytest.mark.parametrize(("collective", "expected"), [("50000", True), ("49999.99", False)])
    def test_round2_collective_50000_S1(self, collective, expected):
        d = settle_village(
            self._v2(collective=collective), households=_hh(1, 0, year=2015, line="6012"), round=2
        )
        assert d.outcome is expected

    def test_round2_households_without_labour_are_listed_not_counted(self):
        hs = [
            *_hh(1, 0, year=2015, line="6012"),
            H(
                household_id="w",
                village_id="v1",
                members=2,
                income_by_year={2015: 0},
                has_labour_capacity=False,
            ),
        ]
        d = settle_village(self._v2(), households=hs, round=2)
        assert d.outcome
        assert d.reason("household.w.not_counted")

    @pytest.mark.parametrize(("total", "expected"), [("22095", True), ("22094.99", False)])
    def test_round3_households_reach_2018_line_S20(self, total, expected):
        v = V(village_id="v1", collective_income_by_year={})
        hs = [H(household_id="h1", village_id="v1", members=3, income_by_year={2018: D(total)})]
        assert settle_village(v, households=hs, round=3).outcome is expected

    def test_explains_in_both_languages(self):
        d = settle_village(
            self._v1("29999.99"), households=_hh(1, 1, year=2012, line="2500"), round=1
        )
        assert "f0" in d.explain("en")
        assert "f0" in d.explain("zh")

    def test_errors(self):
        with pytest.raises(InvalidRecordError, match="missing"):
            settle_village(self._v1(), households=_hh(1, 0, year=2011, line="2500"), round=1)
        with pytest.raises(UnknownReferenceError):
            settle_village(
                self._v1(), households=_hh(1, 0, year=2012, line="2500", village="v2"), round=1
            )
        with pytest.raises(InvalidRecordError, match="twice"):
            settle_village(self._v1(), households=_hh(1, 0, year=2012, line="2500") * 2, round=1)
        with pytest.raises(InvalidRecordError, match="no counted"):
            settle_village(self._v1(), households=[], round=1)


class TestSettleCounty:
    def test_every_failing_village_is_named(self):
        vs = [
            V(
                village_id=f"v{i}",
                county_id="c1",
                collective_income_by_year={2012: 29000 + 1000 * i},
            )
            for i in range(3)
        ]
        hs = [
            H(household_id=f"h{i}", village_id=f"v{i}", members=1, income_by_year={2012: 2500})
            for i in range(3)
        ]
        d = settle_county("c1", villages=vs, households=hs, round=1)
        assert not d.outcome
        assert d.deciding == ("villages_target", "village.v0.collective_income")

    def test_village_of_another_county(self):
        vs = [V(village_id="v1", county_id="c2", collective_income_by_year={2012: 1})]
        with pytest.raises(InvalidRecordError, match="another county"):
            settle_county("c1", villages=vs, households=[], round=1)


class TestSettleRound:
    def test_round_subject(self):
        v = V(village_id="v1", collective_income_by_year={2012: 40000})
        d = settle_round(1, villages=[v], households=_hh(4, 1, year=2012, line="2500"))
        assert d.outcome
        assert d.subject_kind == "round"
        assert d.rule == "settlement.round1.round"

    def test_target_share_from_standards(self):
        s = default_standards().with_overrides({"round1.target_share": "0.81"})
        v = V(village_id="v1", collective_income_by_year={2012: 40000})
        assert not settle_round(
            1, villages=[v], households=_hh(80, 20, year=2012, line="2500"), standards=s
        ).outcome


class TestNonIncomeTargets:
    """Issue 15 item 8: the settlement holds each household to the whole exit rule (S1, S21)."""

    def _village(self, **targets):
        return V(
            village_id="v1",
            collective_income_by_year={2015: 60000},
            per_capita_income_by_year={2015: 9000},
            **targets,
        )

    def _households(self, housing):
        return [
            H(
                household_id=f"h{i}",
                village_id="v1",
                members=2,
                income_by_year={2015: D("13000")},
                all_in_ncms=True,
                all_in_rural_pension=True,
                eligible_in_dibao=True,
                housing_rebuilt_or_relocated=housing[i],
            )
            for i in range(len(housing))
        ]

    def test_a_missed_target_keeps_a_household_out_of_the_share_S1(self):
        d = settle_village(self._village(), households=self._households([True, False]), round=2)
        assert (d.outcome, d.code, d.value) == (False, "not:persons_share", D("0.5000"))
        listed = d.reason("household.h1.housing")
        assert listed.observed is False

    def test_targets_without_data_are_listed_as_not_assessed_with_their_counts(self):
        d = settle_village(self._village(), households=self._households([None, None]), round=2)
        assert d.outcome is True  # the income line and the targets supplied hold
        assert d.not_assessed == (
            "households.housing",
            "villages.basic_infrastructure",
            "villages.democratic_management",
        )
        reason = d.reason("households.housing")
        assert (reason.observed, reason.holds, reason.assessed) == (2, False, False)
        assert "villages_target" in d.deciding  # the village's assessed targets still decide

    def test_a_village_target_supplied_and_missed_fails_the_settlement_S1(self):
        village = self._village(basic_infrastructure_in_place=False)
        d = settle_village(village, households=self._households([True]), round=2)
        assert d.code == "not:villages_target+village.v1.basic_infrastructure"
        assert "villages.democratic_management" in d.not_assessed
        assert "villages.basic_infrastructure" not in d.not_assessed
