"""Unit tests for the assignment helper (shuangdao.assignment.assign)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from shuangdao.assignment import Assignment, AssignmentConstraints, assign, assign_scattered
from shuangdao.errors import (
    InvalidRecordError,
    LedgerError,
    MissingParameterError,
    NoSolutionError,
)
from shuangdao.model import AssistingUnit, Cadre, UnitKind, Village
from shuangdao.reports import gap_report, limit_report, overload_report
from shuangdao.rules.pairing import check_household_responsibility
from shuangdao.standards import default_standards

ON = dt.date(2010, 3, 1)


def unit(
    unit_id: str, villages: int | None, cadres: int | None = None, city: str | None = None
) -> AssistingUnit:
    """A unit with capacities (a PRD city unit when ``city`` is given)."""
    return AssistingUnit(
        unit_id=unit_id,
        name=unit_id,
        kind=UnitKind.DEVELOPED_REGION_CITY if city else UnitKind.PARTY_GOVERNMENT_ORGAN,
        level="city" if city else "provincial",
        city_id=city,
        capacity_villages=villages,
        capacity_cadres=cadres,
    )


def staff(unit_id: str, n: int) -> list[Cadre]:
    """``n`` cadres of a unit."""
    return [Cadre(cadre_id=f"{unit_id}-R{i}", unit_id=unit_id) for i in range(n)]


def register(sizes: dict[str, int]) -> dict[str, str]:
    """Households per village."""
    return {f"{v}-H{j:02d}": v for v, n in sizes.items() for j in range(n)}


def limit(n: int) -> AssignmentConstraints:
    """Constraints with a load limit."""
    return AssignmentConstraints(max_households_per_cadre=n)


class TestAssign:
    """assign()."""

    def test_passes_the_checks(self) -> None:
        """Every village paired and staffed, every household one cadre, no overload."""
        units = [unit("U1", 2), unit("U2", 1)]
        cadres = staff("U1", 3) + staff("U2", 2)
        households = register({"V1": 5, "V2": 3, "V3": 4})
        result = assign(units, ["V1", "V2", "V3"], households, cadres, on=ON, constraints=limit(4))
        assert isinstance(result, Assignment)
        assert len(gap_report(result.ledger, on=ON)) == 0
        assert len(overload_report(result.ledger, on=ON, max_households=4)) == 0
        assert sorted(result.village_units) == ["V1", "V2", "V3"]
        assert len(result.teams) == 3
        assert sum(result.loads.values()) == 12

    def test_deterministic_and_order_independent(self) -> None:
        """Same input in any order gives the same ledger."""
        units = [unit("U1", 2), unit("U2", 2), unit("U3", 1)]
        cadres = staff("U1", 3) + staff("U2", 2) + staff("U3", 4)
        villages = ["V1", "V2", "V3", "V4"]
        households = register({"V1": 5, "V2": 3, "V3": 4, "V4": 7})
        first = assign(units, villages, households, cadres, on=ON, constraints=limit(5))
        second = assign(
            units[::-1],
            villages[::-1],
            dict(reversed(list(households.items()))),
            cadres[::-1],
            on=ON,
            constraints=limit(5),
        )
        assert first.ledger == second.ledger
        assert dict(first.village_units) == dict(second.village_units)

    def test_loads_balanced_within_a_unit(self) -> None:
        """Loads of a unit's cadres differ by at most one."""
        units = [unit("U1", 3)]
        result = assign(
            units,
            ["V1", "V2", "V3"],
            register({"V1": 10, "V2": 1, "V3": 6}),
            staff("U1", 5),
            on=ON,
            constraints=limit(10),
        )
        loads = list(result.loads.values())
        assert max(loads) - min(loads) <= 1
        assert sum(loads) == 17

    def test_cadres_only_in_their_units_villages(self) -> None:
        """Each household's cadre belongs to the unit assisting its village."""
        units = [unit("U1", 1), unit("U2", 1)]
        result = assign(
            units,
            ["V1", "V2"],
            register({"V1": 3, "V2": 3}),
            staff("U1", 1) + staff("U2", 1),
            on=ON,
            constraints=limit(3),
        )
        ledger = result.ledger
        for household_id, village_id in ledger.household_villages.items():
            cadre = ledger.responsible_cadre(household_id, ON)
            assert cadre is not None
            assert cadre.unit_id == result.village_units[village_id]

    def test_capacities_respected(self) -> None:
        """capacity_villages and capacity_cadres bound what a unit takes and uses."""
        units = [unit("U1", 1, cadres=1), unit("U2", 5)]
        result = assign(
            units,
            ["V1", "V2", "V3"],
            register({"V1": 2, "V2": 2, "V3": 2}),
            staff("U1", 3) + staff("U2", 3),
            on=ON,
            constraints=limit(2),
        )
        per_unit = Counter(result.village_units.values())
        assert per_unit["U1"] <= 1
        assert result.loads["U1-R1"] == 0
        assert result.loads["U1-R2"] == 0  # beyond capacity_cadres: unused

    def test_default_capacity_from_standards(self) -> None:
        """A unit without capacity_villages takes pairing.default_capacity_villages (1)."""
        units = [unit("U1", None)]
        with pytest.raises(NoSolutionError, match="total village capacity 1 is short of 2"):
            assign(units, ["V1", "V2"], {}, staff("U1", 2), on=ON, constraints=limit(1))
        two = default_standards().with_overrides({"pairing.default_capacity_villages": 2})
        result = assign(
            units, ["V1", "V2"], {}, staff("U1", 2), on=ON, constraints=limit(1), standards=two
        )
        assert dict(result.village_units) == {"V1": "U1", "V2": "U1"}

    def test_village_capacity_short(self) -> None:
        """The error gives the shortfall."""
        units = [unit("U1", 2), unit("U2", 1)]
        with pytest.raises(NoSolutionError) as info:
            assign(
                units,
                ["V1", "V2", "V3", "V4"],
                {},
                staff("U1", 2) + staff("U2", 1),
                on=ON,
                constraints=limit(1),
            )
        assert "total village capacity 3 is short of 4 villages by 1" in str(info.value)

    def test_slots_limited_by_cadres(self) -> None:
        """A unit with fewer cadres than village slots can staff only as many villages."""
        with pytest.raises(NoSolutionError, match="total village capacity 1 is short of 2"):
            assign([unit("U1", 2)], ["V1", "V2"], {}, staff("U1", 1), on=ON, constraints=limit(9))

    def test_cadre_capacity_short(self) -> None:
        """Households beyond cadres × limit."""
        with pytest.raises(
            NoSolutionError,
            match=r"total cadre capacity 3 cadres × 10 = 30 households is short of 40 households by 10",
        ):
            assign(
                [unit("U12", 1)],
                ["V1"],
                register({"V1": 40}),
                staff("U12", 3),
                on=ON,
                constraints=limit(10),
            )

    def test_village_too_large_for_any_unit(self) -> None:
        """A village no single unit can carry is named, with the roomiest unit."""
        with pytest.raises(NoSolutionError) as info:
            assign(
                [unit("U12", 1), unit("U13", 1)],
                ["V1", "V2"],
                register({"V1": 40, "V2": 1}),
                staff("U12", 3) + staff("U13", 3),
                on=ON,
                constraints=limit(10),
            )
        assert info.value.record == "village V1"
        assert "unit U13 has 3 cadres for 40 households with max 10 per cadre" in str(info.value)

    def test_missing_limit(self) -> None:
        """No silent default for the load limit."""
        with pytest.raises(MissingParameterError, match="max_households"):
            assign([unit("U1", 1)], ["V1"], {}, staff("U1", 1), on=ON)

    def test_bad_input(self) -> None:
        """Repeated ids and unknown references are ledger errors naming the record."""
        with pytest.raises(LedgerError, match="household H1: village_id='V9'"):
            assign(
                [unit("U1", 1)], ["V1"], {"H1": "V9"}, staff("U1", 1), on=ON, constraints=limit(1)
            )
        with pytest.raises(LedgerError, match="cadre X: unit_id='U9'"):
            assign(
                [unit("U1", 1)],
                ["V1"],
                {},
                [Cadre(cadre_id="X", unit_id="U9")],
                on=ON,
                constraints=limit(1),
            )
        with pytest.raises(LedgerError, match="village V1: is given twice"):
            assign([unit("U1", 1)], ["V1", "V1"], {}, staff("U1", 1), on=ON, constraints=limit(1))
        with pytest.raises(LedgerError, match="assisting unit U1: is given twice"):
            assign([unit("U1", 1)] * 2, ["V1"], {}, staff("U1", 1), on=ON, constraints=limit(1))

    def test_keep_county_with_city(self) -> None:
        """A county's villages paired with PRD city units all go to one city."""
        villages = [
            Village(village_id=f"V{i}", county_id="K1" if i < 3 else "K2") for i in range(5)
        ]
        units = [
            unit("GZ1", 2, city="广州"),
            unit("GZ2", 1, city="广州"),
            unit("SZ1", 2, city="深圳"),
            unit("SZ2", 2, city="深圳"),
            unit("P1", 5),
        ]
        cadres = [c for u in units for c in staff(u.unit_id, 3)]
        households = register({v.village_id: 2 for v in villages})
        constraints = AssignmentConstraints(max_households_per_cadre=2, keep_county_with_city=True)
        result = assign(units, villages, households, cadres, on=ON, constraints=constraints)
        city_of = {u.unit_id: u.city_id for u in units}
        for county in ("K1", "K2"):
            cities = {
                city_of[result.village_units[v.village_id]]
                for v in villages
                if v.county_id == county
            } - {None}
            assert len(cities) <= 1
        assert len(gap_report(result.ledger, on=ON)) == 0


