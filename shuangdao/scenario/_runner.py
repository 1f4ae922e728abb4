"""The whole-round runner: identify → pair → plan → assessments → settlement → follow-up."""

from __future__ import annotations

import decimal
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from shuangdao.batch import BatchResult, identify
from shuangdao.calendar import round_calendar
from shuangdao.declare import BoundCompare, BoundShare, kernel
from shuangdao.errors import (
    InvalidTypeError,
    MissingParameterError,
    NoSolutionError,
    UnknownReferenceError,
)
from shuangdao.explain import Decision
from shuangdao.ingest._schema import CADRES, UNITS, Contract
from shuangdao.ingest._table import read_rows, read_source
from shuangdao.model import (
    AssistingUnit,
    Cadre,
    HouseholdIncomeHistory,
    IndicatorResult,
    PartyKind,
    UnitKind,
    UnitLevel,
    VillageIncomeHistory,
)
from shuangdao.rules.assessment import assess, scoring_model
from shuangdao.rules.progress import VILLAGE_TARGETS, exit_rule, household_exit
from shuangdao.rules.settlement import SETTLEMENT
from shuangdao.scenario._growth import (
    GrowthModel,
    draw_measures,
    fen_times,
    growth_factor,
    ramp_fraction,
    transfer_years,
)
from shuangdao.scenario._result import RoundResult, RoundSummary, count_true
from shuangdao.standards import Standards, default_standards

if TYPE_CHECKING:
    from shuangdao.assignment import Assignment, AssignmentConstraints

__all__ = ["Population", "Progress", "load_population", "run_round"]

Progress = Callable[[str, int, int], None]
"""Progress callback: ``progress(stage, done, total)``; called at the start (0) and end."""

_MONEY = pa.decimal128(15, 2)
_NO_COUNTY = "(none)"
# spawn keys of the run's random streams (one per kind of draw)
_PLAN_H, _PLAN_V, _TRANSFER, _EVIDENCE = 1, 2, 3, 4


@dataclass(slots=True)
class Population:
    """A population to run: the identify-contract tables plus what the runner can use.

    Attributes:
        villages: Villages (table, DataFrame or path) with the identify columns of the round.
        households: Households, likewise.
        units: Assisting units (``unit_id``, ``kind``, ``level``, ``home_city_id``,
            ``capacity_villages``, ``capacity_cadres``) or ``None``.
        cadres: Cadres (``cadre_id``, ``unit_id``) or ``None``.
        village_years: Full village table with ``per_capita_income_<year>`` /
            ``collective_income_<year>`` columns (the synthetic province), or ``None``.
        household_years: Full household table with ``income_<year>`` columns, or ``None``.
        source: Description of the population.
    """

    villages: Any
    households: Any
    units: Any = None
    cadres: Any = None
    village_years: Any = None
    household_years: Any = None
    source: str = "user data"


def _read_table(value: Any) -> Any:
    """A path read as a table with the input contract's reader (CSV cells as text)."""
    if isinstance(value, str | Path):
        return read_source(value, name=Path(value).stem).table
    return value


def _rows(value: Any, contract: Contract) -> list[dict[str, Any]] | None:
    """Units or cadres as validated rows (read once; every bad row named at once)."""
    if value is None or isinstance(value, list):
        return value
    return read_rows(value, contract)


def load_population(
    population: Any, *, round: int, scale: float, seed: int, progress: Progress | None = None
) -> Population:
    """Turn ``run_round``'s ``population`` argument into a :class:`Population`."""
    from shuangdao.synth import SyntheticProvince, generate_province

    if population is None:
        if progress:
            progress("generate", 0, 1)
        population = generate_province(seed=seed, scale=scale)
        if progress:
            progress("generate", 1, 1)
    if isinstance(population, Population):
        return population
    if isinstance(population, SyntheticProvince):
        villages, households = population.round_inputs(round)
        return Population(
            villages=villages,
            households=households,
            units=population.units,
            cadres=population.cadres,
            village_years=population.villages,
            household_years=population.households,
            source=f"synthetic province, seed {population.seed}, scale {population.scale:g}",
        )
    if isinstance(population, tuple | list) and len(population) in (2, 4):
        parts = list(population)
        villages, households = parts[0], parts[1]
        units = _rows(parts[2], UNITS) if len(parts) == 4 else None
        cadres = _rows(parts[3], CADRES) if len(parts) == 4 else None
        return Population(
            villages=villages,
            households=households,
            units=units,
            cadres=cadres,
            source="user data",
        )
    raise InvalidTypeError(
        "must be None, a SyntheticProvince, or (villages, households[, units, cadres])",
        field="population",
        value=type(population).__name__,
    )


def _fen(column: Any) -> np.ndarray[Any, Any]:
    """A decimal (yuan) Arrow column as integer fen (exact)."""
    column = pc.cast(column, _MONEY)
    scaled = pc.multiply(column, pa.scalar(Decimal(100), pa.decimal128(5, 0)))
    return np.asarray(pc.cast(scaled, pa.int64()).to_numpy(zero_copy_only=False), dtype=np.int64)


def _money_array(fen: np.ndarray[Any, Any]) -> pa.Array:
    """Integer fen → ``decimal128(15, 2)`` yuan, exactly (the fen are the unscaled value)."""
    values = np.asarray(fen)
    if values.dtype == object:
        return pa.array([Decimal(int(v)).scaleb(-2) for v in values], _MONEY)
    n = len(values)
    words = np.empty((n, 2), dtype=np.int64)
    words[:, 0] = values
    words[:, 1] = values >> 63
    return pa.Array.from_buffers(_MONEY, n, [None, pa.py_buffer(words)])


_QUANTUM = Decimal("0.001")


def _achieved(value: Decimal, target: Decimal) -> Decimal:
    """Share of an assessment target reached (to 0.001); a target of zero is always reached.

    A scenario may set a target (a share, a line, an amount) to zero: nothing is then
    required, so the indicator is fully achieved rather than undefined.
    """
    if target == 0:
        return Decimal(1)
    return (value / target).quantize(_QUANTUM, rounding=decimal.ROUND_HALF_UP)


def _max_load(standards: Standards, round: int) -> tuple[int, str]:
    try:
        return int(standards.value("pairing.max_households_per_cadre")), "pairing"
    except MissingParameterError:
        limits = standards.value("scenario.max_households_per_cadre")
        if str(round) not in limits:
            raise MissingParameterError(
                f"has no value for round {round} (rounds: {', '.join(limits)}); set it or "
                "pairing.max_households_per_cadre",
                field="scenario.max_households_per_cadre",
                rule="standards",
            ) from None
        return int(limits[str(round)]), "scenario"


def _max_units(standards: Standards, round: int) -> tuple[int, str]:
    """Units per village: the round's scenario value, or pairing's if that is higher."""
    base = int(standards.value("pairing.max_units_per_village"))
    by_round = standards.value("scenario.max_units_per_village")
    wanted = int(by_round.get(str(round), 1))
    return (wanted, "scenario") if wanted > base else (base, "pairing")


def _unit(row: Mapping[str, Any]) -> AssistingUnit:
    """An assisting unit from a units-table row."""
    return AssistingUnit(
        unit_id=row["unit_id"],
        name=row.get("name") or row["unit_id"],
        kind=row["kind"],
        level=row["level"],
        city_id=row.get("home_city_id") or row.get("city_id"),
        capacity_villages=row.get("capacity_villages"),
        capacity_cadres=row.get("capacity_cadres"),
    )


def _cadres(rows: list[dict[str, Any]]) -> list[Cadre]:
    """Cadres from validated cadres rows."""
    return [Cadre(cadre_id=row["cadre_id"], unit_id=row["unit_id"]) for row in rows]


