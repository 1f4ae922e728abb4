"""Unit tests for the two mechanisms (2011 assessment rules; 2010 measures) and the ladder."""

from __future__ import annotations

import pytest

from shuangdao.errors import InvalidRecordError, StandardsError
from shuangdao.model.accountability import (
    AccountabilityAction,
    AccountabilityRecord,
    ActionDecision,
    AggravatingFactor,
    Aggravation,
    AssistanceSide,
    FundingIrregularity,
    Mechanism,
    Official,
    OfficialRole,
    Sanction,
    SanctionChoice,
)
from shuangdao.rules.accountability import (
    assessment_consequences,
    escalate,
    failed_assessment_trigger,
    is_covered,
    measures_sanctions,
    mechanism_table,
    sanction_options,
    severity_scale,
)
from shuangdao.serialize import from_json, to_json
from shuangdao.standards import default_standards

ART9 = (
    Sanction.PUBLIC_APOLOGY,
    Sanction.SUSPENSION,
    Sanction.RESIGNATION,
    Sanction.ORDERED_RESIGNATION,
    Sanction.REMOVAL,
)
ALTERNATIVES = (
    AccountabilityAction.NOTICE,
    AccountabilityAction.NAMING,
    AccountabilityAction.COACHING_INTERVIEW,
)
LADDER_ON = default_standards().with_overrides({"accountability.ladder_enabled": True})


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


def of(actions: tuple[ActionDecision, ...], mechanism: Mechanism) -> list[ActionDecision]:
    """The decisions of one mechanism."""
    return [a for a in actions if a.mechanism is mechanism]


