"""The shipped standards: published figures per round, derivations, citations, overrides."""

import datetime as dt
from decimal import Decimal

import pytest

from shuangdao import default_standards, load_overrides
from shuangdao.citations import Certainty, sources
from shuangdao.errors import MissingParameterError, OverrideError, UnknownReferenceError
from shuangdao.quantities import Comparator
from shuangdao.standards import ParamType, derive


@pytest.fixture(scope="module")
def standards():
    return default_standards()


class TestPublishedFigures:
    def test_round1_household_line_1500_at_or_below_S3_S5(self, standards):
        """S3, S5: annual per-capita net income 1500元以下 (以下 includes 1500)."""
        assert standards.value("round1.household_line") == Decimal("1500")
        assert standards.value("round1.household_comparator") is Comparator.LE

    def test_round1_targets_2500_and_80_percent_S11(self, standards):
        """S11 art. 1: >= 80 % of assisted poor reach per-capita net income >= 2500."""
        assert standards.value("round1.exit_line") == Decimal("2500")
        assert standards.value("round1.exit_comparator") is Comparator.GE
        assert standards.value("round1.target_share") == Decimal("0.80")
        assert standards.value("round1.village_collective_target") == Decimal("30000")

    def test_round1_village_rules_are_recalled_not_confirmed_S3_S1(self, standards):
        """Brief R4, R5: the collective-income selection rule (< 3万) is [R], cited to S3 and S1;
        'within 2 years' is one unit's plan (S3), so it is documented but not confirmed."""
        line = standards.param("round1.collective_line")
        assert line.value == Decimal("30000")
        assert line.certainty is Certainty.RECALLED
        assert line.citation.source_ids == ("S3", "S1")
        assert standards.value("round1.collective_comparator") is Comparator.LT
        deadline = standards.param("round1.village_collective_deadline_years")
        assert deadline.value == 2
        assert deadline.certainty is Certainty.RECALLED
        assert "S3" in deadline.citation.source_ids

    def test_round2_key_village_5623_and_collective_30000_strict_S1(self, standards):
        """S1: village per-capita net income 低于5623 and collective income 低于3万."""
        assert standards.value("round2.village_line") == Decimal("5623")
        assert standards.value("round2.village_comparator") is Comparator.LT
        assert standards.value("round2.collective_line") == Decimal("30000")
        assert standards.value("round2.collective_comparator") is Comparator.LT

    def test_round2_household_3093_below_with_labour_S1(self, standards):
        """S1: household per-capita net income 低于3093 and has labour capacity."""
        assert standards.value("round2.household_line") == Decimal("3093")
        assert standards.value("round2.household_comparator") is Comparator.LT
        assert standards.value("round2.requires_labour_capacity") is True
        assert standards.value("round2.reference_year") == 2011

    def test_round2_targets_45_60_50000_S1(self, standards):
        """S1: households >= 45 %; villages > 60 % and collective >= 50000."""
        assert standards.value("round2.exit_ratio") == Decimal("0.45")
        assert standards.value("round2.village_target_ratio") == Decimal("0.60")
        assert standards.value("round2.village_target_comparator") is Comparator.GT
        assert standards.value("round2.village_collective_target") == Decimal("50000")

    def test_round2_published_counts_S1(self, standards):
        """S1: 2571 key villages, 20.9万 households, 90.6万 people; 21 key counties."""
        assert standards.value("round2.published_villages") == 2571
        assert standards.value("round2.published_households") == 209_000
        assert standards.value("round2.published_persons") == 906_000
        assert len(standards.value("round2.key_counties")) == 21

    def test_round3_lines_4000_8000_5_percent_S18(self, standards):
        """S18: household 低于4000; village 8000元以下 and poor >= 5 % (2014 prices)."""
        assert standards.value("round3.household_line") == Decimal("4000")
        assert standards.value("round3.household_comparator") is Comparator.LT
        assert standards.value("round3.village_line") == Decimal("8000")
        assert standards.value("round3.village_comparator") is Comparator.LE
        assert standards.value("round3.village_poor_share") == Decimal("0.05")
        assert standards.value("round3.price_base_year") == 2014

    def test_round3_exit_lines_6433_6883_7365_S20(self, standards):
        """S20: exit lines 6433 (2016), 6883 (2017), 7365 (2018)."""
        assert dict(standards.value("round3.exit_lines")) == {
            2016: Decimal("6433"),
            2017: Decimal("6883"),
            2018: Decimal("7365"),
        }

    def test_provincial_income_2011_is_9372_derived(self, standards):
        entry = standards.series_value("statistics.provincial_rural_income", 2011)
        assert entry.value == Decimal("9372")
        assert entry.measure == "net"
        assert entry.citation.certainty is Certainty.DERIVED

    def test_accountability_thresholds_50_40_20_S9(self, standards):
        """S9: failing-village shares 50 % / 40 % / 20 % at the 1st / 2nd / 3rd assessment."""
        thresholds = standards.value("accountability.fail_share_thresholds")
        assert dict(thresholds) == {
            "1": Decimal("0.50"),
            "2": Decimal("0.40"),
            "3": Decimal("0.20"),
        }
        assert standards.value("accountability.fail_share_comparator") is Comparator.GE
        assert standards.param("accountability.fail_share_comparator").certainty is (
            Certainty.RECALLED
        )

    def test_national_line_2300_S35(self, standards):
        assert standards.value("statistics.national_rural_poverty_line") == Decimal("2300")


