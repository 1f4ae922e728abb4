"""Unit tests for the outcome metrics (FGT 1984; Williamson 1965; seed p. 5; S11, S30, S31)."""

from decimal import Decimal
from fractions import Fraction

import pyarrow as pa
import pytest

from shuangdao.errors import InvalidRecordError, InvalidTypeError
from shuangdao.metrics import (
    LivelihoodIndicator,
    Region,
    VillageLivelihood,
    fgt_fraction,
    fgt_index,
    livelihood_coverage,
    poor_persons,
    poverty_gap_index,
    poverty_headcount_ratio,
    regional_difference_coefficient,
    resolve_line,
    share_meeting_target,
    squared_poverty_gap_index,
    urban_rural_income_ratio,
)
from shuangdao.model import Household
from shuangdao.quantities import Comparator
from shuangdao.standards import default_standards


def households(*pairs):
    """Households from ``(income, members)`` pairs."""
    return [
        Household(
            household_id=f"h{i}", village_id="v", members=m, income=inc, has_labour_capacity=True
        )
        for i, (inc, m) in enumerate(pairs)
    ]


def table(hs):
    """The Arrow table of households (decimal yuan)."""
    return pa.table(
        {
            "income": pa.array([h.income for h in hs], pa.decimal128(15, 2)),
            "members": [h.members for h in hs],
        }
    )


TEXTBOOK = households((1, 1), (2, 1), (3, 1), (4, 1))


class TestSeedArithmetic:
    """The seed's published outcome figures, as cited data (outcomes.toml)."""

    s = default_standards()

    def test_household_income_7762_exceeds_target_2500_SEED(self):
        """7762 yuan against the '2500元以上' target (S11, SEED)."""
        assert self.s.value("outcomes.household_per_capita_income_2012") == Decimal("7762")
        assert self.s.value("round1.exit_comparator").holds(
            self.s.value("outcomes.household_per_capita_income_2012"),
            self.s.value("round1.exit_line"),
        )

    def test_wage_income_5744_is_74_percent_of_net_income_SEED(self):
        """5744 / 7762 = 0.7400 (74 %)."""
        wage = self.s.value("outcomes.wage_income_2012")
        net = self.s.value("outcomes.household_per_capita_income_2012")
        assert (wage / net).quantize(Decimal("0.01")) == self.s.value(
            "outcomes.wage_income_share_2012"
        )

    def test_collective_income_average_above_30000_SEED(self):
        """Every village ≥ 3万, average 11.09万 (so the average is above the standard)."""
        assert self.s.value("outcomes.village_collective_income_average_2012") == Decimal("110900")
        assert self.s.value("outcomes.villages_collective_target_share_2012") == 1
        assert self.s.value("outcomes.village_collective_income_average_2012") >= self.s.value(
            "round1.village_collective_target"
        )

    def test_disparity_figures_fell_SEED_S31(self):
        """0.75 → 0.63 (national 0.62) and 3.15 → 2.83."""
        rdc = self.s.value("outcomes.regional_difference_coefficient")
        assert rdc["2007"] == Decimal("0.75") > rdc["2012"] == Decimal("0.63")
        assert self.s.value("outcomes.regional_difference_coefficient_national") == Decimal("0.62")
        ratio = self.s.value("outcomes.urban_rural_income_ratio")
        assert ratio["2007"] == Decimal("3.15") > ratio["2012"] == Decimal("2.83")

    def test_funds_S30_S13_and_liannan_SEED(self):
        """175.5亿 round-1 total; 1万 per household housing; 连南 2亿+ into 1083 projects."""
        assert self.s.value("outcomes.round1_total_funds") == Decimal("17550000000")
        assert self.s.value("funding.housing_subsidy_per_household") == Decimal("10000")
        assert self.s.value("outcomes.liannan_projects") == 1083
        average = self.s.value("outcomes.liannan_funds_at_least") / 1083
        assert average > Decimal("184000")  # more than 18.4万 per project on average

    def test_livelihood_all_100_percent_SEED(self):
        """Roads, water and housing all at 100 %."""
        assert set(self.s.value("outcomes.livelihood_coverage_2012").values()) == {Decimal(1)}


