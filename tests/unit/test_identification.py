"""Unit tests for ``shuangdao.rules.identification``: every threshold at, below and above."""

import datetime as dt
import doctest
from decimal import Decimal

import attrs
import pytest

from shuangdao import Decision
from shuangdao.citations import Certainty
from shuangdao.errors import (
    InvalidRecordError,
    InvalidTypeError,
    MissingParameterError,
    RecordErrors,
    UnknownReferenceError,
)
from shuangdao.model import Household, PovertyStandard, Village
from shuangdao.quantities import Comparator
from shuangdao.rules import identification as ident
from shuangdao.rules.identification import (
    identify,
    identify_household_round1,
    identify_household_round2,
    identify_household_round3,
    identify_household_statute,
    identify_village_round1,
    identify_village_round2,
    identify_village_round3,
)
from shuangdao.serialize import from_json, to_json
from shuangdao.standards import default_standards


def hh(income, members=4, *, labour=True, measure="net", willing=None, village="v1", hid="h1"):
    return Household(
        household_id=hid,
        village_id=village,
        members=members,
        income=income,
        has_labour_capacity=labour,
        income_measure=measure,
        willing_to_work=willing,
    )


def vil(vid="v1", **kwargs):
    return Village(village_id=vid, **kwargs)


def r3vil(income="8000", population=1000, **kwargs):
    return Village(
        village_id="v1",
        per_capita_income=income,
        registered_population=population,
        income_measure="disposable",
        **kwargs,
    )


def test_module_doctests():
    assert doctest.testmod(ident).failed == 0


class TestIdentifyVillageRound1:
    def test_designated_is_selected_S5_S13(self):
        """S5, S13: the caller supplies the designated villages."""
        d = identify_village_round1(vil(designated=True))
        assert (d.outcome, d.code, d.rule) == (True, "selected", "identification.round1.village")
        assert d.reason("designated").parameter == "round1.village_selection_rule"
        assert d.title_zh == "贫困村"

    def test_not_designated(self):
        assert identify_village_round1(vil(designated=False)).code == "not:designated"

    def test_missing_designation_raises_with_hint(self):
        """Selection rule never published [N]: error with a hint, never a default."""
        with pytest.raises(MissingParameterError) as info:
            identify_village_round1(vil())
        assert info.value.field == "designated"
        assert "collective_income_below" in str(info.value)
        assert "village v1" in str(info.value)

    @pytest.mark.parametrize(
        ("collective", "selected"), [("29999.99", True), ("30000", False), ("30000.01", False)]
    )
    def test_collective_income_rule_is_strict_at_30000_S3_recalled(self, collective, selected):
        """[R] round1.village_collective_line 30000 with LT, only when chosen explicitly."""
        s = default_standards().with_overrides(
            {"round1.village_selection_rule": "collective_income_below"}
        )
        d = identify_village_round1(vil(collective_income=collective), standards=s)
        assert d.outcome is selected
        assert d.reason("designated").comparator is Comparator.LT
        assert d.provenance.overrides

    def test_collective_rule_needs_collective_income(self):
        s = default_standards().with_overrides(
            {"round1.village_selection_rule": "collective_income_below"}
        )
        with pytest.raises(InvalidRecordError, match="collective_income"):
            identify_village_round1(vil(), standards=s)


class TestIdentifyHouseholdRound1:
    @pytest.mark.parametrize(
        ("income", "poor"), [("5999.99", True), ("6000.00", True), ("6000.01", False)]
    )
    def test_1500_per_person_is_inclusive_S3_S5(self, income, poor):
        """S3, S5: 1500元以下 includes 1500 (4 persons: 6000.00)."""
        d = identify_household_round1(hh(income), village=vil(designated=True))
        assert d.outcome is poor
        assert d.reason("household_income").threshold == Decimal("6000.00")
        assert d.reason("household_income").comparator is Comparator.LE

    def test_not_in_designated_village(self):
        d = identify_household_round1(hh("100"), village=vil(designated=False))
        assert d.code == "not:in_designated_village"

    def test_both_fail_in_order(self):
        d = identify_household_round1(hh("9000"), village=vil(designated=False))
        assert d.code == "not:in_designated_village+household_income"

    def test_village_mismatch(self):
        with pytest.raises(InvalidRecordError, match="village_id"):
            identify_household_round1(hh("1"), village=vil("v2", designated=True))

    def test_disposable_income_is_rejected(self):
        with pytest.raises(InvalidRecordError, match="income_measure"):
            identify_household_round1(hh("1", measure="disposable"), village=vil(designated=True))


