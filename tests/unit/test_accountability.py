"""Unit tests for accountability (问责): triggers, coverage, the ladder and sanctions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from shuangdao.errors import (
    InvalidRecordError,
    InvalidTypeError,
    MissingParameterError,
    ShuangdaoError,
    StandardsError,
)
from shuangdao.model import AdminArea, Pairing
from shuangdao.rules.accountability import (
    AccountabilityRecord,
    Action,
    ActionDecision,
    AggravatingFactor,
    Aggravation,
    BodyKind,
    FundingIrregularity,
    IrregularityKind,
    LeaderLink,
    Official,
    Role,
    Sanction,
    Side,
    escalate,
    evaluate_triggers,
    fail_share_trigger,
    failed_assessment_trigger,
    fiscal_guarantee_trigger,
    funds_triggers,
    is_covered,
    leader_village_trigger,
    severity_scale,
)
from shuangdao.serialize import from_json, to_json
from shuangdao.standards import default_standards


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


PRINCIPAL = Official(
    official_id="P1", role="principal_leader", body_kind="area", body_id="K01", level="county"
)
IN_CHARGE = Official(
    official_id="P2", role="in_charge_leader", body_kind="area", body_id="K01", level="county"
)
OUTSIDER = Official(
    official_id="X1", role="principal_leader", body_kind="area", body_id="K02", level="county"
)


def ladder_actions(actions: tuple[ActionDecision, ...]) -> list[ActionDecision]:
    """The ladder/sanction actions (severity > 0)."""
    return [a for a in actions if a.severity > 0]


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

    def test_reason_names_the_evidence(self):
        """The reason reads '12 of 20 villages failed = 60 % >= 50 % at the 1st assessment'."""
        decision = fail_share_trigger("K01", assessment_number=1, failed=12, total=20)
        reason = decision.reasons[0]
        assert (reason.observed, reason.threshold) == (Decimal(60), Decimal(50))
        text = reason.render("en")
        assert "12 of 20 villages failed at the 1st assessment" in text
        assert "60 % is at or above (>=) 50 %" in text
        assert "第1次考核20个村中12个不合格" in reason.render("zh")
        assert decision.citation.source_ids == ("S9", "S13")
        assert "situation 1" in decision.citation.article

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
        """S9 situation 1 counts villages that failed the annual assessment (及格/不及格).

        The results may be the decisions of ``assess`` (their outcome decides) or any grade
        of the assessment scales: 合格/良好/``"good"`` pass, 不合格 fails.
        """
        from shuangdao.rules.assessment import Grade, IndicatorResult, assess, scoring_model

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

    def test_admin_area_subject(self):
        """An AdminArea subject gives the decision its level as subject kind."""
        area = AdminArea(area_id="C01-K01", level="county", parent_id="C01")
        decision = fail_share_trigger(area, assessment_number=2, failed=8, total=20)
        assert (decision.subject_kind, decision.subject_id) == ("county", "C01-K01")

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
        assert fiscal_guarantee_trigger("K01", has_guarantee=False).outcome
        assert not fiscal_guarantee_trigger("K01", has_guarantee=True).outcome

    def test_flag_must_be_boolean(self):
        """A non-boolean is a typed error."""
        with pytest.raises(InvalidTypeError, match="has_guarantee"):
            fiscal_guarantee_trigger("K01", has_guarantee="no")  # type: ignore[arg-type]


class TestFailedAssessmentTrigger:
    """Seed p. 5: a city, county or unit rated failing."""

    def test_rated_failing_triggers(self):
        """Rated failing → trigger, cited to the seed, p. 5."""
        decision = failed_assessment_trigger("U01", rated_failing=True)
        assert decision.outcome
        assert decision.citation.source_ids == ("SEED",)
        assert not failed_assessment_trigger("U01", rated_failing=False).outcome

    def test_switched_off_by_data(self):
        """With accountability.failed_assessment_applies = false it never holds."""
        s = default_standards().with_overrides({"accountability.failed_assessment_applies": False})
        assert not failed_assessment_trigger("U01", rated_failing=True, standards=s).outcome


class TestFundsTriggers:
    """S10: the other situations, from FundingIrregularity evidence."""

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

    def test_no_findings_no_trigger(self):
        """No findings: nothing holds."""
        assert not any(d.outcome for d in funds_triggers("K01", irregularities=[]))

    def test_finding_on_another_body_is_rejected(self):
        """A finding on another body is never held against this one."""
        other = FundingIrregularity(kind="withheld_funds", body_id="K02", evidence_id="E9")
        with pytest.raises(InvalidRecordError, match="E9"):
            funds_triggers("K01", irregularities=[other])


class TestEvaluateTriggers:
    """Only the evidence a record has is evaluated."""

    def test_unrecorded_evidence_is_not_evaluated(self):
        """None → not evaluated; the funds situations are always evaluated."""
        decisions = evaluate_triggers(record(1))
        assert all(d.rule == "accountability.trigger.funds" for d in decisions)
        full = evaluate_triggers(
            record(1, 12, leaders={"L1": "V1"}, fiscal_guarantee=True, rated_failing=False)
        )
        rules = [d.rule.rsplit(".", 1)[-1] for d in full]
        assert rules[:4] == [
            "fail_share",
            "leader_village",
            "fiscal_guarantee",
            "failed_assessment",
        ]

    def test_fail_share_on_a_unit_is_rejected(self):
        """Village counts on a unit: the S9 share applies to areas only."""
        unit = record(1, 5, body_id="U01", body_kind="unit", level="province")
        with pytest.raises(InvalidRecordError, match="city, county or township"):
            evaluate_triggers(unit)


class TestIsCovered:
    """S8 art. 2: who is covered, on both sides."""

    @pytest.mark.parametrize(
        ("role", "kind", "level", "covered"),
        [
            ("principal_leader", "area", "city", True),
            ("leadership_member", "area", "county", True),
            ("in_charge_leader", "area", "township", True),
            ("principal_leader", "area", "township", True),
            ("leadership_member", "area", "township", False),
            ("unit_principal", "unit", "central", True),
            ("unit_in_charge", "unit", "county", True),
            ("unit_principal", "unit", "township", False),
            ("unit_principal", "poverty_office", "county", True),
            ("staff", "area", "county", False),
            ("staff", "unit", "province", False),
        ],
    )
    def test_art2_roles(self, role, kind, level, covered):
        """County-and-above leadership; township principal/in-charge; department heads."""
        official = Official(official_id="P", role=role, body_kind=kind, body_id="B", level=level)
        assert is_covered(official).outcome is covered

    @pytest.mark.parametrize("side", list(Side))
    def test_both_sides_are_covered(self, side):
        """Assisting and assisted sides alike (art. 2)."""
        official = Official(
            official_id="P",
            role="unit_principal",
            body_kind="unit",
            body_id="U1",
            level="province",
            side=side,
        )
        assert is_covered(official).outcome

    def test_a_side_removed_by_data_is_not_covered(self):
        """Coverage of the sides is data."""
        s = default_standards().with_overrides({"accountability.covered_sides": ["assisted"]})
        official = Official(
            official_id="P",
            role="unit_principal",
            body_kind="unit",
            body_id="U1",
            level="province",
            side="assisting",
        )
        assert not is_covered(official, standards=s).outcome


class TestSeverityScale:
    """The combined scale: ladder steps, then sanctions."""

    def test_default_scale(self):
        """通报 → 点名 → 约谈 → apology → suspension → resignation → ordered → removal."""
        assert severity_scale() == (
            Action.NOTICE,
            Action.NAMING,
            Action.COACHING_INTERVIEW,
            Sanction.PUBLIC_APOLOGY,
            Sanction.SUSPENSION,
            Sanction.RESIGNATION,
            Sanction.ORDERED_RESIGNATION,
            Sanction.REMOVAL,
        )

    def test_admonition_is_not_a_default_step_but_may_be_added(self):
        """诫勉 was not found for 双到: absent by default, allowed by override."""
        assert Action.ADMONITION not in severity_scale()
        s = default_standards().with_overrides(
            {
                "accountability.ladder": [
                    "notice",
                    "naming",
                    "coaching_interview",
                    "admonition",
                    "sanction",
                ]
            }
        )
        assert severity_scale(standards=s)[3] is Action.ADMONITION

    @pytest.mark.parametrize(
        "ladder",
        [["sanction", "notice"], ["notice", "notice"], ["warning"], []],
    )
    def test_bad_ladder_data_is_rejected(self, ladder):
        """'sanction' last, no repeats, known steps only, not empty."""
        s = default_standards().with_overrides({"accountability.ladder": ladder})
        with pytest.raises(StandardsError):
            severity_scale(standards=s)


class TestEscalate:
    """The ladder over an assessment history (SEED p. 5), sanctions (S9, S10 art. 9)."""

    def test_first_failure_is_a_notice(self):
        """Step 1: 通报 (circulated notice)."""
        (action,) = escalate([], record(1, 12), subject=PRINCIPAL)
        assert (action.action, action.severity, action.official_id) == (Action.NOTICE, 1, "P1")
        assert action.role is Role.PRINCIPAL_LEADER
        assert action.citation.source_ids == ("SEED",)
        assert action.triggers == ("triggered:fail_share",)

    def test_each_step_of_the_ladder(self):
        """Consecutive failures: notice, naming, coaching interview, sanction proposal."""
        history = [record(1, 12), record(2, 9), record(3, 5)]
        s = default_standards().with_overrides(
            {
                "accountability.fail_share_thresholds": {
                    "1": "0.5",
                    "2": "0.4",
                    "3": "0.2",
                    "4": "0.2",
                }
            }
        )
        history.append(record(4, 5))
        seen = []
        for i, new in enumerate(history):
            (action,) = ladder_actions(escalate(history[:i], new, subject=PRINCIPAL, standards=s))
            seen.append((action.action, action.sanction, action.severity))
        assert seen == [
            (Action.NOTICE, None, 1),
            (Action.NAMING, None, 2),
            (Action.COACHING_INTERVIEW, None, 3),
            (Action.SANCTION, Sanction.PUBLIC_APOLOGY, 4),
        ]

    def test_sanction_step_costs_award_eligibility(self):
        """At the sanction step the leadership team loses that year's award eligibility."""
        s = default_standards().with_overrides({"accountability.ladder": ["sanction"]})
        actions = escalate([], record(1, 12), subject=PRINCIPAL, standards=s)
        assert [a.action for a in actions] == [Action.SANCTION, Action.AWARD_INELIGIBLE]
        sanction, team = actions
        assert sanction.combinable_with == ()  # the apology itself
        assert team.role is Role.LEADERSHIP_TEAM
        assert team.official_id is None
        assert team.citation.article == "S10 art. 9"

    def test_no_trigger_no_action(self):
        """9 of 20 at the 1st, leaders in villages, a budget: nothing to do."""
        clean = record(1, 9, leaders={"L1": "V1"}, fiscal_guarantee=True, rated_failing=False)
        assert escalate([], clean, subject=PRINCIPAL) == ()

    @pytest.mark.parametrize(
        ("policy", "expected"),
        [
            ("reset", Action.NOTICE),
            ("hold", Action.COACHING_INTERVIEW),
            ("step_down", Action.NAMING),
        ],
    )
    def test_improvement_policy(self, policy, expected):
        """Fail, fail, pass, fail: reset → notice; hold → interview; step down → naming."""
        s = default_standards().with_overrides(
            {
                "accountability.on_improvement": policy,
                "accountability.fail_share_thresholds": {
                    "1": "0.5",
                    "2": "0.4",
                    "3": "0.2",
                    "4": "0.2",
                },
            }
        )
        history = [record(1, 12), record(2, 9), record(3, 1)]
        (action,) = escalate(history, record(4, 10), subject=PRINCIPAL, standards=s)
        assert action.action is expected

    def test_failures_per_step(self):
        """Two triggered assessments per step: fail, fail → still a notice."""
        s = default_standards().with_overrides({"accountability.failures_per_step": 2})
        (action,) = escalate([record(1, 12)], record(2, 9), subject=PRINCIPAL, standards=s)
        assert action.action is Action.NOTICE

    def test_overflow_holds_or_climbs(self):
        """Past the top: hold the entry sanction (default) or climb one per step."""
        base = {"accountability.ladder": ["notice", "sanction"]}
        history = [record(1, 12), record(2, 9)]
        hold = default_standards().with_overrides(base)
        (action,) = [
            a
            for a in escalate(history, record(3, 5), subject=PRINCIPAL, standards=hold)
            if a.severity
        ]
        assert action.sanction is Sanction.PUBLIC_APOLOGY
        climb = hold.with_overrides({"accountability.sanction_overflow": "climb"})
        (action,) = [
            a
            for a in escalate(history, record(3, 5), subject=PRINCIPAL, standards=climb)
            if a.severity
        ]
        assert action.sanction is Sanction.SUSPENSION

    def test_aggravation_raises_a_sanction(self):
        """Each aggravating factor raises the proposed sanction one step (S10 art. 9)."""
        s = default_standards().with_overrides({"accountability.ladder": ["sanction"]})
        new = record(
            1,
            12,
            aggravations=[
                Aggravation(official_id="P1", factor="retaliation"),
                Aggravation(official_id="P1", factor="false_statement"),
            ],
        )
        actions = escalate([], new, subject=[PRINCIPAL], standards=s)
        (sanction,) = ladder_actions(actions)
        assert sanction.sanction is Sanction.RESIGNATION
        assert sanction.aggravating == (
            AggravatingFactor.FALSE_STATEMENT,
            AggravatingFactor.RETALIATION,
        )
        assert sanction.combinable_with == (Sanction.PUBLIC_APOLOGY,)
        assert "从重情节" in sanction.explain("zh")

    def test_aggravation_caps_at_removal(self):
        """Heavier never goes past the heaviest sanction."""
        s = default_standards().with_overrides(
            {"accountability.ladder": ["sanction"], "accountability.aggravation_steps": 5}
        )
        new = record(1, 12, aggravations=[Aggravation(official_id="P1", factor="retaliation")])
        (sanction,) = ladder_actions(escalate([], new, subject=PRINCIPAL, standards=s))
        assert sanction.sanction is Sanction.REMOVAL

    def test_aggravation_scope(self):
        """By default aggravation does not touch a notice; with scope 'scale' it does."""
        new = record(1, 12, aggravations=[Aggravation(official_id="P1", factor="retaliation")])
        (notice,) = escalate([], new, subject=PRINCIPAL)
        assert notice.action is Action.NOTICE
        assert notice.aggravating == ()
        s = default_standards().with_overrides({"accountability.aggravation_scope": "scale"})
        (naming,) = escalate([], new, subject=PRINCIPAL, standards=s)
        assert naming.action is Action.NAMING

    def test_aggravation_against_an_unknown_person_is_an_error(self):
        """An aggravation must name an official of the body in subject."""
        new = record(1, 12, aggravations=[Aggravation(official_id="P9", factor="retaliation")])
        with pytest.raises(InvalidRecordError, match="P9"):
            escalate([], new, subject=PRINCIPAL)

    def test_unit_trigger_never_names_a_person_outside_it(self):
        """K01's trigger names only K01's people; K02's principal is never named."""
        actions = escalate([], record(1, 12), subject=[OUTSIDER, PRINCIPAL, IN_CHARGE])
        assert [(a.official_id, a.body_id) for a in actions] == [("P1", "K01")]

    def test_role_without_a_person_is_addressed_to_the_role(self):
        """No person given for a targeted role: the action is addressed to the role."""
        (action,) = escalate([], record(1, 12), subject=[OUTSIDER])
        assert action.official_id is None
        assert action.who("en") == "principal leader of county K01 (assisted side)"
        assert action.who("zh") == "被帮扶方县K01主要领导"

    def test_assisting_unit_rated_failing(self):
        """Seed p. 5: a failing assisting unit's principal and in-charge heads are noticed."""
        unit_people = [
            Official(
                official_id=f"U{i}",
                role=role,
                body_kind="unit",
                body_id="U01",
                level="province",
                side="assisting",
            )
            for i, role in enumerate(["unit_principal", "unit_in_charge", "staff"])
        ]
        new = AccountabilityRecord(
            body_id="U01",
            body_kind="unit",
            level="province",
            side="assisting",
            assessment_number=1,
            rated_failing=True,
        )
        actions = escalate([], new, subject=unit_people)
        assert [(a.official_id, a.action) for a in actions] == [
            ("U0", Action.NOTICE),
            ("U1", Action.NOTICE),
        ]
        assert all(a.side is Side.ASSISTING for a in actions)

    def test_funds_findings_refer_for_discipline_and_prosecution(self):
        """Findings marked as such add discipline and criminal referrals."""
        finding = FundingIrregularity(
            kind="misused_funds",
            body_id="K01",
            amount="120000",
            evidence_id="A-1",
            discipline_due=True,
            criminal_suspected=True,
        )
        actions = escalate([], record(1, irregularities=[finding]), subject=[PRINCIPAL])
        referrals = [Action.NOTICE, Action.DISCIPLINE_REFERRAL, Action.CRIMINAL_REFERRAL]
        # The principal leader (P1) and the in-charge leader (no person given: the role).
        assert [(a.official_id, a.role, a.action) for a in actions] == [
            *(("P1", Role.PRINCIPAL_LEADER, r) for r in referrals),
            *((None, Role.IN_CHARGE_LEADER, r) for r in referrals),
        ]
        assert all("A-1" in a.explain("en") for a in actions)

    def test_history_must_be_the_same_body_in_order(self):
        """Another body's record, or assessments out of order, are errors."""
        with pytest.raises(InvalidRecordError, match="K02"):
            escalate([record(1, 12, body_id="K02")], record(2, 9), subject=PRINCIPAL)
        with pytest.raises(InvalidRecordError, match="assessment_number"):
            escalate([record(2, 9)], record(1, 12), subject=PRINCIPAL)

    def test_explains_in_both_languages(self):
        """Who, what, why and the clause, in zh and en."""
        (action,) = escalate([record(1, 12)], record(2, 9), subject=PRINCIPAL)
        en, zh = action.explain("en"), action.explain("zh")
        assert en.startswith("principal leader P1 of county K01 (assisted side): naming")
        assert "9 of 20 villages failed" in en
        assert zh.startswith("被帮扶方县K01主要领导（P1）：点名")
        assert "第2次考核20个村中9个不合格" in zh
        assert action.decision.outcome
        assert action.decision.code == "naming"

    def test_round_trips_through_json(self):
        """Records and actions serialise losslessly."""
        new = record(
            1,
            12,
            leaders={"L1": None},
            irregularities=[FundingIrregularity(kind="delayed_funds", body_id="K01", amount=3)],
        )
        assert from_json(to_json(new), AccountabilityRecord) == new
        for action in escalate([], new, subject=PRINCIPAL):
            assert from_json(to_json(action), ActionDecision) == action