class TestDerivations:
    """A derived line's declared rounding reproduces the published figure."""

    @pytest.mark.parametrize(
        "key", ["round2.village_line", "round2.household_line", "round3.exit_lines"]
    )
    def test_declared_rounding_reproduces_published(self, standards, key):
        parameter = standards.param(key)
        assert parameter.derivation is not None
        assert derive(parameter, standards.parameters) == parameter.value

    def test_unrounded_derivations_are_the_documented_figures(self, standards):
        exact = standards.with_overrides({"round2.line_rounding": "exact"})
        assert exact.value("round2.village_line") == Decimal("5623.20")
        assert exact.value("round2.household_line") == Decimal("3092.76")


class TestCitations:
    def test_every_parameter_cites_registered_sources(self, standards):
        registry = sources()
        for parameter in standards.parameters.values():
            for source_id in parameter.citation.source_ids:
                assert source_id in registry, (parameter.key, source_id)
            assert parameter.en, parameter.key
            assert parameter.zh, parameter.key

    def test_unsourced_values_are_never_confirmed(self, standards):
        for parameter in standards.parameters.values():
            if parameter.citation.source_ids == ("PROJECT",):
                assert parameter.certainty is not Certainty.CONFIRMED, parameter.key

    def test_every_unconfirmed_parameter_says_why(self, standards):
        """Brief, "How to use it": [D], [R] and [N] facts are documented parameters.

        A parameter that is not confirmed must say why in its note (or, when it has no
        value, in the hint of its MissingParameterError). The scenario knobs are model
        settings, not policy facts, and are left out.
        """
        missing = [
            key
            for key, parameter in standards.parameters.items()
            if parameter.certainty is not Certainty.CONFIRMED
            and not key.startswith("scenario.")
            and not (parameter.citation.note or parameter.hint)
        ]
        assert missing == []

    @pytest.mark.parametrize("year", [2007, 2008, 2011, 2014, 2015, 2016, 2017])
    def test_unconfirmed_provincial_averages_say_why(self, standards, year):
        """Brief §6: 2007 and 2014 are [R], 2008, 2011 and 2015 [D]; each entry says why."""
        entry = standards.series_value("statistics.provincial_rural_income", year)
        assert entry.citation.certainty is not Certainty.CONFIRMED
        assert entry.citation.note

    def test_never_fixed_parameters_are_required_not_defaulted(self, standards):
        with pytest.raises(MissingParameterError, match="Pass the designated villages"):
            standards.value("round1.village_selection_rule")
        with pytest.raises(MissingParameterError):
            standards.value("round3.deflator")


