"""Unit tests for the pairing checks (shuangdao.rules.pairing) and the reports built on them."""

from __future__ import annotations

import datetime as dt

import pytest

from shuangdao.errors import InvalidRecordError, LedgerError, MissingParameterError
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
from shuangdao.reports import gap_report, overload_report, plan_report
from shuangdao.rules.pairing import (
    check_agreement,
    check_cadre_load,
    check_household_plan,
    check_household_responsibility,
    check_leader_village_link,
    check_leadership_liaison,
    check_village_assistance,
    check_village_plan,
    current_plan,
)
from shuangdao.standards import default_standards

START = dt.date(2013, 1, 1)


def _pairing(pid: str, kind: str, aid: str, bid: str, start: dt.date = START) -> Pairing:
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
    """V1 (H1..H3) assisted by U1 with team T1 (R1); R1 has H1, H2; H3 has nobody; V2 empty."""
    base = ResponsibilityLedger.create(
        villages=["V1", "V2"],
        households={"H1": "V1", "H2": "V1", "H3": "V1"},
        units=[
            AssistingUnit(unit_id="U1", name="u", kind="public_institution", level="provincial")
        ],
        cadres=[Cadre(cadre_id="R1", unit_id="U1"), Cadre(cadre_id="R2", unit_id="U1")],
    )
    return base.add_pairings(
        [
            _pairing("UV1", "unit", "U1", "V1"),
            _pairing("CH1", "cadre", "R1", "H1"),
            _pairing("CH2", "cadre", "R1", "H2"),
        ]
    ).add_team(
        WorkTeam(team_id="T1", unit_id="U1", village_id="V1", cadre_ids=["R1"]), valid_from=START
    )


def _plan(pid: str, kind: str, subject: str, target: int, made: dt.date | None = None) -> Plan:
    return Plan(
        plan_id=pid,
        subject_kind=kind,
        subject_id=subject,
        measures=[Measure(kind="industry"), Measure(kind="education", target_year=target)],
        target_year=target,
        made_on=made,
    )


class TestCheckVillageAssistance:
    """check_village_assistance (S3, S4, S17)."""

    def test_assisted_village(self, ledger: ResponsibilityLedger) -> None:
        """A unit and a team with a cadre on the date."""
        d = check_village_assistance("V1", ledger=ledger, on=START)
        assert (d.outcome, d.code) == (True, "selected")
        assert d.rule == "pairing.village_assistance"
        assert "S3" in d.reason("assisting_unit").citation.source_ids

    def test_day_before_start(self, ledger: ResponsibilityLedger) -> None:
        """Nothing is in force the day before."""
        d = check_village_assistance("V1", ledger=ledger, on=START - dt.timedelta(days=1))
        assert d.code == "not:assisting_unit+work_team"

    def test_unit_without_team(self, ledger: ResponsibilityLedger) -> None:
        """A unit alone is not enough: a resident work team is needed."""
        d = check_village_assistance("V1", ledger=ledger.end_team("T1", START), on=START)
        assert d.code == "selected"
        later = START + dt.timedelta(days=1)
        d = check_village_assistance("V1", ledger=ledger.end_team("T1", START), on=later)
        assert d.code == "not:work_team"
        assert "驻村工作队" in d.explain("zh")

    def test_team_without_cadres_does_not_count(self, ledger: ResponsibilityLedger) -> None:
        """An empty team is not a resident team."""
        empty = ledger.end_team("T1", START).add_team(
            WorkTeam(team_id="T2", unit_id="U1", village_id="V1"),
            valid_from=START + dt.timedelta(days=1),
        )
        d = check_village_assistance("V1", ledger=empty, on=START + dt.timedelta(days=1))
        assert d.code == "not:work_team"

    def test_unknown_village(self, ledger: ResponsibilityLedger) -> None:
        """Unknown villages are ledger errors."""
        with pytest.raises(LedgerError):
            check_village_assistance("V9", ledger=ledger, on=START)

    def test_village_shared_by_several_units(self) -> None:
        """A work team combined from several units (SEED 专栏4) passes every pairing check."""
        from shuangdao.assignment import AssignmentConstraints, assign

        units = [
            AssistingUnit(unit_id=u, name=u, kind="public_institution", level="county")
            for u in ("A", "B", "C")
        ]
        cadres = [Cadre(cadre_id=f"{u}{i}", unit_id=u) for u in ("A", "B", "C") for i in (1, 2)]
        households = {f"H{i:03d}": "V1" for i in range(150)}
        result = assign(
            units,
            ["V1"],
            households,
            cadres,
            on=START,
            constraints=AssignmentConstraints(max_households_per_cadre=30, max_units_per_village=3),
        )
        ledger = result.ledger
        assert [u.unit_id for u in ledger.assisting_units("V1", START)] == ["A", "B", "C"]
        assert check_village_assistance("V1", ledger=ledger, on=START).code == "selected"
        for household_id in households:
            d = check_household_responsibility(household_id, ledger=ledger, on=START)
            assert d.outcome
        for cadre in cadres:
            assert check_cadre_load(
                cadre.cadre_id, ledger=ledger, on=START, max_households=30
            ).outcome
        assert len(gap_report(ledger, on=START)) == 0


