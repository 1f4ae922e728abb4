"""Yearly assessment scoring models (S11 indicator kinds; S23 round-3 city weights)."""

import doctest
from decimal import Decimal

import pytest

import shuangdao.rules.assessment as assessment
from shuangdao.errors import (
    InvalidRecordError,
    MissingParameterError,
    StandardsError,
    UnknownReferenceError,
)
from shuangdao.model import (
    Grade,
    Indicator,
    IndicatorKind,
    IndicatorResult,
    MandatedFailure,
    ScoringModel,
)
from shuangdao.rules.assessment import assess, indicator_points, scoring_model
from shuangdao.serialize import from_json, to_json
from shuangdao.standards import default_standards

D = Decimal


def test_module_doctests():
    assert doctest.testmod(assessment).failed == 0


def _city(**overrides):
    base = {
        "exit": IndicatorResult("exit", achieved=1),
        "identification_targeting": IndicatorResult(
            "identification_targeting", achieved=1, gate_value=D("0.05")
        ),
        "identification_files": IndicatorResult("identification_files", achieved=1),
        "assistance": IndicatorResult("assistance", achieved=1),
        "other": IndicatorResult("other", achieved=1),
    }
    base.update(overrides)
    return list(base.values())


class TestScoringModel:
    def test_round3_city_weights_S23(self):
        m = scoring_model(3, "city")
        weights = {i.id: i.weight for i in m.indicators}
        assert weights == {
            "exit": 50,
            "identification_targeting": 10,
            "identification_files": 5,
            "assistance": 22,
            "other": 13,
        }
        assert m.total_weight == 100
        assert m.indicator("exit").kind is IndicatorKind.MANDATED
        assert m.indicator("other").citation.certainty.value == "assumed"
        assert m.indicator("assistance").citation.certainty.value == "confirmed"

    def test_default_scale_is_assumed_and_village_scale_is_pass_fail(self):
        s = default_standards()
        assert s.citation("assessment.grade_scale").certainty.value == "assumed"
        village = scoring_model(1, "village")
        assert [b.grade for b in village.grade_scale] == [Grade.PASS, Grade.FAIL]
        assert scoring_model(3, "city").grade_scale[0].grade is Grade.EXCELLENT

    @pytest.mark.parametrize(
        ("round_", "subject"), [(1, "county"), (2, "unit"), (3, "county"), (1, "city")]
    )
    def test_unpublished_models_are_required(self, round_, subject):
        with pytest.raises(MissingParameterError):
            scoring_model(round_, subject)

    def test_supplied_model(self):
        s = default_standards().with_overrides(
            {
                "assessment.round1_county": [
                    {"id": "a", "kind": "scored", "weight": "100", "pass_line": "0.5"}
                ]
            }
        )
        assert scoring_model(1, "county", standards=s).total_weight == 100

    def test_bad_records(self):
        s = default_standards().with_overrides(
            {"assessment.round1_county": [{"id": "a", "kind": "bonus", "weight": "100"}]}
        )
        with pytest.raises(StandardsError):
            scoring_model(1, "county", standards=s)
        s = default_standards().with_overrides(
            {
                "assessment.round1_county": [
                    {"id": "a", "kind": "scored", "weight": "1", "sources": "NOPE"}
                ]
            }
        )
        with pytest.raises(StandardsError):
            scoring_model(1, "county", standards=s)
        with pytest.raises(InvalidRecordError):
            scoring_model(1, "province")

    def test_round_trip(self):
        m = scoring_model(3, "city")
        assert from_json(to_json(m), ScoringModel) == m
        r = IndicatorResult("x", achieved="0.5", deductions=2, gate_value="0.1")
        assert from_json(to_json(r), IndicatorResult) == r


