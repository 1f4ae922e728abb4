"""Property tests for the outcome metrics (FGT bounds and monotonicity; agreement with the
identification comparison; objects == tables).
"""

from decimal import Decimal
from fractions import Fraction

import pyarrow as pa
from hypothesis import given
from hypothesis import strategies as st

from shuangdao.metrics import (
    fgt_fraction,
    fgt_index,
    livelihood_coverage,
    poverty_headcount_ratio,
    regional_difference_coefficient,
)
from shuangdao.model import Household
from shuangdao.quantities import Comparator, compare_per_capita
from shuangdao.rules.identification import identify_household_round3
from shuangdao.testing import households, money_amounts
from shuangdao.testing._funding import regions, village_livelihoods

lists = st.lists(households(max_per_capita=8000), min_size=1, max_size=12)
lines = money_amounts(min_value=1, max_value=9000)
comparators = st.sampled_from([Comparator.LT, Comparator.LE])


@given(lists, lines, lines, comparators, st.sampled_from([0, 1, 2]))
def test_fgt_in_unit_interval_and_monotone_in_the_line(hs, a, b, comparator, alpha):
    """0 <= P_alpha <= 1, and a higher line never lowers it."""
    low, high = sorted((a, b))
    p_low = fgt_fraction(hs, low, alpha=alpha, comparator=comparator)
    p_high = fgt_fraction(hs, high, alpha=alpha, comparator=comparator)
    assert 0 <= p_low <= p_high <= 1
    assert fgt_index(hs, low, alpha=alpha, comparator=comparator) <= fgt_index(
        hs, high, alpha=alpha, comparator=comparator
    )


@given(lists, lines, st.sampled_from(["0.5", "1.5", "3"]))
def test_fgt_fractional_alpha_bounded(hs, line, alpha):
    """Non-integer alpha stays within [0, 1] and below P0."""
    value = fgt_index(hs, line, alpha=alpha)
    assert 0 <= value <= 1
    assert value <= fgt_index(hs, line, alpha=0)


@given(lists, lines, st.sampled_from(list(Comparator)))
def test_headcount_equals_the_identification_comparison(hs, line, comparator):
    """P0 is the persons' share of the households compare_per_capita selects."""
    if comparator in (Comparator.GE, Comparator.GT):
        comparator = comparator.negated
    selected = sum(
        h.members for h in hs if compare_per_capita(h.income, h.members, comparator, line)[0]
    )
    expected = Fraction(selected, sum(h.members for h in hs))
    assert poverty_headcount_ratio(hs, line, comparator=comparator) == expected


@given(st.lists(households(max_per_capita=8000), min_size=1, max_size=12))
def test_headcount_equals_round3_identification(hs):
    """Against identify_household_round3 with its own line and comparator (< 4000)."""
    hs = [
        Household(
            household_id=h.household_id,
            village_id=h.village_id,
            members=h.members,
            income=h.income,
            has_labour_capacity=h.has_labour_capacity,
            income_measure="disposable",
        )
        for h in hs
    ]
    selected = sum(h.members for h in hs if identify_household_round3(h).outcome)
    expected = Fraction(selected, sum(h.members for h in hs))
    assert poverty_headcount_ratio(hs, "round3.household_line") == expected


@given(lists, lines)
def test_objects_and_tables_agree(hs, line):
    """The Arrow path gives identical results."""
    table = pa.table(
        {
            "income": pa.array([h.income for h in hs], pa.decimal128(15, 2)),
            "members": [h.members for h in hs],
        }
    )
    for alpha in (0, 1, 2):
        assert fgt_fraction(table, line, alpha=alpha) == fgt_fraction(hs, line, alpha=alpha)


@given(st.lists(regions(), min_size=1, max_size=8), st.booleans())
def test_regional_coefficient_tables_agree_and_nonnegative(rs, weighted):
    """CV >= 0; Arrow and objects agree; scaling every GDP leaves it unchanged."""
    value = regional_difference_coefficient(rs, weighted=weighted)
    assert value >= 0
    table = pa.table({"gdp": [r.gdp for r in rs], "population": [r.population for r in rs]})
    assert regional_difference_coefficient(table, weighted=weighted) == value
    scaled = pa.table({"gdp": [r.gdp * 7 for r in rs], "population": [r.population for r in rs]})
    assert regional_difference_coefficient(scaled, weighted=weighted) == value


@given(st.lists(village_livelihoods(), min_size=1, max_size=8))
def test_coverage_share_in_unit_interval(vs):
    """Coverage is a share; met exactly at 100 %."""
    for indicator in ("hardened_road", "safe_water", "housing_rebuilt"):
        c = livelihood_coverage(vs, indicator)
        assert 0 <= c.share <= 1
        assert c.met == (c.share == 1)


def test_decimal_places_are_declared():
    """Rounded results carry the declared 12 places."""
    h = [Household(household_id="h", village_id="v", members=3, income=1, has_labour_capacity=True)]
    assert fgt_index(h, 1, alpha=1).as_tuple().exponent == -12
    assert isinstance(fgt_index(h, 1, alpha=1), Decimal)