class TestAssessmentRules2011:
    """S36, seed p. 5: a city, county or unit rated failing → notice, naming or interview."""

    def test_rated_failing_condition_cites_the_seed_and_s36(self):
        """The condition of the 2011 rules, cited to the seed's p. 5."""
        decision = failed_assessment_trigger("U01", rated_failing=True)
        assert decision.outcome
        assert decision.citation.source_ids == ("SEED", "S36")
        assert decision.citation.article == "SEED p. 5"
        assert "2011 assessment rules" in decision.title_en
        assert not failed_assessment_trigger("U01", rated_failing=False).outcome

    def test_switched_off_by_data(self):
        """With accountability.failed_assessment_applies = false it never holds."""
        s = default_standards().with_overrides({"accountability.failed_assessment_applies": False})
        assert not failed_assessment_trigger("U01", rated_failing=True, standards=s).outcome
        assert assessment_consequences(record(1, rated_failing=True), standards=s) == ()

    def test_county_rated_failing_gets_the_alternatives(self):
        """Principal and responsible leaders: notice, naming or interview — as alternatives."""
        actions = assessment_consequences(
            record(1, rated_failing=True), subject=[PRINCIPAL, IN_CHARGE, OUTSIDER]
        )
        assert [(a.official_id, a.role) for a in actions] == [
            ("P1", OfficialRole.PRINCIPAL_LEADER),
            ("P2", OfficialRole.IN_CHARGE_LEADER),
        ]
        for action in actions:
            assert action.mechanism is Mechanism.ASSESSMENT_RULES
            assert action.action is AccountabilityAction.ASSESSMENT_CONSEQUENCE
            assert action.options == ALTERNATIVES
            assert action.chosen is None
            assert action.severity == 0
            assert action.sanction_options == ()
            assert action.citation.article == "SEED p. 5"
        text = actions[0].explain("en")
        assert "2011 assessment rules" in text
        assert "circulated notice, naming or one-to-one coaching interview, the assessing" in text
        assert "the assessing body's choice" in text
        assert "考核评估办法" in actions[0].explain("zh")

    def test_assisting_unit_rated_failing(self):
        """A failing assisting unit's principal and in-charge heads; staff are not addressed."""
        people = [
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
        actions = escalate([], new, subject=people)
        assert [(a.official_id, a.action) for a in actions] == [
            ("U0", AccountabilityAction.ASSESSMENT_CONSEQUENCE),
            ("U1", AccountabilityAction.ASSESSMENT_CONSEQUENCE),
        ]
        assert all(a.side is AssistanceSide.ASSISTING for a in actions)

    def test_a_township_rated_failing_is_not_addressed(self):
        """The 2011 rules name cities, counties and assisting units only."""
        assert assessment_consequences(record(1, level="township", rated_failing=True)) == ()

    def test_the_assessing_body_choice_is_an_input(self):
        """The choice is checked against the options and shown on the decision."""
        (action,) = assessment_consequences(
            record(1, rated_failing=True, consequence_chosen="naming"), subject=PRINCIPAL
        )[:1]
        assert action.chosen is AccountabilityAction.NAMING
        assert action.decision.code == "naming"
        assert "(chosen: naming)" in action.explain("en")
        with pytest.raises(InvalidRecordError, match="consequence_chosen"):
            assessment_consequences(record(1, rated_failing=True, consequence_chosen="sanction"))
        with pytest.raises(InvalidRecordError, match="rated_failing"):
            assessment_consequences(record(1, consequence_chosen="notice"))
        with pytest.raises(InvalidRecordError, match="failing rating"):
            assessment_consequences(record(1, rated_failing=False, consequence_chosen="notice"))

    def test_rated_failing_alone_never_proposes_a_sanction(self):
        """The 2011 rules have no sanctions: a failing rating is not a situation of 2010."""
        actions = escalate([], record(1, rated_failing=True), subject=PRINCIPAL)
        assert of(actions, Mechanism.ACCOUNTABILITY_MEASURES) == []
        assert [a.action for a in actions] == [AccountabilityAction.ASSESSMENT_CONSEQUENCE] * 2


class TestSanctionOptions:
    """S10 art. 9: the five sanctions, mildest first (order recalled), heavier when aggravated."""

    def test_all_five_apply_without_aggravation(self):
        """Public apology to removal from post."""
        assert sanction_options() == ART9

    def test_each_aggravating_factor_drops_the_mildest(self):
        """From 从重: one factor rules out the apology alone, two the suspension too."""
        assert sanction_options(aggravating=["retaliation"]) == ART9[1:]
        assert (
            sanction_options(
                aggravating=[AggravatingFactor.RETALIATION, AggravatingFactor.FALSE_STATEMENT]
            )
            == ART9[2:]
        )
        assert sanction_options(aggravating=["retaliation", "retaliation"]) == ART9[1:]

    def test_removal_always_remains(self):
        """However heavy, the options never run out."""
        s = default_standards().with_overrides({"accountability.aggravation_steps": 5})
        assert sanction_options(aggravating=["refusal_to_correct"], standards=s) == (
            Sanction.REMOVAL,
        )

    def test_the_order_is_an_overridable_parameter(self):
        """The severity order is recalled: a user may reorder it."""
        s = default_standards().with_overrides(
            {
                "accountability.sanction_severity": {
                    "public_apology": 1,
                    "suspension": 3,
                    "resignation": 2,
                    "ordered_resignation": 4,
                    "removal": 5,
                }
            }
        )
        assert sanction_options(standards=s)[1:3] == (Sanction.RESIGNATION, Sanction.SUSPENSION)
        assert default_standards().param("accountability.sanction_severity").certainty.value == (
            "recalled"
        )

    @pytest.mark.parametrize(
        "override",
        [
            {"accountability.sanctions": ["public_apology", "dismissal"]},
            {"accountability.sanctions": ["public_apology", "public_apology"]},
            {"accountability.sanction_severity": {"public_apology": 1}},
            {"accountability.combinable_sanctions": ["dismissal"]},
        ],
    )
    def test_bad_sanction_data_is_rejected(self, override):
        """撤职 is not an art. 9 form; every form ranked once; combinable forms exist."""
        s = default_standards().with_overrides(override)
        with pytest.raises(StandardsError):
            measures_sanctions(record(1, 12), standards=s)


class TestAccountabilityMeasures2010:
    """S8 art. 2, S9, S10 art. 9: a situation → the art. 9 sanctions for the art. 2 leaders."""

    def test_a_trigger_at_the_first_assessment_can_lead_to_removal(self):
        """12 of 20 at the 1st assessment: every art. 9 sanction applies, removal included."""
        sanction, team = escalate([], record(1, 12), subject=PRINCIPAL)
        assert sanction.mechanism is Mechanism.ACCOUNTABILITY_MEASURES
        assert sanction.action is AccountabilityAction.SANCTION
        assert sanction.sanction_options == ART9
        assert Sanction.REMOVAL in sanction.sanction_options
        assert sanction.sanction is None  # the discipline body chooses
        assert sanction.combinable_with == (Sanction.PUBLIC_APOLOGY,)
        assert (sanction.official_id, sanction.severity) == ("P1", 1)
        assert sanction.triggers == ("triggered:fail_share",)
        assert sanction.citation.article == "S10 art. 9"
        assert team.action is AccountabilityAction.AWARD_INELIGIBLE
        assert team.role is OfficialRole.LEADERSHIP_TEAM
        assert team.mechanism is Mechanism.ACCOUNTABILITY_MEASURES

    def test_each_triggered_assessment_stands_alone(self):
        """Three triggered assessments: the sanctions apply at each, no ladder by default."""
        history = [record(1, 12), record(2, 9), record(3, 5)]
        for i, new in enumerate(history):
            actions = escalate(history[:i], new, subject=PRINCIPAL)
            assert [a.action for a in actions] == [
                AccountabilityAction.SANCTION,
                AccountabilityAction.AWARD_INELIGIBLE,
            ]
            assert actions[0].sanction_options == ART9
            assert of(actions, Mechanism.RECALLED_LADDER) == []

    def test_retaliation_makes_the_options_heavier(self):
        """S10 art. 9: with retaliation the apology alone no longer applies."""
        new = record(1, 12, aggravations=[Aggravation(official_id="P1", factor="retaliation")])
        sanction, _ = escalate([], new, subject=PRINCIPAL)
        assert sanction.sanction_options == ART9[1:]
        assert sanction.aggravating == (AggravatingFactor.RETALIATION,)
        assert sanction.severity == 2
        assert sanction.combinable_with == (Sanction.PUBLIC_APOLOGY,)
        assert "从重情节" in sanction.explain("zh")
        assert "aggravating factor: retaliation" in sanction.explain("en")

    def test_the_discipline_body_choice_is_checked(self):
        """A chosen sanction inside the options is shown; outside them it is an error."""
        chosen = record(
            1, 12, sanctions_chosen=[SanctionChoice(official_id="P1", sanction="removal")]
        )
        sanction, _ = escalate([], chosen, subject=PRINCIPAL)
        assert sanction.sanction is Sanction.REMOVAL
        assert sanction.decision.code == "removal"
        assert "(chosen: removal from post)" in sanction.explain("en")
        aggravated = record(
            1,
            12,
            aggravations=[Aggravation(official_id="P1", factor="false_statement")],
            sanctions_chosen=[SanctionChoice(official_id="P1", sanction="public_apology")],
        )
        with pytest.raises(InvalidRecordError, match="aggravating factors rule out"):
            escalate([], aggravated, subject=PRINCIPAL)
        combined = record(
            1,
            12,
            sanctions_chosen=[
                SanctionChoice(official_id="P1", sanction="suspension", with_public_apology=True)
            ],
        )
        assert escalate([], combined, subject=PRINCIPAL)[0].sanction is Sanction.SUSPENSION
        nobody = record(
            1, 3, sanctions_chosen=[SanctionChoice(official_id="P1", sanction="removal")]
        )
        with pytest.raises(InvalidRecordError, match="not held to account"):
            escalate([], nobody, subject=PRINCIPAL)

    def test_dismissal_is_discipline_not_removal_from_post(self):
        """撤职 (seed p. 5) is a disciplinary sanction: never an art. 9 option, but choosable."""
        assert Sanction.DISMISSAL not in sanction_options()
        assert Sanction.DISMISSAL.zh == "撤职"
        assert Sanction.REMOVAL.zh == "免职"
        assert Sanction.DISMISSAL.disciplinary
        assert not Sanction.REMOVAL.disciplinary
        new = record(
            1, 12, sanctions_chosen=[SanctionChoice(official_id="P1", sanction="dismissal")]
        )
        sanction, _ = escalate([], new, subject=PRINCIPAL)
        assert sanction.sanction is Sanction.DISMISSAL
        reason = sanction.decision.reason("accountability.measures.sanction_chosen")
        assert reason.citation.source_ids == ("SEED",)

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
        steps = [
            AccountabilityAction.SANCTION,
            AccountabilityAction.DISCIPLINE_REFERRAL,
            AccountabilityAction.CRIMINAL_REFERRAL,
        ]
        assert [(a.official_id, a.role, a.action) for a in actions] == [
            *(("P1", OfficialRole.PRINCIPAL_LEADER, r) for r in steps),
            *((None, OfficialRole.IN_CHARGE_LEADER, r) for r in steps),
            (None, OfficialRole.LEADERSHIP_TEAM, AccountabilityAction.AWARD_INELIGIBLE),
        ]
        assert all("A-1" in a.explain("en") for a in actions[:-1])
        discipline = actions[1]
        assert discipline.sanction_options == (Sanction.DISMISSAL,)
        assert all(a.mechanism is Mechanism.ACCOUNTABILITY_MEASURES for a in actions)

    def test_no_trigger_no_action(self):
        """9 of 20 at the 1st, leaders in villages, a budget, a pass: nothing to do."""
        clean = record(1, 9, leaders={"L1": "V1"}, fiscal_guarantee=True, rated_failing=False)
        assert escalate([], clean, subject=PRINCIPAL) == ()

    def test_a_trigger_never_names_a_person_outside_the_body(self):
        """K01's trigger names only K01's principal; the in-charge leader is not targeted."""
        actions = escalate([], record(1, 12), subject=[OUTSIDER, PRINCIPAL, IN_CHARGE])
        assert [(a.official_id, a.body_id) for a in actions] == [("P1", "K01"), (None, "K01")]

    def test_role_without_a_person_is_addressed_to_the_role(self):
        """No person given for a targeted role: the decision is addressed to the role."""
        (sanction, _) = escalate([], record(1, 12), subject=[OUTSIDER])
        assert sanction.official_id is None
        assert sanction.who("en") == "principal leader of county K01 (assisted side)"
        assert sanction.who("zh") == "被帮扶方县K01主要领导"

    def test_townships_are_held_to_account(self):
        """S9: a township's principal leader (covered by art. 2) is held to account."""
        township = Official(
            official_id="T1",
            role="principal_leader",
            body_kind="area",
            body_id="T01",
            level="township",
        )
        new = record(1, 3, total=5, body_id="T01", level="township")
        sanction, _team = escalate([], new, subject=township)
        assert (sanction.official_id, sanction.level) == ("T1", "township")
        assert sanction.sanction_options == ART9

    def test_aggravation_against_an_unknown_person_is_an_error(self):
        """An aggravation must name an official of the body in subject."""
        new = record(1, 12, aggravations=[Aggravation(official_id="P9", factor="retaliation")])
        with pytest.raises(InvalidRecordError, match="P9"):
            escalate([], new, subject=PRINCIPAL)

    def test_history_must_be_the_same_body_in_order(self):
        """Another body's record, or assessments out of order, are errors."""
        with pytest.raises(InvalidRecordError, match="K02"):
            escalate([record(1, 12, body_id="K02")], record(2, 9), subject=PRINCIPAL)
        with pytest.raises(InvalidRecordError, match="assessment_number"):
            escalate([record(2, 9)], record(1, 12), subject=PRINCIPAL)

    def test_both_mechanisms_side_by_side(self):
        """Rated failing and a situation: the 2011 decisions first, then the 2010 ones."""
        actions = escalate([], record(1, 12, rated_failing=True), subject=[PRINCIPAL, IN_CHARGE])
        assert [(a.mechanism, a.official_id) for a in actions] == [
            (Mechanism.ASSESSMENT_RULES, "P1"),
            (Mechanism.ASSESSMENT_RULES, "P2"),
            (Mechanism.ACCOUNTABILITY_MEASURES, "P1"),
            (Mechanism.ACCOUNTABILITY_MEASURES, None),
        ]

    def test_round_trips_through_json(self):
        """Records and decisions serialise losslessly."""
        new = record(
            1,
            12,
            leaders={"L1": None},
            rated_failing=True,
            consequence_chosen="notice",
            irregularities=[FundingIrregularity(kind="delayed_funds", body_id="K01", amount=3)],
            sanctions_chosen=[SanctionChoice(official_id="P1", sanction="suspension")],
        )
        assert from_json(to_json(new), AccountabilityRecord) == new
        for action in escalate([], new, subject=PRINCIPAL):
            assert from_json(to_json(action), ActionDecision) == action


class TestRecalledLadder:
    """The ladder across assessments is recalled: off by default, available as an option."""

    def test_off_by_default(self):
        """accountability.ladder_enabled is false and tagged assumed."""
        param = default_standards().param("accountability.ladder_enabled")
        assert param.value is False
        assert param.certainty.value == "assumed"

    def test_each_step_of_the_ladder_when_switched_on(self):
        """Consecutive triggers: notice, naming, coaching interview, proposed sanction."""
        s = LADDER_ON.with_overrides(
            {
                "accountability.fail_share_thresholds": {
                    "1": "0.5",
                    "2": "0.4",
                    "3": "0.2",
                    "4": "0.2",
                }
            }
        )
        history = [record(1, 12), record(2, 9), record(3, 5), record(4, 5)]
        seen = []
        for i, new in enumerate(history):
            actions = escalate(history[:i], new, subject=PRINCIPAL, standards=s)
            (step,) = of(actions, Mechanism.RECALLED_LADDER)
            seen.append((step.action, step.sanction, step.severity))
            # the two mechanisms are still there, apart
            assert of(actions, Mechanism.ACCOUNTABILITY_MEASURES)
        assert seen == [
            (AccountabilityAction.NOTICE, None, 1),
            (AccountabilityAction.NAMING, None, 2),
            (AccountabilityAction.COACHING_INTERVIEW, None, 3),
            (AccountabilityAction.SANCTION, Sanction.PUBLIC_APOLOGY, 4),
        ]

    @pytest.mark.parametrize(
        ("policy", "expected"),
        [
            ("reset", AccountabilityAction.NOTICE),
            ("hold", AccountabilityAction.COACHING_INTERVIEW),
            ("step_down", AccountabilityAction.NAMING),
        ],
    )
    def test_improvement_policy(self, policy, expected):
        """Fail, fail, pass, fail: reset → notice; hold → interview; step down → naming."""
        s = LADDER_ON.with_overrides(
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
        actions = escalate(history, record(4, 10), subject=PRINCIPAL, standards=s)
        (step,) = of(actions, Mechanism.RECALLED_LADDER)
        assert step.action is expected

    def test_overflow_aggravation_and_award_loss(self):
        """Past the top: hold or climb; aggravation per scope; the team loses awards once."""
        base = LADDER_ON.with_overrides({"accountability.ladder": ["notice", "sanction"]})
        history = [record(1, 12), record(2, 9)]
        (step,) = of(
            escalate(history, record(3, 5), subject=PRINCIPAL, standards=base),
            Mechanism.RECALLED_LADDER,
        )
        assert step.sanction is Sanction.PUBLIC_APOLOGY
        climb = base.with_overrides({"accountability.sanction_overflow": "climb"})
        (step,) = of(
            escalate(history, record(3, 5), subject=PRINCIPAL, standards=climb),
            Mechanism.RECALLED_LADDER,
        )
        assert step.sanction is Sanction.SUSPENSION
        new = record(1, 12, aggravations=[Aggravation(official_id="P1", factor="retaliation")])
        scale = LADDER_ON.with_overrides({"accountability.aggravation_scope": "scale"})
        (step,) = of(
            escalate([], new, subject=PRINCIPAL, standards=scale), Mechanism.RECALLED_LADDER
        )
        assert step.action is AccountabilityAction.NAMING
        teams = [
            a
            for a in escalate([], record(1, 12), subject=PRINCIPAL, standards=LADDER_ON)
            if a.action is AccountabilityAction.AWARD_INELIGIBLE
        ]
        assert len(teams) == 1

    def test_a_failing_rating_counts_on_the_ladder(self):
        """With the ladder on, a unit rated failing gets a notice on the ladder too."""
        unit = Official(
            official_id="U0",
            role="unit_principal",
            body_kind="unit",
            body_id="U01",
            level="province",
        )
        new = AccountabilityRecord(
            body_id="U01",
            body_kind="unit",
            level="province",
            assessment_number=1,
            rated_failing=True,
        )
        steps = of(escalate([], new, subject=unit, standards=LADDER_ON), Mechanism.RECALLED_LADDER)
        assert [(a.official_id, a.action) for a in steps] == [
            ("U0", AccountabilityAction.NOTICE),
            (None, AccountabilityAction.NOTICE),
        ]


class TestSeverityScale:
    """The art. 9 sanctions in their recalled order; the ladder's steps only when it is on."""

    def test_default_scale(self):
        """Apology → suspension → resignation → ordered resignation → removal."""
        assert severity_scale() == ART9

    def test_with_the_ladder_switched_on(self):
        """通报 → 点名 → 约谈 → the sanctions; 诫勉 only by override."""
        assert severity_scale(standards=LADDER_ON) == (*ALTERNATIVES, *ART9)
        s = LADDER_ON.with_overrides(
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
        assert severity_scale(standards=s)[3] is AccountabilityAction.ADMONITION

    @pytest.mark.parametrize(
        "ladder",
        [["sanction", "notice"], ["notice", "notice"], ["warning"], []],
    )
    def test_bad_ladder_data_is_rejected(self, ladder):
        """'sanction' last, no repeats, known steps only, not empty — even when switched off."""
        s = default_standards().with_overrides({"accountability.ladder": ladder})
        with pytest.raises(StandardsError):
            severity_scale(standards=s)


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
        decision = is_covered(official)
        assert decision.outcome is covered
        assert decision.rule == "accountability.measures.coverage"

    @pytest.mark.parametrize("side", list(AssistanceSide))
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


class TestMechanismTable:
    """Both mechanisms side by side, each cell with its parameters, sources and certainty."""

    def test_rows_cite_their_parameters(self):
        """Every cell with parameters carries their sources and the weakest certainty."""
        rows = mechanism_table()
        assert [r.aspect_en for r in rows][:3] == ["Text", "Applies when", "Bodies"]
        s = default_standards()
        for row in rows:
            for cell in (row.assessment_rules, row.accountability_measures):
                for key in cell.parameters:
                    assert key in s.parameters
                if cell.parameters:
                    assert cell.citation is not None
        consequence = next(r for r in rows if r.aspect_en == "Consequence")
        measures = consequence.accountability_measures.citation
        rules = consequence.assessment_rules.citation
        assert measures is not None
        assert rules is not None
        assert measures.certainty.value == "recalled"
        assert rules.source_ids == ("SEED", "S36")

    def test_the_fail_shares_are_read_from_the_standards(self):
        """The table states the published shares, and an override shows in both languages."""
        applies = mechanism_table()[1].accountability_measures
        assert "reach 50 % / 40 % / 20 % at the 1st / 2nd / 3rd assessment" in applies.text_en
        assert "第一、二、三次考核分别达到50%、40%、20%" in applies.text_zh
        s = default_standards().with_overrides(
            {
                "accountability.fail_share_thresholds": {"1": "0.6", "2": "0.45", "3": "0.2"},
                "accountability.fail_share_comparator": "gt",
            }
        )
        applies = mechanism_table(standards=s)[1].accountability_measures
        assert "exceed 60 % / 45 % / 20 % at the 1st / 2nd / 3rd assessment" in applies.text_en
        assert "第一、二、三次考核分别超过60%、45%、20%" in applies.text_zh
        assert "50" not in applies.text_en + applies.text_zh