def shared(n: int, k: int) -> AssignmentConstraints:
    """Constraints with a load limit and up to ``k`` units per village."""
    return AssignmentConstraints(max_households_per_cadre=n, max_units_per_village=k)


class TestAssignSeveralUnitsPerVillage:
    """assign() with max_units_per_village > 1 (a work team combined from several units).

    SEED 专栏4: Liannan county's 38 round-1 poor villages were assisted by 136 units forming 38
    resident work teams with 209 cadres (about 3.6 units per village).
    """

    def test_village_too_big_for_any_unit_is_shared(self) -> None:
        """183 households, units of 2 cadres × 60: one unit cannot carry it, two can."""
        units = [unit("U1", 1), unit("U2", 1), unit("U3", 1)]
        cadres = staff("U1", 2) + staff("U2", 2) + staff("U3", 2)
        households = register({"V1": 183, "V2": 50})
        result = assign(units, ["V1", "V2"], households, cadres, on=ON, constraints=shared(60, 4))
        assert len(result.village_teams["V1"]) == 2
        assert result.village_teams["V2"] == ("U3",)
        assert result.village_units["V1"] == result.village_teams["V1"][0]
        assert len(gap_report(result.ledger, on=ON)) == 0
        assert len(overload_report(result.ledger, on=ON, max_households=60)) == 0
        flagged = limit_report(result.ledger, on=ON)  # the default limit (1) flags V1
        assert [(r["subject_id"], r["observed"], r["limit"]) for r in flagged.rows] == [
            ("V1", 2, 1)
        ]
        four = default_standards().with_overrides({"pairing.max_units_per_village": 4})
        assert len(limit_report(result.ledger, on=ON, standards=four)) == 0

    def test_k_1_still_names_the_shortfall(self) -> None:
        """With one unit per village (the default) the same village cannot be placed."""
        units = [unit("U1", 1), unit("U2", 1), unit("U3", 1)]
        cadres = staff("U1", 2) + staff("U2", 2) + staff("U3", 2)
        with pytest.raises(NoSolutionError) as info:
            assign(units, ["V1"], register({"V1": 183}), cadres, on=ON, constraints=limit(60))
        assert info.value.record == "village V1"
        assert "unit U3 has 2 cadres for 183 households with max 60 per cadre" in str(info.value)
        assert "(room for 120 more; max 1 unit per village)" in str(info.value)

    def test_k_too_small_names_the_units_and_shortfall(self) -> None:
        """Two units of 120 cannot carry 300 households; the message gives the gap."""
        units = [unit("U1", 1), unit("U2", 1), unit("U3", 1)]
        cadres = staff("U1", 2) + staff("U2", 2) + staff("U3", 2)
        with pytest.raises(NoSolutionError) as info:
            assign(units, ["V1"], register({"V1": 300}), cadres, on=ON, constraints=shared(60, 2))
        assert info.value.record == "village V1"
        assert "units U1, U2 have room for 240 more households" in str(info.value)
        assert "short by 60" in str(info.value)
        three = assign(
            units, ["V1"], register({"V1": 300}), cadres, on=ON, constraints=shared(60, 3)
        )
        assert three.village_teams["V1"] == ("U1", "U2", "U3")

    def test_units_per_village_at_most_k(self) -> None:
        """No village gets more than k units, even when more would spread the load."""
        units = [unit(f"U{i}", 1) for i in range(6)]
        cadres = [c for i in range(6) for c in staff(f"U{i}", 1)]
        result = assign(
            units, ["V1"], register({"V1": 30}), cadres, on=ON, constraints=shared(10, 3)
        )
        assert len(result.village_teams["V1"]) == 3
        assert len(result.ledger.assisting_units("V1", ON)) == 3

    def test_households_cadres_belong_to_the_villages_units(self) -> None:
        """Each household's cadre is of one of its village's units; each unit sends a cadre."""
        units = [unit("U1", 2), unit("U2", 1), unit("U3", 2)]
        cadres = staff("U1", 3) + staff("U2", 2) + staff("U3", 4)
        households = register({"V1": 21, "V2": 9, "V3": 4})
        result = assign(
            units, ["V1", "V2", "V3"], households, cadres, on=ON, constraints=shared(5, 4)
        )
        ledger = result.ledger
        for household_id, village_id in households.items():
            cadre = ledger.responsible_cadre(household_id, ON)
            assert cadre is not None
            assert cadre.unit_id in result.village_teams[village_id]
        for village_id, team in result.village_teams.items():
            posted = {t.unit_id: t.cadre_ids for t in ledger.work_teams(village_id, ON)}
            assert set(posted) == set(team)
            assert all(len(members) >= 1 for members in posted.values())

    def test_loads_balanced_within_a_shared_village(self) -> None:
        """Fresh units share a village in proportion to their room: loads within ±1."""
        units = [unit("U1", 1), unit("U2", 1), unit("U3", 1)]
        cadres = staff("U1", 3) + staff("U2", 2) + staff("U3", 2)
        result = assign(
            units, ["V1"], register({"V1": 20}), cadres, on=ON, constraints=shared(3, 3)
        )
        loads = list(result.loads.values())
        assert sum(loads) == 20
        assert max(loads) - min(loads) <= 1

    def test_k_above_one_is_unchanged_when_one_unit_suffices(self) -> None:
        """Allowing several units changes nothing where every village fits one unit."""
        units = [unit("U1", 2), unit("U2", 2), unit("U3", 1)]
        cadres = staff("U1", 3) + staff("U2", 2) + staff("U3", 4)
        villages = ["V1", "V2", "V3", "V4"]
        households = register({"V1": 5, "V2": 3, "V3": 4, "V4": 7})
        one = assign(units, villages, households, cadres, on=ON, constraints=limit(5))
        four = assign(units, villages, households, cadres, on=ON, constraints=shared(5, 4))
        assert one.ledger.pairings == four.ledger.pairings
        assert dict(one.village_units) == dict(four.village_units)
        assert all(len(t) == 1 for t in four.village_teams.values())

    def test_default_k_from_standards(self) -> None:
        """Without the constraint, pairing.max_units_per_village is read (1 shipped)."""
        units = [unit("U1", 1), unit("U2", 1)]
        cadres = staff("U1", 1) + staff("U2", 1)
        households = register({"V1": 4})
        with pytest.raises(NoSolutionError):
            assign(units, ["V1"], households, cadres, on=ON, constraints=limit(2))
        two = default_standards().with_overrides({"pairing.max_units_per_village": 2})
        result = assign(
            units, ["V1"], households, cadres, on=ON, constraints=limit(2), standards=two
        )
        assert result.village_teams["V1"] == ("U1", "U2")

    @pytest.mark.parametrize("bad", [0, -1, True, "2"])
    def test_bad_k(self, bad: object) -> None:
        """A units-per-village limit that is not a positive integer is refused."""
        with pytest.raises(InvalidRecordError, match="max_units_per_village"):
            assign(
                [unit("U1", 1)],
                ["V1"],
                {},
                staff("U1", 1),
                on=ON,
                constraints=AssignmentConstraints(
                    max_households_per_cadre=1,
                    max_units_per_village=bad,  # type: ignore[arg-type]
                ),
            )


