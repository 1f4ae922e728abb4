"""Packing villages into units and dealing households to cadres (private).

The steps :func:`~shuangdao.assignment.plan_assignment` and
:func:`~shuangdao.assignment.plan_scattered` share: the inputs checked and sorted by id, each
unit's room (:class:`UnitState`), worst-fit-decreasing packing (a village no unit can carry
shared by up to k units, split by largest remainder), the plan's blocks, offsets and work
teams, and the dealing of a unit's households to its cadres in contiguous blocks.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

from shuangdao.assignment._records import (
    Assignment,
    AssignmentConstraints,
    AssignmentPlan,
    CadreLike,
    UnitLike,
)
from shuangdao.errors import InvalidRecordError, LedgerError, NoSolutionError
from shuangdao.model import (
    Household,
    Pairing,
    PartyKind,
    UnitKind,
    Village,
)
from shuangdao.model.ledger import ResponsibilityLedger, trusted_pairing
from shuangdao.rules.pairing import units_limit

if TYPE_CHECKING:
    from shuangdao.standards import Standards

__all__ = [
    "RULE",
    "Placed",
    "UnitState",
    "assignment_of",
    "build_plan",
    "cadres_by_unit",
    "check_capacity",
    "checked_sizes",
    "deal",
    "dealing_order",
    "largest_remainder",
    "max_units",
    "neg_key",
    "no_room",
    "normalise",
    "pack",
    "pack_by_county",
    "teams_of",
    "village_blocks",
    "villages_by_unit",
]

RULE = "assignment"
"""The rule id the helper's errors name."""


class UnitState:
    """Mutable packing state of one unit (private)."""

    __slots__ = (
        "cadres",
        "capacity",
        "city_id",
        "load",
        "shares",
        "slots",
        "unit_id",
        "villages",
    )

    def __init__(self, unit: UnitLike, cadres: list[str], default_slots: int, limit: int) -> None:
        if unit.capacity_cadres is not None:
            cadres = cadres[: unit.capacity_cadres]
        self.unit_id = unit.unit_id
        self.cadres = cadres
        wanted = default_slots if unit.capacity_villages is None else unit.capacity_villages
        self.slots = min(wanted, len(cadres))
        self.capacity = len(cadres) * limit
        self.load = 0
        self.villages: list[str] = []
        self.shares: dict[str, int] = {}  # village -> households it carries there
        self.city_id = unit.city_id if unit.kind is UnitKind.DEVELOPED_REGION_CITY else None

    @property
    def room(self) -> int:
        """Households it can still take."""
        return self.capacity - self.load

    def take(self, village_id: str, share: int) -> None:
        """Carry ``share`` households of ``village_id``."""
        self.villages.append(village_id)
        self.shares[village_id] = share
        self.load += share


Placed = dict[str, list[tuple[UnitState, int]]]


def pack(
    order: list[str], sizes: Mapping[str, int], pool: list[UnitState], placed: Placed, k: int = 1
) -> list[str]:
    """Worst-fit-decreasing: place villages of ``order`` in ``pool``; return those left over.

    A village that no single unit can carry is shared by up to ``k`` units.
    """
    heap = [(-u.room, u.unit_id, u) for u in pool if len(u.villages) < u.slots]
    heapq.heapify(heap)
    left: list[str] = []
    for village_id in order:
        size = sizes[village_id]
        if heap and -heap[0][0] >= size:
            _, _, unit = heapq.heappop(heap)
            unit.take(village_id, size)
            placed[village_id] = [(unit, size)]
            if len(unit.villages) < unit.slots:
                heapq.heappush(heap, (-unit.room, unit.unit_id, unit))
            continue
        taken: list[UnitState] = []
        room = 0
        while heap and len(taken) < k and room < size and heap[0][0] < 0:
            unit = heapq.heappop(heap)[2]
            taken.append(unit)
            room += unit.room
        if room < size or not taken:
            for unit in taken:
                heapq.heappush(heap, (-unit.room, unit.unit_id, unit))
            left.append(village_id)
            continue
        shares = largest_remainder(size, [u.room for u in taken])
        team = sorted(zip(taken, shares, strict=True), key=lambda t: (-t[1], t[0].unit_id))
        for unit, share in team:
            unit.take(village_id, share)
            if len(unit.villages) < unit.slots:
                heapq.heappush(heap, (-unit.room, unit.unit_id, unit))
        placed[village_id] = team
    return left