class TestLookup:
    def test_round_by_number_and_date(self, standards):
        assert standards.round(2).reference_year == 2011
        assert standards.round_at(dt.date(2014, 6, 30)).number == 2
        assert standards.round_at(dt.date(2012, 12, 31)).number == 1
        assert standards.round_at(dt.date(2016, 1, 1)).number == 3

    def test_outside_every_round(self, standards):
        with pytest.raises(UnknownReferenceError):
            standards.round_at(dt.date(2008, 1, 1))

    def test_dated_value_as_of(self, standards):
        """A parameter with a history is read by date (no shipped parameter has one since
        the invented statute standard was removed; issue 15)."""
        import attrs

        from shuangdao.citations import Citation
        from shuangdao.standards import DatedValue, Standards

        key = "round1.household_line"
        cite = Citation(("PROJECT",), certainty=Certainty.ASSUMED)
        dated = attrs.evolve(
            standards.param(key),
            history=(
                DatedValue(dt.date(2012, 1, 1), Decimal("1500"), cite),
                DatedValue(dt.date(2013, 1, 1), Decimal("3093"), cite),
            ),
        )
        s = Standards(
            parameters={**standards.parameters, key: dated},
            rounds=standards.rounds,
            data_version=standards.data_version,
        )
        assert s.value(key, on=dt.date(2012, 6, 1)) == Decimal("1500")
        assert s.value(key, on=dt.date(2014, 6, 1)) == Decimal("3093")
        assert s.citation(key, on=dt.date(2014, 6, 1)) is cite
        with pytest.raises(MissingParameterError):
            s.value(key, on=dt.date(2011, 6, 1))

    def test_statute_standard_is_a_required_input_S14(self, standards):
        """S14 art. 7 fixes no number (R14): no default, a hint, and a measure (art. 8: net)."""
        parameter = standards.param("regulation.poverty_standard")
        assert parameter.required
        assert parameter.value is None
        assert not parameter.history
        with pytest.raises(MissingParameterError, match="PovertyStandard"):
            standards.value("regulation.poverty_standard")
        measure = standards.param("regulation.poverty_standard_measure")
        assert measure.value == "net"
        assert measure.certainty is Certainty.CONFIRMED
        assert measure.choices == ("net", "disposable")

    def test_unknown_key_suggests(self, standards):
        with pytest.raises(UnknownReferenceError, match="did you mean"):
            standards.value("round9.household_line")

    def test_for_round(self, standards):
        keys = standards.for_round(3)
        assert "round3.exit_lines" in keys
        assert "round2.household_line" not in keys


class TestOverrides:
    def test_ratio_override_recomputes_the_derived_line(self, standards):
        scenario = standards.with_overrides({"round2": {"household_ratio": "0.40"}})
        assert scenario.value("round2.household_line") == Decimal("3749")
        assert standards.value("round2.household_line") == Decimal("3093")  # unchanged
        assert [o.key for o in scenario.overrides] == [
            "round2.household_ratio",
            "round2.household_line",
        ]
        assert scenario.overrides[1].derived
        assert scenario.hash != standards.hash
        assert scenario.id.endswith("+scenario")

    def test_series_year_override(self, standards):
        scenario = standards.with_overrides({"statistics.provincial_rural_income.2011": "10000"})
        assert scenario.value("round2.household_line") == Decimal("3300")
        assert scenario.value("round2.village_line") == Decimal("6000")

    @pytest.mark.parametrize(
        ("overrides", "key"),
        [
            ({"round2.nonsense": 1}, "round2.nonsense"),
            ({"round2.household_ratio": 1.7}, "round2.household_ratio"),
            ({"round2.household_ratio": "abc"}, "round2.household_ratio"),
            ({"round2.household_line": -5}, "round2.household_line"),
            ({"round2.household_comparator": "about"}, "round2.household_comparator"),
            ({"round2.requires_labour_capacity": "yes"}, "round2.requires_labour_capacity"),
            ({"round2.reference_year": 1800}, "round2.reference_year"),
            ({"round2.reference_year": 2030}, "round2.reference_year"),
            ({"round2.line_rounding": "ceiling"}, "round2.line_rounding"),
        ],
    )
    def test_bad_overrides_name_the_key(self, standards, overrides, key):
        with pytest.raises(OverrideError) as info:
            standards.with_overrides(overrides)
        assert key in str(info.value)
        assert isinstance(info.value, ValueError)

    def test_line_and_its_input_together_is_ambiguous(self, standards):
        with pytest.raises(OverrideError, match="not both"):
            standards.with_overrides(
                {"round2.household_line": "3000", "round2.household_ratio": "0.4"}
            )

    def test_toml_file(self, standards, tmp_path):
        path = tmp_path / "scenario.toml"
        path.write_text('[round2]\nhousehold_ratio = 0.40\nhousehold_comparator = "le"\n')
        scenario = standards.with_overrides(load_overrides(path))
        assert scenario.value("round2.household_comparator") is Comparator.LE
        assert scenario.value("round2.household_line") == Decimal("3749")

    def test_unreadable_and_invalid_files(self, tmp_path):
        with pytest.raises(OverrideError, match="cannot be read"):
            load_overrides(tmp_path / "missing.toml")
        bad = tmp_path / "bad.toml"
        bad.write_text("round2 = [")
        with pytest.raises(OverrideError, match="not valid TOML"):
            load_overrides(bad)

    def test_every_type_has_a_parameter(self, standards):
        used = {p.type for p in standards.parameters.values()}
        assert {ParamType.MONEY, ParamType.RATIO, ParamType.COMPARATOR, ParamType.SERIES} <= used