class TestCheckHouseholdResponsibility:
    """check_household_responsibility (S4: a named responsible person)."""

    def test_one_cadre(self, ledger: ResponsibilityLedger) -> None:
        """Exactly one: selected, value is the cadre."""
        d = check_household_responsibility("H1", ledger=ledger, on=START)
        assert (d.outcome, d.value) == (True, "R1")

    def test_no_cadre(self, ledger: ResponsibilityLedger) -> None:
        """None: fails with an explanation in both languages."""
        d = check_household_responsibility("H3", ledger=ledger, on=START)
        assert d.code == "not:responsible_cadre"
        assert d.reason("responsible_cadre").observed == 0
        assert "Household H3 is not a household with a named responsible cadre" in d.explain()
        assert "责任人" in d.explain("zh")

    def test_after_reassignment(self, ledger: ResponsibilityLedger) -> None:
        """Each day has exactly one cadre across a reassignment."""
        moved = ledger.reassign("H1", "R2", START)
        for day in (START, START + dt.timedelta(days=1)):
            assert check_household_responsibility("H1", ledger=moved, on=day).outcome


class TestCheckCadreLoad:
    """check_cadre_load: the limit has no published value (brief §9.4)."""

    def test_missing_limit(self, ledger: ResponsibilityLedger) -> None:
        """Without max_households or an override, the caller is told what to do."""
        with pytest.raises(MissingParameterError, match="max_households"):
            check_cadre_load("R1", ledger=ledger, on=START)

    @pytest.mark.parametrize(("limit", "holds"), [(1, False), (2, True), (3, True)])
    def test_boundaries(self, ledger: ResponsibilityLedger, limit: int, holds: bool) -> None:
        """R1 has 2 households: below, at and above the limit."""
        d = check_cadre_load("R1", ledger=ledger, on=START, max_households=limit)
        assert d.outcome is holds
        assert d.value == 2
        assert d.reason("cadre_load").margin == 2 - limit

    def test_override(self, ledger: ResponsibilityLedger) -> None:
        """The parameter can be set in a scenario; the reason names it."""
        std = default_standards().with_overrides({"pairing.max_households_per_cadre": 1})
        d = check_cadre_load("R1", ledger=ledger, on=START, standards=std)
        assert d.code == "not:cadre_load"
        assert d.reason("cadre_load").parameter == "pairing.max_households_per_cadre"
        assert d.provenance.overrides[0].key == "pairing.max_households_per_cadre"

    @pytest.mark.parametrize("bad", [0, -1, True, "3"])
    def test_bad_limit(self, ledger: ResponsibilityLedger, bad: object) -> None:
        """The limit must be a positive integer."""
        with pytest.raises(InvalidRecordError, match="max_households"):
            check_cadre_load("R1", ledger=ledger, on=START, max_households=bad)  # type: ignore[arg-type]