class TestRecords:
    """Record validation names the record and field."""

    def test_errors_name_the_record(self):
        """Bad records raise typed errors naming record and field."""
        with pytest.raises(InvalidRecordError, match="accountability record K01: total"):
            AccountabilityRecord(
                body_id="K01", body_kind="area", level="county", assessment_number=1, failed=3
            )
        with pytest.raises(InvalidRecordError, match="level='village'"):
            Official(official_id="P", role="staff", body_kind="area", body_id="K", level="village")
        with pytest.raises(InvalidRecordError, match="central"):
            Official(official_id="P", role="staff", body_kind="area", body_id="K", level="central")
        with pytest.raises(InvalidRecordError, match="team as a whole"):
            Official(
                official_id="P",
                role="leadership_team",
                body_kind="area",
                body_id="K",
                level="county",
            )
        with pytest.raises(ShuangdaoError, match="irregularities"):
            record(1, irregularities=[FundingIrregularity(kind="misused_funds", body_id="K9")])
        with pytest.raises(InvalidRecordError, match="repeat a leader"):
            record(1, leaders=[LeaderLink(leader_id="L1"), LeaderLink(leader_id="L1")])
        with pytest.raises(InvalidRecordError, match="kind"):
            FundingIrregularity(kind="theft", body_id="K01")

    def test_body_kinds(self):
        """Every body kind is accepted."""
        for kind in BodyKind:
            level = "county"
            assert (
                AccountabilityRecord(
                    body_id="B", body_kind=kind, level=level, assessment_number=1
                ).body_kind
                is kind
            )