class TestDerivedOverridesStayInRange:
    """Found by fuzzing: a huge growth rate once escaped as decimal.InvalidOperation."""

    def test_growth_above_its_maximum_is_an_override_error(self):
        with pytest.raises(OverrideError, match=r"round3\.exit_growth"):
            default_standards().with_overrides({"round3.exit_growth": 1184841733020.0})

    def test_derived_amount_out_of_range_names_the_derived_key(self):
        with pytest.raises(OverrideError, match=r"round3\.exit_lines"):
            default_standards().with_overrides(
                {
                    "statistics.provincial_rural_income.2015": "999999999999999",
                    "round3.exit_growth": 1,
                }
            )


class TestScenarioTexts:
    """A scenario's descriptions never present the published figure as the value in force."""

    def test_recomputed_line_says_so(self):
        scenario = default_standards().with_overrides({"round2.household_ratio": "0.40"})
        line = scenario.param("round2.household_line")
        assert line.en.endswith("[scenario: recomputed as 3749.00]")
        assert "情景重算为3749.00" in line.zh
        assert line.derivation is not None
        assert line.derivation.text.endswith("under this scenario: 3749.00")

    def test_overridden_value_keeps_the_published_one_in_its_note(self):
        scenario = default_standards().with_overrides({"round2.collective_line": "40000"})
        line = scenario.param("round2.collective_line")
        assert line.en.endswith("[scenario: set to 40000.00]")
        assert line.citation.note == "scenario override (published: 30000.00)"


from shuangdao.standards._renamed import RENAMED  # noqa: E402 - used by the class below