def local(unit_id: str, level: str = "county") -> AssistingUnit:
    """A local (county-level) unit."""
    return AssistingUnit(unit_id=unit_id, name=unit_id, kind="public_institution", level=level)


class TestAssignScattered:
    """assign_scattered(): households outside every assisted village (round 3, 分散贫困户)."""

    def test_pairs_every_household_with_a_local_cadre_of_its_county(self) -> None:
        households = {
            "K1": {"K1-V1-H1": "K1-V1", "K1-V1-H2": "K1-V1", "K1-V2-H1": "K1-V2"},
            "K2": {"K2-V9-H1": "K2-V9"},
        }
        units = {"K1": [local("L1")], "K2": [local("L2")]}
        cadres = staff("L1", 2) + staff("L2", 1)
        result = assign_scattered(households, units, cadres, on=ON, constraints=limit(2))
        ledger = result.ledger
        for county, members in households.items():
            for household_id in members:
                assert check_household_responsibility(household_id, ledger=ledger, on=ON).outcome
                cadre = ledger.responsible_cadre(household_id, ON)
                assert cadre is not None
                assert cadre.unit_id == {"K1": "L1", "K2": "L2"}[county]
        assert result.teams == ()
        assert dict(result.loads) == {"L1-R0": 2, "L1-R1": 1, "L2-R0": 1}
        assert dict(result.village_units) == {"K1-V1": "L1", "K1-V2": "L1", "K2-V9": "L2"}
        assert all(p.note for p in ledger.pairings if p.assisting_kind.value == "unit")
        assert len(overload_report(ledger, on=ON, max_households=2)) == 0

    def test_a_big_village_is_shared_by_local_units(self) -> None:
        """A village with more scattered households than one unit can carry, with k = 2."""
        households = {"K1": {f"H{i}": "V1" for i in range(5)}}
        units = {"K1": [local("L1"), local("L2")]}
        cadres = staff("L1", 1) + staff("L2", 2)
        with pytest.raises(NoSolutionError, match="village V1"):
            assign_scattered(households, units, cadres, on=ON, constraints=limit(2))
        result = assign_scattered(households, units, cadres, on=ON, constraints=shared(2, 2))
        assert result.village_teams["V1"] == ("L2", "L1")
        assert sum(result.loads.values()) == 5

    def test_county_without_enough_local_cadres(self) -> None:
        """The error names the county and the shortfall."""
        with pytest.raises(NoSolutionError) as info:
            assign_scattered(
                {"K1": {"H1": "V1", "H2": "V1", "H3": "V2"}},
                {"K1": [local("L1")]},
                staff("L1", 1),
                on=ON,
                constraints=limit(2),
            )
        assert info.value.record == "county K1"
        assert "1 cadres × 2 = 2 places, short by 1" in str(info.value)
        with pytest.raises(NoSolutionError, match="county K2"):
            assign_scattered({"K2": {"H1": "V1"}}, {}, [], on=ON, constraints=limit(2))

    def test_bad_input(self) -> None:
        """Non-local units, repeated ids and villages in two counties are refused."""
        with pytest.raises(LedgerError, match="is not a county-level"):
            assign_scattered(
                {"K1": {"H1": "V1"}},
                {"K1": [local("L1", level="provincial")]},
                staff("L1", 1),
                on=ON,
                constraints=limit(2),
            )
        with pytest.raises(LedgerError, match="household H1: is given twice"):
            assign_scattered(
                {"K1": {"H1": "V1"}, "K2": {"H1": "V2"}},
                {"K1": [local("L1")], "K2": [local("L2")]},
                staff("L1", 1) + staff("L2", 1),
                on=ON,
                constraints=limit(2),
            )
        with pytest.raises(LedgerError, match="village V1"):
            assign_scattered(
                {"K1": {"H1": "V1"}, "K2": {"H2": "V1"}},
                {"K1": [local("L1")], "K2": [local("L2")]},
                staff("L1", 1) + staff("L2", 1),
                on=ON,
                constraints=limit(2),
            )
        with pytest.raises(LedgerError, match="assisting unit L1: is given twice"):
            assign_scattered(
                {"K1": {"H1": "V1"}},
                {"K1": [local("L1")], "K2": [local("L1")]},
                staff("L1", 1),
                on=ON,
                constraints=limit(2),
            )

    def test_deterministic(self) -> None:
        """The same input in any order gives the same ledger."""
        households = {"K1": {f"H{i}": f"V{i % 3}" for i in range(11)}}
        units = [local("L1"), local("L2")]
        cadres = staff("L1", 2) + staff("L2", 3)
        first = assign_scattered(households, {"K1": units}, cadres, on=ON, constraints=limit(3))
        second = assign_scattered(
            {"K1": dict(reversed(list(households["K1"].items())))},
            {"K1": units[::-1]},
            cadres[::-1],
            on=ON,
            constraints=limit(3),
        )
        assert first.ledger == second.ledger
