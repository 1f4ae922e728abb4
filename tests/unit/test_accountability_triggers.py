"""Unit tests for the 2010 measures' situations (问责情形): declarations and both evaluators."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pytest

from shuangdao.declare import declarations, keys_read
from shuangdao.errors import (
    InvalidRecordError,
    InvalidTypeError,
    MissingParameterError,
    StandardsError,
)
from shuangdao.model import AdminArea, Pairing
from shuangdao.model.accountability import (
    AccountabilityRecord,
    FundingIrregularity,
    IrregularityKind,
    LeaderLink,
    Mechanism,
    TriggerKind,
)
from shuangdao.rules.accountability import (
    FAIL_SHARE,
    FISCAL_GUARANTEE,
    FUND_SITUATIONS,
    LEADER_VILLAGE,
    TRIGGER_RULES,
    FailShare,
    escalate,
    evaluate_trigger_columns,
    evaluate_triggers,
    fail_share_columns,
    fail_share_trigger,
    fiscal_guarantee_trigger,
    funds_triggers,
    leader_village_trigger,
)
from shuangdao.standards import default_standards
from shuangdao.standards.params import AccountabilityParams


def record(number: int, failed: int | None = None, total: int | None = 20, **kw):
    """A county K01 record for assessment ``number`` (``failed=None`` → no village counts)."""
    return AccountabilityRecord(
        body_id=kw.pop("body_id", "K01"),
        body_kind=kw.pop("body_kind", "area"),
        level=kw.pop("level", "county"),
        assessment_number=number,
        year=2009 + number,
        failed=failed,
        total=None if failed is None else total,
        **kw,
    )


class TestDeclarations:
    """Each situation is declared once (shuangdao.declare) and names only real parameters."""

    def test_every_key_of_a_declaration_is_a_parameter(self):
        """The declarations point into the standards, nowhere else."""
        s = default_standards()
        for rule in TRIGGER_RULES:
            assert rule.keys
            for key in rule.keys:
                assert key in s.parameters, key
            assert rule.id.startswith("accountability.trigger.")

    def test_fail_share_is_a_share_by_assessment_with_a_comparator(self):
        """Failed over total, thresholds by assessment, comparator; cities/counties/townships."""
        s = default_standards()
        (criterion,) = FAIL_SHARE.criteria
        assert isinstance(criterion, FailShare)
        assert FAIL_SHARE.inputs == ("failed", "total", "assessment_number")
        assert dict(s.params.accountability.fail_share_thresholds) == {
            "1": Decimal("0.50"),
            "2": Decimal("0.40"),
            "3": Decimal("0.20"),
        }
        assert FAIL_SHARE.keys[:2] == (
            AccountabilityParams.fail_share_thresholds,
            AccountabilityParams.fail_share_comparator,
        )
        assert s.params.accountability.trigger_levels == ("city", "county", "township")

    def test_one_declared_rule_per_fund_situation(self):
        """Every irregularity kind has its rule; the flags are declared too."""
        assert set(FUND_SITUATIONS) == set(IrregularityKind)
        assert LEADER_VILLAGE.inputs[0] == "leaders_without_village"
        assert FISCAL_GUARANTEE.inputs == ("fiscal_guarantee",)

    def test_the_rule_functions_name_their_declarations(self):
        """The docs list the parameters each rule function reads from these marks."""
        assert declarations(fail_share_trigger) == (FAIL_SHARE,)
        assert AccountabilityParams.fail_share_comparator in keys_read(evaluate_triggers)
        assert AccountabilityParams.sanctions in keys_read(escalate)

    def test_the_bound_rule_decides_and_evaluates_alike(self):
        """decide (one area) and evaluate (columns) on the same declaration."""
        bound = FAIL_SHARE.bind()
        decision = bound.decide(subject_id="K", failed=10, total=20, assessment_number=1)
        assert decision.code == "selected"
        assert decision.certainty.value == "recalled"  # "reaches" read as >=, recalled
        evaluated = bound.evaluate(
            {
                "failed": np.array([9, 10]),
                "total": np.array([20, 20]),
                "assessment_number": np.array([1, 1]),
            }
        )
        assert evaluated.outcome.tolist() == [False, True]
        assert evaluated.certainty is decision.certainty


class TestFailShareTrigger:
    """S9 situation 1: 50 % / 40 % / 20 % at the 1st / 2nd / 3rd assessment, reached = >=."""

    @pytest.mark.parametrize(
        ("number", "at", "below"),
        [(1, 10, 9), (2, 8, 7), (3, 4, 3)],
    )
    def test_thresholds_50_40_20_of_20_villages_S9(self, number, at, below):
        """S9: 10/20 = 50 % at the 1st, 8/20 = 40 % at the 2nd, 4/20 = 20 % at the 3rd trigger."""
        assert fail_share_trigger("K01", assessment_number=number, failed=at, total=20).outcome
        assert fail_share_trigger("K01", assessment_number=number, failed=at + 1, total=20).outcome
        below_decision = fail_share_trigger("K01", assessment_number=number, failed=below, total=20)
        assert not below_decision.outcome
        assert below_decision.code == "not_triggered:fail_share"

    def test_reason_names_the_evidence_and_the_mechanism(self):
        """'12 of 20 villages failed = 60 % >= 50 % at the 1st assessment', 2010 measures."""
        decision = fail_share_trigger("K01", assessment_number=1, failed=12, total=20)
        reason = decision.reasons[0]
        assert (reason.observed, reason.threshold) == (Decimal(60), Decimal(50))
        text = reason.render("en")
        assert "12 of 20 villages failed at the 1st assessment" in text
        assert "60 % is at or above (>=) 50 %" in text
        assert "第1次考核20个村中12个不合格" in reason.render("zh")
        assert decision.citation.source_ids == ("S9", "S13")
        assert "situation 1" in decision.citation.article
        assert "2010 accountability measures" in decision.explain("en")
        assert "问责暂行办法" in decision.explain("zh")

    def test_exact_share_never_rounds_into_a_trigger(self):
        """1 of 3 = 33.33…% is below a 1/3 threshold written as 0.3334, at or above 0.3333."""
        s = default_standards().with_overrides(
            {"accountability.fail_share_thresholds": {"1": "0.3334", "2": "0.40", "3": "0.20"}}
        )
        assert not fail_share_trigger(
            "K01", assessment_number=1, failed=1, total=3, standards=s
        ).outcome
        s2 = s.with_overrides(
            {"accountability.fail_share_thresholds": {"1": "0.3333", "2": "0.40", "3": "0.20"}}
        )
        decision = fail_share_trigger("K01", assessment_number=1, failed=1, total=3, standards=s2)
        assert decision.outcome
        assert "decided exactly" in decision.reasons[0].render("en")

    def test_comparator_gt_override_excludes_the_threshold(self):
        """'Reaches' is recalled; read as 'exceeds', 10 of 20 no longer triggers at the 1st."""
        s = default_standards().with_overrides({"accountability.fail_share_comparator": "gt"})
        assert not fail_share_trigger(
            "K01", assessment_number=1, failed=10, total=20, standards=s
        ).outcome
        assert fail_share_trigger(
            "K01", assessment_number=1, failed=11, total=20, standards=s
        ).outcome

    def test_village_results_are_counted(self):
        """Results by village: True/'pass'/'excellent' pass; False/'fail' fail."""
        results = {f"V{i}": ("fail" if i < 10 else "pass") for i in range(20)}
        results["V19"] = "excellent"
        decision = fail_share_trigger("K01", assessment_number=1, results=results)
        assert decision.outcome
        assert "10 of 20" in decision.reasons[0].note_en

    def test_assessment_decisions_and_every_grade_are_counted(self):
        """Assessment decisions (their outcome) and every grade of the scales are read."""
        from shuangdao.model import Grade, IndicatorResult
        from shuangdao.rules.assessment import assess, scoring_model

        model = scoring_model(1, "village")
        passed = assess(
            "V0",
            [IndicatorResult(i.id, achieved=1) for i in model.indicators],
            model=model,
            year=2010,
        )
        failed = assess(
            "V1",
            [IndicatorResult(i.id, achieved=0) for i in model.indicators],
            model=model,
            year=2010,
        )
        assert (passed.outcome, failed.outcome) == (True, False)
        results = {"V0": passed, "V1": failed, "V2": Grade.GOOD, "V3": "合格", "V4": "不合格"}
        decision = fail_share_trigger("K01", assessment_number=3, results=results)
        assert decision.outcome  # 2 of 5 = 40 % >= 20 %
        assert "2 of 5" in decision.reasons[0].note_en

    @pytest.mark.parametrize("level", ["city", "county", "township"])
    def test_admin_area_subject_at_every_level(self, level):
        """A city, county or township: the decision's subject kind is its level (S9)."""
        parent = None if level == "province" else "C01"
        area = AdminArea(area_id="A1", level=level, parent_id=parent)
        decision = fail_share_trigger(area, assessment_number=2, failed=8, total=20)
        assert (decision.subject_kind, decision.subject_id) == (level, "A1")
        assert decision.outcome

    def test_bad_inputs_raise_typed_errors(self):
        """Missing or inconsistent counts, both forms, bad results → typed errors."""
        with pytest.raises(InvalidRecordError, match="needs failed and total"):
            fail_share_trigger("K01", assessment_number=1, failed=3)
        with pytest.raises(InvalidRecordError, match="total=20"):
            fail_share_trigger("K01", assessment_number=1, failed=21, total=20)
        with pytest.raises(InvalidRecordError, match="not both"):
            fail_share_trigger("K01", assessment_number=1, failed=1, total=2, results={})
        with pytest.raises(InvalidRecordError, match="village V1"):
            fail_share_trigger("K01", assessment_number=1, results={"V1": "maybe"})
        with pytest.raises(InvalidRecordError, match="must be >= 1"):
            fail_share_trigger("K01", assessment_number=1, failed=0, total=0)

    def test_fourth_assessment_needs_a_threshold(self):
        """No threshold for a 4th assessment: a MissingParameterError with a hint."""
        with pytest.raises(MissingParameterError, match="4th assessment"):
            fail_share_trigger("K01", assessment_number=4, failed=5, total=20)


