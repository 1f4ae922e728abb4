"""Hypothesis strategies for the responsibility ledger and the assignment helper.

Small populations (a handful of units, villages and households) so property tests stay fast.

Example:
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5)
    ... @given(assignment_inputs())
    ... def test_enough_villages(data):
    ...     assert data.village_slots() >= len(data.villages)
    >>> test_enough_villages()
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from attrs import frozen
from hypothesis import strategies as st

from shuangdao.assignment import AssignmentConstraints, assign
from shuangdao.model import (
    AssistanceAgreement,
    AssistingUnit,
    Cadre,
    Commitment,
    ResponsibilityLedger,
    UnitKind,
    UnitLevel,
    Village,
)

__all__ = [
    "AssignmentInput",
    "assignment_inputs",
    "assistance_agreements",
    "commitments",
    "ledgers",
    "shared_assignment_inputs",
]

_START = dt.date(2010, 3, 1)


@frozen
class AssignmentInput:
    """Inputs of :func:`shuangdao.assignment.assign`, generated together.

    Attributes:
        units: Assisting units with capacities.
        villages: Villages (with ``county_id``).
        households: Household id → village id.
        cadres: The units' cadres.
        max_households: The load limit to pass.
        max_units_per_village: The units-per-village limit to pass (``None``: the
            standards' ``pairing.max_units_per_village``).
    """

    units: tuple[AssistingUnit, ...]
    villages: tuple[Village, ...]
    households: Mapping[str, str]
    cadres: tuple[Cadre, ...]
    max_households: int
    max_units_per_village: int | None = None

    def village_slots(self) -> int:
        """Villages the units can take: ``min(capacity_villages, cadres)`` summed."""
        count: dict[str, int] = {}
        for cadre in self.cadres:
            count[cadre.unit_id] = count.get(cadre.unit_id, 0) + 1
        return sum(min(u.capacity_villages or 0, count.get(u.unit_id, 0)) for u in self.units)

    def constraints(self, *, keep_county_with_city: bool = False) -> AssignmentConstraints:
        """The constraints to pass to :func:`~shuangdao.assignment.assign`."""
        return AssignmentConstraints(
            max_households_per_cadre=self.max_households,
            keep_county_with_city=keep_county_with_city,
            max_units_per_village=self.max_units_per_village,
        )

    def cadre_capacity(self) -> int:
        """Households the units can carry: usable cadres × the load limit, summed."""
        count: dict[str, int] = {}
        for cadre in self.cadres:
            count[cadre.unit_id] = count.get(cadre.unit_id, 0) + 1
        usable = (
            min(count.get(u.unit_id, 0), u.capacity_cadres)
            if u.capacity_cadres is not None
            else count.get(u.unit_id, 0)
            for u in self.units
        )
        return sum(usable) * self.max_households


@st.composite
def assignment_inputs(
    draw: st.DrawFn,
    *,
    feasible: bool = True,
    max_villages: int = 6,
    max_units: int = 5,
    max_households_per_village: int = 8,
    with_cities: bool = False,
) -> AssignmentInput:
    """Generate a small register for the assignment helper.

    With ``feasible=True`` every unit has at least as many cadres as village slots, no village
    has more households than the load limit and the slots cover the villages, so the greedy
    helper always finds a pairing; with ``with_cities`` some units are Pearl River Delta city
    units (``developed_region_city`` with a ``city_id``) and the other units alone have slots
    for every village. With ``feasible=False`` the village slots fall short by at least one.

    Shrinks towards fewer villages, units and households.
    """
    n_villages = draw(st.integers(1, max_villages))
    limit = draw(st.integers(1, max_households_per_village))
    villages = tuple(
        Village(village_id=f"V{i}", county_id=f"K{draw(st.integers(0, 2))}")
        for i in range(n_villages)
    )
    households: dict[str, str] = {}
    for village in villages:
        for j in range(draw(st.integers(0, limit))):
            households[f"{village.village_id}-H{j}"] = village.village_id
    n_units = draw(st.integers(1, max_units))
    if feasible:
        slots = [draw(st.integers(0, 3)) for _ in range(n_units)]
        missing = n_villages - sum(slots)
        if missing > 0:
            slots[0] += missing
    else:
        budget = n_villages - 1 - draw(st.integers(0, max(0, n_villages - 1)))
        slots = [0] * n_units
        for _ in range(budget):
            slots[draw(st.integers(0, n_units - 1))] += 1
    units: list[AssistingUnit] = []
    cadres: list[Cadre] = []
    for i, slot in enumerate(slots):
        n_cadres = slot + draw(st.integers(0, 2)) if feasible else max(slot, 1)
        units.append(
            AssistingUnit(
                unit_id=f"U{i}",
                name=f"unit {i}",
                kind=UnitKind.PARTY_GOVERNMENT_ORGAN,
                level=UnitLevel.PROVINCIAL,
                capacity_villages=slot,
                capacity_cadres=n_cadres,
            )
        )
        cadres.extend(Cadre(cadre_id=f"U{i}-R{j}", unit_id=f"U{i}") for j in range(n_cadres))
    if with_cities:
        for k in range(draw(st.integers(1, 3))):
            slot = draw(st.integers(1, 3))
            unit_id = f"C{k}"
            units.append(
                AssistingUnit(
                    unit_id=unit_id,
                    name=f"city unit {k}",
                    kind=UnitKind.DEVELOPED_REGION_CITY,
                    level=UnitLevel.CITY,
                    city_id=f"PRD{draw(st.integers(0, 1))}",
                    capacity_villages=slot,
                )
            )
            cadres.extend(Cadre(cadre_id=f"{unit_id}-R{j}", unit_id=unit_id) for j in range(slot))
    return AssignmentInput(
        units=tuple(units),
        villages=villages,
        households=households,
        cadres=tuple(cadres),
        max_households=limit,
    )


@st.composite
def shared_assignment_inputs(
    draw: st.DrawFn,
    *,
    generous: bool = False,
    max_villages: int = 5,
    max_units: int = 4,
    max_households_per_village: int = 20,
) -> AssignmentInput:
    """Generate a register whose villages may be too big for any one unit (k > 1).

    Village sizes go up to ``max_households_per_village`` whatever the load limit (1–4), so
    many villages need a work team combined from several units; the total cadre capacity
    always covers the households, and ``max_units_per_village`` is at least 2. With
    ``generous=True`` every unit has a slot (and a cadre) for every village and
    ``max_units_per_village`` is the number of units, so the helper must always succeed;
    otherwise slots are drawn (0–3 per unit, covering the villages) and the helper may
    report no solution.

    Shrinks towards fewer villages, units and households.
    """
    n_villages = draw(st.integers(1, max_villages))
    limit = draw(st.integers(1, 4))
    villages = tuple(Village(village_id=f"V{i}", county_id="K0") for i in range(n_villages))
    households: dict[str, str] = {}
    for village in villages:
        for j in range(draw(st.integers(0, max_households_per_village))):
            households[f"{village.village_id}-H{j:02d}"] = village.village_id
    n_units = draw(st.integers(1, max_units))
    if generous:
        slots = [n_villages] * n_units
    else:
        slots = [draw(st.integers(0, 3)) for _ in range(n_units)]
        slots[0] += max(0, n_villages - sum(slots))
    counts = [s + draw(st.integers(0, 3)) for s in slots]
    short = len(households) - sum(counts) * limit
    if short > 0:
        counts[draw(st.integers(0, n_units - 1))] += -(-short // limit)
    units = tuple(
        AssistingUnit(
            unit_id=f"U{i}",
            name=f"unit {i}",
            kind=UnitKind.PUBLIC_INSTITUTION,
            level=UnitLevel.COUNTY,
            capacity_villages=slot,
        )
        for i, slot in enumerate(slots)
    )
    cadres = tuple(
        Cadre(cadre_id=f"U{i}-R{j}", unit_id=f"U{i}")
        for i, n in enumerate(counts)
        for j in range(n)
    )
    k = max(2, n_units) if generous else draw(st.integers(2, 4))
    return AssignmentInput(
        units=units,
        villages=villages,
        households=households,
        cadres=cadres,
        max_households=limit,
        max_units_per_village=k,
    )


@st.composite
def ledgers(draw: st.DrawFn, *, on: dt.date = _START) -> ResponsibilityLedger:
    """Valid ledgers: a feasible small register paired by the assignment helper on ``on``."""
    data = draw(assignment_inputs())
    return assign(
        data.units,
        data.villages,
        data.households,
        data.cadres,
        on=on,
        constraints=data.constraints(),
    ).ledger


def commitments(*, min_year: int = 2010, max_year: int = 2018) -> st.SearchStrategy[Commitment]:
    """Valid :class:`~shuangdao.model.Commitment` values."""
    return st.builds(
        Commitment,
        year=st.integers(min_year, max_year),
        funds=st.integers(0, 5_000_000).map(str),
        projects=st.integers(0, 20),
        people=st.integers(0, 10),
    )


@st.composite
def assistance_agreements(
    draw: st.DrawFn,
    *,
    unit_ids: st.SearchStrategy[str] | None = None,
    village_ids: st.SearchStrategy[str] | None = None,
) -> AssistanceAgreement:
    """Valid :class:`~shuangdao.model.AssistanceAgreement` values (no year committed twice)."""
    years = draw(st.lists(st.integers(2010, 2018), unique=True, max_size=4))
    return AssistanceAgreement(
        agreement_id=f"A{draw(st.integers(0, 10_000))}",
        unit_id=draw(unit_ids or st.sampled_from(["U0", "U1"])),
        village_id=draw(village_ids or st.sampled_from(["V0", "V1"])),
        signed_on=draw(st.dates(dt.date(2009, 1, 1), dt.date(2018, 12, 31))),
        commitments=[draw(commitments(min_year=y, max_year=y)) for y in sorted(years)],
    )
