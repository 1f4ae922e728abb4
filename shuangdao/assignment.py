"""A deterministic helper that pairs units with villages and cadres with households.

:func:`assign` takes the assisting units (with their capacities), the identified villages and
households and the units' cadres, and returns an :class:`Assignment` whose
:class:`~shuangdao.ledger.ResponsibilityLedger` passes the checks of
:mod:`shuangdao.rules.pairing` on the start date (every village has one assisting unit and a
resident work team, every household exactly one responsible cadre, no cadre above the load
limit) — or raises :class:`~shuangdao.errors.NoSolutionError` saying why.

How it works (plain Python, sorting and grouping, ``O(n log n)``):

1. Everything is sorted by id first, so the result does not depend on input order.
2. A unit can take ``min(capacity_villages, cadres)`` villages (each village needs at least
   one resident cadre; a unit without ``capacity_villages`` takes
   ``pairing.default_capacity_villages``) and ``cadres × max_households_per_cadre``
   households; it uses its first ``capacity_cadres`` cadres by id (all if not given).
3. Villages, largest first (households, then id), go to the unit with the most household
   capacity left that still has a village slot ("worst fit decreasing", with a heap); with
   ``keep_county_with_city`` the villages of a county first go, as a block, to one
   Pearl River Delta city's units (:attr:`~shuangdao.model.UnitKind.DEVELOPED_REGION_CITY`
   with a ``city_id``), and what they cannot take goes to the other units.
4. Within a unit, its cadres are split into one work team per village (at least one each,
   the rest in proportion to households, largest remainder), and its households, by village
   then id, are dealt out in contiguous blocks whose sizes differ by at most one, so loads
   within a unit differ by at most one.

The heuristic is greedy: it always succeeds when every unit can carry any single village in
every slot (``cadres ≥ slots`` and no village above the limit per cadre) and total capacity
suffices; in tighter cases it may report no solution where a cleverer packing (a bin-packing
problem) would find one. The error says which village could not be placed and why.

Example:
    >>> import datetime as dt
    >>> from shuangdao.model import AssistingUnit, Cadre
    >>> units = [AssistingUnit(unit_id="U1", name="u", kind="public_institution",
    ...                        level="county", capacity_villages=2)]
    >>> cadres = [Cadre(cadre_id=f"R{i}", unit_id="U1") for i in range(3)]
    >>> result = assign(units, ["V1", "V2"], {"H1": "V1", "H2": "V1", "H3": "V2"}, cadres,
    ...                 on=dt.date(2010, 3, 1),
    ...                 constraints=AssignmentConstraints(max_households_per_cadre=2))
    >>> result.village_units["V2"]
    'U1'
    >>> result.ledger.responsible_cadre("H3", dt.date(2010, 3, 1)).cadre_id
    'R2'
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

from attrs import field, frozen

from shuangdao.errors import LedgerError, NoSolutionError
from shuangdao.ledger import ResponsibilityLedger, TeamPosting, _trusted_pairing
from shuangdao.model import (
    AssistingUnit,
    Cadre,
    Household,
    Pairing,
    PartyKind,
    UnitKind,
    Village,
    WorkTeam,
)
from shuangdao.rules.pairing import load_limit
from shuangdao.standards import default_standards

if TYPE_CHECKING:
    from shuangdao.standards import Standards

__all__ = ["Assignment", "AssignmentConstraints", "assign"]

_RULE = "assignment"


@frozen
class AssignmentConstraints:
    """Options of :func:`assign`.

    Attributes:
        max_households_per_cadre: Load limit; ``None`` reads
            ``pairing.max_households_per_cadre`` (which has no default: the policy never
            published one).
        keep_county_with_city: Keep the villages of a county that go to Pearl River Delta
            city units (对口帮扶) with units of one city.
    """

    max_households_per_cadre: int | None = None
    keep_county_with_city: bool = False


def _mapping(value: Mapping[str, str]) -> Mapping[str, str]:
    """Freeze a mapping."""
    return MappingProxyType(dict(value))


def _loads(value: Mapping[str, int]) -> Mapping[str, int]:
    """Freeze a mapping."""
    return MappingProxyType(dict(value))


@frozen(eq=False)
class Assignment:
    """The result of :func:`assign`.

    Attributes:
        ledger: The ledger with the pairings, teams and register.
        on: The date the pairings start.
        max_households_per_cadre: The load limit used.
        village_units: Village id → unit id.
        loads: Cadre id → households on ``on`` (cadres of every unit, 0 if unused).
    """

    ledger: ResponsibilityLedger
    on: dt.date
    max_households_per_cadre: int
    village_units: Mapping[str, str] = field(converter=_mapping)
    loads: Mapping[str, int] = field(converter=_loads)

    @property
    def pairings(self) -> tuple[Pairing, ...]:
        """Every pairing made (unit → village, then cadre → household)."""
        return self.ledger.pairings

    @property
    def teams(self) -> tuple[WorkTeam, ...]:
        """The work teams made, one per village."""
        return tuple(t.team for t in self.ledger.teams)


class _Unit:
    """Mutable packing state of one unit (private)."""

    __slots__ = ("cadres", "capacity", "city_id", "load", "slots", "unit_id", "villages")

    def __init__(
        self, unit: AssistingUnit, cadres: list[str], default_slots: int, limit: int
    ) -> None:
        if unit.capacity_cadres is not None:
            cadres = cadres[: unit.capacity_cadres]
        self.unit_id = unit.unit_id
        self.cadres = cadres
        wanted = default_slots if unit.capacity_villages is None else unit.capacity_villages
        self.slots = min(wanted, len(cadres))
        self.capacity = len(cadres) * limit
        self.load = 0
        self.villages: list[str] = []
        self.city_id = unit.city_id if unit.kind is UnitKind.DEVELOPED_REGION_CITY else None


def _pack(
    order: list[str], sizes: Mapping[str, int], pool: list[_Unit], placed: dict[str, _Unit]
) -> list[str]:
    """Worst-fit-decreasing: place villages of ``order`` in ``pool``; return those left over."""
    heap = [(-(u.capacity - u.load), u.unit_id, u) for u in pool if len(u.villages) < u.slots]
    heapq.heapify(heap)
    left: list[str] = []
    for village_id in order:
        size = sizes[village_id]
        if not heap or -heap[0][0] < size:
            left.append(village_id)
            continue
        _, _, unit = heapq.heappop(heap)
        unit.villages.append(village_id)
        unit.load += size
        placed[village_id] = unit
        if len(unit.villages) < unit.slots:
            heapq.heappush(heap, (-(unit.capacity - unit.load), unit.unit_id, unit))
    return left


def _largest_remainder(total: int, weights: list[int]) -> list[int]:
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


def _normalise(
    units: Iterable[AssistingUnit],
    villages: Iterable[Village | str],
    households: Iterable[Household] | Mapping[str, str],
    cadres: Iterable[Cadre],
) -> tuple[
    list[AssistingUnit], dict[str, str | None], dict[str, str], dict[str, list[str]], list[Cadre]
]:
    """Sort inputs by id and check references.

    Returns:
        Units, village → county, household → village, unit → cadre ids, cadres.
    """
    unit_list = sorted(units, key=lambda u: u.unit_id)
    unit_ids: set[str] = set()
    for unit in unit_list:
        if unit.unit_id in unit_ids:
            raise LedgerError("is given twice", record=f"assisting unit {unit.unit_id}", rule=_RULE)
        unit_ids.add(unit.unit_id)
    county: dict[str, str | None] = {}
    for village in villages:
        village_id = village.village_id if isinstance(village, Village) else village
        if village_id in county:
            raise LedgerError("is given twice", record=f"village {village_id}", rule=_RULE)
        county[village_id] = village.county_id if isinstance(village, Village) else None
    pairs = (
        households.items()
        if isinstance(households, Mapping)
        else ((h.household_id, h.village_id) for h in households)
    )
    household_villages: dict[str, str] = {}
    for household_id, village_id in pairs:
        if household_id in household_villages:
            raise LedgerError("is given twice", record=f"household {household_id}", rule=_RULE)
        if village_id not in county:
            raise LedgerError(
                "is not one of the villages to assign",
                record=f"household {household_id}",
                field="village_id",
                value=village_id,
                rule=_RULE,
            )
        household_villages[household_id] = village_id
    unit_cadres: dict[str, list[str]] = {u: [] for u in sorted(unit_ids)}
    seen: set[str] = set()
    cadre_list = sorted(cadres, key=lambda c: c.cadre_id)
    for cadre in cadre_list:
        if cadre.cadre_id in seen:
            raise LedgerError("is given twice", record=f"cadre {cadre.cadre_id}", rule=_RULE)
        seen.add(cadre.cadre_id)
        if cadre.unit_id not in unit_cadres:
            raise LedgerError(
                "is not one of the units given",
                record=f"cadre {cadre.cadre_id}",
                field="unit_id",
                value=cadre.unit_id,
                rule=_RULE,
            )
        unit_cadres[cadre.unit_id].append(cadre.cadre_id)
    return unit_list, county, household_villages, unit_cadres, cadre_list


def _no_room(village_id: str, size: int, state: list[_Unit], limit: int) -> NoSolutionError:
    """Explain why ``village_id`` could not be placed."""
    free = [u for u in state if len(u.villages) < u.slots]
    if not free:
        return NoSolutionError(
            f"with {size:,} households could not be placed: every unit's village slots are used",
            record=f"village {village_id}",
            rule=_RULE,
        )
    best = max(free, key=lambda u: (u.capacity - u.load, u.unit_id))
    return NoSolutionError(
        f"with {size:,} households could not be placed (the roomiest unit with a free village "
        f"slot is too small): unit {best.unit_id} has {len(best.cadres):,} cadres for "
        f"{best.load + size:,} households with max {limit} per cadre "
        f"(room for {best.capacity - best.load:,} more)",
        record=f"village {village_id}",
        rule=_RULE,
    )


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
            ``pairing.default_capacity_villages`` and ``pairing.max_units_per_village``.

    Returns:
        An :class:`Assignment` whose ledger passes the village, household and load checks
        of :mod:`shuangdao.rules.pairing` on ``on``.

    Raises:
        NoSolutionError: Capacity is short (the message gives the shortfall) or a village
            cannot be placed (the message names it and the roomiest unit).
        MissingParameterError: No load limit given and none in the standards.
        LedgerError: A repeated id, a household of an unknown village, a cadre of an unknown
            unit.
    """
    std = default_standards() if standards is None else standards
    options = constraints or AssignmentConstraints()
    limit, _, _ = load_limit(options.max_households_per_cadre, std)
    default_slots = int(std.value("pairing.default_capacity_villages"))
    unit_list, county, household_villages, unit_cadres, cadre_list = _normalise(
        units, villages, households, cadres
    )

    by_village: dict[str, list[str]] = {v: [] for v in county}
    for household_id, village_id in household_villages.items():
        by_village[village_id].append(household_id)
    sizes = {v: len(h) for v, h in by_village.items()}
    state = [_Unit(u, unit_cadres[u.unit_id], default_slots, limit) for u in unit_list]

    n_villages, n_households = len(county), len(household_villages)
    slots = sum(u.slots for u in state)
    if slots < n_villages:
        raise NoSolutionError(
            f"total village capacity {slots:,} is short of {n_villages:,} villages by "
            f"{n_villages - slots:,} (a unit takes at most min(capacity_villages, cadres) "
            "villages: each village needs a resident cadre)",
            rule=_RULE,
        )
    n_cadres = sum(len(u.cadres) for u in state)
    if n_cadres * limit < n_households:
        raise NoSolutionError(
            f"total cadre capacity {n_cadres:,} cadres × {limit} = {n_cadres * limit:,} "
            f"households is short of {n_households:,} households by "
            f"{n_households - n_cadres * limit:,}",
            rule=_RULE,
        )

    order = sorted(county, key=lambda v: (-sizes[v], v))
    placed: dict[str, _Unit] = {}
    if options.keep_county_with_city:
        left = _pack_by_county(order, county, sizes, state, placed)
        left = _pack(left, sizes, [u for u in state if u.city_id is None], placed)
    else:
        left = _pack(order, sizes, state, placed)
    if left:
        raise _no_room(left[0], sizes[left[0]], state, limit)

    pairings: list[Pairing] = []
    postings: list[TeamPosting] = []
    unit_kind, village_kind = PartyKind.UNIT, PartyKind.VILLAGE
    cadre_kind, household_kind = PartyKind.CADRE, PartyKind.HOUSEHOLD
    loads = dict.fromkeys((c.cadre_id for c in cadre_list), 0)
    for unit in state:
        if not unit.villages:
            continue
        unit_villages = sorted(unit.villages)
        extra = _largest_remainder(
            len(unit.cadres) - len(unit_villages), [sizes[v] for v in unit_villages]
        )
        start = 0
        for village_id, more in zip(unit_villages, extra, strict=True):
            team = unit.cadres[start : start + 1 + more]
            start += 1 + more
            pairings.append(
                _trusted_pairing(
                    f"UV-{unit.unit_id}-{village_id}",
                    unit_kind,
                    unit.unit_id,
                    village_kind,
                    village_id,
                    on,
                )
            )
            postings.append(
                TeamPosting(
                    team=WorkTeam(
                        team_id=f"T-{unit.unit_id}-{village_id}",
                        unit_id=unit.unit_id,
                        village_id=village_id,
                        cadre_ids=team,
                        leader_id=team[0],
                    ),
                    valid_from=on,
                )
            )
        ordered = [h for v in unit_villages for h in sorted(by_village[v])]
        base, rest = divmod(len(ordered), len(unit.cadres))
        position = 0
        for i, cadre_id in enumerate(unit.cadres):
            size = base + (1 if i < rest else 0)
            pairings.extend(
                _trusted_pairing(
                    f"CH-{household_id}", cadre_kind, cadre_id, household_kind, household_id, on
                )
                for household_id in ordered[position : position + size]
            )
            loads[cadre_id] = size
            position += size

    ledger = ResponsibilityLedger(
        max_units_per_village=int(std.value("pairing.max_units_per_village")),
        village_ids=tuple(county),
        household_villages=household_villages,
        units=unit_list,
        cadres=cadre_list,
        pairings=pairings,
        teams=postings,
    )
    return Assignment(
        ledger=ledger,
        on=on,
        max_households_per_cadre=limit,
        village_units={v: u.unit_id for v, u in sorted(placed.items())},
        loads=loads,
    )


def _pack_by_county(
    order: list[str],
    county: Mapping[str, str | None],
    sizes: Mapping[str, int],
    state: list[_Unit],
    placed: dict[str, _Unit],
) -> list[str]:
    """Give each county's villages to one PRD city's units; return villages left over."""
    cities: dict[str, list[_Unit]] = {}
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
        _, _, city = max(room, key=lambda r: (r[1], r[0], _neg(r[2])))
        left.extend(_pack(counties[county_id], sizes, cities[city], placed))
    return sorted(left, key=lambda v: (-sizes[v], v))


def _neg(text: str) -> tuple[int, ...]:
    """Sort key making smaller ids win ties under ``max``."""
    return tuple(-ord(c) for c in text)
