"""Subsidies, the poverty relief day and the fund checks on their declarations (issues 13, 15).

Unit tests at every boundary: the housing programme's first and last year (2011, 2015) and
one either side, Poverty Relief Day's first year (2010) and the year before, the subsidy tiers
on the scalar and the columnar path, exact instalments whatever the decimal context, and the
misuse checks' codes for whole tables.
"""

from __future__ import annotations

import datetime as dt
import decimal
from decimal import Decimal

import numpy as np
import pytest

from shuangdao.citations import Certainty
from shuangdao.errors import InvalidRecordError, InvalidTypeError, MissingParameterError
from shuangdao.model import Allocation, Disbursement, FundingLedger
from shuangdao.rules.funding import (
    DELAYED_FUNDS,
    HOUSING_SUBSIDY,
    MISDIRECTED_FUNDS,
    OUTSIDE_PLAN,
    POVERTY_RELIEF_DAY,
    UNSIGNED_FUNDS,
    WITHHELD_FUNDS,
    check_unsigned_funds,
    housing_subsidy,
    misuse_codes,
    poverty_relief_day,
    provincial_subsidy,
    subsidy_columns,
    subsidy_schedule,
)
from shuangdao.standards import default_standards
from shuangdao.standards.params import FundingParams as F
from shuangdao.standards.params import RegulationParams as R


class TestHousingSubsidy:
    """10,000 yuan per low-income household with housing difficulties, 2011–2015 (S13)."""

    @pytest.mark.parametrize(
        ("year", "eligible"),
        [(2010, False), (2011, True), (2013, True), (2015, True), (2016, False)],
    )
    def test_the_programme_years(self, year, eligible):
        d = housing_subsidy("H1", housing_difficulty=True, year=year)
        assert d.outcome is eligible
        assert d.value == (Decimal("10000.00") if eligible else Decimal("0.00"))
        assert d.code == ("selected" if eligible else "not:programme_year")
        assert d.certainty is Certainty.CONFIRMED

    def test_only_households_with_housing_difficulties(self):
        d = housing_subsidy("H1", housing_difficulty=False, year=2012)
        assert (d.outcome, d.code, d.value) == (False, "not:housing_difficulty", Decimal("0.00"))
        assert "2011–2015" in d.explain("en")

    def test_the_programme_and_amount_are_parameters(self):
        s = default_standards().with_overrides(
            {
                F.housing_subsidy_first_year: 2012,
                F.housing_subsidy_years: 2,
                F.housing_subsidy_per_household: "15000",
            }
        )
        assert not housing_subsidy("H", housing_difficulty=True, year=2011, standards=s).outcome
        d = housing_subsidy("H", housing_difficulty=True, year=2013, standards=s)
        assert (d.outcome, d.value) == (True, Decimal("15000.00"))
        assert not housing_subsidy("H", housing_difficulty=True, year=2014, standards=s).outcome

    def test_columnar(self):
        columns = {
            "housing_difficulty": np.array([True, True, True, False]),
            "year": np.array([2010, 2011, 2016, 2012]),
        }
        evaluated = HOUSING_SUBSIDY.bind().evaluate(columns)
        assert evaluated.codes().to_pylist() == [
            "not:programme_year",
            "selected",
            "not:programme_year",
            "not:housing_difficulty",
        ]

    def test_bad_input_names_the_field(self):
        with pytest.raises(InvalidTypeError, match="housing_difficulty='yes' must be a boolean"):
            housing_subsidy("H1", housing_difficulty="yes", year=2012)  # type: ignore[arg-type]


class TestPovertyReliefDay:
    """30 June every year (regulation art. 6, S14), held since 2010 (approved 2010-06-04)."""

    def test_the_first_year(self):
        assert poverty_relief_day(2010) == dt.date(2010, 6, 30)
        assert poverty_relief_day(2012) == dt.date(2012, 6, 30)

    def test_the_year_before_it_existed_is_refused(self):
        with pytest.raises(InvalidRecordError, match="year=2009 is before") as info:
            poverty_relief_day(2009)
        assert info.value.rule == str(R.poverty_relief_day)

    @pytest.mark.parametrize("bad", ["2012", 2012.0, True, None])
    def test_not_a_year(self, bad):
        with pytest.raises(InvalidTypeError, match="must be a year"):
            poverty_relief_day(bad)  # type: ignore[arg-type]

    def test_the_declaration_names_its_parameters_and_sources(self):
        assert POVERTY_RELIEF_DAY.keys == (
            str(R.poverty_relief_day),
            str(R.poverty_relief_day_since),
        )
        assert POVERTY_RELIEF_DAY.citation.source_ids == ("S14", "SOOLUN2010")
        s = default_standards()
        assert s.citation(R.poverty_relief_day_since).source_ids == ("SOOLUN2010",)

    def test_the_first_year_is_a_parameter(self):
        s = default_standards().with_overrides({R.poverty_relief_day_since: 2012})
        with pytest.raises(InvalidRecordError):
            poverty_relief_day(2011, standards=s)
        assert poverty_relief_day(2012, standards=s) == dt.date(2012, 6, 30)