def _fill(
    assignment: Assignment,
    household_position: Mapping[str, int],
    cadre_of: list[str | None],
    unit_of: list[str | None],
) -> None:
    """Write each paired household's cadre and unit into the run's columns."""
    unit_of_cadre = {c.cadre_id: c.unit_id for c in assignment.ledger.cadres}
    for pairing in assignment.pairings:
        if pairing.assisting_kind is PartyKind.CADRE:
            i = household_position[pairing.assisted_id]
            cadre_of[i] = pairing.assisting_id
            unit_of[i] = unit_of_cadre[pairing.assisting_id]


@dataclass(slots=True)
class _Frame:
    """Aligned numpy columns of the decided records (internal)."""

    village_ids: list[str]
    village_id_array: pa.Array
    household_id_array: pa.Array
    village_county: np.ndarray[Any, Any]
    village_selected: np.ndarray[Any, Any]
    household_village: np.ndarray[Any, Any]
    members: np.ndarray[Any, Any]
    labour: np.ndarray[Any, Any]
    income0: np.ndarray[Any, Any]
    poor: np.ndarray[Any, Any]
    village_pc0: np.ndarray[Any, Any]
    village_collective0: np.ndarray[Any, Any]
    village_population: np.ndarray[Any, Any]


def _frame(result: BatchResult) -> _Frame:
    villages = result._villages
    households = result._households
    county = villages.extra.get("county_id")
    if county is None:
        village_county = np.full(len(villages.ids), _NO_COUNTY, dtype=object)
    else:
        village_county = np.asarray(
            [c if c is not None else _NO_COUNTY for c in county.to_pylist()], dtype=object
        )
    hv = np.asarray(result._household_village, dtype=np.int64)
    members = np.asarray(households.columns["members"], dtype=np.int64)
    population = np.bincount(hv, weights=members, minlength=len(villages.ids)).astype(np.int64)
    return _Frame(
        village_ids=villages.ids.to_pylist(),
        village_id_array=pc.cast(villages.ids, pa.string()),
        household_id_array=pc.cast(households.ids, pa.string()),
        village_county=village_county,
        village_selected=np.asarray(result._decided.village_selected, dtype=bool),
        household_village=hv,
        members=members,
        labour=np.asarray(households.columns["has_labour_capacity"], dtype=bool),
        income0=np.asarray(households.columns["income"], dtype=np.int64),
        poor=np.asarray(result._decided.household_selected, dtype=bool),
        village_pc0=np.asarray(villages.columns["per_capita_income"], dtype=np.int64),
        village_collective0=np.asarray(villages.columns["collective_income"], dtype=np.int64),
        village_population=population,
    )


def _year_columns(
    table: Any, index: np.ndarray[Any, Any], prefix: str, years: Sequence[int]
) -> dict[int, np.ndarray[Any, Any]]:
    if table is None:
        return {}
    names = set(table.column_names)
    taken = table.take(pa.array(index, pa.int64()))
    return {y: _fen(taken.column(f"{prefix}{y}")) for y in years if f"{prefix}{y}" in names}


def run_round(
    population: Any = None,
    *,
    round: int = 2,
    scale: float = 1.0,
    seed: int | None = None,
    standards: Standards | None = None,
    growth: GrowthModel | Mapping[str, Any] | None = None,
    progress: Progress | None = None,
) -> RoundResult:
    """Run a whole round over a population through the library's own rules.

    Stages: identification (the batch path, :func:`shuangdao.batch.identify`); pairing of
    units with villages and cadres with households (:func:`shuangdao.assignment.assign`, up to
    ``scenario.max_units_per_village`` units per village: 4 in round 1), and in round 3 of the
    households outside the relatively poor villages with local county-level cadres
    (:func:`shuangdao.assignment.assign_scattered`, ``scenario.pair_scattered_households``;
    synthetic local pools for the built-in province only);
    a seeded plan per poor household and identified village (measures from
    ``pairing.measure_catalogue``); incomes over the round from the :class:`GrowthModel`;
    household exit per assessment year (the round's exit rule,
    :func:`~shuangdao.rules.progress.household_exit_line`, compared exactly over columns);
    the yearly village assessment (:func:`~shuangdao.rules.assessment.assess` per village);
    accountability per city, county and township and assessment (the 2010 measures'
    fail-share situation through its columnar evaluator,
    :func:`~shuangdao.rules.accountability.fail_share_columns`, and
    :func:`~shuangdao.rules.accountability.measures_sanctions` for the areas it holds to
    account); the settlement per county and for the round (the
    requirements of :mod:`shuangdao.rules.settlement`, over columns); and the follow-up of
    every settled village by its original unit (the check of
    :func:`~shuangdao.rules.follow_up.follow_up_check`, over columns). Every column result
    can be expanded with :meth:`RoundResult.decision`, which reruns the object-path rule;
    tests hold the two together.

    Policy: S1, S3, S4, S5, S9, S11, S18, S20, SEED p. 5 (through the rules named above).

    Args:
        population: ``None`` (generate the built-in synthetic province with ``seed`` and
            ``scale``), a :class:`~shuangdao.synth.SyntheticProvince`, or ``(villages,
            households)`` / ``(villages, households, units, cadres)`` as tables, DataFrames or
            ``.csv``/``.parquet`` paths in the identify contract. Without units and cadres
            pairing is skipped (said in the summary's notes), never invented.
        round: 1, 2 or 3.
        scale: Size of the generated province (only when ``population`` is ``None``).
        seed: Seed of the generated province and of the run's draws (default
            :data:`shuangdao.synth.DEFAULT_SEED`).
        standards: Standards to apply (``None``: the shipped defaults).
        growth: A :class:`GrowthModel`, a mapping of its fields to change, or ``None`` (read
            from ``scenario.*`` in ``standards``).
        progress: Optional callback ``progress(stage, done, total)``.

    Returns:
        A :class:`RoundResult`.

    Raises:
        UnknownReferenceError: ``round`` is not 1, 2 or 3.
        InvalidTypeError: ``population`` is not usable.
        MissingParameterError: A parameter the run needs has no value (e.g. round 1's
            village selection rule when the villages have no ``designated`` column).

    Example:
        >>> result = run_round(scale=0.01)
        >>> s = result.summary()
        >>> (s.villages_selected, s.households_selected)
        (26, 2090)
    """
    from shuangdao.synth import DEFAULT_SEED

    if isinstance(round, bool) or round not in (1, 2, 3):
        raise UnknownReferenceError("must be 1, 2 or 3", field="round", value=round)
    seed = DEFAULT_SEED if seed is None else int(seed)
    s = default_standards() if standards is None else standards
    if growth is None:
        model = GrowthModel.from_standards(s)
    elif isinstance(growth, GrowthModel):
        model = growth
    elif isinstance(growth, Mapping):
        model = attrs.evolve(GrowthModel.from_standards(s), **dict(growth))
    else:
        raise InvalidTypeError(
            "must be a GrowthModel or a mapping", field="growth", value=type(growth).__name__
        )
    pop = load_population(population, round=round, scale=scale, seed=seed, progress=progress)
    return _Run(pop, round, seed, s, model, progress).run()


