"""Unit tests for the responsibility ledger (责任到人): operations, errors, queries, JSON."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from shuangdao.errors import InvalidRecordError, LedgerError, ShuangdaoError
from shuangdao.model import (
    AssistingUnit,
    Cadre,
    Household,
    Measure,
    Pairing,
    PartyKind,
    Plan,
    Village,
    WorkTeam,
)
from shuangdao.model.ledger import ResponsibilityLedger, trusted_pairing
from shuangdao.model.responsibility import AssistanceAgreement, Commitment, TeamPosting
from shuangdao.rules.pairing import check_units_per_village
from shuangdao.serialize import from_json, to_json
from shuangdao.standards import default_standards

START = dt.date(2010, 3, 1)


def who(ledger: ResponsibilityLedger, household_id: str, on: dt.date) -> str | None:
    """Id of the responsible cadre, or None."""
    cadre = ledger.responsible_cadre(household_id, on)
    return None if cadre is None else cadre.cadre_id


def unit_on(ledger: ResponsibilityLedger, village_id: str, on: dt.date) -> str | None:
    """Id of the assisting unit, or None."""
    found = ledger.assisting_unit(village_id, on)
    return None if found is None else found.unit_id


def unit(unit_id: str) -> AssistingUnit:
    """A provincial organ."""
    return AssistingUnit(
        unit_id=unit_id, name=unit_id, kind="party_government_organ", level="provincial"
    )


def pairing(pid: str, kind: str, aid: str, bid: str, start=START, end=None) -> Pairing:
    """A pairing unit → village or cadre → household."""
    assisted = "village" if kind == "unit" else "household"
    return Pairing(
        pairing_id=pid,
        assisting_kind=kind,
        assisting_id=aid,
        assisted_kind=assisted,
        assisted_id=bid,
        valid_from=start,
        valid_to=end,
    )


@pytest.fixture
def base() -> ResponsibilityLedger:
    """V1 (H1, H2) assisted by U1 (R1, R2); V2 (H3) by U2 (R3); H1 → R1, H3 → R3."""
    ledger = ResponsibilityLedger.create(
        villages=[Village(village_id="V1"), "V2"],
        households={"H1": "V1", "H2": "V1", "H3": "V2"},
        units=[unit("U1"), unit("U2")],
        cadres=[
            Cadre(cadre_id="R1", unit_id="U1"),
            Cadre(cadre_id="R2", unit_id="U1"),
            Cadre(cadre_id="R3", unit_id="U2"),
        ],
    )
    return ledger.add_pairings(
        [
            pairing("UV1", "unit", "U1", "V1"),
            pairing("UV2", "unit", "U2", "V2"),
            pairing("CH1", "cadre", "R1", "H1"),
            pairing("CH3", "cadre", "R3", "H3"),
        ]
    )


class TestCreate:
    """ResponsibilityLedger.create."""

    def test_reads_units_per_village_from_standards(self) -> None:
        """The ledger reads no standards any more: the limit is a rule (deprecated arguments)."""
        assert ResponsibilityLedger.create().max_units_per_village is None
        with pytest.warns(DeprecationWarning, match="create\\(standards=...\\) is ignored"):
            ResponsibilityLedger.create(standards=default_standards())
        with pytest.warns(DeprecationWarning, match="no longer checked by the ledger"):
            old = ResponsibilityLedger(max_units_per_village=2)
        assert old == ResponsibilityLedger()
        with (
            pytest.warns(DeprecationWarning, match="no longer checked"),
            pytest.raises(InvalidRecordError, match="max_units_per_village=0"),
        ):
            ResponsibilityLedger(max_units_per_village=0)

    def test_households_from_objects(self) -> None:
        """Household objects give their village."""
        h = Household(
            household_id="H1", village_id="V1", members=3, income="100", has_labour_capacity=True
        )
        ledger = ResponsibilityLedger.create(villages=["V1"], households=[h])
        assert ledger.village_of("H1") == "V1"

    def test_household_of_unknown_village(self) -> None:
        """A household must live in a registered village."""
        with pytest.raises(LedgerError, match="household H1: village_id='V9'"):
            ResponsibilityLedger.create(villages=["V1"], households={"H1": "V9"})

    def test_duplicate_ids(self) -> None:
        """Repeated villages, units, cadres are errors naming the record."""
        with pytest.raises(LedgerError, match="village V1: is registered twice"):
            ResponsibilityLedger.create(villages=["V1", "V1"])
        with pytest.raises(LedgerError, match="assisting unit U1: is registered twice"):
            ResponsibilityLedger.create(units=[unit("U1"), unit("U1")])
        with pytest.raises(LedgerError, match="cadre R1: unit_id='U9'"):
            ResponsibilityLedger.create(cadres=[Cadre(cadre_id="R1", unit_id="U9")])

    def test_errors_are_shuangdao_and_value_errors(self) -> None:
        """LedgerError is catchable as either root."""
        with pytest.raises(ValueError, match="registered twice") as info:
            ResponsibilityLedger.create(villages=["V1", "V1"])
        assert isinstance(info.value, ShuangdaoError)


class TestRegistration:
    """add_villages, add_households, add_unit, add_cadre, add_teams: validated like create."""

    def test_registering_more_records(self, base: ResponsibilityLedger) -> None:
        """New records are usable at once; the original ledger is unchanged (immutable)."""
        grown = (
            base.add_villages([Village(village_id="V3")])
            .add_households({"H4": "V3"})
            .add_unit(unit("U3"))
            .add_cadre(Cadre(cadre_id="R4", unit_id="U3"))
            .add_pairings([pairing("UV3", "unit", "U3", "V3"), pairing("CH4", "cadre", "R4", "H4")])
            .add_teams(
                [
                    TeamPosting(
                        team=WorkTeam(
                            team_id="T3", unit_id="U3", village_id="V3", cadre_ids=["R4"]
                        ),
                        valid_from=START,
                    )
                ]
            )
        )
        assert who(grown, "H4", START) == "R4"
        assert unit_on(grown, "V3", START) == "U3"
        assert [t.team_id for t in grown.work_teams("V3", START)] == ["T3"]
        assert "V3" not in base.village_ids

    def test_registration_errors_name_the_record(self, base: ResponsibilityLedger) -> None:
        """Duplicates and unknown references are LedgerErrors, as in create."""
        with pytest.raises(LedgerError, match="village V1: is registered twice"):
            base.add_villages(["V1"])
        with pytest.raises(LedgerError, match="household H1"):
            base.add_households({"H1": "V1"})
        with pytest.raises(LedgerError, match="household H9: village_id='V9'"):
            base.add_households({"H9": "V9"})
        with pytest.raises(LedgerError, match="assisting unit U1: is registered twice"):
            base.add_unit(unit("U1"))
        with pytest.raises(LedgerError, match="cadre R9: unit_id='U9'"):
            base.add_cadre(Cadre(cadre_id="R9", unit_id="U9"))


class TestAddPairing:
    """ResponsibilityLedger.add_pairing / add_pairings."""

    def test_adds_and_keeps_old_value(self, base: ResponsibilityLedger) -> None:
        """Operations return a new ledger; the old one is unchanged."""
        new = base.add_pairing(pairing("CH2", "cadre", "R2", "H2"))
        assert who(new, "H2", START) == "R2"
        assert base.responsible_cadre("H2", START) is None

    def test_duplicate_pairing_id(self, base: ResponsibilityLedger) -> None:
        """Pairing ids are unique."""
        with pytest.raises(LedgerError, match="pairing CH1: pairing_id='CH1' is used twice"):
            base.add_pairing(pairing("CH1", "cadre", "R2", "H2"))

    @pytest.mark.parametrize(
        ("new", "message"),
        [
            (pairing("X", "cadre", "R9", "H2"), "assisting_id='R9' is not a registered cadre"),
            (pairing("X", "cadre", "R2", "H9"), "assisted_id='H9' is not a registered household"),
            (pairing("X", "unit", "U9", "V1"), "assisting_id='U9' is not a registered unit"),
            (pairing("X", "unit", "U1", "V9"), "assisted_id='V9' is not a registered village"),
        ],
    )
    def test_unknown_ids(self, base: ResponsibilityLedger, new: Pairing, message: str) -> None:
        """Every party must be registered."""
        with pytest.raises(LedgerError, match=message) as info:
            base.add_pairing(new)
        assert info.value.record == "pairing X"
        assert info.value.rule == "ledger.unknown_id"

    def test_two_cadres_on_the_same_date(self, base: ResponsibilityLedger) -> None:
        """Two responsible cadres for one household are recorded (issue 15 item 4: at least one)."""
        both = base.add_pairing(pairing("CH1b", "cadre", "R2", "H1", start=dt.date(2011, 1, 1)))
        day = dt.date(2011, 1, 1)
        assert [c.cadre_id for c in both.responsible_cadres("H1", day)] == ["R1", "R2"]
        assert [c.cadre_id for c in both.responsible_cadres("H1", day - dt.timedelta(1))] == ["R1"]
        assert both.responsible_counts(day)["H1"] == 2
        with pytest.raises(LedgerError, match="has 2 responsible cadres on 2011-01-01") as info:
            both.responsible_cadre("H1", day)
        assert info.value.rule == "ledger.several_responsible"

    def test_same_cadre_twice_at_once(self, base: ResponsibilityLedger) -> None:
        """The same cadre paired twice at once with one household is refused (a structural overlap)."""
        with pytest.raises(LedgerError, match="pairs cadre R1 with household H1 twice") as info:
            base.add_pairing(pairing("CH1b", "cadre", "R1", "H1", start=dt.date(2011, 1, 1)))
        assert info.value.rule == "ledger.overlap"

    def test_back_to_back_is_not_overlap(self, base: ResponsibilityLedger) -> None:
        """An interval ending the day before the next one starts does not overlap."""
        ledger = base.end_pairing("CH1", dt.date(2010, 12, 31))
        ledger = ledger.add_pairing(pairing("CH1b", "cadre", "R2", "H1", start=dt.date(2011, 1, 1)))
        ids = [p.assisting_id for p in ledger.history("H1")]
        assert ids == ["R1", "R2"]
        again = base.end_pairing("CH1", dt.date(2010, 12, 31)).add_pairing(
            pairing("CH1b", "cadre", "R1", "H1", start=dt.date(2011, 1, 1))
        )
        assert [p.pairing_id for p in again.history("H1")] == ["CH1", "CH1b"]
        with pytest.raises(LedgerError, match="twice"):
            base.end_pairing("CH1", dt.date(2011, 1, 1)).add_pairing(
                pairing("CH1b", "cadre", "R1", "H1", start=dt.date(2011, 1, 1))
            )

    def test_cadre_outside_unit_villages(self, base: ResponsibilityLedger) -> None:
        """R3 (unit U2, village V2) cannot be responsible for H2 in V1."""
        with pytest.raises(LedgerError, match="unit U2 does not assist village V1") as info:
            base.add_pairing(pairing("CH2", "cadre", "R3", "H2"))
        assert info.value.rule == "ledger.cadre_outside_unit_villages"

    def test_cadre_before_unit_starts(self, base: ResponsibilityLedger) -> None:
        """The unit must assist the village on every day of the cadre pairing."""
        with pytest.raises(LedgerError, match="does not assist village V1 throughout"):
            base.add_pairing(pairing("CH2", "cadre", "R2", "H2", start=dt.date(2010, 2, 28)))

    def test_a_second_unit_is_recorded_and_flagged_by_the_rule(
        self, base: ResponsibilityLedger
    ) -> None:
        """A second unit on V1 at once is recorded; pairing.units_per_village flags it."""
        second = pairing("UV1b", "unit", "U2", "V1", start=dt.date(2011, 1, 1))
        many = base.add_pairing(second)
        day = dt.date(2011, 1, 1)
        assert [u.unit_id for u in many.assisting_units("V1", day)] == ["U1", "U2"]
        assert unit_on(many, "V1", day) == "U1"
        flagged = check_units_per_village("V1", ledger=many, on=day)
        assert (flagged.outcome, flagged.value) == (False, 2)
        assert check_units_per_village("V1", ledger=many, on=day - dt.timedelta(1)).outcome
        two = default_standards().with_overrides({"pairing.max_units_per_village": 2})
        assert check_units_per_village("V1", ledger=many, on=day, standards=two).outcome

    def test_same_unit_twice_at_once(self, base: ResponsibilityLedger) -> None:
        """A unit cannot be paired twice with the same village at once, whatever the limit."""
        with pytest.raises(LedgerError, match="overlaps another pairing of unit U1"):
            base.add_pairing(pairing("UV1b", "unit", "U1", "V1", start=dt.date(2011, 1, 1)))

    def test_interval_ending_before_start(self) -> None:
        """The model refuses an interval that ends before it starts."""
        with pytest.raises(InvalidRecordError, match="must not be before valid_from"):
            pairing("X", "unit", "U1", "V1", start=dt.date(2011, 1, 2), end=dt.date(2011, 1, 1))

    def test_city_and_leader_ids_are_free(self, base: ResponsibilityLedger) -> None:
        """Cities (对口帮扶) and leaders (挂钩联系) need no registration; villages do."""
        ledger = base.add_pairings(
            [
                Pairing(
                    pairing_id="CC1",
                    assisting_kind="city",
                    assisting_id="广州",
                    assisted_kind="city",
                    assisted_id="梅州",
                    valid_from=START,
                ),
                Pairing(
                    pairing_id="LC1",
                    assisting_kind="leader",
                    assisting_id="L1",
                    assisted_kind="city",
                    assisted_id="梅州",
                    valid_from=START,
                ),
                Pairing(
                    pairing_id="LV1",
                    assisting_kind="leader",
                    assisting_id="L2",
                    assisted_kind="village",
                    assisted_id="V1",
                    valid_from=START,
                ),
            ]
        )
        assert [p.pairing_id for p in ledger.pairings_of("city", "梅州")] == ["CC1", "LC1"]
        assert [p.pairing_id for p in ledger.pairings_of(PartyKind.LEADER, "L2", on=START)] == [
            "LV1"
        ]
        assert unit_on(ledger, "V1", START) == "U1"  # a leader is not a unit
        with pytest.raises(LedgerError, match="not a registered village"):
            base.add_pairing(
                Pairing(
                    pairing_id="LV9",
                    assisting_kind="leader",
                    assisting_id="L2",
                    assisted_kind="village",
                    assisted_id="V9",
                    valid_from=START,
                )
            )


class TestEndPairing:
    """ResponsibilityLedger.end_pairing."""

    def test_ends_on_the_day(self, base: ResponsibilityLedger) -> None:
        """``on`` is the last day (inclusive)."""
        ledger = base.end_pairing("CH1", dt.date(2011, 6, 30))
        assert who(ledger, "H1", dt.date(2011, 6, 30)) == "R1"
        assert ledger.responsible_cadre("H1", dt.date(2011, 7, 1)) is None

    def test_ending_before_start(self, base: ResponsibilityLedger) -> None:
        """An interval cannot end before it starts."""
        with pytest.raises(LedgerError, match="would end before it starts") as info:
            base.end_pairing("CH1", dt.date(2010, 2, 28))
        assert info.value.rule == "ledger.interval"
        assert base.end_pairing("CH1", START).pairing("CH1").valid_to == START

    def test_already_ended(self, base: ResponsibilityLedger) -> None:
        """An ended pairing cannot be ended later; it may be shortened."""
        ledger = base.end_pairing("CH1", dt.date(2011, 1, 1))
        with pytest.raises(LedgerError, match="already ended on 2011-01-01"):
            ledger.end_pairing("CH1", dt.date(2011, 1, 2))
        assert ledger.end_pairing("CH1", dt.date(2010, 12, 1)).pairing("CH1").valid_to == dt.date(
            2010, 12, 1
        )

    def test_unknown(self, base: ResponsibilityLedger) -> None:
        """Unknown pairing ids are errors."""
        with pytest.raises(LedgerError, match="pairing P9: is not in the ledger"):
            base.end_pairing("P9", START)

    def test_unit_with_cadres_needs_cascade(self, base: ResponsibilityLedger) -> None:
        """Ending a unit pairing would strand its cadres: refused unless cascade=True."""
        ledger = base.add_team(
            WorkTeam(team_id="T1", unit_id="U1", village_id="V1", cadre_ids=["R1"]),
            valid_from=START,
        )
        with pytest.raises(LedgerError, match="cascade=True"):
            ledger.end_pairing("UV1", dt.date(2012, 12, 31))
        ended = ledger.end_pairing("UV1", dt.date(2012, 12, 31), cascade=True)
        assert ended.pairing("CH1").valid_to == dt.date(2012, 12, 31)
        assert ended.work_teams("V1", dt.date(2013, 1, 1)) == ()
        assert ended.assisting_unit("V1", dt.date(2013, 1, 1)) is None
        assert who(ended, "H1", dt.date(2012, 12, 31)) == "R1"


class TestReassign:
    """ResponsibilityLedger.reassign."""

    def test_keeps_history(self, base: ResponsibilityLedger) -> None:
        """The old pairing ends on ``on``; the new starts the next day."""
        ledger = base.reassign("H1", "R2", dt.date(2011, 6, 30), note="R1 transferred")
        old, new = ledger.history("H1")
        assert (old.assisting_id, old.valid_to) == ("R1", dt.date(2011, 6, 30))
        assert (new.assisting_id, new.valid_from, new.valid_to) == ("R2", dt.date(2011, 7, 1), None)
        assert new.pairing_id == "H1@2011-07-01"
        assert new.note == "R1 transferred"

    def test_keeps_planned_end(self, base: ResponsibilityLedger) -> None:
        """A planned end carries over to the new cadre."""
        ledger = base.end_pairing("CH1", dt.date(2012, 12, 31))
        new = ledger.reassign("H1", "R2", dt.date(2011, 6, 30), pairing_id="N1").pairing("N1")
        assert new.valid_to == dt.date(2012, 12, 31)

    def test_no_current_cadre(self, base: ResponsibilityLedger) -> None:
        """There must be someone to hand over from."""
        with pytest.raises(LedgerError, match="household H2: has no responsible cadre"):
            base.reassign("H2", "R2", dt.date(2011, 1, 1))

    def test_same_cadre(self, base: ResponsibilityLedger) -> None:
        """Reassigning to the same cadre is an error."""
        with pytest.raises(LedgerError, match="already in the charge of cadre R1"):
            base.reassign("H1", "R1", dt.date(2011, 1, 1))

    def test_new_cadre_outside_unit_villages(self, base: ResponsibilityLedger) -> None:
        """The new cadre's unit must assist the household's village."""
        with pytest.raises(LedgerError, match="unit U2 does not assist village V1"):
            base.reassign("H1", "R3", dt.date(2011, 1, 1))

    def test_unknown_ids(self, base: ResponsibilityLedger) -> None:
        """Unknown household or cadre."""
        with pytest.raises(LedgerError, match="household H9"):
            base.reassign("H9", "R2", dt.date(2011, 1, 1))
        with pytest.raises(LedgerError, match="new_cadre_id='R9'"):
            base.reassign("H1", "R9", dt.date(2011, 1, 1))


class TestTeams:
    """add_team, end_team, work_teams."""

    def test_station_and_end(self, base: ResponsibilityLedger) -> None:
        """A team is stationed from a date and can be withdrawn."""
        team = WorkTeam(
            team_id="T1", unit_id="U1", village_id="V1", cadre_ids=["R1", "R2"], leader_id="R2"
        )
        ledger = base.add_team(team, valid_from=START)
        assert ledger.work_teams("V1", START) == (team,)
        ended = ledger.end_team("T1", dt.date(2011, 1, 1))
        assert ended.work_teams("V1", dt.date(2011, 1, 2)) == ()
        with pytest.raises(LedgerError, match="already ended"):
            ended.end_team("T1", dt.date(2011, 1, 2))
        with pytest.raises(LedgerError, match="would end before it starts"):
            ledger.end_team("T1", dt.date(2010, 1, 1))
        with pytest.raises(LedgerError, match="work team T9"):
            ledger.end_team("T9", START)

    def test_invalid_teams(self, base: ResponsibilityLedger) -> None:
        """Members of another unit, villages the unit does not assist, bad intervals."""
        with pytest.raises(LedgerError, match="belongs to unit U2"):
            base.add_team(
                WorkTeam(team_id="T1", unit_id="U1", village_id="V1", cadre_ids=["R3"]),
                valid_from=START,
            )
        with pytest.raises(LedgerError, match="unit U1 does not assist village V2"):
            base.add_team(
                WorkTeam(team_id="T1", unit_id="U1", village_id="V2", cadre_ids=["R1"]),
                valid_from=START,
            )
        with pytest.raises(LedgerError, match="would end before it starts"):
            base.add_team(
                WorkTeam(team_id="T1", unit_id="U1", village_id="V1"),
                valid_from=START,
                valid_to=dt.date(2010, 1, 1),
            )
        team = WorkTeam(team_id="T1", unit_id="U1", village_id="V1", cadre_ids=["R1"])
        with pytest.raises(LedgerError, match="team_id='T1' is used twice"):
            base.add_team(team, valid_from=START).add_team(team, valid_from=START)


class TestPlansAndAgreements:
    """add_plan, add_agreement and their queries."""

    def test_plan_subjects_must_be_registered(self, base: ResponsibilityLedger) -> None:
        """Plans for unknown households or villages are refused; ids are unique."""
        plan = Plan(
            plan_id="P1",
            subject_kind="household",
            subject_id="H9",
            measures=[Measure(kind="industry")],
            target_year=2012,
        )
        with pytest.raises(LedgerError, match="not a registered household"):
            base.add_plan(plan)
        good = attrs.evolve(plan, subject_id="H1")
        ledger = base.add_plan(good)
        assert ledger.plans_for("household", "H1") == (good,)
        with pytest.raises(LedgerError, match="plan_id='P1' is used twice"):
            ledger.add_plan(good)

    def test_agreements(self, base: ResponsibilityLedger) -> None:
        """Agreements need a registered unit and village."""
        a = AssistanceAgreement(
            agreement_id="A1", unit_id="U1", village_id="V1", signed_on=START, commitments=[]
        )
        assert base.add_agreement(a).agreements_for("U1", "V1") == (a,)
        with pytest.raises(LedgerError, match="unit_id='U9'"):
            base.add_agreement(attrs.evolve(a, unit_id="U9"))
        with pytest.raises(LedgerError, match="agreement_id='A1' is used twice"):
            base.add_agreements([a, a])


class TestCommitment:
    """Commitment and AssistanceAgreement values (regulation ch. 3, S17)."""

    def test_exact_funds(self) -> None:
        """Funds are exact yuan."""
        c = Commitment(year=2013, funds="300000.1", projects=2, people=3)
        assert str(c.funds) == "300000.10"

    def test_bad_values_name_the_record(self) -> None:
        """Negative counts and repeated years are errors naming the record."""
        with pytest.raises(InvalidRecordError, match="commitment 2013: projects=-1"):
            Commitment(year=2013, funds="1", projects=-1, people=0)
        c = Commitment(year=2013, funds="1", projects=1, people=1)
        with pytest.raises(InvalidRecordError, match="assistance agreement A1: commitments="):
            AssistanceAgreement(
                agreement_id="A1",
                unit_id="U1",
                village_id="V1",
                signed_on=START,
                commitments=[c, c],
            )

    def test_sorted_by_year(self) -> None:
        """Commitments are kept by year."""
        a = AssistanceAgreement(
            agreement_id="A1",
            unit_id="U1",
            village_id="V1",
            signed_on=START,
            commitments=[
                Commitment(year=2014, funds="2", projects=1, people=1),
                Commitment(year=2013, funds="1", projects=1, people=1),
            ],
        )
        assert [c.year for c in a.commitments] == [2013, 2014]


class TestQueries:
    """Queries on a date."""

    def test_queries(self, base: ResponsibilityLedger) -> None:
        """Who assists whom on a date."""
        assert base.responsible_cadre("H1", dt.date(2010, 2, 28)) is None
        assert who(base, "H1", START) == "R1"
        assert unit_on(base, "V2", START) == "U2"
        assert base.villages_of("U1", START) == ("V1",)
        assert base.households_of("R1", START) == ("H1",)
        assert base.cadre_loads(START) == {"R1": 1, "R2": 0, "R3": 1}
        assert base.responsible_counts(START) == {"H1": 1, "H2": 0, "H3": 1}
        assert [c.cadre_id for c in base.cadres_of("U1")] == ["R1", "R2"]
        assert base.unit("U1").unit_id == "U1"

    @pytest.mark.parametrize(
        "query",
        [
            lambda led: led.responsible_cadre("H9", START),
            lambda led: led.history("H9"),
            lambda led: led.assisting_unit("V9", START),
            lambda led: led.work_teams("V9", START),
            lambda led: led.households_of("R9", START),
            lambda led: led.villages_of("U9", START),
            lambda led: led.unit("U9"),
            lambda led: led.cadre("R9"),
            lambda led: led.pairing("P9"),
        ],
    )
    def test_unknown_ids(self, base: ResponsibilityLedger, query) -> None:
        """Queries about unknown ids raise LedgerError."""
        with pytest.raises(LedgerError, match="not"):
            query(base)


class TestSerialization:
    """JSON round trips (shuangdao.serialize)."""

    def test_full_ledger_round_trips(self, base: ResponsibilityLedger) -> None:
        """Every part survives to_json/from_json exactly."""
        ledger = (
            base.add_team(
                WorkTeam(team_id="T1", unit_id="U1", village_id="V1", cadre_ids=["R1"]),
                valid_from=START,
                valid_to=dt.date(2012, 12, 31),
            )
            .add_plan(
                Plan(
                    plan_id="P1",
                    subject_kind="village",
                    subject_id="V1",
                    measures=[Measure(kind="infrastructure", amount="12000.5", target_year=2011)],
                    target_year=2012,
                    made_on=START,
                )
            )
            .add_agreement(
                AssistanceAgreement(
                    agreement_id="A1",
                    unit_id="U1",
                    village_id="V1",
                    signed_on=START,
                    commitments=[Commitment(year=2010, funds="300000", projects=2, people=3)],
                )
            )
            .reassign("H1", "R2", dt.date(2011, 6, 30))
        )
        text = to_json(ledger)
        back = from_json(text, ResponsibilityLedger)
        assert back == ledger
        assert to_json(back) == text
        assert who(back, "H1", dt.date(2011, 7, 1)) == "R2"

    def test_parts_round_trip(self) -> None:
        """Agreements and team postings alone."""
        a = AssistanceAgreement(
            agreement_id="A1",
            unit_id="U1",
            village_id="V1",
            signed_on=START,
            commitments=[Commitment(year=2010, funds="0.01", projects=0, people=0)],
        )
        assert from_json(to_json(a), AssistanceAgreement) == a
        t = TeamPosting(
            team=WorkTeam(team_id="T1", unit_id="U1", village_id="V1"), valid_from=START
        )
        assert from_json(to_json(t), TeamPosting) == t

    def test_invalid_json_ledger_is_refused(self, base: ResponsibilityLedger) -> None:
        """A ledger read from JSON is validated like any other."""
        text = to_json(base).replace('"CH3"', '"CH1"')
        with pytest.raises(ShuangdaoError):
            from_json(text, ResponsibilityLedger)

    def test_trusted_pairing_equals_validated(self) -> None:
        """The bulk constructor builds exactly what Pairing(...) builds."""
        fast = trusted_pairing("P1", PartyKind.CADRE, "R1", PartyKind.HOUSEHOLD, "H1", START)
        assert fast == pairing("P1", "cadre", "R1", "H1")
        assert hash(fast) == hash(pairing("P1", "cadre", "R1", "H1"))