class TestIndicatorPoints:
    @pytest.mark.parametrize(
        ("achieved", "points"), [("1", 10), ("0.999", 0), ("0", 0), ("1.5", 10)]
    )
    def test_mandated_all_or_nothing_S11(self, achieved, points):
        ind = Indicator("m", kind="mandated", weight=10)
        assert indicator_points(ind, IndicatorResult("m", achieved=achieved))[0] == points

    @pytest.mark.parametrize(
        ("achieved", "points"),
        [("0.59", "0"), ("0.60", "18.00"), ("1", "30"), ("1.1", "33.0"), ("2", "35")],
    )
    def test_scored_pass_line_and_bonus(self, achieved, points):
        ind = Indicator("s", kind="scored", weight=30, pass_line="0.60", max_bonus=5)
        assert indicator_points(ind, IndicatorResult("s", achieved=achieved))[0] == D(points)

    @pytest.mark.parametrize(("share", "points"), [("0.05", 10), ("0.0501", 0)])
    def test_identification_zero_when_more_than_5_percent_non_poor_S23(self, share, points):
        m = scoring_model(3, "city")
        ind = m.indicator("identification_targeting")
        result = IndicatorResult(ind.id, achieved=1, gate_value=D(share))
        assert indicator_points(ind, result)[0] == points

    def test_minus_one_per_verified_complaint_floor_zero_S23(self):
        ind = scoring_model(3, "city").indicator("identification_targeting")
        assert (
            indicator_points(ind, IndicatorResult(ind.id, achieved=1, deductions=3, gate_value=0))[
                0
            ]
            == 7
        )
        assert (
            indicator_points(ind, IndicatorResult(ind.id, achieved=1, deductions=30, gate_value=0))[
                0
            ]
            == 0
        )


class TestAssess:
    def test_full_marks_is_excellent(self):
        d = assess("c1", _city(), model=scoring_model(3, "city"), year=2016)
        assert d.outcome
        assert d.value == 100
        assert d.code == "excellent"
        assert len([r for r in d.reasons if r.criterion.startswith("indicator.")]) == 5

    def test_exit_task_missed_scores_0_of_50_S23(self):
        d = assess(
            "c1",
            _city(exit=IndicatorResult("exit", achieved="0.99")),
            model=scoring_model(3, "city"),
            year=2016,
        )
        assert d.value == 50
        assert d.code == "fail"
        assert not d.outcome
        assert d.reason("indicator.exit").observed == 0

    def test_mandated_failure_policy(self):
        model = scoring_model(1, "village")
        results = [IndicatorResult(i.id, achieved=1) for i in model.indicators]
        results[0] = IndicatorResult("housing", achieved="0.9")
        assert assess("v1", results, model=model, year=2011).outcome  # 90 points, indicator only
        s = default_standards().with_overrides({"assessment.mandated_failure": "fails_assessment"})
        strict = scoring_model(1, "village", standards=s)
        assert strict.mandated_failure is MandatedFailure.FAILS_ASSESSMENT
        d = assess("v1", results, model=strict, year=2011, standards=s)
        assert not d.outcome
        assert "mandated" in d.deciding
        assert d.code == "fail"

    def test_pass_mark_boundary(self):
        model = scoring_model(1, "village")
        # 60 points exactly: three mandated items (30) + household income 30
        results = [
            IndicatorResult(
                i.id,
                achieved=1
                if i.id in {"housing", "drinking_water", "village_road", "household_income"}
                else 0,
            )
            for i in model.indicators
        ]
        assert assess("v1", results, model=model, year=2012).code == "pass"
        results[0] = IndicatorResult("housing", achieved=0)
        assert assess("v1", results, model=model, year=2012).code == "fail"

    def test_errors(self):
        model = scoring_model(3, "city")
        with pytest.raises(InvalidRecordError, match="no result"):
            assess("c1", _city()[:-1], model=model, year=2016)
        with pytest.raises(UnknownReferenceError):
            assess("c1", [*_city(), IndicatorResult("zzz", achieved=1)], model=model, year=2016)
        with pytest.raises(InvalidRecordError, match="two results"):
            assess("c1", [*_city(), IndicatorResult("exit", achieved=1)], model=model, year=2016)
        with pytest.raises(InvalidRecordError, match="gate_value"):
            assess(
                "c1",
                _city(
                    identification_targeting=IndicatorResult("identification_targeting", achieved=1)
                ),
                model=model,
                year=2016,
            )
        with pytest.raises(InvalidRecordError, match="assessment year"):
            assess("c1", _city(), model=model, year=2015)

    def test_explains_in_both_languages(self):
        d = assess("c1", _city(), model=scoring_model(3, "city"), year=2017)
        assert "100" in d.explain("en")
        assert "优秀" in d.explain("zh")
