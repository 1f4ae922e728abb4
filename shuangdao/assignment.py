"""A deterministic helper that pairs units with villages and cadres with households.

:func:`assign` takes the assisting units (with their capacities), the identified villages and
households and the units' cadres, and returns an :class:`Assignment` whose
:class:`~shuangdao.model.ResponsibilityLedger` passes the checks of
:mod:`shuangdao.rules.pairing` on the start date (every village has an assisting unit and a
resident work team, every household exactly one responsible cadre of one of its village's
units, no cadre above the load limit) — or raises :class:`~shuangdao.errors.NoSolutionError`
saying why. :func:`assign_scattered` pairs households that live outside every assisted
village (round 3's scattered poor households, 分散贫困户) with cadres of local county-level
units of their county.

How :func:`assign` works (plain Python, sorting and grouping, ``O(n log n)``):

1. Everything is sorted by id first, so the result does not depend on input order.
2. A unit can take ``min(capacity_villages, cadres)`` villages (each village needs at least
   one resident cadre of each of its units; a unit without ``capacity_villages`` takes
   ``pairing.default_capacity_villages``) and ``cadres × max_households_per_cadre``
   households; it uses its first ``capacity_cadres`` cadres by id (all if not given).
3. Villages, largest first (households, then id), go to the unit with the most household
   capacity left that still has a village slot ("worst fit decreasing", with a heap). With
   ``max_units_per_village`` = k > 1 a village larger than that unit's room gets a work team
   combined from up to k units: the units with the most room (and a free slot) are taken
   until their room covers the village, and its households are split between them in
   proportion to their room (largest remainder), so cadres of fresh units carry equal loads
   within one household. With ``keep_county_with_city`` the villages of a county first go,
   as a block, to one Pearl River Delta city's units
   (:attr:`~shuangdao.model.UnitKind.DEVELOPED_REGION_CITY` with a ``city_id``), and what
   they cannot take goes to the other units.
4. Within a unit, its cadres are split into one work team per village (at least one each,
   the rest in proportion to the unit's households there, largest remainder), and its
   households, by village then id (a shared village's households are cut into contiguous
   blocks, one per unit by unit id), are dealt out in contiguous blocks whose sizes differ by
   at most one, so loads within a unit differ by at most one.

The heuristic is greedy: with k = 1 it always succeeds when every unit can carry any single
village in every slot (``cadres ≥ slots`` and no village above the limit per cadre) and
total capacity suffices; in tighter cases it may report no solution where a cleverer packing
(a bin-packing problem) would find one. The error says which village could not be placed
and why.

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

    Two small units share a village too big for either (k = 2):

    >>> small = [AssistingUnit(unit_id=u, name=u, kind="public_institution", level="county")
    ...          for u in ("A", "B")]
    >>> staff = [Cadre(cadre_id=f"{u}{i}", unit_id=u) for u in ("A", "B") for i in (1, 2)]
    >>> shared = assign(small, ["V1"], {f"H{i}": "V1" for i in range(7)}, staff,
    ...                 on=dt.date(2010, 3, 1),
    ...                 constraints=AssignmentConstraints(max_households_per_cadre=2,
    ...                                                   max_units_per_village=2))
    >>> shared.village_teams["V1"], dict(shared.loads)
    (('A', 'B'), {'A1': 2, 'A2': 2, 'B1': 2, 'B2': 1})
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, NamedTuple

from attrs import field, frozen

from shuangdao.errors import InvalidRecordError, LedgerError, NoSolutionError
from shuangdao.model import (
    AssistingUnit,
    Cadre,
    Household,
    Pairing,
    PartyKind,
    UnitKind,
    UnitLevel,
    Village,
    WorkTeam,
)
from shuangdao.model.ledger import ResponsibilityLedger, trusted_pairing
from shuangdao.model.responsibility import TeamPosting
from shuangdao.rules.pairing import load_limit, units_limit
from shuangdao.standards import default_standards

if TYPE_CHECKING:
    from shuangdao.standards import Standards

__all__ = [
    "Assignment",
    "AssignmentConstraints",
    "AssignmentPlan",
    "CadreRow",
    "UnitRow",
    "assign",
    "assign_scattered",
    "plan_assignment",
    "plan_scattered",
]

_RULE = "assignment"
_SCATTERED_NOTE = "scattered poor households (分散贫困户) of the unit's county; no resident team"


class UnitRow(NamedTuple):
    """The fields of an assisting unit the planners read, from an already validated row.

    For bulk callers (the whole-round runner: tens of thousands of units) whose rows were
    validated by the units input contract (:data:`shuangdao.ingest.CONTRACTS`); building an
    :class:`~shuangdao.model.AssistingUnit` for each would validate them twice.
    :func:`plan_assignment` and :func:`plan_scattered` take either.
    """

    unit_id: str
    kind: UnitKind
    level: UnitLevel
    city_id: str | None = None
    capacity_villages: int | None = None
    capacity_cadres: int | None = None

    def unit(self) -> AssistingUnit:
        """The model record."""
        return AssistingUnit(
            unit_id=self.unit_id,
            name=self.unit_id,
            kind=self.kind,
            level=self.level,
            city_id=self.city_id,
            capacity_villages=self.capacity_villages,
            capacity_cadres=self.capacity_cadres,
        )


UnitLike = AssistingUnit | UnitRow
"""An assisting unit: the model record or a validated row."""


class CadreRow(NamedTuple):
    """A cadre from an already validated row (see :class:`UnitRow`)."""

    cadre_id: str
    unit_id: str

    def cadre(self) -> Cadre:
        """The model record."""
        return Cadre(cadre_id=self.cadre_id, unit_id=self.unit_id)


CadreLike = Cadre | CadreRow
"""A cadre: the model record or a validated row."""


@frozen
class AssignmentConstraints:
    """Options of :func:`assign` and :func:`assign_scattered`.

    Attributes:
        max_households_per_cadre: Load limit; ``None`` reads
            ``pairing.max_households_per_cadre`` (which has no default: the policy never
            published one).
        keep_county_with_city: Keep the villages of a county that go to Pearl River Delta
            city units (对口帮扶) with units of one city.
        max_units_per_village: How many units may share one village (a combined work team);
            ``None`` reads ``pairing.max_units_per_village`` (1, assumed; the limit of the
            rule ``pairing.units_per_village``, which flags villages above it — a larger
            value here makes villages the default rule will flag).
    """

    max_households_per_cadre: int | None = None
    keep_county_with_city: bool = False
    max_units_per_village: int | None = None


def _mapping(value: Mapping[str, str]) -> Mapping[str, str]:
    """Freeze a mapping."""
    return MappingProxyType(dict(value))


def _loads(value: Mapping[str, int]) -> Mapping[str, int]:
    """Freeze a mapping."""
    return MappingProxyType(dict(value))


def _team_units(value: Mapping[str, tuple[str, ...]]) -> Mapping[str, tuple[str, ...]]:
    """Freeze a mapping of tuples."""
    return MappingProxyType({k: tuple(v) for k, v in value.items()})


@frozen(eq=False)
class Assignment:
    """The result of :func:`assign` or :func:`assign_scattered`.

    Attributes:
        ledger: The ledger with the pairings, teams and register.
        on: The date the pairings start.
        max_households_per_cadre: The load limit used.
        village_units: Village id → its lead unit (the unit carrying most of the village's
            households, then the smallest id; the only unit when the village has one).
        loads: Cadre id → households on ``on`` (cadres of every unit, 0 if unused).
        village_teams: Village id → every unit assisting it, lead unit first, then by
            households carried and id (one unit unless ``max_units_per_village`` > 1).
    """

    ledger: ResponsibilityLedger
    on: dt.date
    max_households_per_cadre: int
    village_units: Mapping[str, str] = field(converter=_mapping)
    loads: Mapping[str, int] = field(converter=_loads)
    village_teams: Mapping[str, tuple[str, ...]] = field(factory=dict, converter=_team_units)

    @property
    def pairings(self) -> tuple[Pairing, ...]:
        """Every pairing made (unit → village, then cadre → household)."""
        return self.ledger.pairings

    @property
    def teams(self) -> tuple[WorkTeam, ...]:
        """The work teams made, one per unit and village (none for scattered households)."""
        return tuple(t.team for t in self.ledger.teams)


@frozen(eq=False)
class AssignmentPlan:
    """Who assists each village and which cadre each household gets, without the households.

    :func:`plan_assignment` and :func:`plan_scattered` decide everything from the number of
    households of each village: the villages' units and work teams, and for every unit the
    contiguous block of its households each village gives it. A household's responsible
    cadre then follows from its rank among its village's households sorted by id
    (:meth:`responsible`), so a province can be paired village by village, in partitions,
    with exactly the result :func:`assign` and :func:`assign_scattered` give (they are built
    on these plans).

    Attributes:
        on: The date the pairings start.
        max_households_per_cadre: The load limit used.
        max_units_per_village: The units-per-village limit used.
        village_teams: Village id → its units, lead first.
        village_shares: Village id → ``(unit id, start, count)`` per unit, by unit id: the
            unit carries the village's households ``start`` to ``start + count - 1`` (by id).
        unit_offsets: ``(unit id, village id)`` → the position of that block's first
            household among all the unit's households (its villages by id, then by id).
        unit_cadres: Unit id → the cadres it deals households to (its first
            ``capacity_cadres`` by id).
        unit_households: Unit id → households it carries.
        team_cadres: ``(unit id, village id)`` → the unit's resident work team there
            (empty for scattered households).
        units: The units, by id.
        cadres: The cadres, by id.
        note: Note of the unit → village pairings (scattered households), if any.
    """

    on: dt.date
    max_households_per_cadre: int
    max_units_per_village: int
    village_teams: Mapping[str, tuple[str, ...]]
    village_shares: Mapping[str, tuple[tuple[str, int, int], ...]]
    unit_offsets: Mapping[tuple[str, str], int]
    unit_cadres: Mapping[str, tuple[str, ...]]
    unit_households: Mapping[str, int]
    team_cadres: Mapping[tuple[str, str], tuple[str, ...]]
    units: tuple[UnitLike, ...]
    cadres: tuple[CadreLike, ...]
    note: str | None = None

    def cadre_index(self, unit_id: str, position: int) -> int:
        """Index among :attr:`unit_cadres` of the cadre of the unit's ``position``-th household.

        Households are dealt in contiguous blocks whose sizes differ by at most one (the
        first ``households mod cadres`` cadres take one more).
        """
        base, rest = divmod(self.unit_households[unit_id], len(self.unit_cadres[unit_id]))
        head = rest * (base + 1)
        return position // (base + 1) if position < head else rest + (position - head) // base

    def responsible(self, village_id: str, rank: int) -> tuple[str, str]:
        """``(unit id, cadre id)`` of the village's household of ``rank`` (0-based, by id)."""
        for unit_id, start, count in self.village_shares[village_id]:
            if start <= rank < start + count:
                position = self.unit_offsets[unit_id, village_id] + rank - start
                return unit_id, self.unit_cadres[unit_id][self.cadre_index(unit_id, position)]
        raise IndexError(f"village {village_id} has no household of rank {rank}")

    @property
    def loads(self) -> dict[str, int]:
        """Cadre id → households (every cadre of every unit, 0 if unused)."""
        loads = dict.fromkeys((c.cadre_id for c in self.cadres), 0)
        for unit_id, cadres in self.unit_cadres.items():
            total = self.unit_households.get(unit_id, 0)
            if not total:
                continue
            base, rest = divmod(total, len(cadres))
            for i, cadre_id in enumerate(cadres):
                loads[cadre_id] = base + (1 if i < rest else 0)
        return loads

    @property
    def village_units(self) -> dict[str, str]:
        """Village id → its lead unit."""
        return {v: team[0] for v, team in self.village_teams.items()}


