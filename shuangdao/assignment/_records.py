"""The records of the assignment helper: inputs, options, the plan and the result (private)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, NamedTuple

from attrs import field, frozen

from shuangdao.model import (
    AssistingUnit,
    Cadre,
    Pairing,
    UnitKind,
    UnitLevel,
    WorkTeam,
)
from shuangdao.model.ledger import ResponsibilityLedger

if TYPE_CHECKING:
    pass

__all__ = [
    "Assignment",
    "AssignmentConstraints",
    "AssignmentPlan",
    "CadreLike",
    "CadreRow",
    "UnitLike",
    "UnitRow",
]


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
