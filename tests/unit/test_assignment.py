"""Unit tests for the assignment helper (shuangdao.assignment.assign)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from shuangdao.assignment import Assignment, AssignmentConstraints, assign
from shuangdao.errors import LedgerError, MissingParameterError, NoSolutionError
from shuangdao.model import AssistingUnit, Cadre, UnitKind, Village
from shuangdao.reports import gap_report, overload_report
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