class TestResolveLine:
    """Lines by key or amount, with their comparators."""

    def test_key_and_companion_comparator(self):
        """round1 uses 以下 (<=), round2 低于 (<)."""
        assert resolve_line("round1.household_line", default=Comparator.LT)[1] is Comparator.LE
        assert resolve_line("round2.household_line", default=Comparator.LE)[1] is Comparator.LT

    def test_amount_uses_the_default(self):
        """A number has no companion."""
        assert resolve_line(3, default=Comparator.LT) == (Decimal("3.00"), Comparator.LT)

    def test_errors(self):
        """Lines by year need a year; non-money keys are rejected."""
        with pytest.raises(InvalidRecordError, match="year"):
            resolve_line("round3.exit_lines", default=Comparator.LT)
        with pytest.raises(InvalidTypeError):
            resolve_line("round2.household_ratio", default=Comparator.LT)


class TestFgtFraction:
    """Textbook values on hand-made distributions (FGT 1984)."""

    def test_incomes_1_2_3_4_line_3(self):
        """P0 = 1/2, P1 = (2/3 + 1/3)/4 = 1/4, P2 = ((2/3)² + (1/3)²)/4 = 5/36."""
        assert fgt_fraction(TEXTBOOK, 3, alpha=0) == Fraction(1, 2)
        assert fgt_fraction(TEXTBOOK, 3, alpha=1) == Fraction(1, 4)
        assert fgt_fraction(TEXTBOOK, 3, alpha=2) == Fraction(5, 36)

    def test_at_or_below_counts_the_line(self):
        """With <= the household at the line is poor but has no gap."""
        assert fgt_fraction(TEXTBOOK, 3, alpha=0, comparator=Comparator.LE) == Fraction(3, 4)
        assert fgt_fraction(TEXTBOOK, 3, alpha=1, comparator=Comparator.LE) == Fraction(1, 4)

    def test_persons_weighting(self):
        """A household of 3 at per-capita 1 weighs three persons."""
        hs = households((3, 3), (4, 1))
        assert fgt_fraction(hs, 2, alpha=0) == Fraction(3, 4)
        assert fgt_fraction(hs, 2, alpha=0, weight="households") == Fraction(1, 2)
        assert fgt_fraction(hs, 2, alpha=1) == Fraction(3, 8)

    def test_bad_alpha_and_empty(self):
        """Alpha must be a whole number >= 0; data must not be empty."""
        with pytest.raises(InvalidRecordError):
            fgt_fraction(TEXTBOOK, 3, alpha=-1)
        with pytest.raises(InvalidRecordError):
            fgt_fraction([], 3, alpha=0)


class TestFgtIndex:
    """Rounded results, any alpha."""

    def test_rounded_p2(self):
        """5/36 = 0.138888888889 at 12 places (half-even)."""
        assert fgt_index(TEXTBOOK, 3, alpha=2) == Decimal("0.138888888889")

    def test_fractional_alpha(self):
        """alpha = 0.5 on a single gap of 1/2: sqrt(1/2)."""
        assert fgt_index(households((1, 1)), 2, alpha="0.5", places=6) == Decimal("0.707107")

    def test_integer_decimal_alpha_is_exact(self):
        """alpha = Decimal('2') takes the exact path."""
        assert fgt_index(TEXTBOOK, 3, alpha=Decimal(2)) == squared_poverty_gap_index(TEXTBOOK, 3)


class TestPovertyHeadcountRatio:
    """P0 against lines in the standards."""

    @pytest.mark.parametrize(
        ("income", "poor"), [("12371.99", True), ("12372.00", False), ("12372.01", False)]
    )
    def test_round2_line_boundary(self, income, poor):
        """低于3093: a 4-person household at exactly 12372 is not poor."""
        hs = households((income, 4))
        assert poverty_headcount_ratio(hs, "round2.household_line") == (1 if poor else 0)

    @pytest.mark.parametrize(
        ("income", "poor"), [("1499.99", True), ("1500.00", True), ("1500.01", False)]
    )
    def test_round1_line_boundary(self, income, poor):
        """1500元以下 includes 1500."""
        assert poverty_headcount_ratio(households((income, 1)), "round1.household_line") == (
            1 if poor else 0
        )

    def test_exit_line_counts_those_not_exited(self):
        """A target (>=) line: the 'poor' are those below 2500."""
        hs = households(("2499.99", 1), ("2500", 1))
        assert poverty_headcount_ratio(hs, "round1.exit_line") == Fraction(1, 2)