class TestClassifyHouseholdRound1:
    @pytest.mark.parametrize(
        ("income", "klass"),
        [
            ("4798.99", "welfare"),  # 1200 × 4 − 1 yuan
            ("4799.99", "welfare"),  # one fen below 4800
            ("4800.00", "development"),  # at the line: "below" excludes it
            ("4800.01", "development"),
            ("4801.00", "development"),  # +1 yuan
            ("6000.00", "development"),  # still poor (1500以下)
            ("6000.01", None),  # not poor: no class
        ],
    )
    def test_welfare_households_are_below_1200_per_person_S5(self, income, klass):
        """S5: rural 低保 covers all below 1200 yuan (welfare); the other poor: development."""
        d = ident.classify_household_round1(hh(income), village=vil(designated=True))
        assert d.value == klass
        assert d.outcome is (klass == "welfare")
        assert d.rule == "identification.round1.household_class"
        assert d.reason("welfare_income").threshold == Decimal("4800.00")
        assert d.reason("welfare_income").comparator is Comparator.LT
        assert d.certainty is Certainty.RECALLED  # the comparator is S5's English "below"
        found = ident.household_class_of(d)
        assert (found.value if found else None) == klass

    def test_a_household_outside_a_designated_village_has_no_class(self):
        d = ident.classify_household_round1(hh("100"), village=vil(designated=False))
        assert (d.value, d.code) == (None, "not:poor_household")

    def test_the_comparator_can_include_1200(self):
        s = default_standards().with_overrides({"round1.welfare_comparator": "le"})
        d = ident.classify_household_round1(
            hh("4800.00"), village=vil(designated=True), standards=s
        )
        assert d.value == "welfare"

    def test_the_class_enum_names_both_classes(self):
        from shuangdao.model import HouseholdClass

        assert [(c.value, c.zh) for c in HouseholdClass] == [
            ("welfare", "低保户"),
            ("development", "开发式扶贫户"),
        ]


class TestIdentifyVillageRound2:
    @pytest.mark.parametrize(
        ("income", "key"), [("5622.99", True), ("5623.00", False), ("5623.01", False)]
    )
    def test_5623_is_strict_S1(self, income, key):
        """S1: village per-capita net income below (低于) 5623 = 60 % of 9372."""
        d = identify_village_round2(vil(per_capita_income=income, collective_income="0"))
        assert d.outcome is key
        assert d.reason("village_income").margin == Decimal(income) - Decimal("5623")

    @pytest.mark.parametrize(
        ("collective", "key"), [("29999.99", True), ("30000", False), ("30000.01", False)]
    )
    def test_collective_30000_is_strict_S1(self, collective, key):
        """S1: collective income below 3万."""
        d = identify_village_round2(vil(per_capita_income="100", collective_income=collective))
        assert d.outcome is key
        assert d.code == ("selected" if key else "not:collective_income")

    def test_both_fail(self):
        d = identify_village_round2(vil(per_capita_income="9000", collective_income="90000"))
        assert d.code == "not:village_income+collective_income"
        assert d.deciding == ("village_income", "collective_income")

    @pytest.mark.parametrize("missing", ["per_capita_income", "collective_income"])
    def test_missing_value(self, missing):
        values = {"per_capita_income": "1", "collective_income": "1"}
        del values[missing]
        with pytest.raises(InvalidRecordError, match=missing):
            identify_village_round2(vil(**values))

    def test_every_reason_cites_its_parameter(self):
        d = identify_village_round2(vil(per_capita_income="1", collective_income="1"))
        s = default_standards()
        for reason in d.reasons:
            assert reason.parameter is not None
            assert reason.citation == s.citation(reason.parameter)

    def test_ratio_override_moves_the_line(self):
        s = default_standards().with_overrides({"round2.village_ratio": "0.70"})
        d = identify_village_round2(
            vil(per_capita_income="6000", collective_income="0"), standards=s
        )
        assert d.outcome
        assert d.reason("village_income").threshold == Decimal("6560.00")


