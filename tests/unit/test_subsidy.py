"""Unit tests for round 2's provincial subsidy (S2; brief §3, rule R10)."""

from decimal import Decimal

import pytest

from shuangdao.citations import Certainty
from shuangdao.errors import InvalidRecordError, MissingParameterError, StandardsError
from shuangdao.model import AssistedBy
from shuangdao.rules.funding import provincial_subsidy, subsidy_schedule
from shuangdao.standards import default_standards


class TestProvincialSubsidy:
    """Tier → amount; special counties; eligibility."""

    @pytest.mark.parametrize(("tier", "amount"), [(1, "900000"), (2, "750000"), (3, "600000")])
    def test_tier_amounts_S2(self, tier, amount):
        """90万 / 75万 / 60万 by tier."""
        d = provincial_subsidy("V1", tier=tier, special_county=False, assisted_by="provincial_unit")
        assert d.outcome
        assert d.value == Decimal(amount)
        assert d.round == 2

    def test_special_county_gets_one_million_whatever_the_tier_S2(self):
        """100万 in a former Central-Soviet or minority autonomous county."""
        for tier in (None, 1, 3):
            d = provincial_subsidy("V1", tier=tier, special_county=True, assisted_by="own_county")
            assert d.value == Decimal("1000000")

    @pytest.mark.parametrize("who", ["central_unit", "provincial_unit", "own_city", "own_county"])
    def test_eligible_assistance_S2(self, who):
        """Provincial/central units and the village's own city or county."""
        assert provincial_subsidy("V1", tier=3, special_county=False, assisted_by=who).outcome

    def test_prd_paired_village_is_not_eligible_R(self):
        """PRD-paired villages are presumably funded by the PRD city [R]."""
        d = provincial_subsidy("V1", tier=1, special_county=False, assisted_by=AssistedBy.PRD_CITY)
        assert not d.outcome
        assert d.value == 0
        assert d.code == "not_eligible"
        assert "presumably" in d.explain()

    def test_tier_is_an_input(self):
        """Tier thresholds were never published: no tier, no amount."""
        with pytest.raises(MissingParameterError, match="never published"):
            provincial_subsidy("V1", tier=None, special_county=False, assisted_by="own_city")
        with pytest.raises(InvalidRecordError, match="tier"):
            provincial_subsidy("V1", tier=4, special_county=False, assisted_by="own_city")
        with pytest.raises(InvalidRecordError, match="assisted_by"):
            provincial_subsidy("V1", tier=1, special_county=False, assisted_by="charity")

    def test_amounts_are_overridable(self):
        """A scenario can change the tier amounts."""
        s = default_standards().with_overrides(
            {"funding.subsidy_tiers": {"1": "1", "2": "2", "3": "3"}}
        )
        d = provincial_subsidy(
            "V", tier=2, special_county=False, assisted_by="own_city", standards=s
        )
        assert d.value == Decimal("2.00")


class TestSubsidySchedule:
    """Two instalments, 2013 and 2014 (S2); the split is assumed."""

    def test_two_instalments_add_up(self):
        """50/50 by default; years 2013 and 2014; the split is tagged assumed."""
        d = provincial_subsidy("V1", tier=1, special_county=False, assisted_by="own_city")
        schedule = subsidy_schedule(d)
        assert [(i.year, i.amount) for i in schedule] == [
            (2013, Decimal("450000.00")),
            (2014, Decimal("450000.00")),
        ]
        assert schedule[0].certainty is Certainty.ASSUMED

    def test_remainder_goes_to_the_last_instalment(self):
        """Uneven splits stay exact to the fen."""
        s = default_standards().with_overrides(
            {"funding.subsidy_instalment_shares": {"1": "0.3333", "2": "0.6667"}}
        )
        schedule = subsidy_schedule(Decimal("0.03"), standards=s)
        assert sum(i.amount for i in schedule) == Decimal("0.03")

    def test_not_eligible_means_no_instalments(self):
        """Zero subsidy: empty schedule."""
        d = provincial_subsidy("V1", tier=1, special_county=False, assisted_by="prd_city")
        assert subsidy_schedule(d) == ()

    def test_bad_shares(self):
        """Shares must add to 1 and match the years."""
        s = default_standards().with_overrides(
            {"funding.subsidy_instalment_shares": {"1": "0.5", "2": "0.4"}}
        )
        with pytest.raises(StandardsError, match="add up to 1"):
            subsidy_schedule(Decimal(1), standards=s)
        s = default_standards().with_overrides({"funding.subsidy_instalment_shares": {"1": "1"}})
        with pytest.raises(StandardsError, match="same instalments"):
            subsidy_schedule(Decimal(1), standards=s)