class TestFailShareColumns:
    """The columnar evaluator of the same declaration: exact integers, same flips."""

    def test_thresholds_and_their_neighbours(self):
        """At 50 % / 40 % / 20 % and one village either side, as the comparator says."""
        failed = np.array([9, 10, 11, 7, 8, 9, 3, 4, 5])
        total = np.full(9, 20)
        numbers = np.array([1, 1, 1, 2, 2, 2, 3, 3, 3])
        flags = fail_share_columns(assessment_number=numbers, failed=failed, total=total)
        assert flags.tolist() == [False, True, True] * 3

    def test_long_override_ratio_is_exact(self):
        """A 30-digit override ratio does not overflow: Python integers take over."""
        ratio = "0.3333333333333333333333333333334"
        s = default_standards().with_overrides(
            {"accountability.fail_share_thresholds": {"1": ratio, "2": "0.4", "3": "0.2"}}
        )
        flags = fail_share_columns(
            assessment_number=1, failed=np.array([1, 2]), total=np.array([3, 6]), standards=s
        )
        assert flags.tolist() == [False, False]
        scalar = fail_share_trigger("K", assessment_number=1, failed=1, total=3, standards=s)
        assert not scalar.outcome

    def test_unrecorded_rows_and_bad_rows(self):
        """total = -1 is not evaluated; failed > total names the row."""
        flags = fail_share_columns(
            assessment_number=1, failed=np.array([-1, 10]), total=np.array([-1, 20])
        )
        assert flags.tolist() == [False, True]
        with pytest.raises(InvalidRecordError, match="row 1"):
            fail_share_columns(
                assessment_number=1, failed=np.array([1, 30]), total=np.array([2, 20])
            )
        with pytest.raises(InvalidTypeError, match="integer"):
            fail_share_columns(assessment_number=1, failed=np.array([0.5]), total=np.array([2]))

    def test_every_situation_and_its_codes(self):
        """Flags and codes per row, as the scalar path names them."""
        kinds = len(default_standards().value("accountability.irregularity_kinds"))
        findings = np.zeros((3, kinds), dtype=np.int64)
        findings[2, 3] = 2  # misused funds
        out = evaluate_trigger_columns(
            assessment_number=1,
            failed=np.array([12, 1, -1]),
            total=np.array([20, 20, -1]),
            leaders_without_village=np.array([0, 1, -1]),
            fiscal_guarantee=np.array([1, -1, 0]),
            findings=findings,
        )
        assert out.triggered.tolist() == [True, True, True]
        assert out.codes() == [
            "triggered:fail_share",
            "triggered:leader_village",
            "triggered:fiscal_guarantee+triggered:funds.misused_funds",
        ]
        with pytest.raises(InvalidRecordError, match="levels"):
            evaluate_trigger_columns(
                assessment_number=1,
                failed=np.array([1]),
                total=np.array([2]),
                level=["province"],
            )