class TestPovertyGapIndex:
    """P1."""

    def test_textbook(self):
        """0.25."""
        assert poverty_gap_index(TEXTBOOK, 3) == Decimal("0.250000000000")


class TestSquaredPovertyGapIndex:
    """P2."""

    def test_textbook(self):
        """5/36."""
        assert squared_poverty_gap_index(TEXTBOOK, 3, places=4) == Decimal("0.1389")


class TestPoorPersons:
    """Count of persons."""

    def test_count(self):
        """Members of poor households."""
        assert poor_persons(households((3, 3), (4, 1)), 2) == 3


class TestShareMeetingTarget:
    """Round-1 programme target: ≥80 % of assisted persons at ≥2500 (S11 art. 1)."""

    @pytest.mark.parametrize(("income", "met"), [("2499.99", 0), ("2500", 1), ("2500.01", 1)])
    def test_boundary(self, income, met):
        """达到2500元以上 includes 2500."""
        assert share_meeting_target(households((income, 1)), "round1.exit_line") == met

    def test_share_against_80_percent(self):
        """Four of five persons meet the target: exactly 80 %."""
        hs = households((10000, 4), (2000, 1))
        share = share_meeting_target(hs, "round1.exit_line")
        assert share == Fraction(4, 5)
        assert share >= default_standards().value("round1.target_share")


class TestObjectAndTablePaths:
    """Objects and tables give identical results."""

    hs = households(("1000.50", 3), (2, 1), ("9277.01", 3), ("12372", 4), ("0", 2))

    @pytest.mark.parametrize("convert", ["arrow", "pandas", "polars"])
    def test_identical(self, convert):
        """Every household metric agrees on Arrow, pandas and polars tables."""
        data = table(self.hs)
        if convert == "pandas":
            data = data.to_pandas()
        elif convert == "polars":
            import polars as pl

            data = pl.from_arrow(data)
        for line in ("round2.household_line", "round1.household_line", 3093, Decimal("9277.01")):
            for alpha in (0, 1, 2):
                assert fgt_fraction(data, line, alpha=alpha) == fgt_fraction(
                    self.hs, line, alpha=alpha
                )
            assert fgt_index(data, line, alpha="1.5") == fgt_index(self.hs, line, alpha="1.5")
            assert share_meeting_target(data, line) == share_meeting_target(self.hs, line)
        assert urban_rural_income_ratio(data, data) == Decimal(1)

    def test_table_errors_name_the_row(self):
        """Nulls, negative incomes and missing columns are errors."""
        bad = pa.table({"income": pa.array([1, None], pa.int64()), "members": [1, 1]})
        with pytest.raises(InvalidRecordError, match="row 1"):
            poverty_headcount_ratio(bad, 3)
        bad = pa.table({"income": pa.array([1, -1], pa.int64()), "members": [1, 1]})
        with pytest.raises(InvalidRecordError, match="row 1"):
            poverty_headcount_ratio(bad, 3)
        with pytest.raises(InvalidRecordError, match="not a column"):
            poverty_headcount_ratio(pa.table({"x": [1]}), 3)
        bad = pa.table({"income": [1.005], "members": [1]})
        with pytest.raises(InvalidRecordError, match="fen"):
            poverty_headcount_ratio(bad, 3)
        bad = pa.table({"income": [1], "members": [0]})
        with pytest.raises(InvalidRecordError, match="members"):
            poverty_headcount_ratio(bad, 3)

    def test_objects_must_be_households(self):
        """Other objects are a type error."""
        with pytest.raises(InvalidTypeError):
            poverty_headcount_ratio([1, 2], 3)
        with pytest.raises(InvalidTypeError):
            poverty_headcount_ratio("abc", 3)


