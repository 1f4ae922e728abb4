"""Stage 2: pairing — units with villages on the small tables, cadres with households per partition.

Which unit assists which village, the work teams and how each unit's households are dealt to
its cadres are decided once, on the small tables (villages with their numbers of identified
households, units, cadres), by :func:`shuangdao.assignment.plan_assignment` (and, for round
3's scattered households, :func:`~shuangdao.assignment.plan_scattered`). A household's
responsible cadre then follows from its rank among its village's identified households sorted
by id, which each partition computes for its own households (:func:`pair_part`): exactly the
pairings :func:`shuangdao.assignment.assign` makes, without the province's households ever in
one place.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from shuangdao.assignment import (
    AssignmentConstraints,
    AssignmentPlan,
    CadreRow,
    UnitRow,
    plan_assignment,
    plan_scattered,
)
from shuangdao.errors import MissingParameterError, NoSolutionError
from shuangdao.model import UnitKind, UnitLevel
from shuangdao.standards.params import PairingParams

if TYPE_CHECKING:
    import datetime as dt

    from shuangdao.scenario._identification import Identified
    from shuangdao.standards import Standards

__all__ = ["KeyVillages", "Pairing", "Staff", "pair_part", "plan_pairing", "staff", "village_table"]


@dataclass(slots=True)
class _Dealing:
    """One plan flattened into arrays (unit → its cadres, dealing sizes)."""

    plan: AssignmentPlan
    unit_index: dict[str, int]
    unit_ids: pa.Array
    cadre_ids: pa.Array
    cadre_start: np.ndarray[Any, Any]
    base: np.ndarray[Any, Any]
    rest: np.ndarray[Any, Any]

    @classmethod
    def of(cls, plan: AssignmentPlan) -> _Dealing:
        units = sorted(plan.unit_cadres)
        cadres = [c for u in units for c in plan.unit_cadres[u]]
        sizes = np.asarray([len(plan.unit_cadres[u]) for u in units], dtype=np.int64)
        totals = np.asarray([plan.unit_households.get(u, 0) for u in units], dtype=np.int64)
        safe = np.maximum(sizes, 1)
        return cls(
            plan=plan,
            unit_index={u: i for i, u in enumerate(units)},
            unit_ids=pa.array(units, pa.string()),
            cadre_ids=pa.array(cadres, pa.string()),
            cadre_start=np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64),
            base=totals // safe,
            rest=totals % safe,
        )

    def deal(
        self, village_ids: Sequence[str], village: np.ndarray[Any, Any], rank: np.ndarray[Any, Any]
    ) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
        """Unit and cadre (positions in :attr:`unit_ids` / :attr:`cadre_ids`) of households.

        ``village`` indexes ``village_ids`` (``-1``: not paired by this plan); ``rank`` is
        the household's rank among its village's households by id.
        """
        n = len(village)
        unit = np.full(n, -1, dtype=np.int64)
        cadre = np.full(n, -1, dtype=np.int64)
        keys: list[int] = []
        starts: list[int] = []
        units: list[int] = []
        offsets: list[int] = []
        shares = self.plan.village_shares
        for v, village_id in enumerate(village_ids):
            for unit_id, start, _count in shares.get(village_id, ()):
                keys.append(v)
                starts.append(start)
                units.append(self.unit_index[unit_id])
                offsets.append(self.plan.unit_offsets[unit_id, village_id])
        paired = village >= 0
        if not keys or not paired.any():
            return unit, cadre
        big = int(rank.max(initial=0)) + int(max(starts, default=0)) + 1
        block_key = np.asarray(keys, dtype=np.int64) * big + np.asarray(starts, dtype=np.int64)
        order = np.argsort(block_key, kind="stable")
        block_key = block_key[order]
        where = np.searchsorted(block_key, village[paired] * big + rank[paired], side="right") - 1
        found = where >= 0
        found[found] &= (block_key[where[found]] // big) == village[paired][found]
        block = order[where[found]]
        rows = np.flatnonzero(paired)[found]
        b_unit = np.asarray(units, dtype=np.int64)[block]
        position = (
            np.asarray(offsets, dtype=np.int64)[block]
            + rank[rows]
            - np.asarray(starts, dtype=np.int64)[block]
        )
        base, rest = self.base[b_unit], self.rest[b_unit]
        head = rest * (base + 1)
        index = np.where(
            position < head,
            position // (base + 1),
            rest + (position - head) // np.maximum(base, 1),
        )
        unit[rows] = b_unit
        cadre[rows] = self.cadre_start[b_unit] + index
        return unit, cadre


@dataclass(slots=True)
class Pairing:
    """The pairing of a run, decided on the small tables (sent to every partition)."""

    plan: AssignmentPlan | None = None
    scattered: AssignmentPlan | None = None
    attempted: bool = False
    notes: list[str] = field(default_factory=list)
    synthetic_counties: frozenset[str] = frozenset()
    _dealing: _Dealing | None = None
    _scattered_dealing: _Dealing | None = None

    def __post_init__(self) -> None:
        if self.plan is not None:
            self._dealing = _Dealing.of(self.plan)
        if self.scattered is not None:
            self._scattered_dealing = _Dealing.of(self.scattered)

    @property
    def max_load(self) -> int | None:
        """Most households on one cadre (``None`` when nothing was paired)."""
        plans = [p for p in (self.plan, self.scattered) if p is not None]
        if not plans:
            return None
        return max((max(p.loads.values(), default=0) for p in plans), default=0)

    def village_units(self, village_ids: Sequence[str]) -> list[str | None]:
        """The lead unit of each village (``None`` when unpaired)."""
        teams = self.plan.village_teams if self.plan is not None else {}
        return [teams[v][0] if v in teams else None for v in village_ids]


@dataclass(slots=True)
class Staff:
    """The assisting units and cadres of a run, as validated rows.

    Attributes:
        units: The units.
        counties: Unit id → its county, for county-level units that give one (they may take
            round 3's scattered households).
        cadres: The cadres.
    """

    units: list[UnitRow]
    counties: dict[str, str]
    cadres: list[CadreRow]


def staff(units: Any, cadres: Any) -> Staff | None:
    """The units and cadres as rows (``None`` if either is missing).

    From validated ``units``/``cadres`` contract rows (dicts), or the synthetic province's own
    tables (valid by construction).
    """
    if units is None or cadres is None:
        return None
    unit_rows = units.to_pylist() if isinstance(units, pa.Table) else list(units)
    rows = [
        UnitRow(
            unit_id=row["unit_id"],
            kind=UnitKind(row["kind"]),
            level=UnitLevel(row["level"]),
            city_id=row.get("home_city_id") or row.get("city_id"),
            capacity_villages=row.get("capacity_villages"),
            capacity_cadres=row.get("capacity_cadres"),
        )
        for row in unit_rows
    ]
    counties = {row["unit_id"]: str(row["county_id"]) for row in unit_rows if row.get("county_id")}
    if isinstance(cadres, pa.Table):
        people = [
            CadreRow(c, u)
            for c, u in zip(
                cadres.column("cadre_id").to_pylist(),
                cadres.column("unit_id").to_pylist(),
                strict=True,
            )
        ]
    else:
        people = [CadreRow(c["cadre_id"], c["unit_id"]) for c in cadres]
    return Staff(rows, counties, people)


def _max_load(standards: Standards, round: int) -> tuple[int, bool]:
    """The load limit: the pairing parameter, else the round's assumed scenario value."""
    try:
        return int(standards.params.pairing.max_households_per_cadre), False
    except MissingParameterError:
        limits = standards.params.scenario.max_households_per_cadre
        if str(round) not in limits:
            key = standards.params.scenario.__class__.max_households_per_cadre
            raise MissingParameterError(
                f"has no value for round {round} (rounds: {', '.join(limits)}); set it or "
                "the pairing load limit",
                field=str(key),
                rule="standards",
            ) from None
        return int(limits[str(round)]), True


def _max_units(standards: Standards, round: int) -> tuple[int, bool]:
    """Units per village: the round's scenario value, or pairing's if that is higher."""
    base = int(standards.params.pairing.max_units_per_village)
    wanted = int(standards.params.scenario.max_units_per_village.get(str(round), 1))
    return (wanted, True) if wanted > base else (base, False)


@dataclass(slots=True)
class KeyVillages:
    """The identified villages of the whole run, in partition order (small)."""

    ids: list[str]
    counties: list[str]
    households: np.ndarray[Any, Any]


def plan_pairing(
    people: Staff | None,
    villages: KeyVillages,
    scattered: Mapping[str, Mapping[str, int]],
    *,
    round: int,
    on: dt.date,
    standards: Standards,
    synthetic: bool,
) -> Pairing:
    """Pair units with the identified villages (and round 3's scattered households).

    Args:
        people: The units and cadres (:func:`staff`), or ``None`` (then pairing is skipped,
            never invented).
        villages: The identified villages with their numbers of identified households.
        scattered: County → (village → identified households outside every identified
            village).
        round: The round.
        on: The round's first day (the pairings start).
        standards: The standards.
        synthetic: Whether the population is the built-in synthetic province (which gets
            synthetic local cadre pools for its scattered households).
    """
    from shuangdao.scenario._identification import NO_COUNTY

    if people is None:
        return Pairing(
            notes=[
                (
                    "pairing skipped: no assisting units and cadres were given (the runner "
                    "does not invent them); follow-up has no original unit"
                )
            ]
        )
    pairing = Pairing(attempted=True)
    limit, assumed = _max_load(standards, round)
    k, k_assumed = _max_units(standards, round)
    unit_list = people.units
    cadre_list = people.cadres
    if assumed:
        pairing.notes.append(
            f"pairing load limit {limit} households per cadre "
            "(scenario.max_households_per_cadre, assumed: the policy published none)"
        )
    constraints = AssignmentConstraints(max_households_per_cadre=limit, max_units_per_village=k)
    sizes = dict(zip(villages.ids, villages.households.tolist(), strict=True))
    try:
        pairing.plan = plan_assignment(
            unit_list, sizes, cadre_list, on=on, constraints=constraints, standards=standards
        )
    except NoSolutionError as error:
        pairing.notes.append(f"pairing failed: {error}")
    if pairing.plan is not None and k > 1:
        shared = [t for t in pairing.plan.village_teams.values() if len(t) > 1]
        source = (
            "scenario.max_units_per_village, assumed from SEED 专栏4: 136 units for 38 "
            "villages in Liannan"
            if k_assumed
            else str(PairingParams.max_units_per_village)
        )
        pairing.notes.append(
            f"pairing: up to {k} units per village ({source}); {len(shared):,} villages too "
            f"big for any one unit have a work team combined from "
            f"{sum(len(t) for t in shared):,} units"
        )
    _pair_scattered(
        pairing,
        people,
        by_county={c: v for c, v in scattered.items() if c != NO_COUNTY},
        no_county=sum(sum(v.values()) for c, v in scattered.items() if c == NO_COUNTY),
        round=round,
        on=on,
        constraints=constraints,
        standards=standards,
        synthetic=synthetic,
    )
    pairing.__post_init__()
    return pairing


def _pair_scattered(
    pairing: Pairing,
    people: Staff,
    *,
    by_county: Mapping[str, Mapping[str, int]],
    no_county: int,
    round: int,
    on: dt.date,
    constraints: AssignmentConstraints,
    standards: Standards,
    synthetic: bool,
) -> None:
    """Pair the identified households outside every identified village (round 3, 分散贫困户)."""
    scenario = standards.params.scenario
    key = scenario.__class__.pair_scattered_households
    rounds = standards.param(key).rounds
    total = sum(sum(v.values()) for v in by_county.values()) + no_county
    if not total or not scenario.pair_scattered_households or (rounds and round not in rounds):
        return
    limit = constraints.max_households_per_cadre
    assert limit is not None
    local: dict[str, list[UnitRow]] = {}
    local_cadres: list[CadreRow] = []
    made_up = synthetic and bool(scenario.synthetic_local_pools)
    if made_up:
        for county, villages in sorted(by_county.items()):
            unit_id = f"L-{county}"
            # a synthetic local cadre pool of the county
            local[county] = [UnitRow(unit_id, UnitKind.PARTY_GOVERNMENT_ORGAN, UnitLevel.COUNTY)]
            local_cadres.extend(
                CadreRow(f"{unit_id}-P{j:04d}", unit_id)
                for j in range(1, -(-sum(villages.values()) // limit) + 1)
            )
    else:
        used = (
            {u for t in pairing.plan.village_teams.values() for u in t}
            if pairing.plan is not None
            else set()
        )
        for unit in people.units:
            county = people.counties.get(unit.unit_id, "")
            if county and unit.level is UnitLevel.COUNTY and unit.unit_id not in used:
                local.setdefault(county, []).append(unit)
        ids = {u.unit_id for group in local.values() for u in group}
        local_cadres = [c for c in people.cadres if c.unit_id in ids]
    paired = {c: v for c, v in by_county.items() if c in local}
    missing = total - sum(sum(v.values()) for v in paired.values())
    try:
        pairing.scattered = plan_scattered(
            paired, local, local_cadres, on=on, constraints=constraints, standards=standards
        )
    except NoSolutionError as error:
        pairing.notes.append(f"pairing of scattered households failed: {error}")
        return
    text = (
        f"{total - missing:,} scattered households outside the assisted villages paired with "
        f"cadres of local county-level units of their county "
        f"(scenario.pair_scattered_households, assumed: not stated in the sources)"
    )
    if made_up:
        pairing.synthetic_counties = frozenset(paired)
        text += (
            f"; the {len(local):,} local units are synthetic cadre pools, one per county "
            f"({len(local_cadres):,} invented cadres at ≤ {limit} households each, "
            "flagged synthetic_local; scenario.synthetic_local_pools)"
        )
    pairing.notes.append(text)
    if missing:
        pairing.notes.append(
            f"{missing:,} scattered households have no responsible cadre: "
            + (f"{no_county:,} have no county; " if no_county else "")
            + "their county has no local county-level unit (a units table county_id)"
        )


def village_table(pairing: Pairing, villages: KeyVillages) -> pa.Table:
    """``pairing_villages``: each identified village's lead unit, all its units, team size."""
    plan = pairing.plan
    teams = plan.village_teams if plan is not None else {}
    team_size = [
        sum(len(plan.team_cadres.get((u, v), ())) for u in teams.get(v, ()))
        if plan is not None
        else 0
        for v in villages.ids
    ]
    return pa.table(
        {
            "village_id": pa.array(villages.ids, pa.string()),
            "county_id": pa.array(villages.counties, pa.string()),
            "unit_id": pa.array([teams[v][0] if v in teams else None for v in villages.ids]),
            "unit_ids": pa.array(
                ["+".join(teams[v]) if v in teams else None for v in villages.ids], pa.string()
            ),
            "team_size": pa.array(team_size, pa.int64()),
        },
        schema=pa.schema(
            [
                ("village_id", pa.string()),
                ("county_id", pa.string()),
                ("unit_id", pa.string()),
                ("unit_ids", pa.string()),
                ("team_size", pa.int64()),
            ]
        ),
    )


def _ranks(village: np.ndarray[Any, Any], ids: pa.Array) -> np.ndarray[Any, Any]:
    """Each household's rank among its village's households, by id."""
    n = len(village)
    if not n:
        return np.zeros(0, dtype=np.int64)
    order = np.asarray(
        pc.sort_indices(
            pa.table({"v": pa.array(village, pa.int64()), "id": ids}),
            sort_keys=[("v", "ascending"), ("id", "ascending")],
        ).to_numpy(),
        dtype=np.int64,
    )
    sorted_village = village[order]
    first = np.concatenate([[True], sorted_village[1:] != sorted_village[:-1]])
    group_start = np.maximum.accumulate(np.where(first, np.arange(n), 0))
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n) - group_start
    return rank


def pair_part(pairing: Pairing, part: Identified) -> pa.Table:
    """``pairing_households`` of one partition: each identified household's cadre and unit."""
    n = part.n_poor
    unit_ids: pa.Array = pa.nulls(n, pa.string())
    cadre_ids: pa.Array = pa.nulls(n, pa.string())
    scattered = part.poor_village < 0
    synthetic = np.zeros(n, dtype=bool)
    cadre_of = np.full(n, -1, dtype=np.int64)
    for dealing, mask, key_names in (
        (pairing._dealing, ~scattered, part.key_ids.to_pylist()),
        (pairing._scattered_dealing, scattered, None),
    ):
        if dealing is None or not mask.any():
            continue
        if key_names is None:
            # scattered households: their own villages
            village_ids = part.poor_village_ids.filter(pa.array(mask))
            found, village = np.unique(
                np.asarray(village_ids.to_pylist(), dtype=object), return_inverse=True
            )
            names: list[str] = found.tolist()
            index = np.full(n, -1, dtype=np.int64)
            index[mask] = village
        else:
            names = key_names
            index = np.where(mask, part.poor_village, -1)
        rank = np.zeros(n, dtype=np.int64)
        rank[mask] = _ranks(index[mask], part.poor_ids.filter(pa.array(mask)))
        unit, cadre = dealing.deal(names, index, rank)
        done = cadre >= 0
        cadre_of[done] = cadre[done]
        if done.any():
            take = pa.array(np.where(done, cadre, 0), pa.int64())
            cadre_ids = pc.if_else(pa.array(done), dealing.cadre_ids.take(take), cadre_ids)
            unit_take = pa.array(np.where(done, unit, 0), pa.int64())
            unit_ids = pc.if_else(pa.array(done), dealing.unit_ids.take(unit_take), unit_ids)
        if dealing is pairing._scattered_dealing and pairing.synthetic_counties:
            in_pool = pc.is_in(
                part.poor_county, value_set=pa.array(sorted(pairing.synthetic_counties))
            )
            synthetic |= done & np.asarray(in_pool.to_numpy(zero_copy_only=False), dtype=bool)
    return pa.table(
        {
            "household_id": part.poor_ids,
            "cadre_id": pa.array(cadre_ids, pa.string()),
            "unit_id": pa.array(unit_ids, pa.string()),
            "scattered": pa.array(scattered),
            "synthetic_local": pa.array(synthetic),
        }
    )