class TestIdentifyHouseholdRound2:
    @pytest.mark.parametrize(
        ("income", "poor", "margin"),
        [
            ("12371.99", True, "-0.0025"),
            ("12372.00", False, "0.0000"),
            ("12372.01", False, "0.0025"),
        ],
    )
    def test_3093_times_members_is_strict_S1(self, income, poor, margin):
        """S1: household per-capita net income below 3093 (4 members: 12372.00)."""
        d = identify_household_round2(hh(income), in_key_village=True)
        assert d.outcome is poor
        reason = d.reason("household_income")
        assert reason.threshold == Decimal("12372.00")
        assert reason.margin == Decimal(margin)
        assert reason.parameter == "round2.household_line"

    def test_labour_capacity_required_S1(self):
        d = identify_household_round2(hh("100", labour=False), in_key_village=True)
        assert d.code == "not:labour_capacity"

    def test_labour_capacity_can_be_switched_off(self):
        s = default_standards().with_overrides({"round2.requires_labour_capacity": False})
        d = identify_household_round2(hh("100", labour=False), in_key_village=True, standards=s)
        assert d.outcome
        assert "not required" in d.reason("labour_capacity").note_en

    def test_all_three_fail_in_order(self):
        d = identify_household_round2(hh("99999", labour=False), in_key_village=False)
        assert d.code == "not:in_key_village+household_income+labour_capacity"

    def test_in_key_village_must_be_bool(self):
        with pytest.raises(InvalidTypeError):
            identify_household_round2(hh("1"), in_key_village=1)  # type: ignore[arg-type]

    def test_disposable_income_is_rejected(self):
        with pytest.raises(InvalidRecordError, match="net income"):
            identify_household_round2(hh("1", measure="disposable"), in_key_village=True)

    def test_explain_says_why_not_in_both_languages(self):
        d = identify_household_round2(hh("12372.00"), in_key_village=True)
        en, zh = d.explain("en"), d.explain("zh")
        assert "is not a poor household" in en
        assert "household net income" in en
        assert "不属于贫困户" in zh
        assert "不满足“低于每人3,093.00元”" in zh
        assert "全户标准12,372.00元" in zh

    def test_standards_must_be_standards(self):
        with pytest.raises(InvalidTypeError):
            identify_household_round2(hh("1"), in_key_village=True, standards={})  # type: ignore[arg-type]


class TestIdentifyVillageRound3:
    @pytest.mark.parametrize(
        ("income", "selected"), [("7999.99", True), ("8000.00", True), ("8000.01", False)]
    )
    def test_8000_is_inclusive_S18_S19(self, income, selected):
        """S18, S19: 8000元以下 includes 8000."""
        d = identify_village_round3(r3vil(income), relatively_poor_persons=50)
        assert d.outcome is selected

    @pytest.mark.parametrize(("persons", "selected"), [(49, False), (50, True), (51, True)])
    def test_5_percent_is_inclusive_and_exact_S18(self, persons, selected):
        """S18: relatively poor persons at least 5 % of 1000 registered = 50."""
        d = identify_village_round3(r3vil(), relatively_poor_persons=persons)
        assert d.outcome is selected
        assert d.reason("poor_share").threshold == Decimal("50.00")

    def test_fractional_share_threshold(self):
        # 5 % of 1010 = 50.5: 50 persons are too few, 51 enough (exact, no rounding).
        assert not identify_village_round3(
            r3vil(population=1010), relatively_poor_persons=50
        ).outcome
        assert identify_village_round3(r3vil(population=1010), relatively_poor_persons=51).outcome

    def test_priority_flags_are_informational_S19(self):
        """S19: priority flags are reasons, never hidden filters."""
        village = r3vil(dilapidated_housing_share="0.10", special_areas=["minority_area"])
        d = identify_village_round3(village, relatively_poor_persons=10)
        assert d.code == "not:poor_share"
        assert d.reason("priority_dilapidated_housing").holds
        assert d.reason("priority_special_area").holds
        assert all(not c.startswith("priority_") for c in d.deciding)
        selected = identify_village_round3(r3vil(), relatively_poor_persons=50)
        assert selected.code == "selected"
        assert not selected.reason("priority_dilapidated_housing").holds
        assert [r.criterion for r in selected.reasons][:2] == ["village_income", "poor_share"]

    @pytest.mark.parametrize("population", [None, 0])
    def test_population_must_be_at_least_one(self, population):
        with pytest.raises(InvalidRecordError, match="registered_population"):
            identify_village_round3(r3vil(population=population), relatively_poor_persons=0)

    @pytest.mark.parametrize("persons", [-1, True, 1.0])
    def test_persons_must_be_whole_non_negative(self, persons):
        with pytest.raises(InvalidRecordError, match="relatively_poor_persons"):
            identify_village_round3(r3vil(), relatively_poor_persons=persons)

    def test_net_income_is_rejected(self):
        village = Village(village_id="v1", per_capita_income="1", registered_population=5)
        with pytest.raises(InvalidRecordError, match="disposable"):
            identify_village_round3(village, relatively_poor_persons=1)