class TestSubsidyColumns:
    """The round-2 subsidy for many villages: the same answers as provincial_subsidy (S2)."""

    def test_tiers_special_and_not_eligible(self):
        columns = {
            "assisted_by": np.array(
                ["provincial_unit", "central_unit", "own_county", "prd_city", "own_city"],
                dtype=object,
            ),
            "special_county": np.array([False, False, True, False, False]),
            "tier": np.array([1, 2, 0, 3, 3]),
        }
        out = subsidy_columns(columns)
        assert out["amount"].tolist() == [90_000_000, 75_000_000, 100_000_000, 0, 60_000_000]
        assert out["code"].tolist() == [
            "eligible",
            "eligible",
            "eligible",
            "not_eligible",
            "eligible",
        ]
        for i in range(5):
            tier = int(columns["tier"][i]) or None
            d = provincial_subsidy(
                f"V{i}",
                tier=tier,
                special_county=bool(columns["special_county"][i]),
                assisted_by=str(columns["assisted_by"][i]),
            )
            assert isinstance(d.value, Decimal)
            assert int(d.value.scaleb(2)) == out["amount"][i]
            assert d.code == out["code"][i]

    def test_a_row_without_a_valid_tier_is_named(self):
        columns = {
            "assisted_by": np.array(["provincial_unit", "provincial_unit"], dtype=object),
            "special_county": np.array([False, False]),
            "tier": np.array([1, 4]),
        }
        with pytest.raises(InvalidRecordError, match="row 1: tier=4 must be one of 1, 2, 3"):
            subsidy_columns(columns)

    def test_the_scalar_path_still_requires_a_tier(self):
        with pytest.raises(MissingParameterError, match="tier"):
            provincial_subsidy("V", tier=None, special_county=False, assisted_by="own_city")


class TestScheduleIsExact:
    """Instalments add up exactly and do not depend on the caller's decimal context."""

    @pytest.mark.parametrize("prec", [4, 6, 28])
    def test_whatever_the_context(self, prec):
        with decimal.localcontext(decimal.Context(prec=prec, rounding=decimal.ROUND_DOWN)):
            schedule = subsidy_schedule(Decimal("750000"))
        assert [i.amount for i in schedule] == [Decimal("375000.00"), Decimal("375000.00")]

    def test_odd_fen_go_half_even_then_the_remainder(self):
        s = default_standards().with_overrides(
            {
                F.subsidy_instalment_shares: {
                    "1": "0.3333333333333333333333333333333",
                    "2": "0.6666666666666666666666666666667",
                }
            }
        )
        first, second = subsidy_schedule(Decimal("100.01"), standards=s)
        assert (first.amount, second.amount) == (Decimal("33.34"), Decimal("66.67"))
        assert first.amount + second.amount == Decimal("100.01")


class TestMisuseCodes:
    """A whole table's codes: the situation found (the triggers' vocabulary) or ``ok``."""

    def test_unsigned(self):
        codes = misuse_codes(
            UNSIGNED_FUNDS,
            {
                "signed_by_village_head": np.array([True, False, True, True]),
                "signed_by_household_head": np.array([True, True, False, False]),
                "to_household": np.array([True, False, True, False]),
            },
        )
        assert codes.tolist() == ["ok", "not_signed_for", "not_signed_for", "ok"]

    @pytest.mark.parametrize(("days", "code"), [(89, "ok"), (90, "ok"), (91, "delayed_funds")])
    def test_delayed_at_the_limit(self, days, code):
        s = default_standards().with_overrides({F.disbursement_limit_days: 90})
        codes = misuse_codes(DELAYED_FUNDS, {"days_to_last_payment": np.array([days])}, standards=s)
        assert codes.tolist() == [code]

    def test_delayed_needs_a_limit(self):
        with pytest.raises(MissingParameterError, match="disbursement_limit_days"):
            misuse_codes(DELAYED_FUNDS, {"days_to_last_payment": np.array([1])})

    def test_withheld_in_fen(self):
        codes = misuse_codes(
            WITHHELD_FUNDS,
            {"paid": np.array([9_999_999, 10_000_000]), "amount": np.array([10_000_000] * 2)},
        )
        assert codes.tolist() == ["withheld_funds", "ok"]

    def test_outside_plan(self):
        plans = np.empty(3, dtype=object)
        plans[:] = [(), ("housing",), ("industry",)]
        codes = misuse_codes(
            OUTSIDE_PLAN,
            {
                "without_plan": np.array([True, False, False]),
                "purpose": np.array(["housing", "housing", "housing"], dtype=object),
                "plan_measures": plans,
            },
        )
        assert codes.tolist() == ["no_spending_plan", "ok", "misused_funds"]

    def test_misdirected(self):
        codes = misuse_codes(MISDIRECTED_FUNDS, {"not_assisted": np.array([True, False])})
        assert codes.tolist() == ["misdirected_approval", "ok"]

    def test_village_funds_name_why_no_household_head_signs(self):
        ledger = FundingLedger().allocate(
            Allocation(
                allocation_id="A1",
                origin="charity",
                level="city",
                purpose="housing",
                recipient_kind="village",
                recipient_id="V1",
                on=dt.date(2013, 1, 1),
                amount=5000,
            )
        )
        d = Disbursement(
            disbursement_id="D1",
            allocation_id="A1",
            on=dt.date(2013, 2, 1),
            amount=5000,
            signed_by_village_head=True,
        )
        decision = check_unsigned_funds(d, ledger=ledger.disburse(d))
        assert decision.code == "ok"
        note = decision.reason("funding.unsigned.household_head").note_en
        assert note == "funds paid to a village need no household head"
