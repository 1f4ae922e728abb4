"""Pairing limits flag, duties wait for their law, and one responsible cadre is "at least one".

Issue 13 item 6 (limits are rules that flag, not constructors that refuse) and issue 15 items 2
(duties before their law) and 4 (one responsible cadre, exactly → at least one): unit tests at
every limit (at, one below, one above) and date boundary (the day before / of the regulation's
effective date), for the scalar and the columnar evaluator.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa
import pytest

from shuangdao.citations import Certainty
from shuangdao.errors import InvalidRecordError
from shuangdao.model import (
    AssistanceAgreement,
    AssistingUnit,
    Cadre,
    Commitment,
    Measure,
    Pairing,
    Plan,
    ResponsibilityLedger,
    WorkTeam,
)
from shuangdao.reports import gap_report, ledger_columns, limit_report, plan_report
from shuangdao.rules.pairing import (
    AGREEMENT,
    HOUSEHOLD_PLAN,
    HOUSEHOLD_RESPONSIBLE,
    UNITS_PER_VILLAGE,
    VILLAGE_ASSISTANCE,
    check_agreement,
    check_household_plan,
    check_household_responsibility,
    check_units_per_village,
    check_village_assistance,
    check_village_plan,
    units_limit,
)
from shuangdao.standards import default_standards
from shuangdao.standards.params import PairingParams as P
from shuangdao.standards.params import RegulationParams as R

IN_FORCE = dt.date(2012, 1, 1)
DAY_BEFORE = dt.date(2011, 12, 31)
ROUND1 = dt.date(2010, 3, 1)


def _unit(unit_id: str) -> AssistingUnit:
    return AssistingUnit(unit_id=unit_id, name=unit_id, kind="public_institution", level="county")


def _pair(pid: str, kind: str, aid: str, bid: str, start: dt.date = ROUND1) -> Pairing:
    return Pairing(
        pairing_id=pid,
        assisting_kind=kind,
        assisting_id=aid,
        assisted_kind="village" if kind == "unit" else "household",
        assisted_id=bid,
        valid_from=start,
    )


@pytest.fixture
def ledger() -> ResponsibilityLedger:
    """Round 1 from 2010-03-01: U1 and U2 both assist V1; H1 has R1 and R2; H2 has R1; H3 none."""
    base = ResponsibilityLedger.create(
        villages=["V1", "V2"],
        households={"H1": "V1", "H2": "V1", "H3": "V1"},
        units=[_unit("U1"), _unit("U2")],
        cadres=[Cadre(cadre_id="R1", unit_id="U1"), Cadre(cadre_id="R2", unit_id="U2")],
    )
    return base.add_pairings(
        [
            _pair("UV1", "unit", "U1", "V1"),
            _pair("UV2", "unit", "U2", "V1"),
            _pair("CH1", "cadre", "R1", "H1"),
            _pair("CH1b", "cadre", "R2", "H1"),
            _pair("CH2", "cadre", "R1", "H2"),
        ]
    ).add_team(
        WorkTeam(team_id="T1", unit_id="U1", village_id="V1", cadre_ids=["R1"]), valid_from=ROUND1
    )


# ------------------------------------------------------------------ issue 15 item 2
class TestAgreementDutyFromTheRegulation:
    """The agreement duty comes from the 2011 regulation (ch. 3, S17), in force 2012-01-01 (S16)."""

    def test_a_2010_round_1_pairing_needs_no_agreement(self, ledger):
        d = check_agreement("UV1", ledger=ledger, on=dt.date(2010, 6, 1))
        assert (d.outcome, d.code) == (True, "selected")
        for reason in d.reasons:
            assert reason.holds
            assert reason.note_en.startswith("not yet in force: the duty comes from the 2011")
            assert "2012-01-01" in reason.note_en
            assert "尚未施行" in reason.note_zh
            assert set(reason.citation.source_ids) >= {"S16"}
        assert "not yet in force" in d.explain("en")
        assert "尚未施行" in d.explain("zh")

    def test_the_day_before_the_regulation_the_duty_does_not_apply(self, ledger):
        assert check_agreement("UV1", ledger=ledger, on=DAY_BEFORE).outcome

    def test_from_the_day_the_regulation_is_in_force_it_applies(self, ledger):
        d = check_agreement("UV1", ledger=ledger, on=IN_FORCE)
        assert d.code == "not:agreement_signed+yearly_commitment"
        assert "not yet in force" not in d.explain("en")

    def test_an_agreement_signed_and_committed_passes(self, ledger):
        signed = ledger.add_agreement(
            AssistanceAgreement(
                agreement_id="A1",
                unit_id="U1",
                village_id="V1",
                signed_on=IN_FORCE,
                commitments=[Commitment(year=2012, funds="300000", projects=2, people=2)],
            )
        )
        d = check_agreement("UV1", ledger=signed, on=IN_FORCE)
        assert (d.code, d.value) == ("selected", "A1")
        assert "funds 300,000.00 yuan, 2 projects, 2 people for 2012" in d.explain("en")

    def test_the_effective_date_is_read_from_the_standards(self, ledger):
        later = default_standards().with_overrides({R.in_force: "2013-01-01"})
        assert check_agreement("UV1", ledger=ledger, on=dt.date(2012, 12, 31), standards=later)
        assert not check_agreement(
            "UV1", ledger=ledger, on=dt.date(2013, 1, 1), standards=later
        ).outcome

    def test_a_scenario_without_the_duty(self, ledger):
        off = default_standards().with_overrides({P.agreement_required: False})
        d = check_agreement("UV1", ledger=ledger, on=IN_FORCE, standards=off)
        assert d.outcome
        assert "not required under these standards" in d.reason("agreement_signed").note_en

    @pytest.mark.parametrize(
        ("on", "outcome"), [(DAY_BEFORE, [True, True]), (IN_FORCE, [False, True])]
    )
    def test_columnar_at_the_boundary(self, on, outcome):
        columns = {
            "agreement_signed": np.array([False, True]),
            "yearly_commitment": np.array([False, True]),
        }
        assert AGREEMENT.bind(on=on).evaluate(columns).outcome.tolist() == outcome

    def test_binding_needs_a_day(self):
        with pytest.raises(InvalidRecordError, match="on is needed"):
            AGREEMENT.bind()


# ------------------------------------------------------------------ issue 15 item 4
class TestAtLeastOneResponsibleCadre:
    """Every poor household has a named responsible person (S4): at least one, no maximum."""

    def test_two_cadres_pass(self, ledger):
        d = check_household_responsibility("H1", ledger=ledger, on=ROUND1)
        assert (d.outcome, d.value) == (True, "R1, R2")
        assert d.reason("responsible_cadre").observed == 2
        assert d.reason("cadres_within_limit").holds
        assert "no limit under these standards" in d.reason("cadres_within_limit").note_en
        assert d.certainty is Certainty.CONFIRMED

    def test_one_cadre_passes_and_none_fails(self, ledger):
        one = check_household_responsibility("H2", ledger=ledger, on=ROUND1)
        assert (one.outcome, one.value) == (True, "R1")
        none = check_household_responsibility("H3", ledger=ledger, on=ROUND1)
        assert (none.outcome, none.code, none.value) == (False, "not:responsible_cadre", None)

    def test_the_day_before_the_pairings_start(self, ledger):
        d = check_household_responsibility("H1", ledger=ledger, on=ROUND1 - dt.timedelta(1))
        assert d.code == "not:responsible_cadre"

    @pytest.mark.parametrize(
        ("cap", "cadres", "holds"), [(1, 1, True), (1, 2, False), (2, 2, True), (2, 3, False)]
    )
    def test_an_assumed_cap_flags_when_switched_on(self, cap, cadres, holds):
        capped = default_standards().with_overrides(
            {P.responsible_cadres_limited: True, P.max_cadres_per_household: cap}
        )
        bound = HOUSEHOLD_RESPONSIBLE.bind(capped)
        d = bound.decide(subject_id="H", responsible_cadres=cadres)
        assert d.outcome is holds
        assert d.code == ("selected" if holds else "not:cadres_within_limit")
        assert d.certainty is Certainty.ASSUMED  # a scenario override: the cap is assumed
        column = bound.evaluate({"responsible_cadres": np.array([cadres])})
        assert column.outcome.tolist() == [holds]

    def test_gap_report_lists_no_gap_for_two_cadres(self, ledger):
        rows = gap_report(ledger, on=ROUND1).to_records()
        assert [(r["subject_id"], r["gap"]) for r in rows] == [
            ("V2", "assisting_unit"),
            ("V2", "work_team"),
            ("H3", "responsible_cadre"),
        ]

    def test_limit_report_flags_households_only_under_a_cap(self, ledger):
        assert [r["subject_id"] for r in limit_report(ledger, on=ROUND1).rows] == ["V1"]
        capped = default_standards().with_overrides({P.responsible_cadres_limited: True})
        rows = limit_report(ledger, on=ROUND1, standards=capped).to_records()
        assert rows[-1] == {
            "subject_kind": "household",
            "subject_id": "H1",
            "rule": "pairing.household_responsible",
            "criterion": "cadres_within_limit",
            "observed": 2,
            "limit": 1,
            "excess": 1,
        }


# ------------------------------------------------------------------ issue 13 item 6
class TestUnitsPerVillageFlags:
    """One unit per village is illustrated (S3), not a rule: the limit flags, never refuses."""

    def test_the_ledger_records_two_units_and_the_rule_flags_them(self, ledger):
        d = check_units_per_village("V1", ledger=ledger, on=ROUND1)
        assert (d.outcome, d.value, d.code) == (False, 2, "not:units_per_village")
        assert d.reason("units_per_village").threshold == 1
        assert d.certainty is Certainty.ASSUMED
        assert "units: U1, U2" in d.explain("en")

    @pytest.mark.parametrize(
        ("limit", "units", "holds"),
        [(1, 0, True), (1, 1, True), (1, 2, False), (2, 2, True), (2, 3, False)],
    )
    def test_at_the_limit_and_one_either_side(self, limit, units, holds):
        s = default_standards().with_overrides({P.max_units_per_village: limit})
        bound = UNITS_PER_VILLAGE.bind(s)
        assert bound.decide(subject_id="V", assisting_units=units).outcome is holds
        assert bound.evaluate({"assisting_units": np.array([units])}).outcome.tolist() == [holds]
        assert units_limit(s) == limit

    def test_limit_report_row(self, ledger):
        (row,) = limit_report(ledger, on=ROUND1).to_records()
        assert row == {
            "subject_kind": "village",
            "subject_id": "V1",
            "rule": "pairing.units_per_village",
            "criterion": "units_per_village",
            "observed": 2,
            "limit": 1,
            "excess": 1,
        }


class TestLedgerColumns:
    """The ledger read into one row per subject: what the columnar evaluator decides."""

    def test_villages(self, ledger):
        columns = ledger_columns(ledger, "villages", on=ROUND1)
        assert columns["id"].tolist() == ["V1", "V2"]
        assert columns["assisting_units"].tolist() == [2, 0]
        assert columns["work_teams"].tolist() == [1, 0]
        assert VILLAGE_ASSISTANCE.bind().evaluate(columns).codes().to_pylist() == [
            "selected",
            "not:assisting_unit+work_team",
        ]

    def test_households_and_plans(self, ledger):
        columns = ledger_columns(ledger, "households", on=ROUND1)
        assert columns["responsible_cadres"].tolist() == [2, 1, 0]
        planned = ledger.add_plan(
            Plan(
                plan_id="P1",
                subject_kind="household",
                subject_id="H1",
                measures=[Measure(kind="industry")],
                target_year=2011,
            )
        )
        plans = ledger_columns(planned, "household_plans", on=dt.date(2012, 1, 1))
        assert plans["has_plan"].tolist() == [True, False, False]
        codes = HOUSEHOLD_PLAN.bind(on=dt.date(2012, 1, 1)).evaluate(plans).codes().to_pylist()
        assert codes == ["not:not_overdue", "not:has_plan", "not:has_plan"]

    def test_arrow_list_columns_decide_the_same(self):
        bound = HOUSEHOLD_PLAN.bind(on=dt.date(2012, 6, 1))
        measures = [["industry"], ["industry", "no_such_measure"], []]
        base = {"has_plan": np.array([True, True, False]), "target_year": np.array([2012, 2012, 0])}
        arrow = bound.evaluate({**base, "measures": pa.array(measures, pa.list_(pa.string()))})
        chunked = bound.evaluate(
            {**base, "measures": pa.chunked_array([pa.array(measures, pa.list_(pa.string()))])}
        )
        python = np.empty(3, dtype=object)
        python[:] = [tuple(m) for m in measures]
        plain = bound.evaluate({**base, "measures": python})
        expected = ["selected", "not:measures_in_catalogue", "not:has_plan"]
        for result in (arrow, chunked, plain):
            assert result.codes().to_pylist() == expected

    def test_agreements_one_row_per_unit_pairing_in_force(self, ledger):
        columns = ledger_columns(ledger, "agreements", on=IN_FORCE)
        assert columns["id"].tolist() == ["UV1", "UV2"]
        assert AGREEMENT.bind(on=IN_FORCE).evaluate(columns).outcome.tolist() == [False, False]

    def test_unknown_subjects(self, ledger):
        with pytest.raises(InvalidRecordError, match="subjects='teams'"):
            ledger_columns(ledger, "teams", on=ROUND1)  # type: ignore[arg-type]

    def test_plan_report_overdue_on_the_first_of_january(self, ledger):
        planned = ledger.add_plan(
            Plan(
                plan_id="P1",
                subject_kind="village",
                subject_id="V1",
                measures=[Measure(kind="industry")],
                target_year=2012,
            )
        )
        on_time = plan_report(planned, on=dt.date(2012, 12, 31), households=[])
        late = plan_report(planned, on=dt.date(2013, 1, 1), households=[])
        assert [r["problem"] for r in on_time.rows] == ["missing"]  # V2
        assert [(r["subject_id"], r["problem"]) for r in late.rows] == [
            ("V1", "overdue"),
            ("V2", "missing"),
        ]

    def test_report_decisions_are_the_checks_decisions(self, ledger):
        """Each report explains a subject with exactly the decision its check function gives."""
        on = dt.date(2013, 1, 1)
        planned = ledger.add_plan(
            Plan(
                plan_id="P1",
                subject_kind="household",
                subject_id="H1",
                measures=[Measure(kind="industry")],
                target_year=2012,
            )
        )
        report = plan_report(planned, on=on)
        expected = [
            *(check_village_plan(v, ledger=planned, on=on) for v in ("V1", "V2")),
            *(check_household_plan(h, ledger=planned, on=on) for h in ("H1", "H2", "H3")),
        ]
        assert list(report.decisions) == expected
        gaps = gap_report(planned, on=on)
        assert list(gaps.decisions) == [
            check_village_assistance("V2", ledger=planned, on=on),
            check_household_responsibility("H3", ledger=planned, on=on),
        ]