class TestIdentifyHouseholdRound3:
    @pytest.mark.parametrize(
        ("income", "poor"), [("15999.99", True), ("16000.00", False), ("16000.01", False)]
    )
    def test_4000_is_strict_S18(self, income, poor):
        """S18: disposable income below (低于) 4000 at 2014 prices (4 members: 16000)."""
        d = identify_household_round3(hh(income, measure="disposable"))
        assert d.outcome is poor
        assert d.title_en == "relatively poor household"

    def test_net_income_is_rejected(self):
        with pytest.raises(InvalidRecordError, match="income_measure"):
            identify_household_round3(hh("1"))


NET_3093 = PovertyStandard(amount="3093", income_measure="net")


class TestIdentifyHouseholdStatute:
    @pytest.mark.parametrize(
        ("income", "poor"),
        [
            ("6185.98", True),  # 3093 × 2 − 0.02
            ("6185.99", True),  # one fen below the line for two persons
            ("6186.00", False),  # at the line: 低于 excludes it
            ("6186.01", False),
            ("6185.00", True),  # −1 yuan
            ("6187.00", False),  # +1 yuan
        ],
    )
    def test_below_the_supplied_standard_S14(self, income, poor):
        """S14 arts. 7–8: below (低于, <) the standard the caller supplies."""
        on = dt.date(2014, 6, 1)
        d = identify_household_statute(
            hh(income, members=2, willing=True), on=on, standard=NET_3093
        )
        assert d.outcome is poor
        assert d.as_of == on
        assert d.rule == "identification.statute.household"
        assert d.certainty is Certainty.ASSUMED  # the caller's figure, not a cited one

    def test_the_standard_is_a_required_input_S14(self):
        """Art. 7 fixes no number: no invented default, a typed error with a hint."""
        with pytest.raises(MissingParameterError) as info:
            identify_household_statute(hh("1", willing=True), on=dt.date(2013, 1, 1))
        assert info.value.record == "household h1"
        assert info.value.field == "regulation.poverty_standard"
        assert "PovertyStandard" in str(info.value)

    def test_the_standard_may_come_from_the_standards(self):
        s = default_standards().with_overrides({"regulation.poverty_standard": "1500"})
        d = identify_household_statute(
            hh("2999.99", members=2, willing=True), on=dt.date(2012, 6, 1), standards=s
        )
        assert d.code == "selected"
        assert d.reason("household_income").per_capita == Decimal("1500.00")

    def test_a_supplied_standard_is_recorded_in_the_provenance(self):
        d = identify_household_statute(
            hh("1", willing=True), on=dt.date(2013, 1, 1), standard=NET_3093
        )
        keys = [o.key for o in d.provenance.overrides]
        assert keys == ["regulation.poverty_standard", "regulation.poverty_standard_measure"]

    def test_a_mismatched_income_measure_is_an_error(self):
        """From 2016 a disposable-income standard never decides on net income (issue 15)."""
        disposable = PovertyStandard(amount="4000", income_measure="disposable")
        with pytest.raises(InvalidRecordError) as info:
            identify_household_statute(
                hh("7999.99", members=2, willing=True), on=dt.date(2016, 6, 1), standard=disposable
            )
        assert (info.value.record, info.value.field, info.value.value) == (
            "household h1",
            "income_measure",
            "net",
        )
        h = attrs.evolve(hh("7999.99", members=2, willing=True), income_measure="disposable")
        with pytest.raises(InvalidRecordError, match="income_measure"):
            identify_household_statute(h, on=dt.date(2016, 6, 1), standard=NET_3093)
        d = identify_household_statute(h, on=dt.date(2016, 6, 1), standard=disposable)
        assert d.code == "selected"

    def test_standard_must_be_a_poverty_standard(self):
        with pytest.raises(InvalidTypeError) as info:
            identify_household_statute(
                hh("1", willing=True),
                on=dt.date(2013, 1, 1),
                standard=Decimal("3093"),  # type: ignore[arg-type]
            )
        assert info.value.field == "standard"

    def test_before_in_force_S16(self):
        with pytest.raises(InvalidRecordError, match="2012-01-01"):
            identify_household_statute(
                hh("1", willing=True), on=dt.date(2011, 12, 31), standard=NET_3093
            )

    def test_willingness_must_be_recorded(self):
        with pytest.raises(InvalidRecordError) as info:
            identify_household_statute(hh("1"), on=dt.date(2013, 1, 1), standard=NET_3093)
        assert info.value.field == "willing_to_work"
        assert "household h1" in str(info.value)

    def test_needs_labour_and_willingness(self):
        d = identify_household_statute(
            hh("1", labour=False, willing=False), on=dt.date(2013, 1, 1), standard=NET_3093
        )
        assert d.code == "not:labour_capacity+willing_to_work"

    def test_on_must_be_a_date(self):
        with pytest.raises(InvalidTypeError):
            identify_household_statute(
                hh("1", willing=True),
                on="2013-01-01",  # type: ignore[arg-type]
                standard=NET_3093,
            )


