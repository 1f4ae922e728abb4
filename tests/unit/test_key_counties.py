"""Round 2's 21 key counties and their targets (S1): the list, every threshold, errors."""

import doctest
from decimal import Decimal

import numpy as np
import pytest

import shuangdao.rules.key_counties as kc
from shuangdao.citations import Certainty
from shuangdao.errors import InvalidRecordError, InvalidTypeError, MissingParameterError
from shuangdao.model import CountyIndicators, KeyCounty
from shuangdao.quantities import Comparator
from shuangdao.standards import default_standards

D = Decimal
SHARE = default_standards().with_overrides({"round2.key_county_income_share": "0.75"})
LINE_2015 = D("10020.00")  # 0.75 × 13360 (2015, derived)


def test_module_doctests():
    assert doctest.testmod(kc).failed == 0


def county(gdp="0.09", province="0.08", income="20000", year=2015, cid="wuhua"):
    return CountyIndicators(
        county_id=cid,
        year=year,
        per_capita_gdp_growth=gdp,
        provincial_per_capita_gdp_growth=province,
        farmers_income=income,
    )


class TestKeyCounties:
    def test_the_21_counties_as_s1_lists_them_S1(self):
        counties = kc.key_counties()
        assert len(counties) == 21
        assert "".join(c.zh for c in counties) == (
            "新丰乐昌南雄乳源东源紫金龙川和平连平连南连山阳山连州五华大埔丰顺惠来揭西普宁饶平陆河"
        )
        assert all(isinstance(c, KeyCounty) for c in counties)
        assert len({c.id for c in counties}) == 21
        assert all(c.id == c.pinyin.lower() for c in counties)

    def test_the_list_is_cited_data(self):
        citation = default_standards().citation("round2.key_counties")
        assert citation.source_ids == ("S1", "SEED")
        assert citation.certainty is Certainty.CONFIRMED

    @pytest.mark.parametrize(
        ("name", "pinyin"),
        [
            ("连南", "Liannan"),
            ("连南瑶族自治县", "Liannan"),
            ("连山壮族瑶族自治县", "Lianshan"),
            ("普宁市", "Puning"),
            ("puning", "Puning"),
            (" Dabu ", "Dabu"),
            ("Lechang (county-level city)", "Lechang"),
        ],
    )
    def test_find_by_any_name(self, name, pinyin):
        found = kc.find_key_county(name)
        assert found is not None
        assert found.pinyin == pinyin
        assert kc.is_key_county(name)

    @pytest.mark.parametrize("name", ["深圳", "县", "Guangzhou", ""])
    def test_other_places_are_not_key_counties(self, name):
        assert kc.find_key_county(name) is None

    def test_name_must_be_text(self):
        with pytest.raises(InvalidTypeError):
            kc.find_key_county(123)  # type: ignore[arg-type]


class TestKeyCountyTargets:
    @pytest.mark.parametrize(
        ("gdp", "holds"),
        [
            ("0.0799", False),  # −0.0001 (0.01 point)
            ("0.08", False),  # equal: 高于 excludes it
            ("0.0801", True),  # +0.0001
            ("0.09", True),  # +1 point
            ("0.07", False),  # −1 point
        ],
    )
    def test_gdp_growth_above_the_provincial_average_S1(self, gdp, holds):
        d = kc.key_county_targets(county(gdp=gdp), standards=SHARE)
        reason = d.reason("gdp_growth")
        assert reason.holds is holds
        assert reason.comparator is Comparator.GT
        assert reason.margin == D(gdp) - D("0.08")

    @pytest.mark.parametrize(
        ("income", "holds"),
        [
            ("10019.00", False),  # −1 yuan
            ("10019.99", False),  # −0.01
            ("10020.00", False),  # at the line: "above" excludes it
            ("10020.01", True),  # +0.01
            ("10021.00", True),  # +1 yuan
        ],
    )
    def test_farmers_income_above_the_supplied_share_S1(self, income, holds):
        d = kc.key_county_targets(county(income=income), standards=SHARE)
        reason = d.reason("farmers_income")
        assert reason.threshold == LINE_2015
        assert reason.holds is holds
        assert d.code == ("selected" if holds else "not:farmers_income")

    def test_the_share_is_a_required_input_naming_the_county(self):
        with pytest.raises(MissingParameterError) as info:
            kc.key_county_targets(county())
        assert info.value.record == "county wuhua"
        assert info.value.field == "round2.key_county_income_share"
        assert "cut off" in str(info.value) or "breaks off" in str(info.value)

    def test_a_supplied_share_makes_the_decision_assumed(self):
        d = kc.key_county_targets(county(), standards=SHARE)
        assert d.certainty is Certainty.ASSUMED

    def test_the_year_must_match_the_figures(self):
        with pytest.raises(InvalidRecordError) as info:
            kc.key_county_targets(county(year=2014), year=2015, standards=SHARE)
        assert info.value.field == "year"

    def test_growth_is_compared_to_four_decimals(self):
        with pytest.raises(InvalidRecordError, match="4 decimals"):
            kc.key_county_targets(county(gdp="0.08001"), standards=SHARE)

    def test_indicators_must_be_a_record(self):
        with pytest.raises(InvalidTypeError):
            kc.key_county_targets({"county_id": "x"})  # type: ignore[arg-type]

    def test_columnar_evaluator_agrees(self):
        rows = [
            county(gdp=g, income=i)
            for g in ("0.0799", "0.08", "0.0801")
            for i in ("10020.00", "10020.01")
        ]
        bound = kc.KEY_COUNTY_TARGETS.bind(SHARE, year=2015)
        e = bound.evaluate(
            {
                "per_capita_gdp_growth": np.array(
                    [int(r.per_capita_gdp_growth * 10000) for r in rows]
                ),
                "provincial_per_capita_gdp_growth": np.array(
                    [int(r.provincial_per_capita_gdp_growth * 10000) for r in rows]
                ),
                "farmers_income": np.array([int(r.farmers_income * 100) for r in rows]),
            }
        )
        expected = [kc.key_county_targets(r, standards=SHARE).code for r in rows]
        assert e.codes().to_pylist() == expected


class TestCountyIndicators:
    def test_rates_are_exact_and_may_be_negative(self):
        c = county(gdp="-0.0125", province=D("0.05"))
        assert c.per_capita_gdp_growth == D("-0.0125")

    @pytest.mark.parametrize("bad", ["abc", "nan", True, 1.5])
    def test_bad_rates_are_refused_naming_the_field(self, bad):
        with pytest.raises((InvalidRecordError, InvalidTypeError)) as info:
            county(gdp=bad)
        assert info.value.field == "per_capita_gdp_growth"
        assert info.value.record == "county wuhua"