class TestRenamedKeys:
    """0.2.0 aligns the rounds' keys (same name, same role); the old keys keep working."""

    @pytest.mark.parametrize("old", sorted(RENAMED))
    def test_old_key_reads_the_new_one_with_a_warning(self, standards, old):
        with pytest.deprecated_call(match="0.3.0"):
            parameter = standards.param(old)
        assert parameter is standards.param(RENAMED[old][0])
        with pytest.deprecated_call():
            assert standards.citation(old) == standards.citation(RENAMED[old][0])

    def test_old_key_in_an_override_sets_the_new_one(self, standards):
        with pytest.deprecated_call():
            s = standards.with_overrides({"cycle.round2_follow_up_years": 4})
        assert s.params.round2.follow_up_years == 4
        assert [o.key for o in s.overrides] == ["round2.follow_up_years"]

    def test_old_key_as_a_nested_table_works_too(self, standards):
        with pytest.deprecated_call():
            s = standards.with_overrides({"round2": {"household_exit_ratio": "0.5"}})
        assert s.params.round2.exit_ratio == Decimal("0.5")

    def test_old_and_new_key_together_are_an_error(self, standards):
        with (
            pytest.deprecated_call(),
            pytest.raises(OverrideError, match=r"round2\.follow_up_years is given twice"),
        ):
            standards.with_overrides(
                {"round2.follow_up_years": 4, "cycle.round2_follow_up_years": 5}
            )

    def test_shared_comparator_sets_both_rounds(self, standards):
        with pytest.deprecated_call():
            s = standards.with_overrides({"cycle.settlement_share_comparator": "gt"})
        assert s.params.round2.target_share_comparator is Comparator.GT
        assert s.params.round3.target_share_comparator is Comparator.GT
        assert s.params.round1.target_share_comparator is Comparator.GE

    def test_every_new_key_exists(self, standards):
        for new in RENAMED.values():
            for key in new:
                assert key in standards.parameters

    def test_no_round_chooses_keys_by_number(self, standards):
        """Every role of RoundParams exists in every round, with the same type."""
        from shuangdao.standards.params import ROUND_PARAMS, RoundParams

        roles = [name for name, p in vars(RoundParams).items() if isinstance(p, str) and p == ""]
        assert {
            "household_line",
            "household_comparator",
            "exit_comparator",
            "target_share",
            "target_share_comparator",
            "settlement_able_bodied_only",
        } <= set(roles)
        for number, view in ROUND_PARAMS.items():
            for role in roles:
                key = getattr(view, role)
                assert key == f"round{number}.{role}"
                assert key in standards.parameters


class TestTypedViews:
    """standards.params: every parameter by a typed name, generated from the TOML."""

    def test_generated_module_is_up_to_date(self):
        from shuangdao.standards._generate import TARGET, render

        assert TARGET.read_text("utf-8") == render(), (
            "shuangdao/standards/params.py is out of date: run "
            "python -m shuangdao.standards._generate"
        )

    def test_every_parameter_has_a_typed_name(self, standards):
        from shuangdao.standards.params import StandardsParams

        names = set()
        for area in StandardsParams.__slots__:
            names.update(getattr(standards.params, area).keys())
        assert names == set(standards.parameters)

    def test_class_attribute_is_the_key_and_view_attribute_the_value(self, standards):
        from shuangdao.standards import Param
        from shuangdao.standards.params import Round2Params

        assert isinstance(Round2Params.household_line, Param)
        assert Round2Params.household_line == "round2.household_line"
        assert standards.params.round2.household_line == Decimal("3093")
        assert standards.params.round(2).household_line == Decimal("3093")

    def test_views_read_overrides(self, standards):
        s = standards.with_overrides({"round2.household_ratio": "0.40"})
        assert s.params.round2.household_line == Decimal("3749.00")

    def test_misspelt_name_fails(self, standards):
        with pytest.raises(AttributeError):
            standards.params.round2.houshold_line  # noqa: B018

    def test_abstract_role_is_read_on_a_round(self, standards):
        from shuangdao.errors import StandardsError
        from shuangdao.standards.params import RoundParams

        with pytest.raises(StandardsError):
            RoundParams(standards).household_line  # noqa: B018

    def test_unknown_round(self, standards):
        from shuangdao.errors import UnknownReferenceError

        with pytest.raises(UnknownReferenceError):
            standards.params.round(4)


