"""Units to villages, cadres to households: :func:`plan_assignment`, :func:`assign` (private)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from shuangdao.assignment._packing import (
    Placed,
    UnitState,
    assignment_of,
    build_plan,
    check_capacity,
    checked_sizes,
    deal,
    dealing_order,
    max_units,
    no_room,
    normalise,
    pack,
    pack_by_county,
    villages_by_unit,
)
from shuangdao.assignment._records import (
    Assignment,
    AssignmentConstraints,
    AssignmentPlan,
    CadreLike,
    UnitLike,
)
from shuangdao.model import (
    AssistingUnit,
    Cadre,
    Household,
    Pairing,
    PartyKind,
    Village,
    WorkTeam,
)
from shuangdao.model.ledger import ResponsibilityLedger, trusted_pairing
from shuangdao.model.responsibility import TeamPosting
from shuangdao.rules.pairing import load_limit
from shuangdao.standards import default_standards

if TYPE_CHECKING:
    from shuangdao.standards import Standards

__all__ = ["assign", "plan_assignment"]


def plan_assignment(
    units: Iterable[UnitLike],
    villages: Mapping[str, int],
    cadres: Iterable[CadreLike],
    *,
    on: dt.date,
    constraints: AssignmentConstraints | None = None,
    standards: Standards | None = None,
    counties: Mapping[str, str | None] | None = None,
) -> AssignmentPlan:
    """Plan :func:`assign` from the number of households of each village.

    Args:
        units: Assisting units with ``capacity_villages`` / ``capacity_cadres``.
        villages: Village id → its number of households to assist.
        cadres: The units' cadres.
        on: Start date of every pairing and team posting.
        constraints: As for :func:`assign`.
        standards: As for :func:`assign`.
        counties: Village id → county id (needed for ``keep_county_with_city``).

    Returns:
        The :class:`AssignmentPlan`; :func:`assign` on the same villages gives the same
        pairings.

    Raises:
        NoSolutionError: As :func:`assign`.
        LedgerError: A repeated unit or cadre id, a cadre of an unknown unit.
        InvalidRecordError: A negative or non-integer number of households.

    Example:
        >>> import datetime as dt
        >>> from shuangdao.model import AssistingUnit, Cadre
        >>> units = [AssistingUnit(unit_id="U1", name="u", kind="public_institution",
        ...                        level="county", capacity_villages=2)]
        >>> cadres = [Cadre(cadre_id=f"R{i}", unit_id="U1") for i in range(3)]
        >>> plan = plan_assignment(units, {"V1": 2, "V2": 1}, cadres, on=dt.date(2010, 3, 1),
        ...                        constraints=AssignmentConstraints(max_households_per_cadre=2))
        >>> plan.responsible("V2", 0)
        ('U1', 'R2')
    """
    std = default_standards() if standards is None else standards
    options = constraints or AssignmentConstraints()
    sizes = checked_sizes(villages)
    county = {v: (counties or {}).get(v) for v in sizes}
    unit_list, _, _, unit_cadres, cadre_list = normalise(units, [], {}, cadres)
    return _plan_assign(unit_list, county, sizes, unit_cadres, cadre_list, on, options, std)


def _plan_assign(  # noqa: PLR0917 - private
    unit_list: list[UnitLike],
    county: Mapping[str, str | None],
    sizes: Mapping[str, int],
    unit_cadres: Mapping[str, list[str]],
    cadre_list: list[CadreLike],
    on: dt.date,
    options: AssignmentConstraints,
    std: Standards,
) -> AssignmentPlan:
    limit, _, _ = load_limit(options.max_households_per_cadre, std)
    k = max_units(options, std)
    default_slots = std.params.pairing.default_capacity_villages
    state = [UnitState(u, unit_cadres[u.unit_id], default_slots, limit) for u in unit_list]
    check_capacity(state, len(sizes), sum(sizes.values()), limit)
    order = sorted(sizes, key=lambda v: (-sizes[v], v))
    placed: Placed = {}
    if options.keep_county_with_city:
        left = pack_by_county(order, county, sizes, state, placed, k)
        left = pack(left, sizes, [u for u in state if u.city_id is None], placed, k)
    else:
        left = pack(order, sizes, state, placed, k)
    if left:
        raise no_room(left[0], sizes[left[0]], state, limit, k)
    return build_plan(state, placed, unit_list, cadre_list, on, limit, k, teams=True)


def assign(
    units: Iterable[AssistingUnit],
    villages: Iterable[Village | str],
    households: Iterable[Household] | Mapping[str, str],
    cadres: Iterable[Cadre],
    *,
    on: dt.date,
    constraints: AssignmentConstraints | None = None,
    standards: Standards | None = None,
) -> Assignment:
    """Pair units with villages and cadres with households, deterministically.

    Args:
        units: Assisting units with ``capacity_villages`` / ``capacity_cadres``.
        villages: The villages to assist (objects, needed for ``county_id`` with
            ``keep_county_with_city``, or ids).
        households: The households to assist (objects, or a mapping id → village id).
        cadres: The units' cadres.
        on: Start date of every pairing and team posting.
        constraints: Load limit and options (:class:`AssignmentConstraints`).
        standards: Read for ``pairing.max_households_per_cadre`` (if no limit is given),
            ``pairing.default_capacity_villages`` and ``pairing.max_units_per_village`` (if
            the constraints give none).

    Returns:
        An :class:`Assignment` whose ledger passes the village, household and load checks
        of :mod:`shuangdao.rules.pairing` on ``on``; a village shared by several units has
        one work team (posting) per unit, each with at least one of that unit's cadres.

    Raises:
        NoSolutionError: Capacity is short (the message gives the shortfall) or a village
            cannot be placed (the message names it and the roomiest units).
        MissingParameterError: No load limit given and none in the standards.
        LedgerError: A repeated id, a household of an unknown village, a cadre of an unknown
            unit.
        InvalidRecordError: ``max_units_per_village`` is not a positive integer.
    """
    std = default_standards() if standards is None else standards
    options = constraints or AssignmentConstraints()
    unit_list, county, household_villages, unit_cadres, cadre_list = normalise(
        units, villages, households, cadres
    )
    by_village: dict[str, list[str]] = {v: [] for v in county}
    for household_id, village_id in household_villages.items():
        by_village[village_id].append(household_id)
    sizes = {v: len(h) for v, h in by_village.items()}
    plan = _plan_assign(unit_list, county, sizes, unit_cadres, cadre_list, on, options, std)

    pairings: list[Pairing] = []
    postings: list[TeamPosting] = []
    unit_kind, village_kind = PartyKind.UNIT, PartyKind.VILLAGE
    for unit_id, unit_villages in sorted(villages_by_unit(plan).items()):
        for village_id in unit_villages:
            team = plan.team_cadres[unit_id, village_id]
            pairings.append(
                trusted_pairing(
                    f"UV-{unit_id}-{village_id}", unit_kind, unit_id, village_kind, village_id, on
                )
            )
            postings.append(
                TeamPosting(
                    team=WorkTeam(
                        team_id=f"T-{unit_id}-{village_id}",
                        unit_id=unit_id,
                        village_id=village_id,
                        cadre_ids=team,
                        leader_id=team[0],
                    ),
                    valid_from=on,
                )
            )
        ordered = dealing_order(plan, unit_id, unit_villages, by_village)
        deal(plan.unit_cadres[unit_id], ordered, on, pairings)

    ledger = ResponsibilityLedger(
        village_ids=tuple(county),
        household_villages=household_villages,
        units=unit_list,
        cadres=cadre_list,
        pairings=pairings,
        teams=postings,
    )
    return assignment_of(plan, ledger)