class TestRegionalDifferenceCoefficient:
    """CV of per-capita GDP (Williamson 1965)."""

    def test_weighted_and_unweighted(self):
        """Equal populations: both agree; unequal populations: weighting matters."""
        equal = [
            Region(region_id="a", gdp=300, population=1),
            Region(region_id="b", gdp=100, population=1),
        ]
        assert regional_difference_coefficient(equal) == Decimal("0.500000000000")
        assert regional_difference_coefficient(equal, weighted=False) == Decimal("0.500000000000")
        unequal = [
            Region(region_id="a", gdp=300, population=1),
            Region(region_id="b", gdp=300, population=3),
        ]
        # per-capita 300 and 100; weighted mean 600/4 = 150; variance (150² + 3·50²)/4 = 7500
        assert regional_difference_coefficient(unequal, places=6) == Decimal("0.577350")
        assert regional_difference_coefficient(unequal, weighted=False, places=6) == Decimal(
            "0.500000"
        )

    def test_table_path(self):
        """Tables agree with objects."""
        rs = [
            Region(region_id=f"r{i}", gdp=g, population=p)
            for i, (g, p) in enumerate([(5, 2), (9, 1), (7, 7)])
        ]
        t = pa.table({"gdp": [5, 9, 7], "population": [2, 1, 7]})
        assert regional_difference_coefficient(t) == regional_difference_coefficient(rs)

    def test_equal_regions_have_zero(self):
        """No disparity."""
        rs = [
            Region(region_id="a", gdp=10, population=2),
            Region(region_id="b", gdp=5, population=1),
        ]
        assert regional_difference_coefficient(rs) == 0

    def test_errors(self):
        """Empty or zero-GDP inputs."""
        with pytest.raises(InvalidRecordError):
            regional_difference_coefficient([])
        with pytest.raises(InvalidRecordError):
            regional_difference_coefficient([Region(region_id="a", gdp=0, population=1)])


class TestUrbanRuralIncomeRatio:
    """Urban over rural per-capita income (seed p. 5: 3.15 → 2.83)."""

    def test_amounts(self):
        """2.83:1 is reproduced from amounts in that ratio."""
        assert urban_rural_income_ratio(Decimal("283"), Decimal("100"), places=2) == Decimal("2.83")

    def test_households(self):
        """Households give Σ income / Σ members."""
        urban = households((30000, 3))
        rural = households((4000, 2), (2000, 2))
        assert urban_rural_income_ratio(urban, rural, places=3) == Decimal("6.667")


class TestLivelihoodCoverage:
    """All-or-nothing livelihood items (S11; seed p. 5)."""

    vs = (
        VillageLivelihood(
            village_id="v1",
            hardened_road=True,
            population=100,
            safe_water_population=100,
            housing_needy=4,
            housing_rebuilt=4,
        ),
        VillageLivelihood(
            village_id="v2", hardened_road=False, population=50, safe_water_population=40
        ),
    )

    def test_each_indicator(self):
        """Roads count villages, water persons, housing households."""
        roads = livelihood_coverage(self.vs, LivelihoodIndicator.HARDENED_ROAD)
        assert (roads.covered, roads.total, roads.met) == (1, 2, False)
        assert livelihood_coverage(self.vs, "safe_water").share == Fraction(140, 150)
        assert livelihood_coverage(self.vs, "housing_rebuilt").met

    def test_table_path(self):
        """Tables agree with objects."""
        t = pa.table(
            {
                "village_id": ["v1", "v2"],
                "hardened_road": [True, False],
                "population": [100, 50],
                "safe_water_population": [100, 40],
                "housing_needy": [4, 0],
                "housing_rebuilt": [4, 0],
            }
        )
        for indicator in LivelihoodIndicator:
            assert livelihood_coverage(t, indicator) == livelihood_coverage(self.vs, indicator)

    def test_errors(self):
        """Bad records and indicators."""
        with pytest.raises(InvalidRecordError):
            VillageLivelihood(
                village_id="v", hardened_road=True, population=1, safe_water_population=2
            )
        with pytest.raises(InvalidRecordError):
            livelihood_coverage(self.vs, "electricity")
        with pytest.raises(InvalidRecordError):
            livelihood_coverage([], "safe_water")


def test_round1_collective_line_uses_the_selection_comparator_not_the_target():
    """Audit finding: R5's unconfirmed village rule is 'below 3万' (<), not the >= target (S3)."""
    from shuangdao.metrics import resolve_line
    from shuangdao.quantities import Comparator

    amount, comparator = resolve_line("round1.collective_line", default=Comparator.GE)
    assert amount == 30000
    assert comparator is Comparator.LT
    # the key's 0.1 name still resolves (with a warning) to the same line and comparator
    with pytest.deprecated_call():
        old = resolve_line("round1.village_collective_line", default=Comparator.GE)
    assert old == (amount, comparator)