class TestOverridesCheckedWhenLoaded:
    """Issue 14: every override is checked when loaded, never when first used."""

    @pytest.mark.parametrize(
        ("overrides", "key", "message"),
        [
            ({"round2.settlement_date": "9999-12-31"}, "round2.settlement_date", "2100"),
            ({"round2": {"assessment_1": dt.date(1, 1, 1)}}, "round2.assessment_1", "1949"),
            ({"round3.exit_lines": {"99999": "5"}}, "round3.exit_lines", "years between"),
            ({"round3.exit_lines": {"²": "5"}}, "round3.exit_lines", "years between"),
            (
                {"scenario.max_households_per_cadre": {"1": -5, "2": 60, "3": 100}},
                "scenario.max_households_per_cadre.1",
                ">= 0",
            ),
            (
                {"scenario.max_households_per_cadre": {"1": 0, "2": 60, "3": 100}},
                "scenario.max_households_per_cadre.1",
                ">= 1",
            ),
            (
                {"accountability.fail_share_thresholds": {"1": "-0.1", "2": "0.4", "3": "0.2"}},
                "accountability.fail_share_thresholds.1",
                ">= 0",
            ),
            ({"statistics.provincial_rural_income.２０１１": "1"}, "２０１１", "not a standards"),
        ],
    )
    def test_out_of_range_values_are_rejected_naming_the_key(
        self, standards, overrides, key, message
    ):
        with pytest.raises(OverrideError) as info:
            standards.with_overrides(overrides)
        assert key in str(info.value)
        assert message in str(info.value)

    def test_dates_inside_the_range_are_accepted(self, standards):
        scenario = standards.with_overrides({"round2.settlement_date": "2100-12-31"})
        assert scenario.params.round2.settlement_date == dt.date(2100, 12, 31)

    def test_a_key_given_as_dotted_and_in_its_table_is_an_error(self, standards):
        with pytest.raises(OverrideError, match=r"round2\.household_ratio is given twice"):
            standards.with_overrides(
                {"round2.household_ratio": "0.4", "round2": {"household_ratio": "0.3"}}
            )

    def test_the_same_series_year_spelled_twice_is_an_error(self, standards):
        with pytest.raises(OverrideError, match="sets the same value as"):
            standards.with_overrides(
                {
                    "statistics.provincial_rural_income.2011": "9000",
                    "statistics.provincial_rural_income.02011": "9100",
                }
            )

    def test_deep_nesting_is_an_error_naming_the_top_key(self, standards):
        deep: dict[str, object] = {"x": 1}
        for _ in range(50):
            deep = {"a": deep}
        with pytest.raises(OverrideError, match="more than 8 levels deep") as info:
            standards.with_overrides({"round2": deep})
        assert info.value.field == "round2"

    def test_unknown_key_message_stays_short_for_a_table_value(self, standards):
        with pytest.raises(OverrideError) as info:
            standards.with_overrides({"zz": {"a": list(range(10_000))}})
        assert len(str(info.value)) < 200

    def test_toml_with_a_utf8_bom_is_read(self, standards, tmp_path):
        path = tmp_path / "bom.toml"
        path.write_bytes(b'\xef\xbb\xbf[round2]\nhousehold_ratio = "0.40"\n')
        scenario = standards.with_overrides(load_overrides(path))
        assert scenario.value("round2.household_line") == Decimal("3749")

    def test_toml_nested_past_the_parser_limit_is_an_override_error(self, tmp_path):
        path = tmp_path / "deep.toml"
        path.write_text("a = " + "[" * 5000 + "]" * 5000 + "\n")
        with pytest.raises(OverrideError, match="too deeply"):
            load_overrides(path)

    def test_toml_that_is_not_utf8_names_the_byte(self, tmp_path):
        path = tmp_path / "latin.toml"
        path.write_bytes(b'[round2]\nhousehold_ratio = "0.4\xe9"\n')
        with pytest.raises(OverrideError, match=r"not UTF-8 text.*byte 31 \(line 2\)"):
            load_overrides(path)

    def test_a_folder_is_not_an_override_file(self, tmp_path):
        with pytest.raises(OverrideError, match="cannot be read"):
            load_overrides(tmp_path)


SERIES_TAGS_IN_THE_BRIEF = {
    2007: "recalled",
    2008: "derived",
    2009: "confirmed",
    2010: "confirmed",
    2011: "derived",
    2012: "confirmed",
    2013: "confirmed",
    2014: "recalled",
    2015: "derived",
    2018: "confirmed",
}


class TestCertaintyOfTheSeries:
    """Issue 15: every value carries its own certainty, series entries included (brief §6)."""

    def test_every_entry_in_the_brief_has_its_tag(self, standards):
        series = standards.params.statistics.provincial_rural_income
        for year, tag in SERIES_TAGS_IN_THE_BRIEF.items():
            assert series[year].citation.certainty.value == tag, year

    def test_the_series_is_as_sure_as_its_weakest_year(self, standards):
        parameter = standards.param("statistics.provincial_rural_income")
        weakest = Certainty.weakest(*(e.citation.certainty for e in parameter.value.values()))
        assert parameter.certainty is weakest is Certainty.RECALLED