class TestCheckHouseholdPlan:
    """check_household_plan (一户一法, S4)."""

    def test_missing(self, ledger: ResponsibilityLedger) -> None:
        """No plan."""
        assert check_household_plan("H1", ledger=ledger, on=START).code == "not:has_plan"

    @pytest.mark.parametrize(
        ("on", "code"),
        [
            (dt.date(2015, 12, 30), "selected"),
            (dt.date(2015, 12, 31), "selected"),
            (dt.date(2016, 1, 1), "not:not_overdue"),
        ],
    )
    def test_overdue_after_31_december(
        self, ledger: ResponsibilityLedger, on: dt.date, code: str
    ) -> None:
        """A 2015 plan is due by 31 December 2015."""
        with_plan = ledger.add_plan(_plan("P1", "household", "H1", 2015))
        assert check_household_plan("H1", ledger=with_plan, on=on).code == code

    def test_catalogue_override(self, ledger: ResponsibilityLedger) -> None:
        """A measure outside a narrowed catalogue fails."""
        with_plan = ledger.add_plan(_plan("P1", "household", "H1", 2015))
        std = default_standards().with_overrides({"pairing.measure_catalogue": ["industry"]})
        d = check_household_plan("H1", ledger=with_plan, on=START, standards=std)
        assert d.code == "not:measures_in_catalogue"
        assert "education" in d.explain()

    def test_latest_plan_made_by_the_date(self, ledger: ResponsibilityLedger) -> None:
        """A plan made later replaces the earlier one from its date."""
        plans = ledger.add_plans(
            [
                _plan("P1", "household", "H1", 2013, made=dt.date(2013, 1, 1)),
                _plan("P2", "household", "H1", 2015, made=dt.date(2014, 1, 1)),
            ]
        )
        assert current_plan("household", "H1", ledger=plans, on=dt.date(2012, 1, 1)) is None
        assert check_household_plan("H1", ledger=plans, on=dt.date(2013, 6, 1)).value == "P1"
        d = check_household_plan("H1", ledger=plans, on=dt.date(2014, 6, 1))
        assert (d.value, d.outcome) == ("P2", True)


class TestCheckVillagePlan:
    """check_village_plan (一村一策, S3, S4)."""

    def test_village_plan(self, ledger: ResponsibilityLedger) -> None:
        """A village plan is checked like a household plan."""
        assert check_village_plan("V1", ledger=ledger, on=START).code == "not:has_plan"
        with_plan = ledger.add_plan(_plan("P1", "village", "V1", 2015))
        d = check_village_plan("V1", ledger=with_plan, on=START)
        assert (d.code, d.rule, d.subject_kind) == ("selected", "pairing.village_plan", "village")

    def test_unknown_village(self, ledger: ResponsibilityLedger) -> None:
        """Unknown villages are ledger errors."""
        with pytest.raises(LedgerError):
            check_village_plan("V9", ledger=ledger, on=START)