class TestIdentify:
    def test_round2_counts_and_lookup(self):
        villages = [
            vil("v1", per_capita_income="5000", collective_income="0"),
            vil("v2", per_capita_income="9000", collective_income="0"),
        ]
        households = [
            hh("100", members=3, hid="h1"),
            hh("100", members=2, hid="h2", village="v2"),
            hh("99999", hid="h3"),
        ]
        result = identify(villages, households, round=2)
        assert (result.villages_selected, result.households_selected, result.persons_selected) == (
            1,
            1,
            3,
        )
        assert result.household("h2").code == "not:in_key_village"
        assert result.village("v2").code == "not:village_income"
        with pytest.raises(UnknownReferenceError):
            result.household("nope")
        with pytest.raises(UnknownReferenceError):
            result.village("nope")

    def test_round1(self):
        result = identify([vil("v1", designated=True)], [hh("6000")], round=1)
        assert result.household("h1").outcome

    def test_round3_counts_poor_persons_per_village(self):
        households = [hh("100", members=3, measure="disposable", hid=f"h{i}") for i in range(17)]
        result = identify([r3vil(population=1000)], households, round=3)
        assert result.persons_selected == 51
        assert result.village("v1").reason("poor_share").observed == 51
        assert result.village("v1").outcome

    def test_errors_are_collected_with_paths(self):
        villages = [
            vil("v1", per_capita_income="1", collective_income="1"),
            vil("v1", per_capita_income="1", collective_income="1"),
            vil("v2"),
        ]
        households = [
            hh("1", hid="h1"),
            hh("1", hid="h1"),
            hh("1", hid="h2", village="v9"),
            hh("1", hid="h3", village="v2"),
        ]
        with pytest.raises(RecordErrors) as info:
            identify(villages, households, round=2)
        assert info.value.paths == (
            "$.villages[1]",
            "$.villages[2]",
            "$.households[1]",
            "$.households[2]",
            "$.households[3]",
        )

    def test_round3_household_in_undecidable_village_is_an_error(self):
        with pytest.raises(RecordErrors) as info:
            identify([r3vil(population=0)], [hh("1", measure="disposable")], round=3)
        assert info.value.paths == ("$.villages[0]", "$.households[0]")

    def test_unknown_round(self):
        with pytest.raises(UnknownReferenceError):
            identify([], [], round=4)

    def test_result_round_trips_as_json(self):
        result = identify([vil("v1", designated=True)], [hh("6000")], round=1)
        again = from_json(to_json(result), ident.IdentificationResult)
        assert again == result


class TestDecisionJson:
    def test_round_trip_is_exact(self):
        for d in (
            identify_household_round2(hh("12371.99"), in_key_village=True),
            identify_village_round3(
                r3vil(dilapidated_housing_share="0.2"), relatively_poor_persons=7
            ),
            identify_household_statute(
                hh("1", willing=True), on=dt.date(2013, 1, 1), standard=NET_3093
            ),
        ):
            assert from_json(to_json(d), Decision) == d


class TestMemo:
    def test_memo_is_per_standards_object(self):
        s1 = default_standards().with_overrides({"round2.household_line": "4000"})
        s2 = default_standards().with_overrides({"round2.household_line": "5000"})
        a = identify_household_round2(hh("15999.99"), in_key_village=True, standards=s1)
        b = identify_household_round2(hh("15999.99"), in_key_village=True, standards=s2)
        assert a.outcome
        assert b.outcome
        assert a.reason("household_income").threshold == Decimal("16000.00")
        assert b.reason("household_income").threshold == Decimal("20000.00")
        assert a.provenance.standards_hash != b.provenance.standards_hash

    def test_memo_is_bounded(self):
        from shuangdao.declare import _rule

        for value in range(300):
            s = default_standards().with_overrides({"round2.household_line": str(3000 + value)})
            identify_household_round2(hh("1"), in_key_village=True, standards=s)
        assert len(_rule._BOUND) <= _rule._BOUND_SIZE