class TestLeaderVillageTrigger:
    """S9 situation 2: the leadership did not each take charge of a village (挂村办点)."""

    def test_every_leader_with_a_village_does_not_trigger(self):
        """All leaders took a village: no trigger."""
        decision = leader_village_trigger("K01", links={"L1": "V1", "L2": "V2"})
        assert not decision.outcome

    def test_one_leader_without_a_village_triggers_and_is_named(self):
        """A leader with no village triggers; the reason names them."""
        decision = leader_village_trigger("K01", links={"L1": "V1", "L2": None})
        assert decision.outcome
        assert decision.reasons[0].observed == "L2"
        assert "1 of 2 leaders" in decision.reasons[0].render("en")

    def test_pairings_and_required_leaders(self):
        """Ledger pairings: only leader→village pairings in force count; absent leaders too."""
        on = dt.date(2011, 6, 1)
        pairings = [
            Pairing(
                pairing_id="p1",
                assisting_kind="leader",
                assisting_id="L1",
                assisted_kind="village",
                assisted_id="V1",
                valid_from=dt.date(2010, 1, 1),
            ),
            Pairing(
                pairing_id="p2",
                assisting_kind="leader",
                assisting_id="L2",
                assisted_kind="village",
                assisted_id="V2",
                valid_from=dt.date(2010, 1, 1),
                valid_to=dt.date(2010, 12, 31),
            ),
            Pairing(
                pairing_id="p3",
                assisting_kind="unit",
                assisting_id="U1",
                assisted_kind="village",
                assisted_id="V3",
                valid_from=dt.date(2010, 1, 1),
            ),
        ]
        decision = leader_village_trigger("K01", links=pairings, on=on)
        assert decision.outcome
        assert decision.reasons[0].observed == "L2"
        assert not leader_village_trigger("K01", links=pairings, on=dt.date(2010, 6, 1)).outcome
        with_absent = leader_village_trigger(
            "K01", links=pairings, leaders=["L1", "L3"], on=dt.date(2010, 6, 1)
        )
        assert with_absent.reasons[0].observed == "L3"

    def test_leader_links(self):
        """LeaderLink records are accepted."""
        links = [LeaderLink(leader_id="L1", village_id=None)]
        assert leader_village_trigger("K01", links=links).outcome

    def test_no_leaders_is_an_error(self):
        """Nothing to check is an error, not a silent pass."""
        with pytest.raises(InvalidRecordError, match="no leaders"):
            leader_village_trigger("K01", links={})
        with pytest.raises(InvalidTypeError):
            leader_village_trigger("K01", links=["L1"])  # type: ignore[list-item]