def largest_remainder(total: int, weights: list[int]) -> list[int]:
    """Split ``total`` in proportion to ``weights`` (equal if all zero), exactly."""
    if not weights:
        return []
    if sum(weights) == 0:
        weights = [1] * len(weights)
    whole = sum(weights)
    shares = [total * w // whole for w in weights]
    rest = total - sum(shares)
    by_remainder = sorted(range(len(weights)), key=lambda i: (-(total * weights[i] % whole), i))
    for i in by_remainder[:rest]:
        shares[i] += 1
    return shares


def max_units(options: AssignmentConstraints, std: Standards) -> int:
    """The units-per-village limit: the constraint, else ``pairing.max_units_per_village``."""
    k = options.max_units_per_village
    if k is None:
        return units_limit(std)
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise InvalidRecordError(
            "must be a positive integer", field="max_units_per_village", value=k, rule=RULE
        )
    return k


def normalise(
    units: Iterable[UnitLike],
    villages: Iterable[Village | str],
    households: Iterable[Household] | Mapping[str, str],
    cadres: Iterable[CadreLike],
) -> tuple[
    list[UnitLike], dict[str, str | None], dict[str, str], dict[str, list[str]], list[CadreLike]
]:
    """Sort inputs by id and check references.

    Returns:
        Units, village → county, household → village, unit → cadre ids, cadres.
    """
    unit_list = sorted(units, key=lambda u: u.unit_id)
    unit_ids: set[str] = set()
    for unit in unit_list:
        if unit.unit_id in unit_ids:
            raise LedgerError("is given twice", record=f"assisting unit {unit.unit_id}", rule=RULE)
        unit_ids.add(unit.unit_id)
    county: dict[str, str | None] = {}
    for village in villages:
        village_id = village.village_id if isinstance(village, Village) else village
        if village_id in county:
            raise LedgerError("is given twice", record=f"village {village_id}", rule=RULE)
        county[village_id] = village.county_id if isinstance(village, Village) else None
    pairs = (
        households.items()
        if isinstance(households, Mapping)
        else ((h.household_id, h.village_id) for h in households)
    )
    household_villages: dict[str, str] = {}
    for household_id, village_id in pairs:
        if household_id in household_villages:
            raise LedgerError("is given twice", record=f"household {household_id}", rule=RULE)
        if village_id not in county:
            raise LedgerError(
                "is not one of the villages to assign",
                record=f"household {household_id}",
                field="village_id",
                value=village_id,
                rule=RULE,
            )
        household_villages[household_id] = village_id
    unit_cadres, cadre_list = cadres_by_unit(unit_ids, cadres)
    return unit_list, county, household_villages, unit_cadres, cadre_list


def cadres_by_unit(
    unit_ids: set[str], cadres: Iterable[CadreLike]
) -> tuple[dict[str, list[str]], list[CadreLike]]:
    """Unit → its cadre ids (sorted), and the cadres sorted by id; checks references."""
    unit_cadres: dict[str, list[str]] = {u: [] for u in sorted(unit_ids)}
    seen: set[str] = set()
    cadre_list = sorted(cadres, key=lambda c: c.cadre_id)
    for cadre in cadre_list:
        if cadre.cadre_id in seen:
            raise LedgerError("is given twice", record=f"cadre {cadre.cadre_id}", rule=RULE)
        seen.add(cadre.cadre_id)
        if cadre.unit_id not in unit_cadres:
            raise LedgerError(
                "is not one of the units given",
                record=f"cadre {cadre.cadre_id}",
                field="unit_id",
                value=cadre.unit_id,
                rule=RULE,
            )
        unit_cadres[cadre.unit_id].append(cadre.cadre_id)
    return unit_cadres, cadre_list


def no_room(
    village_id: str, size: int, state: list[UnitState], limit: int, k: int
) -> NoSolutionError:
    """Explain why ``village_id`` could not be placed."""
    free = [u for u in state if len(u.villages) < u.slots]
    if not free:
        return NoSolutionError(
            f"with {size:,} households could not be placed: every unit's village slots are used",
            record=f"village {village_id}",
            rule=RULE,
        )
    if k == 1:
        best = max(free, key=lambda u: (u.room, u.unit_id))
        return NoSolutionError(
            f"with {size:,} households could not be placed (the roomiest unit with a free "
            f"village slot is too small): unit {best.unit_id} has {len(best.cadres):,} cadres "
            f"for {best.load + size:,} households with max {limit} per cadre "
            f"(room for {best.room:,} more; max 1 unit per village)",
            record=f"village {village_id}",
            rule=RULE,
        )
    best_k = sorted(free, key=lambda u: (-u.room, u.unit_id))[:k]
    room = sum(max(0, u.room) for u in best_k)
    return NoSolutionError(
        f"with {size:,} households could not be placed (the {len(best_k)} roomiest units with "
        f"a free village slot are too small, max {k} units per village): units "
        f"{', '.join(u.unit_id for u in best_k)} have room for {room:,} more households with "
        f"max {limit} per cadre, short by {size - room:,}",
        record=f"village {village_id}",
        rule=RULE,
    )


def village_blocks(placed: Placed) -> dict[str, tuple[tuple[str, int, int], ...]]:
    """Village → ``(unit, start, count)``: contiguous blocks of its households, by unit id."""
    shares: dict[str, tuple[tuple[str, int, int], ...]] = {}
    for village_id, team in placed.items():
        start = 0
        blocks = []
        for unit, share in sorted(team, key=lambda t: t[0].unit_id):
            blocks.append((unit.unit_id, start, share))
            start += share
        shares[village_id] = tuple(blocks)
    return shares


def teams_of(placed: Placed) -> dict[str, tuple[str, ...]]:
    """Village → unit ids, lead first (placed lists are kept in that order)."""
    return {v: tuple(u.unit_id for u, _ in team) for v, team in sorted(placed.items())}


def build_plan(  # noqa: PLR0917 - private; the two planners share it
    state: list[UnitState],
    placed: Placed,
    units: list[UnitLike],
    cadres: list[CadreLike],
    on: dt.date,
    limit: int,
    k: int,
    *,
    teams: bool,
    note: str | None = None,
) -> AssignmentPlan:
    """The plan of packed units: shares, offsets in each unit's sequence, work teams."""
    offsets: dict[tuple[str, str], int] = {}
    team_cadres: dict[tuple[str, str], tuple[str, ...]] = {}
    unit_households: dict[str, int] = {}
    for unit in state:
        if not unit.villages:
            continue
        unit_villages = sorted(unit.villages)
        if teams:
            extra = largest_remainder(
                len(unit.cadres) - len(unit_villages), [unit.shares[v] for v in unit_villages]
            )
            start = 0
            for village_id, more in zip(unit_villages, extra, strict=True):
                team_cadres[unit.unit_id, village_id] = tuple(unit.cadres[start : start + 1 + more])
                start += 1 + more
        position = 0
        for village_id in unit_villages:
            offsets[unit.unit_id, village_id] = position
            position += unit.shares[village_id]
        unit_households[unit.unit_id] = position
    return AssignmentPlan(
        on=on,
        max_households_per_cadre=limit,
        max_units_per_village=k,
        village_teams=MappingProxyType(teams_of(placed)),
        village_shares=MappingProxyType(village_blocks(placed)),
        unit_offsets=MappingProxyType(offsets),
        unit_cadres=MappingProxyType({u.unit_id: tuple(u.cadres) for u in state}),
        unit_households=MappingProxyType(unit_households),
        team_cadres=MappingProxyType(team_cadres),
        units=tuple(units),
        cadres=tuple(cadres),
        note=note,
    )


def deal(
    cadres: tuple[str, ...],
    households: list[str],
    on: dt.date,
    pairings: list[Pairing],
) -> None:
    """Deal ``households`` to ``cadres`` in contiguous blocks differing by at most one."""
    base, rest = divmod(len(households), len(cadres))
    position = 0
    cadre_kind, household_kind = PartyKind.CADRE, PartyKind.HOUSEHOLD
    for i, cadre_id in enumerate(cadres):
        size = base + (1 if i < rest else 0)
        pairings.extend(
            trusted_pairing(
                f"CH-{household_id}", cadre_kind, cadre_id, household_kind, household_id, on
            )
            for household_id in households[position : position + size]
        )
        position += size


def dealing_order(
    plan: AssignmentPlan, unit_id: str, villages: list[str], by_village: Mapping[str, list[str]]
) -> list[str]:
    """The unit's households in dealing order: its villages by id, each block by id."""
    ordered: list[str] = []
    for village_id in villages:
        households = sorted(by_village[village_id])
        for unit, start, count in plan.village_shares[village_id]:
            if unit == unit_id:
                ordered.extend(households[start : start + count])
    return ordered


def villages_by_unit(plan: AssignmentPlan) -> dict[str, list[str]]:
    """Unit id → its villages, by id."""
    found: dict[str, list[str]] = {}
    for unit_id, village_id in sorted(plan.unit_offsets):
        found.setdefault(unit_id, []).append(village_id)
    return found


def check_capacity(state: list[UnitState], n_villages: int, n_households: int, limit: int) -> None:
    slots = sum(u.slots for u in state)
    if slots < n_villages:
        raise NoSolutionError(
            f"total village capacity {slots:,} is short of {n_villages:,} villages by "
            f"{n_villages - slots:,} (a unit takes at most min(capacity_villages, cadres) "
            "villages: each village needs a resident cadre)",
            rule=RULE,
        )
    n_cadres = sum(len(u.cadres) for u in state)
    if n_cadres * limit < n_households:
        raise NoSolutionError(
            f"total cadre capacity {n_cadres:,} cadres × {limit} = {n_cadres * limit:,} "
            f"households is short of {n_households:,} households by "
            f"{n_households - n_cadres * limit:,}",
            rule=RULE,
        )


def checked_sizes(sizes: Mapping[str, int]) -> dict[str, int]:
    """Village → households, checked (non-negative integers)."""
    checked: dict[str, int] = {}
    for village_id, size in sizes.items():
        if isinstance(size, bool) or not isinstance(size, int) or size < 0:
            raise InvalidRecordError(
                "must be a non-negative number of households",
                record=f"village {village_id}",
                field="households",
                value=size,
                rule=RULE,
            )
        checked[village_id] = size
    return checked


def assignment_of(plan: AssignmentPlan, ledger: ResponsibilityLedger) -> Assignment:
    return Assignment(
        ledger=ledger,
        on=plan.on,
        max_households_per_cadre=plan.max_households_per_cadre,
        village_units=plan.village_units,
        loads=plan.loads,
        village_teams=plan.village_teams,
    )


def pack_by_county(  # noqa: PLR0917 - private
    order: list[str],
    county: Mapping[str, str | None],
    sizes: Mapping[str, int],
    state: list[UnitState],
    placed: Placed,
    k: int,
) -> list[str]:
    """Give each county's villages to one PRD city's units; return villages left over."""
    cities: dict[str, list[UnitState]] = {}
    for unit in state:
        if unit.city_id is not None:
            cities.setdefault(unit.city_id, []).append(unit)
    counties: dict[str, list[str]] = {}
    left: list[str] = []
    for village_id in order:
        county_id = county[village_id]
        if county_id is None:
            left.append(village_id)
        else:
            counties.setdefault(county_id, []).append(village_id)
    county_order = sorted(counties, key=lambda c: (-sum(sizes[v] for v in counties[c]), c))
    for county_id in county_order:
        room = [
            (
                sum(u.slots - len(u.villages) for u in pool),
                sum(u.capacity - u.load for u in pool),
                city,
            )
            for city, pool in sorted(cities.items())
        ]
        room = [r for r in room if r[0] > 0]
        if not room:
            left.extend(counties[county_id])
            continue
        _, _, city = max(room, key=lambda r: (r[1], r[0], neg_key(r[2])))
        left.extend(pack(counties[county_id], sizes, cities[city], placed, k))
    return sorted(left, key=lambda v: (-sizes[v], v))


def neg_key(text: str) -> tuple[int, ...]:
    """Sort key making smaller ids win ties under ``max``."""
    return tuple(-ord(c) for c in text)