class TestCheckAgreement:
    """check_agreement (regulation ch. 3, S17)."""

    def _with_agreement(self, ledger: ResponsibilityLedger) -> ResponsibilityLedger:
        return ledger.add_agreement(
            AssistanceAgreement(
                agreement_id="A1",
                unit_id="U1",
                village_id="V1",
                signed_on=dt.date(2013, 3, 1),
                commitments=[Commitment(year=2013, funds="500000", projects=3, people=2)],
            )
        )

    def test_no_agreement(self, ledger: ResponsibilityLedger) -> None:
        """Both criteria fail without an agreement."""
        d = check_agreement("UV1", ledger=ledger, on=START)
        assert d.code == "not:agreement_signed+yearly_commitment"

    @pytest.mark.parametrize(
        ("on", "code"),
        [
            (dt.date(2013, 2, 28), "not:agreement_signed+yearly_commitment"),
            (dt.date(2013, 3, 1), "selected"),
            (dt.date(2014, 1, 1), "not:yearly_commitment"),
        ],
    )
    def test_signed_and_committed(
        self, ledger: ResponsibilityLedger, on: dt.date, code: str
    ) -> None:
        """Signed on or before the date, with a commitment for the date's year."""
        d = check_agreement("UV1", ledger=self._with_agreement(ledger), on=on)
        assert d.code == code

    def test_explains_commitment(self, ledger: ResponsibilityLedger) -> None:
        """The explanation gives the committed funds, projects and people."""
        d = check_agreement(
            ledger.pairing("UV1"), ledger=self._with_agreement(ledger), on=dt.date(2013, 6, 1)
        )
        assert "500,000.00 yuan, 3 projects, 2 people" in d.explain()
        assert "资金500,000.00元" in d.explain("zh")

    def test_not_required_scenario(self, ledger: ResponsibilityLedger) -> None:
        """With pairing.agreement_required = false both criteria hold, with a note."""
        std = default_standards().with_overrides({"pairing.agreement_required": False})
        d = check_agreement("UV1", ledger=ledger, on=START, standards=std)
        assert d.outcome
        assert "not required" in d.explain()

    def test_only_unit_village_pairings(self, ledger: ResponsibilityLedger) -> None:
        """A cadre pairing has no agreement."""
        with pytest.raises(InvalidRecordError, match="must be a unit → village pairing"):
            check_agreement("CH1", ledger=ledger, on=START)


class TestGapReport:
    """gap_report."""

    def test_rows_and_decisions(self, ledger: ResponsibilityLedger) -> None:
        """V2 has neither unit nor team; H3 has no cadre."""
        report = gap_report(ledger, on=START)
        assert report.to_records() == [
            {
                "subject_kind": "village",
                "subject_id": "V2",
                "village_id": "V2",
                "gap": "assisting_unit",
                "rule": "pairing.village_assistance",
            },
            {
                "subject_kind": "village",
                "subject_id": "V2",
                "village_id": "V2",
                "gap": "work_team",
                "rule": "pairing.village_assistance",
            },
            {
                "subject_kind": "household",
                "subject_id": "H3",
                "village_id": "V1",
                "gap": "responsible_cadre",
                "rule": "pairing.household_responsible",
            },
        ]
        assert [d.subject_id for d in report.decisions] == ["V2", "H3"]
        assert report.explain().startswith("gaps report as of 2013-01-01: 3 problem(s)")
        assert report.explain("zh").startswith("2013-01-01 帮扶缺口：3项问题")
        assert len(report) == 3

    def test_subset(self, ledger: ResponsibilityLedger) -> None:
        """Restricting the subjects."""
        assert len(gap_report(ledger, on=START, villages=["V1"], households=["H1"])) == 0
        with pytest.raises(LedgerError):
            gap_report(ledger, on=START, villages=[], households=["H9"])

    def test_to_pandas(self, ledger: ResponsibilityLedger) -> None:
        """The table converts to pandas when installed."""
        pd = pytest.importorskip("pandas")
        frame = gap_report(ledger, on=START).to_pandas()
        assert isinstance(frame, pd.DataFrame)
        assert list(frame.columns) == ["subject_kind", "subject_id", "village_id", "gap", "rule"]
        assert len(frame) == 3


class TestOverloadReport:
    """overload_report."""

    def test_overloaded(self, ledger: ResponsibilityLedger) -> None:
        """R1 holds 2 households against a limit of 1."""
        report = overload_report(ledger, on=START, max_households=1)
        assert report.to_records() == [
            {"cadre_id": "R1", "unit_id": "U1", "households": 2, "limit": 1, "excess": 1}
        ]
        assert report.decisions[0].code == "not:cadre_load"
        assert len(overload_report(ledger, on=START, max_households=2)) == 0

    def test_missing_limit(self, ledger: ResponsibilityLedger) -> None:
        """No silent default."""
        with pytest.raises(MissingParameterError):
            overload_report(ledger, on=START)