class _Run:
    """State of one run (internal)."""

    def __init__(  # noqa: PLR0917 - private, called once
        self,
        pop: Population,
        number: int,
        seed: int,
        standards: Standards,
        model: GrowthModel,
        progress: Progress | None,
    ) -> None:
        self.pop = pop
        self.number = number
        self.seed = seed
        self.s = standards
        self.model = model
        self.progress = progress
        self.notes: list[str] = []
        self.calendar = round_calendar(number, standards=standards)
        self.tables: dict[str, pa.Table] = {}

    def _tick(self, stage: str, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(stage, done, total)

    def _rng(self, key: int) -> np.random.Generator:
        return np.random.default_rng(np.random.SeedSequence(self.seed, spawn_key=(key,)))

    # ------------------------------------------------------------------ the stages
    def run(self) -> RoundResult:
        self._tick("identify", 0, 1)
        result = identify(
            self.pop.villages, self.pop.households, round=self.number, standards=self.s
        )
        self.batch = result
        self.f = _frame(result)
        self._tick("identify", 1, 1)
        self._identification_tables()
        self._pair()
        self._plan()
        self._incomes()
        self._exits()
        self._assess()
        self._accountability()
        self._settle()
        self._follow_up()
        summary = self._summary()
        return RoundResult(
            round=self.number,
            source=self.pop.source,
            standards=self.s,
            growth=self.model,
            seed=self.seed,
            tables=self.tables,
            identification=result,
            notes=tuple(self.notes),
            _summary=summary,
            _explain=self._explain,
        )

    def _identification_tables(self) -> None:
        f = self.f
        r = self.batch
        county = pa.array(f.village_county.tolist(), pa.string())
        hv = pa.array(f.household_village, pa.int64())
        self.tables["identification_villages"] = pa.table(
            {
                "village_id": f.village_id_array,
                "county_id": county,
                "selected": r.villages.column("selected"),
                "reason": r.villages.column("reason"),
            }
        )
        self.tables["identification_households"] = pa.table(
            {
                "household_id": f.household_id_array,
                "village_id": f.village_id_array.take(hv),
                "county_id": county.take(hv),
                "members": pa.array(f.members, pa.int64()),
                "poor": r.households.column("poor"),
                "reason": r.households.column("reason"),
                "margin": r.households.column("margin"),
            }
        )
        self.tables["rejected"] = r.rejected
        # the assisted subjects
        self.key = np.flatnonzero(f.village_selected)
        self.poor = np.flatnonzero(f.poor)
        self.key_ids = [f.village_ids[i] for i in self.key]
        self.poor_ids = f.household_id_array.take(pa.array(self.poor, pa.int64())).to_pylist()
        # position of each poor household's village among the key villages (-1 if none)
        key_pos = np.full(len(f.village_ids), -1, dtype=np.int64)
        key_pos[self.key] = np.arange(len(self.key))
        self.poor_village = key_pos[f.household_village[self.poor]]
        if self.number == 3 and np.any(self.poor_village < 0):
            outside = int((self.poor_village < 0).sum())
            self.notes.append(
                f"{outside:,} relatively poor households live outside the relatively poor "
                "villages: they are planned, tracked and settled, but assessed with no village"
            )

    def _pair(self) -> None:
        from shuangdao.assignment import AssignmentConstraints, assign

        self.assignment = None
        self.scattered: Assignment | None = None
        self.max_load: int | None = None
        self.village_unit: list[str | None] = [None] * len(self.key)
        village_units: list[str | None] = [None] * len(self.key)
        cadre_of: list[str | None] = [None] * len(self.poor)
        unit_of: list[str | None] = [None] * len(self.poor)
        synthetic = np.zeros(len(self.poor), dtype=bool)
        team_size = [0] * len(self.key)
        if self.pop.units is None or self.pop.cadres is None:
            self.notes.append(
                "pairing skipped: no assisting units and cadres were given (the runner does "
                "not invent them); follow-up has no original unit"
            )
        else:
            self._tick("pair", 0, 1)
            limit, origin = _max_load(self.s, self.number)
            k, k_origin = _max_units(self.s, self.number)
            unit_rows = _rows(self.pop.units, UNITS) or []
            units = [_unit(u) for u in unit_rows]
            cadres = _cadres(_rows(self.pop.cadres, CADRES) or [])
            village_of = {
                h: self.key_ids[v]
                for h, v in zip(self.poor_ids, self.poor_village.tolist(), strict=True)
                if v >= 0
            }
            if origin == "scenario":
                self.notes.append(
                    f"pairing load limit {limit} households per cadre "
                    "(scenario.max_households_per_cadre, assumed: the policy published none)"
                )
            constraints = AssignmentConstraints(
                max_households_per_cadre=limit, max_units_per_village=k
            )
            try:
                self.assignment = assign(
                    units,
                    self.key_ids,
                    village_of,
                    cadres,
                    on=self.calendar.period_start,
                    constraints=constraints,
                    standards=self.s,
                )
            except NoSolutionError as error:
                self.notes.append(f"pairing failed: {error}")
            household_position = {h: i for i, h in enumerate(self.poor_ids)}
            if self.assignment is not None:
                a = self.assignment
                position = {v: i for i, v in enumerate(self.key_ids)}
                for village_id, team in a.village_teams.items():
                    i = position[village_id]
                    self.village_unit[i] = team[0]
                    village_units[i] = "+".join(team)
                for posting in a.ledger.teams:
                    team_size[position[posting.team.village_id]] += len(posting.team.cadre_ids)
                _fill(a, household_position, cadre_of, unit_of)
                self.max_load = max(a.loads.values(), default=0)
                shared = [t for t in a.village_teams.values() if len(t) > 1]
                if k > 1:
                    source = (
                        "scenario.max_units_per_village, assumed from SEED 专栏4: 136 units "
                        "for 38 villages in Liannan"
                        if k_origin == "scenario"
                        else "pairing.max_units_per_village"
                    )
                    self.notes.append(
                        f"pairing: up to {k} units per village ({source}); {len(shared):,} "
                        f"villages too big for any one unit have a work team combined from "
                        f"{sum(len(t) for t in shared):,} units"
                    )
            self._pair_scattered(
                unit_rows,
                units,
                cadres,
                constraints,
                household_position,
                cadre_of,
                unit_of,
                synthetic,
            )
            self._tick("pair", 1, 1)
        self.tables["pairing_villages"] = pa.table(
            {
                "village_id": pa.array(self.key_ids, pa.string()),
                "county_id": pa.array(self.f.village_county[self.key].tolist(), pa.string()),
                "unit_id": pa.array(self.village_unit, pa.string()),
                "unit_ids": pa.array(village_units, pa.string()),
                "team_size": pa.array(team_size, pa.int64()),
            }
        )
        self.tables["pairing_households"] = pa.table(
            {
                "household_id": pa.array(self.poor_ids, pa.string()),
                "cadre_id": pa.array(cadre_of, pa.string()),
                "unit_id": pa.array(unit_of, pa.string()),
                "scattered": pa.array(self.poor_village < 0),
                "synthetic_local": pa.array(synthetic),
            }
        )

    def _pair_scattered(  # noqa: PLR0917 - private, called once
        self,
        unit_rows: list[dict[str, Any]],
        units: list[AssistingUnit],
        cadres: list[Cadre],
        constraints: AssignmentConstraints,
        household_position: Mapping[str, int],
        cadre_of: list[str | None],
        unit_of: list[str | None],
        synthetic: np.ndarray[Any, Any],
    ) -> None:
        """Pair the poor households outside every assisted village (round 3, 分散贫困户)."""
        from shuangdao.assignment import assign_scattered

        outside = np.flatnonzero(self.poor_village < 0)
        key = "scenario.pair_scattered_households"
        rounds = self.s.param(key).rounds
        if not len(outside) or not self.s.value(key) or (rounds and self.number not in rounds):
            return
        limit = constraints.max_households_per_cadre
        assert limit is not None
        positions = self.poor[outside]
        village_index = self.f.household_village[positions]
        counties = self.f.village_county[village_index]
        by_county: dict[str, dict[str, str]] = {}
        for i, county, v in zip(
            outside.tolist(), counties.tolist(), village_index.tolist(), strict=True
        ):
            if county != _NO_COUNTY:
                by_county.setdefault(county, {})[self.poor_ids[i]] = self.f.village_ids[v]
        no_county = len(outside) - sum(len(h) for h in by_county.values())
        local: dict[str, list[AssistingUnit]] = {}
        local_cadres: list[Cadre] = []
        made_up = self.pop.source.startswith("synthetic province") and bool(
            self.s.value("scenario.synthetic_local_pools")
        )
        if made_up:
            for county, members in sorted(by_county.items()):
                unit_id = f"L-{county}"
                local[county] = [
                    AssistingUnit(
                        unit_id=unit_id,
                        name=f"synthetic local cadre pool of county {county}",
                        kind=UnitKind.PARTY_GOVERNMENT_ORGAN,
                        level=UnitLevel.COUNTY,
                    )
                ]
                local_cadres.extend(
                    Cadre(cadre_id=f"{unit_id}-P{j:04d}", unit_id=unit_id)
                    for j in range(1, -(-len(members) // limit) + 1)
                )
        else:
            used = (
                {u for t in self.assignment.village_teams.values() for u in t}
                if self.assignment is not None
                else set()
            )
            for row, unit in zip(unit_rows, units, strict=True):
                county = row.get("county_id")
                if county and unit.level is UnitLevel.COUNTY and unit.unit_id not in used:
                    local.setdefault(str(county), []).append(unit)
            ids = {u.unit_id for group in local.values() for u in group}
            local_cadres = [c for c in cadres if c.unit_id in ids]
        paired = {c: h for c, h in by_county.items() if c in local}
        missing = len(outside) - sum(len(h) for h in paired.values())
        try:
            self.scattered = assign_scattered(
                paired,
                local,
                local_cadres,
                on=self.calendar.period_start,
                constraints=constraints,
                standards=self.s,
            )
        except NoSolutionError as error:
            self.notes.append(f"pairing of scattered households failed: {error}")
            return
        _fill(self.scattered, household_position, cadre_of, unit_of)
        scattered_load = max(self.scattered.loads.values(), default=0)
        self.max_load = max(self.max_load or 0, scattered_load)
        n_paired = len(outside) - missing
        text = (
            f"{n_paired:,} scattered households outside the assisted villages paired with "
            f"cadres of local county-level units of their county "
            f"(scenario.pair_scattered_households, assumed: not stated in the sources)"
        )
        if made_up:
            for i in outside.tolist():
                synthetic[i] = cadre_of[i] is not None
            text += (
                f"; the {len(local):,} local units are synthetic cadre pools, one per county "
                f"({len(local_cadres):,} invented cadres at ≤ {limit} households each, "
                "flagged synthetic_local; scenario.synthetic_local_pools)"
            )
        self.notes.append(text)
        if missing:
            self.notes.append(
                f"{missing:,} scattered households have no responsible cadre: "
                + (f"{no_county:,} have no county; " if no_county else "")
                + "their county has no local county-level unit (a units table county_id)"
            )

    def _plan(self) -> None:
        self._tick("plan", 0, 1)
        catalogue = list(self.s.value("pairing.measure_catalogue"))
        m = self.model
        h_catalogue = [c for c in catalogue if c in m.measure_income_effects]
        v_catalogue = [c for c in catalogue if c in m.collective_income_effects]
        unknown = sorted(
            (set(m.measure_income_effects) | set(m.collective_income_effects)) - set(catalogue)
        )
        if unknown:
            self.notes.append(
                "measures not in pairing.measure_catalogue are never planned: " + ", ".join(unknown)
            )
        h_draw = draw_measures(
            self._rng(_PLAN_H), len(self.poor), h_catalogue, m.measures_per_household
        )
        v_draw = draw_measures(
            self._rng(_PLAN_V), len(self.key), v_catalogue, m.measures_per_village
        )
        years = self.calendar.assessment_years
        self.transfer = transfer_years(
            self._rng(_TRANSFER), self.f.labour[self.poor], years, m.labour_transfer_rate
        )
        # effects at full strength, exact yuan → integer fen per catalogue position
        h_fen = np.asarray(
            [int(m.measure_income_effects[c] * 100) for c in h_catalogue], dtype=np.int64
        )
        v_fen = np.asarray(
            [int(m.collective_income_effects[c] * 100) for c in v_catalogue], dtype=np.int64
        )
        per_capita_fen = (
            h_fen[h_draw].sum(axis=1) if h_draw.size else np.zeros(len(self.poor), np.int64)
        )
        self.full_effect_fen = per_capita_fen * self.f.members[self.poor]
        self.collective_effect_fen = (
            v_fen[v_draw].sum(axis=1) if v_draw.size else np.zeros(len(self.key), np.int64)
        )
        h_names = _joined(h_catalogue, h_draw)
        v_names = _joined(v_catalogue, v_draw)
        first = years[0]
        self.tables["plans"] = pa.table(
            {
                "subject_kind": pa.array(
                    ["household"] * len(self.poor) + ["village"] * len(self.key), pa.string()
                ),
                "subject_id": pa.array(self.poor_ids + self.key_ids, pa.string()),
                "measures": pa.concat_arrays([h_names, v_names]),
                "start_year": pa.array([first] * (len(self.poor) + len(self.key)), pa.int64()),
                "labour_transfer_year": pa.array(
                    [int(y) or None for y in self.transfer] + [None] * len(self.key), pa.int64()
                ),
            }
        )
        self._tick("plan", 1, 1)

    def _incomes(self) -> None:
        """Income paths of poor households and key villages (fen) for every year needed."""
        cal = self.calendar
        first = cal.assessment_years[0]
        last_follow = cal.follow_up.last_day.year - 1
        self.years = list(range(first, max(last_follow, cal.settlement_income_year) + 1))
        self.follow_years = list(range(cal.settlement_income_year + 1, last_follow + 1))
        y0 = _income_year(self.number)
        m = self.model
        hh = self.batch._households.index[self.poor]
        vv = self.batch._villages.index[self.key]
        base_h = _year_columns(self.pop.household_years, hh, "income_", self.years)
        base_pc = _year_columns(self.pop.village_years, vv, "per_capita_income_", self.years)
        base_col = _year_columns(self.pop.village_years, vv, "collective_income_", self.years)
        grown = [y for y in self.years if y not in base_h]
        if grown:
            start = max((y for y in base_h if y < grown[0]), default=y0)
            self.notes.append(
                "baseline incomes for "
                + ", ".join(str(y) for y in grown)
                + f" grown from {start} at {m.baseline_growth:%} a year (scenario.baseline_growth)"
            )
        # a year without a column grows from the latest earlier column (else the
        # identification year's income)
        income0 = self.f.income0[self.poor]
        pc0 = self.f.village_pc0[self.key]
        col0 = self.f.village_collective0[self.key]

        def grown_from(
            columns: dict[int, np.ndarray[Any, Any]], first: np.ndarray[Any, Any], year: int
        ) -> np.ndarray[Any, Any]:
            if year in columns:
                return columns[year]
            start = max((y for y in columns if y < year), default=None)
            if start is None:
                return fen_times(first, growth_factor(m.baseline_growth, year - y0))
            return fen_times(columns[start], growth_factor(m.baseline_growth, year - start))

        population = self.f.village_population[self.key]
        self.income: dict[int, np.ndarray[Any, Any]] = {}
        self.village_pc: dict[int, np.ndarray[Any, Any]] = {}
        self.collective: dict[int, np.ndarray[Any, Any]] = {}
        in_key = self.poor_village >= 0
        for y in self.years:
            base = grown_from(base_h, income0, y)
            k = y - first + 1
            uplift = fen_times(self.full_effect_fen, ramp_fraction(k, m.measure_ramp_years))
            wage_fen = int(m.wage(y) * 100)
            transfer = np.where((self.transfer > 0) & (self.transfer <= y), wage_fen, 0)
            added = np.asarray(uplift, dtype=np.int64) + transfer
            self.income[y] = np.asarray(base, dtype=np.int64) + added
            village_added = np.bincount(
                self.poor_village[in_key], weights=added[in_key], minlength=len(self.key)
            )
            v_base = grown_from(base_pc, pc0, y)
            self.village_pc[y] = np.asarray(v_base, dtype=np.int64) + _half_up_div(
                np.rint(village_added).astype(np.int64), np.maximum(population, 1)
            )
            c_base = grown_from(base_col, col0, y)
            self.collective[y] = np.asarray(c_base, dtype=np.int64) + np.asarray(
                fen_times(self.collective_effect_fen, ramp_fraction(k, m.measure_ramp_years)),
                dtype=np.int64,
            )

    def _exits(self) -> None:
        f = self.f
        members = f.members[self.poor]
        self.exited: dict[int, np.ndarray[Any, Any]] = {}
        columns: dict[str, Any] = {
            "household_id": pa.array(self.poor_ids, pa.string()),
            "village_id": pa.array(
                [f.village_ids[i] for i in f.household_village[self.poor]], pa.string()
            ),
            "county_id": pa.array(
                f.village_county[f.household_village[self.poor]].tolist(), pa.string()
            ),
            "members": pa.array(members, pa.int64()),
            "has_labour_capacity": pa.array(f.labour[self.poor]),
        }
        first_exit = np.zeros(len(self.poor), dtype=np.int64)
        # exit lines exist up to the settlement year (round 3 has none after 2018); the
        # follow-up compares with cycle.follow_up_line instead
        for y in self.years:
            if y > self.calendar.settlement_income_year and y not in self.calendar.assessment_years:
                continue
            rule = exit_rule(self.number, y, self.s)  # the declared exit rule, columnar
            self.exited[y] = rule.evaluate({"income": self.income[y], "members": members}).outcome
        for y in self.calendar.assessment_years:
            columns[f"income_{y}"] = _money_array(self.income[y])
            columns[f"exited_{y}"] = pa.array(self.exited[y])
            first_exit[(first_exit == 0) & self.exited[y]] = y
        columns["first_exit_year"] = pa.array([int(y) or None for y in first_exit], pa.int64())
        for y in self.follow_years:
            columns[f"income_{y}"] = _money_array(self.income[y])
        self.tables["progress"] = pa.table(columns)

    # ------------------------------------------------------------------ assessment
    def _counted(self) -> np.ndarray[Any, Any]:
        """Households the settlement counts (the declared rule: labour capacity in rounds 2-3)."""
        rule = SETTLEMENT[self.number].counted.bind(self.s)
        counted: np.ndarray[Any, Any] = rule.evaluate(
            {"has_labour_capacity": self.f.labour[self.poor]}
        ).outcome
        return counted

    def _target_share(self) -> Decimal:
        value: Decimal = self.s.params.round(self.number).target_share
        return value

    def _target_line(self, year: int, criterion: str) -> Decimal:
        """The line of one of the round's declared village targets in ``year``."""
        bound = VILLAGE_TARGETS[self.number].bind(self.s, year=year).criterion(criterion)
        assert isinstance(bound, BoundCompare)
        line: Decimal = bound.line.value
        return line

    def _exit_plan(self) -> dict[int, Decimal]:
        """Round 3: cumulative planned share of persons out by each year (S37), else empty."""
        if self.number != 3:
            return {}
        planned = self.s.value("scenario.round3_planned_exits")
        total = Decimal(sum(int(v) for v in planned.values()))
        if total == 0:  # no planned exits: the round's target share applies every year
            return {}
        done = 0
        result: dict[int, Decimal] = {}
        for year in sorted(planned, key=int):
            done += int(planned[year])
            result[int(year)] = Decimal(done) / total
        return result

    def _evidence(self) -> dict[tuple[int, str], np.ndarray[Any, Any]]:
        """Seeded achievements (hundredths) of indicators not measured from incomes."""
        rng = self._rng(_EVIDENCE)
        progress = self.s.value("scenario.indicator_progress")
        spread = float(self.s.value("scenario.indicator_spread"))
        met_share = self.s.value("scenario.mandated_indicator_met_share")
        mandated = {i.id for i in self.scoring.indicators if i.kind.value == "mandated"}
        result: dict[tuple[int, str], np.ndarray[Any, Any]] = {}
        for number in self.calendar.numbers:
            level = float(progress.get(str(number), progress[max(progress, key=int)]))
            met = float(met_share.get(str(number), met_share[max(met_share, key=int)]))
            for indicator in self.model_ids:
                draws = rng.random(len(self.key))
                if indicator in mandated:
                    # all-or-nothing 民生 indicator: met (100 %) or not (the drawn level)
                    value = np.where(
                        draws < met, 100, np.rint((level - spread * draws) * 100).clip(0, 99)
                    )
                else:
                    value = np.rint((level + spread * (2 * draws - 1)) * 100)
                result[number, indicator] = np.maximum(value, 0).astype(np.int64)
        return result

    def _assess(self) -> None:
        model = scoring_model(self.number, "village", standards=self.s)
        self.scoring = model
        self.model_ids = [i.id for i in model.indicators]
        evidence = self._evidence()
        cal = self.calendar
        members = self.f.members[self.poor]
        counted = self._counted()
        share = self._target_share()
        in_key = self.poor_village >= 0
        self.results: dict[tuple[str, int], tuple[IndicatorResult, ...]] = {}
        self.passed: dict[int, np.ndarray[Any, Any]] = {}
        rows: dict[str, list[Any]] = {
            k: []
            for k in (
                "village_id",
                "county_id",
                "year",
                "assessment_number",
                "score",
                "grade",
                "passed",
            )
        }
        total = len(self.key) * len(cal.assessment_years)
        done = 0
        self._tick("assess", 0, total)
        collective_target = (
            self._target_line(cal.assessment_years[0], "collective_income")
            if self.number in (1, 2)
            else None
        )
        plan = self._exit_plan()
        for number, year in zip(cal.numbers, cal.assessment_years, strict=True):
            year_share = plan.get(year, share)
            mask = counted & in_key
            persons = np.bincount(
                self.poor_village[mask], weights=members[mask], minlength=len(self.key)
            ).astype(np.int64)
            above = np.bincount(
                self.poor_village[mask & self.exited[year]],
                weights=members[mask & self.exited[year]],
                minlength=len(self.key),
            ).astype(np.int64)
            line = self._target_line(year, "village_income") if self.number == 2 else None
            passed = np.zeros(len(self.key), dtype=bool)
            for i, village_id in enumerate(self.key_ids):
                results = []
                for indicator in self.model_ids:
                    if indicator in ("household_income", "household_exit"):
                        achieved = (
                            _achieved(Decimal(int(above[i])) / Decimal(int(persons[i])), year_share)
                            if persons[i]
                            else Decimal(1)
                        )
                    elif indicator == "village_income" and line is not None:
                        achieved = _achieved(Decimal(int(self.village_pc[year][i])) / 100, line)
                    elif indicator == "collective_income" and collective_target is not None:
                        achieved = _achieved(
                            Decimal(int(self.collective[year][i])) / 100, collective_target
                        )
                    else:
                        achieved = Decimal(int(evidence[number, indicator][i])) / 100
                    results.append(IndicatorResult(indicator, achieved=achieved))
                decision = assess(village_id, results, model=model, year=year, standards=self.s)
                self.results[village_id, year] = tuple(results)
                passed[i] = decision.outcome
                rows["village_id"].append(village_id)
                rows["county_id"].append(self.f.village_county[self.key[i]])
                rows["year"].append(year)
                rows["assessment_number"].append(number)
                rows["score"].append(decision.value)
                rows["grade"].append(decision.code)
                rows["passed"].append(bool(decision.outcome))
                done += 1
                if done % 500 == 0:
                    self._tick("assess", done, total)
            self.passed[year] = passed
        self._tick("assess", total, total)
        self.tables["assessments"] = pa.table(
            {
                "village_id": pa.array(rows["village_id"], pa.string()),
                "county_id": pa.array(rows["county_id"], pa.string()),
                "year": pa.array(rows["year"], pa.int64()),
                "assessment_number": pa.array(rows["assessment_number"], pa.int64()),
                "score": pa.array(rows["score"], pa.decimal128(12, 3)),
                "grade": pa.array(rows["grade"], pa.string()),
                "passed": pa.array(rows["passed"], pa.bool_()),
            }
        )

    # ------------------------------------------------------------------ accountability
    def _area_columns(self) -> dict[str, np.ndarray[Any, Any]]:
        """Each key village's city and township id, where the population says (else ``None``).

        Read from the full village table (the synthetic province) or the villages as given;
        a township is keyed by its county as well, since township ids need not be unique.
        """
        found: dict[str, np.ndarray[Any, Any]] = {}
        for source in (self.pop.village_years, self.pop.villages):
            table = _arrow_table(source)
            if table is None or "village_id" not in table.column_names:
                continue
            ids = [str(v) for v in table.column("village_id").to_pylist()]
            for column in ("city_id", "township_id"):
                if column in found or column not in table.column_names:
                    continue
                by_village = dict(zip(ids, table.column(column).to_pylist(), strict=True))
                found[column] = np.asarray([by_village.get(v) for v in self.key_ids], dtype=object)
        return found

    def _accountability(self) -> None:
        """The 2010 measures' fail-share situation for every city, county and township.

        The flags come from the columnar evaluator of the declared situation
        (:func:`~shuangdao.rules.accountability.fail_share_columns`); each triggered area's
        decisions (the art. 9 sanction options of its principal leaders, the team's loss of
        awards) are those of :func:`~shuangdao.rules.accountability.measures_sanctions`,
        addressed to the roles (the run has no named officials). Levels without ids in the
        population are not evaluated, and the notes say so.
        """
        from shuangdao.model.accountability import AccountabilityRecord
        from shuangdao.rules.accountability import fail_share_columns, measures_sanctions

        self._tick("accountability", 0, 1)
        county = np.asarray(
            [c if c != _NO_COUNTY else "unknown-county" for c in self.f.village_county[self.key]],
            dtype=object,
        )
        columns = self._area_columns()
        by_level: dict[str, np.ndarray[Any, Any]] = {"county": county}
        if "city_id" in columns:
            by_level["city"] = columns["city_id"]
        if "township_id" in columns:
            township = columns["township_id"]
            counties_of: dict[str, set[str]] = {}
            for t, c in zip(township.tolist(), county.tolist(), strict=True):
                if t is not None:
                    counties_of.setdefault(t, set()).add(c)
            shared = {t for t, cs in counties_of.items() if len(cs) > 1}
            by_level["township"] = np.asarray(
                [
                    None if t is None else (f"{c}/{t}" if t in shared else t)
                    for t, c in zip(township.tolist(), county.tolist(), strict=True)
                ],
                dtype=object,
            )
        wanted = self.s.params.accountability.trigger_levels
        levels = [lv for lv in wanted if lv in by_level]
        skipped = [lv for lv in wanted if lv not in by_level]
        if skipped:
            self.notes.append(
                "accountability: the 2010 measures' fail-share situation was not evaluated for "
                + ", ".join(skipped)
                + " (the villages carry no "
                + ", ".join(f"{lv}_id" for lv in skipped)
                + ")"
            )
        self.records: dict[str, list[AccountabilityRecord]] = {}
        rows: dict[str, list[Any]] = {
            k: []
            for k in (
                "county_id",
                "assessment_number",
                "year",
                "failed",
                "total",
                "triggered",
                "actions",
                "level",
                "area_id",
                "mechanism",
            )
        }
        actions: dict[str, list[Any]] = {
            k: []
            for k in (
                "county_id",
                "assessment_number",
                "year",
                "action",
                "sanction",
                "role",
                "severity",
                "level",
                "area_id",
                "mechanism",
                "sanction_options",
            )
        }
        self.escalations: dict[int, int] = {}
        self.triggered: dict[int, int] = {}
        triggered_by_level: dict[str, int] = dict.fromkeys(levels, 0)
        used: set[str] = set()
        for level in levels:
            area = by_level[level]
            known = np.asarray([a is not None for a in area.tolist()], dtype=bool)
            if not known.all():
                self.notes.append(
                    f"accountability: {int((~known).sum()):,} key villages have no {level} id "
                    f"and are not counted at the {level} level"
                )
            area_names: list[str] = sorted(set(area[known].tolist()))
            keys = {a: (a if a not in used else f"{level}:{a}") for a in area_names}
            used.update(keys.values())
            index = {a: i for i, a in enumerate(area_names)}
            group = np.asarray([index[a] for a in area[known].tolist()], dtype=np.int64)
            county_of = dict(zip(area[known].tolist(), county[known].tolist(), strict=True))
            for key in keys.values():
                self.records[key] = []
            template: dict[int, tuple[Any, ...]] = {}
            for number, year in zip(
                self.calendar.numbers, self.calendar.assessment_years, strict=True
            ):
                failing = ~self.passed[year][known]
                total = np.bincount(group, minlength=len(area_names)).astype(np.int64)
                failed = np.bincount(group, weights=failing, minlength=len(area_names)).astype(
                    np.int64
                )
                flags = fail_share_columns(
                    assessment_number=number, failed=failed, total=total, standards=self.s
                )
                for i, name in enumerate(area_names):
                    key = keys[name]
                    record = AccountabilityRecord(
                        body_id=key,
                        body_kind="area",
                        level=level,
                        assessment_number=number,
                        year=year,
                        failed=int(failed[i]),
                        total=int(total[i]),
                    )
                    self.records[key].append(record)
                    done: tuple[Any, ...] = ()
                    if flags[i]:
                        if number not in template:
                            # What the measures call for depends on the level and the
                            # situation only (no named officials, no aggravation).
                            template[number] = measures_sanctions(record, standards=self.s)
                        done = template[number]
                        triggered_by_level[level] += 1
                    area_county = None if level == "city" else county_of[name]
                    rows["county_id"].append(area_county)
                    rows["assessment_number"].append(number)
                    rows["year"].append(year)
                    rows["failed"].append(int(failed[i]))
                    rows["total"].append(int(total[i]))
                    rows["triggered"].append(bool(flags[i]))
                    rows["actions"].append("+".join(a.action.value for a in done))
                    rows["level"].append(level)
                    rows["area_id"].append(key)
                    rows["mechanism"].append(done[0].mechanism.value if done else None)
                    if level == "county":
                        self.triggered[year] = self.triggered.get(year, 0) + bool(flags[i])
                    self.escalations[year] = self.escalations.get(year, 0) + len(done)
                    for a in done:
                        actions["county_id"].append(area_county)
                        actions["assessment_number"].append(number)
                        actions["year"].append(year)
                        actions["action"].append(a.action.value)
                        actions["sanction"].append(None if a.sanction is None else a.sanction.value)
                        actions["role"].append(a.role.value)
                        actions["severity"].append(a.severity)
                        actions["level"].append(level)
                        actions["area_id"].append(key)
                        actions["mechanism"].append(a.mechanism.value)
                        actions["sanction_options"].append(
                            "+".join(x.value for x in a.sanction_options)
                        )
        if levels:
            self.notes.append(
                "accountability (2010 measures, fail-share situation): triggered "
                + ", ".join(f"{triggered_by_level[lv]:,} {lv} assessments" for lv in levels)
                + "; each holds the principal leaders to account with the art. 9 sanction "
                "options (the discipline body chooses)"
            )
        self.tables["accountability"] = pa.table(
            {
                "county_id": pa.array(rows["county_id"], pa.string()),
                "assessment_number": pa.array(rows["assessment_number"], pa.int64()),
                "year": pa.array(rows["year"], pa.int64()),
                "failed": pa.array(rows["failed"], pa.int64()),
                "total": pa.array(rows["total"], pa.int64()),
                "triggered": pa.array(rows["triggered"], pa.bool_()),
                "actions": pa.array(rows["actions"], pa.string()),
                "level": pa.array(rows["level"], pa.string()),
                "area_id": pa.array(rows["area_id"], pa.string()),
                "mechanism": pa.array(rows["mechanism"], pa.string()),
            }
        )
        self.tables["accountability_actions"] = pa.table(
            {
                "county_id": pa.array(actions["county_id"], pa.string()),
                "assessment_number": pa.array(actions["assessment_number"], pa.int64()),
                "year": pa.array(actions["year"], pa.int64()),
                "action": pa.array(actions["action"], pa.string()),
                "sanction": pa.array(actions["sanction"], pa.string()),
                "role": pa.array(actions["role"], pa.string()),
                "severity": pa.array(actions["severity"], pa.int64()),
                "level": pa.array(actions["level"], pa.string()),
                "area_id": pa.array(actions["area_id"], pa.string()),
                "mechanism": pa.array(actions["mechanism"], pa.string()),
                "sanction_options": pa.array(actions["sanction_options"], pa.string()),
            }
        )
        self._tick("accountability", 1, 1)

    # ------------------------------------------------------------------ settlement
    def _village_fails(self, year: int) -> list[list[str]]:
        """Failing village-target criteria per key village (as the object path names them)."""
        n = len(self.key)
        fails: list[list[str]] = [[] for _ in range(n)]
        targets = SETTLEMENT[self.number].villages
        if targets is None:
            return fails
        bound = targets.bind(self.s, year=year)
        available = {"per_capita_income": self.village_pc, "collective_income": self.collective}
        evaluated = bound.evaluate({name: available[name][year] for name in targets.inputs})
        for i in range(n):
            fails[i].extend(
                name
                for name, held in zip(targets.names, evaluated.holds, strict=True)
                if not held[i]
            )
        return fails

    def _settle(self) -> None:
        self._tick("settle", 0, 1)
        year = self.calendar.settlement_income_year
        members = self.f.members[self.poor]
        counted = self._counted()
        above = self.exited[year] & counted
        share_rule = SETTLEMENT[self.number].at("round").bind(self.s, year=year)
        share_criterion = share_rule.criterion("persons_share")
        assert isinstance(share_criterion, BoundShare)
        village_fails = self._village_fails(year)
        h_county = self.f.village_county[self.f.household_village[self.poor]]
        v_county = self.f.village_county[self.key]
        counties = sorted(set(v_county.tolist()) | set(h_county.tolist()))
        rows: dict[str, list[Any]] = {
            k: []
            for k in (
                "level",
                "subject_id",
                "passed",
                "code",
                "households",
                "persons",
                "persons_above",
                "share",
                "villages",
                "villages_meeting_targets",
            )
        }

        def add(level: str, subject: str, hmask: np.ndarray[Any, Any], vidx: list[int]) -> None:
            persons = int(members[hmask & counted].sum())
            persons_above = int(members[hmask & above].sum())
            failing = [i for i in vidx if village_fails[i]]
            if persons == 0:
                passed: bool | None = None
                code = "no_counted_households"
                value = None
            else:
                share_ok = share_criterion.holds(persons_above, persons)
                villages_ok = not failing
                passed = share_ok and villages_ok
                criteria = [] if share_ok else ["persons_share"]
                if self.number in (1, 2) and not villages_ok:
                    criteria.append("villages_target")
                    criteria.extend(
                        f"village.{self.key_ids[i]}.{c}" for i in failing for c in village_fails[i]
                    )
                code = "selected" if passed else "not:" + "+".join(criteria)
                value = kernel.as_decimal(
                    kernel.quotient(persons_above, persons), kernel.MARGIN_SCALE
                )
            rows["level"].append(level)
            rows["subject_id"].append(subject)
            rows["passed"].append(passed)
            rows["code"].append(code)
            rows["households"].append(int((hmask & counted).sum()))
            rows["persons"].append(persons)
            rows["persons_above"].append(persons_above)
            rows["share"].append(value)
            rows["villages"].append(len(vidx))
            rows["villages_meeting_targets"].append(len(vidx) - len(failing))

        add(
            "round",
            str(self.number),
            np.ones(len(self.poor), dtype=bool),
            list(range(len(self.key))),
        )
        for c in counties:
            add(
                "county",
                c,
                h_county == c,
                [int(i) for i in np.flatnonzero(v_county == c)],
            )
        self.tables["settlement"] = pa.table(
            {
                "level": pa.array(rows["level"], pa.string()),
                "subject_id": pa.array(rows["subject_id"], pa.string()),
                "passed": pa.array(rows["passed"], pa.bool_()),
                "code": pa.array(rows["code"], pa.string()),
                "households": pa.array(rows["households"], pa.int64()),
                "persons": pa.array(rows["persons"], pa.int64()),
                "persons_above": pa.array(rows["persons_above"], pa.int64()),
                "share": pa.array(rows["share"], pa.decimal128(6, 4)),
                "villages": pa.array(rows["villages"], pa.int64()),
                "villages_meeting_targets": pa.array(rows["villages_meeting_targets"], pa.int64()),
            }
        )
        self._tick("settle", 1, 1)

    # ------------------------------------------------------------------ follow-up
    def _follow_up(self) -> None:
        from shuangdao.rules.follow_up import follow_up_rule

        self._tick("follow-up", 0, 1)
        year = self.calendar.settlement_income_year
        members = self.f.members[self.poor]
        settled = self.exited[year] & (self.poor_village >= 0)
        relapses = np.zeros(len(self.poor), dtype=np.int64)
        for y in self.follow_years:
            rule = follow_up_rule(y, round=self.number, standards=self.s)
            ok = rule.evaluate({"income": self.income[y], "members": members}).outcome
            relapses += settled & ~ok
        index = self.poor_village[settled]
        followed = np.bincount(index, minlength=len(self.key)).astype(np.int64)
        relapsed = np.bincount(
            self.poor_village[settled & (relapses > 0)], minlength=len(self.key)
        ).astype(np.int64)
        events = np.bincount(index, weights=relapses[settled], minlength=len(self.key)).astype(
            np.int64
        )
        self.tables["follow_up"] = pa.table(
            {
                "village_id": pa.array(self.key_ids, pa.string()),
                "county_id": pa.array(self.f.village_county[self.key].tolist(), pa.string()),
                "unit_id": pa.array(self.village_unit, pa.string()),
                "on": pa.array([self.calendar.follow_up.last_day] * len(self.key), pa.date32()),
                "households_followed": pa.array(followed, pa.int64()),
                "households_relapsed": pa.array(relapsed, pa.int64()),
                "relapse_years": pa.array(events, pa.int64()),
                "passed": pa.array(relapsed == 0),
            }
        )
        self._tick("follow-up", 1, 1)

    # ------------------------------------------------------------------ summary
    def _summary(self) -> RoundSummary:
        b = self.batch.summary()
        members = self.f.members[self.poor]
        assessments = []
        for y in self.calendar.assessment_years:
            passed = self.passed[y]
            assessments.append(
                {
                    "year": y,
                    "villages": len(self.key),
                    "passed": int(passed.sum()),
                    "failed": int((~passed).sum()),
                    "households_exited": int(self.exited[y].sum()),
                    "persons_exited": int(members[self.exited[y]].sum()),
                }
            )
        settlement = self.tables["settlement"]
        counties = settlement.filter(pc.equal(settlement.column("level"), "county"))
        paired = self.assignment is not None
        households_paired = count_true(
            pc.is_valid(self.tables["pairing_households"].column("cadre_id"))
        )
        follow = self.tables["follow_up"]
        return RoundSummary(
            round=self.number,
            source=self.pop.source,
            villages=b.villages,
            villages_selected=b.villages_selected,
            households=b.households,
            households_selected=b.households_selected,
            persons_selected=b.persons_selected,
            rejected=b.rejected,
            villages_paired=sum(1 for u in self.village_unit if u is not None) if paired else None,
            households_paired=households_paired if paired else None,
            max_load=self.max_load if paired else None,
            assessments=tuple(assessments),
            settlement_passed=settlement.column("passed")[0].as_py(),
            settlement_share=settlement.column("share")[0].as_py(),
            counties_settled=count_true(pc.fill_null(counties.column("passed"), False)),
            counties=counties.num_rows,
            escalations=dict(self.escalations),
            counties_triggered=dict(self.triggered),
            follow_up_villages=count_true(pc.greater(follow.column("households_followed"), 0)),
            follow_up_relapsed=count_true(pc.greater(follow.column("households_relapsed"), 0)),
            notes=tuple(self.notes),
        )

    # ------------------------------------------------------------------ explanations
    def _household_history(self, i: int) -> HouseholdIncomeHistory:
        return HouseholdIncomeHistory(
            household_id=self.poor_ids[i],
            village_id=self.f.village_ids[self.f.household_village[self.poor[i]]],
            members=int(self.f.members[self.poor[i]]),
            income_by_year={y: Decimal(int(self.income[y][i])).scaleb(-2) for y in self.years},
            has_labour_capacity=bool(self.f.labour[self.poor[i]]),
        )

    def _village_history(self, i: int) -> VillageIncomeHistory:
        county = str(self.f.village_county[self.key[i]])
        return VillageIncomeHistory(
            village_id=self.key_ids[i],
            county_id="" if county == _NO_COUNTY else county,
            collective_income_by_year={
                y: Decimal(int(self.collective[y][i])).scaleb(-2) for y in self.years
            },
            per_capita_income_by_year={
                y: Decimal(int(self.village_pc[y][i])).scaleb(-2) for y in self.years
            },
        )

    def _find(self, ids: list[str], subject_id: str, what: str) -> int:
        try:
            return ids.index(subject_id)
        except ValueError:
            raise UnknownReferenceError(
                f"is not one of the run's {what}", field="subject_id", value=subject_id
            ) from None

    def _explain(self, stage: str, subject_id: str, year: int | None) -> Decision:
        from shuangdao.rules import pairing
        from shuangdao.rules.accountability import fail_share_trigger
        from shuangdao.rules.follow_up import follow_up_check
        from shuangdao.rules.settlement import settle_county, settle_round

        if stage == "identification":
            try:
                return self.batch.decision(household_id=subject_id)
            except UnknownReferenceError:
                return self.batch.decision(village_id=subject_id)
        if stage == "pairing":
            on = self.calendar.period_start
            ledgers = [a.ledger for a in (self.assignment, self.scattered) if a is not None]
            if not ledgers:
                raise UnknownReferenceError(
                    "has no pairing: pairing was skipped or failed",
                    field="subject_id",
                    value=subject_id,
                )
            if subject_id in self.key_ids and self.assignment is not None:
                return pairing.check_village_assistance(
                    subject_id, ledger=self.assignment.ledger, on=on, standards=self.s
                )
            self._find(self.poor_ids, subject_id, "poor households")
            for ledger in ledgers:
                if subject_id in ledger.household_villages:
                    return pairing.check_household_responsibility(
                        subject_id, ledger=ledger, on=on, standards=self.s
                    )
            raise UnknownReferenceError(
                "has no pairing: its village's or its county's pairing was skipped or failed",
                field="subject_id",
                value=subject_id,
            )
        years = self.calendar.assessment_years
        if stage in ("exit", "assessment", "accountability") and (
            year is None or year not in years
        ):
            raise UnknownReferenceError(
                f"must be an assessment year of round {self.number} {years}",
                field="year",
                value=year,
            )
        if stage == "exit":
            i = self._find(self.poor_ids, subject_id, "poor households")
            h = self._household_history(i)
            return household_exit(
                h.household_id,
                members=h.members,
                income_by_year=h.income_by_year,
                round=self.number,
                year=year,  # type: ignore[arg-type]
                standards=self.s,
            )
        if stage == "assessment":
            self._find(self.key_ids, subject_id, "villages")
            return assess(
                subject_id,
                self.results[subject_id, year],  # type: ignore[index]
                model=self.scoring,
                year=year,  # type: ignore[arg-type]
                standards=self.s,
            )
        if stage == "accountability":
            if subject_id not in self.records:
                raise UnknownReferenceError(
                    "is not a county of the run", field="subject_id", value=subject_id
                )
            record = self.records[subject_id][years.index(year)]
            return fail_share_trigger(
                record.body_id,
                assessment_number=record.assessment_number,
                failed=record.failed,
                total=record.total,
                standards=self.s,
            )
        if stage == "settlement":
            if subject_id == "round":
                villages = [self._village_history(i) for i in range(len(self.key))]
                households = [self._household_history(i) for i in range(len(self.poor))]
                return settle_round(
                    self.number, villages=villages, households=households, standards=self.s
                )
            v_county = self.f.village_county[self.key]
            h_county = self.f.village_county[self.f.household_village[self.poor]]
            if subject_id not in set(v_county.tolist()) | set(h_county.tolist()):
                raise UnknownReferenceError(
                    "is not a county of the run", field="subject_id", value=subject_id
                )
            villages = [
                self._village_history(int(i)) for i in np.flatnonzero(v_county == subject_id)
            ]
            households = [
                self._household_history(int(i)) for i in np.flatnonzero(h_county == subject_id)
            ]
            return settle_county(
                "" if subject_id == _NO_COUNTY else subject_id,
                villages=villages,
                households=households,
                round=self.number,
                standards=self.s,
            )
        # follow_up
        v = self._find(self.key_ids, subject_id, "villages")
        settled_year = self.calendar.settlement_income_year
        exited = [
            self._household_history(int(i))
            for i in np.flatnonzero((self.poor_village == v) & self.exited[settled_year])
        ]
        unit = self.village_unit[v] or "unpaired"
        exited = [
            attrs.evolve(
                h,
                income_by_year={
                    y: a
                    for y, a in h.income_by_year.items()
                    if y < self.calendar.follow_up.last_day.year
                },
            )
            for h in exited
        ]
        return follow_up_check(
            subject_id,
            exited_households=exited,
            following_unit_id=unit,
            original_unit_id=unit,
            on=self.calendar.follow_up.last_day,
            round=self.number,
            standards=self.s,
        )


def _arrow_table(value: Any) -> pa.Table | None:
    """``value`` as an Arrow table (a path, an Arrow table, a pandas or polars frame), or None."""
    if value is None:
        return None
    if isinstance(value, str | Path):
        value = _read_table(value)
    if isinstance(value, pa.Table):
        return value
    to_arrow = getattr(value, "to_arrow", None)
    if callable(to_arrow):
        table = to_arrow()
        return table if isinstance(table, pa.Table) else None
    if type(value).__module__.startswith("pandas"):
        return pa.Table.from_pandas(value, preserve_index=False)
    return None


def _joined(catalogue: Sequence[str], draw: np.ndarray[Any, Any]) -> pa.Array:
    """Measure names of each row of ``draw`` joined with ``+`` (a string array)."""
    n = draw.shape[0]
    if draw.shape[1] == 0 or not catalogue:
        return pa.array([""] * n, pa.string())
    names = pa.array(list(catalogue), pa.string())
    parts = [names.take(pa.array(draw[:, j], pa.int64())) for j in range(draw.shape[1])]
    if len(parts) == 1:
        return parts[0]
    return pc.binary_join_element_wise(*parts, "+")


def _income_year(number: int) -> int:
    from shuangdao.synth import ROUND_INCOME_YEAR

    return int(ROUND_INCOME_YEAR[number])


def _half_up_div(num: np.ndarray[Any, Any], den: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """``num / den`` rounded half up, for non-negative integer arrays."""
    return np.asarray((2 * num + den) // (2 * den), dtype=np.int64)