class TestFiscalGuaranteeTrigger:
    """S9 situation 3: no local fiscal budget guarantee."""

    def test_missing_guarantee_triggers(self):
        """No guarantee → trigger; a guarantee → none."""
        missing = fiscal_guarantee_trigger("K01", has_guarantee=False)
        assert missing.outcome
        assert missing.reasons[0].observed is False
        assert not fiscal_guarantee_trigger("K01", has_guarantee=True).outcome

    def test_flag_must_be_boolean(self):
        """A non-boolean is a typed error."""
        with pytest.raises(InvalidTypeError, match="has_guarantee"):
            fiscal_guarantee_trigger("K01", has_guarantee="no")  # type: ignore[arg-type]


class TestFundsTriggers:
    """S10: the fund and poor-list situations, from findings."""

    def test_one_decision_per_kind_in_data_order(self):
        """One decision per kind; only kinds with findings hold."""
        findings = [
            FundingIrregularity(
                kind="misused_funds",
                body_id="K01",
                village_id="V3",
                amount="50000",
                evidence_id="A-7",
            ),
            FundingIrregularity(kind="not_signed_for", body_id="K01"),
        ]
        decisions = funds_triggers("K01", irregularities=findings)
        assert [d.value for d in decisions] == [f"funds.{k.value}" for k in IrregularityKind]
        held = [d.code for d in decisions if d.outcome]
        assert held == ["triggered:funds.misused_funds", "triggered:funds.not_signed_for"]
        misused = next(d for d in decisions if d.outcome)
        assert "village V3, 50,000.00 yuan [A-7]" in misused.reasons[0].render("en")
        citation = misused.citation
        assert "local copy" in citation.note
        assert citation.certainty.value == "confirmed"

    def test_no_findings_no_trigger(self):
        """No findings: nothing holds."""
        assert not any(d.outcome for d in funds_triggers("K01", irregularities=[]))

    def test_finding_on_another_body_is_rejected(self):
        """A finding on another body is never held against this one."""
        other = FundingIrregularity(kind="withheld_funds", body_id="K02", evidence_id="E9")
        with pytest.raises(InvalidRecordError, match="E9"):
            funds_triggers("K01", irregularities=[other])
        with pytest.raises(InvalidTypeError, match="funding findings"):
            funds_triggers("K01", irregularities=["misused"])

    def test_unknown_kind_in_the_data_is_rejected(self):
        """The list of situations is data, checked against the vocabulary."""
        s = default_standards().with_overrides({"accountability.irregularity_kinds": ["theft"]})
        with pytest.raises(StandardsError, match="theft"):
            funds_triggers("K01", irregularities=[], standards=s)


