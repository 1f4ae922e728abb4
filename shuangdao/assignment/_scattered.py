"""Scattered poor households to local units' cadres: :func:`assign_scattered` (private)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from shuangdao.assignment._packing import (
    RULE,
    Placed,
    UnitState,
    assignment_of,
    build_plan,
    cadres_by_unit,
    checked_sizes,
    deal,
    dealing_order,
    max_units,
    no_room,
    pack,
    villages_by_unit,
)
from shuangdao.assignment._records import (
    Assignment,
    AssignmentConstraints,
    AssignmentPlan,
    CadreLike,
    UnitLike,
)
from shuangdao.errors import LedgerError, NoSolutionError
from shuangdao.model import (
    AssistingUnit,
    Cadre,
    Pairing,
    PartyKind,
    UnitLevel,
)
from shuangdao.model.ledger import ResponsibilityLedger, trusted_pairing
from shuangdao.rules.pairing import load_limit
from shuangdao.standards import default_standards

if TYPE_CHECKING:
    from shuangdao.standards import Standards

__all__ = ["assign_scattered", "plan_scattered"]

_SCATTERED_NOTE = "scattered poor households (分散贫困户) of the unit's county; no resident team"


def plan_scattered(
    villages_by_county: Mapping[str, Mapping[str, int]],
    local_units: Mapping[str, Iterable[UnitLike]],
    cadres: Iterable[CadreLike],
    *,
    on: dt.date,
    constraints: AssignmentConstraints | None = None,
    standards: Standards | None = None,
) -> AssignmentPlan:
    """Plan :func:`assign_scattered` from the number of scattered households of each village.

    Args:
        villages_by_county: County id → (village id → its scattered households).
        local_units: County id → its local units (level ``county``).
        cadres: The local units' cadres.
        on: Start date of every pairing.
        constraints: As for :func:`assign_scattered`.
        standards: As for :func:`assign_scattered`.

    Returns:
        The :class:`AssignmentPlan` (no work teams).

    Raises:
        NoSolutionError: As :func:`assign_scattered`.
        LedgerError: A repeated id, a unit that is not county-level, a cadre of an unknown
            unit, a village given in two counties.
    """
    std = default_standards() if standards is None else standards
    options = constraints or AssignmentConstraints()
    village_county: dict[str, str] = {}
    sizes: dict[str, int] = {}
    for county_id in sorted(villages_by_county):
        for village_id, size in checked_sizes(villages_by_county[county_id]).items():
            if village_county.setdefault(village_id, county_id) != county_id:
                raise LedgerError(
                    f"is given in counties {village_county[village_id]} and {county_id}",
                    record=f"village {village_id}",
                    rule=RULE,
                )
            sizes[village_id] = size
    return _plan_scattered(village_county, sizes, local_units, cadres, on, options, std)


def _local_units(
    local_units: Mapping[str, Iterable[UnitLike]],
) -> tuple[dict[str, str], list[UnitLike]]:
    """Unit id → its county, and the units by id; checks they are county-level and unique."""
    unit_county: dict[str, str] = {}
    unit_list: list[UnitLike] = []
    for county_id in sorted(local_units):
        for unit in sorted(local_units[county_id], key=lambda u: u.unit_id):
            record = f"assisting unit {unit.unit_id}"
            if unit.unit_id in unit_county:
                raise LedgerError("is given twice", record=record, rule=RULE)
            if unit.level is not UnitLevel.COUNTY:
                raise LedgerError(
                    "is not a county-level (local) unit",
                    record=record,
                    field="level",
                    value=unit.level.value,
                    rule=RULE,
                )
            unit_county[unit.unit_id] = county_id
            unit_list.append(unit)
    unit_list.sort(key=lambda u: u.unit_id)
    return unit_county, unit_list


def _plan_scattered(  # noqa: PLR0917 - private
    village_county: Mapping[str, str],
    sizes: Mapping[str, int],
    local_units: Mapping[str, Iterable[UnitLike]],
    cadres: Iterable[CadreLike],
    on: dt.date,
    options: AssignmentConstraints,
    std: Standards,
) -> AssignmentPlan:
    limit, _, _ = load_limit(options.max_households_per_cadre, std)
    k = max_units(options, std)
    unit_county, unit_list = _local_units(local_units)
    unit_cadres, cadre_list = cadres_by_unit(set(unit_county), cadres)
    county_villages: dict[str, list[str]] = {}
    for village_id in sizes:
        county_villages.setdefault(village_county[village_id], []).append(village_id)
    state = {u.unit_id: UnitState(u, unit_cadres[u.unit_id], 0, limit) for u in unit_list}
    pools: dict[str, list[UnitState]] = {}
    for unit_id, county_id in unit_county.items():
        pools.setdefault(county_id, []).append(state[unit_id])
    placed: Placed = {}
    for county_id in sorted(county_villages):
        order = sorted(county_villages[county_id], key=lambda v: (-sizes[v], v))
        pool = sorted(pools.get(county_id, []), key=lambda u: u.unit_id)
        for member in pool:
            member.slots = len(order)
        need = sum(sizes[v] for v in order)
        room = sum(u.capacity for u in pool)
        if room < need:
            cadres_n = sum(len(u.cadres) for u in pool)
            raise NoSolutionError(
                f"has {need:,} scattered households but its {len(pool)} local unit(s) have "
                f"{cadres_n:,} cadres × {limit} = {room:,} places, short by {need - room:,}",
                record=f"county {county_id}",
                rule=RULE,
            )
        left = pack(order, sizes, pool, placed, k)
        if left:
            raise no_room(left[0], sizes[left[0]], pool, limit, k)
    return build_plan(
        list(state.values()),
        placed,
        unit_list,
        cadre_list,
        on,
        limit,
        k,
        teams=False,
        note=_SCATTERED_NOTE,
    )


def assign_scattered(
    households_by_county: Mapping[str, Mapping[str, str]],
    local_units: Mapping[str, Iterable[AssistingUnit]],
    cadres: Iterable[Cadre],
    *,
    on: dt.date,
    constraints: AssignmentConstraints | None = None,
    standards: Standards | None = None,
) -> Assignment:
    """Pair poor households outside every assisted village with cadres of local units.

    Round 3 identified relatively poor households in every village, not only in the
    relatively poor villages; the households outside them (scattered, 分散贫困户) were
    assisted by the local county-level units of their county. How exactly is not in the
    sources: this helper is an assumption (``scenario.pair_scattered_households``). A local
    unit takes any number of its county's villages (no village slots: there is no resident
    work team for scattered households); villages, largest first, go to the county's unit
    with the most room, shared by up to ``max_units_per_village`` units when none can carry
    one alone; each unit's households, by village then id, are dealt out to all its cadres
    (its first ``capacity_cadres`` by id) in blocks differing by at most one.

    The ledger registers the villages the households live in, with a unit → village
    pairing (note: scattered households) for each unit and village it covers, so
    :func:`~shuangdao.rules.pairing.check_household_responsibility` and
    :func:`~shuangdao.rules.pairing.check_cadre_load` hold; those villages are not assisted
    villages and get no work team (the village check does not apply to them).

    Policy: S18 (round 3: relatively poor households in every village); the local-unit
    arrangement is assumed (PROJECT).

    Args:
        households_by_county: County id → (household id → village id).
        local_units: County id → its local units (level ``county``).
        cadres: The local units' cadres.
        on: Start date of every pairing.
        constraints: Load limit and ``max_units_per_village`` (``keep_county_with_city`` is
            ignored).
        standards: Read as :func:`assign` reads them.

    Returns:
        An :class:`Assignment` with no work teams.

    Raises:
        NoSolutionError: A county with households has no local unit or too little room (the
            message names the county and the shortfall), or a village cannot be placed.
        LedgerError: A repeated id, a unit that is not county-level, a cadre of an unknown
            unit.

    Example:
        >>> import datetime as dt
        >>> from shuangdao.model import AssistingUnit, Cadre
        >>> local = {"K1": [AssistingUnit(unit_id="K1-L", name="县直", kind="public_institution",
        ...                               level="county")]}
        >>> staff = [Cadre(cadre_id="K1-L-1", unit_id="K1-L")]
        >>> result = assign_scattered({"K1": {"H1": "V7", "H2": "V8"}}, local, staff,
        ...     on=dt.date(2016, 3, 1),
        ...     constraints=AssignmentConstraints(max_households_per_cadre=2))
        >>> result.ledger.responsible_cadre("H2", dt.date(2016, 3, 1)).cadre_id
        'K1-L-1'
        >>> result.teams
        ()
    """
    std = default_standards() if standards is None else standards
    options = constraints or AssignmentConstraints()
    household_villages: dict[str, str] = {}
    village_county: dict[str, str] = {}
    for county_id in sorted(households_by_county):
        for household_id, village_id in households_by_county[county_id].items():
            if household_id in household_villages:
                raise LedgerError("is given twice", record=f"household {household_id}", rule=RULE)
            if village_county.setdefault(village_id, county_id) != county_id:
                raise LedgerError(
                    f"is given in counties {village_county[village_id]} and {county_id}",
                    record=f"village {village_id}",
                    rule=RULE,
                )
            household_villages[household_id] = village_id
    by_village: dict[str, list[str]] = {}
    for household_id, village_id in household_villages.items():
        by_village.setdefault(village_id, []).append(household_id)
    sizes = {v: len(h) for v, h in by_village.items()}
    plan = _plan_scattered(village_county, sizes, local_units, cadres, on, options, std)

    unit_pairings: list[Pairing] = []
    pairings: list[Pairing] = []
    for unit_id, unit_villages in sorted(villages_by_unit(plan).items()):
        for village_id in unit_villages:
            pairing = trusted_pairing(
                f"UV-{unit_id}-{village_id}",
                PartyKind.UNIT,
                unit_id,
                PartyKind.VILLAGE,
                village_id,
                on,
            )
            object.__setattr__(pairing, "note", _SCATTERED_NOTE)  # a valid text field
            unit_pairings.append(pairing)
        ordered = dealing_order(plan, unit_id, unit_villages, by_village)
        deal(plan.unit_cadres[unit_id], ordered, on, pairings)

    ledger = ResponsibilityLedger(
        village_ids=tuple(by_village),
        household_villages=household_villages,
        units=list(plan.units),
        cadres=list(plan.cadres),
        pairings=[*unit_pairings, *pairings],
    )
    return assignment_of(plan, ledger)