class TestPlanReport:
    """plan_report."""

    def test_missing_overdue_and_outside(self, ledger: ResponsibilityLedger) -> None:
        """Each problem is a row; each subject one decision."""
        plans = ledger.add_plans(
            [
                _plan("P1", "village", "V1", 2012),
                _plan("P2", "household", "H1", 2015),
                Plan(
                    plan_id="P3",
                    subject_kind="household",
                    subject_id="H2",
                    measures=[Measure(kind="other")],
                    target_year=2012,
                ),
            ]
        )
        std = default_standards().with_overrides(
            {"pairing.measure_catalogue": ["industry", "education"]}
        )
        report = plan_report(plans, on=START, standards=std)
        problems = [(r["subject_id"], r["problem"]) for r in report.to_records()]
        assert problems == [
            ("V1", "overdue"),
            ("V2", "missing"),
            ("H2", "overdue"),
            ("H2", "outside_catalogue"),
            ("H3", "missing"),
        ]
        assert [d.subject_id for d in report.decisions] == ["V1", "V2", "H2", "H3"]
        assert report.decisions[2].code == "not:measures_in_catalogue+not_overdue"


def _leader(pid: str, leader: str, kind: str, target: str, start: dt.date, end=None) -> Pairing:
    return Pairing(
        pairing_id=pid,
        assisting_kind="leader",
        assisting_id=leader,
        assisted_kind=kind,
        assisted_id=target,
        valid_from=start,
        valid_to=end,
    )


class TestCheckLeadershipLiaison:
    """check_leadership_liaison (SEED p. 5: 13 standing-committee members + vice-governor)."""

    def test_liaison_in_force(self, ledger: ResponsibilityLedger) -> None:
        """A leader → city pairing in force on the date."""
        with_leader = ledger.add_pairing(
            _leader("L1", "常委甲", "city", "梅州", START, dt.date(2015, 12, 31))
        )
        d = check_leadership_liaison("梅州", ledger=with_leader, on=dt.date(2015, 12, 31))
        assert (d.outcome, d.value) == (True, "常委甲")
        assert d.reason("liaison_leader").citation.source_ids == ("SEED",)
        after = check_leadership_liaison("梅州", ledger=with_leader, on=dt.date(2016, 1, 1))
        assert after.code == "not:liaison_leader"

    def test_city_to_city_is_not_a_leader(self, ledger: ResponsibilityLedger) -> None:
        """A PRD city pairing (对口帮扶) is not a leader liaison."""
        paired = ledger.add_pairing(
            Pairing(
                pairing_id="CC1",
                assisting_kind="city",
                assisting_id="广州",
                assisted_kind="city",
                assisted_id="梅州",
                valid_from=START,
            )
        )
        assert not check_leadership_liaison("梅州", ledger=paired, on=START).outcome

    def test_fourteen_leaders_parameter(self) -> None:
        """13 standing-committee members and the vice-governor (SEED p. 5)."""
        assert default_standards().value("pairing.leadership_liaison_leaders") == 14


class TestCheckLeaderVillageLink:
    """check_leader_village_link (挂村办点, S9)."""

    def test_linked(self, ledger: ResponsibilityLedger) -> None:
        """A leader → village pairing in force counts; before it starts it does not."""
        linked = ledger.add_pairing(_leader("LV1", "县长", "village", "V2", START))
        d = check_leader_village_link("县长", ledger=linked, on=START)
        assert (d.outcome, d.value) == (True, 1)
        before = START - dt.timedelta(days=1)
        assert check_leader_village_link("县长", ledger=linked, on=before).code == (
            "not:leader_village"
        )