class TestEvaluateTriggers:
    """Only the evidence a record has is evaluated; the regional ones at city/county/township."""

    def test_unrecorded_evidence_is_not_evaluated(self):
        """None → not evaluated; the fund situations are always evaluated."""
        decisions = evaluate_triggers(record(1))
        assert all(d.rule == "accountability.trigger.funds" for d in decisions)
        full = evaluate_triggers(
            record(1, 12, leaders={"L1": "V1"}, fiscal_guarantee=True, rated_failing=True)
        )
        rules = [d.rule.rsplit(".", 1)[-1] for d in full]
        assert rules[:3] == ["fail_share", "leader_village", "fiscal_guarantee"]
        # "rated failing" is the 2011 rules' condition, not a situation of the measures
        assert all(d.rule != "accountability.trigger.failed_assessment" for d in full)
        assert TriggerKind.FAILED_ASSESSMENT.mechanism is Mechanism.ASSESSMENT_RULES

    @pytest.mark.parametrize("level", ["city", "county", "township"])
    def test_cities_counties_and_townships_are_evaluated(self, level):
        """S9: the regional situations apply to cities, counties and townships."""
        decisions = evaluate_triggers(record(1, 10, level=level, fiscal_guarantee=False))
        assert [d.code for d in decisions if d.outcome] == [
            "triggered:fail_share",
            "triggered:fiscal_guarantee",
        ]

    def test_regional_evidence_on_a_unit_or_the_province_is_rejected(self):
        """Village counts on a unit or the province: the S9 share applies to regions only."""
        unit = record(1, 5, body_id="U01", body_kind="unit", level="province")
        with pytest.raises(InvalidRecordError, match="city, county, township"):
            evaluate_triggers(unit)
        province = record(1, 5, body_id="GD", level="province")
        with pytest.raises(InvalidRecordError, match="levels"):
            evaluate_triggers(province)
        with pytest.raises(InvalidRecordError, match="fiscal_guarantee"):
            evaluate_triggers(
                record(1, body_id="U01", body_kind="unit", level="city", fiscal_guarantee=True)
            )