class _Unit:
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


Placed = dict[str, list[tuple[_Unit, int]]]


def _pack(
    order: list[str], sizes: Mapping[str, int], pool: list[_Unit], placed: Placed, k: int = 1
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
        taken: list[_Unit] = []
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
        shares = _largest_remainder(size, [u.room for u in taken])
        team = sorted(zip(taken, shares, strict=True), key=lambda t: (-t[1], t[0].unit_id))
        for unit, share in team:
            unit.take(village_id, share)
            if len(unit.villages) < unit.slots:
                heapq.heappush(heap, (-unit.room, unit.unit_id, unit))
        placed[village_id] = team
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


def _max_units(options: AssignmentConstraints, std: Standards) -> int:
    """The units-per-village limit: the constraint, else ``pairing.max_units_per_village``."""
    k = options.max_units_per_village
    if k is None:
        return units_limit(std)
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise InvalidRecordError(
            "must be a positive integer", field="max_units_per_village", value=k, rule=_RULE
        )
    return k


def _normalise(
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
    unit_cadres, cadre_list = _cadres_by_unit(unit_ids, cadres)
    return unit_list, county, household_villages, unit_cadres, cadre_list


def _cadres_by_unit(
    unit_ids: set[str], cadres: Iterable[CadreLike]
) -> tuple[dict[str, list[str]], list[CadreLike]]:
    """Unit → its cadre ids (sorted), and the cadres sorted by id; checks references."""
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
    return unit_cadres, cadre_list


def _no_room(village_id: str, size: int, state: list[_Unit], limit: int, k: int) -> NoSolutionError:
    """Explain why ``village_id`` could not be placed."""
    free = [u for u in state if len(u.villages) < u.slots]
    if not free:
        return NoSolutionError(
            f"with {size:,} households could not be placed: every unit's village slots are used",
            record=f"village {village_id}",
            rule=_RULE,
        )
    if k == 1:
        best = max(free, key=lambda u: (u.room, u.unit_id))
        return NoSolutionError(
            f"with {size:,} households could not be placed (the roomiest unit with a free "
            f"village slot is too small): unit {best.unit_id} has {len(best.cadres):,} cadres "
            f"for {best.load + size:,} households with max {limit} per cadre "
            f"(room for {best.room:,} more; max 1 unit per village)",
            record=f"village {village_id}",
            rule=_RULE,
        )
    best_k = sorted(free, key=lambda u: (-u.room, u.unit_id))[:k]
    room = sum(max(0, u.room) for u in best_k)
    return NoSolutionError(
        f"with {size:,} households could not be placed (the {len(best_k)} roomiest units with "
        f"a free village slot are too small, max {k} units per village): units "
        f"{', '.join(u.unit_id for u in best_k)} have room for {room:,} more households with "
        f"max {limit} per cadre, short by {size - room:,}",
        record=f"village {village_id}",
        rule=_RULE,
    )


def _shares(placed: Placed) -> dict[str, tuple[tuple[str, int, int], ...]]:
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


def _teams_of(placed: Placed) -> dict[str, tuple[str, ...]]:
    """Village → unit ids, lead first (placed lists are kept in that order)."""
    return {v: tuple(u.unit_id for u, _ in team) for v, team in sorted(placed.items())}


def _plan(  # noqa: PLR0917 - private; the two planners share it
    state: list[_Unit],
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
            extra = _largest_remainder(
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
        village_teams=MappingProxyType(_teams_of(placed)),
        village_shares=MappingProxyType(_shares(placed)),
        unit_offsets=MappingProxyType(offsets),
        unit_cadres=MappingProxyType({u.unit_id: tuple(u.cadres) for u in state}),
        unit_households=MappingProxyType(unit_households),
        team_cadres=MappingProxyType(team_cadres),
        units=tuple(units),
        cadres=tuple(cadres),
        note=note,
    )


def _deal(
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


def _unit_households(
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


def _unit_villages(plan: AssignmentPlan) -> dict[str, list[str]]:
    """Unit id → its villages, by id."""
    found: dict[str, list[str]] = {}
    for unit_id, village_id in sorted(plan.unit_offsets):
        found.setdefault(unit_id, []).append(village_id)
    return found


def _check_capacity(state: list[_Unit], n_villages: int, n_households: int, limit: int) -> None:
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


def _sizes(sizes: Mapping[str, int]) -> dict[str, int]:
    """Village → households, checked (non-negative integers)."""
    checked: dict[str, int] = {}
    for village_id, size in sizes.items():
        if isinstance(size, bool) or not isinstance(size, int) or size < 0:
            raise InvalidRecordError(
                "must be a non-negative number of households",
                record=f"village {village_id}",
                field="households",
                value=size,
                rule=_RULE,
            )
        checked[village_id] = size
    return checked


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
    sizes = _sizes(villages)
    county = {v: (counties or {}).get(v) for v in sizes}
    unit_list, _, _, unit_cadres, cadre_list = _normalise(units, [], {}, cadres)
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
    k = _max_units(options, std)
    default_slots = std.params.pairing.default_capacity_villages
    state = [_Unit(u, unit_cadres[u.unit_id], default_slots, limit) for u in unit_list]
    _check_capacity(state, len(sizes), sum(sizes.values()), limit)
    order = sorted(sizes, key=lambda v: (-sizes[v], v))
    placed: Placed = {}
    if options.keep_county_with_city:
        left = _pack_by_county(order, county, sizes, state, placed, k)
        left = _pack(left, sizes, [u for u in state if u.city_id is None], placed, k)
    else:
        left = _pack(order, sizes, state, placed, k)
    if left:
        raise _no_room(left[0], sizes[left[0]], state, limit, k)
    return _plan(state, placed, unit_list, cadre_list, on, limit, k, teams=True)


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
    unit_list, county, household_villages, unit_cadres, cadre_list = _normalise(
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
    for unit_id, unit_villages in sorted(_unit_villages(plan).items()):
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
        ordered = _unit_households(plan, unit_id, unit_villages, by_village)
        _deal(plan.unit_cadres[unit_id], ordered, on, pairings)

    ledger = ResponsibilityLedger(
        village_ids=tuple(county),
        household_villages=household_villages,
        units=unit_list,
        cadres=cadre_list,
        pairings=pairings,
        teams=postings,
    )
    return _assignment(plan, ledger)


def _assignment(plan: AssignmentPlan, ledger: ResponsibilityLedger) -> Assignment:
    return Assignment(
        ledger=ledger,
        on=plan.on,
        max_households_per_cadre=plan.max_households_per_cadre,
        village_units=plan.village_units,
        loads=plan.loads,
        village_teams=plan.village_teams,
    )


def _pack_by_county(  # noqa: PLR0917 - private
    order: list[str],
    county: Mapping[str, str | None],
    sizes: Mapping[str, int],
    state: list[_Unit],
    placed: Placed,
    k: int,
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
        left.extend(_pack(counties[county_id], sizes, cities[city], placed, k))
    return sorted(left, key=lambda v: (-sizes[v], v))


def _neg(text: str) -> tuple[int, ...]:
    """Sort key making smaller ids win ties under ``max``."""
    return tuple(-ord(c) for c in text)


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
        for village_id, size in _sizes(villages_by_county[county_id]).items():
            if village_county.setdefault(village_id, county_id) != county_id:
                raise LedgerError(
                    f"is given in counties {village_county[village_id]} and {county_id}",
                    record=f"village {village_id}",
                    rule=_RULE,
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
                raise LedgerError("is given twice", record=record, rule=_RULE)
            if unit.level is not UnitLevel.COUNTY:
                raise LedgerError(
                    "is not a county-level (local) unit",
                    record=record,
                    field="level",
                    value=unit.level.value,
                    rule=_RULE,
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
    k = _max_units(options, std)
    unit_county, unit_list = _local_units(local_units)
    unit_cadres, cadre_list = _cadres_by_unit(set(unit_county), cadres)
    county_villages: dict[str, list[str]] = {}
    for village_id in sizes:
        county_villages.setdefault(village_county[village_id], []).append(village_id)
    state = {u.unit_id: _Unit(u, unit_cadres[u.unit_id], 0, limit) for u in unit_list}
    pools: dict[str, list[_Unit]] = {}
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
                rule=_RULE,
            )
        left = _pack(order, sizes, pool, placed, k)
        if left:
            raise _no_room(left[0], sizes[left[0]], pool, limit, k)
    return _plan(
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
                raise LedgerError("is given twice", record=f"household {household_id}", rule=_RULE)
            if village_county.setdefault(village_id, county_id) != county_id:
                raise LedgerError(
                    f"is given in counties {village_county[village_id]} and {county_id}",
                    record=f"village {village_id}",
                    rule=_RULE,
                )
            household_villages[household_id] = village_id
    by_village: dict[str, list[str]] = {}
    for household_id, village_id in household_villages.items():
        by_village.setdefault(village_id, []).append(household_id)
    sizes = {v: len(h) for v, h in by_village.items()}
    plan = _plan_scattered(village_county, sizes, local_units, cadres, on, options, std)

    unit_pairings: list[Pairing] = []
    pairings: list[Pairing] = []
    for unit_id, unit_villages in sorted(_unit_villages(plan).items()):
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
        ordered = _unit_households(plan, unit_id, unit_villages, by_village)
        _deal(plan.unit_cadres[unit_id], ordered, on, pairings)

    ledger = ResponsibilityLedger(
        village_ids=tuple(by_village),
        household_villages=household_villages,
        units=list(plan.units),
        cadres=list(plan.cadres),
        pairings=[*unit_pairings, *pairings],
    )
    return _assignment(plan, ledger)
